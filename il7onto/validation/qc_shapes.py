"""The QC checks (shapes/qc/*.rq) as SHACL-SPARQL shapes at the end of shapes/il7onto-shapes.ttl.

The .rq files are the one source of the QC queries; this module writes them into the shapes graph
(``python -m il7onto.validation.qc_shapes`` rewrites the part after :data:`MARKER`; tests/validation/test_qc_shapes.py
fails when the checked-in file is not current). Each check NAME becomes the shape ``il7sh:qc-NAME``
with the check's severity (ERROR -> sh:Violation, WARN -> sh:Warning, INFO -> sh:Info) whose
``sh:target`` and ``sh:sparql`` are one node, ``il7sh:qc-NAME-query``: a SHACL-AF
``sh:SPARQLTarget`` (the focus nodes are the ``?this`` the query returns, so a clean graph has none)
and a ``sh:SPARQLConstraint`` (``sh:message "{?message}"``; ``?value`` gives ``sh:value``). A SHACL
engine therefore needs SHACL-AF targets (pyshacl: ``advanced=True``) to run them.

A check whose fast query cannot be a SHACL-SPARQL constraint (the duplicate-label checks group
labels by a key in a sub-select that cannot return ``?this``) has its SHACL form beside it in
``shapes/qc/shacl/NAME.target.rq`` and ``NAME.constraint.rq``: the shape's target is then its own
node ``il7sh:qc-NAME-target``. tests/validation/test_qc_shapes.py shows both forms give the same results.

il7onto's own engine runs the same queries once, unbound, on pyoxigraph (:func:`il7onto.validation.checks.qc_results`):
the shape's focus nodes are by construction the ``?this`` of the unbound query, and for each focus
node the pre-bound query returns that node's rows, so the results are the same;
:func:`il7onto.validation.shacl_sparql.compile_shapes` skips these shapes by :func:`is_qc_shape`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import rdflib

    from .checks import Check

MARKER = ("# ===========================================================================\n"
          "# QC checks as SHACL-SPARQL (SHACL-AF targets): generated from shapes/qc/*.rq by\n"
          "# `python -m il7onto.validation.qc_shapes`. Do not edit below this line; edit the .rq files.\n"
          "# ===========================================================================\n")
SEVERITY = {"ERROR": "sh:Violation", "WARN": "sh:Warning", "INFO": "sh:Info"}
SHAPES_NS = "https://w3id.org/il7onto/shapes#"


def query_text(check: "Check") -> str:
    """The check's SPARQL without its header comment lines (severity, description, notes)."""
    return _strip_header(check.sparql)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _long_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"""' + escaped + '"""'


def shacl_form(check: "Check") -> tuple[str, str] | None:
    """The (target, constraint) queries of a check whose SHACL form differs from its fast query
    (``shapes/qc/shacl/NAME.target.rq`` and ``NAME.constraint.rq``), or None."""
    from ..core.resources import data_path

    folder = Path(data_path("shapes")) / "qc" / "shacl"
    target, constraint = folder / f"{check.name}.target.rq", folder / f"{check.name}.constraint.rq"
    if not target.is_file():
        return None
    return (_strip_header(target.read_text(encoding="utf-8")), _strip_header(constraint.read_text(encoding="utf-8")))


def _strip_header(text: str) -> str:
    """``text`` without its leading comment lines."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def render(checks: Iterable["Check"]) -> str:
    """The Turtle of every check's shape (deterministic: the checks' order)."""
    blocks = []
    for check in checks:
        shape, query = f"il7sh:qc-{check.name}", f"il7sh:qc-{check.name}-query"
        head = (f"{shape} a sh:NodeShape ;\n"
                f"    sh:name {_literal(check.name)} ;\n"
                f"    sh:description {_literal(check.description)} ;\n"
                f"    sh:severity {SEVERITY[check.severity]} ;\n")
        form = shacl_form(check)
        if form is None:
            blocks.append(
                head + f"    sh:target {query} ;\n"
                f"    sh:sparql {query} .\n\n"
                f"{query} a sh:SPARQLTarget , sh:SPARQLConstraint ;\n"
                f"    sh:message \"{{?message}}\" ;\n"
                f"    sh:select {_long_literal(query_text(check))} .\n")
            continue
        target = f"il7sh:qc-{check.name}-target"
        blocks.append(
            head + f"    sh:target {target} ;\n"
            f"    sh:sparql {query} .\n\n"
            f"{target} a sh:SPARQLTarget ;\n"
            f"    sh:select {_long_literal(form[0])} .\n\n"
            f"{query} a sh:SPARQLConstraint ;\n"
            f"    sh:message \"{{?message}}\" ;\n"
            f"    sh:select {_long_literal(form[1])} .\n")
    return "\n".join(blocks)


def current_text(shapes_text: str, checks: Iterable["Check"]) -> str:
    """``shapes_text`` with everything from :data:`MARKER` on replaced by the rendered checks."""
    head = shapes_text.split(MARKER, 1)[0].rstrip("\n") + "\n\n"
    return head + MARKER + "\n" + render(checks)


def is_qc_shape(graph: "rdflib.Graph", shape) -> bool:
    """A generated QC shape: one sh:target, a sh:SPARQLTarget, and one sh:sparql, a
    sh:SPARQLConstraint (the same node, or for a check with a separate SHACL form two nodes), each
    with one sh:select."""
    from rdflib import RDF, URIRef

    sh = "http://www.w3.org/ns/shacl#"
    targets = list(graph.objects(shape, URIRef(sh + "target")))
    constraints = list(graph.objects(shape, URIRef(sh + "sparql")))
    if len(targets) != 1 or len(constraints) != 1:
        return False

    def one_query(node, kind: str) -> bool:
        return (URIRef(sh + kind) in set(graph.objects(node, RDF.type))
                and len(list(graph.objects(node, URIRef(sh + "select")))) == 1)

    return one_query(targets[0], "SPARQLTarget") and one_query(constraints[0], "SPARQLConstraint")


def main(argv: list[str] | None = None) -> int:
    """Rewrite the QC part of the shapes file (default: the package's shapes/il7onto-shapes.ttl)."""
    from .checks import qc_checks, shapes_path

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
