"""A rebuild reuses the last build whichever way the data and release directories are named:
the caches key files by their path from the data directory, not by the spelling given."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import GENERATED_PAGES, GENERATED_PROFILES

PROFILES = GENERATED_PROFILES + GENERATED_PAGES


def build(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def carried(stdout: str) -> tuple[int, int]:
    """(carried, all) of the build's last line."""
    match = re.search(r"\((\d+) of (\d+) data documents and pages carried over from the "
                      r"previous release\)$", stdout.splitlines()[-1])
    assert match, stdout.splitlines()[-1]
    return int(match.group(1)), int(match.group(2))


def test_absolute_then_relative_paths_carry_everything_over(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build(str(tmp_path / "data"), "--out", str(tmp_path / "site"), "--quiet")
    stdout, stderr = build("data", "--out", "site")
    assert (f"profile cache: {PROFILES} of {PROFILES} profiles as the last build mapped "
            f"them (0 parsed, 0 mapped)") in stdout.splitlines()
    done, total = carried(stdout)
    assert done == total
    # the findings replayed from the cache name the files as this build was given them
    findings = [line.strip() for line in stderr.splitlines() if ": warning: " in line]
    assert findings and [line for line in findings if not line.startswith("data/")] == []
    assert not any(str(tmp_path) in line for line in stderr.splitlines())


def test_a_symlinked_data_directory_keeps_the_cache(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build("data", "--out", "site", "--quiet")
    (tmp_path / "link").symlink_to(tmp_path / "data")
    stdout, _ = build("./link", "--out", "./site/../site")
    done, total = carried(stdout)
    assert done == total


def test_an_edit_after_a_respelt_build_remakes_its_page(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build(str(tmp_path / "data"), "--out", str(tmp_path / "site"), "--quiet")
    build("data", "--out", "site", "--quiet")
    profile = sorted((tmp_path / "data" / "profiles").glob("*.md"))[0]
    text = profile.read_text(encoding="utf-8")
    lead = re.search(r"^(\S+ [^\n]*?) is an? ", text, flags=re.MULTILINE)
    assert lead
    profile.write_text(text.replace(lead.group(0), lead.group(1) + " is, notably, a ", 1),
                       encoding="utf-8")
    stdout, _ = build(str(tmp_path / "data"), "--out", str(tmp_path / "site"))
    done, total = carried(stdout)
    assert done < total
    page = (tmp_path / "site" / "page" / f"{profile.stem}.html").read_text(encoding="utf-8")
    assert "is, notably, a" in page
    fresh = tmp_path / "fresh"
    shutil.copytree(tmp_path / "data", fresh / "data", ignore=shutil.ignore_patterns(".*"))
    build(str(fresh / "data"), "--out", str(fresh / "site"), "--quiet")
    assert (fresh / "site" / "page" / f"{profile.stem}.html").read_text(
        encoding="utf-8") == page
