"""A rebuild trusts nothing of its cache that fails a check (rebuild.cache_files): each cache
file damaged in each way (cache_damage.py) gives a build that exits 0 with exactly one
warning line naming the file, and a release byte for byte the one a ``--fresh`` build of the
same data writes. A profile file changed under the same size and modification time is
read again, not taken as it was."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.build import build, profile_cache
from spiralld.cli import main
from spiralld.config import Config
from spiralld.mapping import map_corpus
from spiralld.query.library import store_path
from spiralld.reading.corpus import load_corpus
from spiralld.rebuild.reads import FILE
from spiralld.rebuild.reuse import Reuse

from .cache_damage import ALL_FILES, APPLIES, DAMAGES, damage

EPOCH = "1778889600"
ROLE = re.compile(r"^(- roleName: [^\n]+)$", re.MULTILINE)


def tree(root: Path) -> dict[str, bytes]:
    """Every file of a release tree, by its path inside it."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@dataclass
class Project:
    """A data project built into ``out``, with an edit (a role's title, shown on the pages
    of the profile and of the organization) switched on and off between builds; the trees
    a ``--fresh`` build writes for each state."""

    data: Path
    out: Path
    edited_file: Path
    texts: tuple[str, str]
    fresh: dict[bool, dict[str, bytes]] = field(default_factory=dict)
    edited: bool = False

    def switch(self) -> None:
        """Apply the edit, or undo it."""
        self.edited = not self.edited
        self.edited_file.write_text(self.texts[self.edited], encoding="utf-8")

    def rebuild(self) -> tuple[int, list[str], str]:
        """Build with the CLI: exit code, the warning lines, and the output."""
        result = CliRunner().invoke(main, ["build", str(self.data), "--out", str(self.out)])
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        return result.exit_code, warnings, result.output + repr(result.exception)


@pytest.fixture(scope="module")
def project(generated_corpus: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Project]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = tmp_path_factory.mktemp("cache-trust")
        data = root / "data"
        shutil.copytree(generated_corpus, data)
        path = next(p for p in sorted((data / "profiles").glob("*.md"))
                    if ROLE.search(p.read_text(encoding="utf-8")))
        text = path.read_text(encoding="utf-8")
        project = Project(data, root / "site", path, (text, ROLE.sub(r"\1 Emeritus", text, 1)))
        for edited in (True, False):
            project.switch()
            fresh = root / f"fresh-{edited}"
            build(data, fresh, Config(), fresh=True)
            project.fresh[edited] = tree(fresh)
        build(data, project.out, Config())
        yield project


CASES = [(name, how) for how in DAMAGES for name in ALL_FILES if name in APPLIES[how]]


@pytest.mark.parametrize(("name", "how"), CASES, ids=[f"{n}-{h}" for n, h in CASES])
def test_a_damaged_cache_file_is_rebuilt_with_one_warning(project: Project, name: str,
                                                          how: str) -> None:
    """After an edit, with one cache file damaged: exit 0, one warning naming the file, and
    the release a fresh build writes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project.switch()
        path = damage(project.data, project.out, name, how)
        code, warnings, output = project.rebuild()
    assert code == 0, output
    assert len(warnings) == 1 and str(path) in warnings[0], (warnings, output)
    assert tree(project.out) == project.fresh[project.edited], (name, how)


def test_an_undamaged_cache_gives_no_warning(project: Project) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project.switch()
        code, warnings, output = project.rebuild()
    assert (code, warnings) == (0, [])
    assert "data documents and pages carried over" in output
    assert tree(project.out) == project.fresh[project.edited]


def test_the_warning_says_what_is_wrong_and_what_the_build_did(project: Project) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project.switch()
        notes = damage(project.data, project.out, "notes.bin", "zero-filled")
        assert project.rebuild()[1] == [
            f"warning: {notes} failed its checksum: everything made again"]
        project.switch()
        units = damage(project.data, project.out, "units.txt", "lines shuffled")
        assert project.rebuild()[1] == [
            f"warning: {units} failed its checksum: every page and data document made again"]
        project.switch()
        pack = damage(project.data, project.out, "profiles.pack", "value edited")
        first = min(map(str, [*project.data.glob("p*/*.txt"), *project.data.glob("p*/*.md")]))
        assert project.rebuild()[1] == [
            f"warning: {pack}: the entry of {first} failed a checksum: parsed and mapped again"]
        project.switch()
        verdicts = damage(project.data, project.out, "validation.json", "list for map")
        assert project.rebuild()[1] == [
            f"warning: {verdicts} holds a list where a dict is expected: "
            "every unit validated again"]
    assert tree(project.out) == project.fresh[project.edited]


def test_a_file_changed_under_the_same_stamp_is_read_again(generated: Path,
                                                          tmp_path: Path) -> None:
    """Same size, modification time put back (as ``rsync -t``, ``cp -p``, ``touch -d``
    leave it): the file's note is touched, its pages made again."""
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(generated, out, Config())
    path = next(p for p in sorted((generated / "profiles").glob("*.md"))
                if ROLE.search(p.read_text(encoding="utf-8")))
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    role = ROLE.search(text)
    assert role is not None
    changed = text.replace(role[1], role[1][:-4] + role[1][-4:].swapcase(), 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size,
                                                               before.st_mtime_ns)

    config = Config()
    with profile_cache(generated, config) as profiles:
        corpus = load_corpus(generated, config, cache=profiles)
        dataset = map_corpus(corpus, profiles)
    reuse = Reuse(generated / config.cache_dir, out, store_path(out), profiles.inputs(),
                  profiles.spelling)
    reuse.open(dataset, corpus)
    # files are noted by their path from the data directory (however it was named)
    assert FILE + path.relative_to(generated).as_posix() in reuse.touched

    rebuilt = build(generated, out, Config())
    build(generated, fresh, Config(), fresh=True)
    assert rebuilt.made > 0 and not rebuilt.warnings
    assert tree(out) == tree(fresh)


