"""Per-resource documents: what the release says about each entity, page and source.

A document's subject is an IRI without a fragment (``id/x``, ``page/x``, ``source/x``);
it holds every triple whose subject is that IRI or one of its parts (``id/x#role-...``),
plus the type and name of each node it links to, so a reader of one document can show
what it links to without fetching more. A profile page's document also holds its
entity's, since the page's embedded JSON-LD describes both.

Documents are read one lookup at a time, so the dataset is never indexed in Python memory
(only the document IRIs and the subjects of each are kept): a subject's triples from the
dataset's sorted N-Triples file, the links into a node from a pyoxigraph Store holding the
dataset's quads (the build's on-disk store).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple, parse

from ..mapping import Dataset
from ..mapping.graph import sort_triples
from ..namespaces import RDF, RDFS, SCHEMA, SPIRAL
from ..rebuild.reads import EVERYTHING, note, note_input, note_links, root_of

#: The graph of the release's own description, added to the build's store after the
#: dataset's quads; it is not part of the dataset.
DESCRIPTION_GRAPH = "graph/dataset"
#: The predicates of a linked node that a document carries: its type and its name.
LABELS = (RDF.type, SCHEMA.name, RDFS.label)
#: How many claims, and linked nodes' labels, Documents keeps for the next document.
CACHE_SIZE = 8192

T = TypeVar("T")


__all__ = ["DatasetReader", "Document", "Documents", "noted", "root_of"]


def noted(read: Callable[[str], T], properties: bool = True,
          links: bool = False) -> Callable[[str], T]:
    """``read`` (a cached lookup by node: of its ``properties``, of the ``links`` into it),
    noting its node at every call: a cache hit reads the dataset as much as a miss (see
    :mod:`spiralld.rebuild.reads`)."""
    def lookup(iri: str) -> T:
        if properties:
            note(iri)
        if links:
            note_links(iri)
        return read(iri)
    return lookup


class DatasetReader:
    """The triples of a dataset by pattern: a subject's from the dataset's sorted N-Triples
    file (by its subject index: one read and a parse), the rest from a store of its quads.

    Without a store the dataset's quads are loaded into an in-memory one. Quads of the
    release description's graph (``<base>graph/dataset``) are not the dataset's; they are
    left out.
    """

    def __init__(self, dataset: Dataset, store: Store | None = None) -> None:
        if store is None:
            store = Store()
            store.bulk_extend(dataset.quads())
        self.dataset = dataset
        self.store = store
        self.skip = NamedNode(dataset.iris.base + DESCRIPTION_GRAPH)
        # A page asks a linked node for its name, type, date... one at a time: one parse.
        self._about = functools.lru_cache(maxsize=CACHE_SIZE)(self._read_about)

    def _read_about(self, subject: str) -> tuple[Triple, ...]:
        lines = self.dataset.about(subject)
        if not lines:
            return ()
        return tuple(quad.triple for quad in parse(b"".join(lines), format=RdfFormat.N_TRIPLES))

    def triples(self, subject: NamedNode | None = None, predicate: NamedNode | None = None,
                obj: NamedNode | Literal | None = None) -> Iterator[Triple]:
        """The triples matching a pattern (None matches anything)."""
        if subject is not None:
            note(subject.value)
            for triple in self._about(subject.value):
                if (predicate is None or triple.predicate == predicate) and \
                        (obj is None or triple.object == obj):
                    yield triple
            return
        if isinstance(obj, NamedNode):
            note_links(obj.value)
        else:
            note_input(EVERYTHING)
        for quad in self.store.quads_for_pattern(None, predicate, obj, None):
            if quad.graph_name != self.skip:
                yield quad.triple

    def match(self, subject: NamedNode | None = None, predicate: NamedNode | None = None,
              obj: NamedNode | Literal | None = None) -> list[Triple]:
        """The triples matching a pattern, each once."""
        return list(dict.fromkeys(self.triples(subject, predicate, obj)))

    def exists(self, subject: NamedNode, predicate: NamedNode,
               obj: NamedNode | Literal) -> bool:
        return any(True for _ in self.triples(subject, predicate, obj))

    def subjects(self) -> Iterator[str]:
        """The IRI of every named subject of the dataset, in order, once each."""
        return self.dataset.named_subjects()


@dataclass(frozen=True)
class Document:
    """One resource's description and where it lives in the release."""

    iri: str
    path: str          # release path without extension, e.g. "id/illia-polosukhin"
    triples: tuple[Triple, ...]


