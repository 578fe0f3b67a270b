"""Every canned query gives the same rows over every published form of a release: the query
store, ``spiralld serve``'s /sparql, the N-Quads dump, and dataset.ttl, dataset.jsonld and the
other dumps each read with void.ttl, as void.ttl and the README say to (Apache Jena ARQ reads
dataset.ttl with void.ttl; every form is also loaded into a fresh in-memory pyoxigraph store).

dataset.ttl, dataset.jsonld and the Turtle, N-Triples and JSON-LD dumps alone hold the data
without the dataset description (void.ttl; the named graph ``graph/dataset`` of the store and
the N-Quads dump): over them every canned query but one gives the same rows, and
``lineage/derivation``, whose steps 2 and 3 read the description, only its step-1 rows.
void.ttl says so (``dcterms:description``).
"""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import DCTERMS

from spiralld.query.library import bind_values, library, name_resolver, open_store, with_values

from .peers import peer
from .test_server import Server, running

BASE = "https://w3id.org/spiralld/"
#: The canned query that reads the dataset description, and the step that does not.
DERIVATION = "lineage/derivation"
#: Each canned query with its parameters' defaults, except "today" (fixed, for every form).
VALUES = {"quality/stale": {"date": "2026-05-16"}}

Row = tuple[tuple[str, str, str, str], ...]


def rows(results: dict[str, Any]) -> list[Row]:
    """SPARQL JSON results as a sorted list of rows (each term: type, value, datatype, lang)."""
    names = results["head"]["vars"]

    def term(binding: dict[str, str] | None) -> tuple[str, str, str, str]:
        if binding is None:
            return ("", "", "", "")
        kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
        return kind, binding["value"], binding.get("datatype", ""), binding.get("xml:lang", "")

    return sorted(tuple(term(row.get(name)) for name in names)
                  for row in results["results"]["bindings"])


def oxigraph_rows(store: pyoxigraph.Store, text: str, union: bool) -> list[Row]:
    solutions = store.query(text, use_default_graph_as_union=union)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return rows(json.loads(solutions.serialize(format=pyoxigraph.QueryResultsFormat.JSON)))


