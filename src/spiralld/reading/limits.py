"""The limits on input: one table, applied wherever text arrives (a raw page, a profile's
front matter and Markdown, data/entities/*.yaml, a page's Sources citations).

Each piece of text is published as one literal, so each kind of field is bounded; the README's
"Limits, and input that is refused" section lists this table (a test checks it does).
A refusal is one line naming the file, the line, the field and the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ProfileError


@dataclass(frozen=True, slots=True)
class Limit:
    """The most a kind of input may hold: ``maximum`` ``unit`` (characters, entries, bytes)."""

    maximum: int
    unit: str
    applies_to: str


LIMITS: dict[str, Limit] = {
    "name": Limit(200, "characters",
                  "a name or title: a page's title line and section names, and the fields "
                  "named below as names"),
    "iri": Limit(2_000, "characters", "a link: sameAs, url"),
    "citation": Limit(2_000, "characters",
                      "a citation: one entry of a page's Sources section, a source's citation"),
    "text": Limit(100_000, "characters",
                  "a text: a page's lead, one section, an entity's description"),
    "items": Limit(1_000, "entries",
                   "a list: the values of one field (alternateName, sameAs, author, with), the "
                   "sources, roles, founded or authored of a profile, the citations of a page"),
    "page file": Limit(50_000_000, "bytes", "a page (.txt) or profile (.md) file"),
    "entities file": Limit(100_000_000, "bytes", "a data/entities/*.yaml file"),
}
"""Every limit, by kind of input."""

#: The kind of each text field of the front matter, a source, a claim or an entity; a text
#: field not named here is a name.
FIELD_KINDS: dict[str, str] = {
    "sameAs": "iri",
    "url": "iri",
    "citation": "citation",
    "description": "text",
    "text": "text",
}


def markdown_table() -> str:
    """The table of LIMITS as the README shows it (a test checks the README holds it)."""
    rows = ["| Input | Limit | Applies to |", "| --- | --- | --- |"]
    rows += [f"| {kind} | {limit.maximum:,} {limit.unit} | {limit.applies_to} |"
             for kind, limit in LIMITS.items()]
    names = ", ".join(f"`{name}`" for name in NAME_FIELDS)
    rows.append("")
    rows.append(f"Names: {names}, and the title, authors, publisher and venue parsed from a "
                "citation.")
    return "\n".join(rows)


#: The text fields held to the "name" limit (every text field not in FIELD_KINDS), for the docs.
NAME_FIELDS = ("name", "alternateName", "jobTitle", "roleName", "organization", "with", "work",
               "title", "author", "publisher", "venue", "type", "slug", "id")


def field_kind(field: str) -> str:
    """The kind of limit (a key of LIMITS) a text field is held to."""
    return FIELD_KINDS.get(field, "name")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_text(value: str, field: str, kind: str, path: str | Path, line: int) -> str:
    """``value``, or a ProfileError if it is longer than the limit of ``kind``."""
    maximum = LIMITS[kind].maximum
    if len(value) > maximum:
        raise ProfileError(f"{field} {_short(value)!r} has {len(value):,} characters, more "
                           f"than {maximum:,}", path, line)
    return value


def check_count(count: int, field: str, path: str | Path, line: int) -> None:
    """A ProfileError if a list of ``count`` entries is longer than the items limit."""
    maximum = LIMITS["items"].maximum
    if count > maximum:
        raise ProfileError(f"{field} has more than {maximum:,} entries", path, line)


def check_file(path: Path, kind: str) -> None:
    """A ProfileError (at line 1) if the file is larger than the limit of ``kind``."""
    maximum = LIMITS[kind].maximum
    try:
        size = path.stat().st_size
    except OSError:
        return   # the reader that follows says why it cannot be read
    if size > maximum:
        raise ProfileError(f"file has {size:,} bytes, more than {maximum:,} ({kind} limit)",
                           path, 1)


def check_citation(citation: object, path: str | Path, line: int) -> None:
    """The parsed parts of a citation (title, authors, publisher, venue) are names."""
    for field in ("title", "publisher", "venue"):
        value = getattr(citation, field)
        if value is not None:
            check_text(value, f"citation {field}", "name", path, line)
    for author in citation.authors:
        check_text(author, "citation author", "name", path, line)
