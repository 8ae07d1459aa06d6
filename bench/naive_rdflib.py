"""The naive approach the cold-start budget is measured against: parse the Turtle with rdflib,
run the packaged SPARQL, print the rows."""

import sys
from pathlib import Path

import rdflib

root = Path(sys.argv[1])
graph = rdflib.Graph()
for path in sorted((root / "ontology").glob("*.ttl")):
    graph.parse(path, format="turtle")
query = (root / "queries" / f"{sys.argv[2]}.rq").read_text(encoding="utf-8")
for row in graph.query(query):
    print("\t".join("" if term is None else str(term) for term in row))
