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
    with pytest.raises(il7onto.core.errors.UsageError, match="accepted:|needs --param gene"):
        il7onto.query("entity-by-gene", gene=value)


def test_normalised_value_is_still_bound_as_a_term():
    from il7onto.sparql.catalog import get

    text = get("entity-by-gene").bind({"gene": "NCBIGene:3574"})
    assert "VALUES ?gene { <http://identifiers.org/ncbigene/3574> }" in text


# --- 3. export takes its format from the -o extension -------------------------------------------

@pytest.mark.parametrize("name, fmt", [("o.ttl", "turtle"), ("o.nt", "ntriples"), ("o.nq", "nquads"),
                                       ("o.owl", "rdfxml"), ("o.rdf", "rdfxml"), ("o.jsonld", "jsonld"),
                                       ("o.sssom.tsv", "sssom"), ("O.OWL", "rdfxml")])
def test_export_format_follows_the_extension(tmp_path, name, fmt):
    from il7onto.publish.export import render

    code, _, err = il7("export", "-o", str(tmp_path / name))
    assert (code, err) == (0, "")
    assert (tmp_path / name).read_text(encoding="utf-8") == render(fmt)
    assert il7("export", "-o", str(tmp_path / ("again-" + name)), "--format", fmt)[0] == 0


def test_export_refuses_a_contradicting_format(tmp_path):
    code, _, err = il7("export", "-o", str(tmp_path / "x.owl"), "--format", "turtle")
    assert code == 2 and "the extension .owl means --format rdfxml, not --format turtle" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, fmt", [("x.obo", "obo"), ("x.json", "obographs")])
def test_export_obo_extensions_write_obo_or_are_refused_clearly(tmp_path, name, fmt):
    """.obo and .json mean the OBO writers of issue 13b: written when this version has them, else
    refused with one line and no file."""
    from il7onto.publish.export import FORMATS, render

    code, _, err = il7("export", "-o", str(tmp_path / name))
    if fmt in FORMATS:
        assert (code, err) == (0, "") and (tmp_path / name).read_text(encoding="utf-8") == render(fmt)
    else:
        assert code == 2 and "not available in this version" in err and err.count("\n") == 1
        assert list(tmp_path.iterdir()) == []


def test_export_without_extension_or_format_is_turtle(tmp_path):
    from il7onto.publish.export import render

    assert il7("export", "-o", str(tmp_path / "plain"))[0] == 0
    assert (tmp_path / "plain").read_text(encoding="utf-8") == render("turtle")


# --- 2. own queries: prefixes predeclared, one-line syntax errors, every query form -----------

