"""The table layout: which tables a dataset becomes, their columns and keys, both ways.

Every table format (Arrow, Parquet, CSV, and any format added later) is a view of this
one declaration: :data:`LAYOUT` lists the tables, each a tuple of typed columns with a
key, and says which model field every column carries. Writing walks the model and fills
the columns (:class:`Flattener`); reading turns rows back into the JSON-shaped document
and hands it to the library's strict reading (:func:`unflatten`), so a hand-edited table
meets exactly the checks a JSON file meets, and every problem is located at its table,
row and column as well as its JSON path.

A format module supplies only the encoding of cells and files: it writes the columns a
:class:`Flattener` gives it, and reads a table's header and rows into a
:class:`TableData` for :func:`unflatten`, saying how to name a place in it
(a :data:`Where`: ``events.csv line 4, column kind`` or ``sheet events, cell B4``).
Cells are plain Python values of the column's :class:`Kind`; :func:`cell_text` and
:func:`parse_cell` give the text form shared by the text formats.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs
from attrs import frozen

from aigovernance._checking import Model, model_fields, shape
from aigovernance._problems import PathPart, json_path
from aigovernance._validate import validate
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import (
    Confidence,
    EventKind,
    InstrumentKind,
    Modality,
    OrganizationKind,
    PostKind,
    Precision,
    Qualifier,
    Role,
    SpeechAct,
    Theme,
)
from aigovernance.model import (
    ACTOR_TYPES,
    Commitment,
    Dataset,
    Event,
    Group,
    Instrument,
    Organization,
    Participation,
    Person,
    Post,
    Principle,
    PrincipleSet,
    Purpose,
    Record,
    Section,
    SectionItem,
    Source,
    State,
    Statement,
)
from aigovernance.serialization._errors import Problem, ValidationError
from aigovernance.serialization._json import _collector_paused, from_dict

__all__ = [
    "HEADER",
    "LAYOUT",
    "TABLES",
    "Column",
    "Flattener",
    "Kind",
    "Table",
    "TableData",
    "Where",
    "cell_text",
    "column_batches",
    "header_row",
    "parse_cell",
    "parse_path",
    "table",
    "unflatten",
    "without_utf8",
]


class Kind(enum.Enum):
    """What a column holds, and so its type in every format."""

    TEXT = "text"
    """Text (``string``)."""
    INTEGER = "integer"
    """A whole number (``int64``)."""
    PARTIAL_DATE = "partial date"
    """A :class:`~aigovernance.PartialDate` as its ISO text: ``2024``, ``2024-09``."""
    DAY = "day"
    """A calendar day (``date32``); only derived columns, the bounds of a partial date."""
    TERM = "term"
    """One term of the column's vocabulary (dictionary-encoded text)."""
    TEXTS = "list of text"
    """A list of texts: ids, aspects, field names, partial dates as their ISO text."""
    TERMS = "list of terms"
    """A list of terms of the column's vocabulary (themes)."""
    PRESENT = "true or false"
    """Whether the object at the column's field exists (``bool``): it carries an object
    none of whose other columns is filled, such as a place known to exist."""


@frozen(kw_only=True)
class Column:
    """One column of a table.

    Attributes:
        name: the column's name, unique in its table.
        kind: what it holds.
        terms: the vocabulary of a ``TERM`` or ``TERMS`` column, in declared order.
        field: the path of the model field it carries, from the row's object
            (``("place", "name")``); empty for key columns.
        key: part of the table's key (never empty).
        required: never empty: a key, or a field every row's object must have.
        derived: computed from ``field`` by ``derive`` on writing, for queries; on
            reading it may be left empty, and if given must agree.
        derive: the function from the field's value to the cell, for derived columns.
        since: the schema version that introduced the column; tables of older versions
            may lack it.
        until: for a retired column (one of :attr:`Table.retired`), the last schema
            version that had it: tables of that version or older are read with it, and
            in newer ones it is not a column of the table.
        becomes: for a retired column, the function from its cell to the value of
            ``field``, the field of the current schema that took its place.
        description: what the column holds, for the reference and Data Package.
    """

    name: str
    kind: Kind
    terms: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    key: bool = False
    required: bool = False
    derived: bool = False
    derive: Callable[[Any], Any] | None = attrs.field(default=None, eq=False, repr=False)
    since: str = "1.0"
    until: str | None = None
    becomes: Callable[[Any], Any] | None = attrs.field(default=None, eq=False, repr=False)
    description: str = ""


