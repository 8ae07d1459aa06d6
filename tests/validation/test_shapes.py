"""SHACL shapes: the ontology conforms, every shape fires on its broken fixture and not on its fixed twin."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

import il7onto
from il7onto.core.namespaces import IL7, PREFIXES
from il7onto.validation.report import SHAPES_NS
from il7onto.validation.validate import shacl_results, validate
from il7onto.validation.checks import shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation"
EX = "http://example.org/lab/"
CURIES = {**PREFIXES, "il7sh": SHAPES_NS, "ex": EX}
# node shapes that only group property shapes, and helper shapes used inside sh:or
CONTAINERS = {"LabelShape", "EntityDefinitionShape", "GeneShape", "AssertionShape", "ReviewClaimShape",
              "SchemaTermAnnotationsShape", "DatabaseFactShape", "PublicationFactShape"}


def expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return CURIES[prefix] + local


@cache
def ontology() -> rdflib.Graph:
    return il7onto.load()


def merged(*paths: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph += ontology()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def header(path: Path, key: str) -> str:
    return re.search(rf"^# {key}: (\S+)$", path.read_text(), re.M).group(1)


def owner(source: str) -> str:
    """The named shape a result comes from (an anonymous property shape reports its node shape)."""
    shapes = shapes_graph()
    node = BNode(source[2:]) if source.startswith("_:") else URIRef(source)
    while isinstance(node, BNode):
        node = shapes.value(None, SH.property, node)
    return str(node)


BROKEN = sorted((FIXTURES / "shapes").glob("*.broken.ttl"))
FIXED = sorted((FIXTURES / "shapes").glob("*.fixed.ttl"))


def test_bundled_ontology_conforms():
    report = validate()
    assert report.count("Violation") == 0, report.text()
    assert report.count("Warning") == 0, report.text()
    assert report.conforms and report.exit_code == 0


def test_bundled_ontology_has_no_shacl_results():
    assert shacl_results(ontology()) == []


def test_fixtures_come_in_twins():
    assert BROKEN and {p.name.replace(".broken", "") for p in BROKEN} == {p.name.replace(".fixed", "") for p in FIXED}


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name.split(".")[0])
def test_broken_fixture_triggers_exactly_its_shape(path):
    results = shacl_results(merged(path))
    found = {(r.focus, owner(r.source)) for r in results}
    assert found == {(expand(header(path, "focus")), expand(header(path, "shape")))}, "\n".join(map(str, results))
    assert all(r.severity == "Violation" and r.message for r in results)


@pytest.mark.parametrize("path", FIXED, ids=lambda p: p.name.split(".")[0])
def test_fixed_twin_passes(path):
    assert shacl_results(merged(path)) == []


def named_shapes() -> set[str]:
    """The SHACL Core shapes (the generated QC shapes, il7sh:qc-NAME, are tests/validation/test_qc_shapes.py's)."""
    from il7onto.validation.qc_shapes import is_qc_shape

    shapes = shapes_graph()
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return {str(s) for s in found if isinstance(s, URIRef) and not is_qc_shape(shapes, s)}


def test_every_hand_written_shape_has_a_broken_fixture():
    covered = {expand(header(path, "shape")) for path in BROKEN}
    hand_written = {s for s in named_shapes() if not re.search(r"-(domain|range)$", s)
                    and s[len(SHAPES_NS):] not in CONTAINERS}
    assert hand_written - covered == set()


def test_every_shape_is_documented():
    shapes = shapes_graph()
    for shape in named_shapes():
        node = URIRef(shape)
        assert shapes.value(node, SH.name), shape
        assert shapes.value(node, SH.description), shape
        if shape[len(SHAPES_NS):] not in CONTAINERS and not shapes.value(node, SH.message):
            parts = list(shapes.objects(node, SH.property))
            assert parts and all(shapes.value(p, SH.message) for p in parts), f"{shape} has no sh:message"


def _instances(graph: rdflib.Graph, cls) -> set:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def focus_nodes(shape) -> set:
    graph, shapes = ontology(), shapes_graph()
    nodes = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= _instances(graph, cls)
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(graph.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(graph.objects(None, prop))
    nodes |= {n for n in shapes.objects(shape, SH.targetNode) if (n, None, None) in graph}
    parent = shapes.value(None, SH.property, shape)
    if parent is not None:
        nodes |= focus_nodes(parent)
    return nodes


# Shapes with no target of their own: other shapes use them through sh:or / sh:node.
NESTED_ONLY = {"SchemaTermAnnotationsShape", "DatabaseFactShape", "PublicationFactShape"}


@pytest.mark.parametrize("shape", sorted(s for s in named_shapes() if s[len(SHAPES_NS):] not in NESTED_ONLY),
                         ids=lambda s: s[len(SHAPES_NS):])
def test_shape_targets_the_real_ontology(shape):
    assert focus_nodes(URIRef(shape)), f"{shape} targets nothing in the bundled ontology"


@pytest.mark.parametrize("name", sorted(NESTED_ONLY))
def test_nested_only_shapes_are_used_by_another_shape(name):
    shapes, shape = shapes_graph(), URIRef(SHAPES_NS + name)
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    assert [t for t in targets if shapes.value(shape, t) is not None] == []
    used = set(shapes.subjects(SH.node, shape)) | set(shapes.subjects(RDF.first, shape))  # sh:node, sh:or lists
    assert used, f"{name} has no target and no shape uses it"


# --- domain and range shapes, generated from the schema ----------------------------------------

def il7_properties() -> list[URIRef]:
    graph = ontology()
    props = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        props |= {p for p in graph.subjects(RDF.type, kind) if str(p).startswith(IL7)}
    return sorted(props)


def shapes_for(prop: URIRef, kind: str) -> set[str]:
    shapes = shapes_graph()
    return {str(s) for s in shapes.subjects(SH.targetSubjectsOf, prop) if str(s).endswith(f"-{kind}")}


def declared(prop: URIRef, what) -> set:
    value = ontology().value(prop, what)
    if value is None:
        return set()
    members = ontology().value(value, OWL.unionOf)
    return set(rdflib.collection.Collection(ontology(), members)) if members is not None else {value}


def shape_classes(shape: str) -> set:
    shapes, node = shapes_graph(), URIRef(shape)
    found = set(shapes.objects(node, SH["class"])) | set(shapes.objects(node, SH.datatype))
    for alternatives in shapes.objects(node, SH["or"]):
        for member in rdflib.collection.Collection(shapes, alternatives):
            found |= set(shapes.objects(member, SH["class"]))
    return found


@pytest.mark.parametrize("prop", il7_properties(), ids=lambda p: p[len(IL7):])
def test_domain_and_range_shapes_follow_the_schema(prop):
    domains, ranges = shapes_for(prop, "domain"), shapes_for(prop, "range")
    assert domains and ranges, f"{prop} lacks a domain or range shape"
    own = URIRef(SHAPES_NS + prop[len(IL7):])
    if declared(prop, RDFS.domain):
        assert shape_classes(f"{own}-domain") == declared(prop, RDFS.domain)
    if declared(prop, RDFS.range):
        assert shape_classes(f"{own}-range") == declared(prop, RDFS.range)


def _valid_node(classes: set):
    graph = ontology()
    for cls in sorted(classes or {URIRef(IL7 + "Entity")}):
        found = sorted(_instances(graph, cls))
        if found:
            return found[0]
    raise AssertionError(f"no instance of {classes}")


def _domain_range_cases():
    graph = rdflib.Graph()
    expected = set()
    typed = []  # (node, classes) that the fixed twin types correctly
    for prop in il7_properties():
        name = prop[len(IL7):]
        domain_shapes, range_shapes = shapes_for(prop, "domain"), shapes_for(prop, "range")
        own_domain = f"{SHAPES_NS}{name}-domain" if f"{SHAPES_NS}{name}-domain" in domain_shapes else sorted(domain_shapes)[0]
        own_range_shape = f"{SHAPES_NS}{name}-range" if f"{SHAPES_NS}{name}-range" in range_shapes else sorted(range_shapes)[0]
        domain_classes, own_range = shape_classes(own_domain), shape_classes(own_range_shape)
        is_datatype = (prop, RDF.type, OWL.DatatypeProperty) in ontology()
        bad_subject, bad_object = URIRef(f"{EX}dom-{name}"), URIRef(f"{EX}rng-{name}")
        good_object = Literal("1", datatype=next(iter(own_range))) if is_datatype else _valid_node(own_range)
        good_subject = _valid_node(domain_classes)
        graph.add((bad_subject, prop, good_object))
        graph.add((good_subject, prop, bad_object))
        expected |= {(s, str(bad_subject), None) for s in domain_shapes}
        expected |= {(s, str(good_subject), str(bad_object)) for s in range_shapes}
        typed.append((bad_subject, domain_classes))
        if not is_datatype:
            typed.append((bad_object, own_range))
    return graph, expected, typed


def test_every_domain_and_range_shape_fires_on_a_wrong_type():
    broken, expected, _ = _domain_range_cases()
    data = merged()
    data += broken
    found = {(r.source, r.focus, r.value if r.source.endswith("-range") else None)
             for r in shacl_results(data) if re.search(r"-(domain|range)$", r.source or "")}
    assert found == expected
    generated = {s for s in named_shapes() if re.search(r"-(domain|range)$", s)}
    assert {source for source, _, _ in expected} == generated


def test_domain_and_range_shapes_pass_once_types_are_right():
    broken, _, typed = _domain_range_cases()
    data = merged()
    data += broken
    for node, classes in typed:
        for cls in classes:
            data.add((node, RDF.type, cls))
    for (node, prop, value) in list(broken):
        if isinstance(value, URIRef) and (prop, RDF.type, OWL.DatatypeProperty) in ontology():
            data.remove((node, prop, value))
            data.add((node, prop, Literal("1", datatype=rdflib.XSD.integer if "Length" in prop else
                                          rdflib.XSD.decimal if "Mass" in prop else rdflib.XSD.string)))
    assert [r for r in shacl_results(data) if re.search(r"-(domain|range)$", r.source or "")] == []
