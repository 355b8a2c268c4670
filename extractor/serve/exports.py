"""The analyses behind the export links of the Analyse page, kept where every worker process finds them.

With ``extractor serve --workers N`` the link of a page made by one process may be followed by another:
the analyses are kept in a small SQLite file of a folder that the command makes for the server's
lifetime (one row per analysed page, its analyses as the JSON records of
:meth:`~extractor.records.Analysis.to_dict`), opened for each request and pruned to the latest
``size`` on every insert.

Example:
    >>> store = ExportStore(folder)                        # doctest: +SKIP
    >>> token = store.keep([analysis])                     # doctest: +SKIP
    >>> store.get(token) == [analysis]                     # doctest: +SKIP
    True
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from ..records import Analysis

KEPT_RESULTS = 32  # analyses kept for their export buttons, the latest first
FILE_NAME = "exports.sqlite"
_SCHEMA = "CREATE TABLE IF NOT EXISTS kept (n INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT UNIQUE NOT NULL, analyses TEXT NOT NULL)"


class ExportStore:
    """The latest ``size`` analysed pages under random tokens, in ``folder``/exports.sqlite.

    Args:
        folder: an existing folder, shared by the server's processes (the file is made if missing).
        size: how many pages stay downloadable; the oldest goes when one more is kept.
    """

    def __init__(self, folder: str | Path, size: int = KEPT_RESULTS) -> None:
        self.path = Path(folder) / FILE_NAME
        self.size = size
        with closing(self._connect()) as conn, conn:
            conn.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # another process writing: wait for it (a write is one small transaction)
        return sqlite3.connect(self.path, timeout=30)

    def keep(self, analyses: list[Analysis]) -> str:
        """Store ``analyses`` and return the token of their export links."""
        token = secrets.token_urlsafe(16)
        records = json.dumps([a.to_dict() for a in analyses], ensure_ascii=False)
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT INTO kept (token, analyses) VALUES (?, ?)", (token, records))
            conn.execute("DELETE FROM kept WHERE n NOT IN (SELECT n FROM kept ORDER BY n DESC LIMIT ?)", (self.size,))
        return token

    def get(self, token: str) -> list[Analysis] | None:
        """The analyses kept under ``token``, or None when they are gone (or never were)."""
        with closing(self._connect()) as conn:
            found = conn.execute("SELECT analyses FROM kept WHERE token = ?", (token,)).fetchone()
        return [Analysis.from_dict(record) for record in json.loads(found[0])] if found else None
