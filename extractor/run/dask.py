"""Corpora beyond one machine: the batch on Dask, partition by partition.

The driver lists the input files (:func:`plan`) and cuts them into partitions of about
``partition_bytes`` each: several small files together, a large JSONL file into blocks of whole lines.
Each partition is one Dask task (:func:`run_partition`): on a worker, it reads its files with the
readers of :mod:`extractor.io.readers`, sends the documents through :func:`extractor.run.batch.process` — the
very function of the local batch, so the records are the same — with the pipeline that worker loaded
once, and writes one row per input to ``OUT/part-NNNNN-SIGNATURE.jsonl`` or ``.parquet``, written to a
temporary name and renamed into place. The driver then loads each finished partition into the SQLite
database (:func:`load_partition`), or leaves the files for the user's own tools (DuckDB, pandas, Spark).

Resumable by partition: a partition whose file is already in ``OUT`` is not run again. Its signature
is a hash of its files' names, sizes and modification times and of the options that change the
records, so a changed file or another model makes a new partition.

A row (JSONL line or Parquet row): ``id``, ``status`` (``ok`` or ``failed``), ``error``, the
document's ``path``, ``title``, ``date``, ``author``, ``url``, ``encoding``, ``hash``, ``words`` and
``text``, then ``entities``, ``quotes`` and ``warnings`` as in ``Analysis.to_dict()``.

Example:
    >>> stats = run_on_dask(["corpus/"], Job(out="parts/"), db=QuoteDatabase("quotes.db"))  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..io.database import QuoteDatabase
from ..io.readers import (
    Columns,
    Document,
    InputFormat,
    ReadError,
    format_of,
    jsonl_blocks,
    list_files,
    read_file,
    read_jsonl_block,
)
from ..io.writers import open_output, replaced_atomically
from ..pipeline import DEFAULT_MODEL, SHOWN_LABELS, load_pipeline
from ..records import DOCUMENT_SOURCE_FIELDS, Analysis, Quote, document_row
from .batch import DEFAULT_BATCH_SIZE, Failure, Processed, Stats, process, store
from .duplicates import DuplicateIndex

# Bytes of input per partition: about 500 news articles of plain text, half a minute to a minute of one
# core; small enough that an interrupted run loses little and that every worker gets several, large
# enough that scheduling (a few milliseconds a task) costs nothing.
DEFAULT_PARTITION_BYTES = 1 << 20
INSTALL = "the Dask engine needs dask, distributed and pyarrow: pip install 'extractor[dask]'"


class EngineError(RuntimeError):
    """The Dask engine cannot run: not installed, or no scheduler at that address."""


@dataclass(frozen=True)
class Source:
    """One input of a partition: a whole file, a block of lines of a JSONL file, or a path in error."""

    path: str
    id: str
    start: int = 0
    end: int | None = None  # None: the whole file
    first_line: int = 1
    error: str | None = None  # the path names nothing readable: a failure in its turn
    size: int = 0
    mtime_ns: int = 0


@dataclass(frozen=True)
class Job:
    """What every partition is run with (sent to the workers)."""

    out: str
    format: str = "jsonl"
    model: str = DEFAULT_MODEL
    labels: tuple[str, ...] = SHOWN_LABELS
    input_format: str = "auto"
    columns: Columns = Columns()
    batch_size: int = DEFAULT_BATCH_SIZE

    def signature(self) -> dict[str, Any]:
        """What changes the records: two runs that differ in these do not share partitions."""
        return {
            "model": self.model,
            "labels": list(self.labels),
            "input_format": self.input_format,
            "columns": asdict(self.columns),
            "format": self.format,
        }


@dataclass(frozen=True)
class Partition:
    """A share of the corpus, run as one task; its file is named by its index and its signature."""

    index: int
    sources: tuple[Source, ...]
    signature: str

    def file(self, job: Job) -> Path:
        return Path(job.out) / f"part-{self.index:05d}-{self.signature[:12]}.{job.format}"


@dataclass(frozen=True)
class PartitionDone:
    """What a worker sends back: where the rows are, their counts, and the failures by id and reason
    (not the rows themselves)."""

    index: int
    file: str
    processed: int
    failed: int
    quotes: int
    words: int
    skipped: bool = False  # already in OUT from an earlier run
    failures: tuple[tuple[str, str], ...] = ()



class _Tally:
    """Counts outcomes as they stream past, as the local batch counts them (``Stats.count``)."""

    def __init__(self) -> None:
        self.stats = Stats()
        self.failures: list[tuple[str, str]] = []

    def through(self, outcomes: Iterable[Processed | Failure]) -> Iterator[Processed | Failure]:
        for outcome in outcomes:
            self.stats.count(outcome)
            if isinstance(outcome, Failure):
                self.failures.append((outcome.id, outcome.reason))
            yield outcome

    def done(self, index: int, file: Path, skipped: bool = False) -> PartitionDone:
        s = self.stats
        return PartitionDone(index, str(file), s.processed, s.failed, s.quotes, s.words, skipped, tuple(self.failures))


# -- planning (on the driver) ---------------------------------------------------------------------


def plan(
    paths: Iterable[str], job: Job, partition_bytes: int = DEFAULT_PARTITION_BYTES
) -> list[Partition]:
    """The partitions of a corpus: files in the order the local batch reads them, grouped into
    partitions of about ``partition_bytes``, a larger JSONL file cut into blocks of whole lines.

    Only file names and sizes are read here (and JSONL files larger than a partition, once, for their
    line breaks); the documents are read by the workers.
    """
    partitions: list[Partition] = []
    current: list[Source] = []
    weight = 0

    def close() -> None:
        nonlocal current, weight
        if current:
            partitions.append(_partition(len(partitions), current, job))
        current, weight = [], 0

    for item in list_files(paths, job.input_format):
        if isinstance(item, ReadError):
            current.append(Source(item.id, item.id, error=item.reason))
            continue
        file, doc_id = item
        try:
            stat = file.stat()
        except OSError as exc:
            current.append(Source(str(file), doc_id, error=exc.strerror or str(exc)))
            continue
        if format_of(file, job.input_format) is InputFormat.jsonl and stat.st_size > partition_bytes:
            close()
            try:
                blocks = jsonl_blocks(file, partition_bytes)
            except OSError as exc:
                current.append(Source(str(file), doc_id, error=exc.strerror or str(exc)))
                continue
            for start, end, first_line in blocks:
                current.append(Source(str(file), doc_id, start, end, first_line, None, stat.st_size, stat.st_mtime_ns))
                close()
            continue
        current.append(Source(str(file), doc_id, size=stat.st_size, mtime_ns=stat.st_mtime_ns))
        weight += stat.st_size
        if weight >= partition_bytes:
            close()
    close()
    return partitions


def _partition(index: int, sources: list[Source], job: Job) -> Partition:
    described = json.dumps([[asdict(s) for s in sources], job.signature()], sort_keys=True)
    return Partition(index, tuple(sources), hashlib.sha256(described.encode()).hexdigest())


# -- on a worker ----------------------------------------------------------------------------------

_local = threading.local()


def worker_pipeline(model: str):  # type: ignore[no-untyped-def]
    """The pipeline of this worker thread, loaded on its first partition and kept for the next ones.

    One per thread: a spaCy pipeline is not meant to run two batches at once.
    """
    pipelines: dict[str, Any] = getattr(_local, "pipelines", None) or {}
    _local.pipelines = pipelines
    if model not in pipelines:
        pipelines[model] = load_pipeline(model)
    return pipelines[model]


def warm_up(model: str = DEFAULT_MODEL) -> str:
    """Load this worker thread's pipeline now (``client.submit(warm_up, workers=[address])``), so that
    the first partition does not wait for it; returns the pipeline's name."""
    return str(worker_pipeline(model).meta.get("name"))


