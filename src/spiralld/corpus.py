"""The whole data project: profiles, raw pages and shared entities, with references resolved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .entities import Entity, load_entities
from .errors import ProfileError, SpiralldError
from .importer import default_modified, profile_from_page
from .pages import parse_page, read_page_text, slugify
from .profiles import Profile, load_profile

if TYPE_CHECKING:
    from .profile_cache import ProfileCache


#: An answer the corpus gave while a profile was mapped: (question, arguments, answer), the
#: question ``"resolve"`` or ``"name"`` (:meth:`Corpus.resolve`, :meth:`Corpus.name_of`) or
#: ``"cite"`` (:meth:`spiralld.mapping.sources.SourceIndex.node`: a source node and a Source).
Answer = tuple[str, tuple[Any, ...], Any]


@dataclass(frozen=True, slots=True)
class Stub:
    """A referenced entity with no profile or entity entry yet: only a name is known."""

    slug: str
    name: str
    type: str | None
    referenced_at: str


@dataclass
class Corpus:
    """Everything ``build`` publishes, with each reference resolved to a slug."""

    config: Config
    profiles: list[Profile]
    entities: dict[str, Entity]
    stubs: dict[str, Stub] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: Each profile file's (modification time in ns, size) when it was read.
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Slugs of the profiles held as summaries (see :meth:`shed_details`).
    summarized: set[str] = field(default_factory=set)
    #: While one profile is mapped, each answer given that depends on other files, in order
    #: (see :mod:`spiralld.profile_cache`); None otherwise.
    answers: list[Answer] | None = None
    #: Shared entities that a profile of the same id replaces, by slug: what the profile
    #: does not say of its subject is taken from them (see :func:`superseding`).
    superseded: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._profiles = {p.slug: p for p in self.profiles}
        self._aliases: dict[str, str] = {}
        for slug, names in [*((p.slug, p.alternate_names) for p in self.profiles),
                            *((e.slug, e.alternate_names) for e in self.entities.values()),
                            *((e.slug, e.alternate_names) for e in self.superseded.values())]:
            for name in names:
                self._aliases.setdefault(slugify(name), slug)

    def profile(self, slug: str) -> Profile | None:
        return self._profiles.get(slug)

    def shed_details(self) -> None:
        """Keep of each profile only what pages about other things show (names, types, lead,
        dates): the sections, sources and claims, needed once mapped only by the profile's
        own page, are read again from its file by :meth:`full`. At 100k profiles they are
        most of the corpus's memory."""
        self.profiles[:] = [summary(profile) for profile in self.profiles]
        self._profiles = {p.slug: p for p in self.profiles}
        self.summarized = set(self._profiles)

    def full(self, profile: Profile) -> Profile:
        """``profile`` with every detail, read again from its file if they were shed."""
        if profile.slug not in self.summarized:
            return profile
        path = Path(profile.path)
        stamp = self.stamps.get(profile.path)
        full = None if stamp is not None and stamp != _stamp(path) else read_profile(path)
        if full is None or summary(full) != profile:
            raise ProfileError("the file changed while the build was running: build again",
                               profile.path, profile.line)
        return full

    def name_of(self, slug: str) -> str:
        if slug in self._profiles:
            name = self._profiles[slug].name
        elif slug in self.entities:
            name = self.entities[slug].name
        else:
            name = self.stubs[slug].name
        if self.answers is not None:
            self.answers.append(("name", (slug,), name))
        return name

    def type_of(self, slug: str) -> str | None:
        if slug in self._profiles:
            return self._profiles[slug].type
        if slug in self.entities:
            return self.entities[slug].type
        return self.stubs[slug].type if slug in self.stubs else None

    def known(self, reference: str) -> str | None:
        """The slug of the profile or entity a name, alias or slug refers to, if any."""
        slug = slugify(reference)
        if slug in self._profiles or slug in self.entities:
            return slug
        return self._aliases.get(slug)

    def resolve(self, reference: str, where: str, stub_type: str | None = None,
                name: str | None = None) -> str:
        """The slug a name or slug refers to; unknown references become stubs named ``name``."""
        slug = self._resolve(reference, where, stub_type, name)
        if self.answers is not None:
            self.answers.append(("resolve", (reference, where, stub_type, name), slug))
        return slug

    def _resolve(self, reference: str, where: str, stub_type: str | None,
                 name: str | None) -> str:
        known = self.known(reference)
        if known is not None:
            return known
        slug = slugify(reference)
        stub = self.stubs.get(slug)
        if stub is None:
            if name is None:
                name = reference if reference != slug else reference.replace("-", " ").title()
            self.stubs[slug] = Stub(slug, name, stub_type, where)
        elif stub.type is None and stub_type is not None:
            self.stubs[slug] = Stub(slug, stub.name, stub_type, stub.referenced_at)
        return slug


