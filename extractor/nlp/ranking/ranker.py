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
evidence separates them), mapped to the probability of being right by a logistic curve fitted on
cross-validated choices (Platt scaling), so that "0.9" means right about nine times in ten, and a
closer call always gets a lower confidence.

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
# words in marks that look like scare quotes or a headline are kept only with a speaker this sure
TENTATIVE_CONFIDENCE = 0.7


@dataclass(frozen=True)
class SpeakerRanker:
    """A logistic regression over candidate features, and the calibration of its margin: the
    confidence is ``1 / (1 + exp(-(slope * margin + intercept)))``."""

    weights: np.ndarray
    bias: float
    calibration: tuple[float, float] = (1.0, 0.0)  # slope, intercept
    animacy: Animacy | None = None

    @classmethod
    def from_dict(cls, data: dict, animacy: Animacy | None = None) -> SpeakerRanker:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{RANKER_FILE}: made for other features; rebuild it with `make train-attribution`")
        calibration = data["calibration"]
        return cls(
            np.asarray(data["weights"], dtype=np.float64), float(data["bias"]),
            (float(calibration["slope"]), float(calibration["intercept"])), animacy,
        )

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calibration": {"slope": round(self.calibration[0], 6), "intercept": round(self.calibration[1], 6)},
        }

    @classmethod
    def load(cls) -> SpeakerRanker | None:
        """The ranker of the current lexicon (``models/speaker_ranker.json``), or None before training."""
        return _of(current())

    def scores(self, candidates: list[Candidate]) -> np.ndarray:
        matrix = np.vstack([c.vector() for c in candidates])
        return 1.0 / (1.0 + np.exp(-(matrix @ self.weights + self.bias)))

    def calibrated(self, margin: float) -> float:
        slope, intercept = self.calibration
        return float(1.0 / (1.0 + np.exp(-(slope * margin + intercept))))

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
            if quote.tentative and (speaker is None or confidence < TENTATIVE_CONFIDENCE):
                continue  # scare quotes or a headline: nobody is clearly behind them
            ranked.append(replace(quote, speaker=speaker, tentative=False))
            if quote.speaker is not None:
                history.append(quote.speaker)
        return ranked


@lru_cache(maxsize=8)
def _of(lexicon: Lexicon) -> SpeakerRanker | None:
    data = lexicon.weights(RANKER_FILE)
    return SpeakerRanker.from_dict(data, Animacy.of_lexicon(lexicon)) if data is not None else None
