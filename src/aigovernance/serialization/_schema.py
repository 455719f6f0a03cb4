r"""JSON Schema (draft 2020-12) generated from the model.

The schema is derived from the model classes themselves: their attrs fields give the
properties, the fields without defaults are ``required``, the field types give the JSON
types, the vocabularies give ``enum`` lists, and the checks declared in each field's
metadata give ``pattern``, ``minimum``, ``minItems`` and ``uniqueItems``. Only the checks
that involve several fields of one object (a class's ``_relations``) cannot be read off
the fields; those that JSON Schema can express are listed once, in :data:`_RELATIONS`,
beside the class they belong to.

What the schema does *not* check, although :func:`aigovernance.from_json` does:

* ``Evidence``: that ``end`` is not before ``start`` and that ``quote`` has exactly
  ``end - start`` characters.
* ``Quantity``: that ``lower`` and ``upper`` lie within what ``qualifier`` and ``value``
  allow, and that a ``fewer-than`` count is not below zero.
* ``Event``: that ``end_date`` is not before ``date``, and that ``parent`` differs from
  ``id``. ``Post``: that ``end`` is not before ``start``.
* Numbers: JSON Schema counts ``1.0`` as an integer; the library wants ``1``.

What the schema checks, although :func:`aigovernance.from_json` leaves it to
:func:`aigovernance.validate`: the record type an id field may name (a statement's
``event`` must be an ``event:`` id). Everything else :func:`aigovernance.validate` checks
(ids exist, quotes match their source text, digests match) is beyond any schema.

Patterns are written in the subset of regular expressions that every JSON Schema
implementation shares (ECMA-262, Python's :mod:`re`, RE2, Rust's ``regex``): no
lookaround, no back-references, no ``\d``, ``\w``, ``\s`` or ``\S`` (whose meaning differs
between engines; "not blank" is spelled out as a class of the characters
:meth:`str.isspace` counts as white space, the library's own test), and anchors as the
specification defines them: ``^...$``, where ``$`` matches only at the very end. Python's
:mod:`re` also lets ``$`` match before a final line feed, so every whole-value pattern comes
with ``"not": {"type": "string", "pattern": "\n"}``; the patterns' classes exclude the line
feed anyway, so for the other engines that keyword changes nothing.

Records are dispatched on their ``"type"``: an ``if``/``then`` per record type, so that a
validator checks each record against one definition and reports an error at its own path.
Code generators do not read ``if``/``then``; for them ``dispatch="discriminator"`` writes
the same records as a ``oneOf`` with an OpenAPI ``discriminator``, which they turn into a
tagged union (see :func:`json_schema`). Both forms accept the same documents.

In the ``"if-then"`` form the root is laid out for validators, which pay for every
subschema they enter: it is written out in full, with no ``$ref`` (a reference is looked
up and entered for every evidence span of every record); a record's definition in the
dispatch tree does not test again the tag and the object type that the tree has tested;
a field that both branches of an ``if`` check is checked in the branches alone; and a
vocabulary's values are not given a ``type`` they already have. The documents accepted
and the places errors are reported at are the same. ``$defs`` still hold every
definition by name, as written, for other schemas to refer to.
"""

from __future__ import annotations

import enum
import json
import re
import typing
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
from typing import Any, Final, Literal, cast, get_args

import attrs

from aigovernance._checking import RECORD_TYPES, REFS, Check, Model, Rule, model_fields, shape
from aigovernance._values import _SCHEMES, Evidence, Identifier, PartialDate, Quantity
from aigovernance.model import (
    RECORD_CLASSES,
    SCHEMA_VERSION,
    Dataset,
    Event,
    Person,
    Post,
    Record,
    Source,
)

__all__ = ["SCHEMA_BASE", "SCHEMA_FILE", "json_schema", "shipped_schema"]

_DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE: Final = f"https://aigovernance.readthedocs.io/en/stable/schema/{SCHEMA_VERSION}/"
"""Where the schemas of this schema version are published; each ``$id`` starts with it.

The documentation publishes every schema of the current version there, and the shipped
dataset schema of every earlier version beside it, so an ``$id`` keeps resolving.
"""

_CHECK: Final = "aigovernance.check"
_EACH: Final = "aigovernance.each"
_NAME: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*"

