"""``spiralld serve DATA --watch``: a real preview server on loopback, edited while it runs.

After each kind of edit the page it serves is, but for the one line of the live script, the
page a fresh ``spiralld build`` of the same data writes; a broken edit is reported with its
file:line while the last good page stays served.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from spiralld.build import build
from spiralld.cli import main
from spiralld.config import load_config
from spiralld.serve.preview import SNIPPET

from .servers import chromium, free_port, wait_until_ready
from .test_reuse import add_profile, edit_lead, edit_role_start, rename_organization, tree


@dataclass
class Preview:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    scratch: Path

    def state(self) -> dict[str, Any]:
        """The first state the event stream sends (the current one)."""
        with httpx.stream("GET", f"{self.url}/_preview/events", timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    return dict(json.loads(line[len("data: "):]))
        raise AssertionError("the event stream ended without a state")

    def wait(self, done: Callable[[dict[str, Any]], bool], seconds: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            state = self.state()
            if done(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"no such state within {seconds} s: {self.state()}\n"
                             f"{self.log.read_text()}")

    def get(self, path: str, accept: str = "text/html") -> httpx.Response:
        return httpx.get(f"{self.url}/{path}", headers={"Accept": accept}, timeout=30)


@contextmanager
def previewing(data: Path, workdir: Path) -> Iterator[Preview]:
    """``spiralld serve DATA --watch`` on a free port (its scratch release under
    ``workdir``, through TMPDIR); stopped with SIGTERM, which must end it with status 0."""
    port = free_port()
    scratch = workdir / "tmp"
    scratch.mkdir()
    log = workdir / "preview.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-m", "spiralld.cli", "serve", str(data),
             "--watch", "--port", str(port)], stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(scratch)})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/index.html", process, seconds=120)
        yield Preview(url, process, log, scratch)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)   # faulthandler: every thread's stack
            process.wait()
            raise AssertionError(f"the preview did not stop within 20 s of SIGTERM:\n"
                                 f"{log.read_text()[-6000:]}") from None
    assert status == 0, log.read_text()


def fresh_build(data: Path, out: Path) -> Path:
    """A fresh ``spiralld build`` of a copy of ``data`` (no cache), into ``out``."""
    copy = out.with_name(out.name + "-data")
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns(".*"))
    build(copy, out, load_config(copy), fresh=True)
    return out


def page_of(response: httpx.Response) -> bytes:
    """A served HTML page without the live script's line (which it must hold once)."""
    text = response.text
    assert len(SNIPPET.findall(text)) == 1, text[-500:]
    assert response.headers["cache-control"] == "no-store"
    return SNIPPET.sub("", text).encode("utf-8")


def outside_inputs(data: Path) -> dict[str, bytes]:
    """The data directory's files that are neither inputs nor in the cache."""
    return {str(path): path.read_bytes() for path in data.rglob("*")
            if path.is_file() and path.suffix not in (".md", ".txt", ".yaml", ".yml")
            and ".spiralld-cache" not in path.relative_to(data).parts}


def delete_profile(data: Path) -> Path:
    path = sorted((data / "profiles").glob("*.md"))[-1]
    path.unlink()
    return path


def test_each_kind_of_edit_serves_what_a_fresh_build_writes(generated: Path,
                                                             tmp_path: Path) -> None:
    data = generated
    others = outside_inputs(data)
    with previewing(data, tmp_path) as preview:
        state = preview.wait(lambda s: s["generation"] >= 1)
        assert not state["failed"]
        [scratch] = (preview.scratch).glob("spiralld-preview-*/site")
        edits: list[tuple[str, Callable[[], Any]]] = [
            ("lead", lambda: edit_lead(data)),
            ("claim", lambda: edit_role_start(data)),
            ("new profile", lambda: add_profile(data)),
            ("deleted profile", lambda: delete_profile(data)),
            ("renamed organization", lambda: rename_organization(data)),
        ]
        for number, (kind, change) in enumerate(edits):
            generation = preview.state()["generation"]
            changed = change()
            # once the rebuild settled: its pages are served before the rest is written
            state = preview.wait(lambda s, g=generation: s["generation"] > g and s["settled"])
            assert not state["failed"], (kind, state)
            fresh = fresh_build(data, tmp_path / f"fresh-{number}")
            # the scratch release is, file for file, what the fresh build wrote
            assert tree(scratch) == tree(fresh), kind
            slugs = sorted(path.stem for path in (fresh / "page").glob("*.html"))
            shown = [changed.stem] if isinstance(changed, Path) else []
            for slug in {*shown, "ada-newcomer", slugs[0], slugs[-1]}:
                response = preview.get(f"page/{slug}")
                expected = fresh / "page" / f"{slug}.html"
                if expected.exists():
                    assert response.status_code == 200, (kind, slug)
                    assert page_of(response) == expected.read_bytes(), (kind, slug)
                    turtle = preview.get(f"page/{slug}", "text/turtle")
                    assert turtle.content == (fresh / "page" / f"{slug}.ttl").read_bytes()
                else:
                    assert response.status_code == 404, (kind, slug)
            assert page_of(preview.get("")) == (fresh / "index.html").read_bytes(), kind
    # the preview wrote nothing into the data directory but its cache
    assert outside_inputs(data) == others


