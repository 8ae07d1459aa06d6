"""The cold-start baselines: a packaged query answered without il7onto, by one engine.

    python bench/baseline_query.py rdflib ROOT NAME      # the naive approach: parse the Turtle with rdflib
    python bench/baseline_query.py pyoxigraph ROOT NAME  # the least work: load the Turtle into pyoxigraph

Each loads the ontology's Turtle files under ROOT, runs queries/NAME.rq and prints the rows. The
pyoxigraph run's time over `import pyoxigraph` is the engine's share of a cold `il7onto query`.
"""

import sys
from pathlib import Path

engine, root, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
paths = sorted((root / "ontology").glob("*.ttl"))
query = (root / "queries" / f"{name}.rq").read_text(encoding="utf-8")
if engine == "rdflib":
    import rdflib

    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    rows = graph.query(query)
else:
    import pyoxigraph

    store = pyoxigraph.Store()
    for path in paths:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    rows = store.query(query)
for row in rows:
    print("\t".join("" if term is None else str(term) for term in row))
