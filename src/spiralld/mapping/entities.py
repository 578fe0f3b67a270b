"""Entities to RDF: the subject of each profile, shared entities from data/, and stubs."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..namespaces import PROV, RDFS, SCHEMA, SKOS, SPIRAL
from ..reading.corpus import Corpus, Stub
from ..reading.entities import Entity
from ..reading.pages import Page
from ..reading.profiles import Profile
from .graph import Graph, Iris, Row, date_literal, integer, iri, text

#: rdf:types of each profile/entity type.
CLASSES: dict[str, tuple[NamedNode, ...]] = {
    "Person": (SCHEMA.Person,),
    "Organization": (SCHEMA.Organization,),
    "Concept": (SCHEMA.DefinedTerm, SKOS.Concept),
}

ENTITY_TABLE: list[Row] = [
    ("name", SCHEMA.name, text),
    ("alternate_names", SCHEMA.alternateName, text),
    ("same_as", SCHEMA.sameAs, iri),
    ("url", SCHEMA.url, iri),
    ("description", SCHEMA.description, text),
    ("founding_date", SCHEMA.foundingDate, date_literal),
    ("date_published", SCHEMA.datePublished, date_literal),
]

PROFILE_TABLE: list[Row] = [
    ("name", SCHEMA.name, text),
    ("alternate_names", SCHEMA.alternateName, text),
    ("same_as", SCHEMA.sameAs, iri),
    ("description", SCHEMA.description, text),
    ("job_title", SCHEMA.jobTitle, text),
]

#: Snapshot keys (lower case) whose value fits a schema.org property of the entity.
SNAPSHOT_PROPERTIES: dict[str, NamedNode] = {
    "known for": SCHEMA.disambiguatingDescription,
    "also known as": SCHEMA.alternateName,
    "other names": SCHEMA.alternateName,
    "job title": SCHEMA.jobTitle,
    "field": SCHEMA.knowsAbout,
    "fields": SCHEMA.knowsAbout,
    "research areas": SCHEMA.knowsAbout,
    "areas": SCHEMA.knowsAbout,
}


def classes_of(kind: str | None) -> tuple[NamedNode, ...]:
    if kind is None:
        return (SCHEMA.Thing,)
    return CLASSES.get(kind, (SCHEMA[kind],))


def snapshot_items(page: Page) -> list[tuple[str, str, int]]:
    """The ``Key: value`` bullets of the page's Snapshot, as (key, value, line)."""
    section = page.section("snapshot")
    items = []
    for block in section.bullets() if section else []:
        key, colon, value = block.text.partition(":")
        if colon and value.strip():
            items.append((key.strip(), value.strip(), block.line))
    return items


#: What a superseded shared entity still says of a profile's subject: each row is taken
#: only when the profile gives no value of its own for the field named first.
SUPERSEDED_TABLE: list[tuple[str, Row]] = [
    ("alternate_names", ("alternate_names", SCHEMA.alternateName, text)),
    ("same_as", ("same_as", SCHEMA.sameAs, iri)),
    ("url", ("url", SCHEMA.url, iri)),
    ("founding_date", ("founding_date", SCHEMA.foundingDate, date_literal)),
    ("date_published", ("date_published", SCHEMA.datePublished, date_literal)),
]


def map_profile_entity(graph: Graph, profile: Profile, corpus: Corpus, iris: Iris) -> None:
    """The profile's subject: types, names, description (the lead), Snapshot facts, and
    what the shared entity it supersedes says that the profile does not."""
    entity = iris.entity(profile.slug)
    with graph.at(profile.path, profile.line):
        graph.type(entity, *classes_of(profile.type))
        graph.fields(entity, profile, PROFILE_TABLE)
        graph.add(entity, SCHEMA.mainEntityOfPage, iris.page(profile.slug))
    shared = corpus.superseded.get(profile.slug)
    if shared is not None:
        rows = [row for own, row in SUPERSEDED_TABLE if not getattr(profile, own, None)]
        with graph.at(shared.path, shared.line):
            graph.fields(entity, shared, rows)
    for key, value, line in snapshot_items(profile.page):
        predicate = SNAPSHOT_PROPERTIES.get(key.lower())
        if predicate is not None:
            with graph.at(profile.path, line):
                graph.text(entity, predicate, value)


def map_shared_entity(graph: Graph, entity: Entity, corpus: Corpus, iris: Iris) -> None:
    """A shared entity; a work also gets its ordered authors as Role claims."""
    node = iris.entity(entity.slug)
    where = f"{entity.path}:{entity.line}"
    with graph.at(entity.path, entity.line):
        graph.type(node, *classes_of(entity.type))
        graph.fields(node, entity, ENTITY_TABLE)
        if entity.venue:
            venue = corpus.resolve(entity.venue, where, "WebSite")
            graph.add(node, SCHEMA.isPartOf, iris.entity(venue))
        if entity.publisher:
            publisher = corpus.resolve(entity.publisher, where, "Organization")
            graph.add(node, SCHEMA.publisher, iris.entity(publisher))
    for position, (author, line) in enumerate(
        zip(entity.authors, entity.author_lines or [entity.line] * len(entity.authors),
            strict=True),
        start=1,
    ):
        person = corpus.resolve(author, f"{entity.path}:{line}", "Person")
        role = author_role(node, position)
        with graph.at(entity.path, line):
            graph.add(node, SCHEMA.author, role)
            # A ListItem too: schema:position belongs to ListItem (and CreativeWork), not to
            # Role, and the byline is a list.
            graph.type(role, SCHEMA.Role, SCHEMA.ListItem, SPIRAL.Claim)
            graph.add(role, SCHEMA.author, iris.entity(person))
            graph.add(role, SCHEMA.position, integer(position))
            graph.add(role, PROV.wasDerivedFrom, node)
            graph.text(role, RDFS.label,
                       f"{corpus.name_of(person)}, author {position} of {entity.name}")


def author_role(work: NamedNode, position: int) -> NamedNode:
    """The claim node for the author at ``position`` (1-based) of a work."""
    return Iris.part(work, f"author-{position}")


def map_stub(graph: Graph, stub: Stub, iris: Iris) -> None:
    """A referenced entity with no description yet: a name and spiral:Stub."""
    node = iris.entity(stub.slug)
    path, _, line = stub.referenced_at.rpartition(":")
    with graph.at(path, int(line)):
        graph.type(node, SPIRAL.Stub, *classes_of(stub.type))
        graph.text(node, SCHEMA.name, stub.name)
