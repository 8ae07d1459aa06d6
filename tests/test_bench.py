"""The benchmark cannot rot: CI runs it at smoke size (seconds; no timing assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_smoke_benchmark_runs_and_reports_every_figure(repo, tmp_path):
    output = tmp_path / "RESULTS.md"
    proc = subprocess.run([sys.executable, str(repo / "bench" / "run.py"), "--smoke", "--output", str(output)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = output.read_text(encoding="utf-8")
    for heading in ("## Budgets", "## Cold start", "## Warm queries", "## Anchored lookups", "## Validation",
                    "## Loading", "## Hostile input"):
        assert heading in report, heading
    assert "WARNING" not in report, "a packaged query answered differently beside the background graph"
    assert report.count("MET") >= 6
    assert "| signaling-pathways |" in report and "naive rdflib script" in report and "bare pyoxigraph" in report
    if (Path(sys.executable).parent / "oxigraph").exists():  # the engine's plan, from the oxigraph CLI
        assert "The plan of signaling-pathways" in report and "QuadPattern(?gene" in report


def test_background_generator_is_deterministic(repo, tmp_path):
    sys.path.insert(0, str(repo / "bench"))
    from generate import generate

    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    assert generate(3000, first) == generate(3000, second) >= 3000
    assert first.read_bytes() == second.read_bytes()
