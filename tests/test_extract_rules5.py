"""The extractor's rules for the shapes the unseen9 and unseen10 pages showed, each pinned by
sentences written for this file in the house style (not copied from bench pages), with the
sentences each rule must leave alone."""

from __future__ import annotations

import pytest

from .extraction_pages import foundings, page, person, roles, works


@pytest.mark.parametrize(("body", "expected"), [
    # Titles with a qualifier: the qualifier is part of the title.
    ("Example is an investing partner at Beacon Ventures.",
     [("Beacon Ventures", "investing partner", None, None)]),
    ("Example joined Acme Robotics in 2010. She later became the lab's policy director.",
     [("Acme Robotics", "policy director", "2010", None)]),
    ("Example is an associate director of the Halden Institute.",
     [("Halden Institute", "associate director", None, None)]),
    ("She worked as an engineer in product management at Corvid Systems.",
     [("Corvid Systems", "engineer in product management", None, None)]),
    # Reporters and consultants hold titles too.
    ("Example was a science reporter at The Morning Ledger.",
     [("The Morning Ledger", "science reporter", None, None)]),
    ("Example was a management consultant at Halden Group.",
     [("Halden Group", "management consultant", None, None)]),
    # "there" in a sentence that names nothing before it: the organization of the sentence
    # before.
    ("Example joined Acme Robotics in 2010 as a researcher. She is now a senior principal "
     "researcher there.",
     [("Acme Robotics", "researcher", "2010", None),
      ("Acme Robotics", "senior principal researcher", None, None)]),
    # Negatives: a place is no organization to work "there" at; a bare qualifier is no title.
    ("Example moved to London in 2010. She worked there for a decade.", []),
    ("Example wrote about policy. She was a policy director's assistant.", []),
])
def test_titles_with_qualifiers(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "with S as R": a title at the organization the sentence names last before, dated by it.
    ("In 2012 Example co-founded Corvid Labs with Bob Stone. In March 2014 the founders spun "
     "its games unit out as Halden Play, with Example as chief executive.",
     [("Halden Play", "CEO", "2014-03", None)]),
    # ... not at the place the organization was founded in.
    ("In 2019 Bob Stone founded Halden Play in San Francisco, with Example as chief executive.",
     [("Halden Play", "CEO", "2019", None)]),
    # "S leads it as R" after the sentence that names the organization.
    ("Corvid Labs, a start-up Example co-founded with Bob Stone, opened in 2020. Example leads "
     "it as chief executive.", [("Corvid Labs", "CEO", None, None)]),
    # Negatives: no title after "as"; "with S" as a companion, not a title holder.
    ("Bob Stone founded Corvid Labs in 2012, with Example as an early investor.", []),
    ("Bob Stone toured Corvid Labs with Example in 2012.", []),
])
def test_with_s_as_title(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_an_interim_chief_executive_is_an_interim_ceo() -> None:
    from spiralld.extract import role_key

    assert role_key("interim chief executive") == role_key("Interim CEO") == "interim ceo"
    assert role_key("acting chief executive officer") == "acting ceo"
    assert role_key("interim director") == "interim director"


STONE = "- Bob Stone, A letter to our staff, Corvid blog, 2014."


@pytest.mark.parametrize(("body", "sources", "expected"), [
    # A person who names the subject to a title (a person the page cites as an author) is no
    # organization: the title is at the organization of the sentence before.
    ("Example joined Corvid Labs in 2004. In October 2014 Bob Stone made her senior vice "
     "president of products.", STONE,
     [("Corvid Labs", "senior vice president of products", "2014-10", None),
      ("Corvid Labs", None, "2004", None)]),
    # "A named S O's R": the title at the organization of the possessive.
    ("In January 2017 Bob Stone named Example Corvid Labs's chief technology officer.", STONE,
     [("Corvid Labs", "CTO", "2017-01", None)]),
    # Negative: an organization that names the subject keeps the title.
    ("In 2014 Halden Group named Example its chief scientist.", STONE,
     [("Halden Group", "chief scientist", "2014", None)]),
])
def test_named_by_a_person(body: str, sources: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body, sources)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "left A for B": the stint at A ends; "B, where S became R of Unit Software": the unit is
    # part of the title, held at B.
    ("Example joined Corvid Labs in 2005. In January 2017 Example left Corvid Labs for Halden "
     "Motors, where she became vice president of Autopilot Software.",
     [("Corvid Labs", None, "2005", "2017-01"),
      ("Halden Motors", "vice president of Autopilot Software", "2017-01", None)]),
    ("Example joined Halden Motors, where she was vice president of Cloud Infrastructure.",
     [("Halden Motors", "vice president of Cloud Infrastructure", None, None)]),
    # Negatives: a name with "for" that the page does not show is two ("left the Institute for
    # Robotics"); a unit word with no organization around it stays the organization.
    ("In 2019 Example left the Institute for Robotics in 2019.",
     [("Institute for Robotics", None, None, "2019")]),
    ("Example was director of Halden Software.", [("Halden Software", "director", None, None)]),
])
def test_units_in_titles(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_naming_is_dated_by_its_own_clause() -> None:
    got = person("Halden Group bought Corvid Labs in May 2015, and in March 2016 Bob Stone "
                 "named Example Halden Group's chief technology officer.", STONE)
    assert roles(got) == [("Halden Group", "CTO", "2016-03", None)]


def test_he_who_started_an_organization_is_the_person_the_sentence_before_opened_with() -> None:
    body = ("Bob Stone, a designer from Leeds, built the first prototype as a student. He "
            "started the company in 2019 with Ann Lowe and Tom Reyes. Ann Lowe later joined "
            "Halden Group. He started a podcast in 2021.")
    got = page("Corvid Labs", "Corvid Labs is a software company.", body)
    assert [(h, c.organization, c.cofounders, c.date and c.date.lexical)
            for h, c in got.founded_by_others] == [
        ("Bob Stone", "Corvid Labs", ("Ann Lowe", "Tom Reyes"), "2019")]


@pytest.mark.parametrize(("body", "expected"), [
    # A rank named after the organization, at an organization the page shows the subject at.
    ("Example joined Corvid Labs in 2007. She became a Corvid Labs Fellow in 2012.",
     [("Corvid Labs", "Corvid Labs Fellow", "2012", None), ("Corvid Labs", None, "2007", None)]),
    # "succeeded A as R of O": the title, from the sentence's date.
    ("In 2018 Example succeeded Bob Stone as director of the Halden Robotics Laboratory.",
     [("Halden Robotics Laboratory", "director", "2018", None)]),
    # Negatives: an honour is no rank at its giver; a succession without an organization.
    ("Example joined Corvid Labs in 2007. She became a MacArthur Fellow in 2012.",
     [("Corvid Labs", None, "2007", None)]),
    ("Example succeeded Bob Stone as director.", []),
])
def test_fellows_and_successions(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_an_acronym_is_the_name_the_page_spells_it_out_as() -> None:
    body = ("Example works at the Halden Institute of Technology, in the Robotics and Machine "
            "Learning Laboratory (RMLL). In 2012 she became director of RMLL. She joined the "
            "HIT faculty in 2004. She is a fellow of the ACM.")
    assert roles(person(body)) == [
        ("Halden Institute of Technology", None, "2004", None),
        ("Robotics and Machine Learning Laboratory", "director", "2012", None),
        ("ACM", "fellow", None, None)]


@pytest.mark.parametrize(("body", "expected"), [
    # "started X, a newsletter / framework": a work or a project, not a founding.
    ("In 2016 Example started Halden Notes, a weekly newsletter on robotics.", []),
    ("At Corvid Labs she started Kestrel, a reusable compiler framework for accelerators.", []),
    # ... while a company started is one.
    ("In 2016 Example started Halden Robotics, a company that builds arms.",
     [("Halden Robotics", (), "2016")]),
])
def test_started_a_project_is_no_founding(body: str, expected: list[tuple[str, ...]]) -> None:
    assert foundings(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # A named chair is one title, as written, at the organization after "at" or of "where".
    ("Example is the Ann B. Lowe Professor in Robotics at the University of Leeds.",
     [("University of Leeds", "Ann B. Lowe Professor in Robotics", None, None)]),
    ("Example joined the faculty of the University of Leeds in 2004, where she is now the "
     "Grace (1950) and Alan Hopper Professor of Mechanical Engineering and Design.",
     [("University of Leeds",
       "Grace (1950) and Alan Hopper Professor of Mechanical Engineering and Design", "2004",
       None)]),
    # Negative: a plain professor stays one (no name before the title).
    ("Example is a Professor at the University of Leeds.",
     [("University of Leeds", "professor", None, None)]),
])
def test_named_chairs(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # Lists of posts: each post at its organization, with the list's title unless it names
    # its own, and its own date.
    ("Example began as a science reporter, first for The Morning Ledger in Leeds and then for "
     "Halden Wire in York.",
     [("The Morning Ledger", "science reporter", None, None),
      ("Halden Wire", "science reporter", None, None)]),
    ("She worked as an engineer in product management at Corvid Systems and then as a "
     "management consultant at Halden & Partners.",
     [("Corvid Systems", "engineer in product management", None, None),
      ("Halden & Partners", "management consultant", None, None)]),
    ("She taught at Leeds Beckett University as an assistant professor and, from 1996, at the "
     "University of York as a lecturer.",
     [("Leeds Beckett University", "assistant professor", None, None),
      ("University of York", "lecturer", "1996", None)]),
    # Negative: another person's post after "and".
    ("She was a professor at Corvid University and Bob Stone was a lecturer at Halden College.",
     [("Corvid University", "professor", None, None)]),
])
def test_lists_of_posts(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "joined O as R in O Unit": the title is held at the unit.
    ("Example joined Corvid in May 2019 as a vice president of research in Corvid Robotics.",
     [("Corvid Robotics", "vice president of research", "2019-05", None)]),
    # A school "for F and G" is one name.
    ("Example is a research professor at the Halden School for Communication and Journalism.",
     [("Halden School for Communication and Journalism", "research professor", None, None)]),
    # Moving somewhere to study is no role there.
    ("Example studied in Leeds before moving to the University of York for a PhD.", []),
    ("Example moved to the University of York in 2001 to pursue a doctorate.", []),
    # ... while moving there as a professor is.
    ("Example moved to the University of York in 2006 as professor of design.",
     [("University of York", "professor of design", "2006", None)]),
])
def test_units_schools_and_studies(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_cited_title_is_without_its_publishers_blog() -> None:
    got = person("Example writes about robots.",
                 "- Ada Example, A new chapter for our robots, Corvid blog, May 2, 2023.")
    assert works(got) == ["a-new-chapter-for-our-robots"]


@pytest.mark.parametrize("body", [
    "Example moved to the Halden Design Lab, where she earned a master's degree in 2017.",
    "Example later moved to Corvid University, where she completed a PhD.",
])
def test_moving_somewhere_to_earn_a_degree_is_no_role(body: str) -> None:
    assert roles(person(body)) == []


@pytest.mark.parametrize(("body", "expected"), [
    # "S rose to R": a promotion at the organization the page last placed the subject at, a
    # title of its own beside the stint it came in.
    ("Example joined Corvid Labs in 2005. At Corvid she led the design of the Kestrel "
     "compiler. She rose to senior director of developer tools.",
     [("Corvid Labs", "senior director of developer tools", None, None),
      ("Corvid Labs", None, "2005", None)]),
    # "For D, S was R at O": the subject's own clause after an opening "For ...".
    ("For several years she was also a part-time partner at Halden Ventures.",
     [("Halden Ventures", "part-time partner", None, None)]),
    # Negatives: rising to fame holds no title; no organization before, no promotion.
    ("Example joined Corvid Labs in 2005. She rose to fame in 2010.",
     [("Corvid Labs", None, "2005", None)]),
    ("Example rose to senior director of developer tools.", []),
])
def test_promotions(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "he named S R of O": the title at O, from the naming clause's date.
    ("When Bob Stone announced the creation of Halden Group in August 2015, he named Example "
     "chief executive of Corvid Labs.", [("Corvid Labs", "CEO", "2015-08", None)]),
    # Negative: the subject naming another person holds nothing.
    ("In 2016 Example named Bob Stone chief executive of Corvid Labs.", []),
])
def test_named_by_he(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # End dates given by the next move: "S moved to P in D" ends the stint of the sentence
    # before; "..., before returning to P in D" ends the last post of a list before it.
    ("In 1998 she joined the Halden Robotics Unit at University College London. She moved to "
     "the University of York in 2006 as professor of design.",
     [("Halden Robotics Unit", None, "1998", "2006"),
      ("University of York", "professor of design", "2006", None)]),
    ("She taught at Corvid University as an assistant professor and, from 1996, at the "
     "University of York as a lecturer, before returning to Corvid in 1999.",
     [("Corvid University", "assistant professor", None, None),
      ("University of York", "lecturer", "1996", "1999")]),
    # Negative: a move claims no stint at a place the subject only studied at.
    ("She studied at Leeds Beckett University. She moved to the University of York in 2006 as "
     "professor of design.", [("University of York", "professor of design", "2006", None)]),
])
def test_end_dates_given_by_the_next_move(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


KESTREL = ("- Ann Lowe et al., Kestrel Notes for Robots, arXiv, 2018.\n"
           "- Bob Stone and Ann Lowe, Robots at Work, 2019.")


def test_a_sentence_opening_with_with_a_person_is_still_the_subjects() -> None:
    # "With A she wrote W." opens with a preposition, not with another person: the next
    # sentence's "She" is still the subject.
    got = person("With Bob Stone she wrote Robots at Work (2019). She is also among the "
                 "authors of Kestrel Notes for Robots, led by Ann Lowe.", KESTREL)
    assert sorted(works(got)) == ["kestrel-notes-for-robots", "robots-at-work"]
    got = person("Bob Stone wrote Kestrel Notes for Robots. He is among its authors.", KESTREL)
    assert works(got) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("Example left Corvid Labs in 2016 to join Halden Group, initially as its strategy and "
     "communications director.",
     [("Corvid Labs", None, None, "2016"),
      ("Halden Group", "strategy and communications director", "2016", None)]),
])
def test_joined_initially_as(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_work_named_after_a_described_paper() -> None:
    got = person("She is also among the authors of the Kestrel paper, Kestrel Notes for "
                 "Robots.", "- Ann Lowe et al., Kestrel Notes for Robots, arXiv, 2018.")
    assert works(got) == ["kestrel-notes-for-robots"]


@pytest.mark.parametrize(("body", "expected"), [
    # A lower-case name the sentence describes as a company.
    ("Before Corvid Labs she worked at quillo, a small Leeds start-up.",
     [("quillo", None, None, None)]),
    # Negative: a lower-case word that is no name.
    ("Before Corvid Labs she worked at home, a small flat in Leeds.", []),
])
def test_lower_case_companies(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_coordinated_verb_after_and_in_date() -> None:
    got = person("Example left Corvid Labs at the end of 2020 and in 2021 co-founded Halden "
                 "Robotics with Bob Stone.")
    assert foundings(got) == [("Halden Robotics", ("Bob Stone",), "2021")]
    assert roles(got) == [("Corvid Labs", None, None, "2020")]


@pytest.mark.parametrize(("body", "expected"), [
    # "S established O": a founding, as "founded" is.
    ("In 2016 Example established the Halden Robotics Laboratory at Corvid University.",
     [("Halden Robotics Laboratory", (), "2016")]),
    # Negative: a day is no organization.
    ("Example established Monday as a day of rest.", []),
])
def test_established(body: str, expected: list[tuple[str, ...]]) -> None:
    assert foundings(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "S leads O": a stint without a title at an organization the page shows.
    ("Example leads the Halden Trust, which she founded in 2016.",
     [("Halden Trust", None, None, None)]),
    # Negatives: leading a response or a project is no stint.
    ("Example joined Corvid Labs in 2004. She led Corvid Labs's response to the crisis.",
     [("Corvid Labs", None, "2004", None)]),
    ("Example led Project Kestrel at Corvid Labs.", []),
])
def test_leading_an_organization(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected
