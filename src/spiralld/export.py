"""Serializations: the dataset in each format (a registry keyed by name), the per-resource
documents, and the compressed dumps with their checksums."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph
from pyoxigraph import Quad, Triple

from . import jsonld
from .documents import Document, Documents
from .errors import SpiralldError
from .mapping import Dataset
from .namespaces import PREFIXES
from .release import StagedRelease


@dataclass(frozen=True)
class Exporter:
    """Writes a dataset in one format; ``extra`` are more named-graph quads (the dataset
    description), used by the formats that keep graphs apart."""

    name: str
    file_name: str
    media_type: str
    write: Callable[[Dataset, Sequence[Quad]], bytes]


def turtle(triples: Sequence[Triple]) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)


def ntriples(triples: Sequence[Triple]) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)


def _nquads(dataset: Dataset, extra: Sequence[Quad]) -> bytes:
    quads = [*dataset.quads(), *sorted(extra, key=str)]
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Add an exporter; third parties register theirs the same way."""
    EXPORTERS[exporter.name] = exporter


def exporter(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise SpiralldError(f"unknown format {name!r} (known: {known})") from None


register(Exporter("turtle", "dataset.ttl", "text/turtle",
                  lambda dataset, extra: turtle(dataset.triples())))
register(Exporter("jsonld", "dataset.jsonld", "application/ld+json",
                  lambda dataset, extra: jsonld.dumps(jsonld.document(dataset.triples()))))
register(Exporter("ntriples", "dataset.nt", "application/n-triples",
                  lambda dataset, extra: ntriples(dataset.triples())))
register(Exporter("nquads", "dataset.nq", "application/n-quads", _nquads))

#: The dataset files at the release root, and the formats dumped (gzipped) in dumps/.
ROOT_FORMATS = ("turtle", "jsonld")
DUMP_FORMATS = ("turtle", "ntriples", "nquads", "jsonld")


# --- per-resource documents ------------------------------------------------------------

DOCUMENT_FORMATS: dict[str, Callable[[Document], bytes]] = {
    ".ttl": lambda doc: turtle(doc.triples),
    ".nt": lambda doc: ntriples(doc.triples),
    ".jsonld": lambda doc: jsonld.dumps(jsonld.tree(doc.triples, doc.iri)),
}


def write_documents(documents: Documents, release: StagedRelease,
                    progress: Callable[[str, int, int], None] | None = None) -> int:
    """Write every resource's description as .ttl, .nt and .jsonld; return how many."""
    total = len(documents.iris)
    count = 0
    for document in documents:
        if progress and count % 100 == 0:
            progress("documents", count, total)
        for suffix, write in DOCUMENT_FORMATS.items():
            release.write(document.path + suffix, write(document))
        count += 1
    if progress:
        progress("documents", count, total)
    return count


# --- dumps -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Dump:
    """One compressed dump as written: what a dcat:Distribution says about it."""

    path: str
    media_type: str
    byte_size: int
    sha256: str


def write_dumps(dataset: Dataset, description: Sequence[Quad], release: StagedRelease,
                mtime: int) -> list[Dump]:
    """dumps/dataset.{ttl,nt,nq,jsonld}.gz and dumps/SHA256SUMS (``sha256sum -c`` format).

    gzip headers carry ``mtime`` (SOURCE_DATE_EPOCH or 0) and no file name, so the same
    data gives byte-identical dumps.
    """
    dumps = []
    for name in DUMP_FORMATS:
        writer = exporter(name)
        data = gzip.compress(writer.write(dataset, description), compresslevel=6, mtime=mtime)
        path = f"dumps/{writer.file_name}.gz"
        release.write(path, data)
        dumps.append(Dump(path, writer.media_type, len(data), hashlib.sha256(data).hexdigest()))
    sums = "".join(f"{d.sha256}  {d.path.removeprefix('dumps/')}\n" for d in dumps)
    release.write("dumps/SHA256SUMS", sums)
    return dumps
