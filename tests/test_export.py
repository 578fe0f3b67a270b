"""The release files: Turtle and JSON-LD say the same thing, every time, byte for byte."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic, to_isomorphic

from spiralld.build import BuildResult, build
from spiralld.config import Config

from .conftest import BASE, DATA, ask


def test_turtle_and_jsonld_are_the_same_graph(seed_release: tuple[BuildResult, Path]) -> None:
    out = seed_release[1]
    turtle = rdflib.Graph().parse(out / "dataset.ttl", format="turtle")
    from_jsonld = rdflib.Graph().parse(out / "dataset.jsonld", format="json-ld")
    assert isomorphic(turtle, from_jsonld)


def test_pyld_reads_the_jsonld_offline_as_the_same_graph(
    seed_release: tuple[BuildResult, Path],
) -> None:
    out = seed_release[1]
    document = json.loads((out / "dataset.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the context must be inline"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    from_pyld = rdflib.Graph().parse(data=nquads, format="nt")
    turtle = rdflib.Graph().parse(out / "dataset.ttl", format="turtle")
    assert isomorphic(turtle, from_pyld)


def test_jsonld_is_compact_with_schema_org_as_vocab(seed_release: tuple[BuildResult, Path]) -> None:
    document = json.loads((seed_release[1] / "dataset.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["@vocab"] == "https://schema.org/"
    assert document["@context"]["prov"] == "http://www.w3.org/ns/prov#"
    nodes = {node["@id"]: node for node in document["@graph"]}
    person = nodes[BASE + "id/illia-polosukhin"]
    assert person["@type"] == "Person"
    assert person["name"] == "Illia Polosukhin"
    role = nodes[BASE + "id/illia-polosukhin#role-affiliation-near-foundation"]
    assert role["startDate"] == {"@value": "2023-09", "@type": "xsd:gYearMonth"}
    assert role["@type"] == ["OrganizationRole", "spiral:Claim"]
    assert "prov:wasDerivedFrom" in role


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(DATA, tmp_path / "one", Config())
    build(DATA, tmp_path / "two", Config())
    for name in ("dataset.ttl", "dataset.jsonld"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_turtle_output_matches_an_independent_parse(seed_release: tuple[BuildResult, Path]) -> None:
    """pyoxigraph wrote the Turtle; rdflib's canonical form of it is stable across parses."""
    out = seed_release[1]
    first = to_isomorphic(rdflib.Graph().parse(out / "dataset.ttl"))
    second = to_isomorphic(rdflib.Graph().parse(out / "dataset.ttl"))
    assert first == second


def test_base_iri_comes_from_spiralld_toml(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "spiralld.toml").write_text('base_iri = "https://example.org/enc/"\n')
    from spiralld.config import load_config

    build(data_dir, tmp_path / "site", load_config(data_dir))
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, """ASK { <https://example.org/enc/id/illia-polosukhin>
                                   schema:name "Illia Polosukhin" }""")
    assert not ask(graph, f"ASK {{ <{BASE}id/illia-polosukhin> ?p ?o }}")


def test_one_source_node_across_profiles(data_dir: Path, tmp_path: Path) -> None:
    """A raw page citing the Transformer paper shares the node of the curated profile."""
    pages = data_dir / "pages"
    pages.mkdir()
    (pages / "transformer.txt").write_text(
        "Transformer\n"
        "The Transformer is a neural network architecture based on attention.\n"
        "Sources\n"
        "- Vaswani et al., Attention Is All You Need, arXiv, 2017.\n",
        encoding="utf-8",
    )
    build(data_dir, tmp_path / "site", Config())
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert ask(graph, f"""ASK {{ <{BASE}page/transformer> schema:citation ?s ;
                                  prov:wasDerivedFrom ?s .
                                <{BASE}page/illia-polosukhin> schema:citation ?s .
                                ?s schema:name "Attention Is All You Need" }}""")


