"""`il7onto validate`: exit codes, report formats, users' files in every format, unsafe input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from il7onto.cli.main import main
from il7onto.core.errors import InputError, UnsafeInputError
from il7onto.core.userdata import read_rdf

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation"
EXAMPLE = REPO / "docs" / "examples" / "lab-claims.ttl"


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_bundled_ontology_conforms(capsys):
    code, out, err = run(capsys)
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("conforms: 0 violation(s), 0 warning(s)")


def test_lab_example_conforms(capsys):
    code, out, _ = run(capsys, EXAMPLE)
    assert code == 0, out


def test_violations_exit_1_grouped_by_focus_node(capsys):
    code, out, _ = run(capsys, FIXTURES / "shapes" / "gene-symbol.broken.ttl")
    assert code == 1
    lines = out.splitlines()
    assert "http://example.org/lab/gene" in lines
    at = lines.index("http://example.org/lab/gene")
    assert lines[at + 1].startswith("  [Violation] A gene needs exactly one il7:geneSymbol")
    assert "path: il7:geneSymbol" in lines[at + 2] and "source: il7sh:GeneSymbolShape" in lines[at + 2]
    assert lines[-1].startswith("does not conform: 1 violation(s)")


def test_warnings_fail_only_with_strict(capsys):
    path = FIXTURES / "qc" / "dbxref-without-mapping.broken.ttl"
    code, out, _ = run(capsys, path)
    assert code == 0 and "1 warning(s)" in out
    code, out, _ = run(capsys, "--strict", path)
    assert code == 1 and out.splitlines()[-1].startswith("does not conform")


def test_json_report(capsys):
    code, out, _ = run(capsys, "--format", "json", FIXTURES / "shapes" / "claim-section.broken.ttl")
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False and report["violations"] == 1
    (result,) = [r for r in report["results"] if r["severity"] == "Violation"]
    assert result["focus"] == "http://example.org/lab/claim"
    assert result["source"] == "https://w3id.org/il7onto/shapes#ClaimSectionShape"


def test_turtle_report(capsys):
    code, out, _ = run(capsys, "--format", "turtle", FIXTURES / "shapes" / "species.broken.ttl")
    graph = rdflib.Graph().parse(data=out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert code == 1
    assert (None, sh.conforms, rdflib.Literal(False)) in graph
    assert (None, sh.focusNode, rdflib.URIRef("http://example.org/lab/rat")) in graph


def test_rdfs_inference_is_opt_in(capsys):
    code, out, _ = run(capsys, "--inference", "rdfs", EXAMPLE)
    assert code == 0, out


@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld"])
def test_user_files_in_every_format(tmp_path, capsys, fmt):
    suffix = {"nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}[fmt]
    graph = rdflib.Graph().parse(EXAMPLE)
    path = tmp_path / f"lab{suffix}"
    path.write_text(graph.serialize(format=fmt))
    assert len(read_rdf(path)) == len(graph)
    code, out, _ = run(capsys, path)
    assert code == 0, out


def test_input_format_overrides_the_extension(tmp_path, capsys):
    path = tmp_path / "lab.txt"
    path.write_text(EXAMPLE.read_text())
    code, _, err = run(capsys, path)
    assert code == 3 and "unknown file extension" in err
    code, out, _ = run(capsys, "--input-format", "turtle", path)
    assert code == 0, out


@pytest.mark.parametrize("name, location", [
    ("bad.ttl", "bad.ttl:3:11:"), ("bad.nt", "bad.nt:2:47:"),
    ("bad.rdf", "bad.rdf:4:3:"), ("bad.jsonld", "bad.jsonld:3:33:"),
])
def test_syntax_errors_exit_3_with_file_line_column(capsys, name, location):
    code, out, err = run(capsys, FIXTURES / "syntax" / name)
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert location in err and "syntax error" in err


def test_missing_file_exits_3(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path / "nope.ttl")
    assert code == 3 and "nope.ttl" in err


@pytest.mark.parametrize("name, needle", [
    ("entity.rdf", "DOCTYPE or ENTITY"), ("remote-context.jsonld", "https://schema.org/"),
    ("file-context.jsonld", "file:///etc/context.jsonld"), ("import-context.jsonld", "@import"),
    ("imports.ttl", "owl:imports"),
])
def test_unsafe_input_exits_4(capsys, name, needle):
    code, out, err = run(capsys, FIXTURES / "unsafe" / name)
    assert code == 4 and out == ""
    assert needle in err


def test_reader_raises_the_documented_exceptions():
    with pytest.raises(UnsafeInputError):
        read_rdf(FIXTURES / "unsafe" / "entity.rdf")
    with pytest.raises(InputError):
        read_rdf(FIXTURES / "syntax" / "bad.ttl")


def test_the_console_script_validates_the_bundled_ontology():
    """Its speed (budget: under 1 s as a whole process) is measured in bench/run.py."""
    exe = shutil.which("il7onto", path=os.path.dirname(sys.executable)) or shutil.which("il7onto")
    command = [exe, "validate"] if exe else [sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main(['validate']))"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "conforms: 0 violation(s), 0 warning(s), 2 info on 2 focus node(s)"
