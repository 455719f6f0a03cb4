r"""A folder of CSV files, one per table of the layout, with a Data Package descriptor.

Needs only the standard library. Each table is ``<table>.csv``: UTF-8 without a byte
order mark, RFC 4180, lines ending in ``\r\n`` (as RFC 4180 says; readers accept
``\n`` too, and a byte order mark, as spreadsheet programs write one), a header row of
column names, then one line per row. ``datapackage.json`` describes the files as a
`Frictionless Data Package <https://datapackage.org/>`_: a Table Schema per file with
field types, the primary key, the foreign keys to the owning tables, and ``required``
and ``enum`` constraints, so ``frictionless validate datapackage.json`` checks them.

Cells:

* text is always quoted (``"Wang Yi"``), numbers never are (``80``, never ``80.0``);
* an empty cell (nothing between the commas) is a missing value; ``""`` is empty text,
  which only a source's text and a quote may be;
* a list is a JSON array of strings (``["capacity-building","global-south"]``), so an
  item may hold commas, quotes or newlines; an empty cell is the empty list (lists are
  never missing);
* a day is ``YYYY-MM-DD``; a partial date is its ISO text (``2024``, ``2024-09``);
  a flag is ``true`` or ``false`` (``TRUE`` and ``FALSE`` are read too).

Problems name the file, the line where the row starts (the header is line 1) and the
column: ``participations.csv line 3, column role: $.records[0].participations[1].role:
'host-nation' is not one of ...``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final

from aigovernance.model import Dataset, Record
from aigovernance.serialization._errors import Problem
from aigovernance.serialization._files import atomic_folder
from aigovernance.serialization.tables._layout import (
    LAYOUT,
    TABLES,
    Column,
    Kind,
    Table,
    TableData,
    cell_text,
    column_batches,
    parse_cell,
    table,
    unflatten,
    without_utf8,
)

__all__ = ["DESCRIPTOR", "descriptor", "read", "write", "write_records"]

DESCRIPTOR: Final = "datapackage.json"
"""The Data Package descriptor's file name, whose presence says a folder holds CSV tables."""

_LIMIT: Final = 1 << 30
"""The longest cell read, in characters: a source's whole text fits, a runaway quote not."""


class _Blank(int):
    """An empty cell for the CSV writer.

    With ``QUOTE_NONNUMERIC`` the writer quotes every cell but numbers, so text is
    quoted and ``""`` is empty text; a number whose text is empty is the one value it
    writes as nothing at all, which is the missing value.
    """

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


_BLANK: Final = _Blank(0)


def _writer_cell(column: Column) -> Any:
    kind = column.kind
    if kind is Kind.INTEGER:
        return lambda value: _BLANK if value is None else value
    if kind is Kind.TEXT or kind is Kind.TERM or kind is Kind.PARTIAL_DATE:
        return lambda value: _BLANK if value is None else value
    return lambda value: _BLANK if (text := cell_text(column, value)) is None else text


def _row(table: str, row: int | None, column: str | None) -> str:
    """A place in a CSV file being written, by row (from 1, after the header)."""
    return f"{table}.csv row {(row or 0) + 1}, column {column}"


def write_records(header: Dataset, items: Iterable[Record], path: Path) -> None:
    """Write the CSV tables of ``header``'s dataset with the sources and records ``items``.

    ``items`` may be a stream (:func:`~aigovernance.iter_jsonl`): nothing is held but
    a batch of rows. The folder is written atomically, descriptor included.

    Raises:
        ValidationError: a text holds a lone surrogate, which UTF-8 cannot carry; each
            such text is named by its file, row and column. Nothing is written.
        FileExistsError: ``path`` is a file or a folder not written as tables.
        OSError: the folder cannot be written; an existing one is then left unchanged.
    """
    with atomic_folder(path, DESCRIPTOR) as folder:
        files: dict[str, IO[str]] = {}
        try:
            writers = {}
            for layout in LAYOUT:
                file = files[layout.name] = (folder / f"{layout.name}.csv").open(
                    "x", encoding="utf-8", newline=""
                )
                writer = writers[layout.name] = csv.writer(
                    file, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
                )
                writer.writerow(layout.names)
            cells = {t.name: [_writer_cell(c) for c in t.columns] for t in LAYOUT}
            written = dict.fromkeys(TABLES, 0)
            for layout, columns in column_batches(header, items):
                converted = [
                    list(map(convert, values))
                    for convert, values in zip(cells[layout.name], columns, strict=True)
                ]
                try:
                    writers[layout.name].writerows(zip(*converted, strict=True))
                except UnicodeEncodeError:
                    raise without_utf8(layout, columns, written[layout.name], _row) from None
                written[layout.name] += len(columns[0])
        finally:
            for opened in files.values():
                opened.close()
        text = json.dumps(descriptor(header), ensure_ascii=False, indent=2) + "\n"
        (folder / DESCRIPTOR).write_text(text, encoding="utf-8", newline="\n")


def write(dataset: Dataset, path: Path) -> None:
    """Write ``dataset`` as a folder of CSV files, atomically (see :func:`write_records`)."""
    write_records(dataset, (*dataset.sources, *dataset.records), path)


# --------------------------------------------------------------------------- descriptor

