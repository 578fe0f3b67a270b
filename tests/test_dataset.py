"""The mapped dataset held compactly: graphs frozen as they are mapped, their union sorted on
disk, and each triple kept in one graph."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from spiralld.mapping import merge
from spiralld.mapping.graph import Dataset, Graph, Iris, sort_triples

BASE = "https://w3id.org/spiralld/"
IRIS = Iris(BASE)
NAME = NamedNode("https://schema.org/name")
FOUNDER = NamedNode("https://schema.org/founder")
ORG = IRIS.entity("near")
CLAIM = Iris.part(ORG, "founder-illia")


def graph(slug: str, *triples: Triple, path: str = "", line: int = 1) -> Graph:
    mapped = Graph(IRIS.page(slug) if slug else IRIS.shared_graph)
    with mapped.at(path or f"profiles/{slug}.md", line):
        for triple in triples:
            mapped.add(triple.subject, triple.predicate, triple.object)
    return mapped


def dataset_of(*graphs: Graph) -> Dataset:
    dataset = Dataset(IRIS)
    for mapped in graphs:
        dataset.add(mapped)
    dataset.seal(first=IRIS.shared_graph.value)
    return dataset


def test_a_triple_two_cofounders_state_is_kept_in_the_first_page_graph_only() -> None:
    stated = Triple(ORG, FOUNDER, CLAIM)
    illia = graph("illia", stated, Triple(IRIS.entity("illia"), NAME, Literal("Illia")))
    alex = graph("alex", stated, Triple(IRIS.entity("alex"), NAME, Literal("Alex")), line=7)
    dataset = dataset_of(illia, alex)
    assert stated in dataset.graphs[IRIS.page("alex").value].triples
    assert stated not in dataset.graphs[IRIS.page("illia").value].triples
    assert dataset.graphs[IRIS.page("alex").value].origins[stated] == ("profiles/alex.md", 7)
    assert dataset.triple_count == 3
    assert [q.triple for q in dataset.quads()].count(stated) == 1


def test_the_shared_graph_wins_over_page_graphs() -> None:
    stated = Triple(ORG, NAME, Literal("NEAR"))
    dataset = dataset_of(graph("aaa", stated), graph("", stated, path="entities/orgs.yaml"))
    assert dataset.graphs[IRIS.shared_graph.value].triples == [stated]
    assert dataset.graphs[IRIS.page("aaa").value].triples == []


def test_the_union_is_sorted_and_the_same_across_spilled_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def graphs() -> list[Graph]:
        return [graph(f"p{n}", *(Triple(IRIS.entity(f"e{(n * 7 + k) % 13}"), NAME,
                                        Literal(f"name {k}")) for k in range(5)))
                for n in range(20)]

    expected = sort_triples({t for g in graphs() for t in g.triples})
    in_memory = list(dataset_of(*graphs()).triples())
    monkeypatch.setattr(merge, "RUN_TRIPLES", 4)   # many runs on disk
    spilled = list(dataset_of(*graphs()).triples())
    assert in_memory == spilled == expected


def test_nquads_text_is_what_the_quads_serialize_to() -> None:
    import pyoxigraph

    dataset = dataset_of(graph("illia", Triple(ORG, NAME, Literal('say "hi"\n', language="en"))))
    text = b"".join(dataset.nquads())
    assert text == pyoxigraph.serialize(list(dataset.quads()),
                                        format=pyoxigraph.RdfFormat.N_QUADS)
