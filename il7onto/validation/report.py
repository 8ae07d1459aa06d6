"""The findings of a validation: one :class:`Result` per finding, the :class:`Report` holding them
and its text / JSON / Turtle renderings, and the names (CURIEs, QC sources) reports use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from operator import attrgetter

from ..core.errors import NONCONFORMING, OK
from ..core.jsontext import Records, indented_json
from ..core.namespaces import PREFIXES, compact

SH = PREFIXES["sh"]
SHAPES_NS = "https://w3id.org/il7onto/shapes#"
SEVERITIES = ("Violation", "Warning", "Info")
_QC_SEVERITY = {"ERROR": "Violation", "WARN": "Warning", "INFO": "Info"}
_CURIES = {**PREFIXES, "il7sh": SHAPES_NS}


@dataclass(frozen=True)
class Result:
    """One finding: a SHACL validation result or a row of a QC check."""

    focus: str
    message: str
    severity: str = "Violation"
    path: str | None = None
    value: str | None = None
    source: str | None = None  # the shape IRI, or "qc:<check name>"
    component: str | None = None
    # the value as the RDF term it is (pyoxigraph or rdflib), for the Turtle report's sh:value
    value_term: object = field(default=None, compare=False, repr=False)


@dataclass
class Report:
    """All findings, with the conformance verdict (warnings fail only when ``strict``).

    When users' files were validated, ``bundled`` holds the findings the bundled ontology has on its
    own (the user cannot fix them): they are kept out of ``results`` and of the verdict, and shown
    only when ``include_bundled``.
    """

    results: list[Result] = field(default_factory=list)
    strict: bool = False
    bundled: list[Result] = field(default_factory=list)
    include_bundled: bool = False

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.results)

    def verdict(self) -> dict:
        """The verdict and counts, as the JSON report opens with them."""
        from collections import Counter

        counts = Counter(r.severity for r in self.results)
        return verdict({severity: counts[severity] for severity in SEVERITIES}, self.strict)

    @property
    def conforms(self) -> bool:
        return self.verdict()["conforms"]

    @property
    def exit_code(self) -> int:
        return OK if self.conforms else NONCONFORMING

    def summary(self) -> str:
        outcome = self.verdict()
        foci = len({r.focus for r in self.results})
        return (f"{'conforms' if outcome['conforms'] else 'does not conform'}: {outcome['violations']} violation(s), "
                f"{outcome['warnings']} warning(s), {outcome['infos']} info on {foci} focus node(s)")

    def text(self) -> str:
        """Results grouped by focus node, then a one-line summary."""
        lines: list[str] = []
        by_focus: dict[str, list] = {}
        for r in self.results:  # one pass: grouping by filtering per focus was quadratic
            by_focus.setdefault(r.focus, []).append(r)
        for focus in sorted(by_focus):
            lines.append(curie(focus))
            for r in sorted(by_focus[focus], key=lambda r: (SEVERITIES.index(r.severity), r.source or "", r.message)):
                lines.append(f"  [{r.severity}] {r.message}")
                details = [f"{key}: {'|'.join(map(curie, value.split('|')))}" for key, value in
                           (("path", r.path), ("value", r.value), ("source", r.source)) if value is not None]
                if details:
                    lines.append("    " + "; ".join(details))
        if self.bundled and self.include_bundled:
            lines.append(f"About the bundled ontology, not your data ({len(self.bundled)} finding(s)):")
            lines += ["  " + line for line in Report(self.bundled).text().splitlines()[:-1]]
        if self.bundled and not self.include_bundled:
            lines.append(f"({len(self.bundled)} finding(s) about the bundled ontology itself not shown: "
                         "--include-bundled shows them)")
        lines.append(self.summary())
        return "\n".join(lines)

    def json(self) -> str:
        document = {**self.verdict(), "results": _records(self.results), "bundled_findings": len(self.bundled)}
        if self.include_bundled:
            document["bundled"] = _records(self.bundled)
        return indented_json(document)

    def turtle(self) -> str:
        """A sh:ValidationReport in Turtle (QC rows appear as results whose source shape is qc:<name>)."""
        import rdflib
        from rdflib import BNode, Literal, URIRef
        from rdflib.namespace import RDF, SH as RSH

        g = rdflib.Graph()
        g.bind("sh", RSH)
        for prefix, iri in _CURIES.items():
            g.bind(prefix, iri)
        report = BNode()
        g.add((report, RDF.type, RSH.ValidationReport))
        g.add((report, RSH.conforms, Literal(self.conforms)))
        for r in self.results + (self.bundled if self.include_bundled else []):
            node = BNode()
            g.add((report, RSH.result, node))
            g.add((node, RDF.type, RSH.ValidationResult))
            g.add((node, RSH.focusNode, _term(r.focus)))
            g.add((node, RSH.resultSeverity, RSH[r.severity]))
            g.add((node, RSH.resultMessage, Literal(r.message)))
            if r.path:
                g.add((node, RSH.resultPath, _term(r.path)))
            if r.value is not None:
                g.add((node, RSH.value, _rdflib_term(r.value_term) if r.value_term is not None else Literal(r.value)))
            if r.source:
                g.add((node, RSH.sourceShape, _term(qc_shape_iri(r.source))))
            if r.component:
                g.add((node, RSH.sourceConstraintComponent, URIRef(r.component)))
        return g.serialize(format="turtle")

    def render(self, fmt: str = "text") -> str:
        return {"text": self.text, "json": self.json, "turtle": self.turtle}[fmt]()


_PLAIN_FIELDS = tuple(item.name for item in fields(Result) if item.name != "value_term")


def _records(results: list[Result]) -> Records:
    """Findings as the JSON report's list of objects (the fields of :func:`_plain`)."""
    row = attrgetter(*_PLAIN_FIELDS)
    return Records(_PLAIN_FIELDS, [row(r) for r in results])


