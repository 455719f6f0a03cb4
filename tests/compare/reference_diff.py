"""The diff as it was before it skipped equal records: the reference the diff is held to.

The implementation that walked every node of both documents, as it was; the tests
compare the changes, verdicts, reports and patches of the current diff with it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import attrs

from aigovernance._checking import Model
from aigovernance.compare._diff import (
    JSON,
    Change,
    ChangeKind,
    Diff,
    EvidenceVerdict,
    PathParts,
    _children,
    _Holder,
    _item_class,
    _key_function,
    _own,
    _pointer,
    _supporting,
)
from aigovernance.model import (
    Record,
)
from aigovernance.serialization._errors import json_path
from aigovernance.serialization._json import to_dict

# The change, verdict and diff classes and the small helpers are the library's own,
# unchanged; only the walk and the placing of reordered lists are the old ones.


def diff(a: Any, b: Any) -> Diff:
    """The field-level differences between two values of one model type.

    Works on any model value: a dataset, a record, a principle set, a date. Records and
    sources are matched by id, so reordering them is no change; nested tuples are
    matched by the natural keys of :data:`NATURAL_KEYS` or by position. Time and memory
    grow linearly with the size of the inputs (plus a logarithmic factor for reordered
    tuples).

    Raises:
        TypeError: ``a`` and ``b`` are not of the same model type.
    """
    if type(a) is not type(b) or not isinstance(a, Model):
        raise TypeError(
            f"diff needs two values of one model type, not {type(a).__name__} "
            f"and {type(b).__name__}"
        )
    walker = _Walker()
    walker.value(to_dict(a), to_dict(b), type(a), (), (), "", None)
    return Diff(
        changes=tuple(walker.changes),
        operations=tuple(walker.operations),
        verdicts=tuple(walker.verdicts),
    )


class _Fenwick:
    """Counts of the items still present, by position, with prefix sums in log time."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)
        for i in range(1, size + 1):
            self.tree[i] += 1
            parent = i + (i & -i)
            if parent <= size:
                self.tree[parent] += self.tree[i]

    def before(self, index: int) -> int:
        total = 0
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total

    def remove(self, index: int) -> None:
        index += 1
        while index < len(self.tree):
            self.tree[index] -= 1
            index += index & -index


def _placements(
    current: list[Hashable], target: list[Hashable], values: list[JSON], ptr: str, forward: bool
) -> list[dict[str, JSON]]:
    """Moves and adds that turn the list ``current`` into ``target`` (keys, no repeats)."""
    where = {key: i for i, key in enumerate(current)}
    unplaced = _Fenwick(len(current))
    remaining = len(current)
    ops: list[dict[str, JSON]] = []
    order = range(len(target)) if forward else range(len(target) - 1, -1, -1)
    for j in order:
        key = target[j]
        # Forward, the list is the placed prefix then the unplaced items in their old
        # order; backward, the unplaced items then the placed suffix.
        goal = j if forward else remaining
        index = where.get(key)
        if index is None:
            ops.append({"op": "add", "path": _pointer(ptr, goal), "value": values[j]})
            continue
        at = unplaced.before(index) + (j if forward else 0)
        unplaced.remove(index)
        remaining -= 1
        goal = j if forward else remaining
        if at != goal:
            ops.append({"op": "move", "from": _pointer(ptr, at), "path": _pointer(ptr, goal)})
    return ops


