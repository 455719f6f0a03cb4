"""Parquet files, data frames, missing extras and the command line over table folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import aigovernance as ag
from aigovernance.cli import main
from aigovernance.serialization.tables import TABLES, detect

pq = pytest.importorskip("pyarrow.parquet")


def test_parquet_keys_are_non_null_and_files_carry_the_header(tmp_path: Path) -> None:
    seed = ag.datasets.load()
    ag.write(seed, tmp_path / "t", format="parquet")
    assert sorted(p.stem for p in (tmp_path / "t").iterdir()) == sorted(TABLES)
    for name in TABLES:
        schema = pq.read_schema(tmp_path / "t" / f"{name}.parquet")
        header = json.loads(schema.metadata[b"aigovernance.dataset"])
        assert header == {
            "schema_version": ag.SCHEMA_VERSION,
            "id": seed.id,
            "title": seed.title,
            "version": seed.version,
            "description": seed.description,
        }
        key = ag.serialization.tables._layout.table(name).key
        assert all(not schema.field(k).nullable for k in key), name
    evidence = pq.read_schema(tmp_path / "t" / "evidence.parquet")
    assert evidence.field("source").nullable is False  # every row has one
    assert evidence.field("quote").nullable is True


def test_parquet_bytes_are_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        ag.write(ag.datasets.load(), tmp_path / name, format="parquet")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_parquet_problems_name_file_row_and_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    ag.write(ag.datasets.load(), tmp_path / "t", format="parquet")
    path = tmp_path / "t" / "commitments.parquet"
    rows = pq.read_table(path).to_pylist()
    rows[1]["text"] = None
    pq.write_table(pa.Table.from_pylist(rows), path)
    with pytest.raises(ag.ValidationError) as caught:
        ag.read(tmp_path / "t", ag.Dataset)
    [problem] = caught.value.problems
    assert problem.path.startswith("commitments.parquet row 2, column text: $.records[")
    assert problem.message == "required field is missing"


def test_formats_are_told_by_what_a_folder_holds(tmp_path: Path) -> None:
    ds = ag.datasets.load()
    ag.write(ds, tmp_path / "c", format="csv")
    ag.write(ds, tmp_path / "p", format="parquet")
    assert detect(tmp_path / "c").name == "csv"  # type: ignore[union-attr]
    assert detect(tmp_path / "p").name == "parquet"  # type: ignore[union-attr]
    assert detect(tmp_path) is None
    assert detect(tmp_path / "book.xlsx").name == "xlsx"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="not a table format"):
        ag.write(ds, tmp_path / "x", format="ods")
    with pytest.raises(TypeError, match="tables hold a Dataset"):
        ag.write(ds.records[0], tmp_path / "x", format="csv")


def test_pandas_frames_have_real_types() -> None:
    pd = pytest.importorskip("pandas")
    frames = ag.to_pandas(ag.datasets.load())
    assert list(frames) == list(TABLES)
    events = frames["events"]
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert "summit" in events["kind"].cat.categories  # the whole vocabulary
    assert str(frames["actors"]["size_value"].dtype) == "Int64"
    first = events.loc[0]
    assert first["date_earliest"].isoformat() == "2024-09-25"
    assert isinstance(first["themes"], list)


def test_polars_frames_have_real_types() -> None:
    pl = pytest.importorskip("polars")
    frames = ag.to_polars(ag.datasets.load())
    schema = frames["events"].schema
    assert schema["date_earliest"] == pl.Date
    assert schema["kind"] == pl.Categorical
    assert schema["themes"] == pl.List(pl.Categorical)
    assert frames["participations"].schema["index"] == pl.Int64


def _without(modules: list[str], code: str) -> subprocess.CompletedProcess[str]:
    blocked = "".join(f"sys.modules[{m!r}] = None\n" for m in modules)
    return subprocess.run(
        [sys.executable, "-c", f"import sys\n{blocked}{code}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("blocked", "call", "extra"),
    [
        (["pyarrow"], "ag.to_arrow(ds)", "arrow"),
        (["pyarrow"], "ag.from_arrow({})", "arrow"),
        (["pandas"], "ag.to_pandas(ds)", "pandas"),
        (["polars"], "ag.to_polars(ds)", "polars"),
    ],
)
def test_a_missing_extra_is_named(blocked: list[str], call: str, extra: str) -> None:
    done = _without(
        blocked,
        "import aigovernance as ag\nds = ag.datasets.load()\n"
        f"try:\n    {call}\nexcept ImportError as e:\n    print(e)\n",
    )
    assert f"pip install 'aigovernance[{extra}]'" in done.stdout, done.stderr


def test_csv_needs_no_pyarrow(tmp_path: Path) -> None:
    done = _without(
        ["pyarrow", "pandas", "polars"],
        "import aigovernance as ag\nds = ag.datasets.load()\n"
        f"ag.write(ds, {str(tmp_path / 'c')!r}, format='csv')\n"
        f"print(ag.read({str(tmp_path / 'c')!r}, ag.Dataset) == ds)\n",
    )
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_the_command_line_writes_and_reads_each_folder(
    format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out" / "seed"
    assert main(["export", "--format", format, "-o", str(folder)]) == 0
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out == f"{folder}: ok\n"
    assert main(["diff", "seed", str(folder)]) == 0
    assert main(["show", str(folder)]) == 0
    again = tmp_path / "again"
    assert main(["export", str(folder), "--format", "json", "-o", str(again) + ".json"]) == 0
    assert ag.read(str(again) + ".json", ag.Dataset) == ag.datasets.load()


def test_the_command_line_streams_json_lines_into_tables(tmp_path: Path) -> None:
    ag.write(ag.datasets.load(), tmp_path / "seed.jsonl")
    for format in ("csv", "parquet"):
        out = tmp_path / format
        assert (
            main(["export", str(tmp_path / "seed.jsonl"), "--format", format, "-o", str(out)]) == 0
        )
        assert ag.read(out, ag.Dataset) == ag.datasets.load()


def test_the_command_line_locates_problems_in_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "t"
    ag.write(ag.datasets.load(), folder, format="csv")
    path = folder / "participations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"co-host"', '"boss"', 1),
                    encoding="utf-8", newline="")  # fmt: skip
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{folder}: participations.csv line 2, column role: $.records[")
    assert main(["validate", "--input-format", "parquet", str(folder)]) == 1
    assert "participations.parquet: the table is missing" in capsys.readouterr().out
    (folder / "datapackage.json").unlink()
    (folder / "dataset.csv").unlink()
    assert main(["show", str(folder)]) == 2
    assert "holding no tables" in capsys.readouterr().err


@pytest.mark.parametrize(("format", "place"), [("csv", "line 2"), ("parquet", "row 1")])
def test_problems_of_the_dataset_as_a_whole_are_located_at_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str, place: str
) -> None:
    seed = ag.datasets.load()
    folder = tmp_path / "t"
    first = next(i for i, r in enumerate(seed.records) if isinstance(r, ag.Event))
    event = seed.records[first]
    assert isinstance(event, ag.Event)
    dangling = attrs.evolve(event.participations[0], actor="state:XXX")
    event = attrs.evolve(event, participations=(dangling, *event.participations[1:]))
    records = (*seed.records[:first], event, *seed.records[first + 1 :])
    ag.write(attrs.evolve(seed, records=records), folder, format=format)
    assert main(["validate", str(folder)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line == (
        f"{folder}: participations.{format} {place}, column actor: $.records[{first}]"
        ".participations[0].actor: refers to 'state:XXX', which is not in the dataset"
    )


@pytest.mark.parametrize(
    ("format", "name", "place"),
    [
        ("csv", "t", "actors.csv row {row}, column name"),
        ("parquet", "t", "actors.parquet row {row}, column name"),
        ("xlsx", "t.xlsx", "sheet actors, cell D{cell}"),
    ],
)
def test_a_lone_surrogate_is_refused_at_its_cell(
    tmp_path: Path, format: str, name: str, place: str
) -> None:
    seed = ag.datasets.load()
    actors = [r for r in seed.records if isinstance(r, ag.Person | ag.State)]
    index = seed.records.index(actors[1])  # the second row of the actors table
    bad = attrs.evolve(actors[1], name="Wang\ud800Yi")
    ds = attrs.evolve(seed, records=(*seed.records[:index], bad, *seed.records[index + 1 :]))
    with pytest.raises(ag.ValidationError) as caught:
        ag.write(ds, tmp_path / name, format=format)
    [problem] = caught.value.problems
    assert problem.path == place.format(row=2, cell=3)
    assert problem.message == "holds a lone surrogate, U+D800, which UTF-8 cannot carry"
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary left


def test_to_arrow_refuses_a_lone_surrogate_in_a_list_at_its_cell() -> None:
    seed = ag.datasets.load()
    index = next(i for i, r in enumerate(seed.records) if isinstance(r, ag.PrincipleSet))
    found = seed.records[index]
    assert isinstance(found, ag.PrincipleSet)
    principles = found.principles
    second = attrs.evolve(principles[1], aspects=("fine", "a\udfff"))
    bad = attrs.evolve(found, principles=(principles[0], second, *principles[2:]))
    ds = attrs.evolve(seed, records=(*seed.records[:index], bad, *seed.records[index + 1 :]))
    with pytest.raises(ag.ValidationError) as caught:
        ag.to_arrow(ds)
    [problem] = caught.value.problems
    assert problem.path == "principles row 2, column aspects"
    assert problem.message == "holds a lone surrogate, U+DFFF, which UTF-8 cannot carry"
