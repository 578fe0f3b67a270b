"""The extractor's rules for the shapes the unseen9 pages showed, each pinned by sentences
written for this file in the house style (not copied from bench pages), with the sentences
each rule must leave alone."""

from __future__ import annotations

import pytest

from spiralld.extract import Extraction, KnownNames, Subject, extract_claims
from spiralld.reading.importer import guess_type, page_sources
from spiralld.reading.pages import parse_page

PERSON = "Ada Example is a computer scientist."
LAB = "Kestrel Labs is a research laboratory."
NO_SOURCES = "- Example News, A report, 2024."


def page(title: str, lead: str, body: str, snapshot: str = "") -> Extraction:
    """Extract from a small page: title, lead, an optional Snapshot, one "Career" section
    holding ``body``, and Sources."""
    text = f"{title}\n{lead}\n"
    if snapshot:
        text += f"Snapshot\n{snapshot}\n"
    text += f"Career\n{body}\nSources\n{NO_SOURCES}\n"
    parsed = parse_page(text, "page.txt")
    subject = Subject(parsed.title, guess_type(parsed))
    return extract_claims(parsed, subject, KnownNames(), page_sources(parsed, subject.type))


def person(body: str, lead: str = PERSON) -> Extraction:
    return page("Ada Example", lead, body)


def roles(got: Extraction) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.organization, c.role_name, c.start and c.start.lexical, c.end and c.end.lexical)
            for c in got.roles]


def foundings(got: Extraction) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(c.organization, c.cofounders, c.date and c.date.lexical) for c in got.founded]


def founded_by_others(got: Extraction) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    return [(h, c.organization, c.cofounders, c.date and c.date.lexical)
            for h, c in got.founded_by_others]


# -- Foundings told without "S founded O" ------------------------------------------------------

@pytest.mark.parametrize(("snapshot", "want"), [
    # The place after the founders is where it was founded, not one of them.
    ("- Founded: March 2011, by Ada Example at Harlow University.",
     [("Ada Example", "Kestrel Labs", (), "2011-03")]),
    ("- Founded: 1998, by Ada Example and Bo Sample in Leeds.",
     [("Ada Example", "Kestrel Labs", ("Bo Sample",), "1998")]),
    ("- Founded: 2004, by Ada Example inside the University of Harlow.",
     [("Ada Example", "Kestrel Labs", (), "2004")]),
    # No founder named: nothing.
    ("- Founded: 2004, in Leeds.", []),
])
def test_a_founded_bullet_names_its_founders_before_the_place(
        snapshot: str, want: list[tuple[str, ...]]) -> None:
    got = page("Kestrel Labs", LAB, "It works on robots.", snapshot)
    assert founded_by_others(got) == want


@pytest.mark.parametrize(("lead", "want"), [
    # A lead's "S is an X who co-founded O and its spin-off P".
    ("Ada Example is a Welsh engineer who co-founded Kestrel Labs and its spin-off Harrow, "
     "ran Harrow for years, and later taught at Leeds.",
     [("Kestrel Labs", (), None), ("Harrow", (), None)]),
    ("Ada Example is a computer scientist who founded Kestrel Labs in 2001.",
     [("Kestrel Labs", (), "2001")]),
    # Someone else's clause: not the subject's founding.
    ("Ada Example is a computer scientist who worked with the man who founded Kestrel Labs.", []),
])
def test_a_lead_who_founded(lead: str, want: list[tuple[str, ...]]) -> None:
    assert foundings(person("She writes.", lead)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "O, a start-up S co-founded with A": the appositive's own date only.
    ("Harrow, a start-up she co-founded with Bo Sample and Cy Tester, went public in 2022.",
     [("Harrow", ("Bo Sample", "Cy Tester"), None)]),
    ("Harrow, a consultancy she founded in 2009, was sold in 2015.", [("Harrow", (), "2009")]),
    # Someone else founded it.
    ("Harrow, a start-up Bo Sample co-founded, hired her in 2015.", []),
])
def test_an_appositive_founding(body: str, want: list[tuple[str, ...]]) -> None:
    assert foundings(person(body)) == want


@pytest.mark.parametrize(("body", "want"), [
    # "S and her colleague A started O": a founding with A.
    ("In 2003 she and her colleague Bo Sample started Harrow, a mapping service.",
     [("Harrow", ("Bo Sample",), "2003")]),
    ("In 2003 Example and Bo Sample founded Harrow.", [("Harrow", ("Bo Sample",), "2003")]),
    # Work, a month, a person: not foundings.
    ("In 2003 she and Bo Sample started work on the survey.", []),
    ("She and her colleague Bo Sample started March with a survey.", []),
])
def test_a_pair_starts_a_company(body: str, want: list[tuple[str, ...]]) -> None:
    assert foundings(person(body)) == want
