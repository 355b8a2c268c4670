"""The command line: each command parses its options and calls the library.

Exit codes: 0 ok, 1 a runtime failure (missing model, a document that could not be read or analyzed,
a missing database), 2 a usage error (a malformed search query or date included).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from enum import Enum
from itertools import chain
from typing import Annotated, Any, Callable, Iterator, List, Literal, Optional

import click
import typer
from typer.core import TyperArgument, TyperCommand
from rich.console import Console
from rich.markup import escape

from .eval.evaluation import GoldError, evaluate
from .eval.scores import write_report
from .io.database import DatabaseError, QueryError, QuoteDatabase
from .io.fetch import is_url
from .io.readers import (
    DEFAULT_ID_COLUMN,
    DEFAULT_TEXT_COLUMN,
    Columns,
    InputFormat,
    count_documents,
    iter_documents,
)
from .io.report import render_report
from .io.writers import (
    FormatError,
    OutputError,
    OutputFormat,
    View,
    chosen_columns,
    open_output,
    output_format,
    printable,
    write,
)
from .pipeline import DEFAULT_MODEL, ModelNotFound, load_pipeline
from .run.batch import (
    DEFAULT_BATCH_SIZE,
    PARALLEL_FROM,
    Failure,
    ProgressCallback,
    Stats,
    analyze_corpus,
    process,
    store_corpus,
    workers_for,
)
from .run.progress import progress_bar
from .run.time_limit import CHARACTERS_PER_UNIT, DEFAULT_SECONDS
from .run.stopping import exit_code, how_stopped, interruption_in, terminate_as_interrupt

class _Command(TyperCommand):
    """A command whose arguments show in --help by their name alone ("PATH", "QUERY"), not followed by
    their Python type ("PATH... <list[str]>"), as the options already do with rich_markup_mode=None."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        return params


app = typer.Typer(
    help="Who said what in French news: entities, quotes and indirect speech, with their speakers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: a flag shows no "<bool>", a repeatable option no "<list[str]>"
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line: no wrapping


def _print_version(asked: bool) -> None:
    if asked:
        from .records import __version__

        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version),
) -> None:
    """Who said what in French news: entities, quotes and indirect speech, with their speakers."""

