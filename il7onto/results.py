"""Write query results as a terminal table or in the W3C SPARQL 1.1 results formats."""

from __future__ import annotations

from .engine import Result
from .namespaces import curie_quick as curie  # the cold query path; same answers as namespaces.curie

FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def render(result: Result, fmt: str) -> str:
    """Render ``result`` in one of :data:`FORMATS`."""
    return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](result)


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    import json

    bindings = []
    for row in result.rows:
        bindings.append({var: _json_term(term) for var, term in zip(result.variables, row) if term is not None})
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


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


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV (lexical values, CRLF line ends)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else term.value for term in row])
    return buffer.getvalue()


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV (terms in N-Triples syntax)."""
    lines = ["\t".join(f"?{var}" for var in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else _tsv_term(term) for term in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal) and not term.language and term.datatype.value == _XSD_STRING:
        return str(pyoxigraph.Literal(term.value))
    return str(term)


def table(result: Result) -> str:
    """An aligned plain-text table; IRIs shown as CURIEs."""
    import pyoxigraph

    cells = [[("" if t is None else curie(t.value) if isinstance(t, pyoxigraph.NamedNode) else t.value)
              for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    def line(values):
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"
