"""The corpus grows around its first page: a profile supersedes the shared entity of its id."""

from __future__ import annotations

import shutil
from pathlib import Path

import rdflib
from click.testing import CliRunner

from spiralld.cli import main

from .conftest import BASE, DATA, ask

SHAZEER = """\
---
type: Person
name: Noam Shazeer
{extra}sources:
  vaswani-2017:
    citation: Vaswani et al., Attention Is All You Need, arXiv, 2017.
    type: ScholarlyArticle
    title: Attention Is All You Need
    venue: arXiv
    datePublished: '2017'
    work: attention-is-all-you-need
authored:
- work: attention-is-all-you-need
  sources: [vaswani-2017]
---
# Noam Shazeer

Noam Shazeer is an AI researcher known for the Transformer and Mixture-of-Experts.
"""

WIKIDATA = "https://www.wikidata.org/wiki/Q27064297"


def project(tmp_path: Path, extra: str = "") -> Path:
    """data/ with a profile for Noam Shazeer, whose entity gains an alternate name and a
    sameAs link."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    people = data / "entities" / "people.yaml"
    people.write_text(people.read_text().replace(
        "  name: Noam Shazeer\n",
        f"  name: Noam Shazeer\n  alternateName: [Noam M. Shazeer]\n  sameAs: [{WIKIDATA}]\n"))
    (data / "profiles" / "noam-shazeer.md").write_text(SHAZEER.format(extra=extra))
    return data


def build(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(data), "--out", str(out)],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_a_profile_supersedes_the_entity_of_its_id(tmp_path: Path) -> None:
    data = project(tmp_path)
    code, output = build(data, tmp_path / "site")
    assert code == 0, output
    readme = (DATA.parent / "docs" / "editors.md").read_text(encoding="utf-8")
    shown = next(line for line in readme.splitlines()
                 if line.startswith("entities superseded by profiles: "))
    assert shown.replace("data/", f"{data}/") in output.splitlines()  # as the README shows
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    # What the entity held carries over; the profile gives the page and the description.
    assert ask(graph, f"""ASK {{ <{BASE}id/noam-shazeer> schema:alternateName "Noam M. Shazeer" ;
        schema:sameAs <{WIKIDATA}> ; schema:mainEntityOfPage <{BASE}page/noam-shazeer> ;
        schema:description ?lead }}""")
    # The seed's page links to the new profile (its Transformer co-author).
    assert ask(graph, f"ASK {{ <{BASE}page/illia-polosukhin> ?p <{BASE}id/noam-shazeer> }}")


def test_what_the_profile_says_wins_over_the_entity(tmp_path: Path) -> None:
    data = project(tmp_path, extra="alternateName: [Shazeer]\n")
    code, output = build(data, tmp_path / "site")
    assert code == 0, output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    names = {str(o) for o in graph.objects(rdflib.URIRef(f"{BASE}id/noam-shazeer"),
                                          rdflib.URIRef("https://schema.org/alternateName"))}
    assert names == {"Shazeer"}
    assert ask(graph, f"ASK {{ <{BASE}id/noam-shazeer> schema:sameAs <{WIKIDATA}> }}")


def test_the_entity_alias_still_resolves_to_the_profile(tmp_path: Path) -> None:
    data = project(tmp_path)
    profile = data / "profiles" / "illia-polosukhin.md"
    profile.write_text(profile.read_text().replace("- Noam Shazeer\n", "- Noam M. Shazeer\n"))
    code, output = build(data, tmp_path / "site")
    assert code == 0, output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, f"ASK {{ <{BASE}page/illia-polosukhin> ?p <{BASE}id/noam-shazeer> }}")
    assert not ask(graph, f"ASK {{ <{BASE}id/noam-m-shazeer> ?p ?o }}")


def test_a_rebuild_follows_an_edit_of_the_superseded_entity(tmp_path: Path) -> None:
    data = project(tmp_path)
    assert build(data, tmp_path / "site")[0] == 0
    people = data / "entities" / "people.yaml"
    people.write_text(people.read_text().replace("Noam M. Shazeer", "N. Shazeer"))
    code, output = build(data, tmp_path / "site")
    assert code == 0, output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, f'ASK {{ <{BASE}id/noam-shazeer> schema:alternateName "N. Shazeer" }}')
    assert not ask(graph, 'ASK { ?s schema:alternateName "Noam M. Shazeer" }')
    # The page and data documents follow too, as a fresh build writes them.
    fresh = tmp_path / "fresh"
    result = CliRunner().invoke(main, ["build", str(data), "--out", str(fresh), "--fresh"],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    assert result.exit_code == 0, result.output
    for name in ("page/noam-shazeer.html", "id/noam-shazeer.ttl", "page/noam-shazeer.ttl"):
        assert (tmp_path / "site" / name).read_bytes() == (fresh / name).read_bytes(), name


def test_two_entities_of_one_id_are_still_an_error(tmp_path: Path) -> None:
    data = project(tmp_path)
    (data / "entities" / "more.yaml").write_text(
        "- id: noam-shazeer\n  type: Person\n  name: Noam Shazeer\n")
    code, output = build(data, tmp_path / "site")
    assert code == 1
    assert output.splitlines()[-1] == (
        f"Error: {data}/entities/people.yaml:5: id 'noam-shazeer' is already used by "
        f"{data}/entities/more.yaml:1")
