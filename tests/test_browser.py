"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
opens the report of samples/ offline and the highlighted quotes and speaker names are in the page."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import SAMPLES

from extractor.io.report import render_report, segments, speaker_colours
from extractor.pipeline import to_analysis

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def report(nlp, tmp_path_factory):
    docs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append((text, to_analysis(nlp(text), f"samples/{path.name}")))
    target = tmp_path_factory.mktemp("report") / "report.html"
    target.write_text(render_report(docs), encoding="utf-8")
    return target, docs


def test_report_opens_offline_with_highlights_and_speakers(report, tmp_path):
    path, docs = report
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    quotes = sum(len(a.quotes) for _, a in docs)
    # every quote the report lays out is highlighted (a fragment inside a clause is drawn with its
    # clause; a quotation over several paragraphs, once per paragraph)
    colours = speaker_colours(q.speaker or "speaker unknown" for _, a in docs for q in a.quotes)
    drawn = sum(seg.kind == "quote" for text, a in docs for paragraph in segments(text, a, colours) for seg in paragraph)
    assert dom.count('<mark class="quote') == drawn and drawn >= quotes / 2
    for name in ("Claire Vasseur", "Lars Henriksen", "Josep Morell"):
        assert f'<span class="speaker">{name}</span>' in dom
    assert dom.count("<tr>") >= quotes  # the table of all quotes, after its script ran


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
