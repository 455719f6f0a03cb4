"""An unknown term, field or id suggests the nearest valid one, the same on every read path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance import _validate

HEADER = {"schema_version": "1.1", "id": "d", "title": "D", "version": "1"}
ZAMBIA = {"type": "state", "id": "state:ZMB", "name": "Zambia", "code": "ZMB"}


def meeting(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "event",
        "id": "event:dialogue",
        "kind": "summit",
        "title": "Dialogue",
        "participations": [{"actor": "state:ZMB", "role": "co-host"}],
    }
    record.update(changes)
    return record


def problems_by(
    read: Callable[[dict[str, Any], Path], Any], document: dict[str, Any], tmp_path: Path
) -> list[tuple[str, str]]:
    with pytest.raises(ag.ValidationError) as caught:
        read(document, tmp_path)
    return [(p.path, p.message) for p in caught.value.problems]


def _from_json_text(document: dict[str, Any], _: Path) -> Any:
    return ag.from_json(json.dumps(document), ag.Dataset)


def _from_json_bytes(document: dict[str, Any], _: Path) -> Any:
    return ag.from_json(json.dumps(document, separators=(",", ":")).encode(), ag.Dataset)


def _from_dict(document: dict[str, Any], _: Path) -> Any:
    return ag.from_dict(document, ag.Dataset)


def _file(document: dict[str, Any], tmp_path: Path) -> Any:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return ag.read(path, ag.Dataset)


READERS = [_from_json_text, _from_json_bytes, _from_dict, _file]

CASES = [
    (
        meeting(participations=[{"actor": "state:ZMB", "role": "cohost"}]),
        "$.records[1].participations[0].role",
        "did you mean 'co-host'?",
    ),
    (meeting(kind="sumit"), "$.records[1].kind", "did you mean 'summit'?"),
    (meeting(themes=["capacity-buildin"]), "$.records[1].themes[0]", "'capacity-building'?"),
    (meeting(titel="Dialogue"), "$.records[1].titel", "unknown field; did you mean 'title'?"),
    (meeting(type="evnet"), "$.records[1].type", "did you mean 'event'?"),
]


@pytest.mark.parametrize(("record", "path", "suggestion"), CASES)
def test_reading_suggests_the_nearest_term_or_field(
    tmp_path: Path, record: dict[str, Any], path: str, suggestion: str
) -> None:
    document = {**HEADER, "records": [ZAMBIA, record]}
    outcomes = [problems_by(read, document, tmp_path) for read in READERS]
    assert all(outcome == outcomes[0] for outcome in outcomes), outcomes
    messages = dict(outcomes[0])
    assert messages[path].endswith(suggestion), messages


def test_a_jsonl_line_gets_the_same_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    lines = [HEADER, ZAMBIA, meeting(kind="sumit")]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(path, ag.Dataset)
    (problem,) = caught.value.problems
    assert problem.path == "line 3: $.kind"
    assert problem.message.endswith("; did you mean 'summit'?")


def test_tables_get_the_same_suggestion(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    ds = ag.from_dict({**HEADER, "records": [ZAMBIA, meeting()]}, ag.Dataset)
    ag.write(ds, folder, format="csv")
    path = folder / "participations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"co-host"', '"cohost"'),
                    encoding="utf-8", newline="")  # fmt: skip
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    (problem,) = caught.value.problems
    assert problem.message.endswith("; did you mean 'co-host'?")


def test_nothing_near_gets_no_suggestion(tmp_path: Path) -> None:
    document = {**HEADER, "records": [ZAMBIA, meeting(kind="picnic", zzz=1)]}
    for path, message in problems_by(_from_dict, document, tmp_path):
        assert "did you mean" not in message, (path, message)


def dataset(*records: ag.Record, sources: tuple[ag.Source, ...] = ()) -> ag.Dataset:
    return ag.Dataset(id="d", title="D", version="1", sources=sources, records=records)


def test_a_dangling_id_suggests_the_nearest_id_of_an_allowed_type() -> None:
    ds = dataset(
        ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
        ag.Person(id="person:zmm", name="Not a state"),
        ag.Event(
            id="event:e",
            kind=ag.EventKind.SUMMIT,
            title="E",
            participations=(
                ag.Participation(actor="state:ZMM", role=ag.Role.HOST),
                ag.Participation(actor="state:XXX", role=ag.Role.HOST),  # near nothing
            ),
        ),
    )
    assert [str(p) for p in ag.validate(ds)] == [
        "$.records[2].participations[0].actor: refers to 'state:ZMM', which is not in the "
        "dataset; did you mean 'state:ZMB'?",
        "$.records[2].participations[1].actor: refers to 'state:XXX', which is not in the dataset",
    ]


def test_a_dangling_evidence_source_suggests_a_source() -> None:
    ds = dataset(
        ag.State(
            id="state:ZMB",
            name="Zambia",
            code="ZMB",
            evidence=(ag.Evidence(source="source:sed"),),
        ),
        sources=(ag.Source(id="source:seed", title="Seed"),),
    )
    (problem,) = ag.validate(ds)
    assert problem.message == (
        "cites 'source:sed', which is not in the dataset; did you mean 'source:seed'?"
    )


def test_suggesting_ids_is_bounded_work(monkeypatch: pytest.MonkeyPatch) -> None:
    states = [ag.State(id=f"state:A{i:02d}", name=f"S{i}", code="ZMB") for i in range(20)]
    event = ag.Event(
        id="event:e",
        kind=ag.EventKind.SUMMIT,
        title="E",
        participations=tuple(
            ag.Participation(actor=f"state:A{i:02d}x", role=ag.Role.HOST) for i in range(5)
        ),
    )
    monkeypatch.setattr(_validate._Nearest, "BUDGET", 50)  # room for two searches of 20
    problems = ag.validate(dataset(*states, event))
    suggested = ["did you mean" in p.message for p in problems]
    assert suggested == [True, True, False, False, False]
