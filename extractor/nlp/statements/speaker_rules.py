"""Who said the words in quotation marks, by the rules: incise, clause, cue before, governing verb, colon."""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

from spacy.tokens import Token

from ..lexicon import speech_nouns, word_list
from ..marks import MarkedSpan
from ..speakers.subject import (
    DATIVES,
    SPEAKER_DETERMINERS,
    Speaker,
    can_speak,
    is_t_token,
    present_participle,
    resolve,
)
from ..trust import TRUST
from .article import SENTENCE_END, SOURCE_PREPS, Article, FoundQuote, scaled
from .reporting import THIRD_PERSON_REFLEXIVES

# the auxiliary of a compound-tense incise ("», a déclaré X", "», avaient-ils dit")
INCISE_AUXILIARIES = ("a", "ont", "avait", "avaient")
# what opens an incise after a closing mark, and what ends a quotation that needs none before its incise
_INCISE_OPENERS = frozenset({",", "—", "–", "-"})
_QUOTATION_ENDS = frozenset({"?", "!", "…", "?!", "!?", "..."})
# words in the place of an incise's verb that are not one: "», soit la moitié des voix"
_NOT_INCISE_VERBS = frozenset({"soit", "voire", "fin", "face", "côté", "cap", "place", "suite", "faute"})
# what a speaker rule finds: the speaker, the cue's lemma (if any) and the rule's name
Found = tuple[Speaker, str | None, str] | None


def _governor(toks: list[Token]) -> Token | None:
    """The first word outside the marks that the quoted words hang from."""
    ids = {t.i for t in toks}
    for tok in toks:
        head = tok.head
        if head.i not in ids and head is not tok:
            return head
    return None


