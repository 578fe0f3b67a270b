"""Validation against the SHACL shapes in shapes/, reported at the file:line of each problem."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph
import rdflib
import rdflib.collection
from pyoxigraph import Literal, NamedNode
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, RDFS, SH

from .errors import SpiralldError
from .mapping import Dataset
from .namespaces import PREFIXES, SCHEMA_NS, SPIRAL_NS

SCHEMA = rdflib.Namespace(SCHEMA_NS)
SPIRAL = rdflib.Namespace(SPIRAL_NS)

#: How a focus node is named in a message, by its class (first match wins).
NOUNS: list[tuple[rdflib.URIRef, str]] = [
    (SPIRAL.Claim, "claim"),
    (SPIRAL.Stub, "linked page"),
    (SCHEMA.ProfilePage, "page"),
    (SCHEMA.Person, "person"),
    (SCHEMA.Organization, "organization"),
    (SCHEMA.DefinedTerm, "concept"),
    (SCHEMA.WebPageElement, "section"),
    (SCHEMA.Question, "question"),
    (SCHEMA.CreativeWork, "work"),
]
SHAPES_NS = "https://w3id.org/spiralld/shapes#"
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def shapes_dir() -> Path:
    """The shapes shipped with spiralld (the repository's shapes/ folder)."""
    return Path(str(resources.files("spiralld") / "shapes"))


def load_shapes(directory: Path | None = None) -> rdflib.Graph:
    """Every ``*.ttl`` file of the shapes folder, in one graph."""
    graph = rdflib.Graph()
    for path in sorted((directory or shapes_dir()).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


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
        details = [f"focus <{self.focus}>"]
        if self.path:
            details.append(f"path {self.path}")
        if self.value:
            details.append(f"value {self.value}")
        return f"{where}: {self.severity}: {self.message} ({', '.join(details)})"


@dataclass(frozen=True)
class Report:
    """The findings of one validation, and pySHACL's sh:ValidationReport graph."""

    findings: tuple[Finding, ...]
    graph: rdflib.Graph

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        return (f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
                if self.findings else "conforms: no violations, no warnings")

    def as_text(self) -> str:
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

    def as_json(self) -> str:
        document = {"conforms": self.conforms, "findings": [asdict(f) for f in self.findings]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def as_turtle(self) -> str:
        return self.graph.serialize(format="turtle")


FORMATS = {"text": Report.as_text, "json": Report.as_json, "turtle": Report.as_turtle}


def render(report: Report, fmt: str) -> str:
    try:
        return FORMATS[fmt](report)
    except KeyError:
        raise SpiralldError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})") \
            from None


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    """An rdflib Graph of the triples (through N-Triples: exact and fast)."""
    graph = rdflib.Graph(bind_namespaces="none")
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


@dataclass(frozen=True)
class SparqlConstraint:
    """A SHACL-SPARQL ``sh:select`` constraint with the targets of its shape."""

    shape: rdflib.URIRef
    constraint: rdflib.term.Node
    query: str
    message: str
    severity: rdflib.URIRef
    targets: tuple[tuple[rdflib.URIRef, rdflib.term.Node], ...]


TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def split_shapes(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[SparqlConstraint]]:
    """The shapes without their SPARQL constraints, and those constraints.

    pySHACL re-parses a constraint's query for every focus node (about 30 ms each), so the
    SPARQL constraints are evaluated here instead, once per constraint over the whole data
    in pyoxigraph, keeping SHACL-SPARQL's meaning: the rows whose ``$this`` is a focus node
    of the shape are the results.
    """
    core = rdflib.Graph()
    for triple in shapes:
        core.add(triple)
    constraints = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        core.remove((shape, SH.sparql, constraint))
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for owner in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(owner, SH.declare)
        )
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        constraints.append(SparqlConstraint(
            shape=shape,  # type: ignore[arg-type]
            constraint=constraint,
            query=prefixes + str(shapes.value(constraint, SH.select)),
            message=str(message or "does not conform"),
            severity=shapes.value(shape, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            targets=tuple((kind, value) for kind in TARGETS  # type: ignore[misc]
                          for value in shapes.objects(shape, kind)),
        ))
    return core, sorted(constraints, key=lambda c: str(c.constraint))


def _focus_nodes(store: pyoxigraph.Store, constraint: SparqlConstraint) -> set[object]:
    nodes: set[object] = set()
    for kind, value in constraint.targets:
        if kind == SH.targetNode:
            nodes.add(_oxigraph(value))
            continue
        term = NamedNode(str(value))
        if kind == SH.targetClass:
            pattern = store.quads_for_pattern(None, NamedNode(str(RDF.type)), term)
            nodes.update(q.subject for q in pattern)
        elif kind == SH.targetSubjectsOf:
            nodes.update(q.subject for q in store.quads_for_pattern(None, term, None))
        else:
            nodes.update(q.object for q in store.quads_for_pattern(None, term, None))
    return nodes


def _sparql_results(store: pyoxigraph.Store, constraints: list[SparqlConstraint],
                    results: rdflib.Graph, report: rdflib.term.Node) -> None:
    """Evaluate each SPARQL constraint once; add its results to the report graph."""
    for constraint in constraints:
        focus_nodes = _focus_nodes(store, constraint)
        rows = store.query(constraint.query, use_default_graph_as_union=True)
        seen = set()
        for row in rows:  # type: ignore[union-attr]
            this = row["this"]
            if this not in focus_nodes or (this, row["value"]) in seen:
                continue
            seen.add((this, row["value"]))
            result = rdflib.BNode()
            results.add((report, SH.result, result))
            results.add((result, RDF.type, SH.ValidationResult))
            results.add((result, SH.focusNode, _rdflib(this)))
            if row["value"] is not None:
                results.add((result, SH.value, _rdflib(row["value"])))
            results.add((result, SH.resultMessage, rdflib.Literal(constraint.message)))
            results.add((result, SH.resultSeverity, constraint.severity))
            results.add((result, SH.sourceShape, constraint.shape))
            results.add((result, SH.sourceConstraint, constraint.constraint))
            results.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            if constraint.severity == SH.Violation:
                results.set((report, SH.conforms, rdflib.Literal(False)))


def validate_dataset(dataset: Dataset, shapes: rdflib.Graph | None = None) -> Report:
    """Validate the mapped dataset against the shapes; locate each result in the input."""

    def locate(focus: rdflib.term.Node, path: rdflib.term.Node | None,
               value: rdflib.term.Node | None) -> tuple[str, int] | None:
        return dataset.origin(
            _oxigraph(focus),  # type: ignore[arg-type]
            _oxigraph(path) if isinstance(path, rdflib.URIRef) else None,
            _oxigraph(value) if value is not None else None,
        )

    triples = dataset.triples()
    return validate_graph(to_rdflib(triples), shapes, locate, _store(triples))


Locator = Callable[[rdflib.term.Node, rdflib.term.Node | None, rdflib.term.Node | None],
                   tuple[str, int] | None]


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None,
                   locate: Locator | None = None,
                   store: pyoxigraph.Store | None = None) -> Report:
    """Validate any rdflib graph; ``locate`` maps a result to the file:line behind it.

    ``store`` holds the same triples for the SPARQL constraints (made from ``data`` if
    not given).
    """
    core, constraints = split_shapes(shapes if shapes is not None else load_shapes())
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=core, allow_warnings=True, advanced=True,
    )
    if store is None:
        store = _store(_oxigraph_triples(data))
    report = next(results.subjects(RDF.type, SH.ValidationReport))
    _sparql_results(store, constraints, results, report)
    for prefix, namespace in PREFIXES.items():
        results.bind(prefix, namespace)
    results.bind("shape", SHAPES_NS)
    findings = sorted(
        (_finding(results, result, data, locate)
         for report in results.subjects(RDF.type, SH.ValidationReport)
         for result in results.objects(report, SH.result)),
        key=lambda f: (f.file, f.line, f.severity, f.message, f.focus, f.value or ""),
    )
    return Report(tuple(dict.fromkeys(findings)), results)


