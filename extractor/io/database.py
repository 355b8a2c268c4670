"""The quote database: an SQLite file to fill from a corpus and to search.

Plain tables with sensible names, so that it opens in Datasette and sqlite-utils without ceremony:

- ``documents``: ``id`` (the path or the id column), ``path``, ``title``, ``date``, ``author``,
  ``url``, ``hash`` (SHA-256 of the text), ``words``, ``status`` (``ok`` or ``failed``), ``error``
  (why it failed), ``processed_at`` and ``text``;
- ``entities``: one row per entity of a document (``document_id``, ``name``, ``label``,
  ``mention_count``);
- ``mentions``: where each entity is named (``entity_id``, ``document_id``, ``start``, ``end``,
  ``text``);
- ``quotes``: who said what (``document_id``, ``entity_id`` of the speaker when the speaker is one
  of the document's entities, ``text``, ``start``, ``end``, ``type``, ``speaker``,
  ``speaker_mention``, ``speaker_label``, ``speaker_role``, ``cue``, ``confidence``, ``context`` (the
  sentence around it), how the article reports it — ``negated``, ``hearsay`` and ``via``,
  ``conditional``, ``question`` (0 or 1) — and ``parent``, the id of the indirect statement a partial
  quote belongs to);
- ``quotes_fts``: full-text index over the quotes' text, speaker and speaker role, kept up to date by
  triggers, ignoring case and accents ("cederons" finds "céderons");
- ``meta``: ``schema_version`` (also in ``PRAGMA user_version``), ``extractor_version``, ``model``,
  ``stemming`` (what ``quotes.stems`` was made with, see :func:`~extractor.io.stems.version`: a database
  whose stems were made otherwise is stemmed again when opened for writing), ``copies_flagged`` (every
  stored document was compared with those stored before it: absent from a database made before copies
  were flagged, whose next ``batch`` run flags them, see :mod:`extractor.run.duplicates`).

Foreign keys cascade: deleting a document deletes its entities, mentions and quotes. Offsets are
Python string offsets into ``documents.text``.

Example:
    >>> db = QuoteDatabase(":memory:")
    >>> db.stored_hash("nothing-yet") is None
    True
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections import Counter
from dataclasses import astuple, dataclass, replace
from datetime import date as calendar_date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from ..records import (
    QUOTE_FIELDS,
    QUOTE_TYPES,
    REPORT_FLAGS,
    Analysis,
    Document,
    document_row,
)
from .stems import SNOWBALL, snowball_stem, stem, stems
from .stems import version as stemming

LOCK_SECONDS = 30.0  # how long a write waits for another run's before "database is locked"
COPIES_FLAGGED = "copies_flagged"  # meta key: "1" once every stored document was checked for being a copy
SCHEMA_VERSION = 6  # 2: documents.encoding; 3: quotes.context, how it is reported, parent; 4: speaker gender,
# one identity per speaker across the corpus (speakers, quotes.speaker_id), documents.duplicate_of;
# 5: documents.warnings; 6: quotes.document_title and quotes.stems, searched with the words
# the columns each version added, as ALTER TABLE clauses: an older database is upgraded when opened for writing
_UPGRADES = {
    2: ["documents ADD COLUMN encoding TEXT"],
    3: [
        "quotes ADD COLUMN context TEXT",
        "quotes ADD COLUMN negated INTEGER NOT NULL DEFAULT 0",
        "quotes ADD COLUMN hearsay INTEGER NOT NULL DEFAULT 0",
        "quotes ADD COLUMN via TEXT",
        "quotes ADD COLUMN conditional INTEGER NOT NULL DEFAULT 0",
        "quotes ADD COLUMN question INTEGER NOT NULL DEFAULT 0",
        "quotes ADD COLUMN parent INTEGER REFERENCES quotes(id) ON DELETE SET NULL",
    ],
    4: [
        "quotes ADD COLUMN speaker_gender TEXT", "quotes ADD COLUMN speaker_gender_evidence TEXT",
        "quotes ADD COLUMN speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL",
        "documents ADD COLUMN duplicate_of TEXT",
    ],
    5: ["documents ADD COLUMN warnings TEXT"],
    6: ["quotes ADD COLUMN document_title TEXT", "quotes ADD COLUMN stems TEXT"],
}
# the words searched: the quote, its speaker, the speaker's role, the document's title, and the stems of all four
FTS_COLUMNS = ("text", "speaker", "speaker_role", "document_title", "stems")
WORD_COLUMNS = FTS_COLUMNS[:-1]
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


@lru_cache(maxsize=None)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """``INSERT INTO table (columns) VALUES (?, …)``, the columns quoted ("end" is an SQL word)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({marks})"


