"""The extractor's rules for the shapes the unseen6, unseen7 and dev2 pages showed, each pinned
by sentences written for this file in the house style (not copied from bench pages), with the
sentences each rule must leave alone."""

from __future__ import annotations

import pytest

from spiralld.reading.dates import PartialDate
from spiralld.reading.importer import guess_type
from spiralld.reading.pages import parse_page
from spiralld.reading.profiles import Evidence, FoundingClaim, RoleClaim

from .extraction_pages import foundings, page, person, roles, works

# -- An organization's page: its type, its other name, its founders ---------------------------

@pytest.mark.parametrize(("lead", "kind"), [
    # The first sentence runs past "Inc." and an acronym in brackets.
    ("Acme Minds Inc. (AMI) is an American AI company that builds robots.", "Organization"),
    # A possessive in place of the article.
    ("Kite Lab was Acme's robotics research team from 2012 until 2020.", "Organization"),
    ("Soft Targets is a technique for training small models.", "Concept"),
])
def test_the_type_of_a_page_from_its_first_sentence(lead: str, kind: str) -> None:
    title = lead.split(" is ")[0].split(" was ")[0].split(" (")[0]
    parsed = parse_page(f"{title}\n{lead}\n", "page.txt")
    assert guess_type(parsed) == kind


def test_an_organization_page_calls_its_subject_by_the_bracketed_name_of_its_lead() -> None:
    got = page("Acme Minds Inc.", "Acme Minds Inc. (AMI) is an American AI company.",
               "AMI was established in March 2023 by Ada Example and Grace Hopper. Like Beta "
               "Labs, AMI was founded by former Gamma researchers.")
    assert [(holder, c.organization, c.cofounders, c.date) for holder, c in
            got.founded_by_others] == [("Ada Example", "Acme Minds Inc.", ("Grace Hopper",),
                                        PartialDate(2023, 3))]


def test_founders_named_after_a_description_and_an_aside() -> None:
    got = page("Gamma AI", "Gamma AI is an American artificial intelligence company.",
               "Ada Example, who had co-founded Beta Labs, started Gamma AI in 2020 with venture "
               "investor Grace Hopper and Alan Turing, a former Beta Labs engineer who became its "
               "chief scientist.")
    assert [(holder, c.organization, c.cofounders, c.date and c.date.lexical)
            for holder, c in got.founded_by_others] == [
        ("Ada Example", "Gamma AI", ("Grace Hopper", "Alan Turing"), "2020")]
    assert got.roles == ()  # an organization's page gives only its own founding


# -- Foundings on a person's page -------------------------------------------------------------

def test_started_with_a_name_is_a_founding() -> None:
    got = person("In 2019 she started Delta Robotics with Grace Hopper and Alan Turing.")
    assert foundings(got) == [("Delta Robotics", ("Grace Hopper", "Alan Turing"), "2019")]


@pytest.mark.parametrize("body", [
    "She started her doctorate at the University of Northfield in 2001.",
    "She started at Acme Robotics in 2010 as an intern.",
    "Example was a founding member of Acme Robotics.",
    # The verb after a relative clause is the clause's subject's, not the page's.
    "Example is an author of Deep Things, whose first author, Grace Hopper, was her student and "
    "later co-founded Acme Robotics.",
])
def test_not_a_founding_of_the_subject(body: str) -> None:
    assert person(body).founded == ()


# -- Titles credited to the right organization ------------------------------------------------

def test_its_is_the_organization_the_sentence_names_not_one_named_before() -> None:
    got = person("Example co-founded Acme Robotics in 2010 with Grace Hopper. In 2015 she "
                 "started Beta Works, first called Gamma Works, with Alan Turing, and served as "
                 "its president and chief scientist until 2020.")
    assert roles(got) == [("Beta Works", "president", None, "2020"),
                          ("Beta Works", "chief scientist", None, "2020")]


def test_its_without_a_named_organization_before_proposes_nothing() -> None:
    got = person("Example worked at Acme Robotics from 2001 to 2004. She wrote about robots for "
                 "a decade.\n\nDario Example became chief executive; Example became its "
                 "president.")
    assert roles(got) == [("Acme Robotics", None, "2001", "2004")]


def test_a_title_after_an_at_o_opening_is_held_at_o() -> None:
    got = person("Example joined Acme Labs in 2018. There she managed the safety team and later "
                 "became vice president of policy, a post she held until she left at the end of "
                 "2020. At Acme Labs, she was also the lead engineer of Project Kite.")
    assert roles(got) == [("Acme Labs", "vice president of policy", "2018", "2020"),
                          ("Acme Labs", "lead engineer of Project Kite", None, None)]


def test_an_organization_in_an_at_o_sentence_keeps_its_own_titles() -> None:
    got = person("At the University of Northfield she co-directs the Vision Group, and she is also "
                 "a core academic member of Beta Institute, the research institute founded by "
                 "Grace Hopper.")
    assert roles(got) == [("Beta Institute", "core academic member", None, None),
                          ("Vision Group", "co-director", None, None)]


