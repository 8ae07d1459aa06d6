"""The knowledge base: structure, header, provenance and coverage of the review (issue 2)."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, XSD, Literal, Namespace, URIRef

import il7onto
from il7onto.core.resources import ontology_files

IL7 = Namespace("https://w3id.org/il7onto/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
ONTOLOGY = URIRef("https://w3id.org/il7onto/il7onto.owl")
REVIEW = URIRef("https://pubmed.ncbi.nlm.nih.gov/36201890/")
DEFINITION = OBO.IAO_0000115
ASSERTION_PROPERTIES = {IL7.claimSubject, IL7.claimPredicate, IL7.claimObject}


def test_parses_identically_with_rdflib_and_pyoxigraph(graph):
    store = pyoxigraph.Store()
    for path in ontology_files():
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph) > 3000


def test_header(graph):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY, OWL.versionInfo) == Literal(il7onto.__version__)
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(
        f"https://w3id.org/il7onto/releases/{il7onto.__version__}/il7onto.owl")
    assert graph.value(ONTOLOGY, DCT.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert set(graph.objects(ONTOLOGY, DCT.source)) == {
        URIRef("https://doi.org/10.1016/j.cyto.2022.156049"), REVIEW}
    for prop in (DCT.title, DCT.description, DCT.creator):
        assert graph.value(ONTOLOGY, prop) is not None, prop
    for prop in (DCT.created, DCT.modified):
        value = graph.value(ONTOLOGY, prop)
        assert value.datatype == XSD.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value))


def _il7_terms(graph, kind):
    return {s for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(IL7))}


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty])
def test_every_class_and_property_has_label_and_definition(graph, kind):
    terms = _il7_terms(graph, kind)
    assert terms
    for term in terms:
        labels = [o for o in graph.objects(term, RDFS.label) if o.language == "en"]
        assert len(labels) == 1, term
        assert graph.value(term, DEFINITION) is not None, term


def test_object_properties_reuse_ro_or_bfo(graph):
    """Every relation the review asserts has an RO/BFO super-property where one fits."""
    without_parent = set()
    for prop in _il7_terms(graph, OWL.ObjectProperty):
        chain = set(graph.transitive_objects(prop, RDFS.subPropertyOf)) - {prop}
        if not any(str(p).startswith(str(OBO)) for p in chain):
            without_parent.add(prop.removeprefix(str(IL7)))
    # These have no RO counterpart (checked in ro.obo 2023-02-22; see docs/vocabulary-sources.tsv).
    assert without_parent == {
        "hasFeature", "hasProductionMode", "expressedOn", "primarilyExpressedOn", "reportedExpressedOn",
        "lowlyExpressedOn", "notExpressedOn", "resultsFrom", "targets", "hasModeOfAction", "evaluatedIn",
        "ofModality", "inCondition", "hasReportedEffect", "agentOfModality", "agentEvaluatedIn",
    }


# --- every sentence of the abstract is a claim ------------------------------------------------

_HEADINGS = re.compile(
    r"(Overview|Genomic architecture|Protein|Clinical applications|Crystal structure):\s*|"
    r"(REGULATION OF IL-7 PRODUCTION|IL-7 RECEPTORS|IL-7 RECEPTOR SIGNAL TRANSDUCTION PATHWAYS|"
    r"BIOLOGICAL ACTIVITY OF IL-7|ABNORMALITIES OF THE IL-7 PATHWAY IN DISEASE):\s*")


def abstract_sentences(seed: str) -> list[str]:
    body = seed.split("Epub 2022 Oct 3.", 1)[1].split("Publication types", 1)[0]
    text = _HEADINGS.sub("\n", body)
    sentences = []
    for chunk in text.split("\n"):
        sentences += [s.strip() for s in re.split(r"(?<=\.)\s+(?=[A-Z])", chunk) if s.strip()]
    return sentences


def test_abstract_is_split_into_its_23_sentences(seed_abstract):
    sentences = abstract_sentences(seed_abstract)
    assert len(sentences) == 23
    assert sentences[0].startswith("IL-7 is a member of the family")
    assert sentences[-1].startswith("Drugs blocking the signal transduction pathway")


def test_every_sentence_of_the_abstract_is_quoted_by_a_claim(graph, seed_abstract):
    quotes = {str(q) for q in graph.objects(None, IL7.quote)}
    missing = [s for s in abstract_sentences(seed_abstract) if s not in quotes]
    assert missing == []
    assert quotes <= set(abstract_sentences(seed_abstract)), "a quote is not verbatim from the abstract"


def test_every_mesh_heading_of_the_review_is_represented(graph, seed_abstract, mesh_descriptors):
    terms_block = seed_abstract.split("MeSH terms", 1)[1]
    headings, substances = [block.strip() for block in terms_block.split("\n\n\n")]
    indexed = {str(graph.value(t, RDFS.label)): t for t in graph.objects(REVIEW, IL7.indexedWith)}
    for line in headings.splitlines():
        heading = line.strip(" •").strip()
        assert heading in indexed, heading
        descriptor = str(graph.value(indexed[heading], IL7.meshDescriptor)).rsplit("/", 1)[1]
        assert mesh_descriptors[descriptor] == heading.split(" / ")[0].rstrip("*")
        assert (graph.value(indexed[heading], IL7.majorTopic).toPython()) == heading.split(" / ")[0].endswith("*")
    subjects = {mesh_descriptors[str(o).rsplit("/", 1)[1]] for o in graph.objects(REVIEW, DCT.subject)}
    assert subjects == {line.strip(" •").strip() for line in substances.splitlines() if line.strip()}
    assert len(indexed) == 15


# --- one test per section: the exact relationships the ontology must contain ----------------

def _objects(graph, subject, prop):
    return {str(o).removeprefix(str(IL7)) for o in graph.objects(IL7[subject], IL7[prop])}


def test_section_overview(graph):
    assert _objects(graph, "IL7", "memberOf") == {"FourHelixCytokineFamily"}
    assert _objects(graph, "FourHelixCytokineFamily", "binds") == {"TypeICytokineReceptorFamily"}
    assert _objects(graph, "IL7", "producedBy") == {"StromalCell"}
    assert _objects(graph, "IL7", "requiredFor") == {"LymphoidDevelopment", "LymphocyteHomeostasis"}
    assert "LymphoidCell" in _objects(graph, "IL7", "requiredForSurvivalOf")


def test_section_genomic_architecture_and_receptor_genes(graph):
    expected = {  # gene: (symbol, taxon, NCBI Gene ID, chromosome, product) as the review states them
        "IL7_human_gene": ("IL7", "Human", "3574", "HumanChromosome8", "IL7"),
        "Il7_mouse_gene": ("Il7", "Mouse", "16196", "MouseChromosome3", "IL7"),
        "IL7R_human_gene": ("IL7R", "Human", "3575", "HumanChromosome5", "IL7Ralpha"),
        "IL2RG_human_gene": ("IL2RG", "Human", "3561", "HumanChromosomeX", "CommonGammaChain"),
        "Il7r_mouse_gene": ("Il7r", "Mouse", "16197", "MouseChromosome15", "IL7Ralpha"),
        "Il2rg_mouse_gene": ("Il2rg", "Mouse", "16186", "MouseChromosomeX", "CommonGammaChain"),
    }
    for gene, (symbol, taxon, gene_id, chromosome, product) in expected.items():
        g = IL7[gene]
        assert str(graph.value(g, IL7.geneSymbol)) == symbol
        assert _objects(graph, gene, "inTaxon") == {taxon}
        assert _objects(graph, gene, "locatedOnChromosome") == {chromosome}
        assert _objects(graph, gene, "encodes") == {product}
        ncbi = {str(o) for o in graph.objects(g, SKOS.exactMatch) if "ncbigene" in str(o)}
        assert ncbi == {f"http://identifiers.org/ncbigene/{gene_id}"}
        assert _objects(graph, chromosome, "inTaxon") == {taxon}


def test_section_protein(graph):
    il7 = IL7.HumanIL7  # issue 13: the review gives these numbers for human IL-7
    assert (il7, RDFS.subClassOf, IL7.IL7) in graph and graph.value(IL7.IL7, IL7.matureLengthAminoAcids) is None
    assert graph.value(il7, IL7.matureLengthAminoAcids).toPython() == 152
    assert str(graph.value(il7, IL7.predictedMassKDa)) == "17.4"
    assert float(graph.value(il7, IL7.glycosylatedMassKDa)) == 25.0
    assert _objects(graph, "IL7", "hasFeature") == {"SignalSequence", "Glycosylation", "FourHelixBundleFold"}


def test_section_regulation_of_production(graph):
    assert _objects(graph, "IL7", "mainlyProducedBy") == {
        "ThymicStromalCell", "BoneMarrowStromalCell", "LymphoidOrganStromalCell"}
    assert _objects(graph, "IL7", "reportedProducedBy") == {"OtherTissues"}
    assert {(c, t) for c in ("ThymicStromalCell", "BoneMarrowStromalCell", "LymphoidOrganStromalCell")
            for t in _objects(graph, c, "locatedIn")} == {
        ("ThymicStromalCell", "Thymus"), ("BoneMarrowStromalCell", "BoneMarrow"),
        ("LymphoidOrganStromalCell", "LymphoidOrgan")}
    assert _objects(graph, "IL7", "hasProductionMode") == {"Constitutive"}
    assert _objects(graph, "IL7", "productionAffectedBy") == {"IFNG", "OtherFactors"}


def test_section_receptors(graph):
    assert _objects(graph, "IL7Receptor", "hasPart") == {"IL7Ralpha", "CommonGammaChain"}
    # a heterodimer: exactly two receptor chains, of two disjoint kinds
    cardinality = [n for n in graph.objects(IL7.IL7Receptor, RDFS.subClassOf)
                   if graph.value(n, OWL.qualifiedCardinality) is not None]
    assert [(graph.value(n, OWL.onProperty), graph.value(n, OWL.onClass), graph.value(n, OWL.qualifiedCardinality).toPython())
            for n in cardinality] == [(IL7.hasPart, IL7.ReceptorChain, 2)]
    assert (IL7.IL7Ralpha, OWL.disjointWith, IL7.CommonGammaChain) in graph
    assert _objects(graph, "IL7Receptor", "memberOf") == {"GammaChainReceptorFamily", "TypeICytokineReceptorFamily"}
    users = {str(s).removeprefix(str(IL7)) for s in graph.subjects(IL7.usesReceptorChain, IL7.CommonGammaChain)}
    assert users == {"IL2", "IL4", "IL7", "IL9", "IL15", "IL21"}
    assert _objects(graph, "IL7Receptor", "primarilyExpressedOn") == {"Lymphocyte"}
    assert _objects(graph, "IL7Receptor", "reportedExpressedOn") == {"OtherCellTypes"}
    assert _objects(graph, "IL7Receptor", "lowlyExpressedOn") == {"RegulatoryTCell"}
    assert _objects(graph, "IL7Receptor", "notExpressedOn") == {"MatureBCell"}
    assert _objects(graph, "IL7", "downregulatesExpressionOf") == {"IL7Receptor"}
    claim = next(graph.subjects(IL7.claimPredicate, IL7.downregulatesExpressionOf))
    assert graph.value(claim, IL7.inCellType) == IL7.TCell


def test_section_signal_transduction(graph):
    assert _objects(graph, "IL7Receptor", "signalsViaCanonical") == {"JAK1", "JAK3", "STAT5"}
    assert _objects(graph, "IL7Receptor", "signalsViaNonCanonical") == {
        "STAT3", "STAT1", "PI3KAKTPathway", "MEKERKPathway"}
    assert _objects(graph, "JAK1", "activates") == _objects(graph, "JAK3", "activates") == {"STAT5"}
    assert _objects(graph, "PI3KAKTPathway", "hasPart") == {"PI3K", "AKT"}
    assert _objects(graph, "MEKERKPathway", "hasPart") == {"MEK", "ERK"}


def test_section_biological_activity(graph):
    assert _objects(graph, "IL7", "requiredForSurvivalOf") == {
        "LymphoidCell", "ImmatureThymocyte", "NaiveTCell", "MemoryTCell", "ProBCell", "InnateLymphoidCell"}
    assert _objects(graph, "IL7Therapy", "inducesExpansionOf") == {"NaiveTCell", "MemoryTCell", "ProBCell"}


def _claim_taxa(graph, subject, prop, obj):
    taxa = set()
    for claim in graph.subjects(IL7.claimObject, IL7[obj]):
        if graph.value(claim, IL7.claimSubject) == IL7[subject] and graph.value(claim, IL7.claimPredicate) == IL7[prop]:
            taxa |= {(str(t).removeprefix(str(IL7)), str(graph.value(claim, IL7.causality)).removeprefix(str(IL7)))
                     for t in graph.objects(claim, IL7.holdsInTaxon)}
    return taxa


def test_section_disease(graph):
    pathway = "IL7SignallingPathway"
    assert _objects(graph, pathway, "deficiencyCauses") == {"SCID", "Lymphopenia"}
    assert _claim_taxa(graph, pathway, "deficiencyCauses", "SCID") == {("Human", "Causal"), ("Mouse", "Causal")}
    assert _objects(graph, "SCID", "resultsFrom") == {"Lymphopenia"}
    assert _objects(graph, pathway, "excessSignallingDrives") == {"AutoimmuneDisease"}
    assert _claim_taxa(graph, pathway, "excessSignallingDrives", "AutoimmuneDisease") == {("Mouse", "Causal")}
    human = {"AutoimmuneDisease", "MultipleSclerosis", "Type1Diabetes", "RheumatoidArthritis", "Sarcoidosis",
             "AtopicDermatitis", "Asthma"}
    assert _objects(graph, pathway, "excessSignallingAssociatedWith") == human
    for disease in human:
        assert _claim_taxa(graph, pathway, "excessSignallingAssociatedWith", disease) == {("Human", "Associative")}
    assert _objects(graph, pathway, "mutationDrives") == {"ALL"}


def test_section_clinical_applications(graph):
    assert _objects(graph, "IL7Therapy", "evaluatedIn") == {"Cancer", "HSCT", "AIDS", "Sepsis"}
    applications = {
        str(a).removeprefix(str(IL7)): (_objects(graph, str(a).removeprefix(str(IL7)), "inCondition"),
                                        _objects(graph, str(a).removeprefix(str(IL7)), "hasReportedEffect"))
        for a in graph.subjects(RDF.type, IL7.ClinicalApplication)}
    assert applications == {
        "IL7InCancer": ({"Cancer"}, {"LymphocyteExpansion"}),
        "IL7AfterHSCT": ({"HSCT"}, {"AcceleratedLymphocyteRecovery"}),
        "IL7InAIDS": ({"AIDS"}, {"IncreasedLymphocyteCount"}),
        "IL7InSepsis": ({"Sepsis"}, {"IncreasedLymphocyteCount"}),
    }
    assert _objects(graph, "IL7RBlockingAntibody", "evaluatedIn") == {"AutoimmuneDisease"}
    assert _objects(graph, "IL7RBlockingAntibody", "hasModeOfAction") == {"ReceptorBlockade"}
    assert _objects(graph, "CytotoxicIL7RAntibody", "evaluatedIn") == {"ALL"}
    assert _objects(graph, "SignalTransductionInhibitor", "evaluatedIn") == {"AutoimmuneDisease", "ALL"}
    assert _objects(graph, "SignalTransductionInhibitor", "targets") == {"IL7SignallingPathway"}


# --- provenance ------------------------------------------------------------------------------

def test_every_review_claim_has_complete_provenance(graph):
    sections = set(graph.subjects(RDF.type, IL7.ReviewSection))
    claims = set(graph.subjects(RDF.type, IL7.ReviewClaim))
    assert len(claims) > 100
    for claim in claims:
        assert len(set(graph.objects(claim, IL7.claimSubject))) == 1, claim
        assert len(set(graph.objects(claim, IL7.claimPredicate))) == 1, claim
        assert set(graph.objects(claim, IL7.claimObject)), claim
        assert graph.value(claim, DCT.source) == REVIEW
        assert graph.value(claim, IL7.section) in sections
        assert graph.value(claim, IL7.evidence) in {OBO.ECO_0000304, OBO.ECO_0000305}
        assert set(graph.objects(claim, IL7.holdsInTaxon)) <= {IL7.Human, IL7.Mouse}
        assert graph.value(claim, IL7.causality) in {IL7.Causal, IL7.Associative, IL7.Descriptive}
        assert graph.value(claim, IL7.quote) is not None
        if graph.value(claim, IL7.evidence) == OBO.ECO_0000305:
            assert graph.value(claim, IL7.curatorNote) is not None, f"{claim}: an inference must say how"


def test_external_facts_are_distinguishable_and_sourced(graph):
    facts = set(graph.subjects(RDF.type, IL7.ExternalFact))
    assert facts and not facts & set(graph.subjects(RDF.type, IL7.ReviewClaim))
    for fact in facts:
        source = graph.value(fact, DCT.source)
        assert (source, RDF.type, IL7.ExternalSource) in graph or (
            (source, RDF.type, IL7.Publication) in graph and source != REVIEW), fact
        # database records: imported information; papers (issue 17): their experiments or statements
        assert graph.value(fact, IL7.evidence) in {OBO.ECO_0000312, OBO.ECO_0000269, OBO.ECO_0000304}, fact
        assert graph.value(fact, IL7.section) is None
        assert set(graph.objects(fact, IL7.holdsInTaxon)) <= {IL7.Human, IL7.Mouse}
        assert set(graph.objects(fact, IL7.holdsInTaxon)), fact


def _asserted(graph):
    covered = set()
    for node in graph.subjects(IL7.claimSubject, None):
        s, p = graph.value(node, IL7.claimSubject), graph.value(node, IL7.claimPredicate)
        covered |= {(s, p, o) for o in graph.objects(node, IL7.claimObject)}
    return covered


def test_every_claim_names_a_triple_that_is_asserted(graph):
    for triple in _asserted(graph):
        assert triple in graph, triple


def test_every_relationship_between_entities_has_provenance(graph):
    """Object and datatype property triples on entities are each named by a claim or external fact;
    SKOS alignments are covered by the mapping set of their target vocabulary."""
    properties = _il7_terms(graph, OWL.ObjectProperty) | _il7_terms(graph, OWL.DatatypeProperty)
    covered = _asserted(graph)
    namespaces = [str(ns) for ns in graph.objects(None, IL7.targetNamespace)]
    uncovered = []
    for s, p, o in graph:
        if p in properties and (s, p, o) not in covered and (s, RDF.type, OWL.ObjectProperty) not in graph:
            uncovered.append((s, p, o))
        if (p, RDFS.subPropertyOf, SKOS.mappingRelation) in graph and str(s).startswith(str(IL7)):
            if not any(str(o).startswith(ns) for ns in namespaces) and (s, p, o) not in covered:
                uncovered.append((s, p, o))
    assert uncovered == []


def test_dbxrefs_mirror_exact_skos_mappings_only(graph):
    """OBO tools read an xref as near-equivalence: exactly the exact matches are xrefs, written as the
    package's one CURIE converter writes them (MGI:96551, not MGI:MGI:96551)."""
    from il7onto.core.namespaces import curie

    axioms = set(graph.subjects(RDF.type, OWL.Axiom))  # xrefs on an axiom name its source, not a mapping
    entities = (set(graph.subjects(OBOINOWL.hasDbXref, None)) - axioms) | set(graph.subjects(SKOS.exactMatch, None))
    for entity in entities:
        if (entity, RDF.type, IL7.ReviewClaim) in graph or (entity, RDF.type, IL7.ExternalFact) in graph:
            continue
        from_skos = {curie(str(o)) for o in graph.objects(entity, SKOS.exactMatch)}
        xrefs = {str(x) for x in graph.objects(entity, OBOINOWL.hasDbXref)}
        assert xrefs == from_skos, entity
    assert len([s for s in graph.subjects(OBOINOWL.hasDbXref) if (s, RDF.type, OWL.Axiom) not in graph]) == 140  # + the ChEBI xrefs of ruxolitinib and tofacitinib
    # SCID's subtypes (narrow matches) are not its xrefs
    assert {str(o) for o in graph.objects(IL7.SCID, OBOINOWL.hasDbXref)} == {"MONDO:0015974", "MESH:D016511", "DOID:627"}


