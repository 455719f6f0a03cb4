"""Reading a large document pauses the garbage collector and keeps the program's state.

What a large read makes lives on, so it goes straight to the collector's oldest
generation; objects the program froze itself stay frozen, and what the read made is
frozen beside them; a collector the program turned off stays off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import aigovernance as ag
from aigovernance.serialization import _json


@pytest.fixture
def large_document() -> bytes:
    states = tuple(
        ag.State(id=f"state:S{i:04}", name=f"State {i}", code="ABC") for i in range(2000)
    )
    raw = ag.to_json_bytes(ag.Dataset(id="d", title="D", version="1", records=states))
    assert len(raw) >= _json._LARGE  # read with the collector paused
    return raw


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        else:
            gc.disable()


def _generation(obj: object) -> int | None:
    for generation in range(3):
        if any(o is obj for o in gc.get_objects(generation=generation)):
            return generation
    return None


@pytest.mark.usefixtures("collector")
def test_what_a_large_read_makes_is_in_the_oldest_generation(large_document: bytes) -> None:
    gc.enable()
    dataset = ag.from_json(large_document, ag.Dataset)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert _generation(dataset) == 2
    assert _generation(dataset.records[-1]) == 2


@pytest.mark.usefixtures("collector")
def test_objects_the_program_froze_stay_frozen(large_document: bytes) -> None:
    gc.enable()
    mine: list[object] = [[]]  # a tracked object
    gc.freeze()
    frozen = gc.get_freeze_count()
    dataset = ag.from_json(large_document, ag.Dataset)
    assert gc.get_freeze_count() > frozen  # frozen beside the program's own, not walked
    assert _generation(mine) is None  # still in the permanent generation
    assert _generation(dataset) is None
    assert gc.isenabled()
    gc.unfreeze()  # the program's own unfreezing releases both
    assert _generation(mine) == 2
    assert _generation(dataset) == 2


@pytest.mark.usefixtures("collector")
def test_a_collector_turned_off_stays_off(large_document: bytes) -> None:
    gc.disable()
    ag.from_json(large_document, ag.Dataset)
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_failed_read_turns_the_collector_back_on(large_document: bytes) -> None:
    gc.enable()
    with pytest.raises(ag.ValidationError):
        ag.from_json(large_document.replace(b'"code":"ABC"', b'"code":"abc"'), ag.Dataset)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_json_lines_file_read_whole_is_in_the_oldest_generation(
    large_document: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "large.jsonl"
    ag.write(ag.from_json(large_document, ag.Dataset), path)
    gc.enable()
    dataset = ag.read(path, ag.Dataset)
    assert gc.isenabled()
    assert _generation(dataset.records[-1]) == 2
