"""Canned queries in queries/ answer on the built data, with parameters bound, not spliced.

The seed data (data/) is built once for this module. Every query is run with the engine's
``run(...)`` and its rows are checked by value; every query also runs on a second engine
(rdflib, on the release's dataset.ttl and void.ttl) and must give the same rows in the same
order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from spiralld.build import BuildResult, build
from spiralld.config import Config
from spiralld.errors import QueryError
from spiralld.query.library import (
    PARAM_TYPES,
    bind_values,
    library,
    load_query,
    open_store,
    release_base,
    run,
    run_embedded,
    with_values,
)

from .conftest import BASE, DATA

LIBRARY = library()
NAMES = {
    "lineage/coauthor-founders", "lineage/claim-sources", "lineage/derivation",
    "lineage/cited-by", "affiliations/at-date", "affiliations/timeline", "affiliations/members",
    "affiliations/cofounders", "affiliations/shared", "quality/unsourced", "quality/stale",
    "quality/stubs", "quality/unreviewed",
}
HOSTILE = '"} ; DROP ALL ; {"'

ILLIA = BASE + "id/illia-polosukhin"
CEO_CLAIM = ILLIA + "#role-affiliation-near-foundation"
ANNOUNCEMENT = (BASE + "source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo"
                "-2023-09-21")
ANNOUNCEMENT_TITLE = "NEAR co-founder joins the NEAR Foundation as CEO"
WIRED = BASE + "source/wired-he-helped-invent-generative-ai-now-he-wants-to-save-it-2024-06-28"
WIRED_TITLE = "He helped invent generative AI. Now he wants to save it"
WHO_WE_ARE = BASE + "source/near-ai-who-we-are"
ATTENTION = BASE + "id/attention-is-all-you-need"
TRANSFORMER_AUTHORS = [
    "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
    "Aidan Gomez", "Łukasz Kaiser", "Illia Polosukhin",
]


# --- fixtures and helpers ----------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """data/ built once for this module (SOURCE_DATE_EPOCH pinned)."""
    out = tmp_path_factory.mktemp("queries") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        result = build(DATA, out, Config())
    return result, out


@pytest.fixture(scope="module")
def release(built: tuple[BuildResult, Path]) -> Path:
    return built[1]


@pytest.fixture(scope="module")
def second_engine(release: Path) -> rdflib.Graph:
    """The release as rdflib reads it: the dataset and its description, one graph.

    Literals keep their lexical form (rdflib would otherwise rewrite ``...Z`` times as
    ``...+00:00``), so that values compare as written.
    """
    graph = rdflib.Graph()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rdflib, "NORMALIZE_LITERALS", False)
        graph.parse(release / "dataset.ttl", format="turtle")
        graph.parse(release / "void.ttl", format="turtle")
    return graph


def memory_store(release: Path) -> ox.Store:
    """A writable in-memory copy of the release's quads (the N-Quads dump)."""
    store = ox.Store()
    data = gzip.decompress((release / "dumps" / "dataset.nq.gz").read_bytes())
    store.load(data, format=ox.RdfFormat.N_QUADS)
    return store


def rows(name: str | Path, release: Path | None = None, /, store: ox.Store | None = None,
         **params: Any) -> list[dict[str, Any]]:
    return run(name, release=release, store=store, **params)


def column(result: list[dict[str, Any]], *names: str) -> list[tuple[Any, ...]]:
    return [tuple(row[n] for n in names) for row in result]


SCHEMA = "https://schema.org/"
SPIRAL = "https://w3id.org/spiralld/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"


