"""The text of a profile file as spiralld writes it: front matter in the documented field
order (docs/editors.md), claims with their review fields, and the import's digest line."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import yaml

from .pages import render_markdown
from .profiles import AuthorshipClaim, FoundingClaim, Profile, RoleClaim, Source


def front_matter(profile: Profile) -> dict[str, Any]:
    """The YAML front matter of a profile, in the documented field order (docs/editors.md)."""
    meta: dict[str, Any] = {"type": profile.type, "name": profile.name}
    if profile.date_modified:
        meta["dateModified"] = profile.date_modified.lexical
    meta["sameAs"] = list(profile.same_as)
    meta["sources"] = {source.key: source_fields(source) for source in profile.sources}
    meta["roles"] = [role_fields(claim) for claim in profile.roles]
    meta["founded"] = [founding_fields(claim) for claim in profile.founded]
    meta["authored"] = [authorship_fields(claim) for claim in profile.authored]
    return meta


class _Flow(list[str]):
    """A short list written on one line (``sources: [a, b]``), as editors write them."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing :class:`_Flow` lists in flow style."""


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", list(data), flow_style=True))


def dump_yaml(value: Any) -> str:
    """YAML text of front-matter values: keys in the order given, unicode as is, 100 wide."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _review_fields(claim: RoleClaim | FoundingClaim | AuthorshipClaim) -> dict[str, Any]:
    """``sources``, then ``reviewed: false`` and ``evidence`` for a proposal."""
    fields: dict[str, Any] = {"sources": _Flow(claim.sources)}
    if not claim.reviewed:
        fields["reviewed"] = False
    if claim.evidence is not None:
        evidence = claim.evidence
        fields["evidence"] = {"line": evidence.line, "text": evidence.text,
                              "section": evidence.section, "rule": evidence.rule}
    return fields


def role_fields(claim: RoleClaim) -> dict[str, Any]:
    """A role as front matter: roleName, organization, property (unless affiliation),
    startDate, endDate, id, sources, reviewed, evidence."""
    fields: dict[str, Any] = {}
    if claim.role_name:
        fields["roleName"] = claim.role_name
    fields["organization"] = claim.organization
    if claim.property != "affiliation":
        fields["property"] = claim.property
    if claim.start:
        fields["startDate"] = claim.start.lexical
    if claim.end:
        fields["endDate"] = claim.end.lexical
    if claim.id:
        fields["id"] = claim.id
    return fields | _review_fields(claim)


def founding_fields(claim: FoundingClaim) -> dict[str, Any]:
    """A founding as front matter: organization, roleName, with, date, sources, reviewed,
    evidence."""
    fields: dict[str, Any] = {"organization": claim.organization, "roleName": claim.role_name}
    if claim.cofounders:
        fields["with"] = _Flow(claim.cofounders)
    if claim.date:
        fields["date"] = claim.date.lexical
    return fields | _review_fields(claim)


def authorship_fields(claim: AuthorshipClaim) -> dict[str, Any]:
    """An authorship as front matter: work, sources, reviewed, evidence."""
    return {"work": claim.work} | _review_fields(claim)


def source_fields(source: Source) -> dict[str, Any]:
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


#: The last line of an imported profile's front matter: the digest of the page text below
#: as the import wrote it. A re-import replaces the text only while it still has it.
DIGEST_LINE = re.compile(r"^# spiralld import: page text sha256:([0-9a-f]{16})\b.*$")


def text_digest(body: str) -> str:
    """The digest of a page text that :data:`DIGEST_LINE` records."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def digest_line(body: str) -> str:
    return (f"# spiralld import: page text sha256:{text_digest(body)} (a re-import updates "
            "the text while it matches)\n")


def render_profile(profile: Profile) -> str:
    """The text of a profile file: ``---``, YAML front matter ending with the import's
    digest line, ``---``, then the page as Markdown."""
    body = render_markdown(profile.page)
    return f"---\n{dump_yaml(front_matter(profile))}{digest_line(body)}---\n{body}"
