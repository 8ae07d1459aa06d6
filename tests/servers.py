"""Test helpers: a real Oxigraph server, an optional Virtuoso, and small fake HTTP servers.

Imported by the interoperability tests (``from servers import ...``); not a conftest.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Store:
    """A triple store under test: where to write (GSP), where to query, credentials."""

    name: str
    gsp: str
    query: str
    user: str | None = None
    password: str | None = None

    def cli_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IL7ONTO_")}
        if self.user:
            env["IL7ONTO_USER"] = self.user
            env["IL7ONTO_PASSWORD"] = self.password or ""
        return env

    def client(self):
        from il7onto.core.http import Client

        return Client(user=self.user, password=self.password, read_timeout=60)


def read_back(store: Store, graph_iri: str):
    """The graph's content, fetched with a Graph Store GET, as an rdflib Graph."""
    import rdflib

    from il7onto.core.urls import with_query

    response = store.client().request("GET", with_query(store.gsp, graph=graph_iri),
                                      headers={"Accept": "application/n-triples"})
    return rdflib.Graph().parse(data=response.body.decode("utf-8"), format="nt")


def write_filler(path: Path, count: int) -> Path:
    """An N-Triples file of ``count`` distinct triples with 200-character literals (~260 bytes each)."""
    path.write_text("".join(f'<https://example.org/s{i}> <https://example.org/p> "{"x" * 200}" .\n'
                            for i in range(count)))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    candidate = Path(sys.executable).parent / "oxigraph"
    if candidate.exists():
        return str(candidate)
    return shutil.which("oxigraph")


@contextmanager
def oxigraph_server(tmp_path: Path):
    """A real `oxigraph serve` on a free loopback port; stopped (by its pid) afterwards."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path / "oxigraph-db"
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {process.stderr.read().decode()[-500:]}")
                time.sleep(0.1)
        yield Store("oxigraph", gsp=base + "/store", query=base + "/query")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def virtuoso_store() -> Store:
    url = os.environ.get("IL7ONTO_VIRTUOSO_URL")
    gsp = os.environ.get("IL7ONTO_VIRTUOSO_GSP")
    if not url or not gsp:
        pytest.skip("Virtuoso not configured: set IL7ONTO_VIRTUOSO_URL and IL7ONTO_VIRTUOSO_GSP "
                    "(`source .ci/virtuoso.sh` starts one on loopback)")
    return Store("virtuoso", gsp=gsp, query=url, user=os.environ.get("IL7ONTO_VIRTUOSO_USER"),
                 password=os.environ.get("IL7ONTO_VIRTUOSO_PASSWORD"))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as store:
        yield store


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    """Each real store: Oxigraph always, Virtuoso when configured (else skipped with the reason)."""
    if request.param == "virtuoso":
        yield virtuoso_store()
        return
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as oxi:
        yield oxi


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
            input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m``-style the installed CLI in a subprocess (real exit codes, real stdio)."""
    return subprocess.run([sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main())", *args],
                          capture_output=True, env=env, timeout=timeout, input=input, cwd=ROOT)


# --- fake servers --------------------------------------------------------------------------------


class _FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    behaviour = "500"
    queries_work = False
    requests: list

    def log_message(self, *args):
        pass

    def _drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        if type(self).queries_work and self.path.startswith("/query"):  # a healthy query endpoint
            self._drain()
            body = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "0"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        type(self).requests.append((self.command, self.path, dict(self.headers)))
        behaviour = type(self).behaviour
        if behaviour == "hang":
            self._drain()
            time.sleep(30)
            return
        if behaviour == "truncated":
            self._drain()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"head": {"vars": ["n"]}, "res')
            self.wfile.flush()
            self.close_connection = True
            return
        if behaviour == "413":  # refuse the body without reading it
            body = b"payload too large: limit is 1 kB"
            self.send_response(413)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self._drain()
        status, body, headers = {
            "500": (500, b"<html><body><h1>Internal error</h1> store exploded</body></html>", {}),
            "401": (401, b"authentication required", {"WWW-Authenticate": 'Basic realm="store"'}),
            "redirect": (307, b"", {"Location": "http://127.0.0.1:1/elsewhere"}),
            "503": (503, b"busy", {}),
        }[behaviour]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _handle


@contextmanager
def serving(handler):
    """Serve ``handler`` (a BaseHTTPRequestHandler class) on a free 127.0.0.1 port in a thread;
    yield the server (its base URL is ``http://127.0.0.1:{server.server_address[1]}``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)  # shutdown() waits one poll
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def fake_server(behaviour: str, queries_work: bool = False):
    """A tiny HTTP server on 127.0.0.1 that misbehaves as told; yields (base URL, request log).
    ``queries_work``: /query answers a triple count of 0 (unlogged), so a load reaches its upload."""
    handler = type("Handler", (_FakeHandler,), {"behaviour": behaviour, "requests": [],
                                                "queries_work": queries_work})
    with serving(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests


@contextmanager
def cutting_proxy(target_port: int, cut_after: int):
    """A TCP proxy to 127.0.0.1:target_port that forwards ``cut_after`` bytes of the request, then
    drops both connections: an upload interrupted half-way."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                continue
            upstream = socket.create_connection(("127.0.0.1", target_port))
            forwarded = 0
            try:
                client.settimeout(5)
                while forwarded < cut_after:
                    data = client.recv(min(65536, cut_after - forwarded))
                    if not data:
                        break
                    upstream.sendall(data)
                    forwarded += len(data)
            except OSError:
                pass
            finally:
                for sock in (upstream, client):
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    sock.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def example_params(definition) -> dict[str, str]:
    """Values for a packaged query's required parameters, from the "e.g. VALUE" of their description."""
    import re

    params = {}
    for parameter in definition.parameters:
        if getattr(parameter, "required", False) and parameter.default is None:
            match = re.search(r"e\.g\.\s*([^\s,;)]+)", parameter.description)
            assert match, f"{definition.name}: parameter {parameter.name} gives no example"
            params[parameter.name] = match.group(1)
    return params


@contextmanager
def il7onto_endpoint(**options):
    """A real ``il7onto serve`` endpoint on a free loopback port, in this process: yields its origin
    (``http://127.0.0.1:PORT``). ``options`` go to :func:`il7onto.endpoint.server.make_server`."""
    from il7onto.endpoint.server import make_server

    server = make_server(port=0, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def browser_missing() -> str | None:
    """Why the headless-browser tests cannot run here (a skip reason), or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None and not Path(f"/usr/bin/{program}").exists():
            return f"{program} is not installed (apt-get install chromium chromium-driver)"
    return None


def headless_chromium(tmp_path: Path):
    """A headless Chromium WebDriver with a fresh profile in ``tmp_path`` and its console log kept
    (the caller quits it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--window-size=1280,1600", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def isomorphic(first, second) -> bool:
    """Same graph up to blank-node labels: equal canonical N-Triples (rdflib.compare.isomorphic
    takes ~10 s CPU on the ontology's ~500 blank nodes; the canonical writer well under 1 s)."""
    from il7onto.publish.serialize import ntriples

    return ntriples(first) == ntriples(second)
