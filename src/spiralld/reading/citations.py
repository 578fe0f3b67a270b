"""Parse the one-line citations of a page's "Sources" list into structured fields.

A citation reads ``Author(s), Title, [Venue,] Date.`` and is parsed by this rule:

1. Strip surrounding whitespace and the final full stop.
2. Extract a URL (``http://`` or ``https://``, trailing punctuation stripped) into ``url`` and
   remove it, with any "Available at:"/"URL:" before it. More than one URL is an error, and
   so is a URL that is not a valid IRI (a space-free "https://x/a{b}" or "http://x/%zz").
3. Take the trailing date after the last ", " (see ``spiralld.reading.dates.find_trailing_date``),
   with its optional qualifier. "reviewed", "accessed" and "retrieved" make it
   ``date_reviewed``, an access date; a bare date or "updated" makes it ``date_published``. After
   an access date, a bare date just before it is taken as ``date_published``
   ("..., May 2024, reviewed May 16, 2026"). Only a date, or nothing at all, is an error.
4. Split the rest on ", " into segments. The last segment is the venue only if it is a known
   venue (arXiv, bioRxiv, medRxiv, SSRN, OpenReview, NeurIPS, ICML, ICLR, ACL, EMNLP, NAACL,
   CVPR, AAAI, Nature, Science, PNAS, JMLR, TMLR, optionally followed by an identifier or year
   such as "arXiv:1706.03762" or "NeurIPS 2017", any segment containing the word
   Proceedings, Journal, Transactions, Conference, Workshop, Review or Letters, or a
   conference written as an acronym of 3-8 capitals with an optional year, "IJCAI",
   "UAI 2019", after an author and a title segment) and is not the only segment. A known
   news outlet in that position becomes the publisher instead ("Steven Levy, Title, WIRED,
   2024").
5. The author part is the first segment, extended through following segments while they are
   person names, up to and including a segment starting with "and " or "& " (so "A, B, and C"
   are three authors; "A and B" in one segment is two). The run must be closed by such an
   "and" segment (or by "et al."), must leave at least one segment for the title, and when the
   first author is written as a full name (two or more name words, "Jane Doe") every other
   author must be too. So in "Jane Doe, Reading, Writing, and Arithmetic, 2020." the author is
   Jane Doe and the title "Reading, Writing, and Arithmetic". "et al." marks ``et_al``.
   A person name is 1-4 capitalised words, allowing particles (de, van, von, le, ...),
   initials (J., J.R.R.), hyphens and apostrophes (Jean-Luc, O'Brien, d'Alché-Buc).
6. Everything between the author part and the venue/date is the title, commas included, so a
   title containing commas is never split; quotes around the whole title are removed. A
   citation of one segment is all title.

Person or organization: "et al." or several names joined by "and" are people. A single name
is an organization (``publisher``) if it contains an all-caps token of 2+ letters (WIRED,
NEAR AI), an organization word (Foundation, Institute, University, Lab, Labs, Inc, Ltd, LLC,
Corp, Company, Podcast, News, Times, Journal, Magazine, Press, Blog, Team, Council,
Association, Society, Centre, Center, Group, Agency, Ministry, Department, Office, Committee,
Network, Protocol, Project, Initiative, Alliance, Fund, Trust, Capital, Ventures, OpenAI,
Google, DeepMind, Anthropic, Microsoft, Meta), is a known news outlet, or does not look like a
person name at all; otherwise it is a person. The corpus is asked too, since no list keeps up
with company names: a name the caller knows as an organization (one known to the corpus, or
the organization the citing page is about) is the publisher, and so is a name whose own page
the title is ("Hugging Face, About Hugging Face, reviewed May 16, 2026.": a WebPage published
by Hugging Face).

Type guess (schema.org class), first match wins: ScholarlyArticle if there is a venue, "et
al." or several authors; PodcastEpisode if the publisher or title mentions "Podcast" or
"Episode"; NewsArticle if the publisher is a known news outlet (WIRED, The Verge, The New York
Times, Reuters, Bloomberg, Financial Times, The Guardian, TechCrunch, The Information, Axios,
Forbes, Fortune, MIT Technology Review, The Atlantic, The Economist, Time, BBC, CNBC, CNN,
VentureBeat, Ars Technica, Semafor, The Washington Post, The Wall Street Journal);
BlogPosting if the author is a single person and there is no venue; otherwise WebPage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import NamedNode

from spiralld.reading.dates import PartialDate, find_trailing_date

__all__ = ["Citation", "iri_problem", "parse_citation"]

KNOWN_VENUES = (
    "arXiv",
    "bioRxiv",
    "medRxiv",
    "SSRN",
    "OpenReview",
    "NeurIPS",
    "ICML",
    "ICLR",
    "ACL",
    "EMNLP",
    "NAACL",
    "CVPR",
    "AAAI",
    "Nature",
    "Science",
    "PNAS",
    "JMLR",
    "TMLR",
)
VENUE_WORDS = (
    "Proceedings",
    "Journal",
    "Transactions",
    "Conference",
    "Workshop",
    "Review",
    "Letters",
)

NEWS_OUTLETS = (
    "WIRED",
    "The Verge",
    "The New York Times",
    "Reuters",
    "Bloomberg",
    "Financial Times",
    "The Guardian",
    "TechCrunch",
    "The Information",
    "Axios",
    "Forbes",
    "Fortune",
    "MIT Technology Review",
    "The Atlantic",
    "The Economist",
    "Time",
    "BBC",
    "CNBC",
    "CNN",
    "VentureBeat",
    "Ars Technica",
    "Semafor",
    "The Washington Post",
    "The Wall Street Journal",
)

ORGANIZATION_WORDS = frozenset(
    word.lower()
    for word in (
        "Foundation Institute University Lab Labs Inc Ltd LLC Corp Company Podcast News Times "
        "Journal Magazine Press Blog Team Council Association Society Centre Center Group "
        "Agency Ministry Department Office Committee Network Protocol Project Initiative "
        "Alliance Fund Trust Capital Ventures OpenAI Google DeepMind Anthropic Microsoft Meta"
    ).split()
)

NAME_PARTICLES = frozenset(
    "al bin da das de del della den der di do dos du el ibn la le ten ter van von y zu".split()
)

#: Elided particles before an apostrophe in a surname ("d'Alché-Buc").
_ELIDED = frozenset({"d", "l", "dell"})

REVIEW_QUALIFIERS = frozenset({"reviewed", "accessed", "retrieved"})

_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_LEAD_IN = re.compile(
    r"(?:available\s+(?:at|from|online)|url|link|retrieved\s+from|online\s+at)\s*:?\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r",\s+")
_VENUE = re.compile(
    rf"(?:{'|'.join(KNOWN_VENUES)})(?:\s+preprint)?(?:[\s:]+[\w./:-]*[0-9][\w./:-]*)?",
    re.IGNORECASE,
)
_VENUE_WORD = re.compile(rf"\b(?:{'|'.join(VENUE_WORDS)})\b")
#: A conference written as its acronym ("IJCAI", "UAI 2019", "AISTATS"), not a news outlet.
_ACRONYM_VENUE = re.compile(r"[A-Z]{3,8}(?:[-\s]?(?:19|20)[0-9]{2})?")
_ET_AL = re.compile(r"(?:^|\s+|,\s*)et\s+al\.?$", re.IGNORECASE)
_AND_LEAD = re.compile(r"(?:and|&)\s+")
_AND_JOIN = re.compile(r"\s+(?:and|&)\s+")
_INITIALS = re.compile(r"[^\W\d_](?:\.-?[^\W\d_])*\.")
_PODCAST = re.compile(r"\b(?:podcast|episode)\b", re.IGNORECASE)
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}


def _normal_outlet(name: str) -> str:
    name = name.lower()
    return name[4:] if name.startswith("the ") else name


_NEWS = frozenset(_normal_outlet(name) for name in NEWS_OUTLETS)


@dataclass(frozen=True, slots=True)
class Citation:
    """One parsed entry of a page's Sources list."""

    text: str  # the original citation, stripped
    authors: tuple[str, ...]  # people, in order ("Vaswani" for "Vaswani et al.")
    et_al: bool
    publisher: str | None  # an organization given in the author position
    title: str
    venue: str | None  # e.g. "arXiv"
    date_published: PartialDate | None
    date_reviewed: PartialDate | None  # an access date, NOT a publication date
    type: str  # schema.org class local name: ScholarlyArticle, NewsArticle, ...
    url: str | None = None


