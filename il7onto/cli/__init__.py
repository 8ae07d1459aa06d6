"""The command line: one module per command group, over the Python API; `fastpath` answers
`il7onto query NAME` without click.

Internal: the public API is ``il7onto.__all__``."""
