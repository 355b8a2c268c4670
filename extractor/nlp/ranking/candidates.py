"""The possible speakers of a statement, and the evidence for each: what the speaker ranker weighs.

For each statement found by :mod:`extractor.nlp.statements.attribute`, :func:`gather` collects the candidates from
a list of finders — the rules' own speaker, the persons, organisations and places named outside
quotation marks in its paragraph and the two before it (and in the title), the subjects, objects and
"selon" sources of its sentence and of the one before (pronouns and role nouns resolved by
:mod:`extractor.nlp.speakers.coref`), a "— Name" line under it or a "Name :" opening its paragraph, the previous
statement's speaker — merges those that are the same entity, and describes each with the features of
:data:`FEATURES`, computed by a list of feature functions. "No speaker" is always the last candidate.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Container, Iterator, Mapping

import numpy as np
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Span, Token

from ..entities import fold
from ..roles import role_of
from ..speakers.animacy import NEUTRAL, Animacy
from ..speakers.coref import PRONOUNS
from ..speakers.subject import Speaker, entity_speaker, resolve
from ..statements.article import FoundQuote
from ..statements.attribute import Attributor

HOWS = (
    "incise", "in_clause", "selon", "cue_before", "quoted_subject", "governor", "governor_lost", "colon",
    "colon_noun", "continuation", "previous_subject", "clause", "clause_incise", "dash_line", "interview",
)
TYPES = ("direct", "partial", "indirect")
FEATURES: tuple[str, ...] = (
    ("none", "none_rule_none", "none_no_entity")
    + tuple(f"none_{t}" for t in TYPES)
    + ("rule", "rule_conf", "rule_pronoun", "rule_np")
    + tuple(f"rule_{h}" for h in HOWS)
    + tuple(f"rule_{t}" for t in TYPES)
    + ("PER", "ORG", "LOC", "NP", "np_animacy", "np_inanimate", "np_role", "np_plural")
    + ("same_sent", "sent_before", "no_before", "next_sent", "same_par", "prev_par", "in_title", "tok_dist")
    + ("only_inside", "subj", "subj_same_sent", "subj_prev_sent", "cue_subj", "cue_obj", "selon", "prev", "prev_near")
    + ("freq", "par_freq", "spoke_before", "top_person", "first_person")
    + ("pron_agree", "pron_link", "pron_ambiguous", "pron_agree_top", "pron_agree_spoke",
       "pron_agree_subj", "pron_agree_last")
    + ("subj_mention", "last_subject")
    + ("in_rule_np", "rule_inanimate", "dash_line", "colon_line")
)
WINDOW_PARAGRAPHS = 2  # the statement's paragraph and the two before it
_MAX_SENTENCES = 5
_DASHES = ("—", "–", "-")


@dataclass(frozen=True)
class Candidate:
    """A possible speaker of one statement (None: "no speaker") and what speaks for it."""

    speaker: Speaker | None
    features: dict[str, float]

    @property
    def key(self) -> str:
        return candidate_key(self.speaker)

    def vector(self) -> np.ndarray:
        return np.array([self.features.get(name, 0.0) for name in FEATURES], dtype=np.float64)


def candidate_key(speaker: Speaker | None) -> str:
    """One key per entity (its cluster), else per name as written: "-" for "no speaker"."""
    if speaker is None:
        return "-"
    return f"k{speaker.cluster}" if speaker.cluster is not None else "n:" + fold(speaker.name or speaker.mention)


class DocumentContext:
    """What the ranker needs about one document, computed once: paragraphs, mentions, salience."""

    def __init__(self, att: Attributor, animacy: Animacy | None) -> None:
        self.att = att
        self.animacy = animacy
        doc = att.doc
        # a token's paragraph: how many tokens before it hold a line break, in their text or the space after
        # them (on arrays: this runs on every document of a corpus)
        starts = doc.to_array("IDX").astype(np.int64)
        bounds = np.append(starts, len(att.text))  # att.text: doc.text joins every token at each call
        newlines = np.array([m.start() for m in re.finditer("\n", att.text)], dtype=np.int64)
        before = np.searchsorted(newlines, bounds)  # line breaks before each boundary
        has_break = (before[1:] - before[:-1]) > 0
        paragraph = np.concatenate(([0], np.cumsum(has_break)[:-1])) if len(doc) else np.zeros(0, dtype=np.int64)
        self.paragraph_of: list[int] = paragraph.tolist()
        self.paragraph_starts = [0] + (np.flatnonzero(has_break[:-1]) + 1).tolist() if len(doc) else [0]
        self._lines: dict[int, list[Token]] = {}
        self._resolved: dict[int, Speaker | None] = {}
        coref = att.coref
        # mentions outside quotation marks: (token index, cluster), in text order
        self.mentions: list[tuple[int, int]] = []
        self.counts: dict[int, int] = {}
        self.mention_at: dict[tuple[int, int], Span] = {}  # the first mention of a cluster at a token
        for k, info in enumerate(coref.infos):
            if info.cluster.label not in ("PER", "ORG", "LOC"):
                continue
            for m in info.cluster.mentions:
                if not att.inside[m.start]:
                    self.mentions.append((m.start, k))
                    self.mention_at.setdefault((m.start, k), m)
                self.counts[k] = self.counts.get(k, 0) + 1
        self.mentions.sort()
        # what a statement looks up around it, by bisection rather than a walk over the whole article for
        # each statement: the paragraphs of the mentions, of each entity's mentions, the subject mentions
        self.mention_paragraphs = [self.paragraph_of[pos] for pos, _ in self.mentions]
        self.paragraphs_of: dict[int, list[int]] = {}
        for pos, k in self.mentions:
            self.paragraphs_of.setdefault(k, []).append(self.paragraph_of[pos])
        self.subjects = [(pos, k) for pos, k, is_subj in coref.mentions if is_subj and not att.inside[pos]]
        self.subject_paragraphs = [self.paragraph_of[pos] for pos, _ in self.subjects]
        self.subjects_of: dict[int, list[int]] = {}  # each entity's subject mentions, as places in ``subjects``
        for n, (_, k) in enumerate(self.subjects):
            self.subjects_of.setdefault(k, []).append(n)
        self._spoken: Counter[str] = Counter()
        self._heard: list[Speaker] | None = None
        self._heard_count = 0
        people = [k for k in self.counts if coref.infos[k].cluster.label == "PER"]
        first_of = {k: min(m.start for m in coref.infos[k].cluster.mentions) for k in people}
        self.top_person = max(people, key=lambda k: (self.counts[k], -first_of[k])) if people else None
        self.first_person = min(people, key=lambda k: first_of[k]) if people else None
        # the words that may be a syntactic candidate: nominals that are subjects, objects or follow
        # selon/d'après (found on arrays once, not by walking the sentences of every statement)
        strings = doc.vocab.strings
        pos = doc.to_array("POS")
        deps = doc.to_array("DEP")
        lower = doc.to_array("LOWER")
        roles = {d for d in set(deps.tolist()) if strings[d].startswith("nsubj") or strings[d] in ("obj", "iobj", "obl:arg")}
        sources = {strings[w] for w in ("selon", "après") if w in strings}
        after_source = np.concatenate(([False], np.isin(lower[:-1], list(sources)))) if len(doc) else np.zeros(0, dtype=bool)
        nominal = np.isin(pos, [NOUN, PROPN, PRON])
        outside = ~np.asarray(att.inside, dtype=bool)  # a word in marks is no candidate
        self.syntax_tokens: list[int] = np.flatnonzero(nominal & outside & (np.isin(deps, list(roles)) | after_source)).tolist()

    def sentence(self, i: int) -> int:
        return self.att.sentence_of[i]

    def spoken(self, history: list[Speaker]) -> Mapping[str, int]:
        """How many of the statements before (``history``, their rules' speakers) each candidate said. The
        ranker's ``history`` only grows, by the end, from one statement to the next: the count goes on
        from the last call instead of being made anew, unless another list is given."""
        if history is not self._heard or len(history) < self._heard_count:
            self._spoken, self._heard, self._heard_count = Counter(), history, 0
        self._spoken.update(candidate_key(sp) for sp in history[self._heard_count :])
        self._heard_count = len(history)
        return self._spoken

    def resolve(self, token: Token) -> Speaker | None:
        """What ``token`` stands for (:func:`extractor.nlp.speakers.subject.resolve`), once per token: the
        statements of one sentence share their subjects."""
        if token.i not in self._resolved:
            self._resolved[token.i] = resolve(token, self.att.coref)
        return self._resolved[token.i]


@dataclass(frozen=True)
class SubjectsIn:
    """The entities that were the subject of a mention among the subject mentions ``start`` to ``end``
    of a document (``DocumentContext.subjects``): asked entity by entity, by bisection."""

    ctx: DocumentContext
    start: int
    end: int

    def __contains__(self, k: object) -> bool:
        places = self.ctx.subjects_of.get(k, []) if isinstance(k, int) else []
        n = bisect_left(places, self.start)
        return n < len(places) and places[n] < self.end


@dataclass(frozen=True)
class Statement:
    """One statement where the ranker stands: its tokens, sentences, paragraph, and what came before."""

    quote: FoundQuote
    first: int
    last: int
    sentence: int
    last_sentence: int
    paragraph: int
    previous: Speaker | None  # the rules' speaker of the statement before
    spoken: Mapping[str, int]  # how many statements before each candidate said (by candidate key)
    pronoun: str | None = None  # gender of the singular pronoun that reports it ("a-t-elle dit")
    same_gender: int = 0  # how many persons of the candidates agree with that pronoun
    last_subject: int | None = None  # the entity of the latest subject mention before it
    subject_clusters: Container[int] = frozenset()  # entities that were subjects in the window
    rule_span: tuple[int, int] | None = None  # the tokens of the rules' speaker when it is a noun phrase


@dataclass
class Evidence:
    """What was found for one candidate: where it is mentioned, and how it was found."""

    speaker: Speaker
    positions: list[int] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


Found = Iterator[tuple[Speaker | None, int | None, tuple[str, ...]]]


def gather(ctx: DocumentContext, quote: FoundQuote, history: list[Speaker]) -> list[Candidate]:
    """The candidates for ``quote``, with their features; the last one is "no speaker".

    Args:
        history: the rules' speakers of the statements before this one, in order.
    """
    att = ctx.att
    toks = att.tokens(quote.start, quote.end)
    if not toks:
        return [Candidate(None, {"none": 1.0})]
    first, last = toks[0].i, toks[-1].i
    st = Statement(
        quote, first, last, ctx.sentence(first), ctx.sentence(last), ctx.paragraph_of[first],
        history[-1] if history else None, ctx.spoken(history),
    )
    evidence: dict[str, Evidence] = {}
    for finder in FINDERS:
        for speaker, position, flags in finder(ctx, st):
            if speaker is None or not (speaker.name or speaker.mention):
                continue
            ev = evidence.setdefault(candidate_key(speaker), Evidence(speaker))
            if position is not None:
                ev.positions.append(position)
            ev.flags.update(flags)
    st = _situate(ctx, st, evidence)
    if st.pronoun is not None:
        # "a-t-elle répondu" cannot report a man: agreement is grammar, not a feature to weigh
        evidence = {key: ev for key, ev in evidence.items() if not _disagrees(att, ev.speaker, st.pronoun)}
    candidates = []
    for ev in evidence.values():
        features: dict[str, float] = {}
        for describe in DESCRIBERS:
            features.update(describe(ctx, st, ev))
        candidates.append(Candidate(ev.speaker, features))
    none = {"none": 1.0, f"none_{quote.type}": 1.0}
    if quote.speaker is None:
        none["none_rule_none"] = 1.0
    if not any(c.speaker is not None and c.speaker.label in ("PER", "ORG") for c in candidates):
        none["none_no_entity"] = 1.0
    candidates.append(Candidate(None, none))
    return candidates


def _situate(ctx: DocumentContext, st: Statement, evidence: dict[str, Evidence]) -> Statement:
    """The statement with what depends on its surroundings: the reporting pronoun, the subjects before it."""
    att = ctx.att
    rule = st.quote.speaker
    pronoun = _subject_pronoun(att, st.quote, st.last)
    window_start = st.paragraph - WINDOW_PARAGRAPHS
    # the subject mentions outside marks before the statement, from the window's first paragraph on
    start = bisect_left(ctx.subject_paragraphs, window_start)
    end = max(start, bisect_left(ctx.subjects, (st.first,)))
    same_gender = sum(
        1 for ev in evidence.values()
        if ev.speaker.cluster is not None and ev.speaker.label == "PER" and att.coref.infos[ev.speaker.cluster].gender == pronoun
    )
    rule_span = None
    if rule is not None and rule.cluster is None and rule.token is not None:
        head = att.doc[rule.token]
        rule_span = (head.left_edge.i, head.right_edge.i)
    return replace(
        st, pronoun=pronoun, same_gender=same_gender, last_subject=ctx.subjects[end - 1][1] if end > start else None,
        subject_clusters=SubjectsIn(ctx, start, end), rule_span=rule_span,
    )


# -- finders: where candidates come from ------------------------------------------------------------
def _from_rules(ctx: DocumentContext, st: Statement) -> Found:
    if st.quote.speaker is not None:
        yield st.quote.speaker, st.quote.speaker.token, ("rule",)


def _from_entities(ctx: DocumentContext, st: Statement) -> Found:
    """Persons, organisations and places named outside marks from two paragraphs before to the next sentence."""
    att = ctx.att
    window_start = st.paragraph - WINDOW_PARAGRAPHS
    next_end = att.sent_bounds.get(st.last_sentence + 1, att.sent_bounds[st.last_sentence])[1]
    end = bisect_left(ctx.mentions, (next_end,))
    # the title's mentions (paragraph 0), then those of the window: paragraphs only grow along the text
    title_end = min(end, bisect_right(ctx.mention_paragraphs, 0))
    window = range(max(title_end, bisect_left(ctx.mention_paragraphs, window_start)), end)
    for n in (*range(title_end), *window):
        pos, k = ctx.mentions[n]
        par = ctx.paragraph_of[pos]
        speaker = entity_speaker(att.coref, k, ctx.mention_at[(pos, k)].text, 0.5, pos)
        yield speaker, pos, ("title",) if par == 0 else ()


def _from_syntax(ctx: DocumentContext, st: Statement) -> Found:
    """Subjects, objects of a cue and "selon" sources of the statement's sentence and the one before."""
    att = ctx.att
    doc = att.doc
    for s in sorted({st.sentence, st.last_sentence, st.sentence - 1}):
        if s not in att.sent_bounds:
            continue
        a, b = att.sent_bounds[s]
        for i in ctx.syntax_tokens[bisect_left(ctx.syntax_tokens, a) : bisect_left(ctx.syntax_tokens, b)]:
            tok = doc[i]
            if att.inside[i] or st.quote.start <= tok.idx < st.quote.end:
                continue
            is_subject = tok.dep_.startswith("nsubj")
            after_source = tok.i > 0 and doc[tok.i - 1].lower_ in ("selon", "après")
            head_cue = tok.head.pos_ in ("VERB", "AUX") and att.cue_of(tok.head) is not None
            is_object = head_cue and tok.dep_ in ("obj", "iobj", "obl:arg") and tok.i > tok.head.i
            if not (is_subject or after_source or is_object):
                continue
            speaker = ctx.resolve(tok)
            flags = ["selon"] if after_source else []
            if is_subject:
                flags.append("subject_before" if s == st.sentence - 1 else "subject")
            if is_object:
                flags.append("cue_object")
            if tok.pos_ == "PRON" and speaker is not None and speaker.cluster is not None:
                flags.append("pronoun")
            if is_subject and head_cue:
                flags.append("cue_subject")
            yield speaker, tok.i, tuple(flags)


def _from_lines(ctx: DocumentContext, st: Statement) -> Found:
    """ "— Charles Michel, premier ministre belge" under the statement; "Marine Castel :" opening it."""
    if st.paragraph not in ctx._lines:
        ctx._lines[st.paragraph] = _line_speakers(ctx, st.paragraph)
    for tok in ctx._lines[st.paragraph]:
        yield ctx.resolve(tok), tok.i, ("dash" if ctx.paragraph_of[tok.i] > st.paragraph else "colon",)


def _from_history(ctx: DocumentContext, st: Statement) -> Found:
    if st.previous is not None:
        yield st.previous, None, ("previous",)


FINDERS: tuple[Callable[[DocumentContext, Statement], Found], ...] = (
    _from_rules, _from_entities, _from_syntax, _from_lines, _from_history,
)


def _line_speakers(ctx: DocumentContext, paragraph: int) -> list[Token]:
    """Speakers named on a line of their own: "— Name, role" in the two lines after the statement's
    paragraph (a quotation box), or "Name :" opening the statement's paragraph (an interview)."""
    doc = ctx.att.doc
    found = []
    starts = ctx.paragraph_starts
    for par in (paragraph + 1, paragraph + 2, paragraph):
        if par >= len(starts):
            continue
        first = starts[par]
        words = [t for t in doc[first : min(first + 12, len(doc))] if not t.is_space and ctx.paragraph_of[t.i] == par]
        if not words:
            continue
        if par != paragraph and words[0].text in _DASHES and len(words) > 1:
            head = next((t for t in words[1:] if t.pos_ in ("PROPN", "NOUN")), None)
        elif par == paragraph:
            colon = next((k for k, t in enumerate(words[:6]) if t.text == ":"), None)
            named = colon and all(t.pos_ in ("PROPN", "NOUN", "DET", "ADP") or t.text[:1].isupper() for t in words[:colon])
            head = next((t for t in words[:colon] if t.pos_ in ("PROPN", "NOUN")), None) if named else None
        else:
            head = None
        if head is not None:
            found.append(head)
    return found


def _subject_pronoun(att: Attributor, quote: FoundQuote, last: int) -> str | None:
    """The gender of a singular subject pronoun that reports the statement ("a-t-elle ajouté", "il a
    déclaré que"), if any: in the rule's own choice, else right after the closing mark."""
    rule = quote.speaker
    if rule is not None and rule.mention.lower().lstrip("-") in PRONOUNS:
        gender, number = PRONOUNS[rule.mention.lower().lstrip("-")]
        return gender if number == "sing" else None
    for tok in att.doc[last + 1 : last + 6]:
        form = tok.lower_.lstrip("-")
        if tok.text[:1].isupper() or tok.text in (".", "!", "?"):
            break  # "Il" opening the next sentence does not report this statement
        if form in ("il", "elle"):
            return PRONOUNS[form][0]
    return None


def _disagrees(att: Attributor, speaker: Speaker, pronoun: str) -> bool:
    if speaker.cluster is None or speaker.label != "PER":
        return False
    gender = att.coref.infos[speaker.cluster].gender
    return gender is not None and gender != pronoun


# -- describers: the features of a candidate --------------------------------------------------------
Features = dict[str, float]


def _rule_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """How the rules found it, when it is the rules' choice."""
    quote = st.quote
    if "rule" not in ev.flags or quote.speaker is None:
        return {}
    f = {"rule": 1.0, "rule_conf": quote.speaker.confidence, f"rule_{quote.type}": 1.0}
    if quote.how in HOWS:
        f[f"rule_{quote.how}"] = 1.0
    mention = (quote.speaker.mention or "").lower().lstrip("-")
    if mention in PRONOUNS:
        f["rule_pronoun"] = 1.0
        if st.same_gender > 1:
            f["pron_ambiguous"] = 1.0
    if ev.speaker.cluster is None:
        f["rule_np"] = 1.0
    return f


def _label_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """Entity label, or for a common noun: can it speak (animacy), is it a role, a plural."""
    sp = ev.speaker
    label = sp.label if sp.cluster is not None and sp.label in ("PER", "ORG", "LOC") else "NP"
    f = {label: 1.0}
    if label == "NP" and sp.token is not None:
        head: Token = ctx.att.doc[sp.token]
        animacy = ctx.animacy.of_token(head) if ctx.animacy is not None else NEUTRAL
        is_role = role_of(head) is not None
        f["np_animacy"] = animacy
        f["np_inanimate"] = 1.0 if animacy < 0.35 and not is_role else 0.0
        f["np_role"] = 1.0 if is_role else 0.0
        f["np_plural"] = 1.0 if head.morph.get("Number") == ["Plur"] else 0.0
        if "rule" in ev.flags and f["np_inanimate"]:
            f["rule_inanimate"] = 1.0
    return f


def _position_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """Where it is mentioned: sentences, paragraphs and tokens away from the statement."""
    positions = ev.positions
    outside = [p for p in positions if not (st.first <= p <= st.last)]
    f: Features = {}
    if positions and not outside:
        f["only_inside"] = 1.0
    before = [st.sentence - ctx.sentence(p) for p in outside if p < st.first]
    if any(ctx.sentence(p) in (st.sentence, st.last_sentence) for p in outside):
        f["same_sent"] = 1.0
    if before:
        f["sent_before"] = min(min(before), _MAX_SENTENCES) / _MAX_SENTENCES
    else:
        f["no_before"] = 1.0
    if any(p > st.last and ctx.sentence(p) == st.last_sentence + 1 for p in outside):
        f["next_sent"] = 1.0
    paragraphs = {ctx.paragraph_of[p] for p in outside}
    if st.paragraph in paragraphs:
        f["same_par"] = 1.0
    if st.paragraph - 1 in paragraphs or st.paragraph - 2 in paragraphs:
        f["prev_par"] = 1.0
    if "title" in ev.flags:
        f["in_title"] = 1.0
    if outside:
        gap = min(st.first - p if p < st.first else p - st.last for p in outside)
        f["tok_dist"] = math.log1p(max(gap, 0)) / 5.0
    else:
        f["tok_dist"] = 1.0
    if st.rule_span is not None and "rule" not in ev.flags and any(st.rule_span[0] <= p <= st.rule_span[1] for p in positions):
        f["in_rule_np"] = 1.0  # "selon des images diffusées par Irib": the issuer of the document
    return f


def _syntax_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """Its role around the statement: subject (of a cue), object of a cue, "selon" source, a line of its own."""
    flags = ev.flags
    f: Features = {}
    if "subject" in flags:
        f["subj"] = 1.0
        if any(ctx.sentence(p) == st.sentence for p in ev.positions if not (st.first <= p <= st.last)):
            f["subj_same_sent"] = 1.0
    for flag, name in (("subject_before", "subj_prev_sent"), ("cue_subject", "cue_subj"), ("cue_object", "cue_obj"),
                       ("dash", "dash_line"), ("colon", "colon_line"), ("selon", "selon"), ("pronoun", "pron_link")):
        if flag in flags:
            f[name] = 1.0
    return f


def _salience_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """How present it is: earlier speaker, mentions in the article and around, subject mentions."""
    sp = ev.speaker
    key = candidate_key(sp)
    spoken = st.spoken
    f: Features = {}
    if spoken.get(key, 0):
        f["spoke_before"] = math.log1p(spoken[key]) / 2.0
    if st.previous is not None and candidate_key(st.previous) == key:
        f["prev"] = 1.0
        outside = [p for p in ev.positions if not (st.first <= p <= st.last)]
        if outside and min(abs(st.sentence - ctx.sentence(p)) for p in outside) <= 2:
            f["prev_near"] = 1.0
    if sp.cluster is None:
        return f
    f["freq"] = math.log1p(ctx.counts.get(sp.cluster, 0)) / 3.0
    paragraphs = ctx.paragraphs_of.get(sp.cluster, [])
    near = bisect_right(paragraphs, st.paragraph) - bisect_left(paragraphs, st.paragraph - 1)
    f["par_freq"] = math.log1p(near) / 2.0
    for flag, value in (("top_person", sp.cluster == ctx.top_person), ("first_person", sp.cluster == ctx.first_person),
                        ("subj_mention", sp.cluster in st.subject_clusters), ("last_subject", sp.cluster == st.last_subject)):
        if value:
            f[flag] = 1.0
    return f


def _agreement_features(ctx: DocumentContext, st: Statement, ev: Evidence) -> Features:
    """A person of the reporting pronoun's gender, and how salient it is among them."""
    sp = ev.speaker
    if st.pronoun is None or sp.cluster is None or sp.label != "PER":
        return {}
    if ctx.att.coref.infos[sp.cluster].gender != st.pronoun:
        return {}
    return {
        "pron_agree": 1.0,
        "pron_agree_top": float(sp.cluster == ctx.top_person),
        "pron_agree_spoke": float(st.spoken.get(candidate_key(sp), 0) > 0),
        "pron_agree_subj": float(sp.cluster in st.subject_clusters),
        "pron_agree_last": float(sp.cluster == st.last_subject),
    }


DESCRIBERS: tuple[Callable[[DocumentContext, Statement, Evidence], Features], ...] = (
    _rule_features, _label_features, _position_features, _syntax_features, _salience_features, _agreement_features,
)
