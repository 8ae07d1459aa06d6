"""Reasoning: HermiT (via owlready2, needs Java) for consistency and unsatisfiable classes, plus an
OWL 2 DL structural profile check, over the bundled ontology merged with users' files.

Users' files go through the same safe reader as ``validate`` (:func:`il7onto.core.userdata.read_rdf`:
size limits, DOCTYPE/ENTITY, JSON-LD contexts and ``owl:imports`` refused); owlready2 only ever
reads the N-Triples this module writes from the merged graph, never a user's file itself.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NONCONFORMING, OK, Il7ontoError, InputError
from ..core.namespaces import PREFIXES

if TYPE_CHECKING:
    import rdflib

RDF, RDFS, OWL, XSD = (PREFIXES[name] for name in ("rdf", "rdfs", "owl", "xsd"))
_RESERVED = (RDF, RDFS, OWL, XSD)
_PROPERTY_KINDS = {OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype",
                   OWL + "AnnotationProperty": "annotation"}
# Built-in properties: structural vocabulary and the OWL 2 built-in annotation properties.
_BUILTIN_ANNOTATIONS = {RDFS + "label", RDFS + "comment", RDFS + "seeAlso", RDFS + "isDefinedBy",
                        OWL + "versionInfo", OWL + "deprecated", OWL + "priorVersion",
                        OWL + "backwardCompatibleWith", OWL + "incompatibleWith"}


@dataclass
class ReasonerReport:
    """What HermiT and the profile check found."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    profile_issues: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable and not self.profile_issues

    @property
    def exit_code(self) -> int:
        return OK if self.ok else NONCONFORMING

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return json.dumps({**asdict(self), "ok": self.ok}, indent=2)
        lines = ["consistent" if self.consistent else "INCONSISTENT"]
        if self.consistent:
            lines.append(f"unsatisfiable classes: {len(self.unsatisfiable)}")
            lines += [f"  {name}" for name in self.unsatisfiable]
        lines.append(f"OWL 2 DL profile: {'ok' if not self.profile_issues else f'{len(self.profile_issues)} issue(s)'}")
        lines += [f"  {issue}" for issue in self.profile_issues]
        return "\n".join(lines)


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(paths=None, *, input_format: str | None = None, graph: "rdflib.Graph | None" = None) -> ReasonerReport:
    """Run HermiT and the profile check on the bundled ontology merged with the RDF files ``paths``.

    ``graph`` reasons over a ready-made graph instead (it should include the ontology).
    Raises InputError (exit 3) when Java is not installed or a file cannot be read, and
    UnsafeInputError (exit 4) for a file refused as unsafe, before anything is reasoned over.
    """
    from ..core.graph import load
    from ..core.userdata import read_rdf

    if not java_available():
        raise InputError("`reason` needs Java (HermiT runs on the JVM) but `java` is not on PATH; "
                         "install a JRE (e.g. apt-get install default-jre-headless)")
    if graph is None:
        user_graphs = [read_rdf(path, input_format) for path in paths or ()]  # read (and refuse) first
        graph = load()
        for user_graph in user_graphs:
            graph += user_graph
    issues = profile_issues(graph)
    with _classified(graph) as world:
        if world is None:
            return ReasonerReport(consistent=False, profile_issues=issues)
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c.iri != OWL + "Nothing")
    return ReasonerReport(consistent=True, unsatisfiable=unsatisfiable, profile_issues=issues)


def inferred_superclasses(graph: "rdflib.Graph | None" = None) -> dict[str, set[str]]:
    """Every named class of ``graph`` (default: the bundled ontology) -> its named superclasses
    (asserted or inferred by HermiT, transitively). Raises InputError (exit 3) without Java and
    Il7ontoError when the ontology is inconsistent."""
    from ..core.graph import load

    if not java_available():
        raise InputError("inferring superclasses needs Java (HermiT runs on the JVM) but `java` is not on PATH")
    with _classified(load() if graph is None else graph) as world:
        if world is None:
            raise Il7ontoError("the ontology is inconsistent: no superclasses to infer")
        return _named_ancestors(world)


