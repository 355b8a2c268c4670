"""The command line: each command parses its options and calls the library.

Exit codes: 0 ok, 1 a runtime failure (missing model, a document that could not be read or analyzed,
a missing database), 2 a usage error (a malformed search query or date included).
"""

from __future__ import annotations

from enum import Enum
from itertools import chain
from typing import Any, Iterator, List, Optional

import typer
from rich.console import Console

from .batch import DEFAULT_BATCH_SIZE, Failure, Stats, analyze_corpus, default_workers, process, store_corpus
from .database import DatabaseError, QueryError, QuoteDatabase
from .evaluation import GoldError, evaluate
from .output import OutputFormat, View, open_output, write, write_report
from .pipeline import DEFAULT_MODEL, ModelNotFound, load_pipeline
from .progress import progress_bar
from .report import render_report
from .readers import DEFAULT_ID_COLUMN, DEFAULT_TEXT_COLUMN, Columns, InputFormat, count_documents, iter_documents

app = typer.Typer(
    help="Who said what in French news: entities, quotes and indirect speech, with their speakers.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line: no wrapping

PathsArg = typer.Argument(
    ...,
    help="Files, folders (searched recursively), globs or - for stdin: .txt, .md, .html/.htm, .jsonl, .csv.",
)
FormatOpt = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout.")
ModelOpt = typer.Option(DEFAULT_MODEL, "--model", "-m", help="The spaCy pipeline to use.")
MiscOpt = typer.Option(False, "--misc", help="Also report MISC entities (hidden by default).")
TextColumnOpt = typer.Option(DEFAULT_TEXT_COLUMN, "--text-column", help="The text field of .jsonl and .csv inputs.")
IdColumnOpt = typer.Option(DEFAULT_ID_COLUMN, "--id-column", help="The id field of .jsonl and .csv inputs.")
InputFormatOpt = typer.Option(
    InputFormat.auto, "--input-format", help="Read every input in this format (auto: by suffix; stdin is text)."
)
WorkersOpt = typer.Option(None, "--workers", "-w", min=1, help="Processes to use (default: all cores).")
BatchSizeOpt = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Documents per nlp.pipe batch.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary.")
DbOpt = typer.Option(None, "--db", help="Store the results in this SQLite quote database (resumable).")
ForceOpt = typer.Option(False, "--force", help="Analyze again documents already stored in the database.")
SinceOpt = typer.Option(None, "--since", help="Only documents dated on or after (YYYY, YYYY-MM, YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", help="Only documents dated on or before (YYYY, YYYY-MM, YYYY-MM-DD).")
LimitOpt = typer.Option(None, "--limit", "-n", min=1, help="At most this many rows.")


class QuoteTypeChoice(str, Enum):
    direct = "direct"
    partial = "partial"
    indirect = "indirect"


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    return chain([first], rest) if first is not None else iter(())


def _tabular(fmt: OutputFormat) -> OutputFormat:
    """The formats of every command but the report: html is a usage error here."""
    if fmt is OutputFormat.html:
        raise _fail("--format html makes the report: use it with `extractor quotes` or `extractor report`", 2)
    return fmt


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def _load(model: str):  # type: ignore[no-untyped-def]
    try:
        return load_pipeline(model)
    except ModelNotFound as exc:
        raise _fail(str(exc)) from exc


def _report_failure(failure: Failure) -> None:
    err.print(f"[red]error:[/red] {failure.id}: {failure.reason}", highlight=False)


class _Corpus:
    """What one command reads: its paths, their format and columns."""

    def __init__(self, paths: list[str], input_format: InputFormat, text_column: str, id_column: str) -> None:
        self.paths = paths
        self.format = input_format
        self.columns = Columns(text_column, id_column)

    def documents(self):  # type: ignore[no-untyped-def]
        return iter_documents(self.paths, self.format, self.columns)

    def total(self, shown: bool) -> int | None:
        return count_documents(self.paths, self.format, self.columns) if shown else None


def _warned(analyses: Iterator) -> Iterator:  # type: ignore[type-arg]
    for analysis in analyses:
        for warning in analysis.warnings:
            err.print(f"[yellow]warning:[/yellow] {analysis.id}: {warning}", highlight=False)
        yield analysis


def _labels(misc: bool) -> tuple[str, ...]:
    return ("PER", "ORG", "LOC", "MISC") if misc else ("PER", "ORG", "LOC")


def _run(
    corpus: _Corpus, view: View, fmt: OutputFormat, output: Optional[str], model: str, misc: bool,
    workers: int = 1, batch_size: int = DEFAULT_BATCH_SIZE, quiet: bool = True,
) -> None:
    _tabular(fmt)
    nlp = _load(model)
    stats = Stats()
    show = not quiet and output is not None and err.is_terminal
    with progress_bar(err, corpus.total(show), enabled=show) as update, open_output(output) as out:
        analyses = analyze_corpus(
            corpus.documents(), nlp, _labels(misc), batch_size, workers,
            on_failure=_report_failure, on_progress=update, stats=stats,
        )
        write(_warned(analyses), view, fmt, out)
    if not quiet and output is not None:
        err.print(stats.summary(), highlight=False)
    if stats.failed:
        err.print(f"{stats.failed} document(s) could not be read or analyzed")
        raise typer.Exit(1)


def _store(
    corpus: _Corpus, db_path: str, model: str, misc: bool, workers: int, batch_size: int, force: bool, quiet: bool
) -> None:
    nlp = _load(model)
    try:
        db = QuoteDatabase(db_path, model=model)
    except DatabaseError as exc:
        raise _fail(str(exc)) from exc
    stats = Stats()
    show = not quiet and err.is_terminal
    try:
        with progress_bar(err, corpus.total(show), enabled=show) as update:
            store_corpus(
                corpus.documents(), nlp, db, _labels(misc), batch_size, workers, force,
                on_failure=_report_failure, on_progress=update, stats=stats,
            )
    except KeyboardInterrupt:
        db.close()
        raise _fail(f"interrupted after {stats.processed} document(s); run the same command again to resume")
    db.close()
    if not quiet:
        err.print(f"{stats.summary()} → {db_path}", highlight=False)
    if stats.failed:
        err.print(f"{stats.failed} document(s) failed: their reasons are in the documents table (status 'failed')")
        raise typer.Exit(1)


def _open(db_path: str) -> QuoteDatabase:
    try:
        return QuoteDatabase(db_path, readonly=True)
    except DatabaseError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def quotes(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to use."),
    input_format: InputFormat = InputFormatOpt,
    text_column: str = TextColumnOpt,
    id_column: str = IdColumnOpt,
) -> None:
    """The who-said-what table: speaker, role, quote, type and cue verb (--format html: the report)."""
    corpus = _Corpus(paths, input_format, text_column, id_column)
    if fmt is OutputFormat.html:
        _html_report(corpus, output, model, workers, "Who said what")
    else:
        _run(corpus, View.quotes, fmt, output, model, False, workers)


@app.command()
def report(
    paths: List[str] = PathsArg,
    output: str = typer.Option("report.html", "--output", "-o", help="The HTML file to write."),
    model: str = ModelOpt,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to use."),
    title: str = typer.Option("Who said what", "--title", help="The report's title."),
    input_format: InputFormat = InputFormatOpt,
    text_column: str = TextColumnOpt,
    id_column: str = IdColumnOpt,
) -> None:
    """One self-contained HTML file: each article with its quotes highlighted by speaker, a summary
    of who is quoted, and a table of all quotes to sort and filter."""
    _html_report(_Corpus(paths, input_format, text_column, id_column), output, model, workers, title)


def _html_report(corpus: _Corpus, output: Optional[str], model: str, workers: int, title: str) -> None:
    nlp = _load(model)
    pairs, failed = [], 0
    for outcome in process(corpus.documents(), nlp, _labels(False), DEFAULT_BATCH_SIZE, workers):
        if isinstance(outcome, Failure):
            failed += 1
            _report_failure(outcome)
        else:
            pairs.append((outcome.document.text, outcome.analysis))
    with open_output(output) as out:
        out.write(render_report(pairs, title))
    if failed:
        err.print(f"{failed} document(s) could not be read or analyzed")
        raise typer.Exit(1)


@app.command()
def entities(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misc: bool = MiscOpt,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to use."),
    input_format: InputFormat = InputFormatOpt,
    text_column: str = TextColumnOpt,
    id_column: str = IdColumnOpt,
) -> None:
    """The entity table: canonical name, label and mentions."""
    _run(_Corpus(paths, input_format, text_column, id_column), View.entities, fmt, output, model, misc, workers)


@app.command()
def analyze(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="Output format."),
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misc: bool = MiscOpt,
    db: Optional[str] = DbOpt,
    workers: Optional[int] = WorkersOpt,
    batch_size: int = BatchSizeOpt,
    force: bool = ForceOpt,
    quiet: bool = QuietOpt,
    input_format: InputFormat = InputFormatOpt,
    text_column: str = TextColumnOpt,
    id_column: str = IdColumnOpt,
) -> None:
    """Everything per document (id, entities with mentions, quotes): the JSON contract of the scorers.

    With --db, the results go to the quote database instead, as with `extractor batch`.
    """
    corpus = _Corpus(paths, input_format, text_column, id_column)
    workers = workers or default_workers()
    if db is not None:
        _store(corpus, db, model, misc, workers, batch_size, force, quiet)
    else:
        _run(corpus, View.documents, fmt, output, model, misc, workers, batch_size, quiet)


