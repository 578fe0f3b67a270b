"""The whole data project: profiles, raw pages and shared entities, with references resolved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import ProfileError, SpiralldError
from .entities import Entity, load_entities
from .importer import default_modified, profile_from_page
from .pages import name_key, parse_page, read_page_text, slugify
from .profiles import Profile, load_profile

if TYPE_CHECKING:
    from ..rebuild.profile_cache import ProfileCache


#: An answer the corpus gave while a profile was mapped: (question, arguments, answer), the
#: question ``"resolve"``, ``"name"`` or ``"founding"`` (:meth:`Corpus.resolve`,
#: :meth:`Corpus.name_of`, :meth:`Corpus.founding`; see :data:`QUESTIONS`) or ``"cite"``
#: (:meth:`spiralld.mapping.sources.SourceIndex.node`: a source node and a Source).
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
    #: (see :mod:`spiralld.rebuild.profile_cache`); None otherwise.
    answers: list[Answer] | None = None
    #: Shared entities that a profile of the same id replaces, by slug: what the profile
    #: does not say of its subject is taken from them (see :func:`superseding`).
    superseded: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._profiles = {p.slug: p for p in self.profiles}
        self._aliases: dict[str, str] = {}
        #: The founding statements so far (see :meth:`founding`): (organization, founder)
        #: -> (roleName, date) -> (fragment, "path:line").
        self._foundings: dict[tuple[str, str],
                              dict[tuple[str, str], tuple[str, str]]] = {}
        #: The alternateNames, by slug: (name, "path:line" of its owner) of each.
        self._alias_names: dict[str, list[tuple[str, str]]] = {}
        self._proposal_key: str | None = None
        for slug, names in [*((p.slug, p.alternate_names) for p in self.profiles),
                            *((e.slug, e.alternate_names) for e in self.entities.values()),
                            *((e.slug, e.alternate_names) for e in self.superseded.values())]:
            for name in names:
                alias = slugify(name)
                owner = self._aliases.get(alias, alias if self._thing(alias) else slug)
                if owner != slug:
                    other, other_place = self._name_at(alias)
                    raise _error(f"alternateName {name!r} has the slug {alias!r} of "
                                 f"{other!r} ({other_place}), another thing: drop it or "
                                 "write it apart", self._name_at(slug)[1])
                self._aliases[alias] = slug
                self._alias_names.setdefault(alias, []).append((name, self._name_at(slug)[1]))

    def profile(self, slug: str) -> Profile | None:
        return self._profiles.get(slug)

    def proposal_key(self) -> str:
        """What a raw page's proposed claims depend on besides its file: the extractor's
        version and the names the corpus knows
        (:func:`spiralld.extract.proposals.extractor_key`). Asked (and noted as an answer)
        by the mapping of each raw page, so that a rebuild maps again exactly the raw pages
        whose proposals may differ."""
        if self._proposal_key is None:
            from ..extract.proposals import extractor_key  # the extractor reads profiles
            self._proposal_key = extractor_key(self)
        if self.answers is not None:
            self.answers.append(("proposals", (), self._proposal_key))
        return self._proposal_key

    def known_entities(self) -> list[Entity]:
        """The shared entities, those that profiles supersede included (their names are
        names of the profiles' subjects too)."""
        return [*self.entities.values(), *self.superseded.values()]

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
        if stamp is not None and stamp != _stamp(path):
            raise ProfileError("the file changed while the build was running: build again",
                               profile.path, profile.line)
        full = read_profile(path)
        if summary(full) != profile:   # the file is as it was: the summary came out wrong
            raise SummaryDisagrees(profile.path)
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
        slug = slugify(reference)
        if reference != slug:   # a name, not a slug: it must be the name that slug is for
            self._claim(slug, reference, where)
        known = self.known(reference)
        if known is not None:
            return known
        stub = self.stubs.get(slug)
        if stub is None:
            if name is None:
                name = reference if reference != slug else reference.replace("-", " ").title()
            self.stubs[slug] = Stub(slug, name, stub_type, where)
        elif stub.type is None and stub_type is not None:
            self.stubs[slug] = Stub(slug, stub.name, stub_type, stub.referenced_at)
        return slug

    def founding(self, org_slug: str, founder: str, role_name: str, date: str,
                 where: str) -> str:
        """The fragment of the claim that ``founder`` founded ``org_slug`` as ``role_name``
        (from ``date``, or ""), stated at ``where``. One statement is one node whichever
        profiles make it, each citing its sources; the first statement (in the profiles'
        order) is ``founder-<founder>``, a different one ``founder-<founder>-<role>-<date>``
        ("founder" in one profile, "co-founder" in another), so each source stays with
        what it supports."""
        fragment = self._founding(org_slug, founder, role_name, date, where)
        if self.answers is not None:
            self.answers.append(("founding", (org_slug, founder, role_name, date, where),
                                 fragment))
        return fragment

    def _founding(self, org_slug: str, founder: str, role_name: str, date: str,
                  where: str) -> str:
        statements = self._foundings.setdefault((org_slug, founder), {})
        known = statements.get((role_name, date))
        if known is not None:
            return known[0]
        base = f"founder-{founder}"
        fragment = base if not statements else "-".join(
            part for part in (base, slugify(role_name), date) if part)
        for (other_role, _), (used, other_where) in statements.items():
            if used == fragment:
                raise _error(f"founding of {self.name_of(org_slug)!r} as {role_name!r} and "
                             f"the one as {other_role!r} ({other_where}) differ only in how "
                             "the roleName is written: write it the same way", where)
        statements[(role_name, date)] = (fragment, where)
        return fragment

    def ask(self, question: str, arguments: tuple[Any, ...]) -> Any:
        """Ask again a question of an :data:`Answer` (see :mod:`spiralld.rebuild.profile_cache`)."""
        return QUESTIONS[question](self, *arguments)

    def _claim(self, slug: str, name: str, where: str) -> None:
        """Check that ``name`` at ``where`` is a name of the thing of ``slug``: its name (or
        that of the entity its profile supersedes), an alternateName, or the name its stub
        was first referenced by. A different name
        (after NFC, case-folding and punctuation) is an error naming both places: two
        things never silently become one IRI. A name that is the slug's own words ("Lukasz
        Kaiser" for ``lukasz-kaiser``) is the slug, whatever the name."""
        key = name_key(name)
        if key == name_key(slug):
            return
        thing = self._thing(slug)
        names = [thing.name] if thing is not None else []
        if slug in self.superseded:   # the entity a profile replaces: its name is one too
            names.append(self.superseded[slug].name)
        names += (alias for alias, _ in self._alias_names.get(slug, ()))
        if not names and slug in self.stubs:
            names.append(self.stubs[slug].name)
        if names and key not in {name_key(n) for n in names}:
            raise _clash(name, where, slug, *self._name_at(slug))

    def _thing(self, slug: str) -> Profile | Entity | None:
        return self._profiles.get(slug) or self.entities.get(slug)

    def _name_at(self, slug: str) -> tuple[str, str]:
        """The name the slug stands for, and where it is written."""
        profile = self._profiles.get(slug)
        if profile is not None:
            return profile.name, f"{profile.path}:{profile.page.title_line}"
        entity = self.entities.get(slug)
        if entity is not None:
            return entity.name, f"{entity.path}:{entity.line}"
        if slug in self._alias_names:
            return self._alias_names[slug][0]
        stub = self.stubs[slug]
        return stub.name, stub.referenced_at


#: The questions of an :data:`Answer`, by name.
QUESTIONS: dict[str, Callable[..., Any]] = {
    "resolve": Corpus.resolve,
    "name": Corpus.name_of,
    "founding": Corpus.founding,
    "proposals": Corpus.proposal_key,
}


def _clash(name: str, where: str, slug: str, other: str, other_where: str) -> ProfileError:
    """The error for two different names that meet at one slug, raised at ``where``."""
    return _error(f"{name!r} and {other!r} ({other_where}) are different names with the "
                  f"same slug {slug!r}: write the name the same way in both places if they "
                  "are one thing, else rename one or give it its own id", where)


def _error(message: str, where: str) -> ProfileError:
    """A ProfileError at ``where``, a ``path:line``."""
    path, _, line = where.rpartition(":")
    if not line.isdigit():
        return ProfileError(message, where)
    return ProfileError(message, path, int(line))


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


class SummaryDisagrees(Exception):
    """A profile's summary (taken from the profile cache) is not what its unchanged file
    says: the cache holds wrong data, though its checks passed. The build reads every
    file again (:func:`spiralld.build.build`)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def summary(profile: Profile) -> Profile:
    """A profile without its sections, sources and claims (see Corpus.shed_details)."""
    return dataclasses.replace(
        profile, page=dataclasses.replace(profile.page, sections=()), sources=(), roles=(),
        founded=(), authored=(), key_lines={})
