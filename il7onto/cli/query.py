"""`il7onto queries` and `il7onto query`: the packaged questions."""

from __future__ import annotations

import sys

import click

from .params import parse_params
from ..sparql.engine import LOCAL_ENGINES
from ..core.errors import InputError, UnsafeInputError, UsageError
from ..publish.export import RDF_FORMATS
from ..sparql.results import FORMATS
from ..core.stdout import emit


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", show_default=True,
              help="text: a list; turtle: the SHACL sparql-examples catalogue.")
def queries(fmt: str) -> None:
    """List the packaged queries with their titles and parameters."""
    from ..sparql.catalog import catalog

    if fmt == "turtle":
        from ..sparql.sparql_examples import catalogue_turtle

        emit(catalogue_turtle())
        return
    defs = catalog()
    width = max(map(len, defs))
    lines = []
    for name, definition in defs.items():
        lines.append(f"{name:<{width}}  {definition.title}")
        for p in definition.parameters:
            default = f", default {p.default}" if p.default else ""
            lines.append(f"{'':<{width}}    --param {p.name}=VALUE  ({p.type}, /{p.pattern}/{default}) {p.description}")
            lines.append(f"{'':<{width}}      accepts {p.accepted_forms()}")
    emit("\n".join(lines) + "\n")


def _complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Shell completion of NAME: the packaged queries, with their titles."""
    from click.shell_completion import CompletionItem

    from ..sparql.catalog import catalog

    return [CompletionItem(name, help=definition.title) for name, definition in catalog().items()
            if name.startswith(incomplete)]


def _complete_params(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Shell completion of --param: the chosen query's parameter names as ``KEY=``, then the
    choices of a parameter that lists them (``vocabulary=MESH`` ...)."""
    from click.shell_completion import CompletionItem

    from ..sparql.catalog import catalog

    # while an option still waits for its value, click leaves NAME among the unparsed arguments
    name = ctx.params.get("name") or next((arg for arg in ctx.args if not arg.startswith("-")), "")
    definition = catalog().get(name)
    if definition is None:
        return []
    key, eq, value = incomplete.partition("=")
    if not eq:
        return [CompletionItem(f"{p.name}=", help=p.description) for p in definition.parameters
                if p.name.startswith(key)]
    chosen = next((p for p in definition.parameters if p.name == key), None)
    choices = chosen.pattern.split("|") if chosen and chosen.accepted_forms().startswith("one of") else []
    return [CompletionItem(f"{key}={choice}") for choice in choices if choice.lower().startswith(value.lower())]


@click.command()
@click.argument("name", required=False, shell_complete=_complete_names)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).",
              shell_complete=_complete_params)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Run your own SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) from this file ('-' for "
                   "stdin); the ontology's prefixes (il7:, rdfs:, skos: ...) need no PREFIX line.")
@click.option("--format", "fmt", type=click.Choice(FORMATS + RDF_FORMATS), default="table", show_default=True,
              help="table for people (ASK: true/false); csv, tsv, json, xml: the W3C SPARQL 1.1 results "
                   "formats; CONSTRUCT/DESCRIBE: turtle (also for table), ntriples, nquads, rdfxml, jsonld.")
@click.option("--engine", type=click.Choice(LOCAL_ENGINES), default="oxigraph", show_default=True,
              help="Local query engine.")
@click.option("--endpoint", default=None, metavar="URL", help="Query a remote SPARQL endpoint instead.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI", help="Named graph to query at the endpoint.")
@click.option("--timeout", default=None, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="With --endpoint: deadline for the endpoint's answer, in total however slowly it arrives "
                   "[default: 60].")
@click.option("--allow-remote", is_flag=True, help="Allow SERVICE / FROM in your own query (off by default).")
@click.option("--width", type=click.IntRange(min=20), default=None, metavar="N",
              help="Fit the table into N columns [default: the terminal's width; piped output is never cut].")
@click.option("--no-truncate", is_flag=True, help="Never shorten table cells, even on a terminal.")
def query(name, params, query_file, fmt, engine, endpoint, graph_iri, timeout, allow_remote, width,
          no_truncate) -> None:
    """Answer a packaged question NAME (see `il7onto queries`), or run --file QUERY.rq."""
    from ..sparql.queries import run, run_text
    from ..sparql.results import render, terminal_width

    if width is not None and no_truncate:
        raise UsageError("--width N and --no-truncate exclude each other")
    if (name is None) == (query_file is None):
        raise UsageError("give a query NAME or --file PATH (one of them); `il7onto queries` lists the names")
    engine_obj = engine
    if endpoint:
        from ..sparql.queries import backend
        from ..core.urls import check_url

        check_url(endpoint, "--endpoint")
        if graph_iri is not None:
            from ..sparql.gsp import check_graph_iri

            check_graph_iri(graph_iri)
        engine_obj = backend("remote", endpoint=endpoint, graph=graph_iri,
                             **({"timeout": timeout} if timeout is not None else {}))
    elif graph_iri:
        raise UsageError("--graph needs --endpoint")
    elif timeout is not None:
        raise UsageError("--timeout needs --endpoint")
    if query_file is not None:
        if params:
            raise UsageError("--param applies to packaged queries, not to --file")
        text = _read_query(query_file)
        try:
            result = run_text(text, engine=engine_obj, allow_remote=allow_remote)
        except (InputError, UnsafeInputError) as exc:
            raise type(exc)(f"{query_file}: {exc}") from None
    else:
        result = run(name, engine=engine_obj, **parse_params(params))
    emit(render(result, fmt, width=None if no_truncate else width or terminal_width()))
    if endpoint and graph_iri is None and _empty(result):
        from ..sparql.remote import empty_answer_hint

        hint = empty_answer_hint(engine_obj)
        if hint:
            click.echo(f"il7onto: hint: {hint}", err=True)


def _empty(result) -> bool:
    from ..sparql.engine import Result

    return isinstance(result, (Result, tuple)) and len(result) == 0


MAX_QUERY_BYTES = 1024 * 1024  # a query file (or stdin) larger than 1 MiB is refused


def _read_query(path: str) -> str:
    """The query text from ``path`` ('-': stdin), read under MAX_QUERY_BYTES; a FIFO or device
    given by name is refused (it may never end); stdin is read under the same cap."""
    import os
    import stat

    try:
        if path == "-":
            stream = sys.stdin.buffer if sys.stdin is not None else None
            if stream is None:
                raise InputError("cannot read the query from standard input: it is closed")
            data = stream.read(MAX_QUERY_BYTES + 1)
        else:
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise InputError(f"query file {path} is not a regular file (a FIFO or a device); refused")
            with open(path, "rb") as handle:
                data = handle.read(MAX_QUERY_BYTES + 1)
        if len(data) > MAX_QUERY_BYTES:
            raise InputError(f"query file {path} is larger than {MAX_QUERY_BYTES // 1024} KiB; refused")
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"query file {path} is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"cannot read query file {path}: {exc.strerror or exc}") from None
