"""Every external identifier agrees with the checked reference tables in tests/data/reference/ (copies of the verified tables)."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Namespace, URIRef

IL7 = Namespace("https://w3id.org/il7onto/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

# IRI namespace -> prefix used in the reference table's `prefix` column
NAMESPACES = {
    "http://identifiers.org/ncbigene/": "ncbigene", "http://identifiers.org/hgnc/": "hgnc",
    "http://identifiers.org/mgi/MGI:": "mgi", "http://purl.uniprot.org/uniprot/": "uniprot",
    "http://id.nlm.nih.gov/mesh/": "mesh", "http://purl.obolibrary.org/obo/GO_": "go",
    "http://purl.obolibrary.org/obo/CL_": "cl", "http://purl.obolibrary.org/obo/MONDO_": "mondo",
    "http://purl.obolibrary.org/obo/DOID_": "doid", "http://purl.obolibrary.org/obo/NCBITaxon_": "ncbitaxon",
    "http://identifiers.org/reactome/": "reactome", "http://identifiers.org/wikipathways/": "wikipathways",
    "http://purl.obolibrary.org/obo/NCIT_": "ncit", "http://identifiers.org/drugbank/": "drugbank",
    "http://purl.obolibrary.org/obo/CHEBI_": "chebi",
}

# Exact matches whose reference label differs in wording from ours; each pair was read and judged the same concept.
SAME_CONCEPT = {
    ("Homo sapiens", "Homo sapiens"), ("acute lymphoblastic leukemia", "Precursor Cell Lymphoblastic Leukemia-Lymphoma"),
    ("atopic dermatitis", "atopic eczema"), ("cancer", "cancer"), ("interleukin-7 receptor", "Receptors, Interleukin-7"),
    ("interleukin-7 receptor", "interleukin-7 receptor complex"),
    ("interleukin-7 receptor subunit alpha", "Interleukin-7 Receptor alpha Subunit"),
    ("cytokine receptor common subunit gamma", "Interleukin Receptor Common gamma Subunit"),
    ("STAT5 transcription factor", "STAT5 Transcription Factor"), ("STAT3 transcription factor", "STAT3 Transcription Factor"),
    ("STAT1 transcription factor", "STAT1 Transcription Factor"),
    ("phosphatidylinositol 3-kinase", "Phosphatidylinositol 3-Kinases"),
    ("protein kinase B (AKT)", "Proto-Oncogene Proteins c-akt"),
    ("extracellular signal-regulated kinase (ERK)", "Extracellular Signal-Regulated MAP Kinases"),
    ("IL-7 signalling pathway", "interleukin-7-mediated signaling pathway"),
    ("PI3K/AKT pathway", "phosphatidylinositol 3-kinase/protein kinase B signal transduction"),
    ("stromal cell", "Stromal Cells"), ("lymphocyte", "Lymphocytes"), ("T cell", "T-Lymphocytes"),
    ("regulatory T cell", "T-Lymphocytes, Regulatory"), ("memory T cell", "Memory T Cells"),
    ("thymus", "Thymus Gland"), ("type 1 diabetes mellitus", "Diabetes Mellitus, Type 1"),
    ("rheumatoid arthritis", "Arthritis, Rheumatoid"), ("atopic dermatitis", "Dermatitis, Atopic"),
    ("severe combined immunodeficiency", "Severe Combined Immunodeficiency"),
    ("acquired immunodeficiency syndrome", "AIDS"), ("sepsis", "Sepsis"),
    ("hematopoietic stem cell transplantation", "Hematopoietic Stem Cell Transplantation"),
    ("human chromosome 8", "Chromosomes, Human, Pair 8"), ("human chromosome 5", "Chromosomes, Human, Pair 5"),
    ("human chromosome X", "Chromosomes, Human, X"), ("Janus kinase 1", "Janus Kinase 1"),
    ("Janus kinase 3", "Janus Kinase 3"), ("interferon-gamma", "Interferon-gamma"), ("bone marrow", "Bone Marrow"),
    ("interleukin-21", "interleukin-21"), ("Mus musculus", "Mus musculus"), ("autoimmune disease", "Autoimmune Diseases"),
    # issue 17 (docs/external-sources.tsv)
    ("B-cell acute lymphoblastic leukemia", "Precursor B-Cell Lymphoblastic Leukemia-Lymphoma"),
    ("T-cell acute lymphoblastic leukemia", "Precursor T-Cell Lymphoblastic Leukemia-Lymphoma"),
    ("idiopathic CD4-positive T-lymphocytopenia", "T-Lymphocytopenia, Idiopathic CD4-Positive"),
    ("CYT107", "glycosylated recombinant human interleukin-7 (synonyms: glycosylated rhIL-7, CYT107)"),
}


def _norm(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


@pytest.fixture(scope="module")
def reference(identifiers, mesh_descriptors, hgnc_genes):
    """(prefix, local id) -> label, from verified rows and the MeSH / HGNC tables."""
    table = {}
    for row in identifiers:
        if row["status"] == "verified" and row["local_id"]:
            table[(row["prefix"], row["local_id"])] = row["exact_source_label"].split(" | ")[-1]
    for mesh_id, heading in mesh_descriptors.items():
        table[("mesh", mesh_id)] = heading
    for row in hgnc_genes:
        if row["ncbigene"]:
            table.setdefault(("ncbigene", row["ncbigene"]), row["name"])
        table.setdefault(("hgnc", row["hgnc_id"].removeprefix("HGNC:")), row["name"])
        if row["uniprot"]:
            for accession in row["uniprot"].split("|"):
                table.setdefault(("uniprot", accession), row["symbol"])
    return table


def _mappings(graph):
    for s, p, o in graph:
        if (p, RDFS.subPropertyOf, SKOS.mappingRelation) in graph and str(s).startswith(str(IL7)):
            namespace = max((n for n in NAMESPACES if str(o).startswith(n)), key=len, default=None)
            yield s, p, o, namespace


def test_every_mapping_targets_a_known_vocabulary(graph):
    unknown = [(s, o) for s, _, o, namespace in _mappings(graph) if namespace is None]
    assert unknown == []


def test_every_identifier_is_in_the_reference_tables(graph, reference):
    missing = []
    for s, _, o, namespace in _mappings(graph):
        key = (NAMESPACES[namespace], str(o)[len(namespace):])
        if key not in reference:
            missing.append((str(s), key))
    assert missing == []


def test_exact_matches_name_the_same_concept(graph, reference):
    different = []
    for s, p, o, namespace in _mappings(graph):
        if p != SKOS.exactMatch or NAMESPACES[namespace] in ("ncbigene", "hgnc", "mgi"):
            continue
        ours, theirs = str(graph.value(s, RDFS.label)), reference[(NAMESPACES[namespace], str(o)[len(namespace):])]
        if _norm(ours) != _norm(theirs) and (ours, theirs) not in SAME_CONCEPT:
            different.append((ours, theirs, str(o)))
    assert different == []


def test_genes_agree_with_hgnc(graph, hgnc_genes):
    by_ncbi = {row["ncbigene"]: row for row in hgnc_genes if row["ncbigene"]}
    human_genes = set(graph.subjects(IL7.inTaxon, IL7.Human)) & set(graph.subjects(RDF.type, IL7.Gene))
    assert len(human_genes) == 17  # 15 from the review, CRLF2 and JAK2 (issue 17)
    for gene in human_genes:
        matches = {str(o) for o in graph.objects(gene, SKOS.exactMatch)}
        ncbi = next(m for m in matches if "ncbigene" in m).rsplit("/", 1)[1]
        row = by_ncbi[ncbi]
        assert str(graph.value(gene, IL7.geneSymbol)) == row["symbol"], gene
        assert f"http://identifiers.org/hgnc/{row['hgnc_id'].removeprefix('HGNC:')}" in matches, gene
        product = graph.value(gene, IL7.encodes)
        human_uniprot = {str(o).rsplit("/", 1)[1] for o in graph.objects(product, SKOS.narrowMatch) if "uniprot" in str(o)}
        assert set(row["uniprot"].split("|")) & human_uniprot, gene
        for mouse in graph.objects(gene, IL7.orthologOf):
            mgi = {str(o).rsplit("/", 1)[1] for o in graph.objects(mouse, SKOS.exactMatch) if "/mgi/" in str(o)}
            assert mgi == {row["mgi"]}, mouse


def test_review_gene_ids_and_chromosomes_match_the_reference(identifiers, graph):
    """The review's gene IDs (and chromosomes) agree with NCBI Gene as checked in identifiers.tsv."""
    verified = {row["local_id"]: row for row in identifiers if row["prefix"] == "ncbigene" and row["status"] == "verified"}
    review = {"3574": "8", "3575": "5", "3561": "X", "16196": "3", "16197": "15", "16186": "X"}
    for gene_id, chromosome in review.items():
        assert gene_id in verified
        gene = next(graph.subjects(SKOS.exactMatch, URIRef(f"http://identifiers.org/ncbigene/{gene_id}")))
        label = str(graph.value(graph.value(gene, IL7.locatedOnChromosome), RDFS.label))
        assert label.endswith(f"chromosome {chromosome}")
        extra = verified[gene_id]["extra"]
        if extra.startswith("chr "):  # human rows record the chromosome NCBI gives
            assert extra.split()[1].rstrip(";") == chromosome


def test_unverified_reference_rows_are_not_used(identifiers, graph):
    text = graph.serialize(format="nt")
    for row in identifiers:
        if row["status"] != "verified" and row["local_id"]:
            assert row["local_id"] not in text
