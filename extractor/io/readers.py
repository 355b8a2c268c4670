"""Documents in: files, folders (recursive), globs, URLs and ``-`` for standard input, streamed one at a time.

Formats, chosen by the file's suffix (or forced with ``input_format``):

- ``.txt`` and ``.md``: one document per file, its text as written (a Markdown ``# heading`` on the
  first line becomes the title);
- ``.html`` / ``.htm``: a news page reduced by trafilatura to the article's text and metadata (title,
  date, author, URL);
- ``.jsonl``: one document per line, an object with a text field and an id field (names set by
  ``text_column`` and ``id_column``; ``title``, ``date``, ``author`` and ``url`` are kept when present);
- ``.csv``: one document per row, the same columns;
- an ``http://`` or ``https://`` URL: the page fetched (:mod:`.fetch`: time and size limits, redirects
  within http(s)) and reduced by trafilatura like an HTML file; its id is the URL as given, its ``url``
  the address it was found at after redirects. A ``text/plain`` page is read as text. A list of URLs,
  one a line, is read with ``url_lists`` (``# comments`` and blank lines skipped).

Nothing holds the corpus in memory: files are read one at a time, JSONL and CSV files row by row. Ids
are stable and meaningful: the path (as given, or found in a folder), the id column, or
``PATH:LINE`` for a row without one, the URL for a web page.

A file, line or row that cannot be read does not stop the others: it comes out as a ``ReadError``
naming the file (and line) or URL and the reason, in the same stream, so the caller reports it and goes
on: ``https://x/y: HTTP 404``, ``https://x/y: no article text found on the page``.

Example:
    >>> docs = list(iter_documents(["samples/01_reforme_retraites.txt"]))
    >>> docs[0].id, docs[0].text[:9]
    ('samples/01_reforme_retraites.txt', 'Retraites')
"""

from __future__ import annotations

import csv
import glob
import io
import json
import re
import sys
from contextlib import nullcontext
from dataclasses import dataclass, replace
from enum import Enum
from html.parser import HTMLParser
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from ..records import Document, content_hash
from .encoding import as_read, decode
from .fetch import Fetcher, FetchError, is_url

DEFAULT_TEXT_COLUMN = "text"
DEFAULT_ID_COLUMN = "id"
METADATA_COLUMNS = ("title", "date", "author", "url")
_GLOB_CHARS = set("*?[")
_NO_ARTICLE = "no article text found in this page"


class InputFormat(str, Enum):
    """How to read an input: by its suffix (``auto``; standard input by what it looks like) or forced."""

    auto = "auto"
    txt = "txt"
    md = "md"
    html = "html"
    jsonl = "jsonl"
    csv = "csv"


