"""Versioned documents: newer majors refused, newer minors warned about, older migrated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance.serialization import MIGRATIONS

DOCUMENT: dict[str, Any] = {
    "schema_version": "1.0",
    "id": "d",
    "title": "D",
    "version": "1",
    "records": [{"type": "state", "id": "state:CHN", "name": "China", "code": "CHN"}],
}


def _with(version: str) -> dict[str, Any]:
    return {**DOCUMENT, "schema_version": version}


def test_a_newer_major_version_is_refused() -> None:
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(_with("2.0"), ag.Dataset)
    (problem,) = caught.value.problems
    assert problem.path == "$.schema_version"
    assert "upgrade aigovernance" in problem.message


def test_a_newer_minor_version_is_read_with_a_warning() -> None:
    with pytest.warns(ag.NewerSchemaWarning, match="1.7"):
        dataset = ag.from_json(json.dumps(_with("1.7")), ag.Dataset)
    assert dataset["state:CHN"] == ag.State(id="state:CHN", name="China", code="CHN")


def test_a_missing_or_malformed_version_is_refused() -> None:
    document = dict(DOCUMENT)
    del document["schema_version"]
    for bad in (document, _with("one"), _with("0.9")):
        with pytest.raises(ag.ValidationError) as caught:
            ag.from_dict(bad, ag.Dataset)
        assert caught.value.problems[0].path == "$.schema_version"


def _from_0_9(document: dict[str, Any]) -> dict[str, Any]:
    """A step from a made-up 0.9: states had ``iso`` where 1.0 has ``code``."""
    records = [
        {("code" if key == "iso" else key): value for key, value in record.items()}
        for record in document.get("records", [])
    ]
    return {**document, "schema_version": "1.0", "records": records}


OLD = {
    **DOCUMENT,
    "schema_version": "0.9",
    "records": [{"type": "state", "id": "state:CHN", "name": "China", "iso": "CHN"}],
}


@pytest.fixture
def step_from_0_9(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MIGRATIONS, "0.9", ("1.0", _from_0_9))


@pytest.mark.usefixtures("step_from_0_9")
def test_an_older_version_is_migrated_by_pure_dict_steps() -> None:
    original = json.loads(json.dumps(OLD))
    dataset = ag.from_dict(OLD, ag.Dataset)
    assert dataset.schema_version == "1.2"
    assert dataset["state:CHN"] == ag.State(id="state:CHN", name="China", code="CHN")
    assert original == OLD  # the step did not change its argument


@pytest.mark.usefixtures("step_from_0_9")
def test_older_json_lines_are_migrated_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    header = {k: v for k, v in OLD.items() if k != "records"}
    lines = [json.dumps(header), *(json.dumps(r) for r in OLD["records"])]
    path.write_text("\n".join(lines) + "\n")
    assert [r.id for r in ag.iter_jsonl(path)] == ["state:CHN"]
    dataset = ag.read(path, ag.Dataset)
    assert dataset.schema_version == "1.2"
    assert dataset.records == (ag.State(id="state:CHN", name="China", code="CHN"),)


def test_a_newer_minor_json_lines_file_warns_once(tmp_path: Path) -> None:
    path = tmp_path / "newer.jsonl"
    header = {k: v for k, v in _with("1.3").items() if k != "records"}
    lines = [json.dumps(header), *(json.dumps(r) for r in DOCUMENT["records"] * 3)]
    path.write_text("\n".join(lines) + "\n")
    with pytest.warns(ag.NewerSchemaWarning) as caught:
        assert len(list(ag.iter_jsonl(path))) == 3
    assert len(caught) == 1


def test_the_version_is_always_written() -> None:
    assert ag.to_dict(ag.Dataset(id="d", title="D", version="1"))["schema_version"] == "1.2"


VERSION_1_0: dict[str, Any] = {
    **DOCUMENT,
    "sources": [{"type": "source", "id": "source:s", "title": "S", "text": "Wang Yi said."}],
    "records": [
        {
            "type": "person",
            "id": "person:wang-yi",
            "name": "Wang Yi",
            "evidence": [{"source": "source:s", "start": 0, "end": 7, "quote": "Wang Yi"}],
        }
    ],
}


def test_a_1_0_document_reads_as_the_current_version(tmp_path: Path) -> None:
    dataset = ag.from_json(json.dumps(VERSION_1_0), ag.Dataset)
    assert dataset.schema_version == ag.SCHEMA_VERSION == "1.2"
    (evidence,) = dataset["person:wang-yi"].evidence
    assert (evidence.quote, evidence.prefix, evidence.suffix) == ("Wang Yi", None, None)
    assert ag.validate(dataset) == ()
    path = tmp_path / "old.jsonl"
    header = {k: v for k, v in VERSION_1_0.items() if k not in ("sources", "records")}
    items = [*VERSION_1_0["sources"], *VERSION_1_0["records"]]
    path.write_text("\n".join(json.dumps(line) for line in [header, *items]) + "\n")
    assert ag.read(path, ag.Dataset) == dataset


def _with_capacity(version: str, capacity: str | None) -> dict[str, Any]:
    """A document of ``version`` with one participation naming one ``capacity``."""
    participation: dict[str, Any] = {"actor": "person:wang-yi", "role": "speaker"}
    participation["capacity"] = capacity
    return {
        **DOCUMENT,
        "schema_version": version,
        "records": [
            {"type": "state", "id": "state:CHN", "name": "China", "code": "CHN"},
            {"type": "person", "id": "person:wang-yi", "name": "Wang Yi"},
            {
                "type": "post",
                "id": "post:fm",
                "title": "Foreign Minister",
                "organization": "state:CHN",
                "holder": "person:wang-yi",
            },
            {
                "type": "event",
                "id": "event:e",
                "kind": "high-level-meeting",
                "title": "E",
                "participations": [participation],
            },
        ],
    }


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_capacity_becomes_a_list_of_capacities(version: str) -> None:
    document = _with_capacity(version, "post:fm")
    original = json.loads(json.dumps(document))
    dataset = ag.from_dict(document, ag.Dataset)
    assert dataset.schema_version == "1.2"
    event = dataset["event:e"]
    assert isinstance(event, ag.Event)
    (participation,) = event.participations
    assert participation.capacities == ("post:fm",)
    assert document == original  # the steps did not change their argument
    assert ag.validate(dataset) == ()


def test_a_null_capacity_becomes_no_capacities() -> None:
    dataset = ag.from_dict(_with_capacity("1.1", None), ag.Dataset)
    event = dataset["event:e"]
    assert isinstance(event, ag.Event)
    (participation,) = event.participations
    assert participation.capacities == ()


def test_the_1_2_step_is_pure_and_leaves_other_records_alone() -> None:
    document = _with_capacity("1.1", "post:fm")
    _, step = MIGRATIONS["1.1"]
    migrated = step(document)
    assert migrated["schema_version"] == "1.2"
    assert migrated["records"][:3] == document["records"][:3]
    assert migrated["records"][3]["participations"] == [
        {"actor": "person:wang-yi", "role": "speaker", "capacities": ["post:fm"]}
    ]
    assert document["records"][3]["participations"][0]["capacity"] == "post:fm"


def test_a_1_2_document_with_a_capacity_is_refused() -> None:
    with pytest.raises(ag.ValidationError):
        ag.from_dict(_with_capacity("1.2", "post:fm"), ag.Dataset)


def test_a_1_1_participation_with_capacities_too_is_refused_at_its_capacity() -> None:
    # 1.1 had no capacities: a participation giving both is not silently merged into one
    # list, losing either; the capacity the step could not move is reported where it is.
    document = _with_capacity("1.1", "post:fm")
    document["records"][3]["participations"][0]["capacities"] = ["post:other"]
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(document, ag.Dataset)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["$.records[3].participations[0].capacity"]


def _with_speaker_and_actor(version: str) -> dict[str, Any]:
    """A document of ``version`` with a statement's one speaker and a commitment's actor,
    each named by the fields of a piece of evidence."""
    source = {"type": "source", "id": "source:s", "title": "S"}
    return {
        **DOCUMENT,
        "schema_version": version,
        "sources": [source],
        "records": [
            {"type": "state", "id": "state:CHN", "name": "China", "code": "CHN"},
            {
                "type": "statement",
                "id": "statement:s",
                "speaker": "state:CHN",
                "speech_act": "said",
                "summary": "S",
                "evidence": [{"source": "source:s", "fields": ["speaker", "summary"]}],
            },
            {
                "type": "commitment",
                "id": "commitment:c",
                "actor": "state:CHN",
                "modality": "will",
                "text": "C",
                "evidence": [{"source": "source:s", "fields": ["actor"]}],
            },
        ],
    }


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_speaker_and_an_actor_become_lists_and_their_evidence_follows(version: str) -> None:
    document = _with_speaker_and_actor(version)
    original = json.loads(json.dumps(document))
    dataset = ag.from_dict(document, ag.Dataset)
    statement, commitment = dataset["statement:s"], dataset["commitment:c"]
    assert isinstance(statement, ag.Statement)
    assert isinstance(commitment, ag.Commitment)
    assert statement.speakers == commitment.actors == ("state:CHN",)
    assert statement.evidence[0].fields == ("speakers", "summary")
    assert commitment.evidence[0].fields == ("actors",)
    assert ag.validate(dataset) == ()
    assert document == original


def test_evidence_naming_a_1_1_capacity_names_the_capacities() -> None:
    document = _with_capacity("1.1", "post:fm")
    document["sources"] = [{"type": "source", "id": "source:s", "title": "S"}]
    participation = document["records"][3]["participations"][0]
    participation["evidence"] = [{"source": "source:s", "fields": ["capacity", "role"]}]
    dataset = ag.from_dict(document, ag.Dataset)
    event = dataset["event:e"]
    assert isinstance(event, ag.Event)
    assert event.participations[0].evidence[0].fields == ("capacities", "role")
    assert ag.validate(dataset) == ()


def test_a_1_1_statement_with_speakers_too_is_refused_at_its_speaker() -> None:
    document = _with_speaker_and_actor("1.1")
    document["records"][1]["speakers"] = ["state:CHN"]
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(document, ag.Dataset)
    assert [p.path for p in caught.value.problems] == ["$.records[1].speaker"]


def test_a_1_2_statement_needs_a_speaker() -> None:
    document = _with_speaker_and_actor("1.2")
    statement = document["records"][1]
    del statement["speaker"]
    statement["speakers"] = []
    statement["evidence"] = []
    commitment = document["records"][2]
    commitment["actors"] = [commitment.pop("actor")]
    commitment["evidence"] = []
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(document, ag.Dataset)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.records[1].speakers", "needs at least one item")
    ]
