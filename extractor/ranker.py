"""Choose each statement's speaker among the people and groups around it: a learned ranker.

The rules of :mod:`extractor.attribution` find the statements and propose a speaker; on articles they
were not written on, one speaker in five was wrong. The ranker takes the rules' proposal as one piece
of evidence among others. For each statement it gathers the candidates — the rules' speaker, every
person, organisation and place named outside quotation marks in its paragraph and the two before it
(and in the title), the subjects of its sentence and of the one before (pronouns and role nouns
resolved by :mod:`extractor.coref`), the previous statement's speaker — and "no speaker". Each
candidate is described by features (how the rules found it, syntactic role, distance in tokens,
sentences and paragraphs, salience, agreement with a pronoun, entity label, animacy of a common noun)
and scored by a logistic regression fitted on annotated news (``make train-attribution``,
:mod:`extractor.ranker_training`). The best-scoring candidate wins; "no speaker" may win too.

The confidence of the choice is the ranker's probability, calibrated on articles the model was not
fitted on: the margin between the best and the second-best candidate's probabilities, mapped by an
isotonic regression fitted on cross-validated choices to the share of them that were right, so that
"0.9" means right about nine times in ten.

Example:
    >>> ranker = SpeakerRanker.load()                              # doctest: +SKIP
    >>> quotes = ranker.rank(attributor, attributor.run())         # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from spacy.tokens import Token

from .animacy import NEUTRAL, Animacy
from .attribution import Attributor, FoundQuote
from .coref import PRONOUNS, role_of
from .entities import fold
from .resources import models_dir
from .speakers import Speaker, resolve

RANKER_FILE = "speaker_ranker.json"
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
_WINDOW_PARAGRAPHS = 2  # the statement's paragraph and the two before it
_MAX_SENTENCES = 5


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
    if speaker is None:
        return "-"
    return f"k{speaker.cluster}" if speaker.cluster is not None else "n:" + fold(speaker.name or speaker.mention)


class DocumentContext:
    """What the ranker needs about one document, computed once: paragraphs, mentions, salience."""

    def __init__(self, att: Attributor, animacy: Animacy | None) -> None:
        self.att = att
        self.animacy = animacy
        doc = att.doc
        self.paragraph_of = [0] * len(doc)
        self.paragraph_starts = [0]
        n = 0
        for tok in doc:
            self.paragraph_of[tok.i] = n
            if "\n" in tok.text or "\n" in tok.whitespace_:
                n += 1
                self.paragraph_starts.append(tok.i + 1)
        coref = att.coref
        # mentions outside quotation marks: (token index, cluster), in text order
        self.mentions: list[tuple[int, int]] = []
        counts: dict[int, int] = {}
        for k, info in enumerate(coref.infos):
            if info.cluster.label not in ("PER", "ORG", "LOC"):
                continue
            for m in info.cluster.mentions:
                if not att.inside[m.start]:
                    self.mentions.append((m.start, k))
                counts[k] = counts.get(k, 0) + 1
        self.mentions.sort()
        self.counts = counts
        people = [(c, -min(m.start for m in coref.infos[k].cluster.mentions), k) for k, c in counts.items()
                  if coref.infos[k].cluster.label == "PER"]
        self.top_person = max(people)[2] if people else None
        firsts = [(min(m.start for m in coref.infos[k].cluster.mentions), k) for k in counts
                  if coref.infos[k].cluster.label == "PER"]
        self.first_person = min(firsts)[1] if firsts else None

    def sentence(self, i: int) -> int:
        return self.att.sentence_of[i]


@dataclass
class _Evidence:
    speaker: Speaker
    positions: list[int]
    flags: set[str]


def gather(ctx: DocumentContext, quote: FoundQuote, history: list[Speaker]) -> list[Candidate]:
    """The candidates for ``quote``, with their features; the last one is "no speaker".

    Args:
        history: the rules' speakers of the statements before this one, in order.
    """
    att = ctx.att
    previous = history[-1] if history else None
    doc = att.doc
    toks = att._tokens(quote.start, quote.end)
    if not toks:
        return [Candidate(None, {"none": 1.0})]
    first, last = toks[0].i, toks[-1].i
    q_sent, q_par = ctx.sentence(first), ctx.paragraph_of[first]
    q_last_sent = ctx.sentence(last)
    evidence: dict[str, _Evidence] = {}

    def add(speaker: Speaker | None, position: int | None, *flags: str) -> None:
        if speaker is None or not (speaker.name or speaker.mention):
            return
        key = candidate_key(speaker)
        ev = evidence.get(key)
        if ev is None:
            ev = evidence[key] = _Evidence(speaker, [], set())
        if position is not None:
            ev.positions.append(position)
        ev.flags.update(flags)

    rule = quote.speaker
    if rule is not None:
        add(rule, rule.token, "rule")
    # named entities in the window, outside quotation marks
    window_start = q_par - _WINDOW_PARAGRAPHS
    next_end = att.sent_bounds.get(q_last_sent + 1, att.sent_bounds[q_last_sent])[1]
    for pos, k in ctx.mentions:
        par = ctx.paragraph_of[pos]
        if pos >= next_end:
            break
        if par < window_start and par != 0:
            continue
        info = att.coref.infos[k]
        mention = next(m for m in info.cluster.mentions if m.start == pos)
        speaker = Speaker(info.cluster.name, mention.text, info.cluster.label, att.coref.role(k), 0.5, k, pos)
        add(speaker, pos, *(["title"] if par == 0 else []))
    # subjects of the statement's sentence and of the sentence before, resolved
    sentences = {q_sent, q_last_sent, q_sent - 1}
    for s in sorted(sentences):
        if s not in att.sent_bounds:
            continue
        a, b = att.sent_bounds[s]
        for tok in doc[a:b]:
            if att.inside[tok.i] or quote.start <= tok.idx < quote.end or tok.pos_ not in ("NOUN", "PROPN", "PRON"):
                continue
            is_subject = tok.dep_.startswith("nsubj")
            after_source = tok.i > 0 and doc[tok.i - 1].lower_ in ("selon", "après")
            head_cue = tok.head.pos_ in ("VERB", "AUX") and att._cue(tok.head) is not None
            is_object = head_cue and tok.dep_ in ("obj", "iobj", "obl:arg") and tok.i > tok.head.i
            if not (is_subject or after_source or is_object):
                continue
            speaker = resolve(tok, att.coref)
            flags = ["selon"] if after_source else []
            if is_subject:
                flags.append("subject" if s != q_sent - 1 or q_sent == q_last_sent and s == q_sent else "subject_before")
            if is_object:
                flags.append("cue_object")
            if tok.pos_ == "PRON" and speaker is not None and speaker.cluster is not None:
                flags.append("pronoun")
            if is_subject and head_cue:
                flags.append("cue_subject")
            add(speaker, tok.i, *flags)
    # "— Charles Michel, premier ministre belge" under a quotation; "Marine Castel : …" before an answer
    for tok in _line_speakers(ctx, q_par):
        add(resolve(tok, att.coref), tok.i, "dash" if ctx.paragraph_of[tok.i] > q_par else "colon")
    if previous is not None:
        add(previous, None, "previous")
    pronoun = _subject_pronoun(att, quote, first, last)
    # subject mentions of entities in the window (coref's antecedents), the latest one before the statement
    subjects = [(pos, k) for pos, k, is_subj in att.coref.mentions
                if is_subj and pos < first and ctx.paragraph_of[pos] >= window_start and not att.inside[pos]]
    last_subject = subjects[-1][1] if subjects else None
    subject_clusters = {k for _, k in subjects}
    spoken = [candidate_key(sp) for sp in history]
    rule_span = _subtree_span(doc[rule.token]) if rule is not None and rule.cluster is None and rule.token is not None else None
    same_gender = sum(
        1 for ev in evidence.values()
        if ev.speaker.cluster is not None and ev.speaker.label == "PER" and att.coref.infos[ev.speaker.cluster].gender == pronoun
    )
    if pronoun is not None:
        # "a-t-elle répondu" cannot report a man: agreement is grammar, not a feature to weigh
        evidence = {key: ev for key, ev in evidence.items() if not _disagrees(att, ev.speaker, pronoun)}
    candidates = [
        _describe(ctx, quote, ev, first, last, q_sent, q_par, previous, pronoun, spoken, rule_span, same_gender,
                  last_subject, subject_clusters)
        for ev in evidence.values()
    ]
    none = {"none": 1.0, f"none_{quote.type}": 1.0}
    if rule is None:
        none["none_rule_none"] = 1.0
    if not any(c.speaker is not None and c.speaker.label in ("PER", "ORG") for c in candidates):
        none["none_no_entity"] = 1.0
    candidates.append(Candidate(None, none))
    return candidates


def _disagrees(att: Attributor, speaker: Speaker, pronoun: str) -> bool:
    if speaker.cluster is None or speaker.label != "PER":
        return False
    gender = att.coref.infos[speaker.cluster].gender
    return gender is not None and gender != pronoun


def _subtree_span(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def _line_speakers(ctx: DocumentContext, q_par: int) -> list[Token]:
    """Speakers named on a line of their own: "— Name, role" in the two lines after the statement's
    paragraph (a quotation box), or "Name :" opening the statement's paragraph (an interview)."""
    att = ctx.att
    doc = att.doc
    found = []
    starts = ctx.paragraph_starts
    for par in (q_par + 1, q_par + 2, q_par):
        if par >= len(starts):
            continue
        first = starts[par]
        words = [t for t in doc[first : min(first + 12, len(doc))] if not t.is_space and ctx.paragraph_of[t.i] == par]
        if not words:
            continue
        if par != q_par and words[0].text in ("—", "–", "-") and len(words) > 1:
            head = next((t for t in words[1:] if t.pos_ in ("PROPN", "NOUN")), None)
            if head is not None:
                found.append(head)
        elif par == q_par:
            colon = next((k for k, t in enumerate(words[:6]) if t.text == ":"), None)
            if colon and all(t.pos_ in ("PROPN", "NOUN", "DET", "ADP") or t.text[:1].isupper() for t in words[:colon]):
                head = next((t for t in words[:colon] if t.pos_ in ("PROPN", "NOUN")), None)
                if head is not None:
                    found.append(head)
    return found


