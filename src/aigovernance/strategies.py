"""Hypothesis strategies for every public type of :mod:`aigovernance`.

Every strategy generates only valid values: each object passes its own checks, and
:func:`datasets` builds coherent datasets that :func:`aigovernance.validate` accepts
(references name records that exist, with allowed types; evidence quotes real spans of
the sources' texts; principles are numbered 1 to n; sections hold no more items than
they declare; bilateral meetings have two sides; events fall within their parents).

Text is drawn from all of Unicode that UTF-8 can encode (Chinese, Cyrillic, Arabic and
accented names among it), and dates reach from year 1 to 9999, leap days included.

This module needs the ``hypothesis`` extra (``pip install aigovernance[hypothesis]``).
Once it is installed, ``hypothesis.strategies.from_type`` knows every public type too,
without this module being imported by hand:

>>> from hypothesis import given, strategies as st
>>> import aigovernance as ag
>>> @given(st.from_type(ag.Dataset))
... def test_round_trip(ds):
...     assert ag.validate(ds) == ()
...     assert ag.from_json(ag.to_json(ds), ag.Dataset) == ds
>>> test_round_trip()

Record strategies take ``within``: a dataset whose records the generated record may
refer to and whose sources its evidence quotes, so that the dataset with the new record
added still validates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st

from aigovernance._checking import RECORD_TYPES
from aigovernance._iso3166 import ALPHA3
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import (
    Confidence,
    EventKind,
    InstrumentKind,
    Modality,
    OrganizationKind,
    PostKind,
    Precision,
    Qualifier,
    Role,
    SpeechAct,
    Theme,
)
from aigovernance._world import count_problem
from aigovernance.model import (
    ACTOR_TYPES,
    Commitment,
    Dataset,
    Event,
    Group,
    Instrument,
    Organization,
    Participation,
    Person,
    Place,
    Post,
    Principle,
    PrincipleSet,
    Purpose,
    Record,
    Section,
    SectionItem,
    Source,
    State,
    Statement,
)
from aigovernance.serialization import NewerSchemaWarning, Problem, ValidationError

__all__ = [
    "alignments",
    "changes",
    "commitments",
    "confidences",
    "datasets",
    "diffs",
    "event_kinds",
    "events",
    "evidence",
    "groups",
    "identifiers",
    "instrument_kinds",
    "instruments",
    "iso_alpha3_codes",
    "language_tags",
    "matches",
    "modalities",
    "newer_schema_warnings",
    "nonblank_text",
    "organization_kinds",
    "organizations",
    "partial_dates",
    "participations",
    "persons",
    "places",
    "post_kinds",
    "posts",
    "precisions",
    "principle_sets",
    "principles",
    "problems",
    "purposes",
    "qualifiers",
    "quantities",
    "record_ids",
    "records",
    "roles",
    "section_items",
    "sections",
    "similarities",
    "sources",
    "speech_acts",
    "statements",
    "states",
    "themes",
    "time_zones",
    "translations",
    "validation_errors",
]

T = TypeVar("T")
Draw = st.DrawFn

# Characters UTF-8 can encode: no lone surrogates, which no JSON file can carry.
_CHARACTERS: Final = st.characters(codec="utf-8")

_NAMES: Final = (
    "Wang Yi",
    "王毅",
    "Aleksandar Vučić",
    "Luhut Binsar Pandjaitan",
    "Zambia",
    "中华人民共和国",
    "Ελλάδα",
    "Россия",
    "الأمم المتحدة",
    "the foreign minister of Greece",
    "AI Capacity-building Action Plan for Good and for All",
    "人工智能能力建设普惠计划",
    "more than 80 countries and international organizations",
)

_SENTENCES: Final = (
    "Wang Yi attended the meeting at UN Headquarters in New York.",
    "China and Zambia co-hosted the High-level Meeting on 25 September 2024, local time.",
    "More than 80 countries and international organizations took part.",
    "中方愿同各方一道\uff0c推动人工智能能力建设\u3002",
    "The plan sets out five visions and ten actions.",
    "Aleksandar Vučić met Wang Yi.",
    "« Coopération » et « confiance » — Ελλάδα, Россия.",
    "",
    "\n",
)

_ZONES: Final = (
    "America/New_York",
    "Asia/Shanghai",
    "Europe/Belgrade",
    "Africa/Lusaka",
    "Asia/Jakarta",
    "UTC",
    "Etc/GMT+5",
    "America/Argentina/Buenos_Aires",
)

_LANGUAGES: Final = ("en", "zh", "zh-Hans", "zh-Hant", "fr", "ru", "ar", "es", "sr-Latn")

# Types a record may name in ``refers_to``. Sources are left out: validate() reports a
# reference to a source as being of the wrong type, though the field's types allow it.
_REFERABLE: Final = tuple(t for t in RECORD_TYPES if t != "source")

_MAX_ITEMS: Final = 3


def _tuples(
    strategy: st.SearchStrategy[T], max_size: int = _MAX_ITEMS
) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _unique_tuples(
    strategy: st.SearchStrategy[T], max_size: int = _MAX_ITEMS, min_size: int = 0
) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique=True).map(tuple)


def _aliases() -> st.SearchStrategy[tuple[str, ...]]:
    """A record's other names: mostly none."""
    return st.just(()) | _unique_tuples(nonblank_text(60), 2, min_size=1)


# --- vocabularies -------------------------------------------------------------------


def precisions() -> st.SearchStrategy[Precision]:
    """A :class:`~aigovernance.Precision`.

    >>> from hypothesis import given
    >>> @given(precisions())
    ... def test(p): assert p in Precision
    >>> test()
    """
    return st.sampled_from(Precision)


def qualifiers() -> st.SearchStrategy[Qualifier]:
    """A :class:`~aigovernance.Qualifier` (``exact``, ``more-than``, ...)."""
    return st.sampled_from(Qualifier)


