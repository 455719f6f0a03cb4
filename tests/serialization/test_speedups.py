"""The C writer: what it writes, what it refuses, and that it is built and used.

Its agreement with the converter on the model's own objects is tested with the other
paths in ``tests/test_fastpath.py``; here it is tested on its own, with small classes
of every kind of field.
"""

from __future__ import annotations

import enum
import json
import os
import re
import subprocess
import sys
import weakref
from typing import Any

import attrs
import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance import _checking
from aigovernance.serialization import _json

if os.environ.get(_json.NO_EXTENSIONS):
    pytest.skip("the C writer is turned off", allow_module_level=True)

try:
    from aigovernance.serialization import _speedups
except ImportError:  # pragma: no cover - a failure, with the reason
    pytest.fail(
        "the C writer was not built: install the package where a C compiler is at hand, "
        f"or set {_json.NO_EXTENSIONS}=1 to test without it",
        pytrace=False,
    )

Writer = _speedups.Writer
TEXT, INT, BOOL, DATE, MODEL, RECORD, TERM = range(7)


@attrs.frozen
class Inner:
    name: str


class Colour(str, enum.Enum):
    RED = "red"
    DARK_RED = "dark red"


@attrs.frozen
class Sample:
    text: str
    colour: Colour = Colour.RED
    number: int | None = None
    flag: bool = False
    inner: Inner | None = None
    inners: tuple[Inner, ...] = ()
    date: ag.PartialDate | None = None
    words: tuple[str, ...] = ()


def _slot(cls: type, name: str) -> Any:
    return vars(cls)[name]


def _field(
    name: str,
    kind: int,
    *,
    many: bool = False,
    nullable: bool = False,
    omit: bool = False,
    default: Any = None,
    arg: Any = None,
    cls: type = Sample,
) -> tuple[Any, ...]:
    key = json.dumps(name).encode() + b":"
    return (_slot(cls, name), key, kind, many, nullable, omit, default, arg)


INNER = Writer(Inner, b"{", (_field("name", TEXT, cls=Inner),))
DATE_WRITER = Writer(
    ag.PartialDate,
    b"{",
    tuple(
        _field(part, INT, nullable=True, cls=ag.PartialDate) for part in ("year", "month", "day")
    ),
)
SAMPLE = Writer(
    Sample,
    b'{"type":"sample"',
    (
        _field("text", TEXT),
        _field("colour", TERM, omit=True, default=Colour.RED, arg=Colour),
        _field("number", INT, nullable=True, omit=True),
        _field("flag", BOOL, omit=True, default=False),
        _field("inner", MODEL, nullable=True, omit=True, arg=INNER),
        _field("inners", MODEL, many=True, omit=True, default=(), arg=INNER),
        _field("date", DATE, nullable=True, omit=True, arg=DATE_WRITER),
        _field("words", TEXT, many=True, omit=True, default=()),
    ),
)


def _expected(sample: Sample) -> bytes:
    data: dict[str, Any] = {"type": "sample", "text": sample.text}
    if sample.colour is not Colour.RED:
        data["colour"] = sample.colour.value
    if sample.number is not None:
        data["number"] = sample.number
    if sample.flag:
        data["flag"] = True
    if sample.inner is not None:
        data["inner"] = {"name": sample.inner.name}
    if sample.inners:
        data["inners"] = [{"name": i.name} for i in sample.inners]
    if sample.date is not None:
        data["date"] = sample.date.isoformat()
    if sample.words:
        data["words"] = list(sample.words)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


_texts = st.text(st.characters(exclude_categories=["Cs"]))
samples = st.builds(
    Sample,
    text=_texts,
    colour=st.sampled_from(Colour),
    number=st.none() | st.integers(-(2**63), 2**63 - 1),
    flag=st.booleans(),
    inner=st.none() | st.builds(Inner, name=_texts),
    inners=st.lists(st.builds(Inner, name=_texts), max_size=3).map(tuple),
    date=st.none() | st.builds(ag.PartialDate, year=st.integers(1, 9999), month=st.none()),
    words=st.lists(_texts, max_size=3).map(tuple),
)


@given(samples)
def test_writes_what_the_json_module_writes(sample: Sample) -> None:
    assert SAMPLE(sample) == _expected(sample)


@given(samples)
def test_a_writers_text_is_its_bytes_decoded(sample: Sample) -> None:
    made = SAMPLE.text(sample)
    expected = SAMPLE(sample).decode()
    assert made == expected
    # Of the kind the decoder chooses, the narrowest that holds every character.
    assert type(made) is str
    assert sys.getsizeof(made) == sys.getsizeof(expected)


def _named(key: bytes) -> Any:
    return Writer(
        Inner, b"{", ((_slot(Inner, "name"), key, TEXT, False, False, False, None, None),)
    )


@pytest.mark.parametrize("name", ["x", "é", "中", "😀", "x" * 10_000_000])
@pytest.mark.parametrize("key", ['"é":'.encode(), '"😀":'.encode(), b'"k":'])
def test_a_writers_text_needs_no_count_to_be_right(key: bytes, name: str) -> None:
    # The length and width of the text are told by the values written; a key of other
    # characters (which the model never has) only sends the bytes the slower way.
    writer = _named(key)
    assert writer.text(Inner(name)) == writer(Inner(name)).decode()


