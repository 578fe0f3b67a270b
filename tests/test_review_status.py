"""Claims carry a review status; an extractor's proposal carries the sentence it was read in.

A curated claim is spiral:Reviewed. A claim the front matter marks ``reviewed: false`` (what
``spiralld import`` writes) is spiral:Unreviewed, with its spiral:evidence (the sentence
quoted, its line, the section it was quoted from), spiral:extractedFrom the section and
prov:wasGeneratedBy the extraction activity of its rule. One resting on the page alone (no
source) is a warning of the editorial rule, never a violation: the build publishes it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import OWL, RDF, RDFS, XSD

from spiralld import __version__
from spiralld.build import validate_data
from spiralld.cli import main
from spiralld.config import Config
from spiralld.query.library import run

from .conftest import BASE, DATA, ROOT

SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SPIRAL = rdflib.Namespace("https://w3id.org/spiralld/ontology#")
ONTOLOGY = rdflib.Graph().parse(ROOT / "ontology" / "spiral.ttl")

ILLIA = BASE + "id/illia-polosukhin"
PAGE = BASE + "page/illia-polosukhin"
CEO = f"{ILLIA}#role-affiliation-near-foundation"
PROPOSED = f"{ILLIA}#role-affiliation-near-protocol"
SENTENCE = "NEAR began as a project founded by Polosukhin and Alexander Skidanov."
ACTIVITY = f"{BASE}activity/extraction-{__version__.replace('.', '-')}-role-listed-as"
AGENT = f"{BASE}activity/spiralld-{__version__.replace('.', '-')}"
#: An extractor's proposal as `spiralld import` writes it: unreviewed, no source, evidence.
PROPOSAL = """- roleName: co-founder
  organization: NEAR Protocol
  reviewed: false
  evidence:
    line: LINE
    text: NEAR began as a project founded by Polosukhin and Alexander Skidanov.
    section: NEAR Protocol
    rule: role/listed-as
"""
CURATED_CEO = """- roleName: CEO
  organization: NEAR Foundation
  startDate: 2023-09
  sources: [near-foundation-2023]
"""


def with_proposal(tmp_path: Path, proposal: str = PROPOSAL) -> tuple[Path, int, int]:
    """A copy of data/ whose profile adds ``proposal`` to its roles; the line of the claim
    and of the sentence it quotes."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    profile = data / "profiles" / "illia-polosukhin.md"
    text = profile.read_text(encoding="utf-8").replace(CURATED_CEO, CURATED_CEO + proposal)
    lines = text.splitlines()
    sentence = next(n for n, line in enumerate(lines, 1)
                    if SENTENCE in line and "text:" not in line)
    claim = next(n for n, line in enumerate(lines, 1) if line == "- roleName: co-founder")
    profile.write_text(text.replace("line: LINE", f"line: {sentence}"), encoding="utf-8")
    return data, claim, sentence


def build(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(data), "--out", str(out)],
                                env={"SOURCE_DATE_EPOCH": "1778889600"})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def proposed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, int]:
    """data/ with one unreviewed, unsourced proposal, built: (data, release, lines)."""
    tmp = tmp_path_factory.mktemp("review")
    data, claim, sentence = with_proposal(tmp)
    code, output = build(data, tmp / "site")
    assert code == 0, output
    return data, tmp / "site", claim, sentence


@pytest.fixture(scope="module")
def graph(proposed: tuple[Path, Path, int, int]) -> rdflib.Graph:
    return rdflib.Graph().parse(proposed[1] / "dataset.ttl")


def u(iri: str) -> rdflib.URIRef:
    return rdflib.URIRef(iri)


def test_a_curated_claim_is_reviewed(graph: rdflib.Graph) -> None:
    assert set(graph.objects(u(CEO), SPIRAL.reviewStatus)) == {SPIRAL.Reviewed}
    assert (u(CEO), SPIRAL.evidence, None) not in graph
    assert (u(CEO), PROV.wasGeneratedBy, None) not in graph


