"""A query's FROM and FROM NAMED define its dataset (SPARQL 1.1 section 13.2), on the endpoint
of ``spiralld serve`` and in ``spiralld query``, as in Apache Jena ARQ on the N-Quads dump.

The union of the named graphs is the default graph only when neither the query nor the
request names a dataset; a request's ``default-graph-uri`` / ``named-graph-uri`` override
the query's clauses (SPARQL 1.1 Protocol section 2.1.4). Jena runs as the real ``jena-arq``
(tests/peers.py installs it when missing).
"""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from spiralld.cli import main

from .peers import peer
from .servers import free_port, wait_until_ready

GRAPH = "https://w3id.org/spiralld/graph/"
SHARED, DESCRIPTION = f"<{GRAPH}shared>", f"<{GRAPH}dataset>"
PAGE = "<https://w3id.org/spiralld/page/illia-polosukhin>"

#: name -> a query whose answer depends on the dataset it runs on.
QUERIES = {
    "from": f"SELECT (COUNT(*) AS ?n) FROM {SHARED} WHERE {{ ?s ?p ?o }}",
    "from-two": f"SELECT (COUNT(*) AS ?n) FROM {SHARED} FROM {DESCRIPTION} "
                f"WHERE {{ ?s ?p ?o }}",
    "from-has-no-named-graphs": f"SELECT ?g (COUNT(*) AS ?n) FROM {SHARED} "
                                f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
    "from-named": f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED {PAGE} "
                  f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
    "from-named-empty-default": f"SELECT (COUNT(*) AS ?n) FROM NAMED {PAGE} "
                                f"WHERE {{ ?s ?p ?o }}",
    "from-and-from-named": f"SELECT ?g ?type FROM {DESCRIPTION} FROM NAMED {SHARED} "
                           f"WHERE {{ {{ ?d a ?type }} UNION {{ GRAPH ?g {{ ?x a ?type }} }} }}",
    "graph-without-clause": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                            "GROUP BY ?g",
    "ask-from": f"ASK FROM {DESCRIPTION} {{ ?s <http://rdfs.org/ns/void#triples> ?n }}",
}


def rows(results: dict[str, Any]) -> list[tuple[tuple[str, str, str], ...]] | bool:
    """SPARQL JSON results as a sorted list of rows (each term as type, value, datatype)."""
    if "boolean" in results:
        return bool(results["boolean"])

    def term(binding: dict[str, str]) -> tuple[str, str, str]:
        kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
        return kind, binding["value"], binding.get("datatype", "")

    names = results["head"]["vars"]
    return sorted(tuple(term(row[name]) if name in row else ("", "", "") for name in names)
                  for row in results["results"]["bindings"])


@pytest.fixture(scope="module")
def dump(seed_release: tuple[object, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "dataset.nq"
    path.write_bytes(gzip.decompress((seed_release[1] / "dumps" / "dataset.nq.gz").read_bytes()))
    return path


def jena(dump: Path, query: str, tmp_path: Path) -> list[Any] | bool:
    file = tmp_path / "q.rq"
    file.write_text(query, encoding="utf-8")
    done = subprocess.run([peer("jena-arq"), "--data", str(dump), "--query", str(file),
                           "--results", "json"],
                          capture_output=True, text=True, timeout=300, check=True)
    return rows(json.loads(done.stdout))


@pytest.fixture(scope="module")
def endpoint(seed_release: tuple[object, Path], tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[str]:
    """``spiralld serve`` on the seed release, on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "spiralld.cli", "serve", str(seed_release[1]),
             "--port", str(port)], stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/index.html", process, seconds=60)
        yield f"{url}/sparql"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def served(endpoint: str, query: str, **graphs: list[str]) -> list[Any] | bool:
    params = [("query", query)] + [(name.replace("_", "-"), iri)
                                   for name, iris in graphs.items() for iri in iris]
    response = httpx.get(endpoint, params=params, timeout=30,
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return rows(response.json())


@pytest.mark.parametrize("name", QUERIES)
def test_the_endpoint_answers_as_jena_on_the_dump(
        name: str, endpoint: str, dump: Path, tmp_path: Path) -> None:
    assert served(endpoint, QUERIES[name]) == jena(dump, QUERIES[name], tmp_path)


@pytest.mark.parametrize("name", QUERIES)
def test_spiralld_query_answers_as_jena_on_the_dump(
        name: str, seed_release: tuple[object, Path], dump: Path, tmp_path: Path) -> None:
    file = tmp_path / f"{name}.rq"
    file.write_text(QUERIES[name], encoding="utf-8")
    outcome = CliRunner().invoke(main, ["query", "--file", str(file), "--release",
                                        str(seed_release[1]), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    assert rows(json.loads(outcome.output)) == jena(dump, QUERIES[name], tmp_path)


def test_from_counts_only_its_graph(endpoint: str) -> None:
    """The issue's example: FROM <graph/shared> counts that graph, not the union."""
    union = served(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    shared = served(endpoint, QUERIES["from"])
    assert isinstance(union, list) and isinstance(shared, list)
    assert int(shared[0][0][1]) < int(union[0][0][1])


def test_the_request_graphs_override_the_query_clauses(
        endpoint: str, dump: Path, tmp_path: Path) -> None:
    """default-graph-uri / named-graph-uri replace the query's FROM / FROM NAMED."""
    overridden = served(endpoint, QUERIES["from"], default_graph_uri=[f"{GRAPH}dataset"])
    rewritten = QUERIES["from"].replace(SHARED, DESCRIPTION)
    assert overridden == jena(dump, rewritten, tmp_path)
    named = served(endpoint, QUERIES["from-named"], named_graph_uri=[f"{GRAPH}shared"])
    assert named == jena(dump, QUERIES["from-named"].replace(PAGE, SHARED), tmp_path)
    # Only named graphs given: the default graph is empty, as in the query FROM NAMED alone.
    empty = served(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                   named_graph_uri=[f"{GRAPH}shared"])
    assert empty == jena(dump, QUERIES["from-named-empty-default"], tmp_path)
