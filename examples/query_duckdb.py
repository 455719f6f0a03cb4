"""Export the seed dataset to Parquet with aigovernance, then query it with DuckDB.

Run: ``python examples/query_duckdb.py [folder]`` (needs ``aigovernance[arrow]`` and
``duckdb``). The Parquet files are written to ``folder`` (a temporary folder by default);
Spark reads the same files unchanged: ``spark.read.parquet(f"{folder}/events.parquet")``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

import aigovernance as ag


def export(dataset: ag.Dataset, folder: Path) -> None:
    """Write every table of ``dataset`` as ``<folder>/<table>.parquet``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in ag.to_arrow(dataset).items():
        pq.write_table(table, folder / f"{name}.parquet")


def count_events(folder: Path) -> int:
    """How many events the Parquet files hold, as DuckDB counts them."""
    path = (folder / "events.parquet").as_posix()
    relation = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')")
    assert relation is not None
    ((count,),) = relation.fetchall()
    return int(count)


def events_by_kind(folder: Path) -> list[tuple[str, int]]:
    """The number of events of each kind, most frequent first."""
    path = (folder / "events.parquet").as_posix()
    relation = duckdb.sql(
        f"SELECT kind, count(*) AS n FROM read_parquet('{path}') "
        "GROUP BY kind ORDER BY n DESC, kind"
    )
    assert relation is not None
    rows = relation.fetchall()
    return [(str(kind), int(n)) for kind, n in rows]


def main(argv: list[str]) -> int:
    dataset = ag.datasets.load()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(argv[0]) if argv else Path(scratch)
        export(dataset, folder)
        count = count_events(folder)
        print(f"{count} events")
        for kind, n in events_by_kind(folder):
            print(f"  {kind}: {n}")
        assert count == len(dataset.of_type(ag.Event))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
