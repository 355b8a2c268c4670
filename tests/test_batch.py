"""Corpora: streaming with workers, a failing document, resume after an interruption, and the commands."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from extractor import cli
from extractor.io.database import QuoteDatabase
from extractor.io.readers import ReadError
from extractor.nlp import components as component
from extractor.records import Document
from extractor.run import batch, workers
from extractor.run.batch import Failure, Processed, Stats, process, store_corpus

runner = CliRunner()
TEXTS = [
    "« Nous ne céderons pas », a déclaré Claire Vasseur, secrétaire générale de la CGT.",
    "Le ministre de l'Intérieur, Paul Garnier, a estimé que la police avait bien travaillé.",
    "« La sécurité de la Baltique est aussi la nôtre », a affirmé Sophie Delaunay, ministre des Armées.",
    "Selon la préfète, les forces de l'ordre resteront sur place tout l'été.",
    "« Ce plan est une erreur », a estimé Jean Morin. Il a ajouté que la grève continuerait.",
]
MARKER = "ÉCHEC"


def _docs(texts=TEXTS, prefix="d"):
    return [Document(f"{prefix}{k}", t, date=f"2024-0{k + 1}-15") for k, t in enumerate(texts)]


@pytest.fixture
def failing(monkeypatch):
    """A component that really raises on one document (inherited by the worker processes)."""
    original = component.QuoteAttributor.__call__

    def call(self, doc):
        if MARKER in doc.text:
            raise RuntimeError("the attributor broke on this one")
        return original(self, doc)

    monkeypatch.setattr(component.QuoteAttributor, "__call__", call)


def _summary(outcomes):
    return [(o.id, o.reason) if isinstance(o, Failure) else o.analysis for o in outcomes]


def test_two_workers_give_the_same_records_as_one(nlp, monkeypatch):
    one = list(process(_docs(), nlp, batch_size=2, workers=1))
    crossed = []
    from_dict = batch.Analysis.from_dict
    monkeypatch.setattr(batch.Analysis, "from_dict", lambda data: crossed.append(1) or from_dict(data))
    two = list(process(_docs(), nlp, batch_size=2, workers=2))
    assert len(crossed) == len(TEXTS)  # the records came back from the worker processes
    assert multiprocessing.active_children() == []  # no worker outlives the run
    assert nlp.default_error_handler is not workers._ignore_error  # the pipeline is as it was
    assert all(isinstance(o, Processed) for o in one)
    assert _summary(two) == _summary(one)
    assert any(q.speaker == "Claire Vasseur" for q in one[0].analysis.quotes)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_mid_batch_is_reported_and_the_rest_done(nlp, failing, workers):
    items = _docs()
    items.insert(2, Document("bad", f"« {MARKER} », a dit Paul Martin."))
    items.insert(4, ReadError("corpus.jsonl:9", "line 9: not valid JSON"))
    outcomes = list(process(items, nlp, batch_size=2, workers=workers))
    assert [o.id if isinstance(o, Failure) else o.document.id for o in outcomes] == [
        "d0", "d1", "bad", "d2", "corpus.jsonl:9", "d3", "d4"
    ]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    assert [(f.id, f.reason) for f in failures] == [
        ("bad", "RuntimeError: the attributor broke on this one"),
        ("corpus.jsonl:9", "line 9: not valid JSON"),
    ]
    bystander = next(o for o in outcomes if isinstance(o, Processed) and o.document.id == "d2")
    assert bystander.analysis.quotes  # the failing document's batch-mate is analyzed all the same


class _RaisesInPipe:
    """A component that raises inside ``pipe`` and takes no error handler, like spaCy's parsers."""

    def __call__(self, doc):
        if MARKER in doc.text:
            raise ValueError("the parser broke on this one")
        return doc

    def pipe(self, docs, batch_size=128):
        for doc in docs:
            yield self(doc)


@Language.factory("test_raises_in_pipe")
def _make_raises_in_pipe(nlp, name):
    return _RaisesInPipe()


