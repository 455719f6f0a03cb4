"""Arrow tables of a dataset, both ways (optional extra ``arrow``).

:func:`to_arrow` gives every table of the layout (:mod:`._layout`) as a
``pyarrow.Table``; :func:`from_arrow` reads such tables back into a dataset with the
checks of JSON. Column types: text is ``string``; whole numbers ``int64``; days
``date32``; vocabulary terms dictionary-encoded ``string`` whose dictionary is the whole
vocabulary in declared order; lists ``list<string>`` (themes: ``list`` of dictionary).
Key columns, and columns every row must fill, are non-nullable. Every table's schema
carries the dataset's header as JSON under the metadata key ``aigovernance.dataset``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from aigovernance.model import Dataset, Record
from aigovernance.serialization._json import _collector_paused
from aigovernance.serialization.tables._layout import (
    HEADER,
    LAYOUT,
    TABLES,
    Column,
    Kind,
    Table,
    TableData,
    Where,
    column_batches,
    header_row,
    unflatten,
    without_utf8,
)

__all__ = ["METADATA_KEY", "arrow_schema", "batches", "from_arrow", "header_metadata", "to_arrow"]

METADATA_KEY: Final = b"aigovernance.dataset"
"""The schema metadata key whose value is the dataset's header, as JSON."""

_INSTALL: Final = "pip install 'aigovernance[arrow]'"


def pyarrow() -> Any:
    """The ``pyarrow`` module, or an ImportError that names the extra to install."""
    try:
        import pyarrow
    except ImportError as error:
        raise ImportError(
            f"Arrow and Parquet tables need pyarrow, an optional dependency: {_INSTALL}"
        ) from error
    return pyarrow


def _type(pa: Any, column: Column) -> Any:
    kind = column.kind
    if kind is Kind.TERM:
        return pa.dictionary(pa.int32(), pa.string())
    if kind is Kind.TERMS:
        return pa.list_(pa.dictionary(pa.int32(), pa.string()))
    if kind is Kind.TEXTS:
        return pa.list_(pa.string())
    if kind is Kind.INTEGER:
        return pa.int64()
    if kind is Kind.DAY:
        return pa.date32()
    if kind is Kind.PRESENT:
        return pa.bool_()
    return pa.string()