@frozen(kw_only=True)
class Table:
    """One table: its columns, its key, and where its rows come from.

    A *record table* holds one row per record of ``classes``, keyed by ``id``. A *part
    table* holds one row per item of the list field ``within`` of the rows of the table
    ``parent`` (participations of events), keyed by the parent's key and ``index``, the
    item's position. An *attached* table (evidence, identifiers, translations) holds the
    items of the list field ``within`` of any object within a record, keyed by the
    record's id, ``path`` (the JSON path of the object within the record: ``$``,
    ``$.participations[2]``) and ``index``.

    Attributes:
        name: the table's name (also its file's stem and its sheet's name).
        columns: the columns, in order.
        classes: the model classes of its rows.
        parent: the table whose rows own these rows, for a part table.
        within: the list field the rows are the items of, for part and attached tables.
        attached: whether rows may belong to any object within a record.
        retired: columns of older schema versions, read from tables of those versions
            into the field of the row's object that replaced them (see
            :attr:`Column.until`); never written.
        description: what a row is.
    """

    name: str
    columns: tuple[Column, ...]
    classes: tuple[type, ...]
    parent: str | None = None
    within: str | None = None
    attached: bool = False
    retired: tuple[Column, ...] = ()
    description: str = ""

    def column(self, name: str) -> Column | None:
        """The column of this name, current or retired; ``None`` if there is none."""
        for column in (*self.columns, *self.retired):
            if column.name == name:
                return column
        return None

    @property
    def key(self) -> tuple[str, ...]:
        """The names of the key columns, in order."""
        return tuple(c.name for c in self.columns if c.key)

    @property
    def names(self) -> tuple[str, ...]:
        """The names of all columns, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def owner(self) -> tuple[str, ...]:
        """The key columns that name the owning row (all but ``index``), for parts."""
        return self.key[:-1] if self.parent is not None else ()


# ----------------------------------------------------------------------- declarations


def _terms(vocabulary: type[enum.Enum] | Sequence[str]) -> tuple[str, ...]:
    if isinstance(vocabulary, type):
        return tuple(member.value for member in vocabulary)
    return tuple(vocabulary)


def _key(name: str, kind: Kind = Kind.TEXT, description: str = "") -> Column:
    return Column(name=name, kind=kind, key=True, required=True, description=description)


def _id(description: str = "the record's id") -> Column:
    return Column(
        name="id", kind=Kind.TEXT, field=("id",), key=True, required=True, description=description
    )


def _index(description: str = "the item's position in its list, from 0") -> Column:
    return _key("index", Kind.INTEGER, description)


def _position() -> Column:
    return Column(
        name="position",
        kind=Kind.INTEGER,
        description="the record's position among the dataset's records, from 0; rows "
        "left empty come after the others",
    )


def _col(name: str, kind: Kind = Kind.TEXT, *, field: str | None = None, **kwargs: Any) -> Column:
    return Column(name=name, kind=kind, field=tuple((field or name).split(".")), **kwargs)


def _term(name: str, vocabulary: type[enum.Enum], **kwargs: Any) -> Column:
    return _col(name, Kind.TERM, terms=_terms(vocabulary), **kwargs)


def _themes(name: str = "themes") -> Column:
    return _col(name, Kind.TERMS, terms=_terms(Theme))


def _texts(name: str) -> Column:
    return _col(name, Kind.TEXTS)


def _derived(name: str, kind: Kind, field: str, derive: Callable[[Any], Any], **kw: Any) -> Column:
    return _col(name, kind, field=field, derived=True, derive=derive, **kw)


def _partial_date(name: str) -> tuple[Column, ...]:
    """A partial date: its ISO text, and its precision and bounds for range queries."""
    return (
        _col(name, Kind.PARTIAL_DATE),
        _derived(f"{name}_precision", Kind.TERM, name, _precision, terms=_terms(Precision)),
        _derived(f"{name}_earliest", Kind.DAY, name, _earliest),
        _derived(f"{name}_latest", Kind.DAY, name, _latest),
    )


def _precision(date: PartialDate) -> str:
    return _date_parts(date)[1]


def _earliest(date: PartialDate) -> dt.date:
    return _date_parts(date)[2]


def _latest(date: PartialDate) -> dt.date:
    return _date_parts(date)[3]


def _least(quantity: Quantity) -> int | None:
    return quantity.bounds[0]


def _most(quantity: Quantity) -> int | None:
    return quantity.bounds[1]


def _quantity(field: str, **kwargs: Any) -> tuple[Column, ...]:
    """A :class:`~aigovernance.Quantity`: its parts, and its bounds for range queries."""
    return (
        _col(f"{field}_value", Kind.INTEGER, field=f"{field}.value", **kwargs),
        _term(f"{field}_qualifier", Qualifier, field=f"{field}.qualifier", **kwargs),
        _col(f"{field}_lower", Kind.INTEGER, field=f"{field}.lower", **kwargs),
        _col(f"{field}_upper", Kind.INTEGER, field=f"{field}.upper", **kwargs),
        _derived(f"{field}_min", Kind.INTEGER, field, _least, **kwargs),
        _derived(f"{field}_max", Kind.INTEGER, field, _most, **kwargs),
        _col(f"{field}_text", field=f"{field}.text", **kwargs),
        _col(f"{field}_unit", field=f"{field}.unit", **kwargs),
    )


def _one(value: Any) -> list[Any]:
    """The list of one item that a retired single-valued cell becomes."""
    return [value]


def _retired(name: str, field: str, what: str) -> Column:
    """The column of schema version 1.1 whose one value 1.2 made the list ``field``."""
    return _col(
        name,
        field=field,
        until="1.1",
        becomes=_one,
        description=f"{what}; schema version 1.2 made it the list {field}",
    )


def _aliases() -> Column:
    return _col("aliases", Kind.TEXTS, since="1.2")


def _record_key() -> tuple[Column, ...]:
    return (
        _key("record", description="the id of the record the item is within"),
        _key("path", description="the JSON path of the object holding the item, in the record"),
        _index(),
    )


_HEADER_COLUMNS: Final = (
    _col("schema_version", required=True),
    _id("the dataset's id"),
    _col("title", required=True),
    _col("version", required=True),
    _col("description"),
)

HEADER: Final = Table(
    name="dataset",
    columns=_HEADER_COLUMNS,
    classes=(Dataset,),
    description="the dataset's header: one row",
)
"""The ``dataset`` table: one row, the dataset's id, title, version and schema version."""

