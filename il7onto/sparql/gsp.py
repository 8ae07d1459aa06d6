"""Load the ontology, or a user's RDF file, into a triple store (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..core.errors import UsageError
from ..core.namespaces import ONTOLOGY_IRI


def default_query_endpoint(gsp: str) -> str | None:
    """The query endpoint next to a Graph Store endpoint, for the stores we know."""
    import urllib.parse

    parts = urllib.parse.urlsplit(gsp)
    path = parts.path.rstrip("/")
    for suffix, query in (("/store", "/query"), ("/sparql-graph-crud-auth", "/sparql"),
                          ("/sparql-graph-crud", "/sparql")):
        if path.endswith(suffix):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(suffix)] + query, query=""))
    return None


def count_triples(query_endpoint: str, graph_iri: str, client=None) -> int:
    """The number of triples in ``graph_iri`` at a SPARQL endpoint."""
    return _count(query_endpoint, graph_iri, client)[0]


def _count(query_endpoint: str, graph_iri: str, client) -> tuple[int, str]:
    """The triple count of ``graph_iri`` and the endpoint's ``Server`` header."""
    import json
    import urllib.parse

    from ..core.errors import RemoteError
    from ..core.http import Client

    client = client or Client()
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    response = client.request("POST", query_endpoint, idempotent=True,
                              body=urllib.parse.urlencode([("query", query)]).encode("ascii"),
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/sparql-results+json"})
    try:
        return int(json.loads(response.body)["results"]["bindings"][0]["n"]["value"]), \
            response.headers.get("server", "")
    except (ValueError, KeyError, IndexError, TypeError):
        raise RemoteError(f"{query_endpoint}: unexpected answer to the triple count query: "
                          f"{response.body[:120]!r}") from None


#: Above this many triples the content check after a load is skipped (it reads the graph back).
CONTENT_CHECK_MAX = 250_000


def upload(endpoint: str, *, graph_iri: str = ONTOLOGY_IRI, path: str | os.PathLike | None = None,
           replace: bool = True, query_endpoint: str | None = None, client=None,
           log=None, bulk: bool = False) -> dict[str, object]:
    """Upload the ontology (or ``path``) into one named graph of a Graph Store endpoint.

    ``replace`` sends PUT (the graph's previous content is replaced), otherwise POST (appended).
    Before anything is sent: both URLs are checked (usage error), the payload is parsed and
    re-serialised as N-Triples, and the query endpoint answers a triple count (so a wrong
    ``query_endpoint`` fails before the graph is touched). Afterwards the graph is checked: its
    triple count, and (up to CONTENT_CHECK_MAX triples) its content, read back with a Graph Store
    GET: every triple without blank nodes that was sent must be there and, after a PUT, nothing
    else, with as many blank-node triples as were sent. A concurrent load into the same graph
    therefore fails one of the two runs (exit 5) instead of leaving a silent mixture.
    Returns a summary dict (sent, stored, graph, method, checked).

    ``bulk`` adds Oxigraph's ``no_transaction`` parameter: its bulk loader, several times faster
    for millions of triples, but not atomic (a failure can leave the graph partly written). It is
    refused (usage error) unless the query endpoint answers with an ``Oxigraph`` Server header.
    """

    from ..publish import serialize
    from ..core.errors import InputError, RemoteError
    from ..core.http import Client
    from ..core.urls import check_url, redact, with_query

    check_url(endpoint, "--endpoint")
    if query_endpoint is not None:
        check_url(query_endpoint, "--query-endpoint")
    check_graph_iri(graph_iri)
    client = client or Client()
    query_endpoint = query_endpoint or default_query_endpoint(endpoint)
    if query_endpoint is None:
        raise UsageError("cannot guess the query endpoint next to this Graph Store URL; give --query-endpoint")
    before, server = _count(query_endpoint, graph_iri, client)
    if bulk and not server.lower().startswith("oxigraph"):
        raise UsageError(f"--bulk is for Oxigraph only; the store at {redact(query_endpoint)} answers as "
                         f"{server or 'an unnamed server'!r} (Server header)")

    fd, tmp = tempfile.mkstemp(prefix="il7onto-upload-", suffix=".nt")
    try:
        with os.fdopen(fd, "wb") as handle:
            if path is None:
                from ..core.graph import load as load_ontology

                graph = load_ontology()
                handle.write(serialize.ntriples(graph).encode("utf-8"))
                sent = len(graph)
            else:  # streamed: a user's file of any size is parsed, checked and converted in constant memory
                from ..core.userdata import write_ntriples

                sent = write_ntriples(path, handle)
        if sent == 0 and path is not None:
            raise InputError(f"{path}: holds no triples (empty, or comments only); nothing to load")
        size = os.path.getsize(tmp)
        method = "PUT" if replace else "POST"
        url = with_query(endpoint, graph=graph_iri) + ("&no_transaction" if bulk else "")
        if log:
            log(f"{method} {sent} triples ({size} bytes) to graph <{graph_iri}> at {redact(endpoint)}")
        client.request(method, url, body=Path(tmp), headers={"Content-Type": "application/n-triples"})
        stored = count_triples(query_endpoint, graph_iri, client=client)
        if replace and stored != sent:
            raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after the upload, {sent} were sent "
                              "(another load into the same graph at the same time?)")
        if not replace and stored < sent:
            raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after appending {sent}")
        checked = sent <= CONTENT_CHECK_MAX
        if checked:
            _check_content(Path(tmp), endpoint, graph_iri, client, exact=replace)
    finally:
        os.unlink(tmp)
    return {"graph": graph_iri, "method": method, "sent": sent, "stored": stored, "endpoint": endpoint,
            "checked": "content" if checked else "count"}


