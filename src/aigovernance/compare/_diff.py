"""Field-level differences between two model values, and the JSON Patch between them."""

from __future__ import annotations

import copy
import enum
import json
import typing
from collections.abc import Callable, Hashable, Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, Final

import attrs
from attrs import frozen

from aigovernance._checking import Model, shape
from aigovernance._values import Evidence, Identifier, Translation
from aigovernance.model import (
    RECORD_CLASSES,
    Dataset,
    Participation,
    Principle,
    Record,
    Section,
    SectionItem,
)
from aigovernance.serialization._errors import json_path
from aigovernance.serialization._json import _collector_paused, to_dict

__all__ = ["NATURAL_KEYS", "Change", "ChangeKind", "Diff", "EvidenceVerdict", "diff"]

JSON = Any
PathParts = tuple[str | int, ...]
KeyFunction = Callable[[Mapping[str, JSON]], Hashable]


def _by(*names: str) -> KeyFunction:
    if len(names) == 1:
        (name,) = names
        return lambda item: item.get(name)
    return lambda item: tuple(item.get(name) for name in names)


NATURAL_KEYS: Final[Mapping[type, KeyFunction]] = MappingProxyType(
    {
        Record: _by("id"),
        Principle: _by("ordinal"),
        SectionItem: _by("ordinal"),
        Section: _by("name"),
        Participation: _by("actor"),
        Translation: _by("lang"),
        Identifier: _by("scheme", "value"),
        Evidence: _by("source", "start", "end"),
    }
)
"""How the items of a tuple of each model class are matched between two versions.

Records and sources are matched by ``id``; principles and section items by ``ordinal``;
sections by ``name``; participations by ``actor``; translations by ``lang``; identifiers
by scheme and value; evidence by source and span. A tuple is matched by key only when
every item on both sides has a key and no key repeats; otherwise, and for classes not
listed (purposes, places), items are matched by position. Tuples of plain values (ids,
themes, aspects) are matched by value when no value repeats.
"""


class ChangeKind(str, enum.Enum):
    """What happened to a value between the two versions."""

    ADDED = "added"
    """The value is new in the second version."""
    REMOVED = "removed"
    """The value is gone from the second version."""
    CHANGED = "changed"
    """The value is in both versions but differs."""
    REORDERED = "reordered"
    """The same items stand in another order (never reported for records and sources,
    whose order carries no meaning)."""

    def __str__(self) -> str:
        return str(self.value)


class EvidenceVerdict(str, enum.Enum):
    """Whether the evidence supporting a changed fact changed with it.

    A fact's supporting evidence is the evidence held by the objects that contain it
    (the record, a participation, a section item ...) that names the fact's field, or
    no field (it then supports the whole object), and the evidence of an added or
    removed object itself.
    """

    CHANGED = "changed"
    """Its supporting evidence changed too: added, removed or moved to another span."""
    SAME = "same"
    """The fact changed but the evidence supporting it did not: worth a reviewer's eye."""
    NONE = "none"
    """No evidence supports the fact in either version."""

    def __str__(self) -> str:
        return str(self.value)


_VERDICT_LINES: Final = {
    EvidenceVerdict.CHANGED: "    evidence changed too",
    EvidenceVerdict.SAME: "    ! same evidence as before: no new source supports this",
    EvidenceVerdict.NONE: "    ! no evidence supports this in either version",
}


@frozen(kw_only=True)
class Change:
    """One difference between two versions of a value.

    Attributes:
        kind: added, removed, changed or reordered.
        path: a JSON path (``$.records[3].title``) into ``to_dict(b)`` for added, changed
            and reordered values, and into ``to_dict(a)`` for removed ones; indices are
            positions in that document.
        old: the JSON-ready value in ``a``; ``None`` for an added value.
        new: the JSON-ready value in ``b``; ``None`` for a removed value.
        record: the id of the record or source the change lies in, if any.
    """

    kind: ChangeKind
    path: str
    old: JSON = None
    new: JSON = None
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} ({self.record})" if self.record else self.path
        lines = [f"{self.kind.value:<9} {where}"]
        if self.kind is not ChangeKind.ADDED:
            lines.append(f"    - {_show(self.old)}")
        if self.kind is not ChangeKind.REMOVED:
            lines.append(f"    + {_show(self.new)}")
        return "\n".join(lines)


