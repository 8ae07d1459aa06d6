"""Run SELECT queries on a remote SPARQL 1.1 endpoint (the ``remote`` backend).

The query is POSTed (SPARQL 1.1 Protocol 2.1) with ``Accept: application/sparql-results+json``;
``graph`` (one IRI or several) becomes the ``default-graph-uri`` parameter(s): the store queries
their merge as the default graph. By default the body is URL-encoded
(``protocol="form"``, section 2.1.2), which every store answers; ``protocol="direct"`` sends
``application/sparql-query`` (2.1.3) instead. Virtuoso 7.2.5 (Debian 12's package) never answers a
direct POST, which is why form encoding is the default.
Results are parsed into pyoxigraph terms, so they compare with the embedded backend's.
"""

from __future__ import annotations

import json
import urllib.parse

from .engine import Result
from .errors import RemoteError
from .http import Client, with_query

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class RemoteBackend:
    """A SPARQL 1.1 endpoint reached over HTTP(S)."""

    name = "remote"

    def __init__(self, endpoint: str, graph: str | tuple[str, ...] | list[str] | None = None, timeout: float = 60.0,
                 user: str | None = None, password: str | None = None, client: Client | None = None,
                 protocol: str = "form"):
        if protocol not in ("form", "direct"):
            raise ValueError("protocol must be 'form' or 'direct'")
        self.endpoint = endpoint
        self.graph = graph
        self.graphs = (graph,) if isinstance(graph, str) else tuple(graph or ())
        self.protocol = protocol
        self.client = client or Client(user=user, password=password, read_timeout=timeout)
        # validate the URL now, as a usage error
        from .http import _split

        _split(endpoint)

    def _post(self, query: str, accept: str) -> bytes:
        # A query is safe to resend: POST is idempotent here.
        if self.protocol == "direct":  # SPARQL 1.1 Protocol 2.1.3: POST directly
            url = self.endpoint
            for graph in self.graphs:
                url = with_query(url, default_graph_uri=graph)
            body = query.encode("utf-8")
            content_type = "application/sparql-query; charset=utf-8"
        else:  # 2.1.2: POST URL-encoded (Virtuoso 7.2 never answers a direct POST)
            url = self.endpoint
            fields = [("query", query)] + [("default-graph-uri", graph) for graph in self.graphs]
            body = urllib.parse.urlencode(fields).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        response = self.client.request("POST", url, body=body, idempotent=True,
                                       headers={"Content-Type": content_type, "Accept": accept})
        return response.body

    def select(self, query: str) -> Result:
        body = self._post(query, "application/sparql-results+json")
        try:
            document = json.loads(body.decode("utf-8"))
            variables = tuple(document["head"]["vars"])
            bindings = document["results"]["bindings"]
            rows = tuple(tuple(_term(binding[var]) if var in binding else None for var in variables)
                         for binding in bindings)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            start = body[:120].decode("utf-8", errors="replace")
            raise RemoteError(f"{self.endpoint}: not a SPARQL JSON results document "
                              f"({type(exc).__name__}: {exc}); it starts {start!r}") from None
        return Result(variables, rows)


def _term(value: dict):
    """One SPARQL JSON results term as a pyoxigraph term."""
    import pyoxigraph

    kind = value["type"]
    text = value["value"]
    if kind == "uri":
        return pyoxigraph.NamedNode(text)
    if kind == "bnode":
        return pyoxigraph.BlankNode(text) if text and text.replace("_", "").replace("-", "").isalnum() \
            else pyoxigraph.BlankNode()
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL XML-era JSON (older Virtuoso)
        language = value.get("xml:lang") or value.get("lang")
        if language:
            return pyoxigraph.Literal(text, language=language)
        datatype = value.get("datatype")
        if datatype and datatype not in (_XSD_STRING, _RDF_LANG_STRING):
            return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(datatype))
        return pyoxigraph.Literal(text)
    raise ValueError(f"unknown term type {kind!r}")
