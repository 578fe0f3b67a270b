"""A second SHACL engine, pyrudof (Rust), agrees with pySHACL on our shapes: they are standard.

Both engines read the same two files: the data (each fixture of tests/fixtures/shapes/, the seed
build, an inline example) and the shapes, once as SHACL core (every ``sh:sparql`` triple removed,
since SHACL-SPARQL is an optional extension) and once in full (pyrudof 0.3.35 also runs our
SPARQL-based constraints). A result is compared as (severity, focus node, source shape,
constraint component): pyrudof reports no ``sh:sourceConstraint``, so a SPARQL-based constraint
shows as the node shape that declares it, in both engines.

Two known pyrudof limitations are marked xfail (strict, so a fix shows up): it does not evaluate
property shapes on a literal focus node, and it accepts an ill-typed literal for its datatype.
The full shapes also run in Apache Jena SHACL, outside this suite: see docs/second-engine.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
import rdflib
from pyrudof import ReaderMode, Rudof, RudofConfig
from rdflib.namespace import SH, XSD, NamespaceManager

from spiralld.build import build_dataset
from spiralld.config import Config
from spiralld.validate import load_shapes, to_rdflib

from .conftest import DATA, FIXTURES

SHAPES = rdflib.Namespace("https://w3id.org/spiralld/shapes#")
FIXTURE_FILES = sorted((FIXTURES / "shapes").glob("*.ttl"))

#: Terms as Turtle writes them: xsd: is the one prefix pyrudof abbreviates; shape: for reading.
TERMS = NamespaceManager(rdflib.Graph(bind_namespaces="none"), bind_namespaces="none")
TERMS.bind("xsd", XSD)
TERMS.bind("shape", SHAPES)

#: No fixture exercises shape:OngoingRole-stale: a role still ongoing, sourced only in 2019,
#: on a page modified in 2026.
ONGOING_ROLE = """# expect: shape:OngoingRole-stale id:ada#role
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix spiral: <https://w3id.org/spiralld/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://example.org/id/> .
@prefix src: <https://example.org/source/> .
@prefix page: <https://example.org/page/> .

id:acme a schema:Organization ; schema:name "Acme" .
src:old schema:name "Acme appoints Ada" ; schema:publisher id:acme ;
    schema:datePublished "2019-09-21"^^xsd:date .
id:ada a schema:Person ; schema:name "Ada" ; schema:description "Ada runs Acme." ;
    schema:mainEntityOfPage page:ada ; schema:affiliation <https://example.org/id/ada#role> .
page:ada schema:dateModified "2026-05-01"^^xsd:date .
<https://example.org/id/ada#role> a schema:OrganizationRole , spiral:Claim ;
    rdfs:label "CEO at Acme" ; schema:roleName "CEO" ; schema:affiliation id:acme ;
    schema:startDate "2019"^^xsd:gYear ; prov:wasDerivedFrom src:old .
"""

ILL_TYPED = (
    "pyrudof 0.3.35 takes the ill-typed literal \"2023-13-01\"^^xsd:date for an xsd:date; "
    "sh:datatype requires a well-formed literal, and pySHACL (so spiralld) reports it"
)
LITERAL_FOCUS = (
    "pyrudof 0.3.35 does not evaluate property shapes on a literal focus node, so "
    "shape:Claim-organization's `sh:node shape:Described` never fails on the literal "
    "affiliation \"Acme\" (pySHACL and Jena report sh:NodeConstraintComponent)"
)


# --- What each engine reports -------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """One validation result, as both engines can report it."""

    severity: str  # Violation, Warning or Info
    focus: str  # the focus node as Turtle writes it; every blank node is "[]"
    shape: str  # the source shape: shape:Name, or "[]" for an inline (blank node) shape
    component: str  # the constraint component, without "ConstraintComponent": MinCount, Node...


@dataclass(frozen=True)
class Verdict:
    """An engine's sh:conforms and its results."""

    conforms: bool  # as SHACL defines it: no result at all, warnings included
    results: frozenset[Result]

    def of(self, severity: str) -> set[Result]:
        return {r for r in self.results if r.severity == severity}

    @property
    def violations(self) -> set[Result]:
        return self.of("Violation")

    @property
    def warnings(self) -> set[Result]:
        return self.of("Warning")


