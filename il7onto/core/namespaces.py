"""IRIs and prefixes used across the package."""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import curies

IL7 = "https://w3id.org/il7onto/"
ONTOLOGY_IRI = IL7 + "il7onto.owl"
REVIEW = "https://pubmed.ncbi.nlm.nih.gov/36201890/"

PREFIXES: dict[str, str] = {
    "il7": IL7,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "obo": "http://purl.obolibrary.org/obo/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "ncbigene": "http://identifiers.org/ncbigene/",
    "hgnc": "http://identifiers.org/hgnc/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes(*names: str) -> str:
    """SPARQL PREFIX declarations for the named entries of :data:`PREFIXES`, one per line."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def compact(iri: str, prefixes: dict[str, str], local: re.Pattern[str] | None = None) -> str:
    """``prefix:local`` for the longest namespace in ``prefixes`` that ``iri`` starts with (the first
    prefix listed wins a tie); ``iri`` itself when none matches, the local part is empty, or it does
    not match the ``local`` pattern. Serves the validation report and the JSON-LD writer, which run
    on the CLI's interactive paths: see :func:`curie_quick` for why this is not the curies library."""
    best_prefix, best_namespace = None, ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best_namespace) and len(iri) > len(namespace):
            best_prefix, best_namespace = prefix, namespace
    if best_prefix is None:
        return iri
    rest = iri[len(best_namespace):]
    if local is not None and not local.fullmatch(rest):
        return iri
    return f"{best_prefix}:{rest}"


# The package's one CURIE prefix map (canonical prefixes as the Biolink model's JSON-LD context writes
# them, biolink-model 4.4.6), behind every output that shows or writes CURIEs: query tables, HTML
# docs, SSSOM, KGX, OBO. Each record: prefix, namespace, further namespaces read as the same prefix.
CURIE_RECORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("il7", IL7, ()),
    ("NCBIGene", PREFIXES["ncbigene"], ("https://www.ncbi.nlm.nih.gov/gene/",)),
    ("HGNC", PREFIXES["hgnc"], ("http://identifiers.org/hgnc:",)),
    ("MGI", "http://identifiers.org/mgi/MGI:", ("http://identifiers.org/MGI:",)),
    ("UniProtKB", PREFIXES["uniprot"], ("http://identifiers.org/uniprot/",)),
    ("MESH", PREFIXES["mesh"], ("http://identifiers.org/mesh/",)),
    ("REACT", "http://identifiers.org/reactome/", ()),
    ("WIKIPATHWAYS", "http://identifiers.org/wikipathways/", ()),
    ("DRUGBANK", "http://identifiers.org/drugbank/", ()),
    ("PMID", "http://www.ncbi.nlm.nih.gov/pubmed/", ("https://pubmed.ncbi.nlm.nih.gov/",)),
    *((name, f"http://purl.obolibrary.org/obo/{name}_", ()) for name in
      ("GO", "CL", "MONDO", "DOID", "NCBITaxon", "NCIT", "UBERON", "PR", "ECO", "RO", "BFO", "IAO", "OBI",
       "CHEBI", "HP", "SO")),
    ("obo", PREFIXES["obo"], ()),
    ("skos", PREFIXES["skos"], ()),
    ("semapv", "https://w3id.org/semapv/vocab/", ()),
    ("biolink", "https://w3id.org/biolink/vocab/", ()),
    ("infores", "https://w3id.org/biolink/infores/", ()),
    *((name, PREFIXES[name], ()) for name in ("owl", "rdf", "rdfs", "xsd", "dcterms", "oboInOwl", "sh")),
)
CURIE_MAP: dict[str, str] = {prefix: namespace for prefix, namespace, _ in CURIE_RECORDS}
_CURIE_CONVERTER = None


def curie_converter() -> "curies.Converter":
    """The package's one :class:`curies.Converter` (:data:`CURIE_RECORDS`)."""
    global _CURIE_CONVERTER
    if _CURIE_CONVERTER is None:
        import curies

        _CURIE_CONVERTER = curies.Converter([
            curies.Record(prefix=prefix, uri_prefix=namespace, uri_prefix_synonyms=list(synonyms))
            for prefix, namespace, synonyms in CURIE_RECORDS])
    return _CURIE_CONVERTER


def curie(iri: str) -> str:
    """The CURIE of an IRI (MESH:D015851, GO:1905540, MGI:96562, NCBIGene:3574, il7:IL7 ...), else the IRI."""
    short = curie_converter().compress(iri.rstrip("/") if "pubmed" in iri else iri)
    return iri if short is None or short.endswith(":") else short


_QUICK: list[tuple[str, str]] | None = None


def curie_quick(iri: str) -> str:
    """:func:`curie` without importing ``curies``, for the query tables of the cold CLI fast path.

    Measured reason (README budget: a cold ``il7onto query`` within 3x of importing pyoxigraph, 33 ms):
    importing curies (it imports pydantic) took 0.75-0.83 s on the shared 2-core machine and made a
    cold ``il7onto query receptor-chains`` 0.9 s instead of 0.2 s. Same records, same longest-namespace
    rule, same result: a test compares it with :func:`curie` on every IRI of the ontology.
    """
    global _QUICK
    if _QUICK is None:
        _QUICK = sorted(((namespace, prefix) for prefix, main, synonyms in CURIE_RECORDS
                         for namespace in (main, *synonyms)), key=lambda pair: -len(pair[0]))
    text = iri.rstrip("/") if "pubmed" in iri else iri
    for namespace, prefix in _QUICK:
        if text.startswith(namespace):  # the longest namespace decides, even when nothing follows it
            return f"{prefix}:{text[len(namespace):]}" if len(text) > len(namespace) else iri
    return iri


def expand(curie_text: str) -> str | None:
    """The IRI of a CURIE written with :data:`CURIE_MAP`, or None for an unknown prefix."""
    return curie_converter().expand(curie_text)


def expand_loose(curie_text: str) -> str | None:
    """The IRI for a CURIE a user typed or a table printed (il7:IL7, NCBIGene:3574, MESH:D015851,
    mesh:D015851, CL:0000898 as an OBO PURL), matching prefixes of :data:`CURIE_MAP` and
    :data:`PREFIXES` case-insensitively; None if ``curie_text`` is not one (no prefix, an unknown
    non-OBO prefix, or an IRI such as ``http://...``)."""
    prefix, sep, local = curie_text.partition(":")
    if not sep or not local or local.startswith("//"):
        return None
    namespaces = {name.lower(): namespace for name, namespace in {**PREFIXES, **CURIE_MAP}.items()}
    namespace = namespaces.get(prefix.lower())
    if namespace is not None:
        return namespace + local
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", prefix) and re.fullmatch(r"\w+", local):
        return f"http://purl.obolibrary.org/obo/{prefix}_{local}"
    return None


def display_prefix_of(namespace: str) -> str | None:
    """The CURIE prefix (as tables print it) whose namespace is exactly ``namespace``, if any."""
    for prefix, main, synonyms in CURIE_RECORDS:
        if namespace == main or namespace in synonyms:
            return prefix
    return None
