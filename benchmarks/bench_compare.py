"""How diff and match scale: run with ``python benchmarks/bench_compare.py``.

Prints the time of ``diff`` on datasets of growing size (it should grow linearly), with
its ratio to decoding the same dataset measured in the same run, and the time of
``match`` on two encodings of growing size, with the share of true pairs found and the
growth exponent of the time (1 is linear; 2 would be the number of pairs). Recall is
the share of records whose best candidate is their true counterpart; precision the share
of the candidates kept that are true counterparts. ``match`` is measured on two inputs:
distinct titles reworded, and an adversarial one where every meeting has the same title.
Times are process CPU seconds.

``--sizes`` sets the numbers of records for ``match`` (default 10,000, 50,000 and
100,000); ``--quick`` runs small sizes only.
"""

from __future__ import annotations

import argparse
import functools
import math
import random
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

import aigovernance as ag

T = TypeVar("T")
KINDS = list(ag.EventKind)
ROLES = list(ag.Role)


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(size)}
    return sorted(words)


def events(n: int, seed: int = 1) -> list[ag.Event]:
    """``n`` synthetic meetings with titles, dates, places and participants."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    out = []
    for i in range(n):
        day = ag.PartialDate.from_date(
            ag.PartialDate(year=2015).earliest.fromordinal(
                ag.PartialDate(year=2015).earliest.toordinal() + rng.randrange(3650)
            )
        )
        out.append(
            ag.Event(
                id=f"event:e{i}",
                kind=rng.choice(KINDS),
                title=" ".join(rng.choices(words, k=rng.randint(4, 8))),
                date=day,
                place=ag.Place(locality=rng.choice(words).title()),
                participations=tuple(
                    ag.Participation(actor=f"state:S{a}", role=rng.choice(ROLES))
                    for a in rng.sample(range(200), rng.randint(1, 4))
                ),
            )
        )
    return out


def second_encoding(records: list[ag.Event], seed: int = 2) -> list[ag.Event]:
    """The same meetings as another source: new ids, a word changed, coarser dates."""
    rng = random.Random(seed)
    out = []
    for i, e in enumerate(records):
        words = e.title.split()
        words[rng.randrange(len(words))] = "reportedly"
        date = e.date
        if date is not None and rng.random() < 0.5:
            date = ag.PartialDate(year=date.year, month=date.month)
        out.append(attrs.evolve(e, id=f"event:other{i}", title=" ".join(words), date=date))
    rng.shuffle(out)
    return out


def same_titles(n: int, seed: int = 3) -> list[ag.Event]:
    """``n`` meetings all with one title, told apart only by date, place and participants."""
    rng = random.Random(seed)
    first = ag.PartialDate(year=2015).earliest.toordinal()
    return [
        ag.Event(
            id=f"event:e{i}",
            kind=ag.EventKind.MINISTERIAL_MEETING,
            title="Meeting of foreign ministers on artificial intelligence",
            date=ag.PartialDate.from_date(
                ag.PartialDate(year=2015).earliest.fromordinal(first + rng.randrange(3650))
            ),
            place=ag.Place(locality=rng.choice(["Geneva", "New York", "Nairobi", "Vienna"])),
            participations=tuple(
                ag.Participation(actor=f"state:S{a}", role=rng.choice(ROLES))
                for a in rng.sample(range(200), rng.randint(1, 4))
            ),
        )
        for i in range(n)
    ]


def dataset(records: list[ag.Event], id: str = "bench") -> ag.Dataset:
    return ag.Dataset(id=id, title="Benchmark", version="1", records=tuple(records))


def _ratio(previous: tuple[int, float] | None, n: int, seconds: float) -> str:
    if previous is None:
        return ""
    return f"  x{seconds / previous[1]:.1f} time for x{n / previous[0]:.0f} records"


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def best(function: Callable[[], T], repeat: int = 3) -> tuple[T, float]:
    """The result of ``function`` and its least process CPU time over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
    return result, min(times)


def bench_diff(sizes: tuple[int, ...]) -> None:
    print(
        "diff: two versions, 10% of records edited, 1% added and removed, all shuffled;"
        " beside it, decoding the second version with from_json, in the same run"
    )
    previous: tuple[int, float] | None = None
    for n in sizes:
        rng = random.Random(n)
        old = events(n)
        new = [attrs.evolve(e, title=e.title + " x") if rng.random() < 0.1 else e for e in old]
        new = new[n // 100 :] + events(n // 100, seed=99)[: n // 100]
        new = [
            attrs.evolve(e, id=f"event:new{i}") if i >= n - n // 100 else e
            for i, e in enumerate(new)
        ]
        rng.shuffle(new)
        a, b = dataset(old), dataset(new)
        text = ag.to_json(b)
        _, decode_seconds = best(functools.partial(ag.from_json, text, ag.Dataset))
        result, seconds = best(functools.partial(ag.diff, a, b))
        patch, patch_seconds = timed(result.to_json_patch)
        ratio = _ratio(previous, n, seconds)
        print(
            f"  {n:>7} records: {seconds:7.3f} s  ({len(result.changes)} changes, "
            f"{len(patch)} operations, patch copied in {patch_seconds:.3f} s){ratio}"
        )
        print(
            f"  {'':>7}          decode {decode_seconds:.3f} s, "
            f"diff / decode {seconds / decode_seconds:.2f}"
        )
        previous = (n, seconds)


def exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(records): how the time grows."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def bench_match(sizes: tuple[int, ...]) -> None:
    workloads: list[tuple[str, Callable[[int], list[ag.Event]], Callable[..., list[ag.Event]]]] = [
        (
            "distinct titles, one word reworded, dates coarsened to the month",
            events,
            second_encoding,
        ),
        ("one title for every meeting (adversarial)", same_titles, second_encoding),
    ]
    for label, make, other in workloads:
        print(f"match: each side n meetings, new ids; {label}")
        points: list[tuple[int, float]] = []
        for n in sizes:
            mine = make(n)
            theirs = other(mine)
            truth = {e.id: f"event:other{i}" for i, e in enumerate(mine)}
            a, b = dataset(mine, "a"), dataset(theirs, "b")
            start = time.process_time()
            matches = ag.match(a, b)
            seconds = time.process_time() - start
            found = sum(1 for m in matches if m.best is not None and m.best.b == truth[m.record])
            kept = sum(len(m.candidates) for m in matches)
            wrong = sum(1 for m in matches for s in m.candidates if s.b != truth[m.record])
            precision = (kept - wrong) / kept if kept else 1.0
            previous = points[-1] if points else None
            points.append((n, seconds))
            print(
                f"  {n:>7} x {n:<7}: {seconds:7.2f} s  ({n * n:.0e} possible pairs; "
                f"recall {found / n:.1%}, precision {precision:.1%}: {wrong} wrong)"
                f"{_ratio(previous, n, seconds)}"
            )
        if len(points) > 1:
            print(f"  growth exponent of the time: {exponent(points):.2f} (1 is linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="1,000 to 10,000 records")
    parser.add_argument("--match-only", action="store_true", help="leave diff out")
    args = parser.parse_args()
    if not args.match_only:
        bench_diff((1_000, 10_000) if args.quick else (1_000, 20_000, 100_000))
    bench_match((1_000, 4_000, 10_000) if args.quick else tuple(args.sizes))


if __name__ == "__main__":
    main()
