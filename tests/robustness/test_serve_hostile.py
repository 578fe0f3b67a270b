"""``spiralld serve`` against hostile request targets that tests/test_server.py does not try:
double encoding, backslashes, NUL, overlong UTF-8, very long paths, symlink loops and files
that are not regular files. Each is refused (never a file from outside the release, never a
500), and the server keeps answering."""

from __future__ import annotations

import http.client
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..test_server import Server, raw_get, running


@pytest.fixture(scope="module")
def server(seed_release: tuple[object, Path], tmp_path_factory: pytest.TempPathFactory,
           outside: Path) -> Iterator[Server]:
    """A copy of the seed release with a symlink loop, a symlink to a device, a named pipe
    and a directory symlinked from outside through two hops."""
    copy = tmp_path_factory.mktemp("hostile-serve") / "site"
    shutil.copytree(seed_release[1], copy)
    (copy / "page" / "loop-a.html").symlink_to("loop-b.html")
    (copy / "page" / "loop-b.html").symlink_to("loop-a.html")
    (copy / "id" / "zero.ttl").symlink_to("/dev/zero")
    os.mkfifo(copy / "id" / "pipe.ttl")
    (copy / "id" / "hop").symlink_to("../source/hop2")
    (copy / "source" / "hop2").symlink_to(outside, target_is_directory=True)
    with running(copy, tmp_path_factory.mktemp("log") / "server.log") as started:
        yield started


SECRETS = (b"root:", b"TOP SECRET")


def refused(server: Server, target: str) -> int:
    status, body = raw_get(server, target)
    assert not any(secret in body for secret in SECRETS), target
    return status


@pytest.mark.parametrize("target", [
    "/%252e%252e/%252e%252e/etc/passwd",        # double-encoded ..
    "/page/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/%25%32%65%25%32%65/etc/passwd",           # double-encoded, digits encoded too
    "/page\\..\\..\\..\\etc\\passwd",           # raw backslashes
    "/page/..\\..\\..\\etc\\passwd",
    "/page/%5c..%5c..%5c..%5cetc%5cpasswd",
    "/index.html%00",                           # NUL
    "/page/%00/../../etc/passwd",
    "/%00/etc/passwd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",    # overlong UTF-8 for "."
    "/%e0%80%ae%e0%80%ae/etc/passwd",
    "/%u002e%u002e/etc/passwd",                 # IIS-style %u
    "/..;/..;/etc/passwd",                      # Tomcat-style path parameter
    "/page/.%2e/.%2e/etc/passwd",
    "/page/%2e./%2e./etc/passwd",
    "/page/....//....//etc/passwd",
    "/./././etc/passwd",
    "/page/%2fetc%2fpasswd%3f",
    "/id/hop/secret.txt",                        # out through two symlinks
    "/source/hop2/secret.txt",
    "/id/zero.ttl",                              # a device behind a symlink
    "/id/pipe.ttl",                              # a named pipe: not a file, never read
    "/page/loop-a.html",                         # a symlink loop
    "/page/loop-a",
])
def test_hostile_paths_are_refused(server: Server, target: str) -> None:
    assert refused(server, target) in (400, 404)


@pytest.mark.parametrize("length", [4_000, 60_000, 1_000_000])
def test_a_very_long_path_is_refused_and_the_server_goes_on(server: Server,
                                                             length: int) -> None:
    target = "/page/" + "a/" * (length // 2)
    try:
        status: int | None = refused(server, target)
    except (TimeoutError, ConnectionError, http.client.HTTPException):
        status = None  # the server may close a connection whose request line is too long
    assert status in (None, 400, 404, 414, 431)
    assert raw_get(server, "/id/illia-polosukhin.ttl")[0] == 200


def test_many_dot_segments_and_a_deep_path(server: Server) -> None:
    assert refused(server, "/" + "../" * 2_000 + "etc/passwd") in (400, 404)
    assert refused(server, "/page/" + "x/" * 500 + "illia-polosukhin.html") == 404
    assert raw_get(server, "/page/illia-polosukhin.html")[0] == 200


def test_a_request_target_that_is_not_a_path(server: Server) -> None:
    """An absolute-form target naming another host, and a target with no leading slash."""
    for target in ("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
                   "etc/passwd", "*"):
        assert refused(server, target) in (400, 404), target
    assert raw_get(server, "/index.html")[0] == 200


def test_a_named_pipe_does_not_block_the_server(server: Server) -> None:
    """Asking for the pipe again and again answers at once (nothing opens it)."""
    for _ in range(5):
        assert refused(server, "/id/pipe.ttl") == 404
    assert raw_get(server, "/id/illia-polosukhin.ttl")[0] == 200
