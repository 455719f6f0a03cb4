from __future__ import annotations

import sys

import attrs
import pytest
from hypothesis import given

import aigovernance as ag
from aigovernance.compare import (
    DEFAULT_TABLE,
    DateComparator,
    FieldRule,
    Similarity,
    SimilarityTable,
    _text,
    exact,
    identifiers,
    participations,
    places,
    text,
)

from .local_strategies import events

D = ag.PartialDate.parse


@pytest.fixture(scope="module")
def seed() -> ag.Dataset:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    return ds


def test_every_record_of_the_seed_is_fully_similar_to_itself(seed: ag.Dataset) -> None:
    for record in (*seed.sources, *seed.records):
        assert ag.similarity(record, record).score == 1.0, record.id
        assert ag.equivalent(record, record)


@given(events())
def test_any_event_is_fully_similar_to_itself(event: ag.Event) -> None:
    assert ag.similarity(event, event).score == 1.0


def test_a_light_edit_scores_above_every_other_record_of_its_type(seed: ag.Dataset) -> None:
    for record in seed.records:
        if not isinstance(record, ag.Event):
            continue
        edited = attrs.evolve(record, id="event:edited", title=record.title + " (report)")
        own = ag.similarity(record, edited).score
        assert own < 1.0
        for other in seed.of_type(ag.Event):
            if other is not record:
                assert ag.similarity(other, edited).score < own, (record.id, other.id)


def test_a_light_edit_of_any_record_type_is_its_own_best_match(seed: ag.Dataset) -> None:
    text_fields = ("title", "name", "description", "summary", "text")
    for record in seed.records:
        field = next(f for f in text_fields if isinstance(getattr(record, f, None), str))
        edited: ag.Record = attrs.evolve(record, **{field: getattr(record, field) + " today"})  # type: ignore[misc]
        scores = {
            other.id: ag.similarity(other, edited).score
            for other in seed.records
            if type(other) is type(record)
        }
        assert max(scores, key=lambda k: scores[k]) == record.id


def test_the_breakdown_explains_the_score() -> None:
    a = ag.Event(
        id="event:a",
        kind=ag.EventKind.SUMMIT,
        title="AI Action Summit",
        date=D("2025-02-11"),
        place=ag.Place(locality="Paris", country="FRA"),
    )
    b = ag.Event(id="event:b", kind=ag.EventKind.SUMMIT, title="AI Action Summit", date=D("2025"))
    s = ag.similarity(a, b)
    assert isinstance(s, Similarity)
    assert (s.a, s.b) == ("event:a", "event:b")
    assert s["date"].score == 0.7
    assert s["date"].a == D("2025-02-11")
    assert s["place"].score is None
    assert not s["place"].counted
    assert s["end_date"].score is None
    counted = [f for f in s.fields if f.counted]
    assert {f.field for f in counted} == {"title", "kind", "date"}
    expected = sum(f.weight * (f.score or 0) for f in counted) / sum(f.weight for f in counted)
    assert s.score == pytest.approx(expected)
    report = str(s)
    assert report.startswith("similarity 0.8")
    assert "date" in report
    assert "2025-02-11 | 2025" in report
    with pytest.raises(KeyError):
        s["nothing"]


def test_one_sided_fields_count_only_with_a_missing_score() -> None:
    a = ag.State(id="state:a", name="Norway", code="NOR")
    b = attrs.evolve(a, identifiers=(ag.Identifier(scheme="wikidata", value="Q20"),))
    assert ag.similarity(a, b).score == 1.0
    table = DEFAULT_TABLE.evolve(
        ag.State, identifiers=FieldRule(weight=6.0, comparator=identifiers, missing=0.0)
    )
    assert ag.similarity(a, b, table=table).score == pytest.approx(6 / 12)


def test_a_shared_wikidata_id_is_strong_evidence() -> None:
    q = ag.Identifier(scheme="wikidata", value="Q148")
    a = ag.Organization(id="organization:a", name="Alpha", kind=ag.OrganizationKind.FORUM)
    b = ag.Organization(id="organization:b", name="Omega", kind=ag.OrganizationKind.OTHER)
    plain = ag.similarity(a, b).score
    shared = ag.similarity(attrs.evolve(a, identifiers=(q,)), attrs.evolve(b, identifiers=(q,)))
    assert plain < 0.5 < shared.score
    other = ag.Identifier(scheme="wikidata", value="Q953")
    clash = ag.similarity(attrs.evolve(a, identifiers=(q,)), attrs.evolve(b, identifiers=(other,)))
    assert clash.score < plain


