"""Load on ``spiralld serve``: requests per second and latency of a page, a document, a query.

Usage::

    python -m bench.serve [--release SITE] [--clients 8] [--requests 2000] [--seconds 20]
                          [--query-workers 2]

It starts the server (``python -m spiralld.serve.server``) on a free loopback port, on ``SITE`` or
else on data/ built into a temporary directory, and for each target runs ``--clients``
threads, each with its own keep-alive httpx client, until ``--requests`` requests have been
made or ``--seconds`` have passed. It prints one row per target: requests, errors (a
transport error or an unexpected status), requests per second, median and 99th percentile
latency, and the resident memory of the server and its query workers (from /proc) before
and after the target's load. The load generator runs on the same machine as the server and
shares its cores, so the figures are a floor, not a capacity.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Target:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    status: int
    form: dict[str, str] | None = None


def targets() -> list[Target]:
    from spiralld.query.library import bind_values, find_query, with_values

    query = find_query("lineage/claim-sources")
    text = with_values(query, bind_values(query, {}, "https://w3id.org/spiralld/"))
    return [
        Target("page/illia-polosukhin (HTML)", "GET", "/page/illia-polosukhin",
               {"Accept": "text/html"}, 200),
        Target("id/illia-polosukhin.ttl", "GET", "/id/illia-polosukhin.ttl",
               {"Accept": "text/turtle"}, 200),
        Target("id/illia-polosukhin (303)", "GET", "/id/illia-polosukhin",
               {"Accept": "text/turtle"}, 303),
        Target("/sparql lineage/claim-sources", "POST", "/sparql",
               {"Accept": "application/sparql-results+json"}, 200, {"query": text}),
    ]


@dataclass
class Figures:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[round(fraction * (len(ordered) - 1))] * 1000


def load(url: str, target: Target, clients: int, requests: int, seconds: float) -> Figures:
    lock = threading.Lock()
    issued = 0
    errors = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal issued, errors
        with httpx.Client(base_url=url, timeout=30, follow_redirects=False) as http:
            while True:
                with lock:
                    if issued >= requests or time.monotonic() > deadline:
                        return
                    issued += 1
                started = time.perf_counter()
                try:
                    response = http.request(target.method, target.path, headers=target.headers,
                                            data=target.form)
                    response.read()
                    ok = response.status_code == target.status
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    return Figures(len(latencies), errors, time.perf_counter() - started, latencies)


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue += parents.get(current, [])
    return found


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and its descendants (the query workers)."""
    total = 0
    for process in descendants(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(release: Path, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "spiralld.serve.server", str(release), "--host", HOST,
             "--port", str(port), "--query-workers", str(workers)],
            stdout=output, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: see {log}")
        try:
            with urllib.request.urlopen(f"{url}/index.html", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def stop_server(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def build_seed(work: Path) -> Path:
    from spiralld.build import build
    from spiralld.config import Config

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1778889600")
    out = work / "site"
    build(ROOT / "data", out, Config())
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, help="a built release (default: data/ built)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=2000, help="requests per target")
    parser.add_argument("--seconds", type=float, default=20.0, help="time limit per target")
    parser.add_argument("--query-workers", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="spiralld-bench-serve-") as work:
        release = args.release or build_seed(Path(work))
        process, url = start_server(release, args.query_workers, Path(work) / "server.log")
        try:
            rows = []
            for target in targets():
                load(url, target, 2, 20, 10)  # warm up: connections, caches, workers
                before = tree_rss(process.pid)
                figures = load(url, target, args.clients, args.requests, args.seconds)
                rows.append((target, figures, before, tree_rss(process.pid)))
        finally:
            status = stop_server(process)

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.clients} clients, up to {args.requests} "
          f"requests or {args.seconds:g} s per target; {args.query_workers} query workers; "
          f"server exit status {status}")
    print()
    print("| target | requests | errors | req/s | p50 ms | p99 ms | RSS before MB | "
          "RSS after MB |")
    print("|---|---|---|---|---|---|---|---|")
    for target, figures, before, after in rows:
        print(f"| {target.name} | {figures.requests} | {figures.errors} | "
              f"{figures.requests / figures.seconds:.0f} | {figures.percentile(0.5):.1f} | "
              f"{figures.percentile(0.99):.1f} | {before / 2**20:.1f} | {after / 2**20:.1f} |")


if __name__ == "__main__":
    main()
