"""`il7onto load`: SPARQL 1.1 Graph Store uploads to real stores, and failures against fake ones."""

from __future__ import annotations

import os
import time

import pytest
import rdflib

from il7onto.publish import export as api
from il7onto.sparql.gsp import count_triples, upload
from il7onto.core.namespaces import ONTOLOGY_IRI

from servers import (cutting_proxy, fake_server, free_port, isomorphic, oxigraph, read_back, run_cli,  # noqa: F401
                     store, write_filler)

SUFFIX = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "rdfxml": "owl", "jsonld": "jsonld"}
G = "https://example.org/il7onto-test/"


@pytest.fixture(scope="module")
def ontology():
    return api.ontology_graph()


def normalise(graph: rdflib.Graph) -> rdflib.Graph:
    """Literals by value (Virtuoso rewrites some lexical forms, e.g. xsd:boolean 'true' -> '1')."""
    result = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype is not None and o.value is not None:
            o = rdflib.Literal(o.value, datatype=o.datatype)
        result.add((s, p, o))
    return result


_INTEGER_TYPES = {rdflib.XSD[name] for name in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                                "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                                "unsignedInt", "unsignedShort", "unsignedByte")}


def as_stored(graph: rdflib.Graph) -> rdflib.Graph:
    """Oxigraph (pyoxigraph 0.5 and its server) stores a literal of a type derived from xsd:integer as
    xsd:integer: the OWL cardinality "2"^^xsd:nonNegativeInteger reads back as "2"^^xsd:integer."""
    result = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype in _INTEGER_TYPES:
            o = rdflib.Literal(str(o), datatype=rdflib.XSD.integer)
        result.add((s, p, o))
    return result


def same_graph(store, got: rdflib.Graph, expected: rdflib.Graph) -> bool:
    if store.name == "virtuoso":
        return isomorphic(normalise(as_stored(got)), normalise(as_stored(expected)))
    return isomorphic(as_stored(got), as_stored(expected))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_export_load_read_back_is_isomorphic(store, fmt, tmp_path, ontology):
    path = tmp_path / f"il7onto.{SUFFIX[fmt]}"
    api.write(fmt, path, ontology)
    graph_iri = f"{G}{fmt}"
    result = run_cli("load", str(path), "--endpoint", store.gsp, "--query-endpoint", store.query,
                     "--graph", graph_iri, "--replace", env=store.cli_env())
    assert result.returncode == 0, result.stderr.decode()
    assert f"{len(ontology)} triples now in the graph".encode() in result.stdout
    got = read_back(store, graph_iri)
    assert len(got) == len(ontology)
    assert same_graph(store, got, ontology)
    # the details that break most often
    quote = next(o for o in got.objects(None, rdflib.URIRef("https://w3id.org/il7onto/quote")) if "α" in o)
    assert quote.language == "en"
    assert any(isinstance(s, rdflib.BNode) for s in got.subjects())
    assert any(isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.decimal for o in got.objects())


@pytest.mark.slow
def test_default_graph_is_the_ontology_iri_and_replace_replaces(store, ontology):
    result = run_cli("load", "--endpoint", store.gsp, "--query-endpoint", store.query, env=store.cli_env())
    assert result.returncode == 0, result.stderr.decode()
    assert count_triples(store.query, ONTOLOGY_IRI, client=store.client()) == len(ontology)
    # replacing again does not double anything
    result = run_cli("load", "--endpoint", store.gsp, "--query-endpoint", store.query, "--replace",
                     env=store.cli_env())
    assert result.returncode == 0, result.stderr.decode()
    assert count_triples(store.query, ONTOLOGY_IRI, client=store.client()) == len(ontology)


@pytest.mark.slow
def test_append_adds_and_replace_discards(store, tmp_path):
    graph_iri = G + "append"
    one = tmp_path / "one.ttl"
    one.write_text('<https://example.org/a> <https://example.org/p> "γ"@el .\n', encoding="utf-8")
    two = tmp_path / "two.nt"
    two.write_text('<https://example.org/b> <https://example.org/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                   encoding="utf-8")
    for args in (("--replace", str(one)), ("--append", str(two))):
        result = run_cli("load", "--endpoint", store.gsp, "--query-endpoint", store.query, "--graph", graph_iri,
                         *args, env=store.cli_env())
        assert result.returncode == 0, result.stderr.decode()
    assert count_triples(store.query, graph_iri, client=store.client()) == 2
    result = run_cli("load", "--endpoint", store.gsp, "--query-endpoint", store.query, "--graph", graph_iri,
                     "--replace", str(two), env=store.cli_env())
    assert result.returncode == 0
    got = read_back(store, graph_iri)
    assert len(got) == 1 and (rdflib.URIRef("https://example.org/b"), None, None) in got


@pytest.mark.slow
def test_user_file_is_streamed_deduplicated_and_bulk_loadable(oxigraph, tmp_path):
    """A large user file goes through without an rdflib graph; repeated triples count once; --bulk
    (Oxigraph's no_transaction loader) lands the same graph."""
    path = tmp_path / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(20_000):
            out.write(f'<https://example.org/s{i % 10_000}> <https://example.org/p> "v{i % 10_000}" .\n')
    for extra in ((), ("--bulk",)):
        graph_iri = G + "big" + "".join(extra)
        result = run_cli("load", str(path), "--endpoint", oxigraph.gsp, "--graph", graph_iri, *extra)
        assert result.returncode == 0, result.stderr.decode()
        assert "10000 triples sent, 10000 triples now in the graph" in result.stdout.decode()
        assert count_triples(oxigraph.query, graph_iri) == 10_000


@pytest.mark.slow
def test_repeated_blank_node_triples_pass_the_content_check(oxigraph, tmp_path):
    """Repeats are sent as they are (the store keeps one): the content check counts distinct
    blank-node triples on both sides, so a repeated `_:b` triple is no false alarm."""
    path = tmp_path / "repeats.ttl"
    path.write_text('<https://example.org/a> <https://example.org/p> _:b .\n'
                    '<https://example.org/a> <https://example.org/p> _:b .\n'
                    '_:b <https://example.org/q> "x" .\n_:b <https://example.org/q> "x" .\n'
                    '<https://example.org/a> <https://example.org/r> "y" .\n'
                    '<https://example.org/a> <https://example.org/r> "y"^^<http://www.w3.org/2001/XMLSchema#string> .\n')
    result = run_cli("load", str(path), "--endpoint", oxigraph.gsp, "--graph", G + "repeats")
    assert result.returncode == 0, result.stderr.decode()
    assert "3 triples sent, 3 triples now in the graph" in result.stdout.decode()


@pytest.mark.slow
def test_unparseable_file_is_refused_before_sending(oxigraph, tmp_path, ontology):
    upload(oxigraph.gsp, graph_iri=G + "keep", client=oxigraph.client())
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> <https://example.org/p> .\n")
    result = run_cli("load", str(bad), "--endpoint", oxigraph.gsp, "--graph", G + "keep")
    assert result.returncode == 3, result.stderr.decode()
    assert count_triples(oxigraph.query, G + "keep") == len(ontology)


@pytest.mark.slow
def test_interrupted_replace_leaves_the_previous_graph_intact(oxigraph, tmp_path, ontology):
    graph_iri = G + "interrupted"
    upload(oxigraph.gsp, graph_iri=graph_iri, client=oxigraph.client())
    before = read_back(oxigraph, graph_iri)
    small = write_filler(tmp_path / "small.nt", 2000)
    port = int(oxigraph.gsp.split(":")[2].split("/")[0])
    with cutting_proxy(port, cut_after=50_000) as proxy_port:
        result = run_cli("load", str(small), "--endpoint", f"http://127.0.0.1:{proxy_port}/store",
                         "--query-endpoint", oxigraph.query, "--graph", graph_iri, "--replace",
                         "--timeout", "5", "--retries", "1")
    assert result.returncode == 5, result.stderr.decode()
    assert b"il7onto: error:" in result.stderr
    after = read_back(oxigraph, graph_iri)
    assert len(after) == len(ontology)
    assert isomorphic(after, before)


# --- failures against fake servers ---------------------------------------------------------------


def _load(url: str, *extra: str, env=None):
    return run_cli("load", "--endpoint", url + "/store", "--query-endpoint", url + "/query",
                   "--timeout", "2", *extra, env=env, timeout=60)


@pytest.mark.parametrize("behaviour, expected", [
    ("500", b"HTTP 500"),
    ("401", b"HTTP 401"),
    ("413", b"HTTP 413"),
    ("redirect", b"HTTP 307 redirect"),
    ("truncated", b"truncated response"),
    ("hang", b"total deadline"),
    ("503", b"HTTP 503"),
])
def test_store_failures_exit_5_with_a_clear_message(behaviour, expected):
    with fake_server(behaviour, queries_work=True) as (url, requests):
        started = time.monotonic()
        result = _load(url)
        elapsed = time.monotonic() - started
    assert result.returncode == 5, result.stderr.decode()
    lines = result.stderr.decode().strip().splitlines()
    assert lines[-1].startswith("il7onto: error:")
    assert expected in result.stderr
    assert elapsed < 30
    if behaviour == "500":
        assert b"store exploded" in result.stderr  # the server's message, without its HTML
        assert len(requests) == 1
    if behaviour == "redirect":
        assert len(requests) == 1  # never followed
    if behaviour == "503":
        assert len(requests) == 3  # bounded retries of the idempotent PUT


def test_post_is_not_retried_once_sent():
    with fake_server("503", queries_work=True) as (url, requests):
        result = _load(url, "--append")
    assert result.returncode == 5
    assert len(requests) == 1


def test_connection_refused_exit_5():
    port = free_port()  # nothing listens there
    result = _load(f"http://127.0.0.1:{port}", "--retries", "2")
    assert result.returncode == 5
    assert b"cannot connect" in result.stderr and b"after 2 attempts" in result.stderr


def test_credentials_are_sent_but_never_echoed():
    env = {**os.environ, "IL7ONTO_USER": "alice", "IL7ONTO_PASSWORD": "s3cret-pw"}
    with fake_server("401", queries_work=True) as (url, requests):
        result = _load(url, env=env)
    assert result.returncode == 5
    assert b"s3cret-pw" not in result.stdout + result.stderr
    assert requests[0][2].get("Authorization", "").startswith("Basic ")


def test_graph_must_be_an_absolute_iri():
    result = run_cli("load", "--endpoint", "http://127.0.0.1:9/store", "--graph", "not an iri")
    assert result.returncode == 2


def test_digest_auth_answers_a_challenge():
    """Virtuoso's Graph Store endpoint wants HTTP Digest: check the header we compute (RFC 7616 example)."""
    import hashlib

    from il7onto.core.http import _digest

    header = _digest('Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"', "PUT",
                     "/sparql-graph-crud-auth?graph=x", "u", "p")
    fields = dict(part.strip().split("=", 1) for part in header[len("Digest "):].split(", "))
    cnonce = fields["cnonce"].strip('"')
    ha1 = hashlib.md5(b"u:SPARQL:p").hexdigest()
    ha2 = hashlib.md5(b"PUT:/sparql-graph-crud-auth?graph=x").hexdigest()
    expected = hashlib.md5(f"{ha1}:abc:00000001:{cnonce}:auth:{ha2}".encode()).hexdigest()
    assert fields["response"] == f'"{expected}"'
