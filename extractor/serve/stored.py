"""What the pages read from the quote database beyond :class:`~extractor.io.database.QuoteDatabase`'s
search: one document as an :class:`~extractor.records.Analysis` (so that the report's highlighting
draws it), one speaker's statements, roles and months, and the facets of a search.

Every function takes an open (read-only) database and returns plain records; ``None`` when the
document or speaker is not there.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..io.database import QuoteDatabase
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


@dataclass(frozen=True)
class Filters:
    """What a search asks beyond the database's own filters: facets read from the rows."""

    gender: str | None = None
    source: str | None = None

    def keep(self, row: dict[str, Any]) -> bool:
        return (self.gender is None or gender_of(row) == self.gender) and (
            self.source is None or source_of(row) == self.source
        )


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
    facets too; with ``facets``, the counts per speaker, gender, type, flag and source of all that matched.

    Raises:
        QueryError: a malformed query or date.
    """
    rows: list[dict[str, Any]] = []
    total = 0
    counts: dict[str, Counter[str]] = {name: Counter() for name in ("speaker", "gender", "type", "flag", "source")}
    for row in db.search(query, speaker, quote_type, since, until, None, False, flags):
        if not filters.keep(row):
            continue
        if offset <= total < offset + limit:
            rows.append(row)
        total += 1
        if facets:
            _count(counts, row)
    shown = {name: c.most_common(15) for name, c in counts.items()} if facets else {}
    return Page(rows, total, shown)


def _count(counts: dict[str, Counter[str]], row: dict[str, Any]) -> None:
    if row.get("speaker"):
        counts["speaker"][row["speaker"]] += 1
    counts["gender"][gender_of(row)] += 1
    counts["type"][row["type"]] += 1
    counts["source"][source_of(row)] += 1
    for flag in REPORT_FLAGS:
        if row.get(flag):
            counts["flag"][flag] += 1


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
