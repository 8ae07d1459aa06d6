"""One query interface, three backends: embedded pyoxigraph (default), rdflib, a remote endpoint.

Every backend returns a :class:`Result` of pyoxigraph terms, so answers compare across backends.
Parameters arrive already bound as RDF terms (see :meth:`il7onto.sparql.catalog.QueryDef.bind`), so the
same query text runs on every backend.
"""

from __future__ import annotations

from contextvars import ContextVar

from ..core.errors import UnsafeInputError, UsageError

TYPE_CHECKING = False  # typing stays off the cold query path (~3 ms): Answer and Backend are for type hints
if TYPE_CHECKING:
    from typing import Any, Protocol, Union

    from .sparql_guard import VettedQuery


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


if TYPE_CHECKING:
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


def check_safe(query: str) -> "VettedQuery":
    """Vet a user's query (see :mod:`il7onto.sparql.sparql_guard`): exit 4 for SERVICE / FROM / LOAD, exit 3
    for syntax errors and nesting beyond the limit. Returns the query as the engines must run it."""
    from .sparql_guard import vet

    return vet(query)


# --- backends ----------------------------------------------------------------------------------


class OxigraphBackend:
    """The embedded default: pyoxigraph over an in-memory store of the ontology."""

    name = "oxigraph"

    def __init__(self, store=None):
        if store is None:
            from ..core.graph import store as load_store

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


_RDFLIB_MAY_FETCH: ContextVar[bool] = ContextVar("il7onto_rdflib_may_fetch", default=True)


def _refuse_service(ctx, part):
    """rdflib custom evaluation (defence in depth): SERVICE is never evaluated inside il7onto's engine."""
    if part.name == "ServiceGraphPattern" and not _RDFLIB_MAY_FETCH.get():
        raise UnsafeInputError("the rdflib engine refused to evaluate SERVICE: il7onto never lets a query "
                               "fetch remote or local resources; pass --allow-remote to permit it")
    raise NotImplementedError  # not ours: rdflib evaluates the part as usual


class RdflibBackend:
    """rdflib's SPARQL engine over the ontology graph (slower; the reference implementation).

    Unless ``execute`` is called with ``may_fetch=True``, the engine itself cannot fetch: a
    custom evaluation refuses SERVICE and a dataset clause (FROM, which rdflib would download)
    is refused before evaluation, whatever text reached it. Other rdflib users in the process
    are unaffected (the switch is a context variable, off outside ``execute``).
    """

    name = "rdflib"

    def __init__(self, graph=None):
        from rdflib.plugins.sparql import CUSTOM_EVALS

        if graph is None:
            from ..core.graph import load

            graph = load()
        self.graph = graph
        CUSTOM_EVALS.setdefault("il7onto-refuse-service", _refuse_service)

    def execute(self, query: "str | VettedQuery", prefixes: dict[str, str] | None = None, *,
                may_fetch: bool = False) -> Answer:
        import pyoxigraph
        from pyparsing import ParseException
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery

        token = _RDFLIB_MAY_FETCH.set(may_fetch)
        text = query if isinstance(query, str) else query.text
        try:
            parsed = parseQuery(query) if isinstance(query, str) else query.parsed
            try:  # the ontology's prefixes are known without PREFIX lines, as on the other engines
                namespaces: dict[str, Any] = dict(self.graph.namespaces()) if prefixes is None else dict(prefixes)
                prepared = translateQuery(parsed, initNs=namespaces)
            except Exception as exc:  # rdflib raises a bare Exception for an undeclared prefix
                from .syntax_errors import undeclared_prefix

                error = undeclared_prefix(str(exc), "")
                if error is None:
                    raise
                raise error from None
            if dict.get(prepared.algebra, "datasetClause") and not may_fetch:  # CompValue.get has no default
                raise UnsafeInputError("the rdflib engine refused FROM: il7onto never lets a query fetch remote "
                                       "or local resources; pass --allow-remote to permit it")
            result = self.graph.query(prepared)
            # rdflib evaluates lazily: the answer is drawn while the switch is still set
            if result.type == "ASK":
                return bool(result.askAnswer)
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return Triples(pyoxigraph.Triple(*map(_from_rdflib, triple)) for triple in result.graph)
            variables = tuple(str(v) for v in result.vars)
            rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(variables))) for row in result)
        except ParseException as exc:
            from .syntax_errors import syntax_error

            raise syntax_error(text, exc.lineno, exc.col, exc.msg) from None
        finally:
            _RDFLIB_MAY_FETCH.reset(token)
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
