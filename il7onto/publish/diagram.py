"""Graphviz diagrams of the IL-7 pathway and its diseases, generated from the ontology by SPARQL.

The DOT text is written here (nodes and edges sorted, no timestamps), so the same ontology always
gives byte-identical DOT; SVG and PNG are rendered by the Graphviz ``dot`` program.

* ``pathway``: IL-7, its receptor and the receptor's chains (``il7:hasPart``), the canonical route
  JAK1/JAK3 -> STAT5 (``il7:signalsViaCanonical``, ``il7:activates``; bold), the non-canonical
  branches (``il7:signalsViaNonCanonical``; dashed) and the cells that need IL-7 to survive
  (``il7:requiredForSurvivalOf``).
* ``disease``: the diseases of the IL-7 pathway by mechanism: deficiency (``il7:deficiencyCauses``),
  excess signalling (``il7:excessSignallingDrives``, ``il7:excessSignallingAssociatedWith``) and
  mutation (``il7:mutationDrives``), each drawn in its own style, the therapies evaluated in each
  disease (``il7:evaluatedIn``) with what they target (``il7:targets``), and the genes whose
  gain-of-function alterations are reported in B-ALL and T-ALL (``il7:gainOfFunctionReportedIn``).
* ``all``: both.

Nodes show the protein name and the human gene symbols that encode it (``il7:encodes``,
``il7:geneSymbol``), link to their IRI (which w3id.org and `il7onto serve` send to the docs page),
and carry a tooltip; edges of one kind arriving at one node meet at one point under one arrowhead;
the legend is one small table: a drawn sample per edge style (styles drawn alike share a row) and
the shape and colour of each kind of node.

A missing ``dot`` program is reported as an :class:`~il7onto.core.errors.InputError` (exit 3): the
command line is valid (so not a usage error, exit 2) but the environment cannot fulfil it;
``--format dot`` works without Graphviz.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import Il7ontoError, InputError, UsageError
from ..core.namespaces import IL7, sparql_prefixes

WHATS = ("pathway", "disease", "all")
FORMATS = ("svg", "png", "dot")

_PREFIXES = sparql_prefixes("il7", "rdfs", "oboInOwl")

# Each query returns ?s ?p ?o: the edges of one part of the diagram.
_PATHWAY_QUERY = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o WHERE {
  {
    VALUES ?p { il7:hasPart il7:signalsViaCanonical il7:signalsViaNonCanonical }
    BIND(il7:IL7Receptor AS ?s)
    ?s ?p ?o .
  } UNION {
    VALUES ?p { il7:activates }
    il7:IL7Receptor il7:signalsViaCanonical ?s .
    ?s ?p ?o .
  } UNION {
    VALUES ?p { il7:binds }
    BIND(il7:IL7Receptor AS ?o)
    ?s ?p ?o .
    ?s a il7:Cytokine .
  } UNION {
    VALUES ?p { il7:requiredForSurvivalOf }
    BIND(il7:IL7 AS ?s)
    ?s ?p ?o .
  }
}
"""

