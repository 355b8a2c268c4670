"""The stems the search matches beside the words: irregular verb forms meet their infinitive ("mets",
"mettre"), the table is quick to read, and a database stemmed the old way is stemmed again.

The records are built by hand: these tests do not need the spaCy model.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
import time

import pytest

from extractor.io import stems
from extractor.io.database import QuoteDatabase
from extractor.nlp.lexicon import models_dir
from extractor.records import Analysis, Document, Quote

KEY = "« Je mets la clé sous la porte », a-t-il dit."
RECULER = "« Nous ne reculerons pas », a dit Anne Roy."


def _quote(text: str, doc: str, speaker: str) -> Quote:
    start = doc.index(text)
    return Quote(text, start, start + len(text), "direct", speaker, speaker, "PER", None, "dire", 0.9)


def _fill(db: QuoteDatabase) -> None:
    db.add(Document("cle", KEY, title="Commerce"),
           Analysis("cle", (), (_quote("Je mets la clé sous la porte", KEY, "Luc Noël"),)))
    db.add(Document("recul", RECULER, title="Grève"),
           Analysis("recul", (), (_quote("Nous ne reculerons pas", RECULER, "Anne Roy"),)))
    db.commit()


def _found(db: QuoteDatabase, query: str) -> list[str]:
    return [row["doc"] for row in db.search(query)]


@pytest.mark.parametrize(
    "forms",
    [("mets", "mettre", "mis", "mise", "mettons"), ("fait", "faire", "font", "ferons"), ("vont", "aller", "irons", "va"),
     ("dit", "dire", "disent"), ("peut", "pouvoir", "pourrait", "pu"), ("était", "etait", "être", "sont", "est"),
     ("reculer", "reculerons", "Reculerons"), ("céderons", "cederons")],
)
def test_the_forms_of_a_verb_have_one_stem(forms):
    assert len({stems.stem(form) for form in forms}) == 1, {form: stems.stem(form) for form in forms}


def test_a_noun_that_is_also_a_verb_form_keeps_its_plural():
    # "point" is a form of poindre, "lit" of lire: mapped, they would leave "points" and "lits" behind
    assert stems.stem("point") == stems.stem("points") != stems.stem("poindre")
    assert stems.stem("lit") == stems.stem("lits")
    assert stems.stems("Je mets la clé sous la porte") == "je mettr la cle sous la port"


def test_the_table_loads_fast_and_says_where_it_comes_from():
    stems._verb_table.cache_clear()
    stems.stem.cache_clear()
    start = time.perf_counter()
    assert stems.stem("mets") == "mettr"
    assert time.perf_counter() - start < 0.5
    assert re.fullmatch(r"snowball-french\+verbs:[0-9a-f]{12}", stems.version())
    header = [line for line in gzip.decompress(models_dir().joinpath(stems.RESOURCE).read_bytes()).decode().splitlines()
              if line.startswith("#")]
    assert any("python -m extractor.io.stems build" in line for line in header)
    assert any("spaCy lookups data" in line and "MIT" in line for line in header)
    assert any("Copyright" in line and "ExplosionAI" in line for line in header)  # the MIT notice, as it asks


def test_a_search_for_the_infinitive_finds_the_conjugated_form(tmp_path):
    db = QuoteDatabase(tmp_path / "q.db")
    _fill(db)
    assert _found(db, "mettre la clé sous la porte") == ["cle"]
    assert _found(db, "mis la cle sous la porte") == ["cle"]
    assert _found(db, "reculer") == ["recul"]  # Snowball's inflections still meet
    assert _found(db, "mettre la clé sous le paillasson") == []  # every word is still required
    db.close()


def _as_before_the_verb_table(path) -> None:
    """Stems made with Snowball alone, and no ``stemming`` in meta: a database of the previous version."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, text, speaker, speaker_role, document_title FROM quotes").fetchall()
    old = [(" ".join(stems.snowball_stem(w) for t in r[1:] if t for w in re.findall(r"\w+", t.replace("’", "'"))), r[0])
           for r in rows]
    conn.executemany("UPDATE quotes SET stems = ? WHERE id = ?", old)
    conn.execute("DELETE FROM meta WHERE key = 'stemming'")
    conn.commit()
    conn.close()


def test_an_old_database_is_stemmed_again_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.db"
    db = QuoteDatabase(path)
    _fill(db)
    db.close()
    _as_before_the_verb_table(path)
    # read-only, it cannot be stemmed again: the query is stemmed as its stems were, and finds what it found
    old = QuoteDatabase(path, readonly=True)
    assert _found(old, "reculer") == ["recul"]
    assert _found(old, "mettre la clé sous la porte") == []
    old.close()
    QuoteDatabase(path).close()  # opened for writing (as `extractor batch --db` does): stemmed again
    conn = sqlite3.connect(path)
    assert dict(conn.execute("SELECT key, value FROM meta").fetchall())["stemming"] == stems.version()
    assert conn.execute("SELECT stems FROM quotes WHERE document_id = 'cle'").fetchone()[0].startswith("je mettr la cle")
    conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('integrity-check')")  # the index follows its rows
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"quotes_ai", "quotes_ad", "quotes_au"} <= triggers  # and still will
    conn.close()
    for readonly in (True, False):
        again = QuoteDatabase(path, readonly=readonly)
        assert _found(again, "mettre la clé sous la porte") == ["cle"]
        assert _found(again, "reculer") == ["recul"]
        again.close()


def test_a_new_database_records_its_stemming(tmp_path):
    QuoteDatabase(tmp_path / "new.db").close()
    conn = sqlite3.connect(tmp_path / "new.db")
    assert conn.execute("SELECT value FROM meta WHERE key = 'stemming'").fetchone()[0] == stems.version()
    conn.close()
