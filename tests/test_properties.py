"""Properties that hold for any input: no exception, offsets into the text, the same output twice."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.nlp.marks import find_marked_spans
from extractor.pipeline import to_analysis

MARKS = ["«", "»", "“", "”", '"', "‹", "›", "„", "'", "’"]
SPACES = [" ", "\u00a0", "\u202f", "\n", "\n\n", "\t"]
WORDS = [
    "a", "déclaré", "Élisabeth", "Borne", "estime", "la", "CGT", "que", "selon", "d'après", "-t-il",
    "ajouté", "il", "elle", "ils", "le", "ministre", "porte-parole", "M.", "Mme", "Macron", ",", ".", ":",
    "(", ")", "—", "qui", "l’OTAN", "Partager", "sur", "Facebook", "LIRE", "AUSSI", "pour", "de", "fait",
    "savoir", "valoir", "a-t-elle", "précisé", "Nous", "ne", "reculerons", "pas", "X", "123",
]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(SPACES), st.text(max_size=4))
french_like = st.lists(token, max_size=60).map(lambda parts: " ".join(parts))
any_text = st.one_of(french_like, st.text(max_size=300))


def check(analysis, text):
    for quote in analysis.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        assert quote.type in ("direct", "partial", "indirect")
        assert 0.0 <= quote.confidence <= 1.0
    for entity in analysis.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_quote_marks_never_fail_and_stay_in_the_text(text):
    spans, warnings = find_marked_spans(text)
    for s in spans:
        assert 0 <= s.open < s.start <= s.end <= s.close < len(text)
    # a warning names the unclosed or stray mark and its offset, and that offset holds a quotation mark
    for w in warnings:
        found = re.match(r"(unclosed|stray) (\S) at offset (\d+) (dropped|ignored)", w)
        assert found is not None, w
        assert text[int(found.group(3))] in "«»“”‹›\""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_pipeline_never_fails_offsets_hold_and_output_is_stable(nlp, text):
    first = to_analysis(nlp(text), "doc")
    check(first, text)
    assert to_analysis(nlp(text), "doc") == first