def _subject_pronoun(att: Attributor, quote: FoundQuote, first: int, last: int) -> str | None:
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


def _describe(
    ctx: DocumentContext, quote: FoundQuote, ev: _Evidence, first: int, last: int, q_sent: int, q_par: int,
    previous: Speaker | None, pronoun: str | None, spoken: list[str], rule_span: tuple[int, int] | None,
    same_gender: int, last_subject: int | None, subject_clusters: set[int],
) -> Candidate:
    att = ctx.att
    doc = att.doc
    sp = ev.speaker
    f: dict[str, float] = {}
    if "rule" in ev.flags:
        f["rule"] = 1.0
        f["rule_conf"] = quote.speaker.confidence if quote.speaker else 0.0
        if quote.how in HOWS:
            f[f"rule_{quote.how}"] = 1.0
        f[f"rule_{quote.type}"] = 1.0
        mention = (quote.speaker.mention or "").lower().lstrip("-") if quote.speaker else ""
        if mention in PRONOUNS:
            f["rule_pronoun"] = 1.0
        if sp.cluster is None:
            f["rule_np"] = 1.0
        if mention in PRONOUNS and same_gender > 1:
            f["pron_ambiguous"] = 1.0
    label = sp.label if sp.cluster is not None and sp.label in ("PER", "ORG", "LOC") else "NP"
    f[label] = 1.0
    if label == "NP" and sp.token is not None:
        head: Token = doc[sp.token]
        animacy = ctx.animacy.of_token(head) if ctx.animacy is not None else NEUTRAL
        f["np_animacy"] = animacy
        f["np_inanimate"] = 1.0 if animacy < 0.35 and role_of(head) is None else 0.0
        f["np_role"] = 1.0 if role_of(head) is not None else 0.0
        f["np_plural"] = 1.0 if head.morph.get("Number") == ["Plur"] else 0.0
        if "rule" in ev.flags and f["np_inanimate"]:
            f["rule_inanimate"] = 1.0
    positions = [p for p in ev.positions if p is not None]
    outside = [p for p in positions if not (first <= p <= last)]
    if positions and not outside:
        f["only_inside"] = 1.0
    sentences = [q_sent - ctx.sentence(p) for p in outside]
    before = [d for d, p in zip(sentences, outside) if p < first]
    if any(ctx.sentence(p) in (q_sent, ctx.sentence(last)) for p in outside):
        f["same_sent"] = 1.0
    if before:
        f["sent_before"] = min(min(before), _MAX_SENTENCES) / _MAX_SENTENCES
    else:
        f["no_before"] = 1.0
    if any(p > last and ctx.sentence(p) == ctx.sentence(last) + 1 for p in outside):
        f["next_sent"] = 1.0
    paragraphs = {ctx.paragraph_of[p] for p in outside}
    if q_par in paragraphs:
        f["same_par"] = 1.0
    if q_par - 1 in paragraphs or q_par - 2 in paragraphs:
        f["prev_par"] = 1.0
    if "title" in ev.flags:
        f["in_title"] = 1.0
    if outside:
        gap = min(first - p if p < first else p - last for p in outside)
        f["tok_dist"] = math.log1p(max(gap, 0)) / 5.0
    else:
        f["tok_dist"] = 1.0
    if "subject" in ev.flags:
        f["subj"] = 1.0
        if any(ctx.sentence(p) == q_sent for p in outside):
            f["subj_same_sent"] = 1.0
    if "subject_before" in ev.flags:
        f["subj_prev_sent"] = 1.0
    if "cue_subject" in ev.flags:
        f["cue_subj"] = 1.0
    if "cue_object" in ev.flags:
        f["cue_obj"] = 1.0
    if "dash" in ev.flags:
        f["dash_line"] = 1.0
    if "colon" in ev.flags:
        f["colon_line"] = 1.0
    if rule_span is not None and "rule" not in ev.flags and any(rule_span[0] <= p <= rule_span[1] for p in positions):
        f["in_rule_np"] = 1.0  # "selon des images diffusées par Irib": the issuer of the document
    key = candidate_key(sp)
    if key in spoken:
        f["spoke_before"] = math.log1p(spoken.count(key)) / 2.0
    if "selon" in ev.flags:
        f["selon"] = 1.0
    if previous is not None and candidate_key(previous) == candidate_key(sp):
        f["prev"] = 1.0
        if outside and min(abs(s) for s in sentences) <= 2:
            f["prev_near"] = 1.0
    if sp.cluster is not None:
        f["freq"] = math.log1p(ctx.counts.get(sp.cluster, 0)) / 3.0
        near = sum(1 for p, k in ctx.mentions if k == sp.cluster and q_par - 1 <= ctx.paragraph_of[p] <= q_par)
        f["par_freq"] = math.log1p(near) / 2.0
        if sp.cluster == ctx.top_person:
            f["top_person"] = 1.0
        if sp.cluster == ctx.first_person:
            f["first_person"] = 1.0
        if sp.cluster in subject_clusters:
            f["subj_mention"] = 1.0
        if sp.cluster == last_subject:
            f["last_subject"] = 1.0
        gender = att.coref.infos[sp.cluster].gender
        if pronoun is not None and sp.label == "PER" and gender == pronoun:
            f["pron_agree"] = 1.0
            f["pron_agree_top"] = f.get("top_person", 0.0)
            f["pron_agree_spoke"] = 1.0 if key in spoken else 0.0
            f["pron_agree_subj"] = f.get("subj_mention", 0.0)
            f["pron_agree_last"] = f.get("last_subject", 0.0)
    if "pronoun" in ev.flags:
        f["pron_link"] = 1.0
    return Candidate(sp, f)


