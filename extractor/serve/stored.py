"""What the pages read from the quote database beyond :class:`~extractor.io.database.QuoteDatabase`'s
search: a page of a search with its total and facets (counted by SQLite where the filters allow), one
document as an :class:`~extractor.records.Analysis` (so that the report's highlighting draws it), one
speaker's statements, roles and months beside the corpus's parity figures month by month.

Every function takes an open (read-only) database and returns plain records; ``None`` when the
document or speaker is not there.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..io.database import QueryError, QuoteDatabase, Search, period_of
from ..io.report import source
from ..records import QUOTE_FIELDS, REPORT_FLAGS, Analysis, Entity, Mention, Quote


def gender_of(row: dict[str, Any]) -> str:
    """The gender facet of a quote row: f, m, group, organisation (an ORG or LOC speaker) or unknown."""
    return row.get("speaker_gender") or ("organisation" if row.get("speaker_label") in ("ORG", "LOC") else "unknown")


def source_of(row: dict[str, Any]) -> str:
    """Where a quote's article comes from: the host of its URL, else the first folder of its id."""
    host = source(row.get("url"))
    if host:
        return host
    doc = str(row.get("doc") or "")
    return doc.split("/", 1)[0] if "/" in doc else doc


# gender_of in SQL, for a search filtered by gender that the database counts (see _matching_ids)
GENDER_SQL = ("coalesce(nullif(q.speaker_gender, ''),"
              " CASE WHEN q.speaker_label IN ('ORG', 'LOC') THEN 'organisation' ELSE 'unknown' END)")
SHOWN = 15  # values shown per facet, the most frequent first (every month, in order)
_MONTH = re.compile(r"\d{4}-(\d{2})$")


def month_of(date: str | None) -> str | None:
    """The month of a document's date (``2024-05`` of ``2024-05-17``) as ``since`` and ``until`` take
    it, or None for a date that gives none."""
    found = _MONTH.match((date or "")[:7])
    return found[0] if found and 1 <= int(found[1]) <= 12 else None


# each facet: the values a row counts for, and the columns they are read from (what the database groups by)
FACETS: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], list[str]]]] = {
    "speaker": (("q.speaker",), lambda row: [row["speaker"]] if row.get("speaker") else []),
    "gender": (("q.speaker_gender", "q.speaker_label"), lambda row: [gender_of(row)]),
    "type": (("q.type",), lambda row: [row["type"]]),
    "flag": (tuple(f"q.{f}" for f in REPORT_FLAGS), lambda row: [f for f in REPORT_FLAGS if row.get(f)]),
    "source": (("d.url", "q.document_id AS doc"), lambda row: [source_of(row)]),
    "month": (("substr(d.date, 1, 7) AS date",), lambda row: [m] if (m := month_of(row.get("date"))) else []),
}


@dataclass(frozen=True)
class Filters:
    """What a search asks beyond the database's own filters: facets read from the rows."""

    gender: str | None = None
    source: str | None = None

    def keep(self, row: dict[str, Any]) -> bool:
        return (self.gender is None or gender_of(row) == self.gender) and (
            self.source is None or source_of(row) == self.source
        )

    @property
    def in_sql(self) -> bool:
        """Whether the database can count with them: a source (a URL's host) is found in Python only."""
        return self.source is None


@dataclass
class Page:
    """One page of a search: its rows, how many matched in all, and the facets of all that matched."""

    rows: list[dict[str, Any]]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def search_page(
    db: QuoteDatabase, *, query: str | None = None, speaker: str | None = None, quote_type: str | None = None,
    since: str | None = None, until: str | None = None, flags: tuple[str, ...] = (), filters: Filters = Filters(),
    limit: int = 50, offset: int = 0, facets: bool = False,
) -> Page:
    """A page of :meth:`QuoteDatabase.search`'s matches (best first) with their total, filtered by the
    facets too; with ``facets``, the counts per speaker, gender, type, flag, source and month of all
    that matched. SQLite counts them when every filter can be said in SQL; else each match is read.

    Raises:
        QueryError: a malformed query or date.
    """
    search = Search(query, speaker, quote_type, since, until, False, flags)
    page = _page_in_sql if filters.in_sql else _page_in_python
    return page(db, search, filters, limit, offset, facets)