_DISEASE_QUERY = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o WHERE {
  {
    VALUES ?p { il7:deficiencyCauses il7:excessSignallingDrives il7:excessSignallingAssociatedWith
                il7:mutationDrives }
    BIND(il7:IL7SignallingPathway AS ?s)
    ?s ?p ?o .
  } UNION {
    VALUES ?p { il7:hasPart }
    BIND(il7:IL7SignallingPathway AS ?s)
    ?s ?p ?o .
  } UNION {
    VALUES ?p { il7:evaluatedIn il7:targets }
    ?s a il7:TherapeuticModality ; ?p ?o .
  } UNION {
    VALUES ?p { il7:gainOfFunctionReportedIn }
    ?s ?p ?o .
  }
}
"""

_NODE_QUERY = _PREFIXES + """
SELECT ?n ?label ?type WHERE {
  VALUES ?n { %s }
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { ?n a ?type . FILTER(STRSTARTS(STR(?type), STR(il7:))) }
}
"""

# The human gene symbols of what the nodes are (``il7:encodes``), shown under the protein names.
_SYMBOL_QUERY = _PREFIXES + """
SELECT ?n ?symbol WHERE {
  VALUES ?n { %s }
  ?gene il7:encodes ?n ; il7:geneSymbol ?symbol ; il7:inTaxon il7:Human .
}
"""

# Node style by class, most specific first.
_NODE_STYLES: tuple[tuple[str, str, str], ...] = (
    # class local name, shape, fill colour
    ("Cytokine", "ellipse", "#ffd966"),
    ("ReceptorComplex", "box", "#9fc5e8"),
    ("ReceptorChain", "box", "#cfe2f3"),
    ("Kinase", "box", "#b6d7a8"),
    ("TranscriptionFactor", "box", "#93c47d"),
    ("SignallingPathway", "box", "#d9ead3"),
    ("CellType", "ellipse", "#ead1dc"),
    ("Disease", "octagon", "#f4cccc"),
    ("MedicalProcedure", "octagon", "#fce5cd"),
    ("TherapeuticModality", "hexagon", "#d9d2e9"),
    ("Gene", "note", "#fff2cc"),
)

# Edge style by predicate local name: DOT attributes and the legend text.
_EDGE_STYLES: dict[str, tuple[str, str]] = {
    "binds": ('color="#444444"', "binds"),
    "hasPart": ('color="#777777" arrowhead=diamond', "has part"),
    "signalsViaCanonical": ('color="#1155cc" penwidth=3.5', "canonical route: signals via"),
    "activates": ('color="#1155cc" penwidth=3.5', "activates"),
    "signalsViaNonCanonical": ('color="#1155cc" style=dashed penwidth=1.5', "non-canonical signalling"),
    "requiredForSurvivalOf": ('color="#a64d79" penwidth=1.5', "required for survival of"),
    "deficiencyCauses": ('color="#0b5394" penwidth=2.5 arrowhead=tee', "deficiency causes"),
    "excessSignallingDrives": ('color="#cc0000" penwidth=3', "excess signalling drives"),
    "excessSignallingAssociatedWith": ('color="#e69138" style=dotted penwidth=2', "excess signalling associated with"),
    "mutationDrives": ('color="#674ea7" style=bold penwidth=3 arrowhead=veevee', "mutation drives"),
    "evaluatedIn": ('color="#38761d" style=dashed', "evaluated in (therapy)"),
    "targets": ('color="#38761d" arrowhead=odot', "targets (therapy)"),
    "gainOfFunctionReportedIn": ('color="#674ea7" style=dashed penwidth=1.5 arrowhead=vee',
                                 "gain-of-function alteration reported in (gene)"),
}


@dataclass(frozen=True)
class Edge:
    source: str
    predicate: str
    target: str


def _local(iri: str) -> str:
    return iri[len(IL7):] if iri.startswith(IL7) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def edges(what: str = "all", store=None) -> list[Edge]:
    """The edges of the diagram ``what`` (pathway, disease or all), sorted."""
    if what not in WHATS:
        raise UsageError(f"unknown diagram {what!r}; choose one of {', '.join(WHATS)}")
    if store is None:
        from ..core.graph import store as load_store

        store = load_store()
    queries = {"pathway": [_PATHWAY_QUERY], "disease": [_DISEASE_QUERY], "all": [_PATHWAY_QUERY, _DISEASE_QUERY]}
    found = set()
    for text in queries[what]:
        for solution in store.query(text):
            found.add(Edge(solution["s"].value, _local(solution["p"].value), solution["o"].value))
    return sorted(found, key=lambda e: (e.predicate, e.source, e.target))


def _symbols(store, iris: set[str]) -> dict[str, list[str]]:
    """IRI -> the sorted human gene symbols that encode it."""
    found: dict[str, set[str]] = {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    for solution in store.query(_SYMBOL_QUERY % values):
        found.setdefault(solution["n"].value, set()).add(solution["symbol"].value)
    return {iri: sorted(symbols) for iri, symbols in found.items()}


def _nodes(store, iris: set[str]) -> dict[str, tuple[str, set[str]]]:
    """IRI -> (label, il7 class local names)."""
    result: dict[str, tuple[str, set[str]]] = {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    for solution in store.query(_NODE_QUERY % values):
        iri = solution["n"].value
        label = solution["label"].value if solution["label"] is not None else _local(iri)
        types = result.get(iri, (label, set()))[1]
        if solution["type"] is not None:
            types.add(_local(solution["type"].value))
        result[iri] = (label, types)
    return result


def _node_class(types: set[str]) -> str:
    for name, _, _ in _NODE_STYLES:
        if name in types:
            return name
    return ""


def _legend(predicates: list[str], classes: list[str]) -> list[str]:
    """A compact legend in one node: a drawn sample per edge style (identical styles share a row)
    and the shape and colour of each kind of node."""
    from html import escape

    by_style: dict[str, list[str]] = {}
    for predicate in sorted(set(predicates), key=list(_EDGE_STYLES).index):
        style, text = _EDGE_STYLES[predicate]
        by_style.setdefault(style, []).append(text)
    if not by_style and not classes:
        return []
    rows = ['<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>']
    for style, texts in by_style.items():
        predicate = next(p for p in _EDGE_STYLES if _EDGE_STYLES[p][0] == style)
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{_EDGE_SAMPLES[predicate][0]}">{_EDGE_SAMPLES[predicate][1]}</FONT></TD>'
                    f'<TD ALIGN="LEFT">{escape(" / ".join(texts))}</TD></TR>')
    order = [name for name, _, _ in _NODE_STYLES]
    for name in sorted(classes, key=order.index):
        shape, fill = _node_style({name})
        rows.append(f'<TR><TD BGCOLOR="{fill}" BORDER="1">{_SHAPE_TEXT[shape]}</TD><TD ALIGN="LEFT">{_CLASS_TEXT[name]}</TD></TR>')
    table = '<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>"
    return [f'  legend [shape=plaintext style="" fontsize=10 label=<{table}> tooltip="legend"];']


# Edge samples for the legend: colour and a line drawn with characters (weight, dash, arrowhead).
_EDGE_SAMPLES = {
    "binds": ("#444444", "───▶"),
    "hasPart": ("#777777", "───◆"),
    "signalsViaCanonical": ("#1155cc", "<B>━━━▶</B>"),
    "activates": ("#1155cc", "<B>━━━▶</B>"),
    "signalsViaNonCanonical": ("#1155cc", "╌╌╌▶"),
    "requiredForSurvivalOf": ("#a64d79", "───▶"),
    "deficiencyCauses": ("#0b5394", "<B>━━━┤</B>"),
    "excessSignallingDrives": ("#cc0000", "<B>━━━▶</B>"),
    "excessSignallingAssociatedWith": ("#e69138", "┈┈┈▶"),
    "mutationDrives": ("#674ea7", "<B>━━━≫</B>"),
    "evaluatedIn": ("#38761d", "╌╌╌▶"),
    "targets": ("#38761d", "───○"),
    "gainOfFunctionReportedIn": ("#674ea7", "╌╌╌▶"),
}
_SHAPE_TEXT = {"ellipse": "oval", "box": "box", "octagon": "octagon", "hexagon": "hexagon", "note": "note"}


_CLASS_TEXT = {"Cytokine": "cytokine", "ReceptorComplex": "receptor", "ReceptorChain": "receptor chain",
               "Kinase": "kinase", "TranscriptionFactor": "transcription factor",
               "SignallingPathway": "pathway", "CellType": "cell type", "Disease": "disease",
               "MedicalProcedure": "procedure", "TherapeuticModality": "therapy", "Gene": "gene"}


def _node_style(types: set[str]) -> tuple[str, str]:
    for name, shape, fill in _NODE_STYLES:
        if name in types:
            return shape, fill
    return "box", "#ffffff"


def dot_source(what: str = "all", store=None) -> str:
    """The diagram as Graphviz DOT text (deterministic: sorted, no timestamps)."""
    if store is None:
        from ..core.graph import store as load_store

        store = load_store()
    found = edges(what, store)
    iris = {e.source for e in found} | {e.target for e in found}
    nodes = _nodes(store, iris) if iris else {}
    titles = {"pathway": "IL-7 receptor signalling and the cells that depend on IL-7",
              "disease": "Diseases of the IL-7 pathway and the therapies aimed at them",
              "all": "IL-7: receptor, signalling, dependent cells, diseases and therapies"}
    lines = [
        "digraph il7onto {",
        f"  graph [rankdir=LR fontname=\"Helvetica\" fontsize=20 labelloc=t label={_quote(titles[what] + ' (il7onto, PMID 36201890)')}"
        " nodesep=0.25 ranksep=0.6 bgcolor=white];",
        '  node [fontname="Helvetica" fontsize=12 style="filled" color="#555555" margin="0.15,0.06"];',
        '  edge [fontname="Helvetica" fontsize=10 arrowsize=0.8];',
    ]
    symbols = _symbols(store, iris) if iris else {}
    used_classes = []
    for iri in sorted(nodes):
        label, types = nodes[iri]
        shape, fill = _node_style(types)
        style_class = _node_class(types)
        if style_class and style_class not in used_classes:
            used_classes.append(style_class)
        wrapped = "\n".join(textwrap.wrap(label, 24)) or label
        genes = [symbol for symbol in symbols.get(iri, []) if symbol not in label]
        if genes:
            wrapped += "\n" + " ".join(genes)
        lines.append(f"  {_quote(_local(iri))} [label={_quote(wrapped)} shape={shape} fillcolor=\"{fill}\" "
                     f"tooltip={_quote(label + ' (' + iri + ')')} URL={_quote(iri)} target=\"_top\"];")
    incoming: dict[tuple[str, str], int] = {}
    for edge in found:
        incoming[(edge.target, edge.predicate)] = incoming.get((edge.target, edge.predicate), 0) + 1
    headed: set[tuple[str, str]] = set()
    for edge in found:
        style, _ = _EDGE_STYLES.get(edge.predicate, ("", edge.predicate))
        group = (edge.target, edge.predicate)
        if incoming[group] > 1:  # edges of one kind meet at one point and share one arrowhead
            style = (style + f" samehead={edge.predicate}" + (" arrowhead=none" if group in headed else "")).strip()
            headed.add(group)
        lines.append(f"  {_quote(_local(edge.source))} -> {_quote(_local(edge.target))} [{style}];".replace(" []", ""))
    lines += _legend([e.predicate for e in found], used_classes)
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_program() -> str | None:
    """Path of the Graphviz ``dot`` program, or None."""
    return shutil.which("dot")


def render(dot_text: str, fmt: str) -> bytes:
    """Render DOT text as ``svg``, ``png`` or ``dot`` (the text itself)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot_text.encode("utf-8")
    program = dot_program()
    if program is None:
        raise InputError(
            f"--format {fmt} needs the Graphviz 'dot' program, which is not on PATH; install Graphviz "
            "(e.g. apt-get install graphviz) or use --format dot"
        )
    arguments = [program, f"-T{fmt}"] + (["-Gdpi=110"] if fmt == "png" else [])
    try:
        completed = subprocess.run(arguments, input=dot_text.encode("utf-8"), capture_output=True, timeout=120,
                                   check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Il7ontoError(f"Graphviz 'dot' failed: {exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Il7ontoError(f"Graphviz 'dot' failed (exit {completed.returncode}): {' '.join(message)[:300]}")
    return completed.stdout


def write(path: Path | str, what: str = "all", fmt: str | None = None, store=None) -> Path:
    """Write the diagram ``what`` to ``path``; the format defaults to the file's suffix (else svg)."""
    path = Path(path)
    if fmt is None:
        suffix = path.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "svg"
    data = render(dot_source(what, store), fmt)
    write_atomic(path, data)
    return path
