"""Dicts and JSON text in and out, with every failure a located :class:`ValidationError`."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from cattrs.errors import BaseValidationError

from aigovernance.serialization._converter import converter
from aigovernance.serialization._errors import Problem, ValidationError, problems_from

__all__ = ["from_dict", "from_json", "loads", "to_dict", "to_json"]

T = TypeVar("T")


def to_dict(value: Any) -> Any:
    """The JSON-ready form of a model value: dicts, lists, strings, integers, booleans.

    Fields equal to their defaults are left out; records carry their ``"type"`` tag.

    >>> import aigovernance as ag
    >>> ag.to_dict(ag.State(id="state:ZMB", name="Zambia", code="ZMB"))
    {'type': 'state', 'id': 'state:ZMB', 'name': 'Zambia', 'code': 'ZMB'}
    """
    return converter().unstructure(value)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from its JSON-ready form, strictly.

    Raises:
        ValidationError: with every problem in ``data``, each at its JSON path.
    """
    try:
        return converter().structure(data, cls)
    except (ValueError, TypeError, KeyError, BaseValidationError) as error:
        raise ValidationError(problems_from(error)) from None


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Deterministic JSON text for a model value: the same value gives the same text.

    Keys come in the model's field order; non-ASCII text is written as is (UTF-8).
    ``indent`` pretty-prints with that many spaces.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        to_dict(value), ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str | bytes | bytearray) -> Any:
    """Parse JSON text strictly: UTF-8 only, no duplicate keys, no NaN or Infinity.

    Raises:
        ValidationError: at path ``$``, saying where in the text the problem is.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                [Problem("$", f"not UTF-8: byte {error.start} ({error.object[error.start]:#04x})")]
            ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        message = f"not JSON: {error.msg} at line {error.lineno} column {error.colno}"
    except RecursionError:
        message = "not readable: the JSON is nested too deeply"
    except ValueError as error:
        message = f"not readable: {error}"
    raise ValidationError([Problem("$", message)])


def from_json(text: str | bytes | bytearray, cls: type[T]) -> T:
    """Build a ``cls`` from JSON text (``str`` or UTF-8 ``bytes``), strictly.

    Raises:
        ValidationError: for text that is not JSON, and for JSON that does not fit
            ``cls``, with every problem at its JSON path.
    """
    return from_dict(loads(text), cls)
