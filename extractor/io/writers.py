"""Results out: one ``OutputFormat`` and one writer entry point shared by every command.

Rows are plain dicts; a view says which rows an item gives and which columns the table shows. The
quotes, entities and documents views take ``Analysis`` records (one table per document); the matches
(``extractor search``) and speakers views take rows read from the quote database (one table).
Writers stream: each item's rows are written as they arrive (an Excel workbook holds its first rows
back, to size its columns). ``output_format`` settles the format from ``--format`` and the ``-o``
file's extension; ``open_output`` opens where it goes, text or binary (xlsx).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import Analysis

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    csv_excel = "csv-excel"  # CSV as French Excel opens it: UTF-8 with a BOM, ';' between cells
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"  # an Excel workbook, one sheet per view
    html = "html"  # the report of extractor.io.report: `quotes --format html` and `report`

    @property
    def binary(self) -> bool:
        """Bytes, not text: written to a binary handle (``open_output(path, binary=True)``)."""
        return self is OutputFormat.xlsx


class View(str, Enum):
    quotes = "quotes"
    entities = "entities"
    documents = "documents"
    matches = "matches"
    speakers = "speakers"
    parity = "parity"
    parity_by_month = "parity_by_month"
    parity_by_source = "parity_by_source"


# their items are rows already
ROW_VIEWS = (View.matches, View.speakers, View.parity, View.parity_by_month, View.parity_by_source)


# how the article reports each statement, and where it stands in it: in every quote row
REPORTING_COLUMNS = ["negated", "hearsay", "via", "conditional", "question", "parent", "context"]
QUOTE_COLUMNS = [
    "doc", "title", "date", "url", "speaker", "speaker_gender", "speaker_gender_evidence", "speaker_role", "text", "type", "cue", "confidence",
    "speaker_mention", "speaker_label", "start", "end", *REPORTING_COLUMNS,
]
ENTITY_COLUMNS = ["doc", "name", "label", "count", "forms", "mentions"]
MATCH_COLUMNS = [
    "doc", "date", "title", "url", "speaker", "speaker_gender", "speaker_gender_evidence", "speaker_role", "type", "text", "cue", "confidence",
    "speaker_mention", "speaker_label", "start", "end", *REPORTING_COLUMNS,
]
SPEAKER_COLUMNS = ["speaker", "label", "gender", "role", "quotes", "direct", "partial", "indirect", "documents", "forms"]
PARITY_COLUMNS = ["gender", "statements", "statement_share", "people", "people_share"]
COLUMNS = {
    View.quotes: QUOTE_COLUMNS, View.documents: QUOTE_COLUMNS, View.entities: ENTITY_COLUMNS,
    View.matches: MATCH_COLUMNS, View.speakers: SPEAKER_COLUMNS, View.parity: PARITY_COLUMNS,
    View.parity_by_month: ["month", *PARITY_COLUMNS], View.parity_by_source: ["source", *PARITY_COLUMNS],
}
TABLE_COLUMNS = {
    View.quotes: ["speaker", "speaker_role", "text", "type", "cue"],
    View.entities: ["name", "label", "count", "forms"],
    View.matches: ["speaker", "text", "type", "doc", "date", "start", "end"],
    View.speakers: ["speaker", "label", "gender", "role", "quotes", "direct", "partial", "indirect", "documents"],
    View.parity: PARITY_COLUMNS,
    View.parity_by_month: ["month", *PARITY_COLUMNS],
    View.parity_by_source: ["source", *PARITY_COLUMNS],
}
_SHORT = 90


def quote_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    for q in analysis.quotes:
        row = {"doc": analysis.id, "title": analysis.title, "date": analysis.date, "url": analysis.url, **asdict(q)}
        yield {column: row[column] for column in QUOTE_COLUMNS}


def entity_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    for e in analysis.entities:
        forms = list(dict.fromkeys(m.text for m in e.mentions))
        yield {
            "doc": analysis.id, "name": e.name, "label": e.label, "count": len(e.mentions),
            "forms": forms, "mentions": [[m.start, m.end] for m in e.mentions],
        }


ROWS: dict[View, Callable[[Analysis], Iterator[dict[str, Any]]]] = {
    View.quotes: quote_rows,
    View.entities: entity_rows,
}


# the format each extension of an -o file names (--format csv-excel writes .csv files too)
EXTENSIONS = {
    ".csv": OutputFormat.csv, ".tsv": OutputFormat.tsv, ".json": OutputFormat.json, ".jsonl": OutputFormat.jsonl,
    ".xlsx": OutputFormat.xlsx, ".html": OutputFormat.html, ".htm": OutputFormat.html,
}
_SAME_FILES = {OutputFormat.csv_excel: OutputFormat.csv}
BINARY_TO_TERMINAL = "xlsx is a binary file, not for a terminal: give -o FILE.xlsx, or redirect standard output (> FILE.xlsx)"


class FormatError(ValueError):
    """Output options that contradict each other or the view (a usage error): the message says why, on one line."""


def _stdout(path: str | None) -> bool:
    return path is None or path == "-"


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def output_format(given: OutputFormat | None, path: str | None, default: OutputFormat) -> OutputFormat:
    """The format to write: ``given`` (``--format``), else the one the extension of ``path`` names
    (``-o out.xlsx``), else ``default``.

    Raises:
        FormatError: ``given`` contradicts the extension (CSV into a .xlsx file), or a workbook would
            go to a terminal.
    """
    suffix = "" if _stdout(path) else Path(str(path)).suffix.lower()
    implied = EXTENSIONS.get(suffix)
    if given is not None and implied is not None and _SAME_FILES.get(given, given) is not implied:
        raise FormatError(
            f"--format {given.value} would write {given.value} into {Path(str(path)).name}, a {suffix} file:"
            " leave --format out, or change the file's name"
        )
    fmt = given or implied or default
    if fmt.binary and _stdout(path) and _stdout_is_terminal():
        raise FormatError(BINARY_TO_TERMINAL)
    return fmt


def chosen_columns(view: View, names: str | None) -> list[str] | None:
    """The columns ``--columns a,b,c`` asks for, in its order (None: the view's own choice).

    Raises:
        FormatError: a name that is not one of the view's columns (the message lists them).
    """
    if names is None:
        return None
    wanted = list(dict.fromkeys(name.strip() for name in names.split(",") if name.strip()))
    unknown = [name for name in wanted if name not in COLUMNS[view]]
    if unknown or not wanted:
        what = f"unknown column {', '.join(map(repr, unknown))}" if unknown else "no column named"
        raise FormatError(f"--columns: {what}; the {view.value} columns are {', '.join(COLUMNS[view])}")
    return wanted


class OutputError(OSError):
    """An output file that cannot be written where it was asked: the message names it and says why."""


@contextmanager
def open_output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Standard output, or a file written atomically: a temporary file renamed into place at the end,
    so an interrupted run never leaves a truncated result behind. Text in UTF-8, or bytes (``binary``:
    standard output's buffer, refused on a terminal).

    Raises:
        OutputError: the file cannot be written there, or bytes would go to a terminal.
    """
    if path == "":
        raise OutputError("-o: an empty file name (give a file, or - for standard output)")
    if _stdout(path):
        if not binary:
            yield sys.stdout
            return
        if _stdout_is_terminal():
            raise OutputError(BINARY_TO_TERMINAL)
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with replaced_atomically(Path(str(path))) as tmp:
        with tmp.open("wb") if binary else tmp.open("w", encoding="utf-8", newline="") as handle:
            yield handle


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block ends without an error and
    removed otherwise: every file we write is whole or absent, never truncated. The file gets the mode a
    shell's ``>`` would give it: the existing file's, or 0666 less the umask.

    Raises:
        OutputError: ``target`` is a folder, or its folder is missing or not writable.
    """
    if target.is_symlink():  # as the shell's ">" does: the file the link points to is written
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file() and not target.is_dir():
        yield target  # a FIFO, a device, a process substitution: written straight into, never replaced
        return
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, not a file to write")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        reason = "no such folder" if not folder.is_dir() else exc.strerror or str(exc)
        raise OutputError(f"{target}: cannot write it ({reason})") from exc
    os.close(fd)
    try:
        yield Path(tmp)
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    """A CSV/TSV cell. Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at
    the start) is neutralized with a leading apostrophe (OWASP, CSV injection); numbers are left alone."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _rows(item: Analysis | dict[str, Any], view: View) -> Iterator[dict[str, Any]]:
    if view in ROW_VIEWS:
        assert isinstance(item, dict)
        return iter([item])
    assert isinstance(item, Analysis)
    return ROWS[view](item) if view in ROWS else quote_rows(item)