_TYPES: Final = {
    Kind.TEXT: "string",
    Kind.INTEGER: "integer",
    Kind.PARTIAL_DATE: "string",
    Kind.DAY: "date",
    Kind.TERM: "string",
    Kind.TEXTS: "array",
    Kind.TERMS: "array",
    Kind.PRESENT: "boolean",
}


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": _TYPES[column.kind]}
    if column.description:
        field["description"] = column.description
    elif column.derived:
        field["description"] = f"derived from {'.'.join(column.field)}, for queries"
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.kind is Kind.TERM:
        constraints["enum"] = list(column.terms)
    if column.kind is Kind.PARTIAL_DATE:
        constraints["pattern"] = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
    if column.kind is Kind.INTEGER and column.key:
        constraints["minimum"] = 0
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(layout: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in layout.columns],
        "missingValues": [""],
        "primaryKey": list(layout.key),
    }
    if layout.parent is not None:
        parent = table(layout.parent)
        schema["foreignKeys"] = [
            {
                "fields": list(layout.owner),
                "reference": {"resource": parent.name, "fields": list(parent.key)},
            }
        ]
    return schema


def descriptor(header: Dataset) -> dict[str, Any]:
    """The Data Package descriptor of the CSV tables of ``header``'s dataset."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": header.id,
        "title": header.title,
    }
    if header.description is not None:
        package["description"] = header.description
    package["resources"] = [
        {
            "name": layout.name,
            "path": f"{layout.name}.csv",
            "profile": "tabular-data-resource",
            "description": layout.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
                "header": True,
            },
            "schema": _schema(layout),
        }
        for layout in LAYOUT
    ]
    return package


# --------------------------------------------------------------------------- reading


class _Lines:
    """The lines of a file, remembering those read since the last row was taken."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.number = 0
        self.raw: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.file)
        self.number += 1
        self.raw.append(line)
        return line

    def take(self) -> tuple[int, str]:
        """The first line number and the text of the row just read."""
        first = self.number - len(self.raw) + 1
        text = "".join(self.raw)
        self.raw.clear()
        return first, text


_FIELD: Final = re.compile(r'"((?:[^"]|"")*)"|([^,"\r\n]*)')


def _fields(text: str) -> list[str | None]:
    """The cells of one CSV row, ``None`` for an empty unquoted one, ``""`` for ``""``.

    The csv module reads both as ``""``; only rows holding ``""`` need this telling
    apart, which few rows do.
    """
    cells: list[str | None] = []
    position = 0
    end = len(text.rstrip("\r\n"))
    while True:
        match = _FIELD.match(text, position)
        assert match is not None  # either alternative matches, if only the empty string
        quoted, plain = match.groups()
        cells.append(quoted.replace('""', '"') if quoted is not None else (plain or None))
        position = match.end()
        if position >= end:
            return cells
        position += 1  # the comma


def _read_file(
    path: Path, name: str, problems: list[tuple[Problem, tuple[str, int, str]]]
) -> tuple[TableData, list[int]] | Problem:
    """A CSV file's table, and the line where each row starts; or what stops reading it."""
    layout = _known(name)
    lines: list[int] = []
    rows: list[list[Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        source = _Lines(file)
        reader = csv.reader(source, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                return Problem(f"{path.name}", "the file is empty; expected a header row")
            source.take()
            columns = [None if layout is None else layout.column(n) for n in header]
            for cells in reader:
                line, text = source.take()
                found: list[str | None]
                # Only a row with an empty cell and a doubled quote may hold empty text.
                if '""' in text and "" in cells:
                    found = _fields(text)
                else:
                    found = [c or None for c in cells]
                if len(found) != len(cells):
                    found = [c or None for c in cells]
                row: list[Any] = []
                for position, cell in enumerate(found):
                    column = columns[position] if position < len(columns) else None
                    if column is None:
                        row.append(cell)
                        continue
                    try:
                        row.append(parse_cell(column, cell))
                    except ValueError as error:
                        where = f"{path.name} line {line}, column {column.name}"
                        problems.append(
                            (Problem(where, str(error)), (name, len(rows), column.name))
                        )
                        row.append(None)
                rows.append(row)
                lines.append(line)
        except csv.Error as error:
            return Problem(f"{path.name} line {source.number}", f"not CSV: {error}")
        except UnicodeDecodeError as error:
            return Problem(f"{path.name}", f"not UTF-8 text: {error.reason}")
    return TableData(columns=tuple(header), rows=rows), lines


def _known(name: str) -> Table | None:
    try:
        return table(name)
    except KeyError:
        return None


def read(path: Path, *, check: bool = False) -> Dataset:
    """The dataset a folder of CSV files holds, read as strictly as JSON.

    Each ``<table>.csv`` file is read as that table; any other ``.csv`` file is a
    problem, as is a missing one. ``datapackage.json`` is not needed to read (the
    layout says what each file holds). Problems name the file, line and column. With
    ``check``, a dataset read without problems is also checked as a whole
    (:func:`aigovernance.validate`), and those problems are located at their cells too.

    Raises:
        ValidationError: the files do not hold a valid dataset; every problem at once.
        OSError: the folder cannot be read.
    """
    from aigovernance.serialization._errors import ValidationError

    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder of CSV files")
    tables: dict[str, TableData] = {}
    lines: dict[str, list[int]] = {}
    reported: list[tuple[Problem, tuple[str, int, str]]] = []
    failed: list[Problem] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(_LIMIT)
    try:
        for file in sorted(path.glob("*.csv")):
            found = _read_file(file, file.stem, reported)
            if isinstance(found, Problem):
                failed.append(found)
                continue
            tables[file.stem], lines[file.stem] = found
    finally:
        csv.field_size_limit(limit)
    if failed:
        raise ValidationError([*failed, *(problem for problem, _ in reported)])

    def where(name: str, row: int | None, column: str | None) -> str:
        place = f"{name}.csv"
        if row is not None:
            place += f" line {lines[name][row]}"
        elif column is not None:
            place += " line 1"
        return place if column is None else f"{place}, column {column}"

    return unflatten(tables, where, reported, check=check)
