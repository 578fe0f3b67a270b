"""Settings published in the release (void.ttl's endpoint, the license) are checked when read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.cli import main

from ..conftest import DATA


def validate(tmp_path: Path, settings: str) -> tuple[int, str]:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    (data / "spiralld.toml").write_text(settings, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_an_endpoint_with_credentials_is_never_published(tmp_path: Path) -> None:
    code, output = validate(tmp_path, 'title = "T"\n'
                            'sparql_endpoint = "https://admin:s3cret@example.org/sparql"\n')
    assert code == 1
    assert output.splitlines() == [
        f"Error: {tmp_path}/data/spiralld.toml:2: sparql_endpoint "
        "'https://***@example.org/sparql': must not name a user or password: it is published "
        "in void.ttl (give credentials to spiralld publish and query with --user or "
        "SPIRALLD_USER)"]
    assert "s3cret" not in output


@pytest.mark.parametrize(("setting", "value", "problem"), [
    ("sparql_endpoint", "ftp://example.org/sparql", "must be an http:// or https:// IRI"),
    ("sparql_endpoint", "/sparql", "must be an http:// or https:// IRI"),
    ("license", "https://example.org/a b", "not a valid IRI"),
])
def test_a_published_iri_must_be_a_web_iri(tmp_path: Path, setting: str, value: str,
                                           problem: str) -> None:
    code, output = validate(tmp_path, f'{setting} = "{value}"\n')
    assert code == 1
    assert output.startswith(f"Error: {tmp_path}/data/spiralld.toml:1: {setting} {value!r}: "
                             f"{problem}")


def test_a_public_endpoint_is_accepted(tmp_path: Path) -> None:
    code, output = validate(tmp_path, 'sparql_endpoint = "https://example.org/sparql"\n')
    assert code == 0, output
