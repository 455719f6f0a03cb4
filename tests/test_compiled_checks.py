"""The compiled checks of each model class agree with the checks run one by one.

:meth:`Model._sound` answers "does this object pass every check?" in one compiled
function; :meth:`Model._problems` runs the checks one by one and says what is wrong.
Construction trusts the first and falls back to the second, so the two must agree on
every object: the compiled checks never pass an object that has a problem, and never
fail a sound one (which would only cost time, but would mean they are wrong).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance import _checking
from aigovernance import strategies as ags
from aigovernance._checking import RECORD_TYPES, Model, model_fields
from aigovernance._vocabulary import VOCABULARIES

MODEL_CLASSES = sorted(
    {
        cls
        for cls in vars(ag).values()
        if isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)
    },
    key=lambda cls: cls.__name__,
)

WHITE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u3000"
TRICKY_TEXT = [
    "",
    " ",
    "\u3000",
    "\x1f",
    "\u200b",  # not white space
    "x",
    " x ",
    "CHN",
    "chn",
    "en",
    "zh-Hans",
    "e",
    "1.0",
    "America/New_York",
    "https://example.org/a",
    "http:// x",
    "0" * 64,
    "A" * 64,
    "wikidata",
    "Q42",
]
IDS = [f"{tag}:x" for tag in RECORD_TYPES] + [
    "meeting:x",
    "event:",
    "event:-x",
    "event:x y",
    "Event:x",
    "event:é",
    "principle-set:oecd.2019_v-2",
]
SCALARS: list[Any] = [None, 0, 1, -1, 2, 13, 10**20, True, *TRICKY_TEXT, *IDS]


def values() -> st.SearchStrategy[Any]:
    """Values of every kind the model's fields hold, sound and not."""
    scalar = st.sampled_from(SCALARS) | st.text(alphabet=WHITE + "ab:-", max_size=6)
    terms = st.sampled_from([member for vocabulary in VOCABULARIES for member in vocabulary])
    return scalar | terms | st.lists(scalar | terms, max_size=4).map(tuple)


def verdict(test: Any) -> tuple[str, Any]:
    try:
        return "returned", test()
    except Exception as error:
        return "raised", type(error)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_compiled_checks_agree_with_the_checks_one_by_one(cls: type, data: st.DataObject) -> None:
    obj: Any = object.__new__(cls)
    for field in model_fields(cls):
        object.__setattr__(obj, field.name, data.draw(values(), label=field.name))
    compiled = verdict(lambda: _checking._compile_sound(cls)(obj))
    one_by_one = verdict(lambda: next(iter(obj._problems()), None) is None)
    assert (compiled == ("returned", True)) == (one_by_one == ("returned", True))


def test_every_model_class_is_covered() -> None:
    assert {cls.__name__ for cls in MODEL_CLASSES} >= {
        "Dataset",
        "Event",
        "Evidence",
        "Participation",
        "PartialDate",
        "Source",
        "SectionItem",
    }


@given(st.text(alphabet=WHITE + "ab"))
def test_the_inline_blank_test_is_str_strip(text: str) -> None:
    assert bool(text and not text.isspace()) == bool(text.strip())


@given(
    st.from_regex(r"[a-z-]{1,14}:[A-Za-z0-9._é -]{0,4}", fullmatch=True)
    | st.sampled_from(IDS)
    | st.text(max_size=12)
)
def test_the_inline_id_test_is_is_ref(text: str) -> None:
    assert (_checking._ANY_ID.fullmatch(text) is not None) == (_checking.is_ref(text) is None)


def test_every_built_in_check_has_an_inline_form() -> None:
    for cls in MODEL_CLASSES:
        for name, check, each in _checking._plan(cls):
            for one in (check, each):
                assert one is None or _checking._inline(one) is not None, (cls, name)


def _relations(cls: Any) -> Any:
    """``cls._relations``, the check of how the fields of a model class relate."""
    return cls._relations


def test_the_inline_relations_read_only_the_fields_of_their_class() -> None:
    inlined = [cls for cls in MODEL_CLASSES if _checking._inline(_relations(cls)) is not None]
    assert {ag.Evidence, ag.PartialDate, ag.Identifier, ag.Event, ag.Person, ag.Post} <= set(
        inlined
    )
    for cls in inlined:
        expression, names = _relations(cls).inline
        read = set(re.findall(r"\bv_(\w+)", expression))
        assert read <= {field.name for field in model_fields(cls)}, cls
        assert set(re.findall(r"\b_\w+", expression)) <= set(names), cls


