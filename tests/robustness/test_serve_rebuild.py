"""``spiralld serve`` across a rebuild: once a build has swapped in a new store, every query
worker answers from it, including after a timeout has replaced one of them (which used to
leave /sparql alternating between the old store and the new)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from spiralld.build import build
from spiralld.config import Config

from ..test_server import CROSS_JOIN, ILLIA, running

NAME = f"SELECT ?name WHERE {{ <{ILLIA}> <https://schema.org/name> ?name }}"


def name(client: httpx.Client) -> str:
    response = client.get("/sparql", params={"query": NAME},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    (row,) = response.json()["results"]["bindings"]
    return str(row["name"]["value"])


def test_every_worker_answers_from_the_rebuilt_store(data_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    out = tmp_path / "site"
    build(data_dir, out, Config())
    profile = data_dir / "profiles" / "illia-polosukhin.md"
    with running(out, tmp_path / "server.log", "--query-timeout", "1",
                 "--query-workers", "2") as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        assert [name(client) for _ in range(4)] == ["Illia Polosukhin"] * 4
        text = profile.read_text(encoding="utf-8")
        renamed = "name: Illia Rebuilt\nslug: illia-polosukhin\n"
        profile.write_text(text.replace("name: Illia Polosukhin\n", renamed, 1), encoding="utf-8")
        build(data_dir, out, Config())
        timed_out = client.get("/sparql", params={"query": CROSS_JOIN})
        assert timed_out.status_code == 503, timed_out.text
        assert [name(client) for _ in range(8)] == ["Illia Rebuilt"] * 8
        assert "the store changed on disk: the query workers reopen it" in \
            server.log.read_text()
