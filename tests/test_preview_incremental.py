"""The live preview's builds (:mod:`spiralld.rebuild.live`): in place, pages first.

A build in a :class:`~spiralld.rebuild.live.Session` writes only the files it made again
into the served release, its pages and documents before its dumps, and leaves, once it
returns, the release a fresh ``spiralld build`` writes; one that fails for a reason of ours
falls back to the ordinary build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from spiralld.build import build
from spiralld.config import load_config
from spiralld.query.library import open_store
from spiralld.rebuild import live
from spiralld.rebuild.live import Session, empty_store
from spiralld.serve.preview import Preview, Settings
from spiralld.serve.server import page_context
from spiralld.validate import Report

from .test_reuse import add_profile, edit_lead, rename_organization, store_quads, tree


def fresh_build(data: Path, out: Path) -> Path:
    """A fresh ``spiralld build`` of a copy of ``data`` (no cache), into ``out``."""
    copy = out.with_name(out.name + "-data")
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns(".*"))
    build(copy, out, load_config(copy), fresh=True)
    return out


def session_build(data: Path, out: Path, session: Session) -> None:
    build(data, out, load_config(data), session=session)


def test_the_changed_page_is_served_before_the_dumps_are_rewritten(generated: Path,
                                                                   tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    session_build(generated, site, session)
    old_dump = (site / "dumps" / "dataset.nq.gz").read_bytes()
    old_void = (site / "void.ttl").read_bytes()
    edited = edit_lead(generated)
    page = f"page/{edited.stem}.html"
    seen: dict[str, bytes] = {}

    def pages_ready(report: Report) -> None:   # what a request would read at that moment
        assert report.conforms
        for path in (page, "dumps/dataset.nq.gz", "void.ttl"):
            seen[path] = (site / path).read_bytes()

    session.pages_ready = pages_ready
    session_build(generated, site, session)
    fresh = fresh_build(generated, tmp_path / "fresh")
    # the edited page was already the fresh build's; the dumps and void were the old ones
    assert seen[page] == (fresh / page).read_bytes()
    assert b"is, by all accounts, a" in seen[page]
    assert seen["dumps/dataset.nq.gz"] == old_dump != (fresh / "dumps/dataset.nq.gz").read_bytes()
    assert seen["void.ttl"] == old_void
    # and once the build returned, everything is
    assert tree(site) == tree(fresh)


def test_a_build_in_place_rewrites_only_the_files_it_made(generated: Path,
                                                          tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    session_build(generated, site, session)
    before = {path: os.stat(path).st_ino for path in site.rglob("*.html")}
    edited = edit_lead(generated)
    session_build(generated, site, session)
    after = {path: os.stat(path).st_ino for path in site.rglob("*.html")}
    rewritten = {path.relative_to(site).as_posix() for path in before
                 if after.get(path) != before[path]}
    # the edited profile's page is a new file; a page that does not show it is the same
    assert f"page/{edited.stem}.html" in rewritten
    untouched = sorted(p for p in (site / "page").glob("*.html") if p.stem != edited.stem)
    assert any(f"page/{p.stem}.html" not in rewritten for p in untouched)
    assert len(rewritten) < len(before) // 2
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh"))


@pytest.mark.parametrize("change", [add_profile, rename_organization],
                         ids=["new profile", "renamed organization"])
def test_each_build_of_a_session_is_the_release_a_fresh_build_writes(
        generated: Path, tmp_path: Path, change: object) -> None:
    site = tmp_path / "site"
    session = Session()
    session_build(generated, site, session)
    change(generated)   # type: ignore[operator]
    session_build(generated, site, session)
    (generated / "profiles" / sorted(p.name for p in (generated / "profiles").glob("*.md"))[0]
     ).unlink()   # and a profile deleted: its files go
    session_build(generated, site, session)
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh"))


def test_a_build_interrupted_after_its_pages_is_made_anew_by_the_next(
        generated: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    session_build(generated, site, session)
    edit_lead(generated)

    def killed(_report: Report) -> None:
        raise KeyboardInterrupt   # the process stopped between the pages and the rest

    session.pages_ready = killed
    with pytest.raises(KeyboardInterrupt):
        session_build(generated, site, session)
    # the release's pages are new, its dumps old, and no record vouches for it: an
    # ordinary build after makes what a fresh one does
    build(generated, site, load_config(generated))
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh"))


def test_an_internal_error_in_place_falls_back_to_the_ordinary_build(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    preview = Preview(Settings(generated, site))
    assert not preview.rebuild().failed
    edited = edit_lead(generated)
    failures = []

    def broken(self: live.OverlayRelease) -> None:
        failures.append(self)
        raise RuntimeError("a bug of ours")

    with monkeypatch.context() as patched:
        patched.setattr(live.OverlayRelease, "commit", broken)
        state = preview.rebuild()
    assert failures   # the in-place build was tried, and failed
    assert not state.failed and state.generation == 2
    fresh = fresh_build(generated, tmp_path / "fresh")
    assert (site / "page" / f"{edited.stem}.html").read_bytes() == \
        (fresh / "page" / f"{edited.stem}.html").read_bytes()
    assert tree(site) == tree(fresh)
    # and the next edit is built in place again
    edit_lead(generated)
    assert not preview.rebuild().failed
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh-2"))



def test_a_cold_start_has_an_empty_store_until_the_first_build_replaces_it(
        generated: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert empty_store(site)
    assert not empty_store(site)   # only where there is none
    # what the server opens as it starts: a store, empty (the query page's defaults)
    empty = open_store(site)
    assert len(empty) == 0
    assert page_context(empty)["title"] == "spiralld"
    del empty
    build(generated, site, load_config(generated), session=Session())
    fresh = fresh_build(generated, tmp_path / "fresh")
    assert store_quads(site) == store_quads(fresh)
    assert tree(site) == tree(fresh)


def test_a_session_follows_edited_templates_and_settings(generated: Path,
                                                         tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    templates = generated / "templates"
    templates.mkdir()
    source = Path(__file__).resolve().parents[1] / "src/spiralld/site/templates/404.html"
    override = templates / "404.html"
    override.write_text(source.read_text(), encoding="utf-8")
    session_build(generated, site, session)
    # the template the session compiled is edited: the next build renders the new one
    override.write_text('{% extends "base.html" %}{% block main %}<h1>Edited</h1>'
                        '{% endblock %}', encoding="utf-8")
    session_build(generated, site, session)
    assert "<h1>Edited</h1>" in (site / "404.html").read_text(encoding="utf-8")
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh"))
    # and so are the settings
    (generated / "spiralld.toml").write_text('title = "An edited title"\n', encoding="utf-8")
    session_build(generated, site, session)
    assert "An edited title" in (site / "index.html").read_text(encoding="utf-8")
    assert tree(site) == tree(fresh_build(generated, tmp_path / "fresh-2"))
