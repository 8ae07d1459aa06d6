"""Load the bundled ontology as an rdflib Graph or a pyoxigraph Store."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up

from .namespaces import PREFIXES
from .resources import ontology_files, ontology_paths

if TYPE_CHECKING:  # heavy imports stay off the import path
    import pyoxigraph
    import rdflib


def load() -> "rdflib.Graph":
    """Return the whole ontology (all modules merged) as a new rdflib ``Graph``."""
    import rdflib

    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def store() -> "pyoxigraph.Store":
    """Return the whole ontology loaded into a new in-memory pyoxigraph ``Store``."""
    import pyoxigraph

    result = pyoxigraph.Store()
    for path in ontology_paths():
        result.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    return result
