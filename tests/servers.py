"""Real servers on loopback for the tests: started by fixtures, stopped after."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} not ready after {seconds} s")


@contextmanager
def oxigraph_server(release: Path, workdir: Path, load: bool = True,
                    union: bool = True) -> Iterator[str]:
    """``oxigraph serve`` (PyPI's oxigraph) on a free loopback port, holding the release's
    N-Quads dump when ``load``, with ``--union-default-graph`` when ``union``; yields the
    base URL (``/query``, ``/store``, ``/update``)."""
    beside = Path(sys.executable).parent / "oxigraph"  # installed with this Python's pip
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    location = workdir / "oxigraph"
    if load:
        nquads = workdir / "dataset.nq"
        nquads.write_bytes(gzip.decompress((release / "dumps" / "dataset.nq.gz").read_bytes()))
        subprocess.run([binary, "load", "--location", str(location), "--file", str(nquads)],
                       check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         *(["--union-default-graph"] if union else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/query?query={quote('ASK {}')}", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def loopback_http(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server on a free loopback port answering with ``handler``, in a thread;
    yields its root URL, ``http://127.0.0.1:PORT``, and stops it after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def http_get(url: str, accept: str = "text/html") -> tuple[int, str, bytes]:
    """Status, Location and body of a GET, redirects not followed; waits up to 10 s for a
    server that is still starting."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    deadline = time.monotonic() + 10
    while True:
        try:
            with opener.open(request, timeout=5) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def chromium() -> str:
    """The Chromium binary; the test fails (not skips) without one."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: run tests/install-tools (it installs "
                    "Debian's chromium package)")
    return found