class Documents:
    """The documents of a dataset, by subject IRI, read from a store of its quads."""

    def __init__(self, dataset: Dataset, store: Store | None = None) -> None:
        self.base = dataset.iris.base
        self.reader = DatasetReader(dataset, store)
        self.store = self.reader.store
        # The parts of each document (``<iri>#...``), as their fragments joined by spaces
        # (which no IRI holds): one string a document, however many parts it has.
        parts: dict[str, str] = {}
        for subject in self.reader.subjects():
            root, _, fragment = subject.partition("#")
            if not fragment:
                parts.setdefault(subject, "")   # the document's own IRI, as found
            elif root in parts:
                parts[root] += " " + fragment
            else:
                parts[root] = " " + fragment
        self._parts = {root: " ".join(sorted(set(found.split()))) for root, found in parts.items()}
        self.iris = sorted(iri for iri in self._parts if iri.startswith(self.base))
        # Claims and linked nodes recur from document to document (an organization's
        # founder roles, a shared source): the latest are kept.
        self._claim = noted(functools.lru_cache(maxsize=CACHE_SIZE)(self._read_claim),
                             links=True)
        self._labels = noted(functools.lru_cache(maxsize=CACHE_SIZE)(self._read_labels))

    def path(self, iri: str) -> str:
        """``id/x`` for ``<base>id/x``."""
        return iri[len(self.base):]

    def own(self, iri: str) -> set[Triple]:
        """The triples whose subject is ``iri`` or one of its parts."""
        note(iri)   # whether it has parts is read too
        fragments = self._parts.get(iri)
        if fragments is None:
            return set()
        subjects = [iri, *(f"{iri}#{fragment}" for fragment in fragments.split())]
        return {triple for subject in subjects for triple in self.reader.match(NamedNode(subject))}

    def _read_claim(self, iri: str) -> tuple[Triple, ...]:
        """A claim's triples and the links to it (who makes it); none if ``iri`` is no claim."""
        claim = NamedNode(iri)
        if not self.reader.exists(claim, RDF.type, SPIRAL.Claim):
            return ()
        return (*self.reader.match(claim), *self.reader.match(None, None, claim))

    def _read_labels(self, iri: str) -> tuple[Triple, ...]:
        """The type and name of a node."""
        subject = NamedNode(iri)
        return tuple(t for predicate in LABELS for t in self.reader.match(subject, predicate))

    def document(self, iri: str) -> Document:
        """The document of ``iri``; a page's document includes its main entity's."""
        triples, page = self.own(iri), NamedNode(iri)
        for triple in list(triples):
            if triple.subject == page and triple.predicate == SCHEMA.mainEntity and \
                    isinstance(triple.object, NamedNode):
                triples |= self.own(triple.object.value)
        for entity in {t.subject for t in triples if isinstance(t.subject, NamedNode)}:
            for triple in self.reader.match(None, None, entity):
                claim = triple.subject   # a claim of another document naming the entity?
                if isinstance(claim, NamedNode) and root_of(claim.value) != root_of(entity.value):
                    triples.update(self._claim(claim.value))
        linked = {t.object.value for t in triples if isinstance(t.object, NamedNode)}
        described = {t.subject.value for t in triples if isinstance(t.subject, NamedNode)}
        for other in linked - described:
            triples.update(self._labels(other))
        return Document(iri, self.path(iri), tuple(sort_triples(triples)))

    def __iter__(self) -> Iterator[Document]:
        return (self.document(iri) for iri in self.iris)
