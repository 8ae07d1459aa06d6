"""The kinds as OWL classes: the generated class-level axioms are up to date, every plain
relationship has its class-level form with the claim's provenance on the axiom, placeholders stay
individuals."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from il7onto.publish.class_axioms import GENERATED_NAME, curated_graph, derive, kinds

IL7 = rdflib.Namespace("https://w3id.org/il7onto/")
REPO = Path(__file__).resolve().parents[2]


def test_shipped_class_axioms_equal_the_generators_output():
    shipped = (REPO / "ontology" / GENERATED_NAME).read_text(encoding="utf-8")
    assert shipped == derive(curated_graph(REPO / "ontology")), \
        "regenerate with: python -m il7onto.publish.class_axioms > ontology/il7onto-axioms.ttl"


def test_every_entity_but_the_placeholders_is_a_class_under_its_schema_class(graph):
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, IL7.Entity))
    placeholders = set(graph.subjects(RDF.type, IL7.Placeholder))
    assert {str(p).removeprefix(str(IL7)) for p in placeholders} == {"OtherTissues", "OtherFactors", "OtherCellTypes"}
    for entity in {s for c in entity_classes for s in graph.subjects(RDF.type, c)} - placeholders:
        assert (entity, RDF.type, OWL.Class) in graph, entity
        schema = {t for t in graph.objects(entity, RDF.type) if str(t).startswith(str(IL7))}
        assert schema <= set(graph.objects(entity, RDFS.subClassOf)), entity
    for placeholder in placeholders:
        assert (placeholder, RDF.type, OWL.Class) not in graph
        assert (None, OWL.someValuesFrom, placeholder) not in graph and (None, RDFS.subClassOf, placeholder) not in graph


def _restriction(graph, subject, prop, filler):
    for node in graph.objects(subject, RDFS.subClassOf):
        if graph.value(node, OWL.onProperty) == prop and filler in (graph.value(node, OWL.someValuesFrom),
                                                                    graph.value(node, OWL.hasValue)):
            return node
    return None


def test_plain_triples_have_their_class_axiom_with_the_claim_on_it(graph):
    node = _restriction(graph, IL7.IL7, IL7.producedBy, IL7.StromalCell)
    assert node is not None
    annotations = [a for a in graph.subjects(OWL.annotatedTarget, node)
                   if graph.value(a, OWL.annotatedSource) == IL7.IL7]
    assert len(annotations) == 1
    assert graph.value(annotations[0], IL7.section) == IL7.SectionOverview
    assert graph.value(annotations[0], RDFS.seeAlso) == IL7["claim-overview-producer"]
    assert _restriction(graph, IL7.IL7, IL7.hasProductionMode, IL7.Constitutive) is not None
    assert _restriction(graph, IL7.IL7, IL7.reportedProducedBy, IL7.OtherTissues) is None
    # one class axiom per plain triple between kinds
    relations = {p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(IL7))}
    classes = kinds(graph)
    for s, p, o in graph:
        if s in classes and o in classes and p in relations and p != IL7.notExpressedOn:
            assert _restriction(graph, s, p, o) is not None, (s, p, o)


def test_absence_is_a_negated_restriction(graph):
    complements = [graph.value(n, OWL.complementOf) for n in graph.objects(IL7.IL7Receptor, RDFS.subClassOf)
                   if graph.value(n, OWL.complementOf) is not None]
    assert [(graph.value(c, OWL.onProperty), graph.value(c, OWL.someValuesFrom)) for c in complements] == [
        (IL7.expressedOn, IL7.MatureBCell)]


def test_exact_obo_matches_are_equivalent_classes(graph):
    obo = "http://purl.obolibrary.org/obo/"
    assert (IL7.NaiveTCell, OWL.equivalentClass, URIRef(obo + "CL_0000898")) in graph
    assert (IL7.AutoimmuneDisease, OWL.equivalentClass, URIRef(obo + "MONDO_0007179")) in graph
    assert (IL7.LymphoidOrganStromalCell, RDFS.subClassOf, URIRef(obo + "CL_0000499")) in graph
    # close matches relate nothing at class level (lymphoid cell is only close to CL:0000542)
    assert (IL7.LymphoidCell, OWL.equivalentClass, URIRef(obo + "CL_0000542")) not in graph


def test_blank_node_labels_are_canonical(graph):
    """The owl:Axiom and restriction blank nodes get content-derived labels (RDFC-1.0, issue 12):
    the same N-Triples whatever labels the parser gave them."""
    from il7onto.publish.serialize import ntriples

    relabelled = rdflib.Graph()
    fresh = {}
    for s, p, o in graph:
        s, o = (fresh.setdefault(t, rdflib.BNode()) if isinstance(t, rdflib.BNode) else t for t in (s, o))
        relabelled.add((s, p, o))
    assert ntriples(relabelled) == ntriples(graph)


def test_symmetric_blank_nodes_get_canonical_labels():
    from il7onto.publish.serialize import ntriples

    cycle = rdflib.Graph()
    a, b, p = rdflib.BNode(), rdflib.BNode(), URIRef("http://example.org/p")
    cycle.add((a, p, b))
    cycle.add((b, p, a))
    assert ntriples(cycle) == "_:c14n0 <http://example.org/p> _:c14n1 .\n_:c14n1 <http://example.org/p> _:c14n0 .\n"


def test_issue_17_entities_follow_the_model(graph):
    """The external module's entities (issue 17) are classes with a sourced definition, in the MONDO hierarchy."""
    definition, xref = URIRef("http://purl.obolibrary.org/obo/IAO_0000115"), \
        URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref")
    hierarchy = {("BCellALL", "ALL", "MONDO:0004947"), ("TCellALL", "ALL", "MONDO:0004963"),
                 ("BCellALL", "ImmuneSystemDisorder", "MONDO:0004947"),
                 ("TCellALL", "ImmuneSystemDisorder", "MONDO:0004963"),
                 ("IdiopathicCD4Lymphocytopenia", "Lymphopenia", "MONDO:0005807")}
    for child, parent, source in hierarchy:
        assert (IL7[child], RDFS.subClassOf, IL7[parent]) in graph
        axioms = [a for a in graph.subjects(OWL.annotatedSource, IL7[child])
                  if graph.value(a, OWL.annotatedTarget) == IL7[parent]]
        assert [str(x) for a in axioms for x in graph.objects(a, xref)] == [source]
    assert (IL7.BCellALL, OWL.equivalentClass, URIRef("http://purl.obolibrary.org/obo/MONDO_0004947")) in graph
    for name in ("IL2Ralpha", "CRLF2", "TSLP", "JAK2", "JAK2_human_gene", "CYT107", "Lusvertikimab", "Tofacitinib"):
        entity = IL7[name]
        assert (entity, RDF.type, OWL.Class) in graph and (entity, RDF.type, OWL.NamedIndividual) in graph
        text = graph.value(entity, definition)
        sourced = [a for a in graph.subjects(OWL.annotatedSource, entity)
                   if graph.value(a, OWL.annotatedProperty) == definition and graph.value(a, OWL.annotatedTarget) == text]
        assert text is not None and len(sourced) == 1 and graph.value(sourced[0], xref) is not None, name
    assert (IL7.CYT107, RDFS.subClassOf, IL7.TherapeuticAgent) in graph
