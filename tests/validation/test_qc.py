"""QC checks (shapes/qc/*.rq): headers, each fires on its broken fixture and not on its fixed twin;
gene symbols / NCBI Gene IDs / species agree with the HGNC reference table."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib
from conftest import reference_table

import il7onto
from il7onto.core.namespaces import IL7
from il7onto.validation.checks import (_store, qc_check_results, qc_checks, qc_results, qc_tasks, shared_queries,
                                       shared_query_results, store_select)
from il7onto.validation.validate import validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation" / "qc"
CURIES = {"il7": IL7, "ex": "http://example.org/lab/"}
BROKEN = sorted(FIXTURES.glob("*.broken.ttl"))
FIXED = sorted(FIXTURES.glob("*.fixed.ttl"))


@cache
def ontology() -> rdflib.Graph:
    return il7onto.load()


@cache
def baseline() -> frozenset:
    return frozenset(qc_results())


def merged(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph += ontology()
    graph.parse(path, format="turtle")
    return graph


def header(path: Path, key: str) -> str:
    value = re.search(rf"^# {key}: (\S+)$", path.read_text(), re.M).group(1)
    prefix, _, local = value.partition(":")
    return CURIES[prefix] + local if prefix in CURIES else value


def test_every_check_has_a_header_and_returns_the_report_columns():
    store = il7onto.store()
    assert len(qc_checks()) >= 10
    for check in qc_checks():
        assert check.severity in {"ERROR", "WARN", "INFO"} and check.description
        assert [v.value for v in store.query(check.sparql).variables] == ["this", "value", "message"]


def test_bundled_ontology_has_only_informational_findings():
    assert {r.severity for r in baseline()} <= {"Info"}
    assert {r.source for r in baseline()} == {"qc:duplicate-label-across-kinds"}


def test_every_check_has_fixture_twins():
    names = {c.name for c in qc_checks()}
    assert {header(p, "check") for p in BROKEN} == names
    assert {p.name.replace(".broken", "") for p in BROKEN} == {p.name.replace(".fixed", "") for p in FIXED}


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name.split(".")[0])
def test_broken_fixture_triggers_exactly_its_check(path):
    new = set(qc_results(merged(path))) - baseline()
    assert {r.source for r in new} == {f"qc:{header(path, 'check')}"}, new
    assert header(path, "focus") in {r.focus for r in new}
    assert all(r.message and r.value for r in new)


@pytest.mark.parametrize("path", FIXED, ids=lambda p: p.name.split(".")[0])
def test_fixed_twin_passes(path):
    graph = merged(path)
    assert set(qc_results(graph)) - baseline() == set()
    report = validate(graph=graph, strict=True)
    assert report.conforms, report.text()


def test_an_xref_on_a_non_exact_mapping_is_reported(tmp_path):
    """OBO tools read xrefs as near-equivalence: an xref mirroring a close match is a finding."""
    path = tmp_path / "close.ttl"
    path.write_text("""
