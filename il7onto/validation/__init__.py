"""Checking: the SHACL shapes compiled to SPARQL, the QC checks, validation reports, validation of a
remote store, and reasoning with HermiT.

Internal: the public API is ``il7onto.__all__``."""
