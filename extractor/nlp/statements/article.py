"""An article as the statement finders read it: quotation marks, writer sentences, cues, coreference.

The statement finders (:mod:`.indirect`, :mod:`.marked`) and the speaker rules (:mod:`.speaker_rules`)
extend :class:`Article`; :class:`~.attribute.Attributor` puts them together.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from spacy.symbols import IDS
from spacy.tokens import Doc, Token

from ..cues import Cue, find_cues
from ..entities import Cluster, furniture_lines
from ..lexicon import speech_nouns
from ..marks import CLOSING_MARKS, find_marked_spans
from ..speakers.coref import Coreference
from ..speakers.subject import (
    Speaker,
    after_opening_participle,
    can_speak,
    gerund,
    past_relative_clause,
    resolve,
    subject_of,
)
from ..trust import TRUST
from .positions import first_from, last_before, positions_where

SENTENCE_END = {".", "!", "?", "…", "...", "!?", "?!"}
# the parts of speech a cue can have (a noun or adjective the tagger gave to a verb included)
# the punctuation that closes a clause and is not part of the statement; a unit or a symbol that ends a
# clause ("0,3 %", "12 €", "38 °C") is part of it
_CLOSING_PUNCTUATION = frozenset(".,;:!?…-–—(")


def closes_clause(tok: Token) -> bool:
    """Is ``tok`` punctuation after a statement's last word ("." "," ";" "…"), or a space? Not "%"."""
    return tok.is_space or tok.is_punct and all(ch in _CLOSING_PUNCTUATION for ch in tok.text)


def end_of(tok: Token) -> int:
    """The character offset where a statement ending with ``tok`` ends: after the token, but before the
    full stop an abbreviation swallowed at the end of a sentence ("limitée à 80 km/h." → "km/h")."""
    end = tok.idx + len(tok.text)
    doc = tok.doc
    last_of_sentence = tok.i + 1 == len(doc) or doc[tok.i + 1].is_space or doc[tok.i + 1].text[:1].isupper()
    if len(tok.text) > 1 and tok.text.endswith(".") and not tok.text.endswith("..") and last_of_sentence:
        return end - 1
    return end


CUE_POS = ("VERB", "AUX", "NOUN", "ADJ", "PROPN")


SOURCE_PREPS = ("selon", "d'après", "d’après")
# the phrases that name a source as "selon" does ("à en croire X", "au dire des témoins", "aux dires de son
# avocat", "de l'aveu même du ministre", "aux yeux de la présidente, X, P"), and the word each ends on,
# where they are looked for
SOURCE_PHRASES = ("à en croire", "au dire", "aux dires", "de l'aveu", "aux yeux")
SOURCE_PHRASE_ENDS = ("croire", "dire", "dires", "aveu", "yeux")


def source_phrase(tok: Token) -> Token | None:
    """The first word of a source phrase (:data:`SOURCE_PHRASES`) that ends on ``tok`` and is followed by
    its source ("de", "du", "des", "même"…, or the source itself after "croire"); else None."""
    doc = tok.doc
    if tok.lower_ not in SOURCE_PHRASE_ENDS or tok.i < 1 or tok.i + 1 >= len(doc):
        return None
    before = ["", *(t.lower_.replace("’", "'") for t in doc[max(0, tok.i - 2) : tok.i])][-2:]
    nxt = doc[tok.i + 1].lower_
    if tok.lower_ == "croire" and before == ["à", "en"]:
        return doc[tok.i - 2]
    if tok.lower_ in ("dire", "dires") and before[1] in ("au", "aux") and nxt in ("de", "d'", "d’", "du", "des"):
        return doc[tok.i - 1]
    if tok.lower_ == "yeux" and before[1] == "aux" and nxt in ("de", "d'", "d’", "du", "des"):
        return doc[tok.i - 1]
    if tok.lower_ == "aveu" and before == ["de", "l'"] and nxt in ("de", "d'", "d’", "du", "des", "même"):
        return doc[tok.i - 2]
    return None


def source_phrase_name(tok: Token) -> str | None:
    """The source phrase ending on ``tok`` as its cue is named (:data:`SOURCE_PHRASES`): "à en croire"."""
    first = source_phrase(tok)
    return None if first is None else tok.doc[first.i : tok.i + 1].text.lower().replace("’", "'")


# "indique-t-on à la mairie", "peut-on lire sur le site de X": where the impersonal "on" speaks from
_PLACE_OF_ON = ("à", "au", "aux", "auprès", "chez", "dans", "sur", "du", "de")


