"""Plain-text pages to profiles: ``spiralld import`` and raw pages given to ``build``."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import source_date_epoch
from ..errors import PageError, ProfileError
from ..extract import KnownNames
from ..extract.proposals import known_names, with_proposals
from ..extract.sentences import split
from .citations import Citation, parse_citation
from .dates import PartialDate
from .entities import load_entities
from .limits import check_citation, check_count, check_text
from .merge import NOTHING_WRITTEN, merge_profile
from .pages import Block, Page, parse_page, read_page_text, slugify
from .profile_text import front_matter, render_profile
from .profiles import SOURCE_SECTIONS, Profile, Source

__all__ = ["Imported", "corpus_names", "front_matter", "import_pages", "profile_from_page",
           "proposed_profile", "render_profile"]

_PERSON_WORDS = re.compile(
    r"\b(researcher|scientist|entrepreneur|engineer|founder|co-?founder|executive|investor|"
    r"professor|author|writer|philosopher|economist|politician|mathematician|physicist|"
    r"psychologist|ceo|cto|computer scientist|activist|journalist|artist|scholar|academic|"
    r"lawyer|roboticist|technologist|linguist|statistician|neuroscientist|designer|inventor|"
    r"programmer|developer|businessman|businesswoman|pioneer|theorist|ethicist|critic|"
    r"historian|sociologist|anthropologist|leader|manager|officer|president|chairman|"
    r"chairwoman|venture capitalist|billionaire|specialist|analyst|advisor|adviser|lecturer|"
    r"reporter|editor|columnist|podcaster|blogger|commentator|educator|policymaker|diplomat|"
    r"he|she)\b",
    re.IGNORECASE,
)
_ORGANIZATION_WORDS = re.compile(
    r"\b(company|organization|organisation|lab|laboratory|labs|foundation|startup|start-up|"
    r"institute|nonprofit|non-profit|university|agency|firm|corporation|consortium|"
    r"think tank|ngo|charity|government|ministry|department|research team|research group|"
    r"division|centre|center|school|college|society|association|council|alliance|"
    r"collective|cooperative|co-op|unit)\b",
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
    first_sentence = (split(page.lead) or [""])[0]  # "Safe Superintelligence Inc. (SSI) is"
    # "is an American AI company", "was Google's deep learning research team"
    match = re.search(r"\b(?:is|was|are|were)\s+(?:an?|the|[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*"
                      r"['’]s)\s+(.*)", first_sentence)
    if not match:
        return "Concept"
    phrase = re.split(
        # (not inside a compound: "a Tokyo-based company")
        r"(?<![\w-])(?:that|which|who|whose|known|founded|used|where|with|in|of|for|at|based|"
        r"from|by)\b"
        r"|[,;(]",
        match.group(1),
        maxsplit=1,
    )[0]
    for words, kind in ((_PERSON_WORDS, "Person"), (_ORGANIZATION_WORDS, "Organization"),
                        (_WORK_WORDS, "CreativeWork")):
        if words.search(phrase):
            return kind
    return "Person" if _told_of_a_person(page) else "Concept"


_PERSONAL_PRONOUN = re.compile(r"(?:^|[.!?]\s+)(?:He|She|His|Her)\s")


_NAME_TITLE = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}")


def _told_of_a_person(page: Page) -> bool:
    """Whether the title is written as a name ("Kate Crawford", not "Model cards") and at
    least two paragraphs open a sentence with "He", "She", "His" or "Her": a page about a
    person whose lead names no occupation we know ("an Australian thinker")."""
    if not _NAME_TITLE.fullmatch(page.title):
        return False
    paragraphs = (block.text for section in page.sections if section.name.lower()
                  not in ("spiralist reading", "open questions") for block in section.blocks)
    return sum(1 for text in paragraphs if _PERSONAL_PRONOUN.search(text)) >= 2


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


def proposed_profile(page: Page, path: str, modified: PartialDate | None,
                     names: KnownNames) -> tuple[Profile, tuple[int, ...]]:
    """The profile of an imported page: its sources, and the claims its text states,
    proposed (``reviewed: false``, with their evidence) for an editor to review.

    A proposal that no citation of the page supports is kept, with no ``sources``: it rests
    on the page alone, which the build reports as a warning until an editor cites a source
    or deletes it. The lines of their sentences are returned for the import to report."""
    profile = with_proposals(profile_from_page(page, path, modified), names)
    claims = (*profile.roles, *profile.founded, *profile.authored)
    unsourced = tuple(sorted({claim.line for claim in claims if not claim.sources}))
    return profile, unsourced


def corpus_names(out_dir: Path) -> KnownNames:
    """The names the corpus an import writes into knows: when ``out_dir`` is a data
    directory's ``profiles/``, that directory's profiles, raw pages and entities; else the
    profiles already in ``out_dir``."""
    from .corpus import input_files, read_profile  # corpus reads raw pages through here

    if out_dir.name == "profiles" and out_dir.parent.is_dir():
        profile_files, page_files, entity_files = input_files(out_dir.parent)
    else:
        profile_files, page_files, entity_files = sorted(out_dir.glob("*.md")), [], []
    try:
        profiles = [read_profile(path) for path in [*profile_files, *page_files]]
        entities = [entity for path in entity_files for entity in load_entities(path)]
    except ProfileError as error:
        raise ProfileError(error.message + NOTHING_WRITTEN, error.path, error.line) from None
    return known_names(profiles, entities)


@dataclass(frozen=True, slots=True)
class Imported:
    """What importing one page did: the file written (or, when ``refused``, the file left
    as it was and the merge written beside it) and one line saying what changed."""

    path: Path
    message: str
    refused: bool = False


def import_pages(paths: Iterable[Path], out_dir: Path,
                 names: KnownNames | None = None) -> list[Imported]:
    """Turn plain-text pages into profile files ``OUT/<slug>.md`` with proposed claims.

    A page whose profile exists is merged into it (:func:`spiralld.reading.merge.merge_profile`):
    the editor's work is kept, and a profile the merge cannot update safely is left as it
    is, the merge written beside it (``<slug>.md.new``). Every page is parsed and merged
    before anything is written, so one bad page writes nothing. ``names``: the corpus's
    known names (default: :func:`corpus_names` of ``out_dir``).
    """
    if names is None:
        names = corpus_names(out_dir) if out_dir.is_dir() else known_names([], [])
    profiles: dict[str, Profile] = {}
    unsourced: dict[str, str] = {}
    for path in paths:
        page = parse_page(read_page_text(path), str(path))
        profile, lines = proposed_profile(page, str(path), default_modified(path), names)
        if lines:
            it = "it rests" if len(lines) == 1 else "they rest"
            unsourced[profile.slug] = (f"; {plural(len(lines), 'proposal')} no citation "
                                       f"supports ({it} on the page alone): "
                                       + ", ".join(f"{path}:{line}" for line in lines))
        if profile.slug in profiles:
            raise ProfileError(f"slug {profile.slug!r} is already used by "
                               f"{profiles[profile.slug].path}", path, page.title_line)
        profiles[profile.slug] = profile
    plans: list[tuple[Path, str, Imported]] = []
    for slug, profile in profiles.items():
        target = out_dir / f"{slug}.md"
        if not target.exists():
            count = len(profile.roles) + len(profile.founded) + len(profile.authored)
            plans.append((target, render_profile(profile),
                          Imported(target, f"wrote {target}: {plural(count, 'proposed claim')}"
                                           f" to review{unsourced.get(slug, '')}")))
            continue
        merged = merge_profile(target, profile, names)
        if merged.refused is not None:
            beside = target.with_name(target.name + ".new")
            plans.append((beside, merged.text, Imported(
                target, f"{merged.refused}; not overwritten: the import is in {beside}",
                refused=True)))
        else:
            plans.append((target, merged.text, Imported(
                target, f"{target}: {'; '.join(merged.changes)}{unsourced.get(slug, '')}")))
    out_dir.mkdir(parents=True, exist_ok=True)
    for target, text, _ in plans:
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        staging = target.with_name(f".{target.name}.tmp")
        staging.write_text(text, encoding="utf-8")
        staging.replace(target)
    return [imported for _, _, imported in plans]


def plural(count: int, noun: str) -> str:
    """``1 proposal``, ``2 proposals``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
