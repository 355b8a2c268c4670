"""How a run stops: SIGTERM (what ``kill``, ``timeout``, systemd and container runtimes send) is handled
as Ctrl-C is, so a terminated run also prints what it did, removes its temporary files, ends its
worker processes and leaves a database that the next run resumes.

Python turns Ctrl-C into :class:`KeyboardInterrupt` and lets SIGTERM kill the process on the spot,
``finally`` blocks and all. :func:`terminate_as_interrupt` makes SIGTERM raise :class:`Terminated`, a
:class:`KeyboardInterrupt`, so that every clean-up written for Ctrl-C runs for it too.
"""

from __future__ import annotations

import signal
from types import FrameType


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by a signal other than Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


def terminate_as_interrupt() -> None:
    """From now on, SIGTERM raises :class:`Terminated` in the main thread (worker processes put the
    default back: see :mod:`extractor.run.workers`)."""
    signal.signal(signal.SIGTERM, _raise)


def exit_code(interruption: KeyboardInterrupt) -> int:
    """The shell's code for a process ended by this signal: 130 for Ctrl-C, 143 for SIGTERM."""
    signum = interruption.signum if isinstance(interruption, Terminated) else signal.SIGINT
    return 128 + signum


def how_stopped(interruption: KeyboardInterrupt) -> str:
    """"interrupted" (Ctrl-C) or "terminated (SIGTERM)", to start the message that says what was kept."""
    return f"terminated ({interruption})" if isinstance(interruption, Terminated) else "interrupted"


def interruption_in(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C or SIGTERM that ``exc`` was raised because of, if any: a signal that arrives while a
    module is being imported comes out as ``ImportError: initialization failed``, its cause the
    interruption."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
