"""Corpora at full speed: documents streamed through ``nlp.pipe``, one bad document never stops the rest.

:func:`process` sends documents through ``nlp.pipe(..., as_tuples=True)``, in this process or in
worker processes (:mod:`extractor.run.workers`, which survive a worker that dies), and yields, in input order, a :class:`Processed` (the document and its records) or a :class:`Failure`
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
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..io.database import QuoteDatabase
from ..io.readers import ReadError
from ..nlp.analysis import SHOWN_LABELS, to_analysis
from ..pipeline import analyze_long, piece_limit
from ..records import Analysis, Document
from .duplicates import DuplicateIndex
from .time_limit import DEFAULT_SECONDS, Alarm, TimedOut, seconds_for, why
from .workers import BrokenProcessPool, Results, WorkerPool, dropping_errors

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


class _InputError(Exception):
    """The documents' iterator raised (its exception is the cause)."""


def _reraised(exc: _InputError) -> BaseException:
    """The reader's own error, without the wrapper: re-raised as is, its chain would lead back to
    itself (cause → wrapper → cause), and a traceback printer would follow it forever."""
    cause = exc.__cause__
    assert cause is not None
    exc.__cause__ = exc.__context__ = None
    return cause


def _numbered(items: Iterable[Document | ReadError]) -> Iterator[tuple[int, Document | ReadError]]:
    """The inputs with their sequence numbers; an error of the input itself becomes :class:`_InputError`
    (not a document's fault: not to be redone)."""
    stream = iter(items)
    seq = 0
    while True:
        try:
            item = next(stream)
        except StopIteration:
            return
        except Exception as exc:
            raise _InputError() from exc
        yield seq, item
        seq += 1


def process(
    items: Iterable[Document | ReadError],
    nlp: Language,
    labels: Iterable[str] = SHOWN_LABELS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    on_notice: Callable[[str], None] | None = None,
    time_limit: float | None = DEFAULT_SECONDS,
) -> Iterator[Outcome]:
    """Analyze a stream of documents, yielding one outcome per input, in input order.

    Args:
        items: documents, and read errors to pass through as failures (from ``iter_documents``).
        nlp: a pipeline from :func:`~extractor.pipeline.load_pipeline`.
        labels: the entity labels to report.
        batch_size: documents per ``nlp.pipe`` batch.
        workers: processes (see :mod:`extractor.run.workers`); a stream of no more than one batch runs
            in this process, since more processes would get no work.
        on_notice: told, in a sentence, what the run survived (a worker process that died, a batch that
            ran out of time).
        time_limit: seconds a document may take per 10,000 characters (see
            :mod:`extractor.run.time_limit`); one that takes longer is stopped and is a failure that says
            so. None or 0: no limit. In a thread other than the main one, only worker processes have it.
    """
    labels = tuple(labels)
    stream = iter(items)
    if workers > 1:
        head = list(islice(stream, batch_size + 1))
        if len(head) <= batch_size:
            workers = 1
        stream = chain(head, stream)
    if workers > 1:
        yield from _in_workers(_numbered(stream), nlp, labels, batch_size, workers, on_notice, time_limit)
    else:
        yield from _in_this_process(_numbered(stream), nlp, labels, batch_size, Alarm(time_limit))


