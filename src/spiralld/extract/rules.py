"""The extraction rules: regular expressions over one sentence whose subject mentions are
marked (:data:`~.names.SUBJECT`), each proposing foundings, roles or authorships."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

from ..reading.dates import MONTH_NAMES, PartialDate, parse_date
from .names import (
    NAME,
    ORG_WORDS,
    SUBJECT,
    TRAILERS,
    KnownNames,
    PageNames,
    name_at,
    split_names,
)

S = SUBJECT
#: "its" in "S became its CEO", until the sentence says whose.
ITS = "\x02"
_MONTHS = "|".join(MONTH_NAMES + ("Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
                                  "Sep", "Oct", "Nov", "Dec"))
DATE = rf"(?:(?:{_MONTHS})\.?\s+(?:[0-9]{{1,2}},?\s+)?)?[0-9]{{4}}"
#: (An opening clause may hold the subject after a word, as in "After finishing her
#: doctorate, S", never first.)
_INTRO = (r"(?:(?:When|After|Once|Although|Though|While|Before|Until)\s[^;\x01]{1,160}?,\s+(?=\x01)"
          r"|(?!Like\b|Unlike\b|As with\b|Similarly\b)"
          r"(?=[^,;]{1,120},)[^,;\x01]+(?:(?<=[a-z] )\x01(?= [a-z])[^,;\x01]*)*,\s+"
          r"|(?:In|From|Since|By|During|After|Before|Until|Between|Around|At|For|With|Alongside)\s"
          r"(?:[^,;\x01]|(?<=[a-z] )\x01(?= [a-z])){1,60}?\s"
          r"|(?:There|Then|Later|Afterwards|Subsequently)\s+)?")
_ADV = (r"(?:(?:later|also|subsequently|then|eventually|jointly|first|previously|once|"
        r"formerly|briefly|currently|now|still)\s+)?")
AGENT = (rf"(?:(?:^|;\s+){_INTRO}|\band\s+(?:then\s+|later\s+|in\s+{DATE},?\s+)?"
         rf"|,\s+(?:where|when)\s+|\bwhile\s+){S}"
         rf"(?:,[^,\x01]{{1,80}},)?"
         rf"\s+{_ADV}")
#: A sentence whose grammatical subject is the page's subject.
SUBJECT_FIRST = re.compile(rf"^{_INTRO}{S}\s")
# A verb coordinated with the subject's first verb: "S worked at X and later founded Y".
_COORDINATED = re.compile(
    # (\b(and|,) written to open with a character, so the engine skips to it fast)
    rf"(,(?<=\w,)|a(?<!\wa)nd)\s+(in\s+{DATE},?\s+)?"
    r"(?=(?:then\s+|later\s+|also\s+|subsequently\s+|eventually\s+)?"
    r"(?:has\s+)?"
    r"(?:co-?)?(?:founded|joined|left|served|became|returned|worked|held|directed|published|"
    r"wrote|authored|co-authored|co-wrote|moved|spent|was|is|stayed|remained|"
    r"led(?!\s+by))\b)")
_STOP = (r"(?:at|of|for|in|from|until|since|with|to|one|who|which|where|when|as|was|is|and|"
         r"the|a|an|its|their|there|then)\b")
_TAIL_WORD = rf"(?!{_STOP})(?:[a-z]+|AI|ML)"
#: A verb after "and" ends a title: "vice president of engineering and built its office".
_AND_VERB = (r"(?:built|led|ran|grew|became|left|joined|oversaw|took|made|won|wrote|helped|"
             r"started|founded|co-founded|launched|moved|worked|managed|served|created|returned|"
             r"later|then|spent|stayed|remained)\b")
_OF = rf"(?: of {_TAIL_WORD}(?: (?:and (?!{_AND_VERB}))?{_TAIL_WORD})*)?"
ROLE = (r"(?:(?=[lscp])(?:lead|senior|chief|principal) (?:programmer|developer|designer)|"
        r"(?=[cfiaCsevp])(?:co-?)?founder|(?:(?:interim|acting) )?(?:chief(?: [A-Za-z]+){0,2} "
        r"(?:officer|scientist|architect|economist|advis[eo]r)"
        r"|chief executive|chief [a-z]+|CEO|CTO|COO|CFO|CSO|deputy (?:CEO|chief executive)"
        rf"|(?:(?:senior |executive |corporate )?vice )?president{_OF})"
        r"|(?=[spta])(?:senior |principal |special |scientific |technical )?advis[eo]r"
        r"(?: on [A-Z]{2,4}\b)?"
        r"|(?=[splge])(?:senior |principal |lead |group )?"
        r"(?:product|program|project|engineering|general|research) manager"
        r"|(?=[necpga])(?:(?:non-)?executive |program |general |area )?(?:co-?)?"
        r"chair(?:man|woman|person)?"
        r"|(?=[emrfasdpcot])(?:executive |managing |research |founding |associate |assistant |"
        r"technical |"
        r"senior |"
        r"scientific |artistic |program |deputy |faculty |"
        r"(?:(?:p(?:olicy|roduct)|strategy|communications|engineering|operations|marketing)"
        r"(?: and (?:p(?:olicy|roduct)|strategy|communications|engineering|operations|"
        r"marketing))? ))?"
        rf"director{_OF}|co-director|head{_OF}|(?:technical |tech )?lead{_OF}"
        r"|(?=[afvrpeudci])(?:distinguished |university |institute |chancellor's )?"
        r"(?:assistant |associate |full |adjunct |visiting |research |external )?"
        rf"professor(?: emeritus)?{_OF}"
        r"|postdoctoral (?:researcher|fellow|scholar)"
        r"|member of (?:the )?technical staff|(?:core )?academic member|faculty member"
        r"|(?=[spdlvhrmef])(?:senior |principal |distinguished |staff |lead |visiting ){0,2}"
        r"(?:software |hardware |research |machine learning |education |teaching )?"
        r"(?:research scientist|scientist|researcher|engineer|fellow)"
        r"(?: in [a-z]+ (?:management|engineering|development|design))?"
        r"|research computer scientist"
        r"|(?=[tsbpifmcrj])(?:(?:t(?:echnology|ech)|s(?:cience|enior|taff|trategy)|business|"
        r"political|investigative|foreign|management) )?(?:reporter|correspondent|journalist"
        r"|columnist|consultant)"
        r"|(?:doctoral|graduate|PhD|postgraduate) (?:student|candidate)"
        r"|board member|member of the board"
        r"|(?=[givmofp])(?:(?:general|investing|venture|managing|operating|founding|part-time) )?"
        r"partner"
        r"|lecturer|intern)")
# Hedges, negations and conditions: such a sentence proposes nothing.
_HEDGE_WORDS = ("not", "never", "no longer", "reportedly", r"rumou?red", "allegedly",
                "supposedly", "may have", "might", "is said", "was said", "were said",
                r"speculat\w*", "unconfirmed", "declined", "turned down", "considered", "nearly",
                "almost", "would have", "could have", "if", "whether", "denied",
                r"claims? to have")


def _by_first_letter(words: tuple[str, ...]) -> str:
    """\b(?:w1|w2|...)\b written with the words grouped by their first letter, which the
    regex engine tries faster (the same matches)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return r"(?<!\w)(?:" + "|".join(f"{first}(?:{'|'.join(rest)})"
                                     for first, rest in groups.items()) + r")\b"


_HEDGE = re.compile(_by_first_letter(_HEDGE_WORDS))
_CLAUSE_END = re.compile(r";|,\s+(?:which|who|whose|where|while|but|although|though|and)\b"
                         r"|\s(?:but|before|whereas)\s|\.\s*$")


@dataclass(frozen=True, slots=True)
class Proposal:
    """What one rule read in one sentence, with names as written."""

    relation: str  # "founding", "role" or "authorship"
    rule: str
    organization: str = ""
    role_name: str | None = None
    cofounders: tuple[str, ...] = ()
    start: PartialDate | None = None
    end: PartialDate | None = None
    work: str = ""
    holder: str | None = None  # for a founding of another subject: its first founder


@dataclass
class Context:
    """What the rules know about the page: its names, subject type and works."""

    names: KnownNames
    subject_type: str
    titles: list[str]  # source titles and known work names, longest first
    publishers: frozenset[str] = frozenset()  # the citations' publishers, as written
    people: frozenset[str] = frozenset()  # the citations' authors, as written
    speaker: str | None = None
    last_org: str | None = None
    intro_date: PartialDate | None = None  # "In June 2025, ..." dates every clause
    at_org: str | None = None  # the O of a sentence opening "At O,"
    person: str | None = None  # the other person the sentence before, in its block, opened with
    prev_org: str | None = None  # the organization the sentence before named last
    page_names: PageNames | None = None  # what the page shows about names, read lazily
    acquirer: str | None = None  # O of "O acquired P" in the sentence before

    def full_name(self, written: str) -> str:
        """"Berkeley": the university the page names by its place; else ``written``."""
        return self.page_names.full_name(written) if self.page_names is not None else written

    @cached_property
    def folded_titles(self) -> list[tuple[str, str, str, str]]:
        """Each title, case-folded, and its part before ": " when that is a shorter title
        of two words or more (else empty), case-folded."""
        out = []
        for title in self.titles:
            short = title.split(": ", 1)[0]
            if short == title or len(short.split()) <= 1:
                short = ""
            out.append((title, title.casefold(), short, short.casefold()))
        return out

    @property
    def page_orgs(self) -> frozenset[str]:
        """Names the page shows are organizations, not places."""
        return self.page_names.organizations if self.page_names is not None else frozenset()


_ASIDE = re.compile(r",\s+(?:an?|which|who|whose|where|arguing|saying|describing|calling|"
                    r"claiming)\b")


def is_hedged(text: str) -> bool:
    """Whether the sentence's main clause (before an aside such as ", arguing that") is
    hedged, negated, conditional or a question."""
    if text.rstrip().endswith("?"):
        return True
    aside = _ASIDE.search(text)
    main = text[:aside.start()] if aside else text
    return bool(_HEDGE.search(main.lower().replace("not only", "")))


