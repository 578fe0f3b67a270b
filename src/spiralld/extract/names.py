"""Names: the corpus's known names, the page's subject and its mentions, name spans."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..reading.pages import slugify

if TYPE_CHECKING:
    from ..reading.corpus import Corpus
    from ..reading.entities import Entity
    from ..reading.profiles import Profile, Source

#: Marks a mention of the page's subject in a sentence once mentions are replaced.
SUBJECT = "\x01"

_WORD = (r"(?:[A-Z](?:\.[A-Z])*\.(?=\s+[A-Z])|[A-ZÀ-Ý][\w'’&/.-]*[\w&]|[A-ZÀ-Ý]"
         r"|(?<![\w-])[a-z][A-Z][\w&-]*[\w&]"  # "eBay", "iRobot", "xAI"
         r"|[0-9]+(?:[A-Za-z]|\.[A-Z])[\w.-]*)")
_LINK = (r"(?:\s+(?:of|for|de|du|von|van|der|la|le|della|del|di|degli|delle|&)\s+"
         r"|\s+in\s+(?=[A-Z]{2,}\b)|\s+)")
NAME = rf"{_WORD}(?:{_LINK}{_WORD})*"
_NAME = re.compile(NAME)
_NOT_NAMES = frozenset(
    "The A An In On At By From This That These Those It Its He She His Her They Their "
    "After Before During Since Until When While Later Then Like Unlike With Under For".split()
)

# Words that end a name span: titles and months ("NEAR Foundation CEO", "Google in May").
TRAILERS = frozenset(
    "CEO CTO COO CFO CSO President Chairman Chair Director January February March April May "
    "June July August September October November December".split()
)


@dataclass(frozen=True, slots=True)
class KnownName:
    """A name the corpus knows: how a profile refers to it (``reference``) and its type."""

    reference: str
    type: str
    slug: str


@dataclass(frozen=True)
class KnownNames:
    """Every name and alternate name the corpus knows, looked up by its written form.

    Build it with :meth:`from_corpus` (profiles, shared entities) or :meth:`from_lists`.
    ``reference`` is the canonical name an editor writes in a profile's front matter
    (``organization: NEAR Protocol``, ``with: [Alexander Skidanov]``) or, for a work, its
    slug (``work: attention-is-all-you-need``)."""

    by_key: dict[str, KnownName] = field(default_factory=dict)

    @classmethod
    def from_lists(cls, entries: Iterable[tuple[str, Iterable[str], str, str]]) -> KnownNames:
        """From ``(name, alternate names, type, slug)`` rows; the first row of a name wins."""
        table: dict[str, KnownName] = {}
        for name, alternates, kind, slug in entries:
            work = kind not in ("Person", "Organization", "Concept")
            known = KnownName(slug if work else name, kind, slug)
            for written in (name, *alternates):
                table.setdefault(key(written), known)
        return cls(table)

    @classmethod
    def from_entities(cls, profiles: Iterable[Profile],
                      entities: Iterable[Entity]) -> KnownNames:
        rows = [(p.name, p.alternate_names, p.type, p.slug) for p in profiles]
        rows += [(e.name, e.alternate_names, e.type, e.slug) for e in entities]
        return cls.from_lists(rows)

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> KnownNames:
        return cls.from_entities(corpus.profiles, corpus.entities.values())

    def get(self, written: str) -> KnownName | None:
        return self.by_key.get(key(written))

    @cached_property
    def _written(self) -> dict[KnownName, tuple[str, ...]]:
        """The keys each known name is looked up by, and the surnames of people."""
        out: dict[KnownName, list[str]] = {}
        for written, known in self.by_key.items():
            out.setdefault(known, []).append(written)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _surnames(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for known in self._written:
            parts = known.reference.split()
            if known.type == "Person" and len(parts) > 1:
                out.setdefault(key(parts[-1]), []).append(known.reference)
        return {k: tuple(sorted(v)) for k, v in out.items()}

    def alternates(self, name: str) -> tuple[str, ...]:
        """The other names the corpus knows ``name`` by, as keys ("alex-skidanov")."""
        known = self.get(name)
        if known is None:
            return ()
        return tuple(w for w in self._written.get(known, ()) if w != key(name))

    def person_by_surname(self, surname: str, page: str) -> str | None:
        """The known person a bare surname refers to: the one of that surname whose full
        name the page writes, else the corpus's only one."""
        people = self._surnames.get(key(surname), ())
        on_page = [p for p in people if p in page]
        if len(on_page) == 1:
            return on_page[0]
        return people[0] if len(people) == 1 else None


