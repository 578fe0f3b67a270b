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
    """Map every profile, entity, source and stub of the corpus to RDF."""
    iris = Iris(corpus.config.base_iri)
    dataset = Dataset(iris)
    shared = dataset.graph(iris.shared_graph)
    sources = SourceIndex(corpus, iris)
    for profile in corpus.profiles:
        graph = dataset.graph(iris.page(profile.slug))
        map_profile_entity(graph, profile, corpus, iris)
        map_page(graph, profile, corpus, iris, sources)
        map_claims(graph, profile, corpus, iris, sources)
    for entity in corpus.entities.values():
        map_shared_entity(shared, entity, corpus, iris)
    sources.map_all(shared)
    for stub in sorted(corpus.stubs.values(), key=lambda s: s.slug):
        map_stub(shared, stub, iris)
    _one_graph_per_triple(dataset, shared)
    return dataset


def _one_graph_per_triple(dataset: Dataset, shared: Graph) -> None:
    """Keep each triple in one named graph: the shared graph, else the first page graph.

    Two profiles can state the same triple (a source both cite for the same claim); in
    two graphs it would come back twice from stores that query the union of graphs.
    """
    seen = set(shared.triples)
    for name in sorted(dataset.graphs):
        graph = dataset.graphs[name]
        if graph is not shared:
            graph.triples -= seen
            seen |= graph.triples
