"""Find text in quotation marks, character by character, before any parsing.

French news uses « » (with ordinary, non-breaking or narrow non-breaking spaces inside), “ ”, straight
" " and ‹ › for a quote within a quote. A quotation that runs over several paragraphs reopens each
paragraph with « and closes only at the end. Marks in scraped text are often unbalanced: what cannot be
paired is dropped with a warning, never an exception.

Example:
    >>> [m.content(t) for m in find_marked_spans(t := "Il a dit : « Non. » Puis « oui »")[0]]
    ['Non.', 'oui']
"""

from __future__ import annotations

from dataclasses import dataclass

# closing mark -> opening mark (straight quotes open and close with the same character)
CLOSERS: dict[str, str] = {"»": "«", "”": "“", "›": "‹"}
# the marks a quotation closes with in the writer's sentence, as tokens (‹ › only nest inside a quotation)
CLOSING_MARKS = ("»", "”", '"')
# what may stand between a mark and the quoted words
SPACE_CHARS = " \t\u00a0\u202f\u2009\u2007"
_BEFORE_OPENER = set(SPACE_CHARS + "\n([{—–-'’/:;,") | {""}


@dataclass(frozen=True)
class MarkedSpan:
    """Text between a pair of quotation marks.

    ``open``/``close`` are the offsets of the marks themselves; ``start``/``end`` delimit the words
    inside them, spaces trimmed. ``depth`` is 0 for an outermost pair.
    """

    open: int
    close: int
    start: int
    end: int
    depth: int
    mark: str
    paragraphs: int = 1

    def content(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class _Open:
    mark: str
    pos: int
    paragraphs: int = 1


def _is_opener_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before in _BEFORE_OPENER and after not in SPACE_CHARS + "\n" and after != ""


def _next_paragraph_start(text: str, i: int) -> int:
    """Offset of the first visible character after the line break at ``i``."""
    j = i
    while j < len(text) and (text[j] in SPACE_CHARS or text[j] in "\r\n"):
        j += 1
    return j


def find_marked_spans(text: str) -> tuple[list[MarkedSpan], list[str]]:
    """Pair the quotation marks of ``text``.

    Returns:
        The marked spans in order of their opening mark, and warnings for the marks that were
        dropped (unclosed, stray closing marks), each naming the character offset.
    """
    spans: list[MarkedSpan] = []
    warnings: list[str] = []
    stack: list[_Open] = []
    skip_reopen: set[int] = set()

    def close(k: int, at: int) -> None:
        # everything opened above the matching mark was never closed
        for dropped in stack[k + 1 :]:
            warnings.append(f"unclosed {dropped.mark} at offset {dropped.pos} dropped")
        opened = stack[k]
        del stack[k:]
        start, end = opened.pos + 1, at
        while start < end and text[start] in SPACE_CHARS + "\r\n":
            start += 1
        while end > start and text[end - 1] in SPACE_CHARS + "\r\n":
            end -= 1
        if end > start:
            spans.append(MarkedSpan(opened.pos, at, start, end, k, opened.mark, opened.paragraphs))

    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            nxt = _next_paragraph_start(text, i)
            if stack and nxt not in skip_reopen:
                bottom = stack[0]
                if bottom.mark in "«“" and nxt < n and text[nxt] == bottom.mark:
                    # a quotation carried over into the next paragraph: « reopens it
                    for dropped in stack[1:]:
                        warnings.append(f"unclosed {dropped.mark} at offset {dropped.pos} dropped")
                    del stack[1:]
                    bottom.paragraphs += 1
                    skip_reopen.add(nxt)
                else:
                    for dropped in stack:
                        warnings.append(
                            f"unclosed {dropped.mark} at offset {dropped.pos} dropped at the end of its paragraph"
                        )
                    stack.clear()
        elif i in skip_reopen:
            pass
        elif ch in ("«", "“", "‹"):
            stack.append(_Open(ch, i))
        elif ch in CLOSERS:
            opener = CLOSERS[ch]
            k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].mark == opener), None)
            if k is not None:
                close(k, i)
            elif ch == "”" and _is_opener_context(text, i):
                stack.append(_Open("“", i))  # ”…” used as a pair, as some sites do
            else:
                warnings.append(f"stray {ch} at offset {i} ignored")
        elif ch == '"':
            k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].mark == '"'), None)
            prev = text[i - 1] if i > 0 else ""
            if k is not None and prev not in SPACE_CHARS + "\n":
                close(k, i)
            elif prev.isdigit():
                pass  # 17" : inches or seconds, not a quotation mark
            elif _is_opener_context(text, i):
                stack.append(_Open('"', i))
            elif k is not None:
                close(k, i)
            else:
                warnings.append(f'stray " at offset {i} ignored')
        i += 1
    for dropped in stack:
        warnings.append(f"unclosed {dropped.mark} at offset {dropped.pos} dropped at the end of the text")
    spans.sort(key=lambda s: s.open)
    return spans, summarised(warnings)


WARNINGS_SHOWN = 5  # of one kind per document; the rest are counted


def summarised(warnings: list[str], shown: int = WARNINGS_SHOWN) -> list[str]:
    """The first warnings of each kind ("unclosed «", "stray »"…), then how many more: a text with
    200,000 unclosed « gives six lines, not 200,000."""
    kinds: dict[str, int] = {}
    kept = []
    for warning in warnings:
        kind = warning.split(" at offset", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] <= shown:
            kept.append(warning)
    kept += [f"{n - shown} more: {kind}" for kind, n in kinds.items() if n > shown]
    return kept
