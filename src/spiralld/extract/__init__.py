"""Propose claims from a page's text: foundings, roles and authorships of its subject.

:func:`extract_claims` reads a page sentence by sentence (:mod:`.sentences`), marks the
mentions of its subject (:mod:`.names`), runs plain regular-expression rules (:mod:`.rules`)
and matches each proposal to the page's citations (:mod:`.sources`). Every claim it returns
has ``reviewed=False`` and an :class:`~spiralld.reading.profiles.Evidence`; an editor confirms it.

Calling it (what ``spiralld import`` and ``build`` need)::

    names = KnownNames.from_corpus(corpus)          # or .from_entities(profiles, entities)
    subject = Subject(page.title, guess_type(page))  # or Subject.of_profile(profile)
    sources = page_sources(page, subject.type)       # the keys claims cite
    extraction = extract_claims(page, subject, names, sources)
    profile = dataclasses.replace(profile, roles=extraction.roles,
                                  founded=extraction.founded, authored=extraction.authored)

- Organizations and co-founders are written as a profile's front matter writes them: the
  canonical name of a known profile or entity (an alternate name resolves to it), else the
  name as the page writes it, which the corpus turns into a stub; ``extraction.stubs`` gives
  each such new name with the type its sentence shows (Person, Organization, or a work type).
- ``AuthorshipClaim.work`` is a slug: the known work's, else the slug of the cited title; the
  latter has a stub of the citation's type (mapping needs a work entity for it).
- ``sources`` are keys of the ``sources`` given; empty when no citation supports the claim.
- ``founded_by_others``: foundings an organization's page states, each held by its first
  founder (in the model a founding sits on the founder's profile); not the page's claims.
- Evidence ``line`` is where the sentence's paragraph or bullet starts: exact for pages
  written one line per paragraph (the house style); in hard-wrapped text a sentence in the
  middle of a paragraph gets the paragraph's first line. Lead paragraphs after the first
  are counted one line each.
- Pure and deterministic: no I/O, no clock; about 1 ms a page (bench/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from ..reading.dates import PartialDate
from ..reading.pages import Page
from ..reading.profiles import (
    SOURCE_SECTIONS,
    AuthorshipClaim,
    Evidence,
    FoundingClaim,
    RoleClaim,
    Source,
)
from .names import (
    _UNIT_HEADS,
    NAME,
    PRONOUNS,
    SUBJECT,
    TRAILERS,
    KnownName,
    KnownNames,
    Mentions,
    PageNames,
    Subject,
    key,
    page_pronouns,
    starts_with_other_person,
)
from .rules import (
    FOUNDED_IN,
    Context,
    DateTrail,
    Proposal,
    acquirer,
    dates_in,
    is_hedged,
    propose,
    resolve_references,
)
from .sentences import Sentence, sentences
from .sources import citing_work, describes_untitled, is_author, supporting, title_variants

__all__ = ["Extraction", "KnownName", "KnownNames", "NewStub", "Subject", "extract_claims",
           "role_key"]

Claim = RoleClaim | FoundingClaim | AuthorshipClaim


@dataclass(frozen=True, slots=True)
class NewStub:
    """A name a claim refers to that the corpus does not know, with the type the sentence
    shows (Person, Organization, or a work type such as ScholarlyArticle)."""

    name: str
    type: str
    slug: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Claims proposed for the page's subject, and for other holders.

    ``founded_by_others`` holds the foundings an organization's page states ("X was founded
    in 2015 by A and B"): in the model a founding sits on its founder's profile, so each is
    ``(first founder, FoundingClaim with the others as cofounders)``."""

    roles: tuple[RoleClaim, ...] = ()
    founded: tuple[FoundingClaim, ...] = ()
    authored: tuple[AuthorshipClaim, ...] = ()
    founded_by_others: tuple[tuple[str, FoundingClaim], ...] = ()
    stubs: tuple[NewStub, ...] = ()

    def claims(self) -> tuple[Claim, ...]:
        return (*self.roles, *self.founded, *self.authored)


_NAME_RE = re.compile(NAME)
#: An acronym a page may spell out elsewhere (three to six capitals).
_ACRONYM = re.compile(r"[A-Z]{3,6}")
_INSTITUTION_TAIL = re.compile(r"\b(?:University|Institute|College|School|Laboratory|Academy)\b")
#: The last word of a company's name that its page leaves off ("Cerebras" for Cerebras
#: Systems, "Greylock" for Greylock Partners); not a unit's ("Salesforce Research").
#: The last words of a company's unit ("Salesforce Research", "Google Brain"): the company
#: alone is the parent, never a short name of the unit.
_UNIT_TAIL = re.compile(r" (?:(?:AI )?Research|Labs?|Brain|AI|Cloud)$")
_COMPANY_TAIL = re.compile(r" (?:Systems|Partners|Technologies|Corporation|Inc\.?|Corp\.?|"
                           r"Ltd\.?|Limited|Holdings)$")
