"""The extractor's rules for the shapes the unseen14 pages showed, each pinned by sentences
written for this file in the house style (not copied from bench pages), with the sentences
each rule must leave alone."""

from __future__ import annotations

import pytest

from .extraction_pages import foundings, page, person, roles, works


@pytest.mark.parametrize(("body", "expected"), [
    # her possessive in an opening clause is no other clause's subject
    ("After finishing her doctorate, Example spent two years at Halden Labs as a research "
     "engineer, working on its speech group.", [("Halden Labs", "research engineer", None, None)]),
    ("After her postdoc, she joined Corvid Systems in 2015.",
     [("Corvid Systems", None, "2015", None)]),
    # "that autumn" is in the year the sentence before wrote
    ("Example finished her doctorate at Halden University in 2012. That autumn she became an "
     "assistant professor at Corvid University.",
     [("Corvid University", "assistant professor", "2012", None)]),
])
def test_openings_with_her_and_a_season(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_role_bullet_opening_with_a_clause_of_the_subjects() -> None:
    """"Current role: after leaving O, S returned to P": the subject opens no intro there."""
    got = person("Example joined Halden in 2019.", snapshot="- Current role: after leaving "
                 "Halden in 2024, Example returned to Silicon Valley.")
    assert roles(got) == [("Halden", None, "2019", None)]


@pytest.mark.parametrize(("sources", "expected"), [
    # a venue the parser does not know, that two cited titles end with
    ("- Ada Example and Bo Lind, Sparse Codes for Motion in the Visual Cortex, Annals of "
     "Cortical Science, 2018.\n- Ada Example, Grid Maps and Place, Annals of Cortical Science, "
     "2020.", ["sparse-codes-for-motion-in-the-visual-cortex", "grid-maps-and-place"]),
    # a title in sentence case, then the talk's series in capitals
    ("- Ada Example, Why machines should learn to doubt themselves, TEDxHalden, 2019.",
     ["why-machines-should-learn-to-doubt-themselves"]),
    # a title's own last part after a comma stays: it ends only one title
    ("- Ada Example, Sparse Codes for Motion, a Theory of the Visual Cortex, Annals of "
     "Cortical Science, 2018.\n- Ada Example, Deep Nets, Shallow Minds, 2021.\n"
     "- Ada Example, Grid Maps, Annals of Cortical Science, 2020.",
     ["sparse-codes-for-motion-a-theory-of-the-visual-cortex", "deep-nets-shallow-minds",
      "grid-maps"]),
])
def test_a_cited_titles_venue(sources: str, expected: list) -> None:
    assert works(person("Example studied physics.", sources)) == expected


@pytest.mark.parametrize(("sources", "expected"), [
    # a web site or a journal's name ends a title the parser kept whole
    ("- Ada Example, Notes on Grid Cells, with a Reply to Critics, Communications of the ACM, "
     "May 2019.", ["notes-on-grid-cells-with-a-reply-to-critics"]),
    ("- Ada Example, Learn Physics in Ten Years, adaexample.com, 2001.",
     ["learn-physics-in-ten-years"]),
    # a title's own last words stay
    ("- Ada Example, Hello, World, 2019.", ["hello-world"]),
])
def test_a_cited_titles_site_or_journal(sources: str, expected: list) -> None:
    assert works(person("Example studied physics.", sources)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # a named group at an organization is a post at the organization, with its title
    ("In 2011 Example moved to Boston to join Bo Lind's Speech Perception group at the Halden "
     "Media Lab as a postdoctoral researcher. She was promoted to research scientist there.",
     [("Halden Media Lab", "postdoctoral researcher", "2011", None),
      ("Halden Media Lab", "research scientist", None, None)]),
    ("Example joined the Robot Learning team at Corvid Systems in 2016.",
     [("Corvid Systems", None, "2016", None)]),
    # a unit named as an organization of its own stays one
    ("Example joined the Corvid Institute in 2016.", [("Corvid Institute", None, "2016", None)]),
])
def test_a_named_group_at_an_organization(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_spin_out_named_after_its_parent() -> None:
    """"co-founded the O spin-out P and led it as R": the founding and the title are P's."""
    got = person("In 2012 Example co-founded the Halden Media Lab spin-out Corvid and led it as "
                 "chief executive until 2020.")
    assert foundings(got) == [("Corvid", (), "2012")]
    assert roles(got) == [("Corvid", "CEO", None, "2020")]


@pytest.mark.parametrize(("body", "expected"), [
    # "was made R1 and then R2": two titles in sequence at the organization placed last
    ("Example joined Halden in 2012. Example was made director of engineering and then vice "
     "president of engineering, overseeing its offices.",
     [("Halden", "director of engineering", None, None),
      ("Halden", "vice president of engineering", None, None), ("Halden", None, "2012", None)]),
    # "O named S R1 and a R2 of the company": both at O
    ("Example joined Halden in 2012. In May 2024 Corvid named her chief product officer and a "
     "senior vice president of the company.",
     [("Halden", None, "2012", None), ("Corvid", "chief product officer", "2024-05", None),
      ("Corvid", "senior vice president", "2024-05", None)]),
    # "took over as R": at the organization of the sentence before, dated by the clause
    ("Example joined Halden in 2012. She took over as chief executive in 2016.",
     [("Halden", "CEO", "2016", None), ("Halden", None, "2012", None)]),
    ("Example joined Halden in 2012. In 2019 she took over as its chief technology officer.",
     [("Halden", "CTO", "2019", None), ("Halden", None, "2012", None)]),
    # someone else taking over
    ("Example joined Halden in 2012. In 2016 Bo Lind took over as chief executive.",
     [("Halden", None, "2012", None)]),
])
def test_titles_in_sequence_and_taken_over(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_the_companys_years_and_its_title() -> None:
    """"For the company's first years S was its R": the company named last, which the next
    sentence's bare title is held at too."""
    got = person("Example co-founded Halden in 2009. Its first product was a camera. For the "
                 "company's first years she was its chief science officer, while others ran "
                 "the business. She took over as chief executive in 2016.")
    assert roles(got) == [("Halden", "chief science officer", None, None),
                          ("Halden", "CEO", "2016", None)]


def test_a_surname_with_a_particle_opening_a_sentence() -> None:
    """"Ada van Example": "Van Example" opening a sentence is she, with her co-founder."""
    got = page("Ada van Example", "Ada van Example is a computer scientist.",
               "Van Example and Bo Lind co-founded Halden in 2009. In 2015 van Example joined "
               "Corvid Systems.")
    assert foundings(got) == [("Halden", ("Bo Lind",), "2009")]
    assert roles(got) == [("Corvid Systems", None, "2015", None)]


@pytest.mark.parametrize(("body", "expected"), [
    # "left P for O, where S was R": the title at O, from the move
    ("In 2015 Example left Corvid University for Halden Systems, where she was a principal "
     "engineer working on compilers.",
     [("Corvid University", None, None, "2015"), ("Halden Systems", "principal engineer",
                                                   "2015", None)]),
    # "joined O, Place, as R": the title after a name with its place
    ("Example studied at Oxford. In 2010 she joined the University of Texas, Austin, as an "
     "assistant professor of physics.",
     [("University of Texas, Austin", "assistant professor of physics", "2010", None)]),
    # the end of another name on the page is no name of its own
    ("Example studied at the Georgia Institute of Technology. She then spent a year as a "
     "postdoctoral researcher at the Massachusetts Institute of Technology.",
     [("Massachusetts Institute of Technology", "postdoctoral researcher", None, None)]),
    # a unit the page names alone stays the unit
    ("Example joined the Halden Institute for Learning Machines in 2019. The Institute for "
     "Learning Machines grew fast.", [("Institute for Learning Machines", None, "2019", None)]),
])
def test_moves_and_names_with_places(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "R of AI research" at the clause's end is one title, at the organization named before
    ("In 2018 Example joined Halden as director of robotics research; she was later senior "
     "director of AI research.",
     [("Halden", "senior director of AI research", None, None),
      ("Halden", "director of robotics research", "2018", None)]),
    # "AI" before a name is still no organization of its own
    ("Example was a professor of AI at Corvid University.",
     [("Corvid University", "professor of AI", None, None)]),
])
def test_a_title_in_ai_research(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected_foundings", "expected_roles"), [
    # "S, A and B walked out in D and started O": a verb phrase before the founding; "the
    # new company" is O, with two titles there
    ("Tired of the board, Example, Bo Lind and Cy Dee walked out in 1998 and started Corvid, "
     "which made phones. Example was chairman of the new company and its chief product "
     "officer.", [("Corvid", ("Bo Lind", "Cy Dee"), "1998")],
     [("Corvid", "chairman", None, None), ("Corvid", "chief product officer", None, None)]),
    ("Example and Bo Lind met in 2001 and founded Corvid.", [("Corvid", ("Bo Lind",), "2001")],
     []),
    # a negation still proposes nothing
    ("Example and Bo Lind did not meet and founded Corvid.", [], []),
])
def test_founders_after_a_verb_phrase(body: str, expected_foundings: list,
                                      expected_roles: list) -> None:
    got = person(body)
    assert (foundings(got), roles(got)) == (expected_foundings, expected_roles)


