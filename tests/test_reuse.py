"""A rebuild carries over the data documents and pages that no edit touched (rebuild.reuse),
and its release is byte for byte the one a fresh build of the same data writes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

import spiralld.build
from spiralld.build import build, build_dataset
from spiralld.cli import main
from spiralld.config import Config
from spiralld.query.library import store_path
from spiralld.rebuild.reuse import Reuse
from spiralld.release import export, gzip_pieces
from spiralld.release.staging import staged_release
from spiralld.validate.units import make_units

from .conftest import GENERATED_PAGES, GENERATED_PROFILES

PROFILES, PAGES = GENERATED_PROFILES, GENERATED_PAGES


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def store_quads(out: Path) -> set[str]:
    """The quads of a release's query store (updated graph by graph on a rebuild)."""
    store = pyoxigraph.Store.read_only(str(store_path(out) / "oxigraph"))
    return {str(quad) for quad in store}


@pytest.fixture
def data(generated: Path) -> Path:
    return generated


def edit(data: Path, pattern: str, replacement: str, nth: int = 0) -> Path:
    """Replace the first match of ``pattern`` in the ``nth`` profile that has one."""
    matching = [path for path in sorted((data / "profiles").glob("*.md"))
                if re.search(pattern, path.read_text(encoding="utf-8"), flags=re.MULTILINE)]
    path = matching[nth]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    return path


def edit_lead(data: Path) -> Path:
    return edit(data, r"^(\S+ [^\n]*?) is an? ", r"\1 is, by all accounts, a ")


def edit_role_start(data: Path) -> None:
    edit(data, r"startDate: '\d{4}", "startDate: '1999", nth=1)


def edit_source_date(data: Path) -> None:
    edit(data, r"datePublished: '\d{4}", "datePublished: '1998", nth=2)


def add_unknown_related_page(data: Path) -> None:
    edit(data, r"^## Related Pages\n\n", "## Related Pages\n\n- Quantum Widgets\n", nth=3)


def rename_organization(data: Path) -> None:
    """A new name and slug: the links to it from other profiles become stubs."""
    path = edit(data, r"^(type: Organization\nname: [^\n]+)", r"\1 Renamed")
    path.rename(path.with_name(path.stem + "-renamed.md"))


def remove_raw_page(data: Path) -> None:
    sorted((data / "pages").glob("*.txt"))[0].unlink()


def add_profile(data: Path) -> None:
    (data / "profiles" / "ada-newcomer.md").write_text(
        "---\ntype: Person\nname: Ada Newcomer\nsources:\n  news-2024:\n"
        "    citation: Example News, Ada Newcomer joins the field, 2024.\n"
        "    type: NewsArticle\n    title: Ada Newcomer joins the field\n"
        "    publisher: Example News\n    datePublished: '2024'\n---\n# Ada Newcomer\n\n"
        "Ada Newcomer is a researcher of machine learning systems.\n", encoding="utf-8")


EDITS: list[Callable[[Path], None]] = [
    edit_lead, edit_role_start, edit_source_date, rename_organization,
    add_unknown_related_page, remove_raw_page, add_profile,
]


def test_a_rebuild_after_an_edit_is_the_release_a_fresh_build_writes(data: Path,
                                                                     tmp_path: Path) -> None:
    out, fresh_out = tmp_path / "site", tmp_path / "fresh"
    first = build(data, out, Config())
    assert (first.carried, first.made) == (0, first.made)
    for change in EDITS:
        change(data)
        assert_unchanged_units_keep_their_keys(data, out)
        rebuilt = build(data, out, Config())
        fresh = build(data, fresh_out, Config(), fresh=True)
        assert fresh.carried == 0
        assert rebuilt.carried + rebuilt.made == fresh.made
        assert tree(out) == tree(fresh_out), change.__name__
        assert rebuilt.report.findings == fresh.report.findings, change.__name__
        assert store_quads(out) == store_quads(fresh_out), change.__name__


def assert_unchanged_units_keep_their_keys(data: Path, out: Path) -> None:
    """The validation units a rebuild does not read again (their graph and the documents
    of their context untouched) have the key that reading them would give."""
    corpus, dataset = build_dataset(data, Config())
    reuse = Reuse(data / Config().cache_dir, out, store_path(out))
    reuse.open(dataset, corpus)
    unchanged = reuse.unchanged_units()
    assert unchanged is not None and unchanged.units
    keys = {unit.name: unit.key for unit in make_units(dataset, unchanged.salt)}
    assert reuse.changed_graphs and not unchanged.units.keys() & reuse.changed_graphs
    for name, (key, _documents) in unchanged.units.items():
        assert keys[name] == key, name


