"""Real-browser test harness: Debian's Chromium driven by Playwright, the network watched.

Use :func:`chromium` (a context manager yielding a fresh persistent browser context) and
:func:`open_offline` (opens one URL, counts every request, aborts all others). Tests using it are
marked ``browser``: they skip when Chromium is missing, except in CI (``CI`` set) where they fail.
``playwright install`` is never run: ``make chromium`` installs Debian's package instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench._chromium import CHROMIUM_ARGS, chromium_path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_chromium() -> Path:
    """Return the Chromium executable; skip (fail in CI) when it is missing."""
    path = chromium_path()
    if path is not None:
        return path
    reason = "Chromium not found at /usr/bin/chromium: run `make chromium` (apt-get installs it)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; browser tests must run in CI")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[object]:
    """Yield a Playwright ``BrowserContext`` of a fresh headless Chromium (own user-data-dir)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra has it
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with tempfile.TemporaryDirectory(prefix="workbench-chromium-") as profile:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS)
            )
            try:
                yield context
            finally:
                context.close()


@dataclass
class PageLog:
    """Everything a page did: requests (all counted), dialogs, console messages, page errors."""

    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_offline(
    context: object, url: str, *, allow: tuple[str, ...] = ()
) -> tuple[object, PageLog]:
    """Open ``url`` in a new page with every other request aborted and everything recorded.

    Requests are counted with ``page.on("request")`` (data: URIs are not requests) and routed with
    ``page.route("**/*")``; dialogs are recorded and dismissed.

    Parameters
    ----------
    context
        A Playwright browser context (from :func:`chromium`).
    url
        The page to open (the only request allowed, with ``allow``).
    allow
        Prefixes of further URLs that may load (e.g. ``"http://127.0.0.1:8866/"`` for a local
        app); everything else is aborted and recorded in ``PageLog.aborted``.

    Returns
    -------
    tuple
        The Playwright page and its :class:`PageLog`.
    """
    log = PageLog()
    page = context.new_page()

    def route(route: object) -> None:
        if route.request.url == url or route.request.url.startswith(tuple(allow)):
            route.continue_()
        else:
            log.aborted.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda message: log.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: log.errors.append(str(error)))

    def on_dialog(dialog: object) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let anything deferred (timers, lazy images) have its chance
    return page, log


def screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot to ``tests/artifacts/NAME.png`` (git-ignored) and return it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
