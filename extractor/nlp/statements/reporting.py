"""How the article reports each statement, for fact-checkers: denied, at second hand, conditional, a question.

A fact-checker must not take "X aurait déclaré" for "X a déclaré", nor "X dément avoir dit" for "X a
dit". :func:`how_reported` reads the words around a statement found by the
:class:`~.attribute.Attributor` (its cue, the rest of its writer sentence) and says how the article
reports it; the statement itself, its speaker and its cue are left as they were found::

    Selon Le Parisien, le ministre aurait déclaré que la réforme serait abandonnée.
    -> Reporting(hearsay=True, via="Le Parisien", conditional=True) for "que la réforme serait abandonnée"

It reads only what the :class:`~.article.Article` has computed (tokens, marks, writer sentences, cues,
coreference) and never parses again. What it cannot see: a statement the finders did not keep ("n'a pas
indiqué si…", where nothing was said). Its open word lists (denial verbs, question verbs, relay
participles…) are in ``models/word_lists.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary, ref

from spacy.tokens import Token

from ..lexicon import speech_nouns, word_list
from ..speakers.subject import Speaker, can_speak, is_t_token, resolve
from .article import SOURCE_PHRASE_ENDS, SOURCE_PHRASES, SOURCE_PREPS, Article, FoundQuote, source_phrase, source_phrase_name
from .positions import between, first_from, last_before, nearest, positions_where

__all__ = ["Reporting", "how_reported"]

# the first half of a French negation (its second halves are the word list "negative_word")
NE = frozenset({"ne", "n'", "n’"})
# what may stand between "ne" and its verb: clitics ("ne l'a pas dit", "ne s'est jamais exprimé")
CLITICS = frozenset({
    "le", "la", "l'", "l’", "les", "lui", "leur", "se", "s'", "s’", "y", "en", "me", "m'", "m’", "te", "t'", "t’",
    "nous", "vous",
})
# the reflexive pronoun of "se demander", "s'interroger", and of an incise's verb ("», s'agace un riverain")
THIRD_PERSON_REFLEXIVES = frozenset({"se", "s'", "s’"})
REFLEXIVES = THIRD_PERSON_REFLEXIVES | {"me", "m'", "m’", "te", "t'", "t’", "nous", "vous"}
# "selon moi/nous": the speaker's own voice; a relative pronoun is no source either
_NOT_SOURCE = frozenset({
    "moi", "toi", "nous", "vous", "lequel", "laquelle", "lesquels", "lesquelles", "que", "qu'", "qu’",
})
_OWN_SOURCE_CUES = frozenset({"selon", "d'après", "pour", *SOURCE_PHRASES})  # a statement whose source is its speaker
_SOURCE_STOPS = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "—", "–", "«", "»", "“", "”", '"'})
_CONDITIONAL_CUES = frozenset({"selon", "d'après", *SOURCE_PHRASES})  # "selon X, il serait…": the clause's own verb counts
_CLOSING = " \n\t»”\"'’)"
_AUX_DEPS = ("aux", "aux:tense", "aux:pass", "cop")
# the links by which a word hangs from a verb without being what the verb reports
_NOT_COMPLEMENT = frozenset({"acl", "acl:relcl", "advcl", "obl", "obl:mod", "obl:arg", "conj", "parataxis"})
_SOURCE_WORDS = 8  # how far after "selon" (or "d'après") its source may stand


@dataclass(frozen=True)
class Reporting:
    """How the article reports one statement."""

    negated: bool = False  # the report denies the statement
    hearsay: bool = False  # the statement reaches the article through another source
    via: str | None = None  # that source, as written ("Le Parisien", "des proches")
    conditional: bool = False  # reported in the conditional of hearsay
    question: bool = False  # the statement is a question


def how_reported(article: Article, quote: FoundQuote) -> Reporting:
    """How ``article`` reports ``quote``.

    Example: in "Le ministre n'a jamais déclaré : « Je démissionnerai. »", the statement in marks is
    ``Reporting(negated=True)``; in "« Pourquoi attendre ? », a demandé Anne Petit", ``question=True``.
    """
    toks = article.tokens(quote.start, quote.end)
    if not toks:
        return Reporting(question=_ends_with_question(article, quote))
    cue = _cue_token(article, quote, toks)
    via = _hearsay_source(article, quote, toks, cue) if cue is not None else None
    return Reporting(
        negated=cue is not None and _is_denied(article, quote, toks, cue),
        hearsay=via is not None,
        via=via,
        conditional=cue is not None and _is_conditional(article, quote, toks, cue),
        question=_ends_with_question(article, quote) or _is_indirect_question(article, quote, toks, cue),
    )


# -- the words the searches stop at ------------------------------------------------------------------
class _Words:
    """The words of one article that the searches of this module, made once per statement, can stop at:
    found once per article as sorted positions (:mod:`.positions`), so that a search looks at those near
    its statement and not at every word of the statement's sentence, which may be 8,000 quotations long.
    Each search still tests the words it is given as it tested every word, in the same order: these are
    only the words that can pass."""

    def __init__(self, article: Article) -> None:
        # a weak reference: held strongly, the article would keep its own entry of ``_WORDS`` (a
        # WeakKeyDictionary) alive, and with it every Doc ever analysed
        self._article = ref(article)
        self._cue_words: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}

    @property
    def article(self) -> Article:
        article = self._article()
        assert article is not None, "the article is analysed while its words are searched"
        return article

    @cached_property
    def quotation_words(self) -> list[int]:
        """The words in marks, punctuation aside."""
        punct = self.article.doc.to_array("IS_PUNCT").tolist()
        return positions_where(inside and not p for inside, p in zip(self.article.inside, punct))

    @cached_property
    def free_cues(self) -> list[int]:
        """The cue verbs outside marks (not the fixed word of a multi-word cue)."""
        cues = self.article.cues
        return sorted(i for i in cues.at if not self.article.inside[i] and i not in cues.fixed)

    @cached_property
    def _by_lemma(self) -> dict[str, list[int]]:
        """The positions of each lowercased lemma."""
        doc = self.article.doc
        strings = doc.vocab.strings
        lowered: dict[int, str] = {}
        found: dict[str, list[int]] = {}
        for i, lemma in enumerate(doc.to_array("LEMMA").tolist()):
            if lemma not in lowered:
                lowered[lemma] = strings[lemma].lower()
            found.setdefault(lowered[lemma], []).append(i)
        return found

    @cached_property
    def _prepositions(self) -> list[int]:
        """The words that may be the preposition of a source or its first half: selon, d'après, d', pour."""
        doc = self.article.doc
        strings = doc.vocab.strings
        wanted = {strings[w] for w in (*SOURCE_PREPS, "d'", "d’", "pour", *SOURCE_PHRASE_ENDS) if w in strings}
        return positions_where(w in wanted for w in doc.to_array("LOWER").tolist())

    def cue_words(self, lemma: str, source: bool) -> tuple[list[int], list[int]]:
        """The words of the cue ``lemma`` (:func:`_is_cue_word`), outside marks and in marks."""
        key = (lemma, source)
        if key not in self._cue_words:
            article = self.article
            if source:
                maybe = self._prepositions
            else:  # a cue of the lemma, or a word whose own lemma is it ("déclaré" for "déclarer")
                maybe = [i for i, cue in article.cues.at.items() if cue.lemma == lemma] + self._by_lemma.get(lemma, [])
                if lemma.endswith("er"):
                    maybe += self._by_lemma.get(lemma[:-2] + "é", [])
            doc = article.doc
            words = [i for i in sorted(set(maybe)) if _is_cue_word(article, doc[i], lemma, source)]
            self._cue_words[key] = ([i for i in words if not article.inside[i]], [i for i in words if article.inside[i]])
        return self._cue_words[key]

    @cached_property
    def _relays(self) -> tuple[list[int], dict[int, list[int]], dict[int, list[int]], list[int], list[int]]:
        """The words that may name a second source (:func:`_hearsay_source`), by what they need to: a
        "selon" with a source after it; a relay participle with "par" ("cité par X"), by its head and by
        its head's head; a speech verb in the shape of an incise after "comme", after a comma."""
        article = self.article
        doc = article.doc
        sources = [i for i in self._prepositions if not article.inside[i] and _is_source_prep(article, doc[i])
                   and _source_after(article, doc[i]) is not None]
        by_head: dict[int, list[int]] = {}
        by_head_of_head: dict[int, list[int]] = {}
        strings = doc.vocab.strings
        par = strings["par"] if "par" in strings else None
        lower = doc.to_array("LOWER").tolist()
        for i in range(len(doc) - 1):
            if lower[i + 1] == par and not article.inside[i] and _cited_by(article, doc[i]):
                head = doc[i].head
                by_head.setdefault(head.i, []).append(i)
                if head.dep_ != "conj":
                    by_head_of_head.setdefault(head.head.i, []).append(i)
        after_comme, after_comma = [], []
        for i in self.free_cues:
            incise = _relay_incise(article, doc[i])
            if incise is not None and incise[1] in ("comme", ","):
                (after_comme if incise[1] == "comme" else after_comma).append(i)
        return sources, by_head, by_head_of_head, after_comme, after_comma

    def relay_candidates(
        self, a: int, b: int, span: range, cue: Token, speaker_token: int | None, own_source: bool
    ) -> list[int]:
        """The words of ``[a, b)`` that may name a second source of the statement ``span`` reported by
        ``cue``, in order: a "selon" with no other quotation between its source and the statement; a
        "cité par" on the cue, on its head or on the speaker; an incise after "comme" anywhere; an incise
        after a comma from the cue on, with no other quotation between the statement and it."""
        sources, by_head, by_head_of_head, after_comme, after_comma = self._relays
        words = self.quotation_words
        end_of_text = len(self.article.doc)
        found: set[int] = set()
        if not own_source:
            previous, following = last_before(words, span.start), first_from(words, span.stop, end_of_text)
            lo = a if previous is None else max(a, previous - _SOURCE_WORDS - 2)
            found.update(between(sources, lo, b if following is None else min(b, following + 1)))
        for cited in (by_head.get(cue.i, []), by_head_of_head.get(cue.i, []),
                      by_head.get(speaker_token, []) if speaker_token is not None else []):
            found.update(i for i in cited if a <= i < b)
        found.update(between(after_comme, a, b))
        following = first_from(words, max(span.stop - 1, cue.i) + 1, end_of_text)
        found.update(between(after_comma, max(a, cue.i), b if following is None else min(b, following + 1)))
        return sorted(found)


