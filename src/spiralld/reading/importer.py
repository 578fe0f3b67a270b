"""Plain-text pages to profiles: ``spiralld import`` and raw pages given to ``build``."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from ..config import source_date_epoch
from ..errors import PageError, ProfileError
from .citations import Citation, parse_citation
from .dates import PartialDate
from .limits import check_citation, check_count, check_text
from .pages import Block, Page, parse_page, read_page_text, render_markdown, slugify
from .profiles import SOURCE_SECTIONS, Profile, Source

_PERSON_WORDS = re.compile(
    r"\b(researcher|scientist|entrepreneur|engineer|founder|co-?founder|executive|investor|"
    r"professor|author|writer|philosopher|economist|politician|mathematician|physicist|"
    r"psychologist|ceo|cto|computer scientist|activist|journalist|artist|he|she)\b",
    re.IGNORECASE,
)
_ORGANIZATION_WORDS = re.compile(
    r"\b(company|organization|organisation|lab|laboratory|labs|foundation|startup|start-up|"
    r"institute|nonprofit|non-profit|university|agency|firm|corporation|consortium|"
    r"think tank|ngo|charity|government|ministry|department)\b",
    re.IGNORECASE,
)
_WORK_WORDS = re.compile(
    r"\b(paper|article|book|essay|report|post|blog post|preprint|podcast|film|novel)\b",
    re.IGNORECASE,
)


def default_modified(path: Path) -> PartialDate:
    """The modification date of a file: SOURCE_DATE_EPOCH when set, else its mtime."""
    epoch = source_date_epoch()
    seconds = epoch if epoch is not None else int(path.stat().st_mtime)
    day = datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
    return PartialDate(day.year, day.month, day.day)


def guess_type(page: Page) -> str:
    """Person, Organization, CreativeWork or Concept, from the lead's "X is a ..." phrase."""
    first_sentence = re.split(r"(?<=[.!?])\s", page.lead, maxsplit=1)[0]
    match = re.search(r"\b(?:is|was|are|were)\s+(?:an?|the)\s+(.*)", first_sentence)
    if not match:
        return "Concept"
    phrase = re.split(
        r"\b(?:that|which|who|whose|known|founded|used|where|with|in|of|for|at|based|from|by)\b"
        r"|[,;(]",
        match.group(1),
        maxsplit=1,
    )[0]
    for words, kind in ((_PERSON_WORDS, "Person"), (_ORGANIZATION_WORDS, "Organization"),
                        (_WORK_WORDS, "CreativeWork")):
        if words.search(phrase):
            return kind
    return "Concept"


def source_from_citation(citation: Citation, key: str, line: int) -> Source:
    """A profile Source carrying the fields parsed from a citation."""
    return Source(
        key=key,
        title=citation.title,
        type=citation.type,
        citation=citation.text,
        authors=citation.authors if not citation.et_al else (*citation.authors, "et al."),
        publisher=citation.publisher,
        venue=citation.venue,
        date_published=citation.date_published,
        date_reviewed=citation.date_reviewed,
        url=citation.url,
        line=line,
    )


def source_key(citation: Citation, taken: set[str]) -> str:
    """A short key such as ``vaswani-2017`` or ``near-foundation-2023``, unique in ``taken``."""
    if citation.authors:
        creator = citation.authors[0].split()[-1]
    else:
        creator = citation.publisher or citation.title
    date = citation.date_published or citation.date_reviewed
    base = slugify(creator)[:40].strip("-") + (f"-{date.year}" if date else "")
    key, suffix = base, 1
    while key in taken:
        suffix += 1
        key = f"{base}-{suffix}"
    taken.add(key)
    return key


def page_sources(page: Page, subject_type: str | None = None) -> tuple[Source, ...]:
    """Parse the citations of the page's Sources sections; a bad one is a PageError at its line.

    Every block of such a section is a citation: a bullet, and also a paragraph that reads as
    a citation with a date or a URL ("Jane Doe, Notes, 2020."). Any other paragraph, and a
    Sources section with nothing in it, is an error, so no line of the section is lost. On a
    page about an organization (``subject_type``), a citation in its name is its own.
    """
    subject = slugify(page.title)

    def is_subject(name: str) -> bool:
        return subject_type == "Organization" and slugify(name) == subject

    taken: set[str] = set()
    sources = []
    for section in page.sections:
        if section.name.lower() not in SOURCE_SECTIONS:
            continue
        if not section.blocks:
            raise PageError(f"section {section.name!r} lists no sources: add a '- ' bullet "
                            "per source or remove the heading", page.path, section.line)
        for block in section.blocks:
            check_count(len(sources) + 1, f"citations in {section.name!r}", page.path,
                        block.line)
            citation = _citation(block, page.path, is_subject)
            sources.append(source_from_citation(citation, source_key(citation, taken),
                                                block.line))
    return tuple(sources)