_RECORDS: Final = (
    Table(
        name="sources",
        classes=(Source,),
        description="one row per source, in order",
        columns=(
            _id(),
            _col("title", required=True),
            _col("publisher"),
            _col("url"),
            *_partial_date("published"),
            _col("language"),
            _col("text"),
            _col("sha256"),
            _aliases(),
        ),
    ),
    Table(
        name="actors",
        classes=(Person, State, Organization, Group),
        description="one row per person, state, organization or group",
        columns=(
            _id(),
            _position(),
            Column(
                name="type",
                kind=Kind.TERM,
                terms=ACTOR_TYPES,
                required=True,
                description="which kind of actor the row is",
            ),
            _col("name"),
            _col("description"),
            _col("code"),
            _term("kind", OrganizationKind),
            _col("abbreviation"),
            _col("parent"),
            *_quantity("size"),
            _texts("members"),
            _aliases(),
        ),
    ),
    Table(
        name="posts",
        classes=(Post,),
        description="one row per post",
        columns=(
            _id(),
            _position(),
            _col("title", required=True),
            _term("kind", PostKind, since="1.2"),
            _col("organization", required=True),
            _col("holder"),
            *_partial_date("start"),
            *_partial_date("end"),
            _aliases(),
        ),
    ),
    Table(
        name="events",
        classes=(Event,),
        description="one row per event",
        columns=(
            _id(),
            _position(),
            _term("kind", EventKind, required=True),
            _col("title", required=True),
            *_partial_date("date"),
            *_partial_date("end_date"),
            _col("timezone"),
            _col(
                "place",
                Kind.PRESENT,
                description="whether the event has a place, even one of which nothing is known",
            ),
            _col("place_name", field="place.name"),
            _col("place_locality", field="place.locality"),
            _col("place_country", field="place.country"),
            _col("parent"),
            _themes(),
            _aliases(),
        ),
    ),
    Table(
        name="participations",
        classes=(Participation,),
        parent="events",
        within="participations",
        description="one row per participation in an event",
        columns=(
            _key("event", description="the id of the event"),
            _index(),
            _col("actor", required=True),
            _term("role", Role, required=True),
            _col("capacities", Kind.TEXTS, since="1.2"),
            _col("on_behalf_of"),
        ),
        retired=(_retired("capacity", "capacities", "the post the actor took part in"),),
    ),
    Table(
        name="purposes",
        classes=(Purpose,),
        parent="events",
        within="purposes",
        description="one row per purpose of an event",
        columns=(
            _key("event", description="the id of the event"),
            _index(),
            _col("text", required=True),
            _themes(),
            _texts("refers_to"),
        ),
    ),
    Table(
        name="statements",
        classes=(Statement,),
        description="one row per statement",
        columns=(
            _id(),
            _position(),
            _col("speakers", Kind.TEXTS, required=True, since="1.2"),
            _term("speech_act", SpeechAct, required=True),
            _col("summary", required=True),
            _col("event"),
            *_partial_date("date"),
            _texts("principles"),
            _texts("commitments"),
            _texts("refers_to"),
            _themes(),
            _aliases(),
        ),
        retired=(_retired("speaker", "speakers", "the actor who spoke"),),
    ),
    Table(
        name="principle_sets",
        classes=(PrincipleSet,),
        description="one row per principle set",
        columns=(
            _id(),
            _position(),
            _col("title", required=True),
            _texts("proposers"),
            _col("instrument"),
            _aliases(),
        ),
    ),
    Table(
        name="principles",
        classes=(Principle,),
        parent="principle_sets",
        within="principles",
        description="one row per principle of a principle set",
        columns=(
            _key("principle_set", description="the id of the principle set"),
            _index(),
            _col("ordinal", Kind.INTEGER, required=True),
            _col("title", required=True),
            _col("description"),
            _texts("aspects"),
            _themes(),
            _col("refers_to", Kind.TEXTS, since="1.2"),
        ),
    ),
    Table(
        name="commitments",
        classes=(Commitment,),
        description="one row per commitment",
        columns=(
            _id(),
            _position(),
            _col("actors", Kind.TEXTS, required=True, since="1.2"),
            _term("modality", Modality, required=True),
            _col("text", required=True),
            _themes(),
            _aliases(),
        ),
        retired=(_retired("actor", "actors", "the actor who commits"),),
    ),
    Table(
        name="instruments",
        classes=(Instrument,),
        description="one row per instrument",
        columns=(
            _id(),
            _position(),
            _term("kind", InstrumentKind, required=True),
            _col("title", required=True),
            _col("symbol"),
            *_partial_date("date"),
            _col("revision_dates", Kind.TEXTS, since="1.2"),
            _col("event"),
            _texts("issuers"),
            _texts("proposers"),
            *_quantity("cosponsor_count", since="1.2"),
            _texts("cites"),
            _themes(),
            _aliases(),
        ),
    ),
    Table(
        name="sections",
        classes=(Section,),
        parent="instruments",
        within="sections",
        description="one row per section of an instrument",
        columns=(
            _key("instrument", description="the id of the instrument"),
            _index(),
            _col("name", required=True),
            _col("declared_size", Kind.INTEGER),
            _derived("known", Kind.INTEGER, "items", len),
        ),
    ),
    Table(
        name="section_items",
        classes=(SectionItem,),
        parent="sections",
        within="items",
        description="one row per item of a section",
        columns=(
            _key("instrument", description="the id of the instrument"),
            _key("section", Kind.INTEGER, "the index of the section in the instrument"),
            _index(),
            _col("ordinal", Kind.INTEGER),
            _col("title", required=True),
            _col("description"),
        ),
    ),
    Table(
        name="evidence",
        classes=(Evidence,),
        within="evidence",
        attached=True,
        description="one row per piece of evidence, wherever in a record it stands",
        columns=(
            *_record_key(),
            _col("source", required=True),
            _col("start", Kind.INTEGER),
            _col("end", Kind.INTEGER),
            _col("quote"),
            _col("prefix", since="1.1"),
            _col("suffix", since="1.1"),
            _term("confidence", Confidence, required=True),
            _texts("fields"),
        ),
    ),
    Table(
        name="identifiers",
        classes=(Identifier,),
        within="identifiers",
        attached=True,
        description="one row per identifier, wherever in a record it stands",
        columns=(*_record_key(), _col("scheme", required=True), _col("value", required=True)),
    ),
    Table(
        name="translations",
        classes=(Translation,),
        within="translations",
        attached=True,
        description="one row per translation, wherever in a record it stands",
        columns=(*_record_key(), _col("lang", required=True), _col("text", required=True)),
    ),
)

LAYOUT: Final[tuple[Table, ...]] = (HEADER, *_RECORDS)
"""Every table, in order: the header, then each table after the one its rows belong to."""

TABLES: Final = tuple(table.name for table in LAYOUT)
"""The names of the tables, in order."""

_BY_NAME: Final = {table.name: table for table in LAYOUT}
_RECORD_TABLES: Final = tuple(t for t in _RECORDS if t.parent is None and not t.attached)
_TABLE_OF: Final[dict[type, Table]] = {
    cls: table for table in _RECORD_TABLES for cls in table.classes
}
_CHILDREN: Final = {
    table.name: tuple(t for t in _RECORDS if t.parent == table.name) for table in LAYOUT
}
_ATTACHED: Final = tuple(t for t in _RECORDS if t.attached)
_ATTACHED_FIELDS: Final = frozenset(t.within for t in _ATTACHED)


def _field_columns(layout: Table) -> dict[tuple[str, ...], dict[str, str]]:
    """For each object within a row (by its path), the column of each of its fields."""
    found: dict[tuple[str, ...], dict[str, str]] = {(): {}}
    if "type" in layout.names:
        found[()]["type"] = "type"
    for column in layout.columns:
        if column.derived or not column.field:
            continue
        for depth in range(len(column.field)):
            found.setdefault(column.field[:depth], {}).setdefault(column.field[depth], column.name)
        if column.kind is Kind.PRESENT:
            found.setdefault(column.field, {})
    return found


_FIELDS: Final = {
    (t.name, path): fields for t in LAYOUT for path, fields in _field_columns(t).items()
}
_TAGS: Final = {t.name: cls.type for cls, t in _TABLE_OF.items() if issubclass(cls, Record)}
"""The type tag of the records of each table of one record type (all but actors)."""


def table(name: str) -> Table:
    """The table of this name.

    Raises:
        KeyError: no table has the name.
    """
    return _BY_NAME[name]


# ----------------------------------------------------------------------- writing

_DATES: dict[tuple[int, int | None, int | None], tuple[str, str, dt.date, dt.date]] = {}


def _date_parts(date: PartialDate) -> tuple[str, str, dt.date, dt.date]:
    """A date's text, precision and bounds; made once for each date, as dates repeat."""
    key = (date.year, date.month, date.day)
    parts = _DATES.get(key)
    if parts is None:
        if len(_DATES) > 1 << 16:
            _DATES.clear()
        parts = _DATES[key] = (date.isoformat(), date.precision.value, date.earliest, date.latest)
    return parts


_DATE_PARTS: Final = (_precision, _earliest, _latest)


