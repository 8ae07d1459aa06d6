"""The read-only SPARQL endpoint (`il7onto serve`): the HTTP server, its query workers and its
service description.

Internal: the public API is ``il7onto.__all__``."""
