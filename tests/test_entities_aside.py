"""The entity recognizer set aside in a process of its own: the same analyses, and the pipeline given back."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import pytest

from extractor.nlp.entities_aside import AHEAD, BEHIND, set_aside
from extractor.pipeline import to_analysis
from extractor.records import Document
from extractor.run.batch import Processed, process

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


@pytest.fixture
def aside(nlp):
    names = nlp.pipe_names
    found = set_aside(nlp)
    yield found
    found.close()
    assert nlp.pipe_names == names and not found.process.is_alive()


@pytest.fixture(scope="module")
def expected(nlp) -> dict[str, dict]:
    """Each sample's analysis by the pipeline as loaded."""
    return {path.name: to_analysis(nlp(path.read_text(encoding="utf-8")), path.name).to_dict() for path in SAMPLES}


def test_the_pipeline_sends_ahead_and_receives_where_ner_stood(nlp, aside):
    names = nlp.pipe_names
    assert names[0] == AHEAD and "ner" not in names and names.index(BEHIND) == names.index("news_entities") - 1
    assert aside.process.is_alive()


def test_the_same_analysis_one_article_at_a_time(nlp, aside, expected):
    for path in SAMPLES:
        assert to_analysis(nlp(path.read_text(encoding="utf-8")), path.name).to_dict() == expected[path.name]


def test_the_same_analysis_in_batches(nlp, aside, expected):
    documents = [Document(path.name, path.read_text(encoding="utf-8")) for path in SAMPLES] * 4
    outcomes = list(process(documents, nlp, batch_size=7))
    assert all(isinstance(o, Processed) for o in outcomes)
    assert [o.analysis.to_dict() for o in outcomes] == [expected[d.id] for d in documents]


def test_an_answer_left_behind_by_a_failed_batch_is_skipped(nlp, aside, expected):
    aside.send(nlp.make_doc("Un texte dont l'analyse a échoué après l'envoi, Paul Durand à Lyon."))
    path = SAMPLES[0]
    assert to_analysis(nlp(path.read_text(encoding="utf-8")), path.name).to_dict() == expected[path.name]


def test_if_the_process_dies_the_recognizer_runs_here(nlp, aside, expected, caplog):
    os.kill(aside.process.pid, signal.SIGKILL)
    aside.process.join(timeout=10)
    path = SAMPLES[1]
    with caplog.at_level(logging.WARNING, logger="extractor.nlp.entities_aside"):
        for _ in range(2):
            assert to_analysis(nlp(path.read_text(encoding="utf-8")), path.name).to_dict() == expected[path.name]
    assert not aside.alive
    assert [r.getMessage() for r in caplog.records].count(
        "the entity recognizer's process ended (-9): entities are found here again") == 1