_WORDS: WeakKeyDictionary[Article, _Words] = WeakKeyDictionary()


def _words_of(article: Article) -> _Words:
    if article not in _WORDS:
        _WORDS[article] = _Words(article)
    return _WORDS[article]


# -- the cue -----------------------------------------------------------------------------------------
def _cue_token(article: Article, quote: FoundQuote, toks: list[Token]) -> Token | None:
    """The word of the statement's own cue: the verb whose lemma is ``quote.cue`` nearest the statement
    in its writer sentence (or the sentence before, for "… :" at the end of a paragraph), or the
    "selon" of a "selon X" statement. None for a statement that only continues another's speaker.

    Example: "« Nous ne reculerons pas », a déclaré X" -> the token "déclaré".
    """
    if quote.cue is None or quote.how in ("continuation", "interview", "previous_subject", "dash_line"):
        return None
    first, last = toks[0].i, toks[-1].i
    s0, s1 = article.sentence_of[first], article.sentence_of[last]
    a = article.sent_bounds[max(0, s0 - 1)][0]
    own = article.sent_bounds[s0][0]
    b = article.sent_bounds[s1][1]
    source = quote.cue in _OWN_SOURCE_CUES
    outside, inside = _words_of(article).cue_words(quote.cue, source)
    # the statement's own sentences before the one before it, words outside marks before those in marks,
    # then the nearest; the statement's own words hold no cue of the report ("« J'ai dit que… »")
    for start, end in ((own, b), (a, own)):
        for positions in (outside, inside):
            found = nearest(positions, start, end, first, last, skip_within=not source)
            if found is not None:
                return article.doc[found]
    return None


