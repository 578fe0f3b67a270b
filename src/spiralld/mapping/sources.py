"""Sources to RDF: one node per source across the whole corpus."""

from __future__ import annotations

import dataclasses
import hashlib

from pyoxigraph import NamedNode

from ..errors import ProfileError
from ..namespaces import SCHEMA, SPIRAL
from ..reading.corpus import Corpus
from ..reading.entities import Entity
from ..reading.pages import slugify
from ..reading.profiles import Profile, Source
from .graph import Graph, Iris, date_literal, iri

ET_AL = "et al."
#: The fields of a Source that its description reads (all but where it is and its key).
_CONTENT = tuple(field.name for field in dataclasses.fields(Source)
                 if field.name not in ("key", "line"))


#: Characters of a source's title kept in its slug; a longer title gets a digest after them.
TITLE_CHARACTERS = 60


def source_slug(source: Source) -> str:
    """``<creator>-<title>[-<digest>][-<date>]``, the same for the same citation in two
    profiles and different for two citations that differ in meaning.

    What identifies a source is its creators (authors or publisher), title, venue and date
    of publication (a review date is when a page was read, not which page it is). The slug
    spells out the first creator, the title and the date; when those leave something out (a
    title cut at :data:`TITLE_CHARACTERS`, further authors, a venue), a digest of the whole
    identity follows the title.
    """
    if source.id:
        return slugify(source.id)
    authors = tuple(a for a in source.authors if a != ET_AL)
    creator = source.publisher or (authors[0] if authors else "")
    full_title = slugify(source.title)
    title = full_title[:TITLE_CHARACTERS].rstrip("-")
    parts = [creator, title]
    if title != full_title or authors[1:] or source.venue or (source.publisher and authors):
        identity = "\x1f".join((*authors, "", source.publisher or "", source.title,
                                 source.venue or "", _date_text(source)))
        parts.append(hashlib.sha256(identity.encode()).hexdigest()[:8])
    parts.append(_date_text(source))
    return slugify(" ".join(part for part in parts if part))


def _date_text(source: Source) -> str:
    return source.date_published.lexical if source.date_published else ""