def _in_this_process(
    numbered: Iterator[tuple[int, Document | ReadError]], nlp: Language, labels: tuple[str, ...], batch_size: int,
    alarm: Alarm,
) -> Iterator[Outcome]:
    """``nlp.pipe`` in this process, the sequence numbers carried by ``as_tuples``.

    Under ``alarm``, the documents in the pipeline (fed, not yet out) have their time: the clock stops
    while the input is read and while the caller has an outcome. When it runs out, the stream ends and
    its documents are analysed again one at a time, each with its own time: the one that runs out of it
    alone is the failure.
    """
    pending: deque[tuple[int, Document | ReadError]] = deque()
    limit = piece_limit(nlp)

    def read() -> Iterator[tuple[int, Document | ReadError]]:
        while True:
            with alarm.paused():  # an exception raised in the reader would end it
                step = next(numbered, None)
            if step is None:
                return
            yield step

    def feed() -> Iterator[tuple[str, int]]:
        fed = 0
        for seq, item in read():
            pending.append((seq, item))
            if isinstance(item, Document):
                alarm.allow(len(item.text))
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

    def out(outcome: Outcome) -> Iterator[Outcome]:
        """An outcome to the caller, the clock stopped; a new round when the pipeline is empty."""
        pending.popleft()  # only now: a document stopped before its outcome was made is still pending
        with alarm.paused():
            yield outcome
        if not pending:
            alarm.restart()

    def one_by_one() -> Iterator[Outcome]:
        while pending:
            yield _alone(pending.popleft()[1], nlp, labels, alarm)

    with dropping_errors(nlp), alarm.installed():
        while True:
            try:
                with alarm.watching():
                    for doc, seq in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
                        if seq == PADDING:
                            continue
                        while pending and pending[0][0] < seq:  # dropped by an error handler, or long
                            yield from out(_missing(pending[0][1], nlp, labels))
                        item = pending[0][1]
                        assert isinstance(item, Document)
                        yield from out(_convert(doc, item, labels))
            except _InputError as exc:
                yield from one_by_one()  # what was read before the input broke is still analyzed
                raise _reraised(exc) from None
            except TimedOut:
                # the documents in the pipeline took longer than their time: which one, each alone says
                yield from one_by_one()
                continue
            except Exception:
                # a component that does not take spaCy's error handler (the parser, the NER) raised
                # and ended the stream: its batch goes one by one, then the stream starts again
                if not pending:
                    raise  # not a document's fault: the pipeline cannot run at all
                yield from one_by_one()
                continue
            break
        yield from one_by_one()


@dataclass
class _Sent:
    """Inputs in flight, in order, and the worker tasks that analyse their documents, each with the
    sequence numbers it holds: one task for the batch; or, once a worker died, one per document, sent
    only when its turn comes (None until then)."""

    items: list[tuple[int, Document | ReadError]]
    tasks: list[tuple[tuple[int, ...], Future[Results] | None]]
    alone: bool = False


def _groups(
    numbered: Iterator[tuple[int, Document | ReadError]], batch_size: int
) -> Iterator[list[tuple[int, Document | ReadError]]]:
    """The inputs in batches of ``batch_size`` documents; a long text in a batch of its own (a batch's
    working memory grows with its documents: one long text would set the peak of the whole run)."""
    group: list[tuple[int, Document | ReadError]] = []
    documents = 0
    for seq, item in numbered:
        if isinstance(item, Document) and len(item.text) > ALONE_CHARACTERS and documents:
            yield group
            group, documents = [], 0
        group.append((seq, item))
        if isinstance(item, Document):
            documents += 1
            if documents >= batch_size or len(item.text) > ALONE_CHARACTERS:
                yield group
                group, documents = [], 0
    if group:
        yield group


