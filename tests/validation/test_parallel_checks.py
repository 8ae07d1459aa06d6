"""Checks run several at once (`validate --jobs N`, :mod:`il7onto.validation.findings`): the report
never depends on how many, and the thread runner keeps order, errors and Ctrl-C as one call would."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from il7onto.core.bigstack import call_each
from il7onto.validation.findings import MAX_DEFAULT_WORKERS, default_workers
from il7onto.validation.validate import validate

from servers import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation"
BROKEN = sorted(FIXTURES.glob("*/*.broken.ttl"))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_findings_do_not_depend_on_the_number_of_jobs(path):
    one = validate([path], jobs=1, include_bundled=True)
    assert one.results  # a broken fixture: something to compare
    for jobs in (2, 5):
        many = validate([path], jobs=jobs, include_bundled=True)
        assert (many.results, many.bundled) == (one.results, one.bundled)


def test_the_bundled_ontology_alone_with_many_jobs():
    assert validate(jobs=3).results == validate(jobs=1).results


def test_jobs_below_one_or_with_pyshacl_is_refused():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        validate(jobs=0)
    for settings in ({"engine": "pyshacl"}, {"inference": True}):
        with pytest.raises(ValueError, match="jobs works with the default engine only"):
            validate(jobs=2, **settings)


def test_one_job_runs_one_check_at_a_time(monkeypatch):
    import il7onto.core.bigstack as bigstack

    asked, started = [], []
    real_call_each, real_start = bigstack.call_each, bigstack.start
    monkeypatch.setattr(bigstack, "call_each", lambda functions, workers, **kw: asked.append(workers) or
                        real_call_each(functions, workers, **kw))
    monkeypatch.setattr(bigstack, "start", lambda function, *args, **kw: started.append(function.__name__) or
                        real_start(function, *args, **kw))
    validate([FIXTURES / "shapes" / "gene-symbol.broken.ttl"], jobs=1)
    assert asked and set(asked) == {1}  # the bundled ontology's checks too
    assert "bundled_findings" not in started  # no thread beside the load
    validate([FIXTURES / "shapes" / "gene-symbol.broken.ttl"], jobs=2)
    assert "bundled_findings" in started  # the test can fail


def test_the_bundled_findings_are_worked_out_once_however_asked_for():
    from il7onto.validation import validate as module

    module._bundled_findings.cache_clear()
    first = module.bundled_findings()
    assert module.bundled_findings("sparql", False) is first and module.bundled_findings(engine="sparql") is first
    assert module.bundled_findings(inference=0) is first and module.bundled_findings(inference="none") is first
    assert module._bundled_findings.cache_info().misses == 1


def test_the_default_is_the_cpus_available_at_most_four():
    import os

    assert default_workers() == min(MAX_DEFAULT_WORKERS, len(os.sched_getaffinity(0)))


def test_cli_jobs_prints_what_one_job_prints():
    path = FIXTURES / "shapes" / "gene-symbol.broken.ttl"
    one = run_cli("validate", "--format", "json", "--jobs", "1", str(path))
    many = run_cli("validate", "--format", "json", "--jobs", "3", str(path))
    assert one.returncode == 1 and (many.returncode, many.stdout, many.stderr) == (1, one.stdout, b"")


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--jobs", "two"]])
def test_cli_jobs_not_a_positive_number_is_a_usage_error(args):
    proc = run_cli("validate", *args)
    assert proc.returncode == 2 and "'--jobs'" in proc.stderr.decode()


@pytest.mark.parametrize("args", [["--engine", "pyshacl"], ["--inference", "rdfs"],
                                  ["--endpoint", "http://127.0.0.1:1/sparql"]])
def test_cli_jobs_with_another_engine_is_a_usage_error(args):
    proc = run_cli("validate", "--jobs", "2", *args)
    assert proc.returncode == 2 and "--jobs works with the default engine only" in proc.stderr.decode()


# --- the thread runner ------------------------------------------------------------------------------

def test_call_each_returns_the_results_in_order():
    assert call_each([lambda i=i: i * i for i in range(20)], 3) == [i * i for i in range(20)]
    assert call_each([], 2) == []


def test_call_each_runs_the_calls_at_once():
    both = threading.Barrier(2, timeout=5)  # breaks (BrokenBarrierError) unless two calls wait together
    assert call_each([both.wait, both.wait], 2) in ([0, 1], [1, 0])
    with pytest.raises(threading.BrokenBarrierError):
        call_each([threading.Barrier(2, timeout=0.2).wait] * 2, 1)


def test_call_each_raises_the_error_and_starts_nothing_after_it():
    started = []

    def fail():
        started.append("fail")
        raise ZeroDivisionError("boom")

    def later():
        started.append("later")

    with pytest.raises(ZeroDivisionError, match="boom") as raised:
        call_each([fail] + [later] * 5, 1)
    assert started == ["fail"]
    assert "in the engine thread" in raised.value.__notes__[0]


def _interrupt_once_started(started: threading.Semaphore, calls: int, then: threading.Event | None = None,
                            after: float = 1.0) -> None:
    """Ctrl-C in the main thread once ``calls`` calls have started (no race with the threads' start);
    ``after`` seconds later, set ``then`` (the calls under way wait for it, so they cannot end before
    the main thread has seen the interrupt, however loaded the machine)."""
    import _thread

    def interrupt():
        for _ in range(calls):
            started.acquire(timeout=30)
        _thread.interrupt_main()
        if then is not None:
            time.sleep(after)
            then.set()

    threading.Thread(target=interrupt, daemon=True).start()


def test_ctrl_c_can_wait_for_the_calls_under_way():
    started, release, ended = threading.Semaphore(0), threading.Event(), []

    def slow():
        started.release()
        release.wait(30)
        ended.append("slow")

    _interrupt_once_started(started, 2, then=release)
    with pytest.raises(KeyboardInterrupt):
        call_each([slow] * 4, 2, finish_on_interrupt=True)
    assert ended == ["slow", "slow"]  # both calls under way ended before it was raised; no other started


def test_ctrl_c_while_the_threads_start_still_waits_for_those_started(monkeypatch):
    import il7onto.core.bigstack as bigstack

    started, ended, starts = threading.Semaphore(0), [], []
    real_start = bigstack.start

    def start_then_interrupt(function):  # Ctrl-C arrives after the first thread's start, before the second's
        if starts:
            started.acquire(timeout=30)  # the first thread has taken its call
            raise KeyboardInterrupt
        starts.append(real_start(function))
        return starts[-1]

    def slow():
        started.release()
        time.sleep(0.3)
        ended.append("slow")

    monkeypatch.setattr(bigstack, "start", start_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        call_each([slow] * 3, 2, finish_on_interrupt=True)
    assert ended == ["slow"]  # the call under way ended before it was raised; no other started


def test_a_calls_base_exception_waits_for_the_others_too():
    ended = []

    def slow():
        time.sleep(0.3)
        ended.append("slow")

    def leave():
        time.sleep(0.05)
        raise SystemExit(3)

    with pytest.raises(SystemExit):  # not mistaken for Ctrl-C in the calling thread
        call_each([leave, slow, slow], 2)
    assert ended == ["slow"]  # the other call under way ended first; the third never started


def test_call_each_waits_for_the_calls_under_way_before_raising():
    ended = []

    def slow():
        time.sleep(0.3)
        ended.append("slow")

    def fail():
        time.sleep(0.05)
        raise ValueError("late")

    with pytest.raises(ValueError):
        call_each([slow, fail], 2)
    assert ended == ["slow"]


def test_ctrl_c_reaches_the_caller_at_once_and_nothing_more_starts():
    started, release, ran, ended = threading.Semaphore(0), threading.Event(), [], []

    def slow():
        ran.append("slow")
        started.release()
        release.wait(30)
        ended.append("slow")

    _interrupt_once_started(started, 2)
    with pytest.raises(KeyboardInterrupt):
        call_each([slow] * 4, 2)
    assert ended == []  # raised while both calls were still under way
    release.set()
    time.sleep(0.3)  # the two calls under way end; none of the other two starts
    assert ran == ["slow", "slow"]
