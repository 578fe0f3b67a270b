"""A rebuild parses and maps only the profiles an edit changed (spiralld.rebuild.profile_cache), and
its dataset is the one loading and mapping everything again gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spiralld.build import build_dataset, profile_cache
from spiralld.config import Config
from spiralld.mapping import Dataset
from spiralld.reading.corpus import Corpus, summary
from spiralld.rebuild.profile_cache import PACK, _decode

from .conftest import GENERATED_PAGES, GENERATED_PROFILES

PROFILES, PAGES = GENERATED_PROFILES, GENERATED_PAGES


@pytest.fixture
def data(generated: Path) -> Path:
    return generated


def load(data: Path, fresh: bool = False) -> tuple[Corpus, Dataset, int, int]:
    """Load and map ``data``: the corpus, the dataset, and how many profiles were parsed
    and mapped rather than taken from the cache."""
    with profile_cache(data, Config(), fresh) as cache:
        corpus, dataset = build_dataset(data, Config(), cache=cache)
    return corpus, dataset, cache.reparsed, cache.remapped


def assert_same_as_fresh(data: Path, corpus: Corpus, dataset: Dataset) -> None:
    """What the cache gave is what parsing and mapping every file gives."""
    fresh_corpus, fresh, _parsed, _mapped = load(data, fresh=True)
    assert b"".join(dataset.nquads()) == b"".join(fresh.nquads())
    assert ({name: graph.origins for name, graph in dataset.graphs.items()}
            == {name: graph.origins for name, graph in fresh.graphs.items()})
    assert corpus.stubs == fresh_corpus.stubs
    # the profiles from the cache are summaries (see Corpus.shed_details)
    assert ([summary(p) for p in corpus.profiles]
            == [summary(p) for p in fresh_corpus.profiles])


def rewrite(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(pattern, text, flags=re.MULTILINE), pattern
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")


def profiles_mentioning(data: Path, text: str) -> list[Path]:
    return [path for path in sorted((data / "profiles").glob("*.md"))
            if text in path.read_text(encoding="utf-8")]


def test_nothing_changed_parses_and_maps_nothing(data: Path) -> None:
    _corpus, _dataset, parsed, mapped = load(data)
    assert (parsed, mapped) == (PROFILES + PAGES, PROFILES + PAGES)
    corpus, dataset, parsed, mapped = load(data)
    assert (parsed, mapped) == (0, 0)
    assert (data / ".spiralld-cache" / PACK).is_file()
    assert_same_as_fresh(data, corpus, dataset)


def test_an_edited_lead_parses_and_maps_that_profile_only(data: Path) -> None:
    load(data)
    edited = sorted((data / "profiles").glob("*.md"))[4]
    rewrite(edited, r"^(\S+ [^\n]*?) is an? ", r"\1 is, by all accounts, a ")
    corpus, dataset, parsed, mapped = load(data)
    assert (parsed, mapped) == (1, 1)
    lines = b"".join(dataset.nquads()).decode()
    assert "is, by all accounts, a" in lines
    assert_same_as_fresh(data, corpus, dataset)


def test_a_renamed_organization_maps_again_the_claims_that_name_it(data: Path) -> None:
    load(data)
    # an organization with a profile, named in the roles of other profiles' claims
    organization = next(
        path for path in sorted((data / "profiles").glob("*.md"))
        if "type: Organization" in path.read_text(encoding="utf-8")
        and profiles_mentioning(data, "organization: " + _name(path)))
    name = _name(organization)
    naming = profiles_mentioning(data, "organization: " + name)
    rewrite(organization, r"^name: .*$", f"name: {name} Renamed\nslug: {organization.stem}")
    corpus, dataset, parsed, mapped = load(data)
    assert parsed == 1
    assert mapped >= 1 + len(naming) - (organization in naming)
    assert f"at {name} Renamed\"" in b"".join(dataset.nquads()).decode()
    assert_same_as_fresh(data, corpus, dataset)


def test_a_profile_for_a_stub_maps_again_the_claims_that_name_it(data: Path) -> None:
    naming = profiles_mentioning(data, "  organization: ")[0]
    rewrite(naming, r"^  organization: .*$", "  organization: Quantum Widgets")
    corpus, _dataset, _parsed, _mapped = load(data)
    assert corpus.stubs["quantum-widgets"].name == "Quantum Widgets"
    (data / "profiles" / "quantum-widgets.md").write_text(
        "---\ntype: Organization\nname: Quantum Widgets Labs\nslug: quantum-widgets\n"
        "sources:\n  news-2024:\n"
        "    citation: Example News, a lab opens, 2024.\n    type: NewsArticle\n"
        "    title: A lab opens\n    publisher: Example News\n    datePublished: '2024'\n"
        "---\n# Quantum Widgets Labs\n\nQuantum Widgets Labs is a research laboratory.\n",
        encoding="utf-8")
    corpus, dataset, parsed, mapped = load(data)
    # the new profile, the claim's label, and the raw pages: a new name may change what the
    # extractor proposes on them (Corpus.proposal_key)
    assert (parsed, mapped) == (1, 2 + PAGES)
    assert "quantum-widgets" not in corpus.stubs
    assert " at Quantum Widgets Labs\"" in b"".join(dataset.nquads()).decode()
    assert_same_as_fresh(data, corpus, dataset)


def test_an_edited_entity_maps_every_profile_again(data: Path) -> None:
    load(data)
    entities = data / "entities" / "organizations.yaml"
    rewrite(entities, r"^  description: (.*)$", r"  description: \1 Edited.")
    corpus, dataset, parsed, mapped = load(data)
    assert (parsed, mapped) == (0, PROFILES + PAGES)
    assert_same_as_fresh(data, corpus, dataset)


def test_a_damaged_cache_is_no_cache(data: Path) -> None:
    load(data)
    pack = data / ".spiralld-cache" / PACK
    damaged = bytearray(pack.read_bytes())
    damaged[len(damaged) // 2:len(damaged) // 2 + 64] = bytes(64)
    pack.write_bytes(bytes(damaged))
    corpus, dataset, _parsed, mapped = load(data)
    assert mapped > 0
    assert_same_as_fresh(data, corpus, dataset)
    pack.write_bytes(b"not a cache")
    assert load(data)[2:] == (PROFILES + PAGES, PROFILES + PAGES)


def test_the_cache_builds_only_the_classes_it_lists() -> None:
    source = {"$": "Source", "key": "k", "title": "T", "authors": {"()": ["A"]}}
    assert json.loads(json.dumps(source), object_hook=_decode).authors == ("A",)
    with pytest.raises(KeyError):
        json.loads(json.dumps({"$": "PosixPath"}), object_hook=_decode)


def _name(path: Path) -> str:
    match = re.search(r"^name: (.*)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert match
    return match.group(1)
