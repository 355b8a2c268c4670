"""Memory of one very long document: peak RSS against the text's length.

Usage (from the repository root):
    .venv/bin/python benchmarks/long_document.py [--sizes 0.5,2,8]

For each size (in millions of characters), a text made of the project's samples repeated is written
to a file and run through what ``extractor batch`` runs (``iter_documents`` into ``process``), in a
fresh process; a text longer than 100,000 characters (``extractor.pipeline.PIECE_CHARACTERS``) is
analyzed in pieces of at most that many. Printed: seconds, peak RSS, and that every offset holds in the whole text.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(path: str) -> dict:
    from extractor.io.readers import iter_documents
    from extractor.pipeline import load_pipeline
    from extractor.run.batch import Processed, process

    nlp = load_pipeline()
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    [outcome] = list(process(iter_documents([path]), nlp))
    seconds = time.perf_counter() - start
    assert isinstance(outcome, Processed), outcome
    text = outcome.document.text
    assert all(text[q.start : q.end] == q.text for q in outcome.analysis.quotes)
    assert all(text[m.start : m.end] == m.text for e in outcome.analysis.entities for m in e.mentions)
    return {
        "characters": len(text), "seconds": round(seconds, 1), "quotes": len(outcome.analysis.quotes),
        "rss_after_load_mb": round(loaded), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,2,8", help="millions of characters")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    samples = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))
    with tempfile.TemporaryDirectory() as scratch:
        for size in (float(s) for s in args.sizes.split(",")):
            target = int(size * 1_000_000)
            text = (samples + "\n\n") * (target // (len(samples) + 2) + 1)
            path = Path(scratch) / f"long-{size}.txt"
            path.write_text(text[:target], encoding="utf-8")
            out = subprocess.run([sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{r['characters']:>10,} characters  {r['seconds']:>6} s  {r['quotes']:>5} quotes"
                f"  peak RSS {r['peak_rss_mb']} MB (pipeline loaded: {r['rss_after_load_mb']} MB)  offsets hold",
                flush=True,
            )


if __name__ == "__main__":
    main()