def read_partition(partition: Partition, job: Job) -> Iterator[Document | ReadError]:
    """The documents of a partition, in order, read as the local batch reads them."""
    for source in partition.sources:
        if source.error is not None:
            yield ReadError(source.id, source.error)
        elif source.end is not None:
            yield from read_jsonl_block(Path(source.path), source.id, source.start, source.end, source.first_line, job.columns)
        else:
            yield from read_file(Path(source.path), source.id, job.input_format, job.columns)


def run_partition(partition: Partition, job: Job, nlp: Any = None) -> PartitionDone:
    """Run one partition (the Dask task): read, analyze with :func:`~extractor.run.batch.process`, write.

    Args:
        partition: what to read.
        job: the options, the output folder among them.
        nlp: the pipeline; by default the worker's own (:func:`worker_pipeline`).
    """
    target = partition.file(job)
    if target.exists():
        return _counted(partition.index, target, job.format)
    nlp = nlp if nlp is not None else worker_pipeline(job.model)
    tally = _Tally()
    outcomes = tally.through(process(read_partition(partition, job), nlp, job.labels, job.batch_size))
    _write_rows((row_of(outcome) for outcome in outcomes), target, job.format)
    return tally.done(partition.index, target)


def row_of(outcome: Processed | Failure) -> dict[str, Any]:
    """The row of one input: the document, its status and reason, and its records."""
    if isinstance(outcome, Processed):
        row = document_row(outcome.document.id, outcome.document)
    else:
        row = document_row(outcome.id, outcome.document, outcome.reason)
    analysis = outcome.analysis.to_dict() if isinstance(outcome, Processed) else {}
    row["entities"] = analysis.get("entities", [])
    row["quotes"] = analysis.get("quotes", [])
    row["warnings"] = analysis.get("warnings", [])
    return row


