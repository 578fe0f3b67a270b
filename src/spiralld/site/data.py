"""The dataset as the site reads it: every triple read once and indexed by IRI.

The whole dataset is indexed in one pass over its triples when the site is rendered: the
properties of each node, the links into each node, and the claims naming each entity. Every
page is then rendered from these indexes, so a page costs the same however big the dataset.

What a claim "about" an entity is, and what links into a resource, is written down in SPARQL
(``queries/claims.rq``, ``queries/incoming.rq``); :meth:`SiteData.claims_about` and
:meth:`SiteData.incoming` give the same answers as those queries run for one IRI (the tests
check this), without querying a store once per page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from pyoxigraph import Literal, NamedNode, Triple

from ..dates import PartialDate, coerce_date
from ..mapping import Dataset
from ..namespaces import PROV, RDF, RDFS, SCHEMA, SPIRAL, XSD

Term = NamedNode | Literal


def load_query(name: str) -> str:
    """The text of ``queries/<name>.rq``, shipped with the package."""
    return (resources.files(__package__) / "queries" / f"{name}.rq").read_text(encoding="utf-8")


DATE_TYPES = frozenset({XSD.date.value, XSD.gYear.value, XSD.gYearMonth.value})
#: Nodes that the site renders with an anchor of their fragment (``#role-...``).
ANCHORED_TYPES = (SPIRAL.Claim, SCHEMA.WebPageElement, SCHEMA.Question)
_TYPE = RDF.type.value
_NUMBER = re.compile(r"(\d+)$")


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

    @property
    def kind(self) -> str:
        """``CEO``, ``co-founder``, ``author, byline position 8``."""
        kind = self.role_name or local_name(self.predicate)
        return f"{kind}, byline position {self.position}" if self.position else kind


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``Person`` for ``https://schema.org/Person``."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


class SiteData:
    """The triples of a dataset indexed for rendering: built once, then read by every page."""

    def __init__(self, dataset: Dataset) -> None:
        props: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        links: dict[str, list[Triple]] = defaultdict(list)   # by object IRI
        for triple in dataset.triples():
            subject, obj = triple.subject, triple.object
            if not isinstance(subject, NamedNode):
                continue
            if isinstance(obj, NamedNode):
                props[subject.value][triple.predicate.value].append(obj)
                links[obj.value].append(triple)
            elif isinstance(obj, Literal):
                props[subject.value][triple.predicate.value].append(obj)
        self._props = props
        self._links = links
        types = {s: set(p.get(RDF.type.value, ())) for s, p in props.items()}
        self.claims = {s for s, kinds in types.items() if SPIRAL.Claim in kinds}
        self.anchored = {s for s, kinds in types.items()
                         if "#" in s and any(kind in kinds for kind in ANCHORED_TYPES)}
        self._about = self._claims_by_entity()

    def _claims_by_entity(self) -> dict[str, list[tuple[str, str, Term]]]:
        """(claim, property, counterpart) of every claim naming each entity: the two
        branches of ``queries/claims.rq`` evaluated over the whole dataset at once."""
        about: dict[str, set[tuple[str, str, Term]]] = defaultdict(set)
        for claim in self.claims:
            values = self._props[claim]
            for triple in self._links.get(claim, ()):
                holder, prop = triple.subject, triple.predicate.value
                assert isinstance(holder, NamedNode), "only named subjects are indexed"
                for other in values.get(prop, ()):
                    if other == holder:
                        continue
                    # holder -prop-> claim -prop-> other: a claim about the holder (its
                    # own roles) naming ``other``, and about ``other`` (a founder role under
                    # an organization's IRI names the person) naming the holder
                    about[holder.value].add((claim, prop, other))
                    if isinstance(other, NamedNode):
                        about[other.value].add((claim, prop, holder))
        return {entity: sorted(keys, key=_key_order) for entity, keys in about.items()}

    # --- plain lookups ---------------------------------------------------------------------

    def properties(self, iri: str) -> dict[str, list[Term]]:
        """Every predicate of ``iri`` with its values, in the dataset's order."""
        return self._props.get(iri, {})

    def values(self, iri: str, predicate: NamedNode) -> list[Term]:
        return self._props.get(iri, {}).get(predicate.value, [])

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
        for claim, prop, counterpart in self._about.get(entity, ()):
            published = (self.value(counterpart.value, SCHEMA.datePublished)
                         if isinstance(counterpart, NamedNode) else None)
            sources = {s.value: s for s in self.values(claim, PROV.wasDerivedFrom)}
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
            ))
        return sorted(claims, key=_claim_order)

    def incoming(self, iri: str) -> list[tuple[str, str]]:
        """(subject, property) of every link into ``iri`` (``queries/incoming.rq``)."""
        pairs = set()
        for triple in self._links.get(iri, ()):
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
