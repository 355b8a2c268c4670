"""Find every reported statement in a parsed document and attribute it to its speaker.

The order of work matters: indirect speech first (a cue verb and its que-clause, "selon X"), because
a quoted fragment inside a reported clause belongs to that clause's speaker; then each text in
quotation marks, attributed by the nearest cue (an incise after it, a cue before it, the verb that
governs it), and failing that by the speaker it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.symbols import ADJ, AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from ..cues import Cue, cue_at, is_fixed_word_of_cue
from ..entities import Cluster, furniture_lines
from ..lexicon import speech_nouns
from ..marks import MarkedSpan, find_marked_spans
from ..speakers.coref import Coreference
from ..speakers.subject import (
    Speaker,
    can_speak,
    is_t_token,
    noun_phrase,
    present_participle,
    resolve,
    subject_of,
)
from . import interviews

_SENT_END = {".", "!", "?", "…", "...", "!?", "?!"}
_SOURCE_PREPS = ("selon", "d'après", "d’après")
# "selon moi/nous" is the speaker's own voice inside a quotation; "selon lui/elle/eux" points back to someone
_NOT_SOURCE = {"lequel", "laquelle", "lesquels", "lesquelles", "que", "qu'", "qu’", "moi", "toi", "nous", "vous"}
# what bounds the phrase a "selon X" without a comma vouches for
_SOURCE_BOUNDARIES = {":", ";", "(", ")", "—", "–"}
# "nommé d'après X": named after X, not according to X
_NAMED_AFTER = {"nommé", "nommée", "nommés", "nommées", "baptisé", "baptisée", "baptisés", "appelé", "appelée", "surnommé", "surnommée"}
# "indique-t-on à la mairie", "peut-on lire sur le site de X": where the impersonal "on" speaks from
_PLACE_OF_ON = ("à", "au", "aux", "auprès", "chez", "dans", "sur", "du", "de")
# nouns that name a thing whose name follows in marks: « … » is then a name, not a quotation
_NAMING = re.compile(
    r"(?:opération|plan|loi|projet|programme|dispositif|film|livre|roman|ouvrage|album|chanson|série|émission|"
    r"journal|magazine|hebdomadaire|quotidien|slogan|hashtag|mot-dièse|surnom|surnommée?s?|baptisée?s?|intitulée?s?|"
    r"appelée?s?|nommée?s?|dite?s?|mot|terme|expression|formule|label|marque|mouvement|collectif|campagne|"
    r"affaire|festival|prix|concours|spectacle|exposition|pièce|tempête|ouragan|rubrique|titre|thème|"
    r"sommet|réforme|pacte|accord|traité|charte|manifeste|appel|pétition|groupe|parti|liste|équipe|club|"
    r"association|fondation|coalition|réseau|site|application|logiciel|jeu|candidature|stratégie)\W*$",
    re.IGNORECASE,
)


# words that open a new clause after a comma: a reported clause does not run past them
_CLAUSE_BREAKS = {"avant", "après", "pour", "afin", "alors", "tandis", "mais", "puis", "ainsi", "en", "sans"}
# adverbials that may stand between a quotation and its incise: "», a pour sa part commenté X"
_INCISE_FILLERS = (
    "pour sa part", "pour leur part", "de son côté", "de leur côté", "à son tour", "à leur tour",
    "quant à lui", "quant à elle", "lui aussi", "elle aussi", "pour sa défense", "pour finir", "plus tard",
)


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


_CUE_POS = frozenset({VERB, AUX, NOUN, ADJ, PROPN})


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
        elif text in _SENT_END and not inside[i]:
            nxt = i + 1
            if nxt >= n_tokens or texts[nxt] not in ("»", "”", '"', ",", ")") or not texts[nxt].strip():
                n += 1
        elif text in ("»", "”", '"') and 1 <= i < n_tokens - 1:
            # "… terrain. » Le ministère a assuré": the quotation ended a sentence
            prev = next((t for t in reversed(texts[max(0, i - 3) : i]) if t.strip()), None)
            nxt_text = next((t for t in texts[i + 1 : i + 3] if t.strip()), None)
            if prev in _SENT_END and nxt_text is not None and nxt_text[:1].isupper():
                n += 1
    return sentence_of


class Attributor:
    """One document's quotes, found and attributed (see the module docstring for the order)."""

    def __init__(self, doc: Doc, clusters: list[Cluster]) -> None:
        self.doc = doc
        self.text = doc.text
        spans, self.warnings = find_marked_spans(self.text)
        furniture = furniture_lines(self.text)
        self.marked = [s for s in spans if s.depth == 0 and not any(a <= s.open < b for a, b in furniture)]
        self.inside = [False] * len(doc)
        self.token_of_char = {}
        for span in self.marked:
            for tok in self.tokens(span.open, span.close + 1):
                self.inside[tok.i] = True
        self.sentence_of = writer_sentences(doc, self.inside, self.text)
        self.sent_bounds: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(self.sentence_of):
            a = self.sent_bounds[s][0] if s in self.sent_bounds else i
            self.sent_bounds[s] = (a, i + 1)
        self.inside_idx = {i for i, v in enumerate(self.inside) if v}
        self._cues: dict[int, Cue | None] = {}
        self.coref = Coreference(doc, clusters, self.sentence_of, self.inside_idx)

    # -- helpers -------------------------------------------------------------------------------
    def tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _sentence_tokens(self, i: int) -> list[Token]:
        a, b = self.sent_bounds[self.sentence_of[i]]
        return list(self.doc[a:b])

    def cue_of(self, tok: Token) -> Cue | None:
        if self.inside[tok.i] or tok.pos_ not in ("VERB", "AUX", "NOUN", "ADJ", "PROPN"):
            return None
        if tok.i not in self._cues:
            self._cues[tok.i] = cue_at(tok)
        return self._cues[tok.i]

    # -- indirect speech -----------------------------------------------------------------------
    def indirect(self) -> list[FoundQuote]:
        found = []
        doc = self.doc
        # only the words that can open a report: a cue's part of speech, or selon/d'après/pour (read
        # from arrays: a Token object per word costs more than the search)
        pos = doc.to_array("POS").tolist()
        lower = doc.to_array("LOWER").tolist()
        strings = doc.vocab.strings
        preps = {strings[w] for w in (*_SOURCE_PREPS, "d'", "d’", "pour") if w in strings}
        for i, (p, w) in enumerate(zip(pos, lower)):
            if self.inside[i] or (p not in _CUE_POS and w not in preps):
                continue
            tok = doc[i]
            if tok.lower_ in _SOURCE_PREPS or (tok.lower_ in ("d'", "d’") and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "après"):
                q = self._according_to(tok)
                if q is not None:
                    found.append(q)
                continue
            if tok.lower_ == "pour" and self._is_sentence_start(tok):
                q = self._according_to(tok)
                if q is not None:
                    found.append(q)
                continue
            cue = self.cue_of(tok)
            if cue is None or is_fixed_word_of_cue(tok):
                continue
            q = self._reported_clause(cue)
            if q is not None:
                found.append(q)
        return found

    def _is_sentence_start(self, tok: Token) -> bool:
        a, _ = self.sent_bounds[self.sentence_of[tok.i]]
        return all(t.is_space or t.is_punct for t in self.doc[a : tok.i])

    def _clause_last(self, verb: Token, clause: Token, sentence_end: int) -> int:
        """The last token of a reported clause: its subtree, and what hangs from the quoted words inside
        it, which the parser often attaches elsewhere; it stops at the first word that belongs to
        neither ("…, et compte demander…", the main clause after "si X a annoncé que…")."""
        members = {t.i for t in clause.subtree}
        for k in range(clause.left_edge.i + 1, sentence_end):
            tok = self.doc[k]
            if self.inside[k]:
                continue
            if self._new_clause_at(k):
                return k - 1  # even where the parser hung the new clause inside this one
            if k in members:
                continue
            if tok.head.i not in members and not self.inside[tok.head.i]:
                return k - 1
            nxt = next((t for t in self.doc[k + 1 : k + 3] if not t.is_space), None)
            if tok.lower_ in ("et", "mais", "puis") and nxt is not None and nxt.pos_ in ("VERB", "AUX") and not self.inside[nxt.i]:
                return k - 1  # "… que le jugement « doit être annulé » et compte demander …"
            members.add(k)  # hangs from the quoted words: still the clause
        return sentence_end - 1

    def _new_clause_at(self, k: int) -> bool:
        """Does a new clause of the writer start at token ``k``? A comma before a word that opens one
        ("…, avant de préciser", "…, tandis que"), unless a que continues the report ("…, mais que…");
        a coordinated or participial cue ("… et dit regretter", "…, précisant que"); a colon before a
        quotation."""
        tok = self.doc[k]
        if tok.text not in (",", ":") and tok.lower_ not in ("et", "mais", "puis"):
            return False
        after = [t for t in self.doc[k + 1 : k + 4] if not t.is_space]
        if not after:
            return False
        if self.inside[after[0].i]:
            return tok.text == ":"  # "… annonce vouloir se battre : « Comment ne pas… »": a quotation of its own
        if tok.text == ":":
            return False
        if tok.text == "," and after[0].lower_ in _CLAUSE_BREAKS:
            if after[0].lower_ == "mais" and len(after) > 1 and after[1].lower_ in ("que", "qu'", "qu’"):
                return False
            incise = next((t for t in self.doc[k + 2 : k + 6] if t.text == "," or t.pos_ in ("VERB", "AUX")), None)
            return incise is None or incise.text != ","  # "que, pour eux, quelqu'un…": an incise
        verb = next((t for t in after[:2] if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.morph.get("VerbForm") == ["Inf"] or any(t.pos_ != "AUX" for t in after[: after.index(verb)]):
            return False  # "permet d'analyser et d'expliquer…": an infinitive of the clause, not a new report
        cue = self.cue_of(verb)
        return cue is not None and cue.verb.cls == "speech" and not is_fixed_word_of_cue(verb)

    def _scan_clause_last(self, first: int, sentence_end: int) -> int:
        """The last token of a clause the parser did not attach: up to the sentence end, or to a new
        clause after a comma ("…, avant de préciser…") or a coordinated verb ("… et compte…")."""
        for k in range(first + 1, sentence_end):
            if self.inside[k]:
                continue
            tok = self.doc[k]
            nxt = next((t for t in self.doc[k + 1 : k + 3] if not t.is_space), None)
            if nxt is None:
                break
            if self._new_clause_at(k):
                return k - 1
            if tok.lower_ in ("et", "mais", "puis") and nxt.pos_ in ("VERB", "AUX") and not self.inside[nxt.i]:
                return k - 1
        return sentence_end - 1

    def _clause_end(self, last: int, sentence_end: int) -> int:
        """Character offset where a reported clause ends: its last token, before final punctuation."""
        end_tok = min(last, sentence_end - 1)
        while end_tok > 0 and (self.doc[end_tok].is_punct and self.doc[end_tok].text not in ("»", "”", '"', ")") or self.doc[end_tok].is_space):
            end_tok -= 1
        return self.doc[end_tok].idx + len(self.doc[end_tok].text)

    def _reported_clause(self, cue: Cue) -> FoundQuote | None:
        verb = cue.token
        frames = cue.verb.frames
        if _negated(verb) or _restrictive(verb):
            return None  # "la CFDT n'a pas indiqué si elle s'associerait…": nothing was said
        a, b = self.sent_bounds[self.sentence_of[verb.i]]
        for child in (c for head in cue.heads for c in head.children):
            if child.i < verb.i or self.inside[child.left_edge.i]:
                continue  # a clause that opens inside quotation marks belongs to the quotation
            clause_start = self._clause_start(child, frames, cue.verb.cls)
            if clause_start is not None:
                last = self._clause_last(verb, child, b)
                end = self._clause_end(last, b)
                start = self._after_quoted_part(clause_start.i, last)
                if end - start < 8:
                    return None
                return self._with_speaker(start, end, cue, verb)
        # a complementizer the parser did not attach: "a confié à X lundi sur BFMTV qu'il…",
        # "recommande aux compagnies de réduire…"
        # the cue's direct object: a que right after it is a relative ("a ordonné une frappe sur une
        # base qu'il considère…"), unless the object is a name ("a averti Moscou que…")
        objects = {t.i for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN" for t in c.subtree}
        for tok in self.doc[verb.i + 1 : min(verb.i + 14, b)]:
            if self.inside[tok.i] or tok.is_punct and tok.text not in ("-", "–"):
                break
            if tok.pos_ in ("VERB", "AUX") and tok.text.islower():
                break
            nxt = self.doc[tok.i + 1] if tok.i + 1 < b else None
            prev = self.doc[tok.i - 1]
            relative = prev.pos_ in ("NOUN", "ADJ") and (prev.i in objects or tok.pos_ == "PRON" and tok.dep_ == "obj")
            opens = tok.lower_ in ("que", "qu'", "qu’") and not relative and prev.lower_ not in _CONJUNCTION_QUE and "que" in frames
            opens = opens or (
                tok.lower_ in ("de", "d'", "d’") and "de_inf" in frames and nxt is not None
                and nxt.morph.get("VerbForm") == ["Inf"]
            )
            if opens:
                end = self._clause_end(self._scan_clause_last(tok.i, b), b)
                return self._with_speaker(tok.idx, end, cue, verb) if end - tok.idx >= 8 else None
        # "Les vents étaient puissants, précise la compagnie.": the incise comes after the clause
        if ("que" in frames or "quote" in frames) and cue.verb.cls == "speech" and verb.i > a + 3:
            subj_before = any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children)
            after = [t for t in self.doc[verb.i + 1 : b] if not t.is_punct and not t.is_space]
            finite = verb.morph.get("VerbForm") == ["Fin"] and verb.morph.get("Person") != ["1"]
            shape = bool(after) and len(after) <= 7 and after[0].pos_ in ("DET", "PROPN", "NOUN")
            if finite and shape and not subj_before and not any(self.inside[t.i] for t in self.doc[a:b]):
                before = [t for t in self.doc[a : verb.i] if not t.is_space]
                while before and (before[-1].is_punct or before[-1].pos_ == "AUX" or before[-1].lower_ in ("-t", "t")):
                    before.pop()
                if len(before) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in before):
                    speaker_tok = subject_of(verb, self.inside_idx, inverted=True)
                    speaker = resolve(speaker_tok, self.coref) if speaker_tok is not None else None
                    start, end = before[0].idx, before[-1].idx + len(before[-1].text)
                    return FoundQuote(start, end, "indirect", speaker, cue.lemma, "clause_incise")
        return None

    def _after_quoted_part(self, first: int, last: int) -> int:
        """Where the writer's own words of a reported clause start: "a précisé que « … » et qu'il
        importait peu…" reports the quotation (a quote of its own) and then the clause after "et que"."""
        for k in range(first + 1, last):
            tok = self.doc[k]
            if not self.inside[k] and tok.lower_ in ("et", "mais") and _is_complementizer(self.doc[k + 1]):
                if self._all_in_marks(self.doc[first:k]):
                    return self.doc[k + 1].idx
                break
        return self.doc[first].idx

    def _clause_start(self, child: Token, frames: frozenset[str], cls: str = "speech") -> Token | None:
        """Where the reported clause headed by ``child`` starts, if the cue's frames admit it: a
        que- or si-clause ("a déclaré que…", "se demande si…"), de + infinitive ("a promis de…"),
        a bare infinitive ("a reconnu avoir menti")."""
        marks = [c for c in child.children if c.dep_ == "mark"]
        first = child.left_edge
        if "que" in frames and child.dep_ in ("ccomp", "advcl", "obj", "xcomp") and _is_predicate(child):
            if _is_complementizer(first):
                return first
            if marks and _is_complementizer(marks[0]):
                return marks[0]
        # an infinitive copula the parser took for an oblique: "a confirmé le 25 mars être à l'origine de…"
        copula_oblique = child.dep_.startswith("obl") and first.morph.get("VerbForm") == ["Inf"] and first.dep_ == "cop"
        if _is_infinitive_clause(child) and (child.dep_ in ("xcomp", "ccomp", "obj", "advcl", "acl") or copula_oblique):
            mark = marks[0].lower_ if marks else ""
            if (mark in ("de", "d'", "d’") and "de_inf" in frames) or (not mark and "inf" in frames):
                return first
            if mark in ("à", "a") and "a_inf" in frames and cls != "request":
                return first  # "s'engage à soutenir"; a request ("appelle à manifester") reports no statement
        return None

    def _speaker_of(self, verb: Token) -> Speaker | None:
        """The speaker of a cue verb: its subject, or when the parse lost it, the nearest subject or
        named entity before it in the sentence. A passive cue's speaker is its agent ("accusé par X")."""
        passive = any(c.dep_ == "aux:pass" for c in verb.children) or verb.morph.get("Voice") == ["Pass"]
        for child in verb.children:
            by = any(c.lower_ == "par" for c in child.children if c.dep_ == "case")
            if child.dep_ == "obl:agent" or (by and (passive or verb.morph.get("VerbForm") == ["Part"])):
                return resolve(child, self.coref)
        if passive:
            return None
        subj = subject_of(verb, self.inside_idx)
        if subj is not None and self.sentence_of[subj.i] == self.sentence_of[verb.i]:
            return resolve(subj, self.coref)
        a, b = self.sent_bounds[self.sentence_of[verb.i]]
        for tok in self.doc[a:b]:
            # "Dans un communiqué de l'aéroport, on apprend que…": the document's author speaks
            if tok.pos_ == "NOUN" and tok.lower_ in speech_nouns() and not self.inside[tok.i]:
                if any(c.lower_ == "dans" for c in tok.children if c.dep_ == "case"):
                    speaker = resolve(tok, self.coref)
                    if speaker is not None and speaker.mention != tok.text:
                        return _scaled(speaker, 0.85)
        for tok in reversed(self.doc[a : verb.i]):
            if self.inside[tok.i]:
                break
            if tok.dep_ in ("nsubj", "nsubj:pass") and tok.pos_ in ("NOUN", "PROPN"):
                speaker = resolve(tok, self.coref)
                return _scaled(speaker, 0.8) if speaker else None
        for tok in self.doc[a : verb.i]:
            if self.inside[tok.i] or tok.dep_ in ("nmod", "obl", "obl:mod", "obl:arg"):
                continue
            k = self.coref.cluster_at.get(tok.i)
            if k is not None and self.coref.infos[k].cluster.label in ("PER", "ORG"):
                head = tok
                while head.dep_ in ("flat:name", "flat") and head.head.i < head.i:
                    head = head.head
                if not any(c.dep_ == "case" for c in head.children):
                    speaker = resolve(tok, self.coref)
                    return _scaled(speaker, 0.7) if speaker else None
        return None

    def _quotation_with_incise(self, toks: list[Token]) -> bool:
        """ "« J'ai reçu beaucoup d'encouragements », dit-il": a quotation and its own incise."""
        outside = [t for t in toks if not self.inside[t.i] and not t.is_punct and not t.is_space]
        return len(outside) <= 4 and len(outside) < len(toks) / 3 and any(self.cue_of(t) for t in outside)

    def _all_in_marks(self, toks: list[Token]) -> bool:
        """Are all the words of a clause, but its first, in quotation marks? A "selon lui" between
        commas does not count ("que, selon lui, « … »")."""
        outside = [t for t in toks if not self.inside[t.i] and not t.is_punct and not t.is_space]
        if len(outside) == 3 and outside[1].lower_ in _SOURCE_PREPS and outside[2].pos_ == "PRON":
            return True
        return bool(toks) and len(outside) <= 1

    def _with_speaker(self, start: int, end: int, cue: Cue, verb: Token) -> FoundQuote | None:
        a, b = self.sent_bounds[self.sentence_of[verb.i]]
        if self._all_in_marks(self.tokens(start, end)):
            return None  # "a annoncé que « … »": the quotation itself is the statement
        speaker = self._speaker_of(verb)
        if speaker is not None:
            speaker = _scaled(speaker, cue.verb.weight)
        return FoundQuote(start, end, "indirect", speaker, cue.lemma, "clause")

    def _according_to(self, prep: Token) -> FoundQuote | None:
        """ "selon X, P", "P, selon X", "d'après X, P", "pour X, P": P is X's statement."""
        doc = self.doc
        j = prep.i + (2 if prep.lower_ in ("d'", "d’") else 1)
        source = None
        for tok in doc[j : j + 8]:
            if tok.is_punct or tok.lower_ in _NOT_SOURCE:
                break
            if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "PRON" and tok.lower_ not in _NOT_SOURCE):
                source = tok
                break
        if source is None or self.inside[source.i]:
            return None
        # the head of the source phrase: "selon le ministère de l'Intérieur" -> ministère
        while source.dep_ in ("flat:name", "flat", "fixed") and source.head.i < source.i:
            source = source.head
        if source.pos_ == "NOUN" and not self._issuer_in(source):
            return None  # "délivré selon une autre procédure", "en fin d'après-midi": no one speaks
        if prep.i > 0 and doc[prep.i - 1].lower_ in _NAMED_AFTER:
            return None  # "une loi nommée d'après un défenseur": named after, not according to
        a, b = self.sent_bounds[self.sentence_of[prep.i]]
        # the source phrase runs to the next comma; without one, as far as the parser's subtree goes
        phrase_end = next((k for k in range(j, b) if doc[k].text in (",", ";", ":") or self.inside[k]), None)
        opens_sentence = all(t.is_punct or t.is_space or t.pos_ in ("ADV", "CCONJ") or t.lower_ in ("en", "effet") for t in doc[a : prep.i])
        if phrase_end is not None and opens_sentence and doc[phrase_end].text == ",":
            # "Pour le député X, soutien de Y, …": an apposition without a verb belongs to the source
            nxt = next((k for k in range(phrase_end + 1, b) if doc[k].text in (",", ";", ":") or self.inside[k]), None)
            if nxt is not None and doc[nxt].text == "," and not any(
                t.pos_ in ("VERB", "AUX") for t in doc[phrase_end + 1 : nxt]
            ):
                phrase_end = nxt
        if phrase_end is None:
            phrase_end = max(t.i for t in source.subtree if t.i >= prep.i and not self.inside[t.i]) + 1
            phrase_end = min(phrase_end, b)
        if prep.lower_ == "pour":
            if source.i not in self.coref.cluster_at and not (source.pos_ == "NOUN" and _is_role_like(source)):
                return None
            if phrase_end >= b or doc[phrase_end].text != ",":
                return None
        speaker = resolve(source, self.coref)
        if speaker is None:
            return None
        speaker = _scaled(speaker, 0.95)
        before = [t for t in doc[a : prep.i] if not t.is_space]
        # "P selon X, …" with no comma before selon, and X closing the clause: X vouches for what comes
        # just before, back to a colon or a bracket ("…, il ne s'agirait pas d'un attentat selon la police,
        # qui précise…"; "… : 5,5 millions selon Le Dauphiné.")
        source_end = min(max(t.i for t in source.subtree if t.i >= prep.i) + 1, b)
        closes = source_end >= b or doc[source_end].text in (",", ".", ";", ":", ")", "!", "?")
        attached = closes and prep.i > a and doc[prep.i - 1].text not in (",", "(", "—", "–") and not doc[prep.i - 1].is_space
        if attached:
            cut = max((k for k, t in enumerate(before) if t.text in _SOURCE_BOUNDARIES and not self.inside[t.i]), default=-1)
            before = before[cut + 1 :]
            while before and before[0].is_punct and before[0].text not in ("«", "“", '"'):
                before.pop(0)
        after = [t for t in doc[phrase_end:b] if not t.is_space]
        while after and (after[0].is_punct and after[0].text not in ("«", "“", '"')):
            after.pop(0)
        if after and after[0].lower_ in ("qui", "dont", "lequel", "laquelle"):
            after = []  # "…, selon M. Henriksen, qui plaide pour…": the relative clause describes the source
        while before and before[-1].is_punct:
            before.pop()
        while after and after[-1].is_punct and after[-1].text not in ("»", "”", '"', ")"):
            after.pop()
        if self._all_in_marks(after) and len(after) >= 3:
            return None  # "À 10 h 23, selon Météo-France, « … »": the marked quote is the statement
        content = after if len(after) >= len(before) else before
        if attached and len(before) >= 3:
            content = before
        elif len(before) >= 3 and len(after) >= 3:
            content = [t for t in doc[a:b] if not t.is_space]  # "X est, selon Y, Z": the whole sentence
            while content and content[-1].is_punct and content[-1].text not in ("»", "”", '"', ")"):
                content.pop()
        if len(content) < 3:
            return None
        if self._all_in_marks(content) or self._quotation_with_incise(content):
            return None  # "selon X, « … »": a marked quote, attributed with the marks
        start, end = content[0].idx, content[-1].idx + len(content[-1].text)
        cue = "selon" if prep.lower_ == "selon" else ("pour" if prep.lower_ == "pour" else "d'après")
        return FoundQuote(start, end, "indirect", speaker, cue, "selon")

    # -- quotation marks -----------------------------------------------------------------------
    def marked_quotes(self, indirect: list[FoundQuote]) -> list[FoundQuote]:
        found: list[FoundQuote] = []
        previous: FoundQuote | None = None
        previous_sentence = -10
        for span in self.marked:
            toks = self.tokens(span.open, span.close + 1)
            if not toks:
                continue
            kind = self._kind(span, toks)
            if kind is None:
                continue
            inner = self._inner_incise(toks) if kind == "direct" else None
            if inner is not None:  # "« A, confiait Hamon en 2010. B »": two statements of the incise's speaker
                cut, resume, speaker, cue = inner
                for start, end in ((span.start, cut), (resume, span.end)):
                    q = FoundQuote(start, end, kind, speaker, cue, "incise")
                    found.append(q)
                if speaker.cluster is not None:
                    self.coref.note_speaker(toks[0].i, speaker.cluster)
                previous, previous_sentence = q, self.sentence_of[toks[-1].i]
                continue
            speaker, cue, how = self._marked_speaker(span, toks, kind, indirect)
            here = self.sentence_of[toks[0].i]
            # reported speech since the last quotation: the statement goes on from there, if anywhere
            reported = [q for q in indirect if (previous is None or q.start > previous.end) and q.end <= span.open]
            if reported:
                previous = reported[-1]
                previous_sentence = self.sentence_of[self.tokens(previous.start, previous.end)[-1].i]
            if speaker is None and kind == "direct" and previous is not None and previous.speaker is not None:
                if here - previous_sentence <= 2 and not self._named_subject_between(
                    previous.end, span.open, previous.speaker.cluster
                ):
                    speaker = _scaled(previous.speaker, 0.65)
                    cue, how = previous.cue, "continuation"
            if speaker is None and kind == "direct":
                speaker = interviews.dash_line_speaker(self, toks[-1])  # "— Paul Mercier, secrétaire général"
                how = "dash_line" if speaker is not None else how
            if speaker is None and kind == "direct" and self._starts_sentence(toks[0]):
                speaker = self._previous_subject(toks[0])
                how = "previous_subject" if speaker is not None else how
            content = span.content(self.text)
            tentative = speaker is None and (
                kind == "partial" and not _looks_like_statement(content)  # scare quotes with nobody behind them
                or kind == "direct" and _looks_like_title(content) and not self._incise_shape(toks[-1].i)  # a headline
            )
            q = FoundQuote(span.start, span.end, kind, speaker, cue, how, tentative)
            if speaker is not None:
                if speaker.cluster is not None:
                    self.coref.note_speaker(toks[0].i, speaker.cluster)
                previous, previous_sentence = q, self.sentence_of[toks[-1].i]
            found.append(q)
        return found

    def _inner_incise(self, toks: list[Token]) -> tuple[int, int, Speaker, str] | None:
        """An incise written inside the marks: "« A, confiait d'ailleurs Hamon en 2010. B »",
        "« A, dit-il, B »". Returns where the first part ends, where the second starts, the speaker
        and the cue; None when the words in marks hold no incise."""
        doc = self.doc
        words = [t for t in toks if not t.is_space]
        for n, comma in enumerate(words[1:-3], start=1):
            if comma.text != ",":
                continue
            k = n + 1
            while k < len(words) and (words[k].pos_ == "AUX" and words[k].lower_ in ("a", "ont", "avait", "avaient")):
                k += 1
            verb = words[k] if k < len(words) else None
            if verb is None or verb.pos_ != "VERB" or verb.morph.get("Person") in (["1"], ["2"]):
                continue
            cue = cue_at(verb)  # inside the marks, where cue_of does not look
            if cue is None or cue.verb.cls != "speech" or any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children):
                continue
            subj = subject_of(verb, set(), inverted=True)
            if subj is None or subj.i < verb.i or subj.i > verb.i + 4 or subj.lower_.lstrip("-") == "on":
                continue
            speaker = resolve(subj, self.coref)
            if speaker is None or speaker.label is None and not is_t_token(doc[subj.i - 1]) and subj.pos_ != "PRON":
                continue
            # the incise ends at the next comma or full stop, within a few words
            stop = next((t for t in doc[subj.i + 1 : min(subj.i + 8, words[-1].i)] if t.text in (",", ".", ";")), None)
            if stop is None:
                continue
            nxt = next((t for t in doc[stop.i + 1 : words[-1].i + 1] if not t.is_space), None)
            if nxt is None:
                return None
            end = comma.idx
            return end, nxt.idx, _scaled(speaker, cue.verb.weight), cue.lemma
        return None

    def _incise_shape(self, last: int) -> bool:
        """ "« … », a-t-il dit", "« … », indique-t-on": a comma and a verb after the closing mark."""
        after = [t for t in self.doc[last + 1 : last + 5] if not t.is_space]
        return len(after) >= 2 and after[0].text == "," and any(t.pos_ in ("VERB", "AUX") for t in after[1:])

    def _starts_sentence(self, tok: Token) -> bool:
        a = self.sent_bounds[self.sentence_of[tok.i]][0]
        return all(t.is_space or t.is_punct for t in self.doc[a : tok.i])

    def _previous_subject(self, tok: Token) -> Speaker | None:
        """ "X a tenté de le prévenir. « … »": the subject of the sentence before, if a named person."""
        here = self.sentence_of[tok.i]
        if here == 0:
            return None
        a, b = self.sent_bounds[here - 1]
        for t in self.doc[a:b]:
            if not self.inside[t.i] and t.dep_ == "nsubj" and t.head.dep_ == "ROOT":
                speaker = resolve(t, self.coref)
                if speaker is not None and speaker.label == "PER":
                    return _scaled(speaker, 0.6)
                return None
        return None

    def _named_subject_between(self, start: int, end: int, speaker: int | None) -> bool:
        """Is someone other than ``speaker`` the subject of a sentence between two quotes?"""
        for tok in self.tokens(start, end):
            if not self.inside[tok.i] and tok.dep_.startswith("nsubj") and tok.i in self.coref.cluster_at:
                if self.coref.cluster_at[tok.i] != speaker:
                    return True
        return False

    def _kind(self, span: MarkedSpan, toks: list[Token]) -> str | None:
        content = span.content(self.text)
        words = content.split()
        a, _ = self.sent_bounds[self.sentence_of[toks[0].i]]
        before = self.text[self.doc[a].idx : span.open].strip()
        starts = not before or before.endswith(":") or before.endswith("—") or before.endswith("(")
        opens_on_verb = toks[0].pos_ in ("VERB", "AUX") or (len(toks) > 1 and toks[1].pos_ in ("VERB", "AUX") and toks[0].text in ("«", "“", '"'))
        if not starts and _NAMING.search(before[-40:]) and len(words) <= 8 and not opens_on_verb:
            return None  # "le plan « Vigipirate »"; but "la réforme « va dans le bon sens »" is a statement
        if len(words) <= 6 and _is_title_case(words) and not starts:
            return None
        if (
            self._names_the_noun_before(toks[0].i) and content[:1].isupper() and len(words) <= 8
            and not _ends_sentence(content)
        ):
            return None  # "le portail « Arbeit macht frei »", "un groupe : « Les stylos rouges »"
        if starts and (len(words) >= 3 or content[-1:] in ".!?…"):
            return "direct"
        if content[:1].isupper() and len(words) >= 5 and (before.endswith(",") or _ends_sentence(content)):
            return "direct"
        if not before.strip(" ,") and len(words) >= 3:
            return "direct"
        return "partial"

    def _names_the_noun_before(self, first: int) -> bool:
        """Is the text in marks the name of the noun just before it (and its translation after)?"""
        prev = [t for t in self.doc[max(0, first - 3) : first] if not t.is_space and t.text not in (":", "(")]
        if not prev:
            return False
        if prev[-1].text in ("»", "”", '"') and self.doc[first - 1].text == "(":
            # "« Arbeit macht frei » ( « Le travail rend libre » )": a translation goes with its original
            original = next((m for m in self.marked if m.close == prev[-1].idx), None)
            opening = self.tokens(original.open, original.open + 1) if original else []
            return bool(opening) and self._names_the_noun_before(opening[0].i)
        return prev[-1].pos_ == "NOUN" and prev[-1].text.islower() and not self.inside[prev[-1].i]

    def _marked_speaker(
        self, span: MarkedSpan, toks: list[Token], kind: str, indirect: list[FoundQuote]
    ) -> tuple[Speaker | None, str | None, str]:
        doc = self.doc
        # 1. an incise right after the closing mark: "« … », a déclaré X" / "a-t-il ajouté" / "estime la CGT"
        found = self._incise_after(toks[-1].i)
        if found is not None:
            return (*found, "incise")
        # 2. inside a reported clause: the clause's speaker
        for q in indirect:
            if q.start <= span.start and span.end <= q.end + 1 and q.speaker is not None:
                return _scaled(q.speaker, 0.98), q.cue, "in_clause"
        # 3. a cue before it in the same sentence: "X a déclaré : « … »", "X a dénoncé une « … »"
        first = toks[0].i
        a = self.sent_bounds[self.sentence_of[first]][0]
        for i in range(first - 1, a - 1, -1):
            tok = doc[i]
            if self.inside[i]:
                continue
            if tok.lower_ in _SOURCE_PREPS or (tok.lower_ == "pour" and self._is_sentence_start(tok)):
                speaker = self._source_after(tok)  # "Selon X, « … »", "Pour le député X, le « … »"
                if speaker is not None and (tok.lower_ != "pour" or speaker.label in ("PER", "ORG")):
                    return speaker, "pour" if tok.lower_ == "pour" else "selon", "selon"
            cue = self.cue_of(tok)
            if cue is not None and not is_fixed_word_of_cue(tok):
                speaker = self._speaker_of(tok)
                if speaker is not None:
                    return _scaled(speaker, cue.verb.weight), cue.lemma, "cue_before"
                break
        # 4. the verb that governs the quote, and its subject: "a qualifié les frappes d'« agression »";
        # or the quoted verb's own subject outside the marks: "Christophe Castaner « invite … »"
        for tok in toks:
            if tok.is_punct or tok.is_space:
                continue
            if tok.head.i == tok.i or not self.inside[tok.head.i]:
                for child in tok.children:
                    if child.dep_.startswith("nsubj") and not self.inside[child.i] and a <= child.i < toks[0].i:
                        speaker = resolve(child, self.coref)
                        if speaker is not None and speaker.label is not None:
                            return _scaled(speaker, 0.8), None, "quoted_subject"
                break
        head = _governor(toks, self.inside)
        top = None
        steps = 0
        here = self.sentence_of[first]
        while head is not None and steps < 6 and self.sentence_of[head.i] == here:
            if head.pos_ in ("VERB", "AUX") and not self.inside[head.i]:
                top = head
            if head.pos_ in ("VERB", "AUX") and not self.inside[head.i]:
                subj = subject_of(head, self.inside_idx)
                if subj is not None:
                    speaker = resolve(subj, self.coref)
                    cue = self.cue_of(head)
                    if speaker is not None and (cue is not None or speaker.label is not None):
                        factor = cue.verb.weight if cue else 0.75
                        return _scaled(speaker, factor), cue.lemma if cue else None, "governor"
            if head.head is head:
                break
            head = head.head
            steps += 1
        if top is not None and self.cue_of(top) is not None:
            speaker = self._speaker_of(top)  # the parse lost the subject: the sentence's own
            if speaker is not None and speaker.label is not None:
                return _scaled(speaker, 0.7), self.cue_of(top).lemma, "governor_lost"
        # 5. a colon after a sentence whose subject is the speaker: "Elle se présente comme … : « … »"
        colon = next((t for t in reversed(doc[max(0, first - 4) : first]) if not t.is_space and t.text != "«"), None)
        if colon is not None and colon.text == ":" and not self.inside[colon.i]:
            # the colon may end the paragraph before: "… vers la réconciliation :\n\n« … »"
            a = self.sent_bounds[self.sentence_of[colon.i]][0]
            first = colon.i
            for tok in reversed(doc[a:first]):
                if tok.pos_ in ("VERB",) and not self.inside[tok.i]:
                    subj = subject_of(tok, self.inside_idx)
                    speaker = resolve(subj, self.coref) if subj is not None else None
                    if speaker is not None:
                        return _scaled(speaker, 0.8), None, "colon"
            for tok in doc[a:first]:
                if tok.pos_ == "NOUN" and tok.lower_ in speech_nouns() and not self.inside[tok.i]:
                    speaker = resolve(tok, self.coref)  # "Les paroles de l'écrivain sont : « … »"
                    if speaker is not None:
                        return _scaled(speaker, 0.8), None, "colon_noun"
        return None, None, "none"

    def _incise_after(self, last: int) -> tuple[Speaker, str] | None:
        """The speaker named in an incise after a closing mark: ", a déclaré X", ", a-t-il ajouté",
        ", estime la CGT", ", a pour sa part commenté l'Automobile club", ", selon X"."""
        doc = self.doc
        k = last + 1
        limit = min(last + 12, len(doc))
        while k < limit:
            tok = doc[k]
            if self.inside[k] or tok.text in _SENT_END:
                return None
            if tok.lower_ in ("et", "ou") and k + 1 < len(doc) and self.inside[k + 1]:
                # "« A » et « B », selon X": the incise after the second quotation speaks for both
                k += 1
                while k < len(doc) and self.inside[k]:
                    k += 1
                limit = min(k + 12, len(doc))
                continue
            words = " ".join(t.lower_ for t in doc[k : k + 3])
            filler = next((f for f in _INCISE_FILLERS if words.startswith(f)), None)
            if filler is not None:
                k += len(filler.split())
                continue
            if tok.lower_ in _SOURCE_PREPS:
                speaker = self._source_after(tok)
                return (speaker, "selon") if speaker is not None else None
            cue = self.cue_of(tok)
            if cue is not None:
                if tok.morph.get("VerbForm") == ["Inf"] or present_participle(tok):
                    return None  # "…», estimant que l'éviction…": not an incise, the sentence goes on
                subj = subject_of(tok, self.inside_idx, inverted=True)
                if subj is None or subj.lower_.lstrip("-") == "on" or is_t_token(subj):
                    subj = self._place_of_on(tok) or subj
                speaker = resolve(subj, self.coref) if subj is not None else None
                return (_scaled(speaker, cue.verb.weight), cue.lemma) if speaker is not None else None
            if self._unknown_incise_verb(tok):
                # "« … », a tweeté Karine Vidal": a verb the lexicon lacks, in the place of an incise, with a name
                subj = subject_of(tok, self.inside_idx, inverted=True)
                speaker = resolve(subj, self.coref) if subj is not None else None
                if speaker is not None and speaker.label in ("PER", "ORG"):
                    lemma = tok.lemma_.lower()
                    return _scaled(speaker, 0.6), lemma[:-1] + "er" if lemma.endswith("é") else lemma
                return None
            if not (tok.is_space or tok.text in (",", "—", "–", "-") or tok.pos_ in ("AUX", "ADV") or is_t_token(tok)
                    or tok.lower_ in ("a", "ont", "avait", "avaient")
                    or tok.lower_.lstrip("-") in ("il", "elle", "ils", "elles", "on")):
                return None
            k += 1
        return None

    def _unknown_incise_verb(self, tok: Token) -> bool:
        """A lowercase verb right after ", a" or "," (a participle the tagger may call a noun or a name)
        followed by a capitalised name: the shape of an incise whatever the verb."""
        doc = self.doc
        if not tok.text.isalpha() or not tok.text.islower() or tok.pos_ not in ("VERB", "PROPN", "NOUN", "X"):
            return False
        before = [t for t in doc[max(0, tok.i - 3) : tok.i] if not t.is_space]
        if not before or not (before[-1].text == "," or before[-1].lower_ in ("a", "ont")):
            return False
        nxt = next((t for t in doc[tok.i + 1 : tok.i + 3] if not t.is_space), None)
        return nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and not self.inside[nxt.i]

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

    def _issuer_in(self, noun: Token) -> bool:
        """Can the source phrase headed by ``noun`` speak: the noun itself, or a name, a speech noun or
        an animate noun in its complements ("les chiffres de Pôle emploi", "une projection de BFMTV")?"""
        if can_speak(noun) or noun.lower_ in speech_nouns():
            return True
        return any(
            t.i != noun.i and not self.inside[t.i] and (t.ent_type_ or t.pos_ == "PROPN" or t.pos_ == "NOUN" and can_speak(t))
            for t in noun.subtree
        )

    def _source_after(self, prep: Token) -> Speaker | None:
        j = prep.i + 1
        for tok in self.doc[j : j + 8]:
            if tok.is_punct or self.inside[tok.i]:
                break
            if tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in ("lui", "elle", "eux", "elles"):  # "…», selon lui."
                speaker = resolve(tok, self.coref)
                return _scaled(speaker, 0.95) if speaker else None
        return None

    def run(self, tentative: bool = False) -> list[FoundQuote]:
        """The statements of the document, in text order.

        Args:
            tentative: keep the words in marks that look like scare quotes or headlines and have no
                speaker (``FoundQuote.tentative``), for the speaker ranker to judge.
        """
        indirect = self.indirect()
        marked = [q for q in self.marked_quotes(indirect) if tentative or not q.tentative]
        quotes = _dedupe(indirect) + marked
        quotes += interviews.answers(self, quotes)
        quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        return quotes


