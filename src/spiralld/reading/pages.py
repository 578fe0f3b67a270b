"""Read encyclopedia pages: the plain-text pages as published, and the Markdown body of a profile.

A plain-text page looks like this (one line per paragraph, no Markdown)::

    Illia Polosukhin
    Illia Polosukhin is a Ukrainian-born AI researcher and entrepreneur ...
    Snapshot
    - Known for: co-authoring Attention Is All You Need, ...
    Transformer Lineage
    Polosukhin is one of the eight authors of Attention Is All You Need, ...

How a plain-text page is read:

- **Text.** UTF-8, with or without a byte-order mark; CRLF and lone CR line ends are read as LF.
  Control characters other than tab and newline are an error. A tab counts as one space and
  trailing whitespace is ignored.
- **Title.** The first non-blank line. It must not be a bullet.
- **Lead.** The paragraph(s) after the title, up to the first heading. A page needs a lead or at
  least one section; a bullet before the first heading is an error.
- **Bullets.** Lines starting with "- ", "* " or "• " (indentation allowed). An indented line
  directly below a bullet continues that bullet.
- **Paragraphs.** A non-blank line that is neither a bullet nor a heading continues the paragraph
  directly above it (joined with one space), unless that paragraph's last line ends a sentence
  (". ! ? :" or "…", optionally followed by a closing quote or bracket). So a page with one line
  per paragraph and a page of hard-wrapped text separated by blank lines are both read correctly;
  in wrapped text, though, a line break right after a full stop also starts a new paragraph.
  A blank line always ends a paragraph.
- **Headings.** A line is a section heading when it is not a bullet and either

  (a) it is a known section name: Snapshot, Spiralist Reading, Open Questions, Related Pages,
  Sources, See Also, References, Overview, History, Background or Criticism (any letter case);
  or

  (b) it looks like a heading: it has at most 60 characters and at most 8 words, does not end
  with sentence punctuation (". ! ? : ; , …", optionally followed by a closing quote or bracket),
  is followed (after optional blank lines) by more content, and does not continue a wrapped
  paragraph (the line directly above is not a paragraph line that stops mid-sentence).

  Sections are kept in file order, including unknown and repeated names.

- **Size.** One piece of a page is published as one text value, so each is bounded (the
  table is :data:`spiralld.reading.limits.LIMITS`): a title or section name holds at most 200
  characters, and the lead or one section at most 100,000 characters (about 15,000 words;
  split a longer section under more headings). Beyond that the page is refused at the line
  where the piece starts. A page file holds at most 50,000,000 bytes.

The Markdown body of a profile uses "# Title", then the lead paragraphs, then "## Section"
headings with paragraphs and "- " bullets. A paragraph that would otherwise read as a heading or
a bullet (or that starts with a backslash) is written with a leading backslash, which
:func:`parse_markdown` removes again.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from anyascii import anyascii

from spiralld.errors import PageError
from spiralld.reading.limits import LIMITS, check_file

KNOWN_SECTIONS: tuple[str, ...] = (
    "Snapshot",
    "Spiralist Reading",
    "Open Questions",
    "Related Pages",
    "Sources",
    "See Also",
    "References",
    "Overview",
    "History",
    "Background",
    "Criticism",
)
"""Section names that are always headings, whatever their context."""

MAX_HEADING_CHARS = 60
MAX_HEADING_WORDS = 8
MAX_NAME_CHARS = LIMITS["name"].maximum
"""The longest title or section name (a Markdown "## " heading may be any length otherwise)."""
MAX_TEXT_CHARS = LIMITS["text"].maximum
"""The longest lead or section text: each is published as one literal."""

_KNOWN_KEYS = frozenset(name.casefold() for name in KNOWN_SECTIONS)
_CLOSERS = "\"'”’»)]"
_HEADING_STOPS = ".!?:;,…"
_SENTENCE_ENDS = ".!?:…"
_BULLET = re.compile(r"[-*•]\s+(?=\S)")
_MD_HEADING = re.compile(r"(#+)(?:\s+(.*))?")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")

BlockKind = Literal["paragraph", "bullet"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a bullet; ``line`` is the 1-based line where it starts."""

    kind: BlockKind
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it; ``line`` is the line of the heading."""

    name: str
    line: int
    blocks: tuple[Block, ...]

    def bullets(self) -> list[Block]:
        """The bullet blocks, in order."""
        return [block for block in self.blocks if block.kind == "bullet"]

    def paragraphs(self) -> list[Block]:
        """The paragraph blocks, in order."""
        return [block for block in self.blocks if block.kind == "paragraph"]

    def text(self) -> str:
        """The blocks as text: paragraphs separated by blank lines, bullets as "- x" lines."""
        return _join_blocks(self.blocks, escape=False)


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page. ``lead_line`` is the first lead line (the first heading if no lead)."""

    path: str
    title: str
    title_line: int
    lead: str
    lead_line: int
    sections: tuple[Section, ...]

    def section(self, name: str) -> Section | None:
        """The first section called ``name`` (any letter case), or None."""
        key = _key(name)
        return next((s for s in self.sections if _key(s.name) == key), None)