@functools.lru_cache(maxsize=65536)
def key(name: str) -> str:
    """The lookup key of a written name: its slug (case, accents and punctuation folded)."""
    return slugify(name)


PRONOUNS = ("He", "She", "he", "she", "him", "her")
#: \b(?:(he|him|his|himself)|she|her|hers|herself)\b, written to open with a letter (so the
#: regex engine skips to "h" and "s" fast) and a look behind it for the word boundary.
_PRONOUN = re.compile(r"(?:h(?<!\wh)(?P<he>e|im|is|imself)|s(?<!\ws)he"
                      r"|h(?<!\wh)(?:er|ers|erself))\b")
_PERSONISH = re.compile(r"[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý]\.)?(?: [A-ZÀ-Ý][\w'’-]+){1,2}")
#: Last words of organizations' names, not people's.
ORG_WORDS = frozenset("AI Labs Lab Inc Corporation Foundation Institute University Research "
                       "Protocol Brain Group Company Systems Technologies Network".split())


def page_pronouns(text: str) -> tuple[str, ...]:
    """The pronouns that refer to a person on a page that mostly uses them: "he" on a page
    about a man is the subject, "she" there is someone else."""
    he = she = 0
    for found in _PRONOUN.finditer(text.lower()):  # one scan of the text for both
        if found.group("he") is not None:
            he += 1
        else:
            she += 1
    if he > 2 * she:
        return ("He", "he", "him")
    if she > 2 * he:
        return ("She", "she", "her")
    return PRONOUNS


#: A title going on after its first capitalized words ("Playing Atari with Deep ...").
_TITLE_GOES_ON = re.compile(r" (?:with|for|via|from) [A-Z][\w'’-]* [A-Z]")


def starts_with_other_person(marked: str, names: KnownNames) -> bool:
    """Whether a marked sentence opens with a person who is not the subject ("Daniela
    Amodei, his sister, is ..."): a pronoun in the next sentence is then theirs."""
    found = _PERSONISH.match(marked)
    if not found or _TITLE_GOES_ON.match(marked, found.end()):
        return False  # ("Playing Atari with Deep Reinforcement Learning, ...": a title)
    known = names.get(found.group(0))
    if known is not None:
        return known.type == "Person"
    return found.group(0).split()[-1] not in ORG_WORDS and found.group(0).split()[0] \
        not in _NOT_NAMES


@dataclass(frozen=True, slots=True)
class Subject:
    """The page's subject: its name, type (Person, Organization, ...) and other names."""

    name: str
    type: str
    alternate_names: tuple[str, ...] = ()

    @classmethod
    def of_profile(cls, profile: Profile) -> Subject:
        return cls(profile.name, profile.type, profile.alternate_names)

    def mentions(self, pronouns: tuple[str, ...] = PRONOUNS) -> list[str]:
        """How a page refers to the subject: full and alternate names, a person's surname,
        ``pronouns``; an organization's "the company" and "it"."""
        names = [self.name, *self.alternate_names]
        if self.type == "Person":
            parts = self.name.split()
            if len(parts) > 1 and len(parts[-1]) > 1:
                names.append(parts[-1])
            first = len(parts) - 1
            while first > 1 and parts[first - 1] in _PARTICLES:
                first -= 1
            if first < len(parts) - 1:  # "el Kaliouby", and "El Kaliouby" opening a sentence
                surname = " ".join(parts[first:])
                names += [surname, surname[0].upper() + surname[1:]]
            names += pronouns
        elif self.type == "Organization":
            names += [f"{a} {n}" for a in ("The", "the") for n in
                      ("company", "lab", "laboratory", "startup", "organization", "foundation",
                       "institute", "firm", "project", "nonprofit")]
            names += ["It"]
        return sorted(set(names), key=len, reverse=True)


