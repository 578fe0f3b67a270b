"""Serializations: the dataset in each format (a registry keyed by name), the per-resource
documents, and the compressed dumps with their checksums."""

from __future__ import annotations

import functools
import hashlib
import itertools
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import Quad, Triple

from ..errors import SpiralldError
from ..mapping import Dataset
from ..namespaces import PREFIXES
from ..rebuild.parallel import chunked
from ..rebuild.reads import DOCUMENT, documents_read, recording
from ..rebuild.reuse import Reuse
from . import jsonld
from .documents import Document, Documents
from .gzip_pieces import Piece, PiecewiseGzip, PreviousPieces, digest
from .staging import StagedRelease

#: The unit of a resource's data documents (see :mod:`spiralld.rebuild.reuse`): ``DATA + iri``.
DATA = "data "


@dataclass(frozen=True)
class Exporter:
    """Streams a dataset in one format into a binary file; ``extra`` are more named-graph
    quads (the dataset description), used by the formats that keep graphs apart."""

    name: str
    file_name: str
    media_type: str
    write: Callable[[Dataset, Sequence[Quad], BinaryIO], None]


def turtle(triples: Iterable[Triple], out: BinaryIO | None = None) -> bytes | None:
    return pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=PREFIXES)


def ntriples(triples: Iterable[Triple], out: BinaryIO | None = None) -> bytes | None:
    return pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.N_TRIPLES)


def rdfxml(triples: Iterable[Triple], out: BinaryIO | None = None) -> bytes | None:
    return pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.RDF_XML,
                                prefixes=PREFIXES)


def nquads_chunks(dataset: Dataset, extra: Sequence[Quad]) -> Iterator[bytes]:
    """Every quad of the dataset as N-Quads text, graph by graph, then ``extra`` (sorted)."""
    yield from dataset.nquads()
    yield pyoxigraph.serialize(sorted(extra, key=str),
                               format=pyoxigraph.RdfFormat.N_QUADS) or b""


def _nquads(dataset: Dataset, extra: Sequence[Quad], out: BinaryIO) -> None:
    out.writelines(nquads_chunks(dataset, extra))


def _ntriples(dataset: Dataset, extra: Sequence[Quad], out: BinaryIO) -> None:
    _copy(dataset.ntriples_path(), out)


def _copy(path: Path, out: BinaryIO) -> None:
    with path.open("rb") as data:
        shutil.copyfileobj(data, out, 1 << 20)


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
                  lambda dataset, extra, out: turtle(dataset.triples(), out)))
register(Exporter("jsonld", "dataset.jsonld", "application/ld+json",
                  lambda dataset, extra, out: jsonld.write_document(dataset.triples(), out)))
register(Exporter("ntriples", "dataset.nt", "application/n-triples", _ntriples))
register(Exporter("nquads", "dataset.nq", "application/n-quads", _nquads))


#: The dataset files at the release root, and the formats dumped (gzipped) in dumps/.
ROOT_FORMATS = ("turtle", "jsonld")
DUMP_FORMATS = ("turtle", "ntriples", "nquads", "jsonld")
#: The formats written side by side, a group to a process: JSON-LD's serializer takes
#: about as long as the others together.
FORMAT_GROUPS = (("jsonld",), ("turtle", "ntriples", "nquads"))


# --- the root files, piece by piece -----------------------------------------------------

#: A piece of a root file holds the subjects of at least this many bytes of the sorted
#: N-Triples file, and ends before a subject whose hash has the bits of the mask clear.
ROOT_PIECE_BYTES = 1 << 18
ROOT_PIECE_MASK = 63


@dataclass(frozen=True)
class RootFormat:
    """A root file written as a head, then each piece of subjects serialized on its own
    (the same bytes as the whole serialized at once), then a tail. ``first`` makes the
    first piece's bytes (a separator dropped, say); ``head_always``: write the head even
    when there is no piece."""

    head: Callable[[], bytes]
    piece: Callable[[list[Triple]], bytes]
    first: Callable[[bytes], bytes]
    tail: bytes
    head_always: bool


@functools.cache
def _turtle_head() -> bytes:
    """The @prefix lines pyoxigraph writes before the first triple."""
    probe = pyoxigraph.Triple(pyoxigraph.NamedNode("urn:x:s"), pyoxigraph.NamedNode("urn:x:p"),
                              pyoxigraph.NamedNode("urn:x:o"))
    data = turtle([probe]) or b""
    return data[:data.index(b"<urn:x:s>")]


def _turtle_body(triples: list[Triple]) -> bytes:
    data = turtle(triples) or b""
    head = _turtle_head()
    if not data.startswith(head):
        raise AssertionError("pyoxigraph's Turtle did not start with the prefixes")
    return data[len(head):]