# --- text -------------------------------------------------------------------------------------


def decode(data: bytes, path: str) -> str:
    """Decode a page's bytes: UTF-8 (optional BOM), LF line ends, no stray control characters."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = _normalize_newlines(data[: exc.start].decode("utf-8").removeprefix("\ufeff"))
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        message = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); "
            "save the page as UTF-8"
        )
        raise PageError(message, path, line) from None
    return _normalize(text, path)


def read_page_text(path: str | Path) -> str:
    """Read a page file and decode it (see :func:`decode`)."""
    check_file(Path(path), "page file")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PageError(f"cannot read page: {exc.strerror or exc}", path) from None
    return decode(data, str(path))


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalize(text: str, path: str, first_line: int = 1) -> str:
    """Strip a BOM, turn CRLF/CR into LF and reject control characters other than tab/LF."""
    text = _normalize_newlines(text.removeprefix("\ufeff"))
    bad = _BAD_CONTROL.search(text)
    if bad:
        line = first_line + text.count("\n", 0, bad.start())
        raise PageError(f"control character U+{ord(bad.group()):04X} in text", path, line)
    return text


def _lines(text: str) -> list[str]:
    # split on "\n" only: str.splitlines() also breaks on U+2028 etc. and would shift line numbers
    return [line.replace("\t", " ").rstrip() for line in text.split("\n")]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _bullet_text(line: str) -> str | None:
    """The text of a bullet line, or None if the line is not a bullet."""
    stripped = line.strip()
    match = _BULLET.match(stripped)
    return stripped[match.end() :] if match else None


def _ends_with(text: str, stops: str) -> bool:
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in stops


def _looks_like_heading(text: str) -> bool:
    """Rule (b) without its context: short, few words, no sentence punctuation at the end."""
    return (
        len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and not _ends_with(text, _HEADING_STOPS)
    )


# --- parsing ----------------------------------------------------------------------------------


class _Builder:
    """Collects the lead, sections and blocks while the lines of a page are walked."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lead: list[str] = []
        self.lead_line = 0
        self.sections: list[Section] = []
        self.heading: tuple[str, int] | None = None
        self.blocks: list[Block] = []
        self.kind: BlockKind | None = None  # the block being collected, if any
        self.parts: list[str] = []
        self.start = 0

    def open(self, kind: BlockKind, text: str, line: int) -> None:
        self.close()
        if self.heading is None:
            if kind == "bullet":
                raise PageError(
                    "bullet before the first section heading: the lead must be paragraphs",
                    self.path,
                    line,
                )
            self.lead_line = self.lead_line or line
        self.kind, self.parts, self.start = kind, [text], line

    def extend(self, text: str) -> None:
        self.parts.append(text)

    def close(self) -> None:
        if self.kind is None:
            return
        text = " ".join(self.parts)
        if self.heading is None:
            self.lead.append(text)
        else:
            self.blocks.append(Block(self.kind, text, self.start))
        self.kind = None

    def section(self, name: str, line: int) -> None:
        self.close()
        self._finish_section()
        self.lead_line = self.lead_line or line
        self.heading = (name, line)

    def _finish_section(self) -> None:
        if self.heading is not None:
            name, line = self.heading
            section = Section(name, line, tuple(self.blocks))
            size = len(section.text())
            if size > MAX_TEXT_CHARS:
                raise PageError(
                    f"section {_shorten(name)!r} has {size:,} characters, more than "
                    f"{MAX_TEXT_CHARS:,}: split it under more headings",
                    self.path,
                    line,
                )
            self.sections.append(section)
            self.blocks = []

    def page(self, title: str, title_line: int) -> Page:
        self.close()
        self._finish_section()
        if not self.lead and not self.sections:
            raise PageError(
                "page has only a title: expected a lead paragraph after it", self.path, title_line
            )
        lead = "\n\n".join(self.lead)
        if len(lead) > MAX_TEXT_CHARS:
            raise PageError(
                f"the lead has {len(lead):,} characters, more than {MAX_TEXT_CHARS:,}: "
                "move some of it into sections",
                self.path,
                self.lead_line,
            )
        return Page(
            path=self.path,
            title=title,
            title_line=title_line,
            lead=lead,
            lead_line=self.lead_line,
            sections=tuple(self.sections),
        )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_name(name: str, what: str, path: str, line: int) -> str:
    """Refuse a title or section name longer than MAX_NAME_CHARS."""
    if len(name) > MAX_NAME_CHARS:
        raise PageError(
            f"{what} {_shorten(name)!r} has {len(name):,} characters, more than {MAX_NAME_CHARS}",
            path,
            line,
        )
    return name


