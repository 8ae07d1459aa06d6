"""The QC checks as SHACL-SPARQL shapes (il7onto.validation.qc_shapes): the shapes file is current with
shapes/qc/*.rq, and pyshacl on its own -- pyshacl.validate with our shapes file, no il7onto code --
finds exactly the QC results `il7onto validate` finds on every broken fixture."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, Namespace

import il7onto
from il7onto.validation import qc_shapes, shacl_sparql
from il7onto.validation.checks import qc_checks, qc_checks_in_shapes

REPO = Path(__file__).resolve().parents[2]
SHAPES_FILE = REPO / "shapes" / "il7onto-shapes.ttl"
FIXTURES = REPO / "tests" / "fixtures" / "validation"
QC_BROKEN = sorted((FIXTURES / "qc").glob("*.broken.ttl"))
SH = Namespace("http://www.w3.org/ns/shacl#")
IL7SH = "https://w3id.org/il7onto/shapes#"
SEPARATE_FORM = {"duplicate-label", "duplicate-label-across-kinds"}  # shapes/qc/shacl/NAME.{target,constraint}.rq
IL7ONTO = str(Path(sys.executable).parent / "il7onto")


@cache
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


@cache
def ontology() -> rdflib.Graph:
    return il7onto.load()


def results(report: rdflib.Graph) -> set[tuple]:
    """(focus, severity, value, source shape, message, component) of every sh:ValidationResult."""
    found = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        found.add((str(report.value(node, SH.focusNode)), str(report.value(node, SH.resultSeverity)),
                   None if value is None else _n3(value), str(report.value(node, SH.sourceShape)),
                   str(report.value(node, SH.resultMessage)), str(report.value(node, SH.sourceConstraintComponent))))
    return found


def _n3(term: rdflib.term.Node) -> str:
    """The term in N-Triples, ``"x"^^xsd:string`` written ``"x"`` (the same RDF 1.1 term)."""
    if isinstance(term, rdflib.Literal) and term.datatype == rdflib.XSD.string:
        term = rdflib.Literal(str(term))
    return term.n3()


def pyshacl_alone(path: Path) -> set[tuple]:
    """pyshacl.validate with our shapes file on the ontology merged with ``path``: no il7onto code."""
    data = rdflib.Graph()
    data += ontology()
    data.parse(path, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), advanced=True, allow_infos=True,
                                    allow_warnings=True)
    return results(report)


def il7onto_validate(path: Path) -> set[tuple]:
    """The results of `il7onto validate --format turtle --include-bundled PATH` (a real process), but
    those of the one check the shapes graph does not hold (the property check, in Python)."""
    done = subprocess.run([IL7ONTO, "validate", "--format", "turtle", "--include-bundled", str(path)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode in (0, 1) and done.stderr == "", done.stderr
    not_in_shapes = {IL7SH + "qc-property-without-domain-or-range"}
    return {row for row in results(rdflib.Graph().parse(data=done.stdout, format="turtle"))
            if row[3] not in not_in_shapes}


def test_the_shapes_file_is_current_with_the_qc_queries():
    text = SHAPES_FILE.read_text(encoding="utf-8")
    assert qc_shapes.MARKER in text
    assert qc_shapes.current_text(text, qc_checks()) == text, "run: python -m il7onto.validation.qc_shapes"


def test_every_qc_check_is_a_sparql_shape_with_its_severity():
    severity = {"ERROR": SH.Violation, "WARN": SH.Warning, "INFO": SH.Info}
    in_graph = {str(shape)[len(IL7SH) + 3:] for shape in shapes().subjects(RDF.type, SH.NodeShape)
                if str(shape).startswith(IL7SH + "qc-")}
    assert in_graph == qc_checks_in_shapes() == {c.name for c in qc_checks()}
    assert {c.name for c in qc_checks() if qc_shapes.shacl_form(c)} == SEPARATE_FORM
    for check in qc_checks():
        shape = rdflib.URIRef(IL7SH + "qc-" + check.name)
        query = shapes().value(shape, SH.sparql)
        assert shapes().value(shape, SH.severity) == severity[check.severity]
        assert SH.SPARQLConstraint in set(shapes().objects(query, RDF.type))
        assert str(shapes().value(query, SH.message)) == "{?message}"
        target = shapes().value(shape, SH.target)
        assert SH.SPARQLTarget in set(shapes().objects(target, RDF.type))
        if check.name in SEPARATE_FORM:  # the SHACL form's two queries, as in shapes/qc/shacl/
            assert (str(shapes().value(target, SH.select)), str(shapes().value(query, SH.select))) == \
                qc_shapes.shacl_form(check)
        else:  # the .rq text, without its header, is both target and constraint
            assert target == query
            assert str(shapes().value(query, SH.select)) in check.sparql


def test_the_compiler_skips_the_qc_shapes_and_refuses_any_other_sparql_constraint():
    compiled = shacl_sparql.compile_shapes(shapes())
    assert not any(c.shape.startswith(IL7SH + "qc-") for c in compiled)
    other = rdflib.Graph()
    other += shapes()
    other.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:shape a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE { }" ] .""", format="turtle")
    with pytest.raises(shacl_sparql.UnsupportedShapeError, match="sparql"):
        shacl_sparql.compile_shapes(other)


