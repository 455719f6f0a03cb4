from __future__ import annotations

import random
from typing import Any

import attrs
import jsonpatch
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import Change, ChangeKind, Diff

from .local_strategies import datasets, events, perturbed, principle_sets


def _patched(a: Any, b: Any) -> Any:
    return jsonpatch.apply_patch(ag.to_dict(a), ag.diff(a, b).to_json_patch())


def _normal(ds: ag.Dataset) -> ag.Dataset:
    return attrs.evolve(ds, records=tuple(sorted(ds.records, key=lambda r: r.id)))


@pytest.fixture(scope="module")
def seed() -> ag.Dataset:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    return ds


def test_equal_values_have_no_changes_and_an_empty_patch(seed: ag.Dataset) -> None:
    d = ag.diff(seed, seed)
    assert d.changes == ()
    assert not d
    assert d.to_json_patch() == []
    assert str(d) == "no changes"


def test_shuffled_dataset_diffs_as_unchanged_but_patches_the_order(seed: ag.Dataset) -> None:
    records = list(seed.records)
    random.Random(4).shuffle(records)
    sources = list(reversed(seed.sources))
    shuffled = attrs.evolve(seed, records=tuple(records), sources=tuple(sources))
    d = ag.diff(seed, shuffled)
    assert d.changes == ()
    patch = d.to_json_patch()
    assert patch, "the order differs, so the patch must move records"
    assert {op["op"] for op in patch} == {"move"}
    assert jsonpatch.apply_patch(ag.to_dict(seed), patch) == ag.to_dict(shuffled)


def test_one_record_moved_to_the_end_is_one_move(seed: ag.Dataset) -> None:
    moved = attrs.evolve(seed, records=(*seed.records[1:], seed.records[0]))
    assert len(ag.diff(seed, moved).to_json_patch()) == 1


def test_changed_field_has_its_path_record_and_values(seed: ag.Dataset) -> None:
    event = seed["event:g20-fmm-2024"]
    assert isinstance(event, ag.Event)
    index = seed.records.index(event)
    edited = attrs.evolve(event, title="G20 FMM", date=ag.PartialDate(year=2024, month=9))
    b = attrs.evolve(seed, records=tuple(edited if r is event else r for r in seed.records))
    d = ag.diff(seed, b)
    assert d.changes == (
        Change(
            kind=ChangeKind.CHANGED,
            path=f"$.records[{index}].title",
            old="G20 Foreign Ministers' Meeting",
            new="G20 FMM",
            record="event:g20-fmm-2024",
        ),
        Change(
            kind=ChangeKind.CHANGED,
            path=f"$.records[{index}].date",
            old="2024-09-25",
            new="2024-09",
            record="event:g20-fmm-2024",
        ),
    )
    report = str(d)
    assert report.startswith("2 changes")
    assert '+ "G20 FMM"' in report
    assert "event:g20-fmm-2024" in report


def test_added_and_removed_records_use_the_path_of_their_own_document(
    seed: ag.Dataset,
) -> None:
    gone = seed.records[0]
    new = ag.State(id="state:NOR", name="Norway", code="NOR")
    b = attrs.evolve(seed, records=(*seed.records[1:], new))
    d = ag.diff(seed, b)
    assert [(c.kind, c.path, c.record) for c in d] == [
        (ChangeKind.REMOVED, "$.records[0]", gone.id),
        (ChangeKind.ADDED, f"$.records[{len(seed.records) - 1}]", "state:NOR"),
    ]
    assert d.changes[0].old == ag.to_dict(gone)
    assert d.changes[1].new == ag.to_dict(new)
    assert jsonpatch.apply_patch(ag.to_dict(seed), d.to_json_patch()) == ag.to_dict(b)


def test_fields_set_and_unset_are_added_and_removed() -> None:
    a = ag.Person(id="person:x", name="X")
    b = ag.Person(id="person:x", description="the foreign minister of X")
    d = ag.diff(a, b)
    assert [(c.kind, c.path) for c in d] == [
        (ChangeKind.REMOVED, "$.name"),
        (ChangeKind.ADDED, "$.description"),
    ]
    assert _patched(a, b) == ag.to_dict(b)


