"""Newsroom outputs: Excel workbooks, CSV for French Excel, the format from the -o file's extension,
and tables with whole texts and chosen columns."""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from rich.console import Console
from typer.testing import CliRunner

from extractor import cli
from extractor.io import writers
from extractor.io.writers import (
    ENTITY_COLUMNS,
    QUOTE_COLUMNS,
    FormatError,
    OutputError,
    OutputFormat,
    View,
    chosen_columns,
    open_output,
    output_format,
    write,
)
from extractor.records import Analysis, Entity, Mention, Quote

runner = CliRunner()
ARTICLE = SAMPLES / "01_reforme_retraites.txt"
LONG = " ".join(["une phrase assez longue pour dépasser toute largeur de colonne"] * 40)  # 2,500 characters
QUOTE_200 = ("Nous ne reculerons pas devant la réforme des retraites, parce que le pays attend de nous du courage "
             "et de la clarté, et que les Français savent bien que le statu quo les mènerait tout droit à l'échec.")


@pytest.fixture
def one_pipeline(monkeypatch, nlp):
    """The commands load the session's pipeline, once per test session."""
    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)


def _quote(text: str = "Nous ne céderons pas", **fields: object) -> Quote:
    values: dict = dict(text=text, start=10, end=10 + len(text), type="direct", speaker="Claire Vasseur",
                        speaker_mention="elle", speaker_label="PER", speaker_role="ministre", cue="déclarer",
                        confidence=0.87)
    return Quote(**{**values, **fields})


def _analysis(*quotes: Quote, doc: str = "article-1") -> Analysis:
    mentions = (Mention(0, 14, "Claire Vasseur"), Mention(40, 47, "Vasseur"))
    return Analysis(doc, (Entity("Claire Vasseur", "PER", mentions),), quotes or (_quote(),), title="Retraites",
                    date="2024-05-17")


def _workbook(items: list, view: View = View.quotes, **options: object):
    out = io.BytesIO()
    write(items, view, OutputFormat.xlsx, out, **options)
    return load_workbook(io.BytesIO(out.getvalue()))


def _rows(sheet: Worksheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]


def _column(sheet: Worksheet, name: str) -> str:
    return next(c.column_letter for c in sheet[1] if c.value == name)


# the workbook, written from hand-built records

def test_the_header_is_bold_frozen_and_filtered():
    sheet = _workbook([_analysis(_quote(), _quote("Jamais"))])["quotes"]
    assert [c.value for c in sheet[1]] == QUOTE_COLUMNS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{_column(sheet, QUOTE_COLUMNS[-1])}3"


def test_a_long_quote_is_whole_and_wrapped_in_a_capped_column():
    sheet = _workbook([_analysis(_quote(LONG))])["quotes"]
    [row] = _rows(sheet)
    assert row["text"].value == LONG and len(LONG) > 2000
    assert row["text"].alignment.wrap_text
    widths = {name: sheet.column_dimensions[_column(sheet, name)].width for name in ("text", "doc", "speaker")}
    assert widths["text"] == 60  # capped
    assert widths["doc"] == len("article-1") + 1 and widths["speaker"] == len("Claire Vasseur") + 1  # fitted


def test_numbers_stay_numbers_booleans_booleans_and_lists_are_joined():
    book = _workbook([_analysis(_quote(negated=True, parent=0))], View.documents)
    assert book.sheetnames == ["quotes", "entities"]
    [quote] = _rows(book["quotes"])
    assert quote["start"].data_type == "n" and quote["start"].value == 10
    assert quote["confidence"].value == pytest.approx(0.87) and quote["confidence"].data_type == "n"
    assert quote["negated"].value is True and quote["hearsay"].value is False and quote["negated"].data_type == "b"
    assert quote["via"].value is None
    [entity] = _rows(book["entities"])
    assert [c.value for c in book["entities"][1]] == ENTITY_COLUMNS
    assert entity["count"].value == 2 and entity["forms"].value == "Claire Vasseur; Vasseur"


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x")', "+33 6 12", "-2", "@SUM(A1)", "#N/A"])
def test_text_that_looks_like_a_formula_stays_text(text):
    out = io.BytesIO()
    write([_analysis(_quote(text, speaker=text))], View.quotes, OutputFormat.xlsx, out)
    [row] = _rows(load_workbook(io.BytesIO(out.getvalue()))["quotes"])
    assert row["text"].value == text and row["text"].data_type == "s"
    assert row["speaker"].value == text and row["speaker"].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_rows_after_the_sizing_ones_stream_with_the_same_care(monkeypatch):
    monkeypatch.setattr(writers, "_SIZING_ROWS", 2)
    texts = ["court", "bref", "encore", "=1+1", LONG]
    quotes = [_quote(t, speaker="Anne Roy" if i < 2 else "Marie-Christine de La Tour du Pin") for i, t in enumerate(texts)]
    sheet = _workbook([_analysis(*quotes)])["quotes"]
    rows = _rows(sheet)
    assert [r["text"].value for r in rows] == texts and rows[3]["text"].data_type == "s"
    assert rows[4]["text"].alignment.wrap_text and sheet.auto_filter.ref.endswith("6")
    assert sheet.column_dimensions[_column(sheet, "speaker")].width == len("speaker") + 3  # sized on the first two