def _negated(verb: Token) -> bool:
    """ "n'a pas (encore) indiqué", "n'a jamais dit": ne before the verb and a negative word near it."""
    if not any(c.lower_ in ("ne", "n'", "n’") for c in verb.children):
        return False
    doc = verb.doc
    window = doc[max(0, verb.i - 4) : min(len(doc), verb.i + 3)]
    return any(t.lower_ in ("pas", "jamais", "guère", "aucunement", "nullement") for t in window)


def _restrictive(verb: Token) -> bool:
    """ "ne confirment que la mort de 220 civils", "n'est assuré que dans…": ne … que means "only",
    and the que opens no reported clause."""
    if not any(c.lower_ in ("ne", "n'", "n’") for c in verb.children) or _negated(verb):
        return False
    doc = verb.doc
    return any(t.lower_ in ("que", "qu'", "qu’") for t in doc[verb.i + 1 : min(len(doc), verb.i + 5)])


def _is_infinitive_clause(head: Token) -> bool:
    """An infinitive, a past infinitive ("avoir voulu frapper", "avoir été trompés") or an infinitive
    copula ("ne pas être socialiste"): the head, or its auxiliary or copula before it, is an infinitive."""
    if head.pos_ in ("VERB", "AUX") and head.morph.get("VerbForm") == ["Inf"]:
        return True
    return any(
        c.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and c.i < head.i and c.morph.get("VerbForm") == ["Inf"]
        for c in head.children
    )


