"""Packaged queries: exact answers written from the review, identical on every backend (issue 3)."""

from __future__ import annotations

import pytest

import il7onto
from il7onto.sparql.catalog import catalog
from il7onto.cli.main import main
from il7onto.sparql.engine import OxigraphBackend, RdflibBackend
from il7onto.sparql.sparql_examples import catalogue_turtle

IL7 = "https://w3id.org/il7onto/"
H, M = "Homo sapiens", "Mus musculus"


@pytest.fixture(scope="module")
def backends(graph, store):
    return {"oxigraph": OxigraphBackend(store), "rdflib": RdflibBackend(graph)}


def answer(name, backend, columns, **params):
    result = il7onto.query(name, engine=backend, **params)
    return {tuple((row[c] or "").removeprefix(IL7) for c in columns) for row in result.values()}


def _both(backends, name, columns, **params):
    """The answer, after checking that every local backend gives the same one."""
    answers = [answer(name, b, columns, **params) for b in backends.values()]
    assert answers[0] == answers[1], name
    return answers[0]


def test_signaling_pathways(backends):
    assert _both(backends, "signaling-pathways", ("route", "node", "type", "symbol", "ncbiGene")) == {
        ("canonical", "JAK1", "kinase", "JAK1", "3716"),
        ("canonical", "JAK3", "kinase", "JAK3", "3718"),
        ("canonical", "STAT5", "transcription factor", "", ""),  # two genes, STAT5A and STAT5B
        ("non-canonical", "STAT3", "transcription factor", "STAT3", "6774"),
        ("non-canonical", "STAT1", "transcription factor", "STAT1", "6772"),
        ("non-canonical", "PI3KAKTPathway", "signalling pathway", "", ""),
        ("non-canonical", "MEKERKPathway", "signalling pathway", "", ""),
    }


def test_receptor_chains(backends):
    assert _both(backends, "receptor-chains", ("chain", "symbol", "species", "ncbiGene", "chromosome", "mesh")) == {
        ("IL7Ralpha", "IL7R", H, "3575", "5", "D053699"),
        ("IL7Ralpha", "Il7r", M, "16197", "15", "D053699"),
        ("CommonGammaChain", "IL2RG", H, "3561", "X", "D053631"),
        ("CommonGammaChain", "Il2rg", M, "16186", "X", "D053631"),
    }


def test_gamma_chain_cytokines(backends):
    assert _both(backends, "gamma-chain-cytokines", ("synonym", "mesh", "symbol", "ncbiGene")) == {
        ("IL-2", "D007376", "IL2", "3558"), ("IL-4", "D015847", "IL4", "3565"), ("IL-7", "D015851", "IL7", "3574"),
        ("IL-9", "D016906", "IL9", "3578"), ("IL-15", "D019409", "IL15", "3600"), ("IL-21", "C416243", "IL21", "59067"),
    }
    ordered = [row["synonym"] for row in il7onto.query("gamma-chain-cytokines").values()]
    assert ordered == ["IL-2", "IL-4", "IL-7", "IL-9", "IL-15", "IL-21"]


def test_producer_cells(backends):
    assert _both(backends, "producer-cells", ("level", "producer", "kind", "tissue", "cl")) == {
        ("major", "ThymicStromalCell", "cell type", "thymus", "CL:4030001"),
        ("major", "BoneMarrowStromalCell", "cell type", "bone marrow", "CL:0010001"),
        ("major", "LymphoidOrganStromalCell", "cell type", "lymphoid organ", ""),
        ("reported", "OtherTissues", "tissue or organ", "", ""),
        ("stated", "StromalCell", "cell type", "", "CL:0000499"),
    }


def test_production_regulators(backends):
    assert _both(backends, "production-regulators", ("regulator", "effect")) == {
        ("Constitutive", "production mode"), ("IFNG", "affects production"), ("OtherFactors", "affects production"),
    }


def test_receptor_expression(backends):
    assert _both(backends, "receptor-expression", ("cellType", "level", "regulation")) == {
        ("Lymphocyte", "primary", ""), ("OtherCellTypes", "reported", ""), ("RegulatoryTCell", "low", ""),
        ("MatureBCell", "absent", ""), ("TCell", "", "downregulated by interleukin-7"),
    }


