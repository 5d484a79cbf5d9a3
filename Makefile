# Two commands do everything on a fresh machine:
#   make analyze   set up .venv, analyse seeds/ + data/articles/, write tables and charts to exports/
#   make test      set up .venv (with test tools and a browser), run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
OUT ?= exports

.PHONY: setup analyze test lab bench chromium clean notebooks-sync lint model

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (workbench)" >/dev/null
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(STAMP)

analyze: $(STAMP)
	$(PY) -m helpers analyze --out $(OUT)

# Debian's Chromium for the real-browser test (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)) || \
	  echo "warning: could not install chromium; the browser test will be skipped"

test: $(TEST_STAMP) chromium
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# Retrain the target-sentiment model on ../shared/newsmtsc/train.jsonl (cross-validated choices, fixed seeds)
# and rewrite data/models/target_sentiment.json; `--ablation` also prints what each feature group adds.
model: $(STAMP)
	$(PY) -m pip install --quiet -e ".[train]"
	$(PY) -m helpers train

bench: $(TEST_STAMP)
	$(PY) benchmarks/run.py

# Re-write the .ipynb files from their py:percent twins (outputs stay empty).
notebooks-sync: $(STAMP)
	$(VENV)/bin/jupytext --sync notebooks/*.py

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check helpers tests benchmarks

clean:
	rm -rf $(OUT) data/processed/*.parquet data/processed/last_run.json
