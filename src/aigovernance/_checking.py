"""Value checks that run whenever a model object is made.

Every model class derives from :class:`Model`. After ``__init__`` every field's value
must be of exactly its annotated type (a ``str`` where ``str`` is annotated, a
:class:`~aigovernance.Role` where a role is, a tuple of them where a tuple is), and the
checks its fields declare in attrs metadata (through :func:`nonblank`, :func:`ref` and
friends) must pass. *Every* failure is raised at once as :class:`InvalidValue`, each
with its path relative to the object. The converter extends those paths from the
document's root, so a bad value read from JSON is reported where it stands. Each check
also carries the :class:`Rule` values it enforces, which the JSON Schema translates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from types import UnionType
from typing import Any, ClassVar, Final, Protocol, TypeVar, Union, cast, get_args, get_origin

import attrs

from aigovernance._problems import (
    MAX_PROBLEMS,
    PathPart,
    Problem,
    ValidationError,
    budget,
    json_path,
)

__all__ = [
    "IANA_ZONE",
    "ISO_ALPHA3",
    "LANGUAGE_TAG",
    "RECORD_TYPES",
    "REFS",
    "Check",
    "FieldType",
    "InvalidValue",
    "Located",
    "Model",
    "Native",
    "NativePlan",
    "PathPart",
    "Rule",
    "Shape",
    "at_least",
    "checked",
    "distinct",
    "each",
    "is_ref",
    "model_fields",
    "native_plan",
    "nonblank",
    "nonblanks",
    "pattern",
    "raw_problems",
    "record_id",
    "ref",
    "refs",
    "shape",
    "some_unique",
    "sound_when",
    "unique",
]


@attrs.frozen
class Rule:
    """What a check requires, in terms that other tools translate (the JSON Schema does).

    Attributes:
        kind: ``"nonblank"``, ``"pattern"`` (argument: the regex the whole text matches),
            ``"minimum"`` (argument: the least value), ``"min-items"`` (argument: the
            least number of items), ``"ref"`` (a record id; the field's
            metadata says which types), ``"record-id"`` (argument: the type tag an id
            starts with) or ``"unique"`` (no item twice).
        argument: the rule's parameter, if it has one.
    """

    kind: str
    argument: Any = None


class Check(Protocol):
    """A field check: a message when the value is wrong, else ``None``; and its rules.

    A check may also carry ``inline``: a Python expression, with ``{0}`` where the value
    goes, that is true exactly when the check returns ``None``, and the names it uses.
    The compiled checks of a class (:func:`_compile_sound`) put it in line instead of
    calling the check. It may carry ``native`` too: the same test as steps that the C
    extension's builder runs itself (:data:`Native`).
    """

    rules: tuple[Rule, ...]

    def __call__(self, value: Any, /) -> str | None: ...


Inline = tuple[str, dict[str, Any]]
"""An expression true when a check passes (``{0}`` stands for the value), and its names."""

Native = tuple[tuple[int, Any, Any], ...]
"""Steps, each ``(test, a, b)``, that a value passes exactly when a check passes it.

