"""The typed records that leave the library: what an article says, and who said it.

Every offset is a Python string offset into the document text as decoded, end exclusive, so that
``text == document[start:end]`` holds for every mention and every quote.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

# the tool's version: written in every quote database, with the schema's
__version__ = "0.1.0"

QuoteType = Literal["direct", "partial", "indirect"]
QUOTE_TYPES: tuple[str, ...] = ("direct", "partial", "indirect")


@dataclass(frozen=True)
class Mention:
    """One place where an entity is named in the text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A person, organization or place, with every mention of it merged under one canonical name."""

    name: str
    label: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Quote:
    """A reported statement and its speaker.

    Attributes:
        text: the quoted words, exactly ``document[start:end]`` (without the quotation marks).
        type: ``direct`` (a whole statement in marks), ``partial`` (a fragment in marks inside the
            writer's sentence) or ``indirect`` (reported speech).
        speaker: the resolved, canonical name ("Élisabeth Borne" for "a-t-elle déclaré"), or None
            when the tool does not know: no speaker is better than a wrong one.
        speaker_mention: the speaker as written where the attribution is made ("elle", "la ministre").
        speaker_label: PER, ORG, LOC, or None.
        speaker_role: the speaker's function when the article gives one ("ministre de la Santé").
        cue: the lemma of the verb or phrase that reports the speech ("déclarer", "selon").
        confidence: 0–1, how sure the tool is of the speaker.
        context: the writer's sentence around the statement, for reading a row on its own.
        negated: the article reports that the speaker did *not* say it ("X dément avoir qualifié…").
        hearsay: the statement reaches the article through another source, ``via`` ("selon Le
            Parisien, le ministre aurait déclaré…": speaker the minister, via "Le Parisien").
        conditional: reported in the conditional of hearsay ("aurait affirmé", "serait prêt à").
        question: the statement is a question.
        parent: a partial quote inside an indirect statement belongs to it: the index of that
            statement in the document's quotes (so that it is not counted twice), else None.
        speaker_gender: ``f``, ``m``, ``group`` (several people, a collective) or None when the article
            does not settle it (and for organisations, places, documents).
        speaker_gender_evidence: what decided it: "honorific", "pronoun", "agreement", "first name",
            "plural"…
    """

    text: str
    start: int
    end: int
    type: QuoteType
    speaker: str | None
    speaker_mention: str | None
    speaker_label: str | None
    speaker_role: str | None
    cue: str | None
    confidence: float
    context: str | None = None
    negated: bool = False
    hearsay: bool = False
    via: str | None = None
    conditional: bool = False
    question: bool = False
    parent: int | None = None
    speaker_gender: str | None = None
    speaker_gender_evidence: str | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything extracted from one document, and what its source says of it (title, date, URL)."""

    id: str
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...] = field(default=())
    title: str | None = None
    date: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract read by the scorers: id, entities with mentions, quotes."""
        return {
            "id": self.id,
            "entities": [
                {"name": e.name, "label": e.label, "mentions": [asdict(m) for m in e.mentions]} for e in self.entities
            ],
            "quotes": [asdict(q) for q in self.quotes],
            "warnings": list(self.warnings),
            "title": self.title,
            "date": self.date,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """The analysis that :meth:`to_dict` gave (lists or tuples alike)."""
        entities = tuple(
            Entity(e["name"], e["label"], tuple(Mention(m["start"], m["end"], m["text"]) for m in e["mentions"]))
            for e in data["entities"]
        )
        quotes = tuple(Quote(**q) for q in data["quotes"])
        return cls(data["id"], entities, quotes, tuple(data.get("warnings", ())), data.get("title"), data.get("date"),
                   data.get("url"))


@dataclass(frozen=True)
class Document:
    """One article to analyze, with what its source says about it."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    path: str | None = None
    encoding: str | None = None  # what the file was decoded from ("utf-8", "cp1252"…), None if not a file's bytes

    @cached_property
    def hash(self) -> str:
        """The SHA-256 of the text: what tells a stored document from a changed one."""
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """The SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# how the article reports a statement: true or false on every quote
REPORT_FLAGS: tuple[str, ...] = ("negated", "hearsay", "conditional", "question")

# the quote record's fields, in order: every row of quotes (database, CSV, Parquet, spans) follows them
QUOTE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Quote))


# what the source says about a document, beside its id and its text
DOCUMENT_SOURCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Document) if f.name not in ("id", "text"))


def document_row(doc_id: str, document: Document | None, error: str | None = None) -> dict[str, Any]:
    """The row of one input, in the quote database and in partition files: what its source says, its
    text and hash, and its status ("failed" with the reason when ``error`` is given; ``document`` is
    None when the input could not even be read)."""
    d = document
    row: dict[str, Any] = {"id": doc_id}
    row.update({name: getattr(d, name) if d is not None else None for name in DOCUMENT_SOURCE_FIELDS})
    row["hash"] = d.hash if d is not None else None
    row["words"] = len(d.text.split()) if d is not None else None
    row["status"] = "failed" if error is not None else "ok"
    row["error"] = error
    row["text"] = d.text if d is not None else None
    return row