SURVIVAL = "SELECT ?c WHERE { il7:IL7 il7:requiredForSurvivalOf ?c } ORDER BY ?c\n"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_own_query_needs_no_prefix_lines(engine):
    code, out, err = il7("query", "--file", "-", "--engine", engine, "--format", "csv", stdin=SURVIVAL)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [f"https://w3id.org/il7onto/{c}" for c in (
        "ImmatureThymocyte", "InnateLymphoidCell", "LymphoidCell", "MemoryTCell", "NaiveTCell", "ProBCell")]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_own_prefix_declaration_wins(engine):
    text = "PREFIX il7: <http://example.org/other/>\n" + SURVIVAL
    code, out, _ = il7("query", "--file", "-", "--engine", engine, "--format", "csv", stdin=text)
    assert code == 0 and out.splitlines() == ["c"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("text, expected", [
    ("SELECT ?c WHERE {\n  foo:IL7 il7:requiredForSurvivalOf ?c }", "undeclared prefix 'foo:'"),
    ("SELEC ?c WHERE { ?c ?p ?o }", "at 1:"),
    ("SELECT * WHERE {\n  ?s ?p }\n", "SPARQL syntax error at "),
])
def test_syntax_error_is_one_line_with_position(engine, text, expected):
    code, out, err = il7("query", "--file", "-", "--engine", engine, stdin=text)
    assert (code, out) == (3, "")
    assert err.startswith("il7onto: error: -: SPARQL syntax error") and err.count("\n") == 1
    assert expected in err and "\\u{" not in err and "Traceback" not in err


def test_syntax_error_names_line_column_and_token():
    code, _, err = il7("query", "--file", "-", stdin="SELEC ?c WHERE { ?c ?p ?o }")
    assert code == 3 and "at 1:1 near 'SELEC': Expected {SelectQuery | ConstructQuery" in err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("text, answer", [("ASK { il7:IL7 rdfs:label \"interleukin-7\"@en }", "true"),
                                          ("ASK { il7:IL7 rdfs:label \"nope\" }", "false")])
def test_ask_prints_true_or_false(engine, text, answer):
    assert il7("query", "--file", "-", "--engine", engine, stdin=text) == (0, answer + "\n", "")


@pytest.mark.parametrize("fmt, expected", [
    ("json", '{"head":{},"boolean":true}\n'),
    ("xml", '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            "<boolean>true</boolean></sparql>\n"),
])
def test_ask_in_w3c_formats(fmt, expected):
    assert il7("query", "--file", "-", "--format", fmt, stdin="ASK { il7:IL7 ?p ?o }") == (0, expected, "")


CONSTRUCT = "CONSTRUCT { ?c rdfs:label ?l } WHERE { il7:IL7 il7:requiredForSurvivalOf ?c . ?c rdfs:label ?l }"
LABELS = {("ImmatureThymocyte", "immature thymocyte"), ("InnateLymphoidCell", "innate lymphoid cell"),
          ("LymphoidCell", "lymphoid cell"), ("MemoryTCell", "memory T cell"), ("NaiveTCell", "naive T cell"),
          ("ProBCell", "pro-B cell")}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fmt, rdflib_format", [("table", "turtle"), ("turtle", "turtle"), ("ntriples", "nt"),
                                                ("nquads", "nquads"), ("rdfxml", "xml"), ("jsonld", "json-ld")])
def test_construct_writes_rdf_in_every_export_format(engine, fmt, rdflib_format):
    import rdflib

    code, out, err = il7("query", "--file", "-", "--engine", engine, "--format", fmt, stdin=CONSTRUCT)
    assert (code, err) == (0, "")
    graph = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
    graph.parse(data=out, format=rdflib_format)
    triples = {(str(s).removeprefix("https://w3id.org/il7onto/"), str(o)) for s, _, o in graph.triples((None, None, None))} \
        if fmt != "nquads" else {(str(s).removeprefix("https://w3id.org/il7onto/"), str(o)) for s, _, o, _ in graph.quads()}
    assert triples == LABELS


def test_describe_gives_the_entity_triples():
    code, out, _ = il7("query", "--file", "-", "--format", "ntriples", stdin="DESCRIBE il7:IL7Ralpha")
    lines = out.splitlines()
    assert code == 0 and any(line.startswith("<https://w3id.org/il7onto/IL7Ralpha> ") for line in lines)
    # the entity's triples and the blank nodes they reach (its class axioms' restrictions): a bounded description
    assert all(line.startswith(("<https://w3id.org/il7onto/IL7Ralpha> ", "_:")) for line in lines)


def test_rdf_answers_refuse_a_results_format_and_rows_refuse_an_rdf_format():
    code, out, err = il7("query", "--file", "-", "--format", "csv", stdin=CONSTRUCT)
    assert (code, out) == (2, "") and "choose --format turtle, ntriples, nquads, rdfxml, jsonld" in err
    code, out, err = il7("query", "receptor-chains", "--format", "turtle")
    assert (code, out) == (2, "") and "SELECT rows can be written as table, csv, tsv, json, xml" in err


def test_python_api_answers_every_query_form():
    from il7onto.sparql.queries import Triples, run_text

    assert run_text("ASK { il7:IL7 ?p ?o }") is True
    triples = run_text(CONSTRUCT)
    assert isinstance(triples, Triples) and len(triples) == 6
    assert len(run_text(SURVIVAL)) == 6


