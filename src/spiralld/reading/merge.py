"""Importing a page again over its profile: the page's text, sources and proposals are
updated and the editor's work is kept (docs/editors.md, "Reviewing proposed claims").

The merge works on the file's text, top-level field by field and claim by claim, so what
it keeps (reviewed claims, every other field, the editor's comments) stays as written:

- ``roles``, ``founded``, ``authored``: every reviewed claim (no ``reviewed`` field, or
  ``reviewed: true``) is kept; the ``reviewed: false`` proposals are replaced by the new
  import's, less those that are a reviewed claim already (same organization and role name,
  organization, or work: :func:`claim_identity`).
- ``sources``: a source the editor added or edited is kept; one exactly as an import wrote it
  is updated from the page, or removed when the page and the kept claims no longer cite it;
  the page's new citations are added.
- The page text is replaced only while it is as the last import wrote it (the digest line
  of :mod:`spiralld.reading.profile_text`); ``dateModified`` follows it. Text the editor changed is
  never overwritten: the merge is then :attr:`Merged.refused`, for the caller to write beside.
- Every other field (``type``, ``name``, ``slug``, ``alternateName``, ``sameAs``, ``jobTitle``
  ...) is the editor's and kept as written.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ProfileError
from ..extract import KnownNames, role_key
from .citations import parse_citation
from .frontmatter import YamlList, YamlMap, load_yaml, split_front_matter
from .limits import check_file
from .pages import decode, parse_markdown, render_markdown, slugify
from .profile_text import (
    DIGEST_LINE,
    authorship_fields,
    digest_line,
    dump_yaml,
    founding_fields,
    role_fields,
    source_fields,
    text_digest,
)
from .profiles import AuthorshipClaim, FoundingClaim, Profile, RoleClaim, profile_from_mapping

Claim = RoleClaim | FoundingClaim | AuthorshipClaim
CLAIM_KEYS = ("roles", "founded", "authored")
#: What a profile that does not load stops: the whole import, before anything is written.
NOTHING_WRITTEN = "; nothing was written: fix it, then import the page again"
_FIELDS = {"roles": role_fields, "founded": founding_fields, "authored": authorship_fields}


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged profile file and what changed, one phrase each ("page text updated").

    ``refused``: why the profile itself must not be overwritten (its text was edited since
    the import); ``text`` is then the merge for the editor to compare, never the profile."""

    text: str
    changes: tuple[str, ...]
    refused: ProfileError | None = None


def claim_identity(kind: str, claim: Claim, names: KnownNames) -> tuple[str, ...]:
    """What makes two claims one: the organization (by slug, through the corpus's names) and
    folded role name of a role, the organization of a founding, the work of an authorship."""
    def ref(name: str) -> str:
        known = names.get(name)
        return known.slug if known is not None else slugify(name)

    if isinstance(claim, RoleClaim):
        return (kind, ref(claim.organization), role_key(claim.role_name))
    if isinstance(claim, FoundingClaim):
        return (kind, ref(claim.organization))
    return (kind, ref(claim.work))


