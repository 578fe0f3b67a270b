"""What a live session (:mod:`spiralld.rebuild.live`) keeps between builds, and what not.

The preview's build process builds again and again in one
:class:`~spiralld.rebuild.live.Session`; what the session holds lives as long as the
process. It may keep each profile's graph compressed, never the dataset's triples one
object each (its N-Triples lines, their merge keys: some 400 bytes a triple, 500 MiB at
10k profiles), nor an earlier build's dataset or corpus.
"""

from __future__ import annotations

import gc
import gzip
import types
import weakref
from pathlib import Path

from spiralld.build import build
from spiralld.config import load_config
from spiralld.rebuild.live import Session

from .test_reuse import edit, edit_lead

#: What the walk over the session's objects does not enter: code and the modules and
#: classes it names, which no build's data is kept in.
_OPAQUE = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
           types.MethodType, types.CodeType, types.FrameType)


def reachable_bytes(root: object) -> set[bytes]:
    """Every bytes object reachable from ``root`` (not through code, modules or classes)."""
    seen: set[int] = set()
    found: set[bytes] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        if id(current) in seen or isinstance(current, _OPAQUE):
            continue
        seen.add(id(current))
        if isinstance(current, bytes):
            found.add(current)
            continue
        stack.extend(gc.get_referents(current))
    return found


def published_lines(site: Path) -> set[bytes]:
    """The N-Triples lines of the release's dump."""
    return set(gzip.decompress((site / "dumps" / "dataset.nt.gz").read_bytes())
               .splitlines(keepends=True))


def test_a_session_keeps_no_line_of_the_dataset(generated: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    for change in (None, edit_lead,
                   lambda data: edit(data, r"^(\S+ [^\n]*?) is an? ", r"\1 is, in fact, a ",
                                     nth=2)):
        if change is not None:
            change(generated)
        build(generated, site, load_config(generated), session=session)
    # the session did keep the profiles' graphs (the next build takes them from memory)
    assert session.decoded.graphs
    held = reachable_bytes(session) & published_lines(site)
    assert not held, (f"the session holds {len(held)} of the dataset's N-Triples lines, "
                      f"e.g. {sorted(held)[:2]}")


def test_no_earlier_build_s_dataset_or_corpus_outlives_the_next_build(
        generated: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    session = Session()
    earlier: list[tuple[str, weakref.ref[object]]] = []
    for number in range(3):
        if number:
            edit(generated, r"^(\S+ [^\n]*?) is an? ", rf"\1 is, in edit {number}, a ",
                 nth=number)
        result = build(generated, site, load_config(generated), session=session)
        earlier += [(f"build {number}'s dataset", weakref.ref(result.dataset)),
                    (f"build {number}'s corpus", weakref.ref(result.corpus))]
        del result
    gc.collect()
    assert [name for name, ref in earlier if ref() is not None] == []
