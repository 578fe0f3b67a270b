"""The dataset description: VoID and DCAT statistics and distributions, PROV of the build."""

from __future__ import annotations

import datetime
import hashlib
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad, Triple

from .. import __version__
from ..config import Config
from ..mapping import Dataset
from ..mapping.graph import Graph, integer, sort_triples, split_line
from ..namespaces import (
    DCAT,
    DCTERMS,
    DESCRIPTION_PREFIXES,
    OWL_NS,
    PROV,
    PROV_NS,
    RDF,
    SCHEMA,
    SCHEMA_NS,
    SPDX,
    SPIRAL_NS,
    VOID,
    XSD,
)
from .export import Dump

IANA = "https://www.iana.org/assignments/media-types/"
#: What the published forms hold (``dcterms:description`` of the dataset): they differ in
#: whether this description is in them.
CONTENTS = (
    "dataset.ttl, dataset.jsonld and the Turtle, N-Triples and JSON-LD dumps hold the data "
    "(the graph of every profile page and {base}graph/shared, merged) without this "
    "description; the N-Quads dump, the query store and the SPARQL endpoint also hold it, "
    "as the named graph {base}graph/dataset (without the dumps' sizes and checksums). For "
    "the whole dataset from one of the former, load void.ttl with it.")
#: What each dump holds, by media type (``dcterms:description`` of its distribution).
DUMP_CONTENTS = {
    "application/n-quads": (
        "Every named graph: one per profile page, {base}graph/shared, and {base}graph/dataset "
        "(this description, without the dumps' sizes and checksums)."),
}
MERGED_CONTENTS = ("The data graphs merged into one, without this description: load "
                   "void.ttl with it for the whole dataset.")
SHARD_CONTENTS = "A part of dumps/dataset.nq.gz, for bulk loaders."


@dataclass(frozen=True)
class BuildRun:
    """When a build ran and what it read."""

    started: datetime.datetime
    ended: datetime.datetime
    inputs: tuple[tuple[str, str], ...]   # (path relative to the data dir, sha256)


def file_inputs(data_dir: Path, files: Sequence[Path]) -> tuple[tuple[str, str], ...]:
    """Each input file with its sha256, paths relative to the data directory."""
    out = []
    for path in sorted(files):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append((path.relative_to(data_dir).as_posix(), digest))
    return tuple(out)


def _timestamp(moment: datetime.datetime) -> Literal:
    text = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(text, datatype=XSD.dateTime)


def describe(dataset: Dataset, config: Config, run: BuildRun,
             dumps: Sequence[Dump] = ()) -> list[Triple]:
    """The description of the release: what ``void.ttl`` holds.

    With no ``dumps``, the distributions are left out: that is the description stored
    inside the N-Quads dump itself, which cannot carry its own size and checksum.
    """
    base = config.base_iri
    node = NamedNode(base + "dataset")
    graph = Graph(NamedNode(base + "graph/dataset"))
    graph.type(node, VOID.Dataset, DCAT.Dataset)
    graph.text(node, DCTERMS.title, config.title)
    graph.add(node, DCTERMS.license, NamedNode(config.license))
    version = config.version or run.ended.astimezone(datetime.UTC).date().isoformat()
    graph.text(node, DCAT.version, version)
    graph.text(node, NamedNode(OWL_NS + "versionInfo"), version)
    graph.add(node, DCTERMS.modified, _timestamp(run.ended))
    graph.add(node, VOID.uriSpace, Literal(base))
    graph.text(node, DCTERMS.description, CONTENTS.format(base=base))
    for vocabulary in (SCHEMA_NS, PROV_NS, SPIRAL_NS):
        graph.add(node, VOID.vocabulary, NamedNode(vocabulary))
    if config.sparql_endpoint:
        graph.add(node, VOID.sparqlEndpoint, NamedNode(config.sparql_endpoint))
    _statistics(graph, node, dataset)
    _provenance(graph, node, base, run)
    for dump in dumps:
        url = NamedNode(base + dump.path)
        graph.add(node, VOID.dataDump, url)   # VoID: a dump split in parts lists each part
        if not dump.shard:   # a shard is not a distribution of the whole dataset
            graph.add(node, DCAT.distribution, url)
            graph.type(url, DCAT.Distribution)
        graph.add(url, DCAT.downloadURL, url)
        contents = SHARD_CONTENTS if dump.shard else DUMP_CONTENTS.get(dump.media_type,
                                                                        MERGED_CONTENTS)
        graph.text(url, DCTERMS.description, contents.format(base=base))
        graph.add(url, DCAT.mediaType, NamedNode(IANA + dump.media_type))
        graph.add(url, DCAT.compressFormat, NamedNode(IANA + "application/gzip"))
        graph.add(url, DCAT.byteSize, Literal(str(dump.byte_size),
                                                datatype=XSD.nonNegativeInteger))
        _checksum(graph, url, NamedNode(url.value + "#sha256"), dump.sha256)
    return sort_triples(graph.triples)


