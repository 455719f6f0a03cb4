"""Typed reading and writing of JSON bytes through msgspec, when it is installed.

msgspec decodes JSON straight into :class:`msgspec.Struct` types, checking types in C.
It cannot make this model's objects itself (it ignores unknown keys of attrs classes,
cannot tell records apart by their ``"type"`` tag, and would read a partial date as an
object), so each model class gets a *mirror*: a Struct with the same fields in the
order :func:`~aigovernance.to_json` writes them, unknown keys forbidden, defaults left
out, records tagged. Reading a document then takes three steps:

1. msgspec decodes the bytes into mirrors, checking every JSON type, unknown key, type
   tag and vocabulary term;
2. it is proved that no object has a key twice, which msgspec does not tell (it keeps
   the last): with the package's C extension, by one pass over the bytes
   (:func:`~aigovernance.serialization._speedups.distinct_keys`); without it, or where
   that pass cannot tell (a key written with an escape), by encoding the mirrors again,
   which must give back the very bytes read, compact or indented by two (a dataset's
   compact text is compared a few records at a time, so that no second copy of it is
   made);
3. each class's builder makes the model object from its mirror, parses the partial
   dates and runs the model's compiled checks. With the package's C extension the
   builder is a :class:`~aigovernance.serialization._speedups.Builder`, which makes the
   object and sets its fields in C, runs the checks that have a native form itself
   (:func:`~aigovernance._checking.native_plan`), then calls a generated function
   holding the others, if any are left, and frees each record's mirror once its object
   is made; without it, a generated function does it all.

Any doubt at any step raises :class:`~aigovernance.serialization._fast.Miss`, and the
caller reads the same bytes the general way, which gives the verdict and the located
problems. So this path only ever accepts what the converter accepts, building equal
objects.

Writing goes the other way (where the C extension, which writes directly, was not
built): msgspec converts the model object into its mirror, reading
the fields as attributes, and encodes the mirror, all in C. msgspec's conversion is
looser than the converter: it takes text where a vocabulary term belongs, a list where a
tuple does, a dict where a model object does. A model object's construction checks hold
values of exactly its fields' types (:class:`~aigovernance._checking.FieldType`), but
``object.__setattr__`` can put any value in a field, so a generated *guard* first checks
the exact type of every value, as the converter and the C writer do, and steps aside
from an object holding any other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any, Final, Union

import attrs

from aigovernance._checking import Model, model_fields, native_plan, shape
from aigovernance._values import PartialDate
from aigovernance._vocabulary import VOCABULARIES
from aigovernance.model import RECORD_CLASSES, SCHEMA_VERSION, Dataset, Record
from aigovernance.serialization._fast import Codec, Miss

__all__ = ["TypedJSON"]

_MISS: Final = Miss  # raised as a class: a new exception each time, which keeps no old traceback
_INDENTED: Final = (b"{\n", b"[\n")
_RECORDS_AT_ONCE: Final = 256
"""How many of a dataset's records are encoded again at once, to compare with the bytes read."""
# What the C builder does with a mirror's value (see ``_speedups.c``).
_SAME, _CALL, _MODEL, _MODELS, _RECORDS = range(5)


class _Unsupported(Exception):
    """A class the mirrors cannot express; it is read the general way."""


class _DateText(str):
    """A partial date's ISO text in a mirror written: a plain string to JSON.

    Mirrors read hold a date's text as a plain ``str``, which the builder parses;
    msgspec reads and writes that without calling back into Python. Mirrors written need
    a type of their own, which msgspec's conversion from the model object turns a
    partial date into (``_dec_hook``).
    """

    __slots__ = ()


def _raise_miss(_: object) -> None:
    raise _MISS


def _current_version_only(var: str) -> str:
    """The line that steps aside from a dataset ``var`` not of the current schema version.

    Only a document of the current version, which migration leaves as it is, may skip
    the migration the converter runs; where even the current version has a migration
    step, no dataset is read this way.
    """
    from aigovernance.serialization._migrate import MIGRATIONS

    if SCHEMA_VERSION in MIGRATIONS:
        raise _Unsupported(Dataset)
    return f"    if {var}.schema_version != {SCHEMA_VERSION!r}: raise _MISS"