def test_survival_dependent_cells(backends):
    assert _both(backends, "survival-dependent-cells", ("cell", "cl", "section")) == {
        ("LymphoidCell", "CL:0000542", "Overview"),
        ("ImmatureThymocyte", "CL:0000893", "Biological activity of IL-7"),
        ("NaiveTCell", "CL:0000898", "Biological activity of IL-7"),
        ("MemoryTCell", "CL:0000813", "Biological activity of IL-7"),
        ("ProBCell", "CL:0000826", "Biological activity of IL-7"),
        ("InnateLymphoidCell", "CL:0001065", "Biological activity of IL-7"),
    }


def test_treatment_expanded_cells(backends):
    assert _both(backends, "treatment-expanded-cells", ("cell", "cl")) == {
        ("NaiveTCell", "CL:0000898"), ("MemoryTCell", "CL:0000813"), ("ProBCell", "CL:0000826")}


REVIEW = "PMID:36201890"  # the review: the source of every claim linking the pathway to a disease
B_ALL_MESH, B_ALL_MONDO = "D015452", "MONDO:0004947"
T_ALL_MESH, T_ALL_MONDO = "D054218", "MONDO:0004963"
DISEASES = {
    ("deficiency", "SCID", H, "causal", "D016511", "MONDO:0015974", "", REVIEW),
    ("deficiency", "SCID", M, "causal", "D016511", "MONDO:0015974", "", REVIEW),
    ("deficiency", "Lymphopenia", H, "causal", "D008231", "MONDO:0003783", "", REVIEW),
    ("deficiency", "Lymphopenia", M, "causal", "D008231", "MONDO:0003783", "", REVIEW),
    ("excess", "AutoimmuneDisease", M, "causal", "D001327", "MONDO:0007179", "", REVIEW),
    ("excess", "AutoimmuneDisease", H, "associative", "D001327", "MONDO:0007179", "", REVIEW),
    ("excess", "MultipleSclerosis", H, "associative", "D009103", "MONDO:0005301", "", REVIEW),
    ("excess", "Type1Diabetes", H, "associative", "D003922", "MONDO:0005147", "", REVIEW),
    ("excess", "RheumatoidArthritis", H, "associative", "D001172", "MONDO:0008383", "", REVIEW),
    ("excess", "Sarcoidosis", H, "associative", "D012507", "MONDO:0019338", "", REVIEW),
    ("excess", "AtopicDermatitis", H, "associative", "D003876", "MONDO:0004980", "", REVIEW),
    ("excess", "Asthma", H, "associative", "D001249", "MONDO:0004979", "", REVIEW),
    ("mutation", "ALL", H, "causal", "D054198", "MONDO:0004967", "", REVIEW),
    # external facts (issue 17): the genes of the pathway whose gain-of-function alterations are
    # reported in each ALL subtype, each with the paper that reports them
    ("mutation", "BCellALL", H, "causal", B_ALL_MESH, B_ALL_MONDO, "IL7R", "doi:10.1084/jem.20110580"),
    ("mutation", "BCellALL", H, "associative", B_ALL_MESH, B_ALL_MONDO, "JAK1", "PMID:20139093"),
    ("mutation", "BCellALL", H, "associative", B_ALL_MESH, B_ALL_MONDO, "JAK2", "PMID:20139093"),
    ("mutation", "BCellALL", H, "associative", B_ALL_MESH, B_ALL_MONDO, "CRLF2", "PMID:20139093"),
    ("mutation", "TCellALL", H, "causal", T_ALL_MESH, T_ALL_MONDO, "IL7R", "doi:10.1038/ng.924"),
    ("mutation", "TCellALL", H, "causal", T_ALL_MESH, T_ALL_MONDO, "JAK1", "PMID:18362173"),
    ("mutation", "TCellALL", H, "causal", T_ALL_MESH, T_ALL_MONDO, "JAK3", "PMID:25193870"),
}
DISEASE_COLUMNS = ("mechanism", "disease", "species", "causality", "mesh", "mondo", "symbol", "source")


def test_disease_associations(backends):
    assert _both(backends, "disease-associations", DISEASE_COLUMNS) == DISEASES


