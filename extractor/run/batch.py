"""Corpora at full speed: documents streamed through ``nlp.pipe``, one bad document never stops the rest.

:func:`process` sends documents through ``nlp.pipe(..., as_tuples=True, n_process=workers)`` and
yields, in input order, a :class:`Processed` (the document and its records) or a :class:`Failure`
(its id and the reason) for every input. Nothing holds the corpus: documents are read as the pipeline
asks for them, and only the few batches in flight are kept.

A document that makes a component raise is dropped by spaCy (with the error handler set here, instead
of stopping the whole stream); the documents that do not come out are run again one by one in this
process, which gives the exception of the one at fault and saves the others of its batch.

:func:`store_corpus` fills a :class:`~extractor.io.database.QuoteDatabase`, skipping what is already
stored (same id, same text), and :func:`analyze_corpus` yields the analyses for the writers of
``output.py``. Both report progress through a callback.

Example:
    >>> from extractor.records import Document
    >>> docs = [Document("a", "« Non », a dit Paul Martin.")]
    >>> [type(r).__name__ for r in process(docs, nlp)]  # doctest: +SKIP
    ['Processed']
"""

from __future__ import annotations

import os
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..io.database import QuoteDatabase
from ..io.readers import ReadError
from ..nlp.analysis import RECORDS, SHOWN_LABELS, to_analysis
from ..pipeline import analyze_long, piece_limit
from ..records import Analysis, Document, content_hash
from .duplicates import DuplicateIndex

# Documents per nlp.pipe batch, measured (benchmarks/throughput.py --batch-sizes; Wikinews articles of
# 230 words on average): words/s do not depend on it beyond the machine's ±10% noise (one process,
# best of two on 200 articles: 4 → 0.94, 8 → 0.91, 16 → 0.86, 32 → 1.00 of the best; two workers on
# 616 articles: 8 → 4,840, 32 → 4,580 words/s), while peak memory grows with it (603 MB at 8, 681 MB
# at 32 on 200 articles; 706 → 854 MB from 8 to 32 on 616 before long texts went alone): the smallest
# batch that is as fast.
DEFAULT_BATCH_SIZE = 8
# A longer text goes through the pipeline in a batch of its own (padded with empty texts): a batch's
# working memory grows with the size of its documents, and one long document in a batch of ordinary
# ones would set the peak of the whole run.
ALONE_CHARACTERS = 10_000
PADDING = -1  # the sequence number of the empty texts that pad a long document's batch
# Commit at least this often (and at the end, and when interrupted): a crash that leaves no time to
# commit loses at most this much work, which the next run redoes.
COMMIT_SECONDS = 2.0


# below this many documents, starting worker processes (each loads the pipeline) costs more than it saves
PARALLEL_FROM = 50


def workers_for(documents: int | None) -> int:
    """The default number of processes for a corpus of ``documents`` (None: unknown, standard input):
    every core from :data:`PARALLEL_FROM` documents on, one below."""
    return default_workers() if documents is not None and documents >= PARALLEL_FROM else 1


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Processed:
    """A document and what the pipeline found in it."""

    document: Document
    analysis: Analysis


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or analyzed, and why."""

    id: str
    reason: str
    document: Document | None = None


Outcome = Processed | Failure


@dataclass
class Stats:
    """Counts of a run, updated as documents come out; ``total`` is known for files, not for stdin."""

    processed: int = 0
    skipped: int = 0
    failed: int = 0
    quotes: int = 0
    words: int = 0
    duplicates: int = 0  # documents stored as copies of earlier ones (``documents.duplicate_of``)
    total: int | None = None
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> int:
        """Documents dealt with so far, whatever happened to them."""
        return self.processed + self.skipped + self.failed

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def count(self, outcome: Outcome) -> None:
        """Count one outcome: a failure, or a document analyzed with its quotes and words."""
        if isinstance(outcome, Failure):
            self.failed += 1
        else:
            self.processed += 1
            self.quotes += len(outcome.analysis.quotes)
            self.words += len(outcome.document.text.split())

    def summary(self) -> str:
        """One line: what was done, how fast."""
        parts = [f"{self.processed} document(s) analyzed"]
        if self.skipped:
            parts.append(f"{self.skipped} already stored (skipped)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.duplicates:
            parts.append(f"{self.duplicates} near-duplicate(s) flagged")
        parts.append(f"{self.quotes} quote(s)")
        return ", ".join(parts) + f" in {self.seconds:.1f} s ({self.words_per_second:,.0f} words/s)"


ProgressCallback = Callable[[Stats], None]


_EMPTY = content_hash("")


class _InputError(Exception):
    """The documents' iterator raised (its exception is the cause)."""


