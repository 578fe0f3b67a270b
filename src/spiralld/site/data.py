"""The dataset as the site reads it: every triple in one in-memory store, looked up by IRI.

Claims are found with SPARQL (``queries/claims.rq``), so a page shows the claims about its
entity wherever they live: founder roles under the organization's IRI, author roles under
the work's. Parameters are bound with ``substitutions``, never spliced into query text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store, Variable

from ..dates import PartialDate, coerce_date
from ..mapping import Dataset
from ..namespaces import RDF, RDFS, SCHEMA, SPIRAL, XSD

Term = NamedNode | Literal


def load_query(name: str) -> str:
    """The text of ``queries/<name>.rq``, shipped with the package."""
    return (resources.files(__package__) / "queries" / f"{name}.rq").read_text(encoding="utf-8")


CLAIMS_QUERY = load_query("claims")
INCOMING_QUERY = load_query("incoming")

DATE_TYPES = frozenset({XSD.date.value, XSD.gYear.value, XSD.gYearMonth.value})
#: Nodes that the site renders with an anchor of their fragment (``#role-...``).
ANCHORED_TYPES = (SPIRAL.Claim, SCHEMA.WebPageElement, SCHEMA.Question)
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
    """The triples of a dataset indexed for rendering, plus a store for the SPARQL lookups."""

    def __init__(self, dataset: Dataset) -> None:
        triples = dataset.triples()
        self.store = Store()
        self.store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
        props: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for triple in triples:
            subject, obj = triple.subject, triple.object
            if isinstance(subject, NamedNode) and isinstance(obj, (NamedNode, Literal)):
                props[subject.value][triple.predicate.value].append(obj)
        self._props = props
        types = {s: set(p.get(RDF.type.value, ())) for s, p in props.items()}
        self.claims = {s for s, kinds in types.items() if SPIRAL.Claim in kinds}
        self.anchored = {s for s, kinds in types.items()
                         if "#" in s and any(kind in kinds for kind in ANCHORED_TYPES)}

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

    # --- queries ---------------------------------------------------------------------------

    def claims_about(self, entity: str) -> list[Claim]:
        """Every claim naming ``entity``, ordered by date, then label."""
        rows: dict[tuple[str, str, str], dict[str, Term | None]] = {}
        sources: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        results = self.store.query(CLAIMS_QUERY,
                                   substitutions={Variable("entity"): NamedNode(entity)})
        assert isinstance(results, QuerySolutions)
        for row in results:
            key = (row["claim"].value, row["property"].value, row["counterpart"].value)
            rows.setdefault(key, {name: row[name] for name in
                                  ("label", "roleName", "position", "startDate", "endDate",
                                   "published")})
            source = row["source"]
            if source is not None and source.value not in sources[key]:
                sources[key].append(source.value)
        claims = [
            Claim(
                iri=claim,
                predicate=prop,
                counterpart=counterpart,
                label=_str(row["label"]),
                role_name=_str(row["roleName"]),
                position=as_int(row["position"]),
                start=as_date(row["startDate"]),
                end=as_date(row["endDate"]),
                published=as_date(row["published"]),
                sources=tuple(sources[(claim, prop, counterpart)]),
            )
            for (claim, prop, counterpart), row in rows.items()
        ]
        return sorted(claims, key=_claim_order)

    def incoming(self, iri: str) -> list[tuple[str, str]]:
        """(subject, property) of every link into ``iri``."""
        results = self.store.query(INCOMING_QUERY,
                                   substitutions={Variable("target"): NamedNode(iri)})
        assert isinstance(results, QuerySolutions)
        return [(row["subject"].value, row["property"].value) for row in results]


def as_int(term: Term | None) -> int | None:
    if isinstance(term, Literal) and term.datatype == XSD.integer:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _str(term: Term | None) -> str | None:
    return term.value if term is not None else None


def _claim_order(claim: Claim) -> tuple[str, int, str]:
    """By date (undated last), then byline position, then label."""
    when = claim.start or claim.published
    return (when.lexical if when else "9999", claim.position or 0, claim.label or claim.iri)
