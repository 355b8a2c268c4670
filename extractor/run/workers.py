"""Worker processes for a corpus: batches of texts analysed in a pool, and a worker that dies costs
nothing but the time to redo its documents.

spaCy's ``nlp.pipe(n_process=N)`` cannot survive a worker that dies (``kill -9``, the out-of-memory
killer): each worker holds a copy of the other workers' pipe ends, so the main process waits forever
for the dead one's batch; and a main process killed by SIGTERM leaves its workers blocked forever. The
pool here is the standard library's :class:`~concurrent.futures.ProcessPoolExecutor`, which notices a
dead worker (:class:`~concurrent.futures.process.BrokenProcessPool`), with processes forked from the
main one (they share its loaded pipeline), Ctrl-C left to the main process, and killed with it.

A worker runs ``nlp.pipe`` over its batch and sends back the records only (``Analysis.to_dict()``),
not the ``Doc``: reading a serialized ``Doc`` back costs the main process as much as one of our
components. A document a component raised on does not come back; the caller redoes it alone, in its
own process, which gives the exception.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Iterator

from spacy.language import Language

from ..nlp.analysis import to_analysis
from ..pipeline import analyze_long, piece_limit

__all__ = ["BrokenProcessPool", "WorkerPool", "dropping_errors"]

# What a task gets (sequence numbers and texts) and gives back (the records of those that came out).
Batch = list[tuple[int, str]]
Results = dict[int, dict[str, Any]]

# The pipeline a worker runs: set in the main process just before the pool forks, so every worker
# finds it loaded (a forked process shares the parent's memory until it writes to it).
_pipeline: tuple[Language, tuple[str, ...]] | None = None


def _ignore_error(*_: Any) -> None:
    """spaCy's error handler while streaming: drop the documents (they are redone one by one)."""


@contextmanager
def dropping_errors(nlp: Language) -> Iterator[None]:
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


def _start_worker() -> None:
    """A worker leaves Ctrl-C to the main process (a terminal sends it to the whole process group; the
    main process ends the workers) and dies of SIGTERM, whatever handler it inherited."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _analyse(batch: Batch) -> Results:
    """In a worker: the records of a batch's texts, by sequence number; those a component raised on,
    or that ended the stream, are left out."""
    assert _pipeline is not None, "the pool was not started by WorkerPool"
    nlp, labels = _pipeline
    limit = piece_limit(nlp)
    results: Results = {}
    with dropping_errors(nlp):
        short = [(text, seq) for seq, text in batch if len(text) <= limit]
        try:
            for doc, seq in nlp.pipe(short, as_tuples=True, batch_size=max(len(short), 1)):
                results[seq] = to_analysis(doc, "", labels).to_dict()
        except Exception:  # a component without an error handler (the parser) ended the batch
            pass
        for seq, text in batch:
            if len(text) > limit:  # in pieces, as the main process would
                try:
                    results[seq] = analyze_long(text, "", nlp, labels).to_dict()
                except Exception:
                    pass
    return results


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}" + (", as the out-of-memory killer does" if name == "SIGKILL" else "")
    return f"exit code {exitcode}"


class WorkerPool:
    """``workers`` processes analysing batches with ``nlp``, started when entered and ended when left:
    waited for after a normal end, killed after an error or an interruption (Ctrl-C, SIGTERM, a
    consumer that stopped reading), so that no worker outlives the run.

    Example:
        >>> with WorkerPool(nlp, ("PER",), 2) as pool:  # doctest: +SKIP
        ...     pool.submit([(0, "« Non », a dit Paul.")]).result()
        {0: {...}}
    """

    def __init__(self, nlp: Language, labels: tuple[str, ...], workers: int) -> None:
        self.nlp = nlp
        self.labels = labels
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._processes: dict[int, multiprocessing.process.BaseProcess] = {}

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self._end(wait=True)
        else:
            self.kill()

    def submit(self, batch: Batch) -> Future[Results]:
        """Send a batch to the next free worker; the future gives its records by sequence number, or
        raises :class:`BrokenProcessPool` if a worker died (call :meth:`kill`)."""
        global _pipeline
        if self._executor is None:
            _pipeline = (self.nlp, self.labels)  # before the first fork
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            )
        try:
            future = self._executor.submit(_analyse, batch)
        except BrokenProcessPool as exc:  # a worker died since the last batch: said when its turn comes
            future = Future()
            future.set_exception(exc)
            return future
        # the processes are started as tasks come: kept to tell how one died, and to end them
        self._processes.update(getattr(self._executor, "_processes", None) or {})
        return future

    def dead(self) -> str:
        """How the workers that died ended ("killed by SIGKILL, …"), for a message."""
        # the pool learns of a death when the process's pipes close, a moment before the system can
        # give its exit status
        deadline = time.monotonic() + 2
        while all(p.exitcode in (None, 0) for p in self._processes.values()) and time.monotonic() < deadline:
            time.sleep(0.01)
        ends = {_signal_name(p.exitcode) for p in self._processes.values() if p.exitcode not in (None, 0)}
        ends.discard(_signal_name(-signal.SIGTERM))  # the pool ends the others that way when one dies
        return "; ".join(sorted(ends)) or "ended"

    def kill(self) -> None:
        """End every worker now, whatever it is doing; the next batch starts a new pool (after a worker
        died, the pool's remaining processes are ended this way)."""
        if self._executor is not None:  # the pool's own list too, in case it started one since the last batch
            self._processes.update(getattr(self._executor, "_processes", None) or {})
        processes = list(self._processes.values())
        for process in processes:
            if process.exitcode is None:
                process.kill()
        self._end(wait=False)
        for process in processes:
            # SIGKILL cannot be ignored, but a process busy in the kernel (a forked worker faulting in
            # its copy of the model on a loaded machine) can take seconds to go
            process.join(timeout=60)
        self._processes.clear()

    def _end(self, wait: bool) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None
