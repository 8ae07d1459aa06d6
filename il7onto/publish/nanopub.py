"""Every claim (review claims and external facts) as a nanopublication with a trusty URI, in TriG.

One nanopublication per claim node (``il7:ReviewClaim`` or ``il7:ExternalFact``):

* **assertion** - the claimed triple(s): ``claimSubject claimPredicate claimObject`` (one triple per
  object);
* **provenance** - the assertion graph ``prov:wasDerivedFrom`` the claim's source, with the claim's
  evidence type (ECO), species, causality, review section and verbatim sentence;
* **publication info** - the nanopublication ``prov:wasDerivedFrom`` the claim node, its creation
  date (the ontology's ``dcterms:modified``) and licence.

Trusty URIs (module RA) are made with the hasher of the ``nanopub`` library, exactly as its
``Nanopub.sign`` does, minus the signature (we hold no key): the nanopublication is built under the
library's temporary namespace, hashed, and its URIs rewritten to ``http://purl.org/np/RA...``. The
output is deterministic: claims in IRI order, each graph's triples as sorted N-Triples lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import InputError

if TYPE_CHECKING:
    import rdflib

CLAIM_CLASSES = ("ReviewClaim", "ExternalFact")
_STRUCTURE = ("claimSubject", "claimPredicate", "claimObject")


def _library():
    try:
        from nanopub.definitions import DUMMY_NAMESPACE
        from nanopub.sign_utils import replace_trusty_in_graph
        from nanopub.trustyuri.rdf import RdfHasher, RdfUtils
    except ImportError:
        raise InputError("the nanopub export needs the 'nanopub' Python package: "
                        "pip install 'il7onto[nanopub]'") from None
    return DUMMY_NAMESPACE, replace_trusty_in_graph, RdfHasher, RdfUtils


def claims(graph: "rdflib.Graph") -> list["rdflib.URIRef"]:
    """The claim nodes of ``graph``, in IRI order."""
    from rdflib import RDF, Namespace

    from ..core.namespaces import IL7 as IL7_IRI

    IL7 = Namespace(IL7_IRI)
    found = {node for cls in CLAIM_CLASSES for node in graph.subjects(RDF.type, IL7[cls])}
    return sorted(found, key=str)


def nanopublication(graph: "rdflib.Graph", claim: "rdflib.URIRef") -> "rdflib.ConjunctiveGraph":
    """The nanopublication of one claim, with its trusty URI."""
    from rdflib import RDF, ConjunctiveGraph, Namespace, URIRef

    from ..core.namespaces import IL7 as IL7_IRI, ONTOLOGY_IRI

    IL7 = Namespace(IL7_IRI)
    dummy, replace_trusty, hasher, utils = _library()
    np_ = Namespace("http://www.nanopub.org/nschema#")
    prov = Namespace("http://www.w3.org/ns/prov#")
    dcterms = Namespace("http://purl.org/dc/terms/")
    this, head, assertion, provenance, pubinfo = (dummy[""], dummy["Head"], dummy["assertion"],
                                                  dummy["provenance"], dummy["pubinfo"])
    pub = ConjunctiveGraph()
    pub.add((this, RDF.type, np_.Nanopublication, head))
    pub.add((this, np_.hasAssertion, assertion, head))
    pub.add((this, np_.hasProvenance, provenance, head))
    pub.add((this, np_.hasPublicationInfo, pubinfo, head))

    subject = graph.value(claim, IL7.claimSubject)
    predicate = graph.value(claim, IL7.claimPredicate)
    for obj in graph.objects(claim, IL7.claimObject):
        pub.add((subject, predicate, obj, assertion))
    for p, o in graph.predicate_objects(claim):
        if p == RDF.type or p in {IL7[name] for name in _STRUCTURE}:
            continue
        pub.add((assertion, prov.wasDerivedFrom if p == dcterms.source else p, o, provenance))

    ontology = URIRef(ONTOLOGY_IRI)
    pub.add((this, prov.wasDerivedFrom, claim, pubinfo))
    for p in (dcterms.modified, dcterms.license):
        for o in graph.objects(ontology, p):
            pub.add((this, dcterms.created if p == dcterms.modified else p, o, pubinfo))

    artefact = hasher.make_hash(utils.get_quads(pub), baseuri=str(dummy), hashstr=" ")
    return replace_trusty(artefact, str(dummy), pub)


def trig(pub: "rdflib.ConjunctiveGraph") -> str:
    """One nanopublication as TriG: its four graphs (head first), each as sorted N-Triples lines."""
    from rdflib import Graph, Namespace

    from .serialize import ntriples

    np_ = Namespace("http://www.nanopub.org/nschema#")
    heads = [ctx for ctx in pub.contexts() if (None, np_.hasAssertion, None) in ctx]
    head = heads[0]
    uri = next(head.subjects(np_.hasAssertion, None))
    order = [head.identifier] + [head.value(uri, p) for p in
                                 (np_.hasAssertion, np_.hasProvenance, np_.hasPublicationInfo)]
    blocks = []
    for name in order:
        part = Graph()
        for triple in pub.get_context(name):
            part.add(triple)
        lines = ntriples(part).splitlines()
        blocks.append(f"<{name}> {{\n" + "".join(f"  {line}\n" for line in lines) + "}\n")
    return "".join(blocks)


def render(graph: "rdflib.Graph | None" = None) -> str:
    """Every claim of ``graph`` (default: the bundled ontology) as nanopublications, one TriG text."""
    from .tables import ontology_graph

    graph = ontology_graph() if graph is None else graph
    return "\n".join(trig(nanopublication(graph, claim)) for claim in claims(graph))