def _ignore_error(*_: Any) -> None:
    """spaCy's error handler while streaming: drop the documents (they are retried one by one)."""


def process(
    items: Iterable[Document | ReadError],
    nlp: Language,
    labels: Iterable[str] = SHOWN_LABELS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
) -> Iterator[Outcome]:
    """Analyze a stream of documents, yielding one outcome per input, in input order.

    Args:
        items: documents, and read errors to pass through as failures (from ``iter_documents``).
        nlp: a pipeline from :func:`~extractor.pipeline.load_pipeline`.
        labels: the entity labels to report.
        batch_size: documents per ``nlp.pipe`` batch.
        workers: processes (``nlp.pipe``'s ``n_process``); a stream of no more than one batch runs
            in this process, since more processes would get no work.
    """
    labels = tuple(labels)
    stream = iter(items)
    if workers > 1:
        head = list(islice(stream, batch_size + 1))
        if len(head) <= batch_size:
            workers = 1
        stream = chain(head, stream)
    numbered = enumerate(stream)
    pending: deque[tuple[int, Document | ReadError]] = deque()

    limit = piece_limit(nlp)

    def feed() -> Iterator[tuple[str, int]]:
        fed = 0
        while True:
            try:
                seq, item = next(numbered)
            except StopIteration:
                return
            except Exception as exc:  # the input broke, not the pipeline: not to be retried
                raise _InputError() from exc
            pending.append((seq, item))
            if not isinstance(item, Document) or len(item.text) > limit:
                continue  # a failure, or a text analyzed in pieces: done in its turn
            if len(item.text) > ALONE_CHARACTERS and batch_size > 1:
                # alone in its batch: empty texts up to the batch's end, then a batch of its own
                before = -fed % batch_size
                yield from [("", PADDING)] * before
                yield item.text, seq
                yield from [("", PADDING)] * (batch_size - 1)
                fed += before + batch_size
            else:
                yield item.text, seq
                fed += 1

    with _dropping_errors(nlp), _records_in_workers(nlp, labels, workers), _msgpack_plugins_looked_up_once(workers):
        while True:
            try:
                for doc, seq in _pipe(nlp, feed(), pending, batch_size, workers):
                    while pending and pending[0][0] < seq:
                        yield _missing(pending.popleft()[1], nlp, labels)
                    _, item = pending.popleft()
                    assert isinstance(item, Document)
                    yield _convert(doc, item, labels)
            except _InputError as exc:
                while pending:  # what was read before the input broke is still analyzed
                    yield _missing(pending.popleft()[1], nlp, labels)
                cause = exc.__cause__
                assert cause is not None
                # the reader's own error, without the wrapper: re-raised as is, its chain would lead back
                # to itself (cause → wrapper → cause), and a traceback printer would follow it forever
                exc.__cause__ = exc.__context__ = None
                raise cause from None
            except Exception:
                # a component that does not take spaCy's error handler (the parser, the NER) raised
                # and ended the stream: its batch goes one by one, then the stream starts again
                if not pending:
                    raise  # not a document's fault: the pipeline cannot run at all
                while pending:
                    yield _missing(pending.popleft()[1], nlp, labels)
                continue
            break
        while pending:
            yield _missing(pending.popleft()[1], nlp, labels)


def _pipe(
    nlp: Language, feed: Iterator[tuple[str, int]], pending: deque, batch_size: int, workers: int
) -> Iterator[tuple[Doc, int]]:
    """``nlp.pipe`` over ``(text, seq)`` pairs, yielding ``(doc, seq)`` in order; dropped ones are skipped.

    In one process, ``as_tuples`` carries the sequence numbers. With worker processes it would
    tokenize and serialize every document in this process before sending it off (spaCy 3.8), which
    takes the time of a worker's whole pipeline per four documents: the texts go as they are, and
    each result is matched to its document by the text's hash, which :class:`RecordsInWorker` sends
    back with the records.
    """
    if workers <= 1:
        for doc, seq in nlp.pipe(feed, as_tuples=True, batch_size=batch_size):
            if seq != PADDING:
                yield doc, seq
        return
    texts = (text for text, _ in feed)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        digest = doc.user_data[RECORDS]["hash"]
        if digest == _EMPTY:
            continue  # padding (or an empty document, whose records are those of the padding)
        for seq, item in pending:
            if isinstance(item, Document) and item.hash == digest:
                yield doc, seq
                break


