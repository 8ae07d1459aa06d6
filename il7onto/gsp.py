"""Load the ontology, or a user's RDF file, into a triple store (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError
from .namespaces import ONTOLOGY_IRI


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
    from .errors import RemoteError
    from .remote import RemoteBackend

    backend = RemoteBackend(query_endpoint, client=client)
    result = backend.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    try:
        return int(result.rows[0][0].value)
    except (IndexError, AttributeError, ValueError, TypeError):
        raise RemoteError(f"{query_endpoint}: unexpected answer to the triple count query: {result.rows!r}") from None


def upload(endpoint: str, *, graph_iri: str = ONTOLOGY_IRI, path: str | os.PathLike | None = None,
           replace: bool = True, query_endpoint: str | None = None, client=None,
           log=None, bulk: bool = False) -> dict[str, object]:
    """Upload the ontology (or ``path``) into one named graph of a Graph Store endpoint.

    ``replace`` sends PUT (the graph's previous content is replaced), otherwise POST (appended).
    The payload is parsed and re-serialised as N-Triples before anything is sent; afterwards the
    triple count in the graph is checked with a SELECT COUNT at ``query_endpoint``. Returns a
    summary dict (sent, stored, graph, method).

    ``bulk`` adds Oxigraph's ``no_transaction`` parameter: its bulk loader, several times faster
    for millions of triples, but not atomic (a failure can leave the graph partly written).
    """
    import pyoxigraph

    from . import serialize
    from .errors import RemoteError
    from .http import Client, with_query

    try:
        pyoxigraph.NamedNode(graph_iri)
    except ValueError as exc:
        raise UsageError(f"--graph {graph_iri!r} is not a valid IRI: {exc}") from None
    if "://" not in graph_iri:
        raise UsageError(f"--graph {graph_iri!r} must be an absolute IRI")
    client = client or Client()
    query_endpoint = query_endpoint or default_query_endpoint(endpoint)
    if query_endpoint is None:
        raise UsageError("cannot guess the query endpoint next to this Graph Store URL; give --query-endpoint")

    fd, tmp = tempfile.mkstemp(prefix="il7onto-upload-", suffix=".nt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if path is None:
                from .graph import load as load_ontology

                graph = load_ontology()
                handle.write(serialize.ntriples(graph))
                sent = len(graph)
            else:  # streamed: a user's file of any size is parsed, checked and converted in constant memory
                from .userdata import write_ntriples

                sent = write_ntriples(path, handle)
        size = os.path.getsize(tmp)
        method = "PUT" if replace else "POST"
        url = with_query(endpoint, graph=graph_iri) + ("&no_transaction" if bulk else "")
        if log:
            log(f"{method} {sent} triples ({size} bytes) to graph <{graph_iri}> at {endpoint}")
        client.request(method, url, body=Path(tmp), headers={"Content-Type": "application/n-triples"})
    finally:
        os.unlink(tmp)
    stored = count_triples(query_endpoint, graph_iri, client=client)
    if replace and stored != sent:
        raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after the upload, {sent} were sent")
    if not replace and stored < sent:
        raise RemoteError(f"graph <{graph_iri}> holds {stored} triples after appending {sent}")
    return {"graph": graph_iri, "method": method, "sent": sent, "stored": stored, "endpoint": endpoint}