def test_xml_results_read_back_by_pyoxigraph_and_rdflib():
    import io

    import pyoxigraph
    from rdflib.query import Result as RdflibResult

    code, out, _ = il7("query", "receptor-chains", "--format", "xml")
    assert code == 0
    expected = il7onto.query("receptor-chains")
    solutions = pyoxigraph.parse_query_results(out.encode(), format=pyoxigraph.QueryResultsFormat.XML)
    variables = tuple(v.value for v in solutions.variables)
    assert variables == expected.variables
    assert [tuple(s[v] for v in variables) for s in solutions] == list(expected.rows)
    parsed = RdflibResult.parse(io.BytesIO(out.encode()), format="xml")
    assert len(parsed) == len(expected)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_results_formats_are_pyoxigraphs_own_bytes(fmt):
    import pyoxigraph

    text = il7onto.sparql.catalog.get("receptor-chains").text
    solutions = il7onto.store().query(text)
    expected = solutions.serialize(format=pyoxigraph.QueryResultsFormat.from_extension(fmt))
    out = subprocess.run([IL7ONTO, "query", "receptor-chains", "--format", fmt], capture_output=True,
                         timeout=60, check=True).stdout
    assert out.rstrip(b"\n") == expected.rstrip(b"\n")


# --- 4. an empty remote answer without --graph names the graphs holding il7onto data -----------

from servers import oxigraph  # noqa: E402,F401 - fixture: a real Oxigraph server on loopback


@pytest.fixture(scope="module")
def loaded_oxigraph(oxigraph):  # noqa: F811
    from il7onto.sparql.gsp import upload
    from il7onto.core.namespaces import ONTOLOGY_IRI

    upload(oxigraph.gsp, graph_iri=ONTOLOGY_IRI, query_endpoint=oxigraph.query, client=oxigraph.client())
    return oxigraph


def test_remote_query_without_graph_hints_at_the_named_graph(loaded_oxigraph):
    code, out, err = il7("query", "receptor-chains", "--endpoint", loaded_oxigraph.query)
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == ("il7onto: hint: no rows in the default graph; il7onto data is in the named graph "
                   "<https://w3id.org/il7onto/il7onto.owl>: add --graph https://w3id.org/il7onto/il7onto.owl\n")
    code, out, err = il7("query", "receptor-chains", "--endpoint", loaded_oxigraph.query,
                         "--graph", "https://w3id.org/il7onto/il7onto.owl")
    assert (code, err) == (0, "") and out.endswith("(4 rows)\n")


def test_remote_own_query_with_rows_gives_no_hint(loaded_oxigraph):
    code, out, err = il7("query", "--file", "-", "--endpoint", loaded_oxigraph.query, "--format", "csv",
                         stdin="SELECT ?g WHERE { GRAPH ?g { il7:IL7 ?p ?o } } LIMIT 1")
    assert (code, err) == (0, "") and out.splitlines() == ["g", "https://w3id.org/il7onto/il7onto.owl"]


def test_remote_ask_and_construct(loaded_oxigraph):
    graph = "https://w3id.org/il7onto/il7onto.owl"
    assert il7("query", "--file", "-", "--endpoint", loaded_oxigraph.query, "--graph", graph,
               stdin="ASK { il7:IL7 rdfs:label \"interleukin-7\"@en }") == (0, "true\n", "")
    code, out, _ = il7("query", "--file", "-", "--endpoint", loaded_oxigraph.query, "--graph", graph,
                       "--format", "ntriples", stdin=CONSTRUCT)
    assert code == 0 and len(out.splitlines()) == len(LABELS)


def test_empty_store_hint_says_to_load(tmp_path):
    from servers import oxigraph_server

    with oxigraph_server(tmp_path) as empty:
        code, out, err = il7("query", "receptor-chains", "--endpoint", empty.query)
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == (f"il7onto: hint: no rows, and no named graph at {empty.query} holds il7onto data; "
                   "load it with `il7onto load --endpoint GSP-URL`\n")


# --- 5. tables fit the terminal; piped output is unchanged ---------------------------------------

