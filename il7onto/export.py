"""Export the ontology for other tools: RDF serialisations, SSSOM mappings and KGX graph files.

Every writer is deterministic (byte-identical output whatever ``PYTHONHASHSEED``) and every file is
written atomically (a temporary file in the target folder, then :func:`os.replace`), so an error
never leaves a partial file behind.

>>> from il7onto.export import render
>>> text = render("sssom")
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic  # noqa: F401 - part of this module's API
from .errors import InputError, UsageError
from .namespaces import IL7, ONTOLOGY_IRI, PREFIXES, REVIEW

if TYPE_CHECKING:
    import rdflib

RDF_FORMATS = ("turtle", "ntriples", "nquads", "rdfxml", "jsonld")
FORMATS = RDF_FORMATS + ("sssom", "kgx")

# File names used by --release (and suggested by the docs).
FILENAMES = {
    "turtle": "il7onto.ttl",
    "ntriples": "il7onto.nt",
    "nquads": "il7onto.nq",
    "rdfxml": "il7onto.owl",
    "jsonld": "il7onto.jsonld",
    "sssom": "il7onto.sssom.tsv",
}
KGX_NODES = "il7onto_nodes.tsv"
KGX_EDGES = "il7onto_edges.tsv"

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
SYNONYM = "http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"
DCT_SOURCE = "http://purl.org/dc/terms/source"
SEMAPV = "https://w3id.org/semapv/vocab/"
BIOLINK = "https://w3id.org/biolink/vocab/"
MAPPING_PREDICATES = tuple(SKOS + name for name in
                           ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))

# --- the graph -----------------------------------------------------------------------------------


def ontology_graph() -> "rdflib.Graph":
    """The whole ontology as an rdflib graph (the input of every exporter)."""
    from .graph import load

    return load()


def render(fmt: str, graph: "rdflib.Graph | None" = None) -> str:
    """The ontology (or ``graph``) in one of the single-file formats (all but ``kgx``)."""
    from . import serialize

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "kgx":
        raise UsageError("kgx is two files (nodes and edges); use render_kgx() or -o DIR")
    graph = ontology_graph() if graph is None else graph
    if fmt == "turtle":
        return serialize.turtle(graph)
    if fmt == "ntriples":
        return serialize.ntriples(graph)
    if fmt == "nquads":
        return serialize.nquads(graph, ONTOLOGY_IRI)
    if fmt == "rdfxml":
        return serialize.rdfxml(graph)
    if fmt == "jsonld":
        return serialize.jsonld(graph)
    return sssom(graph)


# --- atomic writing ------------------------------------------------------------------------------


# --- CURIEs --------------------------------------------------------------------------------------


def _curie_map(graph: "rdflib.Graph") -> dict[str, str]:
    """prefix -> namespace for SSSOM/KGX: the mapping sets' target prefixes plus standard ones."""
    result = {"il7": IL7, "skos": SKOS, "semapv": SEMAPV, "biolink": BIOLINK,
              "obo": PREFIXES["obo"], "infores": "https://w3id.org/biolink/infores/",
              "PMID": "http://www.ncbi.nlm.nih.gov/pubmed/", "ECO": "http://purl.obolibrary.org/obo/ECO_",
              "RO": "http://purl.obolibrary.org/obo/RO_", "BFO": "http://purl.obolibrary.org/obo/BFO_"}
    for mapping_set in _mapping_sets(graph):
        result[mapping_set["prefix"]] = mapping_set["namespace"]
    return result


