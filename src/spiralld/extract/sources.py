"""Which of the page's citations support an extracted claim."""

from __future__ import annotations

import functools
import re

from ..reading.dates import PartialDate
from ..reading.profiles import Source
from .names import key

_RELATION_WORDS = re.compile(
    r"\b(?:found\w*|co-?found\w*|ceo|cto|chief|president|director|joins?|joined|leav\w*|"
    r"left|appoint\w*|names?|named|hires?|hired|steps?|role|professor|returns?|chair\w*)\b",
    re.IGNORECASE)


def _find(text: str, name: str) -> int:
    """Where ``name`` occurs in ``text`` as a whole phrase, or -1."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")) and \
                (end == len(text) or not (text[end].isalnum() or text[end] == "-")):
            return at
        at = text.find(name, at + 1)
    return -1


def _dated_after(source: Source, date: PartialDate | None) -> bool:
    when = source.date_published or source.date_reviewed
    return date is None or when is None or when.latest() >= date.earliest()


@functools.lru_cache(maxsize=8192)
def _says_relation(title: str) -> bool:
    """Whether a (case-folded) title says a founding or a role."""
    return _RELATION_WORDS.search(title) is not None


def supporting(sources: tuple[Source, ...], names: tuple[str, ...], others: tuple[str, ...],
               date: PartialDate | None) -> tuple[str, ...]:
    """Keys of the sources that support a claim about the organization called ``names``
    (its reference and the names the page uses for it): one it publishes or wrote, or one
    whose title names it and says a founding or a role; ``others`` are longer names that
    contain one of ``names`` ("NEAR AI" for "NEAR") and do not count."""
    out = []
    keys = {key(n) for n in names}
    folded = [n.casefold() for n in names if n]
    folded_others = [(o.casefold(), len(o)) for o in others]
    for source in sources:
        if not _dated_after(source, date):
            continue
        if source.publisher and key(source.publisher) in keys or any(
                key(b) in keys for b in source.authors if b):
            out.append(source.key)
            continue
        title = source.title.casefold()
        if not title or not _says_relation(title):
            continue
        removed = False
        for other, length in folded_others:
            while (at := _find(title, other)) >= 0:
                title = title[:at] + title[at + length:]
                removed = True
        if removed and not (title and _RELATION_WORDS.search(title)):
            continue
        if any(_find(title, n) >= 0 for n in folded):
            out.append(source.key)
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def title_variants(source: Source) -> tuple[str, ...]:
    """The source's title, and where the citation parser left authors or a publisher in it
    ("The Coming Wave, Crown"; "AI Superpowers: China, Silicon Valley, and the New World
    Order, Houghton Mifflin Harcourt"), its leading and trailing runs of comma-separated
    parts, longest first, each of two words or more."""
    parts = [p.strip() for p in source.title.split(", ")]
    if len(parts) == 1:
        return (source.title,)
    runs = {", ".join(parts[:n]) for n in range(1, len(parts))}
    runs |= {", ".join(parts[n:]) for n in range(1, len(parts))}
    runs |= set(parts)
    return (source.title, *sorted(
        (r for r in runs if len(r.split()) > 1 and not r.startswith("and ")
         and not re.search(r"\b(?:and others|et al)\b", r)), key=lambda r: (-len(r), r)))


def citing_work(sources: tuple[Source, ...], title: str) -> tuple[str, ...]:
    """Keys of the sources that are the work called ``title``."""
    title_key = key(title)
    return tuple(s.key for s in sources if title_key in _variant_keys(s))


@functools.lru_cache(maxsize=8192)
def _variant_keys(source: Source) -> frozenset[str]:
    return frozenset(key(v) for v in title_variants(source))


_DESCRIPTION = re.compile(r"[a-z]+\b(?![-\w])")


def describes_untitled(source: Source) -> bool:
    """Whether the citation's title describes an untitled item instead of naming a work:
    the house style writes titles capitalized, descriptions in lower case ("post on X
    announcing his departure from Tesla", "launch announcement of Perplexity Ask")."""
    return bool(_DESCRIPTION.match(source.title))


def is_author(source: Source, subject: str) -> bool:
    """Whether the citation names ``subject`` (a person's full name) among its authors:
    as written, by initial and surname ("G. Hinton"), or with middle initials ("Geoffrey E.
    Hinton")."""
    parts = subject.split()
    for author in source.authors:
        if key(author) == key(subject):
            return True
        words = author.replace(".", " ").split()
        if len(parts) > 1 and len(words) > 1 and key(words[-1]) == key(parts[-1]):
            if words[0][0].casefold() == parts[0][0].casefold() and len(words[0]) <= 2:
                return True
            first, given = key(words[0]), key(parts[0])
            if len(words) == 2 and min(len(first), len(given)) >= 3 and (
                    first.startswith(given) or given.startswith(first)):
                return True  # "Rich Sutton" for Richard Sutton, "Christopher Olah" for Chris
            middle = words[1:-1]
            if key(words[0]) == key(parts[0]) and middle and all(len(w) == 1 for w in middle):
                return True
    return False
