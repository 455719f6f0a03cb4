"""Problems and validation errors: every problem at once, each at its JSON path."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

from attrs import frozen

__all__ = [
    "MAX_PROBLEMS",
    "Budget",
    "PathPart",
    "Problem",
    "ValidationError",
    "budget",
    "checking",
    "did_you_mean",
    "json_path",
    "nearest",
]

MAX_PROBLEMS: Final = 200
"""How many problems a refused read (or a refused object) lists, unless told otherwise.

Past that many, reading stops: a document with a million wrong values costs no more
than one with a few hundred. :func:`~aigovernance.from_json` and
:func:`~aigovernance.from_dict` take ``max_problems=`` to list more, or ``None`` for all.
"""

PathPart = str | int
"""One step of a path: a key of an object or an index of an array."""

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
    """A value does not fit the model; ``problems`` lists every problem found.

    ``more`` says how many further problems were found beyond those listed, once
    their number passed the limit (:data:`MAX_PROBLEMS` by default); 0 when every
    problem found is listed.

    Raised when a document is read (paths lead from the document's root) and when a
    model object is made with values the model does not allow (paths lead from the
    object: ``ag.Quantity(value=-1)`` reports ``$.value``).

    >>> import aigovernance as ag
    >>> try:
    ...     ag.from_json('{"value": "80"}', ag.Quantity)
    ... except ag.ValidationError as error:
    ...     print(error.problems[0])
    $.value: expected an integer, got a string
    """

    def __init__(self, problems: Sequence[Problem], *, more: int = 0) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.more = more
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        head = f"{count} problem{'s' if count != 1 else ''}"
        if more:
            head += f" (and at least {more} more, not listed: checking stopped at {count})"
        super().__init__(f"{head}:\n{lines}")


def json_path(parts: Iterable[PathPart], root: str = "$") -> str:
    """The JSON path for a sequence of keys and indices."""
    out = [root]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _NAME.fullmatch(part):
            out.append(f".{part}")
        else:
            import json  # here, not at the top: few keys need quoting

            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def did_you_mean(word: object, choices: Iterable[str], cutoff: float = 0.7) -> str:
    """``"; did you mean 'co-host'?"`` for the choice nearest to ``word``, or ``""``.

    A suggestion is added to the message of a problem about an unknown term, field or
    id. Nearness is :func:`difflib.get_close_matches`' ratio, at least ``cutoff``; a
    word that is not text, or near no choice, gets no suggestion.

    >>> did_you_mean("cohost", ["host", "co-host", "chair"])
    "; did you mean 'co-host'?"
    >>> did_you_mean("venue", ["place", "evidence"])
    ''
    """
    found = nearest(word, choices, cutoff)
    return "" if found is None else f"; did you mean {found!r}?"


def nearest(word: object, choices: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The choice nearest to ``word`` (see :func:`did_you_mean`), or None."""
    if type(word) is not str:
        return None
    import difflib  # here, not at the top: only problems need it

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


class Budget:
    """How many problems the check under way has found, and how many it may list.

    Attributes:
        limit: the most problems listed; ``None`` for no limit.
        found: the problems found so far.
    """

    __slots__ = ("found", "limit")

    def __init__(self, limit: int | None) -> None:
        if limit is not None and limit < 1:
            raise ValueError(f"max_problems must be at least 1 or None, not {limit!r}")
        self.limit = limit
        self.found = 0

    @property
    def exhausted(self) -> bool:
        """Whether more problems were found than may be listed: time to stop looking."""
        return self.limit is not None and self.found > self.limit


_BUDGET: Final[ContextVar[Budget | None]] = ContextVar("aigovernance_budget", default=None)


def budget() -> Budget | None:
    """The budget of the read under way in this thread or task, if any."""
    return _BUDGET.get()


@contextmanager
def checking(limit: int | None) -> Iterator[Budget]:
    """Run a read with a fresh budget of ``limit`` problems (``None``: no limit)."""
    fresh = Budget(limit)
    token = _BUDGET.set(fresh)
    try:
        yield fresh
    finally:
        _BUDGET.reset(token)
