"""ontology/spiral.ttl: every term we use is defined, labelled and related to schema.org/PROV."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from spiralld.build import BuildResult
from spiralld.namespaces import SPIRAL, SPIRAL_NS

from .conftest import ROOT

ONTOLOGY = rdflib.Graph().parse(ROOT / "ontology" / "spiral.ttl")


def test_ontology_has_an_iri_and_a_version() -> None:
    ontology = rdflib.URIRef("https://w3id.org/spiralld/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(ontology, OWL.versionInfo) is not None
    assert ONTOLOGY.value(ontology, OWL.versionIRI) is not None


@pytest.mark.parametrize("term", sorted(SPIRAL.terms))
def test_each_term_is_defined_with_label_comment_and_parent(term: str) -> None:
    iri = rdflib.URIRef(SPIRAL_NS + term)
    assert ONTOLOGY.value(iri, RDFS.label) is not None
    assert ONTOLOGY.value(iri, RDFS.comment) is not None
    parent = ONTOLOGY.value(iri, RDFS.subClassOf) or ONTOLOGY.value(iri, RDFS.subPropertyOf)
    if (iri, RDF.type, OWL.NamedIndividual) in ONTOLOGY:   # a value: its class is the parent
        parent = next((c for c in ONTOLOGY.objects(iri, RDF.type) if c != OWL.NamedIndividual),
                      None)
    assert parent is not None, f"{term} is not related to an existing vocabulary"


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = SPIRAL.Claimm


def test_every_spiral_term_in_the_output_is_defined(
    seed_release: tuple[BuildResult, Path],
) -> None:
    graph = rdflib.Graph().parse(seed_release[1] / "dataset.ttl")
    defined = {s for s in ONTOLOGY.subjects() if str(s).startswith(SPIRAL_NS)}
    used = {t for triple in graph for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(SPIRAL_NS)}
    assert used
    assert used <= defined
