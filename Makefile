# Two commands on a fresh clone: `make demo` (the main job on samples/) and `make test`.
# Each creates .venv/ at the repository root and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/extractor quotes samples/

test: $(STAMP)
	$(BIN)/python -m pytest

# accuracy on the shared development data (not part of the tests)
score: $(STAMP)
	$(BIN)/extractor analyze ../shared/data/quotes-dev/texts --format jsonl -o /tmp/extractor-dev.jsonl
	$(PYTHON) ../shared/eval/score.py ../shared/data/quotes-dev /tmp/extractor-dev.jsonl

clean:
	rm -rf $(VENV) *.egg-info
