"""``spiralld build``: load the data project, map it to RDF, validate, write the release."""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import functools
import gc
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from pyoxigraph import Literal, NamedNode, Quad, Store

from .config import Config, source_date_epoch
from .errors import ValidationFailed
from .mapping import Dataset, map_corpus
from .namespaces import VOID
from .query.library import finish_store, store_path, update_store, write_store
from .reading.corpus import Corpus, SummaryDisagrees, load_corpus
from .rebuild.live import Session, pages_in_place, release_writer
from .rebuild.profile_cache import ProfileCache
from .rebuild.reuse import STORE, Reuse, world_key
from .release import jsonld
from .release.description import (
    BuildRun,
    describe,
    description_quads,
    description_turtle,
    file_inputs,
)
from .release.documents import DESCRIPTION_GRAPH, Documents
from .release.export import write_documents, write_dumps
from .release.staging import StagedRelease, release_lock, staged_release
from .serve.webservers import htaccess, nginx, sitemap
from .site import html_path, render_site
from .validate import Report, Validation, start_validation, validate_dataset

P = ParamSpec("P")
R = TypeVar("R")

#: Called with (stage, done, total) as the build goes; the CLI draws a progress bar.
Progress = Callable[[str, int, int], None]

#: Above this many triples a build keeps its memory down rather than its time: the store
#: loads before validation instead of beside it, the dataset files are written by the build
#: process instead of two forked ones, and each profile's details are let go once it is
#: mapped (its page reads its file again). At 100k profiles (8.6 million triples) the
#: overlap took the peak of the process tree from about 3.5 to 4.2 GB; below, reading the
#: files again cost more time (about 1 ms a profile) than keeping them saves memory.
OVERLAP_MAX_TRIPLES = 3_000_000


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary."""

    corpus: Corpus
    dataset: Dataset
    files: tuple[str, ...]
    triples: int
    report: Report
    #: Data documents and pages carried over from the previous release, and made.
    carried: int = 0
    made: int = 0
    #: Profiles parsed and mapped anew, not taken from the profile cache.
    parsed: int = 0
    mapped: int = 0
    #: Pieces of the dataset files (root files and compressed dumps), and how many were
    #: copied from the previous release.
    pieces: int = 0
    pieces_copied: int = 0
    #: A line for each part of the cache found damaged and made again instead.
    warnings: tuple[str, ...] = ()

    def summary(self) -> list[str]:
        corpus = self.corpus
        raw = sum(1 for p in corpus.profiles if p.raw)
        names = sorted(corpus.stubs)
        shown = ", ".join(names[:10]) + (f", ... ({len(names) - 10} more)" if names[10:] else "")
        stubs = f" ({shown})" if names else ""
        replaced = [f"{slug} of {entity.path}:{entity.line} by {corpus.profile(slug).path}"
                    for slug, entity in corpus.superseded.items()
                    if corpus.profile(slug) is not None]
        return [
            f"profiles: {len(corpus.profiles)} "
            f"({len(corpus.profiles) - raw} curated, {raw} raw pages)",
            f"entities: {len(corpus.entities)}",
            *([f"entities superseded by profiles: {len(replaced)} ("
               + ", ".join(replaced[:10])
               + (f", ... ({len(replaced) - 10} more)" if replaced[10:] else "") + ")"]
              if replaced else []),
            f"stubs: {len(corpus.stubs)}{stubs}",
            f"triples: {self.triples}",
            f"validation: {self.report.summary()}",
            *([f"profile cache: {len(corpus.profiles) - self.mapped} of "
               f"{len(corpus.profiles)} profiles as the last build mapped them "
               f"({self.parsed} parsed, {self.mapped} mapped)"]
              if self.mapped < len(corpus.profiles) else []),
            *([f"dataset files: {self.pieces_copied} of {self.pieces} pieces copied from the "
               f"previous release"] if self.pieces_copied else []),
        ]


def build_dataset(data_dir: Path, config: Config, progress: Progress | None = None,
                  cache: ProfileCache | None = None) -> tuple[Corpus, Dataset]:
    """Load and map the data project, without writing anything. The profiles whose files
    and answers are as the last build left them are taken from the profile cache
    (:mod:`spiralld.rebuild.profile_cache`; ``cache``, else the data project's), which is updated.
    Those profiles are summaries: :meth:`Corpus.full` gives one with its details."""
    with cache or profile_cache(data_dir, config) as profiles:
        corpus = load_corpus(data_dir, config, progress, profiles)
        return corpus, map_corpus(corpus, profiles)


def profile_cache(data_dir: Path, config: Config, fresh: bool = False,
                  session: Session | None = None) -> ProfileCache:
    """The data project's profile cache (read unless ``fresh``; with the entries the
    ``session`` decoded before)."""
    return ProfileCache(data_dir / config.cache_dir, read=not fresh, root=data_dir,
                        decoded=session.decoded if session is not None else None)


def cache_file(data_dir: Path, config: Config) -> Path:
    """The validation cache of a data project."""
    return data_dir / config.cache_dir / "validation.json"


def validate_data(data_dir: Path, config: Config) -> Report:
    """Load, map and validate the data project (what ``spiralld validate`` runs)."""
    _corpus, dataset = build_dataset(data_dir, config)
    return validate_dataset(dataset, cache_file=cache_file(data_dir, config))


def _return_freed_memory() -> None:
    """Give memory freed by the C allocator back to the system (glibc keeps it otherwise)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):   # not glibc
        return
    trim(0)


