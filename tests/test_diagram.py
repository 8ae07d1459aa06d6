"""`il7onto diagram`: Graphviz diagrams generated from the ontology by SPARQL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from il7onto import diagram
from il7onto.cli import main

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed (apt-get install graphviz)")


def _edges(dot: str) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for source, target, attributes in re.findall(r'^\s*"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;$', dot, re.MULTILINE):
        found.setdefault((source, target), []).append(attributes)
    return found


def test_pathway_content_and_styles():
    dot = diagram.dot_source("pathway")
    edges = _edges(dot)
    # the receptor and its chains
    assert ("IL7Receptor", "IL7Ralpha") in edges and ("IL7Receptor", "CommonGammaChain") in edges
    # canonical route bold, JAK -> STAT5
    for target in ("JAK1", "JAK3", "STAT5"):
        assert "penwidth=3.5" in edges[("IL7Receptor", target)][0]
        assert "dashed" not in edges[("IL7Receptor", target)][0]
    assert "penwidth=3.5" in edges[("JAK1", "STAT5")][0] and "penwidth=3.5" in edges[("JAK3", "STAT5")][0]
    # non-canonical branches dashed
    for target in ("STAT3", "STAT1", "PI3KAKTPathway", "MEKERKPathway"):
        assert "style=dashed" in edges[("IL7Receptor", target)][0], target
    # cells that need IL-7 to survive
    for cell in ("LymphoidCell", "NaiveTCell", "MemoryTCell", "ProBCell", "ImmatureThymocyte", "InnateLymphoidCell"):
        assert ("IL7", cell) in edges
    assert "SCID" not in dot  # diseases belong to --what disease
    assert 'label="Janus kinase 1"' in dot


def test_disease_map_styles_differ_by_mechanism():
    dot = diagram.dot_source("disease")
    edges = _edges(dot)
    deficiency = edges[("IL7SignallingPathway", "SCID")][0]
    mutation = edges[("IL7SignallingPathway", "ALL")][0]
    associated = edges[("IL7SignallingPathway", "Asthma")][0]
    autoimmune = sorted(edges[("IL7SignallingPathway", "AutoimmuneDisease")])
    assert len({deficiency, mutation, associated}) == 3
    assert len(autoimmune) == 2 and associated in autoimmune  # drives + associated
    assert len(set(autoimmune) | {deficiency, mutation}) == 4  # four mechanisms, four styles
    # therapies: what each is evaluated in and what it targets
    assert ("IL7Therapy", "Sepsis") in edges and ("IL7Therapy", "IL7Receptor") in edges
    assert ("SignalTransductionInhibitor", "ALL") in edges and ("SignalTransductionInhibitor", "IL7SignallingPathway") in edges
    assert edges[("IL7Therapy", "Sepsis")] != edges[("IL7Therapy", "IL7Receptor")]
    assert not any("JAK1" in (source, target) for source, target in edges)  # signalling: --what pathway
    # the ALL genes (external facts, issue 17), in their own style
    genes = {(s, t) for s, t in edges if s.endswith("_human_gene")}
    assert genes == {("IL7R_human_gene", "BCellALL"), ("IL7R_human_gene", "TCellALL"), ("JAK1_human_gene", "BCellALL"),
                     ("JAK1_human_gene", "TCellALL"), ("JAK2_human_gene", "BCellALL"),
                     ("CRLF2_human_gene", "BCellALL"), ("JAK3_human_gene", "TCellALL")}
    assert edges[("IL7R_human_gene", "TCellALL")] != [mutation]


def test_all_is_the_union():
    everything = set(_edges(diagram.dot_source("all")))
    assert everything == set(_edges(diagram.dot_source("pathway"))) | set(_edges(diagram.dot_source("disease")))


def test_dot_is_sorted_and_deterministic_across_processes(tmp_path):
    first, second = tmp_path / "a.dot", tmp_path / "b.dot"
    assert main(["diagram", "--format", "dot", "-o", str(first)]) == 0
    code = "import sys; from il7onto.cli import main; sys.exit(main(['diagram', '--format', 'dot', '-o', sys.argv[1]]))"
    subprocess.run([sys.executable, "-c", code, str(second)], check=True, capture_output=True,
                   env={**os.environ, "PYTHONHASHSEED": "777"})
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_text().splitlines()
    nodes = [line for line in lines if re.match(r'^  "[^"]+" \[', line)]
    assert nodes == sorted(nodes) and len(nodes) > 30


def test_unknown_choice_is_a_usage_error(tmp_path):
    assert main(["diagram", "--what", "nothing", "-o", str(tmp_path / "x.svg")]) == 2
    with pytest.raises(diagram.UsageError):
        diagram.dot_source("nothing")


def test_missing_dot_is_exit_3_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    target = tmp_path / "x.svg"
    assert main(["diagram", "--format", "svg", "-o", str(target)]) == 3
    assert "Graphviz" in capsys.readouterr().err
    assert not target.exists()
    # --format dot needs no Graphviz
    assert main(["diagram", "--format", "dot", "-o", str(tmp_path / "x.dot")]) == 0
    assert (tmp_path / "x.dot").read_text().startswith("digraph il7onto {")


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "out.dot"
    target.write_text("old")
    diagram.write(target, "pathway", "dot")
    assert target.read_text().startswith("digraph")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.dot"]


@needs_dot
def test_svg_is_deterministic_and_valid(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert main(["diagram", "--what", "all", "-o", str(first)]) == 0
    assert main(["diagram", "--what", "all", "--format", "svg", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    import xml.etree.ElementTree as ET

    root = ET.fromstring(first.read_bytes())
    assert root.tag.endswith("svg")
    text = first.read_text()
    assert "Janus kinase 1" in text and "severe combined" in text


@needs_dot
def test_png_is_a_png(tmp_path):
    target = tmp_path / "d.png"
    assert main(["diagram", "--what", "pathway", "--format", "png", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_committed_picture_exists():
    picture = Path(__file__).resolve().parent.parent / "docs" / "il7-pathway.png"
    assert picture.read_bytes().startswith(b"\x89PNG")
