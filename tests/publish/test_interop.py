"""Independent readers of the release artefacts: sssom-py reads the SSSOM file, KGX's validator
passes the KGX files against the Biolink model from its PyPI package, without network access."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from il7onto.publish import export as api
from il7onto.core.namespaces import curie

HERE = Path(__file__).resolve().parents[1]  # tests/: the shared helpers, java/ and data/


@pytest.fixture(scope="module")
def kgx_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kgx")
    return api.write("kgx", folder)


def test_sssom_py_reads_the_mappings(tmp_path):
    pytest.importorskip("sssom")
    from sssom.parsers import parse_sssom_table

    path = tmp_path / "il7onto.sssom.tsv"
    api.write("sssom", path)
    mapping_set = parse_sssom_table(str(path))
    frame = mapping_set.df
    assert len(frame) == 218  # every SKOS mapping of the ontology (187 before issue 17 added 29, then 2 ChEBI)
    chebi = frame[frame.object_id.str.startswith("CHEBI:")]
    assert sorted(zip(chebi.subject_id, chebi.object_id, chebi.predicate_id)) == [
        ("il7:Ruxolitinib", "CHEBI:66919", "skos:exactMatch"), ("il7:Tofacitinib", "CHEBI:71200", "skos:exactMatch")]
    assert sorted(frame[frame.object_id.str.startswith("MGI:")].object_id) == ["MGI:96551", "MGI:96561", "MGI:96562"]
    # its converter expands our CURIEs back to the ontology's IRIs
    assert mapping_set.converter.expand("MGI:96551") == "http://identifiers.org/mgi/MGI:96551"
    assert mapping_set.converter.expand("NCBIGene:3574") == "http://identifiers.org/ncbigene/3574"
    row = frame[(frame.subject_id == "il7:SCID") & (frame.object_id == "MONDO:0015974")]
    assert list(row.predicate_id) == ["skos:exactMatch"]
    # sssom-py's own validators: the JSON schema and the completeness of the curie_map
    from sssom.constants import SchemaValidationType
    from sssom.validators import validate

    checks = [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness]
    reports = validate(mapping_set, checks, fail_on_error=False)
    assert {check: list(report.results) for check, report in reports.items()} == {check: [] for check in checks}


def test_kgx_validate_passes_offline_with_the_packaged_biolink_model(kgx_files, tmp_path):
    pytest.importorskip("kgx")
    pytest.importorskip("biolink_model")
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, str(HERE / "kgx_offline.py"), *map(str, kgx_files), str(report)],
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    summary = json.loads(report.read_text())
    assert summary["refused"] == []  # no connection was attempted
    assert summary["findings"] == {}  # no error, no warning
    assert summary["biolink_version"].startswith("4.")


def test_kgx_check_refuses_the_network(tmp_path):
    """The offline check can fail: kgx's default (a Biolink model on GitHub) is refused and recorded."""
    pytest.importorskip("kgx")
    code = ("import sys; sys.argv=['x']; sys.path.insert(0, %r); import kgx_offline, urllib.request\n"
            "try:\n    urllib.request.urlopen('https://raw.githubusercontent.com/biolink/biolink-model/x', timeout=5)\n"
            "except Exception as exc:\n    print(type(exc).__name__)\nprint(kgx_offline.REFUSED)") % str(HERE)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.stdout.decode().splitlines() == ["URLError", "['raw.githubusercontent.com']"]


def test_kgx_check_reports_a_prefix_biolink_does_not_know(kgx_files, tmp_path):
    pytest.importorskip("kgx")
    nodes, edges = kgx_files
    bad = tmp_path / "nodes.tsv"
    bad.write_text(nodes.read_text().replace("NCBIGene:3574\t", "NOTAPREFIX:3574\t"))
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, str(HERE / "kgx_offline.py"), str(bad), str(edges), str(report)],
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    findings = json.loads(report.read_text())["findings"]
    assert any("NOTAPREFIX" in message for kinds in findings.values() for messages in kinds.values()
               for message in messages)