@dataclass(frozen=True)
class SpeakerRanker:
    """A logistic regression over candidate features, and the calibration of its best score."""

    weights: np.ndarray
    bias: float
    calibration: tuple[tuple[float, ...], tuple[float, ...]] = ((0.0, 1.0), (0.0, 1.0))
    animacy: Animacy | None = None

    @classmethod
    def from_dict(cls, data: dict, animacy: Animacy | None = None) -> SpeakerRanker:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{RANKER_FILE}: made for other features; rebuild it with `make train-attribution`")
        xs, ys = data.get("calibration", [[0.0, 1.0], [0.0, 1.0]])
        return cls(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]), (tuple(xs), tuple(ys)), animacy)

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calibration": [list(self.calibration[0]), list(self.calibration[1])],
        }

    @classmethod
    def load(cls) -> SpeakerRanker | None:
        """The shipped ranker (``models/speaker_ranker.json``), or None when it is absent."""
        return _shipped()

    def scores(self, candidates: list[Candidate]) -> np.ndarray:
        matrix = np.vstack([c.vector() for c in candidates])
        return 1.0 / (1.0 + np.exp(-(matrix @ self.weights + self.bias)))

    def calibrated(self, score: float) -> float:
        xs, ys = self.calibration
        return float(np.interp(score, xs, ys))

    def choose(self, candidates: list[Candidate]) -> tuple[Candidate, float]:
        """The best candidate and its calibrated confidence."""
        best, margin = self.best(candidates)
        return candidates[best], self.calibrated(margin)

    def best(self, candidates: list[Candidate]) -> tuple[int, float]:
        """The index of the best candidate and its margin over the runner-up: how clearly the evidence
        separates them (it sorts right from wrong choices better than the best score alone)."""
        scores = self.scores(candidates)
        order = np.argsort(-scores, kind="stable")
        runner_up = float(scores[order[1]]) if len(order) > 1 else 0.0
        return int(order[0]), float(scores[order[0]]) - runner_up

    def rank(self, att: Attributor, quotes: list[FoundQuote]) -> list[FoundQuote]:
        """The statements with the speaker the ranker prefers, and its confidence."""
        ctx = DocumentContext(att, self.animacy)
        history: list[Speaker] = []
        ranked = []
        for quote in quotes:
            best, confidence = self.choose(gather(ctx, quote, history))
            speaker = best.speaker
            if speaker is not None:
                if quote.speaker is not None and candidate_key(quote.speaker) == best.key:
                    speaker = quote.speaker  # the rule's own reading: mention as written, role
                speaker = replace(speaker, confidence=round(confidence, 3))
            ranked.append(replace(quote, speaker=speaker))
            if quote.speaker is not None:
                history.append(quote.speaker)
        return ranked


@lru_cache(maxsize=1)
def _shipped() -> SpeakerRanker | None:
    path = models_dir().joinpath(RANKER_FILE)
    if not path.is_file():
        return None
    return SpeakerRanker.from_dict(json.loads(path.read_text(encoding="utf-8")), Animacy.load())
