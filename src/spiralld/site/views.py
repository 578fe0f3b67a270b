"""What each kind of page shows, built from the corpus and the dataset for the templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from pyoxigraph import NamedNode

from ..mapping import Iris
from ..mapping.pages import related_page
from ..mapping.sources import ET_AL, SourceIndex
from ..namespaces import PROV, RDF, SCHEMA, SPIRAL
from ..reading.corpus import Corpus
from ..reading.pages import Block, Section, slugify
from ..reading.profiles import RELATED_SECTIONS, Profile
from ..release.documents import root_of
from .data import Claim, SiteData, as_int, local_name
from .timeline import Event, Timeline, build_timeline
from .values import Linker, Value, curie, date_value

SectionKind = Literal["snapshot", "reading", "questions", "related", "text"]
SPECIAL_SECTIONS: dict[str, SectionKind] = {
    "snapshot": "snapshot",
    "spiralist reading": "reading",
    "open questions": "questions",
    **{name: "related" for name in RELATED_SECTIONS},
}
_SENTENCE = re.compile(r"^(.+?[.!?…])(?=\s+[\"“(\[]?[A-Z0-9])")

#: Rows of an entity's facts table: (predicate, label), in this order; others follow.
FACTS: tuple[tuple[NamedNode, str], ...] = (
    (RDF.type, "Type"),
    (SCHEMA.name, "Name"),
    (SCHEMA.alternateName, "Also known as"),
    (SCHEMA.description, "Description"),
    (SCHEMA.disambiguatingDescription, "Known for"),
    (SCHEMA.jobTitle, "Job title"),
    (SCHEMA.author, "Authors"),
    (SCHEMA.publisher, "Publisher"),
    (SCHEMA.isPartOf, "Published in"),
    (SCHEMA.datePublished, "Published"),
    (SPIRAL.dateReviewed, "Reviewed (access date)"),
    (SCHEMA.foundingDate, "Founded"),
    (SCHEMA.url, "Web address"),
    (SCHEMA.sameAs, "Same as"),
    (SPIRAL.citationText, "Citation as written"),
    (SCHEMA.mainEntityOfPage, "Profile page"),
)
#: How links into a resource read from its side (property -> label); None: not shown.
INCOMING: dict[str, str | None] = {
    SCHEMA.citation.value: "Cited by",
    SCHEMA.mentions.value: "Linked from",
    SCHEMA.isPartOf.value: "Includes",
    SCHEMA.publisher.value: "Publisher of",
    SCHEMA.author.value: "Author of",
    SCHEMA.hasPart.value: "Part of",
    SCHEMA.about.value: None,
    SCHEMA.mainEntity.value: None,
    SCHEMA.mainEntityOfPage.value: None,
    PROV.wasDerivedFrom.value: None,    # shown as "Cited by" (pages) or "Supports" (claims)
}
#: Profile types in the order the index lists them, with their group headings.
TYPE_GROUPS = (
    ("Person", "People"),
    ("Organization", "Organizations"),
    ("Concept", "Concepts"),
    ("CreativeWork", "Works"),
)


@dataclass(frozen=True)
class BlockGroup:
    """A paragraph, or consecutive bullets as one list."""

    kind: Literal["p", "ul"]
    items: tuple[str, ...]


@dataclass(frozen=True)
class SectionView:
    kind: SectionKind
    name: str
    anchor: str | None
    blocks: tuple[BlockGroup, ...] = ()
    entries: tuple[tuple[str, str], ...] = ()            # Snapshot "Key: value" lines
    questions: tuple[tuple[str | None, str], ...] = ()   # (anchor, question)
    links: tuple[Value, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    link: Value
    date: Value | None
    reviewed: bool


@dataclass(frozen=True)
class ClaimRow:
    anchor: str | None
    label: str
    kind: str
    counterpart: Value
    start: Value | None
    end: Value | None
    sources: tuple[SourceRef, ...]
    #: False for an extractor's proposal no editor has confirmed: shown with a badge and
    #: the sentences it was read in.
    reviewed: bool = True
    evidence: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True)
class EvidenceView:
    """A sentence a claim was read in: its text, its line, and the page it is on when that
    is not the page shown (a founding read on a co-founder's page)."""

    text: str
    line: int
    page: Value | None = None


@dataclass(frozen=True)
class Reference:
    number: int
    creators: str
    title: Value
    url: Value | None
    venue: str | None
    kind: str
    published: Value | None
    reviewed: Value | None


@dataclass(frozen=True)
class ProfileView:
    name: str
    type: Value
    lead: tuple[str, ...]
    modified: Value | None
    alternate_names: tuple[str, ...]
    job_titles: tuple[str, ...]
    same_as: tuple[Value, ...]
    sections: tuple[SectionView, ...]
    claims: tuple[ClaimRow, ...]
    counterpart_heading: str
    timeline: Timeline | None
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class FactRow:
    label: str
    values: tuple[Value, ...]
    ordered: bool = False     # a list whose order means something (authors in byline order)


@dataclass(frozen=True)
class ResourceView:
    name: str
    kind: str
    stub: bool
    facts: tuple[FactRow, ...]
    claims: tuple[ClaimRow, ...]
    counterpart_heading: str
    links_in: tuple[FactRow, ...]


@dataclass(frozen=True)
class IndexEntry:
    name: Value
    type: Value
    summary: str


@dataclass(frozen=True)
class IndexGroup:
    heading: str
    anchor: str
    entries: tuple[IndexEntry, ...]


# --- pieces ---------------------------------------------------------------------------------


def first_sentence(text: str) -> str:
    """The first sentence of a lead, for one-line summaries."""
    match = _SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()


def block_groups(blocks: tuple[Block, ...]) -> tuple[BlockGroup, ...]:
    groups: list[BlockGroup] = []
    for block in blocks:
        if block.kind == "bullet" and groups and groups[-1].kind == "ul":
            groups[-1] = BlockGroup("ul", (*groups[-1].items, block.text))
        else:
            groups.append(BlockGroup("ul" if block.kind == "bullet" else "p", (block.text,)))
    return tuple(groups)


def source_ref(link: Linker, source: str) -> SourceRef:
    data = link.data
    published = data.text(source, SCHEMA.datePublished)
    reviewed = data.text(source, SPIRAL.dateReviewed)
    date = published or reviewed
    return SourceRef(link.resource(source), date_value(date) if date else None,
                     reviewed=published is None and reviewed is not None)


def claim_rows(link: Linker, claims: list[Claim], home: str,
               shown_page: str | None = None) -> tuple[ClaimRow, ...]:
    """Table rows; a claim that lives in document ``home`` gets its fragment as anchor; the
    evidence read on ``shown_page`` (the profile page shown) names no page."""
    rows = []
    for claim in claims:
        root, _, fragment = claim.iri.partition("#")
        rows.append(ClaimRow(
            anchor=fragment if root == home and fragment else None,
            label=claim.label or claim.kind,
            kind=claim.kind,
            counterpart=link.resource(claim.counterpart),
            start=date_value(claim.start.lexical) if claim.start else None,
            end=date_value(claim.end.lexical) if claim.end else None,
            sources=tuple(source_ref(link, s) for s in claim.sources),
            reviewed=claim.reviewed,
            evidence=tuple(EvidenceView(text, line, None if page == shown_page
                                        else link.resource(page))
                           for page, line, text in claim.evidence),
        ))
    return tuple(rows)


def counterpart_heading(data: SiteData, entity: str) -> str:
    return "Organization or work" if data.has_type(entity, SCHEMA.Person) else "Person"


def timeline_events(data: SiteData, claims: list[Claim]) -> tuple[list[Event], list[str]]:
    """Role bars, dated foundings and authored works of a person; and the claims that have
    no date to draw them at."""
    events, undated = [], []
    for claim in claims:
        other = data.name(claim.counterpart)
        if claim.predicate == SCHEMA.founder.value:
            label = f"{claim.kind} of {other}"
            date = claim.start
            kind = "founding"
        elif claim.predicate == SCHEMA.author.value:
            label, date, kind = other, claim.published, "work"
        else:
            label = f"{claim.role_name or local_name(claim.predicate)}, {other}"
            date, kind = claim.start, "bar"
        if not claim.reviewed:
            label += " (unreviewed)"
        if date:
            events.append(Event(kind, label, date, claim.end if kind == "bar" else None))
        else:
            undated.append(label)
    return events, undated


# --- profile pages --------------------------------------------------------------------------


def profile_view(profile: Profile, link: Linker, iris: Iris,
                 sources: SourceIndex) -> ProfileView:
    """``sources``: the corpus's source IRIs, one SourceIndex for the whole site."""
    data = link.data
    page = iris.page(profile.slug).value
    entity = iris.entity(profile.slug).value
    section_anchors = {as_int(data.value(node.value, SCHEMA.position)): node.value
                       for node in data.values(page, SCHEMA.hasPart)}
    question_anchors = {data.text(q.value, SCHEMA.name): q.value
                        for q in data.values(page, SPIRAL.openQuestion)}
    sections = []
    for position, section in enumerate(profile.page.sections, start=1):
        # A raw page's Sources became its sources (the numbered list); a curated profile's
        # "## Sources" section is text of the page, shown like any other section.
        node = section_anchors.get(position)
        anchor = node.partition("#")[2] if node else None
        sections.append(section_view(section, anchor, question_anchors, link))
    claims = data.claims_about(entity)
    timeline = None
    if profile.type == "Person":
        events, undated = timeline_events(data, claims)
        timeline = build_timeline(profile.name, events, profile.date_modified, tuple(undated))
    return ProfileView(
        name=profile.name,
        type=Value(humanize(profile.type)),
        lead=tuple(p for p in profile.page.lead.split("\n\n") if p.strip()),
        modified=date_value(profile.date_modified.lexical) if profile.date_modified else None,
        alternate_names=profile.alternate_names,
        # The front matter's jobTitle or the Snapshot's "Job title:", as mapped.
        job_titles=tuple(v.value for v in data.values(entity, SCHEMA.jobTitle)),
        same_as=tuple(link.external(iri) for iri in profile.same_as),
        sections=tuple(sections),
        claims=claim_rows(link, claims, entity, page),
        counterpart_heading=counterpart_heading(data, entity),
        timeline=timeline,
        references=references(profile, link, sources),
    )


def section_view(section: Section, anchor: str | None, question_anchors: dict[str | None, str],
                 link: Linker) -> SectionView:
    kind = SPECIAL_SECTIONS.get(section.name.lower(), "text")
    if kind == "snapshot":
        items = snapshot_items_of(section)
        keyed = {line for _, _, line in items}
        rest = tuple(b for b in section.blocks if b.line not in keyed)
        return SectionView(kind, section.name, anchor, block_groups(rest),
                           entries=tuple((key, value) for key, value, _ in items))
    if kind == "questions":
        questions = tuple((_fragment(question_anchors.get(b.text)), b.text)
                          for b in section.bullets())
        rest = tuple(b for b in section.blocks if b.kind != "bullet")
        return SectionView(kind, section.name, anchor, block_groups(rest), questions=questions)
    if kind == "related":
        links = tuple(related_link(b.text, link) for b in section.bullets())
        rest = tuple(b for b in section.blocks if b.kind != "bullet")
        return SectionView(kind, section.name, anchor, block_groups(rest), links=links)
    return SectionView(kind, section.name, anchor, block_groups(section.blocks))


def snapshot_items_of(section: Section) -> list[tuple[str, str, int]]:
    """The ``Key: value`` bullets of a Snapshot section, as (key, value, line); the same
    reading as :func:`spiralld.mapping.entities.snapshot_items`, for any Snapshot section."""
    items = []
    for block in section.bullets():
        key, colon, value = block.text.partition(":")
        if colon and key.strip() and value.strip():
            items.append((key.strip(), value.strip(), block.line))
    return items


def related_link(text: str, link: Linker) -> Value:
    """A Related Pages bullet (``Name``, ``[Name](slug)`` or ``[Name](https://...)``) linked
    to that entity's page, or to the page elsewhere."""
    try:
        related = related_page(text, link.documents.base)
    except ValueError:   # refused by the mapping: no release has one
        return Value(text.strip())
    if related.url is not None:
        return Value(related.name, related.url, external=True)
    reference = related.reference or related.name
    slug = link.corpus.known(reference) or _stub_slug(link.corpus, reference)
    if slug is None:
        return Value(related.name)
    return link.resource(Iris(link.documents.base).entity(slug).value, related.name)


def _stub_slug(corpus: Corpus, reference: str) -> str | None:
    slug = slugify(reference)
    return slug if slug in corpus.stubs else None


def _fragment(iri: str | None) -> str | None:
    return iri.partition("#")[2] if iri else None


def references(profile: Profile, link: Linker,
               sources: SourceIndex) -> tuple[Reference, ...]:
    """The profile's sources, numbered in the profile's order, described from the dataset."""
    data = link.data
    out = []
    for number, source in enumerate(profile.sources, start=1):
        node = sources.node(profile, source).value
        authors = [data.name(a) for a in data.authors(node)]
        if len(authors) > 3 or authors and ET_AL in source.authors:  # "et al." as written
            creators = f"{authors[0]} et al."
        elif authors:
            creators = ", ".join(authors[:-1]) + (" and " if len(authors) > 1 else "") + \
                authors[-1]
        else:
            publisher = data.value(node, SCHEMA.publisher)
            creators = data.name(publisher.value) if publisher is not None else ""
        venue = data.value(node, SCHEMA.isPartOf)
        url = data.text(node, SCHEMA.url)
        published = data.text(node, SCHEMA.datePublished)
        reviewed = data.text(node, SPIRAL.dateReviewed)
        kinds = [humanize(local_name(t)) for t in data.types(node)]
        out.append(Reference(
            number=number,
            creators=creators,
            title=link.resource(node),
            url=link.external(url, urlsplit(url).netloc or url) if url else None,
            venue=data.name(venue.value) if venue is not None else None,
            kind=kinds[0] if kinds else "",
            published=date_value(published) if published else None,
            reviewed=date_value(reviewed) if reviewed else None,
        ))
    return tuple(out)


# --- other resources ------------------------------------------------------------------------


def resource_view(iri: str, link: Linker) -> ResourceView:
    """An entity, work, source or stub: its facts, the claims naming it, the links into it."""
    data = link.data
    props = data.properties(iri)
    order = {p.value: i for i, (p, _) in enumerate(FACTS)}
    labels = {p.value: label for p, label in FACTS}
    facts = []
    for predicate in sorted(props, key=lambda p: (order.get(p, len(order)), p)):
        if predicate == SCHEMA.author.value:
            values = tuple(link.resource(a) for a in data.authors(iri))
        elif predicate == RDF.type.value:
            values = tuple(link.type(t.value) for t in props[predicate])
        else:
            values = tuple(link.term(v) for v in props[predicate]
                           if not data.is_claim(v.value))
        if values:
            facts.append(FactRow(labels.get(predicate) or _label(predicate), values,
                                 ordered=predicate == SCHEMA.author.value))
    claims = data.claims_about(iri)
    shown = {claim.iri for claim in claims}
    links_in: dict[str, list[Value]] = {}
    supports: list[Value] = []
    for subject, predicate in data.incoming(iri):
        if data.is_claim(subject):
            if predicate == PROV.wasDerivedFrom.value and subject not in shown:
                supports.append(link.resource(subject))
            continue
        label = INCOMING.get(predicate, f"{_label(predicate)} of")
        if label is not None and root_of(subject) != iri:
            linked = links_in.setdefault(label, [])
            value = link.resource(subject)
            if value not in linked:
                linked.append(value)
    if supports:
        links_in["Supports claims"] = supports
    kinds = [humanize(local_name(t)) for t in data.types(iri)
             if t not in (SPIRAL.Stub.value, SCHEMA.Thing.value)]
    stub = data.has_type(iri, SPIRAL.Stub)
    kind = ", ".join(kinds)
    if stub:
        kind = f"{kind} · stub" if kind else "Stub"
    return ResourceView(
        name=data.name(iri),
        kind=kind or "Resource",
        stub=stub,
        facts=tuple(facts),
        claims=claim_rows(link, claims, iri),
        counterpart_heading=counterpart_heading(data, iri),
        links_in=tuple(FactRow(label, tuple(values)) for label, values in links_in.items()),
    )


def humanize(name: str) -> str:
    """``Scholarly article`` for ``ScholarlyArticle``, ``Date modified`` for ``dateModified``."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
    return words[:1].upper() + words[1:]


def _label(predicate: str) -> str:
    """``Date modified`` for ``schema:dateModified``."""
    return humanize(local_name(predicate)) or curie(predicate)


# --- index ----------------------------------------------------------------------------------


def index_groups(corpus: Corpus, link: Linker, iris: Iris) -> tuple[IndexGroup, ...]:
    """Every profile by type: name linked, type, first sentence of the lead."""
    known = dict(TYPE_GROUPS)
    kinds = sorted({p.type for p in corpus.profiles},
                   key=lambda k: ([t for t, _ in TYPE_GROUPS] + [k]).index(k))
    groups = []
    for kind in kinds:
        entries = tuple(
            IndexEntry(
                name=link.resource(iris.entity(p.slug).value, p.name),
                type=Value(humanize(p.type)),
                summary=first_sentence(p.page.lead),
            )
            for p in sorted(corpus.profiles, key=lambda p: p.name.casefold())
            if p.type == kind
        )
        groups.append(IndexGroup(known.get(kind, kind), "type-" + kind.lower(), entries))
    return tuple(groups)


def other_resources(corpus: Corpus, link: Linker,
                    documents_iris: list[str]) -> tuple[tuple[str, tuple[Value, ...]], ...]:
    """Everything else the release describes: entities, works, sources, stubs."""
    groups: dict[str, list[Value]] = {"People and organizations": [], "Works": [],
                                      "Sources": [], "Not yet written (stubs)": []}
    for iri in documents_iris:
        path = link.documents.path(iri)
        kind, _, slug = path.partition("/")
        if kind == "source":
            group = "Sources"
        elif kind != "id" or corpus.profile(slug) is not None:
            continue
        elif slug in corpus.stubs:
            group = "Not yet written (stubs)"
        elif slug in corpus.entities and corpus.entities[slug].is_work:
            group = "Works"
        else:
            group = "People and organizations"
        groups[group].append(link.resource(iri))
    return tuple((label, tuple(sorted(values, key=lambda v: v.text.casefold())))
                 for label, values in groups.items() if values)