def _records(item: Analysis | dict[str, Any], view: View, columns: list[str] | None = None) -> list[dict[str, Any]]:
    if view is View.documents:
        assert isinstance(item, Analysis)
        return [item.to_dict()]
    rows = _rows(item, view)
    return [{c: row.get(c) for c in columns} for row in rows] if columns else list(rows)


def write(
    analyses: Iterable[Analysis] | Iterable[dict[str, Any]],
    view: View,
    fmt: OutputFormat,
    out: IO[Any],
    console: Console | None = None,
    columns: list[str] | None = None,
    full: bool = False,
) -> int:
    """Write every item in ``fmt``; returns the number of items (documents, or rows) written.

    Args:
        analyses: ``Analysis`` records for the quotes, entities and documents views; row dicts for
            the matches and speakers views.
        out: a text handle, or a binary one for xlsx (see ``OutputFormat.binary``).
        columns: only these of the view's columns, in this order (see ``chosen_columns``); not with the
            JSON of the documents view, whose records are whole documents.
        full: the table shows each quote's text whole, not shortened.
    """
    if columns is not None and view is View.documents and fmt in (OutputFormat.json, OutputFormat.jsonl):
        raise FormatError("--columns: the documents view writes whole documents in JSON, not columns")
    count = 0
    if fmt in (OutputFormat.csv, OutputFormat.tsv, OutputFormat.csv_excel):
        if fmt is OutputFormat.csv_excel:
            out.write("\ufeff")  # the BOM that makes Excel read UTF-8
        delimiter = {OutputFormat.csv: ",", OutputFormat.tsv: "\t", OutputFormat.csv_excel: ";"}[fmt]
        writer = csv.DictWriter(out, columns or COLUMNS[view], delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        for a in analyses:
            writer.writerows({k: cell_text(v) for k, v in row.items()} for row in _rows(a, view))
            count += 1
    elif fmt is OutputFormat.jsonl:
        for a in analyses:
            records = _records(a, view, columns)
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            count += 1
    elif fmt is OutputFormat.json:
        out.write("[")
        first = True
        for a in analyses:
            for record in _records(a, view, columns):
                out.write(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False, indent=1))
                first = False
            count += 1
        out.write("\n]\n")
    elif fmt is OutputFormat.xlsx:
        count = _write_workbook(analyses, view, out, columns)
    elif fmt is OutputFormat.html:
        raise ValueError("--format html is the report of `extractor report` and `extractor quotes`")
    elif view in ROW_VIEWS:
        count = _write_row_table(analyses, view, out, console, columns, full)  # type: ignore[arg-type]
    else:
        count = _write_table(analyses, view, out, console, columns, full)  # type: ignore[arg-type]
    return count


