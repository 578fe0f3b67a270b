"""Publishing a release into a real SPARQL 1.1 store (oxigraph serve on loopback) through
the Graph Store HTTP Protocol: exact graphs, no duplicates, dropped pages, clear errors."""

from __future__ import annotations

import base64
import gzip
import shutil
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from spiralld.build import BuildResult, build
from spiralld.config import DEFAULT_BASE_IRI, Config
from spiralld.errors import PublishError
from spiralld.query.library import library, open_store, run_embedded, run_endpoint
from spiralld.serve.credentials import Credentials
from spiralld.serve.publish import (
    DUMP,
    Endpoints,
    GraphCount,
    _load_large_graph,
    _Store,
    check_counts,
    endpoints,
    publish,
    read_release,
)

from .conftest import DATA, FIXTURES
from .servers import free_port, loopback_http, oxigraph_server

Release = tuple[BuildResult, Path]
SHARED = DEFAULT_BASE_IRI + "graph/shared"
DESCRIPTION = DEFAULT_BASE_IRI + "graph/dataset"
SEED_PAGE = DEFAULT_BASE_IRI + "page/illia-polosukhin"
EXTRA_PAGE = DEFAULT_BASE_IRI + "page/mixture-of-experts"


@pytest.fixture(scope="module")
def server(seed_release: Release, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty oxigraph server for the module; yields its base URL."""
    with oxigraph_server(seed_release[1], tmp_path_factory.mktemp("publish"),
                         load=False) as base:
        yield base


@pytest.fixture(scope="module")
def bigger_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ plus one raw page (mixture-of-experts), built once for the module."""
    root = tmp_path_factory.mktemp("bigger")
    data_dir = root / "data"
    shutil.copytree(DATA, data_dir)
    (data_dir / "pages").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "pages" / "mixture-of-experts.txt", data_dir / "pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        build(data_dir, root / "site", Config())
    return root / "site"


# --- helpers ---------------------------------------------------------------------------

def dump_quads(release: Path) -> set[Quad]:
    with gzip.open(release / DUMP, "rb") as stream:
        return set(pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.N_QUADS))


