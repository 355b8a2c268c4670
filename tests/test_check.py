"""`extractor check`: a claim against the statements of articles or of a quote database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor import cli
from extractor.check.lookup import (
    check_claim,
    is_speaker,
    statements_in_database,
    statements_of,
    vectors_of,
)
from extractor.check.requests import ClaimsError, read_claims
from extractor.io.database import QuoteDatabase
from extractor.records import Document

runner = CliRunner()
ARTICLE = (
    "Retraites : la ministre ne cède pas\n\n"
    "« Nous ne reculerons pas. Cette réforme est juste et nécessaire », a déclaré Claire Vasseur, ministre du "
    "Travail, mardi à l'Assemblée.\n\n"
    "Le secrétaire général de la CGT, Jean-Baptiste Morin, a répondu que « la mobilisation ne faiblirait pas ».\n\n"
    "« Le gouvernement veut faire payer aux salariés le prix de ses choix », a lancé M. Morin.\n"
)


@pytest.fixture(scope="module")
def statements(nlp):
    from dataclasses import replace

    from extractor.pipeline import to_analysis

    document = Document("retraites", ARTICLE, title="Retraites : la ministre ne cède pas", date="2025-03-04",
                        url="https://example.org/retraites")
    analysis = to_analysis(nlp(ARTICLE), "retraites")
    return document, replace(analysis, title=document.title, date=document.date, url=document.url)


def verdict_of(statements, nlp, claim, speaker=None):
    document, analysis = statements
    return check_claim(claim, speaker, list(statements_of(analysis)), vectors_of(nlp.vocab))


@pytest.mark.parametrize("claim, speaker, verdict", [
    ("nous ne reculerons pas", "Vasseur", "verbatim"),                      # part of a statement, case
    ("Cette réforme est juste et nécessaire.", "la ministre", "verbatim"),  # the role the article gives her
    ("Nous reculerons", "Claire Vasseur", "altered"),                       # the negation dropped
    ("Cette réforme est injuste et nécessaire", "Vasseur", "altered"),       # a word changed
    ("Nous ne reculerons pas", "Morin", "other-speaker"),                    # said, but by Vasseur
    ("Les agriculteurs bloqueront les autoroutes", "Vasseur", "not-found"),
])
def test_verdicts_for_one_speaker(statements, nlp, claim, speaker, verdict):
    assert verdict_of(statements, nlp, claim, speaker).verdict == verdict


def test_a_match_names_its_speaker_document_offsets_context_and_diff(statements, nlp):
    result = verdict_of(statements, nlp, "Nous reculerons", "Vasseur")
    best = result.matches[0].to_dict()
    assert best["speaker"] == "Claire Vasseur" and best["document"] == {
        "id": "retraites", "title": "Retraites : la ministre ne cède pas", "date": "2025-03-04",
        "url": "https://example.org/retraites"}
    assert ARTICLE[best["start"] : best["end"]].startswith("Nous ne reculerons")
    assert best["context"].startswith("« Nous ne reculerons pas.") and "ne" in {d["statement"] for d in best["diff"]}
    without = verdict_of(statements, nlp, "nous ne reculerons pas")  # no speaker: the words alone
    assert without.verdict == "verbatim" and without.matches[0].statement.speaker == "Claire Vasseur"


def test_a_denied_statement_is_not_its_speakers_words(statements, nlp):
    from dataclasses import replace

    document, analysis = statements
    denied = tuple(replace(q, negated=True) if q.speaker == "Claire Vasseur" else q for q in analysis.quotes)
    result = check_claim("Nous ne reculerons pas", "Vasseur", list(statements_of(replace(analysis, quotes=denied))))
    assert result.verdict == "not-found" and result.matches and result.matches[0].statement.negated


def test_any_form_of_the_name_or_the_role_names_the_speaker(statements):
    document, analysis = statements
    vasseur = next(s for s in statements_of(analysis) if s.speaker == "Claire Vasseur")
    assert all(is_speaker(name, vasseur) for name in ("Vasseur", "claire vasseur", "la ministre du Travail", "Mme Vasseur"))
    assert not any(is_speaker(name, vasseur) for name in ("Morin", "le ministre de l'Intérieur", ""))


def test_the_database_gives_candidates_and_the_cli_one_object_per_claim(statements, tmp_path):
    document, analysis = statements
    path = tmp_path / "q.db"
    with QuoteDatabase(path) as db:
        db.add(document, analysis)
    with QuoteDatabase(path, readonly=True) as db:
        found = statements_in_database(db, "Nous ne reculerons jamais", "Vasseur")
        assert any(s.text.startswith("Nous ne reculerons pas") and s.document.url == document.url for s in found)
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"claim": "Nous ne reculerons jamais", "speaker": "Vasseur"}) + "\n"
                      + json.dumps({"claim": "la mobilisation ne faiblirait pas", "speaker": None}) + "\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["check", "--claims", str(claims), "--db", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["claim"], r["verdict"]) for r in rows] == [
        ("Nous ne reculerons jamais", "altered"), ("la mobilisation ne faiblirait pas", "verbatim")]
    assert rows[1]["matches"][0]["speaker"] == "Jean-Baptiste Morin"


def test_the_cli_refuses_a_claim_without_a_source_and_a_bad_claims_file(tmp_path):
    assert runner.invoke(cli.app, ["check", "Nous ne reculerons pas"]).exit_code == 2
    bad = tmp_path / "claims.jsonl"
    bad.write_text('{"claim": "ok"}\n{"claim": \n', encoding="utf-8")
    with pytest.raises(ClaimsError, match="claims.jsonl:2: not JSON"):
        read_claims(bad)
    csv_file = tmp_path / "claims.csv"
    csv_file.write_text("claim,speaker\nNous ne reculerons pas,Vasseur\nIls cèdent,\n", encoding="utf-8")
    assert [(c.claim, c.speaker) for c in read_claims(csv_file)] == [("Nous ne reculerons pas", "Vasseur"), ("Ils cèdent", None)]


def test_check_against_articles_on_the_fly_gives_title_and_csv_rows(monkeypatch, nlp, tmp_path):
    import csv

    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    article = tmp_path / "retraites.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli.app, ["check", "Cette réforme est injuste", str(article), "--speaker", "Vasseur",
                                     "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert rows[0]["verdict"] == "altered" and rows[0]["speaker"] == "Claire Vasseur"
    assert rows[0]["doc"] == str(article) and rows[0]["diff"] == "injuste → juste"
    assert ARTICLE[int(rows[0]["start"]) : int(rows[0]["end"])] == "Cette réforme est juste"
    table = runner.invoke(cli.app, ["check", "Les agriculteurs bloqueront les autoroutes", str(article)])
    assert table.exit_code == 0 and "not-found" in table.output
