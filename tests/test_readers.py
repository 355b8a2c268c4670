"""Reading corpora: every format on small files made here, globs, stdin, and the rows that fail."""

from __future__ import annotations

import io
import json

import pytest

from extractor.io.readers import (
    Columns,
    Document,
    InputFormat,
    ReadError,
    count_documents,
    iter_documents,
)

PAGE = """<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Retraites : la CGT ne cédera pas | Le Quotidien du Port</title>
<meta property="og:title" content="Retraites : la CGT ne cédera pas">
<meta name="author" content="Marie Lenoir">
<meta property="article:published_time" content="2024-03-12T08:30:00+01:00">
<link rel="canonical" href="https://quotidien-du-port.example/politique/retraites-cgt">
</head><body>
<nav><a href="/">Accueil</a> | <a href="/politique">Politique</a> | LIRE AUSSI : nos dossiers</nav>
<article>
<h1>Retraites : la CGT ne cédera pas</h1>
<p>« Nous ne céderons pas », a déclaré mardi Claire Vasseur devant les militants réunis au Havre,
promettant une mobilisation « longue et déterminée » contre le projet du gouvernement.</p>
<p>Le ministre du Travail a estimé que la réforme était indispensable à l’équilibre des comptes,
selon un communiqué publié dans la soirée par son cabinet.</p>
</article>
<footer>Partager sur Facebook · © Le Quotidien du Port</footer>
</body></html>
"""


def _read(*paths, **kwargs):
    return list(iter_documents([str(p) for p in paths], **kwargs))


def test_txt_and_md(tmp_path):
    (tmp_path / "a.txt").write_text("« Non », a dit Paul.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Le titre\n\nLe texte de l'article.", encoding="utf-8")
    a, b = _read(tmp_path / "a.txt", tmp_path / "b.md")
    assert a == Document(str(tmp_path / "a.txt"), "« Non », a dit Paul.", path=str(tmp_path / "a.txt"), encoding="utf-8")
    assert b.title == "Le titre" and b.text.startswith("# Le titre")  # offsets stay those of the file


def test_html_news_page_is_reduced_to_the_article_and_its_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    (doc,) = _read(page)
    assert doc.id == str(page)
    assert "« Nous ne céderons pas », a déclaré mardi Claire Vasseur" in doc.text
    assert "Partager sur Facebook" not in doc.text and "Accueil" not in doc.text
    assert doc.title == "Retraites : la CGT ne cédera pas"
    assert doc.date == "2024-03-12"
    assert doc.author == "Marie Lenoir"
    assert doc.url == "https://quotidien-du-port.example/politique/retraites-cgt"


def test_html_without_an_article_is_an_error(tmp_path):
    page = tmp_path / "empty.htm"
    page.write_text("<html><head><title>Vide</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    (error,) = _read(page)
    assert isinstance(error, ReadError) and "no article text" in error.reason


def test_jsonl_rows_with_ids_metadata_and_a_malformed_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        json.dumps({"id": "art-1", "text": "Premier article.", "title": "Un", "date": "2024-01-02"}),
        "{not json",
        json.dumps({"text": "Sans identifiant."}),
        "",
        json.dumps({"id": 7, "body": "pas de champ text"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "art-5", "text": "Dernier article."}),
    ]
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = _read(corpus)
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "Document", "ReadError", "ReadError", "Document"]
    first, bad, anonymous, missing, listed, last = items
    assert (first.id, first.title, first.date, first.path) == ("art-1", "Un", "2024-01-02", str(corpus))
    assert bad.id == f"{corpus}:2" and bad.reason.startswith("line 2: not valid JSON")
    assert anonymous.id == f"{corpus}:3"  # no id column: the file and the line
    assert missing.reason == "line 5: no 'text' field"
    assert listed.reason == "line 6: a JSON list, not an object"
    assert last.id == "art-5"


def test_csv_with_columns_set_by_options_and_a_broken_row(tmp_path):
    corpus = tmp_path / "corpus.csv"
    corpus.write_text(
        'ref,body,date\n'
        'a1,"Un article\nsur deux lignes, avec « guillemets »",2024-05-01\n'
        'a2,trop,de,champs\n'
        'a3,Le dernier.,2024-05-03\n',
        encoding="utf-8",
    )
    items = _read(corpus, columns=Columns(text="body", id="ref"))
    assert [getattr(i, "id") for i in items] == ["a1", f"{corpus}:4", "a3"]
    assert items[0].text == "Un article\nsur deux lignes, avec « guillemets »" and items[0].date == "2024-05-01"
    assert isinstance(items[1], ReadError) and items[1].reason == "line 4: 4 fields, the header has 3"
    (no_column,) = _read(corpus)  # the default text column, "text", is not there
    assert "no 'text' column" in no_column.reason and "ref, body, date" in no_column.reason


