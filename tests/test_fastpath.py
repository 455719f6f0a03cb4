"""The fast paths and the converter path agree exactly.

Reading: the same verdict (accepted, with equal objects, or refused, with the same
problems at the same paths) on generated documents and on documents mutated in every
way a document can be wrong. Writing: the same bytes. With the C writer, with msgspec
(typed reading and writing, its parser and encoder) and without either (generated code
and the json module).
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
import aigovernance.strategies as ags
from aigovernance.serialization import _json
from aigovernance.serialization._fast import Miss

# Each reference is a set of paths, set for a block in this thread alone (a value, not
# module state flipped back and forth), so no block can leave a path chosen for another.
converter_only = partial(_json.using, _json.CONVERTER_ONLY)
"""Read and write by the converter and the json module alone, as before the fast path."""
generated_only = partial(_json.using, _json.Paths(native=False, msgspec=False))
"""Neither the C writer nor msgspec: generated code and the json module."""
without_msgspec = _json.without_msgspec
without_speedups = _json.without_speedups


def typed_reading(text: str | bytes, cls: type) -> Any:
    """What typed reading alone makes of ``text``: an object, or Miss."""
    typed = _json._typed()
    assert typed is not None, "msgspec is a test dependency"
    raw = text.encode() if isinstance(text, str) else text
    try:
        return typed.read(raw, cls)
    except Exception:
        return Miss


def outcome(text: str | bytes, cls: type) -> tuple[str, Any]:
    try:
        value: Any = ag.from_json(text, cls)
    except ag.ValidationError as error:
        return "refused", [(p.path, p.message) for p in error.problems]
    return "accepted", value


def assert_same_reading(text: str | bytes, cls: type) -> None:
    fast = outcome(text, cls)
    with without_speedups():
        fast_python = outcome(text, cls)
    with generated_only():
        fast_stdlib = outcome(text, cls)
    with converter_only():
        reference = outcome(text, cls)
    assert fast == reference
    assert fast_python == reference
    assert fast_stdlib == reference
    if reference[0] == "accepted":
        assert type(fast[1]) is type(reference[1])
    for paths in (contextlib.nullcontext, without_speedups):  # C builders, then Python's
        with paths():
            typed = typed_reading(text, cls)
        if typed is not Miss:
            # Typed reading accepts only what the converter accepts, and makes equal objects.
            assert reference == ("accepted", typed)
            assert type(typed) is type(reference[1])


def typed_writing(value: Any) -> Any:
    """What typed writing alone makes of ``value``: bytes, or Miss."""
    typed = _json._typed()
    assert typed is not None, "msgspec is a test dependency"
    try:
        return typed.write(value)
    except Miss:
        return Miss


def native_writing(value: Any) -> Any:
    """What the C writer alone makes of ``value``: bytes, or Miss."""
    native = _json._native()
    assert native is not None, "the C writer is built with the package"
    try:
        return native.write(value)
    except Exception:
        return Miss


def assert_same_writing(value: Any) -> None:
    with converter_only():
        reference = [ag.to_json(value, indent=indent) for indent in (None, 2, 4)]
        reference_dict = ag.to_dict(value)
    assert ag.to_dict(value) == reference_dict
    for paths in (contextlib.nullcontext, without_speedups, without_msgspec, generated_only):
        with paths():
            assert [ag.to_json(value, indent=indent) for indent in (None, 2, 4)] == reference
            assert_same_bytes(value, reference)
    for written in (typed_writing(value), native_writing(value)):
        if written is not Miss:
            assert written.decode() == reference[0]


def assert_same_bytes(value: Any, texts: list[str]) -> None:
    """``to_json_bytes`` gives the UTF-8 of each text, or fails as encoding it fails."""
    for indent, text in zip((None, 2, 4), texts, strict=True):
        try:
            expected = text.encode()
        except UnicodeEncodeError:
            with pytest.raises(ag.ValidationError, match="lone surrogate"):
                ag.to_json_bytes(value, indent=indent)
        else:
            assert ag.to_json_bytes(value, indent=indent) == expected


# ------------------------------------------------------------------ sound documents


@given(ags.datasets())
def test_datasets_read_and_write_alike(ds: ag.Dataset) -> None:
    assert_same_writing(ds)
    # Every model object is written by the C writer and the typed way (and either gives
    # the converter's bytes).
    assert typed_writing(ds) is not Miss
    assert native_writing(ds) is not Miss
    for indent in (None, 2):
        text = ag.to_json(ds, indent=indent)
        assert_same_reading(text, ag.Dataset)
        assert_same_reading(text.encode(), ag.Dataset)
        assert ag.from_json(text, ag.Dataset) == ds
        # Sound documents as the library writes them take the typed path, with the C
        # builders or without them.
        assert typed_reading(text, ag.Dataset) == ds
        with without_speedups():
            assert typed_reading(text, ag.Dataset) == ds


def _seed_edits() -> Iterator[tuple[str, bytes]]:
    """The seed dataset's compact text, and texts that differ from it at the seams of
    the records a dataset's reading compares piece by piece."""
    raw = ag.to_json_bytes(ag.datasets.load())
    at = raw.index(b'"records":[')
    first = raw.index(b"},{", at) + 1  # between the first two records
    yield "as written", raw
    yield "a final newline", raw + b"\n"
    yield "two final newlines", raw + b"\n\n"
    yield "a space after a comma", raw[:first] + b", " + raw[first + 1 :]
    yield "no comma", raw[:first] + raw[first + 1 :]
    yield "a record twice", raw[:first] + raw[raw.index(b"{", at) : first] + raw[first:]
    yield "the records twice", raw[:-1] + b"," + raw[at:-1] + b"}"
    yield "the records given twice, the first empty", raw[:at] + b'"records":[],' + raw[at:]
    yield (
        "a key twice in a record",
        raw.replace(b'"name":"China"', b'"name":"China","name":"China"', 1),
    )
    yield "a key twice before the records", raw.replace(b'"version":"1"', b'"version":"1",' * 2, 1)
    yield "the records empty", raw[: at - 1] + b"}"
    yield "the records' end missing", raw[:-2] + b"}"
    yield "something after the end", raw + b" "
    yield "an empty list of records", raw[:at] + b'"records":[]}'


