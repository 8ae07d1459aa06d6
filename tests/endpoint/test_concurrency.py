"""Several `il7onto` processes at once: the same answers as one alone, and exports to one path that
never interleave (each file is one complete export, byte-identical to a solo export).

Every command runs through the installed console script (launcher, fast path for `query`).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from servers import ROOT

IL7ONTO = str(Path(sys.executable).parent / "il7onto")
ROUNDS = 3


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([IL7ONTO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)


def finish(process: subprocess.Popen) -> tuple[int, bytes, bytes]:
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout, stderr


def solo(*args: str) -> bytes:
    code, stdout, stderr = finish(start(*args))
    assert code == 0, stderr.decode()
    return stdout


READERS = [
    ("query", "signaling-pathways"),
    ("query", "receptor-chains", "--format", "json"),
    ("query", "disease-associations", "--param", "mechanism=deficiency", "--format", "csv"),
    ("query", "orthologs", "--engine", "rdflib", "--format", "tsv"),
    ("info",),
    ("export", "--format", "nquads"),
]


@pytest.fixture(scope="module")
def expected() -> dict[tuple[str, ...], bytes]:
    return {args: solo(*args) for args in READERS}


def test_readers_at_once_give_the_answers_of_a_solo_run(expected):
    assert b"JAK1" in expected[READERS[0]] and b"IL7R" in expected[READERS[1]]
    for _ in range(ROUNDS):
        processes = {args: start(*args) for args in READERS}  # 6 at once
        for args, process in processes.items():
            code, stdout, stderr = finish(process)
            assert code == 0, (args, stderr.decode())
            assert stdout == expected[args], args


def test_exports_to_one_path_never_interleave(tmp_path):
    reference = tmp_path / "solo.ttl"
    code, _, stderr = finish(start("export", "--format", "turtle", "-o", str(reference)))
    assert code == 0, stderr.decode()
    want = reference.read_bytes()
    shared = tmp_path / "shared" / "il7onto.ttl"
    shared.parent.mkdir()
    for _ in range(ROUNDS):
        shared.unlink(missing_ok=True)
        processes = [start("export", "--format", "turtle", "-o", str(shared)) for _ in range(4)]
        processes += [start("query", "protein-facts"), start("info")]  # and readers meanwhile
        for process in processes:
            code, _, stderr = finish(process)
            assert code == 0, stderr.decode()
        assert shared.read_bytes() == want
        assert [p.name for p in shared.parent.iterdir()] == ["il7onto.ttl"]  # no temporary files


def test_releases_into_one_folder_at_once_give_one_complete_release(tmp_path):
    code, _, stderr = finish(start("export", "--release", str(tmp_path / "solo")))
    assert code == 0, stderr.decode()
    want = {p.name: p.read_bytes() for p in (tmp_path / "solo").iterdir()}
    for i in range(2):
        folder = tmp_path / f"rel{i}"
        processes = [start("export", "--release", str(folder)) for _ in range(3)]
        for process in processes:
            code, _, stderr = finish(process)
            assert code == 0, stderr.decode()
        got = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert got == want
        for line in got["SHA256SUMS"].decode().splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(got[name]).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel0", "rel1", "solo"]  # no staging folders left
