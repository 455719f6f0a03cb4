from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import aigovernance as ag
from aigovernance.cli import main

from .second_source import WHOLE_SECOND_SOURCE
from .test_merge import _session_of


@pytest.fixture
def digest(tmp_path: Path) -> Path:
    path = tmp_path / "digest.json"
    ag.write(WHOLE_SECOND_SOURCE, path)
    return path


def test_merge_without_a_rule_prints_every_conflict_and_writes_nothing(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = digest.parent / "merged.json"
    assert main(["merge", "seed", str(digest), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 15
    assert all(line.startswith("conflict  $.records[") for line in captured.out.splitlines())
    assert "15 conflicts; choose a side with --prefer" in captured.err
    assert not out.exists()


def test_merge_with_a_rule_writes_a_sound_dataset_and_the_report(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = digest.parent / "merged.json"
    assert main(["merge", "seed", str(digest), "-o", str(out), "--prefer", "b"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("21 linked (11 under different ids), 7 added, 15 conflicts")
    merged = ag.read(out, ag.Dataset)
    assert ag.validate(merged) == ()
    expected, _ = ag.merge(ag.datasets.load(), WHOLE_SECOND_SOURCE, prefer="b")
    assert merged == expected


def test_merge_usage_errors_exit_2(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", "seed", str(digest), "-o", str(digest.parent / "x.txt")]) == 2
    assert "the output is a .json or .jsonl file" in capsys.readouterr().err
    assert main(["merge", "seed", str(digest), "-o", "m.json", "--prefer", "c"]) == 2
    assert main(["merge", "seed", "nowhere.json", "-o", str(digest.parent / "m.json")]) == 2


def test_merge_into_a_dataset_that_breaks_a_rule_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The meeting of 2001 (a's) cannot hold b's session of 2000.
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    meeting_only = _session_of("2001")
    ag.write(attrs.evolve(meeting_only, records=meeting_only.records[:1]), a)
    ag.write(_session_of("2000"), b)
    out = tmp_path / "m.json"
    assert main(["merge", str(a), str(b), "-o", str(out), "--prefer", "a"]) == 1
    captured = capsys.readouterr()
    assert "problem   $.records[1].date" in captured.out
    assert "the merged dataset has 1 problem (nothing written)" in captured.err
    assert not out.exists()
    assert main(["merge", str(a), str(b), "-o", str(out), "--prefer", "b"]) == 0
    assert out.exists()