def _finding(results: rdflib.Graph, result: rdflib.term.Node, data: rdflib.Graph,
             locate: Locator | None) -> Finding:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = SEVERITIES.get(results.value(result, SH.resultSeverity), "violation")
    message = str(results.value(result, SH.resultMessage) or "does not conform")
    shape = results.value(result, SH.sourceConstraint)
    if not isinstance(shape, rdflib.URIRef):
        shape = results.value(result, SH.sourceShape)
    origin = locate(focus, path, value) if locate and focus is not None else None
    file, line = origin if origin else ("", 0)
    return Finding(
        file=file,
        line=line,
        severity=severity,
        message=f"{_describe(data, focus)} {message}",
        focus=str(focus),
        path=_show(results, path) if path is not None else None,
        value=_show(results, value) if value is not None else None,
        shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
    )


def _describe(data: rdflib.Graph, node: rdflib.term.Node) -> str:
    """``claim 'CEO at NEAR Foundation'``: what the node is and what it is called."""
    types = set(data.objects(node, RDF.type))  # type: ignore[arg-type]
    noun = next((n for cls, n in NOUNS if cls in types), "node")
    if noun in ("node", "work") and (None, SCHEMA.citation, node) in data:
        noun = "source"
    label = data.value(node, RDFS.label) or data.value(node, SCHEMA.name)  # type: ignore[arg-type]
    return f"{noun} '{label}'" if label is not None else f"{noun} <{node}>"


def _show(graph: rdflib.Graph, term: rdflib.term.Node) -> str:
    """A term as Turtle would write it; a SHACL path in SPARQL property-path syntax."""
    if isinstance(term, (rdflib.URIRef, rdflib.Literal)):
        return term.n3(graph.namespace_manager)
    alternatives = graph.value(term, SH.alternativePath)  # type: ignore[arg-type]
    if alternatives is not None:
        items = rdflib.collection.Collection(graph, alternatives)  # type: ignore[arg-type]
        return "(" + "|".join(_show(graph, item) for item in items) + ")"
    for modifier, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                             (SH.zeroOrOnePath, "?"), (SH.inversePath, "^")):
        inner = graph.value(term, modifier)  # type: ignore[arg-type]
        if inner is not None:
            shown = _show(graph, inner)
            return "^" + shown if suffix == "^" else shown + suffix
    if graph.value(term, RDF.first) is not None:  # type: ignore[arg-type]
        items = rdflib.collection.Collection(graph, term)  # type: ignore[arg-type]
        return "/".join(_show(graph, item) for item in items)
    return str(term)


def _store(triples: Iterable[pyoxigraph.Triple]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def _oxigraph_triples(graph: rdflib.Graph) -> list[pyoxigraph.Triple]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))  # type: ignore


def _rdflib(term: object) -> rdflib.term.Node:
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == str(rdflib.XSD.string):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.BNode(getattr(term, "value", None))


def _oxigraph(term: rdflib.term.Node | None) -> NamedNode | Literal | None:
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        datatype = term.datatype or rdflib.XSD.string
        return Literal(str(term), datatype=NamedNode(str(datatype)))
    return None
