"""`il7onto export`: every format parses back to the ontology, byte-identical across hash seeds."""

from __future__ import annotations

import csv
from collections import Counter
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from il7onto.publish import export as api
from il7onto.publish.tables import MAPPING_PREDICATES
from il7onto.core.namespaces import ONTOLOGY_IRI

from servers import ROOT, isomorphic, run_cli

RDF_PARSE = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def ontology():
    return api.ontology_graph()


@pytest.mark.parametrize("fmt", sorted(RDF_PARSE))
def test_rdf_formats_round_trip(fmt, ontology):
    text = api.render(fmt, ontology)
    parsed = rdflib.Graph().parse(data=text, format=RDF_PARSE[fmt])
    assert len(parsed) == len(ontology)
    assert isomorphic(parsed, ontology)


def test_round_trip_keeps_unicode_language_tags_datatypes_and_blank_nodes(ontology):
    quote = next(o for o in ontology.objects(None, rdflib.URIRef("https://w3id.org/il7onto/quote")) if "α" in o)
    assert quote.language == "en"
    for fmt in RDF_PARSE:
        parsed = rdflib.Graph().parse(data=api.render(fmt, ontology), format=RDF_PARSE[fmt])
        assert quote in set(parsed.objects()), fmt
        datatypes = {o.datatype for o in parsed.objects() if isinstance(o, rdflib.Literal)}
        assert {rdflib.XSD.integer, rdflib.XSD.decimal, rdflib.XSD.boolean, rdflib.XSD.date} <= datatypes, fmt
        assert sum(isinstance(s, rdflib.BNode) for s in parsed.subjects()) > 0, fmt


def test_nquads_puts_everything_in_the_ontology_graph(ontology):
    dataset = rdflib.Dataset()
    dataset.parse(data=api.render("nquads", ontology), format="nquads")
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert graphs == {ONTOLOGY_IRI: len(ontology)}
    assert isomorphic(dataset.graph(rdflib.URIRef(ONTOLOGY_IRI)), ontology)