def _is_predicate(head: Token) -> bool:
    """Can ``head`` head a clause: a verb, or a word with a copula or a subject? Not the phrase of a
    restrictive "ne … que" ("n'est assuré que dans un arrondissement sur deux")."""
    return head.pos_ in ("VERB", "AUX") or any(c.dep_ in ("cop", "nsubj", "nsubj:pass", "expl:subj") for c in head.children)


# "alors qu'", "tandis que", "parce que", "dès que": a conjunction of the writer, not a reported clause
_CONJUNCTION_QUE = {"alors", "tandis", "parce", "dès", "pendant", "bien", "afin", "sans", "lors", "tant", "avant", "après", "depuis", "pour"}


def _is_complementizer(tok: Token) -> bool:
    """que/qu' introducing a clause (not the relative pronoun), or si/s' of an indirect question."""
    low = tok.lower_.replace("’", "'")
    if low in ("que", "qu'"):
        prev = tok.nbor(-1) if tok.i > 0 else None
        return tok.pos_ == "SCONJ" and not (prev is not None and prev.lower_ in _CONJUNCTION_QUE)
    return low in ("si", "s'") and tok.pos_ == "SCONJ"


def _dedupe(quotes: list[FoundQuote]) -> list[FoundQuote]:
    seen: dict[tuple[int, int], FoundQuote] = {}
    for q in quotes:
        seen.setdefault((q.start, q.end), q)
    return list(seen.values())


def _governor(toks: list[Token], inside: list[bool]) -> Token | None:
    """The first word outside the marks that the quoted words hang from."""
    ids = {t.i for t in toks}
    for tok in toks:
        head = tok.head
        if head.i not in ids and head is not tok:
            return head
    return None


def _scaled(speaker: Speaker, factor: float) -> Speaker:
    return Speaker(
        speaker.name, speaker.mention, speaker.label, speaker.role, round(speaker.confidence * min(1.0, 0.3 + 0.7 * factor), 3),
        speaker.cluster, speaker.token,
    )


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(w[:1].isupper() for w in content) and len(words) <= 6


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?…"


def _looks_like_title(text: str) -> bool:
    return len(text.split()) <= 12 and not _ends_sentence(text)


def _looks_like_statement(text: str) -> bool:
    return len(text.split()) >= 4


def _is_role_like(token: Token) -> bool:
    from ..speakers.coref import role_of

    return role_of(token) is not None


def noun_phrase_of(token: Token) -> str:
    return noun_phrase(token)
