"""Shared fixtures: the repository's data/ built once, and helpers to read the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from spiralld.build import BuildResult, build
from spiralld.config import Config

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "https://w3id.org/spiralld/"


#: The generated corpus of :func:`generated`: profiles and raw pages.
GENERATED_PROFILES, GENERATED_PAGES = 15, 2


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus from bench.corpus (seed 0), generated once."""
    from bench.corpus import generate

    out = tmp_path_factory.mktemp("generated") / "corpus"
    generate(GENERATED_PROFILES, out, GENERATED_PAGES, seed=0)
    return out


@pytest.fixture
def generated(generated_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the generated corpus (SOURCE_DATE_EPOCH pinned)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778889600")
    copy = tmp_path / "data"
    shutil.copytree(generated_corpus, copy)
    return copy


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the repository's data/."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def seed_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """data/ built once for the whole session (SOURCE_DATE_EPOCH pinned)."""
    out = tmp_path_factory.mktemp("release") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1778889600")
        result = build(DATA, out, Config())
    return result, out


@pytest.fixture(scope="session")
def seed_graph(seed_release: tuple[BuildResult, Path]) -> rdflib.Graph:
    """The built dataset.ttl, parsed by rdflib."""
    return rdflib.Graph().parse(seed_release[1] / "dataset.ttl", format="turtle")


def ask(graph: rdflib.Graph, query: str) -> bool:
    """Run a SPARQL ASK with the usual prefixes."""
    result = graph.query(PREFIXES + query)
    return bool(result.askAnswer)


def select(graph: rdflib.Graph, query: str) -> list[tuple[str, ...]]:
    """Run a SPARQL SELECT with the usual prefixes; rows of strings."""
    return [tuple(str(v) if v is not None else "" for v in row)
            for row in graph.query(PREFIXES + query)]


PREFIXES = f"""
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX spiral: <https://w3id.org/spiralld/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX id: <{BASE}id/>
PREFIX page: <{BASE}page/>
"""


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory outside every release, holding a secret."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.txt").write_text("TOP SECRET outside the release\n")
    return folder
