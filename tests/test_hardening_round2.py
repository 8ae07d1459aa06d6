"""Issue 12, sections 3-7, as real processes: unbounded reads and waits, secrets and the terminal,
signals and closed streams, bad options, input accepted silently, data integrity.

Every fake store here runs on loopback and records what it was sent, so "refused before the PUT"
and "never printed" are checked against what really happened.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from servers import fake_server, free_port, oxigraph_server, serving

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "il7onto"]
TRIPLE = '<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n'


def run(*args, input=None, env=None, timeout=120, cwd=ROOT):
    return subprocess.run([*CLI, *args], capture_output=True, input=input, env=env, timeout=timeout, cwd=cwd)


def one_error_line(proc) -> str:
    err = proc.stderr.decode()
    assert "Traceback" not in err, err[-800:]
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("il7onto: error:"), err
    return lines[-1]


# --- a scriptable store ------------------------------------------------------------------------


class _Store(BaseHTTPRequestHandler):
    """/query answers a count; /store takes PUT/POST and answers GET; ``script`` bends the rules."""

    protocol_version = "HTTP/1.1"
    script: dict
    log: list

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        cls = type(self)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        cls.log.append((self.command, self.path.split("?")[0]))
        script = cls.script
        if self.path.startswith("/query"):
            calls = sum(1 for c, p in cls.log if p == "/query")
            if script.get("query") == "drip":
                payload = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                for byte in payload:  # one byte every 0.3 s: no single read ever times out
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.3)
                return
            if script.get("query") == "206":
                return self._send(206, b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}',
                                  [("Content-Type", "application/sparql-results+json")])
            if script.get("query") == "429" and calls == 1:
                return self._send(429, b"slow down", [("Retry-After", script.get("retry_after", "1"))])
            if script.get("query") == "ansi":
                return self._send(500, b"\x1b[2J\x1b]0;pwned\x07il7onto: loaded OK\nfake second line")
            count = cls.stored if calls > 1 else 0
            document = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": str(count)}}]}}
            return self._send(200, json.dumps(document).encode(), [("Content-Type", "application/sparql-results+json")]
                              + ([("Server", script["server"])] if "server" in script else []))
        if self.command in ("PUT", "POST"):
            if script.get("store") == "hang":
                time.sleep(30)
                return
            cls.stored = sum(1 for line in body.decode().splitlines() if line.strip())
            cls.data = body
            return self._send(204)
        data = script.get("read_back", cls.data)
        return self._send(200, data, [("Content-Type", "application/n-triples")])

    do_GET = do_POST = do_PUT = _handle


@contextmanager
def store(**script):
    handler = type("Handler", (_Store,), {"script": script, "log": [], "stored": 0, "data": b""})
    with serving(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler


def load(url, *args, **kwargs):
    return run("load", *args, "--endpoint", url + "/store", "--query-endpoint", url + "/query",
               "--retries", "1", **kwargs)


def puts(handler) -> int:
    return sum(1 for method, path in handler.log if path == "/store" and method in ("PUT", "POST"))


@pytest.fixture
def nt(tmp_path) -> Path:
    path = tmp_path / "one.nt"
    path.write_text(TRIPLE)
    return path


# --- 3. unbounded reads and waits ---------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_fifo_and_devices_are_refused_without_reading(tmp_path, engine):
    fifo = tmp_path / "never-ends.ttl"
    os.mkfifo(fifo)  # nobody writes: reading it would block forever
    for target, extra in ((str(fifo), ()), ("/dev/zero", ("--input-format", "turtle"))):
        proc = run("validate", "--engine", engine, *extra, target, timeout=60)
        assert proc.returncode == 3
        line = one_error_line(proc)
        assert target in line and "not a regular file" in line


def test_query_file_fifo_refused_and_stdin_read_under_the_cap(tmp_path):
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    proc = run("query", "--file", str(fifo), timeout=60)
    assert proc.returncode == 3 and "not a regular file" in one_error_line(proc)
    proc = run("query", "--file", "-", input=b"#" * (1024 * 1024 + 10), timeout=60)
    assert proc.returncode == 3 and "larger than 1024 KiB" in one_error_line(proc)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("what", ["literal", "iri"])
def test_a_token_over_16_mib_is_exit_3_named(tmp_path, engine, what):
    path = tmp_path / "huge.nt"
    big = "x" * (17 * 1024 * 1024)
    path.write_text(f'<https://example.org/a> <https://example.org/p> "{big}" .\n' if what == "literal"
                    else f'<https://example.org/{big}> <https://example.org/p> "x" .\n')
    proc = run("validate", "--engine", engine, "--max-input-mb", "64", str(path), timeout=120)
    assert proc.returncode == 3
    line = one_error_line(proc)
    assert str(path) in line and "16 MiB" in line


def test_a_token_over_16_mib_is_refused_by_load_before_the_put(tmp_path):
    path = tmp_path / "huge.nt"
    path.write_text(f'<https://example.org/a> <https://example.org/p> "{"x" * (17 * 1024 * 1024)}" .\n')
    with store() as (url, handler):
        proc = load(url, str(path), timeout=120)
    assert proc.returncode == 3 and "16 MiB" in one_error_line(proc)
    assert puts(handler) == 0


@pytest.mark.parametrize("command", ["load", "query"])
def test_timeout_is_a_total_deadline_against_a_dripping_store(nt, command):
    with store(query="drip") as (url, handler):
        started = time.monotonic()
        if command == "load":
            proc = load(url, str(nt), "--timeout", "1", timeout=60)
        else:
            proc = run("query", "receptor-chains", "--endpoint", url + "/query", "--timeout", "1", timeout=60)
        elapsed = time.monotonic() - started
    assert proc.returncode == 5
    assert "total deadline" in one_error_line(proc)
    assert elapsed < 15  # the drip alone would take ~17 s; without the deadline it held for 61 s


def test_206_is_not_a_complete_result():
    with store(query="206") as (url, _):
        proc = run("query", "receptor-chains", "--endpoint", url + "/query", timeout=60)
    assert proc.returncode == 5 and "206" in one_error_line(proc)


def test_429_is_retried_after_retry_after(nt):
    with store(query="429", retry_after="1") as (url, handler):
        started = time.monotonic()
        proc = run("load", str(nt), "--endpoint", url + "/store", "--query-endpoint", url + "/query",
                   "--retries", "2", timeout=60)
        elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr.decode()
    assert elapsed >= 1.0  # Retry-After honoured
    assert [p for _, p in handler.log].count("/query") == 3  # 429, then the preflight, then the check


def test_a_long_retry_after_is_reported_not_waited_for(nt):
    with store(query="429", retry_after="3600") as (url, handler):
        started = time.monotonic()
        proc = run("load", str(nt), "--endpoint", url + "/store", "--query-endpoint", url + "/query",
                   "--retries", "3", timeout=60)
    assert proc.returncode == 5 and "3600" in one_error_line(proc)
    assert time.monotonic() - started < 20 and puts(handler) == 0


# --- 4. secrets and the terminal ---------------------------------------------------------------


def test_a_password_in_the_url_is_never_printed(nt):
    port = free_port()
    proc = run("load", str(nt), "--endpoint", f"http://alice:S3cretPw@127.0.0.1:{port}/store", timeout=60)
    assert proc.returncode == 2
    assert b"S3cretPw" not in proc.stdout + proc.stderr
    assert "credentials" in one_error_line(proc)


def test_ansi_escapes_from_a_store_never_reach_the_terminal(nt):
    with store(query="ansi") as (url, _):
        proc = load(url, str(nt), timeout=60)
    assert proc.returncode == 5
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr
    line = one_error_line(proc)
    assert "\\x1b[2J" in line and "fake second line" in line  # shown, on the same line
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def test_a_newline_in_a_file_name_does_not_split_the_error_line(tmp_path):
    path = tmp_path / "evil\nil7onto: conforms\x1b[2J.ttl"
    path.write_text("this is not turtle")
    proc = run("validate", str(path), timeout=60)
    assert proc.returncode == 3
    assert len(proc.stderr.decode().strip().splitlines()) == 1 and b"\x1b" not in proc.stderr
    assert "\\n" in one_error_line(proc)


# --- 5. signals, closed streams, bad options -----------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_during_load_leave_no_copy_in_tmp(tmp_path, nt, signum):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    with store(store="hang") as (url, handler):
        proc = subprocess.Popen([*CLI, "load", str(nt), "--endpoint", url + "/store", "--query-endpoint",
                                 url + "/query"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=ROOT)
        deadline = time.monotonic() + 30
        while puts(handler) == 0 and time.monotonic() < deadline:  # the upload is under way
            time.sleep(0.05)
        assert list(tmpdir.iterdir()), "the upload copy should exist while the PUT is pending"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert err.decode().strip().splitlines()[-1] == "il7onto: interrupted"
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("args", [["query", "receptor-chains"], ["query", "receptor-chains", "--format", "json"],
                                  ["validate"], ["export", "--format", "ntriples"]])
def test_closed_stdout_is_exit_3_in_one_line(args):
    proc = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *CLI, *args], capture_output=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 3
    assert proc.stderr.decode().strip().splitlines() == ["il7onto: error: cannot write to standard output: it is closed"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/store", "http://127.0.0.1:http/store",
                                 "http://[::1/store", "http://[::1]:-1/store"])
def test_malformed_endpoint_urls_are_usage_errors(nt, url):
    for args in (("load", str(nt), "--endpoint", url, "--query-endpoint", "http://127.0.0.1:1/query"),
                 ("query", "receptor-chains", "--endpoint", url)):
        proc = run(*args, timeout=60)
        assert proc.returncode == 2, proc.stderr.decode()
        assert "--endpoint" in one_error_line(proc)


def test_a_bad_query_endpoint_is_noticed_before_the_put(nt):
    with store() as (url, handler):
        proc = run("load", str(nt), "--endpoint", url + "/store", "--query-endpoint",
                   f"http://127.0.0.1:{free_port()}/query", "--retries", "1", timeout=60)
        bad_port = run("load", str(nt), "--endpoint", url + "/store", "--query-endpoint",
                       "http://127.0.0.1:70000/query", timeout=60)
    assert proc.returncode == 5 and "cannot connect" in one_error_line(proc)
    assert bad_port.returncode == 2 and "--query-endpoint" in one_error_line(bad_port)
    assert puts(handler) == 0


def test_bulk_is_refused_for_a_store_that_is_not_oxigraph(nt):
    with store(server="Virtuoso/07.20.3235") as (url, handler):
        proc = load(url, str(nt), "--bulk", timeout=60)
    assert proc.returncode == 2 and "Oxigraph only" in one_error_line(proc) and "Virtuoso" in one_error_line(proc)
    assert puts(handler) == 0


def test_graph_accepts_any_absolute_iri_and_bulk_works_on_oxigraph(tmp_path, nt):
    with oxigraph_server(tmp_path) as oxi:
        for graph in ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "tag:example.org,2026:il7", "https://example.org/g"):
            proc = run("load", str(nt), "--endpoint", oxi.gsp, "--graph", graph, "--bulk", timeout=120)
            assert proc.returncode == 0, proc.stderr.decode()
            assert "1 triples sent, 1 triples now in the graph" in proc.stdout.decode()
        relative = run("load", str(nt), "--endpoint", oxi.gsp, "--graph", "just-a-name", timeout=60)
    assert relative.returncode == 2 and "absolute IRI" in one_error_line(relative)


# --- 6. input accepted silently; both engines agree -----------------------------------------------

OWL_XML = ('<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://example.org/o">\n'
           '  <Declaration><Class IRI="http://example.org/A"/></Declaration>\n</Ontology>\n')
REFUSED = {
    "plain.jsonld": ('{"name": "x", "age": 3}', "plain JSON without an @context"),
    "duplicate.jsonld": ('{"@context": {"ex": "http://e.org/"}, "@id": "ex:a", "ex:p": "1", "ex:p": "2"}', 'key "ex:p" twice'),
    "owlxml.owl": (OWL_XML, "OWL/XML, not RDF/XML"),
    "nul.nt": ('<https://example.org/a> <https://example.org/p> "a\0b" .\n', "1:51: a raw NUL byte"),
    "graphs.nq": ('<https://e.org/a> <https://e.org/p> "1" <https://e.org/g1> .\n'
                  '<https://e.org/a> <https://e.org/p> "2" <https://e.org/g2> .\n', "more than one graph"),
    "literal-subject.ttl": ('"lit" <https://e.org/p> <https://e.org/o> .\n', "1:1: syntax error"),
    "bnode-predicate.ttl": ('<https://e.org/a> _:b <https://e.org/o> .\n', "1:19: syntax error"),
    "space-in-iri.ttl": ('<https://e.org/a b> <https://e.org/p> <https://e.org/o> .\n', "1:1: syntax error"),
}


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_wrong_input_is_exit_3_with_the_same_line_on_both_engines(tmp_path, engine, name):
    text, expected = REFUSED[name]
    path = tmp_path / name
    path.write_text(text)
    proc = run("validate", "--engine", engine, str(path), timeout=120)
    assert proc.returncode == 3
    line = one_error_line(proc)
    assert line.startswith(f"il7onto: error: {path}") and expected in line, line
    assert proc.stderr.decode().count("\n") == 1  # nothing else on stderr (no logged rdflib tracebacks)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_an_empty_file_is_a_warning_and_strict_fails_it(tmp_path, engine):
    paths = [tmp_path / "empty.ttl", tmp_path / "comment.ttl"]
    paths[0].write_text("")
    paths[1].write_text("# only a comment\n\n")
    proc = run("validate", "--engine", engine, "--strict", "--format", "json", *map(str, paths), timeout=120)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["warnings"] == 2 and report["violations"] == 0
    warnings = [r for r in report["results"] if r["source"] == "input:empty"]
    assert sorted(r["focus"] for r in warnings) == sorted(path.resolve().as_uri() for path in paths)
    assert {r["severity"] for r in warnings} == {"Warning"}
    if engine == "sparql":  # the verdict does not depend on the engine (one pyshacl run is ~25 s)
        assert run("validate", "--engine", engine, *map(str, paths), timeout=120).returncode == 0


def test_an_empty_file_is_not_loaded(tmp_path):
    path = tmp_path / "empty.nt"
    path.write_text("# nothing\n")
    with store() as (url, handler):
        proc = load(url, str(path), timeout=60)
    assert proc.returncode == 3 and "no triples" in one_error_line(proc)
    assert puts(handler) == 0


def test_several_nquads_graphs_are_not_loaded_into_one(tmp_path):
    path = tmp_path / "graphs.nq"
    path.write_text(REFUSED["graphs.nq"][0])
    with store() as (url, handler):
        proc = load(url, str(path), timeout=60)
    assert proc.returncode == 3 and "more than one graph" in one_error_line(proc)
    assert puts(handler) == 0


CYCLE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
ex:A a owl:Class ; rdfs:subClassOf ex:B . ex:B a owl:Class ; rdfs:subClassOf ex:A .
ex:p a owl:ObjectProperty ; rdfs:domain ex:A .
"""


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_subclass_cycles_and_properties_without_range_get_findings(tmp_path, engine):
    path = tmp_path / "cycle.ttl"
    path.write_text(CYCLE)
    proc = run("validate", "--engine", engine, "--strict", "--format", "json", str(path), timeout=120)
    report = json.loads(proc.stdout)
    found = sorted((r["focus"], r["source"], r["severity"]) for r in report["results"]
                   if r["focus"].startswith("https://example.org/"))
    assert found == [("https://example.org/A", "qc:subclass-cycle", "Warning"),
                     ("https://example.org/B", "qc:subclass-cycle", "Warning"),
                     ("https://example.org/p", "qc:property-without-domain-or-range", "Warning")]
    assert proc.returncode == 1 and report["violations"] == 0  # the warnings fail --strict
    if engine == "sparql":  # the verdict does not depend on the engine (one pyshacl run is ~25 s)
        assert run("validate", "--engine", engine, str(path), timeout=120).returncode == 0