def test_the_readme_warning_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """README, "The cache is checked before it is trusted": the line for an edited verdict."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(project.data.parent)
    project.switch()
    damage(project.data, project.out, "validation.json", "value edited")
    result = CliRunner().invoke(main, ["build", "data", "--out", "site"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        "warning: data/.spiralld-cache/validation.json failed its checksum: "
        "every unit validated again"]
    assert tree(project.out) == project.fresh[project.edited]


def _forge_summary(pack: Path, key: str, old: str, new: str) -> None:
    """Rewrite the profile cache ``pack`` with ``old`` replaced by ``new`` in the summary of
    file ``key``, every checksum made to match: a forgery no check of the pack can see."""
    import json
    import struct
    import zlib

    from spiralld.rebuild.cache_files import digest, seal, unseal
    from spiralld.rebuild.profile_cache import FORMAT, INDEX, MAGIC

    data = pack.read_bytes()
    (start,) = struct.unpack(">Q", data[-8:])
    index = json.loads(zlib.decompress(unseal(data[start:-8], INDEX, FORMAT, pack)))
    out = bytearray(MAGIC)
    forged = False
    for name, (content, date, head_at, head_size, body_at, body_size, _, _) in sorted(
            index["files"].items()):
        head, body = data[head_at:head_at + head_size], data[body_at:body_at + body_size]
        if name == key:
            forged = True
            summary = zlib.decompress(head).decode()
            assert old in summary
            head = zlib.compress(summary.replace(old, new).encode())
        index["files"][name] = [content, date, len(out), len(head), len(out) + len(head),
                                len(body), digest(head), digest(body)]
        out += head + body
    assert forged, f"no entry {key} in the pack"
    start = len(out)
    out += seal(zlib.compress(json.dumps(index).encode()), INDEX, FORMAT)
    pack.write_bytes(bytes(out + struct.pack(">Q", start)))


def test_a_forged_summary_is_read_again_not_an_endless_build_again(project: Project) -> None:
    """A pack whose checksums were made to match a changed summary: the build notices that
    the summary is not what the unchanged file says, reads every file again (one warning),
    and writes the release a fresh build writes; the next build is quiet."""
    pack = project.data / Config().cache_dir / "profiles.pack"
    victim = str(project.edited_file)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project.switch()
        project.rebuild()
        name = re.search(r"^name: (.+)$", project.edited_file.read_text(), re.MULTILINE)
        assert name is not None
        key = str(project.edited_file.relative_to(project.data))   # as the pack keys files
        _forge_summary(pack, key, json_text(name.group(1).strip("'\"")), '"Forged Name"')
        code, warnings, output = project.rebuild()
        assert code == 0, output
        assert warnings == [f"warning: {pack}: the summary of {victim} held there is not "
                            "what the file says: every profile parsed and mapped again"]
        assert tree(project.out) == project.fresh[project.edited]
        assert project.rebuild()[:2] == (0, [])


def json_text(text: str) -> str:
    import json
    return json.dumps(text)
