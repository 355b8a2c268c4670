"""Long runs of punctuation: tokenized in linear time, offsets into the text given, short runs as before
(issue 18, "Slower than linear")."""

from __future__ import annotations

import pickle
import random
import time

import pytest
import spacy
from spacy.tokenizer import Tokenizer

import extractor.nlp.punctuation_runs as runs
from extractor.chunking import split_text
from extractor.nlp.punctuation_runs import PunctuationRunsTokenizer, long_runs, settings_of, use_punctuation_runs
from extractor.pipeline import analyze_long, piece_limit, to_analysis

BORNE = "« Nous ne reculerons pas », a déclaré Élisabeth Borne."


def plain(tokenizer: Tokenizer) -> Tokenizer:
    """spaCy's own tokenizer, with the same settings."""
    return Tokenizer(tokenizer.vocab, **settings_of(tokenizer))


def tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


def offsets_hold(text: str, analysis) -> bool:
    spans = [(q.start, q.end, q.text) for q in analysis.quotes]
    spans += [(m.start, m.end, m.text) for e in analysis.entities for m in e.mentions]
    return all(text[a:b] == t for a, b, t in spans)


def test_the_pipeline_has_the_tokenizer(nlp):
    assert isinstance(nlp.tokenizer, PunctuationRunsTokenizer)
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": runs.NAME}


@pytest.mark.parametrize("char", ["=", "«", "!", "*", "_", "…", "-", "."])
def test_a_run_of_20000_characters_is_tokenized_in_well_under_a_second(nlp, char):
    # spaCy's own tokenizer takes 5 s for 4,000 "=" and grows with the square of the run: ~2 min here
    text = "Texte " + char * 20_000 + " fin."
    start = time.perf_counter()
    doc = nlp.tokenizer(text)
    assert time.perf_counter() - start < 0.5
    assert doc.text == text
    assert tokens(doc)[0] == ("Texte", " ") and tokens(doc)[-2:] == [("fin", ""), (".", "")]
    assert len(doc) < 20_000 // runs.PIECE + 2 * runs.PIECE + 3  # the run's middle a piece to a token


def test_time_grows_linearly_with_the_run(nlp):
    rng = random.Random(4)

    def seconds(n: int) -> float:  # runs never seen before, so that no cache answers
        texts = ["Texte " + "".join(rng.choice("=«»!*#%") for _ in range(n)) + " fin." for _ in range(3)]
        start = time.perf_counter()
        for text in texts:
            nlp.tokenizer(text)
        return time.perf_counter() - start

    seconds(500)  # warm
    # quadratic: 64 times as long for 8 times the run (15 s against 0.25 s); linear: 8 times, a few ms
    assert seconds(4_000) < 20 * seconds(500) + 0.05


def test_16000_equal_signs_and_200000_guillemets_go_through_the_whole_pipeline_in_seconds(nlp):
    # before: 75 s for 16,000 "=", about 19 min for 200,000 «
    assert isinstance(nlp.tokenizer, PunctuationRunsTokenizer)  # else: fail now, not in 20 minutes
    for text in ("Texte " + "=" * 16_000 + " fin.", "Texte " + "«" * 200_000 + " fin."):
        start = time.perf_counter()
        analysis = analyze_long(text, "run", nlp)
        assert time.perf_counter() - start < 30
        assert analysis.quotes == () and offsets_hold(text, analysis)


@pytest.mark.parametrize(
    "text",
    [
        "Texte " + "=" * 99 + " fin.",
        "« " + "«" * 60 + " » " + "!" * 98 + "?",
        "-" * 99 + "\n" + "." * 99 + "\n" + "*" * 40 + BORNE,
        "Paul" + "=" * 99 + "Dupont " + "'" * 99,
    ],
)
def test_runs_shorter_than_the_limit_are_tokenized_as_before(nlp, text):
    assert not long_runs(text)
    assert tokens(nlp.tokenizer(text)) == tokens(plain(nlp.tokenizer)(text))


def test_articles_are_tokenized_as_before(nlp):
    from conftest import SAMPLES

    before = plain(nlp.tokenizer)
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert tokens(nlp.tokenizer(text)) == tokens(before(text)), path.name


