"""A claim against a corpus: the statements it may come from, and one verdict for it.

The statements come from a quote database (its full-text index picks the candidates: any of the
claim's words, and any statement of the speaker asked about) or from analyses made on the fly. Each is
compared with the claim (:func:`extractor.check.claims.compare`); the verdict for the claim follows:

- with a speaker: ``verbatim``, ``altered`` or ``related`` (the same subject in other words: read it,
  see :mod:`extractor.check.claims`) when that speaker said it so (their best match decides); ``other-speaker`` when the words were said, verbatim or altered, by someone else;
  ``not-found`` otherwise;
- without a speaker: the best match over everyone, or ``not-found``.

A statement the article reports as *denied* ("X dément avoir dit…") is listed, flagged, but never
counted as its speaker's words.

Example:
    >>> verdict = check_claim("Nous ne reculerons pas", "Borne", statements)   # doctest: +SKIP
    >>> verdict.verdict, verdict.matches[0].statement.document.title         # doctest: +SKIP
    ('verbatim', 'Retraites : le gouvernement maintient son calendrier')
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from ..io.database import QuoteDatabase
from ..io.identities import fold
from ..records import Analysis
from .claims import Comparison, compare, words

_ORDER = {"verbatim": 0, "altered": 1, "related": 2}
CANDIDATES = 200  # statements read from the full-text index per query
_NAME_FILLERS = frozenset({"le", "la", "les", "l", "de", "du", "des", "d", "m", "mme", "m.", "mr", "dr"})

Vector = Callable[[str], "np.ndarray | None"]


@dataclass(frozen=True)
class Source:
    """The article a statement comes from."""

    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Statement:
    """A statement that may be the claim's source: a quote record and its article."""

    text: str
    start: int
    end: int
    type: str
    speaker: str | None
    speaker_role: str | None
    speaker_mention: str | None
    context: str | None
    negated: bool
    hearsay: bool
    via: str | None
    conditional: bool
    question: bool
    document: Source


@dataclass(frozen=True)
class Match:
    """One statement compared with the claim."""

    statement: Statement
    comparison: Comparison

    @property
    def verdict(self) -> str:
        return self.comparison.verdict

    def to_dict(self) -> dict[str, Any]:
        s, c = self.statement, self.comparison
        return {
            "verdict": c.verdict, "similarity": round(c.similarity, 3), "speaker": s.speaker,
            "speaker_role": s.speaker_role, "text": s.text, "type": s.type, "document": asdict(s.document),
            # the matching words, as offsets into the document (the statement starts at s.start)
            "start": s.start + c.start, "end": s.start + c.end, "context": s.context,
            "diff": [asdict(change) for change in c.diff], "negated": s.negated, "hearsay": s.hearsay,
            "via": s.via, "conditional": s.conditional, "question": s.question,
        }


@dataclass(frozen=True)
class Verdict:
    """What a claim comes to: one verdict, and the matching statements that support it, best first."""

    claim: str
    speaker: str | None
    verdict: str
    matches: tuple[Match, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "speaker": self.speaker, "verdict": self.verdict,
                "matches": [m.to_dict() for m in self.matches]}


def _name_words(text: str | None) -> set[str]:
    return {w for w in re.split(r"[\s'\-.,]+", fold(text or "")) if w and w not in _NAME_FILLERS}


def is_speaker(asked: str, statement: Statement) -> bool:
    """Does ``asked`` name this statement's speaker? Any form of the name ("Poutine", "Vladimir
    Poutine") or of the role the article gives them ("le président russe")."""
    wanted = _name_words(asked)
    if not wanted:
        return False
    return any(wanted <= _name_words(form) for form in (statement.speaker, statement.speaker_role, statement.speaker_mention))


def check_claim(claim: str, speaker: str | None, statements: Iterable[Statement], vector: Vector | None = None,
                limit: int | None = 10) -> Verdict:
    """The verdict for ``claim`` (said by ``speaker``, if given) over ``statements``."""
    matches = []
    for statement in statements:
        comparison = compare(claim, statement.text, vector)
        if comparison.verdict in _ORDER:
            matches.append(Match(statement, comparison))
    matches.sort(key=lambda m: (_ORDER[m.verdict], -m.comparison.similarity))
    counted = [m for m in matches if not m.statement.negated]  # a denied statement is nobody's words
    if speaker:
        own = [m for m in counted if is_speaker(speaker, m.statement)]
        others = [m for m in counted if m not in own and m.verdict in ("verbatim", "altered")]
        verdict = own[0].verdict if own else "other-speaker" if others else "not-found"
        rest = [m for m in matches if m not in own and m not in others]
        ordered = own + others + rest
    else:
        verdict = counted[0].verdict if counted else "not-found"
        ordered = counted + [m for m in matches if m not in counted]
    return Verdict(claim, speaker, verdict, tuple(ordered[:limit] if limit else ordered))


# -- where the statements come from ----------------------------------------------------------------
def statements_of(analysis: Analysis) -> Iterator[Statement]:
    """The statements of one analysed article."""
    source = Source(analysis.id, analysis.title, analysis.date, analysis.url)
    for q in analysis.quotes:
        yield Statement(q.text, q.start, q.end, q.type, q.speaker, q.speaker_role, q.speaker_mention, q.context,
                        q.negated, q.hearsay, q.via, q.conditional, q.question, source)


def _fts_any(text: str) -> str | None:
    """An FTS5 query for any of the claim's words of three letters or more."""
    found = sorted({w for w, _, _ in words(text) if len(w) >= 3 and w.isalnum()})
    return " OR ".join(f'"{w}"' for w in found) or None


_SELECT = (
    'SELECT q.text, q.start, q."end", q.type, q.speaker, q.speaker_role, q.speaker_mention, q.context, q.negated,'
    " q.hearsay, q.via, q.conditional, q.question, d.id, d.title, d.date, d.url"
    " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN documents d ON d.id = q.document_id"
)


def statements_in_database(db: QuoteDatabase, claim: str, speaker: str | None = None,
                           candidates: int = CANDIDATES) -> list[Statement]:
    """The candidates for ``claim`` in the quote database: the statements that share most of its words
    (full-text rank), and the statements of ``speaker`` that share any (a statement in other words shares few)."""
    words_query = _fts_any(claim)
    if words_query is None:
        return []
    queries = [f"text : ({words_query})"]
    speaker_words = _fts_any(speaker or "")
    if speaker_words:
        queries.append(f"{{speaker speaker_role}} : ({speaker_words}) AND text : ({words_query})")
    seen: dict[tuple[str, int], Statement] = {}
    for match in queries:
        sql = f"{_SELECT} WHERE quotes_fts MATCH ? ORDER BY quotes_fts.rank LIMIT {int(candidates)}"
        for row in db.conn.execute(sql, (match,)):
            key = (row[13], row[1])
            if key not in seen:
                seen[key] = Statement(
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), bool(row[9]),
                    row[10], bool(row[11]), bool(row[12]), Source(row[13], row[14], row[15], row[16]),
                )
    return list(seen.values())


def vectors_of(vocab: Any) -> Vector:
    """Word vectors from a spaCy vocabulary (the pipeline's), for related statements; None for a word without one."""
    def vector(word: str) -> np.ndarray | None:
        return vocab.get_vector(word) if vocab.has_vector(word) else None

    return vector



def check_in_database(db: QuoteDatabase, claim: str, speaker: str | None, vector: Vector | None = None,
                      limit: int | None = 10) -> Verdict:
    """The verdict for one claim against a quote database."""
    return check_claim(claim, speaker, statements_in_database(db, claim, speaker), vector, limit)
