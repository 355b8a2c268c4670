"""A progress bar on standard error for long runs: documents, quotes found, rate and time left.

Shown only when standard error is a terminal; piped, or with ``--quiet``, nothing is drawn.

Example:
    >>> from rich.console import Console
    >>> with progress_bar(Console(stderr=True), total=120) as update:  # doctest: +SKIP
    ...     stats = store_corpus(documents, nlp, db, on_progress=update)
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .batch import ProgressCallback, Stats

_REFRESH = 0.1  # seconds between two updates of the bar: updating it per document would cost time


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@contextmanager
def progress_bar(console: Console, total: int | None, enabled: bool = True) -> Iterator[ProgressCallback]:
    """A callback that draws ``Stats`` as a progress bar while the ``with`` block runs.

    Args:
        console: where to draw (standard error).
        total: documents expected, for the bar and the time left; None when unknown (stdin).
        enabled: False draws nothing (``--quiet``, or standard error is not a terminal).
    """
    if not enabled:
        yield lambda stats: None
        return
    columns = [
        SpinnerColumn(),
        BarColumn() if total else TextColumn(""),
        MofNCompleteColumn() if total else TextColumn("{task.completed} documents"),
        TextColumn("{task.fields[quotes]} quotes"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[left]}", style="progress.remaining"),
    ]
    last = [0.0]
    latest: list[Stats] = []
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("documents", total=total, quotes=0, rate="", left="")

        def update(stats: Stats, force: bool = False) -> None:
            latest[:] = [stats]
            now = time.perf_counter()
            if not force and now - last[0] < _REFRESH and (total is None or stats.done < total):
                return
            last[0] = now
            analyzed = stats.processed + stats.failed
            rate = analyzed / stats.seconds if stats.seconds > 0 else 0.0
            left = f"{_clock((total - stats.done) / rate)} left" if total and rate > 0 else ""
            bar.update(
                task, completed=stats.done, quotes=stats.quotes,
                rate=f"{rate:.1f} docs/s · {stats.words_per_second:,.0f} words/s", left=left,
            )

        yield update
        if latest:
            update(latest[0], force=True)
