"""A start-up fast path for the main job, `il7onto query NAME [--param K=V ...] [--format F]`.

Importing click costs about twice the whole query, so the common forms of `il7onto query` are
parsed here with no CLI framework; anything else (help, --file, --endpoint, a malformed option)
returns None and the click command handles it. tests/cli/test_fastpath.py checks that both paths give
the same output and exit code.
"""

from __future__ import annotations

import sys

from ..core import errors
from ..sparql.engine import LOCAL_ENGINES
from ..sparql.results import FORMATS


def _parse(args: list[str]) -> tuple[str, list[str], str, str] | None:
    name, params, fmt, engine = None, [], "table", "oxigraph"
    tokens = iter(args)
    for token in tokens:
        option, eq, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        if option in ("--param", "-p", "--format", "--engine"):
            value = inline if eq else next(tokens, None)
            if value is None:
                return None
            if option in ("--param", "-p"):
                params.append(value)
            elif option == "--format" and value in FORMATS:
                fmt = value
            elif option == "--engine" and value in LOCAL_ENGINES:
                engine = value
            else:
                return None
        elif token.startswith("-") or name is not None:
            return None
        else:
            name = token
    return (name, params, fmt, engine) if name else None


def answer(args: list[str]) -> int | None:
    """Answer a packaged query and return the exit code, or None if this form is not handled here."""
    parsed = _parse(args)
    if parsed is None:
        return None
    name, pairs, fmt, engine = parsed
    try:
        from .params import parse_params
        from ..sparql.queries import run
        from ..sparql.results import render, terminal_width
        from ..core.stdout import emit

        emit(render(run(name, engine=engine, **parse_params(pairs)), fmt, width=terminal_width()))
    except errors.Il7ontoError as exc:
        from ..core.terminal import say

        say(f"il7onto: error: {exc}")
        return exc.exit_code
    except BrokenPipeError:
        return errors.OK
    except KeyboardInterrupt:
        sys.stderr.write("il7onto: interrupted\n")
        return errors.INTERRUPTED
    return errors.OK
