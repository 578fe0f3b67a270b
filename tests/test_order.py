"""The order of a page's Sources and Related Pages is in the data, and pages show it."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import rdflib

from spiralld.build import BuildResult

from .conftest import BASE, DATA, select

PAGE = f"{BASE}page/illia-polosukhin"
#: The seed's Related Pages, in the page's order.
RELATED = ["aidan-gomez", "noam-shazeer", "mixture-of-experts", "sovereign-ai",
           "agent-native-internet", "ai-agents", "open-weight-ai-models", "ai-organizations",
           "cognitive-sovereignty", "scaling-laws", "ai-compute", "individual-players"]


def source_keys_in_file_order() -> list[str]:
    text = (DATA / "profiles" / "illia-polosukhin.md").read_text()
    sources = text.split("\nsources:\n", 1)[1].split("\nroles:", 1)[0]
    return [line.strip().rstrip(":") for line in sources.splitlines()
            if line.startswith("  ") and not line.startswith("   ")]


def listed(graph: rdflib.Graph, link: str) -> list[str]:
    rows = select(graph, f"""SELECT ?position ?item WHERE {{
        <{PAGE}> spiral:{link} ?list . ?list a schema:ItemList ; schema:itemListElement ?entry .
        ?entry a schema:ListItem ; schema:position ?position ; schema:item ?item }}""")
    return [item for _, item in sorted(rows, key=lambda row: int(row[0]))]


def test_sources_keep_the_page_order(seed_graph: rdflib.Graph,
                                     seed_release: tuple[BuildResult, Path]) -> None:
    result, _ = seed_release
    profile = result.corpus.full(result.corpus.profile("illia-polosukhin"))
    keys = [source.key for source in profile.sources]
    assert keys == source_keys_in_file_order()
    titles = [select(seed_graph, f"SELECT ?t WHERE {{ <{iri}> schema:name ?t }}")[0][0]
              for iri in listed(seed_graph, "citationList")]
    assert titles == [profile.source(key).title for key in keys]
    assert titles[:2] == ["Attention Is All You Need",
                          "NEAR co-founder joins the NEAR Foundation as CEO"]


def test_related_pages_keep_the_page_order(seed_graph: rdflib.Graph) -> None:
    assert listed(seed_graph, "relatedList") == [f"{BASE}id/{slug}" for slug in RELATED]


def test_the_html_and_its_json_ld_show_the_page_order(seed_graph: rdflib.Graph,
                                                      seed_release: tuple[BuildResult, Path]
                                                      ) -> None:
    page = seed_release[1] / "page" / "illia-polosukhin.html"
    root = html5lib.parse(page.read_text(), namespaceHTMLElements=False)
    related = next(ul for ul in root.iter("ul") if ul.get("class") == "related")
    shown = [a.get("href").rsplit("/", 1)[-1].removesuffix(".html")
             for a in related.iter("a")]
    assert shown == RELATED
    script = next(s for s in root.iter("script") if s.get("type") == "application/ld+json")
    embedded = rdflib.Graph().parse(data=json.dumps(json.loads(script.text)), format="json-ld")
    assert listed(embedded, "relatedList") == [f"{BASE}id/{slug}" for slug in RELATED]
    assert listed(embedded, "citationList") == listed(seed_graph, "citationList")
    assert len(listed(embedded, "citationList")) == len(source_keys_in_file_order())


def test_a_byline_position_sits_on_a_list_item(seed_graph: rdflib.Graph) -> None:
    """schema:position's domain is CreativeWork or ListItem, not Role."""
    rows = select(seed_graph, """SELECT ?role WHERE { ?role schema:position ?p .
        FILTER NOT EXISTS { ?role a schema:ListItem } FILTER NOT EXISTS { ?role a ?work .
        ?work rdfs:subClassOf* schema:CreativeWork } FILTER NOT EXISTS { ?role a
        schema:WebPageElement } FILTER NOT EXISTS { ?role a schema:Question } }""")
    assert rows == []
