"""A local, read-only SPARQL 1.1 endpoint over the ontology (`il7onto serve`).

Standard library ``ThreadingHTTPServer``; queries run on pyoxigraph in worker processes
(:mod:`il7onto.endpoint.query_workers`):

* the dataset is the one `il7onto load` builds: the ontology in its named graph
  ``https://w3id.org/il7onto/il7onto.owl``; queries without ``GRAPH`` see the union of all
  graphs; ``default-graph-uri`` / ``named-graph-uri`` set the dataset (SPARQL 1.1 Protocol 2.1.4);
* ``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or an URL-encoded
  form; exactly one ``query`` (two: 400);
* results by ``Accept`` (:mod:`il7onto.core.conneg`, ``Vary: Accept``, 406 when nothing fits): SPARQL
  JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as N-Triples, Turtle, RDF/XML, JSON-LD, N-Quads, TriG, N3;
* a GET without ``query``: the SPARQL Service Description (:mod:`il7onto.endpoint.service_description`)
  for RDF clients, an offline HTML query page for browsers (``Accept: text/html``);
* updates are refused (``update=`` or ``application/sparql-update``: 403; PUT/DELETE/PATCH: 405),
  and so are SERVICE / FROM / LOAD (403) and queries nested beyond
  :data:`il7onto.sparql.sparql_guard.MAX_NESTING` (400), decided by :func:`il7onto.sparql.sparql_guard.vet` in
  the worker process, under the query's deadline (parsing 100 kB can take seconds);
* CORS is off by default: no ``Access-Control-*`` headers, and a request to the endpoint whose
  ``Origin`` is not this server gets 403 (a web page cannot drive the endpoint, even with a form POST
  that needs no preflight). ``cors=True`` (``il7onto serve --cors``) allows every origin and answers
  preflights;
* a query past ``timeout`` seconds gets 503 and its worker process is killed, so the work stops
  too; at most ``max_workers`` queries run at once and further ones get 503 immediately;
* ``/il7onto/...`` answers the w3id.org paths (:mod:`il7onto.publish.linked_data`) with redirects to
  ``/docs/`` (the HTML docs) and ``/releases/VERSION/`` (the release files).

Why not the Oxigraph server (`oxigraph serve-read-only`): measured with 0.5.13, it executed a
``SERVICE`` call to a loopback canary (it has no switch to refuse it), sends no ``Vary``, and cannot
serve the service description with the packaged queries nor the linked-data paths; putting a
query-checking proxy in front of it would be hand-written HTTP serving as well.

Example::

    il7onto serve --port 7007 &
    curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?s WHERE { ?s a <https://w3id.org/il7onto/Cytokine> }' \\
        http://127.0.0.1:7007/sparql
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..core import conneg
from .query_workers import Busy, QueryTimeout, WorkerPool

MAX_QUERY_BYTES = 100_000
PATHS = ("/sparql", "/query", "/")
TEXT = "text/plain; charset=utf-8"


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, timeout: float = 10.0, max_workers: int = 4, cors: bool = False):
        self.cors = cors
        self.query_timeout = timeout
        super().__init__(address, Handler)
        try:
            self.workers = WorkerPool(max_workers, timeout)
        except BaseException:
            super().server_close()
            raise
        self._cache: dict[str, object] = {}
        self._cache_lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def server_close(self):
        super().server_close()
        self.workers.close()

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def cached(self, key: str, build):
        """Build once what several requests need (docs pages, release files, the triple count).

        One lock per key: a slow build (the docs) does not hold up requests for anything else.
        """
        with self._cache_lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "il7onto-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet by default; the CLI prints one line per request
        if getattr(self.server, "verbose", False):  # the request line is the client's text: sanitised
            from ..core.terminal import say

            say(f"{self.address_string()} - - [{self.log_date_time_string()}] {format % args}")

    # --- plumbing ---
    def _send(self, status: int, body: bytes | str, content_type: str = TEXT,
              extra: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str, extra=None) -> None:
        self._send(status, message.rstrip("\n") + "\n", extra=extra)

    def _route(self) -> str | None:
        path = urllib.parse.urlsplit(self.path).path
        if path in PATHS:
            return "endpoint"
        if path.startswith(("/il7onto/", "/docs/", "/releases/")):
            return "linked-data"
        self._error(404, f"not found: {path}; the endpoint is /sparql")
        return None

    def _origin_ok(self) -> bool:
        """Without CORS, refuse a browser request sent from another origin (it carries ``Origin``)."""
        origin = self.headers.get("Origin")
        if self.server.cors or origin is None or origin == f"http://{self.headers.get('Host')}":
            return True
        self._error(403, f"cross-origin request from {origin[:200]!r} refused; start the endpoint with --cors "
                         "to allow web pages to query it")
        return False

    # --- methods ---
    def do_GET(self):
        route = self._route()
        if route == "linked-data":
            return self._linked_data(urllib.parse.urlsplit(self.path).path)
        if route is None or not self._origin_ok():
            return
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        if "update" in params:
            return self._error(403, "updates are refused: this endpoint is read-only")
        queries = params.get("query", [])
        if len(queries) > 1:
            return self._error(400, f"exactly one 'query' parameter is allowed; got {len(queries)}")
        accept = self.headers.get("Accept")
        if conneg.prefers_html(accept):
            return self._page(queries[0] if queries else "")
        if not queries:
            return self._description(accept)
        self._answer(queries[0], params)

    do_HEAD = do_GET

    def do_POST(self):
        route = self._route()
        if route is None or (route == "endpoint" and not self._origin_ok()):
            return
        if route == "linked-data":
            return self._error(405, "the linked-data paths are read with GET", extra={"Allow": "GET, HEAD"})
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "Content-Length is not a number")
        if length > MAX_QUERY_BYTES:
            return self._error(413, f"query larger than {MAX_QUERY_BYTES} bytes")
        raw = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type") or ""
        media = content_type.split(";")[0].strip().lower()
        charset = _charset(content_type)
        if charset not in (None, "utf-8", "utf8"):
            return self._error(415, f"the request must be UTF-8, not {charset}")
        url_params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        if media == "application/sparql-update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if media == "application/sparql-query":
            if "query" in url_params:
                return self._error(400, "a query sent as application/sparql-query must not also be in the URL")
            try:
                return self._answer(raw.decode("utf-8"), url_params)
            except UnicodeDecodeError:
                return self._error(400, "the query is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            try:
                params = urllib.parse.parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                return self._error(400, "the form is not UTF-8")
            if "update" in params:
                return self._error(403, "updates are refused: this endpoint is read-only")
            queries = params.get("query", []) + url_params.get("query", [])
            if len(queries) != 1:
                return self._error(400, f"exactly one 'query' parameter is needed; got {len(queries)}")
            return self._answer(queries[0], params)
        return self._error(415, "send application/sparql-query or application/x-www-form-urlencoded")

    def _refuse(self):
        self._error(405, "this endpoint is read-only", extra={"Allow": "GET, HEAD, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def do_OPTIONS(self):
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.server.cors:  # a CORS preflight: which methods and request headers a page may use
            extra.update({"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Content-Type, Accept",
                          "Access-Control-Max-Age": "600"})
        self._send(204, b"", extra=extra)

    # --- queries ---
    def _answer(self, query: str, params: dict[str, list[str]]) -> None:
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._error(413, f"query larger than {MAX_QUERY_BYTES} bytes")
        # vetting (il7onto.sparql.sparql_guard.vet: 403 / 400) happens in the worker, under the deadline
        dataset = {name: params.get(name, []) for name in ("default-graph-uri", "named-graph-uri")}
        for name, iris in dataset.items():
            for iri in iris:
                if not _is_iri(iri):
                    return self._error(400, f"{name}: {iri!r} is not an absolute IRI")
        accept = self.headers.get("Accept") or ""
        try:
            status, body, content_type = self.server.workers.run(
                query, accept, dataset["default-graph-uri"], dataset["named-graph-uri"])
        except Busy:
            return self._error(503, "too many queries running; retry later", extra={"Retry-After": "5"})
        except QueryTimeout:
            return self._error(503, f"query timed out after {self.server.query_timeout:g}s and was stopped")
        self._send(status, body, content_type, extra={"Vary": "Accept"})

    # --- what is not a query ---
    def _description(self, accept: str | None) -> None:
        from .service_description import DESCRIPTION_TYPES, render

        media = conneg.choose(accept, list(DESCRIPTION_TYPES) + ["text/html"])
        if media is None:
            return self._error(406, "not acceptable: the service description is available as "
                               + ", ".join(DESCRIPTION_TYPES) + "; the query page as text/html",
                               extra={"Vary": "Accept"})
        if media == "text/html":
            return self._page("")
        endpoint = self.server.origin + urllib.parse.urlsplit(self.path).path
        count = self.server.cached("triples", _triple_count)
        body = self.server.cached(f"sd {endpoint} {media}", lambda: render(endpoint, count, media))
        self._send(200, body, f"{media}; charset=utf-8", extra={"Vary": "Accept"})

    def _page(self, query: str) -> None:
        endpoint = urllib.parse.urlsplit(self.path).path
        self._send(200, _query_page(endpoint, query), "text/html; charset=utf-8", extra={"Vary": "Accept"})

    def _linked_data(self, path: str) -> None:
        from .. import __version__
        from ..publish.linked_data import RELEASE_FILES, doc_pages, resolve

        if path.startswith("/il7onto/"):
            pages = self.server.cached("pages", doc_pages)
            status, target = resolve(path[len("/il7onto/"):], self.headers.get("Accept"), pages, self.server.origin)
            if status in (302, 303):
                return self._send(status, f"see {target}\n", extra={"Location": target, "Vary": "Accept"})
            return self._error(status, target, extra={"Vary": "Accept"})
        if path.startswith("/docs/"):
            release = self.server.cached("release", _release)
            site = self.server.cached("docs", lambda: _docs(release))
            name = path[len("/docs/"):]
            if name in site:
                return self._send(200, site[name], "text/html; charset=utf-8")
            return self._error(404, f"no docs page {name}")
        prefix = f"/releases/{__version__}/"
        name = path[len(prefix):] if path.startswith(prefix) else ""
        if name in RELEASE_FILES:
            files = self.server.cached("release", _release)
            return self._send(200, files[name], _RELEASE_TYPES.get(name.rsplit(".", 1)[-1], TEXT))
        return self._error(404, f"not found: {path}")


_RELEASE_TYPES = {"owl": "application/rdf+xml", "ttl": "text/turtle; charset=utf-8",
                  "jsonld": "application/ld+json", "nt": "application/n-triples",
                  "nq": "application/n-quads", "tsv": "text/tab-separated-values; charset=utf-8"}


def _charset(content_type: str) -> str | None:
    for field in content_type.split(";")[1:]:
        name, _, value = field.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _is_iri(text: str) -> bool:
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return ":" in text


def _triple_count() -> int:
    from ..core.graph import store

    return len(store())


def _docs(release: dict[str, bytes]) -> dict[str, str]:
    from ..publish.htmldocs import build, downloads_from_sums

    return build(downloads=downloads_from_sums(release["SHA256SUMS"].decode("utf-8")))


def _release() -> dict[str, bytes]:
    import tempfile
    from pathlib import Path

    from ..publish.export import release

    with tempfile.TemporaryDirectory(prefix="il7onto-release-") as folder:
        return {path.name: path.read_bytes() for path in release(Path(folder) / "release")}


def _query_page(endpoint: str, query: str) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from ..sparql.catalog import catalog
    from ..core.errors import UsageError
    from ..core.namespaces import ONTOLOGY_IRI

    examples, texts = [], {}
    for name, definition in sorted(catalog().items()):
        try:
            texts[name] = definition.bind({})  # defaults bound; required parameters left for the user
        except UsageError:
            texts[name] = definition.text
        examples.append(definition)
    env = Environment(loader=PackageLoader("il7onto", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined)
    return env.get_template("query.html").render(endpoint=endpoint, query=query, examples=examples,
                                                 examples_json=texts, ontology_iri=ONTOLOGY_IRI)


def make_server(host: str = "127.0.0.1", port: int = 7007, timeout: float = 10.0, max_workers: int = 4,
                cors: bool = False) -> SparqlServer:
    """Create (not start) the server and its query workers; ``port=0`` picks a free port."""
    return SparqlServer((host, port), timeout=timeout, max_workers=max_workers, cors=cors)
