"""The one safe reader for users' RDF files: never touches the network or other local files.

Refused (``UnsafeInputError``, exit 4): RDF/XML with a DOCTYPE or ENTITY declaration, JSON-LD whose
``@context`` / ``@import`` is anything but an inline object (remote, ``file:`` or relative), and any
``owl:imports`` (imports are never resolved: merge the imported file explicitly instead).
Unreadable or unparseable files raise ``InputError`` (exit 3) naming file, line and column.

Two readers share these checks: :func:`read_rdf` (an rdflib ``Graph``; every format; used by the
pyshacl engine) and :func:`load_into_store` (straight into a pyoxigraph ``Store``: Turtle, N-Triples,
N-Quads and RDF/XML are parsed by pyoxigraph, JSON-LD goes through :func:`read_rdf` and is copied).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, UnsafeInputError

if TYPE_CHECKING:
    import rdflib

MAX_BYTES = 50 * 1024 * 1024  # rdflib holds a parsed file in Python objects: ~1 GB per 50 MB of N-Triples
MAX_STORE_BYTES = 2 * 1024 * 1024 * 1024  # pyoxigraph's in-memory store is compact (1M triples ~ 120 MB of N-Triples)
LIMIT_FLAG = "--max-input-mb"


MAX_DISK_BYTES: int | None = None  # an on-disk store has no default limit; --max-input-mb sets one


def set_max_input_mb(megabytes: int | None) -> None:
    """Raise (or lower) the size limits for users' files, as the ``--max-input-mb`` option does."""
    global MAX_BYTES, MAX_STORE_BYTES, MAX_DISK_BYTES
    if megabytes is not None:
        MAX_BYTES = MAX_STORE_BYTES = MAX_DISK_BYTES = megabytes * 1024 * 1024


def _too_large(path: Path, limit: int) -> InputError:
    return InputError(f"{path}: larger than the {limit // 2**20} MiB limit for this reader; "
                      f"raise it with {LIMIT_FLAG} N if you have the memory")

# canonical name -> (rdflib format, pyoxigraph format attribute)
FORMATS = {
    "turtle": ("turtle", "TURTLE"),
    "ntriples": ("nt", "N_TRIPLES"),
    "rdfxml": ("xml", "RDF_XML"),
    "jsonld": ("json-ld", "JSON_LD"),
    "nquads": ("nquads", "N_QUADS"),
}
_ALIASES = {
    "ttl": "turtle", "turtle": "turtle",
    "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "xml": "rdfxml", "rdf": "rdfxml", "owl": "rdfxml", "rdfxml": "rdfxml", "rdf/xml": "rdfxml", "rdf-xml": "rdfxml",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
    "nq": "nquads", "nquads": "nquads", "n-quads": "nquads",
}
_XML_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


def format_of(path: Path, input_format: str | None = None) -> str:
    """The canonical format name for ``path`` (from ``input_format`` or the file extension)."""
    key = (input_format or path.suffix.lstrip(".")).lower()
    if key not in _ALIASES:
        what = f"input format {input_format!r}" if input_format else f"file extension {path.suffix!r}"
        raise InputError(f"{path}: unknown {what}; use --input-format turtle, ntriples, nquads, rdfxml or jsonld")
    return _ALIASES[key]


def read_rdf(path, input_format: str | None = None) -> "rdflib.Graph":
    """Parse one user file into a new rdflib ``Graph``, refusing anything that could fetch or include."""
    import rdflib

    path = Path(path)
    fmt = format_of(path, input_format)
    data, text = _read_checked(path, fmt, MAX_BYTES)  # read at call time: --max-input-mb may have changed it
    if fmt == "jsonld":
        _check_jsonld(path, text)
    graph = rdflib.Graph()
    try:
        if fmt == "nquads":  # rdflib reads quads into a Dataset; the graphs are merged, as pyoxigraph's path does
            dataset = rdflib.Dataset()
            dataset.parse(data=text, format="nquads", publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=FORMATS[fmt][0], publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - every parser error becomes one located InputError
        raise InputError(f"{_location(path, text, fmt, exc)}: syntax error: {_reason(exc)}") from None
    if (None, rdflib.URIRef(OWL_IMPORTS), None) in graph:
        raise _imports_refused(path)
    return graph


def _read_checked(path: Path, fmt: str, limit: int) -> tuple[bytes, str]:
    """The file's bytes and text, after the size, DOCTYPE/ENTITY and UTF-8 checks."""
    try:
        if path.stat().st_size > limit:
            raise _too_large(path, limit)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if fmt == "rdfxml" and _XML_DECL.search(data):
        raise _declarations_refused(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    return data, text


_IMPORTS_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{OWL_IMPORTS}> ?o }}"