def _show(value: JSON, width: int = 96) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


@frozen(kw_only=True)
class Diff:
    """The differences between two values of one model type.

    ``changes`` lists what differs, matched as :data:`NATURAL_KEYS` describes; a dataset
    whose records or sources are merely reordered has none. :meth:`to_json_patch` gives
    the RFC 6902 operations that turn ``to_dict(a)`` into ``to_dict(b)`` exactly,
    reordering included. A diff is true when something changed.

    >>> import aigovernance as ag
    >>> a = ag.State(id="state:ZMB", name="Zambia", code="ZMB")
    >>> d = ag.diff(a, ag.State(id="state:ZMB", name="Republic of Zambia", code="ZMB"))
    >>> print(d)
    1 change
    changed   $.name (state:ZMB)
        - "Zambia"
        + "Republic of Zambia"
    >>> d.to_json_patch()
    [{'op': 'replace', 'path': '/name', 'value': 'Republic of Zambia'}]

    Attributes:
        changes: the differences, in document order.
    """

    changes: tuple[Change, ...]
    _operations: tuple[Mapping[str, JSON], ...] = attrs.field(alias="operations", repr=False)
    verdicts: tuple[EvidenceVerdict | None, ...] = attrs.field(default=(), repr=False)
    """For each change, in order, whether the evidence supporting it changed too; ``None``
    where no evidence can support it (the dataset's header, whole records and sources,
    evidence itself, a reordering)."""

    def verdict(self, change: Change) -> EvidenceVerdict | None:
        """The :class:`EvidenceVerdict` of one of :attr:`changes`.

        Raises:
            ValueError: ``change`` is not one of this diff's changes.
        """
        for candidate, verdict in zip(self.changes, self.verdicts, strict=True):
            if candidate is change:
                return verdict
        return self.verdicts[self.changes.index(change)]

    @property
    def unsupported(self) -> tuple[Change, ...]:
        """The changed facts whose supporting evidence did not change (or there is none).

        A fact that changed while no new source was cited deserves a reviewer's look.
        """
        keep = (EvidenceVerdict.SAME, EvidenceVerdict.NONE)
        return tuple(c for c, v in zip(self.changes, self.verdicts, strict=True) if v in keep)

    def report(self, *, evidence: bool = True) -> str:
        """The readable report; with ``evidence``, each fact's evidence verdict under it.

        ``str(diff)`` is ``diff.report(evidence=False)``.
        """
        if not self.changes:
            return "no changes"
        count = len(self.changes)
        lines = [f"{count} change{'s' if count != 1 else ''}"]
        verdicts = self.verdicts if evidence else (None,) * count
        for change, verdict in zip(self.changes, verdicts, strict=True):
            lines.append(str(change))
            if verdict is not None:
                lines.append(_VERDICT_LINES[verdict])
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def to_json_patch(self) -> list[dict[str, JSON]]:
        """RFC 6902 operations that turn ``to_dict(a)`` into ``to_dict(b)``; ``[]`` when equal.

        Operations apply in order, each path valid in the document the previous ones
        leave. JSON objects are unordered, so a field added to an object may come last.
        """
        return [copy.deepcopy(dict(operation)) for operation in self._operations]

    def __str__(self) -> str:
        return self.report(evidence=False)


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
    with _collector_paused(True):
        if type(a) is Dataset:
            documents = _documents_of_changed_records(a, b)
            if documents is not None:
                walker = _Walker()
                x, y = documents
                for name in ("sources", "records"):
                    for document, value in ((x, a), (y, b)):
                        if name in document:
                            ids = [item.id for item in getattr(value, name)]
                            walker.known_keys[id(document[name])] = ids
                walker.value(x, y, Dataset, (), (), "", None)
                return walker.result()
        return _whole_documents(a, b)


