"""Fit the speaker ranker and the animacy model on annotated news, and measure them honestly.

``make train-attribution`` runs this module::

    python -m extractor.eval.ranker_training ../shared/data/quotes-train --check ../shared/data/quotes-dev \\
        --out models --predictions build/attribution

1. The animacy model (:mod:`extractor.nlp.speakers.animacy`) is fitted on ``models/speaking_nouns.tsv`` and the role
   lexicon, over the pipeline's word vectors.
2. Each article of the training folder is parsed once, its statements found by the rules; each statement
   matched to a gold one (as the scorer matches them) gives a group of candidates, labelled by whether
   their name is an acceptable name of the gold speaker ("no speaker" is right when the gold has none).
3. Five folds by article (article k goes to fold k mod 5, in name order): a model fitted on four folds
   chooses the speakers of the fifth. Those held-out choices give the figures to expect on new articles
   (written as JSON Lines that ``score.py`` reads) and the calibration of the confidence.
4. The shipped model is fitted on every article, with that calibration.

Everything is deterministic: the same data gives the same weights.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.components import QuoteAttributor, entity_clusters
from ..nlp.lexicon import _rows, models_dir, roles
from ..nlp.ranking.candidates import FEATURES, Candidate, DocumentContext, gather
from ..nlp.ranking.ranker import RANKER_FILE, Calibration, SpeakerRanker
from ..nlp.speakers.animacy import ANIMACY_FILE, Animacy
from ..nlp.statements.article import FoundQuote
from ..nlp.statements.attribute import Attributor
from ..pipeline import load_pipeline, to_analysis
from .evaluation import GoldDocument, GoldQuote, _iou, fold, load_gold, speaker_ok, trim

FOLDS = 5
C = 1.0  # inverse regularisation of the logistic regressions


def _sklearn():
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - the message is the point
        raise SystemExit("training needs scikit-learn: pip install -e '.[train]'") from err
    return LogisticRegression


# -- animacy ---------------------------------------------------------------------------------------
def animacy_lexicon() -> list[tuple[str, int]]:
    """(noun, 1 if it can speak) from ``speaking_nouns.tsv``, and every role noun as a speaker."""
    rows = [(r["noun"], int(r["speaks"])) for r in _rows(models_dir().joinpath("speaking_nouns.tsv").read_text(encoding="utf-8"))]
    known = {noun for noun, _ in rows}
    rows += [(noun, 1) for noun in sorted(roles()) if noun not in known and " " not in noun]
    return rows


def train_animacy(nlp: Language, lexicon: list[tuple[str, int]] | None = None) -> tuple[Animacy, float]:
    """The animacy model and its 5-fold cross-validated accuracy on the lexicon."""
    LogisticRegression = _sklearn()
    lexicon = lexicon if lexicon is not None else animacy_lexicon()
    words = [(w, y) for w, y in lexicon if nlp.vocab.has_vector(w)]
    X = np.vstack([nlp.vocab.get_vector(w) for w, _ in words]).astype(np.float64)
    y = np.array([label for _, label in words])
    folds = np.arange(len(words)) % FOLDS
    right = 0
    for k in range(FOLDS):
        if len(set(y[folds != k])) < 2 or not (folds == k).any():
            continue
        model = LogisticRegression(C=0.1, max_iter=5000).fit(X[folds != k], y[folds != k])
        right += int((model.predict(X[folds == k]) == y[folds == k]).sum())
    model = LogisticRegression(C=0.1, max_iter=5000).fit(X, y)
    return Animacy(model.coef_[0].astype(np.float32), float(model.intercept_[0])), right / len(words)


# -- examples --------------------------------------------------------------------------------------
@dataclass
class Group:
    """One statement matched to the gold: its candidates and which of them are right."""

    doc_id: str
    quote: FoundQuote
    gold: GoldQuote
    candidates: list[Candidate]
    labels: list[int]


def parse(nlp: Language, docs: list[GoldDocument]) -> list[Doc]:
    """The articles through the pipeline, without the attribution (done per fold)."""
    with nlp.select_pipes(disable=["quote_attributor"]):
        return list(nlp.pipe((d.text for d in docs), batch_size=8))


def align(gold: GoldDocument, quotes: list[FoundQuote]) -> dict[int, GoldQuote]:
    """Found statement → the non-optional gold statement it matches, as the scorer pairs them."""
    text = gold.text
    spans = [trim(text, q.start, q.end, q.type == "indirect") for q in quotes]
    pairs = sorted(
        ((_iou((g.start, g.end), s), gi, qi) for gi, g in enumerate(gold.quotes) for qi, s in enumerate(spans)),
        reverse=True,
    )
    used_g, used_q, matched = set(), set(), {}
    for score, gi, qi in pairs:
        if score < 0.5:
            break
        if gi in used_g or qi in used_q:
            continue
        used_g.add(gi)
        used_q.add(qi)
        if not gold.quotes[gi].optional:
            matched[qi] = gold.quotes[gi]
    return matched


_PARTICLES = {"de", "du", "des", "d'", "la", "le", "von", "van", "al", "el", "ben", "bin", "da", "di", "dos"}


def right_speaker(name: str | None, aliases: tuple[str, ...] | None) -> bool:
    """Is ``name`` the gold speaker? As the scorer judges, except that a shared last word counts only
    between proper names: the scorer accepts "Pascal Troadec" for "mère de Pascal Troadec", and a
    ranker trained on that would learn that "elle" may be Pascal."""
    if aliases is None or name is None:
        return speaker_ok(name, aliases)
    names = tuple(a for a in aliases if _is_proper_name(a))
    phrases = tuple(a for a in aliases if not _is_proper_name(a))
    return speaker_ok(name, names) if names and speaker_ok(name, names) else any(fold(name) == fold(a) for a in phrases)


def _is_proper_name(text: str) -> bool:
    words = text.replace("’", "'").split()
    return bool(words) and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def groups_of(gold: GoldDocument, doc: Doc, animacy: Animacy | None) -> list[Group]:
    att = Attributor(doc, entity_clusters(doc))
    quotes = att.run(tentative=True)
    matched = align(gold, quotes)
    ctx = DocumentContext(att, animacy)
    groups = []
    history = []
    for qi, quote in enumerate(quotes):
        candidates = gather(ctx, quote, history)
        if quote.speaker is not None:
            history.append(quote.speaker)
        g = matched.get(qi)
        if g is None:
            continue
        labels = [int(right_speaker(c.speaker.name if c.speaker else None, g.speakers)) for c in candidates]
        groups.append(Group(gold.id, quote, g, candidates, labels))
    return groups


def fit(groups: list[Group]) -> SpeakerRanker:
    """A ranker fitted on ``groups`` (not yet calibrated)."""
    LogisticRegression = _sklearn()
    X = np.vstack([c.vector() for g in groups for c in g.candidates])
    y = np.array([label for g in groups for label in g.labels])
    model = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    return SpeakerRanker(model.coef_[0].astype(np.float64), float(model.intercept_[0]))


def calibration(margins: list[float], right: list[bool]) -> Calibration:
    """Isotonic regression from the ranker's margin to the share of right speakers, kept within
    [0.01, 0.99]: no choice is certain."""
    try:
        from sklearn.isotonic import IsotonicRegression
    except ImportError as err:  # pragma: no cover - the message is the point
        raise SystemExit("training needs scikit-learn: pip install -e '.[train]'") from err
    x = np.asarray(margins, dtype=np.float64)
    y = np.asarray(right, dtype=np.float64)
    if len(set(y.tolist())) < 2:  # a tiny corpus where every choice was right (or wrong)
        share = float(np.clip((y.sum() + 1) / (len(y) + 2), 0.01, 0.99))
        return Calibration((0.0, 1.0), (share, share))
    model = IsotonicRegression(y_min=0.01, y_max=0.99, increasing=True, out_of_bounds="clip").fit(x, y)
    return Calibration(tuple(map(float, model.X_thresholds_)), tuple(map(float, model.y_thresholds_)))


def fold_of(doc_ids: list[str]) -> dict[str, int]:
    return {doc_id: k % FOLDS for k, doc_id in enumerate(sorted(doc_ids))}


def attribute(ranker: SpeakerRanker | None, nlp: Language, doc: Doc, doc_id: str) -> dict:
    """The JSON contract of one parsed article, its speakers chosen by ``ranker`` (rules if None)."""
    QuoteAttributor(nlp, "quote_attributor", use_ranker=ranker is not None, ranker=ranker)(doc)
    return to_analysis(doc, doc_id).to_dict()


def accuracy(groups: list[Group], choose) -> dict[str, float]:
    right = {"marked": [0, 0], "indirect": [0, 0]}
    for g in groups:
        kind = "indirect" if g.gold.type == "indirect" else "marked"
        right[kind][1] += 1
        right[kind][0] += choose(g)
    return {k: round(a / n, 3) if n else 0.0 for k, (a, n) in right.items()}


def oracle(g: Group) -> bool:
    return any(speaker_ok(c.speaker.name if c.speaker else None, g.gold.speakers) for c in g.candidates)


def rules(g: Group) -> bool:
    return bool(speaker_ok(g.quote.speaker.name if g.quote.speaker else None, g.gold.speakers))


def train(
    data: Path, nlp: Language, animacy: Animacy | None, predictions: Path | None = None, log=print,
) -> SpeakerRanker:
    """Cross-validate, calibrate and fit the ranker on the gold folder ``data``."""
    docs = load_gold(data)
    parsed = parse(nlp, docs)
    by_doc = {d.id: groups_of(d, doc, animacy) for d, doc in zip(docs, parsed)}
    folds = fold_of(list(by_doc))
    everything = [g for gs in by_doc.values() for g in gs]
    log(f"{len(docs)} articles, {len(everything)} statements matched to the gold, "
        f"{sum(len(g.candidates) for g in everything)} candidates")
    log(f"  speaker among the candidates (oracle): {accuracy(everything, oracle)}")
    log(f"  rules' speaker:                         {accuracy(everything, rules)}")
    scores: list[float] = []
    right: list[bool] = []
    fold_ids: list[int] = []
    held_out: list[Group] = []
    chosen: dict[int, bool] = {}
    rows = []
    for k in range(FOLDS):
        train_groups = [g for d, gs in by_doc.items() if folds[d] != k for g in gs]
        model = fit(train_groups)
        for d, doc in zip(docs, parsed):
            if folds[d.id] != k:
                continue
            for g in by_doc[d.id]:
                index, score = model.best(g.candidates)
                best = g.candidates[index]
                ok = speaker_ok(best.speaker.name if best.speaker else None, g.gold.speakers)  # as the scorer judges
                scores.append(score)
                right.append(ok)
                fold_ids.append(k)
                held_out.append(g)
                chosen[id(g)] = ok
            if predictions is not None:
                rows.append((d, doc, model))
    log(f"  ranker, held-out folds:                 {accuracy(held_out, lambda g: chosen[id(g)])}")
    calib = calibration(scores, right)
    if predictions is not None:
        predictions.mkdir(parents=True, exist_ok=True)
        # each fold's confidences calibrated on the other folds' choices: no figure sees its own article
        fold_calib = {
            k: calibration([s for s, f in zip(scores, fold_ids) if f != k], [r for r, f in zip(right, fold_ids) if f != k])
            for k in range(FOLDS)
        }
        with open(predictions / "cross-validated.jsonl", "w", encoding="utf-8") as out:
            for d, doc, model in rows:
                ranker = SpeakerRanker(model.weights, model.bias, fold_calib[folds[d.id]], animacy)
                out.write(json.dumps(attribute(ranker, nlp, doc, str(d.path)), ensure_ascii=False) + "\n")
        with open(predictions / "rules.jsonl", "w", encoding="utf-8") as out:
            for d, doc in zip(docs, parsed):
                out.write(json.dumps(attribute(None, nlp, doc, str(d.path)), ensure_ascii=False) + "\n")
    final = fit(everything)
    return SpeakerRanker(final.weights, final.bias, calib, animacy)


def check(folder: Path, nlp: Language, ranker: SpeakerRanker, out: Path) -> None:
    """The shipped ranker's predictions on a second gold folder, for ``score.py``."""
    docs = load_gold(folder)
    with open(out, "w", encoding="utf-8") as fh:
        for d, doc in zip(docs, parse(nlp, docs)):
            fh.write(json.dumps(attribute(ranker, nlp, doc, str(d.path)), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="gold folder to fit on (quotes-train)")
    parser.add_argument("--check", type=Path, help="a second gold folder, predicted by the shipped model")
    parser.add_argument("--out", type=Path, default=Path("models"), help="where animacy.json and speaker_ranker.json go")
    parser.add_argument("--predictions", type=Path, help="folder for the cross-validated predictions (JSON Lines)")
    args = parser.parse_args(argv)
    nlp = load_pipeline(ranker=False)
    animacy, acc = train_animacy(nlp)
    print(f"animacy: {len(animacy_lexicon())} nouns, cross-validated accuracy {acc:.3f}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / ANIMACY_FILE).write_text(json.dumps(animacy.to_dict()) + "\n", encoding="utf-8")
    ranker = train(args.data, nlp, animacy, args.predictions)
    (args.out / RANKER_FILE).write_text(json.dumps(ranker.to_dict(), indent=1) + "\n", encoding="utf-8")
    weights = sorted(zip(FEATURES, ranker.weights), key=lambda fw: -abs(fw[1]))
    print("strongest features: " + ", ".join(f"{f} {w:+.2f}" for f, w in weights[:12]))
    if args.check is not None and args.predictions is not None:
        check(args.check, nlp, ranker, args.predictions / "check.jsonl")
    print(f"wrote {args.out / ANIMACY_FILE} and {args.out / RANKER_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
