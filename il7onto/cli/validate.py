"""`il7onto validate` and `il7onto reason`."""

from __future__ import annotations

import click

from ..core.errors import UsageError
from ..core.stdout import emit


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json", "jsonl"]), default="text",
              show_default=True,
              help="Report format. jsonl: one JSON object per finding, then a summary line; with --endpoint "
                   "written as each check's results arrive.")
@click.option("--input-format", type=click.Choice(["turtle", "ntriples", "nquads", "rdfxml", "jsonld"]), default=None,
              help="Format of PATHS (default: from the file extension).")
@click.option("--inference", type=click.Choice(["none", "rdfs"]), default="none", show_default=True,
              help="Run RDFS inference before validating (always with the pyshacl engine).")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="SHACL engine: the shapes compiled to SPARQL on pyoxigraph (fast), or pyshacl on rdflib "
                   "(the reference). Both give the same results.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--include-bundled", is_flag=True,
              help="Also report what the bundled ontology has on its own (set apart; never affects the verdict "
                   "on your files).")
@click.option("--max-input-mb", type=click.IntRange(min=1), default=None, metavar="N",
              help="Size limit for each input file (default 2048 MiB; 50 MiB for JSON-LD and --engine pyshacl).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=str), default=None, metavar="DIR",
              help="Validate in an on-disk store in a scratch directory inside DIR (removed afterwards), for "
                   "files larger than memory; chosen automatically (in $TMPDIR) past half the available memory.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Checks run at once, each on a thread of its own (default: the CPUs available, at most 4); "
                   "the report does not depend on it. Default engine, local files only.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Validate the data in this SPARQL endpoint instead: the checks run at the store, nothing "
                   "is downloaded but the results. The store must hold the ontology too (`il7onto load`).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="With --endpoint: a named graph to validate (repeatable; their merge is validated). "
                   "Default: the store's default graph.")
@click.option("--page-size", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="With --endpoint: rows per request (each check is paged with ORDER BY/LIMIT/OFFSET).")
@click.option("--user", default=None, envvar="IL7ONTO_USER", help="With --endpoint: user name (or env IL7ONTO_USER).")
@click.option("--password", default=None, envvar="IL7ONTO_PASSWORD", show_envvar=False,
              help="With --endpoint: password (better: env IL7ONTO_PASSWORD).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="With --endpoint: read timeout per request, in seconds.")
def validate(paths: tuple[str, ...], fmt: str, input_format: str | None, inference: str, engine: str,
             strict: bool, include_bundled: bool, max_input_mb: int | None, store_dir: str | None, jobs: int | None,
             endpoint: str | None, graphs: tuple[str, ...], page_size: int, user: str | None, password: str | None,
             timeout: float) -> int:
    """Validate the ontology, or your RDF files merged with it, against the shapes and QC checks;
    or, with --endpoint, the data held by a SPARQL endpoint.

    Exit codes: 0 conforms; 1 violations (or warnings with --strict); 2 usage error; 3 unreadable or
    unparseable input; 4 input refused as unsafe (DOCTYPE/ENTITY, remote JSON-LD context,
    owl:imports); 5 the endpoint failed, refused or timed out.
    """
    from ..core.userdata import set_max_input_mb
    from ..validation.validate import validate as run

    for name, value in (("--store", store_dir), ("--jobs", jobs)):
        if value is not None and (endpoint is not None or engine != "sparql" or inference != "none"):
            raise UsageError(f"{name} works with the default engine only (not --endpoint, --engine pyshacl, "
                             "--inference rdfs)")
    if endpoint is not None:
        _check_endpoint_options(paths, engine, inference, user, password)
        if fmt == "jsonl":
            return _stream_endpoint(endpoint, graphs, strict, page_size, user, password, timeout, include_bundled)
        from ..validation.endpoint_validation import validate_endpoint

        report = validate_endpoint(endpoint, graphs, strict=strict, page_size=page_size, timeout=timeout, user=user,
                                   password=password, include_bundled=include_bundled)
    else:
        if graphs:
            raise UsageError("--graph needs --endpoint")
        set_max_input_mb(max_input_mb)
        report = run(list(paths) or None, input_format=input_format, inference=inference == "rdfs", strict=strict,
                     engine=engine, store_dir=store_dir, include_bundled=include_bundled, jobs=jobs)
    if fmt == "jsonl":
        from ..validation.report_lines import write_lines

        return write_lines([report.results, report.bundled], emit, strict=strict, bundled=report.bundled,
                           include_bundled=include_bundled)
    emit(report.render(fmt).rstrip("\n") + "\n")
    return report.exit_code


def _stream_endpoint(endpoint, graphs, strict, page_size, user, password, timeout, include_bundled) -> int:
    from ..validation.endpoint_validation import endpoint_findings
    from ..validation.report_lines import write_lines
    from ..validation.validate import bundled_findings

    batches = endpoint_findings(endpoint, graphs, page_size=page_size, timeout=timeout, user=user, password=password)
    return write_lines(batches, emit, strict=strict, bundled=bundled_findings(), include_bundled=include_bundled)


def _check_endpoint_options(paths, engine, inference, user, password) -> None:
    if paths:
        raise UsageError("give PATHS or --endpoint, not both (load the files into the store first: `il7onto load`)")
    if engine != "sparql" or inference != "none":
        raise UsageError("--endpoint runs the compiled SPARQL checks only: drop --engine pyshacl / --inference rdfs")
    if password is not None and user is None:
        raise UsageError("--password needs --user (or IL7ONTO_USER)")


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
    from ..validation.reasoning import reason as run
    from ..core.userdata import set_max_input_mb

    set_max_input_mb(max_input_mb)
    result = run(list(paths), input_format=input_format)
    emit(result.render(fmt).rstrip("\n") + "\n")
    return result.exit_code
