"""Golden end-to-end tests on samples/: the exact output, and its accuracy against the hand gold.

``samples/NAME.expected.json`` is the tool's output for ``samples/NAME.txt``, reviewed against the hand
annotation ``samples/NAME.gold.json``. After a deliberate change, regenerate the expected files with
``UPDATE_GOLDEN=1 make test`` and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
import unicodedata

import pytest
from conftest import SAMPLES

from extractor.pipeline import to_analysis

ARTICLES = sorted(SAMPLES.glob("*.txt"))
MARKS = "«»“”\"‹› \u00a0\u202f\t\n.,;:"


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


def _fold(s):
    s = unicodedata.normalize("NFKD", (s or "").replace("’", "'")).casefold()
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def _span(text, start, end):
    while start < end and text[start] in MARKS:
        start += 1
    while end > start and text[end - 1] in MARKS:
        end -= 1
    return start, end


def _iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]) or 1)


def _speaker_ok(pred, aliases):
    if not pred:
        return False
    p = _fold(pred)
    return any(p == _fold(a) or p.split()[-1] == _fold(a).split()[-1] for a in aliases)


def test_samples_agree_with_the_hand_annotation(analyses):
    """Every marked quote found, and speakers right at least as often as on real news."""
    found = total = right = spurious = 0
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        gold = json.loads((SAMPLES / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
        preds = [(_span(text, q["start"], q["end"]), q) for q in analyses[path.stem]["quotes"] if q["type"] != "indirect"]
        used = set()
        for g in gold["quotes"]:
            if g["type"] == "indirect":
                continue
            at = text.find(g["text"])
            gspan = _span(text, at, at + len(g["text"]))
            best = max(((_iou(gspan, s), i) for i, (s, _) in enumerate(preds) if i not in used), default=(0, None))
            if best[0] >= 0.5:
                used.add(best[1])
            if g.get("optional"):
                continue
            total += 1
            if best[0] >= 0.5:
                found += 1
                right += _speaker_ok(preds[best[1]][1]["speaker"], g["speaker"])
        spurious += len(preds) - len(used)
    assert found == total and spurious == 0
    assert right / found >= 0.85, f"attribution {right}/{found}"