def test_tokens_beside_and_between_long_runs_are_those_of_the_tokenizer(nlp, monkeypatch):
    """With runs as short as 3 characters and pieces of one, a text of runs that the tokenizer splits a
    character at a time, words and spaces of every kind gets exactly the tokenizer's tokens: the joins
    (a run's first and last tokens, the space after it, the text on either side) are the tokenizer's."""
    monkeypatch.setattr(runs, "LONG_RUN", 3)
    monkeypatch.setattr(runs, "PIECE", 1)
    before = plain(nlp.tokenizer)
    rng = random.Random(18)
    for _ in range(1000):
        parts = [
            "".join(rng.choice("=«»!?*#%") for _ in range(rng.randint(1, 8)))
            if rng.random() < 0.5
            else rng.choice(["Texte", "fin.", "l'homme", "a", "« Nous »", "«\u00a0Nous\u202f»", "Borne,"])
            for _ in range(rng.randint(0, 6))
        ]
        spaces = [" ", "  ", "   ", "\n", " \n ", "\t", "\u00a0", "\u202f", " \u202f", "\u00a0 "]
        text = "".join(p + rng.choice(spaces) for p in parts)
        text = rng.choice(["", " ", "  ", "\n"]) + (text.rstrip() if rng.random() < 0.5 else text)
        doc = nlp.tokenizer(text)
        assert doc.text == text
        assert tokens(doc) == tokens(before(text)), text


@pytest.mark.parametrize(
    "text, quotes",
    [
        ("« " + "=" * 5000 + " », a dit Paul Dupont.", [("=" * 5000, "Paul Dupont")]),
        (
            "Paul Dupont a déclaré : « Nous ne reculerons pas " + "!" * 3000 + " ». " + "«" * 2000 + " fin.",
            [("Nous ne reculerons pas " + "!" * 3000, "Paul Dupont")],
        ),
        ("«" * 500 + "Bonjour" + "»" * 500 + " " + BORNE, None),
        ("« Nous" + "=" * 1000 + "reculerons pas », a déclaré Élisabeth Borne." + "»" * 300, None),
        ("=" * 300 + "« Nous ne reculerons pas »" + "=" * 300 + ", a déclaré Élisabeth Borne.",
         [("Nous ne reculerons pas", "Élisabeth Borne")]),
        ("*" * 400 + "\n\n" + BORNE + "\n\n" + "_" * 400 + " " + BORNE + " " + "#" * 400,
         [("Nous ne reculerons pas", "Élisabeth Borne")] * 2),
    ],
)
def test_offsets_hold_with_runs_around_and_inside_quotation_marks(nlp, text, quotes):
    doc = nlp(text)
    assert doc.text == text
    analysis = to_analysis(doc, "x")
    assert analysis.quotes and offsets_hold(text, analysis)
    assert all(q.speaker for q in analysis.quotes)
    if quotes is not None:
        assert [(q.text, q.speaker) for q in analysis.quotes] == quotes


def test_offsets_hold_in_a_text_analyzed_in_pieces(nlp):
    assert isinstance(nlp.tokenizer, PunctuationRunsTokenizer)  # else: fail now, not in an hour
    text = (BORNE + "\n\n") * 10 + "«" * (piece_limit(nlp) + 5000) + "\n\n" + BORNE + " " + "=" * 3000
    assert len(list(split_text(text, piece_limit(nlp)))) > 1
    analysis = analyze_long(text, "x", nlp)
    assert offsets_hold(text, analysis)
    assert [q.speaker for q in analysis.quotes] == ["Élisabeth Borne"] * 11
    assert [m.start for m in analysis.entities[0].mentions][-1] == text.rindex("Élisabeth Borne")


def test_the_tokenizer_survives_to_disk_and_spacy_load_and_pickling(tmp_path):
    nlp = spacy.blank("fr")
    use_punctuation_runs(nlp)
    nlp.tokenizer.add_special_case("M.X", [{"ORTH": "M."}, {"ORTH": "X"}])
    nlp.to_disk(tmp_path / "blank")
    text = "M.X " + "«" * 1000 + " fin."
    for back in (spacy.load(tmp_path / "blank").tokenizer, pickle.loads(pickle.dumps(nlp.tokenizer))):
        assert isinstance(back, PunctuationRunsTokenizer)
        assert tokens(back(text)) == tokens(nlp.tokenizer(text)) and back(text)[0].text == "M."


def test_a_pipeline_keeps_its_tokenizer_when_asked_twice_and_a_custom_one_is_left_alone():
    nlp = spacy.blank("fr")
    use_punctuation_runs(nlp)
    first = nlp.tokenizer
    use_punctuation_runs(nlp)
    assert nlp.tokenizer is first

    def custom(text):
        return spacy.tokens.Doc(nlp.vocab, words=text.split())

    nlp.tokenizer = custom
    use_punctuation_runs(nlp)
    assert nlp.tokenizer is custom
