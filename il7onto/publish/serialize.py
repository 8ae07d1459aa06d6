"""Deterministic serialisation: the same graph gives byte-identical output whatever the hash seed."""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up

from ..core.errors import InputError
from ..core.namespaces import PREFIXES
from ..core.namespaces import compact as shorten

if TYPE_CHECKING:
    import rdflib


def _canonical_dataset(graph: "rdflib.Graph"):
    """``graph`` as a pyoxigraph ``Dataset`` relabelled by RDFC-1.0, and a map from its terms back
    to the rdflib terms they stand for (blank nodes excepted)."""
    import pyoxigraph
    import rdflib

    original: dict = {}  # pyoxigraph term -> the rdflib term it stands for
    blanks: dict = {}

    def oxi(term):
        if isinstance(term, rdflib.BNode):
            return blanks.setdefault(term, pyoxigraph.BlankNode())
        if isinstance(term, rdflib.Literal):
            if term.language:
                converted = pyoxigraph.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                converted = pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
            else:
                converted = pyoxigraph.Literal(str(term))
        else:
            converted = pyoxigraph.NamedNode(str(term))
        original.setdefault(converted, term)
        return converted

    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(oxi(s), oxi(p), oxi(o)) for s, p, o in graph)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset, original


def canonical(graph: "rdflib.Graph") -> "rdflib.Graph":
    """A copy of ``graph`` whose blank nodes carry the labels of the W3C RDF Dataset
    Canonicalization (RDFC-1.0, pyoxigraph's ``Dataset.canonicalize``: ``_:c14n0``, ``_:c14n1`` ...).

    rdflib's ``to_canonical_graph`` took 31 s on two rings of 32 blank nodes; RDFC-1.0 in pyoxigraph
    takes 0.05 s (docs/design.md, "Canonical blank-node labels"). Terms other than blank nodes are
    carried over as they were (no lexical re-normalisation).
    """
    import pyoxigraph
    import rdflib

    result = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        result.bind(prefix, iri)
    for prefix, iri in graph.namespaces():
        if prefix not in PREFIXES:
            result.bind(prefix, iri)
    dataset, original = _canonical_dataset(graph)

    def back(term):
        return rdflib.BNode(term.value) if isinstance(term, pyoxigraph.BlankNode) else original[term]

    for quad in dataset:
        result.add((back(quad.subject), back(quad.predicate), back(quad.object)))
    return result


def ntriples(graph: "rdflib.Graph") -> str:
    """N-Triples with canonical (RDFC-1.0) blank-node labels, one triple per line, lines sorted.

    Written straight from the canonical pyoxigraph dataset (byte-identical to rdflib's writer on
    the bundled ontology, and twice as fast). U+2028, U+0085, \\v ... inside literals are escaped:
    a line-based reader (and str.splitlines) breaks the line there. Lines end at "\\n" only.
    """
    dataset, _ = _canonical_dataset(graph)
    lines = sorted(f"{quad.subject} {quad.predicate} {quad.object} .".translate(_LINE_BREAKS) for quad in dataset)
    return "\n".join(lines) + "\n"


