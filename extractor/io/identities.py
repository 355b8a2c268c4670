"""One identity per speaker across a corpus: "Emmanuel Macron", "Macron" and "M. Macron" in three articles
are one row of the database's ``speakers`` table, which the quotes point to (``quotes.speaker_id``).

Within an article, the pipeline already merged the forms of a name (``quotes.speaker`` is the canonical
one). Across articles:

- named speakers (persons and organisations whose name starts with a capital) with the same full name,
  up to case and accents, are one identity;
- a bare family name ("Macron") joins the one full name that ends with it, when exactly one person of
  that name is known in the corpus; with two ("Marine Le Pen" and "Jean-Marie Le Pen"), "Le Pen" stays
  apart — a wrong merge would give one person's words to another;
- a speaker known only by a role or a common noun ("la ministre", "des témoins") is an identity of its
  own article: the same words in two articles are rarely the same person.

Each identity keeps its label, its gender (the one its quotes give most often), the forms it was
written in, its roles with the first and last date they were given, and its counts of statements
(partial quotes inside a statement are not counted again) and documents (duplicates left out).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_PARTICLES = frozenset({"de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "ben", "el", "al"})


def fold(name: str) -> str:
    """Case, accents, apostrophes and spaces folded: "Élisabeth  Borne" → "elisabeth borne"."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def is_named(name: str) -> bool:
    """A proper name ("Emmanuel Macron", "CGT"), not a role or a common noun ("ministre", "des témoins")."""
    return name[:1].isupper()


def family_name(name: str) -> str:
    """The family name of a person's full name, particles kept: "Jean-Marie Le Pen" → "le pen"."""
    words = fold(name).split()
    k = len(words) - 1
    while k > 1 and words[k - 1] in _PARTICLES:
        k -= 1
    return " ".join(words[k:])


@dataclass
class Identity:
    """One speaker across the corpus, as it is being gathered."""

    name: str
    label: str | None
    forms: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> [first date, last date]
    quotes: list[int] = field(default_factory=list)
    statements: int = 0
    documents: set[str] = field(default_factory=set)

    def add(self, row: sqlite3.Row) -> None:
        self.quotes.append(row["id"])
        self.forms[row["speaker"]] += 1
        mention = row["speaker_mention"]
        if mention and is_named(mention) and fold(mention) != fold(row["speaker"]):
            self.forms[mention] += 1
        if row["speaker_gender"]:
            self.genders[row["speaker_gender"]] += 1
        if row["parent"] is None:
            self.statements += 1
            if row["duplicate_of"] is None:
                self.documents.add(row["document_id"])
        role, date = row["speaker_role"], row["date"]
        if role:
            span = self.roles.setdefault(role, [date, date])
            if date and (span[0] is None or date < span[0]):
                span[0] = date
            if date and (span[1] is None or date > span[1]):
                span[1] = date

    def row(self) -> tuple:
        gender = self.genders.most_common(1)[0][0] if self.genders else None
        roles = [{"role": r, "first": d[0], "last": d[1]} for r, d in sorted(self.roles.items(), key=lambda kv: (kv[1][0] or "", kv[0]))]
        forms = [f for f, _ in self.forms.most_common()]
        return (self.name, self.label, gender, json.dumps(forms, ensure_ascii=False), json.dumps(roles, ensure_ascii=False),
                self.statements, len(self.documents))


def _key(row: sqlite3.Row) -> tuple[str, str]:
    """Where a quote's speaker is looked up: its folded name, or its own article for a role or noun."""
    name = row["speaker"]
    return (fold(name), "") if is_named(name) else (fold(name), row["document_id"])


def gather(conn: sqlite3.Connection) -> list[Identity]:
    """The identities of every quote with a speaker in the database."""
    rows = conn.execute(
        "SELECT q.id, q.document_id, q.speaker, q.speaker_mention, q.speaker_label, q.speaker_role, q.speaker_gender,"
        " q.parent, d.date, d.duplicate_of FROM quotes q JOIN documents d ON d.id = q.document_id"
        " WHERE q.speaker IS NOT NULL ORDER BY d.date, q.document_id, q.start"
    ).fetchall()
    by_key: dict[tuple[str, str], Identity] = {}
    for row in rows:
        key = _key(row)
        if key not in by_key:
            by_key[key] = Identity(row["speaker"], row["speaker_label"])
        identity = by_key[key]
        if len(row["speaker"]) > len(identity.name):  # the fullest form names the identity
            identity.name = row["speaker"]
        identity.add(row)
    return _merge_family_names(by_key)


def _merge_family_names(by_key: dict[tuple[str, str], Identity]) -> list[Identity]:
    """A one-word name ("Macron") joins the one known person whose full name ends with it."""
    people: dict[str, list[Identity]] = {}
    for (folded, scope), identity in by_key.items():
        if not scope and identity.label == "PER" and len(folded.split()) >= 2:
            people.setdefault(family_name(identity.name), []).append(identity)
    kept = []
    for (folded, scope), identity in by_key.items():
        owners = people.get(folded, []) if not scope and identity.label in ("PER", None) and len(folded.split()) <= 2 else []
        owners = [o for o in owners if o is not identity]
        if len(owners) == 1:
            owner = owners[0]
            owner.forms.update(identity.forms)
            owner.genders.update(identity.genders)
            for role, (first, last) in identity.roles.items():
                span = owner.roles.setdefault(role, [first, last])
                span[0] = min(d for d in (span[0], first) if d) if (span[0] or first) else None
                span[1] = max(d for d in (span[1], last) if d) if (span[1] or last) else None
            owner.quotes += identity.quotes
            owner.statements += identity.statements
            owner.documents |= identity.documents
        else:
            kept.append(identity)
    return kept


def update_identities(conn: sqlite3.Connection) -> int:
    """Rebuild the ``speakers`` table and every ``quotes.speaker_id`` from the quotes; returns how many
    identities there are. Run after a batch: it reads every quote once."""
    identities = gather(conn)
    conn.execute("UPDATE quotes SET speaker_id = NULL")
    conn.execute("DELETE FROM speakers")
    for identity in identities:
        speaker_id = conn.execute(
            "INSERT INTO speakers (name, label, gender, forms, roles, quotes, documents) VALUES (?, ?, ?, ?, ?, ?, ?)",
            identity.row(),
        ).lastrowid
        conn.executemany("UPDATE quotes SET speaker_id = ? WHERE id = ?", [(speaker_id, q) for q in identity.quotes])
    return len(identities)
