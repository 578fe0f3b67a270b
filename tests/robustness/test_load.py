"""``spiralld serve`` under concurrent clients on loopback: no errors, the same answers as a
single client gets, and memory (the server and its query workers, from /proc) that stops
growing: the second half of the requests adds no more than a small bound."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from bench.serve import tree_rss

from spiralld.query.library import bind_values, find_query, with_values

from ..test_server import Server, running

CLIENTS = 8
#: Requests in each half (over every target, in turn).
HALF = 300
#: What the second half may add to the resident memory of the server and its workers.
GROWTH_BYTES = 8 * 2**20


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str] | None = None


def targets() -> list[Target]:
    query = find_query("lineage/claim-sources")
    text = with_values(query, bind_values(query, {}, "https://w3id.org/spiralld/"))
    return [
        Target("GET", "/page/illia-polosukhin", {"Accept": "text/html"}),
        Target("GET", "/id/illia-polosukhin.ttl", {"Accept-Encoding": "gzip"}),
        Target("GET", "/id/illia-polosukhin", {"Accept": "text/turtle"}),
        Target("GET", "/no/such/page", {}),
        Target("POST", "/sparql", {"Accept": "application/sparql-results+json"},
               {"query": text}),
        Target("GET", "/sparql", {"Accept": "text/csv"},
               {"query": "SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name } "
                         "ORDER BY ?s ?name"}),
    ]


Answer = tuple[int, str | None, bytes]


def ask(client: httpx.Client, target: Target) -> Answer:
    if target.method == "GET":
        response = client.get(target.path, headers=target.headers, params=target.form)
    else:
        response = client.post(target.path, headers=target.headers, data=target.form)
    return response.status_code, response.headers.get("location"), response.content


@pytest.fixture(scope="module")
def server(seed_release: tuple[object, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(seed_release[1], tmp_path_factory.mktemp("log") / "load.log") as started:
        yield started


def hammer(server: Server, requests: int, expected: list[Answer]) -> list[str]:
    """``requests`` requests from CLIENTS concurrent keep-alive clients, round-robin over
    the targets; the differences from ``expected`` (and transport errors)."""
    plan = targets()
    lock = threading.Lock()
    counter = iter(range(requests))
    problems: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=server.url, timeout=60, follow_redirects=False) as http:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                which = index % len(plan)
                try:
                    answer = ask(http, plan[which])
                except httpx.HTTPError as error:
                    problems.append(f"{plan[which].path}: {type(error).__name__}: {error}")
                    continue
                if answer != expected[which]:
                    problems.append(f"{plan[which].path}: {answer[0]}, {len(answer[2])} bytes")

    with ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(client) for _ in range(CLIENTS)]:
            future.result()
    return problems


def test_concurrent_clients_get_what_one_client_gets_and_memory_stays_flat(
    server: Server,
) -> None:
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=False) as single:
        expected = [ask(single, target) for target in targets()]
    assert [status for status, _, _ in expected] == [200, 200, 303, 404, 200, 200]
    assert b"NEAR co-founder joins the NEAR Foundation as CEO" in expected[4][2]
    assert hammer(server, 2 * len(expected) * CLIENTS, expected) == []  # warm up
    first = hammer(server, HALF, expected)
    after_first = tree_rss(server.process.pid)
    second = hammer(server, HALF, expected)
    after_second = tree_rss(server.process.pid)
    assert first == [] and second == []
    assert after_first > 0
    growth = after_second - after_first
    assert growth <= GROWTH_BYTES, (f"resident memory grew by {growth / 2**20:.1f} MB over "
                                    f"{HALF} requests (from {after_first / 2**20:.1f} MB)")
