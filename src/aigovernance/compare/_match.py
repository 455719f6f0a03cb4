"""Record linkage: the records of one dataset that describe those of another."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import heapq
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final

import attrs
from attrs import frozen

from aigovernance._values import PartialDate
from aigovernance.compare._comparators import TextComparator
from aigovernance.compare._similarity import (
    DEFAULT_TABLE,
    FieldRule,
    Similarity,
    SimilarityTable,
    field_score,
    similarity,
)
from aigovernance.compare._text import idf, tokens
from aigovernance.model import (
    Commitment,
    Dataset,
    Event,
    Group,
    Instrument,
    Organization,
    Person,
    Post,
    PrincipleSet,
    Record,
    Source,
    State,
    Statement,
)

__all__ = ["BLOCKING_FIELDS", "Match", "match"]


BLOCKING_FIELDS: Final[Mapping[type[Record], tuple[str, ...]]] = MappingProxyType(
    {
        Source: ("title",),
        Person: ("name", "description"),
        State: ("name", "code"),
        Organization: ("name", "abbreviation"),
        Group: ("name",),
        Post: ("title",),
        Event: ("title",),
        Statement: ("summary",),
        PrincipleSet: ("title",),
        Commitment: ("text",),
        Instrument: ("title",),
    }
)
"""The text fields whose words put the records of each type into blocks for :func:`match`."""


def _label(record: Record) -> str:
    names = BLOCKING_FIELDS.get(type(record), ())
    return " ".join(v for v in (getattr(record, n, None) for n in names) if isinstance(v, str))


_DATE_FIELDS: Final = ("date", "published", "start")
_RAREST: Final = 4
"""How many of a record's rarest words look up candidates."""


@frozen(kw_only=True)
class Match:
    """The records of the second dataset that may describe one record of the first.

    Attributes:
        record: the id of the record in the first dataset.
        candidates: the similarities of the best candidates, best first; empty when no
            record of the second dataset reaches the threshold.
    """

    record: str
    candidates: tuple[Similarity, ...]

    @property
    def best(self) -> Similarity | None:
        """The best candidate, or ``None``."""
        return self.candidates[0] if self.candidates else None

    def __str__(self) -> str:
        if not self.candidates:
            return f"{self.record}: no match"
        found = ", ".join(f"{s.b} ({s.score:.2f})" for s in self.candidates)
        return f"{self.record}: {found}"


def _date(record: Record) -> PartialDate | None:
    for name in _DATE_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, PartialDate):
            return value
    return None


def _months(start: dt.date, end: dt.date) -> range:
    return range(start.year * 12 + start.month - 1, end.year * 12 + end.month)


def _identity_keys(record: Record) -> Iterable[Hashable]:
    yield from ((i.scheme, i.value) for i in record.identifiers)
    symbol = getattr(record, "symbol", None)
    if isinstance(symbol, str):
        yield ("un-symbol", "".join(symbol.split()).upper())


def _second_keys(record: Record) -> Iterable[Hashable]:
    """What tells apart records of one label: their participants and their place."""
    for participation in getattr(record, "participations", ()):
        yield ("actor", participation.actor)
    place = getattr(record, "place", None)
    if place is not None:
        yield ("place", place.name, place.locality, place.country)


def _shifted(day: dt.date, by: dt.timedelta) -> dt.date:
    """``day + by``, kept within the calendar (``date.min`` to ``date.max``)."""
    try:
        return day + by
    except OverflowError:
        return dt.date.max if by > dt.timedelta(0) else dt.date.min


_CROWDED: Final = 64
"""A block of more records than this is looked up by neighbourhood, not in full."""


