"""Deterministic serialisation: the same graph gives byte-identical output whatever the hash seed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .namespaces import PREFIXES

if TYPE_CHECKING:
    import rdflib


def canonical(graph: "rdflib.Graph") -> "rdflib.Graph":
    """A copy of ``graph`` whose blank nodes carry labels derived from the graph's content."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    result = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        result.bind(prefix, iri)
    for prefix, iri in graph.namespaces():
        if prefix not in PREFIXES:
            result.bind(prefix, iri)
    for triple in to_canonical_graph(graph):
        result.add(triple)
    return result


def ntriples(graph: "rdflib.Graph") -> str:
    """N-Triples with canonical blank-node labels, one triple per line, lines sorted."""
    text = canonical(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def turtle(graph: "rdflib.Graph") -> str:
    """Turtle with canonical blank-node labels (rdflib sorts subjects and predicates)."""
    return canonical(graph).serialize(format="turtle")
