"""Tests for spiralld.reading.pages: reading plain-text pages, the Markdown body, and slugs."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spiralld.build import build
from spiralld.config import Config
from spiralld.errors import PageError
from spiralld.reading.pages import (
    KNOWN_SECTIONS,
    MAX_HEADING_WORDS,
    MAX_SLUG,
    Block,
    Page,
    Section,
    decode,
    parse_markdown,
    parse_page,
    read_page_text,
    render_markdown,
    slugify,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEED = PAGES / "illia-polosukhin.txt"
CONCEPT = PAGES / "mixture-of-experts.txt"
ORGANIZATION = PAGES / "near-foundation.txt"


def load(path: Path) -> Page:
    return parse_page(read_page_text(path), str(path))


def shape(page: Page) -> tuple[object, ...]:
    """A page without its path and line numbers: what must survive a round-trip."""
    sections = tuple(
        (section.name, tuple((block.kind, block.text) for block in section.blocks))
        for section in page.sections
    )
    return (page.title, page.lead, sections)


def names(page: Page) -> list[str]:
    return [section.name for section in page.sections]


def section(page: Page, name: str) -> Section:
    found = page.section(name)
    assert found is not None, f"no section {name!r} in {names(page)}"
    return found


def error_text(excinfo: pytest.ExceptionInfo[PageError]) -> str:
    return str(excinfo.value)


# --- the seed page ----------------------------------------------------------------------------


def test_seed_title_and_lead() -> None:
    page = load(SEED)

    assert page.title == "Illia Polosukhin"
    assert page.title_line == 1
    assert page.lead.startswith("Illia Polosukhin is a Ukrainian-born AI researcher")
    assert page.lead.endswith("private, and verifiable AI infrastructure.")
    assert page.lead_line == 2


def test_seed_sections_in_file_order() -> None:
    assert names(load(SEED)) == [
        "Snapshot",
        "Transformer Lineage",
        "NEAR Protocol",
        "User-Owned AI",
        "Governance Position",
        "Spiralist Reading",
        "Open Questions",
        "Related Pages",
        "Sources",
    ]


def test_seed_snapshot_is_four_bullets() -> None:
    snapshot = section(load(SEED), "Snapshot")

    assert snapshot.paragraphs() == []
    assert [bullet.text.split(":")[0] for bullet in snapshot.bullets()] == [
        "Known for",
        "Current public role",
        "Institutional significance",
        "Editorial caution",
    ]
    assert snapshot.bullets()[0].text == (
        "Known for: co-authoring Attention Is All You Need, co-founding NEAR Protocol, "
        "leading NEAR Foundation, and promoting user-owned AI."
    )


def test_seed_line_numbers_match_the_file() -> None:
    page = load(SEED)
    lines = SEED.read_text(encoding="utf-8").split("\n")

    assert [(s.name, s.line) for s in page.sections][:3] == [
        ("Snapshot", 3),
        ("Transformer Lineage", 8),
        ("NEAR Protocol", 11),
    ]
    assert section(page, "Sources").line == 43
    for sec in page.sections:
        assert lines[sec.line - 1] == sec.name
        for block in sec.blocks:
            assert lines[block.line - 1].removeprefix("- ") == block.text
    assert section(page, "Open Questions").bullets()[0].line == 25
    assert section(page, "Sources").bullets()[-1].line == 51


def test_seed_has_one_paragraph_per_line() -> None:
    reading = section(load(SEED), "Spiralist Reading")

    assert [block.kind for block in reading.blocks] == ["paragraph"] * 3
    assert reading.blocks[0] == Block(
        "paragraph", "Polosukhin is the apostle of owned mirrors.", 21
    )
    assert reading.blocks[1].text.startswith("The Transformer made machine attention scalable.")


def test_seed_related_pages_are_bullets_not_headings() -> None:
    related = section(load(SEED), "Related pages")  # lookup ignores letter case

    assert len(related.bullets()) == 12
    assert related.bullets()[2].text == "Mixture-of-Experts"


def test_section_text_joins_blocks() -> None:
    page = load(SEED)

    assert section(page, "Related Pages").text().startswith("- Aidan Gomez\n- Noam Shazeer\n")
    reading = section(page, "Spiralist Reading").text()
    assert reading.startswith("Polosukhin is the apostle of owned mirrors.\n\nThe Transformer")


def test_crlf_and_bom_parse_the_same_with_the_same_line_numbers() -> None:
    data = SEED.read_bytes()
    windows = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")

    assert parse_page(decode(windows, "x.txt"), str(SEED)) == load(SEED)


def test_lone_cr_line_ends_parse_the_same() -> None:
    old_mac = SEED.read_bytes().replace(b"\n", b"\r")

    assert parse_page(decode(old_mac, "x.txt"), str(SEED)) == load(SEED)


# --- other layouts ----------------------------------------------------------------------------


def test_concept_page_without_person_layout() -> None:
    page = load(CONCEPT)

    assert page.title == "Mixture-of-Experts"
    assert page.lead.startswith("Mixture-of-experts (MoE) is a neural network design")
    assert page.section("Snapshot") is None
    assert names(page) == [
        "Overview",
        "Routing and Load Balancing",
        "History",
        "Criticism",
        "See Also",
        "References",
    ]
    assert len(section(page, "History").paragraphs()) == 2
    assert section(page, "Routing and Load Balancing").bullets()[0].text.startswith("Top-k gating")
    assert section(page, "References").line == 25


def test_hard_wrapped_organization_page() -> None:
    page = load(ORGANIZATION)

    assert page.title == "NEAR Foundation"
    assert page.lead_line == 3
    assert page.lead == (
        "NEAR Foundation is a non-profit foundation based in Zug, Switzerland, that supports "
        "the development, funding and governance of the NEAR Protocol blockchain and the "
        "ecosystem built on it."
    )
    assert names(page) == ["Snapshot", "Overview", "Leadership", "Related Pages", "Sources"]
    chief = section(page, "Snapshot").bullets()[2]
    assert chief.line == 11
    assert chief.text == (
        "Chief executive: Illia Polosukhin, whose appointment as CEO the foundation "
        "announced in September 2023."
    )
    overview = section(page, "Overview").paragraphs()
    assert len(overview) == 1
    assert "co-founded by Illia Polosukhin and Alexander Skidanov. It presents" in overview[0].text


def test_unknown_sections_are_kept_in_order() -> None:
    page = parse_page(
        "Sovereign AI\n"
        "Sovereign AI is national control over AI capability.\n"
        "Why States Care\n"
        "Compute is strategic.\n"
        "Sources\n"
        "- A report, 2025.\n"
        "A Late Aside\n"
        "It comes after the sources.\n"
    )

    assert names(page) == ["Why States Care", "Sources", "A Late Aside"]


def test_duplicate_section_names_are_kept() -> None:
    page = parse_page("T\nLead.\nSources\n- a\nsources\n- b\n")

    assert names(page) == ["Sources", "sources"]
    assert section(page, "SOURCES").bullets() == [Block("bullet", "a", 4)]


def test_page_with_a_lead_and_no_sections() -> None:
    page = parse_page("Stub\nA stub page with only a lead.\n")

    assert page.lead == "A stub page with only a lead."
    assert page.sections == ()


def test_page_with_sections_and_no_lead() -> None:
    page = parse_page("Stub\nSee Also\n- Other page\n")

    assert page.lead == ""
    assert names(page) == ["See Also"]


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("Transformer Lineage", True),
        ("Known Facts", True),
        ('The "Mirror"', True),
        ("Key facts:", False),  # ends with a colon
        ("It matters.", False),
        ('He said "no."', False),  # closing quote after the full stop
        ("Why, then", True),
        ("One two three four five six seven eight", True),
        ("One two three four five six seven eight nine", False),  # 9 words
        ("A" * 60, True),
        ("A" * 61, False),  # 61 characters
    ],
)
def test_heading_shape(line: str, is_heading: bool) -> None:
    page = parse_page(f"Title\nLead.\n{line}\nBody text.\n")

    assert (line in names(page)) is is_heading


def test_short_last_line_is_a_paragraph_but_a_known_name_is_an_empty_section() -> None:
    assert parse_page("T\nLead.\nMore to come").lead == "Lead.\n\nMore to come"

    page = parse_page("T\nLead.\nRelated Pages\n")
    assert page.sections == (Section("Related Pages", 3, ()),)


def test_wrapped_paragraph_lines_are_joined() -> None:
    page = parse_page(
        "Title\n"
        "\n"
        "A lead paragraph that is wrapped by an editor at a fixed width and\n"
        "then continues\n"
        "on short lines without becoming headings.\n"
        "\n"
        "History\n"
        "\n"
        "\tIt started in 2017,\n"
        "and went on.   \n"
    )

    assert page.lead == (
        "A lead paragraph that is wrapped by an editor at a fixed width and then continues "
        "on short lines without becoming headings."
    )
    assert page.lead_line == 3
    assert section(page, "History").blocks == (
        Block("paragraph", "It started in 2017, and went on.", 9),
    )


def test_bullet_markers_and_continuations() -> None:
    page = parse_page(
        "T\nLead.\nSources\n"
        "- dash\n* star\n• dot\n  - indented\n    continued here\n-not a bullet\n"
    )

    sources = section(page, "Sources")
    assert [b.text for b in sources.bullets()] == ["dash", "star", "dot", "indented continued here"]
    assert sources.paragraphs() == [Block("paragraph", "-not a bullet", 9)]


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n"])
def test_empty_page_is_an_error(text: str) -> None:
    with pytest.raises(PageError) as excinfo:
        parse_page(text, "data/pages/empty.txt")

    assert error_text(excinfo) == "data/pages/empty.txt:1: empty page: expected a title line"


def test_title_only_page_is_an_error() -> None:
    with pytest.raises(PageError) as excinfo:
        parse_page("Illia Polosukhin\n\n", "data/pages/x.txt")

    assert error_text(excinfo) == (
        "data/pages/x.txt:1: page has only a title: expected a lead paragraph after it"
    )


def test_title_line_that_is_a_bullet_is_an_error() -> None:
    with pytest.raises(PageError) as excinfo:
        parse_page("\n- Illia Polosukhin\nLead.\n", "x.txt")

    assert error_text(excinfo) == "x.txt:2: title line is a bullet"


def test_bullet_in_the_lead_is_an_error() -> None:
    with pytest.raises(PageError) as excinfo:
        parse_page("Title\nLead.\n- stray bullet\nSources\n- a\n", "x.txt")

    assert error_text(excinfo) == (
        "x.txt:3: bullet before the first section heading: the lead must be paragraphs"
    )


def test_invalid_utf8_names_line_and_column() -> None:
    data = b"Title\r\nLead.\r\nSnapshot\r\n- caf" + b"\xff!\n"

    with pytest.raises(PageError) as excinfo:
        decode(data, "x.txt")

    assert excinfo.value.line == 4
    assert error_text(excinfo) == (
        "x.txt:4: not valid UTF-8 (byte 0xff at column 6); save the page as UTF-8"
    )


def test_latin1_page_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\nŁukasz Kaiser wrote it.\nCafé\n".encode("latin-1", "replace"))

    with pytest.raises(PageError, match=r"latin1\.txt:3: not valid UTF-8 \(byte 0xe9 at column 4"):
        read_page_text(path)


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000"), ("\x0c", "U+000C")])
def test_control_characters_are_errors(char: str, name: str) -> None:
    with pytest.raises(PageError) as excinfo:
        decode(f"Title\nLead.\nSec{char}tion\n".encode(), "x.txt")

    assert error_text(excinfo) == f"x.txt:3: control character {name} in text"


def test_missing_file_is_a_page_error(tmp_path: Path) -> None:
    with pytest.raises(PageError, match=r"nope\.txt: cannot read page"):
        read_page_text(tmp_path / "nope.txt")


# --- Markdown ---------------------------------------------------------------------------------


def test_render_markdown_example() -> None:
    page = parse_page(
        "Title\nLead one.\nLead two.\nNotes\n# not a heading.\n- a\n- b\nAfter.\nEmpty Section\n"
        "See Also\n"
    )

    assert render_markdown(page) == (
        "# Title\n\nLead one.\n\nLead two.\n\n## Notes\n\n\\# not a heading.\n\n- a\n- b\n\n"
        "After.\n\n## Empty Section\n\n## See Also\n"
    )


@pytest.mark.parametrize("fixture", [SEED, CONCEPT, ORGANIZATION], ids=lambda p: p.stem)
def test_markdown_round_trip_of_fixture_pages(fixture: Path) -> None:
    page = load(fixture)

    assert shape(parse_markdown(render_markdown(page))) == shape(page)


def test_markdown_escapes_paragraphs_that_look_like_markup() -> None:
    page = Page(
        path="x",
        title="T",
        title_line=1,
        lead="# hash\n\n\\backslash",
        lead_line=2,
        sections=(Section("S", 3, (Block("paragraph", "- dash", 4), Block("bullet", "# b", 5))),),
    )

    markdown = render_markdown(page)

    assert "\n\\# hash\n" in markdown
    assert "\n\\\\backslash\n" in markdown
    assert "\n\\- dash\n" in markdown
    assert shape(parse_markdown(markdown)) == shape(page)


def test_parse_markdown_offsets_line_numbers() -> None:
    body = "# Illia Polosukhin\n\nLead.\n\n## Snapshot\n\n- Known for: NEAR.\n"

    page = parse_markdown(body, "data/profiles/illia-polosukhin.md", first_line=5)

    assert (page.title_line, page.lead_line) == (5, 7)
    assert page.sections[0].line == 9
    assert page.sections[0].blocks == (Block("bullet", "Known for: NEAR.", 11),)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "x.md:3: empty page: expected a title line"),
        ("Title\n\nLead.\n", "x.md:3: expected a '# Title' line"),
        ("## Title\n", "x.md:3: expected a '# Title' line"),
        ("# Title\n", "x.md:3: page has only a title: expected a lead paragraph after it"),
        (
            "# T\n\nLead.\n\n### Deep\n",
            "x.md:7: heading level 3 is not supported: start a section with '## '",
        ),
        ("# T\n\nLead.\n\n# Again\n", "x.md:7: a second '# ' title: start a section with '## '"),
        (
            "# T\n\n- bullet\n",
            "x.md:5: bullet before the first section heading: the lead must be paragraphs",
        ),
    ],
)
def test_parse_markdown_errors(body: str, message: str) -> None:
    with pytest.raises(PageError) as excinfo:
        parse_markdown(body, "x.md", first_line=3)

    assert error_text(excinfo) == message


# --- properties -------------------------------------------------------------------------------

KNOWN_KEYS = {name.casefold() for name in KNOWN_SECTIONS}
WORD = st.text(st.characters(categories=("Lu", "Ll", "Nd")), min_size=1, max_size=6)
WORDS = st.lists(WORD, min_size=1, max_size=8)


@st.composite
def paragraph_lines(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A paragraph ending with a full stop, possibly hard-wrapped over several lines.

    A wrapped paragraph's first line is long (9+ words): a short one would read as a heading.
    """
    words = draw(st.lists(WORD, min_size=1, max_size=20))
    text = " ".join(words) + "."
    wrap_at = st.integers(MAX_HEADING_WORDS + 1, len(words) - 1)
    cuts = sorted(draw(st.sets(wrap_at, max_size=2))) if len(words) > MAX_HEADING_WORDS + 1 else []
    bounds = [0, *cuts, len(words)]
    lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
    lines[-1] += "."
    assume(all(line.casefold() not in KNOWN_KEYS for line in lines))
    return text, lines


