"""CSV folders: the encoding of cells, the Data Package, located problems."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import aigovernance as ag


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "seed"
    ag.write(ag.datasets.load(), path, format="csv")
    return path


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_frictionless_validates_the_seed(folder: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])


def test_frictionless_notices_a_broken_key(folder: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    path = folder / "participations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"event:hlm-ai-capacity-building-2024",0', '"event:nowhere",0', 1
    ), encoding="utf-8", newline="")  # fmt: skip
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid


def test_the_descriptor_declares_keys_and_vocabularies(folder: Path) -> None:
    import json

    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(ag.serialization.tables.TABLES)
    participations = resources["participations"]["schema"]
    assert participations["primaryKey"] == ["event", "index"]
    assert participations["foreignKeys"] == [
        {"fields": ["event"], "reference": {"resource": "events", "fields": ["id"]}}
    ]
    role = next(f for f in participations["fields"] if f["name"] == "role")
    assert role["constraints"]["required"] is True
    assert "co-host" in role["constraints"]["enum"]


def test_cells_are_written_as_documented(folder: Path) -> None:
    raw = (folder / "actors.csv").read_bytes()
    assert raw.endswith(b"\r\n")
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode()
    group = next(line for line in text.splitlines() if line.startswith('"group:'))
    assert ",80," in group
    assert "80.0" not in group
    assert ",81,," in group  # size_min 81, size_max missing
    events = _rows(folder / "events.csv")
    themes = events[0].index("themes")
    assert events[1][themes].startswith('["capacity-building"')


def test_writing_is_deterministic(folder: Path, tmp_path: Path) -> None:
    ag.write(ag.datasets.load(), tmp_path / "again", format="csv")
    for path in folder.iterdir():
        assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes(), path.name


def test_spreadsheet_habits_are_read(folder: Path) -> None:
    # A byte order mark, \n line endings and minimal quoting, as spreadsheets save.
    path = folder / "commitments.csv"
    rows = _rows(path)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
    assert ag.read(folder, ag.Dataset) == ag.datasets.load()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def test_mistakes_in_several_files_are_all_located(folder: Path) -> None:
    _edit(folder / "participations.csv", '"co-host"', '"host-nation"')
    _edit(folder / "events.csv", '"2024-09-25","day"', '"2024-09-25","month"')
    _edit(folder / "actors.csv", ",80,", ",80.5,")
    _edit(folder / "purposes.csv", '"event:hlm-ai-capacity-building-2024",0', '"event:x",0')
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    problems = [str(p) for p in caught.value.problems]
    expected = [
        "participations.csv line 2, column role: $.records[",
        "events.csv line 2, column date_precision: is 'month' but date gives 'day'",
        "actors.csv line ",
        "purposes.csv line 2, column event: names event 'event:x', which is not in events",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    role = next(p for p in problems if p.startswith("participations.csv"))
    assert "].participations[0].role: " in role
    assert "host-nation" in role
    size = next(p for p in problems if p.startswith("actors.csv"))
    assert "column size_value: expected a whole number, got '80.5'" in size
    # Each names its file, line and column; none is dropped for another.
    assert all(re.match(r"\w+\.csv line [0-9]+, column \w+: ", p) for p in problems), problems


def test_a_repeated_key_and_a_missing_column(folder: Path) -> None:
    path = folder / "commitments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8", newline="")
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    assert any("repeats the key id" in str(p) for p in caught.value.problems)

    _edit(folder / "posts.csv", '"holder"', '"holders"')
    (folder / "notes.csv").write_text("a\r\n", encoding="utf-8")
    (folder / "translations.csv").unlink()
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    problems = {str(p) for p in caught.value.problems}
    assert "posts.csv line 1, column holders: not a column of this table" in problems
    assert "posts.csv line 1, column holder: the column is missing" in problems
    assert "translations.csv: the table is missing" in problems
    assert any(p.startswith("notes.csv: not a table of the layout") for p in problems)


def test_text_that_is_not_csv_or_not_utf8(folder: Path) -> None:
    (folder / "events.csv").write_bytes(b'"id"\r\n"\xff"\r\n')
    with pytest.raises(ag.ValidationError, match=r"events.csv: not UTF-8"):
        ag.read(folder, ag.Dataset)


def test_an_older_schema_version_may_lack_newer_columns() -> None:
    pa = pytest.importorskip("pyarrow")
    seed = ag.datasets.load()
    tables = ag.to_arrow(seed)
    header = tables["dataset"].to_pylist()
    header[0]["schema_version"] = "1.0"
    tables["dataset"] = pa.Table.from_pylist(header)
    evidence = tables["evidence"]
    for name in ("prefix", "suffix"):
        evidence = evidence.drop_columns([name])
    tables["evidence"] = evidence
    older = ag.from_arrow(tables)
    assert [r.id for r in older.records] == [r.id for r in seed.records]
    assert all(e.prefix is None for r in older.records for e in r.evidence)
    header[0]["schema_version"] = "1.1"
    tables["dataset"] = pa.Table.from_pylist(header)
    with pytest.raises(ag.ValidationError, match="column prefix: the column is missing"):
        ag.from_arrow(tables)


def test_an_existing_folder_is_replaced_only_if_it_holds_tables(tmp_path: Path) -> None:
    ds = ag.Dataset(id="e", title="E", version="1")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"no datapackage\.json"):
        ag.write(ds, mine, format="csv")
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"

    ours = tmp_path / "ours"
    ag.write(ag.datasets.load(), ours, format="csv")
    ag.write(ds, ours, format="csv")
    assert ag.read(ours, ag.Dataset) == ds
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "ours"]  # nothing left


def test_a_failed_write_leaves_the_old_folder(tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    ag.write(ag.datasets.load(), ours, format="csv")
    bad = ag.Dataset(
        id="e", title="E", version="1", records=(ag.State(id="state:X", name="\ud800", code="CHN"),)
    )
    with pytest.raises(ag.ValidationError, match=r"actors\.csv row 1, column name"):
        ag.write(bad, ours, format="csv")
    assert ag.read(ours, ag.Dataset) == ag.datasets.load()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours"]


def _evidence_without(folder: Path, *columns: str) -> list[list[str]]:
    """The evidence table with the given columns emptied wherever a span is given."""
    rows = _rows(folder / "evidence.csv")
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("start")]:
            for column in columns:
                row[head.index(column)] = ""
    return rows


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    # As a spreadsheet saves it: quotes only where a cell needs them, empty cells empty.
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\r\n").writerows(rows)


@pytest.mark.parametrize("context", [True, False])
def test_evidence_rows_may_give_only_a_quote(folder: Path, context: bool) -> None:
    emptied = ("start", "end") if context else ("start", "end", "prefix", "suffix")
    rows = _evidence_without(folder, *emptied)
    _write_rows(folder / "evidence.csv", rows)
    dataset = ag.read(folder, ag.Dataset)
    assert ag.validate(dataset) == ()
    if context:
        # The context in the rows tells every repeated quote apart: nothing changes.
        assert dataset == ag.datasets.load()
    else:
        seed = ag.datasets.load()
        kept = [e for r in dataset.records for e in r.evidence if e.quote is not None]
        assert kept == [e for r in seed.records for e in r.evidence if e.quote is not None]


def test_a_quote_only_row_that_is_ambiguous_or_missing_is_located(folder: Path) -> None:
    rows = _evidence_without(folder, "start", "end", "prefix", "suffix")
    head = rows[0]
    spans = [n for n, row in enumerate(rows) if n and row[head.index("quote")]]
    rows[spans[0]][head.index("quote")] = "Wang Yi"
    rows[spans[1]][head.index("quote")] = "words that are not in the readout"
    _write_rows(folder / "evidence.csv", rows)
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(folder, ag.Dataset)
    problems = [str(p) for p in caught.value.problems]
    assert problems[0].startswith(f"evidence.csv line {spans[0] + 1}, column quote: 'Wang Yi'")
    assert "occurs 6 times" in problems[0]
    assert problems[1].startswith(f"evidence.csv line {spans[1] + 1}, column quote: ")
    assert "is not in the text of source:seed; nearest: " in problems[1]
    assert len(problems) == 2
