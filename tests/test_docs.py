"""The docs cannot drift: every generated block (the ``[[[cog`` blocks of README.md and
docs/*.md, run by docs/_cog.py) must be what running it again writes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def anchor(heading: str) -> str:
    """The anchor a forge (GitHub, GitLab) gives a Markdown heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def outside_code(text: str) -> str:
    """``text`` without its fenced code blocks and inline code."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"),
                  flags=re.MULTILINE | re.DOTALL)
    return {anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_link_leads_somewhere(document: Path) -> None:
    """Relative links name files that exist, and #anchors headings that exist."""
    for target in re.findall(r"\]\(([^)\s]+)\)", outside_code(
            document.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.name}: {target}"
        if fragment and linked.suffix == ".md":
            assert fragment in anchors(linked), f"{document.name}: {target}"


def test_the_readme_is_a_front_door() -> None:
    """At most 10,000 characters, linking every page of docs/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) <= 10_000
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in readme, page.name
