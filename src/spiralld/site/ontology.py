"""The documentation of our ontology (ontology/spiral.ttl), read with rdflib."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pyoxigraph
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from ..namespaces import SPIRAL_NS
from .paths import ONTOLOGY_IRI
from .values import Value, curie

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
#: The rows shown for each term, in order: (label, predicate).
TERM_ROWS = (
    ("Subclass of", RDFS.subClassOf),
    ("Subproperty of", RDFS.subPropertyOf),
    ("Domain", RDFS.domain),
    ("Range", RDFS.range),
)


def ontology_bytes() -> bytes:
    """The Turtle of the ontology, as shipped with the package."""
    return (resources.files("spiralld") / "ontology" / "spiral.ttl").read_bytes()


@dataclass(frozen=True)
class Term:
    anchor: str
    iri: str
    curie: str
    kind: str
    label: str
    comment: str
    rows: tuple[tuple[str, tuple[Value, ...]], ...]


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    title: str
    comment: str
    version: str | None
    version_iri: str | None
    license: Value | None
    namespace: str
    classes: tuple[Term, ...]
    properties: tuple[Term, ...]
    triples: tuple[pyoxigraph.Triple, ...]


def _text(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> str:
    """The English (or untagged) value of a property, else empty."""
    values = list(graph.objects(subject, predicate))
    for value in values:
        if isinstance(value, rdflib.Literal) and value.language in (None, "en"):
            return str(value)
    return str(values[0]) if values else ""


def _link(iri: str) -> Value:
    if iri.startswith(SPIRAL_NS):
        return Value(curie(iri), "#" + iri[len(SPIRAL_NS):])
    return Value(curie(iri), iri, external=True)


def _terms(graph: rdflib.Graph, kinds: tuple[rdflib.URIRef, ...]) -> tuple[Term, ...]:
    subjects: dict[str, str] = {}
    for cls in kinds:
        for subject in graph.subjects(RDF.type, cls):
            if isinstance(subject, rdflib.URIRef) and str(subject).startswith(SPIRAL_NS):
                subjects.setdefault(str(subject), curie(str(cls)))
    terms = []
    for iri, kind in sorted(subjects.items()):
        node = rdflib.URIRef(iri)
        rows = tuple(
            (label, tuple(_link(v) for v in sorted(str(o) for o in graph.objects(node, predicate)
                                                   if isinstance(o, rdflib.URIRef))))
            for label, predicate in TERM_ROWS
        )
        local = iri[len(SPIRAL_NS):]
        terms.append(Term(local, iri, curie(iri), kind, _text(graph, node, RDFS.label) or local,
                          _text(graph, node, RDFS.comment), tuple(r for r in rows if r[1])))
    return tuple(terms)


def ontology_doc() -> OntologyDoc:
    """Everything ontology.html shows, plus the ontology's triples for its JSON-LD."""
    data = ontology_bytes()
    graph = rdflib.Graph(bind_namespaces="none").parse(data=data, format="turtle")
    node = rdflib.URIRef(ONTOLOGY_IRI)
    version_iri = graph.value(node, OWL.versionIRI)
    license_iri = graph.value(node, DCTERMS.license)
    quads = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)
    return OntologyDoc(
        iri=ONTOLOGY_IRI,
        title=_text(graph, node, DCTERMS.title) or _text(graph, node, RDFS.label),
        comment=_text(graph, node, RDFS.comment),
        version=_text(graph, node, OWL.versionInfo) or None,
        version_iri=str(version_iri) if version_iri is not None else None,
        license=Value(str(license_iri), str(license_iri), external=True)
        if license_iri is not None else None,
        namespace=SPIRAL_NS,
        classes=_terms(graph, CLASS_TYPES),
        properties=_terms(graph, PROPERTY_TYPES),
        triples=tuple(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads),
    )
