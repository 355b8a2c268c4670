"""Bad input never crashes a run or loses a row: a corpus of nasty files built here, each named with its
reason while the rest is analyzed; encodings reported per document; files that vanish or cannot be
opened; directory loops and links out of the folder; Ctrl-C."""

from __future__ import annotations

import codecs
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import cli
from extractor.io.database import QuoteDatabase
from extractor.io.readers import ReadError, iter_documents
from extractor.records import Analysis, Document
from extractor.run import batch
from extractor.run.batch import store_corpus

runner = CliRunner()
QUOTE = "« Nous ne céderons pas », a déclaré Claire Vasseur, secrétaire générale de la CGT."

# what each nasty file is, and the one-line reason it gets (None: analyzed)
NASTY: dict[str, tuple[bytes, str | None]] = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t\n", "no text: only white space"),
    "report.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF, an image or an archive), not text"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PDF, an image or an archive), not text"),
    "nul.txt": (b"abc\x00\x00\x00def", "binary file, not text"),
    "utf16.txt": (codecs.BOM_UTF16_LE + QUOTE.encode("utf-16-le"), None),
    "bom.txt": (codecs.BOM_UTF8 + QUOTE.encode("utf-8"), None),
    "windows.txt": (QUOTE.replace("«", "“").replace("»", "”").encode("cp1252"), None),
    "mojibake.txt": (QUOTE.encode("utf-8").decode("latin-1").encode("utf-8"), None),
    "unbalanced.txt": ("« Il a dit « oui » puis « non, a ajouté Paul Martin. » » »".encode(), None),
    "nested.txt": ("« Elle m'a dit : “ il a crié ‹ jamais › ” », a raconté Claire Vasseur.".encode(), None),
    "bullets.md": ("# Points\n\n« premier point\n« second point\n\n« Oui », a dit Jean Morin.".encode(), None),
    "blank.jsonl": (b"\n  \n", "no rows (the file is empty or blank)"),
    "header.csv": (b"id,text\r\n", "no rows (the file is empty or has a header only)"),
    "nothing.csv": (b"", "no rows (the file is empty or has a header only)"),
    "nopage.html": (b"<html><body><script>var a = 1;</script></body></html>", "no article text found in this page"),
}
ENCODINGS = {"utf16.txt": "utf-16", "bom.txt": "utf-8-sig", "windows.txt": "cp1252", "mojibake.txt": "utf-8"}


