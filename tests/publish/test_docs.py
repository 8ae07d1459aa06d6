"""`il7onto docs`: static HTML documentation generated from the ontology."""

from __future__ import annotations

import hashlib
import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from il7onto.publish import htmldocs
from servers import browser_missing, headless_chromium
from il7onto.cli.main import main


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    assert main(["docs", "-o", str(folder)]) == 0
    return folder


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.srcs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        if "href" in attributes:
            self.hrefs.append(attributes["href"])
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "src" in attributes:
            self.srcs.append(attributes["src"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_index_and_pages_exist(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "il7onto" in index
    for name in ("entity-IL7.html", "entity-IL7Receptor.html", "class-Cytokine.html", "property-encodes.html",
                 "property-signalsViaCanonical.html", "record-SectionOverview.html"):
        assert (site / name).is_file(), name
        assert f'href="{name}"' in index, name


def test_every_class_property_and_entity_has_a_page(site):
    import il7onto

    store = il7onto.store()
    query = """PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX il7: <https://w3id.org/il7onto/>
    SELECT DISTINCT ?x WHERE {
      { ?x a owl:Class } UNION { ?x a owl:ObjectProperty } UNION { ?x a owl:DatatypeProperty }
      UNION { ?x a owl:AnnotationProperty } UNION { ?x a/rdfs:subClassOf* il7:Entity }
      FILTER(isIRI(?x)) }"""
    iris = {s["x"].value for s in store.query(query)}
    assert len(iris) > 150
    text = "".join(p.read_text(encoding="utf-8") for p in site.glob("*.html"))
    missing = [iri for iri in sorted(iris) if f'<p class="iri">{iri}</p>' not in text]
    assert not missing, missing[:10]


def test_il7_page_shows_definition_synonyms_alignments_and_genes(site):
    page = (site / "entity-IL7.html").read_text(encoding="utf-8")
    assert "<h1>interleukin-7</h1>" in page
    assert "four-helix-bundle cytokine" in page  # definition
    assert "IL-7" in page.split('id="synonyms"')[1].split("</p>")[0]
    assert 'href="https://meshb.nlm.nih.gov/record/ui?ui=D015851"' in page
    assert 'href="https://www.uniprot.org/uniprotkb/P13232"' in page
    encoded = page.split('id="encoded-by"')[1].split("</table>")[0]
    assert 'href="entity-IL7_human_gene.html"' in encoded
    assert 'href="https://www.ncbi.nlm.nih.gov/gene/3574"' in encoded
    assert 'href="https://identifiers.org/hgnc:6023"' in encoded
    assert 'href="https://identifiers.org/MGI:96561"' in encoded


def test_claims_carry_provenance(site):
    page = (site / "entity-IL7Receptor.html").read_text(encoding="utf-8")
    claims = page.split('id="claims"')[1]
    assert "<blockquote>" in claims
    assert 'href="http://purl.obolibrary.org/obo/ECO_0000304"' in claims
    assert 'href="record-SectionSignalTransduction.html"' in claims
    assert 'href="entity-Human.html"' in claims  # species
    assert 'href="record-Descriptive.html"' in claims or 'href="record-Causal.html"' in claims
    assert "Curator note" in claims
    assert 'id="claim-' in claims


def test_alignment_link_rules():
    assert htmldocs.external_url("http://id.nlm.nih.gov/mesh/D015851") == "https://meshb.nlm.nih.gov/record/ui?ui=D015851"
    assert htmldocs.external_url("http://identifiers.org/ncbigene/3574") == "https://www.ncbi.nlm.nih.gov/gene/3574"
    assert htmldocs.external_url("http://purl.uniprot.org/uniprot/P13232") == "https://www.uniprot.org/uniprotkb/P13232"
    assert htmldocs.external_url("http://purl.obolibrary.org/obo/GO_1905540") == "http://purl.obolibrary.org/obo/GO_1905540"
    assert htmldocs.external_url("http://identifiers.org/hgnc/6023") == "https://identifiers.org/hgnc:6023"
    assert htmldocs.external_url("http://identifiers.org/mgi/MGI:96561") == "https://identifiers.org/MGI:96561"
    assert htmldocs.external_url("http://identifiers.org/reactome/R-HSA-1266695") == "https://identifiers.org/reactome:R-HSA-1266695"
    assert htmldocs.external_url("http://identifiers.org/wikipathways/WP205") == "https://identifiers.org/wikipathways:WP205"
    assert htmldocs.curie("http://purl.obolibrary.org/obo/MONDO_0015974") == "MONDO:0015974"
    assert htmldocs.curie("http://identifiers.org/mgi/MGI:96561") == "MGI:96561"


def test_internal_links_resolve_and_nothing_is_fetched(site):
    pages = sorted(site.glob("*.html"))
    ids = {p.name: _parse(p).ids for p in pages}
    broken = []
    for page in pages:
        parsed = _parse(page)
        if page.name != "index.html":  # the index's search box is the only script, and inline
            assert "script" not in parsed.tags, page.name
        assert not [s for s in parsed.srcs if "://" in s], page.name  # no remote images/scripts
        text = page.read_text(encoding="utf-8")
        assert "<link rel=\"stylesheet\"" not in text
        for href in parsed.hrefs:
            if "://" in href or href.startswith("data:"):
                continue
            target, _, anchor = href.partition("#")
            target = target or page.name
            if target not in ids or (anchor and anchor not in ids[target]):
                broken.append(f"{page.name} -> {href}")
    assert not broken, broken[:10]


def test_output_is_deterministic_across_processes(site, tmp_path):
    """A fresh process with another hash seed writes byte-identical files."""
    other = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from il7onto.cli.main import main; sys.exit(main(['docs', '-o', sys.argv[1]]))"
    subprocess.run([sys.executable, "-c", code, str(other)], check=True, env=env, capture_output=True)
    assert _digests(other) == _digests(site)


def test_unwritable_output_is_an_input_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["docs", "-o", str(blocker / "sub")]) == 3
    assert "cannot create" in capsys.readouterr().err


def test_index_has_version_iri_downloads_and_citation(site):
    import re

    from il7onto import __version__

    index = (site / "index.html").read_text(encoding="utf-8")
    version_iri = f"https://w3id.org/il7onto/releases/{__version__}/il7onto.owl"
    assert f'<span class="iri" id="version-iri">{version_iri}</span>' in index
    downloads = index.split('id="downloads"')[1].split("</section>")[0]
    rows = re.findall(r'<a class="ext" href="([^"]+)">([^<]+)</a></th><td><code class="sum">([0-9a-f]*)</code>', downloads)
    from il7onto.publish.export import FILENAMES
    names = {name for _, name, _ in rows}
    assert set(FILENAMES.values()) | {"context.jsonld", "SHA256SUMS"} <= names
    for href, name, digest in rows:
        assert href == f"https://w3id.org/il7onto/releases/{__version__}/{name}"
        assert len(digest) == 64 or name == "SHA256SUMS"
    cite = index.split('id="cite"')[1].split("</section>")[0]
    assert "PMID: 36201890" in cite and version_iri in cite


def test_download_checksums_match_the_release(site, tmp_path):
    import re

    assert main(["export", "--release", str(tmp_path / "rel")]) == 0
    sums = dict(line.split("  ")[::-1] for line in (tmp_path / "rel" / "SHA256SUMS").read_text().splitlines())
    index = (site / "index.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r'>([^<]+)</a></th><td><code class="sum">([0-9a-f]{64})</code>', index))
    assert shown == sums


def test_section_and_publication_pages_list_their_claims(site):
    import il7onto

    query = """PREFIX il7: <https://w3id.org/il7onto/>
    SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a il7:ReviewClaim ; il7:section il7:SectionOverview }"""
    expected = int(next(iter(il7onto.store().query(query)))["n"].value)
    section = (site / "record-SectionOverview.html").read_text(encoding="utf-8")
    listed = section.split('id="listed-claims"')[1].split("</section>")[0]
    assert expected > 0 and listed.count("<tr>") == expected
    publication = (site / "record-PMID_36201890.html").read_text(encoding="utf-8")
    query = """PREFIX il7: <https://w3id.org/il7onto/> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a il7:ReviewClaim ; dcterms:source <https://pubmed.ncbi.nlm.nih.gov/36201890/> }"""
    expected = int(next(iter(il7onto.store().query(query)))["n"].value)
    assert publication.split('id="listed-claims"')[1].count("<tr>") == expected > 0


def test_shared_labels_are_disambiguated_in_the_visible_text(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '>part of (il7:partOf)</a>' in index and '>part of (BFO:0000050)</a>' in index
    assert '>part of</a>' not in index


def test_typed_values_are_values_and_cards_are_grouped(site):
    page = (site / "entity-HumanIL7.html").read_text(encoding="utf-8")  # the human-only masses (issue 13)
    assert '<span class="typed" title="xsd:decimal">25</span>' in page
    assert "“25”" not in page
    claims = page.split('id="claims"')[1].split("</section>")[0]
    assert claims.count('<h3 class="relation">') >= 2
    assert "<span>Source:" not in claims  # the review is said once, not on every card


# --- a real headless browser -------------------------------------------------------------------

@pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
def test_pages_render_in_headless_chromium(site, tmp_path):
    from selenium.webdriver.common.by import By

    driver = headless_chromium(tmp_path)
    try:
        for name in ("index.html", "entity-IL7.html", "entity-IL7Receptor.html", "class-Cytokine.html",
                     "property-encodes.html", "record-SectionOverview.html"):
            driver.get((site / name).as_uri())
            assert driver.find_element(By.TAG_NAME, "h1").text.strip(), name
            severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            assert not severe, (name, severe)
        driver.get((site / "entity-IL7.html").as_uri())
        assert driver.find_element(By.TAG_NAME, "h1").text == "interleukin-7"
        mesh = driver.find_element(By.CSS_SELECTOR, 'a[href="https://meshb.nlm.nih.gov/record/ui?ui=D015851"]')
        assert mesh.text == "MESH:D015851" and mesh.is_displayed()
        gene = driver.find_element(By.CSS_SELECTOR, 'a[href="https://www.ncbi.nlm.nih.gov/gene/3574"]')
        assert gene.text == "NCBIGene:3574" and gene.is_displayed()
        # following an internal link works
        driver.find_element(By.CSS_SELECTOR, '#encoded-by a[href="entity-IL7_human_gene.html"]').click()
        assert driver.find_element(By.TAG_NAME, "h1").text == "IL7 (human gene)"
        driver.back()
        driver.find_element(By.CSS_SELECTOR, "#alignments a.ext")  # the alignments section rendered
        screenshot = tmp_path / "il7.png"
        assert driver.save_screenshot(str(screenshot))
        data = screenshot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
        if os.environ.get("IL7ONTO_SCREENSHOT"):  # keep a copy to look at
            shutil.copy(screenshot, os.environ["IL7ONTO_SCREENSHOT"])
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        # compact: the page with the most claims (20 on IL-7) fits in a few screens at 1280 px
        height = driver.execute_script("return document.documentElement.scrollHeight")
        assert height < 6000, height
        # the offline search box filters the index
        driver.get((site / "index.html").as_uri())
        items = driver.find_elements(By.CSS_SELECTOR, "ul.cols li")
        driver.find_element(By.ID, "search").send_keys("receptor")
        shown = [item for item in items if item.is_displayed()]
        assert 0 < len(shown) < len(items)
        assert all("receptor" in (item.text + (item.find_element(By.TAG_NAME, "a").get_attribute("title") or "")).lower()
                   for item in shown)
        assert driver.find_element(By.ID, "search-count").text == f"{len(shown)} matches"
        # a section page's claim list leads to the claim's card
        driver.get((site / "record-SectionOverview.html").as_uri())
        driver.find_element(By.CSS_SELECTOR, "#listed-claims a").click()
        fragment = driver.execute_script("return location.hash").lstrip("#")
        assert fragment.startswith("claim-") and driver.find_element(By.ID, fragment).is_displayed()
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
