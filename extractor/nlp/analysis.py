"""A processed ``Doc`` read back as records: the ``Analysis`` that leaves the library."""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc

from ..records import (
    QUOTE_FIELDS,
    REPORT_FLAGS,
    Analysis,
    Entity,
    Mention,
    Quote,
)

SHOWN_LABELS = ("PER", "ORG", "LOC")
# the fields of a quote that live on Span._ (its text and offsets are the span's own)
_QUOTE_DETAILS = tuple(f for f in QUOTE_FIELDS if f not in ("text", "start", "end"))


def span_extension(field: str) -> str:
    """The ``Span._`` attribute of a quote field: its own name, but "type", which is "quote_type"."""
    return "quote_type" if field == "type" else field


def to_analysis(doc: Doc, doc_id: str, labels: Iterable[str] = SHOWN_LABELS) -> Analysis:
    """The records of a processed ``Doc``: its entities (``labels`` only) and the quotes in the span group
    that ``quote_attributor`` wrote (its ``spans_key``)."""
    wanted = set(labels)
    text = doc.text
    runs = doc._  # each ``x._`` builds an accessor object: read it once (a hot loop on corpora)
    prefix = runs.entity_attr_prefix or ""
    groups: dict[int, list] = {}
    for ent in doc.ents:
        entity_id = getattr(ent._, prefix + "entity_id") if runs.entity_attr_prefix is not None else None
        if entity_id is not None:
            groups.setdefault(entity_id, []).append(ent)
    entities = []
    for _, ents in sorted(groups.items()):
        first = ents[0]._
        label = getattr(first, prefix + "entity_label") or ents[0].label_
        if label not in wanted:
            continue
        mentions = tuple(Mention(e.start_char, e.end_char, text[e.start_char : e.end_char]) for e in ents)
        entities.append(Entity(getattr(first, prefix + "canonical") or ents[0].text, label, mentions))
    quotes = []
    names = {f: (runs.quote_attr_prefix or "") + span_extension(f) for f in _QUOTE_DETAILS}
    for span in doc.spans.get(runs.quote_spans_key or "quotes", []):
        start, end = span.start_char, span.end_char
        ext = span._
        values = {f: getattr(ext, name) for f, name in names.items()}
        values["confidence"] = float(values["confidence"] or 0.0)
        for flag in REPORT_FLAGS:
            values[flag] = bool(values[flag])
        quotes.append(Quote(text=text[start:end], start=start, end=end, **values))
    return Analysis(doc_id, tuple(entities), tuple(quotes), tuple(runs.quote_warnings or ()))
