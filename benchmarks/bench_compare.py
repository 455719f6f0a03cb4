"""How diff and match scale: run with ``python benchmarks/bench_compare.py``.

Prints the time of ``diff`` on datasets of growing size (it should grow linearly) and of
``match`` on two encodings of growing size (it should grow far slower than the number of
pairs), with the share of true pairs found.
"""

from __future__ import annotations

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


def bench_diff(sizes: tuple[int, ...]) -> None:
    print("diff: two versions, 10% of records edited, 1% added and removed, all shuffled")
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
        start = time.perf_counter()
        result = ag.diff(a, b)
        seconds = time.perf_counter() - start
        patch, patch_seconds = timed(result.to_json_patch)
        ratio = _ratio(previous, n, seconds)
        print(
            f"  {n:>7} records: {seconds:7.3f} s  ({len(result.changes)} changes, "
            f"{len(patch)} operations, patch copied in {patch_seconds:.3f} s){ratio}"
        )
        previous = (n, seconds)


def bench_match(sizes: tuple[int, ...]) -> None:
    print("match: each side n meetings; the other side reworded, coarser dates, new ids")
    previous: tuple[int, float] | None = None
    for n in sizes:
        mine = events(n)
        theirs = second_encoding(mine)
        truth = {e.id: f"event:other{i}" for i, e in enumerate(mine)}
        order = {e.id: e for e in theirs}
        assert len(order) == n
        a, b = dataset(mine, "a"), dataset(theirs, "b")
        start = time.perf_counter()
        matches = ag.match(a, b)
        seconds = time.perf_counter() - start
        found = sum(1 for m in matches if m.best is not None and m.best.b == truth[m.record])
        wrong = sum(1 for m in matches for s in m.candidates if s.b != truth[m.record])
        pairs = n * n
        ratio = _ratio(previous, n, seconds)
        print(
            f"  {n:>7} x {n:<7}: {seconds:7.3f} s  ({pairs:.0e} possible pairs; "
            f"{found / n:.1%} found, {wrong} wrong){ratio}"
        )
        previous = (n, seconds)


if __name__ == "__main__":
    bench_diff((1_000, 10_000, 50_000))
    bench_match((1_000, 10_000))