def _plain(result: Result) -> dict:
    # not dataclasses.asdict: it deep-copies value_term, 5.7 s of 32 s at 1M triples (bench/RESULTS.md)
    return {name: getattr(result, name) for name in _PLAIN_FIELDS}


def verdict(counts: dict[str, int], strict: bool) -> dict:
    """Conformance (no violation; no warning either when ``strict``) and the counts per severity,
    keyed as the JSON report writes them."""
    return {"conforms": counts["Violation"] == 0 and not (strict and counts["Warning"]), "strict": strict,
            "violations": counts["Violation"], "warnings": counts["Warning"], "infos": counts["Info"]}


def finding_key(r: Result) -> tuple:
    """What makes two findings the same one, whichever store worded the message."""
    return (r.focus, r.path, r.value, r.severity, r.source)


_LOCAL_NAME = re.compile(r"[\w.\-]*")


def curie(text: str) -> str:
    """Shorten an IRI with the project's prefixes (anything else is returned unchanged)."""
    return compact(text, _CURIES, _LOCAL_NAME)


def _term(text: str):
    from rdflib import BNode, URIRef

    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def qc_source(source: str | None) -> str | None:
    """The source of a finding as il7onto names it: a QC shape's IRI (il7sh:qc-NAME, as pyshacl
    reports it) becomes "qc:NAME"; other shapes are unchanged."""
    if source and source.startswith(SHAPES_NS + "qc-"):
        return "qc:" + source[len(SHAPES_NS) + 3:]
    return source


def qc_shape_iri(source: str) -> str:
    """The IRI naming a QC check in reports ("qc:duplicate-label" -> il7sh:qc-duplicate-label); a
    shape's own IRI unchanged."""
    return SHAPES_NS + "qc-" + source[3:] if source.startswith("qc:") else source


def _rdflib_term(term):
    """A pyoxigraph term as rdflib's (rdflib terms pass through)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return term
