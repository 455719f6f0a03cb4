"""Stream a generated JSON Lines dataset through ``ag.iter_jsonl``: throughput and memory.

Run: ``python benchmarks/bench_stream.py [--sizes 100000 1000000] [--folder DIR]``.

For each size a file of that many records (events with participations and evidence,
states, persons and statements in turn) is written once, then streamed in a fresh
process, which reports records per second and its peak resident memory. Streaming holds
one line at a time, so the peak must not grow with the file: compare the sizes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aigovernance as ag

HEADER = {"schema_version": ag.SCHEMA_VERSION, "id": "bench", "title": "Bench", "version": "1"}


def _templates() -> list[str]:
    """One compact JSON line per record kind, with ``{n}`` where the record's number goes."""
    evidence = (ag.Evidence(source="source:s", start=0, end=5, quote="Hello"),)
    samples: list[ag.Record] = [
        ag.Event(
            id="event:e-N",
            kind=ag.EventKind.BILATERAL_MEETING,
            title="Meeting N",
            date=ag.PartialDate.parse("2024-09-25"),
            timezone="America/New_York",
            place=ag.Place(name="UN Headquarters", locality="New York", country="USA"),
            participations=(
                ag.Participation(actor="person:p-N", role=ag.Role.SPEAKER, evidence=evidence),
                ag.Participation(actor="state:CHN", role=ag.Role.COUNTERPART),
            ),
            themes=(ag.Theme.CAPACITY_BUILDING, ag.Theme.GLOBAL_SOUTH),
            evidence=evidence,
        ),
        ag.State(id="state:s-N", name="State N", code="CHN"),
        ag.Person(
            id="person:p-N",
            name="Person N",
            identifiers=(ag.Identifier(scheme="wikidata", value="Q148"),),
        ),
        ag.Statement(
            id="statement:s-N",
            speakers=("person:p-N",),
            speech_act=ag.SpeechAct.SAID,
            summary="Something said at meeting N.",
            event="event:e-N",
            evidence=evidence,
        ),
    ]
    return [ag.to_json(s).replace("-N", "-{n}").replace(" N", " {n}") for s in samples]


def generate(path: Path, count: int) -> None:
    """Write a JSON Lines dataset of ``count`` records to ``path``."""
    templates = _templates()
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(json.dumps(HEADER, separators=(",", ":")) + "\n")
        batch: list[str] = []
        for n in range(count):
            batch.append(templates[n % len(templates)].replace("{n}", str(n)))
            if len(batch) == 10_000:
                file.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            file.write("\n".join(batch) + "\n")


def stream(path: Path) -> None:
    """Stream ``path`` and print one JSON line of measurements (run in a fresh process)."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    count = 0
    for _ in ag.iter_jsonl(path):
        count += 1
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    print(
        json.dumps(
            {
                "records": count,
                "seconds": round(seconds, 2),
                "per_second": round(count / seconds),
                "baseline_mib": round(baseline * scale / 2**20, 1),
                "peak_mib": round(peak * scale / 2**20, 1),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--folder", type=Path, help="where to write the files (default: temp)")
    parser.add_argument("--stream", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream is not None:
        stream(args.stream)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        print(f"{'records':>10} {'MB':>8} {'seconds':>8} {'records/s':>10} {'peak MiB':>9}")
        for size in args.sizes:
            path = folder / f"bench-{size}.jsonl"
            generate(path, size)
            result = subprocess.run(
                [sys.executable, __file__, "--stream", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(result.stdout)
            megabytes = path.stat().st_size / 1e6
            print(
                f"{row['records']:>10} {megabytes:>8.1f} {row['seconds']:>8} "
                f"{row['per_second']:>10} {row['peak_mib']:>9} "
                f"(after imports: {row['baseline_mib']})"
            )
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