def check_graph_iri(graph_iri: str) -> None:
    """A usage error unless ``graph_iri`` is an absolute IRI (any scheme: https:, urn:, tag: ...)."""
    import re

    import pyoxigraph

    try:
        pyoxigraph.NamedNode(graph_iri)
    except ValueError as exc:
        raise UsageError(f"--graph {graph_iri!r} is not a valid IRI: {exc}") from None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", graph_iri):  # RFC 3987: absolute IRIs start with a scheme
        raise UsageError(f"--graph {graph_iri!r} must be an absolute IRI (with a scheme such as https: or urn:)")


def _triple_digests(statements) -> tuple[set[bytes], int]:
    """Digests of the triples without blank nodes, and the number of distinct triples with one
    (a file may repeat a triple; the store holds it once)."""
    from hashlib import blake2b

    import pyoxigraph

    plain: set[bytes] = set()
    with_blank: set[bytes] = set()
    for t in statements:
        digest = blake2b(f"{t.subject} {t.predicate} {t.object}".encode(), digest_size=8).digest()
        if isinstance(t.subject, pyoxigraph.BlankNode) or isinstance(t.object, pyoxigraph.BlankNode):
            with_blank.add(digest)
        else:
            plain.add(digest)
    return plain, len(with_blank)


def _check_content(sent_file: Path, endpoint: str, graph_iri: str, client, exact: bool) -> None:
    """Read the graph back and compare it with what was sent (see :func:`upload`)."""
    import pyoxigraph

    from ..core.errors import RemoteError
    from ..core.urls import with_query

    response = client.request("GET", with_query(endpoint, graph=graph_iri),
                              headers={"Accept": "application/n-triples"})
    sent, sent_blank = _triple_digests(pyoxigraph.parse(path=str(sent_file), format=pyoxigraph.RdfFormat.N_TRIPLES))
    try:  # N-Triples is Turtle: a store answering text/turtle reads the same way
        got, got_blank = _triple_digests(pyoxigraph.parse(response.body, format=pyoxigraph.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise RemoteError(f"graph <{graph_iri}> read back for the content check is not N-Triples/Turtle: {exc}") from None
    missing = len(sent - got)
    if missing:
        raise RemoteError(f"graph <{graph_iri}> lacks {missing} of the triples just sent "
                          "(another load into the same graph at the same time?)")
    if exact and (got != sent or got_blank != sent_blank):
        raise RemoteError(f"graph <{graph_iri}> holds triples that were not sent "
                          "(another load into the same graph at the same time?)")
