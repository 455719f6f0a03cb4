"""Navigation on a dataset: labels, referrers, posts, statements, events, support."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance._checking import REFS, model_fields
from aigovernance.model import RECORD_CLASSES
from aigovernance.model._references import walk

SEED = ag.datasets.load()
WANG_YI = "person:wang-yi"
MAIN = "event:hlm-ai-capacity-building-2024"


def test_wang_yi_s_posts_are_one_call() -> None:
    assert [p.id for p in SEED.posts_of(WANG_YI)] == [
        "post:cpc-politburo-member",
        "post:china-foreign-minister",
    ]


def test_the_other_events_he_attended_that_day_are_one_call() -> None:
    others = [e.id for e in SEED.events_of(WANG_YI, on="2024-09-25") if e.id != MAIN]
    assert others[:2] == ["event:g20-fmm-2024", "event:unsc-leadership-for-peace-2024"]
    # The bilateral meetings are dated only to the month: they may have been that day.
    assert {e.kind for e in SEED.events_of(WANG_YI, on="2024-09-25")} >= {
        ag.EventKind.BILATERAL_MEETING
    }
    assert len(others) == 9


def test_the_records_referring_to_a_resolution_are_one_call() -> None:
    references = SEED.referrers("instrument:a-res-78-311")
    assert [(r.record, r.path) for r in references] == [
        (MAIN, "$.purposes[0].refers_to[0]"),
        ("instrument:ai-capacity-building-action-plan", "$.cites[0]"),
    ]
    assert {r.target for r in references} == {"instrument:a-res-78-311"}


def test_which_items_the_readout_itself_lists_is_one_call() -> None:
    plan = SEED["instrument:ai-capacity-building-action-plan"]
    assert isinstance(plan, ag.Instrument)
    listed = [s for s in SEED.supported_by("source:seed") if isinstance(s.holder, ag.SectionItem)]
    assert listed == []  # the readout declares ten actions and lists none
    known = [
        (s.record, s.path)
        for source in SEED.sources
        for s in SEED.supported_by(source.id)
        if isinstance(s.holder, ag.SectionItem)
    ]
    assert len({path for _, path in known}) == sum(len(s.items) for s in plan.sections)


def test_support_names_the_holder_and_the_fields() -> None:
    for support in SEED.supported_by("source:seed"):
        record = SEED[support.record]
        assert support.evidence in support.holder.evidence  # type: ignore[attr-defined]
        assert support.fields == support.evidence.fields
        assert support.path == "$" or support.holder is not record
        text = SEED["source:seed"].text  # type: ignore[attr-defined]
        assert text[support.evidence.start : support.evidence.end] == support.evidence.quote


def test_every_record_has_a_label() -> None:
    labels = {record.id: SEED.label(record.id) for record in (*SEED.sources, *SEED.records)}
    assert labels[WANG_YI] == "Wang Yi"
    assert labels["state:CHN"] == "China"
    assert labels["post:china-foreign-minister"] == "Foreign Minister"
    assert labels[MAIN].startswith("High-level Meeting on International Cooperation")
    assert all(
        label.strip() and not label.startswith(("person:", "event:")) for label in labels.values()
    )
    statement = next(iter(SEED.statements_by(WANG_YI)))
    assert SEED.label(statement.id).startswith("what Wang Yi ")


def test_an_unknown_id_has_no_label() -> None:
    with pytest.raises(KeyError):
        SEED.label("person:nobody")


def test_a_person_known_only_by_description_is_labelled_by_it() -> None:
    ds = ag.Dataset(
        id="d", title="D", version="1",
        records=(ag.Person(id="person:x", description="the foreign minister of Greece"),),
    )  # fmt: skip
    assert ds.label("person:x") == "the foreign minister of Greece"


def _event(id: str, date: str | None, end: str | None = None, **kwargs: Any) -> ag.Event:
    return ag.Event(
        id=f"event:{id}",
        kind=kwargs.pop("kind", ag.EventKind.SUMMIT),
        title=id,
        date=None if date is None else ag.PartialDate.parse(date),
        end_date=None if end is None else ag.PartialDate.parse(end),
        participations=kwargs.pop(
            "participations",
            (ag.Participation(actor="person:p", role=ag.Role.ATTENDEE, on_behalf_of="state:CHN"),),
        ),
    )


DATED = ag.Dataset(
    id="dated",
    title="Dated",
    version="1",
    records=(
        ag.Person(id="person:p", name="P"),
        ag.State(id="state:CHN", name="China", code="CHN"),
        _event("year", "2024"),
        _event("month", "2024-09"),
        _event("day", "2024-09-25"),
        _event("days", "2024-09-24", "2024-09-26"),
        _event("before", "2024-09-24"),
        _event("october", "2024-10"),
        _event("undated", None),
        _event(
            "hosted",
            "2024-09-25",
            kind=ag.EventKind.BILATERAL_MEETING,
            participations=(
                ag.Participation(actor="person:p", role=ag.Role.HOST),
                ag.Participation(actor="person:p", role=ag.Role.SPEAKER),
            ),
        ),
    ),
)


def _ids(events: tuple[ag.Event, ...]) -> list[str]:
    return [e.id.removeprefix("event:") for e in events]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-09-25", ["year", "month", "day", "days", "hosted"]),
        ("2024-09-26", ["year", "month", "days"]),
        ("2024-09", ["year", "month", "day", "days", "before", "hosted"]),
        ("2024-10", ["year", "october"]),
        ("2023", []),
    ],
)
def test_on_keeps_the_events_whose_dates_overlap(on: str, expected: list[str]) -> None:
    assert _ids(DATED.events_of("person:p", on=on)) == expected
    assert _ids(DATED.events_of("person:p", on=ag.PartialDate.parse(on))) == expected


def test_role_and_kind_filter_and_an_event_comes_once() -> None:
    assert _ids(DATED.events_of("person:p", role=ag.Role.HOST)) == ["hosted"]
    assert _ids(DATED.events_of("person:p", role=ag.Role.SPEAKER)) == ["hosted"]
    assert _ids(DATED.events_of("person:p", kind=ag.EventKind.BILATERAL_MEETING)) == ["hosted"]
    assert _ids(DATED.events_of("person:p")).count("hosted") == 1


def test_a_state_is_in_the_events_it_was_represented_at() -> None:
    represented = _ids(DATED.events_of("state:CHN"))
    assert "hosted" not in represented
    assert "undated" in represented


def test_on_must_be_a_date() -> None:
    with pytest.raises(ValueError, match="YYYY"):
        DATED.events_of("person:p", on="25 September")


def test_unknown_ids_give_nothing() -> None:
    assert SEED.referrers("person:nobody") == ()
    assert SEED.posts_of("person:nobody") == ()
    assert SEED.statements_by("person:nobody") == ()
    assert SEED.events_of("person:nobody") == ()
    assert SEED.supported_by("source:nothing") == ()


def test_the_index_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[str] = []

    def counting(obj: Any, path: Any) -> Iterator[Any]:
        walked.append(getattr(obj, "id", "?"))
        return walk(obj, path)

    monkeypatch.setattr("aigovernance.model._dataset.walk", counting)
    ds = ag.from_json(ag.to_json(SEED), ag.Dataset)
    for _ in range(3):
        ds.referrers(MAIN)
        ds.posts_of(WANG_YI)
        ds.events_of(WANG_YI, on="2024-09-25")
        ds.statements_by(WANG_YI)
        ds.supported_by("source:seed")
    assert len(walked) == len(ds.sources) + len(ds.records)


_REF_FIELDS = {
    field.name
    for cls in (*RECORD_CLASSES.values(), ag.Participation, ag.Purpose, ag.Evidence)
    for field in model_fields(cls)
    if REFS in field.metadata
}


def _strings(value: Any, path: str) -> Iterator[tuple[str, str, str]]:
    """Every text in a document with its path and the key it stands under."""
    if isinstance(value, dict):
        for key, item in value.items():
            for found in _strings(item, f"{path}.{key}"):
                yield found[0], found[1], found[2] or key
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value, ""


def _key_of(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return last.split("[", 1)[0]


@given(st.from_type(ag.Dataset))
def test_referrers_agree_with_a_scan_of_the_documents(dataset: ag.Dataset) -> None:
    expected: dict[str, set[tuple[str, str]]] = {}
    for record in (*dataset.sources, *dataset.records):
        for path, value, _ in _strings(ag.to_dict(record), "$"):
            if _key_of(path) in _REF_FIELDS:
                expected.setdefault(value, set()).add((record.id, path))
    for target, places in expected.items():
        got = dataset.referrers(target)
        assert {(r.record, r.path) for r in got} == places
        assert len(got) == len(places)
        supports = dataset.supported_by(target)
        citations = {(rec, path) for rec, path in places if path.endswith(".source")}
        assert {(s.record, f"{s.path}.evidence") for s in supports} == {
            (rec, path.rsplit("[", 1)[0]) for rec, path in citations
        }
        assert len(supports) == len(citations)


def _joint() -> ag.Dataset:
    """A joint statement of China and Zambia, and a joint commitment of the two."""
    return ag.Dataset(
        id="joint",
        title="Joint",
        version="1",
        records=(
            ag.State(id="state:CHN", name="China", code="CHN"),
            ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
            ag.State(id="state:KEN", name="Kenya", code="KEN"),
            ag.Statement(
                id="statement:joint",
                speakers=("state:CHN", "state:ZMB", "state:KEN"),
                speech_act=ag.SpeechAct.AGREED,
                summary="To meet again.",
                commitments=("commitment:joint",),
            ),
            ag.Commitment(
                id="commitment:joint",
                actors=("state:ZMB", "state:CHN"),
                modality=ag.Modality.WILL,
                text="Meet again.",
            ),
        ),
    )


def test_a_joint_statement_and_commitment_are_each_speaker_s() -> None:
    ds = _joint()
    assert ag.validate(ds) == ()
    for state in ("state:CHN", "state:ZMB"):
        assert [s.id for s in ds.statements_by(state)] == ["statement:joint"]
        assert [c.id for c in ds.commitments_by(state)] == ["commitment:joint"]
    assert [c.id for c in ds.commitments_by("state:KEN")] == []
    assert ds.label("statement:joint") == "what China, Zambia and Kenya agreed"
    paths = [r.path for r in ds.referrers("state:ZMB")]
    assert paths == ["$.speakers[1]", "$.actors[0]"]


def test_a_principle_s_references_are_found() -> None:
    (reference,) = (r for r in SEED.referrers("organization:un") if "principles" in r.path)
    assert reference.record == "principle-set:china-ai-global-governance-2024"
    assert reference.path == "$.principles[2].refers_to[0]"
