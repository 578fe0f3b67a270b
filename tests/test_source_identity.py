"""A source is identified by its whole citation: creators, title, venue and date."""

from __future__ import annotations

from pathlib import Path

import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import select

PAGE = """\
{title}
{title} is a test organization of the AI field.
History
{title} published reports.
Sources
{sources}
"""


def build(tmp_path: Path, pages: dict[str, list[str]]) -> rdflib.Graph:
    for title, sources in pages.items():
        path = tmp_path / "data" / "pages" / f"{title.lower().replace(' ', '-')}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, sources="\n".join(f"- {s}" for s in sources)))
    result = CliRunner().invoke(main, ["build", str(tmp_path / "data"), "--out",
                                       str(tmp_path / "site")],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exit_code == 0, result.output
    return rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")


def sources(graph: rdflib.Graph) -> list[tuple[str, ...]]:
    return select(graph, """SELECT ?source ?title ?date WHERE {
        ?page schema:citation ?source . ?source schema:name ?title .
        OPTIONAL { ?source schema:datePublished ?date } } ORDER BY ?source""")


def test_one_report_of_two_years_is_two_sources(tmp_path: Path) -> None:
    graph = build(tmp_path, {"Near Example": [
        "NEAR Foundation, Transparency Report, March 1, 2023.",
        "NEAR Foundation, Transparency Report, March 1, 2024."]})
    base = "https://w3id.org/spiralld/source/near-foundation-transparency-report-"
    assert sources(graph) == [
        (base + "2023-03-01", "Transparency Report", "2023-03-01"),
        (base + "2024-03-01", "Transparency Report", "2024-03-01"),
    ]
    html = (tmp_path / "site" / "page" / "near-example.html").read_text()
    for date in ("2023-03-01", "2024-03-01"):  # each reference shows its own date
        assert (f'<a href="../source/near-foundation-transparency-report-{date}.html">'
                f'Transparency Report</a></cite>, <time datetime="{date}">{date}</time>') in html


def test_long_titles_alike_in_their_first_characters_stay_apart(tmp_path: Path) -> None:
    graph = build(tmp_path, {"Wired Example": [
        "WIRED, The State of Artificial Intelligence Research in Europe and Beyond: Part One, "
        "June 1, 2020.",
        "WIRED, The State of Artificial Intelligence Research in Europe and Beyond: Part Two, "
        "June 8, 2020."]})
    found = sorted(sources(graph), key=lambda row: row[2])
    title = "The State of Artificial Intelligence Research in Europe and Beyond: Part "
    assert [(name, date) for _, name, date in found] == [
        (title + "One", "2020-06-01"), (title + "Two", "2020-06-08")]
    assert len({iri for iri, _, _ in found}) == 2


def test_two_episodes_of_one_title_are_two_episodes(tmp_path: Path) -> None:
    graph = build(tmp_path, {"Podcast Example": [
        "Lex Fridman Podcast, Interview, June 1, 2020.",
        "Lex Fridman Podcast, Interview, May 3, 2021."]})
    assert [date for _, _, date in sources(graph)] == ["2020-06-01", "2021-05-03"]


def test_the_same_citation_on_two_pages_is_one_source(tmp_path: Path) -> None:
    citation = "NEAR Foundation, Transparency Report, March 1, 2023."
    graph = build(tmp_path, {"Near Example": [citation], "Other Example": [citation]})
    assert {iri for iri, _, _ in sources(graph)} == {
        "https://w3id.org/spiralld/source/near-foundation-transparency-report-2023-03-01"}
