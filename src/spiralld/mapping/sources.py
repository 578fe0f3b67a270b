"""Sources to RDF: one node per source across the whole corpus."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..corpus import Corpus
from ..errors import ProfileError
from ..namespaces import SCHEMA, SPIRAL
from ..pages import slugify
from ..profiles import Profile, Source
from .graph import Graph, Iris, date_literal, iri

ET_AL = "et al."


def source_slug(source: Source) -> str:
    """``<creator>-<title>``: the same citation in two profiles gives the same IRI."""
    if source.id:
        return slugify(source.id)
    creator = source.publisher or next((a for a in source.authors if a != ET_AL), "")
    title = slugify(source.title)[:60].rstrip("-")
    return slugify(f"{creator} {title}") if creator else title


class SourceIndex:
    """Mints each source's IRI and remembers every citation of it for mapping once."""

    def __init__(self, corpus: Corpus, iris: Iris) -> None:
        self.corpus = corpus
        self.iris = iris
        self.cited: dict[str, list[tuple[Profile, Source]]] = {}

    def node(self, profile: Profile, source: Source) -> NamedNode:
        """The IRI of a profile's source: its work's entity IRI, or ``source/<slug>``."""
        if source.work:
            slug = slugify(source.work)
            entity = self.corpus.entities.get(slug)
            if entity is None or not entity.is_work:
                raise ProfileError(f"source {source.key!r} names work {source.work!r}, which is "
                                   "not a work in data/entities", profile.path, source.line)
            node = self.iris.entity(slug)
        else:
            node = self.iris.source(source_slug(source))
        self.cited.setdefault(node.value, []).append((profile, source))
        return node

    def by_key(self, profile: Profile, key: str) -> NamedNode:
        source = profile.source(key)
        assert source is not None, "claims are checked against source keys when loaded"
        return self.node(profile, source)

    def map_all(self, graph: Graph) -> None:
        """Describe each cited source once (a work's own fields come from its entity)."""
        for value in sorted(self.cited):
            node = NamedNode(value)
            for profile, source in self.cited[value]:
                self._map(graph, node, profile, source)

    def _map(self, graph: Graph, node: NamedNode, profile: Profile, source: Source) -> None:
        where = f"{profile.path}:{source.line}"
        graph.text(node, SPIRAL.citationText, source.citation)
        if source.date_reviewed:
            graph.add(node, SPIRAL.dateReviewed, date_literal(source.date_reviewed))
        if source.work:
            return
        graph.type(node, SCHEMA[source.type])
        graph.text(node, SCHEMA.name, source.title)
        if source.date_published:
            graph.add(node, SCHEMA.datePublished, date_literal(source.date_published))
        if source.url:
            graph.add(node, SCHEMA.url, iri(source.url))
        for author in source.authors:
            if author != ET_AL:
                slug = self.corpus.resolve(author, where, "Person")
                graph.add(node, SCHEMA.author, self.iris.entity(slug))
        if source.publisher:
            slug = self.corpus.resolve(source.publisher, where, "Organization")
            graph.add(node, SCHEMA.publisher, self.iris.entity(slug))
        if source.venue:
            slug = self.corpus.resolve(source.venue, where, "WebSite")
            graph.add(node, SCHEMA.isPartOf, self.iris.entity(slug))
