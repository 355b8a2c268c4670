"""Entity clean-up and merging, on hand-built Docs (no model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from extractor.nlp.entities import clean_entities, cluster_entities, furniture_lines
from extractor.nlp.first_names import keep_names_whole


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("fr").vocab


def make_doc(vocab, words, ents):
    """``ents``: (start token, end token, label)."""
    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def names(doc):
    return [(c.name, c.label, len(c.mentions)) for c in cluster_entities(clean_entities(doc))]


def test_elided_article_is_not_part_of_the_name(vocab):
    doc = make_doc(vocab, ["Il", "critique", "l’", "OTAN", "et", "d'", "EDF", "."], [(2, 4, "ORG"), (5, 7, "ORG")])
    assert [s.text for s in clean_entities(doc)] == ["OTAN", "EDF"]


def test_title_is_not_part_of_a_person(vocab):
    doc = make_doc(vocab, ["Selon", "M.", "Macron", ",", "Mme", "Borne", "a", "tort", "."], [(1, 3, "PER"), (4, 6, "PER")])
    assert [s.text for s in clean_entities(doc)] == ["Macron", "Borne"]


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # the recognizer took "Prudence", "Marine" for words and found the family name alone, or nothing
    ("Prudence Lévy a dit non .", [(1, 2, "PER")], ["Prudence Lévy"]),
    ("Marine Le Pen a dénoncé une trahison .", [(1, 3, "PER")], ["Marine Le Pen"]),
    ("Selon Constance Le Grip , c' est faux .", [], ["Constance Le Grip"]),
    ("Selon Constance Le Grip , c' est faux .", [(3, 4, "PER")], ["Constance Le Grip"]),
    # not a first name, or not one French usage gives to one sex, or not before a name
    ("La Marine nationale a tiré .", [], []),
    ("Les Bleus ont gagné .", [], []),
    ("Mais Sulston est connu .", [(1, 2, "PER")], ["Sulston"]),
    ("Claude Lévy a dit non .", [(1, 2, "PER")], ["Lévy"]),
    ("Marine Le Havre a gagné .", [(1, 3, "LOC")], ["Le Havre"]),
    ("Victoire La Rochelle !", [(1, 3, "LOC")], ["La Rochelle"]),
])
def test_a_first_name_completes_the_person_after_it(vocab, words, ents, expected):
    doc = make_doc(vocab, words.split(), ents)
    assert [s.text for s in clean_entities(doc)] == expected


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # "Rose-Marie", "Anne-Sophie": the tokenizer cuts a compound first name it does not know
    ("Rose - Marie Abadie a dit non .", [(2, 4, "PER")], ["Rose-Marie Abadie"]),
    ("Anne - Sophie Lapix a dit non .", [(0, 1, "PER"), (2, 4, "PER")], ["Anne-Sophie Lapix"]),
    # not a first name before the hyphen; a place after it (joined as a place, by the hyphen rule below)
    ("Nord - Marie Abadie a dit non .", [(2, 4, "PER")], ["Marie Abadie"]),
    ("Rose - Lyon a gagné .", [(2, 3, "LOC")], ["Rose-Lyon"]),  # a place glued to a word: one place, no person
])
def test_a_compound_first_name_cut_by_the_tokenizer_is_one_name(vocab, words, ents, expected):
    split = words.split()
    spaces = [not (w == "-" or (k + 1 < len(split) and split[k + 1] == "-")) for k, w in enumerate(split)]
    doc = Doc(vocab, words=split, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    assert [s.text for s in clean_entities(doc)] == expected


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # a hyphenated name the tokenizer cut, the recognizer taking one half
    ("le Royaume - Uni a voté .", [(1, 2, "LOC")], ["Royaume-Uni"]),
    ("les Deux - Sèvres ont voté .", [(3, 4, "LOC")], ["Deux-Sèvres"]),
    ("en Papouasie - Nouvelle - Guinée hier .", [(1, 2, "LOC")], ["Papouasie-Nouvelle-Guinée"]),
    # spaced: two names, and a person's first name is not this rule's
    ("France - Allemagne hier .", [(0, 1, "LOC"), (2, 3, "LOC")], ["France", "Allemagne"]),
    ("Jean - Pierre a dit .", [(0, 1, "PER")], ["Jean"]),
])
def test_a_hyphenated_name_cut_by_the_tokenizer_is_one_name(vocab, words, ents, expected):
    split = words.split()
    spaces = [not (w == "-" or (k + 1 < len(split) and split[k + 1] == "-")) for k, w in enumerate(split)]
    if words.startswith("France"):
        spaces = [True] * len(split)
    doc = Doc(vocab, words=split, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    assert [s.text for s in clean_entities(doc)] == expected


def test_no_sentence_starts_inside_a_first_name_and_le_name(vocab):
    doc = keep_names_whole(Doc(vocab, words="Selon Marine Le Pen , la France doit agir .".split()))
    assert doc[2].is_sent_start is False
    doc = keep_names_whole(Doc(vocab, words="Il parle . Le Pen répond .".split()))
    assert doc[3].is_sent_start is None  # no first name before it


def test_an_acronym_function_before_an_organisation_is_not_part_of_it(vocab):
    # "le PDG d'Altaris" tagged as one organisation: the PDG is a person's function, at Altaris
    doc = make_doc(vocab, ["le", "PDG", "d'", "Altaris", ",", "Paul", "Roux", ","], [(1, 4, "ORG"), (5, 7, "PER")])
    assert [(s.text, s.label_) for s in clean_entities(doc)] == [("Altaris", "ORG"), ("Paul Roux", "PER")]


def test_role_noun_is_not_an_entity(vocab):
    doc = make_doc(vocab, ["La", "ministre", "du", "Travail", "parle", "."], [(1, 4, "ORG")])
    assert clean_entities(doc) == []


def test_mentions_of_one_person_merge_under_the_full_name(vocab):
    words = ["Emmanuel", "Macron", "parle", ".", "Macron", "rit", ".", "M.", "Macron", "part", "."]
    doc = make_doc(vocab, words, [(0, 2, "PER"), (4, 5, "PER"), (7, 9, "PER")])
    assert names(doc) == [("Emmanuel Macron", "PER", 3)]


def test_short_name_mentioned_before_the_full_one_still_joins(vocab):
    words = ["Borne", "arrive", ".", "Élisabeth", "Borne", "parle", "."]
    doc = make_doc(vocab, words, [(0, 1, "PER"), (3, 5, "PER")])
    assert names(doc) == [("Élisabeth Borne", "PER", 2)]


def test_one_letter_misspelling_joins_the_longer_name(vocab):
    words = ["Josep", "Borrell", "parle", ".", "Borell", "insiste", "."]
    doc = make_doc(vocab, words, [(0, 2, "PER"), (4, 5, "PER")])
    assert names(doc) == [("Josep Borrell", "PER", 2)]


def test_different_people_with_different_names_stay_apart(vocab):
    words = ["Josep", "Borrell", "et", "Jean", "Borel", "parlent", "."]
    doc = make_doc(vocab, words, [(0, 2, "PER"), (3, 5, "PER")])
    assert names(doc) == [("Josep Borrell", "PER", 1), ("Jean Borel", "PER", 1)]


def test_acronym_joins_its_organization(vocab):
    words = ["La", "Confédération", "générale", "du", "travail", "appelle", ".", "La", "CGT", "insiste", "."]
    doc = make_doc(vocab, words, [(1, 5, "ORG"), (8, 9, "ORG")])
    assert names(doc) == [("Confédération générale du travail", "ORG", 2)]


def test_page_furniture_is_not_an_entity(vocab):
    words = ["Grève", "à", "la", "SNCF", ".", "\n", "Partager", "sur", "Facebook", "\n", "LIRE", "AUSSI", ":", "Les", "syndicats"]
    doc = make_doc(vocab, words, [(3, 4, "ORG"), (8, 9, "ORG"), (10, 12, "MISC")])
    assert [s.text for s in clean_entities(doc)] == ["SNCF"]


def test_furniture_lines_cover_share_buttons_and_comment_forms():
    text = "Un article.\nPartager sur Facebook\nLaisser un commentaire\nVotre adresse e-mail ne sera pas publiée.\nFin."
    lines = [text[a:b].strip() for a, b in furniture_lines(text)]
    assert lines == ["Partager sur Facebook", "Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée."]


def test_acronym_in_brackets_after_a_name_joins_it(vocab):
    words = ["L'", "association", "Airlines", "for", "Europe", "(", "A4E", ")", "proteste", ".", "A4E", "insiste"]
    doc = make_doc(vocab, words, [(2, 5, "ORG"), (6, 7, "ORG"), (10, 11, "ORG")])
    assert names(doc) == [("Airlines for Europe", "ORG", 3)]


def test_elided_article_inside_an_acronym_source(vocab):
    words = ["L'", "Organisation", "du", "traité", "de", "l'Atlantique", "Nord", "et", "l'", "OTAN"]
    doc = make_doc(vocab, words, [(1, 7, "ORG"), (9, 10, "ORG")])
    assert names(doc) == [("Organisation du traité de l'Atlantique Nord", "ORG", 2)]


def test_nationality_before_a_person_is_not_a_place(vocab):
    words = ["le", "Danois", "Lars", "Henriksen", "a", "parlé", "à", "Paris"]
    doc = make_doc(vocab, words, [(1, 2, "LOC"), (2, 4, "PER"), (7, 8, "LOC")])
    assert [s.text for s in clean_entities(doc)] == ["Lars Henriksen", "Paris"]


def test_institution_tagged_as_place_becomes_an_organization(vocab):
    words = ["Le", "ministère", "russe", "des", "Affaires", "étrangères", "proteste"]
    doc = make_doc(vocab, words, [(1, 6, "LOC")])
    assert [(s.text, s.label_) for s in clean_entities(doc)] == [("ministère russe des Affaires étrangères", "ORG")]
