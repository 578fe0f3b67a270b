"""The extractor's rules for the shapes the unseen13 pages showed, each pinned by sentences
written for this file in the house style (not copied from bench pages), with the sentences
each rule must leave alone."""

from __future__ import annotations

import pytest

from .extraction_pages import PERSON, page, person, roles, works


def _company(title: str, body: str) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    """The foundings a company's page states: (founder, organization, cofounders, date)."""
    lead = f"{title} is an American semiconductor company based in Austin, Texas."
    got = page(title, lead, body, heading="History")
    return [(holder, c.organization, c.cofounders, c.date and c.date.lexical)
            for holder, c in got.founded_by_others]


@pytest.mark.parametrize(("title", "body", "expected"), [
    # "Corvid" for Corvid Systems: a company's page leaves the last word of its name off
    ("Corvid Systems", "Corvid was founded in 2014 by Ada Lind and Bo Hale.",
     [("Ada Lind", "Corvid Systems", ("Bo Hale",), "2014")]),
    ("Halden Partners", "Halden was founded in 2001 by Ada Lind.",
     [("Ada Lind", "Halden Partners", (), "2001")]),
    # a unit's last word stays: "Corvid" is the parent of Corvid Research, not its short name
    ("Corvid Research", "Corvid was founded in 2014 by Ada Lind and Bo Hale.", []),
])
def test_a_company_called_by_its_short_name(title: str, body: str, expected: list) -> None:
    assert _company(title, body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "S is led by A, who founded it in D": the founding, on the organization's page
    ("Corvid is led by Ada Lind, who founded it in July 2023 and remains its chief executive.",
     [("Ada Lind", "Corvid Systems", (), "2023-07")]),
    ("Corvid Systems is run by Ada Lind, who co-founded it in 2019.",
     [("Ada Lind", "Corvid Systems", (), "2019")]),
    # a leader who did not found it, or who founded something else
    ("Corvid Systems is led by Ada Lind, who joined it in 2020.", []),
    ("Corvid Systems is led by Ada Lind, who founded Halden Labs in 2011.", []),
])
def test_a_leader_who_founded_the_company(body: str, expected: list) -> None:
    assert _company("Corvid Systems", body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "later became R": a title that began after the stint, which stays its own claim;
    # leaving the firm ends both
    ("Example joined Halden Partners in 2013. She later became a general partner. Example "
     "left Halden in 2022.",
     [("Halden Partners", "general partner", None, "2022"),
      ("Halden Partners", None, "2013", "2022")]),
    ("Example joined Halden Partners in 2013, and eventually became a managing partner.",
     [("Halden Partners", "managing partner", None, None),
      ("Halden Partners", None, "2013", None)]),
    # a title with no organization before it names none
    ("Example studied law at Oxford. She later became a general partner.", []),
])
def test_a_title_taken_later(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # one title over "and" when no title follows it
    ("Example is senior director of AI and machine learning research at Corvid Systems.",
     [("Corvid Systems", "senior director of AI and machine learning research", None, None)]),
    ("Example was president and CEO of Halden.",
     [("Halden", "president", None, None), ("Halden", "CEO", None, None)]),
    # two titles after a possessive, the second with its article; leaving ends both
    ("Example became Halden's chief scientist and an executive vice president. Example left "
     "Halden in July 2020.",
     [("Halden", "chief scientist", None, "2020-07"),
      ("Halden", "executive vice president", None, "2020-07")]),
    # a function in capitals after the title is part of it, not an organization
    ("In 2025 Example became Halden's CEO of Applications, responsible for its products.",
     [("Halden", "CEO of Applications", "2025", None)]),
    ("Example became Halden's vice president of Engineering in 2020.",
     [("Halden", "vice president of Engineering", "2020", None)]),
])
def test_titles_after_a_possessive_and_over_and(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_company_is_not_the_short_name_of_its_research_unit() -> None:
    """Under a heading "Halden Research", "Halden" is the company; a heading that is no
    unit's name still gives the one-word name its longer form ("NEAR" for NEAR Protocol)."""
    body = "Example became Halden's chief scientist in 2016."
    assert roles(page("Ada Example", PERSON, body, heading="Halden Research")) == [
        ("Halden", "chief scientist", "2016", None)]
    assert roles(page("Ada Example", PERSON, body, heading="Halden Protocol")) == [
        ("Halden Protocol", "chief scientist", "2016", None)]


@pytest.mark.parametrize(("body", "expected"), [
    # the date that opens the sentence dates a joining coordinated with a leaving
    ("In July 2023 Example left Halden and joined Corvid Systems.",
     [("Corvid Systems", None, "2023-07", None), ("Halden", None, None, "2023-07")]),
    # "As a R at O, S ...": the title held at O; not someone else's, not a degree
    ("As a doctoral student at Carnegie Mellon University, Example worked with Bo Lind on "
     "poker.", [("Carnegie Mellon University", "doctoral student", None, None)]),
    ("As a postdoctoral researcher at Halden, Bo Lind met Example.", []),
    ("As a student at Carnegie Mellon University, Example met Bo Lind.", []),
    # appointed or named to a board
    ("Example was appointed to Halden's board of directors in March 2024.",
     [("Halden", "board member", "2024-03", None)]),
    ("Example was named to the board of Halden in 2019.",
     [("Halden", "board member", "2019", None)]),
])
def test_stints_told_around_the_subject(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # chairs of a conference, each in its year
    ("Example was program chair of the Halden conference in 2018 and its general chair in "
     "2019.", [("Halden", "program chair", "2018", None), ("Halden", "general chair", "2019",
                                                          None)]),
    ("Example was general chair of ICML.", [("ICML", "general chair", None, None)]),
    # "the company" after a conference is not the conference
    ("Example was program chair of the Halden conference in 2018. Example left the company "
     "in 2021.", [("Halden", "program chair", None, None)]),
])
def test_chairs_of_a_conference(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "the company's R, S, ...": a title at the organization named last
    ("In 2014 Example founded Halden, a start-up. The company's chief executive, Example, "
     "pitched it as a tool.", [("Halden", "CEO", None, None)]),
    ("Halden's first CTO, Example, said the chips were ready.", [("Halden", "CTO", None, None)]),
    # someone else's title beside the subject's name
    ("Its backers included Bo Lind, Halden's chief executive, and Example.", []),
    ("Halden's chief executive, Bo Lind, hired Example.", []),
    # "rose to become R there": at the organization of the sentence before
    ("In 2011 she joined Halden, where she worked on ads. She rose to become a vice president "
     "of product there.", [("Halden", "vice president of product", None, None),
                           ("Halden", None, "2011", None)]),
])
def test_titles_told_beside_the_name(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # a title in an organization's department
    ("He was later an adjunct professor in Halden's computer science department.",
     [("Halden", "adjunct professor", None, None)]),
    ("She is an adjunct professor in the Department of Computer Science at Halden University.",
     [("Halden University", "adjunct professor", None, None)]),
    # "in" a place is no organization
    ("She was a researcher in London for a decade.", []),
])
def test_a_title_in_a_department(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_work_published_with_the_subject_among_its_authors() -> None:
    cited = "- Science, Deep Play in Games, 2022."
    assert works(person("The team's paper, Deep Play in Games, was published in Science in "
                        "November 2022 with Example among its authors.", cited)) == [
        "deep-play-in-games"]
    assert works(person("Deep Play in Games was published in 2022 with Bo Lind among its "
                        "authors.", cited)) == []


@pytest.mark.parametrize(("body", "expected"), [
    # an initialism with its dots opens a name
    ("Example was a partner at U.S. Venture Partners from 1993.",
     [("U.S. Venture Partners", "partner", "1993", None)]),
    ("Example moved to the U.S. in 1990.", []),
    # an office's name runs on over "and" between its fields
    ("Example directed the White House Office of Science and Technology Policy from 2022.",
     [("White House Office of Science and Technology Policy", "director", "2022", None)]),
    # a verb after "and" ends the title; a field after it does not
    ("Example joined Halden in 2006 as vice president of engineering and built its Pittsburgh "
     "office.", [("Halden", "vice president of engineering", "2006", None)]),
    ("Example was director of research and development at Halden.",
     [("Halden", "director of research and development", None, None)]),
])
def test_names_and_titles_over_dots_and_and(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "and he was later promoted to R": at the clause's organization, not dated by its opening
    ("In 2012 he joined Halden University as an assistant professor in the Department of "
     "Physics, and he was later promoted to associate professor.",
     [("Halden University", "assistant professor", "2012", None),
      ("Halden University", "associate professor", None, None)]),
    # "ran the company's X as R1 and R2": titles taken later, which leaving ends
    ("In 2007 she joined Halden as its chief technology officer. She later ran the company's "
     "networking business as senior vice president and general manager, and left Halden at "
     "the end of 2011.",
     [("Halden", "CTO", "2007", None), ("Halden", "senior vice president", None, "2011"),
      ("Halden", "general manager", None, "2011")]),
    ("Example ran Corvid's cloud unit as its president from 2015 to 2018.",
     [("Corvid", "president", "2015", "2018")]),
    ("Bo Lind ran the company's cloud unit as president.", []),
])
def test_promotions_and_units_run(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "worked on X at O", "to work in X at O": a stint
    ("After his doctorate he worked on neuromorphic computing at Halden, where the company "
     "was exploring chips.", [("Halden", None, None, None)]),
    ("She moved to Paris to work for Halden in 2004.", [("Halden", None, "2004", None)]),
    ("After graduating, she moved to California to work in strategy at eBay.",
     [("eBay", None, None, None)]),
    # a product or a purpose is no organization
    ("He worked on infrastructure for TensorFlow at the time.", []),
    ("She moved to Paris to work on her novel.", []),
    # a name in camel case
    ("Example joined xAI in 2023.", [("xAI", None, "2023", None)]),
])
def test_stints_told_by_the_work(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "stayed on as R of O" after stepping down from a title at another organization
    ("Example was chief executive of Halden until 2022. Example stepped down as chief "
     "executive in 2022, and stayed on as technical director of the Corvid Incubator.",
     [("Halden", "CEO", None, "2022"), ("Corvid Incubator", "technical director", None, None)]),
    ("Example remained as chair of Halden.", [("Halden", "chair", None, None)]),
])
def test_staying_on_in_another_title(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # ", while remaining R at O": the title kept at O
    ("She joined Halden University as a professor of computer science in 2004, while "
     "remaining an external professor at SFI.",
     [("SFI", "external professor", None, None),
      ("Halden University", "professor of computer science", "2004", None)]),
    ("Bo Lind joined Halden in 2004, while remaining an external professor at SFI.", []),
    # a lead programmer is one title, not "lead"
    ("Example co-founded Halden Studios in 1998. Example was the company's chief technology "
     "officer and lead programmer.",
     [("Halden Studios", "CTO", None, None), ("Halden Studios", "lead programmer", None, None)]),
])
def test_titles_kept_and_crafts(body: str, expected: list) -> None:
    assert roles(person(body)) == expected
