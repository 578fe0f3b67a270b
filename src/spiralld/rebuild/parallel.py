"""Spreading per-item work of a build over the machine's cores with forked processes.

Forked workers inherit the parent's memory (the mapped dataset, the indexes) copy-on-write,
so nothing big is pickled: a worker gets a range of item indexes and sends back only
what it returns for each chunk (the paths it wrote, say). Each chunk gets a new worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

#: Below this many items a second process costs more than it saves.
MIN_PARALLEL_ITEMS = 200
#: Chunks per worker: more chunks balance uneven items and let progress advance.
CHUNKS_PER_WORKER = 8
#: Items in a chunk at most. Each chunk gets a new worker, whose memory grows as it copies
#: the parent's pages it touches (writing an object's reference count copies its page).
MAX_CHUNK_ITEMS = 1000

_work: Callable[[Sequence[Any]], Any] | None = None
_items: Sequence[Any] = ()


def default_workers() -> int:
    """``SPIRALLD_JOBS`` when set, else one worker per core this process may run on."""
    jobs = os.environ.get("SPIRALLD_JOBS", "").strip()
    if jobs.isdigit() and int(jobs) > 0:
        return int(jobs)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _run_chunk(bounds: tuple[int, int]) -> Any:
    assert _work is not None
    return _work(_items[bounds[0]:bounds[1]])


def chunked(items: Sequence[Any], work: Callable[[Sequence[Any]], Any],
            workers: int | None = None,
            min_items: int | None = None) -> Iterator[tuple[int, Any]]:
    """``work(chunk)`` over consecutive chunks of ``items``, in forked processes when there
    are ``min_items`` (default :data:`MIN_PARALLEL_ITEMS`) or more and more than one core;
    yields (items done so far, result) in order.

    ``work`` runs in a child process: its side effects on the parent's objects are lost,
    so whatever the parent needs must come back in its result.
    """
    global _work, _items
    count = workers or default_workers()
    if min_items is None:
        min_items = MIN_PARALLEL_ITEMS
    if count < 2 or len(items) < min_items or "fork" not in \
            multiprocessing.get_all_start_methods():
        yield len(items), work(items)
        return
    size = max(1, min(MAX_CHUNK_ITEMS, -(-len(items) // (count * CHUNKS_PER_WORKER))))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _work, _items = work, items
    try:
        # A fresh fork for each chunk: the pages a worker copied from the parent and its
        # caches go back when the chunk ends.
        with multiprocessing.get_context("fork").Pool(count, maxtasksperchild=1) as pool:
            for (_start, stop), result in zip(bounds, pool.imap(_run_chunk, bounds),
                                              strict=True):
                yield stop, result
    finally:
        _work, _items = None, ()