def _named_ancestors(world) -> dict[str, set[str]]:
    """Class IRI -> named superclasses, transitively. owlready2 files HermiT's inferred parents of a
    punned IRI (a class that is also an individual) as rdf:type triples, so both links are read."""
    import owlready2

    parents: dict[int, set[int]] = {}
    for cls in world.classes():
        links = {o for p, o in world._get_obj_triples_s_po(cls.storid)
                 if p in (owlready2.rdfs_subclassof, owlready2.rdf_type) and o > 0}
        parents[cls.storid] = links
    # HermiT files an inferred parent on one member of an equivalence (IL7Receptor = GO:1905540):
    # equivalent classes share their superclasses, so equivalence is followed both ways
    for cls in world.classes():
        for p, o in world._get_obj_triples_s_po(cls.storid):
            if p == owlready2.owl_equivalentclass and o > 0 and o in parents:
                parents[cls.storid].add(o)
                parents[o].add(cls.storid)
    closure: dict[str, set[str]] = {}
    for cls in world.classes():
        seen, todo = set(), list(parents[cls.storid])
        while todo:
            node = todo.pop()
            if node not in seen and node in parents:
                seen.add(node)
                todo.extend(parents[node])
        closure[cls.iri] = {world._unabbreviate(node) for node in seen - {cls.storid}}
    return closure


@contextmanager
def _classified(graph: "rdflib.Graph"):
    """An owlready2 world holding ``graph`` after HermiT classified it (None if inconsistent)."""
    import owlready2
    import rdflib

    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="il7onto-reason-") as tmp:
        path = Path(tmp) / "il7onto.nt"
        clean = rdflib.Graph()
        for triple in graph:
            if str(triple[1]) != OWL + "imports":  # never resolved
                clean.add(triple)
        clean.serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load()
        try:
            owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            yield None
            return
        except owlready2.OwlReadyJavaError as exc:
            raise Il7ontoError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
        yield world


def profile_issues(graph: "rdflib.Graph") -> list[str]:
    """A structural OWL 2 DL check (not a full profile validator): reserved vocabulary is not
    redefined; every property used is declared exactly one of object/datatype/annotation property
    (no punning between kinds, no class/property punning); object properties take IRIs or blank nodes
    and datatype properties take literals."""
    from rdflib import Literal, URIRef

    issues: set[str] = set()
    kinds: dict[str, set[str]] = {}
    classes = {str(s) for s in graph.subjects(URIRef(RDF + "type"), URIRef(OWL + "Class"))}
    for s, p, o in graph:
        if isinstance(s, URIRef) and str(s).startswith(_RESERVED):
            issues.add(f"reserved vocabulary redefined: <{s}> <{p}> ...")
        if str(p) == RDF + "type" and str(o) in _PROPERTY_KINDS:
            kinds.setdefault(str(s), set()).add(_PROPERTY_KINDS[str(o)])
    for prop, found in kinds.items():
        if len(found) > 1:
            issues.add(f"<{prop}> is declared as {' and '.join(sorted(found))} property (punning between property kinds)")
        if prop in classes:
            issues.add(f"<{prop}> is declared both a class and a property")
    for predicate in set(graph.predicates()):
        name = str(predicate)
        if name.startswith(_RESERVED) or name in _BUILTIN_ANNOTATIONS:
            continue
        found = kinds.get(name, set())
        if not found:
            issues.add(f"<{name}> is used as a property but not declared (owl:ObjectProperty, owl:DatatypeProperty or owl:AnnotationProperty)")
            continue
        if found == {"object"} and any(isinstance(o, Literal) for o in graph.objects(None, predicate)):
            issues.add(f"object property <{name}> has a literal value")
        if found == {"datatype"} and any(not isinstance(o, Literal) for o in graph.objects(None, predicate)):
            issues.add(f"datatype property <{name}> has a non-literal value")
    return sorted(issues)
