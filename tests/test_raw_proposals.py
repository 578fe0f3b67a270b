"""``spiralld build`` on raw pages publishes the extractor's proposals, marked unreviewed.

The data project holds raw pages only (tests/fixtures/pages, in pages/; illia-polosukhin.txt is
the seed, ../shared/seed/000_df572e353e5fc49c.txt): their
claims are what :func:`spiralld.extract.proposals.with_proposals` reads in them. What the
proposals depend on besides each page (the extractor's version, the names the corpus knows)
is part of what a rebuild compares, so a rebuild after a new profile makes a name known
equals a fresh build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, FIXTURES, ROOT

NEAR = """---
type: Organization
name: NEAR
sources:
  near-2026:
    citation: NEAR, About NEAR, reviewed May 16, 2026.
    type: WebPage
    title: About NEAR
    publisher: NEAR
    dateReviewed: '2026-05-16'
---
# NEAR

NEAR is a blockchain project.
"""


def raw_project(target: Path) -> Path:
    """A data project of raw pages: the fixture pages, the seed among them."""
    shutil.copytree(FIXTURES / "pages", target / "pages")
    return target


def spiralld(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1778889600"})
    return result.exit_code, result.output


def unreviewed(release: Path) -> list[str]:
    code, output = spiralld("query", "quality/unreviewed", "--release", str(release),
                            "--format", "csv")
    assert code == 0, output
    return output.splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("raw")
    data = raw_project(tmp / "data")
    code, output = spiralld("build", str(data), "--out", str(tmp / "site"))
    assert code == 0, output
    return data, tmp / "site"


def test_a_raw_build_publishes_the_proposals_unreviewed(built: tuple[Path, Path]) -> None:
    _data, release = built
    code, output = spiralld("build", str(built[0]), "--out", str(release))
    assert code == 0, output
    assert "profiles: 6 (0 curated, 6 raw pages)" in output
    lines = unreviewed(release)
    assert lines[0] == "claim,subject,kind,label,sentence,line,rule"
    illia = [line for line in lines if line.startswith(BASE + "id/illia-polosukhin#")
             or "#founder-illia-polosukhin" in line.split(",", 1)[0]
             and f",{BASE}id/illia-polosukhin," in line]
    assert f"{BASE}id/illia-polosukhin#role-affiliation-near-foundation," \
           f"{BASE}id/illia-polosukhin,role,CEO at NEAR Foundation," \
           '"In September 2023, NEAR Foundation announced that Polosukhin would become its ' \
           'CEO.",13,role/holds' in illia
    assert f"{BASE}id/near-ai#founder-illia-polosukhin-founder,{BASE}id/illia-polosukhin," \
           'founder,"Illia Polosukhin, founder of NEAR AI",NEAR AI identifies him as a ' \
           "founder of NEAR AI.,5,founding/listed-as" in illia
    # a comparison makes nobody a founder of Google
    assert not [line for line in lines if "id/google#founder" in line]


def test_the_seed_ceo_claim_cites_the_announcement(built: tuple[Path, Path]) -> None:
    code, output = spiralld("query", "affiliations/at-date", "--release", str(built[1]),
                            "--format", "csv")
    assert code == 0, output
    assert [line for line in output.splitlines() if line.startswith("Illia Polosukhin,CEO")] \
        == ["Illia Polosukhin,CEO,NEAR Foundation,2023-09,,NEAR co-founder joins the NEAR "
            "Foundation as CEO,2023-09-21,published,unreviewed"]


def test_a_new_name_changes_the_proposals_on_rebuild_as_on_a_fresh_build(
        tmp_path: Path) -> None:
    data = raw_project(tmp_path / "data")
    code, output = spiralld("build", str(data), "--out", str(tmp_path / "site"))
    assert code == 0, output
    began = "NEAR began as a project founded by Polosukhin and Alexander Skidanov"
    before = [line.split(",", 1)[0] for line in unreviewed(tmp_path / "site") if began in line]
    assert before == [BASE + "id/near-protocol#founder-alexander-skidanov-co-founder",
                      BASE + "id/near-protocol#founder-illia-polosukhin-co-founder"]

    # A profile for NEAR: "NEAR began as a project founded by ..." is now that NEAR's
    # founding, not the longer name the page writes (NEAR Protocol) it stood for.
    (data / "profiles").mkdir()
    (data / "profiles" / "near.md").write_text(NEAR, encoding="utf-8")
    code, output = spiralld("build", str(data), "--out", str(tmp_path / "site"))
    assert code == 0, output
    after = [line.split(",", 1)[0] for line in unreviewed(tmp_path / "site") if began in line]
    assert after == [BASE + "id/near#founder-alexander-skidanov",
                     BASE + "id/near#founder-illia-polosukhin"]

    fresh = tmp_path / "fresh"
    shutil.copytree(data, fresh, ignore=shutil.ignore_patterns(".spiralld-cache"))
    code, output = spiralld("build", str(fresh), "--out", str(tmp_path / "fresh-site"))
    assert code == 0, output
    for name in ("dataset.ttl", "page/illia-polosukhin.html", "id/near.ttl"):
        rebuilt = (tmp_path / "site" / name).read_bytes()
        assert rebuilt == (tmp_path / "fresh-site" / name).read_bytes(), name


def test_every_hand_written_page_builds_raw(tmp_path: Path) -> None:
    """The development and held-out pages of bench/claims, built raw, publish (a proposal
    is never an error): Koller's book, cited under a longer title than her text names it,
    is her authorship of that cited source."""
    pages = tmp_path / "data" / "pages"
    pages.mkdir(parents=True)
    for folder in (ROOT / "bench" / "claims" / "dev", ROOT / "bench" / "claims" / "heldout",
                   FIXTURES / "pages"):
        for page in sorted(folder.glob("*.txt")):
            if not (pages / page.name).exists():
                shutil.copy(page, pages / page.name)
    code, output = spiralld("build", str(tmp_path / "data"), "--out", str(tmp_path / "site"))
    assert code == 0, output
    assert "validation: 0 violation(s)" in output
    koller = [line for line in unreviewed(tmp_path / "site")
              if line.startswith(BASE + "source/daphne-koller-probabilistic-graphical-models")]
    assert [line.split(",", 3)[1:3] for line in koller] == [
        [BASE + "id/daphne-koller", "author"]]


WORKS = """- id: bo-example
  type: Person
  name: Bo Example
