"""Building blocks of the mapping: IRI minting, graphs of pyoxigraph triples, field tables."""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import shutil
import struct
import tempfile
import time
import weakref
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad, Triple

from ..namespaces import RDF, XSD
from ..reading.dates import PartialDate
from .merge import MergeSort, SubjectIndex, merge_key

Term = NamedNode | Literal
#: One row of a mapping table: (attribute of the record, predicate, converter to a term).
Row = tuple[str, NamedNode, Callable[[Any], Term]]


class Iris:
    """Mints the stable IRIs of everything spiralld publishes under one base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.shared_graph = NamedNode(base + "graph/shared")
        self.dataset = NamedNode(base + "dataset")

    def entity(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}id/{slug}")

    def page(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}page/{slug}")

    def source(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}source/{slug}")

    @staticmethod
    def part(node: NamedNode, fragment: str) -> NamedNode:
        """A node's part, ``<node>#fragment``, for sections, claims and questions."""
        return NamedNode(f"{node.value}#{fragment}")

    @staticmethod
    def digest(text: str) -> str:
        """A short content hash for IRIs of things with no natural name."""
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


#: Where a triple came from: (file, line).
Origin = tuple[str, int]


class Graph:
    """A set of triples with small helpers for the common shapes of statements.

    Each triple remembers the file:line it was generated from (the source map that lets
    validation messages point editors at the line to fix); set it with :meth:`at`.
    """

    def __init__(self, name: NamedNode) -> None:
        self.name = name
        self.triples: set[Triple] = set()
        self.origins: dict[Triple, Origin] = {}
        self._origin: Origin | None = None

    @contextmanager
    def at(self, path: str, line: int) -> Iterator[None]:
        """Attribute the triples added inside the block to ``path:line``."""
        outer, self._origin = self._origin, (path, line)
        try:
            yield
        finally:
            self._origin = outer

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Term) -> None:
        triple = Triple(subject, predicate, obj)
        self.triples.add(triple)
        if self._origin is not None:
            self.origins.setdefault(triple, self._origin)

    def type(self, subject: NamedNode, *classes: NamedNode) -> None:
        for cls in classes:
            self.add(subject, RDF.type, cls)

    def text(self, subject: NamedNode, predicate: NamedNode, value: str | None) -> None:
        if value:
            self.add(subject, predicate, Literal(value))

    def link(self, subject: NamedNode, predicate: NamedNode, objects: Iterable[NamedNode]) -> None:
        for obj in objects:
            self.add(subject, predicate, obj)

    def fields(self, subject: NamedNode, record: object, table: Sequence[Row]) -> None:
        """Add ``subject predicate convert(value)`` for each row whose value is set.

        Tuple values give one triple per item.
        """
        for attribute, predicate, convert in table:
            value = getattr(record, attribute)
            if value is None or value == "" or value == ():
                continue
            for item in value if isinstance(value, tuple) else (value,):
                self.add(subject, predicate, convert(item))


