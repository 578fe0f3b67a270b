"""The query page of ``spiralld serve``: YASGUI, vendored in the package at a pinned version
and served by the server itself, run in a real headless Chromium (Debian's ``chromium``,
driven by Playwright over the DevTools protocol; ``tests/install-chromium`` installs it).

A canned query is opened from the examples, run, and its rows are read from the result
table: IRIs of the release link to the pages as this server serves them, other IRIs link
out, literals read as values. Every request the page makes is recorded: none may leave the
server (no CDN, no fonts, no web service for completions). And the examples follow a
rebuild of the release under the running server, as the query workers do.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import httpx
import pytest
from playwright.sync_api import sync_playwright

from spiralld.build import build
from spiralld.config import Config
from spiralld.query import library as queries
from spiralld.serve.server import YASGUI_PATH, YASGUI_VERSION

from .servers import chromium
from .test_server import BASE, Server, running

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "spiralld"
VENDOR = PACKAGE / "site" / "static" / "vendor" / "yasgui"
XSD = "http://www.w3.org/2001/XMLSchema#"
CLAIM_SOURCES = "lineage/claim-sources"
CEO_SOURCE = "source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo-2023-09-21"
CEO_TITLE = "NEAR co-founder joins the NEAR Foundation as CEO"


@pytest.fixture(scope="module")
def served(seed_release: tuple[object, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(seed_release[1], tmp_path_factory.mktemp("log") / "server.log") as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            yield launched
        finally:
            launched.close()


class Visit:
    """A page in a fresh browser context (no stored tabs), with every request it made."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.server = server

    def outside(self) -> list[str]:
        """Requests that went anywhere but this server (``data:`` URLs are not requests)."""
        return [url for url in self.requests
                if not url.startswith(self.server.url + "/") and not url.startswith("data:")]

    def rows(self) -> list[list[dict[str, Any]]]:
        """The result table of the active tab: per row, per column, the cell's text and
        its links (href as written, text, target)."""
        self.page.wait_for_selector(".tabPanel.active table.dataTable tbody tr td a.iri")
        return self.page.eval_on_selector_all(
            ".tabPanel.active table.dataTable tbody tr",
            """rows => rows.map(row => Array.from(row.querySelectorAll("td")).slice(1).map(
                cell => ({text: cell.textContent,
                          links: Array.from(cell.querySelectorAll("a")).map(a => ({
                              href: a.getAttribute("href"), text: a.textContent,
                              target: a.getAttribute("target")}))})))""")

    def columns(self) -> list[str]:
        return [name.strip().lower() for name in self.page.eval_on_selector_all(
            ".tabPanel.active table.dataTable thead th", "hs => hs.map(h => h.textContent)")][1:]


@pytest.fixture
def visit(browser: Any, served: Server) -> Iterator[Visit]:
    opened = Visit(browser, served)
    try:
        yield opened
    finally:
        opened.context.close()


def by_column(visit: Visit) -> list[dict[str, dict[str, Any]]]:
    rows = visit.rows()  # waits for the table
    names = visit.columns()
    return [dict(zip(names, row, strict=True)) for row in rows]


# --- the vendored build ----------------------------------------------------------------

