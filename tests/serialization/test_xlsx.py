"""Workbooks: a lossless round trip, located problems, drop-downs, a template, bounds."""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.utils import get_column_letter

import aigovernance as ag
from aigovernance.serialization.tables import LAYOUT, TABLES
from aigovernance.serialization.tables._xlsx import ABOUT, VOCABULARIES, read
from aigovernance.strategies import datasets

SEED = ag.datasets.load()


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "seed.xlsx"
    ag.write(SEED, path)
    return path


def problems(path: Path, *, check: bool = False) -> list[str]:
    with pytest.raises(ag.ValidationError) as caught:
        read(path, check=check)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def letter(sheet: Any, name: str) -> str:
    for cell in sheet[1]:
        if cell.value == name:
            return str(cell.column_letter)
    raise AssertionError(f"no column {name} in {sheet.title}")


def test_the_seed_round_trips_exactly(seed_book: Path) -> None:
    assert ag.read(seed_book, ag.Dataset) == SEED


# Workbooks are slow to write and read (tens of milliseconds each), so fewer examples
# than the other formats take; the seed and the cases below cover the rest.
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets())
def test_generated_datasets_round_trip(tmp_path: Path, dataset: ag.Dataset) -> None:
    path = tmp_path / "generated.xlsx"
    ag.write(dataset, path, format="xlsx")
    assert ag.read(path, ag.Dataset) == dataset


