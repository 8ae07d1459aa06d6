"""Comunica, an independent SPARQL client, auto-detects `il7onto serve` and agrees with the local engine.

``comunica-sparql URL QUERY`` is given the bare endpoint URL: it must recognise a SPARQL endpoint
from the service description (no warning on stderr) and return, for every packaged query, the rows
the embedded engine returns.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest

from il7onto.catalog import catalog
from il7onto.engine import OxigraphBackend
from il7onto.server import make_server

from servers import example_params

COMUNICA = shutil.which("comunica-sparql")
pytestmark = pytest.mark.skipif(COMUNICA is None, reason="comunica-sparql is not installed "
                                "(npm install -g @comunica/query-sparql@4)")


@pytest.fixture(scope="module")
def endpoint():
    server = make_server(port=0, timeout=30, max_workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_comunica_detects_the_endpoint_and_agrees(endpoint):
    local = OxigraphBackend()
    for name, definition in sorted(catalog().items()):
        text = definition.bind(example_params(definition))
        completed = subprocess.run([COMUNICA, endpoint, text, "-t", "application/sparql-results+json"],
                                   capture_output=True, timeout=300)
        assert completed.returncode == 0, (name, completed.stderr.decode()[-500:])
        # Comunica warns about variables left unbound by OPTIONAL (legal SPARQL); nothing else may appear
        warnings = [line for line in completed.stderr.decode().splitlines()
                    if line.strip() and "failed to provide a binding for" not in line and line.strip() != "\x1b[0m"]
        assert warnings == [], (name, warnings[:3])
        bindings = json.loads(completed.stdout)["results"]["bindings"]
        got = sorted(tuple(sorted((k, v["value"]) for k, v in row.items())) for row in bindings)
        expected = sorted(tuple(sorted((k, v) for k, v in row.items() if v is not None))
                          for row in local.select(text).values())
        assert got == expected, name
