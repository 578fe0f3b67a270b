"""IRI parameters name something in the data: a mistake is an error offering the closest names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.build import BuildResult
from spiralld.cli import main

from .conftest import BASE, DATA
from .servers import oxigraph_server


@pytest.fixture(scope="module")
def endpoint(seed_release: tuple[BuildResult, Path],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(seed_release[1], tmp_path_factory.mktemp("oxigraph")) as base:
        yield base + "/query"


def query(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["query", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.fixture(params=["release", "endpoint"])
def where(request: pytest.FixtureRequest, seed_release: tuple[BuildResult, Path]) -> list[str]:
    """The same questions of the built release and of a real SPARQL server holding it."""
    if request.param == "release":
        return ["--release", str(seed_release[1])]
    return ["--endpoint", request.getfixturevalue("endpoint")]


def test_a_mistyped_organization_names_the_closest_match(where: list[str]) -> None:
    code, output = query("affiliations/members", "--param", "organization=NEAR Foundaton",
                         *where)
    assert code == 1
    assert output.splitlines() == [
        "Error: parameter organization (IRI): 'NEAR Foundaton' names nothing in the data; "
        "did you mean 'NEAR Foundation'?"]
    readme = (DATA.parent / "docs" / "researchers.md").read_text(encoding="utf-8")
    assert f"  {output.splitlines()[0]}\n" in readme, "docs/researchers.md shows this line"


def test_a_mistyped_slug_names_the_closest_match_too(where: list[str]) -> None:
    code, output = query("affiliations/members", "--param",
                         "organization=id/near-fondation", *where)
    assert code == 1
    assert output.splitlines() == [
        "Error: parameter organization (IRI): 'id/near-fondation' names nothing in the data; "
        "did you mean 'NEAR Foundation'?"]


def test_a_name_nothing_resembles_is_an_error_without_suggestions(where: list[str]) -> None:
    code, output = query("affiliations/members", "--param",
                         "organization=Nonexistent Org", *where)
    assert code == 1
    assert output.splitlines() == [
        "Error: parameter organization (IRI): 'Nonexistent Org' names nothing in the data"]


def test_a_name_resolves_to_the_entity_of_that_name(where: list[str]) -> None:
    code, output = query("affiliations/members", "--param", "organization=NEAR Foundation",
                         "--format", "csv", *where)
    assert code == 0, output
    assert output.splitlines()[1:] == [
        f"Illia Polosukhin,role,CEO,2023-09,,{BASE}id/illia-polosukhin"
        "#role-affiliation-near-foundation,reviewed"]


def test_an_absolute_iri_outside_the_data_is_refused(where: list[str]) -> None:
    code, output = query("affiliations/members", "--param",
                         "organization=https://example.org/acme", *where)
    assert code == 1
    assert output.splitlines() == [
        "Error: parameter organization (IRI): 'https://example.org/acme' names nothing in the "
        "data"]
