"""Packaging and determinism: the wheel works from any directory; output is byte-identical."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile

import pytest

SERIALIZE = (
    "import hashlib, il7onto; from il7onto.publish.serialize import ntriples, turtle; g = il7onto.load(); "
    "print(hashlib.sha256(ntriples(g).encode()).hexdigest(), hashlib.sha256(turtle(g).encode()).hexdigest())"
)


def _run(code: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout


def test_serialisation_is_byte_identical_across_hash_seeds():
    outputs = {_run(SERIALIZE, seed) for seed in ("0", "1", "12345")}
    assert len(outputs) == 1


def test_ntriples_is_sorted_and_complete(graph):
    from il7onto.publish.serialize import ntriples

    lines = ntriples(graph).splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, repo):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(repo)], check=True, capture_output=True)
    return next(out.glob("il7onto-*.whl"))


def test_wheel_ships_the_data_folders(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("il7onto/_data/ontology/il7onto-schema.ttl", "il7onto/_data/ontology/il7onto-claims.ttl",
                     "il7onto/_data/queries/signaling-pathways.rq", "il7onto/_data/queries/catalog.ttl"):
        assert required in names
    assert any(n.startswith("il7onto/_data/shapes/") for n in names)


def test_installed_wheel_works_from_any_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import il7onto.core.resources as r; print(r.data_dir('ontology'))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(target))
    answer = subprocess.run([sys.executable, "-m", "il7onto", "query", "orthologs", "--format", "csv"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert answer.returncode == 0, answer.stderr
    assert "IL7,3574,8,Il7,16196,3" in answer.stdout


def test_version_flag_matches_ontology(capsys, graph):
    from rdflib import OWL, URIRef

    import il7onto
    from il7onto.cli.main import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"il7onto {il7onto.__version__}"
    assert str(graph.value(URIRef("https://w3id.org/il7onto/il7onto.owl"), OWL.versionInfo)) == il7onto.__version__


def test_info_reports_counts(capsys):
    import json

    from il7onto.cli.main import main

    assert main(["info", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    # issue 13: the STAT5 "parts" fact removed; the pro-B-cell survival claim split off (its own species)
    # external facts: 48 + 39 from ontology/il7onto-external.ttl (issue 17); genes: + CRLF2, JAK2
    assert info["assertions"] == {"ExternalFact": 87, "ReviewClaim": 104}
    assert info["alignments_by_vocabulary"]["alignments to NCBI Gene"] == 20
    assert info["entities_by_class"]["gene"] == 20


def test_internal_errors_are_one_line_and_exit_70(capsys, monkeypatch):
    from il7onto.cli import main as cli

    monkeypatch.setattr("il7onto.publish.info.summarize", lambda: 1 / 0)
    assert cli.main(["info"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ZeroDivisionError" in err and "Traceback" not in err
