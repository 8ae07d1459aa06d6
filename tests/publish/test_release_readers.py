"""The OBO-style release artefacts read back by independent readers: pronto and fastobo (OBO, OBO
Graphs JSON, RDF/XML), the OWL API (Debian libowlapi-java, through tests/java/OwlCheck.java: OWL 2 DL
profile, classes, individuals, punned IRIs; also merged with the CL/MONDO terms used, typed as those
ontologies type them) and owlready2 + HermiT (consistent, inferred classes)."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
import rdflib

from il7onto.publish import export as api

HERE = Path(__file__).resolve().parents[1]  # tests/: the shared helpers, java/ and data/
OWLAPI_CLASSPATH = "/usr/share/java/*"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release") / "rel"
    api.release(folder)
    return folder


def test_rdfxml_starts_with_the_ontology_header(release):
    lines = (release / "il7onto.owl").read_text(encoding="utf-8").splitlines()
    first_element = next(line for line in lines if line.startswith("  <"))
    assert first_element == '  <owl:Ontology rdf:about="https://w3id.org/il7onto/il7onto.owl">'


def test_pronto_reads_obo_json_and_owl(release):
    pronto = pytest.importorskip("pronto")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obo = pronto.Ontology(str(release / "il7onto.obo"))
        graphs = pronto.Ontology(str(release / "il7onto.json"))
        owl = pronto.Ontology(str(release / "il7onto.owl"))
    for ontology in (obo, graphs):
        assert len(list(ontology.terms())) == 149  # il7:Entity, the classes under it and the entities
        assert len(list(ontology.relationships())) == 40
    il7 = obo["il7:IL7"]
    assert il7.name == "interleukin-7"
    assert [t.id for t in il7.superclasses(distance=1, with_self=False)] == ["il7:Cytokine"]
    assert {t.id for t in il7.relationships[obo.get_relationship("il7:mainlyProducedBy")]} == {
        "il7:ThymicStromalCell", "il7:LymphoidOrganStromalCell", "il7:BoneMarrowStromalCell"}
    assert {x.id for x in obo["il7:SCID"].xrefs} == {"MONDO:0015974", "MESH:D016511", "DOID:627"}
    assert {x.id for x in obo["il7:Il7_mouse_gene"].xrefs} == {"NCBIGene:16196", "MGI:96561"}
    assert graphs["https://w3id.org/il7onto/IL7"].name == "interleukin-7"
    assert {x.id for x in graphs["https://w3id.org/il7onto/Il7_mouse_gene"].xrefs} == {"NCBIGene:16196", "MGI:96561"}
    # the RDF/XML: pronto finds the header and the OWL classes, entities included
    assert len(list(owl.terms())) == 192 and owl["https://w3id.org/il7onto/IL7"].name == "interleukin-7"


def test_obographs_json_names_the_graph_by_the_ontology_iri(release):
    import json

    graph = json.loads((release / "il7onto.json").read_text(encoding="utf-8"))["graphs"][0]
    assert graph["id"] == "https://w3id.org/il7onto/il7onto.owl"
    assert graph["meta"]["version"] == "https://w3id.org/il7onto/releases/0.1.0/il7onto.owl"
    assert len(graph["nodes"]) == 149 + 40


def test_fastobo_reads_obo_and_obographs(release):
    fastobo = pytest.importorskip("fastobo")
    document = fastobo.load(str(release / "il7onto.obo"))
    kinds = [type(frame).__name__ for frame in document]
    assert kinds.count("TermFrame") == 149 and kinds.count("TypedefFrame") == 40
    il7 = next(frame for frame in document if str(frame.id) == "il7:IL7")
    assert sum(type(clause).__name__ == "RelationshipClause" for clause in il7) == 23
    graph_document = fastobo.load_graph(str(release / "il7onto.json"))
    assert sum(type(frame).__name__ == "TermFrame" for frame in graph_document) == 149


_COMPILED: dict[str, Path] = {}


def _owl_check(tmp_path: Path, *files: Path) -> dict[str, str]:
    if shutil.which("javac") is None or not Path("/usr/share/java/owlapi-distribution.jar").exists():
        pytest.skip("needs javac and the OWL API (Debian default-jdk-headless, libowlapi-java)")
    if "classes" not in _COMPILED:  # compiled once per test session
        classes = tmp_path / "classes"
        subprocess.run(["javac", "-cp", OWLAPI_CLASSPATH, "-d", str(classes), str(HERE / "java" / "OwlCheck.java")],
                       check=True, capture_output=True, timeout=300)
        _COMPILED["classes"] = classes
    classes = _COMPILED["classes"]
    result = subprocess.run(["java", "-cp", f"{OWLAPI_CLASSPATH}:{classes}", "OwlCheck", *map(str, files)],
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()[-2000:]
    report: dict[str, str] = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.partition(" ")
        report[key] = value if key not in report else report[key] + "\n" + value
    return report


def test_owl_api_reads_the_owl_file_in_the_dl_profile(release, tmp_path):
    report = _owl_check(tmp_path, release / "il7onto.owl")
    assert report["format"] == "il7onto.owl RDF/XML Syntax"
    # entities are classes punned with their individuals (OWL 2 punning, legal in DL)
    assert (report["dl"], report["violations"], report["punned"]) == ("true", "0", "122")
    assert (report["classes"], report["individuals"]) == ("192", "399")  # 397 + the ChEBI mapping set and its source (issue 17)


def test_owl_api_reads_the_obo_file_with_every_entity(release, tmp_path):
    report = _owl_check(tmp_path, release / "il7onto.obo")
    assert report["format"] == "il7onto.obo OBO Format"
    assert (report["dl"], report["classes"], report["objectproperties"]) == ("true", "149", "40")


def _external_terms(release: Path, tmp_path: Path, mapping_type: rdflib.URIRef) -> Path:
    """The CL and MONDO terms the ontology maps to, typed as CL and MONDO type them (owl:Class), with
    skos:exactMatch typed ``mapping_type`` as it is in that release (MONDO: an annotation property)."""
    graph = rdflib.Graph().parse(release / "il7onto.ttl")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    external = rdflib.Graph()
    for prefix in ("CL_", "MONDO_"):
        for term in set(graph.objects()):
            if isinstance(term, rdflib.URIRef) and str(term).startswith("http://purl.obolibrary.org/obo/" + prefix):
                external.add((term, rdflib.RDF.type, rdflib.OWL.Class))
    external.add((skos.exactMatch, rdflib.RDF.type, mapping_type))
    mondo_scid = rdflib.URIRef("http://purl.obolibrary.org/obo/MONDO_0015974")
    external.add((mondo_scid, skos.exactMatch, rdflib.URIRef("http://id.nlm.nih.gov/mesh/D016511")))
    path = tmp_path / "external.owl"
    path.write_text(external.serialize(format="pretty-xml"), encoding="utf-8")
    return path, len(set(external.subjects(rdflib.RDF.type, rdflib.OWL.Class)))


def test_owl_api_merged_with_cl_and_mondo_terms_stays_in_dl(release, tmp_path):
    external, count = _external_terms(release, tmp_path, rdflib.OWL.AnnotationProperty)
    report = _owl_check(tmp_path, release / "il7onto.owl", external)
    assert (report["dl"], report["violations"], report["punned"]) == ("true", "0", "122")  # as alone
    # 31 CL and MONDO terms, 24 of them already named by our equivalence and subclass axioms
    assert count == 32 and report["classes"] == str(192 + 5)


def test_owl_api_check_sees_illegal_punning(release, tmp_path):
    """The merge check can fail: a mapping property typed as an object property in the other
    ontology makes it illegally punned, as the SKOS properties were before they became annotations."""
    external, _ = _external_terms(release, tmp_path, rdflib.OWL.ObjectProperty)
    report = _owl_check(tmp_path, release / "il7onto.owl", external)
    # skos:exactMatch and its super-property skos:mappingRelation
    assert report["dl"] == "false" and int(report["violations"]) > 0 and report["punned"] == str(122 + 2)


def test_owlready2_hermit_finds_it_consistent(release, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("HermiT needs Java (Debian default-jre-headless)")
    world = owlready2.World()
    ontology = world.get_ontology((release / "il7onto.owl").as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    il7 = world["https://w3id.org/il7onto/IL7"]
    ancestors = {c.iri for t in il7.is_a if hasattr(t, "ancestors") for c in t.ancestors()}
    assert "https://w3id.org/il7onto/Cytokine" in ancestors
    assert "https://w3id.org/il7onto/Entity" in ancestors