SUFFIXES: dict[str, InputFormat] = {
    ".txt": InputFormat.txt,
    ".md": InputFormat.md,
    ".html": InputFormat.html,
    ".htm": InputFormat.html,
    ".jsonl": InputFormat.jsonl,
    ".csv": InputFormat.csv,
}
TEXT_SUFFIXES = tuple(SUFFIXES)


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read: its id (a path, or ``PATH:LINE``) and why."""

    id: str
    reason: str


@dataclass(frozen=True)
class Columns:
    """The field names of JSONL and CSV inputs."""

    text: str = DEFAULT_TEXT_COLUMN
    id: str = DEFAULT_ID_COLUMN


def iter_documents(
    paths: Iterable[str],
    input_format: InputFormat | str = InputFormat.auto,
    columns: Columns = Columns(),
    stdin: IO[str] | None = None,
    *,
    url_lists: Iterable[str] = (),
    fetcher: Fetcher | None = None,
) -> Iterator[Document | ReadError]:
    """Yield each document named by ``paths`` (files, folders, globs, URLs, ``-``), then by the URL
    lists, in order, or why it failed.

    Args:
        paths: files, folders (searched recursively for the known suffixes), glob patterns
            (``corpus/**/*.html``), ``http(s)://`` URLs and ``-`` for standard input.
        input_format: ``auto`` reads each file by its suffix and standard input as plain text; any
            other value reads every file in that format (a web page is read by its content type).
        columns: the text and id field names of JSONL and CSV inputs.
        stdin: where ``-`` reads from (``sys.stdin`` by default).
        url_lists: files of URLs, one a line (see :func:`read_url_list`), read after ``paths``.
        fetcher: fetches the web pages (its timeout and size limit); by default one of this call,
            whose connections are closed when the documents end.
    """
    for item in _documents(paths, InputFormat(input_format), columns, stdin, url_lists, fetcher):
        yield _named_as_text(item)


def _documents(
    paths: Iterable[str], forced: InputFormat, columns: Columns, stdin: IO[str] | None, url_lists: Iterable[str],
    fetcher: Fetcher | None,
) -> Iterator[Document | ReadError]:
    with nullcontext(fetcher) if fetcher is not None else Fetcher() as pages:
        for path in paths:
            if path == "-":
                yield from _read_stdin(stdin or sys.stdin, forced, columns)
            elif is_url(path):
                yield _url_document(path, pages)
            else:
                yield from _read_path(path, forced, columns)
        for url_list in url_lists:
            for url in read_url_list(url_list):
                yield url if isinstance(url, ReadError) else _url_document(url, pages)


def as_text(name: str) -> str:
    """A file name, path or id as valid Unicode: the bytes of a name that is not UTF-8 (which Python
    keeps as lone surrogates) written ``\\xff``, any other lone surrogate (an id cut mid-emoji) as
    U+FFFD. Such a name would make the JSON Lines and CSV outputs invalid UTF-8, and SQLite refuse it.

    A file ``bad`` + bytes FF FE + ``.txt`` is named ``bad\\xff\\xfe.txt`` (a backslash, then x, f, f…).
    """
    return _SURROGATE.sub(_surrogate_as_text, name)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_as_text(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def _named_as_text(item: Document | ReadError) -> Document | ReadError:
    if isinstance(item, ReadError):
        return item if as_text(item.id) == item.id else replace(item, id=as_text(item.id))
    named = as_text(item.id), as_text(item.path) if item.path is not None else None
    return item if named == (item.id, item.path) else replace(item, id=named[0], path=named[1])


def _read_path(path: str, forced: InputFormat, columns: Columns) -> Iterator[Document | ReadError]:
    for item in _expand(path, forced):
        if isinstance(item, ReadError):
            yield item
            continue
        file, doc_id = item
        yield from _read_file(file, doc_id, forced, columns)


def read_url_list(path: str) -> list[str | ReadError]:
    """The URLs of a list file, one a line, in order: blank lines and ``#`` comments skipped, a line
    that is not an ``http(s)://`` URL (or a file that cannot be read) a ``ReadError`` in its place,
    named ``FILE:LINE`` as the rows of a JSONL file are."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return [ReadError(path, "no such file" if isinstance(err, FileNotFoundError) else _reason(err))]
    found: list[str | ReadError] = []
    for line_no, line in enumerate(lines, 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if is_url(url) and not any(c.isspace() for c in url):
            found.append(url)
        else:
            shown = url if len(url) <= 60 else url[:59] + "…"
            found.append(ReadError(f"{path}:{line_no}", f"line {line_no}: not an http:// or https:// URL ({shown!r})"))
    return found or [ReadError(path, "no URL in this file (only blank lines and comments)")]


def _url_document(url: str, fetcher: Fetcher) -> Document | ReadError:
    """The article of the web page at ``url``, or why it could not be had (a one-line reason)."""
    try:
        page = fetcher.fetch(url)
    except FetchError as err:
        return ReadError(url, err.reason)
    if not page.is_html:  # text/plain: the page is the text
        try:
            text, encoding = _decoded(page.content, page.encoding)
        except ValueError as err:
            return ReadError(url, _reason(err))
        if not text.strip():
            return ReadError(url, "no text: the page is empty")
        return Document(url, as_read(text), url=page.url, encoding=encoding)
    document = _html_document(page.content, url, None, page.encoding)
    if isinstance(document, ReadError):
        reason = "no article text found on the page" if document.reason == _NO_ARTICLE else document.reason
        return ReadError(url, reason)
    return Document(url, document.text, title=document.title, date=document.date, author=document.author, url=page.url)


def _decoded(data: bytes, declared: str | None) -> tuple[str, str]:
    """Bytes to text in the charset the server declared, else as a file's bytes are guessed."""
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: guess, as for a file
    return decode(data)


def _expand(path: str, forced: InputFormat) -> Iterator[tuple[Path, str] | ReadError]:
    """The files a path names, each with its document id."""
    p = Path(path)
    try:
        p.lstat()
    except FileNotFoundError:
        pass
    except OSError as err:  # a name too long, a loop of links, a folder that may not be entered
        yield ReadError(path, _reason(err))
        return
    if p.is_dir():
        found = sorted(_files_in(p, forced))
        if not found:
            yield ReadError(path, f"no {', '.join(_wanted(forced))} file in this folder")
        yield from _contained(found, p, path)
    elif p.exists():
        yield p, path
    elif _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file() and _known(Path(m), forced)]
        for m in matches:
            if Path(m).is_dir():
                files.extend(_files_in(Path(m), forced))
        if not files:
            yield ReadError(path, "no file matches this pattern")
        fixed = path[: min(path.index(c) for c in _GLOB_CHARS if c in path)]
        root = Path(fixed) if fixed.endswith(("/", "\\")) else Path(fixed).parent
        yield from _contained(sorted(set(files)), root, path)
    else:
        yield ReadError(path, "no such file or folder")


