"""Cache files that are checked before they are trusted: a format and a checksum of the bytes.

Every file a build keeps for the next (the release record, the profile cache, the validation
verdicts) is *sealed*: a first line ``spiralld <kind> <format> <digest>`` then the content,
``digest`` a BLAKE2b of the content. :func:`unseal` gives the content back only if the line
is that of this code's kind and format and the digest matches; any doubt raises
:class:`Damaged`, whose reason the build reports in one warning line before it makes that
part again (a damaged cache is only a slower build, never a wrong one).

Files read in part (the graphs of the record, the entries of the profile cache) are not
sealed as a whole: their pieces' digests are in a sealed file, checked as each is read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: What a :class:`Damaged` says of a file whose bytes do not match their digest.
CHECKSUM = "failed its checksum"


class Damaged(Exception):
    """A cache file that is not as its writer left it (its reason: :data:`CHECKSUM`, ...)."""

    def __init__(self, path: Path | str, reason: str = CHECKSUM) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def warning(self, consequence: str) -> str:
        """The one line a build reports: the file, what is wrong, what it does instead."""
        return f"{self.path} {self.reason}: {consequence}"


def digest(data: bytes) -> str:
    """The checksum of ``data`` (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path | str) -> str:
    """The checksum of a file's bytes, read in blocks."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def _head(kind: str, version: int) -> bytes:
    return f"spiralld {kind} {version} ".encode()


def seal(content: bytes, kind: str, version: int) -> bytes:
    """``content`` with its first line: kind, format and checksum."""
    return _head(kind, version) + digest(content).encode() + b"\n" + content


def unseal(data: bytes, kind: str, version: int, path: Path | str) -> bytes:
    """The content of sealed ``data`` (read from ``path``), checked; else :class:`Damaged`."""
    head, newline, content = data.partition(b"\n")
    expected = _head(kind, version)
    if not newline or not head.startswith(expected):
        raise Damaged(path, "is not a cache file of this spiralld's format")
    if head[len(expected):] != digest(content).encode():
        raise Damaged(path)
    return content


def read_json(path: Path, kind: str, version: int, of_type: type) -> Any:
    """The JSON value of sealed file ``path``, which must be an ``of_type`` (dict, list);
    :class:`Damaged` if it is not, OSError if the file cannot be read."""
    try:
        value = json.loads(unseal(path.read_bytes(), kind, version, path))
    except (ValueError, RecursionError) as error:   # UnicodeDecodeError is a ValueError
        raise Damaged(path, "is not valid JSON") from error
    if not isinstance(value, of_type):
        raise Damaged(path, f"holds a {type(value).__name__} where a "
                            f"{of_type.__name__} is expected")
    return value


def write_json(path: Path, value: Any, kind: str, version: int) -> None:
    """Write ``value`` as sealed JSON to ``path`` (aside, then renamed over it)."""
    staging = path.with_name(path.name + ".tmp")
    staging.write_bytes(seal(json.dumps(value, sort_keys=True).encode(), kind, version))
    os.replace(staging, path)


def check_types(value: Any, path: Path | str, *shapes: tuple[str, type]) -> None:
    """Check that ``value`` (a dict) has each (key, type) of ``shapes``; else :class:`Damaged`."""
    for key, of_type in shapes:
        if not isinstance(value.get(key), of_type):
            raise Damaged(path, f"has no {of_type.__name__} {key!r}")


def first(paths: Iterable[str]) -> str:
    """How a warning names several entries: the first, and how many more."""
    names = sorted(paths)
    return names[0] + (f" and {len(names) - 1} more" if names[1:] else "")


class Spelling:
    """How the caches name the files of the data project at ``root`` whatever way the
    directory was given (``data``, ``./data``, ``/abs/path/data``, through a symlink): a file
    inside it by its path from the root, others by their resolved path. Keys, not names
    shown: :meth:`shown` gives the path back as this run spells it."""

    def __init__(self, root: Path | str) -> None:
        self.root = str(root)
        self._prefix = "" if self.root in ("", ".") else self.root.rstrip("/") + "/"
        self._real = os.path.realpath(self.root) + "/"

    def key(self, path: str) -> str:
        """The key of a file given as this run spells its paths (``root/...``)."""
        if not self.root:   # no root given: paths as they are
            return path
        if path.startswith(self._prefix) and not os.path.isabs(path[len(self._prefix):]):
            rest = path[len(self._prefix):]
            if not rest.startswith("../") and "/../" not in rest:
                return rest
        real = os.path.realpath(path)
        return real[len(self._real):] if real.startswith(self._real) else real

    def shown(self, key: str) -> str:
        """The path of a key as this run spells it."""
        return key if os.path.isabs(key) else self._prefix + key

    def respell(self, path: str, root: str) -> str:
        """``path`` as spelt by a run whose root was ``root``, spelt as this run does."""
        return self.shown(Spelling(root).key(path)) if root != self.root else path
