"""A time limit per document: a rule that never ends on one article stops that article, not the run.

The limit is :data:`DEFAULT_SECONDS` per :data:`CHARACTERS_PER_UNIT` characters (a longer text may
take longer in proportion), and that much at least for any document or batch. The pipeline goes through
10,000 characters in well under a second on one core, so the default is about a hundred times what an
article needs: it stops work that does not end, not work that is slow.

Two ways to enforce it:

* in worker processes (:mod:`extractor.run.workers`), the main process waits for a batch no longer than
  its limit, then kills the pool and redoes the documents one at a time: the one that runs out of time
  alone is reported (a process can be stopped whatever it is doing, in Python or in C);
* in this process, :class:`Alarm` raises :class:`TimedOut` in the main thread from a timer signal while
  the documents are being analysed. The clock is stopped while the caller has the documents (its writes
  are never interrupted) and while the input is read (an exception there would end the reader). Outside
  the main thread (the web server's threads, a Dask worker's) a signal cannot be used, and there is no
  limit.

Example:
    >>> alarm = Alarm(60.0)  # None: no limit  # doctest: +SKIP
    >>> with alarm.installed(), alarm.watching(len(text)):  # doctest: +SKIP
    ...     analysis = analyze(text)  # TimedOut if it takes more than a minute
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from types import FrameType
from typing import Iterator

__all__ = ["CHARACTERS_PER_UNIT", "DEFAULT_SECONDS", "Alarm", "TimedOut", "seconds_for", "why"]

CHARACTERS_PER_UNIT = 10_000
DEFAULT_SECONDS = 60.0
# How often the clock is looked at while it runs: a limit is noticed at most this late.
TICK = 0.2


def seconds_for(characters: int, seconds: float) -> float:
    """The time ``characters`` of text may take under a limit of ``seconds`` per 10,000 characters: that
    in proportion, and ``seconds`` at least."""
    return seconds * max(1.0, characters / CHARACTERS_PER_UNIT)


def why(characters: int, seconds: float) -> str:
    """Why a document was stopped, for its failure."""
    allowed = seconds_for(characters, seconds)
    return (f"the analysis took longer than its time limit ({allowed:.0f} s for {characters:,} characters, "
            f"at {seconds:g} s per {CHARACTERS_PER_UNIT:,}; --time-limit): stopped, not analysed")


class TimedOut(BaseException):
    """The work an :class:`Alarm` watches ran out of time. A ``BaseException``, so that the handlers
    that catch a document's errors on the way (spaCy's, ours) do not take it for one."""


class Alarm:
    """The clock of the documents being analysed in this process's main thread.

    :meth:`watching` opens a round: the time allowed grows with the characters :meth:`allow` is told of
    (:func:`seconds_for` their sum) and the time spent grows while the clock runs; when the time spent
    passes the time allowed, the code running at that moment gets :class:`TimedOut`. :meth:`paused`
    stops the clock (and the timer: no signal arrives in the caller's code).
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or 0.0
        # without a limit, or where no timer signal can reach the work, every method does nothing
        self.enabled = bool(seconds) and self.available()
        self._characters = 0
        self._spent = 0.0
        self._since: float | None = None  # when the clock started, None while it is stopped
        self._watching = False
        self._pauses = 0
        self._installed = False

    @staticmethod
    def available() -> bool:
        """A timer signal can reach this code: the main thread, on a system that has one."""
        return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    @contextmanager
    def installed(self) -> Iterator[Alarm]:
        """The timer's signal handler in place (the previous one back after)."""
        if not self.enabled:
            yield self
            return
        previous = signal.signal(signal.SIGALRM, self._tick)
        self._installed = True
        try:
            yield self
        finally:
            self._stop()
            self._installed = False
            signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def watching(self, characters: int = 0) -> Iterator[Alarm]:
        """A round of work, ``characters`` of text allowed to begin with; the clock runs (unless
        paused) until it ends."""
        if not self.enabled:
            yield self
            return
        assert self._installed, "Alarm.watching outside Alarm.installed"
        self._characters, self._spent, self._watching = characters, 0.0, True
        if not self._pauses:
            self._start()
        try:
            yield self
        finally:
            self._watching = False
            self._stop()

    def allow(self, characters: int) -> None:
        """More text in this round: more time for it."""
        self._characters += characters

    def restart(self) -> None:
        """A new round in the same watch (every document of the last one is done)."""
        self._characters = 0
        self._spent = 0.0
        if self._since is not None:
            self._since = time.monotonic()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The clock stopped while the caller, or the reader, has the hand."""
        self._pauses += 1
        if self._pauses == 1:
            self._stop()
        try:
            yield
        finally:
            self._pauses -= 1
            if not self._pauses and self._watching:
                self._start()

    def _start(self) -> None:
        if not self.enabled:
            return
        self._since = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, TICK, TICK)

    def _stop(self) -> None:
        if not self.enabled:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self._since is not None:
            self._spent += time.monotonic() - self._since
            self._since = None

    def _tick(self, _signum: int, _frame: FrameType | None) -> None:
        if not self._watching or self._pauses or self._since is None or not self._characters:
            return
        if self._spent + time.monotonic() - self._since > seconds_for(self._characters, self.seconds):
            self._watching = False  # once: the handler of TimedOut runs without the clock
            self._stop()
            raise TimedOut()
