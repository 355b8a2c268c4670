"""Cue verbs: the words that report speech ("a déclaré", "estime", "a fait savoir").

The lexicon is ``models/cue_verbs.tsv``. spaCy's French lemmatizer sometimes leaves an inflected
form as its own lemma ("estime" -> "estime"), so a verb that misses the lexicon is tried again through
the regular endings of the first and second groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from .lexicon import CueVerb, cue_verbs, word_list

# endings of -er and -ir verbs, longest first, with the infinitive ending they come from
_ENDINGS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(e, "er") for e in (
            "e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "ait", "aient", "ais", "a", "ant", "as",
            "era", "erait", "eraient", "eront", "èrent", "ât", "ai", "erai", "erons", "iez", "ions", "er",
        )]
        + [(e, "ir") for e in ("it", "is", "i", "ie", "ies", "issent", "issait", "issaient", "issant", "ira", "irait", "ir")],
        key=lambda p: -len(p[0]),
    )
)


@lru_cache(maxsize=1)
def multiword_heads() -> frozenset[str]:
    """The verbs that begin a multi-word cue: "faire" (valoir, savoir), "mettre" (en garde)…"""
    return frozenset(lemma.split()[0] for lemma in cue_verbs() if " " in lemma)


@dataclass(frozen=True)
class Cue:
    """A cue verb found in a document: the verb token that carries the subject, and its lexicon entry."""

    token: Token
    verb: CueVerb
    fixed: tuple[Token, ...] = ()  # the fixed words of a multi-word cue: "savoir" in "a fait savoir"

    @property
    def lemma(self) -> str:
        return self.verb.lemma

    @property
    def heads(self) -> tuple[Token, ...]:
        """The tokens a reported clause may hang from: the verb, and the fixed words after it."""
        return (self.token, *self.fixed)


@lru_cache(maxsize=65536)
def _inflection_lemma(word: str) -> str | None:
    lexicon = cue_verbs()
    for ending, infinitive in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: -len(ending)]
            for cand in (stem + infinitive, stem.replace("è", "é") + infinitive):
                if cand in lexicon:
                    return cand
    return None


def verb_lemma(token: Token) -> str:
    """The lexicon lemma of ``token`` when it has one, else spaCy's lemma."""
    lexicon = cue_verbs()
    lemma = token.lemma_.lower()
    if lemma in lexicon:
        return lemma
    return _inflection_lemma(token.lower_) or lemma


def cue_at(token: Token) -> Cue | None:
    """The cue whose verb is ``token``, multi-word cues ("fait savoir", "a mis en garde") included."""
    prev = token.doc[token.i - 1] if token.i > 0 else None
    after_aux = prev is not None and prev.lemma_ == "avoir" and (prev.pos_ == "AUX" or prev.dep_.startswith("aux"))
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ in ("NOUN", "ADJ") and token.dep_ in ("ROOT", "conj")):
        if not (after_aux and token.text.islower()):  # "a twitté", tagged as a proper noun
            return None
    lexicon = cue_verbs()
    lemma = verb_lemma(token)
    doc = token.doc
    # a multi-word cue: the verb followed by its fixed words ("faire valoir", "mettre en garde")
    if lemma in multiword_heads():
        following = [t for t in doc[token.i + 1 : token.i + 4] if not t.is_space]
        for size in (3, 2, 1):
            if len(following) >= size:
                entry = lexicon.get(" ".join([lemma, *(t.lower_ for t in following[:size])]))
                if entry is not None:
                    return Cue(token, entry, tuple(following[:size]))
    if lemma in word_list("not_a_cue") or lemma not in lexicon:
        return None
    if token.morph.get("Mood") == ["Imp"] or token.morph.get("Person") in (["1"], ["2"]) and token.pos_ == "VERB":
        return None  # "Notez que…", "je pense que": the writer or the quoted speaker, not a report
    starts = token.i == 0 or token.doc[token.i - 1].text in (".", "!", "?") or "\n" in token.doc[token.i - 1].text
    if starts and token.text[:1].isupper() and token.lower_.endswith(("ez", "ons")):
        return None  # an imperative the tagger missed
    if token.pos_ == "AUX":
        return None
    return Cue(token, lexicon[lemma])


def is_fixed_word_of_cue(token: Token) -> bool:
    """True for "savoir" in "fait savoir": part of a multi-word cue whose verb is before it."""
    doc = token.doc
    for back in (1, 2, 3):
        if token.i - back < 0:
            break
        head = doc[token.i - back]
        cue = cue_at(head) if head.pos_ in ("VERB", "AUX") else None
        if cue is not None and " " in cue.lemma and len(cue.lemma.split()) > back:
            return True
    return False