def test_skos_mapping_properties_are_annotation_properties(graph):
    for name in ("mappingRelation", "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"):
        assert set(graph.objects(SKOS[name], RDF.type)) == {OWL.AnnotationProperty}, name


def test_plain_relationship_is_one_triple_pattern_and_provenance_one_hop(store):
    rows = list(store.query("""
        PREFIX il7: <https://w3id.org/il7onto/>
        SELECT ?section ?evidence WHERE {
          il7:IL7Receptor il7:signalsViaCanonical il7:JAK1 .
          ?claim il7:claimSubject il7:IL7Receptor ; il7:claimObject il7:JAK1 ;
                 il7:section ?section ; il7:evidence ?evidence .
        }"""))
    assert [(r["section"].value, r["evidence"].value) for r in rows] == [
        ("https://w3id.org/il7onto/SectionSignalTransduction", "http://purl.obolibrary.org/obo/ECO_0000304")]


def test_every_entity_has_one_english_label(graph):
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, IL7.Entity))
    entities = {s for c in entity_classes for s in graph.subjects(RDF.type, c)}
    assert len(entities) > 100
    labels = {}
    for entity in entities:
        values = list(graph.objects(entity, RDFS.label))
        assert len(values) == 1 and values[0].language == "en", entity
        assert str(values[0]) == str(values[0]).strip()
        labels.setdefault(str(values[0]), []).append(entity)
    assert [label for label, holders in labels.items() if len(holders) > 1] == []


