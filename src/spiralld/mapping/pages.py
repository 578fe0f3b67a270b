"""Profile pages to RDF: the schema:ProfilePage, its sections, questions and links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..errors import ProfileError
from ..namespaces import PROV, SCHEMA, SPIRAL
from ..reading.corpus import Corpus
from ..reading.pages import Section, slugify
from ..reading.profiles import RELATED_SECTIONS, Profile
from .entities import snapshot_items
from .graph import Graph, Iris, date_literal, integer
from .sources import SourceIndex

#: Extra classes of well-known sections (lower-case name -> class).
SECTION_CLASSES: dict[str, NamedNode] = {
    "snapshot": SPIRAL.Snapshot,
    "spiralist reading": SPIRAL.SpiralistReading,
    "open questions": SPIRAL.OpenQuestions,
}
_LINK = re.compile(r"^\[(?P<name>[^\]]+)\]\((?P<target>[^)\s]+)\)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def map_page(graph: Graph, profile: Profile, corpus: Corpus, iris: Iris,
             sources: SourceIndex) -> None:
    """The page: what it is about, its sections in order, related pages and citations."""
    page = iris.page(profile.slug)
    entity = iris.entity(profile.slug)
    path = profile.path
    with graph.at(path, profile.line):
        graph.type(page, SCHEMA.ProfilePage)
        graph.add(page, SCHEMA.mainEntity, entity)
        graph.add(page, SCHEMA.about, entity)
        if profile.date_modified:
            line = profile.key_lines.get("dateModified", profile.line)
            with graph.at(path, line):
                graph.add(page, SCHEMA.dateModified, date_literal(profile.date_modified))
    with graph.at(path, profile.page.title_line):
        graph.text(page, SCHEMA.name, profile.page.title)
    nodes = section_nodes(page, profile.page.sections)
    for position, (section, node) in enumerate(zip(profile.page.sections, nodes, strict=True),
                                               start=1):
        kind = SECTION_CLASSES.get(section.name.lower())
        with graph.at(path, section.line):
            graph.add(page, SCHEMA.hasPart, node)
            graph.type(node, SCHEMA.WebPageElement)
            if kind is not None:
                graph.type(node, kind)
            graph.text(node, SCHEMA.name, section.name)
            graph.text(node, SCHEMA.text, section.text())
            graph.add(node, SCHEMA.position, integer(position))
        if kind is SPIRAL.OpenQuestions:
            _map_questions(graph, page, node, section, path)
        elif section.name.lower() in RELATED_SECTIONS:
            _map_related(graph, page, section, corpus, iris, path)
    for key, value, line in snapshot_items(profile.page):
        if key.lower() == "editorial caution":
            with graph.at(path, line):
                graph.text(page, SPIRAL.editorialCaution, value)
    cited = []
    for source in profile.sources:
        node = sources.node(profile, source)
        with graph.at(path, source.line):
            graph.add(page, SCHEMA.citation, node)
            graph.add(page, PROV.wasDerivedFrom, node)
        cited.append((node, path, source.line))
    _map_list(graph, page, SPIRAL.citationList, "sources", "Sources", cited)


def _map_list(graph: Graph, page: NamedNode, link: NamedNode, fragment: str, name: str,
              items: list[tuple[NamedNode, str, int]]) -> None:
    """``items`` in order, as a schema:ItemList of schema:ListItem nodes ``#<fragment>-<n>``
    (schema:citation and schema:mentions say what, not in which order)."""
    if not items:
        return
    listing = Iris.part(page, fragment)
    with graph.at(items[0][1], items[0][2]):
        graph.add(page, link, listing)
        graph.type(listing, SCHEMA.ItemList)
        graph.text(listing, SCHEMA.name, name)
        graph.add(listing, SCHEMA.itemListOrder, SCHEMA.ItemListOrderAscending)
        graph.add(listing, SCHEMA.numberOfItems, integer(len(items)))
    for position, (item, path, line) in enumerate(items, start=1):
        entry = Iris.part(page, f"{fragment}-{position}")
        with graph.at(path, line):
            graph.add(listing, SCHEMA.itemListElement, entry)
            graph.type(entry, SCHEMA.ListItem)
            graph.add(entry, SCHEMA.position, integer(position))
            graph.add(entry, SCHEMA.item, item)


def section_nodes(page: NamedNode, sections: tuple[Section, ...]) -> list[NamedNode]:
    """The IRI of each section, ``<page>#section-<name>`` (``-2``, ... for a repeated name)."""
    used: set[str] = set()
    return [_section_node(page, section.name, used) for section in sections]


