"""Tables of older schema versions: read through the layout's retired columns, migrated.

Tables of schema version 1.1 give a participation's one post in the column
``capacity``, a statement's one speaker in ``speaker`` and a commitment's one actor in
``actor``; they read to the dataset that the migration of a 1.1 JSON document gives.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance.serialization.tables._csv import _BLANK
from aigovernance.serialization.tables._layout import Kind, table

SEED = ag.datasets.load()


def _capacity(capacities: list[str]) -> str | None:
    """The one capacity of schema version 1.1: the first of the list, if any."""
    return capacities[0] if capacities else None


def _migrated() -> ag.Dataset:
    """The seed as a 1.1 JSON document (one capacity each), read with its migration."""
    document = ag.to_dict(SEED)
    document["schema_version"] = "1.1"
    for record in document["records"]:
        for participation in record.get("participations", []):
            participation["capacity"] = _capacity(participation.pop("capacities", []))
    return ag.from_dict(document, ag.Dataset)


MIGRATED = _migrated()


def test_the_retired_column_is_declared_once_and_never_written() -> None:
    assert [(t, [c.name for c in table(t).retired]) for t in ("statements", "commitments")] == [
        ("statements", ["speaker"]),
        ("commitments", ["actor"]),
    ]
    participations = table("participations")
    (capacity,) = participations.retired
    assert (capacity.name, capacity.field, capacity.until) == ("capacity", ("capacities",), "1.1")
    assert "capacity" not in participations.names
    assert participations.column("capacity") is capacity
    assert MIGRATED != SEED  # one participation had two capacities


# ----------------------------------------------------------------------------- CSV


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def _csv_write(path: Path, rows: list[list[str]]) -> None:
    """Rows written as the library writes them: numbers bare, empty cells as nothing."""
    layout = table(path.stem)
    numbers = [getattr(layout.column(n), "kind", None) is Kind.INTEGER for n in rows[0]]
    cells = [
        [_BLANK if not c else int(c) if number else c for c, number in zip(r, numbers, strict=True)]
        for r in rows[1:]
    ]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerows([rows[0], *cells])


def _csv_as_1_1(folder: Path, version: str = "1.1") -> None:
    header = _csv_rows(folder / "dataset.csv")
    header[1][header[0].index("schema_version")] = version
    _csv_write(folder / "dataset.csv", header)
    rows = _csv_rows(folder / "participations.csv")
    at = rows[0].index("capacities")
    rows[0][at] = "capacity"
    for row in rows[1:]:
        row[at] = _capacity(json.loads(row[at]) if row[at] else []) or ""
    _csv_write(folder / "participations.csv", rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "tables"
    ag.write(SEED, path, format="csv")
    return path


def test_a_csv_folder_of_1_1_reads_as_its_json_migrates(folder: Path) -> None:
    _csv_as_1_1(folder)
    assert ag.read(folder, ag.Dataset) == MIGRATED


def test_a_1_2_csv_folder_refuses_the_retired_column(folder: Path) -> None:
    _csv_as_1_1(folder, version="1.2")
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    problems = {str(p) for p in caught.value.problems}
    assert "participations.csv line 1, column capacity: not a column of this table" in problems


def test_a_1_1_csv_folder_must_have_the_retired_column(folder: Path) -> None:
    _csv_as_1_1(folder)
    rows = _csv_rows(folder / "participations.csv")
    at = rows[0].index("capacity")
    _csv_write(folder / "participations.csv", [r[:at] + r[at + 1 :] for r in rows])
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    problems = {str(p) for p in caught.value.problems}
    assert "participations.csv line 1, column capacity: the column is missing" in problems


def test_problems_in_a_retired_column_are_located_at_its_cell(folder: Path) -> None:
    _csv_as_1_1(folder)
    rows = _csv_rows(folder / "participations.csv")
    at = rows[0].index("capacity")
    row = next(n for n, r in enumerate(rows) if n and r[at])
    rows[row][at] = "post:nowhere"
    _csv_write(folder / "participations.csv", rows)
    with pytest.raises(ag.ValidationError) as caught:
        _read_checked(folder)
    found = [str(p) for p in caught.value.problems]
    assert any(
        p.startswith(f"participations.csv line {row + 1}, column capacity: $.records[")
        and "capacities[0]" in p
        for p in found
    ), found


def _read_checked(folder: Path) -> ag.Dataset:
    from aigovernance.serialization.tables._csv import read

    return read(folder, check=True)


def test_a_1_1_table_may_give_the_column_that_replaced_the_retired_one(folder: Path) -> None:
    header = _csv_rows(folder / "dataset.csv")
    header[1][header[0].index("schema_version")] = "1.1"
    _csv_write(folder / "dataset.csv", header)
    assert ag.read(folder, ag.Dataset) == SEED


def test_a_row_giving_both_columns_is_a_problem_at_the_retired_one(folder: Path) -> None:
    _csv_as_1_1(folder)
    rows = _csv_rows(folder / "participations.csv")
    rows[0].append("capacities")
    at = rows[0].index("capacity")
    for row in rows[1:]:
        row.append(json.dumps([row[at]]) if row[at] else "")
    _csv_write(folder / "participations.csv", rows)
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    assert all("column capacity: capacities is filled too" in str(p) for p in caught.value.problems)


def _one_valued(folder: Path, name: str, many: str, one: str) -> None:
    """Make the list column ``many`` of a table the 1.1 column ``one`` of its first item."""
    rows = _csv_rows(folder / f"{name}.csv")
    at = rows[0].index(many)
    rows[0][at] = one
    for row in rows[1:]:
        row[at] = json.loads(row[at])[0]
    _csv_write(folder / f"{name}.csv", rows)


def _speakers_and_actors_as_1_1(folder: Path) -> None:
    _csv_as_1_1(folder)
    _one_valued(folder, "statements", "speakers", "speaker")
    _one_valued(folder, "commitments", "actors", "actor")
    rows = _csv_rows(folder / "evidence.csv")
    at = rows[0].index("fields")
    for row in rows[1:]:
        fields = json.loads(row[at]) if row[at] else []
        renamed = [{"speakers": "speaker", "actors": "actor"}.get(f, f) for f in fields]
        row[at] = json.dumps(renamed, separators=(",", ":")) if fields else ""
    _csv_write(folder / "evidence.csv", rows)


def test_speaker_and_actor_columns_of_1_1_and_their_evidence_read_migrated(
    folder: Path,
) -> None:
    _speakers_and_actors_as_1_1(folder)
    assert "speaker" in _csv_rows(folder / "statements.csv")[0]
    assert any('"speaker"' in row[-1] for row in _csv_rows(folder / "evidence.csv"))
    # Every statement and commitment of the seed has one speaker or actor.
    assert ag.read(folder, ag.Dataset) == MIGRATED


def test_a_problem_in_a_retired_speaker_cell_is_located_at_it(folder: Path) -> None:
    _speakers_and_actors_as_1_1(folder)
    rows = _csv_rows(folder / "statements.csv")
    at = rows[0].index("speaker")
    rows[1][at] = "event:hlm-ai-capacity-building-2024"
    _csv_write(folder / "statements.csv", rows)
    with pytest.raises(ag.ValidationError) as caught:
        _read_checked(folder)
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 1, found
    assert found[0].startswith("statements.csv line 2, column speaker: $.records["), found
    assert ".speakers[0]" in found[0], found


# ----------------------------------------------------------------------------- XLSX


def _book_as_1_1(path: Path, version: str = "1.1") -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    header = book["dataset"]
    names = [cell.value for cell in header[1]]
    header.cell(row=2, column=names.index("schema_version") + 1).value = version
    sheet = book["participations"]
    names = [cell.value for cell in sheet[1]]
    at = names.index("capacities") + 1
    sheet.cell(row=1, column=at).value = "capacity"
    for number in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=number, column=at)
        cell.value = _capacity(json.loads(cell.value) if cell.value else [])
    book.save(path)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    pytest.importorskip("openpyxl")
    path = tmp_path / "seed.xlsx"
    ag.write(SEED, path)
    return path


def test_a_workbook_of_1_1_reads_as_its_json_migrates(book: Path) -> None:
    _book_as_1_1(book)
    assert ag.read(book, ag.Dataset) == MIGRATED


def test_a_1_2_workbook_refuses_the_retired_column(book: Path) -> None:
    _book_as_1_1(book, version="1.2")
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(book, ag.Dataset)
    problems = {str(p) for p in caught.value.problems}
    assert any(
        p.startswith("sheet participations, cell ") and p.endswith("1: not a column of this table")
        for p in problems
    ), problems


def test_a_number_in_a_retired_cell_of_a_workbook_is_located(book: Path) -> None:
    _book_as_1_1(book)
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["participations"]
    names = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=names.index("capacity") + 1)
    cell.value = 7
    workbook.save(book)
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(book, ag.Dataset)
    assert [str(p) for p in caught.value.problems] == [
        f"sheet participations, cell {cell.coordinate}: expected text, got the number 7"
    ]


# ------------------------------------------------------------------- Arrow, Parquet


def _arrow_as_1_1(tables: dict[str, Any], version: str = "1.1") -> dict[str, Any]:
    pa = pytest.importorskip("pyarrow")
    header = tables["dataset"].to_pylist()
    header[0]["schema_version"] = version
    participations = tables["participations"]
    at = participations.column_names.index("capacities")
    capacity = pa.array(
        [_capacity(c) for c in participations.column("capacities").to_pylist()], pa.string()
    )
    return {
        **tables,
        "dataset": pa.Table.from_pylist(header, schema=tables["dataset"].schema),
        "participations": participations.set_column(at, "capacity", capacity),
    }


def test_arrow_tables_of_1_1_read_as_their_json_migrates() -> None:
    pytest.importorskip("pyarrow")
    assert ag.from_arrow(_arrow_as_1_1(ag.to_arrow(SEED))) == MIGRATED


def test_a_parquet_folder_of_1_1_reads_as_its_json_migrates(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "tables"
    ag.write(SEED, folder, format="parquet")
    tables = {p.stem: pq.read_table(p) for p in folder.glob("*.parquet")}
    for name, changed in _arrow_as_1_1(tables).items():
        pq.write_table(changed, folder / f"{name}.parquet")
    assert ag.read(folder, ag.Dataset, format="parquet") == MIGRATED


def test_arrow_tables_of_1_2_refuse_the_retired_column() -> None:
    pytest.importorskip("pyarrow")
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_arrow(_arrow_as_1_1(ag.to_arrow(SEED), version="1.2"))
    problems = {str(p) for p in caught.value.problems}
    assert "table participations, column capacity: not a column of this table" in problems


def test_a_wrong_value_in_a_retired_arrow_column_is_located() -> None:
    pa = pytest.importorskip("pyarrow")
    tables = _arrow_as_1_1(ag.to_arrow(SEED))
    participations = tables["participations"]
    at = participations.column_names.index("capacity")
    numbers = pa.array([7] * participations.num_rows, pa.int64())
    tables["participations"] = participations.set_column(at, "capacity", numbers)
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_arrow(tables)
    first = str(caught.value.problems[0])
    assert first.startswith("participations row 1, column capacity: $.records["), first
    assert ".participations[0].capacities[0]:" in first, first
