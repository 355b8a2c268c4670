"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
opens the report of samples/ offline; the highlighted quotes and speaker names are in the page, and,
driven through the DevTools protocol over a pipe, the French labels render, the table's filter ignores
accents and case, a row's link takes the reader to its passage and speaker labels stay on one line."""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import SAMPLES

from extractor.io.report import render_report, segments, speaker_colours
from extractor.pipeline import to_analysis

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
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


WIRE = "import os, sys; r, w = map(int, sys.argv[1:3]); os.dup2(r, 3); os.dup2(w, 4); os.close(r); os.close(w); " \
       "os.execv(sys.argv[3], sys.argv[3:])"


class Page:
    """One tab of a headless Chromium driven through the DevTools protocol on a pipe (fds 3 and 4 of
    the browser, JSON messages ended by a NUL byte): no websocket, no extra package."""

    def __init__(self, profile: Path, width: int = 1200, height: int = 900) -> None:
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()
        # the browser reads fd 3 and writes fd 4: a small Python puts the pipes there and starts it (the
        # pipes numbered from 10 first, so that moving one cannot close the other)
        read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser))
        command = [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        self.process = subprocess.Popen(
            [sys.executable, "-c", WIRE, str(read), str(write), *command],
            pass_fds=(read, write), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for fd in (to_browser, from_browser, read, write):
            os.close(fd)
        self._buffer, self._id, self._session = b"", 0, None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call one DevTools method and wait for its answer (events in between are dropped)."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                answer = json.loads(raw)
                if answer.get("id") == self._id:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    return answer["result"]
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(method)
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed its pipe")
            self._buffer += chunk

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        for _ in range(200):
            if self.js("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise TimeoutError(url)

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.js(f"""(() => {{const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center"}}); const r = e.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};}})()""")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left", clickCount=1)

    def type(self, selector: str, text: str) -> None:
        """Focus a field, empty it and type ``text`` in it as a user would (input events)."""
        self.js(f"(() => {{const e = document.querySelector({json.dumps(selector)}); e.focus(); e.select();}})()")
        self.send("Input.dispatchKeyEvent", type="keyDown", key="Backspace", code="Backspace", windowsVirtualKeyCode=8)
        self.send("Input.dispatchKeyEvent", type="keyUp", key="Backspace", code="Backspace", windowsVirtualKeyCode=8)
        if text:
            self.send("Input.insertText", text=text)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=30)
        except (RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=30)
        finally:
            os.close(self._out)
            os.close(self._in)


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
