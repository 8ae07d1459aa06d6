"""Validate the data held by a SPARQL 1.1 endpoint: the compiled shapes and QC checks run at the store.

Nothing is downloaded but the results: every check of :mod:`il7onto.validation.shacl_sparql` and every QC query
(shapes/qc/*.rq) is POSTed to the endpoint through :class:`il7onto.sparql.remote.RemoteBackend`, with the
named graphs given (``default-graph-uri``, merged by the store into one default graph). The results are
identical to validating the same triples locally (tests/validation/test_endpoint_validation.py checks every
broken fixture on Oxigraph server and Virtuoso).

Long result sets are paged: each check is wrapped as
``SELECT vars WHERE { { check } } ORDER BY vars LIMIT n OFFSET k`` (the order makes the pages
disjoint and complete; stores that cap result sets, such as Virtuoso's ``ResultSetMaxRows``, would
otherwise truncate silently), and the next page is asked for only while a page comes back full.
The store's errors, refusals and timeouts raise :class:`~il7onto.core.errors.RemoteError` (exit 5).

>>> from il7onto.validation.endpoint_validation import split_prologue
>>> split_prologue("# c\\nPREFIX a: <http://a/>\\nSELECT * WHERE { ?s ?p ?o }")
('# c\\nPREFIX a: <http://a/>\\n', 'SELECT * WHERE { ?s ?p ?o }')
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from ..core.errors import RemoteError
from ..core.namespaces import PREFIXES
from .shacl_shapes import classes_used
from .report import Report
from .checks import shapes_graph

SUBCLASS_OF = PREFIXES["rdfs"] + "subClassOf"

PAGE_SIZE = 10_000

# SPARQL 1.1 grammar [4] Prologue: comments, whitespace, PREFIX and BASE declarations.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^<>\"{}|^`\\\s]*>|BASE\s*<[^<>\"{}|^`\\\s]*>)*",
                       re.IGNORECASE)


def split_prologue(query: str) -> tuple[str, str]:
    """(prologue, rest): the PREFIX/BASE declarations and comments, and the query form that follows."""
    end = _PROLOGUE.match(query).end()
    return query[:end], query[end:]


def page_query(query: str, variables: Sequence[str], limit: int, offset: int) -> str:
    """``query`` as a sub-select, its rows ordered by ``variables``, one page of them."""
    prologue, body = split_prologue(query)
    projection = " ".join(f"?{name}" for name in variables)
    return (f"{prologue}SELECT {projection} WHERE {{\n{{\n{body}\n}}\n}}\n"
            f"ORDER BY {projection}\nLIMIT {limit} OFFSET {offset}\n")


class PagedSelect:
    """``select(query, variables)`` for :func:`il7onto.validation.findings.findings` and
    :func:`il7onto.validation.checks.qc_results`, running each query page by page at a remote store."""

    def __init__(self, backend, page_size: int = PAGE_SIZE):
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.backend = backend
        self.page_size = page_size
        self.requests = 0

    def __call__(self, query: str, variables: Sequence[str]) -> Iterator[dict]:
        offset = 0
        while True:
            self.requests += 1
            result = self.backend.select(page_query(query, variables, self.page_size, offset))
            index = {name: position for position, name in enumerate(result.variables)}
            for row in result.rows:
                yield {name: row[index[name]] if name in index else None for name in variables}
            if len(result.rows) < self.page_size:
                return
            if len(result.rows) > self.page_size:
                raise RemoteError(f"{self.backend.endpoint}: answered {len(result.rows)} rows to a "
                                  f"LIMIT {self.page_size} query")
            offset += self.page_size


def validate_endpoint(endpoint: str, graphs: Sequence[str] = (), *, strict: bool = False,
                      page_size: int = PAGE_SIZE, timeout: float = 60.0, user: str | None = None,
                      password: str | None = None, backend=None, include_bundled: bool = False) -> Report:
    """Validate the triples at ``endpoint`` (the merge of ``graphs``, else the store's default graph)
    against the shapes and QC checks, as :func:`il7onto.validation.validate.validate` does locally.

    The store must hold the ontology too (``il7onto load`` puts it in the graph
    https://w3id.org/il7onto/il7onto.owl; name that graph among ``graphs``): the class hierarchy and
    the declarations the checks read come from it. Findings the bundled ontology has on its own
    are set apart as locally (listed only with ``include_bundled``).
    """
    from .findings import findings
    from .validate import bundled_findings, set_apart_bundled

    select, checks = _prepare(endpoint, graphs, page_size, timeout, user, password, backend)
    report = Report(results=findings(select=select, checks=checks), strict=strict)  # one request at a time
    return set_apart_bundled(report, bundled_findings(), include_bundled)


def endpoint_findings(endpoint: str, graphs: Sequence[str] = (), *, page_size: int = PAGE_SIZE,
                      timeout: float = 60.0, user: str | None = None, password: str | None = None,
                      backend=None) -> Iterator[list]:
    """The findings at ``endpoint`` as they come: one sorted batch per compiled check, then the QC
    findings (bundled ones included; see :func:`il7onto.validation.report_lines.write_lines`). Together they
    are the results of :func:`validate_endpoint`, in check order."""
    from .checks import qc_results
    from .findings import compiled_results

    select, checks = _prepare(endpoint, graphs, page_size, timeout, user, password, backend)
    for check in checks:
        yield compiled_results(None, (check,), select=select)
    yield qc_results(select=select)


def _prepare(endpoint, graphs, page_size, timeout, user, password, backend):
    """The paged ``select`` at the store, and the checks compiled with the store's subclasses."""
    from ..sparql.remote import RemoteBackend
    from .shacl_sparql import compile_shapes

    backend = backend or RemoteBackend(endpoint, graph=tuple(graphs), timeout=timeout, user=user, password=password)
    select = PagedSelect(backend, page_size)
    return select, compile_shapes(shapes_graph(), subclasses=subclasses_at(select))


def subclasses_at(select) -> dict[str, tuple[str, ...]]:
    """For every class the shapes name, its subclasses in the store (one query per class, the class a
    constant: Virtuoso 7.2 evaluates ``rdfs:subClassOf*`` inside EXISTS as never matching, and
    refuses it with neither end constant)."""
    closure = {}
    for cls in classes_used(shapes_graph()):
        rows = select(f"SELECT DISTINCT ?sub WHERE {{ ?sub <{SUBCLASS_OF}>* <{cls}> }}", ("sub",))
        closure[cls] = tuple(sorted({row["sub"].value for row in rows if row["sub"] is not None
                                     and type(row["sub"]).__name__ == "NamedNode"}))
    return closure
