"""Files: .json and .jsonl round trips, atomic writes, streaming with located errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import aigovernance as ag
from aigovernance.serialization import _files

from .dataset_strategies import datasets


def test_json_round_trip_is_exact(dataset: ag.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "sample.json"
    ag.write(dataset, path)
    assert ag.read(path, ag.Dataset) == dataset
    assert path.read_text(encoding="utf-8") == ag.to_json(dataset, indent=2) + "\n"
    ag.write(dataset, str(tmp_path / "compact.json"), indent=None)
    assert (tmp_path / "compact.json").read_bytes() == (ag.to_json(dataset) + "\n").encode()


def test_any_model_value_goes_to_json(tmp_path: Path) -> None:
    state = ag.State(id="state:CHN", name="China", code="CHN")
    ag.write(state, tmp_path / "state.json")
    assert ag.read(tmp_path / "state.json", ag.State) == state


LONE = "Ha\ud800noi"  # a lone surrogate: a str, but no UTF-8 holds it


def _with_lone_surrogates() -> ag.Dataset:
    return ag.Dataset(
        id="d",
        title=LONE,
        version="1",
        sources=(ag.Source(id="source:s", title="S", publisher=LONE),),
        records=(
            ag.State(id="state:VNM", name="Viet Nam", code="VNM"),
            ag.Event(
                id="event:e", kind=ag.EventKind.SUMMIT, title="T", place=ag.Place(locality=LONE)
            ),
        ),
    )


def test_text_utf8_cannot_carry_is_named_where_it_is() -> None:
    with pytest.raises(ag.ValidationError) as info:
        ag.to_json_bytes(_with_lone_surrogates())
    assert [str(p) for p in info.value.problems] == [
        f"{path}: holds a lone surrogate, U+D800, which UTF-8 cannot carry"
        for path in ("$.title", "$.sources[0].publisher", "$.records[1].place.locality")
    ]


@pytest.mark.parametrize(("name", "first"), [("d.json", "$.title"), ("d.jsonl", "$.title")])
def test_a_file_is_not_written_with_text_utf8_cannot_carry(
    tmp_path: Path, name: str, first: str
) -> None:
    path = tmp_path / name
    with pytest.raises(ag.ValidationError) as info:
        ag.write(_with_lone_surrogates(), path)
    assert info.value.problems[0].path == first
    assert list(tmp_path.iterdir()) == []


def test_a_jsonl_record_utf8_cannot_carry_is_named_by_its_path_in_the_dataset(
    tmp_path: Path,
) -> None:
    dataset = attrs.evolve(_with_lone_surrogates(), title="D")
    with pytest.raises(ag.ValidationError) as info:
        ag.write(dataset, tmp_path / "d.jsonl")
    # The first line that cannot be written stops the writing.
    assert [p.path for p in info.value.problems] == ["$.sources[0].publisher"]
    assert list(tmp_path.iterdir()) == []


def test_jsonl_layout_and_round_trip(dataset: ag.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "sample.jsonl"
    ag.write(dataset, path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    header = json.loads(lines[0])
    assert header == {
        "schema_version": "1.2",
        "id": "sample",
        "title": "A sample dataset",
        "version": "1",
        "description": "Every record type, for the serialisation tests.",
    }
    items = [*dataset.sources, *dataset.records]
    assert lines[1:-1] == [ag.to_json(item) for item in items]
    assert ag.read(path, ag.Dataset) == dataset
    assert list(ag.iter_jsonl(path)) == items


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets)
def test_generated_datasets_round_trip_in_both_formats(tmp_path: Path, dataset: ag.Dataset) -> None:
    for name in ("d.json", "d.jsonl"):
        ag.write(dataset, tmp_path / name)
        assert ag.read(tmp_path / name, ag.Dataset) == dataset
        first = (tmp_path / name).read_bytes()
        ag.write(dataset, tmp_path / name)
        assert (tmp_path / name).read_bytes() == first


def test_unknown_suffix_is_a_clear_error(dataset: ag.Dataset, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"suffix must be '\.json' or '\.jsonl'"):
        ag.write(dataset, tmp_path / "data.yaml")
    with pytest.raises(ValueError, match="suffix"):
        ag.read(tmp_path / "data", ag.Dataset)
    with pytest.raises(ValueError, match="JSON Lines"):
        ag.iter_jsonl(tmp_path / "data.json")
    assert list(tmp_path.iterdir()) == []


def test_jsonl_holds_only_datasets(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="holds a Dataset"):
        ag.write(ag.State(id="state:CHN", name="China", code="CHN"), tmp_path / "x.jsonl")
    (tmp_path / "x.jsonl").write_text('{"schema_version":"1.0"}\n')
    with pytest.raises(TypeError, match="holds a Dataset"):
        ag.read(tmp_path / "x.jsonl", ag.State)


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("name", ["data.json", "data.jsonl"])
def test_an_interrupted_write_keeps_the_old_file(
    dataset: ag.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    old = ag.Dataset(id="old", title="Old", version="1")
    ag.write(old, path)
    before = path.read_bytes()

    def half_then_fail(file: IO[bytes], chunks: Iterable[str | bytes]) -> None:
        text = b"".join(c.encode() if isinstance(c, str) else c for c in chunks)
        file.write(text[: len(text) // 2])
        file.flush()
        raise Interrupted

    monkeypatch.setattr(_files, "_write_chunks", half_then_fail)
    with pytest.raises(Interrupted):
        ag.write(dataset, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_failed_rename_leaves_no_temporary_file(
    dataset: ag.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: object, target: object) -> None:
        raise PermissionError("refused")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        ag.write(dataset, tmp_path / "new.json")
    assert list(tmp_path.iterdir()) == []


def test_writes_are_synced_before_the_rename(
    dataset: ag.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    fsync, replace = os.fsync, os.replace

    def record_fsync(fd: int) -> None:
        events.append("fsync")
        fsync(fd)

    def record_replace(source: str, target: str) -> None:
        events.append("replace")
        replace(source, target)

    monkeypatch.setattr(os, "fsync", record_fsync)
    monkeypatch.setattr(os, "replace", record_replace)
    ag.write(dataset, tmp_path / "d.jsonl")
    assert events[:2] == ["fsync", "replace"]


def test_the_permissions_of_a_replaced_file_are_kept(dataset: ag.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text("{}")
    path.chmod(0o640)
    ag.write(dataset, path)
    assert path.stat().st_mode & 0o777 == 0o640


def _jsonl(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


HEADER = '{"schema_version":"1.0","id":"d","title":"D","version":"1"}'
STATE = '{"type":"state","id":"state:CHN","name":"China","code":"CHN"}'


def test_stream_errors_name_their_line(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        HEADER,
        STATE,
        '{"type":"event","id":"event:a","kind":"summit","title":"A","date":"2024-02-30"}',
    )
    stream = ag.iter_jsonl(path)
    assert next(stream).id == "state:CHN"
    with pytest.raises(ag.ValidationError) as caught:
        next(stream)
    (problem,) = caught.value.problems
    assert problem.path == "line 3: $.date"
    assert "no day 30" in problem.message


def test_read_reports_every_bad_line_at_once(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        HEADER,
        '{"type":"state","id":"state:CHN","name":"China","code":"chn"}',
        "not json",
        "",
        '{"type":"planet","id":"planet:x"}',
        STATE,
    )
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(path, ag.Dataset)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["line 2: $.code", "line 3: $", "line 4: $", "line 5: $.type"]


def test_header_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with pytest.raises(ag.ValidationError, match=r"line 1: \$: the file is empty"):
        list(ag.iter_jsonl(empty))
    path = _jsonl(
        tmp_path, '{"schema_version":"1.0","id":"d","title":"D","version":"1","records":[]}'
    )
    with pytest.raises(ag.ValidationError, match=r"line 1: \$\.records"):
        list(ag.iter_jsonl(path))
    path = _jsonl(tmp_path, '{"schema_version":"9.0","id":"d","title":"D","version":"1"}', STATE)
    with pytest.raises(ag.ValidationError) as caught:
        list(ag.iter_jsonl(path))
    assert caught.value.problems[0].path == "line 1: $.schema_version"


def test_sources_come_before_records(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, HEADER, STATE, '{"type":"source","id":"source:a","title":"A"}')
    with pytest.raises(ag.ValidationError, match=r"line 3: \$: sources come before"):
        ag.read(path, ag.Dataset)


def test_a_missing_final_newline_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes((HEADER + "\r\n" + STATE).encode())
    assert [r.id for r in ag.iter_jsonl(path)] == ["state:CHN"]
    assert ag.read(path, ag.Dataset).records[0].id == "state:CHN"


def test_the_stream_is_lazy(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, HEADER, STATE, "broken")
    stream = ag.iter_jsonl(path)
    assert next(stream).id == "state:CHN"
