"""Citations from a page's Sources list parse into authors, title, venue, dates and a type."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spiralld.reading.citations import Citation, parse_citation
from spiralld.reading.dates import PartialDate

SEED = Path("/work/shared/seed/000_df572e353e5fc49c.txt")

# -- the seed page's Sources list, one test per form --------------------------------------------


def test_et_al_with_a_venue_is_a_scholarly_article() -> None:
    text = "Vaswani et al., Attention Is All You Need, arXiv, 2017."
    assert parse_citation(text) == Citation(
        text=text,
        authors=("Vaswani",),
        et_al=True,
        publisher=None,
        title="Attention Is All You Need",
        venue="arXiv",
        date_published=PartialDate(2017),
        date_reviewed=None,
        type="ScholarlyArticle",
    )
    assert parse_citation(text).date_published.datatype.endswith("#gYear")  # type: ignore[union-attr]


def test_an_organization_in_the_author_position_is_the_publisher() -> None:
    citation = parse_citation(
        "NEAR Foundation, NEAR co-founder joins the NEAR Foundation as CEO, September 21, 2023."
    )
    assert citation.publisher == "NEAR Foundation"
    assert citation.authors == ()
    assert citation.title == "NEAR co-founder joins the NEAR Foundation as CEO"
    assert citation.date_published == PartialDate(2023, 9, 21)
    assert citation.date_published.datatype.endswith("#date")
    assert citation.type == "WebPage"


def test_reviewed_is_an_access_date_not_a_publication_date() -> None:
    citation = parse_citation("NEAR AI, Who we are, reviewed May 16, 2026.")
    assert citation.publisher == "NEAR AI"
    assert citation.title == "Who we are"
    assert citation.date_reviewed == PartialDate(2026, 5, 16)
    assert citation.date_published is None
    assert citation.type == "WebPage"


def test_a_single_person_without_a_venue_writes_a_blog_post() -> None:
    citation = parse_citation("Illia Polosukhin, User-Owned AI is NEAR, May 22, 2024.")
    assert citation.authors == ("Illia Polosukhin",)
    assert citation.publisher is None
    assert citation.title == "User-Owned AI is NEAR"
    assert citation.date_published == PartialDate(2024, 5, 22)
    assert citation.type == "BlogPosting"


def test_a_news_outlet_publishes_a_news_article_and_the_title_keeps_its_full_stop() -> None:
    citation = parse_citation(
        "WIRED, He helped invent generative AI. Now he wants to save it, June 28, 2024."
    )
    assert citation.publisher == "WIRED"
    assert citation.title == "He helped invent generative AI. Now he wants to save it"
    assert citation.date_published == PartialDate(2024, 6, 28)
    assert citation.type == "NewsArticle"


def test_a_podcast_publisher_makes_a_podcast_episode() -> None:
    citation = parse_citation(
        "Stack Overflow Podcast, Attention isn't all we need; we need ownership too, July 8, 2025."
    )
    assert citation.publisher == "Stack Overflow Podcast"
    assert citation.title == "Attention isn't all we need; we need ownership too"
    assert citation.date_published == PartialDate(2025, 7, 8)
    assert citation.type == "PodcastEpisode"


def test_a_title_with_a_colon_stays_whole() -> None:
    citation = parse_citation(
        "NEAR AI, NEAR AI Assistant is in Alpha: User-Owned AI in Action, November 10, 2024."
    )
    assert citation.publisher == "NEAR AI"
    assert citation.title == "NEAR AI Assistant is in Alpha: User-Owned AI in Action"
    assert citation.date_published == PartialDate(2024, 11, 10)
    assert citation.type == "WebPage"


def test_a_b_and_c_are_three_authors_in_order() -> None:
    citation = parse_citation(
        "Illia Polosukhin, Alex Skidanov, and Pierre Le Guen, Proof of Response, arXiv, 2025."
    )
    assert citation.authors == ("Illia Polosukhin", "Alex Skidanov", "Pierre Le Guen")
    assert citation.et_al is False
    assert citation.title == "Proof of Response"
    assert citation.venue == "arXiv"
    assert citation.date_published == PartialDate(2025)
    assert citation.type == "ScholarlyArticle"


def test_every_citation_in_the_seed_page_parses_with_a_title_and_a_date() -> None:
    if not SEED.exists():
        pytest.skip("seed page not available")
    sources = SEED.read_text(encoding="utf-8").split("\nSources\n", 1)[1]
    lines = [line[2:] for line in sources.splitlines() if line.startswith("- ")]
    assert len(lines) == 8
    for line in lines:
        citation = parse_citation(line)
        assert citation.title
        assert citation.text == line
        assert (citation.date_published or citation.date_reviewed) is not None
        assert bool(citation.authors) != bool(citation.publisher)


# -- authors and titles --------------------------------------------------------------------------


def test_a_title_with_commas_is_not_split_into_authors() -> None:
    citation = parse_citation("Jane Doe, Reading, Writing, and Arithmetic, 2020.")
    assert citation.authors == ("Jane Doe",)
    assert citation.title == "Reading, Writing, and Arithmetic"
    assert citation.date_published == PartialDate(2020)
    assert citation.type == "BlogPosting"


def test_single_word_names_do_not_join_a_full_name_author_list() -> None:
    citation = parse_citation("Jane Doe, Reading, Writing, and Arithmetic, Penguin, 2020.")
    assert citation.authors == ("Jane Doe",)
    assert citation.title == "Reading, Writing, and Arithmetic, Penguin"


def test_the_author_run_always_leaves_a_title() -> None:
    citation = parse_citation("Doe, Reading, Writing, and Arithmetic, 2020.")
    assert citation.authors == ("Doe",)
    assert citation.title == "Reading, Writing, and Arithmetic"


def test_a_person_list_without_a_closing_and_is_one_author_and_a_title() -> None:
    citation = parse_citation("Jane Doe, John Roe, A Title, 2020.")
    assert citation.authors == ("Jane Doe",)
    assert citation.title == "John Roe, A Title"


def test_surname_lists_with_and() -> None:
    citation = parse_citation("Vaswani, Shazeer, and Parmar, Attention Is All You Need, 2017.")
    assert citation.authors == ("Vaswani", "Shazeer", "Parmar")
    assert citation.type == "ScholarlyArticle"


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Jane Doe and John Roe, A Title, 2020.", ("Jane Doe", "John Roe")),
        ("Jane Doe & John Roe, A Title, 2020.", ("Jane Doe", "John Roe")),
        ("Jane Doe, John Roe and Ann Poe, A Title, 2020.", ("Jane Doe", "John Roe", "Ann Poe")),
        ("Jane Doe, John Roe, & Ann Poe, A Title, 2020.", ("Jane Doe", "John Roe", "Ann Poe")),
    ],
)
def test_names_joined_by_and_are_people(text: str, authors: tuple[str, ...]) -> None:
    citation = parse_citation(text)
    assert citation.authors == authors
    assert citation.publisher is None
    assert citation.title == "A Title"
    assert citation.type == "ScholarlyArticle"


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Jane Doe, John Roe, et al., A Title, 2020.", ("Jane Doe", "John Roe")),
        ("Jane Doe, John Roe et al., A Title, 2020.", ("Jane Doe", "John Roe")),
        ("Doe et al, A Title, 2020.", ("Doe",)),
    ],
)
def test_et_al_closes_an_author_list(text: str, authors: tuple[str, ...]) -> None:
    citation = parse_citation(text)
    assert citation.authors == authors
    assert citation.et_al is True
    assert citation.title == "A Title"


@pytest.mark.parametrize(
    "name",
    ["J.R.R. Tolkien", "Jean-Luc Godard", "Conan O'Brien", "Vincent van Gogh", "Pierre Le Guen"],
)
def test_person_names_allow_initials_hyphens_apostrophes_and_particles(name: str) -> None:
    citation = parse_citation(f"{name}, Sunflowers, 1888.")
    assert citation.authors == (name,)
    assert citation.publisher is None


@pytest.mark.parametrize(
    "name",
    [
        "OpenAI",
        "Google DeepMind",
        "Anthropic",
        "Stanford University",
        "Allen Institute",
        "The Verge",
        "Time",
        "MIT",
        "the morning paper",
        "Five Big Words In A Row",
    ],
)
def test_organizations_and_non_names_are_publishers(name: str) -> None:
    citation = parse_citation(f"{name}, Some Announcement, 2024.")
    assert citation.publisher == name
    assert citation.authors == ()
    assert citation.title == "Some Announcement"


def test_a_citation_of_one_segment_is_all_title() -> None:
    citation = parse_citation("Attention Is All You Need, 2017.")
    assert citation.title == "Attention Is All You Need"
    assert citation.authors == ()
    assert citation.publisher is None
    assert citation.type == "WebPage"


def test_quotes_around_a_title_are_removed() -> None:
    assert parse_citation('Jane Doe, "On Quotes", 2020.').title == "On Quotes"
    assert parse_citation("Jane Doe, \u201cOn Quotes\u201d, 2020.").title == "On Quotes"


# -- venues and types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "venue",
    [
        "arXiv:1706.03762",
        "arXiv preprint arXiv:1706.03762",
        "NeurIPS 2017",
        "Nature",
        "Proceedings of ACL",
        "Journal of Machine Learning Research",
        "Physical Review Letters",
    ],
)
def test_known_venues(venue: str) -> None:
    citation = parse_citation(f"Jane Doe, A Result, {venue}, 2020.")
    assert citation.venue == venue
    assert citation.title == "A Result"
    assert citation.type == "ScholarlyArticle"


def test_an_unknown_last_segment_stays_in_the_title() -> None:
    citation = parse_citation("Jane Doe, A Result, Penguin Books, 2020.")
    assert citation.venue is None
    assert citation.title == "A Result, Penguin Books"


def test_a_news_outlet_after_the_title_is_the_publisher() -> None:
    citation = parse_citation("Steven Levy, The Transformer Authors, WIRED, 2024.")
    assert citation.authors == ("Steven Levy",)
    assert citation.publisher == "WIRED"
    assert citation.title == "The Transformer Authors"
    assert citation.type == "NewsArticle"


def test_an_episode_title_makes_a_podcast_episode() -> None:
    citation = parse_citation("Lex Fridman, Episode 101: Attention, 2023.")
    assert citation.type == "PodcastEpisode"


@pytest.mark.parametrize(("text", "title", "school"), [
    ("Ada Lind, Efficient Memory-based Learning for Robot Control, PhD thesis, University of "
     "Cambridge, 1991.", "Efficient Memory-based Learning for Robot Control",
     "University of Cambridge"),
    ("Bo Hale, Games of Chance, doctoral dissertation, Carnegie Mellon University, 2020.",
     "Games of Chance", "Carnegie Mellon University"),
])
def test_a_thesis_has_its_title_and_its_institution(text: str, title: str, school: str) -> None:
    citation = parse_citation(text)
    assert (citation.title, citation.publisher, citation.type) == (title, school, "Thesis")


def test_the_word_thesis_in_a_title_makes_no_thesis() -> None:
    citation = parse_citation("Ada Lind, A Thesis on Theses, 2020.")
    assert (citation.title, citation.type) == ("A Thesis on Theses", "BlogPosting")


# -- dates -------------------------------------------------------------------------------------


def test_a_citation_without_a_date_is_allowed() -> None:
    citation = parse_citation("NEAR AI, Who we are.")
    assert citation.title == "Who we are"
    assert citation.date_published is None
    assert citation.date_reviewed is None


def test_a_publication_date_before_a_review_date_is_kept() -> None:
    citation = parse_citation("NEAR AI, Who we are, May 2024, accessed 2026-05-16.")
    assert citation.title == "Who we are"
    assert citation.date_published == PartialDate(2024, 5)
    assert citation.date_reviewed == PartialDate(2026, 5, 16)


def test_updated_is_a_publication_date() -> None:
    citation = parse_citation("NEAR AI, Who we are, updated June 2025.")
    assert citation.date_published == PartialDate(2025, 6)
    assert citation.date_reviewed is None


# -- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NEAR AI, Who we are, reviewed May 16, 2026. https://near.ai/about.",
        "NEAR AI, Who we are, reviewed May 16, 2026, https://near.ai/about",
        "NEAR AI, Who we are (https://near.ai/about), reviewed May 16, 2026.",
        "NEAR AI, Who we are, <https://near.ai/about>, reviewed May 16, 2026.",
        "NEAR AI, Who we are, reviewed May 16, 2026. Available at: https://near.ai/about",
        "https://near.ai/about NEAR AI, Who we are, reviewed May 16, 2026.",
    ],
)
def test_a_url_anywhere_is_extracted(text: str) -> None:
    citation = parse_citation(text)
    assert citation.url == "https://near.ai/about"
    assert citation.publisher == "NEAR AI"
    assert citation.title == "Who we are"
    assert citation.date_reviewed == PartialDate(2026, 5, 16)


def test_balanced_parentheses_stay_in_a_url() -> None:
    citation = parse_citation("Wikipedia, Transformer, https://en.wikipedia.org/wiki/T_(ml).")
    assert citation.url == "https://en.wikipedia.org/wiki/T_(ml)"


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty citation"),
        ("  .  ", "empty citation"),
        ("2017.", "citation '2017.' has no title, only a date"),
        ("reviewed May 16, 2026.", "citation 'reviewed May 16, 2026.' has no title, only a date"),
        ("https://near.ai", "citation 'https://near.ai' has no title, only a URL"),
        ("Vaswani et al., 2017.", "citation 'Vaswani et al., 2017.' has authors but no title"),
        (
            "NEAR Foundation, CEO news, September 41, 2023.",
            "impossible date 'September 41, 2023': September has 30 days",
        ),
        (
            "A, B, https://a.example https://b.example",
            "has 2 URLs (https://a.example, https://b.example); keep one",
        ),
    ],
)
def test_unusable_citations_raise_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_citation(text)
    assert message in str(caught.value)


# -- properties --------------------------------------------------------------------------------

_CITATION_ALPHABET = st.sampled_from(
    list("abcXYZ ,.;:&'\"()-/0123456789") + ["et al.", " and ", "May ", "2024", "https://x.y/"]
)


@settings(database=None)
@given(st.text() | st.lists(_CITATION_ALPHABET).map("".join))
def test_any_text_gives_a_citation_or_a_value_error(text: str) -> None:
    try:
        citation = parse_citation(text)
    except ValueError:
        return
    assert citation.title
    assert citation.text == text.strip()


_WORDS = st.sampled_from(["attention", "ownership", "agents", "of", "the", "AI", "Mirror", "42"])


@settings(database=None)
@given(
    title=st.lists(
        st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3
    ).map(", ".join),
    year=st.integers(1000, 9999),
)
def test_the_title_between_author_and_date_is_kept_whole(title: str, year: int) -> None:
    citation = parse_citation(f"Jane Doe, {title}, {year}.")
    assert citation.authors == ("Jane Doe",)
    assert citation.title == title
    assert citation.date_published == PartialDate(year)


def test_a_conference_acronym_before_the_date_is_the_venue_not_part_of_the_title() -> None:
    citation = parse_citation(
        "Joelle Pineau, Geoff Gordon, and Sebastian Thrun, Point-based value iteration: An "
        "anytime algorithm for POMDPs, IJCAI, 2003.")
    assert citation.title == "Point-based value iteration: An anytime algorithm for POMDPs"
    assert citation.venue == "IJCAI"
    assert parse_citation("Jane Doe, A Result, UAI 2019, 2019.").venue == "UAI 2019"


def test_an_acronym_that_is_the_only_title_segment_stays_the_title() -> None:
    citation = parse_citation("Jane Doe, NEAR, 2020.")
    assert citation.title == "NEAR"
    assert citation.venue is None


def test_an_elided_particle_in_a_surname_keeps_the_author_list() -> None:
    citation = parse_citation(
        "Joelle Pineau, Koustuv Sinha, Florence d'Alché-Buc, and Hugo Larochelle, Improving "
        "Reproducibility in Machine Learning Research, Journal of Machine Learning Research, "
        "2021.")
    assert citation.authors == ("Joelle Pineau", "Koustuv Sinha", "Florence d'Alché-Buc",
                                "Hugo Larochelle")
    assert citation.title == "Improving Reproducibility in Machine Learning Research"
