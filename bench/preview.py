"""The live preview: from saving a profile to the served page showing the edit.

Usage::

    python -m bench.preview --profiles 1000 [--edits 20] [--full-build] [--data DIR]

It writes a corpus of ``--profiles`` profiles (:mod:`bench.corpus`) into a temporary
directory (or previews ``--data``, a copy of it), starts ``spiralld serve DATA --watch`` on a
free loopback port with its scratch release in the same temporary directory, and times:

- the first start: from launching the command to the index page answering (a full build
  with cold caches, then the server's start);
- ``--edits`` edits, each one profile's lead changed (a different profile each time,
  saved as an editor does: the file written in place), from the write to the served page
  holding the new text, as p50, p95 and max: the bench listens to the preview's event
  stream as the open page's script does and, when a new build's state arrives, gets the
  page as the reload would (then, should the page not hold the edit yet, every 10 ms);
  and from the write to
  the rebuild *settled* (the dumps, the description and the query store written too: the
  preview's event stream says so), which the bench waits for before the next edit, as an
  editor's next save comes seconds later;
- the resident memory (VmRSS, from /proc) of the server, of its build process and of
  their whole tree (query workers included) after the first edit and after the last;
- with ``--full-build``, a fresh ``spiralld build`` of the same data into another directory,
  for the first start to be compared with.

Requests go to 127.0.0.1 only, bounded in count and time; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from .serve import free_port

LEAD = re.compile(r"^(\S+ [^\n]*?) is an? ", flags=re.MULTILINE)
#: How long one edit may take to show before the bench gives up.
EDIT_TIMEOUT = 300.0


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def memory(pid: int) -> tuple[int, int, int]:
    """MiB resident: the server, its largest child (the build process: the query workers
    are far smaller), and the whole tree."""
    tree, stack = 0, [pid]
    while stack:
        current = stack.pop()
        tree += _rss_kib(current)
        stack += _children(current)
    largest = max((_rss_kib(child) for child in _children(pid)), default=0)
    return _rss_kib(pid) // 1024, largest // 1024, tree // 1024


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the preview exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"the preview did not answer within {seconds:.0f} s")


def preview_state(client: httpx.Client) -> dict[str, object]:
    """The preview's state: the first one its event stream sends."""
    with client.stream("GET", "/_preview/events") as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                return dict(json.loads(line[len("data: "):]))
    raise SystemExit("the event stream ended without a state")


def wait_settled(client: httpx.Client, generation: int, started: float) -> float:
    """Seconds from ``started`` until the preview's build ``generation`` (or a later
    one) has settled."""
    deadline = started + EDIT_TIMEOUT
    while time.perf_counter() < deadline:
        state = preview_state(client)
        if int(state["generation"]) >= generation and state["settled"]:   # type: ignore[call-overload]
            return time.perf_counter() - started
        time.sleep(0.01)
    raise SystemExit(f"the rebuild did not settle within {EDIT_TIMEOUT:.0f} s")


def next_generation(client: httpx.Client, before: int, started: float) -> None:
    """Wait for a state of a build after ``before`` on one event stream (as the live
    script of an open page does)."""
    with client.stream("GET", "/_preview/events", timeout=EDIT_TIMEOUT) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                state = json.loads(line[len("data: "):])
                if int(state["generation"]) > before:
                    return
            if time.perf_counter() > started + EDIT_TIMEOUT:
                break
    raise SystemExit(f"no new build within {EDIT_TIMEOUT:.0f} s")


def edit_and_wait(client: httpx.Client, path: Path, number: int) -> tuple[float, float]:
    """Change ``path``'s lead; seconds until its served page shows the change, and until
    that rebuild has settled."""
    before = int(preview_state(client)["generation"])   # type: ignore[call-overload]
    listening = threading.Event()
    heard: list[float] = []

    def listen() -> None:
        with httpx.Client(base_url=str(client.base_url), timeout=EDIT_TIMEOUT) as own:
            listening.set()
            next_generation(own, before, time.perf_counter())
            heard.append(time.perf_counter())

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    listening.wait()
    time.sleep(0.2)   # the stream open and its first state read
    text = path.read_text(encoding="utf-8")
    marker = f"is, in edit {number}, a "
    changed = LEAD.sub(lambda m: f"{m.group(1)} {marker}", text, count=1)
    if changed == text:
        raise SystemExit(f"{path}: no lead to edit")
    started = time.perf_counter()
    path.write_text(changed, encoding="utf-8")
    deadline = started + EDIT_TIMEOUT
    listener.join(EDIT_TIMEOUT)
    while time.perf_counter() < deadline:
        response = client.get(f"/page/{path.stem}", headers={"Accept": "text/html"})
        if response.status_code == 200 and marker in response.text:
            shown = time.perf_counter() - started
            return shown, wait_settled(client, before + 1, started)
        time.sleep(0.01)
    raise SystemExit(f"{path}: the edit did not show within {EDIT_TIMEOUT:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--data", type=Path, help="preview a copy of this data directory")
    parser.add_argument("--full-build", action="store_true",
                        help="also time a fresh spiralld build of the same data")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spiralld-bench-preview-") as work:
        root = Path(work)
        data = root / "data"
        if args.data:
            shutil.copytree(args.data, data, ignore=shutil.ignore_patterns(".*"))
        else:
            from .corpus import generate

            generate(args.profiles, data, None, seed=0)
        profiles = [path for path in sorted((data / "profiles").glob("*.md"))
                    if LEAD.search(path.read_text(encoding="utf-8"))]
        print(f"corpus: {len(list((data / 'profiles').glob('*.md')))} profiles; "
              f"{args.edits} edits", flush=True)
        env = {**os.environ, "TMPDIR": str(root), "SOURCE_DATE_EPOCH": "1778889600"}
        if args.full_build:
            copy = root / "full" / "data"
            shutil.copytree(data, copy)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "spiralld.cli", "build", str(copy), "--out",
                            str(root / "full" / "site"), "--quiet"], check=True, env=env)
            print(f"full build (fresh spiralld build): {time.perf_counter() - started:.1f} s",
                  flush=True)
            shutil.rmtree(root / "full")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = (root / "preview.log").open("wb")
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "spiralld.cli", "serve", str(data), "--watch", "--port",
             str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_ready(f"{url}/index.html", process, 3600)
            print(f"first start (build and serve): {time.perf_counter() - started:.1f} s",
                  flush=True)
            times, settled, memories, edited = [], [], [], []
            with httpx.Client(base_url=url, timeout=60) as client:
                first = wait_settled(client, 1, started)
                print(f"first start settled (dumps and store written too): {first:.1f} s",
                      flush=True)
                for number in range(args.edits):
                    path = profiles[(number * 7919) % len(profiles)]
                    shown, done = edit_and_wait(client, path, number)
                    times.append(shown)
                    settled.append(done)
                    edited.append(path.name)
                    if number in (0, args.edits - 1):
                        memories.append(memory(process.pid))
            for what, values in (("edit to page", times), ("edit to settled", settled)):
                ordered = sorted(values)
                p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
                print(f"{what}: p50 {statistics.median(values):.2f} s, p95 {p95:.2f} s, "
                      f"max {max(values):.2f} s ({edited[values.index(max(values))]}), "
                      f"min {min(values):.2f} s")
            for when, (server, builder, tree) in zip(("after edit 1", f"after edit "
                                                      f"{args.edits}"), memories, strict=False):
                print(f"memory {when}: server {server} MiB, build process {builder} MiB, "
                      f"whole tree {tree} MiB")
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