def test_a_writers_text_refuses_what_is_not_utf8_as_bytes_decode_does() -> None:
    writer = _named(b'"\xff":')
    with pytest.raises(UnicodeDecodeError, match="invalid start byte"):
        writer.text(Inner("x"))
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        writer.text(Inner("\ud800"))


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (ag.PartialDate(year=7), "0007"),
        (ag.PartialDate(year=2024, month=9), "2024-09"),
        (ag.PartialDate(year=2024, month=9, day=25), "2024-09-25"),
        (ag.PartialDate(year=9999, month=12, day=31), "9999-12-31"),
    ],
)
def test_dates_are_written_as_their_iso_text(date: ag.PartialDate, text: str) -> None:
    assert date.isoformat() == text
    assert (
        SAMPLE(Sample(text="t", date=date))
        == f'{{"type":"sample","text":"t","date":"{text}"}}'.encode()
    )


def test_a_writer_without_a_tag_writes_its_first_field_without_a_comma() -> None:
    assert INNER(Inner("a")) == b'{"name":"a"}'
    untagged = Writer(
        Sample, b"{", (_field("number", INT, nullable=True, omit=True), _field("text", TEXT))
    )
    assert untagged(Sample(text="t")) == b'{"text":"t"}'
    assert untagged(Sample(text="t", number=-1)) == b'{"number":-1,"text":"t"}'


def test_fields_left_out_only_when_they_hold_their_default() -> None:
    written = SAMPLE(Sample(text="t", number=0, flag=True, inners=(Inner("i"),), words=("w",)))
    assert json.loads(written) == {
        "type": "sample",
        "text": "t",
        "number": 0,
        "flag": True,
        "inners": [{"name": "i"}],
        "words": ["w"],
    }


def _altered(**values: Any) -> Sample:
    sample = Sample(text="t")
    for name, value in values.items():
        object.__setattr__(sample, name, value)
    return sample


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (Inner("not a Sample"), TypeError, "expected .*Sample, got .*Inner"),
        (_altered(text=1), TypeError, "wrong type: int"),
        (_altered(text=Colour.RED), TypeError, "wrong type: Colour"),
        (_altered(colour="red"), TypeError, "wrong type: str"),
        (_altered(text=None), TypeError, "None where a value belongs"),
        (_altered(number=True), TypeError, "wrong type: bool"),
        (_altered(number=1.0), TypeError, "wrong type: float"),
        (_altered(number=2**63), OverflowError, "beyond 64 bits"),
        (_altered(number=-(2**63) - 1), OverflowError, "beyond 64 bits"),
        (_altered(flag=1), TypeError, "wrong type: int"),
        (_altered(inner=Sample(text="t")), TypeError, "expected .*Inner, got .*Sample"),
        (_altered(inners=[Inner("i")]), TypeError, "expected a tuple, got list"),
        (_altered(words=("w", 1)), TypeError, "wrong type: int"),
        (_altered(date="2024"), TypeError, "expected .*PartialDate, got str"),
        (_altered(text="\ud800"), UnicodeEncodeError, "surrogate"),
    ],
)
def test_refuses_what_it_cannot_write_exactly(value: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        SAMPLE(value)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"year": 10_000}, "out of range"),
        ({"year": 0}, "out of range"),
        ({"month": 13}, "out of range"),
        ({"year": 2024.0}, "not an int"),
        ({"year": None}, "without its year"),
    ],
)
def test_refuses_dates_it_cannot_write(parts: dict[str, Any], message: str) -> None:
    date = ag.PartialDate(year=2024, month=1, day=1)
    for name, value in parts.items():
        object.__setattr__(date, name, value)
    with pytest.raises((TypeError, ValueError), match=message):
        SAMPLE(Sample(text="t", date=date))


def test_refuses_an_object_whose_field_was_never_set() -> None:
    with pytest.raises(AttributeError, match="never set"):
        INNER(object.__new__(Inner))
    with pytest.raises(AttributeError, match="never set"):
        SAMPLE(Sample(text="t", date=object.__new__(ag.PartialDate)))


@attrs.frozen
class Node:
    child: Node | None = None


