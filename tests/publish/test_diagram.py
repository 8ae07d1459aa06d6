"""`il7onto diagram`: Graphviz diagrams generated from the ontology by SPARQL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from il7onto.publish import diagram
from il7onto.cli.main import main

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
    assert 'label="Janus kinase 1\\nJAK1"' in dot  # protein name, then the human gene symbol


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
    code = "import sys; from il7onto.cli.main import main; sys.exit(main(['diagram', '--format', 'dot', '-o', sys.argv[1]]))"
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
    picture = Path(__file__).resolve().parents[2] / "docs" / "il7-pathway.png"
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_nodes_show_human_gene_symbols():
    import il7onto

    dot = diagram.dot_source("pathway")
    query = """PREFIX il7: <https://w3id.org/il7onto/>
    SELECT ?n ?symbol WHERE { ?gene il7:encodes ?n ; il7:geneSymbol ?symbol ; il7:inTaxon il7:Human }"""
    expected = {(s["n"].value[len("https://w3id.org/il7onto/"):], s["symbol"].value) for s in il7onto.store().query(query)}
    labels = dict(re.findall(r'^  "([^"]+)" \[label="([^"]*)"', dot, re.MULTILINE))
    shown = {(node, symbol) for node, symbol in expected if node in labels}
    assert {("JAK1", "JAK1"), ("IL7Ralpha", "IL7R"), ("CommonGammaChain", "IL2RG")} <= shown
    for node, symbol in shown:
        assert symbol in labels[node].replace("\\n", " ").split(), (node, labels[node])  # once, never twice


def test_legend_is_one_compact_node_with_one_row_per_style():
    dot = diagram.dot_source("all")
    assert "cluster_legend" not in dot and dot.count("legend [") == 1
    legend = re.search(r"label=<(<TABLE.*</TABLE>)>", dot).group(1)
    styles = {diagram._EDGE_STYLES[p][0] for p in {e.predicate for e in diagram.edges("all")}}
    edge_rows = re.findall(r'<TR><TD ALIGN="LEFT"><FONT COLOR=', legend)
    assert len(edge_rows) == len(styles)  # identical styles share a row
    assert "canonical route: signals via / activates" in legend
    node_rows = re.findall(r'<TD BGCOLOR="(#[0-9a-f]{6})" BORDER="1">(\w+)</TD><TD ALIGN="LEFT">([^<]+)</TD>', legend)
    assert ("#ffd966", "oval", "cytokine") in node_rows and ("#f4cccc", "octagon", "disease") in node_rows


def _svg(what: str, tmp_path) -> "ET.Element":
    import xml.etree.ElementTree as ET

    target = tmp_path / f"{what}.svg"
    assert main(["diagram", "--what", what, "-o", str(target)]) == 0
    return ET.parse(target).getroot()


SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@needs_dot
def test_svg_nodes_link_to_their_pages(tmp_path):
    from il7onto.publish.linked_data import doc_pages, resolve

    pages = doc_pages()
    root = _svg("all", tmp_path)
    nodes = [g for g in root.iter(SVG + "g") if g.get("class") == "node" and g.find(f"{SVG}title").text != "legend"]
    assert len(nodes) > 30
    for node in nodes:
        anchor = node.find(f".//{SVG}a")
        href = anchor.get(XLINK + "href")
        assert href.startswith("https://w3id.org/il7onto/"), href
        local = href[len("https://w3id.org/il7onto/"):]
        assert resolve(local, "text/html", pages, "") == (303, f"/docs/{pages[local]}")  # a browser lands on its page


@needs_dot
@pytest.mark.parametrize("what", ["pathway", "disease"])
def test_no_stacked_arrowheads(tmp_path, what):
    """Arrowheads are either drawn at the same spot (edges of one kind meeting, samehead) or apart."""
    root = _svg(what, tmp_path)
    tips = []
    for edge in (g for g in root.iter(SVG + "g") if g.get("class") == "edge"):
        for polygon in edge.findall(f"{SVG}polygon"):
            points = [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
            tips.append((sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)))
    assert len(tips) > 10
    crowded = [(a, b) for i, a in enumerate(tips) for b in tips[i + 1:]
               if 0.5 < ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 < 4]
    assert not crowded, crowded[:3]


def test_readme_pictures_are_current_and_legible():
    import struct

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme)
    assert pictures == ["docs/il7-pathway.png", "docs/il7-diseases.png"]
    for picture in pictures:
        data = (root / picture).read_bytes()
        width = struct.unpack(">I", data[16:20])[0]
        # node labels are 12 pt at the 110 dpi of render(); GitHub shows a README image at most ~830 px wide
        shown_px = 12 * 110 / 72 * min(1.0, 830 / width)
        assert shown_px >= 10, (picture, width, shown_px)
