"""A local, read-only SPARQL 1.1 endpoint over the ontology (`il7onto serve`).

Standard library ``ThreadingHTTPServer`` over an in-memory pyoxigraph store:

* ``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or an URL-encoded
  form (``query=``, ``default-graph-uri=`` ignored: there is one graph);
* results by ``Accept``: SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT/DESCRIBE as N-Triples or
  Turtle;
* updates are refused (``update=`` or ``application/sparql-update``: 403; PUT/DELETE/PATCH: 405),
  and so are SERVICE / FROM / LOAD (403) and queries nested beyond
  :data:`il7onto.sparql_guard.MAX_NESTING` (400), decided by :func:`il7onto.sparql_guard.vet`;
* CORS is off by default: no ``Access-Control-*`` headers, and a request whose ``Origin`` is not
  this server gets 403 (a web page cannot drive the endpoint, even with a form POST that needs no
  preflight). ``cors=True`` (``il7onto serve --cors``) allows every origin and answers preflights;
* each query runs in a worker thread with a deadline: after ``timeout`` seconds the client gets
  503. Limitation: Python cannot stop a running thread, so a runaway query keeps one CPU busy until
  it ends; at most ``max_workers`` queries run at once and further ones get 503 immediately, so a
  flood of slow queries cannot pile up.

Example::

    il7onto serve --port 7007 &
    curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?s WHERE { ?s a <https://w3id.org/il7onto/Cytokine> }' \\
        http://127.0.0.1:7007/sparql
"""

from __future__ import annotations

import threading
import urllib.parse
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import InputError, UnsafeInputError

MAX_QUERY_BYTES = 100_000
PATHS = ("/sparql", "/query", "/")

_SELECT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat name
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_TYPES = {
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "text/plain": "N_TRIPLES",
}


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, store=None, timeout: float = 10.0, max_workers: int = 4, cors: bool = False):
        if store is None:
            from .graph import store as load_store

            store = load_store()
        self.store = store
        self.cors = cors
        self.query_timeout = timeout
        from .bigstack import executor  # large stacks: a deeply nested query cannot crash the server

        self.pool = executor(max_workers, "il7onto-query")
        self.slots = threading.BoundedSemaphore(max_workers)
        super().__init__(address, Handler)

    def server_close(self):
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)


def _choose(accept: str, table: dict[str, str], default: str) -> tuple[str, str]:
    """(media type, format name) for an Accept header, honouring q-values roughly."""
    choices = []
    for index, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, index, media))
    for _, _, media in sorted(choices):
        if media in table:
            return media, table[media]
        if media in ("*/*", "application/*", "text/*"):
            break
    return default, table[default]


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "il7onto-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet by default; the CLI prints one line per request
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # --- plumbing ---
    def _send(self, status: int, body: bytes | str, content_type: str = "text/plain; charset=utf-8",
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

    def _path_ok(self) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        if path not in PATHS:
            self._error(404, f"not found: {path}; the endpoint is /sparql")
            return False
        return True

    # --- methods ---
    def _origin_ok(self) -> bool:
        """Without CORS, refuse a browser request sent from another origin (it carries ``Origin``)."""
        origin = self.headers.get("Origin")
        if self.server.cors or origin is None or origin == f"http://{self.headers.get('Host')}":
            return True
        self._error(403, f"cross-origin request from {origin[:200]!r} refused; start the endpoint with --cors "
                         "to allow web pages to query it")
        return False

    def do_GET(self):
        if not self._path_ok() or not self._origin_ok():
            return
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if "update" in params:
            return self._error(403, "updates are refused: this endpoint is read-only")
        if "query" not in params:
            return self._send(200, "il7onto read-only SPARQL endpoint: GET or POST /sparql?query=...\n")
        self._answer(params["query"][0])

    do_HEAD = do_GET

    def do_POST(self):
        if not self._path_ok() or not self._origin_ok():
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            return self._error(413, f"query larger than {MAX_QUERY_BYTES} bytes")
        raw = self.rfile.read(length) if length else b""
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if media == "application/sparql-query":
            try:
                return self._answer(raw.decode("utf-8"))
            except UnicodeDecodeError:
                return self._error(400, "the query is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(raw.decode("utf-8", errors="replace"))
            if "update" in params:
                return self._error(403, "updates are refused: this endpoint is read-only")
            if "query" not in params:
                return self._error(400, "missing 'query' parameter")
            return self._answer(params["query"][0])
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
    def _answer(self, query: str) -> None:
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._error(413, f"query larger than {MAX_QUERY_BYTES} bytes")
        accept = self.headers.get("Accept") or ""
        if not self.server.slots.acquire(blocking=False):
            return self._error(503, "too many queries running; retry later", extra={"Retry-After": "5"})
        future = None
        try:
            future = self.server.pool.submit(_vet_and_run, self.server.store, query, accept)
            status, body, content_type = future.result(timeout=self.server.query_timeout)
        except FutureTimeout:
            return self._error(503, f"query timed out after {self.server.query_timeout:g}s")
        finally:
            if future is None or future.done():
                self.server.slots.release()
            else:  # the slot is freed when the query really ends
                future.add_done_callback(lambda _: self.server.slots.release())
        self._send(status, body, content_type)


def _vet_and_run(store, query: str, accept: str) -> tuple[int, bytes | str, str]:
    """Vet a client's query (in a worker, under the deadline: parsing 100 kB can take seconds), then run
    the expanded text. Nesting is bounded before parsing; SERVICE / FROM / LOAD are 403."""
    from .sparql_guard import vet

    try:
        text = vet(query).text
    except UnsafeInputError as exc:
        return 403, f"refused: {exc}\n", "text/plain; charset=utf-8"
    except InputError as exc:
        return 400, f"{exc}\n", "text/plain; charset=utf-8"
    return _run(store, text, accept)


def _run(store, query: str, accept: str) -> tuple[int, bytes | str, str]:
    """Run one query and serialise the answer (in a worker thread)."""
    import pyoxigraph

    try:
        result = store.query(query)
    except SyntaxError as exc:
        return 400, f"SPARQL syntax error: {exc}\n", "text/plain; charset=utf-8"
    except (OSError, ValueError, RuntimeError) as exc:
        return 400, f"query failed: {exc}\n", "text/plain; charset=utf-8"
    if isinstance(result, (pyoxigraph.QuerySolutions, pyoxigraph.QueryBoolean)):
        media, name = _choose(accept, _SELECT_TYPES, "application/sparql-results+json")
        data = result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, name))
    else:
        media, name = _choose(accept, _GRAPH_TYPES, "application/n-triples")
        data = result.serialize(format=getattr(pyoxigraph.RdfFormat, name))
    return 200, data, f"{media}; charset=utf-8"


def make_server(host: str = "127.0.0.1", port: int = 7007, timeout: float = 10.0, store=None,
                max_workers: int = 4, cors: bool = False) -> SparqlServer:
    """Create (not start) the server; ``port=0`` picks a free port (see ``server.server_address``)."""
    return SparqlServer((host, port), store=store, timeout=timeout, max_workers=max_workers, cors=cors)

