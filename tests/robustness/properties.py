"""Fuzzing properties of the parsers, shared by tests/robustness/test_fuzz.py (a CI budget)
and ``python -m bench.fuzz`` (a long campaign).

Each property is a plain function of generated input that raises AssertionError (or any
unexpected exception) when spiralld misbehaves; ``PROPERTIES`` pairs each with its strategy.
The contract under test: for any input the result is a valid profile, citation or corpus, or
spiralld's own SourceError naming the file and a line inside it, never another exception.
"""

from __future__ import annotations

import datetime
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
import yaml
from hypothesis import strategies as st

from spiralld.config import Config
from spiralld.errors import PageError, ProfileError, SourceError
from spiralld.mapping import map_corpus
from spiralld.reading.corpus import Corpus, load_corpus
from spiralld.reading.importer import profile_from_page, render_profile
from spiralld.reading.pages import parse_page, read_page_text, slugify
from spiralld.reading.profiles import load_profile
from spiralld.release.export import exporter

from .properties_cache import DAMAGES_LIST, cache
from .properties_sparql import service_queries, sparql_filter

BASE = Config().base_iri
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# --- strategies -------------------------------------------------------------------------------

#: Any text a file can hold (no surrogates), weighted towards what steers the parsers.
TEXT = st.characters(exclude_categories=("Cs",))
PAGE_PIECES = st.one_of(
    st.sampled_from(list("\n\n\n\r\t #-*•\\.:,;\"”)(ab1")),
    st.sampled_from(["- ", "* ", "## ", "# ", "  ", "Sources", "Related Pages", "History",
                     "Snapshot", "Open Questions", "\u2028", "\x85", "\xa0", "\ufeff", "\x00",
                     "https://", "http://x/%zz", "{", "et al.", " and ", "2023", "2023-09-21",
                     "September 41, 2023", "May 2024", "reviewed ", "arXiv", "WIRED"]),
    TEXT,
)
#: Page-like text: lines of pieces.
PAGE_TEXT = st.lists(PAGE_PIECES, max_size=150).map("".join)
#: Something like one entry of a Sources list.
CITATION_TEXT = st.lists(st.one_of(
    st.sampled_from(["Jane Doe", "J. R. R. Tolkien", "van der Berg", "Vaswani et al.",
                     "NEAR AI", "WIRED", "and ", "& ", ", ", ", ", ". ", "\"", "“", "”",
                     "arXiv:1706.03762", "NeurIPS 2017", "Proceedings of X", "reviewed",
                     "updated", "accessed on", "2017", "2024-05", "May 22, 2024",
                     "September 41, 2023", "2023-13-01", "https://example.org/a(b)",
                     "https://x/{y}", "http://a:b:c/", "Available at: ", "(", ")", "Podcast"]),
    st.text(TEXT, max_size=6),
), max_size=14).map("".join)
#: YAML-like front matter text: keys, flow and block syntax, tags, anchors, escapes.
YAML_PIECES = st.one_of(
    st.sampled_from(["type: Person\n", "type: ", "name: ", "slug: ", "sameAs: ", "sources:\n",
                     "  k-1:\n", "    title: T\n", "    url: ", "roles:\n", "- ",
                     "  organization: Acme\n", "  sources: [k-1]\n", "startDate: ",
                     "endDate: ", "dateModified: ", "alternateName: ", "[", "]", "{", "}",
                     ", ", ": ", "\n", "  ", "\t", "&a ", "*a", "!!binary ", "!!int ",
                     "!!python/object ", "!foo ", "'", '"', "\\x01", "\\0", "---\n", "...\n",
                     "? ", "|\n", ">\n", "#", "2023-13-01", "2023", "0x" + "f" * 40, "~",
                     "yes", "1e400", "https://example.org/", "javascript:alert(1)"]),
    st.text(TEXT, max_size=4),
)
YAML_TEXT = st.lists(YAML_PIECES, max_size=40).map("".join)
BODIES = st.one_of(st.just("# Ada Example\n\nA person.\n"), PAGE_TEXT.map(lambda t: "# " + t))
#: Names as an editor might write them in any script, and names made to collide.
NAMES = st.one_of(
    st.text(TEXT, min_size=1, max_size=30),
    st.sampled_from(["Ada Lovelace", "ada lovelace", "ADA-LOVELACE!", "Ada  Lovelace",
                     "Adá Lovelace", "محمد", "深度求索", "🤖", "Zoe\u0308", "Zoë", "x",
                     "X 2f018449f2", "---"]),
).map(lambda name: " ".join(name.split()))
#: A word for a generated page (letters of several scripts and a few signs).
WORD = st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Mn", "So"),
                             exclude_characters="•"), min_size=1, max_size=8)


