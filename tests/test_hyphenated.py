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


@pytest.mark.parametrize("name", ["Côtes-d'Armor", "Fontenay-d'Avril", "Saint-Ouen-l'Aumône", "Villers-l’Orme"])
def test_a_name_with_an_elided_article_after_a_hyphen_is_one_token(nlp, name):
    assert [t.text for t in nlp.tokenizer(f"la préfecture des {name}, dit-il")] == ["la", "préfecture", "des", name, ",", "dit", "-il"]


@pytest.mark.parametrize("text", ["la main-d'œuvre", "Lui-d'abord", "aujourd'hui", "Jean-Pierre d'Ormesson", "l'Armor"])
def test_words_that_are_no_such_name_are_cut_as_before(text):
    before = [t.text for t in spacy.blank("fr")(text)]
    nlp = spacy.blank("fr")
    keep_hyphenated_words(nlp)
    keep_hyphenated_words(nlp)  # twice: the pattern is added once
    assert [t.text for t in nlp(text)] == before
    assert nlp.tokenizer.token_match.__self__.pattern.count("(?-i:") == 1


def test_the_speaker_named_after_such_a_place_is_whole(analyze_text):
    analysis = analyze_text("La circulation sera perturbée sur la RN 12, a indiqué la préfecture des Côtes-d'Armor.")
    (quote,) = analysis.quotes
    assert quote.speaker == "préfecture des Côtes-d'Armor"
    assert any(e.name == "Côtes-d'Armor" and e.label == "LOC" for e in analysis.entities)
