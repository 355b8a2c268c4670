"""How far the rules trust each way of finding a speaker: the one table of their tuning values.

A speaker found by the rules carries a confidence: how sure the resolution of the mention is (first
part), multiplied through :func:`~extractor.nlp.statements.article.scaled` by how sure the rule that
found it is (second part). That number is one feature of the speaker ranker among 71 (``rule_conf``);
the confidence a user sees is the ranker's, calibrated on held-out articles. Changing a value here
changes the ranker's input: rebuild it with ``make train-attribution``.
"""

from __future__ import annotations

TRUST: dict[str, float] = {
    # what a mention resolves to (nlp/speakers)
    "named_entity": 0.95,  # a person, organisation or place the entity recognizer names
    "named_in_apposition": 0.93,  # "le ministre, Paul Durand," -> Paul Durand
    "pronoun_alone": 0.9,  # il/elle with one compatible antecedent
    "pronoun_among_others": 0.75,  # il/elle with other compatible antecedents around
    "pronoun_gender_unknown": -0.15,  # less when the antecedent's gender is not known
    "pronoun_fallback": 0.6,  # the latest entity, nothing agreeing better
    "role_named_before": 0.8,  # "la ministre" after "la ministre Amélie Roux"
    "role_of_a_named_person": 0.85,  # "le porte-parole" of a person the article gives that role
    "epithet": 0.75,  # "a lâché le quadragénaire", "a conclu l'élue": the one person of its gender named before
    "pronoun_to_noun": 0.7,  # "Selon lui" after "Le député …", "Ils" after "Les volontaires": times the noun's
    "role_noun": 0.7,  # "le porte-parole", never named
    "common_noun": 0.6,  # "les riverains"
    "proper_noun": 0.7,  # a capitalised name the entity recognizer missed
    "indefinite": 0.5,  # "certains", "plusieurs"
    # how the rules found the speaker (nlp/statements): multiplies the above
    "in_clause": 0.98,  # words in marks inside a reported clause: the clause's speaker
    "source_after": 0.95,  # "…», selon X" / "selon X, « … »"
    "selon": 0.95,  # "selon X, P"
    "document_issuer": 0.85,  # "dans un communiqué de X, on apprend que…"
    "nearest_subject": 0.8,  # the parse lost the cue's subject: the nearest subject before it
    "quoted_subject": 0.8,  # "Christophe Castaner « invite … »"
    "colon": 0.8,  # "Elle se présente comme … : « … »"
    "colon_noun": 0.8,  # "Les paroles de l'écrivain sont : « … »"
    "governor_no_cue": 0.75,  # the verb governing the quote is no cue
    "named_in_sentence": 0.7,  # the parse lost the subject: a person or organisation named before the cue
    "governor_lost": 0.7,  # the governing cue's subject lost: the sentence's own
    "continuation": 0.65,  # a quotation with no cue goes on from the previous speaker
    "previous_subject": 0.6,  # "X a tenté de le prévenir. « … »"
    "unknown_incise_verb": 0.6,  # "« … », a tweeté X": a verb the lexicon lacks, in the place of an incise
}
