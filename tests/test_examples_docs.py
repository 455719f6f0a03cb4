"""The example scripts run, print what the docs say they print, and are in the docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"


def run(script: Path, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_load_and_summarise(tmp_path: Path) -> None:
    out = run(EXAMPLES / "load_and_summarise.py", tmp_path)
    lines = out.splitlines()
    assert lines[0].startswith("Wang Yi at the High-level Meeting")
    assert "2024-09-25  High-level Meeting on International Cooperation on Capacity-building" in out
    assert "(hosts: China, Zambia)" in out
    assert any(
        line.endswith("quotes from source:seed, each checked against its text") for line in lines
    )


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_every_example_is_included_in_the_docs(script: Path) -> None:
    pages = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    assert f"examples/{script.name}" in pages


def test_author_readout(tmp_path: Path) -> None:
    out = run(EXAMPLES / "author_readout.py", tmp_path)
    lines = out.splitlines()
    assert lines[0] == (
        "A workshop on AI skills for public servants (an invented example): 7 records"
    )
    assert lines[1] == "problems: 0"
    draft = (EXAMPLES / "readout-draft.yaml").read_text(encoding="utf-8")
    assert "start:" not in draft  # the draft counts no offsets; the script's output does
    assert "  state:ZMB" in out
    assert "'Zambia and Kenya co-hosted'" in out
    assert "source:workshop-readout: 11 spans: 10 moved, 1 amended" in lines
    amended = [line for line in lines if line.startswith("amended")]
    assert len(amended) == 1
    assert "(commitment:zambia-open-curriculum)" in amended[0]
    assert amended[0].endswith("'...s by the end of 2025.' -> '...s by the end of June 2025.'")
    assert lines[-1] == "problems after re-anchoring: 0"
