"""The timeline's legend shows what the chart draws; undated claims are listed beside it."""

from __future__ import annotations

from pathlib import Path

import html5lib

from spiralld.build import BuildResult


def figure(release: Path):  # type: ignore[no-untyped-def]
    page = html5lib.parse((release / "page" / "illia-polosukhin.html").read_text(),
                          namespaceHTMLElements=False)
    return next(f for f in page.iter("figure") if f.get("class") == "timeline")


def test_the_legend_shows_only_the_kinds_drawn(seed_release: tuple[BuildResult, Path]) -> None:
    timeline = figure(seed_release[1])
    drawn = {g.get("class") for g in timeline.iter("{http://www.w3.org/2000/svg}g")} | {
        g.get("class") for g in timeline.iter("g")}
    keys = [span.get("class") for span in timeline.iter("span")
            if (span.get("class") or "").startswith("key ")]
    assert keys == ["key key-bar", "key key-work"]
    assert not any("founding" in (kind or "") for kind in drawn), "both foundings are undated"


def test_undated_claims_are_listed_beside_the_chart(
        seed_release: tuple[BuildResult, Path]) -> None:
    timeline = figure(seed_release[1])
    undated = [span for span in timeline.iter("span") if span.get("class") == "undated"]
    assert [span.text for span in undated] == [
        "Undated, so not drawn: co-founder of NEAR Protocol; founder of NEAR AI."]
