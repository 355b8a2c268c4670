"""The speaker ranker and the animacy model: they load, rank, calibrate, and train on a tiny corpus."""

from __future__ import annotations

import json

import numpy as np
import pytest

from extractor.nlp.components import entity_clusters
from extractor.nlp.ranking.candidates import (
    FEATURES,
    Candidate,
    DocumentContext,
    gather,
)
from extractor.nlp.ranking.ranker import Calibration, SpeakerRanker
from extractor.nlp.speakers.animacy import Animacy
from extractor.nlp.speakers.subject import Speaker
from extractor.nlp.statements.attribute import Attributor


def speaker(name, label="PER", cluster=None):
    return Speaker(name, name, label, None, 0.5, cluster, 0)


def test_the_shipped_ranker_loads_with_its_calibration():
    ranker = SpeakerRanker.load()
    assert ranker is not None and ranker.animacy is not None
    assert ranker.weights.shape == (len(FEATURES),)
    probabilities = ranker.calibration.probabilities
    assert list(probabilities) == sorted(probabilities)  # a clearer margin never gets a lower confidence
    assert 0.0 < ranker.calibrated(0.0) < ranker.calibrated(0.5) < ranker.calibrated(1.0) < 1.0


def test_a_hand_made_ranker_prefers_the_rule_and_the_subject():
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("rule")] = 2.0
    weights[FEATURES.index("cue_subj")] = 1.0
    weights[FEATURES.index("none")] = 0.5
    ranker = SpeakerRanker(weights, -1.0, Calibration((0.0, 0.2, 0.6), (0.3, 0.7, 0.95)))
    candidates = [
        Candidate(speaker("Klaus Berger"), {"PER": 1.0, "same_sent": 1.0}),
        Candidate(speaker("Jean Dufour"), {"PER": 1.0, "rule": 1.0, "cue_subj": 1.0}),
        Candidate(None, {"none": 1.0}),
    ]
    best, confidence = ranker.choose(candidates)
    assert best.speaker.name == "Jean Dufour"
    index, margin = ranker.best(candidates)
    assert index == 1 and margin > 0
    assert confidence == pytest.approx(np.interp(margin, (0.0, 0.2, 0.6), (0.3, 0.7, 0.95)))  # through the curve
    # "no speaker" wins when nothing speaks for anyone
    best, _ = ranker.choose([Candidate(speaker("Paris", "LOC"), {"LOC": 1.0}), Candidate(None, {"none": 1.0})])
    assert best.speaker is None


def test_the_ranker_round_trips_through_json():
    ranker = SpeakerRanker.load()
    again = SpeakerRanker.from_dict(json.loads(json.dumps(ranker.to_dict())), ranker.animacy)
    assert np.allclose(again.weights, ranker.weights) and again.calibration == ranker.calibration


def test_a_model_made_for_other_features_is_refused():
    data = SpeakerRanker.load().to_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="make train-attribution"):
        SpeakerRanker.from_dict(data)


def test_candidates_of_a_parsed_statement(nlp):
    text = (
        "Le Premier ministre Jean Dufour a rencontré son homologue Klaus Berger à Berlin. "
        "« Nous avons trouvé un accord », a-t-il déclaré."
    )
    with nlp.select_pipes(disable=["quote_attributor"]):
        doc = nlp(text)
    att = Attributor(doc, entity_clusters(doc))
    quotes = att.run()
    candidates = gather(DocumentContext(att, Animacy.load()), quotes[0], [])
    names = [c.speaker.name if c.speaker else None for c in candidates]
    assert {"Jean Dufour", "Klaus Berger", "Berlin", None} <= set(names)
    assert candidates[-1].speaker is None  # "no speaker" is always a candidate, last
    rule = next(c for c in candidates if c.features.get("rule"))
    assert rule.features["rule_incise"] == 1.0 and rule.features["rule_pronoun"] == 1.0
    assert next(c for c in candidates if c.speaker and c.speaker.name == "Berlin").features["LOC"] == 1.0
    best, _ = SpeakerRanker.load().choose(candidates)
    assert best.speaker.name == "Jean Dufour"


