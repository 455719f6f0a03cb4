"""Validation errors that say where and what: every problem at once, each at its JSON path."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence

from attrs import frozen

from aigovernance._checking import InvalidValue, PathPart

__all__ = ["Problem", "ValidationError", "json_path", "problems_from"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@frozen
class Problem:
    """One thing wrong with a document or dataset.

    Attributes:
        path: a JSON path into the document (``$.records[3].date``).
        message: what is wrong, in plain words.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ValueError):
    """A document does not fit the model; ``problems`` lists every problem found.

    >>> import aigovernance as ag
    >>> try:
    ...     ag.from_json('{"value": "80"}', ag.Quantity)
    ... except ag.ValidationError as error:
    ...     print(error.problems[0])
    $.value: expected an integer, got a string
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''}:\n{lines}")


def json_path(parts: Iterable[PathPart], root: str = "$") -> str:
    """The JSON path for a sequence of keys and indices."""
    out = [root]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _NAME.fullmatch(part):
            out.append(f".{part}")
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def problems_from(error: BaseException, path: tuple[PathPart, ...] = ()) -> list[Problem]:
    """Every problem that a structuring error holds, each with its path."""
    return list(_walk(error, path))


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

    here = path + _step(error)
    if isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield Problem(json_path((*here, key)), "unknown field")
    elif isinstance(error, BaseValidationError):
        for inner in error.exceptions:
            yield from _walk(inner, here)
    elif isinstance(error, InvalidValue):
        for relative, message in error.problems:
            yield Problem(json_path((*here, *relative)), message)
    elif isinstance(error, KeyError):
        yield Problem(json_path(here), "required field is missing")
    else:
        yield Problem(json_path(here), str(error))