def show(term: rdflib.term.Node) -> str:
    return "[]" if isinstance(term, rdflib.BNode) else term.n3(TERMS)


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")


def parse_term(text: str) -> rdflib.term.Node:
    """A term as pyrudof prints it: a bare IRI, ``_:label``, or a literal in Turtle syntax."""
    if text.startswith("_:"):
        return rdflib.BNode()
    if not text.startswith('"'):
        return rdflib.URIRef(text)
    turtle = f"@prefix xsd: <{XSD}> . <urn:s> <urn:p> {text} ."
    return next(rdflib.Graph().parse(data=turtle, format="turtle").objects())


def run_pyshacl(data: Path, shapes: Path) -> Verdict:
    """pySHACL as spiralld runs it (advanced), but with sh:conforms as the standard defines it."""
    conforms, report, _text = pyshacl.validate(
        rdflib.Graph().parse(data, format="turtle"),
        shacl_graph=rdflib.Graph().parse(shapes, format="turtle"),
        advanced=True,
    )
    return Verdict(bool(conforms), frozenset(
        Result(severity=local_name(str(report.value(result, SH.resultSeverity))),
               focus=show(report.value(result, SH.focusNode)),
               shape=show(report.value(result, SH.sourceShape)),
               component=local_name(str(report.value(result, SH.sourceConstraintComponent))))
        for result in report.objects(None, SH.result)  # not the nested sh:detail results
    ))


def run_pyrudof(data: Path, shapes: Path) -> Verdict:
    rudof = Rudof(RudofConfig())
    rudof.read_shacl(str(shapes), reader_mode=ReaderMode.Strict)
    rudof.read_data(str(data), reader_mode=ReaderMode.Strict, merge=False)
    report = rudof.validate_shacl()
    return Verdict(report.conforms, frozenset(
        Result(severity=entry.severity,
               focus=show(parse_term(entry.focus_node)),
               shape=show(parse_term(entry.source_shape)),
               component=local_name(entry.constraint_component))
        for entry in report.violations  # every result, whatever its severity
    ))


def without_sparql(shapes: rdflib.Graph) -> rdflib.Graph:
    """The shapes reduced to SHACL core: every ``sh:sparql`` triple removed, the rest kept."""
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    for triple in shapes.triples((None, None, None)):
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


# --- The files both engines read ----------------------------------------------------------

@pytest.fixture(scope="module")
def shapes_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """shapes/*.ttl as one Turtle file, in full and reduced to SHACL core."""
    folder = tmp_path_factory.mktemp("shapes")
    full = load_shapes()
    files = {"full": folder / "full.ttl", "core": folder / "core.ttl"}
    full.serialize(files["full"], format="turtle")
    without_sparql(full).serialize(files["core"], format="turtle")
    return files


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every data graph to compare on, by name: the fixtures, the seed build, ONGOING_ROLE."""
    folder = tmp_path_factory.mktemp("data")
    _corpus, dataset = build_dataset(DATA, Config())
    seed = folder / "seed-build.ttl"
    to_rdflib(dataset.triples()).serialize(seed, format="turtle")
    ongoing = folder / "ongoing-role-stale.ttl"
    ongoing.write_text(ONGOING_ROLE, encoding="utf-8")
    files = {path.stem: path for path in FIXTURE_FILES}
    files.update({seed.stem: seed, ongoing.stem: ongoing})
    return files


CASES = [path.stem for path in FIXTURE_FILES] + ["seed-build", "ongoing-role-stale"]
KNOWN_DIFFERENCES = {"organization-literal": LITERAL_FOCUS, "start-date-ill-typed": ILL_TYPED}


EXPECT_PREFIXES = {"shape": str(SHAPES), "id": "https://example.org/id/"}


def expected_term(word: str) -> rdflib.term.Node:
    """``shape:X``, ``id:ada#role`` (a '#' in the local part: not Turtle), ``<iri>``, ``"text"``.

    A term may be quoted as Python shows a string: ``'"Ada Lovelace"'``.
    """
    if len(word) > 1 and word[0] == word[-1] == "'":
        word = word[1:-1]
    if word.startswith(("<", '"')):
        turtle = f"<urn:s> <urn:p> {word} ."
        return next(rdflib.Graph().parse(data=turtle, format="turtle").objects())
    prefix, local = word.split(":", 1)
    return rdflib.URIRef(EXPECT_PREFIXES[prefix] + local)


def expectation(text: str) -> tuple[rdflib.term.Node, rdflib.term.Node] | None:
    """The first line ``# expect: shape:X focus`` as (shape, focus); None for ``conforms``."""
    words = text.splitlines()[0].removeprefix("# expect:").strip()
    if words.startswith("conforms"):
        return None
    shape, focus = words.split(maxsplit=1)
    return expected_term(shape), expected_term(focus)