#: Lower-case particles of a surname ("Rana el Kaliouby", "Guido van Rossum").
_PARTICLES = frozenset("al bin da das de del della der di dos du el ibn la le ten ter van von"
                       .split())


class Mentions:
    """Replaces the subject's mentions in a sentence with :data:`SUBJECT` (plain string
    search: no pattern is compiled per page)."""

    def __init__(self, subject: Subject, pronouns: tuple[str, ...] = PRONOUNS) -> None:
        self.surname = subject.name.split()[-1] if subject.type == "Person" else None
        self.mentions = subject.mentions(pronouns)
        self.pronouns = set(pronouns)

    def mark(self, text: str, pronouns: bool = True) -> str:
        """``text`` with each mention replaced; without pronouns when ``pronouns`` is False
        (the sentence before was about someone else)."""
        for mention in self.mentions:
            if not pronouns and mention in self.pronouns:
                continue
            at = text.find(mention)
            while at >= 0:
                end = at + len(mention)
                if _bounded(text, at, end) and not self._other_person(text, at, mention):
                    text = text[:at] + SUBJECT + text[end:]
                    at = text.find(mention, at + 1)
                else:
                    at = text.find(mention, end)
        return text

    def _other_person(self, text: str, at: int, mention: str) -> bool:
        """"Daniela Amodei" on Dario Amodei's page is not the subject."""
        if mention != self.surname:
            return False
        before = text[:at].rstrip()
        word = before.rsplit(None, 1)[-1] if before else ""
        return word[:1].isupper() and word not in _NOT_NAMES and not before.endswith(",")


