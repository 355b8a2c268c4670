"""The Dask engine: partitions, their files, resume, and a real two-worker LocalCluster giving the
local batch's records document by document."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from extractor import cli
from extractor.io.database import QuoteDatabase
from extractor.io.readers import iter_documents
from extractor.run.batch import Failure, Processed, process, store_corpus
from extractor.run.dask import (
    DaskRun,
    Job,
    load_partition,
    outcome_of,
    plan,
    read_partition,
    read_rows,
    row_of,
    run_on_dask,
    run_partition,
)

distributed = pytest.importorskip("distributed")
runner = CliRunner()

ROWS = [
    {"id": "j1", "text": "« Nous ne céderons pas », a déclaré Claire Vasseur, secrétaire générale de la CGT."},
    {"id": "j2", "text": "Le ministre de l'Intérieur, Paul Garnier, a estimé que la police avait bien travaillé."},
    {"text": "Selon la préfète, les forces de l'ordre resteront sur place tout l'été."},
    {"id": "j4", "title": 3},
    {"id": "j5", "text": "« Ce plan est une erreur », a estimé Jean Morin. Il a ajouté que la grève continuerait."},
]


@pytest.fixture
def corpus(tmp_path):
    """Six sample articles, a JSONL file (one row without text, one malformed line), an empty file."""
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES, folder / "samples", ignore=shutil.ignore_patterns("*.json", "*.png"))
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS]
    lines.insert(3, "{not json")
    (folder / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"\x00\x01\x02binary")
    return folder


def _by_id(outcomes):
    return {o.document.id if isinstance(o, Processed) else o.id: o for o in outcomes}


def _same(ours, theirs):
    """The same records, document by document (a failure: the same reason)."""
    assert ours.keys() == theirs.keys()
    for key, mine in ours.items():
        other = theirs[key]
        assert type(mine) is type(other), key
        if isinstance(mine, Processed):
            assert mine.analysis == other.analysis, key
            assert mine.document == other.document, key
        else:
            assert mine.reason == other.reason, key


# -- planning and one partition, no cluster ---------------------------------------------------------


def test_plan_groups_small_files_and_cuts_a_large_jsonl_into_blocks_of_lines(corpus, tmp_path):
    job = Job(out=str(tmp_path / "out"))
    one = plan([str(corpus)], job)
    assert len(one) == 1 and len(one[0].sources) == 8  # 6 samples, rows.jsonl, empty.txt
    small = plan([str(corpus)], job, partition_bytes=200)
    jsonl = [s for p in small for s in p.sources if s.path.endswith(".jsonl")]
    assert len(jsonl) > 1 and all(s.end is not None for s in jsonl)  # in blocks, each its own partition
    assert [s.first_line for s in jsonl][0] == 1
    # every document exactly once, in the order the local batch reads them
    planned = [(d.id, getattr(d, "text", None)) for p in small for d in read_partition(p, job)]
    local = [(d.id, getattr(d, "text", None)) for d in iter_documents([str(corpus)])]
    assert planned == local
    assert len({p.file(job).name for p in small}) == len(small)


def test_a_partition_signature_changes_with_its_files_and_the_options(corpus, tmp_path):
    job = Job(out=str(tmp_path / "out"))
    before = plan([str(corpus)], job)[0].signature
    assert plan([str(corpus)], job)[0].signature == before
    assert plan([str(corpus)], Job(out=job.out, labels=("PER",)))[0].signature != before
    with (corpus / "rows.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "j6", "text": "Il a dit non."}) + "\n")
    assert plan([str(corpus)], job)[0].signature != before


def test_a_missing_path_is_a_failure_in_its_partition(tmp_path):
    job = Job(out=str(tmp_path / "out"))
    partitions = plan([str(tmp_path / "nowhere")], job)
    [error] = list(read_partition(partitions[0], job))
    assert error.reason == "no such file or folder"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_partition_file_holds_the_local_batch_outcomes(nlp, corpus, tmp_path, fmt):
    job = Job(out=str(tmp_path / "out"), format=fmt)
    [partition] = plan([str(corpus)], job)
    done = run_partition(partition, job, nlp)
    local = list(process(iter_documents([str(corpus)]), nlp))
    assert done.file == str(partition.file(job)) and not done.skipped
    assert done.processed == sum(isinstance(o, Processed) for o in local) == 10
    assert done.failed == 3  # the malformed line, the row without text, the binary file
    assert done.quotes == sum(len(o.analysis.quotes) for o in local if isinstance(o, Processed))
    _same(_by_id(outcome_of(r) for r in read_rows(done.file)), _by_id(local))
    assert os.listdir(job.out) == [partition.file(job).name]  # no temporary file left
    again = run_partition(partition, job, nlp)  # done already: read, not run
    assert again.skipped and again.processed == done.processed


def test_a_partition_interrupted_leaves_no_file(nlp, corpus, tmp_path, monkeypatch):
    from extractor.run import dask as cluster

    job = Job(out=str(tmp_path / "out"))
    [partition] = plan([str(corpus)], job)
    real = cluster.row_of
    seen = []

    def interrupted(outcome):
        seen.append(outcome)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(outcome)

    monkeypatch.setattr(cluster, "row_of", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_partition(partition, job, nlp)
    assert os.listdir(job.out) == []


def test_rows_round_trip_failures_without_a_document(nlp):
    failure = Failure("x.txt", "binary file, not text")
    assert outcome_of(row_of(failure)) == failure
    [processed] = process(iter_documents([str(SAMPLES / "01_reforme_retraites.txt")]), nlp)
    assert outcome_of(json.loads(json.dumps(row_of(processed)))) == processed


def test_loading_partitions_is_the_local_batch_database(nlp, corpus, tmp_path):
    job = Job(out=str(tmp_path / "out"), format="parquet")
    [partition] = plan([str(corpus)], job)
    done = run_partition(partition, job, nlp)
    with QuoteDatabase(tmp_path / "dask.db") as db:
        assert load_partition(done.file, db) == (13, 0)
        assert load_partition(done.file, db) == (3, 10)  # stored texts are kept, failures written again
    with QuoteDatabase(tmp_path / "local.db") as db:
        store_corpus(iter_documents([str(corpus)]), nlp, db)
    assert _tables(tmp_path / "dask.db") == _tables(tmp_path / "local.db")


def _tables(path):
    conn = sqlite3.connect(path)
    documents = conn.execute(
        "SELECT id, path, title, encoding, hash, words, status, error, text FROM documents ORDER BY id"
    ).fetchall()
    quotes = conn.execute(
        'SELECT q.document_id, e.name, q.text, q.start, q."end", q.type, q.speaker, q.speaker_role, q.cue,'
        " q.confidence FROM quotes q LEFT JOIN entities e ON e.id = q.entity_id ORDER BY q.document_id, q.start"
    ).fetchall()
    mentions = conn.execute(
        'SELECT e.document_id, e.name, e.label, m.start, m."end", m.text FROM mentions m JOIN entities e'
        " ON e.id = m.entity_id ORDER BY e.document_id, m.start"
    ).fetchall()
    conn.close()
    return documents, quotes, mentions


def test_a_second_run_skips_finished_partitions_without_starting_dask(nlp, corpus, tmp_path, monkeypatch):
    job = Job(out=str(tmp_path / "out"))
    for partition in plan([str(corpus)], job, partition_bytes=4000):
        run_partition(partition, job, nlp)
    from extractor.run import dask as cluster

    monkeypatch.setattr(cluster, "_client", lambda *a: pytest.fail("no partition was left to run"))
    stats = run_on_dask([str(corpus)], job, partition_bytes=4000)
    assert (stats.processed, stats.skipped, stats.failed) == (0, 10, 3)


# -- a real LocalCluster with two workers -----------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_address():
    """Two worker processes, one thread each, for the tests of this module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as lc:
        yield lc.scheduler_address