def _contained(files: list[Path], root: Path, given: str) -> Iterator[tuple[Path, str] | ReadError]:
    """The files found under ``root`` for the path ``given``: each file once, however many symbolic
    links lead to it (a directory loop), and none outside ``root``: a link out of the folder the
    user named is refused, so no input makes the tool read elsewhere."""
    real_root = root.resolve()
    chosen: dict[Path, Path] = {}
    for file in files:
        real = file.resolve()
        best = chosen.get(real)
        if best is None or (len(str(file)), str(file)) < (len(str(best)), str(best)):
            chosen[real] = file  # the shortest of the paths to one file
    keep = set(chosen.values())
    for file in files:
        if file not in keep:
            continue
        if not file.resolve().is_relative_to(real_root):
            yield ReadError(str(file), f"a symbolic link to a file outside {given}: not read")
            continue
        yield file, str(file)


def _wanted(forced: InputFormat) -> tuple[str, ...]:
    if forced is InputFormat.auto:
        return TEXT_SUFFIXES
    return tuple(s for s, f in SUFFIXES.items() if f is forced)


def _known(file: Path, forced: InputFormat) -> bool:
    return file.suffix.lower() in _wanted(forced)


def _files_in(folder: Path, forced: InputFormat) -> Iterator[Path]:
    return (f for f in folder.rglob("*") if f.is_file() and _known(f, forced))


def _format_of(file: Path, forced: InputFormat) -> InputFormat:
    if forced is not InputFormat.auto:
        return forced
    return SUFFIXES.get(file.suffix.lower(), InputFormat.txt)


def _read_file(file: Path, doc_id: str, forced: InputFormat, columns: Columns) -> Iterator[Document | ReadError]:
    fmt = _format_of(file, forced)
    try:
        if fmt in (InputFormat.jsonl, InputFormat.csv):
            with file.open(encoding="utf-8-sig", newline="") as handle:
                yield from _read_stream(handle, doc_id, str(file), fmt, columns)
            return
        if fmt is InputFormat.html:
            yield _html_document(file.read_bytes(), doc_id, str(file))
            return
        data = file.read_bytes()
        text, encoding = decode(data)
        if not text.strip():
            yield ReadError(doc_id, "empty file" if not data else "no text: only white space")
            return
        yield _text_document(text, doc_id, str(file), fmt, encoding)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        yield ReadError(doc_id, _reason(err))


def _reason(err: Exception) -> str:
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 (byte {err.start})"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err)


STDIN_ID = "<stdin>"  # the id of what standard input gives (a JSONL or CSV row keeps its own id)


