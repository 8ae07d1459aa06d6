"""Local and remote faults: a full disk, unwritable targets, a release failing half-way, Ctrl-C in
the middle of an export or an upload, a slow store, wrong credentials.

What il7onto guarantees (and these tests check):
- a failed or interrupted export leaves no partial file and no temporary file; the previous file,
  if any, is untouched; a device such as /dev/full is written into, never replaced by a file;
- ``export --release DIR`` is all or nothing: everything is written into a temporary folder beside
  DIR (``.DIR.*.tmp``) and only then renamed to DIR (or, if DIR already holds files, moved into it
  file by file with ``os.replace``, SHA256SUMS last);
- Ctrl-C (SIGINT) anywhere ends with exit 130 and one line ``il7onto: interrupted``; an upload
  interrupted half-way leaves the remote graph as it was (the store never gets a complete body).

Remote failures already covered by test_load.py (500/401/413/redirect/hang/refused/truncated, a
connection cut mid-upload with --replace, Basic credentials not echoed) are not repeated here.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from il7onto.publish.serialize import ntriples

from il7onto.cli import main as cli
from il7onto.publish import export as api
from il7onto.sparql.gsp import count_triples, upload

from servers import ROOT, oxigraph, read_back, run_cli, write_filler  # noqa: F401 - fixture

IL7ONTO = str(Path(sys.executable).parent / "il7onto")  # the console script (launcher + fast path)
G = "https://example.org/il7onto-faults/"


def isomorphic(first, second) -> bool:
    """Same graph up to blank-node labels: equal canonical N-Triples (rdflib.compare.isomorphic
    takes ~10 s CPU on the ontology's ~500 blank nodes; the canonical writer well under 1 s)."""
    return ntriples(first) == ntriples(second)


def one_error_line(stderr: bytes) -> str:
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1, stderr.decode()
    assert "Traceback" not in lines[0]
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or ".tmp" in p.name)


@pytest.fixture(scope="module")
def solo_nt(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("solo") / "solo.nt"
    api.write("ntriples", path)
    return path.read_bytes()


# --- a full disk, unwritable targets ---------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_export_to_a_full_disk_is_exit_3_and_leaves_the_device_alone():
    before = set(os.listdir("/dev"))
    result = run_cli("export", "--format", "ntriples", "-o", "/dev/full")
    assert result.returncode == 3
    line = one_error_line(result.stderr)
    assert line.startswith("il7onto: error: cannot write /dev/full") and "No space left" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # not replaced by a regular file
    assert set(os.listdir("/dev")) == before  # no temporary file left beside it


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [
    ["export", "--format", "turtle"], ["info"], ["info", "--format", "json"], ["queries"],
    ["queries", "--format", "turtle"], ["query", "therapies", "--format", "json"], ["validate"],
    ["diagram", "--format", "dot", "-o", "-"],
], ids=" ".join)
def test_every_command_writing_to_a_full_stdout_is_exit_3(args):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([IL7ONTO, *args], stdout=full, stderr=subprocess.PIPE, timeout=60, cwd=ROOT)
    assert result.returncode == 3, result.stderr.decode()
    assert one_error_line(result.stderr) == "il7onto: error: cannot write to standard output: No space left on device"