# -- Titles in new wordings -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("She served as Acme Institute's faculty director and was a research professor at the "
     "University of Northfield.", [
         ("University of Northfield", "research professor", None, None),
         ("Acme Institute", "faculty director", None, None)]),
    ("She also holds an appointment as an adjunct professor of surgery at the University of "
     "Northfield.", [("University of Northfield", "adjunct professor of surgery", None, None)]),
    ("In May 2024 Acme Robotics, the company that Grace Hopper founded in 2012, appointed "
     "Example as its chief AI officer.", [("Acme Robotics", "chief AI officer", "2024-05",
                                            None)]),
    # A title in an apposition after the subject's name, at the organization of a possessive.
    ("In 2019 Example, Acme Robotics' chief AI scientist, argued for open models.",
     [("Acme Robotics", "chief AI scientist", None, None)]),
    ("The report quoted Example, then Beta Labs's head of research.",
     [("Beta Labs", "head of research", None, None)]),
    ("She has also served as chief executive of Kite Aviation, the aircraft company backed by "
     "Grace Hopper.", [("Kite Aviation", "CEO", None, None)]),
    ("In 2000 she moved to Acme's headquarters in Seattle as a corporate vice president.",
     [("Acme", "corporate vice president", "2000", None)]),
    ("In April 2018 Example became head of Beta AI, the division that grouped its research "
     "teams, and she led it until 2023.", [("Beta AI", "head", "2018-04", "2023")]),
    ("She is a co-director of the Northfield Robotics Research lab (ERR).",
     [("Northfield Robotics Research lab", "co-director", None, None)]),
    ("In 2016 Example founded the Center for Careful Machines (CCM) at Northfield University and "
     "has directed CCM since then.", [("Center for Careful Machines", "director", "2016",
                                        None)]),
    ("She founded Gamma Works in 2010, the research division later renamed Gamma, which she led "
     "as its first director.", [("Gamma Works", "director", "2010", None)]),
    ("Example co-founded Kite Learning in 2012 and was its chief executive until 2016, when she "
     "became its executive chairman.", [("Kite Learning", "CEO", None, "2016"),
                                        ("Kite Learning", "executive chairman", "2016", None)]),
])
def test_title_phrasings(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_snapshot_role_whose_subject_is_in_its_aside_is_dated_by_it() -> None:
    got = person("She writes about robots.", snapshot="- Current public role: chief scientist "
                 "of Acme Robotics, which she joined in March 2025.")
    assert got.roles == (RoleClaim(
        "Acme Robotics", "chief scientist", "affiliation", PartialDate(2025, 3), None, (), 4,
        reviewed=False, evidence=Evidence(
            4, "chief scientist of Acme Robotics, which she joined in March 2025.", "Snapshot",
            "role/holds")),)


# -- Stints and their dates -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("She spent 2016 and 2017 at Acme Robotics as a research scientist.",
     [("Acme Robotics", "research scientist", "2016", "2017")]),
    ("She spent eleven years at Acme Robotics, from 2001 to 2012.",
     [("Acme Robotics", None, "2001", "2012")]),
    ("From March 2020 she spent a year as senior advisor on AI at the Northfield Agency.",
     [("Northfield Agency", "senior advisor on AI", "2020-03", None)]),
    ("She spent five years at Acme Research Laboratory before moving to Toronto in 2009.",
     [("Acme Research Laboratory", None, None, "2009")]),
    ("She earned a doctorate in 1999 and then moved abroad, where she spent eight years on the "
     "faculty of the University of Northfield.", [("University of Northfield", None, None, None)]),
    # A date given by reference is the date it refers to.
    ("She left Acme Robotics in June 2018. That same month she joined Beta Labs.",
     [("Acme Robotics", None, None, "2018-06"), ("Beta Labs", None, "2018-06", None)]),
    ("She completed her doctorate in 2003 and joined the faculty of the University of Northfield "
     "the same year.", [("University of Northfield", None, "2003", None)]),
    ("Example worked at Acme Robotics until 2011. Later that year she joined Beta Labs.",
     [("Acme Robotics", None, None, "2011"), ("Beta Labs", None, "2011", None)]),
    ("In 2003 she joined the University of Northfield as an associate professor; a year later she "
     "was named director of the Northfield Vision Laboratory (NVL).",
     [("Northfield Vision Laboratory", "director", "2004", None),
      ("University of Northfield", "associate professor", "2003", None)]),
    # "moved to O" where the page shows O is an organization (here, one it left).
    ("She moved to Acme Robotics in 2018, where she led the vision team. She left Acme Robotics "
     "at the end of 2020.", [("Acme Robotics", None, "2018", "2020")]),
    ("She left Acme Robotics in August 2024 and moved to Beta Labs. She spent six months there "
     "before leaving Beta Labs in February 2025.",
     [("Acme Robotics", None, None, "2024-08"), ("Beta Labs", None, "2024-08", "2025-02")]),
    ("In 2016 Example moved to Kite Labs. There she was chief scientist until 2020.",
     [("Kite Labs", "chief scientist", "2016", "2020")]),
    ("Example is the co-founder of Acme Robotics, where she leads its vision research.",
     [("Acme Robotics", None, None, None)]),
    ("Before graduate school she worked at the World Health Organization's Global Programme on "
     "Malaria.", [("World Health Organization", None, None, None)]),
])
def test_stint_phrasings(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(person(body)) == expected


def test_a_university_by_its_place_is_the_university_the_page_names() -> None:
    got = person("Example is a professor at the University of California, Berkeley. She earned "
                 "her PhD at Stanford and joined the Berkeley faculty in 2008.")
    assert roles(got) == [("University of California, Berkeley", "professor", "2008", None)]


@pytest.mark.parametrize("body", [
    "Like Example, Acme's chief scientist Grace Hopper argued for open models.",
    "Grace Hopper, Acme's chief scientist, praised the paper.",
    "Like Example, Acme's chief scientist, Grace Hopper argued for open models.",
])
def test_an_apposition_about_another_or_in_a_comparison_is_no_title(body: str) -> None:
    assert roles(person(body)) == []


@pytest.mark.parametrize("body", [
    "She moved to Toronto in 2018.",  # a place
    "She moved to London, where she was a researcher.",
    "In 2016 she moved to Paris. She lived in Paris for a decade.",
    "Example left the University of Northfield without finishing a degree and received a "
    "fellowship in 2012.",  # studying is not a role
])
def test_not_a_stint(body: str) -> None:
    assert roles(person(body)) == []


# -- Authorships ------------------------------------------------------------------------------

def test_among_the_authors_and_of_which_she_was_the_lead_author() -> None:
    got = person("She is among the authors of Deep Things. The team's Careful Machines: A Study, "
                 "of which Example was the lead author, argued for caution.",
                 "- Grace Hopper, Ada Example, and Alan Turing, Deep Things, 2019.\n"
                 "- Hopper et al., Careful Machines: A Study, 2020.")
    assert works(got) == ["deep-things", "careful-machines-a-study"]


def test_his_at_the_start_of_a_sentence_is_the_subject_on_a_page_about_a_man() -> None:
    got = page("Alan Example", "Alan Example is a computer scientist. He writes essays.",
               "His 2015 essay Deep Things, published on his blog, was widely read.",
               "- Grace Hopper, Deep Things, 2015.")
    assert works(got) == ["deep-things"]


@pytest.mark.parametrize(("subject", "citation", "expected"), [
    # A short form of the subject's first name, either way round.
    ("Robert Example", "Rob Example, Deep Things, 2019.", ["deep-things"]),
    ("Chris Example", "Christopher Example, Deep Things, 2019.", ["deep-things"]),
    ("Robert Example", "Rita Example, Deep Things, 2019.", []),  # another first name
    # "Surname et al." is the subject's when no one else on the page has that surname.
    ("Robert Example", "Example et al., Deep Things, 2019.", ["deep-things"]),
    # A publisher left at the end of a title with a colon is not part of it.
    ("Robert Example", "Robert Example, Deep Things: A Study, Northfield Research Blog, 2015.",
     ["deep-things-a-study"]),
])
def test_cited_authorships(subject: str, citation: str, expected: list[str]) -> None:
    got = page(subject, f"{subject} is a computer scientist.", "He writes about robots.",
               f"- {citation}")
    assert works(got) == expected


def test_et_al_is_not_the_subject_when_another_person_has_the_surname() -> None:
    got = page("Robert Example", "Robert Example is a computer scientist.",
               "He and his sister Grace Example founded Acme Robotics.",
               "- Example et al., Deep Things, 2019.")
    assert works(got) == []


def test_a_cited_title_is_the_longest_variant_the_prose_writes() -> None:
    got = person("She is an author, with Grace Hopper, of Open Minds: Big Labs, Small Labs, and "
                 "the Economy of AI.",
                 "- Grace Hopper and Ada Example, Open Minds: Big Labs, Small Labs, and the "
                 "Economy of AI, SSRN, 2023.")
    assert works(got) == ["open-minds-big-labs-small-labs-and-the-economy-of-ai"]


def test_a_founding_claim_is_pinned_with_its_evidence() -> None:
    got = person("In 2019 she started Delta Robotics with Grace Hopper.")
    assert got.founded == (FoundingClaim(
        "Delta Robotics", "co-founder", ("Grace Hopper",), PartialDate(2019), (), 4,
        reviewed=False, evidence=Evidence(
            4, "In 2019 she started Delta Robotics with Grace Hopper.", "Career",
            "founding/founded")),)
