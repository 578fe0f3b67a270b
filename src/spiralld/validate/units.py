"""Incremental validation: the dataset cut into units, each validated once per content.

A unit is one profile's named graph (or a bucket of the shared graph) plus its context:
every triple, from any graph, about a node the unit mentions. That is what the core shapes
look at (a claim's organization's class, a source's dates), so a unit's verdict depends
only on its content: verdicts are cached by a hash of it, and editing one profile
re-validates only the units whose content changed. Units missing from the cache are
validated in batches, on several processes when there are many.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import os
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import rdflib

from ..mapping import Dataset
from ..mapping.graph import terms_of
from ..rebuild.cache_files import Damaged, read_json, write_json
from ..rebuild.reads import root_of
from .engine import core_results
from .results import RawResult

#: Shared-graph triples per bucket.
SHARED_BUCKET_TRIPLES = 2000
#: Below this many triples to validate, one pySHACL call in this process beats starting
#: worker processes (each pays ~1.5 s to import pySHACL and parse the shapes).
PARALLEL_TRIPLES = 60_000
#: Most triples in one pySHACL call: its memory grows with the graph (~4 KB a triple).
MAX_BATCH_TRIPLES = 150_000


@dataclass
class Unit:
    """Triples (N-Triples lines) validated together; results about ``nodes`` belong to
    this unit."""

    name: str
    own: list[bytes]
    context: list[bytes]
    key: str = ""
    #: The documents (IRIs without fragment) of the nodes whose triples the unit holds
    #: (a tuple of shared strings: at 100k profiles there are 100,000 units).
    documents: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.own) + len(self.context)

    @property
    def nodes(self) -> set[str]:
        """The subjects and objects of its own triples, as N-Triples terms."""
        return {term.decode() for line in self.own for term in terms_of(line)}


@dataclass(frozen=True)
class UnitKeys:
    """Each unit's key and :attr:`Unit.documents`, by unit name, as of one validation with
    ``salt``: a unit whose graph and documents did not change since has the same key."""

    salt: str
    units: dict[str, tuple[str, tuple[str, ...]]]


def make_units(dataset: Dataset, salt: str,
               unchanged: UnitKeys | None = None) -> Iterator[Unit]:
    """One unit per profile graph, shared graph in buckets; keyed by content and ``salt``.

    The context of each unit is read from the dataset's sorted file by subject; units are
    made one at a time, as they are consumed. A unit in ``unchanged`` (with the same salt)
    is not read: it comes with its key only, for its verdict to be found in the cache.
    """
    known = unchanged.units if unchanged is not None and unchanged.salt == salt else {}
    shared = dataset.iris.shared_graph.value
    for name in sorted(dataset.graphs):
        if name in known:
            key, documents = known[name]
            yield Unit(name, [], [], key, documents)
            continue
        lines = dataset.graphs[name].ntriples().splitlines(keepends=True)
        if name != shared:
            yield _unit(name, lines, dataset, salt)
            continue
        buckets = max(1, len(lines) // SHARED_BUCKET_TRIPLES)
        split: dict[int, list[bytes]] = defaultdict(list)
        for line in lines:
            subject = line[1:line.index(b"> ")]
            digest = hashlib.blake2b(subject, digest_size=4).digest()
            split[int.from_bytes(digest, "big") % buckets].append(line)
        for bucket in sorted(split):
            bucket_name = f"{name}#{bucket}"
            if bucket_name in known:   # the shared graph as it was, the bucket untouched
                key, documents = known[bucket_name]
                yield Unit(bucket_name, [], [], key, documents)
                continue
            yield _unit(bucket_name, split[bucket], dataset, salt)


def _unit(name: str, lines: list[bytes], dataset: Dataset, salt: str) -> Unit:
    """A unit of ``lines`` (its own triples), with every triple of the dataset about a
    node they name."""
    own_lines = set(lines)
    mentioned: set[bytes] = set()
    for line in lines:
        subject, obj = terms_of(line)
        mentioned.add(subject)
        if obj.startswith(b"<"):
            mentioned.add(obj)
    iris = [node[1:-1].decode() for node in mentioned]
    context = [line for iri in iris for line in dataset.about(iri) if line not in own_lines]
    documents = tuple(sorted({sys.intern(root_of(iri)) for iri in iris}))
    unit = Unit(name, lines, context, documents=documents)
    unit.key = _key(unit, salt)
    return unit


def _key(unit: Unit, salt: str) -> str:
    """A hash of the unit's sorted N-Triples lines."""
    digest = hashlib.sha256(salt.encode() + b"\n")
    digest.update(b"\n".join(sorted(line.rstrip(b"\n") for line in (*unit.own, *unit.context))))
    return digest.hexdigest()