def _is_cue_word(article: Article, tok: Token, lemma: str, source: bool) -> bool:
    """Is ``tok`` a word of the cue ``lemma``: "selon", "d'" before "après", "pour"; a cue verb of that
    lemma (inside marks only for an incise written inside them); an incise verb the lexicon lacks?"""
    low = tok.lower_
    if source:
        if lemma == "pour":
            return low == "pour"
        if lemma == "d'après":
            return low in ("d'après", "d’après") or low in ("d'", "d’") and _next_is(article, tok, "après")
        if lemma in SOURCE_PHRASES:  # "à en croire": its last word, "croire"
            return source_phrase_name(tok) == lemma
        return low in SOURCE_PREPS
    found = article.cues.at.get(tok.i)
    if found is not None:
        return found.lemma == lemma and not article.cues.is_fixed_word(tok)
    own = tok.lemma_.lower()
    return tok.is_lower and (own == lemma or own.endswith("é") and own[:-1] + "er" == lemma)


def _next_is(article: Article, tok: Token, word: str) -> bool:
    return tok.i + 1 < len(article.doc) and article.doc[tok.i + 1].lower_ == word


# -- negated -----------------------------------------------------------------------------------------
def _is_negated(article: Article, verb: Token) -> bool:
    """Is the verb negated: "ne" before it (over its auxiliary, clitics and adverbs) and a negative word
    between them or just after it? "ne … que" ("n'a dit que la vérité") is not a negation.

    Example: "Il n'a jamais dit que…", "Elle ne l'a pas affirmé", "Il ne dit plus que…" -> True.
    """
    doc = article.doc
    after = doc[verb.i + 1 : min(len(doc), verb.i + 3)]
    negative = any(t.lower_ in word_list("negative_word") and not article.inside[t.i] for t in after)
    for k in range(verb.i - 1, max(-1, verb.i - 7), -1):
        tok = doc[k]
        low = tok.lower_
        if article.inside[k]:
            return False
        if low in NE:
            return negative
        if low in word_list("negative_word"):
            negative = True
        elif not (tok.pos_ in ("AUX", "ADV") or low in CLITICS or is_t_token(tok)):
            return False
    return False