def _now() -> datetime.datetime:
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _holding_release_lock(function: Callable[Concatenate[Path, Path, P], R]
                          ) -> Callable[Concatenate[Path, Path, P], R]:
    """Run a build holding the lock of its release (``out_dir``, the second argument), so
    that a second build into it fails at once, naming the first, instead of clearing the
    first's staging directories (:func:`spiralld.release.staging.release_lock`)."""
    @functools.wraps(function)
    def locked(data_dir: Path, out_dir: Path, *args: P.args, **kwargs: P.kwargs) -> R:
        with release_lock(out_dir):
            return function(data_dir, out_dir, *args, **kwargs)
    return locked


@_holding_release_lock
def build(data_dir: Path, out_dir: Path, config: Config,
          progress: Progress | None = None, fresh: bool = False,
          trust_templates: bool = False, session: Session | None = None) -> BuildResult:
    """Validate, then write the release to ``out_dir``.

    Unless ``fresh``, what the last build into ``out_dir`` made is reused where no edit
    since touched it (:mod:`spiralld.rebuild.reuse`): its query store, updated graph by graph; the
    keys of its validation units; its data documents and pages. (Validation verdicts cached
    by content are reused either way.)

    The data project's templates render sandboxed unless ``trust_templates``.

    With a ``session`` (a process that builds again and again: :mod:`spiralld.rebuild.live`)
    the release is written in place, its pages and documents first, and what the session's
    earlier builds decoded is taken from memory.

    Raises ValidationFailed (carrying the report) when the data has violations; on that or
    any other error ``out_dir`` is left as it was (with a ``session``, but for the pages and
    documents of an error after they were moved in, which the next build makes again).
    """
    try:
        return _build(data_dir, out_dir, config, progress, fresh, trust_templates,
                      profile_cache(data_dir, config, fresh, session), session)
    except SummaryDisagrees as error:
        if session is not None:
            session.decoded.keep_only(set(), set())
        profiles = profile_cache(data_dir, config, fresh=True, session=session)
        profiles.note(f"{profiles.path}: the summary of {error.path} held there is not what "
                      "the file says: every profile parsed and mapped again")
        return _build(data_dir, out_dir, config, progress, fresh, trust_templates, profiles,
                      session)


