"""The fast path: generated, straight-line structuring and unstructuring of the model.

The converter (:mod:`._converter`) is the authority on what a document means: it checks
strictly and reports every problem at its JSON path. That thoroughness costs time on
every object, and almost every document read is sound. So each model class also gets a
generated function that does the same checks in a single pass without collecting
anything, and gives up at the first doubt by raising :class:`Miss`. The caller then runs
the converter on the same input, which produces the verdict and the located problems. A
fast function therefore never decides that a document is wrong; it only accepts
documents the converter would accept, building equal objects.

What the fast structuring functions check, like the converter:

* exact JSON types: ``type(value) is str`` (or ``int``, ``bool``, ``dict``, ``list``),
  so no coercion, no boolean as integer, no float as integer;
* no unknown keys, the ``"type"`` tag of a record matching its class;
* vocabulary terms by their exact text, partial dates by their ISO text;
* every check the model declares, field checks and relations, by the class's compiled
  checks (``Model._sound``) run on the finished object.

The object is made without calling ``__init__`` (whose ``__attrs_post_init__`` would run
the same checks a second, slower way): fields are set in declaration order, defaults and
default factories exactly as attrs' ``__init__`` sets them. Classes whose construction
does anything else (validators, converters, a pre-init hook, a cached hash) get no fast
function and always go through the converter.

Unstructuring is generated the same way and gives the same dicts as the converter: keys
in the same order, fields equal to their defaults left out. It checks the exact type of
every value on the way, so that only JSON-native values (str, int, bool, None, dict,
list) reach the JSON encoder; anything unusual is handed to the converter.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import UnionType
from typing import Any, Final, Union, get_args, get_origin

import attrs

from aigovernance._checking import Model, NativePlan, check_source, model_fields
from aigovernance._values import PartialDate
from aigovernance._vocabulary import VOCABULARIES
from aigovernance.model import RECORD_CLASSES, Dataset, Record

__all__ = ["Codec", "Miss"]


class Miss(Exception):
    """The fast path cannot vouch for this value; the converter decides."""


class _Unsupported(Exception):
    """A type the generated code does not handle; its class uses the converter."""


_MISS: Final = Miss  # raised as a class: a new exception each time, which keeps no old traceback
_ABSENT: Final = object()
_DATE_CACHE_SIZE: Final = 4096


def _miss(*_: object) -> Any:
    raise _MISS


class Codec:
    """Generated structuring and unstructuring functions for the model's classes.

    Attributes:
        structure: ``{cls: fn}``; ``fn(data)`` returns a ``cls`` or raises (any
            exception means "ask the converter").
        unstructure: ``{cls: fn}``; ``fn(obj)`` returns the JSON-ready dict or raises.
    """

    def __init__(self) -> None:
        self.structure: dict[Any, Callable[[Any], Any]] = {}
        self.unstructure: dict[type, Callable[[Any], Any]] = {}
        self._globals: dict[str, Any] = {
            "_MISS": _MISS,
            "_ABSENT": _ABSENT,
            "_miss": _miss,
            "_new": object.__new__,
            "_str": str,
            "_int": int,
            "_bool": bool,
            "_dict": dict,
            "_list": list,
            "_tuple": tuple,
            "_map": map,
            "_PartialDate": PartialDate,
            "_date": self.date,
            "_iso": PartialDate.isoformat,
        }
        self._names = itertools.count()
        self._dates: dict[str, PartialDate] = {}
        self._building: set[type] = set()
        self._unsupported: set[type] = set()
        for vocabulary in VOCABULARIES:
            by_value = {member.value: member for member in vocabulary}
            self._globals[self._enum_name(vocabulary)] = by_value
            self._globals[self._enum_name(vocabulary) + "_cls"] = vocabulary
        # A partial date is ISO text in JSON, not an object: so it is in a tuple too.
        self.structure[PartialDate] = self._compile(
            "_structure_date",
            "def _structure_date(v):\n    if type(v) is not _str: raise _MISS\n    return _date(v)",
        )
        self.unstructure[PartialDate] = self._compile(
            "_unstructure_date",
            "def _unstructure_date(v):\n"
            "    if type(v) is not _PartialDate: raise _MISS\n"
            "    return _iso(v)",
        )
        for cls in (*RECORD_CLASSES.values(), Dataset):
            self._structure_fn(cls)
            self._unstructure_fn(cls)
        if all(cls in self.structure for cls in RECORD_CLASSES.values()):
            self.structure[Record] = self._record_structure()
        self.unstructure_record = self._record_unstructure()

    # ------------------------------------------------------------------ helpers

    def date(self, text: str) -> PartialDate:
        """The partial date ``text`` is the ISO form of (cached: dates are immutable)."""
        # Few distinct dates occur in a dataset.
        date = self._dates.get(text)
        if date is None:
            date = PartialDate.parse(text)
            if len(self._dates) >= _DATE_CACHE_SIZE:
                self._dates.clear()
            self._dates[text] = date
        return date

    def _name(self, stem: str) -> str:
        return f"_{stem}_{next(self._names)}"

    def _bind(self, stem: str, value: Any) -> str:
        name = self._name(stem)
        self._globals[name] = value
        return name

    @staticmethod
    def _enum_name(cls: type) -> str:
        return f"_vocab_{cls.__name__}"

    def _compile(self, name: str, source: str) -> Callable[[Any], Any]:
        code = compile(source, f"<aigovernance fast {name}>", "exec")
        exec(code, self._globals)
        fn: Callable[[Any], Any] = self._globals[name]
        return fn

    @staticmethod
    def _optional_arg(tp: Any) -> Any | None:
        if get_origin(tp) in (Union, UnionType):
            args = get_args(tp)
            rest = [a for a in args if a is not type(None)]
            if len(args) == 2 and len(rest) == 1:
                return rest[0]
            raise _Unsupported(tp)
        return None

    @staticmethod
    def _tuple_arg(tp: Any) -> Any | None:
        args = get_args(tp)
        if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return None

    @staticmethod
    def fast_constructible(cls: type) -> bool:
        """Whether objects of ``cls`` can be made by setting their fields directly.

        That is, whether ``__init__`` does nothing but set each field from its argument
        or default and then run ``__attrs_post_init__``.
        """
        if not (attrs.has(cls) and issubclass(cls, Model)):
            return False
        if hasattr(cls, "__attrs_pre_init__"):
            return False
        slots = {s for klass in cls.__mro__ for s in getattr(klass, "__slots__", ())}
        if "_attrs_cached_hash" in slots:
            return False
        return all(
            a.init and a.validator is None and a.converter is None and a.alias == a.name
            for a in model_fields(cls)
        )

    # -------------------------------------------------------------- structuring

    def _structure_value(self, tp: Any, src: str, dst: str, indent: str) -> list[str]:
        """Lines that check ``src`` against ``tp`` and put the value in ``dst``."""
        inner = self._optional_arg(tp)
        if inner is not None:
            body = self._structure_value(inner, src, dst, indent + "    ")
            return [
                f"{indent}if {src} is None:",
                f"{indent}    {dst} = None",
                f"{indent}else:",
                *body,
            ]
        if tp is str:
            return [f"{indent}if type({src}) is not _str: raise _MISS", f"{indent}{dst} = {src}"]
        if tp is int:
            return [f"{indent}if type({src}) is not _int: raise _MISS", f"{indent}{dst} = {src}"]
        if tp is bool:
            return [f"{indent}if type({src}) is not _bool: raise _MISS", f"{indent}{dst} = {src}"]
        if tp in VOCABULARIES:
            return [
                f"{indent}if type({src}) is not _str: raise _MISS",
                f"{indent}{dst} = {self._enum_name(tp)}[{src}]",
            ]
        if tp is PartialDate:
            return [
                f"{indent}if type({src}) is not _str: raise _MISS",
                f"{indent}{dst} = _date({src})",
            ]
        item = self._tuple_arg(tp)
        if item is not None:
            lines = [
                f"{indent}if type({src}) is not _list and type({src}) is not _tuple: raise _MISS"
            ]
            if item is str:
                return [
                    *lines,
                    f"{indent}for _i in {src}:",
                    f"{indent}    if type(_i) is not _str: raise _MISS",
                    f"{indent}{dst} = _tuple({src})",
                ]
            if item in VOCABULARIES:
                table = self._enum_name(item)
                return [
                    *lines,
                    f"{indent}{dst} = _tuple([{table}[_i] if type(_i) is _str else _miss() "
                    f"for _i in {src}])",
                ]
            fn = self._item_structure(item)
            return [*lines, f"{indent}{dst} = _tuple(_map({fn}, {src}))"]
        fn = self._item_structure(tp)
        return [f"{indent}{dst} = {fn}({src})"]

    def _item_structure(self, tp: Any) -> str:
        """The name of a global that structures one value of ``tp``."""
        if tp is Record:
            return "_structure_record"
        if isinstance(tp, type) and attrs.has(tp) and tp is not Dataset:
            fn = self._structure_fn(tp)
            return self._bind(f"structure_{tp.__name__}", fn)
        # Leaves inside tuples: a small function of their own.
        name = self._name("item")
        body = self._structure_value(tp, "v", "r", "    ")
        self._compile(name, "\n".join([f"def {name}(v):", *body, "    return r"]))
        return name

    def _structure_fn(self, cls: type) -> Callable[[Any], Any]:
        existing = self.structure.get(cls)
        if existing is not None:
            return existing
        if cls in self._unsupported or cls in self._building:
            raise _Unsupported(cls)
        if not self.fast_constructible(cls):
            self._unsupported.add(cls)
            raise _Unsupported(cls)
        self._building.add(cls)
        try:
            fn = self._make_structure(cls)
        except _Unsupported:
            self._unsupported.add(cls)
            raise
        finally:
            self._building.discard(cls)
        self.structure[cls] = fn
        return fn

    def _make_structure(self, cls: type) -> Callable[[Any], Any]:
        attrs.resolve_types(cls)
        fields = model_fields(cls)
        g = self._bind
        name = f"_structure_{cls.__name__}_{next(self._names)}"
        allowed = frozenset(a.name for a in fields)
        tag = getattr(cls, "type", None) if issubclass(cls, Record) else None
        if tag is not None:
            allowed |= {"type"}
        lines = [
            f"def {name}(d):",
            f"    if type(d) is not _dict or not d.keys() <= {g('allowed', allowed)}: raise _MISS",
        ]
        if tag is not None:
            tag_name = g("tag", tag)
            lines.append(f"    if 'type' in d and d['type'] != {tag_name}: raise _MISS")
        lines.append(f"    o = _new({g('cls', cls)})")
        for a in fields:
            var = f"v_{a.name}"
            key = repr(a.name)
            if a.default is attrs.NOTHING:
                lines.append(f"    v = d[{key}]")
                lines += self._structure_value(a.type, "v", var, "    ")
            else:
                lines.append(f"    v = d.get({key}, _ABSENT)")
                lines.append("    if v is not _ABSENT:")
                lines += self._structure_value(a.type, "v", var, "        ")
                lines.append("    else:")
                default: Any = a.default
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    factory = g("factory", default.factory)
                    argument = "o" if default.takes_self else ""
                    lines.append(f"        {var} = {factory}({argument})")
                else:
                    lines.append(f"        {var} = {g('default', default)}")
            lines.append(f"    {g('set', self.slot_setter(cls, a.name))}(o, {var})")
        lines += self.check_lines(cls, self._globals)
        lines.append("    return o")
        return self._compile(name, "\n".join(lines))

    @staticmethod
    def slot(cls: type, name: str) -> Any:
        """The member descriptor of field ``name``'s slot in ``cls``, or None if it has none."""
        for klass in cls.__mro__:
            if name in vars(klass):
                found = vars(klass)[name]
                return found if type(found).__name__ == "member_descriptor" else None
        return None

    @classmethod
    def slot_setter(cls, model: type, name: str) -> Callable[[Any, Any], None]:
        """A function that sets field ``name`` of a ``model`` object, bypassing frozenness.

        The ``__set__`` of the field's slot when it has one (a third faster than
        ``object.__setattr__``, which looks that slot up on every call), else
        ``object.__setattr__`` bound to the name.
        """
        found = cls.slot(model, name)
        if found is not None:
            setter: Callable[[Any, Any], None] = found.__set__
            return setter
        return lambda obj, value: object.__setattr__(obj, name, value)

    @staticmethod
    def own_post_init(cls: type) -> bool:
        """Whether ``cls`` does more after ``__init__`` than run the model's checks."""
        return getattr(cls, "__attrs_post_init__", None) is not Model.__attrs_post_init__

    @staticmethod
    def always_written(cls: type, field: attrs.Attribute[Any]) -> bool:
        """Whether ``field`` is written even when it holds its default, as the converter does."""
        return field.default is attrs.NOTHING or (cls is Dataset and field.name == "schema_version")

    @classmethod
    def written_order(cls, model: type) -> list[attrs.Attribute[Any]]:
        """The fields of ``model`` in the order the converter writes them.

        Those always written come first, then the rest, each in field order.
        """
        fields = model_fields(model)
        always = [a for a in fields if cls.always_written(model, a)]
        return always + [a for a in fields if not cls.always_written(model, a)]

    @classmethod
    def check_lines(
        cls, model: type, names: dict[str, Any], native: NativePlan | None = None
    ) -> list[str]:
        """The model's checks of a finished object ``o``, raising Miss on any problem.

        The field values are in variables ``v_<field name>``, of the field's exact type
        (the caller made them, so their types are not checked again). The checks are the
        class's own, compiled in line (:func:`~aigovernance._checking.check_source`), and the
        names they use are added to ``names``; those of the ``native`` plan, which the
        caller runs itself, are left out. A class that does more after ``__init__`` runs
        that instead, as ``__init__`` would.
        """
        if cls.own_post_init(model):
            return ["    o.__attrs_post_init__()"]
        source = check_source(model, "raise _MISS", types=False, native=native)
        if source is None:
            return ["    if not o._sound(): raise _MISS"]
        fields, relations, used = source
        names.update(used)
        return [f"    {line}" for line in (*fields, *relations)]

    def _record_structure(self) -> Callable[[Any], Any]:
        by_tag = {tag: self.structure[cls] for tag, cls in RECORD_CLASSES.items()}
        self._globals["_record_fns"] = by_tag
        source = "\n".join(
            [
                "def _structure_record(d):",
                "    if type(d) is not _dict: raise _MISS",
                "    t = d.get('type')",
                "    if type(t) is not _str: raise _MISS",
                "    return _record_fns[t](d)",
            ]
        )
        return self._compile("_structure_record", source)

    # ------------------------------------------------------------ unstructuring

    def _unstructure_value(self, tp: Any, src: str, indent: str) -> tuple[list[str], str]:
        """Lines that check ``src`` (known not to be None) and the expression it gives."""
        inner = self._optional_arg(tp)
        if inner is not None:
            fn = self._item_unstructure(inner)
            return [], f"(None if {src} is None else {fn}({src}))"
        if tp in (str, int, bool):
            check = {str: "_str", int: "_int", bool: "_bool"}[tp]
            return [f"{indent}if type({src}) is not {check}: raise _MISS"], src
        if tp in VOCABULARIES:
            cls = self._enum_name(tp) + "_cls"
            return [f"{indent}if type({src}) is not {cls}: raise _MISS"], f"{src}._value_"
        if tp is PartialDate:
            return [f"{indent}if type({src}) is not _PartialDate: raise _MISS"], f"_iso({src})"
        item = self._tuple_arg(tp)
        if item is not None:
            check = f"{indent}if type({src}) is not _tuple: raise _MISS"
            if item is str:
                return [
                    check,
                    f"{indent}for _i in {src}:",
                    f"{indent}    if type(_i) is not _str: raise _MISS",
                ], f"_list({src})"
            if item in VOCABULARIES:
                cls = self._enum_name(item) + "_cls"
                return [check], (f"[_i._value_ if type(_i) is {cls} else _miss() for _i in {src}]")
            fn = self._item_unstructure(item)
            return [check], f"_list(_map({fn}, {src}))"
        fn = self._item_unstructure(tp)
        return [], f"{fn}({src})"

    def _item_unstructure(self, tp: Any) -> str:
        if tp is Record:
            return "_unstructure_record"
        if isinstance(tp, type) and attrs.has(tp):
            fn = self._unstructure_fn(tp)
            return self._bind(f"unstructure_{tp.__name__}", fn)
        name = self._name("uitem")
        lines, expr = self._unstructure_value(tp, "v", "    ")
        self._compile(name, "\n".join([f"def {name}(v):", *lines, f"    return {expr}"]))
        return name

    def _unstructure_fn(self, cls: type) -> Callable[[Any], Any]:
        existing = self.unstructure.get(cls)
        if existing is not None:
            return existing
        if cls in self._building:
            raise _Unsupported(cls)
        self._building.add(cls)
        try:
            fn = self._make_unstructure(cls)
        finally:
            self._building.discard(cls)
        self.unstructure[cls] = fn
        return fn

    def _make_unstructure(self, cls: type) -> Callable[[Any], Any]:
        """Mirror cattrs' generated unstructure function with ``omit_if_default``.

        Fields that are always written come first, in field order, then the others in
        field order, each only when it differs from its default, as cattrs orders them.
        """
        attrs.resolve_types(cls)
        fields = model_fields(cls)
        g = self._bind
        name = f"_unstructure_{cls.__name__}_{next(self._names)}"
        always = [a for a in fields if self.always_written(cls, a)]
        lines = [f"def {name}(o):", f"    if type(o) is not {g('cls', cls)}: raise _MISS"]
        literal: list[str] = []
        if issubclass(cls, Record):
            literal.append(f"'type': {g('tag', cls.type)}")
        for a in always:
            var = f"u_{a.name}"
            lines.append(f"    {var} = o.{a.name}")
            checks, expr = self._unstructure_value(a.type, var, "    ")
            lines += checks
            literal.append(f"{a.name!r}: {expr}")
        lines.append("    res = {" + ", ".join(literal) + "}")
        for a in fields:
            if any(a is b for b in always):
                continue
            var = f"u_{a.name}"
            lines.append(f"    {var} = o.{a.name}")
            default: Any = a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                factory = g("factory", default.factory)
                compare = f"{var} != {factory}({'o' if default.takes_self else ''})"
            elif default is None:
                compare = f"{var} is not None"
            elif default == ():
                compare = f"{var} != ()"
            else:
                compare = f"{var} != {g('default', default)}"
            tp = a.type
            if default is None:
                # Written only when not None, so the value's own type applies.
                tp = self._optional_arg(tp) or tp
            checks, expr = self._unstructure_value(tp, var, "        ")
            lines.append(f"    if {compare}:")
            lines += checks
            lines.append(f"        res[{a.name!r}] = {expr}")
        lines.append("    return res")
        return self._compile(name, "\n".join(lines))

    def _record_unstructure(self) -> Callable[[Any], Any]:
        by_class = {cls: self.unstructure[cls] for cls in RECORD_CLASSES.values()}
        self._globals["_record_unfns"] = by_class
        source = "\n".join(
            [
                "def _unstructure_record(o):",
                "    return _record_unfns[type(o)](o)",
            ]
        )
        return self._compile("_unstructure_record", source)