def _expression(
    column: Column, cls: type, obj: str, keyed: Mapping[str, str], names: dict[str, Any]
) -> str:
    """Python source for one cell of a row of ``cls``, whose object is the variable ``obj``.

    ``keyed`` gives the source of each cell that is not read from the object: the key
    columns without a field, and a record's ``position``.
    """
    if column.name in keyed:
        return keyed[column.name]
    if column.name == "type":
        return repr(cls.type)  # type: ignore[attr-defined]
    first, *rest = column.field
    if first not in attrs.fields_dict(cls):
        return "None"  # a column for other classes of the table (an actor's code)
    value = f"{obj}.{first}"
    for name in rest:
        value = f"(None if (_o := {value}) is None else _o.{name})"
    if column.derive in _DATE_PARTS:  # the bounds of a date: no call for each
        part = _DATE_PARTS.index(column.derive) + 1
        return f"(None if (_v := {value}) is None else _date_parts(_v)[{part}])"
    if column.derived:
        derive = f"_derive_{id(column.derive)}"
        names[derive] = column.derive
        return f"(None if (_v := {value}) is None else {derive}(_v))"
    kind = column.kind
    if kind is Kind.TERM and column.required and not rest:
        return f"{value}._value_"  # the model never leaves it empty
    if kind is Kind.TERM:
        return f"(None if (_v := {value}) is None else _v._value_)"
    if kind is Kind.PARTIAL_DATE:
        return f"(None if (_v := {value}) is None else _date_parts(_v)[0])"
    if kind is Kind.TERMS:  # most lists are empty: no comprehension for them
        return f"([_t._value_ for _t in _v] if (_v := {value}) else ())"
    if kind is Kind.TEXTS and attrs.fields_dict(cls)[first].type == tuple[PartialDate, ...]:
        return f"([_date_parts(_d)[0] for _d in _v] if (_v := {value}) else ())"
    if kind is Kind.TEXTS:
        return value  # the model's tuple, as it is
    if kind is Kind.PRESENT:
        return f"({value} is not None)"
    return value


def _cells(
    table: Table, cls: type, obj: str, keys: Sequence[str], names: dict[str, Any]
) -> list[str]:
    """Python source for each cell of a row of ``table`` from ``obj``, a ``cls``.

    ``keys`` gives the source of the key cells that are not fields, in order (for a
    record table, the record's position).
    """
    own = [c.name for c in table.columns if c.key and not c.field] or ["position"]
    keyed = dict(zip(own, keys, strict=True))
    return [_expression(column, cls, obj, keyed, names) for column in table.columns]


def _header_row() -> Callable[[Dataset], tuple[Any, ...]]:
    names: dict[str, Any] = {"_date_parts": _date_parts}
    cells = ", ".join(_cells(HEADER, Dataset, "obj", ["None"], names))
    source = f"def row(obj):\n    return ({cells},)\n"
    exec(compile(source, "<row of the dataset table>", "exec"), names)
    function: Callable[[Dataset], tuple[Any, ...]] = names["row"]
    return function


_HEADER_ROW: Final = _header_row()


def header_row(dataset: Dataset) -> list[Any]:
    """The one row of the ``dataset`` table for ``dataset``."""
    return list(_HEADER_ROW(dataset))


def _holders(cls: type) -> tuple[tuple[str, type, bool], ...]:
    """The fields of ``cls`` that hold model objects other than attached items.

    Each with the class it holds and whether it holds a list of them.
    """
    found = []
    attrs.resolve_types(cls)
    for field in model_fields(cls):
        if field.name in _ATTACHED_FIELDS:
            continue
        form = shape(field.type)
        if isinstance(form.item, type) and issubclass(form.item, Model):
            found.append((field.name, form.item, form.many))
    return tuple(found)


def _attached_tables(cls: type) -> tuple[Table, ...]:
    """The attached tables whose items ``cls`` may hold."""
    fields = attrs.fields_dict(cls)
    return tuple(t for t in _ATTACHED if t.within in fields)


def _holds_rows(cls: type, seen: tuple[type, ...] = ()) -> bool:
    """Whether an object of ``cls`` may hold rows of any table, at any depth."""
    if cls in seen:
        raise TypeError(f"{cls.__name__} may hold itself: the layout cannot flatten it")
    if _attached_tables(cls):
        return True
    return any(_holds_rows(held, (*seen, cls)) for _, held, _ in _holders(cls))


