"""Each profile file's parse and mapping, kept from the last build by the file's content.

A rebuild parses only the files whose bytes changed, and maps again only those and the
profiles whose answers from the rest of the corpus changed. With each file's mapped graph
the cache keeps every answer its mapping got from other files, in order (the slug a
reference resolved to, a name, the node a source is cited as: :data:`~spiralld.corpus.Answer`);
a rebuild asks the questions again, in the same order, and takes the graph only if each
answer is the same. Asking again also mints the same stubs as mapping would.

What the answers do not cover is in the *world*, which must be the same for any graph to be
taken: the settings and the shared entities (data/entities). The code's version and the
Python and pyoxigraph versions make the *salt*: with another salt nothing is read.

One file, ``CACHE_DIR/profiles.pack``, written aside and swapped in once the mapping ends:
each file's entry (its summary, :func:`~spiralld.corpus.summary`, then its graph) and, at
the end, the index. Nothing in it is pickled: entries are JSON and byte strings, and a
class is rebuilt only if it is one of :data:`CLASSES`, so a pack from elsewhere can at worst
give wrong data, never run code. An unreadable pack is no pack.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import os
import struct
import sys
import tempfile
import zlib
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import NamedNode

from .corpus import Answer, Corpus, summary
from .dates import PartialDate
from .importer import default_modified
from .mapping.graph import Dataset, FrozenGraph
from .mapping.sources import SourceIndex
from .pages import Block, Page, Section
from .profiles import Profile, Source

FORMAT = 1
PACK = "profiles.pack"
MAGIC = b"spiralld profiles\n"
#: The classes an entry may hold (a summary, the sources of its citations).
CLASSES = {cls.__name__: cls for cls in (Profile, Page, Section, Block, PartialDate, Source)}

_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES.values()}
#: An entry in the index: (content digest, the date of the file's mtime (what dates a
#: profile that gives no dateModified), offset and size of the summary, offset and size of
#: the graph).
Entry = tuple[str, str, int, int, int, int]


@functools.cache
def salt() -> str:
    """A digest of the code and of the versions of what parses and serializes."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {sys.byteorder} "
                            f"{metadata.version('pyoxigraph')}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ProfileCache:
    """The last build's parses and graphs (when ``read``), and this build's, written aside
    by :meth:`parsed`, :meth:`replay` and :meth:`mapped`, swapped in by :meth:`save`."""

    def __init__(self, directory: Path, read: bool = True) -> None:
        self.path = directory / PACK
        self.reparsed = self.remapped = 0
        self._old: BinaryIO | None = None
        self._index: dict[str, Entry] = {}
        self._world = ""
        if read:
            self._open_previous()
        #: This build's files: content digest and date of each, and its summary's bytes.
        self._files: dict[str, tuple[str, str]] = {}
        self._summaries: dict[str, bytes] = {}
        self._new: BinaryIO | None = None
        self._new_index: dict[str, Entry] = {}

    def __enter__(self) -> ProfileCache:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()

    # --- reading the previous pack --------------------------------------------------------

    def _open_previous(self) -> None:
        try:
            old = self.path.open("rb")
        except OSError:
            return
        try:
            if old.read(len(MAGIC)) != MAGIC:
                raise ValueError("not a profile cache")
            old.seek(-8, os.SEEK_END)
            (start,) = struct.unpack(">Q", old.read(8))
            old.seek(start)
            index = json.loads(zlib.decompress(old.read()[:-8]))
            if index["format"] != FORMAT or index["salt"] != salt():
                raise ValueError("made by other code")
            self._index = {path: tuple(entry) for path, entry in index["files"].items()}
            self._world = index["world"]
            self._old = old
        except (OSError, ValueError, KeyError, TypeError, zlib.error, struct.error):
            old.close()
            self._index = {}

    def _read(self, offset: int, size: int) -> bytes:
        assert self._old is not None
        return os.pread(self._old.fileno(), size, offset)

    # --- the load stage -------------------------------------------------------------------

    def parsed(self, path: Path) -> Profile | None:
        """The summary of the profile in ``path`` if the file is as the last build read it
        (else None: parse it). Notes the file's digest for this build's entry."""
        key = str(path)
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        date = default_modified(path).lexical
        self._files[key] = (digest, date)
        entry = self._index.get(key)
        profile = None
        if entry is not None and entry[:2] == (digest, date):
            try:
                data = self._read(entry[2], entry[3])
                profile = json.loads(zlib.decompress(data), object_hook=_decode)
            except (OSError, ValueError, KeyError, TypeError, zlib.error):
                profile = None
        if not isinstance(profile, Profile):
            self.reparsed += 1
            return None
        self._summaries[key] = data
        return profile

    # --- the map stage --------------------------------------------------------------------

    def replay(self, profile: Profile, corpus: Corpus, sources: SourceIndex,
               dataset: Dataset, world: str) -> bool:
        """Add the profile's graph from the last build to ``dataset`` if its file, the
        world and each answer its mapping got are the same (asked again, in order, on
        ``corpus``); the sources it cites go to ``sources``. False: map it."""
        key = profile.path
        entry = self._index.get(key)
        if (entry is None or world != self._world or key not in self._summaries
                or entry[:2] != self._files.get(key)):
            return False
        try:
            body = self._read(entry[4], entry[5])
            answers, graph, keys, lines = _graph(dataset.iris.page(profile.slug), body)
        except (OSError, ValueError, KeyError, TypeError, zlib.error, struct.error):
            return False
        cited: list[tuple[str, Source]] = []
        for question, arguments, answer in answers:
            if question == "cite":
                cited.append((arguments[0], answer))
                continue
            try:
                given = corpus.ask(question, arguments)
            except KeyError:
                return False
            if given != answer:
                return False
        for node, source in cited:
            sources.cite(node, profile, source)
        dataset.add_frozen(graph, keys, lines)
        self._write(key, self._summaries.pop(key), body)
        return True

    def mapped(self, profile: Profile, answers: list[Answer], graph: FrozenGraph,
               keys: list[bytes]) -> None:
        """Keep a profile just mapped (with every detail), its answers, its graph and the
        merge keys of its triples."""
        key = profile.path
        head = self._summaries.pop(key, None)
        if head is None:
            head = zlib.compress(json.dumps(_encode(summary(profile))).encode(), 1)
        self.remapped += 1
        self._write(key, head, _graph_bytes(answers, graph, keys))

    def _write(self, key: str, head: bytes, body: bytes) -> None:
        if key not in self._files:   # not read through parsed(): nothing to key it by
            return
        if self._new is None:
            descriptor, name = tempfile.mkstemp(prefix=f".{PACK}.", suffix=".tmp",
                                                dir=self._directory())
            self._new = os.fdopen(descriptor, "wb")
            self._new_name = Path(name)
            self._new.write(MAGIC)
        offset = self._new.tell()
        self._new.write(head)
        self._new.write(body)
        digest, date = self._files[key]
        self._new_index[key] = (digest, date, offset, len(head), offset + len(head), len(body))

    def _directory(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.parent

    # --- the end --------------------------------------------------------------------------

    def save(self, world: str) -> None:
        """Swap in this build's pack (made in ``world``)."""
        if self._new is None:
            return
        start = self._new.tell()
        index = {"format": FORMAT, "salt": salt(), "world": world,
                 "files": dict(sorted(self._new_index.items()))}
        self._new.write(zlib.compress(json.dumps(index).encode(), 1))
        self._new.write(struct.pack(">Q", start))
        self._new.close()
        self._new = None
        os.replace(self._new_name, self.path)

    def close(self) -> None:
        """Let go of the previous pack, and of this build's unless saved."""
        if self._old is not None:
            self._old.close()
            self._old = None
        if self._new is not None:
            self._new.close()
            self._new = None
            self._new_name.unlink(missing_ok=True)


def _graph_bytes(answers: list[Answer], graph: FrozenGraph, keys: list[bytes]) -> bytes:
    """A mapped graph as stored: the sizes of the parts, then the answers (JSON), the
    lengths of the merge keys, the keys, and the frozen graph."""
    # the sources cited as a table, each once: a profile cites each several times
    numbers: dict[int, int] = {}
    table: list[Any] = []
    rows: list[list[Any]] = []
    for question, arguments, answer in answers:
        if question == "cite":
            number = numbers.get(id(answer))
            if number is None:
                number = numbers[id(answer)] = len(table)
                table.append(_encode(answer))
            answer = number
        rows.append([question, arguments, answer])
    header = {"answers": rows, "sources": table}
    parts = [zlib.compress(json.dumps(header).encode(), 1),
             array("I", map(len, keys)).tobytes(), zlib.compress(b"".join(keys), 1),
             graph.state()]
    return struct.pack(">4I", *map(len, parts)) + b"".join(parts)


def _graph(name: NamedNode, body: bytes
           ) -> tuple[list[Answer], FrozenGraph, list[bytes], list[bytes]]:
    """The answers, the frozen graph, the merge keys and the lines of a stored graph."""
    sizes = struct.unpack_from(">4I", body)
    answers, lengths, joined, state = (
        body[start:end] for start, end in
        itertools.pairwise(itertools.accumulate(sizes, initial=16)))
    graph = FrozenGraph.from_state(name, state)
    joined = zlib.decompress(joined)
    keys, offset = [], 0
    for length in array("I", lengths):
        keys.append(joined[offset:offset + length])
        offset += length
    lines = graph.ntriples().splitlines(keepends=True)
    if offset != len(joined) or len(keys) != len(lines):
        raise ValueError("a damaged entry")
    header = json.loads(zlib.decompress(answers), object_hook=_decode)
    sources = header["sources"]
    return ([(q, tuple(a), sources[answer] if q == "cite" else answer)
             for q, a, answer in header["answers"]], graph, keys, lines)


def _encode(value: Any) -> Any:
    """``value`` as JSON: a dataclass as ``{"$": class, field: ...}``, a tuple as
    ``{"()": [...]}``, a dict as ``{"{}": {...}}`` (read back by :func:`_decode`)."""
    if type(value) in _FIELDS:
        encoded = {"$": type(value).__name__}
        for name in _FIELDS[type(value)]:
            item = getattr(value, name)
            encoded[name] = item if item is None or type(item) in (str, int) else _encode(item)
        return encoded
    if isinstance(value, tuple):
        return {"()": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"{}": {key: _encode(item) for key, item in value.items()}}
    return value


def _decode(value: dict[str, Any]) -> Any:
    """The object hook reading :func:`_encode`'s JSON (a class not in :data:`CLASSES` is an
    error)."""
    if "$" in value:
        return CLASSES[value.pop("$")](**value)
    if "()" in value:
        return tuple(value["()"])
    if "{}" in value:
        return value["{}"]
    return value
