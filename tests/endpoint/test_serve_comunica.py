"""Comunica, an independent SPARQL client, auto-detects `il7onto serve` and agrees with the local engine.

``comunica-sparql URL QUERY`` is given the bare endpoint URL: it must recognise a SPARQL endpoint
from the service description (no warning on stderr) and return, for every packaged query, the rows
the embedded engine returns.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from servers import il7onto_endpoint

from il7onto.sparql.catalog import catalog
from il7onto.sparql.engine import OxigraphBackend

from servers import example_params

COMUNICA = shutil.which("comunica-sparql")
pytestmark = pytest.mark.skipif(COMUNICA is None, reason="comunica-sparql is not installed "
                                "(npm install -g @comunica/query-sparql@4)")


@pytest.fixture(scope="module")
def endpoint():
    with il7onto_endpoint(timeout=30, max_workers=2) as origin:
        yield origin + "/sparql"


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