class FrozenGraph:
    """A mapped graph held compactly: its triples as sorted N-Triples lines, compressed,
    and the file:line each was generated from (a few hundred bytes a triple less than a
    set of pyoxigraph terms: what lets 100k profiles fit in memory)."""

    __slots__ = ("name", "_data", "_files", "_origin_files", "_origin_lines", "_origin_of")

    def __init__(self, name: NamedNode, lines: Sequence[bytes],
                 origins: Sequence[Origin | None]) -> None:
        self.name = name
        self._data = zlib.compress(b"".join(lines), 1)
        # Each triple's origin as a number into a table of the graph's distinct origins,
        # held as two arrays (file number, line) rather than (file, line) tuples.
        table: dict[Origin | None, int] = {None: 0}
        self._origin_of = array("I", (table.setdefault(o, len(table)) for o in origins))
        files: dict[str, int] = {}
        self._origin_files = array("I", (files.setdefault(o[0], len(files)) if o else 0
                                         for o in table))
        self._origin_lines = array("I", (o[1] if o else 0 for o in table))
        self._files = tuple(files)

    def state(self) -> bytes:
        """The graph as bytes, for :meth:`from_state` (in a later run on this machine)."""
        parts = [json.dumps(self._files).encode(), self._origin_of.tobytes(),
                 self._origin_files.tobytes(), self._origin_lines.tobytes(), self._data]
        return struct.pack(">5I", *map(len, parts)) + b"".join(parts)

    @classmethod
    def from_state(cls, name: NamedNode, state: bytes) -> FrozenGraph:
        """The graph :meth:`state` gave the bytes of (ValueError if they are damaged)."""
        try:
            sizes = struct.unpack_from(">5I", state)
        except struct.error as error:
            raise ValueError("a damaged graph") from error
        offsets = list(itertools.accumulate(sizes, initial=20))
        if offsets[-1] != len(state):
            raise ValueError("a damaged graph")
        files, origin_of, origin_files, origin_lines, data = (
            state[start:end] for start, end in itertools.pairwise(offsets))
        graph = cls.__new__(cls)
        graph.name = name
        graph._files = tuple(json.loads(files))
        graph._origin_of = array("I", origin_of)
        graph._origin_files = array("I", origin_files)
        graph._origin_lines = array("I", origin_lines)
        graph._data = data
        table = len(graph._origin_lines)
        if (len(graph._origin_files) != table or any(i >= table for i in graph._origin_of)
                or any(f >= max(len(graph._files), 1) for f in graph._origin_files)):
            raise ValueError("a damaged graph")
        return graph

    def respell(self, spell: Callable[[str], str]) -> None:
        """Name the files of the origins by ``spell(file)`` (a run that spells the data
        directory otherwise than the one that mapped the graph)."""
        self._files = tuple(spell(path) for path in self._files)

    def _origins(self) -> list[Origin | None]:
        """The graph's distinct origins, numbered as ``_origin_of`` numbers them (0: none)."""
        files = self._files
        return [None, *((files[f], line) for f, line in
                        zip(self._origin_files[1:], self._origin_lines[1:], strict=True))]

    def ntriples(self) -> bytes:
        """The graph's triples in N-Triples, sorted."""
        return zlib.decompress(self._data)

    @property
    def compressed(self) -> bytes:
        """:meth:`ntriples`, zlib-compressed."""
        return self._data

    def digest(self) -> str:
        """A digest of the graph's triples."""
        return hashlib.blake2b(self._data, digest_size=16).hexdigest()

    @property
    def triples(self) -> list[Triple]:
        """The graph's triples, sorted (decoded at each call: keep the list while needed)."""
        return [quad.triple for quad in
                pyoxigraph.parse(self.ntriples(), format=pyoxigraph.RdfFormat.N_TRIPLES)]

    @property
    def origins(self) -> dict[Triple, Origin]:
        """The source map: where each triple came from."""
        table = self._origins()
        return {triple: origin for triple, index in zip(self.triples, self._origin_of,
                                                        strict=True)
                if (origin := table[index]) is not None}

    def origins_about(self, nodes: set[bytes]) -> Iterator[tuple[Triple, Origin]]:
        """(triple, origin) of each triple whose subject or object is one of ``nodes`` (as
        N-Triples terms: ``<iri>``, ``"text"@en``), found in the lines without parsing the
        others."""
        table = self._origins()
        matched = []
        for line, index in zip(self.ntriples().splitlines(keepends=True), self._origin_of,
                               strict=True):
            subject, obj = terms_of(line)
            if subject in nodes or obj in nodes:
                origin = table[index]
                if origin is not None:
                    matched.append((line, origin))
        if matched:
            parsed = pyoxigraph.parse(b"".join(line for line, _ in matched),
                                      format=pyoxigraph.RdfFormat.N_TRIPLES)
            for quad, (_line, origin) in zip(parsed, matched, strict=True):
                yield quad.triple, origin

    def without(self, lines: set[bytes]) -> FrozenGraph:
        """This graph less the triples whose N-Triples lines are ``lines``."""
        table = self._origins()
        kept = [(line, table[index]) for line, index in
                zip(self.ntriples().splitlines(keepends=True), self._origin_of, strict=True)
                if line not in lines]
        return FrozenGraph(self.name, [line for line, _ in kept], [o for _, o in kept])


def split_line(line: bytes) -> tuple[bytes, bytes, bytes]:
    """Subject, predicate and object of an N-Triples line, as N-Triples terms (see
    :func:`terms_of`)."""
    subject_end = line.index(b" ")
    predicate_end = line.index(b" ", subject_end + 1)
    return line[:subject_end], line[subject_end + 1:predicate_end], line[predicate_end + 1:-3]


