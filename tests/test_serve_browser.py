"""`extractor serve` in a real browser: a uvicorn server on 127.0.0.1 (a free port, in a thread) and
headless Chromium (Debian's `chromium`) driven by Playwright for Python, as a journalist uses it:
paste an article and see the statements highlighted with their speakers (coloured by the page's own
script, under the Content-Security-Policy), check a claim, search the database, open a speaker's page, read
the API's page (Swagger UI, served by the server itself)."""

from __future__ import annotations

import time
from typing import Iterator

import pytest
from conftest import SAMPLES
from chromium import CHROMIUM, Page, serving

from extractor.io.database import QuoteDatabase
from extractor.records import Document
from extractor.run.batch import store_corpus
from extractor.serve import Settings, create_app

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
ARTICLE = ("« Nous ne reculerons pas », a déclaré Élisabeth Borne, Première ministre, devant les députés.\n\n"
           "Selon la CGT, la mobilisation « ne faiblira pas », a affirmé Sophie Binet.\n")


@pytest.fixture(scope="module")
def server(nlp, tmp_path_factory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("serve-browser") / "quotes.db"
    docs = [Document(f"samples/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    with QuoteDatabase(path) as db:
        store_corpus(docs, nlp, db)
    with serving(create_app(Settings(db=str(path)), nlp=nlp)) as address:
        yield address


@pytest.fixture(scope="module")
def page(server, tmp_path_factory) -> Iterator[Page]:
    browser = Page(tmp_path_factory.mktemp("profile"))
    try:
        yield browser
    finally:
        browser.close()


def wait_for(page: Page, path: str) -> None:
    """Until the browser has loaded the page at ``path`` (after a form was sent)."""
    for _ in range(600):
        if page.js("location.pathname") == path and page.js("document.readyState") == "complete":
            return
        time.sleep(0.05)
    raise TimeoutError(path)


def test_paste_an_article_and_see_who_said_what(page, server):
    page.open(f"{server}/")
    assert page.js("document.documentElement.lang") == "fr"
    page.type("#text", ARTICLE)
    page.click("#go")
    wait_for(page, "/analyse")
    speakers = page.js("Array.from(document.querySelectorAll('.article mark.quote .speaker')).map(s => s.innerText)")
    assert "Élisabeth Borne" in speakers
    marks = page.js("""Array.from(document.querySelectorAll('.article mark.quote.direct')).map(m => ({
        text: m.innerText, bg: getComputedStyle(m).backgroundColor}))""")
    assert any("Nous ne reculerons pas" in m["text"] for m in marks)
    # the speaker's colour, painted by static/app.js: the CSP let the page's own script run
    assert all(m["bg"] not in ("rgb(224, 224, 224)", "rgba(0, 0, 0, 0)") for m in marks if "Borne" in m["text"])
    rows = page.js("Array.from(document.querySelectorAll('table.quotes tbody tr')).map(r => r.innerText)")
    assert any("Élisabeth Borne" in r and "Nous ne reculerons pas" in r for r in rows)
    assert page.js("document.querySelectorAll('#exports a').length") == 3


def test_check_a_claim(page, server):
    page.open(f"{server}/verifier")
    page.type("#claim", "Nous ne reculerons jamais")
    page.type("#speaker", "Vasseur")
    page.click("#check")
    # the form is sent to /verifier itself: wait for the answer's page, not for the path
    for _ in range(400):
        if "claim=" in page.js("location.search") and page.js("document.querySelector('#verdict strong') !== null"):
            break
        time.sleep(0.05)
    wait_for(page, "/verifier")
    assert page.js("document.querySelector('#verdict strong').dataset.verdict") == "altered"
    assert page.js("document.querySelector('#verdict strong').innerText") == "déformée"
    assert "pas" in page.js("Array.from(document.querySelectorAll('mark.diff')).map(m => m.innerText)")
    page.click("table.matches tbody tr:first-child td:last-child a")
    wait_for(page, "/base/document")
    assert page.js("document.querySelector('#cible .speaker').innerText") == "Claire Vasseur"


def test_search_the_database_and_open_a_speaker(page, server):
    page.open(f"{server}/base")
    page.type("#q", "reculer")
    page.click("#search")
    for _ in range(200):
        if "reculer" in page.js("location.search"):
            break
        time.sleep(0.05)
    wait_for(page, "/base")
    rows = page.js("Array.from(document.querySelectorAll('table.found tbody tr')).map(r => r.innerText)")
    assert rows and any("Claire Vasseur" in r for r in rows)
    page.click("table.found tbody tr:first-child a.speaker-link")
    wait_for(page, "/base/locuteur")
    assert page.js("document.querySelector('#speaker-name').innerText") == "Claire Vasseur"
    assert page.js("document.querySelectorAll('table.found tbody tr').length") >= 1
    # the samples have no dates: one row, undated, of all her statements and the corpus's
    assert page.js("Array.from(document.querySelectorAll('table.timeline tbody th')).map(t => t.innerText)") == ["sans date"]


def test_the_api_page_works_offline(page, server):
    """/docs: Swagger UI from this server only, started by its own script under the page's policy: the
    operations are drawn, one can be tried, and nothing was loaded from elsewhere or blocked."""
    page.send("Page.enable")
    watcher = page.send("Page.addScriptToEvaluateOnNewDocument", source=(
        "window.blocked = []; document.addEventListener('securitypolicyviolation',"
        " e => window.blocked.push(e.violatedDirective + ' ' + e.blockedURI));"))
    try:
        page.open(f"{server}/docs")
        for _ in range(400):
            if "/api/analyze" in page.js("document.body.innerText"):
                break
            time.sleep(0.05)
        operations = page.js("Array.from(document.querySelectorAll('.opblock-summary-path')).map(e => e.innerText)")
        assert {"/api/health", "/api/analyze", "/api/check", "/api/quotes"} <= {o.strip() for o in operations}
        page.click("#operations-api-health_api_health_get .opblock-summary-control")
        for selector in (".try-out__btn", ".execute"):
            for _ in range(100):
                if page.js(f"document.querySelector({selector!r}) !== null"):
                    break
                time.sleep(0.05)
            page.click(selector)
        for _ in range(200):
            answer = page.js("(document.querySelector('.live-responses-table .microlight') || {}).innerText || ''")
            if answer:
                break
            time.sleep(0.05)
        assert '"status": "ok"' in answer
        loaded = page.js("performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded and all(url.startswith(server) for url in loaded), loaded
        assert page.js("window.blocked") == []
    finally:
        page.send("Page.removeScriptToEvaluateOnNewDocument", identifier=watcher["identifier"])
