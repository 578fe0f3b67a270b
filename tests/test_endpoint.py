"""The same canned queries on a real SPARQL 1.1 server (oxigraph serve) give the same rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.build import BuildResult
from spiralld.cli import main
from spiralld.config import DEFAULT_BASE_IRI
from spiralld.query.library import library, open_store, run_embedded, run_endpoint

from .servers import oxigraph_server


@pytest.fixture(scope="module")
def endpoint(seed_release: tuple[BuildResult, Path],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(seed_release[1], tmp_path_factory.mktemp("oxigraph")) as base:
        yield base + "/query"


@pytest.mark.parametrize("name", sorted(library()))
def test_canned_query_gives_the_same_rows_on_an_endpoint(
    name: str, seed_release: tuple[BuildResult, Path], endpoint: str,
) -> None:
    query = library()[name]
    embedded = run_embedded(query, open_store(seed_release[1]), {}, DEFAULT_BASE_IRI)
    remote = run_endpoint(query, endpoint, {}, DEFAULT_BASE_IRI)
    assert remote.variables == embedded.variables
    assert remote.rows() == embedded.rows()


def test_publish_then_query_a_running_oxigraph_by_its_root_url(
    seed_release: tuple[BuildResult, Path], tmp_path: Path,
) -> None:
    """The issue's walk-through: publish to `oxigraph serve`, query it, same answer."""
    with oxigraph_server(seed_release[1], tmp_path, load=False) as root:
        runner = CliRunner()
        published = runner.invoke(main, ["publish", str(seed_release[1]), "--endpoint", root,
                                         "-q"])
        assert published.exit_code == 0, published.output
        assert published.output.startswith("published 3 graphs, ")
        remote = runner.invoke(main, ["query", "coauthor-founders", "--endpoint", root,
                                      "--format", "csv"])
        embedded = runner.invoke(main, ["query", "coauthor-founders", "--release",
                                        str(seed_release[1]), "--format", "csv"])
    assert remote.exit_code == 0, remote.output
    assert remote.output == embedded.output
    assert "8,Illia Polosukhin,NEAR Protocol,co-founder" in remote.output


def test_names_resolve_on_the_endpoint_too(seed_release: tuple[BuildResult, Path],
                                          endpoint: str) -> None:
    query = library()["lineage/claim-sources"]
    values = {"entity": "Illia Polosukhin"}
    remote = run_endpoint(query, endpoint, values, DEFAULT_BASE_IRI).rows()
    embedded = run_embedded(query, open_store(seed_release[1]), values, DEFAULT_BASE_IRI).rows()
    assert remote == embedded
    assert any(row["roleName"] == "CEO" and row["date"] == "2023-09-21" for row in remote)


def test_query_command_on_an_endpoint(endpoint: str) -> None:
    result = CliRunner().invoke(main, ["query", "claim-sources", "--endpoint", endpoint,
                                       "--param", "entity=id/illia-polosukhin",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header == ("claim,label,roleName,related,startDate,endDate,source,title,creator,"
                      "date,dateKind,status")
    assert any(",CEO,NEAR Foundation,2023-09," in row and ",2023-09-21,published,reviewed"
               in row
               for row in rows)


def test_an_unreachable_endpoint_is_one_clear_error() -> None:
    result = CliRunner().invoke(main, ["query", "claim-sources", "--endpoint",
                                       "http://127.0.0.1:9/query"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: http://127.0.0.1:9/query: ")
    assert len(result.output.splitlines()) == 1


def test_without_its_store_a_release_is_queried_from_its_dumps(
    seed_release: tuple[BuildResult, Path], tmp_path: Path,
) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(seed_release[1], copy)
    assert not (tmp_path / "site.store").exists()
    query = library()["affiliations/at-date"]
    from_dumps = run_embedded(query, open_store(copy), {}, DEFAULT_BASE_IRI).rows()
    from_store = run_embedded(query, open_store(seed_release[1]), {}, DEFAULT_BASE_IRI).rows()
    assert (seed_release[1].parent / "site.store" / "oxigraph").is_dir()
    assert from_dumps == from_store
    assert [(r["person"], r["roleName"], r["organization"]) for r in from_dumps] == [
        ("Illia Polosukhin", "CEO", "NEAR Foundation")]
