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

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .input_checks import (_XML_DECL, check_file, check_jsonld, declarations_refused, imports_refused,
                           nul_refused, reason, refuse_owl_xml, require_regular, syntax_error, too_large)

if TYPE_CHECKING:
    import rdflib

MAX_BYTES = 50 * 1024 * 1024  # rdflib holds a parsed file in Python objects: ~1 GB per 50 MB of N-Triples
MAX_STORE_BYTES = 2 * 1024 * 1024 * 1024  # pyoxigraph's in-memory store is compact (1M triples ~ 120 MB of N-Triples)


MAX_DISK_BYTES: int | None = None  # an on-disk store has no default limit; --max-input-mb sets one


def set_max_input_mb(megabytes: int | None) -> None:
    """Raise (or lower) the size limits for users' files, as the ``--max-input-mb`` option does."""
    global MAX_BYTES, MAX_STORE_BYTES, MAX_DISK_BYTES
    if megabytes is not None:
        MAX_BYTES = MAX_STORE_BYTES = MAX_DISK_BYTES = megabytes * 1024 * 1024


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
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


def format_of(path: Path, input_format: str | None = None) -> str:
    """The canonical format name for ``path`` (from ``input_format`` or the file extension)."""
    key = (input_format or path.suffix.lstrip(".")).lower()
    if key not in _ALIASES:
        what = f"input format {input_format!r}" if input_format else f"file extension {path.suffix!r}"
        raise InputError(f"{path}: unknown {what}; use --input-format turtle, ntriples, nquads, rdfxml or jsonld")
    return _ALIASES[key]


def read_rdf(path, input_format: str | None = None) -> "rdflib.Graph":
    """Parse one user file into a new rdflib ``Graph``, refusing anything that could fetch or include.

    Turtle, N-Triples, N-Quads and RDF/XML are parsed by pyoxigraph (the strict parser the default
    engine uses: both engines accept and refuse the same files and see the same triples) and
    handed to rdflib as N-Triples; JSON-LD is parsed by rdflib after the context checks.
    """
    import rdflib

    path = Path(path)
    fmt = format_of(path, input_format)
    data, text = _read_checked(path, fmt, MAX_BYTES)  # read at call time: --max-input-mb may have changed it
    graph = rdflib.Graph()
    if fmt != "jsonld":
        import pyoxigraph

        quads = _parse_quads(path, fmt, pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1]),
                                                         base_iri=path.resolve().as_uri()))
        # terms are converted one by one: rdflib's N-Triples parser took over 100 s on a 5 MB literal
        convert = _rdflib_converter()
        for quad in quads:
            graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    else:
        document = check_jsonld(path, text)
        try:
            graph.parse(data=text, format="json-ld", publicID=path.resolve().as_uri())
        except Exception as exc:  # noqa: BLE001 - every parser error becomes one located InputError
            raise InputError(f"{location(path, text, fmt, exc)}: syntax error: {reason(exc)}") from None
        if len(graph) == 0 and _has_plain_keys(document):
            raise InputError(f"{path}: JSON-LD gives no triples: its keys are not mapped to IRIs "
                             "(plain JSON without an @context?)")
    if (None, rdflib.URIRef(OWL_IMPORTS), None) in graph:
        raise imports_refused(path)
    return graph


def _rdflib_converter():
    """A function turning pyoxigraph terms into rdflib terms (IRIs and datatypes cached)."""
    import pyoxigraph
    import rdflib

    iris: dict[str, rdflib.URIRef] = {}

    def iri(value: str) -> rdflib.URIRef:
        term = iris.get(value)
        if term is None:
            term = iris[value] = rdflib.URIRef(value)
        return term

    def convert(term):
        if isinstance(term, pyoxigraph.NamedNode):
            return iri(term.value)
        if isinstance(term, pyoxigraph.BlankNode):
            return rdflib.BNode(term.value)
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else iri(datatype))

    return convert


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _has_plain_keys(document) -> bool:
    """Whether a JSON document has any key that is not a JSON-LD keyword."""
    if isinstance(document, list):
        return any(_has_plain_keys(item) for item in document)
    if isinstance(document, dict):
        return any(not key.startswith("@") or _has_plain_keys(value) for key, value in document.items())
    return False


def _parse_quads(path: Path, fmt: str, quads):
    """The quads of a pyoxigraph parse, with its errors as located InputErrors; N-Quads spread over
    more than one graph are refused (il7onto reads one graph: merging them silently loses which
    statement came from where)."""
    graphs: set = set()
    try:
        for quad in quads:
            if fmt == "nquads" and quad.graph_name not in graphs:
                graphs.add(quad.graph_name)
                if len(graphs) > 1:
                    raise _several_graphs(path)
            if quad.predicate.value == OWL_IMPORTS:
                raise imports_refused(path)
            yield quad
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc) from None
    except MemoryError:
        raise _token_too_long(path) from None