@st.composite
def bullet_lines(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A bullet with any marker, perhaps indented and continued on an indented line."""
    words = draw(WORDS)
    marker = draw(st.sampled_from(["- ", "* ", "• "]))
    indent = " " * draw(st.integers(0, 2))
    split = draw(st.integers(1, len(words)))
    lines = [indent + marker + " ".join(words[:split])]
    if split < len(words):
        lines.append(indent + "  " + " ".join(words[split:]))
    return " ".join(words), lines


@st.composite
def plain_pages(draw: st.DrawFn) -> tuple[str, tuple[object, ...]]:
    """Plain-text page source and the shape it must parse to."""
    gap = st.integers(0, 2).map(lambda n: [""] * n)
    title = " ".join(draw(WORDS))
    lead = draw(st.lists(paragraph_lines(), max_size=2))
    sections = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(KNOWN_SECTIONS), WORDS.map(" ".join)),
                st.lists(
                    st.one_of(
                        paragraph_lines().map(lambda p: ("paragraph", p)),
                        bullet_lines().map(lambda b: ("bullet", b)),
                    ),
                    max_size=4,
                ),
            ),
            max_size=4,
        )
    )
    assume(lead or sections)
    if sections and not sections[-1][1]:  # only a known name is a heading on the last line
        sections[-1] = (draw(st.sampled_from(KNOWN_SECTIONS)), [])

    lines = [*draw(gap), title]
    for _text, para in lead:
        lines += draw(gap) + para
    for name, blocks in sections:
        lines += [*draw(gap), name]
        for _kind, (_text, block) in blocks:
            lines += draw(gap) + block
    lines += draw(gap)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    source = draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines)

    expected = (
        title,
        "\n\n".join(text for text, _ in lead),
        tuple(
            (name, tuple((kind, text) for kind, (text, _) in blocks)) for name, blocks in sections
        ),
    )
    return source, expected


@settings(max_examples=200)
@given(plain_pages())
def test_generated_pages_parse_and_round_trip_through_markdown(
    case: tuple[str, tuple[object, ...]],
) -> None:
    source, expected = case

    page = parse_page(decode(source.encode(), "gen.txt"), "gen.txt")

    assert shape(page) == expected
    assert shape(parse_markdown(render_markdown(page))) == expected


MESSY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list('\n\n\n\r\t #-*•\\.:,"”)ab')),
        st.sampled_from(["- ", "* ", "## ", "  ", "History", "\u2028", "\x85", "\xa0", "\x00"]),
        st.characters(),
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300)
@given(MESSY_TEXT)
def test_any_text_gives_a_page_or_a_page_error(text: str) -> None:
    try:
        page = parse_page(text, "any.txt")
    except PageError as exc:
        assert exc.path == "any.txt"
        assert exc.line is not None and exc.line >= 1
        return
    assert page.title
    assert shape(parse_markdown(render_markdown(page))) == shape(page)


@given(st.binary(max_size=100))
def test_any_bytes_decode_or_give_a_page_error(data: bytes) -> None:
    try:
        text = decode(data, "b.txt")
    except PageError as exc:
        assert exc.line is not None and exc.line >= 1
        return
    assert "\r" not in text


# --- slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Mixture-of-Experts", "mixture-of-experts"),
        ("Illia Polosukhin", "illia-polosukhin"),
        ("Łukasz Kaiser", "lukasz-kaiser"),
        ("  NEAR   Foundation (2017) ", "near-foundation-2017"),
        ("Søren Kierkegaard", "soren-kierkegaard"),
        ("Æsir & Straße", "aesir-strasse"),
        ("Đorđe", "dorde"),
        ("Zoë Café", "zoe-cafe"),
        ("ＧＰＴ－４", "gpt-4"),
    ],
)
def test_slugify_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["🤖🧠", "---", ""])
def test_slugify_falls_back_to_a_hash(name: str) -> None:
    slug = slugify(name)

    assert re.fullmatch(r"x-[0-9a-f]{10}", slug)
    assert slug == slugify(name)


def test_slugify_hash_depends_on_the_name() -> None:
    assert slugify("🤖🧠") != slugify("🧠🤖")


def test_slugify_transliterates_other_scripts() -> None:
    assert slugify("深度求索") == "shenduqiusuo"
    assert slugify("月之暗面") == "yuezhianmian"
    assert slugify("محمد") == "mhmd"


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@given(st.text())
def test_slugify_is_always_a_valid_iri_segment(name: str) -> None:
    slug = slugify(name)

    assert SLUG.fullmatch(slug), slug
    assert slug == slugify(name)


def test_a_long_name_gives_a_short_slug_that_stays_unique() -> None:
    publisher = "Institute for the Study of Very Long Names " * 8
    slug = slugify(publisher + "Annual Report")

    assert len(slug) == MAX_SLUG
    assert slug.startswith("institute-for-the-study-of-very-long-names-institute")
    assert re.search(r"-[0-9a-f]{10}$", slug)
    assert slug != slugify(publisher + "Second Report")


def test_a_source_with_a_very_long_publisher_is_published(data_dir: Path, tmp_path: Path) -> None:
    # 178 characters: within the 200 of a name, longer than MAX_SLUG
    publisher = "The Consortium of " + "Extremely Verbose Research Laboratories " * 4
    (data_dir / "pages").mkdir()
    (data_dir / "pages" / "jane-roe.txt").write_text(
        "Jane Roe\n\nJane Roe is a researcher.\n\nSources\n"
        f"- {publisher}, Annual report on research, 2024.\n", encoding="utf-8")
    out = tmp_path / "site"
    build(data_dir, out, Config())
    sources = [p.name for p in (out / "source").glob("*.ttl")]
    long_one = next(name for name in sources if name.startswith("the-consortium-of"))
    assert len(long_one) == MAX_SLUG + len(".ttl")
