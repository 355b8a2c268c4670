"""The command line as users call it."""

from __future__ import annotations

import re

import csv
import io
import json

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from extractor import analyze, cli

runner = CliRunner()
ARTICLE = SAMPLES / "01_reforme_retraites.txt"


@pytest.fixture(autouse=True)
def one_pipeline(monkeypatch, nlp):
    """The commands load the pipeline once per test session, not once per call."""
    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp if model == "fr_core_news_md" else _load(model))


def _load(model):
    from extractor.pipeline import load_pipeline

    return load_pipeline(model)


def test_quotes_table_names_speakers():
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE)])
    assert result.exit_code == 0, result.output
    assert "Claire Vasseur" in result.stdout and "déclarer" in result.stdout


def test_analyze_jsonl_follows_the_scorers_contract():
    result = runner.invoke(cli.app, ["analyze", str(ARTICLE), "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == str(ARTICLE)
    text = ARTICLE.read_text(encoding="utf-8")
    for entity in record["entities"]:
        assert {"name", "label", "mentions"} <= entity.keys()
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for q in record["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
        assert q["type"] in ("direct", "partial", "indirect")
        assert {"speaker", "speaker_mention", "speaker_label", "speaker_role", "cue", "confidence"} <= q.keys()


def test_quotes_csv_has_a_row_per_quote(nlp):
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = analyze(ARTICLE.read_text(encoding="utf-8"), str(ARTICLE), nlp)
    assert len(rows) == len(expected.quotes) > 0 and rows[0]["doc"] == str(ARTICLE)
    assert [r["text"] for r in rows] == [q.text for q in expected.quotes]
    assert {"speaker", "text", "type", "cue", "start", "end"} <= rows[0].keys()


def test_entities_tsv_and_folder_input():
    result = runner.invoke(cli.app, ["entities", str(SAMPLES), "--format", "tsv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    assert {r["doc"] for r in rows} == {str(p) for p in sorted(SAMPLES.glob("*.txt"))}
    assert any(r["name"] == "Claire Vasseur" and r["label"] == "PER" for r in rows)


def test_stdin_and_json_output():
    text = "« Nous ne reculerons pas », a déclaré Élisabeth Borne."
    result = runner.invoke(cli.app, ["quotes", "-", "--format", "json"], input=text)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[0]["speaker"] == "Élisabeth Borne" and data[0]["doc"] == "<stdin>"


def test_output_file(tmp_path):
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli.app, ["analyze", str(ARTICLE), "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == str(ARTICLE)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left behind


def test_missing_file_is_named_the_rest_processed_exit_1(tmp_path):
    missing = tmp_path / "absent.txt"
    result = runner.invoke(cli.app, ["analyze", str(missing), str(ARTICLE)])
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["id"] == str(ARTICLE)


def test_binary_and_undecodable_files_are_named(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00")
    (tmp_path / "latin.txt").write_bytes("Le député a déclaré".encode("utf-16"))
    result = runner.invoke(cli.app, ["quotes", str(tmp_path)])
    assert result.exit_code == 1
    assert "image.txt: binary file (a PDF, an image or an archive), not text" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "image.txt" in errors[0]  # UTF-16 is text...
    assert "warning: " in result.stderr and "latin.txt: read as utf-16, not UTF-8" in result.stderr  # ...said


def test_missing_model_names_the_install_command():
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--model", "fr_core_news_xx"])
    assert result.exit_code == 1
    assert "pip install fr-core-news-xx" in result.stderr


@pytest.mark.parametrize("args", [["quotes", "--format", "xml", str(ARTICLE)], ["quotes"], ["nonsense"]])
def test_usage_errors_exit_2(args):
    assert runner.invoke(cli.app, args).exit_code == 2


def test_python_m_extractor_works():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, check=True)
    assert "quotes" in out.stdout and "entities" in out.stdout and "analyze" in out.stdout


def test_report_writes_one_self_contained_html_file(tmp_path):
    target = tmp_path / "report.html"
    result = runner.invoke(cli.app, ["report", str(SAMPLES), "-o", str(target)])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<span class="speaker">Claire Vasseur</span>' in html
    assert "<script src" not in html and "<link" not in html


def test_quotes_format_html_is_the_report():
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--format", "html"])
    assert result.exit_code == 0 and '<mark class="quote' in result.stdout


def test_html_format_elsewhere_is_a_usage_error():
    result = runner.invoke(cli.app, ["entities", str(ARTICLE), "--format", "html"])
    assert result.exit_code == 2 and "extractor report" in result.stderr


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("« =HYPERLINK(\"http://x\") et +1 », a déclaré Claire Vasseur.", encoding="utf-8")
    result = runner.invoke(cli.app, ["quotes", str(article), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"].startswith("'=HYPERLINK")
    assert rows[0]["start"].isdigit()


def test_an_output_that_cannot_be_written_is_one_line_and_exit_1(tmp_path):
    for target, reason in ((tmp_path / "missing" / "out.csv", "no such folder"), (tmp_path, "is a folder")):
        result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(target)])
        assert result.exit_code == 1 and reason in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_honour_the_umask(tmp_path, umask, mode):
    import os
    import stat

    old = os.umask(umask)
    try:
        assert runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(tmp_path / "out.csv")]).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == mode


def test_an_impossible_date_is_refused(tmp_path):
    db = tmp_path / "q.db"
    assert runner.invoke(cli.app, ["batch", str(ARTICLE), "--db", str(db), "-q"]).exit_code == 0
    result = runner.invoke(cli.app, ["search", "--db", str(db), "--since", "2025-13"])
    assert result.exit_code == 2 and "not a date: '2025-13'" in result.output


def test_warnings_reach_the_database_and_the_report(tmp_path):
    import json
    import sqlite3

    broken = tmp_path / "unclosed.txt"
    broken.write_text("« Nous ne céderons pas, a déclaré Anne Roy.\n\nLa suite du texte.\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = runner.invoke(cli.app, ["batch", str(broken), "--db", str(db), "-q"])
    assert result.exit_code == 0 and "warning: " in result.stderr and "unclosed «" in result.stderr
    with sqlite3.connect(db) as conn:
        [warnings] = conn.execute("SELECT warnings FROM documents").fetchone()
    assert any("unclosed «" in w for w in json.loads(warnings))
    result = runner.invoke(cli.app, ["report", str(broken), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0 and "unclosed «" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "unclosed «" in result.stderr and f"written to {tmp_path / 'r.html'}" in result.stderr


def test_the_readmes_search_examples_find_what_they_say_on_the_samples(tmp_path):
    import re
    import shlex

    db = tmp_path / "quotes.db"
    assert runner.invoke(cli.app, ["batch", str(SAMPLES), "--db", str(db), "-q"]).exit_code == 0
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    examples = [line for line in readme.splitlines() if line.startswith("extractor search") and "« " in line]
    assert len(examples) >= 3
    for line in examples:
        command, claim = line.split("#", 1)
        expected = re.search(r"« (.+?)(?:…)? »", claim).group(1)
        args = [a if a != "quotes.db" else str(db) for a in shlex.split(command)[1:]]
        result = runner.invoke(cli.app, [*args, "--format", "jsonl"])
        assert result.exit_code == 0, line
        assert any(expected in json.loads(row)["text"] for row in result.stdout.splitlines()), line


def test_version():
    from extractor.records import __version__

    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"extractor {__version__}"


@pytest.mark.parametrize("command", ["quotes", "report", "entities", "analyze", "batch", "search", "speakers", "check", "serve", "eval"])
def test_help_names_what_an_option_takes_not_its_python_type(command):
    result = runner.invoke(cli.app, [command, "--help"])
    options = result.output.split("Options:")[-1]
    assert result.exit_code == 0 and "<bool>" not in result.output and "<str>" not in options
    # arguments too: "PATH  Files, folders…", not "PATH... <list[str]>", and no "[PATH...]..." in the usage
    assert not re.search(r"<(str|int|list\[str\])>", result.output) and "...]..." not in result.output


def test_data_is_never_read_as_rich_markup(tmp_path):
    folder = tmp_path / "[" / "i]"  # a folder named "[", holding "i]": the path reads "…/[/i]/x.txt"
    folder.mkdir(parents=True)
    article = folder / "x.txt"
    article.write_text("« Nous [le gouvernement] ne céderons pas [sic] [/i] [bold red]x », a déclaré Anne Roy.\n",
                       encoding="utf-8")
    result = runner.invoke(cli.app, ["quotes", str(article), str(tmp_path / "[/b]missing.txt")], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "MarkupError" not in result.output
    assert "Nous [le gouvernement] ne céderons pas [sic] [/i] [bold red]x" in result.stdout
    assert "[/b]missing.txt: no file matches this pattern" in result.stderr


def test_o_writes_into_a_fifo_follows_a_symlink_and_refuses_an_empty_name(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    assert runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(fifo), "--format", "csv"]).exit_code == 0
    reader.join(timeout=30)
    assert fifo.is_fifo() and received and received[0].startswith("doc,")  # its reader got the rows
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n", encoding="utf-8")
    link.symlink_to(real.name)
    assert runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("doc,")  # as the shell's ">"
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", ""])
    assert result.exit_code == 1 and "an empty file name" in result.output


def test_a_limit_beyond_what_sqlite_counts_is_a_usage_error(tmp_path):
    result = runner.invoke(cli.app, ["search", "x", "--db", str(tmp_path / "q.db"), "--limit", "99999999999999999999"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_an_escape_sequence_in_a_file_name_does_not_reach_the_terminal(tmp_path):
    missing = tmp_path / "clear\x1b[2Jscreen.txt"
    result = runner.invoke(cli.app, ["quotes", str(missing)])
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "clear\\x1b[2Jscreen.txt" in result.stderr


def test_a_database_that_is_not_ours_a_folder_or_no_name_is_one_line(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (x)")
    for db, says in ((other, "not a quote database (it holds other tables: invoices)"), (tmp_path, "is a folder"),
                     ("", "an empty file name")):
        result = runner.invoke(cli.app, ["batch", str(ARTICLE), "--db", str(db), "-q"])
        assert result.exit_code == 1 and says in result.output and "Traceback" not in result.output
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["invoices"]  # left untouched


def test_a_database_another_run_is_writing_is_waited_for_then_one_line(tmp_path, monkeypatch):
    import sqlite3

    from extractor.io import database

    db = tmp_path / "q.db"
    assert runner.invoke(cli.app, ["batch", str(ARTICLE), "--db", str(db), "-q"]).exit_code == 0
    monkeypatch.setattr(database, "LOCK_SECONDS", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run, in the middle of a write
    try:
        result = runner.invoke(cli.app, ["batch", str(ARTICLE), "--db", str(db), "-q", "--force"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1 and "database is locked" in result.output and "another run" in result.output
    assert "Traceback" not in result.output


def test_other_line_breaks_and_invisible_characters_change_nothing_but_those_characters(tmp_path):
    original = (SAMPLES / "06_marseille_stupefiants.txt").read_text(encoding="utf-8")
    variants = {"cr.txt": original.replace("\n", "\r"), "ls.txt": original.replace("\n", "\u2028"),
                "zw.txt": original.replace("«", "«\u200b").replace(" »", "\u200b »")}

    def quotes(path):
        result = runner.invoke(cli.app, ["analyze", str(path), "--format", "jsonl"])
        return [(q["type"], q["speaker"], q["start"], q["end"]) for q in json.loads(result.stdout)["quotes"]]

    plain = tmp_path / "plain.txt"
    plain.write_text(original, encoding="utf-8")
    expected = quotes(plain)
    assert len(expected) >= 10
    for name, text in variants.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
        if name == "zw.txt":  # each « gained a character: the same statements, shifted
            assert [(t, s) for t, s, _, _ in quotes(tmp_path / name)] == [(t, s) for t, s, _, _ in expected], name
        else:
            assert quotes(tmp_path / name) == expected, name
