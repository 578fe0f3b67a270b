"""The profile model and its loader: YAML front matter (curated facts) plus Markdown text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ProfileError
from .citations import iri_problem
from .dates import PartialDate, coerce_date
from .frontmatter import YamlList, YamlMap, load_yaml, split_front_matter
from .limits import check_count, check_file, check_text, field_kind
from .pages import Page, decode, parse_markdown, slugify

ENTITY_TYPES = ("Person", "Organization", "CreativeWork", "Concept")
WORK_TYPES = (
    "CreativeWork",
    "ScholarlyArticle",
    "Article",
    "NewsArticle",
    "BlogPosting",
    "PodcastEpisode",
    "WebPage",
    "Book",
    "SoftwareSourceCode",
    "Dataset",
    "VideoObject",
    "Report",
    "Thesis",
    "Periodical",
    "WebSite",
)
AFFILIATION_PROPERTIES = ("affiliation", "worksFor", "memberOf", "alumniOf")
#: Section names (lower case) that list a page's sources and its related pages.
SOURCE_SECTIONS = frozenset({"sources", "references", "bibliography", "citations"})
RELATED_SECTIONS = frozenset({"related pages", "see also", "related", "related topics"})
_IRI = re.compile(r"^(https?|urn|mailto):[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True, slots=True)
class Source:
    """A cited source: parsed citation fields, keyed for claims to cite."""

    key: str
    title: str
    type: str = "WebPage"
    citation: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    venue: str | None = None
    date_published: PartialDate | None = None
    date_reviewed: PartialDate | None = None
    url: str | None = None
    work: str | None = None
    id: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an extracted claim was read: the sentence quoted, its line and section, and the
    extraction rule that proposed it."""

    line: int
    text: str
    section: str
    rule: str


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """A role or affiliation: the subject held ``role_name`` at ``organization``."""

    organization: str
    role_name: str | None
    property: str
    start: PartialDate | None
    end: PartialDate | None
    sources: tuple[str, ...]
    line: int
    reviewed: bool = True
    evidence: Evidence | None = None
    #: The editor's pin for the claim's IRI (``#role-<id>``), kept whatever is corrected.
    id: str | None = None


@dataclass(frozen=True, slots=True)
class FoundingClaim:
    """The subject founded (or co-founded, ``with`` others) an organization."""

    organization: str
    role_name: str
    cofounders: tuple[str, ...]
    date: PartialDate | None
    sources: tuple[str, ...]
    line: int
    reviewed: bool = True
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class AuthorshipClaim:
    """The subject is one of the authors of ``work`` (a shared entity)."""

    work: str
    sources: tuple[str, ...]
    line: int
    reviewed: bool = True
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """One encyclopedia page with its curated facts."""

    path: str
    slug: str
    type: str
    name: str
    page: Page
    date_modified: PartialDate | None = None
    alternate_names: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    job_title: str | None = None
    sources: tuple[Source, ...] = ()
    roles: tuple[RoleClaim, ...] = ()
    founded: tuple[FoundingClaim, ...] = ()
    authored: tuple[AuthorshipClaim, ...] = ()
    raw: bool = False
    line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def description(self) -> str:
        return self.page.lead

    def source(self, key: str) -> Source | None:
        return next((s for s in self.sources if s.key == key), None)


def check_iri(value: str) -> str | None:
    """Why ``value`` cannot be a sameAs or url link (``'x' is not ...``), or None if it can."""
    if not _IRI.match(value):
        return f"{value!r} is not an http(s) IRI"
    problem = iri_problem(value)
    if problem is not None:
        return f"{value!r} is not a valid IRI ({problem})"
    return None


