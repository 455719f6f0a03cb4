"""Model objects hold values of exactly their fields' types: construction checks them.

The oracle here reads the annotations afresh: a value fits ``X`` when its type is ``X``
itself (no subclass, no bool for int, no list for a tuple), ``X | None`` also takes
``None``, ``tuple[X, ...]`` takes a tuple of fitting items, and ``Record`` takes an
object of any record class.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance._checking import Model, model_fields, shape
from aigovernance.model import RECORD_CLASSES

MODEL_CLASSES = sorted(
    {
        cls
        for cls in vars(ag).values()
        if isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)
    },
    key=lambda cls: cls.__name__,
)
RECORD_TYPES = (*RECORD_CLASSES.values(), ag.Source)


class Text(str):
    """Text of a class of its own: a ``str``, but not exactly one."""


def fits(annotation: Any, value: object) -> bool:
    form = shape(annotation)
    if value is None:
        return form.optional

    def one(item: object) -> bool:
        if form.item is ag.Record:
            return type(item) in RECORD_TYPES
        return type(item) is form.item

    if form.many:
        return type(value) is tuple and all(one(item) for item in value)
    return one(value)


ODD_VALUES: list[Any] = [
    None,
    "event:x",
    Text("event:x"),
    0,
    3,
    True,
    1.5,
    b"x",
    [],
    ["x"],
    {},
    {"type": "event"},
    ("x",),
    (),
    ag.Role.HOST,
    ag.Theme.SAFETY,
    ag.Confidence.HIGH,
    ag.PartialDate(year=2024),
    ag.Identifier(scheme="wikidata", value="Q1"),
    ag.Place(name="Geneva"),
    ag.State(id="state:CHE", name="Switzerland", code="CHE"),
    ag.Source(id="source:s", title="S"),
]


def odd_values() -> st.SearchStrategy[Any]:
    one = st.sampled_from(ODD_VALUES)
    return one | st.lists(one, min_size=1, max_size=3).map(tuple)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_a_value_of_another_type_is_refused_where_it_stands(cls: type, data: st.DataObject) -> None:
    obj = data.draw(st.from_type(cls), label="sound object")
    field = data.draw(st.sampled_from(model_fields(cls)), label="field")
    value = data.draw(odd_values().filter(lambda v: not fits(field.type, v)), label="value")
    with pytest.raises(ag.ValidationError) as info:
        attrs.evolve(obj, **{field.name: value})
    mistyped = [p for p in info.value.problems if p.message.startswith("expected ")]
    assert mistyped, info.value.problems
    # Only the changed field is reported as mistyped.
    assert {p.path.split("[")[0] for p in mistyped} == {f"$.{field.name}"}
    # Reported at the field, or at the first item of the tuple that does not fit.
    if shape(field.type).many and type(value) is tuple:
        index = next(i for i, item in enumerate(value) if not fits(field.type, (item,)))
        assert mistyped[0].path == f"$.{field.name}[{index}]"
    else:
        assert mistyped[0].path == f"$.{field.name}"


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_values_of_the_fields_types_pass_the_type_checks(cls: type, data: st.DataObject) -> None:
    obj = data.draw(st.from_type(cls))
    for field in model_fields(cls):
        assert fits(field.type, getattr(obj, field.name)), field.name
    assert attrs.evolve(obj) == obj


def test_text_is_not_a_vocabulary_term() -> None:
    with pytest.raises(ag.ValidationError) as info:
        ag.Participation(actor="person:x", role="host")  # type: ignore[arg-type]
    assert [str(p) for p in info.value.problems] == ["$.role: expected Role, got str 'host'"]
    assert str(info.value).startswith("invalid Participation: 1 problem")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"themes": [ag.Theme.SAFETY]},
            "$.themes: expected tuple, got list [<Theme.SAFETY: 'safety'>]",
        ),
        ({"themes": ("safety",)}, "$.themes[0]: expected Theme, got str 'safety'"),
        ({"date": "2024"}, "$.date: expected PartialDate, got str '2024'"),
        ({"title": Text("T")}, "$.title: expected str, got Text 'T'"),
        ({"place": {"name": "Geneva"}}, "$.place: expected Place, got dict {'name': 'Geneva'}"),
        ({"title": None}, "$.title: expected str, got NoneType None"),
    ],
)
def test_messages_say_what_was_expected_and_what_came(
    fields: dict[str, Any], expected: str
) -> None:
    values = {"id": "event:e", "kind": ag.EventKind.SUMMIT, "title": "T", **fields}
    with pytest.raises(ag.ValidationError) as info:
        ag.Event(**values)
    assert [str(p) for p in info.value.problems] == [expected]


def test_a_boolean_is_not_an_integer() -> None:
    with pytest.raises(ag.ValidationError, match=re.escape("$.value: expected int, got bool True")):
        ag.Quantity(value=True)


def test_long_values_are_shown_shortened() -> None:
    with pytest.raises(ag.ValidationError) as info:
        ag.Event(id="event:e", kind=ag.EventKind.SUMMIT, title=["x" * 100])  # type: ignore[arg-type]
    [problem] = info.value.problems
    assert problem.message == "expected str, got list ['" + "x" * 35 + "..."


def test_records_of_every_class_and_no_other_object_go_in_a_dataset() -> None:
    state = ag.State(id="state:CHE", name="Switzerland", code="CHE")
    assert ag.Dataset(id="d", title="D", version="1", records=(state,)).records == (state,)
    with pytest.raises(ag.ValidationError) as info:
        ag.Dataset(id="d", title="D", version="1", records=(state, ag.Place(name="Geneva")))  # type: ignore[arg-type]
    [problem] = info.value.problems
    assert problem.path == "$.records[1]"
    assert problem.message.startswith("expected one of Commitment, Event, Group, ")
    assert ", got Place Place(" in problem.message


def test_a_subclass_is_not_its_parent() -> None:
    @attrs.frozen(kw_only=True)
    class Venue(ag.Place):
        pass

    with pytest.raises(ag.ValidationError, match=re.escape("$.place: expected Place, got Venue")):
        ag.Event(id="event:e", kind=ag.EventKind.SUMMIT, title="T", place=Venue(name="Geneva"))


def test_other_checks_still_run_beside_a_wrong_type() -> None:
    with pytest.raises(ag.ValidationError) as info:
        ag.Event(id="event:e", kind="meeting", title=" ")  # type: ignore[arg-type]
    assert [p.path for p in info.value.problems] == ["$.kind", "$.title"]


def test_relations_are_not_checked_on_values_of_the_wrong_type() -> None:
    # The date relation would compare a PartialDate with text; only the type is reported.
    with pytest.raises(ag.ValidationError) as info:
        ag.Event(
            id="event:e",
            kind=ag.EventKind.SUMMIT,
            title="T",
            date="2024",  # type: ignore[arg-type]
            end_date=ag.PartialDate(year=2023),
        )
    assert [str(p) for p in info.value.problems] == ["$.date: expected PartialDate, got str '2024'"]


def test_a_term_of_another_vocabulary_is_refused() -> None:
    with pytest.raises(ag.ValidationError, match=re.escape("$.role: expected Role, got Theme")):
        ag.Participation(actor="person:x", role=ag.Theme.SAFETY)  # type: ignore[arg-type]