#: The person a sentence opens with ("Cristóbal Valenzuela, a designer, ...").
_PERSON_OPENING = re.compile(r"[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý]\.)?(?: [A-ZÀ-Ý][\w'’-]+){1,2}(?=[\s,])")
_POSSESSIVE_PARENT = re.compile(r"((?:[\w.&-]+\s+){0,4}[\w.&-]+)['’]s\s+(?=[A-Z])")
#: (The capital first, then the look behind it: the regex engine skips to capitals fast.)
_SPANS = re.compile(r"[A-Z](?<![\w-][A-Z])[\w.&-]*(?: [A-Z][\w.&-]*)*")
_ACRONYMS = {"chief executive officer": "CEO", "chief executive": "CEO",
             "chief technology officer": "CTO", "chief operating officer": "COO",
             "chief financial officer": "CFO", "cofounder": "co-founder"}
_NOT_FIRST = frozenset("The A An In On At By From With And After Before During Since Until When "
                       "While Like Unlike".split())
#: The name in brackets right after the subject's at the start of the lead.
_LEAD_ALIAS = re.compile(r"\s+\(([A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3})\)\s")
#: Names of the parts of an organization that are not organizations of their own.
_PART_OF = re.compile(r"\b(?:Programme|Program|Department|Division|Office|Team|Group)\b")
_RANK = {"known-for": 0, "listed-as": 2, "cited-author": 1}


@lru_cache(maxsize=8192)
def role_key(name: str | None) -> str:
    """A role name folded for comparison: "Chief Executive Officer" and "CEO" are one, and
    so are "professor of computer science" and "professor"."""
    if not name:
        return ""
    folded = re.sub(r"\s+", " ", name.strip().casefold())
    folded = re.sub(r"^((?:\w+ )?(?:professor|lecturer)(?: emeritus)?) of .*", r"\1", folded)
    qualifier, _, title = folded.partition(" ")
    if qualifier in ("interim", "acting") and title in _ACRONYMS:
        return f"{qualifier} {_ACRONYMS[title].casefold()}"  # "interim chief executive"
    return _ACRONYMS.get(folded, folded).casefold()


#: A name and an acronym ("Stanford HAI"): the name's institution, its last words spelt.
_HEADED_ACRONYM = re.compile(r"([A-Z][a-z][\w'’-]*) ([A-Z]{2,6})")


@lru_cache(maxsize=512)
def _spelling(acronym: str) -> re.Pattern[str]:
    """A name whose capitals spell ``acronym``, over "of", "for", "and" and the like."""
    link = r"\s+(?:(?:of|for|and|the|on|in)\s+)*"
    pattern = link.join(rf"{letter}[a-z][\w'’-]*" for letter in acronym)
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])")


def _trim(span: str) -> str:
    """A run of capitalized words without the title or month it runs into."""
    if " " not in span or span.rsplit(" ", 1)[1] not in TRAILERS:
        return span
    words = span.split()
    while len(words) > 1 and words[-1] in TRAILERS:
        words.pop()
    return " ".join(words)