# YYYY, YYYY-MM or YYYY-MM-DD naming a real day of the proleptic Gregorian calendar, years
# 1 to 9999: the dates PartialDate.parse accepts (with ASCII digits).
_YEAR: Final = r"[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3}"
_DAY: Final = (
    r"(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8])"
)
# Divisible by 4 but not by 100, or by 400 (but not year 0).
_LEAP_YEAR: Final = r"[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00"
PARTIAL_DATE_PATTERN: Final = (
    rf"^(?:(?:{_YEAR})(?:-(?:0[1-9]|1[0-2]))?|(?:{_YEAR})-(?:{_DAY})|(?:{_LEAP_YEAR})-02-29)$"
)

# The characters str.isspace() counts as white space, as a class of literal characters
# (\s and \S mean different things in different regex engines; \u escapes are not RE2's).


def _space_ranges() -> str:
    spaces = [c for c in range(0x110000) if chr(c).isspace()]
    parts: list[str] = []
    start = previous = spaces[0]
    for code in [*spaces[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        parts.append(chr(start) if start == previous else f"{chr(start)}-{chr(previous)}")
        start = previous = code
    return "".join(parts)


_NOT_SPACE: Final = f"[^{_space_ranges()}]"
_ONE_LINE: Final = {"pattern": "\n"}
"""Inside ``not``: refuses the final line feed that Python's ``$`` would let through.

Alone it would also refuse every value that is not a string, which a field of type
``"string"`` refuses anyway, at one keyword less for every value; beside a type that
allows null it is limited to strings (see ``_Builder.field``).
"""

Schema = dict[str, Any]
Dispatch = Literal["if-then", "discriminator"]
"""How the schema tells records apart by their ``"type"`` (see :func:`json_schema`)."""


# Constructs that some engine lacks or reads differently: lookaround, named groups and
# inline flags; back-references and the classes \d \w \s \b \B and the anchors \A \Z \z.
_UNPORTABLE_GROUP: Final = re.compile(r"\(\?(?!:)")
_PORTABLE_ESCAPES: Final = frozenset(".()[]{}|*+?^$/\\-ntrS")


def _portable(regex: str) -> str:
    r"""``regex`` in the portable subset, with ``\S`` spelled out.

    Raises:
        TypeError: the regex uses a construct outside that subset, so that the schema never
            carries a pattern some validators read differently.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            escaped = regex[index + 1 : index + 2]
            if escaped not in _PORTABLE_ESCAPES or (escaped == "S" and in_class):
                raise TypeError(f"no portable JSON Schema pattern for {regex!r}: \\{escaped}")
            out.append(_NOT_SPACE if escaped == "S" else char + escaped)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "^$." or _UNPORTABLE_GROUP.match(regex, index):
            raise TypeError(f"no portable JSON Schema pattern for {regex!r}: {char!r}")
        out.append(char)
        index += 1
    return "".join(out)


def _whole(regex: str) -> Schema:
    """Keywords that accept what ``re.fullmatch(regex, ...)`` accepts."""
    return {"pattern": f"^(?:{_portable(regex)})$", "not": dict(_ONE_LINE)}


def _id_pattern(types: tuple[str, ...]) -> Schema:
    # Type tags are lower-case letters and hyphens: nothing to escape.
    return _whole(f"(?:{'|'.join(types)}):{_NAME}")


def _not_blank() -> Schema:
    return {"pattern": _NOT_SPACE}


def _check_schema(check: Check, refs: tuple[str, ...] | None) -> Schema:
    """The JSON Schema keywords equivalent to a check of the model, by its rules.

    Raises:
        TypeError: a rule this module does not know how to express, so that a new kind of
            check is never silently left out of the schema.
    """
    rules: tuple[Rule, ...] | None = getattr(check, "rules", None)
    if rules is None:
        name = getattr(check, "__qualname__", repr(check))
        raise TypeError(f"no JSON Schema for the check {name!r}: it declares no rules")
    if any(rule.kind == "nonblank" for rule in rules) and any(
        _never_blank(_rule_schema(rule, refs).get("pattern", "")) for rule in rules
    ):
        # A whole-value pattern that cannot match blank text says "not blank" already; one
        # pattern fewer is one test fewer for every value.
        rules = tuple(rule for rule in rules if rule.kind != "nonblank")
    schema: Schema = {}
    for rule in rules:
        schema = _merge(schema, _rule_schema(rule, refs))
    return schema


_SPACES: Final = tuple(chr(c) for c in range(0x110000) if chr(c).isspace())


def _never_blank(pattern: str) -> bool:
    """Whether a whole-value pattern (``^...$``) can only match text that is not blank.

    True when it does not match the empty string and none of its characters or classes
    matches a white-space character: then every match holds a character that is not space.
    """
    if not (pattern.startswith("^") and pattern.endswith("$")) or re.search(pattern, ""):
        return False
    index = 1
    while index < len(pattern) - 1:
        char = pattern[index]
        if char == "\\":
            atom = pattern[index : index + 2]
            index += 2
        elif char == "[":
            end = pattern.index("]", index + 1)
            atom = pattern[index : end + 1]
            index = end + 1
        elif char == "{":
            index = pattern.index("}", index) + 1
            continue
        else:
            index += 1
            if char in "()|*+?":
                continue
            atom = re.escape(char)
        if any(re.fullmatch(atom, space) for space in _SPACES):
            return False
    return True


def _rule_schema(rule: Rule, refs: tuple[str, ...] | None) -> Schema:
    if rule.kind == "nonblank":
        return _not_blank()
    if rule.kind == "pattern":
        return _whole(rule.argument)
    if rule.kind == "minimum":
        return {"minimum": rule.argument}
    if rule.kind == "ref":
        return _id_pattern(refs or RECORD_TYPES)
    if rule.kind == "record-id":
        return _id_pattern((rule.argument,))
    if rule.kind == "unique":
        return {"uniqueItems": True}
    if rule.kind == "min-items":
        return {"minItems": rule.argument}
    raise TypeError(f"no JSON Schema for the rule {rule.kind!r}")


_NOT_NULL: Final = ["string", "number", "boolean", "array", "object"]  # "number" has integers


def _tagged(tags: Iterable[str]) -> Schema:
    """A record whose ``"type"`` is one of ``tags``."""
    return {"required": ["type"], "properties": {"type": {"enum": list(tags)}}}


def _given(*names: str) -> Schema:
    """Every one of ``names`` is present and not null."""
    # A list of types rather than {"not": {"type": "null"}}: one keyword, no subschema.
    return {"required": list(names), "properties": {n: {"type": _NOT_NULL} for n in names}}


def _absent(*names: str) -> Schema:
    """Every one of ``names`` is absent or null."""
    return {"properties": {n: {"type": "null"} for n in names}}


def _needs(field: str, other: str) -> Schema:
    """If ``field`` is given (not null), ``other`` must be given too."""
    # Under dependentSchemas, the test costs nothing where the field is absent.
    return {"dependentSchemas": {field: {"if": _given(field), "then": _given(other)}}}


def _identifier_relations() -> Schema:
    # A chain of tests, each scheme's in the "else" of the one before, rather than an
    # allOf of them all: a value meets the tests up to its own scheme's, not every one.
    known: Schema = {}
    for scheme, (regex, _) in reversed(_SCHEMES.items()):
        known = {
            "if": {"properties": {"scheme": {"const": scheme}}, "required": ["scheme"]},
            "then": {"properties": {"value": _whole(regex.pattern)}},
            **({"else": known} if known else {}),
        }
    return {"properties": {"scheme": _whole("[a-z][a-z0-9-]*")}, **known}


_RELATIONS: Final[dict[type, Callable[[], Schema]]] = {
    # Person._relations: a name or a description.
    Person: lambda: {"anyOf": [_given("name"), _given("description")]},
    # Evidence._relations: start, end and quote together; start at least 0; a prefix or
    # suffix only with a span, and never empty. (That end is not before start and that
    # quote has end - start characters is not expressible.) Without a span there is no
    # prefix or suffix either: one if/then/else says both rules, and reports an error at
    # the field, where an anyOf would report that the span matches neither shape.
    Evidence: lambda: {
        "if": _given("start"),
        "then": _given("start", "end", "quote"),
        "else": _absent("start", "end", "quote", "prefix", "suffix"),
        "properties": {
            "start": {"minimum": 0},
            "prefix": {"minLength": 1},
            "suffix": {"minLength": 1},
        },
    },
    # Source._relations: a digest needs its text; a source has no evidence of its own.
    Source: lambda: {**_needs("sha256", "text"), "properties": {"evidence": {"maxItems": 0}}},
    # Event._relations: an end date needs a start date. (The order of the two dates and
    # parent != id are not expressible.)
    Event: lambda: _needs("end_date", "date"),
    # Identifier._relations: a lower-case scheme; the values of known schemes.
    Identifier: _identifier_relations,
}
"""The cross-field checks of the model that JSON Schema can express, by class."""

_ONE_SHAPE: Final[dict[type, Callable[[], Schema]]] = {
    # Person: a name or a description, said as "not both absent". A code generator makes a
    # class of each branch of an anyOf and a union of those classes, and a tagged union
    # needs one class per tag; it ignores a "not", so the record stays one class.
    Person: lambda: {"not": _absent("name", "description")},
}
"""The checks of :data:`_RELATIONS` that choose between shapes of a record, written as one
shape for the ``"discriminator"`` form."""

_LIMITS: Final = (
    "Beyond this schema, and checked by the library that reads it: that an evidence's end"
    " is not before its start and its quote has end - start characters; that a quantity's"
    " bounds agree with its qualifier and value, and a fewer-than count is not below zero;"
    " that end dates are not before start dates and an event is not its own parent; that"
    " integers are not written as 1.0; that ids name records that exist, quotes match"
    " their sources' texts and digests match. Patterns keep to what ECMA-262, RE2 and"
    " Python's re share; with Python's re, whose $ also matches before a final line feed,"
    ' a "not" beside each whole-value pattern refuses that line feed.'
)
"""What the schema cannot express, said in its description."""

_INEXPRESSIBLE: Final = frozenset({Quantity, Post})
"""Classes whose cross-field checks JSON Schema cannot express (see the module docstring)."""


_ROLE: Final = re.compile(r":[a-z]+:`(?:~?(?P<title>[^`<]*?)\s*<[^`>]*>|~?(?P<target>[^`]*))`")
_LITERAL: Final = re.compile(r"``(.*?)``")


def _role_text(match: re.Match[str]) -> str:
    if match["title"] is not None:
        return match["title"]
    target: str = match["target"]
    name = target.rpartition(".")[2]
    import aigovernance  # the package is complete by the time a schema is made

    value = getattr(aigovernance, name, None)
    if match[0].startswith(":data:") and isinstance(value, str):
        return f'"{value}"'  # a constant: its value means more than its Python name
    return name


def _plain(text: str) -> str:
    """A docstring's reStructuredText as plain text: roles by name, literals in quotes."""
    return _LITERAL.sub(r'"\1"', _ROLE.sub(_role_text, text))


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    return _plain(" ".join(doc.strip().split("\n\n")[0].split()))


def _field_descriptions(cls: type) -> dict[str, str]:
    """The ``Attributes:`` section of a Google-style class docstring, by field name."""
    doc = cls.__doc__ or ""
    found: dict[str, str] = {}
    inside = False
    current: str | None = None
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped == "Attributes:":
            inside = True
            continue
        if not inside:
            continue
        match = re.fullmatch(r"([a-z_][a-z0-9_]*): (.*)", stripped)
        if match and line.startswith(" " * 8) and not line.startswith(" " * 12):
            current = match[1]
            found[current] = match[2]
        elif stripped and current is not None:
            found[current] += " " + stripped
        elif not stripped and found:
            break
    return {name: _plain(text) for name, text in found.items()}


def _def_name(cls: type) -> str:
    return cls.__name__


def _file_name(cls: type) -> str:
    if issubclass(cls, Record) and cls is not Record:
        return cls.type
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


class _Builder:
    """Collects the ``$defs`` that one schema needs, records dispatched as ``dispatch`` says."""

    def __init__(self, dispatch: Dispatch = "if-then") -> None:
        self.dispatch: Dispatch = dispatch
        self.defs: dict[str, Schema] = {}
        self.classes: list[type] = []

    def ref(self, cls: type) -> Schema:
        name = _def_name(cls)
        if name not in self.defs:
            self.classes.append(cls)
            self.defs[name] = {}  # reserve the name first: definitions may be recursive
            self.defs[name] = self.define(cls)
        return {"$ref": f"#/$defs/{name}"}

    def define(self, cls: type) -> Schema:
        if cls is Record:
            return self.record_union()
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            return {
                "description": _first_paragraph(cls.__doc__),
                "type": "string",
                "enum": [member.value for member in cls],
            }
        if cls is PartialDate:
            return {
                "description": _first_paragraph(cls.__doc__),
                "type": "string",
                "pattern": PARTIAL_DATE_PATTERN,
                "not": dict(_ONE_LINE),
            }
        if isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls):
            return self.model(cast("type[Model]", cls))
        raise TypeError(f"no JSON Schema for {cls!r}")

    def record_union(self) -> Schema:
        if self.dispatch == "discriminator":
            return self.tagged_union()
        # A tree of if/then/else on the "type" tag rather than a oneOf: a validator then
        # checks a record against its own definition only (a few cheap tests of the tag
        # to find it) and reports an error where it is, not as "matches none of ten".
        # A record whose tag is missing or unknown is dispatched nowhere, so that the error
        # is the tag's alone.
        # Each test requires the tag and the last leaf is guarded too, so that a record whose
        # tag is missing or unknown is dispatched nowhere: the error is the tag's alone.
        # The last leaf's "else" is where a missing or unknown tag ends up, and says so.
        return {
            "description": _first_paragraph(Record.__doc__),
            "type": "object",
            **self.if_then(list(RECORD_CLASSES.items()), last=True),
        }

    def tagged_union(self) -> Schema:
        # The form code generators read: a oneOf with an OpenAPI discriminator naming the
        # definition of each tag. The tags' consts already make the branches exclusive;
        # "required" refuses a record without a tag, which a oneOf alone could let through
        # as the one record type whose other fields it has.
        mapping = {tag: self.ref(cls)["$ref"] for tag, cls in RECORD_CLASSES.items()}
        return {
            "description": _first_paragraph(Record.__doc__),
            "type": "object",
            "required": ["type"],
            "oneOf": [{"$ref": ref} for ref in mapping.values()],
            "discriminator": {"propertyName": "type", "mapping": mapping},
        }

    def if_then(self, types: list[tuple[str, type]], *, last: bool) -> Schema:
        """The records of ``types`` each to its own definition; ``last``: guard the last."""
        if len(types) == 1:
            tag, cls = types[0]
            if not last:
                return self.ref(cls)
            return {"if": _tagged([tag]), "then": self.ref(cls), "else": _tagged(RECORD_CLASSES)}
        half = len(types) // 2
        return {
            "if": _tagged([tag for tag, _ in types[:half]]),
            "then": self.if_then(types[:half], last=False),
            "else": self.if_then(types[half:], last=last),
        }

    def model(self, cls: type[Model]) -> Schema:
        hints = typing.get_type_hints(cls)
        described = _field_descriptions(cls)
        properties: dict[str, Schema] = {}
        if issubclass(cls, Record):
            properties["type"] = {"const": cls.type}
        required: list[str] = []
        for field in model_fields(cls):
            if not field.init:
                continue
            fragment = self.field(field, hints[field.name])
            if field.name in described:
                fragment = {"description": described[field.name], **fragment}
            properties[field.name] = fragment
            if field.default is attrs.NOTHING:
                required.append(field.name)
        if cls is Dataset:
            # migrate() reads the version before anything else and refuses a document
            # without one, although the Python class has a default.
            required.insert(0, "schema_version")
            major = SCHEMA_VERSION.split(".")[0]
            properties["schema_version"] = {
                "description": described.get("schema_version"),
                "type": "string",
                **_whole(f"0*{major}\\.[0-9]+"),
            }
        schema: Schema = {
            "description": _first_paragraph(cls.__doc__),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if not required:
            del schema["required"]
        relations = _RELATIONS.get(cls)
        # In a tagged union each record type must stay one shape (see _ONE_SHAPE).
        one_shape = self.dispatch == "discriminator" and issubclass(cls, Record)
        if one_shape:
            relations = _ONE_SHAPE.get(cls, relations)
        if relations is not None:
            extra = relations()
            if one_shape and ("anyOf" in extra or "oneOf" in extra):
                raise TypeError(f"no one-shape JSON Schema for the checks of {cls.__name__}")
            for name, more in extra.pop("properties", {}).items():
                properties[name] = {**properties[name], **more}
            for key in ("anyOf", "oneOf"):
                for branch in extra.get(key, []):
                    _narrow(branch, properties)
            schema.update(extra)
        return schema

    def field(self, field: attrs.Attribute[Any], tp: Any) -> Schema:
        check = field.metadata.get(_CHECK)
        each = field.metadata.get(_EACH)
        refs: tuple[str, ...] | None = field.metadata.get(REFS)
        try:
            held = shape(tp)
        except TypeError as error:
            raise TypeError(f"no JSON Schema for {field.name}: {error}") from None
        nullable, tp = held.optional, held.item
        if held.many:
            items = self.type_schema(tp)
            if each is not None:
                items = _merge(items, _check_schema(each, refs))
            schema: Schema = {"type": "array", "items": items}
        else:
            if each is not None:
                raise TypeError(f"{field.name}: a check of each item needs a tuple")
            schema = self.type_schema(tp)
        if check is not None:
            schema = _merge(schema, _check_schema(check, refs))
        if nullable:
            if isinstance(schema.get("type"), str) and "$ref" not in schema:
                schema = {**schema, "type": [schema["type"], "null"]}
                if "enum" in schema:
                    schema["enum"] = [*schema["enum"], None]
                if schema.get("not") == _ONE_LINE:
                    schema["not"] = {"type": "string", **_ONE_LINE}
            else:
                schema = {"anyOf": [schema, {"type": "null"}]}
        return schema

    def type_schema(self, tp: Any) -> Schema:
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is PartialDate or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
            # A vocabulary or a date is written out where it is used, not referred to: a
            # reference costs a validator as much as the test itself. The title names it
            # for tools that make classes of a schema.
            if tp not in self.classes:
                self.classes.append(tp)
            inline = {k: v for k, v in self.define(tp).items() if k != "description"}
            return {"title": tp.__name__, **inline}
        if isinstance(tp, type):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")


def _narrow(branch: Schema, properties: dict[str, Schema]) -> None:
    """Say "given" in ``branch`` as the field's own types less null, not as every type.

    Validators read both alike; code generators read a list of every JSON type as "any
    value" and widen the field to match.
    """
    for name, fragment in branch.get("properties", {}).items():
        own = properties[name].get("type")
        if fragment.get("type") == _NOT_NULL and isinstance(own, list):
            kept = [t for t in own if t != "null"]
            fragment["type"] = kept[0] if len(kept) == 1 else kept


def _merge(schema: Schema, more: Schema) -> Schema:
    """``schema`` with the keywords of ``more``; a second pattern goes into ``allOf``."""
    merged = dict(schema)
    for key, value in more.items():
        if key == "allOf":
            merged["allOf"] = [*merged.get("allOf", []), *value]
        elif key in merged:
            merged["allOf"] = [*merged.get("allOf", []), {key: value}]
        else:
            merged[key] = value
    return merged


@cache
def _json_schema(cls: type, dispatch: Dispatch) -> Schema:
    builder = _Builder(dispatch)
    root = builder.define(cls)
    # The class itself is the root; $defs hold everything it refers to.
    builder.defs.pop(_def_name(cls), None)
    if dispatch == "if-then":
        root = _for_validators(root, builder.defs, (_def_name(cls),))
    schema: Schema = {
        "$schema": _DRAFT,
        "$id": f"{SCHEMA_BASE}{_file_name(cls)}.json",
        "title": f"aigovernance {_def_name(cls)}, schema version {SCHEMA_VERSION}",
        **root,
    }
    if cls is Dataset:
        schema["description"] = f"{schema['description']} {_LIMITS}"
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    cleaned: Schema = _drop_none(schema)
    return cleaned


def _for_validators(root: Schema, defs: dict[str, Schema], within: tuple[str, ...]) -> Schema:
    """``root`` laid out for validators: fewer subschemas to enter for each value.

    The same documents are accepted, and an error is reported at the same place. Python's
    jsonschema makes a new validator for every subschema it enters, so that the number
    of subschemas a value meets is what validating costs; see :func:`_written_out`,
    :func:`_leaves_of`, :func:`_fields_into_branches` and :func:`_without_implied_types`.
    """
    written: Schema = _written_out(root, defs, within)
    laid_out: Schema = _without_implied_types(_fields_into_branches(_leaves_of(written)))
    return laid_out


def _is_tag_test(node: Any) -> bool:
    """Whether ``node`` is a test of a record's tag in the dispatch tree (see ``if_then``)."""
    if not (isinstance(node, dict) and isinstance(node.get("if"), dict)):
        return False
    tags = node["if"].get("properties", {}).get("type", {}).get("enum")
    return isinstance(tags, list) and node["if"] == _tagged(tags)


def _leaves_of(node: Any) -> Any:
    """``node`` with each dispatch tree's record definitions left to test what the tree has not.

    A record reaches a definition in the tree only when it is an object (the tree's root
    says so) whose tag is that definition's, so that the definition need not test either
    again: one subschema and one keyword fewer for every record.
    """
    if isinstance(node, list):
        return [_leaves_of(item) for item in node]
    if not isinstance(node, dict):
        return node
    if _is_tag_test(node) and node.get("type") == "object":
        return _tree(node)
    return {key: _leaves_of(value) for key, value in node.items()}


def _tree(node: Schema) -> Schema:
    if _is_tag_test(node):
        return {**node, **{k: _tree(node[k]) for k in ("then", "else") if k in node}}
    tag = node.get("properties", {}).get("type")
    # A record's definition, not the schema that reports an unknown tag.
    if node.get("type") == "object" and isinstance(tag, dict) and "const" in tag:
        leaf = {k: _leaves_of(v) for k, v in node.items() if k != "type"}
        leaf["properties"] = {**leaf["properties"], "type": True}
        return leaf
    return node


_REF_PREFIX: Final = "#/$defs/"
_ANNOTATIONS: Final = frozenset({"description", "title"})


def _written_out(node: Any, defs: dict[str, Schema], within: tuple[str, ...]) -> Any:
    """``node`` with each reference to a definition of ``defs`` replaced by that definition.

    A validator such as Python's jsonschema pays for a reference on every value it checks:
    a look-up of the target and one more subschema to enter. The root of the ``"if-then"``
    form is therefore written out in full, while ``$defs`` keep every definition by name
    for other schemas and tools to refer to. The schema accepts the same documents either
    way. A reference to a definition that is being written out (one that is ``within``
    itself) stays a reference, so that a recursive definition ends; a reference whose
    siblings say more than ``description`` or ``title`` keeps its target in an ``allOf``.
    The referring schema's own annotations win over the target's: a field's description
    says more than its class's.
    """
    if isinstance(node, list):
        return [_written_out(item, defs, within) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if not (isinstance(ref, str) and ref.startswith(_REF_PREFIX)):
        return {key: _written_out(value, defs, within) for key, value in node.items()}
    name = ref.removeprefix(_REF_PREFIX)
    if name in within or name not in defs:
        return dict(node)
    target: Schema = _written_out(defs[name], defs, (*within, name))
    siblings = {k: _written_out(v, defs, within) for k, v in node.items() if k != "$ref"}
    if siblings.keys() & target.keys() <= _ANNOTATIONS:
        return {**target, **siblings}
    return {**siblings, "allOf": [*siblings.get("allOf", []), target]}


# Keywords whose meaning depends on their siblings: a schema with one of them is not
# merged with another by putting their keywords side by side.
_CONTEXTUAL: Final = frozenset(
    {
        "$ref", "$dynamicRef", "additionalProperties", "unevaluatedProperties", "items",
        "prefixItems", "unevaluatedItems", "contains", "minContains", "maxContains", "if",
        "then", "else",
    }
)  # fmt: skip


def _fields_into_branches(node: Any) -> Any:
    """``node`` with each field that both branches of an ``if`` test checked there alone.

    Where an object's ``then`` and ``else`` both say something of a field (Evidence: start,
    end and quote are all given, or all absent), the field's own schema is merged into
    each branch and the object's own entry for it accepts anything: exactly one branch
    applies, so the value meets the same keywords, once instead of twice, and an error in
    it is reported at the field as before.
    """
    if isinstance(node, list):
        return [_fields_into_branches(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _fields_into_branches(value) for key, value in node.items()}
    properties, then, else_ = node.get("properties"), node.get("then"), node.get("else")
    if not (
        "if" in node
        and isinstance(properties, dict)
        and isinstance(then, dict)
        and isinstance(else_, dict)
        and isinstance(then.get("properties"), dict)
        and isinstance(else_.get("properties"), dict)
    ):
        return node
    then = {**then, "properties": dict(then["properties"])}
    else_ = {**else_, "properties": dict(else_["properties"])}
    properties = dict(properties)
    for name in [n for n in then["properties"] if n in else_["properties"]]:
        own = properties.get(name)
        if not isinstance(own, dict):
            continue
        merged = [_both(own, branch["properties"][name]) for branch in (then, else_)]
        if merged[0] is None or merged[1] is None:
            continue
        then["properties"][name], else_["properties"][name] = merged
        properties[name] = True
    return {**node, "properties": properties, "then": then, "else": else_}


def _both(schema: Any, more: Any) -> Schema | None:
    """One schema with the keywords of both, or None where they cannot simply be merged."""
    if not (isinstance(schema, dict) and isinstance(more, dict)):
        return None
    if (schema.keys() | more.keys()) & _CONTEXTUAL:
        return None
    merged = dict(schema)
    for key, value in more.items():
        if key == "type" and "type" in merged:
            types = _common_types(merged["type"], value)
            if not types:
                return None
            merged["type"] = types[0] if len(types) == 1 else types
        elif key in merged and merged[key] != value:
            return None
        else:
            merged[key] = value
    return merged


def _common_types(one: str | list[str], other: str | list[str]) -> list[str]:
    """The JSON types both ``type`` keywords allow ("integer" is a "number")."""
    first = [one] if isinstance(one, str) else one
    second = [other] if isinstance(other, str) else other
    return [
        t
        for t in dict.fromkeys([*first, *second])
        if all(t in types or (t == "integer" and "number" in types) for types in (first, second))
    ]


_JSON_TYPES: Final = {str: "string", type(None): "null", bool: "boolean"}


def _without_implied_types(node: Any) -> Any:
    """``node`` without the ``type`` beside an ``enum`` whose values all have that type.

    The vocabulary says the type already: one keyword fewer for every value of it.
    """
    if isinstance(node, list):
        return [_without_implied_types(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_implied_types(value) for key, value in node.items()}
    types, values = node.get("type"), node.get("enum")
    if isinstance(values, list) and isinstance(types, (str, list)):
        allowed = {types} if isinstance(types, str) else set(types)
        if all(_JSON_TYPES.get(type(value)) in allowed for value in values):
            del node["type"]
    return node


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def json_schema(cls: type, *, dispatch: Dispatch = "if-then") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON form of a model type.

    ``cls`` is a model class (:class:`~aigovernance.Dataset`, a record class,
    :class:`~aigovernance.Record` for any record, a value class) or a vocabulary. The
    schema is generated from the model, carries a versioned ``$id``, rejects unknown
    fields (``additionalProperties: false``) and tells records apart by their ``"type"``.
    It agrees with :func:`aigovernance.from_json` except where the module docstring of
    ``aigovernance.serialization._schema`` says. Each call returns a fresh dict.

    ``dispatch`` says how a record is led to the definition of its ``"type"``; both forms
    accept exactly the same documents and have the same ``$id``:

    ``"if-then"`` (the default, and the shipped file)
        A short tree of ``if``/``then``/``else`` tests of the tag. For validators (Python's
        ``jsonschema``, ``jsonschema-rs`` and any other): each record is checked
        against its own definition only, which is fast, and an error is reported where it
        is, not as "matches none of ten". The root is written out in full, without
        references (``$defs`` keep the definitions by name). Code generators do not read
        ``if``/``then`` and make an empty class of a record.
    ``"discriminator"``
        A ``oneOf`` over the record definitions with an OpenAPI-style
        ``"discriminator": {"propertyName": "type", "mapping": {...}}``. For code
        generators (datamodel-code-generator makes a pydantic union tagged by ``type``;
        OpenAPI tools read the keyword too): each record type becomes one class. A
        choice between fields of a record (a person's name or description) is said with
        ``not``, which they ignore, so that the class is one. Validators ignore the
        ``discriminator`` keyword and try every branch of the ``oneOf``: about three times
        slower in Python, and an error in a record is reported as the union's.

    >>> import aigovernance as ag
    >>> schema = ag.json_schema(ag.Dataset)
    >>> schema["$id"]
    'https://aigovernance.readthedocs.io/en/stable/schema/1.2/dataset.json'
    >>> schema["$defs"]["Event"]["properties"]["themes"]["items"]["enum"][:3]
    ['accountability', 'capacity-building', 'data-governance']
    >>> tagged = ag.json_schema(ag.Dataset, dispatch="discriminator")
    >>> tagged["$defs"]["Record"]["discriminator"]["mapping"]["event"]
    '#/$defs/Event'

    Raises:
        TypeError: ``cls`` is not part of the model.
        ValueError: ``dispatch`` is neither ``"if-then"`` nor ``"discriminator"``.
    """
    if dispatch not in _DISPATCHES:
        raise ValueError(
            f"dispatch is {dispatch!r}, not one of {', '.join(map(repr, _DISPATCHES))}"
        )
    copied: dict[str, Any] = _copy(_json_schema(cls, dispatch))
    return copied


_DISPATCHES: Final[tuple[Dispatch, ...]] = get_args(Dispatch)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def published_schemas() -> dict[str, dict[str, Any]]:
    """The schemas the documentation publishes, by path under ``schema/``.

    The dataset, the record union and every class and vocabulary the dataset's schema
    uses: each at ``<version>/<name>.json``, the address its ``$id`` names.
    """
    builder = _Builder()
    builder.define(Dataset)
    classes = [Dataset, Record, *builder.classes]
    published = {}
    for cls in classes:
        schema = json_schema(cls)
        published[schema["$id"].removeprefix(SCHEMA_BASE.rsplit("/", 2)[0] + "/")] = schema
    return published


SCHEMA_FILE: Final = f"dataset-{SCHEMA_VERSION}.schema.json"
"""The name of the shipped file that holds the schema of :class:`~aigovernance.Dataset`."""


def shipped_schema() -> dict[str, Any]:
    """The schema of :class:`~aigovernance.Dataset` as shipped in the package, read lazily.

    It equals ``json_schema(Dataset)``; tools that are not Python can read the same file
    from the installed package (``aigovernance/serialization/schemas/``).
    """
    resource = files("aigovernance.serialization").joinpath("schemas").joinpath(SCHEMA_FILE)
    loaded: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return loaded
