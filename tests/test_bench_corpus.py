"""The benchmark corpus generator (bench/corpus.py): deterministic, valid, shaped like real data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
import yaml
from bench.corpus import FIRST_NAMES, LAST_NAMES, generate, main

from spiralld.build import BuildResult, build, validate_data
from spiralld.config import Config
from spiralld.reading.citations import parse_citation
from spiralld.reading.pages import parse_page, read_page_text, slugify
from spiralld.reading.profiles import Profile, load_profile

from .conftest import ask, select

PROFILES, PAGES = 30, 3


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    generate(PROFILES, out, PAGES, seed=0)
    return out


@pytest.fixture(scope="module")
def profiles(corpus: Path) -> list[Profile]:
    return [load_profile(path) for path in sorted((corpus / "profiles").glob("*.md"))]


@pytest.fixture(scope="module")
def release(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("bench-site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        result = build(corpus, out, Config())
    return result, out


@pytest.fixture(scope="module")
def graph(release: tuple[BuildResult, Path]) -> rdflib.Graph:
    return rdflib.Graph().parse(release[1] / "dataset.ttl", format="turtle")


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    line = generate(PROFILES, first, PAGES, seed=0)
    generate(PROFILES, second, PAGES, seed=0)
    generate(PROFILES, other, PAGES, seed=1)
    assert line.startswith(f"wrote {PROFILES} profiles, {PAGES} pages, ")
    assert line.endswith(f" entities to {first}")
    assert tree(first) == tree(second)
    assert tree(first) != tree(other)
    generate(PROFILES, first, PAGES, seed=0)  # regenerating in place gives the same files too
    assert tree(first) == tree(second)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    assert main(["--profiles", "12", "--out", str(out), "--pages", "2", "--seed", "3"]) == 0
    assert capsys.readouterr().out.startswith("wrote 12 profiles, 2 pages, ")
    assert len(list((out / "profiles").glob("*.md"))) == 12
    assert len(list((out / "pages").glob("*.txt"))) == 2


def test_refuses_to_overwrite_a_directory_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="refusing"):
        generate(5, tmp_path, 0)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_profiles_are_shaped_like_real_ones(corpus: Path, profiles: list[Profile]) -> None:
    assert len(profiles) == PROFILES
    kinds = Counter(p.type for p in profiles)
    assert kinds == {"Person": 18, "Organization": 8, "Concept": 4}
    for profile in profiles:
        assert Path(profile.path).stem == slugify(profile.name) == profile.slug
        assert 3 <= len(profile.sources) <= 8
        names = [s.name for s in profile.page.sections]
        assert names[0] == "Snapshot" and names[-2:] == ["Open Questions", "Related Pages"]
        assert 2 <= len([n for n in names if n not in {
            "Snapshot", "Spiralist Reading", "Open Questions", "Related Pages"}]) <= 4
        questions = [b.text for b in profile.page.sections[-2].bullets()]
        assert 2 <= len(questions) <= 5 and len(set(questions)) == len(questions)
        assert 3 <= len(profile.page.sections[-1].bullets()) <= 10
        assert profile.page.lead.startswith(f"{profile.name} is ")
        claims = [*profile.roles, *profile.founded, *profile.authored]
        assert all(1 <= len(claim.sources) <= 2 for claim in claims)
        if profile.type == "Person":
            assert 1 <= len(profile.roles) <= 3
            assert all(not r.end or r.end.earliest() > r.start.latest()
                       for r in profile.roles if r.start)
        else:
            assert not claims
    persons = [p for p in profiles if p.type == "Person"]
    assert any(p.founded for p in persons) and any(p.authored for p in persons)
    assert any(f.cofounders for p in persons for f in p.founded)
    assert any(p.same_as for p in profiles) and any(not p.same_as for p in profiles)
    assert any(s.date_reviewed for p in profiles for s in p.sources)
    assert {len(s.date_published.lexical) for p in profiles for s in p.sources
            if s.date_published} == {4, 7, 10}  # years, months and days


def test_source_fields_are_what_the_citation_says(profiles: list[Profile]) -> None:
    by_citation: dict[str, tuple[object, ...]] = {}
    cited_by: Counter[str] = Counter()
    for profile in profiles:
        for source in profile.sources:
            assert source.citation is not None
            parsed = parse_citation(source.citation)
            authors = parsed.authors + (("et al.",) if parsed.et_al else ())
            fields = (source.type, source.title, source.authors, source.publisher, source.venue,
                      source.date_published, source.date_reviewed)
            assert fields == (parsed.type, parsed.title, authors, parsed.publisher,
                              parsed.venue, parsed.date_published, parsed.date_reviewed), (
                profile.path, source.key)
            assert source.authors or source.publisher
            assert source.date_published or source.date_reviewed
            assert by_citation.setdefault(source.citation, fields) == fields
            cited_by[source.citation] += 1
    assert max(cited_by.values()) > 1  # sources are shared across profiles


def test_every_name_reads_as_a_person_in_a_citation() -> None:
    for last in LAST_NAMES:
        parsed = parse_citation(f"{last} et al., A Title, arXiv, 2020.")
        assert parsed.authors == (last,) and parsed.et_al, last
    for first in FIRST_NAMES:
        name = f"{first} Q. {LAST_NAMES[len(first) % len(LAST_NAMES)]}"
        assert parse_citation(f"{name}, A Title, 2020.").authors == (name,), name


def test_entities_and_raw_pages(corpus: Path, profiles: list[Profile]) -> None:
    people = {p.slug for p in profiles if p.type == "Person"}
    extra = {e["id"] for e in yaml.safe_load((corpus / "entities" / "people.yaml").read_text(
        encoding="utf-8"))}
    works = yaml.safe_load((corpus / "entities" / "works.yaml").read_text(encoding="utf-8"))
    assert works and all(set(w["author"]) <= people | extra for w in works)
    assert any(len(w["author"]) > 3 for w in works)
    assert any(set(w["author"]) & extra for w in works)  # people without a profile co-author
    pages = sorted((corpus / "pages").glob("*.txt"))
    assert len(pages) == PAGES
    for path in pages:
        page = parse_page(read_page_text(path), str(path))
        assert path.stem == slugify(page.title)
        citations = page.section("Sources")
        assert citations is not None and citations.bullets()
        for bullet in citations.bullets():
            parsed = parse_citation(bullet.text)
            assert parsed.date_published and (parsed.authors or parsed.publisher)


def test_validates_without_violations(corpus: Path) -> None:
    report = validate_data(corpus, Config())
    assert report.violations == [], report.as_text()
    assert report.warnings  # stubs at least


def test_build(release: tuple[BuildResult, Path], graph: rdflib.Graph) -> None:
    result = release[0]
    assert result.report.conforms
    assert len(result.corpus.profiles) == PROFILES + PAGES
    assert result.corpus.stubs
    # (each claim carries its spiral:reviewStatus: about 4,540 triples at 30 profiles)
    assert 40 * PROFILES < result.triples < 170 * PROFILES


def test_a_shared_source_is_cited_by_several_pages(graph: rdflib.Graph) -> None:
    rows = select(graph, """
        SELECT ?source (COUNT(DISTINCT ?page) AS ?pages) WHERE {
          ?page a schema:ProfilePage ; schema:citation ?source .
          ?source schema:name ?title .
          FILTER (STRSTARTS(STR(?source), "https://w3id.org/spiralld/source/"))
        } GROUP BY ?source HAVING (COUNT(DISTINCT ?page) > 1)""")
    assert rows


def test_works_have_ordered_author_roles(corpus: Path, graph: rdflib.Graph) -> None:
    works = yaml.safe_load((corpus / "entities" / "works.yaml").read_text(encoding="utf-8"))
    work = max(works, key=lambda w: len(w["author"]))
    rows = select(graph, f"""
        SELECT ?position ?person WHERE {{
          id:{work["id"]} schema:author ?role .
          ?role a spiral:Claim ; schema:position ?position ; schema:author ?person .
        }} ORDER BY ?position""")
    base = "https://w3id.org/spiralld/id/"
    assert rows == [(str(n), base + slug) for n, slug in enumerate(work["author"], start=1)]
    # a profile's authorship claim adds its own sources to the byline's role
    assert ask(graph, """ASK {
        ?work schema:author ?role .
        ?role schema:author ?person ; prov:wasDerivedFrom ?work , ?source .
        ?person schema:mainEntityOfPage ?page .
        ?source spiral:citationText ?text .
    }""")


def test_claims_link_generated_entities(graph: rdflib.Graph) -> None:
    assert ask(graph, """ASK {
        ?person a schema:Person ; ?property ?claim .
        ?claim a schema:OrganizationRole ; ?property ?org ; schema:roleName ?role ;
               schema:startDate ?start ; prov:wasDerivedFrom ?source .
        ?org a schema:Organization ; schema:name ?name .
        ?source schema:datePublished|spiral:dateReviewed ?date .
    }""")
    assert ask(graph, """ASK {
        ?org schema:founder ?a , ?b .
        ?a schema:founder ?x ; schema:roleName "co-founder" .
        ?b schema:founder ?y .
        FILTER (?x != ?y)
    }""")
    assert ask(graph, "ASK { ?stub a spiral:Stub ; schema:name ?name . ?page schema:mentions "
                      "?stub . ?page a schema:ProfilePage }")
