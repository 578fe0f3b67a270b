"""Loading profile files: curated facts read right, mistakes refused at their file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from spiralld.config import load_config
from spiralld.errors import ProfileError
from spiralld.reading.corpus import load_corpus
from spiralld.reading.dates import PartialDate
from spiralld.reading.profiles import load_profile

from .conftest import DATA

SEED_PROFILE = DATA / "profiles" / "illia-polosukhin.md"


def write_profile(tmp_path: Path, front_matter: str, body: str = "# Ada Example\n\nA person.\n",
                  name: str = "ada-example.md") -> Path:
    path = tmp_path / name
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_seed_profile_claims() -> None:
    profile = load_profile(SEED_PROFILE)
    assert profile.type == "Person"
    assert profile.slug == "illia-polosukhin"
    (role,) = profile.roles
    assert (role.role_name, role.organization, role.start) == (
        "CEO", "NEAR Foundation", PartialDate(2023, 9))
    assert role.sources == ("near-foundation-2023",)
    assert role.line == line_of(SEED_PROFILE, "- roleName: CEO")
    assert [f.organization for f in profile.founded] == ["NEAR Protocol", "NEAR AI"]
    assert profile.founded[0].cofounders == ("Alexander Skidanov",)
    assert [a.work for a in profile.authored] == [
        "attention-is-all-you-need", "user-owned-ai-is-near", "proof-of-response"]
    reviewed = profile.source("near-ai-2026")
    assert reviewed is not None
    assert reviewed.date_reviewed == PartialDate(2026, 5, 16)
    assert reviewed.date_published is None


BASE_META = "type: Person\nname: Ada Example\nsources:\n  doe-2020:\n    title: A Paper\n"


def test_claim_citing_an_unknown_source(tmp_path: Path) -> None:
    path = write_profile(tmp_path, BASE_META + (
        "roles:\n- roleName: CEO\n  organization: Acme\n  sources: [near-2023]\n"))
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == (
        f"{path}:10: claim 'CEO at Acme' cites unknown source 'near-2023' (known: doe-2020)")


def test_claim_without_sources(tmp_path: Path) -> None:
    path = write_profile(tmp_path, BASE_META + "roles:\n- roleName: CEO\n  organization: Acme\n")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == (f"{path}:8: claim 'CEO at Acme' has no source: add "
                                "'sources: [key]' naming one of the profile's sources")


def test_impossible_date_in_front_matter(tmp_path: Path) -> None:
    path = write_profile(tmp_path, BASE_META + (
        "roles:\n- roleName: CEO\n  organization: Acme\n  startDate: 2023-13-01\n"
        "  sources: [doe-2020]\n"))
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value).startswith(f"{path}:10: startDate: impossible date '2023-13-01'")


def test_end_before_start(tmp_path: Path) -> None:
    path = write_profile(tmp_path, BASE_META + (
        "roles:\n- roleName: CEO\n  organization: Acme\n  startDate: 2023-09\n"
        "  endDate: 2021\n  sources: [doe-2020]\n"))
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == f"{path}:11: endDate 2021 is before startDate 2023-09"


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: [Ada\nsameAs: x\n")
    with pytest.raises(ProfileError, match=r"^.*ada-example\.md:4: malformed YAML front matter"):
        load_profile(path)


def test_yes_and_no_are_text_as_in_yaml_1_2(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: Ada Example\njobTitle: no\n"
                                   "alternateName: [on, Yes]\n")
    profile = load_profile(path)
    assert profile.job_title == "no"
    assert profile.alternate_names == ("on", "Yes")


def test_a_boolean_where_text_belongs_says_to_quote_it(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: Ada Example\njobTitle: true\n")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == (f"{path}:4: 'jobTitle' must be text, not the boolean true: "
                                "quote it (jobTitle: 'true')")


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    path = write_profile(tmp_path, "type: Person\n" + laughs)
    with pytest.raises(ProfileError, match="YAML anchors and aliases are not allowed"):
        load_profile(path)


def test_unknown_field_lists_the_known_ones(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: Ada Example\nbirthday: 1815\n")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value).startswith(f"{path}:4: unknown field 'birthday' in front matter")


def test_same_as_must_be_an_iri(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: Ada Example\n"
                                   "sameAs: ['javascript:alert(1)']\n")
    with pytest.raises(ProfileError, match=r":4: sameAs value 'javascript:alert\(1\)' is not"):
        load_profile(path)


def test_unknown_type(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Robot\nname: Ada Example\n")
    with pytest.raises(ProfileError, match=r":2: type 'Robot' is not one of Person, "):
        load_profile(path)


def test_file_name_must_match_slug(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "type: Person\nname: Ada Example\n", name="ada.md")
    with pytest.raises(ProfileError, match="file name 'ada' does not match the profile's slug"):
        load_profile(path)


def test_missing_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "ada-example.md"
    path.write_text("# Ada Example\n\nA person.\n")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == f"{path}:1: a profile must start with '---' and YAML front matter"


def test_claim_organization_must_be_a_name_or_slug(tmp_path: Path) -> None:
    """An organization given as a structure, not a reference to an entity, is refused."""
    path = write_profile(tmp_path, BASE_META + (
        "roles:\n- roleName: CEO\n  organization: {name: Acme}\n  sources: [doe-2020]\n"))
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(error.value) == f"{path}:9: 'organization' must be text"


def test_shed_details_are_read_again_from_the_file(data_dir: Path) -> None:
    corpus = load_corpus(data_dir, load_config(data_dir))
    loaded = corpus.profile("illia-polosukhin")
    assert loaded is not None and loaded.roles and loaded.page.sections
    corpus.shed_details()
    summary = corpus.profile("illia-polosukhin")
    assert summary is not None and summary.name == "Illia Polosukhin"
    assert summary.roles == () and summary.page.sections == ()
    assert summary.page.lead == loaded.page.lead   # the index page shows it
    assert corpus.full(summary) == loaded


def test_a_profile_edited_during_the_build_is_refused(data_dir: Path) -> None:
    corpus = load_corpus(data_dir, load_config(data_dir))
    corpus.shed_details()
    summary = corpus.profile("illia-polosukhin")
    assert summary is not None
    path = Path(summary.path)
    path.write_text(path.read_text().replace("## NEAR Protocol", "## NEAR"))
    with pytest.raises(ProfileError, match="changed while the build was running") as caught:
        corpus.full(summary)
    assert str(caught.value).startswith(f"{path}:{summary.line}:")
