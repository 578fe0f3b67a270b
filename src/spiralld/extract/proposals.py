"""Proposed claims for a profile: what ``spiralld build`` (raw pages) and ``spiralld import``
ask of the extractor, shaped as the profile model holds claims."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..reading.entities import Entity
from ..reading.pages import slugify
from ..reading.profiles import Profile
from . import KnownNames, Subject, extract_claims

if TYPE_CHECKING:
    from ..reading.corpus import Corpus


@functools.cache
def extractor_version() -> str:
    """spiralld's version and a digest of the extractor's code: what else its proposals
    depend on besides the page and the names the corpus knows."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def extractor_key(corpus: Corpus) -> str:
    """What the proposals of the corpus's raw pages depend on besides each page: the
    extractor's version and the digest of the names the corpus knows (:func:`names_digest`);
    empty when no profile is a raw page (then nothing is proposed)."""
    if not any(profile.raw for profile in corpus.profiles):
        return ""
    return f"{extractor_version()} {names_digest(corpus.profiles, corpus.known_entities())}"


def known_names(profiles: Iterable[Profile], entities: Iterable[Entity]) -> KnownNames:
    """The names the corpus knows (profiles and entities, superseded ones included)."""
    return KnownNames.from_entities(profiles, entities)


def names_digest(profiles: Iterable[Profile], entities: Iterable[Entity]) -> str:
    """A digest of what :func:`known_names` reads, for the caches to key proposals by."""
    rows = sorted([(p.slug, p.name, p.type, p.alternate_names) for p in profiles]
                  + [(e.slug, e.name, e.type, e.alternate_names) for e in entities])
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def with_proposals(profile: Profile, names: KnownNames) -> Profile:
    """``profile`` with the claims its page states, proposed unreviewed, in place of none.

    An organization's page states its own founding ("DeepMind was founded in 2010 by A, B
    and C"): that is a founding of the profile's subject with its founders in ``with``
    (:mod:`spiralld.mapping.claims` reads a founding of the profile itself so). Foundings the
    page states of other organizations are not the subject's claims and are left out.
    """
    subject = Subject.of_profile(profile)
    extraction = extract_claims(profile.page, subject, names, profile.sources)
    founded = list(extraction.founded)
    for first, founding in extraction.founded_by_others:
        if slugify(founding.organization) in (profile.slug, slugify(profile.name)):
            founded.append(dataclasses.replace(
                founding, organization=profile.name,
                cofounders=(first, *founding.cofounders)))
    return dataclasses.replace(profile, roles=extraction.roles, founded=tuple(founded),
                               authored=extraction.authored)
