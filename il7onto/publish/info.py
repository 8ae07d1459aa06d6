"""Summaries of what the ontology holds (`il7onto info`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.namespaces import sparql_prefixes

_PREFIX = sparql_prefixes("il7", "skos", "rdfs")

_BY_CLASS = _PREFIX + """
SELECT ?label (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  ?entity a ?class . ?class rdfs:subClassOf* il7:Entity ; rdfs:label ?label .
  FILTER(?class != il7:Entity)
} GROUP BY ?label ORDER BY ?label
"""

_ENTITIES = _PREFIX + """
SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  ?entity a ?class . ?class rdfs:subClassOf* il7:Entity .
}
"""

_ASSERTIONS = _PREFIX + """
SELECT ?kind (COUNT(DISTINCT ?a) AS ?n) WHERE {
  VALUES ?kind { il7:ReviewClaim il7:ExternalFact } ?a a ?kind .
} GROUP BY ?kind ORDER BY ?kind
"""

_ALIGNMENTS = _PREFIX + """
SELECT ?label (COUNT(*) AS ?n) WHERE {
  ?set a il7:MappingSet ; il7:targetNamespace ?ns ; rdfs:label ?label .
  ?entity ?p ?target . ?p rdfs:subPropertyOf skos:mappingRelation .
  FILTER(STRSTARTS(STR(?target), ?ns))
} GROUP BY ?label ORDER BY ?label
"""


@dataclass(frozen=True)
class Summary:
    """Counts of what the ontology holds."""

    triples: int
    entities: int  # distinct: an entity of two classes (IFNG: cytokine, regulator) counts once
    entities_by_class: dict[str, int]
    assertions: dict[str, int]
    alignments_by_vocabulary: dict[str, int]


def summarize(store=None) -> Summary:
    """Count triples, entities per class, claims and alignments per target vocabulary."""
    from ..core.graph import store as load_store

    store = store if store is not None else load_store()

    def pairs(query: str) -> dict[str, int]:
        return {row[0].value.rsplit("/", 1)[-1]: int(row[1].value) for row in store.query(query)}

    return Summary(
        triples=len(store),
        entities=int(next(iter(store.query(_ENTITIES)))[0].value),
        entities_by_class=pairs(_BY_CLASS),
        assertions=pairs(_ASSERTIONS),
        alignments_by_vocabulary=pairs(_ALIGNMENTS),
    )