class _Resolver:
    """Turns names as written into references as a profile writes them, noting stubs."""

    def __init__(self, page: Page, subject: Subject, names: KnownNames,
                 sources: tuple[Source, ...] = ()) -> None:
        self.page, self.subject, self.names = page, subject, names
        self.headings = [s.name for s in page.sections]
        self.stubs: dict[str, NewStub] = {}
        self.section_texts = [(s.name, s.text()) for s in page.sections]
        self._sections = [(name, name + "\n" + text) for name, text in self.section_texts]
        # Runs of capitalized words on the page ("NEAR Protocol", "NEAR AI"), for aliases.
        self.prose = prose = "\n".join([page.lead, *(text for name, text in self._sections
                                                     if name.casefold() not in SOURCE_SECTIONS)])
        self.spans = list(dict.fromkeys(map(_trim, _SPANS.findall(prose))))
        self.written: dict[str, set[str]] = {}
        self.page_names = PageNames(prose, self.headings, sources)
        self._longer: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._organizations: dict[tuple[str, str], str] = {}
        self._aliases: dict[str, tuple[str | None, str | None]] = {}
        self.supported: dict[tuple[frozenset[str], tuple[str, ...], PartialDate | None],
                             tuple[str, ...]] = {}

    @cached_property
    def _spans_by_first(self) -> dict[str, list[str]]:
        """The spans by their first word, in page order."""
        out: dict[str, list[str]] = {}
        for span in self.spans:
            out.setdefault(span.split(" ", 1)[0], []).append(span)
        return out

    @cached_property
    def text(self) -> str:
        """The whole page, Sources included."""
        return "\n".join([self.page.lead, *(text for _, text in self._sections)])

    def _alias(self, name: str, heading: str) -> str | None:
        """"NEAR" for "NEAR Protocol": a longer name on the page that starts with ``name``,
        the one in the section heading first, else the one the page names first."""
        if name not in self._aliases:
            self._aliases[name] = (self._bracketed(name), self._longer_alias(name))
        bracketed, longer = self._aliases[name]
        if bracketed is not None:
            return bracketed
        if longer is None and _ACRONYM.fullmatch(name):
            return self._spelled_out(name)
        if longer is None and (headed := _HEADED_ACRONYM.fullmatch(name)) is not None and \
                (spelled := self._spelled_after(*headed.groups())) is not None:
            return spelled
        if longer is None and len(name) >= 6 and name[1:].islower() and name[0].isupper() and \
                (clipped := self._clipped(name)) is not None:
            return clipped
        if heading.startswith(name + " ") and " and " not in heading and " " not in name \
                and not _UNIT_TAIL.fullmatch(heading[len(name):]):
            return heading
        return longer

    def _spelled_out(self, acronym: str) -> str | None:
        """The first name on the page whose capitals spell ``acronym``, over "of", "for" and
        "and" ("Massachusetts Institute of Technology" for "MIT", "Computer Science and
        Artificial Intelligence Laboratory" for "CSAIL")."""
        found = _spelling(acronym).search(self.text)
        return found.group(0) if found else None

    def _spelled_after(self, head: str, acronym: str) -> str | None:
        """The first name on the page that starts with ``head`` and whose last capitals
        spell ``acronym`` ("Stanford Institute for Human-Centered Artificial Intelligence"
        for "Stanford HAI")."""
        link = r"\s+(?:(?:of|for|and|the|on|in)\s+)*"
        spelled = link.join(rf"{letter}[a-z][\w'’-]*" for letter in acronym)
        found = re.search(rf"(?<![\w-]){re.escape(head)}(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the"
                          rf"|on|in)){{0,3}}?\s+{spelled}(?![\w-])", self.text)
        return found.group(0) if found else None

    @cached_property
    def _capital_words(self) -> frozenset[str]:
        """The capitalized words of the page."""
        return frozenset(re.findall(r"(?<![\w-])[A-Z][a-z]+", self.text))

    def _clipped(self, name: str) -> str | None:
        """The name on the page that ``name`` clips, the start of its first word and of a
        later one ("California Institute of Technology" for "Caltech")."""
        words = self._capital_words
        for cut in range(3, len(name) - 2):
            head, rest = name[:cut], name[cut:]
            later = rest[0].upper() + rest[1:]
            if not any(w.startswith(later) for w in words) or \
                    not any(w.startswith(head) and w != name for w in words):
                continue  # (a quick test before the search)
            found = re.search(rf"(?<![\w-]){re.escape(head)}[a-z]*(?:\s+(?:[A-Z][\w-]*|of|for|"
                              rf"and|the)){{0,3}}?\s+{rest[0].upper()}{re.escape(rest[1:])}"
                              r"[a-z]*(?![\w-])", self.text)
            if found:
                return found.group(0)
        return None

    def _bracketed(self, name: str) -> str | None:
        """The name written before "(``name``)" on the page."""
        at = self.text.find(f" ({name})")
        if at > 0 and _ACRONYM.fullmatch(name) and (
                spelled := self._spelled_out(name)) is not None and \
                self.text.endswith(spelled, 0, at):
            return spelled  # (a name over "and" that the acronym spells)
        if at > 0:
            # "the Center for Human-Compatible Artificial Intelligence (CHAI)": the whole name
            window = self.text[max(0, at - 160):at]
            last = None
            for found in _NAME_RE.finditer(window):
                last = found
            if last is not None and last.end() == len(window) and last.start() > 0 and \
                    len(last.group(0).split()) > 1 and last.group(0).split()[0] not in _NOT_FIRST:
                return last.group(0)
            before = self.text[:at].rsplit(maxsplit=1)[-1]
            span = next((s for s in self.spans if s.endswith(" " + before) or s == before), None)
            if span is not None and span != name:
                return span
        return None

    def _longer_alias(self, name: str) -> str | None:
        """The first longer name on the page that starts with ``name`` and is a known
        organization or a heading (or that name's first word more)."""
        prefix, size = name + " ", len(name.split()) + 1
        for span in self._spans_by_first.get(name.split(" ", 1)[0], ()):
            if span.startswith(prefix):
                longer = " ".join(span.split()[:size])
                for candidate in (span, longer):
                    known = self.names.get(candidate)
                    if known is not None and known.type == "Organization" or \
                            candidate in self.headings and " " not in name and \
                            not _UNIT_TAIL.fullmatch(candidate[len(name):]) or \
                            _INSTITUTION_TAIL.search(candidate[len(name):]) and (
                                " " in name or _ACRONYM.fullmatch(name)) or \
                            _COMPANY_TAIL.fullmatch(candidate[len(name):]):
                        # "Santa Fe" for the Santa Fe Institute, "KTH" for KTH Royal
                        # Institute of Technology: a name the page writes in full
                        return candidate
        return None

    def _unit(self, written: str) -> str:
        """A unit named with its parent ("Stanford's Center for Research on Foundation
        Models", "the Stanford Center for ...") is the unit, as the page names it alone:
        a possessive always, a leading word when the page writes the rest by itself. A
        programme, department or office of an organization is not one of its own: "the World
        Health Organization's Global Programme on AIDS" is the World Health Organization."""
        parent = _POSSESSIVE_PARENT.match(written) if "'s" in written or "’s" in written \
            else None
        if parent:
            unit = written[parent.end():]
            return parent.group(1) if _PART_OF.search(unit) else unit
        head, _, rest = written.partition(" ")
        if rest and rest.split()[0] in _UNIT_HEADS and len(rest.split()) > 2 and any(
                _word_before(self.prose, m.start()) is None for m in re.finditer(
                    rf"(?<!{re.escape(head)} ){re.escape(rest)}\b", self.prose)):
            # (written alone, not as the end of another name: "California Institute of
            # Technology" does not make "Institute of Technology" a name of its own)
            return rest
        return written

    def organization(self, written: str, heading: str) -> str:
        """The reference for an organization written so (under ``heading``)."""
        cache_key = (written, heading)
        if cache_key not in self._organizations:
            self._organizations[cache_key] = self._organization(written, heading)
        return self._organizations[cache_key]

    def _organization(self, written: str, heading: str) -> str:
        if written == SUBJECT:
            return self.subject.name
        known = self.names.get(written)
        if known is None:
            written = self._unit(written)
            known = self.names.get(written)
        if known is None and (full := self.page_names.full_name(written)) != written:
            written = full  # "Berkeley": the university the page names by its place
            known = self.names.get(written)
        if known is None and " " not in written and (whole := self._whole(written)):
            written = whole  # "left Brain": the Google Brain the page names in full
            known = self.names.get(written)
        reference = written
        if known is None:
            alias = self._alias(written, heading)
            if alias is not None:
                reference = self.names.get(alias).reference if self.names.get(alias) else alias
            else:
                self.stubs.setdefault(key(written), NewStub(written, "Organization",
                                                                key(written)))
        else:
            reference = known.reference
        self.written.setdefault(reference, {reference}).add(written)
        return reference

    def _whole(self, word: str) -> str | None:
        """The one two-word name the page writes ending in ``word`` ("Google Brain" for
        "Brain"), if the page writes ``word`` with one word before it, and first so."""
        prose, first, head = self.prose, None, None
        at = prose.find(word)
        while at >= 0:
            after = at + len(word)
            if (at == 0 or not prose[at - 1].isalnum()) and (
                    after == len(prose) or not prose[after].isalnum()):
                before = _word_before(prose, at)
                if first is None:
                    if before is None:
                        return None  # written alone first: a name of its own
                    first, head = at, before
                elif before is not None and before != head:
                    return None  # two names end in it
            at = prose.find(word, at + 1)
        return f"{head} {word}" if head else None

    def person(self, written: str) -> str:
        known = self.names.get(written)
        if known is not None:
            return known.reference
        if " " not in written:  # "Polosukhin": the person of that surname
            full = self.names.person_by_surname(written, self.prose) or self._full_name(written)
            if full is not None:
                return self.person(full)
        self.stubs.setdefault(key(written), NewStub(written, "Person", key(written)))
        return written

    def _full_name(self, surname: str) -> str | None:
        """The one full name on the page that ends with ``surname`` ("Illia Polosukhin")."""
        spans = (s.rstrip(".") for s in self.spans)
        full = {s for s in spans if s.endswith(" " + surname) and len(s.split()) <= 3
                and s.split()[0] not in _NOT_FIRST}
        return full.pop() if len(full) == 1 else None

    def work(self, title: str, sources: tuple[Source, ...]) -> str:
        known = self.names.get(title)
        if known is not None and known.type not in ("Person", "Organization", "Concept"):
            return known.slug
        kind = next((s.type for s in sources if citing_work((s,), title)), "CreativeWork")
        self.stubs.setdefault(key(title), NewStub(title, kind, key(title)))
        return key(title)

    def longer_names(self, names: set[str]) -> tuple[str, ...]:
        """Names on the page that contain one of ``names`` and are not it ("NEAR AI")."""
        cache_key = tuple(sorted(names))
        if cache_key not in self._longer:
            self._longer[cache_key] = self._longer_names(names)
        return self._longer[cache_key]

    def _longer_names(self, names: set[str]) -> tuple[str, ...]:
        out = set()
        for name in names:
            for span in self.spans:
                if name not in span or span == name:
                    continue
                words = span.split()
                size = len(name.split())
                for i in range(len(words) - size):
                    if " ".join(words[i:i + size]) == name:
                        out.add(" ".join(words[i:]))
        return tuple(sorted(out - names, key=len, reverse=True))