def test_principles_are_matched_by_ordinal() -> None:
    p1 = ag.Principle(ordinal=1, title="One")
    p2 = ag.Principle(ordinal=2, title="Two")
    a = ag.PrincipleSet(id="principle-set:x", title="X", principles=(p1, p2))
    b = attrs.evolve(a, principles=(p1, attrs.evolve(p2, title="Second")))
    assert [(c.kind, c.path, c.new) for c in ag.diff(a, b)] == [
        (ChangeKind.CHANGED, "$.principles[1].title", "Second"),
    ]


def test_participations_are_matched_by_actor_and_reordering_is_reported() -> None:
    host = ag.Participation(actor="state:CHN", role=ag.Role.CO_HOST)
    guest = ag.Participation(actor="person:x", role=ag.Role.ATTENDEE)
    a = ag.Event(id="event:e", kind=ag.EventKind.SUMMIT, title="E", participations=(host, guest))
    b = attrs.evolve(a, participations=(attrs.evolve(guest, role=ag.Role.SPEAKER), host))
    d = ag.diff(a, b)
    assert [(c.kind, c.path) for c in d] == [
        (ChangeKind.CHANGED, "$.participations[0].role"),
        (ChangeKind.REORDERED, "$.participations"),
    ]
    assert _patched(a, b) == ag.to_dict(b)


def test_themes_are_matched_by_value() -> None:
    t = ag.Theme
    a = ag.Event(
        id="event:e", kind=ag.EventKind.SUMMIT, title="E", themes=(t.ETHICS, t.SAFETY, t.PRIVACY)
    )
    b = attrs.evolve(a, themes=(t.SAFETY, t.PRIVACY))
    assert [(c.kind, c.path, c.old) for c in ag.diff(a, b)] == [
        (ChangeKind.REMOVED, "$.themes[0]", "ethics"),
    ]


def test_values_of_other_model_types_diff_too() -> None:
    a, b = ag.PartialDate(year=2024), ag.PartialDate(year=2024, month=9)
    assert _patched(a, b) == "2024-09"
    assert [(c.kind, c.path) for c in ag.diff(a, b)] == [(ChangeKind.CHANGED, "$")]


def test_values_of_different_types_are_refused() -> None:
    with pytest.raises(TypeError, match="one model type"):
        ag.diff(ag.PartialDate(year=2024), ag.State(id="state:X", name="X", code="XXX"))
    with pytest.raises(TypeError, match="one model type"):
        ag.diff({"a": 1}, {"a": 2})


def test_the_patch_is_a_copy() -> None:
    a = ag.Event(id="event:e", kind=ag.EventKind.SUMMIT, title="E")
    b = attrs.evolve(a, place=ag.Place(locality="Rome"))
    d = ag.diff(a, b)
    d.to_json_patch()[0]["value"]["locality"] = "Oslo"
    assert d.to_json_patch()[0]["value"] == {"locality": "Rome"}


@given(datasets().flatmap(lambda ds: st.tuples(st.just(ds), perturbed(ds))))
def test_patch_turns_a_into_b_for_perturbed_datasets(pair: tuple[ag.Dataset, ag.Dataset]) -> None:
    a, b = pair
    d = ag.diff(a, b)
    assert jsonpatch.apply_patch(ag.to_dict(a), d.to_json_patch()) == ag.to_dict(b)
    assert isinstance(d, Diff)
    assert bool(d.changes) == (_normal(a) != _normal(b))


@given(events(), events())
def test_patch_turns_a_into_b_for_any_two_events(a: ag.Event, b: ag.Event) -> None:
    assert _patched(a, b) == ag.to_dict(b)
    assert bool(ag.diff(a, b)) == (a != b)


@given(principle_sets(), principle_sets())
def test_patch_turns_a_into_b_for_principle_sets(a: ag.PrincipleSet, b: ag.PrincipleSet) -> None:
    assert _patched(a, b) == ag.to_dict(b)


@given(st.data())
def test_patch_for_datasets_from_the_public_strategies(data: st.DataObject) -> None:
    strategies = pytest.importorskip("aigovernance.strategies")
    a = data.draw(strategies.datasets())
    b = data.draw(strategies.datasets())
    assert _patched(a, b) == ag.to_dict(b)
    assert _patched(a, a) == ag.to_dict(a)
