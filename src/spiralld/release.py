"""Writing a release directory atomically: staged aside, then swapped in whole."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PublishError

MARKER = ".spiralld-release"
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _leftovers(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.new-*")) + sorted(
        out.parent.glob(f".{out.name}.old-*"))


def recover(out: Path) -> None:
    """Undo what an interrupted swap left: restore the old release, remove staging dirs."""
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists() and olds:
        olds[-1].rename(out)
    for path in _leftovers(out):
        shutil.rmtree(path, ignore_errors=True)


class StagedRelease:
    """A release being written in a staging directory beside its final place."""

    def __init__(self, staging: Path) -> None:
        self.root = staging
        self.written: set[str] = set()
        #: Paths that are hard links to the previous release's files.
        self.linked: set[str] = set()
        self._root = str(staging)
        self._made: set[str] = set()   # directories known to exist

    def path(self, relative: str) -> Path:
        """The staging path of ``relative`` (a POSIX path inside the release), made ready."""
        return Path(self._target(relative))

    def _target(self, relative: str) -> str:
        # strings, not pathlib: a rebuild links some 100,000 files
        if relative.startswith("/") or ".." in relative.split("/"):
            raise PublishError(f"refusing to write {relative!r} outside the release")
        target = os.path.join(self._root, relative)
        if relative in self.linked:   # never write through a link into the previous release
            os.unlink(target)
            self.linked.discard(relative)
        else:
            parent = os.path.dirname(target)
            if parent not in self._made:
                os.makedirs(parent, exist_ok=True)
                self._made.add(parent)
        self.written.add(relative)
        return target

    def link(self, relative: str, source: str | Path) -> None:
        """Put ``source`` (a file of the previous release) in the release as ``relative``,
        by a hard link (a copy where links fail)."""
        target = self._target(relative)
        try:
            os.link(source, target)
        except FileExistsError:
            os.unlink(target)
            os.link(source, target)
        except OSError as error:
            if isinstance(error, FileNotFoundError):
                self.written.discard(relative)
                raise
            shutil.copyfile(source, target)
            return
        self.linked.add(relative)

    def write(self, relative: str, content: bytes | str) -> Path:
        """Write one file of the release."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.path(relative)
        target.write_bytes(data)
        return target


@contextmanager
def staged_release(out: Path) -> Iterator[StagedRelease]:
    """Stage a release for directory ``out``; swap it in when the block succeeds.

    Readers see either the previous release or the new one, never a mix: the new one is
    written into a sibling staging directory and swapped in by rename. If the block
    raises, the staging directory is removed and ``out`` is left as it was.
    """
    out = out.absolute()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and
                                               not (out / MARKER).exists())):
        raise PublishError(f"{out}: refusing to replace a directory that is not a spiralld "
                           f"release (no {MARKER} file); choose an empty or new --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        release = StagedRelease(staging)
        yield release
        release.write(MARKER, b"")
        staging.chmod(0o755)
        # No os.sync(): it flushes every file system of the machine (tens of seconds on a
        # busy one). The rename keeps a killed build from leaving a mix; surviving a power
        # cut would need an fsync per file.
        if not out.exists():
            staging.rename(out)
        elif _exchange(staging, out):
            shutil.rmtree(staging)
        else:
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_release(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path -> content) as the whole of directory ``out``."""
    with staged_release(out) as release:
        for relative, content in sorted(files.items()):
            release.write(relative, content)