class FieldReader:
    """Reads typed fields out of a YAML mapping, raising ProfileError at the right line."""

    def __init__(self, mapping: YamlMap, path: str, what: str) -> None:
        self.mapping, self.path, self.what = mapping, path, what

    def fail(self, key: str | None, message: str) -> ProfileError:
        line = self.mapping.line_of(key) if key else self.mapping.line
        return ProfileError(message, self.path, line)

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(key, f"unknown field {key!r} in {self.what} (known: {known})")

    def text(self, key: str, required: bool = False) -> str | None:
        """A text field: the scalar as written (``007`` stays "007", ``1.10`` "1.10")."""
        value = self.mapping.text_of(key)
        if value is None or value == "":
            if required:
                raise self.fail(None, f"{self.what} has no {key!r}")
            return None
        if isinstance(value, (YamlMap, YamlList)):
            raise self.fail(key, f"{key!r} must be text")
        if isinstance(value, bool):
            raise self.fail(key, f"{key!r} must be text, not the boolean {str(value).lower()}: "
                                 f"quote it ({key}: '{str(value).lower()}')")
        return self._bounded(key, str(value).strip())

    def _bounded(self, key: str, value: str) -> str:
        """``value``, if it is within the limit of the field ``key``
        (:mod:`spiralld.reading.limits`)."""
        return check_text(value, key, field_kind(key), self.path, self.mapping.line_of(key))

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, YamlList):
            items = [value.text_at(index) for index in range(len(value))]
        else:
            items = [self.mapping.text_of(key)]
        check_count(len(items), key, self.path, self.mapping.line_of(key))
        out = []
        for item in items:
            if isinstance(item, (YamlMap, YamlList, bool)) or item is None:
                raise self.fail(key, f"{key!r} must be a list of text values")
            out.append(self._bounded(key, str(item).strip()))
        return tuple(out)

    def date(self, key: str) -> PartialDate | None:
        """A date field, read from the text written (``2017``, ``2023-09``, ``'2023-09-21'``)."""
        value = self.mapping.text_of(key)
        if value is None or value == "":
            return None
        try:
            return coerce_date(value)
        except ValueError as error:
            raise self.fail(key, f"{key}: {error}") from None

    def iris(self, key: str) -> tuple[str, ...]:
        values = self.texts(key)
        for value in values:
            problem = check_iri(value)
            if problem is not None:
                raise self.fail(key, f"{key} value {problem}")
        return values

    def items(self, key: str) -> list[tuple[YamlMap, int]]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, YamlList):
            raise self.fail(key, f"{key!r} must be a list")
        check_count(len(value), key, self.path, self.mapping.line_of(key))
        out = []
        for item, line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, YamlMap):
                raise ProfileError(f"each entry of {key!r} must be a mapping", self.path, line)
            out.append((item, line))
        return out


#: The fields of each kind of claim (docs/editors.md lists each one).
#: Fields every claim may carry besides its own: its review status and evidence.
REVIEW_FIELDS = {"reviewed", "evidence"}
EVIDENCE_FIELDS = {"line", "text", "section", "rule"}
ROLE_FIELDS = {"roleName", "organization", "property", "startDate", "endDate", "sources",
               "id"} | REVIEW_FIELDS
FOUNDING_FIELDS = {"organization", "roleName", "with", "date", "sources"} | REVIEW_FIELDS
AUTHORSHIP_FIELDS = {"work", "sources"} | REVIEW_FIELDS
PROFILE_FIELDS = {
    "type", "name", "slug", "alternateName", "sameAs", "jobTitle", "dateModified",
    "sources", "roles", "founded", "authored",
}


def load_profile(path: Path) -> Profile:
    """Load a profile file (``---`` YAML front matter, then Markdown text)."""
    check_file(path, "page file")
    text = decode(path.read_bytes(), str(path))
    yaml_text, yaml_line, body, body_line = split_front_matter(text, path)
    meta = load_yaml(yaml_text, path, yaml_line)
    if not isinstance(meta, YamlMap):
        raise ProfileError("front matter must be a YAML mapping", path, yaml_line)
    page = parse_markdown(body, str(path), body_line)
    return profile_from_mapping(meta, page, str(path))


