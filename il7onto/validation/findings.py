"""Running a validation's checks: the compiled SHACL checks (:mod:`il7onto.validation.shacl_sparql`)
and the QC checks, together on worker threads, on a pyoxigraph store or through an endpoint's
``select``; their rows become :class:`il7onto.validation.report.Result` objects.

pyoxigraph releases the GIL while it evaluates a query, so two workers run two checks at once (at
1M triples the checks take 6.6 s one at a time and 4.1 s on two cores: bench/RESULTS.md). The
findings do not depend on the number of workers: each check's results are collected apart, then
sorted.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .checks import _oxi, qc_tasks, sort_qc, store_select
from .report import Result

if TYPE_CHECKING:
    import pyoxigraph

    from .shacl_sparql import Check

#: workers when none are asked for: the CPUs available, at most this many (each running check holds
#: its intermediate results in memory)
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """The CPUs this process may run on, at most :data:`MAX_DEFAULT_WORKERS`."""
    from ..core.bigstack import available_cpus

    return min(MAX_DEFAULT_WORKERS, available_cpus())


def findings(store=None, *, select=None, checks=None, skip: frozenset[str] = frozenset(),
             workers: int = 1, finish_on_interrupt: bool = False) -> list:
    """The SHACL results (pyshacl's order), then the QC results (but the QC checks named in ``skip``),
    of running every check on ``store`` or through ``select(query, variables)``, on ``workers``
    threads. ``checks``: the compiled SHACL checks (default: the bundled shapes').
    ``finish_on_interrupt``: on Ctrl-C, let the checks under way end first (an on-disk ``store``
    must be closed before its directory is removed)."""
    from ..core.bigstack import call_each
    from .shacl_sparql import compiled

    select = select or store_select(store)
    qc = qc_tasks(select, skip)  # first: the costliest start first (bench/RESULTS.md, per-check table)
    shacl = [partial(shacl_check_results, check, select) for check in (compiled() if checks is None else checks)]
    done = call_each(qc + shacl, workers, finish_on_interrupt=finish_on_interrupt)
    return (sort_results([result for results in done[len(qc):] for result in results])
            + sort_qc([result for results in done[:len(qc)] for result in results]))


def compiled_results(store: "pyoxigraph.Store | None", checks: "tuple[Check, ...] | None" = None, select=None):
    """Run the compiled SHACL checks (default: the bundled shapes') on ``store``, one at a time; return
    their results, sorted like pyshacl's.

    ``select(query, variables)`` runs one check elsewhere (e.g. at a SPARQL endpoint,
    :mod:`il7onto.validation.endpoint_validation`); it yields rows that map each variable to a term or None.
    """
    from .shacl_sparql import compiled

    select = select or store_select(store)
    return sort_results([result for check in (compiled() if checks is None else checks)
                         for result in shacl_check_results(check, select)])


def row_variables(check: "Check") -> tuple[str, ...]:
    """The variables a check's rows carry (what a paged query orders by)."""
    return ("focus", "value") if check.value and not check.focus_is_value else ("focus",)


def shacl_check_results(check: "Check", select) -> list[Result]:
    """The validation results of one compiled check, its query run through ``select``."""
    results = []
    for row in select(check.sparql, row_variables(check)):
        term = row["focus"] if check.focus_is_value else (row["value"] if check.value else None)
        results.append(Result(focus=_oxi(row["focus"]), message=check.message, severity=check.severity,
                              path=check.path, value=_oxi(term), source=check.shape, component=check.component,
                              value_term=term))
    return results


def sort_results(results: list[Result]) -> list[Result]:
    """SHACL results in pyshacl's order."""
    return sorted(results, key=lambda r: (r.focus, r.source or "", r.message, r.value or ""))
