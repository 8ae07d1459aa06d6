"""Validate the ontology, or users' files merged with it: SHACL shapes plus QC queries (pyoxigraph).

Two SHACL engines give the same results: ``engine="sparql"`` (default) runs the shapes compiled to
SPARQL (:mod:`il7onto.shacl_sparql`) on a pyoxigraph store that users' files are loaded into
directly; ``engine="pyshacl"`` parses into rdflib and runs pyshacl (the reference; RDFS inference
always uses it).

>>> from il7onto.validation import validate
>>> report = validate()                 # the bundled ontology
>>> report.conforms, report.exit_code
(True, 0)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import NONCONFORMING, OK
from .jsontext import indented_json
from .namespaces import PREFIXES, compact
from .resources import data_dir

if TYPE_CHECKING:
    import rdflib

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

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0 and not (self.strict and self.count("Warning"))

    @property
    def exit_code(self) -> int:
        return OK if self.conforms else NONCONFORMING

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        foci = len({r.focus for r in self.results})
        return (f"{verdict}: {self.count('Violation')} violation(s), {self.count('Warning')} warning(s), "
                f"{self.count('Info')} info on {foci} focus node(s)")

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
        document = {"conforms": self.conforms, "strict": self.strict,
                    "violations": self.count("Violation"), "warnings": self.count("Warning"),
                    "infos": self.count("Info"), "results": [_plain(r) for r in self.results],
                    "bundled_findings": len(self.bundled)}
        if self.include_bundled:
            document["bundled"] = [_plain(r) for r in self.bundled]
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


def _plain(result: Result) -> dict:
    # not dataclasses.asdict: it deep-copies value_term, 5.7 s of 32 s at 1M triples (bench/RESULTS.md)
    return {name: getattr(result, name) for name in _PLAIN_FIELDS}


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


@cache
def qc_checks_in_shapes() -> frozenset[str]:
    """Names of the QC checks that are SHACL-SPARQL shapes in the shapes graph (il7onto.qc_shapes
    writes every SPARQL check there; the property check is Python)."""
    return frozenset(check.name for check in qc_checks())


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


# ---------------------------------------------------------------------------
# Running the shapes and the QC checks
# ---------------------------------------------------------------------------

def shapes_path() -> Path:
    return data_dir("shapes") / "il7onto-shapes.ttl"


@cache
def shapes_graph() -> "rdflib.Graph":
    """The shapes, parsed once per process (pyshacl does not modify them)."""
    import rdflib

    return rdflib.Graph().parse(shapes_path(), format="turtle")


def _read_all(paths: Iterable | None, input_format: str | None) -> list["rdflib.Graph"]:
    from .userdata import read_rdf

    return [read_rdf(path, input_format) for path in paths or ()]


ENGINES = ("sparql", "pyshacl")


def validate(paths=None, *, input_format: str | None = None, inference: bool | str = False,
             strict: bool = False, graph: "rdflib.Graph | None" = None, engine: str = "sparql",
             include_bundled: bool = False, store_dir: "str | Path | None" = None) -> Report:
    """Validate the ontology, or the ontology merged with ``paths``, against the shapes and QC checks.

    With ``paths``, findings that the bundled ontology has on its own are set apart in
    ``Report.bundled`` (reported only with ``include_bundled``); the verdict is about the rest.
    Other arguments: see :func:`_validate`.
    """
    report = _validate(paths, input_format=input_format, inference=inference, strict=strict, graph=graph,
                       engine=engine, store_dir=store_dir)
    if paths:
        set_apart_bundled(report, engine, bool(inference and inference != "none"), include_bundled)
    return report


def set_apart_bundled(report: Report, engine: str = "sparql", inference: bool = False,
                      include_bundled: bool = False) -> Report:
    """Move the findings that the bundled ontology has on its own into ``report.bundled`` (the same
    focus, path, value, severity and check; a store may word the message its own way)."""
    own = {finding_key(r) for r in bundled_findings(engine, inference)}
    report.bundled = [r for r in report.results if finding_key(r) in own]
    report.results = [r for r in report.results if finding_key(r) not in own]
    report.include_bundled = include_bundled
    return report


def finding_key(r: Result) -> tuple:
    """What makes two findings the same one, whichever store worded the message."""
    return (r.focus, r.path, r.value, r.severity, r.source)


@cache
def bundled_findings(engine: str = "sparql", inference: bool = False) -> tuple[Result, ...]:
    """The findings of the bundled ontology on its own (once per process and setting)."""
    return tuple(_validate(None, inference=inference, engine=engine).results)


def _validate(paths=None, *, input_format: str | None = None, inference: bool | str = False,
              strict: bool = False, graph: "rdflib.Graph | None" = None, engine: str = "sparql",
              store_dir: "str | Path | None" = None) -> Report:
    """Every finding on the ontology, or the ontology merged with ``paths`` (bundled ones included).

    ``inference`` True (or "rdfs") runs RDFS inference before validation (with pyshacl, whatever
    ``engine`` says); ``strict`` makes warnings fail. ``engine`` is "sparql" (default: the shapes
    compiled to SPARQL on pyoxigraph) or "pyshacl" (the reference). ``graph`` validates a ready-made
    data graph instead (used by tests; it should include the ontology).

    ``store_dir`` (engine "sparql"): load into an on-disk pyoxigraph store in a fresh scratch
    directory inside ``store_dir`` (removed afterwards) instead of memory, for files larger than
    memory; chosen automatically, in the system's temporary directory, when the files total more
    than :func:`in_memory_limit` bytes.
    """
    from .graph import load, store

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if inference and inference != "none":
        engine = "pyshacl"
    if engine == "sparql":
        from .shacl_sparql import run

        if graph is not None:
            qc_store = _store(graph)
        else:
            if store_dir is None and sum(_size(path) for path in paths or ()) > in_memory_limit():
                import tempfile

                store_dir = tempfile.gettempdir()
            if store_dir is not None:
                return _validate_on_disk(paths or (), input_format, strict, Path(store_dir))
            from .userdata import is_empty, load_into_store

            qc_store = store()
            for path in paths or ():
                load_into_store(qc_store, path, input_format)  # checks (and refuses) each file first
            empty = [path for path in paths or () if is_empty(path, input_format)]
        return Report(results=run(qc_store) + qc_results(store=qc_store) + _empty_results(empty if graph is None
                                                                                         else ()), strict=strict)
    if graph is not None:
        data, qc_store = graph, _store(graph)
    else:
        from .userdata import add_graph

        user_graphs = _read_all(paths, input_format)  # read (and refuse) users' files first
        empty = [path for path, user_graph in zip(paths or (), user_graphs) if len(user_graph) == 0]
        data, qc_store = load(), store()
        for user_graph in user_graphs:
            data += user_graph
            add_graph(qc_store, user_graph)
    inferred = bool(inference and inference != "none")
    # pyshacl runs the QC shapes too, but not on an RDFS-inferred graph: the QC checks never see inferred triples
    results = shacl_results(data, inference="rdfs" if inferred else "none", qc=not inferred)
    results += qc_results(store=qc_store, skip=frozenset() if inferred else qc_checks_in_shapes())
    if graph is None:
        results += _empty_results(empty)
    return Report(results=results, strict=strict)


def _empty_results(paths) -> list[Result]:
    """A warning for each user file that holds no triple (empty, or comments only): validating
    nothing is more often a wrong file than an intent. ``--strict`` turns it into a failure."""
    return [Result(focus=Path(path).resolve().as_uri(), severity="Warning", source="input:empty",
                   message="the file holds no triples (empty, or comments only): nothing of it was validated")
            for path in paths]


#: peak RSS of an in-memory validation / N-Triples size, measured at 1M triples (bench/RESULTS.md)
MEMORY_PER_INPUT_BYTE = 5


def in_memory_limit() -> int:
    """Input size (bytes) past which validation uses an on-disk store: half the memory available
    now (Linux ``MemAvailable``) divided by :data:`MEMORY_PER_INPUT_BYTE`; 1 GiB where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 // 2 // MEMORY_PER_INPUT_BYTE
    except OSError:
        pass
    return 1 << 30


