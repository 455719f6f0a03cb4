"""Problems and validation errors: every problem at once, each at its JSON path."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from attrs import frozen

__all__ = ["PathPart", "Problem", "ValidationError", "did_you_mean", "json_path", "nearest"]

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
