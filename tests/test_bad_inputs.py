"""Bad input gets a located ValidationError; a flawed dataset gets located problems."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance import strategies as ags

Path = tuple[str | int, ...]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def json_path(parts: Path) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            assert _NAME.fullmatch(part), part
            out += f".{part}"
    return out


def problems_of(document: Any, cls: type = ag.Dataset) -> list[tuple[str, str]]:
    """The (path, message) pairs of the ValidationError reading ``document`` raises."""

    def read() -> object:
        if isinstance(document, (str, bytes)):
            return ag.from_json(document, cls)
        return ag.from_dict(document, cls)

    with pytest.raises(ag.ValidationError) as caught:
        read()
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert problems, "a ValidationError names at least one problem"
    return problems


def dataset_document(**fields: Any) -> dict[str, Any]:
    return {"schema_version": ag.SCHEMA_VERSION, "id": "d", "title": "D", "version": "1", **fields}


CHINA_DOC = {"type": "state", "id": "state:CHN", "name": "China", "code": "CHN"}
SUMMIT_DOC = {"type": "event", "id": "event:e", "kind": "summit", "title": "Summit"}


def with_record(**fields: Any) -> dict[str, Any]:
    """A dataset document whose one record is the summit with ``fields`` changed."""
    return dataset_document(records=[{**SUMMIT_DOC, **fields}])


# (case, document, class read as, expected path, message substring)
BAD_DOCUMENTS: list[tuple[str, Any, type, str, str]] = [
    (
        "number for a string",
        dataset_document(records=[{**CHINA_DOC, "name": 5}]),
        ag.Dataset,
        "$.records[0].name",
        "expected a string, got an integer",
    ),
    (
        "number for an id",
        with_record(parent=12),
        ag.Dataset,
        "$.records[0].parent",
        "expected a string",
    ),
    (
        "string for an int",
        {"value": "80"},
        ag.Quantity,
        "$.value",
        "expected an integer, got a string",
    ),
    (
        "bool for an int",
        {"value": True},
        ag.Quantity,
        "$.value",
        "expected an integer, got a boolean",
    ),
    (
        "float for an int",
        {"value": 80.0},
        ag.Quantity,
        "$.value",
        "expected an integer, got a number",
    ),
    (
        "float for an int, deep",
        with_record(
            evidence=[{"source": "source:s", "start": 0.5, "end": 1, "quote": "x"}],
        ),
        ag.Dataset,
        "$.records[0].evidence[0].start",
        "expected an integer",
    ),
    (
        "unknown key in a record",
        dataset_document(records=[{**CHINA_DOC, "capital": "Beijing"}]),
        ag.Dataset,
        "$.records[0].capital",
        "unknown field",
    ),
    (
        "unknown key at the top",
        dataset_document(author="someone"),
        ag.Dataset,
        "$.author",
        "unknown field",
    ),
    (
        "unknown key in a nested value",
        with_record(place={"name": "UN Headquarters", "city": "New York"}),
        ag.Dataset,
        "$.records[0].place.city",
        "unknown field",
    ),
    (
        "bad enum value",
        with_record(kind="party"),
        ag.Dataset,
        "$.records[0].kind",
        "'party' is not one of",
    ),
    (
        "bad enum value in an array",
        with_record(themes=["safety", "cheese"]),
        ag.Dataset,
        "$.records[0].themes[1]",
        "'cheese' is not one of",
    ),
    (
        "number for an enum",
        {"value": 1, "qualifier": 1},
        ag.Quantity,
        "$.qualifier",
        "expected a string",
    ),
    (
        "impossible date",
        with_record(date="2024-02-30"),
        ag.Dataset,
        "$.records[0].date",
        "2024-02 has no day 30",
    ),
    (
        "not a date",
        with_record(date="25 September 2024"),
        ag.Dataset,
        "$.records[0].date",
        "YYYY-MM-DD",
    ),
    (
        "month 13",
        with_record(date="2024-13"),
        ag.Dataset,
        "$.records[0].date",
        "not a real date",
    ),
    (
        "missing required field",
        dataset_document(records=[{"type": "state", "id": "state:CHN", "code": "CHN"}]),
        ag.Dataset,
        "$.records[0].name",
        "required field is missing",
    ),
    (
        "missing dataset id",
        {"schema_version": ag.SCHEMA_VERSION, "title": "D", "version": "1"},
        ag.Dataset,
        "$.id",
        "required field is missing",
    ),
    (
        "object for an array",
        dataset_document(records={"0": CHINA_DOC}),
        ag.Dataset,
        "$.records",
        "expected an array, got an object",
    ),
    (
        "string for an array",
        with_record(themes="safety"),
        ag.Dataset,
        "$.records[0].themes",
        "expected an array, got a string",
    ),
    (
        "array for an object",
        with_record(place=["UN Headquarters"]),
        ag.Dataset,
        "$.records[0].place",
        "expected an object, got an array",
    ),
    (
        "string for a record",
        dataset_document(records=["state:CHN"]),
        ag.Dataset,
        "$.records[0]",
        "expected an object, got a string",
    ),
    (
        "array for the document",
        [],
        ag.Dataset,
        "$",
        "expected an object, got an array",
    ),
    (
        "unknown record type",
        dataset_document(records=[{**CHINA_DOC, "type": "planet"}]),
        ag.Dataset,
        "$.records[0].type",
        "'planet' is not a record type",
    ),
    (
        "record without a type",
        dataset_document(records=[{k: v for k, v in CHINA_DOC.items() if k != "type"}]),
        ag.Dataset,
        "$.records[0].type",
        "required field is missing",
    ),
    (
        "number for a record type",
        dataset_document(records=[{**CHINA_DOC, "type": 3}]),
        ag.Dataset,
        "$.records[0].type",
        "is not a record type",
    ),
    (
        "source tag among records",
        dataset_document(records=[{"type": "source", "id": "source:s", "title": "S"}]),
        ag.Dataset,
        "$.records[0].type",
        "'source' is not a record type",
    ),
    (
        "wrong tag for the class read",
        {**CHINA_DOC, "type": "person"},
        ag.State,
        "$.type",
        "expected 'state'",
    ),
    (
        "id of another type",
        dataset_document(records=[{**CHINA_DOC, "id": "person:CHN"}]),
        ag.Dataset,
        "$.records[0].id",
        "must start with 'state:'",
    ),
    (
        "malformed id",
        with_record(parent="event"),
        ag.Dataset,
        "$.records[0].parent",
        "is not a record id",
    ),
    (
        "blank name",
        dataset_document(records=[{**CHINA_DOC, "name": "  "}]),
        ag.Dataset,
        "$.records[0].name",
        "must not be empty",
    ),
    (
        "bad country code",
        dataset_document(records=[{**CHINA_DOC, "code": "chn"}]),
        ag.Dataset,
        "$.records[0].code",
        "alpha-3",
    ),
    (
        "schema version too new",
        dataset_document(schema_version="2.0"),
        ag.Dataset,
        "$.schema_version",
        "newer than this library reads",
    ),
    (
        "schema version of the wrong type",
        dataset_document(schema_version=1.0),
        ag.Dataset,
        "$.schema_version",
        "is not a MAJOR.MINOR version",
    ),
    (
        "null for a required string",
        dataset_document(title=None),
        ag.Dataset,
        "$.title",
        "expected a string, got null",
    ),
    (
        "half a span",
        with_record(evidence=[{"source": "source:s", "start": 0}]),
        ag.Dataset,
        "$.records[0].evidence[0].quote",
        "go together",
    ),
]


@pytest.mark.parametrize(
    ("document", "cls", "path", "message"),
    [case[1:] for case in BAD_DOCUMENTS],
    ids=[case[0] for case in BAD_DOCUMENTS],
)
def test_bad_document_gets_a_located_error(
    document: Any, cls: type, path: str, message: str
) -> None:
    problems = problems_of(document, cls)
    assert [p for p, _ in problems] == [path]
    assert message in problems[0][1]
    # The same document as JSON text is reported at the same place.
    assert problems_of(json.dumps(document), cls) == problems


# (case, JSON text or bytes, message substring); all reported at "$".
BAD_TEXTS: list[tuple[str, str | bytes, str]] = [
    ("malformed JSON", '{"id": "d", ', "not JSON"),
    ("trailing garbage", '{"id": "d"} x', "not JSON"),
    ("empty text", "", "not JSON"),
    ("bad UTF-8", b'{"id": "\xff"}', "not UTF-8"),
    ("truncated UTF-8", '{"title": "王毅"}'.encode()[:-3], "not UTF-8"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deep nesting of objects", '{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
    ("duplicate keys", '{"id": "a", "id": "b"}', "appears twice"),
    ("duplicate keys, deep", '{"records": [{"type": "state", "type": "state"}]}', "twice"),
    ("NaN", '{"value": NaN}', "not a JSON number"),
    ("Infinity", '{"value": Infinity}', "not a JSON number"),
]


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in BAD_TEXTS], ids=[case[0] for case in BAD_TEXTS]
)
def test_unreadable_text_is_a_validation_error_at_the_root(text: str | bytes, message: str) -> None:
    # pytest.raises(ValidationError) lets a raw JSONDecodeError, UnicodeDecodeError or
    # RecursionError through, failing the test.
    problems = problems_of(text, ag.Quantity)
    assert [p for p, _ in problems] == ["$"]
    assert message in problems[0][1]


def test_deep_nesting_that_parses_is_reported_where_it_stands() -> None:
    text = json.dumps(dataset_document(title=[]))[:-1].replace("[]", "[" * 500 + "]" * 500)
    assert problems_of(text + "}") == [("$.title", "expected a string, got an array")]


def test_two_wrong_fields_in_different_places_give_one_error_naming_both() -> None:
    document = dataset_document(
        sources=[{"type": "source", "id": "source:s", "title": 7}],
        records=[CHINA_DOC, {**SUMMIT_DOC, "date": 2024}],
    )
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_json(json.dumps(document), ag.Dataset)
    paths = [p.path for p in caught.value.problems]
    assert sorted(paths) == ["$.records[1].date", "$.sources[0].title"]
    assert "$.records[1].date" in str(caught.value)
    assert "$.sources[0].title" in str(caught.value)


def test_every_problem_in_one_record_is_reported() -> None:
    document = dataset_document(
        records=[{**SUMMIT_DOC, "kind": "party", "title": 1, "date": "2023-02-29", "x": 0}]
    )
    paths = {p for p, _ in problems_of(document)}
    assert paths == {
        "$.records[0].kind",
        "$.records[0].title",
        "$.records[0].date",
        "$.records[0].x",
    }


def test_validation_error_is_a_value_error_with_problems() -> None:
    with pytest.raises(ValueError, match=r"\$\.value") as caught:
        ag.from_json('{"value": "x"}', ag.Quantity)
    assert isinstance(caught.value, ag.ValidationError)
    problem = caught.value.problems[0]
    assert isinstance(problem, ag.Problem)
    assert str(problem) == "$.value: expected an integer, got a string"


# Unicode digits other than ASCII ones are digits to Python's int() and to \d in regular
# expressions; they must not slip into a date.
@pytest.mark.parametrize(
    "text",
    ["\uff12\uff10\uff12\uff14", "2024-0\u0669", "\u0662\u0660\u0662\u0664-09-25"],
    ids=["fullwidth", "arabic-indic month", "arabic-indic year"],
)
def test_dates_in_non_ascii_digits_are_refused(text: str) -> None:
    assert [p for p, _ in problems_of(with_record(date=text))] == ["$.records[0].date"]


@pytest.mark.parametrize(
    ("document", "path"),
    [
        (dataset_document(records=[{**CHINA_DOC, "name": "\ud800"}]), "$.records[0].name"),
        (
            dataset_document(
                sources=[{"type": "source", "id": "source:s", "title": "S", "text": "\udfff"}]
            ),
            "$.sources[0].text",
        ),
    ],
    ids=["name", "source text"],
)
def test_lone_surrogates_are_refused(document: dict[str, Any], path: str) -> None:
    # No UTF-8 text can carry a lone surrogate, so the text is refused as a whole, with
    # the place of the escape in it.
    problems = problems_of(json.dumps(document))
    assert [p for p, _ in problems] == ["$"]
    assert "lone surrogate escape near line 1" in problems[0][1]


# --- one wrong-typed value anywhere in a generated dataset -------------------------


def _values(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value within a JSON document, with its path (the root excluded)."""
    if path:
        yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, (*path, index))