def test_a_component_without_error_handler_loses_only_its_document(nlp):
    nlp.add_pipe("test_raises_in_pipe", before="quote_attributor")
    try:
        items = _docs()
        items.insert(1, Document("bad", f"Texte {MARKER}."))
        outcomes = list(process(items, nlp, batch_size=2))
    finally:
        nlp.remove_pipe("test_raises_in_pipe")
    assert [o.id if isinstance(o, Failure) else o.document.id for o in outcomes] == ["d0", "bad", "d1", "d2", "d3", "d4"]
    assert [(o.id, o.reason) for o in outcomes if isinstance(o, Failure)] == [
        ("bad", "ValueError: the parser broke on this one")
    ]


def test_long_documents_go_through_alone_in_their_turn(nlp, monkeypatch):
    together = _summary(process(_docs(), nlp, batch_size=4))
    monkeypatch.setattr(batch, "ALONE_CHARACTERS", 85)  # three of the texts are over it
    assert sum(len(t) > 85 for t in TEXTS) == 3
    assert _summary(process(_docs(), nlp, batch_size=4)) == together
    empty = Document("empty", "")
    mixed = _summary(process(_docs() * 3 + [empty], nlp, batch_size=2, workers=2))
    assert mixed[:-1] == together * 3 and mixed[-1].id == "empty" and mixed[-1].quotes == ()


@pytest.mark.parametrize("limit", ["max_length", "PIECE_CHARACTERS"])
def test_a_text_longer_than_the_pipeline_takes_goes_in_pieces_in_its_turn(nlp, monkeypatch, limit):
    from extractor import pipeline

    long = "\n\n".join(TEXTS)
    whole = list(process([Document("long", long)], nlp))[0].analysis
    # each text fits, the whole does not: spaCy's own limit, or ours for memory
    monkeypatch.setattr(nlp if limit == "max_length" else pipeline, limit, 120)
    outcomes = list(process([Document("short", "Il pleut."), Document("long", long), *_docs(TEXTS[:1])], nlp))
    assert [o.document.id for o in outcomes] == ["short", "long", "d0"]  # in input order
    pieces = outcomes[1].analysis
    assert pieces.warnings[-1].startswith("longer than 120 characters: analyzed in 5 pieces")
    assert all(long[q.start : q.end] == q.text for q in pieces.quotes)
    assert all(long[m.start : m.end] == m.text for e in pieces.entities for m in e.mentions)
    assert [(q.start, q.speaker) for q in pieces.quotes] == [(q.start, q.speaker) for q in whole.quotes]


def test_failures_are_stored_with_their_reason_and_counted(nlp, failing, tmp_path):
    items = _docs()
    items.insert(2, Document("bad", f"Texte {MARKER}."))
    with QuoteDatabase(tmp_path / "q.db") as db:
        stats = store_corpus(items, nlp, db, batch_size=2)
        assert (stats.processed, stats.failed) == (5, 1)
        assert list(db.failures()) == [{"id": "bad", "error": "RuntimeError: the attributor broke on this one"}]
        assert db.counts()["documents"] == 6


