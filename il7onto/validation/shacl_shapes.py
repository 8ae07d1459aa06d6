"""Reading a SHACL shapes graph for the compiler (:mod:`il7onto.validation.shacl_sparql`): the
supported constraint parameters, the shapes' nodes and lists, and their paths and constants as
SPARQL text (also how reports print a result path)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.namespaces import PREFIXES

if TYPE_CHECKING:
    import rdflib

SH, RDF = PREFIXES["sh"], PREFIXES["rdf"]

#: constraint parameter (local name in sh:) -> constraint component (local name in sh:)
PARAMETERS = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "in": "InConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "not": "NotConstraintComponent",
    "and": "AndConstraintComponent",
    "or": "OrConstraintComponent",
    "node": "NodeConstraintComponent",
    "property": "PropertyConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
}
SUPPORTED_COMPONENTS = frozenset(SH + c for c in PARAMETERS.values())
#: sh: predicates on a shape that are not constraints of their own (or are read with one)
NON_VALIDATING = {"name", "description", "message", "severity", "deactivated", "targetClass", "targetNode",
                  "targetSubjectsOf", "targetObjectsOf", "path", "flags", "qualifiedValueShape", "order",
                  "group", "defaultValue"}
PATH_KEYS = {"inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}

class UnsupportedShapeError(ValueError):
    """A shape uses a SHACL feature this engine does not compile (use ``--engine pyshacl``)."""


# ---------------------------------------------------------------------------
# Reading the shapes graph
# ---------------------------------------------------------------------------

class Shapes:
    def __init__(self, graph: "rdflib.Graph", subclasses: dict[str, tuple[str, ...]] | None = None):
        from rdflib import URIRef

        self.g = graph
        self.subclasses = subclasses
        self.U = URIRef
        self._fresh = 0

    def sh(self, local: str):
        return self.U(SH + local)

    def values(self, node, local: str) -> list:
        return sorted(self.g.objects(node, self.sh(local)), key=str)

    def one(self, node, local: str):
        found = self.values(node, local)
        if len(found) > 1:
            raise UnsupportedShapeError(f"{node_text(node)}: more than one sh:{local}")
        return found[0] if found else None

    def items(self, node, local: str) -> list:
        from rdflib.collection import Collection

        lists = self.values(node, local)
        if len(lists) > 1:
            raise UnsupportedShapeError(f"{node_text(node)}: more than one sh:{local} list")
        return list(Collection(self.g, lists[0])) if lists else []

    def fresh(self) -> str:
        self._fresh += 1
        return f"?v{self._fresh}"

    def deactivated(self, node) -> bool:
        value = self.one(node, "deactivated")
        return value is not None and value.toPython() is True

    def check_supported(self, node) -> None:
        """Refuse any sh: predicate on ``node`` that is neither a supported constraint nor bookkeeping."""
        for predicate in set(self.g.predicates(node, None)):
            text = str(predicate)
            if not text.startswith(SH):
                continue
            local = text[len(SH):]
            if local not in PARAMETERS and local not in NON_VALIDATING:
                raise UnsupportedShapeError(
                    f"{node_text(node)}: sh:{local} is not supported by the SPARQL engine "
                    "(il7onto/validation/shacl_sparql.py); run with --engine pyshacl or extend the compiler")
        if (node, self.sh("qualifiedValueShapesDisjoint"), None) in self.g:
            raise UnsupportedShapeError(f"{node_text(node)}: sh:qualifiedValueShapesDisjoint is not supported")
        if self.values(node, "qualifiedValueShape") and not (self.values(node, "qualifiedMinCount")
                                                              or self.values(node, "qualifiedMaxCount")):
            raise UnsupportedShapeError(f"{node_text(node)}: sh:qualifiedValueShape without a qualified count")


def refuse_counts_on_node_shape(s, shape) -> None:
    """Cardinality counts only mean something on a property shape (a path to count values of)."""
    for local in ("minCount", "maxCount", "qualifiedMinCount", "qualifiedMaxCount"):
        if s.values(shape, local):
            raise UnsupportedShapeError(f"{node_text(shape)}: sh:{local} on a node shape")


def node_text(node) -> str:
    from rdflib import BNode

    return f"_:{node}" if isinstance(node, BNode) else str(node)


# ---------------------------------------------------------------------------
# SPARQL text
# ---------------------------------------------------------------------------

def sparql_string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def sparql_term(term) -> str:
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        raise UnsupportedShapeError(f"a blank node ({term}) cannot be a constant in a constraint")
    if isinstance(term, Literal):
        if term.language:
            return f"{sparql_string(str(term))}@{term.language}"
        if term.datatype:
            return f"{sparql_string(str(term))}^^<{term.datatype}>"
        return sparql_string(str(term))
    return f"<{term}>"


def sparql_path(s: Shapes, node) -> str:
    """A SHACL path as a SPARQL property path."""
    from rdflib import BNode

    if not isinstance(node, BNode):
        return f"<{node}>"
    alternatives = s.items(node, "alternativePath")
    if alternatives:
        return "(" + " | ".join(sparql_path(s, p) for p in alternatives) + ")"
    for key, op in PATH_KEYS.items():
        inner = s.one(node, key)
        if inner is not None:
            return f"^({sparql_path(s, inner)})" if op == "^" else f"({sparql_path(s, inner)}){op}"
    if (node, s.U(RDF + "first"), None) in s.g:
        from rdflib.collection import Collection

        return "(" + " / ".join(sparql_path(s, p) for p in Collection(s.g, node)) + ")"
    raise UnsupportedShapeError(f"unsupported SHACL path {node_text(node)}")


def path_text(graph: "rdflib.Graph", node) -> str | None:
    """A result path as text, as validation reports print it: an IRI, ``p1|p2`` for an alternative
    path, else the SPARQL property path."""
    from rdflib import BNode

    if node is None:
        return None
    if not isinstance(node, BNode):
        return str(node)
    s = Shapes(graph)
    alternatives = s.items(node, "alternativePath")
    if alternatives and all(not isinstance(p, BNode) for p in alternatives):
        return "|".join(str(p) for p in alternatives)
    return sparql_path(s, node)


def instance_of(s: Shapes, x: str, cls) -> str:
    """A pattern matching when ``x`` is an instance of ``cls`` (or of a subclass): a property path, or,
    when the subclasses were read from the store beforehand (``subclasses``), a test of the type
    against that list (Virtuoso 7.2 evaluates a transitive path inside EXISTS as never matching)."""
    if s.subclasses is None:
        return f"{x} rdf:type/rdfs:subClassOf* {sparql_term(cls)} ."
    members = sorted(set(s.subclasses.get(str(cls), ())) | {str(cls)})
    t = s.fresh()
    return f"{x} rdf:type {t} . FILTER ({t} IN (" + ", ".join(f"<{m}>" for m in members) + "))"


def classes_used(graph: "rdflib.Graph") -> list[str]:
    """Every class named by sh:class or sh:targetClass in the shapes graph (whose subclasses matter)."""
    from rdflib import URIRef

    return sorted({str(o) for local in ("class", "targetClass") for o in graph.objects(None, URIRef(SH + local))
                   if isinstance(o, URIRef)})
