"""Run packaged or user-written SPARQL queries against the ontology."""

from __future__ import annotations

from functools import cache

from .catalog import catalog, get
from .engine import LOCAL_ENGINES, Backend, RdflibBackend, Result, backend, check_safe

__all__ = ["run", "run_text", "catalog", "Result"]


def run(name: str, /, *, engine: Backend | str = "oxigraph", **params: str) -> Result:
    """Run the packaged query ``name`` with string parameters; returns a :class:`Result`.

    >>> rows = run("entity-by-gene", gene="3574")
    """
    return _backend(engine).select(get(name).bind(params))


def run_text(query: str, *, engine: Backend | str = "oxigraph", allow_remote: bool = False) -> Result:
    """Run a user's SELECT query; SERVICE / FROM / LOAD are refused (exit 4) unless ``allow_remote``.

    The query is vetted by :func:`il7onto.sparql_guard.vet` (a real parse) before any engine sees it;
    queries nested deeper than :data:`il7onto.sparql_guard.MAX_NESTING` are refused either way (exit 3).
    """
    from .bigstack import call  # a deep query cannot crash the process
    from .sparql_guard import check_nesting, normalise  # not on the packaged-query fast path

    chosen = _backend(engine)
    if allow_remote:
        check_nesting(query)  # exit 3: deep nesting crashes parsers, fetching allowed or not
        query = normalise(query)  # every engine reads the same query (escapes expanded as the spec says)
        if isinstance(chosen, RdflibBackend):
            return call(chosen.select, query, may_fetch=True)
        return call(chosen.select, query)
    vetted = check_safe(query)  # exit 4 / exit 3; vetted.text is what every engine must run
    return call(chosen.select, vetted if isinstance(chosen, RdflibBackend) else vetted.text)


def _backend(engine: Backend | str) -> Backend:
    if not isinstance(engine, str):
        return engine
    return _bundled(engine) if engine in LOCAL_ENGINES else backend(engine)


@cache
def _bundled(name: str) -> Backend:
    """One local engine over the bundled ontology per process: queries only read it (SELECT)."""
    return backend(name)