def test_a_proposal_is_unreviewed_with_its_evidence(
        proposed: tuple[Path, Path, int, int], graph: rdflib.Graph) -> None:
    sentence_line = proposed[3]
    claim = u(PROPOSED)
    section = u(f"{PAGE}#section-near-protocol")
    digest = hashlib.sha1(f"{sentence_line}\n{SENTENCE}".encode()).hexdigest()[:10]
    evidence = u(f"{PAGE}#evidence-{digest}")
    assert set(graph.objects(claim, SPIRAL.reviewStatus)) == {SPIRAL.Unreviewed}
    assert set(graph.objects(claim, SPIRAL.evidence)) == {evidence}
    assert set(graph.objects(claim, SPIRAL.extractedFrom)) == {section}
    assert set(graph.objects(claim, PROV.wasDerivedFrom)) == set(), "the page is no source"
    assert set(graph.predicate_objects(evidence)) == {
        (RDF.type, SPIRAL.Evidence),
        (SCHEMA.text, rdflib.Literal(SENTENCE)),
        (SPIRAL.line, rdflib.Literal(sentence_line, datatype=XSD.integer)),
        (PROV.wasQuotedFrom, section),
    }
    assert (section, SCHEMA.name, rdflib.Literal("NEAR Protocol")) in graph
    assert set(graph.objects(claim, PROV.wasGeneratedBy)) == {u(ACTIVITY)}
    assert set(graph.predicate_objects(u(ACTIVITY))) == {
        (RDF.type, PROV.Activity),
        (SPIRAL.extractionRule, rdflib.Literal("role/listed-as")),
        (RDFS.label, rdflib.Literal(f"extraction rule role/listed-as (spiralld {__version__})")),
        (PROV.wasAssociatedWith, u(AGENT)),
    }
    assert (u(AGENT), SCHEMA.softwareVersion, rdflib.Literal(__version__)) in graph
    assert (u(AGENT), RDF.type, PROV.SoftwareAgent) in graph


def test_no_blank_nodes(graph: rdflib.Graph) -> None:
    assert not [t for t in graph if any(isinstance(n, rdflib.BNode) for n in t)]


