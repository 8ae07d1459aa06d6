"""Packaging like a well-kept library (issue 14 item 8): typed, classified, citable, changelogged."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from servers import ROOT

BIN = Path(sys.executable).parent


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_public_api_type_hints_pass_mypy():
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_mypy_fails_on_a_wrong_call_of_the_public_api(tmp_path):
    """The check can fail: a caller passing a list as the query name is caught."""
    caller = tmp_path / "caller.py"
    caller.write_text("import il7onto\nrows = il7onto.query(['receptor-chains'])\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           str(caller)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and 'Argument 1 to "query" has incompatible type' in done.stdout


def test_package_is_marked_typed():
    assert (ROOT / "il7onto" / "py.typed").is_file()


def test_classifiers_cover_licence_pythons_status_audience_topic():
    classifiers = set(_project()["classifiers"])
    assert "License :: OSI Approved :: MIT License" in classifiers
    assert {"Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12"} <= classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert any(c.startswith("Intended Audience :: ") for c in classifiers)
    assert "Topic :: Scientific/Engineering :: Bio-Informatics" in classifiers
    assert "Typing :: Typed" in classifiers


def test_project_urls():
    assert {"Documentation", "Source", "Issues", "Changelog"} <= set(_project()["urls"])


def test_changelog_has_an_unreleased_section_and_the_current_version():
    import il7onto

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and f"## [{il7onto.__version__}]" in text


def test_citation_file_is_valid_and_cites_package_and_review():
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "tests" / "data" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(str(e.message) for e in jsonschema.Draft7Validator(schema).iter_errors(citation))
    assert errors == []
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    import il7onto

    assert "type: software" in text and f"version: {il7onto.__version__}" in text
    assert "doi: 10.1016/j.cyto.2022.156049" in text and "PMID:36201890" in text