def test_resume_skips_what_is_stored_and_force_redoes(nlp, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        first = store_corpus(_docs(), nlp, db)
        assert (first.processed, first.skipped) == (5, 0)
        quotes = db.counts()["quotes"]
        again = store_corpus(_docs(), nlp, db)
        assert (again.processed, again.skipped) == (0, 5)
        changed = _docs()
        changed[1] = Document("d1", "Le maire a déclaré que le marché rouvrirait lundi.")
        redo = store_corpus(changed, nlp, db)
        assert (redo.processed, redo.skipped) == (1, 4)
        forced = store_corpus(_docs(), nlp, db, force=True)
        assert (forced.processed, forced.skipped) == (5, 0)
        assert db.counts()["quotes"] == quotes and db.counts()["documents"] == 5


def test_an_interrupted_run_loses_nothing_and_repeats_nothing(nlp, tmp_path):
    docs = _docs() + _docs(prefix="e")

    def interrupt_after_four(stats: Stats) -> None:
        if stats.processed == 4:
            raise KeyboardInterrupt

    with QuoteDatabase(tmp_path / "q.db") as db:
        with pytest.raises(KeyboardInterrupt):
            store_corpus(docs, nlp, db, batch_size=3, on_progress=interrupt_after_four)
    with QuoteDatabase(tmp_path / "q.db") as db:
        assert db.counts()["documents"] == 4  # the finished documents were committed
        resumed = store_corpus(docs, nlp, db, batch_size=3)
        assert (resumed.skipped, resumed.processed) == (4, 6)
        counts = db.counts()
    with QuoteDatabase(tmp_path / "clean.db") as clean:
        store_corpus(docs, nlp, clean, batch_size=3)
        assert clean.counts() == counts  # the same rows as a run that was never interrupted


def test_an_input_that_breaks_stops_the_run_after_what_was_read(nlp, tmp_path):
    def reader():
        yield from _docs()[:3]
        raise OSError("the disk went away")

    with QuoteDatabase(tmp_path / "q.db") as db:
        with pytest.raises(OSError, match="disk") as raised:
            store_corpus(reader(), nlp, db, batch_size=2)
        assert db.counts()["documents"] == 3
    seen, error = [], raised.value  # a chain of causes that ends: a traceback printer would loop on a cycle
    while error is not None:
        assert all(error is not e for e in seen)
        seen.append(error)
        error = error.__cause__ or error.__context__


# -- the commands ----------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path, monkeypatch, nlp):
    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    folder = tmp_path / "corpus"
    (folder / "web").mkdir(parents=True)
    for k, text in enumerate(TEXTS[:3]):
        (folder / f"a{k}.txt").write_text(text, encoding="utf-8")
    rows = [json.dumps({"id": f"j{k}", "text": t, "date": "2024-06-0%d" % (k + 1)}) for k, t in enumerate(TEXTS[3:])]
    rows.insert(1, "{broken")
    (folder / "web" / "more.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_batch_search_and_speakers_commands(corpus, tmp_path):
    db = str(tmp_path / "quotes.db")
    result = runner.invoke(cli.app, ["batch", str(corpus), "--db", db])
    assert result.exit_code == 1  # one line of the JSONL file is broken
    assert f"{corpus / 'web' / 'more.jsonl'}:2: line 2: not valid JSON" in result.stderr
    assert "5 document(s) analyzed, 1 failed" in result.stderr and result.stdout == ""

    again = runner.invoke(cli.app, ["batch", str(corpus), "--db", db, "--quiet"])
    assert again.exit_code == 1 and "already stored" not in again.stderr  # quiet: the failure only

    found = runner.invoke(cli.app, ["search", "cederons", "--db", db, "--format", "csv"])
    assert found.exit_code == 0, found.stderr
    (row,) = list(csv.DictReader(io.StringIO(found.stdout)))
    assert (row["speaker"], row["type"], row["doc"]) == ("Claire Vasseur", "direct", str(corpus / "a0.txt"))
    assert corpus.joinpath("a0.txt").read_text(encoding="utf-8")[int(row["start"]) : int(row["end"])] == row["text"]

    police = runner.invoke(cli.app, ["search", "police", "--db", db, "--speaker", "ministre", "--type", "indirect",
                                     "--format", "jsonl"])
    assert [json.loads(line)["speaker"] for line in police.stdout.splitlines()] == ["Paul Garnier"]
    dated = runner.invoke(cli.app, ["search", "--db", db, "--since", "2024-06", "-f", "jsonl"])
    assert {json.loads(line)["doc"] for line in dated.stdout.splitlines()} == {"j0", "j1"}  # txt files: no date
    day = runner.invoke(cli.app, ["search", "--db", db, "--since", "2024-06", "--until", "2024-06-01", "-f", "jsonl"])
    assert {json.loads(line)["doc"] for line in day.stdout.splitlines()} == {"j0"}

    table = runner.invoke(cli.app, ["speakers", "--db", db])
    assert table.exit_code == 0 and "Claire Vasseur" in table.stdout
    rows = [json.loads(line) for line in runner.invoke(cli.app, ["speakers", "--db", db, "-f", "jsonl"]).stdout.splitlines()]
    assert {"speaker", "label", "role", "quotes", "direct", "partial", "indirect", "documents"} <= rows[0].keys()
    assert sum(r["quotes"] for r in rows) <= sum(1 for _ in QuoteDatabase(db, readonly=True).search())


def test_analyze_with_db_and_with_a_failing_document(corpus, tmp_path, failing):
    (corpus / "z_bad.txt").write_text(f"Un texte {MARKER}.", encoding="utf-8")
    db = str(tmp_path / "quotes.db")
    result = runner.invoke(cli.app, ["analyze", str(corpus / "*.txt"), "--db", db, "--workers", "1"])
    assert result.exit_code == 1
    assert "z_bad.txt: RuntimeError: the attributor broke on this one" in result.stderr
    assert "3 document(s) analyzed, 1 failed" in result.stderr
    jsonl = runner.invoke(cli.app, ["analyze", str(corpus / "*.txt")])
    assert jsonl.exit_code == 1 and len(jsonl.stdout.splitlines()) == 3  # the others are written


def test_search_usage_and_missing_database(tmp_path, corpus):
    missing = runner.invoke(cli.app, ["search", "police", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no such database" in missing.stderr
    db = str(tmp_path / "quotes.db")
    runner.invoke(cli.app, ["batch", str(corpus / "a0.txt"), "--db", db, "-q"])
    assert runner.invoke(cli.app, ["search", "police", "--db", db, "--since", "hier"]).exit_code == 2
    assert runner.invoke(cli.app, ["search", "police", "--db", db, "--type", "reported"]).exit_code == 2
    assert runner.invoke(cli.app, ["search", "a AND (", "--raw", "--db", db]).exit_code == 2


def test_progress_bar_draws_on_a_terminal():
    from rich.console import Console

    from extractor.run.progress import progress_bar

    screen = io.StringIO()
    with progress_bar(Console(file=screen, force_terminal=True, width=120), total=4) as update:
        update(Stats(processed=3, failed=1, quotes=7, words=400, total=4))
    assert "4/4" in screen.getvalue() and "7 quotes" in screen.getvalue()


def test_batch_size_default_is_the_measured_one():
    assert batch.DEFAULT_BATCH_SIZE >= 1


def test_one_default_for_workers_every_core_for_a_large_corpus_one_for_a_small():
    assert batch.workers_for(None) == 1  # standard input: most often one text
    assert batch.workers_for(batch.PARALLEL_FROM - 1) == 1
    assert batch.workers_for(batch.PARALLEL_FROM) == batch.default_workers()


def test_two_inputs_with_one_id_are_not_stored_over_each_other(nlp, tmp_path):
    from extractor.io.readers import iter_documents

    for name, texts in (("a.jsonl", ("« Oui », a dit Anne.", "« Non », a dit Paul.")),
                        ("b.jsonl", ("« Peut-être », a dit Léa.", "« Jamais », a dit Marc."))):
        (tmp_path / name).write_text("".join(json.dumps({"id": str(k), "text": t}, ensure_ascii=False) + "\n"
                                             for k, t in enumerate(texts, start=1)), encoding="utf-8")
    failures = []
    with QuoteDatabase(tmp_path / "q.db") as db:
        stats = store_corpus(iter_documents([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]), nlp, db,
                             on_failure=failures.append)
        assert (stats.processed, stats.failed) == (2, 2)
        kept = db.conn.execute("SELECT id, status, text FROM documents ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in kept if r[1] == "ok"] == [("1", "ok"), ("2", "ok")]
    assert {r[2] for r in kept if r[1] == "ok"} == {"« Oui », a dit Anne.", "« Non », a dit Paul."}  # the first file's
    assert all("already used by" in f.reason and "a.jsonl" in f.reason and "b.jsonl" in f.id for f in failures)