def test_control_characters_a_workbook_cannot_hold_are_dropped():
    [row] = _rows(_workbook([_analysis(_quote("page\x0csuivante\x00"))])["quotes"])
    assert row["text"].value == "pagesuivante"


def test_matches_rows_get_a_sheet_of_their_own_with_the_chosen_columns():
    rows = [{"doc": "a", "speaker": "Claire Vasseur", "text": "Non", "confidence": 0.5, "negated": False}]
    book = _workbook(rows, View.matches, columns=["speaker", "text", "confidence"])
    assert book.sheetnames == ["matches"]
    [row] = _rows(book["matches"])
    assert list(row) == ["speaker", "text", "confidence"] and row["confidence"].value == 0.5


def test_excel_csv_has_a_bom_and_semicolons():
    out = io.StringIO()
    write([_analysis(_quote("Oui, non; peut-être"))], View.quotes, OutputFormat.csv_excel, out)
    text = out.getvalue()
    assert text.startswith("\ufeffdoc;title;date;")
    [row] = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert row["text"] == "Oui, non; peut-être" and row["confidence"] == "0.87"


# the format, from --format and the -o file

@pytest.mark.parametrize("given, path, default, expected", [
    (None, "out.xlsx", OutputFormat.table, OutputFormat.xlsx),
    (None, "OUT.CSV", OutputFormat.table, OutputFormat.csv),
    (None, "out.json", OutputFormat.jsonl, OutputFormat.json),
    (None, "out.txt", OutputFormat.table, OutputFormat.table),
    (None, None, OutputFormat.jsonl, OutputFormat.jsonl),
    (OutputFormat.csv_excel, "out.csv", OutputFormat.table, OutputFormat.csv_excel),
    (OutputFormat.tsv, "out.txt", OutputFormat.table, OutputFormat.tsv),
])
def test_the_format_comes_from_the_option_else_the_extension(given, path, default, expected):
    assert output_format(given, path, default) is expected


@pytest.mark.parametrize("given, path", [(OutputFormat.csv, "out.xlsx"), (OutputFormat.xlsx, "out.csv"),
                                         (OutputFormat.table, "out.json")])
def test_a_format_that_contradicts_the_extension_is_refused(given, path):
    with pytest.raises(FormatError, match=f"--format {given.value} would write"):
        output_format(given, path, OutputFormat.table)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_workbook_never_goes_to_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Terminal())
    with pytest.raises(FormatError, match="-o FILE.xlsx"):
        output_format(OutputFormat.xlsx, None, OutputFormat.table)
    with pytest.raises(OutputError), open_output("-", binary=True):
        pass
    assert output_format(OutputFormat.xlsx, "out.xlsx", OutputFormat.table) is OutputFormat.xlsx


def test_unknown_columns_are_refused_with_the_valid_ones():
    assert chosen_columns(View.quotes, "speaker, text,confidence,text") == ["speaker", "text", "confidence"]
    assert chosen_columns(View.quotes, None) is None
    with pytest.raises(FormatError, match="unknown column 'nope'.*speaker_role"):
        chosen_columns(View.quotes, "speaker,nope")


def _table(full: bool, columns: list[str] | None = None) -> str:
    out = io.StringIO()
    write([_analysis(_quote(QUOTE_200))], View.quotes, OutputFormat.table, out,
          console=Console(file=out, width=1000), columns=columns, full=full)
    return out.getvalue()


def test_the_table_shows_the_whole_text_with_full_and_the_chosen_columns():
    assert len(QUOTE_200) == 200
    assert QUOTE_200 in _table(full=True) and "…" not in _table(full=True)
    assert QUOTE_200 not in _table(full=False) and "…" in _table(full=False)
    header = _table(full=False, columns=["confidence", "speaker"]).splitlines()[2]
    assert header.split() == ["┃", "confidence", "┃", "speaker", "┃"]