@dataclass(frozen=True)
class FoundQuote:
    """A quote as the attributor sees it: character offsets and the speaker found."""

    start: int
    end: int
    type: str
    speaker: Speaker | None
    cue: str | None
    how: str = "none"  # the rule that chose the speaker: a feature of the speaker ranker
    # words in marks that look like scare quotes or a headline, with no speaker found by the rules:
    # kept only if the speaker ranker finds someone behind them
    tentative: bool = False


def writer_sentences(doc: Doc, inside: list[bool], text: str) -> list[int]:
    """The sentence number of each token, sentences ending at a full stop outside quotation marks or
    at a line break: the parser's own splits inside quotes and at "»," are not wanted here. ``text`` is
    ``doc.text``, which spaCy joins anew from every token at each call."""
    starts = doc.to_array("IDX").tolist()  # from arrays: a Token object per word costs more than the loop
    lengths = doc.to_array("LENGTH").tolist()
    texts = [text[a : a + n] for a, n in zip(starts, lengths)]
    nexts = starts[1:] + [len(text)]
    breaks = ["\n" in text[a:b] for a, b in zip(starts, nexts)]  # in the word or the space after it
    n_tokens = len(texts)
    sentence_of = [0] * n_tokens
    n = 0
    for i, text in enumerate(texts):
        sentence_of[i] = n
        if breaks[i] and not (inside[i] and "\n" in text):
            n += 1
        elif text in SENTENCE_END and not inside[i]:
            nxt = i + 1
            if nxt >= n_tokens or texts[nxt] not in (*CLOSING_MARKS, ",", ")") or not texts[nxt].strip():
                n += 1
        elif text in CLOSING_MARKS and 1 <= i < n_tokens - 1:
            # "… terrain. » Le ministère a assuré": the quotation ended a sentence
            prev = next((t for t in reversed(texts[max(0, i - 3) : i]) if t.strip()), None)
            nxt_text = next((t for t in texts[i + 1 : i + 3] if t.strip()), None)
            if prev in SENTENCE_END and nxt_text is not None and nxt_text[:1].isupper():
                n += 1
    return sentence_of


def scaled(speaker: Speaker, factor: float) -> Speaker:
    """``speaker`` with its confidence lowered by how far the rule that found it is trusted (``factor``,
    from :data:`~extractor.nlp.trust.TRUST` or a cue's weight)."""
    return Speaker(
        speaker.name, speaker.mention, speaker.label, speaker.role, round(speaker.confidence * min(1.0, 0.3 + 0.7 * factor), 3),
        speaker.cluster, speaker.token,
    )