def _dec_hook(tp: type, value: Any) -> Any:
    if tp is _DateText and type(value) is PartialDate:
        return _DateText(PartialDate.isoformat(value))
    raise NotImplementedError


def _enc_hook(value: Any) -> Any:
    if type(value) is _DateText:
        return str(value)
    raise NotImplementedError


class TypedJSON:
    """Mirrors, decoders and builders for every model class the mirrors can express.

    Attributes:
        classes: the classes (and :class:`~aigovernance.Record`) read and written this way.
    """

    def __init__(
        self, msgspec: ModuleType, codec: Codec, speedups: ModuleType | None = None
    ) -> None:
        self._msgspec = msgspec
        self._speedups = speedups
        # Proves in one pass that no object has a key twice, or says it cannot tell.
        self._distinct_keys: Callable[[bytes], bool] | None = (
            None if speedups is None else speedups.distinct_keys
        )
        self._mirrors: dict[Any, Any] = {}  # read
        self._written: dict[Any, Any] = {}  # written, made on first use
        self._builders: dict[type, Callable[[Any], Any]] = {}
        self._names = itertools.count()
        self._globals: dict[str, Any] = {
            "_MISS": _MISS,
            "_miss": _raise_miss,
            "_new": object.__new__,
            "_tuple": tuple,
            "_map": map,
            "_date": codec.date,  # the fast path's cache of parsed dates, shared
        }
        self._decoders: dict[Any, Any] = {}
        self._guards: dict[type, Callable[[Any], None]] = {}
        self._guard_names: dict[Any, str] = {}
        self._encoder = msgspec.json.Encoder(enc_hook=_enc_hook)
        for cls in (*RECORD_CLASSES.values(), Dataset):
            try:
                self._mirror(cls)
            except _Unsupported:
                continue
        if all(cls in self._mirrors for cls in RECORD_CLASSES.values()):
            self._mirrors[Record] = Union[tuple(self._mirrors[c] for c in RECORD_CLASSES.values())]  # noqa: UP007
            by_mirror = {self._mirrors[c]: self._builders[c] for c in RECORD_CLASSES.values()}
            self._globals["_by_mirror"] = by_mirror
            self._builders[Record] = self._compile(
                "_build_record", "def _build_record(m):\n    return _by_mirror[type(m)](m)"
            )
        self.classes = frozenset(self._builders)
        # A dataset's records, written last, can be compared with the text on their own.
        dataset = self._mirrors.get(Dataset)
        self._records_last = dataset is not None and dataset.__struct_fields__[-1] == "records"

    # -------------------------------------------------------------------- reading

    def read(self, raw: bytes, cls: Any) -> Any:
        """The ``cls`` in ``raw``, or :class:`Miss` when the general way must decide."""
        decoder = self._decoders.get(cls)
        if decoder is None:
            if cls not in self.classes:
                raise _MISS
            decoder = self._msgspec.json.Decoder(self._mirrors[cls])
            self._decoders[cls] = decoder
        try:
            mirror = decoder.decode(raw)
        except (self._msgspec.ValidationError, self._msgspec.DecodeError):
            raise _MISS from None
        if self._distinct_keys is not None and self._distinct_keys(raw):
            if cls is Dataset:
                self._records_freed_as_built(mirror)
        else:
            end = len(raw) - 1 if raw.endswith(b"\n") else len(raw)
            if cls is Dataset and self._records_last and not raw.startswith(_INDENTED):
                self._same_records(mirror, raw, end)
            else:
                self._same_bytes(mirror, raw, end)
        return self._builders[cls](mirror)

    def _records_freed_as_built(self, mirror: Any) -> None:
        """Hand a dataset's record mirrors to the C builder in a list, which it empties.

        Each mirror is then freed once its object is made, so that the mirrors and the
        objects of a large document are not all alive at once.
        """
        if self._speedups is not None and mirror.records:
            mirror.records = list(mirror.records)

    def _same_bytes(self, mirror: Any, raw: bytes, end: int) -> None:
        """Raise :class:`Miss` unless ``mirror`` encodes to ``raw[:end]``, compact or indented."""
        again = self._encoder.encode(mirror)
        if len(again) == end and raw.startswith(again):
            return
        if raw.startswith(_INDENTED):
            again = self._msgspec.json.format(again, indent=2)
            if len(again) == end and raw.startswith(again):
                return
        raise _MISS

    def _same_records(self, mirror: Any, raw: bytes, end: int) -> None:
        """:meth:`_same_bytes` for a dataset's compact text, a few records at a time.

        The dataset's mirror encodes as its other fields, then ``"records":[``, each
        record's mirror encoded, comma-separated, and ``]}``, which is compared piece by
        piece with the bytes read: no second copy of a large document is ever made.
        """
        records = mirror.records
        if not records:
            self._same_bytes(mirror, raw, end)
            return
        mirror.records = ()
        head = memoryview(self._encoder.encode(mirror))  # the other fields, "{...}"
        opening = b',"records":[' if len(head) > 2 else b'"records":['
        position = len(head) - 1
        if not (raw.startswith(head[:-1]) and raw.startswith(opening, position)):
            raise _MISS
        position += len(opening)
        for first in range(0, len(records), _RECORDS_AT_ONCE):
            if first:
                if not raw.startswith(b",", position):
                    raise _MISS
                position += 1
            part = memoryview(self._encoder.encode(records[first : first + _RECORDS_AT_ONCE]))
            if not raw.startswith(part[1:-1], position):  # the items, without "[" and "]"
                raise _MISS
            position += len(part) - 2
        if not (end - position == 2 and raw.startswith(b"]}", position)):
            raise _MISS
        mirror.records = records
        self._records_freed_as_built(mirror)

    # -------------------------------------------------------------------- writing

    def write(self, value: Any) -> bytes:
        """The compact JSON of the model object ``value``, or :class:`Miss`.

        Only objects whose class has a mirror are written (a subclass is not its
        parent); any error (text with no UTF-8 form, say) leaves the general way to
        write the value or report the problem.
        """
        mirror = self._written.get(type(value))
        if mirror is None:
            if type(value) not in self._mirrors:
                raise _MISS
            mirror = self._mirror(type(value), writing=True)
        guard = self._guards.get(type(value))
        if guard is None:
            guard = self._guard(type(value))
        guard(value)
        msgspec = self._msgspec
        try:
            converted = msgspec.convert(value, mirror, from_attributes=True, dec_hook=_dec_hook)
            raw: bytes = self._encoder.encode(converted)
        except Exception:
            raise _MISS from None
        return raw

    def indent(self, raw: bytes) -> bytes:
        """Compact JSON ``raw`` indented by two spaces, as :func:`json.dumps` indents it."""
        formatted: bytes = self._msgspec.json.format(raw, indent=2)
        return formatted

    # -------------------------------------------------------------------- guards

    def _guard(self, cls: type) -> Callable[[Any], None]:
        """The function that raises :class:`Miss` unless a ``cls`` object holds exact types.

        It checks what the object's construction checked: the type of every field's
        value, of every item of a tuple, and, recursively, of the model objects within.
        """
        name = self._guard_name(cls)
        guard: Callable[[Any], None] = self._globals[name]
        return guard

    def _guard_name(self, tp: Any) -> str:
        """The global name of the guard of model class (or :class:`Record`) ``tp``."""
        name = self._guard_names.get(tp)
        if name is not None:
            return name
        name = f"_guard_{getattr(tp, '__name__', 'record')}_{next(self._names)}"
        self._guard_names[tp] = name  # before the body: a class may hold its own kind
        if tp is Record:
            by_type = {c: self._guard(c) for c in RECORD_CLASSES.values()}
            source = f"def {name}(o):\n    {self._bind('guards', by_type)}.get(type(o), _miss)(o)"
            self._compile(name, source)
            return name
        lines = [f"def {name}(o):", f"    if type(o) is not {self._bind('cls', tp)}: raise _MISS"]
        for a in model_fields(tp):
            form = shape(a.type)
            lines.append(f"    v = o.{a.name}")
            indent = "    "
            if form.optional:
                lines.append(f"{indent}if v is not None:")
                indent += "    "
            if form.many:
                lines.append(f"{indent}if type(v) is not _tuple: raise _MISS")
                lines.append(f"{indent}for i in v:")
                lines.append(f"{indent}    {self._guard_value(form.item, 'i')}")
            else:
                lines.append(f"{indent}{self._guard_value(form.item, 'v')}")
        guard = self._compile(name, "\n".join(lines))
        self._guards[tp] = guard
        return name

    def _guard_value(self, tp: Any, var: str) -> str:
        """The statement that raises :class:`Miss` unless ``var`` is exactly of type ``tp``."""
        if tp is Record or (isinstance(tp, type) and attrs.has(tp)):
            return f"{self._guard_name(tp)}({var})"
        return f"if type({var}) is not {self._bind('type', tp)}: raise _MISS"

    # ------------------------------------------------------------------- mirrors

    def _compile(self, name: str, source: str) -> Callable[[Any], Any]:
        exec(compile(source, f"<aigovernance typed {name}>", "exec"), self._globals)
        fn: Callable[[Any], Any] = self._globals[name]
        return fn

    def _bind(self, stem: str, value: Any) -> str:
        name = f"_{stem}_{next(self._names)}"
        self._globals[name] = value
        return name

    def _mirror_type(self, tp: Any, writing: bool = False) -> Any:
        """The type a mirror (read, or ``writing``) gives a value of model type ``tp``."""
        if tp in (str, int, bool) or tp in VOCABULARIES:
            return tp
        if tp is PartialDate:
            return _DateText if writing else str
        if tp is Record:
            return Union[tuple(self._mirror(c, writing) for c in RECORD_CLASSES.values())]  # noqa: UP007
        if isinstance(tp, type) and issubclass(tp, Model) and attrs.has(tp) and tp is not Dataset:
            return self._mirror(tp, writing)
        raise _Unsupported(tp)

    def _mirror(self, cls: type, writing: bool = False) -> Any:
        """The mirror of ``cls`` read (with its builder), or the one written."""
        mirrors = self._written if writing else self._mirrors
        existing = mirrors.get(cls)
        if existing is not None:
            return existing
        if not Codec.fast_constructible(cls):
            raise _Unsupported(cls)
        attrs.resolve_types(cls)
        fields = model_fields(cls)
        spec: list[tuple[Any, ...]] = []
        for a in Codec.written_order(cls):
            form = shape(a.type)
            tp = self._mirror_type(form.item, writing)
            if form.many:
                tp = tuple[tp, ...]  # type: ignore[valid-type]
            if form.optional:
                tp = tp | None
            if Codec.always_written(cls, a):
                spec.append((a.name, tp))
            elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                raise _Unsupported(cls)
            else:
                spec.append((a.name, tp, a.default))
        options: dict[str, Any] = {
            "kw_only": True,
            "forbid_unknown_fields": True,
            "omit_defaults": True,
            "gc": False,
        }
        if issubclass(cls, Record):
            options.update(tag_field="type", tag=cls.type)
        mirror = self._msgspec.defstruct(f"Mirror{cls.__name__}", spec, **options)
        mirrors[cls] = mirror
        if writing:
            return mirror
        if self._speedups is None:
            self._builders[cls] = self._make_builder(cls, fields)
        else:
            self._builders[cls] = self._native_builder(cls, mirror, fields)
        return mirror

    def _value(self, tp: Any, var: str) -> str:
        """The expression that makes the model value of type ``tp`` from mirror value ``var``."""
        form = shape(tp)
        item = form.item
        if item in (str, int, bool) or item in VOCABULARIES:
            return var  # exact types, and tuples, as the model holds them
        if form.many:
            fn = self._item_builder(item)
            expression = f"_tuple(_map({fn}, {var})) if {var} else ()"
        elif item is PartialDate:
            expression = f"_date({var})"
        else:
            expression = f"{self._item_builder(item)}({var})"
        return f"None if {var} is None else {expression}" if form.optional else expression

    def _item_builder(self, tp: Any) -> str:
        if tp is Record:
            self._mirror_type(Record)
            return "_build_record"
        if tp is PartialDate:
            return "_date"
        self._mirror(tp)
        return self._bind(f"build_{tp.__name__}", self._builders[tp])

    def _dates(self, texts: tuple[str, ...]) -> tuple[PartialDate, ...]:
        """The dates of a tuple of date texts (a field holding several dates)."""
        return tuple(map(self._globals["_date"], texts)) if texts else ()

    def _native_builder(
        self, cls: type, mirror: Any, fields: tuple[attrs.Attribute[Any], ...]
    ) -> Any:
        """A C builder (:mod:`._speedups`) from a mirror to the model object.

        The C builder makes the object and sets its fields, testing those whose checks
        have a native form (and a quoted span's bounds) itself; then it calls a
        generated function holding the other checks, compiled in line, with the object,
        unless none are left. Where the span's test fails, the object's relations
        decide.
        """
        assert self._speedups is not None
        plan = None if Codec.own_post_init(cls) else native_plan(cls)
        tests = {} if plan is None else {name: steps for name, *steps in plan.fields}
        moves: list[tuple[Any, ...]] = []
        for a in fields:
            form = shape(a.type)
            item = form.item
            kind, arg = _SAME, None
            if item in (str, int, bool) or item in VOCABULARIES:
                pass
            elif item is PartialDate:
                kind, arg = _CALL, self._dates if form.many else self._globals["_date"]
            elif item is Record:
                if not form.many:
                    raise _Unsupported(cls)
                self._mirror_type(Record)
                kind = _RECORDS
                arg = {self._mirrors[c]: self._builders[c] for c in RECORD_CLASSES.values()}
            else:
                self._mirror(item)
                kind, arg = (_MODELS if form.many else _MODEL), self._builders[item]
            to = Codec.slot(cls, a.name)
            if to is None:
                raise _Unsupported(cls)
            if kind == _SAME and a.name in tests:
                moves.append((vars(mirror)[a.name], to, kind, arg, *tests[a.name]))
            else:
                tests.pop(a.name, None)  # made by a call: the generated function checks it
                moves.append((vars(mirror)[a.name], to, kind, arg))
        span: tuple[Any, ...] | None = None
        unsound = None
        if plan is not None:
            plan = attrs.evolve(plan, fields=tuple(f for f in plan.fields if f[0] in tests))
            if plan.span is not None:
                span = tuple(Codec.slot(cls, field) for field in plan.span)
                unsound = self._compile(
                    f"_unsound_{cls.__name__}",
                    f"def _unsound_{cls.__name__}(o):\n    for _ in o._relations(): raise _MISS",
                )
        name = f"_check_{cls.__name__}"
        lines = [f"def {name}(o):"]
        if cls is Dataset:
            lines.append(_current_version_only("o"))
        checks = Codec.check_lines(cls, self._globals, plan)
        used = set(re.findall(r"\bv_(\w+)", "\n".join(checks)))
        lines += [f"    v_{a.name} = o.{a.name}" for a in fields if a.name in used]
        lines += checks
        check = self._compile(name, "\n".join(lines)) if len(lines) > 1 else None
        return self._speedups.Builder(
            mirror, cls, tuple(moves), check, miss=_MISS, span=span, unsound=unsound
        )

    def _make_builder(self, cls: type, fields: tuple[attrs.Attribute[Any], ...]) -> Any:
        """A function from a mirror to the model object, with the model's checks in line."""
        name = f"_build_{cls.__name__}"
        lines = [f"def {name}(m):"]
        if cls is Dataset:
            lines.append(_current_version_only("m"))
        for a in fields:
            value = self._value(a.type, f"m.{a.name}")
            if value == f"m.{a.name}":
                lines.append(f"    v_{a.name} = {value}")
            else:
                lines.append(f"    v = m.{a.name}")
                lines.append(f"    v_{a.name} = {self._value(a.type, 'v')}")
        lines.append(f"    o = _new({self._bind('cls', cls)})")
        lines += [
            f"    {self._bind('set', Codec.slot_setter(cls, a.name))}(o, v_{a.name})"
            for a in fields
        ]
        lines += Codec.check_lines(cls, self._globals)
        lines.append("    return o")
        return self._compile(name, "\n".join(lines))