def _nearest(
    keys: list[tuple[int, str]], indices: list[int], key: tuple[int, str], width: int
) -> list[int]:
    """The ``width`` ``indices`` around ``key`` in the sorted ``keys`` they stand at."""
    at = bisect.bisect_left(keys, key)
    low = max(0, min(at - width // 2, len(keys) - width))
    return indices[low : low + width]


class _Blocks:
    """The records of one type in the second dataset, indexed for candidate look-up.

    A record's candidates are the records sharing an identity key (an identifier or
    document symbol) with it, or one of its rarest label words with a date in its
    window. A block of more than :data:`_CROWDED` records (a word in most titles,
    thousands of meetings of one title, an identifier many records share) would make
    the work grow with the pairs of records; such a block is kept sorted, by date and
    label, and only the :data:`_CROWDED` records nearest the record looked up in that
    order are taken from it, as in sorted-neighbourhood blocking.

    When a record has more likely candidates than are compared (many records of its
    title in its window), the records that also share a participant or the place in
    the same months (a second, smaller block) are added, and every candidate gets votes
    for each participant or place it shares, so that among thousands of meetings of
    one title those with the same people and place come first.
    """

    def __init__(self, records: list[Record], words: list[frozenset[str]], window: int) -> None:
        self.records = records
        self.words = words
        self.window = dt.timedelta(days=window)
        self.by_identity: defaultdict[Hashable, list[int]] = defaultdict(list)
        self.by_word: defaultdict[str, list[int]] = defaultdict(list)
        self.by_word_month: defaultdict[tuple[str, int | None], list[int]] = defaultdict(list)
        self.keys: list[tuple[int, str]] = []
        self.spans: list[tuple[int, int]] = []
        self.sorted: dict[tuple[str, Hashable], tuple[list[tuple[int, str]], list[int]]] = {}
        self.member_sets: dict[tuple[Hashable, int | None], frozenset[int]] = {}
        self.by_second_month: defaultdict[tuple[Hashable, int | None], list[int]] = defaultdict(
            list
        )
        for index, record in enumerate(records):
            self.keys.append(_order_key(record))
            self.spans.append(_span(record))
            for key in _identity_keys(record):
                self.by_identity[key].append(index)
            date = _date(record)
            months: Iterable[int | None] = (
                [None]
                if date is None
                else _months(
                    _shifted(date.earliest, -self.window), _shifted(date.latest, self.window)
                )
            )
            months = list(months)
            for key in set(_second_keys(record)):
                for month in months:
                    self.by_second_month[key, month].append(index)
            for word in words[index]:
                self.by_word[word].append(index)
                for month in months:
                    self.by_word_month[word, month].append(index)

    def _block(
        self, kind: str, key: Hashable, members: list[int], near: tuple[int, str]
    ) -> Iterable[int]:
        """The members of a block to vote for: all, or the nearest of a crowded one."""
        if len(members) <= _CROWDED:
            return members
        found = self.sorted.get((kind, key))
        if found is None:
            order = sorted((self.keys[i], i) for i in members)
            found = self.sorted[kind, key] = ([k for k, _ in order], [i for _, i in order])
        return _nearest(*found, near, _CROWDED)

    def _second(
        self, record: Record, months: tuple[int | None, ...], crowded: set[str], votes: Counter[int]
    ) -> None:
        """Add to ``votes`` the records that share a second key with ``record``.

        Each record voted for gets twice :data:`_RAREST` votes for each second key it
        shares in each of the months: a shared participant or place says more than all
        the words looked up, which most such records share. Records not yet voted for
        (not among the neighbours taken from a crowded block of one of its words) are
        added from the second blocks of its months, with a vote for each crowded word
        of ``record`` they have; a second block of more than :data:`_CROWDED` records
        (a city of most meetings) is not looked through that way, which keeps the work
        per record bounded.
        """
        shared: Counter[int] = Counter()
        large: list[frozenset[int]] = []
        for key in set(_second_keys(record)):
            for month in months:
                members = self.by_second_month.get((key, month))
                if members and len(members) <= _CROWDED:
                    shared.update(members)
                elif members:
                    large.append(self._member_set(key, month, members))
        for index in shared:
            if index not in votes and (words := len(crowded & self.words[index])):
                votes[index] = words
        for block in large:
            # Through the votes, not the block: ``keys() & frozenset`` walks the block.
            shared.update(block.intersection(votes))
        for index, count in shared.items():
            if index in votes:
                votes[index] += count * 2 * _RAREST

    def _member_set(self, key: Hashable, month: int | None, members: list[int]) -> frozenset[int]:
        """The members of a crowded second block, as a set (made once)."""
        found = self.member_sets.get((key, month))
        if found is None:
            found = self.member_sets[key, month] = frozenset(members)
        return found

    def candidates(self, record: Record, words: frozenset[str], limit: int) -> list[Record]:
        """The records most likely to match ``record``: at most ``limit`` of them.

        ``words`` are the words of the record's label. Candidates are ranked by votes (a
        shared identity key counts 100, a shared word 1, and when more than ``limit``
        records have at least half the votes of the first, a shared participant or
        place twice :data:`_RAREST`), then by the days between their dates, then by
        order in the dataset; those with less than half the votes of the first are left
        out.
        """
        votes: Counter[int] = Counter()
        near = _order_key(record)
        for key in _identity_keys(record):
            for index in self._block("id", key, self.by_identity.get(key, []), near):
                votes[index] += 100
        rarest = sorted(
            (w for w in words if w in self.by_word),
            key=lambda w: (len(self.by_word[w]), w),
        )[:_RAREST]
        date = _date(record)
        months: tuple[int | None, ...] = (
            (None,) if date is None else (*_months(date.earliest, date.latest), None)
        )
        crowded: set[str] = set()
        for word in rarest:
            if date is None:
                members = self.by_word[word]
                if len(members) > _CROWDED:
                    crowded.add(word)
                votes.update(self._block("word", word, members, near))
                continue
            for month in months:
                members = self.by_word_month.get((word, month), [])
                if len(members) > _CROWDED:
                    crowded.add(word)
                if members:
                    votes.update(self._block("month", (word, month), members, near))
        likely = _likely(votes)
        if len(likely) > limit:
            # More candidates than can be compared: those that also share people or
            # place come first.
            self._second(record, months, crowded, votes)
            likely = _likely(votes)
        if len(likely) > limit:
            first, last = _span(record)
            spans = self.spans

            def rank(item: tuple[int, int]) -> tuple[int, int, int]:
                # More votes first, then fewer days between the dates.
                count, index = item
                return (count, max(0, spans[index][0] - last, first - spans[index][1]), index)

            likely = heapq.nsmallest(limit, likely, key=rank)
        return [self.records[i] for _, i in likely]


def _likely(votes: Counter[int]) -> list[tuple[int, int]]:
    """The records voted for with at least half the votes of the first, as (-votes, index).

    A record sharing less than half the votes of the likeliest one (one common word
    where the likeliest shares four rare ones) is not worth comparing: as blocks fill,
    such chance neighbours would otherwise be most comparisons.
    """
    if not votes:
        return []
    least = (max(votes.values()) + 1) // 2
    return [(-count, i) for i, count in votes.items() if count >= least]


def _span(record: Record) -> tuple[int, int]:
    """The first and last possible days of a record, as ordinals; ``(0, 0)`` if undated."""
    date = _date(record)
    return (0, 0) if date is None else (date.earliest.toordinal(), date.latest.toordinal())


def _order_key(record: Record) -> tuple[int, str]:
    """Where a record stands among others: its first possible day, then its label."""
    date = _date(record)
    return (0 if date is None else date.earliest.toordinal(), _label(record).casefold())


def _fitted(
    table: SimilarityTable, cls: type[Record], words: list[frozenset[str]]
) -> SimilarityTable:
    """``table`` with the word weights of ``cls``'s text rules fitted to texts of ``words``."""
    weights = idf(words)
    changed = {
        name: attrs.evolve(rule, comparator=attrs.evolve(rule.comparator, weights=weights))
        for name, rule in table[cls].items()
        if isinstance(rule.comparator, TextComparator)
    }
    return table.evolve(cls, **changed) if changed else table


def _may_reach(a: Record, b: Record, rules: Mapping[str, FieldRule], threshold: float) -> bool:
    """Whether the similarity of ``a`` and ``b`` may reach ``threshold``.

    The fields are scored as :func:`similarity` scores them, but for those compared as
    text (the costliest comparisons), which are taken to be alike: a bound on the score
    that tells most chance candidates apart at little cost.
    """
    total = weighted = 0.0
    for name, rule in rules.items():
        score = field_score(rule, getattr(a, name), getattr(b, name), text_alike=True)
        if score is not None:
            total += rule.weight
            weighted += rule.weight * min(1.0, max(0.0, float(score)))
    # A margin for rounding: the bound must never fall below the score.
    return not total or weighted / total >= threshold - 1e-9


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Cyclic garbage collection paused, unless it already was; resumed on leaving."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match(
    a: Dataset,
    b: Dataset,
    *,
    threshold: float = 0.7,
    limit: int = 3,
    table: SimilarityTable | None = None,
    window_days: int = 7,
    exclusive: bool = True,
) -> tuple[Match, ...]:
    """Link the records of ``a`` to the records of ``b`` that describe the same things.

    For each record of ``a``, the records of the same type in ``b`` whose similarity
    reaches ``threshold``, best first. Only likely pairs are compared (blocking): those
    sharing an identifier or document symbol, and those sharing one of the record's
    rarest title words with dates no more than ``window_days`` apart (or no date on one
    side). So time grows with the number of records, not with the number of pairs.
    Where many records share a title (thousands of meetings of one name), those that
    also share a participant or the place with the record, within the window, are
    compared first, so that its counterpart is still found among them.

    With ``exclusive`` (the default), each record of ``b`` is a candidate only of the
    record of ``a`` it is most similar to, as when each source describes a thing once:
    of seven meetings of one day that share most of their title, each keeps only its own
    counterpart.

    The rules of the table that compare text with a :class:`TextComparator` get word
    weights fitted to the two datasets, so that words common among the records of a
    type ("meeting", "minister") count less than rare ones ("Greece").

    >>> import aigovernance as ag
    >>> mine = ag.Dataset(id="a", title="A", version="1", records=(
    ...     ag.State(id="state:CHN", name="China", code="CHN"),))
    >>> theirs = ag.Dataset(id="b", title="B", version="1", records=(
    ...     ag.State(id="state:prc", name="People's Republic of China", code="CHN"),
    ...     ag.State(id="state:zmb", name="Zambia", code="ZMB")))
    >>> [str(m) for m in ag.match(mine, theirs)]
    ['state:CHN: state:prc (0.83)']

    Args:
        a: the dataset whose records are looked up.
        b: the dataset searched.
        threshold: the least similarity for a candidate, from 0 to 1.
        limit: how many candidates to keep per record, at most.
        table: the similarity rules; :data:`~aigovernance.compare.DEFAULT_TABLE` if not
            given. Types without rules are not linked.
        window_days: how far apart in days the dates of candidates may be.
        exclusive: whether a record of ``b`` may be a candidate of one record of ``a``
            only (the one most similar to it) rather than of any.

    Returns:
        One :class:`Match` per record of ``a`` with rules in the table, in order.
    """
    table = DEFAULT_TABLE if table is None else table
    # Matching makes many objects and few reference cycles; a collection would go
    # through every record of both datasets, again and again as the objects add up.
    with _collection_paused():
        return _link(a, b, threshold, limit, table, window_days, exclusive)


def _link(
    a: Dataset,
    b: Dataset,
    threshold: float,
    limit: int,
    table: SimilarityTable,
    window_days: int,
    exclusive: bool,
) -> tuple[Match, ...]:
    by_type: defaultdict[type[Record], list[Record]] = defaultdict(list)
    for record in b.records:
        by_type[type(record)].append(record)
    # The words of each record's label, found once: records are looked up by them, and
    # the word weights are fitted to them.
    words = {id(r): tokens(_label(r)) for r in (*a.records, *b.records)}
    labels: defaultdict[type[Record], list[frozenset[str]]] = defaultdict(list)
    for record in (*a.records, *b.records):
        labels[type(record)].append(words[id(record)])
    tables: dict[type[Record], SimilarityTable] = {}
    blocks: dict[type[Record], _Blocks] = {}
    found_for: list[tuple[Record, list[Similarity]]] = []
    # Each record is compared with this many of its likeliest candidates at most.
    shortlist = max(limit * 4, 12)
    for record in a.records:
        cls = type(record)
        if cls not in table:
            continue
        found: list[Similarity] = []
        if cls in by_type:
            if cls not in blocks:
                own = [words[id(r)] for r in by_type[cls]]
                blocks[cls] = _Blocks(by_type[cls], own, window_days)
                tables[cls] = _fitted(table, cls, labels[cls])
            rules = tables[cls][cls]
            for other in blocks[cls].candidates(record, words[id(record)], shortlist):
                if not _may_reach(record, other, rules, threshold):
                    continue
                result = similarity(record, other, table=tables[cls])
                if result.score >= threshold:
                    found.append(result)
        found_for.append((record, found))
    if exclusive:
        # The best score each record of b reaches with any record of a.
        best: dict[str, float] = {}
        for _, found in found_for:
            for s in found:
                best[s.b] = max(best.get(s.b, 0.0), s.score)
        found_for = [(r, [s for s in found if s.score >= best[s.b]]) for r, found in found_for]
    matches: list[Match] = []
    for record, found in found_for:
        found.sort(key=lambda s: (-s.score, s.b))
        matches.append(Match(record=record.id, candidates=tuple(found[:limit])))
    return tuple(matches)
