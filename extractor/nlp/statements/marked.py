"""Text in quotation marks: which is a statement, where an incise inside splits it, and its speaker."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from functools import cached_property

from spacy.tokens import Token

from ..lexicon import charge_pattern, naming_pattern, word_list
from ..marks import CLOSING_MARKS, MarkedSpan
from ..speakers.subject import Speaker, is_t_token, resolve, subject_of
from ..trust import TRUST
from . import interviews
from .article import FoundQuote, scaled
from .speaker_rules import INCISE_AUXILIARIES, SpeakerRules


# "s'est dit « très inquiet »", "se disent « prêts »": se dire reports what one says of oneself; "dit"
# alone names ("le quartier dit « des Pins »")
_SE_DIRE = re.compile(r"\b(?:se|s['’])\s*(?:(?:est|était|sont|étaient|serait|seraient)\s+)?di(?:te?s?|sent)\W*$", re.IGNORECASE)


# a preposition that opens words in marks makes them a phrase of someone's, not a name: "« à la Banque de France »"
_OPENING_PREPOSITIONS = frozenset(("à", "au", "aux", "dans", "pour", "par", "sur", "avec", "lors", "en", "contre", "sans", "vers", "chez"))


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if len(w) > 3]
    if words and words[0] in _OPENING_PREPOSITIONS:
        return False
    return bool(content) and all(w[:1].isupper() for w in content) and len(words) <= 6


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?…"


def _looks_like_title(text: str) -> bool:
    return len(text.split()) <= 12 and not _ends_sentence(text)


def _looks_like_statement(text: str) -> bool:
    return len(text.split()) >= 4


_NOT_SPACE = re.compile(r"\S")  # \S and str.strip() agree on what a space is
_NOT_COMMA = re.compile(r"[^ ,]")
_TAIL = 40  # the characters before a quotation where a name it may be ("le plan « … »") is looked for


def _text_before(text: str, start: int, end: int) -> tuple[str, bool]:
    """The end of ``text[start:end].strip()`` (its last 40 characters), and whether it holds nothing but
    spaces and commas; the text itself is not copied: from the start of a sentence to a quotation, it
    may be 80,000 characters of other quotations."""
    last = end
    while last > start and text[last - 1].isspace():
        last -= 1
    first = _NOT_SPACE.search(text, start, last)
    if first is None:
        return "", True
    tail = text[max(first.start(), last - _TAIL) : last]
    return tail, _NOT_COMMA.search(text, first.start(), last) is None


class _LatestReport:
    """The reported statement a quotation may continue: of those found (``indirect``, in the order
    found), the last that ends before the quotation's opening mark and starts after the end of the
    statement attributed before it. Both bounds only grow from one quotation to the next, so a statement
    enters the choice once, when the quotations pass its end, and leaves it once, when it starts too
    early: no list of them is made again for each quotation."""

    def __init__(self, indirect: list[FoundQuote]) -> None:
        self.indirect = indirect
        self.by_end = sorted(range(len(indirect)), key=lambda k: indirect[k].end)
        self.entered = 0
        self.heap: list[int] = []  # minus the place in ``indirect``: the top is the last found

    def before(self, opening: int, after: int | None) -> FoundQuote | None:
        """The statement ending by ``opening`` and starting after ``after`` (anywhere when None) that was
        found last; neither may be smaller than at the call before."""
        while self.entered < len(self.by_end) and self.indirect[self.by_end[self.entered]].end <= opening:
            heapq.heappush(self.heap, -self.by_end[self.entered])
            self.entered += 1
        while self.heap and after is not None and self.indirect[-self.heap[0]].start <= after:
            heapq.heappop(self.heap)
        return self.indirect[-self.heap[0]] if self.heap else None


class MarkedQuotes(SpeakerRules):
    """Text in quotation marks: which marks hold a statement (not a title, a name or scare quotes), split
    at an incise inside them, and who said it (rules first, then the speaker it continues)."""

    # -- quotation marks -----------------------------------------------------------------------
    def marked_quotes(self, indirect: list[FoundQuote]) -> list[FoundQuote]:
        found: list[FoundQuote] = []
        previous: FoundQuote | None = None
        previous_sentence = -10
        latest_report = _LatestReport(indirect)
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
            speaker, cue, how = self._marked_speaker(span, toks, indirect)
            here = self.sentence_of[toks[0].i]
            # reported speech since the last quotation: the statement goes on from there, if anywhere
            reported = latest_report.before(span.open, previous.end if previous is not None else None)
            if reported is not None:
                previous = reported
                previous_sentence = self.sentence_of[self.tokens(previous.start, previous.end)[-1].i]
            if speaker is None and kind == "direct" and previous is not None and previous.speaker is not None:
                if here - previous_sentence <= 2 and not self._named_subject_between(
                    previous.end, span.open, previous.speaker.cluster
                ):
                    speaker = scaled(previous.speaker, TRUST["continuation"])
                    cue, how = previous.cue, "continuation"
            if speaker is None and kind == "direct":
                speaker = interviews.dash_line_speaker(self, toks[-1])  # "— Paul Mercier, secrétaire général"
                how = "dash_line" if speaker is not None else how
            if speaker is None and kind == "direct" and self._is_sentence_start(toks[0]):
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
            while k < len(words) and words[k].pos_ == "AUX" and words[k].lower_ in INCISE_AUXILIARIES:
                k += 1
            verb = words[k] if k < len(words) else None
            if verb is None or verb.pos_ != "VERB" or verb.morph.get("Person") in (["1"], ["2"]):
                continue
            cue = self.cues.at.get(verb.i)  # inside the marks, where cue_of does not look
            if cue is None or cue.verb.cls != "speech":
                continue
            # the parser may make the words before the comma the verb's subject ("« Cette route, a expliqué le
            # maire, X, est fermée »"): then only a named speaker after the verb makes it an incise
            parsed_subject = any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children)
            subj = subject_of(verb, set(range(words[0].i, comma.i)), inverted=True)
            # a few words from the verb: more only across a time and a place ("a déclaré mardi soir sur France
            # Inter le ministre")
            reach = 4 + sum(t.lower_ in word_list("time_word") or t.pos_ in ("ADP", "PROPN") for t in doc[verb.i + 1 : verb.i + 9])
            if subj is None or subj.i < verb.i or subj.i > verb.i + min(reach, 8) or subj.lower_.lstrip("-") == "on":
                continue
            speaker = resolve(subj, self.coref)
            if speaker is None or parsed_subject and speaker.label not in ("PER", "ORG"):
                continue
            if speaker.label is None and not is_t_token(doc[subj.i - 1]) and subj.pos_ != "PRON":
                continue
            # the incise ends at the next comma or full stop after the speaker (and the name set off after
            # a role: "le maire de Plouzévet, Yann Le Goff,"), within a few words
            named = max([subj.i] + [c.right_edge.i for c in subj.rights if c.dep_ == "appos" and c.i <= subj.i + 8])
            stop = next((t for t in doc[named + 1 : min(named + 8, words[-1].i)] if t.text in (",", ".", ";")), None)
            if stop is None and speaker.label == "PER":
                # further after a person's name, across words with no verb of their own: "a déclaré X après la
                # victoire de l'AS Plouvenec face à Vannes (3-1). Les garçons…"
                for t in doc[named + 1 : min(named + 24, words[-1].i)]:
                    if t.text in (",", ".", ";"):
                        stop = t
                        break
                    if t.pos_ == "AUX" or t.morph.get("VerbForm") == ["Fin"] or t.is_quote:
                        break
            if stop is None:
                continue
            nxt = next((t for t in doc[stop.i + 1 : words[-1].i + 1] if not t.is_space), None)
            coref = self.coref
            if nxt is not None and speaker.cluster is not None and coref.cluster_at.get(nxt.i) == speaker.cluster:
                # "a expliqué la directrice, Claire Morin, restera…": the name set off after the role is the incise's
                after_name = coref.mention_at[nxt.i].end
                if after_name < words[-1].i and doc[after_name].text == ",":
                    nxt = next((t for t in doc[after_name + 1 : words[-1].i + 1] if not t.is_space), None)
            if nxt is None:
                return None
            end = comma.idx
            return end, nxt.idx, scaled(speaker, cue.verb.weight), cue.lemma
        return None

    def _incise_shape(self, last: int) -> bool:
        """ "« … », a-t-il dit", "« … », indique-t-on": a comma and a verb after the closing mark."""
        after = [t for t in self.doc[last + 1 : last + 5] if not t.is_space]
        return len(after) >= 2 and after[0].text == "," and any(
            t.pos_ in ("VERB", "AUX") or self._unknown_incise_verb(t) for t in after[1:]
        )  # "», s'enthousiasme l'adjointe": the tagger's noun in the place of the verb

    def _previous_subject(self, tok: Token) -> Speaker | None:
        """ "X a tenté de le prévenir. « … »": the subject of the sentence before, if a named person."""
        here = self.sentence_of[tok.i]
        if here == 0:
            return None
        subject = self.main_subjects.get(here - 1)
        if subject is None:
            return None
        speaker = resolve(subject, self.coref)
        return scaled(speaker, TRUST["previous_subject"]) if speaker is not None and speaker.label == "PER" else None

    def _named_subject_between(self, start: int, end: int, speaker: int | None) -> bool:
        """Is someone other than ``speaker`` the subject of a sentence between two quotes?"""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        positions, clusters, next_other = self._named_subjects
        k = bisect_left(positions, span.start)
        if k == len(positions) or positions[k] >= span.end:
            return False
        if clusters[k] != speaker:
            return True
        other = next_other[k]  # the next subject naming another entity than this one, which is ``speaker``
        return other < len(positions) and positions[other] < span.end

    @cached_property
    def _named_subjects(self) -> tuple[list[int], list[int], list[int]]:
        """The subjects outside marks that name an entity, in order: their positions, their entities, and
        for each the place in the list of the next one naming another entity (the length when none does)."""
        cluster_at = self.coref.cluster_at
        positions = [i for i in sorted(cluster_at) if not self.inside[i] and self.doc[i].dep_.startswith("nsubj")]
        clusters = [cluster_at[i] for i in positions]
        next_other = [len(positions)] * len(positions)
        for k in range(len(positions) - 2, -1, -1):
            next_other[k] = k + 1 if clusters[k + 1] != clusters[k] else next_other[k + 1]
        return positions, clusters, next_other

    def _kind(self, span: MarkedSpan, toks: list[Token]) -> str | None:
        content = span.content(self.text)
        words = content.split()
        a, _ = self.sent_bounds[self.sentence_of[toks[0].i]]
        # the writer's words from the start of the sentence to the opening mark (their end is enough)
        before, only_commas = _text_before(self.text, self.doc[a].idx, span.open)
        starts = not before or before.endswith(":") or before.endswith("—") or before.endswith("(")
        opens_on_verb = toks[0].pos_ in ("VERB", "AUX") or (len(toks) > 1 and toks[1].pos_ in ("VERB", "AUX") and toks[0].text in ("«", "“", '"'))
        # a negation opens a verb: "le dispositif « ne fonctionne pas »", "« n'a pas fait ses preuves »"
        opens_on_verb = opens_on_verb or bool(words) and (words[0].lower() == "ne" or words[0].lower().startswith(("n'", "n’")))
        if not starts and naming_pattern().search(before) and len(words) <= 8 and not opens_on_verb and not _SE_DIRE.search(before):
            return None  # "le plan « Vigipirate »"; but "la réforme « va dans le bon sens »" is a statement
        if len(words) <= 6 and _is_title_case(words) and not starts:
            return None
        infinitive = any(t.morph.get("VerbForm") == ["Inf"] for t in toks[:2])
        if not starts and len(words) <= 8 and not (opens_on_verb or infinitive) and not _ends_sentence(content) and charge_pattern().search(before):
            return None  # "mis en examen pour « recel de détournement de fonds publics »": a charge, not a quotation
        if (
            self._names_the_noun_before(toks[0].i) and content[:1].isupper() and len(words) <= 8
            and not _ends_sentence(content)
        ):
            return None  # "le portail « Arbeit macht frei »", "un groupe : « Les stylos rouges »"
        if starts and (len(words) >= 3 or _ends_sentence(content) or self._incise_shape(toks[-1].i)):
            return "direct"  # "« Ça suffit », s'agace un riverain": a short sentence with its incise
        if content[:1].isupper() and len(words) >= 5 and (before.endswith(",") or _ends_sentence(content)):
            return "direct"
        if only_commas and len(words) >= 3:
            return "direct"
        return "partial"

    @cached_property
    def _marked_by_close(self) -> dict[int, MarkedSpan]:
        """The text in marks by the offset of its closing mark (the first, if two share one)."""
        found: dict[int, MarkedSpan] = {}
        for m in self.marked:
            found.setdefault(m.close, m)
        return found

    def _names_the_noun_before(self, first: int) -> bool:
        """Is the text in marks the name of the noun just before it (and its translation after)?"""
        prev = [t for t in self.doc[max(0, first - 3) : first] if not t.is_space and t.text not in (":", "(")]
        if not prev:
            return False
        if prev[-1].text in CLOSING_MARKS and self.doc[first - 1].text == "(":
            # "« Arbeit macht frei » ( « Le travail rend libre » )": a translation goes with its original
            original = self._marked_by_close.get(prev[-1].idx)
            opening = self.tokens(original.open, original.open + 1) if original else []
            return bool(opening) and self._names_the_noun_before(opening[0].i)
        return prev[-1].pos_ == "NOUN" and prev[-1].text.islower() and not self.inside[prev[-1].i]