def _size(path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the loader reports the unreadable file


def _validate_on_disk(paths, input_format: str | None, strict: bool, store_dir: Path) -> Report:
    """Validate in an on-disk pyoxigraph store, in a scratch directory removed afterwards."""
    import tempfile

    import pyoxigraph

    from .errors import InputError
    from .resources import ontology_paths
    from .shacl_sparql import run
    from .userdata import load_into_store

    try:
        scratch = tempfile.TemporaryDirectory(prefix="il7onto-store-", dir=store_dir)
    except OSError as exc:
        raise InputError(f"--store {store_dir}: cannot create a store there: {exc.strerror or exc}") from None
    failure: BaseException | None = None
    with scratch as location:
        disk_store = pyoxigraph.Store(location)
        try:
            for path in ontology_paths():
                disk_store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
            for path in paths:
                load_into_store(disk_store, path, input_format, on_disk=True)
            results = run(disk_store) + qc_results(store=disk_store)
        except BaseException as exc:  # its traceback's frames hold the store open: drop them
            failure = exc.with_traceback(None)
            failure.__context__ = None
        finally:
            del disk_store  # close the database before its directory is removed (else RocksDB
            # may still write into it while it is removed: "Directory not empty")
    if failure is not None:
        raise failure
    from .userdata import is_empty

    return Report(results=results + _empty_results([path for path in paths if is_empty(path, input_format)]),
                  strict=strict)


def shacl_results(data: "rdflib.Graph", inference: str = "none", qc: bool = False) -> list[Result]:
    """Run pyshacl on ``data`` and return its results: the SHACL Core shapes, and with ``qc`` also the
    QC checks that are SHACL-SPARQL shapes (their SPARQL targets are SHACL-AF: pyshacl then runs with
    ``advanced=True``; without it they have no focus node)."""
    import pyshacl
    from rdflib import Namespace, RDF

    from .shacl_sparql import node_text, path_text

    sh = Namespace(SH)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference=inference,
                                    abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=qc)
    if not hasattr(report, "subjects"):  # pyshacl returns (not raises) a failure for broken shapes
        raise RuntimeError(f"SHACL validation failed to run: {report}")
    results = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        def one(prop):
            value = report.value(node, prop)
            return None if value is None else node_text(value)

        severity = report.value(node, sh.resultSeverity)
        results.append(Result(
            focus=one(sh.focusNode), message=one(sh.resultMessage) or "",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            path=path_text(report, report.value(node, sh.resultPath)), value=one(sh.value),
            source=qc_source(one(sh.sourceShape)),
            component=one(sh.sourceConstraintComponent), value_term=report.value(node, sh.value)))
    return sorted(results, key=lambda r: (r.focus, r.source or "", r.message, r.value or ""))