def _is_denied(article: Article, quote: FoundQuote, toks: list[Token], cue: Token) -> bool:
    """Does the report deny the statement: its cue negated ("n'a jamais dit : « … »"), a denial verb
    whose clause it is ("dément que…", "nie avoir déclaré que…"), or a denial verb above its cue
    ("dément avoir qualifié le projet de « gabegie »")? A quotation that is itself the denial ("« C'est
    faux », dément X") is not denied; nor a denial negated in turn ("ne dément pas que…").

    Example: "La maire nie avoir déclaré que la piscine fermerait" -> True for both statements.
    """
    if quote.type == "partial" and not _governs(cue, toks):
        return False  # "n'avaient pas appelé à manifester, malgré leur opposition au texte visant à « … »"
    if _is_negated(article, cue):
        return not _is_denial(article, cue)
    if quote.cue in word_list("denial_verb"):
        if quote.type == "direct" or article.inside[cue.i]:
            return False  # "« C'est faux », dément X": the quotation is the denial itself
        # "ont nié ces accusations et prétendent que…": another cue between, whose clause it is
        return first_from(_words_of(article).free_cues, cue.i + 1, toks[0].i) is None
    head, steps = cue, 0
    while head.dep_ in ("xcomp", "ccomp", "obj") and head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + 1
        if article.inside[head.i]:
            return False
        if _is_denial(article, head):
            return not _is_negated(article, head)
    before = _word_before_infinitive(article, cue)
    return before is not None and _is_denial(article, before) and not _is_negated(article, before)