# Characters other than \n and \r that some line readers treat as line ends, as N-Triples UCHARs.
_LINE_BREAKS = {ord(ch): f"\\u{ord(ch):04X}" for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def turtle(graph: "rdflib.Graph") -> str:
    """Turtle with canonical blank-node labels (rdflib sorts subjects and predicates).

    Numbers keep their exact lexical form: rdflib's writer would turn ``"25"^^xsd:decimal`` into
    ``25.0``, which parses back as a different literal.
    """
    from rdflib.plugin import register
    from rdflib.serializer import Serializer

    register("il7onto-turtle", Serializer, "il7onto.publish.serialize", "_ExactTurtleSerializer")
    return canonical(graph).serialize(format="il7onto-turtle")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_TURTLE_SHORTHAND = {  # unquoted forms every reader gives back unchanged: Turtle's INTEGER, DECIMAL,
    # DOUBLE and BooleanLiteral without a sign, leading zeros or a bare leading dot (rdflib's reader
    # turns +5, 007, -0, .5 and +1.0 into 5, 7, 0, 0.5 and 1.0; measured with rdflib 7.6)
    _XSD + "integer": r"0|-?[1-9][0-9]*",
    _XSD + "decimal": r"-?(0|[1-9][0-9]*)\.[0-9]+",
    _XSD + "double": r"-?(0|[1-9][0-9]*)(\.[0-9]+)?[eE][+-]?[0-9]+",
    _XSD + "boolean": r"true|false",
}


def _turtle_shorthand_reads_back(node, plain: str) -> bool:
    """Whether ``plain`` (rdflib's unquoted form of ``node``) reads back as ``node`` itself: the
    same lexical form and a datatype the shorthand stands for. rdflib writes ``"1"^^xsd:boolean``
    as ``1`` (an xsd:integer; found by Hypothesis) and ``"25"^^xsd:decimal`` as ``25.0``."""
    import re

    pattern = _TURTLE_SHORTHAND.get(str(node.datatype))
    return plain == str(node) and pattern is not None and re.fullmatch(pattern, plain) is not None


def _exact_turtle_serializer():
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class ExactTurtleSerializer(TurtleSerializer):
        def label(self, node, position):
            import rdflib

            if isinstance(node, rdflib.Literal) and ("\n" in node or "\r" in node):
                return self._long_literal(node)
            if isinstance(node, rdflib.Literal) and node.datatype is not None and not node.language:
                plain = node._literal_n3(use_plain=True)
                if not plain.startswith(('"', "'")) and not _turtle_shorthand_reads_back(node, plain):
                    return node._literal_n3(use_plain=False, qname_callback=lambda dt: self.get_pname(dt, False))
            return super().label(node, position)

        def _long_literal(self, node):
            # rdflib escapes a final '"' only when the character before it is not a backslash, so
            # it writes the value <newline><backslash><quote> as """\n\\"""" (unreadable). Here
            # every backslash, quote and carriage return is escaped, which Turtle always accepts.
            body = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            text = f'"""{body}"""'
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype is not None and str(node.datatype) != _XSD_STRING:
                return f"{text}^^{self.get_pname(node.datatype, False) or f'<{node.datatype}>'}"
            return text

        def get_pname(self, uri, gen_prefix=True):
            # rdflib may bind a new prefix while writing the body, after the @prefix lines are out
            # (its compute_qname binds one even for a name it then rejects, e.g. one ending in '.'),
            # and then use it undeclared. Once the header is written, only declared prefixes are used.
            if not self._started:
                return super().get_pname(uri, gen_prefix)
            declared = dict(self.namespaces)
            pname = super().get_pname(uri, gen_prefix)
            if pname is not None and declared.get(pname.split(":", 1)[0]) is None:
                self.namespaces = declared
                return None
            return pname

    return ExactTurtleSerializer


def __getattr__(name: str):
    # rdflib's plugin registry imports the serializer class by name; build it lazily so that
    # importing this module does not import rdflib.
    if name == "_ExactTurtleSerializer":
        return _exact_turtle_serializer()
    raise AttributeError(name)


# --- formats added for export (issue 5) ----------------------------------------------------------
#
# rdflib's N-Triples, RDF/XML and JSON-LD writers iterate over hash-ordered sets, so their output
# changes with PYTHONHASHSEED. The writers below work from the canonical graph and sort everything.

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def nquads(graph: "rdflib.Graph", graph_iri: str) -> str:
    """N-Quads: the canonical N-Triples lines, all in the named graph ``graph_iri``."""
    import rdflib

    if not graph_iri or any(ch in graph_iri for ch in '<>" {}|\\^`'):
        raise ValueError(f"invalid graph IRI {graph_iri!r}")
    name = rdflib.URIRef(graph_iri).n3()
    lines = []
    for line in ntriples(graph).splitlines():
        assert line.endswith(" .")
        lines.append(f"{line[:-2]} {name} .")
    return "\n".join(lines) + "\n"


def _sorted_triples(graph: "rdflib.Graph"):
    """The canonical graph's triples, sorted by their N-Triples form."""
    canon = canonical(graph)
    return canon, sorted(canon, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))


def _namespaces(graph: "rdflib.Graph") -> dict[str, str]:
    """prefix -> namespace: the package prefixes first, then the graph's own bindings."""
    result = dict(PREFIXES)
    for prefix, iri in sorted((str(p), str(i)) for p, i in graph.namespaces()):
        if prefix and prefix not in result and str(iri) not in result.values():
            result[prefix] = str(iri)
    return result


