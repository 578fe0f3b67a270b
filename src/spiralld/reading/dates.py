"""Dates as editors write them, kept at the precision they were written.

A source dated "2017" is a year, not January 1st 2017; "May 2024" is a month. ``PartialDate``
keeps that precision and maps it onto the matching XML Schema datatype (``xsd:gYear``,
``xsd:gYearMonth`` or ``xsd:date``), so the published literal never claims more than the page.

Accepted forms (case-insensitive, surrounding whitespace ignored)::

    2017                      year
    2024-05                   month (ISO 8601)
    2023-09-21                day (ISO 8601)
    May 2024, May, 2024       month
    September 21, 2023        day; also "Sep 21, 2023", "Sept. 21, 2023", "September 21st 2023"
    21 September 2023         day

Years run from 1000 to 9999. An impossible date (``September 41, 2023``, ``2023-02-29``) or a
form not listed above raises ``ValueError`` quoting the input and saying what is wrong.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

__all__ = [
    "XSD",
    "PartialDate",
    "coerce_date",
    "find_trailing_date",
    "parse_date",
]

XSD = "http://www.w3.org/2001/XMLSchema#"

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_NUMBERS[_name.lower()] = _number
    _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9

# Longest first, so "september" is tried before "sep".
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"

# Each shape is matched against the whole (stripped) text. Digits are ASCII only, and month and
# day numbers are deliberately loose: "September 41, 2023" must match a shape so that it is
# reported as impossible rather than unrecognised.
_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?P<year>[0-9]{4})",
        r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2}))?",
        rf"(?P<mname>{_MONTH})\.?\s+(?P<day>[0-9]+){_ORDINAL},?\s+(?P<year>[0-9]{{4}})",
        rf"(?P<day>[0-9]+){_ORDINAL}\s+(?P<mname>{_MONTH})\.?,?\s+(?P<year>[0-9]{{4}})",
        rf"(?P<mname>{_MONTH})\.?,?\s+(?P<year>[0-9]{{4}})",
    )
)

_EXPECTED = "expected e.g. 2023, 2023-09, 2023-09-21, September 2023 or September 21, 2023"

QUALIFIERS = ("reviewed", "accessed", "retrieved", "updated")
_QUALIFIER = re.compile(
    rf"(?:last\s+)?(?P<qualifier>{'|'.join(QUALIFIERS)})(?:\s+on)?:?\s+", re.IGNORECASE
)
_SEPARATOR = re.compile(r",\s+")


def _problem(year: int, month: int | None, day: int | None) -> str | None:
    """Say what makes (year, month, day) impossible, or return None if it is a real date."""
    if not 1000 <= year <= 9999:
        return f"year {year} is not 1000-9999"
    if month is None:
        return "a day needs a month" if day is not None else None
    if not 1 <= month <= 12:
        return f"month {month} is not 1-12"
    if day is None:
        return None
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        return f"day {day} is not 1-{days}"
    if day > days:
        name = MONTH_NAMES[month - 1]
        return f"{name} {year} has {days} days" if month == 2 else f"{name} has {days} days"
    return None


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Instances sort chronologically, a less precise value before the more precise ones it
    contains (2023 < 2023-01 < 2023-01-01), the same order as their ``lexical`` strings.
    (``order=True`` would compare ``None`` with ``int`` and fail on mixed precisions.)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        problem = _problem(self.year, self.month, self.day)
        if problem is not None:
            raise ValueError(problem)

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def lexical(self) -> str:
        """The XSD lexical form: ``2017``, ``2024-05`` or ``2023-09-21``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def datatype(self) -> str:
        """The full IRI of the XSD datatype matching the precision."""
        local = {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]
        return XSD + local

    def earliest(self) -> datetime.date:
        """The first day this value can denote."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> datetime.date:
        """The last day this value can denote."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    def __str__(self) -> str:
        return self.lexical


def _match(text: str) -> re.Match[str] | None:
    for shape in _SHAPES:
        found = shape.fullmatch(text)
        if found:
            return found
    return None


def _from_match(found: re.Match[str], text: str) -> PartialDate:
    groups = found.groupdict()
    year = int(groups["year"])
    if groups.get("mname"):
        month: int | None = _MONTH_NUMBERS[groups["mname"].lower()]
    else:
        month = int(groups["month"]) if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    problem = _problem(year, month, day)
    if problem is not None:
        raise ValueError(f"impossible date {text!r}: {problem}")
    return PartialDate(year, month, day)


def parse_date(text: str) -> PartialDate:
    """Parse a date written in one of the accepted forms, keeping its precision."""
    stripped = text.strip()
    if not stripped:
        raise ValueError(f"empty date ({_EXPECTED})")
    found = _match(stripped)
    if found is None:
        raise ValueError(f"unrecognised date {stripped!r} ({_EXPECTED})")
    return _from_match(found, stripped)


def coerce_date(value: object) -> PartialDate:
    """Turn a YAML/front-matter value (str, int year, datetime.date) into a PartialDate."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, datetime.date):  # datetime.datetime is a date too
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        problem = _problem(value, None, None)
        if problem is not None:
            raise ValueError(f"impossible date {value!r}: {problem}")
        return PartialDate(value)
    raise ValueError(f"expected a date ({_EXPECTED}), got {type(value).__name__} {value!r}")


def find_trailing_date(text: str) -> tuple[str, PartialDate, str | None] | None:
    """Find a date ending a citation-like string.

    The date is the part after the last ", " (or the last but one, since "September 21, 2023"
    holds a comma of its own), optionally preceded by a qualifier: "reviewed", "accessed",
    "retrieved" or "updated" (also "last updated", "accessed on"). A single full stop after the
    date is ignored.

    Returns ``(text before the date, date, qualifier lower-cased or None)``, or None when the
    text does not end in something date-like. A trailing part that has the shape of a date but
    is impossible ("September 41, 2023") raises ``ValueError``.
    """
    body = text.strip()
    if body.endswith(".") and body[-2:-1].isdigit():
        body = body[:-1]
    separators = list(_SEPARATOR.finditer(body))
    # (start of the candidate tail, end of the text kept before it); longest candidate first.
    candidates: list[tuple[int, int]] = []
    for index in (-2, -1):
        if len(separators) >= -index:
            candidates.append((separators[index].end(), separators[index].start()))
    if len(separators) < 2:
        candidates.insert(0, (0, 0))
    for start, keep in candidates:
        tail = body[start:]
        qualifier = _QUALIFIER.match(tail)
        date_text = tail[qualifier.end() :] if qualifier else tail
        found = _match(date_text)
        if found is None:
            continue
        date = _from_match(found, date_text)
        word = qualifier.group("qualifier").lower() if qualifier else None
        return body[:keep].rstrip(), date, word
    return None