@st.composite
def profile_pages(draw: st.DrawFn) -> str:
    """A plain-text page that parses: title, lead, sections, related pages and sources."""
    def words(low: int, high: int) -> str:
        return " ".join(draw(st.lists(WORD, min_size=low, max_size=high)))

    title = words(1, 4)
    lines = [title, words(2, 12) + " is a researcher" + draw(st.sampled_from([".", "!", ""]))]
    for _ in range(draw(st.integers(0, 3))):
        lines += [draw(st.sampled_from(["History", "Snapshot", "Open Questions", "Criticism"])),
                  *[("- " if draw(st.booleans()) else "") + words(1, 10) + "."
                    for _ in range(draw(st.integers(1, 3)))]]
    related = [words(1, 3) for _ in range(draw(st.integers(0, 3)))]
    if related:
        lines += ["Related Pages", *[f"- {name}" for name in related]]
    lines.append("Sources")
    for _ in range(draw(st.integers(1, 3))):
        date = draw(st.dates(min_value=datetime.date(1000, 1, 1)))
        url = draw(st.sampled_from(["", " https://example.org/p?q=1#f", " http://ex.org/é"]))
        lines.append(f"- Jane Doe, {words(1, 6).replace(',', '')},{url} "
                     f"{date.isoformat()}.")
    return "\n".join(lines) + "\n"


# --- helpers ----------------------------------------------------------------------------------

_SCRATCH: list[tempfile.TemporaryDirectory[str]] = []


def scratch() -> Path:
    """One temporary directory for the whole run (a fresh one per input is most of the cost);
    removed when the process exits."""
    if not _SCRATCH:
        _SCRATCH.append(tempfile.TemporaryDirectory(prefix="spiralld-fuzz-"))
    return Path(_SCRATCH[0].name)


def assert_located(error: SourceError, path: str, text: str) -> None:
    """A SourceError names the file and a line that exists in it."""
    assert error.path == path, (error.path, path)
    lines = len(re.split(r"\r\n|\r|\n", text))
    assert error.line is not None and 1 <= error.line <= lines + 1, str(error)
    assert "\n" not in error.message, repr(error.message)
    assert "Traceback" not in error.message


def assert_iri_safe(slug: str) -> None:
    """A slug is lowercase ASCII words joined by "-" and makes a valid IRI."""
    assert SLUG.fullmatch(slug), slug
    pyoxigraph.NamedNode(f"{BASE}id/{slug}")


# --- properties -------------------------------------------------------------------------------


def page_parser(data: bytes) -> None:
    """Any bytes saved as a raw page load as a profile (with its parsed sources) or give a
    PageError at a line of the file; every slug and source URL is a valid IRI."""
    path = scratch() / "fuzz.txt"
    path.write_bytes(data)
    try:
        text = read_page_text(path)
        page = parse_page(text, str(path))
        profile = profile_from_page(page, str(path), None, raw=True)
    except PageError as error:
        assert_located(error, str(path), data.decode("utf-8", "replace"))
        return
    assert page.title and profile.name == page.title
    assert_iri_safe(profile.slug)
    for source in profile.sources:
        assert source.title
        if source.url is not None:
            pyoxigraph.NamedNode(source.url)


def citation_parser(citation: str) -> None:
    """Any text as an entry of a Sources list is a source or a PageError at its line (the
    bullet's, or that of a later line of the section read as a citation of its own)."""
    text = f"Ada Example\nAda Example is a researcher.\nSources\n- {citation}\n"
    last_line = len(re.split(r"\r\n|\r|\n", text))
    try:
        page = parse_page(text, "cite.txt")
        profile = profile_from_page(page, "cite.txt", None, raw=True)
    except PageError as error:
        assert_located(error, "cite.txt", text)
        if error.message.startswith("citation: "):
            assert 4 <= error.line <= last_line
        return
    for source in profile.sources:
        assert source.title and 4 <= source.line <= last_line
        assert_iri_safe(source.key)
        if source.url is not None:
            pyoxigraph.NamedNode(source.url)
        for date in (source.date_published, source.date_reviewed):
            assert date is None or 1000 <= date.year <= 9999


def front_matter_loader(front_matter: str, body: str) -> None:
    """Any front matter and body load as a profile or give a ProfileError or PageError
    naming the file and a line in it."""
    text = f"---\n{front_matter}\n---\n{body}"
    path = scratch() / "ada-example.md"
    path.write_bytes(text.encode("utf-8"))
    try:
        profile = load_profile(path)
    except (ProfileError, PageError) as error:
        assert_located(error, str(path), text)
        return
    assert_iri_safe(profile.slug)
    for iri in profile.same_as:
        pyoxigraph.NamedNode(iri)


