"""A query past its deadline stops: its worker process is killed and the server returns to idle.

Measured by CPU time (utime + stime from /proc) of the `il7onto serve` process and all its
descendants, not by wall clock: after the 503, the tree must stop consuming CPU once the
replacement worker has loaded the ontology, although the runaway query would run for minutes;
and a query that fills memory (about 170 MB a second, measured) leaves the tree at its idle
resident size.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from servers import ROOT

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# three unconstrained patterns: ~5e10 rows, minutes of CPU for pyoxigraph
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# sorting a cross product holds its rows in memory: hundreds of MB within a second
HUNGRY = "SELECT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a ?d"

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc to read CPU times")


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in os.listdir(f"/proc/{current}/task"):
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(child) for child in handle.read().split()]
            except FileNotFoundError:
                continue
            found += children
            todo += children
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its live descendants."""
    total = 0
    for member in [pid] + descendants(pid):
        try:
            with open(f"/proc/{member}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its live descendants, in MB."""
    total = 0
    for member in [pid] + descendants(pid):
        try:
            with open(f"/proc/{member}/statm") as handle:
                total += int(handle.read().split()[1])
        except FileNotFoundError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def wait_idle(pid: int, window: float = 1.0, budget: float = 0.1, attempts: int = 30) -> float:
    """CPU used over the first window that stays under ``budget``; fails after ``attempts`` windows."""
    used = None
    for _ in range(attempts):
        before = cpu_seconds(pid)
        time.sleep(window)
        used = cpu_seconds(pid) - before
        if used < budget:
            return used
    pytest.fail(f"the server never went idle: {used:.2f} s CPU per {window:g} s window")


@pytest.mark.slow
def test_runaway_query_is_stopped_at_its_deadline():
    process = subprocess.Popen([sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main())",
                                "serve", "--port", "0", "--timeout", "0.5", "--workers", "1"],
                               stderr=subprocess.PIPE, cwd=ROOT)
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", process.stderr.readline().decode())
        assert match
        wait_idle(process.pid)
        workers_before = set(descendants(process.pid))
        assert workers_before
        url = match.group(0) + "?" + urllib.parse.urlencode({"query": RUNAWAY})
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url, timeout=60)
        assert error.value.code == 503 and b"stopped" in error.value.read()
        # the runaway's worker is already gone when the 503 arrives: killed and reaped before the answer
        assert [pid for pid in workers_before if os.path.exists(f"/proc/{pid}")] == []
        idle_cpu = wait_idle(process.pid)  # the replacement worker loads, then nothing runs
        assert idle_cpu < 0.1
        workers_after = set(descendants(process.pid))
        assert len(workers_before - workers_after) == 1  # the runaway's worker is gone (killed) ...
        assert len(workers_after - workers_before) == 1  # ... and one replacement runs
        status = urllib.request.urlopen(match.group(0) + "?" + urllib.parse.urlencode(
            {"query": "ASK { ?s ?p ?o }"}), timeout=60).status
        assert status == 200  # and the replacement answers
        # memory: a query that fills memory is stopped too, and the tree is back to its idle size
        wait_idle(process.pid)
        idle_mb = resident_mb(process.pid)
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(match.group(0) + "?" + urllib.parse.urlencode({"query": HUNGRY}), timeout=60)
        assert error.value.code == 503
        wait_idle(process.pid)
        assert resident_mb(process.pid) < idle_mb + 50, (idle_mb, resident_mb(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=10)