def confidences() -> st.SearchStrategy[Confidence]:
    """A :class:`~aigovernance.Confidence`."""
    return st.sampled_from(Confidence)


def organization_kinds() -> st.SearchStrategy[OrganizationKind]:
    """An :class:`~aigovernance.OrganizationKind`."""
    return st.sampled_from(OrganizationKind)


def post_kinds() -> st.SearchStrategy[PostKind]:
    """A :class:`~aigovernance.PostKind`."""
    return st.sampled_from(PostKind)


def event_kinds() -> st.SearchStrategy[EventKind]:
    """An :class:`~aigovernance.EventKind`."""
    return st.sampled_from(EventKind)


def roles() -> st.SearchStrategy[Role]:
    """A :class:`~aigovernance.Role`."""
    return st.sampled_from(Role)


def speech_acts() -> st.SearchStrategy[SpeechAct]:
    """A :class:`~aigovernance.SpeechAct`."""
    return st.sampled_from(SpeechAct)


def modalities() -> st.SearchStrategy[Modality]:
    """A :class:`~aigovernance.Modality`."""
    return st.sampled_from(Modality)


def instrument_kinds() -> st.SearchStrategy[InstrumentKind]:
    """An :class:`~aigovernance.InstrumentKind`."""
    return st.sampled_from(InstrumentKind)


def themes() -> st.SearchStrategy[Theme]:
    """A :class:`~aigovernance.Theme`.

    >>> from hypothesis import given, strategies as st
    >>> @given(st.lists(themes(), unique=True))
    ... def test(ts): assert len(set(ts)) == len(ts)
    >>> test()
    """
    return st.sampled_from(Theme)


# --- text and codes -------------------------------------------------------------------