@pytest.mark.parametrize("at_once", [1, 2, 256])
def test_a_datasets_records_are_compared_with_the_text_piece_by_piece(
    at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aigovernance.serialization import _typed

    monkeypatch.setattr(_typed, "_RECORDS_AT_ONCE", at_once)
    typed = _json._typed()
    assert typed is not None
    assert typed._records_last  # the records are compared on their own
    # As where the C extension's pass over the bytes cannot tell (or is not built).
    monkeypatch.setattr(typed, "_distinct_keys", None)
    seed = ag.datasets.load()
    read = {name: typed_reading(text, ag.Dataset) for name, text in _seed_edits()}
    assert read.pop("as written") == read.pop("a final newline") == seed
    assert read.pop("an empty list of records") is Miss  # the converter leaves it out
    assert read.pop("the records empty") == attrs.evolve(seed, records=())
    assert read == dict.fromkeys(read, Miss)
    for _, text in _seed_edits():
        assert_same_reading(text, ag.Dataset)


def test_a_key_given_twice_is_found_by_one_pass_over_the_bytes() -> None:
    typed = _json._typed()
    assert typed is not None
    if typed._distinct_keys is None:
        pytest.skip("the C extension is not built")
    seed = ag.datasets.load()
    read = {name: typed_reading(text, ag.Dataset) for name, text in _seed_edits()}
    # White space is not the form the converter writes, but the same dataset.
    spaced = ("a final newline", "two final newlines", "a space after a comma")
    assert [read.pop(name) for name in ("as written", *spaced)] == [seed] * 4
    assert read.pop("something after the end") == seed
    assert read.pop("an empty list of records") == attrs.evolve(seed, records=())
    assert read.pop("the records empty") == attrs.evolve(seed, records=())
    assert {"a key twice in a record", "a key twice before the records"} <= read.keys()
    assert read == dict.fromkeys(read, Miss)
    for _, text in _seed_edits():
        assert_same_reading(text, ag.Dataset)


@given(ags.records())
def test_records_read_and_write_alike(record: ag.Record) -> None:
    assert_same_writing(record)
    assert typed_writing(record) is not Miss
    assert native_writing(record) is not Miss
    text = ag.to_json(record)
    assert_same_reading(text, ag.Record)
    assert_same_reading(text, type(record))
    assert typed_reading(text, ag.Record) == record
    assert typed_reading(text, type(record)) == record


# --------------------------------------------------------------- mutated documents

JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([2**70, 1.0, 2.5, -0.0]),
    st.sampled_from(["", " ", "x", "2024", "2024-02-30", "high", "event:e1", "Q1", "zz-9"]),
    # Containers made afresh for each draw: one object drawn twice could be added into
    # itself, and the document would then hold a cycle.
    st.builds(list),
    st.builds(dict),
    st.builds(lambda: ["x"]),
    st.builds(lambda: {"type": "event"}),
)


