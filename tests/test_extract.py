"""The claim extractor: the exact claims it proposes for the seed page and dev pages, and the
sentences it must not read as claims (comparisons, hedges, others' roles, interpretation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spiralld.config import load_config
from spiralld.corpus import load_corpus
from spiralld.dates import PartialDate
from spiralld.entities import load_entities
from spiralld.extract import Extraction, KnownNames, NewStub, Subject, extract_claims
from spiralld.extract.sentences import split
from spiralld.importer import guess_type, page_sources
from spiralld.pages import parse_page, read_page_text
from spiralld.profiles import AuthorshipClaim, Evidence, FoundingClaim, RoleClaim

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
        RoleClaim("Baidu", None, "affiliation", None, None, (), 8, reviewed=False,
                  evidence=Evidence(8, "He worked at Baidu with Andrew Ng on speech recognition.",
                                    "Research Career", "role/works-at")),
        RoleClaim("Stanford", "postdoctoral researcher", "affiliation", None, None, (), 8,
                  reviewed=False, evidence=Evidence(
                      8, "Amodei was a postdoctoral researcher at Stanford after a PhD in "
                      "biophysics at Princeton University.", "Research Career", "role/holds")),
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
        ("Stanford Artificial Intelligence Lab", "director", None, None, 7),
        ("Stanford University", "professor", None, None, 7),
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
        FoundingClaim("AI Fund", "founder", (), year(2017), (), 13, reviewed=False,
                      evidence=Evidence(13, "In 2017 Ng founded DeepLearning.AI and the venture "
                                        "studio AI Fund.", "Later Ventures",
                                        "founding/founded")),
        FoundingClaim("DeepLearning.AI", "founder", (), year(2017), ("deeplearning-ai-2026",),
                      13, reviewed=False, evidence=Evidence(
                          13, "In 2017 Ng founded DeepLearning.AI and the venture studio AI "
                          "Fund.", "Later Ventures", "founding/founded")),
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
