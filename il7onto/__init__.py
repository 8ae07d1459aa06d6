"""il7onto: the review "IL-7: Comprehensive review" (Cytokine 2022;160:156049, PMID 36201890)
as an aligned, sourced OWL ontology, with SHACL shapes and packaged SPARQL queries.

>>> import il7onto
>>> graph = il7onto.load()            # rdflib Graph of the whole ontology
>>> rows = il7onto.query("signaling-pathways")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .graph import load, store

if TYPE_CHECKING:
    from .engine import Backend, Result

# The single source of the version: pyproject.toml reads it from here (hatch), and a test checks
# that the ontology's owl:versionInfo agrees. A literal keeps importlib.metadata off the start-up path.
__version__ = "0.1.0"

__all__ = ["__version__", "load", "store", "query"]


def query(name: str, /, *, engine: Backend | str = "oxigraph", **params: object) -> Result:
    """Run a packaged query by name and return its rows (see :func:`il7onto.queries.run`)."""
    from .queries import run

    return run(name, engine=engine, **params)