def terms_of(line: bytes) -> tuple[bytes, bytes]:
    """The subject and the object of an N-Triples line (as pyoxigraph writes them: one
    space between terms), as N-Triples terms (``<iri>``, ``"text"@en``)."""
    subject_end = line.index(b" ")   # IRIs hold no space
    return line[:subject_end], line[line.index(b" ", subject_end + 1) + 1:-3]


def _lines(triples: Sequence[Triple]) -> list[bytes]:
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    lines = data.splitlines(keepends=True)
    assert len(lines) == len(triples), "one N-Triples line per triple"
    return lines


#: The scratch directories of datasets, in the temporary directory, and the file each holds
#: locked while its dataset lives (the lock goes with the process, however it ends).
SCRATCH_PREFIX = "spiralld-dataset-"
SCRATCH_LOCK = ".lock"
#: A scratch directory without a lock file (left by a version before the locks) is stale
#: once this old.
UNLOCKED_STALE_SECONDS = 24 * 3600


def clear_stale_scratch(directory: Path | None = None) -> list[Path]:
    """Remove the scratch directories of datasets whose process is gone (their lock file
    is not locked) from ``directory`` (the temporary directory); return them."""
    removed = []
    for path in sorted(Path(directory or tempfile.gettempdir()).glob(SCRATCH_PREFIX + "*")):
        try:
            fd = os.open(path / SCRATCH_LOCK, os.O_RDONLY)
        except FileNotFoundError:
            try:
                stale = time.time() - path.lstat().st_mtime > UNLOCKED_STALE_SECONDS
            except OSError:
                continue
            if stale and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
            continue
        except OSError:   # not a directory, or another user's
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:   # in use
            continue
        else:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


