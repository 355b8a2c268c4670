"""Brat (WiNER-fr) annotations to spaCy ``DocBin`` files for fine-tuning the entity recognizer.

The corpus is read where it lies (``../shared/data/winer-fr/dev`` by default, the Makefile's
``NER_DATA``) and converted at training time; nothing of it is copied into the repository.

Gold entities are the outermost brat spans (as ``../shared/eval/score_ner.py`` scores them), mapped
Person→PER, Organization→ORG, Location→LOC. Outermost Date, Hour, Event and Product spans are not
entities for us: their tokens are "outside", like the rest of the text. The original model's MISC
label has no gold here. Trained on PER/ORG/LOC alone, the recognizer forgets MISC altogether (0
predictions on the validation fold, against 251 before); so by default the original recognizer's own
MISC predictions over text that holds no gold PER/ORG/LOC are kept as MISC (rehearsal of the
original model on that label, never gold); ``--misc`` chooses otherwise (see :data:`MISC_MODES`).

The articles are split into a training and a validation fold by article, with a fixed seed.

Usage (from the repository root)::

    python -m extractor.eval.ner_data ../shared/data/winer-fr/dev build/ner/corpus --seed 13
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

LABELS = {"Person": "PER", "Organization": "ORG", "Location": "LOC"}
"""Brat labels that are entities for us, and their spaCy labels."""

BASE_MODEL = "fr_core_news_md"
DEFAULT_SEED = 13
DEFAULT_DEV_FRACTION = 0.2
MISC_MODES = ("silver", "missing", "outside")
"""What the original model's MISC predictions that overlap no gold PER/ORG/LOC become: ``silver``
(MISC targets: rehearsal of the original model on that label, the default), ``missing`` (unknown:
neither rewarded nor penalised) or ``outside`` (non-entities, so that the model unlearns MISC)."""


@dataclass(frozen=True)
class BratSpan:
    """One text-bound brat annotation (discontinuous spans are taken from first to last offset)."""

    start: int
    end: int
    label: str


@dataclass
class ConversionStats:
    """Counts reported by :func:`convert`."""

    documents: int = 0
    entities: int = 0
    misaligned: int = 0
    misc: int = 0


def read_ann(path: Path) -> list[BratSpan]:
    """The text-bound annotations (``T`` lines) of a brat ``.ann`` file.

    Args:
        path: the ``.ann`` file.

    Returns:
        Every span, whatever its label, in file order.
    """
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, _text = line.split("\t", 2)
        label, *offsets = info.replace(";", " ").split()
        spans.append(BratSpan(int(offsets[0]), int(offsets[-1]), label))
    return spans


def outermost(spans: Sequence[BratSpan]) -> list[BratSpan]:
    """The spans that no other span contains (duplicates kept once), as the scorer reads the gold."""
    out = []
    for s in spans:
        if any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end) for o in spans):
            continue
        if s not in out:
            out.append(s)
    return out


def article_paths(folder: Path) -> list[Path]:
    """The ``.txt`` files of ``folder`` that have an ``.ann`` beside them, sorted by name."""
    return [p for p in sorted(folder.glob("*.txt")) if p.with_suffix(".ann").exists()]


def split_articles(
    paths: Sequence[Path], seed: int = DEFAULT_SEED, dev_fraction: float = DEFAULT_DEV_FRACTION
) -> tuple[list[Path], list[Path]]:
    """Split articles into a training and a validation fold, reproducibly.

    Args:
        paths: the articles' ``.txt`` files.
        seed: seed of the shuffle (same seed and same files, same split).
        dev_fraction: share of the articles put in the validation fold.

    Returns:
        ``(train, dev)``, each sorted by file name.
    """
    ordered = sorted(paths, key=lambda p: p.name)
    random.Random(seed).shuffle(ordered)
    n_dev = round(len(ordered) * dev_fraction)
    return sorted(ordered[n_dev:], key=lambda p: p.name), sorted(ordered[:n_dev], key=lambda p: p.name)


def brat_to_doc(nlp: Language, txt: Path, misc: str = "silver", stats: ConversionStats | None = None) -> Doc:
    """One article as a ``Doc`` whose ``ents`` are the gold PER/ORG/LOC.

    Args:
        nlp: from :func:`load_converter`: the base model's tokenizer and entity recognizer.
        txt: the article's ``.txt`` file; the ``.ann`` file is beside it.
        misc: what the original model's MISC predictions that overlap no gold entity become
            (:data:`MISC_MODES`).
        stats: counts to update.

    Returns:
        The tokenized text with its gold entities; every other token is "outside", except the tokens
        of gold spans that do not fall on token boundaries and, for ``misc="missing"``, of the original
        model's MISC predictions, which are missing (unknown).
    """
    text = txt.read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    gold: list[Span] = []
    missing: list[Span] = []
    for s in outermost(read_ann(txt.with_suffix(".ann"))):
        span = doc.char_span(s.start, s.end, label=LABELS.get(s.label, "OTHER"))
        if span is None:  # a boundary inside a token: we cannot say what its tokens are
            loose = doc.char_span(s.start, s.end, alignment_mode="expand")
            if loose is not None:
                missing.append(loose)
            if stats is not None:
                stats.misaligned += 1
        elif s.label in LABELS:
            gold.append(span)
    gold = filter_spans(gold)
    misc_spans: list[Span] = []
    if misc != "outside":
        taken = {i for span in gold + missing for i in range(span.start, span.end)}
        for ent in nlp.get_pipe("ner")(nlp.make_doc(text)).ents:
            if ent.label_ == "MISC" and not taken.intersection(range(ent.start, ent.end)):
                misc_spans.append(Span(doc, ent.start, ent.end, label="MISC"))
        if stats is not None:
            stats.misc += len(misc_spans)
        if misc == "missing":
            missing += misc_spans
            misc_spans = []
    in_gold = {i for span in gold for i in range(span.start, span.end)}
    missing = filter_spans([m for m in missing if not in_gold.intersection(range(m.start, m.end))])
    doc.set_ents(gold + misc_spans, missing=missing, default="outside")
    if stats is not None:
        stats.documents += 1
        stats.entities += len(gold)
    return doc


def load_converter() -> Language:
    """The base model with only its tokenizer and entity recognizer (which has its own tok2vec)."""
    return spacy.load(BASE_MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])


def convert(
    paths: Iterable[Path], out: Path, nlp: Language, misc: str = "silver"
) -> ConversionStats:
    """Write the articles as one ``DocBin`` file.

    Args:
        paths: the articles' ``.txt`` files.
        out: the ``.spacy`` file to write.
        nlp: from :func:`load_converter`.
        misc: see :func:`brat_to_doc`.

    Returns:
        What was converted.
    """
    stats = ConversionStats()
    docs = DocBin(store_user_data=False)
    for path in paths:
        docs.add(brat_to_doc(nlp, path, misc, stats))
    out.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(out)
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: convert a brat folder into ``train.spacy``, ``dev.spacy`` and ``split.json``."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help="folder of brat .txt/.ann pairs")
    ap.add_argument("output", type=Path, help="folder for train.spacy, dev.spacy and split.json")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--dev-fraction", type=float, default=DEFAULT_DEV_FRACTION)
    ap.add_argument("--misc", choices=MISC_MODES, default="silver")
    args = ap.parse_args(argv)
    paths = article_paths(args.source)
    if not paths:
        print(f"no brat .txt/.ann pairs in {args.source}", file=sys.stderr)
        return 1
    train, dev = split_articles(paths, args.seed, args.dev_fraction)
    nlp = load_converter()
    for name, fold in (("train", train), ("dev", dev)):
        stats = convert(fold, args.output / f"{name}.spacy", nlp, args.misc)
        print(
            f"{name}: {stats.documents} articles, {stats.entities} entities, {stats.misaligned} spans off token "
            f"boundaries and {stats.misc} MISC predictions made {args.misc} -> {args.output / (name + '.spacy')}"
        )
    split = {"source": str(args.source), "seed": args.seed, "dev_fraction": args.dev_fraction, "misc": args.misc,
             "train": [p.name for p in train], "dev": [p.name for p in dev]}
    (args.output / "split.json").write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
