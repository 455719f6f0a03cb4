"""Tables at scale: JSON Lines to Parquet and CSV and back, time and peak memory.

Run: ``python benchmarks/bench_tables.py [--sizes 100016 1000008] [--folder DIR]``
(needs the ``arrow`` extra, and git for the earlier ``to_arrow``).

For each size, a JSON Lines dataset is made by cloning the seed dataset's 76 records
(each clone's ids get a suffix, so every copy is distinct and its references stay
whole; the sources are shared). Then each step runs in a fresh process, which reports
its process CPU time and its peak resident memory:

* ``stream to parquet`` / ``stream to csv``: the file streamed through
  ``ag.iter_jsonl`` into a folder of tables, never holding the dataset;
* ``stream to xlsx`` / ``read xlsx``: the same for a workbook (needs the ``xlsx`` extra);
* ``read parquet`` / ``read csv``: the folder read back with ``ag.read``, strictly;
* ``to_arrow``: the dataset (read first, not timed) flattened into Arrow tables;
* ``to_arrow before``: the same with ``to_arrow`` as it was before the table layout,
  loaded from the commit named by ``BEFORE`` with ``git show``;
* ``to_arrow against before``: both in one process, taken in turn three times after
  pyarrow's one-time set-up, best of each: the ratio holds however busy the machine is;
* ``floor``: pyarrow making the same tables from plain Python lists of cells (made
  first, not timed) and writing them as Parquet: what any exporter must at least spend.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aigovernance as ag
from aigovernance.serialization._files import jsonl_header
from aigovernance.serialization.tables import _csv, _parquet, _xlsx

BEFORE = "00772d0"
"""The last commit with the earlier ``to_arrow`` (serialization/_arrow.py)."""

_ID = re.compile(
    r'"((?:event|person|state|organization|group|post|statement|'
    r'principle-set|commitment|instrument):[^"]+)"'
)


def generate(path: Path, count: int) -> int:
    """Write at least ``count`` records cloned from the seed to ``path``; return how many."""
    seed = ag.datasets.load()
    lines = [ag.to_json(record) for record in seed.records]
    header = {k: v for k, v in ag.to_dict(seed).items() if k not in ("sources", "records")}
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n")
        for source in seed.sources:
            file.write(ag.to_json(source) + "\n")
        copy = 0
        while written < count:
            renamed = rf'"\1-c{copy}"'
            file.write("\n".join(_ID.sub(renamed, line) for line in lines) + "\n")
            written += len(lines)
            copy += 1
    return written


def _dataset(path: Path) -> ag.Dataset:
    return ag.read(path, ag.Dataset)


def _before() -> Callable[[ag.Dataset], dict[str, Any]]:
    source = subprocess.run(
        ["git", "show", f"{BEFORE}:src/aigovernance/serialization/_arrow.py"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
    ).stdout
    module = types.ModuleType("to_arrow_before")
    exec(compile(source, "to_arrow_before", "exec"), module.__dict__)
    return module.to_arrow  # type: ignore[no-any-return]


def step(name: str, path: Path, out: Path) -> Callable[[], object]:
    """The work of one step, its preparation done."""
    if name == "stream to parquet":
        return lambda: _parquet.write_records(jsonl_header(path), ag.iter_jsonl(path), out)
    if name == "stream to csv":
        return lambda: _csv.write_records(jsonl_header(path), ag.iter_jsonl(path), out)
    if name == "stream to xlsx":
        book = out.parent / "tables.xlsx"  # openpyxl reads a workbook by its suffix
        return lambda: _xlsx.write_records(jsonl_header(path), ag.iter_jsonl(path), book)
    if name == "read xlsx":
        return lambda: ag.read(out.parent / "tables.xlsx", ag.Dataset)
    if name == "read parquet":
        return lambda: ag.read(out.parent / "parquet", ag.Dataset)
    if name == "read csv":
        return lambda: ag.read(out.parent / "csv", ag.Dataset)
    dataset = _dataset(path)
    if name == "to_arrow":
        return lambda: ag.to_arrow(dataset)
    if name == "to_arrow before":
        before = _before()
        return lambda: before(dataset)
    if name == "to_arrow against before":
        return lambda: alternate(dataset)
    if name == "floor":
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = ag.to_arrow(dataset)
        plain = {
            n: ({c: t.column(c).to_pylist() for c in t.column_names}, t.schema)
            for n, t in tables.items()
        }
        del tables, dataset
        out.mkdir()

        def floor() -> None:
            for n, (columns, schema) in plain.items():
                pq.write_table(pa.table(columns, schema=schema), out / f"{n}.parquet")

        return floor
    raise ValueError(name)


def alternate(dataset: ag.Dataset, rounds: int = 3) -> dict[str, float]:
    """Best CPU seconds of ``to_arrow`` and the earlier one, taken in turn in one process.

    Taking them in turn, after pyarrow's one-time set-up (its first array imports
    pandas where installed), gives both the same machine, whatever else it is doing.
    """
    import pyarrow as pa

    pa.array(["warm"])
    before = _before()
    best = {"to_arrow": float("inf"), "before": float("inf")}
    for _ in range(rounds):
        for label, work in (("to_arrow", ag.to_arrow), ("before", before)):
            started = time.process_time()
            work(dataset)
            best[label] = min(best[label], time.process_time() - started)
    return best


def measure(name: str, path: Path, out: Path) -> None:
    """Run one step and print its measurements as JSON (in a fresh process)."""
    work = step(name, path, out)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    found = work()
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "baseline_mib": round(baseline * scale / 2**20),
                "peak_mib": round(peak * scale / 2**20),
                "best": found if name == "to_arrow against before" else None,
            }
        )
    )


STEPS = (
    "stream to parquet",
    "stream to csv",
    "read parquet",
    "read csv",
    "stream to xlsx",
    "read xlsx",
    "to_arrow",
    "to_arrow before",
    "to_arrow against before",
    "floor",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_016, 1_000_008])
    parser.add_argument("--folder", type=Path, help="where to write the files (default: temp)")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        name, path, out = args.measure
        measure(name, Path(path), Path(out))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        for size in args.sizes:
            path = folder / f"tables-{size}.jsonl"
            records = generate(path, size)
            print(f"{records:,} records, {path.stat().st_size / 1e6:,.0f} MB of JSON Lines")
            print(f"  {'step':<24} {'CPU s':>8} {'peak MiB':>9} {'before it':>10}")
            for name in args.steps:
                out = folder / f"out-{size}" / name.split()[-1]
                if name.startswith("to_arrow") or name == "floor":
                    out = folder / f"out-{size}" / name.replace(" ", "-")
                out.parent.mkdir(exist_ok=True)
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", name, str(path), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(done.stdout)
                print(
                    f"  {name:<24} {row['seconds']:>8.2f} {row['peak_mib']:>9,} "
                    f"{row['baseline_mib']:>10,}",
                    flush=True,
                )
                if row["best"]:
                    new, old = row["best"]["to_arrow"], row["best"]["before"]
                    ratio = old / new
                    print(f"    in turn, best of 3: {new:.2f} s against {old:.2f} s, {ratio:.1f}x")
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