@contextmanager
def _dropping_errors(nlp: Language) -> Iterator[None]:
    """While streaming, a component that raises drops its documents instead of ending the stream."""
    previous = nlp.default_error_handler
    nlp.default_error_handler = _ignore_error
    changed = []
    for _, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            try:
                proc.set_error_handler(_ignore_error)
                changed.append(proc)
            except AttributeError:  # the Cython parsers have no slot for it (spaCy 3.8)
                pass
    try:
        yield
    finally:
        nlp.default_error_handler = previous
        for proc in changed:
            proc.set_error_handler(previous)


@contextmanager
def _msgpack_plugins_looked_up_once(workers: int) -> Iterator[None]:
    """With worker processes, srsly's msgpack looks up its plugins once, not at every call.

    Every document crosses the process boundary as msgpack, and at each call srsly (2.5) goes through
    the entry points of every installed package and through catalogue's whole registry to find its
    msgpack plugins: 1.6 of the 1.8 ms it takes to read one document's records back, and as much to
    write them in the worker. The plugins found once at the start are the same ones; the registries
    are put back afterwards.
    """
    try:
        from srsly.msgpack import msgpack_decoders, msgpack_encoders
    except ImportError:  # pragma: no cover - another srsly
        yield
        return
    registries = [msgpack_decoders, msgpack_encoders] if workers > 1 else []
    for registry in registries:
        found = registry.get_all()
        registry.get_all = lambda found=found: dict(found)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for registry in registries:
            del registry.get_all


@contextmanager
def _records_in_workers(nlp: Language, labels: tuple[str, ...], workers: int) -> Iterator[None]:
    """With worker processes, the pipeline ends with :class:`RecordsInWorker` while streaming."""
    if workers <= 1 or RECORDS in nlp.pipe_names:
        yield
        return
    nlp.add_pipe(RECORDS, last=True, config={"labels": list(labels)})
    try:
        yield
    finally:
        nlp.remove_pipe(RECORDS)


def _convert(doc: Doc, document: Document, labels: tuple[str, ...]) -> Outcome:
    try:
        records = doc.user_data.get(RECORDS)
        if records is not None:
            return _noted(document, Analysis.from_dict({**records, "id": document.id}))  # from a worker
        return _noted(document, to_analysis(doc, document.id, labels))
    except Exception as exc:  # one bad document never stops the batch
        return Failure(document.id, _describe(exc), document)


_UTF8 = (None, "utf-8", "utf-8-sig", "ascii")


def _noted(document: Document, analysis: Analysis) -> Processed:
    """The outcome, with a warning when the file was not UTF-8: offsets are into the decoded text,
    which a reader of the raw bytes in another encoding must know."""
    if document.encoding not in _UTF8:
        note = f"read as {document.encoding}, not UTF-8: offsets are into the decoded text"
        analysis = replace(analysis, warnings=(note, *analysis.warnings))
    return Processed(document, replace(analysis, title=document.title, date=document.date, url=document.url))


def _missing(item: Document | ReadError, nlp: Language, labels: tuple[str, ...]) -> Outcome:
    """An input that did not go through ``nlp.pipe`` (too long: analyzed here in pieces) or did not come
    out of it: why, or its records (a bystander in the batch of a document that failed)."""
    if isinstance(item, ReadError):
        return Failure(item.id, item.reason)
    try:
        if len(item.text) > piece_limit(nlp):  # in pieces, one at a time, in this process
            return _noted(item, analyze_long(item.text, item.id, nlp, labels))
        doc = nlp.make_doc(item.text)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    except Exception as exc:
        return Failure(item.id, _describe(exc), item)
    return _convert(doc, item, labels)


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def analyze_corpus(
    items: Iterable[Document | ReadError],
    nlp: Language,
    labels: Iterable[str] = SHOWN_LABELS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_progress: ProgressCallback | None = None,
    stats: Stats | None = None,
) -> Iterator[Analysis]:
    """The analyses of a corpus, in order, for the writers; failures go to ``on_failure``.

    Example:
        >>> with open("out.jsonl", "w") as out:  # doctest: +SKIP
        ...     write(analyze_corpus(iter_documents(["corpus/"]), nlp), View.documents, OutputFormat.jsonl, out)
    """
    stats = stats if stats is not None else Stats()
    for outcome in process(items, nlp, labels, batch_size, workers):
        stats.count(outcome)
        if isinstance(outcome, Failure) and on_failure:
            on_failure(outcome)
        if on_progress:
            on_progress(stats)
        if isinstance(outcome, Processed):
            yield outcome.analysis


