"""The command line: summaries, exit codes and one-line errors naming file:line."""

from __future__ import annotations

from pathlib import Path

import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, DATA, FIXTURES, ask

SEED = FIXTURES / "pages" / "illia-polosukhin.txt"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_build_writes_both_files_and_prints_a_summary(tmp_path: Path) -> None:
    code, output = run("build", str(DATA), "--out", str(tmp_path / "site"))
    assert code == 0, output
    assert "profiles: 1 (1 curated, 0 raw pages)" in output
    assert "stubs: 10 (agent-native-internet," in output
    assert (tmp_path / "site" / "dataset.ttl").is_file()
    assert (tmp_path / "site" / "dataset.jsonld").is_file()


def test_done_when_query(tmp_path: Path) -> None:
    """Which source supports Illia Polosukhin's role at NEAR Foundation, and its date."""
    run("build", str(DATA), "--out", str(tmp_path / "site"))
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, """ASK {
        id:illia-polosukhin schema:affiliation ?role .
        ?role schema:affiliation id:near-foundation ; prov:wasDerivedFrom ?source .
        ?source schema:name "NEAR co-founder joins the NEAR Foundation as CEO" ;
                schema:datePublished "2023-09-21"^^xsd:date }""")


def test_empty_page_is_refused_and_the_release_kept(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("build", str(data_dir), "--out", str(out))[0] == 0
    before = (out / "dataset.ttl").read_bytes()
    (data_dir / "pages").mkdir()
    empty = data_dir / "pages" / "empty.txt"
    empty.write_text("")
    code, output = run("build", str(data_dir), "--out", str(out))
    assert code == 1
    assert output == f"Error: {empty}:1: empty page: expected a title line\n"
    assert (out / "dataset.ttl").read_bytes() == before
    assert not list(tmp_path.glob(".site.*")), "no staging directory is left behind"


def test_impossible_citation_date_names_the_line(data_dir: Path, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("September 21, 2023", "September 41, 2023")
    (data_dir / "pages").mkdir()
    page = data_dir / "pages" / "broken.txt"
    page.write_text(text.replace("Illia Polosukhin\n", "Broken Page\n", 1), encoding="utf-8")
    line = text.splitlines().index(
        "- NEAR Foundation, NEAR co-founder joins the NEAR Foundation as CEO, September 41, 2023."
    ) + 1
    code, output = run("build", str(data_dir), "--out", str(tmp_path / "site"))
    assert code == 1
    assert output.startswith(
        f"Error: {page}:{line}: citation: impossible date 'September 41, 2023'")
    assert len(output.splitlines()) == 1
    assert not (tmp_path / "site").exists()


def test_missing_data_dir(tmp_path: Path) -> None:
    code, output = run("build", str(tmp_path / "nope"), "--out", str(tmp_path / "site"))
    assert code == 1
    assert output == f"Error: {tmp_path / 'nope'}: not a directory\n"


def test_refuses_to_replace_a_directory_that_is_not_a_release(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    code, output = run("build", str(DATA), "--out", str(precious))
    assert code == 1
    assert "refusing to replace a directory that is not a spiralld release" in output
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_import_writes_a_profile_that_builds(tmp_path: Path) -> None:
    profiles = tmp_path / "data" / "profiles"
    code, output = run("import", str(SEED), "--out", str(profiles))
    assert code == 0, output
    assert output == (f"wrote {profiles / 'illia-polosukhin.md'}: 6 proposed claims to "
                      "review\n")
    text = (profiles / "illia-polosukhin.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntype: Person\nname: Illia Polosukhin\n")
    assert "  near-ai-2026:\n" in text and "    dateReviewed: '2026-05-16'\n" in text
    code, output = run("build", str(tmp_path / "data"), "--out", str(tmp_path / "site"))
    assert code == 0, output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, f"""ASK {{ <{BASE}page/illia-polosukhin> prov:wasDerivedFrom ?s .
                                 ?s schema:name "Who we are" }}""")


def test_every_command_has_help() -> None:
    for command in ("build", "import"):
        code, output = run(command, "--help")
        assert code == 0
        assert "Usage: main " + command in output or f"Usage: spiralld {command}" in output


def test_usage_error_exits_2() -> None:
    assert run("build", "--no-such-option")[0] == 2


def test_diff_prints_changes_and_writes_a_patch(data_dir: Path, tmp_path: Path) -> None:
    assert run("build", str(data_dir), "--out", str(tmp_path / "old"), "-q")[0] == 0
    profile = data_dir / "profiles" / "illia-polosukhin.md"
    profile.write_text(profile.read_text().replace("startDate: 2023-09", "startDate: 2023-10"))
    assert run("build", str(data_dir), "--out", str(tmp_path / "new"), "-q")[0] == 0
    patch = tmp_path / "changes.rdfp"
    code, output = run("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(patch))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == f"~ {BASE}id/illia-polosukhin  +1 -1"
    assert lines[1] == "1 entity changed: 1 triple added, 1 removed"
    rows = patch.read_text().split("\n")
    assert rows[0] == "TX ."
    assert (f'A <{BASE}id/illia-polosukhin#role-affiliation-near-foundation> '
            '<https://schema.org/startDate> '
            '"2023-10"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> '
            f'<{BASE}page/illia-polosukhin> .') in rows


def test_diff_of_a_directory_that_is_not_a_release(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = run("diff", str(tmp_path / "empty"), str(tmp_path / "empty"))
    assert code == 1
    assert output.startswith(f"Error: {tmp_path / 'empty'}: not a release")


def test_every_command_is_documented() -> None:
    """docs/commands.md has a section per command (its --help, generated: test_docs)."""
    reference = (DATA.parent / "docs" / "commands.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"## `spiralld {name}`\n" in reference, name
        assert f"$ spiralld {name} --help\nUsage: spiralld {name} " in reference, name
        assert command.help, name


def test_serve_answers_and_stops_on_sigterm(seed_release: tuple[object, Path]) -> None:
    """`spiralld serve` as a user runs it: Turtle by content negotiation, clean SIGTERM."""
    import signal
    import subprocess
    import sys

    import httpx

    from .servers import free_port, wait_until_ready

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "spiralld.cli", "serve", str(seed_release[1]), "--port",
         str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/", process)
        answer = httpx.get(f"http://127.0.0.1:{port}/id/illia-polosukhin",
                           headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/turtle")
        assert "schema:roleName \"CEO\"" in answer.text
        assert [r.status_code for r in answer.history] == [303]
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "GET /id/illia-polosukhin 303" in errors.decode()


def test_an_output_path_that_cannot_be_created_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, output = run("build", str(DATA), "--out", str(blocker / "site"), "-q")
    assert code == 1
    assert output.startswith("Error: ")
    assert str(blocker) in output
    assert "Traceback" not in output
