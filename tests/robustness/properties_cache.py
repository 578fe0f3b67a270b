"""The fuzzing property of the build's cache: random damage to random cache files never gives
a wrong release (registered as ``cache`` in properties.py's PROPERTIES).

A small corpus is built once into a scratch directory. Each example switches an edit on or
off (a role's title: the profile's and the organization's pages show it), damages one to
three cache files (bytes overwritten, zeroed, inserted, deleted or flipped, the file cut,
or one of the damages of cache_damage.py), and builds again with the CLI. The build must
exit 0, print at most one warning line per damaged file, each naming one of them, and write
the release byte for byte as a ``--fresh`` build of the same data does. It costs a build
an example (about a second): a few in CI, many in ``python -m bench.fuzz --only cache``.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner
from hypothesis import strategies as st

from spiralld.build import build
from spiralld.cli import main
from spiralld.config import Config

from .cache_damage import ALL_FILES, APPLIES, DAMAGES, cache_file
from .test_cache_trust import EPOCH, ROLE, tree

PROFILES, PAGES = 12, 2

#: One damage: (file, kind, where (a fraction of the file's length), how many bytes, bytes).
DAMAGE = st.tuples(
    st.sampled_from(ALL_FILES),
    st.sampled_from(["overwrite", "zero", "insert", "delete", "flip", "cut", *DAMAGES]),
    st.floats(0, 1), st.integers(1, 64), st.binary(min_size=1, max_size=64))
DAMAGES_LIST = st.lists(DAMAGE, min_size=1, max_size=3)


@contextmanager
def _epoch() -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


class _Project:
    """The scratch data project, its release, and the fresh trees of both states."""

    def __init__(self) -> None:
        from bench.corpus import generate

        self._scratch = tempfile.TemporaryDirectory(prefix="spiralld-fuzz-cache-")
        root = Path(self._scratch.name)
        self.data, self.out = root / "data", root / "site"
        generate(PROFILES, self.data, PAGES, seed=0)
        self.path = next(p for p in sorted((self.data / "profiles").glob("*.md"))
                         if ROLE.search(p.read_text(encoding="utf-8")))
        text = self.path.read_text(encoding="utf-8")
        self.texts = (text, ROLE.sub(r"\1 Emeritus", text, 1))
        self.edited = False
        self.fresh: dict[bool, dict[str, bytes]] = {}
        for edited in (True, False):
            self.switch()
            build(self.data, root / "fresh", Config(), fresh=True)
            self.fresh[edited] = tree(root / "fresh")
            shutil.rmtree(root / "fresh")
        self.restore()

    def switch(self) -> None:
        self.edited = not self.edited
        self.path.write_text(self.texts[self.edited], encoding="utf-8")

    def restore(self) -> None:
        """A good cache again (after a failed example): none, then a build."""
        shutil.rmtree(self.data / ".spiralld-cache", ignore_errors=True)
        build(self.data, self.out, Config(), fresh=True)
        self.good = True


@functools.cache
def _project() -> _Project:
    with _epoch():
        return _Project()


def _damaged(name: str, kind: str, where: float, size: int, chunk: bytes,
             data: bytes) -> bytes:
    at = min(int(where * len(data)), max(len(data) - 1, 0))
    if kind in DAMAGES and name in APPLIES[kind]:
        try:
            return DAMAGES[kind](name, data, random.Random(size))
        except Exception:   # noqa: BLE001 (a layout already damaged by another): overwrite
            kind = "overwrite"
    if kind not in ("zero", "insert", "delete", "flip", "cut"):   # overwrite
        return data[:at] + chunk + data[at + len(chunk):]
    if kind == "zero":
        return data[:at] + bytes(len(data[at:at + size])) + data[at + size:]
    if kind == "insert":
        return data[:at] + chunk + data[at:]
    if kind == "delete":
        return data[:at] + data[at + size:]
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ (1 << size % 8)]) + data[at + 1:] if data else chunk
    return data[:at]   # cut


def cache(damages: list[tuple[str, str, float, int, bytes]]) -> None:
    """A rebuild with damaged cache files exits 0 with at most one warning per damaged file,
    each naming one, and its release is the one a fresh build writes."""
    project = _project()
    with _epoch():
        if not project.good:
            project.restore()
        project.good = False
        project.switch()
        touched = set()
        for name, kind, where, size, chunk in damages:
            path = cache_file(project.data, name, project.out)
            if path.exists():
                data = path.read_bytes()
                path.write_bytes(_damaged(name, kind, where, size, chunk, data))
                touched.add(str(path))
        result = CliRunner().invoke(main, ["build", str(project.data), "--out",
                                           str(project.out)])
        assert result.exit_code == 0, (result.output, repr(result.exception))
        warnings = [line for line in result.stderr.splitlines()
                    if line.startswith("warning:")]
        assert len(warnings) <= len(touched), warnings
        for warning in warnings:
            assert any(path in warning for path in touched), (warning, touched)
        assert tree(project.out) == project.fresh[project.edited], damages
        project.good = True
