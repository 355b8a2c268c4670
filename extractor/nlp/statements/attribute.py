"""Find every reported statement in a parsed document and attribute it to its speaker.

The order of work matters: indirect speech first (a cue verb and its que-clause, "selon X"), because
a quoted fragment inside a reported clause belongs to that clause's speaker; then each text in
quotation marks, attributed by the nearest cue (an incise after it, a cue before it, the verb that
governs it), and failing that by the speaker it continues.
"""

from __future__ import annotations

from . import interviews
from .article import FoundQuote
from .indirect import IndirectSpeech
from .marked import MarkedQuotes


class Attributor(IndirectSpeech, MarkedQuotes):
    """One document's statements, found and attributed (see the module docstring for the order)."""

    def run(self, tentative: bool = False) -> list[FoundQuote]:
        """The statements of the document, in text order.

        Args:
            tentative: keep the words in marks that look like scare quotes or headlines and have no
                speaker (``FoundQuote.tentative``), for the speaker ranker to judge.
        """
        indirect = self.indirect()
        marked = [q for q in self.marked_quotes(indirect) if tentative or not q.tentative]
        quotes = _dedupe(indirect) + marked
        quotes += interviews.answers(self, quotes)
        quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        return quotes


def _dedupe(quotes: list[FoundQuote]) -> list[FoundQuote]:
    seen: dict[tuple[int, int], FoundQuote] = {}
    for q in quotes:
        seen.setdefault((q.start, q.end), q)
    return list(seen.values())
