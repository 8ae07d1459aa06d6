"""`il7onto docs` (static HTML documentation) and `il7onto diagram` (Graphviz diagrams)."""

from __future__ import annotations

import click

from ..core.stdout import emit
from ..core.terminal import say


@click.command()
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=str),
              metavar="DIR", help="Folder to write the HTML pages to (created if missing).")
def docs(output: str) -> None:
    """Write static HTML documentation of the ontology to DIR.

    One page per class, property and entity (label, definition, synonyms, alignments as links,
    and the review's claims about each entity with their provenance), plus index.html. The pages
    work offline (inline CSS, no scripts) and are byte-identical for the same ontology.
    """
    from ..publish.htmldocs import write

    written = write(output)
    emit(f"wrote {len(written)} pages to {output} (start at {output.rstrip('/')}/index.html)\n")


@click.command()
@click.option("--what", type=click.Choice(["pathway", "disease", "all"]), default="all", show_default=True,
              help="pathway: receptor, signalling, dependent cells; disease: diseases and therapies; all: both.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "dot"]), default=None,
              help="Output format [default: from the file suffix, else svg]. svg and png need Graphviz 'dot'.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=str),
              metavar="PATH", help="File to write ('-' for standard output).")
def diagram(what: str, fmt: str | None, output: str) -> None:
    """Draw the IL-7 pathway and/or its disease map as a Graphviz diagram.

    The canonical route (JAK1/JAK3 -> STAT5) is bold, non-canonical branches dashed; deficiency,
    excess and mutation links to diseases each have their own style (see the legend). Without
    Graphviz installed, svg and png fail with exit 3; --format dot always works.
    """
    from pathlib import Path

    from ..publish import diagram as diagrams

    if output == "-":
        data = diagrams.render(diagrams.dot_source(what), fmt or "dot")
        emit(data)
        return
    path = diagrams.write(Path(output), what, fmt)
    say(f"wrote {path}")
