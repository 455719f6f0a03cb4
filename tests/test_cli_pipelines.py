"""The command line without extras and in pipelines: missing dependencies, ``-``, ``--json``.

Each test runs ``python -m aigovernance`` as a subprocess, as a shell pipeline would,
feeding its standard input and reading its standard output as bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance import cli

SEED = ag.datasets.load()


def run(
    *args: str | Path, stdin: bytes = b"", cwd: Path | None = None, hide: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[bytes]:
    """Run the command line with ``stdin``; ``hide`` makes modules unimportable in it."""
    blocked = "".join(f"sys.modules[{name!r}] = None\n" for name in hide)
    program = f"import sys\n{blocked}from aigovernance.cli import main\nsys.exit(main())\n"
    return subprocess.run(
        [sys.executable, "-c", program, *map(str, args)],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def one_error_line(done: subprocess.CompletedProcess[bytes]) -> str:
    """The single ``aigovernance: error:`` line of standard error; never a traceback."""
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("aigovernance: error: "), stderr
    return lines[0]


def seed_bytes(format: str) -> bytes:
    """The seed as ``ag.write`` writes it to a file of that format."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"seed.{format}"
        ag.write(SEED, path)
        return path.read_bytes()


# --------------------------------------------------------------- missing optional extras


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the seed as a workbook and as Parquet tables, and a YAML draft."""
    folder = tmp_path_factory.mktemp("tables")
    ag.write(SEED, folder / "seed.xlsx")
    ag.write(SEED, folder / "seed-parquet", format="parquet")
    (folder / "draft.yaml").write_text("id: d\ntitle: D\nversion: '1'\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("hide", "args", "extra"),
    [
        (("rapidfuzz",), ("match", "seed", "seed"), "compare"),
        (("rapidfuzz",), ("match", "--json", "seed", "reference-principles"), "compare"),
        (("rapidfuzz",), ("merge", "seed", "reference-principles", "-o", "m.json"), "compare"),
        (("pyarrow", "pyarrow.parquet"), ("export", "--format", "parquet", "-o", "out"), "arrow"),
        (("pyarrow", "pyarrow.parquet"), ("show", "seed-parquet"), "arrow"),
        (("pyarrow", "pyarrow.parquet"), ("validate", "seed-parquet"), "arrow"),
        (("pyarrow", "pyarrow.parquet"), ("diff", "seed", "seed-parquet"), "arrow"),
        (("openpyxl",), ("export", "--format", "xlsx", "-o", "out.xlsx"), "xlsx"),
        (("openpyxl",), ("template", "-o", "new.xlsx"), "xlsx"),
        (("openpyxl",), ("show", "seed.xlsx"), "xlsx"),
        (("openpyxl",), ("validate", "--json", "seed.xlsx"), "xlsx"),
        (("yaml",), ("anchor", "draft.yaml", "-o", "out.json"), "yaml"),
    ],
)
def test_a_missing_extra_is_one_line_and_a_usage_error(
    tables: Path, hide: tuple[str, ...], args: tuple[str, ...], extra: str
) -> None:
    before = sorted(p.name for p in tables.iterdir())
    done = run(*args, cwd=tables, hide=hide)
    assert done.returncode == 2, done.stderr.decode()
    if "--json" in args and args[0] == "validate":
        # With --json the reason is in the document, which says it could not be read.
        (report,) = json.loads(done.stdout)["datasets"]
        assert report["valid"] is False
        assert f"pip install 'aigovernance[{extra}]'" in report["error"]
        assert done.stderr == b""
    else:
        line = one_error_line(done)
        assert f"pip install 'aigovernance[{extra}]'" in line
        assert done.stdout == b""
    assert sorted(p.name for p in tables.iterdir()) == before  # nothing written


def test_an_import_error_of_an_optional_module_is_named_by_its_extra() -> None:
    # Any optional dependency whose import fails where the library does not say so.
    failure = cli._extra_missing(ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow"))
    assert isinstance(failure, cli._Failure)
    assert failure.code == 2
    assert "pip install 'aigovernance[arrow]'" in str(failure)
    # An import error of anything else is a fault of the program, not the user's.
    other = ImportError("cannot import name 'x'", name="aigovernance.nothing")
    assert cli._extra_missing(other) is other


# --------------------------------------------------------------- standard input and output


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_validate_reads_standard_input(format: str) -> None:
    done = run("validate", "-", stdin=seed_bytes(format))
    assert (done.returncode, done.stdout, done.stderr) == (0, b"-: ok\n", b"")


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_show_reads_standard_input(format: str) -> None:
    done = run("show", "-", stdin=seed_bytes(format))
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("show", "seed").stdout


def test_the_input_format_of_standard_input_can_be_given() -> None:
    done = run("show", "--input-format", "jsonl", "-", stdin=seed_bytes("jsonl"))
    assert done.returncode == 0, done.stderr
    # A JSON document read as JSON Lines is told as such, on its own lines.
    done = run("validate", "--input-format", "jsonl", "-", stdin=seed_bytes("json"))
    assert done.returncode == 1
    assert done.stdout.startswith(b"-: line 1: $")


def test_an_empty_or_broken_standard_input_is_bad_data() -> None:
    done = run("validate", "-", stdin=b"")
    assert done.returncode == 1
    assert done.stdout.startswith(b"-: $: not JSON")
    done = run("show", "-", stdin=b"{")
    assert done.returncode == 1
    assert "-: $: not JSON" in one_error_line(done)


@pytest.mark.parametrize("format", ["csv", "parquet", "xlsx"])
def test_tables_are_not_read_from_standard_input(format: str) -> None:
    done = run("show", "--input-format", format, "-", stdin=seed_bytes("json"))
    assert done.returncode == 2
    assert "standard input" in one_error_line(done)


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_export_writes_standard_output(format: str, tmp_path: Path) -> None:
    done = run("export", "--format", format, "-o", "-", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, b"")
    ag.write(SEED, tmp_path / f"seed.{format}")
    assert done.stdout == (tmp_path / f"seed.{format}").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"seed.{format}"]


@pytest.mark.parametrize("format", ["schema", "jsonld"])
def test_export_writes_the_schema_and_json_ld_to_standard_output(
    format: str, tmp_path: Path
) -> None:
    done = run("export", "--format", format, "-o", "-")
    assert done.returncode == 0, done.stderr
    assert run("export", "--format", format, "-o", tmp_path / "out.json").returncode == 0
    assert done.stdout == (tmp_path / "out.json").read_bytes()


@pytest.mark.parametrize("format", ["csv", "parquet", "xlsx"])
def test_export_refuses_standard_output_for_what_cannot_stream(format: str, tmp_path: Path) -> None:
    done = run("export", "--format", format, "-o", "-", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot stream to standard output" in one_error_line(done)
    assert done.stdout == b""
    assert list(tmp_path.iterdir()) == []  # no file or folder named "-"


def test_a_pipeline_from_json_lines_to_tables(tmp_path: Path) -> None:
    done = run(
        "export", "-", "--format", "csv", "-o", "tables", stdin=seed_bytes("jsonl"), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert ag.read(tmp_path / "tables", ag.Dataset) == SEED


def test_diff_and_match_read_standard_input() -> None:
    done = run("diff", "seed", "-", stdin=seed_bytes("jsonl"))
    assert (done.returncode, done.stdout) == (0, b"")
    # "-" twice reads the one standard input twice.
    done = run("diff", "-", "-", stdin=seed_bytes("json"))
    assert (done.returncode, done.stdout) == (0, b"")
    done = run("match", "-", "seed", stdin=seed_bytes("json"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("match", "seed", "seed").stdout


def test_anchor_from_standard_input_to_standard_output() -> None:
    draft = {
        "id": "note",
        "title": "A note",
        "version": "1",
        "sources": [
            {"type": "source", "id": "source:note", "title": "Note", "text": "Zambia spoke."}
        ],
        "records": [
            {
                "type": "state",
                "id": "state:ZMB",
                "name": "Zambia",
                "code": "ZMB",
                "evidence": [{"source": "source:note", "quote": "Zambia"}],
            }
        ],
    }
    done = run("anchor", "-", "-o", "-", stdin=json.dumps(draft).encode())
    assert (done.returncode, done.stderr) == (0, b"")
    assert ag.from_json(done.stdout, ag.Dataset) == ag.anchor(draft)


def test_reanchor_to_standard_output_reports_on_standard_error(tmp_path: Path) -> None:
    source = SEED["source:seed"]
    assert isinstance(source, ag.Source)
    text = source.text
    assert isinstance(text, str)
    (tmp_path / "new.txt").write_text("Foreword. " + text, encoding="utf-8", newline="")
    done = run("reanchor", "seed", "source:seed", tmp_path / "new.txt", "-o", "-")
    assert done.returncode == 0, done.stderr
    moved, report = ag.reanchor(SEED, "source:seed", "Foreword. " + text)
    assert ag.from_json(done.stdout, ag.Dataset) == moved
    assert done.stderr.decode() == f"{report}\n"


def test_a_closed_standard_output_is_quiet() -> None:
    program = (
        f"{sys.executable} -m aigovernance export --format jsonl -o - | "
        f"{sys.executable} -c 'import sys; sys.stdin.buffer.read(10)'"
    )
    done = subprocess.run(["/bin/sh", "-c", program], capture_output=True, check=False, timeout=120)
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------- --json


def small_with_problems(tmp_path: Path) -> Path:
    """A dataset whose record 11 is a meeting naming a state the dataset lacks."""
    records: list[dict[str, Any]] = [
        {"type": "person", "id": f"person:p{i}", "name": f"Person {i}"} for i in range(10)
    ]
    records.append({"type": "state", "id": "state:ZMB", "name": "Zambia", "code": "ZMB"})
    records.append(
        {
            "type": "event",
            "id": "event:harbour-city-dialogue",
            "kind": "summit",
            "title": "Harbour City Dialogue",
            "participations": [{"actor": "state:ZMM", "role": "co-host"}],
        }
    )
    document = {
        "schema_version": "1.1",
        "id": "d",
        "title": "D",
        "version": "1",
        "records": records,
    }
    path = tmp_path / "dialogue.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_problems_name_the_record_beside_the_path(tmp_path: Path) -> None:
    path = small_with_problems(tmp_path)
    done = run("validate", path.name, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.decode() == (
        "dialogue.json: $.records[11].participations[0].actor (event:harbour-city-dialogue): "
        "refers to 'state:ZMM', which is not in the dataset; did you mean 'state:ZMB'?\n"
    )


def test_problems_of_an_unreadable_file_name_the_record_too(tmp_path: Path) -> None:
    path = small_with_problems(tmp_path)
    path.write_text(path.read_text().replace('"co-host"', '"cohost"'), encoding="utf-8")
    done = run("validate", path.name, cwd=tmp_path)
    assert done.stdout.decode() == (
        "dialogue.json: $.records[11].participations[0].role (event:harbour-city-dialogue): "
        "'cohost' is not one of 'host', 'co-host', 'chair', 'speaker', 'attendee', "
        "'counterpart'; did you mean 'co-host'?\n"
    )
    # The one-line error of the other commands names it as well.
    done = run("show", path.name, cwd=tmp_path)
    assert done.returncode == 1
    assert "$.records[11].participations[0].role (event:harbour-city-dialogue): " in (
        one_error_line(done)
    )
    # And so does a JSON Lines file, by its line.
    dataset_lines = [
        json.dumps({"schema_version": "1.1", "id": "d", "title": "D", "version": "1"}),
        json.dumps({"type": "state", "id": "state:ZMB", "name": "Zambia", "code": "zmb"}),
    ]
    done = run("validate", "-", stdin="\n".join(dataset_lines).encode() + b"\n")
    assert done.stdout.decode().startswith("-: line 2: $.code (state:ZMB): ")


def test_validate_json_shape(tmp_path: Path) -> None:
    path = small_with_problems(tmp_path)
    done = run("validate", "--json", path.name, "seed", "missing.json", cwd=tmp_path)
    assert done.returncode == 2  # the worst: a file that cannot be read
    assert done.stderr == b""
    document = json.loads(done.stdout)
    assert document == {
        "datasets": [
            {
                "dataset": "dialogue.json",
                "valid": False,
                "error": None,
                "problems": [
                    {
                        "path": "$.records[11].participations[0].actor",
                        "record": "event:harbour-city-dialogue",
                        "message": "refers to 'state:ZMM', which is not in the dataset; "
                        "did you mean 'state:ZMB'?",
                    }
                ],
            },
            {"dataset": "seed", "valid": True, "error": None, "problems": []},
            {
                "dataset": "missing.json",
                "valid": False,
                "error": document["datasets"][2]["error"],
                "problems": [],
            },
        ]
    }
    assert "missing.json" in document["datasets"][2]["error"]
    done = run("validate", "--json", "--quiet", "seed")
    assert json.loads(done.stdout)["datasets"][0]["valid"] is True


def test_diff_json_shape(tmp_path: Path) -> None:
    import attrs

    changed = attrs.evolve(SEED, title="Another title", records=SEED.records[1:])
    ag.write(changed, tmp_path / "changed.json")
    done = run("diff", "--json", "seed", tmp_path / "changed.json")
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert list(document) == ["old", "new", "equal", "changes"]
    assert document["old"] == "seed"
    assert document["equal"] is False
    difference = ag.diff(SEED, changed)
    assert document["changes"] == [
        {"kind": c.kind.value, "path": c.path, "record": c.record, "old": c.old, "new": c.new}
        for c in difference.changes
    ]
    assert {c["kind"] for c in document["changes"]} == {"changed", "removed"}
    done = run("diff", "--json", "seed", "seed")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"old": "seed", "new": "seed", "equal": True, "changes": []}
    done = run("diff", "--json", "--format", "json-patch", "seed", "seed")
    assert done.returncode == 2
    one_error_line(done)


def test_match_json_shape() -> None:
    pytest.importorskip("rapidfuzz")
    done = run("match", "--json", "seed", "seed")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert list(document) == ["a", "b", "links"]
    expected = [
        {"a": c.a, "b": c.b, "score": c.score} for m in ag.match(SEED, SEED) for c in m.candidates
    ]
    assert document["links"] == expected
    assert len(expected) >= len(SEED.records) // 2
    text = run("match", "seed", "seed").stdout.decode().splitlines()
    assert len(text) == len(expected)


def test_show_json_shape() -> None:
    done = run("show", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert list(document) == [
        "dataset",
        "meetings",
        "statements",
        "instruments",
        "records",
        "sources",
    ]
    assert document["dataset"] == {
        "id": "seed",
        "title": SEED.title,
        "version": SEED.version,
        "schema_version": SEED.schema_version,
        "description": SEED.description,
    }
    events = SEED.of_type(ag.Event)
    assert sorted(m["id"] for m in document["meetings"]) == sorted(e.id for e in events)
    dates = [m["date"] for m in document["meetings"] if m["date"] is not None]
    assert dates == sorted(dates)  # the seed's dates are all whole days
    main = next(m for m in document["meetings"] if m["id"] == "event:hlm-ai-capacity-building-2024")
    assert main["date"] == "2024-09-25"
    co_hosts = {p["actor"] for p in main["participants"] if p["role"] == "co-host"}
    assert co_hosts == {"state:CHN", "state:ZMB"}
    assert set(main["participants"][0]) == {"actor", "name", "role", "capacities", "on_behalf_of"}
    counts: dict[str, int] = {}
    for record in SEED.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    assert document["records"] == counts
    assert [s["id"] for s in document["statements"]] == [s.id for s in SEED.of_type(ag.Statement)]
    for shown, instrument in zip(document["instruments"], SEED.of_type(ag.Instrument), strict=True):
        assert shown["sections"] == [
            {"name": s.name, "declared": s.declared_size, "known": s.known}
            for s in instrument.sections
        ]
    assert any(s["declared"] == 10 for i in document["instruments"] for s in i["sections"])
    assert [s["id"] for s in document["sources"]] == [s.id for s in SEED.sources]
    # Deterministic, and the same from standard input.
    assert run("show", "--json", "-", stdin=seed_bytes("json")).stdout == done.stdout


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_validate_with_a_json_input_format(format: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.data"
    path.write_bytes(seed_bytes(format))
    done = run("validate", "--input-format", format, path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{path}: ok\n".encode(), b"")