def _on_terminal(*args: str, columns: int) -> tuple[int, str]:
    """Run `il7onto ARGS` with stdout on a pseudo-terminal ``columns`` wide; exit code and output."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([IL7ONTO, *args], stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    code = process.wait(timeout=120)
    process.stderr.close()
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("args", [["query", "clinical-applications"],  # the fast path
                                  ["query", "clinical-applications", "--engine", "rdflib", "--format=table"]])
def test_table_fits_an_80_column_terminal(args):
    code, out = _on_terminal(*args, columns=80)
    assert code == 0
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80 and "\u2026" in out
    assert lines[-1] == f"({len(il7onto.query('clinical-applications'))} rows)"


def test_piped_table_is_unchanged():
    from il7onto.sparql.results import table

    code, out, _ = il7("query", "clinical-applications", env={"COLUMNS": "80"})
    assert code == 0 and out == table(il7onto.query("clinical-applications"))
    assert max(map(len, out.splitlines())) > 300


def test_width_and_no_truncate_override():
    code, out, _ = il7("query", "clinical-applications", "--width", "100")
    assert code == 0 and max(map(len, out.splitlines())) <= 100
    code, out = _on_terminal("query", "clinical-applications", "--no-truncate", columns=80)
    assert code == 0 and max(map(len, out.splitlines())) > 300 and "\u2026" not in out
    code, _, err = il7("query", "clinical-applications", "--width", "100", "--no-truncate")
    assert code == 2 and "exclude each other" in err


# --- 7. shell completion; info and the docs count entities alike ---------------------------------

def _complete(shell: str, words: str, cword: int | str) -> str:
    code, out, err = il7(env={"_IL7ONTO_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert (code, err) == (0, "")
    return out


def test_bash_completes_query_names_in_a_real_shell():
    import shutil

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = ('eval "$(_IL7ONTO_COMPLETE=bash_source il7onto)"; COMP_WORDS=(il7onto query entity-by); '
              'COMP_CWORD=2; _il7onto_completion il7onto; printf "%s\\n" "${COMPREPLY[@]}"')
    env = {k: v for k, v in os.environ.items()} | {"PATH": f"{Path(IL7ONTO).parent}:{os.environ['PATH']}"}
    done = subprocess.run([bash, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0 and done.stdout.split() == ["entity-by-gene", "entity-by-mesh"]


def test_bash_completes_parameter_names_of_the_chosen_query():
    assert _complete("bash", "il7onto query entity-by-gene --param ", 4) == "plain,gene=\n"
    assert _complete("bash", "il7onto query mappings -p voc", 4) == "plain,vocabulary=\n"


def test_zsh_completes_query_names_with_titles():
    out = _complete("zsh", "il7onto query entity-by", 2)
    assert out.splitlines() == ["plain", "entity-by-gene", "Everything about the entity with an NCBI Gene ID",
                                "plain", "entity-by-mesh", "Everything about the entity aligned to a MeSH record"]


def test_fish_completes_parameter_values_that_are_choices():
    out = _complete("fish", "il7onto query disease-associations -p mechanism=", "mechanism=")
    assert out.splitlines() == ["plain,mechanism=deficiency", "plain,mechanism=excess", "plain,mechanism=mutation"]


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F _il7onto_completion il7onto"),
                                           ("zsh", "#compdef il7onto"), ("fish", "complete --no-files --command il7onto")])
def test_completion_scripts_for_each_shell(shell, marker):
    code, out, _ = il7(env={"_IL7ONTO_COMPLETE": f"{shell}_source"})
    assert code == 0 and marker in out


def test_info_and_the_html_docs_count_entities_alike(tmp_path):
    import json
    import re

    code, out, _ = il7("info", "--format", "json")
    counted = json.loads(out)["entities"]
    code, text, _ = il7("info")
    assert f"Entities by class ({counted};" in text or f"Entities by class ({counted}):" in text
    assert il7("docs", "-o", str(tmp_path / "site"))[0] == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert int(re.search(r"(\d+) entities,", index).group(1)) == counted
    distinct = il7onto.store().query(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
        "<https://w3id.org/il7onto/Entity> }")
    assert counted == int(next(iter(distinct))[0].value)


# --- 6. validation reports: SHACL results vocabulary, the bundled ontology's findings apart ------

VALIDATION = ROOT / "tests" / "fixtures" / "validation"
SH = "http://www.w3.org/ns/shacl#"


@pytest.mark.parametrize("fixture", ["qc/duplicate-exact-match.broken.ttl", "qc/duplicate-label.broken.ttl",
                                     "shapes/species.broken.ttl"])
def test_turtle_report_results_carry_the_required_properties(fixture):
    import rdflib

    code, out, _ = il7("validate", "--format", "turtle", "--include-bundled", str(VALIDATION / fixture))
    assert code == 1
    graph = rdflib.Graph().parse(data=out, format="turtle")
    sh = rdflib.Namespace(SH)
    results = list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))
    assert results
    for result in results:
        for required in (sh.focusNode, sh.resultSeverity, sh.sourceConstraintComponent, sh.sourceShape):
            assert len(list(graph.objects(result, required))) == 1, (required, result)


def test_turtle_report_values_are_the_original_terms():
    import rdflib

    code, out, _ = il7("validate", "--format", "turtle", str(VALIDATION / "qc/duplicate-exact-match.broken.ttl"))
    graph = rdflib.Graph().parse(data=out, format="turtle")
    values = set(graph.objects(None, rdflib.URIRef(SH + "value")))
    assert values == {rdflib.URIRef("http://purl.obolibrary.org/obo/CL_0000084")}
    assert set(graph.objects(None, rdflib.URIRef(SH + "sourceConstraintComponent"))) == {
        rdflib.URIRef(SH + "SPARQLConstraintComponent")}


def test_label_value_keeps_its_language_tag():
    import rdflib

    code, out, _ = il7("validate", "--format", "turtle", str(VALIDATION / "qc/duplicate-label.broken.ttl"))
    graph = rdflib.Graph().parse(data=out, format="turtle")
    values = set(graph.objects(None, rdflib.URIRef(SH + "value")))
    assert values and all(isinstance(v, rdflib.Literal) and v.language == "en" for v in values)


def test_findings_about_the_bundled_ontology_are_set_apart():
    path = str(VALIDATION / "qc/duplicate-exact-match.broken.ttl")
    code, out, _ = il7("validate", path)
    assert code == 1
    assert "il7:Protein" not in out and "duplicate-label-across-kinds" not in out
    assert "(2 finding(s) about the bundled ontology itself not shown: --include-bundled shows them)" in out
    assert out.splitlines()[-1] == "does not conform: 2 violation(s), 0 warning(s), 0 info on 2 focus node(s)"
    code, out, _ = il7("validate", path, "--include-bundled")
    assert code == 1
    section = out[out.index("About the bundled ontology, not your data (2 finding(s)):"):]
    assert "il7:Protein" in section and "il7:SectionProtein" in section


def test_a_user_finding_on_a_bundled_entity_stays_with_the_user():
    """il7:TCell is bundled, but its duplicate exact match comes from the user's file."""
    code, out, _ = il7("validate", str(VALIDATION / "qc/duplicate-exact-match.broken.ttl"))
    assert code == 1 and "\nil7:TCell\n" in out


def test_clean_user_file_conforms_without_bundled_infos():
    import json

    code, out, _ = il7("validate", "--format", "json", str(VALIDATION / "qc/duplicate-exact-match.fixed.ttl"))
    report = json.loads(out)
    assert code == 0 and report["results"] == [] and report["bundled_findings"] == 2 and "bundled" not in report


def test_bundled_ontology_alone_reports_its_own_findings():
    code, out, _ = il7("validate")
    assert code == 0 and "il7:Protein" in out and "not shown" not in out


def test_queries_listing_names_the_accepted_forms():
    code, out, _ = il7("queries")
    assert code == 0
    assert ("accepts an ID matching /[0-9]{1,10}/, a CURIE NCBIGene:ID or the IRI "
            "<http://identifiers.org/ncbigene/ID>") in out
    assert "accepts one of NCBIGene, HGNC, MGI, UniProtKB, MESH" in out
