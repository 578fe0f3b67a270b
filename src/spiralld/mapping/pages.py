"""Profile pages to RDF: the schema:ProfilePage, its sections, questions and links."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from ..corpus import Corpus
from ..namespaces import PROV, SCHEMA, SPIRAL
from ..pages import Section, slugify
from ..profiles import RELATED_SECTIONS, Profile
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
    for source in profile.sources:
        node = sources.node(profile, source)
        with graph.at(path, source.line):
            graph.add(page, SCHEMA.citation, node)
            graph.add(page, PROV.wasDerivedFrom, node)


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
    for position, block in enumerate(section.bullets(), start=1):
        question = Iris.part(page, "question-" + Iris.digest(block.text))
        with graph.at(path, block.line):
            graph.type(question, SCHEMA.Question)
            graph.text(question, SCHEMA.name, block.text)
            graph.add(question, SCHEMA.position, integer(position))
            graph.add(section_node, SCHEMA.hasPart, question)
            graph.add(page, SPIRAL.openQuestion, question)


def related_reference(text: str) -> str:
    """The page a Related Pages bullet names: ``Name`` or a Markdown link ``[Name](slug)``."""
    match = _LINK.match(text.strip())
    return match.group("target").rsplit("/", 1)[-1] if match else text.strip()


def _map_related(graph: Graph, page: NamedNode, section: Section, corpus: Corpus, iris: Iris,
                 path: str) -> None:
    for block in section.bullets():
        match = _LINK.match(block.text.strip())
        name = match.group("name") if match else block.text.strip()
        slug = corpus.resolve(related_reference(block.text), f"{path}:{block.line}", name=name)
        with graph.at(path, block.line):
            graph.add(page, SCHEMA.mentions, iris.entity(slug))