def merge_profile(path: Path, imported: Profile, names: KnownNames) -> Merged:
    """Merge ``imported`` (a page's new import) into the profile file at ``path``.

    Raises ProfileError (its file:line, ending :data:`NOTHING_WRITTEN`) when the file does
    not load as a profile: nothing can be merged into it safely."""
    check_file(path, "page file")
    text = decode(path.read_bytes(), str(path))
    existing = _load(text, path)
    yaml_text, yaml_line, body, body_line = split_front_matter(text, path)
    meta = load_yaml(yaml_text, path, 1)
    if not isinstance(meta, YamlMap):  # _load has checked it; for the type checker
        raise ProfileError("front matter must be a YAML mapping", path, yaml_line)
    doc = _Document(yaml_text.split("\n"), meta)
    changes: list[str] = []
    refused: ProfileError | None = None

    new_body = render_markdown(imported.page)
    if body == new_body:
        changes.append("page text unchanged")
    elif doc.recorded_digest == text_digest(body):
        changes.append("page text updated")
        if imported.date_modified is not None and "dateModified" in meta:
            doc.replace("dateModified", [f"dateModified: '{imported.date_modified.lexical}'"])
    else:
        line = body_line + _first_difference(body, new_body)
        refused = ProfileError("page text edited since it was imported (its digest line is "
                               "missing or no longer matches) and the new page differs from "
                               "this line on", path, line)

    reviewed = [(kind, claim) for kind in CLAIM_KEYS for claim in getattr(existing, kind)
                if claim.reviewed]
    identities = {claim_identity(kind, claim, names) for kind, claim in reviewed}
    cited = {key for _, claim in reviewed for key in claim.sources}
    key_map = _merge_sources(doc, imported, cited, changes)

    counts: Counter[str] = Counter()
    for kind in CLAIM_KEYS:
        proposals = []
        for claim in getattr(imported, kind):
            if claim_identity(kind, claim, names) in identities:
                counts["again"] += 1
                continue
            claim = dataclasses.replace(claim, sources=tuple(key_map.get(k, k)
                                                               for k in claim.sources))
            proposals.append(_FIELDS[kind](claim))
        counts.update(doc.merge_claims(kind, proposals))
    for what in ("replaced", "added", "removed", "unchanged"):
        if counts[what]:
            changes.append(f"{_plural(counts[what], 'proposal')} {what}")
    if reviewed:
        changes.append(f"{_plural(len(reviewed), 'reviewed claim')} kept")
    if counts["again"]:
        changes.append(f"{_plural(counts['again'], 'proposal')} already reviewed")

    # The page text is the new import's, also beside a refused profile, so that the editor
    # can compare it with theirs.
    merged = f"---\n{doc.text()}{digest_line(new_body)}---\n{new_body}"
    try:
        _load(merged, path)
    except ProfileError as error:  # a bug of the merge: never write what does not load
        refused = ProfileError(f"the merged profile does not load ({error.message})",
                               path, error.line)
    return Merged(merged, tuple(changes), refused)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _load(text: str, path: Path) -> Profile:
    """The profile ``text`` holds; a ProfileError says the file is not overwritten."""
    try:
        yaml_text, yaml_line, body, body_line = split_front_matter(text, path)
        meta = load_yaml(yaml_text, path, yaml_line)
        if not isinstance(meta, YamlMap):
            raise ProfileError("front matter must be a YAML mapping", path, yaml_line)
        return profile_from_mapping(meta, parse_markdown(body, str(path), body_line), str(path))
    except ProfileError as error:
        raise ProfileError(f"{error.message}{NOTHING_WRITTEN}", error.path, error.line) from None


