"""The README's tour, run for real: the serve and publish blocks show what spiralld prints
(a real `spiralld serve` and a real `oxigraph serve` on loopback). The other blocks of the
tour are generated (tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from click.testing import CliRunner

from spiralld.cli import main

from .servers import oxigraph_server
from .test_server import running

README = Path(__file__).resolve().parents[1] / "README.md"


def block_after(prompt: str) -> list[str]:
    """The lines of the README's console block from the command ``prompt`` to its end."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"$ {prompt}\n")
    return text[start:text.index("```", start)].splitlines()


def test_the_tour_serves_with_content_negotiation(seed_release: tuple[object, Path],
                                                  tmp_path: Path) -> None:
    lines = block_after("spiralld serve site --port 8000 &")
    curl = next(line for line in lines if line.startswith("$ curl"))
    target = re.search(r"(http://127\.0\.0\.1:8000\S+)", curl)
    accept = re.search(r'-H "Accept: ([^"]+)"', curl)
    assert target and accept
    with running(seed_release[1], tmp_path / "serve.log") as server:
        url = target.group(1).replace("http://127.0.0.1:8000", server.url)
        answer = httpx.get(url, headers={"Accept": accept.group(1)}, follow_redirects=False)
        shown = f"{answer.status_code} {httpx.URL(url).join(answer.headers['location'])}"
    assert lines[lines.index(curl) + 1] == shown.replace(server.url, "http://127.0.0.1:8000")


def test_the_tour_publishes_into_oxigraph(seed_release: tuple[object, Path],
                                          tmp_path: Path) -> None:
    lines = block_after("oxigraph serve --location store --bind 127.0.0.1:7878 "
                        "--union-default-graph &")
    command = next(line for line in lines if line.startswith("$ spiralld publish"))
    arguments = command.removeprefix("$ spiralld ").split()
    with oxigraph_server(seed_release[1], tmp_path, load=False) as base:
        arguments = [base if a == "http://127.0.0.1:7878" else
                     str(seed_release[1]) if a == "site" else a for a in arguments]
        result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    shown = lines[lines.index(command) + 1]
    timing = re.compile(r" in \d+\.\d s$")
    assert timing.search(shown) and timing.search(result.output.strip())
    assert timing.sub("", result.output.strip()) == timing.sub("", shown)
