"""The `il7onto` command line: a thin layer over the Python API.

Subcommands are imported only when invoked, so `il7onto query ...` does not pay for rdflib,
pyshacl or owlready2. Every error becomes one line on stderr and a documented exit code.
"""

from __future__ import annotations

import importlib
import io
import sys

import click

from .. import __version__
from ..core import errors, signals
from ..core.terminal import say

# name -> "module:attribute" of a click command, imported on first use.
_COMMANDS = {
    "info": "il7onto.cli.info:info",
    "queries": "il7onto.cli.query:queries",
    "query": "il7onto.cli.query:query",
    "validate": "il7onto.cli.validate:validate",
    "reason": "il7onto.cli.validate:reason",
    "export": "il7onto.cli.export:export",
    "load": "il7onto.cli.export:load",
    "serve": "il7onto.cli.serve:serve",
    "docs": "il7onto.cli.docs:docs",
    "diagram": "il7onto.cli.docs:diagram",
}


class LazyGroup(click.Group):
    """A click group whose subcommands live in modules imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = _COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:
    """il7onto: the IL-7 review as an aligned, sourced OWL ontology.

    Exit codes: 0 success; 1 data does not conform; 2 usage error; 3 input error;
    4 refused as unsafe; 5 triple store or network error; 70 internal error; 130 interrupted.
    """
    # --debug is read by main() from the raw arguments, so that errors while parsing honour it too


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises).

    Every line it prints on stderr goes through :func:`il7onto.core.terminal.say` (one sanitised line).
    """
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    signals.install()
    _quiet_library_loggers()
    try:
        result = cli.main(args=args, prog_name="il7onto", standalone_mode=False)
        return result if isinstance(result, int) else errors.OK
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as exc:  # usage errors: bad flag, missing argument ...
        shown = io.StringIO()
        exc.show(file=shown)
        for line in shown.getvalue().rstrip("\n").split("\n"):
            say(line)
        return errors.USAGE if isinstance(exc, click.UsageError) else exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        say("il7onto: interrupted")
        return errors.INTERRUPTED
    except errors.Il7ontoError as exc:
        if debug:
            raise
        say(f"il7onto: error: {exc}")
        return exc.exit_code
    except BrokenPipeError:
        return errors.OK
    except RecursionError:
        if debug:
            raise
        say("il7onto: error: input nested too deeply to process (Python's recursion limit)")
        return errors.INPUT
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 70
        if debug:
            raise
        say(f"il7onto: internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)")
        return errors.INTERNAL


def _quiet_library_loggers() -> None:
    """rdflib and pyshacl log warnings (with tracebacks) through Python's last-resort handler;
    il7onto reports every problem itself, as one line, so their records are dropped."""
    import logging

    for name in ("rdflib", "pyshacl", "owlready2"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
