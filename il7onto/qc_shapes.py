"""The QC checks (shapes/qc/*.rq) as SHACL-SPARQL shapes at the end of shapes/il7onto-shapes.ttl.

The .rq files are the one source of the QC queries; this module writes them into the shapes graph
(``python -m il7onto.qc_shapes`` rewrites the part after :data:`MARKER`; tests/test_qc_shapes.py
fails when the checked-in file is not current). Each check NAME becomes the shape ``il7sh:qc-NAME``
with the check's severity (ERROR -> sh:Violation, WARN -> sh:Warning, INFO -> sh:Info) whose
``sh:target`` and ``sh:sparql`` are one node, ``il7sh:qc-NAME-query``: a SHACL-AF
``sh:SPARQLTarget`` (the focus nodes are the ``?this`` the query returns, so a clean graph has none)
and a ``sh:SPARQLConstraint`` (``sh:message "{?message}"``; ``?value`` gives ``sh:value``). A SHACL
engine therefore needs SHACL-AF targets (pyshacl: ``advanced=True``) to run them.

il7onto's own engine runs the same queries once, unbound, on pyoxigraph (:func:`il7onto.validation.qc_results`):
the shape's focus nodes are by construction the ``?this`` of the unbound query, and for each focus
node the pre-bound query returns that node's rows, so the results are the same;
:func:`il7onto.shacl_sparql.compile_shapes` skips these shapes by :func:`is_qc_shape`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import rdflib

    from .validation import Check

MARKER = ("# ===========================================================================\n"
          "# QC checks as SHACL-SPARQL (SHACL-AF targets): generated from shapes/qc/*.rq by\n"
          "# `python -m il7onto.qc_shapes`. Do not edit below this line; edit the .rq files.\n"
          "# ===========================================================================\n")
SEVERITY = {"ERROR": "sh:Violation", "WARN": "sh:Warning", "INFO": "sh:Info"}
SHAPES_NS = "https://w3id.org/il7onto/shapes#"


def query_text(check: "Check") -> str:
    """The check's SPARQL without its header comment lines (severity, description, notes)."""
    lines = check.sparql.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _long_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"""' + escaped + '"""'


def global_only(check: "Check") -> bool:
    """A check marked ``# global-only:`` in its header stays out of the shapes graph (run only by il7onto)."""
    return any(line.startswith("# global-only:") for line in check.sparql.splitlines())


def in_shapes(checks: Iterable["Check"]) -> list["Check"]:
    """The checks written into the shapes graph."""
    return [check for check in checks if not global_only(check)]


def render(checks: Iterable["Check"]) -> str:
    """The Turtle of every check's shape, except the global-only ones (deterministic: the checks' order)."""
    blocks = []
    for check in in_shapes(checks):
        shape, query = f"il7sh:qc-{check.name}", f"il7sh:qc-{check.name}-query"
        blocks.append(
            f"{shape} a sh:NodeShape ;\n"
            f"    sh:name {_literal(check.name)} ;\n"
            f"    sh:description {_literal(check.description)} ;\n"
            f"    sh:severity {SEVERITY[check.severity]} ;\n"
            f"    sh:target {query} ;\n"
            f"    sh:sparql {query} .\n\n"
            f"{query} a sh:SPARQLTarget , sh:SPARQLConstraint ;\n"
            f"    sh:message \"{{?message}}\" ;\n"
            f"    sh:select {_long_literal(query_text(check))} .\n")
    return "\n".join(blocks)


def current_text(shapes_text: str, checks: Iterable["Check"]) -> str:
    """``shapes_text`` with everything from :data:`MARKER` on replaced by the rendered checks."""
    head = shapes_text.split(MARKER, 1)[0].rstrip("\n") + "\n\n"
    return head + MARKER + "\n" + render(checks)


def is_qc_shape(graph: "rdflib.Graph", shape) -> bool:
    """A generated QC shape: its only sh:target is its only sh:sparql node (one sh:select), typed
    sh:SPARQLTarget and sh:SPARQLConstraint."""
    from rdflib import RDF, URIRef

    sh = "http://www.w3.org/ns/shacl#"
    targets = list(graph.objects(shape, URIRef(sh + "target")))
    constraints = list(graph.objects(shape, URIRef(sh + "sparql")))
    if len(targets) != 1 or targets != constraints:
        return False
    node = targets[0]
    types = set(graph.objects(node, RDF.type))
    return ({URIRef(sh + "SPARQLTarget"), URIRef(sh + "SPARQLConstraint")} <= types
            and len(list(graph.objects(node, URIRef(sh + "select")))) == 1)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the QC part of the shapes file (default: the package's shapes/il7onto-shapes.ttl)."""
    from .validation import qc_checks, shapes_path

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else shapes_path()
    text = path.read_text(encoding="utf-8")
    new = current_text(text, qc_checks())
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: QC shapes regenerated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
