"""Validation results: raw (as an engine gives them) and located (file:line) for editors."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph
import rdflib
from rdflib.namespace import RDF, SH

from ..errors import SpiralldError
from ..namespaces import PREFIXES

if TYPE_CHECKING:
    from .units import UnitKeys

SHAPES_NS = "https://w3id.org/spiralld/shapes#"
SEVERITY_IRIS = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


@dataclass(frozen=True)
class RawResult:
    """One SHACL result; terms in N-Triples syntax so it can be cached as JSON."""

    severity: str
    message: str
    focus: str
    path: str | None
    path_text: str | None
    value: str | None
    shape: str | None

    def terms(self) -> tuple[object, object | None, object | None]:
        """Focus, path and value as pyoxigraph terms (for the source-map lookup)."""
        return term(self.focus), term(self.path), term(self.value)


def term(text: str | None) -> object | None:
    """A pyoxigraph term from its N-Triples form."""
    if text is None:
        return None
    triple = next(iter(pyoxigraph.parse(f"<x:s> <x:p> {text} .",
                                        format=pyoxigraph.RdfFormat.N_TRIPLES)))
    return triple.object


@dataclass(frozen=True)
class Finding:
    """One validation result, located in the input."""

    file: str
    line: int
    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str | None

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else "<generated>"
        focus = f"<{self.focus}>" if ":" in self.focus and " " not in self.focus \
            and not self.focus.startswith('"') else self.focus
        details = [f"focus {focus}"]
        if self.path:
            details.append(f"path {self.path}")
        if self.value:
            details.append(f"value {self.value}")
        return f"{where}: {self.severity}: {self.message} ({', '.join(details)})"


@dataclass(frozen=True)
class Report:
    """The located findings of one validation, sorted by file and line."""

    findings: tuple[Finding, ...]
    raw: tuple[RawResult, ...] = ()
    #: Units whose verdict came from the cache, and units validated in this run.
    units_cached: int = 0
    units_validated: int = 0
    #: Each unit's key, for the next build (see :class:`~spiralld.validate.units.UnitKeys`).
    unit_keys: UnitKeys | None = field(default=None, compare=False, repr=False)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def conforms(self) -> bool:
        """Whether the data publishes: no violations (warnings do not stop a build). This is
        not SHACL's sh:conforms, which :meth:`shacl_conforms` gives."""
        return not self.violations

    def shacl_conforms(self, allow_warnings: bool = False) -> bool:
        """SHACL 1.0 §3.6.1's sh:conforms: true only when validation produced no result at
        all, warnings included; ``allow_warnings`` (as pySHACL's) lets warnings conform."""
        return not self.violations if allow_warnings else not self.findings

    def summary(self) -> str:
        return f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"

    def as_text(self, allow_warnings: bool = False) -> str:
        """Findings grouped by file, each line ``file:line: severity: message (details)``."""
        lines: list[str] = []
        current: str | None = None
        for finding in self.findings:
            if finding.file != current:
                current = finding.file
                lines.append(current or "<generated>")
            lines.append("  " + finding.text())
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def as_json(self, allow_warnings: bool = False) -> str:
        document = {"conforms": self.shacl_conforms(allow_warnings),
                    "findings": [asdict(f) for f in self.findings]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def graph(self, allow_warnings: bool = False) -> rdflib.Graph:
        """The standard ``sh:ValidationReport`` graph of the results."""
        graph = rdflib.Graph(bind_namespaces="none")
        for prefix, namespace in {**PREFIXES, "sh": str(SH), "shape": SHAPES_NS}.items():
            graph.bind(prefix, namespace)
        report = rdflib.BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, rdflib.Literal(self.shacl_conforms(allow_warnings))))
        for index, raw in enumerate(sorted(set(self.raw), key=_order), start=1):
            result = rdflib.BNode(f"result{index}")
            graph.add((report, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.focusNode, _rdflib(raw.focus)))
            graph.add((result, SH.resultSeverity, SEVERITY_IRIS[raw.severity]))
            graph.add((result, SH.resultMessage, rdflib.Literal(raw.message)))
            if raw.path is not None:
                graph.add((result, SH.resultPath, _rdflib(raw.path)))
            if raw.value is not None:
                graph.add((result, SH.value, _rdflib(raw.value)))
            if raw.shape is not None:
                graph.add((result, SH.sourceShape, rdflib.URIRef(raw.shape)))
        return graph

    def as_turtle(self, allow_warnings: bool = False) -> str:
        return self.graph(allow_warnings).serialize(format="turtle")


def _order(raw: RawResult) -> tuple[str, ...]:
    return (raw.focus, raw.shape or "", raw.path or "", raw.value or "", raw.message)


def _rdflib(text: str) -> rdflib.term.Node:
    graph = rdflib.Graph().parse(data=f"<x:s> <x:p> {text} .", format="nt")
    return next(iter(graph.objects()))


FORMATS = {"text": Report.as_text, "json": Report.as_json, "turtle": Report.as_turtle}


def render(report: Report, fmt: str, allow_warnings: bool = False) -> str:
    """The report in one of FORMATS; ``allow_warnings`` lets a report holding only warnings
    say sh:conforms true (SHACL says false)."""
    try:
        return FORMATS[fmt](report, allow_warnings)
    except KeyError:
        known = ", ".join(FORMATS)
        raise SpiralldError(f"unknown report format {fmt!r} (known: {known})") from None
