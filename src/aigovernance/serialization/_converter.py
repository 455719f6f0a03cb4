"""The one configured converter: strict, lossless structuring and compact unstructuring.

Strictness means no silent coercion: a number is never read as a string or the other way
round, a boolean is not an integer, an array is not an object, and unknown keys are
reported rather than dropped. Unstructuring leaves out fields equal to their defaults, so
documents stay short, and structuring restores them, so nothing is lost.

This converter is the authority on what a document means and where its problems are.
Sound documents usually take the generated fast path of :mod:`._fast`, which accepts only
what this converter accepts and builds equal objects; everything else comes here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from aigovernance._checking import InvalidValue, Located, Model, model_fields, raw_problems
from aigovernance._problems import budget, did_you_mean
from aigovernance._values import PartialDate
from aigovernance._vocabulary import VOCABULARIES
from aigovernance.model import RECORD_CLASSES, Dataset, Record
from aigovernance.serialization._migrate import migrate

if TYPE_CHECKING:
    from cattrs import Converter

__all__ = ["converter"]

_JSON_TYPE: Final = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


def _kind(value: object) -> str:
    return _JSON_TYPE.get(type(value), type(value).__name__)


class Stopped(Exception):
    """The read stopped here: more problems were found than may be listed.

    Stands in an error tree for what was not looked at; it holds no problem.
    """


def leaves(error: BaseException) -> int:
    """How many problems ``error`` holds itself, not counting errors it collects.

    Each hook that collects errors adds those of its own to the budget
    (:func:`~aigovernance._problems.budget`); errors it collected from a nested hook
    were added there.
    """
    from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError

    if isinstance(error, ForbiddenExtraKeysError):
        return len(error.extra_fields)
    if isinstance(error, InvalidValue):
        return len(error.located) + error.more
    if isinstance(error, (BaseValidationError, Stopped)):
        return 0
    return 1


class WrongType(TypeError):
    """A JSON value of the wrong kind: a string where an integer belongs, say."""

    def __init__(self, expected: str, value: object) -> None:
        super().__init__(f"expected {expected}, got {_kind(value)}")


def _structure_str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise WrongType("a string", value)
    return value


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise WrongType("an integer", value)
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise WrongType("a boolean", value)
    return value


def _structure_enum_factory(cls: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    by_value = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure(value: Any, _: type) -> enum.Enum:
        if type(value) is not str:
            raise WrongType("a string", value)
        try:
            return by_value[value]
        except KeyError:
            raise ValueError(
                f"{value!r} is not one of {allowed}{did_you_mean(value, by_value)}"
            ) from None

    return structure


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _structure_partial_date(value: Any, _: type) -> PartialDate:
    if type(value) is not str:
        raise WrongType("a date as text (YYYY, YYYY-MM or YYYY-MM-DD)", value)
    try:
        return PartialDate.parse(value)
    except InvalidValue as error:
        raise ValueError(f"{value!r} is not a real date: {error.located[0][1]}") from None


def _unknown_keys(cls: type, extra: Iterable[Any]) -> list[Exception]:
    """The errors for keys of an object that are not fields of ``cls``.

    Text keys are reported where they stand; a key that is not text (a dict made in
    Python can have one, JSON cannot) at the object that has it.
    """
    from cattrs.errors import ForbiddenExtraKeysError

    named = {key for key in extra if type(key) is str}
    errors: list[Exception] = []
    others = sorted((key for key in extra if type(key) is not str), key=repr)
    if others:
        located: list[Located] = [
            ((), f"has a key that is not text, {key!r} ({type(key).__name__}): JSON keys are text")
            for key in others
        ]
        errors.append(InvalidValue(cls, located))
    if named:
        errors.append(ForbiddenExtraKeysError("", cls, named))
    return errors


def _field_of(error: BaseException) -> Iterator[str]:
    """The field a structuring error belongs to, if its notes name one."""
    from cattrs.errors import AttributeValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            yield note.name


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)


def make_converter() -> Converter:
    """Build the library's converter. Called once, on first use, by :func:`converter`."""
    # cattrs is imported here, not at the top: reading sound documents goes through the
    # fast path and never needs it, and ``import aigovernance`` stays quick.
    from cattrs import Converter
    from cattrs.errors import (
        ClassValidationError,
        IterableValidationError,
        IterableValidationNote,
    )
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    conv = Converter(detailed_validation=True)

    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    # Each vocabulary by its own class: its members are also ``str``, whose hook would
    # otherwise catch them.
    for vocabulary in VOCABULARIES:
        conv.register_structure_hook(vocabulary, _structure_enum_factory(vocabulary))
        conv.register_unstructure_hook(vocabulary, _unstructure_enum)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_unstructure_hook(PartialDate, PartialDate.isoformat)

    def structure_tuple_factory(cls: Any) -> Callable[[Any, type], tuple[Any, ...]]:
        item_type = get_args(cls)[0]
        item_hook = conv.get_structure_hook(item_type)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise WrongType("an array", value)
            items = []
            errors: list[Exception] = []
            spent = budget()
            for index, item in enumerate(value):
                if spent is not None and spent.exhausted:
                    errors.append(Stopped())  # the rest is not looked at
                    break
                try:
                    items.append(item_hook(item, item_type))
                except Exception as error:
                    note = IterableValidationNote(f"item {index}", index, item_type)
                    error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(error)
                    if spent is not None:
                        spent.found += leaves(error)
            if errors:
                raise IterableValidationError("while structuring an array", errors, cls)
            return tuple(items)

        return structure

    def unstructure_tuple_factory(cls: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
        item_hook = conv.get_unstructure_hook(get_args(cls)[0])
        return lambda value: [item_hook(item) for item in value]

    conv.register_structure_hook_factory(_is_homogeneous_tuple, structure_tuple_factory)
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, unstructure_tuple_factory)

    def structure_model_factory(cls: type[Model]) -> Callable[[Any, type], Model]:
        generated = make_dict_structure_fn(cls, conv)
        allowed = frozenset(a.name for a in model_fields(cls) if a.init)
        tag = getattr(cls, "type", None) if issubclass(cls, Record) else None
        if tag is not None:
            allowed |= {"type"}

        def structure(value: Any, _: type) -> Model:
            if type(value) is not dict:
                raise WrongType("an object", value)
            extra = value.keys() - allowed
            errors: list[Exception] = []
            if tag is not None and "type" in value and value["type"] != tag:
                errors.append(
                    InvalidValue(cls, [(("type",), f"expected {tag!r}, got {value['type']!r}")])
                )
            spent = budget()
            try:
                result = generated(value, cls)
            except ClassValidationError as error:
                errors.extend(error.exceptions)
                failed = {name for e in error.exceptions for name in _field_of(e)}
                # The object was never made: check the fields that did read, unless
                # the read has already found all the problems it will list.
                if failed and not (spent is not None and spent.exhausted):
                    located = list(raw_problems(cls, value, failed | extra))
                    if located:
                        errors.append(InvalidValue(cls, located))
            else:
                if not extra and not errors:
                    return result
            if extra:
                errors.extend(_unknown_keys(cls, extra))
            if spent is not None:
                spent.found += sum(leaves(e) for e in errors)
            raise ClassValidationError(f"while structuring {cls.__name__}", errors, cls)

        return structure

    def unstructure_model_factory(cls: type[Model]) -> Callable[[Model], dict[str, Any]]:
        generated: Callable[[Any], dict[str, Any]]
        if cls is Dataset:
            # The version is written even though it equals the default: readers need it.
            generated = make_dict_unstructure_fn(
                cls,
                conv,
                _cattrs_omit_if_default=True,
                schema_version=override(omit_if_default=False),
            )
        else:
            generated = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        if issubclass(cls, Record):
            tag = cls.type
            return lambda obj: {"type": tag, **generated(obj)}
        return generated

    conv.register_structure_hook_factory(_is_model, structure_model_factory)
    conv.register_unstructure_hook_factory(_is_model, unstructure_model_factory)

    record_tags = ", ".join(repr(t) for t in RECORD_CLASSES)

    def structure_record(value: Any, _: type) -> Record:
        if type(value) is not dict:
            raise WrongType("an object", value)
        tag = value.get("type")
        cls = RECORD_CLASSES.get(tag) if type(tag) is str else None
        if cls is None:
            message = (
                "required field is missing"
                if tag is None
                else f"{tag!r} is not a record type; expected one of {record_tags}"
                f"{did_you_mean(tag, RECORD_CLASSES)}"
            )
            raise InvalidValue(Record, [(("type",), message)])
        result = conv.structure(value, cls)
        assert isinstance(result, Record)
        return result

    def unstructure_record(value: Record) -> Any:
        return conv.unstructure(value, unstructure_as=type(value))

    # Predicates, not types: a hook registered for a class would also catch its subclasses.
    conv.register_structure_hook_func(lambda t: t is Record, structure_record)
    conv.register_unstructure_hook_func(lambda t: t is Record, unstructure_record)

    structure_dataset = structure_model_factory(Dataset)

    def structure_dataset_migrated(value: Any, _: type) -> Dataset:
        if type(value) is not dict:
            raise WrongType("an object", value)
        result = structure_dataset(migrate(value), Dataset)
        assert isinstance(result, Dataset)
        return result

    conv.register_structure_hook_func(lambda t: t is Dataset, structure_dataset_migrated)
    return conv


@cache
def converter() -> Converter:
    """The library's converter, built on first use."""
    return make_converter()