def store(db: QuoteDatabase, outcome: Outcome, duplicates: DuplicateIndex | None = None) -> str | None:
    """One outcome into the quote database: the document and its records, or its failure and why.

    With ``duplicates``, the index of ``db``, a document that copies one stored before it is flagged
    (``duplicate_of``) in the same transaction, and the copies of a document stored again are flagged
    again (its text may have changed). Returns the id of the document it copies, or None.
    """
    if duplicates is None:
        _write(db, outcome)
        return None
    doc_id = outcome.document.id if isinstance(outcome, Processed) else outcome.id
    try:
        _write(db, outcome)
        original = _flag(db, duplicates, outcome)
        _flag_copies_again(db, duplicates, doc_id)
    except BaseException:
        # stopped between the document and its flags (Ctrl-C): a document is written whole or not at
        # all, so it goes, and the next run does it again
        db.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        raise
    return original


def _write(db: QuoteDatabase, outcome: Outcome) -> None:
    if isinstance(outcome, Failure):
        db.add_failure(outcome.id, outcome.reason, outcome.document)
    else:
        db.add(outcome.document, outcome.analysis)


def _flag(db: QuoteDatabase, duplicates: DuplicateIndex, outcome: Outcome) -> str | None:
    """Flag a document just written as the copy of an earlier one, if it is one; its id, or None."""
    if isinstance(outcome, Failure):
        duplicates.discard(outcome.id)
        return None
    document = outcome.document
    original = duplicates.mark(document.id, document.text)
    if original is not None:
        db.conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (original, document.id))
    return original


def _flag_copies_again(db: QuoteDatabase, duplicates: DuplicateIndex, doc_id: str) -> None:
    """The copies of a document just written again, flagged again in the order they were stored: if its
    text changed or it failed, the first of them is the first of its kind now."""
    copies = db.conn.execute(
        "SELECT id, text FROM documents WHERE duplicate_of = ? AND status = 'ok' ORDER BY rowid", (doc_id,)
    ).fetchall()
    if copies:
        originals = duplicates.mark_copies([(copy_id, text) for copy_id, text in copies])
        db.conn.executemany(
            "UPDATE documents SET duplicate_of = ? WHERE id = ?", zip(originals, (row[0] for row in copies))
        )


def store_corpus(
    items: Iterable[Document | ReadError],
    nlp: Language,
    db: QuoteDatabase,
    labels: Iterable[str] = SHOWN_LABELS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    force: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
    on_warnings: Callable[[Analysis], None] | None = None,
    on_progress: ProgressCallback | None = None,
    stats: Stats | None = None,
) -> Stats:
    """Analyze a corpus into the quote database; resumable.

    A document already stored with the same text is skipped (unless ``force``), so a run that was
    interrupted loses nothing and repeats nothing when started again. A document that fails is
    stored with its reason (status ``failed``), counted, and tried again by the next run.

    A document that copies one stored before it, in this run or an earlier one (the same text, or
    a near-duplicate: see :mod:`extractor.run.duplicates`), is stored all the same, with the id of
    the first in ``duplicate_of``, and counted in ``Stats.duplicates``.

    Writes are committed every :data:`COMMIT_SECONDS`, at the end, and when an exception (Ctrl-C
    included) stops the run: each document is written whole or not at all, so what was finished is
    kept and the next run starts where this one stopped.

    Returns:
        The counts of the run.
    """
    stats = stats if stats is not None else Stats()

    first_of: dict[str, str] = {}  # each id of this run, and where it came from

    def todo() -> Iterator[Document | ReadError]:
        for item in items:
            if isinstance(item, Document):
                where = item.path or item.id
                if item.id in first_of:  # two inputs with one id: the second would replace the first
                    # named by its source, not its id: a failure stored under the id would replace the first
                    yield ReadError(f"{where}#{item.id}", f"the id {item.id!r} is already used by {first_of[item.id]} in "
                                                          f"this run: not stored (give each document its own id)")
                    continue
                first_of[item.id] = where
            if not force and isinstance(item, Document) and db.is_done(item):
                stats.skipped += 1
                if on_progress:
                    on_progress(stats)
                continue
            yield item

    duplicates = DuplicateIndex.for_database(db)  # what is stored is read in when the first document is
    last_commit = time.perf_counter()
    try:
        for outcome in process(todo(), nlp, labels, batch_size, workers):
            if store(db, outcome, duplicates) is not None:
                stats.duplicates += 1
            if isinstance(outcome, Failure) and on_failure:
                on_failure(outcome)
            elif isinstance(outcome, Processed) and on_warnings and outcome.analysis.warnings:
                on_warnings(outcome.analysis)
            stats.count(outcome)
            if time.perf_counter() - last_commit >= COMMIT_SECONDS:
                db.commit()
                last_commit = time.perf_counter()
            if on_progress:
                on_progress(stats)
    finally:
        db.commit()  # every document finished before an interruption is kept
    return stats