def _is_news_outlet(name: str) -> bool:
    return _normal_outlet(name) in _NEWS


def _is_venue(segment: str, segments: int = 2) -> bool:
    """Whether the last of ``segments`` segments is a venue; an acronym only after both an
    author and a title segment."""
    return bool(_VENUE.fullmatch(segment) or _VENUE_WORD.search(segment)
                or (segments >= 3 and _ACRONYM_VENUE.fullmatch(segment)))


def _is_organization(name: str) -> bool:
    """True if the name has an all-caps token, an organization word, or is a news outlet."""
    if _is_news_outlet(name):
        return True
    for token in name.split():
        word = token.strip(".,:;()[]\"'\u2018\u2019\u201c\u201d")
        if word.lower() in ORGANIZATION_WORDS:
            return True
        if len(word) >= 2 and word.isalpha() and word.isupper():
            return True
    return False


def _is_name_word(token: str) -> bool:
    """A capitalised word (Jean-Luc, O'Brien, Jr.) or initials (J., J.R.R.)."""
    if _INITIALS.fullmatch(token):
        return token.replace(".", "").replace("-", "").isupper()
    parts = re.split(r"['\u2019-]", token[:-1] if token.endswith(".") else token)
    if not all(part.isalpha() for part in parts):
        return False
    if len(parts) > 1 and parts[0] in _ELIDED:  # d'Alché-Buc, l'Huillier
        parts = parts[1:]
    return parts[0][0].isupper()


