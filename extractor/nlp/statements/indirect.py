"""Indirect speech: a cue verb and the clause it reports, and "selon X, …"."""

from __future__ import annotations

from spacy.symbols import IDS
from spacy.tokens import Token

from ..cues import Cue
from ..lexicon import word_list
from ..roles import role_of
from ..speakers.coref import is_latest
from ..speakers.subject import DATIVES, can_speak, is_t_token, resolve
from ..trust import TRUST
from .article import (
    CUE_POS,
    SOURCE_PHRASE_ENDS,
    SOURCE_PREPS,
    Article,
    FoundQuote,
    closes_clause,
    end_of,
    scaled,
    source_phrase,
    source_phrase_name,
)

# the subject pronouns written after their verb ("-il" of "a-t-il ajouté"), the euphonic t joined or not
_INVERTED_PRONOUNS = frozenset(("il", "elle", "ils", "elles", "on", "t-il", "t-elle", "t-ils", "t-elles", "t-on"))

# the cognition verbs whose incise reports a statement: opinions ("…, estime le ministre"), and apprendre
# with on ("…, a-t-on appris de source judiciaire"); not a fear ("…, craint-il")
_COGNITION_INCISES = frozenset(("estimer", "juger", "considérer", "penser", "croire", "apprendre"))

# "a précisé un de ses avocats", "l'une des juges": one of a group, a speaker
_ONE_OF = frozenset(("un", "une", "l'un", "l'une", "l’un", "l’une"))

# "selon moi/nous" is the speaker's own voice inside a quotation; "selon lui/elle/eux" points back to someone
_NOT_SOURCE = {"lequel", "laquelle", "lesquels", "lesquelles", "que", "qu'", "qu’", "moi", "toi", "nous", "vous"}


# what bounds the phrase a "selon X" without a comma vouches for
_SOURCE_BOUNDARIES = {":", ";", "(", ")", "—", "–"}


_CUE_POS = frozenset(IDS[pos] for pos in CUE_POS)  # as symbols, for the POS array


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


def _has_complement(verb: Token, que: Token) -> bool:
    """Has ``verb`` a complement other than ``que``, so that ``que`` cannot be its object: "qu'il songeait
    à démissionner", "qu'il n'y aurait pas de hausse" (not "des proches qu'il voit souvent")."""
    return any(c.i != que.i and c.dep_ in ("obj", "xcomp", "ccomp", "nsubj:pass", "cop", "expl:subj", "obl:arg")
               for c in verb.children)


def _ends_a_conjunction(que: Token) -> bool:
    """Is this que the end of a conjunction of the writer ("alors qu'", "parce que", "dès que")?"""
    return que.i > 0 and que.nbor(-1).lower_ in word_list("conjunction_before_que")


def _is_que(tok: Token) -> bool:
    """que, qu', and qu with its apostrophe split off ("qu' « un kit… »": the tokenizer splits "qu'"
    from a space and a quotation mark after it)."""
    if tok.lower_ in ("que", "qu'", "qu’"):
        return True
    return tok.lower_ == "qu" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in ("'", "’")


# the words that open an indirect question or an account without a que: "a demandé pourquoi…", "a raconté
# comment…" (not "quand" or "où", which also open the writer's time and place clauses)
_QUESTION_WORDS = frozenset({"pourquoi", "comment", "combien"})


def _is_complementizer(tok: Token) -> bool:
    """que/qu' introducing a clause (not the relative pronoun), or si/s' of an indirect question."""
    low = tok.lower_.replace("’", "'")
    if _is_que(tok):
        return tok.pos_ == "SCONJ" and not _ends_a_conjunction(tok)
    return low in ("si", "s'") and tok.pos_ == "SCONJ"


def _is_role_like(token: Token) -> bool:
    return role_of(token) is not None


def _is_inverted(tok: Token) -> bool:
    """The subject pronoun written after its verb: "-il" in "a-t-il ajouté", "-elle" in "précise-t-elle"."""
    return tok.text.startswith("-") and tok.lower_.lstrip("-") in _INVERTED_PRONOUNS


