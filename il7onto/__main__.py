"""`python -m il7onto` runs the command line."""

from .cli import run

run()