def _jsonld_nodes(triples: list[Triple]) -> bytes:
    return b"".join(jsonld.document_nodes(group)
                    for _subject, group in itertools.groupby(triples, lambda t: t.subject))


ROOT_PIECES: dict[str, RootFormat] = {
    "turtle": RootFormat(_turtle_head, _turtle_body, lambda data: data, b"", False),
    "jsonld": RootFormat(jsonld.document_head, _jsonld_nodes, lambda data: data[1:],
                         jsonld.DOCUMENT_TAIL, True),
}


def write_root(dataset: Dataset, fmt: RootFormat, out: BinaryIO,
               previous: PreviousPieces | None = None) -> tuple[list[Piece], int]:
    """The dataset in ``fmt``, piece by piece (see :meth:`Dataset.pieces`): a piece whose
    N-Triples ``previous`` holds (the previous release's file) is copied from there, the
    others serialized. Returns the pieces written (all but the first, which ``first``
    changed), where the next build finds them, and how many were copied."""
    pieces: list[Piece] = []
    offset = copied = 0

    def put(data: bytes) -> None:
        nonlocal offset
        out.write(data)
        offset += len(data)

    if fmt.head_always:
        put(fmt.head())
    first = True
    for start, end in dataset.pieces(ROOT_PIECE_BYTES, ROOT_PIECE_MASK):
        lines = dataset.read(start, end)
        key = digest(lines)
        data = previous.read(key, len(lines)) if previous is not None else None
        found = data is not None
        if data is None:
            data = fmt.piece([quad.triple for quad in pyoxigraph.parse(
                lines, format=pyoxigraph.RdfFormat.N_TRIPLES)])
        if first:
            if not fmt.head_always:
                put(fmt.head())
            put(fmt.first(data))
            first = False
            continue
        copied += found
        pieces.append(Piece(key, offset, len(data), len(lines)))
        put(data)
    put(fmt.tail)
    return pieces, copied


# --- per-resource documents ------------------------------------------------------------

DOCUMENT_FORMATS: dict[str, Callable[[Document], bytes | None]] = {
    ".ttl": lambda doc: turtle(doc.triples),
    ".nt": lambda doc: ntriples(doc.triples),
    ".rdf": lambda doc: rdfxml(doc.triples),
    ".jsonld": lambda doc: jsonld.dumps(jsonld.tree(doc.triples, doc.iri)),
}


def write_documents(documents: Documents, release: StagedRelease,
                    progress: Callable[[str, int, int], None] | None = None,
                    reuse: Reuse | None = None) -> int:
    """Write every resource's description as .ttl, .nt, .rdf and .jsonld, on every core; return
    how many resources. With ``reuse``, the documents no edit touched are carried over from
    the previous release, and each document made is recorded with what it read."""
    iris = documents.iris
    todo = [iri for iri in iris if reuse is None or reuse.carry(DATA + iri, release) is None]

    def write_chunk(chunk: Sequence[str]) -> list[tuple[str, list[str], set[str]]]:
        made = []
        for iri in chunk:
            with recording() as notes:
                document = documents.document(iri)
            paths = [document.path + suffix for suffix in DOCUMENT_FORMATS]
            for path, write in zip(paths, DOCUMENT_FORMATS.values(), strict=True):
                release.write(path, write(document))
            made.append((iri, paths, documents_read(notes)))
        return made

    carried = len(iris) - len(todo)
    for done, made in chunked(todo, write_chunk):
        for iri, paths, notes in made:
            release.written.update(paths)
            if reuse is not None:
                reuse.record(DATA + iri, paths, notes)
                reuse.touch(DOCUMENT + iri)
        if progress:
            progress("documents", carried + done, len(iris))
    return len(iris)


# --- dumps -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Dump:
    """One compressed dump as written: what a dcat:Distribution says about it. A shard
    holds one part of the N-Quads dump."""

    path: str
    media_type: str
    byte_size: int
    sha256: str
    shard: bool = False
    #: Its pieces (see :mod:`spiralld.release.gzip_pieces`), kept for the next build.
    pieces: tuple[Piece, ...] = field(default=(), repr=False, compare=False)
    #: How many of them were copied from the previous release.
    reused: int = field(default=0, repr=False, compare=False)


def _gzipped(release: StagedRelease, path: str, media_type: str, mtime: int,
             write: Callable[[BinaryIO], None], shard: bool = False,
             previous: PreviousPieces | None = None) -> Dump:
    """Stream ``write``'s output through gzip into ``path``, in pieces (those the previous
    release's dumps hold copied from them); the Dump describing it."""
    target = release.path(path)
    with target.open("wb") as raw:
        # No file name in the header, the mtime given: the same data, the same bytes.
        with PiecewiseGzip(raw, mtime, previous) as out:
            write(out)   # type: ignore[arg-type]
    with target.open("rb") as written:
        checksum = hashlib.file_digest(written, "sha256").hexdigest()
    return Dump(path, media_type, target.stat().st_size, checksum, shard,
                tuple(out.pieces), out.reused)