@prefix il7: <https://w3id.org/il7onto/> . @prefix ex: <http://example.org/lab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix obo: <http://purl.obolibrary.org/obo/> . @prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
ex:cell a il7:CellType ; rdfs:label "lab cell"@en ; skos:closeMatch obo:CL_0000236 ; oboInOwl:hasDbXref "CL:0000236" .
""")
    new = set(qc_results(merged(path))) - baseline()
    assert [(r.focus, r.source, r.value) for r in new] == [
        ("http://example.org/lab/cell", "qc:dbxref-without-mapping", "CL:0000236")]


def test_the_lymphocyte_close_match_is_not_a_duplicate():
    lymphoid = [r for r in qc_results() if r.focus in (IL7 + "Lymphocyte", IL7 + "LymphoidCell")]
    assert lymphoid == []


# --- the genes against the HGNC reference table -------------------------------------------------

GENES = """
PREFIX il7: <https://w3id.org/il7onto/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?gene ?symbol ?taxon ?ncbi ?other ?ortholog WHERE {
  ?gene a il7:Gene ; il7:geneSymbol ?symbol ; il7:inTaxon ?taxon ; skos:exactMatch ?ncbi , ?other .
  FILTER(STRSTARTS(STR(?ncbi), "http://identifiers.org/ncbigene/"))
  FILTER(STRSTARTS(STR(?other), "http://identifiers.org/hgnc/") || STRSTARTS(STR(?other), "http://identifiers.org/mgi/"))
  OPTIONAL { ?gene il7:orthologOf ?ortholog }
}"""


@cache
def hgnc() -> dict[str, dict]:
    return {row["symbol"]: row for row in reference_table("hgnc-genes.tsv")}


def test_human_genes_match_hgnc():
    rows = [r for r in ontology().query(GENES) if str(r.taxon) == IL7 + "Human"]
    assert len(rows) >= 15
    for row in rows:
        ref = hgnc().get(str(row.symbol))
        assert ref is not None, f"{row.symbol} is not an HGNC symbol"
        assert ref["status"] == "Approved"
        assert str(row.ncbi).rsplit("/", 1)[1] == ref["ncbigene"], row.symbol
        assert "HGNC:" + str(row.other).rsplit("/", 1)[1] == ref["hgnc_id"], row.symbol


def test_mouse_genes_match_the_mgi_ids_of_their_human_orthologs():
    graph = ontology()
    rows = [r for r in graph.query(GENES) if str(r.taxon) == IL7 + "Mouse"]
    assert rows
    for row in rows:
        human_symbol = str(graph.value(row.ortholog, rdflib.URIRef(IL7 + "geneSymbol")))
        ref = hgnc()[human_symbol]
        assert str(row.other).rsplit("/", 1)[1] in ref["mgi"].split("|"), row.symbol
        assert str(row.symbol).upper() == human_symbol, row.symbol


BLANK_DUPLICATES = """
@prefix il7: <https://w3id.org/il7onto/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
[] a il7:CellType ; rdfs:label "Thymocyte"@en .
[] a il7:CellType ; rdfs:label "thymocyte"@en .
[] a owl:Class, il7:CellType ; rdfs:label "THYMOCYTE"@en .
"""


def with_blank_duplicates() -> rdflib.Graph:
    return ontology() + rdflib.Graph().parse(data=BLANK_DUPLICATES, format="turtle")


def _shared_fixtures() -> list:
    return ["ontology", "blank"] + sorted(FIXTURES.glob("*.ttl"))


@pytest.mark.parametrize("fixture", _shared_fixtures(), ids=lambda p: p if isinstance(p, str) else p.name)
def test_a_shared_query_finds_what_its_checks_find_apart(fixture):
    """shapes/qc/shared/*.rq: one evaluation gives each of its checks exactly what the check's own
    query gives, messages included (blank nodes: STR() fails, so the description stands in)."""
    graph = {"ontology": ontology, "blank": with_blank_duplicates}[fixture]() if isinstance(fixture, str) else merged(fixture)
    select = store_select(_store(graph))
    assert shared_queries(), "the duplicate-label checks share a query"
    for query in shared_queries():
        apart = {result for check in qc_checks() if check.name in query.checks for result in qc_check_results(check, select)}
        assert set(shared_query_results(query, select)) == apart
        if fixture == "blank":
            assert {r.source for r in apart} == {f"qc:{name}" for name in query.checks}


def test_a_shared_query_runs_only_when_none_of_its_checks_is_skipped():
    select = store_select(_store(with_blank_duplicates()))

    def run(skip):
        tasks = qc_tasks(select, frozenset(skip))
        return {r.source for task in tasks for r in task()}, [task.func.__name__ for task in tasks]

    (query,) = [q for q in shared_queries() if "duplicate-label" in q.checks]
    sources, calls = run(())
    assert calls.count("shared_query_results") == len(shared_queries()) and {f"qc:{name}" for name in query.checks} <= sources
    for name in query.checks:
        sources, calls = run({name})
        assert "shared_query_results" not in calls
        assert f"qc:{name}" not in sources and {f"qc:{other}" for other in query.checks if other != name} <= sources


def _query_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_a_shared_query_is_its_checks_queries_but_for_the_test_that_tells_them_apart():
    """No silent drift from the reference queries (the shapes graph is generated from those): the
    shared query has each check's lines, but the projection, the final ?kind test and the message,
    and each check's message expression is one branch of its IF."""
    (query,) = [q for q in shared_queries() if set(q.checks) == {"duplicate-label", "duplicate-label-across-kinds"}]
    shared = _query_lines(query.sparql)
    message = shared.index('BIND(IF(?kind = ?otherKind,')
    body = [line for line in shared[:message] if not line.startswith(("SELECT", 'BIND(IF(?kind = ?otherKind, "'))]
    assert shared[-1] == "}" and len(shared) - message == 4
    branches = {shared[message + 1].removesuffix(","), shared[message + 2].removesuffix(") AS ?message)")}
    for check in (c for c in qc_checks() if c.name in query.checks):
        own = _query_lines(check.sparql)
        assert own[-2].startswith("BIND(CONCAT(") and own[-2].endswith(" AS ?message)")
        assert own[-2].removeprefix("BIND(").removesuffix(" AS ?message)") in branches
        assert [line for line in own[:-2] if not line.startswith(("SELECT", "FILTER(?kind"))] == body


def test_the_report_order_of_qc_findings_does_not_depend_on_the_hash_seed(tmp_path):
    """Four nodes sharing a label: each is the focus of three findings with the same value, told
    apart only by the message (the other node); the JSON report is the same in every process."""
    import os
    import subprocess
    import sys

    path = tmp_path / "same.ttl"
    path.write_text("@prefix il7: <https://w3id.org/il7onto/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    + "".join(f'<http://example.org/{n}> a il7:CellType ; rdfs:label "{label}"@en .\n'
                              for n, label in zip("abcd", ("Same", "same", "SAME", "sAme"))))
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([str(Path(sys.executable).parent / "il7onto"), "validate", "--format", "json", str(path)],
                              capture_output=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 1 and done.stdout.count(b"qc:duplicate-label") == 12
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("headers", [["duplicate-label"], ["duplicate-label no-such-check"], [""],
                                     ["duplicate-label duplicate-label-across-kinds", "duplicate-label subclass-cycle"]],
                         ids=["one-check", "unknown-check", "no-checks", "a-check-twice"])
def test_a_shared_query_header_must_name_two_or_more_checks_once(tmp_path, monkeypatch, headers):
    import shutil

    from il7onto.validation import checks as module

    shapes = tmp_path / "shapes"
    shutil.copytree(module.data_dir("shapes") / "qc", shapes / "qc", ignore=shutil.ignore_patterns("shared"))
    (shapes / "qc" / "shared").mkdir()
    for number, header in enumerate(headers):
        (shapes / "qc" / "shared" / f"q{number}.rq").write_text(f"# checks: {header}\nSELECT * WHERE {{}}\n")
    monkeypatch.setattr(module, "data_dir", lambda name: tmp_path / name)
    module.qc_checks.cache_clear()
    module.shared_queries.cache_clear()
    try:
        with pytest.raises(ValueError, match="two or more QC checks"):
            module.shared_queries()
    finally:
        module.qc_checks.cache_clear()
        module.shared_queries.cache_clear()
