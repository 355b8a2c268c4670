"""The README's command examples are the tool's output: each is run here on samples/ and compared.

An example is a line "`extractor COMMAND ARGS` …" followed by a ```text block; lines of "…" stand for
rows left out (what comes before must open the output, what comes after must close it).
``UPDATE_README=1`` writes the current outputs into the README instead (the elided rows kept out).
"""

from __future__ import annotations

import os
import re
import shlex

from conftest import ROOT
from typer.testing import CliRunner

from extractor import cli

README = ROOT / "README.md"
EXAMPLE = re.compile(r"^`(extractor [^`]+)`[^\n]*(?:\n[^\n`]+)*\n\n```text\n(.*?)\n```", re.M | re.S)
WIDTH = "100"


def _run(monkeypatch, command: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", WIDTH)
    result = CliRunner().invoke(cli.app, shlex.split(command)[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.rstrip("\n").splitlines()]


def _matches(shown: list[str], got: list[str]) -> bool:
    if "…" not in shown:
        return shown == got
    cut = shown.index("…")
    head, tail = shown[:cut], shown[cut + 1 :]
    return got[: len(head)] == head and (not tail or got[-len(tail) :] == tail)


def test_every_readme_example_is_what_the_tool_prints(monkeypatch, nlp):
    monkeypatch.setattr(cli, "load_pipeline", lambda model: nlp)
    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    examples = list(EXAMPLE.finditer(text))
    assert len(examples) >= 2
    for found in reversed(examples):  # from the end, so that the offsets before stay right
        command, block = found.group(1), found.group(2)
        shown = [line.rstrip() for line in block.splitlines()]
        got = _run(monkeypatch, command)
        if os.environ.get("UPDATE_README"):
            if "…" in shown:
                cut = shown.index("…")
                keep_tail = len(shown) - cut - 1
                got = got[:cut] + ["…"] + (got[-keep_tail:] if keep_tail else [])
            start, end = found.span(2)
            text = text[:start] + "\n".join(got) + text[end:]
            continue
        assert _matches(shown, got), f"the README's example of `{command}` is not what it prints:\n" + "\n".join(got)
    if os.environ.get("UPDATE_README"):
        README.write_text(text, encoding="utf-8")
