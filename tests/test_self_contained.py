"""Nothing in the project reads from outside the repository: a user's clone has nothing beside it."""

from __future__ import annotations

import re
import subprocess

from conftest import OUTSIDE_READS, REPO

# Where a project file could name a folder beside the clone (code, tests, benchmark, CI, build).
CODE = re.compile(r"\.\./shared|shared/(reference|seed)|parent\.parent\.parent|REPO\.parent|\.\./\.\.")


def test_the_guard_records_a_read_beside_the_repository():
    probe = REPO.parent / "il7onto-guard-probe-that-does-not-exist"
    before = len(OUTSIDE_READS)
    try:
        open(probe, encoding="utf-8").close()
    except OSError:
        pass
    assert OUTSIDE_READS[before:] == [str(probe)]
    del OUTSIDE_READS[before:]  # the probe itself must not fail the run


def test_no_project_file_names_a_folder_beside_the_repository():
    tracked = subprocess.run(["git", "ls-files", "il7onto", "tests", "bench", ".ci", "pyproject.toml"],
                             cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in tracked:
        if name in ("tests/test_self_contained.py", "tests/conftest.py") or name.startswith("tests/data/"):
            continue  # this check and the guard name the pattern; tests/data/README.md cites provenance
        path = REPO / name
        if path.suffix in (".py", ".sh", ".toml", ".cfg", ".ini", "") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{name}: {m.group(0)}" for m in CODE.finditer(text)]
    assert offenders == []
