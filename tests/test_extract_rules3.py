"""The extractor's rules for the shapes the unseen8 pages showed, each pinned by sentences
written for this file in the house style (not copied from bench pages), with the sentences
each rule must leave alone."""

from __future__ import annotations

import pytest

from spiralld.reading.importer import guess_type
from spiralld.reading.pages import parse_page

from .extraction_pages import foundings, page, person, roles, works

# -- Organizations: units, descriptions, long names --------------------------------------------

@pytest.mark.parametrize(("body", "want"), [
    # An initiative or programme is part of the organization it is at.
    ("In 2019 Example was appointed director of the Data Initiative at Harlow University.",
     [("Harlow University", "director of the Data Initiative", "2019", None)]),
    ("Example is head of the Robotics Programme at Kestrel Labs.",
     [("Kestrel Labs", "head of the Robotics Programme", None, None)]),
    # A named laboratory or centre stays an organization of its own.
    ("Example is director of the Vision Laboratory at Harlow University.",
     [("Vision Laboratory", "director", None, None)]),
])
def test_an_initiative_is_part_of_its_parent(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # A description before the name: the name is the organization.
    ("Example is chief scientist of the Danish robotics lab KRL.", [("KRL", "chief scientist")]),
    ("Example was president of the Dutch software company Orbis.", [("Orbis", "president")]),
    # A lower-case description before the name.
    ("Example worked at the financial software company Orbis and then at Vale, where she was "
     "a tech lead.", [("Orbis", None), ("Vale", "tech lead")]),
    ("Example worked at the company.", []),
    # No name after the description: the name before it stays.
    ("Example was president of Orbis Labs.", [("Orbis Labs", "president")]),
])
def test_a_description_before_the_name(body: str, want: list[tuple[str, str]]) -> None:
    assert [(org, role) for org, role, _, _ in roles(person(body))] == want


@pytest.mark.parametrize(("body", "org"), [
    # A university's name runs on over "and" into a second field ...
    ("Example is a professor at the Northern University of Science and Technology.",
     "Northern University of Science and Technology"),
    ("Example is a professor at the University of Applied Sciences and Arts of Lower Vale.",
     "University of Applied Sciences and Arts of Lower Vale"),
    # ... but not into another organization.
    ("Example is a professor at the University of Vale and Orbis.", "University of Vale"),
    # A particle and a lower-case word that the acronym after it spells.
    ("Example is a professor at the Università della Valle alta (UVA).",
     "Università della Valle alta"),
    ("Example is a professor at the Università della Valle alta (XYZ).", "Università della Valle"),
])
def test_long_university_names(body: str, org: str) -> None:
    assert [o for o, _, _, _ in roles(person(body))] == [org]


