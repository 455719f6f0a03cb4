"""Hypothesis strategies for valid datasets, local to the serialisation tests.

Ids are drawn from a small pool per record type, so that the fields that name records
name records of the right type (datasets need not be referentially sound here: the
formats do not check that).
"""

from __future__ import annotations

from typing import Any, TypeVar

from hypothesis import strategies as st

import aigovernance as ag
from aigovernance._checking import RECORD_TYPES

T = TypeVar("T")

_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
_NAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,6}", fullmatch=True)


def ids(*types: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda t, n: f"{t}:{n}",
        st.sampled_from(types),
        st.sampled_from(["a", "b", "c-1", "X.y_z"]),
    )


ACTORS = ids(*ag.model.ACTOR_TYPES)
ALL = ids(*RECORD_TYPES)


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def few(strategy: st.SearchStrategy[T], unique: bool = False) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=3, unique=unique).map(tuple)


def some(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[tuple[T, ...]]:
    """One to three distinct values."""
    return st.lists(strategy, min_size=1, max_size=3, unique=True).map(tuple)


@st.composite
def partial_dates(draw: st.DrawFn) -> ag.PartialDate:
    day = draw(st.dates())
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return ag.PartialDate(
        year=day.year,
        month=None if precision == "year" else day.month,
        day=day.day if precision == "day" else None,
    )


_QID = st.from_regex(r"Q[1-9][0-9]{0,5}", fullmatch=True)
_ISO = st.from_regex(r"[A-Z]{3}", fullmatch=True)
identifiers = st.one_of(
    st.builds(ag.Identifier, scheme=st.just("wikidata"), value=_QID),
    st.builds(ag.Identifier, scheme=st.just("iso3166"), value=_ISO),
    st.builds(ag.Identifier, scheme=st.just("un-symbol"), value=st.just("A/RES/78/311")),
    st.builds(ag.Identifier, scheme=st.just("url"), value=st.just("https://example.org/x")),
    st.builds(ag.Identifier, scheme=st.just("oecd-legal"), value=_TEXT),
)  # fmt: skip
translations = st.builds(
    ag.Translation, lang=st.sampled_from(["zh", "fr", "zh-Hans", "en-GB"]), text=_TEXT
)
themes = few(st.sampled_from(ag.Theme), unique=True)


@st.composite
def evidence(draw: st.DrawFn) -> ag.Evidence:
    source = draw(ids("source"))
    fields = draw(few(_TEXT, unique=True))
    confidence = draw(st.sampled_from(ag.Confidence))
    if draw(st.booleans()):
        return ag.Evidence(source=source, confidence=confidence, fields=fields)
    text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=10)
    quote = draw(text)
    start = draw(st.integers(0, 1000))
    context = maybe(text.filter(bool))
    return ag.Evidence(
        source=source,
        start=start,
        end=start + len(quote),
        quote=quote,
        prefix=draw(context),
        suffix=draw(context),
        confidence=confidence,
        fields=fields,
    )


def _common() -> dict[str, Any]:
    return {
        "aliases": few(_TEXT, unique=True),
        "identifiers": few(identifiers),
        "evidence": few(evidence()),
    }


quantities = st.builds(
    ag.Quantity,
    value=st.integers(1, 500),
    qualifier=st.sampled_from(ag.Qualifier),
    text=maybe(_TEXT),
    unit=maybe(_TEXT),
)

places = st.builds(
    ag.Place,
    name=maybe(_TEXT),
    locality=maybe(_TEXT),
    country=maybe(st.from_regex(r"[A-Z]{3}", fullmatch=True)),
    identifiers=few(identifiers),
)

participations = st.builds(
    ag.Participation,
    actor=ACTORS,
    role=st.sampled_from(ag.Role),
    capacities=few(ids("post"), unique=True),
    on_behalf_of=maybe(ids("state", "organization", "group")),
    evidence=few(evidence()),
)


