"""Builds of a process that stays up (the live preview's build process), page first.

``spiralld build`` keeps what a rebuild reuses on disk, between processes
(:mod:`spiralld.rebuild.profile_cache`, :mod:`spiralld.rebuild.reuse`). A process that
builds the same data directory into the same release again and again passes a
:class:`Session` to :func:`spiralld.build.build`, which then

- keeps in memory, from one build to the next, the profile entries it decoded (each
  unchanged profile's summary and mapped graph, by the checksum of its bytes in the
  profile cache: :class:`~spiralld.rebuild.profile_cache.Decoded`), so an unchanged
  profile's graph is taken as it is, its answers asked again of the corpus as always; and
  the list of the release's files, so that the files a build no longer writes are removed
  without walking the release;
- keeps the template environments, so each template is compiled once (and again when
  its file changes);
- keeps a process for pySHACL (:class:`~spiralld.validate.WarmValidator`), its shapes
  parsed once: the units an edit touched are validated there while the build writes the
  data documents and pages aside, and those are moved in only once the data conforms;
- writes the release *in place* (:class:`OverlayRelease`) instead of staging a whole new
  one: the units no edit touched stay where they are (no link, no copy), and only the files
  made again are written, aside, then moved in each by one rename, so a request reads
  either a file's old bytes or its new ones;
- in two steps: the data documents and pages are moved in first and
  :attr:`Session.pages_ready` is called (the preview's reload goes out then); the rest
  (ontology, sitemap, server configurations, the dumps and root files, the void
  description, the removal of the files no longer written, then the query store's
  checkpoint and the rebuild record) follows in the same build. Until the build returns the
  release is new in its pages and documents and old in the rest, and /sparql answers from
  the previous store: each of those is consistent in itself.

What every build still redoes, as ``spiralld build`` does: read each file's bytes (the
changed ones parsed), ask each replayed graph's answers again, map the changed profiles
and the shared graph, merge the dataset, find the touched documents, update the query
store, validate the units the edit touched, render the pages and documents whose notes name
a touched document (the index, which reads the whole dataset, every time), the dumps (their
unchanged pieces copied) and the description.

A release written in place is tied to the rebuild record like a staged one: its marker
file is replaced as the first files move in (so a build interrupted midway leaves a
release no record matches, which the next build makes anew), and the record is saved
once everything is in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from ..errors import PublishError
from ..query.library import store_path
from ..release.staging import (
    MARKER,
    StagedRelease,
    new_staging,
    release_lock,
    staged_release,
)
from ..site.render import Environments
from ..validate import Report, WarmValidator
from .profile_cache import Decoded
from .reuse import STORE


@dataclass
class Session:
    """What one process keeps between its builds of one data directory into one release."""

    #: The profile cache's entries decoded by earlier builds.
    decoded: Decoded = field(default_factory=Decoded)
    #: Called (with the validation report) once the pages and data documents are in place.
    pages_ready: Callable[[Report], None] | None = None
    #: The release's files as the last build of the session left them (None: unknown).
    files: set[str] | None = None
    #: The template environments, templates compiled (:func:`~spiralld.site.render.environment`).
    environments: Environments = field(default_factory=dict)
    #: The process that runs pySHACL on the units an edit touched, while the build writes
    #: the pages aside (they are moved in once the data is found to conform).
    validator: WarmValidator = field(default_factory=WarmValidator)

    def close(self) -> None:
        """Stop what the session keeps running (its validator's process)."""
        self.validator.close()


class OverlayRelease(StagedRelease):
    """A new version of the release at ``out`` written over it: the files made again are
    staged aside and moved in by :meth:`commit`; a carried unit's files (linked from
    ``out`` to themselves) are left where they are."""

    def __init__(self, staging: Path, out: Path, present: set[str] | None = None) -> None:
        """``present``: the files ``out`` has (None: look)."""
        super().__init__(staging)
        self.out = out
        self._out = str(out)
        self._prefix = os.path.join(self._out, "")
        self._present = present
        #: The files kept as they are in ``out``.
        self.kept: set[str] = set()
        self._marked = False

    def link(self, relative: str, source: str | Path) -> None:
        in_place = self._prefix + relative
        if source != in_place and os.fspath(source) != in_place:
            super().link(relative, source)
            return
        if relative not in self._present if self._present is not None \
                else not os.path.isfile(in_place):
            raise FileNotFoundError(in_place)
        if relative.startswith("/") or ".." in relative.split("/"):
            raise PublishError(f"refusing to keep {relative!r} outside the release")
        self.written.add(relative)
        self.kept.add(relative)

    def read(self, relative: str) -> bytes:
        root = self._out if relative in self.kept else str(self.root)
        return Path(root, relative).read_bytes()

    def write(self, relative: str, content: bytes | str) -> Path:
        self.kept.discard(relative)
        return super().write(relative, content)

    def path(self, relative: str) -> Path:
        self.kept.discard(relative)
        return super().path(relative)

    def commit(self) -> None:
        """Move every file staged since the last commit into ``out``, each by one rename
        (the marker first replaced, the first time: see the module's docstring)."""
        if not self._marked:
            self.out.mkdir(parents=True, exist_ok=True)
            marker = self.out / MARKER
            fresh = marker.with_name(MARKER + ".new")
            fresh.write_bytes(b"")
            os.replace(fresh, marker)
            self._marked = True
        made: set[str] = set()
        for directory, _dirs, files in os.walk(self.root):
            relative_dir = os.path.relpath(directory, self.root)
            for name in files:
                relative = name if relative_dir == "." else f"{relative_dir}/{name}"
                target = os.path.join(self._out, relative)
                parent = os.path.dirname(target)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                os.replace(os.path.join(directory, name), target)
        self.linked.clear()

    def remove_others(self, previous: set[str] | None) -> set[str]:
        """Remove from ``out`` the files of ``previous`` (or, if None, of ``out`` as it is)
        that this release does not have; the release's files."""
        have = self.written | {MARKER}
        if previous is None:
            previous = set()
            for directory, _dirs, files in os.walk(self.out):
                relative_dir = os.path.relpath(directory, self.out)
                previous.update(name if relative_dir == "." else f"{relative_dir}/{name}"
                                for name in files)
        for relative in sorted(previous - have):
            target = Path(self._out, relative)
            target.unlink(missing_ok=True)
            parent = target.parent
            while parent != self.out:
                try:
                    parent.rmdir()   # only if empty
                except OSError:
                    break
                parent = parent.parent
        return have


@contextmanager
def release_writer(out: Path, session: Session | None) -> Iterator[StagedRelease]:
    """The release to write ``out`` with: written over it in place with a ``session``
    (:class:`OverlayRelease`; not through a symbolic link), else staged and swapped in
    whole (:func:`~spiralld.release.staging.staged_release`). The caller holds the
    release's lock."""
    out = out.absolute()
    if session is None or out.is_symlink():
        with staged_release(out) as staged:
            yield staged
        return
    staging = new_staging(out)
    files, session.files = session.files, None   # unknown until this build is in place
    try:
        release = OverlayRelease(staging, out, files)
        yield release
        release.commit()
        session.files = release.remove_others(files)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def pages_in_place(release: StagedRelease, session: Session | None, report: Report) -> None:
    """Move the pages and documents written so far into the served release and say so
    (:attr:`Session.pages_ready`), when ``release`` is written in place."""
    if session is None or not isinstance(release, OverlayRelease):
        return
    release.commit()
    if session.pages_ready is not None:
        with contextlib.suppress(OSError):   # the listener gone is not the build's failure
            session.pages_ready(report)


def empty_store(out: Path) -> bool:
    """Put an empty query store beside the release ``out`` if it has none (True if it
    did), so that a server can open one before the first build has written its own (the
    build replaces it, as it replaces any store it did not make)."""
    if store_path(out).is_dir():
        return False
    with release_lock(out), staged_release(store_path(out)) as stage:
        store = pyoxigraph.Store(str(stage.path(STORE)))
        store.flush()
        del store
    return True