def _short_name(subject: Subject, page: Page) -> str | None:
    """"Cerebras" for an organization named Cerebras Systems, when its lead or prose calls
    it so ("Cerebras was founded in 2016 by ...")."""
    tail = _COMPANY_TAIL.search(subject.name) if subject.type == "Organization" else None
    if tail is None or tail.start() == 0:
        return None
    short = subject.name[:tail.start()]
    if short in subject.alternate_names:
        return None
    text = "\n".join([page.lead, *(s.text() for s in page.sections)])
    rest = re.escape(subject.name[tail.start() + 1:])
    written = re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])(?! {rest})", text)
    return short if written else None


def extract_claims(page: Page, subject: Subject, names: KnownNames,
                   sources: tuple[Source, ...]) -> Extraction:
    """Claims the page states about its subject, each with its evidence and the keys of the
    ``sources`` that support it (empty when none does), ``reviewed=False``.

    A Concept or CreativeWork page yields nothing; an Organization page yields its own
    founding only (``founded_by_others``); a Person page its roles, foundings and works."""
    if subject.type not in ("Person", "Organization"):
        return Extraction()
    lead = page.lead.removeprefix("The ")
    alias = _LEAD_ALIAS.match(lead[len(subject.name):]) if lead.startswith(subject.name) else None
    if alias and alias.group(1) not in subject.alternate_names:
        # "Safe Superintelligence Inc. (SSI) is ...": the page calls its subject "SSI" too,
        # and "Stanford HAI" the Stanford Institute for ... (HAI).
        short = alias.group(1)
        parent = f"{subject.name.split()[0]} {short}"
        subject = replace(subject, alternate_names=(
            *subject.alternate_names, short, *((parent,) if parent != subject.name else ())))
    short = _short_name(subject, page)
    if short is not None:
        subject = replace(subject, alternate_names=(*subject.alternate_names, short))
    titles = sorted({v for s in sources for v in title_variants(s) if len(v) > 3}, key=len,
                    reverse=True)
    resolver = _Resolver(page, subject, names, sources)
    ctx = Context(names, subject.type, titles,
                  frozenset(s.publisher for s in sources if s.publisher and s.publisher.islower()),
                  frozenset(a for s in sources for a in s.authors if " " in a),
                  page_names=resolver.page_names)
    # Only a person is called "he" or "she" (an organization's mentions have no pronouns).
    mentions = Mentions(subject, page_pronouns(resolver.prose) if subject.type == "Person"
                        else PRONOUNS)
    previous: tuple[int, str, bool] = (0, "", False)  # line, section, about someone else
    subject_first = False  # whether the sentence before opens with the subject
    found: list[tuple[Proposal, Sentence]] = []
    founded_dates: list[PartialDate] = []
    trail = DateTrail()  # what "that same month" refers to
    for sentence in sentences(page):
        if sentence.label.casefold() in ("founded", "founding date", "established"):
            _, _, at = dates_in("in " + sentence.text)
            if at:
                founded_dates.append(at)
        same_block = previous[:2] == (sentence.line, sentence.section)
        marked = mentions.mark(sentence.text, pronouns=not (same_block and previous[2]))
        # A sentence opening with a cited title ("Deep Nets for Vision, which she wrote")
        # does not open with another person.
        other = starts_with_other_person(marked, names) and not any(
            sentence.text.startswith(t) for t in titles)
        if other and not (same_block and previous[2]):
            # "Grace Hopper returned to X, where she became ...": the pronoun is hers.
            marked = mentions.mark(sentence.text, pronouns=False)
        if other:
            opening = _PERSON_OPENING.match(marked)
            ctx.person = opening.group(0) if opening else None
        elif not same_block:
            ctx.person = None
        previous_other = previous[2]
        previous = (sentence.line, sentence.section, other)
        if subject.type == "Organization" and marked.startswith(("Its ", "Their ")) and \
                same_block and subject_first:
            # "S was founded in 2016. Its founders are A and B": "Its" is the subject's.
            marked = SUBJECT + "'s " + marked.split(" ", 1)[1]
        if marked.startswith("His ") and subject.type == "Person" and \
                "He" in mentions.pronouns and not other and not (
                same_block and previous_other):
            marked = f"{SUBJECT}'s {marked[4:]}"  # "His 2015 essay W": the subject's
        marked = resolve_references(marked, trail)
        subject_first = marked.startswith(SUBJECT)
        when = FOUNDED_IN.match(marked) if subject.type == "Organization" else None
        founded_in = dates_in("in " + (when[1] or when[2] or ""))[2] if when else None
        if founded_in is not None and not is_hedged(marked):
            founded_dates.append(founded_in)
        acquired = acquirer(ctx, marked)
        if SUBJECT not in marked and not sentence.label and (
                "written with " not in marked or same_block and previous_other):
            # (a work "written with" others is the subject's, unnamed, unless the sentence
            # before is about someone else: see the rule "written-with")
            ctx.acquirer = acquired
            continue
        for part in _unhedged(marked):
            for proposal in propose(ctx, part, sentence.label):
                if subject.type == "Organization" and proposal.holder is None:
                    continue
                found.append((proposal, sentence))
        ctx.acquirer = acquired
    if subject.type == "Person":
        found += _cited_authorships(page, subject, sources, names, resolver)
    claims: list[tuple[str | None, Claim]] = []
    current: set[_Key] = set()
    for proposal, sentence in found:
        claim = _claim(proposal, sentence, resolver, sources, subject)
        holder = resolver.person(proposal.holder) if proposal.holder else None
        claims.append((holder, claim))
        if sentence.label.casefold().startswith("current"):
            current.add((holder, _claim_key(claim)))
    claims = _since_founding(claims, [sentence for _, sentence in found])
    merged = _merge(claims, current)
    if "merg" in resolver.prose:
        merged = [(h, c) for h, c in merged if not (
            h is None and isinstance(c, FoundingClaim) and _formed_by_merger(resolver.prose,
                                                                             c.organization))]
    if founded_dates:
        merged = [(h, replace(c, date=founded_dates[0])) if h and isinstance(
            c, FoundingClaim) and c.date is None else (h, c) for h, c in merged]
    own = [c for h, c in merged if h is None]
    return Extraction(
        roles=tuple(c for c in own if isinstance(c, RoleClaim)),
        founded=tuple(c for c in own if isinstance(c, FoundingClaim)),
        authored=tuple(c for c in own if isinstance(c, AuthorshipClaim)),
        founded_by_others=tuple((h, c) for h, c in merged
                                if h is not None and isinstance(c, FoundingClaim)),
        stubs=tuple(sorted(resolver.stubs.values(), key=lambda s: s.slug)),
    )