def profile_from_mapping(meta: YamlMap, page: Page, path: str) -> Profile:
    """Build a Profile from parsed front matter and the page text, checking references."""
    read = FieldReader(meta, path, "front matter")
    read.check_keys(PROFILE_FIELDS)
    kind = read.text("type", required=True) or ""
    if kind not in ENTITY_TYPES:
        raise read.fail("type", f"type {kind!r} is not one of {', '.join(ENTITY_TYPES)}")
    name = read.text("name") or page.title
    slug = read.text("slug") or slugify(name)
    if slug != slugify(slug):
        raise read.fail("slug", f"slug {slug!r} is not a valid slug (try {slugify(slug)!r})")
    expected = Path(path).stem
    if Path(path).suffix == ".md" and expected != slug:
        raise read.fail("name" if "slug" not in meta else "slug",
                        f"file name {expected!r} does not match the profile's slug {slug!r}")
    sources = _sources(read)
    keys = {source.key for source in sources}
    profile = Profile(
        path=path,
        slug=slug,
        type=kind,
        name=name,
        page=page,
        date_modified=read.date("dateModified"),
        alternate_names=read.texts("alternateName"),
        same_as=read.iris("sameAs"),
        job_title=read.text("jobTitle"),
        sources=sources,
        roles=tuple(_claims(read, "roles", keys, _role)),
        founded=tuple(_claims(read, "founded", keys, _founding)),
        authored=tuple(_claims(read, "authored", keys, _authorship)),
        line=meta.line,
        key_lines=dict(meta.key_lines),
    )
    return profile


SOURCE_FIELDS = {
    "citation", "type", "title", "author", "publisher", "venue", "datePublished",
    "dateReviewed", "url", "work", "id",
}


def _sources(read: FieldReader) -> tuple[Source, ...]:
    value = read.mapping.get("sources")
    if value is None:
        return ()
    if not isinstance(value, YamlMap):
        raise read.fail("sources", "'sources' must be a mapping from source key to its fields")
    check_count(len(value), "sources", read.path, read.mapping.line_of("sources"))
    out = []
    for key, fields_ in value.items():
        line = value.line_of(key)
        if not isinstance(fields_, YamlMap):
            raise ProfileError(f"source {key!r} must be a mapping of fields", read.path, line)
        if slugify(key) != key:
            raise ProfileError(f"source key {key!r} is not a slug (try {slugify(key)!r})",
                               read.path, line)
        source = FieldReader(fields_, read.path, f"source {key!r}")
        source.check_keys(SOURCE_FIELDS)
        kind = source.text("type") or "WebPage"
        if kind not in WORK_TYPES:
            raise source.fail("type", f"source type {kind!r} is not one of {', '.join(WORK_TYPES)}")
        url = source.text("url")
        problem = check_iri(url) if url is not None else None
        if problem is not None:
            raise source.fail("url", f"url {problem}")
        out.append(
            Source(
                key=key,
                title=source.text("title", required=True) or "",
                type=kind,
                citation=source.text("citation"),
                authors=source.texts("author"),
                publisher=source.text("publisher"),
                venue=source.text("venue"),
                date_published=source.date("datePublished"),
                date_reviewed=source.date("dateReviewed"),
                url=url,
                work=source.text("work"),
                id=source.text("id"),
                line=line,
            )
        )
    return tuple(out)


def _claims(read: FieldReader, key: str, source_keys: set[str],
            build: Callable[[FieldReader, tuple[str, ...], int], Any]) -> list[Any]:
    out = []
    for item, line in read.items(key):
        claim = FieldReader(item, read.path, f"{key} entry")
        what = f"claim '{_describe_claim(key, item)}'"
        cited = claim.texts("sources")
        # An extractor's proposal (reviewed: false) may rest on the page alone: its evidence
        # is the sentence it was read in, and the editorial rule warns (shapes/claims.ttl).
        proposal = _reviewed(claim) is False and item.get("evidence") is not None
        if not cited and not proposal:
            raise ProfileError(f"{what} has no source: add 'sources: [key]' naming one of the "
                               "profile's sources", read.path, line)
        for source_key in cited:
            if source_key not in source_keys:
                known = ", ".join(sorted(source_keys)) or "none defined"
                raise claim.fail("sources", f"{what} cites unknown source {source_key!r}"
                                            f" (known: {known})")
        out.append(build(claim, cited, line))
    return out


