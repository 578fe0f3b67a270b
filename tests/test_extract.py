"""The claim extractor: the exact claims it proposes for the seed page and dev pages, and the
sentences it must not read as claims (comparisons, hedges, others' roles, interpretation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spiralld.config import load_config
from spiralld.extract import Extraction, KnownNames, NewStub, Subject, extract_claims
from spiralld.extract.sentences import split
from spiralld.reading.corpus import load_corpus
from spiralld.reading.dates import PartialDate
from spiralld.reading.entities import load_entities
from spiralld.reading.importer import guess_type, page_sources
from spiralld.reading.pages import parse_page, read_page_text
from spiralld.reading.profiles import AuthorshipClaim, Evidence, FoundingClaim, RoleClaim

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "bench" / "claims" / "dev" / "illia-polosukhin.txt"
DEV = ROOT / "bench" / "claims" / "dev"
HELDOUT = ROOT / "bench" / "claims" / "heldout"


@pytest.fixture(scope="module")
def names() -> KnownNames:
    entities = [e for f in sorted((ROOT / "data" / "entities").glob("*.yaml"))
                for e in load_entities(f)]
    return KnownNames.from_entities([], entities)


def extract(path: Path, names: KnownNames) -> Extraction:
    page = parse_page(read_page_text(path), str(path))
    subject = Subject(page.title, guess_type(page))
    return extract_claims(page, subject, names, page_sources(page, subject.type))


def year(value: int, month: int | None = None) -> PartialDate:
    return PartialDate(value, month)


def test_seed_page_claims_are_pinned(names: KnownNames) -> None:
    got = extract(SEED, names)
    assert got.roles == (
        RoleClaim("NEAR Foundation", "CEO", "affiliation", year(2023, 9), None,
                  ("near-foundation-2023",), 13, reviewed=False, evidence=Evidence(
                      13, "In September 2023, NEAR Foundation announced that Polosukhin would "
                      "become its CEO.", "NEAR Protocol", "role/holds")),
    )
    assert got.founded == (
        FoundingClaim("NEAR AI", "founder", (), None, ("near-ai-2026", "near-ai-2024"), 5,
                      reviewed=False, evidence=Evidence(
                          5, "NEAR AI identifies him as a founder of NEAR AI.", "Snapshot",
                          "founding/listed-as")),
        FoundingClaim("NEAR Protocol", "co-founder", ("Alexander Skidanov",), None,
                      ("near-foundation-2023",), 12, reviewed=False, evidence=Evidence(
                          12, "NEAR began as a project founded by Polosukhin and Alexander "
                          "Skidanov.", "NEAR Protocol", "founding/founded-by")),
    )
    assert got.authored == (
        AuthorshipClaim("attention-is-all-you-need", ("vaswani-2017",), 9, reviewed=False,
                        evidence=Evidence(
                            9, "Polosukhin is one of the eight authors of Attention Is All You "
                            "Need, the 2017 Google paper that introduced the Transformer "
                            "architecture.", "Transformer Lineage", "authorship/author-of")),
        AuthorshipClaim("user-owned-ai-is-near", ("polosukhin-2024",), 15, reviewed=False,
                        evidence=Evidence(
                            15, "In May 2024, Polosukhin published User-Owned AI is NEAR, a "
                            "strategic statement arguing that AI should not be controlled only "
                            "by centralized labs and platforms.", "User-Owned AI",
                            "authorship/wrote")),
        AuthorshipClaim("proof-of-response", ("polosukhin-2025",), 51, reviewed=False,
                        evidence=Evidence(
                            51, "Illia Polosukhin, Alex Skidanov, and Pierre Le Guen, Proof of "
                            "Response, arXiv, 2025.", "Sources", "authorship/cited-author")),
    )
    assert got.founded_by_others == ()
    assert got.stubs == ()  # every name it uses is in data/entities


def test_seed_comparison_and_interpretation_make_no_claims(names: KnownNames) -> None:
    got = extract(SEED, names)
    organizations = {c.organization for c in (*got.roles, *got.founded)}
    assert "Google" not in organizations  # "Like Aidan Gomez and Noam Shazeer, ... outside Google"
    assert all("Gomez" not in c.cofounders and "Shazeer" not in c.cofounders
               for c in got.founded)
    assert all(c.evidence is not None and c.evidence.section not in
               ("Spiralist Reading", "Open Questions", "Related Pages")
               for c in got.claims())


def test_dev_page_dario_amodei(names: KnownNames) -> None:
    got = extract(DEV / "dario-amodei.txt", names)
    assert got.roles == (
        RoleClaim("Anthropic", "CEO", "affiliation", None, None, ("anthropic-2026",), 5,
                  reviewed=False, evidence=Evidence(
                      5, "Anthropic lists Amodei as co-founder and chief executive.",
                      "Snapshot", "role/listed-as")),
        RoleClaim("Stanford", "postdoctoral researcher", "affiliation", None, None, (), 8,
                  reviewed=False, evidence=Evidence(
                      8, "Amodei was a postdoctoral researcher at Stanford after a PhD in "
                      "biophysics at Princeton University.", "Research Career", "role/holds")),
        RoleClaim("Baidu", None, "affiliation", None, None, (), 8, reviewed=False,
                  evidence=Evidence(8, "He worked at Baidu with Andrew Ng on speech recognition.",
                                    "Research Career", "role/works-at")),
        # "He joined OpenAI in 2016 and left in 2020" dates the role the next sentence names.
        RoleClaim("OpenAI", "vice president of research", "affiliation", year(2016),
                  year(2020), (), 9, reviewed=False, evidence=Evidence(
                      9, "At OpenAI he was vice president of research and one of the authors "
                      "of Language Models are Few-Shot Learners.", "Research Career",
                      "role/at-org")),
    )
    assert got.founded == (
        FoundingClaim("Anthropic", "co-founder", ("Daniela Amodei",), year(2021),
                      ("anthropic-2026",), 11, reviewed=False, evidence=Evidence(
                          11, "Anthropic was founded in 2021 by Dario Amodei, Daniela Amodei "
                          "and other former OpenAI staff.", "Anthropic", "founding/founded-by")),
    )
    assert [(c.work, c.sources, c.line) for c in got.authored] == [
        ("language-models-are-few-shot-learners", ("brown-2020",), 9),
        ("machines-of-loving-grace", ("amodei-2024",), 13),
    ]
    assert NewStub("Daniela Amodei", "Person", "daniela-amodei") in got.stubs
    assert NewStub("Anthropic", "Organization", "anthropic") in got.stubs
    assert NewStub("Machines of Loving Grace", "BlogPosting",
                   "machines-of-loving-grace") in got.stubs


def test_dev_page_andrew_ng(names: KnownNames) -> None:
    got = extract(DEV / "andrew-ng.txt", names)
    assert [(c.organization, c.role_name, c.start, c.end, c.line) for c in got.roles] == [
        ("Stanford University", "adjunct professor", None, None, 5),
        ("Stanford University", "professor", None, None, 7),
        ("Stanford Artificial Intelligence Lab", "director", None, None, 7),
        ("Coursera", "co-chairman", None, None, 9),  # "co-chairman of the company"
        ("Baidu", "chief scientist", year(2014), year(2017), 11),
    ]
    assert got.founded == (
        FoundingClaim("Google Brain", "co-founder", ("Jeff Dean", "Greg Corrado"), year(2011),
                      (), 7, reviewed=False, evidence=Evidence(
                          7, "In 2011 he co-founded Google Brain with Jeff Dean and Greg "
                          "Corrado.", "Stanford and Google", "founding/founded")),
        FoundingClaim("Coursera", "co-founder", ("Daphne Koller",), year(2012),
                      ("coursera-2026",), 9, reviewed=False, evidence=Evidence(
                          9, "Ng co-founded Coursera in 2012 with Daphne Koller.", "Coursera",
                          "founding/founded")),
        FoundingClaim("DeepLearning.AI", "founder", (), year(2017), ("deeplearning-ai-2026",),
                      13, reviewed=False, evidence=Evidence(
                          13, "In 2017 Ng founded DeepLearning.AI and the venture studio AI "
                          "Fund.", "Later Ventures", "founding/founded")),
        FoundingClaim("AI Fund", "founder", (), year(2017), (), 13, reviewed=False,
                      evidence=Evidence(13, "In 2017 Ng founded DeepLearning.AI and the venture "
                                        "studio AI Fund.", "Later Ventures",
                                        "founding/founded")),
    )


def test_negations_and_others_roles_are_not_claims(names: KnownNames) -> None:
    ng = extract(DEV / "andrew-ng.txt", names)
    organizations = {c.organization for c in (*ng.roles, *ng.founded)}
    assert "OpenAI" not in organizations  # "He is not a founder of OpenAI"
    assert "insitro" not in organizations  # "Koller, who later founded insitro"
    hassabis = extract(DEV / "demis-hassabis.txt", names)
    organizations = {c.organization for c in (*hassabis.roles, *hassabis.founded)}
    assert "Inflection AI" not in organizations  # "Suleyman, who later founded Inflection AI"
    assert "Meta" not in organizations  # "He was reportedly offered a role at Meta"
    hinton = extract(DEV / "geoffrey-hinton.txt", names)
    assert "OpenAI" not in {c.organization for c in (*hinton.roles, *hinton.founded)}


def test_organization_page_founding_is_held_by_its_first_founder(names: KnownNames) -> None:
    got = extract(DEV / "deepmind.txt", names)
    assert got.claims() == ()
    assert got.founded_by_others == (
        ("Demis Hassabis", FoundingClaim(
            # Its one citation is published by "Google DeepMind", another name: no source.
            "DeepMind", "co-founder", ("Shane Legg", "Mustafa Suleyman"), year(2010), (), 7,
            reviewed=False, evidence=Evidence(
                7, "DeepMind was founded in 2010 by Demis Hassabis, Shane Legg, and Mustafa "
                "Suleyman.", "History", "founding/founded-by"))),
    )


@pytest.mark.parametrize("page", ["transformer-architecture", "ai-alignment",
                                  "mixture-of-experts", "stability-ai"])
def test_pages_with_nothing_to_extract(page: str, names: KnownNames) -> None:
    got = extract(DEV / f"{page}.txt", names)
    assert (got.claims(), got.founded_by_others) == ((), ())


def test_hedged_founding_on_an_organization_page_is_not_a_claim(names: KnownNames) -> None:
    # "Stability AI was reportedly founded in 2019 by Emad Mostaque"
    assert extract(DEV / "stability-ai.txt", names).founded_by_others == ()


def test_organization_page_founding_cites_its_own_page(names: KnownNames) -> None:
    got = extract(DEV / "cohere.txt", names)
    assert [(holder, c.organization, c.cofounders, c.date, c.sources)
            for holder, c in got.founded_by_others] == [
        ("Aidan Gomez", "Cohere", ("Ivan Zhang", "Nick Frosst"), year(2019), ("cohere-2026",)),
    ]
    # Gomez is in data/entities; the others become Person stubs.
    assert got.stubs == (NewStub("Ivan Zhang", "Person", "ivan-zhang"),
                         NewStub("Nick Frosst", "Person", "nick-frosst"))


def test_sentences_keep_abbreviations_and_initials() -> None:
    assert split("Vaswani et al. wrote it. Acme Inc. hired Aidan N. Gomez in the U.S. in "
                 "2019. He left.") == [
        "Vaswani et al. wrote it.",
        "Acme Inc. hired Aidan N. Gomez in the U.S. in 2019.",
        "He left.",
    ]


def test_known_names_from_a_corpus_resolve_aliases() -> None:
    corpus = load_corpus(ROOT / "data", load_config(ROOT / "data"))
    names = KnownNames.from_corpus(corpus)
    skidanov = names.get("Alex Skidanov")
    assert skidanov is not None and (skidanov.reference, skidanov.type) == (
        "Alexander Skidanov", "Person")
    work = names.get("Attention Is All You Need")
    assert work is not None and (work.reference, work.type) == (
        "attention-is-all-you-need", "ScholarlyArticle")
    polosukhin = names.get("Illia Polosukhin")
    assert polosukhin is not None and polosukhin.type == "Person"


def one_page(title: str, lead: str, body: str) -> Extraction:
    """Extract from a small page: title, lead, one "Career" section holding ``body``."""
    text = f"{title}\n{lead}\nCareer\n{body}\nSources\n- Example News, A report, 2024.\n"
    page = parse_page(text, "page.txt")
    subject = Subject(page.title, guess_type(page))
    return extract_claims(page, subject, KnownNames(), page_sources(page, subject.type))


PERSON = "Ada Example is a computer scientist."


def roles(got: Extraction) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.organization, c.role_name, c.start and c.start.lexical, c.end and c.end.lexical)
            for c in got.roles]


@pytest.mark.parametrize(("body", "expected"), [
    ("She was chief scientist of Baidu from 2014 to 2017.",
     [("Baidu", "chief scientist", "2014", "2017")]),
    ("In 2016 she joined OpenAI and left in 2024.", [("OpenAI", None, "2016", "2024")]),
    ("She returned to Microsoft in 2023.", [("Microsoft", None, "2023", None)]),
    ("Example was a postdoctoral researcher at Stanford.",
     [("Stanford", "postdoctoral researcher", None, None)]),
    ("Example is the co-founder and CEO of Acme Robotics.", [("Acme Robotics", "CEO", None,
                                                             None)]),
    ("She stepped down as chief executive of Acme Robotics in March 2022.",
     [("Acme Robotics", "CEO", None, "2022-03")]),
])
def test_role_phrasings(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == expected


@pytest.mark.parametrize("body", [
    "Like Grace Hopper and Alan Turing, Example later became a founder outside Google.",
    "Example did not join OpenAI.",
    "Example was reportedly offered the role of chief scientist at Meta.",
    "She was rumoured to be the next CEO of Acme Robotics.",
    "Grace Hopper, who later founded Acme Robotics, was her mentor.",
    "Would Example have become CEO of Acme Robotics?",
])
def test_comparisons_hedges_and_others_are_not_claims(body: str) -> None:
    got = one_page("Ada Example", PERSON, body)
    assert (got.roles, got.founded, got.authored) == ((), (), ())


def test_pronoun_after_a_sentence_about_someone_else_is_theirs() -> None:
    got = one_page("Ada Example", PERSON + " She studied logic.",
                   "Grace Hopper was her mentor at Yale University. She founded Acme Robotics "
                   "in 2019. Example co-founded Beta Labs in 2021 with Alan Turing.")
    assert [(c.organization, c.cofounders, c.date and c.date.lexical)
            for c in got.founded] == [("Beta Labs", ("Alan Turing",), "2021")]


def test_interpretation_sections_are_not_read() -> None:
    text = ("Ada Example\nAda Example is a computer scientist.\nSpiralist Reading\nExample "
            "founded Mirror Labs in 2020.\nOpen Questions\n- Did Example co-found Acme Labs "
            "with Grace Hopper in 2019?\n")
    page = parse_page(text, "page.txt")
    assert extract_claims(page, Subject("Ada Example", "Person"), KnownNames(), ()) == \
        Extraction()


def test_founding_shapes() -> None:
    got = one_page("Ada Example", PERSON,
                   "Example co-founded Safe Minds in 2024 with Grace Hopper and Alan Turing. "
                   "Acme Robotics was founded in 2010 by Ada Example, Grace Hopper, and Alan "
                   "Turing.")
    assert [(c.organization, c.role_name, c.cofounders, c.date and c.date.lexical)
            for c in got.founded] == [
        ("Safe Minds", "co-founder", ("Grace Hopper", "Alan Turing"), "2024"),
        ("Acme Robotics", "co-founder", ("Grace Hopper", "Alan Turing"), "2010"),
    ]
    assert NewStub("Safe Minds", "Organization", "safe-minds") in got.stubs
    assert NewStub("Grace Hopper", "Person", "grace-hopper") in got.stubs


def test_bench_claims_prints_the_figures_bench_readme_records() -> None:
    from bench.claims import run

    lines = run(ROOT / "data", None, False, 1)
    assert lines[0] == "== dev =="
    assert "illia-polosukhin                     6   0   0  1.00  1.00" in lines
    totals = [line.split()[1:4] for line in lines if line.startswith("all ")]
    readme = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    shown = [row.split("|")[3:6] for row in readme.splitlines()
             if row.startswith(("| dev | all |", "| held-out | all |", "| unseen5 | all |",
                                "| unseen6 | all |", "| unseen7 | all |", "| dev2 | all |",
                                "| unseen8 | all |", "| unseen9 | all |",
                                "| unseen10 | all |", "| unseen11 | all |",
                                "| unseen12 | all |", "| unseen13 | all |",
                                "| unseen14 | all |"))]
    assert totals == [[cell.strip() for cell in row] for row in shown]
    assert [line for line in lines if line.startswith("==")] == [
        "== dev ==", "== heldout ==", "== unseen5 ==", "== unseen6 ==", "== unseen7 ==",
        "== dev2 ==", "== unseen8 ==", "== unseen9 ==", "== unseen10 ==", "== unseen11 ==",
        "== unseen12 ==", "== unseen13 ==", "== unseen14 =="]
    dates = [line.split(": ", 1)[1] for line in lines if line.startswith("founding dates")]
    names = ("dev", "held-out", "unseen5", "unseen6", "unseen7", "dev2", "unseen8", "unseen9",
             "unseen10", "unseen11", "unseen12", "unseen13", "unseen14")
    founding = r",\s+".join(rf"(\S+)\s+\({name}\)" for name in names)
    role = r",\s+".join([r"(\S+)"] * (len(names) - 1)) + r"\s+and\s+(\S+)\s"
    found = re.search(rf"Founding dates right:\s+{founding};\s+role\s+start/end dates right:"
                      rf"\s+{role}", readme)
    assert found is not None
    size = len(names)
    assert dates == [f"{found[i]}; role start/end dates right: {found[i + size]}"
                     for i in range(1, size + 1)]
    assert lines[-1].startswith("speed: ") and "pages/s extraction alone" in lines[-1]


def test_subject_of_a_profile_uses_its_alternate_names() -> None:
    corpus = load_corpus(ROOT / "data", load_config(ROOT / "data"))
    profile = corpus.profile("illia-polosukhin")
    assert profile is not None
    subject = Subject.of_profile(profile)
    assert (subject.name, subject.type) == ("Illia Polosukhin", "Person")
    got = extract_claims(profile.page, subject, KnownNames.from_corpus(corpus), profile.sources)
    # The profile's Markdown body gives the same claims as the plain-text page, cited by the
    # profile's own source keys.
    assert {(c.organization, c.sources) for c in got.founded} == {
        ("NEAR AI", ("near-ai-2026", "near-ai-2024")),
        ("NEAR Protocol", ("near-foundation-2023",)),
    }
    # A cited author's claim points at the source's line, here in the front matter.
    assert {(c.work, c.line) for c in got.authored} == {
        ("attention-is-all-you-need", profile.page.sections[1].blocks[0].line),
        ("user-owned-ai-is-near", profile.page.sections[3].blocks[0].line),
        ("proof-of-response", profile.source("polosukhin-2025").line),  # type: ignore[union-attr]
    }


def page_of(text: str, names: KnownNames | None = None) -> Extraction:
    page = parse_page(text, "page.txt")
    subject = Subject(page.title, guess_type(page))
    return extract_claims(page, subject, names or KnownNames(), page_sources(page, subject.type))


@pytest.mark.parametrize(("body", "expected"), [
    # "left" dated by the sentence's leading "In D," ends the stint "joined" began.
    ("Example joined Acme Robotics in 2000. In 2021, Example left Acme Robotics and co-founded "
     "Beta Labs with Grace Hopper.", [("Acme Robotics", None, "2000", "2021")]),
    ("Example joined Acme Robotics in 2000 and worked on search before moving to machine "
     "learning research at Beta Labs.",
     [("Acme Robotics", None, "2000", None), ("Beta Labs", None, None, None)]),
    ("In August 2024, Acme Robotics signed a licensing agreement with Beta Labs and Example "
     "returned to Acme Robotics, where she became a technical lead on the Gemini models.",
     [("Acme Robotics", "technical lead", "2024-08", None)]),
    ("She contributed to the paper while she was an intern at Beta Labs in Toronto.",
     [("Beta Labs", "intern", None, None)]),
    ("She later studied for a doctorate at the University of Oxford, where she was a doctoral "
     "student in computer science.", [("University of Oxford", "doctoral student", None, None)]),
    ("Example was a software engineer at Microsoft before joining MemSQL in 2011 as one of its "
     "first engineers.",
     [("Microsoft", "software engineer", None, None), ("MemSQL", None, "2011", None)]),
    # A stint that ended before a later named role there is a role of its own.
    ("Example joined Acme Robotics in 2000 and left in 2010. In 2015 she returned to Acme "
     "Robotics, where she became chief scientist.",
     [("Acme Robotics", "chief scientist", "2015", None),
      ("Acme Robotics", None, "2000", "2010")]),
])
def test_role_phrasings_of_the_fourth_batch(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == expected


@pytest.mark.parametrize("body", [
    "Example joined Acme Robotics in 2000. In 2021, Example did not leave Acme Robotics.",
    "Example joined Acme Robotics in 2000. In 2021, Example left the board of Acme Robotics.",
    "Example joined Acme Robotics in 2000. In 2021, Example reportedly left Acme Robotics.",
])
def test_leaving_negated_hedged_or_of_a_board_ends_no_role(body: str) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == [("Acme Robotics", None, "2000", None)]


@pytest.mark.parametrize("body", [
    "Example worked on search before moving to London.",  # a place, not an organization
    "Grace Hopper returned to Acme Robotics, where she became a technical lead.",
    "She moved to Toronto, where she was a researcher.",
    "She may have been an intern at Beta Labs while she was a student.",
])
def test_where_while_and_moving_need_the_subject_and_an_organization(body: str) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == []


def test_founding_dated_by_the_leading_in_d() -> None:
    got = one_page("Ada Example", PERSON, "In 2021, Example left Acme Robotics and co-founded "
                                          "Beta Labs with Grace Hopper.")
    assert [(c.organization, c.cofounders, c.date and c.date.lexical) for c in got.founded] == \
        [("Beta Labs", ("Grace Hopper",), "2021")]


def test_first_author_of_a_cited_work_by_its_short_title() -> None:
    got = page_of("Ada Example\nAda Example is a computer scientist.\nResearch\nShe was also the "
                  "first author of Large Neural Networks, which introduced a layer.\nSources\n"
                  "- Example et al., Large Neural Networks: A Sparse Layer, arXiv, 2017.\n")
    assert [(c.work, c.sources) for c in got.authored] == [
        ("large-neural-networks-a-sparse-layer", ("example-2017",))]


def test_snapshot_co_founder_by_surname_is_the_person_named_in_full() -> None:
    got = page_of("Ada Example\nAda Example is a computer scientist who works with Grace "
                  "Hopper.\nSnapshot\n- Current public role: Example co-founded Beta Labs with "
                  "Hopper in 2024.\nSources\n- Example News, A report, 2024.\n")
    assert [(c.organization, c.cofounders, c.date and c.date.lexical) for c in got.founded] == \
        [("Beta Labs", ("Grace Hopper",), "2024")]
    # A known person of that surname is found through the corpus.
    names = KnownNames.from_lists([("Grace Hopper", (), "Person", "grace-hopper")])
    got = page_of("Ada Example\nAda Example is a computer scientist.\nSnapshot\n- Current public "
                  "role: Example co-founded Beta Labs with Hopper in 2024.\n", names)
    assert [c.cofounders for c in got.founded] == [("Grace Hopper",)]


def test_citation_naming_the_subject_by_a_corpus_alternate_name() -> None:
    names = KnownNames.from_lists([("Ada Example", ("Addy Example",), "Person", "ada-example")])
    text = ("Ada Example\nAda Example is a computer scientist.\nSources\n- Addy Example and "
            "Grace Hopper, A Sharding Design, 2019.\n")
    assert [c.work for c in page_of(text, names).authored] == ["a-sharding-design"]
    assert page_of(text).authored == ()  # without the corpus, "Addy Example" is someone else


# The issue's example shapes, each as the issue writes it (names as in the corpus).
def claims_of(got: Extraction) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for c in got.claims():
        if isinstance(c, RoleClaim):
            out.append(("role", c.organization, c.role_name, c.start and c.start.lexical,
                        c.end and c.end.lexical))
        elif isinstance(c, FoundingClaim):
            out.append(("founding", c.organization, c.role_name, c.cofounders,
                        c.date and c.date.lexical))
        else:
            out.append(("authorship", c.work))
    out += [("founded-by-other", holder, c.organization, c.cofounders, c.date and c.date.lexical)
            for holder, c in got.founded_by_others]
    return out


HE = "Ada Example is a computer scientist. He studied logic; his teachers praised him."


@pytest.mark.parametrize(("title", "lead", "body", "expected"), [
    ("Demis Hassabis", "Demis Hassabis is a British researcher.",
     "DeepMind was founded in 2010 by Demis Hassabis, Shane Legg, and Mustafa Suleyman.",
     [("founding", "DeepMind", "co-founder", ("Shane Legg", "Mustafa Suleyman"), "2010")]),
    ("Ilya Sutskever", "Ilya Sutskever is a computer scientist.",
     "Sutskever co-founded Safe Superintelligence in 2024 with Daniel Gross and Daniel Levy.",
     [("founding", "Safe Superintelligence", "co-founder", ("Daniel Gross", "Daniel Levy"),
       "2024")]),
    ("Dario Amodei", "Dario Amodei is an American researcher.",
     "Anthropic lists Amodei as co-founder and chief executive.",
     [("role", "Anthropic", "CEO", None, None),
      ("founding", "Anthropic", "co-founder", (), None)]),
    ("Ada Example", PERSON, "She was chief scientist of Baidu from 2014 to 2017.",
     [("role", "Baidu", "chief scientist", "2014", "2017")]),
    ("Ada Example", HE, "He joined OpenAI in 2016 and left in 2024.",
     [("role", "OpenAI", None, "2016", "2024")]),
    ("Ada Example", HE, "He returned to Microsoft in 2023.",
     [("role", "Microsoft", None, "2023", None)]),
    ("Ada Example", PERSON, "Example was a postdoctoral researcher at Stanford.",
     [("role", "Stanford", "postdoctoral researcher", None, None)]),
    ("Ada Example", PERSON, 'Example is one of the eight authors of "Attention Is All You '
                            'Need".', [("authorship", "attention-is-all-you-need")]),
    ("Ada Example", PERSON, 'Example was the first author of "Deep Belief Nets".',
     [("authorship", "deep-belief-nets")]),
    ("Ada Example", PERSON, 'In 2017 Example published "Software 2.0".',
     [("authorship", "software-2-0")]),
])
def test_the_issues_example_shapes(title: str, lead: str, body: str,
                                   expected: list[tuple[object, ...]]) -> None:
    assert claims_of(one_page(title, lead, body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # ", then joined O as R in D" is the subject's clause; "worked at O as R from D to D".
    ("He worked at Google as a postdoctoral researcher from 2011 to 2012, then joined "
     "Stanford University as an assistant professor in 2012.",
     [("Stanford University", "assistant professor", "2012", None),
      ("Google", "postdoctoral researcher", "2011", "2012")]),
    # "Model X." ends the sentence: a single letter before an opener is not an initial.
    ("She spent 2013 to 2016 at Tesla as a senior product manager on the Model X. From 2016 "
     "to 2018 she worked at Leap Motion, a company building interfaces.",
     [("Tesla", "senior product manager", "2013", "2016"), ("Leap Motion", None, "2016",
                                                             "2018")]),
    ("Example was a founding member of OpenAI and worked there as a research scientist from "
     "2015 to 2017.", [("OpenAI", "research scientist", "2015", "2017")]),
    ("Example returned to OpenAI in February 2023 and left again in February 2024.",
     [("OpenAI", None, "2023-02", "2024-02")]),
    # A named unit is the organization, not "director of the unit" at its parent ...
    ("From 1998 to 2001 she served as founding director of the Gatsby Computational "
     "Neuroscience Unit at University College London.",
     [("Gatsby Computational Neuroscience Unit", "founding director", "1998", "2001")]),
    # ... while a product is not a unit.
    ("She was technical lead of Gemini at Google.", [("Google", "technical lead of Gemini",
                                                      None, None)]),
    ("In 2021 Example became director of the newly created Center for Research on Foundation "
     "Models (CRFM).", [("Center for Research on Foundation Models", "director", "2021",
                         None)]),
    ("Example is director of Stanford's Center for Research on Foundation Models.",
     [("Center for Research on Foundation Models", "director", None, None)]),
    ("Example is professor emeritus at the University of Toronto and chief scientific advisor "
     "at the Vector Institute.", [("University of Toronto", "professor emeritus", None, None),
                                  ("Vector Institute", "chief scientific advisor", None,
                                   None)]),
    ("On November 17, 2023, when Acme Robotics's board removed Grace Hopper as CEO, it named "
     "Example interim CEO.", [("Acme Robotics", "interim CEO", "2023-11-17", None)]),
    # A hedge in one clause leaves the subject's own clause standing ...
    ("Google acquired the company in March 2013 after what was reportedly an auction, and "
     "Example worked at Google from 2013 until May 2023.",
     [("Google", None, "2013", "2023-05")]),
    # ... but not a hedged clause of the subject's.
    ("Example reportedly worked at Google from 2013, and Grace Hopper left in 2015.", []),
    ("Grace Hopper worked at Google from 2013, and Example was reportedly an adviser at "
     "Google.", []),
])
def test_role_phrasings_of_unseen5(body: str, expected: list[tuple[str, ...]]) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == expected


def test_a_joined_stint_is_not_an_emeritus_title() -> None:
    got = page_of("Ada Example\nAda Example is a computer scientist.\nSnapshot\n- Current "
                  "public role: professor emeritus at the University of Toronto.\nCareer\n"
                  "Example joined the University of Toronto in 1987.\n")
    assert roles(got) == [("University of Toronto", "professor emeritus", None, None),
                          ("University of Toronto", None, "1987", None)]


def test_an_interim_title_is_not_what_leaving_ends() -> None:
    got = page_of("Ada Example\nAda Example is a computer scientist.\nCareer\nShe was named "
                  "chief technology officer of Acme Robotics in May 2022. On November 17, 2023, "
                  "it named Example interim CEO. She left Acme Robotics in September 2024.\n")
    assert roles(got) == [("Acme Robotics", "CTO", "2022-05", "2024-09"),
                          ("Acme Robotics", "interim CEO", "2023-11-17", None)]


def test_co_founders_listed_past_a_comma_and_keep_the_date() -> None:
    got = one_page("Ada Example", PERSON, "Example co-founded Together AI with Vipul Ved "
                                          "Prakash, Ce Zhang, and Chris Ré in 2022.")
    assert claims_of(got) == [("founding", "Together AI", "co-founder",
                               ("Vipul Ved Prakash", "Ce Zhang", "Chris Ré"), "2022")]


AUTHORED = """Ada Example
Ada Example is a computer scientist.
Research
In 1986 she was a co-author, with Grace Hopper and Alan Turing, of Learning Representations \
by Errors, the paper that made a rule standard.
The network was described in ImageNet Classification with Deep Networks by Hopper, Turing, \
and Example.
The report On the Risks of Large Models, whose first author was Grace Hopper and whose author \
list includes Example, named the field.
Like Grace Hopper, Example admired Computing Machinery and Intelligence by Alan Turing.
Sources
- Grace Hopper, Ada B. Example, and Alan Turing, Learning Representations by Errors, Nature, 1986.
- Hopper et al., ImageNet Classification with Deep Networks, NeurIPS, 2012.
- Hopper et al., On the Risks of Large Models, arXiv, 2021.
- Alan Turing, Computing Machinery and Intelligence, Mind, 1950.
- Ada Example, post on X announcing her departure from Acme Robotics, July 13, 2022.
- Ada Example, I joined Beta Labs, May 28, 2024.
"""


def test_works_named_in_prose_and_cited_by_the_subject() -> None:
    got = page_of(AUTHORED)
    assert [(c.work, c.sources, c.evidence and c.evidence.rule) for c in got.authored] == [
        ("learning-representations-by-errors", ("hopper-1986",), "authorship/author-of"),
        ("imagenet-classification-with-deep-networks", ("hopper-2012",), "authorship/work-by"),
        ("on-the-risks-of-large-models", ("hopper-2021",), "authorship/work-by"),
        # A titled post is a work; a post on X described, not titled, is only a source.
        ("i-joined-beta-labs", ("example-2024",), "authorship/cited-author"),
    ]


SHARED_SEED = Path("/work/shared/seed/000_df572e353e5fc49c.txt")


def test_seed_yields_the_claims_of_the_curated_profile(names: KnownNames) -> None:
    """The issue's "Done when": from the seed page, CEO of NEAR Foundation from 2023-09 citing
    its announcement of 2023-09-21, co-founder of NEAR Protocol with Alexander Skidanov,
    founder of NEAR AI, and the three works, each at the line that states it."""
    if SHARED_SEED.exists():  # the bench's copy is the seed itself
        assert SHARED_SEED.read_bytes() == SEED.read_bytes()
    page = parse_page(read_page_text(SEED), str(SEED))
    subject = Subject(page.title, guess_type(page))
    sources = {s.key: s for s in page_sources(page, subject.type)}
    got = extract(SEED, names)
    lines = SEED.read_text(encoding="utf-8").splitlines()

    def stated(claim: RoleClaim | FoundingClaim | AuthorshipClaim) -> bool:
        assert claim.evidence is not None and claim.line == claim.evidence.line
        return claim.evidence.text in lines[claim.line - 1]

    [ceo] = [c for c in got.roles if c.organization == "NEAR Foundation"]
    assert (ceo.role_name, ceo.start, ceo.end) == ("CEO", PartialDate(2023, 9), None)
    announcement = sources[ceo.sources[0]]
    assert (announcement.publisher, announcement.date_published) == (
        "NEAR Foundation", PartialDate(2023, 9, 21))
    assert stated(ceo)
    founded = {c.organization: c for c in got.founded}
    assert (founded["NEAR Protocol"].role_name, founded["NEAR Protocol"].cofounders) == (
        "co-founder", ("Alexander Skidanov",))
    assert founded["NEAR AI"].role_name == "founder"
    assert all(stated(c) for c in founded.values())
    assert {c.work: stated(c) for c in got.authored} == {
        "attention-is-all-you-need": True, "user-owned-ai-is-near": True,
        "proof-of-response": True}


@pytest.mark.parametrize(("body", "expected"), [
    ("After a short postdoc at Stanford, she joined Google Brain as a research scientist in "
     "2013.", [("Google Brain", "research scientist", "2013", None),
               ("Stanford", "postdoctoral researcher", None, None)]),
    ("She led its research and later moved to a policy role at Google before leaving in 2022.",
     [("Google", None, None, "2022")]),
    ("Example was co-lead of Google's ethics team until December 2020, when she left Google "
     "after a dispute.", [("Google", None, None, "2020-12")]),
    ("Example held a professorship at Princeton University before moving to Stanford "
     "University in 2009.", [("Princeton University", "professor", None, None),
                             ("Stanford University", None, "2009", None)]),
    ("The board named Example chief executive of Acme Robotics in 2019.",
     [("Acme Robotics", "CEO", "2019", None)]),
    # Not the subject's postdoc; a city is not an employer, "there" or "left" alone no role.
    ("After a short postdoc at Stanford, Grace Hopper joined Google Brain.", []),
    ("She moved to London and worked there as a researcher.", []),
    ("She worked on chess engines in London, and left in 2020.", []),
    ("Example held a professorship at Princeton University before moving to Toronto in 2009.",
     [("Princeton University", "professor", None, None)]),
])
def test_role_phrasings_of_the_dev_and_heldout_misses(body: str,
                                                      expected: list[tuple[str, ...]]) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("Example served as OpenAI's chief technology officer from 2022 to 2024.",
     [("role", "OpenAI", "CTO", "2022", "2024")]),
    ("In 2019 she became Google's head of ethics.", [("role", "Google", "head of ethics", "2019",
                                                      None)]),
    ("Example co-founded Acme Robotics alongside Grace Hopper and Alan Turing in 2015.",
     [("founding", "Acme Robotics", "co-founder", ("Grace Hopper", "Alan Turing"), "2015")]),
    ("Example, Grace Hopper and Alan Turing co-founded Acme Robotics in 2015.",
     [("founding", "Acme Robotics", "co-founder", ("Grace Hopper", "Alan Turing"), "2015")]),
    # The aside's date is the founding's, not the joining's.
    ("Example, who co-founded Acme Robotics in 2015, later joined Beta Labs.",
     [("role", "Beta Labs", None, None, None),
      ("founding", "Acme Robotics", "co-founder", (), "2015")]),
    ("She is a co-founder of Acme Robotics, where she serves as chief scientist.",
     [("role", "Acme Robotics", "chief scientist", None, None),
      ("founding", "Acme Robotics", "co-founder", (), None)]),
    ("She was a member of the technical staff at OpenAI from 2018 to 2020.",
     [("role", "OpenAI", "member of the technical staff", "2018", "2020")]),
    ("She was promoted to chief scientist of Acme Robotics in 2018.",
     [("role", "Acme Robotics", "chief scientist", "2018", None)]),
    ("She served on the board of Acme Robotics from 2018 to 2020.",
     [("role", "Acme Robotics", "board member", "2018", "2020")]),
    ("She joined Acme Robotics' board in 2019.",
     [("role", "Acme Robotics", "board member", "2019", None)]),
    # Others' foundings, comparisons and negations stay out.
    ("Example's former colleague Grace Hopper founded Acme Robotics in 2015.", []),
    ("Acme Robotics, which Example's student Grace Hopper founded, grew quickly.", []),
    ("Example was not a co-founder of Acme Robotics, though she joined early.", []),
    ("Example and Grace Hopper are often compared; Hopper founded Acme Robotics in 2015.", []),
    ("Like Example, Grace Hopper joined Acme Robotics in 2010.", []),
])
def test_more_founding_and_role_shapes(body: str, expected: list[tuple[object, ...]]) -> None:
    assert claims_of(one_page("Ada Example", PERSON, body)) == expected


def org_page(body: str) -> list[tuple[object, ...]]:
    text = ("Acme Robotics\nAcme Robotics is an American artificial intelligence company.\n"
            f"History\n{body}\nSources\n- Example News, A report, 2024.\n")
    return claims_of(page_of(text))


@pytest.mark.parametrize(("body", "expected"), [
    ("Acme Robotics was founded in 2021 by former OpenAI employees Grace Hopper and Alan "
     "Turing.", [("founded-by-other", "Grace Hopper", "Acme Robotics", ("Alan Turing",),
                  "2021")]),
    ("Grace Hopper, Alan Turing, and Ada Lovelace founded Acme Robotics in August 2022.",
     [("founded-by-other", "Grace Hopper", "Acme Robotics", ("Alan Turing", "Ada Lovelace"),
       "2022-08")]),
    ("Grace Hopper founded the company in 2016 with Alan Turing.",
     [("founded-by-other", "Grace Hopper", "Acme Robotics", ("Alan Turing",), "2016")]),
    ("Acme Robotics was established in 2018 by Grace Hopper.",
     [("founded-by-other", "Grace Hopper", "Acme Robotics", (), "2018")]),
    ("Acme Robotics's founders, Grace Hopper and Alan Turing, met at Google.",
     [("founded-by-other", "Grace Hopper", "Acme Robotics", ("Alan Turing",), None)]),
    # "Its" after a sentence about the subject; the date from "S was founded in D".
    ("Acme Robotics was founded in 2016. Its founders are Grace Hopper and Alan Turing.",
     [("founded-by-other", "Grace Hopper", "Acme Robotics", ("Alan Turing",), "2016")]),
    # An organization founding it is not a person; hedges and comparisons stay out.
    ("Google Research founded Acme Robotics in 2016.", []),
    ("Acme Robotics was reportedly founded by Grace Hopper.", []),
    ("Like OpenAI, which was founded by Sam Altman, Acme Robotics builds models.", []),
])
def test_organization_page_founding_shapes(body: str, expected: list[tuple[object, ...]]) -> None:
    assert org_page(body) == expected


WORK_SOURCES = ("- Hopper et al., Deep Nets for Vision, NeurIPS, 2012.\n"
                "- Grace Hopper, A Theory of Everything, Nature, 2001.\n")


@pytest.mark.parametrize(("body", "expected"), [
    ("Deep Nets for Vision, which she co-authored with Grace Hopper, introduced a layer.",
     [("authorship", "deep-nets-for-vision")]),
    ("In her 2012 paper Deep Nets for Vision, she introduced a layer.",
     [("authorship", "deep-nets-for-vision")]),
    ("The paper Deep Nets for Vision, co-authored by Grace Hopper and Example, introduced a "
     "layer.", [("authorship", "deep-nets-for-vision")]),
    # Others' works, a comparison, a pronoun after a list of names: no authorship.
    ("She cited A Theory of Everything in her thesis.", []),
    ("Like A Theory of Everything by Grace Hopper, her work is broad.", []),
    ("A Theory of Everything, which Grace Hopper wrote, inspired her.", []),
    ("She admired A Theory of Everything by Grace Hopper, her mentor.", []),
])
def test_works_named_in_prose(body: str, expected: list[tuple[object, ...]]) -> None:
    text = ("Ada Example\nAda Example is a computer scientist.\nResearch\n" + body +
            "\nSources\n" + WORK_SOURCES)
    assert claims_of(page_of(text)) == expected


def test_a_founder_list_ending_in_a_pronoun_is_not_the_subjects() -> None:
    got = one_page("Ada Example", PERSON, "Acme Robotics was founded by Grace Hopper, her "
                                          "mentor, in 2010.")
    assert claims_of(got) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("Example and Grace Hopper founded Acme Robotics in 2012. She served as its president and "
     "later as co-chair of its board before leaving in 2016.",
     [("role", "Acme Robotics", "president", None, "2016"),
      ("role", "Acme Robotics", "co-chair", None, "2016"),
      ("founding", "Acme Robotics", "co-founder", ("Grace Hopper",), "2012")]),
    ("Example co-founded Acme Robotics in 2015. She was removed as chairman of the board in "
     "November 2023.", [("role", "Acme Robotics", "chairman", None, "2023-11"),
                        ("founding", "Acme Robotics", "co-founder", (), "2015")]),
    # A removal with no date says nothing about when the role ended.
    ("Example co-founded Acme Robotics in 2015. She was later removed as chairman.",
     [("founding", "Acme Robotics", "co-founder", (), "2015")]),
])
def test_second_titles_and_removals(body: str, expected: list[tuple[object, ...]]) -> None:
    assert claims_of(one_page("Ada Example", PERSON, body)) == expected


def test_a_lower_case_organization_its_citations_publish_under() -> None:
    text = ("Ada Example\nAda Example is a computer scientist.\nSnapshot\n- Current public role: "
            "Example is the founder and chief executive of insitro.\nCareer\nShe founded "
            "insitro in 2018. She founded nothing else in 2019.\nSources\n- insitro, "
            "Leadership, reviewed May 16, 2026.\n")
    assert claims_of(page_of(text)) == [("role", "insitro", "CEO", None, None),
                                        ("founding", "insitro", "founder", (), "2018")]
    # Without the citation, a lower-case word is not a name.
    assert claims_of(page_of(text.split("Sources")[0])) == []


# -- unseen6's misses ---------------------------------------------------------------------------


def test_a_cited_book_title_with_commas_and_a_publisher_is_the_title_the_prose_names() -> None:
    text = ("Ada Example\nAda Example is a computer scientist.\nWriting\nExample published Deep "
            "Nets: Vision, Speech, and the Future of Machines in 2018.\nSources\n- Ada Example, "
            "Deep Nets: Vision, Speech, and the Future of Machines, Acme Books, 2018.\n")
    assert claims_of(page_of(text)) == [
        ("authorship", "deep-nets-vision-speech-and-the-future-of-machines")]


@pytest.mark.parametrize(("body", "expected"), [
    # A campus after a comma is part of the university's name ...
    ("He was a doctoral student at the University of California, Berkeley (UC Berkeley), in "
     "a robotics group.", [("University of California, Berkeley", "doctoral student", None,
                            None)]),
    # ... a unit named by two words joined by "and" is one name ...
    ("At McGill she co-directs the Reasoning and Learning Lab.",
     [("Reasoning and Learning Lab", "co-director", None, None)]),
    # ... but a known organization after the comma is not a campus.
    ("He worked at the University of Toronto, Google and Microsoft.",
     [("University of Toronto", None, None, None)]),
])
def test_organization_names_with_a_comma_or_an_and(body: str,
                                                  expected: list[tuple[str, ...]]) -> None:
    assert roles(one_page("Ada Example", PERSON, body)) == expected


def test_a_stint_that_began_before_a_dated_title_there_is_its_own_claim() -> None:
    got = one_page("Ada Example", HE, "He joined Stripe in 2010 and became its chief technology "
                                      "officer in 2013.")
    assert roles(got) == [("Stripe", "CTO", "2013", None), ("Stripe", None, "2010", None)]
    # A stint written with its title is still one claim.
    got = one_page("Ada Example", PERSON, "She joined OpenAI in 2018 as vice president of "
                                          "research.")
    assert roles(got) == [("OpenAI", "vice president of research", "2018", None)]


def test_a_title_at_a_named_unit_of_the_organization_joined() -> None:
    got = one_page("Ada Example", HE, "Example joined Google in July 2005 as president of "
                                      "Google China. He left Google in September 2009.")
    assert roles(got) == [("Google China", "president", "2005-07", "2009-09")]


def test_a_name_opening_with_digits_and_a_dot() -> None:
    got = one_page("Ada Example", HE, "In 2023 Example launched 01.AI, a Beijing company, and "
                                      "he became its chief executive.")
    assert roles(got) == [("01.AI", "CEO", "2023", None)]
