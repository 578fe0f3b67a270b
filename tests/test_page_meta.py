"""Every page says what it is to search engines and link previews; data alternates exist."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
import rdflib
from rdflib.compare import isomorphic

from spiralld.build import BuildResult


def pages(release: Path) -> list[Path]:
    return sorted(release.rglob("*.html"))


def head_of(path: Path) -> dict[str, str]:
    root = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return {(meta.get("name") or meta.get("property")): meta.get("content")
            for meta in root.iter("meta") if meta.get("content") is not None}


def test_every_page_has_a_description_and_open_graph_tags(
        seed_release: tuple[BuildResult, Path]) -> None:
    release = seed_release[1]
    assert len(pages(release)) > 30, "every kind: profile, entity, work, source, stub, index"
    for path in pages(release):
        meta = head_of(path)
        for name in ("description", "og:title", "og:description", "og:type", "og:site_name",
                     "twitter:card", "twitter:title", "twitter:description"):
            assert meta.get(name), (path, name)
        assert len(meta["description"]) <= 200, path
        assert meta["description"] == meta["og:description"] == meta["twitter:description"]


def test_a_person_page_previews_as_a_profile(seed_release: tuple[BuildResult, Path]) -> None:
    meta = head_of(seed_release[1] / "page" / "illia-polosukhin.html")
    assert meta["og:type"] == "profile"
    assert meta["og:url"] == "https://w3id.org/spiralld/page/illia-polosukhin"
    assert meta["description"].startswith("Illia Polosukhin is a Ukrainian-born AI researcher")
    assert meta["description"].endswith("\u2026"), "the lead is longer: cut at a word"


def alternates(path: Path) -> dict[str, str]:
    root = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return {link.get("type"): link.get("href") for link in root.iter("link")
            if link.get("rel") == "alternate"}


@pytest.mark.parametrize(("page", "turtle"), [("index.html", "void.ttl"),
                                               ("ontology.html", "ontology.ttl")])
def test_index_and_ontology_offer_json_ld_equal_to_their_turtle(
        seed_release: tuple[BuildResult, Path], page: str, turtle: str) -> None:
    release = seed_release[1]
    links = alternates(release / page)
    assert links["text/turtle"] == turtle
    as_json = rdflib.Graph().parse(release / links["application/ld+json"], format="json-ld")
    assert isomorphic(as_json, rdflib.Graph().parse(release / turtle, format="turtle"))


def test_the_not_found_page_has_a_canonical(seed_release: tuple[BuildResult, Path]) -> None:
    root = html5lib.parse((seed_release[1] / "404.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    canonical = [link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"]
    assert canonical == ["https://w3id.org/spiralld/404.html"]
