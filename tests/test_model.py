"""Records and the dataset: typed ids, checks on construction, lookups."""

from __future__ import annotations

import attrs
import pytest

import aigovernance as ag
from aigovernance._checking import Shape, model_fields, shape
from aigovernance.model import RECORD_CLASSES


def test_every_record_class_has_its_own_tag() -> None:
    assert sorted(RECORD_CLASSES) == sorted(
        [
            "person",
            "state",
            "organization",
            "group",
            "post",
            "event",
            "statement",
            "principle-set",
            "commitment",
            "instrument",
        ]
    )
    for tag, cls in RECORD_CLASSES.items():
        assert cls.type == tag
        assert model_fields(cls)[0].name == "id"


def test_records_are_frozen_and_keyword_only() -> None:
    state = ag.State(id="state:CHN", name="China", code="CHN")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.name = "PRC"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ag.State("state:CHN", "China", "CHN")  # type: ignore[call-arg]
    assert attrs.evolve(state, name="People's Republic of China").code == "CHN"


def test_an_id_carries_its_record_type() -> None:
    with pytest.raises(ag.ValidationError, match="must start with 'event:'"):
        ag.Event(id="state:x", kind=ag.EventKind.SUMMIT, title="x")
    with pytest.raises(ag.ValidationError, match="unknown record type 'meeting'"):
        ag.Participation(actor="meeting:x", role=ag.Role.HOST)


def test_a_person_may_be_known_only_by_description() -> None:
    person = ag.Person(id="person:greek-fm", description="the foreign minister of Greece")
    assert person.name is None
    with pytest.raises(ag.ValidationError, match="a name or a description"):
        ag.Person(id="person:nobody")


def test_tuples_of_ids_and_themes_hold_no_duplicates() -> None:
    with pytest.raises(ag.ValidationError, match="appears more than once"):
        ag.Statement(
            id="statement:s",
            speakers=("person:a",),
            speech_act=ag.SpeechAct.SAID,
            summary="s",
            themes=(ag.Theme.ETHICS, ag.Theme.ETHICS),
        )


def test_event_end_date_follows_its_date() -> None:
    with pytest.raises(ag.ValidationError, match="before the date"):
        ag.Event(
            id="event:x",
            kind=ag.EventKind.SUMMIT,
            title="x",
            date=ag.PartialDate.parse("2024-09-25"),
            end_date=ag.PartialDate.parse("2024-09-24"),
        )


def test_source_digest_is_computed_from_its_text() -> None:
    source = ag.Source(id="source:s", title="S", text="Hello")
    assert source.sha256 == "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969"
    assert ag.from_json(ag.to_json(source), ag.Source) == source
    assert ag.Source(id="source:web", title="W").sha256 is None


def test_section_may_declare_more_items_than_are_known() -> None:
    section = ag.Section(name="actions", declared_size=10)
    assert (section.declared_size, section.known) == (10, 0)


def _dataset() -> ag.Dataset:
    return ag.Dataset(
        id="example",
        title="Example",
        version="1",
        sources=(ag.Source(id="source:s", title="S", text="China and Zambia"),),
        records=(
            ag.State(id="state:CHN", name="China", code="CHN"),
            ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
            ag.Event(id="event:m", kind=ag.EventKind.HIGH_LEVEL_MEETING, title="Meeting"),
        ),
    )


def test_dataset_lookup_by_id_and_type() -> None:
    ds = _dataset()
    assert ds["state:ZMB"].id == "state:ZMB"
    assert ds.get("source:s") is ds.sources[0]
    assert ds.get("state:XXX") is None
    assert "event:m" in ds
    assert "event:n" not in ds
    assert [s.code for s in ds.of_type(ag.State)] == ["CHN", "ZMB"]
    assert ds.of_type(ag.Source) == ds.sources
    assert len(ds) == 3
    assert [r.id for r in ds] == ["state:CHN", "state:ZMB", "event:m"]
    with pytest.raises(KeyError):
        ds["state:XXX"]


def test_dataset_round_trips_and_writes_its_schema_version() -> None:
    ds = _dataset()
    data = ag.to_dict(ds)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == ag.SCHEMA_VERSION
    assert ag.from_json(ag.to_json(ds), ag.Dataset) == ds
    assert ag.to_json(ds) == ag.to_json(ag.from_json(ag.to_json(ds), ag.Dataset))


def test_a_text_edited_in_a_document_no_longer_matches_its_digest() -> None:
    data = ag.to_dict(_dataset())
    assert (
        data["sources"][0]["sha256"]
        == ag.Source(id="source:s", title="S", text="China and Zambia").sha256
    )
    data["sources"][0]["text"] = "China and Zambia, and others"
    problems = ag.validate(ag.from_dict(data, ag.Dataset))
    assert [p.path for p in problems] == ["$.sources[0].sha256"]
    assert "does not match the text" in problems[0].message


def test_a_bad_record_does_not_hide_the_problems_of_its_dataset() -> None:
    document = {
        "schema_version": "1.0",
        "id": "d",
        "title": " ",
        "version": "1",
        "records": [{"type": "state", "id": "state:X", "name": 5, "code": "xx"}],
    }
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(document, ag.Dataset)
    assert sorted((p.path, p.message) for p in caught.value.problems) == [
        ("$.records[0].code", "'xx' is not an ISO 3166-1 alpha-3 code such as 'CHN'"),
        ("$.records[0].name", "expected a string, got an integer"),
        ("$.title", "must not be empty"),
    ]


def test_field_shapes() -> None:
    assert shape(int) == Shape(item=int, optional=False, many=False)
    assert shape(int | None) == Shape(item=int, optional=True, many=False)
    assert shape(tuple[str, ...]) == Shape(item=str, optional=False, many=True)
    with pytest.raises(TypeError, match=r"X \| None"):
        shape(int | str)
    with pytest.raises(TypeError, match=r"tuple\[X, \.\.\.\]"):
        shape(tuple[int, str])