_INSERT_QUOTE = _insert_sql("quotes", ("document_id", "entity_id", *QUOTE_FIELDS, "document_title", "stems"))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    path TEXT,
    title TEXT,
    date TEXT,
    author TEXT,
    url TEXT,
    encoding TEXT,
    hash TEXT,
    words INTEGER,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    processed_at TEXT NOT NULL,
    text TEXT,
    duplicate_of TEXT,
    warnings TEXT
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    mention_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('direct', 'partial', 'indirect')),
    speaker TEXT,
    speaker_mention TEXT,
    speaker_label TEXT,
    speaker_role TEXT,
    cue TEXT,
    confidence REAL,
    context TEXT,
    negated INTEGER NOT NULL DEFAULT 0,
    hearsay INTEGER NOT NULL DEFAULT 0,
    via TEXT,
    conditional INTEGER NOT NULL DEFAULT 0,
    question INTEGER NOT NULL DEFAULT 0,
    parent INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
    speaker_gender TEXT CHECK (speaker_gender IN ('f', 'm', 'group')),
    speaker_gender_evidence TEXT,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    document_title TEXT,
    stems TEXT
);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT,
    gender TEXT,
    forms TEXT,
    roles TEXT,
    quotes INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE INDEX IF NOT EXISTS entities_document_id ON entities(document_id);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
