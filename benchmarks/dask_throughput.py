"""The Dask engine against the local multi-process batch, on the same corpus and this machine.

Usage (from the repository root; ``make bench-dask``):
    .venv/bin/python benchmarks/dask_throughput.py [--articles 2000] [--workers 2] [--rounds 2]

Builds the corpus of ``benchmarks/throughput.py`` (``--articles`` .txt articles from Wikinews and
``samples/``), then measures, each in a fresh process with the model loaded before the clock starts:

- ``local``: ``extractor batch --db`` with ``--workers`` processes (``store_corpus``);
- ``dask``: ``extractor batch --engine dask --db`` on a ``LocalCluster`` of ``--workers`` worker
  processes with one thread each, partitions as JSONL, loaded into SQLite (``run_on_dask``). As for
  ``local``, whose model is loaded before the clock starts, the cluster is started and every worker
  has loaded its pipeline (``warm_up``) before the clock starts; that start-up is printed apart;
- ``dask-parquet``: the same, partitions left as Parquet, no database.

Reported: words/s (best of ``--rounds``, interleaved) and the peak of the summed resident memory of
the whole process tree (sampled every 0.2 s with psutil), which is what the machine must hold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_DATA, best, build_corpus, in_fresh_process, machine  # noqa: E402

from extractor.run.dask import DEFAULT_PARTITION_BYTES  # noqa: E402


class TreeMemory:
    """The peak of the summed RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.2) -> None:
        import psutil

        self.me = psutil.Process()
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for proc in [self.me, *self.me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(mode: str, folder: str, workers: int, scratch: str, partition_bytes: int) -> dict:
    from extractor.io.database import QuoteDatabase
    from extractor.io.readers import iter_documents
    from extractor.pipeline import load_pipeline
    from extractor.run.batch import store_corpus
    from extractor.run.dask import DaskRun, Job, run_on_dask

    tag = f"{mode}-{os.getpid()}"
    startup = 0.0
    with TreeMemory() as memory:
        if mode == "local":
            nlp = load_pipeline()
            start = time.perf_counter()
            with QuoteDatabase(os.path.join(scratch, f"{tag}.db")) as db:
                stats = store_corpus(iter_documents([folder]), nlp, db, workers=workers)
        elif mode in ("dask", "dask-parquet"):
            import dask
            from dask.distributed import Client, LocalCluster

            from extractor.run.dask import warm_up

            cold = time.perf_counter()
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}), LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            ) as cluster, Client(cluster) as client:  # the LocalCluster that run_on_dask starts, started here
                addresses = list(client.scheduler_info()["workers"])
                client.gather([client.submit(warm_up, workers=[a], pure=False) for a in addresses])
                start = time.perf_counter()
                startup = start - cold
                fmt = "parquet" if mode == "dask-parquet" else "jsonl"
                job = Job(out=os.path.join(scratch, f"{tag}.parts"), format=fmt)
                run = DaskRun(client=client)
                if fmt == "jsonl":
                    with QuoteDatabase(os.path.join(scratch, f"{tag}.db")) as db:
                        stats = run_on_dask([folder], job, run, db, partition_bytes=partition_bytes)
                else:
                    stats = run_on_dask([folder], job, run, partition_bytes=partition_bytes)
        else:
            raise SystemExit(f"unknown mode {mode}")
        seconds = time.perf_counter() - start
    return {
        "mode": mode, "workers": workers, "words": stats.words, "documents": stats.processed,
        "seconds": round(seconds, 2), "words_per_s": round(stats.words / seconds),
        "peak_tree_rss_mb": round(memory.peak / 2**20), "startup_s": round(startup, 1),
    }


def run(mode: str, folder: Path, workers: int, scratch: Path, partition_bytes: int) -> dict:
    result = in_fresh_process(
        __file__, mode, "--folder", folder, "--workers", workers, "--scratch", scratch, "--partition-bytes", partition_bytes
    )
    print(
        f"  {mode:13} workers={workers} {result['documents']:>5} documents {result['words']:>8} words"
        f" {result['seconds']:>7.1f} s {result['words_per_s']:>7} words/s  peak memory (all processes)"
        f" {result['peak_tree_rss_mb']} MB"
        + (f"  (+ {result['startup_s']} s to start the cluster and load the pipelines)" if result["startup_s"] else ""),
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--partition-bytes", type=int, default=DEFAULT_PARTITION_BYTES,
        help="input bytes per partition (the corpus is about 2.8 MB: the default makes 3 partitions)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.folder, args.workers, args.scratch, args.partition_bytes)))
        return
    print(f"machine: {machine()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="extractor-dask-bench-") as scratch:
        corpus = Path(scratch) / "corpus"
        build_corpus(corpus, args.articles, args.data)
        print(
            f"corpus: {args.articles} articles; partitions of {args.partition_bytes:,} bytes;"
            f" {args.rounds} round(s) of each, interleaved; the best counts"
        )
        modes = ("local", "dask", "dask-parquet")
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        for _ in range(max(1, args.rounds)):
            for mode in modes:
                runs[mode].append(run(mode, corpus, args.workers, Path(scratch), args.partition_bytes))
        top = {m: best(r) for m, r in runs.items()}
        local = top["local"]["words_per_s"]
        print("best:")
        for mode, result in top.items():
            print(
                f"  {mode:13} {result['words_per_s']:>7} words/s ({result['words_per_s'] / local:.2f}× local)"
                f"  peak memory {result['peak_tree_rss_mb']} MB"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
