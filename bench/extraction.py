"""What the claim extractor adds to a full build of raw pages.

``python -m bench.extraction [--profiles N] [--pages M] [--reps R] [--real]`` writes a corpus
(bench.corpus: N curated profiles, M raw pages; with ``--real`` also the hand-written pages
of bench/claims and tests/fixtures/pages, which state claims as the encyclopedia does: the
generated pages state none the extractor reads), then builds it fresh (no cache) R times
with the extractor and R times with it switched off (each raw page mapped with no claims,
as before the extractor ran in builds), alternating, and prints the fastest of each, and
the time spent in the extractor itself within the builds with it (less exposed to the noise
of a shared machine than the difference of two builds). The builds differ only in the
proposals (and what follows from them: their triples, validation, pages).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from unittest import mock

from spiralld import mapping
from spiralld.build import build
from spiralld.config import Config
from spiralld.reading.profiles import Profile

from .corpus import generate

ROOT = Path(__file__).resolve().parent.parent
#: Hand-written pages in the encyclopedia's style (``--real``).
REAL_PAGES = (ROOT / "bench" / "claims" / "dev", ROOT / "bench" / "claims" / "heldout",
              ROOT / "tests" / "fixtures" / "pages")


def _no_proposals(profile: Profile, _names: object) -> Profile:
    return profile


def _timed(data: Path, out: Path, extract: bool) -> tuple[float, int, float]:
    """A fresh build's seconds and triples, and the seconds spent in the extractor."""
    shutil.rmtree(data / ".spiralld-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    spent = [0.0]
    real = mapping.with_proposals

    def timed(profile: Profile, names: mapping.KnownNames) -> Profile:
        start = time.perf_counter()
        try:
            return real(profile, names)
        finally:
            spent[0] += time.perf_counter() - start

    with mock.patch.object(mapping, "with_proposals", timed if extract else _no_proposals):
        start = time.perf_counter()
        result = build(data, out, Config(), fresh=True)
        return time.perf_counter() - start, result.triples, spent[0]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--real", action="store_true",
                        help="add the hand-written pages of bench/claims and tests/fixtures")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1778889600")
    with tempfile.TemporaryDirectory(prefix="spiralld-extraction-") as work:
        data, out = Path(work) / "data", Path(work) / "site"
        generate(args.profiles, data, args.pages, seed=0)
        if args.real:
            for folder in REAL_PAGES:
                for page in sorted(folder.glob("*.txt")):
                    if not (data / "pages" / page.name).exists():
                        shutil.copy(page, data / "pages" / page.name)
        pages = len(list((data / "pages").glob("*.txt")))
        times: dict[bool, list[float]] = {True: [], False: []}
        triples: dict[bool, int] = {}
        inside: list[float] = []
        for _ in range(args.reps):
            for extract in (False, True):
                seconds, triples[extract], spent = _timed(data, out, extract)
                times[extract].append(seconds)
                if extract:
                    inside.append(spent)
    off, on = min(times[False]), min(times[True])
    print(f"corpus: {args.profiles} profiles, {pages} raw pages; fastest of {args.reps}")
    print(f"without extraction: {off:.2f} s, {triples[False]} triples")
    print(f"with extraction:    {on:.2f} s, {triples[True]} triples")
    print(f"extraction adds:    {on - off:+.2f} s ({(on - off) / off:+.1%})")
    print(f"in the extractor:   {min(inside):.2f} s ({min(inside) / off:.1%} of the build "
          f"without it; {pages / min(inside):,.0f} pages/s)")


if __name__ == "__main__":
    main()
