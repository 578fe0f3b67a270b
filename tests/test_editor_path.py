"""The editor's path, end to end: pages about people the seed names are imported beside it,
built, validated and queried; one is changed and imported again; every step exits 0."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, DATA, FIXTURES, ask

PEOPLE = ("noam-shazeer", "aidan-gomez", "alexander-skidanov")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.output
    return result.output


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_import_build_query_and_import_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    pages = [FIXTURES / "pages" / f"{name}.txt" for name in (*PEOPLE, "mixture-of-experts")]
    imported = run("import", *map(str, pages), "--out", str(data / "profiles"))
    assert [line.split()[1].rstrip(":") for line in imported.splitlines()
            if line.startswith("wrote ")] \
        == [str(data / "profiles" / f"{page.stem}.md") for page in pages]

    site = tmp_path / "site"
    built = run("build", str(data), "--out", str(site))
    assert "validation: 0 violation(s)" in built
    superseded = next(line for line in built.splitlines()
                      if line.startswith("entities superseded by profiles: 3 ("))
    for name in PEOPLE:
        assert f"{name} of {data}/entities/people.yaml:" in superseded
    assert "0 violation(s)" in run("validate", str(data)).splitlines()[-1]

    graph = rdflib.Graph().parse(site / "dataset.ttl")
    for name in PEOPLE:   # the seed's links now lead to pages about them
        assert ask(graph, f"ASK {{ <{BASE}id/{name}> schema:mainEntityOfPage "
                          f"<{BASE}page/{name}> }}")
        assert (site / "page" / f"{name}.html").is_file()
    assert ask(graph, f'ASK {{ <{BASE}id/alexander-skidanov> schema:alternateName '
                      '"Alex Skidanov" }'), "the entity's alternate name is kept"
    assert ask(graph, f"ASK {{ <{BASE}page/illia-polosukhin> schema:mentions "
                      f"<{BASE}id/noam-shazeer> , <{BASE}id/aidan-gomez> }}")

    members = rows(run("query", "affiliations/members", "--release", str(site),
                       "--param", "organization=NEAR Protocol", "--format", "csv"))
    assert {row["person"] for row in members} == {"Illia Polosukhin", "Alexander Skidanov"}
    authors = rows(run("query", "coauthor-founders", "--release", str(site),
                       "--format", "csv"))
    assert {"Noam Shazeer", "Aidan Gomez"} <= {row["author"] for row in authors}

    changed = tmp_path / "noam-shazeer.txt"
    changed.write_text(pages[0].read_text().replace(
        "Noam Shazeer is an American computer scientist",
        "Noam Shazeer is an American computer scientist and engineer"))
    run("import", str(changed), "--out", str(data / "profiles"))
    run("build", str(data), "--out", str(site))
    graph = rdflib.Graph().parse(site / "dataset.ttl")
    assert ask(graph, f"""ASK {{ <{BASE}id/noam-shazeer> schema:description ?lead .
        FILTER(STRSTARTS(?lead, "Noam Shazeer is an American computer scientist and engineer"))
        }}""")