def _governs(cue: Token, toks: list[Token]) -> bool:
    """Do the words in marks hang from the cue, through its complements only: "a qualifié le projet de
    « gabegie »", not "a appelé à manifester malgré leur opposition au texte visant à « flexibiliser »"
    (an oblique, a participle clause on the way)."""
    ids = {t.i for t in toks}
    top = next((t for t in toks if t.head.i not in ids), None)
    node, steps = top, 0
    while node is not None and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
        if node.i == cue.i:
            return True
        if node.dep_ in _NOT_COMPLEMENT:
            return False
    return False


def _is_denial(article: Article, tok: Token) -> bool:
    """A denial verb, also where the tagger took it for another word ("dément" as an adverb)."""
    found = article.cues.at.get(tok.i)
    if found is not None and found.lemma in word_list("denial_verb"):
        return True
    return tok.lemma_.lower() in word_list("denial_verb") or tok.lower_ in word_list("denial_form")


def _word_before_infinitive(article: Article, verb: Token) -> Token | None:
    """The word before an infinitive cue and its auxiliary, over adverbs: "dément (formellement) avoir
    qualifié" -> "dément". None when the cue is not an infinitive."""
    aux = [c.i for c in verb.children if c.dep_ in _AUX_DEPS and c.i < verb.i and c.morph.get("VerbForm") == ["Inf"]]
    if verb.morph.get("VerbForm") != ["Inf"] and not aux:
        return None
    k = min([verb.i, *aux]) - 1
    doc = article.doc
    while k >= 0 and not article.inside[k] and doc[k].pos_ == "ADV" and doc[k].lower_ not in word_list("denial_form"):
        k -= 1
    return doc[k] if k >= 0 and not article.inside[k] else None


# -- hearsay -----------------------------------------------------------------------------------------
def _hearsay_source(article: Article, quote: FoundQuote, toks: list[Token], cue: Token) -> str | None:
    """The second source, as written, that the statement came through in its writer sentence: "selon X"
    / "d'après X" around a cue verb, an incise of another speaker ("…, rapporte Le Monde"), "comme le
    rapporte X", "cité par X". None when the statement's source is its own speaker ("selon X, …" with
    X the speaker, "selon lui").

    Example: "D'après des proches, il a dit qu'il partirait" -> "des proches" for "qu'il partirait".
    """
    doc = article.doc
    s = article.sentence_of[cue.i]
    a, b = article.sent_bounds[s]
    a = min(a, article.sent_bounds[article.sentence_of[toks[0].i]][0])
    b = max(b, article.sent_bounds[article.sentence_of[toks[-1].i]][1])
    span = range(toks[0].i, toks[-1].i + 1)
    own_source = quote.cue in _OWN_SOURCE_CUES
    speaker_token = quote.speaker.token if quote.speaker is not None else None
    for i in _words_of(article).relay_candidates(a, b, span, cue, speaker_token, own_source):
        tok = doc[i]
        if tok.i in span or article.inside[tok.i] or tok.i == cue.i:
            continue
        source = None
        if not own_source and _is_source_prep(article, tok):
            source = _source_after(article, tok)
            if source is not None and not _in_scope(article, source, cue, span):
                source = None
        elif tok.pos_ in ("VERB", "AUX") or tok.i in article.cues.at or tok.lower_ in word_list("relay_form"):
            source = _relay_source(article, tok, cue, span, speaker_token)
        if source is None or cue.i in {t.i for t in source.subtree} or _relative_on(article, cue, source):
            continue  # "selon la police, qui précise que…": the source itself speaks
        if _is_speaker(article, source, quote.speaker):
            continue
        return _phrase(article, source)
    return None


