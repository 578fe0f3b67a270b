"""Canned query latency on a release's embedded store, with the rows kept for comparison.

Usage::

    python -m bench.queries RELEASE [--reps 10] [--only NAME ...] [--save rows.json]
                            [--compare rows.json] [--rdflib]

Runs every canned query (or those named with ``--only``) ``--reps`` times through
``spiralld.query.library.open_store`` + ``run_embedded``, with the parameters ``bench/scale.py``
picks from the data (the person, organization, work, source and claim with the most links),
and prints each query's rows, p50 and p95 in milliseconds. ``--save`` writes the rows of
every query (SPARQL JSON bindings, in order) to a file; ``--compare`` checks them against
such a file, byte for byte, and exits 1 on any difference. ``--rdflib`` also times rdflib's
in-memory SPARQL on the release's N-Triples dump (once per query) and checks it gives as
many rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.scale import BASE, pick_params


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    from spiralld.query.library import bind_values, library, open_store, run_embedded, with_values

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("release", type=Path)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--rdflib", action="store_true")
    args = parser.parse_args(argv)

    store = open_store(args.release)
    params = pick_params(store)
    print(f"parameters: {json.dumps(params)}")
    queries = {name: query for name, query in library().items()
               if not args.only or name in args.only}
    graph = None
    if args.rdflib:
        import gzip

        import rdflib

        t0 = time.perf_counter()
        graph = rdflib.Graph()
        graph.parse(data=gzip.decompress(
            (args.release / "dumps" / "dataset.nt.gz").read_bytes()), format="nt")
        print(f"rdflib parse: {time.perf_counter() - t0:.1f} s, {len(graph)} triples")
    expected = json.loads(args.compare.read_text()) if args.compare else {}
    kept: dict[str, list[object]] = {}
    differ = []
    print("| query | rows | p50 ms | p95 ms | rdflib ms | x |")
    print("|---|---|---|---|---|---|")
    for name, query in queries.items():
        values = {p.name: params[p.name] for p in query.params if p.name in params}
        samples = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            results = run_embedded(query, store, values, BASE)
            samples.append((time.perf_counter() - t0) * 1000)
        kept[name] = [results.variables, results.bindings]
        p50 = statistics.median(samples)
        naive = ratio = ""
        if graph is not None:
            text = with_values(query, bind_values(query, values, BASE))
            t0 = time.perf_counter()
            count = len(list(graph.query(text)))
            seconds = time.perf_counter() - t0
            naive = f"{seconds * 1000:.0f}" + ("" if count == len(results.bindings)
                                                 else f" ({count} rows!)")
            ratio = f"{seconds * 1000 / p50:.0f}"
        mark = ""
        if name in expected:
            if json.dumps(expected[name]) != json.dumps(kept[name]):
                differ.append(name)
                mark = " DIFFERENT"
            else:
                mark = " same"
        print(f"| {name} | {len(results.bindings)}{mark} | {p50:.1f} | "
              f"{percentile(samples, 0.95):.1f} | {naive} | {ratio} |", flush=True)
    if args.save:
        args.save.write_text(json.dumps(kept, ensure_ascii=False))
    if differ:
        print(f"rows differ from {args.compare}: {', '.join(differ)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
