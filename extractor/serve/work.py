"""The analyses of the server: one at a time, in a thread of their own, each with a time limit.

spaCy's pipeline is loaded once and shared; one thread runs it (two would share two cores with the
web server and gain nothing, and a pipeline is not made to be called from two threads at once). A
request waits for its turn in a short queue and gets 503 with a message when the queue is full
(:class:`Busy`) or when its analysis has not finished within the time limit (:class:`TimedOut`):
a Python thread cannot be stopped, so an analysis that overruns is left to finish, but a request that
timed out before its turn came is dropped from the queue.

The functions here are plain and synchronous (documents in, outcomes out); :class:`Worker` runs them.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import replace
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePath
from typing import Any, Callable, TypeVar

from spacy.language import Language

from ..io.encoding import as_read
from ..io.fetch import Fetcher, Guard
from ..io.readers import ReadError, iter_documents, read_file
from ..records import Document
from ..run.batch import DEFAULT_BATCH_SIZE, Outcome, process

T = TypeVar("T")
DEFAULT_TIME_LIMIT = 30.0
MAX_WAITING = 16  # analyses queued or running at once; more is 503 "busy"
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv")
MAX_DOCUMENTS = 200  # documents analysed from one request (a JSONL or CSV upload may hold many)


class Busy(RuntimeError):
    """Too many analyses waiting: the request is refused rather than queued without end."""


class TimedOut(RuntimeError):
    """An analysis that did not finish within the server's time limit."""


class Worker:
    """Run functions on one thread, ``time_limit`` seconds each at most (waiting included).

    Args:
        time_limit: seconds a request may wait for its result.
        max_waiting: analyses queued or running at once; one more is refused with :class:`Busy`.
    """

    def __init__(self, time_limit: float = DEFAULT_TIME_LIMIT, max_waiting: int = MAX_WAITING) -> None:
        self.time_limit = time_limit
        self.max_waiting = max_waiting
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extractor-analysis")
        self._outstanding: set[Future[Any]] = set()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the analysis thread; raises :class:`Busy` or :class:`TimedOut`."""
        if len(self._outstanding) >= self.max_waiting:
            raise Busy(f"the server is busy ({len(self._outstanding)} analyses waiting): try again in a moment")
        future = self._pool.submit(fn, *args)
        self._outstanding.add(future)
        future.add_done_callback(self._outstanding.discard)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.time_limit)
        except asyncio.TimeoutError:
            future.cancel()  # not started yet: it never will be
            raise TimedOut(f"the analysis took longer than the server's time limit ({self.time_limit:g} s)") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def text_document(text: str, doc_id: str | None = None) -> Document:
    """A pasted text as the command line reads standard input (line breaks and invisible characters
    made plain, one character for one: offsets stay those of the text given)."""
    return Document(doc_id or "-", as_read(text))


def upload_documents(name: str, data: bytes) -> list[Document | ReadError]:
    """The documents of an uploaded file, read by its suffix as the command line reads a file
    (encodings guessed, HTML reduced to its article, a JSONL or CSV file one document per row).

    The file goes to a temporary folder under a name of our own (its suffix only is kept): a
    visitor's file name never names a file on the server.
    """
    shown = PurePath(name.replace("\\", "/")).name or "upload"
    suffix = PurePath(shown).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return [ReadError(shown, f"not a file the tool reads: give {', '.join(UPLOAD_SUFFIXES)}")]
    with tempfile.TemporaryDirectory(prefix="extractor-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        found = []
        for item in read_file(path, shown):
            if len(found) >= MAX_DOCUMENTS:
                found.append(ReadError(shown, f"more than {MAX_DOCUMENTS} documents: the rest were not read"))
                break
            # no trace of the temporary path it was read from
            found.append(item if isinstance(item, ReadError) else replace(item, path=None))
        return found


def url_documents(url: str, guard: Guard, timeout: float, max_bytes: int) -> list[Document | ReadError]:
    """The article at ``url``, fetched under ``guard`` with the command line's limits; or why not."""
    with Fetcher(timeout=timeout, max_bytes=max_bytes, guard=guard) as fetcher:
        return list(iter_documents([url], fetcher=fetcher))


def analyze_documents(items: list[Document | ReadError], nlp: Language) -> list[Outcome]:
    """Each document analysed as ``extractor analyze`` analyses it (the same function, the same
    records), in order; a read error comes back as a :class:`Failure`."""
    return list(process(items, nlp, batch_size=DEFAULT_BATCH_SIZE, workers=1))
