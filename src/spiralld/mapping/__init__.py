"""Profiles to RDF: one module per kind of thing, all writing into named graphs.

``map_corpus`` returns a :class:`Dataset`: one named graph per profile page (its page,
its entity, its claims) and one for shared entities, sources and stubs.
"""

from __future__ import annotations

from ..corpus import Corpus
from .claims import map_claims
from .entities import map_profile_entity, map_shared_entity, map_stub
from .graph import Dataset, Graph, Iris
from .pages import map_page
from .sources import SourceIndex

__all__ = ["Dataset", "Iris", "map_corpus"]


def map_corpus(corpus: Corpus) -> Dataset:
    """Map every profile, entity, source and stub of the corpus to RDF.

    Each profile's graph is frozen into the dataset as soon as it is mapped, so only one
    graph at a time is held as term objects.
    """
    iris = Iris(corpus.config.base_iri)
    dataset = Dataset(iris)
    sources = SourceIndex(corpus, iris)
    for profile in corpus.profiles:
        graph = Graph(iris.page(profile.slug))
        map_profile_entity(graph, profile, corpus, iris)
        map_page(graph, profile, corpus, iris, sources)
        map_claims(graph, profile, corpus, iris, sources)
        dataset.add(graph)
    shared = Graph(iris.shared_graph)
    for entity in corpus.entities.values():
        map_shared_entity(shared, entity, corpus, iris)
    sources.map_all(shared)
    for stub in sorted(corpus.stubs.values(), key=lambda s: s.slug):
        map_stub(shared, stub, iris)
    dataset.add(shared)
    # Two profiles can state the same triple (a source both cite for the same claim): it
    # is kept in the shared graph, else in the first page graph.
    dataset.seal(first=iris.shared_graph.value)
    return dataset
