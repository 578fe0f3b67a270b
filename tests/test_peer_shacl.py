"""Apache Jena SHACL, pyrudof and ``spiralld validate --format turtle`` agree on sh:conforms.

Each of the three reads the same data project: spiralld from its pages, the two peers from
the graph those pages map to (written as Turtle) with the full shapes (SHACL-SPARQL
included). Two projects: the repository's data/ (warnings only, so sh:conforms is false in
SHACL terms) and a broken copy whose source lost its only date (a missing required field:
violations). Beyond sh:conforms, the engines must name the same focus nodes at the same
severities, so an agreement cannot come from two different reasons to say "false".

Jena is run as the real ``jena-shacl`` (installed by tests/install-peers.sh when missing,
see tests/peers.py); pyrudof is in the ``test`` extra.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyrudof import ReaderMode, Rudof, RudofConfig
from rdflib.namespace import SH

from spiralld.build import build_dataset
from spiralld.cli import main
from spiralld.config import Config
from spiralld.validate import load_shapes, to_rdflib

from .conftest import DATA
from .peers import peer

PAGE = "profiles/illia-polosukhin.md"
#: The publication date of the source 'near-foundation-2023', its only date.
DATE_LINE = "    datePublished: '2023-09-21'\n"
UNDATED = "https://w3id.org/spiralld/source/near-foundation-near-co-founder-joins-the-near-foundation-as-ceo"


@dataclass(frozen=True)
class Verdict:
    """An engine's sh:conforms and its results as (severity, focus node) pairs."""

    conforms: bool
    results: frozenset[tuple[str, str]]

    @property
    def violations(self) -> set[str]:
        return {focus for severity, focus in self.results if severity == "Violation"}


def _severity(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def from_report(report: rdflib.Graph) -> Verdict:
    """The verdict of a sh:ValidationReport graph (top-level sh:result only)."""
    (node,) = report.subjects(rdflib.RDF.type, SH.ValidationReport)
    conforms = report.value(node, SH.conforms)
    assert isinstance(conforms, rdflib.Literal), "the report has no sh:conforms"
    return Verdict(bool(conforms.toPython()), frozenset(
        (_severity(report.value(result, SH.resultSeverity)),
         str(report.value(result, SH.focusNode)))
        for result in report.objects(node, SH.result)))


def spiralld_verdict(project: Path) -> Verdict:
    outcome = CliRunner().invoke(main, ["validate", str(project), "--format", "turtle"])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), \
        outcome.output
    return from_report(rdflib.Graph().parse(data=outcome.output, format="turtle"))


def jena_verdict(data: Path, shapes: Path) -> Verdict:
    done = subprocess.run([peer("jena-shacl"), "v", "--shapes", str(shapes), "--data", str(data)],
                          capture_output=True, text=True, timeout=300, check=True)
    return from_report(rdflib.Graph().parse(data=done.stdout, format="turtle"))


def pyrudof_verdict(data: Path, shapes: Path) -> Verdict:
    rudof = Rudof(RudofConfig())
    rudof.read_shacl(str(shapes), reader_mode=ReaderMode.Strict)
    rudof.read_data(str(data), reader_mode=ReaderMode.Strict, merge=False)
    report = rudof.validate_shacl()
    return Verdict(report.conforms, frozenset(
        (entry.severity, entry.focus_node) for entry in report.violations))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shapes") / "shapes.ttl"
    load_shapes().serialize(path, format="turtle")
    return path


def _project(tmp_path: Path, broken: bool) -> tuple[Path, Path]:
    """A copy of data/ (broken: the source's date removed) and its graph as Turtle."""
    project = tmp_path / "data"
    shutil.copytree(DATA, project)
    if broken:
        page = project / PAGE
        text = page.read_text(encoding="utf-8")
        assert text.count(DATE_LINE) == 1
        page.write_text(text.replace(DATE_LINE, ""), encoding="utf-8")
    _corpus, dataset = build_dataset(project, Config())
    graph = tmp_path / "graph.ttl"
    to_rdflib(dataset.triples()).serialize(graph, format="turtle")
    return project, graph


@pytest.mark.parametrize("broken", [False, True], ids=["data", "broken-copy"])
def test_jena_pyrudof_and_spiralld_agree_on_sh_conforms(
        tmp_path: Path, shapes: Path, broken: bool) -> None:
    project, graph = _project(tmp_path, broken)
    ours = spiralld_verdict(project)
    jena = jena_verdict(graph, shapes)
    rudof = pyrudof_verdict(graph, shapes)

    assert ours.conforms is jena.conforms is rudof.conforms is False
    assert ours.results == jena.results == rudof.results
    if broken:
        assert UNDATED in ours.violations  # the source itself, and the claims citing it
    else:
        assert ours.violations == set()  # warnings only: SHACL still says sh:conforms false
        assert ours.results  # there are warnings


def test_allow_warnings_is_spiralld_alone(tmp_path: Path) -> None:
    """--allow-warnings (pySHACL's allow_warnings) makes data/ conform for spiralld only; the
    peers have no such switch, which is why the comparison above is without it."""
    project = tmp_path / "data"
    shutil.copytree(DATA, project)
    outcome = CliRunner().invoke(main, ["validate", str(project), "--format", "turtle",
                                        "--allow-warnings"])
    report = rdflib.Graph().parse(data=outcome.output, format="turtle")
    assert (None, SH.conforms, rdflib.Literal(True)) in report
