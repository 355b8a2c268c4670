"""Text in quotation marks: which is a statement, where an incise inside splits it, and its speaker."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import naming_pattern
from ..marks import MarkedSpan
from ..speakers.subject import Speaker, is_t_token, resolve, subject_of
from ..trust import TRUST
from . import interviews
from .article import FoundQuote, scaled
from .speaker_rules import INCISE_AUXILIARIES, SpeakerRules


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(w[:1].isupper() for w in content) and len(words) <= 6


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?…"


def _looks_like_title(text: str) -> bool:
    return len(text.split()) <= 12 and not _ends_sentence(text)


def _looks_like_statement(text: str) -> bool:
    return len(text.split()) >= 4


class MarkedQuotes(SpeakerRules):
    """Text in quotation marks: which marks hold a statement (not a title, a name or scare quotes), split
    at an incise inside them, and who said it (rules first, then the speaker it continues)."""

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
            speaker, cue, how = self._marked_speaker(span, toks, indirect)
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
            return end, nxt.idx, scaled(speaker, cue.verb.weight), cue.lemma
        return None

    def _incise_shape(self, last: int) -> bool:
        """ "« … », a-t-il dit", "« … », indique-t-on": a comma and a verb after the closing mark."""
        after = [t for t in self.doc[last + 1 : last + 5] if not t.is_space]
        return len(after) >= 2 and after[0].text == "," and any(t.pos_ in ("VERB", "AUX") for t in after[1:])

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
                    return scaled(speaker, TRUST["previous_subject"])
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
        if not starts and naming_pattern().search(before[-40:]) and len(words) <= 8 and not opens_on_verb:
            return None  # "le plan « Vigipirate »"; but "la réforme « va dans le bon sens »" is a statement
        if len(words) <= 6 and _is_title_case(words) and not starts:
            return None
        if (
            self._names_the_noun_before(toks[0].i) and content[:1].isupper() and len(words) <= 8
            and not _ends_sentence(content)
        ):
            return None  # "le portail « Arbeit macht frei »", "un groupe : « Les stylos rouges »"
        if starts and (len(words) >= 3 or _ends_sentence(content)):
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
