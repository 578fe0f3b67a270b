"""Sentences of a page with their line and section, skipping interpretation and lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..reading.pages import Page
from ..reading.profiles import RELATED_SECTIONS, SOURCE_SECTIONS

#: Sections that are interpretation, questions or lists of links: never read for claims.
SKIPPED_SECTIONS = frozenset({"spiralist reading", "open questions"}) | RELATED_SECTIONS \
    | SOURCE_SECTIONS

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "al inc ltd corp co dr mr mrs ms prof jr sr st vs no etc e.g i.e u.s u.k u.n fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt gen rev".split()
)
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9À-Ý])")
_LABEL = re.compile(r"^([A-Z][\w /'’-]{0,40}):\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or bullet item) as written, where it starts, and under which label."""

    text: str
    line: int
    section: str
    label: str = ""


# Words that open a sentence and never follow an initial ("the Model X. From 2016 ...",
# "posted on X. He ...", against "John F. Kennedy").
_OPENERS = frozenset(
    "The A An In On At By From For After Before During Since Until When While Later Then "
    "He She It They His Her Its Their This That These Those There We I Like Unlike "
    "However Two Three".split())


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence (so a single letter before is a name
    such as "Model X", not an initial)."""
    word = re.match(r"[\"“(\[]?([A-Za-z]+)", text[pos:])
    return word is not None and word.group(1) in _OPENERS


def split(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping "et al.", "Inc.", "U.S." and initials."""
    out, start = [], 0
    for found in _BOUNDARY.finditer(text):
        before = text[start:found.start() + 1]
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.strip() else ""
        if text[found.start()] == "." and (word in _ABBREVIATIONS or len(word) == 1
                                           and not _starts_sentence(text, found.end())
                                           or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)):
            continue
        out.append(text[start:found.end()].strip())
        start = found.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def sentences(page: Page) -> Iterator[Sentence]:
    """The page's sentences in order: the lead, then each section not in SKIPPED_SECTIONS.
    A bullet "Label: text" keeps its label (e.g. "Known for") apart from its text."""
    for offset, paragraph in enumerate(page.lead.split("\n\n") if page.lead else ()):
        for text in split(paragraph):
            yield Sentence(text, page.lead_line + offset, "lead")
    for section in page.sections:
        if section.name.casefold() in SKIPPED_SECTIONS:
            continue
        for block in section.blocks:
            text, label = block.text, ""
            if block.kind == "bullet":
                found = _LABEL.match(text)
                if found:
                    label, text = found.group(1), text[found.end():]
            for part in split(text):
                yield Sentence(part, block.line, section.name, label)