def _citation(block: Block, path: str,
              is_subject: Callable[[str], bool] | None = None) -> Citation:
    """The citation a block of a Sources section holds (see :func:`page_sources`)."""
    check_text(block.text, "citation", "citation", path, block.line)
    try:
        citation = parse_citation(block.text, is_subject)
    except ValueError as error:
        raise PageError(f"citation: {error}", path, block.line) from None
    if block.kind == "paragraph" and not (citation.url or citation.date_published
                                          or citation.date_reviewed):
        raise PageError(f"text in Sources is not a citation: {_brief(block.text)!r}; write "
                        "each source as a '- ' bullet ('Author, Title, Date.')", path,
                        block.line)
    check_citation(citation, path, block.line)
    return citation


def _brief(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def without_sources(page: Page) -> Page:
    """The page without its Sources section (sources live in the front matter)."""
    kept = tuple(s for s in page.sections if s.name.lower() not in SOURCE_SECTIONS)
    return dataclasses.replace(page, sections=kept)


def profile_from_page(page: Page, path: str, modified: PartialDate | None,
                      raw: bool = False) -> Profile:
    """A profile with page-level provenance only: type guessed, sources parsed, no claims."""
    kind = guess_type(page)
    return Profile(
        path=path,
        slug=slugify(page.title),
        type=kind,
        name=page.title,
        page=without_sources(page),
        date_modified=modified,
        sources=page_sources(page, kind),
        raw=raw,
        line=page.title_line,
    )


def front_matter(profile: Profile) -> dict[str, Any]:
    """The YAML front matter of a profile, in the documented field order."""
    meta: dict[str, Any] = {"type": profile.type, "name": profile.name}
    if profile.date_modified:
        meta["dateModified"] = profile.date_modified.lexical
    meta["sameAs"] = list(profile.same_as)
    meta["sources"] = {source.key: _source_fields(source) for source in profile.sources}
    meta["roles"] = []
    meta["founded"] = []
    meta["authored"] = []
    return meta


def _source_fields(source: Source) -> dict[str, Any]:
    fields: dict[str, Any] = {"citation": source.citation, "type": source.type,
                              "title": source.title}
    if source.authors:
        fields["author"] = list(source.authors)
    optional = {
        "publisher": source.publisher,
        "venue": source.venue,
        "datePublished": source.date_published.lexical if source.date_published else None,
        "dateReviewed": source.date_reviewed.lexical if source.date_reviewed else None,
        "url": source.url,
    }
    fields.update({k: v for k, v in optional.items() if v is not None})
    return fields


def render_profile(profile: Profile) -> str:
    """The text of a profile file: ``---`` YAML front matter ``---`` then Markdown."""
    meta = yaml.safe_dump(front_matter(profile), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{meta}---\n{render_markdown(profile.page)}"


def import_pages(paths: Iterable[Path], out_dir: Path) -> list[Path]:
    """Turn plain-text pages into profile files ``OUT/<slug>.md``; return the files written.

    Every page is parsed before anything is written, so one bad page writes nothing.
    """
    profiles: dict[str, Profile] = {}
    for path in paths:
        page = parse_page(read_page_text(path), str(path))
        profile = profile_from_page(page, str(path), default_modified(path))
        if profile.slug in profiles:
            raise ProfileError(f"slug {profile.slug!r} is already used by "
                               f"{profiles[profile.slug].path}", path, page.title_line)
        profiles[profile.slug] = profile
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, profile in profiles.items():
        target = out_dir / f"{slug}.md"
        staging = target.with_name(f".{target.name}.tmp")
        staging.write_text(render_profile(profile), encoding="utf-8")
        staging.replace(target)
        written.append(target)
    return written
