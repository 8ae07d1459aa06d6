"""Console-script entry point: answers `il7onto query ...` without importing the CLI framework."""

from __future__ import annotations

import sys


def run() -> None:
    """Run `il7onto` with the process arguments and exit with its code."""
    args = sys.argv[1:]
    code = None
    try:
        from .core.signals import install

        install()  # SIGTERM / SIGHUP behave like Ctrl-C from here on
        if args[:1] == ["query"]:
            from .cli.fastpath import answer

            code = answer(args[1:])
        if code is None:
            from .cli.main import main

            code = main(args)
    except KeyboardInterrupt:  # Ctrl-C while importing, before main() has its handlers in place
        sys.stderr.write("il7onto: interrupted\n")
        code = 130
    from .core.signals import finished

    finished()  # a SIGTERM during the interpreter's shutdown no longer overrides the exit code
    sys.exit(code)
