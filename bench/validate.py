"""Validation speed: spiralld's incremental strategy against one whole-graph pySHACL call.

Usage::

    python -m bench.validate --profiles 1000 [--profiles 10000] [--work /tmp/spiralld-bench]

For each corpus size it generates the benchmark corpus (bench.corpus, fixed seed), maps it,
and prints the seconds taken by:

- naive: pySHACL over the whole graph with the full shapes, SPARQL constraints included
  (pySHACL's default engine, ``advanced=True``), as a first implementation would;
- cold: ``validate_dataset`` with an empty verdict cache (units validated in as few pySHACL
  calls as possible, on both cores when large; SPARQL constraints once each in pyoxigraph);
- warm: the same data again, every unit verdict from the cache;
- one edit: after changing the lead of one profile (only its unit is validated again).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import pyshacl

from spiralld.build import build_dataset
from spiralld.config import Config
from spiralld.validate import load_shapes, to_rdflib, validate_dataset

from .corpus import main as make_corpus
from .scale import edit_profile


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(profiles: int, work: Path, naive: bool) -> dict[str, float | int | str]:
    corpus = work / f"corpus-{profiles}"
    if not corpus.exists():
        make_corpus(["--profiles", str(profiles), "--out", str(corpus)])
    cache = work / f"cache-{profiles}.json"
    cache.unlink(missing_ok=True)
    _, dataset = build_dataset(corpus, Config())
    triples = dataset.triple_count
    figures: dict[str, float | int | str] = {"profiles": profiles, "triples": triples}
    if naive:
        graph = to_rdflib(dataset.triples())
        figures["naive"], _ = timed(lambda: pyshacl.validate(
            graph, shacl_graph=load_shapes(), allow_warnings=True, advanced=True))
    figures["cold"], report = timed(lambda: validate_dataset(dataset, cache_file=cache))
    figures["warm"], _ = timed(lambda: validate_dataset(dataset, cache_file=cache))
    profile, original = edit_profile(corpus)
    try:
        _, edited = build_dataset(corpus, Config())
        figures["one edit"], incremental = timed(
            lambda: validate_dataset(edited, cache_file=cache))
        figures["units redone"] = incremental.units_validated
    finally:
        profile.write_text(original, encoding="utf-8")
    figures["findings"] = len(report.findings)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, action="append", default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/spiralld-bench"))
    parser.add_argument("--no-naive", action="store_true",
                        help="skip the whole-graph pySHACL run (slow at 10k)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"# {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
          f"pyshacl {pyshacl.__version__}; seconds")
    columns = ["profiles", "triples", "naive", "cold", "warm", "one edit", "units redone",
               "findings"]
    print(" | ".join(columns))
    for count in args.profiles or [1000]:
        figures = run(count, args.work, naive=not args.no_naive)
        print(" | ".join(f"{figures[c]:.2f}" if isinstance(figures.get(c), float)
                         else str(figures.get(c, "-")) for c in columns), flush=True)


if __name__ == "__main__":
    main()
