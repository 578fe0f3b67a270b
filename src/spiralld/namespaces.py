"""Vocabularies and prefixes: the one place our IRIs and prefix bindings are defined."""

from __future__ import annotations

from pyoxigraph import NamedNode

SCHEMA_NS = "https://schema.org/"
PROV_NS = "http://www.w3.org/ns/prov#"
SPIRAL_NS = "https://w3id.org/spiralld/ontology#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
OWL_NS = "http://www.w3.org/2002/07/owl#"

#: The prefixes written in Turtle and declared in the JSON-LD context.
PREFIXES: dict[str, str] = {
    "schema": SCHEMA_NS,
    "prov": PROV_NS,
    "spiral": SPIRAL_NS,
    "rdfs": RDFS_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
}


class Vocabulary:
    """A namespace whose attributes are pyoxigraph ``NamedNode`` terms.

    A closed vocabulary (``terms`` given) refuses names it does not define, so a
    misspelt term fails at import time rather than producing a wrong IRI.
    """

    def __init__(self, base: str, terms: frozenset[str] | None = None) -> None:
        self._base = base
        self._terms = terms
        self._cache: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = self[name]
        # Kept as an instance attribute: later lookups never reach __getattr__ again (the
        # mapping looks terms up millions of times).
        object.__setattr__(self, name, node)
        return node

    def __getitem__(self, name: str) -> NamedNode:
        node = self._cache.get(name)
        if node is None:
            if self._terms is not None and name not in self._terms:
                raise AttributeError(f"{name!r} is not a term of {self._base}")
            node = self._cache[name] = NamedNode(self._base + name)
        return node

    @property
    def base(self) -> str:
        return self._base

    @property
    def terms(self) -> frozenset[str]:
        return self._terms or frozenset()


SCHEMA = Vocabulary(SCHEMA_NS)
PROV = Vocabulary(
    PROV_NS,
    frozenset(
        "Entity Activity Agent SoftwareAgent wasDerivedFrom wasGeneratedBy used atLocation "
        "wasAssociatedWith startedAtTime endedAtTime generatedAtTime wasQuotedFrom".split()
    ),
)
SPIRAL = Vocabulary(
    SPIRAL_NS,
    frozenset(
        "Claim Stub Snapshot SpiralistReading OpenQuestions openQuestion editorialCaution "
        "dateReviewed citationText citationList relatedList Evidence ReviewStatus Reviewed "
        "Unreviewed reviewStatus extractedFrom evidence line extractionRule".split()
    ),
)
RDF = Vocabulary(RDF_NS, frozenset({"type", "first", "rest", "nil"}))
RDFS = Vocabulary(RDFS_NS, frozenset({"label", "comment", "subClassOf", "subPropertyOf"}))
XSD = Vocabulary(
    XSD_NS,
    frozenset("string integer boolean date gYear gYearMonth dateTime anyURI "
              "nonNegativeInteger".split()),
)
SKOS = Vocabulary(SKOS_NS, frozenset({"Concept", "prefLabel", "editorialNote"}))

VOID_NS = "http://rdfs.org/ns/void#"
DCAT_NS = "http://www.w3.org/ns/dcat#"
SPDX_NS = "http://spdx.org/rdf/terms#"

#: Prefixes of the dataset description (void.ttl).
DESCRIPTION_PREFIXES: dict[str, str] = {
    "void": VOID_NS,
    "dcat": DCAT_NS,
    "dcterms": DCTERMS_NS,
    "prov": PROV_NS,
    "spdx": SPDX_NS,
    "schema": SCHEMA_NS,
    "xsd": XSD_NS,
    "owl": OWL_NS,
}

VOID = Vocabulary(VOID_NS, frozenset(
    "Dataset triples entities classes properties distinctSubjects classPartition class "
    "dataDump sparqlEndpoint uriSpace vocabulary rootResource".split()))
DCAT = Vocabulary(DCAT_NS, frozenset(
    "Dataset Distribution distribution downloadURL mediaType compressFormat byteSize "
    "version landingPage".split()))
DCTERMS = Vocabulary(DCTERMS_NS, frozenset(
    "title description license modified issued identifier conformsTo creator".split()))
SPDX = Vocabulary(SPDX_NS, frozenset(
    "Checksum checksum algorithm checksumValue checksumAlgorithm_sha256".split()))