def _in_verb_group(tok: Token, verb: Token) -> bool:
    """A word of the cue's verb group before it: an auxiliary, the euphonic -t, an inverted pronoun, or an
    adverb ("a aussi expliqué", "a-t-il encore ajouté")."""
    if tok.pos_ == "AUX" and tok.head == verb or is_t_token(tok) or _is_inverted(tok):
        return True
    if tok.lower_ in DATIVES and tok.pos_ == "PRON":
        return True  # "…, nous a-t-on dit", "…, m'a-t-il confié"
    return tok.pos_ == "ADV" and tok.head == verb and tok.lower_ not in ("ne", "n'", "n’", "pas", "jamais", "plus")


class IndirectSpeech(Article):
    """Reported speech without marks: a cue and its clause ("a déclaré que…", "a promis de…"), and
    "selon X, …"."""

    # -- indirect speech -----------------------------------------------------------------------
    def indirect(self) -> list[FoundQuote]:
        found = []
        doc = self.doc
        # only the words that can open a report: a cue's part of speech, or selon/d'après/pour (read
        # from arrays: a Token object per word costs more than the search)
        pos = doc.to_array("POS").tolist()
        lower = doc.to_array("LOWER").tolist()
        strings = doc.vocab.strings
        preps = {strings[w] for w in (*SOURCE_PREPS, "d'", "d’", "pour", *SOURCE_PHRASE_ENDS) if w in strings}
        for i, (p, w) in enumerate(zip(pos, lower)):
            if self.inside[i] or (p not in _CUE_POS and w not in preps):
                continue
            tok = doc[i]
            if tok.lower_ in SOURCE_PREPS or (tok.lower_ in ("d'", "d’") and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "après"):
                q = self._according_to(tok)
                if q is not None:
                    found.append(q)
                continue
            if tok.lower_ == "pour" and self._is_sentence_start(tok):
                q = self._according_to(tok)
                if q is not None:
                    found.append(q)
                continue
            if (first := source_phrase(tok)) is not None:
                # "à en croire X, P", "au dire des témoins, P", "de l'aveu même du ministre, P"
                q = self._according_to(tok, first)
                if q is not None:
                    found.append(q)
                continue
            cue = self.cue_of(tok)
            if cue is None or self.cues.is_fixed_word(tok):
                continue
            q = self._reported_clause(cue)
            if q is not None:
                found.append(q)
        return found

    def _clause_last(self, verb: Token, clause: Token, sentence_end: int) -> int:
        """The last token of a reported clause: its subtree, and what hangs from the quoted words inside
        it, which the parser often attaches elsewhere; it stops at the first word that belongs to
        neither ("…, et compte demander…", the main clause after "si X a annoncé que…")."""
        members = {t.i for t in clause.subtree}
        for k in range(clause.left_edge.i + 1, sentence_end):
            tok = self.doc[k]
            if self.inside[k]:
                continue
            if self._new_clause_at(k, clause.left_edge.i):
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

    def _new_clause_at(self, k: int, first: int | None = None) -> bool:
        """Does a new clause of the writer start at token ``k``? A comma before a word that opens one
        ("…, avant de préciser", "…, tandis que"), unless a que continues the report ("…, mais que…");
        a coordinated or participial cue ("… et dit regretter", "…, précisant que"); a colon before a
        quotation; after a whole reported clause that opened at ``first``, a comma before a subject and
        a cue of its own ("que les faits étaient prescrits, le second a jugé…")."""
        tok = self.doc[k]
        if tok.text == "," and first is not None and self._report_after_comma(k, first):
            return True
        if tok.text not in (",", ":") and tok.lower_ not in ("et", "mais", "puis"):
            return False
        after = [t for t in self.doc[k + 1 : k + 4] if not t.is_space]
        if not after:
            return False
        if self.inside[after[0].i]:
            return tok.text == ":"  # "… annonce vouloir se battre : « Comment ne pas… »": a quotation of its own
        if tok.text == ":":
            return False
        if tok.text == "," and len(after) > 1 and after[0].lower_ == "tout" and after[1].lower_ == "en":
            return True  # "…, tout en précisant qu'…": a gerund of the writer's sentence
        if tok.text == "," and after[0].lower_ in word_list("clause_break"):
            if after[0].lower_ == "mais" and len(after) > 1 and after[1].lower_ in ("que", "qu'", "qu’"):
                return False
            incise = next((t for t in self.doc[k + 2 : k + 6] if t.text == "," or t.pos_ in ("VERB", "AUX")), None)
            return incise is None or incise.text != ","  # "que, pour eux, quelqu'un…": an incise
        verb = next((t for t in after[:2] if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.morph.get("VerbForm") == ["Inf"] or any(t.pos_ != "AUX" for t in after[: after.index(verb)]):
            return False  # "permet d'analyser et d'expliquer…": an infinitive of the clause, not a new report
        cue = self.cue_of(verb)
        return cue is not None and cue.verb.cls == "speech" and not self.cues.is_fixed_word(verb)

    def _report_after_comma(self, k: int, first: int) -> bool:
        """ "Le premier a soutenu que les faits étaient « prescrits », le second a jugé…": after the comma at
        ``k``, a subject and a verb of saying or thinking of its own begin another report, when the words
        from ``first`` (the clause's que) to the comma are a clause of their own, not a subordinate one the
        report's main clause follows ("a expliqué que, lorsque la police est arrivée, les manifestants ont
        crié…")."""
        doc = self.doc
        _, b = self.sent_bounds[self.sentence_of[k]]
        verb = next((t for t in doc[k + 1 : min(k + 7, b)] if t.pos_ == "VERB"), None)
        if verb is None or any(self.inside[t.i] or t.is_punct for t in doc[k + 1 : verb.i + 1]):
            return False
        subject = next((c for c in verb.children if c.dep_.startswith("nsubj") and k < c.i < verb.i), None)
        if subject is None or subject.lower_ in ("qui", "que", "qu'", "qu’", "dont", "ce", "c'", "c’"):
            return False  # "…, ce qui expliquerait…": the clause goes on
        cue = self.cue_of(verb)
        if cue is None or cue.verb.cls not in ("speech", "cognition") or verb.morph.get("VerbForm") == ["Inf"]:
            return False
        opening = next((t for t in doc[first + 1 : k] if not t.is_punct), None)
        if opening is None or opening.pos_ == "SCONJ" or opening.lower_ in ("si", "lorsque", "lorsqu'", "quand", "comme"):
            return False
        return any(t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm") == ["Fin"] for t in doc[first + 1 : k])

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
            if self._new_clause_at(k, first):
                return k - 1
            if tok.lower_ in ("et", "mais", "puis") and nxt.pos_ in ("VERB", "AUX") and not self.inside[nxt.i]:
                return k - 1
        return sentence_end - 1

    def _clause_end(self, last: int, sentence_end: int) -> int:
        """Character offset where a reported clause ends: its last token, before final punctuation."""
        end_tok = min(last, sentence_end - 1)
        doc = self.doc
        # a word glued to the last one belongs with it, whatever the parser hung it from ("30 km/h")
        while end_tok + 1 < sentence_end and not doc[end_tok].whitespace_ and not closes_clause(doc[end_tok + 1]):
            end_tok += 1
        while end_tok > 0 and closes_clause(self.doc[end_tok]):
            end_tok -= 1
        return end_of(self.doc[end_tok])

    def _reported_clause(self, cue: Cue) -> FoundQuote | None:
        verb = cue.token
        frames = cue.verb.frames
        if _restrictive(verb):
            return None  # "ne confirment que…": only, not a report
        # "n'a jamais dit que…" is a statement the article denies: kept (flagged by reporting.py) when a
        # que-clause says what was not said; "n'a pas indiqué si elle s'associerait…": nothing was said
        negated = _negated(verb)
        a, b = self.sent_bounds[self.sentence_of[verb.i]]
        for child in (c for head in cue.heads for c in head.children):
            if child.i < verb.i or self.inside[child.left_edge.i]:
                continue  # a clause that opens inside quotation marks belongs to the quotation
            clause_start = self._clause_start(child, frames, cue.verb.cls)
            if clause_start is not None and negated and not _is_que(clause_start):
                return None
            if clause_start is not None:
                last = self._before_quoted_part(clause_start.i, self._clause_last(verb, child, b))
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
        # the one spoken to: "a confié à des proches qu'il songeait à…", "a dit aux élus qu'il…"
        addressees = {t.i for c in verb.children if c.dep_ in ("obl:arg", "obl:mod", "obl", "iobj")
                      and any(g.dep_ == "case" and g.lower_ in ("à", "aux", "au") for g in c.children) for t in c.subtree}
        for tok in self.doc[verb.i + 1 : min(verb.i + 14, b)]:
            if self.inside[tok.i] or tok.is_punct and tok.text not in ("-", "–"):
                break
            if tok.i == verb.i + 1 and "inf" in frames and tok.morph.get("VerbForm") == ["Inf"] and not self.inside[tok.i]:
                # "en affirmant avoir été trompés", the parser hanging the cue on the infinitive
                end = self._clause_end(self._scan_clause_last(tok.i, b), b)
                return self._with_speaker(tok.idx, end, cue, verb) if end - tok.idx >= 8 else None
            if tok.pos_ in ("VERB", "AUX") and tok.text.islower():
                break
            nxt = self.doc[tok.i + 1] if tok.i + 1 < b else None
            prev = self.doc[tok.i - 1]
            relative = prev.pos_ in ("NOUN", "ADJ") and (prev.i in objects or tok.pos_ == "PRON" and tok.dep_ == "obj" and not (
                prev.i in addressees and _has_complement(tok.head, tok)))  # a relative's verb lacks the object que stands for
            opens = _is_que(tok) and not relative and not _ends_a_conjunction(tok) and "que" in frames
            opens = opens or (
                tok.lower_ in ("de", "d'", "d’") and "de_inf" in frames and nxt is not None
                and nxt.morph.get("VerbForm") == ["Inf"]
            )
            if opens and negated and not _is_que(tok):
                return None
            if opens:
                end = self._clause_end(self._scan_clause_last(tok.i, b), b)
                return self._with_speaker(tok.idx, end, cue, verb) if end - tok.idx >= 8 else None
        if "que" in frames and cue.verb.cls == "speech" and not negated and (after := self._clause_after_colon(cue, b)):
            return after  # "Le ministre a prévenu : il n'y aura pas de hausse…"
        # "Les vents étaient puissants, précise la compagnie.", "…, a indiqué le ministre", "…, a-t-il
        # ajouté": the incise comes after the clause
        if ("que" in frames or "quote" in frames) and cue.verb.cls in ("speech", "cognition") and not negated:
            return self._clause_before_incise(cue, a, b)
        return None

    def _clause_after_colon(self, cue: Cue, b: int) -> FoundQuote | None:
        """The writer's clause after a colon that ends the cue's phrase, without quotation marks: "Le
        ministre a prévenu : il n'y aura pas de hausse…", "C'est ce qu'a indiqué le parquet dans un
        communiqué : trois personnes…". Not a list of things announced ("a annoncé plusieurs mesures : la
        hausse…": the verb has an object, and the list no verb of its own)."""
        verb, doc = cue.token, self.doc
        times = word_list("time_word")
        if any(c.dep_ in ("obj", "obl:arg") and c.pos_ in ("NOUN", "PROPN") and c.lower_ not in times and not can_speak(c)
               or c.dep_ in ("nsubj:pass", "aux:pass") for c in verb.children):
            # "a répondu aux questions des habitants : certains…", "a annoncé plusieurs mesures : la…": the
            # colon is the writer's (not "a prévenu les syndicats : …"); "a été annoncé : …": by no one said
            return None
        colon = next((t for t in doc[verb.i + 1 : min(verb.i + 10, b)] if t.text == ":" or t.pos_ in ("VERB", "AUX")
                      or self.inside[t.i] or t.text in (".", ";", "«", "»", "“", "”", '"')), None)
        if colon is None or colon.text != ":" or self.inside[colon.i]:
            return None
        after = [t for t in doc[colon.i + 1 : b] if not t.is_space]
        while after and closes_clause(after[-1]):
            after.pop()
        if len(after) < 4 or self.inside[after[0].i] or after[0].text in ("«", "“", '"'):
            return None  # "… : « … »": the quotation is the statement
        if not any(t.morph.get("VerbForm") == ["Fin"] and not self.inside[t.i] for t in after):
            return None
        return self._with_speaker(after[0].idx, end_of(after[-1]), cue, verb)

    def _clause_before_incise(self, cue: Cue, a: int, b: int) -> FoundQuote | None:
        """The writer's clause before an incise that closes the sentence: "Les vents étaient puissants,
        précise la compagnie.", "Le budget sera voté en décembre, a indiqué le ministre.", "…, a-t-il
        ajouté", "…, fait remarquer X, le ministre". The clause may hold quoted words ("Il s'agit d'une
        « attaque… », indique le ministre"), but not only them (a quotation and its incise are a marked
        quote). The incise is the verb group (auxiliaries, an inverted pronoun, an adverb: "a aussi
        expliqué") after a comma, then at most a few words, the speaker's, up to the sentence end or to
        an apposition after the next comma."""
        verb, doc = cue.token, self.doc
        first = verb.i
        while first - 1 >= a and _in_verb_group(doc[first - 1], verb):
            first -= 1
        if any(c.dep_.startswith("nsubj") and c.i < first or c.dep_ == "aux:pass" for c in verb.children):
            return None  # "…, le ministre a précisé la date", "…, a été revendiquée par X": no incise
        opening = next((t for t in doc[first : verb.i + 1] if t.pos_ in ("AUX", "VERB")), verb)  # past "m'", "nous"
        if opening.pos_ != "AUX" and verb.morph.get("VerbForm") != ["Fin"]:
            return None  # "…, précisant que": a participle opens no incise
        if opening.morph.get("Person") == ["1"]:
            return None  # "…, ai-je dit": the writer's own words
        last = max(t.i for t in cue.heads)
        if first - 2 >= a and doc[first - 1].lower_ in ("l'", "l’", "le") and doc[first - 2].lower_ == "comme":
            first -= 2  # "…, comme l'a expliqué X": the clause before is X's
            if first == a:
                return self._clause_after_comme(cue, last, b)  # "Comme l'a rappelé le maire, P"
        if first - 1 <= a or doc[first - 1].text != "," or self.inside[first - 1]:
            return None
        clitic = next((t for t in doc[first : last + 3] if _is_inverted(t)), None)
        after = []
        for tok in doc[last + 1 : b]:
            if tok.text == "," or self.inside[tok.i]:
                break
            if not tok.is_punct and not tok.is_space and not is_t_token(tok) and tok is not clitic:
                after.append(tok)
        shape = bool(after) and (after[0].pos_ in ("DET", "PROPN", "NOUN") or after[0].lower_ in _ONE_OF)
        if clitic is None and not (shape and len(after) <= 10):
            return None
        source = bool(after) and after[0].lower_ in ("à", "au", "aux", "auprès", "de", "dans", "chez")
        if clitic is not None and len(after) > (7 if source else 4):
            return None  # "…, dit-il en substance devant les députés réunis…": the sentence goes on
        before = [t for t in doc[a : first - 1] if not t.is_space]
        while before and before[-1].is_punct and not self.inside[before[-1].i]:
            before.pop()
        colon = next((k for k in range(len(before) - 1, -1, -1) if before[k].text == ":" and not self.inside[before[k].i]), None)
        if colon is not None:
            before = before[colon + 1 :]  # "…dans un communiqué : « … », ont-ils écrit": what follows the colon is said
        while before and before[0].is_punct and not self.inside[before[0].i]:
            before.pop(0)
        if len(before) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in before) or self._all_in_marks(before):
            return None
        if sum(t.is_alpha and not self.inside[t.i] for t in before) < 2:
            return None  # "=====« … »=====, a déclaré X": the writer's words are not words
        if self.inside[before[0].i]:
            return None  # "« Les représentants… » mardi, mettant fin à la grève, a déclaré le maire": the quotation is the statement
        if cue.verb.cls == "cognition" and cue.lemma not in _COGNITION_INCISES:
            return None  # "…, craint-il": a fear
        if cue.lemma == "apprendre" and (clitic is None or clitic.lower_ != "-on"):
            return None  # "…, a-t-on appris de source judiciaire": learnt from a source, who speaks
        speaker_tok = clitic if clitic is not None else self.subject(verb, inverted=True)
        if speaker_tok is not None and speaker_tok.lower_.lstrip("-") == "on":
            speaker_tok = self._place_of_on(verb)  # "…, a-t-on appris auprès de la préfecture": the préfecture
        speaker = resolve(speaker_tok, self.coref) if speaker_tok is not None else None
        start, end = before[0].idx, before[-1].idx + len(before[-1].text)
        return FoundQuote(start, end, "indirect", speaker, cue.lemma, "clause_incise")

    def _clause_after_comme(self, cue: Cue, last: int, b: int) -> FoundQuote | None:
        """ "Comme l'a rappelé le maire, la piscine rouvrira en septembre.": the clause after the speaker's
        phrase is the statement."""
        doc = self.doc
        comma = next((k for k in range(last + 1, b) if doc[k].text == "," and not self.inside[k]), None)
        if comma is None or comma - last > 8:
            return None
        # "Comme l'a expliqué le président de la commission, Éric Coquerel, le texte…": the name in apposition
        # belongs to the speaker's phrase (not "…, la piscine, fermée depuis mars, rouvrira")
        nxt = next((k for k in range(comma + 1, b) if doc[k].text == "," and not self.inside[k]), None)
        cluster_at, infos = self.coref.cluster_at, self.coref.infos
        if nxt is not None and nxt - comma > 1 and all(
            t.is_space or t.i in cluster_at and infos[cluster_at[t.i]].cluster.label == "PER" for t in doc[comma + 1 : nxt]
        ):
            comma = nxt
        after = [t for t in doc[comma + 1 : b] if not t.is_space]
        while after and closes_clause(after[-1]):
            after.pop()
        if len(after) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in after) or self._all_in_marks(after):
            return None
        if any(not self.inside[t.i] and (c := self.cue_of(t)) is not None and c.verb.cls == "speech" for t in after):
            return None  # "Comme le rapporte Le Figaro, X a déclaré que…": X speaks, the paper relays
        speaker_tok = self.subject(cue.token, inverted=True)
        speaker = resolve(speaker_tok, self.coref) if speaker_tok is not None else None
        return FoundQuote(after[0].idx, end_of(after[-1]), "indirect", speaker, cue.lemma, "clause_incise")

    def _coordinated_que(self, first: int, last: int) -> list[int]:
        """The "et"/"mais" of the writer's words between ``first`` and ``last`` that a que or si follows: a
        second reported clause coordinated with the first ("a précisé que … et qu'il importait…")."""
        return [
            k for k in range(first + 1, last)
            if not self.inside[k] and self.doc[k].lower_ in ("et", "mais") and _is_complementizer(self.doc[k + 1])
        ]

    def _before_quoted_part(self, first: int, last: int) -> int:
        """Where a reported clause ends when "et que « … »" closes it: "précisant qu'un kit « … » existe
        déjà et que « … »" reports the clause and then the quotation (a quote of its own); returns the
        last token of the writer's words."""
        for k in self._coordinated_que(first, last):
            words = [t for t in self.doc[k + 2 : last + 1] if not t.is_space and not t.is_punct]
            if words and all(self.inside[t.i] for t in words):
                return k - 1
        return last

    def _after_quoted_part(self, first: int, last: int) -> int:
        """Where the writer's own words of a reported clause start: "a précisé que « … » et qu'il
        importait peu…" reports the quotation (a quote of its own) and then the clause after "et que"."""
        coordinated = self._coordinated_que(first, last)
        if coordinated and self._all_in_marks(self.doc[first : coordinated[0]]):
            return self.doc[coordinated[0] + 1].idx
        return self.doc[first].idx

    def _clause_start(self, child: Token, frames: frozenset[str], cls: str = "speech") -> Token | None:
        """Where the reported clause headed by ``child`` starts, if the cue's frames admit it: a
        que- or si-clause ("a déclaré que…", "se demande si…"), de + infinitive ("a promis de…"),
        a bare infinitive ("a reconnu avoir menti")."""
        marks = [c for c in child.children if c.dep_ == "mark"]
        first = child.left_edge
        if first.text in ("'", "’") and first.i > 0 and _is_que(first.nbor(-1)):
            first = first.nbor(-1)  # "qu' « un kit… »": the apostrophe split off its qu
        if "que" in frames and child.dep_ in ("ccomp", "advcl", "obj", "xcomp") and _is_predicate(child):
            if _is_complementizer(first):
                return first
            if marks and _is_complementizer(marks[0]):
                return marks[0]
            if first.lower_ in _QUESTION_WORDS and first.i > child.head.i:
                return first  # "a demandé pourquoi les gendarmes avaient attendu…", "a expliqué comment…"
        # an infinitive copula the parser took for an oblique: "a confirmé le 25 mars être à l'origine de…"
        copula_oblique = child.dep_.startswith("obl") and first.morph.get("VerbForm") == ["Inf"] and first.dep_ == "cop"
        if _is_infinitive_clause(child) and (child.dep_ in ("xcomp", "ccomp", "obj", "advcl", "acl") or copula_oblique):
            mark = marks[0].lower_ if marks else ""
            if (mark in ("de", "d'", "d’") and "de_inf" in frames) or (not mark and "inf" in frames):
                return first
            if mark in ("à", "a") and "a_inf" in frames and cls != "request":
                return first  # "s'engage à soutenir"; a request ("appelle à manifester") reports no statement
        return None

    def _with_speaker(self, start: int, end: int, cue: Cue, verb: Token) -> FoundQuote | None:
        if self._all_in_marks(self.tokens(start, end)):
            return None  # "a annoncé que « … »": the quotation itself is the statement
        speaker = self._speaker_of(verb)
        if speaker is not None:
            speaker = scaled(speaker, cue.verb.weight)
        return FoundQuote(start, end, "indirect", speaker, cue.lemma, "clause")

    def _according_to(self, prep: Token, first: Token | None = None) -> FoundQuote | None:
        """ "selon X, P", "P, selon X", "d'après X, P", "pour X, P": P is X's statement. ``first`` is the
        first word of a source expression whose last is ``prep`` ("à en croire", "au dire de")."""
        doc = self.doc
        first = first or prep
        j = prep.i + (2 if prep.lower_ in ("d'", "d’") else 1)
        source = None
        for tok in doc[j : j + 8]:
            if tok.is_punct or tok.lower_ in _NOT_SOURCE:
                break
            if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "PRON" and tok.lower_ not in _NOT_SOURCE) or is_latest(tok):
                source = tok
                break
        if source is None or self.inside[source.i]:
            return None
        # the head of the source phrase: "selon le ministère de l'Intérieur" -> ministère
        while source.dep_ in ("flat:name", "flat", "fixed") and source.head.i < source.i:
            source = source.head
        if source.pos_ == "NOUN" and not self._issuer_in(source):
            return None  # "délivré selon une autre procédure", "en fin d'après-midi": no one speaks
        if first.i > 0 and doc[first.i - 1].lower_ in word_list("named_after"):
            return None  # "une loi nommée d'après un défenseur": named after, not according to
        a, b = self.sent_bounds[self.sentence_of[prep.i]]
        # the source phrase runs to the next comma; without one, as far as the parser's subtree goes
        phrase_end = next((k for k in range(j, b) if doc[k].text in (",", ";", ":") or self.inside[k]), None)
        opens_sentence = all(t.is_punct or t.is_space or t.pos_ in ("ADV", "CCONJ") or t.lower_ in ("en", "effet") for t in doc[a : first.i])
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
        if prep.lower_ in ("pour", "yeux"):
            # "pour X, P", "aux yeux de X, P": X's view only when X can hold one and a comma ends the phrase
            # ("pour la première fois", "un héros aux yeux des supporters" are no statements)
            if source.i not in self.coref.cluster_at and not (source.pos_ == "NOUN" and _is_role_like(source)):
                return None
            if phrase_end >= b or doc[phrase_end].text != ",":
                return None
            if prep.lower_ == "yeux" and not opens_sentence:
                return None
        speaker = resolve(source, self.coref)
        if speaker is None:
            return None
        speaker = scaled(speaker, TRUST["selon"])
        before = [t for t in doc[a : first.i] if not t.is_space]
        # "P selon X, …" with no comma before selon, and X closing the clause: X vouches for what comes
        # just before, back to a colon or a bracket ("…, il ne s'agirait pas d'un attentat selon la police,
        # qui précise…"; "… : 5,5 millions selon Le Dauphiné.")
        source_end = min(max(t.i for t in source.subtree if t.i >= prep.i) + 1, b)
        closes = source_end >= b or doc[source_end].text in (",", ".", ";", ":", ")", "!", "?")
        attached = closes and first.i > a and doc[first.i - 1].text not in (",", "(", "—", "–") and not doc[first.i - 1].is_space
        if attached:
            cut = max((k for k, t in enumerate(before) if t.text in _SOURCE_BOUNDARIES and not self.inside[t.i]), default=-1)
            before = before[cut + 1 :]
            while before and before[0].is_punct and before[0].text not in ("«", "“", '"'):
                before.pop(0)
        after = [t for t in doc[phrase_end:b] if not t.is_space]
        while after and (after[0].is_punct and after[0].text not in ("«", "“", '"')):
            after.pop(0)
        if after and after[0].lower_ in ("qui", "dont", "lequel", "laquelle"):
            # "…, selon M. Henriksen, qui plaide pour…": the relative clause describes the source; when
            # "selon" opens the sentence, the statement follows it ("Selon Le Monde, qui cite des sources
            # proches du dossier, l'accord serait signé lundi")
            comma = next((k for k, t in enumerate(after) if t.text == "," and not self.inside[t.i]), None)
            after = after[comma + 1 :] if opens_sentence and comma is not None else []
        while before and closes_clause(before[-1]):
            before.pop()
        while after and closes_clause(after[-1]):
            after.pop()
        if self._all_in_marks(after) and len(after) >= 3:
            return None  # "À 10 h 23, selon Météo-France, « … »": the marked quote is the statement
        content = after if len(after) >= len(before) else before
        if attached and len(before) >= 3:
            content = before
        elif len(before) >= 3 and len(after) >= 3:
            content = [t for t in doc[a:b] if not t.is_space]  # "X est, selon Y, Z": the whole sentence
            while content and closes_clause(content[-1]):
                content.pop()
        if len(content) < 3:
            return None
        if self._all_in_marks(content) or self._quotation_with_incise(content):
            return None  # "selon X, « … »": a marked quote, attributed with the marks
        start, end = content[0].idx, end_of(content[-1])
        cue = {"selon": "selon", "pour": "pour"}.get(prep.lower_) or (
            "d'après" if prep is first else source_phrase_name(prep))
        return FoundQuote(start, end, "indirect", speaker, cue, "selon")