def _wrong_for(value: Any) -> Any:
    """A JSON value of another kind than ``value``."""
    if isinstance(value, bool):
        return "true"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return 7
    if isinstance(value, list):
        return {"0": value}
    if isinstance(value, dict):
        return [value]
    raise AssertionError(f"unexpected JSON value {value!r}")


def _replace(document: Any, path: Path, new: Any) -> Any:
    result = copy.deepcopy(document)
    holder = result
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = new
    return result


@given(st.data())
def test_a_wrong_typed_value_anywhere_is_reported_at_its_path(data: st.DataObject) -> None:
    dataset = data.draw(ags.datasets(max_records=6), label="dataset")
    document = ag.to_dict(dataset)
    path, value = data.draw(st.sampled_from(list(_values(document))), label="target")
    mutated = _replace(document, path, _wrong_for(value))
    problems = problems_of(json.dumps(mutated, ensure_ascii=False).encode())
    assert [p for p, _ in problems] == [json_path(path)]


# --- semantic checks: one flaw each -------------------------------------------------

TEXT = "Wang Yi met Aleksandar Vučić in New York on 25 September."
READOUT = ag.Source(id="source:readout", title="Readout", text=TEXT)
WEB_PAGE = ag.Source(id="source:web", title="A web page", url="https://example.org/")
CHINA = ag.State(id="state:CHN", name="China", code="CHN")
SERBIA = ag.State(id="state:SRB", name="Serbia", code="SRB")
WANG_YI = ag.Person(
    id="person:wang-yi", name="Wang Yi", translations=(ag.Translation(lang="zh", text="王毅"),)
)
MINISTER = ag.Post(
    id="post:fm-chn", title="Foreign Minister", organization="state:CHN", holder="person:wang-yi"
)


