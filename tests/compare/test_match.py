from __future__ import annotations

import attrs
import pytest

import aigovernance as ag
from aigovernance.compare import Match

from .second_source import EXPECTED, SECOND_SOURCE


@pytest.fixture(scope="module")
def seed() -> ag.Dataset:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    return ds


def test_the_second_source_links_exactly_the_right_pairs(seed: ag.Dataset) -> None:
    matches = ag.match(seed, SECOND_SOURCE)
    assert [m.record for m in matches] == [r.id for r in seed.records]
    found = {m.record: [s.b for s in m.candidates] for m in matches if m.candidates}
    assert found == {a: [b] for a, b in EXPECTED.items()}


def test_each_seed_meeting_has_its_counterpart_as_best_even_at_a_low_threshold(
    seed: ag.Dataset,
) -> None:
    for m in ag.match(seed, SECOND_SOURCE, threshold=0.3, limit=5, exclusive=False):
        if m.record in EXPECTED:
            assert m.best is not None
            assert m.best.b == EXPECTED[m.record], str(m)


def test_matches_carry_their_explanation(seed: ag.Dataset) -> None:
    (m,) = (m for m in ag.match(seed, SECOND_SOURCE) if m.record == "event:g20-fmm-2024")
    assert isinstance(m, Match)
    best = m.best
    assert best is not None
    assert best.a == "event:g20-fmm-2024"
    assert best["date"].score == 0.9  # a day against a month
    assert best["title"].counted
    assert str(m).startswith("event:g20-fmm-2024: event:g20-foreign-ministers (0.")


def test_a_dataset_matches_itself_record_for_record(seed: ag.Dataset) -> None:
    for m in ag.match(seed, seed, limit=1):
        assert m.best is not None
        assert m.best.b == m.record
        assert m.best.score == 1.0


def test_records_are_linked_only_within_their_type() -> None:
    state = ag.State(id="state:GRC", name="Greece", code="GRC")
    person = ag.Person(id="person:greece", name="Greece")
    a = ag.Dataset(id="a", title="A", version="1", records=(state,))
    b = ag.Dataset(id="b", title="B", version="1", records=(person,))
    assert ag.match(a, b) == (Match(record="state:GRC", candidates=()),)


def test_a_shared_identifier_links_records_without_a_common_word() -> None:
    q = ag.Identifier(scheme="wikidata", value="Q148")
    a = ag.Dataset(
        id="a",
        title="A",
        version="1",
        records=(ag.State(id="state:CHN", name="China", code="CHN", identifiers=(q,)),),
    )
    b = ag.Dataset(
        id="b",
        title="B",
        version="1",
        records=(ag.State(id="state:zhongguo", name="Zhongguo", code="CHN", identifiers=(q,)),),
    )
    (m,) = ag.match(a, b)
    assert m.best is not None
    assert m.best.b == "state:zhongguo"


def test_dates_outside_the_window_are_not_compared(seed: ag.Dataset) -> None:
    event = seed["event:g20-fmm-2024"]
    assert isinstance(event, ag.Event)
    later = attrs.evolve(event, id="event:later", date=ag.PartialDate(year=2024, month=11))
    b = ag.Dataset(id="b", title="B", version="1", records=(later,))
    a = ag.Dataset(id="a", title="A", version="1", records=(event,))
    assert ag.match(a, b, threshold=0.0)[0].candidates == ()
    assert ag.match(a, b, threshold=0.0, window_days=60)[0].candidates != ()
