"""Writing a release directory atomically: staged aside, then swapped in whole."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PublishError

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
    """Undo what an interrupted swap left: restore the old release, remove staging dirs
    (and the new links of a symlinked ``out``). Only under :func:`release_lock`: a build
    writing ``out`` at the same time stages in these names."""
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists() and not out.is_symlink() and olds:
        olds[-1].rename(out)
    for path in _leftovers(out):
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def lock_path(out: Path) -> Path:
    """The lock file of the release directory ``out``: ``.NAME.lock`` beside it."""
    out = out.absolute()
    return out.with_name(f".{out.name}.lock")


@contextmanager
def release_lock(out: Path) -> Iterator[None]:
    """Hold the lock of release ``out`` for the block: an OS lock on :func:`lock_path`, let
    go when the process ends however it ends, the file holding the holder's pid. Another
    process holding it is an error naming its pid. The file is removed on the way out
    (still locked), so a lock is only taken on the file that is at the path."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            if error.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                raise
            who = f"pid {holder}" if holder.isdigit() else "another process"
            raise PublishError(f"{out}: another build ({who}) is writing this release "
                               f"(it holds {path}); wait for it to finish, or choose "
                               f"another --out") from None
        try:
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)   # the holder removed it as we opened it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)   # lets go of the lock


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

    def read(self, relative: str) -> bytes:
        """The bytes of a file this release has (written or linked) as ``relative``."""
        return Path(self._root, relative).read_bytes()

    def write(self, relative: str, content: bytes | str) -> Path:
        """Write one file of the release."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.path(relative)
        target.write_bytes(data)
        return target


def _refuse_foreign(out: Path, shown: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and
                                               not (out / MARKER).exists())):
        raise PublishError(f"{shown}: refusing to replace a directory that is not a spiralld "
                           f"release (no {MARKER} file); choose an empty or new --out")


def new_staging(out: Path) -> Path:
    """A new, empty staging directory beside the release ``out`` (an absolute path), once
    ``out`` is known to be a release or absent and a swap a killed build left half done is
    finished (:func:`recover`)."""
    _refuse_foreign(out, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))


@contextmanager
def staged_release(out: Path) -> Iterator[StagedRelease]:
    """Stage a release for directory ``out``; swap it in when the block succeeds. The
    caller holds :func:`release_lock` of ``out``.

    Readers see either the previous release or the new one, never a mix: the new one is
    written into a sibling staging directory and swapped in by rename. If the block
    raises, the staging directory is removed and ``out`` is left as it was. A symbolic
    link ``out`` is published by re-pointing it (:func:`_linked_release`).
    """
    out = out.absolute()
    if out.is_symlink():
        with _linked_release(out) as release:
            yield release
        return
    staging = new_staging(out)
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


def _release_prefix(link: Path) -> str:
    """How the releases spiralld makes for the symbolic link ``link`` are named."""
    return f"{link.name}.release-"


@contextmanager
def _linked_release(link: Path) -> Iterator[StagedRelease]:
    """Publish through the symbolic link ``link``: write the new release in a directory
    beside the link's target (``NAME.release-XXXXXXXX``), then point the link at it in one
    rename (a new link moved over the old). The previous target is removed if it is a
    release spiralld made so, and left as it was otherwise (a directory of your own)."""
    target = Path(os.path.realpath(link))
    _refuse_foreign(target, link)
    prefix = _release_prefix(link)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(link)
    for stale in target.parent.glob(prefix + "*"):   # killed builds', and replaced ones
        if stale != target and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    new_link = link.with_name(f".{link.name}.new-link-{os.getpid()}")
    try:
        release = StagedRelease(staging)
        yield release
        release.write(MARKER, b"")
        staging.chmod(0o755)
        # A relative link is read from the directory the link is really in.
        pointed = (str(staging) if os.path.isabs(os.readlink(link))
                   else os.path.relpath(staging, os.path.realpath(link.parent)))
        new_link.unlink(missing_ok=True)
        os.symlink(pointed, new_link)
        os.replace(new_link, link)
    except BaseException:
        new_link.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.name.startswith(prefix) and (target / MARKER).is_file():
        shutil.rmtree(target, ignore_errors=True)


def write_release(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path -> content) as the whole of directory ``out``."""
    with release_lock(out), staged_release(out) as release:
        for relative, content in sorted(files.items()):
            release.write(relative, content)