def select(server: str, query: str) -> list[dict[str, Any]]:
    response = httpx.post(f"{server}/query", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return list(response.json()["results"]["bindings"])


def term(value: dict[str, str]) -> NamedNode | BlankNode | Literal:
    if value["type"] == "uri":
        return NamedNode(value["value"])
    if value["type"] == "bnode":
        return BlankNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(value["value"], datatype=NamedNode(datatype) if datatype else None)


def store_quads(server: str) -> set[Quad]:
    """Every quad in the server's named graphs, read back with SPARQL."""
    rows = select(server, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {Quad(term(row["s"]), NamedNode(row["p"]["value"]), term(row["o"]),
                 NamedNode(row["g"]["value"])) for row in rows}


def graph_names(server: str) -> set[str]:
    rows = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row["g"]["value"] for row in rows}


def update(server: str, text: str) -> None:
    httpx.post(f"{server}/update", data={"update": text}).raise_for_status()


# --- loading ---------------------------------------------------------------------------

def test_every_named_graph_holds_exactly_the_release(seed_release: Release,
                                                     server: str) -> None:
    calls: list[tuple[str, int, int]] = []
    result = publish(seed_release[1], f"{server}/query",
                     progress=lambda *args: calls.append(args))
    expected = dump_quads(seed_release[1])
    assert store_quads(server) == expected
    assert {g.graph for g in result.graphs} == {q.graph_name.value for q in expected}
    assert {SEED_PAGE, SHARED, DESCRIPTION} <= {g.graph for g in result.graphs}
    assert result.mismatches == []
    assert result.triples == len(expected)
    assert all(g.found == g.expected > 0 for g in result.graphs)
    total = len(result.graphs)
    assert calls[0] == ("publish", 0, total) and calls[-1] == ("publish", total, total)


def test_publishing_twice_replaces_and_never_duplicates(seed_release: Release,
                                                       server: str) -> None:
    first = publish(seed_release[1], f"{server}/query")
    second = publish(seed_release[1], f"{server}/query")
    assert second.graphs == first.graphs
    assert second.mismatches == [] and second.dropped == ()
    assert len(store_quads(server)) == first.triples


def test_a_graph_larger_than_a_batch_is_loaded_aside_and_moved_into_place(
    seed_release: Release, server: str,
) -> None:
    counts = read_release(seed_release[1]).counts
    assert counts[SHARED] > 40
    result = publish(seed_release[1], f"{server}/query", batch_triples=40, workers=2)
    assert result.mismatches == []
    assert store_quads(server) == dump_quads(seed_release[1])
    assert not any("publishing-" in graph for graph in graph_names(server))


def test_a_split_graph_keeps_its_blank_nodes_together(server: str) -> None:
    """Blank nodes are scoped to one request, so a split graph sends them in one."""
    graph = "http://example.org/blank"
    triples = [pyoxigraph.Triple(NamedNode(f"http://example.org/s{i}"),
                                 NamedNode("http://example.org/p"), Literal(str(i)))
               for i in range(10)]
    node = BlankNode("shared")
    triples[3:3] = [pyoxigraph.Triple(NamedNode("http://example.org/a"),
                                      NamedNode("http://example.org/q"), node),
                    pyoxigraph.Triple(node, NamedNode("http://example.org/r"), Literal("x"))]
    services = Endpoints(f"{server}/query", f"{server}/store", None)  # no update: in place
    store = _Store(services, Credentials(services.query), timeout=10)
    try:
        _load_large_graph(store, graph, iter(triples), 2, "http://example.org/unused")
    finally:
        store.close()
    rows = select(server, "SELECT ?a WHERE { GRAPH <http://example.org/blank> { "
                          "?a <http://example.org/q> ?b . ?b <http://example.org/r> 'x' } }")
    assert [row["a"]["value"] for row in rows] == ["http://example.org/a"]
    assert check_counts(f"{server}/query", {graph: 12}) == (GraphCount(graph, 12, 12),)
    httpx.delete(f"{server}/store", params={"graph": graph}).raise_for_status()


def test_a_profile_removed_from_the_release_loses_its_graph(
    seed_release: Release, bigger_release: Path, server: str,
) -> None:
    bigger = publish(bigger_release, f"{server}/query")
    assert bigger.mismatches == []
    assert EXTRA_PAGE in graph_names(server)
    result = publish(seed_release[1], f"{server}/query")
    assert result.dropped == (EXTRA_PAGE,)
    assert EXTRA_PAGE not in graph_names(server)
    assert store_quads(server) == dump_quads(seed_release[1])


def test_graphs_outside_the_release_base_are_left_alone(seed_release: Release,
                                                       server: str) -> None:
    update(server, "INSERT DATA { GRAPH <http://example.org/other> { "
                   "<http://example.org/a> <http://example.org/b> 'c' } }")
    update(server, "INSERT DATA { GRAPH <https://w3id.org/spiralld/notes> { "
                   "<http://example.org/a> <http://example.org/b> 'c' } }")
    result = publish(seed_release[1], f"{server}/query")
    assert result.dropped == ()
    assert {"http://example.org/other",
            "https://w3id.org/spiralld/notes"} <= graph_names(server)
    update(server, "DROP GRAPH <http://example.org/other> ; "
                   "DROP GRAPH <https://w3id.org/spiralld/notes>")


def test_canned_query_gives_the_embedded_rows_after_publishing(seed_release: Release,
                                                               server: str) -> None:
    publish(seed_release[1], f"{server}/query")
    query = library()["lineage/claim-sources"]
    embedded = run_embedded(query, open_store(seed_release[1]), {}, DEFAULT_BASE_IRI)
    remote = run_endpoint(query, f"{server}/query", {}, DEFAULT_BASE_IRI)
    assert remote.variables == embedded.variables
    assert remote.rows() == embedded.rows()
    assert any(row["roleName"] == "CEO" for row in remote.rows())


# --- the count check -------------------------------------------------------------------

def test_the_count_check_finds_an_extra_triple(seed_release: Release, server: str) -> None:
    publish(seed_release[1], f"{server}/query")
    update(server, f"INSERT DATA {{ GRAPH <{SEED_PAGE}> {{ "
                   f"<http://example.org/x> <http://example.org/y> 'z' }} }}")
    expected = read_release(seed_release[1]).counts
    counts = check_counts(f"{server}/query", expected)
    wrong = [count for count in counts if not count.ok]
    assert wrong == [GraphCount(SEED_PAGE, expected[SEED_PAGE], expected[SEED_PAGE] + 1)]
    assert publish(seed_release[1], f"{server}/query").mismatches == []  # repaired


def test_a_graph_missing_from_the_store_counts_zero(server: str) -> None:
    graph = DEFAULT_BASE_IRI + "page/nobody"
    assert check_counts(f"{server}/query", {graph: 3}) == (GraphCount(graph, 3, 0),)


# --- URLs ------------------------------------------------------------------------------

@pytest.mark.parametrize(("endpoint", "graph_store", "update_url"), [
    ("http://h:7878/query", "http://h:7878/store", "http://h:7878/update"),
    ("http://h:3030/ds/query", "http://h:3030/ds/data", "http://h:3030/ds/update"),
    ("http://h:3030/ds/sparql", "http://h:3030/ds/data", "http://h:3030/ds/update"),
    ("http://h:7200/repositories/kb", "http://h:7200/repositories/kb/rdf-graphs/service",
     "http://h:7200/repositories/kb/statements"),
    ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud-auth",
     "http://h:8890/sparql-auth"),
])
def test_the_graph_store_is_derived_for_known_layouts(endpoint: str, graph_store: str,
                                                      update_url: str) -> None:
    assert endpoints(endpoint) == Endpoints(endpoint, graph_store, update_url)


