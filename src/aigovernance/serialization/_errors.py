"""Validation errors that say where and what: every problem at once, each at its JSON path."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from aigovernance._checking import InvalidValue, model_fields
from aigovernance._problems import PathPart, Problem, ValidationError, did_you_mean, json_path

__all__ = ["Problem", "ValidationError", "json_path", "problems_from", "refusal"]


def problems_from(error: BaseException, path: tuple[PathPart, ...] = ()) -> list[Problem]:
    """Every problem that a structuring error holds, each with its path."""
    return list(_walk(error, path))


def refusal(error: BaseException, limit: int | None) -> ValidationError:
    """The error for a structuring error: its first ``limit`` problems, and how many more.

    The problems come in the order of the document, the same whether or not the read
    stopped early (it stops only after finding more than ``limit``).
    """
    walk = _walk(error, ())
    kept = list(walk if limit is None else itertools.islice(walk, limit))
    more = sum(1 for _ in walk) + _untold(error)
    return ValidationError(kept, more=more)


def _untold(error: BaseException) -> int:
    """The problems errors in the tree counted but did not list (``InvalidValue.more``)."""
    from cattrs.errors import BaseValidationError

    if isinstance(error, InvalidValue):
        return error.more
    if isinstance(error, BaseValidationError):
        return sum(_untold(inner) for inner in error.exceptions)
    return 0


def _step(error: BaseException) -> tuple[PathPart, ...]:
    # cattrs is imported here, not at the top: errors are rare and the import is not free.
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,)
    return ()


def _walk(error: BaseException, path: tuple[PathPart, ...]) -> Iterator[Problem]:
    from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError

    from aigovernance.serialization._converter import Stopped

    here = path + _step(error)
    if isinstance(error, ForbiddenExtraKeysError):
        fields = _field_names(error.cl)
        for key in sorted(error.extra_fields):
            yield Problem(json_path((*here, key)), f"unknown field{did_you_mean(key, fields)}")
    elif isinstance(error, BaseValidationError):
        for inner in error.exceptions:
            yield from _walk(inner, here)
    elif isinstance(error, Stopped):
        return
    elif isinstance(error, InvalidValue):
        for relative, message in error.located:
            yield Problem(json_path((*here, *relative)), message)
    elif isinstance(error, KeyError):
        yield Problem(json_path(here), "required field is missing")
    else:
        yield Problem(json_path(here), str(error))


def _field_names(cls: type) -> list[str]:
    """The fields a document of ``cls`` may hold, in the model's order."""
    try:
        names = [a.name for a in model_fields(cls) if a.init]
    except (TypeError, ValueError):  # not a model class: nothing to suggest
        return []
    return ["type", *names] if isinstance(getattr(cls, "type", None), str) else names