def test_mapping_set_prefixes_are_the_curie_converters(graph):
    """Each mapping set's CURIE prefix is the one the package's converter writes for its targets."""
    from il7onto.core.namespaces import curie

    sets = {str(graph.value(m, IL7.targetNamespace)): str(graph.value(m, IL7.targetPrefix))
            for m in graph.subjects(RDF.type, IL7.MappingSet)}
    checked = 0
    for predicate in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"):
        for target in graph.objects(None, SKOS[predicate]):
            namespace = max((n for n in sets if str(target).startswith(n)), key=len)
            assert curie(str(target)).split(":", 1)[0] == sets[namespace], target
            checked += 1
    assert checked > 150


def test_empty_crystal_structure_headings_differ_from_unmodelled_text(graph):
    empty = {str(s).removeprefix(str(IL7)) for s in graph.subjects(IL7.sectionContent, IL7.NoContentInSource)}
    assert empty == {"SectionProteinCrystalStructure", "SectionReceptorCrystalStructure"}
    sections = set(graph.subjects(RDF.type, IL7.ReviewSection))
    assert {graph.value(s, IL7.sectionContent) for s in sections} == {IL7.NoContentInSource, IL7.ContentModelled}
    assert not any((None, IL7.section, IL7[name]) in graph for name in empty)