def quoting(start: int, end: int, **fields: Any) -> ag.Evidence:
    return ag.Evidence(source=READOUT.id, start=start, end=end, quote=TEXT[start:end], **fields)


def summit(**fields: Any) -> ag.Event:
    return ag.Event(
        **{
            "id": "event:summit",
            "kind": ag.EventKind.SUMMIT,
            "title": "Summit",
            "date": ag.PartialDate(year=2024, month=9),
            **fields,
        }
    )


def bilateral(*participations: ag.Participation) -> ag.Event:
    return ag.Event(
        id="event:talks",
        kind=ag.EventKind.BILATERAL_MEETING,
        title="Talks",
        date=ag.PartialDate(year=2024, month=9, day=25),
        parent="event:summit",
        participations=participations,
    )


def meet(actor: str, on_behalf_of: str | None = None) -> ag.Participation:
    return ag.Participation(actor=actor, role=ag.Role.COUNTERPART, on_behalf_of=on_behalf_of)


def sound(**changes: Any) -> ag.Dataset:
    """A small dataset using every checked feature soundly; ``changes`` add a flaw."""
    fields: dict[str, Any] = {
        "id": "flaws",
        "title": "Flaws",
        "version": "1",
        "sources": (READOUT, WEB_PAGE),
        "records": (
            CHINA,
            SERBIA,
            attrs.evolve(WANG_YI, evidence=(quoting(0, 7, fields=("name",)),)),
            MINISTER,
            summit(evidence=(ag.Evidence(source=WEB_PAGE.id),)),
            bilateral(meet("person:wang-yi", "state:CHN"), meet("state:SRB")),
            ag.PrincipleSet(
                id="principle-set:p",
                title="Principles",
                principles=(
                    ag.Principle(ordinal=1, title="One"),
                    ag.Principle(ordinal=2, title="Two"),
                ),
            ),
            ag.Instrument(
                id="instrument:plan",
                kind=ag.InstrumentKind.ACTION_PLAN,
                title="Plan",
                sections=(
                    ag.Section(
                        name="actions",
                        declared_size=10,
                        items=(
                            ag.SectionItem(ordinal=1, title="First"),
                            ag.SectionItem(ordinal=10, title="Tenth"),
                            ag.SectionItem(title="Unnumbered"),
                        ),
                    ),
                ),
            ),
        ),
    }
    fields.update(changes)
    return ag.Dataset(**fields)