class _Walker:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.operations: list[dict[str, JSON]] = []
        self.verdicts: list[EvidenceVerdict | None] = []
        self.holders: list[_Holder] = []

    def verdict(
        self, kind: ChangeKind, parts: PathParts, old: JSON, new: JSON
    ) -> EvidenceVerdict | None:
        if not self.holders or kind is ChangeKind.REORDERED or "evidence" in parts:
            return None
        before: set[str] = set()
        after: set[str] = set()
        for holder in self.holders:
            before.update(_supporting(holder.x, holder.field))
            after.update(_supporting(holder.y, holder.field))
        before |= _own(old)
        after |= _own(new)
        if before != after:
            return EvidenceVerdict.CHANGED
        return EvidenceVerdict.SAME if after else EvidenceVerdict.NONE

    def change(
        self, kind: ChangeKind, parts: PathParts, old: JSON, new: JSON, record: str | None
    ) -> None:
        self.changes.append(
            Change(kind=kind, path=json_path(parts), old=old, new=new, record=record)
        )
        self.verdicts.append(self.verdict(kind, parts, old, new))

    def value(
        self,
        x: JSON,
        y: JSON,
        cls: type | None,
        pa: PathParts,
        pb: PathParts,
        ptr: str,
        record: str | None,
    ) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            self.object(x, y, cls, pa, pb, ptr, record)
        elif isinstance(x, list) and isinstance(y, list):
            self.array(x, y, cls, pa, pb, ptr, record)
        elif type(x) is not type(y) or x != y:
            self.change(ChangeKind.CHANGED, pb, x, y, record)
            self.operations.append({"op": "replace", "path": ptr, "value": y})

    def object(
        self,
        x: dict[str, JSON],
        y: dict[str, JSON],
        cls: type | None,
        pa: PathParts,
        pb: PathParts,
        ptr: str,
        record: str | None,
    ) -> None:
        if cls is not None and issubclass(cls, Record):
            record = y.get("id", record)
        children = _children(cls) if cls is not None and attrs.has(cls) else {}
        holder = _Holder(x, y) if "evidence" in children else None
        if holder is not None:
            self.holders.append(holder)
        for key, old in x.items():
            if holder is not None:
                holder.field = key
            if key not in y:
                self.change(ChangeKind.REMOVED, (*pa, key), old, None, record)
                self.operations.append({"op": "remove", "path": _pointer(ptr, key)})
            else:
                child = children.get(key)
                self.value(old, y[key], child, (*pa, key), (*pb, key), _pointer(ptr, key), record)
        for key, new in y.items():
            if key not in x:
                if holder is not None:
                    holder.field = key
                self.change(ChangeKind.ADDED, (*pb, key), None, new, record)
                self.operations.append({"op": "add", "path": _pointer(ptr, key), "value": new})
        if holder is not None:
            self.holders.pop()

    def keys(self, items: list[JSON], cls: type | None) -> list[Hashable] | None:
        """The key of each item, or ``None`` when the items cannot be matched by key."""
        keys: list[Hashable]
        if all(isinstance(item, dict) for item in items):
            function = _key_function(cls) if cls is not None else None
            if function is None:
                return None
            keys = [function(item) for item in items]
            if any(key is None or key == (None,) for key in keys):
                return None
        elif any(isinstance(item, (dict, list)) for item in items):
            return None
        else:
            # The type keeps 1 and True apart.
            keys = [(type(item).__name__, item) for item in items]
        return keys if len(set(keys)) == len(keys) else None

    def array(
        self,
        x: list[JSON],
        y: list[JSON],
        cls: type | None,
        pa: PathParts,
        pb: PathParts,
        ptr: str,
        record: str | None,
    ) -> None:
        kx = self.keys(x, cls)
        ky = self.keys(y, cls) if kx is not None else None
        if kx is None or ky is None:
            self.positional(x, y, cls, pa, pb, ptr, record)
            return
        in_x = {key: i for i, key in enumerate(kx)}
        in_y = {key: j for j, key in enumerate(ky)}
        of_records = isinstance(cls, type) and issubclass(cls, Record)
        for i in range(len(x) - 1, -1, -1):
            if kx[i] not in in_y:
                here = x[i].get("id", record) if of_records else record
                self.change(ChangeKind.REMOVED, (*pa, i), x[i], None, here)
                self.operations.append({"op": "remove", "path": _pointer(ptr, i)})
        # Removals were listed last-first for the patch; report them in document order.
        removed = sum(1 for key in kx if key not in in_y)
        if removed > 1:
            self.changes[-removed:] = self.changes[-removed:][::-1]
            self.verdicts[-removed:] = self.verdicts[-removed:][::-1]
        current = [key for key in kx if key in in_y]
        for at, key in enumerate(current):
            i, j = in_x[key], in_y[key]
            self.value(
                x[i], y[j], _item_class(cls, y[j]), (*pa, i), (*pb, j), _pointer(ptr, at), record
            )
        common_in_y = [key for key in ky if key in in_x]
        if not of_records and common_in_y != current:
            self.change(ChangeKind.REORDERED, pb, x, y, record)
        for j, key in enumerate(ky):
            if key not in in_x:
                here = y[j].get("id", record) if of_records else record
                self.change(ChangeKind.ADDED, (*pb, j), None, y[j], here)
        forward = _placements(current, ky, y, ptr, forward=True)
        backward = _placements(current, ky, y, ptr, forward=False)
        self.operations.extend(forward if len(forward) <= len(backward) else backward)

    def positional(
        self,
        x: list[JSON],
        y: list[JSON],
        cls: type | None,
        pa: PathParts,
        pb: PathParts,
        ptr: str,
        record: str | None,
    ) -> None:
        for i in range(min(len(x), len(y))):
            self.value(
                x[i], y[i], _item_class(cls, y[i]), (*pa, i), (*pb, i), _pointer(ptr, i), record
            )
        for i in range(len(y), len(x)):
            self.change(ChangeKind.REMOVED, (*pa, i), x[i], None, record)
        for i in range(len(x) - 1, len(y) - 1, -1):
            self.operations.append({"op": "remove", "path": _pointer(ptr, i)})
        for i in range(len(x), len(y)):
            self.change(ChangeKind.ADDED, (*pb, i), None, y[i], record)
            self.operations.append({"op": "add", "path": _pointer(ptr, i), "value": y[i]})
