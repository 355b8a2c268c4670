"""Fuzz the whole pipeline: random French-like text with every arrangement of quotation marks.

Usage (from the repository root):
    .venv/bin/python benchmarks/fuzz.py --minutes 10 [--seed 1] [--out /tmp/fuzz-failures]

Each input is built from sentences written for the purpose (cue verbs, incises, "selon", pronouns,
roles), then mutated: quotation marks inserted, dropped or swapped, spaces changed to non-breaking
ones, paragraphs split, random Unicode spliced in. Every output is checked: no exception,
``text == document[start:end]`` for every quote and mention, confidence in [0, 1], and the same
output on a second run. Failing inputs are saved to --out; the summary gives inputs and failures.
"""

from __future__ import annotations

import argparse
import random
import time
import traceback
from pathlib import Path

from extractor import load_pipeline
from extractor.pipeline import to_analysis

SENTENCES = [
    "« Nous ne reculerons pas », a déclaré Élisabeth Borne.",
    "Le porte-parole du gouvernement, Olivier Véran, a averti Moscou que les sanctions seraient durcies.",
    "Selon le ministère de l'Intérieur, 200 personnes ont été interpellées.",
    "« C'est inacceptable », estime la CGT.",
    "Il a ajouté : « Nous irons jusqu'au bout. »",
    "« Rien n'est décidé », a-t-elle précisé.",
    "La ministre a dénoncé une « provocation » et un « mépris total ».",
    "D'après l'Insee, le chômage a reculé, a fait savoir le gouvernement.",
    "Pour la CFDT, la réforme est « injuste ».",
    "Le plan « Objectif 2030 » a été présenté par M. Morin.",
    "LIRE AUSSI : Les syndicats appellent à la grève",
    "Partager sur Facebook",
    "Elle a reconnu avoir menti, selon Le Monde.",
    "Les salariés, eux, se demandent si le site fermera.",
]
MARKS = ["«", "»", "« ", " »", "“", "”", '"', "‹", "›", "«\u00a0", "\u00a0»", "«\u202f", "\u202f»"]
JUNK = ["\u200b", "\ufeff", "\x00", "\u0301", "😀", "\r\n", "\t", "\u2028", "ﬁ", "ǅ", "\U0010ffff", "\\", "{}", "<b>"]


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 8)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.35:
            chars[pos:pos] = list(rng.choice(MARKS))
        elif op < 0.5 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op < 0.65:
            chars[pos:pos] = list(rng.choice(JUNK))
        elif op < 0.8:
            chars[pos:pos] = ["\n\n"]
        elif chars:
            i = min(pos, len(chars) - 1)
            if chars[i] == " ":
                chars[i] = rng.choice(["\u00a0", "\u202f", "  ", "\n"])
    return "".join(chars)


def make_input(rng: random.Random) -> str:
    parts = [rng.choice(SENTENCES) for _ in range(rng.randint(1, 12))]
    sep = rng.choice([" ", "\n", "\n\n"])
    text = sep.join(parts)
    if rng.random() < 0.8:
        text = mutate(rng, text)
    if rng.random() < 0.05:
        text = "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 200)))
    return text


def check(nlp, text: str) -> None:
    first = to_analysis(nlp(text), "fuzz")
    for q in first.quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start : q.end] == q.text, q
        assert 0.0 <= q.confidence <= 1.0, q
    for e in first.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, m
    assert to_analysis(nlp(text), "fuzz") == first, "not deterministic"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz-failures"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nlp = load_pipeline()
    deadline = time.monotonic() + args.minutes * 60
    inputs = failures = 0
    args.out.mkdir(parents=True, exist_ok=True)
    while time.monotonic() < deadline:
        text = make_input(rng)
        inputs += 1
        try:
            check(nlp, text)
        except Exception:  # noqa: BLE001 - every failure is recorded, the run goes on
            failures += 1
            (args.out / f"failure-{failures:04d}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            (args.out / f"failure-{failures:04d}.err").write_text(traceback.format_exc(), encoding="utf-8")
    print(f"fuzz: {inputs} inputs in {args.minutes:g} min, {failures} failures (saved to {args.out})")


if __name__ == "__main__":
    main()
