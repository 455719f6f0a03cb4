r"""A workbook (``.xlsx``) of a dataset, both ways (optional extra ``xlsx``).

The workbook holds one sheet per table of the layout, in the layout's order, named as
the tables are; the ``dataset`` sheet is the dataset's header (schema version, id,
title, version, description) as its one row. Two sheets come around them:

* ``about``, the first, explains the workbook to whoever opens it: what each sheet
  holds, its key columns, every column's kind, which columns are derived, how lists
  are written. It is made from the layout's declaration, and is not read back.
* ``vocabularies``, the last and hidden, lists the terms of each vocabulary, one
  column each; every term column of the table sheets offers its terms as a drop-down
  list, for every row of the sheet, so a filled-in template keeps to the vocabulary.

Each table sheet has its header row frozen and styled, its columns sized by what they
hold. Cells:

* text (terms and partial dates too: ``2024-09``) is a text cell formatted as text
  (``@``), so a spreadsheet program never reads ``2024-09`` as a date or ``080`` as a
  number, when written or when typed into the column; an empty cell is a missing
  value, and a cell holding just ``""`` is empty text (as in CSV);
* a whole number is a number; one of 16 digits or more, which a spreadsheet's numbers
  cannot hold exactly, is a text cell of its digits;
* a flag (whether an object exists: an event's place) is TRUE or FALSE;
* a day (the derived bounds of a partial date) is a date cell shown as ``YYYY-MM-DD``;
  a text cell ``YYYY-MM-DD`` is read as the same day;
* a list is a JSON array of strings (``["capacity-building","global-south"]``); an
  empty cell is the empty list;
* characters that a workbook cannot hold (control characters) are written as Excel
  writes them, ``_x0001_``, and a text that itself looks like such an escape has its
  ``_`` escaped (``_x005F_``); reading undoes both.

Reading is as strict as JSON, through the layout's reading, and reports every problem
at once, each at its sheet and cell (``sheet participations, cell D7``), then its JSON
path where it has one. A cell of the wrong type is a problem, never converted: a number
where text belongs, text where a number belongs, a date cell anywhere but a day column.
A number with no fraction (``80.0``, as some programs write ``80``) is that whole
number, since a spreadsheet keeps every number as a fraction-capable one; ``80.5`` is
refused. Empty rows, anywhere, are skipped: they hold nothing. A value in a column
whose header cell is empty is a problem. Sheets other than the tables, ``about`` and
``vocabularies`` are problems too.

Work is bounded on any workbook: sheets are streamed (read-only), rows are read only
as far as the last row the sheet holds (the size a sheet claims for itself is not
trusted), a sheet larger than a spreadsheet program allows (1,048,576 rows, 16,384
columns) is refused, and so is one with more than 10,000 empty rows in a row (rows
formatted but empty take as long to read as full ones): reading stops there and says
so.

Writing is atomic and deterministic: the same dataset gives the same bytes (the
workbook's created and modified times are the Unix epoch, and the archive's entries
carry a fixed time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from aigovernance.model import Dataset, Record
from aigovernance.serialization._errors import Problem, ValidationError
from aigovernance.serialization._files import atomic_path
from aigovernance.serialization.tables._layout import (
    HEADER,
    LAYOUT,
    Column,
    Kind,
    Table,
    TableData,
    cell_text,
    column_batches,
    parse_cell,
    unflatten,
    without_utf8,
)

__all__ = ["ABOUT", "VOCABULARIES", "read", "write", "write_records"]

ABOUT: Final = "about"
"""The first sheet: what the workbook holds, made from the layout; not read back."""

VOCABULARIES: Final = "vocabularies"
"""The last, hidden sheet: the terms of each vocabulary, for the drop-down lists."""

_INSTALL: Final = "pip install 'aigovernance[xlsx]'"

_MAX_ROWS: Final = 1_048_576
_MAX_COLUMNS: Final = 16_384
_EMPTY_RUN: Final = 10_000
"""The most empty rows in a row that a sheet is read past."""
_MAX_TEXT: Final = 32_767
"""The most characters a workbook cell holds."""
_EXACT: Final = 10**15
"""Whole numbers below this in size keep every digit as a spreadsheet number."""

_EPOCH: Final = dt.datetime(1970, 1, 1)  # workbook times carry no time zone
_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry

_EMPTY_TEXT: Final = '""'
_ESCAPE: Final = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)|^""$')
_UNESCAPE: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_DIGITS: Final = re.compile(r"-?[0-9]{16,20}")


def openpyxl() -> Any:
    """The ``openpyxl`` module, or an ImportError that names the extra to install."""
    try:
        import openpyxl
    except ImportError as error:
        raise ImportError(
            f"Workbooks (.xlsx) need openpyxl, an optional dependency: {_INSTALL}"
        ) from error
    return openpyxl


# --------------------------------------------------------------------------- cells


def _escape_one(match: re.Match[str]) -> str:
    found = match.group()
    if found == _EMPTY_TEXT:
        return '_x0022_"'  # the text of two quotes, told apart from empty text
    return f"_x{ord(found):04X}_"


def _escape(text: str) -> str:
    if text == "":
        return _EMPTY_TEXT
    return _ESCAPE.sub(_escape_one, text)


def _unescape(text: str) -> str:
    if text == _EMPTY_TEXT:
        return ""
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _column_letter(position: int) -> str:
    """The letters of the column at ``position`` (from 0): A, B, ... Z, AA ..."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_WIDTHS: Final = {
    Kind.TEXT: 28,
    Kind.INTEGER: 10,
    Kind.PARTIAL_DATE: 12,
    Kind.DAY: 12,
    Kind.TERM: 16,
    Kind.TEXTS: 30,
    Kind.TERMS: 34,
    Kind.PRESENT: 10,
}
_WIDE: Final = frozenset({"text", "summary", "description", "quote", "title"})


