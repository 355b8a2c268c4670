"""Sorted token positions, searched by bisection.

A search made once per statement ("the nearest cue word", "the last word in marks before it", "the
words that may name a source") used to walk the statement's whole sentence. In a sentence of 8,000
quotations (issue 18) each walk is 8,000 words long, made 8,000 times. The words such a search can
stop at are found once per document instead, as sorted positions, and each search bisects them: it
looks only at the words that can answer, in the same order as the walk did, so it finds the same one.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable


def positions_where(flags: Iterable[bool]) -> list[int]:
    """The positions whose flag is true, in order."""
    return [i for i, flag in enumerate(flags) if flag]


def between(positions: list[int], start: int, end: int) -> list[int]:
    """The positions ``p`` with ``start <= p < end``, in order."""
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def last_before(positions: list[int], end: int, start: int = 0) -> int | None:
    """The greatest position ``p`` with ``start <= p < end``, or None."""
    k = bisect_left(positions, end) - 1
    return positions[k] if k >= 0 and positions[k] >= start else None


def first_from(positions: list[int], start: int, end: int) -> int | None:
    """The least position ``p`` with ``start <= p < end``, or None."""
    k = bisect_left(positions, start)
    return positions[k] if k < len(positions) and positions[k] < end else None


def nearest(positions: list[int], start: int, end: int, first: int, last: int, skip_within: bool) -> int | None:
    """The position in ``[start, end)`` nearest the words ``first..last``: a position among them is at
    distance 0 (or skipped, with ``skip_within``), one before at ``first - p``, one after at ``p - last``;
    of two at the same distance, the first in the text."""
    if not skip_within:
        within = first_from(positions, max(start, first), min(end, last + 1))
        if within is not None:
            return within
    before = last_before(positions, min(end, first), start)
    after = first_from(positions, max(start, last + 1), end)
    if before is None or after is not None and after - last < first - before:
        return after
    return before