def test_a_shared_un_symbol_makes_instruments_equivalent() -> None:
    a = ag.Instrument(
        id="instrument:a",
        kind=ag.InstrumentKind.RESOLUTION,
        title="Enhancing international cooperation on capacity-building of AI",
        symbol="A/RES/78/311",
    )
    b = ag.Instrument(
        id="instrument:b",
        kind=ag.InstrumentKind.RESOLUTION,
        title="UNGA resolution on AI capacity building",
        symbol="A/RES/78/311",
    )
    assert ag.equivalent(a, b)
    assert not ag.equivalent(a, attrs.evolve(b, symbol="A/RES/78/265"))


def test_date_comparator_is_aware_of_precision() -> None:
    d = DateComparator()
    assert d(D("2024-09-25"), D("2024-09-25")) == 1.0
    assert d(D("2024-09-25"), D("2024-09")) == 0.9
    assert d(D("2024-09"), D("2024")) == 0.7
    assert d(D("2024-09-25"), D("2024-09-27")) == 0.25
    assert d(D("2024-09"), D("2024-12")) < 1e-9
    assert DateComparator(half_life_days=2)(D("2024-09-25"), D("2024-09-27")) == 0.5


def test_participations_weigh_central_roles_more() -> None:
    r = ag.Role
    hosts = (
        ag.Participation(actor="state:CHN", role=r.CO_HOST),
        ag.Participation(actor="state:ZMB", role=r.CO_HOST),
    )
    guest = ag.Participation(actor="person:x", role=r.ATTENDEE)
    assert participations((*hosts, guest), hosts) == pytest.approx(6 / 7)
    assert participations((*hosts, guest), (hosts[0], guest)) == pytest.approx(4 / 7)


def test_places_compare_their_parts() -> None:
    un = ag.Place(name="UN Headquarters", locality="New York", country="USA")
    assert places(un, ag.Place(locality="New York City")) == 1.0
    assert places(un, ag.Place(locality="Geneva", country="CHE")) == 0.0
    assert places(ag.Place(name="UN Headquarters"), ag.Place(locality="New York")) is None


def test_text_tells_one_telling_word_from_a_rewording() -> None:
    seed_title = "Wang Yi meets the foreign minister of Greece"
    assert text(seed_title, "Wang Yi Meets Greek Foreign Minister") > text(
        seed_title, "Wang Yi Meets Russian Foreign Minister"
    )


def test_the_default_table_is_immutable_and_evolves_into_copies() -> None:
    with pytest.raises(TypeError):
        DEFAULT_TABLE[ag.Event]["title"] = FieldRule(weight=1.0, comparator=exact)  # type: ignore[index]
    table = DEFAULT_TABLE.evolve(ag.Event, title=None, kind=FieldRule(weight=9, comparator=exact))
    assert "title" in DEFAULT_TABLE[ag.Event]
    assert "title" not in table[ag.Event]
    assert table[ag.Event]["kind"].weight == 9
    assert isinstance(table, SimilarityTable)
    only = DEFAULT_TABLE.replace(ag.State, {"code": FieldRule(weight=1.0, comparator=exact)})
    a = ag.State(id="state:a", name="China", code="CHN")
    assert ag.similarity(a, attrs.evolve(a, name="Zambia"), table=only).score == 1.0


def test_bad_rules_and_types_are_refused() -> None:
    with pytest.raises(ValueError, match="no field 'colour'"):
        DEFAULT_TABLE.evolve(ag.State, colour=FieldRule(weight=1.0, comparator=exact))
    with pytest.raises(ValueError, match="above 0"):
        FieldRule(weight=0, comparator=exact)
    state = ag.State(id="state:a", name="A", code="AAA")
    person = ag.Person(id="person:a", name="A")
    with pytest.raises(TypeError, match="one type"):
        ag.similarity(state, person)
    with pytest.raises(TypeError, match="no rules for State"):
        ag.similarity(state, state, table=SimilarityTable({}))


def test_text_comparison_without_rapidfuzz_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)
    _text._rapidfuzz.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"pip install 'aigovernance\[compare\]'"):
            text("a b", "b c")
    finally:
        _text._rapidfuzz.cache_clear()
