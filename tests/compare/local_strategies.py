"""Small Hypothesis strategies for comparison tests: datasets and perturbed copies."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import aigovernance as ag

_slugs = st.text(alphabet="abcdefgh", min_size=1, max_size=3)
_words = st.sampled_from(["meeting", "summit", "talks", "AI", "capacity", "peace", "G20"])
_titles = st.lists(_words, min_size=1, max_size=4).map(" ".join)
_dates = st.builds(
    ag.PartialDate,
    year=st.integers(2020, 2025),
    month=st.none() | st.integers(1, 12),
).flatmap(lambda d: st.just(d) if d.month is None else st.sampled_from([d, attrs.evolve(d, day=1)]))
_actor_ids = st.sampled_from(["state:CHN", "state:ZMB", "person:a", "person:b", "group:g"])
_participations = st.lists(
    st.builds(ag.Participation, actor=_actor_ids, role=st.sampled_from(ag.Role)),
    max_size=3,
    unique_by=lambda p: p.actor,
).map(tuple)
_themes = st.lists(st.sampled_from(ag.Theme), max_size=3, unique=True).map(tuple)


@st.composite
def events(draw: st.DrawFn, id: str | None = None) -> ag.Event:
    """An event with the fields that diffs and similarity most often meet."""
    return ag.Event(
        id=id or f"event:{draw(_slugs)}",
        kind=draw(st.sampled_from(ag.EventKind)),
        title=draw(_titles),
        date=draw(st.none() | _dates),
        participations=draw(_participations),
        themes=draw(_themes),
        place=draw(st.none() | st.builds(ag.Place, locality=st.sampled_from(["Rome", "Oslo"]))),
    )


@st.composite
def principle_sets(draw: st.DrawFn, id: str = "principle-set:p") -> ag.PrincipleSet:
    """A principle set of up to four principles, ordinals 1 to n."""
    count = draw(st.integers(0, 4))
    principles = tuple(
        ag.Principle(
            ordinal=i,
            title=draw(_titles),
            aspects=tuple(draw(st.lists(_words, max_size=2, unique=True))),
            themes=draw(_themes),
        )
        for i in range(1, count + 1)
    )
    return ag.PrincipleSet(id=id, title=draw(_titles), principles=principles)


@st.composite
def datasets(draw: st.DrawFn) -> ag.Dataset:
    """A small dataset of events and one principle set, records in any order."""
    ids = draw(st.lists(_slugs, max_size=6, unique=True))
    records: list[Any] = [draw(events(id=f"event:{slug}")) for slug in ids]
    if draw(st.booleans()):
        records.append(draw(principle_sets()))
    return ag.Dataset(
        id="d",
        title=draw(_titles),
        version=draw(st.sampled_from(["1", "2"])),
        description=draw(st.none() | _titles),
        records=tuple(draw(st.permutations(records))),
    )


@st.composite
def perturbed(draw: st.DrawFn, ds: ag.Dataset) -> ag.Dataset:
    """A copy of ``ds`` with records dropped, edited, added and reordered."""
    records: list[Any] = []
    for record in ds.records:
        action = draw(st.sampled_from(["keep", "keep", "drop", "edit", "replace"]))
        if action == "drop":
            continue
        if action == "edit" and isinstance(record, ag.Event):
            record = attrs.evolve(
                record,
                title=draw(_titles),
                date=draw(st.none() | _dates),
                participations=tuple(draw(st.permutations(record.participations))),
                themes=draw(_themes),
            )
        elif action == "replace" and isinstance(record, ag.Event):
            record = draw(events(id=record.id))
        elif action == "edit" and isinstance(record, ag.PrincipleSet):
            record = attrs.evolve(record, principles=draw(principle_sets()).principles)
        records.append(record)
    taken = {r.id for r in records}
    new_ids = [f"event:new-{s}" for s in draw(st.lists(_slugs, max_size=3, unique=True))]
    records.extend(draw(events(id=id)) for id in new_ids if id not in taken)
    return attrs.evolve(
        ds,
        version=draw(st.sampled_from(["1", "2", "3"])),
        description=draw(st.none() | _titles),
        records=tuple(draw(st.permutations(records))),
    )