@pytest.mark.parametrize(("body", "expected"), [
    # "worked at O, first as R1 and later as R2": two titles at O, after an opening
    # "Alongside X"
    ("Alongside her chair she worked at the Corvid Institute for Robotics (CIR), first as a "
     "senior research manager and later as a senior director, leading its vision project.",
     [("Corvid Institute for Robotics", "senior research manager", None, None),
      ("Corvid Institute for Robotics", "senior director", None, None)]),
    # a later title at another organization is not this one's
    ("Example worked at Corvid, first as a research engineer and later as a senior director "
     "at Halden.", [("Corvid", "research engineer", None, None)]),
])
def test_titles_first_and_later(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "went back to O as R", "returned to O as R": the title, from the return
    ("In 1986 Example left Halden Systems to study. In 1988 he went back to Halden as vice "
     "president of research.",
     [("Halden Systems", "vice president of research", "1988", None),
      ("Halden Systems", None, None, "1986")]),
    ("In 2012 Example returned to Corvid as its director.", [("Corvid", "director", "2012",
                                                             None)]),
    # a return without a title stays a stint
    ("In 2012 Example returned to Corvid.", [("Corvid", None, "2012", None)]),
])
def test_a_return_with_a_title(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # a named professorship without "the", named later, at a school of the university
    ("Example moved to Halden University in 2014. She was later named Lind-Dee Professor at its "
     "Bo R. Corvid School of Computer Science.",
     [("Halden University", None, "2014", None),
      ("Bo R. Corvid School of Computer Science", "Lind-Dee Professor", None, None)]),
    # after a description, the professorship as an appositive
    ("Example is a British physicist, the Lind Professor of Physics and Data at the Corvid "
     "Institute of Technology, known for maps.",
     [("Corvid Institute of Technology", "Lind Professor of Physics and Data", None, None)]),
])
def test_named_professorships(body: str, expected: list) -> None:
    assert roles(person(body)) == expected


