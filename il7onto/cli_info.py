"""`il7onto info`: what the ontology holds."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def info(fmt: str) -> None:
    """Print what the ontology holds: entities by class, claims, alignments by vocabulary."""
    from . import __version__
    from .info import summarize

    summary = summarize()
    if fmt == "json":
        click.echo(json.dumps({"version": __version__, **summary.__dict__}, indent=2, sort_keys=True))
        return
    click.echo(f"il7onto {__version__}: {summary.triples} triples")
    sections = [("Entities by class", summary.entities_by_class),
                ("Assertions", summary.assertions),
                ("Alignments by target vocabulary", summary.alignments_by_vocabulary)]
    for title, counts in sections:
        click.echo(f"\n{title} ({sum(counts.values())}):")
        width = max(map(len, counts), default=0)
        for name, count in counts.items():
            click.echo(f"  {name:<{width}}  {count:>4}")