_SPACES = re.compile(r"\s+")
_FOUNDER = re.compile(r"(?:co-?)?founder", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _date(text: str) -> PartialDate | None:
    try:
        return parse_date(_SPACES.sub(" ", text))
    except ValueError:
        return None


#: "S was founded in D" on an organization's page: the founding's date, whoever founded it.
FOUNDED_IN = re.compile(rf"^(?:{SUBJECT}|In\s+({DATE}),?\s+{SUBJECT})\s+was\s+(?:co-?)?"
                        rf"(?:founded|established|started)(?:\s+in\s+({DATE}))?")


def dates_in(text: str) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
    """(start, end, at) read from "from D to D", "between D and D", "since D", "until D" and
    "in D" in ``text``."""
    start = end = at = None
    if not _YEAR.search(text):
        return start, end, at  # every date has a year
    found = _FROM_TO.search(text)
    if found:
        return _date(found.group(1)), _date(found.group(2)), None
    if found := _SINCE.search(text):
        start = _date(found.group(1))
    if found := _UNTIL.search(text):
        end = _date(found.group(1))
    if found := _IN_DATE.search(text):
        at = _date(found.group(1))
    return start, end, at


_FROM_TO = re.compile(rf"\b(?:[Ff]rom|[Bb]etween)\s+({DATE})\s+(?:to|until|through|and)\s+"
                      rf"({DATE})")
_SINCE = re.compile(rf"\b(?:[Ss]ince|[Ff]rom)\s+({DATE})")
_UNTIL = re.compile(rf"\b(?:[Uu]ntil|[Tt]hrough)\s+(?:the\s+(?:end|middle)\s+of\s+)?({DATE})")
_IN_DATE = re.compile(rf"\b(?:[Ii]n|[Oo]n|[Aa]t\s+the\s+(?:end|start|beginning)\s+of)\s+"
                      rf"(?:(?:early|late|mid-?|the\s+summer\s+of|the\s+"
                      rf"spring\s+of|the\s+autumn\s+of|the\s+fall\s+of)\s*)?({DATE})")
_YEAR = re.compile(r"[0-9]{4}")


_REFERENCE = re.compile(r"(?:\b[Ll]ater\s+|\b[Ee]arlier\s+)?(?:\b[Ii]n\s+)?\b"
                        r"(?:(?P<which>[Tt]hat\s+same|[Tt]he\s+same|[Tt]hat|[Tt]he\s+following|"
                        r"[Tt]he\s+next)\s+(?P<unit>year|month|autumn|fall|spring|summer|winter)"
                        r"|(?P<count>[Aa]|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive)\s+years?\s+later)"
                        r"(?![\w'’-])")
_SEASONS = ("autumn", "fall", "spring", "summer", "winter")
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_ANY_DATE = re.compile(DATE)
_DATE_AT_END = re.compile(rf"(?:{DATE})$")


class DateTrail:
    """The sentences read so far that write a year, for what "that same month" refers to:
    the last date written before it, found only when a sentence asks."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._last: tuple[int, PartialDate | None] = (0, None)

    def add(self, text: str) -> None:
        if _YEAR.search(text):
            self.texts.append(text)

    def last(self) -> PartialDate | None:
        """The last date the sentences added wrote (that parses)."""
        if self._last[0] != len(self.texts):
            date = None
            for text in reversed(self.texts):
                date = _last_date(text)
                if date is not None:
                    break
            self._last = (len(self.texts), date)
        return self._last[1]


def _last_date(text: str) -> PartialDate | None:
    year = None
    for found in _YEAR.finditer(text):  # the last year, then the date it ends
        year = found
    if year is None:
        return None
    at_end = _DATE_AT_END.search(text, max(0, year.start() - 40), year.end())
    date = _date(at_end.group(0)) if at_end else None
    if date is not None:
        return date
    for written in reversed(_ANY_DATE.findall(text)):  # (a last date that does not parse)
        date = _date(written)
        if date is not None:
            return date
    return None


def resolve_references(text: str, trail: DateTrail) -> str:
    """``text`` with a date given by reference ("that same month", "later that year", "the
    following year") written as the date it refers to: the last one written before it in
    the sentence, else the last one of ``trail`` (the sentences before); ``text`` is then
    added to ``trail``."""
    if "year" in text or "month" in text or any(season in text for season in _SEASONS):
        text = _REFERENCE.sub(lambda found: _referred(found, trail), text)
    trail.add(text)
    return text


def _referred(found: re.Match[str], trail: DateTrail) -> str:
    before = [d for d in (_date(m.group(0)) for m in _ANY_DATE.finditer(found.string, 0,
                                                                         found.start())) if d]
    date = before[-1] if before else trail.last()
    opening = found.start() == 0 or found.string[:found.start()].endswith("; ")
    if found.group("count"):  # "a year later", "two years later"
        if date is None:
            return found.group(0)
        later = date.year + _COUNTS[found.group("count").lower()]
        return ("In " if opening else "in ") + str(later)
    which, unit = found.group("which").casefold(), found.group("unit")
    if date is None or unit == "month" and (date.month is None or "following" in which
                                            or "next" in which):
        return found.group(0)
    if unit not in ("year", "month"):  # a season: "that autumn" is in the year referred to
        if "following" in which or "next" in which:
            return found.group(0)
        unit = "year"
    if unit == "month":
        written = f"{MONTH_NAMES[date.month - 1]} {date.year}"  # type: ignore[index]
    else:
        written = str(date.year + 1 if which in ("the following", "the next") else date.year)
    return ("In " if opening else "in ") + written


def _own(found: re.Match[str]) -> str:
    """The matched text without an aside after the subject's name ("S, who co-founded O in
    2015, later joined P": 2015 does not date the joining)."""
    text = found.group(0)
    return _OWN_ASIDE.sub(S, text, count=1) if f"{S}," in text else text


_OWN_ASIDE = re.compile(rf"{S},[^,\x01]{{1,80}},")


def _clause(text: str, pos: int) -> str:
    found = _CLAUSE_END.search(text, pos)
    return text[pos:found.start() if found else len(text)]


_THE_COMPANY = re.compile(r"the\s+(?:new\s+)?(?:company|lab|laboratory|startup|firm|"
                          r"organization)\b")
_THE_NEW = re.compile(r"(?:the\s+(?:(?:newly|recently)\s+(?:created|founded|formed|established)"
                      r"\s+|new\s+)?)?")
_THERE = re.compile(r"there\b")
_LOWER_NAME = re.compile(r"[a-z][\w.-]*[\w]")
#: A lower-case word that is not a function word (the words of a description before a name).
_DESCRIBING = r"(?!(?:and|or|the|in|at|of|to|with|for|as)\b)[a-z]"
#: The kinds of organization a description ends with.
_KINDS = r"company|startup|firm|lab|laboratory|institute|nonprofit|chipmaker"
_LOWER_KIND = re.compile(rf"(?:{_DESCRIBING}[\w-]*\s+){{1,3}}(?:{_KINDS})\s+(?=[A-Z])")
_KIND_NAME = re.compile(rf"(?: {_DESCRIBING}[a-z]*){{0,2}} (?:{_KINDS}|think tank|spin-?out|"
                        r"spin-?off)(?= [A-Z])")
#: A named group of an organization, written with a lower-case kind: "the Speech group at
#: O" is a post at O.
_GROUP_AT = re.compile(r" (?:group|team|lab|laboratory)\s+(?:at|of)\s+(?:the\s+)?(?=[A-Z])")


#: "O, a maker of X, acquired P": the organization that bought another.
_ACQUIRER = re.compile(rf"^(?:In\s+{DATE},?\s+)?(?P<org>{NAME})(?:,[^,\x01]{{1,100}},)?\s+"
                       r"(?:acquired|bought)\s+(?=[A-Z])")
_COMBINED = re.compile(r"the\s+(?:combined|merged)\s+company\b")


def acquirer(ctx: Context, text: str) -> str | None:
    """O of a sentence "O acquired P" (then "the combined company" of the next is O)."""
    found = _ACQUIRER.match(text) if "acquired " in text or "bought " in text else None
    return name_at(text, found.start("org"), ctx.names) if found else None


def _org(ctx: Context, text: str, pos: int) -> str | None:
    """The organization named at ``pos``; "the company" is the last one named before, "the
    combined company" the one that acquired another in the sentence before."""
    if text.startswith("the", pos) and _COMBINED.match(text, pos):
        return ctx.acquirer
    if text.startswith("the", pos) and _THE_COMPANY.match(text, pos):
        if ctx.last_org and ctx.page_names is not None and \
                f"{ctx.last_org} conference" in ctx.page_names.prose:
            return None  # a conference is no company
        return ctx.last_org
    start = _THE_NEW.match(text, pos).end()  # type: ignore[union-attr]  # (matches empty)
    if start > pos and (kind := _LOWER_KIND.match(text, start)):
        start = kind.end()  # "the financial software company Addepar"
    if text.startswith(S, start):
        return S
    if text.startswith("there", start) and _THERE.match(text, start):
        return _named_before(ctx, text, start)
    name = name_at(text, start, ctx.names)
    if name is not None and (kind := _KIND_NAME.match(text, start + len(name))):
        # "the Swiss AI lab IDSIA": a description, then the organization's name.
        name = name_at(text, kind.end() + 1, ctx.names) or name
    elif name is not None and " " in text[start + len(name):start + len(name) + 1] and (
            unit := _GROUP_AT.match(text, start + len(name))):
        name = name_at(text, unit.end(), ctx.names) or name
    if name is None and text[start:start + 1].islower():
        # A lower-case name the page's citations publish under ("insitro, Leadership"), or
        # one the sentence describes as a company ("indico, a small Boston start-up").
        word = _LOWER_NAME.match(text, start)
        if word and (word.group(0) in ctx.publishers or _DESCRIBED_COMPANY.match(
                text, word.end())):
            return word.group(0)
    return name


_DESCRIBED_COMPANY = re.compile(r",\s+an?\s+(?:[\w-]+\s+){0,4}?(?:start-?up|company|firm|"
                                r"lab|laboratory|nonprofit)\b")


_MONTH_WORDS = frozenset(MONTH_NAMES) | {"Sept"}
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_NAME_RE = re.compile(NAME)
#: Words that make a name an organization of its own inside a larger one (not an initiative
#: or programme: "director of the AI Initiative at O" is a title at O).
_UNIT = re.compile(r"\b(?:Unit|Center|Centre|Institute|Laboratory|Lab|Labs|School|Department|"
                   r"College|Foundation|Society|Council|Office|"
                   r"Division|Academy|Faculty)\b")


_AT_ORG = re.compile(r"\b(?:of|at|for|with|joined|rejoined|returned\s+to)\s+(?:the\s+)?$")


def _named_before(ctx: Context, text: str, pos: int) -> str | None:
    """The organization "there" (or a bare "left again") refers to: the last name the
    sentence writes before ``pos`` as an organization ("a founding member of O and worked
    there", "returned to O in D and left again"; not "moved to London and worked there")."""
    for found in reversed(list(re.finditer(NAME, text[:pos]))):
        name = name_at(text, found.start(), ctx.names)
        if not name or name.split()[0] in _MONTH_WORDS or text[found.start() - 1] == "(":
            continue  # (a bracketed acronym after the name it shortens)
        known = ctx.names.get(name)
        if known is not None and known.type == "Person":
            continue
        if known is not None and known.type == "Organization" or \
                _AT_ORG.search(text, 0, found.start()):
            return name
        return None
    if ctx.prev_org and ctx.prev_org != S and SUBJECT_FIRST.match(text):
        # "S joined O in D. She is now a senior researcher there.": the sentence names
        # nothing before "there", so it is the organization the sentence before named.
        return ctx.prev_org
    return None


def _left_for(ctx: Context, name: str) -> tuple[str, str] | None:
    """"Apple for Tesla" read as one name after "left": (Apple, Tesla) when the page shows
    the part before "for" is an organization of its own (not "Center for Security")."""
    head, sep, tail = name.partition(" for ")
    if not sep or " for " in tail or head not in ctx.page_orgs:
        return None
    return head, tail


#: The last word of a function or product unit named after a title ("vice president of
#: Autopilot Software"): a part of the organization, not one of its own.
_FUNCTION = tuple(f" {word}" for word in (
    "Software", "Hardware", "Engineering", "Product", "Products", "Operations", "Marketing",
    "Sales", "Design", "Infrastructure", "Policy", "Strategy", "Communications", "Finance"))
_WHERE_AGENT = re.compile(rf",\s+where\s+{S}")


def _unit_title(ctx: Context, text: str, found: re.Match[str], role: str,
                org: str) -> tuple[str, str] | None:
    """"O, where S became vice president of Autopilot Software": the unit is part of the
    title, held at O (the place of "where", else of the sentence's "At O," opening)."""
    if not org.endswith(_FUNCTION) or org in ctx.page_orgs or " of " in role or \
            not text.startswith(" of ", found.end("role")) or (
                (known := ctx.names.get(org)) is not None and known.type == "Organization"):
        return None
    place = None
    if _WHERE_AGENT.match(text, found.start()):
        before = text[:found.start()]
        names = [m for m in _NAME_RE.finditer(before) if m.end() == len(before)]
        place = name_at(before, names[-1].start(), ctx.names) if names else None
        split = _left_for(ctx, place) if place else None
        place = split[1] if split else place
    place = place or ctx.at_org
    return (f"{role} of {org}", place) if place and place != S else None


#: What may come before a work's title: "the 2017 paper", "the GPT-3 paper, ", a quote.
_WORK_LEAD = re.compile(r"(?:the\s+)?(?:[0-9]{4}\s+)?(?:(?:[A-Z][\w.-]*\s+)?(?:paper|essay|book|"
                        r"report|post|article|preprint|blog post)(?:\s+of\s+[0-9]{4})?"
                        r"(?P<comma>,\s+|\s+))?[\"“]?")
#: A title written as an appositive after "the X paper of D, ": up to its comma.
_APPOSITIVE_TITLE = re.compile(r"[A-Z][\w'’:-]*(?: [\w'’:()-]+){2,15}(?=,)")


def _work(ctx: Context, text: str, pos: int) -> str | None:
    """A work title at ``pos`` that the page cites or the corpus knows, or a quoted title."""
    lead = _WORK_LEAD.match(text, pos)
    start = lead.end() if lead else pos
    tail = text[start:].casefold()
    folded = ctx.folded_titles
    for title, title_folded, _, _ in folded:
        if tail.startswith(title_folded) and not tail[len(title):len(title) + 1].isalnum():
            return title
    for title, _, short, short_folded in folded:
        # "Outrageously Large Neural Networks" for the cited "...: The Sparsely-Gated ...".
        if short and tail.startswith(short_folded) \
                and not tail[len(short):len(short) + 1].isalnum() \
                and not tail[len(short):len(short) + 1] == ":":
            return title
    quoted = re.match(r"[\"“]([^\"”]{3,200})[\"”]", text[pos:])
    if quoted:
        return quoted.group(1)
    if lead and lead.group("comma") and lead.group("comma").startswith(","):
        # "an author of the AlphaGo paper of 2016, Mastering the game of Go, and ..."
        named = _APPOSITIVE_TITLE.match(text, start)
        return named.group(0) if named else None
    return None


def _role_name(text: str) -> str:
    return _SPACES.sub(" ", text.strip())


_WHICH_JOINED = re.compile(rf",\s+which\s+{S}\s+(?:had\s+)?(?:re)?joined\s+in\s+({DATE})")
_LEAVING = re.compile(rf"\bbefore\s+leaving(?:\s+(?:the\s+company|it))?\s+in\s+({DATE})")
_INTRO_DATE = re.compile(rf"^(?:In|By|From|Since)\s+({DATE})\b")
_WHEN = re.compile(rf"\b(?:until|in)\s+({DATE})(?:,?\s+when\s+(?:{S}\s+)?"
                   r"|,\s+when\s+[^,;\x01]{1,80},\s*)?$")
_WHEN_LEFT = re.compile(rf"\buntil\s+({DATE}),?\s+when\s+{S}\s+(?:\w+\s+)?left\s+$")
_ROLE_LIST = re.compile(r"\s*(?:,\s*and|,|and)\s+(?:(?:later|then)\s+as\s+)?"
                        r"(?:the\s+|an?\s+|its\s+)?")
_A_ROLE = re.compile(rf"(?:{ROLE})(?![\w-])")


def split_roles(text: str) -> list[str]:
    """The titles of a list ("president and CEO", "chief scientist and an executive vice
    president"), split only where a title follows: "director of AI and machine learning
    research" is one."""
    pieces, at = [], 0
    for sep in _ROLE_LIST.finditer(text):
        if sep.start() > at and _A_ROLE.match(text, sep.end()):
            pieces.append(text[at:sep.start()])
            at = sep.end()
    pieces.append(text[at:])
    return [piece for piece in pieces if piece.strip()]


_ALSO = re.compile(r"\s+and\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}(?=[A-Z])")
_AT = re.compile(r"\s+at\s+")
_AS_ROLE = re.compile(rf"(?:\s+\([A-Z][\w.&-]*\))?(?:\s+(?:faculty|staff|board|team))?,?"
                      rf"(?:\s+in\s+{DATE})?(?:,?\s+(?:initially|first|originally))?\s+as\s+"
                      rf"(?:an?\s+|the\s+|its\s+)?(?P<role>{ROLE})")


def _after(text: str, pos: int, name: str) -> str | None:
    """The text after ``name`` where it is written at ``pos`` (after an optional "the")."""
    if text.startswith("the ", pos):
        pos += 4
    if text.startswith(name, pos):
        return text[pos + len(name):]
    at = text.find(name, pos, pos + 120 + len(name)) if " at " in text or " of " in text else -1
    if at > pos and _GROUP_BEFORE.search(text, pos, at) and \
            not any(c in text[pos:at] for c in ",;"):
        return text[at + len(name):]  # "the Speech group at O": after O
    return None


_GROUP_BEFORE = re.compile(r" (?:group|team|lab|laboratory)\s+(?:at|of)\s+(?:the\s+)?$")


Rule = Callable[[Context, re.Match[str], str], Iterator[Proposal]]


_WITH_LIST = re.compile(r"\b(?:with|alongside)\s+((?:(?!;|,\s+(?:which|who|whose|where|while|"
                        r"but|although)\b)[^.;])*)")
_THEN_IN_DATE = re.compile(rf"\s*,?\s+in\s+({DATE})")


def _founded(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S co-founded O in D with A and B", "S founded O"."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    clause = _clause(text, found.end())
    # The list of co-founders runs past a clause's ", and": "with A, B, and C in 2022".
    rest_of = text[found.end():]
    with_ = _WITH_LIST.search(rest_of) if "with" in rest_of or "alongside" in rest_of else None
    cofounders = tuple(n for n in split_names(with_.group(1)) if n != S) if with_ else ()
    start, _, at = dates_in(_own(found) + " " + clause)
    if at is None and start is None and cofounders and with_ is not None:
        listed = with_.group(1)
        after = _THEN_IN_DATE.match(
                         listed[listed.rfind(cofounders[-1]) + len(cofounders[-1]):])
        at = _date(after.group(1)) if after else None
    role = "co-founder" if found.group("co") or cofounders else "founder"
    when = at or start or ctx.intro_date
    yield Proposal("founding", "founding/founded", org, role, cofounders, when)
    rest = _after(text, found.end(), org)
    also = _ALSO.match(rest) if rest is not None else None
    if rest is not None and also:
        second = name_at(rest, also.end(), ctx.names)
        if second:
            yield Proposal("founding", "founding/founded", second, role, cofounders, when)


def _started(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S started O in D with A and B": a founding, when O is not a person or a month."""
    org = _org(ctx, text, found.end())
    known = ctx.names.get(org) if org else None
    rest = _after(text, found.end(), org) if org and org != S else None
    if rest is not None and _NOT_AN_ORG.match(rest) or org in _WEEKDAYS:
        return  # "started MLIR, a compiler framework": a work or project, not an organization
    if org and org != S and not (known is not None and known.type == "Person") and \
            org.split()[0] not in _MONTH_WORDS:
        yield from _founded(ctx, found, text)


#: A description after a name that says it is a work or a project, not an organization.
_NOT_AN_ORG = re.compile(r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(?:newsletter|framework|project|"
                         r"language|library|toolkit|compiler|tool|podcast|blog|course|format|"
                         r"benchmark|dataset|model|program|software|app|game|column)s?\b")


def _founder_of(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S is a co-founder of O", "S was one of the founders of O"."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    clause = _clause(text, found.end())
    _, _, at = dates_in(clause)
    role = "co-founder" if found.group("co") else "founder"
    yield Proposal("founding", "founding/founder-of", org, role, (), at)


def _founded_by(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"O was founded in D by A, B and S", "a project founded by S and A", "founded in P
    in D by the entrepreneur A and the researcher B"."""
    founders = split_names(re.sub(rf"(?:^|(?<=,\s)|(?<=and\s)){_FOUNDER_DESCRIPTION}"
                                  r"(?=[A-Z\x01])", "", found.group("list")))
    if S in founders and not _list_ends(text, found.end("list")):
        return  # "founded by Grace Hopper, her mentor"
    before = text[:found.start()]
    orgs = [m for m in re.finditer(rf"{S}|{NAME}", before)]
    org = None
    for candidate in reversed(orgs):
        name = S if candidate.group(0) == S else name_at(before, candidate.start(), ctx.names)
        if name:
            org = name
            break
    if not org and S in text[found.end():]:
        org = S  # "Founded in 2015 by A and B, S is ..."
    if not org or not founders:
        return
    when = found.group("date") or found.group("date2")
    date = _date(when) if when else None
    role = "co-founder" if found.group("co") or len(founders) > 1 else "founder"
    if org == S:
        if ctx.subject_type != "Organization" or S in founders:
            return
        yield Proposal("founding", "founding/founded-by", S, role, tuple(founders[1:]), date,
                       holder=founders[0])
    elif S in founders and ctx.subject_type == "Person":
        others = tuple(n for n in founders if n != S)
        yield Proposal("founding", "founding/founded-by", org, role, others, date)


#: "founded in Montreal in 2016 by", "founded in 2016 in Montreal by": the place.
_FOUNDED_PLACE = rf"(?:in\s+(?!{DATE}\b)[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*)?\s+)?"
#: "the entrepreneur A, the machine learning researcher B and C": a founder described.
_FOUNDER_DESCRIPTION = (r"(?:the|an?)\s+(?:[a-z-]+\s+){0,2}(?:entrepreneur|researcher|scientist|"
                        r"engineer|investor|executive|professor|programmer|developer|designer|"
                        r"economist|physicist|mathematician|student|businessman|businesswoman|"
                        r"inventor|physician|neuroscientist|roboticist)\s+")
_DESCRIBED_FOUNDER = rf"(?:{_FOUNDER_DESCRIPTION}(?=[A-Z\x01]))?(?:{NAME}|{S})"

#: "by former OpenAI employees A and B": a description of the founders before their names.
_FOUNDERS_DESCRIBED = (r"(?:(?:(?:two|three|four|five|several)\s+)?(?:former\s+|fellow\s+)?"
                       r"(?:[A-Z][\w.&-]*\s+|[a-z-]+\s+){0,3}?(?:researchers|employees|engineers|"
                       r"scientists|executives|colleagues|alumni|students|veterans|entrepreneurs|"
                       r"staff|members)\s+)?")


def _founded_subject(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """On an organization's page: "A and B founded S in D", "A founded the company in D
    with B". Founders must be people: not a known organization, not a name that ends as
    one does ("Google Research")."""
    if ctx.subject_type != "Organization":
        return
    founders = split_names(found.group("list"))
    if found.group("list") in ("He", "She") and ctx.person:
        founders = [ctx.person]  # "A, a designer, built X. He started the company with B"
    with_ = re.match(r"(?:\s+in\s+(?:[\w ]+?))?\s+(?:with|alongside)\s+([^.;]*)",
                     text[found.end():])
    if with_:
        founders += [n for n in split_names(with_.group(1)) if n not in founders]
    if not founders or S in founders:
        return
    for name in founders:
        known = ctx.names.get(name)
        if known is not None and known.type != "Person" or name.split()[-1] in ORG_WORDS \
                or len(name.split()) < 2 and known is None:
            return
    _, _, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    role = "co-founder" if found.group("co") or len(founders) > 1 else "founder"
    yield Proposal("founding", "founding/founded-subject", S, role, tuple(founders[1:]),
                   at or ctx.intro_date, holder=founders[0])


def _listed_as(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"O lists S as co-founder and chief executive", "O announced S as CEO in D",
    "O identifies him as a founder of P"."""
    speaker = name_at(text, found.start("speaker"), ctx.names)
    roles = re.split(r",\s*(?:and\s+)?|\s+and\s+", found.group("roles"))
    org = _org(ctx, text, found.end()) if found.group("prep") else speaker
    if not org or org == S:
        return
    _, _, at = dates_in(_clause(text, found.end()) + " " + text[:found.start()])
    for role in roles:
        role = _role_name(re.sub(r"^(?:a|an|the|its)\s+", "", role))
        if _FOUNDER.fullmatch(role):
            yield Proposal("founding", "founding/listed-as", org, role.lower(), (), None)
        elif role:
            yield Proposal("role", "role/listed-as", org, role, start=at)


def _named_role(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"O named S interim CEO", "On D, when O's board removed A as CEO, it named S interim
    CEO": "it" and "the board" are the organization whose board the sentence names, else
    the one it names before."""
    speaker = found.group("speaker")
    of = re.match(r"\s+(?:of|at)\s+", text[found.end():])
    named = name_at(text, found.start("speaker"), ctx.names) if speaker[0].isupper() else None
    known = ctx.names.get(named) if named else None
    if found.group("org"):  # "A named S O's chief technology officer"
        org = name_at(text, found.start("org"), ctx.names)
    elif of and named and speaker not in ("It", "The board", "Its board") and \
            _THE_COMPANY.match(text, found.end() + of.end()):
        org = named  # "O named S its R and a senior vice president of the company"
    elif of:  # "the board named S chief executive of O"
        org = _org(ctx, text, found.end() + of.end())
    elif named in ctx.people or known is not None and known.type == "Person" or \
            speaker in ("he", "she", "He", "She", S):
        # ("When A founded O, he named S its R": "he", even marked as the subject, is A)
        # "In D A made S senior vice president of products": A is a person (one the page
        # cites as an author), so the title is at the organization of the sentence before.
        org = ctx.prev_org
    elif speaker[0].isupper() and speaker not in ("It", "The board", "Its board"):
        org = named
    else:
        board = re.search(rf"({NAME})['’]s\s+board\b", text[:found.start()])
        org = name_at(text, board.start(1), ctx.names) if board else ITS
    if not org or org == S or org.split()[0] in _MONTH_WORDS:
        return
    if found.group("aside"):  # "O, the company A founded in 2019, appointed S as its R"
        text = text[:found.start("aside")] + text[found.end("aside"):]
    # "O acquired P in June 2016, and in January 2017 A named S R": the naming clause's date.
    cut = max(text.rfind(", and ", 0, found.start()), text.rfind("; ", 0, found.start()))
    start, _, at = dates_in(text[cut + 1:]) if cut >= 0 else (None, None, None)
    if start is None and at is None:
        start, _, at = dates_in(text)
    for role in (found.group("role"), found.group("role2")):
        if role:
            yield Proposal("role", "role/named", org, _role_name(role),
                           start=at or start or ctx.intro_date)


def _removed_as(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"He was removed as chairman of the board in November 2023", "she stepped down as CEO
    in 2024": the title, at the organization the sentence (or the one before) is about,
    ends then."""
    _, end, at = dates_in(_clause(text, found.end()))
    when = at or end or ctx.intro_date
    if when:
        yield Proposal("role", "role/removed-as", ITS, _role_name(found.group("role")),
                       end=when)


_FORMED = re.compile(rf"\bmerg\w*\s[^;\x01]*?\b(?:to\s+form|into)\s+(?:the\s+)?({NAME})")


#: A function written in capitals after a title: "CEO of Applications".
_CAPITAL_FUNCTION = re.compile(r" of ([A-Z][a-z]+(?: (?:and )?[A-Z][a-z]+)?)(?![\w'’-])")


def _possessive_role(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S served as OpenAI's chief technology officer from D to D", "S became Google's head
    of ethics"."""
    if found.group("the"):
        # "the company's R": the one named last before; "the combined lab's R" after "merged
        # A with B to form O": O.
        formed = _FORMED.search(text, 0, found.start("the"))
        org = name_at(text, formed.start(1), ctx.names) if formed else ctx.last_org
    else:
        org = name_at(text, found.start("org"), ctx.names)
        if org and len(org) > len(found.group("org")) and \
                org.startswith(found.group("org") + found.group(0)[found.end("org") -
                                                                 found.start()]):
            org = found.group("org")  # "OpenAI's CEO of Applications": OpenAI's, not a unit
    if not org or org == S or org.split()[0] in _MONTH_WORDS:
        return
    start, end, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    at = at or ctx.intro_date
    if at and re.match(r"(?:became|becomes|was named|was appointed|left)", found.group("verb")):
        start = start or at  # ("left O to become P's R")
    titles = found.group("role")
    function = _CAPITAL_FUNCTION.match(text, found.end())
    if function and not ctx.names.get(function.group(1)):
        titles += function.group(0)  # "CEO of Applications", a function of the organization
    for role in split_roles(titles):  # "the company's president and CEO"
        role = _role_name(role)
        if _FOUNDER.fullmatch(role):
            yield Proposal("founding", "founding/founder-of", org, role.lower(), (), None)
        elif role:
            yield Proposal("role", "role/possessive", org, role, start=start, end=end)


def _appositive_possessive(ctx: Context, found: re.Match[str],
                           text: str) -> Iterator[Proposal]:
    """"S, Meta's chief AI scientist, said ...": a title at the organization of the
    possessive (not in a comparison, "Like S, Meta's ...")."""
    if re.match(r"(?:Like|Unlike|As\s+with)\b", text):
        return
    org = name_at(text, found.start("org"), ctx.names)
    known = ctx.names.get(org) if org else None
    if not org or org == S or org.split()[0] in _MONTH_WORDS or known is not None and \
            known.type == "Person":
        return
    yield _appositive_title(org, found.group("role"))


def _appositive_title(org: str, written: str) -> Proposal:
    """A title written beside the subject's name: a founding for "co-founder", else a role."""
    role = _role_name(written)
    if _FOUNDER.fullmatch(role):
        return Proposal("founding", "founding/founder-of", org, role.lower(), (), None)
    return Proposal("role", "role/appositive", org, role)


def _possessive_appositive(ctx: Context, found: re.Match[str],
                           text: str) -> Iterator[Proposal]:
    """"The company's chief executive, S, pitched it as ...", "O's first CTO, S, said":
    a title at the organization of the possessive ("the company": the one named last)."""
    if found.group("the"):
        org = ctx.last_org
    else:
        org = name_at(text, found.start("org"), ctx.names)
        known = ctx.names.get(org) if org else None
        if known is not None and known.type == "Person":
            return
    if not org or org == S or org.split()[0] in _MONTH_WORDS:
        return
    yield _appositive_title(org, found.group("role"))


def _board(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S served on the board of O from D to D", "S joined O's board in D": a board member."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    start, end, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    if (found.group("verb") or found.group("verb2") or "").startswith(("joined", "was ")):
        start = start or at
    yield Proposal("role", "role/board", org, "board member", start=start, end=end)


def _while_remaining(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S joined O as R in D, while remaining an external professor at P": the title at P."""
    org = _org(ctx, text, found.end())
    if org and org != S:
        yield Proposal("role", "role/while-remaining", org, _role_name(found.group("role")))


def _ran_as(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S later ran the company's networking business as senior vice president and general
    manager": the titles at the organization (named last, for "the company" and "its")."""
    org = name_at(text, found.start("org"), ctx.names) if found.group("org") else ctx.last_org
    if not org or org == S or org.split()[0] in _MONTH_WORDS:
        return
    start, end, at = dates_in(_clause(text, found.end()))
    rule = "role/ran-as-later" if _LATER_WORD.search(found.group(0)) else "role/ran-as"
    for role in split_roles(found.group("role")):
        yield Proposal("role", rule, org, _role_name(role), start=start or at, end=end)


def _as_role_at(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"As a doctoral student at O, S worked with A": the title held at O."""
    org = _org(ctx, text, found.end())
    rest = _after(text, found.end(), org) if org and org != S else None
    if rest is None or not re.match(rf",\s+{S}\s", rest):
        return
    yield Proposal("role", "role/as-role-at", org, _role_name(found.group("role")))


#: The next post of a list after "R at O": "and then for P", "and then as R2 at P", "and,
#: from D, at P as R2".
_NEXT_POST = re.compile(rf"(?:\s+in\s+{NAME})?(?:\s+as\s+(?:an?\s+|the\s+)?(?:{ROLE}))?,?\s+and"
                        rf"(?:,?\s+from\s+(?P<from>{DATE}),)?\s+(?:then\s+|later\s+)?"
                        rf"(?:as\s+(?:an?\s+|the\s+)?(?P<role>{ROLE})\s+)?(?:at|for|with)\s+")
_AS_AFTER = re.compile(rf"(?:\s+in\s+{NAME})?\s+as\s+(?:an?\s+|the\s+)?(?P<role>{ROLE})(?![\w-])")


def _next_posts(ctx: Context, tail: str | None,
                role: str | None) -> Iterator[tuple[str, str | None, PartialDate | None]]:
    """The posts a list names after the first one's organization (``tail`` follows it): each
    (organization, title, start), the title the first one's unless the list names its own."""
    while tail is not None:
        step = _NEXT_POST.match(tail)
        if not step:
            return
        org = _org(ctx, tail, step.end())
        if not org or org == S:
            return
        rest = _after(tail, step.end(), org)
        own = _AS_AFTER.match(rest) if rest is not None and not step.group("role") else None
        name = step.group("role") or (own.group("role") if own else None) or role
        yield org, _role_name(name) if name else None, _date(step.group("from")) \
            if step.group("from") else None
        tail = rest


#: The lower-case rest of a field after "AI" that ends the clause ("AI research.").
_FIELD_END = re.compile(r"((?: [a-z]+){1,3})(?=\s*[.;,]|\s*$)")


def _holds(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S is a professor at O", "S was chief scientist of O from D to D", "S became CEO of O",
    "S would become its CEO"."""
    roles = [_role_name(r) for r in split_roles(found.group("role"))]
    role = roles[-1]
    after = found.end()
    if found.groupdict().get("its"):
        org = ITS  # resolved once the sentence is read: see _propose
    else:
        org = _org(ctx, text, after)
    if org in ("AI", "ML") and (field := _FIELD_END.match(text, after + len(org))):
        # "S was later senior director of AI research.": a field of the title, held at the
        # organization the sentence (else the one before) names
        roles[-1] = role = f"{role} of {org}{field.group(1)}"
        org = ITS
    if not org or org == S:
        return
    unit = _unit_title(ctx, text, found, role, org) if len(roles) == 1 else None
    if unit:
        role, org = unit
        roles = [role]
    clause = _clause(text, after)
    tail = _after(text, after, org) if org != S else None
    if tail is None and org != ITS and (company := _THE_COMPANY.match(text, after)):
        tail = text[company.end():]  # "chairman of the new company and its R"
    at_other = _AT.match(tail) if tail is not None else None
    if tail is not None and at_other and not _UNIT.search(org):
        # "technical lead of Gemini at Google"; but "director of the Gatsby Computational
        # Neuroscience Unit at University College London" is a role at the unit.
        other = _org(ctx, tail, at_other.end())
        if other and other != S:
            the = "the " if text.startswith("the ", after) else ""
            role, org = f"{role} of {the}{org}", other
    if ctx.at_org and found.start() == 0 and org not in (ctx.at_org, ITS, *ctx.page_orgs) \
            and not _UNIT.search(org) and not (
                (known := ctx.names.get(org)) is not None and known.type == "Organization"):
        # "At DeepMind, he was the lead researcher of AlphaStar": a title at DeepMind, the
        # organization of the sentence's opening, when the other is not one.
        role, org = f"{role} of {org}", ctx.at_org
    start, end, at = dates_in(_own(found) + " " + clause)
    at = at or ctx.intro_date
    verb = found.groupdict().get("verb") or ""
    if at and re.match(r"(?:became|becomes|was named|was appointed|would become|will become|"
                       r"joined|was promoted|succeeded)", verb):
        start = start or at
    if start is None and verb == "became":
        when = _WHEN.search(text[:found.start()])  # "CEO until 2016, when he became its chair"
        start = _date(when.group(1)) if when else None
    if re.match(r"(?:stepped|resigned)", verb):
        start, end = None, at or end
    leaving = _LEAVING.search(text, after) if "leaving" in text else None
    if leaving and end is None:
        end = _date(leaving.group(1))
    joined = _WHICH_JOINED.match(tail) if tail is not None and start is None else None
    if joined:  # "chief scientist of O, which S joined in D"
        start = _date(joined.group(1))
    then = _THEN_ITS.match(tail) if tail is not None and " its " in tail else None
    if then:  # "program chair of O in D and its general chair in D2"
        start = start or _date(then.group("first"))
    for name in (*roles[:-1], role):
        if _FOUNDER.fullmatch(name):
            yield Proposal("founding", "founding/founder-of", org, name.lower(), (), None)
        else:
            yield Proposal("role", "role/holds", org, name, start=start, end=end)
    if then:
        yield Proposal("role", "role/holds", org, _role_name(then.group("role")),
                       start=_date(then.group("then")))
    elif tail is not None and " its " in tail and (its := _AND_ITS.match(tail)):
        # "chairman of O and its chief product officer": both at O
        yield Proposal("role", "role/holds", org, _role_name(its.group("role")), start=start,
                       end=end)
    if org != ITS and tail is not None and " and " in tail and not _FOUNDER.fullmatch(role):
        # "a technology reporter, first for O and then for P"; "an engineer at O and then as
        # a consultant at P"
        for other, title, since in _next_posts(ctx, tail, role):
            yield Proposal("role", "role/holds", other, title, start=since)


_AND_ITS = re.compile(rf"\s+and\s+its\s+(?P<role>{ROLE})(?![\w-])(?=\s*[.,;]|\s*$)")
_THEN_ITS = re.compile(rf"(?:\s+conference)?\s+in\s+(?P<first>{DATE})\s+and\s+its\s+"
                       rf"(?P<role>{ROLE})\s+in\s+(?P<then>{DATE})\b")
_IN_DATE_END = re.compile(rf"\bin\s+({DATE}),?\s+{S}\s+{_ADV}became$")
_AGENT_HOLDS = re.compile(rf"{AGENT}(?:is|was|serves as|served as|became|remains)\b")


def _and_role(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """The second role of "S is a professor at O and chief executive of P"."""
    agents = list(_AGENT_HOLDS.finditer(text, 0, found.start()))
    if not agents:
        return
    org = _org(ctx, text, found.end())
    if org and org != S:
        role = _role_name(found.group("role"))
        if _FOUNDER.fullmatch(role):
            yield Proposal("founding", "founding/founder-of", org, role.lower(), (), None)
            return
        # "in D S became R there and R2 of its unit": R2 begins when R does.
        became = agents[-1].group(0).endswith("became")
        at = _IN_DATE_END.search(text, 0, agents[-1].end()) if became else None
        yield Proposal("role", "role/holds", org, role, start=_date(at.group(1)) if at else None)


def _org_role(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S served as NEAR Foundation CEO"."""
    org = name_at(text, found.start("org"), ctx.names)
    role = found.group("role")
    if org and org != S and org.endswith(found.group("org")):
        yield Proposal("role", "role/holds", org, role)


def _joined(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S joined O as R in D and left in D", "S joined the faculty of O in D"."""
    faculty = _FACULTY.match(text, found.end())
    if faculty:
        found = _Moved(found, faculty.end())  # type: ignore[assignment]
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    clause = _clause(text, found.end())
    tail = _after(text, found.end(), org)
    role = _AS_ROLE.match(tail) if tail is not None else None
    left = re.search(rf"\band\s+(?:{S}\s+)?(?:later\s+)?left(?:\s+(?:it|the company))?\s+"
                     rf"in\s+({DATE})",
                     clause)
    joined = clause[:left.start()] if left else clause
    start, end, at = dates_in(_own(found) + " " + joined)
    end = _date(left.group(1)) if left else end
    at = at or ctx.intro_date  # "In July 2023 S left O and joined P"
    name = _role_name(role.group("role")) if role else None
    second = _AND_ROLE.match(tail, role.end()) if role and tail is not None else None
    if role and tail is not None:
        # "joined Google as president of Google China": the title is held at the unit.
        last = second or role
        unit = re.match(r"\s+(?:of|in)\s+(?:the\s+)?", tail[last.end():])
        within = name_at(tail, last.end() + unit.end(), ctx.names) if unit else None
        if within and within.startswith(org + " "):
            org = within
    yield Proposal("role", "role/joined", org, name, start=start or at, end=end)
    if second:   # "joined O as senior vice president and general manager"
        yield Proposal("role", "role/joined", org, _role_name(second.group("role")),
                       start=start or at, end=end)


_AND_ROLE = re.compile(rf"\s+and\s+(?:an?\s+|the\s+|its\s+)?(?P<role>{ROLE})(?![\w-])")


def _began_career(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S began her career at O in D", "S began his career as R at O": the first stint,
    dated by its own words (not by the next move's: "... and moved to P in D2")."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    own = re.split(r",|\s+and\s+|\s+before\s+|\s+where\s+", _clause(text, found.end()))[0]
    start, end, at = dates_in(own)
    role = found.group("role")
    yield Proposal("role", "role/began-career", org, _role_name(role) if role else None,
                   start=start or at, end=end)


def _resigned(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S joined O as R in D. S resigned in D": the stint at the organization the sentence
    before named last ends then."""
    if ctx.prev_org and ctx.prev_org != S:
        yield Proposal("role", "role/resigned", ctx.prev_org, None,
                       end=_date(found.group("end")))


_RETURN_DATE = re.compile(rf"\s+in\s+({DATE})")


def _before_returning(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S spent a year there before returning to O in D as R": R at O from D (the dates
    of the clause before are not the return's)."""
    org = _org(ctx, text, found.end())
    tail = _after(text, found.end(), org) if org and org != S else None
    role = _AS_ROLE.match(tail) if tail is not None else None
    if org and tail is not None and role:
        when = _RETURN_DATE.match(tail)
        yield Proposal("role", "role/returning", org, _role_name(role.group("role")),
                       start=_date(when.group(1)) if when else None)


def _left(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S left O in D"; "S returned to O in D and left again in D": the organization the
    sentence named before."""
    bare = re.match(rf"(?:again\s+)?(?=(?:in|on)\s+{DATE})", text[found.end():])
    if bare and found.start() > 0:
        _, _, at = dates_in(text[found.end():])
        org = _named_before(ctx, text, found.start())
        if at and org and org != S:
            yield Proposal("role", "role/left", org, None, end=at)
        return
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    rest = _after(text, found.end(), org)
    split = _left_for(ctx, org)
    if split:  # "left Apple for Tesla in D": the stint at Apple ends then
        org, rest = split[0], _after(text, found.end(), org)
    if rest is not None and _UNFINISHED.match(rest):
        return  # "left O without finishing a degree": studying there is not a role
    _, end, at = dates_in(re.split(r"\s+and\s+", _clause(text, found.end()), maxsplit=1)[0])
    when = _WHEN_LEFT.search(text[:found.end()])  # "until December 2020, when S left O"
    end = at or end or (_date(when.group(1)) if when else None) or ctx.intro_date
    if end:
        yield Proposal("role", "role/left", org, None, end=end)


_UNFINISHED = re.compile(r"\s+(?:without|before)\s+(?:finishing|completing|graduating|taking)\b")
#: "moving to O for a PhD": studying there, not a role.
_TO_STUDY = re.compile(rf"(?:\s+in\s+[0-9]{{4}})?"
                       rf"(?:\s+(?:for|to\s+(?:study|pursue|complete|do|take))"
                       rf"|,\s+where\s+{S}\s+(?:earned|received|completed|obtained|took))\s+"
                       r"(?:an?\s+|his\s+|her\s+|their\s+)?(?:PhD|doctorate|degree|master['’]s|"
                       r"graduate|undergraduate|studies|bachelor['’]s)")


def _returned(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S returned to O in D", "S went back to O as R"."""
    org = _org(ctx, text, found.end())
    if org and org != S:
        start, _, at = dates_in(_own(found) + " " + _clause(text, found.end()))
        tail = _after(text, found.end(), org)
        role = _AS_ROLE.match(tail) if tail is not None else None
        yield Proposal("role", "role/returned", org,
                       _role_name(role.group("role")) if role else None, start=at or start)


_VERB_ROLES = {"has directed": "director", "has co-directed": "co-director",
               "has chaired": "chair", "has headed": "head",
               "directed": "director", "directs": "director", "co-directed": "co-director",
               "co-directs": "co-director", "chaired": "chair", "chairs": "chair",
               "headed": "head", "heads": "head", "professorship": "professor",
               "fellowship": "fellow", "chair": "chair", "position": None,
               "worked": None, "works": None, "has worked": None, "taught": None,
               "teaches": None, "has taught": None}


def _where_role(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S returned to O, where S became a technical lead on W", "S studied at O, where S was a
    doctoral student in F": the role is at the place the "where" follows, when that place is
    a known organization or one the subject was at, joined or returned to."""
    org = name_at(text, found.start("org"), ctx.names)
    known = ctx.names.get(org) if org else None
    if not org or org == S or not org.startswith(found.group("org").split()[0]):
        return
    moved = _left_for(ctx, org) if re.search(r"\bleft\s+$", text[:found.start("org")]) \
        else None
    if moved:  # "S left P for O, where S was R": R at O
        org = moved[1]
    elif not (known is not None and known.type == "Organization"
            or re.search(r"\b(?:at|joined|rejoined|returned\s+to|founder\s+of|founded)\s+"
                         r"(?:the\s+)?$", text[:found.start("org")]) or org in ctx.page_orgs):
        return
    start, end, at = dates_in(_clause(text, found.end()))
    if found.group("verb") == "became" or moved:
        start = start or at or ctx.intro_date
    # "O, where S managed teams and then served as R": R began after the stint at O did.
    rule = "role/where-then" if found.group("first") else "role/where"
    yield Proposal("role", rule, org, _role_name(found.group("role")), start=start, end=end)


def _which_led(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S founded O in D, the research division later renamed X, which he led as its first
    director": a title at O (after an aside that describes it), dated by the clause."""
    before = text[:found.start()]
    aside = re.search(r",\s+(?:the|an?)\s+[a-z][^,]*$", before)
    if aside:
        before = before[:aside.start()]
    dated = re.search(rf"\s+in\s+{DATE}$", before)  # "founded O in 2010, the division ..."
    named = before[:dated.start()] if dated else before
    names = [m for m in re.finditer(NAME, named) if m.end() == len(named)]
    org = name_at(named, names[-1].start(), ctx.names) if names else None
    known = ctx.names.get(org) if org else None
    if not org or org == S or known is not None and known.type == "Person":
        return
    dates = [d for d in (_date(m.group(0)) for m in _ANY_DATE.finditer(before)) if d]
    at = dates[-1] if dates else None
    yield Proposal("role", "role/which-led", org, _role_name(found.group("role")),
                   start=at or ctx.intro_date)


def _led_it(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S became head of O and led it until D": the role at O ends then."""
    yield Proposal("role", "role/led-it", ITS, None, end=_date(found.group("end")))


_MADE_ORG = re.compile(rf"\b(?:co-?)?(?:founded|started|joined)\s+"
                       rf"(?:the\s+(?:[a-z][\w-]*\s+){{0,3}})?({NAME})")
_LED_AS = re.compile(rf"\s+as\s+(?:its\s+)?(?P<role>{ROLE})(?![\w-])")


_WHICH_FOUNDED = re.compile(rf",\s+which\s+{S}\s+(?:had\s+)?(?:co-?)?founded\b")


def _led_as(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S led O as chief executive until D": the title, held at O."""
    if text.startswith("it ", found.end()):  # "S co-founded O, led it as R"
        made = list(_MADE_ORG.finditer(text, 0, found.start()))
        org = _org(ctx, text, made[-1].start(1)) if made else None  # (past "spin-out")
        if not made and found.start() == 0:
            org = ctx.prev_org  # "O, a start-up S co-founded in D. S leads it as R."
        tail = text[found.end() + 2:]
    else:
        org = _org(ctx, text, found.end())
        tail = _after(text, found.end(), org) if org and org != S else None
    role = _LED_AS.match(tail) if tail is not None else None
    if org and role:
        start, end, at = dates_in(_own(found) + " " + _clause(text, found.end()))
        yield Proposal("role", "role/led-as", org, _role_name(role.group("role")),
                       start=start, end=end)
    elif org and org != S and tail is not None and not tail.startswith(("'", "’")) and (
            org in ctx.page_orgs or _WHICH_FOUNDED.match(tail)
            or (known := ctx.names.get(org)) is not None and known.type == "Organization"):
        # "S leads the Algorithmic Justice League, which she founded": leading an
        # organization without a title is a stint there (gold rule 7), undated: it joins
        # the stint the page dates elsewhere.
        yield Proposal("role", "role/led", org, None)


def _org_fellow(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S became a Google Fellow in D", "O named S a Google Fellow": a rank at O when the page
    shows the subject at O ("joined O", "at O"), not an honour ("a MacArthur Fellow")."""
    org = found.group("org")
    if org == S or org.split()[0] in _MONTH_WORDS or ctx.page_names is None or not any(
            f"{verb} {org}" in ctx.page_names.prose for verb in ("joined", "at", "left",
                                                                "returned to")):
        return
    start, _, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    yield Proposal("role", "role/org-fellow", org, f"{org} Fellow",
                   start=start or (at or ctx.intro_date if found.group("verb") != "is" else None))


_DATED_END = re.compile(rf"\s+in\s+{DATE}$")


def _rose_to(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S joined O in D. ... S rose to senior director of developer tools", "S was named
    president and chief operating officer in D2": a promotion or a naming without an
    organization is at the one the page last placed the subject at; "S rose to R at O" is
    at O."""
    groups = found.groupdict()
    if groups.get("at"):
        org = _org(ctx, text, found.end("at") + 1)
    elif found.start() > 0 and not text[:found.start()].rstrip().endswith(";"):
        org = ITS  # "joined O as R, and he was later promoted to R2": O's, as the clause's
    else:
        org = ctx.at_org or ctx.prev_org or ctx.last_org
    if org and org != S:
        start, end, at = dates_in(_clause(text, found.end()))
        # "In 2012 S joined O ..., and was later promoted to R": not in 2012
        opening = None if _LATER_WORD.search(found.group(0)) else ctx.intro_date
        for role in (groups["role"], groups.get("role2")):
            if role:
                yield Proposal("role", "role/rose-to", org, _role_name(role),
                               start=start or at or opening, end=end)


_LATER_WORD = re.compile(r"\b(?:later|eventually|subsequently)\b")


def _named_chair(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S is the Grace (1950) and Alan Hopper Professor of Design at O", "O, where S is now
    the Ann Lowe Professor in Robotics": a named chair, one title as written, at O (after
    "at", else the place of "where" or the organization of the sentence before)."""
    if found.group("at"):
        org = _org(ctx, text, found.end())
    elif _WHERE_AGENT.match(text, found.start()):
        before = _DATED_END.sub("", text[:found.start()])  # "joined O in 2004, where S is"
        names = [m for m in _NAME_RE.finditer(before) if m.end() == len(before)]
        org = name_at(before, names[-1].start(), ctx.names) if names else None
    else:
        org = ctx.at_org or ctx.prev_org
    if not org or org == S:
        return
    start, end, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    if found.group("verb") == "became":
        start = start or at or ctx.intro_date
    yield Proposal("role", "role/named-chair", org, _role_name(found.group("role")),
                   start=start, end=end)


def _with_as(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"In D the founders launched O, with S as chief executive", "..., with S as its CTO": a
    title at the organization the sentence names last before (or whose "its" it is), from the
    sentence's date."""
    before = text[:found.start()]
    org = ITS if found.group("its") else None
    if org is None:
        for name_found in reversed(list(_NAME_RE.finditer(before))):
            name = name_at(before, name_found.start(), ctx.names)
            known = ctx.names.get(name) if name else None
            if not name or name.split()[0] in _MONTH_WORDS or known is not None and \
                    known.type == "Person" or before.endswith((" in ", " near "),
                                                              0, name_found.start()):
                continue  # (not a place: "founded O in San Francisco, with S as R")
            org = name
            break
    if not org or org == S:
        return
    _, _, at = dates_in(before)
    yield Proposal("role", "role/with-as", org, _role_name(found.group("role")),
                   start=at or ctx.intro_date)


def _where_leads(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"co-founder of O, where S leads its research": a stint at O without a title."""
    org = name_at(text, found.start("org"), ctx.names)
    if not org or org == S or not org.startswith(found.group("org").split()[0]):
        return
    known = ctx.names.get(org)
    if known is not None and known.type == "Organization" or re.search(
            r"\b(?:at|joined|rejoined|returned\s+to|(?:co-?)?founder\s+of|(?:co-?)?founded|"
            r"(?:co-?)?founding)\s+(?:the\s+)?$", text[:found.start("org")]):
        yield Proposal("role", "role/where-leads", org, None)


def _moved_to(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S moved to O in D", "S left P in D and moved to O", "S moved to O's headquarters as
    R": a stint at O when the page shows O is an organization, not a place."""
    org = _org(ctx, text, found.end())
    if not org or org == S or org.split()[0] in _MONTH_WORDS:
        return
    rest = _after(text, found.end(), org) or ""
    if _TO_STUDY.match(rest):
        return  # "moved to O in D for a PhD"
    role = _MOVED_AS.match(rest)
    known = ctx.names.get(org)
    if not (role or known is not None and known.type == "Organization"
            or _ORG_NAME.search(ctx.full_name(org)) or org in ctx.page_orgs):
        return
    moved_in = re.match(rf"(?:['’]s\s+[a-z]+(?:\s+in\s+{NAME})?)?\s+in\s+({DATE})", rest)
    start = _date(moved_in.group(1)) if moved_in else None
    if start is None:
        # "S left P in D and moved to O": the move is dated by the leaving.
        left = re.search(rf"\bleft\s+[^,;]*?\bin\s+({DATE})\s+and\s+{S}\s+{_ADV}moved\s+to\s+$",
                         text[:found.end()])
        start = _date(left.group(1)) if left else ctx.intro_date
    yield Proposal("role", "role/moved", org, _role_name(role.group("role")) if role else None,
                   start=start)
    if start is not None and found.start() == 0 and ctx.prev_org not in (None, S, org):
        # "S joined O in D. S moved to P in D2": the move ends the stint at O (when O has
        # one; the move claims nothing there itself).
        yield Proposal("role", "role/moved-on", ctx.prev_org, None, end=start)


_MOVED_AS = re.compile(rf"(?:['’]s\s+[a-z]+(?:\s+in\s+{NAME})?)?(?:\s+in\s+{DATE})?\s+as\s+"
                       rf"(?:an?\s+|the\s+|its\s+)?(?P<role>{ROLE})(?![\w-])")


def _moved(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S worked on X before moving to research at O", "S later moved to a policy role at O
    before leaving in D": an affiliation with O; a bare "moving to O (in D)" only when O is a
    known organization (not a city)."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    known = ctx.names.get(org)
    if found.group("at") or known is not None and known.type == "Organization" \
            or _ORG_NAME.search(ctx.full_name(org)):
        leaving = _LEAVING.search(text, found.end())
        rest = _after(text, found.end(), org)
        if rest is not None and _TO_STUDY.match(rest):
            return  # "before moving to O for a PhD"
        moved_in = re.match(rf"\s+in\s+({DATE})", rest) if rest is not None else None
        yield Proposal("role", "role/moved", org, None,
                       start=_date(moved_in.group(1)) if moved_in else None,
                       end=_date(leaving.group(1)) if leaving else None)


#: Words that make a name an organization's, not a place's ("moving to Stanford University").
_ORG_NAME = re.compile(r"\b(?:University|Inc|Corporation|Company|Labs?|Research)\b")
_STINT_ROLES = {"postdoc": "postdoctoral researcher", "internship": "intern",
                "residency": "resident"}


def _after_stint(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"After a short postdoc at O, S joined P": a role at O, when the main clause is the
    subject's."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    rest = _after(text, found.end(), org)
    if rest is None or not re.match(rf"[^,;]*,\s+{S}\s", rest):
        return
    what = found.group("what").split()[0]
    yield Proposal("role", "role/after-stint", org,
                   _STINT_ROLES.get(what, "postdoctoral researcher"))


def _spent(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S spent 2013 to 2016 at O as R"."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    start, end, _ = dates_in("from " + found.group("span").replace(" and ", " to "))
    if start is None and end is None:
        # "spent thirteen years at O, from D to D"; "From D she spent a year at O"; "spent
        # four years at O before moving to P in D": a duration gives no date of its own.
        span = re.search(rf"\b(?:[Ff]rom|[Bb]etween)\s+({DATE})\s+(?:to|until|through|and)\s+"
                         rf"({DATE})", text[found.end():])
        start, end = (_date(span.group(1)), _date(span.group(2))) if span else \
            (ctx.intro_date, None)
        moving = _BEFORE_MOVING.match(text, found.end())
        if end is None and moving:
            end = _date(moving.group(1))
    tail = _after(text, found.end(), org)
    as_role = _AS_ROLE.match(tail) if tail is not None else None
    role = found.group("role") or (as_role.group("role") if as_role else None)
    yield Proposal("role", "role/spent", org, _role_name(role) if role else None, start=start,
                   end=end)


_AND_LATER_AS = re.compile(rf",?\s+and\s+(?:later|then|subsequently|eventually)\s+as\s+"
                           rf"(?:an?\s+|the\s+)?(?P<role>{ROLE})(?![\w-])(?!\s+(?:at|of|for|with)\s)")
#: "before moving to P in D": when a stint at the organization before ended.
_BEFORE_MOVING = re.compile(rf"[^,;]*?\bbefore\s+(?:moving|leaving|returning)\b[^,;.]*?\bin\s+"
                            rf"({DATE})")


_AND_AT = re.compile(r"(?:\s+\([A-Z][\w.-]*\))?,?\s+and\s+at\s+")


def _works_at(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S worked at O", "S worked at O as R from D to D", "S worked there as R", "S held a
    professorship at O", "S directed O from D to D"."""
    org = _org(ctx, text, found.end())
    if not org or org == S:
        return
    clause = _clause(text, found.end())
    start, end, at = dates_in(_own(found) + " " + clause)
    if start is None and re.search(r"\bsince\s+then\b", clause):
        start = ctx.intro_date  # "In 2016 S founded O and has directed it since then"
    what = re.sub(r"\s+", " ", found.group("what"))
    kind, _, post = what.rpartition(" ")  # "adjunct professorships"
    if what in _VERB_ROLES:
        role = _VERB_ROLES[what]
    elif role := _VERB_ROLES.get(post.removesuffix("s")):
        role = f"{kind} {role}" if kind else role
    tail = text[found.end() + 5:] if text.startswith("there", found.end()) \
        else _after(text, found.end(), org)
    as_role = _AS_ROLE.match(tail) if tail is not None and role is None else None
    if as_role:
        role = _role_name(as_role.group("role"))
    posts: list[tuple[str, str | None, PartialDate | None]] = []
    if as_role and tail is not None and " and" in tail:
        posts = list(_next_posts(ctx, tail, None))
        step = _NEXT_POST.match(tail)
        if posts and step is not None:
            # "taught at O as R and, from D, at P as R2": D is P's, not O's
            start, end, _ = dates_in(_own(found) + " " + tail[:step.start()])
    moving = _BEFORE_MOVING.search(text, found.end()) if posts and "before" in text else None
    until = _date(moving.group(1)) if moving else None  # "..., before returning to P in D"
    yield Proposal("role", "role/works-at", org, role, start=start, end=end)
    later = _AND_LATER_AS.match(tail, as_role.end()) if as_role and tail is not None else None
    if later:  # "worked at O, first as R1 and later as R2": both at O
        yield Proposal("role", "role/works-at", org, _role_name(later.group("role")))
    for i, (other, title, since) in enumerate(posts):
        yield Proposal("role", "role/works-at", other, title, start=since,
                       end=until if i == len(posts) - 1 else None)
    and_at = _AND_AT.match(tail) if tail is not None and role else None
    if and_at:  # "holds professorships at O and at P"
        other = _org(ctx, tail, and_at.end())
        if other and other != S:
            yield Proposal("role", "role/works-at", other, role, start=start, end=end)


def _author_of(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S is one of the eight authors of W", "S was the first author of W", "S published W"."""
    work = _work(ctx, text, found.end())
    if work:
        yield Proposal("authorship", found.group("rule") and "authorship/author-of"
                       or "authorship/wrote", work=work)


def _its_authors(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"In D O released W, a benchmark; S is among its authors": the work the sentence
    names last before, when the page cites it."""
    before = text[:found.start()].casefold()
    named = max(((before.rfind(folded), title) for title, folded, _, _ in ctx.folded_titles),
                default=(-1, ""))
    if named[0] >= 0:
        yield Proposal("authorship", "authorship/author-of", work=named[1])


_LIST_END = re.compile(r"\s*(?:[.,;:)]|$)|\s+(?:in|on|at|for|and|was|were|is|are|who|which|"
                       r"to|as|with|from|that|after|before|introduced|showed|proposed)\b")


def _list_ends(text: str, pos: int) -> bool:
    """Whether a list of names ends at ``pos``: not "by Grace Hopper, her mentor" (where the
    subject's pronoun opens a noun phrase, not a name of the list)."""
    return bool(_LIST_END.match(text, pos))


def _work_by(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"described in W by A, B, and S", "W, co-authored by A and S": a work the page cites,
    written right before "by" (or before ", whose author list includes S") with the subject
    in the list; not in a comparison ("Like W by A, ...")."""
    if S not in split_names(found.group("list")) or not _list_ends(text, found.end()) or \
            re.match(r"(?:Like|Unlike|As with)\b", text):
        return
    before = text[:found.start()].rstrip(" ,").casefold()
    by = found.group(0).lstrip(" ,").startswith("by")
    for title in ctx.titles:
        at = before.rfind(title.casefold())
        if at < 0 or at > 0 and before[at - 1].isalnum():
            continue
        gap = before[at + len(title):]
        # "by" must follow the title itself; "whose" may follow an earlier clause about it.
        if by and not re.fullmatch(r"\s*(?:\([^)]*\))?\s*(?:,\s*(?:co-)?(?:authored|written))?",
                                   gap) or not by and (";" in gap or ". " in gap):
            continue
        yield Proposal("authorship", "authorship/work-by", work=title)
        return


def _relative_work(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"W, which S co-authored with A, introduced ...": the cited work right before."""
    before = text[:found.start()].rstrip(" ,").casefold()
    for title in ctx.titles:
        if before.endswith(title.casefold()) and (len(before) == len(title) or not before[
                -len(title) - 1].isalnum()):
            yield Proposal("authorship", "authorship/relative", work=title)
            return


def _possessive_work(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"In her 2012 paper W, she ...", "Example's essay W": a work the page cites or quotes.
    "his" only in a sentence whose subject is the page's ("In his 2006 paper W, he ...")."""
    if found.group("who").casefold() == "his" and not SUBJECT_FIRST.match(text):
        return
    work = _work(ctx, text, found.end())
    if work:
        yield Proposal("authorship", "authorship/possessive", work=work)


_SERVING_AS_ORG_ROLE = re.compile(rf"serving as\s+(?:the\s+)?(?P<org>{NAME})\s+(?P<role>CEO|CTO|"
                                  r"president|chair|director)\b")
_SERVING_AS_ROLE = re.compile(rf"serving as\s+(?:the\s+)?(?P<role>{ROLE})\s+(?:of|at)\s+")


_KNOWN_ITEMS = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=[a-z-]+ing\b)")
_KNOWN_VERBS = ("co-", "founding", "authoring", "writing", "serving", "leading", "running")
_FOUNDING = re.compile(r"(co-)?founding\s+")
_AUTHORING = re.compile(r"(?:co-)?(?:authoring|writing)\s+")
_LEADING = re.compile(r"(?:leading|running)\s+")


def _known_for(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """Gerunds of "known for co-founding O, co-authoring W and serving as O CEO"."""
    items = _KNOWN_ITEMS.split(found.group("list"))
    for item in items:
        item = item.strip()
        if not item.startswith(_KNOWN_VERBS):
            continue  # (each shape below opens with one of these)
        if hit := _FOUNDING.match(item):
            org = _org(ctx, item, hit.end())
            if org and org != S:
                yield Proposal("founding", "founding/known-for", org,
                               "co-founder" if hit.group(1) else "founder", (), None)
        elif hit := _AUTHORING.match(item):
            work = _work(ctx, item, hit.end())
            if work:
                yield Proposal("authorship", "authorship/known-for", work=work)
        elif hit := _SERVING_AS_ORG_ROLE.match(item):
            org = name_at(item, hit.start("org"), ctx.names)
            if org:
                yield Proposal("role", "role/known-for", org, hit.group("role"))
        elif hit := _SERVING_AS_ROLE.match(item):
            org = _org(ctx, item, hit.end())
            if org and org != S:
                yield Proposal("role", "role/known-for", org, _role_name(hit.group("role")))
        elif hit := _LEADING.match(item):
            org = _org(ctx, item, hit.end())
            if org and org != S and ctx.names.get(org) and ctx.names.get(org).type == \
                    "Organization":  # type: ignore[union-attr]
                yield Proposal("role", "role/known-for", org, None)


def _at_org(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"At OpenAI he was vice president of research", "At O, S managed X and later became
    R": a title without an organization, in a sentence that opens "At O,"."""
    if ctx.at_org:
        clause = _clause(text, found.end())
        held = _POST_HELD.search(text, found.end())
        start, end, at = dates_in(clause[:held.start() - found.end()] if held and
                                  held.start() - found.end() <= len(clause) else clause)
        if re.search(r"\b(?:became|was\s+named|was\s+appointed)\s", found.group(0)):
            start = start or at
        if held:
            end = end or _date(held.group(1))
        yield Proposal("role", "role/at-org", ctx.at_org, _role_name(found.group("role")),
                       start=start, end=end)


#: ", a post she held until she left at the end of 2020": when the title ended.
_POST_HELD = re.compile(rf",\s+a\s+(?:post|position|role|title|job)\s+(?:that\s+|which\s+)?"
                        rf"(?:{S}|he|she)\s+held\s+(?:until|through)\s+(?:[^.;]*?\s)?({DATE})")


def _relative_founding(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"DNNresearch, the company he had founded with A", "X, which he started in 2010"."""
    org = name_at(text, found.start("org"), ctx.names)
    if not org or org == S:
        return
    clause = _clause(text, found.end())
    if re.match(r",?\s+an?\s", text[found.end("org"):]):
        # "O, a start-up he co-founded with A, came out of stealth in D": the appositive
        # ends at its comma; D is not the founding's.
        clause = clause.split(",", 1)[0]
    with_ = re.search(r"\b(?:with|alongside)\s+(.*)", clause)
    cofounders = tuple(n for n in split_names(with_.group(1)) if n != S) if with_ else ()
    _, _, at = dates_in(clause)
    role = "co-founder" if found.group("co") or cofounders else "founder"
    yield Proposal("founding", "founding/relative", org, role, cofounders, at)


def _pair_founded(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S and A founded O in D", "S, A and B co-founded O"."""
    org = _org(ctx, text, found.end())
    others = tuple(split_names(re.sub(r"^,?\s*(?:and\s+)?|(?<=and )(?:his|their|\x01)\s+[a-z-]+\s+",
                                      "", found.group("others"))))
    if not org or org == S or not others or S in others or org.split()[0] in _MONTH_WORDS:
        return
    _, _, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    yield Proposal("founding", "founding/founded", org, "co-founder", others, at)


def _founders_are(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """On an organization's page: "Its founders are A, B and C", "Founders: A and B"."""
    founders = [n for n in split_names(found.group("list").rstrip(" .")) if n != S]
    if ctx.subject_type == "Organization" and founders:
        role = "co-founder" if len(founders) > 1 else "founder"
        yield Proposal("founding", "founding/founders", S, role, tuple(founders[1:]), None,
                       holder=founders[0])


def _became_bare(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"... until 2022, when he became president": a title with no organization is the one
    the sentence is about ("its" resolution)."""
    _, _, at = dates_in(_clause(text, found.end()))
    when = _WHEN.search(text[:found.start()])
    start = at or (_date(when.group(1)) if when else None) or ctx.intro_date
    # "She later became a general partner": a title that began after the stint there
    later = _LATER.search(text, found.start(), found.start("role"))
    yield Proposal("role", "role/became-later" if later else "role/became", ITS,
                   _role_name(found.group("role")), start=start)


_LATER = re.compile(r"\b(?:later|eventually|subsequently|then)\s+became\b")


def _took_over(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"In 2016 S took over as chief executive", "S took over as its CTO": a title at the
    organization the sentence (else the one before) names, from the date the clause gives."""
    _, _, at = dates_in(_own(found) + " " + _clause(text, found.end()))
    yield Proposal("role", "role/took-over", ITS, _role_name(found.group("role")),
                   start=at or ctx.intro_date)


#: The small words a title in title case writes in lower case.
_TITLE_SMALL = frozenset("a an the and or of for in on to with from by at as via".split())


def _written_with(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"W, written with A and B, showed ...": on a person's page, a work the subject wrote,
    when W opens the sentence in title case (three words or more), the page's sentence
    before being about the subject."""
    title = found.group("title")
    words = title.split()
    other = ctx.person is not None and not title.startswith(ctx.person)  # (the title's own)
    if ctx.subject_type != "Person" or other or len(words) < 3 or not all(
            w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SMALL for w in words) or \
            words[0] in ("Like", "Unlike") or ctx.names.get(title) is not None and \
            ctx.names.get(title).type in ("Person", "Organization"):  # type: ignore[union-attr]
        return
    cited = next((t for t in ctx.titles if t.casefold() == title.casefold()), None)
    yield Proposal("authorship", "authorship/written-with", work=cited or title)


def _and_author(ctx: Context, found: re.Match[str], text: str) -> Iterator[Proposal]:
    """"S is an author of W and the first author of V"."""
    if SUBJECT_FIRST.match(text):
        yield from _author_of(ctx, found, text)


_SPEAKER_VERBS = (r"lists|listed|identifies|identified|describes|described|names|named|"
                  r"credits|credited|announced|appointed|hired|introduced|recognizes|"
                  r"recognized|confirmed")

_HOLDS_WORDS = ("is ", "was ", "been ", "appoint",
                "serve", "bec", "named",
                "made ", "remains", "acted", "works as", "worked as", "began", "started as",
                "stayed on as", "remained as", "continued as", "took over as")
_WORKS_WORDS = ("work", "held", "holds", "direct", "chair", "head", "taught", "teaches")
# Needles: a rule runs only on a sentence holding one of its texts (whitespace in the
# patterns is one space or more; page text writes one).
_FOUNDED_WORDS = ("founded", "founds", "found ", "found\n")
_TO_FOUND_WORDS = ("to found", "to co-found", "to cofound")
_WORK_WORDS = ("paper", "essay", "book", "article", "preprint", "post", "report", "thesis",
               "dissertation", "memoir")
_WROTE_WORDS = ("authored", "wrote", "published", "released")
_ORG_ROLE_WORDS = ("CEO", "CTO", "president", "chair")

#: (rule, texts of which the sentence must contain one, pattern, handler), tried in order on
#: every marked sentence.
RULES: tuple[tuple[str, tuple[str, ...], re.Pattern[str], Rule], ...] = tuple(
    (name, (needle,) if isinstance(needle, str) else needle, re.compile(pattern), handler)
    for name, needle, pattern, handler in (
        ("founded", _FOUNDED_WORDS, rf"{AGENT}(?:helped\s+(?:to\s+)?|went\s+on\s+to\s+)?"
                                    rf"(?P<co>co-?)?found(?:ed|s)?\s+(?!by\b|in\b)", _founded),
        ("started", 'started', rf"{AGENT}(?P<co>co-?)?started\s+(?=(?:the\s+)?[A-Z][\w.&-]*"
                               r"(?:\s+[A-Z][\w.&-]*)*(?![\w'’]))", _started),
        ("established", 'established', rf"{AGENT}(?P<co>)established\s+(?=(?:the\s+)?[A-Z])",
         _started),
        ("to-found", _TO_FOUND_WORDS, rf"{AGENT}[^\x01.;]*?\bto\s+(?P<co>co-?)?found\s+",
         _founded),
        ("founder-of", 'founder', rf"{AGENT}(?:is|was|became|remains)\s+(?:one\s+of\s+the\s+"
                       rf"|a\s+|an\s+|the\s+)?(?:\w+\s+)?(?P<co>co-?)?founders?\s+of\s+",
         _founder_of),
        ("founded-by", ("founded", "established", "started"),
         rf"(?P<co>co-?)?(?:founded|established|started)\s+{_FOUNDED_PLACE}"
         rf"(?:in\s+(?P<date>{DATE})\s+)?{_FOUNDED_PLACE}by\s+"
         rf"{_FOUNDERS_DESCRIBED}"
         rf"(?P<list>{_DESCRIBED_FOUNDER}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_DESCRIBED_FOUNDER})*)"
                       rf"(?:\s+in\s+(?P<date2>{DATE}))?", _founded_by),
        ("listed-as", ' as ', rf"(?P<speaker>{NAME})\s+(?:{_SPEAKER_VERBS})\s+{S}\s+as\s+"
                      rf"(?:one\s+of\s+its\s+|an?\s+|the\s+|its\s+)?(?P<roles>{ROLE}(?:(?:,\s*"
                      rf"(?:and\s+)?|\s+and\s+)(?:an?\s+|the\s+|its\s+)?{ROLE})*)"
                      rf"(?:\s+(?P<prep>of|at)\s+)?", _listed_as),
        ("named-role", ('named', 'appoint', 'made', ' as '),
         rf"(?P<speaker>{NAME}|\b[Ii]t|\b[Tt]he\s+board|\b[Ii]ts\s+board|\b[Hh]e|\b[Ss]he|{S})"
         rf"(?P<aside>,[^,\x01]{{1,80}},)?"
         rf"\s+(?:named|appointed|made|(?P<hired>hired))\s+{S}\s+"
         rf"(?(hired)(?:in\s+{DATE}\s+)?as\s+(?:an?\s+|its\s+|the\s+)?|(?:as\s+)?(?:its\s+|the\s+)?)"
         rf"(?:(?P<org>{NAME})['’]s\s+)?(?P<role>{ROLE})(?![\w-])"
         rf"(?:\s+and\s+(?:its\s+|the\s+|an?\s+)?(?P<role2>{ROLE})(?![\w-]))?",
         _named_role),
        ("named-there", ('named', 'appointed', 'promoted', 'made '),
         rf"^{_INTRO}{S}\s+{_ADV}(?:was|had\s+been)\s+(?:named|appointed|made|promoted\s+to)\s+"
         rf"(?:the\s+|an?\s+|its\s+)?(?P<role>{ROLE})(?![\w-])"
         rf"(?:\s+and\s+(?:then\s+|later\s+)?(?:the\s+|an?\s+|its\s+)?(?P<role2>{ROLE})"
         r"(?![\w-]))?"
         rf"(?=\s*[,.;]|\s*$|\s+in\s+{DATE})", _rose_to),
        ("holds", _HOLDS_WORDS, rf"{AGENT}(?P<verb>is|was|has\s+been|had\s+been|served\s+as|"
                  rf"ha[sd]\s+(?:also\s+)?served\s+as|"
                  rf"(?:holds|held)\s+an?\s+appointment\s+as|"
                  rf"serves\s+as|"
                  rf"became|becomes|was\s+named|was\s+appointed(?:\s+as)?|was\s+made|remains|"
                  rf"stayed\s+on\s+as|remained\s+as|continued\s+as|took\s+over\s+as|"
                  rf"was\s+promoted\s+to|"
                  rf"would\s+become|will\s+become|acted\s+as|worked\s+as|works\s+as|"
                  rf"began\s+as|started\s+as|began\s+(?:his|her)\s+career\s+as)\s+{_ADV}"
                  rf"(?:the\s+|an?\s+|one\s+of\s+the\s+)?(?:(?:first|founding(?!\s+director)|former|"
                  rf"current|longtime|then|inaugural)\s+)?(?:(?P<its>its|their)\s+)?"
                  rf"(?P<role>{ROLE}(?:(?:\s*,\s*and|\s*,|\s+and)\s+(?:(?:later|then)\s+as\s+)?"
                  rf"(?:the\s+|an?\s+|its\s+)?{ROLE})*)"
                  rf"(?(its)|(?:,\s+first)?\s+(?:(?:of\s+[a-z][a-z ]*?\s+)?(?:of|at|for)\s+"
                  rf"|(?=there\b)|in\s+(?=(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s\s+[a-z])"
                  r"|in\s+the\s+(?:Department|School|Faculty)\s+of\s+(?:[A-Z][\w-]*\s+(?:and\s+)?)+"
                  r"at\s+))",
         _holds),
        ("possessive-role", ("'", "’"),
         rf"{AGENT}(?P<verb>is|was|has\s+been|served\s+as|serves\s+as|became|becomes|remains|"
         rf"was\s+named|was\s+appointed(?:\s+as)?|"
         rf"left\s+(?:the\s+company|it|{NAME})\s+to\s+become)\s+{_ADV}(?:(?P<the>the\s+(?:(?:combined|"
         r"merged|new|newly\s+formed)\s+)?(?:company|lab|laboratory|startup|firm|organization))"
         rf"['’]s|(?:the\s+)?(?P<org>{NAME})['’]s?)\s+"
         rf"(?:(?:first|founding(?!\s+director)|former|then|longtime|inaugural)\s+)?"
         rf"(?P<role>{ROLE}(?:\s+and\s+(?:an?\s+|the\s+|its\s+)?{ROLE})?)(?![\w-])",
         _possessive_role),
        ("who-founded", 'who', rf"{S}(?:,|\s+(?:is|was)\s+(?:an?|the)\s+"
                               rf"(?:(?!who\s)[^,;\x01]){{1,80}}?)\s+who\s+(?:had\s+|later\s+|also\s+|first\s+)?"
                               rf"(?P<co>co-?)?found(?:ed|s)\s+(?!by\b|in\b)", _founded),
        ("board", 'board', rf"{AGENT}(?:(?P<verb>joined|served\s+on|serves\s+on|sat\s+on|sits\s+on|"
                           r"was\s+(?:elected|appointed|named)\s+to)\s+the\s+(?:[a-z]+\s+)?board"
                           r"\s+(?:of\s+directors\s+)?of\s+|(?P<verb2>joined|was\s+(?:elected|"
                           r"appointed|named)\s+to)\s+(?=[A-Z][^,;.]*?['’]s?\s+board\b))", _board),
        ("while-remaining", 'remaining', rf"^{_INTRO}{S}\s[^;\x01]*?,\s+while\s+remaining\s+"
                                         rf"(?:an?\s+|the\s+)?(?P<role>{ROLE})\s+(?:at|of)\s+",
         _while_remaining),
        ("ran-as", ' as ', rf"{AGENT}(?:ran|led|headed|oversaw|managed)\s+(?:(?P<the>the\s+company"
                           rf"['’]s|its)|(?P<org>{NAME})['’]s?)\s+[^,;\x01]{{1,80}}?\s+as\s+"
                           rf"(?:an?\s+|the\s+|its\s+)?(?P<role>{ROLE}(?:\s+and\s+(?:an?\s+|the\s+)?"
                           rf"{ROLE})?)(?![\w-])", _ran_as),
        ("as-role-at", 'As ', rf"^As\s+(?:an?|the)\s+(?P<role>{ROLE})\s+(?:at|of|with|in)\s+"
                             r"(?=(?:the\s+)?[A-Z])", _as_role_at),
        ("and-role", ' and ', rf"\s+and\s+(?:the\s+|an?\s+)?(?P<role>{ROLE})\s+(?:of|at)\s+"
                              r"(?:its\s+)?(?=(?:the\s+)?[A-Z])", _and_role),
        ("org-role", _ORG_ROLE_WORDS, rf"{AGENT}(?:is|was|serves\s+as|served\s+as|became)\s+"
                     r"(?:the\s+)?"
                     rf"(?P<org>{NAME})\s+(?P<role>CEO|CTO|president|chair)\b", _org_role),
        ("joined", 'joined', rf"{AGENT}(?:re)?joined\s+", _joined),
        ("began-career", 'career', rf"{AGENT}began\s+(?:his|her|their|{S}(?:['’]s)?)\s+"
                                   rf"(?:[a-z]+\s+)?career\s+(?:as\s+(?:an?\s+|the\s+)?(?P<role>{ROLE})\s+)?"
                                   r"(?:at|with)\s+(?:the\s+)?(?=[A-Z])", _began_career),
        ("left", 'left', rf"{AGENT}left\s+", _left),
        ("resigned", 'resigned', rf"^{_INTRO}{S}\s+{_ADV}resigned\s+in\s+(?P<end>{DATE})\b",
         _resigned),
        ("returned", ('return', 'went back'), rf"{AGENT}(?:returned|went\s+back)\s+to\s+",
         _returned),
        ("works-at", _WORKS_WORDS, rf"{AGENT}(?:(?P<what>worked|works|has\s+worked|taught|teaches|"
                     r"has\s+taught)"
                     r"\s+(?:(?:on|in)\s+[a-z][a-z -]{0,60}?\s+(?=at\s+[A-Z])|with\s+"
                     r"(?:the|a|an)\s+[a-z][a-z -]{0,40}?\s+(?:team|group|lab)\s+(?=at\s+[A-Z]))?"
                     rf"(?:at\s+|for\s+|(?=there\s+as\s))|"
                     rf"(?:held|holds)\s+(?:(?:a|an|the)\s+)?(?P<what2>(?:(?:adjunct|visiting|"
                     r"honorary)\s+)?(?:professorship|fellowship|chair|position)s?)"
                     rf"(?:\s+in\s+[a-z][a-z ]{{0,60}}?)?\s+at\s+"
                     r"|(?P<what3>(?:has\s+)?(?:directed|co-directed|chaired|headed)|"
                     rf"directs|co-directs|chairs|heads)\s+)", _works_at),
        ("author-of", 'author', rf"{AGENT}(?:is|was|became)\s+{_ADV}(?P<rule>(?:one\s+of|among)"
                      rf"\s+the\s+(?:\w+\s+)?(?:co-?)?authors|an?\s+(?:co-?)?author|the\s+(?:first|lead|senior|last"
                      rf"|second|sole|corresponding|principal)\s+author|a\s+co-?author)"
                      r"(?:,\s+(?:with|alongside)\s+[^,;\x01]{1,120},)?\s+of\s+",
         _author_of),
        ("its-authors", 'authors', rf"{AGENT}(?:is|was)\s+{_ADV}(?:one\s+of|among)\s+its\s+"
                           r"(?:\w+\s+)?(?:co-?)?authors\b", _its_authors),
        ("with-among-authors", 'authors', rf"\bwith\s+{S}\s+(?:among|as\s+one\s+of)\s+its\s+"
                                          r"(?:\w+\s+)?(?:co-?)?authors\b", _its_authors),
        ("wrote", _WROTE_WORDS, rf"{AGENT}(?P<rule>)(?:co-?)?(?:authored|wrote|published|co-wrote|"
                  r"released)"
                  rf"\s+", _author_of),
        ("relative", ("founded", "started", "established"),
         rf"(?P<org>{NAME}),?\s+(?:which|that|(?:the|an?)\s+[a-z-]+(?:\s+[a-z-]+)?)"
                              rf"\s+{S}\s+(?:had\s+|later\s+|also\s+)?(?P<co>co-?)?(?:founded"
                              r"|started|established)\b", _relative_founding),
        ("relative-start", 'start', rf"(?P<org>{NAME}),?\s+(?:which|that)\s+{S}\s+(?:had\s+)?"
                                    r"(?P<co>co-?)?(?:started|established)\b",
         _relative_founding),
        ("pair-founded", ('found', 'started'),
         rf"^(?:That\s+year\s+|{_INTRO}){S}(?P<others>(?:,\s*{NAME})*,?\s+and\s+"
         rf"(?:(?:his|their|{S})\s+[a-z-]+\s+)?{NAME})"
         # ("S, A and B walked out in 1998 and started O": a verb phrase between)
         rf"(?:(?:\s+(?!and\b)[a-z]+){{1,3}}(?:\s+in\s+{DATE})?\s+and(?:\s+{S})?)?"
         r"\s+(?:co-?)?(?:founded|started)\s+",
         _pair_founded),
        ("founded-subject", ("founded", "established", "started"),
         rf"^(?:(?:In|On|By)\s+[^,;\x01]{{1,40}}?,?\s+)?(?P<list>{NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+)"
         rf"{NAME})*)(?:,\s+who\s+[^,\x01]{{1,80}},)?\s+(?P<co>co-?)?(?:founded|established|started)"
         rf"\s+{S}(?![\w'’])", _founded_subject),
        ("led-by-founder", ("founded it", "started it"),
         rf"^{S}\s+(?:is|was|has\s+been)\s+(?:led|run|headed)\s+by\s+(?P<list>{NAME}),\s+who\s+"
         rf"(?:also\s+)?(?P<co>co-?)?(?:founded|started)\s+it\b", _founded_subject),
        ("founders-appositive", 'ounders', rf"^{S}['’]s?\s+(?:co-?)?founders,\s+(?P<list>[^,;]+(?:,"
                                           r"\s*(?:and\s+)?[^,;]+)*?),\s+", _founders_are),
        ("founders-are", 'ounders', rf"(?:^|\b)(?:{S}'s|{S}’s|Its|its)\s+(?:co-?)?founders\s+"
                                    rf"(?:are|were|include|included)\s+(?P<list>.*)",
         _founders_are),
        ("to-join", 'join', rf"{AGENT}[^\x01.;]*?\bto\s+(?:re)?join\s+", _joined),
        ("to-work", 'to work', rf"{AGENT}[^\x01.;]*?\bto\s+work\s+(?:(?:on|in)\s+"
                               r"[a-z][a-z -]{0,60}?\s+)?(?:at|for)\s+(?=[A-Z]|[a-z][A-Z])",
         _joined),
        ("hired-by", ' by ', rf"{AGENT}was\s+(?:hired|recruited|appointed)\s+by\s+", _joined),
        ("resigned", ' as ', rf"{AGENT}(?P<verb>stepped\s+down|resigned)\s+as\s+(?:the\s+)?"
                             rf"(?P<role>{ROLE})\s+(?:of|at)\s+", _holds),
        ("removed-as", ' as ', rf"{AGENT}(?:was\s+(?:removed|ousted|dismissed|fired)|"
                               rf"stepped\s+down|resigned)\s+as\s+(?:the\s+|its\s+)?(?P<role>{ROLE})"
                               r"(?P<board>\s+of\s+(?:the|its)\s+board)?(?![\w-])"
                               r"(?!\s+(?:of|at)\s)", _removed_as),
        ("resigned-from", 'from', rf"{AGENT}(?:resigned|departed)\s+from\s+", _left),
        ("appositive", (f"{S},",), rf"^{_INTRO}{S},\s+(?:the\s+|an?\s+)?"
                            r"(?:(?:former|current|then)\s+)?"
                            rf"(?P<role>{ROLE})\s+(?:of|at)\s+", _holds),
        ("appositive-possessive", (f"{S},",),
         rf"{S},\s+(?:(?:the|then|now)\s+)?(?:(?:former|current)\s+)?(?P<org>{NAME})['’]s?\s+"
         r"(?:(?:former|current|first|founding(?!\s+director)|longtime)\s+)?"
         rf"(?P<role>{ROLE})(?![\w-])(?=\s*[,.;)]|\s*$)", _appositive_possessive),
        ("possessive-appositive", (f", {S}",),
         rf"(?:^|(?<=[,;]\s))(?:(?P<the>[Tt]he\s+(?:company|startup|lab|firm))|(?P<org>{NAME}))"
         r"['’]s\s+(?:(?:first|founding(?!\s+director)|then)\s+)?"
         rf"(?P<role>{ROLE}),\s+{S}(?=\s*,|\s+[a-z])", _possessive_appositive),
        ("launched", 'launched', rf"{AGENT}(?P<co>co-?)?launched\s+(?=(?:the\s+)?{NAME},\s+(?:an?|"
                                 r"the)\s+(?:[\w-]+\s+){0,3}(?:nonprofit|company|startup|lab|"
                                 r"laboratory|organi[sz]ation|foundation|institute|firm)\b)",
         _founded),
        ("took-over", 'took over', rf"{AGENT}took\s+over\s+as\s+(?:the\s+|its\s+)?"
                                   rf"(?P<role>{ROLE})(?![\w-])(?!\s+(?:of|at)\s)", _took_over),
        ("became-bare", 'bec', rf"{AGENT}became\s+(?:the\s+|an?\s+)?(?P<role>CEO|CTO|COO|CFO|"
                                  r"president|chair(?:man|woman|person)?|chief executive|chief "
                                  r"[a-z]+ officer|chief scientist|(?:(?:senior|executive)\s+)?"
                                  r"vice president|(?:general|managing|senior)\s+partner)"
                                  r"(?=\s*(?:[.,;]|$))",
         _became_bare),
        ("where-role", 'where', rf"(?P<org>{NAME})(?:\s+in\s+{DATE})?,\s+where\s+{S}\s+"
                                rf"(?P<first>[^,;\x01]{{1,80}}?\s+and\s+{S}\s+)?{_ADV}(?P<verb>was|is|"
                                r"became|served\s+as|serves\s+as|worked\s+as|works\s+as)\s+"
                                r"(?:the\s+|an?\s+)?"
                                rf"(?P<role>{ROLE})(?![\w-])(?!\s+(?:of|at|for)\s+[A-Z])",
         _where_role),
        ("returning", 'return', rf"{AGENT}[^\x01.;]*?\bbefore\s+returning\s+to\s+",
         _before_returning),
        ("joining", 'joining', rf"{AGENT}[^\x01.;]*?\b(?:before|after)\s+(?:re)?joining\s+",
         _joined),
        ("moving", 'mov', rf"{AGENT}[^\x01.;]*?\b(?:before|after)\s+(?:moving|switching|"
                             r"transferring)\s+to\s+(?P<at>(?:[a-z-]+\s+){0,4}(?:at|with)\s+)?"
                             r"(?=(?:the\s+)?[A-Z])", _moved),
        ("led-it", 'until', rf"{AGENT}(?:led|headed|ran|directed)\s+(?:it|the\s+(?:company|lab|"
                            rf"division|team|group))\s+until\s+(?:(?:it|the\s+company)\s+"
                            r"(?:shut\s+down|closed|folded|was\s+(?:sold|acquired|dissolved))"
                            rf"\s+in\s+)?(?P<end>{DATE})", _led_it),
        ("led-as", (' as ', 'led ', 'leads ', 'head'),
         rf"{AGENT}(?:led|headed|ran|leads|heads|runs)\s+(?=(?:the\s+)?[A-Z]|it\s+as\s)",
         _led_as),
        ("org-fellow", 'Fellow', rf"(?:{AGENT}(?P<verb>is|was|became|remains)\s+{_ADV}|"
                                 rf"\b(?:named|made)\s+{S}\s+)an?\s+(?P<org>{NAME})\s+Fellow\b",
         _org_fellow),
        ("succeeded", 'succeeded', rf"{AGENT}(?P<verb>succeeded)\s+{NAME}\s+as\s+(?:the\s+|its\s+)?"
                                   rf"(?P<role>{ROLE})\s+(?:of|at)\s+", _holds),
        ("named-chair", 'Professor', rf"{AGENT}(?P<verb>is|was|became|has\s+been|holds|held|"
                                     rf"was\s+{_ADV}(?:named|appointed))\s+"
                                     # ("S is a computer scientist, the X Professor at O")
                                     rf"{_ADV}(?:an?\s+[^,;\x01]{{1,80}}?,\s+)?(?:the\s+)?"
                                     r"(?P<role>(?:(?:[A-Z][\w.'’-]*|\([0-9]{4}\)"
                                     r"|and)\s+){1,8}Professor(?:\s+(?:of|in)\s+[A-Z][\w-]*"
                                     r"(?:\s+(?:and\s+)?[A-Z][\w-]*)*)?)(?:\s+(?P<at>at)\s+"
                                     r"(?:its\s+)?|(?=\s*[.,;]|\s*$))", _named_chair),
        ("rose-to", ('rose', 'was '),
         rf"{AGENT}(?:rose|was\s+{_ADV}promoted)\s+to\s+(?:become\s+)?"
         r"(?:the\s+(?:post|rank|position)\s+of\s+)?"
         rf"(?:the\s+|an?\s+)?(?P<role>{ROLE})(?![\w-])(?=\s*[,.;]|\s*$|\s+in\s+{DATE}|\s+there\b"
         rf"|\s+(?P<at>at)\s+[A-Z])",
         _rose_to),
        ("with-as", f"with {S} as", rf"\bwith\s+{S}\s+as\s+(?:(?P<its>its|their)\s+|the\s+)?"
                            rf"(?:first\s+|founding\s+)?(?P<role>{ROLE})(?![\w-])", _with_as),
        ("where-leads", 'where', rf"(?P<org>{NAME}),\s+where\s+{S}\s+{_ADV}(?:leads|led|heads|"
                                 r"headed|runs|ran)\s+(?:its|the|an?|his|her)\s", _where_leads),
        ("before-leaving", 'leaving', rf"{AGENT}[^\x01.;]*?\bbefore\s+leaving\s+(?=[A-Z])",
         _left),
        ("which-led", 'which', rf",\s+which\s+{S}\s+{_ADV}(?:led|ran|headed|directed|joined|"
                               r"served)\s+as\s+(?:its\s+|the\s+|an?\s+)?(?:first\s+|founding\s+)?"
                               rf"(?P<role>{ROLE})(?![\w-])", _which_led),
        ("moved-to", 'mov', rf"{AGENT}moved\s+to\s+(?=(?:the\s+)?[A-Z])", _moved_to),
        ("moved", 'mov', rf"{AGENT}moved\s+to\s+(?P<at>(?:an?\s+|the\s+|its\s+)?(?:[a-z-]+\s+)"
                           r"{0,3}(?:role|position|job|post)\s+(?:at|with)\s+)", _moved),
        ("after-stint", ('fter', 'ollowing'), rf"^(?:After|Following)\s+(?:an?|{S}['’]s|his|her)\s+"
                                              r"(?:(?:short|brief|two-year|one-year|year-long)\s+)?"
                                              r"(?P<what>postdoc|postdoctoral\s+(?:fellowship|"
                                              r"position|stint)|internship|residency)\s+(?:at|with)\s+",
         _after_stint),
        ("spent", 'spent', rf"{AGENT}spent\s+(?P<span>(?:{DATE})\s+(?:to|until|through|and)\s+"
                           rf"(?:{DATE})|(?:about\s+|over\s+)?(?:an?|[a-z]+|[0-9]+)\s+"
                           rf"(?:years?|months?))(?:\s+as\s+(?:an?\s+|the\s+)?(?P<role>{ROLE}))?"
                           r"\s+(?:at|with|on\s+the\s+(?:faculty|staff)\s+of)\s+", _spent),
        ("work-by", (' by ', 'whose author'), rf"(?:\s+by\s+|,?\s+whose\s+(?:[a-z]+\s+)?"
                                            r"(?:author\s+list|authors)\s+(?:includes?|included)"
                                            rf"\s+)(?P<list>(?:{NAME}|{S})(?:(?:,\s*(?:and\s+)?|"
                                            rf"\s+and\s+)(?:{NAME}|{S}))*)", _work_by),
        ("of-which", 'of which', rf",\s+of\s+which\s+{S}\s+(?:was|is)\s+(?:the\s+|an?\s+|"
                                 r"one\s+of\s+the\s+)?(?:\w+\s+)?(?:co-?)?authors?\b",
         _relative_work),
        ("relative-work", 'which', rf",?\s+which\s+{S}\s+(?:had\s+|later\s+|also\s+)?"
                                   r"(?:co-?)?(?:authored|wrote|published|co-wrote)\b",
         _relative_work),
        ("possessive-work", _WORK_WORDS,
         rf"(?P<who>[Hh](?<!\w[Hh])is|{S}(?:['’]s)?)\s+(?:[0-9]{{4}}\s+)?"
         r"(?:(?:co-authored|first|landmark|influential|seminal)\s+)?"
         r"(?:paper|essay|book|article|preprint|blog\s+post|report|"
         r"thesis|dissertation|memoir)\s+(?=[A-Z\"“])",
         _possessive_work),
        ("known-for", 'nown for', r"[Kk](?<!\w[Kk])nown\s+for:?\s+(?P<list>.*)",
         _known_for),
        ("at-org", 'At ', rf"{AGENT}(?:was|is|served\s+as|became|was\s+named|was\s+appointed)\s+"
                   rf"{_ADV}(?:the\s+|an?\s+)?(?P<role>{ROLE})(?=\s*[,.;]|\s*$|\s+(?:in|from|until|"
                   r"since|and|when|before|after)\b)", _at_org),
        ("written-with", 'written with', r"^(?P<title>[A-Z][^,;\x01]{8,120}?),\s+(?:co-)?written\s+"
                                          r"with\s+(?=[A-Z])", _written_with),
        ("and-author", 'author', r"a(?<!\wa)nd\s+(?:was\s+|is\s+)?(?P<rule>one\s+of\s+the\s+"
                       r"(?:\w+\s+)?(?:co-?)?authors|an?\s+(?:co-?)?author|the\s+(?:first|lead|senior|last"
                       r"|second|sole)\s+author)\s+of\s+", _and_author),
    )
)


#: RULES with, for each, whether its pattern begins with AGENT (so a match can begin only
#: where AGENT can: see _matches_at).
_RULES = tuple((*rule, rule[2].pattern.startswith(AGENT)) for rule in RULES)
#: For rules whose pattern is slow to scan: a pattern that a sentence must match for the
#: rule to match (or, for and-role, for its handler to propose anything), quick to scan.
_GUARDS: dict[str, re.Pattern[str]] = {
    "listed-as": re.compile(rf"{S}\s+as\s"),
    "relative": re.compile(rf"{S}\s+(?:had\s+|later\s+|also\s+)?(?:co-?)?(?:founded|started|"
                           r"established)\b"),
    "relative-start": re.compile(rf"{S}\s+(?:had\s+)?(?:co-?)?(?:started|established)\b"),
    "named-role": re.compile(rf"(?:named|appointed|made|hired)\s+{S}"),
    "founded-by": re.compile(r"\sby\s"),
    "founded-subject": re.compile(rf"(?:founded|established|started)\s+{S}"),
    "and-role": _AGENT_HOLDS,
}
#: Each rule of RULES as (name, needles, pattern, handler, whether the pattern begins with
#: AGENT, its guard or None, whether the guard begins with AGENT, whether a match may name
#: its verb in the groups "what2" or "what3").
_RULES = tuple((*rule[:5], _GUARDS.get(rule[0]),
                _GUARDS[rule[0]].pattern.startswith(AGENT) if rule[0] in _GUARDS else False,
                "what2" in rule[2].groupindex) for rule in _RULES)

_CAP_ROLE = re.compile(
    r"\b(a|an|the|as|is|was|became|named|appointed|former|its) ((?:(?:Chief|Vice|Executive|"
    r"Managing|Research|Founding|Senior|Principal|Distinguished|Assistant|Associate|Adjunct|"
    r"Visiting|Technical|Interim|General|Education|Teaching|Faculty|University|Institute)\s+)*"
    r"(?:Professor|Director|President|Chairman|Chair|"
    r"Founder|Co-[Ff]ounder|Scientist|Engineer|Fellow|Head|Lecturer|Researcher|Officer|Partner|"
    r"Executive|Lead)(?:\s+(?:Executive|Technology|Operating|Financial|Science|Scientist|"
    r"Officer|Emeritus))*)\b")
#: A capitalized title has one of these (a cheap test before _CAP_ROLE).
#: Every needle of RULES once, and for each the indices of the rules it lets run.
_NEEDLES = tuple(dict.fromkeys(n for rule in _RULES for n in rule[1]))
_BY_NEEDLE = {n: frozenset(i for i, rule in enumerate(_RULES) if n in rule[1]) for n in _NEEDLES}


def _inside(needle: str) -> str | None:
    """The shortest other needle inside ``needle`` ("found" in "founded"), if any: ``needle``
    is in a sentence only if that one is."""
    inside = [n for n in _NEEDLES if n != needle and n in needle]
    return min(inside, key=len) if inside else None


_INSIDE = {n: inner for n in _NEEDLES if (inner := _inside(n)) is not None}
_ROOT_NEEDLES = tuple(n for n in _NEEDLES if n not in _INSIDE)
#: For a needle, the needles that hold it: tested only when it is in the sentence.
_HOLDING: dict[str, tuple[str, ...]] = {}
for _longer, _shorter in _INSIDE.items():
    _HOLDING[_shorter] = (*_HOLDING.get(_shorter, ()), _longer)


@lru_cache(maxsize=4096)
def _rules_for(present: tuple[str, ...]) -> tuple[tuple[Any, ...], ...]:
    """The rules, in order, that have a needle among ``present`` (sentences share needle
    sets, so the answer is kept)."""
    indices: set[int] = set()
    for needle in present:
        indices |= _BY_NEEDLE[needle]
    return tuple(_RULES[i] for i in sorted(indices))


_CAP_WORDS = ("Professor", "Director", "President", "Chair", "Founder", "Co-", "Scientist",
              "Engineer", "Fellow", "Head", "Lecturer", "Researcher", "Officer", "Partner",
              "Executive", "Lead")
_CAP_WORD = re.compile("|".join(_CAP_WORDS))
_ROLE_LABELS = frozenset({"current role", "current public role", "role", "roles", "position",
                          "current position", "positions", "affiliation", "affiliations",
                          "title", "current title", "current roles"})
_FOUNDED_LABELS = frozenset({"founded", "co-founded", "founder of", "co-founder of",
                             "companies founded", "organizations founded", "organisations founded"})
_FOUNDERS_LABELS = frozenset({"founders", "co-founders", "founded by", "founder"})


def _labelled(ctx: Context, marked: str, label: str) -> Iterator[str]:
    """The sentences a Snapshot bullet stands for: "Current role: CEO of X" is "S is CEO of
    X"; "Founded: X (2015)" is "S founded X in 2015"; "Founders: A and B" on an
    organization's page is "Its founders are A and B"."""
    key = label.casefold()
    if key in ("known for", "notable for"):
        yield "Known for " + marked
    elif key in _ROLE_LABELS and ctx.subject_type == "Person":
        for part in re.split(r";\s*", marked):
            # "chief scientist of O, which he joined in D": the subject is in the aside only.
            yield part if part.startswith(S) or f" {S} " in part.split(",", 1)[0] \
                else f"{S} is {part}"
    elif key in _FOUNDED_LABELS and ctx.subject_type == "Person":
        for part in re.split(r";\s*|,\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", marked):
            part = re.sub(rf"\s*\(({DATE})\)", r" in \1", part)
            yield f"{S} founded {part}"
    elif key in _FOUNDERS_LABELS and ctx.subject_type == "Organization":
        yield f"Its founders are {marked}"
    elif key == "founded" and ctx.subject_type == "Organization":
        by = re.search(r"\bby\s+(.*?)(?:,?\s+(?:at|in|inside|on|within)\s+(?:the\s+)?[A-Z].*)?$",
                       marked)
        if by:
            # "December 2013, by A at O": the founders are A, O only where it was founded.
            yield f"Its founders are {by.group(1)}"
    else:
        yield marked


def propose(ctx: Context, marked: str, label: str) -> Iterator[Proposal]:
    """Every proposal the rules make for one marked sentence (or Snapshot bullet)."""
    if _CAP_WORD.search(marked):
        marked = _CAP_ROLE.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}", marked)
    for sentence in _labelled(ctx, marked, label) if label else (marked,):
        yield from _propose(ctx, sentence)


_RELATIVE = re.compile(r",\s+(?:who|whose|which)\b")
_CLAUSE_SUBJECT = re.compile(rf"(?:which|who|whom|that|and|,)\s+{S}\s")


def _coordinate(found: re.Match[str]) -> str:
    """The subject written before a coordinated verb: "and S later founded"; ", then
    joined" becomes "and S then joined" (the subject's own clause)."""
    before = found.string[:found.start()]
    relative = max((m.end() for m in _RELATIVE.finditer(before)), default=-1)
    if relative >= 0 and not _CLAUSE_SUBJECT.search(before[relative - 1:]):
        # "S is an author of W, whose first author, A, was his student and later founded
        # O": the verb is the relative clause's.
        return found.group(0)
    dated = found.group(2) or ""  # "and in 2021 co-founded O": "and in 2021 S co-founded O"
    if found.group(1) == ",":
        return f", and {dated}{S} "
    return f"{found.group(1)} {dated}{S} "


_SPEECH = re.compile(rf"^{_INTRO}(?P<speaker>{NAME})\s+(?:announced|said|confirmed|stated|"
                     rf"reported)\s+that\s+")


def _propose(ctx: Context, marked: str) -> Iterator[Proposal]:
    speech = _SPEECH.match(marked) if " that " in marked else None
    ctx.speaker = name_at(marked, speech.start("speaker"), ctx.names) if speech else None
    if speech:
        # "In D, O announced that S would become its CEO": read the reported clause.
        intro = marked[:speech.start("speaker")]
        marked = marked[speech.end():]
        if intro:
            marked = f"{intro}{marked}"
    if marked.startswith(f"There {S}") and ctx.prev_org:
        # "In 2016 she moved to O. There she was chief scientist": "there" is O.
        marked = f"At {ctx.prev_org}, {marked[6:]}"
    if SUBJECT_FIRST.match(marked):
        # ", then joined O" coordinates with the subject's verb; a bare ", served" may
        # follow another person's aside ("while Koller, who founded X, served as ...").
        marked = _COORDINATED.sub(_coordinate, marked)
    intro = _INTRO_DATE.match(marked)
    ctx.intro_date = _date(intro.group(1)) if intro else None
    at = _AT_OPENING.match(marked)
    ctx.at_org = name_at(marked, at.end(), ctx.names) if at else None
    proposals: list[Proposal] = []
    starts: list[int] | None = None  # where a match of AGENT can begin, found once
    present = [n for n in _ROOT_NEEDLES if n in marked]
    for needle in present:  # a needle that holds another is there only if the other is
        present += [n for n in _HOLDING.get(needle, ()) if n in marked]
    for rule in _rules_for(tuple(present)):
        pattern, handler, agent, guard, agent_guard = rule[2:7]
        if (agent or agent_guard) and starts is None:
            starts = [m.start() for m in _AGENT_STARTS.finditer(marked, 1)
                      if _AGENT_HEAD.match(marked, m.start())]
            if _AGENT_OPENING.match(marked) or _AGENT_HEAD.match(marked):
                starts.insert(0, 0)
        if guard is not None and (
                next(_matches_at(guard, marked, starts), None) if agent_guard  # type: ignore[arg-type]
                else guard.search(marked)) is None:
            continue
        if agent:
            end = 0
            for start in starts:  # type: ignore[union-attr]  # (see _matches_at)
                if start < end:
                    continue
                found = pattern.match(marked, start)
                if found is not None:
                    end = found.end()
                    if rule[7] and (found.group("what2") or found.group("what3")):
                        found = _Renamed(found)  # type: ignore[assignment]
                    proposals.extend(handler(ctx, found, marked))
        else:
            for found in pattern.finditer(marked):
                proposals.extend(handler(ctx, found, marked))
    owners: dict[str | None, str | None] = {}
    last = (-1, ctx.last_org)
    for proposal in proposals:
        if proposal.organization == ITS:
            if proposal.role_name not in owners:
                owners[proposal.role_name] = _owner(ctx, marked, proposals, proposal)
            owner = owners[proposal.role_name]
            if owner is None:
                continue
            proposal = replace(proposal, organization=owner)
            # ("its" names the organization it stands for, where it is written)
            last = max(last, (max(marked.find(" its "), 0), owner))
        if proposal.organization and proposal.organization != S:
            # "the company" in the next sentence is the one named last, in text order.
            last = max(last, (marked.rfind(proposal.organization), proposal.organization))
        yield proposal
    ctx.prev_org = last[1] if last[0] >= 0 else None
    ctx.last_org = last[1]




def _owner(ctx: Context, marked: str, proposals: list[Proposal],
           proposal: Proposal) -> str | None:
    """The organization "its" (or a title without one) of ``proposal`` stands for: the one
    the sentence names before it (before "its", before the title as written), else the
    speaker or the organization of the sentence before."""
    its = marked.find(" its ")
    cut = its if its >= 0 else len(marked)
    title = marked.find(proposal.role_name) if proposal.role_name else -1
    if 0 <= title < cut:
        cut = title  # "stepped down as CEO in 2022, and stayed on as R of O": not O's
    named = [(marked.rfind(p.organization, 0, cut), p.organization)
             for p in proposals if p.organization not in ("", S, ITS)]
    before = max((n for n in named if n[0] >= 0), default=None)
    if before is None and ctx.speaker is None and ctx.prev_org is None and ctx.last_org and \
            "the " in marked[:cut] and _THE_COMPANYS.search(marked, 0, cut) and \
            not _names_another(ctx, marked[:cut]):
        return ctx.last_org  # "For the company's first years S was its R": the one named last
    return before[1] if before else ctx.speaker or (
        ctx.prev_org if not _names_another(ctx, marked[:cut]) else None)


_THE_COMPANYS = re.compile(r"\bthe\s+(?:company|lab|laboratory|startup|firm)['’]s\s")


_AT_OPENING = re.compile(rf"At\s+(?=[A-Z][^,;\x01]*?,?\s+{S}\s)")


#: Where a match of AGENT can begin besides the sentence's start: a ";", an "and", a ",
#: where" or ", when", a "while" (a superset: each is tried with the rule's pattern).
_AGENT_STARTS = re.compile(r";|,(?=\s+wh)|and\s|while\s")
#: What AGENT's alternatives need right after such a start (the subject follows at once or,
#: after "and", past "then", "later" or "in D,"): a start without it is not tried.
_AGENT_OPENING = re.compile(rf"{_INTRO}{S}")  # (what AGENT needs at the sentence's start)
_AGENT_HEAD = re.compile(rf";|and\s+(?:then\s+|later\s+|in\s+{DATE},?\s+)?{S}"
                         rf"|,\s+(?:where|when)\s+{S}|while\s+{S}")


def _matches_at(pattern: re.Pattern[str], text: str,
                starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, for a pattern whose matches can only
    begin at ``starts`` (ascending): tried there alone, not at every character."""
    end = 0
    for start in starts:
        if start < end:
            continue
        found = pattern.match(text, start)
        if found is not None:
            yield found
            end = found.end()


def _names_another(ctx: Context, text: str) -> bool:
    """Whether ``text`` names something besides the subject, a month or a known person
    (then "its" there may be that, not the organization of the sentence before)."""
    for found in re.finditer(NAME, text):
        name = name_at(text, found.start(), ctx.names)
        if not name or found.start() == 0 or name.split()[0] in _MONTH_WORDS \
                or name == ctx.last_org or name in TRAILERS:
            continue
        known = ctx.names.get(name)
        if known is None or known.type != "Person":
            return True
    return False


_FACULTY = re.compile(r"(?:the\s+)?(?:faculty|staff)\s+(?:of|at)\s+")


class _Moved:
    """A match seen as ending at ``end`` (after words the handler skips)."""

    def __init__(self, found: re.Match[str], end: int) -> None:
        self.found, self._end = found, end

    def group(self, name: str | int = 0) -> str:
        return self.found.group(name)

    def start(self, name: str | int = 0) -> int:
        return self.found.start(name)

    def end(self, name: str | int = 0) -> int:
        return self._end if name == 0 else self.found.end(name)


class _Renamed:
    """A works-at match whose verb sits in another group, seen as group "what"."""

    def __init__(self, found: re.Match[str]) -> None:
        self.found = found

    def group(self, name: str | int = 0) -> str:
        if name == "what":
            return self.found.group("what2") or self.found.group("what3")
        return self.found.group(name)

    def start(self, name: str | int = 0) -> int:
        return self.found.start(name)

    def end(self, name: str | int = 0) -> int:
        return self.found.end(name)

    def groupdict(self) -> dict[str, str | None]:
        return self.found.groupdict()