def _first_nonblank(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def parse_page(text: str, path: str = "<input>") -> Page:
    """Parse a plain-text page (the published format; see the module docstring for the rules)."""
    lines = _lines(_normalize(text, path))
    first = _first_nonblank(lines)
    if first is None:
        raise PageError("empty page: expected a title line", path, 1)
    if _bullet_text(lines[first]) is not None:
        raise PageError("title line is a bullet", path, first + 1)
    last = max(i for i, line in enumerate(lines) if line.strip())

    build = _Builder(path)
    previous = "title"  # what the line directly above is: title, blank, heading, bullet, paragraph
    for index in range(first + 1, len(lines)):
        raw, number = lines[index], index + 1
        stripped = raw.strip()
        bullet = _bullet_text(raw)
        if not stripped:
            build.close()
            previous = "blank"
        elif bullet is not None:
            build.open("bullet", bullet, number)
            previous = "bullet"
        elif previous == "bullet" and raw[0].isspace():
            build.extend(stripped)
        elif _key(stripped) in _KNOWN_KEYS:
            build.section(stripped, number)
            previous = "heading"
        elif previous == "paragraph" and not _ends_with(build.parts[-1], _SENTENCE_ENDS):
            build.extend(stripped)
        elif index < last and _looks_like_heading(stripped):
            build.section(stripped, number)
            previous = "heading"
        else:
            build.open("paragraph", stripped, number)
            previous = "paragraph"
    return build.page(_check_name(lines[first].strip(), "title", path, first + 1), first + 1)


def parse_markdown(text: str, path: str = "<input>", first_line: int = 1) -> Page:
    """Parse the Markdown body of a profile; ``first_line`` is the file line the body starts on."""
    lines = _lines(_normalize(text, path, first_line))
    first = _first_nonblank(lines)
    if first is None:
        raise PageError("empty page: expected a title line", path, first_line)
    title = _MD_HEADING.fullmatch(lines[first].strip())
    if title is None or len(title.group(1)) != 1 or not title.group(2):
        raise PageError("expected a '# Title' line", path, first_line + first)

    build = _Builder(path)
    previous = "title"
    for index in range(first + 1, len(lines)):
        raw, number = lines[index], first_line + index
        stripped = raw.strip()
        heading = _MD_HEADING.fullmatch(stripped)
        bullet = _bullet_text(raw)
        if not stripped:
            build.close()
            previous = "blank"
        elif heading is not None:
            build.section(_markdown_section_name(heading, path, number), number)
            previous = "heading"
        elif bullet is not None:
            build.open("bullet", bullet, number)
            previous = "bullet"
        elif previous == "bullet" and raw[0].isspace():
            build.extend(stripped)
        elif previous == "paragraph":
            build.extend(stripped)
        else:
            build.open("paragraph", _unescape(stripped), number)
            previous = "paragraph"
    return build.page(_check_name(title.group(2), "title", path, first_line + first),
                      first_line + first)


def _markdown_section_name(heading: re.Match[str], path: str, line: int) -> str:
    level, name = len(heading.group(1)), heading.group(2)
    if level == 1:
        raise PageError("a second '# ' title: start a section with '## '", path, line)
    if level > 2:
        raise PageError(
            f"heading level {level} is not supported: start a section with '## '", path, line
        )
    if not name:
        raise PageError("section heading without a name", path, line)
    return _check_name(name, "section name", path, line)


# --- rendering --------------------------------------------------------------------------------


def _escape(paragraph: str) -> str:
    """Backslash-escape a paragraph that Markdown would read as a heading or a bullet."""
    if paragraph.startswith(("#", "\\")) or _bullet_text(paragraph) is not None:
        return "\\" + paragraph
    return paragraph


def _unescape(line: str) -> str:
    """Undo :func:`_escape` on the first line of a Markdown paragraph."""
    return line[1:] if line.startswith("\\") and len(line) > 1 else line


def _join_blocks(blocks: Iterable[Block], escape: bool) -> str:
    groups: list[list[str]] = []
    previous: BlockKind | None = None
    for block in blocks:
        if block.kind == "bullet":
            line = f"- {block.text}"
            if previous == "bullet":
                groups[-1].append(line)
            else:
                groups.append([line])
        else:
            groups.append([_escape(block.text) if escape else block.text])
        previous = block.kind
    return "\n\n".join("\n".join(group) for group in groups)


def render_markdown(page: Page) -> str:
    """Write a page as Markdown ("# Title", lead, "## Section"); :func:`parse_markdown` reads it."""
    parts = [f"# {page.title}"]
    if page.lead:
        parts.extend(_escape(paragraph) for paragraph in page.lead.split("\n\n"))
    for section in page.sections:
        parts.append(f"## {section.name}")
        if section.blocks:
            parts.append(_join_blocks(section.blocks, escape=True))
    return "\n\n".join(parts) + "\n"


# --- slugs ------------------------------------------------------------------------------------

_TRANSLITERATE = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ẞ": "SS",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
    }
)