def _first_difference(old: str, new: str) -> int:
    """The 0-based index of the first line where ``old`` and ``new`` differ."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    for index, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)):
        if a != b:
            return index
    return min(len(old_lines), len(new_lines))


def plain(value: Any) -> Any:
    """Loaded YAML as plain values (the text written for YAML-typed numbers)."""
    if isinstance(value, YamlMap):
        return {k: plain(value.text_of(k)) for k in value}
    if isinstance(value, YamlList):
        return [plain(value.text_at(i)) for i in range(len(value))]
    return value


def _as_loaded(fields: dict[str, Any]) -> Any:
    """``fields`` as they read back once written (``'2017'`` stays text)."""
    return plain(load_yaml(dump_yaml(fields), "<merge>", 1))


def _merge_sources(doc: _Document, imported: Profile, cited: set[str],
                   changes: list[str]) -> dict[str, str]:
    """Update ``sources`` from the new import (see the module's docstring); return the key
    each of the import's sources has in the merged profile."""
    old = doc.meta.get("sources")
    old = old if isinstance(old, YamlMap) else YamlMap()
    by_citation = {plain(v).get("citation"): k for k, v in old.items() if isinstance(v, YamlMap)}
    taken = set(old) | {s.key for s in imported.sources}
    key_map: dict[str, str] = {}
    entries: dict[str, dict[str, Any] | None] = {key: None for key in old}  # None: as written
    added, updated = [], []

    def as_imported(key: str) -> bool:
        """Whether the source at ``key`` is exactly what importing its citation writes."""
        written = plain(old[key])
        citation = written.get("citation")
        if not isinstance(citation, str):
            return False
        try:
            parsed = parse_citation(citation, lambda name: imported.type == "Organization"
                                    and slugify(name) == imported.slug)
        except ValueError:
            return False
        from .importer import source_from_citation  # the import's own reading of a citation

        return bool(written == _as_loaded(source_fields(source_from_citation(parsed, key, 0))))

    for source in imported.sources:
        fields = source_fields(source)
        if source.key in old:
            written = plain(old[source.key])
            if written == _as_loaded(fields) or written.get("citation") == source.citation:
                key_map[source.key] = source.key  # the same, or the editor's version of it
            elif as_imported(source.key):
                entries[source.key] = fields
                key_map[source.key] = source.key
                updated.append(source.key)
            else:  # the editor's source holds the key: the page's new citation gets another
                fresh = _fresh_key(source.key, taken)
                entries[fresh] = fields
                key_map[source.key] = fresh
                added.append(fresh)
        elif source.citation in by_citation:  # the editor renamed its key
            key_map[source.key] = by_citation[source.citation]
        else:
            entries[source.key] = fields
            key_map[source.key] = source.key
            added.append(source.key)
    used = set(key_map.values())
    dropped = [k for k in old if k not in used and k not in cited and as_imported(k)]
    for key in dropped:
        del entries[key]
    doc.merge_sources(entries)
    for keys, what in ((added, "added"), (updated, "updated"), (dropped, "removed")):
        if keys:
            changes.append(f"{'source' if len(keys) == 1 else 'sources'} {what}: "
                           + ", ".join(keys))
    return key_map


def _fresh_key(base: str, taken: set[str]) -> str:
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    taken.add(f"{base}-{suffix}")
    return f"{base}-{suffix}"


def _is_comment(line: str, indent: int) -> bool:
    stripped = line.lstrip()
    return not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= indent)


def _blocks(lines: list[str], starts: list[int], floor: int, stop: int,
            indent: int) -> list[tuple[int, int]]:
    """``[begin, end)`` of each block starting at line index ``starts[i]``, with the comment
    and blank lines just above it (they describe it), within ``[floor, stop)``."""
    begins = []
    for i, start in enumerate(starts):
        low = starts[i - 1] + 1 if i else floor
        begin = start
        while begin > low and _is_comment(lines[begin - 1], indent):
            begin -= 1
        begins.append(begin)
    return list(zip(begins, [*begins[1:], stop], strict=True))