def _width(column: Column) -> int:
    """A column's width in characters, from its declaration alone (rows stream past)."""
    width = _WIDTHS[column.kind]
    if column.kind is Kind.TERM:
        width = max(len(term) for term in column.terms) + 4
    if column.name in _WIDE and column.kind is Kind.TEXT:
        width = 48
    return min(max(width, len(column.name) + 4), 60)


# --------------------------------------------------------------------------- writing


class _Zip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, for the same bytes each time."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(  # type: ignore[override]
        self, name: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        if isinstance(name, str):
            name = self._info(name)
        super().writestr(name, data, *args, **kwargs)

    def write(  # type: ignore[override]
        self, filename: str, arcname: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        # openpyxl writes streamed sheets from temporary files, whose times vary.
        with (
            Path(filename).open("rb") as source,
            self.open(self._info(arcname or filename), "w") as sink,
        ):
            shutil.copyfileobj(source, sink, 1 << 20)


class _Styles:
    """The styles of the workbook's cells, made once."""

    def __init__(self, xl: Any) -> None:
        styles = xl.styles
        self.header_font = styles.Font(bold=True, color="FFFFFF")
        self.header_fill = styles.PatternFill("solid", fgColor="305496")
        self.title_font = styles.Font(bold=True, size=14)
        self.bold = styles.Font(bold=True)
        self.wrap = styles.Alignment(wrap_text=True, vertical="top")
        self.top = styles.Alignment(vertical="top")


class _Sheet:
    """One table's sheet being written: a reusable cell per column, and the row count."""

    def __init__(self, sheet: Any, layout: Table, styles: _Styles) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.sheet = sheet
        self.layout = layout
        self.number = 1  # the header row
        self.cells: list[Any] = []
        for position, column in enumerate(layout.columns):
            letter = _column_letter(position)
            dimension = sheet.column_dimensions[letter]
            dimension.width = _width(column)
            cell = WriteOnlyCell(sheet)
            if column.kind is Kind.DAY:
                cell.number_format = "yyyy-mm-dd"
                dimension.number_format = "yyyy-mm-dd"
            elif column.kind is not Kind.INTEGER and column.kind is not Kind.PRESENT:
                # Text formatting, also for cells typed in later: "2024-09" stays text.
                cell.number_format = "@"
                dimension.number_format = "@"
            self.cells.append(cell)
        sheet.freeze_panes = "A2"
        header = []
        for name in layout.names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = styles.header_font
            cell.fill = styles.header_fill
            header.append(cell)
        sheet.append(header)
        self.convert = [_writer(column) for column in layout.columns]

    def cell(self, table: str, row: int | None, column: str | None) -> str:
        """The cell of a row (from 0) and column of this sheet, as ``sheet x, cell B2``."""
        letter = _column_letter(self.layout.names.index(column or self.layout.names[0]))
        return f"sheet {table}, cell {letter}{(row or 0) + 2}"

    def add(self, columns: list[Any]) -> None:
        """Append the rows that columns of cells hold (see the layout's ``Flattener``)."""
        cells = self.cells
        convert = self.convert
        first = self.number - 1  # rows of data before this batch
        for values in zip(*columns, strict=True):
            self.number += 1
            row: list[Any] = []
            for position, value in enumerate(values):
                made = convert[position](value)
                if made is None:
                    row.append(None)
                    continue
                if type(made) is str and len(made) > _MAX_TEXT:
                    where = f"sheet {self.layout.name}, cell {_column_letter(position)}"
                    raise ValidationError(
                        [
                            Problem(
                                f"{where}{self.number}",
                                f"holds {len(made)} characters; a workbook cell holds "
                                f"at most {_MAX_TEXT:,}",
                            )
                        ]
                    )
                cell = cells[position]
                cell.value = made
                if type(made) is str:
                    cell.data_type = "s"  # never a formula, whatever the text begins with
                    if not made.isascii() and not _utf8(made):
                        raise without_utf8(self.layout, columns, first, self.cell)
                row.append(cell)
            self.sheet.append(row)


def _utf8(text: str) -> bool:
    """Whether UTF-8 can carry ``text`` (it holds no lone surrogate)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _writer(column: Column) -> Callable[[Any], Any]:
    """The value of a workbook cell from a cell of the layout."""
    kind = column.kind
    if kind is Kind.INTEGER:
        return lambda value: value if value is None or -_EXACT < value < _EXACT else str(value)
    if kind is Kind.DAY or kind is Kind.PRESENT:
        return lambda value: value
    if kind is Kind.TEXTS or kind is Kind.TERMS:
        return lambda value: None if (text := cell_text(column, value)) is None else _escape(text)
    return lambda value: None if value is None else _escape(value)


def _vocabularies() -> dict[tuple[str, ...], tuple[int, str]]:
    """Each vocabulary of a term column: its column on the vocabularies sheet, its name."""
    found: dict[tuple[str, ...], tuple[int, str]] = {}
    for layout in LAYOUT:
        for column in layout.columns:
            if column.kind is Kind.TERM and column.terms not in found:
                found[column.terms] = (len(found), f"{layout.name}.{column.name}")
    return found


def _drop_downs(sheet: Any, layout: Table, vocabularies: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    for position, column in enumerate(layout.columns):
        if column.kind is not Kind.TERM:
            continue
        at, _ = vocabularies[column.terms]
        letter = _column_letter(at)
        validation = DataValidation(
            type="list",
            formula1=f"{VOCABULARIES}!${letter}$2:${letter}${len(column.terms) + 1}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=f"Not a term of {column.name}",
            error=f"Choose one of the terms of {column.name} from the list.",
        )
        mine = _column_letter(position)
        validation.add(f"{mine}2:{mine}{_MAX_ROWS}")
        sheet.data_validations.append(validation)


def _kind_text(column: Column) -> str:
    if column.kind is Kind.TEXTS:
        return 'list of text, as a JSON array: ["a","b"]'
    if column.kind is Kind.TERMS:
        return 'list of terms, as a JSON array: ["a","b"]'
    if column.kind is Kind.PARTIAL_DATE:
        return "partial date, as text: 2024, 2024-09 or 2024-09-25"
    if column.kind is Kind.DAY:
        return "day (a date cell, or text YYYY-MM-DD)"
    if column.kind is Kind.PRESENT:
        return "TRUE or FALSE"
    return str(column.kind.value)


def _about_rows(header: Dataset) -> Iterator[tuple[str | None, ...]]:
    """The text of the about sheet, made from the layout's declaration."""
    yield (f"{header.title}",)
    yield (
        f"Dataset {header.id}, version {header.version}, schema version "
        f"{header.schema_version}, as a workbook of aigovernance tables.",
    )
    yield ()
    for line in (
        "Each sheet after this one is a table; each row of a table is one item, and the "
        "first row names the columns. Keep the sheet and column names as they are; rows "
        "may come in any order, and empty rows are skipped.",
        f"The {HEADER.name} sheet holds the dataset's header: its one row gives the "
        "schema version, id, title, version and description of the dataset.",
        "Key columns (marked below) name each row; together they must be unique in "
        "their sheet. Rows of parts (participations, sections, ...) name their owner "
        "by its key and their place in its list by index, from 0.",
        'An empty cell is a missing value or an empty list; a cell holding just "" '
        "is empty text. Lists are JSON arrays of text: "
        '["capacity-building","global-south"].',
        "Columns of terms offer their vocabulary as a drop-down list. Partial dates "
        "are text: 2024, 2024-09 or 2024-09-25.",
        "Derived columns are computed from another column when the workbook is "
        "written, for sorting and filtering; they may be left empty, and if filled "
        "must agree with the column they derive from.",
    ):
        yield (line,)
    yield ()
    yield ("sheet", "column", "kind", "key", "required", "derived", "terms", "description")
    for layout in LAYOUT:
        yield (layout.name, None, None, None, None, None, None, layout.description)
        for column in layout.columns:
            derived = f"from {'.'.join(column.field)}" if column.derived else None
            yield (
                None,
                column.name,
                _kind_text(column),
                "key" if column.key else None,
                "required" if column.required else None,
                derived,
                ", ".join(column.terms) if column.terms else None,
                column.description or None,
            )


def _about(sheet: Any, header: Dataset, styles: _Styles) -> None:
    from openpyxl.cell import WriteOnlyCell

    for letter, width in zip("ABCDEFGH", (16, 20, 28, 6, 10, 18, 40, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for number, row in enumerate(_about_rows(header)):
        cells = []
        for position, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=None if value is None else _escape(value))
            if value is not None:
                cell.data_type = "s"
            if number == 0:
                cell.font = styles.title_font
            elif len(row) > 1 and row[0] == "sheet" and row[1] == "column":
                cell.font = styles.header_font
                cell.fill = styles.header_fill
            elif len(row) > 1 and row[0] is not None:
                cell.font = styles.bold
            if position in (6, 7):
                cell.alignment = styles.wrap
            cells.append(cell)
        sheet.append(cells)


def _vocabulary_sheet(sheet: Any, vocabularies: dict[tuple[str, ...], tuple[int, str]]) -> None:
    ordered = sorted(vocabularies.items(), key=lambda item: item[1][0])
    longest = max(len(terms) for terms in vocabularies)
    sheet.append([name for _, (_, name) in ordered])
    for index in range(longest):
        sheet.append([terms[index] if index < len(terms) else None for terms, _ in ordered])


def write_records(header: Dataset, items: Iterable[Record], path: Path) -> None:
    """Write the workbook of ``header``'s dataset with the sources and records ``items``.

    ``items`` may be a stream (:func:`~aigovernance.iter_jsonl`): rows go to the sheets
    a batch at a time. The file is written atomically, and the same dataset always
    gives the same bytes.

    Raises:
        ImportError: openpyxl is not installed.
        ValidationError: a text is longer than a workbook cell holds (32,767
            characters); nothing is written.
        OSError: the file cannot be written; an existing one is then left unchanged.
    """
    xl = openpyxl()
    from openpyxl.writer.excel import ExcelWriter

    book = xl.Workbook(write_only=True)
    book.properties.creator = "aigovernance"
    book.properties.created = _EPOCH
    book.properties.modified = _EPOCH
    styles = _Styles(xl)
    vocabularies = _vocabularies()
    _about(book.create_sheet(ABOUT), header, styles)
    sheets: dict[str, _Sheet] = {}
    for layout in LAYOUT:
        sheet = book.create_sheet(layout.name)
        _drop_downs(sheet, layout, vocabularies)
        sheets[layout.name] = _Sheet(sheet, layout, styles)
    terms = book.create_sheet(VOCABULARIES)
    terms.sheet_state = "hidden"
    _vocabulary_sheet(terms, vocabularies)
    try:
        for layout, columns in column_batches(header, items):
            sheets[layout.name].add(columns)
    except BaseException:
        _discard(book)
        raise
    with atomic_path(path) as temporary:
        archive = _Zip(temporary, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        # ExcelWriter, not Workbook.save, which would stamp the time of saving.
        ExcelWriter(book, archive).save()


def _discard(book: Any) -> None:
    """Close a write-only workbook's sheets that will not be saved, and remove their files.

    openpyxl streams each sheet's rows to a temporary file of its own; closed here, they
    neither linger nor complain when collected.
    """
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def write(dataset: Dataset, path: Path) -> None:
    """Write ``dataset`` as a workbook, atomically (see :func:`write_records`)."""
    write_records(dataset, (*dataset.sources, *dataset.records), path)


# --------------------------------------------------------------------------- reading


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"the truth value {str(value).upper()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return "a date or time cell; format the cell as text and retype it"
    return f"{value!r}"


def _reader(column: Column) -> Callable[[Any], Any]:
    """The layout's cell from a workbook cell; ValueError saying what is wrong."""
    kind = column.kind
    if kind is Kind.INTEGER:

        def integer(value: Any) -> Any:
            if type(value) is int:
                return value
            if type(value) is float and value.is_integer() and abs(value) < _EXACT:
                return int(value)
            if type(value) is str and _DIGITS.fullmatch(value):
                return int(value)  # too long for a spreadsheet number: written as text
            raise ValueError(f"expected a whole number, got {_type_name(value)}")

        return integer
    if kind is Kind.DAY:

        def day(value: Any) -> Any:
            if type(value) is dt.datetime and value.time() == dt.time():
                return value.date()
            if type(value) is dt.date:
                return value
            if type(value) is str:
                return parse_cell(column, value)
            raise ValueError(f"expected a day, got {_type_name(value)}")

        return day
    if kind is Kind.PRESENT:

        def present(value: Any) -> Any:
            if type(value) is bool:
                return value
            if type(value) is str:
                return parse_cell(column, value.lower())
            raise ValueError(f"expected TRUE or FALSE, got {_type_name(value)}")

        return present
    if kind is Kind.TEXTS or kind is Kind.TERMS:

        def texts(value: Any) -> Any:
            if type(value) is not str:
                raise ValueError(f"expected a JSON array of text, got {_type_name(value)}")
            return parse_cell(column, _unescape(value))

        return texts
    what = "a partial date as text (2024, 2024-09, 2024-09-25)"
    what = what if kind is Kind.PARTIAL_DATE else "text"

    def text(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError(f"expected {what}, got {_type_name(value)}")
        return _unescape(value)

    return text


# Retired columns too: a workbook of an older schema version is read with them.
_COLUMNS: Final = {layout.name: (*layout.columns, *layout.retired) for layout in LAYOUT}

_Reported = tuple[Problem, tuple[str, int, str]]


class _Places:
    """Where each cell read is in the workbook, to name problems as the user sees them."""

    def __init__(self) -> None:
        self.letters: dict[str, dict[str, str]] = {}
        self.rows: dict[str, list[int]] = {}

    def __call__(self, table: str, row: int | None, column: str | None) -> str:
        sheet = f"sheet {table}"
        letter = None if column is None else self.letters.get(table, {}).get(column)
        if row is None:
            if column is None:
                return sheet
            return f"{sheet}, cell {letter}1" if letter else f"{sheet}, column {column}"
        number = self.rows[table][row]
        if column is None:
            return f"{sheet}, row {number}"
        return f"{sheet}, cell {letter}{number}" if letter else f"{sheet}, row {number}"


def _read_sheet(sheet: Any, places: _Places, reported: list[_Reported]) -> TableData | None:
    """A sheet's table; problems in its cells go to ``reported``, read as empty cells."""
    name = sheet.title
    where = f"sheet {name}"

    def problem(place: str, message: str, row: int = -1, column: str = "") -> None:
        reported.append((Problem(place, message), (name, row, column)))

    if (sheet.max_row or 0) > _MAX_ROWS or (sheet.max_column or 0) > _MAX_COLUMNS:
        problem(where, f"claims more than {_MAX_ROWS:,} rows or {_MAX_COLUMNS:,} columns")
        return None
    # The size a sheet claims is not trusted: rows are read as far as the sheet holds
    # them, each as far as its last cell.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    found = list(next(rows, ()))
    while found and found[-1] is None:
        found.pop()
    columns: list[str] = []
    for position, value in enumerate(found):
        if type(value) is not str or not value.strip():
            cell = f"{where}, cell {_column_letter(position)}1"
            problem(cell, f"expected a column name, got {_type_name(value)}")
            value = f"column {_column_letter(position)}"
        columns.append(value)
    places.letters[name] = {
        column: _column_letter(position) for position, column in reversed(list(enumerate(columns)))
    }
    kinds = {column.name: column for column in _COLUMNS.get(name, ())}
    readers = [None if c not in kinds else _reader(kinds[c]) for c in columns]
    lists = [c in kinds and kinds[c].kind in (Kind.TEXTS, Kind.TERMS) for c in columns]
    width = len(columns)
    numbers = places.rows[name] = []
    data: list[list[Any]] = []
    last = 1
    for number, values in enumerate(rows, start=2):
        if number > _MAX_ROWS:
            problem(where, f"has more than {_MAX_ROWS:,} rows")
            return None
        if all(value is None for value in values):
            if number - last > _EMPTY_RUN:
                # Formatted empty rows cost as much to read as full ones; a sheet is
                # not read past this many, and says so rather than guess what follows.
                problem(
                    where,
                    f"has {_EMPTY_RUN:,} empty rows after row {last}, and is not read past "
                    "them; delete the empty rows",
                )
                break
            continue  # an empty row holds nothing
        last = number
        for position in range(width, len(values)):
            if values[position] is not None:
                cell = f"{where}, cell {_column_letter(position)}{number}"
                problem(cell, "a value in a column whose header cell is empty")
        row: list[Any] = []
        index = len(data)
        for position in range(width):
            value = values[position] if position < len(values) else None
            reader = readers[position]
            if value is None:
                row.append([] if lists[position] else None)  # an empty list cell: no items
            elif reader is None:
                row.append(value)
            else:
                try:
                    row.append(reader(value))
                except ValueError as error:
                    cell = f"{where}, cell {_column_letter(position)}{number}"
                    problem(cell, str(error), index, columns[position])
                    row.append(None)
        numbers.append(number)
        data.append(row)
    return TableData(columns=tuple(columns), rows=data)


def read(path: Path, *, check: bool = False) -> Dataset:
    """The dataset a workbook holds, read as strictly as JSON.

    Each sheet named as a table of the layout is read as that table; ``about`` and
    ``vocabularies`` are skipped; any other sheet is a problem, as is a missing one.
    Every problem is reported at once, each at its sheet and cell
    (``sheet events, cell C4: $.records[2].kind: ...``). With ``check``, a dataset read
    without problems is also checked as a whole (:func:`aigovernance.validate`), and
    those problems are located at their cells too.

    Raises:
        ImportError: openpyxl is not installed.
        ValidationError: the workbook does not hold a valid dataset (or is no workbook).
        OSError: the file cannot be read.
    """
    xl = openpyxl()
    from openpyxl.utils.exceptions import InvalidFileException

    reported: list[_Reported] = []
    places = _Places()
    tables: dict[str, TableData] = {}
    try:
        book = xl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                if sheet.title not in (ABOUT, VOCABULARIES):
                    found = _read_sheet(sheet, places, reported)
                    if found is not None:
                        tables[sheet.title] = found
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, SyntaxError) as error:
        # SyntaxError: the XML parsers' errors derive from it.
        message = f"not a workbook that can be read ({type(error).__name__}: {error})"
        raise ValidationError([Problem(path.name, message)]) from None
    return unflatten(tables, places, reported, check=check)
