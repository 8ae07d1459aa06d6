"""`il7onto export --format nanopub`: every claim as a nanopublication, read back and checked by the
`nanopub` library (offline: it is given files, never a URI to fetch)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib

from servers import run_cli

nanopub = pytest.importorskip("nanopub", reason="the nanopub library is in the test extra")

NP = rdflib.Namespace("http://www.nanopub.org/nschema#")
IL7 = rdflib.Namespace("https://w3id.org/il7onto/")


def _export(tmp_path: Path, seed: str = "0") -> bytes:
    out = tmp_path / f"claims-{seed}.trig"
    result = run_cli("export", "--format", "nanopub", "-o", str(out), env={**os.environ, "PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    return out.read_bytes()


def _split(data: bytes) -> dict[str, rdflib.ConjunctiveGraph]:
    """The nanopublications of a TriG file, each as its own four-graph dataset, by nanopub URI."""
    whole = rdflib.ConjunctiveGraph()
    whole.parse(data=data.decode("utf-8"), format="trig")
    found = {}
    for head in whole.contexts():
        for uri in head.subjects(NP.hasAssertion, None):
            single = rdflib.ConjunctiveGraph()
            names = [head.identifier] + [head.value(uri, p) for p in
                                         (NP.hasAssertion, NP.hasProvenance, NP.hasPublicationInfo)]
            for name in names:
                for triple in whole.get_context(name):
                    single.add((*triple, single.get_context(name)))
            found[str(uri)] = single
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return _export(tmp_path_factory.mktemp("nanopub"))


def _claim_count() -> int:
    from il7onto.publish.tables import ontology_graph

    rows = ontology_graph().query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { VALUES ?k { <https://w3id.org/il7onto/ReviewClaim> "
        "<https://w3id.org/il7onto/ExternalFact> } ?c a ?k }")
    return int(next(iter(rows))[0])


def test_one_nanopublication_per_claim_each_valid_with_its_trusty_uri(exported, tmp_path):
    uris = set(_split(exported))  # the whole file parses as one TriG document
    assert len(uris) == _claim_count()
    # The file is the nanopublications' TriG texts separated by one blank line; the library reads
    # each exactly as written.
    chunks = exported.split(b"\n\n")
    assert len(chunks) == len(uris)
    seen = set()
    for index, chunk in enumerate(chunks):
        path = tmp_path / f"np-{index}.trig"
        path.write_bytes(chunk)
        read = nanopub.Nanopub(rdf=path)
        uri = read.source_uri
        seen.add(uri)
        assert uri.startswith("http://purl.org/np/RA")
        assert read.metadata.trusty == uri.rsplit("/", 1)[1]
        assert read.is_valid
        assert read.has_valid_trusty
        assert len(read.assertion) >= 1
    assert seen == uris


def test_a_review_claim_and_an_external_fact_carry_their_content(exported):
    pubs = _split(exported).values()

    def by_claim(claim):
        for single in pubs:
            if (None, rdflib.namespace.PROV.wasDerivedFrom, claim) in single:
                return single
        raise AssertionError(f"no nanopublication for {claim}")

    review = by_claim(IL7["claim-overview-family"])
    triples = {(s, p, o) for s, p, o, _ in review.quads((None, None, None, None))}
    assert (IL7.IL7, IL7.memberOf, IL7.FourHelixCytokineFamily) in triples
    assert any(p == rdflib.namespace.PROV.wasDerivedFrom and o == rdflib.URIRef("https://pubmed.ncbi.nlm.nih.gov/36201890/")
               for _, p, o in triples)
    assert any(p == IL7.evidence and o == rdflib.URIRef("http://purl.obolibrary.org/obo/ECO_0000304")
               for _, p, o in triples)
    fact = by_claim(IL7["fact-JAK1-human-encodes"])
    fact_triples = {(s, p, o) for s, p, o, _ in fact.quads((None, None, None, None))}
    assert (IL7.JAK1_human_gene, IL7.encodes, IL7.JAK1) in fact_triples
    assert any(p == IL7.evidence and o == rdflib.URIRef("http://purl.obolibrary.org/obo/ECO_0000312")
               for _, p, o in fact_triples)


def test_a_changed_assertion_fails_the_trusty_check(exported, tmp_path):
    chunk = exported.split(b"\n\n")[0].decode("utf-8")
    head, rest = chunk.split("#assertion> {\n", 1)
    tampered = head + "#assertion> {\n  <https://w3id.org/il7onto/IL7> <https://w3id.org/il7onto/memberOf> " \
        "<https://w3id.org/il7onto/Tampered> .\n" + rest
    (tmp_path / "intact.trig").write_text(chunk, encoding="utf-8")
    assert nanopub.Nanopub(rdf=tmp_path / "intact.trig").has_valid_trusty
    (tmp_path / "tampered.trig").write_text(tampered, encoding="utf-8")
    with pytest.raises(Exception, match="not valid"):
        nanopub.Nanopub(rdf=tmp_path / "tampered.trig").has_valid_trusty


@pytest.mark.slow
def test_byte_identical_whatever_the_hash_seed(exported, tmp_path):
    assert _export(tmp_path, seed="4242") == exported