def _curie(iri: str, curie_map: dict[str, str]) -> str:
    best = max((ns for ns in curie_map.values() if iri.startswith(ns) and len(iri) > len(ns)),
               key=len, default=None)
    if best is None:
        return iri
    prefix = min(p for p, ns in curie_map.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


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
    il7:targetNamespace the object IRI starts with.
    """
    import rdflib

    graph = ontology_graph() if graph is None else graph
    curie_map = _curie_map(graph)
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
                _curie(str(subject), curie_map),
                _tsv_cell(_label(graph, subject)),
                _curie(predicate, curie_map),
                f"{mapping_set['prefix']}:{str(target)[len(mapping_set['namespace']):]}",
                _curie(mapping_set["justification"], curie_map),
                _curie(ONTOLOGY_IRI, curie_map),
                _curie(mapping_set["source"], curie_map),
            ))
    rows.sort()
    used = {cell.split(":", 1)[0] for row in rows for cell in (row[0], row[2], row[3], row[4], row[5], row[6])}
    meta = [
        "curie_map:",
        *[f"  {prefix}: {curie_map[prefix]}" for prefix in sorted(used | {"il7", "semapv", "skos"})],
        f"mapping_set_id: {IL7}il7onto.sssom.tsv",
        f"mapping_set_version: {version or ''}",
        "mapping_set_title: il7onto alignments to external vocabularies",
        "mapping_set_description: Every SKOS alignment of il7onto entities (the IL-7 review, PMID 36201890), "
        "with the source each target vocabulary was checked against.",
        f"license: {license_ or 'https://creativecommons.org/licenses/by/4.0/'}",
        "creator_label:",
        "  - il7onto maintainers",
        f"subject_source: {_curie(ONTOLOGY_IRI, curie_map)}",
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
    "deficiencyCauses": "associated_with", "excessSignallingDrives": "contributes_to",
    "mutationDrives": "contributes_to", "excessSignallingAssociatedWith": "correlated_with",
    "resultsFrom": "related_to", "targets": "has_target", "evaluatedIn": "in_clinical_trials_for",
    "ofModality": "related_to", "inCondition": "related_to", "hasReportedEffect": "related_to",
}
NOT_EXPORTED = {"notExpressedOn"}

NODE_COLUMNS = ("id", "category", "name", "description", "xref", "synonym", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "primary_knowledge_source",
                "publications", "has_evidence", "knowledge_level", "agent_type")
INFORES = "infores:il7onto"
REVIEW_PMID = "PMID:36201890"


def render_kgx(graph: "rdflib.Graph | None" = None) -> tuple[str, str]:
    """KGX TSV (nodes, edges): il7onto entities with Biolink categories and the relations between
    them with Biolink predicates and provenance (review claims carry PMID:36201890)."""
    import rdflib

    graph = ontology_graph() if graph is None else graph
    il7 = rdflib.Namespace(IL7)
    curie_map = _curie_map(graph)

    # entity -> most specific il7 class
    subclass_of = {s: o for s, o in graph.subject_objects(rdflib.RDFS.subClassOf)
                   if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)}

    def depth(cls) -> int:
        n, seen = 0, set()
        while cls in subclass_of and cls not in seen:
            seen.add(cls)
            cls, n = subclass_of[cls], n + 1
        return n

    def is_entity_class(cls) -> bool:
        seen = set()
        while cls not in seen:
            if cls == il7.Entity:
                return True
            seen.add(cls)
            if cls not in subclass_of:
                return False
            cls = subclass_of[cls]
        return False

    entities: dict = {}
    for node, cls in graph.subject_objects(rdflib.RDF.type):
        if isinstance(node, rdflib.URIRef) and cls != il7.Entity and is_entity_class(cls):
            if node not in entities or (depth(cls), str(cls)) > (depth(entities[node]), str(entities[node])):
                entities[node] = cls

    def category(cls) -> str:
        while cls is not None:
            name = str(cls)[len(IL7):] if str(cls).startswith(IL7) else ""
            if name in CATEGORIES:
                return "biolink:" + CATEGORIES[name]
            cls = subclass_of.get(cls)
        return "biolink:" + DEFAULT_CATEGORY

    node_rows = []
    for node, cls in entities.items():
        xrefs = sorted({_curie(str(o), curie_map) for o in graph.objects(node, rdflib.URIRef(SKOS + "exactMatch"))})
        synonyms = sorted({_tsv_cell(str(o)) for o in graph.objects(node, rdflib.URIRef(SYNONYM))})
        definition = graph.value(node, rdflib.URIRef(DEFINITION))
        node_rows.append((_curie(str(node), curie_map), category(cls), _tsv_cell(_label(graph, node)),
                          _tsv_cell(str(definition or "")), "|".join(xrefs).replace("\t", " "),
                          "|".join(s.replace("|", "/") for s in synonyms), INFORES))
    node_rows.sort()

    # provenance of each asserted triple: review claims and external facts
    support: dict[tuple, dict[str, set]] = {}
    for kind, publication in ((il7.ReviewClaim, True), (il7.ExternalFact, False)):
        for assertion in graph.subjects(rdflib.RDF.type, kind):
            s = graph.value(assertion, il7.claimSubject)
            p = graph.value(assertion, il7.claimPredicate)
            evidence = {_curie(str(e), curie_map) for e in graph.objects(assertion, il7.evidence)}
            for o in graph.objects(assertion, il7.claimObject):
                entry = support.setdefault((s, p, o), {"publications": set(), "evidence": set()})
                entry["evidence"] |= evidence
                if publication:
                    entry["publications"].add(REVIEW_PMID)

    edge_rows = []
    for s, p, o in graph:
        if s not in entities or o not in entities or not str(p).startswith(IL7):
            continue
        name = str(p)[len(IL7):]
        if name in NOT_EXPORTED:
            continue
        predicate = "biolink:" + PREDICATES.get(name, "related_to")
        entry = support.get((s, p, o), {"publications": set(), "evidence": set()})
        if name == "evaluatedIn" and category(entities[o]) != "biolink:Disease":
            predicate = "biolink:related_to"  # evaluated in a medical setting, not a condition
        subject, obj, original = (_curie(str(t), curie_map) for t in (s, o, p))
        edge_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{s}|{p}|{o}"))
        edge_rows.append((edge_id, subject, predicate, obj, original, INFORES,
                          "|".join(sorted(entry["publications"])), "|".join(sorted(entry["evidence"])),
                          "knowledge_assertion", "manual_agent"))
    edge_rows.sort(key=lambda row: (row[1], row[4], row[3]))

    def table(columns, rows) -> str:
        return "\n".join(["\t".join(columns)] + ["\t".join(row) for row in rows]) + "\n"

    return table(NODE_COLUMNS, node_rows), table(EDGE_COLUMNS, edge_rows)


# --- writing -------------------------------------------------------------------------------------


def write(fmt: str, output: str | os.PathLike, graph: "rdflib.Graph | None" = None) -> list[Path]:
    """Write one format to ``output`` (for kgx: a folder, created if needed); return the paths."""
    if fmt == "kgx":
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create folder {folder}: {exc.strerror}") from None
        nodes, edges = render_kgx(graph)
        return [_write(folder / KGX_NODES, nodes), _write(folder / KGX_EDGES, edges)]
    return [_write(Path(output), render(fmt, graph))]


def _write(path: Path, data: str) -> Path:
    try:
        return write_atomic(path, data)
    except OSError as exc:  # write_atomic reports its own errors; this covers a failing release step
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def release(folder: str | os.PathLike) -> list[Path]:
    """Write every artefact into ``folder`` plus ``SHA256SUMS``; return the paths written.

    All or nothing: the artefacts are rendered and written into a temporary folder beside
    ``folder`` first. Only when all of them are complete is that folder renamed to ``folder``
    (if ``folder`` does not exist or is empty), or its files moved into ``folder`` one
    ``os.replace`` at a time, SHA256SUMS last. A failure or an interrupt before that leaves
    ``folder`` as it was and removes the temporary folder.
    """
    import shutil
    from importlib import resources

    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"cannot write the release into {folder}: it is not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(f"cannot create folder {folder}: {exc.strerror or exc}") from None
    try:
        graph = ontology_graph()
        staged = [_write(staging / FILENAMES[fmt], render(fmt, graph)) for fmt in FILENAMES]
        staged += write("kgx", staging, graph)
        context = resources.files("il7onto").joinpath("context.jsonld").read_text(encoding="utf-8")
        staged.append(_write(staging / "context.jsonld", context))
        sums = "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
                       for path in sorted(staged, key=lambda p: p.name))
        staged.append(_write(staging / "SHA256SUMS", sums))
        try:
            os.chmod(staging, 0o755)
            renamed = False
            if not folder.exists() or not any(folder.iterdir()):
                try:
                    os.replace(staging, folder)  # rename(2) replaces an empty folder
                    renamed = True
                except OSError as exc:  # another run got there first: move the files in
                    if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                        raise
            if not renamed:
                folder.mkdir(exist_ok=True)
                for path in staged:
                    os.replace(path, folder / path.name)
        except OSError as exc:
            raise InputError(f"cannot write the release into {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path.name for path in staged]


# --- loading into a triple store (SPARQL 1.1 Graph Store HTTP Protocol) ------------------------


def default_query_endpoint(gsp: str) -> str | None:
    """The query endpoint next to a Graph Store endpoint, for the stores we know."""
    import urllib.parse

    parts = urllib.parse.urlsplit(gsp)
    path = parts.path.rstrip("/")
    for suffix, query in (("/store", "/query"), ("/sparql-graph-crud-auth", "/sparql"),
                          ("/sparql-graph-crud", "/sparql")):
        if path.endswith(suffix):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(suffix)] + query, query=""))
    return None


def count_triples(query_endpoint: str, graph_iri: str, client=None) -> int:
    """The number of triples in ``graph_iri`` at a SPARQL endpoint."""
    from .errors import RemoteError
    from .remote import RemoteBackend

    backend = RemoteBackend(query_endpoint, client=client)
    result = backend.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    try:
        return int(result.rows[0][0].value)
    except (IndexError, AttributeError, ValueError, TypeError):
        raise RemoteError(f"{query_endpoint}: unexpected answer to the triple count query: {result.rows!r}") from None


def upload(endpoint: str, *, graph_iri: str = ONTOLOGY_IRI, path: str | os.PathLike | None = None,
           replace: bool = True, query_endpoint: str | None = None, client=None,
           log=None, bulk: bool = False) -> dict[str, object]:
    """Upload the ontology (or ``path``) into one named graph of a Graph Store endpoint.

    ``replace`` sends PUT (the graph's previous content is replaced), otherwise POST (appended).
    The payload is parsed and re-serialised as N-Triples before anything is sent; afterwards the
    triple count in the graph is checked with a SELECT COUNT at ``query_endpoint``. Returns a
    summary dict (sent, stored, graph, method).

    ``bulk`` adds Oxigraph's ``no_transaction`` parameter: its bulk loader, several times faster
    for millions of triples, but not atomic (a failure can leave the graph partly written).
    """
    import pyoxigraph

    from . import serialize
    from .errors import RemoteError
    from .http import Client, with_query

    try:
        pyoxigraph.NamedNode(graph_iri)
    except ValueError as exc:
        raise UsageError(f"--graph {graph_iri!r} is not a valid IRI: {exc}") from None
    if "://" not in graph_iri:
        raise UsageError(f"--graph {graph_iri!r} must be an absolute IRI")
    client = client or Client()
    query_endpoint = query_endpoint or default_query_endpoint(endpoint)
    if query_endpoint is None:
        raise UsageError("cannot guess the query endpoint next to this Graph Store URL; give --query-endpoint")

    fd, tmp = tempfile.mkstemp(prefix="il7onto-upload-", suffix=".nt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if path is None:
                graph = ontology_graph()
                handle.write(serialize.ntriples(graph))
                sent = len(graph)
            else:  # streamed: a user's file of any size is parsed, checked and converted in constant memory
                from .userdata import write_ntriples

                sent = write_ntriples(path, handle)
        size = os.path.getsize(tmp)
        method = "PUT" if replace else "POST"
        url = with_query(endpoint, graph=graph_iri) + ("&no_transaction" if bulk else "")
        if log:
            log(f"{method} {sent} triples ({size} bytes) to graph <{graph_iri}> at {endpoint}")
        client.request(method, url, body=Path(tmp), headers={"Content-Type": "application/n-triples"})
    finally:
        os.unlink(tmp)
    stored = count_triples(query_endpoint, graph_iri, client=client)
    if replace and stored != sent:
        raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after the upload, {sent} were sent")
    if not replace and stored < sent:
        raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after appending {sent}")
    return {"graph": graph_iri, "method": method, "sent": sent, "stored": stored, "endpoint": endpoint}
