"""The SHACL engines: pySHACL for the core constraints, pyoxigraph for the SPARQL ones."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph
import rdflib
import rdflib.collection
from pyoxigraph import NamedNode
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, RDFS, SH

from ..namespaces import PREFIXES, SCHEMA_NS, SPIRAL_NS
from .results import SHAPES_NS, RawResult

SCHEMA = rdflib.Namespace(SCHEMA_NS)
SPIRAL = rdflib.Namespace(SPIRAL_NS)
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)

#: A pseudo-class of the nodes some page cites.
CITED = "cited"
#: How a focus node is named in a message, by its class (first match wins).
NOUNS: list[tuple[str, str]] = [
    (SPIRAL_NS + "Claim", "claim"),
    (SPIRAL_NS + "Stub", "linked page"),
    (SCHEMA_NS + "ProfilePage", "page"),
    (SCHEMA_NS + "Person", "person"),
    (SCHEMA_NS + "Organization", "organization"),
    (SCHEMA_NS + "DefinedTerm", "concept"),
    (SCHEMA_NS + "WebPageElement", "section"),
    (SCHEMA_NS + "Question", "question"),
    (CITED, "source"),
    (SCHEMA_NS + "CreativeWork", "work"),
]


def shapes_dir() -> Path:
    """The shapes shipped with spiralld (the repository's shapes/ folder)."""
    return Path(str(resources.files("spiralld") / "shapes"))


def load_shapes(directory: Path | None = None) -> rdflib.Graph:
    """Every ``*.ttl`` file of the shapes folder, in one graph."""
    graph = rdflib.Graph()
    for path in sorted((directory or shapes_dir()).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def shapes_digest(shapes: rdflib.Graph) -> str:
    """A hash of the shapes' content: cached verdicts are only valid for the same shapes."""
    lines = sorted(shapes.serialize(format="nt", encoding="utf-8").splitlines())
    return hashlib.sha256(b"\n".join(line for line in lines if b"_:" not in line)).hexdigest()


@dataclass(frozen=True)
class SparqlConstraint:
    """A SHACL-SPARQL ``sh:select`` constraint with the targets of its shape."""

    shape: str
    query: str
    message: str
    severity: str
    targets: tuple[tuple[rdflib.URIRef, str], ...]


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
        severity = shapes.value(shape, SH.severity) or SH.Violation
        constraints.append(SparqlConstraint(
            shape=str(constraint if isinstance(constraint, rdflib.URIRef) else shape),
            query=prefixes + str(shapes.value(constraint, SH.select)),
            message=str(message or "does not conform"),
            severity=SEVERITIES[severity],  # type: ignore[index]
            targets=tuple((kind, str(value)) for kind in TARGETS  # type: ignore[misc]
                          for value in shapes.objects(shape, kind)),
        ))
    constraints += _datatype_choices(shapes, core)
    return core, sorted(constraints, key=lambda c: c.shape)


#: Datatypes whose well-formedness a pyoxigraph cast checks (``xsd:gYear("2023")``).
CASTABLE = frozenset(rdflib.XSD[name] for name in ("date", "gYear", "gYearMonth"))


def _datatype_choices(shapes: rdflib.Graph, core: rdflib.Graph) -> list[SparqlConstraint]:
    """``sh:or ( [ sh:datatype A ] [ sh:datatype B ] ... )`` on a property shape with an
    IRI path, taken out of ``core`` and returned as the equivalent SPARQL constraint.

    pySHACL validates each member shape of an ``sh:or`` anew for every value, which was a
    quarter of its time on dates; one query over the store does the same check: a value
    conforms if it is a literal of one of the datatypes whose lexical form is valid for it
    (as pySHACL's ill-typed check). The result keeps the property shape as its source
    shape, its path, the value, its severity and its message.
    """
    found = []
    for shape, members in shapes.subject_objects(SH["or"]):
        path = shapes.value(shape, SH.path)
        if not isinstance(path, rdflib.URIRef) or not isinstance(shape, rdflib.URIRef):
            continue
        items = list(rdflib.collection.Collection(shapes, members))  # type: ignore[arg-type]
        datatypes = [shapes.value(item, SH.datatype) for item in items]
        if not items or any(
                d not in CASTABLE or set(shapes.predicates(item)) - {SH.datatype, RDF.type}
                for item, d in zip(items, datatypes, strict=True)):
            continue
        conforms = " || ".join(f"(DATATYPE(?value) = <{d}> && isLITERAL(<{d}>(STR(?value))))"
                               for d in datatypes)
        query = (f"SELECT $this ?value ?path WHERE {{ $this <{path}> ?value . "
                 f"BIND(<{path}> AS ?path) "
                 f"FILTER(!COALESCE(isLITERAL(?value) && ({conforms}), false)) }}")
        owners = [shape, *shapes.subjects(SH.property, shape)]
        core.remove((shape, SH["or"], members))
        found.append(SparqlConstraint(
            shape=str(shape),
            query=query,
            message=str(shapes.value(shape, SH.message) or "does not conform"),
            severity=SEVERITIES[shapes.value(shape, SH.severity) or SH.Violation],  # type: ignore[index]
            targets=tuple((kind, str(value)) for owner in owners for kind in TARGETS
                          for value in shapes.objects(owner, kind)),
        ))
    return found


# --- core constraints: pySHACL ---------------------------------------------------------

def core_results(data: rdflib.Graph, core: rdflib.Graph) -> list[RawResult]:
    """pySHACL's results for the core (non-SPARQL) shapes."""
    # advanced=False: no SHACL-AF (we use none), which spares a copy of the data graph.
    _conforms, results, _text = shacl_validate(data, shacl_graph=core, allow_warnings=True,
                                               advanced=False, inplace=True)
    for prefix, namespace in PREFIXES.items():
        results.bind(prefix, namespace)
    results.bind("shape", SHAPES_NS)

    def lookup(node: str) -> tuple[set[str], str | None]:
        subject = _rdflib_node(node)
        types = {str(t) for t in data.objects(subject, RDF.type)}
        if (None, SCHEMA.citation, subject) in data:
            types.add(CITED)
        label = data.value(subject, RDFS.label) or data.value(subject, SCHEMA.name)
        return types, str(label) if label is not None else None

    raw = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            value = results.value(result, SH.value)
            shape = results.value(result, SH.sourceShape)
            message = str(results.value(result, SH.resultMessage) or "does not conform")
            raw.append(RawResult(
                severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),
                message=f"{describe(focus.n3(), lookup)} {message}",  # type: ignore[union-attr]
                focus=focus.n3(),  # type: ignore[union-attr]
                path=path.n3() if isinstance(path, rdflib.URIRef) else None,
                path_text=show_path(results, path) if path is not None else None,
                value=value.n3() if value is not None else None,
                shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
            ))
    return raw


def describe(node: str, lookup: Callable[[str], tuple[set[str], str | None]]) -> str:
    """``claim 'CEO at NEAR Foundation'``: what a node is and what it is called."""
    types, label = lookup(node) if node.startswith("<") else (set(), None)
    noun = next((n for cls, n in NOUNS if cls in types), "node")
    if label is None:
        return f"{noun} {node}" if noun != "node" or node.startswith("<") else f"value {node}"
    return f"{noun} '{label}'"


def show_path(graph: rdflib.Graph, path: rdflib.term.Node) -> str:
    """A SHACL path in SPARQL property-path syntax, with our prefixes."""
    if isinstance(path, (rdflib.URIRef, rdflib.Literal)):
        return path.n3(graph.namespace_manager)
    alternatives = graph.value(path, SH.alternativePath)  # type: ignore[arg-type]
    if alternatives is not None:
        items = rdflib.collection.Collection(graph, alternatives)  # type: ignore[arg-type]
        return "(" + "|".join(show_path(graph, item) for item in items) + ")"
    for modifier, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                             (SH.zeroOrOnePath, "?"), (SH.inversePath, "^")):
        inner = graph.value(path, modifier)  # type: ignore[arg-type]
        if inner is not None:
            shown = show_path(graph, inner)
            return "^" + shown if suffix == "^" else shown + suffix
    if graph.value(path, RDF.first) is not None:  # type: ignore[arg-type]
        items = rdflib.collection.Collection(graph, path)  # type: ignore[arg-type]
        return "/".join(show_path(graph, item) for item in items)
    return str(path)