def test_the_same_dataset_gives_the_same_bytes(seed_book: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    ag.write(SEED, again)
    assert again.read_bytes() == seed_book.read_bytes()
    with zipfile.ZipFile(again) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "1970-01-01T00:00:00Z" in core


def test_sheets_in_layout_order_with_about_first(seed_book: Path) -> None:
    book = openpyxl.load_workbook(seed_book)
    assert book.sheetnames == [ABOUT, *TABLES, VOCABULARIES]
    assert book[VOCABULARIES].sheet_state == "hidden"
    assert book.active is not None
    assert book.active.title == ABOUT
    about = [row[0] for row in book[ABOUT].iter_rows(values_only=True)]
    assert about[0] == SEED.title
    assert set(TABLES) <= set(about)  # each sheet explained


def test_headers_frozen_styled_and_term_columns_offer_their_vocabulary(seed_book: Path) -> None:
    book = openpyxl.load_workbook(seed_book)
    terms = book[VOCABULARIES]
    for layout in LAYOUT:
        sheet = book[layout.name]
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == list(layout.names)
        assert all(c.font.bold for c in sheet[1])
        validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
        for position, column in enumerate(layout.columns):
            mine = get_column_letter(position + 1)
            assert (sheet.column_dimensions[mine].width or 0) >= 10
            if column.kind is not ag.serialization.tables._layout.Kind.TERM:
                assert f"{mine}2:{mine}1048576" not in validations
                continue
            validation = validations[f"{mine}2:{mine}1048576"]  # every row, even none yet
            assert validation.type == "list"
            assert validation.showErrorMessage
            found = re.fullmatch(r"vocabularies!\$([A-Z]+)\$2:\$\1\$([0-9]+)", validation.formula1)
            assert found is not None
            listed = [c.value for c in terms[found.group(1)][1 : int(found.group(2))]]
            assert tuple(listed) == column.terms


def test_text_that_looks_like_a_number_or_date_stays_text(tmp_path: Path) -> None:
    tricky = ["2024-09", "080", "=1+1", "TRUE", "1e5", "_x0041_", '""', "a\x01b", " pad "]
    dataset = ag.Dataset(
        id="tricky",
        title="Tricky",
        version="1",
        records=tuple(
            ag.State(id=f"state:S{n}", name=text, code="CHN") for n, text in enumerate(tricky)
        ),
    )
    path = tmp_path / "tricky.xlsx"
    ag.write(dataset, path)
    sheet = openpyxl.load_workbook(path)["actors"]
    name = letter(sheet, "name")
    for row in range(2, 2 + len(tricky)):
        cell = sheet[f"{name}{row}"]
        assert cell.data_type == "s"
        assert cell.number_format == "@"
    assert sheet[f"{name}2"].value == "2024-09"
    assert ag.read(path, ag.Dataset) == dataset


def test_empty_text_and_big_numbers_survive(tmp_path: Path) -> None:
    text = "Alpha beta."
    source = ag.Source(id="source:s", title="S", text=text)
    group = ag.Group(
        id="group:g",
        name="G",
        size=ag.Quantity(value=2**53, qualifier=ag.Qualifier.MORE_THAN),
        evidence=(ag.Evidence(source="source:s", start=0, end=0, quote=""),),
    )
    dataset = ag.Dataset(id="d", title="D", version="1", sources=(source,), records=(group,))
    path = tmp_path / "d.xlsx"
    ag.write(dataset, path)
    assert ag.read(path, ag.Dataset) == dataset


def edit(path: Path, change: Any) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    edited = path.with_name("edited.xlsx")
    book.save(edited)
    return edited


def record_index(record_id: str) -> int:
    return next(n for n, r in enumerate(SEED.records) if r.id == record_id)


def test_ten_mistakes_in_different_sheets_are_all_reported(seed_book: Path) -> None:
    expected: list[str] = []

    def mistakes(book: Any) -> None:
        events = book["events"]
        title = letter(events, "title")
        events[f"{title}2"] = 80  # 1. a number where text belongs
        expected.append(f"sheet events, cell {title}2: expected text, got the number 80")

        parts = book["participations"]
        role = letter(parts, "role")
        parts[f"{role}3"] = "host-nation"  # 2. not a term of the vocabulary
        event = parts[f"{letter(parts, 'event')}3"].value
        index = parts[f"{letter(parts, 'index')}3"].value
        path = f"$.records[{record_index(event)}].participations[{index}].role"
        expected.append(f"sheet participations, cell {role}3: {path}: ")

        identifiers = book["identifiers"]
        owner = letter(identifiers, "record")
        identifiers[f"{owner}2"] = "state:nowhere"  # 3. an id naming nothing
        expected.append(
            f"sheet identifiers, cell {owner}2: names 'state:nowhere', which is not a record's id"
        )

        evidence = book["evidence"]
        quote = letter(evidence, "quote")
        evidence[f"{quote}2"] = "not the text at the span"  # 4. a quote not at its span
        record = evidence[f"{letter(evidence, 'record')}2"].value
        at = evidence[f"{letter(evidence, 'path')}2"].value
        number = evidence[f"{letter(evidence, 'index')}2"].value
        where = f"$.records[{record_index(record)}]{at[1:]}.evidence[{number}].quote"
        expected.append(f"sheet evidence, cell {quote}2: {where}: ")

        actors = book["actors"]
        ids = letter(actors, "id")
        actors.append([cell.value for cell in actors[2]])  # 5. a row pasted twice
        copy = actors.max_row
        expected.append(
            f"sheet actors, cell {ids}{copy}: repeats the key id {actors[f'{ids}2'].value!r}"
        )

        posts = book["posts"]
        holder = letter(posts, "holder")
        posts[f"{holder}1"] = "holders"  # 6. a renamed column
        expected.append(f"sheet posts, cell {holder}1: not a column of this table")
        expected.append("sheet posts, column holder: the column is missing")

        del book["translations"]  # 7. a missing sheet
        expected.append("sheet translations: the table is missing")

        statements = book["statements"]
        date = letter(statements, "date")
        row = next(r for r in range(2, statements.max_row + 1) if statements[f"{date}{r}"].value)
        statements[f"{date}{row}"] = "2024-13"  # 8. a bad date
        statement = statements[f"{letter(statements, 'id')}{row}"].value
        expected.append(
            f"sheet statements, cell {date}{row}: $.records[{record_index(statement)}].date: "
        )

        commitments = book["commitments"]
        text = letter(commitments, "text")
        commitments[f"{text}2"] = None  # 9. a required cell left blank
        commitment = commitments[f"{letter(commitments, 'id')}2"].value
        expected.append(
            f"sheet commitments, cell {text}2: $.records[{record_index(commitment)}].text: "
            "required field is missing"
        )

        principles = book["principles"]
        aspects = letter(principles, "aspects")
        principles[f"{aspects}2"] = '["fair", 3]'  # 10. a list with an item not text
        expected.append(
            f"sheet principles, cell {aspects}2: expected a JSON array of strings such as "
            """["a","b"], got '["fair", 3]'"""
        )

    found = problems(edit(seed_book, mistakes))
    assert len(found) == len(expected) == 11  # ten mistakes; the renamed column is two
    for wanted in expected:
        assert sum(problem.startswith(wanted) for problem in found) == 1, (wanted, found)


def test_problems_of_the_dataset_as_a_whole_are_located_too(seed_book: Path) -> None:
    def dangling(book: Any) -> None:
        parts = book["participations"]
        parts[f"{letter(parts, 'actor')}2"] = "state:XXX"

    edited = edit(seed_book, dangling)
    ag.read(edited, ag.Dataset)  # sound as JSON would be: ids are checked as a whole
    [found] = problems(edited, check=True)
    event = SEED.records[record_index(openpyxl.load_workbook(edited)["participations"]["A2"].value)]
    assert found.startswith(
        f"sheet participations, cell C2: $.records[{SEED.records.index(event)}]"
        ".participations[0].actor: refers to 'state:XXX', which is not in the dataset"
    )


def test_whole_floats_are_numbers_text_in_number_columns_is_refused(seed_book: Path) -> None:
    def numbers(book: Any) -> None:
        sections = book["sections"]
        size = letter(sections, "declared_size")
        sections[f"{size}2"] = float(sections[f"{size}2"].value)  # 5.0 for 5: the same
        sections[f"{size}3"] = "ten"
        principles = book["principles"]
        principles[f"{letter(principles, 'ordinal')}2"] = 1.5

    found = problems(edit(seed_book, numbers))
    assert sorted(found) == [
        "sheet principles, cell C2: expected a whole number, got the number 1.5",
        "sheet sections, cell D3: expected a whole number, got 'ten'",
    ]


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(seed_book: Path) -> None:
    def gap(book: Any) -> None:
        events = book["events"]
        events.insert_rows(3, amount=2)
        events[f"{letter(events, 'kind')}5"] = "picnic"

    found = problems(edit(seed_book, gap))
    assert len(found) == 1
    assert found[0].startswith("sheet events, cell C5: $.records[")


def test_a_sheet_of_a_million_formatted_empty_rows_is_refused_quickly(
    seed_book: Path, tmp_path: Path
) -> None:
    sheet = f"xl/worksheets/sheet{TABLES.index('translations') + 2}.xml"
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(10, 1_000_010))
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(seed_book) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == sheet:
                text = data.decode().replace("</sheetData>", rows + "</sheetData>")
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:H1048576"/>', text)
                data = text.encode()
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    last = openpyxl.load_workbook(seed_book)["translations"].max_row
    assert problems(hostile) == [
        f"sheet translations: has 10,000 empty rows after row {last}, and is not read past them; "
        "delete the empty rows"
    ]


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    [found] = problems(path)
    assert found.startswith("fake.xlsx: not a workbook that can be read")