# --- 7. data integrity ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["ontology/il7onto.ttl", "il7onto/context.jsonld", "shapes/new.ttl"])
def test_export_into_the_package_is_refused(target, tmp_path):
    # The package the CLI runs is asked where it lives, from the same working directory: in a
    # source checkout `python -m` may import the checkout while pytest imports the installed copy,
    # and a target computed here would then be a package the CLI does not guard (CI overwrote the
    # installed ontology that way).
    where = ("import il7onto.core.resources as r; "
             f"print(r.data_path('ontology') if {target.startswith('ontology')} else "
             f"r.data_path('shapes') if {target.startswith('shapes')} else r._PACKAGE)")
    folder = subprocess.run([sys.executable, "-c", where], capture_output=True, text=True, check=True,
                            cwd=tmp_path).stdout.strip()
    path = Path(folder) / Path(target).name
    before = path.read_bytes() if path.exists() else None
    proc = run("export", "-o", str(path), timeout=120, cwd=tmp_path)
    assert proc.returncode == 4 and "inside the installed il7onto package" in one_error_line(proc)
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_mixed_graph_after_load_is_detected(nt):
    other = b'<https://example.org/x> <https://example.org/p> <https://example.org/y> .\n'  # same count, other content
    with store(read_back=other) as (url, _):
        proc = load(url, str(nt), timeout=60)
    assert proc.returncode == 5 and "another load into the same graph" in one_error_line(proc)


