"""Documents too long for one pass (beyond spaCy's ``max_length``, or beyond what one ``Doc`` should hold in
memory): cut at paragraph boundaries, analyzed in pieces,
put back together with every offset into the whole text.

A piece ends at the last paragraph break (else line break, else sentence end, else space) before the
limit and outside quotation marks, so a quotation is cut only when nothing else is left. Entities of the pieces are merged
again by canonical name and label.

Example:
    >>> [(start, len(piece)) for start, piece in split_text("a\\n\\nb\\n\\nc", 4)]
    [(0, 3), (3, 3), (6, 1)]
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from .nlp.marks import find_marked_spans
from .records import Analysis, Entity, Mention

_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…]\s"), re.compile(r"\s"))


def split_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, piece)`` with pieces of at most ``max_chars`` characters covering ``text``."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        quoted: list[tuple[int, int]] | None = None  # paired only if a break is far enough to be a cut
        cut = 0
        for pattern in _BREAKS:  # the last break of the strongest kind, outside quotation marks
            ends = [m.end() for m in pattern.finditer(window)]
            if not ends or ends[-1] <= max_chars // 4:
                continue
            if quoted is None:
                quoted = [(s.open, s.close) for s in find_marked_spans(window)[0] if s.depth == 0]
            for end in reversed(ends):  # from the last: the first one outside quotation marks is the cut
                if end <= max_chars // 4:
                    break
                if not any(a < end <= b for a, b in quoted):
                    cut = end
                    break
            if cut:
                break
        cut = cut or max_chars
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def shift(analysis: Analysis, offset: int) -> Analysis:
    """The same analysis with every offset moved by ``offset``."""
    entities = tuple(
        Entity(e.name, e.label, tuple(Mention(m.start + offset, m.end + offset, m.text) for m in e.mentions))
        for e in analysis.entities
    )
    quotes = tuple(replace(q, start=q.start + offset, end=q.end + offset) for q in analysis.quotes)
    warnings = tuple(_shift_warning(w, offset) for w in analysis.warnings)
    return replace(analysis, entities=entities, quotes=quotes, warnings=warnings)


def _shift_warning(warning: str, offset: int) -> str:
    return re.sub(r"offset (\d+)", lambda m: f"offset {int(m.group(1)) + offset}", warning)


def merge(doc_id: str, parts: list[Analysis], limit: int | None = None) -> Analysis:
    """One analysis from the shifted analyses of consecutive pieces of a document."""
    entities: dict[tuple[str, str], list[Mention]] = {}
    for part in parts:
        for e in part.entities:
            entities.setdefault((e.name, e.label), []).extend(e.mentions)
    merged = tuple(
        Entity(name, label, tuple(sorted(mentions, key=lambda m: m.start)))
        for (name, label), mentions in sorted(entities.items(), key=lambda kv: min(m.start for m in kv[1]))
    )
    quotes: list = []
    for part in parts:  # a parent is an index into its piece's quotes: moved past the pieces before
        before = len(quotes)
        quotes += [q if q.parent is None else replace(q, parent=q.parent + before) for q in part.quotes]
    warnings = tuple(w for part in parts for w in part.warnings)
    if len(parts) > 1:
        longer = f"longer than {limit:,} characters" if limit else "too long for one pass"
        warnings += (f"{longer}: analyzed in {len(parts)} pieces cut at paragraph breaks",)
    return Analysis(doc_id, merged, tuple(quotes), warnings)