# every option is declared once here and used by name in the commands' signatures
Paths = Annotated[Optional[List[str]], typer.Argument(metavar="PATH",
    help="Files, folders (searched recursively), globs, http(s):// URLs or - for stdin: .txt, .md, .html/.htm, .jsonl, .csv.",
    show_default=False,
)]
Urls = Annotated[Optional[List[str]], typer.Option(
    "--urls", metavar="FILE", help="Also read the web pages listed in FILE, one URL a line (# for comments); repeatable.",
)]
_SPREADSHEETS = "csv-excel: CSV for French Excel (UTF-8 with BOM, ';'); xlsx: an Excel workbook"
# None when left out: the -o file's extension says it, else the command's default (see _format)
Format = Annotated[Optional[OutputFormat], typer.Option(
    "--format", "-f", show_default=False,
    help=f"Output format (default: from the -o file's extension, else table); {_SPREADSHEETS}.",
)]
JsonlFormat = Annotated[Optional[OutputFormat], typer.Option(
    "--format", "-f", show_default=False,
    help=f"Output format (default: from the -o file's extension, else jsonl); {_SPREADSHEETS}.",
)]
Output = Annotated[Optional[str], typer.Option(
    "--output", "-o", metavar="FILE",
    help="Write to this file (atomically) instead of stdout; without --format, its extension (.csv .tsv .json .jsonl .xlsx) sets the format.",
)]
Full = Annotated[bool, typer.Option("--full", help="Table: each quote's text whole, not shortened.")]
ShownColumns = Annotated[Optional[str], typer.Option(
    "--columns", metavar="A,B,...",
    help="Only these columns, in this order (table, CSV, xlsx, JSON), e.g. speaker,text,confidence.",
)]
Model = Annotated[str, typer.Option("--model", "-m", metavar="NAME", help="The spaCy pipeline to use.")]
Misc = Annotated[bool, typer.Option("--misc", help="Also report MISC entities (hidden by default).")]
TextColumn = Annotated[str, typer.Option("--text-column", metavar="FIELD", help="The text field of .jsonl and .csv inputs.")]
IdColumn = Annotated[str, typer.Option("--id-column", metavar="FIELD", help="The id field of .jsonl and .csv inputs.")]
InputFormatOpt = Annotated[InputFormat, typer.Option(
    "--input-format", help="Read every input in this format (auto: by suffix; stdin is text).",
)]
Workers = Annotated[Optional[int], typer.Option(
    "--workers", "-w", min=1, metavar="N",
    help=f"Processes (with --engine dask: Dask workers). Default: all cores from {PARALLEL_FROM} documents on, else one.",
)]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, metavar="N", help="Documents per nlp.pipe batch.")]
TimeLimit = Annotated[float, typer.Option(
    "--time-limit", min=0, metavar="SECONDS",
    help=f"Seconds a document may take per {CHARACTERS_PER_UNIT:,} characters (that much at least); one that takes "
         "longer is stopped and reported as failed, and the run goes on. 0: no limit. Not with --engine dask.",
)]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
Db = Annotated[Optional[str], typer.Option("--db", metavar="FILE", help="Store the results in this SQLite quote database (resumable).")]
DbToRead = Annotated[str, typer.Option("--db", metavar="FILE", help="The quote database.")]
Force = Annotated[bool, typer.Option("--force", help="Analyze again documents already stored in the database.")]
Since = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only documents dated on or after (YYYY, YYYY-MM, YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only documents dated on or before (YYYY, YYYY-MM, YYYY-MM-DD).")]
Limit = Annotated[Optional[int], typer.Option("--limit", "-n", min=1, max=1_000_000_000, metavar="N", help="At most this many rows.")]


class QuoteTypeChoice(str, Enum):
    direct = "direct"
    partial = "partial"
    indirect = "indirect"


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    return chain([first], rest) if first is not None else iter(())


def _tabular(fmt: OutputFormat, rows: bool = True) -> OutputFormat:
    """The formats of every command but the report: html is a usage error here, and so are the
    spreadsheet ones for the commands that do not write rows (``rows`` False: check, eval)."""
    if fmt is OutputFormat.html:
        raise _fail("--format html makes the report: use it with `extractor quotes` or `extractor report`", 2)
    if not rows and fmt in (OutputFormat.xlsx, OutputFormat.csv_excel):
        raise _fail(f"--format {fmt.value} is for the commands that write rows: quotes, entities, analyze, search, speakers", 2)
    return fmt


def _format(fmt: Optional[OutputFormat], output: Optional[str], default: OutputFormat = OutputFormat.table) -> OutputFormat:
    """--format if given, else the one the -o file's extension names, else the command's default; a
    --format that contradicts the extension, or a workbook for the terminal, is a usage error."""
    try:
        return output_format(fmt, output, default)
    except FormatError as exc:
        raise _fail(str(exc), 2) from exc


def _columns(view: View, names: Optional[str]) -> Optional[list[str]]:
    """The columns --columns names, checked against the view's; an unknown one is a usage error."""
    try:
        return chosen_columns(view, names)
    except FormatError as exc:
        raise _fail(str(exc), 2) from exc


def _shown(text: str) -> str:
    """Data in a message: never Rich markup, and no control character reaches the terminal (a file
    name with an escape sequence would clear the screen): shown as its escape, "\\x1b"."""
    return escape(printable(text))


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {_shown(message)}", highlight=False)
    return typer.Exit(code)


def _load(model: str):  # type: ignore[no-untyped-def]
    try:
        return load_pipeline(model)
    except ModelNotFound as exc:
        raise _fail(str(exc)) from exc


def _vectors_only(model: str):  # type: ignore[no-untyped-def]
    """The pipeline's word vectors without its components: what comparing meanings needs (fast to load)."""
    import spacy

    try:
        return spacy.load(model, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"])
    except OSError:
        return _load(model)  # its message says how to install the model


@contextmanager
def _output(path: Optional[str], binary: bool = False) -> Iterator[Any]:
    """The ``-o`` file (or standard output), text or bytes; one line and exit 1 when it cannot be written."""
    try:
        with open_output(path, binary) as out:
            yield out
    except OutputError as exc:
        raise _fail(str(exc)) from exc


def _report_failure(failure: Failure) -> None:
    err.print(f"[red]error:[/red] {_shown(failure.id)}: {_shown(failure.reason)}", highlight=False)


class _Corpus:
    """What one command reads: its paths and lists of URLs, their format and columns; and the time a
    document of it may take (seconds per 10,000 characters, None: no limit)."""

    def __init__(
        self, paths: Optional[list[str]], input_format: InputFormat, text_column: str, id_column: str,
        url_lists: Optional[list[str]] = None, time_limit: float = DEFAULT_SECONDS,
    ) -> None:
        self.time_limit = time_limit or None
        self.paths = list(paths or [])
        self.url_lists = list(url_lists or [])
        if not self.paths and not self.url_lists:
            raise _fail("give files, folders or URLs (PATH...), or --urls FILE", 2)
        self.format = input_format
        self.columns = Columns(text_column, id_column)

    def documents(self):  # type: ignore[no-untyped-def]
        return iter_documents(self.paths, self.format, self.columns, url_lists=self.url_lists)

    def total(self) -> int | None:
        """How many documents (None for standard input): for the progress bar's time left."""
        return count_documents(self.paths, self.format, self.columns, url_lists=self.url_lists)

    def workers(self, asked: Optional[int]) -> int:
        """``--workers`` as given, else the one default: every core for a large corpus, one for a small
        (counting stops at :data:`PARALLEL_FROM` documents: a large corpus is not read twice for it)."""
        if asked is not None:
            return asked
        return workers_for(
            count_documents(self.paths, self.format, self.columns, at_most=PARALLEL_FROM, url_lists=self.url_lists)
        )


@contextmanager
def _corpus_run(
    corpus: _Corpus, show: bool, interrupted: Callable[[Stats], str]
) -> Iterator[tuple[ProgressCallback, Stats]]:
    """The frame of every command that runs a corpus: a progress bar while it runs; on Ctrl-C or SIGTERM,
    what was done and what was kept (``interrupted`` says it from the counts), and exit code 130 or 143."""
    stats = Stats()
    try:
        with progress_bar(err, corpus.total() if show else None, enabled=show) as update:
            yield update, stats
    except BaseException as exc:  # Ctrl-C or SIGTERM, as is or wrapped by the code it came through (an import)
        stop = interruption_in(exc)
        if stop is None:
            raise
        err.print(f"{how_stopped(stop)}: {interrupted(stats)}", highlight=False, markup=False)
        raise typer.Exit(exit_code(stop)) from None


def _finished(stats: Stats, summary: Optional[str], failed: str, other_failures: bool = False) -> None:
    """After a run: the summary (unless quiet), and exit code 1 when a document (or a task) failed."""
    if summary is not None:
        err.print(summary, highlight=False, markup=False)
    if stats.failed:
        err.print(failed.format(n=stats.failed), highlight=False, markup=False)
    if stats.failed or other_failures:
        raise typer.Exit(1)


def _warn(analysis: Any) -> None:
    """A document's warnings (an unclosed «, a decoding) on standard error, one a line."""
    for warning in analysis.warnings:
        err.print(f"[yellow]warning:[/yellow] {_shown(analysis.id)}: {_shown(warning)}", highlight=False)


def _notice(message: str) -> None:
    """What a run survived (a worker process that died), on standard error."""
    err.print(f"[yellow]warning:[/yellow] {_shown(message)}", highlight=False)


def _warned(analyses: Iterator) -> Iterator:  # type: ignore[type-arg]
    for analysis in analyses:
        _warn(analysis)
        yield analysis


def _labels(misc: bool) -> tuple[str, ...]:
    return ("PER", "ORG", "LOC", "MISC") if misc else ("PER", "ORG", "LOC")


def _run(
    corpus: _Corpus, view: View, fmt: OutputFormat, output: Optional[str], model: str, misc: bool,
    workers: Optional[int] = None, batch_size: int = DEFAULT_BATCH_SIZE, quiet: bool = True,
    columns: Optional[list[str]] = None, full: bool = False,
) -> None:
    _tabular(fmt)
    nlp = _load(model)
    kept = f"{output} was not written (an output file is whole or absent)" if output not in (None, "-") else (
        "the output stops after the last whole record"
    )
    show = not quiet and output is not None and err.is_terminal

    def interrupted(stats: Stats) -> str:
        return f"{stats.processed} document(s) analyzed, {stats.failed} failed; {kept}. With --db FILE, a run resumes where it stopped."

    with _corpus_run(corpus, show, interrupted) as (update, stats), _output(output, fmt.binary) as out:
        analyses = analyze_corpus(
            corpus.documents(), nlp, _labels(misc), batch_size, corpus.workers(workers),
            on_failure=_report_failure, on_progress=update, stats=stats, on_notice=_notice,
            time_limit=corpus.time_limit,
        )
        write(_warned(analyses), view, fmt, out, columns=columns, full=full)
    summary = stats.summary() if not quiet and output is not None else None
    _finished(stats, summary, "{n} document(s) could not be read or analyzed")


def _store(
    corpus: _Corpus, db_path: str, model: str, misc: bool, workers: Optional[int], batch_size: int, force: bool, quiet: bool
) -> None:
    try:  # the database first: a file that cannot be written is said before anything is analysed
        db = QuoteDatabase(db_path, model=model)
    except (DatabaseError, sqlite3.OperationalError) as exc:
        raise _fail(f"{db_path}: {exc}" if isinstance(exc, sqlite3.OperationalError) else str(exc)) from exc
    nlp = _load(model)

    def interrupted(stats: Stats) -> str:
        return f"{stats.processed} document(s) analyzed and stored, {stats.failed} failed; run the same command again to resume"

    try:
        try:
            with _corpus_run(corpus, not quiet and err.is_terminal, interrupted) as (update, stats):
                store_corpus(
                    corpus.documents(), nlp, db, _labels(misc), batch_size, corpus.workers(workers), force,
                    on_failure=_report_failure, on_warnings=_warn, on_progress=update, stats=stats,
                    on_notice=_notice, time_limit=corpus.time_limit,
                )
        finally:
            db.close()
    except sqlite3.OperationalError as exc:  # another run held the file longer than the wait allows
        raise _fail(f"{db_path}: {exc} (another run is writing it? run again when it ends: what was stored is kept)") from exc
    summary = f"{stats.summary()} → {db_path}" if not quiet else None
    _finished(stats, summary, "{n} document(s) failed: their reasons are in the documents table (status 'failed')")


def _open(db_path: str) -> QuoteDatabase:
    try:
        return QuoteDatabase(db_path, readonly=True)
    except DatabaseError as exc:
        raise _fail(str(exc)) from exc


@app.command(cls=_Command)
def quotes(
    paths: Paths = None,
    urls: Urls = None,
    fmt: Format = None,
    output: Output = None,
    columns: ShownColumns = None,
    full: Full = False,
    model: Model = DEFAULT_MODEL,
    workers: Workers = None,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = DEFAULT_TEXT_COLUMN,
    id_column: IdColumn = DEFAULT_ID_COLUMN,
) -> None:
    """The who-said-what table: speaker, role, quote, type and cue verb (--format html: the report)."""
    fmt, shown = _format(fmt, output), _columns(View.quotes, columns)
    corpus = _Corpus(paths, input_format, text_column, id_column, urls, time_limit)
    if fmt is OutputFormat.html:
        _html_report(corpus, output, model, workers, None, "fr")
    else:
        _run(corpus, View.quotes, fmt, output, model, False, workers, columns=shown, full=full)


@app.command(cls=_Command)
def report(
    paths: Paths = None,
    urls: Urls = None,
    output: str = typer.Option("report.html", "--output", "-o", metavar="FILE", help="The HTML file to write."),
    model: Model = DEFAULT_MODEL,
    workers: Workers = None,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    title: Optional[str] = typer.Option(
        None, "--title", show_default=False, metavar="TEXT",
        help="The report's title (default: 'Qui a dit quoi', with --lang en 'Who said what').",
    ),
    lang: Literal["fr", "en"] = typer.Option("fr", "--lang", help="The report's language."),
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = DEFAULT_TEXT_COLUMN,
    id_column: IdColumn = DEFAULT_ID_COLUMN,
) -> None:
    """One self-contained HTML file: each article with its quotes highlighted by speaker, a summary
    of who is quoted, and a table of all quotes to sort and filter; in French, --lang en for English."""
    _html_report(_Corpus(paths, input_format, text_column, id_column, urls, time_limit), output, model, workers, title, lang)


def _html_report(
    corpus: _Corpus, output: Optional[str], model: str, workers: Optional[int], title: Optional[str],
    lang: Literal["fr", "en"],
) -> None:
    nlp = _load(model)
    pairs = []

    def interrupted(stats: Stats) -> str:
        return f"{stats.processed} document(s) analyzed; {output} was not written"

    with _corpus_run(corpus, False, interrupted) as (update, stats):
        for outcome in process(
            corpus.documents(), nlp, _labels(False), DEFAULT_BATCH_SIZE, corpus.workers(workers), on_notice=_notice,
            time_limit=corpus.time_limit,
        ):
            stats.count(outcome)
            if isinstance(outcome, Failure):
                _report_failure(outcome)
            else:
                _warn(outcome.analysis)
                pairs.append((outcome.document.text, outcome.analysis))
    with _output(output) as out:
        out.write(render_report(pairs, title, lang))
    if output not in (None, "-"):
        err.print(f"report of {len(pairs)} document(s) written to {output}", highlight=False, markup=False)
    _finished(stats, None, "{n} document(s) could not be read or analyzed")


@app.command(cls=_Command)
def entities(
    paths: Paths = None,
    urls: Urls = None,
    fmt: Format = None,
    output: Output = None,
    columns: ShownColumns = None,
    model: Model = DEFAULT_MODEL,
    misc: Misc = False,
    workers: Workers = None,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = DEFAULT_TEXT_COLUMN,
    id_column: IdColumn = DEFAULT_ID_COLUMN,
) -> None:
    """The entity table: canonical name, label and mentions."""
    fmt, shown = _format(fmt, output), _columns(View.entities, columns)
    _run(_Corpus(paths, input_format, text_column, id_column, urls, time_limit), View.entities, fmt, output, model, misc, workers,
         columns=shown)


@app.command(cls=_Command)
def analyze(
    paths: Paths = None,
    urls: Urls = None,
    fmt: JsonlFormat = None,
    output: Output = None,
    model: Model = DEFAULT_MODEL,
    misc: Misc = False,
    db: Db = None,
    workers: Workers = None,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    force: Force = False,
    quiet: Quiet = False,
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = DEFAULT_TEXT_COLUMN,
    id_column: IdColumn = DEFAULT_ID_COLUMN,
) -> None:
    """Everything per document (id, entities with mentions, quotes): the JSON contract of the scorers.

    With --db, the results go to the quote database instead, as with `extractor batch`.
    """
    corpus = _Corpus(paths, input_format, text_column, id_column, urls, time_limit)
    if db is not None:
        _store(corpus, db, model, misc, workers, batch_size, force, quiet)
    else:
        fmt = _format(fmt, output, OutputFormat.jsonl)
        _run(corpus, View.documents, fmt, output, model, misc, workers, batch_size, quiet)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class PartFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


@app.command(cls=_Command)
def batch(
    paths: Paths = None,
    urls: Urls = None,
    db: Optional[str] = typer.Option(
        None, "--db", metavar="FILE", help="The SQLite quote database to fill (created if missing); with --engine dask, optional."
    ),
    model: Model = DEFAULT_MODEL,
    misc: Misc = False,
    workers: Workers = None,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    force: Force = False,
    quiet: Quiet = False,
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = DEFAULT_TEXT_COLUMN,
    id_column: IdColumn = DEFAULT_ID_COLUMN,
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: processes on this machine; dask: a Dask cluster."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Dask: the scheduler's address (tcp://HOST:PORT); default: a LocalCluster here."
    ),
    threads: int = typer.Option(1, "--threads", min=1, metavar="N", help="Dask: threads per worker (each loads the pipeline)."),
    out: Optional[str] = typer.Option(
        None, "--out", metavar="FOLDER", help="Dask: the folder of partition files (default: DB.parts beside the database)."
    ),
    out_format: PartFormat = typer.Option(PartFormat.jsonl, "--out-format", help="Dask: partition files in JSONL or Parquet."),
    partition_mb: float = typer.Option(1.0, "--partition-mb", min=0.001, metavar="MB", help="Dask: megabytes of input per partition."),
) -> None:
    """Analyze a corpus into a quote database; run it again to resume (stored documents are skipped).

    With --engine dask, partitions of the corpus run on a Dask cluster and their results are written
    to --out as JSONL or Parquet, then loaded into --db if given; finished partitions are not run again.
    """
    corpus = _Corpus(paths, input_format, text_column, id_column, urls, time_limit)
    if engine is Engine.dask:
        _store_on_dask(corpus, db, out, out_format.value, model, misc, workers, threads, scheduler, batch_size,
                       partition_mb, force, quiet)
        return
    if db is None:
        raise _fail("--db FILE is needed (the local engine fills a quote database)", 2)
    _store(corpus, db, model, misc, workers, batch_size, force, quiet)


def _store_on_dask(
    corpus: _Corpus, db_path: Optional[str], out: Optional[str], out_format: str, model: str, misc: bool,
    workers: Optional[int], threads: int, scheduler: Optional[str], batch_size: int, partition_mb: float,
    force: bool, quiet: bool,
) -> None:
    from .run.dask import DaskRun, EngineError, Job, run_on_dask

    if db_path is None and out is None:
        raise _fail("--engine dask needs --db FILE, --out FOLDER, or both", 2)
    if "-" in corpus.paths:
        raise _fail("--engine dask reads files, not standard input: give files or folders", 2)
    if corpus.url_lists or any(is_url(path) for path in corpus.paths):
        raise _fail("--engine dask reads files, not web pages: read URLs with the local engine", 2)
    job = Job(
        out=out or f"{db_path}.parts", format=out_format, model=model, labels=_labels(misc),
        input_format=corpus.format.value, columns=corpus.columns, batch_size=batch_size,
    )
    database = None
    if db_path is not None:
        try:
            database = QuoteDatabase(db_path, model=model)
        except DatabaseError as exc:
            raise _fail(str(exc)) from exc
    failed_tasks: list[str] = []

    def on_error(partition, exc) -> None:  # type: ignore[no-untyped-def]
        names = ", ".join(s.path for s in partition.sources[:3]) + (" …" if len(partition.sources) > 3 else "")
        failed_tasks.append(names)
        err.print(f"[red]error:[/red] partition {partition.index} ({escape(names)}): {type(exc).__name__}: {escape(str(exc))}", highlight=False)

    def on_dashboard(link: str) -> None:
        if not quiet:
            err.print(f"Dask dashboard: {link}", highlight=False)

    def on_partition(done, stats: Stats, update) -> None:  # type: ignore[no-untyped-def]
        if not done.skipped:  # named as the local batch names them
            for doc_id, reason in done.failures:
                _report_failure(Failure(doc_id, reason))
        update(stats)

    run = DaskRun(scheduler=scheduler, workers=corpus.workers(workers), threads=threads, on_dashboard=on_dashboard)

    def interrupted(stats: Stats) -> str:
        return f"{stats.processed} document(s) analyzed; finished partitions are kept in {job.out}: run the same command again to resume"

    try:
        with _corpus_run(corpus, not quiet and err.is_terminal, interrupted) as (update, stats):
            run_on_dask(
                corpus.paths, job, run, database, force, int(partition_mb * 2**20),
                on_partition=lambda done, stats: on_partition(done, stats, update), on_error=on_error, stats=stats,
            )
    except EngineError as exc:
        raise _fail(str(exc)) from exc
    finally:
        if database is not None:
            database.close()
    if failed_tasks:
        err.print(f"{len(failed_tasks)} partition(s) could not be run: run the same command again to retry them")
    where = "the documents table (status 'failed')" if db_path else f"the rows of {job.out} with status 'failed'"
    summary = f"{stats.summary()} → {db_path or job.out}" if not quiet else None
    _finished(stats, summary, "{n} document(s) failed: their reasons are in " + where, other_failures=bool(failed_tasks))


@app.command(cls=_Command)
def search(
    db: DbToRead,
    query: Optional[str] = typer.Argument(None, metavar="QUERY", help="Words of the quote (any case, accents optional; word* for a prefix)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", metavar="WORDS", help="Words of the speaker's name or role."),
    quote_type: Optional[QuoteTypeChoice] = typer.Option(None, "--type", "-t", help="Only this type of quote."),
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    raw: bool = typer.Option(False, "--raw", help="QUERY is an SQLite FTS5 query (OR, NOT, NEAR, column:)."),
    flag: List[str] = typer.Option([], "--flag", metavar="FLAG", help="Only statements reported so: negated, hearsay, conditional, question, or not-FLAG (repeatable)."),
    fmt: Format = None,
    output: Output = None,
    columns: ShownColumns = None,
    full: Full = False,
) -> None:
    """The quotes that match, with speaker, source document and offsets, best match first."""
    kind = quote_type.value if quote_type else None
    _print_query(
        db, lambda database: database.search(query, speaker, kind, since, until, limit, raw, tuple(flag)), View.matches,
        _format(fmt, output), output, _columns(View.matches, columns), full,
    )


@app.command(cls=_Command)
def speakers(
    db: DbToRead,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    by: Optional[str] = typer.Option(None, "--by", metavar="GROUPS", help="Parity instead: gender, gender,month or gender,source."),
    fmt: Format = None,
    output: Output = None,
    columns: ShownColumns = None,
) -> None:
    """Who is quoted most (one row per person across the corpus), or with --by gender how often women,
    men and groups are quoted: statements and distinct people, with their shares."""
    fmt = _format(fmt, output)
    if by is not None:
        groups = tuple(part.strip() for part in by.split(",") if part.strip())
        view = View.parity_by_month if "month" in groups else View.parity_by_source if "source" in groups else View.parity
        _print_query(db, lambda database: database.parity(groups, since, until), view, fmt, output, _columns(view, columns))
        return
    _print_query(
        db, lambda database: database.speakers(limit, since, until), View.speakers, fmt, output,
        _columns(View.speakers, columns),
    )


def _print_query(
    db: str, query: Callable[[QuoteDatabase], Iterator[Any]], view: View, fmt: OutputFormat, output: Optional[str],
    columns: Optional[list[str]] = None, full: bool = False,
) -> None:
    """Run a query of the quote database and write its rows; a malformed query is a usage error."""
    _tabular(fmt)
    database = _open(db)
    try:
        rows = query(database)
        first = next(rows, None)  # a bad query fails here, before any output is opened
        with _output(output, fmt.binary) as out:
            write(_chain(first, rows), view, fmt, out, columns=columns, full=full)
    except QueryError as exc:
        raise _fail(str(exc), 2) from exc
    finally:
        database.close()


@app.command(cls=_Command)
def check(
    claim: Optional[str] = typer.Argument(None, metavar="CLAIM", help="The words said to have been said (leave out with --claims)."),
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATH", help="Articles to check against (files, folders, globs, URLs), instead of --db."),
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", metavar="NAME", help="Who is said to have said it (any form of the name, or the role)."),
    urls: Urls = None,
    claims: Optional[str] = typer.Option(None, "--claims", metavar="FILE", help="Many claims: JSON Lines of {\"claim\", \"speaker\"} or a CSV with those columns."),
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", help="Check against this quote database (made by `extractor batch`)."),
    limit: Limit = 10,
    fmt: Format = None,
    output: Output = None,
    model: Model = DEFAULT_MODEL,
    time_limit: TimeLimit = DEFAULT_SECONDS,
    input_format: InputFormatOpt = InputFormat.auto,
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
) -> None:
    """Did X really say it? The verdict for a claim (verbatim, altered, related, other-speaker,
    not-found) and the statements that support it, with the differences word by word. "related" is
    the same subject in other words: it may or may not say the same, read it."""
    from .check.lookup import check_claim, check_in_database, statements_of, vectors_of
    from .check.output import write_verdicts
    from .check.requests import Claim, ClaimsError, read_claims

    fmt = _tabular(_format(fmt, output), rows=False)
    paths = list(paths or [])
    if claims is not None:
        if claim is not None:
            paths.insert(0, claim)  # with --claims, every argument is an article
        try:
            asked = read_claims(claims)
        except ClaimsError as exc:
            raise _fail(str(exc), 2) from exc
    elif claim is None or not claim.strip():
        raise _fail("give a CLAIM, or --claims FILE", 2)
    else:
        asked = [Claim(claim.strip(), speaker)]
    if (db is None) == (not paths and not urls):
        raise _fail("check against either --db FILE or articles (PATH... or --urls FILE), one of the two", 2)
    nlp = _vectors_only(model) if db is not None else _load(model)
    vector = vectors_of(nlp.vocab)
    if db is not None:
        database = _open(db)
        try:
            verdicts = [check_in_database(database, c.claim, c.speaker, vector, limit) for c in asked]
        finally:
            database.close()
    else:
        corpus = _Corpus(paths, input_format, text_column, id_column, urls, time_limit)
        statements = []
        for analysis in analyze_corpus(corpus.documents(), nlp, on_failure=_report_failure, time_limit=corpus.time_limit):
            statements += list(statements_of(analysis))
        verdicts = [check_claim(c.claim, c.speaker, statements, vector, limit) for c in asked]
    with _output(output) as out:
        write_verdicts(verdicts, fmt, out)


@app.command(cls=_Command)
def serve(
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", help="The quote database to search and check against (opened read-only)."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="The address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, metavar="PORT", help="The port to listen on."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, metavar="N", help="Server processes (each loads the pipeline, about 600 MB)."),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help="Also fetch pages on private and local addresses (dangerous on a server others reach)."),
    max_body_mb: float = typer.Option(5.0, "--max-body-mb", min=0.001, metavar="MB", help="The largest request body (413 beyond)."),
    time_limit: float = typer.Option(30.0, "--time-limit", min=0.1, metavar="SECONDS", help="Seconds an analysis may take, waiting included (503 beyond)."),
    model: Model = DEFAULT_MODEL,
) -> None:
    """The newsroom web app and its JSON API: pages Analyse, Vérifier and Base; the API under /api, OpenAPI at /docs."""
    from .serve.command import ServeError
    from .serve.command import serve as run_server

    try:
        run_server(db, host, port, workers, allow_private_urls, max_body_mb, time_limit, model)
    except (ServeError, ModelNotFound) as exc:
        raise _fail(str(exc)) from exc


@app.command("eval", cls=_Command)
def eval_(
    gold_dir: str = typer.Argument(..., metavar="GOLD_DIR", help="A folder of *.gold.json files with their texts."),
    fmt: Format = None,
    output: Output = None,
    model: Model = DEFAULT_MODEL,
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss after the scores."),
) -> None:
    """Score the tool on your own annotated articles: precision, recall, attribution and the misses."""
    fmt = _tabular(_format(fmt, output), rows=False)
    try:
        nlp = load_pipeline(model)
        report = evaluate(gold_dir, nlp)
    except (ModelNotFound, GoldError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc
    with _output(output) as out:
        write_report(report, fmt, out, misses)


def main() -> None:
    terminate_as_interrupt()  # SIGTERM stops a run as Ctrl-C does: summary, clean-up, workers ended
    app()


if __name__ == "__main__":
    main()
