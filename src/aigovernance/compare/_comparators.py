"""Comparators: functions that score how alike two values of one field are, from 0 to 1.

A comparator takes the two values (both present: never ``None`` or empty) and returns a
score from 0 to 1, or ``None`` when the values give no basis for comparison (two
identifier lists in different schemes), in which case the field does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, TypeAlias, TypeVar

from attrs import field, frozen

from aigovernance._values import Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import Precision, Role
from aigovernance.compare._text import fuzzy, word_overlap
from aigovernance.model import Participation, Place, Principle

__all__ = [
    "Comparator",
    "DateComparator",
    "IdentifierComparator",
    "ParticipationComparator",
    "TextComparator",
    "dates",
    "exact",
    "identifiers",
    "overlap",
    "participations",
    "places",
    "principles",
    "quantities",
    "symbols",
    "text",
    "translations",
]

Comparator: TypeAlias = Callable[[Any, Any], float | None]
"""A function of two present values to a score in [0, 1], or ``None`` for no basis."""


def exact(a: Any, b: Any) -> float:
    """1 for equal values, else 0.

    >>> exact("host", "host"), exact("host", "chair")
    (1.0, 0.0)
    """
    return 1.0 if a == b else 0.0


@frozen(kw_only=True)
class TextComparator:
    """Texts compared by their words, fuzzily (rapidfuzz; the ``compare`` extra).

    The score is the mean of rapidfuzz's token-set and token-sort ratios (word order
    and punctuation do not matter) and :func:`word_overlap`, the weighted share of words
    the texts have in common, so a text that differs in one telling word ("... of
    Russia", "... of Greece") scores clearly lower than a rewording. With ``weights``
    (inverse document frequencies, as :func:`aigovernance.match` fits them to the two
    datasets) rare words count more than common ones.

    >>> text("Meeting of G20 Foreign Ministers", "G20 Foreign Ministers' Meeting") > 0.9
    True

    Attributes:
        weights: the weight of each word; ``None`` weighs all words alike.
    """

    weights: Mapping[str, float] | None = field(default=None, repr=False)
    # The weight of a word not listed: the largest, found once here rather than for
    # every pair compared (which made matching quadratic in the vocabulary).
    _unknown: float = field(init=False, repr=False, eq=False)

    @_unknown.default
    def _largest_weight(self) -> float:
        return max(self.weights.values(), default=1.0) if self.weights else 1.0

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        return (fuzzy(a, b) + word_overlap(a, b, self.weights, self._unknown)) / 2


text: Final = TextComparator()
"""The default :class:`TextComparator`."""


def symbols(a: str, b: str) -> float:
    """Document symbols (``A/RES/78/311``) compared without case or spaces.

    >>> symbols("A/RES/78/311", "a/res/78/311 ")
    1.0
    """
    return exact(_symbol(a), _symbol(b))


def _symbol(value: str) -> str:
    return "".join(value.split()).upper()


def overlap(a: Iterable[Any], b: Iterable[Any]) -> float:
    """The Jaccard overlap of two collections of ids or themes: shared over all.

    >>> overlap(("state:CHN", "state:ZMB"), ("state:CHN",))
    0.5
    """
    sa, sb = set(a), set(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 1.0


K = TypeVar("K")


def _frozen_map(mapping: Mapping[K, float]) -> Mapping[K, float]:
    return MappingProxyType(dict(mapping))


@frozen(kw_only=True)
class DateComparator:
    """Partial dates compared by their intervals, aware of precision.

    Dates whose intervals overlap (one then contains the other: "2024-09" and
    "2024-09-25") score 1 when equal and otherwise the factor ``coarse`` gives for the
    coarser precision: a month says less than a day. Disjoint dates score
    ``0.5 ** (gap / half_life_days)``, the gap in days between the intervals, so a date
    one day off (a different time zone) still scores a half.

    >>> d = DateComparator()
    >>> d(PartialDate(year=2024, month=9, day=25), PartialDate(year=2024, month=9))
    0.9
    >>> d(PartialDate(year=2024, month=9, day=25), PartialDate(year=2024, month=9, day=26))
    0.5

    Attributes:
        half_life_days: the gap in days at which disjoint dates score one half.
        coarse: the score of overlapping, unequal dates, by the coarser precision.
    """

    half_life_days: float = 1.0
    coarse: Mapping[Precision, float] = field(
        factory=lambda: {Precision.DAY: 1.0, Precision.MONTH: 0.9, Precision.YEAR: 0.7},
        converter=_frozen_map,
    )

    def __call__(self, a: PartialDate, b: PartialDate) -> float:
        if a == b:
            return 1.0
        if a.overlaps(b):
            coarser = a if (a.latest - a.earliest) >= (b.latest - b.earliest) else b
            return self.coarse[coarser.precision]
        gap = max((b.earliest - a.latest).days, (a.earliest - b.latest).days)
        return float(0.5 ** (gap / self.half_life_days))


dates: Final = DateComparator()
"""The default :class:`DateComparator`."""


_ROLE_WEIGHTS: Final = {
    Role.HOST: 3.0,
    Role.CO_HOST: 3.0,
    Role.COUNTERPART: 3.0,
    Role.CHAIR: 2.0,
    Role.SPEAKER: 1.5,
    Role.ATTENDEE: 1.0,
}


@frozen(kw_only=True)
class ParticipationComparator:
    """Participations compared by who took part, the more central roles counting more.

    Each actor (and each state or organization represented) weighs as much as the
    weightiest role it has on either side; the score is the weight of the actors both
    sides name over the weight of all actors named (a weighted Jaccard overlap).

    >>> from aigovernance import Participation, Role
    >>> host = Participation(actor="state:CHN", role=Role.CO_HOST)
    >>> guest = Participation(actor="person:x", role=Role.ATTENDEE)
    >>> participations((host, guest), (host,))
    0.75

    Attributes:
        role_weights: the weight of each role; roles not listed weigh 1.
    """

    role_weights: Mapping[Role, float] = field(
        factory=lambda: dict(_ROLE_WEIGHTS), converter=_frozen_map
    )

    def _weights(self, items: Iterable[Participation]) -> dict[str, float]:
        out: dict[str, float] = {}
        for p in items:
            weight = self.role_weights.get(p.role, 1.0)
            for actor in (p.actor, p.on_behalf_of):
                if actor is not None:
                    out[actor] = max(out.get(actor, 0.0), weight)
        return out

    def __call__(self, a: Iterable[Participation], b: Iterable[Participation]) -> float:
        wa, wb = self._weights(a), self._weights(b)
        weight = {k: max(wa.get(k, 0.0), wb.get(k, 0.0)) for k in wa.keys() | wb.keys()}
        total = sum(weight.values())
        shared = sum(weight[k] for k in wa.keys() & wb.keys())
        return shared / total if total else 1.0


participations: Final = ParticipationComparator()
"""The default :class:`ParticipationComparator`."""


@frozen(kw_only=True)
class IdentifierComparator:
    """Identifiers in other schemes: a shared one is strong evidence of sameness.

    Sharing any identifier scores 1. Differing values in a scheme listed in ``strong``
    (two different Wikidata items) score 0: those schemes name one thing once. Otherwise
    values in a common scheme that differ score ``weak``, and lists with no scheme in
    common give no basis for comparison (``None``).

    >>> from aigovernance import Identifier
    >>> china = Identifier(scheme="wikidata", value="Q148")
    >>> zambia = Identifier(scheme="wikidata", value="Q953")
    >>> identifiers((china,), (china,)), identifiers((china,), (zambia,))
    (1.0, 0.0)

    Attributes:
        strong: schemes whose values identify one thing each.
        weak: the score of differing values in other common schemes.
    """

    strong: frozenset[str] = field(
        default=frozenset({"wikidata", "un-symbol", "iso3166"}), converter=frozenset
    )
    weak: float = 0.3

    def __call__(self, a: Iterable[Identifier], b: Iterable[Identifier]) -> float | None:
        sa, sb = set(a), set(b)
        if sa & sb:
            return 1.0
        common = {i.scheme for i in sa} & {i.scheme for i in sb}
        if not common:
            return None
        return 0.0 if common & self.strong else self.weak


identifiers: Final = IdentifierComparator()
"""The default :class:`IdentifierComparator`."""


def places(a: Place, b: Place) -> float | None:
    """Places compared part by part: country exactly, venue and city as text.

    A shared identifier scores 1 and different countries 0; otherwise the score is the
    mean over the parts both places give.

    >>> from aigovernance import Place
    >>> places(Place(locality="New York", country="USA"), Place(locality="New York City"))
    1.0
    """
    if set(a.identifiers) & set(b.identifiers):
        return 1.0
    scores: list[float] = []
    if a.country is not None and b.country is not None:
        if a.country != b.country:
            return 0.0
        scores.append(1.0)
    if a.locality is not None and b.locality is not None:
        scores.append(_contains_or_fuzzy(a.locality, b.locality))
    if a.name is not None and b.name is not None:
        scores.append(_contains_or_fuzzy(a.name, b.name))
    return sum(scores) / len(scores) if scores else None


def _contains_or_fuzzy(a: str, b: str) -> float:
    # "New York" and "New York City" name one city; containment of whole words suffices.
    wa, wb = a.casefold().split(), b.casefold().split()
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    if any(long[i : i + n] == short for i in range(len(long) - n + 1)):
        return 1.0
    return fuzzy(a, b)


def quantities(a: Quantity, b: Quantity) -> float:
    """1 when the ranges two quantities allow overlap ("more than 80" and "about 85").

    >>> from aigovernance import Qualifier, Quantity
    >>> quantities(Quantity(value=80, qualifier=Qualifier.MORE_THAN), Quantity(value=20))
    0.0
    """
    (la, ua), (lb, ub) = a.bounds, b.bounds
    low = max(la or 0, lb or 0)
    high = min(x for x in (ua, ub, float("inf")) if x is not None)
    return 1.0 if low <= high else 0.0


def translations(a: Iterable[Translation], b: Iterable[Translation]) -> float | None:
    """Texts in the languages both sides give, compared as text; ``None`` if none shared."""
    by_lang = {t.lang: t.text for t in a}
    scores = [fuzzy(by_lang[t.lang], t.text) for t in b if t.lang in by_lang]
    return sum(scores) / len(scores) if scores else None


def principles(a: Iterable[Principle], b: Iterable[Principle]) -> float:
    """Two lists of principles: the titles in order, compared as one text each."""
    return fuzzy(" ".join(p.title for p in a), " ".join(p.title for p in b))