def _documents_of_changed_records(
    a: Dataset, b: Dataset
) -> tuple[dict[str, JSON], dict[str, JSON]] | None:
    """The documents of two datasets, each record or source equal on both sides a stand-in.

    Both documents share the one stand-in of such a record, and the walk skips a value
    found on both sides as the same object, so only the records and sources that differ
    are made into JSON and visited; the stand-in keeps the id they are matched by and
    their place, which is all the patch needs of them. ``None`` when an id repeats on
    either side: items are then matched by position, and the whole documents are walked.
    """
    header_a = to_dict(attrs.evolve(a, sources=(), records=()))
    header_b = to_dict(attrs.evolve(b, sources=(), records=()))
    for name in ("sources", "records"):
        xs: tuple[Record, ...] = getattr(a, name)
        ys: tuple[Record, ...] = getattr(b, name)
        in_a = {item.id: item for item in xs}
        in_b = {item.id: item for item in ys}
        if len(in_a) != len(xs) or len(in_b) != len(ys):
            return None
        shared: dict[str, JSON] = {}
        for key, x in in_a.items():
            y = in_b.get(key)
            if y is not None and (y is x or y == x):
                shared[key] = {"id": key}
        if xs or name in header_a:
            header_a[name] = [shared.get(x.id) or to_dict(x) for x in xs]
        if ys or name in header_b:
            header_b[name] = [shared.get(y.id) or to_dict(y) for y in ys]
    return header_a, header_b


def _whole_documents(a: Any, b: Any) -> Diff:
    """The diff found by walking every node of ``to_dict(a)`` and ``to_dict(b)``."""
    walker = _Walker()
    walker.value(to_dict(a), to_dict(b), type(a), (), (), "", None)
    return walker.result()


@cache
def _children(cls: type) -> Mapping[str, type | None]:
    """For each field of ``cls``: the model class of its value, or of its items."""
    hints = typing.get_type_hints(cls)
    out: dict[str, type | None] = {}
    for field in attrs.fields(cls):
        hint = shape(hints[field.name]).item
        out[field.name] = hint if isinstance(hint, type) and attrs.has(hint) else None
        if hint is Record:
            out[field.name] = Record
    return MappingProxyType(out)


@cache
def _key_function(cls: type) -> KeyFunction | None:
    for base in cls.__mro__:
        if base in NATURAL_KEYS:
            return NATURAL_KEYS[base]
    return None


def _item_class(cls: type | None, item: JSON) -> type | None:
    if cls is Record and isinstance(item, dict):
        return RECORD_CLASSES.get(item.get("type"), Record)  # type: ignore[arg-type]
    return cls


def _pointer(parent: str, part: str | int) -> str:
    return f"{parent}/{str(part).replace('~', '~0').replace('/', '~1')}"


_Placement = tuple[int | None, int, int]
"""One step of a placement: the position an item is moved from (``None`` for an item
added), the position it goes to, and its index in the target list."""


def _placements(current: list[Hashable], target: list[Hashable], forward: bool) -> list[_Placement]:
    """Moves and adds that turn the list ``current`` into ``target`` (keys, no repeats)."""
    where = {key: i for i, key in enumerate(current)}
    size = remaining = len(current)
    # A Fenwick tree of the items not yet placed, by position, for prefix counts in log
    # time; with every item present, node i counts the i & -i items it covers.
    unplaced = [i & -i for i in range(size + 1)]
    steps: list[_Placement] = []
    order = range(len(target)) if forward else range(len(target) - 1, -1, -1)
    for j in order:
        # Forward, the list is the placed prefix then the unplaced items in their old
        # order; backward, the unplaced items then the placed suffix.
        index = where.get(target[j])
        if index is None:
            steps.append((None, j if forward else remaining, j))
            continue
        at = j if forward else 0
        node = index
        while node > 0:
            at += unplaced[node]
            node -= node & -node
        node = index + 1
        while node <= size:
            unplaced[node] -= 1
            node += node & -node
        remaining -= 1
        goal = j if forward else remaining
        if at != goal:
            steps.append((at, goal, j))
    return steps


