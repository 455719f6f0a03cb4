"""Arrow tables of a dataset, for DuckDB, pandas, Polars and Spark (optional extra ``arrow``).

:func:`to_arrow` flattens a dataset into tables joined by ids. Every table has a fixed
schema, so an empty dataset gives empty tables of the same types:

* ``sources``, ``actors`` (persons, states, organizations and groups, with a ``type``
  column), ``posts``, ``events``, ``statements``, ``principle_sets``, ``commitments``,
  ``instruments``: one row per record, keyed by ``id``;
* ``participations``, ``purposes`` (of events), ``principles`` (of principle sets),
  ``sections`` and ``section_items`` (of instruments): one row per part, keyed by the
  owning record's id and the part's position (``index``, from 0);
* ``evidence``, ``identifiers``, ``translations``: one row per item, wherever in a
  record it stands: ``record`` is the record's id and ``path`` the JSON path of the
  object holding it within the record (``$`` for the record itself,
  ``$.participations[2]`` for a participation).

Types: ids and text are ``string``; vocabulary terms are dictionary-encoded strings
whose dictionary is the whole vocabulary in its declared order; lists of ids, aspects
and themes are ``list`` columns. A partial date ``date`` gives four columns: ``date``
(the ISO text: ``2024``, ``2024-09``, ``2024-09-25``), ``date_precision`` (dictionary),
and ``date_earliest`` / ``date_latest`` (``date32``, the first and last day it may
denote). A quantity ``size`` gives ``size_value``, ``size_qualifier``, ``size_lower`` and
``size_upper`` (as stated), ``size_min`` and ``size_max`` (the bounds it implies),
``size_text`` and ``size_unit``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs

from aigovernance._checking import Model, PathPart, model_fields
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import (
    Confidence,
    EventKind,
    InstrumentKind,
    Modality,
    OrganizationKind,
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
    Person,
    Post,
    PrincipleSet,
    Record,
    State,
    Statement,
)
from aigovernance.serialization._errors import json_path

__all__ = ["TABLES", "to_arrow"]

TABLES: Final = (
    "sources",
    "actors",
    "posts",
    "events",
    "participations",
    "purposes",
    "statements",
    "principle_sets",
    "principles",
    "commitments",
    "instruments",
    "sections",
    "section_items",
    "evidence",
    "identifiers",
    "translations",
)
"""The names of the tables :func:`to_arrow` returns, in order."""

_INSTALL: Final = "pip install 'aigovernance[arrow]'"

Row = dict[str, Any]


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as error:
        raise ImportError(
            f"aigovernance.to_arrow needs pyarrow, an optional dependency: {_INSTALL}"
        ) from error
    return pyarrow


def _date_columns(name: str) -> list[tuple[str, str | type[enum.Enum]]]:
    return [
        (name, "string"),
        (f"{name}_precision", Precision),
        (f"{name}_earliest", "date"),
        (f"{name}_latest", "date"),
    ]


def _date_values(name: str, value: PartialDate | None) -> Row:
    if value is None:
        return {
            name: None,
            f"{name}_precision": None,
            f"{name}_earliest": None,
            f"{name}_latest": None,
        }
    return {
        name: value.isoformat(),
        f"{name}_precision": value.precision,
        f"{name}_earliest": value.earliest,
        f"{name}_latest": value.latest,
    }


_SIZE: Final[list[tuple[str, str | type[enum.Enum]]]] = [
    ("size_value", "int64"),
    ("size_qualifier", Qualifier),
    ("size_lower", "int64"),
    ("size_upper", "int64"),
    ("size_min", "int64"),
    ("size_max", "int64"),
    ("size_text", "string"),
    ("size_unit", "string"),
]


def _size_values(size: Quantity | None) -> Row:
    if size is None:
        return dict.fromkeys((name for name, _ in _SIZE), None)
    low, high = size.bounds
    return {
        "size_value": size.value,
        "size_qualifier": size.qualifier,
        "size_lower": size.lower,
        "size_upper": size.upper,
        "size_min": low,
        "size_max": high,
        "size_text": size.text,
        "size_unit": size.unit,
    }


# Column kinds: "string", "int64", "date", "ids" (list of strings), "themes" (list of
# Theme terms), or a vocabulary class (one term, dictionary-encoded).
Spec = list[tuple[str, "str | type[enum.Enum]"]]

_SCHEMAS: Final[dict[str, Spec]] = {
    "sources": [
        ("id", "string"),
        ("title", "string"),
        ("publisher", "string"),
        ("url", "string"),
        *_date_columns("published"),
        ("language", "string"),
        ("text", "string"),
        ("sha256", "string"),
    ],
    "actors": [
        ("id", "string"),
        ("type", "actor_type"),
        ("name", "string"),
        ("description", "string"),
        ("code", "string"),
        ("kind", OrganizationKind),
        ("abbreviation", "string"),
        ("parent", "string"),
        *_SIZE,
        ("members", "ids"),
    ],
    "posts": [
        ("id", "string"),
        ("title", "string"),
        ("organization", "string"),
        ("holder", "string"),
        *_date_columns("start"),
        *_date_columns("end"),
    ],
    "events": [
        ("id", "string"),
        ("kind", EventKind),
        ("title", "string"),
        *_date_columns("date"),
        *_date_columns("end_date"),
        ("timezone", "string"),
        ("place_name", "string"),
        ("place_locality", "string"),
        ("place_country", "string"),
        ("parent", "string"),
        ("themes", "themes"),
    ],
    "participations": [
        ("event", "string"),
        ("index", "int64"),
        ("actor", "string"),
        ("role", Role),
        ("capacity", "string"),
        ("on_behalf_of", "string"),
    ],
    "purposes": [
        ("event", "string"),
        ("index", "int64"),
        ("text", "string"),
        ("themes", "themes"),
        ("refers_to", "ids"),
    ],
    "statements": [
        ("id", "string"),
        ("speaker", "string"),
        ("speech_act", SpeechAct),
        ("summary", "string"),
        ("event", "string"),
        *_date_columns("date"),
        ("principles", "ids"),
        ("commitments", "ids"),
        ("refers_to", "ids"),
        ("themes", "themes"),
    ],
    "principle_sets": [
        ("id", "string"),
        ("title", "string"),
        ("proposers", "ids"),
        ("instrument", "string"),
    ],
    "principles": [
        ("principle_set", "string"),
        ("index", "int64"),
        ("ordinal", "int64"),
        ("title", "string"),
        ("description", "string"),
        ("aspects", "ids"),
        ("themes", "themes"),
    ],
    "commitments": [
        ("id", "string"),
        ("actor", "string"),
        ("modality", Modality),
        ("text", "string"),
        ("themes", "themes"),
    ],
    "instruments": [
        ("id", "string"),
        ("kind", InstrumentKind),
        ("title", "string"),
        ("symbol", "string"),
        *_date_columns("date"),
        ("event", "string"),
        ("issuers", "ids"),
        ("proposers", "ids"),
        ("cites", "ids"),
        ("themes", "themes"),
    ],
    "sections": [
        ("instrument", "string"),
        ("index", "int64"),
        ("name", "string"),
        ("declared_size", "int64"),
        ("known", "int64"),
    ],
    "section_items": [
        ("instrument", "string"),
        ("section", "int64"),
        ("index", "int64"),
        ("ordinal", "int64"),
        ("title", "string"),
        ("description", "string"),
    ],
    "evidence": [
        ("record", "string"),
        ("path", "string"),
        ("index", "int64"),
        ("source", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("quote", "string"),
        ("prefix", "string"),
        ("suffix", "string"),
        ("confidence", Confidence),
        ("fields", "ids"),
    ],
    "identifiers": [
        ("record", "string"),
        ("path", "string"),
        ("index", "int64"),
        ("scheme", "string"),
        ("value", "string"),
    ],
    "translations": [
        ("record", "string"),
        ("path", "string"),
        ("index", "int64"),
        ("lang", "string"),
        ("text", "string"),
    ],
}


def _plain(record: Any, *names: str) -> Row:
    return {name: getattr(record, name) for name in names}


def _actor(record: Record) -> Row:
    row: Row = {"id": record.id, "type": record.type}
    if isinstance(record, Person):
        row.update(name=record.name, description=record.description)
    elif isinstance(record, State):
        row.update(name=record.name, code=record.code)
    elif isinstance(record, Organization):
        row.update(_plain(record, "name", "kind", "abbreviation", "parent"))
    elif isinstance(record, Group):
        row.update(name=record.name, members=list(record.members), **_size_values(record.size))
    return row


def _rows(dataset: Dataset) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for source in dataset.sources:
        tables["sources"].append(
            {
                **_plain(source, "id", "title", "publisher", "url", "language", "text", "sha256"),
                **_date_values("published", source.published),
            }
        )
        _parts(source, tables)
    for record in dataset.records:
        _RECORD_ROWS[type(record)](record, tables)
        _parts(record, tables)
    return tables


def _actor_rows(record: Record, tables: dict[str, list[Row]]) -> None:
    tables["actors"].append(_actor(record))


def _post_rows(post: Post, tables: dict[str, list[Row]]) -> None:
    tables["posts"].append(
        {
            **_plain(post, "id", "title", "organization", "holder"),
            **_date_values("start", post.start),
            **_date_values("end", post.end),
        }
    )


def _event_rows(event: Event, tables: dict[str, list[Row]]) -> None:
    place = event.place
    tables["events"].append(
        {
            **_plain(event, "id", "kind", "title", "timezone", "parent", "themes"),
            **_date_values("date", event.date),
            **_date_values("end_date", event.end_date),
            "place_name": None if place is None else place.name,
            "place_locality": None if place is None else place.locality,
            "place_country": None if place is None else place.country,
        }
    )
    for index, participation in enumerate(event.participations):
        tables["participations"].append(
            {
                "event": event.id,
                "index": index,
                **_plain(participation, "actor", "role", "capacity", "on_behalf_of"),
            }
        )
    for index, purpose in enumerate(event.purposes):
        tables["purposes"].append(
            {"event": event.id, "index": index, **_plain(purpose, "text", "themes", "refers_to")}
        )


def _statement_rows(statement: Statement, tables: dict[str, list[Row]]) -> None:
    tables["statements"].append(
        {
            **_plain(
                statement,
                "id",
                "speaker",
                "speech_act",
                "summary",
                "event",
                "principles",
                "commitments",
                "refers_to",
                "themes",
            ),
            **_date_values("date", statement.date),
        }
    )


def _principle_set_rows(principles: PrincipleSet, tables: dict[str, list[Row]]) -> None:
    tables["principle_sets"].append(_plain(principles, "id", "title", "proposers", "instrument"))
    for index, principle in enumerate(principles.principles):
        tables["principles"].append(
            {
                "principle_set": principles.id,
                "index": index,
                **_plain(principle, "ordinal", "title", "description", "aspects", "themes"),
            }
        )


def _commitment_rows(commitment: Commitment, tables: dict[str, list[Row]]) -> None:
    tables["commitments"].append(_plain(commitment, "id", "actor", "modality", "text", "themes"))


def _instrument_rows(instrument: Instrument, tables: dict[str, list[Row]]) -> None:
    tables["instruments"].append(
        {
            **_plain(
                instrument,
                "id",
                "kind",
                "title",
                "symbol",
                "event",
                "issuers",
                "proposers",
                "cites",
                "themes",
            ),
            **_date_values("date", instrument.date),
        }
    )
    for index, section in enumerate(instrument.sections):
        tables["sections"].append(
            {
                "instrument": instrument.id,
                "index": index,
                "name": section.name,
                "declared_size": section.declared_size,
                "known": section.known,
            }
        )
        for position, item in enumerate(section.items):
            tables["section_items"].append(
                {
                    "instrument": instrument.id,
                    "section": index,
                    "index": position,
                    **_plain(item, "ordinal", "title", "description"),
                }
            )


_RECORD_ROWS: Final[dict[type, Callable[[Any, dict[str, list[Row]]], None]]] = {
    **dict.fromkeys((Person, State, Organization, Group), _actor_rows),
    Post: _post_rows,
    Event: _event_rows,
    Statement: _statement_rows,
    PrincipleSet: _principle_set_rows,
    Commitment: _commitment_rows,
    Instrument: _instrument_rows,
}


def _models(
    value: Model, path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], Model]]:
    """Every model object within ``value`` (itself first), each with its path."""
    yield path, value
    for field in model_fields(type(value)):
        item = getattr(value, field.name)
        if isinstance(item, (Evidence, Identifier, Translation)):
            continue
        if isinstance(item, Model) and attrs.has(type(item)):
            yield from _models(item, (*path, field.name))
        elif isinstance(item, tuple):
            for index, part in enumerate(item):
                if isinstance(part, Model) and not isinstance(
                    part, (Evidence, Identifier, Translation)
                ):
                    yield from _models(part, (*path, field.name, index))


_EVIDENCE_FIELDS: Final = tuple(column for column, _ in _SCHEMAS["evidence"][3:])
"""The evidence table's columns after its keys (record, path, index): Evidence's fields."""


def _parts(record: Record, tables: dict[str, list[Row]]) -> None:
    """The evidence, identifiers and translations anywhere within ``record``."""
    for path, holder in _models(record, ()):
        where = json_path(path)
        for index, evidence in enumerate(getattr(holder, "evidence", ())):
            tables["evidence"].append(
                {
                    "record": record.id,
                    "path": where,
                    "index": index,
                    **_plain(evidence, *_EVIDENCE_FIELDS),
                }
            )
        for index, identifier in enumerate(getattr(holder, "identifiers", ())):
            tables["identifiers"].append(
                {
                    "record": record.id,
                    "path": where,
                    "index": index,
                    **_plain(identifier, "scheme", "value"),
                }
            )
        for index, translation in enumerate(getattr(holder, "translations", ())):
            tables["translations"].append(
                {
                    "record": record.id,
                    "path": where,
                    "index": index,
                    **_plain(translation, "lang", "text"),
                }
            )


def _column(pa: Any, kind: str | type[enum.Enum], values: list[Any]) -> Any:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _terms(pa, [member.value for member in kind], values)
    if kind == "actor_type":
        return _terms(pa, list(ACTOR_TYPES), values)
    if kind == "themes":
        terms = [member.value for member in Theme]
        offsets = [0]
        flat: list[Any] = []
        for items in values:
            flat.extend(items or ())
            offsets.append(len(flat))
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), _terms(pa, terms, flat))
    arrow_type = {
        "string": pa.string(),
        "int64": pa.int64(),
        "date": pa.date32(),
        "ids": pa.list_(pa.string()),
    }[kind]
    if kind == "ids":
        values = [None if v is None else list(v) for v in values]
    return pa.array(values, type=arrow_type)


def _terms(pa: Any, terms: list[str], values: list[Any]) -> Any:
    """Vocabulary terms as a dictionary array whose dictionary is the whole vocabulary."""
    index = {term: position for position, term in enumerate(terms)}
    codes = [
        None if v is None else index[v.value if isinstance(v, enum.Enum) else v] for v in values
    ]
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(terms, pa.string()))


def to_arrow(dataset: Dataset) -> dict[str, Any]:
    """The dataset as Arrow tables, by name (needs the optional extra ``arrow``).

    The tables are listed in :data:`TABLES` and described in the module
    :mod:`aigovernance.serialization._arrow`; they join by record ids. Written as Parquet
    (``pyarrow.parquet.write_table``) they read back unchanged, and DuckDB, pandas or
    Spark read those files directly.

    >>> import aigovernance as ag
    >>> ds = ag.Dataset(id="example", title="Example", version="1",
    ...     records=(ag.Event(id="event:a", kind=ag.EventKind.SUMMIT, title="A",
    ...                       date=ag.PartialDate.parse("2024-09")),))
    >>> events = ag.to_arrow(ds)["events"]
    >>> events.column("date_latest").to_pylist()
    [datetime.date(2024, 9, 30)]

    Raises:
        ImportError: pyarrow is not installed (``pip install 'aigovernance[arrow]'``).
    """
    pa = _pyarrow()
    rows = _rows(dataset)
    tables: dict[str, Any] = {}
    for name in TABLES:
        spec = _SCHEMAS[name]
        table_rows = rows[name]
        columns = [
            _column(pa, kind, [row.get(column) for row in table_rows]) for column, kind in spec
        ]
        tables[name] = pa.table(columns, names=[column for column, _ in spec])
    return tables
