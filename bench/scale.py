"""Scale: the whole build at 1k, 10k (and on request 100k) profiles, against the naive
pipeline and the floor.

Usage (``bench/run`` runs this)::

    python -m bench.scale [SIZE ...] [--100k] [--work /tmp/spiralld-bench]
                          [--shacl-timeout 1200] [--build-timeout 5400] [--no-naive] ...

SIZE is a profile count (``1000``, ``1k``, ``10k``); the default is ``1k 10k``. For each size
it uses the deterministic corpus ``WORK/corpus-N`` (generated with ``bench.corpus``, fixed
seed, when missing), copies it to ``WORK/data-N`` (so the validation cache and the edit stay
out of the corpus) and measures, each in a subprocess of its own whose peak RSS is read with
``os.wait4`` (largest single process, validation workers included) and whose process tree's
summed memory is sampled every 0.5 s (PSS: pages shared copy-on-write with forked workers
counted once):

- **full build**: ``spiralld.build.build`` with an empty validation cache; the time of each
  stage comes from timers wrapped around the library calls that ``build()`` makes (load,
  map, validate, the root exports, the documents, the pages, the dumps, the store), and the
  ``progress`` callback's first and last report of each stage is kept as a cross-check;
- **incremental**: the same build again after editing one profile's lead, into the same
  directory (what ``DATA_DIR/.spiralld-cache`` keeps is warm: the validation verdicts, each
  profile's parse and graph, the record of the release; see the README);
- **queries**: every canned query (``spiralld.query.library.library()``) on the release's embedded
  store (``open_store`` + ``run_embedded``), ``--query-reps`` times each; p50/p95 over all runs;
- **naive**: one rdflib Graph parsed from ``dumps/dataset.nt.gz``, rdflib's N-Triples,
  Turtle and JSON-LD serializers, whole-graph pySHACL with ``load_shapes()`` and
  ``advanced=True`` (capped by ``--shacl-timeout``), rdflib's SPARQL for the canned queries
  (``--naive-query-reps`` times each, capped by ``--naive-query-timeout`` per query);
- **floor**: pyoxigraph parsing the same N-Triples and serializing them as N-Triples and
  Turtle.

A step over its cap is killed and reported as ``>timeout`` (a lower bound). Everything is
written under ``--work``; the figures also go to ``WORK/scale-results.json``. Queries take
parameters chosen in the data (the person, organization, work, source and claim with the
most links), since the defaults name the seed data's entities, absent from the corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/spiralld/"


# === children: each runs in its own process and prints one JSON object per line =========

def emit(**event: Any) -> None:
    print(json.dumps(event), flush=True)


def code_fingerprint() -> str:
    """A hash of the installed spiralld package's files (code, shapes, queries, templates):
    a full and an incremental build are only comparable when it is the same."""
    import hashlib

    import spiralld

    digest = hashlib.sha256()
    package = Path(spiralld.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def child_build(data_dir: Path, out_dir: Path, profile: str | None) -> None:
    """Run build() with timers wrapped around the calls it makes, in the order it makes them."""
    started = time.perf_counter()

    import spiralld.build as b
    import spiralld.release.export as e
    from spiralld.config import Config
    emit(event="imported", seconds=time.perf_counter() - started, code=code_fingerprint())

    stages: dict[str, float] = {}

    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            emit(event="start", step=name)
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - t0
                stages[name] = stages.get(name, 0.0) + seconds
                emit(event="done", step=name, seconds=seconds)
        return wrapper

    b.load_corpus = timed("load", b.load_corpus)
    b.map_corpus = timed("map", b.map_corpus)
    b.validate_dataset = timed("validate", b.validate_dataset)
    b.Documents = timed("documents index", b.Documents)
    b.write_documents = timed("documents", b.write_documents)
    b.render_site = timed("pages", b.render_site)
    b.write_dumps = timed("dumps", b.write_dumps)
    b.write_store = timed("store", b.write_store)
    b.update_store = timed("store", b.update_store)
    b.finish_store = timed("store finish", b.finish_store)
    gzipped = e._gzipped

    def timed_gzipped(release: Any, path: str, *args: Any, **kwargs: Any) -> Any:
        return timed(f"dumps: {Path(path).name}", gzipped)(release, path, *args, **kwargs)

    e._gzipped = timed_gzipped
    staged = b.staged_release

    @contextlib.contextmanager
    def timed_release(out: Path):  # type: ignore[no-untyped-def]
        with staged(out) as release:
            yield release
            emit(event="start", step="commit")
            commit_started = time.perf_counter()
        seconds = time.perf_counter() - commit_started
        stages["commit"] = stages.get("commit", 0.0) + seconds
        emit(event="done", step="commit", seconds=seconds)

    b.staged_release = timed_release

    spans: dict[str, list[float]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        span = spans.setdefault(stage, [now, now])
        span[1] = now

    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = b.build(data_dir, out_dir, Config(), progress)
    build_seconds = time.perf_counter() - t0
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    emit(event="result", build=build_seconds, stages=stages,
         progress={k: v[1] - v[0] for k, v in spans.items()},
         triples=result.triples, files=len(result.files),
         units_validated=result.report.units_validated,
         units_cached=result.report.units_cached,
         findings=len(result.report.findings), violations=not result.report.conforms,
         parsed=result.parsed, mapped=result.mapped, carried=result.carried,
         pieces=result.pieces, pieces_copied=result.pieces_copied)


def pick_params(store: Any) -> dict[str, str]:
    """For each IRI parameter of the canned queries, the node of its kind with most links."""
    from pyoxigraph import NamedNode

    picks = {
        "person": "?x a schema:Person . ?x ?p ?c . ?c a spiral:Claim",
        "entity": "?x a schema:Person . ?x ?p ?c . ?c a spiral:Claim",
        "organization": "?x a schema:Organization . ?c ?p ?x . ?c a spiral:Claim",
        "work": "?x schema:author ?c . ?c a spiral:Claim",
        "source": "?c prov:wasDerivedFrom ?x",
        "node": "?x a spiral:Claim ; prov:wasDerivedFrom ?c",
    }
    chosen = {}
    for name, pattern in picks.items():
        text = ("PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX spiral: <https://w3id.org/spiralld/ontology#> "
                f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ {pattern} }} GROUP BY ?x "
                "ORDER BY DESC(?n) STR(?x) LIMIT 1")
        for row in store.query(text, use_default_graph_as_union=True):
            if isinstance(row["x"], NamedNode):
                chosen[name] = row["x"].value
    return chosen


def child_triples(data_dir: Path, out: Path) -> None:
    """dumps/dataset.nt.gz as build writes it, from load + map alone (when no release)."""
    from spiralld.build import build_dataset
    from spiralld.config import Config
    from spiralld.release.export import ntriples

    _corpus, dataset = build_dataset(data_dir, Config())
    (out / "dumps").mkdir(parents=True, exist_ok=True)
    (out / "dumps" / "dataset.nt.gz").write_bytes(
        gzip.compress(ntriples(dataset.triples()), compresslevel=6, mtime=0))
    emit(event="result", triples=dataset.triple_count)


def child_queries(release: Path, reps: int) -> None:
    from spiralld.query.library import library, open_store, run_embedded

    t0 = time.perf_counter()
    store = open_store(release)
    emit(event="done", step="open store", seconds=time.perf_counter() - t0)
    params = pick_params(store)
    queries = library()
    times: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    for _ in range(reps):
        for name, query in queries.items():
            values = {p.name: params[p.name] for p in query.params if p.name in params}
            t0 = time.perf_counter()
            results = run_embedded(query, store, values, BASE)
            times.setdefault(name, []).append(time.perf_counter() - t0)
            rows[name] = len(results.bindings)
    emit(event="result", params=params, times=times, rows=rows)


def child_naive(release: Path, out: Path, steps: list[str], params: dict[str, str],
                reps: int) -> None:
    """The naive pipeline on one rdflib Graph; ``steps`` in order, each reported."""
    import pyshacl
    import rdflib

    from spiralld.query.library import bind_values, library, with_values
    from spiralld.validate import load_shapes

    out.mkdir(parents=True, exist_ok=True)
    emit(event="start", step="parse")
    t0 = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data=gzip.decompress((release / "dumps" / "dataset.nt.gz").read_bytes()),
                format="nt")
    emit(event="done", step="parse", seconds=time.perf_counter() - t0, triples=len(graph))
    queries = library()
    for step in steps:
        emit(event="start", step=step)
        t0 = time.perf_counter()
        extra: dict[str, Any] = {}
        if step.startswith("serialize "):
            fmt = step.split()[1]
            data = graph.serialize(format=fmt, encoding="utf-8")
            (out / f"dataset.{fmt}").write_bytes(data)
        elif step == "pyshacl":
            conforms, _graph, _text = pyshacl.validate(
                graph, shacl_graph=load_shapes(), allow_warnings=True, advanced=True)
            extra["conforms"] = bool(conforms)
        elif step.startswith("sparql "):
            query = queries[step.split(" ", 1)[1]]
            values = {p.name: params[p.name] for p in query.params if p.name in params}
            text = with_values(query, bind_values(query, values, BASE))
            samples = []
            for _ in range(reps):
                t1 = time.perf_counter()
                result = graph.query(text)
                extra["rows"] = len(list(result))
                samples.append(time.perf_counter() - t1)
            extra["samples"] = samples
        emit(event="done", step=step, seconds=time.perf_counter() - t0, **extra)


def child_floor(release: Path, out: Path) -> None:
    """pyoxigraph parsing and serializing the same triples (N-Triples, Turtle)."""
    import pyoxigraph

    from spiralld.namespaces import PREFIXES

    out.mkdir(parents=True, exist_ok=True)
    data = gzip.decompress((release / "dumps" / "dataset.nt.gz").read_bytes())
    t0 = time.perf_counter()
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    emit(event="done", step="parse", seconds=time.perf_counter() - t0, triples=len(triples))
    t0 = time.perf_counter()
    (out / "dataset.nt").write_bytes(
        pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    emit(event="done", step="serialize nt", seconds=time.perf_counter() - t0)
    t0 = time.perf_counter()
    (out / "dataset.ttl").write_bytes(pyoxigraph.serialize(
        triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES))
    emit(event="done", step="serialize ttl", seconds=time.perf_counter() - t0)


# === the parent: runs children, enforces caps, measures memory ============================

class Outcome:
    """What one child did: its events, wall time, peak RSS, whether it was killed."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.wall = 0.0
        self.maxrss_kb = 0
        self.tree_rss_kb = 0
        self.tree_rss_by_step: dict[str, int] = {}   # the largest tree sample in each step
        self.main_rss_by_step: dict[str, int] = {}   # the child's own largest RSS in each step
        self.timed_out: str | None = None   # the step running when the cap was hit
        self.returncode = 0
        self.stderr = ""

    def done(self) -> dict[str, dict[str, Any]]:
        return {e["step"]: e for e in self.events if e.get("event") == "done"}

    def result(self) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("event") == "result"), None)


