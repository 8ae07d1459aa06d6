"""Queries of `il7onto serve` run in worker processes that are killed at their deadline.

Python cannot stop a running thread, and pyoxigraph offers no cancellation, so each query runs in
one of a fixed set of worker processes, each ``python -m il7onto.endpoint.query_workers`` talking over its
standard input and output with ``multiprocessing.connection`` (no fork of a threaded server, and
unlike ``multiprocessing``'s spawn it never re-imports the caller's ``__main__``, so it also works
from ``python -c``, stdin or an unguarded script). Each worker loads the ontology once, into its
named graph. At the deadline the server
kills the worker (SIGKILL: its CPU and memory are returned at once) and starts a replacement in
the background; the slot comes back when the replacement has loaded the ontology.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from ..core import conneg

SELECT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat name; order = preference for */*
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
    "application/xml": "XML",
}
GRAPH_TYPES = {  # media type -> pyoxigraph RdfFormat name (CONSTRUCT / DESCRIBE)
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
    "text/n3": "N3",
    "text/plain": "N_TRIPLES",
}


def dataset_store():
    """The ontology in its named graph (as after `il7onto load`), in a new in-memory store."""
    import pyoxigraph

    from ..core.namespaces import ONTOLOGY_IRI
    from ..core.resources import ontology_paths

    store = pyoxigraph.Store()
    for path in ontology_paths():
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode(ONTOLOGY_IRI))
    return store


def run(store, query: str, accept: str, default_graphs: list[str], named_graphs: list[str]):
    """Vet and run one query; (status, body, content type). The dataset follows the SPARQL 1.1 Protocol.

    Vetting (:func:`il7onto.sparql.sparql_guard.vet`) refuses SERVICE / FROM / LOAD (403) and too deep
    nesting (400); it runs here, in the worker, so the deadline stops a slow parse as well.

    Without ``default-graph-uri`` / ``named-graph-uri`` the default graph is the union of all
    graphs and every named graph is visible; with either, the dataset is exactly what they name.
    """
    import pyoxigraph

    from ..core.errors import InputError, UnsafeInputError
    from ..sparql.sparql_guard import vet

    try:
        query = vet(query).text  # nesting bounded before parsing; the expanded text is what runs
    except UnsafeInputError as exc:
        return 403, f"refused: {exc}\n", "text/plain; charset=utf-8"
    except InputError as exc:
        return 400, f"{exc}\n", "text/plain; charset=utf-8"
    options: dict = {"use_default_graph_as_union": True}
    if default_graphs or named_graphs:
        options = {"default_graph": [pyoxigraph.NamedNode(iri) for iri in default_graphs],
                   "named_graphs": [pyoxigraph.NamedNode(iri) for iri in named_graphs]}
    try:
        result = store.query(query, **options)
    except SyntaxError as exc:
        return 400, f"SPARQL syntax error: {exc}\n", "text/plain; charset=utf-8"
    except (OSError, ValueError, RuntimeError) as exc:
        return 400, f"query failed: {exc}\n", "text/plain; charset=utf-8"
    if isinstance(result, (pyoxigraph.QuerySolutions, pyoxigraph.QueryBoolean)):
        table, formats = SELECT_TYPES, pyoxigraph.QueryResultsFormat
    else:
        table, formats = GRAPH_TYPES, pyoxigraph.RdfFormat
    media = conneg.choose(accept, list(table))
    if media is None:
        return 406, "not acceptable: this answer is available as " + ", ".join(table) + "\n", "text/plain; charset=utf-8"
    return 200, result.serialize(format=getattr(formats, table[media])), f"{media}; charset=utf-8"


def _work() -> None:
    """The worker process: its main loop on a large-stack thread (:mod:`il7onto.core.bigstack`), so a
    query of 3,000 chained BINDs is answered instead of ending the worker with a segfault."""
    import signal

    from ..core.bigstack import call

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it kills the workers
    call(_answer_requests)


def _answer_requests() -> None:
    """Requests on standard input, answers on standard output, until the server closes the pipe."""
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    store = dataset_store()
    from ..sparql.sparql_guard import vet

    vet("ASK {}")  # import and warm the vetting parser now, not inside the first query's deadline
    answers.send("ready")
    while True:
        try:
            request = requests.recv()
        except EOFError:  # the server closed the pipe or exited
            return
        try:
            answers.send(run(store, *request))
        except Exception as exc:  # a bug: the server answers 500 with this line
            answers.send((500, f"internal error: {type(exc).__name__}: {exc}\n", "text/plain; charset=utf-8"))


class Worker:
    """One worker process and the two ends of its pipes."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "il7onto.endpoint.query_workers"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    def wait_ready(self) -> bool:
        try:
            return self.answers.recv() == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.requests.close()
        self.answers.close()


class QueryTimeout(Exception):
    """The query passed its deadline; its worker was killed."""


class Busy(Exception):
    """Every worker is running a query."""


class WorkerPool:
    """``size`` worker processes; :meth:`run` borrows one for a query and kills it at the deadline."""

    def __init__(self, size: int, timeout: float):
        self.timeout = timeout
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        workers = [self._start() for _ in range(size)]
        for worker in workers:
            if not worker.wait_ready():
                self.close()
                raise RuntimeError("a query worker failed to start")
            self._idle.put(worker)

    def _start(self) -> Worker:
        worker = Worker()
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, dead: Worker) -> None:
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return
        worker = self._start()
        if worker.wait_ready() and not self._closed:
            self._idle.put(worker)
        else:
            worker.kill()

    def run(self, query: str, accept: str, default_graphs=(), named_graphs=()):
        """(status, body, content type) of the query; raises :class:`Busy` or :class:`QueryTimeout`."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            raise Busy from None
        try:
            worker.requests.send((query, accept, list(default_graphs), list(named_graphs)))
            if worker.answers.poll(self.timeout):
                answer = worker.answers.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):  # the worker died (e.g. killed by the OOM killer)
            worker.kill()
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return 500, "internal error: the query worker died\n", "text/plain; charset=utf-8"
        worker.kill()  # past the deadline: stop the work itself, not only the wait
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        raise QueryTimeout

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.poll() is None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    _work()
