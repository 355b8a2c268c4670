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
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/extractor quotes samples/

test: $(STAMP)
	$(BIN)/python -m pytest

# words/s of bare nlp.pipe, `extractor analyze` and `extractor batch --db` on 2,000 articles, 1 and 2
# workers, peak memory for 200 and 2,000 articles (not part of the tests; run it on an idle machine)
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --articles 2000 --small 200 --rounds 2 --batch-sizes 4,8,16,32

# the Dask engine (LocalCluster, 2 workers) against the local 2-process batch on the same 2,000 articles
# (2.8 MB: partitions of 128 KB, so that each worker gets many)
.PHONY: bench-dask
bench-dask: $(STAMP)
	$(BIN)/python benchmarks/dask_throughput.py --articles 2000 --workers 2 --rounds 2 --partition-bytes 131072

# accuracy on the shared development data (not part of the tests)
score: $(STAMP)
	$(BIN)/extractor analyze ../shared/data/quotes-dev/texts --format jsonl -o /tmp/extractor-dev.jsonl
	$(PYTHON) ../shared/eval/score.py ../shared/data/quotes-dev /tmp/extractor-dev.jsonl

clean:
	rm -rf $(VENV) *.egg-info

# The speaker ranker and the animacy model (models/speaker_ranker.json, models/animacy.json), fitted on
# ATTRIBUTION_DATA; prints the cross-validated accuracy and writes the held-out predictions to
# ATTRIBUTION_BUILD (cross-validated.jsonl, rules.jsonl: score them with ../shared/eval/score.py) and
# the shipped model's predictions on ATTRIBUTION_CHECK (check.jsonl). Deterministic.
ATTRIBUTION_DATA ?= ../shared/data/quotes-train
ATTRIBUTION_CHECK ?= ../shared/data/quotes-dev
ATTRIBUTION_BUILD ?= build/attribution

.PHONY: train-attribution
train-attribution: $(STAMP)
	$(BIN)/python -c 'import sklearn' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m extractor.eval.ranker_training $(ATTRIBUTION_DATA) --check $(ATTRIBUTION_CHECK) \
		--out models --predictions $(ATTRIBUTION_BUILD)
	$(PYTHON) ../shared/eval/score.py $(ATTRIBUTION_DATA) $(ATTRIBUTION_BUILD)/rules.jsonl
	$(PYTHON) ../shared/eval/score.py $(ATTRIBUTION_DATA) $(ATTRIBUTION_BUILD)/cross-validated.jsonl
	$(PYTHON) ../shared/eval/score.py $(ATTRIBUTION_CHECK) $(ATTRIBUTION_BUILD)/check.jsonl

# Fine-tune fr_core_news_md's entity recognizer on WiNER-fr (news) and ship it in models/ner/
# (see models/ner/README.md). The corpus is converted from NER_DATA at each run, never copied here;
# NER_SEED fixes the train/validation split by article and the training seed.
NER_DATA ?= ../shared/data/winer-fr/dev
NER_SEED ?= 13
NER_BUILD ?= build/ner

.PHONY: train-ner ner-benchmark

train-ner: $(STAMP)
	rm -rf $(NER_BUILD)
	$(BIN)/python -m extractor.eval.ner_data $(NER_DATA) $(NER_BUILD)/corpus --seed $(NER_SEED)
	$(BIN)/python -m spacy train models/ner_training/config.cfg --output $(NER_BUILD)/output \
		--paths.train $(NER_BUILD)/corpus/train.spacy --paths.dev $(NER_BUILD)/corpus/dev.spacy --system.seed $(NER_SEED)
	$(BIN)/python -m extractor.nlp.ner_model export $(NER_BUILD)/output/model-best models/ner
	$(BIN)/python benchmarks/ner_benchmark.py --data $(NER_DATA) --seed $(NER_SEED)

# validation F1 and speed of raw fr_core_news_md against the shipped models/ner
ner-benchmark: $(STAMP)
	$(BIN)/python benchmarks/ner_benchmark.py --data $(NER_DATA) --seed $(NER_SEED)

# the README's picture: the HTML report of samples/ in headless Chromium (Debian's chromium)
.PHONY: screenshot
screenshot: $(STAMP)
	$(BIN)/extractor report samples/ -o /tmp/extractor-report.html
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir=/tmp/extractor-chromium --window-size=1200,1500 \
		--screenshot=samples/report.png file:///tmp/extractor-report.html
