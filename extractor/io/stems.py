"""The stemmed copy of a quote that the full-text index searches beside its words: French inflections
found from any form ("reculer" finds "reculerons").

SQLite's FTS5 has no French stemmer: each quote's text, speaker, role and document title are stemmed
with Snowball's French stemmer (snowballstemmer) into one extra indexed column, and a query is stemmed
the same way. Irregular forms that Snowball does not bring together ("mets" and "mettre") are not found
from each other.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from .identities import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded stem of one word: "Reculerons" → "recul", "céderons" → "ced"."""
    return fold(_STEMMER.stemWord(word.casefold()))


def stems(*texts: str | None) -> str:
    """The stems of every word of ``texts``, space-separated (elided articles split off: "l'État" → "l etat")."""
    return " ".join(stem(w) for text in texts if text for w in _WORD.findall(text.replace("’", "'")))