def test_given_urls_win_over_derived_ones() -> None:
    found = endpoints("http://h/ds/query", "http://h/gsp", "http://h/up")
    assert found == Endpoints("http://h/ds/query", "http://h/gsp", "http://h/up")
    assert endpoints("http://h/x/y/z", "http://h/gsp") == Endpoints("http://h/x/y/z",
                                                                    "http://h/gsp", None)


def test_an_unknown_layout_needs_the_graph_store(seed_release: Release) -> None:
    with pytest.raises(PublishError, match=r"^cannot tell the Graph Store Protocol URL from "
                                           r"the endpoint http://h/x/y/z .*give --graph-store$"):
        publish(seed_release[1], "http://h/x/y/z")


# --- errors ----------------------------------------------------------------------------

def one_line(error: pytest.ExceptionInfo[PublishError]) -> str:
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_refused_connection_is_one_clear_line(seed_release: Release) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(PublishError) as error:
        publish(seed_release[1], f"{url}/query")
    assert one_line(error).startswith("graph <https://w3id.org/spiralld/")
    assert f": PUT {url}/store: cannot connect (" in one_line(error)


def test_a_client_error_names_the_graph_url_status_and_body(seed_release: Release,
                                                          server: str) -> None:
    with pytest.raises(PublishError) as error:
        publish(seed_release[1], f"{server}/query", graph_store=f"{server}/query")
    message = one_line(error)
    assert message.startswith("graph <https://w3id.org/spiralld/")
    assert f": PUT {server}/query: HTTP 4" in message


def test_a_wrong_update_url_is_reported_for_the_moved_graph(seed_release: Release,
                                                           server: str) -> None:
    with pytest.raises(PublishError) as error:
        publish(seed_release[1], f"{server}/query", update=f"{server}/nothing",
                batch_triples=40)
    assert one_line(error).startswith(f"graph <{SHARED}>: POST {server}/nothing: HTTP 404")
    publish(seed_release[1], f"{server}/query")  # and clean up the scratch graph
    assert not any("publishing-" in graph for graph in graph_names(server))