def add(store: ox.Store, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
    graph = ox.NamedNode(BASE + "graph/test")
    predicate_node = RDF_TYPE if predicate == "a" else ox.NamedNode(predicate)
    store.add(ox.Quad(ox.NamedNode(subject), predicate_node, obj, graph))


def add_role(store: ox.Store, person: str, name: str, organization: str, start: ox.Literal,
             end: ox.Literal | None = None, role: str = "engineer") -> str:
    """A person and a dated, sourced role claim at an organization, added by hand."""
    claim = f"{person}#role-test"
    add(store, person, "a", ox.NamedNode(SCHEMA + "Person"))
    add(store, person, SCHEMA + "name", ox.Literal(name))
    add(store, person, SCHEMA + "affiliation", ox.NamedNode(claim))
    add(store, claim, "a", ox.NamedNode(SPIRAL + "Claim"))
    add(store, claim, SCHEMA + "affiliation", ox.NamedNode(organization))
    add(store, claim, SCHEMA + "roleName", ox.Literal(role))
    add(store, claim, SCHEMA + "startDate", start)
    if end is not None:
        add(store, claim, SCHEMA + "endDate", end)
    add(store, claim, "http://www.w3.org/ns/prov#wasDerivedFrom", ox.NamedNode(ANNOUNCEMENT))
    return claim


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


# --- the library -------------------------------------------------------------------------

def test_the_library_holds_every_canned_query() -> None:
    assert set(LIBRARY) == NAMES
    for name, query in LIBRARY.items():
        assert query.title and query.question and query.columns, name
        assert query.question.endswith("?"), name
        assert re.search(r"(?m)^ORDER BY ", query.text), f"{name} has no ORDER BY"
        for param in query.params:
            assert param.type in PARAM_TYPES and param.default is not None, (name, param)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_query_returns_the_columns_its_header_lists(release: Path, name: str) -> None:
    query = LIBRARY[name]
    store = open_store(release)
    results = run_embedded(query, store, {}, release_base(store) or BASE)
    assert tuple(results.variables) == query.columns
    if name not in ("quality/unsourced", "quality/unreviewed"):
        assert results.bindings, f"{name} finds nothing on the seed with its defaults"
    keys = [tuple(sorted((k, v["value"]) for k, v in b.items())) for b in results.bindings]
    assert len(keys) == len(set(keys)), f"{name} repeats a row"


# --- lineage -----------------------------------------------------------------------------

def test_coauthor_founders_lists_the_authors_in_order_and_what_they_founded(
    release: Path,
) -> None:
    result = rows("coauthor-founders", release)
    authors = sorted({(row["position"], row["author"]) for row in result})
    assert authors == list(enumerate(TRANSFORMER_AUTHORS, start=1))
    assert [row["author"] for row in result][:7] == TRANSFORMER_AUTHORS[:7], "byline order"
    founded = [row for row in result if row["organization"] is not None]
    assert {row["author"] for row in founded} == {"Illia Polosukhin"}
    assert column(founded, "organization", "roleName", "source", "sourceDate", "dateKind",
                  "status") == [
        ("NEAR AI", "founder", "Who we are", "2026-05-16", "reviewed", "reviewed"),
        ("NEAR Protocol", "co-founder", WIRED_TITLE, "2024-06-28", "published", "reviewed"),
        ("NEAR Protocol", "co-founder", ANNOUNCEMENT_TITLE, "2023-09-21", "published",
         "reviewed"),
    ]
    loners = [row for row in result if row["author"] != "Illia Polosukhin"]
    assert len(loners) == 7
    assert all(row["organization"] is None and row["source"] is None
               and row["status"] is None for row in loners)


def test_coauthor_founders_takes_a_work_by_name(release: Path) -> None:
    by_name = rows("coauthor-founders", release, work="Attention Is All You Need")
    assert by_name == rows("coauthor-founders", release)
    result = rows("coauthor-founders", release, work="id/proof-of-response")
    assert sorted(set(column(result, "position", "author", "organization"))) == [
        (1, "Illia Polosukhin", "NEAR AI"), (1, "Illia Polosukhin", "NEAR Protocol"),
        (2, "Alexander Skidanov", "NEAR Protocol"), (3, "Pierre Le Guen", None),
    ]


def test_claim_sources_names_the_announcement_behind_the_ceo_role(release: Path) -> None:
    """The README's example: the source of the CEO role and its publication date."""
    result = rows("claim-sources", release, entity="id/illia-polosukhin")
    assert column([r for r in result if r["related"] == "NEAR Foundation"],
                  "roleName", "title", "creator", "date", "dateKind") == [
        ("CEO", ANNOUNCEMENT_TITLE, "NEAR Foundation", "2023-09-21", "published"),
    ]


def test_claim_sources_gives_one_row_per_claim_and_source(release: Path) -> None:
    result = rows("claim-sources", release)  # the default entity: Illia Polosukhin
    assert column(result, "claim", "source", "creator", "date", "dateKind",
                  "status") == [
        (ATTENTION + "#author-8", ATTENTION, "Ashish Vaswani et al.", "2017", "published",
         "reviewed"),
        (CEO_CLAIM, ANNOUNCEMENT, "NEAR Foundation", "2023-09-21", "published", "reviewed"),
        (BASE + "id/near-ai#founder-illia-polosukhin", WHO_WE_ARE, "NEAR AI", "2026-05-16",
         "reviewed", "reviewed"),
        (BASE + "id/near-protocol#founder-illia-polosukhin", ANNOUNCEMENT, "NEAR Foundation",
         "2023-09-21", "published", "reviewed"),
        (BASE + "id/near-protocol#founder-illia-polosukhin", WIRED, "WIRED", "2024-06-28",
         "published", "reviewed"),
        (BASE + "id/proof-of-response#author-1", BASE + "id/proof-of-response",
         "Illia Polosukhin et al.", "2025", "published", "reviewed"),
        (BASE + "id/user-owned-ai-is-near#author-1", BASE + "id/user-owned-ai-is-near",
         "Illia Polosukhin", "2024-05-22", "published", "reviewed"),
    ]


def test_claim_sources_of_an_organization(release: Path) -> None:
    """An organization's own founder claims, and the roles held at it."""
    protocol = rows("claim-sources", release, entity="NEAR Protocol")
    assert sorted(set(column(protocol, "label", "related"))) == [
        ("Alexander Skidanov, co-founder of NEAR Protocol", "Alexander Skidanov"),
        ("Illia Polosukhin, co-founder of NEAR Protocol", "Illia Polosukhin"),
    ]
    foundation = rows("claim-sources", release, entity="id/near-foundation")
    assert column(foundation, "claim", "related", "title") == [
        (CEO_CLAIM, "Illia Polosukhin", ANNOUNCEMENT_TITLE),
    ]


def test_derivation_follows_the_claim_to_its_source_and_the_build(
    built: tuple[BuildResult, Path],
) -> None:
    result = rows("derivation", built[1])
    assert column([r for r in result if r["step"] == 1], "subject", "object", "label",
                  "detail") == [(CEO_CLAIM, ANNOUNCEMENT, ANNOUNCEMENT_TITLE, "2023-09-21")]
    generated = [r for r in result if r["step"] == 2]
    assert column(generated, "subject", "relation", "object") == [
        (BASE + "dataset", "prov:wasGeneratedBy", BASE + "dataset#build"),
    ]
    assert generated[0]["label"].startswith("spiralld ")
    assert generated[0]["detail"] == "2026-05-16T00:00:00Z"  # SOURCE_DATE_EPOCH
    used = [r for r in result if r["step"] == 3]
    inputs = {r["label"]: r["detail"] for r in used}
    assert "profiles/illia-polosukhin.md" in inputs
    assert "entities/works.yaml" in inputs
    for path, digest in inputs.items():
        assert hashlib.sha256((DATA / path).read_bytes()).hexdigest() == digest, path


def test_derivation_is_transitive(release: Path) -> None:
    store = memory_store(release)
    older = BASE + "source/an-older-report"
    add(store, ANNOUNCEMENT, "http://www.w3.org/ns/prov#wasDerivedFrom", ox.NamedNode(older))
    add(store, older, SCHEMA + "name", ox.Literal("An older report"))
    add(store, older, SCHEMA + "datePublished", typed("2023", "gYear"))
    chain = [r for r in rows("derivation", store=store) if r["step"] == 1]
    assert column(chain, "subject", "object", "label", "detail") == [
        (CEO_CLAIM, ANNOUNCEMENT, ANNOUNCEMENT_TITLE, "2023-09-21"),
        (ANNOUNCEMENT, older, "An older report", "2023"),
    ]


def test_derivation_of_a_page_and_of_nothing(release: Path) -> None:
    page = rows("derivation", release, node="page/illia-polosukhin")
    assert len([r for r in page if r["step"] == 1]) == 8, "the page's eight sources"
    with pytest.raises(QueryError, match="'id/no-such-thing' names nothing in the data"):
        rows("derivation", release, node="id/no-such-thing")


def test_cited_by_lists_the_pages_and_claims_relying_on_a_source(release: Path) -> None:
    assert column(rows("cited-by", release), "kind", "node", "label", "status") == [
        ("page", BASE + "page/illia-polosukhin", "Illia Polosukhin", None),
        ("claim", CEO_CLAIM, "CEO at NEAR Foundation", "reviewed"),
        ("claim", BASE + "id/near-protocol#founder-alexander-skidanov",
         "Alexander Skidanov, co-founder of NEAR Protocol", "reviewed"),
        ("claim", BASE + "id/near-protocol#founder-illia-polosukhin",
         "Illia Polosukhin, co-founder of NEAR Protocol", "reviewed"),
    ]
    work = rows("cited-by", release, source="id/attention-is-all-you-need")
    assert column(work, "kind", "node")[0] == ("page", BASE + "page/illia-polosukhin")
    assert [r["node"] for r in work[1:]] == [f"{ATTENTION}#author-{n}" for n in range(1, 9)]


# --- affiliations ------------------------------------------------------------------------

def test_at_date_finds_the_ceo_with_the_source(release: Path) -> None:
    assert column(rows("at-date", release), "person", "roleName", "organization", "startDate",
                  "endDate", "source", "sourceDate", "dateKind", "status") == [
        ("Illia Polosukhin", "CEO", "NEAR Foundation", "2023-09", None, ANNOUNCEMENT_TITLE,
         "2023-09-21", "published", "reviewed"),
    ]


def test_at_date_compares_dates_of_mixed_precision(release: Path) -> None:
    """A start of 2023-09 counts from 2023-09-01; an end of 2024 lasts to 2024-12-31."""
    assert rows("at-date", release, date="2023-08-31") == []
    assert column(rows("at-date", release, date="2023-09-01"), "person") == [
        ("Illia Polosukhin",),
    ]
    store = memory_store(release)
    add_role(store, BASE + "id/ada-example", "Ada Example", BASE + "id/google",
             typed("2020", "gYear"), typed("2024", "gYear"))
    people = {d: {r["person"] for r in rows("at-date", store=store, date=d)}
              for d in ("2019-12-31", "2020-01-01", "2024-12-31", "2025-01-01")}
    assert people == {"2019-12-31": set(), "2020-01-01": {"Ada Example"},
                      "2024-12-31": {"Ada Example", "Illia Polosukhin"},
                      "2025-01-01": {"Illia Polosukhin"}}


def test_timeline_puts_a_persons_claims_in_time_order(release: Path) -> None:
    assert column(rows("timeline", release), "start", "kind", "roleName", "organization",
                  "work", "status") == [
        ("2017", "author", "author 8", None, "Attention Is All You Need", "reviewed"),
        ("2023-09", "role", "CEO", "NEAR Foundation", None, "reviewed"),
        ("2024-05-22", "author", "author 1", None, "User-Owned AI is NEAR", "reviewed"),
        ("2025", "author", "author 1", None, "Proof of Response", "reviewed"),
        (None, "founder", "co-founder", "NEAR Protocol", None, "reviewed"),
        (None, "founder", "founder", "NEAR AI", None, "reviewed"),
    ]


def test_members_include_founders_and_roles(release: Path) -> None:
    assert column(rows("members", release), "person", "kind", "roleName", "status") == [
        ("Alexander Skidanov", "founder", "co-founder", "reviewed"),
        ("Illia Polosukhin", "founder", "co-founder", "reviewed"),
    ]
    assert column(rows("members", release, organization="NEAR Foundation"), "person", "kind",
                  "roleName", "start", "claim", "status") == [
        ("Illia Polosukhin", "role", "CEO", "2023-09", CEO_CLAIM, "reviewed"),
    ]


def test_cofounders_lists_every_founder_with_sources(release: Path) -> None:
    assert column(rows("cofounders", release), "organization", "founder", "roleName",
                  "source", "dateKind", "status") == [
        ("NEAR AI", "Illia Polosukhin", "founder", "Who we are", "reviewed",
         "reviewed"),
        ("NEAR Protocol", "Alexander Skidanov", "co-founder", WIRED_TITLE, "published",
         "reviewed"),
        ("NEAR Protocol", "Alexander Skidanov", "co-founder", ANNOUNCEMENT_TITLE, "published",
         "reviewed"),
        ("NEAR Protocol", "Illia Polosukhin", "co-founder", WIRED_TITLE, "published",
         "reviewed"),
        ("NEAR Protocol", "Illia Polosukhin", "co-founder", ANNOUNCEMENT_TITLE, "published",
         "reviewed"),
    ]


def test_shared_pairs_the_cofounders_once(release: Path) -> None:
    assert column(rows("shared", release), "organization", "person1", "role1", "person2",
                  "role2", "start", "end", "status") == [
        ("NEAR Protocol", "Alexander Skidanov", "co-founder", "Illia Polosukhin",
         "co-founder", None, "ongoing", "reviewed"),
    ]


def test_shared_computes_the_overlap(release: Path) -> None:
    store = memory_store(release)
    foundation = BASE + "id/near-foundation"
    add_role(store, BASE + "id/ada-example", "Ada Example", foundation,
             typed("2020", "gYear"), typed("2023-10", "gYearMonth"))
    add_role(store, BASE + "id/bo-example", "Bo Example", foundation,
             typed("2010-03-01", "date"), typed("2012", "gYear"))
    add_role(store, BASE + "id/cy-example", "Cy Example", foundation,
             typed("2024-02-15", "date"))
    at_foundation = [r for r in rows("shared", store=store)
                     if r["organization"] == "NEAR Foundation"]
    assert column(at_foundation, "person1", "person2", "start", "end") == [
        ("Ada Example", "Illia Polosukhin", "2023-09", "2023-10"),
        ("Cy Example", "Illia Polosukhin", "2024-02-15", "ongoing"),
    ]


# --- quality -----------------------------------------------------------------------------

def test_unsourced_is_empty_on_the_seed_and_finds_a_claim_added_by_hand(
    release: Path,
) -> None:
    assert rows("unsourced", release) == []
    store = memory_store(release)
    claim = ILLIA + "#role-affiliation-google-researcher"
    add(store, claim, "a", ox.NamedNode(SPIRAL + "Claim"))
    add(store, claim, "http://www.w3.org/2000/01/rdf-schema#label",
        ox.Literal("Researcher at Google"))
    assert rows("unsourced", store=store) == [{"claim": claim, "label": "Researcher at Google"}]


def test_stale_flags_claims_whose_newest_source_is_old(release: Path) -> None:
    result = {r["claim"]: (r["newest"], r["cutoff"])
              for r in rows("stale", release, date="2026-11-29")}
    assert result[CEO_CLAIM] == ("2023-09-21", "2024-11-29")
    assert result[BASE + "id/near-protocol#founder-illia-polosukhin"] == (
        "2024-06-28", "2024-11-29"), "the newest of its two sources"
    assert BASE + "id/near-ai#founder-illia-polosukhin" not in result, "reviewed 2026-05-16"
    assert BASE + "id/proof-of-response#author-1" not in result, "2025 counts as 2025-12-31"


def test_stale_is_asked_of_today_unless_a_date_is_given(release: Path) -> None:
    import datetime

    today = datetime.date.today()
    cutoff = f"{today.year - 2:04d}-{today.month:02d}-{today.day:02d}"
    assert {r["cutoff"] for r in rows("stale", release)} == {cutoff}


@pytest.mark.parametrize(("months", "date", "cutoff"), [
    (0, "2023-09-22", "2023-09-22"), (1, "2024-03-31", "2024-02-31"),
    (13, "2024-01-15", "2022-12-15"), (24, "2026-11-29", "2024-11-29"),
    (-12, "2024-01-15", "2025-01-15"),
])
def test_stale_moves_the_reference_date_back_by_calendar_months(
    release: Path, months: int, date: str, cutoff: str,
) -> None:
    result = rows("stale", release, months=months, date=date)
    assert result and {r["cutoff"] for r in result} == {cutoff}


def test_stale_reads_a_year_as_its_last_day(release: Path) -> None:
    def stale(date: str) -> bool:
        claims = {r["claim"] for r in rows("stale", release, months=0, date=date)}
        return BASE + "id/proof-of-response#author-1" in claims

    assert not stale("2025-12-31")
    assert stale("2026-01-01")
    assert CEO_CLAIM not in {r["claim"] for r in rows("stale", release, months=0,
                                                       date="2023-09-21")}


def test_stubs_name_the_pages_that_link_them(built: tuple[BuildResult, Path]) -> None:
    result, release = built
    found = rows("stubs", release)
    assert ("Mixture-of-Experts", BASE + "id/mixture-of-experts",
            BASE + "page/illia-polosukhin", "Illia Polosukhin") in column(
        found, "name", "stub", "page", "pageName")
    assert {r["stub"] for r in found} == {BASE + "id/" + s for s in result.corpus.stubs}


# --- a second engine ---------------------------------------------------------------------

SECOND_ENGINE_CASES = [(name, {}) for name in sorted(NAMES)] + [
    ("lineage/claim-sources", {"entity": "id/near-protocol"}),
    ("lineage/derivation", {"node": "page/illia-polosukhin"}),
    ("lineage/cited-by", {"source": "id/attention-is-all-you-need"}),
    ("affiliations/at-date", {"date": "2023-08-31"}),
    ("affiliations/members", {"organization": "id/near-foundation"}),
    ("quality/stale", {"months": "0", "date": "2026-01-01"}),
]


@pytest.mark.parametrize(("name", "params"), SECOND_ENGINE_CASES,
                         ids=[f"{n}{'-' if p else ''}{'-'.join(p.values())}"
                              for n, p in SECOND_ENGINE_CASES])
def test_rdflib_gives_the_same_rows(release: Path, second_engine: rdflib.Graph, name: str,
                                    params: dict[str, str]) -> None:
    query = LIBRARY[name]
    store = open_store(release)
    ours = run_embedded(query, store, params, BASE)
    expected = [tuple(b[v]["value"] if v in b else None for v in ours.variables)
                for b in ours.bindings]
    text = with_values(query, bind_values(query, params, BASE))
    theirs = [tuple(None if value is None else str(value) for value in row)
              for row in second_engine.query(text)]
    assert theirs == expected


# --- the VALUES block is repeated inside the groups that use a parameter ------------------

def only_at_the_top(query: Any, terms: dict[str, Any]) -> str:
    """The query with one VALUES block, at the start of its WHERE (no push-down)."""
    at = re.search(r"\bWHERE\s*\{", query.text).end()
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    return f"{query.text[:at]} VALUES ({names}) {{ ({row}) }} {query.text[at:]}"


@pytest.mark.parametrize(("name", "params"), SECOND_ENGINE_CASES,
                         ids=[f"{n}{'-' if p else ''}{'-'.join(p.values())}"
                              for n, p in SECOND_ENGINE_CASES])
def test_pushing_the_values_down_keeps_the_rows(release: Path, name: str,
                                               params: dict[str, str]) -> None:
    query = LIBRARY[name]
    store = open_store(release)
    terms = bind_values(query, params, BASE)
    ours = run_embedded(query, store, params, BASE)
    plain = store.query(only_at_the_top(query, terms), use_default_graph_as_union=True)
    assert isinstance(plain, ox.QuerySolutions)
    document = json.loads(plain.serialize(format=ox.QueryResultsFormat.JSON))
    assert ours.bindings == document["results"]["bindings"]


PUSH_DOWN = """\
# title: t
# param: x (IRI, default id/x) x
# param: y (string, default y) y
PREFIX schema: <https://schema.org/>
SELECT ?a WHERE {
  ?x schema:name ?n .   # a comment with a brace { and ?x
  { ?a schema:author ?x } UNION { ?a schema:name ?x . BIND("{?y}" AS ?y) } UNION { ?a ?b "?x" }
  OPTIONAL { ?x schema:Service ?y . { ?x a schema:Thing } }
  MINUS { ?a schema:founder ?x }
  VALUES ?z { "{?x}" }
  FILTER NOT EXISTS { ?x schema:x ?a }
  { SELECT ?x (COUNT(*) AS ?k) WHERE { ?x schema:author ?w . ?w schema:name ?y } GROUP BY ?x }
  { SELECT ?y WHERE { ?y schema:name ?x } }
  { SELECT * WHERE { ?x schema:p ?q } }
}
"""


def test_the_values_block_goes_into_every_group_that_uses_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "t.rq"
    path.write_text(PUSH_DOWN, encoding="utf-8")
    query = load_query(path)
    text = with_values(query, bind_values(query, {}, BASE))
    both = f'VALUES (?x ?y) {{ (<{BASE}id/x> "y") }}'
    x, y = f"VALUES (?x) {{ (<{BASE}id/x>) }}", 'VALUES (?y) { ("y") }'
    assert text == PUSH_DOWN.replace(
        "SELECT ?a WHERE {\n", f"SELECT ?a WHERE {{\n  {both}\n\n"
    ).replace(
        "{ ?a schema:author ?x }", f"{{ {x} ?a schema:author ?x }}"
    ).replace(  # ?y is bound in the branch: only ?x
        "{ ?a schema:name ?x . BIND", f"{{ {x} ?a schema:name ?x . BIND"
    ).replace(
        "OPTIONAL { ?x schema:Service ?y . { ?x a", f"OPTIONAL {{ {both} ?x schema:Service ?y . "
        f"{{ {x} ?x a"
    ).replace(
        "NOT EXISTS { ?x", f"NOT EXISTS {{ {x} ?x"
    ).replace(  # the subquery projects ?x but not ?y (its ?y is another variable)
        "COUNT(*) AS ?k) WHERE { ?x", f"COUNT(*) AS ?k) WHERE {{ {x} ?x"
    ).replace(
        "SELECT ?y WHERE { ?y", f"SELECT ?y WHERE {{ {y} ?y"
    ).replace(
        "SELECT * WHERE { ?x", f"SELECT * WHERE {{ {x} ?x"
    )
    assert "MINUS { ?a" in text and 'VALUES ?z { "{?x}" }' in text  # left as written
    assert '{ ?a ?b "?x" }' in text  # mentions no parameter, only a string


# --- parameters are values, never query text ---------------------------------------------

def test_a_hostile_parameter_is_just_a_value(release: Path) -> None:
    """Every IRI parameter of every query: the hostile text matches nothing, changes nothing."""
    store = memory_store(release)
    before = set(store)
    tried = 0
    for name, query in LIBRARY.items():
        for param in query.params:
            if param.type == "string":
                assert rows(name, store=store, **{param.name: HOSTILE}) == [], name
                tried += 1
            elif param.type == "IRI":
                with pytest.raises(QueryError, match="names nothing in the data"):
                    rows(name, store=store, **{param.name: HOSTILE})
                tried += 1
    assert tried >= 6
    assert set(store) == before, "the store is unchanged"


def test_a_hostile_iri_is_refused(release: Path) -> None:
    with pytest.raises(QueryError, match="parameter entity"):
        rows("claim-sources", release, entity="id/x> } ; DROP ALL ; { <y")


def test_a_hostile_string_parameter_is_just_a_value(release: Path, tmp_path: Path) -> None:
    query = tmp_path / "named.rq"
    query.write_text(
        "# title: Named\n# question: What has this name?\n"
        "# param: title (string, default Illia Polosukhin) a name\n# columns: thing\n"
        "PREFIX schema: <https://schema.org/>\n"
        "SELECT DISTINCT ?thing WHERE { ?thing schema:name ?title } ORDER BY STR(?thing)\n",
        encoding="utf-8")
    store = memory_store(release)
    before = set(store)
    assert rows(query, store=store) == [{"thing": ILLIA},
                                        {"thing": BASE + "page/illia-polosukhin"}]
    assert rows(query, store=store, title=HOSTILE) == []
    assert rows(query, store=store, title="x' } ; DROP ALL ; { '") == []
    assert set(store) == before, "the store is unchanged"


@pytest.mark.parametrize(("name", "param", "value"), [
    ("at-date", "date", HOSTILE), ("at-date", "date", "2024-02-30"),
    ("at-date", "date", "2024-01"), ("stale", "date", "yesterday"),
    ("stale", "months", HOSTILE), ("stale", "months", "2.5"),
])
def test_an_invalid_date_or_integer_is_refused(release: Path, name: str, param: str,
                                               value: str) -> None:
    with pytest.raises(QueryError, match=f"parameter {param}"):
        rows(name, release, **{param: value})


def test_an_unknown_parameter_is_refused(release: Path) -> None:
    with pytest.raises(QueryError, match="no parameter 'person'"):
        rows("at-date", release, person="id/illia-polosukhin")


@pytest.mark.parametrize(("fmt", "shown"), [
    ("table", "yes\n"), ("csv", "_askResult\r\ntrue\r\n"), ("tsv", "?_askResult\ntrue\n"),
    ("json", '{"head": {}, "boolean": true}\n')])
def test_an_ask_answer_is_printed_in_every_format(release: Path, tmp_path: Path, fmt: str,
                                                  shown: str) -> None:
    """ASK in CSV and TSV as Jena ARQ writes it (the formats define none), never nothing."""
    from click.testing import CliRunner

    from spiralld.cli import main

    asked = tmp_path / "ask.rq"
    asked.write_text("# title: Ask\n# question: Is the CEO role there?\n"
                     f"ASK {{ <{BASE}id/illia-polosukhin> <https://schema.org/affiliation> "
                     f"<{BASE}id/illia-polosukhin#role-affiliation-near-foundation> }}\n")
    result = CliRunner().invoke(main, ["query", "--release", str(release), "--file", str(asked),
                                       "--format", fmt])
    assert (result.exit_code, result.stdout_bytes.decode()) == (0, shown)