def loaded(*files: tuple[bytes, pyoxigraph.RdfFormat]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for data, fmt in files:
        store.load(data, format=fmt)
    return store


@pytest.fixture(scope="module")
def release(seed_release: tuple[object, Path]) -> Path:
    return seed_release[1]


@pytest.fixture(scope="module")
def texts(release: Path) -> dict[str, str]:
    """Every canned query with its parameters bound, as each engine is sent it."""
    store = open_store(release)
    return {name: with_values(query, bind_values(query, VALUES.get(name, {}), BASE,
                                                 name_resolver(store)))
            for name, query in library().items()}


@pytest.fixture(scope="module")
def server(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(release, tmp_path_factory.mktemp("log") / "server.log") as started:
        yield started


@pytest.fixture(scope="module")
def files(release: Path) -> dict[str, bytes]:
    dumps = release / "dumps"
    return {"dataset.ttl": (release / "dataset.ttl").read_bytes(),
            "dataset.jsonld": (release / "dataset.jsonld").read_bytes(),
            "void.ttl": (release / "void.ttl").read_bytes(),
            "nt": gzip.decompress((dumps / "dataset.nt.gz").read_bytes()),
            "ttl.gz": gzip.decompress((dumps / "dataset.ttl.gz").read_bytes()),
            "jsonld.gz": gzip.decompress((dumps / "dataset.jsonld.gz").read_bytes()),
            "nq": gzip.decompress((dumps / "dataset.nq.gz").read_bytes())}


#: The forms without named graphs, by key of ``files``, and their syntax.
MERGED = {"dataset.ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
          "dataset.jsonld": pyoxigraph.RdfFormat.JSON_LD, "ttl.gz": pyoxigraph.RdfFormat.TURTLE,
          "jsonld.gz": pyoxigraph.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def on_store(release: Path, texts: dict[str, str]) -> dict[str, list[Row]]:
    store = open_store(release)
    return {name: oxigraph_rows(store, text, union=True) for name, text in texts.items()}


def test_every_canned_query_has_rows_on_the_store(on_store: dict[str, list[Row]]) -> None:
    """So that "the same rows" below is never "no rows" twice."""
    assert set(on_store) >= {DERIVATION, "lineage/coauthor-founders", "quality/stubs"}
    assert on_store[DERIVATION] and on_store["lineage/coauthor-founders"]


def test_the_endpoint_gives_the_stores_rows(
        server: Server, texts: dict[str, str], on_store: dict[str, list[Row]]) -> None:
    for name, text in texts.items():
        response = httpx.post(f"{server.url}/sparql", data={"query": text}, timeout=60,
                              headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (name, response.text)
        assert rows(response.json()) == on_store[name], name


def test_the_nquads_dump_gives_the_stores_rows(
        files: dict[str, bytes], texts: dict[str, str], on_store: dict[str, list[Row]]) -> None:
    store = loaded((files["nq"], pyoxigraph.RdfFormat.N_QUADS))
    for name, text in texts.items():
        assert oxigraph_rows(store, text, union=True) == on_store[name], name


def test_dataset_ttl_with_void_ttl_gives_the_stores_rows_in_jena(
        release: Path, texts: dict[str, str], on_store: dict[str, list[Row]],
        tmp_path: Path) -> None:
    arq = peer("jena-arq")
    for name, text in texts.items():
        file = tmp_path / "q.rq"
        file.write_text(text, encoding="utf-8")
        done = subprocess.run([arq, "--data", str(release / "dataset.ttl"),
                               "--data", str(release / "void.ttl"), "--query", str(file),
                               "--results", "json"],
                              capture_output=True, text=True, timeout=300, check=True)
        assert rows(json.loads(done.stdout)) == on_store[name], name


@pytest.mark.parametrize("form", MERGED)
def test_each_merged_form_with_void_ttl_gives_the_stores_rows(
        form: str, files: dict[str, bytes], texts: dict[str, str],
        on_store: dict[str, list[Row]]) -> None:
    store = loaded((files[form], MERGED[form]), (files["void.ttl"], pyoxigraph.RdfFormat.TURTLE))
    for name, text in texts.items():
        assert oxigraph_rows(store, text, union=False) == on_store[name], name


@pytest.mark.parametrize("form", MERGED)
def test_alone_they_lack_only_the_description(
        form: str, files: dict[str, bytes], texts: dict[str, str],
        on_store: dict[str, list[Row]]) -> None:
    store = loaded((files[form], MERGED[form]))
    for name, text in texts.items():
        found = oxigraph_rows(store, text, union=False)
        if name == DERIVATION:   # its first column is ?step
            assert found == [row for row in on_store[name] if row[0][1] == "1"]
            assert found != on_store[name]
        else:
            assert found == on_store[name], name


def test_void_ttl_says_what_each_form_holds(files: dict[str, bytes]) -> None:
    void = rdflib.Graph().parse(data=files["void.ttl"], format="turtle")
    said = str(void.value(rdflib.URIRef(BASE + "dataset"), DCTERMS.description))
    assert "dataset.ttl, dataset.jsonld and the Turtle, N-Triples and JSON-LD dumps" in said
    assert f"also hold it, as the named graph {BASE}graph/dataset" in said
    assert "load void.ttl with it" in said
    for dump in ("dataset.ttl.gz", "dataset.nt.gz", "dataset.jsonld.gz"):
        text = str(void.value(rdflib.URIRef(f"{BASE}dumps/{dump}"), DCTERMS.description))
        assert text.startswith("The data graphs merged into one, without this description")
    nquads = str(void.value(rdflib.URIRef(f"{BASE}dumps/dataset.nq.gz"), DCTERMS.description))
    assert f"{BASE}graph/dataset (this description" in nquads