def test_two_dask_workers_give_the_local_batch_records(nlp, corpus, tmp_path, cluster_address):
    job = Job(out=str(tmp_path / "out"))
    done = []
    with QuoteDatabase(tmp_path / "dask.db") as db:
        stats = run_on_dask(
            [str(corpus)], job, DaskRun(scheduler=cluster_address), db, partition_bytes=3000,
            on_partition=lambda d, s: done.append(d),
        )
    assert len(done) == len(plan([str(corpus)], job, partition_bytes=3000)) >= 4
    assert (stats.processed, stats.failed, stats.skipped) == (10, 3, 0)
    rows = [r for d in sorted(done, key=lambda d: d.index) for r in read_rows(d.file)]
    _same(_by_id(outcome_of(r) for r in rows), _by_id(process(iter_documents([str(corpus)]), nlp)))
    with QuoteDatabase(tmp_path / "local.db") as db:
        store_corpus(iter_documents([str(corpus)]), nlp, db)
    assert _tables(tmp_path / "dask.db") == _tables(tmp_path / "local.db")
    # resumable by partition: one file lost, only that partition runs again
    lost = sorted(done, key=lambda d: d.index)[1]
    os.remove(lost.file)
    again = []
    stats = run_on_dask([str(corpus)], job, DaskRun(scheduler=cluster_address), partition_bytes=3000,
                        on_partition=lambda d, s: again.append(d))
    assert [d.index for d in again if not d.skipped] == [lost.index]
    assert stats.processed == lost.processed and os.path.exists(lost.file)
    # a file of the corpus changes: its partition is made anew, the old one's file goes
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: kept
    before = set(os.listdir(job.out))
    with (corpus / "rows.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "j6", "text": "Il a dit non."}) + "\n")
    stats = run_on_dask([str(corpus)], job, DaskRun(scheduler=cluster_address), partition_bytes=3000)
    after = set(os.listdir(job.out))
    assert stats.processed + stats.skipped == 11 and len(after - before) == 1 and len(before - after) == 1
    assert sum(1 for f in after if f.startswith("part-")) == len(done) and "notes.txt" in after


def test_the_batch_command_on_dask(corpus, tmp_path, cluster_address):
    db = tmp_path / "q.db"
    args = ["batch", str(corpus), "--engine", "dask", "--scheduler", cluster_address, "--db", str(db),
            "--out-format", "parquet", "--partition-mb", "0.003"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 1, result.output  # three inputs failed: said, named, stored
    assert "rows.jsonl:4: line 4: not valid JSON" in result.output
    assert "10 document(s) analyzed" in result.output and "3 failed" in result.output
    assert "Dask dashboard: http://" in result.output  # where to watch the cluster work
    assert len(list((tmp_path / "q.db.parts").glob("part-*.parquet"))) >= 4
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == 10
    conn.close()
    result = runner.invoke(cli.app, args)
    assert "10 already stored (skipped)" in result.output, result.output


def test_the_dask_engine_says_what_is_missing(tmp_path):
    import dask

    result = runner.invoke(cli.app, ["batch", str(SAMPLES), "--engine", "dask"])
    assert result.exit_code == 2 and "--db FILE, --out FOLDER, or both" in result.output
    result = runner.invoke(cli.app, ["batch", "-", "--engine", "dask", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "not standard input" in result.output
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = runner.invoke(
            cli.app, ["batch", str(SAMPLES), "--engine", "dask", "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]
        )
    assert result.exit_code == 1 and "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