def test_folders_are_searched_recursively_and_globs_expand(tmp_path):
    (tmp_path / "2024" / "05").mkdir(parents=True)
    (tmp_path / "2024" / "05" / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "2024" / "b.md").write_text("B.", encoding="utf-8")
    (tmp_path / "2024" / "c.jsonl").write_text('{"id": "c", "text": "C."}\n', encoding="utf-8")
    (tmp_path / "2024" / "notes.json").write_text("{}", encoding="utf-8")
    assert [d.text for d in _read(tmp_path)] == ["A.", "B.", "C."]
    assert [d.text for d in _read(tmp_path / "**" / "*.txt")] == ["A."]
    (error,) = _read(tmp_path / "*.html")
    assert error.reason == "no file matches this pattern"
    assert count_documents([str(tmp_path)]) == 3


def test_stdin_as_text_or_as_jsonl():
    (doc,) = list(iter_documents(["-"], stdin=io.StringIO("Le texte.")))
    assert (doc.id, doc.text) == ("<stdin>", "Le texte.")
    lines = io.StringIO('{"id": "x", "text": "Un."}\n{"id": "y", "text": "Deux."}\n')
    assert [d.id for d in iter_documents(["-"], InputFormat.jsonl, stdin=lines)] == ["x", "y"]
    assert count_documents(["-"]) is None


def test_unreadable_files_are_named_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "b.txt").write_text("Bien.", encoding="utf-8")
    bad, good = _read(tmp_path)
    assert bad.reason == "binary file (a PDF, an image or an archive), not text" and good.text == "Bien."
    assert _read(tmp_path / "absent.txt")[0].reason == "no such file or folder"


def test_content_hash_tells_a_changed_text():
    assert Document("a", "x").hash == Document("b", "x").hash != Document("a", "y").hash


def test_counting_stops_at_at_most(tmp_path):
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text("Un texte.", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text("".join(f'{{"text": "t{k}"}}\n' for k in range(5)), encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 8
    assert count_documents([str(tmp_path)], at_most=2) == 2
    assert count_documents([str(tmp_path)], at_most=6) == 6  # three files, then three lines of the JSONL
    assert count_documents([str(tmp_path)], at_most=50) == 8


def test_standard_input_is_read_as_what_it_looks_like():
    jsonl = '{"id": "a", "text": "« Oui », a dit Anne."}\n{"id": "b", "text": "Non."}\n'
    assert [d.id for d in iter_documents(["-"], stdin=io.StringIO(jsonl))] == ["a", "b"]
    csv_text = "id;titre;text\nc;Un titre;« Oui », a dit Anne.\n"
    [doc] = iter_documents(["-"], stdin=io.StringIO(csv_text))
    assert (doc.id, doc.text) == ("c", "« Oui », a dit Anne.")
    [page] = iter_documents(["-"], stdin=io.StringIO("<!DOCTYPE html><html><head><title>T</title></head><body><article>"
                                                   "<p>« Nous tiendrons bon jusqu'au bout », a déclaré la maire de Lille.</p>"
                                                   "</article></body></html>"))
    assert "Nous tiendrons bon" in page.text and page.title == "T"
    [error] = iter_documents(["-"], stdin=io.StringIO('{"id": "a", "body": "x"}\n'))
    assert isinstance(error, ReadError) and "no 'text' field: name it with --text-column" in error.reason
    [prose] = iter_documents(["-"], stdin=io.StringIO("{Note} Le maire a parlé.\n"))
    assert prose.text.startswith("{Note}")


def test_standard_input_in_windows_1252_is_decoded_like_a_file():
    raw = "Le ministre a déclaré que « tout va bien » et qu’il ne cédera pas.\n".encode("cp1252")
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape")  # as Python opens it
    [doc] = iter_documents(["-"], stdin=stdin)
    assert doc.text.startswith("Le ministre a déclaré que « tout va bien »") and "qu’il" in doc.text


def test_a_jsonl_line_that_json_cannot_hold_fails_alone(tmp_path):
    data = tmp_path / "hostile.jsonl"
    data.write_text('{"id": "big", "text": "x", "n": ' + "1" * 5000 + "}\n"
                    + '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
                    + '{"id": "ok", "text": "Le texte."}\n', encoding="utf-8")
    items = list(iter_documents([str(data)]))
    assert [type(i).__name__ for i in items] == ["ReadError", "ReadError", "Document"]
    assert items[0].reason.startswith("line 1: cannot be read") and items[1].reason.startswith("line 2: cannot be read")
    assert items[2].id == "ok"


@pytest.mark.parametrize("wrap", [
    lambda art: "<div>" * 300 + art + "</div>" * 300,  # deeper than the HTML parser's 255 levels
    lambda art: "<b>" * 300 + art,  # 300 unclosed tags
])
def test_an_article_the_html_parser_gives_up_on_is_read_from_the_page_text(tmp_path, wrap):
    paragraph = ("<p>« Nous ne céderons pas sur la réforme des retraites, ni maintenant ni plus tard », a déclaré "
                 "mardi la ministre du Travail, Claire Vasseur, devant les députés réunis.</p>")
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Retraites</title></head><body><nav>Accueil Politique Sport</nav>"
                    + wrap(paragraph * 5) + "</body></html>", encoding="utf-8")
    [doc] = iter_documents([str(page)])
    assert doc.text.startswith("« Nous ne céderons pas") and doc.text.count("Claire Vasseur") == 5
    assert "Accueil" not in doc.text and doc.title == "Retraites"
