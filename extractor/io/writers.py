"""Results out: one ``OutputFormat`` and one writer entry point shared by every command.

Rows are plain dicts; a view says which rows an item gives and which columns the table shows. The
quotes, entities and documents views take ``Analysis`` records (one table per document); the matches
(``extractor search``) and speakers views take rows read from the quote database (one table).
Writers stream: each item's rows are written as they arrive.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from rich.console import Console
from rich.table import Table

from ..records import Analysis


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    html = "html"  # the report of extractor.io.report: `quotes --format html` and `report`


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


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or a file written atomically: a temporary file renamed into place at the end,
    so an interrupted run never leaves a truncated result behind."""
    if path is None or path == "-":
        yield sys.stdout
        return
    with replaced_atomically(Path(path)) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        yield handle


class OutputError(OSError):
    """An output file that cannot be written where it was asked: the message names it and says why."""


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


def _records(item: Analysis | dict[str, Any], view: View) -> list[dict[str, Any]]:
    if view is View.documents:
        assert isinstance(item, Analysis)
        return [item.to_dict()]
    return list(_rows(item, view))


def write(
    analyses: Iterable[Analysis] | Iterable[dict[str, Any]],
    view: View,
    fmt: OutputFormat,
    out: IO[str],
    console: Console | None = None,
) -> int:
    """Write every item in ``fmt``; returns the number of items (documents, or rows) written.

    Args:
        analyses: ``Analysis`` records for the quotes, entities and documents views; row dicts for
            the matches and speakers views.
    """
    count = 0
    if fmt in (OutputFormat.csv, OutputFormat.tsv):
        writer = csv.DictWriter(
            out, COLUMNS[view], delimiter="," if fmt is OutputFormat.csv else "\t", extrasaction="ignore"
        )
        writer.writeheader()
        for a in analyses:
            writer.writerows({k: cell_text(v) for k, v in row.items()} for row in _rows(a, view))
            count += 1
    elif fmt is OutputFormat.jsonl:
        for a in analyses:
            records = _records(a, view)
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            count += 1
    elif fmt is OutputFormat.json:
        out.write("[")
        first = True
        for a in analyses:
            for record in _records(a, view):
                out.write(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False, indent=1))
                first = False
            count += 1
        out.write("\n]\n")
    elif fmt is OutputFormat.html:
        raise ValueError("--format html is the report of `extractor report` and `extractor quotes`")
    elif view in ROW_VIEWS:
        count = _write_row_table(analyses, view, out, console)  # type: ignore[arg-type]
    else:
        count = _write_table(analyses, view, out, console)  # type: ignore[arg-type]
    return count


def console_for(out: IO[str], console: Console | None = None) -> Console:
    """The rich console a table is printed on: ``console`` if given, else one on ``out``, as wide as
    the terminal or $COLUMNS says, and into a file or a pipe wide enough for the quote column."""
    wide = out.isatty() or "COLUMNS" in os.environ
    return console or Console(file=out, width=None if wide else 160)


def _table_value(row: dict[str, Any], col: str) -> str:
    v = row[col]
    if col == "text":
        return shorten(v)
    return ", ".join(v) if isinstance(v, list) else cell_text(v) or "—"


def _write_row_table(rows: Iterable[dict[str, Any]], view: View, out: IO[str], console: Console | None) -> int:
    console = console_for(out, console)
    table = Table(expand=False)
    for col in TABLE_COLUMNS[view]:
        table.add_column(col.replace("_", " "), overflow="fold")
    count = 0
    for row in rows:
        table.add_row(*(_table_value(row, col) for col in TABLE_COLUMNS[view]))
        count += 1
    if not count:
        table.caption = "nothing found"
    console.print(table)
    return count


def _write_table(analyses: Iterable[Analysis], view: View, out: IO[str], console: Console | None) -> int:
    console = console_for(out, console)
    show = View.quotes if view is View.documents else view
    count = 0
    for a in analyses:
        rows = list(ROWS[show](a))
        table = Table(title=a.id, title_justify="left", expand=False)
        for col in TABLE_COLUMNS[show]:
            table.add_column(col.replace("_", " "), overflow="fold")
        for row in rows:
            table.add_row(*(_table_value(row, col) for col in TABLE_COLUMNS[show]))
        if not rows:
            table.caption = "nothing found"
        console.print(table)
        count += 1
    return count