def test_refuses_nesting_deeper_than_the_interpreter_allows() -> None:
    # A writer made before the writer it refers to is made can refer to itself.
    writer = Writer.__new__(Writer)
    child = (vars(Node)["child"], b'"child":', MODEL, False, True, True, None, writer)
    Writer.__init__(writer, Node, b"{", (child,))
    assert writer(Node(Node())) == b'{"child":{}}'
    deep = Node()
    for _ in range(100_000):
        deep = Node(deep)
    with pytest.raises(RecursionError):
        writer(deep)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((Sample, b"[", ()), ValueError, "must start an object"),
        ((Sample, b"", ()), ValueError, "must start an object"),
        (
            (Sample, b"{", (("not a slot", b"", 0, False, False, False, None, None),)),
            TypeError,
            "not an object slot",
        ),
        (
            (Sample, b"{", ((vars(Inner)["name"], b"", 0, False, False, False, None, None),)),
            TypeError,
            "not an object slot",
        ),
        (
            (Sample, b"{", ((vars(Sample)["text"], b"", 9, False, False, False, None, None),)),
            ValueError,
            "kind 9",
        ),
        (
            (Sample, b"{", ((vars(Sample)["inner"], b"", MODEL, False, False, False, None, None),)),
            ValueError,
            "kind 4",
        ),
        (
            (Sample, b"{", ((vars(Sample)["date"], b"", DATE, False, False, False, None, INNER),)),
            ValueError,
            "three slots",
        ),
        (
            (Sample, b"{", ((vars(Sample)["colour"], b"", TERM, False, False, False, None, None),)),
            ValueError,
            "kind 6 does not take a NoneType",
        ),
        (
            (Sample, b"{", ((vars(Sample)["colour"], b"", TERM, False, False, False, None, int),)),
            ValueError,
            "kind 6 does not take a type",
        ),
        (
            (Sample, b"{", ((vars(Sample)["text"], "key", 0, False, False, False, None, None),)),
            TypeError,
            "bytes",
        ),
        (
            (Sample, b"{", [(vars(Sample)["text"], b"", 0, False, False, False, None, None)]),
            TypeError,
            "tuple",
        ),
    ],
)
def test_a_writer_is_made_only_from_a_sound_plan(
    args: tuple[Any, ...], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        Writer(*args)


def test_a_writer_is_made_once_and_a_writer_not_made_writes_nothing() -> None:
    with pytest.raises(TypeError, match="made once"):
        Writer.__init__(INNER, Inner, b"{", ())
    with pytest.raises(TypeError, match="writes nothing"):
        Writer.__new__(Writer)(Inner("a"))
    with pytest.raises(TypeError, match="no keyword"):
        INNER(obj=Inner("a"))  # type: ignore[call-arg]


def test_the_package_writes_through_it() -> None:
    native = _json._native()
    assert native is not None
    assert ag.Event in native.classes
    assert ag.Dataset in native.classes
    seed = ag.datasets.load()
    assert native.write(seed) == ag.to_json_bytes(seed)


def test_the_environment_variable_turns_it_off() -> None:
    code = (
        "import aigovernance as ag\n"
        "from aigovernance.serialization import _json\n"
        "ag.to_json(ag.State(id='state:CHN', name='China', code='CHN'))\n"
        "print(_json._native())"
    )
    env = {**os.environ, _json.NO_EXTENSIONS: "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "None"


# ------------------------------------------------------------------------- text

text_of = _speedups.text
# Every character but the lone surrogates, which UTF-8 cannot carry.
characters = st.characters(exclude_categories=["Cs"])


def _outcome(decode: Any, raw: bytes) -> str | tuple[str, int, int, str]:
    """What ``decode(raw)`` gives: the text, or where and why it refuses the bytes."""
    try:
        text: str = decode(raw)
    except UnicodeDecodeError as error:
        return (error.encoding, error.start, error.end, error.reason)
    return text


@given(st.text(characters))
def test_text_is_the_text_the_bytes_encode(text: str) -> None:
    made = text_of(text.encode())
    assert made == text
    assert type(made) is str


@given(st.binary() | st.text(characters).map(str.encode).map(lambda raw: raw[:-1] + b"\x80"))
def test_text_refuses_what_is_not_utf8_as_bytes_decode_does(raw: bytes) -> None:
    assert _outcome(text_of, raw) == _outcome(bytes.decode, raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"\xc0\x80",  # an overlong form of NUL
        b"\xe0\x9f\xbf",  # an overlong form of U+07FF
        b"\xf0\x8f\xbf\xbf",  # an overlong form of U+FFFF
        b"\xed\xa0\x80",  # a surrogate
        b"\xf4\x90\x80\x80",  # beyond U+10FFFF
        b"\xf5\x80\x80\x80",
        b"abc\xe4\xb8",  # cut short
        b"\x80",
    ],
)
def test_text_refuses_each_form_utf8_forbids(raw: bytes) -> None:
    with pytest.raises(UnicodeDecodeError) as error:
        text_of(raw)
    expected = _outcome(bytes.decode, raw)
    assert isinstance(expected, tuple)
    assert (error.value.start, error.value.reason) == (expected[1], expected[3])


@pytest.mark.parametrize("wide", ["", "é", "王", "😀"])
def test_text_of_many_megabytes_of_each_width(wide: str) -> None:
    # Beyond the size at which the text's memory asks for huge pages.
    text = ("x" * 4093 + wide) * 2600
    assert text_of(text.encode()) == text


def test_text_takes_bytes_only() -> None:
    with pytest.raises(TypeError, match="takes bytes, not bytearray"):
        text_of(bytearray(b"{}"))  # type: ignore[arg-type]


def test_the_package_makes_text_through_it() -> None:
    seed = ag.datasets.load()
    assert _json._current().get_text() is text_of
    assert ag.to_json(seed) == text_of(ag.to_json_bytes(seed)) == ag.to_json_bytes(seed).decode()
    native = _json._current().get_native()
    assert native is not None
    assert ag.to_json(seed) == native.text(seed)


# ------------------------------------------------------------------------- distinct keys

distinct_keys = _speedups.distinct_keys


class Pairs(list[tuple[str, Any]]):
    """A JSON object as its key-value pairs, in order, a key perhaps more than once."""


def _dump(value: Any, indent: bool, ascii_only: bool) -> str:
    """JSON text of ``value``, with each object's pairs written as they come."""
    space = " " if indent else ""
    if isinstance(value, Pairs):
        items = (
            f"{json.dumps(k, ensure_ascii=ascii_only)}:{space}{_dump(v, indent, ascii_only)}"
            for k, v in value
        )
        return "{" + f",{space}".join(items) + "}"
    if isinstance(value, list):
        return "[" + f",{space}".join(_dump(v, indent, ascii_only) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


# Keys from a small alphabet, so that they often repeat; some need escapes.
keys = st.text(st.sampled_from('ab"\\\né'), max_size=3)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.sampled_from('ab"\\{}[],:é\x00')),
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(st.tuples(keys, inner), max_size=5).map(Pairs)
    ),
    max_leaves=20,
)


def _repeats_a_key(value: Any) -> bool:
    if isinstance(value, Pairs):
        names = [k for k, _ in value]
        return len(set(names)) != len(names) or any(_repeats_a_key(v) for _, v in value)
    return isinstance(value, list) and any(map(_repeats_a_key, value))


def _has_escaped_key(value: Any, ascii_only: bool) -> bool:
    if isinstance(value, Pairs):
        return any(
            "\\" in json.dumps(k, ensure_ascii=ascii_only) or _has_escaped_key(v, ascii_only)
            for k, v in value
        )
    return isinstance(value, list) and any(_has_escaped_key(v, ascii_only) for v in value)