def replacing(index: int, record: ag.Record) -> tuple[ag.Record, ...]:
    records = list(sound().records)
    records[index] = record
    return tuple(records)


def test_the_sound_dataset_is_sound() -> None:
    assert ag.validate(sound()) == ()
    assert ag.from_json(ag.to_json(sound()), ag.Dataset) == sound()


def only_problem(dataset: ag.Dataset) -> ag.Problem:
    problems = ag.validate(dataset)
    assert len(problems) == 1, problems
    return problems[0]


SEMANTIC_FLAWS: list[tuple[str, ag.Dataset, str, str]] = [
    (
        "duplicate record id",
        sound(records=(*sound().records, SERBIA)),
        "$.records[8].id",
        "duplicate id 'state:SRB', first at $.records[1]",
    ),
    (
        "duplicate source id",
        sound(sources=(READOUT, WEB_PAGE, ag.Source(id=WEB_PAGE.id, title="Again"))),
        "$.sources[2].id",
        "duplicate id 'source:web', first at $.sources[1]",
    ),
    (
        "reference to a missing record",
        sound(records=replacing(3, attrs.evolve(MINISTER, holder="person:nobody"))),
        "$.records[3].holder",
        "refers to 'person:nobody', which is not in the dataset",
    ),
    (
        "reference to a record of the wrong type",
        sound(records=replacing(3, attrs.evolve(MINISTER, organization="person:wang-yi"))),
        "$.records[3].organization",
        "a person; expected a state or organization",
    ),
    (
        "nested reference to a missing record",
        sound(records=replacing(5, bilateral(meet("person:wang-yi"), meet("state:XXX")))),
        "$.records[5].participations[1].actor",
        "refers to 'state:XXX', which is not in the dataset",
    ),
    (
        "evidence citing a missing source",
        sound(
            records=replacing(0, attrs.evolve(CHINA, evidence=(ag.Evidence(source="source:x"),)))
        ),
        "$.records[0].evidence[0].source",
        "cites 'source:x', which is not in the dataset",
    ),
    (
        "evidence citing a record that is not a source",
        sound(
            records=replacing(0, attrs.evolve(CHINA, evidence=(ag.Evidence(source="state:SRB"),)))
        ),
        "$.records[0].evidence[0].source",
        "a state, not a source",
    ),
    (
        "evidence without a span of a source with text",
        sound(
            records=replacing(0, attrs.evolve(CHINA, evidence=(ag.Evidence(source=READOUT.id),)))
        ),
        "$.records[0].evidence[0].quote",
        "give the span start, end and quote",
    ),
    (
        "evidence quoting a source without text",
        sound(
            records=replacing(
                0,
                attrs.evolve(
                    CHINA, evidence=(ag.Evidence(source=WEB_PAGE.id, start=0, end=2, quote="Wa"),)
                ),
            )
        ),
        "$.records[0].evidence[0].quote",
        "whose text the dataset does not hold",
    ),
    (
        "quote that is not the text at its span",
        sound(
            records=replacing(
                0,
                attrs.evolve(
                    CHINA,
                    evidence=(ag.Evidence(source=READOUT.id, start=1, end=8, quote="Wang Yi"),),
                ),
            )
        ),
        "$.records[0].evidence[0].quote",
        "is not the text at 1:8, which reads 'ang Yi '",
    ),
    (
        "prefix that is not the text before the span",
        sound(
            records=replacing(
                0,
                attrs.evolve(
                    CHINA,
                    evidence=(
                        ag.Evidence(source=READOUT.id, start=5, end=7, quote="Yi", prefix="Wang"),
                    ),
                ),
            )
        ),
        "$.records[0].evidence[0].prefix",
        "is not the text before 5, which reads 'ang '",
    ),
    (
        "suffix that is not the text after the span",
        sound(
            records=replacing(
                0,
                attrs.evolve(
                    CHINA,
                    evidence=(
                        ag.Evidence(source=READOUT.id, start=0, end=4, quote="Wang", suffix="Yi"),
                    ),
                ),
            )
        ),
        "$.records[0].evidence[0].suffix",
        "is not the text after 4, which reads ' Y'",
    ),
    (
        "span past the end of the text",
        sound(
            records=replacing(
                0,
                attrs.evolve(
                    CHINA,
                    evidence=(
                        ag.Evidence(
                            source=READOUT.id, start=len(TEXT) - 1, end=len(TEXT) + 1, quote=".!"
                        ),
                    ),
                ),
            )
        ),
        "$.records[0].evidence[0].end",
        f"past the end of the text ({len(TEXT)} characters)",
    ),
    (
        "sha256 that does not match the text",
        sound(
            sources=(
                ag.Source(id=READOUT.id, title="Readout", text=TEXT, sha256="0" * 64),
                WEB_PAGE,
            )
        ),
        "$.sources[0].sha256",
        f"does not match the text, whose digest is {hashlib.sha256(TEXT.encode()).hexdigest()}",
    ),
    (
        "principle ordinals not 1 to n",
        sound(
            records=replacing(
                6,
                ag.PrincipleSet(
                    id="principle-set:p",
                    title="Principles",
                    principles=(
                        ag.Principle(ordinal=1, title="One"),
                        ag.Principle(ordinal=3, title="Three"),
                    ),
                ),
            )
        ),
        "$.records[6].principles[1].ordinal",
        "is 3; principles are numbered 1 to n in order, so this one is 2",
    ),
    (
        "more items than declared",
        sound(
            records=replacing(
                7,
                ag.Instrument(
                    id="instrument:plan",
                    kind=ag.InstrumentKind.ACTION_PLAN,
                    title="Plan",
                    sections=(
                        ag.Section(name="visions", declared_size=5),
                        ag.Section(
                            name="actions",
                            declared_size=1,
                            items=(ag.SectionItem(title="A"), ag.SectionItem(title="B")),
                        ),
                    ),
                ),
            )
        ),
        "$.records[7].sections[1].items",
        "holds 2 items but the section declares 1",
    ),
    (
        "item ordinal used twice",
        sound(
            records=replacing(
                7,
                ag.Instrument(
                    id="instrument:plan",
                    kind=ag.InstrumentKind.ACTION_PLAN,
                    title="Plan",
                    sections=(
                        ag.Section(
                            name="actions",
                            items=(
                                ag.SectionItem(ordinal=2, title="A"),
                                ag.SectionItem(ordinal=2, title="B"),
                            ),
                        ),
                    ),
                ),
            )
        ),
        "$.records[7].sections[0].items[1].ordinal",
        "2 is used twice in the section",
    ),
    (
        "item ordinal beyond the declared size",
        sound(
            records=replacing(
                7,
                ag.Instrument(
                    id="instrument:plan",
                    kind=ag.InstrumentKind.ACTION_PLAN,
                    title="Plan",
                    sections=(
                        ag.Section(
                            name="visions",
                            declared_size=5,
                            items=(ag.SectionItem(ordinal=6, title="Sixth"),),
                        ),
                    ),
                ),
            )
        ),
        "$.records[7].sections[0].items[0].ordinal",
        "6 is beyond the declared size 5",
    ),
    (
        "bilateral meeting with one side",
        sound(
            records=replacing(5, bilateral(meet("person:wang-yi", "state:CHN"), meet("state:CHN")))
        ),
        "$.records[5].participations",
        "a bilateral meeting has two sides, not 1",
    ),
    (
        "bilateral meeting with three sides",
        sound(
            records=replacing(
                5,
                bilateral(meet("person:wang-yi"), meet("state:CHN"), meet("state:SRB")),
            )
        ),
        "$.records[5].participations",
        "a bilateral meeting has two sides, not 3",
    ),
    (
        "event outside its parent's dates",
        sound(
            records=replacing(
                5,
                attrs.evolve(
                    bilateral(meet("person:wang-yi"), meet("state:SRB")),
                    date=ag.PartialDate(year=2024, month=10, day=1),
                ),
            )
        ),
        "$.records[5].date",
        "falls outside the dates of its parent 'event:summit'",
    ),
    (
        "event ending after its parent",
        sound(
            records=replacing(
                5,
                attrs.evolve(
                    bilateral(meet("person:wang-yi"), meet("state:SRB")),
                    end_date=ag.PartialDate(year=2024, month=10),
                ),
            )
        ),
        "$.records[5].date",
        "falls outside the dates of its parent",
    ),
    (
        "evidence naming a field its holder lacks",
        sound(
            records=replacing(2, attrs.evolve(WANG_YI, evidence=(quoting(0, 7, fields=("code",)),)))
        ),
        "$.records[2].evidence[0].fields[0]",
        "Person has no field 'code'",
    ),
    (
        "evidence naming the evidence field",
        sound(
            records=replacing(
                2, attrs.evolve(WANG_YI, evidence=(quoting(0, 7, fields=("name", "evidence")),))
            )
        ),
        "$.records[2].evidence[0].fields[1]",
        "Person has no field 'evidence'",
    ),
    (
        "nested evidence naming a field its holder lacks",
        sound(
            records=replacing(
                5,
                bilateral(
                    attrs.evolve(
                        meet("person:wang-yi"), evidence=(quoting(12, 29, fields=("name",)),)
                    ),
                    meet("state:SRB"),
                ),
            )
        ),
        "$.records[5].participations[0].evidence[0].fields[0]",
        "Participation has no field 'name'",
    ),
    (
        "source among the records",
        sound(records=(*sound().records, ag.Source(id="source:other", title="Other"))),
        "$.records[8]",
        "a source belongs in $.sources",
    ),
]


