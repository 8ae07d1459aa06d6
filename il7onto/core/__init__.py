"""Shared low-level pieces every layer may use: errors and exit codes, namespaces, the shipped data,
the ontology as a graph or store, the safe reader of users' files, the HTTP client, terminal and stdout.

Internal: the public API is ``il7onto.__all__``."""
