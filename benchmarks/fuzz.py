"""Fuzz the whole pipeline: random French-like text with every arrangement of quotation marks.

Usage (from the repository root):
    .venv/bin/python benchmarks/fuzz.py --minutes 10 [--seed 1] [--out /tmp/fuzz-failures]

Each input is built from sentences written for the purpose (cue verbs, incises, "selon", pronouns,
roles), then mutated: quotation marks inserted, dropped or swapped, spaces changed to non-breaking
ones, paragraphs split, random Unicode spliced in. Every output is checked: no exception,
``text == document[start:end]`` for every quote and mention, confidence in [0, 1], and the same
output on a second run. Failing inputs are saved to --out; the summary gives inputs and failures.

With ``--target files`` (or ``both``, which alternates with texts), the input is a file instead:
the text encoded in UTF-8, UTF-8 with BOM, UTF-16, Windows-1252 or Latin-1, possibly truncated in the
middle of a character, with random bytes spliced in, saved as .txt, .md, .html, .jsonl or .csv (rows
damaged at random), then read and analyzed as ``extractor batch`` does (``iter_documents`` into
``process``): nothing may raise, every input must come out as a document analyzed or a failure with
a reason, and every offset must hold in the decoded text.

With ``--target cli`` (``all``, the default, gives it a third of the time), the command line is run end
to end as a user runs it, each command in its own process under a timeout (a hang is a failure): a
folder of fuzzed files with hostile names (invalid UTF-8, escape sequences, Rich markup such as
``[/i]`` and ``[bold red]``, 250 characters, newlines, glob characters) and texts full of markup
(``« Nous [le gouvernement] ne céderons pas [sic] »``) goes through ``quotes`` (table and JSON Lines),
``batch --db``, ``search``, ``speakers`` and ``report``, and a fuzzed text in a random encoding (or
JSON Lines with a lone surrogate, or nested 100,000 levels deep) through ``quotes -`` on standard
input. Every command must end within its timeout with exit code 0 or 1, print no traceback and no
control character (a file name's escape sequence must not reach the terminal), account for every file
(a document out, or an error naming it), and show bracketed text in tables as it is written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from extractor import load_pipeline
from extractor.io.readers import iter_documents
from extractor.pipeline import to_analysis
from extractor.run.batch import Failure, Processed, process

SENTENCES = [
    "« Nous ne reculerons pas », a déclaré Élisabeth Borne.",
    "Le porte-parole du gouvernement, Olivier Véran, a averti Moscou que les sanctions seraient durcies.",
    "Selon le ministère de l'Intérieur, 200 personnes ont été interpellées.",
    "« C'est inacceptable », estime la CGT.",
    "Il a ajouté : « Nous irons jusqu'au bout. »",
    "« Rien n'est décidé », a-t-elle précisé.",
    "La ministre a dénoncé une « provocation » et un « mépris total ».",
    "D'après l'Insee, le chômage a reculé, a fait savoir le gouvernement.",
    "Pour la CFDT, la réforme est « injuste ».",
    "Le plan « Objectif 2030 » a été présenté par M. Morin.",
    "LIRE AUSSI : Les syndicats appellent à la grève",
    "Partager sur Facebook",
    "Elle a reconnu avoir menti, selon Le Monde.",
    "Les salariés, eux, se demandent si le site fermera.",
]
MARKS = ["«", "»", "« ", " »", "“", "”", '"', "‹", "›", "«\u00a0", "\u00a0»", "«\u202f", "\u202f»"]
JUNK = ["\u200b", "\ufeff", "\x00", "\u0301", "😀", "\r\n", "\t", "\u2028", "ﬁ", "ǅ", "\U0010ffff", "\\", "{}", "<b>"]


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 8)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.35:
            chars[pos:pos] = list(rng.choice(MARKS))
        elif op < 0.5 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op < 0.65:
            chars[pos:pos] = list(rng.choice(JUNK))
        elif op < 0.8:
            chars[pos:pos] = ["\n\n"]
        elif chars:
            i = min(pos, len(chars) - 1)
            if chars[i] == " ":
                chars[i] = rng.choice(["\u00a0", "\u202f", "  ", "\n"])
    return "".join(chars)


def make_input(rng: random.Random) -> str:
    parts = [rng.choice(SENTENCES) for _ in range(rng.randint(1, 12))]
    sep = rng.choice([" ", "\n", "\n\n"])
    text = sep.join(parts)
    if rng.random() < 0.8:
        text = mutate(rng, text)
    if rng.random() < 0.05:
        text = "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 200)))
    return text


def check(nlp, text: str) -> None:
    first = to_analysis(nlp(text), "fuzz")
    for q in first.quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start : q.end] == q.text, q
        assert 0.0 <= q.confidence <= 1.0, q
    for e in first.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, m
    assert to_analysis(nlp(text), "fuzz") == first, "not deterministic"


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv"]


def make_file(rng: random.Random, folder: Path) -> Path:
    """A file made of a fuzzed text, in a random encoding and format, damaged at random."""
    text = make_input(rng)
    suffix = rng.choice(SUFFIXES)
    if suffix == ".jsonl":
        rows = [json.dumps({"id": f"r{k}", "text": part}, ensure_ascii=rng.random() < 0.5) for k, part in enumerate(text.split("\n"))]
        text = "\n".join(r[: rng.randint(0, len(r))] if rng.random() < 0.2 else r for r in rows)
    elif suffix == ".csv":
        text = "id,text\n" + "\n".join(f'c{k},"{part}"' for k, part in enumerate(text.split("\n")))
    elif suffix == ".html":
        text = f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"
    data = text.encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.3:
        data = data[: rng.randint(0, len(data))]
    for _ in range(rng.randint(0, 3) if rng.random() < 0.3 else 0):
        pos = rng.randint(0, len(data))
        data = data[:pos] + bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 4))) + data[pos:]
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def check_file(nlp, path: Path) -> None:
    outcomes = list(process(iter_documents([str(path)]), nlp))
    assert outcomes, "no outcome for an input"
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            assert outcome.reason and "\n" not in outcome.reason, outcome
            continue
        assert isinstance(outcome, Processed), outcome
        text = outcome.document.text
        for q in outcome.analysis.quotes:
            assert text[q.start : q.end] == q.text, q
        for e in outcome.analysis.entities:
            for m in e.mentions:
                assert text[m.start : m.end] == m.text, m


# --- the command line, end to end ---------------------------------------------------------------

HOSTILE_NAMES = [
    b"bad\xff\xfe", b"[/i]", b"[bold red]alerte[/]", b"\x1b[2Jclear", b"\x1b]0;title\x07", b"line\nbreak",
    b"tab\there", b"a*b?[c]", b"\xc3\xa9t\xc3\xa9 \xe2\x80\xae\xe2\x80\x8b", b"-rf", b" spaces ", b"x" * 240,
    b"\xf0\x9f\x98\x80\xf0\x9f", b"'quote\"", b"%s%n", b"..", b"$(echo)",
]
MARKUP = ["[le gouvernement]", "[sic]", "[/i]", "[bold red]", "[link=http://x]ici[/link]", "[/]", "\\[échappé]",
          ":smile:", "[[double]]"]
CLI_SUFFIXES = [".txt", ".md", ".html"]
TIMEOUT = 180  # seconds for one command; the slowest honest run here takes about 20
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def marked_text(rng: random.Random) -> str:
    """A fuzzed text whose quotations hold Rich markup."""
    words = rng.choice(MARKUP)
    quote = f"« Nous {words} ne céderons pas {rng.choice(MARKUP)} », a déclaré Claire Vasseur."
    return mutate(rng, quote) + "\n\n" + make_input(rng) if rng.random() < 0.5 else quote + "\n\n" + make_input(rng)


def make_cli_folder(rng: random.Random, folder: Path) -> list[bytes]:
    """A folder of fuzzed articles with hostile names: the names written (bytes)."""
    folder.mkdir(parents=True)
    names: list[bytes] = []
    for k in range(rng.randint(2, 6)):
        stem = rng.choice(HOSTILE_NAMES) if rng.random() < 0.8 else b"plain"
        suffix = rng.choice(CLI_SUFFIXES)
        name = b"%d-%s%s" % (k, stem, suffix.encode())
        text = marked_text(rng) if rng.random() < 0.7 else make_input(rng)
        if suffix == ".html":
            text = f"<html><head><title>T {k}</title></head><body><article><p>{text}</p></article></body></html>"
        data = text.encode(rng.choice(ENCODINGS), errors="replace")
        if rng.random() < 0.2:
            data = data[: rng.randint(0, len(data))]
        target = folder / os.fsdecode(name)  # a "/" in a name ("[/i]") makes a folder: the path holds it
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        names.append(name)
    return names


def stdin_input(rng: random.Random) -> tuple[bytes, list[str]]:
    """What a user pipes in: a text in some encoding, or JSON Lines a tweet was cut in, or too deep."""
    pick = rng.random()
    if pick < 0.2:
        rows = [json.dumps({"id": f"t{k}", "text": marked_text(rng)}) for k in range(rng.randint(1, 4))]
        rows.insert(rng.randint(0, len(rows)), '{"id": "cut", "text": "« Emoji \\ud83d », a dit Paul."}')
        return "\n".join(rows).encode(), ["--input-format", "jsonl"]
    if pick < 0.3:
        return (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"), ["--input-format", "jsonl"]
    return marked_text(rng).encode(rng.choice(ENCODINGS), errors="replace"), []


def run_cli(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """One command in its own process, as a user's shell runs it; raises on a hang."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    try:
        return subprocess.run([sys.executable, "-m", "extractor", *args], cwd=cwd, input=stdin,
                              capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"hang: extractor {' '.join(args)} did not end within {TIMEOUT} s") from exc


