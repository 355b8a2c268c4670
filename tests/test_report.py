"""The HTML report: highlights, speakers, summary, escaping; no network."""

from __future__ import annotations

from extractor.io.report import render_report, speaker_colours, summary
from extractor.records import Analysis, Entity, Mention, Quote

TEXT = "« Nous tiendrons <b>bon</b> », a déclaré Claire Vasseur.\n\nLa CGT estime que la réforme est injuste."


def quote(text, qtype, speaker):
    start = TEXT.index(text)
    return Quote(text, start, start + len(text), qtype, speaker, speaker, "PER", None, "déclarer", 0.9)


ANALYSIS = Analysis(
    "a.txt",
    (Entity("Claire Vasseur", "PER", (Mention(TEXT.index("Claire"), TEXT.index("Claire") + 14, "Claire Vasseur"),)),
     Entity("CGT", "ORG", (Mention(TEXT.index("CGT"), TEXT.index("CGT") + 3, "CGT"),))),
    (quote("Nous tiendrons <b>bon</b>", "direct", "Claire Vasseur"),
     quote("que la réforme est injuste", "indirect", "CGT")),
)


def test_report_highlights_quotes_names_speakers_and_escapes_text():
    html = render_report([(TEXT, ANALYSIS)])
    assert "<b>bon</b>" not in html and "&lt;b&gt;bon&lt;/b&gt;" in html  # the article's text is escaped
    assert html.count('<mark class="quote direct"') == 1 and html.count('<mark class="quote indirect"') == 1
    assert '<span class="speaker">Claire Vasseur</span>' in html and '<span class="speaker">CGT</span>' in html
    assert '<span class="mention PER" title="Claire Vasseur (PER)">Claire Vasseur</span>' in html
    assert "http://" not in html and "https://" not in html and "<link" not in html  # self-contained


def test_summary_counts_marked_and_indirect_per_speaker():
    assert summary([ANALYSIS]) == [
        {"speaker": "CGT", "marked": 0, "indirect": 1, "total": 1},
        {"speaker": "Claire Vasseur", "marked": 1, "indirect": 0, "total": 1},
    ]


def test_each_speaker_has_its_own_colour():
    colours = speaker_colours(["A", "B", "C", "A"])
    assert len(set(colours.values())) == 3 and set(colours) == {"A", "B", "C"}


def test_the_report_says_how_each_statement_is_reported():
    from dataclasses import replace

    from extractor.io.report import reported

    q = quote("que la réforme est injuste", "indirect", "CGT")
    assert reported(q) == "—"
    assert reported(replace(q, hearsay=True, via="Le Parisien", conditional=True)) == "via Le Parisien, conditional"
    assert reported(replace(q, negated=True, question=True)) == "denied, question"