#: The kind and format of the verdicts' file (see :mod:`spiralld.rebuild.cache_files`).
KIND, FORMAT = "validation-verdicts", 1
_FIELDS = frozenset(field.name for field in fields(RawResult))


class VerdictCache:
    """Results per unit key, in one sealed JSON file (:mod:`spiralld.rebuild.cache_files`); keys
    not used by the last run are dropped. A file that fails a check is not used: each unit
    is validated again, and ``warnings`` gets a line saying so."""

    def __init__(self, path: Path | None, warnings: list[str] | None = None) -> None:
        self.path = path
        self.hits = 0
        self.misses = 0
        self.entries: dict[str, list[dict[str, str | None]]] = {}
        if path is not None and path.is_file():
            try:
                self.entries = _checked(read_json(path, KIND, FORMAT, dict), path)
            except (OSError, Damaged) as error:   # a damaged cache is only a slower build
                damaged = error if isinstance(error, Damaged) else Damaged(
                    path, f"cannot be read ({error.strerror})")
                if warnings is not None:
                    warnings.append(damaged.warning("every unit validated again"))
        self.used: dict[str, list[dict[str, str | None]]] = {}

    def get(self, key: str) -> list[RawResult] | None:
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = entry
        return [RawResult(**item) for item in entry]  # type: ignore[arg-type]

    def put(self, key: str, results: Sequence[RawResult]) -> None:
        self.used[key] = [asdict(result) for result in results]

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json(self.path, self.used, KIND, FORMAT)


def _checked(entries: dict[str, Any], path: Path) -> dict[str, list[dict[str, str | None]]]:
    """``entries`` if each is a list of results as :class:`RawResult` holds them."""
    for results in entries.values():
        if not isinstance(results, list) or not all(
                isinstance(result, dict) and result.keys() == _FIELDS and all(
                    value is None or isinstance(value, str) for value in result.values())
                for result in results):
            raise Damaged(path, "holds a verdict that is not a list of results")
    return entries


_CORE: rdflib.Graph | None = None
_CORE_TTL = ""


def _init_worker(core_ttl: str) -> None:
    global _CORE, _CORE_TTL
    _CORE = rdflib.Graph().parse(data=core_ttl, format="turtle")
    _CORE_TTL = core_ttl


def _validate_batch(ntriples: bytes) -> list[RawResult]:
    assert _CORE is not None
    data = rdflib.Graph(bind_namespaces="none").parse(data=ntriples, format="nt")
    return core_results(data, _CORE)


def _batches(units: Iterable[Unit], triples: int) -> Iterator[tuple[list[Unit], bytes]]:
    """The units in batches of about ``triples`` triples, each as the N-Triples of the
    union of its units."""
    batch: list[Unit] = []
    size = 0
    for unit in units:
        batch.append(unit)
        size += unit.size
        if size >= triples:
            yield batch, _ntriples(batch)
            batch, size = [], 0
    if batch:
        yield batch, _ntriples(batch)


def _ntriples(batch: list[Unit]) -> bytes:
    return b"".join({line: None for unit in batch for line in (*unit.own, *unit.context)})


def _missing(units: Iterable[Unit], cache: VerdictCache,
             results: list[RawResult]) -> Iterator[Unit]:
    """The units with no cached verdict; the others' results go to ``results``."""
    for unit in units:
        cached = cache.get(unit.key)
        if cached is None:
            yield unit
        else:
            results.extend(cached)


def validate_units(units: Iterable[Unit], core: rdflib.Graph, cache: VerdictCache,
                   jobs: int | None = None, expected: int = 0) -> list[RawResult]:
    """Core-shape results of every unit: from the cache, or validated now.

    ``expected`` is about how many triples the units hold in all: pySHACL's cost per call
    is high and its cost per triple linear, so the fewest calls win (one per worker
    process), unless that would hold more than :data:`MAX_BATCH_TRIPLES` in one pySHACL
    graph, whose memory grows with it.
    """
    return start_units(units, core, cache, jobs, expected)()