class SourceIndex:
    """Mints each source's IRI and remembers every citation of it for mapping once."""

    def __init__(self, corpus: Corpus, iris: Iris) -> None:
        self.corpus = corpus
        self.iris = iris
        self.cited: dict[str, list[tuple[Profile, Source]]] = {}
        self.works = {slugify(e.name): e for e in corpus.entities.values() if e.is_work}
        self._people: dict[str, list[str]] | None = None

    def _work_for(self, source: Source) -> Entity | None:
        """The work entity a source is, named explicitly or matched by title (and year)."""
        if source.work:
            entity = self.corpus.entities.get(slugify(source.work))
            return entity if entity is not None and entity.is_work else None
        entity = self.works.get(slugify(source.title))
        if entity is None or source.work is None and source.date_published is None:
            return entity
        published = entity.date_published
        if published and source.date_published and published.year != source.date_published.year:
            return None
        return entity

    def node(self, profile: Profile, source: Source) -> NamedNode:
        """The IRI of a profile's source: its work's entity IRI, or ``source/<slug>``."""
        work = self._work_for(source)
        if source.work and work is None:
            raise ProfileError(f"source {source.key!r} names work {source.work!r}, which is "
                               "not a work in data/entities", profile.path, source.line)
        node = self.iris.entity(work.slug) if work else self.iris.source(source_slug(source))
        self.cite(node.value, profile, source)
        if self.corpus.answers is not None:
            self.corpus.answers.append(("cite", (node.value,), source))
        return node

    def cite(self, node: str, profile: Profile, source: Source) -> None:
        """Note that ``profile`` cites ``source`` as ``node``, to be described by map_all."""
        self.cited.setdefault(node, []).append((profile, source))

    def by_key(self, profile: Profile, key: str) -> NamedNode:
        source = profile.source(key)
        assert source is not None, "claims are checked against source keys when loaded"
        return self.node(profile, source)

    def map_all(self, graph: Graph) -> None:
        """Describe each cited source once (a work's own fields come from its entity).

        A citation whose fields (its key and line aside) are those of an earlier citation
        of the same node adds the same triples, which keep the earlier one's file:line: it
        is skipped (a profile cites a source once per claim, and profiles share sources).
        """
        for value in sorted(self.cited):
            node = NamedNode(value)
            seen: set[tuple[object, ...]] = set()
            for profile, source in self.cited[value]:
                content = tuple(getattr(source, name) for name in _CONTENT)
                if content in seen:
                    continue
                seen.add(content)
                with graph.at(profile.path, source.line):
                    self._map(graph, node, profile, source)

    def reading(self, source: Source) -> Source:
        """The source as the corpus reads it: a single "author" that the corpus knows as an
        organization ("Hugging Face, About Hugging Face") is the publisher of a web page."""
        if source.publisher is not None or len(source.authors) != 1:
            return source
        slug = self.corpus.known(source.authors[0])
        if slug is None or self.corpus.type_of(slug) != "Organization":
            return source
        kind = "WebPage" if source.type == "BlogPosting" else source.type
        return dataclasses.replace(source, authors=(), publisher=source.authors[0], type=kind)

    def _surnames(self) -> dict[str, list[str]]:
        """The people of the corpus by the last word of each of their names (folded)."""
        if self._people is None:
            people: dict[str, list[str]] = {}
            named = [*((p.slug, p.type, (p.name, *p.alternate_names))
                       for p in self.corpus.profiles),
                     *((e.slug, e.type, (e.name, *e.alternate_names))
                       for e in self.corpus.entities.values())]
            for slug, kind, names in sorted(named):
                if kind != "Person":
                    continue
                for name in names:
                    words = name.split()
                    if len(words) >= 2 and slug not in people.get(words[-1].casefold(), []):
                        people.setdefault(words[-1].casefold(), []).append(slug)
            self._people = people
        return self._people

    def _person(self, name: str, profile: Profile) -> str | None:
        """The known person a citation's author is: by name, or by a surname alone
        ("Krizhevsky et al.") when it is the citing page's subject's or one person's."""
        slug = self.corpus.known(name)
        if slug is not None or len(name.split()) != 1:
            return slug
        if profile.type == "Person" and profile.name.split()[-1].casefold() == name.casefold():
            return profile.slug
        found = self._surnames().get(name.casefold(), [])
        return found[0] if len(found) == 1 else None

    def _map(self, graph: Graph, node: NamedNode, profile: Profile, source: Source) -> None:
        source = self.reading(source)
        graph.text(node, SPIRAL.citationText, source.citation)
        if source.date_reviewed:
            graph.add(node, SPIRAL.dateReviewed, date_literal(source.date_reviewed))
        if self._work_for(source) is not None:
            return
        graph.type(node, SCHEMA[source.type])
        graph.text(node, SCHEMA.name, source.title)
        if source.date_published:
            graph.add(node, SCHEMA.datePublished, date_literal(source.date_published))
        if source.url:
            graph.add(node, SCHEMA.url, iri(source.url))
        authors = [a for a in source.authors if a != ET_AL]
        for position, author in enumerate(authors, start=1):
            person = self._person(author, profile)
            graph.add(node, SCHEMA.author,
                      self.iris.entity(person) if person is not None else
                      self._agent(graph, node, author, f"author-{position}", SCHEMA.Person))
        if source.publisher:
            graph.add(node, SCHEMA.publisher,
                      self._agent(graph, node, source.publisher, "publisher", SCHEMA.Organization))
        if source.venue:
            graph.add(node, SCHEMA.isPartOf,
                      self._agent(graph, node, source.venue, "venue", SCHEMA.CreativeWork))

    def _agent(self, graph: Graph, source: NamedNode, name: str, part: str,
               kind: NamedNode) -> NamedNode:
        """A known entity, or a node local to this source (``<source>#author-1``).

        Names in citations ("Vaswani", "Jordan") are too ambiguous to mint shared
        entities from, so unknown ones stay inside the source's description.
        """
        slug = self.corpus.known(name)
        if slug is not None:
            return self.iris.entity(slug)
        node = Iris.part(source, part)
        graph.type(node, kind)
        graph.text(node, SCHEMA.name, name)
        return node