def _memory_kb(pid: int) -> int:
    """A process's proportional set size (shared pages split between the processes sharing
    them, so forked workers' copy-on-write pages are not counted twice), else its RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return _rss_kb(pid)


def _rss_kb(pid: int) -> int:
    """A process's resident set size (0 if gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


def _tree_rss_kb(pid: int) -> int:
    """Summed memory (PSS) of a process and its descendants (0 if gone)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total += _memory_kb(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_child(args: list[str], caps: dict[str, float], default_cap: float,
              log: Path, total_cap: float | None = None) -> Outcome:
    """Run ``python -m bench.scale --child ...``; kill it when a step outlives its cap.

    ``caps`` maps a step name (or a prefix ending in '*') to seconds; a step without one gets
    ``default_cap``; the whole child gets the sum of nothing: only steps are capped, plus
    ``default_cap`` between steps; ``total_cap``, if given, caps the child's wall time.
    """
    outcome = Outcome()
    command = [sys.executable, "-m", "bench.scale", "--child", *args]
    started = time.perf_counter()
    with open(log, "a") as err:
        err.write(f"\n$ {' '.join(command)}\n")
        err.flush()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err,
                                   text=True, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    step, deadline = None, started + default_cap
    status, rusage = 0, None
    next_sample = 0.0
    while True:
        with contextlib.suppress(queue.Empty):
            while True:
                line = lines.get(timeout=0.1)
                if line is None:
                    break
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                outcome.events.append(event)
                if event.get("event") == "done":
                    say(f"  {args[0]}: {event['step']} {event['seconds']:.2f} s")
                now = time.perf_counter()
                if event.get("event") == "start":
                    step = event["step"]
                    cap = caps.get(step)
                    if cap is None:
                        cap = next((v for k, v in caps.items()
                                    if k.endswith("*") and step.startswith(k[:-1])), default_cap)
                    deadline = now + cap
                elif event.get("event") == "done":
                    step, deadline = None, now + default_cap
        now = time.perf_counter()
        if now >= next_sample:
            sample = _tree_rss_kb(process.pid)
            outcome.tree_rss_kb = max(outcome.tree_rss_kb, sample)
            where = step or "(between steps)"
            outcome.tree_rss_by_step[where] = max(outcome.tree_rss_by_step.get(where, 0), sample)
            own = _rss_kb(process.pid)
            outcome.main_rss_by_step[where] = max(outcome.main_rss_by_step.get(where, 0), own)
            next_sample = now + 0.5
        pid, status, rusage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if now > deadline or (total_cap is not None and now - started > total_cap):
            outcome.timed_out = step or "(between steps)"
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            _pid, status, rusage = os.wait4(process.pid, 0)
            break
    outcome.wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    outcome.returncode = process.returncode
    outcome.maxrss_kb = rusage.ru_maxrss if rusage else 0
    reader.join(timeout=5)
    if process.stdout is not None:
        process.stdout.close()
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            break
        if line:
            with contextlib.suppress(ValueError):
                outcome.events.append(json.loads(line))
    if outcome.returncode != 0 and not outcome.timed_out:
        raise SystemExit(f"child {' '.join(args[:1])} failed (exit {outcome.returncode}); "
                         f"see {log}")
    return outcome


# === one size ===========================================================================

def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = 1000 if text.endswith("k") else 1
    return int(float(text.removesuffix("k")) * scale)


def label(count: int) -> str:
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def edit_profile(data: Path) -> tuple[Path, str]:
    """Append a sentence to the lead of the first profile (bench.validate uses it too)."""
    profile = sorted((data / "profiles").glob("*.md"))[0]
    original = profile.read_text(encoding="utf-8")
    lines = original.split("\n")
    lead = next(i for i, line in enumerate(lines) if i > 0 and line.startswith("# ")) + 2
    lines[lead] = lines[lead] + " Edited for the benchmark."
    profile.write_text("\n".join(lines), encoding="utf-8")
    return profile, original


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(count: int, args: argparse.Namespace) -> dict[str, Any]:
    work: Path = args.work
    name = label(count)
    corpus = work / f"corpus-{count}"
    if not (corpus / "profiles").is_dir():
        say(f"{name}: generating {corpus}")
        subprocess.run([sys.executable, "-m", "bench.corpus", "--profiles", str(count),
                        "--out", str(corpus)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    data = work / f"data-{count}"
    if not (data / "profiles").is_dir():
        say(f"{name}: copying the corpus to {data}")
        shutil.copytree(corpus, data, symlinks=True)
    release = work / f"site-{count}"
    log = work / f"scale-{count}.log"
    figures: dict[str, Any] = {"profiles": count, "caps": {
        "shacl": args.shacl_timeout, "naive_query": args.naive_query_timeout,
        "naive_query_reps": args.naive_query_reps, "query_reps": args.query_reps,
        "build": args.build_timeout, "incremental": args.incremental_timeout}}

    # Full build, cold validation cache.
    shutil.rmtree(data / ".spiralld-cache", ignore_errors=True)
    say(f"{name}: full build")
    profile_args = (["--profile", str(work / f"build-{count}.prof")]
                    if count in args.profile_sizes else [])
    full = run_child(["build", str(data), str(release), *profile_args], {},
                     args.build_timeout, log)
    figures["full"] = _build_figures(full)
    built = not full.timed_out
    say(f"{name}: full build {_seconds(figures['full'])}")

    if built and not args.no_queries:
        say(f"{name}: canned queries on the embedded store")
        queries = run_child(["queries", str(release), str(args.query_reps)], {},
                            args.build_timeout, log)
        figures["queries"] = queries.result()

    source = release
    if not built and not (args.no_floor and args.no_naive):
        source = work / f"triples-{count}"
        say(f"{name}: no release: writing the N-Triples dump from load + map to {source}")
        run_child(["triples", str(data), str(source)], {}, args.build_timeout, log)
    if not args.no_floor:
        say(f"{name}: floor (pyoxigraph)")
        floor = run_child(["floor", str(source), str(work / f"floor-{count}")], {},
                          args.build_timeout, log)
        figures["floor"] = {"steps": {k: v["seconds"] for k, v in floor.done().items()},
                            "wall": floor.wall, "maxrss_kb": floor.maxrss_kb}

    if not args.no_naive:
        figures["naive"] = _naive(source, work / f"naive-{count}", figures, args, log, name)

    if not args.no_incremental:
        profile, original = edit_profile(data)
        say(f"{name}: incremental build after editing {profile.name}")
        try:
            incremental = run_child(["build", str(data), str(release)], {},
                                    args.build_timeout, log, args.incremental_timeout)
        finally:
            profile.write_text(original, encoding="utf-8")
        figures["incremental"] = _build_figures(incremental)
        done = figures["incremental"]
        say(f"{name}: incremental build {_seconds(done)} (profiles parsed {done['parsed']}, "
            f"mapped {done['mapped']}; validation units validated {done['units_validated']}, "
            f"cached {done['units_cached']}; files carried over {done['carried']}; dump pieces "
            f"copied {done['pieces_copied']} of {done['pieces']})")
    return figures


def _build_figures(outcome: Outcome) -> dict[str, Any]:
    result = outcome.result() or {}
    stages = result.get("stages") or {k: v["seconds"] for k, v in outcome.done().items()}
    running = None
    if outcome.timed_out:
        start = [e for e in outcome.events if e.get("event") == "start"]
        running = start[-1]["step"] if start else None
    return {"wall": outcome.wall, "build": result.get("build"), "stages": stages,
            "progress": result.get("progress"), "maxrss_kb": outcome.maxrss_kb,
            "tree_rss_kb": outcome.tree_rss_kb, "tree_rss_by_step": outcome.tree_rss_by_step,
            "main_rss_by_step": outcome.main_rss_by_step,
            "timed_out": outcome.timed_out,
            "running": running,
            "imported": next((e["seconds"] for e in outcome.events
                              if e.get("event") == "imported"), None),
            "code": next((e.get("code") for e in outcome.events
                          if e.get("event") == "imported"), None),
            **{k: result.get(k) for k in ("triples", "files", "units_validated",
                                          "units_cached", "findings", "parsed", "mapped",
                                          "carried", "pieces", "pieces_copied")}}


def _naive(release: Path, out: Path, figures: dict[str, Any], args: argparse.Namespace,
           log: Path, name: str) -> dict[str, Any]:
    from spiralld.query.library import library

    params = (figures.get("queries") or {}).get("params", {})
    steps = ["serialize nt", "serialize turtle", "serialize json-ld",
             *(f"sparql {q}" for q in library())]
    if not args.no_shacl:
        steps.append("pyshacl")
    caps = {"pyshacl": args.shacl_timeout, "sparql *": args.naive_query_timeout}
    naive: dict[str, Any] = {"steps": {}, "timeouts": [], "maxrss_kb": 0, "tree_rss_kb": 0,
                             "sparql": {}}
    remaining = list(steps)
    while remaining:
        say(f"{name}: naive (rdflib, pySHACL): {len(remaining)} steps to go")
        outcome = run_child(["naive", str(release), str(out), json.dumps(remaining),
                             json.dumps(params), str(args.naive_query_reps)], caps,
                            args.build_timeout, log)
        naive["maxrss_kb"] = max(naive["maxrss_kb"], outcome.maxrss_kb)
        naive["tree_rss_kb"] = max(naive["tree_rss_kb"], outcome.tree_rss_kb)
        for step, event in outcome.done().items():
            if step == "parse":
                naive["steps"].setdefault("parse", event["seconds"])
                naive["triples"] = event.get("triples")
            elif step.startswith("sparql "):
                naive["sparql"][step.split(" ", 1)[1]] = event["samples"]
                naive.setdefault("rows", {})[step.split(" ", 1)[1]] = event.get("rows")
            else:
                naive["steps"][step] = event["seconds"]
                if step == "pyshacl":
                    naive["conforms"] = event.get("conforms")
            if step in remaining:
                remaining.remove(step)
        if outcome.timed_out:
            naive["timeouts"].append(outcome.timed_out)
            say(f"{name}: naive step {outcome.timed_out!r} over its cap")
            if outcome.timed_out in remaining:
                remaining.remove(outcome.timed_out)
            else:
                break   # parse itself, or between steps: give up on the rest
        elif remaining:
            break       # the child ended without doing them: do not loop
    return naive


# === the table ===========================================================================

def _seconds(build: dict[str, Any]) -> str:
    if build.get("timed_out"):
        return f">{build['wall']:.0f} s (timeout in {build.get('running')})"
    return f"{build['wall']:.1f} s"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def naive_total(naive: dict[str, Any], shacl_cap: float) -> tuple[float, bool]:
    """Parse + serializers + pySHACL; True when a part timed out (a lower bound)."""
    parts = ["parse", "serialize nt", "serialize turtle", "serialize json-ld", "pyshacl"]
    total, bound = 0.0, False
    for part in parts:
        if part in naive["steps"]:
            total += naive["steps"][part]
        elif part in naive["timeouts"]:
            total += shacl_cap if part == "pyshacl" else 0.0
            bound = True
        else:
            bound = True
    return total, bound


def fmt_s(value: float | None, bound: bool = False) -> str:
    if value is None:
        return "-"
    return (">" if bound else "") + (f"{value:.1f}" if value >= 10 else f"{value:.2f}")


def fmt_ratio(value: float | None, bound: str = "") -> str:
    if value is None:
        return "-"
    return bound + (f"{value:.1f}x" if value >= 1 else f"{value:.3f}x")


def table(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    head = ["profiles", "triples", "full build s", "peak RSS MB (largest / tree PSS)",
            "incremental s", "naive s", "floor s", "query p50/p95 ms", "rdflib query p50 ms",
            "naive/build", "build/floor", "incr/full", "rdflib/embedded p50"]
    rows = []
    for r in results:
        full = r["full"]
        full_s = None if full.get("timed_out") else full["wall"]
        full_bound = bool(full.get("timed_out"))
        incr = r.get("incremental")
        incr_s = incr["wall"] if incr else None
        incr_bound = bool(incr and incr.get("timed_out"))
        naive = r.get("naive")
        caps = r.get("caps") or {"shacl": args.shacl_timeout,
                                 "naive_query": args.naive_query_timeout,
                                 "naive_query_reps": args.naive_query_reps}
        naive_s, naive_bound = naive_total(naive, caps["shacl"]) if naive else (None, False)
        floor = r.get("floor")
        floor_s = sum(floor["steps"].values()) if floor else None
        queries = r.get("queries")
        samples = [t for ts in (queries or {}).get("times", {}).values() for t in ts]
        p50 = percentile(samples, 0.5) * 1000 if samples else None
        p95 = percentile(samples, 0.95) * 1000 if samples else None
        rdflib_samples, rdflib_bound = [], False
        if naive:
            rdflib_samples = [t for ts in naive["sparql"].values() for t in ts]
            for step in naive["timeouts"]:
                if step.startswith("sparql "):
                    rdflib_samples += [float("inf")] * caps["naive_query_reps"]
                    rdflib_bound = True
        rdflib_p50 = percentile(rdflib_samples, 0.5) * 1000 if rdflib_samples else None
        if rdflib_p50 == float("inf"):
            rdflib_p50 = caps["naive_query"] * 1000 / caps["naive_query_reps"]
            rdflib_bound = True
        wall = full["wall"]
        rows.append([
            label(r["profiles"]), str(full.get("triples") or (naive or {}).get("triples") or "-"),
            fmt_s(wall, full_bound),
            f"{full['maxrss_kb'] / 1024:.0f} / {full['tree_rss_kb'] / 1024:.0f}",
            fmt_s(incr_s, incr_bound),
            fmt_s(naive_s, naive_bound), fmt_s(floor_s),
            f"{p50:.1f} / {p95:.1f}" if p50 is not None else "-",
            fmt_s(rdflib_p50, rdflib_bound),
            fmt_ratio(naive_s / wall if naive_s and not full_bound else None,
                      ">" if naive_bound else ""),
            fmt_ratio(wall / floor_s if floor_s else None, ">" if full_bound else ""),
            fmt_ratio(incr_s / full_s if incr_s and full_s else None,
                      ">" if incr_bound else ""),
            fmt_ratio(rdflib_p50 / p50 if rdflib_p50 and p50 else None,
                      ">" if rdflib_bound else ""),
        ])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


STAGE_ORDER = ["load", "map", "store", "validate", "documents index", "export root files",
               "documents", "pages", "dumps", "dumps: dataset.ttl.gz", "dumps: dataset.nt.gz",
               "dumps: dataset.nq.gz", "dumps: dataset.jsonld.gz", "commit",
               "store finish"]


def stage_table(results: list[dict[str, Any]]) -> str:
    names = [n for n in STAGE_ORDER if any(n in r["full"]["stages"] for r in results)]
    head = ["stage"]
    for r in results:
        head.append(f"{label(r['profiles'])} full s")
        if r.get("incremental"):
            head.append(f"{label(r['profiles'])} incr s")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def cells(name: str) -> list[str]:
        out = []
        for r in results:
            for kind in ("full", "incremental"):
                build = r.get(kind)
                if build is None:
                    continue
                value = build["stages"].get(name)
                if name == "(imports, other)":
                    known = sum(v for k, v in build["stages"].items()
                                if not k.startswith("dumps:"))
                    value = build["wall"] - known if not build.get("timed_out") else None
                elif value is None and build.get("running") == name:
                    out.append(">timeout")
                    continue
                out.append(fmt_s(value))
        return out

    for name in [*names, "(imports, other)"]:
        label_ = ("  " + name) if name.startswith("dumps:") or name == "documents index" else name
        lines.append("| " + " | ".join([label_, *cells(name)]) + " |")
    walls = []
    for r in results:
        for kind in ("full", "incremental"):
            if r.get(kind):
                walls.append(fmt_s(r[kind]["wall"], bool(r[kind].get("timed_out"))))
    lines.append("| " + " | ".join(["**process wall**", *walls]) + " |")
    return "\n".join(lines)


def detail(results: list[dict[str, Any]]) -> str:
    out = []
    for r in results:
        naive, floor, queries = r.get("naive"), r.get("floor"), r.get("queries")
        out.append(f"### {label(r['profiles'])}")
        for key, what in (("tree_rss_by_step", "largest process-tree PSS sampled"),
                          ("main_rss_by_step", "largest RSS of the build process itself")):
            by_step = (r.get("full") or {}).get(key)
            if by_step:
                out.append(f"full build, {what} in each stage: " + ", ".join(
                    f"{k} {v / 1024:.0f} MB" for k, v in by_step.items()))
        if floor:
            out.append("floor (pyoxigraph): " + ", ".join(
                f"{k} {fmt_s(v)} s" for k, v in floor["steps"].items())
                + f"; peak RSS {floor['maxrss_kb'] / 1024:.0f} MB")
        if naive:
            parts = [f"{k} {fmt_s(v)} s" for k, v in naive["steps"].items()]
            parts += [f"{k} >timeout" for k in naive["timeouts"] if not k.startswith("sparql")]
            out.append("naive (rdflib/pySHACL): " + ", ".join(parts)
                       + f"; peak RSS {naive['maxrss_kb'] / 1024:.0f} MB")
        if queries:
            out.append(f"query parameters: {queries['params']}")
            out.append("| query | rows | embedded p50 ms | embedded max ms | rdflib p50 ms |")
            out.append("|---|---|---|---|---|")
            for q, times in queries["times"].items():
                rdflib_times = (naive or {}).get("sparql", {}).get(q)
                timed_out = naive and f"sparql {q}" in naive["timeouts"]
                rd = (fmt_s(percentile(rdflib_times, 0.5) * 1000) if rdflib_times
                      else ">timeout" if timed_out else "-")
                rdflib_rows = (naive or {}).get("rows", {}).get(q)
                if rdflib_rows is not None and rdflib_rows != queries["rows"][q]:
                    rd += f" ({rdflib_rows} rows)"
                out.append(f"| {q} | {queries['rows'][q]} | "
                           f"{percentile(times, 0.5) * 1000:.1f} | {max(times) * 1000:.1f} | "
                           f"{rd} |")
        out.append("")
    return "\n".join(out)


def machine() -> str:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    versions = []
    for module in ("rdflib", "pyshacl", "pyoxigraph"):
        with contextlib.suppress(Exception):
            versions.append(f"{module} {__import__(module).__version__}")
    return (f"{model}, {os.cpu_count()} cores, {memory} RAM, Python "
            f"{platform.python_version()}, {', '.join(versions)}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, rest = argv[1], argv[2:]
        if kind == "build":
            profile = rest[rest.index("--profile") + 1] if "--profile" in rest else None
            child_build(Path(rest[0]), Path(rest[1]), profile)
        elif kind == "queries":
            child_queries(Path(rest[0]), int(rest[1]))
        elif kind == "naive":
            child_naive(Path(rest[0]), Path(rest[1]), json.loads(rest[2]), json.loads(rest[3]),
                        int(rest[4]))
        elif kind == "triples":
            child_triples(Path(rest[0]), Path(rest[1]))
        elif kind == "floor":
            child_floor(Path(rest[0]), Path(rest[1]))
        return 0
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", help="profile counts (default: 1k 10k)")
    parser.add_argument("--100k", dest="hundred", action="store_true", help="also 100k")
    parser.add_argument("--work", type=Path, default=Path("/tmp/spiralld-bench"))
    parser.add_argument("--query-reps", type=int, default=20)
    parser.add_argument("--naive-query-reps", type=int, default=2)
    parser.add_argument("--shacl-timeout", type=float, default=1200.0,
                        help="cap on the whole-graph pySHACL call, seconds (default 1200)")
    parser.add_argument("--naive-query-timeout", type=float, default=300.0,
                        help="cap on one canned query's repetitions in rdflib (default 300)")
    parser.add_argument("--build-timeout", type=float, default=5400.0,
                        help="cap on one build stage or any other step, seconds (default 5400)")
    parser.add_argument("--incremental-timeout", type=float, default=None,
                        help="cap on the whole incremental build, seconds (default: none)")
    parser.add_argument("--report", action="store_true",
                        help="measure nothing: print the table from the figures saved in "
                             "WORK/scale-N.json by earlier runs (all, or SIZES)")
    parser.add_argument("--profile-sizes", default="",
                        help="sizes whose full build runs under cProfile (e.g. 1k); the "
                             "stats go to WORK/build-N.prof (cProfile slows the build)")
    for skip in ("naive", "shacl", "floor", "queries", "incremental"):
        parser.add_argument(f"--no-{skip}", action="store_true", help=f"skip the {skip} part")
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes] or [1000, 10000]
    if args.hundred and 100000 not in sizes:
        sizes.append(100000)
    args.profile_sizes = {parse_size(s) for s in args.profile_sizes.split(",") if s.strip()}
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    store = args.work / "scale-results.json"
    if args.report:
        found = sorted(args.work.glob("scale-*.json"), key=lambda p: p.stem)
        for path in found:
            if path.stem.removeprefix("scale-").isdigit():
                result = json.loads(path.read_text())
                if not args.sizes or result["profiles"] in sizes:
                    results.append(result)
        results.sort(key=lambda r: r["profiles"])
        if not results:
            parser.error(f"no saved figures (scale-N.json) in {args.work}")
    else:
        say(f"machine: {machine()}")
        for count in sizes:
            result = measure(count, args)
            result["machine"] = machine()
            (args.work / f"scale-{count}.json").write_text(json.dumps(result, indent=1))
            results.append(result)
            store.write_text(json.dumps({"machine": machine(), "results": results}, indent=1))
    print(f"# {results[0].get('machine') or machine()}")
    for r in results:
        c = r.get("caps") or {}
        print(f"# {label(r['profiles'])} caps: pySHACL {c.get('shacl', args.shacl_timeout):.0f} s, "
              f"rdflib query {c.get('naive_query', args.naive_query_timeout):.0f} s, "
              f"incremental {c.get('incremental') or '-'} s, other steps "
              f"{c.get('build', args.build_timeout):.0f} s; queries "
              f"x{c.get('query_reps', args.query_reps)} embedded, "
              f"x{c.get('naive_query_reps', args.naive_query_reps)} rdflib")
    print()
    print(table(results, args))
    for r in results:
        full, incr = r.get("full") or {}, r.get("incremental") or {}
        if full.get("code") and incr.get("code") and full["code"] != incr["code"]:
            print(f"# WARNING {label(r['profiles'])}: spiralld changed between the full build "
                  f"({full['code']}) and the incremental one ({incr['code']}): the incremental "
                  "figure is not comparable")
    print()
    print("Per-stage seconds (timers around the library calls build() makes):")
    print()
    print(stage_table(results))
    print()
    print(detail(results))
    print(f"(figures also in {store})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