@pytest.mark.parametrize("mechanism", ["deficiency", "excess", "mutation"])
def test_disease_associations_by_mechanism(backends, mechanism):
    expected = {row for row in DISEASES if row[0] == mechanism}
    assert _both(backends, "disease-associations", DISEASE_COLUMNS, mechanism=mechanism) == expected


def test_receptor_sharing(backends):
    assert _both(backends, "receptor-sharing", ("cytokine", "synonym", "sharedChain", "kinase")) == {
        ("IL2", "IL-2", "CommonGammaChain", "JAK3"), ("IL4", "IL-4", "CommonGammaChain", "JAK3"),
        ("IL9", "IL-9", "CommonGammaChain", "JAK3"), ("IL15", "IL-15", "CommonGammaChain", "JAK3"),
        ("IL21", "IL-21", "CommonGammaChain", "JAK3"), ("TSLP", "TSLP", "IL7Ralpha", "JAK1"),
    }


def test_private_chains_of_the_gamma_chain_cytokines(graph):
    """The chains each gamma-c cytokine uses besides gamma-c (external facts, Rochman 2009)."""
    from rdflib import URIRef

    uses = URIRef(IL7 + "usesReceptorChain")
    chains = {name: sorted(str(o).removeprefix(IL7) for o in graph.objects(URIRef(IL7 + name), uses))
              for name in ("IL2", "IL4", "IL9", "IL15", "IL21", "TSLP")}
    assert chains == {
        "IL2": ["CommonGammaChain", "IL2Ralpha", "IL2Rbeta"], "IL4": ["CommonGammaChain", "IL4Ralpha"],
        "IL9": ["CommonGammaChain", "IL9Ralpha"], "IL15": ["CommonGammaChain", "IL15Ralpha", "IL2Rbeta"],
        "IL21": ["CommonGammaChain", "IL21Ralpha"], "TSLP": ["CRLF2", "IL7Ralpha"],
    }


def test_leukemia_genes(backends):
    assert _both(backends, "leukemia-genes", ("symbol", "disease", "causality", "evidence", "source")) == {
        ("IL7R", "BCellALL", "causal", "http://purl.obolibrary.org/obo/ECO_0000269", "doi:10.1084/jem.20110580"),
        ("JAK1", "BCellALL", "associative", "http://purl.obolibrary.org/obo/ECO_0000269", "PMID:20139093"),
        ("JAK2", "BCellALL", "associative", "http://purl.obolibrary.org/obo/ECO_0000269", "PMID:20139093"),
        ("CRLF2", "BCellALL", "associative", "http://purl.obolibrary.org/obo/ECO_0000269", "PMID:20139093"),
        ("IL7R", "TCellALL", "causal", "http://purl.obolibrary.org/obo/ECO_0000269", "doi:10.1038/ng.924"),
        ("JAK1", "TCellALL", "causal", "http://purl.obolibrary.org/obo/ECO_0000269", "PMID:18362173"),
        ("JAK3", "TCellALL", "causal", "http://purl.obolibrary.org/obo/ECO_0000269", "PMID:25193870"),
    }


def test_agents(backends):
    columns = ("agent", "modality", "target", "condition", "species", "mesh", "chebi", "drugbank", "ncit")
    assert _both(backends, "agents", columns) == {
        ("CYT107", "IL7Therapy", "IL7Receptor", "Sepsis", H, "", "", "", "NCIT:C77879"),
        ("EfineptakinAlfa", "IL7Therapy", "IL7Receptor", "IdiopathicCD4Lymphocytopenia", H, "C000712767", "", "", ""),
        ("GSK2618960", "IL7RBlockingAntibody", "IL7Ralpha", "", "", "C000705473", "", "", ""),
        ("Lusvertikimab", "IL7RBlockingAntibody", "IL7Ralpha", "BCellALL", M, "", "", "", ""),
        ("Lusvertikimab", "IL7RBlockingAntibody", "IL7Ralpha", "TCellALL", M, "", "", "", ""),
        ("Ruxolitinib", "SignalTransductionInhibitor", "JAK1", "TCellALL", M, "C540383", "CHEBI:66919", "DB08877", ""),
        ("Ruxolitinib", "SignalTransductionInhibitor", "JAK2", "TCellALL", M, "C540383", "CHEBI:66919", "DB08877", ""),
        ("Tofacitinib", "SignalTransductionInhibitor", "JAK3", "TCellALL", M, "C479163", "CHEBI:71200", "DB08895", ""),
    }


