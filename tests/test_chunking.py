"""Documents longer than max_length are analyzed in pieces, offsets into the whole text."""

from __future__ import annotations

import pytest

from extractor.chunking import split_text
from extractor.pipeline import analyze_many, to_analysis


@pytest.mark.parametrize("size", [1, 7, 50, 1000])
def test_pieces_cover_the_text_in_order(size):
    text = "Premier paragraphe.\n\nDeuxième, plus long, paragraphe ici.\nUne ligne.\n\nFin." * 3
    pieces = list(split_text(text, size))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= size for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]


def test_cut_at_paragraph_breaks_first():
    text = "a" * 30 + "\n\n" + "b" * 30 + ". " + "c" * 10
    assert [p for _, p in split_text(text, 50)] == ["a" * 30 + "\n\n", "b" * 30 + ". " + "c" * 10]


def test_long_document_is_analyzed_in_pieces_with_whole_text_offsets(nlp):
    paragraph = (
        "La ministre du Travail, Claire Vasseur, a déclaré que la réforme serait votée avant l'été. "
        "« Nous ne reculerons pas », a-t-elle ajouté.\n\n"
    )
    text = paragraph * 12
    whole = to_analysis(nlp(text), "doc")
    saved = nlp.max_length
    nlp.max_length = len(paragraph) * 3 + 5
    try:
        [pieces] = list(analyze_many([(text, "doc")], nlp))
    finally:
        nlp.max_length = saved
    assert len(pieces.quotes) == len(whole.quotes) == 24
    for q in pieces.quotes:
        assert text[q.start : q.end] == q.text
        assert q.speaker == "Claire Vasseur"
    [vasseur] = [e for e in pieces.entities if e.name == "Claire Vasseur"]
    assert len(vasseur.mentions) == 12
    assert any("analyzed in 4 pieces" in w for w in pieces.warnings)


def test_a_text_without_line_breaks_is_cut_at_a_sentence_end_outside_quotation_marks():
    from extractor.chunking import split_text

    quotation = "« Phrase une. Phrase deux. Phrase trois. Phrase quatre. »"
    text = "Le maire a parlé. " * 20 + quotation + " a-t-il dit. " + "Fin du texte. " * 10
    pieces = list(split_text(text, 420))
    assert "".join(p for _, p in pieces) == text and len(pieces) > 1
    assert any(quotation in p for _, p in pieces)  # whole in one piece, not cut after "Phrase deux."
