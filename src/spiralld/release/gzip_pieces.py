"""gzip files made of pieces compressed one by one, so a rebuild compresses only the
pieces an edit changed.

A dump is cut into *pieces* at points its content chooses (after the first line, past
:data:`MIN_PIECE` bytes into the piece, whose CRC-32 has its low bits clear: the idea of
``gzip --rsyncable``), and each piece is deflated on its own, ending byte-aligned (a sync
flush). The pieces' deflate data, one after the other, then an empty final block, make one
ordinary gzip member: every gzip reader reads the file, and it is only a little larger than
one compressed in a single run.

A piece's compressed bytes depend on its bytes alone, so a piece the previous release's
dumps hold (found by its digest in :class:`PreviousPieces`) is copied from there instead of
being compressed again; an edit changes the pieces around it, and the cuts fall in the same
places again a few pieces further on. A fresh build and a rebuild write the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

#: A piece ends at the first chosen line end this far into it or further...
MIN_PIECE = 1 << 20
#: ... and at this length if no line end was chosen before (data without line ends).
MAX_PIECE = 1 << 22
#: A line end is chosen when the CRC-32 of its line has these bits clear (one line in 64).
CUT_MASK = 63
#: The deflate settings every piece is compressed with.
LEVEL = 6
#: What reused pieces must have been compressed by (pieces made by another zlib might
#: differ in bytes from those this one makes, and a rebuild must equal a fresh build).
COMPRESSOR = f"zlib {zlib.ZLIB_RUNTIME_VERSION} level {LEVEL} mask {CUT_MASK} " \
             f"min {MIN_PIECE} max {MAX_PIECE}"
_FINAL_BLOCK = b"\x03\x00"   # an empty fixed-Huffman block with BFINAL set


@dataclass(frozen=True)
class Piece:
    """Where one piece's deflate data is in a gzip file, and what it holds."""

    digest: str      #: of the uncompressed bytes (sha256, first 16 bytes, hex)
    offset: int      #: of its deflate data in the gzip file
    length: int      #: of its deflate data
    size: int        #: uncompressed

    def as_row(self) -> list[object]:
        return [self.digest, self.offset, self.length, self.size]


def cut(data: bytes | bytearray | memoryview, start: int = 0, final: bool = False
        ) -> int | None:
    """The end of the piece that starts at ``start`` in ``data``; None if more data is
    needed to know it (unless ``final``: the data ends there, and so does the last piece)."""
    view = memoryview(data)
    end = len(data)
    limit = min(start + MAX_PIECE, end)
    line = data.rfind(b"\n", start, start + MIN_PIECE - 1) + 1 or start
    while True:
        newline = data.find(b"\n", max(line, start + MIN_PIECE - 1), limit)
        if newline < 0:
            break
        if not zlib.crc32(view[line:newline + 1]) & CUT_MASK:
            return newline + 1
        line = newline + 1
    if limit == start + MAX_PIECE:
        return limit
    return end if final and end > start else None


def compress(piece: bytes | memoryview) -> bytes:
    """``piece`` deflated on its own, ending byte-aligned and not final."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)


def digest(piece: bytes | memoryview) -> str:
    return hashlib.sha256(piece).digest()[:16].hex()


class PreviousPieces:
    """The pieces of the previous release's gzip files, by digest and size: each is read
    from its file when a new file holds the same bytes."""

    def __init__(self, directory: str | os.PathLike[str],
                 files: Mapping[str, Sequence[Sequence[object]]]) -> None:
        self.directory = os.fspath(directory)
        self._where: dict[tuple[str, int], tuple[str, int, int]] = {}
        for path, rows in files.items():
            for row in rows:
                piece = Piece(*row)   # type: ignore[arg-type]
                self._where.setdefault((piece.digest, piece.size),
                                       (path, piece.offset, piece.length))
        self._files: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._where)

    def read(self, digest: str, size: int) -> bytes | None:
        """The deflate data of a previous piece holding ``size`` bytes of that digest."""
        where = self._where.get((digest, size))
        if where is None:
            return None
        path, offset, length = where
        try:
            fd = self._files.get(path)
            if fd is None:
                fd = self._files[path] = os.open(os.path.join(self.directory, path),
                                                 os.O_RDONLY)
            data = os.pread(fd, length, offset)
        except OSError:
            return None
        return data if len(data) == length else None

    def close(self) -> None:
        for fd in self._files.values():
            os.close(fd)
        self._files.clear()


class PiecewiseGzip:
    """A writable binary stream: what is written goes to ``raw`` as one gzip member of
    pieces (pieces found in ``previous`` copied, the others compressed). :meth:`close`
    ends the member (it does not close ``raw``); :attr:`pieces` then lists them."""

    def __init__(self, raw: BinaryIO, mtime: int = 0,
                 previous: PreviousPieces | None = None) -> None:
        self.raw = raw
        self.previous = previous
        self.pieces: list[Piece] = []
        self.reused = 0
        self._buffer = bytearray()
        self._crc = 0
        self._size = 0
        # No file name, no extra fields; XFL 0; OS 255 (unknown), as Python's gzip writes.
        header = b"\x1f\x8b\x08\x00" + struct.pack("<I", mtime & 0xFFFFFFFF) + b"\x00\xff"
        raw.write(header)
        self._offset = len(header)
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._buffer += data
        if len(self._buffer) >= 2 * MAX_PIECE:
            self._flush_pieces(final=False)
        return len(data)

    def writelines(self, lines: Iterable[bytes]) -> None:
        for line in lines:
            self.write(line)

    def _flush_pieces(self, final: bool) -> None:
        buffer, start = self._buffer, 0
        while (end := cut(buffer, start, final)) is not None:
            self._piece(memoryview(buffer)[start:end])
            start = end
        del buffer[:start]

    def _piece(self, piece: memoryview) -> None:
        key = digest(piece)
        data = self.previous.read(key, len(piece)) if self.previous is not None else None
        if data is None:
            data = compress(piece)
        else:
            self.reused += 1
        self.raw.write(data)
        self.pieces.append(Piece(key, self._offset, len(data), len(piece)))
        self._offset += len(data)
        self._crc = zlib.crc32(piece, self._crc)
        self._size += len(piece)
        piece.release()

    def close(self) -> None:
        if self.closed:
            return
        self._flush_pieces(final=True)
        self.raw.write(_FINAL_BLOCK + struct.pack("<II", self._crc, self._size & 0xFFFFFFFF))
        self.closed = True

    def __enter__(self) -> PiecewiseGzip:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
