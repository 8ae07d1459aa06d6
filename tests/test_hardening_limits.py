"""Oversized and pathological input: handled in bounded time and memory, or refused with a limit
the user can raise (issue 7)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

CLI = [sys.executable, "-m", "il7onto"]


def validate(*args, timeout=120):
    start = time.perf_counter()
    proc = subprocess.run([*CLI, "validate", *args], capture_output=True, text=True, timeout=timeout)
    return proc, time.perf_counter() - start


def _no_crash(proc):
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr[-500:]


@pytest.mark.parametrize("suffix", ["ttl", "nt"])
def test_a_very_long_literal_on_one_line_is_handled(tmp_path, suffix):
    path = tmp_path / f"long.{suffix}"
    path.write_text(f'<https://example.org/a> <https://example.org/p> "{"x" * 5_000_000}" .\n', encoding="utf-8")
    proc, seconds = validate(str(path))
    _no_crash(proc)
    assert proc.returncode == 0, proc.stderr
    assert seconds < 60


def test_deeply_nested_turtle_is_handled_or_refused(tmp_path):
    depth = 20_000
    path = tmp_path / "deep.ttl"
    path.write_text("<https://example.org/a> <https://example.org/p> " + "[ <https://example.org/p> " * depth
                    + "<https://example.org/b>" + " ]" * depth + " .\n", encoding="utf-8")
    proc, seconds = validate(str(path))
    _no_crash(proc)
    assert proc.returncode in (0, 3), proc.stderr
    assert seconds < 60


def test_deeply_nested_jsonld_is_refused_with_exit_3(tmp_path):
    depth = 100_000
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "https://example.org/a", "https://example.org/p": ' + "[" * depth + "1" + "]" * depth + "}",
                    encoding="utf-8")
    proc, _ = validate(str(path))
    _no_crash(proc)
    assert proc.returncode == 3 and "deep.jsonld" in proc.stderr


def test_a_huge_number_of_prefixes_is_handled(tmp_path):
    path = tmp_path / "prefixes.ttl"
    lines = [f"@prefix p{i}: <https://example.org/{i}/> ." for i in range(100_000)]
    lines.append("p1:a p2:b p3:c .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc, seconds = validate(str(path))
    _no_crash(proc)
    assert proc.returncode == 0, proc.stderr
    assert seconds < 60


def test_many_triples_are_validated_in_bounded_time(tmp_path):
    path = tmp_path / "many.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(200_000):
            out.write(f'<https://example.org/s{i}> <https://example.org/p> "value {i}" .\n')
    proc, seconds = validate(str(path))
    _no_crash(proc)
    assert proc.returncode == 0, proc.stderr
    assert seconds < 90


@pytest.mark.parametrize("suffix", ["nt", "jsonld"])
def test_size_limit_is_clear_and_can_be_raised(tmp_path, suffix):
    path = tmp_path / f"big.{suffix}"
    if suffix == "nt":
        path.write_text("".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n'
                                for i in range(40_000)), encoding="utf-8")
    else:
        path.write_text('{"@graph": [' + ",".join(f'{{"@id": "https://example.org/s{i}", "https://example.org/p": "{i}"}}'
                                                   for i in range(40_000)) + "]}", encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    refused, _ = validate("--max-input-mb", "1", str(path))
    assert refused.returncode == 3
    assert "MiB limit" in refused.stderr and "--max-input-mb" in refused.stderr
    accepted, _ = validate("--max-input-mb", "10", str(path))
    assert accepted.returncode == 0, accepted.stderr
