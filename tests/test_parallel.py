"""Documents and pages written by forked workers are the ones one process writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bench.corpus import generate

import spiralld.build
import spiralld.release.export
from spiralld.build import build
from spiralld.config import load_config
from spiralld.rebuild import parallel


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_chunks_cover_every_item_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    items = [f"item-{i}" for i in range(37)]
    chunks = list(parallel.chunked(items, lambda chunk: [s.upper() for s in chunk], workers=2))
    assert [s for _done, chunk in chunks for s in chunk] == [s.upper() for s in items]
    assert chunks[-1][0] == len(items)
    assert len(chunks) > 1


def test_each_chunk_of_at_most_max_items_runs_in_a_new_worker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    monkeypatch.setattr(parallel, "MAX_CHUNK_ITEMS", 5)
    chunks = [chunk for _done, chunk in parallel.chunked(
        list(range(200)), lambda chunk: (os.getpid(), list(chunk)), workers=2)]
    assert [item for _pid, items in chunks for item in items] == list(range(200))
    assert max(len(items) for _pid, items in chunks) == 5
    pids = [pid for pid, _items in chunks]
    assert len(set(pids)) == len(pids)   # a worker's memory is returned after each chunk
    assert os.getpid() not in pids


def test_an_error_in_a_worker_reaches_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)

    def fail(chunk: list[int]) -> None:
        if 13 in chunk:
            raise ValueError("item 13 is unlucky")

    with pytest.raises(ValueError, match="item 13 is unlucky"):
        list(parallel.chunked(list(range(40)), fail, workers=2))


def test_two_workers_write_the_release_one_process_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    generate(40, data, 2, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    releases = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("SPIRALLD_JOBS", jobs)
        out = tmp_path / f"site-{jobs}"
        result = build(data, out, load_config(data))
        releases[jobs] = tree(out)
        assert set(result.files) == set(releases[jobs]) - {".spiralld-release"}
    assert releases["1"] == releases["2"]
    assert "page/" + sorted(p.name for p in (data / "profiles").glob("*.md"))[0] \
        .removesuffix(".md") + ".html" in releases["2"]


def test_a_large_dataset_is_built_without_overlap_into_the_same_release(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above OVERLAP_MAX_TRIPLES the store loads before validation, the build process
    writes the dataset files itself and the profiles' details are let go once mapped (less
    memory at once): the release is the same."""
    data = tmp_path / "data"
    generate(30, data, 2, seed=4)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    monkeypatch.setenv("SPIRALLD_JOBS", "2")
    workers: list[int | None] = []

    def recording(items, work, workers_=None, min_items=None):  # type: ignore[no-untyped-def]
        workers.append(workers_)
        return parallel.chunked(items, work, workers_, min_items)

    monkeypatch.setattr(spiralld.release.export, "chunked", recording)
    releases = {}
    for limit in (10**9, 0):
        monkeypatch.setattr(spiralld.build, "OVERLAP_MAX_TRIPLES", limit)
        workers.clear()
        result = build(data, tmp_path / f"site-{limit}", load_config(data), fresh=True)
        releases[limit] = tree(tmp_path / f"site-{limit}")
        assert workers[-1] == (1 if limit == 0 else None)   # the dataset files' call
        # the profiles' details let go (each page reads its file again), or kept
        assert bool(result.corpus.summarized) == (limit == 0)
    assert releases[0] == releases[10**9]
