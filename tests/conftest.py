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
