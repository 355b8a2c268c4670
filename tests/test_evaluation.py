"""Scoring against gold, as `extractor eval` does, and the confidence curve."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor import cli
from extractor.eval.evaluation import (
    GoldError,
    Report,
    confidence_curve,
    load_gold,
    score_document,
    speaker_ok,
)
from extractor.records import Analysis, Quote

TEXT = "« Nous irons au bout », a déclaré Claire Vasseur. Le syndicat estime que la réforme est injuste."


def quote(text, qtype, speaker, confidence=0.9):
    start = TEXT.index(text)
    return Quote(text, start, start + len(text), qtype, speaker, speaker, "PER", None, "déclarer", confidence)


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = {"id": "a", "text_file": "a.txt", "quotes": [
        {"text": "Nous irons au bout", "type": "direct", "speaker": ["Claire Vasseur", "Vasseur"]},
        {"text": "que la réforme est injuste", "type": "indirect", "speaker": ["syndicat"]},
    ]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_scores_found_missed_spurious_and_wrong_speakers(gold_dir):
    [doc] = load_gold(gold_dir)
    analysis = Analysis("a", (), (
        quote("« Nous irons au bout »", "direct", "Vasseur"),  # marks and family name are fine
        quote("la réforme est injuste", "indirect", "Claire Vasseur"),  # found, wrong speaker
        quote("Le syndicat estime", "partial", None),  # spurious
    ))
    report = Report()
    score_document(doc, analysis, report)
    assert (report.marked.tp, report.marked.fp, report.marked.fn, report.marked.speaker_ok) == (1, 1, 0, 1)
    assert (report.indirect.tp, report.indirect.speaker_ok) == (1, 0)
    assert sorted(m.kind for m in report.misses) == ["SPURIOUS", "WRONG SPEAKER"]


def test_speaker_matching_folds_case_accents_and_articles():
    assert speaker_ok("la CGT", ["CGT"])
    assert speaker_ok("ELISABETH BORNE", ["Élisabeth Borne"])
    assert not speaker_ok("Borne", None) and speaker_ok(None, None)
    assert not speaker_ok("Emmanuel Macron", ["Élisabeth Borne"])


def test_confidence_curve_counts_and_shares(gold_dir):
    [doc] = load_gold(gold_dir)
    report = Report()
    score_document(doc, Analysis("a", (), (
        quote("Nous irons au bout", "direct", "Claire Vasseur", 0.95),
        quote("la réforme est injuste", "indirect", "Vasseur", 0.5),
    )), report)
    assert confidence_curve(report.matches, [0.0, 0.8]) == [(0.0, 2, 0.5), (0.8, 1, 1.0)]


def test_bad_gold_names_the_file(tmp_path):
    (tmp_path / "x.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="x.gold.json"):
        load_gold(tmp_path)


def test_eval_command_on_the_samples(monkeypatch, nlp):
    from conftest import SAMPLES

    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    result = CliRunner().invoke(cli.app, ["eval", str(SAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 6
    assert data["marked_quotes"]["f1"] >= 0.95 and data["marked_quotes"]["attribution"] >= 0.9
    table = CliRunner().invoke(cli.app, ["eval", str(SAMPLES)])
    assert "marked quotes" in table.stdout and "misses" in table.stdout


def test_eval_command_on_a_folder_without_gold(tmp_path, monkeypatch, nlp):
    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    result = CliRunner().invoke(cli.app, ["eval", str(tmp_path)])
    assert result.exit_code == 1 and "no *.gold.json file" in result.stderr