# -- Titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "want"), [
    ("From 2001 to 2006 Example held a professorship in applied logic at Harlow University.",
     [("Harlow University", "professor", "2001", "2006")]),
    ("Example holds adjunct professorships in statistics at Harlow University (HU) and at "
     "Vale University.",
     [("Harlow University", "adjunct professor", None, None),
      ("Vale University", "adjunct professor", None, None)]),
    # A verb that is a title stays that title.
    ("Since 2010 Example has directed the Vision Laboratory.",
     [("Vision Laboratory", "director", "2010", None)]),
])
def test_professorships_held(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # A title after "as" past a bracketed acronym; a title "there" and a second one at "its"
    # unit, both from the date the sentence gives.
    ("In 2001 Example joined Harlow University (HU) as a research computer scientist, and in "
     "2004 she became an associate professor there and co-director of its Vision Laboratory.",
     [("Harlow University", "associate professor", "2004", None),
      ("Vision Laboratory", "co-director", "2004", None),
      ("Harlow University", "research computer scientist", "2001", None)]),
    # "there" with nothing named before it proposes nothing.
    ("Example moved to Vale and became a lecturer there.", []),
])
def test_titles_there_and_at_its_unit(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "led O as R until D", then a title at "its" from that date, past another's clause.
    ("Example led Orbis as chief executive until 2019, when Ben Other took over the post, and "
     "she became its chair.",
     [("Orbis", "chair", "2019", None), ("Orbis", "CEO", None, "2019")]),
    # "led it until it shut down in D" ends the title.
    ("Example was chief executive of Orbis, and she led it until it shut down in 2021.",
     [("Orbis", "CEO", None, "2021")]),
    # Leading without "as R" is no title.
    ("Example led Orbis to a merger in 2015.", []),
])
def test_led_as_a_title(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # A verb after a bare comma is the subject's own: its date and its "it".
    ("Example co-founded Orbis Labs in 2015, joined Vale in 2019, and left in 2020.",
     [("Vale", None, "2019", "2020")]),
    ("Example co-founded Orbis Labs in 2015, led it as chief executive until 2019, and then "
     "joined Vale as its chief scientist.",
     [("Vale", "chief scientist", None, None), ("Orbis Labs", "CEO", None, "2019")]),
    # "it" with no organization founded or joined before it is no one's.
    ("Example moved to Vale, led it as chief executive until 2019.", []),
    # "led by" is another's.
    ("Example joined Orbis Labs, led by Ben Other, in 2019.", [("Orbis Labs", None, "2019", None)]),
])
def test_verbs_after_a_comma(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


# -- Mergers -----------------------------------------------------------------------------------

def test_a_merged_organization_is_not_founded_by_its_predecessors_founder() -> None:
    got = person("In 2012 Example co-founded Kite Lab with Ben Other. When Orbis merged Kite Lab "
                 "with Orbis Research in 2020 to form Orbis Kite, Example became the combined "
                 "lab's chief scientist. Kite Lab, she said, was a small team.",
                 snapshot="- Current public role: Orbis Kite lists Example as its co-founder.")
    assert foundings(got) == [("Kite Lab", ("Ben Other",), "2012")]
    assert ("Orbis Kite", "chief scientist", "2020", None) in roles(got)


def test_a_founding_stands_without_a_merger() -> None:
    got = person("In 2020 Example co-founded Orbis Kite.",
                 snapshot="- Current public role: Orbis Kite lists Example as its co-founder.")
    assert foundings(got) == [("Orbis Kite", (), "2020")]


@pytest.mark.parametrize(("body", "want"), [
    # "the company's R": the organization named last before.
    ("In 2012 Example co-founded Kite Lab. Ben Other became chief executive, and Example "
     "served as the company's chief scientist.", [("Kite Lab", "chief scientist", None, None)]),
    # Nothing named before: no one's.
    ("Example served as the company's chief scientist.", []),
])
def test_the_companys_title(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


# -- An organization's page: its type and its names --------------------------------------------

@pytest.mark.parametrize(("lead", "kind"), [
    # "based" inside a compound does not end the phrase that gives the type.
    ("Kite Minds is a Lisbon-based robotics company that builds arms.", "Organization"),
    ("Soft Targets is a widely used technique for training small models.", "Concept"),
])
def test_the_type_past_a_compound(lead: str, kind: str) -> None:
    title = lead.split(" is ")[0]
    assert guess_type(parse_page(f"{title}\n{lead}\n", "page.txt")) == kind


def test_an_institute_called_by_its_parent_and_acronym() -> None:
    got = page("Vale Institute for Humane Robotics",
               "The Vale Institute for Humane Robotics (VIHR) is a research institute at Vale "
               "University.",
               "Vale VIHR was established in May 2018 by Ada Example and Ben Other.")
    assert [(h, c.organization, c.cofounders, c.date and c.date.lexical)
            for h, c in got.founded_by_others] == [
        ("Ada Example", "Vale Institute for Humane Robotics", ("Ben Other",), "2018-05")]


def test_another_organization_with_the_parents_name_is_not_the_subject() -> None:
    got = page("Vale Institute for Humane Robotics",
               "The Vale Institute for Humane Robotics (VIHR) is a research institute at Vale "
               "University.",
               "Vale University was established in 1890 by Ada Example and Ben Other.")
    assert got.founded_by_others == ()


@pytest.mark.parametrize(("body", "want"), [
    # "joined O in D, where S did X and then served as R until the end of D": the stint
    # from D and the title, which began after it, ending then.
    ("Example joined Orbis in 2014, where she ran the data team and then served as vice "
     "president of research until the end of 2019.",
     [("Orbis", "vice president of research", None, "2019"), ("Orbis", None, "2014", None)]),
    # Without "and then" the title is the stint's.
    ("Example joined Orbis in 2014, where she served as vice president of research.",
     [("Orbis", "vice president of research", "2014", None)]),
    # "where" after a place that is no organization the subject was at: nothing.
    ("Example grew up near Lisbon, where she ran a team and then served as president.", []),
])
def test_a_title_after_the_stint_began(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "O hired S in D as R".
    ("Orbis hired her in 2019 as a director of machine learning.",
     [("Orbis", "director of machine learning", "2019", None)]),
    ("Orbis hired her.", []),
    # "before returning to O in D as R": R from D; the clause's own dates are not the return's.
    ("Example joined Orbis as a research scientist. She left Orbis in 2016 to join Vale, and "
     "spent a year there before returning to Orbis in 2017 as a staff research scientist.",
     [("Orbis", "research scientist", None, "2016"), ("Vale", None, "2016", None),
      ("Orbis", "staff research scientist", "2017", None)]),
    ("From 2001 to 2004 Example served as director of Vale Labs before returning to Orbis.",
     [("Vale Labs", "director", "2001", "2004")]),
])
def test_hired_and_returning(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # A short name after the full one: the organization the page names in full.
    ("Example joined Orbis Kite as an engineer. She left Kite in 2016.",
     [("Orbis Kite", "engineer", None, "2016")]),
    # A name the page writes alone first is an organization of its own.
    ("Example joined Kite in 2010. She later joined Orbis Kite as an engineer.",
     [("Kite", None, "2010", None), ("Orbis Kite", "engineer", None, None)]),
])
def test_a_short_name_after_the_full_one(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "since its founding": from the date of the subject's founding of it; two titles after
    # "the company's".
    ("In May 2004 Example founded Orbis. She has been the company's president and chief "
     "executive since its founding.",
     [("Orbis", "president", "2004-05", None), ("Orbis", "CEO", "2004-05", None)]),
    ("In 2004 Example co-founded Orbis with Ben Other, and she was its chair from the start.",
     [("Orbis", "chair", "2004", None)]),
    # No dated founding by the subject: no date.
    ("Example has been president of Orbis since its founding.",
     [("Orbis", "president", None, None)]),
])
def test_since_its_founding(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "left O to become P's R": R at P from the sentence's date.
    ("In June 2021 Orbis bought Vale, and Example left the company to become Orbis's chief "
     "scientist.", [("Orbis", "chief scientist", "2021-06", None)]),
    ("Example left Vale to become a teacher.", []),
])
def test_left_to_become(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want


CITED = "- Ben Other et al., Hard Questions for Models, arXiv, 2024."


@pytest.mark.parametrize(("body", "want"), [
    # "S is among its authors": the cited work the sentence names before.
    ("In 2024 Orbis released Hard Questions for Models, a benchmark; Example is among its "
     "authors.", ["hard-questions-for-models"]),
    # No cited work named before "its": nothing.
    ("Orbis released a benchmark in 2024; Example is among its authors.", []),
])
def test_among_its_authors(body: str, want: list[str]) -> None:
    assert works(person(body, sources=CITED)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "S resigned in D" ends the title at the organization the sentence before named last.
    ("Orbis hired her in 2019 as a director of research. She resigned in May 2022 in protest.",
     [("Orbis", "director of research", "2019", "2022-05")]),
    # No role there: a resignation claims nothing.
    ("Orbis bought Vale in 2019. She resigned in 2020.", []),
    ("She resigned in May 2022 in protest.", []),
])
def test_resigned(body: str, want: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == want
