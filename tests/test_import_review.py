"""The review workflow: ``spiralld import`` proposes claims with their evidence, and importing
a page again never destroys an editor's work (issue 19, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from spiralld.cli import main
from spiralld.reading.dates import PartialDate
from spiralld.reading.profiles import Profile, load_profile

from .conftest import DATA, FIXTURES

SEED = FIXTURES / "pages" / "illia-polosukhin.txt"  # the seed page, byte for byte
EPOCH = {"SOURCE_DATE_EPOCH": "1778889600"}  # 2026-05-16


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env or EPOCH)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def claims(profile: Profile) -> dict[str, tuple[object, ...]]:
    return {"roles": profile.roles, "founded": profile.founded, "authored": profile.authored}


def imported(tmp_path: Path, page: Path = SEED) -> Path:
    out = tmp_path / "proposed"
    code, output = run("import", str(page), "--out", str(out))
    assert code == 0, output
    return out / "illia-polosukhin.md"


def changed_seed(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    page = tmp_path / "illia-polosukhin.txt"
    page.write_text(text, encoding="utf-8")
    return page


def test_the_seed_proposes_the_curated_claims_each_with_its_line(tmp_path: Path) -> None:
    out = tmp_path / "proposed"
    code, output = run("import", str(SEED), "--out", str(out))
    assert (code, output) == (0, f"wrote {out}/illia-polosukhin.md: 6 proposed claims to "
                                 "review\n")
    profile = load_profile(out / "illia-polosukhin.md")
    assert all(not c.reviewed and c.evidence for c in (*profile.roles, *profile.founded,
                                                        *profile.authored))
    (ceo,) = profile.roles
    assert (ceo.role_name, ceo.organization, ceo.start, ceo.end) == (
        "CEO", "NEAR Foundation", PartialDate(2023, 9), None)
    assert ceo.evidence is not None and ceo.evidence.line == 13
    assert ceo.evidence.text == ("In September 2023, NEAR Foundation announced that "
                                 "Polosukhin would become its CEO.")
    announcement = profile.source(ceo.sources[0])
    assert announcement is not None and announcement.publisher == "NEAR Foundation"
    assert announcement.date_published == PartialDate(2023, 9, 21)
    foundings = {f.organization: f for f in profile.founded}
    assert foundings["NEAR Protocol"].cofounders == ("Alexander Skidanov",)
    assert foundings["NEAR Protocol"].evidence.line == 12  # type: ignore[union-attr]
    assert foundings["NEAR AI"].role_name == "founder"
    assert foundings["NEAR AI"].evidence.line == 5  # type: ignore[union-attr]
    works = {a.work: (a.evidence.line if a.evidence else None, a.sources)
             for a in profile.authored}
    assert works == {"attention-is-all-you-need": (9, ("vaswani-2017",)),
                     "user-owned-ai-is-near": (15, ("polosukhin-2024",)),
                     "proof-of-response": (51, ("polosukhin-2025",))}


def test_proposals_are_written_in_the_documented_order_byte_for_byte_again(
        tmp_path: Path) -> None:
    first = imported(tmp_path / "a").read_text(encoding="utf-8")
    assert imported(tmp_path / "b").read_text(encoding="utf-8") == first
    role = first.split("\nroles:\n", 1)[1].split("\nfounded:\n", 1)[0]
    assert role == """- roleName: CEO
  organization: NEAR Foundation
  startDate: 2023-09
  sources: [near-foundation-2023]
  reviewed: false
  evidence:
    line: 13
    text: In September 2023, NEAR Foundation announced that Polosukhin would become its CEO.
    section: NEAR Protocol
    rule: role/holds"""


def test_reimporting_the_seed_over_the_curated_profile_keeps_every_claim(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    target = data / "profiles" / "illia-polosukhin.md"
    before = load_profile(target)
    code, output = run("import", str(SEED), "--out", str(data / "profiles"))
    assert (code, output) == (0, f"{target}: page text unchanged; 6 reviewed claims kept; "
                                 "6 proposals already reviewed\n")
    after = load_profile(target)
    assert claims(after) == claims(before)
    assert after.sources == before.sources  # the work: links among them
    assert [s.work for s in after.sources if s.work] == [
        "attention-is-all-you-need", "user-owned-ai-is-near", "proof-of-response"]
    text = target.read_text(encoding="utf-8")
    assert "# Curated claims: each cites the sources above by key.\nroles:\n" in text


def test_a_changed_page_updates_the_text_and_replaces_the_proposals(tmp_path: Path) -> None:
    target = imported(tmp_path)
    page = changed_seed(tmp_path, ("In September 2023, NEAR Foundation announced",
                                   "In October 2023, NEAR Foundation announced"),
                        ("Ukrainian-born AI researcher", "Ukrainian-born researcher"))
    code, output = run("import", str(page), "--out", str(target.parent),
                       env={"SOURCE_DATE_EPOCH": "1780000000"})  # 2026-05-28
    assert (code, output) == (0, f"{target}: page text updated; 1 proposal replaced; "
                                 "5 proposals unchanged\n")
    profile = load_profile(target)
    assert profile.page.lead.startswith("Illia Polosukhin is a Ukrainian-born researcher")
    assert profile.date_modified == PartialDate(2026, 5, 28)
    (ceo,) = profile.roles
    assert (ceo.start, ceo.reviewed) == (PartialDate(2023, 10), False)


def test_a_confirmed_and_corrected_proposal_survives_a_reimport(tmp_path: Path) -> None:
    target = imported(tmp_path)
    text = target.read_text(encoding="utf-8")
    role = "  startDate: 2023-09\n  sources: [near-foundation-2023]\n  reviewed: false\n"
    assert role in text
    target.write_text(text.replace(role, "  startDate: 2023-09-21\n"
                                         "  sources: [near-foundation-2023]\n"
                                         "  reviewed: true\n"), encoding="utf-8")
    page = changed_seed(tmp_path, ("In September 2023, NEAR Foundation announced",
                                   "In October 2023, NEAR Foundation announced"))
    code, output = run("import", str(page), "--out", str(target.parent))
    assert (code, output) == (0, f"{target}: page text updated; 5 proposals unchanged; "
                                 "1 reviewed claim kept; 1 proposal already reviewed\n")
    (ceo,) = load_profile(target).roles
    assert (ceo.start, ceo.reviewed) == (PartialDate(2023, 9, 21), True)
    assert ceo.evidence is not None and ceo.evidence.line == 13, "kept as the editor left it"


def test_text_the_editor_changed_is_never_overwritten(tmp_path: Path) -> None:
    target = imported(tmp_path)
    edited = target.read_text(encoding="utf-8").replace(
        "Polosukhin is the apostle of owned mirrors.",
        "Polosukhin is the apostle of owned mirrors (an editor's note).")
    target.write_text(edited, encoding="utf-8")
    page = changed_seed(tmp_path, ("In September 2023, NEAR Foundation announced",
                                   "In October 2023, NEAR Foundation announced"))
    code, output = run("import", str(page), "--out", str(target.parent))
    line = edited.split("\n").index(next(
        x for x in edited.split("\n") if x.startswith("In September 2023, NEAR"))) + 1
    assert (code, output) == (1, f"Error: {target}:{line}: page text edited since it was "
                                 "imported (its digest line is missing or no longer matches) "
                                 "and the new page differs from this line on; not "
                                 f"overwritten: the import is in {target}.new\n")
    assert target.read_text(encoding="utf-8") == edited
    beside = Path(f"{target}.new").read_text(encoding="utf-8")
    assert "In October 2023, NEAR Foundation announced" in beside


def test_a_profile_that_does_not_load_is_refused_with_its_line(tmp_path: Path) -> None:
    target = imported(tmp_path)
    broken = target.read_text(encoding="utf-8").replace("type: Person\n", "type: [Person\n")
    target.write_text(broken, encoding="utf-8")
    code, output = run("import", str(SEED), "--out", str(target.parent))
    assert code == 1
    assert output == (f"Error: {target}:3: malformed YAML front matter: did not find "
                      "expected ',' or ']'; nothing was written: fix it, then import the "
                      "page again\n")
    assert target.read_text(encoding="utf-8") == broken
    assert not Path(f"{target}.new").exists()


def test_sources_the_page_no_longer_cites_go_and_new_ones_come(tmp_path: Path) -> None:
    target = imported(tmp_path)
    page = changed_seed(tmp_path, (
        "- Stack Overflow Podcast, Attention isn't all we need; we need ownership too, "
        "July 8, 2025.\n", "- Ada Example, Notes on NEAR, March 3, 2025.\n"))
    code, output = run("import", str(page), "--out", str(target.parent))
    assert (code, output) == (0, f"{target}: page text unchanged; source added: example-2025; "
                                 "source removed: stack-overflow-podcast-2025; "
                                 "6 proposals unchanged\n")
    keys = [s.key for s in load_profile(target).sources]
    assert "example-2025" in keys and "stack-overflow-podcast-2025" not in keys


def test_a_proposal_no_citation_supports_is_written_and_said(tmp_path: Path) -> None:
    """Issue 19: such a claim rests on the page alone; the editor sees it, the build warns."""
    page = FIXTURES / "pages" / "aidan-gomez.txt"
    out = tmp_path / "proposed"
    code, output = run("import", str(page), "--out", str(out))
    assert (code, output) == (0, f"wrote {out}/aidan-gomez.md: 6 proposed claims to review; "
                                 "2 proposals no citation supports (they rest on the page "
                                 f"alone): {page}:9, {page}:10\n")
    profile = load_profile(out / "aidan-gomez.md")
    claims = (*profile.roles, *profile.founded, *profile.authored)
    assert sorted(c.evidence.line for c in claims if not c.sources) == [9, 10]
    assert not any(c.reviewed for c in claims)


def test_an_edited_source_is_kept_and_an_unedited_one_follows_the_page(tmp_path: Path) -> None:
    target = imported(tmp_path)
    text = target.read_text(encoding="utf-8")
    title = "    title: NEAR co-founder joins the NEAR Foundation as CEO\n"
    assert title in text
    target.write_text(text.replace(title, "    title: NEAR co-founder joins the NEAR Foundation"
                                          " as CEO  # checked on the site\n"
                                          "    url: https://near.org/blog/ceo\n"),
                      encoding="utf-8")
    page = changed_seed(tmp_path, ("CEO, September 21, 2023.", "CEO, September 22, 2023."),
                        ("save it, June 28, 2024.", "save it, June 29, 2024."))
    code, output = run("import", str(page), "--out", str(target.parent))
    assert (code, output) == (0, f"{target}: page text unchanged; source added: "
                                 "near-foundation-2023-2; source updated: wired-2024; "
                                 "2 proposals replaced; 4 proposals unchanged\n")
    profile = load_profile(target)
    edited = profile.source("near-foundation-2023")
    assert edited is not None and edited.url == "https://near.org/blog/ceo"
    assert "# checked on the site" in target.read_text(encoding="utf-8")
    new = profile.source("near-foundation-2023-2")
    assert new is not None and new.date_published == PartialDate(2023, 9, 22)
    wired = profile.source("wired-2024")
    assert wired is not None and wired.date_published == PartialDate(2024, 6, 29)
    (ceo,) = profile.roles  # it and the NEAR Protocol founding cite the page's new citation
    assert ceo.sources == ("near-foundation-2023-2",)
    assert {f.organization: f.sources for f in profile.founded}["NEAR Protocol"] == (
        "near-foundation-2023-2",)
