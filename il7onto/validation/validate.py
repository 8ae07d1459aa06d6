"""Validate the ontology, or users' files merged with it: SHACL shapes plus QC queries (pyoxigraph).

Two SHACL engines give the same results: ``engine="sparql"`` (default) runs the shapes compiled to
SPARQL (:mod:`il7onto.validation.shacl_sparql`) on a pyoxigraph store that users' files are loaded into
directly; ``engine="pyshacl"`` parses into rdflib and runs pyshacl (the reference; RDFS inference
always uses it).

>>> from il7onto.validation.validate import validate
>>> report = validate()                 # the bundled ontology
>>> report.conforms, report.exit_code
(True, 0)
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .checks import _store, qc_checks_in_shapes, qc_results, shapes_graph
from .findings import default_workers, findings
from .report import SH, Report, Result, finding_key, qc_source

if TYPE_CHECKING:
    import rdflib


def _read_all(paths: Iterable | None, input_format: str | None) -> list["rdflib.Graph"]:
    from ..core.userdata import read_rdf

    return [read_rdf(path, input_format) for path in paths or ()]


ENGINES = ("sparql", "pyshacl")


def validate(paths=None, *, input_format: str | None = None, inference: bool | str = False,
             strict: bool = False, graph: "rdflib.Graph | None" = None, engine: str = "sparql",
             include_bundled: bool = False, store_dir: "str | Path | None" = None,
             jobs: int | None = None) -> Report:
    """Validate the ontology, or the ontology merged with ``paths``, against the shapes and QC checks.

    With ``paths``, findings that the bundled ontology has on its own are set apart in
    ``Report.bundled`` (reported only with ``include_bundled``); the verdict is about the rest.
    Other arguments: see :func:`_validate`.
    """
    from ..core.bigstack import start

    inferred = bool(inference and inference != "none")
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs is not None and (engine != "sparql" or inferred):
        raise ValueError("jobs works with the default engine only (not engine='pyshacl', not inference)")
    if paths and engine == "sparql" and not inferred and (jobs or default_workers()) > 1:
        own = start(bundled_findings, engine, inferred)  # beside the load (that releases the GIL)
    else:
        own = partial(bundled_findings, engine, inferred)
    report = _validate(paths, input_format=input_format, inference=inference, strict=strict, graph=graph,
                       engine=engine, store_dir=store_dir, jobs=jobs)
    if paths:
        set_apart_bundled(report, own(), include_bundled)
    return report


def set_apart_bundled(report: Report, own: "Iterable[Result]", include_bundled: bool = False) -> Report:
    """Move the findings that the bundled ontology has on its own (``own``: :func:`bundled_findings`)
    into ``report.bundled`` (the same focus, path, value, severity and check; a store may word the
    message its own way)."""
    own = {finding_key(r) for r in own}
    foci = {key[0] for key in own}  # a cheap first test: most findings are about other nodes
    bundled = [r.focus in foci and finding_key(r) in own for r in report.results]
    report.bundled = [r for r, is_bundled in zip(report.results, bundled) if is_bundled]
    report.results = [r for r, is_bundled in zip(report.results, bundled) if not is_bundled]
    report.include_bundled = include_bundled
    return report


def bundled_findings(engine: str = "sparql", inference: bool | str = False) -> tuple[Result, ...]:
    """The findings of the bundled ontology on its own, once per process and setting (``inference``
    as :func:`validate` takes it; the default engine runs its checks one at a time, 0.1 s, usually
    beside the load of users' files)."""
    return _bundled_findings(engine, bool(inference and inference != "none"))


@cache
def _bundled_findings(engine: str, inference: bool) -> tuple[Result, ...]:  # one cache key per setting
    return tuple(_validate(None, inference=inference, engine=engine, jobs=1).results)


def _validate(paths=None, *, input_format: str | None = None, inference: bool | str = False,
              strict: bool = False, graph: "rdflib.Graph | None" = None, engine: str = "sparql",
              store_dir: "str | Path | None" = None, jobs: int | None = None) -> Report:
    """Every finding on the ontology, or the ontology merged with ``paths`` (bundled ones included).

    ``inference`` True (or "rdfs") runs RDFS inference before validation (with pyshacl, whatever
    ``engine`` says); ``strict`` makes warnings fail. ``engine`` is "sparql" (default: the shapes
    compiled to SPARQL on pyoxigraph) or "pyshacl" (the reference). ``graph`` validates a ready-made
    data graph instead (used by tests; it should include the ontology).

    ``store_dir`` (engine "sparql"): load into an on-disk pyoxigraph store in a fresh scratch
    directory inside ``store_dir`` (removed afterwards) instead of memory, for files larger than
    memory; chosen automatically, in the system's temporary directory, when the files total more
    than :func:`in_memory_limit` bytes.

    ``jobs`` (engine "sparql"): how many checks run at once, each on a thread of its own (default:
    :func:`il7onto.validation.findings.default_workers`); the findings do not depend on it.
    """
    from ..core.graph import load, store

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if inference and inference != "none":
        engine = "pyshacl"
    if engine == "sparql":
        workers = jobs or default_workers()
        if graph is not None:
            qc_store = _store(graph)
        else:
            if store_dir is None and sum(_size(path) for path in paths or ()) > in_memory_limit():
                import tempfile

                store_dir = tempfile.gettempdir()
            if store_dir is not None:
                return _validate_on_disk(paths or (), input_format, strict, Path(store_dir), workers)
            from ..core.userdata import is_empty, load_into_store

            qc_store = store()
            for path in paths or ():
                load_into_store(qc_store, path, input_format)  # checks (and refuses) each file first
            empty = [path for path in paths or () if is_empty(path, input_format)]
        return Report(results=findings(qc_store, workers=workers) + _empty_results(empty if graph is None else ()),
                      strict=strict)
    if graph is not None:
        data, qc_store = graph, _store(graph)
    else:
        from ..core.userdata import add_graph

        user_graphs = _read_all(paths, input_format)  # read (and refuse) users' files first
        empty = [path for path, user_graph in zip(paths or (), user_graphs) if len(user_graph) == 0]
        data, qc_store = load(), store()
        for user_graph in user_graphs:
            data += user_graph
            add_graph(qc_store, user_graph)
    inferred = bool(inference and inference != "none")
    # pyshacl runs the QC shapes too, but not on an RDFS-inferred graph: the QC checks never see inferred triples
    results = shacl_results(data, inference="rdfs" if inferred else "none", qc=not inferred)
    results += qc_results(store=qc_store, skip=frozenset() if inferred else qc_checks_in_shapes())
    if graph is None:
        results += _empty_results(empty)
    return Report(results=results, strict=strict)


def _empty_results(paths) -> list[Result]:
    """A warning for each user file that holds no triple (empty, or comments only): validating
    nothing is more often a wrong file than an intent. ``--strict`` turns it into a failure."""
    return [Result(focus=Path(path).resolve().as_uri(), severity="Warning", source="input:empty",
                   message="the file holds no triples (empty, or comments only): nothing of it was validated")
            for path in paths]


#: peak RSS of an in-memory validation / N-Triples size, measured at 1M triples (bench/RESULTS.md)
MEMORY_PER_INPUT_BYTE = 5


def in_memory_limit() -> int:
    """Input size (bytes) past which validation uses an on-disk store: half the memory available
    now (Linux ``MemAvailable``) divided by :data:`MEMORY_PER_INPUT_BYTE`; 1 GiB where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 // 2 // MEMORY_PER_INPUT_BYTE
    except OSError:
        pass
    return 1 << 30


def _size(path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the loader reports the unreadable file


def _validate_on_disk(paths, input_format: str | None, strict: bool, store_dir: Path, workers: int) -> Report:
    """Validate in an on-disk pyoxigraph store, in a scratch directory removed afterwards."""
    import tempfile

    import pyoxigraph

    from ..core.errors import InputError
    from ..core.resources import ontology_paths
    from ..core.userdata import load_into_store

    try:
        scratch = tempfile.TemporaryDirectory(prefix="il7onto-store-", dir=store_dir)
    except OSError as exc:
        raise InputError(f"--store {store_dir}: cannot create a store there: {exc.strerror or exc}") from None
    failure: BaseException | None = None
    with scratch as location:
        disk_store = pyoxigraph.Store(location)
        try:
            for path in ontology_paths():
                disk_store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
            for path in paths:
                load_into_store(disk_store, path, input_format, on_disk=True)
            results = findings(disk_store, workers=workers, finish_on_interrupt=True)
        except BaseException as exc:  # its traceback's frames hold the store open: drop them
            failure = exc.with_traceback(None)
            failure.__context__ = None
        finally:
            del disk_store  # close the database before its directory is removed (else RocksDB
            # may still write into it while it is removed: "Directory not empty")
    if failure is not None:
        raise failure
    from ..core.userdata import is_empty

    return Report(results=results + _empty_results([path for path in paths if is_empty(path, input_format)]),
                  strict=strict)


def shacl_results(data: "rdflib.Graph", inference: str = "none", qc: bool = False) -> list[Result]:
    """Run pyshacl on ``data`` and return its results: the SHACL Core shapes, and with ``qc`` also the
    QC checks that are SHACL-SPARQL shapes (their SPARQL targets are SHACL-AF: pyshacl then runs with
    ``advanced=True``; without it they have no focus node)."""
    import pyshacl
    from rdflib import Namespace, RDF

    from .shacl_shapes import node_text, path_text

    sh = Namespace(SH)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference=inference,
                                    abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=qc)
    if not hasattr(report, "subjects"):  # pyshacl returns (not raises) a failure for broken shapes
        raise RuntimeError(f"SHACL validation failed to run: {report}")
    results = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        def one(prop):
            value = report.value(node, prop)
            return None if value is None else node_text(value)

        severity = report.value(node, sh.resultSeverity)
        results.append(Result(
            focus=one(sh.focusNode), message=one(sh.resultMessage) or "",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            path=path_text(report, report.value(node, sh.resultPath)), value=one(sh.value),
            source=qc_source(one(sh.sourceShape)),
            component=one(sh.sourceConstraintComponent), value_term=report.value(node, sh.value)))
    return sorted(results, key=lambda r: (r.focus, r.source or "", r.message, r.value or ""))