@app.command()
def batch(
    paths: List[str] = PathsArg,
    db: str = typer.Option(..., "--db", help="The SQLite quote database to fill (created if missing)."),
    model: str = ModelOpt,
    misc: bool = MiscOpt,
    workers: Optional[int] = WorkersOpt,
    batch_size: int = BatchSizeOpt,
    force: bool = ForceOpt,
    quiet: bool = QuietOpt,
    input_format: InputFormat = InputFormatOpt,
    text_column: str = TextColumnOpt,
    id_column: str = IdColumnOpt,
) -> None:
    """Analyze a corpus into a quote database; run it again to resume (stored documents are skipped)."""
    corpus = _Corpus(paths, input_format, text_column, id_column)
    _store(corpus, db, model, misc, workers or default_workers(), batch_size, force, quiet)


@app.command()
def search(
    query: Optional[str] = typer.Argument(None, help="Words of the quote (any case, accents optional; word* for a prefix)."),
    db: str = typer.Option(..., "--db", help="The quote database."),
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", help="Words of the speaker's name or role."),
    quote_type: Optional[QuoteTypeChoice] = typer.Option(None, "--type", "-t", help="Only this type of quote."),
    since: Optional[str] = SinceOpt,
    until: Optional[str] = UntilOpt,
    limit: Optional[int] = LimitOpt,
    raw: bool = typer.Option(False, "--raw", help="QUERY is an SQLite FTS5 query (OR, NOT, NEAR, column:)."),
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
) -> None:
    """The quotes that match, with speaker, source document and offsets, best match first."""
    _tabular(fmt)
    database = _open(db)
    try:
        rows = database.search(query, speaker, quote_type.value if quote_type else None, since, until, limit, raw)
        first = next(rows, None)  # a bad query fails here, before any output is opened
        with open_output(output) as out:
            write(_chain(first, rows), View.matches, fmt, out)
    except QueryError as exc:
        raise _fail(str(exc), 2) from exc
    finally:
        database.close()


@app.command()
def speakers(
    db: str = typer.Option(..., "--db", help="The quote database."),
    since: Optional[str] = SinceOpt,
    until: Optional[str] = UntilOpt,
    limit: Optional[int] = LimitOpt,
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
) -> None:
    """Who is quoted most, with counts by type of quote."""
    _tabular(fmt)
    database = _open(db)
    try:
        rows = database.speakers(limit, since, until)
        first = next(rows, None)
        with open_output(output) as out:
            write(_chain(first, rows), View.speakers, fmt, out)
    except QueryError as exc:
        raise _fail(str(exc), 2) from exc
    finally:
        database.close()


@app.command("eval")
def eval_(
    gold_dir: str = typer.Argument(..., help="A folder of *.gold.json files with their texts."),
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss after the scores."),
) -> None:
    """Score the tool on your own annotated articles: precision, recall, attribution and the misses."""
    _tabular(fmt)
    try:
        nlp = load_pipeline(model)
        report = evaluate(gold_dir, nlp)
    except (ModelNotFound, GoldError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    with open_output(output) as out:
        write_report(report, fmt, out, misses)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
