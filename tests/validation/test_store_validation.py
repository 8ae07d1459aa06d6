"""Local validation in an on-disk pyoxigraph store (`validate --store DIR`, or automatically past
a size threshold): the same results as in memory, refusals and errors unchanged, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

import il7onto.validation.validate as validation
from il7onto.core.errors import InputError, UnsafeInputError
from il7onto.validation.validate import validate

from servers import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validation"
BROKEN = sorted(FIXTURES.glob("*/*.broken.ttl"))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_on_disk_gives_the_in_memory_results(tmp_path, path):
    on_disk = validate([path], store_dir=tmp_path)
    assert on_disk.results == validate([path]).results
    assert list(tmp_path.iterdir()) == []  # the scratch store is removed


def test_past_the_threshold_the_store_goes_to_the_temporary_directory(tmp_path, monkeypatch):
    import tempfile

    path = FIXTURES / "shapes" / "gene-symbol.broken.ttl"
    used = []
    real = validation._validate_on_disk
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(validation, "_validate_on_disk", lambda *args: used.append(args[3]) or real(*args))
    monkeypatch.setattr(validation, "in_memory_limit", lambda: path.stat().st_size - 1)
    assert validate([path]).results == validate([path], store_dir=tmp_path).results
    assert used == [tmp_path, tmp_path]
    monkeypatch.setattr(validation, "in_memory_limit", lambda: path.stat().st_size)
    validate([path])
    assert len(used) == 2  # at the threshold: in memory


def test_in_memory_limit_is_half_the_available_memory_over_the_measured_factor():
    available = next(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemAvailable:"))
    limit = validation.in_memory_limit()
    assert abs(limit - available // 2 // validation.MEMORY_PER_INPUT_BYTE) < 64 * 2**20 // validation.MEMORY_PER_INPUT_BYTE


def test_imports_refused_on_disk_and_nothing_left(tmp_path):
    with pytest.raises(UnsafeInputError, match="owl:imports"):
        validate([FIXTURES / "unsafe" / "imports.ttl"], store_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_syntax_error_located_on_disk(tmp_path):
    with pytest.raises(InputError, match=r"bad\.ttl:\d+:\d+: syntax error"):
        validate([FIXTURES / "syntax" / "bad.ttl"], store_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_store_prints_what_memory_prints(tmp_path):
    path = FIXTURES / "shapes" / "gene-symbol.broken.ttl"
    in_memory = run_cli("validate", str(path))
    on_disk = run_cli("validate", "--store", str(tmp_path), str(path))
    assert (on_disk.returncode, on_disk.stdout, on_disk.stderr) == (1, in_memory.stdout, b"")


@pytest.mark.parametrize("args", [["--engine", "pyshacl"], ["--inference", "rdfs"],
                                  ["--endpoint", "http://127.0.0.1:1/sparql"]])
def test_store_with_another_engine_is_a_usage_error(tmp_path, args):
    proc = run_cli("validate", "--store", str(tmp_path), *args)
    assert proc.returncode == 2 and "--store works with the default engine only" in proc.stderr.decode()


def test_store_dir_that_is_a_file_exits_3(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    proc = run_cli("validate", "--store", str(target / "sub"), str(FIXTURES / "shapes" / "gene-symbol.broken.ttl"))
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "--store" in lines[0]
