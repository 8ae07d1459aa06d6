"""One-line SPARQL syntax errors: position, the token there, and a short reason.

pyoxigraph (the default engine) reports the furthest position its parser reached, sometimes with a
list of Unicode ranges, and names some other expected keyword for an undeclared prefix; rdflib's
parser gives a second opinion where that helps (parsing only: nothing is evaluated or fetched).
"""

from __future__ import annotations

import re

from ..core.errors import InputError

_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)
_UNDECLARED = re.compile(r"Unknown namespace prefix : (\S*)")
_EXPLAIN_LIMIT = 100_000  # characters: longer texts get pyoxigraph's position alone


def undeclared_prefix(message: str, position: str) -> InputError | None:
    """The error for rdflib's "Unknown namespace prefix" ``message``; None for any other message."""
    found = _UNDECLARED.search(message)
    if found is None:
        return None
    prefix = found.group(1)
    return InputError(f"SPARQL syntax error{position}: undeclared prefix '{prefix}:' "
                      f"(add PREFIX {prefix}: <IRI>, or use one of the ontology's prefixes)")


def explain(query: str, prefixes: dict[str, str] | None, message: str) -> InputError:
    """One line for pyoxigraph's syntax error ``message``. pyoxigraph names the furthest position its
    parser reached (often past the mistake), sometimes with a list of Unicode ranges, and some other
    expected keyword for an undeclared prefix; rdflib's parser, asked for a second opinion, is
    preferred when it stops earlier, when pyoxigraph's reason is unreadable, and for prefixes."""
    match = _POSITION.match(message)
    if match is None:
        return InputError(f"SPARQL syntax error: {message.splitlines()[0]}")
    line, column, reason = int(match.group(1)), int(match.group(2)), match.group(3)
    if len(query) <= _EXPLAIN_LIMIT:
        try:
            from pyparsing import ParseException
            from rdflib.plugins.sparql.processor import prepareQuery

            try:
                prepareQuery(query, initNs=prefixes or {})
            except ParseException as exc:
                if _unhelpful(reason) or (exc.lineno, exc.col) < (line, column):
                    return syntax_error(query, exc.lineno, exc.col, exc.msg)
        except Exception as exc:  # noqa: BLE001 - only a second opinion: fall back to pyoxigraph's
            error = undeclared_prefix(str(exc), f" near {line}:{column}")
            if error is not None:
                return error
    return syntax_error(query, line, column, reason)


def _unhelpful(reason: str) -> bool:
    return not reason.strip() or "\\u{" in reason or "\n" in reason.strip() or len(reason) > 100


def syntax_error(query: str, line: int, column: int, reason: str) -> InputError:
    """One line for a SPARQL syntax error: position, the offending token, and a short reason
    (engines' lists of expected Unicode ranges are dropped)."""
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    start = column - 1
    while 0 < start <= len(text) and not text[start - 1].isspace():  # the whole word the column is in
        start -= 1
    rest = text[start:]
    token = rest.split()[0] if rest.split() else ""
    if not token and line < len(lines):
        token = next((text.split()[0] for text in lines[line:] if text.split()), "")
    near = f"near {token[:40]!r}" if token else "at the end of the query"
    if "Prefix not found" in reason or "prefix not found" in reason.lower():
        reason = f"undeclared prefix {token.split(':')[0]!r}:" if ":" in token else "undeclared prefix"
    else:
        reason = "unexpected token" if _unhelpful(reason) else reason.strip()
    return InputError(f"SPARQL syntax error at {line}:{column} {near}: {reason}")
