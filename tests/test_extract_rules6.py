"""The extractor's rules for the shapes the unseen12 pages showed (careers told at length),
each pinned by sentences written for this file in the house style (not copied from bench
pages), with the sentences each rule must leave alone."""

from __future__ import annotations

import pytest

from .extraction_pages import PERSON, page, person, roles, works


@pytest.mark.parametrize(("body", "expected"), [
    # "began her career at O": the first stint, dated by its own words, not the next move's.
    ("She began her career at Halden Instruments in 1991.",
     [("Halden Instruments", None, "1991", None)]),
    ("Example began his career at Corvid Systems in 1988 and moved to Acme Robotics in 1992.",
     [("Corvid Systems", None, "1988", None)]),
    ("She began her career as a research engineer at Corvid Systems in 1990.",
     [("Corvid Systems", "research engineer", "1990", None)]),
    # someone else's career, or a comparison, is not the subject's
    ("His colleague Bo Lind began his career at Corvid Systems in 1990.", []),
    ("Like Bo Lind, Example began his career at Corvid Systems.", []),
    # "rose to R at O"
    ("Example rose to vice president of research at Halden Instruments and worked on "
     "memory chips.", [("Halden Instruments", "vice president of research", None, None)]),
    # "joined O as R1 and R2": two titles
    ("Example joined Corvid Systems in March 2009 as senior vice president and general "
     "manager of its storage business.",
     [("Corvid Systems", "senior vice president", "2009-03", None),
      ("Corvid Systems", "general manager", "2009-03", None)]),
    ("Example joined Corvid Systems in 2009 as chief technology officer and left in 2012.",
     [("Corvid Systems", "CTO", "2009", "2012")]),
])
def test_career_shapes(body: str, expected: list[tuple[str, str | None, str | None,
                                                        str | None]]) -> None:
    assert roles(person(body)) == expected


def test_a_two_word_name_is_not_the_longer_name_of_its_section_heading() -> None:
    """Under a heading "Halden Cloud AI", "at Halden Cloud" is Halden Cloud; a one-word
    name there is still the heading's ("NEAR" under "NEAR Protocol")."""
    got = page("Ada Example", PERSON, "Example was vice president and general manager at "
               "Halden Cloud, responsible for its enterprise tools.", heading="Halden Cloud AI")
    assert roles(got) == [("Halden Cloud", "vice president", None, None),
                          ("Halden Cloud", "general manager", None, None)]
    got = page("Ada Example", PERSON, "Example became chief executive of Halden in 2021.",
               heading="Halden Protocol")
    assert roles(got) == [("Halden Protocol", "CEO", "2021", None)]


@pytest.mark.parametrize(("citation", "expected"), [
    # a label or publisher the citation parser left at the end of the title
    ("- Ada Example, Drift, RVNG Intl., 2014.", ["drift"]),
    ("- Ada Example, Tidal, 4AD, 2017.", ["tidal"]),
    ("- Ada Example, Learning Machines, MIT Press, 2011.", ["learning-machines"]),
    # a title's own last words stay
    ("- Ada Example, Hello, World, 2020.", ["hello-world"]),
    ("- Ada Example, Why AI, Why Now, 2020.", ["why-ai-why-now"]),
])
def test_a_cited_work_without_its_label(citation: str, expected: list[str]) -> None:
    """(The works are their keys.)"""
    assert works(person("Example made records and books.", sources=citation)) == expected


def test_a_short_name_the_page_writes_in_full_is_the_full_name() -> None:
    """"Halden Bay" for the Halden Bay Institute the page names in full."""
    got = person("Example was a fellow of the Halden Bay Institute in 2001. She joined Halden "
                 "Bay in 2004 as a visiting professor.")
    assert roles(got) == [("Halden Bay Institute", "fellow", None, None),
                          ("Halden Bay Institute", "visiting professor", "2004", None)]
    # a name no longer span of the page continues is kept as written
    got = person("Example was a fellow of the Halden Bay Institute in 2001. She joined Corvid "
                 "Bay in 2004 as a visiting professor.")
    assert roles(got)[-1] == ("Corvid Bay", "visiting professor", "2004", None)


def _founders(body: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    got = page("Halden Labs", "Halden Labs is a Canadian company.", body)
    return [(first, c.cofounders, c.date and c.date.lexical) for first, c in got.founded_by_others]


@pytest.mark.parametrize(("body", "expected"), [
    # the place of the founding, before or after its date
    ("Halden Labs was founded in Toronto in May 2018 by Ida Brandt and Ole Sand.",
     [("Ida Brandt", ("Ole Sand",), "2018-05")]),
    ("Halden Labs was founded in 2018 in Toronto by Ida Brandt and Ole Sand.",
     [("Ida Brandt", ("Ole Sand",), "2018")]),
    # founders described before their names
    ("Halden Labs was founded in 2018 by the entrepreneur Ida Brandt, the robotics researcher "
     "Ole Sand and Mia Holt, with backing from Corvid Capital.",
     [("Ida Brandt", ("Ole Sand", "Mia Holt"), "2018")]),
    # a description that is no person's leaves no founder
    ("Halden Labs was founded in 2018 by the team behind Corvid Capital.", []),
])
def test_an_organization_founded_in_a_place_by_described_founders(
        body: str, expected: list[tuple[str, tuple[str, ...], str | None]]) -> None:
    assert _founders(body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # titles named without an organization: at the one the page last placed the subject at
    ("Example joined Corvid Systems in 2012. She was named president and chief operating "
     "officer in June 2014.",
     [("Corvid Systems", "president", "2014-06", None),
      ("Corvid Systems", "COO", "2014-06", None), ("Corvid Systems", None, "2012", None)]),
    # two titles the board gives
    ("Example joined Corvid Systems in 2012. In October 2014 the board appointed her "
     "president and CEO.",
     [("Corvid Systems", "president", "2014-10", None),
      ("Corvid Systems", "CEO", "2014-10", None), ("Corvid Systems", None, "2012", None)]),
    # someone else named, or nowhere to hold the title: nothing
    ("Example joined Corvid Systems in 2012. Her colleague was named president in 2014.",
     [("Corvid Systems", None, "2012", None)]),
    ("Example studied at Halden College. She was named a fellow in 2001.", []),
])
def test_titles_named_at_the_organization_of_the_sentence_before(
        body: str, expected: list[tuple[str, str | None, str | None, str | None]]) -> None:
    assert roles(person(body)) == expected
