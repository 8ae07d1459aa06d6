"""What validation checks: the SHACL shapes graph and the QC checks (shapes/qc/*.rq, plus the
Python property domain/range check), and running the QC checks on a store."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.namespaces import PREFIXES
from ..core.resources import data_dir
from .report import _QC_SEVERITY, SH, Result

if TYPE_CHECKING:
    import rdflib


def shapes_path() -> Path:
    return data_dir("shapes") / "il7onto-shapes.ttl"


@cache
def shapes_graph() -> "rdflib.Graph":
    """The shapes, parsed once per process (pyshacl does not modify them)."""
    import rdflib

    return rdflib.Graph().parse(shapes_path(), format="turtle")


@dataclass(frozen=True)
class Check:
    """One QC query: name, severity (ERROR/WARN/INFO), description and SPARQL text."""

    name: str
    severity: str
    description: str
    sparql: str


def _headers(text: str, *keys: str) -> tuple[str | None, ...]:
    """A query's ``# key: value`` header lines (one line each; None where missing)."""
    found = (re.search(rf"^#[ \t]*{key}:[ \t]*(\S[^\n]*?)[ \t]*$", text, re.M) for key in keys)
    return tuple(match and match.group(1) for match in found)


@cache
def qc_checks() -> tuple[Check, ...]:
    """The QC checks shipped in shapes/qc/*.rq (header comments give severity and description)."""
    checks = []
    for path in sorted((data_dir("shapes") / "qc").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        severity, description = _headers(text, "severity", "description")
        if severity not in ("ERROR", "WARN", "INFO") or not description:
            raise ValueError(f"{path}: the header needs '# severity:' and '# description:' lines")
        checks.append(Check(path.stem, severity, description, text))
    return tuple(checks)


@dataclass(frozen=True)
class SharedQuery:
    """One query answering several QC checks in one evaluation (shapes/qc/shared/*.rq): each row
    names the check it answers in ``?check``."""

    name: str
    checks: tuple[str, ...]
    sparql: str


@cache
def shared_queries() -> tuple[SharedQuery, ...]:
    """The shared queries of shapes/qc/shared/*.rq (a ``# checks:`` header line names two or more QC
    checks, none of them named by another shared query)."""
    known = {check.name for check in qc_checks()}
    queries, taken = [], set()
    for path in sorted((data_dir("shapes") / "qc" / "shared").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        (names,) = _headers(text, "checks")
        checks = tuple((names or "").split())
        if len(set(checks)) < 2 or not set(checks) <= known - taken:
            raise ValueError(f"{path}: the header needs a '# checks:' line naming two or more QC checks, "
                             "none of them named by another shared query")
        taken |= set(checks)
        queries.append(SharedQuery(path.stem, checks, text))
    return tuple(queries)


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
    from ..core.graph import store

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
        select = store_select(store if store is not None else _store(data))
    return sort_qc([result for task in qc_tasks(select, skip) for result in task()])


def qc_tasks(select, skip: frozenset[str] = frozenset()) -> list:
    """One call per QC check (but those named in ``skip``), each returning that check's results;
    checks that a shared query answers together are one call, when none of them is skipped."""
    running = {check.name for check in qc_checks()} - skip
    shared = [query for query in shared_queries() if set(query.checks) <= running]
    alone = running.difference(*(query.checks for query in shared))
    return ([partial(shared_query_results, query, select) for query in shared]
            + [partial(property_results, select)]
            + [partial(qc_check_results, check, select) for check in qc_checks() if check.name in alone])


def qc_check_results(check: Check, select) -> list[Result]:
    """The results of one QC check, its query run through ``select``."""
    return [_qc_result(check, row) for row in select(check.sparql, QC_VARIABLES)]


def shared_query_results(query: SharedQuery, select) -> list[Result]:
    """The results of the checks a shared query answers, run through ``select`` once."""
    checks = {check.name: check for check in qc_checks() if check.name in query.checks}
    return [_qc_result(checks[row["check"].value], row) for row in select(query.sparql, ("check",) + QC_VARIABLES)]


def _qc_result(check: Check, row) -> Result:
    """The finding of one row of ``check``'s query (or of a shared query answering it)."""
    return Result(focus=_oxi(row["this"]), value=_oxi(row["value"]), message=_oxi(row["message"]) or check.description,
                  severity=_QC_SEVERITY[check.severity], source=f"qc:{check.name}",
                  component=SH + "SPARQLConstraintComponent", value_term=row["value"])


def sort_qc(results: list[Result]) -> list[Result]:
    """QC results without repeats, in the reports' order (a total order: it never depends on the
    hash seed, which orders the set)."""
    return sorted(set(results), key=lambda r: (r.focus, r.source or "", r.value or "", r.message, r.severity,
                                              r.path or "", r.component or ""))


def store_select(store):
    """``select(query, variables)`` on a pyoxigraph ``store`` (its rows are looked up by name)."""
    def select(query, _variables):
        return store.query(query)

    return select


def _store(data: "rdflib.Graph | None"):
    import pyoxigraph

    if data is None:
        from ..core.graph import store

        return store()
    from ..core.userdata import add_graph

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


@cache
def qc_checks_in_shapes() -> frozenset[str]:
    """Names of the QC checks that are SHACL-SPARQL shapes in the shapes graph (il7onto.validation.qc_shapes
    writes every SPARQL check there; the property check is Python)."""
    return frozenset(check.name for check in qc_checks())