def start_units(units: Iterable[Unit], core: rdflib.Graph, cache: VerdictCache,
                jobs: int | None = None, expected: int = 0,
                warm: WarmValidator | None = None) -> Callable[[], list[RawResult]]:
    """:func:`validate_units`, begun: every unit is read now, and what is returned gives
    the results. With ``warm``, a few units to validate (fewer than
    :data:`PARALLEL_TRIPLES` triples, as after an edit) go to its process, and the caller
    goes on while pySHACL runs there."""
    results: list[RawResult] = []
    missing = _missing(units, cache, results)
    head: list[Unit] = []
    size = 0
    for unit in missing:   # enough to tell whether worker processes pay off
        head.append(unit)
        size += unit.size
        if size >= PARALLEL_TRIPLES:
            break
    if not head:
        return lambda: results
    core_ttl = core.serialize(format="turtle")
    workers = jobs or min(2, os.cpu_count() or 1)
    if workers > 1 and size >= PARALLEL_TRIPLES:
        per_batch = min(MAX_BATCH_TRIPLES, max(PARALLEL_TRIPLES // workers,
                                               -(-expected // workers)))
        batches = _batches(itertools.chain(head, missing), per_batch)
        # Spawned, not forked: a worker holds only its batch, not a copy of the build's
        # memory. Batches are made as the workers ask for them, a few ahead.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init_worker, initargs=(core_ttl,)) as pool:
            pending: deque[tuple[list[Unit], Future[list[RawResult]]]] = deque()
            for batch, data in batches:
                pending.append((batch, pool.submit(_validate_batch, data)))
                while len(pending) > workers:
                    _collect(*pending.popleft(), cache, results)
            while pending:
                _collect(*pending.popleft(), cache, results)
        return lambda: results
    rest = list(missing)   # none unless there is one core
    if warm is not None and not rest:
        receive = warm.submit(core_ttl, _ntriples(head))

        def received() -> list[RawResult]:
            _collect(head, receive(), cache, results)
            return results
        return received
    for batch, data in _batches(itertools.chain(head, rest), MAX_BATCH_TRIPLES):
        _collect(batch, _validate_here(core_ttl, data), cache, results)
    return lambda: results


def _validate_here(core_ttl: str, ntriples: bytes) -> list[RawResult]:
    """:func:`_validate_batch` in this process, the shapes parsed first if they changed."""
    if _CORE is None or _CORE_TTL != core_ttl:
        _init_worker(core_ttl)
    return _validate_batch(ntriples)


class WarmValidator:
    """A process kept by a process that validates again and again (the live preview's
    builds) to run pySHACL on batches of units: pySHACL is imported and the shapes parsed
    there once, not at each build, and the build goes on while it runs. It talks over a
    pipe, so it adds no thread to the build process (which forks its writers). Should it
    die, the batch is validated in the build process instead."""

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Any = None

    def submit(self, core_ttl: str, ntriples: bytes) -> Callable[[], list[RawResult]]:
        """Send a batch; what is returned waits for its results."""
        try:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._connection.send((core_ttl, ntriples))
        except (OSError, EOFError):
            self.close()
            results = _validate_here(core_ttl, ntriples)
            return lambda: results

        def receive() -> list[RawResult]:
            try:
                answer = self._connection.recv()
            except (OSError, EOFError):
                answer = None
            if not isinstance(answer, list):   # the process died, or pySHACL failed there
                self.close()
                return _validate_here(core_ttl, ntriples)
            return answer
        return receive

    def _start(self) -> None:
        self.close()
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_warm_main, args=(child,), daemon=True,
                                        name="spiralld-validator")
        self._process.start()
        child.close()

    def close(self) -> None:
        """Stop the process (a new one starts with the next batch)."""
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.send(None)
            self._connection.close()
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
        self._process = self._connection = None


def _warm_main(connection: Any) -> None:
    """The loop of a :class:`WarmValidator`'s process: a batch in, its results out."""
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        core_ttl, ntriples = message
        try:
            results: object = _validate_here(core_ttl, ntriples)
        except Exception as error:   # told to the build, which validates the batch itself
            results = f"{type(error).__name__}: {error}"
        connection.send(results)


def _collect(batch: list[Unit], outcome: list[RawResult] | Future[list[RawResult]],
             cache: VerdictCache, results: list[RawResult]) -> None:
    """File a batch's results under its units, in the cache and in ``results``."""
    batch_results = outcome.result() if isinstance(outcome, Future) else outcome
    owners: dict[str, list[int]] = defaultdict(list)   # node -> the units that have it
    for index, unit in enumerate(batch):
        for node in unit.nodes:
            owners[node].append(index)
    mine: list[list[RawResult]] = [[] for _ in batch]
    for result in batch_results:
        for index in owners.get(result.focus, ()):
            mine[index].append(result)
    for unit, unit_results in zip(batch, mine, strict=True):
        cache.put(unit.key, unit_results)
        results.extend(unit_results)
