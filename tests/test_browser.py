"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
opens the report of samples/ offline; the highlighted quotes and speaker names are in the page, and,
driven by Playwright for Python, the French labels render, the table's filter ignores
accents and case, a row's link takes the reader to its passage and speaker labels stay on one line."""

from __future__ import annotations

import subprocess
import time
import unicodedata
from typing import Iterator

import pytest
from conftest import SAMPLES
from chromium import CHROMIUM, FLAGS, Page

from extractor.io.report import render_report, segments, speaker_colours
from extractor.pipeline import to_analysis

# an article with an accented quote, for the filter
EXTRA = ("« Le prix de l’énergie est beaucoup trop élevé pour nos ateliers », a déclaré Hélène Durand, présidente "
         "de la chambre des métiers.\n\nSelon elle, les artisans « n’en peuvent plus ».\n")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def report(nlp, tmp_path_factory):
    docs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append((text, to_analysis(nlp(text), f"samples/{path.name}")))
    docs.append((EXTRA, to_analysis(nlp(EXTRA), "energie.txt")))
    target = tmp_path_factory.mktemp("report") / "report.html"
    target.write_text(render_report(docs), encoding="utf-8")
    return target, docs


@pytest.fixture(scope="module")
def page(report, tmp_path_factory) -> Iterator[Page]:
    browser = Page(tmp_path_factory.mktemp("profile"))
    try:
        browser.open(report[0].as_uri())
        yield browser
    finally:
        browser.close()


def fold(text: str) -> str:
    """What the filter compares: no accents, lower case."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


VISIBLE_ROWS = "Array.from(document.querySelectorAll('#quotes tbody tr')).filter(r => r.offsetParent !== null)"


def test_report_opens_offline_with_highlights_and_speakers(report, tmp_path):
    path, docs = report
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    quotes = sum(len(a.quotes) for _, a in docs)
    # every quote the report lays out is highlighted (a fragment inside a clause is drawn with its
    # clause; a quotation over several paragraphs, once per paragraph)
    colours = speaker_colours(q.speaker for _, a in docs for q in a.quotes if q.speaker)
    drawn = sum(seg.kind == "quote" for text, a in docs for paragraph in segments(text, a, colours) for seg in paragraph)
    assert dom.count('<mark class="quote') == drawn and drawn >= quotes / 2
    for name in ("Claire Vasseur", "Lars Henriksen", "Josep Morell"):
        assert f'<span class="speaker">{name}</span>' in dom
    assert dom.count("<tr>") >= quotes  # the table of all quotes, after its script ran


def test_the_french_labels_render(page):
    assert page.js("document.documentElement.lang") == "fr"
    assert page.js("document.querySelector('h1').innerText") == "Qui a dit quoi"
    headings = page.js("Array.from(document.querySelectorAll('section > h2')).map(h => h.innerText)")
    assert headings == ["Qui est cité", "Femmes, hommes, groupes", "Toutes les citations"]
    columns = page.js("Array.from(document.querySelectorAll('#quotes th')).map(h => h.innerText)")
    assert columns == ["Article", "Locuteur", "Citation", "Type", "Verbe", "Confiance", "Statut"]
    types = set(page.js("Array.from(document.querySelectorAll('#quotes tbody tr')).map(r => r.cells[3].innerText)"))
    assert types <= {"citation directe", "citation partielle", "discours indirect"} and "discours indirect" in types
    assert page.js("document.querySelector('label[for=filter]').innerText") == "Filtrer"


def test_the_filter_ignores_accents_and_case(page):
    total = page.js(f"{VISIBLE_ROWS}.length")
    for typed in ("eleve", "ELEVE", "élevé", "Helene DURAND"):
        page.type("#filter", typed)
        rows = page.js(f"{VISIBLE_ROWS}.map(r => r.innerText)")
        assert rows and any("élevé" in r for r in rows) and len(rows) < total, typed
        assert all(fold(typed) in fold(r) for r in rows), typed
    page.type("#filter", "")
    assert page.js(f"{VISIBLE_ROWS}.length") == total


def test_a_row_links_to_its_passage(page):
    page.type("#filter", "")
    href = page.js("document.querySelector('#quotes tbody tr:nth-child(3) a').getAttribute('href')")
    assert href.startswith("#doc-")
    page.click("#quotes tbody tr:nth-child(3) a")
    for _ in range(40):
        if page.js("location.hash") == href:
            break
        time.sleep(0.05)
    target = page.js("""(() => {const t = document.querySelector(':target'); const r = t.getBoundingClientRect();
        return {id: t.id, tag: t.tagName, cls: t.className, top: r.top, bottom: r.bottom, height: innerHeight,
                outline: getComputedStyle(t).outlineStyle};})()""")
    assert "#" + target["id"] == href and target["tag"] == "MARK" and target["cls"].startswith("quote")
    assert 0 <= target["top"] and target["bottom"] <= target["height"]  # scrolled to: in view
    assert target["outline"] == "solid"  # and marked out
    row_text = page.js("document.querySelector('#quotes tbody tr:nth-child(3) td:nth-child(3)').innerText")
    assert row_text.strip()[:20] in page.js("document.querySelector(':target').parentElement.innerText")


def test_speaker_labels_stay_on_one_line(page):
    page.send("Emulation.setDeviceMetricsOverride", width=360, height=800, deviceScaleFactor=1, mobile=False)
    try:
        page.js("window.scrollTo(0, 0)")
        labels = page.js("""Array.from(document.querySelectorAll('.speaker')).map(s => ({
            text: s.innerText, lines: s.getClientRects().length, white: getComputedStyle(s).whiteSpace}))""")
        multiword = [s for s in labels if " " in s["text"]]
        assert multiword and all(s["white"] == "nowrap" for s in labels)
        assert [s["text"] for s in labels if s["lines"] != 1] == []
    finally:
        page.send("Emulation.clearDeviceMetricsOverride")


def test_screenshot(report, tmp_path):
    path, _ = report
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
         f"--screenshot={shot}", path.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    empty = tmp_path / "blank.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
         f"--screenshot={empty}", blank.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1200, 1600)  # IHDR
    # a page of text, colours and tables compresses far worse than a blank one
    assert len(png) > 10 * empty.stat().st_size
