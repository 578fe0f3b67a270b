"""Incremental validation: the dataset cut into units, each validated once per content.

A unit is one profile's named graph (or a bucket of the shared graph) plus its context:
every triple, from any graph, about a node the unit mentions. That is what the core shapes
look at (a claim's organization's class, a source's dates), so a unit's verdict depends
only on its content: verdicts are cached by a hash of it, and editing one profile
re-validates only the units whose content changed. Units missing from the cache are
validated in batches, on several processes when there are many.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph
import rdflib
from pyoxigraph import NamedNode, Triple

from ..mapping import Dataset
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
    """Triples validated together; results about ``nodes`` belong to this unit."""

    name: str
    own: list[Triple]
    context: list[Triple]
    nodes: set[str]
    key: str = ""


def make_units(dataset: Dataset, salt: str) -> list[Unit]:
    """One unit per profile graph, shared graph in buckets; keyed by content and ``salt``."""
    by_subject: dict[object, list[Triple]] = defaultdict(list)
    for graph in dataset.graphs.values():
        for triple in graph.triples:
            by_subject[triple.subject].append(triple)
    groups: list[tuple[str, list[Triple]]] = []
    shared = dataset.iris.shared_graph.value
    for name in sorted(dataset.graphs):
        triples = list(dataset.graphs[name].triples)
        if name != shared:
            groups.append((name, triples))
            continue
        buckets = max(1, len(triples) // SHARED_BUCKET_TRIPLES)
        split: dict[int, list[Triple]] = defaultdict(list)
        for triple in triples:
            digest = hashlib.blake2b(triple.subject.value.encode(), digest_size=4).digest()
            split[int.from_bytes(digest, "big") % buckets].append(triple)
        groups.extend((f"{name}#{index}", split[index]) for index in sorted(split))
    units = []
    for name, own in groups:
        own_set = set(own)
        mentioned = {t.subject for t in own} | {t.object for t in own
                                                 if isinstance(t.object, NamedNode)}
        context = [t for node in mentioned for t in by_subject.get(node, ())
                   if t not in own_set]
        nodes = {str(t.subject) for t in own} | {str(t.object) for t in own}
        unit = Unit(name, own, context, nodes)
        unit.key = _key(unit, salt)
        units.append(unit)
    return units


def _key(unit: Unit, salt: str) -> str:
    """A hash of the unit's sorted N-Triples lines (pyoxigraph writes them: fast)."""
    data = pyoxigraph.serialize([*unit.own, *unit.context],
                                format=pyoxigraph.RdfFormat.N_TRIPLES)
    digest = hashlib.sha256(salt.encode() + b"\n")
    digest.update(b"\n".join(sorted(data.splitlines())))
    return digest.hexdigest()


class VerdictCache:
    """Results per unit key, in one JSON file; keys not used by the last run are dropped."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hits = 0
        self.misses = 0
        self.entries: dict[str, list[dict[str, str | None]]] = {}
        if path is not None and path.is_file():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}  # a damaged cache is only a slower build
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
        staging = self.path.with_name(self.path.name + ".tmp")
        staging.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
        staging.replace(self.path)


_CORE: rdflib.Graph | None = None


def _init_worker(core_ttl: str) -> None:
    global _CORE
    _CORE = rdflib.Graph().parse(data=core_ttl, format="turtle")


def _validate_batch(ntriples: bytes) -> list[RawResult]:
    assert _CORE is not None
    data = rdflib.Graph(bind_namespaces="none").parse(data=ntriples, format="nt")
    return core_results(data, _CORE)


def _batches(units: list[Unit], count: int) -> Iterator[tuple[list[Unit], bytes]]:
    """At least ``count`` batches of units, each as the N-Triples of the union of its units.

    pySHACL's cost per call is high and its cost per triple is linear, so the fewest
    calls win: one per worker process, unless that would hold more than
    :data:`MAX_BATCH_TRIPLES` in one pySHACL graph (whose memory grows with it).
    """
    size = sum(len(unit.own) + len(unit.context) for unit in units)
    count = max(count, -(-size // MAX_BATCH_TRIPLES))
    per_batch = -(-len(units) // count)
    for start in range(0, len(units), per_batch):
        batch = units[start:start + per_batch]
        triples = {t for unit in batch for t in (*unit.own, *unit.context)}
        data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        yield batch, data


def validate_units(units: list[Unit], core: rdflib.Graph, cache: VerdictCache,
                   jobs: int | None = None) -> list[RawResult]:
    """Core-shape results of every unit: from the cache, or validated now."""
    results: list[RawResult] = []
    missing = []
    for unit in units:
        cached = cache.get(unit.key)
        if cached is None:
            missing.append(unit)
        else:
            results.extend(cached)
    if not missing:
        return results
    core_ttl = core.serialize(format="turtle")
    workers = jobs or min(2, os.cpu_count() or 1)
    size = sum(len(unit.own) + len(unit.context) for unit in missing)
    parallel = workers > 1 and size >= PARALLEL_TRIPLES
    batches = _batches(missing, workers if parallel else 1)
    if parallel:
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
    else:
        _init_worker(core_ttl)
        for batch, data in batches:
            _collect(batch, _validate_batch(data), cache, results)
    return results


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
