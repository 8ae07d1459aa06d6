"""IRIs and prefixes used across the package."""

from __future__ import annotations

import re

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
    not match the ``local`` pattern. The one IRI shortener behind tables, reports, docs and exports.
    """
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


# CURIE prefixes for display (query tables, HTML docs), as the records' own registries write them.
DISPLAY_PREFIXES: dict[str, str] = {
    "MESH": PREFIXES["mesh"],
    "NCBIGene": PREFIXES["ncbigene"],
    "HGNC": PREFIXES["hgnc"],
    "MGI": "http://identifiers.org/mgi/MGI:",
    "Reactome": "http://identifiers.org/reactome/",
    "WikiPathways": "http://identifiers.org/wikipathways/",
    "DrugBank": "http://identifiers.org/drugbank/",
    "UniProtKB": PREFIXES["uniprot"],
    "PMID": "https://pubmed.ncbi.nlm.nih.gov/",
    "semapv": "https://w3id.org/semapv/vocab/",
    **{name: PREFIXES[name] for name in ("il7", "owl", "rdf", "rdfs", "xsd", "skos", "dcterms", "oboInOwl", "sh")},
}
_OBO_ID = re.compile(r"^http://purl\.obolibrary\.org/obo/([A-Za-z]+)_(\w+)$")


def curie(iri: str) -> str:
    """A display name for an IRI (MESH:D015851, GO:1905540, MGI:96562, il7:IL7 ...), else the IRI."""
    match = _OBO_ID.match(iri)
    if match:
        return f"{match.group(1)}:{match.group(2)}"
    return compact(iri.rstrip("/"), DISPLAY_PREFIXES)


def expand_loose(curie: str) -> str | None:
    """The IRI for a CURIE a user typed or a table printed (il7:IL7, NCBIGene:3574, MESH:D015851,
    mesh:D015851, CL:0000898 as an OBO PURL), matching prefixes case-insensitively; None if
    ``curie`` is not one (no prefix, an unknown non-OBO prefix, or an IRI such as ``http://...``).
    """
    prefix, sep, local = curie.partition(":")
    if not sep or not local or local.startswith("//"):
        return None
    namespaces = {name.lower(): namespace for name, namespace in {**PREFIXES, **DISPLAY_PREFIXES}.items()}
    namespace = namespaces.get(prefix.lower())
    if namespace is not None:
        return namespace + local
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", prefix) and re.fullmatch(r"\w+", local):
        return f"http://purl.obolibrary.org/obo/{prefix}_{local}"
    return None


def display_prefix_of(namespace: str) -> str | None:
    """The display prefix (as tables print it) whose namespace is exactly ``namespace``, if any."""
    for name, candidate in DISPLAY_PREFIXES.items():
        if candidate == namespace:
            return name
    return None
