"""The DuckDB example runs, and counts the seed dataset's events."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import aigovernance as ag

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "query_duckdb.py"


def test_the_example_counts_the_seed_events(tmp_path: Path) -> None:
    seed = ag.datasets.load()
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[0] == f"{len(seed.of_type(ag.Event))} events"
    assert (tmp_path / "events.parquet").exists()


def test_the_example_functions_on_a_built_dataset(dataset: ag.Dataset, tmp_path: Path) -> None:
    sys.path.insert(0, str(EXAMPLE.parent))
    try:
        import query_duckdb
    finally:
        sys.path.remove(str(EXAMPLE.parent))
    query_duckdb.export(dataset, tmp_path)
    assert query_duckdb.count_events(tmp_path) == 2
    assert query_duckdb.events_by_kind(tmp_path) == [
        ("bilateral-meeting", 1),
        ("high-level-meeting", 1),
    ]