def test_therapies(backends):
    assert _both(backends, "therapies", ("therapy", "target", "modeOfAction", "condition")) == {
        ("IL7Therapy", "IL7Receptor", "cytokine administration", "Cancer"),
        ("IL7Therapy", "IL7Receptor", "cytokine administration", "HSCT"),
        ("IL7Therapy", "IL7Receptor", "cytokine administration", "AIDS"),
        ("IL7Therapy", "IL7Receptor", "cytokine administration", "Sepsis"),
        ("IL7RBlockingAntibody", "IL7Receptor", "receptor blockade", "AutoimmuneDisease"),
        ("CytotoxicIL7RAntibody", "IL7Receptor", "cytotoxic depletion", "ALL"),
        ("SignalTransductionInhibitor", "IL7SignallingPathway", "signal transduction inhibition", "AutoimmuneDisease"),
        ("SignalTransductionInhibitor", "IL7SignallingPathway", "signal transduction inhibition", "ALL"),
    }


def test_clinical_applications(backends):
    assert _both(backends, "clinical-applications", ("application", "condition", "effect")) == {
        ("IL7InCancer", "Cancer", "LymphocyteExpansion"),
        ("IL7AfterHSCT", "HSCT", "AcceleratedLymphocyteRecovery"),
        ("IL7InAIDS", "AIDS", "IncreasedLymphocyteCount"),
        ("IL7InSepsis", "Sepsis", "IncreasedLymphocyteCount"),
    }


def test_entity_by_mesh(backends):
    rows = _both(backends, "entity-by-mesh", ("entity", "mapping", "direction", "property", "value"), mesh="D050799")
    skos, rdf = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    rdfs, oboinowl = "http://www.w3.org/2000/01/rdf-schema#", "http://www.geneontology.org/formats/oboInOwl#"
    out = lambda p, v: ("STAT5", "has exact match", "outgoing", p, v)  # noqa: E731
    inc = lambda p, v: ("STAT5", "has exact match", "incoming", p, v)  # noqa: E731
    assert rows == {
        out(rdf + "type", "TranscriptionFactor"), out(rdfs + "label", "STAT5 transcription factor"),
        out(oboinowl + "hasExactSynonym", "STAT5"), out(oboinowl + "hasDbXref", "MESH:D050799"),
        out("http://purl.obolibrary.org/obo/IAO_0000115",
            "Signal transducer and activator of transcription 5, encoded in human by two genes, STAT5A and STAT5B."),
        out(skos + "exactMatch", "http://id.nlm.nih.gov/mesh/D050799"),
        out(rdfs + "isDefinedBy", "il7onto.owl"),
        # issue 13: STAT5A and STAT5B are kinds of STAT5 (paralogous genes' products), not its parts
        out(rdfs + "subClassOf", "TranscriptionFactor"),
        inc(rdfs + "subClassOf", "STAT5A"), inc(rdfs + "subClassOf", "STAT5B"),
        inc("signalsViaCanonical", "IL7Receptor"), inc("activates", "JAK1"), inc("activates", "JAK3"),
    }


def test_entity_by_mesh_finds_narrower_records(backends):
    rows = _both(backends, "entity-by-mesh", ("entity", "mapping"), mesh="C508605")  # IL7 protein, human
    assert rows == {("IL7", "has narrower match")}


