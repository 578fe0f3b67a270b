"""What a written file read: the documents of the dataset it looked up, and other inputs.

A data document or an HTML page is made from lookups of the dataset by node: a node's
properties (the triples whose subject it is) and the links into it (those whose object it
is). While one is made, each lookup notes the document the node belongs to (its IRI
without the fragment), with :data:`LINKS` before it for links in; a rebuild then redoes
only the files whose notes name a document that an edit touched (see
:mod:`spiralld.rebuild.reuse`).

A lookup that is not by node (every triple with some predicate, say) notes
:data:`EVERYTHING`: such a file is made again by every build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

#: Noted by a lookup of the whole dataset.
EVERYTHING = "*"
#: Prefix of the note of a lookup of the links into a node.
LINKS = "links "
#: Prefixes of notes that are not documents: a profile's file, a written data document.
FILE = "file "
DOCUMENT = "document "

_notes: set[str] | None = None


def root_of(iri: str) -> str:
    """The document an IRI belongs to: the IRI without its fragment."""
    return iri.split("#", 1)[0]


def note(iri: str) -> None:
    """Note a lookup of the properties of node ``iri`` (while :func:`recording`)."""
    if _notes is not None:
        _notes.add(iri)


def note_links(iri: str) -> None:
    """Note a lookup of the links into node ``iri`` (while :func:`recording`)."""
    if _notes is not None:
        _notes.add(LINKS + iri)


#: Note a read of something other than the dataset (``FILE + path``, say).
note_input = note


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the notes made inside the block (blocks do not nest): the documents read
    (see :func:`documents_read`), as the IRIs looked up."""
    global _notes
    outer, _notes = _notes, set()
    try:
        yield _notes
    finally:
        _notes = outer


def documents_read(notes: set[str]) -> set[str]:
    """The notes of :func:`recording`, each node's IRI as its document's."""
    return {note if note.startswith(_INPUTS) else root_of(note) for note in notes}


_INPUTS = (FILE, DOCUMENT)