def _relative_on(article: Article, verb: Token, source: Token) -> bool:
    """Is ``verb`` in a relative clause on the source phrase, however parsed: "selon la police, qui
    précise que…"?"""
    doc = article.doc
    k = verb.i - 1
    while k > source.i and (doc[k].pos_ in ("AUX", "ADV") or doc[k].lower_ in CLITICS):
        k -= 1
    if k <= source.i or doc[k].lower_ != "qui":
        return False
    k -= 1
    while k > source.i and doc[k].is_punct:
        k -= 1
    phrase = {t.i for t in source.subtree}
    return k == source.i or k in phrase


def _is_source_prep(article: Article, tok: Token) -> bool:
    low = tok.lower_
    return low in SOURCE_PREPS or low in ("d'", "d’") and _next_is(article, tok, "après") or source_phrase(tok) is not None


def _source_after(article: Article, prep: Token) -> Token | None:
    """The head of the source phrase after "selon"/"d'après", if it can speak ("selon la loi": no)."""
    doc = article.doc
    j = prep.i + (2 if prep.lower_ in ("d'", "d’") else 1)
    for tok in doc[j : min(len(doc), j + _SOURCE_WORDS)]:
        if tok.is_punct or article.inside[tok.i] or tok.lower_ in _NOT_SOURCE:
            return None
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            while tok.dep_ in ("flat:name", "flat", "fixed") and tok.head.i < tok.i:
                tok = tok.head
            return tok if tok.pos_ != "NOUN" or _can_vouch(article, tok) else None
    return None


def _can_vouch(article: Article, noun: Token) -> bool:
    """Can the source phrase headed by ``noun`` speak: the noun itself, a speech noun, or a name or an
    animate noun among its complements ("selon des sources proches de l'enquête"; "selon la loi": no)?"""
    if can_speak(noun) or noun.lower_ in speech_nouns():
        return True
    return any(
        t.i != noun.i and not article.inside[t.i]
        and (t.ent_type_ or t.pos_ == "PROPN" or t.pos_ == "NOUN" and can_speak(t))
        for t in noun.subtree
    )


def _in_scope(article: Article, source: Token, cue: Token, span: range) -> bool:
    """Does the "selon X" whose source is ``source`` vouch for the cue's report? Its phrase hangs from the
    cue or a word above it (not over a coordination: "selon X, P, et Y a dit que Q"), or from the
    statement itself; and no other quotation stands between it and the statement ("d'après un policier,
    « … », d'autres policiers déclarent que…")."""
    head = source.head
    if source_phrase(head) is not None:
        head = head.head  # "à en croire Le Parisien": the source hangs from "croire", which hangs from the clause
    ok = head.i in span
    node, steps = cue, 0
    while not ok and steps < 6:
        if node.i == head.i:
            ok = True
            break
        if node.dep_ in ("conj", "parataxis") or node.head.i == node.i:
            break
        node, steps = node.head, steps + 1
    if not ok:
        return False
    lo, hi = (source.i, span.start) if source.i < span.start else (span.stop, source.i)
    return not _quotation_in(article, lo, hi)


def _relay_source(
    article: Article, verb: Token, cue: Token, span: range, speaker_token: int | None
) -> Token | None:
    """The source named by another verb of the sentence that relays the statement: an incise after it
    ("…, rapporte Le Monde", "…, a indiqué son entourage"), "comme le rapporte X", "cité par X"."""
    if _cited_by(article, verb):
        head = verb.head
        if head.i == cue.i or head.head.i == cue.i and head.dep_ != "conj" or head.i == speaker_token:
            return _source_after(article, article.doc[verb.i + 1])
        return None
    incise = _relay_incise(article, verb)
    if incise is None:
        return None
    subj, before = incise
    if before == "comme":  # "comme le rapporte Le Figaro": anywhere in the sentence
        return subj
    if before != "," or verb.i < cue.i:
        return None
    # an incise after the statement and its cue, with no other quotation between
    last = max(span.stop - 1, cue.i)
    if _quotation_in(article, last + 1, verb.i):
        return None
    return subj