@st.composite
def events(draw: st.DrawFn) -> ag.Event:
    date = draw(maybe(partial_dates()))
    end_date = None if date is None or draw(st.booleans()) else date
    return ag.Event(
        id=f"event:{draw(_NAME)}",
        kind=draw(st.sampled_from(ag.EventKind)),
        title=draw(_TEXT),
        date=date,
        end_date=end_date,
        timezone=draw(maybe(st.sampled_from(["America/New_York", "UTC", "Etc/GMT+5"]))),
        place=draw(maybe(places)),
        parent=draw(maybe(st.just("event:parent"))),
        participations=draw(few(participations)),
        purposes=draw(
            few(st.builds(ag.Purpose, text=_TEXT, themes=themes, refers_to=few(ALL, unique=True)))
        ),
        themes=draw(themes),
        translations=draw(few(translations)),
        identifiers=draw(few(identifiers)),
        evidence=draw(few(evidence())),
    )


def _records() -> st.SearchStrategy[ag.Record]:
    def rid(tag: str) -> st.SearchStrategy[str]:
        return _NAME.map(lambda n: f"{tag}:{n}")

    return st.one_of(
        st.builds(ag.Person, id=rid("person"), name=_TEXT, description=maybe(_TEXT),
                  translations=few(translations), **_common()),
        st.builds(ag.State, id=rid("state"), name=_TEXT,
                  code=st.from_regex(r"[A-Z]{3}", fullmatch=True), **_common()),
        st.builds(ag.Organization, id=rid("organization"), name=_TEXT,
                  kind=st.sampled_from(ag.OrganizationKind), abbreviation=maybe(_TEXT),
                  parent=maybe(ids("state", "organization")), **_common()),
        st.builds(ag.Group, id=rid("group"), name=_TEXT, size=maybe(quantities),
                  members=few(ACTORS, unique=True), **_common()),
        st.builds(ag.Post, id=rid("post"), title=_TEXT, kind=maybe(st.sampled_from(ag.PostKind)),
                  organization=ids("state", "organization"),
                  holder=maybe(ids("person")), **_common()),
        events(),
        st.builds(ag.Statement, id=rid("statement"), speakers=some(ACTORS),
                  speech_act=st.sampled_from(ag.SpeechAct), summary=_TEXT,
                  event=maybe(ids("event")), date=maybe(partial_dates()),
                  principles=few(ids("principle-set"), unique=True),
                  commitments=few(ids("commitment"), unique=True),
                  refers_to=few(ALL, unique=True), themes=themes, **_common()),
        st.builds(ag.PrincipleSet, id=rid("principle-set"), title=_TEXT,
                  proposers=few(ACTORS, unique=True), instrument=maybe(ids("instrument")),
                  principles=few(st.builds(ag.Principle, ordinal=st.integers(1, 9), title=_TEXT,
                                           description=maybe(_TEXT),
                                           aspects=few(_TEXT, unique=True), themes=themes,
                                           refers_to=few(ALL, unique=True))),
                  **_common()),
        st.builds(ag.Commitment, id=rid("commitment"), actors=some(ACTORS),
                  modality=st.sampled_from(ag.Modality), text=_TEXT, themes=themes, **_common()),
        st.builds(ag.Instrument, id=rid("instrument"), kind=st.sampled_from(ag.InstrumentKind),
                  title=_TEXT, symbol=maybe(_TEXT), date=maybe(partial_dates()),
                  revision_dates=few(partial_dates(), unique=True),
                  issuers=few(ACTORS, unique=True), proposers=few(ACTORS, unique=True),
                  cosponsor_count=maybe(quantities),
                  sections=few(st.builds(ag.Section, name=_TEXT,
                                         declared_size=maybe(st.integers(0, 20)),
                                         items=few(st.builds(ag.SectionItem,
                                                             ordinal=maybe(st.integers(1, 20)),
                                                             title=_TEXT,
                                                             translations=few(translations))))),
                  cites=few(ids("instrument"), unique=True), themes=themes,
                  translations=few(translations), **_common()),
    )  # fmt: skip


records = _records()

sources = st.builds(
    ag.Source,
    id=_NAME.map(lambda n: f"source:{n}"),
    title=_TEXT,
    publisher=maybe(_TEXT),
    url=maybe(st.just("https://example.org/page")),
    published=maybe(partial_dates()),
    language=maybe(st.sampled_from(["en", "zh"])),
    text=maybe(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)),
)

datasets = st.builds(
    ag.Dataset,
    id=st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True),
    title=_TEXT,
    version=_TEXT,
    description=maybe(_TEXT),
    sources=few(sources),
    records=st.lists(records, max_size=6).map(tuple),
)
"""Valid datasets: every record type, most optional fields, unusual text."""