CREATE INDEX IF NOT EXISTS mentions_entity_id ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_document_id ON mentions(document_id);
CREATE INDEX IF NOT EXISTS quotes_document_id ON quotes(document_id);
CREATE INDEX IF NOT EXISTS quotes_entity_id ON quotes(entity_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_type ON quotes(type);
CREATE INDEX IF NOT EXISTS quotes_speaker_id ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS documents_duplicate_of ON documents(duplicate_of);
"""
TABLES = ("documents", "entities", "mentions", "quotes", "speakers", "meta")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DatabaseError(RuntimeError):
    """The file is not a quote database this version can use."""


class QueryError(ValueError):
    """A search query or filter that cannot be run (bad full-text syntax, a malformed date)."""


@dataclass(frozen=True)
class Search:
    """What a search asks (see :meth:`QuoteDatabase.search` for each field)."""

    query: str | None = None
    speaker: str | None = None
    quote_type: str | None = None
    since: str | None = None
    until: str | None = None
    raw: bool = False
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stored:
    """What the database holds for one document id."""

    hash: str | None
    status: str


class QuoteDatabase:
    """An SQLite quote database, created with its schema on first use.

    Writes go through :meth:`add` and :meth:`add_failure`, grouped into transactions by
    :meth:`commit`: a document's rows are always written together with it, so an interrupted run
    leaves whole documents only, and the next run picks up where it stopped.

    Args:
        path: the database file (created if missing), or ``":memory:"``.
        model: the spaCy pipeline's name, noted in ``meta``.
        readonly: open an existing database for searching only.

    Raises:
        DatabaseError: the file is missing (``readonly``), is not SQLite, or has another schema.
    """

    def __init__(self, path: str | Path, model: str | None = None, readonly: bool = False) -> None:
        self.path = str(path)
        self._in_transaction = False
        self._added = False  # documents were stored: the speakers' identities are rebuilt on closing
        where = Path(self.path)
        if not self.path.strip():
            raise DatabaseError("--db: an empty file name")
        if self.path != ":memory:" and where.is_dir():
            raise DatabaseError(f"{self.path}: is a folder, not a database file")
        if readonly and not where.is_file():
            raise DatabaseError(f"{self.path}: no such database (fill one with `extractor batch PATH --db {self.path}`)")
        if not readonly and self.path != ":memory:":
            folder = where.parent if str(where.parent) else Path(".")
            if where.exists() and not os.access(where, os.W_OK) or not where.exists() and not os.access(folder, os.W_OK):
                raise DatabaseError(f"{self.path}: cannot write it (permission denied): nothing was analysed")
        if readonly:
            # a database in a folder we cannot write: WAL's shared-memory file cannot be made there, so it
            # is read as immutable (nobody writes it while we read)
            mode = "mode=ro" if os.access(where.parent, os.W_OK) else "immutable=1"
            target = f"{where.resolve().as_uri()}?{mode}"
        else:
            target = self.path
        # another run writing the same file: wait for it up to LOCK_SECONDS before saying so
        self.conn = sqlite3.connect(target, isolation_level=None, uri=readonly, timeout=LOCK_SECONDS)
        self.conn.row_factory = sqlite3.Row
        self._stem = stem  # how a query's words are stemmed: as the database's stems were
        try:
            self._prepare(model, readonly)
        except (sqlite3.DatabaseError, DatabaseError) as exc:
            self.conn.close()
            if isinstance(exc, DatabaseError):
                raise
            raise DatabaseError(f"{self.path}: not a quote database ({exc})") from exc

    def _prepare(self, model: str | None, readonly: bool) -> None:
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            foreign = [n for n in names if n not in TABLES and not n.startswith("quotes_fts")][:5]
            if foreign:  # another program's database: not ours to add tables to
                raise DatabaseError(
                    f"{self.path} is not a quote database (it holds other tables: {', '.join(foreign)}): give a new file"
                )
        if 0 < version < SCHEMA_VERSION and not readonly:  # an older database: its new columns added, empty
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for clause in _UPGRADES[step]:
                    conn.execute(f"ALTER TABLE {clause}")
            conn.executescript(_SCHEMA)  # the tables and indexes a newer version added
            if version < 6:
                self._index_again()
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            version = SCHEMA_VERSION
        if 0 < version < SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path} was made by an older extractor (schema version {version}): open it once for "
                f"writing to upgrade it, e.g. `extractor batch PATH --db {self.path}` (stored documents are kept)"
            )
        if version not in ((SCHEMA_VERSION,) if readonly else (0, SCHEMA_VERSION)):
            raise DatabaseError(
                f"{self.path} has schema version {version}, not a quote database of this extractor "
                f"(version {SCHEMA_VERSION}): fill a new one with `extractor batch PATH --db FILE`"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            # stems made with Snowball alone (before the verb table: no ``stemming`` in meta) cannot be made
            # again without writing: the query is stemmed the same way, and finds what it found then
            if self._meta("stemming") in (None, SNOWBALL):
                self._stem = snowball_stem
            return
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")  # readers (Datasette) see the data while a batch writes
        conn.execute("PRAGMA synchronous = NORMAL")
        if version == 0:
            self._create(model)
        elif self._meta("stemming") != stemming():
            self._stem_again()

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def copies_flagged(self) -> bool:
        """Whether every stored document was compared with those stored before it (False for a
        database made before copies were flagged: set once they are)."""
        return self._meta(COPIES_FLAGGED) == "1"

    @copies_flagged.setter
    def copies_flagged(self, value: bool) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (COPIES_FLAGGED, "1" if value else "0"))

    def _stem_again(self) -> None:
        """The stems of every stored quote made again (they were made with another stemming: Snowball's
        alone, or another verb table) and the full-text index rebuilt, in one transaction."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")  # another run opening it waits, then finds it done
        try:
            if self._meta("stemming") != stemming():
                rows = conn.execute("SELECT id, text, speaker, speaker_role, document_title, stems FROM quotes")
                changed = [(new, r[0]) for r in rows.fetchall() if (new := stems(r[1], r[2], r[3], r[4])) != r[5]]
                # the index rebuilt once rather than row by row by the update trigger (4 times faster)
                trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'quotes_au'").fetchone()
                if trigger:
                    conn.execute("DROP TRIGGER quotes_au")
                conn.executemany("UPDATE quotes SET stems = ? WHERE id = ?", changed)
                conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
                if trigger:
                    conn.execute(trigger[0])
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('stemming', ?)", (stemming(),))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _index_again(self) -> None:
        """The searched columns of every stored quote filled, and the full-text index rebuilt over them
        (a database made before the title and the stems were searched)."""
        import sqlite_utils

        rows = self.conn.execute(
            "SELECT q.id, q.text, q.speaker, q.speaker_role, d.title FROM quotes q JOIN documents d ON d.id = q.document_id"
        ).fetchall()
        self.conn.executemany(
            "UPDATE quotes SET document_title = ?, stems = ? WHERE id = ?",
            [(r[4], stems(r[1], r[2], r[3], r[4]), r[0]) for r in rows],
        )
        db = sqlite_utils.Database(self.conn)
        db["quotes"].disable_fts()
        db["quotes"].enable_fts(list(FTS_COLUMNS), tokenize=FTS_TOKENIZER, create_triggers=True)
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('stemming', ?)", (stemming(),))

    def _create(self, model: str | None) -> None:
        import sqlite_utils

        from ..records import __version__

        self.conn.executescript(_SCHEMA)
        db = sqlite_utils.Database(self.conn)
        if not db["quotes_fts"].exists():
            db["quotes"].enable_fts(list(FTS_COLUMNS), tokenize=FTS_TOKENIZER, create_triggers=True)
        meta = {"schema_version": str(SCHEMA_VERSION), "extractor_version": __version__, "model": model,
                "stemming": stemming(), COPIES_FLAGGED: "1"}
        self.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- resume -----------------------------------------------------------------------------------

    def stored(self, doc_id: str) -> Stored | None:
        """The hash and status stored for ``doc_id``, or None if it is not in the database."""
        row = self.conn.execute("SELECT hash, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Stored(row[0], row[1]) if row else None

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash of ``doc_id`` if it was analyzed successfully, else None."""
        found = self.stored(doc_id)
        return found.hash if found and found.status == "ok" else None

    def is_done(self, document: Document) -> bool:
        """True when this very text was already analyzed under this id: a resumed run skips it.

        A document that failed, or whose text changed since, is not done.
        """
        return self.stored_hash(document.id) == document.hash

    # -- writes -----------------------------------------------------------------------------------

    def _begin(self) -> None:
        if not self._in_transaction:
            self.conn.execute("BEGIN")
            self._in_transaction = True

    def commit(self) -> None:
        """End the current transaction: what was added so far is on disk."""
        if self._in_transaction:
            self.conn.execute("COMMIT")
            self._in_transaction = False

    def rollback(self) -> None:
        """Drop what was added since the last commit."""
        if self._in_transaction:
            self.conn.execute("ROLLBACK")
            self._in_transaction = False

    def add(self, document: Document, analysis: Analysis) -> None:
        """Store a document and everything found in it, replacing what was stored under its id.

        All or nothing: interrupted half-way (Ctrl-C), the document's rows are taken back.
        """
        self._begin()
        self._added = True
        self.conn.execute("SAVEPOINT document")
        try:
            self._insert(document, analysis)
        except BaseException:
            self.conn.execute("ROLLBACK TO document")
            raise
        finally:
            self.conn.execute("RELEASE document")

    def _insert(self, document: Document, analysis: Analysis) -> None:
        conn = self.conn
        conn.execute("DELETE FROM documents WHERE id = ?", (document.id,))
        row = document_row(document.id, document)
        # what the reader of the results must know: an unclosed «, a decoding, a cut (JSON list)
        row["warnings"] = json.dumps(list(analysis.warnings), ensure_ascii=False) if analysis.warnings else None
        _insert_document(conn, row)
        speaker_ids: dict[str, int] = {}
        for entity in analysis.entities:
            cursor = conn.execute(
                "INSERT INTO entities (document_id, name, label, mention_count) VALUES (?, ?, ?, ?)",
                (document.id, entity.name, entity.label, len(entity.mentions)),
            )
            entity_id = cursor.lastrowid
            assert entity_id is not None
            speaker_ids.setdefault(entity.name, entity_id)
            conn.executemany(
                'INSERT INTO mentions (entity_id, document_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                [(entity_id, document.id, m.start, m.end, m.text) for m in entity.mentions],
            )
        ids = []
        title = document.title
        for q in analysis.quotes:  # parents are written as row ids once every quote has one
            row = (document.id, speaker_ids.get(q.speaker) if q.speaker else None, *astuple(replace(q, parent=None)),
                   title, stems(q.text, q.speaker, q.speaker_role, title))
            ids.append(conn.execute(_INSERT_QUOTE, row).lastrowid)
        conn.executemany(
            "UPDATE quotes SET parent = ? WHERE id = ?",
            [(ids[q.parent], ids[k]) for k, q in enumerate(analysis.quotes) if q.parent is not None],
        )

    def add_failure(self, doc_id: str, reason: str, document: Document | None = None) -> None:
        """Record a document that could not be read or analyzed, with the reason."""
        self._begin()
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        _insert_document(self.conn, document_row(doc_id, document, reason))

    def close(self) -> None:
        """Commit what is pending, bring the speakers' identities up to date, and close the file."""
        self.commit()
        if self._added:
            self.update_identities()
        self.conn.close()

    def _identities_current(self) -> None:
        """Documents were added on this connection since the identities were built: build them again."""
        if self._added:
            self.update_identities()

    def update_identities(self) -> int:
        """Rebuild the ``speakers`` table (one identity per person across the corpus, see
        :mod:`extractor.io.identities`); returns how many there are. :meth:`close` does it after writes."""
        from .identities import update_identities

        self._begin()
        count = update_identities(self.conn)
        self.commit()
        self._added = False
        return count

    def __enter__(self) -> QuoteDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # documents are written whole (see add): what was finished is kept

    # -- reads ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table, and documents by status."""
        self._identities_current()
        out = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t != "meta"}
        out["failed"] = self.conn.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone()[0]
        return out

    def failures(self) -> Iterator[dict[str, Any]]:
        """The documents that failed, with the reason."""
        for row in self.conn.execute("SELECT id, error FROM documents WHERE status = 'failed' ORDER BY id"):
            yield {"id": row[0], "error": row[1]}

    def search(
        self,
        query: str | None = None,
        speaker: str | None = None,
        quote_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        raw: bool = False,
        flags: tuple[str, ...] = (),
    ) -> Iterator[dict[str, Any]]:
        """The quotes that match, best first (or in date order without a query).

        Args:
            query: words that must all occur in the quote, in any case, with or without accents
                ("polic*" for a prefix); with ``raw``, an FTS5 query as is ("police OR gendarmerie").
            speaker: words that must all occur in the speaker's name or role ("vasseur",
                "ministre de l'Intérieur").
            quote_type: ``direct``, ``partial`` or ``indirect``.
            since, until: ISO dates (``2024``, ``2024-05``, ``2024-05-17``), inclusive, on the
                document's date; documents without a date are left out when either is given.
            limit: at most this many quotes.
            flags: only statements reported so: ``negated``, ``hearsay``, ``conditional``, ``question``;
                ``not-negated``… for the others ("everything X said, not what X denied").

        Raises:
            QueryError: a malformed query, type or date.
        """
        return self.found(Search(query, speaker, quote_type, since, until, raw, flags), limit)

    def found(self, asked: Search, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """What :meth:`search` gives for the search ``asked``."""
        passes, where, params = self._passes(asked)
        query = asked.query
        seen: set[int] = set()
        for matched in passes:
            for found in self._matching(matched, where, params, limit and limit - len(seen), query):
                if found["id"] in seen:
                    continue
                seen.add(found.pop("id"))
                yield {**found, **{flag: bool(found[flag]) for flag in REPORT_FLAGS}}  # stored as 0 or 1
                if limit and len(seen) >= limit:
                    return

    def matching_ids(self, asked: Search, extra: tuple[tuple[str, Any], ...] = ()) -> tuple[str, list[Any]]:
        """The SQL that selects the ids of the quotes the search ``asked`` finds, and its parameters, for
        SQLite to count or group them (``SELECT count(*) FROM quotes WHERE id IN (…)``). ``extra``: more
        conditions on ``q`` (quotes) and ``d`` (documents), each with one parameter.

        Raises:
            QueryError: a malformed type or date (a malformed query fails when the SQL runs).
        """
        passes, where, params = self._passes(asked)
        where = [*where, *(condition for condition, _ in extra)]
        params = [*params, *(value for _, value in extra)]
        selects, values = [], []
        for matched in passes:  # a quote both passes find is one id of the union, as search gives it once
            sql = "SELECT q.id FROM quotes q JOIN documents d ON d.id = q.document_id"
            conditions, given = list(where), list(params)
            if matched:
                sql += " JOIN quotes_fts ON quotes_fts.rowid = q.id"
                conditions.insert(0, "quotes_fts MATCH ?")
                given.insert(0, " AND ".join(f"({m})" for m in matched))
            selects.append(sql + (" WHERE " + " AND ".join(conditions) if conditions else ""))
            values += given
        return " UNION ".join(selects), values

    def _passes(self, asked: Search) -> tuple[list[list[str]], list[str], list[Any]]:
        """A search's full-text passes (the words as typed, then their stems) and its filters."""
        query, speaker, quote_type, since, until, raw, flags = astuple(asked)
        where: list[str] = []
        params: list[Any] = []
        match = []
        stemmed = None
        if query and query.strip():
            match.append(query if raw else f"{{{' '.join(WORD_COLUMNS)}}} : ({_fts_words(query)})")
            if not raw:
                stemmed = f"stems : ({_fts_words(_stemmed_query(query, self._stem))})"
        if speaker and speaker.strip():
            # the words in the speaker's name or role as written in the article, or in any form of the
            # identity it belongs to across the corpus ("Emmanuel Macron" finds the articles that say "Macron")
            ids = self._identities_named(speaker)
            where.append(
                "(q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
                + (f" OR q.speaker_id IN ({', '.join(map(str, ids))})" if ids else "") + ")"
            )
            params.append(f"{{speaker speaker_role}} : ({_fts_words(speaker)})")
        if quote_type is not None:
            if quote_type not in QUOTE_TYPES:
                raise QueryError(f"unknown quote type {quote_type!r}: use one of {', '.join(QUOTE_TYPES)}")
            where.append("q.type = ?")
            params.append(quote_type)
        _date_filters(since, until, where, params)
        for flag in flags:
            name = flag.removeprefix("not-")
            if name not in REPORT_FLAGS:
                raise QueryError(f"unknown flag {flag!r}: use one of {', '.join(REPORT_FLAGS)}, or not-FLAG")
            where.append(f"q.{name} = {0 if flag.startswith('not-') else 1}")
        passes = [match, [stemmed]] if stemmed else [match]  # the words as typed first, then their other forms
        return passes, where, params

    def _matching(
        self, match: list[str], where: list[str], params: list[Any], limit: int | None, query: str | None
    ) -> Iterator[dict[str, Any]]:
        """The rows of one search: full-text ``match`` (all required), then the filters."""
        sql = (
            'SELECT q.id AS id, q.document_id AS doc, d.date AS date, d.title AS title, d.url AS url, q.speaker,'
            ' q.speaker_role, q.type, q.text, q.cue, q.confidence, q.speaker_mention, q.speaker_label, q.start,'
            ' q."end" AS "end", q.negated, q.hearsay, q.via, q.conditional, q.question, q.parent, q.context,'
            ' q.speaker_gender, q.speaker_gender_evidence'
            " FROM quotes q JOIN documents d ON d.id = q.document_id"
        )
        where, params = list(where), list(params)
        if match:
            sql += " JOIN quotes_fts ON quotes_fts.rowid = q.id"
            where.insert(0, "quotes_fts MATCH ?")
            params.insert(0, " AND ".join(f"({m})" for m in match))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ("quotes_fts.rank, " if match else "") + "d.date, q.document_id, q.start"
        if limit:
            sql += f" LIMIT {int(limit) * 2}"  # room for the rows the exact pass already gave
        try:
            cursor = self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise QueryError(f"cannot search for {query!r}: {exc}") from exc
        for row in cursor:
            yield dict(row)

    def _identities_named(self, words: str) -> list[int]:
        """The identities one of whose forms holds every word of ``words`` (case and accents folded)."""
        from .identities import fold

        self._identities_current()
        wanted = set(fold(words).split())
        found = []
        for speaker_id, forms in self.conn.execute("SELECT id, forms FROM speakers"):
            if any(wanted <= set(fold(form).split()) for form in json.loads(forms or "[]")):
                found.append(speaker_id)
        return found

    def speakers(
        self, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Who is quoted most, one row per identity (see :mod:`extractor.io.identities`): statements by
        type (a partial quote inside a statement is not counted again), documents (duplicates left out),
        gender, and the role given most often."""
        self._identities_current()
        where, params = ["q.parent IS NULL", "d.duplicate_of IS NULL"], []
        _date_filters(since, until, where, params)
        sql = (
            "SELECT s.name AS speaker, s.label AS label, s.gender AS gender, count(*) AS quotes,"
            " sum(q.type = 'direct') AS direct, sum(q.type = 'partial') AS partial,"
            " sum(q.type = 'indirect') AS indirect, count(DISTINCT q.document_id) AS documents,"
            " (SELECT r.speaker_role FROM quotes r WHERE r.speaker_id = s.id AND r.speaker_role IS NOT NULL"
            "  GROUP BY r.speaker_role ORDER BY count(*) DESC, r.speaker_role LIMIT 1) AS role, s.forms AS forms"
            " FROM quotes q JOIN speakers s ON s.id = q.speaker_id JOIN documents d ON d.id = q.document_id"
            f" WHERE {' AND '.join(where)} GROUP BY s.id ORDER BY quotes DESC, s.name"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        for row in self.conn.execute(sql, params):
            yield {**dict(row), "forms": json.loads(row["forms"] or "[]")}

    def parity(
        self, by: tuple[str, ...] = ("gender",), since: str | None = None, until: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Statements and distinct people by speaker gender (``f``, ``m``, ``group``, ``organisation`` for
        organisations and places, ``unknown``), with their shares, overall or per ``month`` or ``source``
        (the host of the document's URL, else the first folder of its id).

        Raises:
            QueryError: an unknown grouping.
        """
        self._identities_current()
        extra = [b for b in by if b != "gender"]
        if "gender" not in by or len(extra) > 1 or any(b not in PARITY_GROUPS for b in extra):
            raise QueryError(f"--by {','.join(by)}: use gender, gender,month or gender,source")
        where, params = ["q.parent IS NULL", "d.duplicate_of IS NULL", "q.speaker IS NOT NULL"], []
        _date_filters(since, until, where, params)
        sql = (
            "SELECT q.speaker_gender, q.speaker_label, coalesce(q.speaker_id, -q.id), d.date, d.url, d.id"
            f" FROM quotes q JOIN documents d ON d.id = q.document_id WHERE {' AND '.join(where)}"
        )
        statements: Counter[tuple[str, str]] = Counter()
        people: dict[tuple[str, str], set[int]] = {}
        for gender, label, speaker, date, url, doc_id in self.conn.execute(sql, params):
            kind = gender or ("organisation" if label in ("ORG", "LOC") else "unknown")
            group = _group_of(extra[0], date, url, doc_id) if extra else ""
            statements[(group, kind)] += 1
            people.setdefault((group, kind), set()).add(speaker)
        totals: Counter[str] = Counter()
        people_totals: Counter[str] = Counter()
        for (group, _), n in statements.items():
            totals[group] += n
        for (group, _), who in people.items():
            people_totals[group] += len(who)
        order = {g: k for k, g in enumerate(GENDERS)}
        for (group, kind), n in sorted(statements.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
            row = {extra[0]: group} if extra else {}
            row.update({
                "gender": kind, "statements": n, "statement_share": round(n / totals[group], 3),
                "people": len(people[(group, kind)]),
                "people_share": round(len(people[(group, kind)]) / people_totals[group], 3),
            })
            yield row


GENDERS = ("f", "m", "group", "organisation", "unknown")
PARITY_GROUPS = ("month", "source")


_PERIOD = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?(?!\d)")  # YYYY-MM of an ISO date, or YYYY alone


def period_of(date: str | None) -> str:
    """The month a parity table counts a document's statements in: ``2024-05`` for "2024-05-17",
    ``2024`` for a year alone, ``undated`` for none or a date written otherwise ("mars 2024")."""
    found = _PERIOD.match(date or "")
    return found[0] if found else "undated"


def _group_of(by: str, date: str | None, url: str | None, doc_id: str) -> str:
    if by == "month":
        return period_of(date)
    if url:
        return urlsplit(url).hostname or url
    return doc_id.split("/")[0] if "/" in doc_id else "."


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _stemmed_query(text: str, stemmer: Callable[[str], str] = stem) -> str:
    """The query's words as stems (by ``stemmer``), prefixes (``word*``) kept as they are."""
    return " ".join(w if w.endswith("*") else " ".join(stemmer(p) for p in re.findall(r"\w+", w.replace("’", "'")))
                    for w in text.split())


def _fts_words(text: str) -> str:
    """Each word of ``text`` as a quoted FTS5 phrase (all required); ``word*`` stays a prefix query."""
    phrases = []
    for word in text.split():
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not any(ch.isalnum() for ch in word):
            continue
        phrases.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not phrases:
        raise QueryError(f"nothing to search for in {text!r}")
    return " ".join(phrases)


def _is_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real month and day ("2025-13" and "2025-02-30" are not)."""
    if not _DATE.match(value):
        return False
    try:
        calendar_date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


def _date_filters(since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
    for value, op in ((since, ">="), (until, "<=")):
        if value is None:
            continue
        if not _is_date(value):
            raise QueryError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        where.append(f"d.date {op} ?")
        # until 2024-05 takes in every day of May: compare with the next possible string
        params.append(value if op == ">=" else value + "\uffff")


def _insert_document(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    """One row of the documents table: :func:`~extractor.records.document_row` and when it was processed."""
    row = {**row, "processed_at": _now()}
    conn.execute(_insert_sql("documents", tuple(row)), tuple(row.values()))
