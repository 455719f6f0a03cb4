"""The system's Chromium, driven by Playwright for Python, for the report's browser tests.

The browser is the one the system installs (``/usr/bin/chromium`` or ``chromium`` on
the path, or the one ``AIGOVERNANCE_CHROMIUM`` names); Playwright's own download is
never used. Without it the browser tests fail, saying why, unless
``AIGOVERNANCE_SKIP_BROWSER`` is set to anything but empty: then they are skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Final

SKIP: Final = "AIGOVERNANCE_SKIP_BROWSER"
CHROMIUM: Final = "AIGOVERNANCE_CHROMIUM"

# A browser that reaches for nothing beyond the page it is given.
ARGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str | None:
    """The path of the Chromium to drive, or None if there is none."""
    named = os.environ.get(CHROMIUM)
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (it is in the test extra)"
    if chromium() is None:
        return (
            "no Chromium found: install the system's package (apt-get install chromium) "
            f"or name one in {CHROMIUM}"
        )
    return None
