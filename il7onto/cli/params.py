"""Parsing of `--param KEY=VALUE` options, shared by the click command and the fast path."""

from __future__ import annotations

from ..core.errors import UsageError


def parse_params(pairs) -> dict[str, str]:
    """Turn ``KEY=VALUE`` strings into a dict; a usage error for a malformed or repeated key."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {pair!r}: expected KEY=VALUE")
        if key in result:
            raise UsageError(f"--param {key!r} given twice")
        result[key] = value
    return result