def test_a_broken_edit_is_reported_and_the_last_page_stays(generated: Path,
                                                           tmp_path: Path) -> None:
    with previewing(generated, tmp_path) as preview:
        generation = preview.wait(lambda s: s["generation"] >= 1)["generation"]
        profile = sorted((generated / "profiles").glob("*.md"))[0]
        page = page_of(preview.get(f"page/{profile.stem}"))
        good = profile.read_text(encoding="utf-8")
        lines = good.split("\n")
        lines[2] = "name: [unclosed"
        profile.write_text("\n".join(lines), encoding="utf-8")
        state = preview.wait(lambda s: s["failed"])
        errors = [p for p in state["problems"] if p["severity"] == "error"]
        # the same file:line and message as the Error line of spiralld build
        built = CliRunner().invoke(main, ["build", str(generated), "--out",
                                          str(tmp_path / "broken")])
        assert built.exit_code == 1
        [error] = errors
        assert error["file"] == str(profile) and error["line"] in (3, 4)
        assert built.stderr.splitlines()[-1] == \
            f"Error: {error['file']}:{error['line']}: {error['message']}"
        assert error["message"].startswith("malformed YAML front matter")
        assert state["generation"] == generation
        # the last good page is still served, and the server still answers SPARQL
        assert page_of(preview.get(f"page/{profile.stem}")) == page
        ask = httpx.get(f"{preview.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert ask.json()["boolean"] is True
        assert f"Error: {profile}:{error['line']}: {error['message']}" in \
            preview.log.read_text()
        profile.write_text(good, encoding="utf-8")
        state = preview.wait(lambda s: s["generation"] > generation)
        assert not state["failed"]
        assert not [p for p in state["problems"] if p["severity"] != "warning"]


def test_a_violation_of_the_shapes_is_reported_with_its_line(generated: Path,
                                                             tmp_path: Path) -> None:
    with previewing(generated, tmp_path) as preview:
        generation = preview.wait(lambda s: s["generation"] >= 1)["generation"]
        page = generated / "pages" / "ada-king.txt"
        page.write_text("Ada King\nAda King was a mathematician and writer.\n",
                        encoding="utf-8")
        state = preview.wait(lambda s: s["failed"])
        assert state["generation"] == generation
        assert [p for p in state["problems"] if p["severity"] != "warning"] == [
            {"file": str(page), "line": 1, "severity": "violation",
             "message": "page 'Ada King' cites no source: add a Sources section (or sources "
                        "in the front matter)"}]
        assert preview.get("page/ada-king").status_code == 404   # nothing was swapped in
        page.unlink()
        state = preview.wait(lambda s: s["generation"] > generation)
        assert not state["failed"]


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent.parent / "data", data,
                    ignore=shutil.ignore_patterns(".*"))
    return data