def test_jsonld_context_is_shipped_embedded_and_never_fetched(ontology, monkeypatch):
    document = json.loads(api.render("jsonld", ontology))
    shipped = json.loads((ROOT / "il7onto" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]
    assert all(isinstance(v, str) for v in document["@context"].values())  # no remote @context
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the JSON-LD parser tried to fetch something")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    parsed = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(parsed, ontology)
    ids = {node["@id"] for node in document["@graph"]}
    assert "il7:IL7" in ids  # compact IRIs, not full ones


def test_rdfxml_opens_in_owlready2(tmp_path, ontology):
    import owlready2  # a core dependency: never skipped
    path = tmp_path / "il7onto.owl"
    api.write("rdfxml", path, ontology)
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    assert onto.base_iri.startswith(ONTOLOGY_IRI)
    iris = {c.iri for c in onto.classes()}
    assert "https://w3id.org/il7onto/Cytokine" in iris
    il7 = world["https://w3id.org/il7onto/IL7"]
    assert il7 is not None and "interleukin-7" in [str(label) for label in il7.label]


def test_sssom_lists_every_alignment_with_its_mapping_set(ontology):
    text = api.render("sssom", ontology)
    meta = [line[1:] for line in text.splitlines() if line.startswith("#")]
    body = [line for line in text.splitlines() if not line.startswith("#")]
    yaml_text = "\n".join(meta)
    for key in ("curie_map:", "mapping_set_id:", "license:", "mapping_set_version:"):
        assert key in yaml_text
    rows = list(csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t"))
    skos = "http://www.w3.org/2004/02/skos/core#"
    expected = {(s, rdflib.URIRef(p), o) for p in MAPPING_PREDICATES
                for s, o in ontology.subject_objects(rdflib.URIRef(p))}
    assert len(rows) == len(expected) > 100
    curie_map = {}
    for line in meta[meta.index("curie_map:") + 1:]:
        if not line.startswith("  "):
            break
        prefix, _, iri = line.strip().partition(": ")
        curie_map[prefix] = json.loads(iri)

    def expand(curie):
        prefix, _, local = curie.partition(":")
        return curie_map[prefix] + local

    seen = set()
    for row in rows:
        assert row["subject_id"].startswith("il7:")
        assert row["predicate_id"].startswith("skos:")
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["object_source"].startswith("il7:source-")
        assert row["subject_label"]
        seen.add((rdflib.URIRef(expand(row["subject_id"])), rdflib.URIRef(skos + row["predicate_id"][5:]),
                  rdflib.URIRef(expand(row["object_id"]))))
    assert seen == expected
    ncbi = next(r for r in rows if r["object_id"].startswith("NCBIGene:"))
    assert ncbi["object_source"] == "il7:source-ncbigene"
    # one CURIE per identifier, as the query tables write it (not MGI:MGI:96551)
    mgi = sorted(r["object_id"] for r in rows if r["object_id"].startswith("MGI:"))
    assert mgi == ["MGI:96551", "MGI:96561", "MGI:96562"]


def test_kgx_nodes_and_edges(tmp_path, ontology):
    paths = api.write("kgx", tmp_path / "kgx", ontology)
    assert [p.name for p in paths] == ["il7onto_nodes.tsv", "il7onto_edges.tsv"]
    nodes = list(csv.DictReader(paths[0].open(encoding="utf-8"), delimiter="\t"))
    edges = list(csv.DictReader(paths[1].open(encoding="utf-8"), delimiter="\t"))
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes) == 125  # 105 entities of the review's model + 20 of issue 17's external module
    # node ids: the canonical CURIE of the exact match where one exists, il7: otherwise
    assert Counter(n["id"].split(":")[0] for n in nodes) == {
        "il7": 43, "MESH": 27, "NCBIGene": 20, "MONDO": 16, "CL": 11, "GO": 3, "CHEBI": 2, "NCBITaxon": 2,
        "NCIT": 1}  # ChEBI comes before DrugBank in NODE_ID_PREFERENCE: the two JAK inhibitors have both
    categories = {n["category"] for n in nodes}
    assert {"biolink:Gene", "biolink:Protein", "biolink:Cell", "biolink:Disease", "biolink:Drug"} <= categories
    by_id = {n["id"]: n for n in nodes}
    assert by_id["MESH:D015851"]["name"] == "interleukin-7"
    assert by_id["MESH:D015851"]["category"] == "biolink:Protein"
    assert by_id["NCBIGene:3574"]["category"] == "biolink:Gene"
    assert by_id["NCBIGene:3574"]["xref"] == "HGNC:6023|il7:IL7_human_gene"  # the il7: IRI stays as an xref
    assert by_id["NCBIGene:16196"]["xref"] == "MGI:96561|il7:Il7_mouse_gene"  # MGI written once, as MGI does
    assert by_id["CL:0000084"]["name"] == "T cell"
    assert by_id["CHEBI:66919"]["xref"] == "DRUGBANK:DB08877|MESH:C540383|il7:Ruxolitinib"
    assert by_id["NCBITaxon:9606"]["category"] == "biolink:OrganismTaxon"
    confirmed = {"has_gene_product", "in_taxon", "has_part", "part_of", "physically_interacts_with",
                 "interacts_with", "regulates", "affects", "expressed_in", "produced_by", "causes",
                 "contributes_to", "associated_with", "correlated_with", "treats", "studied_to_treat",
                 "orthologous_to", "located_in", "related_to", "has_target", "in_clinical_trials_for"}
    assert len(edges) == 194  # one edge per species a claim names; one without species where it names none
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids
        assert edge["predicate"].startswith("biolink:") and edge["predicate"][8:] in confirmed
        assert edge["knowledge_level"] == "knowledge_assertion"
        assert edge["agent_type"] == "manual_agent"
        assert edge["primary_knowledge_source"] == "infores:il7onto"
        assert edge["species_context_qualifier"] in ("", "NCBITaxon:9606", "NCBITaxon:10090")
    assert len({e["id"] for e in edges}) == len(edges)
    encodes = [e for e in edges if e["subject"] == "NCBIGene:3574" and e["object"] == "MESH:D015851"]
    assert [(e["predicate"], e["publications"], e["species_context_qualifier"]) for e in encodes] == [
        ("biolink:has_gene_product", "PMID:36201890", "NCBITaxon:9606")]
    # the causal claim is exported as causal, once per species the claim names
    scid = sorted((e["subject"], e["predicate"], e["species_context_qualifier"]) for e in edges
                  if e["original_predicate"] == "il7:deficiencyCauses" and e["object"] == "MONDO:0015974")
    assert scid == [("GO:0038111", "biolink:causes", "NCBITaxon:10090"), ("GO:0038111", "biolink:causes", "NCBITaxon:9606")]
    assert not any(e["original_predicate"] == "il7:notExpressedOn" for e in edges)


FORMATS_FOR_SEEDS = ["turtle", "ntriples", "nquads", "rdfxml", "jsonld", "obo", "obographs", "sssom"]


def _export_in_subprocess(fmt: str, seed: str, out: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = run_cli("export", "--format", fmt, "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr.decode()
    if fmt == "kgx":
        return (out / "il7onto_nodes.tsv").read_bytes() + b"\0" + (out / "il7onto_edges.tsv").read_bytes()
    return out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS_FOR_SEEDS + ["kgx"])
def test_byte_identical_whatever_the_hash_seed(fmt, tmp_path):
    outputs = {seed: _export_in_subprocess(fmt, seed, tmp_path / f"{fmt}-{seed}") for seed in ("1", "4242")}
    assert outputs["1"] == outputs["4242"]
    assert len(outputs["1"]) > 1000


def test_stdout_matches_file(tmp_path):
    result = run_cli("export", "--format", "ntriples")
    assert result.returncode == 0
    assert result.stdout == api.render("ntriples").encode("utf-8")


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_text("previous content")

    class Boom(Exception):
        pass

    real_replace = os.replace

    def failing_replace(src, dst):
        raise Boom()

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(Boom):
        api.write_atomic(target, "new content")
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # temp file removed


def test_write_into_missing_folder_is_an_input_error(tmp_path):
    result = run_cli("export", "--format", "turtle", "-o", str(tmp_path / "missing" / "x.ttl"))
    assert result.returncode == 3
    assert b"does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_kgx_without_output_is_a_usage_error():
    result = run_cli("export", "--format", "kgx")
    assert result.returncode == 2
    assert b"-o DIR" in result.stderr


def test_release_writes_everything_with_checksums(tmp_path):
    result = run_cli("export", "--release", str(tmp_path / "rel"))
    assert result.returncode == 0, result.stderr.decode()
    folder = tmp_path / "rel"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["il7onto.ttl", "il7onto.nt", "il7onto.nq", "il7onto.owl", "il7onto.jsonld",
                            "il7onto.obo", "il7onto.json",
                            "il7onto.sssom.tsv", "il7onto_nodes.tsv", "il7onto_edges.tsv", "context.jsonld",
                            "SHA256SUMS"])
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(names) - 1
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_context_is_in_the_wheel(tmp_path):
    pytest.importorskip("hatchling")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, timeout=300)
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.decode()[-300:]}")
    import zipfile

    wheel = next(tmp_path.glob("il7onto-*.whl"))
    assert "il7onto/context.jsonld" in zipfile.ZipFile(wheel).namelist()


