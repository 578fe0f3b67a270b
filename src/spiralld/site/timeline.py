"""A person's timeline as inline SVG geometry: role bars, founding and work points, a year axis.

Only the geometry is computed here; ``templates/_timeline.html`` draws it. Coordinates are
in the units of the SVG's ``viewBox`` (``WIDTH`` wide), so the drawing scales with the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from ..reading.dates import PartialDate

WIDTH = 800
PAD_X = 24
TOP = 10
ROW = 38
AXIS_GAP = 8
CHAR_WIDTH = 6.6     # rough width of a character of the 12px label font, for placing labels

MarkKind = Literal["bar", "founding", "work"]


@dataclass(frozen=True)
class Event:
    """Something to draw: a role from ``start`` to ``end`` (None: ongoing), or a dated point."""

    kind: MarkKind
    label: str
    start: PartialDate
    end: PartialDate | None = None

    @property
    def span(self) -> str:
        """The dates as text: ``2023-09 – ongoing``, ``2017``."""
        if self.kind != "bar":
            return self.start.lexical
        return f"{self.start.lexical} – {self.end.lexical if self.end else 'ongoing'}"


@dataclass(frozen=True)
class Mark:
    """One row of the drawing."""

    kind: MarkKind
    label: str
    x1: float
    x2: float
    y: float            # the row's baseline for the mark (bar centre, point centre)
    label_x: float
    label_y: float
    label_anchor: str   # "start" or "end"
    ongoing: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    title: str
    description: str
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    left: float
    right: float
    #: The kinds of mark drawn (what the legend shows), in the legend's order.
    kinds: tuple[MarkKind, ...] = ()
    #: Claims with no date to draw them at, listed beside the chart.
    undated: tuple[str, ...] = ()


KINDS: tuple[MarkKind, ...] = ("bar", "founding", "work")


def build_timeline(name: str, events: list[Event], as_of: PartialDate | None,
                   undated: tuple[str, ...] = ()) -> Timeline | None:
    """The timeline of ``events``; ongoing roles run to ``as_of`` (the page's dateModified).
    ``undated`` claims are listed beside it.

    None when there is nothing dated to draw.
    """
    if not events:
        return None
    events = sorted(events, key=lambda e: (e.start, e.kind != "bar", e.label))
    dates = [e.start.earliest() for e in events]
    dates += [e.end.latest() for e in events if e.end]
    if as_of is not None:
        dates.append(as_of.latest())
    first_year = min(dates).year
    last_year = max(dates).year + 1
    start = datetime.date(first_year, 1, 1).toordinal()
    stop = datetime.date(last_year, 1, 1).toordinal()
    left, right = float(PAD_X), float(WIDTH - PAD_X)

    def x(day: datetime.date) -> float:
        return round(left + (day.toordinal() - start) / (stop - start) * (right - left), 1)

    ongoing_end = as_of.latest() if as_of is not None else max(dates)
    marks = []
    for row, event in enumerate(events):
        x1 = x(event.start.earliest())
        ongoing = event.kind == "bar" and event.end is None
        if event.kind == "bar":
            x2 = x(event.end.latest() if event.end else ongoing_end)
        else:
            x2 = x1
        top = TOP + row * ROW
        text = f"{event.label} ({event.span})"
        width = len(text) * CHAR_WIDTH
        if event.kind == "bar":      # the label above the bar, from its start if it fits
            label_y, start_x, end_x = top + 12, x1, x2
        else:                        # the label beside the point
            label_y, start_x, end_x = top + 28, x1 + 9, x1 - 9
        if start_x + width <= right or end_x - width < left:
            label_x, anchor = min(start_x, max(left, right - width)), "start"
        else:
            label_x, anchor = end_x, "end"
        marks.append(Mark(event.kind, text, x1, x2, top + 24, label_x, label_y, anchor,
                          ongoing))
    axis_y = TOP + len(events) * ROW + AXIS_GAP
    years = last_year - first_year
    step = next((s for s in (1, 2, 5, 10, 20, 50) if years / s <= 12), 100)
    ticks = tuple(Tick(x(datetime.date(year, 1, 1)), str(year))
                  for year in range(first_year, last_year + 1)
                  if (year - first_year) % step == 0)
    return Timeline(
        width=WIDTH,
        height=int(axis_y + 30),
        title=f"Timeline of {name}",
        description=describe(name, events, as_of),
        marks=tuple(marks),
        ticks=ticks,
        axis_y=axis_y,
        left=left,
        right=right,
        kinds=tuple(kind for kind in KINDS if any(e.kind == kind for e in events)),
        undated=undated,
    )


def describe(name: str, events: list[Event], as_of: PartialDate | None) -> str:
    """The drawing in words, for the SVG's ``<desc>`` (read by screen readers)."""
    parts = []
    for kind, heading in (("bar", "Roles"), ("founding", "Foundings"), ("work", "Works")):
        items = [f"{e.label} ({e.span})" for e in events if e.kind == kind]
        if items:
            parts.append(f"{heading}: " + "; ".join(items) + ".")
    note = f" Ongoing roles are drawn up to {as_of.lexical}." if as_of else ""
    return f"{name}, by date. " + " ".join(parts) + note