class _Document:
    """The front matter's lines, cut into top-level fields that are kept or replaced."""

    def __init__(self, lines: list[str], meta: YamlMap) -> None:
        self.lines, self.meta = lines, meta
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        keys = list(meta)
        starts = [meta.line_of(key) - 1 for key in keys]
        spans = _blocks(self.lines, starts, 0, len(self.lines), 0)
        self.header = self.lines[:spans[0][0]] if spans else list(self.lines)
        self.spans = dict(zip(keys, spans, strict=True))
        self.out: dict[str, list[str]] = {k: self.lines[b:e] for k, (b, e) in self.spans.items()}
        self.recorded_digest = next(
            (m.group(1) for line in self.lines if (m := DIGEST_LINE.match(line))), None)

    def _lead_in(self, key: str) -> list[str]:
        begin, _ = self.spans[key]
        return self.lines[begin:self.meta.line_of(key) - 1]

    def replace(self, key: str, lines: list[str]) -> None:
        self.out[key] = (self._lead_in(key) if key in self.spans else []) + lines

    def _items(self, key: str) -> tuple[list[list[str]], int, bool]:
        """The lines of each entry of the field's list or mapping, their indent, and whether
        they are written one per block (else in flow style, or there are none)."""
        value = self.meta[key]
        if not isinstance(value, (YamlList, YamlMap)):
            return [], 0, False
        key_index = self.meta.line_of(key) - 1
        _, end = self.spans[key]
        starts = ([line - 1 for line in value.item_lines] if isinstance(value, YamlList)
                  else [value.line_of(k) - 1 for k in value])
        if not starts or starts[0] <= key_index:
            return [], 0, False
        first = self.lines[starts[0]]
        indent = len(first) - len(first.lstrip())
        blocks = _blocks(self.lines, starts, key_index + 1, end, indent)
        items = [self.lines[b:e] for b, e in blocks]
        while items and items[-1] and not items[-1][-1].strip():
            items[-1].pop()
        return items, indent, True

    def _write(self, key: str, entries: list[list[str]]) -> None:
        header = self.lines[self.meta.line_of(key) - 1] if key in self.spans else f"{key}:"
        if key in self.spans and not self._items(key)[2]:
            header = f"{key}:"
        body = [line for entry in entries for line in entry]
        self.replace(key, [header, *body] if body else [f"{key}: []"])

    def merge_claims(self, key: str, proposals: list[dict[str, Any]]) -> Counter[str]:
        """Keep the reviewed claims of ``key`` as written, put ``proposals`` in place of its
        unreviewed ones; count the proposals unchanged, replaced, added and removed."""
        value = self.meta.get(key)
        items = value if isinstance(value, YamlList) else YamlList()
        written, indent, block = self._items(key) if items else ([], 0, False)
        kept = [written[i] if block else _dumped([plain(item)], indent)
                for i, item in enumerate(items) if not _unreviewed(item)]
        old = [plain(item) for item in items if _unreviewed(item)]
        new = [_as_loaded(p) for p in proposals]
        kept_plain = [plain(item) for item in items if not _unreviewed(item)]
        if [plain(item) for item in items] != [*kept_plain, *new] or (items and not block):
            self._write(key, [*kept, *(_dumped([p], indent) for p in proposals)])
        same = sum(1 for p in new if p in old)
        replaced = min(len(old), len(new)) - same
        return Counter(unchanged=same, replaced=replaced, added=len(new) - same - replaced,
                       removed=len(old) - same - replaced)

    def merge_sources(self, entries: dict[str, dict[str, Any] | None]) -> None:
        """Write ``sources``: an entry None is kept as written, else written from its fields."""
        old = self.meta.get("sources")
        if not isinstance(old, YamlMap):
            old = YamlMap()
        if list(entries) == list(old) and all(v is None for v in entries.values()):
            return
        written, indent, block = self._items("sources") if "sources" in self.spans and old \
            else ([], 2, False)
        indent = indent or 2
        by_key = dict(zip(old, written, strict=False)) if block else {}
        out = []
        for key, fields in entries.items():
            if fields is None:
                out.append(by_key.get(key) or _dumped({key: plain(old[key])}, indent))
            else:
                out.append(_dumped({key: fields}, indent))
        self._write("sources", out)

    def text(self) -> str:
        """The front matter: the header (without an old digest line), then each field."""
        order = list(self.spans) + [k for k in ("sources", *CLAIM_KEYS)
                                    if k in self.out and k not in self.spans]
        lines = [line for line in self.header if not DIGEST_LINE.match(line)]
        for key in order:
            lines += [line for line in self.out[key] if not DIGEST_LINE.match(line)]
        return "".join(f"{line}\n" for line in lines)


def _unreviewed(item: Any) -> bool:
    return isinstance(item, YamlMap) and item.get("reviewed", True) is False


def _dumped(value: Iterable[Any] | dict[str, Any], indent: int) -> list[str]:
    """``value`` as YAML lines, indented by ``indent``."""
    text = dump_yaml(value if isinstance(value, dict) else list(value))
    return [" " * indent + line if line else line for line in text.rstrip("\n").split("\n")]
