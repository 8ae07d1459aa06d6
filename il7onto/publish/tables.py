"""The ontology as tables: SSSOM mappings and KGX nodes/edges with Biolink categories and predicates.

Deterministic: rows are sorted and KGX edge ids are name-based UUIDs.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from ..core.errors import InputError
from ..core.namespaces import CURIE_MAP, IL7, ONTOLOGY_IRI, PREFIXES, REVIEW, curie

if TYPE_CHECKING:
    import rdflib

SKOS = PREFIXES["skos"]
DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
SYNONYM = "http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"
DCT_SOURCE = "http://purl.org/dc/terms/source"
SEMAPV = "https://w3id.org/semapv/vocab/"
BIOLINK = "https://w3id.org/biolink/vocab/"
MAPPING_PREDICATES = tuple(SKOS + name for name in
                           ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))


def ontology_graph() -> "rdflib.Graph":
    """The whole ontology as an rdflib graph."""
    from ..core.graph import load

    return load()


# --- CURIEs ---------------------------------------------------------------------------------------
# Every CURIE written here comes from the package's one converter (namespaces.curie, curies library).


def _curie_map(prefixes) -> dict[str, str]:
    """prefix -> namespace for the prefixes used, from :data:`il7onto.core.namespaces.CURIE_MAP`."""
    return {prefix: CURIE_MAP[prefix] for prefix in sorted(prefixes)}


def _curie(iri: str) -> str:
    short = curie(iri)
    if short == iri:
        raise InputError(f"cannot write <{iri}> as a CURIE: no prefix of the package's CURIE map covers it")
    return short


def _mapping_sets(graph: "rdflib.Graph") -> list[dict[str, str]]:
    import rdflib

    il7 = rdflib.Namespace(IL7)
    sets = []
    for node in sorted(graph.subjects(rdflib.RDF.type, il7.MappingSet)):
        namespace = graph.value(node, il7.targetNamespace)
        prefix = graph.value(node, il7.targetPrefix)
        if namespace is None or prefix is None:
            continue
        source = graph.value(node, rdflib.URIRef(DCT_SOURCE))
        justification = graph.value(node, il7.mappingJustification)
        sets.append({"node": str(node), "namespace": str(namespace), "prefix": str(prefix),
                     "source": str(source) if source is not None else "",
                     "justification": str(justification) if justification is not None
                     else SEMAPV + "ManualMappingCuration"})
    return sets


def _label(graph: "rdflib.Graph", node) -> str:
    import rdflib

    labels = sorted(graph.objects(node, rdflib.RDFS.label), key=lambda l: (l.language != "en", str(l)))
    return str(labels[0]) if labels else ""


def _tsv_cell(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


# --- SSSOM ---------------------------------------------------------------------------------------


def sssom(graph: "rdflib.Graph | None" = None) -> str:
    """Every SKOS alignment as an SSSOM TSV with its YAML metadata block.

    Each row's object_source and mapping_justification come from the il7:MappingSet whose
    il7:targetNamespace the object IRI starts with; every CURIE from the package's one converter.
    """
    import rdflib

    graph = ontology_graph() if graph is None else graph
    sets = sorted(_mapping_sets(graph), key=lambda s: -len(s["namespace"]))
    version = graph.value(rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionInfo)
    modified = graph.value(rdflib.URIRef(ONTOLOGY_IRI), rdflib.URIRef("http://purl.org/dc/terms/modified"))
    license_ = graph.value(rdflib.URIRef(ONTOLOGY_IRI), rdflib.URIRef("http://purl.org/dc/terms/license"))
    rows = []
    for predicate in MAPPING_PREDICATES:
        for subject, target in graph.subject_objects(rdflib.URIRef(predicate)):
            if not isinstance(subject, rdflib.URIRef) or not isinstance(target, rdflib.URIRef):
                continue
            mapping_set = next((s for s in sets if str(target).startswith(s["namespace"])), None)
            if mapping_set is None:
                raise InputError(f"alignment {subject} {predicate} {target}: no il7:MappingSet covers its namespace")
            rows.append((
                _curie(str(subject)),
                _tsv_cell(_label(graph, subject)),
                _curie(predicate),
                _curie(str(target)),
                _curie(mapping_set["justification"]),
                _curie(ONTOLOGY_IRI),
                _curie(mapping_set["source"]),
            ))
    rows.sort()
    used = {cell.split(":", 1)[0] for row in rows for cell in (row[0], row[2], row[3], row[4], row[5], row[6])}
    curie_map = _curie_map(used | {"il7", "semapv", "skos"})
    meta = [
        "curie_map:",
        *[f"  {prefix}: {json.dumps(namespace)}" for prefix, namespace in curie_map.items()],  # quoted: MGI's ends in ':'
        f"mapping_set_id: {IL7}il7onto.sssom.tsv",
        f"mapping_set_version: {version or ''}",
        "mapping_set_title: il7onto alignments to external vocabularies",
        "mapping_set_description: Every SKOS alignment of il7onto entities (the IL-7 review, PMID 36201890), "
        "with the source each target vocabulary was checked against.",
        f"license: {license_ or 'https://creativecommons.org/licenses/by/4.0/'}",
        "creator_label:",
        "  - il7onto maintainers",
        f"subject_source: {_curie(ONTOLOGY_IRI)}",
        f"publication_date: {modified or ''}",
        "see_also:",
        f"  - {REVIEW}",
    ]
    header = ("subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification",
              "subject_source", "object_source")
    lines = ["#" + line for line in meta]
    lines.append("\t".join(header))
    lines += ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


KGX_NODES = "il7onto_nodes.tsv"
KGX_EDGES = "il7onto_edges.tsv"

# --- KGX -----------------------------------------------------------------------------------------

# il7onto class -> Biolink category (names checked in docs/vocabulary-sources.tsv).
CATEGORIES = {
    "Gene": "Gene", "Protein": "Protein", "Cytokine": "Protein", "ReceptorChain": "Protein",
    "SignallingMolecule": "Protein", "Kinase": "Protein", "TranscriptionFactor": "Protein",
    "ProteinFamily": "ProteinFamily", "SignallingPathway": "Pathway", "CellType": "Cell",
    "TissueOrOrgan": "GrossAnatomicalStructure", "BiologicalProcess": "BiologicalProcess",
    "Disease": "Disease", "MedicalProcedure": "Procedure", "TherapeuticModality": "Drug",
    "Species": "OrganismTaxon",
}
# Classes without a confirmed specific Biolink category.
DEFAULT_CATEGORY = "NamedThing"

# il7onto property -> Biolink predicate (names checked in docs/vocabulary-sources.tsv). Properties
# absent here become biolink:related_to; il7:notExpressedOn (a negative statement) is not exported.
PREDICATES = {
    "encodes": "has_gene_product", "inTaxon": "in_taxon", "locatedOnChromosome": "located_in",
    "orthologOf": "orthologous_to", "hasPart": "has_part", "partOf": "part_of", "memberOf": "part_of",
    "hasFeature": "has_part", "binds": "physically_interacts_with",
    "usesReceptorChain": "physically_interacts_with", "signalsVia": "interacts_with",
    "signalsViaCanonical": "interacts_with", "signalsViaNonCanonical": "interacts_with",
    "activates": "regulates", "downregulatesExpressionOf": "regulates",
    "producedBy": "produced_by", "mainlyProducedBy": "produced_by", "reportedProducedBy": "produced_by",
    "productionAffectedBy": "related_to", "locatedIn": "located_in",
    "expressedOn": "expressed_in", "primarilyExpressedOn": "expressed_in",
    "reportedExpressedOn": "expressed_in", "lowlyExpressedOn": "expressed_in",
    "requiredFor": "contributes_to", "requiredForSurvivalOf": "affects", "inducesExpansionOf": "affects",
    "deficiencyCauses": "causes", "excessSignallingDrives": "contributes_to",
    "mutationDrives": "contributes_to", "excessSignallingAssociatedWith": "correlated_with",
    "resultsFrom": "related_to", "targets": "has_target", "evaluatedIn": "in_clinical_trials_for",
    "ofModality": "related_to", "inCondition": "related_to", "hasReportedEffect": "related_to",
}
NOT_EXPORTED = {"notExpressedOn"}

# Node ids: the CURIE of an entity's exact match in the first of these vocabularies that has exactly
# one (the identifiers other Biolink graphs use, so the graphs merge on them), else its il7: CURIE.
NODE_ID_PREFERENCE = ("NCBIGene", "HGNC", "MGI", "UniProtKB", "CL", "MONDO", "DOID", "GO", "NCBITaxon",
                      "UBERON", "PR", "REACT", "CHEBI", "DRUGBANK", "MESH", "NCIT")

NODE_COLUMNS = ("id", "category", "name", "description", "xref", "synonym", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "primary_knowledge_source",
                "publications", "has_evidence", "species_context_qualifier", "knowledge_level", "agent_type")
INFORES = "infores:il7onto"
REVIEW_PMID = "PMID:36201890"


def node_ids(graph: "rdflib.Graph", entities) -> dict:
    """entity -> KGX node id: the canonical CURIE of its preferred exact match
    (:data:`NODE_ID_PREFERENCE`), its il7: CURIE where none exists or two entities would share one."""
    import rdflib

    chosen = {}
    for node in entities:
        targets = [curie(str(o)) for o in graph.objects(node, rdflib.URIRef(SKOS + "exactMatch"))
                   if isinstance(o, rdflib.URIRef)]
        for prefix in NODE_ID_PREFERENCE:
            in_prefix = sorted(t for t in targets if t.split(":", 1)[0] == prefix)
            if len(in_prefix) == 1:
                chosen[node] = in_prefix[0]
                break
    taken: dict[str, int] = {}
    for value in chosen.values():
        taken[value] = taken.get(value, 0) + 1
    return {node: chosen[node] if node in chosen and taken[chosen[node]] == 1 else _curie(str(node))
            for node in entities}


def _provenance(graph: "rdflib.Graph") -> dict[tuple, list[dict]]:
    """(s, p, o) -> the claims behind the triple: il7:ReviewClaim / il7:ExternalFact nodes
    (il7:claimSubject/Predicate/Object) and OWL 2 axiom annotations (owl:annotatedSource/Property/
    Target), each with its evidence, taxa and whether it is a claim of the review."""
    import rdflib

    il7 = rdflib.Namespace(IL7)
    found: dict[tuple, list[dict]] = {}

    def record(node, s, p, objects) -> None:
        kinds = set(graph.objects(node, rdflib.RDF.type))
        sources = {str(o) for o in graph.objects(node, rdflib.URIRef(DCT_SOURCE))}
        claim = {"evidence": {_curie(str(e)) for e in graph.objects(node, il7.evidence)},
                 "taxa": set(graph.objects(node, il7.holdsInTaxon)),
                 "review": il7.ReviewClaim in kinds or REVIEW in sources}
        for o in objects:
            found.setdefault((s, p, o), []).append(claim)

    for kind in (il7.ReviewClaim, il7.ExternalFact):
        for node in graph.subjects(rdflib.RDF.type, kind):
            record(node, graph.value(node, il7.claimSubject), graph.value(node, il7.claimPredicate),
                   list(graph.objects(node, il7.claimObject)))
    for node in graph.subjects(rdflib.RDF.type, rdflib.OWL.Axiom):
        record(node, graph.value(node, rdflib.OWL.annotatedSource), graph.value(node, rdflib.OWL.annotatedProperty),
               list(graph.objects(node, rdflib.OWL.annotatedTarget)))
    return found


def kgx_entities(graph: "rdflib.Graph") -> set:
    """The entities the KGX graph has nodes for: individuals of the classes under il7:Entity, and the
    classes under il7:Entity that are entities themselves (they have a SKOS mapping or take part in an
    il7: relation), so the export works for entities modelled as individuals or as classes; the
    schema's kind classes (il7:Cytokine ...) have neither."""
    import rdflib

    il7 = rdflib.Namespace(IL7)
    kinds = set(graph.transitive_subjects(rdflib.RDFS.subClassOf, il7.Entity))
    found = {node for node, cls in graph.subject_objects(rdflib.RDF.type)
             if isinstance(node, rdflib.URIRef) and cls in kinds and cls != il7.Entity}
    mapping = {rdflib.URIRef(p) for p in MAPPING_PREDICATES}
    for cls in kinds - {il7.Entity}:
        if not isinstance(cls, rdflib.URIRef):
            continue
        if any(p in mapping or (str(p).startswith(IL7) and isinstance(o, rdflib.URIRef))
               for p, o in graph.predicate_objects(cls)) or \
                any(str(p).startswith(IL7) for _, p in graph.subject_predicates(cls)):
            found.add(cls)
    return found


