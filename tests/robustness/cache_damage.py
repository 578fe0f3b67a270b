"""Damage to the files a build keeps for the next one, shared by test_cache_trust.py and the
``cache`` fuzz property (properties_cache.py).

Each file of the cache (the release record's units.txt, starts.bin, notes.bin, graphs.bin
and record.json; the profile cache profiles.pack; the validation verdicts validation.json)
is damaged the way disks, tools and people damage files: zero-filled at the same length,
random bytes, truncated, its lines shuffled, JSON of the wrong type where a map is expected,
a value edited. The helpers know the files' layout (not spiralld's code), so that a damage
that keeps the file's structure (and even its checksum, where they say so) can be made.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spiralld.rebuild.reuse import record_dir

#: The files of the release record (in the record's directory, one per release).
RECORD_FILES = ("units.txt", "starts.bin", "notes.bin", "graphs.bin", "record.json")
#: The files of the cache directory itself.
CACHE_FILES = ("profiles.pack", "validation.json")
ALL_FILES = RECORD_FILES + CACHE_FILES
CACHE_DIR = ".spiralld-cache"


def cache_file(data: Path, name: str, out: Path) -> Path:
    """The cache file ``name`` of data project ``data`` (for a record file, the record of
    the release at ``out``)."""
    if name in CACHE_FILES:
        return data / CACHE_DIR / name
    return record_dir(data / CACHE_DIR, out) / name


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def reseal(original: bytes, content: bytes) -> bytes:
    """``content`` with the first line of sealed ``original`` and a checksum that matches
    (a damage that a checksum cannot see); ``content`` itself if ``original`` is not
    sealed."""
    if not original.startswith(b"spiralld "):
        return content
    head = original.partition(b"\n")[0].rsplit(b" ", 1)[0]
    return head + b" " + _digest(content).encode() + b"\n" + content


def _unsealed(data: bytes) -> bytes:
    return data.partition(b"\n")[2] if data.startswith(b"spiralld ") else data


# --- the profile pack's layout -----------------------------------------------------------------

def read_pack(data: bytes) -> tuple[bytes, dict[str, Any], bytes]:
    """The pack's first line, its index (as JSON) and the bytes of its index as stored."""
    magic = data[:data.index(b"\n") + 1]
    (start,) = struct.unpack(">Q", data[-8:])
    stored = data[start:-8]
    return magic, json.loads(zlib.decompress(_unsealed(stored))), stored


def write_pack(data: bytes, change: Callable[[dict[str, Any], dict[str, bytes]], Any]) -> bytes:
    """The pack with its index and entries' summaries passed through ``change(index,
    summaries)`` (which edits them in place, or returns a new index), the offsets made to
    fit and the index sealed again (as a tool that knows the layout would write it)."""
    magic, index, stored = read_pack(data)
    summaries = {path: data[entry[2]:entry[2] + entry[3]]
                 for path, entry in index["files"].items()}
    bodies = {path: data[entry[4]:entry[4] + entry[5]]
              for path, entry in index["files"].items()}
    index = change(index, summaries) or index
    out = bytearray(magic)
    files = index["files"] if isinstance(index, dict) else {}
    for path, entry in files.items() if isinstance(files, dict) else ():
        entry[2], entry[3] = len(out), len(summaries[path])
        out += summaries[path]
        entry[4], entry[5] = len(out), len(bodies[path])
        out += bodies[path]
    start = len(out)
    out += reseal(stored, zlib.compress(json.dumps(index).encode()))
    return bytes(out + struct.pack(">Q", start))


# --- damages -----------------------------------------------------------------------------------

def zero_fill(name: str, data: bytes, rng: random.Random) -> bytes:
    return bytes(len(data))


def random_bytes(name: str, data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(len(data))


def truncate(name: str, data: bytes, rng: random.Random) -> bytes:
    return data[:len(data) // 2]


def shuffle_lines(name: str, data: bytes, rng: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    if len(set(lines)) < 2:   # binary with no newline: swap its halves instead
        half = len(data) // 2
        return data[half:] + data[:half]
    while True:
        rng.shuffle(lines)
        if b"".join(lines) != data:
            return b"".join(lines)


def wrong_type(name: str, data: bytes, rng: random.Random) -> bytes:
    """A list where a map is expected, the checksum (if any) made to match."""
    if name == "profiles.pack":
        return write_pack(data, lambda index, _summaries: {
            **index, "files": [[path, *entry] for path, entry in index["files"].items()]})
    value = json.loads(_unsealed(data))
    return reseal(data, json.dumps(list(value.items())).encode())


def edited_value(name: str, data: bytes, rng: random.Random) -> bytes:
    """One value changed as an editor would change it (the checksum left as it was)."""
    if name == "profiles.pack":
        def rename(index: dict[str, Any], summaries: dict[str, bytes]) -> None:
            path = sorted(summaries)[0]
            summary = json.loads(zlib.decompress(summaries[path]))
            summary["name"] = summary["name"] + " Edited"
            summaries[path] = zlib.compress(json.dumps(summary).encode())
        return write_pack(data, rename)
    if name == "units.txt":
        return re.sub(rb"\.html\n", b".htm\n", data, count=1)
    if name.endswith(".json"):
        head = data.partition(b"\n")[0] + b"\n" if data.startswith(b"spiralld ") else b""
        value = json.loads(data[len(head):])
        if name == "record.json":   # each unit's notes now name other documents
            value["notes"].reverse()
        else:                       # a unit's verdict now a violation
            key = sorted(value)[0]
            value[key] = [{**result, "severity": "violation"} for result in value[key]] or [
                {"severity": "violation", "message": "edited", "focus": "<x:y>", "path": None,
                 "path_text": None, "value": None, "shape": None}]
        return head + json.dumps(value).encode()
    # a binary file: one number (little-endian, as the arrays are written) changed
    width = 8 if name == "starts.bin" else 4
    edited = bytearray(data)
    at = (len(data) // width // 2) * width
    number = int.from_bytes(edited[at:at + width], "little")
    edited[at:at + width] = (number + 1).to_bytes(width, "little")
    return bytes(edited)


DAMAGES: dict[str, Callable[[str, bytes, random.Random], bytes]] = {
    "zero-filled": zero_fill, "random bytes": random_bytes, "truncated": truncate,
    "lines shuffled": shuffle_lines, "list for map": wrong_type, "value edited": edited_value,
}
#: The files each damage applies to (a list for a map only where there is JSON).
APPLIES = {damage: ALL_FILES for damage in DAMAGES}
APPLIES["list for map"] = ("record.json", "validation.json", "profiles.pack")


def damage(data: Path, out: Path, name: str, how: str, seed: int = 0) -> Path:
    """Damage cache file ``name`` of ``data`` (built into ``out``) in way ``how`` (a key of
    :data:`DAMAGES`)."""
    path = cache_file(data, name, out)
    original = path.read_bytes()
    damaged = DAMAGES[how](name, original, random.Random(seed))
    assert damaged != original, (name, how)
    path.write_bytes(damaged)
    return path
