"""The SPARQL SHACL engine (il7onto.validation.shacl_sparql) gives exactly pyshacl's results, and refuses what it can't compile."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rdflib

from il7onto.validation import shacl_sparql
from il7onto.validation.findings import compiled_results
from il7onto.core.errors import InputError, UnsafeInputError
from il7onto.validation.qc_shapes import is_qc_shape
from il7onto.validation.shacl_shapes import SUPPORTED_COMPONENTS, UnsupportedShapeError
from il7onto.validation.shacl_sparql import SH, compile_shapes, compiled
from il7onto.core.userdata import load_into_store
from il7onto.validation.checks import _store, shapes_graph
from il7onto.validation.validate import shacl_results, validate
from test_shapes import merged, ontology  # the same merged fixture graphs as the pyshacl tests

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation"
TURTLE_FIXTURES = sorted(p for p in FIXTURES.rglob("*.ttl") if p.parent.name not in ("syntax", "unsafe"))

# SHACL Core: parameter -> component, as the SHACL recommendation defines them (independent of the compiler's table)
CORE = {
    "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind", "minCount": "MinCount", "maxCount": "MaxCount",
    "minExclusive": "MinExclusive", "minInclusive": "MinInclusive", "maxExclusive": "MaxExclusive",
    "maxInclusive": "MaxInclusive", "minLength": "MinLength", "maxLength": "MaxLength", "pattern": "Pattern",
    "languageIn": "LanguageIn", "uniqueLang": "UniqueLang", "equals": "Equals", "disjoint": "Disjoint",
    "lessThan": "LessThan", "lessThanOrEquals": "LessThanOrEquals", "not": "Not", "and": "And", "or": "Or",
    "xone": "Xone", "node": "Node", "property": "Property", "qualifiedMinCount": "QualifiedMinCount",
    "qualifiedMaxCount": "QualifiedMaxCount", "closed": "Closed", "hasValue": "HasValue", "in": "In",
    "sparql": "SPARQL",
}


def key(result) -> tuple:
    return (result.focus, result.path, result.value, result.source, result.component, result.severity, result.message)


def both(graph: rdflib.Graph) -> tuple[list, list]:
    """(pyshacl's results, the SPARQL engine's results) on the same data, as sorted comparable tuples."""
    return (sorted(map(key, shacl_results(graph)), key=repr),
            sorted(map(key, compiled_results(_store(graph))), key=repr))


# --- what the shapes use is what the compiler supports ------------------------------------------

def test_every_constraint_component_of_the_shapes_is_supported():
    shapes = shapes_graph()
    used = {SH + CORE[str(p)[len(SH):]] + "ConstraintComponent"
            for p in set(shapes.predicates()) if str(p)[len(SH):] in CORE}
    assert len(used) >= 15, used  # the shapes really use many components: the enumeration works
    # SHACL-SPARQL only in the generated QC shapes, which il7onto runs as QC queries (tests/validation/test_qc_shapes.py)
    sparql = SH + "SPARQLConstraintComponent"
    assert sparql in used
    assert all(is_qc_shape(shapes, s) for s in shapes.subjects(rdflib.URIRef(SH + "sparql"), None))
    used -= {sparql}
    assert used <= SUPPORTED_COMPONENTS, used - SUPPORTED_COMPONENTS
    assert used == shacl_sparql.components_used(shapes)
    # every directly validated component yields at least one compiled query (nested-only ones excepted)
    top = {c.component for c in compiled()}
    nested_only = {SH + c + "ConstraintComponent" for c in ("Property", "HasValue", "Node", "Not")}  # inside sh:or
    assert used - nested_only <= top, used - nested_only - top


def test_every_targeted_shape_is_compiled():
    shapes = shapes_graph()
    targeted = {str(s) for local in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
                for s in shapes.subjects(rdflib.URIRef(SH + local), None)}
    with_checks = {c.shape for c in compiled()}
    for shape in targeted:  # a shape has checks of its own, or groups property shapes that have
        children = {shacl_sparql.node_text(p) for p in shapes.objects(rdflib.URIRef(shape), rdflib.URIRef(SH + "property"))}
        assert shape in with_checks or (children and children <= with_checks), shape


def test_compiled_once_per_process():
    assert compiled() is compiled()
    assert all(c.sparql.count("SELECT") >= 2 and "?focus" in c.sparql for c in compiled())


@pytest.mark.parametrize("snippet, feature", [
    ("sh:path ex:p ; sh:uniqueLang true", "uniqueLang"),
    ("sh:closed true", "closed"),
    ("sh:path ex:p ; sh:equals ex:q", "equals"),
    ("sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] )", "xone"),
    ("sh:sparql [ sh:select \"SELECT $this WHERE { }\" ]", "sparql"),
    ("sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ; sh:qualifiedMinCount 1 ; "
     "sh:qualifiedValueShapesDisjoint true", "qualifiedValueShapesDisjoint"),
])
def test_unsupported_features_fail_at_compile_time(snippet, feature):
    text = f"""@prefix sh: <{SH}> . @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ {snippet} ] .
    ex:T a sh:NodeShape ; sh:targetClass ex:A ; sh:not [ {snippet} ] ."""
    with pytest.raises(UnsupportedShapeError, match=feature):
        compile_shapes(rdflib.Graph().parse(data=text, format="turtle"))


def test_deactivated_shapes_and_severity():
    text = f"""@prefix sh: <{SH}> . @prefix ex: <http://example.org/> .
    ex:Off a sh:NodeShape ; sh:targetClass ex:A ; sh:deactivated true ; sh:class ex:B .
    ex:Warn a sh:PropertyShape ; sh:targetClass ex:A ; sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ."""
    checks = compile_shapes(rdflib.Graph().parse(data=text, format="turtle"))
    assert [(c.shape, c.severity) for c in checks] == [("http://example.org/Warn", "Warning")]


def test_or_of_classes_is_an_anti_join_with_pyshacl_s_results():
    """sh:or ( [sh:class A] [sh:class B] ) compiles to MINUS (as sh:class does); a member that says more
    than sh:class keeps the EXISTS form. Both give pyshacl's results: instances of a subclass, of
    neither class, untyped nodes, literals and blank nodes."""
    import pyshacl

    shapes = rdflib.Graph().parse(format="turtle", data=f"""@prefix sh: <{SH}> . @prefix ex: <http://example.org/> .
    ex:Classes a sh:PropertyShape ; sh:targetSubjectsOf ex:p ; sh:path ex:p ; sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) .
    ex:More a sh:PropertyShape ; sh:targetSubjectsOf ex:p ; sh:path ex:p ;
        sh:or ( [ sh:class ex:A ; sh:nodeKind sh:IRI ] [ sh:class ex:B ] ) .""")
    data = rdflib.Graph().parse(format="turtle", data="""@prefix ex: <http://example.org/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:SubA rdfs:subClassOf ex:A . ex:a a ex:SubA . ex:b a ex:B . ex:c a ex:C . _:n a ex:A .
    ex:s ex:p ex:a , ex:b , ex:c , ex:untyped , "literal" , _:n .""")
    checks = compile_shapes(shapes)
    forms = {c.shape.rsplit("/", 1)[-1]: c.sparql for c in checks}
    assert forms["Classes"].count("MINUS") == 2 and "EXISTS" not in forms["Classes"]
    assert "MINUS" not in forms["More"] and "EXISTS" in forms["More"]
    def row(shape, value):  # blank nodes are labelled differently by rdflib and pyoxigraph
        return str(shape).rsplit("/", 1)[-1], "_:b" if str(value).startswith("_:") or isinstance(value, rdflib.BNode) \
            else str(value)

    ours = sorted(row(r.source, r.value) for r in compiled_results(_store(data), checks))
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    sh = rdflib.Namespace(SH)
    theirs = sorted(row(report.value(n, sh.sourceShape), report.value(n, sh.value))
                    for n in report.subjects(rdflib.RDF.type, sh.ValidationResult))
    assert ours == theirs == [("Classes", "http://example.org/c"), ("Classes", "http://example.org/untyped"),
                              ("Classes", "literal"), ("More", "_:b"), ("More", "http://example.org/c"),
                              ("More", "http://example.org/untyped"), ("More", "literal")]


# --- identical results ------------------------------------------------------------------------

def test_bundled_ontology_identical_and_clean():
    theirs, ours = both(ontology())
    assert ours == theirs == []


@pytest.mark.parametrize("path", TURTLE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_identical_to_pyshacl(path):
    theirs, ours = both(merged(path))
    assert ours == theirs
    if path.name.endswith(".broken.ttl") and path.parent.name == "shapes":
        assert ours  # a broken shapes fixture does produce results, so the comparison is not vacuous


def test_all_fixtures_together_identical_to_pyshacl():
    theirs, ours = both(merged(*TURTLE_FIXTURES))
    assert ours == theirs
    components = {r[4] for r in ours}
    assert len(components) >= 8, components


def _generated(triples: int, tmp_path: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    path = tmp_path / f"background-{triples}.nt"
    generate(triples, path)
    return path


def test_generated_graph_with_fixtures_identical_to_pyshacl(tmp_path):
    background = _generated(2_000, tmp_path)
    graph = merged(*(p for p in TURTLE_FIXTURES if p.name.endswith(".broken.ttl")))
    graph.parse(background, format="nt")
    theirs, ours = both(graph)
    assert len(ours) > 100 and ours == theirs


def test_edge_cases_identical_to_pyshacl():
    """Ill-typed and odd literals, blank-node values, language variants, extra types and subclasses."""
    text = """
    @prefix il7: <https://w3id.org/il7onto/> . @prefix ex: <http://example.org/lab/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
    ex:p1 a il7:Protein ; rdfs:label "p one"@en-GB , "P1"@EN ; il7:matureLengthAminoAcids "12x"^^xsd:integer , " 7 "^^xsd:integer , 3.5 ;
        il7:predictedMassKDa "1e3"^^xsd:decimal , "abc"^^xsd:decimal , 17 ; oboInOwl:hasDbXref "HGNC:1"@en , ex:iri .
    ex:p2 a il7:Protein ; rdfs:label "two  spaces"@en , "plain" ; skos:exactMatch "http://identifiers.org/ncbigene/1" , [ a il7:Gene ] .
    ex:Sub rdfs:subClassOf il7:Cytokine .
    ex:c1 a ex:Sub ; rdfs:label "c one"@en ; il7:producedBy [ a il7:CellType ] , "cell" ; il7:binds ex:p1 .
    ex:set a il7:MappingSet ; rdfs:label "set"@en ; il7:targetNamespace "ftp://x" ; il7:targetPrefix "1x" , "y" ;
        il7:majorTopic "maybe"^^xsd:boolean .
    ex:sec a il7:ReviewSection ; rdfs:label "sec"@en ; il7:order 0 , "one" .
    """
    graph = merged()
    graph.parse(data=text, format="turtle")
    theirs, ours = both(graph)

    def anonymous(rows):  # blank nodes of the data get different labels in rdflib and pyoxigraph
        return sorted((tuple("_:b" if isinstance(v, str) and v.startswith("_:") and i in (0, 2) else v
                            for i, v in enumerate(row)) for row in rows), key=repr)

    assert len(ours) >= 15
    assert anonymous(ours) == anonymous(theirs)


# --- the fast data path -------------------------------------------------------------------------

def test_validate_engines_agree_on_user_files():
    paths = [FIXTURES / "shapes" / "gene-symbol.broken.ttl", FIXTURES / "qc" / "duplicate-label.broken.ttl"]
    fast, reference = validate(paths), validate(paths, engine="pyshacl")
    assert fast.results == reference.results
    assert fast.count("Violation") >= 2 and not fast.conforms


def test_inference_forces_pyshacl(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the SPARQL engine must not run with inference")

    import il7onto.validation.validate as validation

    monkeypatch.setattr(validation, "findings", refuse)
    assert validate([REPO / "docs" / "examples" / "lab-claims.ttl"], inference=True).conforms


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine"):
        validate(engine="fast")


@pytest.mark.parametrize("fmt", ["nt", "xml", "nquads", "json-ld"])
def test_store_loader_reads_every_format(tmp_path, fmt):
    import pyoxigraph

    graph = rdflib.Graph().parse(REPO / "docs" / "examples" / "lab-claims.ttl")
    suffix = {"nt": ".nt", "xml": ".rdf", "nquads": ".nq", "json-ld": ".jsonld"}[fmt]
    path = tmp_path / f"lab{suffix}"
    if fmt == "nquads":
        dataset = rdflib.Dataset()
        named = dataset.graph(rdflib.URIRef("http://example.org/g"))
        for triple in graph:
            named.add(triple)
        path.write_text(dataset.serialize(format="nquads"))
    else:
        path.write_text(graph.serialize(format=fmt))
    store = pyoxigraph.Store()
    load_into_store(store, path)
    assert len(store) == len(graph)
    assert all(isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in store)


@pytest.mark.parametrize("name, error, needle", [
    ("unsafe/entity.rdf", UnsafeInputError, "DOCTYPE or ENTITY"),
    ("unsafe/imports.ttl", UnsafeInputError, "owl:imports"),
    ("unsafe/remote-context.jsonld", UnsafeInputError, "https://schema.org/"),
    ("syntax/bad.ttl", InputError, "bad.ttl:3:11:"),
    ("syntax/bad.nt", InputError, "bad.nt:2:47:"),
    ("syntax/bad.rdf", InputError, "bad.rdf:4:3:"),
])
def test_store_loader_refuses_like_read_rdf(name, error, needle):
    import pyoxigraph

    with pytest.raises(error, match=needle.replace(".", r"\.")):
        load_into_store(pyoxigraph.Store(), FIXTURES / name)


def test_imports_check_ignores_what_the_store_already_had(tmp_path):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/o"),
                              pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#imports"),
                              pyoxigraph.NamedNode("http://example.org/other")))
    path = tmp_path / "ok.ttl"
    path.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    load_into_store(store, path)
    assert len(store) == 2