class Article:
    """An article as the statement finders read it: the text in quotation marks, the writer's sentences,
    coreference, and the speaker of a cue; each finder below adds one job."""

    def __init__(self, doc: Doc, clusters: list[Cluster]) -> None:
        self.doc = doc
        self.text = doc.text
        spans, self.warnings = find_marked_spans(self.text)
        furniture = furniture_lines(self.text)  # lines, in order: the one a mark may be on is found by bisection
        starts = [a for a, _ in furniture]
        self.marked = [
            s for s in spans if s.depth == 0
            and not ((k := bisect_right(starts, s.open) - 1) >= 0 and s.open < furniture[k][1])
        ]
        self.inside = [False] * len(doc)
        for span in self.marked:
            for tok in self.tokens(span.open, span.close + 1):
                self.inside[tok.i] = True
        self.sentence_of = writer_sentences(doc, self.inside, self.text)
        self.sent_bounds: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(self.sentence_of):
            a = self.sent_bounds[s][0] if s in self.sent_bounds else i
            self.sent_bounds[s] = (a, i + 1)
        self.inside_idx = {i for i, v in enumerate(self.inside) if v}
        self.cues = find_cues(doc)
        self.coref = Coreference(doc, clusters, self.sentence_of, self.inside_idx)
        self._subjects: dict[tuple[int, bool], Token | None] = {}
        self._agents: dict[int, tuple[Token | None, bool]] = {}
        self._issuing_nouns: dict[int, list[Token]] = {}
        self._contexts: dict[tuple[int, int], str] = {}

    # -- helpers -------------------------------------------------------------------------------
    def tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def subject(self, verb: Token, inverted: bool = False) -> Token | None:
        """The subject of ``verb`` (:func:`subject_of`, words in marks aside), found once per verb: a verb
        with thousands of dependents ("a dit" before 8,000 quotations) is not walked again for each
        statement it reports."""
        key = (verb.i, inverted)
        if key not in self._subjects:
            self._subjects[key] = subject_of(verb, self.inside_idx, inverted)
        return self._subjects[key]

    def context(self, first: int, last: int) -> str:
        """The writer's sentences from the one of token ``first`` to the one of token ``last``, as text:
        made once for all the statements of those sentences, which share one string."""
        key = (self.sentence_of[first], self.sentence_of[last])
        if key not in self._contexts:
            self._contexts[key] = self.doc[self.sent_bounds[key[0]][0] : self.sent_bounds[key[1]][1]].text.strip()
        return self._contexts[key]

    @cached_property
    def inside_positions(self) -> list[int]:
        """The tokens in quotation marks, in order."""
        return positions_where(self.inside)

    def cue_of(self, tok: Token) -> Cue | None:
        if self.inside[tok.i] or tok.pos_ not in CUE_POS:
            return None
        return self.cues.at.get(tok.i)

    def _is_sentence_start(self, tok: Token) -> bool:
        """Is ``tok`` the first word of its writer sentence (spaces and punctuation aside)?"""
        a, _ = self.sent_bounds[self.sentence_of[tok.i]]
        return first_from(self._words, a, tok.i) is None

    @cached_property
    def _words(self) -> list[int]:
        """The tokens that are neither spaces nor punctuation."""
        space, punct = self.doc.to_array("IS_SPACE").tolist(), self.doc.to_array("IS_PUNCT").tolist()
        return positions_where(not s and not p for s, p in zip(space, punct))

    def _all_in_marks(self, toks: list[Token]) -> bool:
        """Are all the words of a clause, but its first, in quotation marks? A "selon lui" between
        commas does not count ("que, selon lui, « … »")."""
        outside = [t for t in toks if not self.inside[t.i] and not t.is_punct and not t.is_space]
        if len(outside) == 3 and outside[1].lower_ in SOURCE_PREPS and outside[2].pos_ == "PRON":
            return True
        return bool(toks) and len(outside) <= 1

    def _quotation_with_incise(self, toks: list[Token]) -> bool:
        """ "« J'ai reçu beaucoup d'encouragements », dit-il": a quotation and its own incise."""
        outside = [t for t in toks if not self.inside[t.i] and not t.is_punct and not t.is_space]
        return len(outside) <= 4 and len(outside) < len(toks) / 3 and any(self.cue_of(t) for t in outside)

    def _speaker_of(self, verb: Token) -> Speaker | None:
        """The speaker of a cue verb: its subject, or when the parse lost it, the nearest subject or
        named entity before it in the sentence. A passive cue's speaker is its agent ("accusé par X").

        The words each step looks for are found once per verb, sentence or article, and only what they
        stand for is resolved at each call (coreference learns the speakers as statements are read)."""
        agent, passive = self._agent_of(verb)
        if agent is not None:
            return resolve(agent, self.coref)
        if passive:
            return None
        subj = self.subject(verb)
        if subj is not None and self.sentence_of[subj.i] == self.sentence_of[verb.i]:
            return resolve(subj, self.coref)
        a, _ = self.sent_bounds[self.sentence_of[verb.i]]
        if (opened := after_opening_participle(self.doc[a], verb)) is not None:
            return resolve(opened, self.coref)  # "Sollicitée par Le Figaro, la directrice a assuré…"
        main = self.main_subjects.get(self.sentence_of[verb.i]) if gerund(verb) else None
        if main is not None and main.head.i < verb.i:
            # "X a expliqué que le rapport…, tout en précisant qu'…": X, not the report the parser saw last
            return resolve(main, self.coref)
        for tok in self._issuing_nouns_of(self.sentence_of[verb.i]):
            speaker = resolve(tok, self.coref)
            if speaker is not None and speaker.mention != tok.text:
                return scaled(speaker, TRUST["document_issuer"])
        # the nearest noun subject before the verb, unless words in marks come between
        subject = last_before(self._noun_subjects, verb.i, a)
        if subject is not None and last_before(self.inside_positions, verb.i, subject) is None:
            speaker = resolve(past_relative_clause(verb, self.doc[subject]), self.coref)
            return scaled(speaker, TRUST["nearest_subject"]) if speaker else None
        named = first_from(self._named_speakers, a, verb.i)
        if named is not None:
            speaker = resolve(self.doc[named], self.coref)
            return scaled(speaker, TRUST["named_in_sentence"]) if speaker else None
        return None

    @cached_property
    def main_subjects(self) -> dict[int, Token]:
        """The first subject of the main verb of each writer sentence, outside marks: found once, not for
        each statement of the sentence or quotation that opens the next one."""
        found: dict[int, Token] = {}
        for t in self.doc:
            if not self.inside[t.i] and t.dep_ == "nsubj" and t.head.dep_ == "ROOT":
                found.setdefault(self.sentence_of[t.i], t)
        return found

    def _agent_of(self, verb: Token) -> tuple[Token | None, bool]:
        """The agent of a passive or participle cue ("accusé par X"), and whether the cue is passive."""
        if verb.i not in self._agents:
            passive = any(c.dep_ == "aux:pass" for c in verb.children) or verb.morph.get("Voice") == ["Pass"]
            # a participle on its own ("accusé par X de…"), not a past tense ("a justifié sa décision par « … »":
            # the means, not the agent)
            alone = verb.morph.get("VerbForm") == ["Part"] and not any(
                c.dep_ == "aux:tense" and c.lemma_ == "avoir" for c in verb.children)
            agent = None
            for child in verb.children:
                by = any(c.lower_ == "par" for c in child.children if c.dep_ == "case")
                if child.dep_ == "obl:agent" or (by and (passive or alone)):
                    agent = child
                    break
            self._agents[verb.i] = (agent, passive)
        return self._agents[verb.i]

    def _issuing_nouns_of(self, sentence: int) -> list[Token]:
        """ "Dans un communiqué de l'aéroport, on apprend que…": the speech nouns after "dans" in a
        writer sentence, whose author speaks."""
        if sentence not in self._issuing_nouns:
            a, b = self.sent_bounds[sentence]
            self._issuing_nouns[sentence] = [
                tok for tok in self.doc[a:b]
                if tok.pos_ == "NOUN" and tok.lower_ in speech_nouns() and not self.inside[tok.i]
                and any(c.lower_ == "dans" for c in tok.children if c.dep_ == "case")
            ]
        return self._issuing_nouns[sentence]

    @cached_property
    def _noun_subjects(self) -> list[int]:
        """The nouns and names that are subjects (read from arrays: a Token object per word costs more than
        the search)."""
        strings = self.doc.vocab.strings
        deps = {strings[d] for d in ("nsubj", "nsubj:pass")}
        nominal = {IDS["NOUN"], IDS["PROPN"]}
        rows = self.doc.to_array(["DEP", "POS"]).tolist()
        return [i for i, (dep, pos) in enumerate(rows) if dep in deps and pos in nominal]

    @cached_property
    def _named_speakers(self) -> list[int]:
        """The words outside marks that may name a person or an organisation as the speaker of a cue in
        their sentence: not in a complement ("le programme de François Fillon"), nor after a preposition."""
        found = []
        for i in sorted(self.coref.cluster_at):
            tok = self.doc[i]
            if self.inside[i] or tok.dep_ in ("nmod", "obl", "obl:mod", "obl:arg"):
                continue
            if self.coref.infos[self.coref.cluster_at[i]].cluster.label not in ("PER", "ORG"):
                continue
            head = tok
            while head.dep_ in ("flat:name", "flat") and head.head.i < head.i:
                head = head.head
            if head.dep_ == "det" and head.head.i in self.coref.cluster_at:
                head = head.head  # "Le" of "Le Figaro": "par Le Figaro" is after a preposition too
            if not any(c.dep_ == "case" for c in head.children):
                found.append(i)
        return found

    def _source_after(self, prep: Token) -> Speaker | None:
        j = prep.i + 1
        for tok in self.doc[j : j + 8]:
            if tok.is_punct or self.inside[tok.i]:
                break
            if tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in ("lui", "elle", "eux", "elles"):  # "…», selon lui."
                speaker = resolve(tok, self.coref)
                return scaled(speaker, TRUST["source_after"]) if speaker else None
        return None

    def _issuer_in(self, noun: Token) -> bool:
        """Can the source phrase headed by ``noun`` speak: the noun itself, or a name, a speech noun or
        an animate noun in its complements ("les chiffres de Pôle emploi", "une projection de BFMTV")?"""
        if can_speak(noun) or noun.lower_ in speech_nouns():
            return True
        return any(
            t.i != noun.i and not self.inside[t.i] and (t.ent_type_ or t.pos_ == "PROPN" or t.pos_ == "NOUN" and can_speak(t))
            for t in noun.subtree
        )

    def _place_of_on(self, verb: Token) -> Token | None:
        """ "indique-t-on à la mairie" -> mairie; "peut-on lire sur le site de X" -> site (then X)."""
        doc = self.doc
        for tok in doc[verb.i + 1 : min(verb.i + 5, len(doc))]:
            if tok.is_punct or self.inside[tok.i]:
                return None
            if tok.lower_ in _PLACE_OF_ON:
                noun = next((t for t in doc[tok.i + 1 : tok.i + 4] if t.pos_ in ("NOUN", "PROPN")), None)
                return noun
        return None