@pytest.fixture
def nasty(tmp_path):
    folder = tmp_path / "nasty"
    folder.mkdir()
    for name, (data, _) in NASTY.items():
        (folder / name).write_bytes(data)
    lines = [
        json.dumps({"id": "ok", "text": QUOTE}, ensure_ascii=False),
        '{"id": "cut", "text": "« Nous ne',
        "[1, 2]",
        json.dumps({"id": "notext", "body": QUOTE}),
        json.dumps({"id": "blank", "text": "   "}),
        "",
        json.dumps({"id": "last", "text": QUOTE}, ensure_ascii=False),
    ]
    (folder / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "rows.csv").write_text(f'id,text\nc1,"{QUOTE}"\nc2,"two",extra\nc3,"unclosed\n', encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("Le mot de passe est « hunter2 », a dit l'administrateur.", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)  # a directory loop
    return folder


JSONL_REASONS = {
    "rows.jsonl:2": "line 2: not valid JSON",
    "rows.jsonl:3": "line 3: a JSON list, not an object",
    "rows.jsonl:4": "line 4: no 'text' field",
    "rows.jsonl:5": "line 5: an empty 'text' field",
    "rows.csv:3": "line 3: 3 fields, the header has 2",
    "link.txt": "a symbolic link to a file outside",
}


def _key(item_id: str) -> str:
    return item_id.split("nasty/")[-1]


def test_every_nasty_file_gets_its_reason_and_the_rest_is_read(nasty):
    items = {_key(i.id): i for i in iter_documents([str(nasty)])}
    for name, (_, reason) in NASTY.items():
        if reason is None:
            assert isinstance(items[name], Document), name
        else:
            assert isinstance(items[name], ReadError) and items[name].reason == reason, name
    for key, start in JSONL_REASONS.items():
        assert isinstance(items[key], ReadError) and items[key].reason.startswith(start), key
    assert isinstance(items["ok"], Document) and isinstance(items["last"], Document)
    assert isinstance(items["c1"], Document)
    assert not any("loop" in key for key in items)  # the loop is not followed: each file once
    assert "hunter2" not in repr(items)  # the file out of the folder was not read


def test_the_batch_command_names_each_bad_input_and_stores_the_rest(nasty, tmp_path):
    db = tmp_path / "q.db"
    result = runner.invoke(cli.app, ["batch", str(nasty), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    bad = [n for n, (_, reason) in NASTY.items() if reason] + list(JSONL_REASONS)
    assert len(errors) >= len(bad)
    for name in bad:
        assert any(f"{name}:" in line or f"{name} " in line for line in errors), name
    conn = sqlite3.connect(db)
    ok = dict(conn.execute("SELECT id, encoding FROM documents WHERE status = 'ok'").fetchall())
    failed = conn.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone()[0]
    assert failed == len(errors)
    for name, encoding in ENCODINGS.items():  # the encoding each file was read in, reported per document
        assert ok[str(nasty / name)] == encoding, name
    speakers = dict(conn.execute("SELECT d.id, q.speaker FROM quotes q JOIN documents d ON d.id = q.document_id").fetchall())
    for name in ENCODINGS:  # decoded well enough for the quote to be found and attributed
        assert speakers.get(str(nasty / name)) == "Claire Vasseur", name
    for row in conn.execute('SELECT d.text, q.start, q."end", q.text FROM quotes q JOIN documents d ON d.id = q.document_id'):
        assert row[0][row[1] : row[2]] == row[3]  # offsets into the decoded text
    conn.close()
    # and in the JSON of `analyze`, as a warning (also on standard error)
    result = runner.invoke(cli.app, ["analyze", str(nasty / "windows.txt"), str(nasty / "utf16.txt"), str(nasty / "bom.txt")])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    notes = [[w for w in d["warnings"] if w.startswith("read as")] for d in lines]
    assert notes == [["read as cp1252, not UTF-8: offsets are into the decoded text"],
                     ["read as utf-16, not UTF-8: offsets are into the decoded text"], []]
    assert "warning:" in result.stderr and "windows.txt: read as cp1252" in result.stderr


def test_a_file_that_cannot_be_opened_is_named_and_the_run_goes_on(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(QUOTE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(QUOTE, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):  # tests run as root, for whom chmod 000 changes nothing: the OS's answer
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    a, b = iter_documents([str(tmp_path)])
    assert isinstance(a, ReadError) and a.reason == "Permission denied" and a.id.endswith("a.txt")
    assert isinstance(b, Document)


def test_a_file_that_vanishes_mid_run_is_named_and_the_run_goes_on(nlp, tmp_path):
    for k in range(4):
        (tmp_path / f"{k}.txt").write_text(QUOTE, encoding="utf-8")

    def vanishing():
        for k, item in enumerate(iter_documents([str(tmp_path)])):
            if k == 0:
                (tmp_path / "2.txt").unlink()  # listed, not yet read
            yield item

    with QuoteDatabase(tmp_path / "q.db") as db:
        stats = store_corpus(vanishing(), nlp, db)
        assert (stats.processed, stats.failed) == (3, 1)
        [failure] = db.failures()
        assert failure["id"].endswith("2.txt") and failure["error"] == "No such file or directory"


def test_the_same_file_through_a_loop_or_a_glob_is_read_once(nasty):
    direct = [i.id for i in iter_documents([str(nasty / "**" / "*.txt")])]
    assert len(direct) == len(set(direct)) == sum(n.endswith(".txt") for n in NASTY) + 1  # + link.txt
    assert not any("loop" in i for i in direct)


def test_document_ids_never_name_files_we_write(nlp, tmp_path):
    """Ids come from the input (an id column can say anything): nothing is written under their name."""
    from extractor.run.dask import Job, plan, run_partition

    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "../../escaped", "text": QUOTE}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    job = Job(out=str(out))
    for partition in plan([str(corpus)], job):
        run_partition(partition, job, nlp)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert {p.parts[0] for p in written} == {"in.jsonl", "deep"}
    assert all(p.parent == Path("deep/out") for p in written if p.parts[0] == "deep")


@pytest.fixture
def ctrl_c_at_the_third(tmp_path, monkeypatch):
    """Three articles; Ctrl-C comes while the third is analyzed. Returns how to let runs finish again."""
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(QUOTE.replace("Claire", f"Claire{k}"), encoding="utf-8")
    real = batch.process

    def interrupted(*args, **kwargs):
        for k, outcome in enumerate(real(*args, **kwargs)):
            if k == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(batch, "process", interrupted)
    return lambda: monkeypatch.setattr(batch, "process", real)


def test_ctrl_c_during_analyze_stops_with_a_summary_and_no_half_file(tmp_path, ctrl_c_at_the_third):
    out = tmp_path / "out" / "quotes.csv"
    out.parent.mkdir()
    result = runner.invoke(cli.app, ["quotes", str(tmp_path / "*.txt"), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 130
    assert "interrupted: 2 document(s) analyzed, 0 failed" in result.output
    assert "quotes.csv was not written" in result.output
    assert list(out.parent.iterdir()) == []  # neither a half file nor a temporary one


def test_ctrl_c_during_batch_keeps_what_was_stored(tmp_path, ctrl_c_at_the_third):
    db = tmp_path / "q.db"
    result = runner.invoke(cli.app, ["batch", str(tmp_path / "*.txt"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 130 and "interrupted: 2 document(s) analyzed and stored" in result.output
    ctrl_c_at_the_third()  # no more Ctrl-C
    result = runner.invoke(cli.app, ["batch", str(tmp_path / "*.txt"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0 and "1 document(s) analyzed, 2 already stored (skipped)" in result.output


def test_a_database_of_an_older_schema_is_upgraded_when_opened_for_writing(tmp_path):
    import sqlite3

    from extractor.io.database import _SCHEMA, DatabaseError
    from extractor.records import Quote

    path = tmp_path / "old.db"  # version 1: no documents.encoding, no quote flags, context or parent
    old = _SCHEMA.replace("    encoding TEXT,\n", "").replace(",\n    duplicate_of TEXT,\n    warnings TEXT", "")
    old = old[: old.index("CREATE TABLE IF NOT EXISTS speakers")] + old[old.index("CREATE INDEX IF NOT EXISTS documents_date"):]
    old = "\n".join(line for line in old.splitlines() if "speaker_id" not in line and "duplicate_of" not in line)
    cut = old.index("confidence REAL") + len("confidence REAL")
    old = old[:cut] + old[old.index("\n);", cut):]
    with sqlite3.connect(path) as conn:
        conn.executescript(old + "PRAGMA user_version = 1;")
    with pytest.raises(DatabaseError, match="older extractor .schema version 1.: open it once for writing"):
        QuoteDatabase(path, readonly=True)
    quotes = (Quote("x", 0, 1, "indirect", "A", "A", "PER", None, "dire", 0.9),
              Quote("x", 0, 1, "partial", "A", "A", "PER", None, "dire", 0.9, context="x", negated=True, parent=0))
    with QuoteDatabase(path) as db:
        db.add(Document("x", QUOTE, encoding="cp1252"), Analysis("x", (), quotes))
        db.commit()
        assert db.conn.execute("SELECT encoding FROM documents").fetchone()[0] == "cp1252"
        rows = db.conn.execute("SELECT id, negated, parent FROM quotes ORDER BY id").fetchall()
        assert [(r[1], r[2]) for r in rows] == [(0, None), (1, rows[0][0])]
    with QuoteDatabase(path, readonly=True) as db:
        assert db.counts()["quotes"] == 2


def process_one(text):
    from extractor.records import Analysis

    return Analysis("x", (), ())


def test_names_that_are_not_utf8_come_out_as_valid_text(tmp_path):
    """A file whose name is not UTF-8 and a JSONL id cut mid-emoji: the JSON Lines, the CSV and the
    database get valid UTF-8 (the name's bad bytes written \\xff), never the raw bytes or a lone surrogate."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff\xfe.txt")).write_text(QUOTE, encoding="utf-8")
    (folder / "rows.jsonl").write_text('{"id": "t\\ud83d", "text": "« Non », a dit Paul Martin."}\n', encoding="utf-8")
    result = runner.invoke(cli.app, ["quotes", str(folder), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    ids = {json.loads(line)["doc"] for line in result.stdout_bytes.decode("utf-8").splitlines()}
    assert ids == {f"{folder}/bad\\xff\\xfe.txt", "t\ufffd"}
    db = tmp_path / "q.db"
    assert runner.invoke(cli.app, ["batch", str(folder), "--db", str(db)]).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("SELECT id FROM documents")} == ids


def test_an_escape_sequence_in_a_file_name_never_reaches_the_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "\x1b[2Jclear.txt").write_text(QUOTE.replace("pas", "pas \x1b]0;titre\x07"), encoding="utf-8")
    for args in (["quotes", str(folder)], ["entities", str(folder)]):
        result = runner.invoke(cli.app, args)
        assert result.exit_code == 0 and "\x1b" not in result.output and "\x07" not in result.output
        assert "\\x1b[2Jclear.txt" in result.output  # the name shown, its escape written out


def test_a_name_too_long_for_the_system_is_one_failure_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(QUOTE, encoding="utf-8")
    result = runner.invoke(cli.app, ["quotes", "n" * 300, str(good), "-f", "jsonl"])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"error: {'n' * 300}: File name too long" in result.output
    assert '"speaker": "Claire Vasseur"' in result.stdout
