"""The README's pictures of ``extractor serve``, taken again: docs/serve-*.png.

Usage (from the repository root, Debian's chromium installed):
    .venv/bin/python docs/screenshots.py

A quote database of ``samples/`` in a temporary folder, the web app on a free port of 127.0.0.1 (the
pipeline loaded once), and headless Chromium driven by Playwright as the browser tests drive it (tests/chromium.py):
the Analyse page with the first sample pasted, a claim checked on Vérifier, a search on Base, a speaker's
page and a document's page, each at 1200 × 900.
"""

from __future__ import annotations

import base64
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Page, serving  # noqa: E402

from extractor.io.database import QuoteDatabase  # noqa: E402
from extractor.pipeline import load_pipeline  # noqa: E402
from extractor.records import Document  # noqa: E402
from extractor.run.batch import store_corpus  # noqa: E402
from extractor.serve import Settings, create_app  # noqa: E402

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def _wait(page: Page, expression: str) -> None:
    for _ in range(600):
        if page.js(expression):
            return
        time.sleep(0.05)
    raise TimeoutError(expression)


def _shoot(page: Page, name: str) -> None:
    time.sleep(0.3)  # the page's script colours the speakers
    data = page.send("Page.captureScreenshot", format="png")["data"]
    (ROOT / "docs" / f"serve-{name}.png").write_bytes(base64.b64decode(data))
    print(f"docs/serve-{name}.png")


def main() -> None:
    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quotes.db"
        with QuoteDatabase(path) as db:
            store_corpus([Document(f"samples/{p.name}", p.read_text(encoding="utf-8")) for p in SAMPLES], nlp, db)
        with serving(create_app(Settings(db=str(path)), nlp=nlp)) as base:
            _pictures(base, Path(folder) / "profile")


def _pictures(base: str, profile: Path) -> None:
    """The five pages, each taken once it has drawn what it shows."""
    page = Page(profile, 1200, 900)
    try:
        page.open(f"{base}/")
        page.type("#text", SAMPLES[0].read_text(encoding="utf-8"))
        page.click("#go")
        _wait(page, "location.pathname === '/analyse' && document.querySelector('.article') !== null")
        page.js("document.querySelector('#exports').scrollIntoView()")  # the highlighted article
        _shoot(page, "analyse")
        page.open(f"{base}/verifier?claim={quote('Nous ne reculerons jamais')}&speaker=Vasseur")
        _wait(page, "document.querySelector('#verdict strong') !== null")
        _shoot(page, "verifier")
        page.open(f"{base}/base?type=direct")
        _shoot(page, "base")
        page.open(f"{base}/base/locuteur?nom={quote('Claire Vasseur')}")
        _shoot(page, "locuteur")
        page.open(f"{base}/base/document?id={quote('samples/' + SAMPLES[0].name)}")
        _shoot(page, "document")
    finally:
        page.close()


if __name__ == "__main__":
    main()
