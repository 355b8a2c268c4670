"""Cue verbs: the words that report speech ("a déclaré", "estime", "a fait savoir").

The lexicon is ``models/cue_verbs.tsv``. A spaCy ``Matcher`` built from it finds the cues of a document in
one pass, on lemmas: a verb of the lexicon ("déclarer"), or a multi-word cue, its verb followed by its
fixed words ("faire" + "valoir", "mettre" + "en garde"). :func:`find_cues` then keeps the matches that
report speech here (not an imperative, not "je pense", not an auxiliary).

spaCy's French lemmatizer leaves some forms of regular verbs as their own lemma ("estime" tagged as a
noun at the root of a sentence, "revendique" → "revendiqu"). The ``cue_lemmas`` component
(:func:`set_cue_lemmas`, which ``load_pipeline`` puts before the lemmatizer, whose ``overwrite=False``
keeps what it set) gives the forms of the lexicon's -er and -ir verbs their infinitive where they act as
verbs. It is a component of its own, not ``attribute_ruler`` patterns: the same exceptions as
``attribute_ruler`` patterns (``LOWER IN forms`` per verb) cost 60 ms per article, because the
Matcher's ``IN`` predicates run in Python, against 0.2 ms for one dictionary lookup per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .lexicon import CueVerb, Lexicon, current, word_list
from .marks import CLOSING_MARKS

# the endings of -er and -ir verbs, added to the stem to make the forms the ruler lemmatizes
_ENDINGS = {
    "er": (
        "e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "ait", "aient", "ais", "a", "ant", "as",
        "era", "erait", "eraient", "eront", "èrent", "ât", "ai", "erai", "erons", "iez", "ions", "er",
    ),
    "ir": ("it", "is", "i", "ie", "ies", "issent", "issait", "issaient", "issant", "ira", "irait", "ir"),
}
_AVOIR = frozenset({"a", "ai", "as", "avons", "avez", "ont", "avait", "avaient", "aurait", "auraient", "aura", "auront"})
_SINGLE = "CUE"  # the match key of one-word cues; a multi-word cue's key is its lemma


def _forms(lemma: str) -> list[str]:
    """The regular forms of an -er or -ir verb: "tempérer" → tempère, tempérait, tempéré…"""
    stem, group = lemma[:-2], lemma[-2:]
    if group not in _ENDINGS or len(stem) < 2:
        return []
    stems = {stem}
    if "é" in stem:  # "tempérer" → "il tempère"
        k = stem.rindex("é")
        stems.add(stem[:k] + "è" + stem[k + 1 :])
    return sorted({s + e for s in stems for e in _ENDINGS[group]} - {lemma})


@lru_cache(maxsize=8)
def lemma_table(lexicon: Lexicon) -> dict[str, str]:
    """``{form: infinitive}`` for the regular forms of the lexicon's verbs (and of the verbs that begin its
    multi-word cues): "estime" → "estimer", "tempère" → "tempérer"."""
    table = {}
    for lemma in sorted({lemma.split()[0] for lemma in lexicon.cue_verbs}):
        for form in _forms(lemma):
            table.setdefault(form, lemma)
    return table


def _verb_before_que(token: Token) -> bool:
    """A verb form the tagger took for a noun, between its subject and a que: "Paul Henri juge que…",
    "Le rapport note que…" (after a determiner it is the noun: "le juge que j'ai rencontré")."""
    doc = token.doc
    if token.pos_ not in ("NOUN", "PROPN", "ADJ") or not token.is_lower or token.i == 0 or token.i + 1 >= len(doc):
        return False
    prev, nxt = doc[token.i - 1], doc[token.i + 1]
    return nxt.lower_ in ("que", "qu'", "qu’") and prev.pos_ in ("NOUN", "PROPN", "PRON") and not prev.is_punct


def set_cue_lemmas(doc: Doc, table: dict[str, str]) -> None:
    """Give a form of the lexicon's verbs its infinitive as lemma where it acts as a verb: tagged as one;
    a noun or adjective the parser made the root of a clause ("Il estime que…" with "estime" as a noun)
    or that stands between its subject and a que ("Paul Henri juge que…"); a lowercase word after the
    auxiliary "a" ("a twitté", tagged as a proper noun); a word where only an incise's verb can stand
    ("« … », abonde sa collègue", tagged as an adjective)."""
    previous = None
    for token in doc:
        lemma = table.get(token.lower_)
        if lemma is not None:
            pos = token.pos_
            if (
                pos == "VERB"
                or pos in ("NOUN", "ADJ") and token.dep_ in ("ROOT", "conj")
                or _verb_before_que(token)
                or _in_incise_place(token)
                or previous is not None and previous.lower_ in _AVOIR and token.is_lower
                and (previous.pos_ == "AUX" or previous.dep_.startswith("aux"))
            ):
                token.lemma_ = lemma
        previous = token


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


@dataclass(frozen=True)
class Cues:
    """The cues of one document, by the index of their verb, and the fixed words of multi-word cues."""

    at: dict[int, Cue]
    fixed: frozenset[int]

    def is_fixed_word(self, token: Token) -> bool:
        """True for "savoir" in "fait savoir": part of a multi-word cue whose verb is before it."""
        return token.i in self.fixed


@lru_cache(maxsize=8)
def _matcher(lexicon: Lexicon, vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    verbs = lexicon.cue_verbs
    matcher.add(_SINGLE, [[{"LEMMA": {"IN": sorted(v for v in verbs if " " not in v)}}]])
    for lemma in verbs:
        if " " in lemma:
            head, *words = lemma.split()
            matcher.add(lemma, [[{"LEMMA": head}, *({"LOWER": w} for w in words)]])
    return matcher


def _in_incise_place(token: Token) -> bool:
    """A lowercase word right after the comma that follows a closing quotation mark: "« … », abonde X"."""
    doc = token.doc
    return (token.i >= 2 and token.text.islower() and doc[token.i - 1].text == ","
            and doc[token.i - 2].text in CLOSING_MARKS)


def _can_be_cue(token: Token) -> bool:
    """A verb; a noun or adjective at the root of a clause (a verb the tagger missed); a lowercase word
    after "a" ("a twitté", tagged as a proper noun)."""
    if token.pos_ in ("VERB", "AUX") or token.pos_ in ("NOUN", "ADJ") and token.dep_ in ("ROOT", "conj") or _verb_before_que(token):
        return True
    if _in_incise_place(token):
        return True  # "« … », abonde sa collègue": the tagger's adjective where only the incise's verb can stand
    prev = token.doc[token.i - 1] if token.i > 0 else None
    after_aux = prev is not None and prev.lemma_ == "avoir" and (prev.pos_ == "AUX" or prev.dep_.startswith("aux"))
    return after_aux and token.text.islower()


def _reports(token: Token) -> bool:
    """Does this one-word cue report speech here? Not an imperative ("Notez que…"), not the writer or the
    quoted speaker ("je pense que"), not an auxiliary (a cue verb the tagger calls one, "en affirmant
    avoir été trompés", is a cue when it does not stand as an auxiliary or a copula)."""
    if token.lemma_.lower() in word_list("not_a_cue") or token.pos_ == "AUX" and (token.dep_.startswith("aux") or token.dep_ == "cop"):
        return False
    if token.morph.get("Mood") == ["Imp"] or token.morph.get("Person") in (["1"], ["2"]) and token.pos_ == "VERB":
        return False
    if token.lemma_.lower() in word_list("learning_verb") and not any(
        c.dep_.startswith("nsubj") and c.lower_.lstrip("-").removeprefix("t-") in ("on", "nous", "t") for c in token.children
    ):  # ("a-t-on appris": the tokenizer's "-t", then "-on")
        # "Karine Lemaire a appris que son contrat…": she learned it; "on apprend que…" reports; a subject the
        # parser lost ("C'est en ouvrant son courrier que X apprend que…") is the one who learned
        return False
    doc = token.doc
    if token.lower_ == "dire" and token.i > 0 and doc[token.i - 1].lower_ in ("-", "à", "ainsi", "vrai"):
        return False  # "c'est-à-dire", "pour ainsi dire", "à vrai dire": idioms, no one speaks
    starts = token.i == 0 or doc[token.i - 1].text in (".", "!", "?") or "\n" in doc[token.i - 1].text
    return not (starts and token.text[:1].isupper() and token.lower_.endswith(("ez", "ons")))  # an imperative the tagger missed


def find_cues(doc: Doc) -> Cues:
    """Every cue of ``doc``; a multi-word cue ("fait savoir") wins over its verb alone."""
    lexicon = current()
    verbs = lexicon.cue_verbs
    vocab_strings = doc.vocab.strings
    at: dict[int, Cue] = {}
    fixed: set[int] = set()
    longest: dict[int, int] = {}
    for match_id, start, end in _matcher(lexicon, doc.vocab)(doc):
        token = doc[start]
        key = vocab_strings[match_id]
        if not _can_be_cue(token):
            continue
        if key != _SINGLE:
            if end - start > longest.get(start, 1):
                longest[start] = end - start
                at[start] = Cue(token, verbs[key], tuple(doc[start + 1 : end]))
        elif start not in longest and _reports(token):
            at[start] = Cue(token, verbs[token.lemma_.lower()])
    for cue in at.values():
        fixed.update(t.i for t in cue.fixed)
    return Cues(at, frozenset(fixed))
