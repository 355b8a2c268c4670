"""Bytes to text, whatever a newsroom's archive was saved in.

UTF-8 with or without a byte-order mark, UTF-16 with one, and otherwise charset-normalizer's best
guess (Windows-1252, Latin-1…). Mojibake ("Ã©" for "é") is repaired by ftfy where it is clear, without
straightening curly quotes. A PDF, an image or any file with NUL bytes (but UTF-16) is refused.

Example:
    >>> decode("Le député a déclaré".encode("cp1252"))
    ('Le député a déclaré', 'cp1252')
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")


_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_TOLERANCE = 0.05  # how much messier than the best guess a Western reading may be and still be chosen


class NotText(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read in.

    Raises:
        NotText: for binary files (naming what they look like) and undecodable bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _repair(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _repair(data.decode("utf-16")), "utf-16"
    if data.startswith(_BINARY_MAGIC):
        raise NotText("binary file (a PDF, an image or an archive), not text")
    if b"\x00" in data[:4096]:
        raise NotText("binary file, not text")
    try:
        return _repair(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise NotText("not text in any known encoding")
    # French legacy files are Windows-1252 or Latin-1: prefer those whenever they read the bytes as
    # cleanly as the best guess (a short text in cp1252 is also "valid" cp775 or cp1250, and may be
    # guessed so; a Cyrillic cp1251 file is not clean in them and keeps its own)
    best = matches[0]
    western = next((e for e in _WESTERN if e in best.could_be_from_charset), None)
    if western is None:
        clean = from_bytes(data, cp_isolation=list(_WESTERN)).best()
        if clean is not None and clean.chaos <= best.chaos + _TOLERANCE:
            western = next((e for e in _WESTERN if e in clean.could_be_from_charset), clean.encoding)
    if western is not None:
        return _repair(data.decode(western)), western
    return _repair(str(best)), best.encoding


def _repair(text: str) -> str:
    """Mojibake repaired where ftfy is sure, nothing else touched: quotes, spaces and line breaks
    stay as they are, so that offsets refer to the text the user sees."""
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization=None,
        remove_terminal_escapes=False,
        remove_control_chars=False,
        replace_lossy_sequences=False,
    )


# characters that break a line without being "\n" (a lone carriage return, Unicode's line and paragraph
# separators, NEL), and characters that take no room (zero-width space and joiners, word joiner, the marks
# of writing direction, a byte-order mark inside the text)
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}
_INVISIBLE = dict.fromkeys("\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff", " ")
_SAME_LENGTH = str.maketrans({**_LINE_BREAKS, **_INVISIBLE})
_LONE_CR = re.compile(r"\r(?!\n)")


def as_read(text: str) -> str:
    """The text the tool reads, one character for one, so that every offset stays the offset into what
    was given: other line breaks become "\\n" (a lone carriage return too; "\\r\\n" stays), and the
    invisible characters a space ("Jean\\u200bDupont" is "Jean Dupont"; « » stay marks beside them)."""
    return _LONE_CR.sub("\n", text.translate(_SAME_LENGTH))
