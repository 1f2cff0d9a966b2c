"""Where Debian's Chromium is and how the workbench launches it headless (PDF, browser tests).

Playwright drives the system Chromium (``/usr/bin/chromium``); ``playwright install`` is never run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Flags that work on these machines (see PLATFORM.md): headless, no sandbox (root), no GPU, no
#: background traffic of Chromium's own (updates, sync, safe browsing lists).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

#: Where Debian's package puts it; ``WORKBENCH_CHROMIUM`` overrides.
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")


def chromium_path() -> Path | None:
    """Return the Chromium executable to drive, or None when there is none.

    Returns
    -------
    pathlib.Path or None
        ``$WORKBENCH_CHROMIUM`` if set, else ``/usr/bin/chromium``, else ``chromium`` on the PATH.
    """
    override = os.environ.get("WORKBENCH_CHROMIUM")
    if override:
        path = Path(override)
        return path if path.is_file() else None
    if DEFAULT_CHROMIUM.is_file():
        return DEFAULT_CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None