@pytest.mark.parametrize("cls", [ag.Evidence, ag.PartialDate, ag.Identifier])
def test_the_inline_relations_are_compiled_in_line(cls: type) -> None:
    source = _checking.check_source(cls, "return False")
    assert source is not None
    _, relations, names = source
    expression, uses = _relations(cls).inline
    assert relations[0] == f"if not ({expression}):"
    assert names.items() >= uses.items()


def test_a_subclass_compiles_its_own_checks() -> None:
    @attrs.frozen(kw_only=True)
    class Named(Model):
        name: str = _checking.nonblank()

    @attrs.frozen(kw_only=True)
    class Coded(Named):
        code: str = _checking.nonblank(_checking.ISO_ALPHA3)

    Named(name="a")  # compiles Named's checks first
    with pytest.raises(ag.ValidationError, match=re.escape("$.code")):
        Coded(name="a", code="abc")
    assert Coded(name="a", code="ABC").code == "ABC"


class _Counting:
    """A pattern's ``fullmatch`` that counts its calls."""

    def __init__(self, pattern: str) -> None:
        self.form = re.compile(pattern)
        self.calls = 0

    def fullmatch(self, value: str) -> re.Match[str] | None:
        self.calls += 1
        return self.form.fullmatch(value)


def _remembering(pattern: str) -> tuple[_Counting, Any]:
    counting = _Counting(pattern)
    (expression, names), _ = _checking._remembering(counting)  # type: ignore[arg-type]
    test = eval(f"lambda v: {expression.format('v')}", dict(names))
    return counting, test


def test_a_pattern_check_remembers_the_texts_in_use_however_many_pass_between() -> None:
    counting, test = _remembering(r"id:\w+")
    assert test("id:hot")
    for n in range(10 * _checking._REMEMBERED):
        assert test(f"id:{n}")
        if n % 1000 == 0:
            assert test("id:hot")
    # Every other text once, the text in use only when first seen.
    assert counting.calls == 10 * _checking._REMEMBERED + 1
    assert not test("id:no way")
    assert not test("id:no way")
    assert counting.calls == 10 * _checking._REMEMBERED + 3


def test_a_pattern_check_remembers_a_bounded_number_of_short_texts() -> None:
    counting, test = _remembering(r"\w+")
    long = "x" * (_checking._LONGEST_REMEMBERED + 1)
    assert test(long)
    assert test(long)
    assert counting.calls == 2
    for n in range(3 * _checking._REMEMBERED):
        test(f"t{n}")
    sets = [value for value in test.__globals__.values() if isinstance(value, set)]
    assert sets
    assert all(len(remembered) <= _checking._REMEMBERED for remembered in sets)


_DATES = [
    None,
    ag.PartialDate(year=2020),
    ag.PartialDate(year=2025, month=3),
    ag.PartialDate(year=2030),
]
_OWN_ID = object()  # stands for the object's own id
# Fields that the relations of a class read, with values of their types that make the
# relations hold or not; the rest of the object comes from the project's strategies.
_RELATED: list[tuple[st.SearchStrategy[Any], dict[str, list[Any]]]] = [
    (ags.events(), {"date": _DATES, "end_date": _DATES, "parent": [None, "event:x", _OWN_ID]}),
    (ags.persons(), {"name": [None, "N"], "description": [None, "D"]}),
    (ags.posts(), {"start": _DATES, "end": _DATES}),
]


@pytest.mark.parametrize(("records", "fields"), _RELATED, ids=["event", "person", "post"])
@given(data=st.data())
def test_inline_relations_pass_only_what_the_relations_pass(
    records: st.SearchStrategy[Any], fields: dict[str, list[Any]], data: st.DataObject
) -> None:
    # Every combination of the related fields' values, on an object drawn once.
    obj = data.draw(records)
    assert _checking._inline(_relations(type(obj))) is not None
    sound = _checking._compile_sound(type(obj))
    verdicts = set()
    for values in itertools.product(*fields.values()):
        for name, value in zip(fields, values, strict=True):
            object.__setattr__(obj, name, obj.id if value is _OWN_ID else value)
        one_by_one = verdict(lambda: next(iter(obj._problems()), None) is None)
        assert verdict(lambda: sound(obj)) == one_by_one, values
        verdicts.add(one_by_one)
    assert verdicts == {("returned", True), ("returned", False)}