# the command line, with the real pipeline

@pytest.mark.usefixtures("one_pipeline")
def test_o_out_xlsx_writes_a_workbook_of_the_quotes(tmp_path):
    target = tmp_path / "out.xlsx"
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    rows = _rows(load_workbook(target)["quotes"])
    assert rows and all(r["doc"].value == str(ARTICLE) and r["start"].data_type == "n" for r in rows)
    article = ARTICLE.read_text(encoding="utf-8")
    assert all(article[r["start"].value : r["end"].value] == r["text"].value for r in rows)  # whole texts
    assert any(r["speaker"].value == "Claire Vasseur" for r in rows)


@pytest.mark.usefixtures("one_pipeline")
@pytest.mark.parametrize("args", [["--format", "csv", "-o", "out.xlsx"], ["-f", "xlsx", "-o", "out.csv"]])
def test_a_format_against_the_extension_exits_2_and_writes_nothing(tmp_path, args):
    args = [a if not a.startswith("out.") else str(tmp_path / a) for a in args]
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "would write" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("one_pipeline")
def test_xlsx_to_a_redirected_stdout_is_the_workbook_and_to_a_terminal_one_line(monkeypatch):
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK") and load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames == ["quotes"]
    monkeypatch.setattr(writers, "_stdout_is_terminal", lambda: True)
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--format", "xlsx"])
    assert result.exit_code == 2 and result.stdout_bytes == b""
    assert result.stderr.strip().splitlines() == [f"error: {writers.BINARY_TO_TERMINAL}"]


@pytest.mark.usefixtures("one_pipeline")
def test_analyze_to_xlsx_has_quotes_and_entities_and_csv_excel_is_for_french_excel(tmp_path):
    target = tmp_path / "all.xlsx"
    assert runner.invoke(cli.app, ["analyze", str(ARTICLE), "-o", str(target)]).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["quotes", "entities"] and _rows(book["entities"])
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--format", "csv-excel"])
    assert result.exit_code == 0 and result.stdout.startswith("\ufeffdoc;title;")
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "-o", str(tmp_path / "q.json")])
    assert result.exit_code == 0 and (tmp_path / "q.json").read_text(encoding="utf-8").startswith("[")


@pytest.mark.usefixtures("one_pipeline")
def test_full_shows_a_200_character_quote_whole(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"« {QUOTE_200} », a déclaré Claire Vasseur.", encoding="utf-8")
    full = runner.invoke(cli.app, ["quotes", str(article), "--full"], env={"COLUMNS": "1000"})
    assert full.exit_code == 0, full.output
    assert QUOTE_200 in full.stdout
    short = runner.invoke(cli.app, ["quotes", str(article)], env={"COLUMNS": "1000"})
    assert QUOTE_200 not in short.stdout and QUOTE_200[:60] in short.stdout


@pytest.mark.usefixtures("one_pipeline")
def test_columns_choose_what_the_table_shows_and_unknown_ones_are_refused():
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--columns", "speaker,text,confidence"],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "speaker" in line)
    assert [name.strip() for name in header.split("┃")[1:-1]] == ["speaker", "text", "confidence"]
    result = runner.invoke(cli.app, ["quotes", str(ARTICLE), "--columns", "speaker,nope"])
    assert result.exit_code == 2 and "unknown column 'nope'" in result.stderr and "speaker_role" in result.stderr


@pytest.mark.usefixtures("one_pipeline")
def test_search_and_speakers_write_workbooks_and_check_refuses_one(tmp_path):
    db = tmp_path / "q.db"
    assert runner.invoke(cli.app, ["batch", str(ARTICLE), "--db", str(db), "-q"]).exit_code == 0
    for args, sheet in ((["search", "--db", str(db)], "matches"), (["speakers", "--db", str(db)], "speakers"),
                        (["speakers", "--db", str(db), "--by", "gender"], "parity")):
        target = tmp_path / f"{sheet}.xlsx"
        result = runner.invoke(cli.app, [*args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        rows = _rows(load_workbook(target)[sheet])
        number = {"matches": "start", "speakers": "quotes", "parity": "statement_share"}[sheet]
        assert rows and all(r[number].data_type == "n" for r in rows)
    result = runner.invoke(cli.app, ["check", "Nous ne reculerons pas", "--db", str(db), "-o", str(tmp_path / "v.xlsx")])
    assert result.exit_code == 2 and "commands that write rows" in result.stderr
    assert not Path(tmp_path / "v.xlsx").exists()