class _Adder:
    """Python source for adding an object's rows, and the names that source uses.

    The rows of a record and everything within it are made by one generated function
    per record class, with every row's cells written out in place: the model is walked
    once per record with no call per part, no lookup of a table and no JSON path made
    for an object that holds nothing attached. Walking the model is most of the cost of
    a table export.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"_date_parts": _date_parts}
        self.depth = 0

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def row(self, table: Table, cls: type, obj: str, keys: Sequence[str], indent: int) -> None:
        """Lines appending each cell of ``obj``'s row of ``table`` to its column.

        A partial date's four columns (its text, precision and bounds) take its parts
        from one look-up.
        """
        cells = _cells(table, cls, obj, keys, self.names)
        columns = table.columns
        number = 0
        while number < len(columns):
            column = columns[number]
            parts = columns[number + 1 : number + 4]
            if (
                column.kind is Kind.PARTIAL_DATE
                and len(column.field) == 1
                and column.field[0] in attrs.fields_dict(cls)
                and [c.derive for c in parts] == list(_DATE_PARTS)
                and all(c.field == column.field for c in parts)
            ):
                names = [_column_name(table, number + k) for k in range(4)]
                self.line(indent, f"if (_d := {obj}.{column.field[0]}) is None:")
                self.line(indent + 1, "; ".join(f"{name}(None)" for name in names))
                self.line(indent, "else:")
                self.line(indent + 1, "_d = _date_parts(_d)")
                self.line(indent + 1, "; ".join(f"{n}(_d[{k}])" for k, n in enumerate(names)))
                number += 4
                continue
            self.line(indent, f"{_column_name(table, number)}({cells[number]})")
            number += 1

    def rows(
        self, table: Table | None, cls: type, obj: str, path: str, keys: Sequence[str], indent: int
    ) -> None:
        """Lines adding the rows of ``obj`` (a ``cls``, a row of ``table`` if any).

        ``path`` is the source of an f-string body for the object's JSON path within
        its record, and ``keys`` the sources of the key cells of the object's row.
        """
        if table is not None:
            self.row(table, cls, obj, keys, indent)
        own = ["_record"] if table is None or table.parent is None else list(keys)
        for attached in _attached_tables(cls):
            self.depth += 1
            items, index, item = f"_a{self.depth}", f"_i{self.depth}", f"_x{self.depth}"
            self.line(indent, f"if {items} := {obj}.{attached.within}:")
            self.line(indent + 1, f'_p = f"{path}"' if "{" in path else f"_p = {path!r}")
            self.line(indent + 1, f"for {index}, {item} in enumerate({items}):")
            keyed = ["_record", "_p", index]
            self.row(attached, attached.classes[0], item, keyed, indent + 2)
        children = {t.within: t for t in _CHILDREN[table.name]} if table is not None else {}
        for name, held, many in _holders(cls):
            child = children.get(name)
            if child is None and not _holds_rows(held):
                continue
            self.depth += 1
            if not many:
                value = f"_h{self.depth}"
                self.line(indent, f"if ({value} := {obj}.{name}) is not None:")
                self.rows(None, held, value, f"{path}.{name}", (), indent + 1)
                continue
            index, item = f"_i{self.depth}", f"_x{self.depth}"
            self.line(indent, f"for {index}, {item} in enumerate({obj}.{name}):")
            self.rows(child, held, item, f"{path}.{name}[{{{index}}}]", [*own, index], indent + 1)


def _column_name(table: Table, number: int) -> str:
    """The name, in generated code, of the ``append`` of a column of ``table``."""
    return f"_{table.name}_{number}"


def _adder_factory(cls: type) -> Callable[..., Callable[[Any, int], None]]:
    """A function that, given every column's ``append``, makes the adder of ``cls``.

    The adder takes an object of ``cls`` and its position among records, and appends
    the rows of the object and of everything within it.
    """
    table = _TABLE_OF[cls]
    adder = _Adder()
    adder.line(1, "def add(obj, position):")
    adder.line(2, "_record = obj.id")
    adder.rows(table, cls, "obj", "$", ["position"], 2)
    columns = ", ".join(_column_name(t, n) for t in _RECORDS for n in range(len(t.columns)))
    source = f"def make({columns}):\n" + "\n".join(adder.lines) + "\n    return add\n"
    names = adder.names
    exec(compile(source, f"<rows of {cls.__name__}>", "exec"), names)
    factory: Callable[..., Callable[[Any, int], None]] = names["make"]
    return factory


_ADDERS: dict[type, Callable[..., Callable[[Any, int], None]]] = {}


class Flattener:
    """Fills the rows of every table from sources and records, one at a time.

    A format takes a table's waiting rows as columns of cells whenever it likes
    (:meth:`take`), so a writer streams batches of rows and memory stays bounded by the
    batch, not the dataset.

    Cells go straight into their columns, with no row made on the way: the rows of
    a table are never transposed.

    >>> import aigovernance as ag
    >>> flat = Flattener()
    >>> flat.add(ag.State(id="state:CHN", name="China", code="CHN"))
    >>> flat.take("actors")[:3]
    [['state:CHN'], [0], ['state']]
    """

    def __init__(self) -> None:
        self._columns: dict[str, list[list[Any]]] = {
            t.name: [[] for _ in t.columns] for t in _RECORDS
        }
        self._records = 0
        self._adders: dict[type, Callable[[Any, int], None]] = {}

    def rows(self, name: str) -> int:
        """How many rows of table ``name`` are waiting to be taken."""
        return len(self._columns[name][0])

    def take(self, name: str) -> list[Sequence[Any]]:
        """The waiting rows of table ``name`` as columns, one list of cells each.

        The table then starts empty again.
        """
        columns: list[Sequence[Any]] = list(self._columns[name])
        if columns[0]:
            self._columns[name] = [[] for _ in columns]
            self._adders.clear()  # they append to the columns just taken
        return columns

    def add(self, item: Record) -> None:
        """Add a source or record, with all its parts, to the tables.

        Records count their position among records (sources are in their own table,
        in order).

        Raises:
            TypeError: ``item`` is not a source or record of a known type.
        """
        cls = type(item)
        add = self._adders.get(cls)
        if add is None:
            if cls not in _TABLE_OF:
                raise TypeError(f"{cls.__name__} is not a source or record")
            factory = _ADDERS.get(cls)
            if factory is None:
                factory = _ADDERS[cls] = _adder_factory(cls)
            appends = (column.append for t in _RECORDS for column in self._columns[t.name])
            add = self._adders[cls] = factory(*appends)
        if cls is Source:
            add(item, 0)
        else:
            add(item, self._records)
            self._records += 1


def column_batches(
    header: Dataset, items: Iterable[Record], rows: int = 1 << 16
) -> Iterator[tuple[Table, list[Sequence[Any]]]]:
    """The columns of every table, a batch at a time, for sources and records streamed.

    The header's ``dataset`` table comes first; then a table's batch whenever it has
    ``rows`` rows waiting, and every table's remaining rows at the end (so each table
    comes at least once, perhaps empty). Memory stays bounded by the batches however
    many records stream through. ``header`` gives the dataset's id, title, version and
    description; its sources and records are not used.
    """
    yield HEADER, [(cell,) for cell in header_row(header)]
    flat = Flattener()
    with _collector_paused(True):
        for count, item in enumerate(items, start=1):
            flat.add(item)
            if count % 1024 == 0:  # a record adds few rows: no table overflows in between
                for table in _RECORDS:
                    if flat.rows(table.name) >= rows:
                        yield table, flat.take(table.name)
        for table in _RECORDS:
            yield table, flat.take(table.name)


def without_utf8(
    table: Table, columns: Sequence[Sequence[Any]], first: int, where: Where
) -> ValidationError:
    """The error for a batch of ``table`` whose texts UTF-8 cannot carry, each at its cell.

    A text in the model may hold a lone surrogate (JSON escapes it); every table format
    stores UTF-8, so writing one is refused. ``first`` is the batch's first row in the
    table (from 0), and ``where`` names a cell as the format's user sees it.
    """
    problems = []
    for column, values in zip(table.columns, columns, strict=True):
        for row, value in enumerate(values):
            for text in value if isinstance(value, list | tuple) else (value,):
                if type(text) is not str or text.isascii():
                    continue
                try:
                    text.encode()
                except UnicodeEncodeError as error:
                    code = ord(text[error.start])
                    message = f"holds a lone surrogate, U+{code:04X}, which UTF-8 cannot carry"
                    problems.append(Problem(where(table.name, first + row, column.name), message))
                    break
    return ValidationError(problems)


# ----------------------------------------------------------------------- text cells


def cell_text(column: Column, value: Any) -> str | None:
    """The text form of a cell, for text formats; ``None`` for an empty cell.

    Integers are decimal digits; days are ``YYYY-MM-DD``; flags ``true`` or ``false``;
    lists are JSON arrays of
    strings (``["capacity-building","global-south"]``), whatever their items hold.
    """
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.TEXTS or kind is Kind.TERMS:
        if not value:
            return None  # the empty list: lists are never missing, so empty says it
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if kind is Kind.DAY:
        return str(value.isoformat())
    if kind is Kind.PRESENT:
        return "true" if value else "false"
    return str(value)


_INTEGER: Final = re.compile(r"-?[0-9]+")
_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FLAGS: Final = {"true": True, "false": False, "TRUE": True, "FALSE": False}  # as typed, as saved


def parse_cell(column: Column, text: str | None) -> Any:
    """The cell a text form stands for: the inverse of :func:`cell_text`.

    Raises:
        ValueError: the text is not of the column's kind; the message says what it is.
    """
    kind = column.kind
    if text is None:
        return [] if kind is Kind.TEXTS or kind is Kind.TERMS else None
    if kind is Kind.INTEGER:
        if _INTEGER.fullmatch(text) is None or len(text) > 20:
            raise ValueError(f"expected a whole number, got {text!r}")
        return int(text)
    if kind is Kind.DAY:
        try:
            if _DAY.fullmatch(text) is None:
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a day as YYYY-MM-DD, got {text!r}") from None
    if kind is Kind.PRESENT:
        found = _FLAGS.get(text)
        if found is None:
            raise ValueError(f"expected true or false, got {text!r}")
        return found
    if kind is Kind.TEXTS or kind is Kind.TERMS:
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if type(items) is not list or any(type(item) is not str for item in items):
            raise ValueError(f'expected a JSON array of strings such as ["a","b"], got {text!r}')
        return items
    return text


# ----------------------------------------------------------------------- reading

Where = Callable[[str, "int | None", "str | None"], str]
"""Names a place in the tables as the user sees it: (table, row from 0, column) -> text.