class SpeakerRules(Article):
    """The rules' speaker of a text in marks, tried in order: an incise after it, the reported clause
    around it, a cue before it, the verb that governs it, a colon after a sentence with a subject."""

    def _marked_speaker(
        self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]
    ) -> tuple[Speaker | None, str | None, str]:
        """The speaker, cue lemma and rule name of the first strategy that finds one, in order."""
        for strategy in (
            self._by_incise, self._by_clause, self._by_cue_before, self._by_governor, self._by_colon,
        ):
            found = strategy(span, toks, indirect)
            if found is not None:
                return found
        return None, None, "none"

    def _by_incise(self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]) -> Found:
        """An incise right after the closing mark: "« … », a déclaré X" / "a-t-il ajouté" / "estime la CGT"."""
        found = self._incise_after(toks[0].i, toks[-1].i)
        return (*found, "incise") if found is not None else None

    def _by_clause(self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]) -> Found:
        """Inside a reported clause: the clause's speaker."""
        for q in indirect:
            if q.start <= span.start and span.end <= q.end + 1 and q.speaker is not None:
                return scaled(q.speaker, TRUST["in_clause"]), q.cue, "in_clause"
        return None

    def _by_cue_before(self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]) -> Found:
        """A cue before it in the same sentence: "X a déclaré : « … »", "X a dénoncé une « … »", "Selon X, « … »"."""
        doc = self.doc
        first = toks[0].i
        a = self.sent_bounds[self.sentence_of[first]][0]
        stops = self._cue_before_stops
        for k in range(bisect_left(stops, first) - 1, bisect_left(stops, a) - 1, -1):
            i = stops[k]
            tok = doc[i]
            if self.inside[i]:
                continue
            if tok.lower_ in SOURCE_PREPS or (tok.lower_ == "pour" and self._is_sentence_start(tok)):
                speaker = self._source_after(tok)  # "Selon X, « … »", "Pour le député X, le « … »"
                if speaker is not None and (tok.lower_ != "pour" or speaker.label in ("PER", "ORG")):
                    return speaker, "pour" if tok.lower_ == "pour" else "selon", "selon"
            cue = self.cue_of(tok)
            if cue is not None and not self.cues.is_fixed_word(tok):
                speaker = self._speaker_of(tok)
                if speaker is not None:
                    return scaled(speaker, cue.verb.weight), cue.lemma, "cue_before"
                break
        return None

    @cached_property
    def _cue_before_stops(self) -> list[int]:
        """The words :meth:`_by_cue_before` may stop at, going back from a quotation: a source preposition,
        "pour", a cue, outside marks. Found once, so that the words between are not walked again for each
        quotation of a long sentence."""
        doc = self.doc
        strings = doc.vocab.strings
        wanted = {strings[w] for w in (*SOURCE_PREPS, "pour") if w in strings}
        prepositions = {i for i, low in enumerate(doc.to_array("LOWER").tolist()) if low in wanted}
        return [
            i for i in sorted(prepositions | set(self.cues.at)) if not self.inside[i]
            and (i in prepositions or self.cue_of(doc[i]) is not None and not self.cues.is_fixed_word(doc[i]))
        ]

    def _by_governor(self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]) -> Found:
        """The verb that governs the quote, and its subject: "a qualifié les frappes d'« agression »"; or the
        quoted verb's own subject outside the marks: "Christophe Castaner « invite … »"."""
        first = toks[0].i
        a = self.sent_bounds[self.sentence_of[first]][0]
        for tok in toks:
            if tok.is_punct or tok.is_space:
                continue
            if tok.head.i == tok.i or not self.inside[tok.head.i]:
                for child in tok.children:
                    if child.dep_.startswith("nsubj") and not self.inside[child.i] and a <= child.i < toks[0].i:
                        speaker = resolve(child, self.coref)
                        if speaker is not None and speaker.label is not None:
                            return scaled(speaker, TRUST["quoted_subject"]), None, "quoted_subject"
                break
        head = _governor(toks)
        top = None
        steps = 0
        here = self.sentence_of[first]
        while head is not None and steps < 6 and self.sentence_of[head.i] == here:
            if head.pos_ in ("VERB", "AUX") and not self.inside[head.i]:
                top = head
                subj = self.subject(head)
                if subj is not None:
                    speaker = resolve(subj, self.coref)
                    cue = self.cue_of(head)
                    if speaker is not None and (cue is not None or speaker.label is not None):
                        factor = cue.verb.weight if cue else TRUST["governor_no_cue"]
                        return scaled(speaker, factor), cue.lemma if cue else None, "governor"
            if head.head.i == head.i:
                break
            head = head.head
            steps += 1
        top_cue = self.cue_of(top) if top is not None else None
        if top is not None and top_cue is not None:
            speaker = self._speaker_of(top)  # the parse lost the subject: the sentence's own
            if speaker is not None and speaker.label is not None:
                return scaled(speaker, TRUST["governor_lost"]), top_cue.lemma, "governor_lost"
        return None

    def _by_colon(self, span: MarkedSpan, toks: list[Token], indirect: list[FoundQuote]) -> Found:
        """A colon after a sentence whose subject is the speaker: "Elle se présente comme … : « … »"."""
        doc = self.doc
        first = toks[0].i
        colon = next((t for t in reversed(doc[max(0, first - 4) : first]) if not t.is_space and t.text != "«"), None)
        if colon is None or colon.text != ":" or self.inside[colon.i]:
            return None
        # the colon may end the paragraph before: "… vers la réconciliation :\n\n« … »"
        a = self.sent_bounds[self.sentence_of[colon.i]][0]
        for tok in reversed(doc[a : colon.i]):
            if tok.pos_ in ("VERB",) and not self.inside[tok.i]:
                subj = self.subject(tok)
                speaker = resolve(subj, self.coref) if subj is not None else None
                if speaker is not None:
                    return scaled(speaker, TRUST["colon"]), None, "colon"
        for tok in doc[a : colon.i]:
            if tok.pos_ == "NOUN" and tok.lower_ in speech_nouns() and not self.inside[tok.i]:
                speaker = resolve(tok, self.coref)  # "Les paroles de l'écrivain sont : « … »"
                if speaker is not None:
                    return scaled(speaker, TRUST["colon_noun"]), None, "colon_noun"
        return None

    def _incise_after(self, opening: int, last: int) -> tuple[Speaker, str] | None:
        """The speaker named in an incise after the quotation from token ``opening`` to its closing mark
        ``last``: ", a déclaré X", ", a-t-il ajouté", ", estime la CGT", ", a pour sa part commenté
        l'Automobile club", ", selon X"."""
        doc = self.doc
        k = last + 1
        limit = min(last + 12, len(doc))
        # a verb right after the closing mark, with no comma or dash, is an incise's only after a quotation
        # that opens its sentence ("« … » a déclaré X", common in haste) or ends in "?" or "!": in "Les
        # « super-bassines » inquiètent les agriculteurs", the verb is the writer's, and its object no speaker
        a = self.sent_bounds[self.sentence_of[opening]][0]
        inside_sentence = any(not (t.is_punct or t.is_space) for t in doc[a:opening])
        bare = (inside_sentence and k < len(doc) and doc[k].text not in _INCISE_OPENERS
                and doc[last - 1].text not in _QUOTATION_ENDS)
        while k < limit:
            tok = doc[k]
            if self.inside[k] or tok.text in SENTENCE_END:
                return None
            if tok.lower_ in ("et", "ou") and k + 1 < len(doc) and self.inside[k + 1]:
                # "« A » et « B », selon X": the incise after the second quotation speaks for both
                k += 1
                while k < len(doc) and self.inside[k]:
                    k += 1
                limit = min(k + 12, len(doc))
                bare = bare and k < len(doc) and doc[k].text not in _INCISE_OPENERS
                continue
            words = " ".join(t.lower_ for t in doc[k : k + 3])
            filler = next((f for f in word_list("incise_filler") if words.startswith(f)), None)
            if filler is not None:
                k += len(filler.split())
                continue
            if tok.lower_ in SOURCE_PREPS:
                speaker = self._source_after(tok)
                return (speaker, "selon") if speaker is not None else None
            if bare and tok.text not in _INCISE_OPENERS:
                return None
            cue = self.cue_of(tok)
            if cue is not None:
                if tok.morph.get("VerbForm") == ["Inf"] or present_participle(tok):
                    return None  # "…», estimant que l'éviction…": not an incise, the sentence goes on
                subj = self.subject(tok, inverted=True)
                if subj is None or subj.lower_.lstrip("-") == "on" or is_t_token(subj):
                    # "indique-t-on à la mairie": the place speaks; not "s'amuse un supporter à la sortie du stade"
                    on = subj is not None or any(t.lower_.lstrip("-").endswith("on") for t in doc[tok.i + 1 : tok.i + 3])
                    subj = (self._place_of_on(tok) if on else None) or subj
                speaker = resolve(subj, self.coref) if subj is not None else None
                return (scaled(speaker, cue.verb.weight), cue.lemma) if speaker is not None else None
            modal = self._modal_before_cue(tok)
            if modal is not None:
                # "« … », a tenu à préciser X", "a voulu rassurer X": the cue is the infinitive
                subj = self.subject(modal, inverted=True) or self.subject(tok, inverted=True)
                speaker = resolve(subj, self.coref) if subj is not None and not is_t_token(subj) else None
                cue = self.cue_of(modal)
                return (scaled(speaker, cue.verb.weight), cue.lemma) if speaker is not None and cue is not None else None
            if self._unknown_incise_verb(tok):
                # "« … », a tweeté Karine Vidal", "soupire un commerçant", "s'est emporté un élu": a verb the
                # lexicon lacks, in the place of an incise, before a name or someone
                subj = self.subject(tok, inverted=True)
                speaker = resolve(subj, self.coref) if subj is not None and subj.i > tok.i else None
                if speaker is not None and (speaker.label in ("PER", "ORG") or can_speak(subj)):
                    lemma = tok.lemma_.lower()
                    return scaled(speaker, TRUST["unknown_incise_verb"]), lemma[:-1] + "er" if lemma.endswith("é") else lemma
                return None
            if not (tok.is_space or tok.text in _INCISE_OPENERS or tok.pos_ in ("AUX", "ADV") or is_t_token(tok)
                    or tok.lower_ in INCISE_AUXILIARIES
                    or tok.lower_.lstrip("-") in ("il", "elle", "ils", "elles", "on") or tok.lower_ in DATIVES
                    or tok.lower_ in THIRD_PERSON_REFLEXIVES):
                return None
            k += 1
        return None

    def _modal_before_cue(self, tok: Token) -> Token | None:
        """The infinitive cue after a past participle of an incise: "a tenu à préciser", "a voulu
        rassurer", "a cru bon d'ajouter", "a fini par admettre" (None when ``tok`` is not such a participle)."""
        if tok.morph.get("VerbForm") != ["Part"] or tok.pos_ not in ("VERB", "AUX") or self.cue_of(tok) is not None:
            return None
        doc = self.doc
        j = tok.i + 1
        if j < len(doc) and doc[j].lower_ == "bon":
            j += 1
        if j < len(doc) and doc[j].lower_ in ("à", "de", "d'", "d’", "par"):
            j += 1
        if j >= len(doc) or self.inside[j] or doc[j].morph.get("VerbForm") != ["Inf"]:
            return None
        return doc[j] if self.cue_of(doc[j]) is not None else None

    def _unknown_incise_verb(self, tok: Token) -> bool:
        """A lowercase verb right after ", a", "," or ", s'est" (a form the tagger may call a noun or a name)
        followed by a capitalised name or a determiner and its noun: the shape of an incise whatever the
        verb ("soupire un commerçant", "s'agace une riveraine", "a tweeté Karine Vidal")."""
        doc = self.doc
        if (not tok.text.isalpha() or not tok.text.islower() or tok.pos_ not in ("VERB", "PROPN", "NOUN", "X")
                or tok.lower_ in _NOT_INCISE_VERBS or tok.lower_ in word_list("time_word")
                or tok.morph.get("Person") in (["1"], ["2"]) or tok.morph.get("VerbForm") == ["Inf"]
                or present_participle(tok)):  # "l'« affaire X », concernant la disparition…"
            return False
        before = [t for t in doc[max(0, tok.i - 4) : tok.i] if not t.is_space]
        if before and before[-1].lower_ in ("est", "sont") and len(before) > 1 and before[-2].lower_ in THIRD_PERSON_REFLEXIVES:
            before = before[:-1]  # "s'est emporté"
        if before and before[-1].lower_ in THIRD_PERSON_REFLEXIVES and len(before) > 1:
            before = before[:-1]  # "s'agace"
        if not before or not (before[-1].text == "," or before[-1].lower_ in ("a", "ont")):
            return False
        following = [t for t in doc[tok.i + 1 : tok.i + 7] if not t.is_space]
        if len(following) > 3 and following[0].text == following[2].text == "," and following[1].pos_ in ("ADJ", "VERB", "ADV"):
            following = following[3:]  # "», lâche, amer, un viticulteur": an adjective set off by commas
        if not following or self.inside[following[0].i]:
            return False
        nxt = following[0]
        if nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            return True
        # "un commerçant", "la jeune femme", "l'adjointe": a determiner, then a noun (or what the tagger made of one)
        return (nxt.pos_ == "DET" and nxt.lower_ in SPEAKER_DETERMINERS and len(following) > 1
                and (following[1].pos_ in ("NOUN", "ADJ", "PROPN", "VERB") or following[1].lower_ in ("un", "une", "autre"))
                and not self.inside[following[1].i])  # "l'un", "l'autre" too
