"""The one safe reader for users' RDF files: never touches the network or other local files.

Refused (``UnsafeInputError``, exit 4): RDF/XML with a DOCTYPE or ENTITY declaration, JSON-LD whose
``@context`` / ``@import`` is anything but an inline object (remote, ``file:`` or relative), and any
``owl:imports`` (imports are never resolved: merge the imported file explicitly instead).
Unreadable or unparseable files raise ``InputError`` (exit 3) naming file, line and column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, UnsafeInputError

if TYPE_CHECKING:
    import rdflib

MAX_BYTES = 50 * 1024 * 1024

# canonical name -> (rdflib format, pyoxigraph format attribute)
FORMATS = {
    "turtle": ("turtle", "TURTLE"),
    "ntriples": ("nt", "N_TRIPLES"),
    "rdfxml": ("xml", "RDF_XML"),
    "jsonld": ("json-ld", "JSON_LD"),
}
_ALIASES = {
    "ttl": "turtle", "turtle": "turtle",
    "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "xml": "rdfxml", "rdf": "rdfxml", "owl": "rdfxml", "rdfxml": "rdfxml", "rdf/xml": "rdfxml", "rdf-xml": "rdfxml",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
}
_XML_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


def format_of(path: Path, input_format: str | None = None) -> str:
    """The canonical format name for ``path`` (from ``input_format`` or the file extension)."""
    key = (input_format or path.suffix.lstrip(".")).lower()
    if key not in _ALIASES:
        what = f"input format {input_format!r}" if input_format else f"file extension {path.suffix!r}"
        raise InputError(f"{path}: unknown {what}; use --input-format turtle, ntriples, rdfxml or jsonld")
    return _ALIASES[key]


def read_rdf(path, input_format: str | None = None) -> "rdflib.Graph":
    """Parse one user file into a new rdflib ``Graph``, refusing anything that could fetch or include."""
    import rdflib

    path = Path(path)
    fmt = format_of(path, input_format)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: larger than the {MAX_BYTES // 2**20} MiB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if fmt == "rdfxml" and _XML_DECL.search(data):
        raise UnsafeInputError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entities can read files or the network)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    if fmt == "jsonld":
        _check_jsonld(path, text)
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format=FORMATS[fmt][0], publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - every parser error becomes one located InputError
        raise InputError(f"{_location(path, text, fmt, exc)}: syntax error: {_reason(exc)}") from None
    if (None, rdflib.URIRef(OWL_IMPORTS), None) in graph:
        raise UnsafeInputError(f"{path}: owl:imports is refused (imports are never resolved); "
                               "remove it and pass the imported file as another argument")
    return graph


def _check_jsonld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: syntax error: {exc.msg}") from None

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    _check_context(path, key, value)
                walk(value)

    walk(document)


def _check_context(path: Path, key: str, value) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if key == "@context" and (item is None or isinstance(item, dict)):
            continue
        raise UnsafeInputError(f"{path}: JSON-LD {key} {json.dumps(item)[:80]} is refused: "
                               "only inline @context objects are allowed (no remote, file or relative contexts)")


def _location(path: Path, text: str, fmt: str, exc: Exception) -> str:
    """``file:line:column`` as precisely as the parsers tell."""
    if hasattr(exc, "getLineNumber"):  # xml.sax
        return f"{path}:{exc.getLineNumber()}:{exc.getColumnNumber() + 1}"
    try:
        import pyoxigraph

        list(pyoxigraph.parse(text, format=getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])))
    except SyntaxError as oxi:
        if oxi.lineno:
            return f"{path}:{oxi.lineno}:{oxi.offset or 1}"
    except Exception:  # noqa: BLE001 - location is best effort
        pass
    line = getattr(exc, "lines", None)
    return f"{path}:{line}" if isinstance(line, int) else str(path)


def _reason(exc: Exception) -> str:
    message = (getattr(exc, "_why", None) or getattr(exc, "message", None)
               or (exc.getMessage() if hasattr(exc, "getMessage") else None))
    message = str(message or exc).strip().splitlines()
    return message[0][:200] if message else type(exc).__name__
