"""Inputs that were slower than linear (issue 18): one sentence of many quotations, a report of many quotes.

Time is measured against the input: four times the quotations must take about four times as long (a
linear search), not sixteen (a search per quotation over all the others), so the bound holds on a slow or
busy machine. The searches that replaced the walks over a sentence must find what the walks found:
each is checked against the walk it replaced, on inputs made at random.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from typing import Callable

import pytest
from conftest import ROOT

from extractor.io.report import segments, speaker_colours
from extractor.nlp.components import parent_statements
from extractor.nlp.statements.article import FoundQuote
from extractor.nlp.statements.interviews import _Occupied
from extractor.nlp.statements.marked import _LatestReport, _text_before
from extractor.nlp.statements.positions import nearest

sys.path.insert(0, str(ROOT / "benchmarks"))
from many_quotes import one_sentence, report_document  # noqa: E402  (the benchmark's inputs, smaller)

SMALL = 250  # quotations in the smaller sentence; the larger has four times as many
RATIO = 8.0  # linear work gives about 4, quadratic about 16


def best_time(run: Callable[[], object], times: int = 3, enough: float = 0.0) -> float:
    """The shortest of a few runs (what the work costs, less what other processes took from it), or of
    fewer when one already takes no more than ``enough``. What is timed is this process's processor
    time, not the clock's: on a busy machine a run of half a second shares the processor where one of a
    twentieth often does not, and the clock made a linear run look quadratic (8.6 times as long for 4
    times the quotes on CI). The garbage collector is off during a run, as ``timeit`` has it: its full
    collections walk every object alive, and cost more the more objects the test holds."""
    best = float("inf")
    for _ in range(times):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        if best <= enough:
            break
    return best


@pytest.fixture(scope="module")
def parsed_sentences(nlp):
    """The sentences of ``SMALL`` and ``4 * SMALL`` quotations, parsed up to the attribution."""
    with nlp.select_pipes(disable=["quote_attributor"]):
        return {n: nlp(one_sentence(n)) for n in (SMALL, 4 * SMALL)}


def test_attributing_four_times_the_quotations_of_a_sentence_takes_about_four_times_as_long(nlp, parsed_sentences):
    attributor = nlp.get_pipe("quote_attributor")
    small = best_time(lambda: attributor(parsed_sentences[SMALL]))
    large = best_time(lambda: attributor(parsed_sentences[4 * SMALL]), enough=RATIO * small / 2)
    assert large < RATIO * small, f"{SMALL} quotations: {small:.2f} s, {4 * SMALL}: {large:.2f} s"
    quotes = parsed_sentences[4 * SMALL].spans["quotes"]
    assert len(quotes) == 4 * SMALL and {q._.speaker for q in quotes} == {"Paul Martin"}


def test_the_report_of_four_times_the_quotes_takes_about_four_times_as_long():
    colours = speaker_colours(["Paul Martin"])
    documents = {n: report_document(n) for n in (2000, 8000)}
    small = best_time(lambda: segments(*documents[2000], colours))
    large = best_time(lambda: segments(*documents[8000], colours), enough=RATIO * small / 2)
    assert large < RATIO * small, f"2000 quotes: {small:.2f} s, 8000: {large:.2f} s"
    paragraphs = segments(*documents[8000], colours)
    assert len(paragraphs) == 8000 and all(
        [s.kind for s in p] == ["text", "quote", "text", "mention", "text"] for p in paragraphs
    )
    assert [s.text for s in paragraphs[7999]] == ["« ", "Phrase numéro 7999", " », a dit ", "Paul Martin", "."]


# -- the searches find what the walks found ---------------------------------------------------------------
def test_the_nearest_position_is_the_one_a_walk_finds():
    rng = random.Random(18)
    for _ in range(2000):
        positions = sorted(rng.sample(range(60), rng.randint(0, 20)))
        start, end = sorted(rng.sample(range(61), 2))
        first = rng.randrange(60)
        last = min(59, first + rng.randint(0, 5))
        skip = rng.random() < 0.5
        walked = None
        best: tuple[int, int] | None = None
        for p in positions:  # the walk it replaced: the least distance, the first of equals
            if not start <= p < end or skip and first <= p <= last:
                continue
            distance = first - p if p < first else max(0, p - last)
            if best is None or distance < best[0]:
                best, walked = (distance, p), p
        assert nearest(positions, start, end, first, last, skip) == walked


def test_the_end_of_the_text_before_a_quotation_is_the_end_of_the_stripped_text():
    rng = random.Random(18)
    for _ in range(3000):
        text = "".join(rng.choice(" ,\n\u00a0ab:—(") for _ in range(rng.randint(0, 90)))
        start, end = sorted(rng.sample(range(len(text) + 1), 2)) if len(text) > 1 else (0, len(text))
        before = text[start:end].strip()
        assert _text_before(text, start, end) == (before[-40:], not before.strip(" ,"))


def test_the_latest_report_is_the_last_found_between_the_bounds():
    rng = random.Random(18)
    for _ in range(300):
        indirect = []
        for _ in range(rng.randint(0, 12)):
            a = rng.randrange(200)
            indirect.append(FoundQuote(a, a + rng.randint(1, 40), "indirect", None, None))
        latest = _LatestReport(indirect)
        opening, after = 0, None
        for _ in range(15):  # both bounds only grow, as along the quotations of a text
            opening += rng.randint(0, 30)
            if rng.random() < 0.5:
                after = max(after or 0, min(opening, (after or 0) + rng.randint(0, 30)))
            walked = [q for q in indirect if (after is None or q.start > after) and q.end <= opening]
            assert latest.before(opening, after) == (walked[-1] if walked else None)


def test_a_partial_quote_belongs_to_the_first_statement_that_holds_it():
    rng = random.Random(18)
    for _ in range(500):
        quotes = []
        for _ in range(rng.randint(0, 15)):
            a = rng.randrange(100)
            quotes.append(FoundQuote(a, a + rng.randint(1, 30), rng.choice(("partial", "indirect", "direct")), None, None))
        quotes.sort(key=lambda q: (q.start, q.end))  # as the attributor gives them
        walked = [
            next((k for k, s in enumerate(quotes) if s.type == "indirect" and s.start <= q.start and q.end <= s.end), None)
            if q.type == "partial" else None
            for q in quotes
        ]
        assert parent_statements(quotes) == walked


def test_a_stretch_overlaps_what_is_taken_as_a_walk_finds():
    rng = random.Random(18)
    for _ in range(300):
        taken = [(a, a + rng.randint(1, 20)) for a in (rng.randrange(200) for _ in range(rng.randint(0, 10)))]
        occupied, added = _Occupied(list(taken)), []
        for _ in range(30):
            a = rng.randrange(220)
            b = a + rng.randint(1, 15)
            walked = any(s < b and a < e for s, e in taken + added)
            assert occupied.overlaps(a, b) == walked
            if not walked and rng.random() < 0.5:  # as an answer is added: where nothing is taken
                occupied.add(a, b)
                added.append((a, b))


def test_the_per_article_caches_let_each_article_go(nlp):
    """The searches' per-article caches are weak: once a document is analysed, nothing of it stays (a
    cache value holding its article kept every Doc ever analysed: 0.4 MB more memory per article in a
    server or a long batch)."""
    import gc

    from extractor.nlp.statements import interviews, reporting, speaker_gender
    from extractor.pipeline import to_analysis

    for text in ["« Nous ne céderons pas », a déclaré Claire Vasseur.", "— Et la grève ?\n— Elle continue, a dit Jean Morin."]:
        to_analysis(nlp(text), "t")
    gc.collect()
    assert (len(reporting._WORDS), len(interviews._LINES), len(speaker_gender._CACHE)) == (0, 0, 0)