def console_for(out: IO[str], console: Console | None = None) -> Console:
    """The rich console a table is printed on: ``console`` if given, else one on ``out``, as wide as
    the terminal or $COLUMNS says, and into a file or a pipe wide enough for the quote column."""
    wide = out.isatty() or "COLUMNS" in os.environ
    return console or Console(file=out, width=None if wide else 160)


def printable(text: str, keep: str = "") -> str:
    """Data for a terminal: every control character but those in ``keep`` shown as its escape
    ("\\x1b"), so that no file name or text can move the cursor, clear the screen or set a title."""
    return "".join(ch if ch.isprintable() or ch == " " or ch in keep else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _table_value(row: dict[str, Any], col: str, full: bool = False) -> Text:
    """A table cell: the data as plain text, never read as rich markup ("[sic]", "[/i]" stay as written),
    its control characters escaped (line breaks kept)."""
    v = row.get(col)
    if col == "text" and v is not None:
        return Text(printable(v if full else shorten(v), keep="\n"))
    return Text(printable(", ".join(map(str, v)) if isinstance(v, list) else cell_text(v) or "—", keep="\n"))


def _add_columns(table: Table, columns: list[str]) -> None:
    for col in columns:
        table.add_column(col.replace("_", " "), overflow="fold")


def _write_row_table(
    rows: Iterable[dict[str, Any]], view: View, out: IO[str], console: Console | None,
    columns: list[str] | None = None, full: bool = False,
) -> int:
    console = console_for(out, console)
    shown = columns or TABLE_COLUMNS[view]
    table = Table(expand=False)
    _add_columns(table, shown)
    count = 0
    for row in rows:
        table.add_row(*(_table_value(row, col, full) for col in shown))
        count += 1
    if not count:
        table.caption = "nothing found"
    console.print(table)
    return count


def _write_table(
    analyses: Iterable[Analysis], view: View, out: IO[str], console: Console | None,
    columns: list[str] | None = None, full: bool = False,
) -> int:
    console = console_for(out, console)
    show = View.quotes if view is View.documents else view
    shown = columns or TABLE_COLUMNS[show]
    count = 0
    for a in analyses:
        rows = list(ROWS[show](a))
        table = Table(title=Text(printable(a.id)), title_justify="left", expand=False)
        _add_columns(table, shown)
        for row in rows:
            table.add_row(*(_table_value(row, col, full) for col in shown))
        if not rows:
            table.caption = "nothing found"
        console.print(table)
        count += 1
    return count


# Excel workbooks: one sheet per view, its header bold, frozen and filtered, its columns as wide as
# their content (up to a cap), long texts wrapped whole; numbers and booleans stay numbers and booleans.
# (vulture: the attributes marked V101 are set for openpyxl, which reads them)
_SIZING_ROWS = 1000  # the rows held back to size a sheet's columns, before it streams
_MAX_WIDTH = 60
_WRAPPED = ("text", "context")
_EXCEL_MAX_TEXT = 32767  # characters in a cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters a workbook cannot hold


def _excel_value(value: Any) -> Any:
    """A cell's value: numbers and booleans as they are, lists joined, text without the control
    characters a workbook cannot hold (within Excel's 32,767 characters), None an empty cell."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    text = "; ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return _ILLEGAL.sub("", text)[:_EXCEL_MAX_TEXT]


def _width(value: Any) -> int:
    """The characters a value shows on its longest line."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    return max(len(line) for line in str(value).split("\n"))


def _sheets(view: View, columns: list[str] | None) -> dict[str, list[str]]:
    """Each sheet of the view's workbook and its columns: the documents view has its quotes and its entities."""
    if view is View.documents:
        return {"quotes": columns or QUOTE_COLUMNS, "entities": ENTITY_COLUMNS}
    return {view.value: columns or COLUMNS[view]}


def _sheet_rows(item: Analysis | dict[str, Any], view: View) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    if view is View.documents:
        assert isinstance(item, Analysis)
        yield "quotes", quote_rows(item)
        yield "entities", entity_rows(item)
    else:
        yield view.value, _rows(item, view)


class _Sheet:
    """One sheet of a write-only workbook: its first rows are held back to size its columns, then it streams."""

    def __init__(self, book: Workbook, title: str, columns: list[str]) -> None:
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.styles import Alignment

        self.sheet = book.create_sheet(title)
        self.columns = columns
        self.held: list[list[Any]] | None = []
        self.rows = 0
        self.wrapped = set(columns) & set(_WRAPPED)  # and those the held rows find too wide
        self.wrap = Alignment(wrap_text=True)
        self.error_codes = ERROR_CODES

    def add(self, row: dict[str, Any]) -> None:
        values = [_excel_value(row.get(col)) for col in self.columns]
        self.rows += 1
        if self.held is None:
            self.sheet.append(self._cells(values))
            return
        self.held.append(values)
        if len(self.held) >= _SIZING_ROWS:
            self._start()

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        if self.held is not None:
            self._start()
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows + 1}"  # noqa: V101

    def _start(self) -> None:
        """Columns sized on the rows held back (the too wide ones wrapped), the header written and
        frozen, then the rows held back."""
        from openpyxl.cell.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.dimensions import ColumnDimension

        held, self.held = self.held or [], None
        for i, col in enumerate(self.columns):
            widest = max([len(col) + 3, *(_width(values[i]) + 1 for values in held)])  # + 3: the filter's button
            if widest > _MAX_WIDTH:
                self.wrapped.add(col)
            letter = get_column_letter(i + 1)
            self.sheet.column_dimensions[letter] = ColumnDimension(self.sheet, letter, width=min(widest, _MAX_WIDTH))
        self.sheet.freeze_panes = "A2"  # noqa: V101
        bold = Font(bold=True)
        header = [WriteOnlyCell(self.sheet, col) for col in self.columns]
        for cell in header:
            cell.font = bold  # noqa: V101
        self.sheet.append(header)
        for values in held:
            self.sheet.append(self._cells(values))

    def _cells(self, values: list[Any]) -> list[Any]:
        """The row to append: plain values where openpyxl writes them right (the fast path), cells where
        the column wraps or where text would be written as a formula or an error code."""
        return [self._cell(col, v) if col in self.wrapped or self._not_text(v) else v for col, v in zip(self.columns, values)]

    def _not_text(self, value: Any) -> bool:
        """Text that openpyxl would write as a formula ("=1+1") or an error code ("#N/A")."""
        return isinstance(value, str) and (value.startswith("=") or value in self.error_codes)

    def _cell(self, col: str, value: Any) -> Cell | None:
        from openpyxl.cell.cell import WriteOnlyCell

        if value is None:
            return None
        cell = WriteOnlyCell(self.sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"  # noqa: V101 - text, never a formula nor an error code
        if col in self.wrapped:
            cell.alignment = self.wrap  # noqa: V101
        return cell


def _write_workbook(
    items: Iterable[Analysis] | Iterable[dict[str, Any]], view: View, out: IO[bytes], columns: list[str] | None
) -> int:
    """An xlsx workbook to a binary handle; returns the number of items written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = {title: _Sheet(book, title, cols) for title, cols in _sheets(view, columns).items()}
    count = 0
    for item in items:
        for title, rows in _sheet_rows(item, view):
            for row in rows:
                sheets[title].add(row)
        count += 1
    for sheet in sheets.values():
        sheet.close()
    book.save(out)
    return count
