"""Workers and signals: a worker that dies, SIGTERM to a run. Real processes, real signals.

The first tests run :func:`process` with two workers in this process; the last ones start the command
line as a user would (``python -m extractor``), wait until its workers run, and send the signal.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import child_pids

from extractor.io.database import QuoteDatabase
from extractor.nlp import components as component
from extractor.records import Document
from extractor.run.batch import Failure, Processed, process
from extractor.run.stopping import Terminated, exit_code, how_stopped

ROOT = Path(__file__).resolve().parent.parent
KILLER = "ASSASSIN"
TEXTS = [
    "« Nous ne céderons pas », a déclaré Claire Vasseur, secrétaire générale de la CGT.",
    "Le ministre de l'Intérieur, Paul Garnier, a estimé que la police avait bien travaillé.",
    "« Ce plan est une erreur », a estimé Jean Morin.",
]


def _docs(n: int) -> list[Document]:
    return [Document(f"d{k}", TEXTS[k % len(TEXTS)]) for k in range(n)]


@pytest.fixture
def killing(monkeypatch, tmp_path):
    """The attributor kills the worker process it runs in (as the out-of-memory killer would) on a
    document holding KILLER; with ``once``, only the first time. Never in this process."""
    original = component.QuoteAttributor.__call__
    main = os.getpid()
    flag = tmp_path / "killed-once"

    def call(self, doc):
        if KILLER in doc.text and os.getpid() != main:
            if "once" not in doc.text or not flag.exists():
                flag.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return original(self, doc)

    monkeypatch.setattr(component.QuoteAttributor, "__call__", call)


def test_a_document_that_kills_its_worker_fails_alone_and_the_rest_is_finished(nlp, killing):
    items = _docs(12)
    items.insert(5, Document("killer", f"« {KILLER} », a dit Paul Martin."))
    notices: list[str] = []
    outcomes = list(process(items, nlp, batch_size=2, workers=2, on_notice=notices.append))
    assert [o.id if isinstance(o, Failure) else o.document.id for o in outcomes] == [d.id for d in items]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    assert [f.id for f in failures] == ["killer"], [f.reason for f in failures]
    assert "worker process analysing it died (killed by SIGKILL" in failures[0].reason
    assert all(o.analysis.quotes or "Garnier" in o.document.text for o in outcomes if isinstance(o, Processed))
    assert len(notices) == 1 and "a worker process died (killed by SIGKILL" in notices[0] and "killer" in notices[0]
    assert multiprocessing.active_children() == []


def test_a_worker_killed_once_costs_nothing_but_a_warning(nlp, killing):
    items = _docs(10)
    items.insert(3, Document("victim", f"« {KILLER} once », a dit Paul Martin."))
    notices: list[str] = []
    outcomes = list(process(items, nlp, batch_size=2, workers=2, on_notice=notices.append))
    assert all(isinstance(o, Processed) for o in outcomes) and len(outcomes) == 11
    one = list(process(items, nlp, batch_size=2, workers=1))  # the same records as without workers
    assert [o.analysis for o in outcomes] == [o.analysis for o in one]
    assert len(notices) == 1 and "analysed again one at a time" in notices[0]


def test_an_interrupted_consumer_ends_the_workers(nlp):
    before = set(multiprocessing.active_children())  # a pool of another test, still being reaped
    run = process(_docs(40), nlp, batch_size=2, workers=2)
    next(run)
    workers = [p.pid for p in multiprocessing.active_children() if p not in before]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    run.close()  # what a KeyboardInterrupt in the consumer does to the generator
    # the processes themselves, not multiprocessing's bookkeeping (which the pool's own thread also
    # updates: it may say "started" a moment after the process was killed and reaped)
    assert [pid for pid in workers if _alive(pid)] == []


def test_sigterm_is_reported_as_such():
    assert exit_code(Terminated(signal.SIGTERM)) == 143 and exit_code(KeyboardInterrupt()) == 130
    assert how_stopped(Terminated(signal.SIGTERM)) == "terminated (SIGTERM)"
    assert how_stopped(KeyboardInterrupt()) == "interrupted"


# --- the command line, as a user runs it ---------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 articles: enough for two workers to be busy for several seconds."""
    folder = tmp_path_factory.mktemp("signals") / "corpus"
    folder.mkdir()
    samples = sorted((ROOT / "samples").glob("*.txt"))
    for k in range(60):
        (folder / f"a{k:02d}.txt").write_text(samples[k % len(samples)].read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _start(args: list[str], cwd: Path) -> tuple[subprocess.Popen, list[int]]:
    """The command started, once its two workers run: the process and the workers' ids."""
    run = subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(children := child_pids(run.pid)) < 2:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.1)
    return run, children


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_sigterm_during_quotes_ends_workers_and_leaves_no_temporary_file(corpus, tmp_path):
    run, workers = _start(["quotes", str(corpus / "*.txt"), "-w", "2", "-f", "jsonl", "-o", "out.jsonl"], tmp_path)
    time.sleep(1)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 143, err
    assert "terminated (SIGTERM):" in err and "out.jsonl was not written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # neither the output nor a hidden temporary file
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_sigterm_during_batch_keeps_a_database_the_next_run_resumes(corpus, tmp_path):
    db = tmp_path / "q.db"
    run, _ = _start(["batch", str(corpus / "*.txt"), "-w", "2", "--db", str(db)], tmp_path)
    time.sleep(4)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 143 and "terminated (SIGTERM):" in err and "run the same command again" in err, err
    again = subprocess.run([sys.executable, "-m", "extractor", "batch", str(corpus / "*.txt"), "-w", "2", "--db", str(db)],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    with QuoteDatabase(str(db), readonly=True) as database:
        statuses = database.conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    assert [tuple(row) for row in statuses] == [("ok", 60)]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_a_worker_killed_during_batch_is_reported_and_every_document_stored(corpus, tmp_path):
    db = tmp_path / "q.db"
    run, workers = _start(["batch", str(corpus / "*.txt"), "-w", "2", "--db", str(db)], tmp_path)
    time.sleep(1)
    os.kill(workers[0], signal.SIGKILL)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert "a worker process died (killed by SIGKILL" in err and "60 document(s) analyzed" in err
    with QuoteDatabase(str(db), readonly=True) as database:
        assert tuple(database.conn.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()) == (60,)


def test_an_interruption_wrapped_by_the_code_it_went_through_is_still_one():
    from extractor.run.stopping import interruption_in

    try:
        try:
            raise Terminated(signal.SIGTERM)
        except KeyboardInterrupt as stop:
            raise ImportError("initialization failed") from stop  # what a C module's import does
    except ImportError as wrapped:
        assert isinstance(interruption_in(wrapped), Terminated)
    assert interruption_in(ValueError("x")) is None