def _in_workers(
    numbered: Iterator[tuple[int, Document | ReadError]], nlp: Language, labels: tuple[str, ...],
    batch_size: int, workers: int, on_notice: Callable[[str], None] | None, time_limit: float | None,
) -> Iterator[Outcome]:
    """Batches sent to worker processes, a few ahead (memory stays flat), the outcomes in input order.

    A worker that dies takes no document with it and stops nothing: the documents in flight are
    analysed again by a new pool, one at a time with nothing else running; one whose worker dies again
    is the cause, and a failure that says so. A batch that takes longer than its time limit (counted
    from when it is the one awaited: it has a worker by then) is treated the same way, its workers
    killed: one that runs out of time alone is the failure.
    """
    alarm = Alarm(time_limit)  # for the documents redone in this process
    in_flight: deque[_Sent] = deque()
    ahead = workers + 1  # batches in flight besides the one awaited: every worker busy, the next one ready

    def send(items: list[tuple[int, Document | ReadError]]) -> _Sent:
        texts = [(seq, item.text) for seq, item in items if isinstance(item, Document)]
        return _Sent(items, [(tuple(seq for seq, _ in texts), pool.submit(texts))] if texts else [])

    def again(sent: _Sent) -> None:
        """The tasks of ``sent`` that did not finish, to be redone one document at a time."""
        kept = [(seqs, task) for seqs, task in sent.tasks if task is not None and _finished(task)]
        redo = [seq for seqs, task in sent.tasks if task is None or not _finished(task) for seq in seqs]
        sent.tasks = kept + [((seq,), None) for seq in redo]
        sent.alone = True

    def results(sent: _Sent) -> Iterator[Outcome]:
        found: Results = {}
        died: dict[int, str] = {}
        texts = {seq: item.text for seq, item in sent.items if isinstance(item, Document)}
        while sent.tasks:
            seqs, task = sent.tasks[0]
            if task is None:  # redone alone, nothing else running: if its worker dies, it is the cause
                task = pool.submit([(seqs[0], texts[seqs[0]])])
                sent.tasks[0] = (seqs, task)
            characters = sum(len(texts[seq]) for seq in seqs)
            try:
                found.update(task.result(timeout=seconds_for(characters, time_limit) if time_limit else None))
                sent.tasks.pop(0)
                continue
            except BrokenProcessPool:
                how = pool.dead()
                pool.kill()
                what = f"a worker process died ({how})"
                alone = f"the worker process analysing it died ({how}): not analysed"
            except FutureTimeout:
                pool.kill()
                what = f"a batch of {len(seqs)} document(s) took longer than its time limit"
                alone = why(characters, alarm.seconds)
            if sent.alone:
                died[seqs[0]] = alone
                sent.tasks.pop(0)
                continue
            held = [item.id for s in (sent, *in_flight) for _, item in s.items if isinstance(item, Document)]
            if on_notice:
                shown = ", ".join(held[:5]) + (f" and {len(held) - 5} more" if len(held) > 5 else "")
                on_notice(f"{what} while {len(held)} document(s) were in flight "
                          f"({shown}): they are analysed again one at a time")
            for other in (sent, *in_flight):
                again(other)
        for seq, item in sent.items:
            if isinstance(item, ReadError):
                yield Failure(item.id, item.reason)
            elif seq in died:
                yield Failure(item.id, died[seq], item)
            elif seq in found:
                yield _from_records(item, found[seq])
            else:  # a component raised on it, or on a batch-mate: redone alone here, for its reason
                yield _alone(item, nlp, labels, alarm)

    groups = _groups(numbered, batch_size)
    with WorkerPool(nlp, labels, workers) as pool, alarm.installed():
        while True:
            try:
                group = next(groups, None)
            except _InputError as exc:
                while in_flight:  # what was read before the input broke is still analyzed
                    yield from results(in_flight.popleft())
                raise _reraised(exc) from None
            if group is None:
                break
            while in_flight and in_flight[0].alone:  # redone one at a time, nothing else running
                yield from results(in_flight.popleft())
            in_flight.append(send(group))
            while len(in_flight) > ahead:
                yield from results(in_flight.popleft())
        while in_flight:
            yield from results(in_flight.popleft())


def _finished(task: Future[Results]) -> bool:
    """A task that came back with its records (not cancelled, not broken)."""
    return task.done() and not task.cancelled() and task.exception() is None


def _from_records(document: Document, records: dict[str, Any]) -> Outcome:
    """The outcome of a document whose records came back from a worker."""
    try:
        return _noted(document, Analysis.from_dict({**records, "id": document.id}))
    except Exception as exc:
        return Failure(document.id, _describe(exc), document)


def _convert(doc: Doc, document: Document, labels: tuple[str, ...]) -> Outcome:
    try:
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


def _alone(item: Document | ReadError, nlp: Language, labels: tuple[str, ...], alarm: Alarm) -> Outcome:
    """:func:`_missing`, with the time of this document alone."""
    if isinstance(item, ReadError):
        return Failure(item.id, item.reason)
    try:
        with alarm.watching(len(item.text)):
            return _missing(item, nlp, labels)
    except TimedOut:
        return Failure(item.id, why(len(item.text), alarm.seconds), item)


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
    on_notice: Callable[[str], None] | None = None,
    time_limit: float | None = DEFAULT_SECONDS,
) -> Iterator[Analysis]:
    """The analyses of a corpus, in order, for the writers; failures go to ``on_failure``.

    Example:
        >>> with open("out.jsonl", "w") as out:  # doctest: +SKIP
        ...     write(analyze_corpus(iter_documents(["corpus/"]), nlp), View.documents, OutputFormat.jsonl, out)
    """
    stats = stats if stats is not None else Stats()
    for outcome in process(items, nlp, labels, batch_size, workers, on_notice, time_limit):
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
    on_notice: Callable[[str], None] | None = None,
    time_limit: float | None = DEFAULT_SECONDS,
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
    stats.duplicates += duplicates.catch_up()  # now, if the database was made before copies were flagged
    last_commit = time.perf_counter()
    try:
        for outcome in process(todo(), nlp, labels, batch_size, workers, on_notice, time_limit):
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