_SINCE_FOUNDING = re.compile(r"\b(?:since\s+(?:its|the\s+company['’]s|the\s+lab['’]s)\s+"
                             r"(?:founding|creation|launch)|from\s+the\s+(?:start|outset|"
                             r"beginning))\b")


def _word_before(prose: str, at: int) -> str | None:
    """The capitalized word written just before ``at`` ("Google " before "Brain")."""
    if at < 2 or prose[at - 1] != " ":
        return None
    start = max(prose.rfind(" ", 0, at - 1), prose.rfind("\n", 0, at - 1)) + 1
    word = prose[start:at - 1]
    return word if word[:1].isupper() and word.replace("-", "").isalnum() \
        and word not in _NOT_FIRST else None


def _since_founding(claims: list[tuple[str | None, Claim]],
                    said: list[Sentence]) -> list[tuple[str | None, Claim]]:
    """A title held "since its founding" or "from the start" begins when the subject's
    founding of that organization is dated."""
    if not any("since" in s.text or "from the" in s.text for s in said):
        return claims
    founded = {c.organization: c.date for h, c in claims
               if h is None and isinstance(c, FoundingClaim) and c.date is not None}
    return [(h, replace(c, start=founded[c.organization]))
            if h is None and isinstance(c, RoleClaim) and c.start is None
            and c.organization in founded and _SINCE_FOUNDING.search(sentence.text)
            else (h, c) for (h, c), sentence in zip(claims, said, strict=True)]


