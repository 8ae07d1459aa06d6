"""Hostile inputs: files and SPARQL that would make a careless RDF tool fetch or expand something.

Every remote reference points at ``base`` (a loopback canary in tests and benchmarks), so a
fetch attempt is recorded rather than sent anywhere. Shared by the hardening tests and bench/run.py.
"""

from __future__ import annotations


def hostile_files(base: str) -> dict[str, str]:
    """File name -> content of each hostile file; its extension gives its format."""
    return {
        "dtd.rdf": f'''<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "{base}/entity"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&ext;</ex:p></rdf:Description>
</rdf:RDF>''',
        "billion-laughs.rdf": '''<?xml version="1.0"?>
<!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&lol4;</ex:p></rdf:Description>
</rdf:RDF>''',
        "file-entity.rdf": '''<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY f SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>''',
        "remote-context.jsonld": f'{{"@context": "{base}/context.jsonld", "@id": "http://example.org/a", "p": "x"}}',
        "file-context.jsonld": '{"@context": "file:///etc/passwd", "@id": "http://example.org/a"}',
        "relative-context.jsonld": '{"@context": "context.jsonld", "@id": "http://example.org/a"}',
        "context-list.jsonld": f'{{"@context": [{{"ex": "http://example.org/"}}, "{base}/c2"], "@id": "http://example.org/a"}}',
        "nested-context.jsonld": f'{{"@context": {{"ex": "http://example.org/"}}, "@graph": [{{"@context": "{base}/c3", "@id": "ex:a"}}]}}',
        "import.jsonld": f'{{"@context": {{"@version": 1.1, "@import": "{base}/c4"}}, "@id": "http://example.org/a"}}',
        "imports.ttl": f'<http://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> ; '
                       f'<http://www.w3.org/2002/07/owl#imports> <{base}/onto.ttl> .',
        "imports-local.ttl": '<http://example.org/o> <http://www.w3.org/2002/07/owl#imports> <file:///etc/hosts> .',
        "imports.rdf": f'''<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#">
  <owl:Ontology rdf:about="http://example.org/o"><owl:imports rdf:resource="{base}/onto.rdf"/></owl:Ontology>
</rdf:RDF>''',
    }


def hostile_queries(base: str) -> list[str]:
    """SPARQL that would fetch from ``base`` (SERVICE, FROM, FROM NAMED, LOAD) if an engine let it."""
    return [
        f"SELECT * WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{base}/g> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{base}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{base}/data.ttl>",
        f"SELECT * WHERE {{ ?s ?p ?o . sErViCe <{base}/x> {{ ?a ?b ?c }} }}",
        # issue 12: a keyword written with codepoint escapes, and a comment ended by a lone CR
        f"SELECT * WHERE {{ \\u0053ERVICE <{base}/x> {{ ?a ?b ?c }} }}",
        f"SELECT * \\U00000046rom <{base}/g> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment to a CR\rSERVICE <{base}/x> {{ ?a ?b ?c }}\n}}",
    ]


def wrong_input_files() -> dict[str, str]:
    """File name -> content of inputs that are not unsafe but wrong (issue 12 section 6, and the
    16 MiB token limit of section 3): each is refused with exit 3 and one line by both engines."""
    return {
        "plain.jsonld": '{"name": "x", "age": 3}',
        "duplicate-key.jsonld": '{"@context": {"ex": "http://e.org/"}, "@id": "ex:a", "ex:p": "1", "ex:p": "2"}',
        "owl-xml.owl": '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" '
                       'ontologyIRI="http://example.org/o"><Declaration><Class IRI="http://example.org/A"/>'
                       '</Declaration></Ontology>\n',
        "raw-nul.nt": '<https://example.org/a> <https://example.org/p> "a\0b" .\n',
        "two-graphs.nq": '<https://e.org/a> <https://e.org/p> "1" <https://e.org/g1> .\n'
                         '<https://e.org/a> <https://e.org/p> "2" <https://e.org/g2> .\n',
        "literal-subject.ttl": '"lit" <https://e.org/p> <https://e.org/o> .\n',
        "blank-predicate.ttl": '<https://e.org/a> _:b <https://e.org/o> .\n',
        "space-in-iri.ttl": '<https://e.org/a b> <https://e.org/p> <https://e.org/o> .\n',
        "17-MiB-literal.nt": f'<https://e.org/a> <https://e.org/p> "{"x" * (17 * 1024 * 1024)}" .\n',
    }