def front_matter_values(meta: dict[str, Any]) -> None:
    """Structured front matter of any shape (as ``yaml.safe_dump`` writes it) loads or gives
    a located ProfileError: the loader checks every field's type, never trusts it."""
    front_matter_loader(yaml.safe_dump(meta, allow_unicode=True), "# Ada Example\n\nA person.\n")


def unique_slugs(names: list[str]) -> None:
    """Raw pages titled ``names`` load as a corpus with one distinct, IRI-safe slug per page,
    or the corpus names the second file of a collision and the first."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        (data / "pages").mkdir()
        for number, name in enumerate(names):
            (data / "pages" / f"{number:03d}.txt").write_text(
                f"{name}\n{name} is a researcher.\n", encoding="utf-8")
        try:
            corpus = load_corpus(data, Config())
        except PageError as error:  # a name that is not a title (blank, a bullet, too long)
            assert error.path is not None and error.line in (1, 2), str(error)
            return
        except ProfileError as error:
            match = re.fullmatch(r"slug '(.*)' is already used by (.*)", error.message)
            assert match, str(error)
            assert error.line == 1 and error.path is not None
            first = int(Path(match.group(2)).stem)
            second = int(Path(error.path).stem)
            assert first < second
            assert slugify(names[first].strip()) == slugify(names[second].strip())
            return
    slugs = [profile.slug for profile in corpus.profiles]
    assert len(set(slugs)) == len(names)
    for slug in slugs:
        assert_iri_safe(slug)


def rdf_round_trip(page_text: str) -> None:
    """A generated profile mapped to RDF and written by the release's Turtle and JSON-LD
    exporters parses back (pyoxigraph for Turtle, rdflib for JSON-LD) to the same graph."""
    page = parse_page(page_text, "round.txt")
    profile = profile_from_page(page, "round.txt", None)
    render_profile(profile)  # what `spiralld import` would write
    try:
        dataset = map_corpus(Corpus(Config(), [profile], {}))
    except ProfileError as error:  # a page the mapping refuses (a repeated open question)
        assert str(error).startswith("round.txt:"), error
        return
    expected = {str(triple) for triple in dataset.triples()}  # N-Triples terms
    assert expected

    def written(name: str) -> bytes:
        out = io.BytesIO()
        exporter(name).write(dataset, (), out)
        return out.getvalue()

    turtle = {str(triple) for triple in
              pyoxigraph.parse(written("turtle"), format=pyoxigraph.RdfFormat.TURTLE)}
    assert turtle == expected, sorted(map(str, turtle ^ expected))[:5]
    graph = rdflib.Graph().parse(data=written("jsonld"), format="json-ld")
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    from_jsonld = {str(triple) for triple in
                   pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert from_jsonld == expected, sorted(map(str, from_jsonld ^ expected))[:5]


@dataclass(frozen=True)
class Property:
    """A property, its strategy (one argument per element), and its CI example budget."""

    name: str
    check: Callable[..., None]
    strategies: tuple[st.SearchStrategy[Any], ...]
    examples: int


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(["title", "organization", "sources", "roleName", "startDate",
                            "url", "k-1", "x"])
    return st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(TEXT, max_size=20)
    | st.sampled_from(["Person", "Ada Example", "2023-09", "https://example.org/x", "k-1"]),
    _containers,
    max_leaves=12,
)
FRONT_MATTER = st.fixed_dictionaries(
    {"type": st.sampled_from(["Person", "Organization", "Robot"])},
    optional={key: YAML_VALUES for key in ("name", "slug", "sameAs", "jobTitle",
                                             "dateModified", "sources", "roles", "founded",
                                             "authored", "alternateName")},
)

PROPERTIES = (
    Property("page_parser", page_parser,
             (st.one_of(PAGE_TEXT.map(lambda t: t.encode("utf-8")), st.binary(max_size=200)),),
             200),
    Property("citation_parser", citation_parser, (CITATION_TEXT,), 200),
    Property("front_matter_loader", front_matter_loader, (YAML_TEXT, BODIES), 200),
    Property("front_matter_values", front_matter_values, (FRONT_MATTER,), 150),
    Property("unique_slugs", unique_slugs, (st.lists(NAMES, min_size=1, max_size=6),), 100),
    Property("rdf_round_trip", rdf_round_trip, (profile_pages(),), 100),
    Property("cache", cache, (DAMAGES_LIST,), 4),
    Property("sparql_filter", sparql_filter, (service_queries(),), 200),
)


def runner(prop: Property, examples: int, counter: list[int] | None = None,
           seed: int | None = None) -> Callable[[], None]:
    """A hypothesis test of ``prop`` with ``examples`` inputs; ``counter[0]`` counts them."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fixed_seed

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.tuples(*prop.strategies))
    def check(args: tuple[Any, ...]) -> None:
        if counter is not None:
            counter[0] += 1
        prop.check(*args)

    return fixed_seed(seed)(check) if seed is not None else check