def _bounded(text: str, at: int, end: int) -> bool:
    """Whether text[at:end] is a whole word or phrase."""
    return (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-\x01")) and \
        (end == len(text) or not (text[end].isalnum() or text[end] == "-"))


def name_at(text: str, pos: int, names: KnownNames) -> str | None:
    """The name starting at ``pos``: the longest known name there, else a capitalized span."""
    found = _NAME.match(text, pos)
    if not found:
        return None
    words = found.group(0).split()
    # A span that runs on into a title or a month ("NEAR Foundation CEO", "OpenAI May")
    # ends before it; then a known name inside the span wins.
    while len(words) > 1 and (words[-1] in TRAILERS or words[-1].rstrip(".") in TRAILERS):
        words.pop()
    for end in range(len(words), 0, -1):
        candidate = _bare(" ".join(words[:end]))
        if names.get(candidate) and (end == len(words) or words[end] in TRAILERS):
            return candidate
    span = _bare(" ".join(words))
    if _UNIT_HEADS.intersection(words) and len(words) == len(found.group(0).split()):
        # "Center for Research on Foundation Models": a unit's name runs on over "on".
        more = _ON_TAIL.match(text, found.end())
        if more:
            span = _bare(span + more.group(0))
    if len(words) == len(found.group(0).split()):
        head = _LOWER_HEAD.match(text, found.end()) or _spelled(text, found.end(), span)
        # "the Berkeley Artificial Intelligence Research lab (BAIR)": the acronym shows
        # the lower-case head is part of the name.
        span = span + head.group(0) if head else _run_on(text, found.end(), span, words, names)
    return None if span in _NOT_NAMES else span


def _run_on(text: str, end: int, span: str, words: list[str], names: KnownNames) -> str:
    """A name that runs on over a comma or an "and": a campus ("University of California,
    Berkeley") or a unit named by two words ("Reasoning and Learning Lab")."""
    if ("of" in words[1:-1] or "for" in words[1:-1]) and _AND_FIELD_HEADS.intersection(words):
        fields = _AND_FIELD.match(text, end)
        if fields:  # "University of Science and Technology", "... Sciences and Arts of X"
            return span + fields.group(0)
    if words[0] == "University" and len(words) > 2 and words[1] == "of":
        campus = _CAMPUS.match(text, end)
        if campus and not names.get(campus.group(1)):  # not "University of Toronto, Google"
            return span + campus.group(0)
    elif words[-1] not in ORG_WORDS and words[-1] not in _UNIT_HEADS and not names.get(span):
        unit = _AND_UNIT.match(text, end)
        if unit:
            return span + unit.group(0)
    return span


#: ", Berkeley" after "University of California", ending there ("(UC Berkeley)", ", in"),
#: not an item of a list ("University of Toronto, Google and Microsoft"; ", and Microsoft").
_CAMPUS = re.compile(r", ([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
                     r"(?=\s*\(|[.;]|,\s+(?!and\s+[A-Z])|\s+(?:in|as|from|since|until|where|when|to|"
                     r"for)\b|\s+and\s+(?![A-Z])|$)")
#: The second field of a university's name: "... of Science and Technology", "... of Applied
#: Sciences and Arts of Southern Switzerland".
_AND_FIELD = re.compile(r" and (?:Technology|Sciences?|Arts|Engineering|Medicine|Design|"
                        r"Humanities|Mathematics|Economics|Journalism|Communications?|Media|"
                        r"Policy|Management)\b(?: Policy)?(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?")
_AND_FIELD_HEADS = frozenset({"University", "Institute", "School", "College", "Academy",
                              "Office", "Department", "Ministry", "Council"})
_AND_UNIT = re.compile(r" and (?:[A-Z][a-z]+ ){0,2}(?:Lab|Laboratory|Group|Institute|Center|"
                       r"Centre|Program|Programme|Initiative|Unit)\b")


_LOWER_TAIL = re.compile(r" ([a-z]+)(?= \(([A-Z]{2,6})\))")
_LINK_WORDS = frozenset("of for de du von van der la le della del di degli delle and".split())


def _spelled(text: str, end: int, span: str) -> re.Match[str] | None:
    """A lower-case last word that the bracketed acronym after it spells with the rest
    ("Università della Svizzera italiana (USI)")."""
    tail = _LOWER_TAIL.match(text, end)
    if tail is None:
        return None
    initials = "".join(w[0] for w in span.split() if w not in _LINK_WORDS) + tail.group(1)[0]
    return tail if initials.upper() == tail.group(2) else None


_LOWER_HEAD = re.compile(r" (?:lab|laboratory|group|institute|center|centre)(?= \([A-Z]{2,}\))")
_UNIT_HEADS = frozenset("Center Centre Institute Committee Commission Council Conference Office "
                        "Laboratory School Department Program Programme Initiative".split())
_ON_TAIL = re.compile(rf" on {NAME}")


def _bare(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s").rstrip(".,")


#: A person named after a description: "LinkedIn co-founder Reid Hoffman", "the researcher
#: Ada Example" (lower-case words, after at most one capitalized one, then a full name).
_DESCRIBED = re.compile(rf"(?:the\s+)?(?:{_WORD}\s+)?(?:[a-z][\w-]*\s+){{1,3}}"
                        rf"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){{1,2}})")


def split_names(text: str) -> list[str]:
    """The names of a list "A, B, and C" (stopping at the first item that is not a name)."""
    out = []
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
        item = item.strip()
        if item == SUBJECT:
            out.append(item)
            continue
        described = _DESCRIBED.fullmatch(item)
        if described:  # "LinkedIn co-founder Reid Hoffman": the name after its description
            out.append(described.group("name"))
            continue
        found = _NAME.match(item)
        if not found or found.group(0) in _NOT_NAMES:
            break
        if found.end() < len(item):  # "Polosukhin in 2024": the list ends with this name
            if re.match(r"\s+(?:in|on|during|from|since|until|as|to)\b", item[found.end():]):
                out.append(found.group(0))
            break
        out.append(item)
    return out


# (These open with a character and look behind it for the word boundary: the regex engine
# skips to the character fast. They mean \bUniversity of ..., \b(?:joined|...) and so on.)
_UNIVERSITY = re.compile(r"U(?<!\wU)niversity of ((?:[A-Z][\w-]+ ){0,2}[A-Z][\w-]+)"
                         r"(?:, ([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?![\w-]| [A-Z]))?"
                         r"|([A-Z](?<!\w[A-Z])[\w-]+) University\b")


def _short_names(prose: str) -> dict[str, str]:
    """A university's place or campus as the page writes it for the university ("Berkeley"
    for "University of California, Berkeley", "Alberta" for "University of Alberta",
    "Stanford" for "Stanford University"), when the page names one university so."""
    out: dict[str, set[str]] = {}
    for found in _UNIVERSITY.finditer(prose):
        if found.group(3):
            out.setdefault(found.group(3), set()).add(found.group(0))
        elif found.group(2):
            out.setdefault(found.group(2), set()).add(found.group(0))
        else:
            out.setdefault(found.group(1), set()).add(found.group(0))
    return {short: next(iter(full)) for short, full in out.items() if len(full) == 1}


_ORG_CONTEXT = re.compile(r"(?:j(?<!\wj)oin(?:ed|ing)|l(?<!\wl)e(?:ft|aving)|r(?<!\wr)ejoined"
                          r"|a(?<!\wa)t)\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)")
_PLACE_CONTEXT = re.compile(r"(?:i(?<!\wi)n|t(?<!\wt)o|f(?<!\wf)rom|n(?<!\wn)ear"
                            r"|b(?<!\wb)ased\s+in)\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)"
                            r"(?:,\s+[A-Z]|\s+(?:and|in)\b)?")


def _organizations(prose: str, headings: list[str],
                   sources: tuple[Source, ...]) -> frozenset[str]:
    """Names the page shows are organizations, not places: a section heading's ("Apple, SGI
    and Microsoft"), a citation's publisher or author, a name the prose writes after "joined",
    "left" or "at"; less those it also writes as a place ("in London", "Palo Alto, California")."""
    names = {part for h in headings for part in re.split(r",\s*|\s+and\s+", h) if part}
    names |= {n for s in sources for n in (s.publisher, *s.authors) if n}
    names |= {m.group(1) for m in _ORG_CONTEXT.finditer(prose)}
    places = {m.group(1) for m in _PLACE_CONTEXT.finditer(prose) if m.group(0).startswith(
        ("in ", "near ", "based")) or re.search(r",\s+[A-Z]$", m.group(0))}
    return frozenset(names - places)

class PageNames:
    """What the page itself shows about names, read on first use (most pages need neither):
    the universities it names by their place (:func:`_short_names`) and the names it shows
    are organizations (:func:`_organizations`)."""

    def __init__(self, prose: str, headings: list[str], sources: tuple[Source, ...]) -> None:
        self.prose, self.headings, self.sources = prose, headings, sources

    @cached_property
    def short_names(self) -> dict[str, str]:
        return _short_names(self.prose)

    def full_name(self, written: str) -> str:
        """The university the page names by ``written`` (a place), else ``written``."""
        prose = self.prose
        if f"{written} University" not in prose and f"University of {written}" not in prose \
                and f", {written}" not in prose:
            return written  # (none of the shapes _short_names reads)
        return self.short_names.get(written, written)

    @cached_property
    def organizations(self) -> frozenset[str]:
        return _organizations(self.prose, self.headings, self.sources)
