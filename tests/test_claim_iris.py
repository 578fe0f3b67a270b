"""A claim's IRI says what identifies it, and survives corrections of what it says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, DATA

ILLIA = f"{BASE}id/illia-polosukhin"
CEO = """- roleName: CEO
  organization: NEAR Foundation
  startDate: 2023-09
  sources: [near-foundation-2023]
"""


def claims(tmp_path: Path, roles: str) -> tuple[int, str, set[str]]:
    """Build data/ with the seed's roles replaced; the role claim IRIs of the person."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    profile = data / "profiles" / "illia-polosukhin.md"
    text = (DATA / "profiles" / "illia-polosukhin.md").read_text()
    profile.write_text(text.replace(CEO, roles))
    result = CliRunner().invoke(main, ["build", str(data), "--out", str(tmp_path / "site")],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    if result.exit_code != 0:
        return result.exit_code, result.output.splitlines()[-1], set()
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    found = {str(o) for o in graph.objects(rdflib.URIRef(ILLIA),
                                           rdflib.URIRef("https://schema.org/affiliation"))}
    return 0, "", found


@pytest.mark.parametrize("corrected", [
    CEO.replace("2023-09", "2023-10"),
    CEO.replace("roleName: CEO", "roleName: Chief Executive Officer"),
    CEO.replace("[near-foundation-2023]", "[near-foundation-2023, wired-2024]"),
    CEO + "  endDate: 2025-01\n",
])
def test_a_correction_keeps_the_claim_iri(tmp_path: Path, corrected: str) -> None:
    assert claims(tmp_path, CEO) == (0, "", {f"{ILLIA}#role-affiliation-near-foundation"})
    assert claims(tmp_path, corrected) == (0, "", {f"{ILLIA}#role-affiliation-near-foundation"})


def test_two_roles_at_one_organization_are_told_apart_by_as_little_as_needed(
        tmp_path: Path) -> None:
    advisor = CEO.replace("roleName: CEO", "roleName: Advisor").replace("2023-09", "2019")
    assert claims(tmp_path, CEO + advisor)[2] == {
        f"{ILLIA}#role-affiliation-near-foundation-ceo",
        f"{ILLIA}#role-affiliation-near-foundation-advisor"}
    second_stint = CEO.replace("2023-09", "2019-01") + "  endDate: 2020-01\n"
    assert claims(tmp_path, CEO + second_stint)[2] == {
        f"{ILLIA}#role-affiliation-near-foundation-ceo-2023-09",
        f"{ILLIA}#role-affiliation-near-foundation-ceo-2019-01"}


def test_an_editor_pins_a_claim_iri(tmp_path: Path) -> None:
    pinned = CEO + "  id: ceo-near-foundation\n"
    assert claims(tmp_path, pinned)[2] == {f"{ILLIA}#role-ceo-near-foundation"}
    second = CEO.replace("2023-09", "2019-01") + "  endDate: 2020-01\n"
    renamed = pinned.replace("roleName: CEO", "roleName: Chief Executive")
    assert claims(tmp_path, renamed + second)[2] == {
        f"{ILLIA}#role-ceo-near-foundation", f"{ILLIA}#role-affiliation-near-foundation"}


def test_one_pin_on_two_claims_is_an_error(tmp_path: Path) -> None:
    pinned = CEO + "  id: ceo\n"
    code, error, _ = claims(tmp_path, pinned + pinned.replace("2023-09", "2019"))
    assert code == 1
    assert error.endswith("claim id 'ceo' is already the id of the role at line 68")
