"""The quote database: schema, full-text search with and without accents, filters, speakers.

The records are built by hand: these tests do not need the spaCy model.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from extractor.io.database import (
    SCHEMA_VERSION,
    DatabaseError,
    QueryError,
    QuoteDatabase,
)
from extractor.records import Analysis, Document, Entity, Mention, Quote

TEXT_1 = "« Nous ne céderons pas », a déclaré Claire Vasseur. La police a bouclé le quartier, selon la préfète."
TEXT_2 = "Le ministre de l'Intérieur, Paul Garnier, a estimé que la police avait bien travaillé."


def _quote(text: str, doc: str, type_: str, speaker: str | None, role: str | None = None, label: str = "PER") -> Quote:
    start = doc.index(text)
    return Quote(text, start, start + len(text), type_, speaker, speaker, label if speaker else None, role, "déclarer", 0.9)


def _fill(db: QuoteDatabase) -> None:
    vasseur = Entity("Claire Vasseur", "PER", (Mention(38, 52, "Claire Vasseur"),))
    db.add(
        Document("a", TEXT_1, title="Grève", date="2024-03-12", path="a.txt"),
        Analysis(
            "a",
            (vasseur,),
            (
                _quote("Nous ne céderons pas", TEXT_1, "direct", "Claire Vasseur", "secrétaire générale"),
                _quote("La police a bouclé le quartier", TEXT_1, "indirect", "préfète", None, "ORG"),
            ),
        ),
    )
    garnier = Entity("Paul Garnier", "PER", (Mention(31, 43, "Paul Garnier"),))
    db.add(
        Document("b", TEXT_2, date="2024-06-01"),
        Analysis(
            "b",
            (garnier,),
            (_quote("la police avait bien travaillé", TEXT_2, "indirect", "Paul Garnier", "ministre de l'Intérieur"),),
        ),
    )
    db.commit()


@pytest.fixture
def db(tmp_path):
    database = QuoteDatabase(tmp_path / "quotes.db", model="fr_core_news_md")
    _fill(database)
    yield database
    database.close()


def test_schema_tables_foreign_keys_indexes_and_version(db, tmp_path):
    plain = sqlite_utils.Database(tmp_path / "quotes.db")  # opens without ceremony
    assert {"documents", "entities", "mentions", "quotes", "meta", "quotes_fts"} <= set(plain.table_names())
    assert plain["quotes"].detect_fts() == "quotes_fts"
    fks = {(fk.column, fk.other_table) for fk in plain["quotes"].foreign_keys}
    assert fks == {("document_id", "documents"), ("entity_id", "entities"), ("parent", "quotes"), ("speaker_id", "speakers")}
    assert {(fk.column, fk.other_table) for fk in plain["mentions"].foreign_keys} == {
        ("entity_id", "entities"), ("document_id", "documents")
    }
    assert {"quotes_document_id", "quotes_speaker", "entities_name", "documents_date"} <= {
        i.name for t in ("quotes", "entities", "documents") for i in plain[t].indexes
    }
    assert plain.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert dict(plain.execute("SELECT key, value FROM meta").fetchall())["schema_version"] == str(SCHEMA_VERSION)
    row = plain["documents"].get("a")
    assert (row["title"], row["date"], row["status"], row["words"]) == ("Grève", "2024-03-12", "ok", len(TEXT_1.split()))
    assert db.counts() == {"documents": 2, "entities": 2, "mentions": 2, "quotes": 3, "speakers": 3, "failed": 0}


def test_offsets_and_speaker_entity_links(db):
    text, start, end, entity = db.conn.execute(
        'SELECT d.text, q.start, q."end", e.name FROM quotes q JOIN documents d ON d.id = q.document_id'
        " JOIN entities e ON e.id = q.entity_id WHERE q.type = 'direct'"
    ).fetchone()
    assert text[start:end] == "Nous ne céderons pas" and entity == "Claire Vasseur"


@pytest.mark.parametrize("query", ["cederons", "céderons", "CÉDERONS", "Cederons", "céd*", "nous cederons"])
def test_full_text_search_ignores_accents_and_case(db, query):
    assert [r["text"] for r in db.search(query)] == ["Nous ne céderons pas"]


def test_search_finds_nothing_for_absent_words(db):
    assert list(db.search("retraites")) == []


def test_search_filters_by_speaker_type_and_dates(db):
    assert sorted(r["doc"] for r in db.search("police")) == ["a", "b"]
    assert [r["speaker"] for r in db.search("police", speaker="ministre de l'interieur")] == ["Paul Garnier"]
    assert [r["speaker"] for r in db.search("police", speaker="GARNIER")] == ["Paul Garnier"]
    assert [r["text"] for r in db.search(speaker="vasseur")] == ["Nous ne céderons pas"]
    assert [r["type"] for r in db.search("police", quote_type="indirect")] == ["indirect", "indirect"]
    assert list(db.search("police", quote_type="direct")) == []
    assert [r["doc"] for r in db.search("police", since="2024-04")] == ["b"]
    assert [r["doc"] for r in db.search("police", until="2024-03")] == ["a"]
    assert [r["doc"] for r in db.search("police", since="2024-03-12", until="2024-03-12")] == ["a"]
    assert [r["doc"] for r in db.search(since="2024")] == ["a", "a", "b"]  # by date without a query
    assert len(list(db.search("police", limit=1))) == 1
    match = next(db.search("travaillé"))
    assert {"doc", "speaker", "type", "text", "start", "end", "date", "title", "cue", "confidence"} <= match.keys()


def test_raw_fts_queries_and_errors(db):
    assert len(list(db.search("cederons OR travaille", raw=True))) == 2
    with pytest.raises(QueryError, match="cannot search"):
        list(db.search("police AND (", raw=True))
    with pytest.raises(QueryError, match="not a date"):
        list(db.search("police", since="12/03/2024"))
    with pytest.raises(QueryError, match="unknown quote type"):
        list(db.search("police", quote_type="reported"))
    with pytest.raises(QueryError, match="nothing to search"):
        list(db.search("« »"))


def test_speakers_counts_by_type(db):
    rows = list(db.speakers())
    assert rows[0] == {
        "speaker": "Claire Vasseur", "label": "PER", "quotes": 1, "direct": 1, "partial": 0, "indirect": 0,
        "documents": 1, "role": "secrétaire générale", "gender": None, "forms": ["Claire Vasseur"],
    }
    by_name = {r["speaker"]: r for r in rows}
    assert set(by_name) == {"Claire Vasseur", "Paul Garnier", "préfète"}
    assert by_name["Paul Garnier"]["indirect"] == 1 and by_name["Paul Garnier"]["role"] == "ministre de l'Intérieur"
    assert [r["speaker"] for r in db.speakers(since="2024-05")] == ["Paul Garnier"]
    assert len(list(db.speakers(limit=2))) == 2


def test_adding_a_document_again_replaces_its_rows_and_index(db):
    _fill(db)
    assert db.counts() == {"documents": 2, "entities": 2, "mentions": 2, "quotes": 3, "speakers": 3, "failed": 0}
    assert len(list(db.search("cederons"))) == 1
    db.add_failure("a", "RuntimeError: boom", Document("a", TEXT_1))
    db.commit()
    assert db.counts()["quotes"] == 1 and list(db.search("cederons")) == []  # cascade, and the index follows
    assert list(db.failures()) == [{"id": "a", "error": "RuntimeError: boom"}]
    assert db.stored_hash("a") is None and db.stored_hash("b") == Document("b", TEXT_2).hash


def test_readonly_refuses_a_missing_file_and_a_foreign_database(tmp_path):
    with pytest.raises(DatabaseError, match="no such database"):
        QuoteDatabase(tmp_path / "absent.db", readonly=True)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseError, match="not a quote database"):
        QuoteDatabase(other, readonly=True)
    (tmp_path / "notes.db").write_text("not sqlite at all, just a text file of some length" * 20)
    with pytest.raises(DatabaseError):
        QuoteDatabase(tmp_path / "notes.db")


TEXT_3 = "Selon Le Parisien, le maire aurait affirmé que la piscine resterait « fermée tout l'été »."


def test_how_a_statement_is_reported_is_stored_searched_and_a_fragment_not_counted_twice(db):
    from dataclasses import replace

    clause = replace(_quote("que la piscine resterait « fermée tout l'été »", TEXT_3, "indirect", "maire"),
                     hearsay=True, via="Le Parisien", conditional=True, context=TEXT_3)
    fragment = replace(_quote("fermée tout l'été", TEXT_3, "partial", "maire"), parent=0, context=TEXT_3)
    db.add(Document("c", TEXT_3, url="https://example.org/c"), Analysis("c", (), (clause, fragment)))
    db.commit()
    rows = list(db.search("piscine", flags=("hearsay", "conditional")))
    assert [(r["text"], r["via"], r["hearsay"], r["negated"], r["url"], r["context"]) for r in rows] == [
        (clause.text, "Le Parisien", True, False, "https://example.org/c", TEXT_3)]
    assert list(db.search("piscine", flags=("not-hearsay",))) == []
    parent = db.conn.execute("SELECT id FROM quotes WHERE type = 'indirect' AND document_id = 'c'").fetchone()[0]
    assert db.conn.execute("SELECT parent FROM quotes WHERE type = 'partial' AND document_id = 'c'").fetchone()[0] == parent
    maire = next(r for r in db.speakers() if r["speaker"] == "maire")
    assert (maire["quotes"], maire["indirect"], maire["partial"]) == (1, 1, 0)  # the fragment belongs to the clause
    with pytest.raises(QueryError, match="unknown flag 'denied'"):
        list(db.search("piscine", flags=("denied",)))


def test_a_plain_search_looks_in_text_speaker_role_and_title_and_finds_other_forms_after_the_exact_ones(tmp_path):
    db = QuoteDatabase(tmp_path / "s.db")
    first = "« Nous ne reculerons pas », a dit Anne Roy."
    second = "« Il faut reculer l'âge de départ », a dit Paul Roux."
    db.add(Document("a", first, title="Grève à la SNCF"),
           Analysis("a", (), (_quote("Nous ne reculerons pas", first, "direct", "Anne Roy", "secrétaire de Sud-Rail"),)))
    db.add(Document("b", second, title="Retraites"),
           Analysis("b", (), (_quote("Il faut reculer l'âge de départ", second, "direct", "Paul Roux", "député"),)))
    db.commit()
    assert [r["doc"] for r in db.search("greve")] == ["a"]  # a word of the title, accents folded
    assert [r["doc"] for r in db.search("sud-rail anne")] == ["a"]  # role and name: every word required
    assert [r["doc"] for r in db.search("reculer")] == ["b", "a"]  # the exact word first, then "reculerons"
    assert [r["doc"] for r in db.search("reculer", limit=1)] == ["b"]
    assert [r["doc"] for r in db.search("Reculerons")] == ["a", "b"]
    db.close()