def _containers(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _containers(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _containers(value, (*path, index))


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> str:
    """JSON text of ``doc`` with one to three things changed."""
    doc = json.loads(json.dumps(doc))
    duplicate: tuple[tuple[Any, ...], str] | None = None
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_containers(doc))))
        target = _at(doc, path)
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate", "float"]))
        if not path or action == "add":
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "type", "id", "évidence"]))] = draw(
                    JSON_VALUES
                )
            continue
        parent = _at(doc, path[:-1])
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUES)
        elif action == "float" and type(target) is int:
            parent[path[-1]] = float(target)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "duplicate" and isinstance(parent, dict):
            duplicate = (path[:-1], path[-1])
    indent = draw(st.sampled_from([None, 2]))
    text = json.dumps(doc, ensure_ascii=False, indent=indent)
    if duplicate is not None:
        # Write one key twice (with the same value, the hardest case to notice).
        holder, key = duplicate
        try:
            value = _at(doc, (*holder, key))
        except (KeyError, IndexError, TypeError):
            return text
        marker = json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False)
        if indent is None and marker in text:
            text = text.replace(marker, marker + ", " + marker, 1)
        compact = json.dumps(key) + ":" + json.dumps(value, ensure_ascii=False, indent=indent)
        if compact in text:
            text = text.replace(compact, compact + "," + compact, 1)
    return text


@given(st.data())
def test_mutated_records_get_the_same_verdict(data: st.DataObject) -> None:
    record = data.draw(ags.records())
    text = data.draw(mutated(ag.to_dict(record)))
    assert_same_reading(text, ag.Record)
    assert_same_reading(text.encode(), type(record))


@given(st.data())
def test_mutated_datasets_get_the_same_verdict(data: st.DataObject) -> None:
    ds = data.draw(ags.datasets())
    text = data.draw(mutated(ag.to_dict(ds)))
    assert_same_reading(text, ag.Dataset)


def capped_outcome(text: str | bytes, cls: type, limit: int | None) -> tuple[Any, ...]:
    try:
        value: Any = ag.from_json(text, cls, max_problems=limit)
    except ag.ValidationError as error:
        return "refused", [(p.path, p.message) for p in error.problems], error.more
    return "accepted", value, 0


@given(st.data())
def test_capped_readings_list_the_same_first_problems(data: st.DataObject) -> None:
    # However few problems may be listed, every path lists the same ones: the first of
    # all the problems the converter finds, in the order of the document, and says
    # that there are more when there are.
    ds = data.draw(ags.datasets())
    text = data.draw(mutated(ag.to_dict(ds)))
    with converter_only():
        everything = capped_outcome(text, ag.Dataset, None)
    for paths in (contextlib.nullcontext, without_speedups, generated_only, converter_only):
        with paths():
            for limit in (1, 2):
                got = capped_outcome(text, ag.Dataset, limit)
                if everything[0] == "accepted":
                    assert got == everything
                    continue
                listed, found = everything[1], len(everything[1])
                assert got[:2] == ("refused", listed[:limit])
                if found > limit:
                    assert 1 <= got[2] <= found - limit
                else:
                    assert got[2] == 0


# ------------------------------------------------------------------- chosen cases


def _event() -> ag.Event:
    return ag.Event(
        id="event:e1",
        kind=ag.EventKind.SUMMIT,
        title="A summit",
        date=ag.PartialDate(year=2024, month=9, day=25),
        participations=(ag.Participation(actor="state:CHN", role=ag.Role.HOST),),
        evidence=(ag.Evidence(source="source:s", start=0, end=3, quote="abc"),),
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","title":"A"}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","type":"event"}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A"}\n',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","date":"2024-02-30"}',
        '{"type":"event","id":"event:e1","kind":"summit","title":" "}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","themes":["ethics","ethics"]}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","themes":[1]}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","participations":'
        '[{"actor":"state:CHN","role":"host","evidence":[{"source":"source:s","start":0.0}]}]}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","participations":'
        '[{"actor":"state:CHN","role":true}]}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"A","n":123456789012345678901}',
        '{"type":"event","id":"event:e1","kind":"summit","title":"\\ud800"}',
        '{"type":"event","id":"event:e1","kind":"summit","title":NaN}',
        '{"type":"state","id":"state:CHN","name":"China","code":"CHN"}',
        '{"type":"source","id":"source:s","title":"S","text":"abc"}',
        '{"type":"source","id":"source:s","title":"S","sha256":"' + "0" * 64 + '"}',
        "[" * 5000 + "]" * 5000,
        "",
        "{}",
    ],
)
def test_chosen_texts_get_the_same_verdict(text: str) -> None:
    assert_same_reading(text, ag.Record)
    assert_same_reading(text.encode(), ag.Event)