def test_animacy_tells_speakers_from_things(nlp):
    animacy = Animacy.load()
    for word in ("manifestants", "syndicat", "porte-parole", "habitants"):
        assert animacy.of_word(nlp.vocab, word) > 0.5, word
    for word in ("explosion", "victoire", "enveloppe", "images"):
        assert animacy.of_word(nlp.vocab, word) < 0.5, word
    assert animacy.of_word(nlp.vocab, "xqzjw") == 0.5  # no vector, nothing known


TINY = [
    ("a", "« Nous ne céderons pas », a déclaré Paul Mercier. Le ministre Jean Dufour a répondu que rien ne changerait.",
     [("Nous ne céderons pas", "direct", "Paul Mercier"), ("rien ne changerait", "indirect", "Jean Dufour")]),
    ("b", "Claire Vasseur a reçu Marc Aubry. « Le budget sera tenu », a-t-elle assuré.",
     [("Le budget sera tenu", "direct", "Claire Vasseur")]),
    ("c", "Selon la CGT, la grève sera reconduite jeudi. « C'est une provocation », estime Laurent Ferri.",
     [("la grève sera reconduite jeudi", "indirect", "CGT"), ("C'est une provocation", "direct", "Laurent Ferri")]),
    ("d", "Anne Vidal a dénoncé une « attaque inacceptable » contre la presse, à Lyon.",
     [("attaque inacceptable", "partial", "Anne Vidal")]),
    ("e", "Le maire Grégoire Fabre a affirmé que la ligne ouvrirait en mai. « Elle changera tout », a-t-il ajouté.",
     [("la ligne ouvrirait en mai", "indirect", "Grégoire Fabre"), ("Elle changera tout", "direct", "Grégoire Fabre")]),
    ("f", "Jean Ferrand a rencontré Sophie Lemaire à Paris. Elle a déclaré que l'accord était proche.",
     [("l'accord était proche", "indirect", "Sophie Lemaire")]),
]


@pytest.fixture(scope="module")
def tiny_gold(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "texts").mkdir()
    for name, text, quotes in TINY:
        (folder / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
        gold = {"id": name, "text_file": f"texts/{name}.txt",
                "quotes": [{"text": t, "type": k, "speaker": [s]} for t, k, s in quotes]}
        (folder / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def test_training_on_a_tiny_corpus_runs_and_is_deterministic(nlp, tiny_gold, tmp_path):
    pytest.importorskip("sklearn")
    from extractor.eval.ranker_training import train, train_animacy

    animacy, accuracy = train_animacy(nlp, [("habitants", 1), ("syndicat", 1), ("ministre", 1), ("témoins", 1),
                                            ("explosion", 0), ("victoire", 0), ("budget", 0), ("route", 0)])
    assert 0.0 <= accuracy <= 1.0 and animacy.weights.shape == (nlp.vocab.vectors_length,)
    logged = []
    first = train(tiny_gold, nlp, animacy, tmp_path / "cv", log=logged.append)
    second = train(tiny_gold, nlp, animacy, None, log=lambda _: None)
    assert np.array_equal(first.weights, second.weights) and first.calibration == second.calibration
    assert any("held-out" in line for line in logged)
    rows = [json.loads(line) for line in (tmp_path / "cv" / "cross-validated.jsonl").read_text().splitlines()]
    assert len(rows) == len(TINY) and all("quotes" in r for r in rows)


def test_the_calibration_is_isotonic_and_never_certain():
    pytest.importorskip("sklearn")
    from extractor.eval.ranker_training import calibration

    # the three closest calls right once (pooled: 1/3), the clear ones always: capped at 0.99
    margins = [0.05, 0.1, 0.15, 0.2, 0.6, 0.7, 0.8, 0.9]
    curve = calibration(margins, [True, False, False, True, True, True, True, True])
    assert curve(0.1) == pytest.approx(1 / 3) and curve(0.2) == curve(2.0) == 0.99
    assert all(a <= b for a, b in zip(curve.probabilities, curve.probabilities[1:]))
    assert calibration([0.1, 0.5], [True, True])(0.3) == pytest.approx(0.75)  # all right: (2 + 1) / (2 + 2)