def test_an_edited_lead_remakes_only_the_files_that_show_it(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(data, out, Config())
    unrelated = sorted((out / "page").glob("*.html"))[-1]
    inode = unrelated.stat().st_ino
    slug = edit_lead(data).stem
    assert unrelated.stem != slug
    second = build(data, out, Config())
    # the profile's page and data documents, its entity's, and the few that show its
    # lead or link to it (its organizations, its works) are made again; the rest is linked
    assert 0 < second.made < first.made // 5
    assert second.carried == first.made - second.made
    assert "is, by all accounts, a" in (out / "page" / f"{slug}.html").read_text()
    assert "is, by all accounts, a" in (out / "page" / f"{slug}.ttl").read_text()
    assert unrelated.stat().st_ino == inode, "an untouched page is the previous release's file"


def test_nothing_changed_carries_every_file_over(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(data, out, Config())
    before = tree(out)
    again = build(data, out, Config())
    assert (again.carried, again.made) == (first.made, 0)
    assert tree(out) == before


def test_fresh_and_a_changed_world_make_every_file_again(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(data, out, Config())
    assert build(data, out, Config(), fresh=True).carried == 0
    # a template of the data project is read by every page without a note
    templates = data / "templates"
    templates.mkdir()
    source = Path(__file__).resolve().parents[1] / "src/spiralld/site/templates/base.html"
    (templates / "base.html").write_text(
        source.read_text().replace("</footer>", "<p>ours</p></footer>"))
    rebuilt = build(data, out, Config())
    assert (rebuilt.carried, rebuilt.made) == (0, first.made)
    assert "<p>ours</p>" in next((out / "page").glob("*.html")).read_text()


def test_a_release_replaced_since_its_build_is_not_reused(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(data, out, Config())
    build(data, tmp_path / "other", Config())
    shutil.rmtree(out)
    shutil.copytree(tmp_path / "other", out)   # another release, at the recorded place
    assert build(data, out, Config()).carried == 0


def test_cli_says_how_much_was_carried_over(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(data), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    edit_lead(data)
    second = runner.invoke(main, ["build", str(data), "--out", str(out)])
    assert second.exit_code == 0, second.output
    line = second.stdout.splitlines()[-1]
    assert re.fullmatch(rf"wrote \d+ files to {re.escape(str(out))} \(\d+ of \d+ data "
                        r"documents and pages carried over from the previous release\)", line)
    fresh = runner.invoke(main, ["build", str(data), "--out", str(out), "--fresh"])
    assert fresh.stdout.splitlines()[-1].endswith(f"files to {out}")


def test_writing_a_carried_path_never_writes_into_the_previous_release(tmp_path: Path) -> None:
    previous = tmp_path / "previous.html"
    previous.write_text("the previous release's page")
    with staged_release(tmp_path / "site") as release:
        release.link("page/x.html", previous)
        assert release.root.joinpath("page/x.html").stat().st_ino == previous.stat().st_ino
        release.write("page/x.html", "made again")
    assert previous.read_text() == "the previous release's page"
    assert (tmp_path / "site" / "page" / "x.html").read_text() == "made again"


def test_a_rebuild_that_fails_after_carrying_files_leaves_the_release_as_it_was(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    first = build(data, out, Config())
    before = tree(out)
    edit_lead(data)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(spiralld.build, "render_site", fail)   # after the documents
    with pytest.raises(OSError, match="disk full"):
        build(data, out, Config())
    assert tree(out) == before
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    again = build(data, out, Config())
    assert 0 < again.made < first.made // 5


def test_a_rebuild_copies_the_pieces_of_the_dataset_files_no_edit_changed(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gzip_pieces, "MIN_PIECE", 1 << 12)   # pieces of 4-16 KiB
    monkeypatch.setattr(gzip_pieces, "MAX_PIECE", 1 << 14)
    monkeypatch.setattr(export, "ROOT_PIECE_BYTES", 1 << 12)
    out, fresh_out = tmp_path / "site", tmp_path / "fresh"
    first = build(data, out, Config())
    assert first.pieces > 80 and first.pieces_copied == 0
    edit_lead(data)
    rebuilt = build(data, out, Config())
    fresh = build(data, fresh_out, Config(), fresh=True)
    assert fresh.pieces_copied == 0
    assert rebuilt.pieces == fresh.pieces
    assert rebuilt.pieces // 2 < rebuilt.pieces_copied < rebuilt.pieces
    for name in ("dataset.ttl", "dataset.jsonld", *(f"dumps/{dump.name}" for dump in
                                                   sorted((out / "dumps").iterdir()))):
        assert (out / name).read_bytes() == (fresh_out / name).read_bytes(), name
    assert (f"dataset files: {rebuilt.pieces_copied} of {rebuilt.pieces} pieces copied "
            "from the previous release") in rebuilt.summary()
    # The root files' pieces are copied only in the same world (the code that wrote them).
    (data / "templates").mkdir()
    (data / "templates" / "unused.html").write_text("a change to the world")
    edit_lead(data)
    other_world = build(data, out, Config())
    roots = sum(1 for _ in other_world.dataset.pieces(export.ROOT_PIECE_BYTES,
                                                      export.ROOT_PIECE_MASK)) - 1
    assert other_world.pieces_copied <= other_world.pieces - 2 * roots
