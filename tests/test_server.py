"""spiralld serve: real servers on loopback, spoken to over HTTP (httpx, SPARQLWrapper)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from spiralld.serve.negotiation import negotiate, parse_accept
from spiralld.serve.sparql import is_update, uses_service

from .servers import free_port, wait_until_ready

BASE = "https://w3id.org/spiralld/"
ILLIA = f"{BASE}id/illia-polosukhin"
SCHEMA = "PREFIX schema: <https://schema.org/>\n"
TURTLE_TYPE = "text/turtle; charset=utf-8"
#: Four copies of every triple joined: far more rows than any timeout lets through.
CROSS_JOIN = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def sparql(self) -> SPARQLWrapper:
        return SPARQLWrapper(f"{self.url}/sparql")


@contextmanager
def running(release: Path, log: Path, *options: str) -> Iterator[Server]:
    """``python -m spiralld.serve.server RELEASE`` on a free loopback port; stopped with SIGTERM,
    which must end it with status 0 within 15 s."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "spiralld.serve.server", str(release), "--port", str(port),
             *options], stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/index.html", process, seconds=60)
        yield Server(url, process, log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("the server did not stop within 15 s of SIGTERM") from None
    assert status == 0, log.read_text()


@pytest.fixture(scope="module")
def planted(seed_release: tuple[object, Path], tmp_path_factory: pytest.TempPathFactory,
            outside: Path) -> Path:
    """A copy of the seed release (without its store, so the server loads the dumps) with
    symlinks planted in it: out of the release, onto a dot-file, and one harmless."""
    copy = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(seed_release[1], copy)
    (copy / "page" / "evil.html").symlink_to("/etc/passwd")
    (copy / "id" / "leak.ttl").symlink_to(outside / "secret.txt")
    (copy / "source" / "relative.html").symlink_to(
        os.path.relpath(outside / "secret.txt", copy / "source"))
    (copy / "docs").symlink_to(outside, target_is_directory=True)
    (copy / "id" / "dot.html").symlink_to("../.spiralld-release")
    (copy / "page" / "alias.html").symlink_to("illia-polosukhin.html")
    return copy


@pytest.fixture(scope="module")
def server(planted: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Default limits, on the planted copy (store: dumps loaded in memory)."""
    with running(planted, tmp_path_factory.mktemp("log") / "server.log") as started:
        yield started


@pytest.fixture(scope="module")
def limited(seed_release: tuple[object, Path],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Small limits, on the seed release (its persistent read-only store)."""
    log = tmp_path_factory.mktemp("log") / "limited.log"
    with running(seed_release[1], log, "--query-timeout", "1", "--max-rows", "5",
                 "--max-request-bytes", "10000") as started:
        yield started


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
        yield http


def raw_get(server: Server, target: str) -> tuple[int, bytes]:
    """GET with the request target sent exactly as written (no client normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- content negotiation (unit) --------------------------------------------------------

OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "text/html"]


@pytest.mark.parametrize(("accept", "chosen"), [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("text/html", "text/html"),
    ("text/html;q=0.9, text/turtle", "text/turtle"),
    ("text/turtle;q=0.5, text/html", "text/html"),
    ("text/html, text/turtle", "text/turtle"),  # a tie: RDF first, as nginx/Apache do
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("*/*", "text/html"),
    ("", "text/html"),
    (None, "text/html"),
    ("text/*", "text/html"),
    ("application/*", "application/ld+json"),
    ("image/png", "text/html"),  # nothing acceptable: lenient default
    ("text/turtle;q=0, */*", "text/html"),
    ("application/ld+json;q=0.8, application/n-triples;q=0.9", "application/n-triples"),
    ("TEXT/Turtle ; Q=0.7 , text/html;q=0.6", "text/turtle"),
    ("text/turtle;q=abc, text/html;q=0.1", "text/html"),
])
def test_negotiate(accept: str | None, chosen: str) -> None:
    assert negotiate(accept, OFFERS, "text/html") == chosen


def test_parse_accept_q_values() -> None:
    assert parse_accept("text/html;level=1;q=0.4, */*;q=0.1, text/turtle") == [
        ("text/html", 0.4), ("*/*", 0.1), ("text/turtle", 1.0)]
    assert parse_accept(None) == [("*/*", 1.0)]
    assert parse_accept("text/html;q=7") == [("text/html", 1.0)]


@pytest.mark.parametrize(("query", "update"), [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", True),
    ("PREFIX ex: <http://example.org/>\n# a comment\n delete where { ?s ?p ?o }", True),
    ("BASE <http://x/> LOAD <http://example.org/data.ttl>", True),
    ("WITH <g:1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("DROP ALL", True),
    ("SELECT * WHERE { ?s ?p 'INSERT DATA' }", False),
    ("# INSERT DATA { <a:b> <a:c> <a:d> }\nASK {}", False),
    ("PREFIX insert: <http://x/> SELECT * WHERE { ?s insert:p ?o }", False),
])
def test_is_update(query: str, update: bool) -> None:
    assert is_update(query) is update


@pytest.mark.parametrize(("query", "service"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { service silent <http://x/> { ?s ?p ?o } }", True),
    ("SELECT ?service WHERE { ?service ?p 'SERVICE' . ?s ex:service ?o }", False),
    ("SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/>", False),
])
def test_uses_service(query: str, service: bool) -> None:
    assert uses_service(query) is service


# --- the static release ----------------------------------------------------------------

@pytest.mark.parametrize(("accept", "location"), [
    ("text/turtle", "/id/illia-polosukhin.ttl"),
    ("application/ld+json", "/id/illia-polosukhin.jsonld"),
    ("application/n-triples", "/id/illia-polosukhin.nt"),
    ("text/html", "/page/illia-polosukhin"),
    ("text/html;q=0.9, text/turtle", "/id/illia-polosukhin.ttl"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
     "/page/illia-polosukhin"),
])
def test_resource_answers_303(client: httpx.Client, accept: str, location: str) -> None:
    response = client.get("/id/illia-polosukhin", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == location
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", TURTLE_TYPE),
    ("application/ld+json", "application/ld+json"),
    ("text/html", "text/html; charset=utf-8"),
])
def test_303_targets_have_their_media_types(client: httpx.Client, accept: str,
                                            media_type: str) -> None:
    redirect = client.get("/id/illia-polosukhin", headers={"Accept": accept})
    target = client.get(redirect.headers["location"], headers={"Accept": accept})
    assert target.status_code == 200
    assert target.headers["content-type"] == media_type
    if accept == "text/turtle":
        graph = rdflib.Graph().parse(data=target.text, format="turtle")
        assert (rdflib.URIRef(ILLIA), None, None) in graph
    if accept == "application/ld+json":
        assert json.loads(target.text)


def test_entity_without_page_and_source_go_to_their_html(client: httpx.Client) -> None:
    entity = client.get("/id/near-foundation", headers={"Accept": "text/html"})
    assert entity.status_code == 303
    assert entity.headers["location"] == "/id/near-foundation.html"
    source = client.get("/source/near-foundation-near-co-founder-joins-the-near-foundation-as-"
                        "ceo-2023-09-21",
                        headers={"Accept": "text/html"})
    assert source.headers["location"].endswith(
        "/source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo-2023-09-21.html")
    assert client.get(source.headers["location"]).status_code == 200
    assert client.get("/id/no-such-thing").status_code == 404


def test_page_is_served_in_the_format_asked_for(client: httpx.Client, planted: Path) -> None:
    turtle = client.get("/page/illia-polosukhin", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert turtle.headers["content-type"] == TURTLE_TYPE
    assert "Accept" in turtle.headers["vary"]
    assert turtle.headers["content-location"] == "/page/illia-polosukhin.ttl"
    assert turtle.content == (planted / "page" / "illia-polosukhin.ttl").read_bytes()
    html = client.get("/page/illia-polosukhin", headers={"Accept": "text/html"})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.content == (planted / "page" / "illia-polosukhin.html").read_bytes()
    nt = client.get("/page/illia-polosukhin", headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"] == "application/n-triples"


def test_index_ontology_and_media_types(client: httpx.Client, planted: Path) -> None:
    index = client.get("/")
    assert index.status_code == 200
    assert index.content == (planted / "index.html").read_bytes()
    assert client.get("/ontology").content == (planted / "ontology.html").read_bytes()
    ontology = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert ontology.headers["content-type"] == TURTLE_TYPE
    assert ontology.content == (planted / "ontology.ttl").read_bytes()
    for path, media_type in [("/style.css", "text/css; charset=utf-8"),
                             ("/sitemap.xml", "application/xml"),
                             ("/dumps/dataset.nq.gz", "application/gzip"),
                             ("/id/illia-polosukhin.nt", "application/n-triples"),
                             ("/dataset.jsonld", "application/ld+json")]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == media_type, path
        assert response.headers["cache-control"].startswith("public")
        assert "etag" in response.headers and "last-modified" in response.headers


def test_conditional_get(client: httpx.Client) -> None:
    first = client.get("/id/illia-polosukhin.ttl")
    etag = first.headers["etag"]
    again = client.get("/id/illia-polosukhin.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/id/illia-polosukhin.ttl", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    since = client.get("/id/illia-polosukhin.ttl",
                       headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    # A negotiated page: each format has its own ETag.
    html = client.get("/page/illia-polosukhin", headers={"Accept": "text/html"})
    ttl = client.get("/page/illia-polosukhin", headers={"Accept": "text/turtle"})
    assert html.headers["etag"] != ttl.headers["etag"]
    assert client.get("/page/illia-polosukhin", headers={
        "Accept": "text/turtle", "If-None-Match": ttl.headers["etag"]}).status_code == 304


def test_gzip(client: httpx.Client, planted: Path) -> None:
    response = client.get("/dataset.ttl", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.content == (planted / "dataset.ttl").read_bytes()  # httpx decodes
    plain = client.get("/dataset.ttl", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    dump = client.get("/dumps/dataset.nq.gz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in dump.headers  # already compressed
    assert dump.content == (planted / "dumps" / "dataset.nq.gz").read_bytes()


def test_not_found_has_the_release_404_page(client: httpx.Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert '<base href="/">' in response.text  # its relative links work at any depth


@pytest.mark.parametrize("target", [
    "/../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/page/..%2f..%2fetc%2fpasswd",
    "/page/../../../../etc/passwd",
    "/id/..%2F..%2F..%2Foutside%2Fsecret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/page/%2fetc%2fpasswd",
    "/page/..%5c..%5cetc%5cpasswd",
    "/index.html%00.txt",
])
def test_traversal_is_refused(server: Server, target: str) -> None:
    status, body = raw_get(server, target)
    assert status in (400, 404)
    assert b"root:" not in body and b"TOP SECRET" not in body


@pytest.mark.parametrize("path", [
    "/page/evil.html", "/page/evil", "/id/leak.ttl", "/source/relative.html",
    "/docs/secret.txt", "/id/dot.html",
])
def test_symlinks_out_of_the_release_are_refused(client: httpx.Client, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "root:" not in response.text and "TOP SECRET" not in response.text


def test_symlink_inside_the_release_is_served(client: httpx.Client, planted: Path) -> None:
    response = client.get("/page/alias.html")
    assert response.status_code == 200
    assert response.content == (planted / "page" / "illia-polosukhin.html").read_bytes()


@pytest.mark.parametrize("path", ["/.spiralld-release", "/.htaccess", "/id/.hidden",
                                  "/%2ehtaccess"])
def test_dot_files_are_not_served(client: httpx.Client, planted: Path, path: str) -> None:
    assert (planted / ".htaccess").exists()
    assert client.get(path).status_code == 404


def test_head_and_methods(client: httpx.Client) -> None:
    head = client.head("/id/illia-polosukhin.ttl")
    assert head.status_code == 200 and head.content == b""
    assert client.post("/index.html").status_code == 405


# --- CORS ------------------------------------------------------------------------------

def test_cors_preflight(client: httpx.Client) -> None:
    response = client.options("/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_cors_on_documents_and_results(client: httpx.Client) -> None:
    origin = {"Origin": "https://comunica.example"}
    for response in (client.get("/id/illia-polosukhin.ttl", headers=origin),
                     client.get("/id/illia-polosukhin", headers=origin),
                     client.get("/sparql", params={"query": "ASK {}"}, headers=origin)):
        assert response.headers["access-control-allow-origin"] == "*"
    results = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert "X-Spiralld-Truncated" in results.headers["access-control-expose-headers"]


# --- SPARQL ----------------------------------------------------------------------------

NAME_QUERY = SCHEMA + f"SELECT ?name WHERE {{ <{ILLIA}> schema:name ?name }}"


def test_select_json(server: Server) -> None:
    client = server.sparql()
    client.setQuery(NAME_QUERY)
    client.setReturnFormat(JSON)
    document = client.query().convert()
    assert document["head"]["vars"] == ["name"]
    assert document["results"]["bindings"] == [
        {"name": {"type": "literal", "value": "Illia Polosukhin"}}]


def test_select_xml(server: Server) -> None:
    client = server.sparql()
    client.setQuery(NAME_QUERY)
    client.setReturnFormat(XML)
    document = client.query().convert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["Illia Polosukhin"]


def test_select_csv_and_tsv(server: Server) -> None:
    query = SCHEMA + ("SELECT ?entity ?name WHERE { ?entity a schema:Person ; schema:name ?name }"
                      " ORDER BY ?name")
    client = server.sparql()
    client.setQuery(query)
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["entity", "name"]
    assert [ILLIA, "Illia Polosukhin"] in rows
    client.setReturnFormat(TSV)
    lines = client.query().convert().decode("utf-8").splitlines()
    assert lines[0] == "?entity\t?name"
    assert f'<{ILLIA}>\t"Illia Polosukhin"' in lines
    assert len(lines) == len(rows)


def test_ask(server: Server) -> None:
    client = server.sparql()
    client.setQuery(f"ASK {{ <{ILLIA}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("ASK { <a:nothing> ?p ?o }")
    assert client.query().convert()["boolean"] is False


def test_construct_turtle(server: Server) -> None:
    client = server.sparql()
    client.setQuery(SCHEMA + f"CONSTRUCT {{ <{ILLIA}> schema:name ?name }} "
                             f"WHERE {{ <{ILLIA}> schema:name ?name }}")
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert isinstance(data, bytes)  # SPARQLWrapper hands Turtle back as bytes
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert set(graph) == {(rdflib.URIRef(ILLIA), rdflib.URIRef("https://schema.org/name"),
                           rdflib.Literal("Illia Polosukhin"))}


def test_construct_other_formats(client: httpx.Client) -> None:
    query = SCHEMA + f"DESCRIBE <{ILLIA}>"
    jsonld = client.get("/sparql", params={"query": query},
                        headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=jsonld.text, format="json-ld")
    assert (rdflib.URIRef(ILLIA), None, None) in graph
    nt = client.post("/sparql", content=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert nt.headers["content-type"] == "application/n-triples"
    assert len(rdflib.Graph().parse(data=nt.text, format="nt")) == len(graph)


def test_post_forms(client: httpx.Client) -> None:
    form = client.post("/sparql", data={"query": NAME_QUERY},
                       headers={"Accept": "application/sparql-results+json"})
    direct = client.post("/sparql", content=NAME_QUERY.encode(), headers={
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": "application/sparql-results+json"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()
    assert form.headers["content-type"] == "application/sparql-results+json"
    unsupported = client.post("/sparql", content=b"query", headers={"Content-Type": "text/plain"})
    assert unsupported.status_code == 415


def test_named_graphs_are_the_default_graph_and_can_be_chosen(client: httpx.Client) -> None:
    count = SCHEMA + f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ILLIA}> schema:name ?name }}"
    union = client.get("/sparql", params={"query": count}).json()
    assert union["results"]["bindings"][0]["n"]["value"] == "1"
    graph = client.get("/sparql", params=[("query", count),
                                          ("default-graph-uri", f"{BASE}graph/dataset")])
    assert graph.json()["results"]["bindings"][0]["n"]["value"] == "0"
    bad = client.get("/sparql", params=[("query", count), ("default-graph-uri", "not an iri")])
    assert bad.status_code == 400


def test_malformed_query_is_400_with_the_parser_message(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert response.text.startswith("Malformed query:")
    assert "error at" in response.text
    assert client.get("/sparql", headers={"Accept": "application/json"}).status_code == 400


def test_service_is_refused(client: httpx.Client) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def _triples(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) "
                                                      "WHERE { ?s ?p ?o }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _refused(client: SPARQLWrapper) -> int:
    with pytest.raises(urllib.error.HTTPError) as raised:
        client.query()
    raised.value.close()
    return raised.value.code


def test_updates_are_refused(server: Server, client: httpx.Client) -> None:
    before = _triples(client)
    update = "INSERT DATA { <a:b> <a:c> <a:d> }"
    wrapper = server.sparql()
    wrapper.setMethod(POST)
    wrapper.setQuery(update)  # SPARQLWrapper sends it as update= (urlencoded)
    assert _refused(wrapper) == 403
    wrapper.setRequestMethod(POSTDIRECTLY)  # as application/sparql-update
    assert _refused(wrapper) == 403
    as_query = client.post("/sparql", data={"query": update})
    assert as_query.status_code == 403
    assert "read-only" in as_query.text
    assert client.get("/sparql", params={"query": "DROP ALL"}).status_code == 403
    assert client.get("/sparql", params={"update": "DROP ALL"}).status_code == 403
    assert _triples(client) == before
    ask = client.get("/sparql", params={"query": "ASK { <a:b> <a:c> <a:d> }"})
    assert ask.json()["boolean"] is False


def test_query_timeout_then_the_next_request_succeeds(limited: Server) -> None:
    wrapper = limited.sparql()
    wrapper.setQuery(CROSS_JOIN)
    wrapper.setReturnFormat(JSON)
    started = time.monotonic()
    assert _refused(wrapper) == 503
    assert time.monotonic() - started < 10
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        slow = client.get("/sparql", params={"query": CROSS_JOIN})
        assert slow.status_code == 503
        assert "timeout" in slow.text.lower()
        for _ in range(4):  # every worker, replaced ones included, answers again
            ask = client.get("/sparql", params={"query": f"ASK {{ <{ILLIA}> ?p ?o }}"})
            assert ask.status_code == 200
            assert ask.json()["boolean"] is True
        assert client.get("/page/illia-polosukhin").status_code == 200


def test_oversized_body_is_413(limited: Server) -> None:
    query = "# padding\n" + "#" * 20_000 + "\nASK {}"
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        direct = client.post("/sparql", content=query.encode(),
                             headers={"Content-Type": "application/sparql-query"})
        assert direct.status_code == 413
        assert "10000 bytes" in direct.text
        form = client.post("/sparql", data={"query": query})
        assert form.status_code == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"#" * 1000

        streamed = client.post("/sparql", content=chunks(),
                               headers={"Content-Type": "application/sparql-query"})
        assert streamed.status_code == 413
        small = client.post("/sparql", content=b"ASK {}",
                            headers={"Content-Type": "application/sparql-query"})
        assert small.status_code == 200


def test_max_rows_truncates_and_says_so(limited: Server) -> None:
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        everything = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert everything.status_code == 200
        assert everything.headers["x-spiralld-truncated"] == "true"
        assert everything.headers["x-spiralld-max-rows"] == "5"
        assert len(everything.json()["results"]["bindings"]) == 5
        csv_rows = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                              headers={"Accept": "text/csv"})
        assert len(csv_rows.text.splitlines()) == 6  # header + 5
        five = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
        assert "x-spiralld-truncated" not in five.headers
        assert len(five.json()["results"]["bindings"]) == 5
        graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/n-triples"})
        assert graph.headers["x-spiralld-truncated"] == "true"
        assert len(graph.text.strip().splitlines()) == 5


# --- the query page --------------------------------------------------------------------

def test_query_page(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    document = html5lib.parse(response.text, namespaceHTMLElements=False)
    form = document.find(".//form[@id='query-form']")
    assert form is not None and form.get("action") == "/sparql"
    assert form.find(".//textarea[@name='query']") is not None
    assert form.find(".//button[@type='submit']") is not None
    buttons = document.findall(".//button[@class='example']")
    titles = {button.text for button in buttons}
    assert "Claim sources" in titles
    scripts = document.findall(".//script")
    data = next(s for s in scripts if s.get("type") == "application/json")
    assert "<" not in data.text  # escaped: no text can close the element
    examples = {e["name"]: e for e in json.loads(data.text)["examples"]}
    assert set(examples) == {button.get("data-name") for button in buttons}
    claim_sources = examples["lineage/claim-sources"]
    assert f"VALUES (?entity) {{ (<{ILLIA}>) }}" in claim_sources["text"]
    assert claim_sources["question"]
    inline = [s for s in scripts if s.get("type") is None and s.get("src") is None]
    assert inline and "new Yasgui(" in inline[0].text
    # YASGUI from this server only (tests/test_query_page.py runs it in Chromium)
    assert [s.get("src") for s in scripts if s.get("src")] == ["/sparql/yasgui/yasgui.min.js"]


def test_canned_query_runs_on_the_endpoint(client: httpx.Client) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"})
    document = html5lib.parse(page.text, namespaceHTMLElements=False)
    data = next(s for s in document.findall(".//script") if s.get("type") == "application/json")
    examples = {e["name"]: e for e in json.loads(data.text)["examples"]}
    response = client.post("/sparql", data={"query": examples["lineage/claim-sources"]["text"]},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    titles = {b["title"]["value"] for b in response.json()["results"]["bindings"]
              if "title" in b}
    assert "NEAR co-founder joins the NEAR Foundation as CEO" in titles


# --- the process -----------------------------------------------------------------------

def test_log_has_one_line_per_request(server: Server, client: httpx.Client) -> None:
    client.get("/id/illia-polosukhin.ttl?log-marker")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [line for line in server.log.read_text().splitlines()
                 if "GET /id/illia-polosukhin.ttl 200" in line]
        if lines:
            break
        time.sleep(0.05)
    assert lines and lines[-1].rstrip().endswith("ms")


def test_sigterm_stops_the_server_and_its_workers(seed_release: tuple[object, Path],
                                                  tmp_path: Path) -> None:
    with running(seed_release[1], tmp_path / "log") as started:
        with httpx.Client(base_url=started.url, timeout=30) as client:
            assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        workers = _children(started.process.pid)
        assert len(workers) >= 2  # the query workers (and multiprocessing's tracker)
        begun = time.monotonic()
    # running() has sent SIGTERM and checked the exit status was 0.
    assert time.monotonic() - begun < 15
    for worker in workers:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(worker):
            time.sleep(0.05)
        assert not _alive(worker)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_not_a_release(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "spiralld.serve.server", str(tmp_path / "nope"),
                             "--port", str(free_port())], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