def test_rdfxml_typed_nodes_round_trip():
    """Subjects are written as typed nodes of their OWL type, the ontology header first; nothing is lost
    for subjects with only a type, several OWL types, or blank nodes."""
    owl, ex = rdflib.OWL, rdflib.Namespace("http://example.org/")
    graph = rdflib.Graph()
    graph.add((ex.onlyTyped, rdflib.RDF.type, owl.Class))
    graph.add((ex.punned, rdflib.RDF.type, owl.Class))
    graph.add((ex.punned, rdflib.RDF.type, owl.NamedIndividual))
    graph.add((ex.punned, rdflib.RDF.type, ex.Kind))
    node = rdflib.BNode()
    graph.add((node, rdflib.RDF.type, owl.Restriction))
    graph.add((node, owl.onProperty, ex.p))
    graph.add((ex.zzz, rdflib.RDF.type, owl.Ontology))
    graph.add((ex.zzz, rdflib.RDFS.label, rdflib.Literal("header")))
    text = api.render("rdfxml", graph)
    elements = [line.strip() for line in text.splitlines() if line.startswith("  <")]
    assert elements[0] == '<owl:Ontology rdf:about="http://example.org/zzz">'
    assert '<owl:Class rdf:about="http://example.org/onlyTyped">' in elements
    assert '<owl:Class rdf:about="http://example.org/punned">' in elements
    assert isomorphic(rdflib.Graph().parse(data=text, format="xml"), graph)
