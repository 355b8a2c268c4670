"""One identity per speaker across a corpus, and parity by gender: the database built from hand-made records."""

from __future__ import annotations

import json

import pytest

from extractor.io.database import QueryError, QuoteDatabase
from extractor.io.report import gender_shares
from extractor.records import Analysis, Document, Quote


def _doc(db, doc_id, date, speakers, url=None):
    """A document whose text is one sentence per (speaker, role, gender, label)."""
    text = " ".join(f"Phrase {k} de {s}." for k, (s, *_rest) in enumerate(speakers))
    quotes = []
    for k, (speaker, role, gender, label) in enumerate(speakers):
        said = f"Phrase {k}"
        start = text.index(said)
        quotes.append(Quote(said, start, start + len(said), "direct", speaker, speaker, label, role, "dire", 0.9,
                            speaker_gender=gender))
    db.add(Document(doc_id, text, date=date, url=url), Analysis(doc_id, (), tuple(quotes)))


@pytest.fixture
def db(tmp_path):
    database = QuoteDatabase(tmp_path / "q.db")
    _doc(database, "a", "2016-05-02", [("Emmanuel Macron", "ministre de l'Économie", "m", "PER"),
                                       ("Marine Le Pen", None, "f", "PER")], url="https://www.lemonde.fr/a")
    _doc(database, "b", "2018-03-10", [("Macron", "président de la République", "m", "PER"),
                                       ("Jean-Marie Le Pen", None, "m", "PER"), ("ministre", None, "f", "PER")])
    _doc(database, "c", "2018-04-01", [("Le Pen", None, None, "PER"), ("ministre", None, "m", "PER"),
                                       ("CGT", None, None, "ORG")], url="https://www.liberation.fr/c")
    database.close()  # closing after writes builds the identities
    database = QuoteDatabase(tmp_path / "q.db")
    yield database
    database.close()


def test_a_family_name_joins_the_one_person_of_that_name_and_roles_keep_their_dates(db):
    rows = {r["speaker"]: r for r in db.speakers()}
    macron = rows["Emmanuel Macron"]
    assert (macron["quotes"], macron["documents"], macron["gender"]) == (2, 2, "m")
    assert set(macron["forms"]) == {"Emmanuel Macron", "Macron"}
    roles = json.loads(db.conn.execute("SELECT roles FROM speakers WHERE name = 'Emmanuel Macron'").fetchone()[0])
    assert roles == [{"role": "ministre de l'Économie", "first": "2016-05-02", "last": "2016-05-02"},
                     {"role": "président de la République", "first": "2018-03-10", "last": "2018-03-10"}]
    # two Le Pen are known: "Le Pen" alone stays apart; a role noun is a person of its own article
    assert {"Marine Le Pen", "Jean-Marie Le Pen", "Le Pen"} <= set(rows)
    assert rows["Le Pen"]["quotes"] == 1 and rows["Marine Le Pen"]["quotes"] == 1
    assert db.conn.execute("SELECT count(*) FROM speakers WHERE name = 'ministre'").fetchone()[0] == 2


def test_search_by_any_form_of_the_identity(db):
    found = {r["doc"] for r in db.search(speaker="Emmanuel Macron")}
    assert found == {"a", "b"}  # b only says "Macron"
    assert {r["doc"] for r in db.search(speaker="Marine Le Pen")} == {"a"}


def test_parity_by_gender_month_and_source_with_shares(db):
    rows = list(db.parity(("gender",)))
    assert [(r["gender"], r["statements"], r["people"]) for r in rows] == [
        ("f", 2, 2), ("m", 4, 3), ("organisation", 1, 1), ("unknown", 1, 1)]
    assert rows[0]["statement_share"] == 0.25 and rows[1]["people_share"] == pytest.approx(3 / 7, abs=1e-3)
    by_month = {(r["month"], r["gender"]): r["statements"] for r in db.parity(("gender", "month"))}
    assert by_month[("2018-03", "m")] == 2 and by_month[("2016-05", "f")] == 1
    by_source = {(r["source"], r["gender"]) for r in db.parity(("gender", "source"))}
    assert ("www.lemonde.fr", "m") in by_source and (".", "f") in by_source  # b has no URL and no folder
    with pytest.raises(QueryError, match="use gender"):
        list(db.parity(("month",)))


def test_a_duplicate_document_is_left_out_of_the_counts(db):
    db.conn.execute("UPDATE documents SET duplicate_of = 'a' WHERE id = 'b'")
    rows = {r["speaker"]: r for r in db.speakers()}
    assert rows["Emmanuel Macron"]["quotes"] == 1 and "Jean-Marie Le Pen" not in rows
    assert sum(r["statements"] for r in db.parity()) == 5


def test_the_report_shares_of_statements_by_gender():
    text = "« A » dit Anne. « B » dit Paul. « C » dit la CGT."
    quotes = tuple(Quote(t, text.index(t), text.index(t) + 1, "direct", s, s, lab, None, "dire", 0.9, speaker_gender=g)
                   for t, s, lab, g in (("A", "Anne", "PER", "f"), ("B", "Paul", "PER", "m"), ("C", "CGT", "ORG", None)))
    shares = {r["gender"]: round(r["share"], 2) for r in gender_shares([Analysis("x", (), quotes)])}
    assert shares == {"f": 0.33, "m": 0.33, "organisation": 0.33}


def test_a_date_written_otherwise_is_no_month(tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        _doc(db, "iso", "2024-05-17", [("Paul Girard", None, "m", "PER")])
        _doc(db, "year", "2024", [("Paul Girard", None, "m", "PER")])
        _doc(db, "words", "mars 2024", [("Hélène Marty", None, "f", "PER")])
        _doc(db, "slashes", "12/03/2024", [("Hélène Marty", None, "f", "PER")])
        months = {(r["month"], r["gender"]): r["statements"] for r in db.parity(("gender", "month"))}
    assert months == {("2024-05", "m"): 1, ("2024", "m"): 1, ("undated", "f"): 2}


def test_a_speakers_months_are_the_parity_tables_months(tmp_path):
    """The web app's timeline of a speaker puts their statements in the months the parity table counts:
    a date written otherwise is undated in both."""
    from extractor.serve.stored import timeline

    with QuoteDatabase(tmp_path / "q.db") as db:
        _doc(db, "iso", "2024-05-17", [("Paul Girard", None, "m", "PER")])
        _doc(db, "words", "mars 2024", [("Paul Girard", None, "m", "PER")])
    with QuoteDatabase(tmp_path / "q.db") as db:  # closing after writes built the identities
        months = timeline(db, "Paul Girard")
    assert [(m["month"], m["own"], m["statements"], m["share"]) for m in months] == [
        ("2024-05", 1, 1, 1.0), ("undated", 1, 1, 1.0)]