def _describe_claim(key: str, item: YamlMap) -> str:
    """How an editor would name a claim: 'CEO at NEAR Foundation', 'founder of NEAR AI'."""
    organization = item.text_of("organization") or "?"
    if key == "roles":
        role = item.text_of("roleName")
        return f"{role} at {organization}" if role else f"affiliated with {organization}"
    if key == "founded":
        return f"{item.text_of('roleName') or 'founder'} of {organization}"
    return f"author of {item.text_of('work') or '?'}"


def _reviewed(claim: FieldReader) -> bool:
    """A claim's ``reviewed`` flag: a YAML boolean (``true``/``false``; ``no`` or ``'false'``
    is text, refused), true when absent (a curated claim)."""
    reviewed = claim.mapping.get("reviewed", True)
    if not isinstance(reviewed, bool):
        raise claim.fail("reviewed", "'reviewed' must be true or false")
    return reviewed


def _review(claim: FieldReader) -> tuple[bool, Evidence | None]:
    """A claim's ``reviewed`` flag (default true: a curated claim) and ``evidence``."""
    reviewed = _reviewed(claim)
    value = claim.mapping.get("evidence")
    if value is None:
        return reviewed, None
    if not isinstance(value, YamlMap):
        raise claim.fail("evidence", "'evidence' must be a mapping of line, text, section "
                                     "and rule")
    evidence = FieldReader(value, claim.path, "evidence")
    evidence.check_keys(EVIDENCE_FIELDS)
    line = value.get("line")
    if isinstance(line, bool) or not isinstance(line, int) or line < 1:
        raise evidence.fail("line" if "line" in value else None,
                            "evidence 'line' must be a line number (1, 2, ...)")
    return reviewed, Evidence(line=line, text=evidence.text("text", required=True) or "",
                              section=evidence.text("section") or "",
                              rule=evidence.text("rule", required=True) or "")


def _role(claim: FieldReader, cited: tuple[str, ...], line: int) -> RoleClaim:
    claim.check_keys(ROLE_FIELDS)
    pin = claim.text("id")
    if pin is not None and pin != slugify(pin):
        raise claim.fail("id", f"id {pin!r} is not a valid slug (try {slugify(pin)!r})")
    prop = claim.text("property") or "affiliation"
    if prop not in AFFILIATION_PROPERTIES:
        raise claim.fail("property", f"property {prop!r} is not one of "
                                     f"{', '.join(AFFILIATION_PROPERTIES)}")
    start, end = claim.date("startDate"), claim.date("endDate")
    if start and end and end.latest() < start.earliest():
        raise claim.fail("endDate", f"endDate {end.lexical} is before startDate {start.lexical}")
    reviewed, evidence = _review(claim)
    return RoleClaim(
        organization=claim.text("organization", required=True) or "",
        role_name=claim.text("roleName"),
        property=prop,
        start=start,
        end=end,
        sources=cited,
        line=line,
        id=pin,
        reviewed=reviewed,
        evidence=evidence,
    )


def _founding(claim: FieldReader, cited: tuple[str, ...], line: int) -> FoundingClaim:
    claim.check_keys(FOUNDING_FIELDS)
    cofounders = claim.texts("with")
    reviewed, evidence = _review(claim)
    return FoundingClaim(
        organization=claim.text("organization", required=True) or "",
        role_name=claim.text("roleName") or ("co-founder" if cofounders else "founder"),
        cofounders=cofounders,
        date=claim.date("date"),
        sources=cited,
        line=line,
        reviewed=reviewed,
        evidence=evidence,
    )


def _authorship(claim: FieldReader, cited: tuple[str, ...], line: int) -> AuthorshipClaim:
    claim.check_keys(AUTHORSHIP_FIELDS)
    reviewed, evidence = _review(claim)
    return AuthorshipClaim(work=claim.text("work", required=True) or "", sources=cited, line=line,
                           reviewed=reviewed, evidence=evidence)