def _several_graphs(path: Path) -> InputError:
    return InputError(f"{path}: N-Quads with statements in more than one graph; il7onto reads one graph "
                      "(split the file per graph, or convert it to N-Triples to merge them on purpose)")


def _token_too_long(path: Path) -> InputError:
    return InputError(f"{path}: a literal or IRI longer than the parser's 16 MiB limit; refused")


def is_empty(path, input_format: str | None = None) -> bool:
    """Whether a user's file (already checked and loaded) holds no triple: empty or comments only."""
    import pyoxigraph

    path = Path(path)
    fmt = format_of(path, input_format)
    if fmt == "jsonld":
        return len(read_rdf(path, fmt)) == 0
    try:
        first = next(iter(pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1]),
                                           base_iri=path.resolve().as_uri())), None)
    except (SyntaxError, MemoryError):
        return False
    return first is None


def _read_checked(path: Path, fmt: str, limit: int) -> tuple[bytes, str]:
    """The file's bytes and text, after the size, DOCTYPE/ENTITY and UTF-8 checks."""
    try:
        require_regular(path)
        if path.stat().st_size > limit:
            raise too_large(path, limit)
        with path.open("rb") as handle:  # read under the cap even if the file grew since stat
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise too_large(path, limit)
    if fmt == "rdfxml" and _XML_DECL.search(data):
        raise declarations_refused(path)
    if b"\0" in data:
        raise nul_refused(path, data, data.index(b"\0"))
    if fmt == "rdfxml":
        refuse_owl_xml(path, data[:65536])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    return data, text


_IMPORTS_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{OWL_IMPORTS}> ?o }}"


def load_into_store(store, path, input_format: str | None = None, *, on_disk: bool = False) -> None:
    """Check one user file and add its triples to the default graph of a pyoxigraph ``store``.

    ``on_disk``: the store lives on disk (:func:`il7onto.validation.validate.validate` with ``store_dir``):
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
    check_file(path, fmt, (MAX_DISK_BYTES or float("inf")) if on_disk else MAX_STORE_BYTES)
    before = int(next(iter(store.query(_IMPORTS_COUNT)))["n"].value)
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])
    base = path.resolve().as_uri()
    try:
        if fmt == "nquads":  # one graph only (see _parse_quads), loaded into the default graph
            quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in _parse_quads(
                path, fmt, pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base)))
            store.bulk_extend(quads) if on_disk else store.extend(quads)
        elif on_disk:
            store.bulk_load(path=str(path), format=rdf_format, base_iri=base)
        else:
            store.load(path=str(path), format=rdf_format, base_iri=base)
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc) from None
    except MemoryError:  # pyoxigraph: "Reached the buffer maximal size of 16777216"
        raise _token_too_long(path) from None
    if int(next(iter(store.query(_IMPORTS_COUNT)))["n"].value) > before:
        raise imports_refused(path)


def add_graph(store, graph: "rdflib.Graph") -> None:
    """Add the triples of an rdflib ``graph`` to the default graph of a pyoxigraph ``store``."""
    import pyoxigraph

    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)


def write_ntriples(path, out, input_format: str | None = None) -> int:
    """Check one user file and stream its triples to the binary stream ``out`` as N-Triples.

    Memory stays flat whatever the file's size: Turtle, N-Triples, N-Quads (graphs merged) and
    RDF/XML are parsed incrementally by pyoxigraph and written by its serialiser; JSON-LD goes
    through :func:`read_rdf`. The refusals of :func:`read_rdf` apply (DOCTYPE/ENTITY in RDF/XML,
    non-inline JSON-LD contexts, ``owl:imports``). Returns the number of distinct triples (a graph is
    a set; counted by their 64-bit hashes, ~60 MB per million triples). Every triple is written,
    repeats included (a store keeps one): a hash collision can only make the count one short,
    which the load's count check reports, never drop a triple.
    """
    import pyoxigraph

    path = Path(path)
    fmt = format_of(path, input_format)
    if fmt == "jsonld":
        text = read_rdf(path, fmt).serialize(format="nt", encoding="utf-8")
        out.write(text)
        return sum(1 for line in text.splitlines() if line.strip())
    check_file(path, fmt, MAX_STORE_BYTES)
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])
    distinct: set[int] = set()

    def triples():
        for quad in _parse_quads(path, fmt, pyoxigraph.parse(path=str(path), format=rdf_format,
                                                             base_iri=path.resolve().as_uri())):
            triple = quad.triple
            distinct.add(hash(triple))
            yield triple

    # pyoxigraph's serialiser instead of a Python loop formatting each line: 5.3 s -> 3.2 s per
    # million triples (bench/RESULTS.md, 'Loading'); its syntax errors surface from _parse_quads
    pyoxigraph.serialize(triples(), output=out, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return len(distinct)


def location(path: Path, text: str, fmt: str, exc: Exception) -> str:
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
