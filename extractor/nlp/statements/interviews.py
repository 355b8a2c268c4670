"""Statements without quotation marks that the layout attributes: interviews and quotation boxes.

- "Marine Castel : Parce que le festival doit s'ouvrir…": a paragraph opened by a name and a colon is
  that person's answer.
- An interview in questions and answers: paragraphs opened by a dash and closed by a question mark are
  the interviewer's; the paragraphs between them are the answers of the person interviewed (the last
  one named before a colon, else the person the introduction is about).
- "— Paul Mercier, secrétaire général du syndicat" on its own line after a quotation: the quotation's
  speaker (a quotation box), see :func:`dash_line_speaker`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from weakref import WeakKeyDictionary

from spacy.tokens import Token

from ..speakers.subject import Speaker, resolve
from .article import Article, FoundQuote

_DASHES = ("—", "–", "-")
_NAME_COLON = re.compile(r"^[ \t]*([^\W\d][^:\n]{1,60}?)[ \t]*:[ \t]+(\S.*\S)[ \t]*$", re.MULTILINE)
_MIN_QUESTIONS = 2  # an interview has several questions; one question mark is only rhetoric
# what may close the line of a quotation: nothing, a full stop, a closing mark, between spaces
_ENDS_LINE = re.compile(r'[^\S\n]*(?:»\.|[.»”"])?[^\S\n]*(?:\n|\Z)')


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, without its surrounding spaces."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + body.index(stripped)
            spans.append((start, start + len(stripped)))
        pos += len(line)
    return spans


_LINES: WeakKeyDictionary[Article, list[tuple[int, int]]] = WeakKeyDictionary()


def _lines_of(att: Article) -> list[tuple[int, int]]:
    """:func:`_lines` of the article's text, found once (every quotation without a speaker asks)."""
    if att not in _LINES:
        _LINES[att] = _lines(att.text)
    return _LINES[att]


def _speaker_in(att: Article, start: int, end: int) -> Speaker | None:
    """A person or organisation named in ``text[start:end]`` (the name before a colon, after a dash)."""
    span = att.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.i in att.coref.cluster_at and att.coref.infos[att.coref.cluster_at[tok.i]].cluster.label in ("PER", "ORG"):
            return resolve(tok, att.coref)
    return None


def dash_line_speaker(att: Article, last: Token) -> Speaker | None:
    """The speaker named on a "— Name, role" line right after the paragraph that ends with ``last``."""
    text = att.text
    end = last.idx + len(last.text)
    if not _ENDS_LINE.match(text, end):
        return None  # the quotation must end its line
    lines = _lines_of(att)
    k = bisect_left(lines, (end,))
    if k == len(lines):
        return None
    a, b = lines[k]
    if text[a] not in _DASHES or text[a:b].rstrip().endswith("?"):
        return None
    return _speaker_in(att, a + 1, min(b, a + 120))


def answers(att: Article, taken: list[FoundQuote]) -> list[FoundQuote]:
    """The answers of an interview, as direct statements attributed to the person interviewed."""
    text = att.text
    lines = _lines_of(att)
    found: list[FoundQuote] = []
    occupied = _Occupied([(q.start, q.end) for q in taken] + [(m.open, m.close) for m in att.marked])

    def free(a: int, b: int) -> bool:
        return not occupied.overlaps(a, b)

    interviewee: Speaker | None = None
    first_line_end = lines[0][1] if lines else 0
    for match in _NAME_COLON.finditer(text):
        name_start, name_end = match.span(1)
        speaker = _speaker_in(att, name_start, name_end)
        if speaker is None or speaker.label != "PER" or len(match.group(1).split()) > 5:
            continue
        a, b = match.span(2)
        if match.start() < first_line_end or match.group(2)[-1:] not in ".!?…»":
            continue  # "Carlos Ghosn : Nissan confirme…" is a headline, not an answer
        if free(a, b) and len(match.group(2).split()) >= 3:
            found.append(FoundQuote(a, b, "direct", speaker, None, "interview"))
            occupied.add(a, b)
            interviewee = speaker
    questions = [i for i, (a, b) in enumerate(lines) if text[a] in _DASHES and text[a:b].endswith("?")]
    if len(questions) < _MIN_QUESTIONS:
        return found
    if interviewee is None:
        interviewee = _introduced(att, lines[questions[0]][0])
    if interviewee is None:
        return found
    for q, nxt in zip(questions, questions[1:] + [len(lines)]):
        for a, b in lines[q + 1 : nxt]:
            if text[a] in _DASHES or not free(a, b) or len(text[a:b].split()) < 3:
                continue
            found.append(FoundQuote(a, b, "direct", interviewee, None, "interview"))
            occupied.add(a, b)
    return found


class _Occupied:
    """The stretches of text already taken (by a statement, by quotation marks), and those given to answers
    since: whether a line overlaps one is found by bisection, not by a walk over them all for each line."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))  # the furthest end among the first ones
        # the answers: added only where they overlap nothing, so they follow one another without overlapping
        self.added_starts: list[int] = []
        self.added_ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        """Does ``[a, b)`` overlap a stretch taken?"""
        k = bisect_left(self.starts, b)  # the stretches that start before b
        if k and self.reach[k - 1] > a:
            return True
        k = bisect_left(self.added_starts, b)  # of answers one after the other, the last before b reaches furthest
        return k > 0 and self.added_ends[k - 1] > a

    def add(self, a: int, b: int) -> None:
        """``[a, b)`` is taken now (it overlaps nothing taken)."""
        k = bisect_left(self.added_starts, a)
        self.added_starts.insert(k, a)
        self.added_ends.insert(k, b)


def _introduced(att: Article, before: int) -> Speaker | None:
    """The person the introduction of an interview is about: the one named most before the first question."""
    counts: dict[int, int] = {}
    first_mention: dict[int, Token] = {}
    for k, info in enumerate(att.coref.infos):
        if info.cluster.label != "PER":
            continue
        for m in info.cluster.mentions:
            if m.start_char < before:
                counts[k] = counts.get(k, 0) + 1
                first_mention.setdefault(k, m[0])
    if not counts:
        return None
    k = max(counts, key=lambda c: (counts[c], -first_mention[c].i))
    return resolve(first_mention[k], att.coref)