def sniff(text: str, columns: Columns) -> InputFormat | str:
    """The format of a text read from standard input, where no file name tells it: JSON Lines when its
    first line is a JSON object, CSV when its first line is a header naming the text column, HTML when it
    is a page; else plain text. A reason (a str) when it looks like rows the tool cannot read: JSON
    objects without the text field, or a CSV header without the text column."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith("{"):
        try:
            row = json.loads(first)
        except ValueError:
            return InputFormat.txt  # prose that opens with a brace
        if isinstance(row, dict):
            if columns.text in row:
                return InputFormat.jsonl
            return f"looks like JSON Lines, but its objects have no {columns.text!r} field: name it with --text-column"
    if first.lower().startswith(("<!doctype html", "<html")):
        return InputFormat.html
    for delimiter in (",", ";", "\t"):
        header = next(csv.reader([first], delimiter=delimiter))
        if len(header) > 1 and columns.text in (h.strip() for h in header):
            return InputFormat.csv
    return InputFormat.txt


def _read_stdin(handle: IO[str], forced: InputFormat, columns: Columns) -> Iterator[Document | ReadError]:
    """Standard input, in the format asked or, by default, the one it looks like (:func:`sniff`)."""
    try:
        raw = getattr(handle, "buffer", None)
        # the bytes, decoded as a file's are (a Windows-1252 text piped in is read, not an error)
        text = decode(raw.read())[0] if raw is not None else handle.read()
    except (OSError, UnicodeDecodeError) as err:
        yield ReadError(STDIN_ID, _reason(err))
        return
    if forced is not InputFormat.auto:
        yield from _read_stream(io.StringIO(text), STDIN_ID, None, forced, columns)
        return
    found = sniff(text, columns)
    if not isinstance(found, InputFormat):  # a reason: rows the tool cannot read
        yield ReadError(STDIN_ID, f"{found} (or read it as text with --input-format txt)")
        return
    yield from _read_stream(io.StringIO(text), STDIN_ID, None, found, columns)


def _read_stream(
    handle: IO[str], doc_id: str, path: str | None, fmt: InputFormat, columns: Columns
) -> Iterator[Document | ReadError]:
    """Documents from an open text stream (a JSONL or CSV file, or standard input)."""
    try:
        if fmt in (InputFormat.jsonl, InputFormat.csv):
            rows = _jsonl_documents if fmt is InputFormat.jsonl else _csv_documents
            found = False
            for item in rows(handle, doc_id, path, columns):
                found = True
                yield item
            if not found:  # an empty export says so, like an empty file
                yield ReadError(doc_id, "no rows (the file is empty or blank)" if fmt is InputFormat.jsonl else (
                    "no rows (the file is empty or has a header only)"
                ))
        elif fmt is InputFormat.html:
            yield _html_document(handle.read().encode("utf-8"), doc_id, path)
        else:
            text = handle.read()
            if not text.strip():
                yield ReadError(doc_id, "no text: the input is empty")
                return
            yield _text_document(text, doc_id, path, fmt)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        yield ReadError(doc_id, _reason(err))


def _text_document(text: str, doc_id: str, path: str | None, fmt: InputFormat, encoding: str | None = None) -> Document:
    title = None
    if fmt is InputFormat.md:
        first = text.lstrip().split("\n", 1)[0]
        if first.startswith("# "):
            title = first[2:].strip() or None
    return Document(doc_id, as_read(text), title=title, path=path, encoding=encoding)


def _html_document(data: bytes, doc_id: str, path: str | None, charset: str | None = None) -> Document | ReadError:
    """The article of a news page, with its metadata, as trafilatura extracts them (from the bytes in
    ``charset`` when a server declared one, else in the encoding trafilatura finds)."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but say what to do if it is missing
        return ReadError(doc_id, "reading HTML needs trafilatura: run `pip install trafilatura lxml_html_clean`")
    if b"\x00" in data[:4096]:
        return ReadError(doc_id, "binary file, not HTML")
    page: bytes | str = data
    if charset:
        try:
            page = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: let trafilatura find the encoding
    extracted = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    text = extracted.text if extracted is not None else None
    visible = _visible_text(page if isinstance(page, str) else decode(data)[0])
    if len(visible.split()) >= 50 and len((text or "").split()) < len(visible.split()) // 10:
        # the parser gave up on the page (deeper than 255 elements, 300 unclosed tags, a 10 MB
        # attribute) and only the menu came out: the page's own text, read by a tolerant parser
        text = visible
    if extracted is None or not (text or "").strip():
        return ReadError(doc_id, _NO_ARTICLE)
    return Document(
        doc_id,
        as_read(text),
        title=extracted.title or None,
        date=extracted.date or None,
        author=extracted.author or None,
        url=extracted.url or None,
        path=path,
    )