def input_files(data_dir: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """The profile (.md), raw page (.txt) and entity (.yaml) files of a data directory."""
    if not data_dir.is_dir():
        raise SpiralldError(f"{data_dir}: not a directory")
    profiles = sorted((data_dir / "profiles").glob("*.md"))
    pages = sorted([*(data_dir / "profiles").glob("*.txt"), *(data_dir / "pages").glob("*.txt")])
    entities = sorted([*(data_dir / "entities").glob("*.yaml"),
                       *(data_dir / "entities").glob("*.yml")])
    return profiles, pages, entities


def load_corpus(data_dir: Path, config: Config,
                progress: Callable[[str, int, int], None] | None = None,
                cache: ProfileCache | None = None) -> Corpus:
    """Load and cross-check every input file of a data directory. A profile ``cache`` has
    the summary of the files read as they are by the last build: those are not parsed."""
    profile_files, page_files, entity_files = input_files(data_dir)
    if not profile_files and not page_files:
        raise SpiralldError(f"{data_dir}: no profiles (profiles/*.md) or pages (*.txt) found")
    total = len(profile_files) + len(page_files)
    profiles: list[Profile] = []
    stamps: dict[str, tuple[int, int]] = {}
    summarized: set[str] = set()
    for done, path in enumerate([*profile_files, *page_files]):
        if progress and done % 100 == 0:
            progress("load", done, total)
        stamps[str(path)] = _stamp(path)
        profile = cache.parsed(path) if cache is not None else None
        if profile is None:
            profile = read_profile(path)
        else:
            summarized.add(profile.slug)
        profiles.append(profile)
    if progress:
        progress("load", total, total)
    seen: dict[str, Profile] = {}
    for profile in profiles:
        if profile.slug in seen:
            other = seen[profile.slug].path
            raise ProfileError(f"slug {profile.slug!r} is already used by {other}",
                               profile.path, profile.line)
        seen[profile.slug] = profile
    entities: dict[str, Entity] = {}
    superseded: dict[str, Entity] = {}
    for path in entity_files:
        for entity in load_entities(path):
            other = entities.get(entity.slug) or superseded.get(entity.slug)
            if other is not None:
                raise ProfileError(f"id {entity.slug!r} is already used by "
                                   f"{other.path}:{other.line}", entity.path, entity.line)
            if entity.slug in seen:
                superseded[entity.slug] = entity
            else:
                entities[entity.slug] = entity
    profiles.sort(key=lambda p: p.slug)
    return Corpus(config, profiles, dict(sorted(entities.items())),
                  files=[*profile_files, *page_files, *entity_files], stamps=stamps,
                  summarized=summarized, superseded=dict(sorted(superseded.items())))


def read_profile(path: Path) -> Profile:
    """A profile (.md) or a raw page (.txt), dated by its file when it gives no date."""
    if path.suffix == ".txt":
        page = parse_page(read_page_text(path), str(path))
        return profile_from_page(page, str(path), default_modified(path), raw=True)
    profile = load_profile(path)
    if profile.date_modified is None:
        profile = dataclasses.replace(profile, date_modified=default_modified(path))
    return profile


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def summary(profile: Profile) -> Profile:
    """A profile without its sections, sources and claims (see Corpus.shed_details)."""
    return dataclasses.replace(
        profile, page=dataclasses.replace(profile.page, sections=()), sources=(), roles=(),
        founded=(), authored=(), key_lines={})