def nonblank_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text with at least one non-whitespace character, as names and titles need.

    Mixes realistic names in several scripts (``王毅``, ``Aleksandar Vučić``) with
    arbitrary Unicode text of up to ``max_size`` characters.

    >>> from hypothesis import given
    >>> @given(nonblank_text())
    ... def test(s): assert s.strip()
    >>> test()
    """
    return st.one_of(
        st.sampled_from(_NAMES),
        st.text(_CHARACTERS, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip())),
    )


def _optional_text(max_size: int = 30) -> st.SearchStrategy[str | None]:
    return st.none() | nonblank_text(max_size)


def language_tags() -> st.SearchStrategy[str]:
    """A BCP 47 language tag of the form the model accepts (``en``, ``zh-Hans``)."""
    return st.sampled_from(_LANGUAGES) | st.from_regex(
        r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}", fullmatch=True
    )


def time_zones() -> st.SearchStrategy[str]:
    """A time zone of the IANA database (``America/New_York``), as validate accepts.

    Drawn from the system's database through :mod:`zoneinfo`, or from a few well-known
    zones where the system has none.
    """
    import zoneinfo

    return st.sampled_from(_ZONES) | st.sampled_from(
        sorted(zoneinfo.available_timezones()) or _ZONES
    )


def iso_alpha3_codes() -> st.SearchStrategy[str]:
    """An ISO 3166-1 alpha-3 code (``CHN``), officially assigned or user-assigned (``XKX``)."""
    return (
        st.sampled_from(("CHN", "ZMB", "SRB", "IDN", "GRC", "USA"))
        | st.sampled_from(sorted(ALPHA3))
        | st.from_regex(r"X[A-Z]{2}", fullmatch=True)
    )


def _urls() -> st.SearchStrategy[str]:
    return st.sampled_from(
        ("https://www.mfa.gov.cn/eng/", "https://www.un.org/en/", "http://example.org/a?b=c")
    ) | st.from_regex(r"https?://[^\s]{1,30}", fullmatch=True, alphabet=_CHARACTERS)


def record_ids(*types: str) -> st.SearchStrategy[str]:
    """A record id ``"<type>:<name>"`` for one of ``types`` (every record type if none).

    >>> from hypothesis import given
    >>> @given(record_ids("event"))
    ... def test(i): assert i.startswith("event:")
    >>> test()
    """
    chosen = types or RECORD_TYPES
    unknown = set(chosen) - set(RECORD_TYPES)
    if unknown:
        raise ValueError(f"not record types: {sorted(unknown)}")
    names = st.sampled_from(("CHN", "un-hlm-2024", "wang-yi", "A.RES.78.311", "x")) | (
        st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True)
    )
    return st.builds(lambda t, n: f"{t}:{n}", st.sampled_from(chosen), names)


# --- values ---------------------------------------------------------------------------

_EDGE_DATES: Final = (
    PartialDate(year=1),
    PartialDate(year=1, month=1, day=1),
    PartialDate(year=9999),
    PartialDate(year=9999, month=12, day=31),
    PartialDate(year=2024, month=2, day=29),
    PartialDate(year=2000, month=2, day=29),
    PartialDate(year=2024, month=9, day=25),
    PartialDate(year=2024, month=9),
)


def _coarsenings(day: dt.date, lo: dt.date, hi: dt.date) -> list[PartialDate]:
    """The partial dates containing ``day`` whose intervals lie within ``lo``..``hi``."""
    coarser = (PartialDate(year=day.year, month=day.month), PartialDate(year=day.year))
    return [
        PartialDate.from_date(day),
        *(d for d in coarser if lo <= d.earliest and d.latest <= hi),
    ]


@st.composite
def _dates_between(draw: Draw, lo: dt.date, hi: dt.date) -> PartialDate:
    day = draw(st.dates(lo, hi))
    return draw(st.sampled_from(_coarsenings(day, lo, hi)))


def partial_dates(
    *, min_value: dt.date = dt.date.min, max_value: dt.date = dt.date.max
) -> st.SearchStrategy[PartialDate]:
    """A :class:`~aigovernance.PartialDate` of year, month or day precision.

    Every day the date may denote lies within ``min_value`` .. ``max_value``. With the
    default bounds, edge values come often: years 1 and 9999, February 29 of leap years.

    >>> import datetime as dt
    >>> from hypothesis import given
    >>> @given(partial_dates(min_value=dt.date(2024, 1, 1)))
    ... def test(d): assert d.earliest.year >= 2024
    >>> test()
    """
    if min_value > max_value:
        raise ValueError(f"min_value {min_value} is after max_value {max_value}")
    between = _dates_between(min_value, max_value)
    if (min_value, max_value) != (dt.date.min, dt.date.max):
        return between
    return st.one_of(st.sampled_from(_EDGE_DATES), between)


@st.composite
def _quantities(draw: Draw) -> Quantity:
    qualifier = draw(qualifiers())
    least = 1 if qualifier is Qualifier.FEWER_THAN else 0
    value = draw(st.integers(least, 10**6) | st.sampled_from((least, 80, 2**53)))
    implied_lower, implied_upper = {
        Qualifier.EXACT: (value, value),
        Qualifier.AT_LEAST: (value, None),
        Qualifier.MORE_THAN: (value + 1, None),
        Qualifier.FEWER_THAN: (0, value - 1),
        Qualifier.UP_TO: (0, value),
        Qualifier.ABOUT: (0, None),
    }[qualifier]
    top = implied_upper if implied_upper is not None else implied_lower + 10**6
    lower = draw(st.none() | st.integers(implied_lower, top))
    upper = draw(st.none() | st.integers(lower if lower is not None else implied_lower, top))
    written = f"{_WRITTEN[qualifier]}{value:,}".strip()
    text = draw(st.none() | st.just(written) | st.sampled_from(("十", "some")) | nonblank_text())
    if text is not None and count_problem(Quantity(value=value, qualifier=qualifier, text=text)):
        text = written  # a text that states another count: validate would report it
    return Quantity(
        value=value,
        qualifier=qualifier,
        lower=lower,
        upper=upper,
        text=text,
        unit=draw(st.none() | st.sampled_from(("countries", "actions")) | nonblank_text()),
    )


_WRITTEN: Final = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.FEWER_THAN: "fewer than ",
    Qualifier.UP_TO: "up to ",
}


def quantities() -> st.SearchStrategy[Quantity]:
    """A :class:`~aigovernance.Quantity` whose explicit bounds agree with its qualifier.

    >>> from hypothesis import given
    >>> @given(quantities())
    ... def test(q):
    ...     lower, upper = q.bounds
    ...     assert lower is None or upper is None or lower <= upper
    >>> test()
    """
    return _quantities()


def identifiers() -> st.SearchStrategy[Identifier]:
    """An :class:`~aigovernance.Identifier` in a known scheme or another lower-case one.

    >>> from hypothesis import given
    >>> @given(identifiers())
    ... def test(i): assert i.scheme == i.scheme.lower()
    >>> test()
    """
    known = {"wikidata", "iso3166", "un-symbol", "url"}
    return st.one_of(
        st.builds(
            Identifier,
            scheme=st.just("wikidata"),
            value=st.from_regex(r"Q[1-9][0-9]{0,8}", fullmatch=True),
        ),
        st.builds(Identifier, scheme=st.just("iso3166"), value=iso_alpha3_codes()),
        st.builds(
            Identifier,
            scheme=st.just("un-symbol"),
            value=st.sampled_from(("A/RES/78/311", "S/PRST/2024/5"))
            | st.from_regex(r"[A-Z]{1,3}(/[A-Za-z0-9.()-]{1,6}){1,4}", fullmatch=True),
        ),
        st.builds(Identifier, scheme=st.just("url"), value=_urls()),
        st.builds(
            Identifier,
            scheme=st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True).filter(
                lambda s: s not in known
            ),
            value=nonblank_text(),
        ),
    )


def translations() -> st.SearchStrategy[Translation]:
    """A :class:`~aigovernance.Translation`: a language tag and a name in that language.

    >>> from hypothesis import given
    >>> @given(translations())
    ... def test(t): assert t.text.strip()
    >>> test()
    """
    return st.one_of(
        st.just(Translation(lang="zh", text="人工智能能力建设普惠计划")),
        st.builds(Translation, lang=language_tags(), text=nonblank_text()),
    )


_Span = tuple[int | None, int | None, str | None, str | None, str | None]
"""An evidence span: start, end, quote, prefix and suffix."""


@st.composite
def _span(draw: Draw, text: str) -> _Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 80)))
    # Context, where there is any: up to 40 characters ending at the start, or starting
    # at the end, of the span; or none.
    before = draw(st.integers(0, min(start, 40)))
    after = draw(st.integers(0, min(len(text) - end, 40)))
    prefix = text[start - before : start] if before else None
    suffix = text[end : end + after] if after else None
    return start, end, text[start:end], prefix, suffix


def _context() -> st.SearchStrategy[str | None]:
    return st.none() | st.text(_CHARACTERS, min_size=1, max_size=12)


@st.composite
def _evidence(
    draw: Draw, sources: Sequence[Source] | None, fields: Sequence[str] | None
) -> Evidence:
    span: _Span = (None, None, None, None, None)
    if sources is None:
        source = draw(record_ids("source"))
        quote = draw(st.none() | st.text(_CHARACTERS, max_size=20))
        if quote is not None:
            first = draw(st.integers(0, 10**6))
            span = (first, first + len(quote), quote, draw(_context()), draw(_context()))
    else:
        chosen = draw(st.sampled_from(sources))
        source = chosen.id
        if chosen.text is not None:
            span = draw(_span(chosen.text))
    if fields is None:
        named = draw(_unique_tuples(nonblank_text(12), 2))
    else:
        named = draw(_unique_tuples(st.sampled_from(fields), 2)) if fields else ()
    start, end, quote, prefix, suffix = span
    return Evidence(
        source=source,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        confidence=draw(confidences()),
        fields=named,
    )


def evidence(
    *, sources: Sequence[Source] | None = None, fields: Sequence[str] | None = None
) -> st.SearchStrategy[Evidence]:
    """An :class:`~aigovernance.Evidence`.

    With ``sources``, it cites one of them: a real span of its text (``quote ==
    text[start:end]``, with a ``prefix`` and ``suffix`` that are the text around it, or
    none) when the source has text, no span when it has none. ``fields``
    limits the field names it may support (those of the object that will hold it).

    >>> from hypothesis import given
    >>> import aigovernance as ag
    >>> src = ag.Source(id="source:s", title="S", text="Wang Yi said.")
    >>> @given(evidence(sources=[src], fields=["name"]))
    ... def test(e): assert e.quote == src.text[e.start:e.end]
    >>> test()
    """
    if sources is not None and not sources:
        raise ValueError("evidence needs at least one source to cite")
    return _evidence(None if sources is None else tuple(sources), fields)


def places() -> st.SearchStrategy[Place]:
    """A :class:`~aigovernance.Place`, every part optional.

    >>> from hypothesis import given
    >>> @given(places())
    ... def test(p): assert p.country is None or len(p.country) == 3
    >>> test()
    """
    return st.builds(
        Place,
        name=st.none() | st.just("UN Headquarters") | nonblank_text(),
        locality=st.none() | st.just("New York") | nonblank_text(),
        country=st.none() | iso_alpha3_codes(),
        identifiers=_tuples(identifiers(), 2),
    )


def problems() -> st.SearchStrategy[Problem]:
    """A :class:`~aigovernance.Problem`: a JSON path and a message."""
    paths = st.sampled_from(("$", "$.records[3].date", "$.sources[0].sha256")) | st.from_regex(
        r"\$(\.[a-z_]{1,10}|\[[0-9]{1,3}\]){0,4}", fullmatch=True
    )
    return st.builds(Problem, path=paths, message=nonblank_text())


def validation_errors() -> st.SearchStrategy[ValidationError]:
    """A :class:`~aigovernance.ValidationError` holding one or more problems."""
    return st.builds(ValidationError, st.lists(problems(), min_size=1, max_size=3))


def newer_schema_warnings() -> st.SearchStrategy[NewerSchemaWarning]:
    """A :class:`~aigovernance.NewerSchemaWarning` with a message."""
    return st.builds(NewerSchemaWarning, nonblank_text())


# --- what generated records may refer to --------------------------------------------


@attrs.define
class _Pool:
    """The records and sources a generated record may name.

    ``None`` in place of a pool means "anything": references are arbitrary ids and
    evidence cites arbitrary sources, so the object passes its own checks but not
    necessarily :func:`aigovernance.validate`.
    """

    sources: list[Source] = attrs.Factory(list)
    ids: dict[str, list[str]] = attrs.Factory(dict)
    records: dict[str, Record] = attrs.Factory(dict)
    taken: set[str] = attrs.Factory(set)

    @classmethod
    def of(cls, dataset: Dataset) -> _Pool:
        pool = cls()
        for source in dataset.sources:
            pool.add(source)
        for record in dataset.records:
            pool.add(record)
        return pool

    def add(self, record: Record) -> None:
        if isinstance(record, Source):
            self.sources.append(record)
        else:
            self.records[record.id] = record
        self.ids.setdefault(record.type, []).append(record.id)
        self.taken.add(record.id)

    def candidates(self, types: Sequence[str]) -> list[str]:
        return [i for t in types for i in self.ids.get(t, ())]


Pool = _Pool | None


def _ref(draw: Draw, pool: Pool, types: Sequence[str]) -> str:
    if pool is None:
        return draw(record_ids(*types))
    candidates = pool.candidates(types)
    assert candidates, f"nothing of type {types} to refer to"
    return draw(st.sampled_from(candidates))


def _optional_ref(draw: Draw, pool: Pool, types: Sequence[str]) -> str | None:
    if pool is not None and not pool.candidates(types):
        return None
    return _ref(draw, pool, types) if draw(st.booleans()) else None


def _refs(draw: Draw, pool: Pool, types: Sequence[str], min_size: int = 0) -> tuple[str, ...]:
    if pool is None:
        return draw(_unique_tuples(record_ids(*types), min_size=min_size))
    candidates = pool.candidates(types)
    if not candidates:
        assert not min_size, f"nothing of type {types} to refer to"
        return ()
    return draw(_unique_tuples(st.sampled_from(candidates), min_size=min_size))


def _actors(draw: Draw, pool: Pool) -> tuple[str, ...]:
    """One actor mostly, sometimes several acting jointly."""
    return _refs(draw, pool, ACTOR_TYPES, min_size=1)


def _evidence_of(draw: Draw, pool: Pool, holder: type) -> tuple[Evidence, ...]:
    if pool is None:
        return draw(_tuples(_evidence(None, None), 2))
    if not pool.sources:
        return ()
    names = [a.name for a in attrs.fields(holder) if a.name != "evidence"]
    return draw(_tuples(_evidence(tuple(pool.sources), names), 2))


def _new_id(draw: Draw, pool: Pool, tag: str) -> str:
    new = draw(record_ids(tag))
    if pool is not None:
        base, suffix = new, 1
        while new in pool.taken:
            suffix += 1
            new = f"{base}-{suffix}"
    return new


def _pool_within(within: Dataset | None) -> Pool:
    return None if within is None else _Pool.of(within)


def _require(pool: Pool, types: Sequence[str], what: str) -> None:
    if pool is not None and not pool.candidates(types):
        raise ValueError(f"{what} needs a {' or '.join(types)} in the dataset to refer to")


# --- records and their parts ----------------------------------------------------------


@st.composite
def _sources(draw: Draw, pool: Pool) -> Source:
    text = draw(
        st.none()
        | st.lists(st.sampled_from(_SENTENCES), max_size=4).map(" ".join)
        | st.text(_CHARACTERS, max_size=120)
    )
    return Source(
        id=_new_id(draw, pool, "source"),
        title=draw(nonblank_text()),
        publisher=draw(
            st.none() | st.just("Ministry of Foreign Affairs of the PRC") | nonblank_text()
        ),
        url=draw(st.none() | _urls()),
        published=draw(st.none() | partial_dates()),
        language=draw(st.none() | language_tags()),
        text=text,
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
    )


def sources() -> st.SearchStrategy[Source]:
    """A :class:`~aigovernance.Source`, with its full text or without; ``sha256`` matches.

    >>> from hypothesis import given
    >>> @given(sources())
    ... def test(s): assert (s.text is None) == (s.sha256 is None)
    >>> test()
    """
    return _sources(None)


@st.composite
def _persons(draw: Draw, pool: Pool) -> Person:
    name = draw(_optional_text())
    description = draw(_optional_text() if name is not None else nonblank_text())
    return Person(
        id=_new_id(draw, pool, "person"),
        name=name,
        description=description,
        translations=draw(_tuples(translations(), 2)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Person),
    )


def persons(*, within: Dataset | None = None) -> st.SearchStrategy[Person]:
    """A :class:`~aigovernance.Person`, named, described, or both.

    With ``within``, its id is new to that dataset and its evidence cites its sources.

    >>> from hypothesis import given
    >>> @given(persons())
    ... def test(p): assert p.name or p.description
    >>> test()
    """
    return _persons(_pool_within(within))


@st.composite
def _states(draw: Draw, pool: Pool) -> State:
    code = draw(iso_alpha3_codes())
    return State(
        id=_new_id(draw, pool, "state"),
        name=draw(nonblank_text()),
        code=code,
        translations=draw(_tuples(translations(), 2)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, State),
    )


def states(*, within: Dataset | None = None) -> st.SearchStrategy[State]:
    """A :class:`~aigovernance.State` with an alpha-3 code.

    >>> from hypothesis import given
    >>> @given(states())
    ... def test(s): assert s.id.startswith("state:")
    >>> test()
    """
    return _states(_pool_within(within))


@st.composite
def _organizations(draw: Draw, pool: Pool) -> Organization:
    return Organization(
        id=_new_id(draw, pool, "organization"),
        name=draw(nonblank_text()),
        kind=draw(organization_kinds()),
        abbreviation=draw(st.none() | st.sampled_from(("UN", "G20")) | nonblank_text(8)),
        parent=_optional_ref(draw, pool, ("state", "organization")),
        translations=draw(_tuples(translations(), 2)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Organization),
    )


def organizations(*, within: Dataset | None = None) -> st.SearchStrategy[Organization]:
    """An :class:`~aigovernance.Organization`, perhaps part of a state or organization.

    >>> from hypothesis import given
    >>> @given(organizations())
    ... def test(o): assert o.id.startswith("organization:")
    >>> test()
    """
    return _organizations(_pool_within(within))


@st.composite
def _groups(draw: Draw, pool: Pool) -> Group:
    return Group(
        id=_new_id(draw, pool, "group"),
        name=draw(nonblank_text()),
        size=draw(st.none() | quantities()),
        members=_refs(draw, pool, ACTOR_TYPES),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Group),
    )


def groups(*, within: Dataset | None = None) -> st.SearchStrategy[Group]:
    """A :class:`~aigovernance.Group`, its size perhaps approximate ("more than 80").

    >>> from hypothesis import given
    >>> @given(groups())
    ... def test(g): assert len(set(g.members)) == len(g.members)
    >>> test()
    """
    return _groups(_pool_within(within))


@st.composite
def _posts(draw: Draw, pool: Pool) -> Post:
    start = draw(st.none() | partial_dates())
    end = draw(
        st.none() | (partial_dates() if start is None else partial_dates(min_value=start.earliest))
    )
    return Post(
        id=_new_id(draw, pool, "post"),
        title=draw(st.just("Foreign Minister") | nonblank_text()),
        kind=draw(st.none() | post_kinds()),
        organization=_ref(draw, pool, ("state", "organization")),
        holder=_optional_ref(draw, pool, ("person",)),
        start=start,
        end=end,
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Post),
    )


def posts(*, within: Dataset | None = None) -> st.SearchStrategy[Post]:
    """A :class:`~aigovernance.Post`, its end (if any) not before its start.

    ``within`` must hold a state or organization for the post to belong to.

    >>> from hypothesis import given
    >>> @given(posts())
    ... def test(p): assert p.start is None or p.end is None or p.end.latest >= p.start.earliest
    >>> test()
    """
    pool = _pool_within(within)
    _require(pool, ("state", "organization"), "a post")
    return _posts(pool)


@st.composite
def _participations(draw: Draw, pool: Pool, actor: str | None = None) -> Participation:
    return Participation(
        actor=actor if actor is not None else _ref(draw, pool, ACTOR_TYPES),
        role=draw(roles()),
        capacities=_refs(draw, pool, ("post",)),
        on_behalf_of=_optional_ref(draw, pool, ("state", "organization", "group")),
        evidence=_evidence_of(draw, pool, Participation),
    )


def participations(*, within: Dataset | None = None) -> st.SearchStrategy[Participation]:
    """A :class:`~aigovernance.Participation`: an actor, a role, perhaps capacities.

    ``within`` must hold an actor (person, state, organization or group).

    >>> from hypothesis import given
    >>> @given(participations())
    ... def test(p): assert p.side in (p.actor, p.on_behalf_of)
    >>> test()
    """
    pool = _pool_within(within)
    _require(pool, ACTOR_TYPES, "a participation")
    return _participations(pool)


@st.composite
def _bilateral(draw: Draw, pool: Pool) -> tuple[Participation, ...]:
    """Participations with exactly two sides, each an actor or whom actors stand for."""
    if pool is None:
        sides = draw(st.lists(record_ids(*ACTOR_TYPES), min_size=2, max_size=2, unique=True))
    else:
        sides = draw(
            st.lists(
                st.sampled_from(pool.candidates(ACTOR_TYPES)), min_size=2, max_size=2, unique=True
            )
        )
    result = []
    for side in sides:
        for _ in range(draw(st.integers(1, 2))):
            participation = draw(_participations(pool, actor=side))
            # Standing for someone else would add a third side.
            result.append(attrs.evolve(participation, on_behalf_of=None))
    return tuple(draw(st.permutations(result)))


@st.composite
def _purposes(draw: Draw, pool: Pool) -> Purpose:
    return Purpose(
        text=draw(nonblank_text(60)),
        themes=draw(_unique_tuples(themes())),
        refers_to=_refs(draw, pool, _REFERABLE),
        evidence=_evidence_of(draw, pool, Purpose),
    )


def purposes(*, within: Dataset | None = None) -> st.SearchStrategy[Purpose]:
    """A :class:`~aigovernance.Purpose` of an event.

    >>> from hypothesis import given
    >>> @given(purposes())
    ... def test(p): assert len(set(p.themes)) == len(p.themes)
    >>> test()
    """
    return _purposes(_pool_within(within))


@st.composite
def _events(draw: Draw, pool: Pool) -> Event:
    event_id = _new_id(draw, pool, "event")
    bilateral_possible = pool is None or len(pool.candidates(ACTOR_TYPES)) >= 2
    kind = draw(
        event_kinds().filter(lambda k: bilateral_possible or k is not EventKind.BILATERAL_MEETING)
    )
    parent = _optional_ref(draw, pool, ("event",))
    if parent == event_id:
        parent = None
    parent_event = None if pool is None or parent is None else pool.records[parent]
    assert parent_event is None or isinstance(parent_event, Event)
    if parent_event is not None and parent_event.date is not None:
        lo = parent_event.date.earliest
        hi = (parent_event.end_date or parent_event.date).latest
        date: PartialDate | None = draw(_dates_between(lo, hi))
    else:
        hi = dt.date.max
        date = draw(st.none() | partial_dates())
    end_date = None
    if date is not None and draw(st.booleans()):
        end_date = draw(_dates_between(date.earliest, hi))
    if kind is EventKind.BILATERAL_MEETING:
        taking_part = draw(_bilateral(pool))
    elif pool is None or pool.candidates(ACTOR_TYPES):
        taking_part = draw(_tuples(_participations(pool)))
    else:
        taking_part = ()
    return Event(
        id=event_id,
        kind=kind,
        title=draw(nonblank_text(60)),
        date=date,
        end_date=end_date,
        timezone=draw(st.none() | time_zones()),
        place=draw(st.none() | places()),
        parent=parent,
        participations=taking_part,
        purposes=draw(_tuples(_purposes(pool), 2)),
        themes=draw(_unique_tuples(themes())),
        translations=draw(_tuples(translations(), 2)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Event),
    )


def events(*, within: Dataset | None = None) -> st.SearchStrategy[Event]:
    """An :class:`~aigovernance.Event` with participations, purposes and perhaps a parent.

    A bilateral meeting has exactly two sides. With ``within``, a parent is one of its
    events, and the new event's dates fall within the parent's.

    >>> from hypothesis import given
    >>> @given(events())
    ... def test(e): assert e.end_date is None or e.date is not None
    >>> test()
    """
    return _events(_pool_within(within))


@st.composite
def _principles(draw: Draw, pool: Pool, ordinal: int | None = None) -> Principle:
    return Principle(
        ordinal=ordinal if ordinal is not None else draw(st.integers(1, 10**6)),
        title=draw(nonblank_text(60)),
        description=draw(_optional_text(80)),
        aspects=draw(_unique_tuples(nonblank_text())),
        themes=draw(_unique_tuples(themes())),
        refers_to=_refs(draw, pool, _REFERABLE),
        evidence=_evidence_of(draw, pool, Principle),
    )


def principles(*, within: Dataset | None = None) -> st.SearchStrategy[Principle]:
    """A :class:`~aigovernance.Principle` with some ordinal from 1 up.

    >>> from hypothesis import given
    >>> @given(principles())
    ... def test(p): assert p.ordinal >= 1
    >>> test()
    """
    return _principles(_pool_within(within))


@st.composite
def _principle_sets(draw: Draw, pool: Pool) -> PrincipleSet:
    count = draw(st.integers(0, _MAX_ITEMS))
    return PrincipleSet(
        id=_new_id(draw, pool, "principle-set"),
        title=draw(nonblank_text()),
        proposers=_refs(draw, pool, ACTOR_TYPES),
        instrument=_optional_ref(draw, pool, ("instrument",)),
        principles=tuple(draw(_principles(pool, ordinal=n)) for n in range(1, count + 1)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, PrincipleSet),
    )


def principle_sets(*, within: Dataset | None = None) -> st.SearchStrategy[PrincipleSet]:
    """A :class:`~aigovernance.PrincipleSet` whose principles are numbered 1 to n.

    >>> from hypothesis import given
    >>> @given(principle_sets())
    ... def test(s):
    ...     assert [p.ordinal for p in s.principles] == list(range(1, len(s.principles) + 1))
    >>> test()
    """
    return _principle_sets(_pool_within(within))


@st.composite
def _section_items(draw: Draw, pool: Pool, ordinal: int | None) -> SectionItem:
    return SectionItem(
        ordinal=ordinal,
        title=draw(nonblank_text()),
        description=draw(_optional_text(80)),
        translations=draw(_tuples(translations(), 2)),
        evidence=_evidence_of(draw, pool, SectionItem),
    )


def section_items(*, within: Dataset | None = None) -> st.SearchStrategy[SectionItem]:
    """A :class:`~aigovernance.SectionItem`, numbered or not.

    >>> from hypothesis import given
    >>> @given(section_items())
    ... def test(i): assert i.ordinal is None or i.ordinal >= 1
    >>> test()
    """
    pool = _pool_within(within)
    ordinals = st.none() | st.integers(1, 10**6)
    return ordinals.flatmap(lambda ordinal: _section_items(pool, ordinal))


@st.composite
def _sections(draw: Draw, pool: Pool) -> Section:
    size = draw(st.none() | st.integers(0, 12))
    limit = _MAX_ITEMS if size is None else min(size, _MAX_ITEMS)
    count = draw(st.integers(0, limit))
    numbers = st.integers(1, 10**6) if size is None else st.integers(1, max(size, 1))
    ordinals = draw(st.lists(numbers, min_size=count, max_size=count, unique=True))
    items = []
    for ordinal in ordinals:
        numbered = draw(st.booleans())
        items.append(draw(_section_items(pool, ordinal if numbered else None)))
    return Section(
        name=draw(st.sampled_from(("visions", "actions")) | nonblank_text()),
        declared_size=size,
        items=tuple(items),
        evidence=_evidence_of(draw, pool, Section),
    )


def sections(*, within: Dataset | None = None) -> st.SearchStrategy[Section]:
    """A :class:`~aigovernance.Section` holding no more items than it declares.

    Items' ordinals are distinct and within the declared size ("ten actions", of which
    perhaps only three are known).

    >>> from hypothesis import given
    >>> @given(sections())
    ... def test(s): assert s.declared_size is None or s.known <= s.declared_size
    >>> test()
    """
    return _sections(_pool_within(within))


@st.composite
def _instruments(draw: Draw, pool: Pool) -> Instrument:
    return Instrument(
        id=_new_id(draw, pool, "instrument"),
        kind=draw(instrument_kinds()),
        title=draw(nonblank_text(60)),
        symbol=draw(
            st.none() | st.sampled_from(("A/RES/78/311", "S/PRST/2024/5")) | nonblank_text(12)
        ),
        date=draw(st.none() | partial_dates()),
        revision_dates=draw(_unique_tuples(partial_dates(), 2)),
        issuers=_refs(draw, pool, ACTOR_TYPES),
        proposers=_refs(draw, pool, ACTOR_TYPES),
        cosponsor_count=draw(st.none() | quantities()),
        sections=draw(_tuples(_sections(pool), 2)),
        cites=_refs(draw, pool, ("instrument",)),
        themes=draw(_unique_tuples(themes())),
        translations=draw(_tuples(translations(), 2)),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Instrument),
    )


def instruments(*, within: Dataset | None = None) -> st.SearchStrategy[Instrument]:
    """An :class:`~aigovernance.Instrument` with numbered sections.

    >>> from hypothesis import given
    >>> @given(instruments())
    ... def test(i): assert i.id.startswith("instrument:")
    >>> test()
    """
    return _instruments(_pool_within(within))


@st.composite
def _commitments(draw: Draw, pool: Pool) -> Commitment:
    return Commitment(
        id=_new_id(draw, pool, "commitment"),
        actors=_actors(draw, pool),
        modality=draw(modalities()),
        text=draw(nonblank_text(80)),
        themes=draw(_unique_tuples(themes())),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Commitment),
    )


def commitments(*, within: Dataset | None = None) -> st.SearchStrategy[Commitment]:
    """A :class:`~aigovernance.Commitment` by some actor.

    ``within`` must hold an actor to make it.

    >>> from hypothesis import given
    >>> @given(commitments())
    ... def test(c): assert c.text.strip()
    >>> test()
    """
    pool = _pool_within(within)
    _require(pool, ACTOR_TYPES, "a commitment")
    return _commitments(pool)


@st.composite
def _statements(draw: Draw, pool: Pool) -> Statement:
    return Statement(
        id=_new_id(draw, pool, "statement"),
        speakers=_actors(draw, pool),
        speech_act=draw(speech_acts()),
        summary=draw(nonblank_text(80)),
        event=_optional_ref(draw, pool, ("event",)),
        date=draw(st.none() | partial_dates()),
        principles=_refs(draw, pool, ("principle-set",)),
        commitments=_refs(draw, pool, ("commitment",)),
        refers_to=_refs(draw, pool, _REFERABLE),
        themes=draw(_unique_tuples(themes())),
        aliases=draw(_aliases()),
        identifiers=draw(_tuples(identifiers(), 2)),
        evidence=_evidence_of(draw, pool, Statement),
    )


def statements(*, within: Dataset | None = None) -> st.SearchStrategy[Statement]:
    """A :class:`~aigovernance.Statement` by some actor.

    ``within`` must hold an actor to speak.

    >>> from hypothesis import given
    >>> @given(statements())
    ... def test(s): assert s.summary.strip()
    >>> test()
    """
    pool = _pool_within(within)
    _require(pool, ACTOR_TYPES, "a statement")
    return _statements(pool)


_BUILDERS: Final[Mapping[str, Callable[[Pool], st.SearchStrategy[Any]]]] = {
    "person": _persons,
    "state": _states,
    "organization": _organizations,
    "group": _groups,
    "post": _posts,
    "event": _events,
    "statement": _statements,
    "principle-set": _principle_sets,
    "commitment": _commitments,
    "instrument": _instruments,
}

# What each record type must refer to: it can be generated only once one exists.
_NEEDS: Final[Mapping[str, tuple[str, ...]]] = {
    "post": ("state", "organization"),
    "statement": ACTOR_TYPES,
    "commitment": ACTOR_TYPES,
}


def records(*, within: Dataset | None = None) -> st.SearchStrategy[Record]:
    """A record of any type that may stand in :attr:`Dataset.records` (not a source).

    >>> from hypothesis import given
    >>> import aigovernance as ag
    >>> @given(records())
    ... def test(r): assert ag.from_dict(ag.to_dict(r), ag.Record) == r
    >>> test()
    """
    pool = _pool_within(within)
    return st.one_of(
        [
            builder(pool)
            for tag, builder in _BUILDERS.items()
            if pool is None or tag not in _NEEDS or pool.candidates(_NEEDS[tag])
        ]
    )


@st.composite
def _datasets(draw: Draw, max_sources: int, max_records: int) -> Dataset:
    pool = _Pool()
    for _ in range(draw(st.integers(0, max_sources))):
        pool.add(draw(_sources(pool)))
    made: list[Record] = []
    for _ in range(draw(st.integers(0, max_records))):
        ready = [t for t in _BUILDERS if t not in _NEEDS or pool.candidates(_NEEDS[t])]
        # Events twice as often: parents, dates and bilateral sides need several of them.
        ready.append("event")
        record = draw(_BUILDERS[draw(st.sampled_from(ready))](pool))
        pool.add(record)
        made.append(record)
    return Dataset(
        id=draw(
            st.sampled_from(("seed", "un-hlm-2024"))
            | st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)
        ),
        title=draw(nonblank_text()),
        version=draw(st.sampled_from(("1", "2024.1")) | nonblank_text(10)),
        description=draw(_optional_text(80)),
        sources=tuple(pool.sources),
        # Records refer only to those made before them; shuffled, they refer both ways.
        records=tuple(draw(st.permutations(made))),
    )


def datasets(*, max_sources: int = 3, max_records: int = 10) -> st.SearchStrategy[Dataset]:
    """A coherent :class:`~aigovernance.Dataset` that :func:`aigovernance.validate` accepts.

    Sources come first (some with text, some without), then records of every type that
    refer only to records the dataset holds, with evidence quoting real spans of the
    sources' texts. ``max_sources`` and ``max_records`` bound the size.

    >>> from hypothesis import given
    >>> import aigovernance as ag
    >>> @given(datasets(max_records=5))
    ... def test(ds): assert ag.validate(ds) == ()
    >>> test()
    """
    if max_sources < 0 or max_records < 0:
        raise ValueError("max_sources and max_records must be 0 or more")
    return _datasets(max_sources, max_records)


# --- comparison results ---------------------------------------------------------------
# A valid comparison result is one the comparison functions compute, so these strategies
# compare generated values rather than build results field by field.


def diffs() -> st.SearchStrategy[Any]:
    """An :class:`~aigovernance.Diff` between two datasets, perhaps equal ones.

    >>> from hypothesis import given
    >>> @given(diffs())
    ... def test(d): assert bool(d) == bool(d.changes)
    >>> test()
    """
    from aigovernance.compare import diff

    def compare(pair: tuple[Dataset, Dataset]) -> Any:
        return diff(*pair)

    small = datasets(max_sources=2, max_records=4)
    return small.flatmap(lambda a: st.tuples(st.just(a), st.just(a) | small)).map(compare)


def changes() -> st.SearchStrategy[Any]:
    """A :class:`~aigovernance.Change`: one difference between two records.

    >>> from hypothesis import given
    >>> @given(changes())
    ... def test(c): assert c.path.startswith("$")
    >>> test()
    """
    from aigovernance.compare import diff

    pairs = st.tuples(states(), states()).map(lambda pair: diff(*pair).changes)
    return pairs.filter(bool).flatmap(st.sampled_from)


def similarities() -> st.SearchStrategy[Any]:
    """A :class:`~aigovernance.Similarity` of two records of one type.

    >>> from hypothesis import given
    >>> @given(similarities())
    ... def test(s): assert 0 <= s.score <= 1
    >>> test()
    """
    from aigovernance.compare import similarity

    kinds = st.sampled_from([persons(), states(), organizations(), events(), instruments()])
    return kinds.flatmap(lambda kind: st.tuples(kind, kind)).map(lambda ab: similarity(*ab))


def matches() -> st.SearchStrategy[Any]:
    """A :class:`~aigovernance.Match` of a record with its candidates in another dataset.

    >>> from hypothesis import given
    >>> @given(matches())
    ... def test(m): assert m.record
    >>> test()
    """
    from aigovernance.compare import match

    # match() widens every date by a week and overflows at the ends of the calendar, so
    # the datasets compared keep a week away from them.
    inner = (dt.date.min + dt.timedelta(days=8), dt.date.max - dt.timedelta(days=8))

    def in_calendar(ds: Dataset) -> bool:
        dates = [d for r in ds.records for d in _dates_of(r)]
        return all(inner[0] <= d.earliest and d.latest <= inner[1] for d in dates)

    compared = datasets(max_sources=1, max_records=4).filter(in_calendar)
    return compared.map(lambda ds: match(ds, ds)).filter(bool).flatmap(st.sampled_from)


def _dates_of(record: Record) -> list[PartialDate]:
    fields = ("date", "end_date", "start", "end")
    found = (getattr(record, name, None) for name in fields)
    return [d for d in found if isinstance(d, PartialDate)]


def alignments() -> st.SearchStrategy[Any]:
    """An :class:`~aigovernance.Alignment` of two principle sets.

    >>> from hypothesis import given
    >>> @given(alignments())
    ... def test(a): assert a is not None
    >>> test()
    """
    from aigovernance.compare import align

    return st.tuples(principle_sets(), principle_sets()).map(lambda ab: align(*ab))
