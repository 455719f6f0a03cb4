"""The command line: every subcommand on the bundled data and on broken files.

Most tests run ``python -m aigovernance`` as a subprocess, as a user or a pipeline would,
and check its exit status, standard output and standard error; the cheaper ones call
:func:`aigovernance.cli.main` in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import aigovernance as ag
from aigovernance.cli import main, summary

D = ag.PartialDate.parse
WIDTH = 80
HEAVY = ("pyarrow", "hypothesis", "rapidfuzz", "jsonschema")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aigovernance ARGS`` and capture its output as text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "aigovernance", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def assert_one_error_line(stderr: str) -> None:
    """A user error is one ``aigovernance: error:`` line, never a traceback."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("aigovernance: error: "), stderr


def small() -> ag.Dataset:
    """A small, sound dataset with the shapes ``show`` summarises."""
    text = "Wang Yi attended the meeting."
    return ag.Dataset(
        id="small",
        title="A small dataset",
        version="1",
        description="Three meetings, one statement and one plan.",
        sources=(
            ag.Source(
                id="source:readout",
                title="Wang Yi attends a meeting",
                publisher="Ministry of Foreign Affairs",
                published=D("2024-09-26"),
                url="https://example.org/readout",
                text=text,
            ),
        ),
        records=(
            ag.State(id="state:CHN", name="China", code="CHN"),
            ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
            ag.State(id="state:RUS", name="Russia", code="RUS"),
            ag.State(id="state:USA", name="United States", code="USA"),
            ag.Organization(
                id="organization:cpc-politburo",
                name="Political Bureau of the CPC Central Committee",
                kind=ag.OrganizationKind.PARTY_ORGAN,
            ),
            ag.Person(
                id="person:wang-yi",
                name="Wang Yi",
                evidence=(ag.Evidence(source="source:readout", start=0, end=7, quote="Wang Yi"),),
            ),
            ag.Person(id="person:russian-fm", description="the foreign minister of Russia"),
            ag.Post(
                id="post:chn-fm",
                title="Foreign Minister",
                organization="state:CHN",
                holder="person:wang-yi",
            ),
            ag.Post(
                id="post:politburo-member",
                title="Member of the Political Bureau of the CPC Central Committee",
                organization="organization:cpc-politburo",
                holder="person:wang-yi",
            ),
            ag.Post(
                id="post:rus-fm",
                title="Foreign Minister",
                organization="state:RUS",
                holder="person:russian-fm",
            ),
            ag.Group(
                id="group:delegates",
                name="high-level representatives from more than 80 countries",
                size=ag.Quantity(value=80, qualifier=ag.Qualifier.MORE_THAN, text="more than 80"),
            ),
            # Listed before the meetings it should follow: ``show`` sorts by date.
            ag.Event(
                id="event:bilateral-russia",
                kind=ag.EventKind.BILATERAL_MEETING,
                title="Wang Yi meets the foreign minister of Russia",
                date=D("2024-09-26"),
                participations=(
                    ag.Participation(
                        actor="person:wang-yi",
                        role=ag.Role.HOST,
                        capacities=("post:chn-fm",),
                        on_behalf_of="state:CHN",
                    ),
                    ag.Participation(
                        actor="person:russian-fm",
                        role=ag.Role.COUNTERPART,
                        capacities=("post:rus-fm",),
                        on_behalf_of="state:RUS",
                    ),
                ),
            ),
            ag.Event(
                id="event:hlm",
                kind=ag.EventKind.HIGH_LEVEL_MEETING,
                title=(
                    "High-level Meeting on International Cooperation on Capacity-building "
                    "of Artificial Intelligence"
                ),
                date=D("2024-09-25"),
                timezone="America/New_York",
                place=ag.Place(name="UN Headquarters", locality="New York", country="USA"),
                participations=(
                    ag.Participation(actor="state:CHN", role=ag.Role.CO_HOST),
                    ag.Participation(actor="state:ZMB", role=ag.Role.CO_HOST),
                    ag.Participation(
                        actor="person:wang-yi",
                        role=ag.Role.ATTENDEE,
                        capacities=("post:politburo-member",),
                        on_behalf_of="state:CHN",
                    ),
                    ag.Participation(
                        actor="person:wang-yi",
                        role=ag.Role.ATTENDEE,
                        capacities=("post:chn-fm",),
                        on_behalf_of="state:CHN",
                    ),
                    ag.Participation(actor="group:delegates", role=ag.Role.ATTENDEE),
                ),
                purposes=(
                    ag.Purpose(
                        text="help the Global South benefit equally in the process of AI "
                        "development"
                    ),
                ),
            ),
            ag.Event(
                id="event:ga-79",
                kind=ag.EventKind.GENERAL_ASSEMBLY_MEETING,
                title="The 79th session of the General Assembly",
                date=D("2024-09"),
            ),
            ag.PrincipleSet(
                id="principle-set:ai-governance",
                title="Principles for AI global governance",
                proposers=("state:CHN",),
                principles=(
                    ag.Principle(
                        ordinal=1,
                        title="Adopt a comprehensive and balanced approach",
                        aspects=(
                            "ethical values",
                            "security governance",
                            "standards and norms",
                            "capacity building",
                            "institutional mechanisms",
                        ),
                    ),
                    ag.Principle(ordinal=2, title="Uphold fairness and inclusiveness"),
                    ag.Principle(ordinal=3, title="Stick to multilateralism"),
                ),
            ),
            ag.Commitment(
                id="commitment:safe-ai",
                actors=("state:CHN",),
                modality=ag.Modality.WILL,
                text="adhere to the development of safe and controllable AI",
            ),
            ag.Instrument(
                id="instrument:action-plan",
                kind=ag.InstrumentKind.ACTION_PLAN,
                title="AI Capacity-Building Action Plan for Good and for All",
                date=D("2024-09-25"),
                proposers=("state:CHN",),
                sections=(
                    ag.Section(name="visions", declared_size=5),
                    ag.Section(
                        name="actions",
                        declared_size=10,
                        items=(ag.SectionItem(ordinal=1, title="An action"),),
                    ),
                ),
            ),
            ag.Statement(
                id="statement:principles",
                speakers=("person:wang-yi",),
                speech_act=ag.SpeechAct.POINTED_OUT,
                event="event:hlm",
                summary="The promotion of AI global governance should follow several principles.",
                principles=("principle-set:ai-governance",),
                commitments=("commitment:safe-ai",),
                refers_to=("instrument:action-plan",),
            ),
        ),
    )