def test_entity_by_gene(backends):
    rows = _both(backends, "entity-by-gene", ("entity", "mapping", "direction", "property", "value"), gene="16197")
    skos, rdf = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    rdfs, oboinowl = "http://www.w3.org/2000/01/rdf-schema#", "http://www.geneontology.org/formats/oboInOwl#"
    out = lambda p, v: ("Il7r_mouse_gene", "has exact match", "outgoing", p, v)  # noqa: E731
    assert rows == {
        out(rdf + "type", "Gene"), out(rdfs + "label", "Il7r (mouse gene)"), out(rdfs + "isDefinedBy", "il7onto.owl"),
        out("geneSymbol", "Il7r"), out("inTaxon", "Mouse"), out("locatedOnChromosome", "MouseChromosome15"),
        out("encodes", "IL7Ralpha"), out("orthologOf", "IL7R_human_gene"),
        out(skos + "exactMatch", "http://identifiers.org/ncbigene/16197"),
        out(skos + "exactMatch", "http://identifiers.org/mgi/MGI:96562"),
        out(oboinowl + "hasDbXref", "NCBIGene:16197"), out(oboinowl + "hasDbXref", "MGI:96562"),
        # issue 13: the gene is a class under il7:Gene, with a definition
        out(rdfs + "subClassOf", "Gene"),
        out("http://purl.obolibrary.org/obo/IAO_0000115",
            "The mouse gene Il7r (Mus musculus, NCBI Gene 16197), which encodes interleukin-7 receptor subunit alpha."),
        ("Il7r_mouse_gene", "has exact match", "incoming", "orthologOf", "IL7R_human_gene"),
    }


def test_entity_by_gene_unknown_id_gives_no_rows(backends):
    assert _both(backends, "entity-by-gene", ("entity",), gene="999999999") == set()


def test_orthologs(backends):
    columns = ("humanSymbol", "humanGeneId", "humanChromosome", "mouseSymbol", "mouseGeneId", "mouseChromosome")
    assert _both(backends, "orthologs", columns) == {
        ("IL7", "3574", "8", "Il7", "16196", "3"),
        ("IL7R", "3575", "5", "Il7r", "16197", "15"),
        ("IL2RG", "3561", "X", "Il2rg", "16186", "X"),
    }


def test_protein_facts(backends):
    # issue 13: the review names no species for these, so none is recorded (was human and mouse)
    both = {(p, v, s) for s in ("",) for p, v in [
        ("memberOf", "FourHelixCytokineFamily"), ("hasFeature", "FourHelixBundleFold"), ("binds", "IL7Receptor"),
        ("usesReceptorChain", "IL7Ralpha"), ("usesReceptorChain", "CommonGammaChain")]}
    human = {("hasFeature", "SignalSequence", H), ("hasFeature", "Glycosylation", H),
             ("matureLengthAminoAcids", "152", H), ("predictedMassKDa", "17.4", H), ("glycosylatedMassKDa", "25", H)}
    assert _both(backends, "protein-facts", ("property", "value", "species")) == both | human


def test_claim_evidence_for_one_entity(backends):
    rows = _both(backends, "claim-evidence", ("claim", "predicate", "object", "section", "evidence", "species", "causality"),
                 entity="SCID")
    section, eco = "Abnormalities of the IL-7 pathway in disease", "http://purl.obolibrary.org/obo/ECO_0000304"
    assert rows == {
        ("claim-disease-deficiency", "deficiencyCauses", "SCID", section, eco, H, "causal"),
        ("claim-disease-deficiency", "deficiencyCauses", "SCID", section, eco, M, "causal"),
        ("claim-disease-scid-mechanism", "resultsFrom", "Lymphopenia", section, eco, H, "causal"),
        ("claim-disease-scid-mechanism", "resultsFrom", "Lymphopenia", section, eco, M, "causal"),
    }


def test_claim_evidence_covers_every_claim_object_and_species(backends, graph):
    from rdflib import RDF, URIRef
    expected = set()
    for claim in graph.subjects(RDF.type, URIRef(IL7 + "ReviewClaim")):
        for obj in graph.objects(claim, URIRef(IL7 + "claimObject")):
            # issue 13: a claim for which the review names no species has one row, species empty
            species = [{"Human": H, "Mouse": M}[str(t).removeprefix(IL7)]
                       for t in graph.objects(claim, URIRef(IL7 + "holdsInTaxon"))] or [""]
            for taxon in species:
                expected.add((str(claim).removeprefix(IL7), str(obj).removeprefix(IL7), taxon))
    assert _both(backends, "claim-evidence", ("claim", "object", "species")) == expected
    assert len(expected) > 100 and ("claim-biology-survival-pro-b", "ProBCell", M) in expected