def test_stat5a_and_stat5b_are_kinds_of_stat5_not_parts(graph):
    assert _objects(graph, "STAT5", "hasPart") == set()
    assert {(IL7.STAT5A, RDFS.subClassOf, IL7.STAT5), (IL7.STAT5B, RDFS.subClassOf, IL7.STAT5)} <= set(graph)


def test_species_only_where_the_abstract_names_one(graph):
    """A review claim holds in a species only when its sentence names one, or as a curator's reading
    (ECO:0000305 with a note): the pro-B-cell survival claim is read as mouse only."""
    for claim in graph.subjects(RDF.type, IL7.ReviewClaim):
        taxa, quote = set(graph.objects(claim, IL7.holdsInTaxon)), str(graph.value(claim, IL7.quote))
        human = re.search(r"human|patients|leukemia|evaluated|tested", quote, re.I)  # patients, trials, ALL
        mouse = re.search(r"murine|mouse|mice", quote, re.I)
        if (IL7.Human in taxa and not human) or (IL7.Mouse in taxa and not mouse):
            assert graph.value(claim, IL7.evidence) == OBO.ECO_0000305 and graph.value(claim, IL7.curatorNote), claim
    assert _claim_taxa(graph, "IL7", "requiredForSurvivalOf", "ProBCell") == {("Mouse", "Causal")}
    assert _claim_taxa(graph, "IL7", "requiredForSurvivalOf", "NaiveTCell") == set()
