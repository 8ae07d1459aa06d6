"""`il7onto info`: what the ontology holds."""

from __future__ import annotations

import json

import click

from ..core.stdout import emit


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def info(fmt: str) -> None:
    """Print what the ontology holds: entities by class, claims, alignments by vocabulary."""
    from .. import __version__
    from ..publish.info import summarize

    summary = summarize()
    if fmt == "json":
        emit(json.dumps({"version": __version__, **summary.__dict__}, indent=2, sort_keys=True) + "\n")
        return
    lines = [f"il7onto {__version__}: {summary.triples} triples"]
    shared = sum(summary.entities_by_class.values()) - summary.entities
    sections = [(f"Entities by class ({summary.entities}"
                 + (f"; {shared} of them in two classes, listed under each" if shared else "") + "):",
                 summary.entities_by_class),
                (f"Assertions ({sum(summary.assertions.values())}):", summary.assertions),
                (f"Alignments by target vocabulary ({sum(summary.alignments_by_vocabulary.values())}):",
                 summary.alignments_by_vocabulary)]
    for title, counts in sections:
        lines.append(f"\n{title}")
        width = max(map(len, counts), default=0)
        lines += [f"  {name:<{width}}  {count:>4}" for name, count in counts.items()]
    emit("\n".join(lines) + "\n")
