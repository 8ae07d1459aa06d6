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


class Records:
    """A list of JSON objects with the same keys, given as ``fields`` and one tuple of values per row:
    written as that list of dicts would be, without building them (validation findings)."""

    __slots__ = ("fields", "rows")

    def __init__(self, fields: tuple[str, ...], rows: list[tuple]):
        if len(set(fields)) != len(fields):
            raise ValueError(f"fields named twice: {fields}")
        self.fields, self.rows = fields, rows


def indented_json(document: object, indent: int = 2) -> str:
    """The text ``json.dumps(document, indent=indent, ensure_ascii=False)`` gives."""
    parts: list[str] = []
    _write(document, parts, "\n", " " * indent)
    return "".join(parts)


def _write(value: object, parts: list[str], newline: str, step: str) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, Records):
        _write_records(value, parts, newline, step)
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


def _write_records(records: Records, parts: list[str], newline: str, step: str) -> None:
    """A list of flat objects in one join: 2.2 s -> 0.3 s for the 108,000 findings of a 1M-triple validation."""
    if not records.rows:
        parts.append("[]")
        return
    inner, innermost = newline + step, newline + step + step
    keys = [_key(key) + ": " for key in records.fields]
    opening, between = ("{" + innermost, "," + innermost) if keys else ("{", "")
    closing = inner + "}" if keys else "}"
    parts.append("[" + inner + ("," + inner).join(
        opening + between.join(key + (encode_basestring(item) if type(item) is str else  # the common case inline
                                      _value(item, innermost, step)) for key, item in zip(keys, row, strict=True))
        + closing for row in records.rows) + newline + "]")


def _value(value: object, newline: str, step: str) -> str:
    parts: list[str] = []
    _write(value, parts, newline, step)
    return "".join(parts)


def _key(key: object) -> str:
    """A dict key as the standard library writes it: other scalars become their JSON text, quoted."""
    if not isinstance(key, str):
        key = next(iter(json.loads(json.dumps({key: 0}))))
    return encode_basestring(key)