def test_invalid_utf8_gets_the_same_verdict() -> None:
    assert_same_reading(b'{"type":"event","title":"\xff"}', ag.Event)


@pytest.mark.parametrize("version", ["1.0", "0.9", "1.99", "2.0", "x", None])
def test_schema_versions_get_the_same_verdict(version: str | None) -> None:
    document: dict[str, Any] = {"id": "d", "title": "D", "version": "1"}
    if version is not None:
        document = {"schema_version": version, **document}
    text = json.dumps(document)
    with pytest.warns() if version == "1.99" else _nothing():
        fast = outcome(text, ag.Dataset)
    with converter_only(), pytest.warns() if version == "1.99" else _nothing():
        reference = outcome(text, ag.Dataset)
    assert fast == reference


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@pytest.mark.parametrize(
    "value",
    [
        _event(),
        ag.PartialDate(year=2024, month=2),
        ag.Evidence(source="source:s", start=0, end=7, quote='a\u2028\x7f\x1f"\\é'),
        ag.Quantity(value=2**70),  # beyond 64 bits
        ag.Evidence(source="source:s", start=0, end=1, quote="\ud800"),  # no UTF-8 form
        ag.Source(id="source:s", title="S", text="abc", sha256="0" * 64),
        ag.Dataset(id="d", title="D", version="1", records=(_event(),)),
    ],
)
def test_chosen_values_write_alike(value: Any) -> None:
    assert_same_writing(value)


_ESCAPED = "".join(chr(c) for c in range(0x20)) + '"\\'


@given(st.text(st.characters(exclude_categories=()), min_size=1))
def test_any_text_writes_alike(text: str) -> None:
    # Every character, lone surrogates included (which nothing writes as UTF-8), at
    # every place in a text, is written by every path as the json module writes it.
    evidence = ag.Evidence(source="source:s", start=0, end=len(text), quote=text)
    assert_same_writing(evidence)


@pytest.mark.parametrize("at", range(0, 20, 3))
@pytest.mark.parametrize("character", [*_ESCAPED, "\x7f", "\u2028", "é", "\U0001f600"])
def test_escapes_write_alike_anywhere_in_a_text(character: str, at: int) -> None:
    text = "x" * at + character + "y" * (19 - at)
    evidence = ag.Evidence(source="source:s", start=0, end=len(text), quote=text)
    assert native_writing(evidence) is not Miss
    assert_same_writing(evidence)


def _altered(value: Any, name: str, new: Any) -> Any:
    object.__setattr__(value, name, new)
    return value


def _participation() -> ag.Participation:
    return ag.Participation(actor="state:CHN", role=ag.Role.HOST)


ALTERED = [
    (
        _altered(ag.Evidence(source="source:s", start=0, end=3, quote="abc"), "start", 0.0),
        "$.start",
        "expected int, got float 0.0",
    ),
    (_altered(_participation(), "role", "host"), "$.role", "expected Role, got str 'host'"),
    (_altered(_participation(), "evidence", []), "$.evidence", "expected tuple, got list []"),
    (
        _altered(_event(), "participations", ({"actor": "state:CHN", "role": "host"},)),
        "$.participations[0]",
        "expected Participation, got dict",
    ),
    (
        ag.Dataset(
            id="d",
            title="D",
            version="1",
            records=(_altered(_event(), "title", ag.Role.HOST),),
        ),
        "$.records[0].title",
        "expected str, got Role",
    ),
]


