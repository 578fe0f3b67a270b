"""docs/editors.md, the editor's reference, lists every field the loaders accept, and its
complete example builds."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from spiralld.cli import main
from spiralld.reading.entities import ENTITY_FIELDS
from spiralld.reading.profiles import (
    AUTHORSHIP_FIELDS,
    EVIDENCE_FIELDS,
    FOUNDING_FIELDS,
    PROFILE_FIELDS,
    ROLE_FIELDS,
    SOURCE_FIELDS,
)

from .conftest import BASE, DATA, FIXTURES, ask

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

DOC = (DATA.parent / "docs" / "editors.md").read_text(encoding="utf-8")


def table_fields(heading: str) -> set[str]:
    """The fields in the first column of the table under ``heading``."""
    section = DOC.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return {match.group(1) for match in re.finditer(r"^\| `([A-Za-z]+)` \|", section, re.M)}


@pytest.mark.parametrize(("heading", "fields"), [
    ("### Front matter fields", PROFILE_FIELDS),
    ("### Source fields", SOURCE_FIELDS),
    ("### Role fields (`roles:`)", ROLE_FIELDS),
    ("### Founding fields (`founded:`)", FOUNDING_FIELDS),
    ("### Authorship fields (`authored:`)", AUTHORSHIP_FIELDS),
    ("### Evidence fields (`evidence:`)", EVIDENCE_FIELDS),
    ("## Shared entities (`data/entities/*.yaml`)", ENTITY_FIELDS),
])
def test_every_field_the_loader_accepts_is_listed(heading: str, fields: set[str]) -> None:
    assert table_fields(heading) == fields


def test_the_complete_example_builds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    example = DOC.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    (data / "profiles" / "ada-example.md").write_text(example, encoding="utf-8")
    works = data / "entities" / "works.yaml"
    works.write_text(works.read_text().replace("    - illia-polosukhin\n",
                                               "    - illia-polosukhin\n    - ada-example\n", 1))
    result = CliRunner().invoke(main, ["build", str(data), "--out", str(tmp_path / "site")],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    ada = f"{BASE}id/ada-example"
    assert ask(graph, f"""ASK {{
        <{ada}> schema:affiliation <{ada}#role-affiliation-acme> ;
                schema:memberOf <{ada}#role-near-member> .
        <{ada}#role-affiliation-acme> schema:roleName "Chief Scientist" .
        <{BASE}id/acme> schema:founder <{BASE}id/acme#founder-ada-example> ,
                                       <{BASE}id/acme#founder-illia-polosukhin> .
        <{BASE}id/attention-is-all-you-need> schema:author ?role .
        ?role schema:author <{ada}> }}""")


def test_the_readme_links_the_editors_reference() -> None:
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    assert "[docs/editors.md](docs/editors.md)" in readme


def test_every_warning_the_shapes_give_is_explained() -> None:
    """docs/editors.md's table has a row for each sh:Warning message of the shapes."""
    shapes = rdflib.Graph()
    for path in sorted((DATA.parent / "shapes").glob("*.ttl")):
        shapes.parse(path)
    messages = {str(message) for shape in shapes.subjects(SH.severity, SH.Warning)
                for node in (shape, *shapes.objects(shape, SH.sparql))
                for message in shapes.objects(node, SH.message)}
    section = DOC.split(
        "## What each warning means, and how to fix it", 1)[1].split("\n## ", 1)[0]
    rows = {line.split(" | ")[0].removeprefix("| ") for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| the warning")}
    assert "is an ongoing role whose newest source is more than 3 years older than its page: " \
           "re-source it or give an endDate" in messages
    assert messages <= rows, messages - rows


def review_section() -> str:
    return DOC.split("\n## Reviewing proposed claims\n", 1)[1].split("\n## ", 1)[0]


def test_the_review_walkthrough_prints_what_it_shows(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command of "Reviewing proposed claims" runs, in order, in a clone beside the
    seed, and prints exactly the lines shown; the first YAML block is the proposal written,
    and the second (the claim confirmed) is the edit made before the next command."""
    section = review_section()
    consoles = re.findall(r"```console\n(.*?)```\n", section, re.S)
    before, confirmed = re.findall(r"```yaml\n(.*?)```\n", section, re.S)
    repo, seed = tmp_path / "repo", tmp_path / "shared" / "seed"
    seed.mkdir(parents=True)
    shutil.copy(FIXTURES / "pages" / "illia-polosukhin.txt", seed / "000_df572e353e5fc49c.txt")
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".spiralld-cache"))
    monkeypatch.chdir(repo)
    assert len(consoles) == 3
    for step, console in enumerate(consoles):
        command, *shown = console.splitlines()
        assert command.startswith("$ spiralld ")
        result = CliRunner().invoke(main, shlex.split(command)[2:],
                                    env={"SOURCE_DATE_EPOCH": "1778889600"})
        assert (result.exit_code, result.output.splitlines()) == (0, shown)
        if step == 0:
            profile = repo / "proposed" / "illia-polosukhin.md"
            text = profile.read_text(encoding="utf-8")
            assert before in text
            profile.write_text(text.replace(before, confirmed), encoding="utf-8")


def test_the_import_example_prints_what_it_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = DOC.split("\n## Importing pages: `spiralld import`\n", 1)[1]
    assert "(#reviewing-proposed-claims)" in section.split("\n## ", 1)[0]
    command, *shown = re.findall(r"```console\n(.*?)```\n", section, re.S)[0].splitlines()
    seed = tmp_path / "shared" / "seed"
    seed.mkdir(parents=True)
    shutil.copy(FIXTURES / "pages" / "illia-polosukhin.txt", seed / "000_df572e353e5fc49c.txt")
    shutil.copytree(DATA, tmp_path / "repo" / "data",
                    ignore=shutil.ignore_patterns(".spiralld-cache"))
    monkeypatch.chdir(tmp_path / "repo")
    result = CliRunner().invoke(main, shlex.split(command)[2:])
    assert (result.exit_code, result.output.splitlines()) == (0, shown)


def test_the_review_section_quotes_the_messages_the_code_gives() -> None:
    from spiralld.query.library import find_query
    from spiralld.reading.merge import NOTHING_WRITTEN

    section = " ".join(review_section().split())
    assert NOTHING_WRITTEN.lstrip("; ") in section
    shapes = (DATA.parent / "shapes" / "claims.ttl").read_text(encoding="utf-8")
    warning = "rests on the page alone"
    assert warning in shapes and warning in section
    assert "spiralld query quality/unreviewed" in section
    assert find_query("quality/unreviewed") is not None
