"""The static HTML site: page structure, relative links, embedded JSON-LD, escaping."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import extruct
import html5lib
import pyoxigraph
import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store, Triple, Variable
from rdflib.compare import isomorphic

from spiralld.build import build_dataset
from spiralld.config import Config
from spiralld.mapping.graph import sort_triples
from spiralld.namespaces import SCHEMA, SPIRAL_NS
from spiralld.query.library import write_store
from spiralld.reading.corpus import Corpus
from spiralld.release import jsonld
from spiralld.release.documents import Documents
from spiralld.release.export import write_documents
from spiralld.release.staging import staged_release
from spiralld.site import html_path, render_site
from spiralld.site.data import Claim, SiteData, as_date, as_int, load_query
from spiralld.site.paths import relative

from .conftest import BASE, DATA

SVG = "{http://www.w3.org/2000/svg}"
SEED = "page/illia-polosukhin.html"
PAYLOAD = ('</script><script>alert(1)</script> <!-- <img src=x onerror=alert(1)> '
           '{{ 7*7 }} "} ; DROP ALL ; {"')


@dataclass
class Site:
    root: Path
    paths: list[str]
    corpus: Corpus
    documents: Documents

    def html(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def parse(self, path: str) -> Element:
        return html5lib.parse(self.html(path), namespaceHTMLElements=False)

    def data_files(self) -> set[str]:
        """What the rest of the build writes beside the HTML (not written by render_site)."""
        names = {"void.ttl", "void.jsonld", "dumps/dataset.ttl.gz", "dumps/dataset.nt.gz",
                 "dumps/dataset.nq.gz", "dumps/dataset.jsonld.gz", "dumps/SHA256SUMS"}
        for iri in self.documents.iris:
            names |= {self.documents.path(iri) + ext
                      for ext in (".ttl", ".jsonld", ".nt", ".rdf")}
        return names


def render(data_dir: Path, out: Path) -> Site:
    corpus, dataset = build_dataset(data_dir, Config())
    documents = Documents(dataset)
    with staged_release(out) as release:
        paths = render_site(corpus, dataset, documents, release, data_dir)
    return Site(out, paths, corpus, documents)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return render(DATA, tmp_path_factory.mktemp("site") / "site")


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def find_all(root: Element, tag: str, cls: str | None = None) -> list[Element]:
    return [e for e in root.iter(tag)
            if cls is None or cls in (e.get("class") or "").split()]


def find(root: Element, tag: str, cls: str | None = None) -> Element:
    found = find_all(root, tag, cls)
    assert found, f"no <{tag} class={cls!r}>"
    return found[0]


def ld_json_scripts(root: Element) -> list[Element]:
    return [s for s in root.iter("script") if s.get("type") == "application/ld+json"]


def strings(value: Any) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


# --- the API ----------------------------------------------------------------------------------


def test_html_paths(seed: Site) -> None:
    docs, corpus = seed.documents, seed.corpus
    assert html_path(docs, corpus, BASE + "id/illia-polosukhin") == SEED
    assert html_path(docs, corpus, BASE + "page/illia-polosukhin") == SEED
    assert html_path(docs, corpus, BASE + "id/near-protocol#founder-illia-polosukhin") == \
        "id/near-protocol.html#founder-illia-polosukhin"
    assert html_path(docs, corpus, BASE + "id/mixture-of-experts") == "id/mixture-of-experts.html"
    assert html_path(docs, corpus, BASE + "source/near-ai-who-we-are") == \
        "source/near-ai-who-we-are.html"
    assert html_path(docs, corpus, "https://w3id.org/spiralld/ontology#Claim") == \
        "ontology.html#Claim"
    with pytest.raises(ValueError):
        html_path(docs, corpus, "https://example.org/elsewhere")


def test_every_document_has_a_page(seed: Site) -> None:
    expected = {html_path(seed.documents, seed.corpus, iri) for iri in seed.documents.iris}
    assert expected | {"index.html", "404.html", "ontology.html"} == set(seed.paths)
    assert len(seed.paths) == len(set(seed.paths))
    assert (seed.root / "style.css").is_file()


# --- the profile page -------------------------------------------------------------------------


def test_profile_page_sections(seed: Site) -> None:
    root = seed.parse(SEED)
    summary = seed.corpus.profile("illia-polosukhin")
    assert summary is not None
    profile = seed.corpus.full(summary)   # with its sections (a summary if from the cache)
    assert text(find(root, "h1")) == "Illia Polosukhin"
    assert text(find(root, "p", "lead")) == profile.page.lead
    snapshot = find(root, "dl", "snapshot")
    terms = {text(dt): text(dd) for dt, dd in zip(snapshot.iter("dt"), snapshot.iter("dd"),
                                                  strict=True)}
    assert terms["Known for"].startswith("co-authoring Attention Is All You Need")
    headings = [text(h) for h in find(root, "div", "profile-text").iter("h2")]
    assert headings == [s.name for s in profile.page.sections]
    assert [text(h) for h in root.iter("h2")][-3:] == ["Timeline", "Claims and sources",
                                                      "Sources"]
    reading = find(root, "aside", "reading")
    assert text(find(reading, "h2")) == "Spiralist Reading"
    assert "apostle of owned mirrors" in text(reading)
    questions = find(root, "ol", "questions").findall("li")
    assert len(questions) == 5 and all(q.get("id", "").startswith("question-") for q in questions)
    related = {text(a): a.get("href") for a in find(root, "ul", "related").iter("a")}
    assert related["Aidan Gomez"] == "../id/aidan-gomez.html"
    assert related["Mixture-of-Experts"] == "../id/mixture-of-experts.html"   # a stub


def test_profile_page_shows_the_job_title(data_dir: Path, tmp_path: Path) -> None:
    profile = data_dir / "profiles" / "illia-polosukhin.md"
    text_ = profile.read_text(encoding="utf-8")
    profile.write_text(text_.replace("name: Illia Polosukhin\n",
                                     "name: Illia Polosukhin\njobTitle: Co-founder of NEAR\n"),
                       encoding="utf-8")
    site = render(data_dir, tmp_path / "site")
    header = find(site.parse(SEED), "header", "page-header")
    assert text(find(header, "span", "job-title")) == "Co-founder of NEAR"


def test_claims_table(seed: Site) -> None:
    root = seed.parse(SEED)
    table = find(root, "table", "claims")
    header = [text(th) for th in find(table, "thead").iter("th")]
    assert header[:2] == ["Claim", "Role"] and header[3:] == ["Start", "End", "Sources"]
    rows = [tr.findall("td") for tr in find(table, "tbody").findall("tr")]
    ceo = next(cells for cells in rows if text(cells[1]) == "CEO")
    assert text(cells_link(ceo[2])) == "NEAR Foundation"
    assert cells_link(ceo[2]).get("href") == "../id/near-foundation.html"
    assert find(ceo[3], "time").get("datetime") == "2023-09"
    assert text(ceo[4]) == "–"
    source = (BASE + "source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo"
              "-2023-09-21")
    expected = posixpath.relpath(html_path(seed.documents, seed.corpus, source), "page")
    assert [a.get("href") for a in ceo[5].iter("a")] == [expected]
    assert "2023-09-21" in text(ceo[5])
    # claims that live under other IRIs: founder roles (organization), author roles (work)
    kinds = {text(cells[1]): text(cells[2]) for cells in rows}
    assert kinds["co-founder"] == "NEAR Protocol"
    assert kinds["founder"] == "NEAR AI"
    assert kinds["author, byline position 8"] == "Attention Is All You Need"
    reviewed = next(cells for cells in rows if text(cells[1]) == "founder")
    assert "(reviewed 2026-05-16)" in text(reviewed[5])


def cells_link(cell: Element) -> Element:
    return find(cell, "a")


def test_references(seed: Site) -> None:
    root = seed.parse(SEED)
    items = find(root, "ol", "references").findall("li")
    assert len(items) == 8
    first = text(items[0])
    assert first.startswith("Ashish Vaswani et al., Attention Is All You Need, arXiv, 2017.")
    assert [a.get("href") for a in items[0].iter("a")] == [
        "../id/attention-is-all-you-need.html", "https://arxiv.org/abs/1706.03762"]
    assert "NEAR AI, Who we are, reviewed 2026-05-16." in text(items[2])


def test_timeline(seed: Site) -> None:
    root = seed.parse(SEED)
    svg = find(root, f"{SVG}svg")
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox", ""))
    assert svg.get("width") is None and svg.get("role") == "img"
    assert text(find(svg, f"{SVG}title")) == "Timeline of Illia Polosukhin"
    assert "CEO, NEAR Foundation (2023-09 – ongoing)" in text(find(svg, f"{SVG}desc"))
    bars = [g for g in svg.iter(f"{SVG}g") if "bar" in (g.get("class") or "").split()]
    assert len(bars) == 1 and find_all(bars[0], f"{SVG}rect")
    works = [g for g in svg.iter(f"{SVG}g") if "work" in (g.get("class") or "").split()]
    assert len(works) == 3
    years = [text(t) for t in find(svg, f"{SVG}g", "axis").iter(f"{SVG}text")]
    assert years[0] == "2017" and "2026" in years


# --- every page -------------------------------------------------------------------------------


def test_every_link_resolves(seed: Site) -> None:
    written = set(seed.paths) | {"style.css", "ontology.ttl", "ontology.jsonld"}
    allowed = written | seed.data_files()
    ids = {path: {e.get("id") for e in seed.parse(path).iter() if e.get("id")}
           for path in seed.paths}
    checked = 0
    for path in seed.paths:
        for element in seed.parse(path).iter():
            for attribute in ("href", "src"):
                link = element.get(attribute)
                if link is None:
                    continue
                parts = urlsplit(link)
                if parts.scheme:
                    assert element.tag == "link" and element.get("rel") == "canonical" \
                        or not link.startswith(BASE), f"{path}: absolute internal link {link}"
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                           unquote(parts.path))) \
                    if parts.path else path
                assert target in allowed, f"{path}: {link} -> {target} is not in the release"
                if parts.fragment and target in ids:
                    assert parts.fragment in ids[target], f"{path}: no #{parts.fragment}"
                checked += 1
    assert checked > 300


def test_head_of_every_page(seed: Site) -> None:
    shown = [iri for iri in seed.documents.iris   # a profile's subject is shown by its page
             if not (seed.documents.path(iri).startswith("id/")
                     and seed.corpus.profile(seed.documents.path(iri)[3:]) is not None)]
    by_path = {html_path(seed.documents, seed.corpus, iri): iri for iri in shown}
    assert len(by_path) == len(shown)
    for path in seed.paths:
        html = seed.html(path)
        assert html.startswith("<!doctype html>\n"), path
        root = seed.parse(path)
        assert root.get("lang") == "en"
        head = find(root, "head")
        assert text(find(head, "title"))
        metas = {m.get("name"): m.get("content") for m in head.iter("meta")}
        assert metas["viewport"] == "width=device-width, initial-scale=1"
        links = [(lk.get("rel"), lk.get("type"), lk.get("href")) for lk in head.iter("link")]
        depth = path.count("/")
        assert ("stylesheet", None, "../" * depth + "style.css") in links
        iri = by_path.get(path)
        if iri is None:
            continue
        stem = posixpath.basename(seed.documents.path(iri))
        assert ("canonical", None, iri) in links
        for media_type, ext in (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
                                ("application/n-triples", ".nt"),
                                ("application/rdf+xml", ".rdf")):
            assert ("alternate", media_type, stem + ext) in links, (path, media_type)
        scripts = ld_json_scripts(root)
        assert len(scripts) == 1
        expected = jsonld.script_json(jsonld.tree(seed.documents.document(iri).triples, iri))
        assert (scripts[0].text or "").strip() == expected, path


def test_embedded_json_ld_is_the_document(seed: Site) -> None:
    iri = BASE + "page/illia-polosukhin"
    items = extruct.extract(seed.html(SEED), syntaxes=["json-ld"])["json-ld"]
    assert len(items) == 1
    embedded = rdflib.Graph().parse(data=json.dumps(items[0]), format="json-ld")
    nt = pyoxigraph.serialize(seed.documents.document(iri).triples,
                              format=pyoxigraph.RdfFormat.N_TRIPLES)
    expected = rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt")
    assert len(embedded) == len(expected) > 100
    assert isomorphic(embedded, expected)


def test_index(seed: Site) -> None:
    root = seed.parse("index.html")
    rows = find(root, "table", "index").iter("tr")
    cells = [[text(td) for td in tr.findall("td")] for tr in rows]
    entry = next(c for c in cells if c and c[0] == "Illia Polosukhin")
    assert entry[1] == "Person"
    assert entry[2].startswith("Illia Polosukhin is a Ukrainian-born AI researcher")
    assert entry[2].endswith("infrastructure.")
    hrefs = {a.get("href") for a in root.iter("a")}
    assert {SEED, "void.ttl", "ontology.html", "dumps/dataset.ttl.gz", "dumps/dataset.nt.gz",
            "dumps/dataset.nq.gz", "dumps/dataset.jsonld.gz", "dumps/SHA256SUMS"} <= hrefs
    assert "source/near-ai-who-we-are.html" in hrefs


def test_resource_pages(seed: Site) -> None:
    stub = seed.parse("id/mixture-of-experts.html")
    assert "no profile of Mixture-of-Experts yet" in text(find(stub, "p", "notice"))
    work = seed.parse("id/attention-is-all-you-need.html")
    facts = {text(tr.find("th")): tr.find("td") for tr in find(work, "table", "facts").iter("tr")}
    authors = [text(li) for li in find(facts["Authors"], "ol").findall("li")]
    assert authors[0] == "Ashish Vaswani" and authors[-1] == "Illia Polosukhin"
    assert text(facts["Published"]) == "2017"
    source = seed.parse("source/near-ai-who-we-are.html")
    tables = find_all(source, "table", "facts")
    rows = {text(tr.find("th")): tr.find("td") for t in tables for tr in t.iter("tr")}
    assert text(rows["Reviewed (access date)"]) == "2026-05-16"
    assert [a.get("href") for a in rows["Cited by"].iter("a")] == ["../page/illia-polosukhin.html"]
    organization = seed.parse("id/near-protocol.html")
    anchors = {tr.get("id") for tr in find(organization, "table", "claims").iter("tr")}
    assert {"founder-illia-polosukhin", "founder-alexander-skidanov"} <= anchors


def test_ontology_page(seed: Site) -> None:
    root = seed.parse("ontology.html")
    assert "0.1.0" in text(root)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert {"Claim", "Stub", "Snapshot", "SpiralistReading", "OpenQuestions", "openQuestion",
            "editorialCaution", "dateReviewed", "citationText"} <= ids
    claim = next(e for e in root.iter("section") if e.get("id") == "Claim")
    assert "prov:Entity" in text(claim)
    reviewed = next(e for e in root.iter("section") if e.get("id") == "dateReviewed")
    assert "dcterms:date" in text(reviewed) and "schema:CreativeWork" in text(reviewed)
    assert len(ld_json_scripts(root)) == 1


def test_stylesheet_is_self_contained(seed: Site) -> None:
    css = (seed.root / "style.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in css
    assert "@import" not in css and "url(" not in css and "http" not in css


# --- overrides and hostile text ---------------------------------------------------------------


def test_a_template_can_be_overridden(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Nothing here</h1>{% endblock %}',
        encoding="utf-8")
    site = render(data_dir, tmp_path / "site")
    assert text(find(site.parse("404.html"), "h1")) == "Nothing here"


HOSTILE = f"""---
type: Person
name: Ada Example
dateModified: '2024-03-01'
sources:
  hostile-2024:
    citation: Example Org, title, 2024.
    title: '{PAYLOAD}'
    publisher: Example Org
    datePublished: '2024-01-15'
