"""Regenerate the screenshot of the review page that the how-to shows.

Run: ``python scripts/screenshot_report.py [--chromium PATH] [--width 1200] [--output FILE]``
(needs the ``html`` extra, Playwright for Python and a Chromium; the browser is the
system's, named by ``--chromium`` or the ``AIGOVERNANCE_CHROMIUM`` environment variable).

The page of the bundled seed dataset is written to a temporary folder and opened from
disk; a passage is clicked so that the picture shows what it supports. The default
output is ``docs/_static/report.png``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import aigovernance as ag

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "_static" / "report.png"

# A browser that reaches for nothing beyond the page it is given.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chromium", default=os.environ.get("AIGOVERNANCE_CHROMIUM", "/usr/bin/chromium")
    )
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--passage", default="co-hosted by China and Zambia", help="the passage to click"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "report.html"
        page_file.write_text(ag.to_html(ag.datasets.load()), encoding="utf-8")
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=list(CHROMIUM_ARGS)
        )
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(page_file.as_uri())
            passage = page.locator("a.ev", has_text=args.passage).first
            passage.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -180)")
            passage.click()
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
        finally:
            browser.close()
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
