"""Does the confidence mean something? Share of correctly attributed quotes above each threshold.

Usage (from the repository root):
    .venv/bin/python benchmarks/confidence.py ../shared/data/quotes-dev
    .venv/bin/python benchmarks/confidence.py ../shared/data/quotes-train build/attribution/cross-validated.jsonl

With one argument, the tool runs on the gold folder's texts; with a second, the predictions in that JSON
Lines file are read instead (``make train-attribution`` writes the cross-validated ones). Quotes are
matched to the gold as by ``extractor eval``; quotes whose gold speaker is not given (optional) are left
out. The target: at confidence ≥ 0.8, at least 97% attributed correctly.
"""

from __future__ import annotations

import sys

from extractor.eval.evaluation import confidence_curve, evaluate, score_predictions

THRESHOLDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def main(folder: str, predictions: str | None = None) -> None:
    report = score_predictions(folder, predictions) if predictions else evaluate(folder)
    print(f"{'confidence ≥':>13} {'quotes':>7} {'share':>6} {'correct':>8}")
    total = len(report.matches)
    for t, n, acc in confidence_curve(report.matches, THRESHOLDS):
        print(f"{t:>13.2f} {n:>7d} {n / total:>6.0%} {acc:>8.1%}")
    wrong = [m for m in report.matches if not m.speaker_ok and m.quote.confidence >= 0.8]
    for m in wrong:
        print(f"  wrong at {m.quote.confidence:.2f}: {m.gold.text[:60]!r} -> {m.quote.speaker!r}, want {m.gold.speakers}")


if __name__ == "__main__":
    main(*(sys.argv[1:3] or ["../shared/data/quotes-dev"]))
