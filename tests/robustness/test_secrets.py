"""No secret is ever printed; credentials are taken from an option, the environment, the
URL's userinfo or ~/.netrc; a store that never answers fails within the timeout.

Real HTTP servers on loopback: one that requires HTTP basic credentials (and answers 500
to the Graph Store Protocol, echoing who asked), one that accepts and never answers.
"""

from __future__ import annotations

import base64
import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from spiralld.cli import main
from spiralld.errors import PublishError
from spiralld.serve.credentials import redact
from spiralld.serve.publish import publish

from ..servers import loopback_http
from .test_data_dir_code import error_line

USER, PASSWORD = "admin", "urlpass"
GOOD = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
PAGE = "https://w3id.org/spiralld/page/p{}"
ROWS = {"head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "literal", "value": "answered"}}]}}


class Guarded(BaseHTTPRequestHandler):
    """Answers 401 without the right basic credentials; with them, SPARQL JSON to a query
    and 500 (echoing the credentials it was sent, as a careless store might) to a PUT."""

    seen: list[str | None] = []

    def _answer(self, status: int, body: bytes, kind: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _guard(self) -> bool:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        header = self.headers.get("Authorization")
        Guarded.seen.append(header)
        if header != GOOD:
            self._answer(401, b"Unauthorized: give credentials\n")
            return False
        return True

    def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
        if self._guard():
            self._answer(500, f"store broke while writing for {USER}:{PASSWORD}\n".encode())

    def do_POST(self) -> None:  # noqa: N802
        if self._guard():
            self._answer(200, json.dumps(ROWS).encode(), "application/sparql-results+json")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def guarded() -> Iterator[str]:
    """The guarded server's root URL, ``http://127.0.0.1:PORT``."""
    Guarded.seen = []
    with loopback_http(Guarded) as root:
        yield root


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts every connection and never answers; its root URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A release of 20 one-triple page graphs: more than the 4 workers take at once."""
    lines = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" "
                    f"<{PAGE.format(i)}> .\n" for i in range(20))
    (tmp_path / "site" / "dumps").mkdir(parents=True)
    (tmp_path / "site" / "dumps" / "dataset.nq.gz").write_bytes(gzip.compress(lines.encode()))
    return tmp_path / "site"


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "any.rq"
    path.write_text("# title: Anything\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n")
    return path


@pytest.fixture(autouse=True)
def no_netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ~/.netrc of the machine's, no credentials from its environment."""
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    for name in ("SPIRALLD_USER", "SPIRALLD_PASSWORD", "SPIRALLD_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def with_userinfo(root: str, password: str = PASSWORD) -> str:
    return root.replace("http://", f"http://{USER}:{password}@") + "/query"


def test_redact_masks_the_password_and_keeps_the_rest() -> None:
    assert redact("http://admin:urlpass@127.0.0.1:18940/query") == \
        "http://admin:***@127.0.0.1:18940/query"
    assert redact("see https://u:p%40ss@host/x and http://host/y") == \
        "see https://u:***@host/x and http://host/y"
    assert redact("http://127.0.0.1/query") == "http://127.0.0.1/query"
    assert redact("'admin:urlpass@127.0.0.1:9/query': no scheme") == \
        "'admin:***@127.0.0.1:9/query': no scheme"
    assert redact("graph <http://g>: PUT http://h:8080/store: HTTP 500: x") == \
        "graph <http://g>: PUT http://h:8080/store: HTTP 500: x"


@pytest.mark.parametrize("command", ["query", "publish"])
@pytest.mark.parametrize("url", [f"{USER}:{PASSWORD}@127.0.0.1:9/query",      # no scheme
                                 f"http://{USER}:{PASSWORD}@127.0.0.1:x/query"])  # bad port
def test_a_url_that_does_not_parse_does_not_show_its_password(
        command: str, url: str, release: Path, query_file: Path) -> None:
    args = (["query", "--file", str(query_file)] if command == "query"
            else ["publish", str(release)])
    result = CliRunner().invoke(main, [*args, "--endpoint", url])
    line = error_line(result)
    assert PASSWORD not in line
    assert url.replace(PASSWORD, "***") in line


# --- publish ---------------------------------------------------------------------------

def test_publish_sends_the_urls_credentials_and_never_prints_them(guarded: str,
                                                                 release: Path) -> None:
    result = CliRunner().invoke(main, ["publish", str(release), "--endpoint",
                                       with_userinfo(guarded), "-q"])
    line = error_line(result)
    assert line.startswith(f"Error: graph <{PAGE.format('')}")
    assert line.endswith(f">: PUT {guarded}/store: HTTP 500 Internal Server Error: "
                         f"store broke while writing for {USER}:***")
    assert PASSWORD not in result.output
    assert Guarded.seen and set(Guarded.seen) == {GOOD}   # as basic auth, never in the URL


def test_publish_takes_the_password_from_the_environment(guarded: str, release: Path) -> None:
    result = CliRunner().invoke(main, ["publish", str(release), "--endpoint",
                                       f"{guarded}/query", "-q"],
                                env={"SPIRALLD_USER": USER, "SPIRALLD_PASSWORD": PASSWORD})
    assert error_line(result).endswith(f"HTTP 500 Internal Server Error: "
                                       f"store broke while writing for {USER}:***")
    assert PASSWORD not in result.output
    assert set(Guarded.seen) == {GOOD}


def test_publish_takes_the_credentials_from_netrc(guarded: str, release: Path,
                                                  tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    result = CliRunner().invoke(main, ["publish", str(release), "--endpoint",
                                       f"{guarded}/query", "-q"], env={"NETRC": str(netrc)})
    assert error_line(result).endswith(f"store broke while writing for {USER}:***")
    assert set(Guarded.seen) == {GOOD}


def test_a_url_that_is_not_http_does_not_show_its_password(release: Path) -> None:
    result = CliRunner().invoke(main, ["publish", str(release), "--endpoint",
                                       f"ftp://{USER}:{PASSWORD}@127.0.0.1/query"])
    assert error_line(result) == "Error: endpoint 'ftp://127.0.0.1/query': not an http(s) URL"


#: A store that never answers must fail a run within this much of the timeout. Before the
#: fix, 4 workers took the next graphs once the first ones failed, so a run took twice the
#: timeout (120 s for the default 60 s); the bound leaves 2 s for a loaded machine.
SILENT_TIMEOUT, SILENT_BOUND = 3, 5


def test_publish_to_a_silent_store_fails_within_the_timeout(silent: str,
                                                          release: Path) -> None:
    started = time.monotonic()
    with pytest.raises(PublishError) as error:
        publish(release, f"{silent}/query", timeout=SILENT_TIMEOUT)
    elapsed = time.monotonic() - started
    assert str(error.value).endswith(f": PUT {silent}/store: no answer within 3 s")
    assert elapsed < SILENT_BOUND, f"took {elapsed:.1f} s for a {SILENT_TIMEOUT} s timeout"


def test_the_publish_command_takes_a_timeout_and_names_the_store_redacted(
        silent: str, release: Path) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(main, ["publish", str(release), "--endpoint",
                                       with_userinfo(silent), "--timeout", "3", "-q"])
    elapsed = time.monotonic() - started
    line = error_line(result)
    assert line.startswith(f"Error: graph <{PAGE.format('')}")
    assert line.endswith(f">: PUT {silent}/store: no answer within 3 s")
    assert PASSWORD not in result.output
    assert elapsed < SILENT_BOUND, f"took {elapsed:.1f} s for a {SILENT_TIMEOUT} s timeout"


# --- query --endpoint ------------------------------------------------------------------

def test_query_uses_the_urls_credentials(guarded: str, query_file: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "--endpoint",
                                       with_userinfo(guarded), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["s", "answered"]
    assert Guarded.seen == [GOOD]


def test_query_takes_the_credentials_from_netrc(guarded: str, query_file: Path,
                                                tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "--endpoint",
                                       f"{guarded}/query", "--format", "csv"],
                                env={"NETRC": str(netrc)})
    assert result.exit_code == 0, result.output
    assert Guarded.seen == [GOOD]


def test_wrong_credentials_are_reported_as_such_without_the_password(
        guarded: str, query_file: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "--endpoint",
                                       with_userinfo(guarded, "wrongpass")])
    assert error_line(result) == (f"Error: {guarded}/query: HTTP 401 Unauthorized: "
                                  f"Unauthorized: give credentials")
    assert "wrongpass" not in result.output
    assert "Name or service not known" not in result.output
    assert Guarded.seen == ["Basic " + base64.b64encode(f"{USER}:wrongpass".encode()).decode()]


def test_the_user_option_with_the_password_from_the_environment(guarded: str,
                                                                query_file: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "--endpoint",
                                       f"{guarded}/query", "--user", USER, "--format", "csv"],
                                env={"SPIRALLD_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert Guarded.seen == [GOOD]


def test_query_on_a_silent_endpoint_fails_within_the_timeout(silent: str,
                                                            query_file: Path) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "--endpoint",
                                       with_userinfo(silent), "--timeout", "3"])
    elapsed = time.monotonic() - started
    assert error_line(result) == f"Error: {silent}/query: no answer within 3 s"
    assert elapsed < SILENT_BOUND, f"took {elapsed:.1f} s for a {SILENT_TIMEOUT} s timeout"