def test_disease_therapy_map(backends):
    assert _both(backends, "disease-therapy-map", ("disease", "defect", "therapy")) == {
        ("SCID", "deficiency", ""), ("Lymphopenia", "deficiency", ""),
        ("AutoimmuneDisease", "excess signalling", "IL7RBlockingAntibody"),
        ("AutoimmuneDisease", "excess signalling", "SignalTransductionInhibitor"),
        # issue 13: therapies evaluated in autoimmune diseases reach the three that MONDO places under them
        ("MultipleSclerosis", "excess signalling", "IL7RBlockingAntibody"),
        ("MultipleSclerosis", "excess signalling", "SignalTransductionInhibitor"),
        ("Type1Diabetes", "excess signalling", "IL7RBlockingAntibody"),
        ("Type1Diabetes", "excess signalling", "SignalTransductionInhibitor"),
        ("RheumatoidArthritis", "excess signalling", "IL7RBlockingAntibody"),
        ("RheumatoidArthritis", "excess signalling", "SignalTransductionInhibitor"),
        ("Sarcoidosis", "excess signalling", ""),
        ("AtopicDermatitis", "excess signalling", ""), ("Asthma", "excess signalling", ""),
        ("ALL", "mutation", "CytotoxicIL7RAntibody"), ("ALL", "mutation", "SignalTransductionInhibitor"),
        ("Cancer", "", "IL7Therapy"), ("AIDS", "", "IL7Therapy"), ("Sepsis", "", "IL7Therapy"),
    }


def test_mappings_for_one_vocabulary(backends):
    rows = _both(backends, "mappings", ("entity", "relation", "target"), vocabulary="MGI")
    assert rows == {
        ("Il7_mouse_gene", "has exact match", "http://identifiers.org/mgi/MGI:96561"),
        ("Il7r_mouse_gene", "has exact match", "http://identifiers.org/mgi/MGI:96562"),
        ("Il2rg_mouse_gene", "has exact match", "http://identifiers.org/mgi/MGI:96551"),
    }


def test_every_query_answers_identically_on_every_local_backend(backends):
    examples = {"entity-by-mesh": {"mesh": "D015851"}, "entity-by-gene": {"gene": "3574"}}
    for name, definition in catalog().items():
        params = examples.get(name, {})
        results = [il7onto.query(name, engine=b, **params) for b in backends.values()]
        assert results[0].variables == results[1].variables, name
        assert sorted(map(str, results[0].rows)) == sorted(map(str, results[1].rows)), name
        assert len(results[0]) > 0, name


def test_every_query_has_a_complete_header():
    for name, definition in catalog().items():
        assert definition.title and definition.question.endswith("?") and definition.description, name
        assert definition.keywords, name
        declared = set(definition.prefixes)
        used = {p for p in ("il7", "rdf", "rdfs", "skos", "xsd", "oboInOwl") if f"{p}:" in definition.text.split("\nSELECT", 1)[1]}
        assert used <= declared, (name, used - declared)


