"""The least work a cold query can do, without il7onto: load the ontology's Turtle into pyoxigraph,
run the packaged SPARQL, print the rows. Its time over `import pyoxigraph` is the engine's share of
a cold `il7onto query`; the rest is il7onto's own."""

import sys
from pathlib import Path

import pyoxigraph

root = Path(sys.argv[1])
store = pyoxigraph.Store()
for path in sorted((root / "ontology").glob("*.ttl")):
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
query = (root / "queries" / f"{sys.argv[2]}.rq").read_text(encoding="utf-8")
for row in store.query(query):
    print("\t".join("" if term is None else str(term) for term in row))
