"""Compressed dumps are written in pieces (spiralld.release.gzip_pieces): one ordinary gzip member
that every reader reads, and a rebuild compresses only the pieces an edit changed."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from spiralld.release import gzip_pieces
from spiralld.release.gzip_pieces import Piece, PiecewiseGzip, PreviousPieces, cut


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of 16-64 KiB instead of 1-4 MiB, so that a few hundred KB make many."""
    monkeypatch.setattr(gzip_pieces, "MIN_PIECE", 1 << 14)
    monkeypatch.setattr(gzip_pieces, "MAX_PIECE", 1 << 16)


def ntriples(count: int, start: int = 0) -> bytes:
    """``count`` N-Triples lines, each different."""
    return b"".join(b'<https://example.org/id/%d> <https://schema.org/name> "Person %d" .\n'
                    % (n, n * 7919 % 10007) for n in range(start, start + count))


def write(path: Path, data: bytes, previous: PreviousPieces | None = None,
          step: int = 5000) -> PiecewiseGzip:
    """``data`` written in writes of ``step`` bytes (they need not end at a line end)."""
    with path.open("wb") as raw, PiecewiseGzip(raw, mtime=1700000000,
                                                previous=previous) as out:
        for start in range(0, len(data), step):
            out.write(data[start:start + step])
    return out


def previous_of(path: Path, out: PiecewiseGzip) -> PreviousPieces:
    return PreviousPieces(path.parent, {path.name: [piece.as_row() for piece in out.pieces]})


def test_a_file_of_pieces_is_one_gzip_member_that_every_reader_reads(tmp_path: Path) -> None:
    data = ntriples(20000)
    path = tmp_path / "dataset.nt.gz"
    out = write(path, data)
    assert len(out.pieces) > 10
    assert gzip.decompress(path.read_bytes()) == data
    member = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert member.decompress(path.read_bytes()) == data
    assert member.eof and member.unused_data == b"", "one member, nothing after it"
    if shutil.which("gzip"):
        assert subprocess.run(["gzip", "-t", str(path)]).returncode == 0
        assert subprocess.run(["gzip", "-dc", str(path)], capture_output=True).stdout == data
    header = path.read_bytes()[:10]
    assert header[3] == 0, "no file name"
    assert int.from_bytes(header[4:8], "little") == 1700000000, "the mtime given"


def test_the_pieces_say_where_their_bytes_are(tmp_path: Path) -> None:
    data = ntriples(20000)
    path = tmp_path / "dataset.nt.gz"
    out = write(path, data)
    compressed = path.read_bytes()
    at = 0
    for piece in out.pieces:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        piece_bytes = inflater.decompress(compressed[piece.offset:piece.offset + piece.length])
        assert piece_bytes == data[at:at + piece.size]
        assert piece_bytes.endswith(b"\n")
        assert piece.digest == gzip_pieces.digest(piece_bytes)
        at += piece.size
    assert at == len(data)


def test_an_edit_recompresses_only_the_pieces_around_it(tmp_path: Path) -> None:
    before = ntriples(20000)
    first = write(tmp_path / "before.nt.gz", before)
    middle = before.index(b"\n", len(before) // 2) + 1
    after = (before[:middle] + ntriples(60, start=10**6) + before[middle:]).replace(
        b"Person 0", b"Person zero", 1)
    fresh = write(tmp_path / "fresh.nt.gz", after)
    rebuilt = write(tmp_path / "rebuilt.nt.gz", after,
                    previous_of(tmp_path / "before.nt.gz", first))
    assert (tmp_path / "rebuilt.nt.gz").read_bytes() == (tmp_path / "fresh.nt.gz").read_bytes()
    assert rebuilt.pieces == fresh.pieces
    # Two edits: each changes its piece, and at most a few after it before the cuts
    # fall in the same places again.
    assert len(fresh.pieces) - 6 <= rebuilt.reused < len(fresh.pieces)
    assert len(first.pieces) > 30


def test_a_piece_whose_previous_file_is_gone_is_compressed_again(tmp_path: Path) -> None:
    data = ntriples(20000)
    first = write(tmp_path / "before.nt.gz", data)
    previous = previous_of(tmp_path / "before.nt.gz", first)
    (tmp_path / "before.nt.gz").unlink()
    again = write(tmp_path / "again.nt.gz", data, previous)
    assert again.reused == 0
    assert gzip.decompress((tmp_path / "again.nt.gz").read_bytes()) == data


def test_cuts_fall_at_chosen_line_ends_or_at_the_longest_piece() -> None:
    data = ntriples(20000)
    end = cut(data)
    assert end is not None and gzip_pieces.MIN_PIECE <= end <= gzip_pieces.MAX_PIECE
    line = data[data.rfind(b"\n", 0, end - 1) + 1:end]
    assert zlib.crc32(line) & gzip_pieces.CUT_MASK == 0, "the chosen line's CRC"
    no_line_ends = b"x" * (3 * gzip_pieces.MAX_PIECE)
    assert cut(no_line_ends) == gzip_pieces.MAX_PIECE
    assert cut(data[:100]) is None, "more data is needed to know where the piece ends"
    assert cut(data[:100], final=True) == 100
    assert cut(b"", final=True) is None


def test_an_empty_file_is_a_valid_gzip_file(tmp_path: Path) -> None:
    out = write(tmp_path / "empty.gz", b"")
    assert out.pieces == []
    assert gzip.decompress((tmp_path / "empty.gz").read_bytes()) == b""


def test_a_piece_row_round_trips() -> None:
    piece = Piece("00" * 16, 10, 20, 30)
    assert Piece(*piece.as_row()) == piece