def description_turtle(triples: Sequence[Triple]) -> bytes:
    """void.ttl: the description in Turtle with its own prefixes."""
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=DESCRIPTION_PREFIXES)


def description_quads(triples: Sequence[Triple], base: str) -> list[Quad]:
    graph = NamedNode(base + "graph/dataset")
    return [Quad(t.subject, t.predicate, t.object, graph) for t in triples]


@dataclass(frozen=True)
class Statistics:
    """VoID's figures for a dataset."""

    triples: int
    subjects: int
    entities: int
    properties: int
    classes: tuple[tuple[str, int], ...]   # (class IRI, members), by IRI


_STATISTICS: weakref.WeakKeyDictionary[Dataset, Statistics] = weakref.WeakKeyDictionary()


def statistics(dataset: Dataset) -> Statistics:
    """The dataset's figures, in one streamed pass over its sorted N-Triples lines
    (remembered)."""
    known = _STATISTICS.get(dataset)
    if known is not None:
        return known
    triples = subjects = 0
    previous = b""
    entities: set[bytes] = set()
    classes: Counter[bytes] = Counter()
    properties: set[bytes] = set()
    rdf_type = f"<{RDF.type.value}>".encode()
    with dataset.ntriples_path().open("rb") as lines:
        for line in lines:   # sorted by subject: distinct subjects are runs
            subject, predicate, obj = split_line(line)
            triples += 1
            if subject != previous:
                subjects += 1
                previous = subject
            properties.add(predicate)
            if predicate == rdf_type:
                entities.add(subject[1:-1].split(b"#", 1)[0])
                classes[obj] += 1
    members = sorted((cls[1:-1].decode(), count) for cls, count in classes.items())
    known = _STATISTICS[dataset] = Statistics(triples, subjects, len(entities),
                                              len(properties), tuple(members))
    return known


def _statistics(graph: Graph, node: NamedNode, dataset: Dataset) -> None:
    figures = statistics(dataset)
    graph.add(node, VOID.triples, integer(figures.triples))
    graph.add(node, VOID.distinctSubjects, integer(figures.subjects))
    graph.add(node, VOID.entities, integer(figures.entities))
    graph.add(node, VOID.classes, integer(len(figures.classes)))
    graph.add(node, VOID.properties, integer(figures.properties))
    for cls, members in figures.classes:
        local = cls.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        prefix = "spiral-" if cls.startswith(SPIRAL_NS) else ""
        partition = NamedNode(f"{node.value}#class-{prefix}{local}")
        graph.add(node, VOID.classPartition, partition)
        graph.add(partition, VOID["class"], NamedNode(cls))
        graph.add(partition, VOID.entities, integer(members))


def _provenance(graph: Graph, node: NamedNode, base: str, run: BuildRun) -> None:
    activity = NamedNode(base + "dataset#build")
    software = NamedNode(f"{base}dataset#spiralld-{__version__}")
    graph.add(node, PROV.wasGeneratedBy, activity)
    graph.type(activity, PROV.Activity)
    graph.add(activity, PROV.startedAtTime, _timestamp(run.started))
    graph.add(activity, PROV.endedAtTime, _timestamp(run.ended))
    graph.add(activity, PROV.wasAssociatedWith, software)
    graph.type(software, PROV.SoftwareAgent, SCHEMA.SoftwareApplication)
    graph.text(software, SCHEMA.name, "spiralld")
    graph.text(software, SCHEMA.softwareVersion, __version__)
    for path, digest in run.inputs:
        source = NamedNode(f"{base}dataset#input/{path}")
        graph.add(activity, PROV.used, source)
        graph.type(source, PROV.Entity)
        graph.text(source, DCTERMS.identifier, path)
        _checksum(graph, source, NamedNode(f"{base}dataset#sha256-{digest}"), digest)


def _checksum(graph: Graph, subject: NamedNode, node: NamedNode, digest: str) -> None:
    graph.add(subject, SPDX.checksum, node)
    graph.type(node, SPDX.Checksum)
    graph.add(node, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    graph.text(node, SPDX.checksumValue, digest)
