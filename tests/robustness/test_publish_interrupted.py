"""``spiralld publish`` cut off midway: every graph in the store is the old release's or the
new one's, never half of one; publishing again completes it.

A real ``oxigraph serve`` (tests/servers.py) holds the old release. The new one is published
through a TCP proxy on loopback that forwards a fixed number of bytes towards the store,
then drops every connection, and the publishing process is killed (SIGKILL) at that moment;
the cut falls at several points of the upload: before, between and inside requests.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph
import pytest

from spiralld.build import build
from spiralld.config import Config
from spiralld.serve.publish import DUMP
from spiralld.serve.publish import publish as publish_release

from ..conftest import DATA, FIXTURES
from ..servers import oxigraph_server

Graphs = dict[str, frozenset[str]]
#: Publishing in a child process: the CLI (one PUT per graph), or the library with a small
#: batch so the larger graphs go through a scratch graph and MOVE.
CLI = [sys.executable, "-m", "spiralld.cli", "publish", "-q"]
BATCHED = [sys.executable, "-c",
           "import sys; from pathlib import Path; from spiralld.serve.publish import publish; "
           "r = publish(Path(sys.argv[1]), sys.argv[2], batch_triples=60, workers=2); "
           "sys.exit(1 if r.mismatches else 0)"]


PAGE = """{title}

{lead}

Sources

- Kaplan et al., Scaling Laws for Neural Language Models, arXiv, 2020.
"""


def build_release(data: Path, out: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        build(data, out, Config())
    return out


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Old and new: data/ with three raw pages; the new one changes every page's text,
    drops one page and adds another."""
    root = tmp_path_factory.mktemp("releases")
    old, new = root / "old", root / "new"
    for data in (old, new):
        shutil.copytree(DATA, data)
        (data / "pages").mkdir()
    for data in (old, new):
        shutil.copy(FIXTURES / "pages" / "mixture-of-experts.txt", data / "pages")
    (old / "pages" / "ai-agents.txt").write_text(PAGE.format(
        title="AI Agents", lead="AI agents are systems that act for a user."), encoding="utf-8")
    (new / "pages" / "scaling-laws.txt").write_text(PAGE.format(
        title="Scaling Laws", lead="Scaling laws are empirical regularities relating model "
                                   "loss to compute, data and parameters."), encoding="utf-8")
    for page in (*new.glob("pages/*.txt"), new / "profiles" / "illia-polosukhin.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(" is ", " is, in the new release, ", 1), encoding="utf-8")
    return build_release(old, root / "old-site"), build_release(new, root / "new-site")


def release_graphs(release: Path) -> Graphs:
    graphs: dict[str, set[str]] = defaultdict(set)
    with gzip.open(release / DUMP, "rb") as stream:
        for quad in pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.N_QUADS):
            graphs[str(quad.graph_name.value)].add(str(quad.triple))
    return {name: frozenset(triples) for name, triples in graphs.items()}


def store_graphs(store: str) -> Graphs:
    response = httpx.get(f"{store}/store", headers={"Accept": "application/n-quads"},
                         timeout=60)
    response.raise_for_status()
    graphs: dict[str, set[str]] = defaultdict(set)
    for quad in pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.N_QUADS):
        graphs[str(quad.graph_name.value)].add(str(quad.triple))
    return {name: frozenset(triples) for name, triples in graphs.items()}


@dataclass
class Proxy:
    """Forwards TCP connections to ``target``; after ``budget`` bytes towards the target
    (None: no limit) it drops every connection and refuses new ones."""

    target: tuple[str, int]
    budget: int | None = None
    sent: int = 0
    cut: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sockets: list[socket.socket] = field(default_factory=list)

    def serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.cut.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self.pipe, args=(client, upstream, True),
                             daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client, False),
                             daemon=True).start()

    def pipe(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while data := source.recv(65536):
                if counted:
                    with self.lock:
                        allowed = len(data) if self.budget is None else max(
                            0, min(len(data), self.budget - self.sent))
                        self.sent += allowed
                    sink.sendall(data[:allowed])
                    if allowed < len(data) or self.budget is not None \
                            and self.sent >= self.budget:
                        self.drop()
                        return
                else:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_WR if end is sink else socket.SHUT_RD)
                except OSError:
                    pass

    def drop(self) -> None:
        """Cut every connection at once: RST, no orderly close."""
        self.cut.set()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    sock.close()
                except OSError:
                    pass


