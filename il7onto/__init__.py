"""il7onto: the review "IL-7: Comprehensive review" (Cytokine 2022;160:156049, PMID 36201890)
as an aligned, sourced OWL ontology, with SHACL shapes and packaged SPARQL queries.

>>> import il7onto
>>> graph = il7onto.load()            # rdflib Graph of the whole ontology
>>> rows = il7onto.query("signaling-pathways")

The public API is exactly the names in ``__all__`` (README, "Python"). Everything else (the
subpackages ``core``, ``sparql``, ``validation``, ``publish``, ``endpoint``, ``cli`` and their
modules) is internal and may change in any release. Every function here imports its implementation
on first call, so ``import il7onto`` stays as cheap as the launcher needs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up (~3 ms)

if TYPE_CHECKING:  # for the type hints only: nothing below is imported at run time
    import os
    from typing import Any
    from collections.abc import Iterable
    from pathlib import Path

    import pandas
    import pyoxigraph
    import rdflib

    from .core.errors import Il7ontoError
    from .sparql.engine import Answer, Backend, Result, Triples
    from .validation.reasoning import ReasonerReport
    from .validation.report import Report

# The single source of the version: pyproject.toml reads it from here (hatch), and a test checks
# that the ontology's owl:versionInfo agrees. A literal keeps importlib.metadata off the start-up path.
__version__ = "0.1.0"

__all__ = ["__version__", "load", "store", "query", "query_text", "backend", "validate", "reason", "export",
           "to_dataframe", "Result", "Triples", "Il7ontoError"]

# Classes of the API, imported on first access (PEP 562): name -> (module, attribute).
_LAZY = {"Result": ("il7onto.sparql.engine", "Result"), "Triples": ("il7onto.sparql.engine", "Triples"),
         "Il7ontoError": ("il7onto.core.errors", "Il7ontoError")}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'il7onto' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def load() -> rdflib.Graph:
    """The whole ontology (all modules merged) as a new rdflib ``Graph``."""
    from .core.graph import load as load_graph

    return load_graph()


def store() -> pyoxigraph.Store:
    """The whole ontology loaded into a new in-memory pyoxigraph ``Store``."""
    from .core.graph import store as load_store

    return load_store()


def query(name: str, /, *, engine: Backend | str = "oxigraph", **params: object) -> Result:
    """Run the packaged query ``name`` (``il7onto queries`` lists them) and return its rows.

    ``engine``: ``"oxigraph"`` (default), ``"rdflib"``, or a backend from :func:`backend`.
    Parameters take the forms the tables print (``gene="NCBIGene:3574"``), bare ids (``gene=3574``)
    and full IRIs.
    """
    from .sparql.queries import run

    return run(name, engine=engine, **params)


def query_text(text: str, /, *, engine: Backend | str = "oxigraph", allow_remote: bool = False) -> Answer:
    """Run your own SPARQL query: a :class:`Result` for SELECT, a bool for ASK, :class:`Triples` for
    CONSTRUCT and DESCRIBE. The ontology's prefixes are declared unless the query declares them;
    SERVICE, FROM and LOAD are refused unless ``allow_remote``."""
    from .sparql.queries import run_text

    return run_text(text, engine=engine, allow_remote=allow_remote)


def backend(name: str = "oxigraph", **options: Any) -> Backend:
    """A query engine by name for :func:`query` / :func:`query_text`: ``"oxigraph"``, ``"rdflib"``
    or ``"remote"`` (``endpoint=URL``, optional ``graph=IRI``, ``protocol="direct"``)."""
    from .sparql.queries import backend as make_backend

    return make_backend(name, **options)


def validate(paths: Iterable[str | os.PathLike[str]] | None = None, *, input_format: str | None = None,
             inference: bool | str = False, strict: bool = False, engine: str = "sparql",
             include_bundled: bool = False, jobs: int | None = None) -> Report:
    """Validate the ontology, or your files merged with it, against the SHACL shapes and QC checks.

    Returns a report (``.conforms``, ``.exit_code``, ``.results``, ``.render("text"|"json"|"turtle")``);
    findings the bundled ontology has on its own are set apart unless ``include_bundled``.
    ``engine``: ``"sparql"`` (default, the shapes compiled to SPARQL) or ``"pyshacl"``. ``jobs``: how
    many checks run at once (default engine; default: the CPUs available, at most 4).
    """
    from .validation.validate import validate as run

    return run(list(paths) if paths is not None else None, input_format=input_format, inference=inference,
               strict=strict, engine=engine, include_bundled=include_bundled, jobs=jobs)


def reason(paths: Iterable[str | os.PathLike[str]] | None = None, *, input_format: str | None = None) -> ReasonerReport:
    """Classify the ontology (or your files merged with it) with HermiT (needs Java): a report of
    unsatisfiable classes, inconsistency and OWL 2 DL profile issues (``.ok``, ``.exit_code``)."""
    from .validation.reasoning import reason as run

    return run(list(paths) if paths is not None else None, input_format=input_format)


def export(fmt: str, output: str | os.PathLike[str]) -> list[Path]:
    """Write the ontology in ``fmt`` (turtle, ntriples, nquads, rdfxml, jsonld, obo, obographs, sssom,
    kgx, nanopub) to ``output`` (for kgx a folder) and return the paths written."""
    from .publish.export import write

    return write(fmt, output)


def to_dataframe(result: Result) -> pandas.DataFrame:
    """A query's :class:`Result` as a pandas ``DataFrame`` of lexical values (needs pandas)."""
    from .sparql.frames import to_dataframe as convert

    return convert(result)