The C extension's builder (``Builder`` in ``serialization/_speedups.c``) runs them
itself, sparing each object it makes a call into Python for its plainest checks. Each
test fails any value not of the exact type it names; a failure there only means that
the document is read the general way, which gives the verdict. The tests, numbered as
the builder numbers them:
"""
NONE_PASSES: Final = 0
"""``None`` passes every step after this one (the first step of an optional field's)."""
NONBLANK: Final = 1
"""A ``str`` with a character that is not white space (``v and not v.isspace()``)."""
NONEMPTY: Final = 2
"""A tuple with an item."""
UNIQUE: Final = 3
"""A tuple with no item twice (``len(set(v)) == len(v)``)."""
MEMBER: Final = 4
"""A ``str`` in the set ``a``, or one the function ``b`` gives a true value for."""
MATCH: Final = 5
"""A ``str`` that the function ``a`` (a pattern's ``fullmatch``) gives other than None for."""
MINIMUM: Final = 6
"""An ``int`` at least ``a``."""
SPAN: Final = "span"
"""The native form of a relation: the span of text :func:`sound_when` describes."""


def _described(
    test: Callable[[Any], str | None],
    *rules: Rule,
    inline: Inline | None = None,
    native: Native | None = None,
) -> Check:
    """Attach to ``test`` the rules it enforces and, if given, its inline and native forms."""
    test.rules = rules  # type: ignore[attr-defined]
    test.inline = inline  # type: ignore[attr-defined]
    test.native = native  # type: ignore[attr-defined]
    return cast(Check, test)


def _inline(check: object) -> Inline | None:
    return cast("Inline | None", getattr(check, "inline", None))


def _native(check: object) -> Native | None:
    return cast("Native | None", getattr(check, "native", None))


Located = tuple[tuple[PathPart, ...], str]

_Relations = TypeVar("_Relations", bound=Callable[..., Iterable[Located]])


def sound_when(
    expression: str, *, span: tuple[str, str, str, str, str] | None = None, **names: Any
) -> Callable[[_Relations], _Relations]:
    """Give a class's ``_relations`` an inline form: ``expression``, with the ``names`` it uses.

    The expression reads the object's field values as ``v_<field name>``, each of its
    field's exact type, and must be true only of objects whose ``_relations`` yield
    nothing (it may be false of some of those too: they are then just asked). The
    compiled checks of the class (:func:`check_source`) test it in line, after the
    field checks, and call ``_relations`` only when it is false, which spares sound
    objects, nearly all of them, a call. Each of the ``names`` is given a name of its
    own in the compiled code, which holds the checks of many classes.

    ``span`` names the fields of a quoted span (start, end, quote, prefix, suffix) when
    the expression is exactly the test the C extension's builder runs on one: all five
    ``None``, or ``0 <= start <= end``, a quote of ``end - start`` characters, and a
    prefix and a suffix each ``None`` or not empty. The builder then tests it itself.
    """
    uses: dict[str, Any] = {}
    for name, value in names.items():
        unique = _unique_name(name)
        expression = re.sub(rf"\b{re.escape(name)}\b", unique, expression)
        uses[unique] = value

    def described(relations: _Relations) -> _Relations:
        relations.inline = (expression, uses)  # type: ignore[attr-defined]
        relations.native = None if span is None else (SPAN, span)  # type: ignore[attr-defined]
        return relations

    return described


_CHECK: Final = "aigovernance.check"
_EACH: Final = "aigovernance.each"
REFS: Final = "aigovernance.refs"

RECORD_TYPES: Final = (
    "source",
    "person",
    "state",
    "organization",
    "group",
    "post",
    "event",
    "statement",
    "principle-set",
    "commitment",
    "instrument",
)
"""Every type tag an id may start with, in the order records are documented."""

_ID = re.compile(r"(?P<type>[a-z][a-z-]*):[A-Za-z0-9][A-Za-z0-9._-]*")


class InvalidValue(ValidationError):
    """A model object was made with values the model does not allow.

    ``problems`` holds every problem at once, each at its path from the object
    (``$.value``); ``located`` holds the same as ``(path parts, message)`` pairs, which
    the converter extends into paths from a document's root.
    """

    def __init__(self, cls: type, located: list[Located], *, more: int = 0) -> None:
        self.cls = cls
        self.located = located
        problems = [Problem(json_path(path), message) for path, message in located]
        super().__init__(problems, more=more)
        self.args = (f"invalid {cls.__name__}: {self.args[0]}",)


class Model:
    """Base of every model class: runs the declared checks after ``__init__``.

    Sound objects, nearly all of them, are passed by :meth:`_sound`, the checks of the
    class compiled into one function that answers yes or no; only when it says no (or
    fails) are the checks run one by one to say what is wrong, and where.
    """

    __slots__ = ()
    _checks: ClassVar[dict[type, tuple[tuple[str, Check | None, Check | None], ...]]] = {}
    _types: ClassVar[dict[type, tuple[FieldType, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Every class compiles its own checks: never inherit a parent's compiled ones.
        cls._sound = _compile_then_run  # type: ignore[method-assign]

    def __attrs_post_init__(self) -> None:
        try:
            sound = self._sound()
        except Exception:
            sound = False  # the checks below raise, or say what is wrong
        if not sound:
            # At most as many as may be listed, and one to say there are more: a tuple
            # of a million blank names is refused as quickly as one of a few.
            current = budget()
            limit = MAX_PROBLEMS if current is None else current.limit
            found = self._problems()
            problems = list(found if limit is None else itertools.islice(found, limit + 1))
            if problems:
                more = 0
                if limit is not None and len(problems) > limit:
                    problems, more = problems[:limit], 1
                raise InvalidValue(type(self), problems, more=more)

    def _sound(self) -> bool:
        """Whether every check passes; replaced per class by the compiled checks."""
        return next(iter(self._problems()), None) is None

    def _problems(self) -> Iterator[Located]:
        mistyped: set[str] = set()
        for field in _type_plan(type(self)):
            for located in field.problems(getattr(self, field.name)):
                mistyped.add(field.name)
                yield located
        for name, check, each in _plan(type(self)):
            value = getattr(self, name)
            if value is None or name in mistyped:
                continue
            if check is not None and (message := check(value)) is not None:
                yield (name,), message
            if each is not None:
                for index, item in enumerate(value):
                    if (message := each(item)) is not None:
                        yield (name, index), message
        if not mistyped:  # relations may rely on the types
            yield from self._relations()

    def _relations(self) -> Iterable[Located]:
        """Checks that involve several fields; overridden where a class has them."""
        return ()


@attrs.frozen
class FieldType:
    """The exact type a field's value must have, from its annotation.

    Attributes:
        name: the field.
        optional: whether ``None`` is allowed.
        many: whether the value is a tuple of items.
        allowed: the exact types of the value (or of each item); a subclass is not one.
        expected: how messages name them.
    """

    name: str
    optional: bool
    many: bool
    allowed: tuple[type, ...]
    expected: str

    def problems(self, value: object) -> Iterator[Located]:
        """Where and how ``value`` is not of this type; nothing when it is."""
        if value is None and self.optional:
            return
        if not self.many:
            if type(value) not in self.allowed:
                yield (self.name,), _wrong(self.expected, value)
        elif type(value) is not tuple:
            yield (self.name,), _wrong("tuple", value)
        else:
            for index, item in enumerate(value):
                if type(item) not in self.allowed:
                    yield (self.name, index), _wrong(self.expected, item)


def _wrong(expected: str, value: object) -> str:
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"expected {expected}, got {type(value).__name__} {shown}"


def _field_type(field: attrs.Attribute[Any]) -> FieldType | None:
    form = shape(field.type)
    item = form.item
    if not isinstance(item, type):
        return None
    if issubclass(item, Model) and not attrs.has(item):
        # An abstract base (Record): any of the model's classes derived from it.
        from aigovernance import model

        found = [c for c in vars(model).values() if isinstance(c, type) and issubclass(c, item)]
        allowed: tuple[type, ...] = tuple(
            sorted((c for c in found if attrs.has(c)), key=lambda cls: cls.__name__)
        )
        expected = "one of " + ", ".join(cls.__name__ for cls in allowed)
    else:
        allowed = (item,)
        expected = item.__name__
    return FieldType(field.name, form.optional, form.many, allowed, expected)


def _type_plan(cls: type) -> tuple[FieldType, ...]:
    """The exact types of the fields of a model class."""
    plan = Model._types.get(cls)
    if plan is None:
        attrs.resolve_types(cls)
        found = (_field_type(a) for a in model_fields(cls))
        plan = Model._types[cls] = tuple(f for f in found if f is not None)
    return plan


def _plan(cls: type) -> tuple[tuple[str, Check | None, Check | None], ...]:
    """The checked fields of a model class: name, field check, per-item check."""
    plan = Model._checks.get(cls)
    if plan is None:
        plan = Model._checks[cls] = tuple(
            (a.name, a.metadata.get(_CHECK), a.metadata.get(_EACH))
            for a in model_fields(cls)
            if _CHECK in a.metadata or _EACH in a.metadata
        )
    return plan


_EMPTY: Final[tuple[()]] = ()
"""The empty tuple, compared by identity: an equal tuple that is not it is just checked."""


def _passes_empty(check: Check) -> bool:
    try:
        return check(()) is None
    except Exception:
        return False


def _compile_then_run(self: Model) -> bool:
    cls = type(self)
    sound = _compile_sound(cls)
    cls._sound = sound  # type: ignore[method-assign, assignment]
    return sound(self)


def _compile_sound(cls: type) -> Callable[[Any], bool]:
    """One function that says whether an object of ``cls`` passes all its checks."""
    compiled = check_source(cls, "return False")
    if compiled is None:
        return Model._sound  # checks of its own: run them one by one
    fields, relations, names = compiled
    lines = ["def _sound(o):"]
    lines += [f"    v_{a.name} = o.{a.name}" for a in model_fields(cls)]
    lines += [f"    {line}" for line in (*fields, *relations)]
    lines.append("    return True")
    code = compile("\n".join(lines), f"<checks of {cls.__qualname__}>", "exec")
    exec(code, names)
    return cast("Callable[[Any], bool]", names["_sound"])


@attrs.frozen
class NativePlan:
    """The checks of a model class that the C extension's builder runs itself.

    Attributes:
        fields: each field whose checks all have a native form: its name, the steps its
            value passes (led by :data:`NONE_PASSES` where it may be ``None``) and the
            steps each of its items passes.
        span: the fields of the quoted span that the class's relations test (see
            :func:`sound_when`), when they have that native form; else ``None``.
    """

    fields: tuple[tuple[str, Native, Native], ...]
    span: tuple[str, str, str, str, str] | None


def native_plan(cls: type) -> NativePlan | None:
    """What of the checks of ``cls`` has a native form; None when it has its own ``_problems``."""
    if getattr(cls, "_problems", None) is not Model._problems:
        return None
    required = {field.name for field in _type_plan(cls) if not field.optional}
    fields: list[tuple[str, Native, Native]] = []
    for name, check, each in _plan(cls):
        value = () if check is None else _native(check)
        items = () if each is None else _native(each)
        if value is None or items is None:
            continue
        lead: Native = () if name in required else ((NONE_PASSES, None, None),)
        fields.append((name, lead + value, items))
    relations = getattr(cls, "_relations", None)
    native = getattr(relations, "native", None) if relations is not Model._relations else None
    span = native[1] if native is not None and native[0] == SPAN else None
    return NativePlan(tuple(fields), span)


def check_source(
    cls: type, fail: str, *, types: bool = True, native: NativePlan | None = None
) -> tuple[list[str], list[str], dict[str, Any]] | None:
    """The checks of ``cls`` as Python source, for code generated elsewhere to include.

    Returns lines that check the field values, held in variables ``v_<field name>``,
    lines that check the relations of the object ``o``, and the names the lines use.
    Each failed check runs ``fail``. The lines do what :meth:`Model._problems` does,
    with the checks that have an inline form in line: first the exact type of every
    field (left out when ``types`` is false, for code that made the values itself and
    knows their types); then for each checked field, skip ``None`` (where the field may
    hold it: the value is of its exact type by then), apply the field check, then the
    per-item check; then the relations, whose inline form (:func:`sound_when`), where
    they have one, is tested first, and which are not looped over when they return the
    empty tuple. A field holding the empty tuple is also skipped when its field check
    passes an empty tuple (as ``unique`` does): the per-item check has nothing to look
    at. None when the class has its own ``_problems``.

    Given the class's ``native`` plan, the lines leave out what it covers: the fields it
    checks, and the relations when it tests their span (its caller then asks
    ``_relations`` itself when that test fails).
    """
    if getattr(cls, "_problems", None) is not Model._problems:
        return None
    natively = set() if native is None else {name for name, _, _ in native.fields}
    names: dict[str, Any] = {"_EMPTY": _EMPTY}

    def test(check: Check, value: str) -> str:
        inline = _inline(check)
        if inline is not None:
            expression, uses = inline
            names.update(uses)
            return expression.format(value)
        name = _unique_name("_check")
        names[name] = check
        return f"{name}({value}) is None"

    fields: list[str] = []
    plan = _type_plan(cls)
    if types:
        for field in plan:
            fields += _type_lines(field, fail, names)
    # A field of a known type that may not hold None holds its exact type by now.
    required = {field.name for field in plan if not field.optional}
    for name, check, each in _plan(cls):
        if name in natively:
            continue
        var = f"v_{name}"
        guards = [] if name in required else [f"{var} is not None"]
        if check is None or _passes_empty(check):
            guards.append(f"{var} is not _EMPTY")
        indent = "    " if guards else ""
        if guards:
            fields.append(f"if {' and '.join(guards)}:")
        if check is not None:
            fields.append(f"{indent}if not ({test(check, var)}): {fail}")
        if each is not None:
            fields.append(f"{indent}for i in {var}:")
            fields.append(f"{indent}    if not ({test(each, 'i')}): {fail}")
    relations: list[str] = []
    method = getattr(cls, "_relations", None)
    if method is not Model._relations and (native is None or native.span is None):
        inline = _inline(method)
        if inline is None:
            relations += ["_r = o._relations()", "if _r is not _EMPTY:", f"    for _ in _r: {fail}"]
        else:
            expression, uses = inline
            names.update(uses)
            relations += [f"if not ({expression}):", f"    for _ in o._relations(): {fail}"]
    return fields, relations, names


def _type_lines(field: FieldType, fail: str, names: dict[str, Any]) -> list[str]:
    """Source that runs ``fail`` unless the field's value, ``v_<name>``, has its type."""
    if len(field.allowed) == 1:
        name = _unique_name("_type")
        names[name] = field.allowed[0]
        test = f"type({{0}}) is not {name}"
    else:
        name = _unique_name("_types")
        names[name] = frozenset(field.allowed)
        test = f"type({{0}}) not in {name}"
    var, indent, lines = f"v_{field.name}", "", []
    if field.optional:
        lines.append(f"if {var} is not None:")
        indent = "    "
    if field.many:
        names["_tuple"] = tuple
        lines.append(f"{indent}if type({var}) is not _tuple: {fail}")
        lines.append(f"{indent}for i in {var}:")
        lines.append(f"{indent}    if {test.format('i')}: {fail}")
    else:
        lines.append(f"{indent}if {test.format(var)}: {fail}")
    return lines


def _plain(value: object) -> bool:
    return type(value) is str or type(value) is int


def raw_problems(cls: type, data: dict[str, Any], skip: Iterable[str]) -> Iterator[Located]:
    """The field checks of ``cls`` run on a document's own values, before any object exists.

    When some fields of a document fail to read, the object is never made and its checks
    never run; this still reports what is wrong with the other fields (a blank title
    beside a mistyped date). Only fields not in ``skip`` whose values are plain text or
    integers, or arrays of them, are checked: for those the document's value is the value
    the object would hold. Checks across fields need the object and are not run.
    """
    skipped = set(skip)
    for name, check, each in _plan(cls):
        value = data.get(name)
        if name in skipped or value is None:
            continue
        if type(value) is list:
            if not all(_plain(item) for item in value):
                continue
            value = tuple(value)
        elif not _plain(value):
            continue
        if check is not None and (message := check(value)) is not None:
            yield (name,), message
        if each is not None and type(value) is tuple:
            for index, item in enumerate(value):
                if (message := each(item)) is not None:
                    yield (name, index), message


@attrs.frozen
class Shape:
    """What a field's annotation holds: ``X``, ``X | None`` or ``tuple[X, ...]``.

    Attributes:
        item: ``X``, the type of the value or of each item.
        optional: whether the value may be ``None``.
        many: whether the value is a tuple of items.
    """

    item: Any
    optional: bool
    many: bool


def shape(annotation: Any) -> Shape:
    """The :class:`Shape` of a resolved field annotation.

    Raises:
        TypeError: the annotation is of none of the forms the model uses.
    """
    optional = False
    if get_origin(annotation) in (Union, UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) != 1:
            raise TypeError(f"{annotation!r} is not of the form X | None")
        optional, annotation = True, args[0]
    if get_origin(annotation) is tuple:
        args = list(get_args(annotation))
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"{annotation!r} is not of the form tuple[X, ...]")
        return Shape(item=args[0], optional=optional, many=True)
    return Shape(item=annotation, optional=optional, many=False)


def model_fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The attrs fields of a model class."""
    return cast("tuple[attrs.Attribute[Any], ...]", attrs.fields(cls))


def _nonempty(value: str) -> str | None:
    return "must not be empty" if not value.strip() else None


def pattern(regex: str, description: str) -> Check:
    """A check that the whole string matches ``regex``; ``description`` names the form."""
    compiled = re.compile(regex)

    def check(value: str) -> str | None:
        if compiled.fullmatch(value) is None:
            return f"{value!r} is not {description}"
        return None

    inline, native = _remembering(compiled)
    return _described(check, Rule("pattern", regex), inline=inline, native=native)


_names = itertools.count()


def _unique_name(stem: str) -> str:
    """A name for the inline form of a check that no other check uses."""
    return f"{stem}{next(_names)}"


_REMEMBERED: Final = 16_384
"""How many passing texts a regular-expression check remembers in each of its two sets."""
_LONGEST_REMEMBERED: Final = 256
"""The longest text a regular-expression check remembers: longer ones are matched again."""


def _remembering(form: re.Pattern[str]) -> tuple[Inline, Native]:
    """The inline and native forms of "the whole text matches ``form``", remembering texts that do.

    The same texts recur throughout a dataset (a source's id in every piece of evidence,
    an actor's in every participation), and a set lookup costs a fraction of a match.
    Only exact ``str`` values of at most :data:`_LONGEST_REMEMBERED` characters are
    remembered, in two sets of at most :data:`_REMEMBERED` texts each: the one tested
    in line, and the one it filled before, which it is looked up in first when it
    misses. A text in use stays remembered however many others pass between its uses,
    and memory stays bounded.
    """
    passed: set[str] = set()
    before: set[str] = set()
    fullmatch = form.fullmatch

    def learn(value: str) -> bool:
        if value not in before and fullmatch(value) is None:
            return False
        if type(value) is str and len(value) <= _LONGEST_REMEMBERED:
            if len(passed) >= _REMEMBERED:
                before.clear()
                before.update(passed)
                passed.clear()
            passed.add(value)
        return True

    seen, test = _unique_name("_passed"), _unique_name("_learn")
    inline = f"({{0}} in {seen} or {test}({{0}}))", {seen: passed, test: learn}
    return inline, ((MEMBER, passed, learn),)


_NONBLANK: Final = "({0} and not {0}.isspace())"
"""Inline: the text has a character other than white space (as ``str.strip`` sees it)."""


_NONBLANK_NATIVE: Final[Native] = ((NONBLANK, None, None),)


def _and(first: str, check: Check | None) -> Inline | None:
    """The inline form of ``first`` and then ``check``, if ``check`` has one."""
    if check is None:
        return first, {}
    inline = _inline(check)
    if inline is None:
        return None
    return f"({first} and {inline[0]})", inline[1]


def _and_native(first: Native, check: Check | None) -> Native | None:
    """The native form of ``first`` and then ``check``, if ``check`` has one."""
    if check is None:
        return first
    native = _native(check)
    return None if native is None else first + native


def nonblank(check: Check | None = None, **kwargs: Any) -> Any:
    """A string field that must not be blank, with an optional further check."""

    def both(value: str) -> str | None:
        return _nonempty(value) or (check(value) if check is not None else None)

    rules = (Rule("nonblank"), *(check.rules if check is not None else ()))
    described = _described(
        both, *rules, inline=_and(_NONBLANK, check), native=_and_native(_NONBLANK_NATIVE, check)
    )
    return attrs.field(metadata={_CHECK: described}, **kwargs)


def nonblanks(check: Check | None = None) -> Any:
    """A tuple of distinct, non-blank strings (empty by default)."""

    def each(value: str) -> str | None:
        return _nonempty(value) or (check(value) if check is not None else None)

    rules = (Rule("nonblank"), *(check.rules if check is not None else ()))
    described = _described(
        each, *rules, inline=_and(_NONBLANK, check), native=_and_native(_NONBLANK_NATIVE, check)
    )
    return attrs.field(default=(), metadata={_CHECK: unique, _EACH: described})


def _is_ref(value: str) -> str | None:
    match = _ID.fullmatch(value)
    if match is None:
        return f"{value!r} is not a record id of the form 'type:name'"
    if match["type"] not in RECORD_TYPES:
        return f"{value!r} names an unknown record type {match['type']!r}"
    return None


_ANY_ID: Final = re.compile(
    "(?:" + "|".join(map(re.escape, RECORD_TYPES)) + r"):[A-Za-z0-9][A-Za-z0-9._-]*"
)
"""The ids :func:`_is_ref` accepts: its form, with the type one of the known ones."""

_ANY_ID_INLINE, _ANY_ID_NATIVE = _remembering(_ANY_ID)
is_ref: Final = _described(_is_ref, Rule("ref"), inline=_ANY_ID_INLINE, native=_ANY_ID_NATIVE)
"""Check that a value is a typed record id such as ``"event:un-hlm-2024"``."""


def ref(*types: str, **kwargs: Any) -> Any:
    """A field holding one id of a record of one of ``types``."""
    return attrs.field(metadata={_CHECK: is_ref, REFS: types}, **kwargs)


def refs(*types: str, required: bool = False) -> Any:
    """A field holding distinct ids of records of ``types``.

    Empty by default; a ``required`` field has no default and must hold at least one id.
    """
    if required:
        return attrs.field(metadata={_CHECK: some_unique, _EACH: is_ref, REFS: types})
    return attrs.field(default=(), metadata={_CHECK: unique, _EACH: is_ref, REFS: types})


def _unique(values: tuple[Any, ...]) -> str | None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            return f"{value!r} appears more than once"
        seen.add(value)
    return None


unique: Final = _described(
    _unique,
    Rule("unique"),
    inline=("_len(_set({0})) == _len({0})", {"_len": len, "_set": set}),
    native=((UNIQUE, None, None),),
)
"""Check that a tuple holds no value twice."""


def _some_unique(values: tuple[Any, ...]) -> str | None:
    return _unique(values) if values else "needs at least one item"


some_unique: Final = _described(
    _some_unique,
    Rule("unique"),
    Rule("min-items", 1),
    inline=("{0} and _len(_set({0})) == _len({0})", {"_len": len, "_set": set}),
    native=((NONEMPTY, None, None), (UNIQUE, None, None)),
)
"""Check that a tuple holds at least one value, and none twice."""


def checked(check: Check, **kwargs: Any) -> Any:
    """A field of any type with a check of its own."""
    return attrs.field(metadata={_CHECK: check}, **kwargs)


def each(check: Check, **kwargs: Any) -> Any:
    """A tuple field whose every item passes ``check``."""
    return attrs.field(metadata={_EACH: check}, **kwargs)


def at_least(minimum: int) -> Check:
    """A check that an integer is ``minimum`` or more."""

    def check(value: int) -> str | None:
        return f"must be at least {minimum}, not {value}" if value < minimum else None

    return _described(
        check,
        Rule("minimum", minimum),
        inline=(f"{{0}} >= {minimum!r}", {}),
        native=((MINIMUM, minimum, None),),
    )


def record_id(type_tag: str) -> Any:
    """The ``id`` field of a record whose type tag is ``type_tag``."""
    prefix = f"{type_tag}:"

    def check(value: str) -> str | None:
        problem = is_ref(value)
        if problem is None and not value.startswith(prefix):
            problem = f"{value!r} must start with {prefix!r}"
        return problem

    inline: Inline | None = None
    native: Native | None = None
    if type_tag in RECORD_TYPES:
        name = _unique_name("_record_id")
        form = re.compile(re.escape(prefix) + r"[A-Za-z0-9][A-Za-z0-9._-]*")
        inline = (f"{name}({{}}) is not None", {name: form.fullmatch})
        native = ((MATCH, form.fullmatch, None),)
    described = _described(check, Rule("record-id", type_tag), inline=inline, native=native)
    return attrs.field(metadata={_CHECK: described})


LANGUAGE_TAG: Final = pattern(
    r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*", "a BCP 47 language tag such as 'en' or 'zh-Hans'"
)
ISO_ALPHA3: Final = pattern(r"[A-Z]{3}", "an ISO 3166-1 alpha-3 code such as 'CHN'")


def distinct(**kwargs: Any) -> Any:
    """A tuple field whose items are all different (empty by default)."""
    return attrs.field(default=(), metadata={_CHECK: unique}, **kwargs)


IANA_ZONE: Final = pattern(
    r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*",
    "an IANA time zone name such as 'America/New_York'",
)