@pytest.mark.parametrize(("value", "path", "message"), ALTERED)
@pytest.mark.parametrize(
    "paths",
    [
        contextlib.nullcontext,
        without_msgspec,
        generated_only,
        converter_only,
        without_speedups,
    ],
)
def test_values_set_behind_the_models_back_are_refused_alike(
    value: Any, path: str, message: str, paths: Any
) -> None:
    # Construction refuses a value of the wrong type; setting it behind the model's
    # back puts one there. Every way of writing refuses it, at its path: written, it
    # would not read back.
    assert native_writing(value) is Miss
    assert typed_writing(value) is Miss
    with paths():
        for write in (ag.to_dict, ag.to_json, ag.to_json_bytes, partial(ag.to_json, indent=4)):
            with pytest.raises(ag.ValidationError) as caught:
                write(value)
            assert [p.path for p in caught.value.problems] == [path]
            assert caught.value.problems[0].message.startswith(message)


def test_an_integer_too_long_for_text_is_refused_at_its_path() -> None:
    # The model allows any int; Python writes at most so many digits as text.
    quantity = ag.Quantity(value=10 ** (sys.get_int_max_str_digits() + 1))
    assert ag.validate(ag.Dataset(id="d", title="D", version="1")) == ()
    for paths in (contextlib.nullcontext, without_speedups, generated_only, converter_only):
        with paths():
            for write in (ag.to_json, ag.to_json_bytes, partial(ag.to_json, indent=4)):
                with pytest.raises(ag.ValidationError) as caught:
                    write(quantity)
                assert [p.path for p in caught.value.problems] == ["$.value"]
                assert "more than" in caught.value.problems[0].message


def test_strict_errors_are_located() -> None:
    with pytest.raises(ag.ValidationError) as info:
        ag.from_json('{"id":"state:CHN","name":"China","code":1}', ag.State)
    assert [str(p) for p in info.value.problems] == ["$.code: expected a string, got an integer"]


def _depth(error: BaseException) -> int:
    depth, tb = 0, error.__traceback__
    while tb is not None:
        depth, tb = depth + 1, tb.tb_next
    return depth


@pytest.mark.parametrize("paths", [contextlib.nullcontext, without_speedups])
def test_a_refused_reading_keeps_nothing_alive(paths: Any) -> None:
    # Each step-aside is a new exception: one raised again and again would gather a
    # longer traceback every time, keeping every half-made object of every read alive.
    raw = ag.to_json_bytes(ag.datasets.load())
    refused = raw.replace(b'"source":"source:seed"', b'"source":"not an id"', 1)
    data = json.loads(refused)
    with paths():
        typed = _json._typed()
        assert typed is not None
        generated = _json._codec().structure[ag.Dataset]
        reads: list[Callable[[], object]] = [
            lambda: typed.read(refused, ag.Dataset),
            lambda: generated(data),
        ]
        for read in reads:
            errors = []
            for _ in range(3):
                with pytest.raises(Miss) as info:
                    read()
                errors.append(info.value)
            assert errors[0] is not errors[1]
            assert _depth(errors[0]) == _depth(errors[1]) == _depth(errors[2])


# ----------------------------------------------------------------- the harness itself


def test_the_converter_only_reference_takes_no_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reference the other tests compare with must be the converter and the json
    # module alone, however often it is used and whatever paths were chosen before it.
    from aigovernance.serialization._native import NativeJSON
    from aigovernance.serialization._typed import TypedJSON

    calls: list[str] = []
    for owner, name in ((TypedJSON, "read"), (TypedJSON, "write"), (NativeJSON, "write")):
        original = getattr(owner, name)

        def spy(self: Any, *args: Any, _original: Any = original, _name: str = name) -> Any:
            calls.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(owner, name, spy)
    seed = ag.datasets.load()
    text = ag.to_json(seed)
    for _ in range(2):
        with without_speedups():  # as assert_same_reading does before the reference
            assert ag.from_json(text, ag.Dataset) == seed
        with converter_only():
            calls.clear()
            assert ag.from_json(text, ag.Dataset) == seed
            assert ag.to_json(seed) == text
            assert calls == []


def test_paths_chosen_in_one_thread_are_not_taken_in_another() -> None:
    seen: list[_json.Paths] = []
    with converter_only():
        assert _json.current_paths() == _json.CONVERTER_ONLY
        thread = threading.Thread(target=lambda: seen.append(_json.current_paths()))
        thread.start()
        thread.join()
        with without_speedups():  # narrows the paths of the block it is in
            assert _json.current_paths() == _json.CONVERTER_ONLY
    assert seen == [_json.ALL_PATHS]
    assert _json.current_paths() == _json.ALL_PATHS
