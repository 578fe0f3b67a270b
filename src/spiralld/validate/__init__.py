"""Validation against the SHACL shapes in shapes/, reported at the file:line of each problem."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path

import pyoxigraph
import rdflib

from .. import __version__
from ..mapping import Dataset
from ..query.library import write_store
from .engine import core_results, load_shapes, shapes_digest, sparql_results, split_shapes
from .results import FORMATS, Finding, RawResult, Report, render
from .units import Unit, UnitKeys, VerdictCache, WarmValidator, make_units, start_units

#: Changes when the split between pySHACL and the SPARQL evaluation changes: cached unit
#: verdicts from another split are not reused.
ENGINE_REVISION = 2

__all__ = ["FORMATS", "Finding", "Report", "load_shapes", "render", "to_rdflib",
           "start_validation", "validate_dataset", "validate_graph", "Validation",
           "WarmValidator"]


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    """An rdflib Graph of the triples (through N-Triples: exact and fast)."""
    graph = rdflib.Graph(bind_namespaces="none")
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> Report:
    """Validate any rdflib graph as a whole (results are not located in files)."""
    core, constraints = split_shapes(shapes if shapes is not None else load_shapes())
    store = pyoxigraph.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"),
               format=pyoxigraph.RdfFormat.N_TRIPLES)
    raw = core_results(data, core) + sparql_results(store, constraints)
    return _report(raw, lambda result: None)


def validate_dataset(dataset: Dataset, shapes: rdflib.Graph | None = None,
                     cache_file: Path | None = None, jobs: int | None = None,
                     store: pyoxigraph.Store | Future[pyoxigraph.Store] | None = None,
                     unchanged: UnitKeys | None = None,
                     warnings: list[str] | None = None) -> Report:
    """Validate the mapped dataset; locate each result at the file:line behind it.

    With ``cache_file``, verdicts of unchanged units are reused (see ``units``). The SPARQL
    constraints run on ``store`` when given (a store holding the dataset's quads: the build
    passes the release's on-disk store, still loading), else on a scratch on-disk copy of
    the dataset. The units of ``unchanged`` (those of the last build whose graph and
    documents no edit touched) are not read again: their verdicts come from the cache by
    their previous keys. The report carries every unit's key, for the next build. A
    damaged cache file is not used, with a line in ``warnings``.
    """
    return start_validation(dataset, shapes, cache_file, jobs, store, unchanged,
                            warnings).report()


class Validation:
    """A validation begun by :func:`start_validation`: :meth:`report` ends it."""

    def __init__(self, dataset: Dataset, constraints: rdflib.Graph,
                 core: Callable[[], list[RawResult]], cache: VerdictCache,
                 store: pyoxigraph.Store | Future[pyoxigraph.Store] | None, salt: str,
                 keys: dict[str, tuple[str, tuple[str, ...]]]) -> None:
        self._dataset, self._constraints, self._core = dataset, constraints, core
        self._cache, self._store, self._salt, self._keys = cache, store, salt, keys
        self._report: Report | None = None

    def report(self) -> Report:
        """The SPARQL constraints checked, the core shapes' results gathered, every result
        located: the report (made once)."""
        if self._report is not None:
            return self._report
        dataset = self._dataset
        with _queryable(dataset, self._store) as queryable:
            raw = sparql_results(queryable, self._constraints)
            raw = self._core() + raw
            terms = {result: result.terms() for result in set(raw)}
            nodes = {focus for focus, _path, _value in terms.values()}
            dataset.index_origins(nodes, _graphs_mentioning(queryable, nodes))
        self._store = None   # let the store go with its user, not with this validation
        cache = self._cache
        cache.save()

        def locate(result: RawResult) -> tuple[str, int] | None:
            focus, path, value = terms[result]
            return dataset.origin(focus, path, value)  # type: ignore[arg-type]

        report = _report(raw, locate)
        self._report = dataclasses.replace(
            report, units_cached=cache.hits, units_validated=cache.misses,
            unit_keys=UnitKeys(self._salt, self._keys))
        return self._report


def start_validation(dataset: Dataset, shapes: rdflib.Graph | None = None,
                     cache_file: Path | None = None, jobs: int | None = None,
                     store: pyoxigraph.Store | Future[pyoxigraph.Store] | None = None,
                     unchanged: UnitKeys | None = None,
                     warnings: list[str] | None = None,
                     warm: WarmValidator | None = None) -> Validation:
    """:func:`validate_dataset`, begun: the units are read and their core shapes checked
    (with ``warm``, a few units go to its process: the caller goes on meanwhile); the
    SPARQL constraints and the report wait for :meth:`Validation.report`."""
    shapes = shapes if shapes is not None else load_shapes()
    core, constraints = split_shapes(shapes)
    cache = VerdictCache(cache_file, warnings)
    salt = f"{__version__} {ENGINE_REVISION} {shapes_digest(shapes)}"
    keys: dict[str, tuple[str, tuple[str, ...]]] = {}

    def noted(units: Iterable[Unit]) -> Iterator[Unit]:
        for unit in units:
            keys[unit.name] = (unit.key, unit.documents)
            yield unit

    unchanged = _cached_only(unchanged, cache)
    units = noted(make_units(dataset, salt, unchanged))
    # Units carry their context too: about twice the dataset's triples in all.
    results = start_units(units, core, cache, jobs, expected=2 * dataset.triple_count,
                          warm=warm)
    return Validation(dataset, constraints, results, cache, store, salt, keys)


def _graphs_mentioning(store: pyoxigraph.Store, nodes: Iterable[object]) -> set[str]:
    """The names of the graphs with a triple whose subject or object is one of ``nodes``."""
    graphs = set()
    for node in nodes:
        if isinstance(node, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
            graphs.update(quad.graph_name for quad in store.quads_for_pattern(node, None, None))
        if node is not None:
            graphs.update(quad.graph_name for quad in
                          store.quads_for_pattern(None, None, node))  # type: ignore[arg-type]
    return {graph.value for graph in graphs if isinstance(graph, pyoxigraph.NamedNode)}


def _cached_only(unchanged: UnitKeys | None, cache: VerdictCache) -> UnitKeys | None:
    """The units of ``unchanged`` whose verdict is in the cache."""
    if unchanged is None:
        return None
    return UnitKeys(unchanged.salt, {name: known for name, known in unchanged.units.items()
                                     if known[0] in cache.entries})


@contextlib.contextmanager
def _queryable(dataset: Dataset, store: pyoxigraph.Store | Future[pyoxigraph.Store] | None
               ) -> Iterator[pyoxigraph.Store]:
    """``store`` (once loaded, if it is still loading), else a scratch on-disk store of the
    dataset's quads (an in-memory store costs ~600 bytes a triple, a lot at 100k profiles)."""
    if isinstance(store, Future):
        yield store.result()
        return
    if store is not None:
        yield store
        return
    with tempfile.TemporaryDirectory(prefix="spiralld-validate-") as scratch:
        yield write_store(Path(scratch), nquads=dataset.nquads())


def _report(raw: list[RawResult], locate: object) -> Report:
    findings = set()
    for result in set(raw):
        origin = locate(result)  # type: ignore[operator]
        file, line = origin if origin else ("", 0)
        findings.add(Finding(
            file=file,
            line=line,
            severity=result.severity,
            message=result.message,
            focus=result.focus[1:-1] if result.focus.startswith("<") else result.focus,
            path=result.path_text,
            value=result.value,
            shape=result.shape,
        ))
    ordered = sorted(findings, key=lambda f: (f.file, f.line, f.severity, f.message, f.focus,
                                              f.value or ""))
    return Report(tuple(ordered), tuple(sorted(set(raw), key=str)))
