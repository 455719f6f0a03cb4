"""Writing JSON through the package's C extension, :mod:`._speedups`, when it was built.

The package compiles a small C extension when it is installed where a C compiler is at
hand; where none is, it installs without it and this module is not used. For every
model class, the extension gets a :class:`~._speedups.Writer` that knows each field's
slot, key, kind and default, and writes an object of exactly that class as the
converter writes it: the same keys in the same order, defaults left out, records
tagged, text escaped as the json module escapes it.

This is exact because every model object holds values of exactly its fields' types,
which its construction checks (:class:`~aigovernance._checking.FieldType`). The writer
still checks each value's type as it goes; anything it cannot write exactly (a value
set behind the model's back, an int beyond 64 bits, text with no UTF-8 form) raises,
and the caller writes the value the general way, which gives the verdict.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any, Final

import attrs

from aigovernance._checking import Model, shape
from aigovernance._values import PartialDate
from aigovernance._vocabulary import VOCABULARIES
from aigovernance.model import RECORD_CLASSES, Dataset, Record
from aigovernance.serialization._fast import Codec, Miss

__all__ = ["NativeJSON"]

_MISS: Final = Miss  # raised as a class: a new exception each time, which keeps no old traceback

# The kinds of value the C writer knows (see ``_speedups.c``).
_TEXT, _INT, _BOOL, _DATE, _MODEL, _RECORD, _TERM = range(7)


class _Unsupported(Exception):
    """A class the C writer cannot write as the converter does; it is written otherwise."""


def _slot(cls: type, name: str) -> Any:
    """The member descriptor of field ``name``'s slot in ``cls``."""
    found = Codec.slot(cls, name)
    if found is None:
        raise _Unsupported(cls)
    return found


class NativeJSON:
    """A C writer for every model class it can write exactly.

    Attributes:
        classes: the classes written this way.
    """

    def __init__(self, speedups: ModuleType) -> None:
        self._speedups = speedups
        self._writers: dict[type, Any] = {}
        date_fields = tuple(
            (_slot(PartialDate, name), b"", _INT, False, True, False, None, None)
            for name in ("year", "month", "day")
        )
        self._date = speedups.Writer(PartialDate, b"{", date_fields)
        self._records: dict[type, Any] | None = None
        for cls in (*RECORD_CLASSES.values(), Dataset):
            try:
                self._writer(cls)
            except _Unsupported:
                continue
        self.classes = frozenset(self._writers)

    def write(self, value: Any) -> bytes:
        """The compact JSON bytes of the model object ``value``.

        Raises:
            Miss: its class has no writer (a subclass is not its parent).
            Exception: a value the writer cannot write exactly; the general way decides.
        """
        raw: bytes = self._writer_of(value)(value)
        return raw

    def text(self, value: Any) -> str:
        """:meth:`write`'s JSON as text, made without a second pass over the bytes.

        Raises:
            Miss: its class has no writer (a subclass is not its parent).
            Exception: a value the writer cannot write exactly; the general way decides.
        """
        text: str = self._writer_of(value).text(value)
        return text

    def _writer_of(self, value: Any) -> Any:
        """The writer of exactly ``value``'s class, or :class:`Miss`."""
        writer = self._writers.get(type(value))
        if writer is None:
            raise _MISS
        return writer

    def _writer(self, cls: type) -> Any:
        existing = self._writers.get(cls)
        if existing is not None:
            return existing
        if not (isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)):
            raise _Unsupported(cls)
        attrs.resolve_types(cls)
        spec: list[tuple[Any, ...]] = []
        for a in Codec.written_order(cls):
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                raise _Unsupported(cls)
            form = shape(a.type)
            kind, arg = self._kind(form.item)
            key = json.dumps(a.name).encode() + b":"
            omit = not Codec.always_written(cls, a)
            slot = _slot(cls, a.name)
            spec.append((slot, key, kind, form.many, form.optional, omit, a.default, arg))
        prefix = b"{"
        if issubclass(cls, Record):
            prefix += b'"type":' + json.dumps(cls.type).encode()
        writer = self._speedups.Writer(cls, prefix, tuple(spec))
        self._writers[cls] = writer
        return writer

    def _kind(self, tp: Any) -> tuple[int, Any]:
        """The kind of value ``tp`` is to the C writer, and what that kind needs."""
        if tp is str:
            return _TEXT, None
        if tp in VOCABULARIES:
            # The writer writes a term's text, which is its value for the model's
            # vocabularies (str Enums); one whose text were another would not be exact.
            if any(str.__str__(term) != term.value for term in tp):
                raise _Unsupported(tp)
            return _TERM, tp
        if tp is bool:
            return _BOOL, None
        if tp is int:
            return _INT, None
        if tp is PartialDate:
            return _DATE, self._date
        if tp is Record:
            if self._records is None:
                self._records = {c: self._writer(c) for c in RECORD_CLASSES.values()}
            return _RECORD, self._records
        if tp is not Dataset:
            return _MODEL, self._writer(tp)
        raise _Unsupported(tp)
