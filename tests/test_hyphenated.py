"""Hyphenated pronouns stay one token (extractor/nlp/hyphenated.py), so that the parser and coreference
see "Celle-ci", not "Celle", "-", "ci"."""

from __future__ import annotations

import pytest
import spacy

from extractor.nlp.hyphenated import keep_hyphenated_words


@pytest.mark.parametrize("word", ["Celle-ci", "celle-ci", "Ceux-ci", "ceux-ci", "Celui-là", "celles-là", "Peut-être", "Lui-même"])
def test_one_token_in_the_pipeline(nlp, word):
    assert [t.text for t in nlp.tokenizer(f"{word} a déclaré")] == [word, "a", "déclaré"]


def test_a_blank_french_tokenizer_cuts_them_and_keeps_them_after():
    nlp = spacy.blank("fr")
    assert len(nlp("Celle-ci")) == 3 and len(nlp("ceux-ci")) == 3
    keep_hyphenated_words(nlp)
    assert len(nlp("Celle-ci")) == 1 and len(nlp("ceux-ci")) == 1
    assert [t.text for t in nlp("Jean-Pierre est là-bas.")] == [t.text for t in spacy.blank("fr")("Jean-Pierre est là-bas.")]


def test_a_demonstrative_opening_a_sentence_speaks_for_the_one_it_points_to(analyze_text):
    analysis = analyze_text("Le maire soutiendra son adjointe, Julie Mercier. Celle-ci s'est dite « très honorée ».")
    (quote,) = analysis.quotes
    assert (quote.speaker, quote.speaker_mention) == ("Julie Mercier", "Celle-ci")