def _build(data_dir: Path, out_dir: Path, config: Config, progress: Progress | None,
           fresh: bool, trust_templates: bool, profiles: ProfileCache,
           session: Session | None = None) -> BuildResult:
    """:func:`build` with the profile cache ``profiles``."""
    report_progress = progress or (lambda stage, done, total: None)
    started = _now()
    corpus, dataset = build_dataset(data_dir, config, report_progress, profiles)
    if dataset.triple_count > OVERLAP_MAX_TRIPLES:
        corpus.shed_details()   # each profile's page reads its details again from its file
    # The mapped dataset lives until the end: keep the garbage collector from rescanning
    # its millions of objects on every collection.
    gc.collect()
    gc.freeze()
    _return_freed_memory()
    # The query store is loaded into a scratch directory: the SPARQL constraints run on it
    # (no second, in-memory copy of the dataset). A checkpoint of it (hard links) is
    # staged like the release and kept only if the build is: the open store itself is never
    # renamed, since RocksDB goes on using its files by path until the store is dropped.
    reuse = Reuse(data_dir / config.cache_dir, out_dir, store_path(out_dir), profiles.inputs(),
                  profiles.spelling)
    if not fresh:
        reuse.open(dataset, corpus)
    with staged_release(store_path(out_dir)) as store_stage, \
            tempfile.TemporaryDirectory(  # named as staging, so a killed build's is cleared
                prefix=f".{store_path(out_dir).name}.new-work-", dir=store_stage.root.parent,
                ignore_cleanup_errors=True) as scratch:
        # The store loads in a thread (pyoxigraph lets go of the GIL) while the core shapes
        # are checked; the SPARQL constraints wait for it.
        loading: Future[Store] | None = None
        store: Store | None = None
        validation: Validation | None = None
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="spiralld-store") as loader:
                report_progress("store", 0, 1)
                loading = loader.submit(_load_store, Path(scratch) / STORE, dataset, reuse)
                loading.add_done_callback(lambda _: report_progress("store", 1, 1))
                if dataset.triple_count > OVERLAP_MAX_TRIPLES:
                    wait([loading])
                report_progress("validate", 0, 1)
                validation = start_validation(
                    dataset, cache_file=cache_file(data_dir, config), store=loading,
                    unchanged=reuse.unchanged_units(), warnings=reuse.warnings,
                    warm=session.validator if session is not None else None)
                if session is None:
                    _conforming(validation, data_dir)
                    report_progress("validate", 1, 1)
                store = loading.result()
            _return_freed_memory()   # before forking the writers: less for them to share
            files, inner, report = _write_release(
                corpus, dataset, config, data_dir, out_dir, started, report_progress, store,
                reuse, trust_templates, session, validation)
            finish_store(store, inner, optimize=reuse.previous_store() is None)
            store.backup(str(store_stage.path(STORE)))
        finally:
            # Close the store (its background work, a compaction say, ends with it) before
            # its scratch directory is removed: the readers of the documents and pages hold
            # it in reference cycles (their caches), which only the collector frees.
            loading = store = validation = None   # the validation holds the store
            gc.collect()
    reuse.save(dataset, corpus, report.unit_keys)
    return BuildResult(corpus, dataset, files, dataset.triple_count, report,
                       reuse.carried, reuse.made, profiles.reparsed, profiles.remapped,
                       reuse.pieces, reuse.pieces_copied,
                       (*profiles.warnings(), *reuse.warnings))


def _conforming(validation: Validation, data_dir: Path) -> Report:
    """The validation's report; ValidationFailed if the data has violations."""
    report = validation.report()
    del validation   # the error's traceback must not hold it (and the store it holds)
    if not report.conforms:
        raise ValidationFailed(f"{data_dir}: the data does not conform to the shapes: "
                               f"{report.summary()}; nothing was written", report)
    return report


def _load_store(path: Path, dataset: Dataset, reuse: Reuse) -> Store:
    """The dataset's quads in a store at ``path``: the previous release's store with the
    graphs changed since replaced, when it is the one recorded; else all loaded anew."""
    previous = reuse.previous_store()
    if previous is not None:
        try:
            remove = [dataset.iris.base + DESCRIPTION_GRAPH, *sorted(reuse.changed_graphs)]
            store = update_store(previous, path, remove, dataset.nquads(
                reuse.changed_graphs & dataset.graphs.keys()))
            _remove_old_descriptions(store)
            return store
        except OSError:
            shutil.rmtree(path, ignore_errors=True)
    return write_store(path, nquads=dataset.nquads())


