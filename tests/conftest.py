"""Shared fixtures: the real pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def analyze_text(nlp):
    from extractor.pipeline import to_analysis

    def run(text: str):
        return to_analysis(nlp(text), "test")

    return run


def child_pids(pid: int) -> list[int]:
    """The processes ``pid`` started that still run or wait to be reaped (from /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found
