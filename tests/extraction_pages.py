"""Small pages for the extractor's tests: a page built from a few sentences, and its claims
reduced to tuples that read like the expected answers."""

from __future__ import annotations

from spiralld.extract import Extraction, KnownNames, Subject, extract_claims
from spiralld.reading.importer import guess_type, page_sources
from spiralld.reading.pages import parse_page

PERSON = "Ada Example is a computer scientist."
NO_SOURCES = "- Example News, A report, 2024."


def page(title: str, lead: str, body: str, sources: str = NO_SOURCES,
         snapshot: str = "", heading: str = "Career") -> Extraction:
    """Extract from a small page: title, lead, an optional Snapshot, one section
    (``heading``) holding ``body``, and Sources."""
    text = f"{title}\n{lead}\n"
    if snapshot:
        text += f"Snapshot\n{snapshot}\n"
    text += f"{heading}\n{body}\nSources\n{sources}\n"
    parsed = parse_page(text, "page.txt")
    subject = Subject(parsed.title, guess_type(parsed))
    return extract_claims(parsed, subject, KnownNames(), page_sources(parsed, subject.type))


def person(body: str, sources: str = NO_SOURCES, snapshot: str = "") -> Extraction:
    return page("Ada Example", PERSON, body, sources, snapshot)


def roles(got: Extraction) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.organization, c.role_name, c.start and c.start.lexical, c.end and c.end.lexical)
            for c in got.roles]


def foundings(got: Extraction) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(c.organization, c.cofounders, c.date and c.date.lexical) for c in got.founded]


def works(got: Extraction) -> list[str]:
    return [c.work for c in got.authored]