def _page_in_python(db: QuoteDatabase, search: Search, filters: Filters, limit: int, offset: int, facets: bool) -> Page:
    """Every match read, filtered and counted here."""
    rows: list[dict[str, Any]] = []
    total = 0
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for row in db.found(search):
        if not filters.keep(row):
            continue
        if offset <= total < offset + limit:
            rows.append(row)
        total += 1
        if facets:
            for name, (_, values) in FACETS.items():
                counts[name].update(values(row))
    return Page(rows, total, _shown(counts) if facets else {})


def _page_in_sql(db: QuoteDatabase, search: Search, filters: Filters, limit: int, offset: int, facets: bool) -> Page:
    """The total counted by SQLite, the facets grouped by it; the page's rows are the first of the
    search's, read as the Python path reads them."""
    ids, params = _matching_ids(db, search, filters)
    matched = f"WITH matched(id) AS ({ids}) SELECT {{}} FROM quotes q JOIN documents d ON d.id = q.document_id" \
              " WHERE q.id IN matched"
    try:
        total = db.conn.execute(matched.format("count(*)"), params).fetchone()[0]
        counts = _grouped(db, matched, params) if facets else {}
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {search.query!r}: {exc}") from exc
    rows = list(islice((row for row in db.found(search) if filters.keep(row)), offset, offset + limit))
    return Page(rows, total, _shown(counts) if facets else {})