def write_json(path: Path, value: object) -> Path:
    path.write_text(ag.to_json(value), encoding="utf-8")
    return path


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "small.json", small())


@pytest.fixture
def changed_file(tmp_path: Path) -> Path:
    """The small dataset with its version and one event's title changed."""
    ds = small()
    records = tuple(
        attrs.evolve(r, title=r.title.replace("Artificial Intelligence", "AI"))
        if isinstance(r, ag.Event) and r.id == "event:hlm"
        else r
        for r in ds.records
    )
    return write_json(tmp_path / "changed.json", attrs.evolve(ds, version="2", records=records))


def test_the_small_dataset_is_sound() -> None:
    assert ag.validate(small()) == ()


# --------------------------------------------------------------------------- start-up


def test_help_does_not_import_optional_dependencies() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aigovernance", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: aigovernance" in done.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert imported, "no import times were reported"
    loaded = {name for name in imported if name.split(".")[0] in HEAVY}
    assert not loaded


def test_help_leaves_heavy_modules_out_of_sys_modules() -> None:
    code = (
        "import sys\n"
        "from aigovernance.cli import main\n"
        "assert main(['--help']) == 0\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"aigovernance {ag.__version__}\n"


def test_version_as_a_subprocess() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout == f"aigovernance {ag.__version__}\n"


@pytest.mark.parametrize(
    "command", [(), ("datasets",), ("show",), ("validate",), ("diff",), ("match",), ("export",)]
)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    done = run(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: aigovernance {' '.join(command)}".rstrip())
    assert done.stderr == ""


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: aigovernance")
    assert "aigovernance: error:" in err


def test_an_unknown_command_is_a_usage_error() -> None:
    done = run("frobnicate")
    assert done.returncode == 2
    assert "aigovernance: error:" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_script_runs_show() -> None:
    """The README's first command: ``aigovernance show`` after installing."""
    script = shutil.which("aigovernance", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the aigovernance console script is not installed beside this Python")
    done = subprocess.run([script, "show"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Meetings" in done.stdout


# --------------------------------------------------------------------------- datasets


def test_datasets_lists_the_bundled_names() -> None:
    done = run("datasets")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == list(ag.datasets.available())
    assert {"seed", "reference-principles"} <= set(done.stdout.splitlines())


# --------------------------------------------------------------------------- show


def assert_fits(text: str) -> None:
    for line in text.splitlines():
        assert len(line) <= WIDTH, line
    assert "\x1b" not in text


def test_show_summarises_the_seed_by_default() -> None:
    done = run("show")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert_fits(out)
    ds = ag.datasets.load()
    assert " ".join(out.split()).startswith(ds.title)
    for heading in ("Meetings", "Statements", "Instruments", "Records", "Sources"):
        assert f"\n{heading} (" in out
    assert "Wang Yi" in out
    assert "Zambia" in out
    assert "America/New_York" in out
    assert "Foreign Minister" in out
    assert "visions: 5 declared" in out
    assert "actions: 10 declared" in out
    # Counterparts the seed names only by role appear by their description.
    for person in ds.of_type(ag.Person):
        if person.name is None:
            assert person.description is not None
            assert person.description in " ".join(out.split())
    assert f"Records ({len(ds.records)})" in out


def test_show_is_the_same_for_the_seed_by_name() -> None:
    assert run("show", "seed").stdout == run("show").stdout


def test_show_reference_principles() -> None:
    done = run("show", "reference-principles")
    assert done.returncode == 0, done.stderr
    assert_fits(done.stdout)
    ds = ag.datasets.load("reference-principles")
    assert ds.title in done.stdout
    # No statement states these sets, so they are shown on their own, in order.
    assert f"Principle sets ({len(ds.of_type(ag.PrincipleSet))})" in done.stdout
    for principle_set in ds.of_type(ag.PrincipleSet):
        for principle in principle_set.principles:
            assert f"{principle.ordinal}. {principle.title}" in " ".join(done.stdout.split())


def test_show_a_file(small_file: Path) -> None:
    done = run("show", small_file)
    assert done.returncode == 0, done.stderr
    assert done.stdout == summary(small())


def test_show_a_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "small.jsonl"
    ag.write(small(), path)
    done = run("show", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == summary(small())


def test_summary_of_the_small_dataset() -> None:
    out = summary(small())
    assert_fits(out)
    lines = out.splitlines()
    # Meetings in date order: the month before the days within it.
    dated = [line for line in lines if line[:4] == "2024"]
    assert [line.split()[0] for line in dated] == ["2024-09", "2024-09-25", "2024-09-26"]
    assert "high-level meeting, local time (America/New_York)" in out
    assert "at UN Headquarters, New York, United States" in out
    assert "co-hosts: China; Zambia" in out
    flat = " ".join(out.split())
    assert (
        "Wang Yi — Member of the Political Bureau of the CPC Central Committee; "
        "Foreign Minister, for China" in flat
    )
    assert "hosts: Wang Yi — Foreign Minister, for China" in out
    # Known only by role: the description says the post and the state already.
    assert "counterparts: the foreign minister of Russia\n" in out
    assert "Wang Yi pointed out" in out
    principles = [line.strip() for line in lines if line.strip()[:3] in ("1. ", "2. ", "3. ")]
    assert principles == [
        "1. Adopt a comprehensive and balanced approach",
        "2. Uphold fairness and inclusiveness",
        "3. Stick to multilateralism",
    ]
    assert "aspects: ethical values; security governance;" in out
    assert "- China will: adhere to the development of safe and controllable AI" in out
    assert "visions: 5 declared, 0 known" in out
    assert "actions: 10 declared, 1 known" in out
    assert "Records (18)" in out
    assert re.search(r"^  event +3$", out, re.MULTILINE)
    assert "Sources (1)" in out
    assert "https://example.org/readout" in out


@pytest.mark.parametrize("width", [40, 60, 80])
def test_summary_wraps_to_the_width(width: int) -> None:
    for line in summary(small(), width).splitlines():
        assert len(line) <= width, line


def test_summary_of_an_empty_dataset() -> None:
    out = summary(ag.Dataset(id="empty", title="Empty", version="1"))
    assert "Records (0)" in out
    assert "Meetings" not in out


def test_summary_names_ids_that_are_missing(capsys: pytest.CaptureFixture[str]) -> None:
    """A dataset with dangling references is still shown; the ids stand in for names."""
    event = ag.Event(
        id="event:x",
        kind=ag.EventKind.SUMMIT,
        title="A summit",
        participations=(ag.Participation(actor="person:nobody", role=ag.Role.SPEAKER),),
    )
    out = summary(ag.Dataset(id="dangling", title="Dangling", version="1", records=(event,)))
    assert "speakers: person:nobody" in out
    assert "undated" in out


def test_show_in_process(small_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(small_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out == summary(small())
    assert captured.err == ""


def test_show_a_missing_file(tmp_path: Path) -> None:
    done = run("show", tmp_path / "missing.json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_error_line(done.stderr)
    assert "missing.json" in done.stderr


def test_show_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",', encoding="utf-8")
    done = run("show", path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert_one_error_line(done.stderr)
    assert "broken.json: $: not JSON" in done.stderr


def test_show_a_file_that_does_not_fit_the_model(tmp_path: Path) -> None:
    data = ag.to_dict(small())
    data["records"][0]["code"] = 7
    data["records"][1]["surprise"] = True
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("show", path)
    assert done.returncode == 1
    assert_one_error_line(done.stderr)
    assert "$.records[0].code" in done.stderr
    assert "and 1 more" in done.stderr


def test_show_an_unknown_dataset_name() -> None:
    done = run("show", "no-such-dataset")
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert "'no-such-dataset'" in done.stderr
    assert "seed" in done.stderr


def test_show_a_file_of_another_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    done = run("show", path)
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert ".json, .jsonl or .xlsx" in done.stderr


def test_show_on_an_ascii_terminal() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "aigovernance", "show"],
        capture_output=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert b"Vu\\u010di\\u0107" in done.stdout
    assert done.stderr == b""


def test_a_file_named_like_a_dataset_without_a_suffix(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("hello", encoding="utf-8")
    assert run("show", "seed", cwd=tmp_path).returncode == 0
    done = run("show", "notes", cwd=tmp_path)
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert ".json, .jsonl or .xlsx" in done.stderr


def test_show_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    done = run("show", folder)
    assert done.returncode == 2
    assert_one_error_line(done.stderr)


def test_show_warns_about_a_newer_minor_version(tmp_path: Path) -> None:
    data = ag.to_dict(small())
    major, minor = ag.SCHEMA_VERSION.split(".")
    data["schema_version"] = f"{major}.{int(minor) + 1}"
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("show", path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"aigovernance: warning: {path}: ")
    assert len(done.stderr.splitlines()) == 1


def test_show_into_a_closed_pipe_exits_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "aigovernance", "show"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141


def test_show_piped_into_head() -> None:
    if shutil.which("head") is None:
        pytest.skip("no head command")
    command = f"'{sys.executable}' -m aigovernance show | head -1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout == run("show").stdout.splitlines(keepends=True)[0]


# --------------------------------------------------------------------------- validate


def test_validate_the_bundled_seed_file(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    ag.write(ag.datasets.load(), path)
    done = run("validate", path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{path}: ok\n"
    assert done.stderr == ""


def test_validate_bundled_names() -> None:
    done = run("validate", "seed", "reference-principles")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "seed: ok\nreference-principles: ok\n"


def test_validate_quietly(small_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--quiet", str(small_file)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_reports_structural_problems(tmp_path: Path) -> None:
    data = ag.to_dict(small())
    data["records"][0]["code"] = 7
    data["records"][1]["surprise"] = True
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}: $.records[0].code (state:CHN): expected a string, got an integer",
        f"{path}: $.records[1].surprise (state:ZMB): unknown field",
    ]
    assert done.stderr == ""


def test_validate_reports_semantic_problems(tmp_path: Path) -> None:
    ds = small()
    dangling = ag.Commitment(
        id="commitment:dangling",
        actors=("state:XXX",),
        modality=ag.Modality.WILL,
        text="something",
    )
    path = write_json(tmp_path / "dangling.json", attrs.evolve(ds, records=(*ds, dangling)))
    done = run("validate", path)
    assert done.returncode == 1
    index = len(ds.records)
    assert done.stdout == (
        f"{path}: $.records[{index}].actors[0] (commitment:dangling): refers to 'state:XXX', "
        "which is not in the dataset\n"
    )


def test_validate_reports_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[1, 2", encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: $: not JSON")


def test_validate_a_jsonl_file_names_lines(tmp_path: Path) -> None:
    path = tmp_path / "small.jsonl"
    ag.write(small(), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"code":"CHN"', '"code":"china"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{path}: line 3: $.code (state:CHN): ")


def test_validate_several_files(tmp_path: Path, small_file: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = run("validate", small_file, broken)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"{small_file}: ok"
    assert lines[1].startswith(f"{broken}: $: ")


def test_validate_a_missing_file(tmp_path: Path, small_file: Path) -> None:
    missing = tmp_path / "missing.json"
    done = run("validate", missing, small_file)
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert str(missing) in done.stderr
    # The other files are still checked.
    assert done.stdout == f"{small_file}: ok\n"


def test_validate_needs_a_file() -> None:
    done = run("validate")
    assert done.returncode == 2
    assert "aigovernance: error:" in done.stderr


# --------------------------------------------------------------------------- diff


def test_diff_of_equal_datasets(small_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    ag.write(small(), copy)
    done = run("diff", small_file, copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == ""


def test_diff_names_each_changed_field(small_file: Path, changed_file: Path) -> None:
    done = run("diff", small_file, changed_file)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert "$.version" in done.stdout
    assert re.search(r"\$\.records\[\d+\]\.title \(event:hlm\)", done.stdout)
    assert str(ag.diff(small(), ag.read(changed_file, ag.Dataset))).strip() in done.stdout


def test_diff_as_json_patch(small_file: Path, changed_file: Path) -> None:
    done = run("diff", "--format", "json-patch", small_file, changed_file)
    assert done.returncode == 1, done.stderr
    patch = json.loads(done.stdout)
    assert isinstance(patch, list)
    assert patch == ag.diff(small(), ag.read(changed_file, ag.Dataset)).to_json_patch()
    assert all(op["op"] in {"add", "remove", "replace", "move", "copy", "test"} for op in patch)
    assert {"op": "replace", "path": "/version", "value": "2"} in patch


def test_json_patch_of_equal_datasets_is_empty(small_file: Path) -> None:
    done = run("diff", "--format", "json-patch", small_file, small_file)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_diff_applies_as_a_json_patch(small_file: Path, changed_file: Path) -> None:
    jsonpatch = pytest.importorskip("jsonpatch")
    done = run("diff", "--format", "json-patch", small_file, changed_file)
    old = json.loads(small_file.read_text(encoding="utf-8"))
    new = json.loads(changed_file.read_text(encoding="utf-8"))
    assert jsonpatch.apply_patch(old, json.loads(done.stdout)) == new


def test_diff_of_a_broken_file_is_trouble(small_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = run("diff", small_file, broken)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_error_line(done.stderr)


def test_diff_of_a_missing_file_is_trouble(small_file: Path, tmp_path: Path) -> None:
    done = run("diff", small_file, tmp_path / "missing.json")
    assert done.returncode == 2
    assert_one_error_line(done.stderr)


def test_diff_with_an_unknown_format(small_file: Path) -> None:
    done = run("diff", "--format", "html", small_file, small_file)
    assert done.returncode == 2
    assert "aigovernance: error:" in done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- match


def test_match_links_the_same_records(small_file: Path, changed_file: Path) -> None:
    done = run("match", small_file, changed_file)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    for line in lines:
        score, a, b = line.split()
        assert 0.0 <= float(score) <= 1.0
        assert a.split(":")[0] == b.split(":")[0]
    assert any(line.split()[1:] == ["event:hlm", "event:hlm"] for line in lines)


def test_match_with_a_threshold(small_file: Path, changed_file: Path) -> None:
    loose = run("match", "--threshold", "0.1", small_file, changed_file)
    strict = run("match", "--threshold", "1", small_file, changed_file)
    assert loose.returncode == strict.returncode == 0
    assert len(strict.stdout.splitlines()) <= len(loose.stdout.splitlines())
    for line in strict.stdout.splitlines():
        assert float(line.split()[0]) >= 1.0


@pytest.mark.parametrize("threshold", ["high", "1.5", "-0.1"])
def test_match_rejects_a_bad_threshold(
    threshold: str, small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["match", "--threshold", threshold, str(small_file), str(small_file)]) == 2
    err = capsys.readouterr().err
    assert "aigovernance: error:" in err
    assert threshold in err


def test_match_the_bundled_seed_with_itself() -> None:
    done = run("match", "seed", "seed")
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    ds = ag.datasets.load()
    linked = {m.record for m in ag.match(ds, ds)}
    assert linked
    # Every record that can be linked is linked to itself, with the full score.
    assert {a for score, a, b in rows if a == b and score == "1.00"} == linked


def test_match_prints_every_candidate(small_file: Path, changed_file: Path) -> None:
    expected = [
        f"{c.score:.2f}  {c.a}  {c.b}"
        for m in ag.match(small(), ag.read(changed_file, ag.Dataset))
        for c in m.candidates
    ]
    done = run("match", small_file, changed_file)
    assert done.stdout.splitlines() == expected


def test_match_says_when_nothing_links(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    ag.write(ag.Dataset(id="empty", title="Nothing", version="1"), empty)
    done = run("match", "seed", empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # a pipeline reading the links reads none
    assert done.stderr == f"aigovernance: no record of seed links to one of {empty}\n"


def test_match_a_missing_file(tmp_path: Path) -> None:
    done = run("match", "seed", tmp_path / "missing.json")
    assert done.returncode == 2
    assert_one_error_line(done.stderr)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_export_the_seed_as_json(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"seed.{suffix}"
    done = run("export", "--format", suffix, "-o", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == done.stderr == ""
    assert ag.read(path, ag.Dataset) == ag.datasets.load()
    assert not [p for p in tmp_path.iterdir() if p != path]


def test_export_a_file(small_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert main(["export", str(small_file), "--format", "jsonl", "-o", str(path)]) == 0
    assert ag.read(path, ag.Dataset) == small()


def test_export_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "dataset.schema.json"
    done = run("export", "--format", "schema", "-o", path)
    assert done.returncode == 0, done.stderr
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema == ag.json_schema(ag.Dataset)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(ag.to_dict(ag.datasets.load()), schema)


def test_export_jsonld(tmp_path: Path) -> None:
    path = tmp_path / "seed.jsonld"
    done = run("export", "seed", "--format", "jsonld", "-o", path)
    assert done.returncode == 0, done.stderr
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document == ag.to_jsonld(ag.datasets.load())
    assert "@context" in document


def test_export_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["export", "--format", "jsonld", "-o", str(tmp_path / f"{name}.jsonld")]) == 0
    assert (tmp_path / "a.jsonld").read_bytes() == (tmp_path / "b.jsonld").read_bytes()


def test_export_parquet(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "tables" / "seed"
    done = run("export", "--format", "parquet", "-o", folder)
    assert done.returncode == 0, done.stderr
    tables = ag.to_arrow(ag.datasets.load())
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.parquet" for n in tables)
    for name, table in tables.items():
        assert pq.read_table(folder / f"{name}.parquet").equals(table)


def test_export_parquet_without_pyarrow_is_a_usage_error(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['pyarrow'] = None\n"
        "sys.modules['pyarrow.parquet'] = None\n"
        "from aigovernance.cli import main\n"
        f"sys.exit(main(['export', '--format', 'parquet', '-o', {str(tmp_path / 'out')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert "aigovernance[arrow]" in done.stderr
    assert not (tmp_path / "out").exists()


def test_export_an_unknown_format(tmp_path: Path) -> None:
    done = run("export", "--format", "xml", "-o", tmp_path / "seed.xml")
    assert done.returncode == 2
    assert "aigovernance: error:" in done.stderr
    assert "invalid choice: 'xml'" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json"]) == 2
    assert "-o/--output" in capsys.readouterr().err


def test_export_json_to_a_path_of_another_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "jsonl", "-o", str(tmp_path / "seed.json")]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert ".jsonl" in err
    assert not list(tmp_path.iterdir())


def test_export_into_a_missing_folder(tmp_path: Path) -> None:
    done = run("export", "--format", "schema", "-o", tmp_path / "nowhere" / "schema.json")
    assert done.returncode == 2
    assert_one_error_line(done.stderr)


def test_export_of_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = run("export", broken, "--format", "json", "-o", tmp_path / "out.json")
    assert done.returncode == 1
    assert_one_error_line(done.stderr)
    assert not (tmp_path / "out.json").exists()


def test_show_names_every_speaker_and_actor_of_a_joint_statement(tmp_path: Path) -> None:
    ds = ag.Dataset(
        id="joint",
        title="Joint",
        version="1",
        records=(
            ag.State(id="state:CHN", name="China", code="CHN"),
            ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
            ag.Statement(
                id="statement:joint",
                speakers=("state:CHN", "state:ZMB"),
                speech_act=ag.SpeechAct.AGREED,
                summary="To meet again.",
                commitments=("commitment:joint",),
            ),
            ag.Commitment(
                id="commitment:joint",
                actors=("state:ZMB", "state:CHN"),
                modality=ag.Modality.WILL,
                text="Meet again.",
            ),
        ),
    )
    path = write_json(tmp_path / "joint.json", ds)
    done = run("show", path)
    assert done.returncode == 0, done.stderr
    assert "China and Zambia agreed:" in done.stdout
    assert "- Zambia and China will: Meet again." in done.stdout
    shown = json.loads(run("show", "--json", path).stdout)
    assert shown["statements"][0]["speakers"] == ["state:CHN", "state:ZMB"]
