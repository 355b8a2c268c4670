"""Long runs of punctuation: seconds against the run's length, with spaCy's tokenizer and with ours.

Usage (from the repository root):
    .venv/bin/python benchmarks/punctuation_runs.py [--sizes 1000,4000,16000] [--chars "=,«"] [--plain]

For each character and run length, the text ``"Texte " + char * n + " fin."`` is tokenized by spaCy's own
tokenizer (``plain``, quadratic on such runs: skipped beyond ``--plain-limit`` characters) and by
:class:`extractor.nlp.punctuation_runs.PunctuationRunsTokenizer` (``ours``), then analyzed through the whole
pipeline as ``extractor batch`` runs it (``extractor.run.batch.process`` on one ``Document``); with
``--plain``, the whole pipeline is timed with spaCy's tokenizer as well (minutes beyond a few thousand
characters). Printed: seconds, tokens, and that every quote's and mention's offsets hold in the text.
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from typing import Iterator

from spacy.language import Language
from spacy.tokenizer import Tokenizer

from extractor.nlp.punctuation_runs import PunctuationRunsTokenizer, settings_of
from extractor.pipeline import load_pipeline
from extractor.records import Document
from extractor.run.batch import Processed, process


def plain_tokenizer(tokenizer: Tokenizer) -> Tokenizer:
    """spaCy's own tokenizer with the same settings."""
    return Tokenizer(tokenizer.vocab, **settings_of(tokenizer))


@contextmanager
def tokenizer_of(nlp: Language, tokenizer: Tokenizer) -> Iterator[None]:
    previous = nlp.tokenizer
    nlp.tokenizer = tokenizer
    try:
        yield
    finally:
        nlp.tokenizer = previous


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def whole_pipeline(nlp: Language, text: str) -> tuple[float, int, bool]:
    """Seconds through ``process``, quotes found, and whether every offset holds."""
    seconds, outcomes = timed(lambda: list(process([Document("run", text)], nlp)))
    [outcome] = outcomes
    assert isinstance(outcome, Processed), outcome
    analysis = outcome.analysis
    spans = [(q.start, q.end, q.text) for q in analysis.quotes]
    spans += [(m.start, m.end, m.text) for e in analysis.entities for m in e.mentions]
    return seconds, len(analysis.quotes), all(text[a:b] == t for a, b, t in spans)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,4000,16000,50000,200000", help="run lengths, comma-separated")
    parser.add_argument("--chars", default="=,«", help="the run's characters, comma-separated")
    parser.add_argument("--plain-limit", type=int, default=4000, help="longest run given to spaCy's tokenizer")
    parser.add_argument("--plain", action="store_true", help="time the whole pipeline with spaCy's tokenizer too")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    ours = nlp.tokenizer
    assert isinstance(ours, PunctuationRunsTokenizer)
    nlp("Texte de chauffe, « pour que tout soit chargé », a dit Paul.")
    print(f"{'char':>4} {'length':>7} {'plain tok s':>11} {'ours tok s':>10} {'tokens':>7} "
          f"{'pipeline s':>10} {'quotes':>6} {'offsets':>7}" + (f" {'plain pipeline s':>16}" if args.plain else ""))
    for char in args.chars.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            text = "Texte " + char * size + " fin."
            plain_s = f"{timed(plain_tokenizer(ours), text)[0]:.3f}" if size <= args.plain_limit else "-"
            ours_s, doc = timed(ours, text)
            assert doc.text == text
            seconds, quotes, offsets = whole_pipeline(nlp, text)
            line = (f"{char:>4} {size:>7} {plain_s:>11} {ours_s:>10.3f} {len(doc):>7} "
                    f"{seconds:>10.2f} {quotes:>6} {'ok' if offsets else 'WRONG':>7}")
            if args.plain:  # a tokenizer of its own, whose cache has not seen the text
                with tokenizer_of(nlp, plain_tokenizer(ours)):
                    line += f" {whole_pipeline(nlp, text)[0]:>16.2f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
