"""Each profile file's parse and mapping, kept from the last build by the file's content.

A rebuild parses only the files whose bytes changed, and maps again only those and the
profiles whose answers from the rest of the corpus changed. With each file's mapped graph
the cache keeps every answer its mapping got from other files, in order (the slug a
reference resolved to, a name, the node a source is cited as:
:data:`~spiralld.reading.corpus.Answer`);
a rebuild asks the questions again, in the same order, and takes the graph only if each
answer is the same. Asking again also mints the same stubs as mapping would.

What the answers do not cover is in the *world*, which must be the same for any graph to be
taken: the settings and the shared entities (data/entities). The code's version and the
Python and pyoxigraph versions make the *salt*: with another salt nothing is read.

One file, ``CACHE_DIR/profiles.pack``, written aside and swapped in once the mapping ends:
each file's entry (its summary, :func:`~spiralld.reading.corpus.summary`, then its graph) and, at
the end, the index, sealed (:mod:`spiralld.rebuild.cache_files`), with the checksum of each part of
each entry, checked as it is read. Nothing in it is pickled: entries are JSON and byte
strings, and a class is rebuilt only if it is one of :data:`CLASSES`, so a pack from
elsewhere can at worst give wrong data, never run code. A pack or an entry that fails a
check is not used (the files are parsed and mapped again), and :meth:`ProfileCache.warnings`
says so in one line.
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

from ..mapping.graph import Dataset, FrozenGraph, Withouts
from ..mapping.sources import SourceIndex
from ..reading.corpus import Answer, Corpus, summary
from ..reading.dates import PartialDate
from ..reading.importer import default_modified
from ..reading.pages import Block, Page, Section
from ..reading.profiles import Profile, Source
from .cache_files import Damaged, Spelling, check_types, digest, first, seal, unseal

FORMAT = 2
PACK = "profiles.pack"
MAGIC = b"spiralld profiles 2\n"
#: The kind of the pack's index (see :mod:`spiralld.rebuild.cache_files`).
INDEX = "profile-index"
#: The classes an entry may hold (a summary, the sources of its citations).
CLASSES = {cls.__name__: cls for cls in (Profile, Page, Section, Block, PartialDate, Source)}

_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES.values()}
#: An entry in the index: (content digest, the date of the file's mtime (what dates a
#: profile that gives no dateModified), offset and size of the summary, offset and size of
#: the graph, checksums of the summary and of the graph).
Entry = tuple[str, str, int, int, int, int, str, str]
_TYPES = (str, str, int, int, int, int, str, str)


@functools.cache
def salt() -> str:
    """A digest of the code and of the versions of what parses and serializes."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {sys.byteorder} "
                            f"{metadata.version('pyoxigraph')}".encode())
    package = Path(__file__).parents[1]   # the spiralld package, every subpackage in it
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Decoded:
    """The entries a long-running process (the live preview) decoded in earlier builds, by
    the checksum of their bytes: a build of the same process that reads an entry with that
    checksum takes the decoded summary or graph instead of decoding it again. What a
    build takes is never changed by it (a graph respelt is decoded anew)."""

    def __init__(self) -> None:
        self.summaries: dict[str, Profile] = {}
        #: Each graph with the answers its mapping got; not its merge keys and lines,
        #: made again from the entry's bytes at each build (held, they would weigh some
        #: 400 bytes a triple: about 50 MiB at 1k profiles, 500 MiB at 10k).
        self.graphs: dict[str, tuple[list[Answer], FrozenGraph]] = {}
        #: Those graphs less the lines another graph states too (see Dataset.seal).
        self.withouts: Withouts = {}

    def keep_only(self, summaries: set[str], graphs: set[str]) -> None:
        """Forget the entries not among these checksums (those no build reads any more)."""
        self.summaries = {k: v for k, v in self.summaries.items() if k in summaries}
        self.graphs = {k: v for k, v in self.graphs.items() if k in graphs}
        alive = {id(graph) for _answers, graph in self.graphs.values()}
        self.withouts = {k: v for k, v in self.withouts.items() if k in alive}