def _cited_by(article: Article, verb: Token) -> bool:
    """ "a déclaré X, cité par l'AFP", "un témoin cité par Le Parisien a estimé que…" (the tagger may take
    "cité" for a noun): a relay participle and "par"."""
    relay = verb.lemma_.lower() in word_list("relay_participle") and verb.morph.get("VerbForm") == ["Part"]
    return (relay or verb.lower_ in word_list("relay_form")) and _next_is(article, verb, "par")


def _relay_incise(article: Article, verb: Token) -> tuple[Token, str] | None:
    """A speech verb in the shape of an incise that names its own source after it ("…, rapporte Le Monde",
    "comme le rapporte X"): that source, and the word before the verb ("," or "comme"; another word, and
    it relays nothing). What the statement adds (where it stands) is :func:`_relay_source`'s."""
    found = article.cues.at.get(verb.i)
    if found is None or found.verb.cls != "speech" or article.cues.is_fixed_word(verb):
        return None
    if not _finite_or_compound(verb):
        return None  # "…, ajoutant que…", "…, déplorant une situation…": a participle, not an incise
    if any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children):
        return None  # a clause with its subject before the verb, not an incise
    before = [t for t in article.doc[max(0, verb.i - 3) : verb.i] if not t.is_space]
    while before and (before[-1].pos_ == "AUX" or before[-1].lower_ in ("le", "l'", "l’")):
        before.pop()
    if not before:
        return None
    subj = article.subject(verb, inverted=True)
    if subj is None or not verb.i < subj.i <= verb.i + 4 or subj.pos_ == "PRON" or is_t_token(subj):
        return None
    return subj, "comme" if before[-1].lower_ == "comme" else before[-1].text


def _quotation_in(article: Article, start: int, end: int) -> bool:
    """Are there words in marks among tokens ``start`` to ``end`` (not only the marks of the statement)?"""
    return first_from(_words_of(article).quotation_words, start, end) is not None


def _finite_or_compound(verb: Token) -> bool:
    """ "rapporte", "a indiqué": a finite verb or a participle with its auxiliary (not "ajoutant")."""
    form = verb.morph.get("VerbForm")
    if form == ["Fin"]:
        return True
    return form == ["Part"] and any(c.dep_ in ("aux", "aux:tense") for c in verb.children)


def _is_speaker(article: Article, source: Token, speaker: Speaker | None) -> bool:
    """Is the source phrase headed by ``source`` the statement's own speaker?"""
    if speaker is None:
        return source.pos_ == "PRON"  # "selon lui" with no speaker resolved: most likely the speaker
    phrase = {t.i for t in source.subtree}
    if speaker.token is not None and speaker.token in phrase:
        return True
    resolved = resolve(source, article.coref)
    if resolved is None:
        return source.pos_ == "PRON"
    if resolved.cluster is not None and resolved.cluster == speaker.cluster:
        return True
    return resolved.name is not None and resolved.name == speaker.name


def _phrase(article: Article, head: Token) -> str:
    """The source as written: its determiner, its words and complements, without a relative clause or
    an apposition after a comma ("selon Le Parisien, qui cite…" -> "Le Parisien")."""
    skip = {
        t.i for c in head.children if c.dep_.startswith("acl") or c.dep_ in ("appos", "case", "mark") for t in c.subtree
    }
    words = [t for t in head.subtree if t.i not in skip]
    left = head.i
    while left - 1 >= words[0].i and left - 1 not in skip and article.doc[left - 1].text not in _SOURCE_STOPS:
        left -= 1
    right = head.i
    while right + 1 <= words[-1].i and right + 1 not in skip and article.doc[right + 1].text not in _SOURCE_STOPS:
        right += 1
    return article.doc[left : right + 1].text