def source_fields() -> dict[str, str]:
    lines = (VENDOR / "SOURCE.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


def test_yasgui_is_pinned_with_its_license() -> None:
    source = source_fields()
    script = (ROOT / "tests" / "vendor-yasgui").read_text(encoding="utf-8")
    assert source["package"] == "@zazuko/yasgui"
    assert source["version"] == YASGUI_VERSION
    assert f"\nVERSION={YASGUI_VERSION}\n" in script
    assert f"\nINTEGRITY={source['integrity']}\n" in script
    readme = (ROOT / "docs" / "operators.md").read_text(encoding="utf-8")
    assert f"(`@zazuko/yasgui` {YASGUI_VERSION}, MIT" in readme
    for name in ("yasgui.min.js", "yasgui.min.css"):
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == \
            source[f"sha256 {name}"], f"{name} differs from the pinned build"
    assert source["license"] == "MIT"
    license_text = (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "The MIT License" in license_text and "Triply" in license_text
    bundled = (VENDOR / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for package in ("codemirror", "datatables.net", "jquery", "dompurify"):
        assert re.search(rf"^{re.escape(package)} \d", bundled, re.M), package


def test_the_package_data_ships_the_vendored_build() -> None:
    """Every vendored file matches a package-data pattern of pyproject.toml (setuptools
    expands them as globs from the package directory)."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["spiralld"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    vendored = set(VENDOR.iterdir())
    assert {p.name for p in vendored} >= {"yasgui.min.js", "yasgui.min.css", "LICENSE",
                                          "SOURCE.txt", "THIRD-PARTY-LICENSES.txt"}
    assert vendored <= shipped, sorted(p.name for p in vendored - shipped)


# --- the page as served ----------------------------------------------------------------

def page_settings(text: str) -> dict[str, Any]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    data = document.find(".//script[@id='query-settings']")
    assert data is not None and data.get("type") == "application/json"
    assert "<" not in data.text  # escaped: no text can close the element
    return dict(json.loads(data.text))


def test_the_page_loads_everything_from_this_server(served: Server) -> None:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        response = client.get("/sparql", headers={"Accept": "text/html"})
        assert response.status_code == 200
        document = html5lib.parse(response.text, namespaceHTMLElements=False)
        scripts = [s.get("src") for s in document.iter("script") if s.get("src")]
        styles = [link.get("href") for link in document.iter("link")
                  if link.get("rel") == "stylesheet"]
        assert scripts == [f"/{YASGUI_PATH}/yasgui.min.js"]
        assert styles == ["/style.css", f"/{YASGUI_PATH}/yasgui.min.css"]
        for name, media in (("yasgui.min.js", "text/javascript"), ("yasgui.min.css", "text/css"),
                            ("LICENSE", "text/plain")):
            asset = client.get(f"/{YASGUI_PATH}/{name}")
            assert asset.status_code == 200
            assert asset.headers["content-type"].split(";")[0] == media
            assert asset.content == (VENDOR / name).read_bytes()
        for path in (f"/{YASGUI_PATH}/../index.html", f"/{YASGUI_PATH}/%2e%2e%2fLICENSE",
                     f"/{YASGUI_PATH}/missing.js"):
            assert client.get(path).status_code == 404, path
    settings = page_settings(response.text)
    assert settings["endpoint"] == "/sparql" and settings["base"] == BASE
    # what the editor completes offline: the release's classes and properties
    assert {"https://schema.org/Person", "https://w3id.org/spiralld/ontology#Claim"} <= \
        set(settings["classes"])
    assert {"https://schema.org/name", "http://www.w3.org/ns/prov#wasDerivedFrom",
            "http://rdfs.org/ns/void#triples"} <= set(settings["properties"])
    library = queries.library()
    assert [(e["name"], e["title"], e["question"]) for e in settings["examples"]] == \
        [(name, q.title, q.question) for name, q in library.items()]
    examples = {e["name"]: e for e in settings["examples"]}
    assert f"VALUES (?entity) {{ (<{BASE}id/illia-polosukhin>) }}" in \
        examples[CLAIM_SOURCES]["text"]


# --- in the browser --------------------------------------------------------------------

def test_a_canned_query_shows_linked_rows(visit: Visit) -> None:
    page = visit.page
    page.goto(f"{visit.server.url}/sparql")
    page.click(f"button.example[data-name='{CLAIM_SOURCES}']")
    assert page.text_content(".tabPanel.active") is not None
    active_tab = page.text_content(".tabsList .tab.active")
    assert active_tab is not None and "Claim sources" in active_tab
    page.click(".tabPanel.active .yasqe_queryButton")
    rows = by_column(visit)
    ceo = [row for row in rows if row["title"]["text"] == CEO_TITLE
           and row["rolename"]["text"] == "CEO"]
    assert ceo, [row["title"]["text"] for row in rows]
    (row, *_) = ceo
    # An IRI of the release links to its page on this server (from its root).
    assert row["source"]["links"] == [{"href": f"/{CEO_SOURCE}", "text": CEO_SOURCE.replace(
        "source/", "source:", 1), "target": None}]
    # A literal reads as its value, its datatype as a note linking out.
    assert row["startdate"]["text"] == "2023-09xsd:gYearMonth"
    assert row["startdate"]["links"] == [{"href": f"{XSD}gYearMonth", "text": "xsd:gYearMonth",
                                          "target": "_blank"}]
    assert row["related"] == {"text": "NEAR Foundation", "links": []}
    assert not [cell["text"] for line in rows for cell in line.values()
                if "^^" in cell["text"] or cell["text"].startswith('"')]
    # The link works on this server: it ends on the source's page. (A cell cut short by
    # the table's ellipsis opens on the first click, as YASR does; the link then follows.)
    link = page.locator(f".tabPanel.active a.iri[href='/{CEO_SOURCE}']").first
    cell = link.locator("xpath=..")
    if "expandable" in (cell.get_attribute("class") or "").split():
        cell.click()
        assert "expanded" in (cell.get_attribute("class") or "").split()
    with page.expect_navigation():
        link.click(position={"x": 4, "y": 4})
    assert page.url == f"{visit.server.url}/{CEO_SOURCE}.html"
    assert CEO_TITLE in (page.text_content("h1") or "")
    assert visit.outside() == []


def test_an_example_named_in_the_address_runs(visit: Visit) -> None:
    visit.page.goto(f"{visit.server.url}/sparql#example={CLAIM_SOURCES}")
    titles = {row["title"]["text"] for row in by_column(visit)}
    assert CEO_TITLE in titles
    assert visit.outside() == []


CELLS = """SELECT ?term WHERE { VALUES ?term {
  <javascript:alert(document.domain)> <urn:isbn:0451450523> "Paris"@fr "plain"
  "42"^^<http://www.w3.org/2001/XMLSchema#integer> <https://example.org/elsewhere> } }"""


def test_cells_read_as_values_and_only_web_iris_link(visit: Visit) -> None:
    """Literals read as their value, the language or datatype beside it; an IRI links only
    when it is http(s) (an IRI in the data may be javascript:), outside ones to a new tab."""
    page = visit.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{visit.server.url}/sparql")
    page.wait_for_selector(".tabPanel.active .CodeMirror")
    page.evaluate("text => window.spiralldYasgui.getTab().getYasqe().setValue(text)", CELLS)
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active table.dataTable tbody tr td a.iri")
    cells = [row["term"] for row in by_column(visit)]
    assert {"text": "<javascript:alert(document.domain)>", "links": []} in cells
    assert {"text": "<urn:isbn:0451450523>", "links": []} in cells
    assert {"text": "Paris@fr", "links": []} in cells
    assert {"text": "plain", "links": []} in cells
    assert {"text": "42xsd:integer", "links": [
        {"href": f"{XSD}integer", "text": "xsd:integer", "target": "_blank"}]} in cells
    assert {"text": "https://example.org/elsewhere", "links": [
        {"href": "https://example.org/elsewhere", "text": "https://example.org/elsewhere",
         "target": "_blank"}]} in cells
    page.click(".tabPanel.active span.iri >> text=javascript")
    assert dialogs == [] and visit.outside() == []


def hints(page: Any, text: str, line: int, ch: int) -> list[str]:
    """The completions the editor offers with ``text`` in it and the cursor at (line, ch)."""
    page.keyboard.press("Escape")
    page.evaluate("""([text, line, ch]) => {
        const yasqe = window.spiralldYasgui.getTab().getYasqe();
        yasqe.setValue(text);
        yasqe.focus();
        yasqe.setCursor({line: line, ch: ch});
        yasqe.autocomplete();
    }""", [text, line, ch])
    page.wait_for_selector(".CodeMirror-hints li")
    return list(page.eval_on_selector_all(".CodeMirror-hints li",
                                          "items => items.map(i => i.textContent)"))


def test_completion_needs_no_network(visit: Visit) -> None:
    """Prefixes complete from YASQE's bundled list and ours; classes and properties (which
    YASQE would ask Linked Open Vocabularies for) from the release's own; no request
    leaves the server."""
    page = visit.page
    page.goto(f"{visit.server.url}/sparql")
    page.wait_for_selector(".tabPanel.active .CodeMirror")
    completers = page.evaluate(
        "window.spiralldYasgui.getTab().getYasqe().config.autocompleters")
    assert completers == ["prefixes", "variables", "class", "property"]
    assert "spiral: <https://w3id.org/spiralld/ontology#>" in hints(page, "PREFIX spi", 0, 10)
    assert "foaf: <http://xmlns.com/foaf/0.1/>" in hints(page, "PREFIX foa", 0, 10)
    schema = "PREFIX schema: <https://schema.org/>\n"
    assert "schema:Person" in hints(page, schema + "SELECT * WHERE { ?s a schema:Pe", 1, 30)
    assert "schema:name" in hints(page, schema + "SELECT * WHERE { ?s schema:na", 1, 27)
    assert visit.outside() == []


# --- after a rebuild -------------------------------------------------------------------

def test_the_examples_follow_a_rebuild(data_dir: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """``spiralld build`` rewriting the release under a running server: the page then
    shows the new release's title, base IRI and examples (bound to the new base)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    out = tmp_path / "site"
    build(data_dir, out, Config())
    rebuilt = "https://example.org/kb/"
    with running(out, tmp_path / "server.log") as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        def page() -> tuple[str, dict[str, Any]]:
            response = client.get("/sparql", headers={"Accept": "text/html"})
            assert response.status_code == 200
            document = html5lib.parse(response.text, namespaceHTMLElements=False)
            return document.find(".//title").text, page_settings(response.text)

        title, settings = page()
        assert title == "SPARQL query · Spiral encyclopedia of the AI field"
        assert settings["base"] == BASE
        build(data_dir, out, Config(base_iri=rebuilt, title="The rebuilt encyclopedia"))
        title, settings = page()
        assert title == "SPARQL query · The rebuilt encyclopedia"
        assert settings["base"] == rebuilt
        examples = {e["name"]: e for e in settings["examples"]}
        assert f"VALUES (?entity) {{ (<{rebuilt}id/illia-polosukhin>) }}" in \
            examples[CLAIM_SOURCES]["text"]
        answer = client.post("/sparql", data={"query": examples[CLAIM_SOURCES]["text"]},
                             headers={"Accept": "application/sparql-results+json"})
        assert CEO_TITLE in {b["title"]["value"] for b in answer.json()["results"]["bindings"]
                             if "title" in b}
