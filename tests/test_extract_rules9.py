"""The extractor's rules for shapes the unseen15 pages showed (after their first score),
each pinned by sentences written for this file in the house style, with the sentences each
rule must leave alone."""

from __future__ import annotations

import pytest

from .extraction_pages import foundings, person, roles


@pytest.mark.parametrize(("body", "expected"), [
    # a capitalized title with a field word, or a named rank of professor
    ("Example is a Distinguished Education Fellow at the Halden Institute.",
     [("Halden Institute", "distinguished education fellow", None, None)]),
    ("Example is a University Professor at Halden University.",
     [("Halden University", "university professor", None, None)]),
    # the campus runs on over ", and" when a title, not a name, follows
    ("Example is Chancellor's Professor of Physics at the University of California, Los "
     "Angeles, and director of its Optics Laboratory.",
     [("Optics Laboratory", "director", None, None),
      ("University of California, Los Angeles", "Chancellor's Professor of Physics", None,
       None)]),
    # ... not over a list of employers
    ("Example worked at the University of Toronto, Google, and Microsoft.",
     [("University of Toronto", None, None, None)]),
])
def test_capitalized_titles_and_campuses(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_name_and_an_acronym_of_its_last_words() -> None:
    """"Halden HAI" is the page's "Halden Institute for Human-Centered Artificial
    Intelligence"; with no such name on the page it stays as written."""
    named = ("Example works at the Halden Institute for Human-Centered Artificial Intelligence. "
             "In 2021 she joined Halden HAI as a senior fellow.")
    assert roles(person(named)) == [
        ("Halden Institute for Human-Centered Artificial Intelligence", "senior fellow", "2021",
         None)]
    assert roles(person("In 2021 she joined Halden HAI as a senior fellow.")) == [
        ("Halden HAI", "senior fellow", "2021", None)]


def test_an_opening_clause_about_others_before_the_subject() -> None:
    """"When A, B and C turned X into a company, S was one of its co-founders": the
    clause, commas and all, opens the subject's sentence; what it says of others is not
    the subject's."""
    got = person("When Bo Lind, Ada Ng and Cy Oh turned the Halden project into a company, "
                 "Example was one of the four co-founders of Corvid in 2019.")
    assert foundings(got) == [("Corvid", (), "2019")]
    assert foundings(person("When Bo Lind, Ada Ng and Cy Oh founded Corvid in 2019, Example "
                            "was a student at Halden University.")) == []