VOID_PREFIXES = """PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""


def _quads(path: Path) -> list[str]:
    with gzip.open(path, "rb") as data:
        return [str(q) for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS)]


def test_nquads_shards_hold_the_nquads_dump_in_parts(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "spiralld.toml").write_text("dump_shard_quads = 100\n")
    from spiralld.config import load_config

    out = tmp_path / "site"
    build(data_dir, out, load_config(data_dir))
    shards = sorted((out / "dumps" / "shards").glob("dataset-*.nq.gz"))
    assert [s.name for s in shards[:2]] == ["dataset-00001.nq.gz", "dataset-00002.nq.gz"]
    parts = [_quads(shard) for shard in shards]
    assert all(len(part) == 100 for part in parts[:-1]) and 0 < len(parts[-1]) <= 100
    assert [q for part in parts for q in part] == _quads(out / "dumps" / "dataset.nq.gz")
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out / "dumps",
                             capture_output=True, text=True, check=True)
    assert "shards/dataset-00001.nq.gz: OK" in checked.stdout
    void = rdflib.Graph().parse(out / "void.ttl")
    shard_iri = f"{BASE}dumps/shards/dataset-00001.nq.gz"
    assert ask(void, VOID_PREFIXES + f"""ASK {{ <{BASE}dataset> void:dataDump <{shard_iri}> .
                               <{shard_iri}> dcat:mediaType ?type ; dcat:byteSize ?size }}""")
    # A shard is part of one distribution, not a distribution of the whole dataset.
    assert not ask(void, VOID_PREFIXES
                   + f"ASK {{ <{BASE}dataset> dcat:distribution <{shard_iri}> }}")


def test_no_shards_by_default(seed_release: tuple[BuildResult, Path]) -> None:
    assert not (seed_release[1] / "dumps" / "shards").exists()


def test_shard_size_must_be_a_whole_number(data_dir: Path) -> None:
    from spiralld.config import load_config
    from spiralld.errors import ConfigError

    (data_dir / "spiralld.toml").write_text('dump_shard_quads = "many"\n')
    with pytest.raises(ConfigError, match=r"spiralld\.toml: setting 'dump_shard_quads' must "
                                          r"be an integer"):
        load_config(data_dir)


def test_streamed_jsonld_dump_is_the_jsonld_document(
        seed_release: tuple[BuildResult, Path]) -> None:
    from spiralld.release import jsonld as writer

    result, out = seed_release
    streamed = io.BytesIO()
    writer.write_document(result.dataset.triples(), streamed)
    assert json.loads(streamed.getvalue()) == writer.document(result.dataset.triples())
    assert json.loads((out / "dataset.jsonld").read_bytes()) == json.loads(streamed.getvalue())


@pytest.mark.parametrize("name", ["turtle", "jsonld"])
def test_a_root_file_written_in_pieces_is_the_file_written_at_once(
        seed_release: tuple[BuildResult, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    from spiralld.release import export
    from spiralld.release.gzip_pieces import PreviousPieces

    monkeypatch.setattr(export, "ROOT_PIECE_BYTES", 1 << 10)   # small pieces for a page
    monkeypatch.setattr(export, "ROOT_PIECE_MASK", 3)
    dataset = seed_release[0].dataset
    at_once = io.BytesIO()
    export.exporter(name).write(dataset, (), at_once)
    with (tmp_path / "before").open("wb") as out:
        pieces, copied = export.write_root(dataset, export.ROOT_PIECES[name], out)
    assert (tmp_path / "before").read_bytes() == at_once.getvalue()
    assert len(pieces) > 5 and copied == 0
    previous = PreviousPieces(tmp_path, {"before": [piece.as_row() for piece in pieces]})
    with (tmp_path / "again").open("wb") as out:
        again, copied = export.write_root(dataset, export.ROOT_PIECES[name], out, previous)
    previous.close()
    assert (tmp_path / "again").read_bytes() == at_once.getvalue()
    assert again == pieces and copied == len(pieces)
