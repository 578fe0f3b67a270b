"""Every graph's triples merged into one sorted, duplicate-free N-Triples file, on disk.

The whole dataset never sits in memory as Python objects: each graph's sorted N-Triples
lines are added as it is mapped, sorted in runs of :data:`RUN_TRIPLES` written to scratch
files, and the runs merged into one file. The merge also finds the triples stated in more
than one graph, so that each can be kept in one graph only.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
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
              ) -> tuple[int, list[tuple[int, bytes]]]:
        """Write each distinct line once, in key order; return how many, and the (graph,
        line) records that repeat a line kept in the graph ``winner`` picks among those
        stating it."""
        self._records.sort()
        runs: list[Iterator[Record]] = [iter(self._records)]
        runs += [_read_run(path) for path in self._runs]
        count = 0
        repeats: list[tuple[int, bytes]] = []
        previous: tuple[bytes, bytes] | None = None
        graphs: list[int] = []
        write = out.write
        for key, line, graph in heapq.merge(*runs):
            if previous is not None and previous == (key, line):
                graphs.append(graph)
                continue
            if len(graphs) > 1:
                repeats.extend(_losers(graphs, previous[1], winner))  # type: ignore[index]
            previous, graphs = (key, line), [graph]
            write(line)
            count += 1
        if len(graphs) > 1:
            repeats.extend(_losers(graphs, previous[1], winner))  # type: ignore[index]
        for path in self._runs:
            path.unlink()
        self._records, self._runs = [], []
        return count, repeats


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
