"""`il7onto serve`: a read-only SPARQL endpoint over the ontology."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from servers import il7onto_endpoint

from il7onto.sparql.catalog import catalog
from il7onto.sparql.engine import OxigraphBackend
from il7onto.sparql.remote import RemoteBackend
from il7onto.endpoint.server import make_server

from servers import example_params, ROOT, run_cli


@pytest.fixture(scope="module")
def endpoint():
    with il7onto_endpoint(timeout=5) as origin:
        yield origin + "/sparql"


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_every_packaged_query_matches_local(endpoint):
    local = OxigraphBackend()
    remote = RemoteBackend(endpoint)
    direct = RemoteBackend(endpoint, protocol="direct")
    assert catalog()
    for name, definition in catalog().items():
        text = definition.bind(example_params(definition))
        expected = local.select(text)
        assert set(remote.select(text).rows) == set(expected.rows), name
        assert set(direct.select(text).rows) == set(expected.rows), name


QUERY = ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/il7onto/Cytokine> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s")


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("", "application/sparql-results+json"),
    ("image/png, text/csv;q=0.5, application/sparql-results+xml;q=0.4", "text/csv"),
    ("text/*", "text/csv"),
])
def test_result_formats_by_accept(endpoint, accept, media):
    url = endpoint + "?" + urllib.parse.urlencode({"query": QUERY})
    status, content_type, body = fetch(url, headers={"Accept": accept} if accept else {})
    assert status == 200
    assert content_type.startswith(media)
    text = body.decode("utf-8")
    if media == "text/csv":
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == ["s", "label"] and len(table) > 3
    elif media == "text/tab-separated-values":
        assert text.splitlines()[0] == "?s\t?label"
    elif media.endswith("xml"):
        root = ET.fromstring(body)
        assert root.tag.endswith("sparql") and len(root.findall(".//{*}result")) > 3
    else:
        assert len(json.loads(text)["results"]["bindings"]) > 3


def test_ask_and_construct(endpoint):
    status, _, body = fetch(endpoint, data=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, content_type, body = fetch(endpoint, data=urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/n-triples"})
    assert status == 200 and content_type.startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 5


@pytest.mark.parametrize("how", ["form", "media", "get"])
def test_updates_are_refused(endpoint, how):
    update = "INSERT DATA { <urn:x> <urn:p> <urn:o> }"
    if how == "form":
        status, _, _ = fetch(endpoint, data=urllib.parse.urlencode({"update": update}).encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "media":
        status, _, _ = fetch(endpoint, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    else:
        status, _, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"update": update}))
    assert status == 403
    status, _, body = fetch(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { <urn:x> ?p ?o }"}),
                            headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_write_methods_are_not_allowed(endpoint, method):
    status, _, _ = fetch(endpoint, data=b"<urn:x> <urn:p> <urn:o> .", method=method,
                         headers={"Content-Type": "application/n-triples"})
    assert status == 405


def test_service_is_refused(endpoint):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = fetch(endpoint + "?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and b"SERVICE" in body


def test_syntax_error_is_400(endpoint):
    status, _, body = fetch(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT WHERE {"}))
    assert status == 400 and b"syntax" in body.lower()


def test_slow_query_times_out():
    server = make_server(port=0, timeout=0.05, max_workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~13.5M rows: about a second
        status, _, body = fetch(url + "?" + urllib.parse.urlencode({"query": slow}))
        assert status == 503 and b"timed out" in body  # answered at the 0.05 s deadline, not after it
    finally:
        server.shutdown()
        server.server_close()


def test_cli_serve_refuses_non_loopback_without_flag():
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 2
    assert b"loopback" in result.stderr


@pytest.mark.slow
def test_cli_serve_answers_queries():
    process = subprocess.Popen([sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main())",
                                "serve", "--port", "0"], stderr=subprocess.PIPE, cwd=ROOT)
    try:
        line = process.stderr.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        assert match, line
        url = match.group(0)
        status, _, body = fetch(url + "?" + urllib.parse.urlencode({"query": QUERY}), headers={"Accept": "text/csv"})
        assert status == 200 and b"interleukin-7" in body
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_help_says_the_timeout_stops_the_query():
    result = run_cli("serve", "--help")
    text = " ".join(result.stdout.decode().split())
    assert result.returncode == 0
    assert "--timeout" in text and "worker process is killed" in text and "named graph" in text


def test_api_server_works_from_a_script_on_stdin():
    """Workers are `python -m il7onto.endpoint.query_workers`: they never re-import the caller's __main__."""
    code = """
import threading, urllib.request, urllib.parse
from il7onto.endpoint.server import make_server
server = make_server(port=0, max_workers=1)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
print(urllib.request.urlopen(url, timeout=60).read().decode())
server.shutdown(); server.server_close()
"""
    completed = subprocess.run([sys.executable, "-"], input=code.encode(), capture_output=True, timeout=120, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr.decode()[-1000:]
    assert json.loads(completed.stdout)["boolean"] is True
    assert completed.stderr == b""