The row or column is ``None`` for a whole table or a whole row.
"""


@frozen(kw_only=True)
class TableData:
    """A table as a format read it: its column names and rows of cells.

    Attributes:
        columns: the column names, as found (checked against the layout).
        rows: the rows, each a sequence of cells in the order of ``columns``; cells are
            Python values of the columns' kinds (empty lists as ``[]``).
    """

    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]


def _version(text: object) -> tuple[int, ...]:
    if isinstance(text, str) and re.fullmatch(r"[0-9]+\.[0-9]+", text):
        return tuple(int(part) for part in text.split("."))
    return (999, 999)


def _of_version(column: Column, version: tuple[int, ...]) -> bool:
    """Whether tables of schema ``version`` have ``column``."""
    if column.until is not None and _version(column.until) < version:
        return False
    return _version(column.since) <= version


class _Reading:
    """The state of one reading: the document being built and the problems found."""

    def __init__(self, tables: Mapping[str, TableData], where: Where) -> None:
        self.tables = tables
        self.where = where
        self.problems: list[Problem] = []
        # Where each object of the document came from: id(dict) -> (table, row, fields).
        self.origin: dict[int, tuple[str, int, dict[str, str]]] = {}
        self.derived: list[tuple[Table, int, Any, Column, Any]] = []
        self.reported: set[tuple[str, int, str]] = set()
        # Evidence rows that give a quote but no offsets, anchored before the reading.
        self.quoted: list[tuple[int, dict[str, Any]]] = []
        # The columns found missing, by table: their cells read as empty, and the
        # strict reading's complaints about the fields they carry are not repeated.
        self.missing: dict[str, set[str]] = {}
        # The retired columns that the tables of this reading's schema version have.
        self.retired: dict[str, list[Column]] = {}

    def problem(self, table: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.where(table, row, column), message))

    def check_shape(self) -> None:
        for name in self.tables:
            if name not in _BY_NAME:
                self.problem(name, None, None, f"not a table of the layout ({', '.join(TABLES)})")
        version: tuple[int, ...] = (1, 0)
        header = self.tables.get(HEADER.name)
        if header is not None and "schema_version" in header.columns and header.rows:
            version = _version(header.rows[0][header.columns.index("schema_version")])
        for layout in LAYOUT:
            found = self.tables.get(layout.name)
            if found is None:
                self.problem(layout.name, None, None, "the table is missing")
                self.missing[layout.name] = set(layout.names)
                continue
            seen: set[str] = set()
            for name in found.columns:
                if name in seen:
                    self.problem(layout.name, None, name, "the column appears twice")
                seen.add(name)
                if name not in layout.names and not self.reads_retired(layout, name, version):
                    self.problem(layout.name, None, name, "not a column of this table")
            for column in (*layout.columns, *layout.retired):
                if column.name in seen or not _of_version(column, version):
                    continue
                # A retired column may give way to the column that replaced it.
                if column.until is not None and any(
                    c.field == column.field and c.name in seen for c in layout.columns
                ):
                    continue
                self.problem(layout.name, None, column.name, "the column is missing")
                self.missing.setdefault(layout.name, set()).add(column.name)

    def reads_retired(self, layout: Table, name: str, version: tuple[int, ...]) -> bool:
        """Whether ``name`` is a retired column of ``layout`` that tables of ``version`` have.

        Such a column is read into the field that replaced it, for this reading.
        """
        column = layout.column(name)
        if column is None or column.until is None or not _of_version(column, version):
            return False
        found = self.retired.setdefault(layout.name, [])
        if column not in found:
            found.append(column)
        return True

    def rows(self, layout: Table) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each row of a table as {column: cell}, without empty cells; none if missing."""
        data = self.tables.get(layout.name)
        if data is None:
            return
        names = data.columns
        for number, row in enumerate(data.rows):
            if len(row) != len(names):
                self.problem(
                    layout.name,
                    number,
                    None,
                    f"has {len(row)} cells; the header names {len(names)} columns",
                )
                continue
            yield number, {n: v for n, v in zip(names, row, strict=True) if v is not None}

    def build(self, layout: Table, number: int, cells: dict[str, Any]) -> dict[str, Any]:
        """The JSON object of a row, minus keys and parts; remembered for locating."""
        document: dict[str, Any] = {}
        for column in layout.columns:
            if column.key and not column.field:
                continue
            value = cells.get(column.name)
            if column.derived:
                if value is not None:
                    self.derived.append((layout, number, document, column, value))
                continue
            if value is None or value == [] or value is False or not column.field:
                continue
            if column.kind is Kind.PRESENT:
                value = {}
            holder = document
            for depth, name in enumerate(column.field[:-1], start=1):
                inner = holder.get(name)
                if inner is None:
                    inner = holder[name] = {}
                    nested = _FIELDS[layout.name, column.field[:depth]]
                    self.origin[id(inner)] = (layout.name, number, nested)
                holder = inner
            if type(value) is dict:
                if column.field[-1] in holder:
                    continue
                nested = _FIELDS[layout.name, column.field]
                self.origin[id(value)] = (layout.name, number, nested)
            holder[column.field[-1]] = value
        fields = _FIELDS[layout.name, ()]
        for column in self.retired.get(layout.name, ()):
            fields = self.migrate(layout, number, cells, column, document, fields)
        self.origin[id(document)] = (layout.name, number, fields)
        return document

    def migrate(
        self,
        layout: Table,
        number: int,
        cells: dict[str, Any],
        column: Column,
        document: dict[str, Any],
        fields: dict[str, str],
    ) -> dict[str, str]:
        """Put a retired column's cell into the field that replaced it, as its value.

        Returns the row's fields by column, the field now carried by the retired column,
        so that problems in its value are located at its cell.
        """
        value = cells.get(column.name)
        if value is None:
            return fields
        (name,) = column.field
        if name in document:
            replaced_by = fields.get(name, name)
            self.problem(
                layout.name,
                number,
                column.name,
                f"{replaced_by} is filled too, the column that replaced this one; fill "
                "only one of the two",
            )
            return fields
        assert column.becomes is not None
        document[name] = column.becomes(value)
        return {**fields, name: column.name}

    def key(self, layout: Table, number: int, cells: dict[str, Any]) -> tuple[Any, ...] | None:
        values = []
        for name in layout.key:
            value = cells.get(name)
            column = layout.columns[layout.names.index(name)]
            expected = int if column.kind is Kind.INTEGER else str
            if value is None:
                self.problem(layout.name, number, name, "a key column; the cell must not be empty")
                return None
            if type(value) is not expected or (type(value) is int and value < 0):
                what = "a whole number, 0 or more" if expected is int else "text"
                self.problem(layout.name, number, name, f"expected {what}, got {value!r}")
                return None
            values.append(value)
        return tuple(values)