def outcome_of(row: dict[str, Any]) -> Processed | Failure:
    """The outcome a row was made from (:func:`row_of` read back)."""
    document = None
    if row.get("text") is not None:
        document = Document(
            row["id"], row["text"], **{k: row.get(k) for k in DOCUMENT_SOURCE_FIELDS}
        )
    if row["status"] == "failed":
        return Failure(row["id"], row["error"], document)
    assert document is not None
    return Processed(document, Analysis.from_dict(row))


def _write_rows(rows: Iterable[dict[str, Any]], target: Path, fmt: str) -> None:
    """Write the rows to a temporary file beside ``target``, then rename it: a partition's file is
    whole or absent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(target) as temporary:
        if fmt == "parquet":
            _write_parquet(iter(rows), temporary)
        else:
            with temporary.open("w", encoding="utf-8") as out:
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _counted(index: int, file: Path, fmt: str) -> PartitionDone:
    """The counts of a partition an earlier run wrote."""
    tally = _Tally()
    for _ in tally.through(outcome_of(row) for row in read_rows(file, fmt)):
        pass
    return tally.done(index, file, skipped=True)


# -- Parquet --------------------------------------------------------------------------------------


def parquet_schema():  # type: ignore[no-untyped-def]
    """The one schema of every partition's Parquet file (nested lists for entities and quotes)."""
    import pyarrow as pa

    text = pa.string()
    mention = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", text)])
    entity = pa.struct([("name", text), ("label", text), ("mentions", pa.list_(mention))])
    # every other field of a quote is text (or null)
    arrow = {"int": pa.int64(), "int | None": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    quote = pa.struct([(f.name, arrow.get(str(f.type), text)) for f in fields(Quote)])
    columns = [(name, text) for name in ("id", "status", "error", "path", "title", "date", "author", "url", "encoding", "hash")]
    return pa.schema(
        columns
        + [("words", pa.int64()), ("text", text), ("entities", pa.list_(entity)), ("quotes", pa.list_(quote)),
           ("warnings", pa.list_(text))]
    )


_PART_NAME = re.compile(r"part-\d{5}-[0-9a-f]{12}\.(jsonl|parquet)")
_PARQUET_ROWS = 1000  # rows per row group: a partition is written in pieces, never held whole


def _write_parquet(rows: Iterator[dict[str, Any]], target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= _PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def read_rows(file: str | Path, fmt: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one partition's file, in order."""
    file = Path(file)
    fmt = fmt or file.suffix.lstrip(".")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(file)
        for group in range(parquet.num_row_groups):
            yield from parquet.read_row_group(group).to_pylist()
        return
    with file.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


# -- the driver -----------------------------------------------------------------------------------


@dataclass
class DaskRun:
    """How to reach Dask: a client already connected, an existing scheduler, or a ``LocalCluster``."""

    client: Any = None  # a dask.distributed.Client the caller opened (and closes)
    scheduler: str | None = None
    workers: int | None = None  # LocalCluster only; default: one per core
    threads: int = 1  # per worker; each thread holds its own pipeline
    on_dashboard: Callable[[str], None] | None = None
    memory_limit: str = "auto"
    cluster_options: dict[str, Any] = field(default_factory=dict)


def load_partition(
    file: str | Path, db: QuoteDatabase, fmt: str | None = None, force: bool = False,
    duplicates: DuplicateIndex | None = None,
) -> tuple[int, int]:
    """Store one partition's rows in the quote database, as the local batch stores its outcomes.

    A document already stored with the same text is kept as it is (unless ``force``); with
    ``duplicates`` (the index of ``db``, kept from one partition to the next), one that copies a
    document stored before it is flagged as the local batch flags it. Committed at the end: a
    partition is loaded whole or not at all. Returns ``(stored, kept)``.
    """
    stored = kept = 0
    try:
        for row in read_rows(file, fmt):
            outcome = outcome_of(row)
            if isinstance(outcome, Processed) and not force and db.is_done(outcome.document):
                kept += 1
                continue
            store(db, outcome, duplicates)
            stored += 1
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return stored, kept


def run_on_dask(
    paths: Iterable[str],
    job: Job,
    run: DaskRun = DaskRun(),
    db: QuoteDatabase | None = None,
    force: bool = False,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    on_partition: Callable[[PartitionDone, Stats], None] | None = None,
    on_error: Callable[[Partition, BaseException], None] | None = None,
    stats: Stats | None = None,
) -> Stats:
    """Run a corpus on Dask: every partition not already in ``job.out`` as a task, each finished one
    loaded into ``db`` (if given) as soon as it is back.

    Args:
        paths: files, folders and globs (standard input cannot be shared out).
        job: the options every partition runs with, the output folder and format among them.
        run: the scheduler's address, or the size of the ``LocalCluster`` to start.
        db: the quote database to fill, or None to leave the partitions' files only.
        force: run every partition again, and replace documents already stored.
        partition_bytes: input bytes per partition.
        on_partition: called with each partition done and the counts so far (progress).
        on_error: called with a partition whose task failed (a worker died three times, say): it
            has no file, so the next run runs it again.

    Raises:
        EngineError: Dask is not installed, or no scheduler answers at ``run.scheduler``.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise EngineError(INSTALL) from exc
    if job.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise EngineError(INSTALL) from exc
    stats = stats if stats is not None else Stats()
    duplicates = DuplicateIndex.for_database(db) if db is not None else None  # read in when first used
    if duplicates is not None:
        stats.duplicates += duplicates.catch_up()  # now, if the database was made before copies were flagged
    partitions = plan(paths, job, partition_bytes)
    Path(job.out).mkdir(parents=True, exist_ok=True)
    _write_manifest(partitions, job)
    current = {p.file(job).name for p in partitions}
    for stale in Path(job.out).glob(f"part-*.{job.format}"):
        if _PART_NAME.fullmatch(stale.name) and (force or stale.name not in current):
            stale.unlink()  # a partition of an earlier corpus, or run again: `OUT/*.parquet` is this corpus
    with ExitStack() as stack:
        todo = []
        for partition in partitions:
            if partition.file(job).exists():
                done = _counted(partition.index, partition.file(job), job.format)
                _finish(done, job, db, duplicates, force, stats, on_partition)
            else:
                todo.append(partition)
        if not todo:
            return stats
        client = run.client if run.client is not None else stack.enter_context(_client(run, Client, LocalCluster, stack))
        if run.on_dashboard and "dashboard" in client.scheduler_info().get("services", {}):
            run.on_dashboard(client.dashboard_link)  # served only when bokeh is installed
        futures = {client.submit(run_partition, p, job, key=f"extractor-{p.signature}", pure=False): p for p in todo}
        for future in as_completed(futures):
            partition = futures[future]
            try:
                done = future.result()
            except Exception as exc:  # the task, not a document, failed: reported, redone next time
                if on_error:
                    on_error(partition, exc)
                continue
            _finish(done, job, db, duplicates, force, stats, on_partition)
    return stats


def _client(run: DaskRun, Client: Any, LocalCluster: Any, stack: ExitStack) -> Any:
    if run.scheduler:
        try:
            return Client(run.scheduler)  # waits distributed.comm.timeouts.connect (Dask's config)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"no Dask scheduler answers at {run.scheduler} ({exc})") from exc
    import dask

    # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, so that memory goes back to the system
    # sooner; spaCy, which allocates and frees many small arrays per document, then runs 10-20% slower
    # (benchmarks/dask_throughput.py). The workers of our LocalCluster keep glibc's own threshold.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=run.workers,
                threads_per_worker=run.threads,
                processes=True,
                memory_limit=run.memory_limit,
                dashboard_address=":0",
                silence_logs=40,  # errors only: the progress is ours
                **run.cluster_options,
            )
        )
    return Client(cluster)


def _finish(
    done: PartitionDone, job: Job, db: QuoteDatabase | None, duplicates: DuplicateIndex | None, force: bool,
    stats: Stats, on_partition: Callable[[PartitionDone, Stats], None] | None,
) -> None:
    """Count a partition (analyzed now, or found done by an earlier run) and load it into ``db``, its
    copies of documents stored before flagged through ``duplicates``, the index of ``db``."""
    if db is not None:
        assert duplicates is not None
        flagged = duplicates.flagged
        load_partition(done.file, db, job.format, force, duplicates)
        stats.duplicates += duplicates.flagged - flagged
    if done.skipped:
        stats.skipped += done.processed
    else:
        stats.processed += done.processed
        stats.quotes += done.quotes
        stats.words += done.words
    stats.failed += done.failed  # failures stay failures until the user deals with them (--force)
    if on_partition:
        on_partition(done, stats)


def _write_manifest(partitions: list[Partition], job: Job) -> None:
    """``OUT/_partitions.json``: the partitions of this run and their files, for the user's tools."""
    manifest = {
        "job": job.signature(),
        "partitions": [
            {"file": p.file(job).name, "sources": [s.path if s.end is None else f"{s.path}@{s.start}-{s.end}" for s in p.sources]}
            for p in partitions
        ],
    }
    with open_output(str(Path(job.out) / "_partitions.json")) as out:
        json.dump(manifest, out, ensure_ascii=False, indent=1)


__all__ = [
    "DEFAULT_PARTITION_BYTES",
    "DaskRun",
    "EngineError",
    "Job",
    "Partition",
    "PartitionDone",
    "Source",
    "load_partition",
    "outcome_of",
    "plan",
    "read_partition",
    "read_rows",
    "row_of",
    "run_on_dask",
    "run_partition",
    "warm_up",
]
