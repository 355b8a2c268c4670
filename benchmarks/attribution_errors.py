"""Wrong and missing speakers, by class: what the speaker ranker is measured on.

Usage (from the repository root, after ``make train-attribution``):
    .venv/bin/python benchmarks/attribution_errors.py ../shared/data/quotes-train build/attribution/rules.jsonl
    .venv/bin/python benchmarks/attribution_errors.py ../shared/data/quotes-train build/attribution/cross-validated.jsonl

Quotes are matched to the gold as the scorer matches them; each matched quote whose speaker is wrong is
put in one class:

- ``thing``: the speaker given is a common noun that is no entity and cannot speak ("victoire",
  "explosions"; animacy below 0.5), or a place;
- ``other person``: another person or organisation of the article;
- ``no speaker``: none given, though the gold has one;
- ``name form``: the right one, badly named (a word of the gold name in it, but not accepted);
- ``spurious speaker``: a speaker given where the gold has none.

Then the quotes the gold has and the tool does not find (``missed``), marked and indirect apart.
"""

from __future__ import annotations

import sys
from collections import Counter

from extractor.eval.evaluation import fold, load_gold, score_predictions
from extractor.nlp.speakers.animacy import Animacy
from extractor.pipeline import load_pipeline


def classify(quote, gold_speakers, vocab, animacy) -> str:
    if gold_speakers is None:
        return "spurious speaker"
    if quote.speaker is None:
        return "no speaker"
    said = set(fold(quote.speaker).split())
    if any(said & set(fold(a).split()) - {"de", "du", "la", "le", "des"} for a in gold_speakers):
        return "name form"
    if quote.speaker_label == "LOC":
        return "thing"
    if quote.speaker_label is None:
        head = fold(quote.speaker).split()[0]
        if animacy is not None and animacy.of_word(vocab, head) < 0.5:
            return "thing"
    return "other person"


def main(gold_dir: str, predictions: str) -> None:
    gold = {d.path.name: d for d in load_gold(gold_dir)}
    report = score_predictions(gold_dir, predictions)
    vocab = load_pipeline(ranker=False).vocab
    animacy = Animacy.load()
    classes = Counter(classify(m.quote, m.gold.speakers, vocab, animacy) for m in report.matches if not m.speaker_ok)
    missed = Counter(
        ("missed indirect" if m.text and m.kind == "MISSED" and _is_indirect(gold, m) else "missed marked")
        for m in report.misses if m.kind == "MISSED"
    )
    print(f"matched {len(report.matches)}, right {sum(m.speaker_ok for m in report.matches)}")
    for name in ("thing", "other person", "no speaker", "name form", "spurious speaker"):
        print(f"  {name:18} {classes.get(name, 0)}")
    for name in ("missed marked", "missed indirect"):
        print(f"  {name:18} {missed.get(name, 0)}")


def _is_indirect(gold, miss) -> bool:
    return any(q.text == miss.text and q.type == "indirect" for d in gold.values() for q in d.quotes)


if __name__ == "__main__":
    main(*sys.argv[1:3])
