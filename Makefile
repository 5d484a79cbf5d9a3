# Two commands do everything on a fresh machine:
#   make analyze   set up .venv, analyse seeds/ + data/articles/, write tables and charts to exports/
#   make test      set up .venv (with test tools and a browser), run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
OUT ?= exports

.PHONY: setup git-filter analyze test lab bench chromium clean notebooks-sync lint model

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The kernel the notebooks name (their kernelspec is this name and display name: a test checks it),
# so that running and saving a notebook leaves its metadata as committed.
KERNEL_NAME := python3
KERNEL_DISPLAY_NAME := Python 3 (ipykernel)

# JupyterLab from .venv writes a notebook that git keeps clean already stripped (see
# helpers/notebook_clean.py): then saving one leaves `git status` clean, not only `git diff`.
# (the environment's own server configuration: a file of jupyter_server_config.d only enables
# extensions)
SAVE_HOOK := $(VENV)/etc/jupyter/jupyter_server_config.json

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY_NAME)" >/dev/null
	@mkdir -p $(dir $(SAVE_HOOK))
	@echo '{"ContentsManager": {"pre_save_hook": "helpers.notebook_clean.pre_save"}}' > $(SAVE_HOOK)
	@$(MAKE) --no-print-directory git-filter
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(STAMP) git-filter

# Notebooks are committed without outputs whatever JupyterLab saved: .gitattributes sends every
# .ipynb through tools/strip_notebook.sh (nbstripout), defined here as this clone's git filter.
git-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean 'sh tools/strip_notebook.sh' && git config filter.nbstripout.smudge cat; \
	fi

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

# Re-write the .ipynb files from their py:percent twins (after editing a .py), stripped as the
# git filter strips them.
notebooks-sync: $(STAMP)
	$(VENV)/bin/jupytext --update --to ipynb notebooks/0*.py
	sh tools/strip_notebook.sh notebooks/0*.ipynb

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check helpers tests benchmarks

clean:
	rm -rf $(OUT) data/processed/*.parquet data/processed/last_run.json
