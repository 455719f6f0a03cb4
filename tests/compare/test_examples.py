from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"


def _run(name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_compare_versions() -> None:
    out = _run("compare_versions.py")
    assert out.startswith("3 changes\n")
    assert "changed   $.version" in out
    assert '+ "Meeting of G20 Foreign Ministers"' in out
    assert "added     $.records[" in out
    assert "(state:NOR)" in out
    assert "patch operations; the first:" in out


@pytest.mark.slow
def test_link_sources() -> None:
    out = _run("link_sources.py")
    lines = out.splitlines()
    assert lines[0].startswith("event:g20-fmm-2024: event:g20-ministers (0.")
    assert lines[1].startswith("event:bilateral-russia-2024: event:wang-lavrov (0.")
    assert lines[2] == ""
    assert lines[3].startswith("similarity 0.")
    assert "event:g20-ministers" in lines[3]


@pytest.mark.slow
def test_align_principles() -> None:
    out = _run("align_principles.py")
    assert out.count("A = principle-set:china-ai-global-governance-2024") == 2
    assert "B = principle-set:oecd-ai-principles" in out
    assert "B = principle-set:unesco-ai-ethics" in out
    assert "A2 Uphold fairness and inclusiveness  <->  B10 Fairness and non-discrimination" in out
