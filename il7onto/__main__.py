"""`python -m il7onto` runs the command line."""

from .launcher import run

run()
