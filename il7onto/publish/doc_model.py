"""What the HTML documentation is built from (:mod:`il7onto.publish.htmldocs` renders it): the
vocabulary it reads, the records a page is made of (links, values, pages), links to external
records, and the ontology's triples as dictionaries keyed by term."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.namespaces import PREFIXES, curie

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
SKOS = PREFIXES["skos"]
OBO = PREFIXES["obo"]
OIO = PREFIXES["oboInOwl"]
DCTERMS = PREFIXES["dcterms"]

TYPE = RDF + "type"
LABEL = RDFS + "label"
DEFINITION = OBO + "IAO_0000115"
SYNONYM = OIO + "hasExactSynonym"
XREF = OIO + "hasDbXref"
COMMENT = RDFS + "comment"
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
MATCH_TITLES = {"exactMatch": "exact match", "closeMatch": "close match", "broadMatch": "broader match",
                "narrowMatch": "narrower match", "relatedMatch": "related match"}

# Labels of the ECO classes the claims use (the ECO terms are not part of il7onto).
ECO_LABELS = {
    "ECO_0000304": "author statement supported by traceable reference used in manual assertion",
    "ECO_0000305": "curator inference used in manual assertion",
    "ECO_0000312": "imported information used in manual assertion",
}


def external_url(iri: str) -> str:
    """The web page of an external record: MeSH browser, NCBI Gene, UniProt, identifiers.org, OBO PURLs."""
    rules = (
        ("http://id.nlm.nih.gov/mesh/", "https://meshb.nlm.nih.gov/record/ui?ui={}"),
        ("http://identifiers.org/ncbigene/", "https://www.ncbi.nlm.nih.gov/gene/{}"),
        ("http://purl.uniprot.org/uniprot/", "https://www.uniprot.org/uniprotkb/{}"),
        ("http://identifiers.org/hgnc/", "https://identifiers.org/hgnc:{}"),
        ("http://identifiers.org/mgi/", "https://identifiers.org/{}"),
        ("http://identifiers.org/reactome/", "https://identifiers.org/reactome:{}"),
        ("http://identifiers.org/wikipathways/", "https://identifiers.org/wikipathways:{}"),
        ("http://identifiers.org/drugbank/", "https://identifiers.org/drugbank:{}"),
    )
    for namespace, template in rules:
        if iri.startswith(namespace):
            return template.format(iri[len(namespace):])
    return iri  # OBO PURLs and other http(s) IRIs resolve as they are


@dataclass(frozen=True)
class Link:
    """A hyperlink as the templates draw it."""

    text: str
    href: str
    title: str = ""
    external: bool = False
    note: str = ""


@dataclass(frozen=True)
class Value:
    """An object of a triple: a link or a literal text."""

    link: Link | None = None
    text: str = ""
    datatype: str = ""


@dataclass
class Page:
    """One documented resource."""

    iri: str
    kind: str  # class | property | entity | record
    filename: str
    label: str
    types: list[Link] = field(default_factory=list)
    definition: str = ""
    comments: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    alignments: list[tuple[str, list[Link]]] = field(default_factory=list)
    facts: list[tuple[Link, list[Value]]] = field(default_factory=list)
    incoming: list[tuple[Link, Link]] = field(default_factory=list)
    encoded_by: list[tuple[Link, list[Link]]] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    claim_groups: list[tuple[Link, list[dict]]] = field(default_factory=list)
    listed_claims: list[dict] = field(default_factory=list)
    external_facts: list[dict] = field(default_factory=list)
    members: list[Link] = field(default_factory=list)
    subclasses: list[Link] = field(default_factory=list)


class DocGraph:
    """The ontology's triples as dictionaries (subject -> predicate -> objects and the reverse)."""

    def __init__(self, store):
        import pyoxigraph

        self.out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.blank = set()
        for quad in store.quads_for_pattern(None, None, None):
            s, p, o = quad.subject, quad.predicate.value, quad.object
            key = term_key(s)
            if isinstance(s, pyoxigraph.BlankNode):
                self.blank.add(key)
            self.out[key][p].append(o)
            if not isinstance(o, pyoxigraph.Literal):
                self.into[term_key(o)][p].append(key)
        for predicates in self.out.values():
            for p, objects in predicates.items():
                predicates[p] = sorted(set(objects), key=sort_key)
        for predicates in self.into.values():
            for p, subjects in predicates.items():
                predicates[p] = sorted(set(subjects))

    def objects(self, s: str, p: str) -> list:
        return self.out.get(s, {}).get(p, [])

    def iris(self, s: str, p: str) -> list[str]:
        import pyoxigraph

        return [o.value if isinstance(o, pyoxigraph.NamedNode) else term_key(o) for o in self.objects(s, p)
                if not isinstance(o, pyoxigraph.Literal)]

    def literal(self, s: str, p: str) -> str:
        texts = self.literals(s, p)
        return texts[0] if texts else ""

    def literals(self, s: str, p: str) -> list[str]:
        import pyoxigraph

        found = [o for o in self.objects(s, p) if isinstance(o, pyoxigraph.Literal)]
        english = [o.value for o in found if o.language in (None, "en")]
        return sorted(set(english))

    def types(self, s: str) -> set[str]:
        return set(self.iris(s, TYPE))

    def rdf_list(self, head: str) -> list[str]:
        items = []
        while head and head != RDF + "nil" and len(items) < 1000:
            items.extend(self.iris(head, RDF + "first"))
            rest = self.iris(head, RDF + "rest")
            head = rest[0] if rest else ""
        return items


def term_key(term) -> str:
    import pyoxigraph

    return "_:" + term.value if isinstance(term, pyoxigraph.BlankNode) else term.value


def sort_key(term) -> tuple:
    return (type(term).__name__, term.value, str(term))


def slug(iri: str) -> str:
    text = curie(iri)
    if text.startswith("il7:"):
        text = text[4:]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "resource"
