"""Running the command line in a subprocess, for the authoring commands' tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aigovernance ARGS`` in ``cwd`` and capture its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "aigovernance", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=cwd,
        timeout=120,
    )