def _formed_by_merger(prose: str, organization: str) -> bool:
    """Whether the page says ``organization`` was formed by a merger ("merged A with B to
    form O", "O was formed by merging A and B"): its founders are its predecessors'."""
    name = re.escape(organization)
    return re.search(rf"\bmerg\w*\s[^.;]*?\b(?:to\s+form|into|as)\s+(?:the\s+)?{name}\b"
                     rf"|\b{name},?\s+(?:was\s+)?formed\s+[^.;]*?\bmerg", prose) is not None


_CLAUSES = re.compile(r";\s+|,\s+(?:and|but)\s+(?=\x01|[A-Z])")


def _unhedged(marked: str) -> list[str]:
    """The sentence, or when it is hedged, its independent clauses that are not and that
    name the subject ("Google acquired it after what was reportedly an auction, and S
    worked at Google from 2013": the second clause stands)."""
    if not is_hedged(marked):
        return [marked]
    if marked.rstrip().endswith("?"):
        return []
    parts = _CLAUSES.split(marked)
    if len(parts) == 1:
        return []
    return [p for p in parts if SUBJECT in p and not is_hedged(p)]


def _cited_authorships(page: Page, subject: Subject, sources: tuple[Source, ...],
                       names: KnownNames, resolver: _Resolver) -> list[tuple[Proposal, Sentence]]:
    """A citation that names the subject among its authors (by any name the page or the
    corpus knows for it): the subject wrote that work. Not when its title is a description
    of an untitled item ("post on X announcing his departure"): it names no work."""
    out = []
    written = (subject.name, *subject.alternate_names, *names.alternates(subject.name))
    section = next((s.name for s in page.sections if s.name.casefold() in
                    ("sources", "references", "bibliography", "citations")), "Sources")
    prose = "\n".join([page.lead, *(text for name, text in resolver.section_texts
                                    if name != section)])
    surname = subject.name.split()[-1] if " " in subject.name else None
    lone: bool | None = None
    venues = _repeated_tails(sources)
    for source in sources:
        first_of_many = surname is not None and source.authors[:1] == (surname,) and \
            "et al." in source.authors
        if first_of_many and lone is None:
            # "Thrun et al." is the subject when no one else on the page has that surname.
            lone = not any(
                m.group(1) != subject.name.split()[0] and m.group(1) not in _NOT_FIRST
                for m in re.finditer(rf"\b([A-Z][\w'’-]*)\.? {re.escape(surname)}\b", prose))
        first_of_many = first_of_many and bool(lone)
        if (first_of_many or any(is_author(source, n) for n in written)) and \
                not describes_untitled(source):
            variants = title_variants(source)
            title = next((v for v in variants if v in prose), None) or _without_publisher(
                source.title, venues)
            out.append((Proposal("authorship", "authorship/cited-author", work=title),
                        Sentence(source.citation or source.title, source.line, section)))
    return out


#: A title in sentence case: a capital, then four words or more in lower case ("--" and
#: the like between them).
_SENTENCE_CASE = re.compile(r"[A-Z][a-z']*(?:\s+(?:[a-z][\w'’]*|--|-|—|–)){4,}")
_PUBLISHER_TAIL = re.compile(r", (?:[A-Z][\w.&'’-]*\s){0,3}[A-Z][\w.&'’-]*$")
#: A publisher's or label's shape in a last comma part: an all-caps word beside another
#: ("RVNG Intl.") or a name with a digit ("4AD"), not a title's last words ("Hello, World").
_LABEL_SHAPED = re.compile(r", (?:[A-Z]{2,}\s+[A-Z][\w.]*|[A-Z][\w.]*\s+[A-Z]{2,}|"
                           r"[0-9]+[A-Z]+\w*|[A-Z]+[0-9]+\w*)\.?$")