@given(json_values, st.booleans(), st.booleans())
def test_distinct_keys_tells_a_repeated_key_and_cannot_tell_an_escaped_one(
    value: Any, indent: bool, ascii_only: bool
) -> None:
    raw = _dump(value, indent, ascii_only).encode()
    certain = not _repeats_a_key(value) and not _has_escaped_key(value, ascii_only)
    assert distinct_keys(raw) is certain


@given(st.binary())
def test_distinct_keys_answers_any_bytes(raw: bytes) -> None:
    # Under the sanitizers, that it reads nothing outside the bytes is checked too.
    assert distinct_keys(raw) in (True, False)
    assert distinct_keys(raw + b"{") is False  # left open


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[" * 64 + b"]" * 64, True),
        (b"[" * 65 + b"]" * 65, False),  # deeper than it holds
        (b"{" + b",".join(b'"k%d":0' % i for i in range(1024)) + b"}", True),
        (b"{" + b",".join(b'"k%d":0' % i for i in range(1025)) + b"}", False),
        (b'{"id":1}' + b"}", False),
        (b'{"id":"\\\\"}', True),  # the backslash is escaped: the quote closes the text
        (b'{"id":"\\\\\\"","id":1}', False),
        (b'{"id":"\\', False),  # a backslash at the end: never closed
    ],
)
def test_distinct_keys_at_its_limits(raw: bytes, expected: bool) -> None:
    assert distinct_keys(raw) is expected


def test_distinct_keys_takes_bytes_only() -> None:
    with pytest.raises(TypeError, match="takes bytes, not str"):
        distinct_keys("{}")  # type: ignore[arg-type]


def test_a_key_given_twice_is_refused_however_it_is_spelled() -> None:
    plain = b'{"type":"state","id":"state:FRA","name":"France","code":"FRA"}'
    escaped = plain.replace(b'"name"', b'"n\\u0061me"')
    assert ag.from_json(escaped, ag.State) == ag.from_json(plain, ag.State)
    twice = plain.replace(b'"code"', b'"n\\u0061me":"Fr","code"')
    with pytest.raises(ag.ValidationError, match="the key 'name' appears twice"):
        ag.from_json(twice, ag.State)
    with pytest.raises(ag.ValidationError, match="the key 'name' appears twice"):
        ag.from_json(plain.replace(b'"code"', b'"name":"Fr","code"'), ag.State)


# ------------------------------------------------------------------------- Builder

Builder = _speedups.Builder
SAME, CALL, MAKE_ONE, MAKE_EACH, MAKE_RECORDS = range(5)


class InnerMirror(msgspec.Struct):
    name: str


class SampleMirror(msgspec.Struct):
    text: str
    date: str | None = None
    inner: InnerMirror | None = None
    inners: tuple[InnerMirror, ...] = ()


@attrs.frozen
class Made:
    text: str
    date: ag.PartialDate | None = None
    inner: Inner | None = None
    inners: tuple[Inner, ...] = ()


def _move(
    name: str, kind: int, arg: Any = None, *, mirror: type = SampleMirror, cls: type = Made
) -> tuple[Any, ...]:
    return (vars(mirror)[name], vars(cls)[name], kind, arg)


checked: list[Any] = []
BUILD_INNER = Builder(
    InnerMirror, Inner, (_move("name", SAME, mirror=InnerMirror, cls=Inner),), checked.append
)
BUILD = Builder(
    SampleMirror,
    Made,
    (
        _move("text", SAME),
        _move("date", CALL, ag.PartialDate.parse),
        _move("inner", MAKE_ONE, BUILD_INNER),
        _move("inners", MAKE_EACH, BUILD_INNER),
    ),
    None,
)


def test_a_builder_makes_the_object_its_mirror_describes() -> None:
    checked.clear()
    mirror = SampleMirror("t", "2024-09", InnerMirror("a"), (InnerMirror("b"), InnerMirror("c")))
    made = BUILD(mirror)
    assert made == Made(
        "t", ag.PartialDate(year=2024, month=9), Inner("a"), (Inner("b"), Inner("c"))
    )
    assert type(made) is Made
    assert type(made.inners) is tuple
    # Each object made is given to its class's check, once.
    assert checked == [Inner("a"), Inner("b"), Inner("c")]
    assert BUILD(SampleMirror("t")) == Made("t")


def test_a_builder_gives_up_when_the_check_refuses() -> None:
    def refuse(obj: Any) -> None:
        raise ValueError(f"refused {obj!r}")

    strict = Builder(
        InnerMirror, Inner, (_move("name", SAME, mirror=InnerMirror, cls=Inner),), refuse
    )
    with pytest.raises(ValueError, match="refused Inner"):
        strict(InnerMirror("a"))


