"""Run packaged or user-written SPARQL queries against the ontology."""

from __future__ import annotations

from functools import cache

from .catalog import catalog, get
from .engine import LOCAL_ENGINES, Answer, Backend, Result, Triples, backend, check_safe
from .namespaces import PREFIXES

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
    :data:`il7onto.namespaces.PREFIXES`) are declared for it unless it declares them itself.
    SERVICE / FROM / LOAD are refused unless ``allow_remote``.

    >>> run_text("ASK { il7:IL7 rdfs:label ?label }")
    True
    """
    if not allow_remote:
        check_safe(query)
    return _backend(engine).execute(query, prefixes=dict(PREFIXES))


def _backend(engine: Backend | str) -> Backend:
    if not isinstance(engine, str):
        return engine
    return _bundled(engine) if engine in LOCAL_ENGINES else backend(engine)


@cache
def _bundled(name: str) -> Backend:
    """One local engine over the bundled ontology per process: queries only read it (SELECT)."""
    return backend(name)
