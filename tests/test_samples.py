"""Golden end-to-end tests on samples/: the exact output, and its accuracy against the hand gold.

``samples/NAME.expected.json`` is the tool's output for ``samples/NAME.txt``, reviewed against the hand
annotation ``samples/NAME.gold.json``. After a deliberate change, regenerate the expected files with
``UPDATE_GOLDEN=1 make test`` and review the diff before committing it.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import SAMPLES

from extractor.eval.evaluation import Report, load_gold, score_document
from extractor.pipeline import to_analysis
from extractor.records import Analysis

ARTICLES = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def analyses(nlp):
    return {p.stem: to_analysis(nlp(p.read_text(encoding="utf-8")), f"samples/{p.name}").to_dict() for p in ARTICLES}


@pytest.mark.parametrize("name", [p.stem for p in ARTICLES])
def test_output_matches_the_golden_file(analyses, name):
    golden = SAMPLES / f"{name}.expected.json"
    got = analyses[name]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_samples_agree_with_the_hand_annotation(analyses):
    """Scored as `extractor eval` scores: every marked quote found and nothing spurious, indirect speech
    nearly all found, and speakers right at least as often as on real news."""
    report = Report(documents=len(ARTICLES))
    for gold in load_gold(SAMPLES):
        score_document(gold, Analysis.from_dict(analyses[gold.path.stem]), report)
    assert (report.marked.fn, report.marked.fp) == (0, 0), [m for m in report.misses if m.kind != "WRONG SPEAKER"]
    assert report.marked.attribution >= 0.90
    assert report.indirect.fp == 0 and report.indirect.recall >= 0.85
    assert report.indirect.attribution >= 0.95
