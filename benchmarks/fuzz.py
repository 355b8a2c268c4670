"""Fuzz the whole pipeline: random French-like text with every arrangement of quotation marks.

Usage (from the repository root):
    .venv/bin/python benchmarks/fuzz.py --minutes 10 [--seed 1] [--out /tmp/fuzz-failures]

Each input is built from sentences written for the purpose (cue verbs, incises, "selon", pronouns,
roles), then mutated: quotation marks inserted, dropped or swapped, spaces changed to non-breaking
ones, paragraphs split, random Unicode spliced in. Every output is checked: no exception,
``text == document[start:end]`` for every quote and mention, confidence in [0, 1], and the same
output on a second run. Failing inputs are saved to --out; the summary gives inputs and failures.

With ``--target files`` (or ``both``, the default, which alternates), the input is a file instead:
the text encoded in UTF-8, UTF-8 with BOM, UTF-16, Windows-1252 or Latin-1, possibly truncated in the
middle of a character, with random bytes spliced in, saved as .txt, .md, .html, .jsonl or .csv (rows
damaged at random), then read and analyzed as ``extractor batch`` does (``iter_documents`` into
``process``): nothing may raise, every input must come out as a document analyzed or a failure with
a reason, and every offset must hold in the decoded text.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import traceback
from pathlib import Path

from extractor import load_pipeline
from extractor.io.readers import iter_documents
from extractor.pipeline import to_analysis
from extractor.run.batch import Failure, Processed, process

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


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv"]


def make_file(rng: random.Random, folder: Path) -> Path:
    """A file made of a fuzzed text, in a random encoding and format, damaged at random."""
    text = make_input(rng)
    suffix = rng.choice(SUFFIXES)
    if suffix == ".jsonl":
        rows = [json.dumps({"id": f"r{k}", "text": part}, ensure_ascii=rng.random() < 0.5) for k, part in enumerate(text.split("\n"))]
        text = "\n".join(r[: rng.randint(0, len(r))] if rng.random() < 0.2 else r for r in rows)
    elif suffix == ".csv":
        text = "id,text\n" + "\n".join(f'c{k},"{part}"' for k, part in enumerate(text.split("\n")))
    elif suffix == ".html":
        text = f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"
    data = text.encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.3:
        data = data[: rng.randint(0, len(data))]
    for _ in range(rng.randint(0, 3) if rng.random() < 0.3 else 0):
        pos = rng.randint(0, len(data))
        data = data[:pos] + bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 4))) + data[pos:]
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def check_file(nlp, path: Path) -> None:
    outcomes = list(process(iter_documents([str(path)]), nlp))
    assert outcomes, "no outcome for an input"
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            assert outcome.reason and "\n" not in outcome.reason, outcome
            continue
        assert isinstance(outcome, Processed), outcome
        text = outcome.document.text
        for q in outcome.analysis.quotes:
            assert text[q.start : q.end] == q.text, q
        for e in outcome.analysis.entities:
            for m in e.mentions:
                assert text[m.start : m.end] == m.text, m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz-failures"))
    ap.add_argument("--target", choices=["text", "files", "both"], default="both")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nlp = load_pipeline()
    deadline = time.monotonic() + args.minutes * 60
    inputs = failures = 0
    args.out.mkdir(parents=True, exist_ok=True)
    files = 0
    scratch = Path(tempfile.mkdtemp(prefix="extractor-fuzz-"))
    while time.monotonic() < deadline:
        inputs += 1
        as_file = args.target == "files" or (args.target == "both" and inputs % 2 == 0)
        try:
            if as_file:
                files += 1
                path = make_file(rng, scratch)
                check_file(nlp, path)
            else:
                text = make_input(rng)
                check(nlp, text)
        except Exception:  # noqa: BLE001 - every failure is recorded, the run goes on
            failures += 1
            if as_file:
                (args.out / f"failure-{failures:04d}{path.suffix}").write_bytes(path.read_bytes())
            else:
                (args.out / f"failure-{failures:04d}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            (args.out / f"failure-{failures:04d}.err").write_text(traceback.format_exc(), encoding="utf-8")
    print(
        f"fuzz: {inputs} inputs ({inputs - files} texts, {files} files) in {args.minutes:g} min,"
        f" {failures} failures (saved to {args.out})"
    )


if __name__ == "__main__":
    main()