def _remove_old_descriptions(store: Store) -> None:
    """Drop the description graphs left by a previous release built with another base IRI
    (the graph ``<old base>graph/dataset`` of the description whose void:uriSpace is the
    old base): its graphs under that base went as changed graphs, but not this one."""
    old = {NamedNode(quad.object.value + DESCRIPTION_GRAPH)
           for quad in store.quads_for_pattern(None, VOID.uriSpace, None)
           if isinstance(quad.object, Literal)}
    for graph in sorted(old, key=str):
        store.remove_graph(graph)


def _write_release(corpus: Corpus, dataset: Dataset, config: Config, data_dir: Path,
                   out_dir: Path, started: datetime.datetime, report_progress: Progress,
                   store: Store, reuse: Reuse, trust_templates: bool,
                   session: Session | None, validation: Validation
                   ) -> tuple[tuple[str, ...], list[Quad], Report]:
    """Write and swap in the release (in place, pages first, with a ``session``); return
    its files, the description's quads and the validation's report. With a ``session`` the
    validation ends here, once the pages and documents are written aside, and they are
    moved in only if the data conforms."""
    documents = Documents(dataset, store)
    reuse.set_world(world_key(corpus, documents.iris, data_dir, trust_templates))
    with release_writer(out_dir, session) as release:
        try:
            write_documents(documents, release, report_progress, reuse)
            report_progress("pages", 0, 1)
            render_site(corpus, dataset, documents, release, data_dir, documents.store, reuse,
                        trust_templates, session.environments if session is not None else None)
            report_progress("pages", 1, 1)
        except Exception:
            _conforming(validation, data_dir)   # data that does not conform says so first
            raise
        report = _conforming(validation, data_dir)
        if session is not None:
            report_progress("validate", 1, 1)
        pages_in_place(release, session, report)
        release.write("ontology.ttl", (resources.files("spiralld") / "ontology" / "spiral.ttl")
                      .read_bytes())
        _write_sitemap(corpus, dataset, documents, release)
        release.write(".htaccess", htaccess(config.base_iri))
        release.write("nginx.conf", nginx(config.base_iri))
        run = BuildRun(started, _now(), file_inputs(data_dir, corpus.files))
        inner = description_quads(describe(dataset, config, run), config.base_iri)
        report_progress("dumps", 0, 1)
        epoch = source_date_epoch()
        previous, previous_roots = reuse.previous_pieces(), reuse.previous_roots()
        try:
            written = write_dumps(
                dataset, inner, release, mtime=epoch or 0, shard_quads=config.dump_shard_quads,
                workers=1 if dataset.triple_count > OVERLAP_MAX_TRIPLES else None,
                previous=previous, previous_roots=previous_roots)
        finally:
            for pieces in (previous, *previous_roots.values()):
                if pieces is not None:
                    pieces.close()
        dumps = written.dumps
        reuse.keep_pieces([(dump.path, dump.byte_size, dump.pieces) for dump in dumps],
                          [(root.path, root.byte_size, root.pieces) for root in written.roots],
                          copied=sum(file.reused for file in (*dumps, *written.roots)))
        report_progress("dumps", 1, 1)
        description = describe(dataset, config, run, dumps)
        release.write("void.ttl", description_turtle(description))
        release.write("void.jsonld", jsonld.dumps(jsonld.document(description)))
        files = tuple(sorted(release.written))
    return files, inner, report


def _write_sitemap(corpus: Corpus, dataset: Dataset, documents: Documents,
                   release: StagedRelease) -> None:
    """The sitemap listing the HTML pages."""
    base = dataset.iris.base
    urls = []
    for iri in documents.iris:
        path = html_path(documents, corpus, iri)
        if path.startswith("page/") or iri.startswith(base + "page/"):
            continue
        urls.append((base + path, None))
    for profile in corpus.profiles:
        modified = profile.date_modified
        lastmod = modified.lexical if modified and modified.precision == "day" else None
        urls.append((f"{base}page/{profile.slug}", lastmod))
    release.write("sitemap.xml", sitemap([(base, None), *sorted(urls)]))
