"""The HTML page marks an extractor's proposal: an "unreviewed" badge and the sentences it was
read in (their text and line, and the page when it is another), in the claims table and on
the timeline; a curated claim has neither. The embedded JSON-LD carries the status as the
Turtle does (the two stay isomorphic), and the quoted text is escaped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

import extruct
import html5lib
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from spiralld.cli import main

from .conftest import BASE, DATA, FIXTURES

SPIRAL = rdflib.Namespace("https://w3id.org/spiralld/ontology#")
ILLIA = BASE + "id/illia-polosukhin"
CEO = f"{ILLIA}#role-affiliation-near-foundation"
CEO_SENTENCE = "In September 2023, NEAR Foundation announced that Polosukhin would become its CEO."
FOUNDING_SENTENCE = "In 2018, Skidanov co-founded NEAR Protocol with Illia Polosukhin."


def spiralld(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/pages (the seed among them) built as raw pages."""
    tmp = tmp_path_factory.mktemp("review-html")
    shutil.copytree(FIXTURES / "pages", tmp / "data" / "pages")
    spiralld("build", str(tmp / "data"), "--out", str(tmp / "site"))
    return tmp / "site"


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def svg_texts(root: Element) -> list[str]:
    """The texts of the timeline's marks (html5lib puts SVG elements in the SVG namespace)."""
    svg = "{http://www.w3.org/2000/svg}"
    return [text_of(t) for g in root.iter(svg + "g")
            if "mark" in (g.get("class") or "").split() for t in g.iter(svg + "text")]


def claim_row(root: Element, anchor: str) -> Element:
    table = next(t for t in root.iter("table") if "claims" in (t.get("class") or "").split())
    return next(r for r in table.iter("tr") if r.get("id") == anchor)


def test_an_unreviewed_claim_has_a_badge_and_its_evidence(raw_site: Path) -> None:
    root = parse(raw_site / "page" / "illia-polosukhin.html")
    row = claim_row(root, "role-affiliation-near-foundation")
    label = row.find("td")
    assert label is not None
    badges = [s for s in label.iter("span") if "unreviewed" in (s.get("class") or "").split()]
    assert [text_of(b) for b in badges] == ["unreviewed"]
    details = label.find("details")
    assert details is not None and "evidence" in (details.get("class") or "")
    assert [(text_of(q.find("p")), text_of(q.find("footer")))   # type: ignore[arg-type]
            for q in details.iter("blockquote")] == [(CEO_SENTENCE, "line 13")]


def test_evidence_read_on_another_page_names_that_page(raw_site: Path) -> None:
    root = parse(raw_site / "page" / "illia-polosukhin.html")
    table = next(t for t in root.iter("table") if "claims" in (t.get("class") or "").split())
    quotes = [q for q in table.iter("blockquote")
              if text_of(q.find("p")) == FOUNDING_SENTENCE]   # type: ignore[arg-type]
    assert len(quotes) == 1
    footer = quotes[0].find("footer")
    assert footer is not None and text_of(footer) == "line 11 of Alexander Skidanov"
    link = footer.find("a")
    assert link is not None and link.get("href") == "alexander-skidanov.html"


def test_the_timeline_marks_unreviewed_claims(raw_site: Path) -> None:
    root = parse(raw_site / "page" / "illia-polosukhin.html")
    assert "CEO, NEAR Foundation (unreviewed) (2023-09 – ongoing)" in svg_texts(root)


def test_a_curated_claim_has_no_badge(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns(".spiralld-cache"))
    spiralld("build", str(tmp_path / "data"), "--out", str(tmp_path / "site"))
    root = parse(tmp_path / "site" / "page" / "illia-polosukhin.html")
    row = claim_row(root, "role-affiliation-near-foundation")
    assert not [s for s in row.iter("span") if "unreviewed" in (s.get("class") or "")]
    assert row.find(".//details") is None
    assert "CEO, NEAR Foundation (2023-09 – ongoing)" in svg_texts(root)


def test_the_embedded_json_ld_carries_the_status_like_the_turtle(raw_site: Path) -> None:
    html = (raw_site / "page" / "illia-polosukhin.html").read_text(encoding="utf-8")
    [item] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    embedded = rdflib.Graph().parse(data=json.dumps(item), format="json-ld")
    turtle = rdflib.Graph().parse(raw_site / "page" / "illia-polosukhin.ttl")
    assert isomorphic(embedded, turtle)
    assert (rdflib.URIRef(CEO), SPIRAL.reviewStatus, SPIRAL.Unreviewed) in embedded
    evidence = embedded.value(rdflib.URIRef(CEO), SPIRAL.evidence)
    assert evidence is not None
    assert str(embedded.value(evidence, rdflib.URIRef("https://schema.org/text"))) \
        == CEO_SENTENCE


def test_the_quoted_sentence_is_escaped(tmp_path: Path) -> None:
    pages = tmp_path / "data" / "pages"
    shutil.copytree(FIXTURES / "pages", pages)
    seed = pages / "illia-polosukhin.txt"
    text = seed.read_text(encoding="utf-8")
    hostile = ("In September 2023, NEAR Foundation announced that Polosukhin would become its "
               'CEO (a "<b>" & </p> <script>x</script> role).')
    seed.write_text(text.replace(CEO_SENTENCE, hostile), encoding="utf-8")
    spiralld("build", str(tmp_path / "data"), "--out", str(tmp_path / "site"))
    html = (tmp_path / "site" / "page" / "illia-polosukhin.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in html
    quotes = [text_of(q) for q in parse(tmp_path / "site" / "page" / "illia-polosukhin.html")
              .iter("blockquote")]
    assert f"{hostile}line 13" in quotes   # the evidence, as text