def _resolve(record: dict[str, Any], steps: list[PathPart]) -> dict[str, Any] | str:
    """The object at ``steps`` within a record, made where a field names no object yet."""
    here: Any = record
    for position, step in enumerate(steps):
        if isinstance(step, int):
            if type(here) is not list or not 0 <= step < len(here):
                return f"{json_path(steps[: position + 1])} names no item of the record"
            here = here[step]
        else:
            if type(here) is not dict:
                return f"{json_path(steps[: position + 1])} names no object of the record"
            inner = here.get(step)
            if inner is None and position == len(steps) - 1:
                # An object whose every other field is empty (a place given only its
                # identifiers) has no columns to make it: the attached rows make it.
                inner = here[step] = {}
            elif inner is None:
                return f"{json_path(steps[: position + 1])} names no object of the record"
            here = inner
        if type(here) is not dict and position == len(steps) - 1:
            return f"{json_path(steps)} names no object of the record"
    assert type(here) is dict
    return here


_STEP: Final = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]')


def parse_path(path: str) -> list[PathPart] | None:
    """The steps of a JSON path as :func:`~aigovernance._problems.json_path` writes it."""
    if not path.startswith("$"):
        return None
    steps: list[PathPart] = []
    position = 1
    while position < len(path):
        match = _STEP.match(path, position)
        if match is None:
            return None
        name, index, quoted = match.groups()
        if name is not None:
            steps.append(name)
        elif index is not None:
            steps.append(int(index))
        else:
            steps.append(json.loads(quoted))
        position = match.end()
    return steps


def unflatten(
    tables: Mapping[str, TableData],
    where: Where,
    reported: Sequence[tuple[Problem, tuple[str, int, str]]] = (),
    *,
    check: bool = False,
) -> Dataset:
    """The dataset that tables of the layout hold, read strictly.

    The rows become the JSON document of the dataset (records in the order of their
    ``position``), which :func:`~aigovernance.from_dict` reads with every check it makes
    of JSON. Every problem is reported at once, each at ``where`` the user sees it,
    followed by its JSON path where it has one: missing or unknown tables and columns,
    empty or repeated keys, parts whose owner is missing, derived cells that disagree
    with what they derive from, and every problem the strict reading finds. A missing
    table reads as empty and a missing column as empty cells, so the rest is still
    checked; what follows only from the missing table or column (its parts' owners not
    found, its fields not given) is not repeated.

    ``reported`` holds the problems a format found in cells it could not read (text
    that is no number, say), each with its cell (table, row, column); those cells
    should be given as empty, and other problems at them are not repeated.

    With ``check``, a dataset read without problems is also checked as a whole
    (:func:`aigovernance.validate`: ids naming no record, quotes that differ from the
    text at their spans...), and those problems are located at their cells too.

    Raises:
        ValidationError: the tables do not hold a valid dataset (with ``check``: a
            sound one).
    """
    reading = _Reading(tables, where)
    reading.check_shape()
    # A wrong shape does not stop the reading: missing tables and columns read as
    # empty, so every other problem is reported in the same pass.
    reading.problems.extend(problem for problem, _ in reported)
    reading.reported = {cell for _, cell in reported}
    with _collector_paused(True, made_to_last=True):
        document = _document(reading)
        dataset: Dataset | None = None
        if document is not None and reading.quoted:
            _anchor_quotes(reading, document)
        if document is not None:
            try:
                dataset = from_dict(document, Dataset)
            except ValidationError as error:
                reading.problems.extend(_located(reading, document, error.problems))
        _check_derived(reading)
        if check and dataset is not None and document is not None and not reading.problems:
            reading.problems.extend(_located(reading, document, validate(dataset)))
    if reading.problems or dataset is None:
        raise ValidationError(reading.problems)
    return dataset


def _anchor_quotes(reading: _Reading, document: dict[str, Any]) -> None:
    """Give each evidence row that gives only a quote its span, as a draft's would get.

    The quote is found in its source's text as :meth:`~aigovernance.Source.cite` finds
    it (once, or once with the row's ``prefix`` and ``suffix`` around it), and the span's
    context is filled in where the row leaves it out. A quote that cannot be found, or
    is ambiguous, is a problem at its cell. The objects are changed in place, so every
    later problem is still traced to its row.
    """
    from aigovernance.authoring._quotes import QuoteError, context, find

    texts = {
        s["id"]: s["text"]
        for s in document["sources"]
        if isinstance(s.get("id"), str) and isinstance(s.get("text"), str)
    }
    for number, evidence in reading.quoted:
        source, quote = evidence.get("source"), evidence["quote"]
        text = texts.get(source) if isinstance(source, str) else None
        if not isinstance(quote, str) or text is None:
            continue  # the strict reading, or validate, says what is wrong
        prefix, suffix = evidence.get("prefix"), evidence.get("suffix")
        try:
            start = find(
                text,
                quote,
                source=str(source),
                prefix=prefix if isinstance(prefix, str) else None,
                suffix=suffix if isinstance(suffix, str) else None,
            )
        except (QuoteError, ValueError) as error:
            reading.problem("evidence", number, "quote", str(error))
            reading.reported.add(("evidence", number, "quote"))
            continue
        end = start + len(quote)
        evidence["start"], evidence["end"] = start, end
        before, after = context(text, start, end)
        if before is not None:
            evidence.setdefault("prefix", before)
        if after is not None:
            evidence.setdefault("suffix", after)


