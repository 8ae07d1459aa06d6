"""Dereferenceable IRIs: the shipped w3id.org rules and `il7onto serve`'s /il7onto/ paths agree.

Requests are made with the real ``curl`` (as a linked-data client would), redirects are followed
to what the server returns, and the w3id ``.htaccess`` is evaluated rule by rule (RewriteCond as
a regular-expression search of the Accept header, [OR] chains, first matching RewriteRule wins)
for the same requests: both must send the client to the same place.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from servers import il7onto_endpoint
import rdflib

from il7onto import __version__
from il7onto.publish.linked_data import PUBLICATION_HOME, doc_pages, htaccess
from il7onto.core.namespaces import IL7, ONTOLOGY_IRI

from servers import ROOT

HTACCESS = ROOT / "w3id" / "il7onto" / ".htaccess"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CURL = shutil.which("curl")
needs_curl = pytest.mark.skipif(CURL is None, reason="needs the curl program")


@pytest.fixture(scope="module")
def origin():
    with il7onto_endpoint(timeout=10, max_workers=1) as origin:
        yield origin


def curl(url: str, accept: str | None, follow: bool = False) -> tuple[int, str, str, bytes]:
    """(status, redirect target, content type, body) as curl sees them."""
    args = [CURL, "-s", "-o", "-", "-w", "\n%{http_code} %{redirect_url} %{content_type}"]
    if accept is not None:
        args += ["-H", f"Accept: {accept}"]
    if follow:
        args.append("-L")
    out = subprocess.run(args + [url], capture_output=True, check=True, timeout=120).stdout
    body, _, trailer = out.rpartition(b"\n")
    status, target, content_type = (trailer.decode().split(" ", 2) + ["", ""])[:3]
    return int(status), target, content_type, body


def test_shipped_htaccess_is_current():
    assert HTACCESS.read_text(encoding="utf-8") == htaccess(doc_pages()), \
        "regenerate: python -m il7onto.publish.linked_data > w3id/il7onto/.htaccess"


def apache(path: str, accept: str) -> tuple[int, str] | None:
    """What the shipped rules do with a request (status, target), or None if no rule matches."""
    conditions: list[tuple[str, bool]] = []
    for line in HTACCESS.read_text(encoding="utf-8").splitlines():
        if line.startswith("RewriteCond %{HTTP_ACCEPT} "):
            pattern, _, flags = line[len("RewriteCond %{HTTP_ACCEPT} "):].partition(" ")
            conditions.append((pattern, "[OR]" in flags))
        elif line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split(" ")
            ok, pending_or = True, False
            for index, (cond, is_or) in enumerate(conditions):
                hit = re.search(cond, accept) is not None
                if index == 0:
                    ok = hit
                elif pending_or:
                    ok = ok or hit
                else:
                    ok = ok and hit
                pending_or = is_or
            conditions = []
            match = re.search(pattern, path)
            if ok and match:
                status = int(re.search(r"R=(\d+)", flags).group(1))
                return status, match.expand(target.replace("$", "\\"))
    return None


CASES = [  # (path below il7onto/, Accept, expected target path below the publication home)
    ("il7onto.owl", BROWSER, "/docs/index.html"),
    ("", BROWSER, "/docs/index.html"),
    ("", "text/turtle", f"/releases/{__version__}/il7onto.ttl"),
    ("il7onto.owl", "text/turtle", f"/releases/{__version__}/il7onto.ttl"),
    ("il7onto.owl", "application/rdf+xml", f"/releases/{__version__}/il7onto.owl"),
    ("il7onto.owl", "application/ld+json", f"/releases/{__version__}/il7onto.jsonld"),
    ("il7onto.owl", "*/*", f"/releases/{__version__}/il7onto.owl"),
    (f"releases/{__version__}/il7onto.owl", "text/turtle", f"/releases/{__version__}/il7onto.ttl"),
    (f"releases/{__version__}/il7onto.ttl", "*/*", f"/releases/{__version__}/il7onto.ttl"),
    ("Cytokine", BROWSER, "/docs/class-Cytokine.html"),
    ("Cytokine", "*/*", "/docs/class-Cytokine.html"),
    ("Cytokine", "text/turtle", f"/releases/{__version__}/il7onto.ttl"),
    ("Cytokine", "application/n-triples", f"/releases/{__version__}/il7onto.nt"),
]


@needs_curl
@pytest.mark.parametrize("path, accept, target", CASES)
def test_serve_and_w3id_rules_redirect_alike(origin, path, accept, target):
    status, location, _, _ = curl(f"{origin}/il7onto/{path}", accept)
    assert (status, location) == (apache(path, accept)[0], origin + target)
    assert apache(path, accept)[1] == PUBLICATION_HOME + target


@needs_curl
def test_entity_pages_and_data_dereference(origin):
    status, _, content_type, body = curl(f"{origin}/il7onto/Cytokine", BROWSER, follow=True)
    assert status == 200 and content_type.startswith("text/html") and b"Cytokine" in body
    status, _, content_type, body = curl(f"{origin}/il7onto/Cytokine", "text/turtle", follow=True)
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert status == 200 and content_type.startswith("text/turtle")
    assert (rdflib.URIRef(IL7 + "Cytokine"), rdflib.RDF.type, rdflib.OWL.Class) in graph
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionIRI,
            rdflib.URIRef(f"{IL7}releases/{__version__}/il7onto.owl")) in graph


@needs_curl
@pytest.mark.parametrize("path, accept, status", [
    ("NoSuchThing", "text/turtle", 404),
    ("releases/9.9.9/il7onto.owl", "text/turtle", 404),
    ("Cytokine", "image/png", 406),
    ("il7onto.owl", "image/png", 406),
])
def test_unknown_or_unacceptable(origin, path, accept, status):
    got, _, _, body = curl(f"{origin}/il7onto/{path}", accept)
    assert got == status and body.strip()


def test_release_file_names_are_the_release(tmp_path):
    from il7onto.publish.export import release
    from il7onto.publish.linked_data import RELEASE_FILES

    assert sorted(RELEASE_FILES) == sorted(path.name for path in release(tmp_path / "rel"))


@needs_curl
def test_release_files_are_served(origin):
    status, _, content_type, body = curl(f"{origin}/il7onto/releases/{__version__}/il7onto_edges.tsv", "*/*", follow=True)
    assert status == 200 and body.split(b"\n", 1)[0].count(b"\t") >= 2  # a KGX table, reached by its w3id path
    status, _, _, sums = curl(f"{origin}/releases/{__version__}/SHA256SUMS", "*/*")
    import hashlib

    for line in sums.decode().splitlines():
        digest, name = line.split("  ")
        _, _, _, data = curl(f"{origin}/releases/{__version__}/{name}", "*/*")
        assert hashlib.sha256(data).hexdigest() == digest, name