def test_export_to_a_device_writes_into_it(solo_nt):
    result = run_cli("export", "--format", "ntriples", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == solo_nt


def test_export_below_a_regular_file_is_exit_3(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("a file, not a folder")
    result = run_cli("export", "--format", "turtle", "-o", str(plain / "x.ttl"))
    assert result.returncode == 3
    assert "is not a folder" in one_error_line(result.stderr)
    assert plain.read_text() == "a file, not a folder"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs procfs")
def test_export_into_a_folder_that_refuses_new_files_is_exit_3():
    """Root can write into a chmod 500 folder, but not create files in procfs."""
    result = run_cli("export", "--format", "turtle", "-o", "/proc/il7onto-test.ttl")
    assert result.returncode == 3
    assert one_error_line(result.stderr).startswith("il7onto: error: cannot write /proc/il7onto-test.ttl")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_export_into_a_read_only_folder_is_exit_3(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_cli("export", "--format", "turtle", "-o", str(folder / "x.ttl"))
    finally:
        folder.chmod(0o700)
    assert result.returncode == 3
    assert "Permission denied" in one_error_line(result.stderr)
    assert list(folder.iterdir()) == []


def test_export_over_a_folder_is_exit_3_and_keeps_it(tmp_path):
    target = tmp_path / "already-a-folder"
    target.mkdir()
    (target / "keep").write_text("x")
    result = run_cli("export", "--format", "turtle", "-o", str(target))
    assert result.returncode == 3
    one_error_line(result.stderr)
    assert (target / "keep").read_text() == "x"
    assert leftovers(tmp_path) == []


# --- --release: all or nothing ---------------------------------------------------------------------


def _fail_on_call(monkeypatch, n: int, exc: BaseException) -> list[Path]:
    """Make the n-th atomic write of this process raise ``exc``; return the paths written before."""
    real = api.write_atomic
    calls: list[Path] = []

    def flaky(path, data):
        if len(calls) + 1 == n:
            raise exc
        calls.append(Path(path))
        return real(path, data)

    monkeypatch.setattr(api, "write_atomic", flaky)
    return calls


@pytest.mark.parametrize("exc, code", [(OSError(errno.ENOSPC, "No space left on device"), 3),
                                       (KeyboardInterrupt(), 130)])
def test_release_failing_half_way_leaves_no_partial_release(tmp_path, monkeypatch, capsys, exc, code):
    calls = _fail_on_call(monkeypatch, 5, exc)
    rel = tmp_path / "rel"
    assert cli.main(["export", "--release", str(rel)]) == code
    assert len(calls) == 4  # four artefacts were complete when it failed
    assert not rel.exists()
    assert list(tmp_path.iterdir()) == []  # and the staging folder is gone
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] in ("il7onto: interrupted",) or "No space left" in err[-1]


def test_release_failing_keeps_the_previous_release(tmp_path, monkeypatch):
    rel = tmp_path / "rel"
    assert cli.main(["export", "--release", str(rel)]) == 0
    before = {p.name: p.read_bytes() for p in rel.iterdir()}
    (rel / "il7onto.ttl").write_text("an older release")  # so that a new write would show
    before["il7onto.ttl"] = b"an older release"
    _fail_on_call(monkeypatch, 7, OSError(errno.EIO, "Input/output error"))
    assert cli.main(["export", "--release", str(rel)]) == 3
    assert {p.name: p.read_bytes() for p in rel.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]
    monkeypatch.undo()
    assert cli.main(["export", "--release", str(rel)]) == 0  # and a good run replaces everything
    assert (rel / "il7onto.ttl").read_bytes() != b"an older release"
    assert sorted(p.name for p in rel.iterdir()) == sorted(before)


# --- Ctrl-C -----------------------------------------------------------------------------------------

# Deliver a real SIGINT at an exact point of the run (no timing guesses): the process signals itself.
_SIGINT_DURING_FSYNC = """
import os, signal, sys
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGINT)
from il7onto.launcher import run
sys.argv = ["il7onto", *sys.argv[1:]]
run()
"""

_SIGINT_HALF_WAY_THROUGH_UPLOAD = """
import os, signal, sys
import il7onto.core.http as http
def progress(label, threshold=0):
    def report(done, total):
        if done * 2 >= total:
            os.kill(os.getpid(), signal.SIGINT)
    return report
http.stderr_progress = progress
from il7onto.launcher import run
sys.argv = ["il7onto", *sys.argv[1:]]
run()
"""


def _python(script: str, *args: str, env=None, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, timeout=timeout,
                          cwd=ROOT, env=env)


@pytest.mark.parametrize("previous", [None, b"previous content\n"])
def test_export_interrupted_while_writing_leaves_no_partial_file(tmp_path, previous):
    out = tmp_path / "out.nt"
    if previous is not None:
        out.write_bytes(previous)
    result = _python(_SIGINT_DURING_FSYNC, "export", "--format", "ntriples", "-o", str(out))
    assert result.returncode == 130, result.stderr.decode()
    assert one_error_line(result.stderr) == "il7onto: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if previous is None else ["out.nt"])
    if previous is not None:
        assert out.read_bytes() == previous


_IL7ONTO_FRAME = re.compile(rb'File "[^"]*[/\\]il7onto[/\\]\w+\.py"')  # a frame in the package's own code


def _interrupted_by_python_itself(returncode: int, stderr: bytes) -> bool:
    """Ctrl-C while CPython is still starting, before any il7onto code runs: Python's own ending
    (killed by SIGINT, or exit 1 with its KeyboardInterrupt trace), with no il7onto frame."""
    python_ending = returncode == -signal.SIGINT or (
        returncode == 1 and stderr.rstrip().endswith(b"KeyboardInterrupt"))
    return python_ending and not _IL7ONTO_FRAME.search(stderr)


def test_sigint_at_any_moment_gives_130_or_a_complete_file(tmp_path, solo_nt):
    """A real Ctrl-C at growing delays into `il7onto export` until one run finishes first.

    Whatever the moment, no partial or temporary file is ever left: there is no file, or the
    complete one (a Ctrl-C that lands just after the rename still exits 130). Once il7onto code
    runs, the exit is 130 with one line, or 0; a Ctrl-C in CPython's own start-up (the first
    hundredths of a second, longer on a loaded machine) ends the way Python ends.
    """
    codes = []
    delay = 0.05
    while not codes or codes[-1] != 0:
        assert delay < 15, f"export never finished before the Ctrl-C: exit codes {codes}"
        folder = tmp_path / f"{delay:.2f}"
        folder.mkdir()
        out = folder / "out.nt"
        process = subprocess.Popen([IL7ONTO, "export", "--format", "ntriples", "-o", str(out)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        codes.append(process.returncode)
        if process.returncode != 0:
            assert process.returncode == 130 or _interrupted_by_python_itself(
                process.returncode, stderr), (process.returncode, stderr.decode())
        # never a partial or temporary file: nothing, or (0, or a Ctrl-C after the rename) all of it
        written = [p.name for p in folder.iterdir()]
        assert written in ([], ["out.nt"]), written
        if written or process.returncode == 0:
            assert out.read_bytes() == solo_nt
        if process.returncode == 130:
            assert one_error_line(stderr) == "il7onto: interrupted"
        delay *= 1.3
    assert 130 in codes, codes  # at least one run was really interrupted in il7onto's own code


def _wait_until_reading(process: subprocess.Popen, path: Path, timeout: float = 60) -> None:
    """Return once ``process`` has ``path`` open (Linux /proc), so a signal lands in il7onto's code."""
    deadline = time.monotonic() + timeout
    fds = Path(f"/proc/{process.pid}/fd")
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if any(os.path.realpath(fd) == str(path.resolve()) for fd in fds.iterdir()):
                return
        except OSError:  # a descriptor closed while we looked
            pass
        time.sleep(0.005)
    raise AssertionError(f"the process never opened {path} (exit {process.poll()})")


@pytest.mark.slow
def test_load_interrupted_half_way_through_the_upload_keeps_the_graph(oxigraph, tmp_path):
    graph_iri = G + "sigint-upload"
    upload(oxigraph.gsp, graph_iri=graph_iri, client=oxigraph.client())
    before = read_back(oxigraph, graph_iri)
    big = write_filler(tmp_path / "big.nt", 3000)
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    result = _python(_SIGINT_HALF_WAY_THROUGH_UPLOAD, "load", str(big), "--endpoint", oxigraph.gsp,
                     "--query-endpoint", oxigraph.query, "--graph", graph_iri, "--replace", env=env)
    assert result.returncode == 130, result.stderr.decode()
    assert result.stderr.decode().strip().splitlines()[-1] == "il7onto: interrupted"
    assert list(scratch.iterdir()) == []  # the upload's temporary N-Triples file is removed
    time.sleep(0.2)  # let the server finish with the aborted request
    after = read_back(oxigraph, graph_iri)
    assert len(after) == len(before) and isomorphic(after, before)


@pytest.mark.slow
def test_load_of_a_large_file_interrupted_keeps_the_graph(oxigraph, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    graph_iri = G + "sigint-large"
    upload(oxigraph.gsp, graph_iri=graph_iri, client=oxigraph.client())
    before = count_triples(oxigraph.query, graph_iri)
    big = tmp_path / "big.nt"
    written = generate(150_000, big)
    assert written >= 150_000
    process = subprocess.Popen([IL7ONTO, "load", str(big), "--endpoint", oxigraph.gsp, "--query-endpoint",
                                oxigraph.query, "--graph", graph_iri, "--replace"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    _wait_until_reading(process, big)  # parsing 150k triples takes a while: interrupt it mid-way
    assert process.poll() is None, "the load finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode().strip().splitlines()[-1] == "il7onto: interrupted"
    assert "Traceback" not in stderr.decode()
    assert count_triples(oxigraph.query, graph_iri) == before


# --- remote: a slow store, wrong credentials -------------------------------------------------------


class _GraphStore(BaseHTTPRequestHandler):
    """A minimal Graph Store + query endpoint: remembers how many triples it was sent."""

    protocol_version = "HTTP/1.1"
    delay = 0.0
    reject = None  # None, or "basic" / "digest": always answer 401 and echo the credentials
    stored = 0
    data = b""
    seen: list

    def log_message(self, *args):
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: int, body: bytes, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        cls = type(self)
        body = self._body()
        cls.seen.append((self.command, self.path, self.headers.get("Authorization")))
        if cls.reject:
            auth = self.headers.get("Authorization") or ""
            decoded = base64.b64decode(auth[6:]).decode() if auth.startswith("Basic ") else ""
            challenge = ('Digest realm="store", nonce="n0", qop="auth"' if cls.reject == "digest"
                         else 'Basic realm="store"')
            # a careless server that echoes what it got
            self._answer(401, f"bad credentials: {auth} ({decoded})".encode(), [("WWW-Authenticate", challenge)])
            return
        time.sleep(cls.delay)
        cls.stored = sum(1 for line in body.decode().splitlines() if line.strip())
        cls.data = body
        self._answer(204, b"")

    def do_GET(self):  # the content check after a load reads the graph back
        self._answer(200, type(self).data, [("Content-Type", "application/n-triples")])

    def do_POST(self):
        cls = type(self)
        body = self._body()
        assert "query" in urllib.parse.parse_qs(body.decode())
        time.sleep(cls.delay)
        document = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
            "type": "literal", "value": str(cls.stored), "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
        self._answer(200, json.dumps(document).encode(), [("Content-Type", "application/sparql-results+json")])


@contextmanager
def graph_store(**behaviour):
    handler = type("Handler", (_GraphStore,), {"seen": [], **behaviour})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_a_slow_store_within_the_timeout_succeeds(tmp_path):
    data = tmp_path / "two.nt"
    data.write_text('<https://example.org/a> <https://example.org/p> "γ"@el .\n'
                    '<https://example.org/b> <https://example.org/p> <https://example.org/a> .\n', encoding="utf-8")
    with graph_store(delay=1.2) as (url, handler):
        started = time.monotonic()
        result = run_cli("load", str(data), "--endpoint", url + "/store", "--query-endpoint", url + "/query",
                         "--graph", G + "slow", "--timeout", "5", "--retries", "1", timeout=60)
        elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr.decode()
    assert b"2 triples sent, 2 triples now in the graph" in result.stdout
    assert elapsed >= 2.4  # both the upload and the count waited
    assert len(handler.seen) == 1  # answered once, not retried


@pytest.mark.parametrize("scheme", ["basic", "digest"])
@pytest.mark.parametrize("how", ["env", "flag"])
def test_wrong_credentials_exit_5_and_the_password_is_never_shown(tmp_path, scheme, how):
    data = tmp_path / "one.nt"
    data.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    password = "Wr0ng-pa55word"
    token = base64.b64encode(f"alice:{password}".encode()).decode()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IL7ONTO_")}
    creds: tuple[str, ...] = ("--user", "alice", "--password", password)
    if how == "env":
        env.update(IL7ONTO_USER="alice", IL7ONTO_PASSWORD=password)
        creds = ()
    with graph_store(reject=scheme) as (url, handler):
        result = run_cli("load", str(data), "--endpoint", url + "/store", "--query-endpoint", url + "/query",
                         "--timeout", "5", *creds, env=env, timeout=60)
    assert result.returncode == 5, result.stderr.decode()
    line = result.stderr.decode().strip().splitlines()[-1]
    assert line.startswith("il7onto: error:") and "Traceback" not in result.stderr.decode()
    assert "HTTP 401" in line and "bad credentials" in line  # the server's message is kept ...
    output = result.stdout.decode() + result.stderr.decode()
    assert password not in output and token not in output  # ... without the secrets it echoed
    assert len(handler.seen) <= 4  # bounded: no endless re-authentication
    if scheme == "digest":
        assert any((auth or "").startswith("Digest ") for _, _, auth in handler.seen)
