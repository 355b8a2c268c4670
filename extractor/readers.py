"""Documents in: files, folders (recursive) and ``-`` for standard input, streamed one at a time.

A file that cannot be read does not stop the others: it comes out as a ``ReadError`` naming the file
and the reason, in the same stream, so the caller reports it and goes on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Document:
    id: str
    text: str


@dataclass(frozen=True)
class ReadError:
    id: str
    reason: str


def _expand(path: str) -> Iterator[Path | ReadError]:
    p = Path(path)
    if p.is_dir():
        found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
        if not found:
            yield ReadError(path, f"no {' or '.join(TEXT_SUFFIXES)} file in this folder")
        yield from found
    elif p.exists():
        yield p
    else:
        yield ReadError(path, "no such file or folder")


def read_text(path: Path) -> str:
    """Decode a file as UTF-8 (a byte-order mark is dropped)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    return data.decode("utf-8-sig")


def iter_documents(paths: Iterable[str]) -> Iterator[Document | ReadError]:
    """Yield each document named by ``paths`` (files, folders, ``-``), in order, or why it failed."""
    for path in paths:
        if path == "-":
            yield Document("-", sys.stdin.read())
            continue
        for item in _expand(path):
            if isinstance(item, ReadError):
                yield item
                continue
            doc_id = str(item) if Path(path).is_dir() else path
            try:
                yield Document(doc_id, read_text(item))
            except (OSError, UnicodeDecodeError, ValueError) as err:
                reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
                if isinstance(err, UnicodeDecodeError):
                    reason = f"not valid UTF-8 (byte {err.start})"
                yield ReadError(doc_id, reason)
