"""The shapes: each fires on a small bad example, with a message an editor can act on,
located at the file:line that produced the offending triple."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner

from spiralld.build import validate_data
from spiralld.cli import main
from spiralld.config import Config
from spiralld.errors import ProfileError
from spiralld.validate import Finding, validate_graph

from .conftest import DATA, FIXTURES

SHAPES = "https://w3id.org/spiralld/shapes#"

ORGS = """\
- id: acme
  type: Organization
  name: Acme
- id: ada-lovelace
  type: Person
  name: Ada Lovelace
"""

PROFILE = """\
---
type: Person
name: Grace Example
dateModified: '2024-01-01'
sources:
  acme-2023:
    citation: Acme, Acme appoints Grace Example as CEO, September 21, 2023.
    title: Acme appoints Grace Example as CEO
    publisher: Acme
    datePublished: '2023-09-21'
  acme-about:
    citation: Acme, About us, reviewed May 16, 2024.
    title: About us
    publisher: Acme
    dateReviewed: '2024-05-16'
roles:
- roleName: CEO
  organization: Acme
  startDate: 2023-09
  sources: [acme-2023]
---
# Grace Example

Grace Example is a researcher and the CEO of Acme.

## Related Pages

- Ada Lovelace
"""


def data_with(tmp_path: Path, profile: str = PROFILE, pages: dict[str, str] | None = None) -> Path:
    data = tmp_path / "data"
    (data / "profiles").mkdir(parents=True)
    (data / "entities").mkdir()
    (data / "entities" / "entities.yaml").write_text(ORGS, encoding="utf-8")
    (data / "profiles" / "grace-example.md").write_text(profile, encoding="utf-8")
    for name, text in (pages or {}).items():
        (data / "pages").mkdir(exist_ok=True)
        (data / "pages" / name).write_text(text, encoding="utf-8")
    return data


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.text() for f in findings]
    return findings[0]


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_seed_data_conforms() -> None:
    report = validate_data(DATA, Config())
    assert report.conforms
    assert report.violations == []


def test_the_example_profile_conforms(tmp_path: Path) -> None:
    report = validate_data(data_with(tmp_path), Config())
    assert report.findings == ()


def test_reviewed_only_source_is_a_warning_at_the_claim(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("  sources: [acme-2023]", "  sources: [acme-about]"))
    report = validate_data(data, Config())
    profile = data / "profiles" / "grace-example.md"
    finding = only(report.warnings)
    assert (finding.file, finding.line) == (str(profile), line_of(profile, "- roleName: CEO"))
    assert finding.message == ("claim 'CEO at Acme' is supported only by sources with a review "
                               "date, none with a publication date")
    assert report.conforms, "warnings publish"


def test_stale_ongoing_role_is_a_warning(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("dateModified: '2024-01-01'",
                                               "dateModified: '2029-01-01'"))
    finding = only(validate_data(data, Config()).warnings)
    assert finding.message.startswith("claim 'CEO at Acme' is an ongoing role whose newest "
                                      "source is more than 3 years older than its page")


def test_claim_organization_must_be_an_organization(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("organization: Acme", "organization: Ada Lovelace"))
    report = validate_data(data, Config())
    profile = data / "profiles" / "grace-example.md"
    finding = only(report.violations)
    assert finding.text() == (
        f"{profile}:{line_of(profile, '- roleName: CEO')}: violation: claim 'CEO at Ada Lovelace' "
        "must link an organization (an IRI of class schema:Organization) "
        "(focus <https://w3id.org/spiralld/id/grace-example#role-affiliation-ada-lovelace>,"
        " path (schema:affiliation|schema:worksFor|schema:memberOf|schema:alumniOf), "
        "value <https://w3id.org/spiralld/id/ada-lovelace>)"
    )


def test_related_page_without_profile_is_a_stub_warning(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("- Ada Lovelace", "- Charles Babbage"))
    profile = data / "profiles" / "grace-example.md"
    finding = only(validate_data(data, Config()).warnings)
    assert (finding.line, finding.message) == (
        line_of(profile, "- Charles Babbage"),
        "linked page 'Charles Babbage' has no profile yet (a stub with only a name)")


RAW = "Ada Lovelace\nAda Lovelace was a mathematician and writer.\n"


def test_page_without_sources_is_refused(tmp_path: Path) -> None:
    data = data_with(tmp_path, pages={"ada.txt": RAW.replace("Ada Lovelace", "Ada King")})
    finding = only(validate_data(data, Config()).violations)
    assert finding.file == str(data / "pages" / "ada.txt")
    assert finding.line == 1
    assert finding.message == ("page 'Ada King' cites no source: add a Sources section "
                               "(or sources in the front matter)")


def test_source_without_date_is_refused_at_its_citation(tmp_path: Path) -> None:
    text = ("Ada King\nAda King was a mathematician.\nSources\n"
            "- Charles Babbage, Sketch of the Engine.\n")
    data = data_with(tmp_path, pages={"ada.txt": text})
    finding = only(validate_data(data, Config()).violations)
    assert (finding.file, finding.line) == (str(data / "pages" / "ada.txt"), 4)
    assert finding.message == ("source 'Sketch of the Engine' has no date: give a publication "
                               "date, or 'reviewed <date>' for a web page")


def test_source_without_author_or_publisher_is_refused(tmp_path: Path) -> None:
    text = "Ada King\nAda King was a mathematician.\nSources\n- Sketch of the Engine, 1843.\n"
    data = data_with(tmp_path, pages={"ada.txt": text})
    finding = only(validate_data(data, Config()).violations)
    assert (finding.line, finding.message) == (
        4, "source 'Sketch of the Engine' has no author or publisher")


def test_profile_without_lead_has_no_description(tmp_path: Path) -> None:
    text = "Ada King\nHistory\nShe wrote notes.\nSources\n- Charles Babbage, Sketch, 1843.\n"
    data = data_with(tmp_path, pages={"ada.txt": text})
    finding = only(validate_data(data, Config()).violations)
    assert finding.message == ("concept 'Ada King' has no description: write a lead paragraph "
                               "under the title")
    assert finding.line == 1


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("", "claim 'CEO at Acme' has no source: add 'sources: [key]' naming one of the "
             "profile's sources"),
        ("  startDate: 2023-09\n  endDate: 2021\n  sources: [acme-2023]\n",
         "endDate 2021 is before startDate 2023-09"),
        ("  startDate: September 41, 2023\n  sources: [acme-2023]\n",
         "startDate: impossible date 'September 41, 2023': September has 30 days"),
    ],
    ids=["no-source", "end-before-start", "impossible-date"],
)
def test_profile_mistakes_are_refused_with_file_and_line(tmp_path: Path, new: str,
                                                         message: str) -> None:
    """Caught while loading, before any triple exists: the loader names the line."""
    data = data_with(tmp_path, PROFILE.replace("  startDate: 2023-09\n  sources: [acme-2023]\n",
                                               new))
    profile = data / "profiles" / "grace-example.md"
    field = new.split(":")[0].strip() if new else "- roleName: CEO"
    line = line_of(profile, "endDate" if "endDate" in new else field)
    with pytest.raises(ProfileError) as error:
        validate_data(data, Config())
    assert str(error.value) == f"{profile}:{line}: {message}"


def expectations() -> list[tuple[Path, str | None, str | None]]:
    cases = []
    for path in sorted((FIXTURES / "shapes").glob("*.ttl")):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        words = header.removeprefix("# expect: ").split(maxsplit=1)
        if words[0] == "conforms":
            cases.append((path, None, None))
        else:
            shape, focus = words[0].replace("shape:", SHAPES), words[1]
            focus = focus.replace("id:", "https://example.org/id/").strip("<>'")
            cases.append((path, shape, focus))
    return cases


@pytest.mark.parametrize(("fixture", "shape", "focus"), expectations(),
                         ids=lambda v: v.stem if isinstance(v, Path) else "")
def test_each_shape_fires_on_its_fixture(fixture: Path, shape: str | None,
                                         focus: str | None) -> None:
    """Graphs built by hand (not through profiles) are checked by the same shapes."""
    report = validate_graph(rdflib.Graph().parse(fixture))
    if shape is None:
        assert report.violations == []
    else:
        assert [(f.shape, f.focus) for f in report.violations] == [(shape, focus)]


def test_mixed_precision_end_before_start_message() -> None:
    report = validate_graph(rdflib.Graph().parse(FIXTURES / "shapes" / "end-before-start.ttl"))
    assert only(report.violations).message == (
        "claim 'CEO at Acme' ends before it starts (endDate before startDate)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_command_text_report_grouped_by_file(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("organization: Acme", "organization: Ada Lovelace"))
    code, out, _ = run("validate", str(data))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == str(data / "profiles" / "grace-example.md")
    assert lines[1].startswith(f"  {data / 'profiles' / 'grace-example.md'}:")
    assert "violation: claim 'CEO at Ada Lovelace' must link an organization" in lines[1]
    assert lines[-1] == "1 violation(s), 0 warning(s)"


def test_validate_command_json_and_turtle(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("organization: Acme", "organization: Ada Lovelace"))
    code, out, _ = run("validate", str(data), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["conforms"] is False
    assert document["findings"][0]["shape"] == SHAPES + "Claim-organization"
    code, out, _ = run("validate", str(data), "--format", "turtle")
    report = rdflib.Graph().parse(data=out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in report


def test_validate_command_passes_on_data() -> None:
    code, out, _ = run("validate", str(DATA))
    assert code == 0
    assert out.splitlines()[-1] == "0 violation(s), 11 warning(s)"


def test_build_refuses_invalid_data_and_keeps_the_release(tmp_path: Path) -> None:
    data = data_with(tmp_path)
    out = tmp_path / "site"
    assert run("build", str(data), "--out", str(out))[0] == 0
    before = (out / "dataset.ttl").read_bytes()
    profile = data / "profiles" / "grace-example.md"
    profile.write_text(PROFILE.replace("organization: Acme", "organization: Ada Lovelace"))
    code, out_text, err = run("build", str(data), "--out", str(out))
    assert code == 1
    assert "violation: claim 'CEO at Ada Lovelace' must link an organization" in err
    assert err.splitlines()[-1] == (f"Error: {data}: the data does not conform to the shapes: "
                                    "1 violation(s), 0 warning(s); nothing was written")
    assert (out / "dataset.ttl").read_bytes() == before
    # The query store (loaded before validation, for the SPARQL constraints) is kept too,
    # and no staging directory is left beside either.
    store = pyoxigraph.Store.read_only(str(tmp_path / "site.store" / "oxigraph"))
    assert store.query("ASK { ?claim schema:roleName 'CEO' ; ?link ?org . "
                       "?org schema:name 'Acme' }", use_default_graph_as_union=True,
                       prefixes={"schema": "https://schema.org/"})
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "shapes").glob("*.ttl")),
                         ids=lambda p: p.stem)
def test_sparql_constraints_agree_with_pyshacl(fixture: Path) -> None:
    """spiralld evaluates SHACL-SPARQL constraints itself (once per constraint, in
    pyoxigraph); pySHACL's own evaluation of the same shapes gives the same results."""
    import pyshacl

    from spiralld.validate import load_shapes

    data = rdflib.Graph().parse(fixture)
    _, results, _ = pyshacl.validate(data, shacl_graph=load_shapes(), allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    theirs = {
        (str(results.value(r, sh.sourceConstraint) or results.value(r, sh.sourceShape)),
         results.value(r, sh.focusNode).n3().strip("<>"), str(results.value(r, sh.resultSeverity)))
        for report in results.subjects(rdflib.RDF.type, sh.ValidationReport)
        for r in results.objects(report, sh.result)
    }
    ours = {(f.shape, f.focus, str(sh.Violation if f.severity == "violation" else sh.Warning))
            for f in validate_graph(data).findings}
    assert ours == theirs


def test_unchanged_units_reuse_cached_verdicts(tmp_path: Path) -> None:
    pages = {
        "ada.txt": "Ada King\nAda King was a mathematician.\nSources\n"
                   "- Charles Babbage, Sketch of the Engine, 1843.\n",
        "charles.txt": "Charles Babbage\nCharles Babbage was a mathematician.\nSources\n"
                       "- Charles Babbage, Passages from the Life of a Philosopher, 1864.\n",
    }
    data = data_with(tmp_path, pages=pages)
    first = validate_data(data, Config())
    assert first.units_cached == 0
    assert first.units_validated >= 3
    assert (data / ".spiralld-cache" / "validation.json").is_file()

    again = validate_data(data, Config())
    assert (again.units_cached, again.units_validated) == (first.units_validated, 0)
    assert again.findings == first.findings

    ada = data / "pages" / "ada.txt"
    ada.write_text(ada.read_text().replace("was a mathematician", "was a writer"))
    edited = validate_data(data, Config())
    assert edited.units_validated == 1, "only Ada's page is validated again"
    assert edited.findings == first.findings


def test_cached_verdicts_still_point_at_the_current_line(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("organization: Acme", "organization: Ada Lovelace"))
    profile = data / "profiles" / "grace-example.md"
    before = only(validate_data(data, Config()).violations)
    profile.write_text(profile.read_text().replace("sources:\n", "sameAs: []\nsources:\n", 1))
    after = validate_data(data, Config())
    moved = only(after.violations)
    assert moved.line == before.line + 1


def test_a_page_that_lists_itself_as_related_is_a_warning(tmp_path: Path) -> None:
    data = data_with(tmp_path, PROFILE.replace("- Ada Lovelace", "- Ada Lovelace\n- Grace Example"))
    profile = data / "profiles" / "grace-example.md"
    finding = only(validate_data(data, Config()).warnings)
    assert (finding.file, finding.line) == (str(profile), line_of(profile, "- Grace Example"))
    assert finding.message == "page 'Grace Example' lists its own subject among its related pages"


def test_findings_are_located_from_the_graphs_that_mention_their_nodes(
        generated: Path, tmp_path: Path) -> None:
    """The source-map index read from only the graphs the store says mention the findings'
    nodes is the one read from every graph."""
    from spiralld.build import build_dataset
    from spiralld.query.library import write_store
    from spiralld.validate import _graphs_mentioning, validate_dataset

    _corpus, dataset = build_dataset(generated, Config())
    report = validate_dataset(dataset)
    nodes = {result.terms()[0] for result in report.raw}
    assert report.warnings and len(nodes) > 5
    store = write_store(tmp_path / "store", nquads=dataset.nquads())
    graphs = _graphs_mentioning(store, nodes)
    assert 0 < len(graphs) < len(dataset.graphs)
    dataset.index_origins(nodes)
    everywhere = dict(dataset._index)
    dataset.index_origins(nodes, graphs)
    assert dataset._index == everywhere
    assert all(file and line for file, line in
               (dataset.origin(node) for node in nodes))   # type: ignore[misc]
