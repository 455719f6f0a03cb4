"""Fuzzing the readers and writers: every input ends in a value or a located error.

Damaged bytes of documents the library writes go through every reader (the C builders,
typed reading, generated code, the converter), and objects altered behind the model's
back through every writer (the C writer first). Whatever comes in, reading gives an
equal object or a :class:`~aigovernance.ValidationError`, and writing gives bytes that
read back or one. ``.ci/sanitize`` runs these with the C extension built with
AddressSanitizer and UndefinedBehaviorSanitizer, where a memory error is a failure
too; ``AIGOVERNANCE_FUZZ_EXAMPLES`` sets how many inputs each test tries.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aigovernance as ag
import aigovernance.strategies as ags
from aigovernance.serialization import _json

_EXAMPLES = os.environ.get("AIGOVERNANCE_FUZZ_EXAMPLES")
fuzz = (
    settings(
        max_examples=int(_EXAMPLES),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    if _EXAMPLES
    else settings()
)

PATHS = [_json.ALL_PATHS, _json.Paths(native=False), _json.CONVERTER_ONLY]


@st.composite
def damaged(draw: st.DrawFn, raw: bytes) -> bytes:
    """``raw`` with a few bytes flipped, cut, repeated or put in."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 8))]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 16))]
        else:
            data[at:at] = draw(
                st.sampled_from([b'"', b",", b"{", b"]", b"\\u", b"9" * 30, b"\xff"])
            )
    return bytes(data)


@fuzz
@given(st.data())
def test_damaged_documents_read_as_a_value_or_a_located_error(data: st.DataObject) -> None:
    ds = data.draw(ags.datasets(max_sources=2, max_records=5), label="dataset")
    raw = data.draw(damaged(ag.to_json_bytes(ds, indent=data.draw(st.sampled_from([None, 2])))))
    outcomes: list[Any] = []
    for paths in PATHS:
        with _json.using(paths):
            try:
                outcomes.append(ag.from_json(raw, ag.Dataset))
            except ag.ValidationError as error:
                outcomes.append([(p.path, p.message) for p in error.problems])
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert outcomes[0] != []  # a refusal names at least one problem


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**64, -(2**63) - 1, 1.5, float("nan"), b"x", "\ud800", "", " "]),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3),
    st.lists(st.text(max_size=3), max_size=3).map(tuple),
    st.sampled_from([ag.Role.HOST, ag.Theme.ETHICS, ag.PartialDate(year=2024)]),
    st.builds(dict),
    st.just(()),
)


def _objects(value: Any) -> list[Any]:
    """``value`` and every model object it holds."""
    found = [value]
    for field in attrs.fields(type(value)):
        held = getattr(value, field.name)
        for item in held if type(held) is tuple else (held,):
            if attrs.has(type(item)):
                found += _objects(item)
    return found


@fuzz
@given(st.data())
def test_objects_altered_behind_the_models_back_write_or_are_refused(
    data: st.DataObject,
) -> None:
    # A copy: objects the strategies share must stay as they are for other tests.
    record = copy.deepcopy(data.draw(ags.records(), label="record"))
    target = data.draw(st.sampled_from(_objects(record)), label="object")
    field = data.draw(st.sampled_from(attrs.fields(type(target))), label="field")
    object.__setattr__(target, field.name, data.draw(ODD_VALUES, label="value"))
    for paths in PATHS:
        refused: ag.ValidationError | None = None
        with _json.using(paths):
            try:
                raw = ag.to_json_bytes(record)
            except ag.ValidationError as error:
                refused = error
        if refused is not None:
            assert refused.problems
            continue
        # Written: the value was of its field's type after all, or one the model's
        # checks refuse on reading, which then says where.
        try:
            again = ag.from_json(raw, type(record))
        except ag.ValidationError as error:
            refused = error
        if refused is not None:
            assert refused.problems
        else:
            assert ag.to_json_bytes(again) == raw