@pytest.mark.parametrize(
    ("mirror", "error", "message"),
    [
        (InnerMirror("a"), TypeError, "expected .*SampleMirror, got .*InnerMirror"),
        (
            SampleMirror("t", inner=SampleMirror("u")),  # type: ignore[arg-type]
            TypeError,
            "expected .*InnerMirror",
        ),
        (
            SampleMirror("t", inners={"a": InnerMirror("a")}),  # type: ignore[arg-type]
            TypeError,
            "expected a tuple or a list, got dict",
        ),
        (SampleMirror("t", date="2024-13"), ValueError, "must be from 1 to 12, not 13"),
    ],
)
def test_a_builder_refuses_a_mirror_it_was_not_made_for(
    mirror: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        BUILD(mirror)


class WeakMirror(msgspec.Struct, weakref=True):
    name: str


class ListMirror(msgspec.Struct):
    inners: Any = ()


@attrs.frozen
class Listed:
    inners: tuple[Any, ...] = ()


def _list_builder(check: Any = None, kind: int = MAKE_EACH) -> Any:
    inner = Builder(WeakMirror, Inner, (_move("name", SAME, mirror=WeakMirror, cls=Inner),), check)
    arg = {WeakMirror: inner} if kind == MAKE_RECORDS else inner
    move = _move("inners", kind, arg, mirror=ListMirror, cls=Listed)
    return Builder(ListMirror, Listed, (move,), None)


@pytest.mark.parametrize("kind", [MAKE_EACH, MAKE_RECORDS])
def test_a_builder_empties_a_list_as_it_makes_its_items(kind: int) -> None:
    # Each mirror is let go as soon as its object is made: the check of the second item
    # finds the first one already freed.
    alive: list[bool] = []

    def check(obj: Any) -> None:
        alive.append(first() is not None)

    names = ["a", "b", "c"]
    mirrors = [WeakMirror(name) for name in names]
    first = weakref.ref(mirrors[0])
    items = list(mirrors)
    del mirrors
    mirror = ListMirror(items)
    made = _list_builder(check, kind)(mirror)
    assert made.inners == tuple(Inner(name) for name in names)
    assert type(made.inners) is tuple
    assert mirror.inners == [None, None, None]
    assert alive == [True, False, False]
    empty = _list_builder(None, kind)(ListMirror([])).inners
    assert type(empty) is tuple
    assert not empty


def test_a_builder_refuses_a_list_changed_while_it_is_emptied() -> None:
    mirror = ListMirror([WeakMirror("a"), WeakMirror("b")])

    def check(obj: Any) -> None:
        mirror.inners.append(WeakMirror("c"))

    with pytest.raises(RuntimeError, match="changed size"):
        _list_builder(check)(mirror)

    def refuse(obj: Any) -> None:
        raise ValueError("refused")

    # A refused item leaves the list holding it and those after it.
    mirror = ListMirror([WeakMirror("a"), WeakMirror("b")])
    with pytest.raises(ValueError, match="refused"):
        _list_builder(refuse)(mirror)
    assert [m.name for m in mirror.inners] == ["a", "b"]


def test_a_builder_makes_records_by_the_type_of_their_mirror() -> None:
    class RecordsMirror(msgspec.Struct):
        inners: tuple[Any, ...] = ()

    @attrs.frozen
    class Records:
        inners: tuple[Any, ...] = ()

    by_type = {InnerMirror: BUILD_INNER}
    builder = Builder(
        RecordsMirror,
        Records,
        (_move("inners", MAKE_RECORDS, by_type, mirror=RecordsMirror, cls=Records),),
        None,
    )
    assert builder(RecordsMirror((InnerMirror("a"),))) == Records((Inner("a"),))
    with pytest.raises(TypeError, match="no Builder for a str"):
        builder(RecordsMirror(("a",)))
    # A dict holding something else than a Builder is refused, not trusted.
    odd = Builder(
        RecordsMirror,
        Records,
        (
            _move(
                "inners",
                MAKE_RECORDS,
                {InnerMirror: "not a Builder"},
                mirror=RecordsMirror,
                cls=Records,
            ),
        ),
        None,
    )
    with pytest.raises(TypeError, match="no Builder for a InnerMirror"):
        odd(RecordsMirror((InnerMirror("a"),)))


def test_a_builder_refuses_nesting_deeper_than_the_interpreter_allows() -> None:
    class NodeMirror(msgspec.Struct):
        child: Any = None

    builder = Builder.__new__(Builder)
    Builder.__init__(
        builder,
        NodeMirror,
        Node,
        ((vars(NodeMirror)["child"], vars(Node)["child"], MAKE_ONE, builder),),
        None,
    )
    assert builder(NodeMirror(NodeMirror())) == Node(Node())
    deep = NodeMirror()
    for _ in range(100_000):
        deep = NodeMirror(deep)
    with pytest.raises(RecursionError):
        builder(deep)


class _OwnNew:
    __slots__ = ("text",)

    def __new__(cls) -> _OwnNew:
        return super().__new__(cls)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((SampleMirror, _OwnNew, (), None), TypeError, "not made by object.__new__ alone"),
        ((SampleMirror, Made, (), "not callable"), TypeError, "check must be callable"),
        (
            (
                SampleMirror,
                Made,
                ((vars(InnerMirror)["name"], vars(Made)["text"], SAME, None),),
                None,
            ),
            TypeError,
            "not an object slot of .*SampleMirror",
        ),
        (
            (
                SampleMirror,
                Made,
                ((vars(SampleMirror)["text"], vars(Inner)["name"], SAME, None),),
                None,
            ),
            TypeError,
            "not an object slot of .*Made",
        ),
        ((SampleMirror, Made, (_move("text", 7),), None), ValueError, "kind 7"),
        ((SampleMirror, Made, (_move("inner", MAKE_ONE, None),), None), ValueError, "kind 2"),
        ((SampleMirror, Made, (_move("date", CALL, None),), None), ValueError, "kind 1"),
        (
            (SampleMirror, Made, (_move("inners", MAKE_RECORDS, BUILD_INNER),), None),
            ValueError,
            "kind 4",
        ),
    ],
)
def test_a_builder_is_made_only_from_a_sound_plan(
    args: tuple[Any, ...], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        Builder(*args)


def test_a_builder_is_made_once_and_a_builder_not_made_makes_nothing() -> None:
    with pytest.raises(TypeError, match="made once"):
        Builder.__init__(BUILD_INNER, InnerMirror, Inner, (), None)
    with pytest.raises(TypeError, match="makes nothing"):
        Builder.__new__(Builder)(InnerMirror("a"))
    with pytest.raises(TypeError, match="no keyword"):
        BUILD_INNER(mirror=InnerMirror("a"))  # type: ignore[call-arg]


# ------------------------------------------------------------ tests run in C
#
# A Builder runs the plainest of the model's checks itself (``Native`` in
# ``_checking.py``). Held here to the checks they stand for, on values of the types the
# model gives their fields.


class OneMirror(msgspec.Struct):
    value: Any = None


@attrs.frozen
class One:
    value: Any = None


class Refused(Exception):
    """What the Builders below raise when a value fails a test."""


def _tested_builder(value_steps: Any, item_steps: Any = ()) -> Any:
    move = (*_move("value", SAME, mirror=OneMirror, cls=One), value_steps, item_steps)
    return Builder(OneMirror, One, (move,), None, miss=Refused)


def _built(builder: Any, value: Any) -> bool:
    try:
        made = builder(OneMirror(value))
    except Refused:
        return False
    assert made.value is value
    return True


def _model_classes() -> list[type]:
    return sorted(
        (c for c in vars(ag).values() if isinstance(c, type) and attrs.has(c)),
        key=lambda c: c.__name__,
    )


NATIVE_FIELDS = [
    (cls, name, steps, items)
    for cls in _model_classes()
    for plan in [_checking.native_plan(cls)]
    if plan is not None
    for name, steps, items in plan.fields
]

# Text of the kinds the checks tell apart: blank in every way str.isspace() knows,
# ids well and badly formed, language tags, codes, and anything else.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000"
_TEXTS = st.one_of(
    st.text(st.sampled_from(_SPACES + "aZ9:._-é中\ufeff"), max_size=8),
    st.sampled_from(
        [
            "",
            "event:e1",
            "state:CHN",
            "source:s",
            "event:",
            "Event:e1",
            "nope:x",
            "en",
            "zh-Hans",
            "CHN",
            "chn",
            "America/New_York",
            "1.0",
            "x" * 300,
            "event:" + "e" * 300,
        ]
    ),
    st.text(max_size=6),
)


_DATES = [ag.PartialDate(year=2024), ag.PartialDate(year=2024, month=9), ag.PartialDate(year=1)]


def _values_of(field: Any) -> st.SearchStrategy[Any]:
    """Values of the model's exact types for ``field``, repeats likely in tuples."""
    items = st.one_of(
        *(
            st.sampled_from(list(tp))
            if issubclass(tp, enum.Enum)
            else st.integers(-3, 3) | st.just(2**70)
            if tp is int
            else _TEXTS
            if tp is str
            else st.sampled_from(_DATES)
            if tp is ag.PartialDate
            else st.nothing()
            for tp in field.allowed
        )
    )
    if field.many:
        pool = st.lists(items, min_size=1, max_size=4)
        value = pool.flatmap(lambda pool: st.lists(st.sampled_from(pool), max_size=20)).map(tuple)
    else:
        value = items
    return st.none() | value if field.optional else value


@pytest.mark.parametrize(
    ("cls", "name", "steps", "items"),
    NATIVE_FIELDS,
    ids=[f"{cls.__name__}.{name}" for cls, name, _, _ in NATIVE_FIELDS],
)
@given(data=st.data())
def test_a_builders_tests_pass_exactly_what_the_models_checks_pass(
    cls: type, name: str, steps: Any, items: Any, data: st.DataObject
) -> None:
    field = next(f for f in _checking._type_plan(cls) if f.name == name)
    check, each = next((c, e) for n, c, e in _checking._plan(cls) if n == name)
    value = data.draw(_values_of(field))
    expected = value is None or (
        (check is None or check(value) is None)
        and (each is None or all(each(item) is None for item in value))
    )
    assert _built(_tested_builder(steps, items), value) == expected


def test_the_models_plainest_checks_all_run_in_c() -> None:
    # Every field check of these classes, and the span of a piece of evidence, is tested
    # by the Builder: no Python is called for their objects.
    typed = _json._typed()
    assert typed is not None
    assert len(NATIVE_FIELDS) > 40
    for cls in (ag.Evidence, ag.Participation, ag.Purpose, ag.Statement, ag.Translation):
        assert f"_check_{cls.__name__}" not in typed._globals, cls


@pytest.mark.parametrize(
    ("steps", "items", "passing", "failing"),
    [
        (
            ((_checking.NONBLANK, None, None),),
            (),
            ["a", " a", "\u3000x"],
            ["", " ", "\x1c\u2028", 1],
        ),
        (((_checking.NONEMPTY, None, None),), (), [("a",)], [(), ["a"], "a"]),
        (
            ((_checking.UNIQUE, None, None),),
            (),
            [(), ("a",), ("a", "b"), tuple(map(str, range(40))), (1, 2)],
            [("a", "a"), ("b", "a", "b"), (*map(str, range(40)), "7"), (1, 1), ["a"]],
        ),
        (((_checking.MINIMUM, 1, None),), (), [1, 2**70], [0, -(2**70), 1.5, "1"]),
        (
            ((_checking.NONE_PASSES, None, None), (_checking.NONBLANK, None, None)),
            (),
            [None, "a"],
            [""],
        ),
        ((), ((_checking.NONBLANK, None, None),), [(), ("a", "b")], [("a", ""), None, "a"]),
    ],
)
def test_a_builders_tests_tell_values_apart(
    steps: Any, items: Any, passing: list[Any], failing: list[Any]
) -> None:
    builder = _tested_builder(steps, items)
    assert [_built(builder, value) for value in passing] == [True] * len(passing)
    assert [_built(builder, value) for value in failing] == [False] * len(failing)


def test_a_builder_asks_a_function_only_of_text_its_set_lacks() -> None:
    known, asked = {"a"}, []

    def learn(value: str) -> bool:
        asked.append(value)
        return value.startswith("b")

    builder = _tested_builder(((_checking.MEMBER, known, learn),))
    assert [_built(builder, v) for v in ["a", "b1", "c", 7]] == [True, True, False, False]
    assert asked == ["b1", "c"]
    matching = _tested_builder(((_checking.MATCH, re.compile("[a-z]+").fullmatch, None),))
    assert [_built(matching, v) for v in ["abc", "ab1", b"abc"]] == [True, False, False]


def test_an_error_in_a_test_is_raised_as_it_is() -> None:
    def learn(value: str) -> bool:
        raise KeyError(value)

    with pytest.raises(KeyError, match="x"):
        _tested_builder(((_checking.MEMBER, set(), learn),))(OneMirror("x"))
    with pytest.raises(TypeError, match="unhashable"):
        _tested_builder(((_checking.UNIQUE, None, None),))(OneMirror(([1], [2])))


class SpanMirror(msgspec.Struct):
    start: Any = None
    end: Any = None
    quote: Any = None
    prefix: Any = None
    suffix: Any = None


@attrs.frozen
class Spanned:
    start: Any = None
    end: Any = None
    quote: Any = None
    prefix: Any = None
    suffix: Any = None


SPAN_FIELDS = ("start", "end", "quote", "prefix", "suffix")
asked_about: list[Any] = []
SPAN_BUILDER = Builder(
    SpanMirror,
    Spanned,
    tuple(_move(f, SAME, mirror=SpanMirror, cls=Spanned) for f in SPAN_FIELDS),
    None,
    miss=Refused,
    span=tuple(vars(Spanned)[f] for f in SPAN_FIELDS),
    unsound=asked_about.append,
)
_BOUNDS = st.none() | st.integers(-3, 12) | st.sampled_from([2**63, -(2**63) - 1, 2**70])


@st.composite
def _spans(draw: st.DrawFn) -> tuple[Any, ...]:
    start = draw(_BOUNDS)
    near = st.integers(-2, 12).map(lambda d: start + d) if type(start) is int else st.nothing()
    end = draw(_BOUNDS | near)
    quote = draw(st.none() | st.text(max_size=10))
    if draw(st.booleans()) and type(start) is type(end) is int and 0 <= end - start <= 20:
        quote = "q" * (end - start)  # the length that the bounds call for
    prefix = draw(st.none() | st.sampled_from(["", "a", "中"]))
    suffix = draw(st.none() | st.sampled_from(["", "b"]))
    return start, end, quote, prefix, suffix


@given(_spans())
@example((-1, 2, "qqq", None, None))
@example((2, 1, "", None, None))
@example((1, 3, "qq", "", "b"))
@example((None, None, None, None, "b"))
def test_a_builder_tests_a_span_as_evidence_says_it_is_sound(span: tuple[Any, ...]) -> None:
    start, end, quote, prefix, suffix = span
    # Evidence's inline form, which its relations are asked to confirm when it is false.
    expression, names = ag.Evidence._relations.inline  # type: ignore[attr-defined]
    values = dict(zip((f"v_{f}" for f in SPAN_FIELDS), span, strict=True))
    sound = bool(eval(expression, dict(names), values))  # the library's own form
    asked_about.clear()
    made = SPAN_BUILDER(SpanMirror(start, end, quote, prefix, suffix))
    if all(bound is None or -(2**63) <= bound < 2**63 for bound in (start, end)):
        assert asked_about == ([] if sound else [made])
    else:  # bounds beyond 64 bits: the relations are asked, and decide
        assert asked_about == [made]


@pytest.mark.parametrize(
    ("fields", "options", "error", "message"),
    [
        (((9, None, None),), {"miss": Refused}, ValueError, r"test 0 \(9\)"),
        (((-1, None, None),), {"miss": Refused}, ValueError, r"test 0 \(-1\)"),
        (((_checking.MEMBER, [], len),), {"miss": Refused}, ValueError, r"test 0 \(4\)"),
        (((_checking.MINIMUM, 1.0, None),), {"miss": Refused}, ValueError, r"test 0 \(6\)"),
        (((_checking.NONBLANK, None, None),), {}, TypeError, "need miss"),
        (((_checking.NONBLANK, None, None),), {"miss": len}, TypeError, "need miss"),
        ((_checking.NONBLANK,), {"miss": Refused}, TypeError, "test 0 is not a tuple"),
        ((), {"span": (1, 2)}, TypeError, "tuple of 5 slots"),
        ((), {"span": (vars(One)["value"],) * 5}, TypeError, "unsound, a callable"),
        ((), {"span": (vars(Inner)["name"],) * 5, "unsound": len}, TypeError, "span 0"),
    ],
)
def test_a_builders_tests_are_made_only_from_a_sound_plan(
    fields: Any, options: dict[str, Any], error: type, message: str
) -> None:
    move = (*_move("value", SAME, mirror=OneMirror, cls=One), fields, ())
    with pytest.raises(error, match=message):
        Builder(OneMirror, One, (move,), None, **options)


def test_the_package_reads_through_it() -> None:
    typed = _json._typed()
    assert typed is not None
    assert type(typed._builders[ag.Event]) is Builder
    seed = ag.datasets.load()
    assert typed.read(ag.to_json_bytes(seed), ag.Dataset) == seed


def test_a_version_with_a_migration_of_its_own_is_read_the_general_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aigovernance.model import SCHEMA_VERSION
    from aigovernance.serialization import MIGRATIONS
    from aigovernance.serialization._typed import TypedJSON

    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION, ("9.9", lambda data: data))
    for speedups in (_speedups, None):
        typed = TypedJSON(msgspec, _json._codec(), speedups)
        assert ag.Dataset not in typed.classes
        assert ag.Event in typed.classes