- id: notes-on-widget-compilers
  type: ScholarlyArticle
  name: Notes on Widget Compilers
  datePublished: 2019
  author:
    - bo-example
"""
CY = """Cy Example

Cy Example is a computer scientist who works on compilers.

Career

Example is one of the authors of Notes on Widget Compilers.

Sources

- Cy Example and Bo Example, Notes on Widget Compilers, arXiv, 2019.
"""
LAB = """Quantum Widgets Lab

Quantum Widgets Lab is a research laboratory in Zurich.

History

Quantum Widgets Lab was founded in 2015 by Ada Example and Bo Example.

Sources

- Example News, Quantum Widgets Lab opens in Zurich, March 2, 2015.
"""


def test_an_organization_page_states_its_own_founding_and_a_byline_is_not_contradicted(
        tmp_path: Path) -> None:
    """An organization's page names its founders (the founding is of the page's subject);
    a work whose byline (data/entities) does not list the page's subject gets the proposed
    authorship without a byline position, for an editor to settle, not an error."""
    data = tmp_path / "data"
    (data / "pages").mkdir(parents=True)
    (data / "entities").mkdir()
    (data / "entities" / "works.yaml").write_text(WORKS, encoding="utf-8")
    (data / "pages" / "cy-example.txt").write_text(CY, encoding="utf-8")
    (data / "pages" / "quantum-widgets-lab.txt").write_text(LAB, encoding="utf-8")
    code, output = spiralld("build", str(data), "--out", str(tmp_path / "site"))
    assert code == 0, output
    lab, cy = BASE + "id/quantum-widgets-lab", BASE + "id/cy-example"
    assert unreviewed(tmp_path / "site")[1:] == [
        f"{BASE}id/notes-on-widget-compilers#author-cy-example,{cy},author,"
        '"Cy Example, author of Notes on Widget Compilers",'
        "Example is one of the authors of Notes on Widget Compilers.,7,authorship/author-of",
        f'{lab}#founder-ada-example,{lab},founder,"Ada Example, co-founder of Quantum Widgets '
        'Lab",Quantum Widgets Lab was founded in 2015 by Ada Example and Bo Example.,7,'
        "founding/founded-by",
        f'{lab}#founder-bo-example,{lab},founder,"Bo Example, co-founder of Quantum Widgets '
        'Lab",Quantum Widgets Lab was founded in 2015 by Ada Example and Bo Example.,7,'
        "founding/founded-by",
    ]
    code, output = spiralld("query", "cofounders", "--release", str(tmp_path / "site"),
                            "--format", "csv")
    assert output.splitlines()[1:] == [
        "Quantum Widgets Lab,Ada Example,co-founder,2015,,,,unreviewed",
        "Quantum Widgets Lab,Bo Example,co-founder,2015,,,,unreviewed"]