@dataclass(frozen=True)
class RootFile:
    """A root file as written, with its pieces (see :func:`write_root`)."""

    path: str
    byte_size: int
    pieces: tuple[Piece, ...]
    #: How many pieces were copied from the previous release.
    reused: int = 0


@dataclass(frozen=True)
class DatasetFiles:
    """What :func:`write_dumps` wrote."""

    dumps: list[Dump]
    roots: list[RootFile]


def write_dumps(dataset: Dataset, description: Sequence[Quad], release: StagedRelease,
                mtime: int, shard_quads: int = 0, workers: int | None = None,
                previous: PreviousPieces | None = None,
                previous_roots: Mapping[str, PreviousPieces] | None = None) -> DatasetFiles:
    """The dataset files: the root files (dataset.ttl, dataset.jsonld), dumps/dataset.{ttl,
    nt,nq,jsonld}.gz and dumps/SHA256SUMS (``sha256sum -c`` format), each streamed to disk,
    the groups of :data:`FORMAT_GROUPS` on two cores (on ``workers`` processes if given:
    1 writes them all in this process); with ``shard_quads``, also the
    N-Quads dump cut into dumps/shards/dataset-NNNNN.nq.gz of at most that many quads each,
    for bulk loaders.

    gzip headers carry ``mtime`` (SOURCE_DATE_EPOCH or 0) and no file name, so the same
    data gives byte-identical dumps. Each is compressed in pieces
    (:mod:`spiralld.release.gzip_pieces`):
    those the ``previous`` release's dumps hold are copied from them. The root files are
    written in pieces too (:func:`write_root`), copied from the previous release's root
    file of the same name in ``previous_roots`` where they hold the same triples.
    """
    def write_groups(groups: Sequence[tuple[str, ...]]
                     ) -> list[tuple[list[Dump], list[RootFile], set[str]]]:
        done = []
        for names in groups:
            written, dumps, roots = set(), [], []
            for name in names:
                dump, root = _write_format(dataset, description, release, name, mtime,
                                           previous, previous_roots or {})
                dumps.append(dump)
                written.add(dump.path)
                if root is not None:
                    roots.append(root)
                    written.add(root.path)
            done.append((dumps, roots, written))
        return done

    by_path: dict[str, Dump] = {}
    roots: list[RootFile] = []
    for _done, groups in chunked(FORMAT_GROUPS, write_groups, workers, min_items=2):
        for group_dumps, group_roots, written in groups:
            release.written.update(written)
            by_path.update((dump.path, dump) for dump in group_dumps)
            roots.extend(group_roots)
    dumps = [by_path[f"dumps/{exporter(name).file_name}.gz"] for name in DUMP_FORMATS]
    if shard_quads > 0:
        lines = (line for chunk in nquads_chunks(dataset, description)
                 for line in chunk.splitlines(keepends=True))
        number = 0
        while shard := list(itertools.islice(lines, shard_quads)):
            number += 1
            dumps.append(_gzipped(
                release, f"dumps/shards/dataset-{number:05d}.nq.gz", "application/n-quads",
                mtime, lambda out, shard=shard: out.writelines(shard), shard=True,
                previous=previous))
    sums = "".join(f"{d.sha256}  {d.path.removeprefix('dumps/')}\n" for d in dumps)
    release.write("dumps/SHA256SUMS", sums)
    return DatasetFiles(dumps, sorted(roots, key=lambda root: root.path))


def _write_format(dataset: Dataset, description: Sequence[Quad], release: StagedRelease,
                  name: str, mtime: int, previous: PreviousPieces | None,
                  previous_roots: Mapping[str, PreviousPieces]
                  ) -> tuple[Dump, RootFile | None]:
    """The dump of one format, after the root file of that format if it has one (the dump
    then compresses the root file's bytes)."""
    writer = exporter(name)
    root = None
    if name in ROOT_FORMATS:
        path = release.path(writer.file_name)
        with path.open("wb") as out:
            pieces, copied = write_root(dataset, ROOT_PIECES[name], out,
                                        previous_roots.get(writer.file_name))
        root = RootFile(writer.file_name, path.stat().st_size, tuple(pieces), copied)
        write: Callable[[BinaryIO], None] = functools.partial(_copy, path)
    else:
        write = functools.partial(writer.write, dataset, description)
    dump = _gzipped(release, f"dumps/{writer.file_name}.gz", writer.media_type, mtime, write,
                    previous=previous)
    return dump, root
