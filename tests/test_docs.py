"""The docs cannot drift: every generated block (the ``[[[cog`` blocks of README.md and
docs/*.md, run by docs/_cog.py) must be what running it again writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_generated_block_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "-I", str(ROOT / "docs"),
         *map(str, DOCUMENTS)],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, (
        "a generated block of the docs is out of date; run "
        "`cog -r -I docs README.md docs/*.md`:\n" + result.stdout + result.stderr)


def test_a_drifted_block_is_caught(tmp_path: Path) -> None:
    """An output line changed by hand (as code changes it) fails the check."""
    readme = (ROOT / "docs" / "researchers.md").read_text(encoding="utf-8")
    assert "$ spiralld query --list\naffiliations/at-date " in readme
    drifted = tmp_path / "researchers.md"
    drifted.write_text(readme.replace("affiliations/at-date ", "affiliations/at-a-date ", 1),
                       encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", str(ROOT / "docs"), str(drifted)],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