def _name_words(name: str) -> int:
    return sum(1 for token in name.split() if token not in NAME_PARTICLES)


def _is_person(name: str) -> bool:
    """1-4 capitalised name words, with particles between them, and nothing organizational."""
    tokens = name.split()
    if not tokens or tokens[-1] in NAME_PARTICLES or _is_organization(name):
        return False
    words = [token for token in tokens if token not in NAME_PARTICLES]
    return 1 <= len(words) <= 4 and all(_is_name_word(word) for word in words)


def _author_segment(segment: str, first: bool) -> tuple[list[str], bool, bool] | None:
    """Read one segment as authors: (names, closes the author list, et al.), or None."""
    rest = segment
    closes = et_al = False
    if not first:
        lead = _AND_LEAD.match(rest)
        if lead:
            rest, closes = rest[lead.end() :], True
    tail = _ET_AL.search(rest)
    if tail:
        rest, closes, et_al = rest[: tail.start()], True, True
    names = _AND_JOIN.split(rest) if rest else []
    if len(names) > 1:
        closes = True
    if not names and (first or not et_al):
        return None
    if not all(_is_person(name) for name in names):
        return None
    return names, closes, et_al


def _author_run(segments: list[str]) -> tuple[list[str], bool, int] | None:
    """Extend a single first author through "B, and C": (names, et al., segments used)."""
    full_names = _name_words(segments[0]) >= 2
    names = [segments[0]]
    for index in range(1, len(segments) - 1):  # always leave one segment for the title
        parsed = _author_segment(segments[index], first=False)
        if parsed is None:
            return None
        found, closes, et_al = parsed
        if full_names and any(_name_words(name) < 2 for name in found):
            return None
        names.extend(found)
        if closes:
            return names, et_al, index + 1
    return None


def _remove_url(text: str, original: str) -> tuple[str, str | None]:
    """Take the URL out of the text, tidying the gap it leaves: (rest, url)."""
    found = list(_URL.finditer(text))
    if not found:
        return text, None
    if len(found) > 1:
        urls = ", ".join(match.group() for match in found)
        raise ValueError(f"citation {original!r} has {len(found)} URLs ({urls}); keep one")
    match = found[0]
    url = match.group()
    while url and (url[-1] in ".,;:!?'\"\u2019\u201d\u00bb" or _unbalanced_close(url)):
        url = url[:-1]
    problem = iri_problem(url)
    if problem is not None:
        raise ValueError(f"URL {url!r} is not a valid IRI ({problem})")
    before = _URL_LEAD_IN.sub("", text[: match.start()]).rstrip()
    after = text[match.start() + len(url) :].lstrip()
    for opening, closing in ("()", "[]", "<>"):
        if before.endswith(opening) and after.startswith(closing):
            before, after = before[:-1].rstrip(), after[1:].lstrip()
    if before.endswith(",") and after.startswith(","):
        after = after[1:].lstrip()
    if not before:
        return after.lstrip(",;: "), url
    if not after or after[0] in ",.;:":
        return before + after, url
    return f"{before} {after}", url


def iri_problem(value: str) -> str | None:
    """What makes ``value`` unusable as an RDF IRI (RFC 3987), or None if it is fine."""
    try:
        NamedNode(value)
    except ValueError as error:
        return str(error)
    return None


def _unbalanced_close(url: str) -> bool:
    for opening, closing in ("()", "[]", "<>"):
        if url.endswith(closing) and url.count(opening) < url.count(closing):
            return True
    return False


#: The genre segment of a thesis: "PhD thesis", "doctoral dissertation", "MSc thesis".
_THESIS = re.compile(r"(?:(?:PhD|Ph\.\s?D\.|DPhil|doctoral|master['’]s|MSc|MS|MA|BA|"
                     r"bachelor['’]s|undergraduate|senior|habilitation)\s+)?"
                     r"(?:thesis|dissertation)", re.IGNORECASE)


def _strip_end(text: str) -> str:
    """Strip whitespace and stray separators, then one final full stop (not an ellipsis)."""
    text = text.strip().strip(",;:").strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _unquote(title: str) -> str:
    if len(title) >= 2 and _QUOTES.get(title[0]) == title[-1]:
        return title[1:-1].strip()
    return title


