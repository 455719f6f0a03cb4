"""``match`` does work in proportion to the records, not to the pairs of records.

Work is counted, not timed: the votes the candidate look-up casts, the comparisons it
makes and the word weights a text comparison reads. Inputs are adversarial: many
records with one title, and a vocabulary that grows with the records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest

import aigovernance as ag
from aigovernance.compare import _match
from aigovernance.compare._comparators import TextComparator
from aigovernance.compare._text import word_weights


class _CountingVotes(Counter[Any]):
    """A vote counter that counts every vote cast into it."""

    cast = 0

    def __setitem__(self, key: Any, value: int) -> None:
        _CountingVotes.cast += 1
        super().__setitem__(key, value)


def _day(i: int) -> ag.PartialDate:
    return ag.PartialDate.from_date(ag.PartialDate(year=2020).earliest.fromordinal(737425 + i))


def _same_titles(n: int, prefix: str, days: int | None = None) -> ag.Dataset:
    """``n`` meetings with one title, each with its own participant.

    They are a day apart, or spread over ``days`` days (many on each day).
    """
    records = tuple(
        ag.Event(
            id=f"event:{prefix}{i}",
            kind=ag.EventKind.MINISTERIAL_MEETING,
            title="Meeting of foreign ministers on artificial intelligence",
            date=_day(i if days is None else i % days),
            participations=(ag.Participation(actor=f"state:S{i}", role=ag.Role.ATTENDEE),),
        )
        for i in range(n)
    )
    return ag.Dataset(id=prefix, title=prefix, version="1", records=records)


def _work(n: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    compared = 0
    similarity = ag.similarity

    def counting(*args: Any, **kwargs: Any) -> ag.compare.Similarity:
        nonlocal compared
        compared += 1
        return similarity(*args, **kwargs)

    monkeypatch.setattr(_match, "Counter", _CountingVotes)
    monkeypatch.setattr(_match, "similarity", counting)
    _CountingVotes.cast = 0
    # The module's own name is replaced, so only the comparisons match makes count.
    ag.match(_same_titles(n, "a", days=30), _same_titles(n, "b", days=30))
    return _CountingVotes.cast, compared


def test_votes_and_comparisons_per_record_do_not_grow_with_one_shared_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small_votes, small_compared = _work(400, monkeypatch)
    large_votes, large_compared = _work(1600, monkeypatch)
    # Four times the records: four times the work when linear, sixteen when quadratic.
    assert large_votes <= 5 * small_votes, (small_votes, large_votes)
    assert large_compared <= 5 * small_compared, (small_compared, large_compared)


def test_among_records_of_one_title_the_nearest_dates_are_compared() -> None:
    found = ag.match(_same_titles(1600, "a"), _same_titles(1600, "b"))
    right = sum(1 for m in found if m.best is not None and m.best.b[7:] == m.record[7:])
    assert right == 1600


class _CountingWeights(Mapping[str, float]):
    """Word weights that count how often all of them are read."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.scans = 0

    def __getitem__(self, word: str) -> float:
        return self.weights[word]

    def __iter__(self) -> Iterator[str]:
        self.scans += 1
        return iter(self.weights)

    def __len__(self) -> int:
        return len(self.weights)

    def values(self) -> Any:
        self.scans += 1
        return self.weights.values()


def test_a_text_comparison_does_not_read_the_whole_vocabulary() -> None:
    texts = [f"meeting number{i} on topic{i % 97}" for i in range(2000)]
    weights = _CountingWeights(word_weights(texts))
    compare = TextComparator(weights=weights)
    before = weights.scans
    for i in range(0, 1000, 2):
        compare(texts[i], texts[i + 1])
    assert weights.scans - before == 0


def test_fitted_weights_give_the_scores_they_gave_before() -> None:
    # The weight of a word not listed is the largest weight, as documented.
    weights = word_weights(["meeting on AI", "meeting on peace", "summit on peace"])
    compare = TextComparator(weights=weights)
    copy = attrs.evolve(compare)
    assert compare("meeting on AI", "summit on unknownword") == copy(
        "meeting on AI", "summit on unknownword"
    )
    expected = (
        ag.compare._text.fuzzy("meeting on AI", "summit on zzz")
        + ag.compare._text.word_overlap("meeting on AI", "summit on zzz", weights)
    ) / 2
    assert compare("meeting on AI", "summit on zzz") == pytest.approx(expected)


def test_among_records_of_one_title_the_participants_find_the_counterpart() -> None:
    # 300 meetings of one title over ten days; the other source knows only their month,
    # so neither title nor date tells them apart: the participant must.
    mine = _same_titles(300, "a", days=10)
    theirs = _same_titles(300, "b", days=10)
    theirs = attrs.evolve(
        theirs,
        records=tuple(
            attrs.evolve(e, date=ag.PartialDate(year=e.date.year, month=e.date.month))
            for e in theirs.records
            if isinstance(e, ag.Event) and e.date is not None
        ),
    )
    found = ag.match(mine, theirs)
    right = sum(1 for m in found if m.best is not None and m.best.b[7:] == m.record[7:])
    kept = sum(len(m.candidates) for m in found)
    assert right >= 0.95 * 300, right
    assert right >= 0.95 * kept, (right, kept)


class _CountingBlock(frozenset[int]):
    """A crowded second block that counts the members read from it by walking it."""

    read = 0

    def __iter__(self) -> Iterator[int]:
        _CountingBlock.read += len(self)
        return super().__iter__()


def _block_reads(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    member_set = _match._Blocks._member_set

    def counting(self: _match._Blocks, *args: Any) -> frozenset[int]:
        return _CountingBlock(member_set(self, *args))

    monkeypatch.setattr(_match._Blocks, "_member_set", counting)
    _CountingBlock.read = 0
    place = ag.Place(name="Palais des Nations", locality="Geneva", country="CHE")
    mine, theirs = (
        attrs.evolve(
            ds,
            records=tuple(
                attrs.evolve(e, place=place) for e in ds.records if isinstance(e, ag.Event)
            ),
        )
        for ds in (_same_titles(n, "a", days=30), _same_titles(n, "b", days=30))
    )
    ag.match(mine, theirs)
    return _CountingBlock.read


def test_a_place_most_records_share_is_not_walked_for_each_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, large = _block_reads(400, monkeypatch), _block_reads(1600, monkeypatch)
    assert large <= 5 * small, (small, large)
