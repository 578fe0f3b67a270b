"""Carrying files over from the previous release: a rebuild redoes only what an edit touched.

Each data document and HTML page is a *unit*: the files it writes and the notes of what it
read (:mod:`spiralld.reads`). After a build, its units' notes, each graph's triples and
each profile file's stamp are kept in the data project's cache, tied to the release just
swapped in (by its marker file's inode and mtime) and to the *world*: everything a unit
reads without a note (the code, the templates, the settings, the corpus's names and
slugs, the set of documents).

The next build with the same world compares its graphs with the kept ones: the documents
of the triples added or removed, and the profile files changed, are *touched*. A unit
whose notes name none of them is carried over by a hard link to the previous release's
file; the others are made again. A change of world, or a previous release that is not the
one recorded, makes every unit again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath

import pyoxigraph

from .corpus import Corpus
from .mapping import Dataset
from .reads import EVERYTHING, FILE, root_of
from .release import MARKER, StagedRelease

FORMAT = 1
RECORD = "record.json"
NOTES = "notes.bin"
GRAPHS = "graphs.bin"
#: The packages whose output the release holds, besides spiralld's own files.
WRITERS = ("pyoxigraph", "jinja2")


def record_dir(cache_dir: Path, out_dir: Path) -> Path:
    """Where the record of the release at ``out_dir`` is kept."""
    digest = hashlib.sha256(str(out_dir.absolute()).encode()).hexdigest()[:16]
    return cache_dir / "releases" / digest


def world_key(corpus: Corpus, documents: Iterable[str], data_dir: Path) -> str:
    """A digest of everything a unit reads without noting it."""
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else repr(part).encode())
            digest.update(b"\0")

    feed(FORMAT, sys.version, *(metadata.version(name) for name in WRITERS))
    for folder in (Path(__file__).parent, data_dir / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                feed(str(path.relative_to(folder)), path.read_bytes())
    feed(corpus.config)
    feed(*((p.slug, p.type, p.alternate_names) for p in corpus.profiles))
    feed(*corpus.entities.values())
    feed(*((s.slug, s.name, s.type) for s in corpus.stubs.values()))
    feed(*documents)
    return digest.hexdigest()


def _marker_stamp(out_dir: Path) -> list[int]:
    status = (out_dir / MARKER).stat()
    return [status.st_dev, status.st_ino, status.st_mtime_ns]


class Reuse:
    """What this build may carry over from the release at ``out_dir``, and the record of
    what it writes (saved by :meth:`save` once the release is swapped in)."""

    def __init__(self, cache_dir: Path, out_dir: Path, world: str) -> None:
        self.directory = record_dir(cache_dir, out_dir)
        self.out_dir = out_dir
        self.world = world
        #: Documents and inputs changed since the previous release (when it can be used).
        self.touched: set[str] = set()
        self.usable = False
        self._old_units: dict[str, tuple[list[str], int, int]] = {}
        self._old_notes = array("I")
        self._notes: list[str] = []      # the note table, old ids kept
        self._ids: dict[str, int] = {}
        self._units: dict[str, tuple[list[str], array[int]]] = {}
        self.carried = 0
        self.made = 0

    # --- opening the previous record -------------------------------------------------------

    def open(self, dataset: Dataset, corpus: Corpus) -> None:
        """Read the previous record and find what changed since (nothing usable: no reuse)."""
        try:
            record = json.loads((self.directory / RECORD).read_text(encoding="utf-8"))
            if record.get("format") != FORMAT:
                return
            self._notes = list(record["notes"])
            self._ids = {note: number for number, note in enumerate(self._notes)}
            if record["world"] != self.world or \
                    record["release"] != _marker_stamp(self.out_dir):
                return
            self._old_notes = array("I")
            self._old_notes.frombytes((self.directory / NOTES).read_bytes())
            self._old_units = {unit: (paths, start, end)
                               for unit, paths, start, end in record["units"]}
            self.touched = self._touched(record, dataset, corpus)
        except (OSError, ValueError, KeyError, TypeError):
            self._old_units = {}
            return
        self.usable = True

    def _touched(self, record: dict, dataset: Dataset, corpus: Corpus) -> set[str]:
        touched = {FILE + path for path, stamp in corpus.stamps.items()
                   if record["stamps"].get(path) != list(stamp)}
        touched.update(FILE + path for path in record["stamps"] if path not in corpus.stamps)
        old_graphs = {name: (offset, length, digest)
                      for name, offset, length, digest in record["graphs"]}
        changed: set[bytes] = set()
        with (self.directory / GRAPHS).open("rb") as kept:
            for name in old_graphs.keys() | dataset.graphs.keys():
                graph = dataset.graphs.get(name)
                old = old_graphs.get(name)
                if graph is not None and old is not None and graph.digest() == old[2]:
                    continue
                before: set[bytes] = set()
                if old is not None:
                    kept.seek(old[0])
                    before = set(_lines(zlib.decompress(kept.read(old[1]))))
                after = set(_lines(graph.ntriples())) if graph is not None else set()
                changed |= before ^ after
        for quad in pyoxigraph.parse(b"".join(sorted(changed)),
                                     format=pyoxigraph.RdfFormat.N_TRIPLES):
            for term in (quad.subject, quad.object):
                if isinstance(term, pyoxigraph.NamedNode):
                    touched.add(root_of(term.value))
        return touched

    # --- units -----------------------------------------------------------------------------

    def carry(self, unit: str, release: StagedRelease) -> list[str] | None:
        """Hard-link ``unit``'s files from the previous release into ``release`` if nothing
        it read was touched; its files if so, else None."""
        if not self.usable or unit not in self._old_units:
            return None
        paths, start, end = self._old_units[unit]
        notes = self._old_notes[start:end]
        table = self._notes
        if any(table[number] in self.touched or table[number] == EVERYTHING
               for number in notes):
            return None
        try:
            for path in paths:
                release.link(path, self.out_dir.joinpath(*PurePosixPath(path).parts))
        except FileNotFoundError:   # gone from the previous release: made again
            return None
        self._units[unit] = (paths, notes)
        self.carried += 1
        return paths

    def record(self, unit: str, paths: Sequence[str], read: Iterable[str]) -> None:
        """Record a unit this build made, with the documents and inputs it read (see
        :func:`~spiralld.reads.documents_read`)."""
        ids = self._ids
        numbers = array("I")
        for note in read:
            number = ids.get(note)
            if number is None:
                number = ids[note] = len(self._notes)
                self._notes.append(note)
            numbers.append(number)
        self._units[unit] = (list(paths), numbers)
        self.made += 1

    def touch(self, key: str) -> None:
        """Mark ``key`` touched by this build (a data document made again, say)."""
        self.touched.add(key)

    # --- saving ----------------------------------------------------------------------------

    def save(self, dataset: Dataset, corpus: Corpus) -> None:
        """Keep this build's record, tied to the release now at ``out_dir``."""
        staging = self.directory.with_name(self.directory.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        units, flat = [], array("I")
        for unit in sorted(self._units):
            paths, numbers = self._units[unit]
            units.append([unit, paths, len(flat), len(flat) + len(numbers)])
            flat.extend(numbers)
        graphs = []
        with (staging / GRAPHS).open("wb") as out:
            for name in sorted(dataset.graphs):
                data = dataset.graphs[name].compressed
                graphs.append([name, out.tell(), len(data), dataset.graphs[name].digest()])
                out.write(data)
        (staging / NOTES).write_bytes(flat.tobytes())
        record = {"format": FORMAT, "world": self.world,
                  "release": _marker_stamp(self.out_dir),
                  "stamps": {path: list(stamp) for path, stamp in sorted(corpus.stamps.items())},
                  "graphs": graphs, "notes": self._notes, "units": units}
        (staging / RECORD).write_text(json.dumps(record), encoding="utf-8")
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        staging.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)
