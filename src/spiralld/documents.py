"""Per-resource documents: what the release says about each entity, page and source.

A document's subject is an IRI without a fragment (``id/x``, ``page/x``, ``source/x``);
it holds every triple whose subject is that IRI or one of its parts (``id/x#role-...``),
plus the type and name of each node it links to, so a reader of one document can show
what it links to without fetching more. A profile page's document also holds its
entity's, since the page's embedded JSON-LD describes both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import NamedNode, Triple

from .mapping import Dataset
from .mapping.graph import sort_triples
from .namespaces import RDF, RDFS, SCHEMA, SPIRAL


def root_of(iri: str) -> str:
    """The document an IRI belongs to: the IRI without its fragment."""
    return iri.split("#", 1)[0]


@dataclass(frozen=True)
class Document:
    """One resource's description and where it lives in the release."""

    iri: str
    path: str          # release path without extension, e.g. "id/illia-polosukhin"
    triples: tuple[Triple, ...]


class Documents:
    """The documents of a dataset, by subject IRI."""

    def __init__(self, dataset: Dataset) -> None:
        self.base = dataset.iris.base
        by_root: dict[str, set[Triple]] = defaultdict(set)
        by_subject: dict[str, list[Triple]] = defaultdict(list)
        by_object: dict[str, list[Triple]] = defaultdict(list)
        claims: set[str] = set()
        for triple in dataset.triples():
            by_root[root_of(triple.subject.value)].add(triple)
            by_subject[triple.subject.value].append(triple)
            if isinstance(triple.object, NamedNode):
                by_object[triple.object.value].append(triple)
                if triple.predicate == RDF.type and triple.object == SPIRAL.Claim:
                    claims.add(triple.subject.value)
        self._own = by_root
        self._by_subject = by_subject
        self._by_object = by_object
        self._claims = claims
        self.iris = sorted(iri for iri in by_root if iri.startswith(self.base))

    def path(self, iri: str) -> str:
        """``id/x`` for ``<base>id/x``."""
        return iri[len(self.base):]

    def own(self, iri: str) -> set[Triple]:
        return self._own.get(iri, set())

    def document(self, iri: str) -> Document:
        """The document of ``iri``; a page's document includes its main entity's."""
        triples = set(self.own(iri))
        for triple in list(triples):
            if triple.subject.value == iri and triple.predicate == SCHEMA.mainEntity:
                triples |= self.own(triple.object.value)
        for entity in {t.subject.value for t in triples}:
            for triple in self._by_object.get(entity, ()):
                claim = triple.subject.value
                if claim in self._claims and root_of(claim) != root_of(entity):
                    triples.update(self._by_subject[claim])   # a claim naming the entity
                    triples.update(self._by_object[claim])    # and who makes it
        linked = {t.object.value for t in triples if isinstance(t.object, NamedNode)}
        described = {t.subject.value for t in triples}
        for node in sorted(linked - described):
            for triple in self._by_subject.get(node, ()):
                if triple.predicate in (RDF.type, SCHEMA.name, RDFS.label):
                    triples.add(triple)
        return Document(iri, self.path(iri), tuple(sort_triples(triples)))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (self.document(iri) for iri in self.iris)
