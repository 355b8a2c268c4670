"""Score extractor against hand-made gold: a newsroom checks the tool on its own articles.

The gold format is the one of the shared evaluation data: a folder of ``*.gold.json`` files, each
naming its text file and listing its quotes (text, type, acceptable speaker names, ``optional`` for
words in marks whose speaker the article does not give). Matching follows the reference scorer: a
predicted quote matches a gold quote when their spans, trimmed of quotation marks, spaces and a
leading *que*, overlap with intersection over union ≥ 0.5, one-to-one, best first; the speaker is
right when it is the same name after folding case and accents, or the same family name.

Example:
    >>> report = evaluate("samples")                       # doctest: +SKIP
    >>> report.marked.f1, report.marked.attribution        # doctest: +SKIP
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from spacy.language import Language

from ..pipeline import analyze_many, cached_pipeline
from ..records import Analysis, Quote

MARKS = "«»“”„‟\"‹›'’‘ \u00a0\u202f\t\n"
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


class GoldError(ValueError):
    """A gold file that cannot be read or does not fit its text."""


@dataclass(frozen=True)
class GoldQuote:
    text: str
    type: str
    speakers: tuple[str, ...] | None
    optional: bool
    start: int
    end: int


@dataclass(frozen=True)
class GoldDocument:
    id: str
    path: Path
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True)
class Miss:
    """One error, for the user to read: MISSED, SPURIOUS or WRONG SPEAKER."""

    kind: str
    doc: str
    text: str
    got: str | None = None
    want: tuple[str, ...] | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribution(self) -> float:
        return self.speaker_ok / self.tp if self.tp else 0.0

    @property
    def end_to_end_f1(self) -> float:
        p = self.speaker_ok / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.speaker_ok / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Match:
    """A predicted quote matched to a gold one (non-optional), and whether its speaker is right."""

    gold: GoldQuote
    quote: Quote
    speaker_ok: bool


@dataclass
class Report:
    marked: Counts = field(default_factory=Counts)
    indirect: Counts = field(default_factory=Counts)
    misses: list[Miss] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    documents: int = 0


def fold(name: str | None) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, without a leading article."""
    if not name:
        return ""
    name = unicodedata.normalize("NFKD", name.replace("’", "'").translate(_SPACES))
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold().strip()
    for article in ("le ", "la ", "les ", "l'"):
        if name.startswith(article):
            name = name[len(article) :]
    return " ".join(name.split())


def trim(text: str, start: int, end: int, indirect: bool) -> tuple[int, int]:
    """A span without quotation marks and spaces at its edges, nor a leading que for reported speech."""
    while start < end and text[start] in MARKS:
        start += 1
    while end > start and text[end - 1] in MARKS + ".,;:":
        end -= 1
    if indirect:
        low = text[start:end].replace("’", "'").lower()
        for lead in ("que ", "qu'"):
            if low.startswith(lead):
                start += len(lead)
                break
    return start, end


def speaker_ok(pred: str | None, aliases: Iterable[str] | None) -> bool:
    if aliases is None:
        return pred is None
    if not pred:
        return False
    p = fold(pred)
    for alias in aliases:
        a = fold(alias)
        if p == a or (p.split()[-1] == a.split()[-1] and len(a.split()[-1]) > 2):
            return True
    return False


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def load_gold(folder: str | Path) -> list[GoldDocument]:
    """Read every ``*.gold.json`` of ``folder`` with its text.

    Raises:
        GoldError: naming the file, when it is not valid JSON, its text file is missing, or a gold
            quote is not found in the text.
    """
    docs = []
    for path in sorted(Path(folder).glob("*.gold.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            text_path = path.parent / gold["text_file"]
            text = text_path.read_text(encoding="utf-8")
        except (OSError, ValueError, KeyError) as err:
            raise GoldError(f"{path}: {err}") from err
        search = text.translate(_SPACES)
        quotes = []
        for q in gold.get("quotes", []):
            needle = q["text"].translate(_SPACES)
            at = search.find(needle)
            for _ in range(int(q.get("nth") or 1) - 1):
                at = search.find(needle, at + 1)
            if at < 0:
                raise GoldError(f"{path}: gold quote not found in {text_path.name}: {q['text'][:60]!r}")
            start, end = trim(text, at, at + len(needle), q["type"] == "indirect")
            speakers = tuple(q["speaker"]) if q.get("speaker") else None
            quotes.append(GoldQuote(q["text"], q["type"], speakers, bool(q.get("optional")), start, end))
        docs.append(GoldDocument(str(gold.get("id", path.stem)), text_path, text, tuple(quotes)))
    if not docs:
        raise GoldError(f"{folder}: no *.gold.json file")
    return docs


def score_document(gold: GoldDocument, analysis: Analysis, report: Report) -> None:
    """Match one document's quotes to its gold and add the counts and misses to ``report``."""
    text = gold.text
    preds = [(trim(text, q.start, q.end, q.type == "indirect"), q) for q in analysis.quotes]
    pairs = sorted(
        ((_iou((g.start, g.end), span), gi, pi) for gi, g in enumerate(gold.quotes) for pi, (span, _) in enumerate(preds)),
        reverse=True,
    )
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for score, gi, pi in pairs:
        if score < 0.5:
            break
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    for gi, g in enumerate(gold.quotes):
        counts = report.indirect if g.type == "indirect" else report.marked
        if gi in used_g:
            if g.optional:
                continue
            quote = preds[used_g[gi]][1]
            ok = speaker_ok(quote.speaker, g.speakers)
            counts.tp += 1
            counts.speaker_ok += ok
            report.matches.append(Match(g, quote, ok))
            if not ok:
                report.misses.append(Miss("WRONG SPEAKER", gold.id, g.text, quote.speaker, g.speakers))
        elif not g.optional:
            counts.fn += 1
            report.misses.append(Miss("MISSED", gold.id, g.text, None, g.speakers))
    for pi, (_, quote) in enumerate(preds):
        if pi not in used_p:
            (report.indirect if quote.type == "indirect" else report.marked).fp += 1
            report.misses.append(Miss("SPURIOUS", gold.id, quote.text, quote.speaker, None))


def evaluate(folder: str | Path, nlp: Language | None = None) -> Report:
    """Run the tool on the texts of a gold folder and score it."""
    docs = load_gold(folder)
    nlp = nlp or cached_pipeline()
    report = Report(documents=len(docs))
    analyses = analyze_many(((d.text, d.id) for d in docs), nlp)
    for gold, analysis in zip(docs, analyses):
        score_document(gold, analysis, report)
    return report


def score_predictions(folder: str | Path, predictions: str | Path) -> Report:
    """Score saved predictions (JSON Lines of :meth:`Analysis.to_dict`, as ``extractor analyze`` or
    ``make train-attribution`` writes them) against a gold folder; documents are matched by file name."""
    gold = {d.path.name: d for d in load_gold(folder)}
    report = Report(documents=len(gold))
    with open(predictions, encoding="utf-8") as lines:
        for line in lines:
            analysis = Analysis.from_dict(json.loads(line))
            score_document(gold[analysis.id.rsplit("/", 1)[-1]], analysis, report)
    return report


def confidence_curve(matches: list[Match], thresholds: Iterable[float]) -> list[tuple[float, int, float]]:
    """For each threshold: how many matched quotes have at least that confidence, and the share of
    them whose speaker is right."""
    rows = []
    for t in thresholds:
        kept = [m for m in matches if m.quote.confidence >= t]
        rows.append((t, len(kept), sum(m.speaker_ok for m in kept) / len(kept) if kept else 0.0))
    return rows
