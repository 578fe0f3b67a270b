"""Profiles to RDF: one module per kind of thing, all writing into named graphs.

``map_corpus`` returns a :class:`Dataset`: one named graph per profile page (its page,
its entity, its claims) and one for shared entities, sources and stubs.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..extract.proposals import KnownNames, known_names, with_proposals
from ..reading.corpus import Answer, Corpus
from ..reading.entities import Entity
from ..rebuild.cache_files import Spelling
from .claims import map_claims
from .entities import map_profile_entity, map_shared_entity, map_stub
from .graph import Dataset, Graph, Iris
from .pages import map_page
from .sources import SourceIndex

if TYPE_CHECKING:
    from ..rebuild.profile_cache import ProfileCache

__all__ = ["Dataset", "Iris", "map_corpus"]


def mapping_world(corpus: Corpus, spelling: Spelling | None = None) -> str:
    """A digest of what a profile's mapping reads without asking the corpus (see
    :mod:`spiralld.rebuild.profile_cache`): the settings and the shared entities, those that
    profiles supersede included; their files named by ``spelling``'s keys, so naming the
    data directory another way keeps the world. (What a raw page's proposed claims depend
    on, the extractor's version and the names the corpus knows, is asked of the corpus:
    :meth:`~spiralld.reading.corpus.Corpus.proposal_key`, so that only raw pages map again.)"""
    key = spelling.key if spelling is not None else str

    def keyed(entities: Iterable[Entity]) -> list[Entity]:
        return [dataclasses.replace(entity, path=key(entity.path)) for entity in entities]

    return hashlib.sha256(repr((corpus.config, keyed(corpus.entities.values()),
                                keyed(corpus.superseded.values()))).encode()).hexdigest()


def map_corpus(corpus: Corpus, cache: ProfileCache | None = None) -> Dataset:
    """Map every profile, entity, source and stub of the corpus to RDF.

    Each profile's graph is frozen into the dataset as soon as it is mapped, so only one
    graph at a time is held as term objects. A profile ``cache`` gives the graphs of the
    profiles mapped by the last build whose file and answers are the same (it is saved
    here, once every profile is mapped).
    """
    iris = Iris(corpus.config.base_iri)
    dataset = Dataset(iris)
    sources = SourceIndex(corpus, iris)
    world = mapping_world(corpus, cache.spelling if cache is not None else None)
    names: KnownNames | None = None
    for profile in corpus.profiles:
        if cache is not None and cache.replay(profile, corpus, sources, dataset, world):
            continue
        profile = corpus.full(profile)
        graph = Graph(iris.page(profile.slug))
        answers: list[Answer] = []
        corpus.answers = answers
        try:
            if profile.raw:   # a raw page's claims are the extractor's proposals, unreviewed
                corpus.proposal_key()   # noted: the cache maps it again if that changes
                names = names or known_names(corpus.profiles, corpus.known_entities())
                profile = with_proposals(profile, names)
            map_profile_entity(graph, profile, corpus, iris)
            map_page(graph, profile, corpus, iris, sources)
            map_claims(graph, profile, corpus, iris, sources)
        finally:
            corpus.answers = None
        keys = dataset.add(graph)
        if cache is not None:
            cache.mapped(profile, answers, dataset.graphs[graph.name.value], keys)
    shared = Graph(iris.shared_graph)
    for entity in corpus.entities.values():
        map_shared_entity(shared, entity, corpus, iris)
    sources.map_all(shared)
    for stub in sorted(corpus.stubs.values(), key=lambda s: s.slug):
        map_stub(shared, stub, iris)
    dataset.add(shared)
    # Two profiles can state the same triple (a source both cite for the same claim): it
    # is kept in the shared graph, else in the first page graph.
    dataset.seal(first=iris.shared_graph.value,
                 kept=cache.decoded.withouts if cache is not None and cache.decoded else None)
    if cache is not None:
        cache.save(world)
    return dataset