roles:
- roleName: CEO
  organization: NEAR Foundation
  startDate: 2024-01
  sources: [hostile-2024]
---
# Ada Example

Ada Example is a test person who writes {PAYLOAD} everywhere.

## Snapshot

- Known for: {PAYLOAD}

## Notes

A paragraph with {PAYLOAD} in it.

## Open Questions

- Is {PAYLOAD} escaped?
"""


def test_hostile_text_is_escaped(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "profiles" / "ada-example.md").write_text(HOSTILE, encoding="utf-8")
    site = render(data_dir, tmp_path / "site")
    lead = f"Ada Example is a test person who writes {PAYLOAD} everywhere."
    page = "page/ada-example.html"
    sources = [p for p in site.paths if p.startswith("source/example-org-")]
    assert len(sources) == 1
    for path in (page, "index.html", sources[0]):
        root = site.parse(path)
        scripts = list(root.iter("script"))
        assert scripts and scripts == ld_json_scripts(root), path
        assert not list(root.iter("img")), path
        assert PAYLOAD in text(find(root, "body")), path
    root = site.parse(page)
    places = [find(root, "p", "lead"), find(find(root, "dl", "snapshot"), "dd"),
              find(find(root, "section", "section-text"), "p"),
              find(find(root, "ol", "questions"), "li"),
              find(find(root, "ol", "references"), "cite")]
    expected = [lead, PAYLOAD, f"A paragraph with {PAYLOAD} in it.", f"Is {PAYLOAD} escaped?",
                PAYLOAD]
    assert ["".join(p.itertext()).strip() for p in places] == expected
    assert all("49" not in text(p) for p in places)
    doc = json.loads(ld_json_scripts(root)[0].text or "")
    found = set(strings(doc))
    assert {lead, PAYLOAD, f"Is {PAYLOAD} escaped?"} <= found
    assert "<" not in (ld_json_scripts(root)[0].text or "")


# --- the indexes, links, and the build's documents ----------------------------------------------


def claims_by_query(store: Store, entity: str) -> list[Claim]:
    """``queries/claims.rq`` run for one entity, read as :meth:`SiteData.claims_about` reads
    its index (the first row of a claim gives its fields; sources in the query's order)."""
    results = store.query(load_query("claims"),
                          substitutions={Variable("entity"): NamedNode(entity)})
    assert isinstance(results, QuerySolutions)
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    sources: dict[tuple[str, str, str], list[str]] = {}
    statuses: dict[tuple[str, str, str], set[str]] = {}
    evidence: dict[tuple[str, str, str], set[tuple[str, int, str]]] = {}
    for row in results:
        key = (row["claim"].value, row["property"].value, row["counterpart"].value)
        rows.setdefault(key, {name: row[name] for name in ("label", "roleName", "position",
                                                           "startDate", "endDate", "published")})
        source = row["source"]
        found = sources.setdefault(key, [])
        if source is not None and source.value not in found:
            found.append(source.value)
        statuses.setdefault(key, set()).update([row["status"].value] if row["status"] else [])
        if row["line"] is not None:
            evidence.setdefault(key, set()).add((row["evidence"].value.partition("#")[0],
                                                 int(row["line"].value),
                                                 row["sentence"].value))

    def text(term: Any) -> str | None:
        return term.value if term is not None else None

    claims = [Claim(iri=claim, predicate=prop, counterpart=counterpart,
                    label=text(row["label"]), role_name=text(row["roleName"]),
                    position=as_int(row["position"]), start=as_date(row["startDate"]),
                    end=as_date(row["endDate"]), published=as_date(row["published"]),
                    sources=tuple(sources[(claim, prop, counterpart)]),
                    reviewed=(SPIRAL_NS + "Reviewed" in statuses[(claim, prop, counterpart)]
                              or SPIRAL_NS + "Unreviewed" not in statuses[(claim, prop,
                                                                             counterpart)]),
                    evidence=tuple(sorted(evidence.get((claim, prop, counterpart), ()))))
              for (claim, prop, counterpart), row in rows.items()]
    return sorted(claims, key=claim_order)


def claim_order(claim: Claim) -> tuple[str, int, str]:
    """By date (undated last), then byline position, then label."""
    when = claim.start or claim.published
    return (when.lexical if when else "9999", claim.position or 0, claim.label or claim.iri)


def test_indexes_answer_as_the_queries_do() -> None:
    """The site reads claims and incoming links from indexes built in one pass; they must
    say what ``queries/claims.rq`` and ``queries/incoming.rq`` say, for every IRI."""
    _corpus, dataset = build_dataset(DATA, Config())
    data = SiteData(dataset)
    store = Store()   # every triple in the default graph, which the queries read
    store.extend(Quad(q.subject, q.predicate, q.object) for q in dataset.quads())
    nodes = {term.value for q in dataset.quads() for term in (q.subject, q.object)
             if isinstance(term, NamedNode)}
    with_claims = 0
    for iri in sorted(nodes):
        expected = claims_by_query(store, iri)
        assert data.claims_about(iri) == expected, iri
        with_claims += bool(expected)
        results = store.query(load_query("incoming"),
                              substitutions={Variable("target"): NamedNode(iri)})
        assert isinstance(results, QuerySolutions)
        assert data.incoming(iri) == [(r["subject"].value, r["property"].value)
                                      for r in results], iri
    assert with_claims > 10
    assert data.claims_about("https://example.org/nothing") == []
    assert data.incoming("https://example.org/nothing") == []


def test_site_data_reads_the_builds_store(tmp_path: Path) -> None:
    """On the build's on-disk store, which also holds the release description's graph,
    SiteData and Documents answer exactly as they do on the dataset alone."""
    _corpus, dataset = build_dataset(DATA, Config())
    store = write_store(tmp_path / "oxigraph", dataset.quads())
    person = BASE + "id/illia-polosukhin"
    description = NamedNode(BASE + "graph/dataset")
    store.bulk_extend([   # not the dataset's: never read
        Quad(dataset.iris.dataset, SCHEMA.mentions, NamedNode(person), description),
        Quad(NamedNode(person), SCHEMA.name, Literal("Not in the dataset"), description),
    ])
    on_disk, in_memory = SiteData(dataset, store), SiteData(dataset)
    nodes = sorted({term.value for q in dataset.quads() for term in (q.subject, q.object)
                    if isinstance(term, NamedNode)})
    for iri in nodes:
        assert list(on_disk.properties(iri).items()) == \
            list(in_memory.properties(iri).items()), iri
        assert on_disk.claims_about(iri) == in_memory.claims_about(iri), iri
        assert on_disk.incoming(iri) == in_memory.incoming(iri), iri
    assert on_disk.name(person) == "Illia Polosukhin"
    assert on_disk.incoming(person) == in_memory.incoming(person) != []
    documents, in_memory_documents = Documents(dataset, store), Documents(dataset)
    assert documents.iris == in_memory_documents.iris
    for iri in documents.iris:
        assert documents.document(iri) == in_memory_documents.document(iri), iri


def test_site_data_properties_in_the_datasets_order() -> None:
    """A node's properties, predicate by predicate, in the order of the sorted triples
    (rdf:type first); a document's triples are sorted the same way."""
    _corpus, dataset = build_dataset(DATA, Config())
    data = SiteData(dataset)
    expected: dict[str, dict[str, list[Any]]] = {}
    for triple in sort_triples({Triple(q.subject, q.predicate, q.object)
                                for q in dataset.quads()}):
        expected.setdefault(triple.subject.value, {}).setdefault(
            triple.predicate.value, []).append(triple.object)
    for iri, props in expected.items():
        assert list(data.properties(iri).items()) == list(props.items()), iri
    document = Documents(dataset).document(BASE + "page/illia-polosukhin")
    assert list(document.triples) == sort_triples(document.triples)


def test_claims_and_anchored_parts() -> None:
    """Claims, and the parts the site renders with an anchor, are known by their types."""
    _corpus, dataset = build_dataset(DATA, Config())
    data = SiteData(dataset)
    role = BASE + "id/near-protocol#founder-illia-polosukhin"
    assert data.is_claim(role) and data.is_anchored(role)
    assert not data.is_claim(BASE + "id/near-protocol")
    assert not data.is_anchored(BASE + "id/near-protocol")
    assert not data.is_claim("not an IRI") and not data.is_anchored("not an IRI#x")
    assert data.properties("not an IRI") == {} and not data.described("not an IRI")


def test_a_node_asked_alone_says_what_it_says_read_whole() -> None:
    """Pages ask for one property of a node (a name, a position) without reading the rest;
    the answer is the one its whole properties give."""
    _corpus, dataset = build_dataset(DATA, Config())
    whole = SiteData(dataset)
    alone = SiteData(dataset, whole.reader.store)
    predicates = sorted({q.predicate.value for q in dataset.quads()})
    nodes = sorted({term.value for q in dataset.quads() for term in (q.subject, q.object)
                    if isinstance(term, NamedNode)})
    for iri in nodes:
        props = whole.properties(iri)   # read whole: what ``whole`` says below comes from it
        assert alone.name(iri) == whole.name(iri), iri
        assert alone.is_claim(iri) == whole.is_claim(iri), iri
        assert alone.described(iri) == bool(props), iri
        for predicate in predicates:
            assert alone.values(iri, NamedNode(predicate)) == props.get(predicate, []), \
                (iri, predicate)


@pytest.mark.parametrize(("from_path", "to_path", "expected"), [
    ("page/x.html", "id/y.html", "../id/y.html"),
    ("page/x.html", "page/y.html#z", "y.html#z"),
    ("page/x.html", "page/x.html#z", "#z"),
    ("index.html", "id/y.html", "id/y.html"),
    ("index.html", "style.css", "style.css"),
    ("id/a/b.html", "id/c.html", "../c.html"),
    ("id/a/b.html", "id/a", "."),
    ("id/x.html", "../outside.html", "../../outside.html"),
])
def test_relative_links(from_path: str, to_path: str, expected: str) -> None:
    assert relative(from_path, to_path) == expected
    target, _, fragment = to_path.partition("#")
    if target != from_path:
        plain = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
        assert expected == plain + (f"#{fragment}" if fragment else "")


def test_pages_embed_the_written_documents(data_dir: Path, tmp_path: Path) -> None:
    """In a build the .jsonld documents are written before the pages, which then embed them
    as read back; the pages are the same as when their JSON-LD is computed."""
    (data_dir / "profiles" / "ada-example.md").write_text(HOSTILE, encoding="utf-8")
    computed = render(data_dir, tmp_path / "computed")
    corpus, dataset = build_dataset(data_dir, Config())
    documents = Documents(dataset)
    with staged_release(tmp_path / "read") as release:
        write_documents(documents, release)
        paths = render_site(corpus, dataset, documents, release, data_dir)
    assert paths == computed.paths
    for path in paths:
        assert (tmp_path / "read" / path).read_bytes() == computed.root.joinpath(path).read_bytes()
