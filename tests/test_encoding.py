"""Files in the encodings a newsroom has: decoded, mojibake repaired, binaries refused."""

from __future__ import annotations

import codecs

import pytest

from extractor.io.encoding import NotText, decode
from extractor.io.readers import ReadError, iter_documents
from extractor.records import Document

TEXT = "« Nous ne céderons pas », a déclaré la députée – 5 € d’économies."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
        ("Le député a déclaré « oui »".encode("latin-1"), "cp1252"),  # the same bytes for these letters
    ],
)
def test_encodings_are_detected(data, encoding):
    text, used = decode(data)
    assert used == encoding
    assert text in (TEXT, "Le député a déclaré « oui »")


SHORT = "“ Nous ne céderons pas ”, a déclaré Claire Vasseur, secrétaire générale de la CGT."
RUSSIAN = "Сегодня министр заявил, что всё хорошо."


@pytest.mark.parametrize(
    "text, encoding, used",
    [
        (SHORT, "cp1252", "cp1252"),  # charset-normalizer alone guesses cp775 (Baltic): "“" would be "ō"
        (RUSSIAN, "cp1251", "cp1251"),  # not clean as Windows-1252: the guess stands
    ],
)
def test_western_encodings_are_preferred_only_when_they_read_as_cleanly(text, encoding, used):
    assert decode(text.encode(encoding)) == (text, used)


def test_mojibake_is_repaired_and_curly_quotes_kept():
    assert decode("Le dÃ©putÃ© a dÃ©clarÃ© “non”".encode("utf-8"))[0] == "Le député a déclaré “non”"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", b"abc\x00\x00def"])
def test_binary_files_are_refused_with_a_reason(data):
    with pytest.raises(NotText, match="binary"):
        decode(data)


def test_reader_decodes_windows_1252_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(b"%PDF-1.4 binary")
    items = list(iter_documents([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [d.text for d in docs] == [TEXT]
    assert len(errors) == 1 and "binary" in errors[0].reason
