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

from .engine import Result, Triples, only_select
from ..core.errors import RemoteError
from ..core.http import Client, Response
from ..core.urls import with_query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .engine import Answer

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_MEDIA_TYPES = {"application/n-triples": "application/n-triples", "text/turtle": "text/turtle",
                    "text/plain": "application/n-triples"}  # text/plain: N-Triples before RDF 1.1
_ACCEPT_ANY = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


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
        from ..core.urls import split_url

        split_url(endpoint)

    def _post(self, query: str, accept: str) -> "Response":
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
        return response

    def execute(self, query: str, prefixes: dict[str, str] | None = None) -> Answer:
        """Any query form: the endpoint's media type tells a graph (N-Triples, Turtle) from results.
        ``prefixes`` are declared in front of the query text (a store knows none of ours)."""
        if prefixes:
            query = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + query
        response = self._post(query, _ACCEPT_ANY)
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type in _RDF_MEDIA_TYPES:
            import pyoxigraph

            try:
                rdf_format = pyoxigraph.RdfFormat.from_media_type(_RDF_MEDIA_TYPES[media_type])
                return Triples(quad.triple for quad in pyoxigraph.parse(response.body, rdf_format))
            except (SyntaxError, ValueError) as exc:
                raise RemoteError(f"{self.endpoint}: unreadable {media_type} answer: {exc}") from None
        return self._results(response.body)

    def select(self, query: str) -> Result:
        return only_select(self._results(self._post(query, "application/sparql-results+json").body))

    def _results(self, body: bytes) -> Answer:
        try:
            document = json.loads(body.decode("utf-8"))
            if isinstance(document, dict) and isinstance(document.get("boolean"), bool):
                return document["boolean"]
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


def graphs_holding_il7onto(backend: RemoteBackend, limit: int = 10) -> list[str]:
    """The named graphs at ``backend``'s endpoint that hold il7onto data (the ontology header or
    entities defined by it), sorted; at most ``limit``."""
    from ..core.namespaces import ONTOLOGY_IRI

    text = (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {{ <{ONTOLOGY_IRI}> ?p ?o }} UNION "
            f"{{ ?s <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> <{ONTOLOGY_IRI}> }} }} }} "
            f"ORDER BY ?g LIMIT {limit}")
    probe = RemoteBackend(backend.endpoint, graph=None, client=backend.client, protocol=backend.protocol)
    return [row[0].value for row in probe.select(text).rows if row[0] is not None]


def empty_answer_hint(backend: RemoteBackend) -> str | None:
    """For a query that found nothing without ``--graph``: where il7onto's data is at the endpoint,
    or None if the probe itself fails (the hint never turns an answer into an error)."""
    try:
        graphs = graphs_holding_il7onto(backend)
    except RemoteError:
        return None
    if not graphs:
        return (f"no rows, and no named graph at {backend.endpoint} holds il7onto data; "
                "load it with `il7onto load --endpoint GSP-URL`")
    listed = " ".join(f"<{graph}>" for graph in graphs)
    return f"no rows in the default graph; il7onto data is in the named graph {listed}: add --graph {graphs[0]}"