def _dates(text: str) -> tuple[str, PartialDate | None, PartialDate | None]:
    """Take the trailing date(s): (rest, date_published, date_reviewed)."""
    found = find_trailing_date(text)
    if found is None:
        return text, None, None
    rest, date, qualifier = found
    if qualifier not in REVIEW_QUALIFIERS:
        return rest, date, None
    earlier = find_trailing_date(rest)
    if earlier is not None and earlier[2] not in REVIEW_QUALIFIERS:
        return earlier[0], earlier[1], date
    return rest, None, date


def _guess_type(
    authors: list[str], et_al: bool, publisher: str | None, title: str, venue: str | None
) -> str:
    if venue is not None or et_al or len(authors) > 1:
        return "ScholarlyArticle"
    if _PODCAST.search(publisher or "") or _PODCAST.search(title):
        return "PodcastEpisode"
    if publisher is not None and _is_news_outlet(publisher):
        return "NewsArticle"
    if len(authors) == 1:
        return "BlogPosting"
    return "WebPage"


def _is_own_page(name: str, title: str) -> bool:
    """Whether the title is a page about ``name`` itself ("About Hugging Face", "Hugging Face
    homepage"): what an organization publishes about itself, not a post by a person."""
    about = re.escape(name)
    return re.fullmatch(
        rf"(?:(?:about|welcome to|meet|this is)\s+)?{about}"
        rf"(?:\s*[:\-–|]?\s*(?:home\s?page|website|web site|official site|about|about us|"
        rf"who we are|our mission|mission|company|team))?",
        title.strip(), re.IGNORECASE) is not None


def parse_citation(text: str, is_organization: Callable[[str], bool] | None = None
                   ) -> Citation:
    """Parse one citation by the rule in this module's docstring; raise ValueError if unusable.

    ``is_organization`` tells whether a name is an organization the corpus knows (or the
    organization the citing page is about): such a name in the author position is the
    publisher, however much it looks like a person's name ("Hugging Face").
    """
    original = text.strip()
    work = _strip_end(" ".join(original.split()))
    if not work:
        raise ValueError("empty citation")
    work, url = _remove_url(work, original)
    work = _strip_end(work)
    if not work:
        raise ValueError(f"citation {original!r} has no title, only a URL")
    work, date_published, date_reviewed = _dates(work)
    segments = [segment for segment in _SEPARATOR.split(_strip_end(work)) if segment.strip()]
    if not segments:
        raise ValueError(f"citation {original!r} has no title, only a date")

    # "A, Title, PhD thesis, University of X": the genre, then the degree's institution
    thesis = next((i for i in range(2, len(segments)) if _THESIS.fullmatch(segments[i].strip())),
                  None)
    school: str | None = None
    if thesis is not None:
        school = ", ".join(s.strip() for s in segments[thesis + 1:]) or None
        segments = segments[:thesis]

    venue: str | None = None
    outlet: str | None = None
    if len(segments) >= 2 and _is_news_outlet(segments[-1]):
        outlet = segments.pop()
    elif len(segments) >= 2 and _is_venue(segments[-1], len(segments)):
        venue = segments.pop()

    authors: list[str] = []
    et_al = False
    publisher: str | None = None
    if len(segments) == 1:
        if _ET_AL.search(segments[0]):
            raise ValueError(f"citation {original!r} has authors but no title")
    else:
        first = segments[0]
        parsed = _author_segment(first, first=True)
        if parsed is not None and (parsed[2] or len(parsed[0]) > 1):
            authors, _, et_al = parsed
            segments = segments[1:]
        elif (_is_organization(first) or not _is_person(first)
              or (is_organization is not None and is_organization(first))
              or (len(segments) == 2 and _is_own_page(first, _unquote(segments[1])))):
            publisher = first
            segments = segments[1:]
        else:
            run = _author_run(segments)
            if run is None:
                authors, used = [first], 1
            else:
                authors, et_al, used = run
            segments = segments[used:]

    if outlet is not None:
        if publisher is None:
            publisher = outlet
        else:
            segments.append(outlet)

    if school is not None and publisher is None:
        publisher = school
    title = _unquote(", ".join(segments))
    if not title:
        raise ValueError(f"citation {original!r} has no title")
    return Citation(
        text=original,
        authors=tuple(authors),
        et_al=et_al,
        publisher=publisher,
        title=title,
        venue=venue,
        date_published=date_published,
        date_reviewed=date_reviewed,
        type="Thesis" if thesis is not None else _guess_type(authors, et_al, publisher, title,
                                                             venue),
        url=url,
    )
