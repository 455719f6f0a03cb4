"""The review page at scale: writing it for 10,000 records, and using it in Chromium.

Run: ``python benchmarks/bench_report.py [--records 10000] [--rounds 3] [--chromium PATH]``
(needs the ``html`` extra; the browser steps need Playwright for Python and the
system's Chromium, and are left out with ``--no-browser``).

The dataset clones the seed dataset's 76 records until there are at least
``--records`` of them (each clone's ids get a suffix, so every copy is distinct and its
references stay whole; the sources are shared, so the seed's text carries every
copy's spans). Measured:

* ``aigovernance report``: the whole command in a fresh process, reading the dataset
  from a JSON file and writing the page (wall-clock time, the figure a user waits);
* ``to_html``: the page made from the dataset in memory (process CPU time), beside
  ``to_json`` of the same dataset in the same run, the peer for the ratio;
* in Chromium, the page opened from disk: the time until it is loaded (the ``load``
  event), and the time from a click on a passage (the one supported by most evidence)
  until the browser has drawn what it supports, and from a click on a reference until
  the card it names is in view.

The goal is a page written in under 10 s for 10,000 records, that stays usable: a
click answered within a tenth of a second, as a reader feels it as immediate.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aigovernance as ag

_ID = re.compile(
    r'"((?:event|person|state|organization|group|post|statement|'
    r'principle-set|commitment|instrument):[^"]+)"'
)

ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def cloned(count: int) -> ag.Dataset:
    """At least ``count`` records cloned from the seed, with the seed's sources."""
    seed = ag.datasets.load()
    lines = [ag.to_json(record) for record in seed.records]
    records: list[ag.Record] = []
    copy = 0
    while len(records) < count:
        renamed = rf'"\1-c{copy}"'
        records.extend(ag.from_json(_ID.sub(renamed, line), ag.Record) for line in lines)
        copy += 1
    return ag.Dataset(
        id="seed-cloned",
        title=f"The seed dataset, cloned to {len(records):,} records",
        version="1",
        sources=seed.sources,
        records=tuple(records),
    )


def best_cpu(work: Any, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def best_wall(command: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True)
        best = min(best, time.perf_counter() - start)
    return best


# Click the element, then wait for two animation frames: the second one starts only
# once the browser has drawn what the click changed.
_CLICK = """async (selector) => {
  const target = document.querySelector(selector);
  const start = performance.now();
  target.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
}"""

# The passage that the most citations cover.
_BUSIEST = """() => {
  let best = null, most = -1;
  document.querySelectorAll("a.ev").forEach((a, i) => {
    const n = a.dataset.c.split(" ").length;
    if (n > most) { most = n; best = i; }
  });
  document.querySelectorAll("a.ev")[best].id = "bench-busiest";
  return most;
}"""


def browser_figures(page_file: Path, chromium: str, rounds: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    loads, clicks, follows, closing = [], [], [], []
    most = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(ARGS))
        try:
            for _ in range(rounds):
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.goto(page_file.as_uri(), wait_until="load", timeout=300_000)
                loads.append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                )
                most = page.evaluate(_BUSIEST)
                clicks.append(page.evaluate(_CLICK, "#bench-busiest"))
                closing.append(page.evaluate(_CLICK, "#panel-close"))
                page.evaluate(
                    "document.querySelector('article.card:last-of-type a.ref')"
                    ".setAttribute('id', 'bench-ref')"
                )
                follows.append(page.evaluate(_CLICK, "#bench-ref"))
                page.close()
        finally:
            browser.close()
    return {
        "load": min(loads),
        "click": min(clicks),
        "close": min(closing),
        "follow": min(follows),
        "covering": most,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)

    dataset = cloned(args.records)
    count = len(dataset.records)
    citations = sum(len(dataset.supported_by(s.id)) for s in dataset.sources)
    print(f"{count:,} records, {citations:,} pieces of evidence")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "cloned.json"
        ag.write(dataset, data)
        page_file = Path(folder) / "report.html"
        command = [sys.executable, "-m", "aigovernance", "report", str(data), "-o", str(page_file)]
        wall = best_wall(command, args.rounds)
        size = page_file.stat().st_size
        print(
            f"aigovernance report: {wall:.2f} s wall clock (goal: under 10 s), {size / 1e6:.1f} MB"
        )

        html = best_cpu(lambda: ag.to_html(dataset), args.rounds)
        peer = best_cpu(lambda: ag.to_json(dataset), args.rounds)
        print(f"to_html: {html:.2f} s CPU; to_json of the same: {peer:.2f} s; {html / peer:.1f}x")

        if not args.no_browser:
            figures = browser_figures(page_file, args.chromium, args.rounds)
            print(f"Chromium, page loaded: {figures['load'] / 1000:.2f} s")
            print(
                f"click on the passage covered by most evidence ({figures['covering']:,.0f} "
                f"citations) to drawn: {figures['click']:.0f} ms (goal: under 100 ms)"
            )
            print(f"closing the panel: {figures['close']:.0f} ms")
            print(f"following a reference to its card: {figures['follow']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
