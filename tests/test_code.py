"""The shape of the code: stages import only downwards, every module says what it is for, no dead code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extractor"
# the flow, bottom up: a module may import from its own stage or one below, never from one above
STAGES = {"records": 0, "nlp": 1, "chunking": 2, "pipeline": 2, "io": 3, "run": 4, "eval": 5, "check": 5, "serve": 5, "cli": 6, "__init__": 7, "__main__": 7}
# inside nlp/: what reads marks, cues and entities, then who speaks, then statements, then the ranker,
# then the components that put them in a spaCy pipeline
NLP_STAGES = {
    "marks": 0, "lexicon": 0, "trust": 0, "cues": 1, "entities": 1, "ner_model": 1, "speakers": 2, "statements": 3,
    "ranking": 4, "analysis": 5, "components": 5,
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def _dotted(path: Path) -> list[str]:
    return list(path.relative_to(PACKAGE).with_suffix("").parts)


def _stage(parts: list[str]) -> tuple[int, int]:
    top = STAGES[parts[0]]
    inner = NLP_STAGES.get(parts[1], 0) if parts[0] == "nlp" and len(parts) > 1 else 0
    return top, inner


def _imports(path: Path) -> list[list[str]]:
    """The modules of the package that ``path`` imports (relative imports resolved)."""
    here = _dotted(path)[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if not node.module:  # "from . import interviews"
                target = target + [node.names[0].name]
            if target:
                found.append(target)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_from_a_stage_above_it(path):
    mine = _stage(_dotted(path))
    above = [".".join(t) for t in _imports(path) if t[0] in STAGES and _stage(t) > mine]
    assert above == [], f"{path.relative_to(ROOT)} imports from a later stage: {above}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_is_for(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and len(docstring.splitlines()[0]) > 10, f"{path.relative_to(ROOT)} has no one-line purpose"


def test_no_dead_code():
    result = subprocess.run(
        [sys.executable, "-m", "vulture", "extractor", "benchmarks"], cwd=ROOT, capture_output=True, text=True,
    )
    assert result.stdout == "" and result.returncode == 0, result.stdout + result.stderr
