"""SERVICE and SPARQL Update on the public endpoint: refused from the parsed query, whatever
the spelling, and the query workers cannot open a connection even if one got through.

A real TCP listener on loopback stands for the service; it records every connection made to
it, and after each query it must have received nothing. The spellings come from
properties_sparql.py (hypothesis), each checked to be one Oxigraph's grammar accepts.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings

from spiralld.query import library as queries
from spiralld.serve.server import page_context
from spiralld.serve.sparql import isolate_network, screen

from ..test_server import Server, running
from .properties import PROPERTIES
from .properties_sparql import CLOSED_PORT, PORT, oxigraph_accepts, service_queries

ROOT = Path(__file__).resolve().parents[2]


class Listener:
    """A TCP server on a loopback port that answers nothing and remembers who connected."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port: int = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(4096) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")

    def fill(self, template: str) -> str:
        return template.replace(PORT, str(self.port))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    started = Listener()
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def server(seed_release: tuple[object, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("log") / "server.log"
    with running(seed_release[1], log) as started:
        yield started


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def assert_refused(client: httpx.Client, listener: Listener, query: str) -> httpx.Response:
    """The endpoint refuses ``query`` (GET and POST) and nothing reaches the listener."""
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", content=query.encode(),
                                 headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code in (400, 403), (query, response.status_code,
                                                     response.text)
        assert response.text.startswith(("SERVICE (federated query) is not allowed",
                                          "Malformed query:")), response.text
    assert listener.received == [], (query, listener.received)
    return response


# --- the spellings of the report, literally ---------------------------------------------

#: The issue's two spellings (a "." right before SERVICE; an escaped "#" in a prefixed name
#: earlier on the line), and a "\u0022" that ends a string for rdflib only.
REPORTED = [
    "SELECT ?x WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:@PORT@/dot> { ?x ?y ?z } } LIMIT 1",
    "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?s ?p ?o FILTER(?o != ex:a\\#b) "
    "SERVICE <http://127.0.0.1:@PORT@/escape> { ?x ?y ?z } } LIMIT 1",
    "SELECT ?x WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:@PORT@/escape> { ?x ?y ?z } }\n"
    "# ex:a\\#b SERVICE",
    'SELECT * WHERE { ?s ?p "a\\u0022 # " . SERVICE <http://127.0.0.1:@PORT@/u> { ?x ?y ?z }'
    "\n}",
]


@pytest.mark.parametrize("template", REPORTED, ids=["dot", "escaped-hash", "hash-comment",
                                                   "u-escape"])
def test_reported_spellings_are_refused(client: httpx.Client, listener: Listener,
                                        template: str) -> None:
    assert oxigraph_accepts(template.replace(PORT, str(CLOSED_PORT)))  # not the listener's
    assert_refused(client, listener, listener.fill(template))


def test_the_dot_spelling_names_service(client: httpx.Client, listener: Listener) -> None:
    response = assert_refused(client, listener, listener.fill(REPORTED[0]))
    assert response.status_code == 403
    assert response.text == ("SERVICE (federated query) is not allowed on this endpoint: the "
                             "server never opens a connection of its own.\n")


def test_a_unicode_escape_is_refused_with_the_reason(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": 'ASK { ?s ?p "\\u00e9" }'})
    assert response.status_code == 400
    assert response.text == ("Malformed query: this endpoint does not accept \\u or \\U "
                             "escapes in a query; write the character itself.\n")


# --- generated spellings ----------------------------------------------------------------

@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(template=service_queries())
def test_generated_spellings_are_refused(client: httpx.Client, listener: Listener,
                                         template: str) -> None:
    query = listener.fill(template)
    assert_refused(client, listener, query)


def test_the_fuzz_property_holds() -> None:
    """sparql_filter (every generated spelling is one Oxigraph accepts, and the check
    refuses it), for its CI budget, as ``python -m bench.fuzz --only sparql_filter`` runs it."""
    from .properties import runner

    (prop,) = [p for p in PROPERTIES if p.name == "sparql_filter"]
    runner(prop, prop.examples)()


# --- the workers themselves cannot reach the network ------------------------------------

def _isolated_service_call(query: str, results: Any) -> None:
    """In a fresh process: cut it off with isolate_network, as a worker does, then run
    ``query`` on a store with nothing checking it first."""
    isolation = isolate_network()
    try:
        list(pyoxigraph.Store().query(query))
        outcome = "ran"
    except OSError as error:
        outcome = str(error)
    results.put((isolation, outcome))


def test_an_isolated_worker_cannot_open_a_connection(listener: Listener) -> None:
    """The second wall, without the check: SERVICE from a process in its own network
    namespace reaches nothing (the listener stays silent)."""
    query = listener.fill("SELECT * WHERE { SERVICE <http://127.0.0.1:@PORT@/worker> "
                          "{ ?s ?p ?o } }")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_isolated_service_call, args=(query, results))
    process.start()
    isolation, outcome = results.get(timeout=60)
    process.join(10)
    if isolation is not None:
        pytest.skip(f"no network namespaces here: {isolation}")
    assert outcome == "Network is unreachable (os error 101)"
    assert listener.received == []


def test_the_log_says_the_workers_are_cut_off(server: Server) -> None:
    assert ("2 query workers, each in a network namespace of its own: SERVICE cannot reach "
            "anything") in server.log.read_text()


# --- updates, and the queries that must still run ----------------------------------------

@pytest.mark.parametrize("update", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "PREFIX ex: <http://example.org/>\n# a comment\n delete where { ?s ?p ?o }",
    "BASE <http://x/> PREFIX a: <http://y/> LOAD <http://127.0.0.1:1/data.ttl>",
    "WITH <g:1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DROP ALL ; CLEAR DEFAULT",
    "PREFIX insert: <http://x/>\ninsert{?s insert:p ?o}WHERE{?s ?p ?o}",
])
def test_updates_are_refused(client: httpx.Client, update: str) -> None:
    assert screen(update).kind == "update"
    response = client.get("/sparql", params={"query": update})
    assert response.status_code == 403
    assert response.text == "SPARQL Update is not allowed: this endpoint is read-only.\n"


def test_every_canned_query_passes_the_check() -> None:
    texts = sorted([*(ROOT / "queries").rglob("*.rq"),
                    *(ROOT / "src" / "spiralld" / "query_library").rglob("*.rq")])
    assert texts
    for path in texts:
        assert screen(path.read_text(encoding="utf-8")).kind == "query", path


def test_the_query_page_examples_run(seed_release: tuple[object, Path],
                                     client: httpx.Client) -> None:
    examples = page_context(queries.open_store(seed_release[1]))["examples"]
    for example in examples:
        response = client.get("/sparql", params={"query": example["text"]},
                              headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (example["name"], response.text)