def test_a_writer_writes_records_by_their_class() -> None:
    records = Writer(
        Sample,
        b"{",
        (_field("inners", RECORD, many=True, omit=True, default=(), arg={Inner: INNER}),),
    )
    assert records(Sample(text="t", inners=(Inner("a"),))) == b'{"inners":[{"name":"a"}]}'
    with pytest.raises(TypeError, match="no Writer for a Sample"):
        records(_altered(inners=(Sample(text="u"),)))
    # A dict holding something else than a Writer is refused, not trusted.
    odd = Writer(Sample, b"{", (_field("inners", RECORD, many=True, arg={Inner: "not a Writer"}),))
    with pytest.raises(TypeError, match="no Writer for a Inner"):
        odd(Sample(text="t", inners=(Inner("a"),)))


# ------------------------------------------------------- Python code run mid-write

# Each script makes Python code run while the extension is inside a tuple (a metaclass
# ``__hash__`` during the Writer's lookup of a record's class; a Builder's check), and
# that code replaces the tuple, freeing it unless the extension holds it, then allocates
# enough for the freed memory to be reused. Each runs in a child process, so that a crash
# fails the test rather than the test run.
_WRITER_REPLACED_MID_WRITE = """
import json
import attrs
from aigovernance.serialization._speedups import Writer

holder = None

class Meta(type):
    def __hash__(cls):
        if holder is not None and holder.items:
            object.__setattr__(holder, "items", ())
            junk = [(i, str(i) * 3) for i in range(20000)]
        return id(cls) >> 4

    def __eq__(cls, other):
        return cls is other

@attrs.frozen
class Rec(metaclass=Meta):
    name: str

@attrs.frozen
class Holder:
    items: tuple

name = (vars(Rec)["name"], b'"name":', 0, False, False, False, None, None)
REC = Writer(Rec, b'{"type":"rec"', (name,))
items = (vars(Holder)["items"], b'"items":', 5, True, False, False, None, {Rec: REC})
HOLD = Writer(Holder, b"{", (items,))
for _ in range(50):
    holder = Holder(tuple(Rec("r" + str(i) * 10) for i in range(50)))
    written = json.loads(HOLD(holder))
    assert len(written["items"]) == 50, written
    assert holder.items == ()
print("ok")
"""