class ProfileCache:
    """The last build's parses and graphs (when ``read``), and this build's, written aside
    by :meth:`parsed`, :meth:`replay` and :meth:`mapped`, swapped in by :meth:`save`."""

    def __init__(self, directory: Path, read: bool = True, root: Path | None = None,
                 decoded: Decoded | None = None) -> None:
        """The profile cache in ``directory``; the last build's pack is used if ``read``.
        Files are keyed by their path from ``root`` (the data directory), so a build that
        names the directory another way finds them
        (:class:`~spiralld.rebuild.cache_files.Spelling`). ``decoded``: the entries this
        process decoded before, updated."""
        self.path = directory / PACK
        self.decoded = decoded
        self.spelling = Spelling(root if root is not None else "")
        #: How the runs that made each entry spelt the data directory (the pack's ``root``
        #: unless the entry was carried over from a run that spelt it otherwise).
        self._old_root = ""
        self._old_roots: dict[str, str] = {}
        self.reparsed = self.remapped = 0
        self._old: BinaryIO | None = None
        self._index: dict[str, Any] = {}
        self._world = ""
        self._warnings: list[str] = []
        #: The files whose entry failed a check.
        self._damaged: set[str] = set()
        if read:
            self._open_previous()
        #: This build's files: content digest and date of each, and its summary's bytes.
        self._files: dict[str, tuple[str, str]] = {}
        self._summaries: dict[str, bytes] = {}
        self._new: BinaryIO | None = None
        self._new_index: dict[str, Entry] = {}
        #: This build's entries made by runs that spelt the data directory otherwise.
        self._new_roots: dict[str, str] = {}
        self._respellings: dict[str, dict[str, str]] = {}

    def __enter__(self) -> ProfileCache:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()

    # --- reading the previous pack --------------------------------------------------------

    def _open_previous(self) -> None:
        try:
            old = self.path.open("rb")
        except FileNotFoundError:
            return
        except OSError as error:
            self._warnings.append(Damaged(self.path, f"cannot be read ({error.strerror})")
                                  .warning("every profile parsed and mapped again"))
            return
        try:
            index = self._read_index(old)
        except Damaged as damaged:
            old.close()
            self._warnings.append(damaged.warning("every profile parsed and mapped again"))
            return
        if index["salt"] != salt():   # made by other code: nothing of it applies
            old.close()
            return
        self._index, self._world, self._old = index["files"], index["world"], old
        roots = index.get("roots", {})
        self._old_root = index.get("root", "") if isinstance(index.get("root"), str) else ""
        self._old_roots = ({key: root for key, root in roots.items() if isinstance(root, str)}
                           if isinstance(roots, dict) else {})

    def _read_index(self, old: BinaryIO) -> dict[str, Any]:
        """The pack's index, checked."""
        size = os.fstat(old.fileno()).st_size
        if old.read(len(MAGIC)) != MAGIC:
            raise Damaged(self.path, "is not a profile cache of this spiralld's format")
        if size < len(MAGIC) + 8:
            raise Damaged(self.path, "is truncated")
        old.seek(size - 8)
        (start,) = struct.unpack(">Q", old.read(8))
        if not len(MAGIC) <= start <= size - 8:
            raise Damaged(self.path, "has no index where its end says")
        old.seek(start)
        content = unseal(old.read(size - 8 - start), INDEX, FORMAT, self.path)
        try:
            index = json.loads(zlib.decompress(content))
        except (zlib.error, ValueError, RecursionError) as error:
            raise Damaged(self.path, "has an index that cannot be read") from error
        if not isinstance(index, dict):
            raise Damaged(self.path, "has an index that is not a map")
        check_types(index, self.path, ("salt", str), ("world", str), ("files", dict))
        return index

    def _entry(self, key: str) -> Entry | None:
        """The previous pack's entry of file ``key``, if it has a well-formed one."""
        entry = self._index.get(key)
        if entry is None:
            return None
        if (not isinstance(entry, list) or len(entry) != len(_TYPES)
                or any(type(item) is not kind for item, kind in zip(entry, _TYPES,
                                                                     strict=True))):
            self._damaged.add(key)
            return None
        return tuple(entry)  # type: ignore[return-value]

    def _read(self, offset: int, size: int, checksum: str, key: str) -> bytes:
        """Bytes of the previous pack that must have ``checksum`` (else :class:`Damaged`)."""
        assert self._old is not None
        data = os.pread(self._old.fileno(), size, offset)
        if digest(data) != checksum:
            self._damaged.add(key)
            raise Damaged(self.path)
        return data

    def note(self, warning: str) -> None:
        """Say ``warning`` among :meth:`warnings` (a doubt about the cache found elsewhere)."""
        self._warnings.append(warning)

    def warnings(self) -> list[str]:
        """One line for each part of the previous pack found damaged and not used."""
        if not self._damaged:
            return list(self._warnings)
        entries = "the entry" if len(self._damaged) == 1 else "the entries"
        damaged = first(map(self.spelling.shown, self._damaged))   # as this run names them
        return [*self._warnings, f"{self.path}: {entries} of {damaged} failed "
                                 f"a checksum: parsed and mapped again"]

    def inputs(self) -> dict[str, str]:
        """What identifies each file read through :meth:`parsed`: its content's digest and
        the date its modification time gives."""
        return {key: f"{content} {date}" for key, (content, date) in self._files.items()}

    # --- the load stage -------------------------------------------------------------------

    def parsed(self, path: Path) -> Profile | None:
        """The summary of the profile in ``path`` if the file is as the last build read it
        (else None: parse it). Notes the file's digest for this build's entry."""
        key = self.spelling.key(str(path))
        content = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        date = default_modified(path).lexical
        self._files[key] = (content, date)
        entry = self._entry(key)
        profile = None
        if entry is not None and entry[:2] == (content, date):
            try:
                data = self._read(entry[2], entry[3], entry[6], key)
                decoded = self.decoded
                profile = decoded.summaries.get(entry[6]) if decoded is not None else None
                if profile is None:
                    profile = json.loads(zlib.decompress(data), object_hook=_decode)
                    if decoded is not None and isinstance(profile, Profile):
                        decoded.summaries[entry[6]] = profile
            except (OSError, ValueError, KeyError, TypeError, RecursionError, Damaged,
                    zlib.error):
                profile = None
        if not isinstance(profile, Profile):
            self.reparsed += 1
            return None
        self._summaries[key] = data
        root = self._root_of(key)
        if root != self.spelling.root:   # kept by a run that named the directory otherwise
            shown = self.spelling.respell(profile.path, root)
            profile = dataclasses.replace(profile, path=shown,
                                          page=dataclasses.replace(profile.page, path=shown))
        return profile

    def _names(self, root: str, corpus: Corpus) -> dict[str, str]:
        """Each file of ``corpus`` as a run with data directory ``root`` named it -> as
        this run names it."""
        names = self._respellings.get(root)
        if names is None:
            old = Spelling(root)
            names = self._respellings[root] = {
                old.shown(self.spelling.key(str(path))): str(path) for path in corpus.files}
        return names

    def _root_of(self, key: str) -> str:
        """How the run that made the previous entry of ``key`` spelt the data directory."""
        return self._old_roots.get(key, self._old_root)

    # --- the map stage --------------------------------------------------------------------

    def replay(self, profile: Profile, corpus: Corpus, sources: SourceIndex,
               dataset: Dataset, world: str) -> bool:
        """Add the profile's graph from the last build to ``dataset`` if its file, the
        world and each answer its mapping got are the same (asked again, in order, on
        ``corpus``); the sources it cites go to ``sources``. False: map it."""
        key = self.spelling.key(profile.path)
        entry = self._entry(key)
        if (entry is None or world != self._world or key not in self._summaries
                or entry[:2] != self._files.get(key)):
            return False
        try:
            body = self._read(entry[4], entry[5], entry[7], key)
            root = self._root_of(key)
            decoded = self.decoded if root == self.spelling.root else None
            held = decoded.graphs.get(entry[7]) if decoded is not None else None
            if held is None or held[1].name != dataset.iris.page(profile.slug):
                held = _graph(dataset.iris.page(profile.slug), body)
                if decoded is not None:
                    decoded.graphs[entry[7]] = held
            answers, graph = held
            keys, lines = _keys_lines(body, graph)
            if root != self.spelling.root:   # mapped by a run that named the files otherwise
                names = self._names(root, corpus)
                graph.respell(lambda path: names.get(path, path))
                answers = [(q, _respelled(a, names), _respelled(answer, names))
                           for q, a, answer in answers]
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError,
                Damaged, zlib.error, struct.error):
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
        if self._root_of(key) != self.spelling.root:   # its bytes still spell it so
            self._new_roots[key] = self._root_of(key)
        return True

    def mapped(self, profile: Profile, answers: list[Answer], graph: FrozenGraph,
               keys: list[bytes]) -> None:
        """Keep a profile just mapped (with every detail), its answers, its graph and the
        merge keys of its triples."""
        key = self.spelling.key(profile.path)
        head = self._summaries.pop(key, None)
        if head is None or self._root_of(key) != self.spelling.root:
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
        content, date = self._files[key]
        self._new_index[key] = (content, date, offset, len(head), offset + len(head), len(body),
                                digest(head), digest(body))

    def _directory(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.parent

    # --- the end --------------------------------------------------------------------------

    def save(self, world: str) -> None:
        """Swap in this build's pack (made in ``world``)."""
        if self._new is None:
            return
        start = self._new.tell()
        index = {"salt": salt(), "world": world, "root": self.spelling.root,
                 "roots": dict(sorted(self._new_roots.items())),
                 "files": dict(sorted(self._new_index.items()))}
        self._new.write(seal(zlib.compress(json.dumps(index).encode(), 1), INDEX, FORMAT))
        self._new.write(struct.pack(">Q", start))
        self._new.close()
        self._new = None
        os.replace(self._new_name, self.path)
        if self.decoded is not None:
            entries = self._new_index.values()
            self.decoded.keep_only({entry[6] for entry in entries},
                                   {entry[7] for entry in entries})

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


def _parts(body: bytes) -> list[bytes]:
    """A stored graph's parts: the answers, the lengths of the merge keys, the keys and
    the frozen graph (see :func:`_graph_bytes`)."""
    sizes = struct.unpack_from(">4I", body)
    return [body[start:end] for start, end in
            itertools.pairwise(itertools.accumulate(sizes, initial=16))]


def _graph(name: NamedNode, body: bytes) -> tuple[list[Answer], FrozenGraph]:
    """The answers and the frozen graph of a stored graph."""
    answers, _lengths, _joined, state = _parts(body)
    graph = FrozenGraph.from_state(name, state)
    header = json.loads(zlib.decompress(answers), object_hook=_decode)
    sources = header["sources"]
    return ([(q, tuple(a), sources[answer] if q == "cite" else answer)
             for q, a, answer in header["answers"]], graph)


def _keys_lines(body: bytes, graph: FrozenGraph) -> tuple[list[bytes], list[bytes]]:
    """The merge keys of a stored graph's triples and its lines (``graph``'s, split)."""
    _answers, lengths, joined, _state = _parts(body)
    joined = zlib.decompress(joined)
    ends = list(itertools.accumulate(array("I", lengths)))
    keys = list(map(joined.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    lines = graph.ntriples().splitlines(keepends=True)
    if (ends[-1] if ends else 0) != len(joined) or len(keys) != len(lines):
        raise ValueError("a damaged entry")
    return keys, lines


def _respelled(value: Any, names: dict[str, str]) -> Any:
    """A question or answer with each file name (``path`` or ``path:line``) in it renamed
    by ``names``."""
    if isinstance(value, str):
        if value in names:
            return names[value]
        head, colon, line = value.rpartition(":")
        return names[head] + colon + line if colon and line.isdigit() and head in names \
            else value
    if isinstance(value, tuple | list):
        return type(value)(_respelled(item, names) for item in value)
    return value


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