class Browser:
    """A page of a headless Chromium that stays open, driven over the DevTools protocol."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.calls = 0

    def evaluate(self, expression: str) -> Any:
        self.calls += 1
        self.socket.send(json.dumps({"id": self.calls, "method": "Runtime.evaluate", "params": {
            "expression": expression, "returnByValue": True}}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == self.calls:
                result = message["result"]
                assert "exceptionDetails" not in result, result
                return result["result"].get("value")

    def wait(self, expression: str, seconds: float = 60) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(AssertionError):   # mid-reload: no document yet
                value = self.evaluate(expression)
                if value:
                    return value
            time.sleep(0.1)
        raise AssertionError(f"never true within {seconds} s: {expression}")


@contextmanager
def browsing(url: str, workdir: Path) -> Iterator[Browser]:
    from websockets.sync.client import connect

    profile = workdir / "chromium-profile"
    process = subprocess.Popen(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": ""})
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (active.exists() and active.read_text().count("\n") >= 1):
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            assert process.poll() is None, "Chromium exited"
            time.sleep(0.1)
        port = int(active.read_text().split()[0])
        deadline = time.monotonic() + 30
        while True:
            pages = [target for target in httpx.get(f"http://127.0.0.1:{port}/json/list",
                                                    timeout=10).json()
                     if target["type"] == "page"]
            if pages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        with connect(pages[0]["webSocketDebuggerUrl"], max_size=None) as socket:
            yield Browser(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_an_open_page_follows_the_edits_in_chromium(seed: Path, tmp_path: Path) -> None:
    profile = seed / "profiles" / "illia-polosukhin.md"
    lead = "Illia Polosukhin is a Ukrainian-born"
    with previewing(seed, tmp_path) as preview, \
            browsing(f"{preview.url}/page/illia-polosukhin", tmp_path) as browser:
        browser.wait("document.readyState === 'complete' && "
                     f"document.body.innerText.includes({json.dumps(lead)})")
        browser.evaluate("window.spiralldUnreloaded = true")
        text = profile.read_text(encoding="utf-8")
        assert lead in text
        edited = text.replace(lead, "Illia Polosukhin is, by all accounts, a Ukrainian-born")
        profile.write_text(edited, encoding="utf-8")
        # the page reloads by itself (the flag set on the old document is gone)
        browser.wait("window.spiralldUnreloaded === undefined && "
                     "document.body.innerText.includes('is, by all accounts, a')")
        assert browser.evaluate("document.getElementById('spiralld-preview-problems')") is None
        # a broken edit: its file:line above the last good page, the server still up
        browser.evaluate("window.spiralldUnreloaded = true")
        lines = edited.split("\n")
        lines[2] = "name: [unclosed"
        profile.write_text("\n".join(lines), encoding="utf-8")
        shown = browser.wait("(document.getElementById('spiralld-preview-problems') || "
                             "{}).innerText")
        assert f"{profile}:" in shown and "malformed YAML front matter" in shown, shown
        assert browser.evaluate("window.spiralldUnreloaded === true && "
                                "document.body.innerText.includes('is, by all accounts, a')")
        # fixed: the page reloads and the overlay is gone
        profile.write_text(edited, encoding="utf-8")
        browser.wait("window.spiralldUnreloaded === undefined && "
                     "document.readyState === 'complete' && "
                     "document.getElementById('spiralld-preview-problems') === null && "
                     "document.body.innerText.includes('is, by all accounts, a')")
        assert preview.process.poll() is None


def _group_alive(group: int, seconds: float) -> bool:
    """Whether a process of the process group ``group`` is still there after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True


def test_a_first_build_that_fails_is_one_error_line(seed: Path, tmp_path: Path) -> None:
    profile = seed / "profiles" / "illia-polosukhin.md"
    lines = profile.read_text(encoding="utf-8").split("\n")
    lines[2] = "name: [unclosed"
    profile.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    command = subprocess.Popen(
        [sys.executable, "-m", "spiralld.cli", "serve", str(seed), "--watch", "--port",
         str(free_port())], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")}, start_new_session=True)
    stdout, stderr = command.communicate(timeout=120)
    result = subprocess.CompletedProcess(command.args, command.returncode, stdout, stderr)
    assert result.returncode == 1
    # the build process and the query workers started beside the first build are gone
    assert not _group_alive(command.pid, seconds=5)
    built = CliRunner().invoke(main, ["build", str(seed), "--out", str(tmp_path / "site")])
    assert result.stderr.splitlines()[-1] == (
        built.stderr.splitlines()[-1] + " (the preview needs one good build to start)")
    assert "Traceback" not in result.stderr


def test_serve_help_offers_watch() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--watch" in result.output and "data directory" in result.output