def _repeated_tails(sources: tuple[Source, ...]) -> frozenset[str]:
    """The last comma parts that end two or more cited titles of the page: a venue the
    citation parser does not know ("..., Frontiers in Neural Circuits"), which titles share
    and their own last words do not."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for source in sources:
        if ", " in source.title:
            tail = source.title.rsplit(", ", 1)[1]
            (repeated if tail in seen else seen).add(tail)
    return frozenset(t for t in repeated if t[:1].isupper())


def _without_publisher(title: str, venues: AbstractSet[str] = frozenset()) -> str:
    """A cited title without the publisher or venue the citation parser left at its end
    ("Inceptionism: Going Deeper into Neural Networks, Google Research Blog"): a last comma
    part of capitalized words after a title with a colon or in sentence case ("This app
    reads your face, TEDx"), one in a label's shape ("Movement, RVNG Intl.", "PROTO, 4AD"),
    in a venue's ("..., Communications of the ACM", "..., norvig.com"), or one of
    ``venues`` (see :func:`_repeated_tails`)."""
    if venues and ", " in title and (tail := title.rsplit(", ", 1))[1] in venues:
        return tail[0]
    venue = _VENUE_TAIL.search(title) if ", " in title else None
    if venue:
        return title[:venue.start()]
    tail = _PUBLISHER_TAIL.search(title)
    if tail and (": " in title[:tail.start()] or _SENTENCE_CASE.fullmatch(title[:tail.start()])):
        return title[:tail.start()]
    label = _LABEL_SHAPED.search(title)
    if label:
        return title[:label.start()]
    medium = _MEDIUM_TAIL.search(title) if title.endswith(_MEDIA) else None
    return title[:medium.start()] if medium else title  # "..., Google blog"


#: A venue's shape in a last comma part: a web site ("norvig.com") or a journal's or
#: proceedings' name ("Communications of the ACM", "Journal of Machine Learning Research").
_VENUE_TAIL = re.compile(
    r", (?:(?:www\.)?[a-z0-9-]+\.(?:com|org|net|io|ai|edu|dev|co\.uk)"
    r"|(?:Communications|Journal|Proceedings|Transactions|Annals|Bulletin) (?:of|on) "
    r"(?:the )?[A-Z][\w.&'’ -]*)$")
#: A publisher written as a name and a lower-case medium ("Google blog").
_MEDIA = (" blog", " newsletter", " podcast", " magazine")
_MEDIUM_TAIL = re.compile(r", (?:[A-Z][\w.&'’-]*\s){1,3}(?:blog|newsletter|podcast|magazine)$")


def _claim(proposal: Proposal, sentence: Sentence, resolver: _Resolver,
           sources: tuple[Source, ...], subject: Subject) -> Claim:
    evidence = Evidence(sentence.line, sentence.text, sentence.section, proposal.rule)
    if proposal.relation == "authorship":
        work = resolver.work(proposal.work, sources)
        return AuthorshipClaim(work, citing_work(sources, proposal.work), sentence.line,
                               reviewed=False, evidence=evidence)
    org = resolver.organization(proposal.organization, sentence.section)
    names = resolver.written.get(org, {org})
    others = resolver.longer_names(names)
    support_key = (frozenset(names), others, proposal.start)
    keys = resolver.supported.get(support_key)
    if keys is None:
        keys = resolver.supported[support_key] = supporting(sources, tuple(names), others,
                                                            proposal.start)
    if proposal.relation == "founding":
        cofounders = tuple(resolver.person(c) for c in proposal.cofounders)
        return FoundingClaim(org, proposal.role_name or "founder", cofounders, proposal.start,
                             keys, sentence.line, reviewed=False, evidence=evidence)
    role = proposal.role_name
    if role is not None:
        role = _ACRONYMS.get(role.casefold(), role)
    return RoleClaim(org, role, "affiliation", proposal.start, proposal.end, keys,
                     sentence.line, reviewed=False, evidence=evidence)


def _claim_key(claim: Claim) -> tuple[str, ...]:
    if isinstance(claim, AuthorshipClaim):
        return ("authorship", claim.work)
    if isinstance(claim, FoundingClaim):
        return ("founding", key(claim.organization))
    return ("role", key(claim.organization), role_key(claim.role_name))


def _score(claim: Claim) -> tuple[int, int]:
    rule = claim.evidence.rule.split("/")[-1] if claim.evidence else ""
    filled = 0
    if isinstance(claim, RoleClaim):
        filled = (claim.start is not None) + (claim.end is not None) + bool(claim.role_name)
    elif isinstance(claim, FoundingClaim):
        filled = (claim.date is not None) + len(claim.cofounders)
    return (_RANK.get(rule, 3), filled)


def _finer(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    if a.year != b.year:
        return a
    return a if len(a.lexical) >= len(b.lexical) else b


def _combine(best: Claim, other: Claim) -> Claim:
    sources = tuple(dict.fromkeys((*best.sources, *other.sources)))
    if isinstance(best, RoleClaim) and isinstance(other, RoleClaim):
        return replace(best, start=_finer(best.start, other.start),
                       end=_finer(best.end, other.end), sources=sources)
    if isinstance(best, FoundingClaim) and isinstance(other, FoundingClaim):
        cofounders = tuple(dict.fromkeys((*best.cofounders, *other.cofounders)))
        role = "co-founder" if cofounders or "co" in (best.role_name + other.role_name) \
            else best.role_name
        return replace(best, date=_finer(best.date, other.date), cofounders=cofounders,
                       sources=sources, role_name=role)
    return replace(best, sources=sources)


def _start_of(claim: Claim) -> str:
    return claim.start.lexical if isinstance(claim, RoleClaim) and claim.start else ""


def _overlaps(stint: RoleClaim, role: Claim) -> bool:
    """Whether an unnamed stint at an organization can be the named ``role`` there: not when
    it ended before the role started, started after the role ended, or started before the
    role's own dated start."""
    if not isinstance(role, RoleClaim):
        return False
    if stint.end is not None and role.start is not None and \
            role.start.earliest() > stint.end.latest():
        return False
    if stint.start is not None and role.start is not None and \
            role.start.earliest() > stint.start.latest():
        return False  # "joined O in 2010 and became its CTO in 2013": two claims
    return not (stint.start is not None and role.end is not None
                and stint.start.earliest() > role.end.latest())


_Key = tuple[str | None, tuple[str, ...]]  # (holder, claim key)
#: An emeritus title begins at retirement: no stint "joined O in D" is it.
_EMERITUS = re.compile(r"\bemeritus\b")
_INTERIM = re.compile(r"(?:interim|acting)\b")


def _later_title(claim: Claim) -> bool:
    """Whether the page says the title began after the stint there ("O, where S managed
    teams and then served as R")."""
    return claim.evidence is not None and claim.evidence.rule in (
        "role/where-then", "role/rose-to", "role/became-later", "role/ran-as-later")


def _merge(claims: list[tuple[str | None, Claim]],
           current: AbstractSet[_Key] = frozenset()) -> list[tuple[str | None, Claim]]:
    """One claim per (holder, relation, organization or work, role): the best evidence kept,
    dates made as precise as any sentence wrote them, sources and co-founders joined. A role
    without a name at an organization where a named role is claimed joins that role, unless
    the two cannot be one stint (one ended before the other began, or the named role is a
    "Current role" and the stint has ended)."""
    groups: dict[tuple[str | None, tuple[str, ...]], list[Claim]] = {}
    for holder, claim in claims:
        groups.setdefault((holder, _claim_key(claim)), []).append(claim)
    named = {(h, k[1]) for h, k in groups if k[0] == "role" and k[2]}
    # "left Google" ends the title held at its unit "Google China" when none is at Google.
    units = {(h, o.split("-", 1)[0]): o for h, o in sorted(named) if "-" in o}
    named |= {hk for hk in units if hk not in named}
    out: dict[tuple[str | None, tuple[str, ...]], Claim] = {}
    unnamed: list[tuple[str | None, str, Claim]] = []
    for (holder, claim_key), group in groups.items():
        best = max(group, key=_score)  # max keeps the first of equals
        for other in group:
            if other is not best:
                best = _combine(best, other)
        if claim_key[0] == "role" and not claim_key[2] and (holder, claim_key[1]) in named:
            unnamed.append((holder, claim_key[1], best))
        elif claim_key[0] == "role" and not claim_key[2] and all(
                c.evidence is not None and c.evidence.rule == "role/moved-on" for c in group):
            continue  # a move ends a stint claimed at the organization before; it claims none
        else:
            out[(holder, claim_key)] = best
    for holder, organization, claim in unnamed:
        assert isinstance(claim, RoleClaim)
        # "joined O in D" dates the first role held there, "left O in D" the last; a
        # stint that ended before a named role began is a role of its own.
        held = sorted((k for k in out if k[0] == holder and k[1][0] == "role"
                       and k[1][1] in (organization, units.get((holder, organization)))
                       and _overlaps(claim, out[k])
                       and not (claim.end is not None and k in current)
                       and not _EMERITUS.search(k[1][2])),
                      key=lambda k: (_start_of(out[k]), out[k].line))
        targets = [k for k in held if not (claim.start is not None and _later_title(out[k]))]
        if not targets and held and claim.end is not None:
            # "joined O in D ... later became R ... left O in E": the stint is its own
            # claim, and leaving ends the title too.
            out[held[-1]] = _combine(out[held[-1]], replace(claim, start=None, sources=()))
        if not targets:
            if claim.evidence is None or claim.evidence.rule not in ("role/resigned",
                                                                     "role/moved-on"):
                out[(holder, ("role", organization, ""))] = claim
            continue  # (a resignation ends a role claimed there; it claims none itself)
        if claim.evidence is not None and claim.evidence.rule == "role/returned":
            claim = replace(claim, start=None)  # a return starts a new stint, not a role's
        # An interim title is not the one "left O" ends, when another role there is named.
        lasting = [k for k in targets if not _INTERIM.match(k[1][2])] or targets
        first = targets[0]
        # the last title held there: the last written, a title taken later before others
        last = max(lasting, key=lambda k: (out[k].line, _later_title(out[k]),
                                           _start_of(out[k])))
        out[first] = _combine(out[first], replace(claim, end=None, sources=()))
        # "became O's R1 and R2 ... left O in D": leaving ends both titles of one sentence
        for k in [k for k in lasting if out[k].line == out[last].line and
                  _start_of(out[k]) == _start_of(out[last])]:
            out[k] = _combine(out[k], replace(claim, start=None))
    ordered = sorted(out.items(), key=lambda item: item[1].line)  # stable: text order
    return [(holder, claim) for (holder, _), claim in ordered]