def test_a_url_that_is_not_http_is_refused(seed_release: Release) -> None:
    with pytest.raises(PublishError, match=r"^endpoint 'localhost:7878': not an http\(s\) URL$"):
        publish(seed_release[1], "localhost:7878")


def test_a_silent_server_times_out(seed_release: Release) -> None:
    with socket.socket() as listener:  # accepts connections (backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(PublishError) as error:
            publish(seed_release[1], f"{url}/query", timeout=0.5, workers=1)
    assert one_line(error).endswith(f": PUT {url}/store: no answer within 0.5 s")


def test_not_a_release(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r": not a release \(no dumps/dataset.nq.gz\)$"):
        publish(tmp_path, "http://127.0.0.1:9/query")


def write_dump(release: Path, text: str) -> Path:
    (release / "dumps").mkdir(parents=True)
    (release / DUMP).write_bytes(gzip.compress(text.encode()))
    return release


def test_a_dump_with_default_graph_triples_sends_nothing(tmp_path: Path) -> None:
    release = write_dump(tmp_path, "<http://a> <http://b> <http://c> <http://g> .\n"
                                   "<http://a> <http://b> <http://c> .\n")
    with pytest.raises(PublishError, match=r"a triple in the default graph"):
        publish(release, "http://127.0.0.1:9/query")  # refused before connecting


def test_a_dump_not_grouped_by_graph_is_refused(tmp_path: Path) -> None:
    release = write_dump(tmp_path, "<http://a> <http://b> <http://c> <http://g> .\n"
                                   "<http://a> <http://b> <http://c> <http://h> .\n"
                                   "<http://a> <http://b> <http://d> <http://g> .\n")
    with pytest.raises(PublishError, match=r"graph <http://g> appears in two places"):
        publish(release, "http://127.0.0.1:9/query")


def test_a_dump_that_does_not_parse_names_the_file(tmp_path: Path) -> None:
    release = write_dump(tmp_path, "<http://a> <http://b> .\n")
    with pytest.raises(PublishError) as error:
        publish(release, "http://127.0.0.1:9/query")
    assert one_line(error).startswith(f"{release / DUMP}: ")


def test_credentials_and_a_token_are_not_both_accepted(seed_release: Release) -> None:
    with pytest.raises(PublishError, match="not both"):
        publish(seed_release[1], "http://127.0.0.1:9/query", auth=("u", "p"), token="t")


# --- authentication --------------------------------------------------------------------

class Refusing(BaseHTTPRequestHandler):
    """Answers 401 to everything, remembering the Authorization header it was sent."""

    seen: list[str | None] = []

    def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
        Refusing.seen.append(self.headers.get("Authorization"))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"\nUnauthorized: bad credentials\nsecond line\n"
        self.send_response(401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def refusing() -> Iterator[str]:
    Refusing.seen = []
    with loopback_http(Refusing) as root:
        yield root


def test_a_bearer_token_is_sent(seed_release: Release, refusing: str) -> None:
    with pytest.raises(PublishError) as error:
        publish(seed_release[1], f"{refusing}/query", token="s3cret", workers=1)
    assert one_line(error).endswith(f": PUT {refusing}/store: HTTP 401 Unauthorized: "
                                    f"Unauthorized: bad credentials")
    assert Refusing.seen[0] == "Bearer s3cret"


def test_basic_credentials_are_sent(seed_release: Release, refusing: str) -> None:
    with pytest.raises(PublishError, match="HTTP 401 Unauthorized"):
        publish(seed_release[1], f"{refusing}/query", auth=("ed", "pw"), workers=1)
    assert Refusing.seen[0] == "Basic " + base64.b64encode(b"ed:pw").decode()
