"""The start-up fast path for `il7onto query` answers exactly as the click command does.

Each form runs twice as a real process: through the console script (launcher -> fast path) and
through `il7onto.cli.main.main` (click), and stdout, stderr and the exit code must be identical.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from il7onto.cli.fastpath import _parse
from servers import ROOT

IL7ONTO = str(Path(sys.executable).parent / "il7onto")
CLICK = [sys.executable, "-c", "import sys; from il7onto.cli.main import main; sys.exit(main())"]

HANDLED = [  # forms the fast path answers itself
    ["query", "signaling-pathways"],
    ["query", "receptor-chains", "--format", "csv"],
    ["query", "disease-therapy-map", "--format=json"],
    ["query", "producer-cells", "--engine", "rdflib", "--format", "tsv"],
    ["query", "entity-by-gene", "--param", "gene=3574"],
    ["query", "entity-by-gene", "-p", "gene=16197", "--format", "csv"],
    ["query", "disease-associations", "--param=mechanism=excess"],
    ["query", "receptor-chains", "--format", "xml"],
    ["query", "entity-by-gene", "-p", "gene=NCBIGene:3574", "--format", "tsv"],  # a CURIE, as tables print it
    ["query", "mappings", "-p", "vocabulary=mgi"],  # a choice in another case
    ["query", "entity-by-gene", "--param", "gene=not-a-number"],  # exit 2, pattern named
    ["query", "entity-by-gene", "--param", "nope=1"],  # exit 2, unknown parameter
    ["query", "no-such-query"],  # exit 2
]
HANDED_TO_CLICK = [  # forms the fast path leaves to click (its parse returns None)
    ["query", "signaling-pathways", "--format", "yaml"],
    ["query", "--help"],
    ["query"],
    ["query", "signaling-pathways", "--param"],
]


def _run(command: list[str], stdout=subprocess.PIPE) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, timeout=120, cwd=ROOT, env=env)
    return result.returncode, result.stdout or b"", result.stderr


@pytest.mark.parametrize("args", HANDLED, ids=" ".join)
def test_fast_path_answers_as_click_does(args):
    assert _parse(args[1:]) is not None  # really taken by the fast path
    fast, slow = _run([IL7ONTO, *args]), _run([*CLICK, *args])
    assert fast == slow
    assert fast[0] in (0, 2) and (fast[1] if fast[0] == 0 else fast[2])


@pytest.mark.parametrize("args", HANDED_TO_CLICK, ids=" ".join)
def test_other_forms_go_to_click_and_answer_the_same(args):
    assert _parse(args[1:]) is None
    assert _run([IL7ONTO, *args]) == _run([*CLICK, *args])


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [[IL7ONTO], CLICK], ids=["fast path", "click"])
def test_a_full_disk_on_stdout_is_exit_3_either_way(command):
    with open("/dev/full", "wb") as full:
        code, _, stderr = _run([*command, "query", "signaling-pathways"], stdout=full)
    assert code == 3
    assert stderr.decode() == "il7onto: error: cannot write to standard output: No space left on device\n"


def test_a_piped_cold_query_imports_only_what_it_needs():
    """The modules the start-up budget (bench/: cold start within 3x of `import pyoxigraph`) keeps off
    the path of a piped `il7onto query NAME`: the CLI framework, rdflib, typing and shutil. Only what
    the launcher adds counts (a site hook or coverage may import typing before it)."""
    code = ("import atexit, sys\n"
            "before = set(sys.modules)\n"
            "atexit.register(lambda: sys.stderr.write(' '.join(sorted(set(sys.modules) - before))))\n"
            "sys.argv = ['il7onto', 'query', 'signaling-pathways']\n"
            "from il7onto.launcher import run\n"
            "run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "JAK1" in done.stdout, done.stderr
    added = set(done.stderr.split())
    assert "il7onto.cli.fastpath" in added and "pyoxigraph" in added
    assert not added & OFF_THE_QUERY_PATH, sorted(added & OFF_THE_QUERY_PATH)


OFF_THE_QUERY_PATH = {"click", "rdflib", "typing", "shutil", "il7onto.cli.main"}
