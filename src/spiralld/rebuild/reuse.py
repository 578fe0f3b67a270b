"""Reusing the last build: a rebuild redoes only what an edit touched.

Each data document and HTML page is a *unit*: the files it writes and the notes of what it
read (:mod:`spiralld.rebuild.reads`). After a build, its units' notes, each graph's triples, each
profile file's stamp and each validation unit's key (with the documents of its context)
are kept in the data project's cache, tied to the release and the query store just
swapped in (by their marker files' inode and mtime) and to the *world*: everything a unit
reads without a note (the code, the templates, the settings, the profiles' slugs, types
and other names, the shared entities and stubs, the set of documents).

The next build compares its graphs with the kept ones: the documents of the triples added
or removed (as subjects, and as objects: the links into them), and the profile files
changed, are *touched*. Then:

- the query store is the previous one (its table files hard-linked) with the changed
  graphs replaced;
- a validation unit whose graph and context documents were not touched keeps its key, so
  its verdict comes from the cache without reading it again;
- in the same world, a unit whose notes name nothing touched is carried over by a hard
  link to the previous release's file; the others are made again;
- the dataset files copy the pieces of the previous release's that hold the same bytes:
  the compressed dumps (:mod:`spiralld.release.gzip_pieces`) whatever the world, the root files
  (dataset.ttl, dataset.jsonld: :func:`spiralld.release.export.write_root`) in the same world.

A previous release or store that is not the one recorded makes everything again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pyoxigraph

from ..mapping import Dataset
from ..reading.corpus import Corpus
from ..release.gzip_pieces import COMPRESSOR, Piece, PreviousPieces
from ..release.staging import MARKER, StagedRelease
from ..validate.units import UnitKeys
from .cache_files import Damaged, Spelling, check_types, digest, file_digest, read_json, seal
from .reads import EVERYTHING, FILE, LINKS, root_of

FORMAT = 4
#: The kind of file the record is (see :mod:`spiralld.rebuild.cache_files`).
KIND = "release-record"
RECORD = "record.json"
UNITS = "units.txt"
STARTS = "starts.bin"
NOTES = "notes.bin"
GRAPHS = "graphs.bin"
#: The store's directory inside the release's store directory.
STORE = "oxigraph"
#: The packages whose output the release holds, besides spiralld's own files.
WRITERS = ("pyoxigraph", "jinja2")


def record_dir(cache_dir: Path, out_dir: Path) -> Path:
    """Where the record of the release at ``out_dir`` is kept (the same whichever way the
    directory is named: its parent is resolved, not the release itself, which may be a
    symbolic link re-pointed by every build)."""
    out_dir = out_dir.absolute()
    where = os.path.join(os.path.realpath(out_dir.parent), out_dir.name)
    digest = hashlib.sha256(where.encode()).hexdigest()[:16]
    return cache_dir / "releases" / digest


def world_key(corpus: Corpus, documents: Iterable[str], data_dir: Path,
              trusted_templates: bool = False) -> str:
    """A digest of everything a unit reads without noting it (the data project's templates
    and whether they render sandboxed among it). Files are named by their path from
    ``data_dir``, so naming the directory another way keeps the world."""
    digest = hashlib.sha256()
    spelling = Spelling(data_dir)

    def keyed(entity: Any) -> Any:
        return dataclasses.replace(entity, path=spelling.key(entity.path))

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else repr(part).encode())
            digest.update(b"\0")

    feed(FORMAT, sys.version, *(metadata.version(name) for name in WRITERS))
    for folder in (Path(__file__).parents[1], data_dir / "templates"):   # all of spiralld
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                feed(str(path.relative_to(folder)), path.read_bytes())
    feed(corpus.config, trusted_templates)
    feed(*((p.slug, p.type, p.alternate_names) for p in corpus.profiles))
    feed(*map(keyed, corpus.entities.values()))
    feed(*map(keyed, corpus.superseded.values()))
    feed(*((s.slug, s.name, s.type) for s in corpus.stubs.values()))
    feed(corpus.proposal_key())   # what raw pages' proposed claims depend on
    feed(*documents)
    return digest.hexdigest()


def _marker_stamp(directory: Path) -> list[int]:
    status = (directory / MARKER).stat()
    return [status.st_dev, status.st_ino, status.st_mtime_ns]


class Reuse:
    """What this build may reuse of the last one into ``out_dir``, and the record of what
    it makes (saved by :meth:`save` once the release and its store are swapped in).

    :meth:`open` finds what changed since the last build: the graphs, and the documents
    and profile files *touched*. The query store and the validation units use that
    whatever the world; :meth:`carry` (files of the release) only in the same world.
    """

    def __init__(self, cache_dir: Path, out_dir: Path, store_dir: Path,
                 inputs: dict[str, str] | None = None,
                 spelling: Spelling | None = None) -> None:
        self.directory = record_dir(cache_dir, out_dir)
        #: How files are keyed (``inputs`` is keyed so): a unit's ``FILE`` notes are too.
        self.spelling = spelling or Spelling("")
        #: The content key of each profile file (what a unit's ``FILE`` note names): a
        #: file whose key is not the recorded one is touched, whatever its stamp says.
        self.inputs = inputs or {}
        self.out_dir = out_dir
        self.store_dir = store_dir
        self.world = ""
        #: Documents and inputs changed since the previous release (when it can be used).
        self.touched: set[str] = set()
        #: The graphs added, removed or changed since (when it can be used).
        self.changed_graphs: set[str] = set()
        #: One line for each part of the cache found damaged and not used.
        self.warnings: list[str] = []
        self.usable = False          # what changed is known
        self.same_world = False      # and the release's files may be carried over
        self._record: dict[str, Any] = {}
        self._old_notes = array("I")
        self._old_starts = array("Q")
        self._old_lines: list[str] = []
        self._notes: list[str] = []      # the note table, old ids kept
        self._ids: dict[str, int] = {}
        # The units of this build, compactly (at 100k profiles there are 660,000): a line
        # each (name and files, tab-separated) and their notes' numbers, one array.
        self._lines: list[str] = []
        self._flat = array("I")
        self._starts = array("Q", [0])
        self.carried = 0
        self.made = 0
        self._pieces: dict[str, Any] = {}
        #: Pieces of the dataset files, and how many were copied from the previous release.
        self.pieces = 0
        self.pieces_copied = 0

    # --- opening the previous record -------------------------------------------------------

    def open(self, dataset: Dataset, corpus: Corpus) -> None:
        """Read the previous record and find what changed since (nothing usable: no reuse).
        A record that fails a check is discarded, with a warning."""
        try:
            record = self._read_record()
            if record is None or record["release"] != _marker_stamp(self.out_dir):
                return
            self._notes = list(record["notes"])
            if not all(isinstance(note, str) for note in self._notes):
                raise Damaged(self.directory / RECORD, "has a note that is not a string")
            self._ids = {note: number for number, note in enumerate(self._notes)}
            self._old_notes = array("I")
            self._old_notes.frombytes(self._checked(record, NOTES))
            if self._old_notes and max(self._old_notes) >= len(self._notes):
                raise Damaged(self.directory / NOTES, "names a note the record does not hold")
            self._checked(record, GRAPHS, whole=False)
            self.touched = self._touched(record, dataset)
        except Damaged as damaged:
            self._discard(damaged, "everything made again")
            return
        except OSError:   # the previous release is gone: nothing to reuse
            self._discard(None)
            return
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, SyntaxError,
                zlib.error) as error:
            damaged = Damaged(self.directory / RECORD,
                              f"could not be used ({type(error).__name__}: {error})")
            self._discard(damaged, "everything made again")
            return
        self._record = record
        self.usable = True

    def _read_record(self) -> dict[str, Any] | None:
        """The record of the previous build, checked (None: there is none)."""
        path = self.directory / RECORD
        try:
            record: dict[str, Any] = read_json(path, KIND, FORMAT, dict)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise Damaged(path, f"cannot be read ({error.strerror})") from error
        check_types(record, path, ("world", str), ("release", list), ("store", list),
                    ("inputs", dict), ("graphs", list), ("notes", list),
                    ("validation", dict), ("pieces", dict), ("files", dict))
        return record

    def _checked(self, record: dict[str, Any], name: str, whole: bool = True) -> bytes:
        """The bytes of the record's file ``name`` (none unless ``whole``: a file read in
        part later), if they are those recorded; else :class:`Damaged`."""
        path = self.directory / name
        try:
            data = path.read_bytes() if whole else b""
            checksum = digest(data) if whole else file_digest(path)
        except OSError as error:
            raise Damaged(path, f"cannot be read ({error.strerror})") from error
        if checksum != record["files"].get(name):
            raise Damaged(path)
        return data

    def _discard(self, damaged: Damaged | None, consequence: str = "") -> None:
        """Forget the previous record (and warn, if it was ``damaged``)."""
        self.touched, self.changed_graphs = set(), set()
        self._notes, self._ids, self._old_notes = [], {}, array("I")
        if damaged is not None:
            self.warnings.append(damaged.warning(consequence))

    def _touched(self, record: dict[str, Any], dataset: Dataset) -> set[str]:
        inputs, old_inputs = self.inputs, record["inputs"]
        touched = {FILE + path for path, key in inputs.items() if old_inputs.get(path) != key}
        touched.update(FILE + path for path in old_inputs if path not in inputs)
        old_graphs = {name: (offset, length, key) for name, offset, length, key in record["graphs"]}
        changed: set[bytes] = set()
        with (self.directory / GRAPHS).open("rb") as kept:
            for name in old_graphs.keys() | dataset.graphs.keys():
                graph = dataset.graphs.get(name)
                old = old_graphs.get(name)
                if graph is not None and old is not None and graph.digest() == old[2]:
                    continue
                self.changed_graphs.add(name)
                before: set[bytes] = set()
                if old is not None:
                    kept.seek(old[0])
                    before = set(_lines(zlib.decompress(kept.read(old[1]))))
                after = set(_lines(graph.ntriples())) if graph is not None else set()
                changed |= before ^ after
        for quad in pyoxigraph.parse(b"".join(sorted(changed)),
                                     format=pyoxigraph.RdfFormat.N_TRIPLES):
            touched.add(root_of(quad.subject.value))
            if isinstance(quad.object, pyoxigraph.NamedNode):
                touched.add(LINKS + root_of(quad.object.value))
        return touched

    def set_world(self, world: str) -> None:
        """The world of this build: the release's files are carried over only in the same."""
        self.world = world
        self.same_world = self.usable and self._record.get("world") == world

    def previous_store(self) -> Path | None:
        """The store of the previous release, if it is the one recorded."""
        try:
            if self.usable and self._record["store"] == _marker_stamp(self.store_dir):
                return self.store_dir / STORE
        except (OSError, KeyError):
            pass
        return None

    def previous_pieces(self) -> PreviousPieces | None:
        """The pieces of the previous release's compressed dumps, if it is the one recorded
        and they were compressed as this build would compress them."""
        kept = self._record.get("pieces") if self.usable else None
        if not kept or kept.get("compressor") != COMPRESSOR:
            return None
        return PreviousPieces(self.out_dir, self._present(kept.get("files")))

    def previous_roots(self) -> dict[str, PreviousPieces]:
        """The pieces of the previous release's root files (dataset.ttl, ...) by file name,
        in the same world only (the code that serialized them is part of it)."""
        kept = self._record.get("pieces") if self.same_world else None
        if not kept:
            return {}
        return {path: PreviousPieces(self.out_dir, {path: rows})
                for path, rows in self._present(kept.get("roots")).items()}

    def _present(self, files: Any) -> dict[str, Any]:
        """The pieces of the recorded files (``{path: {"size":, "pieces":}}``) still in the
        previous release at the size recorded."""
        try:
            return {path: entry["pieces"] for path, entry in files.items()
                    if _inside(path) and
                    _size(os.path.join(self.out_dir, path)) == entry["size"]}
        except (AttributeError, KeyError, TypeError):
            return {}

    def keep_pieces(self, compressed: Iterable[tuple[str, int, Sequence[Piece]]],
                    roots: Iterable[tuple[str, int, Sequence[Piece]]] = (),
                    copied: int = 0) -> None:
        """Record the pieces of this build's compressed dumps and root files: (path, size,
        pieces) of each file; ``copied``: how many of them came from the previous release."""
        def table(files: Iterable[tuple[str, int, Sequence[Piece]]]) -> dict[str, Any]:
            return {path: {"size": size, "pieces": [piece.as_row() for piece in pieces]}
                    for path, size, pieces in files}

        self._pieces = {"compressor": COMPRESSOR, "files": table(compressed),
                        "roots": table(roots)}
        self.pieces = sum(len(entry["pieces"]) for kind in ("files", "roots")
                          for entry in self._pieces[kind].values())
        self.pieces_copied = copied

    def unchanged_units(self) -> UnitKeys | None:
        """The validation units of the last build whose graph and documents no edit
        touched, with their keys."""
        if not self.usable:
            return None
        try:
            salt = self._record["validation"]["salt"]
            table, notes, touched = self._notes, self._old_notes, self.touched
            units = {}
            for name, key, start, end in self._record["validation"]["units"]:
                if root_of(name) in self.changed_graphs:
                    continue
                documents = tuple(table[number] for number in notes[start:end])
                if touched.isdisjoint(documents):
                    units[name] = (key, documents)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        return UnitKeys(salt, units)

    # --- units -----------------------------------------------------------------------------

    def carry(self, unit: str, release: StagedRelease) -> list[str] | None:
        """Hard-link ``unit``'s files from the previous release into ``release`` if nothing
        it read was touched; its files if so, else None."""
        if not self.same_world:
            return None
        index = self._old_units.get(unit)
        if index is None:   # a new unit, or (same_world now False) damaged files
            return None
        line = self._old_lines[index]
        paths = line.split("\t")[1:]
        notes = self._old_notes[self._old_starts[index]:self._old_starts[index + 1]]
        if any(map(self._hits.__getitem__, notes)):
            return None
        try:
            out = self._out_prefix
            for path in paths:
                release.link(path, out + path)
        except FileNotFoundError:   # gone from the previous release: made again
            return None
        self._keep(line, notes)
        self.carried += 1
        return paths

    @functools.cached_property
    def _old_units(self) -> dict[str, int]:
        """The previous build's units: the number of each's line (read at the first
        :meth:`carry`; none, with a warning, if their files fail a check)."""
        try:
            lines = self._checked(self._record, UNITS).decode("utf-8").splitlines()
            starts = array("Q")
            starts.frombytes(self._checked(self._record, STARTS))
            if (len(starts) != len(lines) + 1 or starts[0] != 0
                    or any(a > b for a, b in zip(starts, starts[1:], strict=False))
                    or starts[-1] > len(self._old_notes)):
                raise Damaged(self.directory / STARTS, "does not fit the units and notes")
        except Damaged as damaged:
            self.warnings.append(damaged.warning("every page and data document made again"))
            self.same_world = False
            return {}
        except ValueError as error:   # UnicodeDecodeError
            damaged = Damaged(self.directory / UNITS,
                              f"could not be used ({type(error).__name__}: {error})")
            self.warnings.append(damaged.warning("every page and data document made again"))
            self.same_world = False
            return {}
        self._old_lines, self._old_starts = lines, starts
        return {line.partition("\t")[0]: index for index, line in enumerate(lines)}

    def _keep(self, line: str, numbers: array[int]) -> None:
        self._lines.append(line)
        self._flat.extend(numbers)
        self._starts.append(len(self._flat))

    def _numbers(self, notes: Iterable[str]) -> array[int]:
        ids = self._ids
        numbers = array("I")
        key = self.spelling.key
        for note in notes:
            if note.startswith(FILE):
                note = FILE + key(note[len(FILE):])
            number = ids.get(note)
            if number is None:
                number = ids[note] = len(self._notes)
                self._notes.append(note)
            numbers.append(number)
        return numbers

    def record(self, unit: str, paths: Sequence[str], read: Iterable[str]) -> None:
        """Record a unit this build made, with the documents and inputs it read (see
        :func:`~spiralld.rebuild.reads.documents_read`)."""
        self._keep("\t".join((unit, *paths)), self._numbers(read))
        self.made += 1

    def touch(self, key: str) -> None:
        """Mark ``key`` touched by this build (a data document made again, say)."""
        self.touched.add(key)
        number = self._ids.get(key)
        if number is not None and "_hits" in self.__dict__ and number < len(self._hits):
            self._hits[number] = 1

    @functools.cached_property
    def _out_prefix(self) -> str:
        """The previous release's path, ready for a relative path to follow."""
        return os.path.join(self.out_dir, "")

    @functools.cached_property
    def _hits(self) -> bytearray:
        """For each note of the previous record, 1 if a unit that read it must be made
        again (it is touched, or it is :data:`EVERYTHING`); kept up to date by :meth:`touch`."""
        touched = self.touched
        return bytearray(note in touched or note == EVERYTHING for note in self._notes)

    # --- saving ----------------------------------------------------------------------------

    def save(self, dataset: Dataset, corpus: Corpus, unit_keys: UnitKeys | None) -> None:
        """Keep this build's record, tied to the release now at ``out_dir`` and its store,
        each file's checksum in the record, the record sealed
        (:mod:`spiralld.rebuild.cache_files`)."""
        staging = self.directory.with_name(self.directory.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        flat = self._flat
        with (staging / UNITS).open("w", encoding="utf-8") as units:
            units.writelines(line + "\n" for line in self._lines)
        files = {UNITS: file_digest(staging / UNITS)}

        def write(name: str, data: bytes) -> None:
            (staging / name).write_bytes(data)
            files[name] = digest(data)

        write(STARTS, self._starts.tobytes())
        validation: dict[str, Any] = {"salt": unit_keys.salt if unit_keys else "", "units": []}
        for name, (key, documents) in sorted((unit_keys.units if unit_keys else {}).items()):
            numbers = self._numbers(documents)
            validation["units"].append([name, key, len(flat), len(flat) + len(numbers)])
            flat.extend(numbers)
        graphs = []
        with (staging / GRAPHS).open("wb") as out:
            for name in sorted(dataset.graphs):
                data = dataset.graphs[name].compressed
                graphs.append([name, out.tell(), len(data), dataset.graphs[name].digest()])
                out.write(data)
        files[GRAPHS] = file_digest(staging / GRAPHS)
        write(NOTES, flat.tobytes())
        record = {"world": self.world, "release": _marker_stamp(self.out_dir),
                  "store": _marker_stamp(self.store_dir), "inputs": dict(sorted(
                      self.inputs.items())),
                  "graphs": graphs, "notes": self._notes, "validation": validation,
                  "pieces": self._pieces, "files": files}
        (staging / RECORD).write_bytes(seal(json.dumps(record).encode(), KIND, FORMAT))
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        staging.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)


def _inside(path: str) -> bool:
    """Whether ``path`` is a relative path that stays inside the release."""
    return not os.path.isabs(path) and ".." not in path.split("/")


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)