# --- The tests ----------------------------------------------------------------------------

def test_core_shapes_are_the_shapes_without_their_sparql_constraints() -> None:
    shapes = load_shapes()
    core = without_sparql(shapes)
    removed = set(shapes) - set(core)
    assert removed, "the shapes have SPARQL-based constraints to remove"
    assert {predicate for _s, predicate, _o in removed} == {SH.sparql}
    assert (SHAPES.Claim, SH.sparql, SHAPES["Claim-endNotBeforeStart"]) in removed
    assert set(core) | removed == set(shapes)


@pytest.mark.parametrize("shapes", ["core", "full"])
@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=ILL_TYPED))
    if case == "start-date-ill-typed" else case
    for case in CASES
])
def test_pyrudof_gives_the_same_verdict(case: str, shapes: str, data_files: dict[str, Path],
                                        shapes_files: dict[str, Path]) -> None:
    """Both verdicts: the standard sh:conforms, and spiralld's (a build fails on violations)."""
    ours = run_pyshacl(data_files[case], shapes_files[shapes])
    theirs = run_pyrudof(data_files[case], shapes_files[shapes])
    assert theirs.conforms == ours.conforms
    assert bool(theirs.violations) == bool(ours.violations)


@pytest.mark.parametrize("shapes", ["core", "full"])
@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[case]))
    if case in KNOWN_DIFFERENCES else case
    for case in CASES
])
def test_pyrudof_reports_the_same_results(case: str, shapes: str, data_files: dict[str, Path],
                                          shapes_files: dict[str, Path]) -> None:
    """The same (focus node, source shape, constraint component), violations and warnings."""
    ours = run_pyshacl(data_files[case], shapes_files[shapes])
    theirs = run_pyrudof(data_files[case], shapes_files[shapes])
    assert theirs.violations == ours.violations
    assert theirs.warnings == ours.warnings


def test_the_seed_build_has_warnings_only_in_both_engines(
        data_files: dict[str, Path], shapes_files: dict[str, Path]) -> None:
    """spiralld builds it (pySHACL with allow_warnings); in SHACL terms it does not conform."""
    for verdict in (run_pyshacl(data_files["seed-build"], shapes_files["full"]),
                    run_pyrudof(data_files["seed-build"], shapes_files["full"])):
        assert not verdict.violations
        assert verdict.warnings
        assert not verdict.conforms


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=ILL_TYPED))
    if case == "start-date-ill-typed" else case
    for case in CASES if case != "seed-build"
])
def test_pyrudof_finds_what_each_example_expects(case: str, data_files: dict[str, Path],
                                                  shapes_files: dict[str, Path]) -> None:
    """The ``# expect:`` line holds in pyrudof too, SPARQL-based constraints included.

    A SPARQL-based constraint is reported by the node shape declaring it (its sh:sourceShape).
    """
    path = data_files[case]
    expected = expectation(path.read_text(encoding="utf-8"))
    verdict = run_pyrudof(path, shapes_files["full"])
    if expected is None:
        assert not verdict.violations
        return
    shape, focus = expected
    shapes = load_shapes()
    reporter = shapes.value(predicate=SH.sparql, object=shape) or shape
    assert (show(focus), show(reporter)) in {(r.focus, r.shape) for r in verdict.results}


# --- The pyrudof limitation, minimal ------------------------------------------------------

