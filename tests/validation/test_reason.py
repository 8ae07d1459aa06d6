"""`il7onto reason`: HermiT consistency, unsatisfiable classes, the OWL 2 DL structural check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

import il7onto
from il7onto.cli.main import main
from il7onto.validation.reasoning import inferred_superclasses, profile_issues, reason

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation" / "reason"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed")


def with_fixture(name: str) -> rdflib.Graph:
    graph = il7onto.load()
    graph.parse(FIXTURES / name, format="turtle")
    return graph


def test_bundled_ontology_passes_the_profile_check():
    assert profile_issues(il7onto.load()) == []


def test_property_punning_is_a_profile_issue():
    issues = profile_issues(with_fixture("punning.ttl"))
    assert any("encodes" in issue and "punning" in issue for issue in issues)


def test_undeclared_property_is_a_profile_issue():
    graph = il7onto.load()
    graph.add((rdflib.URIRef("https://w3id.org/il7onto/IL7"), rdflib.URIRef("https://w3id.org/il7onto/bindz"),
               rdflib.URIRef("https://w3id.org/il7onto/IL7Receptor")))
    assert any("bindz" in issue and "not declared" in issue for issue in profile_issues(graph))


@needs_java
def test_bundled_ontology_is_consistent():
    result = reason()
    assert result.consistent and result.unsatisfiable == [] and result.exit_code == 0


@needs_java
def test_individual_in_disjoint_classes_is_inconsistent():
    result = reason(graph=with_fixture("inconsistent.ttl"))
    assert result.consistent is False and result.exit_code == 1
    assert result.render().startswith("INCONSISTENT")


@needs_java
def test_class_under_disjoint_classes_is_unsatisfiable():
    result = reason(graph=with_fixture("unsatisfiable.ttl"))
    assert result.consistent
    assert result.unsatisfiable == ["https://w3id.org/il7onto/LabGeneDisease"]
    assert result.exit_code == 1


@needs_java
def test_reason_cli(capsys):
    code = main(["reason"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "consistent" and "OWL 2 DL profile: ok" in out


def test_reason_without_java_exits_3(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no java on PATH
    done = subprocess.run([sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main(['reason']))"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 3
    assert "java" in done.stderr.lower() and len(done.stderr.strip().splitlines()) == 1


@needs_java
def test_hermit_infers_the_superclasses_the_axioms_imply():
    inferred = inferred_superclasses(with_fixture("defined-classes.ttl"))
    il7, ex = "https://w3id.org/il7onto/", "http://example.org/query/"

    def under(defined):
        return {c.removeprefix(il7) for c, supers in inferred.items() if ex + defined in supers and c.startswith(il7)}

    # mainlyProducedBy some 'stromal cell of thymus' => producedBy some CL:0000499 (equivalent to il7:StromalCell)
    # (human IL-7 is an IL-7, so it inherits the axioms)
    assert under("StromaDerivedCytokine") == {"IL7", "HumanIL7"}
    # naive T cell < T cell < lymphocyte (CL), innate lymphoid cell < lymphocyte
    assert under("LymphocyteSurvivalFactor") == {"IL7", "HumanIL7"}
    # autoimmune disease and AIDS < immune system disorder (MONDO:0005046)
    assert under("TherapyTriedInImmuneDisorder") == {"IL7Therapy", "IL7RBlockingAntibody", "SignalTransductionInhibitor"}
    # lowly expressed on regulatory T cells (a T cell); the absence on mature B cells is no expression
    assert under("ReceptorOnTCells") == {"IL7Receptor"}
    # the asserted hierarchy, transitively
    assert {il7 + "TCell", il7 + "Lymphocyte", il7 + "LymphoidCell", il7 + "CellType"} <= inferred[il7 + "NaiveTCell"]
    assert il7 + "ImmuneSystemDisorder" in inferred[il7 + "MultipleSclerosis"]
    assert il7 + "STAT5" in inferred[il7 + "STAT5A"] and il7 + "TranscriptionFactor" in inferred[il7 + "STAT5B"]
    assert il7 + "AutoimmuneDisease" not in inferred[il7 + "Asthma"]
    # equivalent classes share their superclasses, and no class is its own superclass
    go = "http://purl.obolibrary.org/obo/GO_1905540"
    assert go in inferred[il7 + "IL7Receptor"] and il7 + "IL7Receptor" in inferred[go]
    assert ex + "ReceptorOnTCells" in inferred[il7 + "IL7Receptor"] and ex + "ReceptorOnTCells" in inferred[go]
    assert il7 + "NaiveTCell" not in inferred[il7 + "NaiveTCell"]


# --- `il7onto reason FILE ...`: the ontology merged with users' files, read as `validate` reads them ---

def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "il7onto", *args], capture_output=True, text=True, env=env)


@needs_java
def test_reason_cli_over_a_users_inconsistent_file():
    done = _cli("reason", str(FIXTURES / "inconsistent.ttl"))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == "INCONSISTENT"


@needs_java
def test_reason_cli_over_a_users_file_with_an_unsatisfiable_class():
    done = _cli("reason", "--format", "json", str(FIXTURES / "unsatisfiable.ttl"))
    assert done.returncode == 1, done.stderr
    assert '"https://w3id.org/il7onto/LabGeneDisease"' in done.stdout


@needs_java
def test_reason_cli_over_a_consistent_users_file(repo):
    done = _cli("reason", str(repo / "docs" / "examples" / "lab-claims.ttl"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "consistent"


@needs_java
@pytest.mark.parametrize("name, code", [("unsafe/imports.ttl", 4), ("unsafe/entity.rdf", 4),
                                        ("unsafe/remote-context.jsonld", 4), ("syntax/bad.ttl", 3)])
def test_reason_cli_reads_users_files_as_validate_does(name, code):
    path = FIXTURES.parent / name
    done = _cli("reason", str(path))
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and str(path) in done.stderr


def test_reason_is_a_core_dependency_and_stays_off_the_query_path():
    """owlready2 is installed with the package (no extra needed) but imported only by `reason`."""
    from importlib.metadata import requires

    assert any(req.split(">")[0].split("=")[0].strip() == "owlready2" and "extra" not in req
               for req in requires("il7onto") or [])
    code = ("import sys, il7onto.cli.main, il7onto.sparql.queries; il7onto.query('receptor-chains'); "
            "print('owlready2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
