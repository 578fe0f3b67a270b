"""Canned queries in queries/ answer on the built data, with parameters bound, not spliced."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from spiralld.build import BuildResult

from .conftest import BASE, ROOT

CLAIM_SOURCES = (ROOT / "queries" / "lineage" / "claim-sources.rq").read_text(encoding="utf-8")


def store_of(release: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(release / "dataset.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def test_claim_sources_names_the_announcement_behind_the_ceo_role(
    seed_release: tuple[BuildResult, Path],
) -> None:
    """The README's example: the source of the CEO role and its publication date."""
    store = store_of(seed_release[1])
    entity = ox.NamedNode(BASE + "id/illia-polosukhin")
    rows = [
        (row["roleName"].value, row["title"].value, row["published"])
        for row in store.query(CLAIM_SOURCES, substitutions={ox.Variable("entity"): entity})
        if row["organization"] is not None and row["organization"].value == "NEAR Foundation"
    ]
    date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    assert rows == [("CEO", "NEAR co-founder joins the NEAR Foundation as CEO",
                     ox.Literal("2023-09-21", datatype=date))]


def test_a_hostile_parameter_is_just_a_value(seed_release: tuple[BuildResult, Path]) -> None:
    store = store_of(seed_release[1])
    hostile = ox.Literal('"} ; DROP ALL ; {"')
    before = set(store)
    rows = list(store.query(CLAIM_SOURCES, substitutions={ox.Variable("entity"): hostile}))
    assert rows == []
    assert set(store) == before, "the store is unchanged"
