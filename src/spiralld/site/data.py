"""The dataset as the site reads it: lookups by IRI.

Pages read the dataset one IRI at a time: the properties of a node, the links into it, the
claims naming it. A node's properties come from the dataset's sorted N-Triples file, the
links into it from a pyoxigraph Store of the dataset's quads (the build's on-disk store;
see :class:`~spiralld.release.documents.DatasetReader`), so the dataset is never indexed in Python
memory; the properties of the most recently read nodes are kept, since a page reads the
same few nodes many times.

What a claim "about" an entity is, and what links into a resource, is written down in SPARQL
(``queries/claims.rq``, ``queries/incoming.rq``); :meth:`SiteData.claims_about` and
:meth:`SiteData.incoming` give the same answers as those queries run for one IRI (the tests
check this), with a few pattern lookups rather than a query per page.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from importlib import resources
from typing import Generic, TypeVar

from pyoxigraph import Literal, NamedNode, Store, Triple

from ..mapping import Dataset
from ..mapping.graph import sort_key
from ..namespaces import PROV, RDF, RDFS, SCHEMA, SPIRAL, XSD
from ..reading.dates import PartialDate, coerce_date
from ..release.documents import DatasetReader, noted

Term = NamedNode | Literal


def load_query(name: str) -> str:
    """The text of ``queries/<name>.rq``, shipped with the package."""
    return (resources.files(__package__) / "queries" / f"{name}.rq").read_text(encoding="utf-8")


DATE_TYPES = frozenset({XSD.date.value, XSD.gYear.value, XSD.gYearMonth.value})
#: Nodes that the site renders with an anchor of their fragment (``#role-...``).
ANCHORED_TYPES = (SPIRAL.Claim, SCHEMA.WebPageElement, SCHEMA.Question)
_TYPE = RDF.type.value
_NUMBER = re.compile(r"(\d+)$")
#: How many nodes' properties a SiteData keeps: a page reads a few hundred nodes, the
#: organizations, sources and works shared by many pages among them.
CACHE_SIZE = 8192


def as_date(term: Term | None) -> PartialDate | None:
    """A date literal (xsd:gYear, gYearMonth or date) as a PartialDate, else None."""
    if isinstance(term, Literal) and term.datatype.value in DATE_TYPES:
        try:
            return coerce_date(term.value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Claim:
    """A claim naming an entity, seen from that entity: ``counterpart`` is the other end."""

    iri: str
    predicate: str      # the property linking the claim to the entity (schema:founder, ...)
    counterpart: str
    label: str | None
    role_name: str | None
    position: int | None
    start: PartialDate | None
    end: PartialDate | None
    published: PartialDate | None   # the counterpart's datePublished (a work, for authors)
    sources: tuple[str, ...]
    #: Whether an editor stated it (spiral:Reviewed, or no status); an extractor's proposal
    #: (spiral:Unreviewed and no profile stating it reviewed) is not.
    reviewed: bool = True
    #: The sentences it was read in (spiral:evidence): (page, line, quoted text), the page
    #: being the document of the evidence node (``<page>#evidence-...``), in that order.
    evidence: tuple[tuple[str, int, str], ...] = ()

    @property
    def kind(self) -> str:
        """``CEO``, ``co-founder``, ``author, byline position 8``."""
        kind = self.role_name or local_name(self.predicate)
        return f"{kind}, byline position {self.position}" if self.position else kind


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``Person`` for ``https://schema.org/Person``."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def node(iri: str) -> NamedNode | None:
    """``iri`` as a NamedNode, or None when it is no IRI (a literal's text, say)."""
    try:
        return NamedNode(iri)
    except ValueError:
        return None


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """The answers of ``read`` for the latest ``size`` keys asked (least recently used out)."""

    def __init__(self, read: Callable[[K], V], size: int) -> None:
        self._read = read
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def __call__(self, key: K) -> V:
        items = self._items
        if key in items:
            items.move_to_end(key)
            return items[key]
        value = items[key] = self._read(key)
        if len(items) > self._size:
            items.popitem(last=False)
        return value


class SiteData:
    """The dataset as pages read it; the links into nodes from ``store`` (else from its
    quads loaded in memory).

    A node's properties are read all at once, whatever a page asks of it (its facts, or
    only a name, a date, whether it is a claim): one read and parse of its lines.
    ``cache_size``: how many nodes' properties are kept for the next page.
    """

    def __init__(self, dataset: Dataset, store: Store | None = None,
                 cache_size: int = CACHE_SIZE) -> None:
        self.reader = DatasetReader(dataset, store)
        self._properties = noted(Recent(self._read_properties, cache_size))
        # the links into a page's subject, read for its claims and for its links in
        self._links_into = noted(Recent(self._read_links_into, 64), properties=False,
                                links=True)

    # --- reading the dataset ---------------------------------------------------------------

    def _read_properties(self, iri: str) -> dict[str, list[Term]]:
        subject = node(iri)
        props: dict[str, list[Term]] = {}
        if subject is None:
            return props
        for triple in sorted(self.reader.match(subject), key=sort_key):
            if isinstance(triple.object, NamedNode | Literal):
                props.setdefault(triple.predicate.value, []).append(triple.object)
        return props

    def _read_links_into(self, iri: str) -> tuple[Triple, ...]:
        target = node(iri)
        return tuple(self.reader.match(None, None, target)) if target is not None else ()

    # --- claims ----------------------------------------------------------------------------

    def is_claim(self, iri: str) -> bool:
        """Whether ``iri`` is a spiral:Claim."""
        return SPIRAL.Claim in self.properties(iri).get(_TYPE, ())

    def is_anchored(self, iri: str) -> bool:
        """Whether the site renders ``iri`` with an anchor of its fragment (``#role-...``)."""
        if "#" not in iri:
            return False
        kinds = self.values(iri, RDF.type)
        return any(kind in kinds for kind in ANCHORED_TYPES)

    def _about(self, entity: str) -> list[tuple[str, str, Term]]:
        """(claim, property, counterpart) of every claim naming ``entity``: the two branches
        of ``queries/claims.rq``."""
        target = node(entity)
        if target is None:
            return []
        about: set[tuple[str, str, Term]] = set()
        # entity -prop-> claim -prop-> other: the entity's own claims (its roles), naming other
        for prop, values in self.properties(entity).items():
            for claim in values:
                if isinstance(claim, NamedNode) and self.is_claim(claim.value):
                    about.update((claim.value, prop, other)
                                 for other in self.properties(claim.value).get(prop, ())
                                 if other != target)
        # holder -prop-> claim -prop-> entity: a claim under another IRI (a founder role
        # under an organization's) naming the entity, with the holder as counterpart
        for naming in self._links_into(entity):
            held, via = naming.subject, naming.predicate
            if isinstance(held, NamedNode) and self.is_claim(held.value):
                about.update((held.value, via.value, link.subject)
                             for link in self.reader.match(None, via, held)
                             if isinstance(link.subject, NamedNode) and link.subject != target)
        return sorted(about, key=_key_order)

    # --- plain lookups ---------------------------------------------------------------------

    def properties(self, iri: str) -> dict[str, list[Term]]:
        """Every predicate of ``iri`` with its values, in the dataset's order (shared: do not
        change it)."""
        return self._properties(iri)

    def values(self, iri: str, predicate: NamedNode) -> list[Term]:
        """The values of one property of ``iri``, in the dataset's order."""
        return self.properties(iri).get(predicate.value, [])

    def value(self, iri: str, predicate: NamedNode) -> Term | None:
        values = self.values(iri, predicate)
        return values[0] if values else None

    def text(self, iri: str, predicate: NamedNode) -> str | None:
        value = self.value(iri, predicate)
        return value.value if value is not None else None

    def date(self, iri: str, predicate: NamedNode) -> PartialDate | None:
        return as_date(self.value(iri, predicate))

    def types(self, iri: str) -> list[str]:
        return [t.value for t in self.values(iri, RDF.type)]

    def has_type(self, iri: str, cls: NamedNode) -> bool:
        return cls in self.values(iri, RDF.type)

    def described(self, iri: str) -> bool:
        """Whether the dataset says anything about ``iri`` (it has properties)."""
        return bool(self.properties(iri))

    def name(self, iri: str) -> str:
        """The node's schema:name, else its rdfs:label, else the last segment of its IRI."""
        return (self.text(iri, SCHEMA.name) or self.text(iri, RDFS.label)
                or local_name(iri))

    def authors(self, iri: str) -> list[str]:
        """The authors of a work or source in byline order (author Role claims resolved)."""
        ranked = []
        for value in self.values(iri, SCHEMA.author):
            position = as_int(self.value(value.value, SCHEMA.position))
            person = self.value(value.value, SCHEMA.author)
            if person is not None and position is not None:
                ranked.append((position, person.value))
            else:   # a source's own author node, numbered by its fragment (#author-2)
                number = _NUMBER.search(value.value)
                ranked.append((int(number.group(1)) if number else 0, value.value))
        return [iri for _, iri in sorted(ranked)]

    # --- claims and links ------------------------------------------------------------------

    def claims_about(self, entity: str) -> list[Claim]:
        """Every claim naming ``entity`` (``queries/claims.rq``), ordered by date, then label."""
        claims = []
        for claim, prop, counterpart in self._about(entity):
            self.properties(claim)   # read the claim whole: its fields are asked below
            published = (self.value(counterpart.value, SCHEMA.datePublished)
                         if isinstance(counterpart, NamedNode) else None)
            sources = {s.value: s for s in self.values(claim, PROV.wasDerivedFrom)}
            statuses = self.values(claim, SPIRAL.reviewStatus)
            claims.append(Claim(
                iri=claim,
                predicate=prop,
                counterpart=counterpart.value,
                label=self.text(claim, RDFS.label),
                role_name=self.text(claim, SCHEMA.roleName),
                position=as_int(self.value(claim, SCHEMA.position)),
                start=self.date(claim, SCHEMA.startDate),
                end=self.date(claim, SCHEMA.endDate),
                published=as_date(published),
                sources=tuple(s.value for s in sorted(sources.values(), key=_term_order)),
                reviewed=SPIRAL.Reviewed in statuses or SPIRAL.Unreviewed not in statuses,
                evidence=self._evidence(claim),
            ))
        return sorted(claims, key=_claim_order)

    def _evidence(self, claim: str) -> tuple[tuple[str, int, str], ...]:
        """(page, line, text) of each sentence the claim was read in, in that order."""
        found = set()
        for node in self.values(claim, SPIRAL.evidence):
            line = as_int(self.value(node.value, SPIRAL.line))
            text = self.text(node.value, SCHEMA.text)
            if line is not None and text is not None:
                found.add((node.value.partition("#")[0], line, text))
        return tuple(sorted(found))

    def incoming(self, iri: str) -> list[tuple[str, str]]:
        """(subject, property) of every link into ``iri`` (``queries/incoming.rq``)."""
        pairs = set()
        for triple in self._links_into(iri):
            subject, prop = triple.subject, triple.predicate.value
            if isinstance(subject, NamedNode) and subject.value != iri and prop != _TYPE:
                pairs.add((prop, subject.value))
        return [(subject, prop) for prop, subject in sorted(pairs)]


def as_int(term: Term | None) -> int | None:
    if isinstance(term, Literal) and term.datatype == XSD.integer:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _term_order(term: Term) -> tuple[bool, str]:
    """SPARQL's ORDER BY for IRIs and literals: IRIs first, each by their text."""
    return isinstance(term, Literal), term.value


def _key_order(key: tuple[str, str, Term]) -> tuple[str, str, tuple[bool, str]]:
    claim, prop, counterpart = key
    return claim, prop, _term_order(counterpart)


def _claim_order(claim: Claim) -> tuple[str, int, str]:
    """By date (undated last), then byline position, then label."""
    when = claim.start or claim.published
    return (when.lexical if when else "9999", claim.position or 0, claim.label or claim.iri)
