"""Choose each statement's speaker among the people and groups around it: a learned ranker.

The rules of :mod:`extractor.nlp.statements.attribute` find the statements and propose a speaker; on articles they
were not written on, one speaker in five was wrong. The ranker takes the rules' proposal as one piece
of evidence among others: :mod:`extractor.nlp.ranking.candidates` gathers every possible speaker around a statement
("no speaker" included) and describes each by its features (how the rules found it, syntactic role,
distance, salience, agreement with a pronoun, entity label, animacy of a common noun); a logistic
regression fitted on annotated news (``make train-attribution``, :mod:`extractor.eval.ranker_training`)
scores them. The best-scoring candidate wins; "no speaker" may win too.

The confidence of the choice is the ranker's probability, calibrated on articles the model was not
fitted on: the margin between the best and the second-best candidate's probabilities (how clearly the
evidence separates them), mapped to the share of right speakers among cross-validated choices with that
margin by a non-decreasing curve (isotonic regression), so that "0.9" means right about nine times in
ten and a closer call never gets a higher confidence. A logistic curve (Platt scaling) was tried first:
it is too smooth for these margins, and gave 0.85 to close calls that were right only 72% of the time.

Example:
    >>> ranker = SpeakerRanker.load()                              # doctest: +SKIP
    >>> quotes = ranker.rank(attributor, attributor.run())         # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..lexicon import Lexicon, current
from ..speakers.animacy import Animacy
from ..speakers.subject import Speaker
from ..statements.article import FoundQuote
from ..statements.attribute import Attributor
from .candidates import FEATURES, Candidate, DocumentContext, candidate_key, gather

RANKER_FILE = "speaker_ranker.json"
# words in marks that look like scare quotes or a headline are kept only when the ranker's best speaker
# leads the runner-up by this margin (a threshold on the margin, not on the calibrated confidence, so that
# recalibrating does not change which quotes are kept; it was 0.7 under the first, logistic calibration)
TENTATIVE_MARGIN = 0.269


@dataclass(frozen=True)
class Calibration:
    """A non-decreasing curve from margin to probability: the points of an isotonic regression, joined by
    straight lines, flat beyond the first and the last."""

    margins: tuple[float, ...] = (0.0, 1.0)
    probabilities: tuple[float, ...] = (0.5, 0.5)

    def __call__(self, margin: float) -> float:
        return float(np.interp(margin, self.margins, self.probabilities))

    def to_dict(self) -> dict:
        return {"margins": [round(m, 6) for m in self.margins], "probabilities": [round(p, 4) for p in self.probabilities]}

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        return cls(tuple(map(float, data["margins"])), tuple(map(float, data["probabilities"])))


@dataclass(frozen=True)
class SpeakerRanker:
    """A logistic regression over candidate features, and the calibration of its margin."""

    weights: np.ndarray
    bias: float
    calibration: Calibration = Calibration()
    animacy: Animacy | None = None

    @classmethod
    def from_dict(cls, data: dict, animacy: Animacy | None = None) -> SpeakerRanker:
        if tuple(data["features"]) != FEATURES or "margins" not in data["calibration"]:
            raise ValueError(f"{RANKER_FILE}: made for another version; rebuild it with `make train-attribution`")
        weights = np.asarray(data["weights"], dtype=np.float64)
        return cls(weights, float(data["bias"]), Calibration.from_dict(data["calibration"]), animacy)

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calibration": self.calibration.to_dict(),
        }

    @classmethod
    def load(cls) -> SpeakerRanker | None:
        """The ranker of the current lexicon (``models/speaker_ranker.json``), or None before training."""
        return _of(current())

    def scores(self, candidates: list[Candidate]) -> np.ndarray:
        matrix = np.vstack([c.vector() for c in candidates])
        return 1.0 / (1.0 + np.exp(-(matrix @ self.weights + self.bias)))

    def calibrated(self, margin: float) -> float:
        return self.calibration(margin)

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
            candidates = gather(ctx, quote, history)
            index, margin = self.best(candidates)
            confidence = self.calibrated(margin)
            speaker = candidates[index].speaker
            if speaker is not None:
                if quote.speaker is not None and candidate_key(quote.speaker) == candidates[index].key:
                    speaker = quote.speaker  # the rule's own reading: mention as written, role
                speaker = replace(speaker, confidence=round(confidence, 3))
            if quote.tentative and (speaker is None or margin < TENTATIVE_MARGIN):
                continue  # scare quotes or a headline: nobody is clearly behind them
            ranked.append(replace(quote, speaker=speaker, tentative=False))
            if quote.speaker is not None:
                history.append(quote.speaker)
        return ranked


@lru_cache(maxsize=8)
def _of(lexicon: Lexicon) -> SpeakerRanker | None:
    data = lexicon.weights(RANKER_FILE)
    return SpeakerRanker.from_dict(data, Animacy.of_lexicon(lexicon)) if data is not None else None
