"""Writers of the ontology: RDF serialisations, release artefacts (OBO, SSSOM, KGX, nanopublications),
tables, the HTML documentation, diagrams and the linked-data redirects. Imports only core.

Internal: the public API is ``il7onto.__all__``."""
