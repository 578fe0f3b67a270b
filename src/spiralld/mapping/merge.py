"""Every graph's triples merged into one sorted, duplicate-free N-Triples file, on disk.

The whole dataset never sits in memory as Python objects: each graph's sorted N-Triples
lines are added as it is mapped, sorted in runs of :data:`RUN_TRIPLES` written to scratch
files, and the runs merged into one file. The merge also finds the triples stated in more
than one graph, so that each can be kept in one graph only.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import itertools
import pickle
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import Triple

from ..namespaces import RDF

#: Triples sorted in memory at once before a run is written to disk.
RUN_TRIPLES = 200_000
#: Records per pickled block of a run file.
BLOCK = 10_000

_TYPE = RDF.type.value
#: (sort key, N-Triples line, number of the graph that states it)
Record = tuple[bytes, bytes, int]


def merge_key(triple: Triple) -> bytes:
    """:func:`~spiralld.mapping.graph.sort_key` as bytes: subject, rdf:type first, then
    predicate, object and the object's datatype or language, NUL-separated (UTF-8 orders as
    the code points do, so the order is the same as that of the tuple)."""
    predicate = triple.predicate.value
    obj = triple.object
    kind = getattr(obj, "datatype", None) or getattr(obj, "language", None) or ""
    return b"\0".join((triple.subject.value.encode(), b"0" if predicate == _TYPE else b"1",
                       predicate.encode(), obj.value.encode(), str(kind).encode()))


class MergeSort:
    """Collects (triple, line, graph) records; :meth:`merge` writes the sorted union."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self._records: list[Record] = []
        self._runs: list[Path] = []

    def add(self, graph: int, keys: Sequence[bytes], lines: Sequence[bytes]) -> None:
        """Add a graph's sorted lines, with the merge key of each."""
        for start in range(0, len(lines), RUN_TRIPLES):
            self._records.extend(zip(keys[start:start + RUN_TRIPLES],
                                     lines[start:start + RUN_TRIPLES],
                                     itertools.repeat(graph)))
            if len(self._records) >= RUN_TRIPLES:
                self._spill()

    def _spill(self) -> None:
        self._records.sort()
        path = self.scratch / f"run-{len(self._runs):05d}"
        with path.open("wb") as out:
            for start in range(0, len(self._records), BLOCK):
                pickle.dump(self._records[start:start + BLOCK], out, pickle.HIGHEST_PROTOCOL)
        self._runs.append(path)
        self._records = []

    def merge(self, out: BinaryIO, winner: Callable[[list[int]], int]
              ) -> tuple[int, list[tuple[int, bytes]], SubjectIndex]:
        """Write each distinct line once, in key order; return how many, the (graph, line)
        records that repeat a line kept in the graph ``winner`` picks among those stating
        it, and where each subject's lines are."""
        self._records.sort()
        runs: list[Iterator[Record]] = [iter(self._records)]
        runs += [_read_run(path) for path in self._runs]
        count = offset = 0
        repeats: list[tuple[int, bytes]] = []
        previous_key = previous_line = None
        graphs: list[int] = []
        within = b"\0\0"   # the current subject's keys start so (no key does at first)
        hashes, starts = array("Q"), array("Q")
        chunk: list[bytes] = []
        write = out.write
        for key, line, graph in heapq.merge(*runs) if self._runs else self._records:
            if line == previous_line and key == previous_key:
                graphs.append(graph)
                continue
            if len(graphs) > 1:
                repeats.extend(_losers(graphs, previous_line, winner))  # type: ignore[arg-type]
            previous_key, previous_line, graphs = key, line, [graph]
            if not key.startswith(within):
                subject = key[:key.index(b"\0")]
                within = subject + b"\0"
                hashes.append(_hash(subject))
                starts.append(offset)
            chunk.append(line)
            offset += len(line)
            count += 1
            if len(chunk) >= BLOCK:
                write(b"".join(chunk))
                chunk = []
        write(b"".join(chunk))
        if len(graphs) > 1:
            repeats.extend(_losers(graphs, previous_line, winner))  # type: ignore[arg-type]
        for path in self._runs:
            path.unlink()
        self._records, self._runs = [], []
        return count, repeats, SubjectIndex(hashes, starts, offset)


class SubjectIndex:
    """Where the lines of each subject are in the sorted file: the offset and the 64-bit
    hash of each subject's first line, in the file's order, and the hashes sorted with the
    number of each in that order (28 bytes a subject, whatever its IRI)."""

    def __init__(self, hashes: array[int], starts: array[int], size: int) -> None:
        self._size = size
        self._starts = starts
        self._file_hashes = hashes
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self._order = array("I", order)
        self._hashes = array("Q", (hashes[i] for i in order))

    def boundaries(self) -> Iterator[tuple[int, int]]:
        """(offset, hash) of each subject's first line, in the file's order."""
        return zip(self._starts, self._file_hashes, strict=True)

    def spans(self, subject: str) -> Iterator[tuple[int, int]]:
        """(offset, end) of the lines of ``subject`` (and of any subject whose hash is the
        same: check the lines)."""
        wanted = _hash(subject.encode())
        hashes, starts = self._hashes, self._starts
        index = bisect.bisect_left(hashes, wanted)
        while index < len(hashes) and hashes[index] == wanted:
            number = self._order[index]
            end = starts[number + 1] if number + 1 < len(starts) else self._size
            yield starts[number], end
            index += 1


def _hash(subject: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(subject, digest_size=8).digest(), "big")


def _losers(graphs: list[int], line: bytes,
            winner: Callable[[list[int]], int]) -> Iterator[tuple[int, bytes]]:
    keep = winner(graphs)
    return ((graph, line) for graph in set(graphs) if graph != keep)


def _read_run(path: Path) -> Iterator[Record]:
    with path.open("rb") as data:
        while True:
            try:
                block = pickle.load(data)
            except EOFError:
                return
            yield from block