def _grouped(db: QuoteDatabase, matched: str, params: list[Any]) -> dict[str, Counter[str]]:
    """Each facet's counts from the groups of the columns it is read from (a few per facet), each group
    read as a row is."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for name, (columns, values) in FACETS.items():
        positions = ", ".join(str(k) for k in range(1, len(columns) + 1))
        for row in db.conn.execute(matched.format(", ".join(columns) + ", count(*)") + f" GROUP BY {positions}", params):
            for value in values(dict(row)):
                counts[name][value] += row[len(columns)]
    return counts


def _shown(counts: dict[str, Counter[str]]) -> dict[str, list[tuple[str, int]]]:
    """The facets as the page shows them: the most frequent values first (ties in alphabetical order),
    the months in order."""
    shown = {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:SHOWN] for name, c in counts.items()}
    return {**shown, "month": sorted(counts["month"].items())}


def _matching_ids(db: QuoteDatabase, search: Search, filters: Filters) -> tuple[str, list[Any]]:
    """The SQL of the ids of the quotes that ``search`` finds and ``filters`` keep, and its parameters."""
    extra = ((f"{GENDER_SQL} = ?", filters.gender),) if filters.gender is not None else ()
    return db.matching_ids(search, extra)


def document(db: QuoteDatabase, doc_id: str) -> tuple[str, Analysis] | None:
    """A stored document's text and its analysis as the pipeline gave it (quotes and entities with
    their offsets), or None when no analysed document has that id."""
    found = db.conn.execute(
        "SELECT text, title, date, url, warnings FROM documents WHERE id = ? AND status = 'ok'", (doc_id,)
    ).fetchone()
    if found is None:
        return None
    entities = []
    for entity_id, name, label in db.conn.execute(
        "SELECT id, name, label FROM entities WHERE document_id = ? ORDER BY id", (doc_id,)
    ):
        mentions = tuple(Mention(a, b, t) for a, b, t in db.conn.execute(
            'SELECT start, "end", text FROM mentions WHERE entity_id = ? ORDER BY start', (entity_id,)
        ))
        entities.append(Entity(name, label, mentions))
    columns = ", ".join(f'"{name}"' for name in QUOTE_FIELDS)
    rows = [dict(r) for r in db.conn.execute(f"SELECT id, {columns} FROM quotes WHERE document_id = ? ORDER BY id", (doc_id,))]
    index = {row["id"]: k for k, row in enumerate(rows)}  # the database's parent is a row id, the record's an index
    quotes = tuple(_quote(row, index) for row in rows)
    warnings = tuple(json.loads(found["warnings"])) if found["warnings"] else ()
    analysis = Analysis(doc_id, tuple(entities), quotes, warnings, found["title"], found["date"], found["url"])
    return found["text"] or "", analysis


def _quote(row: dict[str, Any], index: dict[int, int]) -> Quote:
    values = {name: row[name] for name in QUOTE_FIELDS}
    values.update({flag: bool(values[flag]) for flag in REPORT_FLAGS})
    values["parent"] = index.get(row["parent"]) if row["parent"] is not None else None
    return Quote(**values)


def speaker(db: QuoteDatabase, name: str) -> dict[str, Any] | None:
    """One person across the corpus (an identity of the ``speakers`` table, by its name): their
    statements (oldest first), the roles the articles give them, statements per month and by type,
    or None when no speaker has that name."""
    found = db.conn.execute("SELECT id, name, label, gender, forms FROM speakers WHERE name = ?", (name,)).fetchone()
    if found is None:
        return None
    quotes = [dict(r) for r in db.conn.execute(
        'SELECT q.text, q.type, q.start, q."end", q.cue, q.confidence, q.speaker_role, q.context, q.negated,'
        " q.hearsay, q.via, q.conditional, q.question, q.parent, d.id AS doc, d.title, d.date, d.url"
        " FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.speaker_id = ?"
        " ORDER BY d.date, d.id, q.start", (found["id"],)
    )]
    statements = [q for q in quotes if q["parent"] is None]
    return {
        "speaker": found["name"], "label": found["label"], "gender": found["gender"],
        "forms": json.loads(found["forms"] or "[]"),
        "roles": Counter(q["speaker_role"] for q in quotes if q["speaker_role"]).most_common(),
        "months": sorted(Counter((q["date"] or "")[:7] or "?" for q in statements).items()),
        "types": dict(Counter(q["type"] for q in statements)),
        "documents": len({q["doc"] for q in quotes}),
        "statements": len(statements),
        "quotes": [{**q, **{flag: bool(q[flag]) for flag in REPORT_FLAGS}} for q in quotes],
    }


def parity(db: QuoteDatabase) -> list[dict[str, Any]]:
    """The share of statements by gender over the whole corpus (``extractor speakers --by gender``)."""
    return list(db.parity(("gender",)))


def parity_by_month(db: QuoteDatabase) -> list[dict[str, Any]]:
    """Month by month (``2024-05``…, then ``undated``): the corpus's statements and the share of each
    gender (``{"f": 0.31, "m": 0.52…}``), the figures of ``extractor speakers --by gender,month``."""
    months: dict[str, dict[str, Any]] = {}
    for row in db.parity(("gender", "month")):
        month = months.setdefault(row["month"], {"month": row["month"], "statements": 0, "shares": {}})
        month["statements"] += row["statements"]
        month["shares"][row["gender"]] = row["statement_share"]
    return list(months.values())


def timeline(db: QuoteDatabase, name: str) -> list[dict[str, Any]]:
    """One speaker over time beside the corpus: for each month from their first statement to their last
    (and ``undated``), the rows of :func:`parity_by_month` with ``own``, their statements, and ``share``,
    the part those are of all statements that month. Counted as the parity figures count: statements with
    a speaker, a partial quote inside one not again, articles stored twice once."""
    own = Counter(period_of(date) for (date,) in db.conn.execute(
        "SELECT d.date FROM quotes q JOIN documents d ON d.id = q.document_id JOIN speakers s ON s.id = q.speaker_id"
        " WHERE s.name = ? AND q.parent IS NULL AND d.duplicate_of IS NULL", (name,)
    ))
    dated = sorted(month for month in own if month != "undated")
    return [
        {**month, "own": own[month["month"]], "share": own[month["month"]] / month["statements"]}
        for month in parity_by_month(db)
        if month["month"] in own or dated and dated[0] <= month["month"] <= dated[-1]
    ]
