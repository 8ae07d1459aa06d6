"""Querying: the packaged query catalogue, the engines (pyoxigraph, rdflib, a remote endpoint), the
safety guard for users' SPARQL, results and their formats, and the Graph Store Protocol client.

Internal: the public API is ``il7onto.__all__``."""
