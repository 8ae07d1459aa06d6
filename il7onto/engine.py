"""One query interface, three backends: embedded pyoxigraph (default), rdflib, a remote endpoint.

Every backend returns a :class:`Result` of pyoxigraph terms, so answers compare across backends.
Parameters arrive already bound as RDF terms (see :meth:`il7onto.catalog.QueryDef.bind`), so the
same query text runs on every backend.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, Union

from .errors import UnsafeInputError, UsageError


class Result:
    """A SELECT result: variable names and rows of pyoxigraph terms (None where unbound)."""

    __slots__ = ("variables", "rows")

    def __init__(self, variables: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]):
        self.variables, self.rows = tuple(variables), tuple(rows)

    def __eq__(self, other) -> bool:
        return isinstance(other, Result) and (self.variables, self.rows) == (other.variables, other.rows)

    def __repr__(self) -> str:
        return f"Result(variables={self.variables!r}, {len(self.rows)} rows)"

    def __iter__(self):
        return (dict(zip(self.variables, row)) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[dict[str, str | None]]:
        """Rows as plain dicts of lexical values (IRIs as strings)."""
        return [{var: (None if term is None else term.value) for var, term in zip(self.variables, row)}
                for row in self.rows]


class Triples(tuple):
    """A CONSTRUCT or DESCRIBE answer: a tuple of pyoxigraph Triples."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Triples({len(self)} triples)"


Answer = Union[Result, bool, Triples]  # SELECT, ASK, CONSTRUCT / DESCRIBE


class Backend(Protocol):
    """What a backend provides: a ``name``, ``execute(query, prefixes=None) -> Answer`` for any
    query form, and ``select(query) -> Result`` for SELECT only."""

    name: str

    def execute(self, query: str, prefixes: dict[str, str] | None = None) -> Answer: ...

    def select(self, query: str) -> Result: ...


def only_select(answer: Answer) -> Result:
    """``answer`` if it is a SELECT result; a usage error otherwise."""
    if not isinstance(answer, Result):
        raise UsageError("only SELECT queries are supported here")
    return answer


# --- safety of user-supplied query text ---------------------------------------------------------

_TOKENS = re.compile(
    r'''(?P<comment>\#[^\n]*)|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<word>[A-Za-z_][\w-]*)''',
)
_FORBIDDEN = {"SERVICE", "FROM", "LOAD"}


def check_safe(query: str) -> None:
    """Refuse query text that could make the engine fetch remote or local resources.

    SERVICE, FROM / FROM NAMED and LOAD are recognised as keywords outside comments, strings
    and IRIs; any of them raises :class:`UnsafeInputError` (exit 4).
    """
    for match in _TOKENS.finditer(query):
        word = match.group("word")
        if word and word.upper() in _FORBIDDEN:
            line = query.count("\n", 0, match.start()) + 1
            raise UnsafeInputError(
                f"query uses {word.upper()} (line {line}): il7onto never lets a query fetch remote or local "
                "resources; pass --allow-remote to permit it"
            )


# --- backends ----------------------------------------------------------------------------------


class OxigraphBackend:
    """The embedded default: pyoxigraph over an in-memory store of the ontology."""

    name = "oxigraph"

    def __init__(self, store=None):
        if store is None:
            from .graph import store as load_store

            store = load_store()
        self.store = store

    def execute(self, query: str, prefixes: dict[str, str] | None = None) -> Answer:
        import pyoxigraph

        try:
            answer = self.store.query(query, prefixes=prefixes)
        except SyntaxError as exc:
            from .syntax_errors import explain

            raise explain(query, prefixes, str(exc)) from None
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return bool(answer)
        if isinstance(answer, pyoxigraph.QueryTriples):
            return Triples(answer)
        variables = tuple(v.value for v in answer.variables)
        return Result(variables, tuple(tuple(solution[v] for v in variables) for solution in answer))

    def select(self, query: str) -> Result:
        return only_select(self.execute(query))


class RdflibBackend:
    """rdflib's SPARQL engine over the ontology graph (slower; the reference implementation)."""

    name = "rdflib"

    def __init__(self, graph=None):
        if graph is None:
            from .graph import load

            graph = load()
        self.graph = graph

    def execute(self, query: str, prefixes: dict[str, str] | None = None) -> Answer:
        import pyoxigraph
        from pyparsing import ParseException

        try:
            result = self.graph.query(query, initNs=prefixes or {})
        except ParseException as exc:
            from .syntax_errors import syntax_error

            raise syntax_error(query, exc.lineno, exc.col, exc.msg) from None
        except Exception as exc:  # rdflib reports an undeclared prefix as a bare Exception
            from .syntax_errors import undeclared_prefix

            error = undeclared_prefix(str(exc), "")
            if error is None:
                raise
            raise error from None
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Triples(pyoxigraph.Triple(*map(_from_rdflib, triple)) for triple in result.graph)
        variables = tuple(str(v) for v in result.vars)
        rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(variables))) for row in result)
        return Result(variables, rows)

    def select(self, query: str) -> Result:
        return only_select(self.execute(query))


def _from_rdflib(term):
    import pyoxigraph
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(datatype)))


LOCAL_ENGINES = ("oxigraph", "rdflib")  # embedded engines over the bundled ontology


def backend(name: str = "oxigraph", **options) -> Backend:
    """Create a backend by name: ``oxigraph`` (default), ``rdflib`` or ``remote`` (needs ``endpoint``)."""
    if name == "oxigraph":
        return OxigraphBackend(**options)
    if name == "rdflib":
        return RdflibBackend(**options)
    if name == "remote":
        from .remote import RemoteBackend

        return RemoteBackend(**options)
    raise UsageError(f"unknown backend {name!r}; choose oxigraph, rdflib or remote")
