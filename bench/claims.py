"""Claim extraction against hand-labelled pages: precision, recall, date accuracy, speed.

Usage::

    python -m bench.claims [--data data]
                           [--sets dev,heldout,unseen5,unseen6,unseen7,dev2,unseen8,unseen9,
                                   unseen10,unseen11,unseen12,unseen13,unseen14|DIR,...]
                           [--page NAME] [--show] [--reps N]

Reads the pages of ``bench/claims/dev/`` (the set the rules were tuned on),
``bench/claims/heldout/`` (written before the rules they test, in batches),
``bench/claims/unseen5/``, ``bench/claims/unseen6/``, ``bench/claims/unseen7/``,
``bench/claims/unseen8/`` to ``bench/claims/unseen14/`` (written by other engineers without
sight of the extractor) and
``bench/claims/dev2/`` (written to check that the rules generalise), each ``NAME.txt`` with
its gold claims ``NAME.yaml``, and scores each set apart. Every set has been read and tuned
on since its first score (``bench/claims/README.md``, with the gold rules)::

    claims:
    - {relation: founding, organization: DeepMind, date: '2010', cofounders: [Shane Legg]}
    - {relation: founding, organization: Cohere, date: '2019', founders: [Aidan Gomez]}
    - {relation: role, organization: Baidu, roleName: chief scientist, start: '2014', end: '2017'}
    - {relation: role, organization: Tesla, roleName: null}
    - {relation: authorship, work: Attention Is All You Need}

``founders`` is for an organization's page (its founding, held by the first founder). A
claim matches on (relation, organization or work, role name), names folded by ``slugify``
and role names by :func:`spiralld.extract.role_key`; a role is "leadership" when its name is
a leadership title, else "affiliation". Dates are scored apart: a founding's date (as
precise as written) and a role's start and end, over the matched claims that have them.
The pages' subject type is guessed as ``spiralld import`` guesses it; the known names are
those of ``--data``'s entities.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from spiralld.extract import Extraction, KnownNames, Subject, extract_claims, role_key
from spiralld.reading.entities import load_entities
from spiralld.reading.importer import guess_type, page_sources
from spiralld.reading.pages import Page, parse_page, read_page_text, slugify
from spiralld.reading.profiles import AuthorshipClaim, FoundingClaim, RoleClaim

HERE = Path(__file__).parent / "claims"
SETS = ("dev", "heldout", "unseen5", "unseen6", "unseen7", "dev2", "unseen8", "unseen9",
        "unseen10", "unseen11", "unseen12", "unseen13", "unseen14")
RELATIONS = ("founding", "leadership", "affiliation", "authorship")
_LEADERSHIP = re.compile(
    r"\b(?:ceo|cto|coo|cfo|cso|chief|president|chair\w*|co-?chair\w*|director|co-director|"
    r"head|lead|executive|managing|founder|co-founder|partner)\b")


@dataclass(frozen=True)
class Item:
    """One claim reduced to what is scored."""

    key: tuple[str, str, str]
    date: str | None = None  # a founding's date
    start: str | None = None
    end: str | None = None


def relation_of(role_name: str | None) -> str:
    return "leadership" if role_name and _LEADERSHIP.search(role_key(role_name)) \
        else "affiliation"


def _texts(claim: dict[str, object]) -> Callable[[str], str | None]:
    def text(name: str) -> str | None:
        value = claim.get(name)
        return None if value is None else str(value)
    return text


def gold_items(path: Path) -> set[Item]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = set()
    for claim in document.get("claims") or []:
        relation = claim["relation"]
        text = _texts(claim)
        if relation == "authorship":
            out.add(Item(("authorship", slugify(claim["work"]), "")))
        elif relation == "founding":
            out.add(Item(("founding", slugify(claim["organization"]), ""), date=text("date")))
        else:
            role = claim.get("roleName")
            out.add(Item((relation_of(role), slugify(claim["organization"]), role_key(role)),
                         start=text("start"), end=text("end")))
    return out


def predicted_items(extraction: Extraction) -> set[Item]:
    out = set()
    claims = [*extraction.claims(), *(c for _, c in extraction.founded_by_others)]
    for claim in claims:
        if isinstance(claim, AuthorshipClaim):
            out.add(Item(("authorship", slugify(claim.work), "")))
        elif isinstance(claim, FoundingClaim):
            out.add(Item(("founding", slugify(claim.organization), ""),
                         date=claim.date.lexical if claim.date else None))
        elif isinstance(claim, RoleClaim):
            out.add(Item((relation_of(claim.role_name), slugify(claim.organization),
                          role_key(claim.role_name)),
                         start=claim.start.lexical if claim.start else None,
                         end=claim.end.lexical if claim.end else None))
    return out


def subject_of(page: Page) -> Subject:
    return Subject(page.title, guess_type(page))


def extract_page(page: Page, names: KnownNames) -> Extraction:
    subject = subject_of(page)
    return extract_claims(page, subject, names, page_sources(page, subject.type))


@dataclass
class Score:
    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]
    dates: Counter[str]  # "founding-right", "founding-total", "role-right", "role-total"


def score(gold: set[Item], predicted: set[Item], total: Score) -> tuple[int, int, int]:
    # Two items of one key (two stints at one organization): the first in a fixed order is
    # scored, so the dates counted do not depend on the hash seed.
    gold_keys: dict[tuple[str, ...], Item] = {}
    predicted_keys: dict[tuple[str, ...], Item] = {}
    for items, keys in ((gold, gold_keys), (predicted, predicted_keys)):
        for item in sorted(items, key=repr):
            keys.setdefault(item.key, item)
    for key in predicted_keys:
        (total.tp if key in gold_keys else total.fp)[key[0]] += 1
    for key, item in gold_keys.items():
        if key not in predicted_keys:
            total.fn[key[0]] += 1
            continue
        got = predicted_keys[key]
        if key[0] == "founding" and item.date is not None:
            total.dates["founding-total"] += 1
            total.dates["founding-right"] += got.date == item.date
        for want, have in ((item.start, got.start), (item.end, got.end)):
            if want is not None:
                total.dates["role-total"] += 1
                total.dates["role-right"] += want == have
    tp = len(set(gold_keys) & set(predicted_keys))
    return tp, len(predicted_keys) - tp, len(gold_keys) - tp


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def run(data: Path, only: str | None, show: bool, reps: int,
        sets: tuple[str, ...] = SETS) -> list[str]:
    """The report's lines: each of ``sets`` (a folder of ``bench/claims/`` or a path) scored
    apart, then the speed over all their pages."""
    entities = [e for f in sorted((data / "entities").glob("*.yaml")) for e in load_entities(f)]
    names = KnownNames.from_entities([], entities)
    lines: list[str] = []
    all_pages: list[Page] = []
    for which in sets:
        folder = HERE / which if (HERE / which).is_dir() else Path(which)
        total = Score(Counter(), Counter(), Counter(), Counter())
        lines.append(f"== {which} ==")
        lines.append(f"{'page':34} {'tp':>3} {'fp':>3} {'fn':>3}  P     R")
        for path in sorted(folder.glob("*.txt")):
            if only and only not in path.stem:
                continue
            page = parse_page(read_page_text(path), str(path))
            all_pages.append(page)
            extraction = extract_page(page, names)
            gold, predicted = gold_items(path.with_suffix(".yaml")), predicted_items(extraction)
            tp, fp, fn = score(gold, predicted, total)
            lines.append(f"{path.stem:34} {tp:3} {fp:3} {fn:3}  {_ratio(tp, tp + fp)}  "
                         f"{_ratio(tp, tp + fn)}")
            if show:
                gold_keys = {i.key for i in gold}
                predicted_keys = {i.key for i in predicted}
                lines += [f"    FP {k}" for k in sorted(predicted_keys - gold_keys)]
                lines += [f"    FN {k}" for k in sorted(gold_keys - predicted_keys)]
                have = {i.key: i for i in predicted}
                lines += [f"    DATE {i.key} want {i.date, i.start, i.end} got "
                          f"{have[i.key].date, have[i.key].start, have[i.key].end}"
                          for i in sorted(gold, key=repr) if i.key in have
                          and ((i.date and i.date != have[i.key].date)
                               or (i.start and i.start != have[i.key].start)
                               or (i.end and i.end != have[i.key].end))]
        lines.append(f"{'relation':34} {'tp':>3} {'fp':>3} {'fn':>3}  P     R")
        for relation in RELATIONS:
            tp, fp, fn = total.tp[relation], total.fp[relation], total.fn[relation]
            lines.append(f"{relation:34} {tp:3} {fp:3} {fn:3}  {_ratio(tp, tp + fp)}  "
                         f"{_ratio(tp, tp + fn)}")
        tp, fp, fn = (sum(c.values()) for c in (total.tp, total.fp, total.fn))
        lines.append(f"{'all':34} {tp:3} {fp:3} {fn:3}  {_ratio(tp, tp + fp)}  "
                     f"{_ratio(tp, tp + fn)}")
        d = total.dates
        lines.append(f"founding dates right: {d['founding-right']}/{d['founding-total']}; "
                     f"role start/end dates right: {d['role-right']}/{d['role-total']}")
    if all_pages:
        lines += speed(all_pages, names, reps)
    return lines


def speed(pages: list[Page], names: KnownNames, reps: int) -> list[str]:
    """Pages per second on one core: extraction alone (the page parsed and its citations
    read, as a build has them), and with the citations' parsing."""
    inputs = [(page, subject_of(page)) for page in pages]
    inputs = [(page, subject, page_sources(page, subject.type)) for page, subject in inputs]
    started = time.process_time()
    for _ in range(reps):
        for page, subject, sources in inputs:
            extract_claims(page, subject, names, sources)
    alone = time.process_time() - started
    started = time.process_time()
    for _ in range(reps):
        for page in pages:
            extract_page(page, names)
    both = time.process_time() - started
    count = reps * len(pages)
    return [f"speed: {count / alone:,.0f} pages/s extraction alone, {count / both:,.0f} pages/s "
            f"with the citations parsed ({count} pages, CPU time of one core)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.claims", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("data"),
                        help="data project whose entities give the known names")
    parser.add_argument("--sets", default=",".join(SETS),
                        help="comma-separated sets: folders of bench/claims/ or paths to folders "
                             "of NAME.txt and NAME.yaml (default: %(default)s)")
    parser.add_argument("--page", help="only pages whose name contains this")
    parser.add_argument("--show", action="store_true", help="list each page's FP and FN")
    parser.add_argument("--reps", type=int, default=50, help="repetitions for the speed")
    args = parser.parse_args(argv)
    sets = tuple(s for s in args.sets.split(",") if s)
    print("\n".join(run(args.data, args.page, args.show, args.reps, sets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