def _rdflib_node(text: str) -> rdflib.term.Node:
    return rdflib.URIRef(text[1:-1]) if text.startswith("<") else rdflib.Literal(text)


# --- SPARQL constraints: pyoxigraph ----------------------------------------------------

def sparql_results(store: pyoxigraph.Store, constraints: Iterable[SparqlConstraint]
                   ) -> list[RawResult]:
    """Evaluate each SPARQL constraint once over the store."""
    type_iri = NamedNode(str(RDF.type))
    label_iris = (NamedNode(str(RDFS.label)), NamedNode(SCHEMA_NS + "name"))
    citation_iri = NamedNode(SCHEMA_NS + "citation")

    def lookup(node: str) -> tuple[set[str], str | None]:
        subject = NamedNode(node[1:-1])
        types = {q.object.value for q in store.quads_for_pattern(subject, type_iri, None)}
        if next(store.quads_for_pattern(None, citation_iri, subject), None) is not None:
            types.add(CITED)
        for predicate in label_iris:
            for quad in store.quads_for_pattern(subject, predicate, None):
                return types, quad.object.value
        return types, None

    raw = []
    for constraint in constraints:
        is_focus = functools.lru_cache(maxsize=None)(
            functools.partial(_is_focus, store, constraint))
        rows = store.query(constraint.query, use_default_graph_as_union=True)
        projected = {v.value for v in rows.variables}  # type: ignore[union-attr]
        for row in rows:  # type: ignore[union-attr]
            this = row["this"]
            if not is_focus(this):
                continue
            value = row["value"] if "value" in projected else None
            path = row["path"] if "path" in projected else None
            focus = str(this)
            raw.append(RawResult(
                severity=constraint.severity,
                message=f"{describe(focus, lookup)} {constraint.message}",
                focus=focus,
                path=str(path) if path is not None else None,
                path_text=_prefixed(path.value) if path is not None else None,
                value=str(value) if value is not None else None,
                shape=constraint.shape,
            ))
    return raw


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _is_focus(store: pyoxigraph.Store, constraint: SparqlConstraint, node: object) -> bool:
    """Whether ``node`` is a focus node of one of the constraint's targets."""
    type_iri = NamedNode(str(RDF.type))
    for kind, value in constraint.targets:
        term = NamedNode(value)
        if kind == SH.targetNode:
            found = node == term
        elif not isinstance(node, NamedNode | pyoxigraph.Literal):
            found = False
        elif kind == SH.targetClass:
            found = isinstance(node, NamedNode) and _any(store, node, type_iri, term)
        elif kind == SH.targetSubjectsOf:
            found = isinstance(node, NamedNode) and _any(store, node, term, None)
        else:
            found = _any(store, None, term, node)
        if found:
            return True
    return False


def _any(store: pyoxigraph.Store, subject: object, predicate: NamedNode, obj: object) -> bool:
    return next(store.quads_for_pattern(subject, predicate, obj), None) is not None
