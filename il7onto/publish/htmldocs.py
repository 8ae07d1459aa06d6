"""Static HTML documentation generated from the ontology itself.

Pages (all in one folder, so links are plain relative file names):

* ``index.html``: the ontology header with its version IRI, the release downloads with their
  SHA-256 checksums, how to cite, an offline search box (the only script: inline, no network), and
  lists of classes, properties, entities and records;
* ``class-NAME.html``, ``property-NAME.html``: label, definition, hierarchy, domain and range;
* ``entity-NAME.html``: label, definition, synonyms, alignments as links to the external records,
  relationships, the genes that encode it, and the claims about it with their provenance
  (section, verbatim quote, ECO evidence, species, causality, curator note);
* ``record-NAME.html``: everything else that has a name (review sections, sources, mapping sets,
  controlled values, the publication); a section or publication page lists the claims it holds.

Claims are compact cards grouped by relation; the review as a claim's source is said once per page
(only other sources are shown on a card). Labels that two resources share (e.g. an il7 property
and its RO/BFO parent) are followed by the CURIE wherever they are shown. Typed literals (numbers,
dates) are shown as values, strings in quotes.

The pages need no network (inline CSS, no web fonts; one inline script, the index's search box)
and are deterministic: every list is sorted and nothing depends on the time, the hash seed or the
machine.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import InputError
from ..core.namespaces import IL7, PREFIXES, curie
from .doc_model import (COMMENT, DCTERMS, DEFINITION, ECO_LABELS, LABEL, MATCH_TITLES, MATCHES, OBO, OWL, RDF, RDFS,
                        SKOS, SYNONYM, TYPE, XREF, DocGraph, Link, Page, Value, external_url, slug, term_key)

class Site:
    """Builds every page of the documentation from the ontology."""

    def __init__(self, store=None):
        if store is None:
            from ..core.graph import store as load_store

            store = load_store()
        self.g = DocGraph(store)
        self.pages: dict[str, Page] = {}
        self._classify()
        # the review itself: a claim citing it says nothing new on its card (the page says it once)
        self.review_sources = set(self.g.iris(self.ontology_iri, DCTERMS + "source"))

    # --- what is what ---------------------------------------------------------------------------

    def _classify(self) -> None:
        g = self.g
        subjects = sorted(s for s in g.out if s not in g.blank)
        classes = {s for s in subjects if OWL + "Class" in g.types(s)}
        properties = {s for s in subjects if g.types(s) & {OWL + "ObjectProperty", OWL + "DatatypeProperty",
                                                            OWL + "AnnotationProperty"}}
        entity_classes = self.subclasses_closure(IL7 + "Entity")
        assertion_classes = self.subclasses_closure(IL7 + "Assertion")
        self.assertions = sorted(s for s in subjects if g.types(s) & assertion_classes)
        entities = {s for s in subjects if g.types(s) & entity_classes}
        ontology = {s for s in subjects if OWL + "Ontology" in g.types(s)}
        records = {s for s in subjects if g.types(s) - {OWL + "NamedIndividual"}} - classes - properties - entities
        records -= set(self.assertions) | ontology
        self.ontology_iri = sorted(ontology)[0] if ontology else ""
        used: set[str] = set()
        for kind, members in (("class", classes), ("property", properties), ("entity", entities),
                              ("record", records)):
            for iri in sorted(members):
                base = f"{kind}-{slug(iri)}"
                name, number = base, 1
                while name.lower() in used:  # case-insensitive file systems
                    number += 1
                    name = f"{base}-{number}"
                used.add(name.lower())
                self.pages[iri] = Page(iri=iri, kind=kind, filename=name + ".html", label=self.label(iri))
        shared: dict[str, int] = defaultdict(int)
        for page in self.pages.values():
            shared[page.label] += 1
        for page in self.pages.values():
            if shared[page.label] > 1:  # e.g. il7:partOf and BFO:0000050 are both "part of"
                page.label = f"{page.label} ({curie(page.iri)})"

    def subclasses_closure(self, root: str) -> set[str]:
        result, todo = {root}, [root]
        while todo:
            for sub in self.g.into.get(todo.pop(), {}).get(RDFS + "subClassOf", []):
                if sub not in result:
                    result.add(sub)
                    todo.append(sub)
        return result

    def label(self, iri: str) -> str:
        return self.g.literal(iri, LABEL) or curie(iri)

    # --- links ----------------------------------------------------------------------------------

    def link(self, iri: str) -> Link:
        page = self.pages.get(iri)
        if page is not None:
            return Link(page.label, page.filename, title=curie(iri))
        if iri.startswith("_:"):
            members = self.g.rdf_list((self.g.iris(iri, OWL + "unionOf") or [""])[0])
            if members:
                return Link(" or ".join(self.label(m) for m in members), "", title="union of classes")
            return Link("(anonymous)", "")
        text = curie(iri)
        if iri.startswith(OBO + "ECO_"):
            return Link(text, external_url(iri), title=ECO_LABELS.get(iri[len(OBO):], ""), external=True,
                        note=ECO_LABELS.get(iri[len(OBO):], ""))
        label = self.g.literal(iri, LABEL)
        return Link(text, external_url(iri), title=label or iri, external=True, note=label)

    def value(self, term) -> Value:
        import pyoxigraph

        if isinstance(term, pyoxigraph.Literal):
            datatype = term.datatype.value if term.datatype else ""
            shown = "" if datatype in ("", PREFIXES["xsd"] + "string", RDF + "langString") else curie(datatype)
            return Value(text=term.value, datatype=shown)  # the template quotes only untyped strings
        return Value(link=self.link(term_key(term)))

    def links(self, iris) -> list[Link]:
        return sorted((self.link(i) for i in iris), key=lambda l: (l.text.casefold(), l.href, l.title))

    # --- pages ----------------------------------------------------------------------------------

    def build(self, downloads: list[dict] | None = None) -> dict[str, str]:
        """File name -> HTML text of every page; ``downloads`` (see :func:`release_downloads`) on the index."""
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

        env = Environment(loader=PackageLoader("il7onto", "templates"), autoescape=select_autoescape(default=True),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        for page in self.pages.values():
            self._fill(page)
        header = self._header()
        header["downloads"] = downloads or []
        groups = self._index_groups()
        files = {"index.html": env.get_template("index.html").render(header=header, groups=groups, site=header)}
        template = env.get_template("page.html")
        for page in self.pages.values():
            files[page.filename] = template.render(page=page, site=header)
        return dict(sorted(files.items()))

    def _header(self) -> dict:
        g, iri = self.g, self.ontology_iri
        return {
            "iri": iri,
            "title": g.literal(iri, DCTERMS + "title") or "il7onto",
            "description": g.literal(iri, DCTERMS + "description"),
            "citation": g.literal(iri, DCTERMS + "bibliographicCitation"),
            "version": g.literal(iri, OWL + "versionInfo"),
            "version_iri": (g.iris(iri, OWL + "versionIRI") or [""])[0],
            "comment": g.literal(iri, COMMENT),
            "license": self.links(g.iris(iri, DCTERMS + "license")),
            "sources": self.links(g.iris(iri, DCTERMS + "source")),
            "counts": {kind: sum(1 for p in self.pages.values() if p.kind == kind)
                       for kind in ("class", "property", "entity", "record")},
            "claims": sum(1 for a in self.assertions if IL7 + "ReviewClaim" in g.types(a)),
        }

    def _index_groups(self) -> list[tuple[str, str, list[tuple[str, list[Link]]]]]:
        """(section id, title, [(group title, links)]) for the index page."""
        def by_type(kind: str) -> list[tuple[str, list[Link]]]:
            grouped: dict[str, list[str]] = defaultdict(list)
            for page in self.pages.values():
                if page.kind != kind:
                    continue
                named = sorted(t for t in self.g.iris(page.iri, TYPE) if t in self.pages and t.startswith(IL7))
                for t in named or [""]:
                    grouped[t].append(page.iri)
            return sorted(((self.label(t) if t else "other", self.links(m)) for t, m in grouped.items()),
                          key=lambda item: item[0].casefold())

        classes = [("", self.links(p.iri for p in self.pages.values() if p.kind == "class"))]
        properties = defaultdict(list)
        for page in self.pages.values():
            if page.kind == "property":
                kinds = self.g.types(page.iri)
                title = ("object properties" if OWL + "ObjectProperty" in kinds else
                         "data properties" if OWL + "DatatypeProperty" in kinds else "annotation properties")
                properties[title].append(page.iri)
        return [
            ("entities", "Entities", by_type("entity")),
            ("classes", "Classes", classes),
            ("properties", "Properties", sorted((t, self.links(m)) for t, m in properties.items())),
            ("records", "Other records", by_type("record")),
        ]

    def _fill(self, page: Page) -> None:
        g, iri = self.g, page.iri
        page.types = self.links(t for t in g.iris(iri, TYPE) if t != OWL + "NamedIndividual")
        page.definition = g.literal(iri, DEFINITION) or g.literal(iri, DCTERMS + "description")
        page.comments = g.literals(iri, COMMENT)
        page.synonyms = g.literals(iri, SYNONYM)
        for match in MATCHES:
            targets = g.iris(iri, SKOS + match)
            if targets:
                page.alignments.append((MATCH_TITLES[match], sorted(self.links(targets), key=lambda l: l.text)))
        shown = {TYPE, LABEL, DEFINITION, SYNONYM, XREF, COMMENT} | {SKOS + m for m in MATCHES}
        facts = []
        for predicate in sorted(g.out.get(iri, {})):
            if predicate in shown:
                continue
            values = [self.value(o) for o in g.objects(iri, predicate)]
            values.sort(key=lambda v: (v.link.text.casefold() if v.link else v.text, v.link.href if v.link else ""))
            facts.append((self.link(predicate), values))
        page.facts = sorted(facts, key=lambda f: (f[0].text.casefold(), f[0].title))
        assertion_set = set(self.assertions)
        incoming = []
        for predicate, subjects in g.into.get(iri, {}).items():
            if predicate in (IL7 + "claimSubject", IL7 + "claimObject", TYPE) or predicate.startswith(RDF):
                continue
            for subject in subjects:
                if subject in assertion_set or subject in g.blank:
                    continue
                incoming.append((self.link(subject), self.link(predicate)))
        page.incoming = sorted(set(incoming), key=lambda i: (i[1].text.casefold(), i[0].text.casefold(), i[0].href))
        for gene in g.into.get(iri, {}).get(IL7 + "encodes", []):
            xrefs = [link for match in MATCHES for link in self.links(g.iris(gene, SKOS + match))]
            page.encoded_by.append((self.link(gene), sorted(xrefs, key=lambda l: l.text)))
        page.encoded_by.sort(key=lambda e: (e[0].text.casefold(), e[0].href))
        if page.kind == "class":
            page.members = self.links(s for s in g.into.get(iri, {}).get(TYPE, []) if s not in assertion_set)
            page.subclasses = self.links(g.into.get(iri, {}).get(RDFS + "subClassOf", []))
        if page.kind in ("entity", "record"):
            about = sorted(set(g.into.get(iri, {}).get(IL7 + "claimSubject", []))
                           | set(g.into.get(iri, {}).get(IL7 + "claimObject", [])))
            for assertion in about:
                record = self._claim(assertion, iri)
                if IL7 + "ReviewClaim" in g.types(assertion):
                    page.claims.append(record)
                else:
                    page.external_facts.append(record)
            page.claims.sort(key=lambda c: (c["order"], c["role"], c["id"]))
            page.external_facts.sort(key=lambda c: (c["role"], c["id"]))
            page.claim_groups = _group_by_relation(page.claims)
            held = (set(g.into.get(iri, {}).get(IL7 + "section", []))
                    | set(g.into.get(iri, {}).get(DCTERMS + "source", []))) & assertion_set
            page.listed_claims = sorted((self._listed(a) for a in held), key=lambda c: (c["order"], c["id"]))

    def _listed(self, assertion: str) -> dict:
        """A one-line claim for a section or publication page, linking to its card."""
        record = self._claim(assertion, "")
        home = next((p for p in (self.pages.get(i) for i in self.g.iris(assertion, IL7 + "claimSubject")
                                 + self.g.iris(assertion, IL7 + "claimObject"))
                     if p is not None and p.kind in ("entity", "record")), None)
        record["href"] = f"{home.filename}#{record['id']}" if home else ""
        return record

    def _claim(self, assertion: str, about: str) -> dict:
        g = self.g
        sections = g.iris(assertion, IL7 + "section")
        order = min((int(g.literal(s, IL7 + "order") or 999) for s in sections), default=999)
        subjects = g.iris(assertion, IL7 + "claimSubject")
        return {
            "id": slug(assertion),
            "iri": assertion,
            "role": 0 if about in subjects else 1,
            "order": order,
            "subjects": self.links(subjects),
            "predicates": self.links(g.iris(assertion, IL7 + "claimPredicate")),
            "objects": sorted((self.value(o) for o in g.objects(assertion, IL7 + "claimObject")),
                              key=lambda v: (v.link.text.casefold() if v.link else v.text)),
            "sections": self.links(sections),
            "quotes": g.literals(assertion, IL7 + "quote"),
            "evidence": self.links(g.iris(assertion, IL7 + "evidence")),
            "species": self.links(g.iris(assertion, IL7 + "holdsInTaxon")),
            "causality": self.links(g.iris(assertion, IL7 + "causality")),
            "cell_types": self.links(g.iris(assertion, IL7 + "inCellType")),
            "notes": g.literals(assertion, IL7 + "curatorNote"),
            "sources": self.links(g.iris(assertion, DCTERMS + "source")),
            "other_sources": self.links(i for i in g.iris(assertion, DCTERMS + "source")
                                        if i not in self.review_sources),
        }



def _group_by_relation(claims: list[dict]) -> list[tuple[Link, list[dict]]]:
    groups: dict[Link, list[dict]] = {}
    for claim in claims:
        for predicate in claim["predicates"][:1] or [Link("(no relation)", "")]:
            groups.setdefault(predicate, []).append(claim)
    return sorted(groups.items(), key=lambda item: (item[0].text.casefold(), item[0].href))


def release_downloads() -> list[dict]:
    """Every release artefact (as `il7onto export --release` writes it) with its SHA-256 and w3id IRI."""
    import tempfile

    from .export import release

    with tempfile.TemporaryDirectory(prefix="il7onto-docs-") as folder:
        release(Path(folder) / "release")
        return downloads_from_sums((Path(folder) / "release" / "SHA256SUMS").read_text(encoding="utf-8"))


def downloads_from_sums(sums: str) -> list[dict]:
    """The download rows for a release's ``SHA256SUMS`` text (links are the w3id release IRIs)."""
    from .. import __version__

    rows = [line.split("  ", 1) for line in sums.splitlines() if line.strip()]
    return [{"name": name, "sha256": digest, "href": f"{IL7}releases/{__version__}/{name}"} for digest, name in rows] \
        + [{"name": "SHA256SUMS", "sha256": "", "href": f"{IL7}releases/{__version__}/SHA256SUMS"}]


def build(store=None, downloads: list[dict] | None = None) -> dict[str, str]:
    """File name -> HTML text of the whole documentation.

    For the bundled ontology the index lists the release downloads with their checksums, rendered
    here unless ``downloads`` is given (rendering the release takes a few seconds).
    """
    if downloads is None and store is None:
        downloads = release_downloads()
    return Site(store).build(downloads)


def write(output: str | os.PathLike, store=None) -> list[Path]:
    """Write the documentation into the folder ``output`` (created if missing); returns the files."""
    folder = Path(output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {folder}: {exc}") from None
    written = []
    for name, text in build(store).items():
        written.append(write_atomic(folder / name, text))
    return written