#: Longest slug: with the longest extension (.jsonld) well within 255 bytes a file name.
MAX_SLUG = 120


@functools.lru_cache(maxsize=1 << 16)
def _ascii(char: str) -> str:
    """One character of an NFC name in ASCII: a Latin letter without its accents (as slugs
    always were), another letter or digit as anyascii transliterates it ("日" -> "Ri",
    "Л" -> "L"), anything else (a symbol, an emoji) a space, as it always was."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_TRANSLITERATE))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    if plain.isascii():
        return plain
    if unicodedata.category(char)[0] in "LN":
        return anyascii(char)   # "" for a letter with no sound of its own (Arabic alef)
    return " "


@functools.lru_cache(maxsize=1 << 16)
def slugify(name: str) -> str:
    """A lowercase ASCII slug for IRIs: "Łukasz Kaiser" -> "lukasz-kaiser".

    The name is read in NFC, so one written composed or decomposed has one slug. Accents
    are dropped and other letters transliterated ("日本 Lab" -> "riben-lab", "Лаб Lab" ->
    "lab-lab"); runs of anything else become "-". A name with no letters or digits left gets
    "x-" and 10 hex digits of its SHA-1, so the slug is never empty and always the same for
    the same name. A slug longer than MAX_SLUG is cut and ends in "-" and those 10 digits,
    so the files named after it stay within file-system limits (255 bytes a name).
    """
    name = unicodedata.normalize("NFC", name)
    plain = name if name.isascii() else "".join(_ascii(c) for c in name)
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if slug and len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    if slug:   # too long for a file name: cut, and keep it unique with the digest
        return slug[:MAX_SLUG - 11].rstrip("-") + "-" + digest.hexdigest()[:10]
    return "x-" + digest.hexdigest()[:10]


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> tuple[str, ...]:
    """What makes two names the same name: their words (letters and digits) in NFC and
    case-folded. "NEAR Foundation", "near-foundation" and "Near  Foundation" are one name;
    "Łukasz" and "Lukasz", or "日本 Lab" and "Лаб Lab", are two, whatever their slugs."""
    return tuple(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", name).casefold()))