@dataclass(frozen=True)
class Check:
    """One QC query: name, severity (ERROR/WARN/INFO), description and SPARQL text."""

    name: str
    severity: str
    description: str
    sparql: str


@cache
def qc_checks() -> tuple[Check, ...]:
    """The QC checks shipped in shapes/qc/*.rq (header comments give severity and description)."""
    checks = []
    for path in sorted((data_dir("shapes") / "qc").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        severity = re.search(r"^#\s*severity:\s*(ERROR|WARN|INFO)\s*$", text, re.M)
        description = re.search(r"^#\s*description:\s*(.+)$", text, re.M)
        if not severity or not description:
            raise ValueError(f"{path}: the header needs '# severity:' and '# description:' lines")
        checks.append(Check(path.stem, severity.group(1), description.group(1).strip(), text))
    return tuple(checks)


_PROPERTIES_WITHOUT_DOMAIN_OR_RANGE = """
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?missing WHERE {
  VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty }
  VALUES ?missing { "rdfs:domain" "rdfs:range" }
  ?entity a ?kind .
  FILTER (isIRI(?entity))
  FILTER NOT EXISTS { ?entity ?missingProperty ?any
                      FILTER (?missingProperty = IF(?missing = "rdfs:domain", rdfs:domain, rdfs:range)) }
}"""


@cache
def _bundled_properties_without_domain_or_range() -> frozenset:
    from .graph import store

    return frozenset((row["entity"].value, row["missing"].value) for row in store().query(_PROPERTIES_WITHOUT_DOMAIN_OR_RANGE))


def property_results(select) -> list[Result]:
    """A warning for each object or datatype property that users' data declares without an
    rdfs:domain or rdfs:range (the bundled ontology's own properties, documented as open, are left out)."""
    known = _bundled_properties_without_domain_or_range()
    results = []
    for row in select(_PROPERTIES_WITHOUT_DOMAIN_OR_RANGE, ("entity", "missing")):
        entity, missing = row["entity"].value, row["missing"].value
        if (entity, missing) not in known:
            results.append(Result(focus=entity, severity="Warning", path=PREFIXES["rdfs"] + missing[5:],
                                  source="qc:property-without-domain-or-range",
                                  message=f"a property declared without {missing}: its subjects or values are unconstrained"))
    return results


QC_VARIABLES = ("this", "value", "message")


def qc_results(data: "rdflib.Graph | None" = None, store=None, select=None,
               skip: frozenset[str] = frozenset()) -> list[Result]:
    """Run every QC check (but those named in ``skip``) on ``store`` (or on ``data`` loaded into
    pyoxigraph), or through ``select(query, variables)`` (rows mapping each variable to a term or
    None) where given."""
    if select is None:
        if store is None:
            store = _store(data)

        def select(query, _variables):
            return store.query(query)
    results = property_results(select)
    for check in qc_checks():
        if check.name in skip:
            continue
        for row in select(check.sparql, QC_VARIABLES):
            results.append(Result(focus=_oxi(row["this"]), value=_oxi(row["value"]),
                                  message=_oxi(row["message"]) or check.description,
                                  severity=_QC_SEVERITY[check.severity], source=f"qc:{check.name}",
                                  component=SH + "SPARQLConstraintComponent", value_term=row["value"]))
    return sorted(set(results), key=lambda r: (r.focus, r.source or "", r.value or ""))


def _store(data: "rdflib.Graph | None"):
    import pyoxigraph

    if data is None:
        from .graph import store

        return store()
    from .userdata import add_graph

    result = pyoxigraph.Store()
    add_graph(result, data)
    return result


def _oxi(term) -> str | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value
