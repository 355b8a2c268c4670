"""A time limit per document: a rule that does not end on one article stops that article, not the run.

The clock itself (:class:`Alarm`) on plain Python loops; then :func:`process` in this process and in
worker processes, and the command line, with the attributor made to spin on a document holding SPIN
(for 20 s, not forever: without a limit, the test fails instead of hanging).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.io.database import QuoteDatabase
from extractor.nlp import components as component
from extractor.records import Document
from extractor.run.batch import Failure, Processed, process
from extractor.run.time_limit import Alarm, TimedOut, seconds_for, why

ROOT = Path(__file__).resolve().parent.parent
SPIN = "TOURNEENROND"
SPIN_SECONDS = 20.0


def spin(seconds: float) -> None:
    """Work that does not end before ``seconds`` (pure Python: a signal reaches it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


# --- the clock ---------------------------------------------------------------------------------------
def test_the_time_allowed_grows_with_the_text_and_has_a_floor():
    assert seconds_for(0, 60) == 60 and seconds_for(10_000, 60) == 60
    assert seconds_for(25_000, 60) == 150 and seconds_for(2_000_000, 0.5) == 100
    assert "longer than its time limit (150 s for 25,000 characters, at 60 s per 10,000" in why(25_000, 60)


def test_work_that_runs_past_its_time_is_stopped_soon_after():
    alarm = Alarm(0.3)
    start = time.monotonic()
    with alarm.installed(), pytest.raises(TimedOut), alarm.watching(5_000):
        spin(10)
    assert 0.3 <= time.monotonic() - start < 1.5


def test_work_within_its_time_is_not_stopped_and_no_signal_comes_after():
    alarm = Alarm(0.5)
    with alarm.installed():
        with alarm.watching(100):
            spin(0.2)
        spin(0.8)  # outside the watch: the clock is off


def test_paused_time_does_not_count_and_allowed_text_adds_time():
    alarm = Alarm(0.4)
    with alarm.installed(), alarm.watching(100):
        for _ in range(3):
            with alarm.paused():  # the caller writing an outcome, the reader reading
                spin(0.3)
        spin(0.2)  # 0.2 s of work in 1.1 s: within 0.4
    start = time.monotonic()
    with alarm.installed(), pytest.raises(TimedOut), alarm.watching(100):
        alarm.allow(20_000)  # 20,100 characters: 0.804 s
        spin(10)
    assert 0.8 <= time.monotonic() - start < 2


def test_a_new_round_starts_from_nothing():
    alarm = Alarm(0.4)
    with alarm.installed(), alarm.watching(100):
        for _ in range(4):
            spin(0.25)  # 1 s in all, 0.25 s a round
            alarm.restart()
            alarm.allow(100)


def test_the_handler_before_is_put_back_and_no_timer_is_left():
    before = signal.getsignal(signal.SIGALRM)
    alarm = Alarm(5)
    with alarm.installed(), alarm.watching(10):
        assert signal.getsignal(signal.SIGALRM) != before and signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getsignal(signal.SIGALRM) == before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_without_a_limit_or_outside_the_main_thread_nothing_is_watched():
    found = []
    thread = threading.Thread(target=lambda: found.append(Alarm(5).enabled))
    thread.start()
    thread.join()
    assert found == [False] and not Alarm(None).enabled and not Alarm(0).enabled and Alarm(5).enabled
    with Alarm(None).installed() as alarm, alarm.watching(10):
        spin(0.1)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --- a corpus ----------------------------------------------------------------------------------------
TEXTS = [
    "« Nous ne céderons pas », a déclaré Claire Vasseur, secrétaire générale de la CGT.",
    "Le ministre de l'Intérieur, Paul Garnier, a estimé que la police avait bien travaillé.",
    "« Ce plan est une erreur », a estimé Jean Morin.",
]


@pytest.fixture
def spinning(monkeypatch):
    """The attributor spins for 20 s on a document holding SPIN, in this process and in workers."""
    original = component.QuoteAttributor.__call__

    def call(self, doc):
        if SPIN in doc.text:
            spin(SPIN_SECONDS)
        return original(self, doc)

    monkeypatch.setattr(component.QuoteAttributor, "__call__", call)


def _corpus(n: int, at: int) -> list[Document]:
    items = [Document(f"d{k}", TEXTS[k % len(TEXTS)]) for k in range(n)]
    items.insert(at, Document("spinner", f"« {SPIN} », a dit Paul Martin."))
    return items


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_that_does_not_end_fails_alone_and_the_rest_is_finished(nlp, spinning, workers):
    items = _corpus(12, 5)
    notices: list[str] = []
    start = time.monotonic()
    outcomes = list(process(items, nlp, batch_size=4, workers=workers, on_notice=notices.append, time_limit=1.5))
    assert time.monotonic() - start < SPIN_SECONDS
    assert [o.id if isinstance(o, Failure) else o.document.id for o in outcomes] == [d.id for d in items]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    assert [f.id for f in failures] == ["spinner"]
    assert failures[0].reason == why(len(items[5].text), 1.5) and failures[0].document == items[5]
    assert all(o.analysis.quotes for o in outcomes if isinstance(o, Processed))
    if workers > 1:  # the batch that ran out of time is said, with the documents done again
        assert len(notices) == 1 and "took longer than its time limit" in notices[0] and "spinner" in notices[0]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_records_are_those_of_a_run_without_a_limit(nlp):
    items = [Document(f"d{k}", TEXTS[k % len(TEXTS)] * 3) for k in range(10)]
    limited = [o.analysis for o in process(items, nlp, batch_size=3, time_limit=60)]
    free = [o.analysis for o in process(items, nlp, batch_size=3, time_limit=None)]
    assert limited == free and all(a.quotes for a in limited)


# --- the command line --------------------------------------------------------------------------------
RUN = f"""
import os, sys, time
from extractor.nlp import components
original = components.QuoteAttributor.__call__
def call(self, doc):
    if {SPIN!r} in doc.text:
        end = time.monotonic() + float(os.environ.get("SPIN_SECONDS", {SPIN_SECONDS}))
        while time.monotonic() < end:
            pass
    return original(self, doc)
components.QuoteAttributor.__call__ = call
from extractor.cli import main
sys.argv = ["extractor", *sys.argv[1:]]
main()
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for k, text in enumerate(TEXTS):
        (folder / f"a{k}.txt").write_text(text, encoding="utf-8")
    (folder / "b-spins.txt").write_text(f"« {SPIN} », a dit Paul Martin.", encoding="utf-8")
    return folder


def _extractor(*args: str, spin_seconds: float = SPIN_SECONDS) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SPIN_SECONDS": str(spin_seconds)}
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env=environment)


def test_the_command_names_the_file_that_ran_out_of_time_and_writes_the_others(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    run = _extractor("analyze", str(folder), "--time-limit", "1", "-o", str(out))
    assert run.returncode == 1, run.stderr
    assert f"{folder / 'b-spins.txt'}: the analysis took longer than its time limit" in " ".join(run.stderr.split())
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["id"]).name for r in records] == ["a0.txt", "a1.txt", "a2.txt"]


def test_a_database_keeps_the_failure_and_its_reason_and_the_next_run_tries_it_again(folder, tmp_path):
    db = tmp_path / "q.db"
    first = _extractor("batch", str(folder), "--db", str(db), "--time-limit", "1", "-q")
    assert first.returncode == 1, first.stderr
    with QuoteDatabase(str(db), readonly=True) as database:
        rows = database.conn.execute("SELECT id, status, error FROM documents ORDER BY id").fetchall()
    assert [(Path(i).name, s) for i, s, _ in rows] == [("a0.txt", "ok"), ("a1.txt", "ok"), ("a2.txt", "ok"),
                                                        ("b-spins.txt", "failed")]
    assert "took longer than its time limit" in rows[3][2]
    second = _extractor("batch", str(folder), "--db", str(db), spin_seconds=1)  # within the default limit
    assert second.returncode == 0, second.stderr
    assert "1 document(s) analyzed, 3 already stored (skipped)" in second.stderr
