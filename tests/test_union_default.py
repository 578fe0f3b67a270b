"""A store whose default graph is not the union of its named graphs (``oxigraph serve`` as it
starts by default) is named, with its setting, by ``spiralld publish`` and by
``spiralld query --endpoint`` when an answer is empty: one line on stderr, the rows on stdout
untouched. The real ``oxigraph serve`` on loopback, with and without --union-default-graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from spiralld.cli import main

from .servers import oxigraph_server

NOTE = ("warning: {url}/query: the default graph does not hold the named graphs' triples, so "
        "a query without GRAPH (every canned query) finds nothing; for Oxigraph, start "
        "`oxigraph serve` with --union-default-graph (docs/triple-stores.md)\n")
#: The CSV header of lineage/coauthor-founders: what an empty answer prints.
HEADER = "position,author,organization,roleName,foundingDate,source,sourceDate,dateKind,status\n"


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _published(release: Path, workdir: Path, union: bool) -> Iterator[tuple[str, Result]]:
    with oxigraph_server(release, workdir, load=False, union=union) as url:
        yield url, cli("publish", str(release), "--endpoint", url, "-q")


@pytest.fixture(scope="module")
def release(seed_release: tuple[object, Path]) -> Path:
    return seed_release[1]


@pytest.fixture(scope="module")
def plain(release: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, Result]]:
    """The release published into an oxigraph serve without --union-default-graph."""
    yield from _published(release, tmp_path_factory.mktemp("plain"), union=False)


@pytest.fixture(scope="module")
def union(release: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, Result]]:
    yield from _published(release, tmp_path_factory.mktemp("union"), union=True)


def test_publish_names_the_setting_when_the_default_graph_is_not_the_union(
        plain: tuple[str, Result]) -> None:
    url, published = plain
    assert published.exit_code == 0, published.output
    assert published.stdout.startswith("published 3 graphs, ")
    assert published.stderr == NOTE.format(url=url)


def test_an_empty_answer_names_the_setting_on_stderr_only(
        plain: tuple[str, Result], tmp_path: Path) -> None:
    url, _ = plain
    answered = cli("query", "coauthor-founders", "--endpoint", url, "--format", "csv")
    assert answered.exit_code == 0, answered.output
    assert answered.stdout == HEADER
    assert answered.stderr == NOTE.format(url=url)
    # The same store queried with GRAPH has the data: the note is not a wrong guess.
    graphs = tmp_path / "graphs.rq"
    graphs.write_text("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g\n")
    listed = cli("query", "--file", str(graphs), "--endpoint", url, "--format", "csv")
    assert "https://w3id.org/spiralld/graph/shared" in listed.stdout
    assert listed.stderr == ""


def test_a_union_default_graph_gets_no_note(union: tuple[str, Result]) -> None:
    url, published = union
    assert published.exit_code == 0, published.output
    assert published.stderr == ""
    answered = cli("query", "coauthor-founders", "--endpoint", url, "--format", "csv")
    assert answered.stdout.startswith(HEADER) and "Illia Polosukhin" in answered.stdout
    assert answered.stderr == ""
    # An answer that is empty for its own reasons says nothing more either.
    none = cli("query", "affiliations/at-date", "--param", "date=1900-01-01", "--endpoint", url,
               "--format", "csv")
    assert none.exit_code == 0, none.output
    assert none.stderr == ""