_BUILDER_REPLACED_MID_BUILD = """
import attrs
import msgspec
from aigovernance.serialization._speedups import Builder

class InnerMirror(msgspec.Struct):
    name: str

class OuterMirror(msgspec.Struct):
    inners: tuple = ()

@attrs.frozen
class Inner:
    name: str

@attrs.frozen
class Outer:
    inners: tuple = ()

outer = None

def check(obj):
    if outer is not None and outer.inners:
        outer.inners = ()
        junk = [(i, str(i) * 3) for i in range(20000)]

name = (vars(InnerMirror)["name"], vars(Inner)["name"], 0, None)
INNER = Builder(InnerMirror, Inner, (name,), check)
inners = (vars(OuterMirror)["inners"], vars(Outer)["inners"], 3, INNER)
OUTER = Builder(OuterMirror, Outer, (inners,), None)
for _ in range(50):
    outer = OuterMirror(tuple(InnerMirror("n" + str(i) * 10) for i in range(50)))
    made = OUTER(outer)
    assert [i.name for i in made.inners] == ["n" + str(i) * 10 for i in range(50)]
print("ok")
"""


# The same with a list the Builder empties as it goes: the check replaces the items not
# made yet (the one being made is freed unless the Builder holds it), then the list.
_BUILDER_LIST_CHANGED_MID_BUILD = """
import attrs
import msgspec
from aigovernance.serialization._speedups import Builder

class InnerMirror(msgspec.Struct):
    name: str

class OuterMirror(msgspec.Struct):
    inners: object = ()

@attrs.frozen
class Inner:
    name: str

@attrs.frozen
class Outer:
    inners: tuple = ()

outer = None

def check(obj):
    if outer is not None and type(outer.inners) is list:
        items = outer.inners
        items[:] = [InnerMirror("x" + str(i)) for i in range(len(items))]
        outer.inners = ()
        junk = [(i, str(i) * 3) for i in range(20000)]

name = (vars(InnerMirror)["name"], vars(Inner)["name"], 0, None)
INNER = Builder(InnerMirror, Inner, (name,), check)
inners = (vars(OuterMirror)["inners"], vars(Outer)["inners"], 4, {InnerMirror: INNER})
OUTER = Builder(OuterMirror, Outer, (inners,), None)
for _ in range(50):
    outer = OuterMirror([InnerMirror("n" + str(i) * 10) for i in range(50)])
    made = OUTER(outer)
    assert [i.name for i in made.inners] == ["n" + "0" * 10] + ["x" + str(i) for i in range(1, 50)]
print("ok")
"""


@pytest.mark.parametrize(
    "script",
    [_WRITER_REPLACED_MID_WRITE, _BUILDER_REPLACED_MID_BUILD, _BUILDER_LIST_CHANGED_MID_BUILD],
    ids=["writer", "builder", "builder-list"],
)
def test_python_code_run_mid_way_frees_nothing_in_use(script: str) -> None:
    # What the extension reads stays alive while Python code runs: it holds its own
    # reference to every value it is inside of, so the values it started with are used.
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert (out.returncode, out.stdout.strip()) == (0, "ok"), out.stderr[-2000:]
