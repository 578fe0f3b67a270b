"""Hostile text in every field of a profile stays text: in a real browser (headless Chromium)
loading the built pages from ``spiralld serve`` on loopback, no injected element exists and
no injected script runs; the embedded JSON-LD stays in its script element and parses
(pyld, rdflib) to the hostile strings exactly; templates never evaluate ``{{ 7*7 }}``.

Chromium is Debian's package (``/usr/bin/chromium``); ``tests/install-chromium`` installs it.
Without it these tests fail, they do not skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
import rdflib
from pyld import jsonld

from spiralld.build import build
from spiralld.config import Config
from spiralld.reading.pages import slugify

from ..servers import chromium
from ..test_server import Server, running
from .hostile import (
    BENIGN,
    CANARY,
    HOSTILE,
    LONG_FIELDS,
    SHORT_FIELDS,
    Texts,
    profile_data,
    value,
)

BASE = "https://w3id.org/spiralld/"
ILLIA = rdflib.URIRef(BASE + "id/illia-polosukhin")
SCHEMA = rdflib.Namespace("https://schema.org/")
PAGE = "page/illia-polosukhin.html"
#: The pages of the organizations whose claims (role, founder) carry hostile role names.
CLAIM_PAGES = ("id/near-foundation.html", "id/near-protocol.html")



def dump_dom(url: str, profile: Path) -> str:
    """The document as headless Chromium has it once the page has loaded (its scripts run
    and its images tried)."""
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
         "--dump-dom", url],
        capture_output=True, timeout=90, env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    assert "<html" in dom[:200], f"no document from {url}: {dom[:200]!r}"
    return dom


@dataclass
class Built:
    """A release built from the profile with ``texts``, served on loopback; the documents
    Chromium made of its pages (loaded on first use, several browsers at a time)."""

    texts: Texts
    site: Path
    server: Server
    profiles: Path
    doms: dict[str, Element] = field(default_factory=dict)

    def load(self, paths: list[str]) -> None:
        missing = [path for path in paths if path not in self.doms]
        with ThreadPoolExecutor(4) as pool:
            dumped = pool.map(lambda path: dump_dom(f"{self.server.url}/{path}",
                                                    self.profiles / uuid.uuid4().hex), missing)
            for path, dom in zip(missing, dumped, strict=True):
                self.doms[path] = html5lib.parse(dom, namespaceHTMLElements=False)

    def dom(self, path: str) -> Element:
        self.load([path])
        return self.doms[path]

    def pages(self) -> list[str]:
        """The HTML pages showing the profile's texts other than its name, sorted (the
        pages merely linking the profile by name are left out: Chromium takes a second a
        page)."""
        slug = slugify(self.texts.short)
        found = []
        for path in sorted(self.site.rglob("*.html")):
            name = str(path.relative_to(self.site))
            if name in ("index.html", PAGE, *CLAIM_PAGES) or slug in name:
                page = html5lib.parse(path.read_text(encoding="utf-8"),
                                      namespaceHTMLElements=False)
                assert self.texts.short in body_text(page), name
                found.append(name)
        return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Built]]:
    """The hostile and the benign profile, each built and served."""
    chromium()
    root = tmp_path_factory.mktemp("injection")
    sites = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        for name, texts in (("hostile", HOSTILE), ("benign", BENIGN)):
            data = profile_data(root / name / "data", texts)
            build(data, root / name / "site", Config())
            sites[name] = (texts, root / name / "site")
    # A page with the hostile text written raw: the positive control of the detector.
    (sites["hostile"][1] / "control.html").write_text(
        f"<!doctype html><html><head><title>control</title></head><body><p>{CANARY}</p>"
        f"</body></html>", encoding="utf-8")
    with running(sites["hostile"][1], root / "hostile.log") as hostile, \
            running(sites["benign"][1], root / "benign.log") as benign:
        yield {"hostile": Built(HOSTILE, sites["hostile"][1], hostile, root / "chrome"),
               "benign": Built(BENIGN, sites["benign"][1], benign, root / "chrome")}


def body_text(root: Element) -> str:
    """The text a reader sees: everything but script and style elements."""
    parts: list[str] = []

    def walk(element: Element) -> None:
        if element.tag in ("script", "style"):
            return
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(root)
    return "".join(parts)


def tags(root: Element) -> Counter[str]:
    return Counter(str(element.tag) for element in root.iter())


def test_the_detector_sees_an_injection(built: dict[str, Built]) -> None:
    """Raw hostile text in a page does run in this browser and mark the document."""
    root = built["hostile"].dom("control.html")
    assert root.get("data-pwned") in ("s", "i")
    assert tags(root)["img"] == 1


def test_hostile_text_stays_text_in_a_browser(built: dict[str, Built]) -> None:
    hostile, benign = built["hostile"], built["benign"]
    pages = hostile.pages()
    assert [p.split("-")[0] for p in pages] == [
        "id/cofounder", "id/near", "id/near", "id/related", "index.html", "page/illia",
        "source/author", "source/publisher"]
    counterparts = benign.pages()
    assert [p.split("/")[0] for p in pages] == [p.split("/")[0] for p in counterparts]
    hostile.load(pages)
    benign.load(counterparts)
    for path, plain in zip(pages, counterparts, strict=True):
        root, expected = hostile.dom(path), benign.dom(plain)
        assert root.get("data-pwned") is None, f"{path}: an injected script ran"
        assert tags(root) == tags(expected), f"{path}: elements differ from {plain}"
        seen, plain_seen = body_text(root), body_text(expected)
        # Shown as text, as often as the plain text is (so never evaluated: {{ 7*7 }} stays).
        assert seen.count(HOSTILE.short) == plain_seen.count(BENIGN.short) > 0, path
        assert seen.count(HOSTILE.long) == plain_seen.count(BENIGN.long), path


def test_the_profile_page_shows_every_field(built: dict[str, Built]) -> None:
    seen = body_text(built["hostile"].dom(PAGE))
    for label in (*SHORT_FIELDS, *LONG_FIELDS):
        if label in ("author", "publisher", "alternate", "cofounder", "job"):
            continue  # in the data, or on the pages of the source and of NEAR Protocol
        assert value(label, HOSTILE) in seen, label


def embedded_json_ld(root: Element) -> list[dict[str, object]]:
    scripts = [s for s in root.iter("script") if s.get("type") == "application/ld+json"]
    return [json.loads(s.text or "") for s in scripts]


def test_embedded_json_ld_parses_to_the_hostile_strings(built: dict[str, Built]) -> None:
    hostile = built["hostile"]
    root = hostile.dom(PAGE)
    documents = embedded_json_ld(root)
    assert len(documents) == 1
    nquads = jsonld.to_rdf(documents[0], {"format": "application/n-quads"})
    by_pyld = rdflib.Graph().parse(data=nquads, format="nt")  # default graph only: N-Triples
    by_rdflib = rdflib.Graph().parse(data=json.dumps(documents[0]), format="json-ld")
    written = rdflib.Graph().parse(hostile.site / "page" / "illia-polosukhin.ttl")
    assert len(by_pyld) == len(by_rdflib) == len(written) > 50
    assert set(by_pyld) == set(by_rdflib) == set(written)
    literals = {str(o) for o in by_pyld.objects() if isinstance(o, rdflib.Literal)}
    expected = {
        (ILLIA, SCHEMA.name): value("name", HOSTILE),
        (ILLIA, SCHEMA.alternateName): value("alternate", HOSTILE),
        (ILLIA, SCHEMA.jobTitle): value("job", HOSTILE),
        (ILLIA, SCHEMA.description): f"{value('lead', HOSTILE)} is the lead.",
        (ILLIA, SCHEMA.disambiguatingDescription): value("snapshot", HOSTILE),
    }
    for (subject, predicate), text in expected.items():
        assert by_pyld.value(subject, predicate) == rdflib.Literal(text), predicate
    for label in ("role", "founder", "title", "heading", "related", "question"):
        wanted = value(label, HOSTILE) + ("?" if label == "question" else "")
        assert wanted in literals, label
    assert f"{value('paragraph', HOSTILE)} ends here." in literals


def test_other_pages_embed_the_hostile_strings_intact(built: dict[str, Built]) -> None:
    hostile = built["hostile"]
    source = next(p for p in hostile.pages() if p.startswith("source/publisher-"))
    for path, labels in ((source, ("title", "publisher")),
                         ("id/near-protocol.html", ("cofounder", "name"))):
        documents = embedded_json_ld(hostile.dom(path))
        assert len(documents) == 1, path
        nquads = jsonld.to_rdf(documents[0], {"format": "application/n-quads"})
        graph = rdflib.Graph().parse(data=nquads, format="nt")
        names = {str(o) for o in graph.objects(None, SCHEMA.name)}
        assert {value(label, HOSTILE) for label in labels} <= names, path
