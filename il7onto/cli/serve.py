"""`il7onto serve`: a local read-only SPARQL endpoint over the ontology."""

from __future__ import annotations

import ipaddress

import click

from ..core.errors import RemoteError, UsageError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else needs --allow-non-loopback).")
@click.option("--port", default=7007, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0: pick a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query may run; then its worker process is killed (the work stops) and the client gets 503.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Queries that may run at once (one worker process each).")
@click.option("--allow-non-loopback", is_flag=True, help="Allow listening on a non-loopback address.")
@click.option("--cors", is_flag=True,
              help="Let web pages on any origin query the endpoint (CORS headers and preflight); off by default.")
@click.option("--verbose", "-v", is_flag=True, help="Log each request on stderr.")
def serve(host: str, port: int, timeout: float, workers: int, allow_non_loopback: bool, cors: bool,
          verbose: bool) -> None:
    """Serve the ontology as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    The ontology is in its named graph https://w3id.org/il7onto/il7onto.owl (as after `load`);
    queries without GRAPH see the union of all graphs. A browser gets a query page, RDF clients
    the service description; /il7onto/... answers the w3id.org IRIs (docs or RDF by Accept).

    \b
    Example:
      il7onto serve --port 7007 &
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7007/sparql
    """
    from ..endpoint.server import make_server

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        raise UsageError(f"--host {host!r} is not an IP address") from None
    if not loopback and not allow_non_loopback:
        raise UsageError(f"--host {host} is not a loopback address; add --allow-non-loopback to expose the endpoint")
    try:
        server = make_server(host, port, timeout=timeout, max_workers=workers, cors=cors)
    except OSError as exc:
        raise RemoteError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.verbose = verbose
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"il7onto: read-only SPARQL endpoint at http://{bound_host}:{bound_port}/sparql "
               f"(query timeout {timeout:g}s; Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
