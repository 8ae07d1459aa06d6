"""Issue 14: the command line meets users' habits. Each stumble is replayed as a user would, with
the installed `il7onto` console script in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import il7onto
from servers import ROOT

IL7ONTO = str(Path(sys.executable).parent / "il7onto")


def il7(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `il7onto ARGS` as a user would: exit code, stdout, stderr (stdout is a pipe)."""
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | (env or {})
    done = subprocess.run([IL7ONTO, *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=environment, input=stdin)
    return done.returncode, done.stdout, done.stderr


# --- 1. parameters accept what the tables print -------------------------------------------------

GENE_3574 = "il7:IL7_human_gene"


@pytest.mark.parametrize("value", ["3574", "NCBIGene:3574", "ncbigene:3574", "http://identifiers.org/ncbigene/3574",
                                   "<http://identifiers.org/ncbigene/3574>"])
def test_gene_parameter_takes_every_printed_form(value):
    code, out, err = il7("query", "entity-by-gene", "-p", f"gene={value}", "--format", "csv")
    assert (code, err) == (0, "")
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"https://w3id.org/il7onto/IL7_human_gene"}


@pytest.mark.parametrize("value", ["D015851", "MESH:D015851", "mesh:D015851", "http://id.nlm.nih.gov/mesh/D015851"])
def test_mesh_parameter_takes_every_printed_form(value):
    code, out, _ = il7("query", "entity-by-mesh", "-p", f"mesh={value}", "--format", "csv")
    assert code == 0
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"https://w3id.org/il7onto/IL7"}


@pytest.mark.parametrize("value", ["SCID", "il7:SCID", "IL7:SCID", "https://w3id.org/il7onto/SCID"])
def test_entity_parameter_takes_a_curie_or_iri(value):
    code, out, _ = il7("query", "claim-evidence", "-p", f"entity={value}", "--format", "csv")
    expected = il7onto.query("claim-evidence", entity="SCID")
    assert code == 0 and len(expected) > 0
    assert len(out.splitlines()) == 1 + len(expected)


@pytest.mark.parametrize("value", ["MESH", "mesh", "MeSH", "NCBI Gene", "ncbigene"])
def test_vocabulary_names_in_any_case(value):
    canonical = "NCBIGene" if "gene" in value.lower() else "MESH"
    code, out, _ = il7("query", "mappings", "-p", f"vocabulary={value}", "--format", "csv")
    assert code == 0
    assert {line.split(",")[4] for line in out.splitlines()[1:]} == {canonical}


@pytest.mark.parametrize("name, value, forms", [
    ("gene", "NCBIGene:abc", "a CURIE NCBIGene:ID or the IRI <http://identifiers.org/ncbigene/ID>"),
    ("gene", "MESH:3574", "a CURIE NCBIGene:ID"),  # another vocabulary's CURIE is not this one's
    ("gene", "<http://evil/3574>", "an ID matching /[0-9]{1,10}/"),
])
def test_rejected_value_names_the_accepted_forms(name, value, forms):
    code, out, err = il7("query", "entity-by-gene", "-p", f"{name}={value}")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and forms in err and "Traceback" not in err


def test_vocabulary_rejection_lists_the_choices():
    code, _, err = il7("query", "mappings", "-p", "vocabulary=wikidata")
    assert code == 2 and "one of NCBIGene, HGNC, MGI, UniProtKB, MESH" in err


def test_python_api_takes_an_int_where_the_id_is_numeric():
    assert il7onto.query("entity-by-gene", gene=3574) == il7onto.query("entity-by-gene", gene="3574")
    assert il7onto.query("entity-by-gene", gene="NCBIGene:3574") == il7onto.query("entity-by-gene", gene="3574")


@pytest.mark.parametrize("value", [True, 3.5, None, b"3574", -3574])
def test_python_api_refuses_other_types_and_negative_ids(value):
    with pytest.raises(il7onto.errors.UsageError, match="accepted:|needs --param gene"):
        il7onto.query("entity-by-gene", gene=value)


def test_normalised_value_is_still_bound_as_a_term():
    from il7onto.catalog import get

    text = get("entity-by-gene").bind({"gene": "NCBIGene:3574"})
    assert "VALUES ?gene { <http://identifiers.org/ncbigene/3574> }" in text


# --- 3. export takes its format from the -o extension -------------------------------------------

@pytest.mark.parametrize("name, fmt", [("o.ttl", "turtle"), ("o.nt", "ntriples"), ("o.nq", "nquads"),
                                       ("o.owl", "rdfxml"), ("o.rdf", "rdfxml"), ("o.jsonld", "jsonld"),
                                       ("o.sssom.tsv", "sssom"), ("O.OWL", "rdfxml")])
def test_export_format_follows_the_extension(tmp_path, name, fmt):
    from il7onto.export import render

    code, _, err = il7("export", "-o", str(tmp_path / name))
    assert (code, err) == (0, "")
    assert (tmp_path / name).read_text(encoding="utf-8") == render(fmt)
    assert il7("export", "-o", str(tmp_path / ("again-" + name)), "--format", fmt)[0] == 0


def test_export_refuses_a_contradicting_format(tmp_path):
    code, _, err = il7("export", "-o", str(tmp_path / "x.owl"), "--format", "turtle")
    assert code == 2 and "the extension .owl means --format rdfxml, not --format turtle" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["x.obo", "x.json"])
def test_export_extensions_without_a_writer_are_refused_clearly(tmp_path, name):
    code, _, err = il7("export", "-o", str(tmp_path / name))
    assert code == 2 and "not available in this version" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_export_without_extension_or_format_is_turtle(tmp_path):
    from il7onto.export import render

    assert il7("export", "-o", str(tmp_path / "plain"))[0] == 0
    assert (tmp_path / "plain").read_text(encoding="utf-8") == render("turtle")
