"""Latency and load of ``extractor serve``: what the pipeline loaded once buys, and what the server keeps.

Usage (from the repository root):
    .venv/bin/python benchmarks/serve_latency.py [--requests 200] [--clients 8] [--latency-runs 20]

Measures, on loopback only (no outside network):

- the server's start-up (until ``/api/health`` answers), then the latency of ``POST /api/analyze`` on an
  article of about 1,000 words (the samples joined), median and 90th percentile of ``--latency-runs``
  requests after three to warm up; against a cold ``python -m extractor analyze`` of the same file (model
  loading included: what a journalist waits for at the terminal), median of three;
- a bounded load: ``--clients`` concurrent clients send ``--requests`` requests in all (the samples in
  turn): errors (a status other than 200), lost requests (no answer), the server's RSS before and after,
  and words/s against ``analyze`` on the same texts in one process (model loaded before the clock starts).

The load average is printed before and after: this machine's two cores may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def article(words: int = 1000) -> str:
    """About ``words`` words of French news: the samples' paragraphs, in order, until there are enough."""
    paragraphs: list[str] = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            if sum(len(p.split()) for p in paragraphs) >= words:
                return "\n\n".join(paragraphs)
            paragraphs.append(para.strip())
    return "\n\n".join(paragraphs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    code = f"from extractor.serve.command import serve; serve(port={port})"
    server = subprocess.Popen([PYTHON, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(1200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def latency(base: str, text: str, runs: int) -> list[float]:
    times = []
    with httpx.Client(timeout=60) as client:
        for k in range(runs + 3):
            t = time.perf_counter()
            r = client.post(f"{base}/api/analyze", json={"text": text, "id": "bench"})
            r.raise_for_status()
            if k >= 3:
                times.append(time.perf_counter() - t)
    return times


def cold_cli(path: Path, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([PYTHON, "-m", "extractor", "analyze", str(path), "--format", "jsonl", "-o", os.devnull],
                       cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


def load(base: str, texts: list[str], requests: int, clients: int) -> dict[str, float]:
    todo = list(range(requests))
    lock = threading.Lock()
    counts = {"ok": 0, "errors": 0, "lost": 0, "words": 0}

    def client_loop() -> None:
        with httpx.Client(timeout=120) as client:
            while True:
                with lock:
                    if not todo:
                        return
                    k = todo.pop()
                text = texts[k % len(texts)]
                try:
                    r = client.post(f"{base}/api/analyze", json={"text": text, "id": f"load-{k}"})
                except httpx.HTTPError:
                    with lock:
                        counts["lost"] += 1
                    continue
                with lock:
                    if r.status_code == 200 and r.json()["id"] == f"load-{k}":
                        counts["ok"] += 1
                        counts["words"] += len(text.split())
                    else:
                        counts["errors"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {**counts, "seconds": seconds, "words_per_second": counts["words"] / seconds}


ANALYZE = """
import json, sys, time
from extractor.pipeline import load_pipeline
from extractor.records import Document
from extractor.run.batch import analyze_corpus
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = load_pipeline()
list(analyze_corpus([Document("warm", texts[0])], nlp))
docs = [Document(f"d{k}", t) for k, t in enumerate(texts)]
t = time.perf_counter()
n = sum(1 for _ in analyze_corpus(docs, nlp))
seconds = time.perf_counter() - t
print(json.dumps({"documents": n, "seconds": seconds, "words_per_second": sum(len(x.split()) for x in texts) / seconds}))
"""


def analyze_rate(texts: list[str], requests: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump([texts[k % len(texts)] for k in range(requests)], f)
    try:
        out = subprocess.run([PYTHON, "-c", ANALYZE, f.name], cwd=ROOT, check=True, capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--latency-runs", type=int, default=20)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    text = article()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        port = free_port()
        server, startup = start_server(port)
        base = f"http://127.0.0.1:{port}"
        try:
            print(f"server start-up (model loaded, /api/health answers): {startup:.1f} s")
            times = latency(base, text, args.latency_runs)
            print(f"POST /api/analyze, {len(text.split())} words: median {statistics.median(times):.3f} s, "
                  f"p90 {sorted(times)[int(len(times) * 0.9) - 1]:.3f} s over {len(times)} requests")
            process = psutil.Process(server.pid)
            before = process.memory_info().rss
            result = load(base, texts, args.requests, args.clients)
            after = process.memory_info().rss
            print(f"load: {args.clients} clients, {args.requests} requests: {result['ok']} ok, {result['errors']} errors, "
                  f"{result['lost']} lost, {result['seconds']:.1f} s, {result['words_per_second']:,.0f} words/s; "
                  f"server RSS {before / 2**20:.0f} → {after / 2**20:.0f} MB")
        finally:
            server.terminate()
            server.wait(timeout=30)
        cold = cold_cli(path)
        print(f"cold `python -m extractor analyze` of the same file: median {statistics.median(cold):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in cold)})")
    rate = analyze_rate(texts, args.requests)
    print(f"analyze_corpus on the same {args.requests} texts in one process (model loaded first): "
          f"{rate['words_per_second']:,.0f} words/s; the server gives {result['words_per_second'] / rate['words_per_second']:.2f} of it")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