def render_kgx(graph: "rdflib.Graph | None" = None) -> tuple[str, str]:
    """KGX TSV (nodes, edges): il7onto entities with Biolink categories and the relations between
    them with Biolink predicates and provenance (review claims carry PMID:36201890).

    Node ids are canonical CURIEs of exact matches where they exist (:func:`node_ids`), so the graph
    merges with other Biolink graphs; an edge per species the claims behind it name
    (species_context_qualifier, an NCBITaxon CURIE)."""
    import rdflib

    graph = ontology_graph() if graph is None else graph
    entities = kgx_entities(graph)

    def category(node) -> str:
        """The Biolink category of the nearest il7 class (breadth-first up rdfs:subClassOf / rdf:type)."""
        level, seen = [node], {node}
        while level:
            found = sorted(CATEGORIES[str(c)[len(IL7):]] for c in level
                           if str(c).startswith(IL7) and str(c)[len(IL7):] in CATEGORIES and c != node)
            if found:
                return "biolink:" + found[0]
            parents = set()
            for c in level:
                parents |= {o for o in graph.objects(c, rdflib.RDFS.subClassOf) if isinstance(o, rdflib.URIRef)}
                if c == node:
                    parents |= {o for o in graph.objects(c, rdflib.RDF.type) if isinstance(o, rdflib.URIRef)}
            level = sorted(parents - seen)
            seen |= parents
        return "biolink:" + DEFAULT_CATEGORY

    ids = node_ids(graph, entities)
    node_rows = []
    for node in entities:
        xrefs = {_curie(str(o)) for o in graph.objects(node, rdflib.URIRef(SKOS + "exactMatch"))} | {_curie(str(node))}
        xrefs.discard(ids[node])
        synonyms = sorted({_tsv_cell(str(o)) for o in graph.objects(node, rdflib.URIRef(SYNONYM))})
        definition = graph.value(node, rdflib.URIRef(DEFINITION))
        node_rows.append((ids[node], category(node), _tsv_cell(_label(graph, node)),
                          _tsv_cell(str(definition or "")), "|".join(sorted(xrefs)),
                          "|".join(s.replace("|", "/") for s in synonyms), INFORES))
    node_rows.sort()

    support = _provenance(graph)
    edge_rows = []
    for s, p, o in graph:
        if s not in entities or o not in entities or not str(p).startswith(IL7):
            continue
        name = str(p)[len(IL7):]
        if name in NOT_EXPORTED:
            continue
        predicate = "biolink:" + PREDICATES.get(name, "related_to")
        if name == "evaluatedIn" and category(o) != "biolink:Disease":
            predicate = "biolink:related_to"  # evaluated in a medical setting, not a condition
        claims = support.get((s, p, o), [])
        publications = "|".join(sorted({REVIEW_PMID for c in claims if c["review"]}))
        evidence = "|".join(sorted(set().union(*(c["evidence"] for c in claims))))
        taxa = sorted({ids[t] for c in claims for t in c["taxa"] if t in ids}) or [""]
        for taxon in taxa:
            edge_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{s}|{p}|{o}" + (f"|{taxon}" if taxon else "")))
            edge_rows.append((edge_id, ids[s], predicate, ids[o], _curie(str(p)), INFORES, publications, evidence,
                              taxon, "knowledge_assertion", "manual_agent"))
    edge_rows.sort(key=lambda row: (row[1], row[4], row[3], row[8]))

    def table(columns, rows) -> str:
        return "\n".join(["\t".join(columns)] + ["\t".join(row) for row in rows]) + "\n"

    return table(NODE_COLUMNS, node_rows), table(EDGE_COLUMNS, edge_rows)
