"""A loopback canary: an HTTP server that records every request it gets.

Hostile-input tests point remote references (entities, JSON-LD contexts, owl:imports, SERVICE)
at it and then assert that it received nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from servers import serving


class _Recorder(BaseHTTPRequestHandler):
    def _record(self):
        self.server.hits.append(self.path)
        body = b'{"@context": {}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, *args):  # keep the test output clean
        pass


@contextmanager
def canary():
    """Yield (base_url, hits): hits lists the paths requested while the block ran."""
    with serving(_Recorder) as server:
        server.hits = []
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits
