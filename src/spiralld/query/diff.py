"""``spiralld diff``: the triples added and removed between two releases, grouped by entity.

A release is read from its best dataset file: ``dumps/dataset.nq.gz`` (quads, so a triple
moving between graphs is a change), else ``dumps/dataset.nt.gz``, else ``dataset.ttl``. Graphs
are compared only when both releases have the N-Quads dump; otherwise both are read as triples.
The dataset description changes on every build and is left out unless asked for: it is the
named graph whose name ends in ``graph/dataset`` or, in a release without that graph (triples),
the nodes typed ``void:Dataset`` with their ``#fragment`` nodes and the blank nodes they lead to.

Releases can hold millions of statements, so pyoxigraph parses each file and writes it back
as canonical N-Quads in one pass, and the comparison works on those lines (bytes): no Python
object per statement is kept, and only a few candidate lines are parsed again.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, cast

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from ..errors import SourceError, SpiralldError
from ..namespaces import RDF

VOID_DATASET = NamedNode("http://rdfs.org/ns/void#Dataset")
#: Named graphs whose name ends so hold the dataset description.
DESCRIPTION_GRAPH_SUFFIX = "graph/dataset"

Status = Literal["added", "removed", "changed"]
_MARKERS: dict[str, str] = {"added": "+", "removed": "-", "changed": "~"}


@dataclass(frozen=True)
class ReleaseFile:
    """A dataset file a release may hold."""

    name: str
    format: RdfFormat
    gzipped: bool
    quads: bool


#: The files read from a release, best first.
RELEASE_FILES: tuple[ReleaseFile, ...] = (
    ReleaseFile("dumps/dataset.nq.gz", RdfFormat.N_QUADS, gzipped=True, quads=True),
    ReleaseFile("dumps/dataset.nt.gz", RdfFormat.N_TRIPLES, gzipped=True, quads=False),
    ReleaseFile("dataset.ttl", RdfFormat.TURTLE, gzipped=False, quads=False),
)


@dataclass(frozen=True)
class EntityChange:
    """The lines added and removed about one entity (its IRI without the ``#fragment``)."""

    entity: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    #: "added" (the entity is new), "removed" (it is gone) or "changed".
    status: Status = "changed"

    @property
    def marker(self) -> str:
        return _MARKERS[self.status]

    def summary_line(self) -> str:
        counts = {"added": f"+{len(self.added)}", "removed": f"-{len(self.removed)}",
                  "changed": f"+{len(self.added)} -{len(self.removed)}"}[self.status]
        return f"{self.marker} {self.entity}  {counts}"


@dataclass(frozen=True)
class Changeset:
    """What changed between two releases, entity by entity."""

    old: str
    new: str
    changes: tuple[EntityChange, ...]
    #: "quads" when both releases had N-Quads dumps (graphs compared), else "triples".
    compared: Literal["quads", "triples"] = "triples"
    include_description: bool = False
    #: Lines that differ in the dataset description (left out unless include_description).
    description_changes: int = 0
    #: Why graphs were not compared, when one release had quads and the other did not.
    graphs_note: str = ""

    @property
    def added(self) -> int:
        return sum(len(change.added) for change in self.changes)

    @property
    def removed(self) -> int:
        return sum(len(change.removed) for change in self.changes)

    def summary_lines(self) -> list[str]:
        """One line per changed entity, a total line, then notes on what was not compared."""
        lines = [change.summary_line() for change in self.changes]
        lines.append(f"{_count(len(self.changes), 'entity', 'entities')} changed: "
                     f"{_count(self.added, 'triple')} added, {self.removed} removed")
        if not self.include_description:
            lines.append("dataset description not compared (it changes on every build; "
                         f"{_count(self.description_changes, 'changed triple')} left out)")
        if self.graphs_note:
            lines.append(self.graphs_note)
        return lines

    def to_rdf_patch(self) -> str:
        """The changeset as an RDF Patch: ``TX .``, per entity its ``D`` then ``A`` rows, ``TC .``.

        Deterministic (no ``H id`` header); applying it to the old release gives the new one
        (except the dataset description when it was left out).
        """
        rows = ["TX ."]
        for change in self.changes:
            rows.extend(f"D {line}" for line in change.removed)
            rows.extend(f"A {line}" for line in change.added)
        rows.append("TC .")
        return "\n".join(rows) + "\n"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def diff_releases(old_dir: Path, new_dir: Path,
                  include_description: bool = False) -> Changeset:
    """Compare two release directories; raises SpiralldError if either cannot be read."""
    old_dir, new_dir = Path(old_dir), Path(new_dir)
    old_files, new_files = release_files(old_dir), release_files(new_dir)
    graphs = old_files[0].quads and new_files[0].quads
    note = ""
    if not graphs and (old_files[0].quads or new_files[0].quads):
        directory, files = (new_dir, new_files) if old_files[0].quads else (old_dir, old_files)
        note = (f"graphs not compared: {directory} has no {RELEASE_FILES[0].name} "
                f"(read {files[0].name})")
    old_data = _read(old_dir, old_files, graphs)
    new_data = _read(new_dir, new_files, graphs)
    old, new = _split_lines(old_data), _split_lines(new_data)
    old_description = set() if include_description else _description(old_data)
    new_description = set() if include_description else _description(new_data)
    old -= old_description
    new -= new_description
    removed, added = old - new, new - old
    groups: dict[str, tuple[list[bytes], list[bytes]]] = defaultdict(lambda: ([], []))
    for line in added:
        groups[_entity(line)][0].append(line)
    for line in removed:
        groups[_entity(line)][1].append(line)
    # an entity with only additions is new unless the old release had lines about it
    existed = _entities(old, {entity for entity, (_, removes) in groups.items() if not removes})
    exists = _entities(new, {entity for entity, (adds, _) in groups.items() if not adds})
    changes = tuple(
        EntityChange(entity, _decoded(adds), _decoded(removes),
                     "added" if not removes and entity not in existed else
                     "removed" if not adds and entity not in exists else "changed")
        for entity, (adds, removes) in sorted(groups.items()))
    return Changeset(
        str(old_dir), str(new_dir), changes,
        compared="quads" if graphs else "triples",
        include_description=include_description,
        description_changes=len(old_description ^ new_description),
        graphs_note=note)


def release_files(directory: Path) -> list[ReleaseFile]:
    """The dataset files a release holds, best first; raises SpiralldError if none."""
    if not directory.is_dir():
        raise SpiralldError(f"{directory}: not a release: no such directory")
    found = [kind for kind in RELEASE_FILES if (directory / kind.name).is_file()]
    if not found:
        names = ", ".join(kind.name for kind in RELEASE_FILES)
        raise SpiralldError(f"{directory}: not a release: none of {names} found")
    return found


def _read(directory: Path, files: list[ReleaseFile], graphs: bool) -> bytes:
    """A release's statements as canonical N-Quads (N-Triples unless graphs)."""
    if graphs:
        return _load(directory / files[0].name, files[0], project=False)
    triples = [kind for kind in files if not kind.quads]
    if triples:
        return _load(directory / triples[0].name, triples[0], project=False)
    return _load(directory / files[0].name, files[0], project=True)


#: pyoxigraph's prefix to a syntax error; the line and column are reported as path:line:col.
_PARSER_PREFIX = re.compile(
    r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")


def _load(path: Path, kind: ReleaseFile, project: bool) -> bytes:
    """Parse a dataset file and write it back as canonical N-Quads (graphs dropped if project).
    """
    try:
        if not kind.gzipped:
            return _canonical(parse(path=path, format=kind.format), project)
        with gzip.open(path, "rb") as raw, io.BufferedReader(raw, 1 << 20) as stream:
            return _canonical(parse(cast("IO[bytes]", stream), format=kind.format), project)
    except SyntaxError as error:
        message = _PARSER_PREFIX.sub("", error.msg or str(error))
        raise SourceError(message, path, error.lineno, error.offset) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise SpiralldError(f"{path}: not a readable gzip file: {error}") from None
    except OSError as error:
        raise SpiralldError(f"{path}: cannot read: {error.strerror or error}") from None


def _split_lines(data: bytes) -> set[bytes]:
    lines = set(data.split(b"\n"))
    lines.discard(b"")
    return lines


def _canonical(quads: Iterator[Quad], project: bool) -> bytes:
    if project:  # a quads-only release compared with a triples one
        triples = (Triple(quad.subject, quad.predicate, quad.object) for quad in quads)
        return serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def _quad(line: bytes) -> Quad:
    (quad,) = parse(line, format=RdfFormat.N_QUADS)
    return cast(Quad, quad)


def _description(data: bytes) -> set[bytes]:
    """The lines describing the dataset: its named graph or, in a release without one, the
    nodes typed void:Dataset with their fragments and the blank nodes they lead to.

    Candidate lines are found by byte search in the canonical text (real newlines only end
    lines there), then confirmed by parsing them.
    """
    found = {line for line in _lines_with(data, b"graph/dataset> .\n")
             if isinstance(graph := _quad(line).graph_name, NamedNode)
             and graph.value.endswith(DESCRIPTION_GRAPH_SUFFIX)}
    if found:
        return found
    typed = f" {RDF.type} {VOID_DATASET} ".encode()
    nodes = {quad.subject for quad in map(_quad, _lines_with(data, typed))
             if quad.predicate == RDF.type and quad.object == VOID_DATASET}
    frontier = {line for node in nodes for prefix in _subject_prefixes(node)
                for line in _lines_starting(data, prefix)}
    described: set[bytes] = set()
    while frontier - described:  # with the blank nodes hanging off it (partitions, lists)
        frontier -= described
        described |= frontier
        blanks = {obj for obj in (_quad(line).object for line in frontier)
                  if isinstance(obj, BlankNode)}
        frontier = {line for blank in blanks for line in _lines_starting(data, f"{blank} ")}
    return described


def _lines_with(data: bytes, needle: bytes) -> Iterator[bytes]:
    """The lines of ``data`` that contain ``needle`` (which holds no newline but at its end)."""
    start = 0
    while (at := data.find(needle, start)) >= 0:
        begin = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at + len(needle) - 1)
        end = len(data) if end < 0 else end
        yield data[begin:end]
        start = end + 1


def _lines_starting(data: bytes, prefix: str) -> Iterator[bytes]:
    """The lines of ``data`` that begin with ``prefix``."""
    head = prefix.encode()
    needle = b"\n" + head
    at = -1 if data.startswith(head) else data.find(needle)  # the newline before the line
    if at == -1 and not data.startswith(head):
        return
    while True:
        end = data.find(b"\n", at + 1)
        end = len(data) if end < 0 else end
        yield data[at + 1:end]
        at = data.find(needle, end)
        if at < 0:
            return


def _subject_prefixes(node: object) -> tuple[str, ...]:
    """How lines about a node, or (for an IRI) about its fragments, begin."""
    if isinstance(node, NamedNode):
        return (f"<{node.value}> ", f"<{node.value}#")
    return (f"{node} ",)


def _subject(line: bytes) -> bytes:
    """The subject term of a canonical line (terms are separated by one space)."""
    return line[:line.index(b" ")]


def _subject_entity(subject: bytes) -> str:
    """The entity of a subject term: the IRI without its fragment; a blank node as is."""
    if subject.startswith(b"<"):
        return subject[1:-1].decode().partition("#")[0]
    return subject.decode()


def _entity(line: bytes) -> str:
    return _subject_entity(_subject(line))


def _entities(lines: Iterable[bytes], wanted: set[str]) -> set[str]:
    """Which of the wanted entities are the subject of some line."""
    if not wanted:
        return set()
    return {_subject_entity(subject) for subject in {_subject(line) for line in lines}} & wanted


def _decoded(lines: list[bytes]) -> tuple[str, ...]:
    return tuple(sorted(line.decode() for line in lines))
