"""Inputs that were slower than linear (issue 18): many quotes in one sentence, a report of many quotes.

Usage (from the repository root):
    .venv/bin/python benchmarks/many_quotes.py [--sizes 1000,4000,8000] [--report 40000]

For each size, one sentence of that many short quotations ("Paul Martin a dit : « mot0 », « mot1 », …
a-t-il ajouté.") goes through the whole pipeline; printed: its characters, the seconds of the pipeline
and of ``quote_attributor`` alone, and the quotes found. Then the HTML report of one document with
``--report`` quotes, each followed by a mention of its speaker, is rendered and timed. Linear work
gives seconds in proportion to the size; the attribution used to take 20 s for 1,000 quotes and the
report 47 s for 40,000.
"""

from __future__ import annotations

import argparse
import time

from spacy.language import Language

from extractor.records import Analysis, Entity, Mention, Quote


def one_sentence(n: int) -> str:
    """One sentence of ``n`` quotations, all said by the same person."""
    return "Paul Martin a dit : " + " ".join(f"« mot{i} »," for i in range(n)) + " a-t-il ajouté."


def timed_pipeline(nlp: Language, text: str) -> tuple[float, float, int]:
    """Seconds of the whole pipeline and of ``quote_attributor``, and the quotes found."""
    start = time.perf_counter()
    doc = nlp.make_doc(text)
    attribution = 0.0
    for name, proc in nlp.pipeline:
        before = time.perf_counter()
        doc = proc(doc)
        if name == "quote_attributor":
            attribution = time.perf_counter() - before
    return time.perf_counter() - start, attribution, len(doc.spans["quotes"])


def report_document(n: int) -> tuple[str, Analysis]:
    """A document of ``n`` quoted sentences, one a line, each with a mention of its speaker."""
    lines, quotes, mentions = [], [], []
    pos = 0
    for i in range(n):
        words = f"Phrase numéro {i}"
        line = f"« {words} », a dit Paul Martin."
        quotes.append(Quote(words, pos + 2, pos + 2 + len(words), "direct", "Paul Martin", "Paul Martin", "PER",
                            None, "dire", 0.9))
        name = pos + line.index("Paul Martin")
        mentions.append(Mention(name, name + len("Paul Martin"), "Paul Martin"))
        lines.append(line)
        pos += len(line) + 1
    analysis = Analysis("many.txt", (Entity("Paul Martin", "PER", tuple(mentions)),), tuple(quotes))
    return "\n".join(lines), analysis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000,8000", help="quotes in the sentence, comma-separated")
    parser.add_argument("--report", type=int, default=40000, help="quotes in the report's document (0: none)")
    args = parser.parse_args()
    if args.sizes:
        from extractor import load_pipeline

        nlp = load_pipeline()
        nlp(one_sentence(10))  # the first call loads what is loaded lazily
        for n in (int(s) for s in args.sizes.split(",")):
            text = one_sentence(n)
            total, attribution, found = timed_pipeline(nlp, text)
            print(f"{n:>6} quotes in one sentence ({len(text):,} characters): pipeline {total:.1f} s, "
                  f"quote_attributor {attribution:.1f} s, {found} quotes found", flush=True)
    if args.report:
        from extractor.io.report import render_report

        text, analysis = report_document(args.report)
        start = time.perf_counter()
        html = render_report([(text, analysis)])
        print(f"report of {args.report} quotes and {args.report} mentions: {time.perf_counter() - start:.1f} s, "
              f"{len(html):,} characters of HTML")


if __name__ == "__main__":
    main()
