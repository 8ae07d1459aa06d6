"""`il7onto serve` against the SPARQL 1.1 Protocol, modelled on the W3C protocol tests.

Test names follow https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/ (query_*,
bad_*); the dataset cases check the named graph and ``default-graph-uri`` / ``named-graph-uri``;
answers are compared with exact counts from the bundled ontology. RDF answers are parsed by
rdflib (an independent reader).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from servers import il7onto_endpoint
import rdflib

from il7onto.core.graph import store as ontology_store
from il7onto.core.namespaces import ONTOLOGY_IRI

TRIPLES = len(ontology_store())
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def endpoint():
    with il7onto_endpoint(timeout=10, max_workers=2) as origin:
        yield origin + "/sparql"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def call(url, params=None, data=None, headers=None, method=None):
    """(status, headers, body) of one request; redirects are not followed."""
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --- query forms (W3C: query_get, query_post_form, query_post_direct) -----------------------------

def test_query_get(endpoint):
    status, headers, body = call(endpoint, {"query": COUNT}, headers=JSON_RESULTS)
    assert status == 200 and count(body) == TRIPLES


def test_query_post_form(endpoint):
    status, _, body = call(endpoint, data={"query": COUNT}, headers={**FORM, **JSON_RESULTS})
    assert status == 200 and count(body) == TRIPLES


def test_query_post_direct(endpoint):
    status, _, body = call(endpoint, data=COUNT.encode(), headers={**DIRECT, **JSON_RESULTS})
    assert status == 200 and count(body) == TRIPLES


# --- the dataset (query_dataset_*) -----------------------------------------------------------------

def test_ontology_is_in_its_named_graph(endpoint):
    status, _, body = call(endpoint, {"query": COUNT_NAMED}, headers=JSON_RESULTS)
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200
    assert [(row["g"]["value"], int(row["n"]["value"])) for row in rows] == [(ONTOLOGY_IRI, TRIPLES)]


def test_query_dataset_default_graph(endpoint):
    status, _, body = call(endpoint, {"query": COUNT, "default-graph-uri": ONTOLOGY_IRI}, headers=JSON_RESULTS)
    assert status == 200 and count(body) == TRIPLES
    status, _, body = call(endpoint, {"query": COUNT_NAMED, "default-graph-uri": ONTOLOGY_IRI}, headers=JSON_RESULTS)
    assert json.loads(body)["results"]["bindings"] == []  # a protocol dataset names no named graph here


def test_query_dataset_default_graph_unknown(endpoint):
    status, _, body = call(endpoint, {"query": COUNT, "default-graph-uri": "http://example.org/none"},
                           headers=JSON_RESULTS)
    assert status == 200 and count(body) == 0


def test_query_dataset_named_graphs_post_form(endpoint):
    status, _, body = call(endpoint, data={"query": COUNT_NAMED, "named-graph-uri": ONTOLOGY_IRI},
                           headers={**FORM, **JSON_RESULTS})
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(ONTOLOGY_IRI, TRIPLES)]
    status, _, body = call(endpoint, data={"query": COUNT, "named-graph-uri": ONTOLOGY_IRI},
                           headers={**FORM, **JSON_RESULTS})
    assert count(body) == 0  # the default graph is empty when only named graphs are given


def test_query_dataset_full_post_direct(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"default-graph-uri": ONTOLOGY_IRI, "named-graph-uri": ONTOLOGY_IRI})
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(?p = <http://www.w3.org/2000/01/rdf-schema#label>) "
             "GRAPH <%s> { ?s ?p ?o } }" % ONTOLOGY_IRI)
    expected = len(list(ontology_store().quads_for_pattern(None, rdflib_label(), None)))
    status, _, body = call(url, data=query.encode(), headers={**DIRECT, **JSON_RESULTS})
    assert status == 200 and count(body) == expected > 0


def rdflib_label():
    import pyoxigraph

    return pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def test_bad_dataset_iri(endpoint):
    status, _, body = call(endpoint, {"query": COUNT, "default-graph-uri": "not an iri"})
    assert status == 400 and b"default-graph-uri" in body


# --- content types (query_content_type_*) ------------------------------------------------------------

def test_query_content_type_select_and_ask(endpoint):
    status, headers, body = call(endpoint, {"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    assert headers["Vary"] == "Accept"


RDF_FORMATS = [
    ("application/n-triples", "nt"),
    ("text/turtle", "turtle"),
    ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"),
    ("application/n-quads", "nquads"),
    ("application/trig", "trig"),
    ("text/n3", "n3"),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's quad parsers warn about their own API
@pytest.mark.parametrize("media, rdflib_format", RDF_FORMATS)
def test_query_content_type_construct(endpoint, media, rdflib_format):
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } "
    status, headers, body = call(endpoint, {"query": query}, headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media and headers["Vary"] == "Accept"
    expected = len(list(ontology_store().quads_for_pattern(None, rdf_type(), None)))
    graph = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=body.decode("utf-8"), format=rdflib_format)
    assert len(graph) == expected > 0


def rdf_type():
    import pyoxigraph

    return pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_query_content_type_describe(endpoint):
    status, headers, body = call(endpoint, {"query": "DESCRIBE <https://w3id.org/il7onto/Cytokine>"},
                                 headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert set(graph.subjects()) >= {rdflib.URIRef("https://w3id.org/il7onto/Cytokine")}


@pytest.mark.parametrize("query", [COUNT, "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_not_acceptable_is_406(endpoint, query):
    status, headers, body = call(endpoint, {"query": query}, headers={"Accept": "image/png"})
    assert status == 406 and headers["Vary"] == "Accept" and b"available as" in body


def test_q_zero_excludes_a_type(endpoint):
    status, headers, _ = call(endpoint, {"query": COUNT},
                              headers={"Accept": "application/sparql-results+json;q=0, */*;q=0.1"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")


# --- bad requests (bad_*) ----------------------------------------------------------------------------

def test_bad_multiple_queries(endpoint):
    status, _, body = call(endpoint, {"query": ["ASK {}", "ASK {}"]})
    assert status == 400 and b"exactly one" in body
    status, _, _ = call(endpoint, data={"query": ["ASK {}", "ASK {}"]}, headers=FORM)
    assert status == 400


def test_bad_query_method(endpoint):
    status, headers, _ = call(endpoint, {"query": "ASK {}"}, method="PUT", data=b"")
    assert status == 405 and "GET" in headers["Allow"]


def test_bad_query_missing_form_type(endpoint):
    status, _, _ = call(endpoint, data=urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                        headers={"Content-Type": ""})
    assert status == 415


def test_bad_query_wrong_media_type(endpoint):
    status, _, _ = call(endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_bad_query_non_utf8(endpoint):
    status, _, _ = call(endpoint, data='ASK { ?s ?p "caf\u00e9" }'.encode("latin-1"),
                        headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
    assert status == 415
    status, _, body = call(endpoint, data='ASK { ?s ?p "caf\u00e9" }'.encode("latin-1"), headers=DIRECT)
    assert status == 400 and b"UTF-8" in body


def test_bad_query_syntax(endpoint):
    status, _, body = call(endpoint, {"query": "ASK {"})
    assert status == 400 and b"syntax" in body.lower()


def test_bad_update_get(endpoint):
    status, _, _ = call(endpoint, {"update": "CLEAR ALL"})
    assert status == 403


def test_bad_query_in_url_and_body(endpoint):
    status, _, _ = call(endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"}), data=b"ASK {}", headers=DIRECT)
    assert status == 400


# --- service description -----------------------------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = rdflib.Namespace("https://schema.org/")


@pytest.mark.parametrize("media, rdflib_format", [("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                                                  ("application/ld+json", "json-ld")])
def test_service_description(endpoint, media, rdflib_format):
    from il7onto.sparql.catalog import catalog

    status, headers, body = call(endpoint, headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].startswith(media) and headers["Vary"] == "Accept"
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    service = rdflib.URIRef(endpoint)
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    names = set(graph.objects(None, SD.name))
    assert names == {rdflib.URIRef(ONTOLOGY_IRI)}
    examples = set(graph.subjects(rdflib.RDF.type, SH.SPARQLExecutable))
    assert {str(e).rsplit("/", 1)[1] for e in examples} == set(catalog())
    assert set(graph.subjects(SCHEMA.target, service)) == examples


def test_service_description_not_acceptable(endpoint):
    status, headers, _ = call(endpoint, headers={"Accept": "image/png"})
    assert status == 406 and headers["Vary"] == "Accept"


# --- the HTML page -------------------------------------------------------------------------------------

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_browser_gets_the_query_page(endpoint):
    from html.parser import HTMLParser

    from il7onto.sparql.catalog import catalog

    status, headers, body = call(endpoint, headers=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html") and headers["Vary"] == "Accept"

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.options, self.remote = set(), [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "option" and attrs.get("value"):
                self.options.append(attrs["value"])
            for name in ("src", "href"):
                if (attrs.get(name) or "").startswith(("http:", "https:", "//")):
                    self.remote.append(attrs[name])

    page = Page()
    page.feed(body.decode("utf-8"))
    assert {"query", "example", "run", "results", "query-form"} <= page.ids
    assert page.options == sorted(catalog())
    assert page.remote == []  # offline: no CDN


def test_browser_query_prefills_the_page(endpoint):
    status, headers, body = call(endpoint, {"query": "ASK { ?s ?p ?o }"}, headers=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"ASK { ?s ?p ?o }</textarea>" in body


def test_query_command_graph_option_is_honoured(endpoint):
    """`il7onto query --endpoint URL --graph IRI` sends default-graph-uri; serve now applies it."""
    from il7onto.sparql.engine import OxigraphBackend
    from il7onto.sparql.remote import RemoteBackend

    text = "SELECT ?s WHERE { ?s a <https://w3id.org/il7onto/Cytokine> }"
    expected = set(OxigraphBackend().select(text).rows)
    assert expected
    assert set(RemoteBackend(endpoint, graph=ONTOLOGY_IRI).select(text).rows) == expected
    assert RemoteBackend(endpoint, graph="https://example.org/elsewhere").select(text).rows == ()