def test_one_curie_per_identifier_everywhere():
    assert curie("http://identifiers.org/mgi/MGI:96551") == "MGI:96551"
    assert curie("http://identifiers.org/ncbigene/3574") == "NCBIGene:3574"
    assert curie("http://purl.obolibrary.org/obo/CL_0000084") == "CL:0000084"
    assert curie("http://identifiers.org/reactome/R-HSA-1266695") == "REACT:R-HSA-1266695"
    assert curie("https://pubmed.ncbi.nlm.nih.gov/36201890/") == "PMID:36201890"
    assert curie("http://example.org/x") == "http://example.org/x"


def test_quick_curie_of_the_query_path_agrees_with_the_curies_converter():
    from il7onto.core.namespaces import curie_quick
    from il7onto.publish.tables import ontology_graph

    iris = {str(term) for triple in ontology_graph() for term in triple if isinstance(term, rdflib.URIRef)}
    iris |= {"https://pubmed.ncbi.nlm.nih.gov/36201890/", "http://identifiers.org/mgi/MGI:96551",
             "http://purl.obolibrary.org/obo/CL_", "http://example.org/x", "https://www.ncbi.nlm.nih.gov/gene/3574"}
    assert len(iris) > 500
    assert {iri: curie_quick(iri) for iri in iris} == {iri: curie(iri) for iri in iris}


def test_kgx_and_obo_follow_entities_modelled_as_classes():
    """Entities remodelled as OWL classes (subclasses of the kind classes) export as they did as individuals."""
    from il7onto.publish import obo
    from il7onto.publish.tables import ontology_graph, render_kgx

    graph = ontology_graph()
    il7 = rdflib.Namespace("https://w3id.org/il7onto/")
    before_nodes, before_edges = render_kgx(graph)
    before_obo = obo.render("obo", graph)
    for cell in ("TCell", "NaiveTCell", "SCID"):  # classes only: no rdf:type to a kind
        for kind in list(graph.objects(il7[cell], rdflib.RDF.type)):
            graph.remove((il7[cell], rdflib.RDF.type, kind))
            if kind not in (rdflib.OWL.NamedIndividual, rdflib.OWL.Class):
                graph.add((il7[cell], rdflib.RDFS.subClassOf, kind))
        graph.add((il7[cell], rdflib.RDF.type, rdflib.OWL.Class))
    nodes, edges = render_kgx(graph)
    assert nodes == before_nodes and edges == before_edges
    text = obo.render("obo", graph)
    assert text == before_obo and text.count("[Term]") == 149
    assert "id: il7:TCell\nname: T cell\n" in text and "is_a: il7:CellType" in text.split("id: il7:TCell\n")[1].split("[Term]")[0]


def test_kgx_node_ids_fall_back_to_il7_when_two_entities_share_an_exact_match():
    from il7onto.publish.tables import node_ids

    il7 = rdflib.Namespace("https://w3id.org/il7onto/")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    graph = rdflib.Graph()
    cl = rdflib.URIRef("http://purl.obolibrary.org/obo/CL_0000084")
    graph.add((il7.A, skos.exactMatch, cl))
    graph.add((il7.B, skos.exactMatch, cl))
    graph.add((il7.C, skos.exactMatch, cl))
    graph.add((il7.C, skos.exactMatch, rdflib.URIRef("http://identifiers.org/ncbigene/3574")))  # preferred
    graph.add((il7.D, skos.exactMatch, rdflib.URIRef("http://id.nlm.nih.gov/mesh/D1")))
    graph.add((il7.D, skos.exactMatch, rdflib.URIRef("http://id.nlm.nih.gov/mesh/D2")))  # two: ambiguous
    assert node_ids(graph, [il7.A, il7.B, il7.C, il7.D]) == {
        il7.A: "il7:A", il7.B: "il7:B", il7.C: "NCBIGene:3574", il7.D: "il7:D"}
