"""Background graphs for the benchmark: il7onto placed among realistic neighbours.

A background of N triples is made of, in equal shares:
- synthetic cytokine modules in the il7onto schema (a cytokine, its receptor and chains, genes,
  signalling molecules, cell types, diseases, therapies and review-style claims with provenance,
  each module under its own namespace and citing its own publication), so every packaged query
  has same-shaped neighbours to tell apart from IL-7;
- MeSH-like descriptor records (labels, tree numbers, concepts) under http://id.nlm.nih.gov/mesh/;
- gene-like records (symbol, taxon, chromosome, synonyms) under http://identifiers.org/ncbigene/.

Output is N-Triples, deterministic for a given size (seeded), streamed to disk.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

IL7 = "https://w3id.org/il7onto/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
EXACT = "<http://www.w3.org/2004/02/skos/core#exactMatch>"
SOURCE = "<http://purl.org/dc/terms/source>"
MESHV = "http://id.nlm.nih.gov/mesh/vocab#"


# The two il7onto nodes every synthetic module links to, so they grow into hubs with the background
# (bench/run.py times the lookups of genes for them: HUB_LOOKUPS).
SHARED_SIGNAL = "STAT3"  # each module's receptor signals via it (non-canonical)
SHARED_CHAIN = "CommonGammaChain"  # every seventh module's receptor has it as a part


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, lang: str | None = "en") -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def il7(local: str) -> str:
    return _iri(IL7 + local)


def cytokine_module(k: int):
    """About 90 triples shaped like the IL-7 part of il7onto, for a made-up cytokine k."""
    base = f"https://example.org/bench/module{k}/"
    n = lambda local: _iri(base + local)  # noqa: E731
    pub = _iri(f"https://pubmed.ncbi.nlm.nih.gov/{90000000 + k}/")
    cyt, rec, chain, gene, path, therapy = n("Cytokine"), n("Receptor"), n("Chain"), n("Gene"), n("Pathway"), n("Therapy")
    cells = [n(f"Cell{i}") for i in range(3)]
    diseases = [n(f"Disease{i}") for i in range(3)]
    kinase = n("Kinase")
    yield cyt, RDF_TYPE, il7("Cytokine")
    yield cyt, LABEL, _lit(f"cytokine {k}")
    yield rec, RDF_TYPE, il7("ReceptorComplex")
    yield rec, LABEL, _lit(f"cytokine {k} receptor")
    yield chain, RDF_TYPE, il7("ReceptorChain")
    yield chain, LABEL, _lit(f"cytokine {k} receptor chain")
    yield rec, il7("hasPart"), chain
    yield rec, il7("hasPart"), il7(SHARED_CHAIN) if k % 7 == 0 else chain
    yield cyt, il7("binds"), rec
    yield cyt, il7("usesReceptorChain"), chain
    yield gene, RDF_TYPE, il7("Gene")
    yield gene, LABEL, _lit(f"CYT{k} (human gene)")
    yield gene, il7("geneSymbol"), _lit(f"CYT{k}", None)
    yield gene, il7("inTaxon"), il7("Human")
    yield gene, il7("encodes"), cyt
    yield gene, EXACT, _iri(f"http://identifiers.org/ncbigene/{80000000 + k}")
    yield kinase, RDF_TYPE, il7("Kinase")
    yield kinase, LABEL, _lit(f"kinase {k}")
    yield rec, il7("signalsViaCanonical"), kinase
    yield rec, il7("signalsViaNonCanonical"), il7(SHARED_SIGNAL)
    yield path, RDF_TYPE, il7("SignallingPathway")
    yield path, LABEL, _lit(f"cytokine {k} signalling pathway")
    yield path, il7("hasPart"), cyt
    for i, cell in enumerate(cells):
        yield cell, RDF_TYPE, il7("CellType")
        yield cell, LABEL, _lit(f"cell type {k}.{i}")
        yield cyt, il7("requiredForSurvivalOf"), cell
        yield rec, il7("primarilyExpressedOn"), cell
    yield cyt, il7("mainlyProducedBy"), cells[0]
    for i, disease in enumerate(diseases):
        yield disease, RDF_TYPE, il7("Disease")
        yield disease, LABEL, _lit(f"disease {k}.{i}")
        yield disease, EXACT, _iri(f"http://id.nlm.nih.gov/mesh/D9{k:05d}{i}")
        yield path, il7(("deficiencyCauses", "excessSignallingAssociatedWith", "mutationDrives")[i]), disease
    yield therapy, RDF_TYPE, il7("TherapeuticModality")
    yield therapy, LABEL, _lit(f"anti-cytokine {k} antibody")
    yield therapy, il7("targets"), rec
    yield therapy, il7("hasModeOfAction"), il7("ReceptorBlockade")
    yield therapy, il7("evaluatedIn"), diseases[1]
    for i, (s, p, o) in enumerate([(cyt, il7("binds"), rec), (path, il7("deficiencyCauses"), diseases[0]),
                                   (therapy, il7("evaluatedIn"), diseases[1])]):
        claim = n(f"claim{i}")
        yield claim, RDF_TYPE, il7("ReviewClaim")
        yield claim, il7("claimSubject"), s
        yield claim, il7("claimPredicate"), p
        yield claim, il7("claimObject"), o
        yield claim, il7("section"), il7("SectionDisease")
        yield claim, il7("evidence"), _iri("http://purl.obolibrary.org/obo/ECO_0000304")
        yield claim, il7("holdsInTaxon"), il7("Human")
        yield claim, il7("causality"), il7("Causal")
        yield claim, SOURCE, pub


def mesh_record(k: int, rng: random.Random):
    """About 10 triples shaped like a MeSH RDF descriptor."""
    d = _iri(f"http://id.nlm.nih.gov/mesh/D8{k:06d}")
    concept = _iri(f"http://id.nlm.nih.gov/mesh/M8{k:06d}")
    yield d, RDF_TYPE, _iri(MESHV + "TopicalDescriptor")
    yield d, LABEL, _lit(f"Descriptor {k}")
    yield d, _iri(MESHV + "identifier"), _lit(f"D8{k:06d}", None)
    yield d, _iri(MESHV + "treeNumber"), _iri(f"http://id.nlm.nih.gov/mesh/C{rng.randrange(1, 26):02d}.{k:06d}")
    yield d, _iri(MESHV + "preferredConcept"), concept
    yield concept, RDF_TYPE, _iri(MESHV + "Concept")
    yield concept, LABEL, _lit(f"Concept {k}")
    yield concept, _iri(MESHV + "scopeNote"), _lit(f"A synthetic scope note for descriptor {k}.")
    yield d, _iri(MESHV + "dateCreated"), '"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    yield d, _iri(MESHV + "active"), '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def gene_record(k: int, rng: random.Random):
    """About 8 triples shaped like a gene record."""
    g = _iri(f"http://identifiers.org/ncbigene/{70000000 + k}")
    yield g, RDF_TYPE, _iri("http://purl.obolibrary.org/obo/SO_0000704")
    yield g, LABEL, _lit(f"gene {k}")
    yield g, _iri("http://purl.org/dc/terms/identifier"), _lit(str(70000000 + k), None)
    yield g, il7("geneSymbol"), _lit(f"G{k}", None)
    yield g, _iri("http://purl.obolibrary.org/obo/RO_0002162"), _iri(
        "http://purl.obolibrary.org/obo/NCBITaxon_" + rng.choice(("9606", "10090", "10116")))
    yield g, _iri("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"), _lit(f"GENE{k}")
    yield g, _iri("http://www.w3.org/2000/01/rdf-schema#comment"), _lit(f"chromosome {rng.randrange(1, 23)}")
    yield g, _iri("http://purl.org/dc/terms/source"), _iri("https://www.ncbi.nlm.nih.gov/gene/")


def generate(triples: int, path: Path, seed: int = 7) -> int:
    """Write about ``triples`` background triples to ``path`` (N-Triples); return the count written."""
    rng = random.Random(seed)
    written = 0
    share = triples // 3
    with path.open("w", encoding="utf-8") as out:
        for make, target in ((cytokine_module, share), (mesh_record, share), (gene_record, triples - 2 * share)):
            k, count = 0, 0
            while count < target:
                records = make(k) if make is cytokine_module else make(k, rng)
                for s, p, o in records:
                    out.write(f"{s} {p} {o} .\n")
                    count += 1
                k += 1
            written += count
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    print(generate(args.triples, args.output))


if __name__ == "__main__":
    main()