def _document(reading: _Reading) -> dict[str, Any] | None:
    header_rows = list(reading.rows(HEADER))
    if HEADER.name in reading.missing and not header_rows:
        return None  # reported as missing
    if len(header_rows) != 1:
        reading.problem(
            HEADER.name, None, None, f"must have exactly one row, not {len(header_rows)}"
        )
        return None
    document = reading.build(HEADER, *header_rows[0])
    records: list[tuple[tuple[bool, int, int, int], dict[str, Any]]] = []
    sources: list[dict[str, Any]] = []
    by_key: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    everything: dict[str, dict[str, Any]] = {}  # record id -> its object, any table
    for order, layout in enumerate(LAYOUT[1:]):
        index: dict[tuple[Any, ...], dict[str, Any]] = {}
        by_key[layout.name] = index
        # The parts found for each owner: id(owner) -> (owner, [(index, row, part)]).
        owned: dict[int, tuple[dict[str, Any], list[tuple[int, int, dict[str, Any]]]]] = {}
        for number, cells in reading.rows(layout):
            key = reading.key(layout, number, cells)
            obj = reading.build(layout, number, cells)
            if key is None:
                continue
            if layout.name == "evidence" and "quote" in obj and not {"start", "end"} & set(obj):
                reading.quoted.append((number, obj))
            if key in index:
                reading.problem(
                    layout.name,
                    number,
                    layout.key[-1],
                    f"repeats the key {_key_text(layout.key, key)}",
                )
                continue
            index[key] = obj
            if layout.attached:
                _attach(reading, layout, number, key, obj, everything, owned)
            elif layout.parent is not None:
                owner = by_key[layout.parent].get(key[:-1])
                if owner is None and layout.parent in reading.tables:
                    parent = _BY_NAME[layout.parent]
                    named = _key_text(layout.owner, key[:-1])
                    reading.problem(
                        layout.name,
                        number,
                        layout.owner[-1],
                        f"names {named}, which is not in {parent.name}",
                    )
                elif owner is not None:
                    owned.setdefault(id(owner), (owner, []))[1].append((key[-1], number, obj))
            elif key[0] in everything:
                reading.problem(layout.name, number, "id", f"repeats the id {key[0]!r}")
            else:
                everything[key[0]] = obj
                if layout.name == "sources":
                    sources.append(obj)
                    continue
                obj["type"] = cells.get("type", _TAGS.get(layout.name))
                position = cells.get("position")
                if position is not None and type(position) is not int:
                    reading.problem(layout.name, number, "position", "expected a whole number")
                    position = None
                records.append(((position is None, position or 0, order, number), obj))
        assert layout.within is not None or not owned
        for owner, parts in owned.values():
            parts.sort(key=lambda part: part[0])
            # Paths of attached rows name parts by index, so indices may not skip.
            for position, (given, number, _) in enumerate(parts):
                if given != position:
                    reading.problem(
                        layout.name,
                        number,
                        "index",
                        f"is {given} where {position} comes next; indices count from 0 "
                        "with none skipped",
                    )
                    break
            owner[str(layout.within)] = [part for _, _, part in parts]
    records.sort(key=lambda entry: entry[0])
    document["sources"] = sources
    document["records"] = [obj for _, obj in records]
    return document


def _attach(
    reading: _Reading,
    layout: Table,
    number: int,
    key: tuple[Any, ...],
    obj: dict[str, Any],
    everything: dict[str, dict[str, Any]],
    owned: dict[int, tuple[dict[str, Any], list[tuple[int, int, dict[str, Any]]]]],
) -> None:
    record_id, path, position = key
    record = everything.get(record_id)
    if record is None:
        reading.problem(
            layout.name, number, "record", f"names {record_id!r}, which is not a record's id"
        )
        return
    steps = parse_path(path)
    if steps is None:
        reading.problem(layout.name, number, "path", f"{path!r} is not a JSON path such as $")
        return
    holder = _resolve(record, steps)
    if isinstance(holder, str):
        reading.problem(layout.name, number, "path", holder)
        return
    if id(holder) not in reading.origin:
        reading.origin[id(holder)] = (layout.name, number, {})
    owned.setdefault(id(holder), (holder, []))[1].append((position, number, obj))


def _key_text(names: Sequence[str], key: tuple[Any, ...]) -> str:
    return ", ".join(f"{name} {value!r}" for name, value in zip(names, key, strict=False))


def _located(
    reading: _Reading, document: dict[str, Any], problems: Iterable[Problem]
) -> Iterator[Problem]:
    """The strict reading's problems, each prefixed with the cell it comes from."""
    for problem in problems:
        steps = parse_path(problem.path)
        place = None if steps is None else _origin(reading, document, steps)
        if place is None:
            yield Problem(f"{reading.where(HEADER.name, 0, None)}: {problem.path}", problem.message)
            continue
        table, row, column = place
        if column is not None and (table, row, column) in reading.reported:
            continue
        if _from_missing(reading, table, steps):
            continue
        yield Problem(f"{reading.where(table, row, column)}: {problem.path}", problem.message)


def _carrier(table: str, name: str) -> str | None:
    """The one column of ``table`` that carries a field called ``name``, if one does."""
    found = [c.name for c in _BY_NAME[table].columns if c.field[-1:] == (name,) and not c.derived]
    return found[0] if len(found) == 1 else None


def _from_missing(reading: _Reading, table: str, steps: list[PathPart] | None) -> bool:
    """Whether a problem is at a field that a missing column carries."""
    missing = reading.missing.get(table)
    if not missing or not steps or not isinstance(steps[-1], str):
        return False
    layout = _BY_NAME[table]
    return any(c.field and c.field[-1] == steps[-1] for c in layout.columns if c.name in missing)


def _origin(
    reading: _Reading, document: dict[str, Any], steps: list[PathPart]
) -> tuple[str, int, str | None] | None:
    """The table, row and column that the value at ``steps`` came from."""
    best: tuple[str, int, str | None] | None = None
    here: Any = document
    for step in [*steps, None]:
        if type(here) is dict and id(here) in reading.origin:
            table, row, fields = reading.origin[id(here)]
            column = fields.get(step) if isinstance(step, str) else None
            if column is None and isinstance(step, str):
                column = _carrier(table, step)  # a field left empty: the cell to fill
            best = (table, row, column)
        if step is None:
            break
        found = (type(here) is dict and isinstance(step, str) and step in here) or (
            type(here) is list and isinstance(step, int) and 0 <= step < len(here)
        )
        if not found:
            break
        here = here[step]
    return best


def _check_derived(reading: _Reading) -> None:
    """Derived cells that were given must agree with what they derive from."""
    for layout, number, document, column, value in reading.derived:
        base: Any = document
        for name in column.field:
            base = base.get(name) if type(base) is dict else None
        cls = _base_type(layout, column)
        if base is None and cls is list:
            base = []
        if base is None:
            reading.problem(
                layout.name,
                number,
                column.name,
                f"derived from {column.field[-1]}, which is empty; leave this cell empty",
            )
            continue
        try:
            model_value = base if cls is list else from_dict(base, cls)
            expected = column.derive(model_value) if column.derive else None
        except (ValidationError, TypeError):
            continue  # the value it derives from is wrong, and reported as such
        if expected != value:
            reading.problem(
                layout.name,
                number,
                column.name,
                f"is {_shown(value)} but {column.field[-1]} gives {_shown(expected)}; "
                "correct it or leave it empty",
            )


def _shown(value: Any) -> str:
    return repr(value.isoformat()) if isinstance(value, dt.date) else repr(value)


def _base_type(layout: Table, column: Column) -> type:
    name = column.field[0]
    for cls in layout.classes:
        attrs.resolve_types(cls)
        for field in model_fields(cls):
            if field.name == name:
                form = shape(field.type)
                return list if form.many else form.item
    raise AssertionError(f"{layout.name}.{column.name} derives from no field")
