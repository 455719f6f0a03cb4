"""The diff of two datasets, which skips the records equal on both sides, against the
walk over their whole documents and against the diff as it was before."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import Diff
from aigovernance.compare._diff import _whole_documents

from . import reference_diff
from .local_strategies import datasets, events, perturbed


def _same(a: Any, b: Any) -> None:
    fast, whole = ag.diff(a, b), _whole_documents(a, b)
    assert isinstance(fast, Diff)
    assert fast.changes == whole.changes
    assert fast.verdicts == whole.verdicts
    assert fast.to_json_patch() == whole.to_json_patch()
    assert fast.report() == whole.report()
    before = reference_diff.diff(a, b)
    assert [attrs.astuple(c, recurse=False) for c in fast.changes] == [
        attrs.astuple(c, recurse=False) for c in before.changes
    ]
    assert [str(v) for v in fast.verdicts] == [str(v) for v in before.verdicts]
    assert fast.to_json_patch() == before.to_json_patch()
    assert fast.report() == before.report()


@given(datasets().flatmap(lambda ds: st.tuples(st.just(ds), perturbed(ds))))
def test_perturbed_datasets_diff_as_their_whole_documents(
    pair: tuple[ag.Dataset, ag.Dataset],
) -> None:
    _same(*pair)


@given(datasets().flatmap(lambda ds: st.tuples(st.just(ds), perturbed(ds))))
def test_decoded_copies_diff_as_their_whole_documents(pair: tuple[ag.Dataset, ag.Dataset]) -> None:
    # Records equal but not the same objects, on both sides.
    a, b = pair
    _same(ag.from_json(ag.to_json(a), ag.Dataset), ag.from_json(ag.to_json(b), ag.Dataset))
    _same(a, ag.from_json(ag.to_json(a), ag.Dataset))


@given(st.data())
def test_datasets_from_the_public_strategies_diff_as_their_whole_documents(
    data: st.DataObject,
) -> None:
    strategies = pytest.importorskip("aigovernance.strategies")
    a = data.draw(strategies.datasets())
    b = data.draw(strategies.datasets())
    _same(a, b)
    _same(a, a)
    kept = data.draw(st.lists(st.booleans(), min_size=len(b.records), max_size=len(b.records)))
    mixed = tuple(r if keep else s for r, s, keep in zip(a.records, b.records, kept, strict=False))
    _same(a, attrs.evolve(a, records=mixed + a.records[len(mixed) :]))
    _same(a, attrs.evolve(a, records=a.records[::-1], sources=a.sources[::-1]))
    _same(a, attrs.evolve(b, records=(), sources=()))
    _same(attrs.evolve(b, records=(), sources=()), a)


def test_repeated_ids_diff_as_their_whole_documents() -> None:
    one = ag.State(id="state:ZMB", name="Zambia", code="ZMB")
    two = ag.State(id="state:ZMB", name="Republic of Zambia", code="ZMB")
    a = ag.Dataset(id="d", title="D", version="1", records=(one, two))
    b = ag.Dataset(id="d", title="D", version="2", records=(two, one, one))
    _same(a, b)
    _same(b, a)


@given(events(), events())
def test_any_two_events_diff_as_before(a: ag.Event, b: ag.Event) -> None:
    _same(a, b)


@given(st.data())
def test_shuffled_and_edited_datasets_diff_as_before(data: st.DataObject) -> None:
    a = data.draw(datasets())
    b = data.draw(perturbed(a))
    records = list(b.records)
    data.draw(st.randoms(use_true_random=False)).shuffle(records)
    _same(a, attrs.evolve(b, records=tuple(records)))


def test_records_edited_in_place_diff_as_their_whole_documents() -> None:
    # The same ids in the same order: each record is compared only with its counterpart.
    seed = ag.datasets.load()
    records: list[Any] = list(seed.records)
    for i in range(0, len(records), 3):
        if hasattr(records[i], "aliases"):
            records[i] = attrs.evolve(records[i], aliases=(*records[i].aliases, "edited"))
    edited = tuple(records)
    changed = attrs.evolve(seed, records=edited)
    assert changed != seed
    _same(seed, changed)
    _same(changed, seed)