class _TextOfPage(HTMLParser):
    """The text of a page as Python's tolerant HTML parser reads it (no depth limit): script, style and
    navigation left out, a line break after each block."""

    SKIPPED = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "head"})
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "article", "section", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    """The page's visible text, paragraphs on lines of their own."""
    reader = _TextOfPage()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def _row_document(row: dict[str, Any], where: str, line: int, path: str | None, columns: Columns) -> Document | ReadError:
    text = row.get(columns.text)
    if not isinstance(text, str):
        got = "no" if text is None else f"a non-text ({type(text).__name__})"
        return ReadError(f"{where}:{line}", f"line {line}: {got} {columns.text!r} field")
    raw_id = row.get(columns.id)
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{where}:{line}"
    if not text.strip():
        return ReadError(f"{where}:{line}", f"line {line}: an empty {columns.text!r} field")
    meta = {k: str(row[k]) for k in METADATA_COLUMNS if row.get(k) not in (None, "")}
    return Document(doc_id, as_read(text), path=path, encoding="utf-8" if path else None, **meta)


def _jsonl_documents(
    handle: IO[str], where: str, path: str | None, columns: Columns, first_line: int = 1
) -> Iterator[Document | ReadError]:
    for line_no, line in enumerate(handle, first_line):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadError(f"{where}:{line_no}", f"line {line_no}: not valid JSON ({err.msg}, column {err.colno})")
            continue
        except (ValueError, RecursionError) as err:  # a number of 5,000 digits, objects nested 100,000 deep
            yield ReadError(f"{where}:{line_no}", f"line {line_no}: cannot be read ({type(err).__name__}: {str(err)[:120]})")
            continue
        if not isinstance(row, dict):
            yield ReadError(f"{where}:{line_no}", f"line {line_no}: a JSON {type(row).__name__}, not an object")
            continue
        yield _row_document(row, where, line_no, path, columns)


