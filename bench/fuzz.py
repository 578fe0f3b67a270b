"""A long fuzz campaign: the properties of tests/robustness/test_fuzz.py with a large budget.

    python -m bench.fuzz --examples 20000            # inputs per property
    python -m bench.fuzz --seconds 600               # a wall-time budget, shared equally
    python -m bench.fuzz --only page_parser,citation_parser --examples 50000

Prints, per property, how many inputs it tried, how long it took, and the failure
hypothesis shrank to (if any); exits 1 when a property failed. Runs in this one process (one
core). Each property runs in rounds of ``--round`` inputs with fresh seeds, so a
``--seconds`` budget stops between rounds, and every round explores anew.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
import traceback
from dataclasses import dataclass, field

from tests.robustness.properties import PROPERTIES, Property, runner


@dataclass
class Tally:
    """What one property did in the campaign."""

    name: str
    inputs: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def campaign(prop: Property, examples: int | None, seconds: float | None, per_round: int,
             seed: int) -> Tally:
    """Run ``prop`` until ``examples`` inputs or ``seconds`` have been spent."""
    tally = Tally(prop.name)
    rng = random.Random(f"{seed}:{prop.name}")
    started = time.perf_counter()
    while True:
        left = per_round if examples is None else min(per_round, examples - tally.inputs)
        if left <= 0 or (seconds is not None and time.perf_counter() - started >= seconds):
            break
        counter = [0]
        try:
            runner(prop, left, counter, seed=rng.getrandbits(64))()
        except Exception as error:  # a property failed: report it shrunk, go on
            lines = traceback.format_exception_only(type(error), error)
            tally.failures.append("".join(lines).strip())
        tally.inputs += counter[0]
        if counter[0] == 0:  # the strategy cannot produce more distinct inputs
            break
    tally.seconds = time.perf_counter() - started
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--examples", type=int, help="inputs per property (default 2000)")
    budget.add_argument("--seconds", type=float, help="wall time for the whole campaign")
    parser.add_argument("--only", help="comma-separated property names "
                                       f"({', '.join(p.name for p in PROPERTIES)})")
    parser.add_argument("--round", type=int, default=2000, dest="per_round",
                        help="inputs per hypothesis run (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="campaign seed (default 0)")
    args = parser.parse_args(argv)
    chosen = [p for p in PROPERTIES if not args.only or p.name in args.only.split(",")]
    if not chosen:
        parser.error(f"no property named {args.only!r}")
    examples = args.examples if args.examples or args.seconds else 2000
    share = args.seconds / len(chosen) if args.seconds else None
    print(f"# bench.fuzz on {platform.machine()}, Python {platform.python_version()}, "
          f"seed {args.seed}, " + (f"{examples} inputs per property" if examples
                                   else f"{args.seconds:.0f} s in all"), flush=True)
    tallies = []
    for prop in chosen:
        tally = campaign(prop, examples, share, args.per_round, args.seed)
        tallies.append(tally)
        rate = tally.inputs / tally.seconds if tally.seconds else 0.0
        print(f"{tally.name:<22} {tally.inputs:>8} inputs {tally.seconds:>8.1f} s "
              f"{rate:>8.0f}/s  {len(tally.failures)} failure(s)", flush=True)
        for failure in tally.failures:
            print("    " + failure.replace("\n", "\n    "), flush=True)
    total = sum(t.inputs for t in tallies)
    failed = sum(len(t.failures) for t in tallies)
    print(f"total                  {total:>8} inputs {sum(t.seconds for t in tallies):>8.1f} s"
          f"            {failed} failure(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