@pytest.mark.parametrize(
    ("dataset", "path", "message"),
    [case[1:] for case in SEMANTIC_FLAWS],
    ids=[case[0] for case in SEMANTIC_FLAWS],
)
def test_each_semantic_flaw_is_reported_where_it_is(
    dataset: ag.Dataset, path: str, message: str
) -> None:
    problem = only_problem(dataset)
    assert problem.path == path
    assert message in problem.message


def test_a_record_among_the_sources_is_refused_when_the_dataset_is_made() -> None:
    zambia = ag.State(id="state:ZMB", name="Zambia", code="ZMB")
    with pytest.raises(ag.ValidationError) as info:
        sound(sources=(READOUT, WEB_PAGE, zambia))
    [problem] = info.value.problems
    assert problem.path == "$.sources[2]"
    assert problem.message.startswith("expected Source, got State State(id='state:ZMB'")


def test_a_cycle_of_parents_is_reported() -> None:
    a = summit(id="event:a", parent="event:b", date=None)
    b = summit(id="event:b", parent="event:a", date=None)
    problems = ag.validate(sound(records=(*sound().records, a, b)))
    assert [p.path for p in problems] == ["$.records[8].parent", "$.records[9].parent"]
    assert all("cycle" in p.message for p in problems)


def test_semantic_problems_are_all_reported_at_once() -> None:
    flawed = sound(
        records=(
            *replacing(3, attrs.evolve(MINISTER, holder="person:nobody")),
            SERBIA,
        )
    )
    assert [p.path for p in ag.validate(flawed)] == ["$.records[8].id", "$.records[3].holder"]