def test_two_rings_of_blank_nodes_get_canonical_labels_whatever_their_input_labels():
    code = ("import rdflib, sys; from il7onto.publish.serialize import ntriples; g = rdflib.Graph(); p = rdflib.URIRef('http://e/p')\n"
            "for r in range(2):\n"
            "    ns = [rdflib.BNode() for _ in range(32)]\n"
            "    [g.add((ns[i], p, ns[(i + 1) % 32])) for i in range(32)]\n"
            "sys.stdout.write(ntriples(g))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    [output] = outputs  # identical across runs with different blank-node ids and hash seeds
    lines = output.splitlines()
    assert len(lines) == 64 and len({line.split()[0] for line in lines}) == 64
    assert all(line.startswith("_:c14n") for line in lines)  # RDFC-1.0 labels


def test_a_5_mb_literal_is_validated_by_the_pyshacl_engine(tmp_path):
    # it took over 120 s (rdflib's N-Triples parser); the subprocess timeout only guards against a hang
    path = tmp_path / "long.nt"
    path.write_text(f'<https://example.org/a> <https://example.org/p> "{"x" * 5_000_000}" .\n')
    proc = run("validate", "--engine", "pyshacl", str(path), timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    assert proc.stdout.decode().strip().splitlines()[-1].startswith("conforms: 0 violation(s), 0 warning(s)")


LABELS = """@prefix il7: <https://w3id.org/il7onto/> . @prefix ex: <http://example.org/lab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
ex:a a il7:CellType ; rdfs:label "alpha "@en ; obo:IAO_0000115 "A cell."@en .
ex:b a il7:CellType ; rdfs:label "beta"@EN ; obo:IAO_0000115 "A cell."@en .
ex:c a il7:CellType ; rdfs:label "gamma"^^xsd:string ; obo:IAO_0000115 "A cell."@en .
ex:e a il7:CellType ; rdfs:label "eps\\u00A0ilon"@en ; obo:IAO_0000115 "A cell."@en .
ex:f a il7:CellType ; rdfs:label "phi"@en, "phi"@EN ; obo:IAO_0000115 "A cell."@en .
ex:k a il7:CellType ; rdfs:label "kappa"@en, "kappa"^^xsd:string ; obo:IAO_0000115 "A cell."@en .
ex:m a il7:CellType ; rdfs:label "mu"@en, "mu"@en-gb ; obo:IAO_0000115 "A cell."@en .
ex:h a il7:CellType ; rdfs:label \"\"\"line
break\"\"\"@en ; obo:IAO_0000115 "A cell."@en .
"""


def test_label_defects_are_the_same_findings_on_both_engines(tmp_path):
    path = tmp_path / "labels.ttl"
    path.write_text(LABELS)
    found = {}
    for engine in ("sparql", "pyshacl"):
        proc = run("validate", "--engine", engine, "--format", "json", str(path), timeout=180)
        assert proc.returncode == 1 and proc.stderr == b""
        found[engine] = sorted((r["focus"].rsplit("/", 1)[-1], r["source"].rsplit("#", 1)[-1],
                                r["component"].rsplit("#", 1)[-1], r["value"])
                               for r in json.loads(proc.stdout)["results"] if "example.org" in r["focus"])
    assert found["sparql"] == found["pyshacl"] == [
        ("a", "LabelWhitespaceShape", "PatternConstraintComponent", "alpha "),
        ("c", "LabelLanguageShape", "DatatypeConstraintComponent", "gamma"),
        ("c", "LabelLanguageShape", "LanguageInConstraintComponent", "gamma"),
        ("e", "LabelWhitespaceShape", "PatternConstraintComponent", "eps\u00a0ilon"),
        ("h", "LabelWhitespaceShape", "PatternConstraintComponent", "line\nbreak"),
        ("k", "LabelCountShape", "MaxCountConstraintComponent", None),
        ("k", "LabelLanguageShape", "DatatypeConstraintComponent", "kappa"),
        ("k", "LabelLanguageShape", "LanguageInConstraintComponent", "kappa"),
        ("m", "LabelCountShape", "MaxCountConstraintComponent", None)]


def _wait_until_catching(proc: subprocess.Popen, signum: int, seconds: float = 60) -> None:
    """Wait until the process has a handler for ``signum`` (Linux: the SigCgt mask in /proc)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        fields = dict(line.split(":\t", 1) for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                      if ":\t" in line)
        if int(fields.get("SigCgt", "0"), 16) >> (signum - 1) & 1:
            return
        time.sleep(0.01)
    raise AssertionError(f"no handler for signal {signum} after {seconds} s (exit code {proc.poll()})")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the signal mask from /proc (Linux)")
def test_sigterm_during_export_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out.ttl"
    proc = subprocess.Popen([*CLI, "export", "-o", str(out)], stderr=subprocess.PIPE, cwd=ROOT)
    _wait_until_catching(proc, signal.SIGTERM)  # before that, Python's default ends it (-15): nothing written yet
    time.sleep(0.8)  # the export takes about 0.6 s here: the signal comes during it (130) or after it (0), also
    # during the interpreter's shutdown (0: il7onto.core.signals.finished ignores it once the command has finished)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 0), err.decode()  # 0 only if the export had already finished
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out.ttl"]
    assert leftovers == []
    if proc.returncode == 130:
        assert err.decode().strip().splitlines()[-1] == "il7onto: interrupted"


def test_a_sigterm_once_the_command_has_finished_leaves_its_exit_code():
    """Python restores SIGTERM's default action at shutdown: without signals.finished a SIGTERM then
    would end a finished command as killed (-15), as one did in CI."""
    code = ("import os, signal, sys; from il7onto.core import signals; signals.install(); signals.finished(); "
            "os.kill(os.getpid(), signal.SIGTERM); os.kill(os.getpid(), signal.SIGHUP); print('done'); sys.exit(3)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (3, b"done\n"), proc.stderr
    unfinished = subprocess.run([sys.executable, "-c", code.replace(" signals.finished();", "")], capture_output=True,
                                timeout=60)
    assert unfinished.returncode != 3  # the test can fail: the handler raises instead


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_ill_typed_literals_log_nothing_on_stderr(tmp_path, engine):
    path = tmp_path / "ill-typed.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    '<https://e.org/a> <https://e.org/p> "abc"^^xsd:integer , "2020-13-45"^^xsd:date .\n')
    proc = run("validate", "--engine", engine, str(path), timeout=180)
    assert proc.returncode == 0 and proc.stderr == b""  # rdflib's logged conversion tracebacks are dropped


def test_concurrent_loads_into_one_graph_never_both_report_a_mixture(tmp_path):
    """Two loads of different files (same triple count) into one graph of a real Oxigraph, at once,
    with --bulk (not atomic): whatever the interleaving, if the graph ends up holding a mixture of
    the two, at least one run exited 5."""
    files = {}
    for name in ("a", "b"):
        files[name] = tmp_path / f"{name}.nt"
        files[name].write_text("".join(f"<https://example.org/{name}{i}> <https://example.org/p> \"{i}\" .\n"
                                       for i in range(20_000)))
    expected = {name: {line for line in path.read_text().splitlines()} for name, path in files.items()}
    graph = "urn:il7onto:race"
    with oxigraph_server(tmp_path) as oxi:
        for _ in range(2):
            procs = {name: subprocess.Popen([*CLI, "load", str(path), "--endpoint", oxi.gsp, "--graph", graph, "--bulk"],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
                     for name, path in files.items()}
            codes = {name: proc.wait(timeout=120) for name, proc in procs.items()}
            for name, proc in procs.items():
                err = proc.stderr.read().decode()
                assert codes[name] in (0, 5), err
                if codes[name] == 5:
                    assert "another load into the same graph" in err.strip().splitlines()[-1], err
                proc.stdout.close()
                proc.stderr.close()
            from il7onto.core.http import Client
            from il7onto.core.urls import with_query

            body = Client().request("GET", with_query(oxi.gsp, graph=graph),
                                    headers={"Accept": "application/n-triples"}).body.decode()
            stored = set(body.splitlines()) - {""}
            if stored not in expected.values():  # a mixture (or nothing): someone must have said so
                assert 5 in codes.values(), codes


def test_load_refuses_a_fifo_before_the_put(tmp_path):
    fifo = tmp_path / "stream.nt"
    os.mkfifo(fifo)
    with store() as (url, handler):
        proc = load(url, str(fifo), timeout=60)
    assert proc.returncode == 3 and "is a FIFO, not a regular file" in one_error_line(proc)
    assert puts(handler) == 0