def _locked_scratch() -> tuple[Path, int]:
    """A new scratch directory, and the descriptor of its lock file, locked. It is made
    under another name and renamed once locked, so that no build ever sees it unlocked."""
    staging = Path(tempfile.mkdtemp(prefix="." + SCRATCH_PREFIX))
    fd = os.open(staging / SCRATCH_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    path = staging.with_name(staging.name[1:])
    staging.rename(path)
    return path, fd


def _remove_scratch(path: Path, fd: int) -> None:
    shutil.rmtree(path, ignore_errors=True)
    os.close(fd)


#: Bytes of the sealed file read at once when listing its subjects.
SUBJECT_BLOCK = 4 << 20

#: Graphs less some of their lines, by the id of the graph: (graph, a digest of the lines
#: (:func:`_lines_digest`: no copy of them is kept), the lessened graph). See
#: :meth:`Dataset.seal`.
Withouts = dict[int, tuple["FrozenGraph", bytes, "FrozenGraph"]]


def _lines_digest(lines: Iterable[bytes]) -> bytes:
    """A digest of a set of N-Triples lines (each ends with a newline)."""
    return hashlib.blake2b(b"".join(sorted(lines)), digest_size=16).digest()


class Dataset:
    """Named graphs keyed by graph IRI, each frozen once mapped (:meth:`add`), and their
    union sorted on disk (:meth:`seal`) for the exports that read the whole dataset.

    Scratch files live in a temporary directory removed with the dataset, and by the next
    dataset made if its process is killed (:func:`clear_stale_scratch`).
    """

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self.graphs: dict[str, FrozenGraph] = {}
        self.triple_count = 0
        self._index: dict[tuple[object, ...], Origin] = {}
        self._indexed: frozenset[Term] = frozenset()
        clear_stale_scratch()
        self._scratch, lock = _locked_scratch()
        weakref.finalize(self, _remove_scratch, self._scratch, lock)
        self._merged = self._scratch / "dataset.nt"
        self._numbers: dict[str, int] = {}
        self._sort = MergeSort(self._scratch)
        self._subjects = SubjectIndex(array("Q"), array("Q"), 0)
        self._fd = -1

    def add(self, graph: Graph) -> list[bytes]:
        """Freeze a mapped graph into the dataset (before :meth:`seal`); the graph is
        emptied, so that only one copy of its triples is ever held. Returns the merge key
        of each triple, in order: with the frozen graph, what :meth:`add_frozen` takes."""
        keyed = sorted(((merge_key(triple), triple) for triple in graph.triples),
                       key=itemgetter(0))
        origins = [graph.origins.get(triple) for _key, triple in keyed]
        graph.triples, graph.origins = set(), {}
        lines = _lines([triple for _key, triple in keyed])
        keys = [key for key, _triple in keyed]
        self._add(FrozenGraph(graph.name, lines, origins), keys, lines)
        return keys

    def add_frozen(self, graph: FrozenGraph, keys: Sequence[bytes],
                   lines: Sequence[bytes]) -> None:
        """Add a graph frozen by another build, with the merge key of each triple and its
        lines (``graph.ntriples()``, split)."""
        self._add(graph, keys, lines)

    def _add(self, graph: FrozenGraph, keys: Sequence[bytes], lines: Sequence[bytes]) -> None:
        name = graph.name.value
        if name in self.graphs:
            raise ValueError(f"graph {name} added twice")
        if len(keys) != len(lines):
            raise ValueError(f"graph {name}: {len(keys)} keys for {len(lines)} triples")
        self.graphs[name] = graph
        number = self._numbers[name] = len(self._numbers)
        self._sort.add(number, keys, lines)

    def seal(self, first: str | None = None, kept: Withouts | None = None) -> None:
        """Merge the graphs' triples into one sorted file; keep each triple stated in more
        than one graph in one only: graph ``first`` if it is one of them, else the first
        by IRI (stores that query the union of graphs would count it twice). ``kept``:
        graphs so lessened by earlier seals of this process, taken again for the same
        graph less the same lines (and updated)."""
        names = list(self._numbers)

        def winner(numbers: list[int]) -> int:
            return min(numbers, key=lambda n: (names[n] != first, names[n]))

        with self._merged.open("wb") as out:
            self.triple_count, repeats, self._subjects = self._sort.merge(out, winner)
        self._fd = os.open(self._merged, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)
        dropped: dict[str, set[bytes]] = {}
        for number, line in repeats:
            dropped.setdefault(names[number], set()).add(line)
        for name, lines in dropped.items():
            graph = self.graphs[name]
            held = kept.get(id(graph)) if kept is not None else None
            digest = _lines_digest(lines) if kept is not None else b""
            if held is None or held[0] is not graph or held[1] != digest:
                held = (graph, digest, graph.without(lines))
                if kept is not None:
                    kept[id(graph)] = held
            self.graphs[name] = held[2]

    def about(self, subject: str) -> list[bytes]:
        """The N-Triples lines of every triple whose subject is the IRI ``subject`` (read
        from the sealed file: no term objects made)."""
        prefix = b"<" + subject.encode() + b"> "
        found: list[bytes] = []
        for start, end in self._subjects.spans(subject):
            lines = os.pread(self._fd, end - start, start)
            if lines.startswith(prefix):
                found.extend(lines.splitlines(keepends=True))
        return found

    def pieces(self, min_bytes: int, mask: int) -> Iterator[tuple[int, int]]:
        """The sealed file cut into pieces of whole subjects, as (offset, end): a piece
        ends before the first subject, ``min_bytes`` or more into it, whose hash has the
        bits of ``mask`` clear. The cuts depend on the subjects alone, so the pieces an
        edit did not reach are the same bytes as before it."""
        start = 0
        for offset, subject_hash in self._subjects.boundaries():
            if offset - start >= min_bytes and not subject_hash & mask:
                yield start, offset
                start = offset
        end = os.fstat(self._fd).st_size
        if end > start:
            yield start, end

    def named_subjects(self) -> Iterator[str]:
        """The IRI of every named subject of the sealed file, in its order, once each (read
        at the starts the subject index keeps, a block at a time: no line split)."""
        block, at = b"", 0
        for offset, _hash in self._subjects.boundaries():
            if offset - at + 4096 > len(block):   # the line may run past the block
                at, block = offset, os.pread(self._fd, SUBJECT_BLOCK, offset)
            start = offset - at
            if block[start:start + 1] != b"<":
                continue
            end = block.find(b"> ", start)
            if end < 0:   # an IRI longer than what is left of the block
                at, block = offset, os.pread(self._fd, max(SUBJECT_BLOCK, 1 << 20), offset)
                start, end = 0, block.find(b"> ")
            yield block[start + 1:end].decode()

    def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` of the sealed file."""
        return os.pread(self._fd, end - start, start)

    def ntriples_path(self) -> Path:
        """The sealed dataset as one N-Triples file, sorted as :meth:`triples`."""
        return self._merged

    def origin(self, subject: Term, predicate: Term | None = None,
               obj: Term | None = None) -> Origin | None:
        """The file:line a triple (or, failing that, its subject) was generated from."""
        if subject not in self._indexed:
            self.index_origins({*self._indexed, subject})
        index = self._index
        if predicate is not None and obj is not None:
            exact = index.get(("t", Triple(subject, predicate, obj)))  # type: ignore[arg-type]
            if exact is not None:
                return exact
        if predicate is not None:
            found = index.get(("sp", subject, predicate))
        else:  # a SPARQL constraint names a value but no path: the triple linking them
            found = index.get(("so", subject, obj)) if obj is not None else None
        # A node that is only ever an object (a literal, a stub's IRI) is found by its uses.
        return found or index.get(("s", subject)) or index.get(("o", subject))

    def index_origins(self, nodes: Iterable[Term], graphs: Iterable[str] | None = None
                      ) -> None:
        """Get :meth:`origin` ready to answer about ``nodes`` (call it once with every node
        asked about): one pass over the source map, keeping the earliest origin per triple,
        subject, (subject, predicate), (subject, object) and object of those nodes only, so
        the index stays small however large the dataset. ``graphs``: the names of the only
        graphs that state a triple with one of the nodes as subject or object (the others
        are not read)."""
        wanted = frozenset(nodes)
        index: dict[tuple[object, ...], Origin] = {}

        def keep(key: tuple[object, ...], origin: Origin) -> None:
            if key not in index or origin < index[key]:
                index[key] = origin

        if wanted:
            as_text = {str(node).encode() for node in wanted}
            names = self.graphs.keys() if graphs is None else self.graphs.keys() & set(graphs)
            for name in names:
                for triple, origin in self.graphs[name].origins_about(as_text):
                    subject = triple.subject
                    if subject in wanted:
                        keep(("t", triple), origin)
                        keep(("s", subject), origin)
                        keep(("sp", subject, triple.predicate), origin)
                        keep(("so", subject, triple.object), origin)
                    if triple.object in wanted:
                        keep(("o", triple.object), origin)
        self._index, self._indexed = index, wanted

    def triples(self) -> Iterator[Triple]:
        """Every triple of every graph, without duplicates, in a stable order (streamed
        from the sealed file)."""
        with self._merged.open("rb") as data:
            for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES):
                yield quad.triple

    def quads(self) -> Iterator[Quad]:
        """Every quad, graph by graph in IRI order, each graph's triples sorted."""
        for name in sorted(self.graphs):
            graph = self.graphs[name]
            for triple in graph.triples:
                yield Quad(triple.subject, triple.predicate, triple.object, graph.name)

    def nquads(self, names: Iterable[str] | None = None) -> Iterator[bytes]:
        """:meth:`quads` as N-Quads text, a graph at a time (no term objects made); only
        the graphs ``names`` if given."""
        for name in sorted(self.graphs if names is None else names):
            graph = self.graphs[name]
            label = b" <" + name.encode() + b"> .\n"
            yield b"".join(line[:-3] + label
                           for line in graph.ntriples().splitlines(keepends=True))


_TYPE = RDF.type.value


def sort_key(triple: Triple) -> tuple[str, int, str, str, str]:
    """Order by subject, then rdf:type first, then predicate and object."""
    predicate = triple.predicate.value
    obj = triple.object
    kind = getattr(obj, "datatype", None) or getattr(obj, "language", None) or ""
    return (triple.subject.value, 0 if predicate == _TYPE else 1, predicate, obj.value,
            str(kind))


def sort_triples(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(triples, key=sort_key)


def date_literal(date: PartialDate) -> Literal:
    """xsd:gYear, xsd:gYearMonth or xsd:date, as precise as the date was written."""
    return Literal(date.lexical, datatype=NamedNode(date.datatype))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def text(value: str) -> Literal:
    return Literal(value)


def iri(value: str) -> NamedNode:
    return NamedNode(value)
