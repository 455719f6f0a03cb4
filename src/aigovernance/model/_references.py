"""The ids a model object holds, found by walking its fields: one walker for all users.

:func:`aigovernance.validate` walks records with it to check that every id resolves, and
:class:`~aigovernance.Dataset` to index who refers to whom.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from aigovernance._checking import REFS, Model, PathPart, model_fields, shape

__all__ = ["Path", "walk"]

Path = tuple[PathPart, ...]
"""A location within a document, as the parts of its JSON path."""

_PLANS: dict[type, tuple[tuple[str, tuple[str, ...] | None, bool], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, tuple[str, ...] | None, bool], ...]:
    """The fields of ``cls`` worth visiting: name, the types it may refer to, whether a tuple.

    A field is visited when it holds ids, or model objects that (at any depth) do.
    """
    if cls in _PLANS:
        return _PLANS[cls]
    attrs.resolve_types(cls)
    plan = []
    for field in model_fields(cls):
        held = shape(field.type)
        item, many = held.item, held.many
        targets = field.metadata.get(REFS)
        if targets is not None or (
            isinstance(item, type) and issubclass(item, Model) and _plan(item)
        ):
            plan.append((field.name, targets, many))
    _PLANS[cls] = tuple(plan)
    return _PLANS[cls]


def walk(obj: Model, path: Path) -> Iterator[tuple[Model, Path, tuple[str, ...] | None, Any]]:
    """Yield the objects and ids held by ``obj``, depth first.

    ``(obj, path, None, None)`` for ``obj`` and each model object below it that holds ids;
    ``(holder, path, allowed types, id)`` for each id they hold.
    """
    yield obj, path, None, None
    for name, targets, many in _plan(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        if not many:
            if targets is not None:
                yield obj, (*path, name), targets, value
            else:
                yield from walk(value, (*path, name))
        elif targets is not None:
            for index, item in enumerate(value):
                yield obj, (*path, name, index), targets, item
        else:
            for index, item in enumerate(value):
                yield from walk(item, (*path, name, index))
