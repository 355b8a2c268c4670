"""Speaker and coreference rules on Docs built by hand: words, heads, dependencies, tags and entities
are written here, so that a new version of the model cannot silently change what a test checks (the
other rule tests parse their sentences with the real model)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from extractor.nlp.components import entity_clusters
from extractor.nlp.statements.attribute import Attributor

# one row per token: word, lemma, part of speech, head (index), dependency, morphology, entity (IOB)
Row = tuple[str, str, str, int, str, str, str]


def built(vocab, rows: list[Row], spaces: list[bool] | None = None) -> Doc:
    words = [r[0] for r in rows]
    if spaces is None:  # a space after every word, but not before a comma, a full stop or "-t-il"
        spaces = [k + 1 < len(words) and words[k + 1] not in (",", ".") and not words[k + 1].startswith("-")
                  for k in range(len(words))]
    return Doc(
        vocab, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
        heads=[r[3] for r in rows], deps=[r[4] for r in rows], morphs=[r[5] for r in rows], ents=[r[6] for r in rows],
    )


def statements(doc: Doc) -> list[tuple[str, str, str | None]]:
    """(text, type, speaker name) of every statement the rules find, in text order."""
    quotes = Attributor(doc, entity_clusters(doc)).run()
    return [(doc.text[q.start : q.end], q.type, q.speaker.name if q.speaker else None) for q in quotes]


INCISE: list[Row] = [
    ("«", "«", "PUNCT", 3, "punct", "", "O"),
    ("Nous", "nous", "PRON", 3, "nsubj", "Person=1", "O"),
    ("ne", "ne", "ADV", 3, "advmod", "", "O"),
    ("reculerons", "reculer", "VERB", 3, "ROOT", "Person=1|VerbForm=Fin", "O"),
    ("pas", "pas", "ADV", 3, "advmod", "", "O"),
    ("»", "»", "PUNCT", 3, "punct", "", "O"),
    (",", ",", "PUNCT", 8, "punct", "", "O"),
    ("a", "avoir", "AUX", 8, "aux:tense", "VerbForm=Fin", "O"),
    ("déclaré", "déclarer", "VERB", 3, "parataxis", "VerbForm=Part", "O"),
    ("Élisabeth", "Élisabeth", "PROPN", 8, "nsubj", "", "B-PER"),
    ("Borne", "Borne", "PROPN", 9, "flat:name", "", "I-PER"),
    (".", ".", "PUNCT", 3, "punct", "", "O"),
]


def test_the_inverted_subject_of_an_incise_speaks(nlp):
    doc = built(nlp.vocab, INCISE)
    assert statements(doc) == [("Nous ne reculerons pas", "direct", "Élisabeth Borne")]


def test_a_pronoun_in_the_incise_is_the_woman_named_before(nlp):
    rows: list[Row] = [
        ("Élisabeth", "Élisabeth", "PROPN", 2, "nsubj", "", "B-PER"),
        ("Borne", "Borne", "PROPN", 0, "flat:name", "", "I-PER"),
        ("arrive", "arriver", "VERB", 2, "ROOT", "Person=3|VerbForm=Fin", "O"),
        (".", ".", "PUNCT", 2, "punct", "", "O"),
        ("Le", "le", "DET", 5, "det", "Gender=Masc", "O"),
        ("syndicat", "syndicat", "NOUN", 6, "nsubj", "Gender=Masc", "O"),
        ("proteste", "protester", "VERB", 6, "ROOT", "Person=3|VerbForm=Fin", "O"),
        (".", ".", "PUNCT", 6, "punct", "", "O"),
        # the incise of INCISE, its verb now at 18: « Nous ne reculerons pas », a-t-elle ajouté.
        *[(w, lemma, pos, head + 8, dep, morph, ent) for w, lemma, pos, head, dep, morph, ent in INCISE[:6]],
        (",", ",", "PUNCT", 18, "punct", "", "O"),
        ("a", "avoir", "AUX", 18, "aux:tense", "VerbForm=Fin", "O"),
        ("-t", "-t", "PART", 18, "dep", "", "O"),
        ("-elle", "elle", "PRON", 18, "nsubj", "Gender=Fem|Number=Sing|Person=3", "O"),
        ("ajouté", "ajouter", "VERB", 11, "parataxis", "VerbForm=Part", "O"),
        (".", ".", "PUNCT", 11, "punct", "", "O"),
    ]
    doc = built(nlp.vocab, rows)
    assert doc.text.endswith("« Nous ne reculerons pas », a-t-elle ajouté.")
    assert statements(doc) == [("Nous ne reculerons pas", "direct", "Élisabeth Borne")]


def test_a_cue_and_its_que_clause_with_the_named_subject(nlp):
    rows: list[Row] = [
        ("Le", "le", "DET", 1, "det", "", "O"),
        ("ministre", "ministre", "NOUN", 5, "nsubj", "Gender=Masc|Number=Sing", "O"),
        ("Paul", "Paul", "PROPN", 1, "appos", "", "B-PER"),
        ("Durand", "Durand", "PROPN", 2, "flat:name", "", "I-PER"),
        ("a", "avoir", "AUX", 5, "aux:tense", "VerbForm=Fin", "O"),
        ("affirmé", "affirmer", "VERB", 5, "ROOT", "VerbForm=Part", "O"),
        ("que", "que", "SCONJ", 11, "mark", "", "O"),
        ("la", "le", "DET", 8, "det", "", "O"),
        ("réforme", "réforme", "NOUN", 11, "nsubj", "Gender=Fem", "O"),
        ("était", "être", "AUX", 11, "cop", "VerbForm=Fin", "O"),
        ("enfin", "enfin", "ADV", 11, "advmod", "", "O"),
        ("prête", "prêt", "ADJ", 5, "ccomp", "Gender=Fem", "O"),
        (".", ".", "PUNCT", 5, "punct", "", "O"),
    ]
    doc = built(nlp.vocab, rows)
    assert statements(doc) == [("que la réforme était enfin prête", "indirect", "Paul Durand")]


@pytest.mark.parametrize(("word", "lemma"), [("sait", "savoir"), ("veut", "vouloir")])
def test_savoir_and_vouloir_report_nothing_whatever_the_parse(nlp, word, lemma):
    rows: list[Row] = [
        ("Paul", "Paul", "PROPN", 2, "nsubj", "", "B-PER"),
        ("Durand", "Durand", "PROPN", 0, "flat:name", "", "I-PER"),
        (word, lemma, "VERB", 2, "ROOT", "Person=3|VerbForm=Fin", "O"),
        ("que", "que", "SCONJ", 6, "mark", "", "O"),
        ("la", "le", "DET", 5, "det", "", "O"),
        ("réforme", "réforme", "NOUN", 6, "nsubj", "", "O"),
        ("passera", "passer", "VERB", 2, "ccomp", "Person=3|VerbForm=Fin", "O"),
        (".", ".", "PUNCT", 2, "punct", "", "O"),
    ]
    assert statements(built(nlp.vocab, rows)) == []


def test_a_role_noun_after_selon_is_the_person_the_article_gave_that_role(nlp):
    # "La ministre de la Santé Amélie Roux était à Lyon. Selon la ministre, les urgences tiendront."
    rows: list[Row] = [
        ("La", "le", "DET", 1, "det", "Gender=Fem|Number=Sing", "O"),
        ("ministre", "ministre", "NOUN", 9, "nsubj", "Number=Sing", "O"),
        ("de", "de", "ADP", 4, "case", "", "O"),
        ("la", "le", "DET", 4, "det", "Gender=Fem|Number=Sing", "O"),
        ("Santé", "santé", "NOUN", 1, "nmod", "Gender=Fem|Number=Sing", "O"),
        ("Amélie", "Amélie", "PROPN", 1, "appos", "", "B-PER"),
        ("Roux", "Roux", "PROPN", 5, "flat:name", "", "I-PER"),
        ("était", "être", "AUX", 9, "cop", "VerbForm=Fin", "O"),
        ("à", "à", "ADP", 9, "case", "", "O"),
        ("Lyon", "Lyon", "PROPN", 9, "ROOT", "", "B-LOC"),
        (".", ".", "PUNCT", 9, "punct", "", "O"),
        ("Selon", "selon", "ADP", 13, "case", "", "O"),
        ("la", "le", "DET", 13, "det", "Gender=Fem|Number=Sing", "O"),
        ("ministre", "ministre", "NOUN", 17, "obl:mod", "Number=Sing", "O"),
        (",", ",", "PUNCT", 17, "punct", "", "O"),
        ("les", "le", "DET", 16, "det", "Number=Plur", "O"),
        ("urgences", "urgence", "NOUN", 17, "nsubj", "Gender=Fem|Number=Plur", "O"),
        ("tiendront", "tenir", "VERB", 17, "ROOT", "Number=Plur|Person=3|VerbForm=Fin", "O"),
        (".", ".", "PUNCT", 17, "punct", "", "O"),
    ]
    assert statements(built(nlp.vocab, rows)) == [("les urgences tiendront", "indirect", "Amélie Roux")]


def test_a_plural_pronoun_is_the_group_named_before(nlp):
    # "Les syndicats ont manifesté lundi. Ils affirment que la réforme est injuste."
    rows: list[Row] = [
        ("Les", "le", "DET", 1, "det", "Number=Plur", "O"),
        ("syndicats", "syndicat", "NOUN", 3, "nsubj", "Number=Plur", "O"),
        ("ont", "avoir", "AUX", 3, "aux:tense", "Number=Plur|Person=3|VerbForm=Fin", "O"),
        ("manifesté", "manifester", "VERB", 3, "ROOT", "VerbForm=Part", "O"),
        ("lundi", "lundi", "NOUN", 3, "obl:mod", "", "O"),
        (".", ".", "PUNCT", 3, "punct", "", "O"),
        ("Ils", "il", "PRON", 7, "nsubj", "Gender=Masc|Number=Plur|Person=3", "O"),
        ("affirment", "affirmer", "VERB", 7, "ROOT", "Number=Plur|Person=3|VerbForm=Fin", "O"),
        ("que", "que", "SCONJ", 12, "mark", "", "O"),
        ("la", "le", "DET", 10, "det", "Gender=Fem|Number=Sing", "O"),
        ("réforme", "réforme", "NOUN", 12, "nsubj", "Gender=Fem|Number=Sing", "O"),
        ("est", "être", "AUX", 12, "cop", "VerbForm=Fin", "O"),
        ("injuste", "injuste", "ADJ", 7, "ccomp", "Number=Sing", "O"),
        (".", ".", "PUNCT", 7, "punct", "", "O"),
    ]
    assert statements(built(nlp.vocab, rows)) == [("que la réforme est injuste", "indirect", "syndicats")]


# -- cues and roles: the matchers and the lemma exceptions --------------------------------------------------
ESTIME_AS_NOUN: list[Row] = [
    ("Il", "il", "PRON", 1, "nsubj", "Person=3", "O"),
    ("estime", "estime", "NOUN", 1, "ROOT", "", "O"),  # the tagger's error the cue_lemmas component repairs
    ("que", "que", "SCONJ", 4, "mark", "", "O"),
    ("rien", "rien", "PRON", 4, "nsubj", "", "O"),
    ("change", "changer", "VERB", 1, "ccomp", "Person=3|VerbForm=Fin", "O"),
    (".", ".", "PUNCT", 1, "punct", "", "O"),
]


def test_cue_lemmas_give_a_verb_tagged_as_a_noun_its_infinitive_at_the_root_only(nlp):
    from extractor.nlp.cues import find_cues, lemma_table, set_cue_lemmas
    from extractor.nlp.lexicon import shipped

    doc = built(nlp.vocab, ESTIME_AS_NOUN)
    assert find_cues(doc).at == {}  # "estime" as its own lemma: no cue
    set_cue_lemmas(doc, lemma_table(shipped()))
    assert doc[1].lemma_ == "estimer" and [c.lemma for c in find_cues(doc).at.values()] == ["estimer"]
    rows = [("L'", "le", "DET", 1, "det", "", "O"), ("estime", "estime", "NOUN", 3, "nsubj", "", "O"),
            ("est", "être", "AUX", 3, "cop", "", "O"), ("grande", "grand", "ADJ", 3, "ROOT", "", "O")]
    noun = built(nlp.vocab, rows)
    set_cue_lemmas(noun, lemma_table(shipped()))
    assert noun[1].lemma_ == "estime"  # "l'estime", a noun that is a subject, keeps its lemma


def test_a_multiword_cue_wins_over_its_verb_and_marks_its_fixed_words(nlp):
    from extractor.nlp.cues import find_cues

    rows: list[Row] = [
        ("Le", "le", "DET", 1, "det", "", "O"),
        ("maire", "maire", "NOUN", 3, "nsubj", "", "O"),
        ("a", "avoir", "AUX", 3, "aux:tense", "VerbForm=Fin", "O"),
        ("fait", "faire", "VERB", 3, "ROOT", "VerbForm=Part", "O"),
        ("savoir", "savoir", "VERB", 3, "xcomp", "VerbForm=Inf", "O"),
        ("que", "que", "SCONJ", 8, "mark", "", "O"),
        ("la", "le", "DET", 7, "det", "", "O"),
        ("route", "route", "NOUN", 8, "nsubj", "", "O"),
        ("rouvre", "rouvrir", "VERB", 4, "ccomp", "Person=3|VerbForm=Fin", "O"),
    ]
    cues = find_cues(built(nlp.vocab, rows))
    assert [(i, c.lemma, [t.text for t in c.fixed]) for i, c in cues.at.items()] == [(3, "faire savoir", ["savoir"])]
    assert cues.fixed == {4}
    notez = built(nlp.vocab, [("Notez", "noter", "VERB", 0, "ROOT", "Mood=Imp|Person=2", "O"),
                              ("que", "que", "SCONJ", 2, "mark", "", "O"), ("rien", "rien", "PRON", 0, "ccomp", "", "O")])
    assert find_cues(notez).at == {}  # an imperative addresses the reader: nobody is reported


def test_multiword_roles_are_matched_with_either_apostrophe():
    import spacy

    from extractor.nlp.roles import role_of

    nlp = spacy.blank("fr")
    for text in ("le chef de l'État a parlé", "le chef de l’État a parlé"):
        doc = nlp(text)
        assert [role_of(t) for t in doc[1:5]] == ["chef de l'état"] * 4
    doc = nlp("la Première ministre et la ministre")
    assert [role_of(t) for t in doc] == [None, "première ministre", "première ministre", None, None, "ministre"]


def test_a_gerund_with_no_verb_above_it_has_no_subject(nlp):
    # the parser hung "en criant" on a noun at the root of a sentence with no verb: climbing to the verb
    # the noun depends on must stop at the root (spaCy makes a new Token object at each .head, so an
    # identity test never stopped there; run in a thread so that a regression fails instead of hanging)
    import threading

    from extractor.nlp.speakers.subject import subject_of

    rows: list[Row] = [
        ("Un", "un", "DET", 1, "det", "", "O"),
        ("homme", "homme", "NOUN", 1, "ROOT", "Number=Sing", "O"),
        ("en", "en", "ADP", 3, "mark", "", "O"),
        ("criant", "crier", "VERB", 1, "acl", "Tense=Pres|VerbForm=Part", "O"),
        ("«", "«", "PUNCT", 5, "punct", "", "O"),
        ("démission", "démission", "NOUN", 3, "obj", "", "O"),
        ("»", "»", "PUNCT", 5, "punct", "", "O"),
        (".", ".", "PUNCT", 1, "punct", "", "O"),
    ]
    doc = built(nlp.vocab, rows)
    found: list = []
    worker = threading.Thread(target=lambda: found.append(subject_of(doc[3], set())), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert found == [None]
