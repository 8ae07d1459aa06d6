"""Write query answers: a terminal table, the W3C SPARQL 1.1 results formats, or RDF."""

from __future__ import annotations

from .engine import Result, Triples
from ..core.errors import UsageError
from ..core.namespaces import curie_quick as curie  # the cold query path; same answers as namespaces.curie

TYPE_CHECKING = False  # typing stays off the cold query path
if TYPE_CHECKING:
    from .engine import Answer

FORMATS = ("table", "csv", "tsv", "json", "xml")  # for SELECT and ASK answers
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_MEDIA = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/sparql-results+json",
          "xml": "application/sparql-results+xml"}


def render(result: Answer, fmt: str, width: int | None = None) -> str:
    """Render an answer: SELECT and ASK in one of :data:`FORMATS` (an ASK table is ``true`` or
    ``false``), CONSTRUCT / DESCRIBE triples in one of the export formats
    (:data:`il7onto.publish.export.RDF_FORMATS`; ``table`` means turtle). ``width`` fits a table to it."""
    if isinstance(result, Triples):
        return graph_text(result, "turtle" if fmt == "table" else fmt)
    if fmt not in FORMATS:
        kind = "an ASK answer" if isinstance(result, bool) else "SELECT rows"
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; {kind} can be written as "
                         f"{', '.join(FORMATS)}")
    if fmt == "table":
        return ("true" if result else "false") + "\n" if isinstance(result, bool) else table(result, width)
    return w3c(result, fmt)


def w3c(result: Result | bool, fmt: str) -> str:
    """The W3C SPARQL 1.1 results format ``fmt`` (csv, tsv, json, xml), written by pyoxigraph.

    The answer goes to pyoxigraph's results parser as SPARQL JSON and comes out of its serialiser,
    so every backend's rows (pyoxigraph, rdflib, a remote store) are written by the same library.
    """
    import pyoxigraph

    solutions = pyoxigraph.parse_query_results(_json_bytes(result), format=pyoxigraph.QueryResultsFormat.JSON)
    data = solutions.serialize(format=pyoxigraph.QueryResultsFormat.from_media_type(_MEDIA[fmt])) or b""
    return data.decode("utf-8") + ("" if data.endswith(b"\n") else "\n")


def _json_bytes(result: Result | bool) -> bytes:
    """SPARQL 1.1 Query Results JSON, only as the bridge into pyoxigraph's serialisers."""
    import json

    if isinstance(result, bool):
        document: dict = {"head": {}, "boolean": result}
    else:
        bindings = [{var: _json_term(term) for var, term in zip(result.variables, row) if term is not None}
                    for row in result.rows]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_term(term) -> dict[str, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    encoded = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        encoded["datatype"] = term.datatype.value
    return encoded


def graph_text(triples: Triples, fmt: str) -> str:
    """CONSTRUCT / DESCRIBE triples in an export format, by the export's own deterministic writers."""
    import pyoxigraph
    import rdflib

    from ..publish.export import RDF_FORMATS, render as export_render

    if fmt not in RDF_FORMATS:
        raise UsageError(f"CONSTRUCT and DESCRIBE give RDF: choose --format {', '.join(RDF_FORMATS)} (not {fmt})")
    graph = rdflib.Graph()
    ntriples = pyoxigraph.serialize(list(triples), format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=ntriples.decode("utf-8"), format="nt")
    return export_render(fmt, graph)


def terminal_width() -> int | None:
    """The terminal's width when standard output is one (``COLUMNS`` overrides it), else None:
    piped and redirected tables keep their full cells."""
    import sys

    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    import shutil  # only for a terminal: ~3 ms at start-up

    return shutil.get_terminal_size().columns


_MIN_COLUMN = 6  # a squeezed column keeps at least this many characters (or its header's length)


def table(result: Result, width: int | None = None) -> str:
    """An aligned plain-text table; IRIs shown as CURIEs. Given a ``width``, the widest columns are
    narrowed until a line fits (each keeps its header or at least 6 characters) and longer cells end
    in an ellipsis; line breaks in cells become spaces."""
    import pyoxigraph

    cells = [[("" if t is None else curie(t.value) if isinstance(t, pyoxigraph.NamedNode) else t.value)
              for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    if width is not None:
        widths = _fit(widths, [max(len(h), _MIN_COLUMN) for h in header], width)
        cells = [[_clip(value, w) for value, w in zip(row, widths)] for row in cells]

    def line(values):
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(widths: list[int], minimums: list[int], width: int) -> list[int]:
    """Column widths narrowed, widest first, until the line (2 spaces between columns) fits."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > minimums[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
        excess -= 1
    return widths


def _clip(value: str, width: int) -> str:
    value = " ".join(value.splitlines()) if "\n" in value or "\r" in value else value
    return value if len(value) <= width else value[: width - 1] + "\u2026"