def _csv_documents(handle: IO[str], where: str, path: str | None, columns: Columns) -> Iterator[Document | ReadError]:
    csv.field_size_limit(2**31 - 1)  # an article is longer than csv's default 128 KiB cap on a field
    first = handle.readline()
    if not first:
        return  # an empty file: said by the caller
    # a French spreadsheet's export separates with ";": the separator is the one that finds the text column
    delimiter = next((d for d in (",", ";", "\t") if columns.text in next(csv.reader([first], delimiter=d), [])), ",")
    reader = csv.reader(chain([first], handle), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as err:
        yield ReadError(where, f"line 1: {err}")
        return
    if columns.text not in header:
        yield ReadError(where, f"no {columns.text!r} column (the columns are: {', '.join(header)})")
        return
    while True:
        line_no = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield ReadError(f"{where}:{line_no}", f"line {line_no}: {err}")
            continue
        if not values:
            continue
        if len(values) != len(header):
            yield ReadError(f"{where}:{line_no}", f"line {line_no}: {len(values)} fields, the header has {len(header)}")
            continue
        yield _row_document(dict(zip(header, values)), where, line_no, path, columns)


def list_files(
    paths: Iterable[str], input_format: InputFormat | str = InputFormat.auto
) -> Iterator[tuple[Path, str] | ReadError]:
    """The files ``paths`` name (folders searched, globs expanded), each with its document id, in the
    order :func:`iter_documents` reads them; a path that names nothing is a ``ReadError``.

    Standard input (``-``) and URLs are not files and are refused here (a ``ReadError``).
    """
    forced = InputFormat(input_format)
    for path in paths:
        if path == "-":
            yield ReadError("-", "standard input cannot be shared out between workers: give files")
            continue
        if is_url(path):
            yield ReadError(path, "a web page cannot be shared out between workers: read URLs with the local engine")
            continue
        yield from _expand(path, forced)


def format_of(file: Path, input_format: InputFormat | str = InputFormat.auto) -> InputFormat:
    """How ``file`` is read: by its suffix, or as forced."""
    return _format_of(file, InputFormat(input_format))


def read_file(
    file: Path, doc_id: str, input_format: InputFormat | str = InputFormat.auto, columns: Columns = Columns()
) -> Iterator[Document | ReadError]:
    """The documents of one file (one, or a row each for JSONL and CSV), or why they could not be read."""
    return _read_file(file, doc_id, InputFormat(input_format), columns)


def read_jsonl_block(
    file: Path, doc_id: str, start: int, end: int, first_line: int, columns: Columns = Columns()
) -> Iterator[Document | ReadError]:
    """The documents of bytes ``start:end`` of a JSONL file, a block of whole lines that begins on line
    ``first_line`` (ids and messages say ``FILE:LINE`` as when the whole file is read)."""
    try:
        with file.open("rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        text = data.decode("utf-8-sig" if start == 0 else "utf-8")
    except (OSError, UnicodeDecodeError) as err:
        yield ReadError(f"{doc_id}:{first_line}", _reason(err))
        return
    yield from _jsonl_documents(io.StringIO(text, newline=""), doc_id, str(file), columns, first_line)


def jsonl_blocks(file: Path, size: int) -> list[tuple[int, int, int]]:
    """``(start, end, first_line)`` of consecutive blocks of whole lines of about ``size`` bytes that
    cover ``file``: one pass over the file, counting line breaks."""
    blocks: list[tuple[int, int, int]] = []
    start, line, offset, lines_before = 0, 1, 0, 0
    with file.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            if not chunk:
                break
            position = 0
            while offset + len(chunk) - start >= size:
                cut = chunk.find(b"\n", max(position, start + size - offset - 1))
                if cut < 0:
                    break
                end = offset + cut + 1
                blocks.append((start, end, line))
                line = lines_before + chunk.count(b"\n", 0, cut + 1) + 1
                start, position = end, cut + 1
            lines_before += chunk.count(b"\n")
            offset += len(chunk)
    if offset > start:
        blocks.append((start, offset, line))
    return blocks


def count_documents(
    paths: Iterable[str], input_format: InputFormat | str = InputFormat.auto, columns: Columns = Columns(),
    at_most: int | None = None, *, url_lists: Iterable[str] = (),
) -> int | None:
    """How many documents (and read errors) ``iter_documents`` will yield, or None for standard input.

    Cheap next to the analysis: JSONL and CSV files are counted line by line, other files once each,
    URLs once each without fetching them (the lists' lines are read, not their pages). Used for the
    progress bar's time left; with ``at_most``, counting stops there (is the corpus at least that
    large?), without reading the rest of a large corpus.
    """
    forced = InputFormat(input_format)
    total = 0
    for path in paths:
        if path == "-":
            return None
        if is_url(path):
            total += 1
            if at_most is not None and total >= at_most:
                return at_most
            continue
        for item in _expand(path, forced):
            if isinstance(item, ReadError):
                total += 1
            else:
                fmt = _format_of(item[0], forced)
                rows = fmt in (InputFormat.jsonl, InputFormat.csv)
                total += _count_rows(item[0], fmt, None if at_most is None else at_most - total) if rows else 1
            if at_most is not None and total >= at_most:
                return at_most
    for url_list in url_lists:
        total += len(read_url_list(url_list))
        if at_most is not None and total >= at_most:
            return at_most
    return total


def _count_rows(file: Path, fmt: InputFormat, at_most: int | None = None) -> int:
    try:
        with file.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            if fmt is InputFormat.jsonl:
                return sum(1 for _ in islice((line for line in handle if line.strip()), at_most))
            csv.field_size_limit(2**31 - 1)
            header_and_rows = None if at_most is None else at_most + 1
            return max(0, sum(1 for _ in islice((row for row in csv.reader(handle) if row), header_and_rows)) - 1)
    except (OSError, csv.Error):
        return 1


__all__ = [
    "Columns",
    "Document",
    "InputFormat",
    "ReadError",
    "content_hash",
    "count_documents",
    "format_of",
    "iter_documents",
    "jsonl_blocks",
    "list_files",
    "read_file",
    "read_jsonl_block",
    "read_url_list",
]
