"""The SPARQL 1.1 Service Description of `il7onto serve`, with the packaged queries as examples.

Answered at the endpoint for a GET without ``query`` (Turtle, RDF/XML, JSON-LD, N-Triples by
Accept). It names the dataset (the ontology in its named graph, union default graph), the result
formats, and lists every packaged query as a SIB-style ``sh:SPARQLExecutable`` with
``schema:target`` set to the endpoint, so tools that read sparql-examples find them.
Vocabulary IRIs: https://www.w3.org/TR/sparql11-service-description/ and https://www.w3.org/ns/formats/.
"""

from __future__ import annotations

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "N-Triples", "Turtle", "RDF_XML", "JSON-LD", "N-Quads", "TriG", "N3")
DESCRIPTION_TYPES = {  # media type -> pyoxigraph RdfFormat name
    "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
}


def description_triples(endpoint: str, triple_count: int) -> list:
    """The description of the service at ``endpoint`` as pyoxigraph triples."""
    import pyoxigraph

    from ..core.namespaces import ONTOLOGY_IRI
    from ..sparql.sparql_examples import catalogue_turtle

    iri, blank, literal = pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal
    xsd_integer = iri("http://www.w3.org/2001/XMLSchema#integer")
    service, dataset, default_graph = iri(endpoint), blank("dataset"), blank("defaultGraph")
    named, graph = blank("ontologyGraph"), blank("ontologyGraphContent")
    a = iri(RDF_TYPE)
    triples = [
        pyoxigraph.Triple(service, a, iri(SD + "Service")),
        pyoxigraph.Triple(service, iri(SD + "endpoint"), service),
        pyoxigraph.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        pyoxigraph.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        pyoxigraph.Triple(service, iri(SD + "defaultEntailmentRegime"), iri("http://www.w3.org/ns/entailment/Simple")),
        pyoxigraph.Triple(service, iri(SD + "defaultDataset"), dataset),
        pyoxigraph.Triple(dataset, a, iri(SD + "Dataset")),
        pyoxigraph.Triple(dataset, iri(SD + "defaultGraph"), default_graph),
        pyoxigraph.Triple(default_graph, a, iri(SD + "Graph")),
        pyoxigraph.Triple(default_graph, iri(VOID + "triples"), literal(str(triple_count), datatype=xsd_integer)),
        pyoxigraph.Triple(dataset, iri(SD + "namedGraph"), named),
        pyoxigraph.Triple(named, a, iri(SD + "NamedGraph")),
        pyoxigraph.Triple(named, iri(SD + "name"), iri(ONTOLOGY_IRI)),
        pyoxigraph.Triple(named, iri(SD + "graph"), graph),
        pyoxigraph.Triple(graph, a, iri(SD + "Graph")),
        pyoxigraph.Triple(graph, iri(VOID + "triples"), literal(str(triple_count), datatype=xsd_integer)),
    ]
    triples += [pyoxigraph.Triple(service, iri(SD + "resultFormat"), iri(FORMATS + name)) for name in RESULT_FORMATS]
    examples = list(pyoxigraph.parse(catalogue_turtle(), format=pyoxigraph.RdfFormat.TURTLE))
    triples += examples
    triples += [pyoxigraph.Triple(t.subject, iri(SCHEMA + "target"), service) for t in examples
                if t.predicate == a and t.object == iri(SH + "SPARQLExecutable")]
    return triples


def render(endpoint: str, triple_count: int, media: str) -> bytes:
    """The description serialised as ``media`` (one of :data:`DESCRIPTION_TYPES`)."""
    import pyoxigraph

    from ..core.namespaces import PREFIXES

    prefixes = {"sd": SD, "formats": FORMATS, "void": VOID, "schema": SCHEMA, "sh": SH,
                "ex": "https://w3id.org/il7onto/queries/", "rdfs": PREFIXES["rdfs"]}
    fmt = getattr(pyoxigraph.RdfFormat, DESCRIPTION_TYPES[media])
    options = {"prefixes": prefixes} if fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML) else {}
    return pyoxigraph.serialize(description_triples(endpoint, triple_count), format=fmt, **options)