#: a broken fixture that another one mends in one file (contradictory-causality asserts its triple)
APART = "claim-triple-not-asserted"


@pytest.mark.parametrize("apart", [False, True], ids=["together", APART])
def test_pyshacl_alone_finds_what_il7onto_validate_finds(tmp_path, apart):
    """The QC checks' broken fixtures, together in one file: pyshacl with SHACL-AF takes ~13 s per
    run on the ontology, so one run serves them all (but the one they would mend)."""
    merged, expected = rdflib.Graph(), set()
    for path in QC_BROKEN:
        name = path.name.split(".")[0]
        if (name == APART) != apart:
            continue
        # each fixture's own lab IRIs and lab class (its "# focus:" line too), so that none mends another
        text = path.read_text().replace("http://example.org/lab/", f"http://example.org/lab/{name}/")
        text = text.replace("il7:LabCell", f"il7:LabCell-{name}")
        fixture = rdflib.Graph().parse(data=text, format="turtle")
        merged += fixture
        focus = re.search(r"^# focus: (\S+)$", text, re.M).group(1)
        expected.add((str(fixture.namespace_manager.expand_curie(focus)), IL7SH + "qc-" + name))
    path = tmp_path / "broken-fixtures.ttl"
    merged.serialize(path, format="turtle")
    theirs, ours = pyshacl_alone(path), il7onto_validate(path)
    assert theirs == ours
    assert expected - {(row[0], row[3]) for row in ours} == set()  # not vacuous: each check fires on its focus


def test_pyshacl_without_shacl_af_sees_no_qc_focus_node():
    """Documented: an engine without SHACL-AF targets does not run the QC shapes."""
    data = rdflib.Graph()
    data += ontology()
    data.parse(FIXTURES / "qc" / "duplicate-exact-match.broken.ttl", format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), advanced=False, allow_infos=True,
                                    allow_warnings=True)
    assert not any(str(o).startswith(IL7SH + "qc-") for o in report.objects(None, SH.sourceShape))


def test_no_qc_query_reaches_out():
    """pyshacl runs the shapes' queries on rdflib, which would execute SERVICE: none has one (read by
    rdflib's SPARQL parser, not scanned for the word)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(node) -> set[str]:
        found = set()
        if isinstance(node, CompValue):
            found.add(node.name)
            for value in node.values():
                found |= names(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                found |= names(value)
        return found

    selects = [str(s) for s in shapes().objects(None, SH.select)]
    assert len(selects) == len(qc_checks_in_shapes()) + len(SEPARATE_FORM)  # those have a target query too
    for select in selects:
        assert "ServiceGraphPattern" not in names(prepareQuery(select).algebra)
    assert "ServiceGraphPattern" in names(prepareQuery("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }").algebra)