# -- conditional -------------------------------------------------------------------------------------
_MODALS = frozenset({"pouvoir", "devoir"})


def _in_conditional(tok: Token) -> bool:
    """The word or its auxiliary or copula in the conditional: "aurait déclaré", "serait prête"."""
    if tok.morph.get("Mood") == ["Cnd"]:
        return True
    return any(c.dep_ in _AUX_DEPS and c.morph.get("Mood") == ["Cnd"] for c in tok.children)


def _is_conditional(article: Article, quote: FoundQuote, toks: list[Token], cue: Token) -> bool:
    """Is the report in the conditional of hearsay: the cue verb ("aurait déclaré", "affirmerait"), or for
    "selon X, P", P's own main verb ("selon la police, le suspect serait…")? Not the conditional of the
    reported clause after a cue in another tense ("Il a dit qu'il viendrait"), nor a hypothesis with
    "si" ("selon X, si la théorie s'avère vraie, 20 % devraient…").

    Example: "La ministre serait prête à démissionner, selon son entourage" -> True.
    """
    if _in_conditional(cue):
        return True
    if quote.cue not in _CONDITIONAL_CUES or quote.type != "indirect":
        return False
    if any(t.lower_ in ("si", "s'", "s’") and t.dep_ == "mark" for t in toks):
        return False
    main = _main_words(article, toks)
    # a modal's conditional is a possibility, not hearsay: "selon la Cour des comptes, le coût pourrait dépasser…"
    return any(_in_conditional(t) and t.lemma_ not in _MODALS for t in main)


def _main_words(article: Article, toks: list[Token]) -> list[Token]:
    """The words of a clause nearest the root of the sentence, outside marks: "le suspect serait un
    homme" -> "homme" (with its copula "serait"); not a verb of a relative clause inside it."""
    def depth(tok: Token) -> int:
        n = 0
        while tok.head.i != tok.i and n < 50:
            tok, n = tok.head, n + 1
        return n

    words = [t for t in toks if not article.inside[t.i] and not t.is_punct and not t.is_space]
    if not words:
        return []
    depths = [depth(t) for t in words]
    top = min(depths)
    return [t for t, d in zip(words, depths, strict=True) if d == top]


# -- question ----------------------------------------------------------------------------------------
def _ends_with_question(article: Article, quote: FoundQuote) -> bool:
    """Does the statement's text end with "?", or its closing mark come after one?"""
    return article.text[quote.start : quote.end].rstrip(_CLOSING).endswith("?")


def _is_indirect_question(article: Article, quote: FoundQuote, toks: list[Token], cue: Token | None) -> bool:
    """An indirect question: an asking verb and its clause opened by si or an interrogative word ("a
    demandé si…", "se demande pourquoi…", "s'interroge sur…"); "a demandé que…" is a request.

    Example: "La députée a demandé si le gouvernement comptait retirer le texte" -> True.
    """
    if quote.cue not in word_list("question_verb") or cue is None:
        return False
    if quote.cue in word_list("asking_verb"):
        return True
    if _reflexive(article, cue):
        return True  # "se demande si…", "s'est demandé « … »": a question, never a request
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return False
    before = article.doc[words[0].i - 1] if words[0].i > 0 else None
    if words[0].lower_ in ("que", "qu'", "qu’", "qui") and before is not None and before.lower_ in ("ce", "c'", "c’"):
        return True  # "a demandé ce qu'il comptait faire"
    return words[0].lower_ in word_list("interrogative")


def _reflexive(article: Article, verb: Token) -> bool:
    """ "se demande", "s'est demandé": a reflexive clitic before the verb, over its auxiliary."""
    k = verb.i - 1
    while k >= 0 and article.doc[k].pos_ == "AUX":
        k -= 1
    return k >= 0 and article.doc[k].lower_ in REFLEXIVES
