"""`il7onto validate` and `il7onto reason`."""

from __future__ import annotations

import click

from .stdout import emit


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="Report format.")
@click.option("--input-format", type=click.Choice(["turtle", "ntriples", "nquads", "rdfxml", "jsonld"]), default=None,
              help="Format of PATHS (default: from the file extension).")
@click.option("--inference", type=click.Choice(["none", "rdfs"]), default="none", show_default=True,
              help="Run RDFS inference before validating (always with the pyshacl engine).")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="SHACL engine: the shapes compiled to SPARQL on pyoxigraph (fast), or pyshacl on rdflib "
                   "(the reference). Both give the same results.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--max-input-mb", type=click.IntRange(min=1), default=None, metavar="N",
              help="Size limit for each input file (default 2048 MiB; 50 MiB for JSON-LD and --engine pyshacl).")
def validate(paths: tuple[str, ...], fmt: str, input_format: str | None, inference: str, engine: str,
             strict: bool, max_input_mb: int | None) -> int:
    """Validate the ontology, or your RDF files merged with it, against the shapes and QC checks.

    Exit codes: 0 conforms; 1 violations (or warnings with --strict); 3 unreadable or unparseable
    input; 4 input refused as unsafe (DOCTYPE/ENTITY, remote JSON-LD context, owl:imports).
    """
    from .userdata import set_max_input_mb
    from .validation import validate as run

    set_max_input_mb(max_input_mb)
    report = run(list(paths) or None, input_format=input_format, inference=inference == "rdfs", strict=strict,
                 engine=engine)
    emit(report.render(fmt).rstrip("\n") + "\n")
    return report.exit_code


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
@click.option("--input-format", type=click.Choice(["turtle", "ntriples", "nquads", "rdfxml", "jsonld"]), default=None,
              help="Format of PATHS (default: from the file extension).")
@click.option("--max-input-mb", type=click.IntRange(min=1), default=None, metavar="N",
              help="Size limit for each input file (default 50 MiB: files are read with rdflib).")
def reason(paths: tuple[str, ...], fmt: str, input_format: str | None, max_input_mb: int | None) -> int:
    """Reason over the ontology, or your RDF files merged with it, with HermiT (needs Java), plus an
    OWL 2 DL structural profile check.

    Files are read as by `validate` (same formats, limits and safety checks).
    Exit codes: 0 consistent, no unsatisfiable classes, profile clean; 1 otherwise; 3 Java not found
    or unreadable input; 4 input refused as unsafe.
    """
    from .reasoning import reason as run
    from .userdata import set_max_input_mb

    set_max_input_mb(max_input_mb)
    result = run(list(paths), input_format=input_format)
    emit(result.render(fmt).rstrip("\n") + "\n")
    return result.exit_code