def test_every_new_term_is_in_the_ontology(graph: rdflib.Graph) -> None:
    used = {term for triple in graph for term in triple
            if isinstance(term, rdflib.URIRef) and term.startswith(str(SPIRAL))}
    assert {SPIRAL.reviewStatus, SPIRAL.Reviewed, SPIRAL.Unreviewed, SPIRAL.evidence,
            SPIRAL.extractedFrom, SPIRAL.line, SPIRAL.extractionRule, SPIRAL.Evidence} <= used
    for term in used:
        assert (term, RDFS.label, None) in ONTOLOGY, term
    assert (SPIRAL.Reviewed, RDF.type, SPIRAL.ReviewStatus) in ONTOLOGY
    assert (SPIRAL.Unreviewed, RDF.type, SPIRAL.ReviewStatus) in ONTOLOGY
    assert (SPIRAL.reviewStatus, RDF.type, OWL.FunctionalProperty) in ONTOLOGY
    assert (SPIRAL.reviewStatus, RDFS.range, SPIRAL.ReviewStatus) in ONTOLOGY
    for prop in (SPIRAL.evidence, SPIRAL.extractedFrom):
        assert (prop, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ONTOLOGY


def test_a_proposal_on_the_page_alone_is_a_warning_not_a_violation(
        proposed: tuple[Path, Path, int, int]) -> None:
    data, _release, claim_line, _ = proposed
    report = validate_data(data, Config())
    assert report.violations == []
    mine = [(f.file, f.line, f.shape) for f in report.warnings if f.focus == PROPOSED]
    path = str(data / "profiles" / "illia-polosukhin.md")
    assert (path, claim_line, "https://w3id.org/spiralld/shapes#UnreviewedClaim-unsourced") \
        in mine
    [text] = [f.text() for f in report.warnings
              if f.shape and f.shape.endswith("UnreviewedClaim-unsourced")]
    assert text == (f"{path}:{claim_line}: warning: claim 'co-founder at NEAR Protocol' is an "
                    "unreviewed proposal that no source supports: it rests on the page alone "
                    "(cite a source that states it, or delete it) "
                    f"(focus <{PROPOSED}>)")


def test_a_reviewed_claim_without_a_source_is_still_refused(tmp_path: Path) -> None:
    data, claim_line, _ = with_proposal(tmp_path, PROPOSAL.replace("reviewed: false",
                                                                  "reviewed: true"))
    code, output = build(data, tmp_path / "site")
    assert code == 1
    assert output.splitlines()[-1] == (
        f"Error: {data / 'profiles' / 'illia-polosukhin.md'}:{claim_line}: claim 'co-founder at "
        "NEAR Protocol' has no source: add 'sources: [key]' naming one of the profile's sources")


def test_an_unreviewed_claim_with_neither_source_nor_evidence_is_refused(
        tmp_path: Path) -> None:
    bare = "- roleName: co-founder\n  organization: NEAR Protocol\n  reviewed: false\n"
    data, claim_line, _ = with_proposal(tmp_path, bare)
    code, output = build(data, tmp_path / "site")
    assert code == 1
    assert output.splitlines()[-1].endswith(
        f"illia-polosukhin.md:{claim_line}: claim 'co-founder at NEAR Protocol' has no "
        "source: add 'sources: [key]' naming one of the profile's sources")


@pytest.mark.parametrize(("written", "message"), [
    ("reviewed: no", "'reviewed' must be true or false"),
    ("reviewed: 'false'", "'reviewed' must be true or false"),
    ("reviewed: 0", "'reviewed' must be true or false"),
])
def test_reviewed_is_a_yaml_boolean(tmp_path: Path, written: str, message: str) -> None:
    data, claim_line, _ = with_proposal(tmp_path, PROPOSAL.replace("reviewed: false", written))
    code, output = build(data, tmp_path / "site")
    assert code == 1
    path = data / "profiles" / "illia-polosukhin.md"
    assert output.splitlines()[-1] == f"Error: {path}:{claim_line + 2}: {message}"


def test_evidence_line_must_be_a_line_number(tmp_path: Path) -> None:
    data, claim_line, _ = with_proposal(tmp_path, PROPOSAL.replace("line: LINE", "line: ten"))
    code, output = build(data, tmp_path / "site")
    assert code == 1
    path = data / "profiles" / "illia-polosukhin.md"
    assert output.splitlines()[-1] == (
        f"Error: {path}:{claim_line + 4}: evidence 'line' must be a line number (1, 2, ...)")


def test_quality_unreviewed_lists_the_proposal_with_its_sentence(
        proposed: tuple[Path, Path, int, int]) -> None:
    _data, release, _claim, sentence_line = proposed
    assert run("quality/unreviewed", release=release) == [{
        "claim": PROPOSED, "subject": ILLIA, "kind": "role",
        "label": "co-founder at NEAR Protocol", "sentence": SENTENCE, "line": sentence_line,
        "rule": "role/listed-as",
    }]


def test_the_status_column_tells_the_proposal_apart(
        proposed: tuple[Path, Path, int, int]) -> None:
    release = proposed[1]
    members = run("affiliations/members", release=release)
    assert [(r["person"], r["kind"], r["roleName"], r["status"]) for r in members] == [
        ("Alexander Skidanov", "founder", "co-founder", "reviewed"),
        ("Illia Polosukhin", "founder", "co-founder", "reviewed"),
        ("Illia Polosukhin", "role", "co-founder", "unreviewed"),
    ]
    timeline = run("affiliations/timeline", release=release)
    assert [(r["kind"], r["roleName"], r["organization"], r["status"]) for r in timeline
            if r["organization"] == "NEAR Protocol"] == [
        ("founder", "co-founder", "NEAR Protocol", "reviewed"),
        ("role", "co-founder", "NEAR Protocol", "unreviewed"),
    ]
    claims = run("lineage/claim-sources", release=release)
    assert [(r["claim"], r["source"], r["status"]) for r in claims
            if r["claim"] == PROPOSED] == [(PROPOSED, None, "unreviewed")]


def test_the_documented_proposal_builds_unreviewed(tmp_path: Path) -> None:
    """docs/researchers.md's front-matter example of a proposal (Review status) is read as
    it says."""
    readme = (ROOT / "docs" / "researchers.md").read_text(encoding="utf-8")
    example = readme.split("In the front matter, a proposal reads:\n\n```yaml\n", 1)[1]
    roles = example.split("```", 1)[0]
    assert roles.startswith("roles:\n")
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    profile = data / "profiles" / "illia-polosukhin.md"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("roles:\n" + CURATED_CEO, roles), encoding="utf-8")
    lines = profile.read_text(encoding="utf-8").splitlines()
    sentence = "NEAR Foundation announced Polosukhin as CEO in September 2023."
    line = next(n for n, text in enumerate(lines, 1) if sentence in text and "text:" not in text)
    assert f"    line: {line}\n" in roles, "the example's line is the sentence's"
    code, output = build(data, tmp_path / "site")
    assert code == 0, output
    graph = rdflib.Graph().parse(tmp_path / "site" / "dataset.ttl")
    assert set(graph.objects(u(CEO), SPIRAL.reviewStatus)) == {SPIRAL.Unreviewed}
    [evidence] = graph.objects(u(CEO), SPIRAL.evidence)
    assert str(graph.value(evidence, SCHEMA.text)) == sentence
    assert graph.value(evidence, SPIRAL.line) == rdflib.Literal(line, datatype=XSD.integer)
    assert set(graph.objects(u(CEO), SPIRAL.extractedFrom)) == {u(f"{PAGE}#section-snapshot")}
