"""Shared entities (organizations, works, people without a page) from data/entities/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProfileError
from .dates import PartialDate
from .frontmatter import YamlList, YamlMap, load_yaml
from .limits import check_file
from .pages import decode, slugify
from .profiles import ENTITY_TYPES, WORK_TYPES, FieldReader

ENTITY_FIELDS = {
    "id", "type", "name", "alternateName", "description", "sameAs", "url", "foundingDate",
    "datePublished", "author", "venue", "publisher",
}


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing described once in data/entities/ and shared by every profile."""

    slug: str
    type: str
    name: str
    path: str
    line: int
    description: str | None = None
    alternate_names: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    url: str | None = None
    founding_date: PartialDate | None = None
    date_published: PartialDate | None = None
    authors: tuple[str, ...] = ()
    author_lines: tuple[int, ...] = ()
    venue: str | None = None
    publisher: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def is_work(self) -> bool:
        return self.type in WORK_TYPES


def load_entities(path: Path) -> list[Entity]:
    """Load one YAML file holding a list of entities."""
    check_file(path, "entities file")
    text = decode(path.read_bytes(), str(path))
    document = load_yaml(text, path, what="YAML")
    if document is None:
        return []
    if not isinstance(document, YamlList):
        raise ProfileError("an entities file must be a YAML list of entities", path, 1)
    entities = []
    for item, line in zip(document, document.item_lines, strict=True):
        if not isinstance(item, YamlMap):
            raise ProfileError("each entity must be a mapping", path, line)
        entities.append(_entity(FieldReader(item, str(path), "entity")))
    return entities


def _entity(read: FieldReader) -> Entity:
    read.check_keys(ENTITY_FIELDS)
    kind = read.text("type", required=True) or ""
    if kind not in ENTITY_TYPES and kind not in WORK_TYPES:
        known = ", ".join(ENTITY_TYPES + WORK_TYPES[1:])
        raise read.fail("type", f"type {kind!r} is not one of {known}")
    name = read.text("name", required=True) or ""
    slug = read.text("id") or slugify(name)
    if slug != slugify(slug):
        raise read.fail("id", f"id {slug!r} is not a valid slug (try {slugify(slug)!r})")
    authors_value = read.mapping.get("author")
    author_lines = tuple(authors_value.item_lines) if isinstance(authors_value, YamlList) else ()
    urls = read.iris("url")
    return Entity(
        slug=slug,
        type=kind,
        name=name,
        path=read.path,
        line=read.mapping.line,
        description=read.text("description"),
        alternate_names=read.texts("alternateName"),
        same_as=read.iris("sameAs"),
        url=urls[0] if urls else None,
        founding_date=read.date("foundingDate"),
        date_published=read.date("datePublished"),
        authors=read.texts("author"),
        author_lines=author_lines,
        venue=read.text("venue"),
        publisher=read.text("publisher"),
        key_lines=dict(read.mapping.key_lines),
    )