def rdfxml(graph: "rdflib.Graph") -> str:
    """RDF/XML with sorted subjects and properties and canonical blank-node ids (one
    ``rdf:Description`` per subject; readable by owlready2, the OWL API and rdflib)."""
    import re
    from xml.sax.saxutils import quoteattr

    import rdflib

    canon, triples = _sorted_triples(graph)
    # OWL tools that read RDF/XML as XML (pronto) look for an owl:Ontology element first and for
    # owl:Class / owl:ObjectProperty ... elements: the ontology header goes first and each subject is
    # written as a typed node of its highest-ranked OWL type (the rest stay rdf:type properties).
    element_type = {}
    for s, p, o in triples:
        if p == rdflib.RDF.type and str(o) in _NODE_ELEMENT_RANK:
            if s not in element_type or _NODE_ELEMENT_RANK[str(o)] < _NODE_ELEMENT_RANK[str(element_type[s])]:
                element_type[s] = o
    header_first = {s for s, kind in element_type.items() if str(kind) == _OWL + "Ontology"}
    triples = [t for t in triples if t[0] in header_first] + [t for t in triples if t[0] not in header_first]
    triples = [t for t in triples if not (t[1] == rdflib.RDF.type and element_type.get(t[0]) == t[2])]
    for s in sorted(element_type.keys() - {t[0] for t in triples}, key=lambda term: term.n3()):  # only a type
        triples.append((s, None, None))
    triples.sort(key=lambda t: t[0] not in header_first)  # stable: keeps the sorted order otherwise
    namespaces = _namespaces(canon)
    ncname = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
    used: dict[str, str] = {"rdf": _RDF}
    generated = 0

    def qname(iri: str) -> str:
        nonlocal generated
        best = None
        for prefix, ns in namespaces.items():
            local = iri[len(ns):]
            if iri.startswith(ns) and ncname.match(local) and (best is None or len(ns) > len(best[1])):
                best = (prefix, ns)
        if iri.startswith(_RDF) and iri[len(_RDF):] in _RDF_SYNTAX_NAMES:
            raise InputError(f"cannot write the property <{iri}> in RDF/XML: it is a syntax name there "
                             "(rdf:li would even read back as rdf:_1); use Turtle, N-Triples or JSON-LD")
        if best is None:  # split at the last '/', '#' or ':' before an NCName
            match = re.search(r"[A-Za-z_][A-Za-z0-9_.-]*$", iri)
            if not match or match.start() == 0:
                raise InputError(f"cannot write the property <{iri}> in RDF/XML: its IRI does not end in an "
                                 "XML name (letters, digits, _ . -, not starting with a digit), so it has no "
                                 "QName; use Turtle, N-Triples or JSON-LD")
            ns = iri[: match.start()]
            prefix = next((p for p, n in namespaces.items() if n == ns), None)
            while prefix is None or (prefix in used and used[prefix] != ns):
                generated += 1
                prefix = f"ns{generated}"
                if prefix in namespaces and namespaces[prefix] != ns:
                    prefix = None
            namespaces[prefix] = ns
            best = (prefix, ns)
        used[best[0]] = best[1]
        return f"{best[0]}:{iri[len(best[1]):]}"

    def node_attr(term) -> str:
        if isinstance(term, rdflib.BNode):
            return f"rdf:nodeID={quoteattr(str(term))}"
        return f"rdf:about={quoteattr(str(term))}"

    body = []
    current, element = None, None
    for s, p, o in triples:
        if s != current:
            if current is not None:
                body.append(f"  </{element}>")
            element = qname(str(element_type[s])) if s in element_type else "rdf:Description"
            body.append(f"  <{element} {node_attr(s)}>")
            current = s
        if p is None:
            continue
        name = qname(str(p))
        if isinstance(o, rdflib.URIRef):
            body.append(f"    <{name} rdf:resource={quoteattr(str(o))}/>")
        elif isinstance(o, rdflib.BNode):
            body.append(f"    <{name} rdf:nodeID={quoteattr(str(o))}/>")
        else:
            attrs = ""
            if o.language:
                attrs = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype is not None and str(o.datatype) != _XSD_STRING:
                attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
            body.append(f"    <{name}{attrs}>{_xml_text(str(o))}</{name}>")
    if current is not None:
        body.append(f"  </{element}>")
    header = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    header += [f"  xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(used.items())]
    header[-1] += ">"
    return "\n".join(header + body + ["</rdf:RDF>"]) + "\n"


_OWL = "http://www.w3.org/2002/07/owl#"
# rdf:type -> rank: the lowest-ranked OWL type of a subject names its RDF/XML node element.
_NODE_ELEMENT_RANK = {_OWL + name: rank for rank, name in enumerate(
    ("Ontology", "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual",
     "Axiom", "Restriction"))}
_RDF_SYNTAX_NAMES = frozenset(("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "li",
                               "Description", "aboutEach", "aboutEachPrefix", "bagID"))
# Characters XML 1.0 cannot carry at all, not even as character references.
_XML_ILLEGAL = None


def _xml_text(text: str) -> str:
    """``text`` as XML character data: &, <, > escaped, and CR as a reference (a parser would turn a raw
    CR or CRLF into LF). Characters XML 1.0 forbids are refused."""
    import re
    from xml.sax.saxutils import escape

    global _XML_ILLEGAL
    if _XML_ILLEGAL is None:
        _XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
    bad = _XML_ILLEGAL.search(text)
    if bad:
        raise InputError(f"cannot write the literal {text[:40]!r}... in RDF/XML: XML 1.0 cannot carry the "
                         f"character U+{ord(bad.group()):04X}; use Turtle, N-Triples or JSON-LD")
    return escape(text, {"\r": "&#13;"})


def jsonld_context() -> dict[str, str]:
    """The compact JSON-LD context shipped as ``il7onto/context.jsonld`` (never fetched)."""
    import json

    from ..core.resources import jsonld_context_text

    return json.loads(jsonld_context_text())["@context"]


_NOT_AN_AUTHORITY = re.compile(r"(?!//).+", re.S)  # "p://x" would read as an absolute IRI, not p: + "//x"


def jsonld(graph: "rdflib.Graph") -> str:
    """Flattened JSON-LD with the package's compact context embedded (so nothing is fetched):
    one node object per subject in ``@graph``, sorted by ``@id``; properties and values sorted."""
    import json

    import rdflib

    context = jsonld_context()
    prefixes = {prefix: ns for prefix, ns in context.items() if isinstance(ns, str) and not prefix.startswith("@")}
    terms = {prefix for prefix in context if not prefix.startswith("@")}

    def compact(iri: str) -> str:
        short = shorten(iri, prefixes, _NOT_AN_AUTHORITY)
        if short != iri:
            return short
        scheme, colon, rest = iri.partition(":")
        if colon and scheme in terms and not rest.startswith("//"):
            # a reader would take it for a compact IRI and expand it: il7:x -> https://w3id.org/il7onto/x
            raise InputError(f"cannot write the IRI <{iri}> in JSON-LD: its scheme {scheme!r} is a prefix of the "
                             "embedded context, so it would read back as a different IRI; use Turtle, "
                             "N-Triples or RDF/XML")
        return iri

    def ident(term) -> str:
        return f"_:{term}" if isinstance(term, rdflib.BNode) else compact(str(term))

    canon, triples = _sorted_triples(graph)
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(ident(s), {})
        if p == rdflib.RDF.type and not isinstance(o, rdflib.Literal):
            node.setdefault("@type", []).append(ident(o))
            continue
        if isinstance(o, rdflib.Literal):
            value = {"@value": str(o)}
            if o.language:
                value["@language"] = o.language
            elif o.datatype is not None and str(o.datatype) != _XSD_STRING:
                value["@type"] = compact(str(o.datatype))
        else:
            value = {"@id": ident(o)}
        node.setdefault(compact(str(p)), []).append(value)

    def key(value: dict) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    document = []
    for node_id in sorted(nodes):
        node = {"@id": node_id}
        for prop in sorted(nodes[node_id]):
            values = nodes[node_id][prop]
            node[prop] = sorted(values) if prop == "@type" else sorted(values, key=key)
        document.append(node)
    return json.dumps({"@context": context, "@graph": document}, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
