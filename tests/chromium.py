"""Debian's `chromium`, headless, driven by Playwright for Python (the system browser as its executable:
nothing is downloaded), and the web app served to it. Shared by the browser tests (the report, the web
app) and docs/screenshots.py."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# this machine's network is closed: no background connections, no component updates (each start would
# try them, and fail, many at a time)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class Page:
    """One tab of its own browser: open a URL, run JavaScript, type and click as a user does; ``send``
    speaks the DevTools protocol for what Playwright does not cover the same way (emulation, screenshots)."""

    def __init__(self, profile: Path, width: int = 1200, height: int = 900) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._context = self._playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS[1:], headless=True,
            viewport={"width": width, "height": height},
        )
        self.page = self._context.pages[0] if self._context.pages else self._context.new_page()
        self._cdp = self._context.new_cdp_session(self.page)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools method, its answer."""
        return self._cdp.send(method, params)  # type: ignore[no-any-return]

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        return self.page.evaluate(expression)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        self.page.click(selector)

    def type(self, selector: str, text: str) -> None:
        """Empty a field and type ``text`` in it (the input events a user's typing fires)."""
        self.page.fill(selector, text)

    def close(self) -> None:
        try:
            self._context.close()
        finally:
            self._playwright.stop()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread, on a free port of 127.0.0.1: its address, while it runs."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=30)