def test_a_clipped_name_is_the_name_it_clips() -> None:
    """"Caltech" for the California Institute of Technology the page names in full."""
    body = ("Example studied at the Corvid Institute of Technology. She is Lind Professor at "
            "Corvtech, where she has taught since 2017.")
    assert roles(person(body)) == [("Corvid Institute of Technology", "Lind Professor", None,
                                    None)]
    # a one-word name the page writes in full nowhere stays as written
    assert roles(person("Example is Lind Professor at Corvtech.")) == [
        ("Corvtech", "Lind Professor", None, None)]


@pytest.mark.parametrize(("body", "expected"), [
    # "W, written with A, showed ...": the subject's work, in title case, cited or not
    ("Example studied at Oxford. Sparse Maps for Moving Robots, written with Cy Dee, showed a "
     "robot plan.", ["sparse-maps-for-moving-robots"]),
    # not after a sentence about someone else, nor a title in lower case
    ("Example studied at Oxford. Bo Lind later moved to Halden. Sparse Maps for Moving Robots, "
     "written with Cy Dee, showed a robot plan.", []),
    ("Example studied at Oxford. Sparse maps, written with Cy Dee, showed a robot plan.", []),
])
def test_a_work_written_with_others(body: str, expected: list) -> None:
    assert works(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "an author of the X paper of D, W, and of V": the appositive title, cited or not
    ("Example joined Halden. She was an author of the Halden paper of 2016, Mapping the field "
     "of dreams with deep nets, and of other work.",
     ["mapping-the-field-of-dreams-with-deep-nets"]),
    # a sentence opening with a title in capitals is about no other person: "she" after it
    # is the subject
    ("Example joined Halden. Sparse Coding for Deep Motion, presented at a workshop in 2013, "
     "was widely read. She was an author of the Halden paper of 2016, Mapping the field of "
     "dreams with deep nets, and of other work.",
     ["mapping-the-field-of-dreams-with-deep-nets"]),
    # after another person's sentence, "she" is hers
    ("Example joined Halden. Bo Lind moved to Corvid in 2015. She was an author of the Corvid "
     "paper of 2016, Mapping the field of dreams with deep nets, and of other work.", []),
])
def test_a_paper_named_in_apposition(body: str, expected: list) -> None:
    assert works(person(body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # "O acquired P. S became R of the combined company": R at O
    ("Example co-founded Halden in 2009. In 2021 Corvid Eye, a Swedish maker of cameras, "
     "acquired Halden for about $73 million. Example became deputy CEO of the combined company "
     "and left it later.", [("Corvid Eye", "deputy CEO", None, None)]),
    # with no acquisition told just before, "the combined company" names none
    ("Example co-founded Halden in 2009. Example became deputy CEO of the combined company.",
     []),
])
def test_the_combined_company_after_an_acquisition(body: str, expected: list) -> None:
    assert roles(person(body)) == expected