def header_metadata(dataset: Dataset) -> dict[bytes, bytes]:
    """The schema metadata that carries ``dataset``'s header."""
    header = dict(zip(HEADER.names, header_row(dataset), strict=True))
    text = json.dumps(
        {k: v for k, v in header.items() if v is not None},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return {METADATA_KEY: text.encode()}


def arrow_schema(table: Table, metadata: Mapping[bytes, bytes] | None = None) -> Any:
    """The Arrow schema of a table of the layout."""
    pa = pyarrow()
    fields = [
        pa.field(column.name, _type(pa, column), nullable=not column.required)
        for column in table.columns
    ]
    return pa.schema(fields, metadata=dict(metadata or {}))


def _terms(pa: Any, terms: tuple[str, ...], values: Sequence[Any]) -> Any:
    """Terms as a dictionary array whose dictionary is the whole vocabulary."""
    import pyarrow.compute as pc

    text = pa.array(values, pa.string())
    dictionary = pa.array(terms, pa.string())
    indices = pc.index_in(text, value_set=dictionary).cast(pa.int32())
    if indices.null_count != text.null_count:
        unknown = pc.filter(text, pc.and_(pc.is_null(indices), pc.is_valid(text)))
        raise ValueError(f"{unknown[0].as_py()!r} is not a term of the vocabulary")
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def _array(pa: Any, column: Column, values: Sequence[Any]) -> Any:
    kind = column.kind
    if kind is Kind.TERM:
        return _terms(pa, column.terms, values)
    if kind is Kind.TERMS:
        offsets = pa.array([0, *itertools.accumulate(map(len, values))], pa.int32())
        flat = list(itertools.chain.from_iterable(values))
        return pa.ListArray.from_arrays(offsets, _terms(pa, column.terms, flat))
    return pa.array(values, type=_type(pa, column))


def batch(table: Table, columns: Sequence[Sequence[Any]], schema: Any) -> Any:
    """One record batch of ``table`` from columns of cells (see :class:`.Flattener`)."""
    pa = pyarrow()
    arrays = [_array(pa, c, values) for c, values in zip(table.columns, columns, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def batches(
    header: Dataset, items: Iterable[Record], rows: int = 1 << 16, where: Where | None = None
) -> Iterator[tuple[Table, Any]]:
    """Record batches of every table for sources and records given one at a time.

    As :func:`.column_batches`, whose batches of columns these are: memory stays
    bounded however many records stream through. Every batch's schema carries the
    header in its metadata.

    Raises:
        ValidationError: a text holds a lone surrogate, which UTF-8 cannot carry; each
            such text is named by its table, row and column, as ``where`` names them.
    """
    where = where or _where
    metadata = header_metadata(header)
    schemas = {t.name: arrow_schema(t, metadata) for t in LAYOUT}
    done = dict.fromkeys(TABLES, 0)  # rows so far, by table
    for table, columns in column_batches(header, items, rows):
        try:
            arrays = batch(table, columns, schemas[table.name])
        except UnicodeEncodeError:
            raise without_utf8(table, columns, done[table.name], where) from None
        done[table.name] += len(columns[0])
        yield table, arrays


def to_arrow(dataset: Dataset) -> dict[str, Any]:
    """The dataset as Arrow tables, by name (needs the optional extra ``arrow``).

    The tables are those of :data:`~aigovernance.serialization.tables.TABLES`, in
    order, as the reference page on tables describes; they join by record ids.
    :func:`from_arrow` reads them back.

    >>> import aigovernance as ag
    >>> ds = ag.Dataset(id="example", title="Example", version="1",
    ...     records=(ag.Event(id="event:a", kind=ag.EventKind.SUMMIT, title="A",
    ...                       date=ag.PartialDate.parse("2024-09")),))
    >>> events = ag.to_arrow(ds)["events"]
    >>> events.column("date_latest").to_pylist()
    [datetime.date(2024, 9, 30)]

    Raises:
        ValidationError: a text holds a lone surrogate, which UTF-8 and so Arrow cannot
            carry; each such text is named by its table, row and column.
        ImportError: pyarrow is not installed (``pip install 'aigovernance[arrow]'``).
    """
    pa = pyarrow()
    found: dict[str, list[Any]] = {name: [] for name in TABLES}
    schemas: dict[str, Any] = {}
    for table, made in batches(dataset, (*dataset.sources, *dataset.records)):
        found[table.name].append(made)
        schemas[table.name] = made.schema
    return {name: pa.Table.from_batches(found[name], schemas[name]) for name in TABLES}


def _where(table: str, row: int | None, column: str | None) -> str:
    place = f"table {table}" if row is None else f"{table} row {row + 1}"
    return place if column is None else f"{place}, column {column}"


def from_arrow(tables: Mapping[str, Any]) -> Dataset:
    """The dataset that Arrow tables of the layout hold, read as strictly as JSON.

    ``tables`` maps each table's name to a ``pyarrow.Table`` (or anything with
    ``column_names`` and ``to_pylist``-able columns, such as a record batch), as
    :func:`to_arrow` gives them. The rows become the dataset's JSON document, which is
    read with every check :func:`~aigovernance.from_dict` makes; each problem names the
    table, row (the first row is row 1) and column it comes from, then its JSON path:
    ``participations row 2, column role: $.records[0].participations[1].role: ...``.

    >>> import aigovernance as ag
    >>> ds = ag.datasets.load()
    >>> ag.from_arrow(ag.to_arrow(ds)) == ds
    True

    Raises:
        ValidationError: the tables do not hold a valid dataset; every problem at once.
        ImportError: pyarrow is not installed.
    """
    return read_tables(tables, _where)


def read_tables(tables: Mapping[str, Any], where: Where, *, check: bool = False) -> Dataset:
    """:func:`from_arrow`, naming each place in the tables with ``where``.

    With ``check``, as :func:`.unflatten`: a dataset read without problems is also
    checked as a whole, its problems located at their cells.
    """
    pyarrow()
    data: dict[str, TableData] = {}
    with _collector_paused(True):
        for name, table in tables.items():
            columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
            rows = list(zip(*columns, strict=True)) if columns else []
            data[name] = TableData(columns=tuple(table.column_names), rows=rows)
    return unflatten(data, where, check=check)