def check_run(run: subprocess.CompletedProcess, what: str) -> tuple[str, str]:
    """Exit 0 or 1 (or 2 for a query with nothing to search, said in one line), no traceback, no control
    character; stdout and stderr decoded."""
    out = run.stdout.decode("utf-8", errors="strict")
    err = run.stderr.decode("utf-8", errors="strict")
    usage = run.returncode == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert run.returncode in (0, 1) or usage, f"{what}: exit {run.returncode}\n{err[-2000:]}"
    assert "Traceback" not in err and "╭─" not in err, f"{what}: a traceback\n{err[-3000:]}"
    for name, stream in (("stdout", out), ("stderr", err)):
        bad = CONTROL.search(stream)
        assert not bad, f"{what}: a control character {bad.group()!r} on {name}: {stream[max(0, bad.start() - 80):bad.end() + 80]!r}"
    return out, err


def check_cli(rng: random.Random, scratch: Path) -> int:
    """One round of commands on a fresh folder; returns the number of commands run."""
    round_dir = Path(tempfile.mkdtemp(dir=scratch))
    folder = round_dir / "in"
    names = make_cli_folder(rng, folder)
    glob = str(folder)

    out, err = check_run(run_cli(["quotes", glob, "-f", "jsonl", "-w", "1"], round_dir), "quotes -f jsonl")
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    documents = {row["doc"] for row in rows}
    errors = err.count("error:")
    # every file: its quotes out, or named in an error, or analysed with no quote (counted by analyze)
    too_long = ["n" * 300] if rng.random() < 0.3 else []  # a name the system refuses: one more failure
    out_a, err_a = check_run(run_cli(["analyze", glob, *too_long, "-f", "jsonl", "-w", "1"], round_dir), "analyze")
    analysed = [json.loads(line) for line in out_a.splitlines() if line.strip()]
    assert len(analysed) + err_a.count("error:") == len(names) + len(too_long), (
        f"analyze: {len(names)} files, {len(analysed)} analysed and {err_a.count('error:')} errors\n{err_a[-2000:]}")
    assert documents <= {a["id"] for a in analysed} and errors == err_a.count("error:") - len(too_long)

    table, _ = check_run(run_cli(["quotes", glob, "-w", "1"], round_dir), "quotes (table)")
    flat = re.sub(r"[\s│┃║|]+", "", table)
    for row in rows:
        for bracketed in re.findall(r"\[[^\]\s]{1,12}\]", row["text"]):
            assert bracketed in flat, f"quotes (table): {bracketed!r} of {row['text']!r} is not shown"

    db = str(round_dir / "q.db")
    check_run(run_cli(["batch", glob, "--db", db, "-w", "1"], round_dir), "batch")
    for words in ("gouvernement", "[sic]", rng.choice(MARKUP), "céderons"):
        check_run(run_cli(["search", words, "--db", db], round_dir), f"search {words!r}")
    check_run(run_cli(["speakers", "--db", db], round_dir), "speakers")
    check_run(run_cli(["report", glob, "-o", str(round_dir / "r.html")], round_dir), "report")

    data, options = stdin_input(rng)
    check_run(run_cli(["quotes", "-", *options, "-f", "jsonl"], round_dir, stdin=data), "quotes - (stdin)")
    return 11


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz-failures"))
    ap.add_argument("--target", choices=["text", "files", "both", "cli", "all"], default="all")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nlp = load_pipeline() if args.target != "cli" else None
    started = time.monotonic()
    deadline = started + args.minutes * 60
    inputs = failures = files = commands = rounds = 0
    cli_seconds = 0.0
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="extractor-fuzz-"))
    while time.monotonic() < deadline:
        if args.target == "cli" or (args.target == "all" and cli_seconds < (time.monotonic() - started) / 3):
            begun = time.monotonic()
            rounds += 1
            try:
                commands += check_cli(rng, scratch)
            except Exception:  # noqa: BLE001 - every failure is recorded, the run goes on
                failures += 1
                (args.out / f"failure-{failures:04d}-cli.err").write_text(traceback.format_exc(), encoding="utf-8")
                print(f"failure {failures}: see {args.out}/failure-{failures:04d}-cli.err (inputs in {scratch})", flush=True)
            cli_seconds += time.monotonic() - begun
            continue
        inputs += 1
        as_file = args.target == "files" or (args.target in ("both", "all") and inputs % 2 == 0)
        try:
            if as_file:
                files += 1
                path = make_file(rng, scratch)
                check_file(nlp, path)
            else:
                text = make_input(rng)
                check(nlp, text)
        except Exception:  # noqa: BLE001 - every failure is recorded, the run goes on
            failures += 1
            if as_file:
                (args.out / f"failure-{failures:04d}{path.suffix}").write_bytes(path.read_bytes())
            else:
                (args.out / f"failure-{failures:04d}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            (args.out / f"failure-{failures:04d}.err").write_text(traceback.format_exc(), encoding="utf-8")
    print(
        f"fuzz: {inputs} inputs ({inputs - files} texts, {files} files) and {rounds} command-line rounds"
        f" ({commands} commands, each under a {TIMEOUT} s timeout) in {args.minutes:g} min,"
        f" {failures} failures (saved to {args.out})"
    )


if __name__ == "__main__":
    main()
