"""Run engine work on threads with a large stack, so a deeply nested query cannot crash the process.

pyoxigraph parses and evaluates recursively: on the default 8 MiB stack, 3,000 nested groups or
3,000 chained BINDs end the process with a segmentation fault (exit 139; measured with pyoxigraph
0.5.13). With a 512 MiB stack the same queries run (5,000 BINDs, 3,000 groups measured). The
memory is reserved, not used: the kernel commits only the pages a deep recursion touches.

pyoxigraph releases the GIL while it loads and evaluates, so :func:`call_each` on two threads runs
two queries at once (validation's checks: bench/RESULTS.md).
"""

from __future__ import annotations

import os
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

STACK_BYTES = 512 * 1024 * 1024
_STACK_SIZE = threading.Lock()  # threading.stack_size is process-wide: set, start, restore as one step


def start(function, /, *args, **kwargs):
    """Start ``function(*args, **kwargs)`` on a fresh large-stack thread; return a function that waits
    for it and returns its result or raises its exception."""
    outcome: dict[str, object] = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as exc:
            outcome["error"] = _detached(exc)

    with _STACK_SIZE:
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="il7onto-engine", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)

    def wait():
        while thread.is_alive():  # short joins let Ctrl-C reach the main thread
            thread.join(0.1)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return wait


def _detached(exc: BaseException) -> BaseException:
    """``exc`` without this thread's frames, to be raised in another thread (the frames hold
    pyoxigraph objects that must be dropped on the thread that made them); a note keeps the trace."""
    exc.add_note("in the engine thread:\n" + "".join(traceback.format_tb(exc.__traceback__)))
    return exc.with_traceback(None)


def call(function, /, *args, **kwargs):
    """``function(*args, **kwargs)`` on a fresh large-stack thread; its result or exception."""
    return start(function, *args, **kwargs)()


def call_each(functions, workers: int, *, finish_on_interrupt: bool = False) -> list:
    """Call each of ``functions`` (no arguments) on ``workers`` large-stack threads, each thread taking
    the next call not yet started; return their results in order.

    After an exception in a call (any ``BaseException``) no further call starts, and the first one is
    raised once the calls under way have ended. Ctrl-C (or SIGTERM) in the calling thread also stops
    new calls from starting; it is raised at once, or with ``finish_on_interrupt`` once every call
    under way has ended and no worker references it (when the calls hold something the caller must
    release afterwards, such as an on-disk store about to be removed). A second Ctrl-C is not held back.
    """
    functions = list(functions)
    results: list = [None] * len(functions)
    pending = iter(enumerate(functions))
    state = threading.Condition()  # guards pending, stopped, errors and the counts
    taken = ended = 0  # calls taken by a worker; calls ended (and dropped by it)
    stopped = False
    errors: list[BaseException] = []  # the calls' exceptions, detached from the workers' frames

    def worker():
        nonlocal taken, ended, stopped
        while True:
            with state:
                item = None if stopped else next(pending, None)
                if item is None:
                    return
                taken += 1
            index, function = item
            item = None
            try:
                results[index] = function()
            except BaseException as exc:
                with state:
                    stopped = True
                    errors.append(_detached(exc))
            finally:
                function = None  # dropped before the call counts as ended
                with state:
                    ended += 1
                    state.notify_all()

    waits = []
    try:
        for _ in range(min(max(workers, 1), len(functions))):
            waits.append(start(worker))
        for wait in waits:
            wait()
    except BaseException:  # Ctrl-C in this thread (the calls' exceptions are in errors), perhaps while starting
        stopped = True  # at once, before the lock: no call starts after this
        with state:
            pending = iter(())  # the workers no longer reference the calls not started
        if finish_on_interrupt:  # counted, not joined: a join that Ctrl-C interrupts can leave
            with state:  # Thread.is_alive() false for a thread still running (CPython 3.11)
                while ended < taken:  # short waits let a second Ctrl-C through
                    state.wait(0.1)
        raise
    if errors:
        raise errors[0]
    return results


def executor(max_workers: int, thread_name_prefix: str) -> ThreadPoolExecutor:
    """A thread pool whose ``max_workers`` threads all exist now, each with a large stack."""
    pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
    barrier = threading.Barrier(max_workers + 1)
    with _STACK_SIZE:
        previous = threading.stack_size(STACK_BYTES)
        try:  # each task waits for all the others, so each needs a thread of its own
            for _ in range(max_workers):
                pool.submit(barrier.wait)
            barrier.wait()
        finally:
            threading.stack_size(previous)
    return pool


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
