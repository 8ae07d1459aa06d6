"""``json.dumps(document, indent=2, ensure_ascii=False)``, byte for byte, at the C encoder's speed.

Python's JSON encoder falls back to pure Python whenever ``indent`` is set: for the 108,000 findings
of a 1M-triple validation that took 4.5 s of a 32-s run (bench/RESULTS.md). Here containers are laid
out in Python and every string goes through the C-accelerated ``encode_basestring``; anything else
scalar goes through ``json.dumps`` itself, so the output cannot drift from the standard library's
(tests/core/test_jsontext.py compares them on generated documents).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


def indented_json(document: object, indent: int = 2) -> str:
    """The text ``json.dumps(document, indent=indent, ensure_ascii=False)`` gives."""
    parts: list[str] = []
    _write(document, parts, "\n", " " * indent)
    return "".join(parts)


def _write(value: object, parts: list[str], newline: str, step: str) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif isinstance(value, (dict, list, tuple)):
        is_dict = isinstance(value, dict)
        opening, closing = ("{", "}") if is_dict else ("[", "]")
        if not value:
            parts.append(opening + closing)
            return
        inner = newline + step
        separator = opening + inner
        for item in value.items() if is_dict else value:
            parts.append(separator)
            if is_dict:
                key, item = item
                parts.append(_key(key) + ": ")
            _write(item, parts, inner, step)
            separator = "," + inner
        parts.append(newline + closing)
    else:  # numbers and booleans, exactly as the standard library writes them (or its TypeError)
        parts.append(json.dumps(value, ensure_ascii=False))


def _key(key: object) -> str:
    """A dict key as the standard library writes it: other scalars become their JSON text, quoted."""
    if not isinstance(key, str):
        key = next(iter(json.loads(json.dumps({key: 0}))))
    return encode_basestring(key)
