r"""JSON Schema (draft 2020-12) generated from the model.

The schema is derived from the model classes themselves: their attrs fields give the
properties, the fields without defaults are ``required``, the field types give the JSON
types, the vocabularies give ``enum`` lists, and the checks declared in each field's
metadata give ``pattern``, ``minimum`` and ``uniqueItems``. Only the checks that involve
several fields of one object (a class's ``_relations``) cannot be read off the fields;
those that JSON Schema can express are listed once, in :data:`_RELATIONS`, beside the
class they belong to.

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

Patterns are written for both Python's :mod:`re` and ECMA-262 regular expressions. Each
whole-value pattern ends in ``$(?!\n)`` so that, in Python too, a trailing newline does not
match. ``\S`` (not blank) means "not white space" as the validator's regex engine defines
it; Python's agrees with :meth:`str.isspace`, the library's own test.
"""

from __future__ import annotations

import enum
import json
import re
import typing
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any, Final, cast

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
SCHEMA_BASE: Final = f"https://aigovernance.readthedocs.io/schema/{SCHEMA_VERSION}/"
"""Where the schemas of this schema version are published; each ``$id`` starts with it."""

_CHECK: Final = "aigovernance.check"
_EACH: Final = "aigovernance.each"
_NAME: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*"

# YYYY, YYYY-MM or YYYY-MM-DD naming a real day of the proleptic Gregorian calendar, years
# 1 to 9999: the dates PartialDate.parse accepts (with ASCII digits).
_DAY: Final = (
    r"(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8])"
)
_LEAP_YEAR: Final = r"[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00"
PARTIAL_DATE_PATTERN: Final = (
    rf"^(?!0000)(?:[0-9]{{4}}(?:-(?:0[1-9]|1[0-2]))?"
    rf"|[0-9]{{4}}-(?:{_DAY})|(?:{_LEAP_YEAR})-02-29)$(?!\n)"
)

Schema = dict[str, Any]


def _whole(regex: str) -> str:
    """A pattern that matches what ``re.fullmatch(regex, ...)`` matches."""
    return f"^(?:{regex})$(?!\\n)"


def _id_pattern(types: tuple[str, ...]) -> str:
    # Type tags are lower-case letters and hyphens: nothing to escape.
    return _whole(f"(?:{'|'.join(types)}):{_NAME}")


def _not_blank() -> Schema:
    return {"pattern": r"\S"}


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
    schema: Schema = {}
    for rule in rules:
        schema = _merge(schema, _rule_schema(rule, refs))
    return schema


def _rule_schema(rule: Rule, refs: tuple[str, ...] | None) -> Schema:
    if rule.kind == "nonblank":
        return _not_blank()
    if rule.kind == "pattern":
        return {"pattern": _whole(rule.argument)}
    if rule.kind == "minimum":
        return {"minimum": rule.argument}
    if rule.kind == "ref":
        return {"pattern": _id_pattern(refs or RECORD_TYPES)}
    if rule.kind == "record-id":
        return {"pattern": _id_pattern((rule.argument,))}
    if rule.kind == "unique":
        return {"uniqueItems": True}
    raise TypeError(f"no JSON Schema for the rule {rule.kind!r}")


def _given(*names: str) -> Schema:
    """Every one of ``names`` is present and not null."""
    return {"required": list(names), "properties": {n: {"not": {"type": "null"}} for n in names}}


def _absent(*names: str) -> Schema:
    """Every one of ``names`` is absent or null."""
    return {"properties": {n: {"type": "null"} for n in names}}


def _needs(field: str, other: str) -> Schema:
    """If ``field`` is given (not null), ``other`` must be given too."""
    return {"if": _given(field), "then": _given(other)}


def _identifier_relations() -> Schema:
    known = [
        {
            "if": {"properties": {"scheme": {"const": scheme}}, "required": ["scheme"]},
            "then": {"properties": {"value": {"pattern": _whole(regex.pattern)}}},
        }
        for scheme, (regex, _) in _SCHEMES.items()
    ]
    return {"properties": {"scheme": {"pattern": _whole("[a-z][a-z0-9-]*")}}, "allOf": known}


_RELATIONS: Final[dict[type, Callable[[], Schema]]] = {
    # Person._relations: a name or a description.
    Person: lambda: {"anyOf": [_given("name"), _given("description")]},
    # Evidence._relations: start, end and quote together; start at least 0; a prefix or
    # suffix only with a span, and never empty. (That end is not before start and that
    # quote has end - start characters is not expressible.)
    Evidence: lambda: {
        "anyOf": [_given("start", "end", "quote"), _absent("start", "end", "quote")],
        "allOf": [_needs("prefix", "quote"), _needs("suffix", "quote")],
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

_INEXPRESSIBLE: Final = frozenset({Quantity, Post})
"""Classes whose cross-field checks JSON Schema cannot express (see the module docstring)."""


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    return " ".join(doc.strip().split("\n\n")[0].split())


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
    return found


def _def_name(cls: type) -> str:
    return cls.__name__


def _file_name(cls: type) -> str:
    if issubclass(cls, Record) and cls is not Record:
        return cls.type
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


class _Builder:
    """Collects the ``$defs`` that one schema needs."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def ref(self, cls: type) -> Schema:
        name = _def_name(cls)
        if name not in self.defs:
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
            }
        if isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls):
            return self.model(cast("type[Model]", cls))
        raise TypeError(f"no JSON Schema for {cls!r}")

    def record_union(self) -> Schema:
        return {
            "description": _first_paragraph(Record.__doc__),
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(RECORD_CLASSES)}},
            "oneOf": [self.ref(cls) for cls in RECORD_CLASSES.values()],
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
                "pattern": _whole(f"0*{major}\\.[0-9]+"),
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
        if relations is not None:
            extra = relations()
            for name, more in extra.pop("properties", {}).items():
                properties[name] = {**properties[name], **more}
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
        if isinstance(tp, type):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")


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
def _json_schema(cls: type) -> Schema:
    builder = _Builder()
    root = builder.define(cls)
    # The class itself is the root; $defs hold everything it refers to.
    builder.defs.pop(_def_name(cls), None)
    schema: Schema = {
        "$schema": _DRAFT,
        "$id": f"{SCHEMA_BASE}{_file_name(cls)}.json",
        "title": f"aigovernance {_def_name(cls)}, schema version {SCHEMA_VERSION}",
        **root,
    }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    cleaned: Schema = _drop_none(schema)
    return cleaned


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON form of a model type.

    ``cls`` is a model class (:class:`~aigovernance.Dataset`, a record class,
    :class:`~aigovernance.Record` for any record, a value class) or a vocabulary. The
    schema is generated from the model, carries a versioned ``$id``, rejects unknown
    fields (``additionalProperties: false``) and tells records apart by their ``"type"``.
    It agrees with :func:`aigovernance.from_json` except where the module docstring of
    ``aigovernance.serialization._schema`` says. Each call returns a fresh dict.

    >>> import aigovernance as ag
    >>> schema = ag.json_schema(ag.Dataset)
    >>> schema["$id"]
    'https://aigovernance.readthedocs.io/schema/1.1/dataset.json'
    >>> schema["$defs"]["Theme"]["enum"][:3]
    ['accountability', 'capacity-building', 'data-governance']

    Raises:
        TypeError: ``cls`` is not part of the model.
    """
    copied: dict[str, Any] = _copy(_json_schema(cls))
    return copied


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


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