@contextmanager
def proxy(store: str, budget: int | None) -> Iterator[tuple[str, Proxy]]:
    url = httpx.URL(store)
    relay = Proxy((str(url.host), int(url.port or 80)), budget)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    threading.Thread(target=relay.serve, args=(listener,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", relay
    finally:
        listener.close()
        relay.drop()


def publish(command: list[str], release: Path, endpoint: str,
            relay: Proxy | None = None) -> int:
    """Run the publishing process; kill it (SIGKILL) as soon as the proxy cuts."""
    arguments = [str(release), f"{endpoint}/query"]
    if command is CLI:
        arguments = [str(release), "--endpoint", f"{endpoint}/query"]
    process = subprocess.Popen([*command, *arguments], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ})
    if relay is None:
        return process.wait(timeout=120)
    while process.poll() is None:
        if relay.cut.wait(0.01):
            process.kill()
            break
    return process.wait(timeout=120)


@pytest.fixture
def store(releases: tuple[Path, Path], tmp_path: Path) -> Iterator[str]:
    """An oxigraph server holding the old release, loaded by publishing it."""
    with oxigraph_server(releases[0], tmp_path, load=False) as base:
        assert publish(CLI, releases[0], base) == 0
        assert store_graphs(base) == release_graphs(releases[0])
        yield base


def check_each_graph_old_or_new(found: Graphs, old: Graphs, new: Graphs) -> list[str]:
    """Every graph of the store is exactly the old or the new one (absent counts as empty);
    the names of those already new. Scratch graphs of a cut MOVE may remain."""
    renewed = []
    for name in sorted(set(old) | set(new) | set(found)):
        if "/graph/publishing-" in name:
            continue
        have = found.get(name, frozenset())
        assert have in (old.get(name, frozenset()), new.get(name, frozenset())), \
            f"<{name}> is neither the old nor the new graph ({len(have)} triples)"
        if have == new.get(name, frozenset()) != old.get(name, frozenset()):
            renewed.append(name)
    return renewed


@pytest.mark.parametrize("command", [CLI, BATCHED], ids=["cli", "batched"])
def test_a_publish_cut_midway_leaves_each_graph_old_or_new(
    releases: tuple[Path, Path], store: str, command: list[str],
) -> None:
    old, new = release_graphs(releases[0]), release_graphs(releases[1])
    changed = {name for name in set(old) | set(new) if old.get(name) != new.get(name)}
    assert len(changed) >= 5  # every page, the shared graph, the description
    # The bytes a whole publish sends (from the old state, as each cut starts there).
    with proxy(store, None) as (endpoint, relay):
        assert publish(command, releases[1], endpoint) == 0
    total = relay.sent
    assert store_graphs(store) == new
    seen_partial = False
    for fraction in (0.001, 0.2, 0.45, 0.7, 0.9):
        # Back to the old release (in this process: only the cut publish is a child).
        assert publish_release(releases[0], f"{store}/query").mismatches == []
        with proxy(store, int(total * fraction)) as (endpoint, relay):
            status = publish(command, releases[1], endpoint, relay)
        assert relay.cut.is_set() and status != 0, fraction
        renewed = check_each_graph_old_or_new(store_graphs(store), old, new)
        seen_partial |= 0 < len(renewed) < len(changed)
        # Publishing again completes it.
        assert publish(command, releases[1], store) == 0
        assert store_graphs(store) == new, fraction
    assert seen_partial, "no cut fell between graphs: the test cut nothing midway"
