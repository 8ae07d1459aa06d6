"""The ontology as OBO release artefacts: ``il7onto.obo`` (OBO 1.4) and ``il7onto.json`` (OBO Graphs),
written by pronto (a well-kept OBO library; its writers are the reference fastobo ones).

Every il7onto class and every entity (an individual of an il7onto class today, a class after the
class-level remodelling) is a ``[Term]``: name, definition (IAO:0000115), exact synonyms, xrefs
(oboInOwl:hasDbXref: exact matches only), ``is_a`` to its il7onto classes and one ``relationship:``
line per plain triple between two terms. The properties used are ``[Typedef]``s. Identifiers are the
package's CURIEs (:func:`il7onto.core.namespaces.curie`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..core.namespaces import CURIE_MAP, IL7, ONTOLOGY_IRI, PREFIXES, curie

if TYPE_CHECKING:
    import rdflib

DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
EXACT_SYNONYM = PREFIXES["oboInOwl"] + "hasExactSynonym"
DBXREF = PREFIXES["oboInOwl"] + "hasDbXref"


def terms(graph: "rdflib.Graph") -> dict:
    """IRI -> its il7onto classes (is_a parents), for il7:Entity, every class under it and every
    individual of those (claims, sections, mapping sets ... are not terms)."""
    import rdflib

    entity = rdflib.URIRef(IL7 + "Entity")
    found: dict = {}
    for cls in graph.transitive_subjects(rdflib.RDFS.subClassOf, entity):
        if isinstance(cls, rdflib.URIRef) and str(cls).startswith(IL7):
            found[cls] = {o for o in graph.objects(cls, rdflib.RDFS.subClassOf)
                          if isinstance(o, rdflib.URIRef) and str(o).startswith(IL7)}
    for node, cls in graph.subject_objects(rdflib.RDF.type):
        if isinstance(node, rdflib.URIRef) and cls in found and str(node).startswith(IL7):
            found.setdefault(node, set()).add(cls)
    return found


def ontology(graph: "rdflib.Graph"):
    """A :class:`pronto.Ontology` with every term, typedef and relationship of ``graph``."""
    import pronto
    import rdflib

    result = pronto.Ontology()
    result.metadata.ontology = "il7onto"
    version = graph.value(rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionInfo)
    if version is not None:
        result.metadata.data_version = str(version)
    found = terms(graph)
    created = {iri: result.create_term(curie(str(iri))) for iri in sorted(found)}
    typedefs: dict = {}
    for iri, term in created.items():
        labels = sorted(graph.objects(iri, rdflib.RDFS.label), key=lambda l: (l.language != "en", str(l)))
        if labels:
            term.name = str(labels[0])
        definition = graph.value(iri, rdflib.URIRef(DEFINITION))
        if definition is not None:
            term.definition = pronto.Definition(str(definition))
        for synonym in sorted({str(s) for s in graph.objects(iri, rdflib.URIRef(EXACT_SYNONYM))}):
            term.add_synonym(synonym, scope="EXACT")
        term.xrefs = frozenset(pronto.Xref(str(x)) for x in graph.objects(iri, rdflib.URIRef(DBXREF)))
        for parent in sorted(found[iri]):
            term.superclasses(distance=1).add(created[parent])
    for s, p, o in sorted(graph):
        if s in created and o in created and p != rdflib.RDF.type and isinstance(o, rdflib.URIRef) \
                and (p, rdflib.RDF.type, rdflib.OWL.ObjectProperty) in graph:
            if p not in typedefs:
                typedefs[p] = result.create_relationship(curie(str(p)))
                label = graph.value(p, rdflib.RDFS.label)
                if label is not None:
                    typedefs[p].name = str(label)
            relation = created[s].relationships
            relation[typedefs[p]] = set(relation.get(typedefs[p], ())) | {created[o]}
    idspaces = {curie(str(iri)).split(":", 1)[0] for iri in created} | {
        str(x).split(":", 1)[0] for iri in created for x in graph.objects(iri, rdflib.URIRef(DBXREF))}
    for prefix in sorted(idspaces & CURIE_MAP.keys()):
        result.metadata.idspaces[prefix] = (CURIE_MAP[prefix], None)
    return result


def render(fmt: str, graph: "rdflib.Graph") -> str:
    """``fmt`` 'obo' (OBO 1.4) or 'obojson' (OBO Graphs JSON) for ``graph``, byte-identical from run to
    run: pronto writes a term's relationships, synonyms and xrefs in set order, so they are sorted
    afterwards (OBO: each run of ``relationship:``, ``synonym:`` or ``xref:`` lines of a frame, as OBO 1.4's canonical form orders them; JSON: nodes, edges
    and keys), xref values written back as CURIEs and the graph named by the ontology's IRI and
    version IRI."""
    import json

    import rdflib

    buffer = io.BytesIO()
    ontology(graph).dump(buffer, format={"obo": "obo", "obojson": "json"}[fmt])
    text = buffer.getvalue().decode("utf-8")
    if fmt == "obojson":
        document = json.loads(text)
        version_iri = graph.value(rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionIRI)
        for graph_object in document["graphs"]:
            # pronto names the graph as an OBO Library ontology (purl.obolibrary.org/obo/il7onto.owl)
            graph_object["id"] = ONTOLOGY_IRI
            if graph_object.get("meta") is not None:
                graph_object["meta"]["version"] = str(version_iri) if version_iri is not None else None
            for node in graph_object["nodes"]:
                meta = node.get("meta") or {}
                for xref in meta.get("xrefs") or []:  # pronto expands xrefs to IRIs; OBO Graphs has CURIEs
                    xref["val"] = curie(xref["val"])
            graph_object["nodes"].sort(key=lambda node: node["id"])
            graph_object["edges"].sort(key=lambda edge: (edge["sub"], edge["pred"], edge["obj"]))
        return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    lines, block = [], []
    for line in text.splitlines():
        if line.startswith(("relationship: ", "synonym: ", "xref: ")):
            block.append(line)
            continue
        lines += sorted(block)
        block = []
        lines.append(line)
    return "\n".join(lines + sorted(block)) + "\n"