REPRO_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""
#: Each: shapes, data, the one result SHACL requires.
LITERAL_FOCUS_REPROS = {
    # Our case: shape:Claim-organization (sh:node shape:Described) on a literal affiliation.
    "sh:node on a literal value": (
        """ex:Claim a sh:NodeShape ; sh:targetNode ex:role ;
               sh:property ex:Claim-affiliation .
           ex:Claim-affiliation a sh:PropertyShape ; sh:path ex:affiliation ;
               sh:node ex:Described .
           ex:Described a sh:NodeShape ;
               sh:property [ sh:path ex:name ; sh:minCount 1 ] .""",
        'ex:role ex:affiliation "Acme" .',
        Result("Violation", "<http://example.org/role>", "<http://example.org/Claim-affiliation>",
               "Node"),
    ),
    # The cause: a property shape whose focus node is a literal (here from sh:targetObjectsOf).
    "property shape on a literal focus node": (
        """ex:Named a sh:NodeShape ; sh:targetObjectsOf ex:affiliation ;
               sh:property ex:Named-name .
           ex:Named-name a sh:PropertyShape ; sh:path ex:name ; sh:minCount 1 .""",
        'ex:role ex:affiliation "Acme" .',
        Result("Violation", '"Acme"', "<http://example.org/Named-name>", "MinCount"),
    ),
}


def run_repro(engine: str, repro: str, folder: Path) -> Verdict:
    shapes, data, _expected = LITERAL_FOCUS_REPROS[repro]
    (folder / "shapes.ttl").write_text(REPRO_PREFIXES + shapes, encoding="utf-8")
    (folder / "data.ttl").write_text(REPRO_PREFIXES + data, encoding="utf-8")
    run = run_pyshacl if engine == "pyshacl" else run_pyrudof
    return run(folder / "data.ttl", folder / "shapes.ttl")


@pytest.mark.parametrize("repro", LITERAL_FOCUS_REPROS)
def test_pyshacl_checks_property_shapes_on_a_literal_focus_node(repro: str,
                                                                tmp_path: Path) -> None:
    assert run_repro("pyshacl", repro, tmp_path).results == {LITERAL_FOCUS_REPROS[repro][2]}


@pytest.mark.xfail(strict=True, reason=LITERAL_FOCUS)
@pytest.mark.parametrize("repro", LITERAL_FOCUS_REPROS)
def test_pyrudof_checks_property_shapes_on_a_literal_focus_node(repro: str,
                                                                tmp_path: Path) -> None:
    assert run_repro("pyrudof", repro, tmp_path).results == {LITERAL_FOCUS_REPROS[repro][2]}


# --- sh:conforms as SHACL defines it --------------------------------------------------------

def our_conforms(data_dir: Path, *options: str) -> tuple[int, bool]:
    """``spiralld validate --format turtle``: its exit code and the report's sh:conforms."""
    from click.testing import CliRunner

    from spiralld.cli import main

    result = CliRunner().invoke(main, ["validate", str(data_dir), "--format", "turtle",
                                       *options])
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    values = list(report.objects(None, SH.conforms))
    assert len(values) == 1, result.stdout
    return result.exit_code, bool(values[0].toPython())


def test_sh_conforms_is_false_with_warnings_as_in_pyrudof(
        data_files: dict[str, Path], shapes_files: dict[str, Path]) -> None:
    """SHACL 1.0 §3.6.1: conforms only when there are no results; warnings are results."""
    theirs = run_pyrudof(data_files["seed-build"], shapes_files["full"])
    assert theirs.results and not theirs.conforms
    assert our_conforms(DATA) == (0, False), "warnings: exit 0, but sh:conforms false"
    assert our_conforms(DATA, "--allow-warnings") == (0, True), "as pySHACL's allow_warnings"


def test_sh_conforms_is_false_on_a_broken_copy_as_in_pyrudof(
        tmp_path: Path, shapes_files: dict[str, Path]) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".spiralld-cache"))
    (data / "pages").mkdir()
    (data / "pages" / "alan-turing.txt").write_text(  # a page that cites nothing
        "Alan Turing\nAlan Turing was a mathematician.\n")
    _corpus, dataset = build_dataset(data, Config())
    broken = tmp_path / "broken.ttl"
    to_rdflib(dataset.triples()).serialize(broken, format="turtle")
    theirs = run_pyrudof(broken, shapes_files["full"])
    assert any(result.severity == "Violation" for result in theirs.results)
    assert our_conforms(data) == (1, False)
    assert our_conforms(data, "--allow-warnings") == (1, False), "violations never conform"