def _moves(current: list[Hashable], target: list[Hashable]) -> tuple[int, int]:
    """How many moves :func:`_placements` makes forward and backward, in linear time.

    Forward, an item stays where it is when no item before it is still unplaced: when it
    is the first unplaced one; backward, when it is the last.
    """
    where = {key: i for i, key in enumerate(current)}
    indices = [index for index in map(where.get, target) if index is not None]
    # One flag per item, and a last one never set: the edge stops there either way
    # (index -1 is that last flag too).
    placed = bytearray(len(current) + 1)
    edge, ahead = 0, 0
    for index in indices:
        ahead += index != edge
        placed[index] = 1
        while placed[edge]:
            edge += 1
    placed = bytearray(len(current) + 1)
    edge, behind = len(current) - 1, 0
    for index in reversed(indices):
        behind += index != edge
        placed[index] = 1
        while placed[edge]:
            edge -= 1
    return ahead, behind


def _placement_operations(
    steps: list[_Placement], values: list[JSON], ptr: str
) -> Iterator[dict[str, JSON]]:
    """The JSON Patch operations of the steps of :func:`_placements`."""
    for at, goal, j in steps:
        if at is None:
            yield {"op": "add", "path": f"{ptr}/{goal}", "value": values[j]}
        else:
            yield {"op": "move", "from": f"{ptr}/{at}", "path": f"{ptr}/{goal}"}


def _supporting(holder: JSON, field: str) -> Iterator[str]:
    """The evidence of a JSON object that supports its ``field``, each as a JSON text."""
    for evidence in holder.get("evidence", ()) if isinstance(holder, dict) else ():
        if isinstance(evidence, dict):
            fields = evidence.get("fields") or ()
            if not fields or field in fields:
                yield json.dumps(evidence, sort_keys=True, ensure_ascii=False)


def _own(value: JSON) -> set[str]:
    """The evidence an added or removed object holds itself."""
    if not isinstance(value, dict):
        return set()
    return {json.dumps(e, sort_keys=True, ensure_ascii=False) for e in value.get("evidence", ())}


class _Holder:
    """An object on the way down that may hold evidence, in both versions."""

    __slots__ = ("field", "x", "y")

    def __init__(self, x: JSON, y: JSON) -> None:
        self.x, self.y = x, y
        self.field: str = ""


class _Walker:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.operations: list[dict[str, JSON]] = []
        self.verdicts: list[EvidenceVerdict | None] = []
        self.holders: list[_Holder] = []
        # The keys of lists whose keys are known beforehand (the records and sources of a
        # dataset, from their objects), by the identity of the list, alive for the walk.
        self.known_keys: dict[int, list[Hashable]] = {}

    def result(self) -> Diff:
        return Diff(
            changes=tuple(self.changes),
            operations=tuple(self.operations),
            verdicts=tuple(self.verdicts),
        )

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
        if x is y:
            return
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
        known = self.known_keys.get(id(items))
        if known is not None:
            return known
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
        if kx == ky:
            # The same items in the same order (a dataset edited in place): nothing is
            # removed, added or moved, and each item is compared with its counterpart.
            for i, (old, new) in enumerate(zip(x, y, strict=True)):
                if old is not new:
                    self.value(
                        old, new, _item_class(cls, new), (*pa, i), (*pb, i), f"{ptr}/{i}", record
                    )
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
            if x[i] is not y[j]:
                self.value(
                    x[i], y[j], _item_class(cls, y[j]), (*pa, i), (*pb, j), f"{ptr}/{at}", record
                )
        common_in_y = [key for key in ky if key in in_x]
        if not of_records and common_in_y != current:
            self.change(ChangeKind.REORDERED, pb, x, y, record)
        for j, key in enumerate(ky):
            if key not in in_x:
                here = y[j].get("id", record) if of_records else record
                self.change(ChangeKind.ADDED, (*pb, j), None, y[j], here)
        if current != ky:
            # Items in the same order, none added, need no placement either way.
            # Both ways add the same items: the one with fewer moves is kept, as the
            # shorter patch.
            ahead, behind = _moves(current, ky)
            steps = _placements(current, ky, forward=ahead <= behind)
            self.operations.extend(_placement_operations(steps, y, ptr))

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