def test_shipped_catalogue_matches_the_query_files(repo):
    import rdflib
    shipped = (repo / "queries" / "catalog.ttl").read_text(encoding="utf-8")
    assert shipped == catalogue_turtle(), "regenerate with: il7onto queries --format turtle > queries/catalog.ttl"
    graph = rdflib.Graph().parse(data=shipped, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    executables = {str(s).rsplit("/", 1)[1]: str(graph.value(s, sh.select))
                   for s in graph.subjects(rdflib.RDF.type, sh.SPARQLSelectExecutable)}
    assert executables == {name: d.text for name, d in catalog().items()}


# --- CLI and parameters -----------------------------------------------------------------------

def test_cli_table_shows_labels_and_identifiers(capsys):
    assert main(["query", "receptor-chains"]) == 0
    out = capsys.readouterr().out
    assert "il7:IL7Ralpha" in out and "interleukin-7 receptor subunit alpha" in out and "(4 rows)" in out


@pytest.mark.parametrize("fmt, marker", [("json", '"head"'), ("csv", "chain,label,symbol"), ("tsv", "?chain\t?label")])
def test_cli_w3c_formats(capsys, fmt, marker):
    assert main(["query", "receptor-chains", "--format", fmt]) == 0
    assert capsys.readouterr().out.startswith(("{", marker)) 


def test_json_output_is_sparql_results_json(capsys):
    import json
    assert main(["query", "orthologs", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["head"]["vars"][0] == "humanSymbol"
    assert {"type": "literal", "value": "IL7"} in [b["humanSymbol"] for b in document["results"]["bindings"]]


@pytest.mark.parametrize("argv, needle", [
    (["query", "no-such-query"], "available:"),
    (["query", "entity-by-mesh"], "needs --param mesh"),
    (["query", "entity-by-mesh", "-p", "mesh=X1"], "does not match"),
    (["query", "entity-by-mesh", "-p", "nope=1"], "allowed: mesh"),
    (["query", "entity-by-mesh", "-p", "mesh"], "expected KEY=VALUE"),
    (["query"], "give a query NAME"),
])
def test_usage_errors_exit_2_with_what_is_allowed(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_user_query_syntax_error_exits_3_with_position(tmp_path, capsys):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE {\n  ?s ?p }\n")
    assert main(["query", "--file", str(path)]) == 3
    err = capsys.readouterr().err
    assert "bad.rq: SPARQL syntax error" in err and "at 2:3 near '?s'" in err


def test_user_query_runs(tmp_path, capsys):
    path = tmp_path / "mine.rq"
    path.write_text('PREFIX il7: <https://w3id.org/il7onto/>\nSELECT ?c WHERE { il7:IL7 il7:requiredForSurvivalOf ?c }\n')
    assert main(["query", "--file", str(path), "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 7


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "select * from named <file:///etc/passwd> where { ?s ?p ?o }",
])
def test_user_query_touching_the_network_is_refused(tmp_path, capsys, text):
    path = tmp_path / "remote.rq"
    path.write_text(text)
    assert main(["query", "--file", str(path)]) == 4
    assert "never lets a query fetch" in capsys.readouterr().err


def test_keywords_inside_strings_iris_and_comments_are_not_refused(tmp_path, capsys):
    path = tmp_path / "ok.rq"
    path.write_text('# SERVICE in a comment\nSELECT ("FROM" AS ?x) WHERE { BIND(<http://ex.org/SERVICE> AS ?y) }\n')
    assert main(["query", "--file", str(path), "--format", "csv"]) == 0


INJECTIONS = [
    'D015851" } ; DROP ALL ; #', "D015851\\u0022", "D015851}", "D015851\n} UNION { ?s ?p ?o",
    "D015851'", "D0158\u00e9", "D" + "1" * 5000, "", "D015851 ", "<http://evil>", "D015851>{",
]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("name, key", [("entity-by-mesh", "mesh"), ("entity-by-gene", "gene"),
                                       ("claim-evidence", "entity"), ("disease-associations", "mechanism"),
                                       ("mappings", "vocabulary")])
def test_injection_attempts_are_rejected(capsys, name, key, value):
    assert main(["query", name, "--param", f"{key}={value}"]) == 2
    assert "does not match" in capsys.readouterr().err


def test_parameter_is_bound_as_a_term_not_text():
    text = catalog()["entity-by-mesh"].bind({"mesh": "D015851"})
    assert "VALUES ?mesh { <http://id.nlm.nih.gov/mesh/D015851> }" in text
    assert text.replace(" VALUES ?mesh { <http://id.nlm.nih.gov/mesh/D015851> }", "") == catalog()["entity-by-mesh"].text


def test_python_api_rows():
    rows = il7onto.query("orthologs").values()
    assert {"humanSymbol": "IL7", "humanGeneId": "3574", "humanChromosome": "8", "mouseSymbol": "Il7",
            "mouseGeneId": "16196", "mouseChromosome": "3"} in rows


def test_table_shows_identifiers_as_their_registries_write_them():
    from il7onto.sparql.results import render

    table = render(il7onto.query("mappings"), "table")
    lines = table.splitlines()
    for entity, identifier in [("il7:Il2rg_mouse_gene", "MGI:96551"), ("il7:IL7_human_gene", "NCBIGene:3574"),
                               ("il7:IL7_human_gene", "HGNC:6023"), ("il7:IL7Therapy", "NCIT:C77879"),
                               ("il7:IL7", "UniProtKB:P13232"), ("il7:SCID", "MESH:D016511")]:
        assert any(line.split()[0] == entity and identifier in line.split() for line in lines), (entity, identifier)
    assert "MGI:MGI:" not in table and "obo:" not in table