def test_a_statement_may_refer_to_a_source() -> None:
    statement = ag.Statement(
        id="statement:s",
        speakers=("person:wang-yi",),
        speech_act=ag.SpeechAct.SAID,
        summary="As the readout says.",
        refers_to=(READOUT.id,),
    )
    assert ag.validate(sound(records=(*sound().records, statement))) == ()


# ----------------------------------------------- exceptions that escaped the promise


@pytest.mark.parametrize(
    ("document", "cls", "expected"),
    [
        ({1: "x", "value": 3}, ag.Quantity, [("$", "has a key that is not text, 1 (int)")]),
        (
            {"value": 3, 1: "x", "unit": 4, "zz": 1},
            ag.Quantity,
            [
                ("$.unit", "expected a string"),
                ("$", "has a key that is not text, 1 (int)"),
                ("$.zz", "unknown field"),
            ],
        ),
        (
            dataset_document(records=[{**CHINA_DOC, (1, 2): "x", None: 0}]),
            ag.Dataset,
            [
                ("$.records[0]", "has a key that is not text, (1, 2) (tuple)"),
                ("$.records[0]", "has a key that is not text, None (NoneType)"),
            ],
        ),
    ],
)
def test_a_key_that_is_not_text_is_reported_at_its_object(
    document: dict[Any, Any], cls: type, expected: list[tuple[str, str]]
) -> None:
    problems = problems_of(document, cls)
    assert [path for path, _ in problems] == [path for path, _ in expected]
    for (_, message), (_, start) in zip(problems, expected, strict=True):
        assert message.startswith(start)


def test_a_schema_version_of_thousands_of_digits_is_read_as_its_number() -> None:
    many = "1" * 5000
    newer_minor = {**dataset_document(), "schema_version": f"1.{many}"}
    with pytest.warns(ag.NewerSchemaWarning):
        assert ag.from_dict(newer_minor, ag.Dataset).schema_version == ag.SCHEMA_VERSION
    newer_major = {**dataset_document(), "schema_version": f"{many}.0"}
    [(path, message)] = problems_of(newer_major)
    assert path == "$.schema_version"
    assert "is newer than this library reads" in message
    assert len(message) < 200
    older = {**dataset_document(), "schema_version": "0" * 5000 + "1.0"}
    assert ag.from_dict(older, ag.Dataset).schema_version == ag.SCHEMA_VERSION
    [(path, message)] = problems_of({**dataset_document(), "schema_version": f"1.{many}x"})
    assert (path, len(message) < 200) == ("$.schema_version", True)
    assert message.endswith("is not a MAJOR.MINOR version")
