"""Run packaged or user-written SPARQL queries against the ontology."""

from __future__ import annotations

from functools import cache

from .catalog import catalog, get
from .engine import LOCAL_ENGINES, OxigraphBackend, RdflibBackend, Result, Triples, check_safe
from ..core.errors import UsageError
from ..core.namespaces import PREFIXES

TYPE_CHECKING = False  # typing stays off the cold query path
if TYPE_CHECKING:
    from typing import Any

    from .engine import Answer, Backend

__all__ = ["run", "run_text", "catalog", "Result", "Triples"]


def run(name: str, /, *, engine: Backend | str = "oxigraph", **params: object) -> Result:
    """Run the packaged query ``name``; returns a :class:`Result`.

    Parameters take every form the tables print (``gene="NCBIGene:3574"``, ``entity="il7:IL7"``),
    bare ids (``gene=3574``, an int too), full IRIs, and choices in any case (``vocabulary="mesh"``).

    >>> rows = run("entity-by-gene", gene=3574)
    """
    return _backend(engine).select(get(name).bind(params))


def run_text(query: str, *, engine: Backend | str = "oxigraph", allow_remote: bool = False) -> Answer:
    """Run a user's query: a :class:`Result` for SELECT, a bool for ASK, :class:`Triples` for
    CONSTRUCT and DESCRIBE. The ontology's prefixes (il7, rdfs, skos, obo, mesh ... see
    :data:`il7onto.core.namespaces.PREFIXES`) are declared for it unless it declares them itself.

    The query is vetted by :func:`il7onto.sparql.sparql_guard.vet` (a real parse) before any engine sees it:
    SERVICE / FROM / LOAD are refused (exit 4) unless ``allow_remote``; queries nested deeper than
    :data:`il7onto.sparql.sparql_guard.MAX_NESTING` are refused either way (exit 3).

    >>> run_text("ASK { il7:IL7 rdfs:label ?label }")
    True
    """
    from ..core.bigstack import call  # a deep query cannot crash the process
    from .sparql_guard import check_nesting, normalise  # not on the packaged-query fast path

    chosen, prefixes = _backend(engine), dict(PREFIXES)
    if allow_remote:
        check_nesting(query)  # exit 3: deep nesting crashes parsers, fetching allowed or not
        text = normalise(query)  # every engine reads the same query (escapes expanded as the spec says)
        if isinstance(chosen, RdflibBackend):
            return call(chosen.execute, text, prefixes=prefixes, may_fetch=True)
        return call(chosen.execute, text, prefixes=prefixes)
    vetted = check_safe(query)  # exit 4 / exit 3; vetted.text is what every engine must run
    return call(chosen.execute, vetted if isinstance(chosen, RdflibBackend) else vetted.text, prefixes=prefixes)


def _backend(engine: Backend | str) -> Backend:
    if not isinstance(engine, str):
        return engine
    return _bundled(engine) if engine in LOCAL_ENGINES else backend(engine)


@cache
def _bundled(name: str) -> Backend:
    """One local engine over the bundled ontology per process: queries only read it (SELECT)."""
    return backend(name)


def backend(name: str = "oxigraph", **options: Any) -> Backend:
    """Create a backend by name: ``oxigraph`` (default), ``rdflib`` or ``remote`` (needs ``endpoint``)."""
    if name == "oxigraph":
        return OxigraphBackend(**options)
    if name == "rdflib":
        return RdflibBackend(**options)
    if name == "remote":
        from .remote import RemoteBackend

        return RemoteBackend(**options)
    raise UsageError(f"unknown backend {name!r}; choose oxigraph, rdflib or remote")