def _section_node(page: NamedNode, name: str, used: set[str]) -> NamedNode:
    base = "section-" + slugify(name)
    fragment, counter = base, 1
    while fragment in used:
        counter += 1
        fragment = f"{base}-{counter}"
    used.add(fragment)
    return Iris.part(page, fragment)


def _map_questions(graph: Graph, page: NamedNode, section_node: NamedNode,
                   section: Section, path: str) -> None:
    asked: dict[str, int] = {}
    for position, block in enumerate(section.bullets(), start=1):
        question = Iris.part(page, "question-" + Iris.digest(block.text))
        if question.value in asked:   # one node with two positions, one HTML id twice
            raise ProfileError(f"open question repeats the one at line "
                               f"{asked[question.value]}: remove one", path, block.line)
        asked[question.value] = block.line
        with graph.at(path, block.line):
            graph.type(question, SCHEMA.Question)
            graph.text(question, SCHEMA.name, block.text)
            graph.add(question, SCHEMA.position, integer(position))
            graph.add(section_node, SCHEMA.hasPart, question)
            graph.add(page, SPIRAL.openQuestion, question)


@dataclass(frozen=True, slots=True)
class Related:
    """A Related Pages bullet: the name shown, and the page of this site it names (a name
    or a slug, to resolve) or the page elsewhere it links to (an http(s) URL)."""

    name: str
    reference: str | None = None
    url: str | None = None


def related_page(text: str, base_iri: str) -> Related:
    """A Related Pages bullet: ``Name``, a Markdown link ``[Name](slug)`` (or to a path or
    IRI of this site ending in the slug) or ``[Name](https://elsewhere.org/...)``. A link
    of any other scheme raises ValueError."""
    text = text.strip()
    match = _LINK.match(text)
    if match is None:
        return Related(text, reference=text)
    name, target = match.group("name"), match.group("target")
    if _SCHEME.match(target) and not target.startswith(base_iri):
        if not target.lower().startswith(("http://", "https://")):
            raise ValueError(f"related page link {target!r} is not an http(s) URL")
        try:
            NamedNode(target)
        except ValueError as error:
            raise ValueError(f"related page link {target!r} is not a valid IRI "
                             f"({error})") from None
        return Related(name, url=target)
    return Related(name, reference=target.rsplit("/", 1)[-1])


def _map_related(graph: Graph, page: NamedNode, section: Section, corpus: Corpus, iris: Iris,
                 path: str) -> None:
    listed = []
    for block in section.bullets():
        try:
            related = related_page(block.text, iris.base)
        except ValueError as error:
            raise ProfileError(str(error), path, block.line) from None
        if related.url is not None:
            with graph.at(path, block.line):
                graph.add(page, SCHEMA.relatedLink, NamedNode(related.url))
            listed.append((NamedNode(related.url), path, block.line))
            continue
        slug = corpus.resolve(related.reference or related.name, f"{path}:{block.line}",
                              name=related.name)
        with graph.at(path, block.line):
            graph.add(page, SCHEMA.mentions, iris.entity(slug))
        listed.append((iris.entity(slug), path, block.line))
    _map_list(graph, page, SPIRAL.relatedList, "related", section.name, listed)