def test_a_missing_openpyxl_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(ImportError, match=r"^Workbooks \(.xlsx\) need openpyxl, an optional "):
        ag.write(SEED, tmp_path / "seed.xlsx")
    with pytest.raises(ImportError, match=r"pip install 'aigovernance\[xlsx\]'"):
        ag.read(tmp_path / "seed.xlsx", ag.Dataset)
    assert not (tmp_path / "seed.xlsx").exists()


def cli(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigovernance", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


def test_the_template_reads_back_empty_and_filled(tmp_path: Path) -> None:
    done = cli("template", "-o", "new.xlsx", "--id", "mine", "--title", "Mine", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    empty = ag.read(tmp_path / "new.xlsx", ag.Dataset)
    assert empty == ag.Dataset(id="mine", title="Mine", version="1")

    book = openpyxl.load_workbook(tmp_path / "new.xlsx")
    book["actors"].append(["state:CHN", 0, "state", "China", None, "CHN"])
    book["actors"].append(["state:ZMB", 1, "state", "Zambia", None, "ZMB"])
    book["events"].append(["event:hlm", 2, "high-level-meeting", "A meeting", "2024-09-25"])
    book["participations"].append(["event:hlm", 0, "state:CHN", "co-host"])
    book["participations"].append(["event:hlm", 1, "state:ZMB", "co-host"])
    book.save(tmp_path / "filled.xlsx")
    filled = ag.read(tmp_path / "filled.xlsx", ag.Dataset)
    assert ag.validate(filled) == ()
    [event] = [r for r in filled.records if isinstance(r, ag.Event)]
    assert [p.actor for p in event.participations] == ["state:CHN", "state:ZMB"]
    assert str(event.date) == "2024-09-25"
    assert cli("validate", "filled.xlsx", cwd=tmp_path).stdout == "filled.xlsx: ok\n"


def test_the_command_line_exports_shows_and_validates_workbooks(
    seed_book: Path, tmp_path: Path
) -> None:
    done = cli("export", "--format", "xlsx", "-o", "seed.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "seed.xlsx").read_bytes() == seed_book.read_bytes()
    assert cli("show", "seed.xlsx", cwd=tmp_path).stdout == cli("show", cwd=tmp_path).stdout
    assert cli("export", "--format", "xlsx", "-o", "seed.xls", cwd=tmp_path).returncode == 2

    def dangling(book: Any) -> None:
        book["participations"]["C2"] = "state:XXX"

    edit(tmp_path / "seed.xlsx", dangling)
    done = cli("validate", "edited.xlsx", cwd=tmp_path)
    assert done.returncode == 1
    [line] = done.stdout.splitlines()
    assert line.startswith("edited.xlsx: sheet participations, cell C2: $.records[")
