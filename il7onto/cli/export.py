"""`il7onto export` and `il7onto load`: the ontology for other tools and triple stores."""

from __future__ import annotations


import click

from ..core.errors import UsageError
from ..publish.export import FORMATS
from ..core.stdout import emit
from ..core.terminal import say


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="[default: from the -o extension, else turtle] turtle, ntriples, nquads (graph = ontology IRI), "
                   "rdfxml (OWL tools), jsonld (compact context embedded), obo (OBO 1.4), obographs (OBO Graphs "
                   "JSON), sssom (alignments), kgx (Biolink nodes/edges TSV, needs -o DIR), nanopub (every claim as a "
                   "nanopublication with a trusty URI, TriG; needs the nanopub extra).")
@click.option("-o", "--output", default=None, metavar="PATH",
              help="Write to PATH (atomically) instead of stdout; for kgx a folder.")
@click.option("--release", "release_dir", default=None, metavar="DIR",
              help="Write every format into DIR, with SHA256SUMS.")
def export(fmt: str | None, output: str | None, release_dir: str | None) -> None:
    """Export the ontology; output is byte-identical from run to run.

    The format follows the -o extension (.ttl .nt .nq .owl/.rdf .jsonld .obo .json .sssom.tsv); --format may
    only repeat it.
    """
    from ..publish import export as api

    fmt = api.format_for(output, fmt)
    if release_dir is not None:
        if output is not None:
            raise UsageError("--release DIR and -o PATH exclude each other")
        for path in api.release(release_dir):
            say(path)
        return
    if fmt == "kgx":
        if output is None:
            raise UsageError("kgx is two files: give -o DIR (writes DIR/il7onto_nodes.tsv and DIR/il7onto_edges.tsv)")
        for path in api.write("kgx", output):
            say(path)
        return
    if output is not None and output != "-":
        api.write(fmt, output)
        return
    emit(api.render(fmt))


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=str))
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store endpoint (Oxigraph: http://HOST:PORT/store; "
                   "Virtuoso: http://HOST:PORT/sparql-graph-crud-auth).")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="Target named graph [default: the ontology IRI https://w3id.org/il7onto/il7onto.owl].")
@click.option("--replace/--append", default=True, show_default=True,
              help="PUT (replace the graph's content) or POST (add to it).")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="SPARQL query endpoint for the triple-count check [default: derived, e.g. /store -> /query].")
@click.option("--user", default=None, envvar="IL7ONTO_USER", help="User name (or env IL7ONTO_USER).")
@click.option("--password", default=None, envvar="IL7ONTO_PASSWORD", show_envvar=False,
              help="Password (better: env IL7ONTO_PASSWORD).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Deadline in seconds for each answer of the store, in total however slowly it arrives; "
                   "each chunk of the upload must also be accepted within it (connect timeout: 10 s).")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(min=1, max=10),
              help="Attempts in all for transient failures (refused/reset connections, 502/503/504).")
@click.option("--bulk", is_flag=True,
              help="Oxigraph only (refused for a store whose Server header is not Oxigraph): use its bulk loader (no_transaction), several times faster for millions of "
                   "triples but NOT atomic: a failure can leave the graph partly written.")
@click.option("--max-input-mb", type=click.IntRange(min=1), default=None, metavar="N",
              help="Size limit for FILE (default 2048 MiB; 50 MiB for JSON-LD).")
def load(file, endpoint, graph_iri, replace, query_endpoint, user, password, timeout, retries, bulk,
         max_input_mb) -> None:
    """Load the ontology (or FILE) into one named graph of a triple store (SPARQL 1.1 Graph Store
    HTTP Protocol), then check the graph's triple count and content there."""
    from ..sparql.gsp import upload
    from ..core.http import CONNECT_TIMEOUT, Client, stderr_progress
    from ..core.urls import check_url
    from ..core.namespaces import ONTOLOGY_IRI
    from ..core.userdata import set_max_input_mb

    set_max_input_mb(max_input_mb)
    if password is not None and user is None:
        raise UsageError("--password needs --user (or IL7ONTO_USER)")
    client = Client(user=user, password=password, connect_timeout=min(CONNECT_TIMEOUT, timeout),
                    read_timeout=timeout, retries=retries, progress=stderr_progress("upload"))
    check_url(endpoint, "--endpoint")  # before anything is printed: the URL may hold a password
    if query_endpoint is not None:
        check_url(query_endpoint, "--query-endpoint")
    summary = upload(endpoint, graph_iri=graph_iri or ONTOLOGY_IRI, path=file, replace=replace,
                     query_endpoint=query_endpoint, client=client,
                     log=say, bulk=bulk)
    verb = "replaced" if replace else "appended to"
    emit(f"{verb} graph <{summary['graph']}>: {summary['sent']} triples sent, "
         f"{summary['stored']} triples now in the graph\n")