def load_into_store(store, path, input_format: str | None = None, *, on_disk: bool = False) -> None:
    """Check one user file and add its triples to the default graph of a pyoxigraph ``store``.

    ``on_disk``: the store lives on disk (:func:`il7onto.validation.validate` with ``store_dir``):
    the file goes through pyoxigraph's bulk loader (memory bounded, not transactional) and only a
    size limit set with ``--max-input-mb`` applies.

    The same refusals as :func:`read_rdf`: a textual pre-scan refuses DOCTYPE/ENTITY in RDF/XML
    before any parsing, JSON-LD is read by :func:`read_rdf` (its context checks) and copied, and
    ``owl:imports`` is refused after loading (the caller must then discard the store). Syntax errors
    raise ``InputError`` with ``file:line:column`` from pyoxigraph's ``SyntaxError``.
    """
    import pyoxigraph

    path = Path(path)
    fmt = format_of(path, input_format)
    if fmt == "jsonld":
        add_graph(store, read_rdf(path, fmt))
        return
    _check_file(path, fmt, (MAX_DISK_BYTES or float("inf")) if on_disk else MAX_STORE_BYTES)
    before = int(next(iter(store.query(_IMPORTS_COUNT)))["n"].value)
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])
    base = path.resolve().as_uri()
    try:
        if fmt == "nquads":  # named graphs are merged into the default graph, as for every other format
            quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object)
                     for q in pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base))
            store.bulk_extend(quads) if on_disk else store.extend(quads)
        elif on_disk:
            store.bulk_load(path=str(path), format=rdf_format, base_iri=base)
        else:
            store.load(path=str(path), format=rdf_format, base_iri=base)
    except SyntaxError as exc:
        raise _syntax_error(path, fmt, exc) from None
    if int(next(iter(store.query(_IMPORTS_COUNT)))["n"].value) > before:
        raise _imports_refused(path)


def add_graph(store, graph: "rdflib.Graph") -> None:
    """Add the triples of an rdflib ``graph`` to the default graph of a pyoxigraph ``store``."""
    import pyoxigraph

    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)


def write_ntriples(path, out, input_format: str | None = None) -> int:
    """Check one user file and stream its triples to the text stream ``out`` as N-Triples.

    Memory stays flat whatever the file's size: Turtle, N-Triples, N-Quads (graphs merged) and
    RDF/XML are parsed incrementally by pyoxigraph; JSON-LD goes through :func:`read_rdf`. The
    refusals of :func:`read_rdf` apply (DOCTYPE/ENTITY in RDF/XML, non-inline JSON-LD contexts,
    ``owl:imports``). A graph is a set: repeated triples are written once (a set of 8-byte line
    digests, ~70 MB per million triples). Returns the number of triples written.
    """
    from hashlib import blake2b

    import pyoxigraph

    path = Path(path)
    fmt = format_of(path, input_format)
    if fmt == "jsonld":
        text = read_rdf(path, fmt).serialize(format="nt", encoding="utf-8").decode("utf-8")
        out.write(text)
        return sum(1 for line in text.splitlines() if line.strip())
    _check_file(path, fmt, MAX_STORE_BYTES)
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])
    seen: set[bytes] = set()
    try:
        for statement in pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri()):
            if statement.predicate.value == OWL_IMPORTS:
                raise _imports_refused(path)
            line = f"{statement.subject} {statement.predicate} {statement.object} .\n"
            digest = blake2b(line.encode("utf-8"), digest_size=8).digest()
            if digest not in seen:
                seen.add(digest)
                out.write(line)
    except SyntaxError as exc:
        raise _syntax_error(path, fmt, exc) from None
    return len(seen)


def _check_file(path: Path, fmt: str, limit: int) -> None:
    """Refuse a file pyoxigraph is about to read from disk: unreadable, over ``limit`` bytes, or
    RDF/XML with a DOCTYPE/ENTITY declaration (scanned in chunks, never read whole)."""
    try:
        size = path.stat().st_size
        if size <= limit and fmt == "rdfxml":
            _scan_for_declarations(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise _too_large(path, limit)


def _syntax_error(path: Path, fmt: str, exc: SyntaxError) -> InputError:
    """pyoxigraph's SyntaxError as one located InputError (RDF/XML positions found by re-reading)."""
    data = path.read_bytes() if fmt == "rdfxml" and not exc.lineno else b""
    return InputError(f"{_oxi_location(path, data, fmt, exc)}: syntax error: {_oxi_reason(exc)}")


def _scan_for_declarations(path: Path, chunk: int = 1 << 20) -> None:
    """Refuse RDF/XML holding a DOCTYPE or ENTITY declaration, reading the file in chunks."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            if _XML_DECL.search(tail + block):
                raise _declarations_refused(path)
            tail = block[-32:]


def _imports_refused(path: Path) -> UnsafeInputError:
    return UnsafeInputError(f"{path}: owl:imports is refused (imports are never resolved); "
                            "remove it and pass the imported file as another argument")


def _declarations_refused(path: Path) -> UnsafeInputError:
    return UnsafeInputError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                            "(entities can read files or the network)")


def _oxi_location(path: Path, data: bytes, fmt: str, exc: SyntaxError) -> str:
    if exc.lineno:
        return f"{path}:{exc.lineno}:{exc.offset or 1}"
    if fmt == "rdfxml":  # pyoxigraph gives no position for XML errors: ask the (entity-free) SAX parser
        import xml.sax
        from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes

        parser = xml.sax.make_parser()
        parser.setFeature(feature_external_ges, False)
        parser.setFeature(feature_external_pes, False)
        parser.setContentHandler(ContentHandler())
        try:
            import io

            parser.parse(io.BytesIO(data))
        except xml.sax.SAXParseException as sax:
            return f"{path}:{sax.getLineNumber()}:{sax.getColumnNumber() + 1}"
        except Exception:  # noqa: BLE001 - location is best effort
            pass
    return str(path)


def _oxi_reason(exc: SyntaxError) -> str:
    message = str(exc.msg or exc).strip()
    message = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", message)
    return message.splitlines()[0][:200] if message else "SyntaxError"


def _check_jsonld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: syntax error: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply to read (more than ~{sys.getrecursionlimit()} levels)") from None

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
