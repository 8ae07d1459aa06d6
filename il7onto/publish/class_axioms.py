"""Derive the class-level axioms (``ontology/il7onto-axioms.ttl``) from the curated modules.

Every kind the review speaks of is an OWL class punned with a named individual (OWL 2 punning).
The curated modules state each relationship once, as a plain triple between the punned
individuals (``il7:IL7 il7:producedBy il7:StromalCell``), which SPARQL matches with one triple
pattern. This module projects each such triple onto the class level, where a reasoner uses it:

* ``S p O`` with O a kind: ``S SubClassOf p some O``;
* ``S p V`` with V a controlled value (an individual only): ``S SubClassOf p value V``;
* ``S il7:notExpressedOn O``: ``S SubClassOf not (il7:expressedOn some O)``;
* a placeholder object ("other tissues"): no class axiom (a placeholder is not a kind).

Each derived axiom carries, as OWL 2 axiom annotations (``owl:Axiom``), the provenance of every
claim or external fact naming its triple (section, quote, evidence, species, causality, source,
curator note), and ``rdfs:seeAlso`` the claim node. Exact matches to OBO classes become
``owl:equivalentClass``, broad matches ``rdfs:subClassOf``.

The output is deterministic text; ``tests/publish/test_class_axioms.py`` checks that the shipped file
equals it. Regenerate with ``python -m il7onto.publish.class_axioms > ontology/il7onto-axioms.ttl``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from il7onto.core.namespaces import IL7 as IL7_IRI, ONTOLOGY_IRI

IL7 = rdflib.Namespace(IL7_IRI)

GENERATED_NAME = "il7onto-axioms.ttl"
OBO = "http://purl.obolibrary.org/obo/"
ONTOLOGY = URIRef(ONTOLOGY_IRI)
# OBO ontologies whose classes the entities are related to the OBO way (equivalence or subclass)
OBO_CLASS_PREFIXES = ("CL_", "MONDO_", "GO_", "UBERON_", "PR_", "NCBITaxon_")
CLAIM_LINKS = {IL7.claimSubject, IL7.claimPredicate, IL7.claimObject, RDF.type}
PREFIXES = {
    "il7": str(IL7), "obo": OBO, "owl": str(OWL), "rdfs": str(RDFS), "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/", "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _term(node) -> str:
    """A node in Turtle: a prefixed name where the local part allows it, else a full IRI or literal."""
    if isinstance(node, Literal):
        return node.n3()
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if str(node).startswith(namespace) and _LOCAL.fullmatch(str(node)[len(namespace):]):
            return f"{prefix}:{str(node)[len(namespace):]}"
    return f"<{node}>"


def _local(node) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def kinds(graph: rdflib.Graph) -> set[URIRef]:
    """The il7onto entities that are classes (punned with an individual)."""
    return {s for s in graph.subjects(RDF.type, OWL.Class)
            if (s, RDF.type, OWL.NamedIndividual) in graph and (s, RDFS.isDefinedBy, ONTOLOGY) in graph}


def _relations(graph: rdflib.Graph) -> set[URIRef]:
    return {p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(IL7))}


def _provenance(graph: rdflib.Graph) -> dict[tuple, list]:
    """(subject, predicate, object) -> the claim and fact nodes naming that triple."""
    named: dict[tuple, list] = {}
    for node in graph.subjects(IL7.claimSubject, None):
        s, p = graph.value(node, IL7.claimSubject), graph.value(node, IL7.claimPredicate)
        for o in graph.objects(node, IL7.claimObject):
            named.setdefault((s, p, o), []).append(node)
    return named


def _annotation_lines(graph: rdflib.Graph, node) -> list[str]:
    pairs = sorted((_term(p), _term(o)) for p, o in graph.predicate_objects(node) if p not in CLAIM_LINKS)
    return [f"   {p} {o}" for p, o in pairs] + [f"   rdfs:seeAlso {_term(node)}"]


def derive(graph: rdflib.Graph) -> str:
    """The Turtle text of the class-level axioms derived from ``graph`` (the curated modules)."""
    classes, relations, provenance = kinds(graph), _relations(graph), _provenance(graph)
    placeholders = set(graph.subjects(RDF.type, IL7.Placeholder))
    blocks: list[str] = []
    for s, p, o in sorted(graph.triples((None, None, None))):
        if s not in classes or p not in relations or o in placeholders or isinstance(o, (Literal, BNode)):
            continue
        label = f"{_local(s)}-{_local(p)}-{_local(o)}"
        if p == IL7.notExpressedOn and o in classes:
            restriction = (f"_:{label} a owl:Class ; owl:complementOf [ a owl:Restriction ; "
                           f"owl:onProperty il7:expressedOn ; owl:someValuesFrom {_term(o)} ] .")
        elif o in classes:
            restriction = f"_:{label} a owl:Restriction ; owl:onProperty {_term(p)} ; owl:someValuesFrom {_term(o)} ."
        elif (o, RDF.type, OWL.NamedIndividual) in graph:
            restriction = f"_:{label} a owl:Restriction ; owl:onProperty {_term(p)} ; owl:hasValue {_term(o)} ."
        else:
            continue
        lines = [f"{_term(s)} rdfs:subClassOf _:{label} .", restriction]
        for claim in sorted(provenance.get((s, p, o), [])):
            lines.append(f"[] a owl:Axiom ; owl:annotatedSource {_term(s)} ; owl:annotatedProperty rdfs:subClassOf ; "
                         f"owl:annotatedTarget _:{label} ;")
            lines.append(" ;\n".join(_annotation_lines(graph, claim)) + " .")
        blocks.append("\n".join(lines))
    external: set[URIRef] = set()
    alignments: list[str] = []
    exact_owner: dict[URIRef, URIRef] = {}
    for s in sorted(classes):
        for match, axiom in ((SKOS.exactMatch, "owl:equivalentClass"), (SKOS.broadMatch, "rdfs:subClassOf")):
            for o in sorted(graph.objects(s, match)):
                if str(o).startswith(OBO) and str(o)[len(OBO):].startswith(OBO_CLASS_PREFIXES):
                    if match == SKOS.exactMatch and exact_owner.setdefault(o, s) != s:
                        raise ValueError(f"{o} is the exact match of both {exact_owner[o]} and {s}")
                    alignments.append(f"{_term(s)} {axiom} {_term(o)} .")
                    external.add(o)
    header = ["# il7onto: class-level axioms, generated by `python -m il7onto.publish.class_axioms` from the other",
              "# modules (do not edit; edit the plain triples, claims and mappings they come from).", ""]
    header += [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(PREFIXES.items())]
    sections = [
        "\n".join(header),
        "# --- every kind: the relationships of the review as existential (or value) restrictions ---",
        "\n\n".join(blocks),
        "# --- alignment to OBO classes: exact match = equivalent class, broad match = subclass ---",
        "\n".join([f"{_term(o)} a owl:Class ." for o in sorted(external)] + alignments),
    ]
    return "\n\n".join(sections) + "\n"


def curated_graph(folder: Path) -> rdflib.Graph:
    """The modules in ``folder`` except the generated one."""
    graph = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        if path.name != GENERATED_NAME:
            graph.parse(path, format="turtle")
    return graph


def main() -> int:
    from il7onto.core.resources import data_path
    sys.stdout.write(derive(curated_graph(Path(data_path("ontology")))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
