# Two commands for users: `make figures` and `make test`. Both build .venv from the
# lock file the first time (and again whenever the lock or pyproject changes).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
FIGURES_OUT ?= figures

.PHONY: test figures data bench lab lock lint clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@$(PY) -c 'from analysis.figures import vega_bundle; vega_bundle()'  # cache the Vega JS once
	@touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest

# Two processes at once, one per core: the Chinese set, and the English set with the
# tables it is drawn from.
figures: $(STAMP)
	@$(PY) -m analysis figures --lang zh --out $(FIGURES_OUT) & zh=$$!; \
	$(PY) -m analysis figures --lang en --out $(FIGURES_OUT) --tables data/processed & en=$$!; \
	wait $$zh && wait $$en

# Re-derive the treaty record (data/reference/treaty_participation.csv) from the raw
# sources in data/raw/treaties/; review the diff before committing it.
data: $(STAMP)
	$(PY) -m analysis.derive

bench: $(STAMP)
	$(PY) scripts/benchmark.py

lab: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lab.lock
	$(VENV)/bin/jupyter lab notebooks/

lint: $(STAMP)
	$(PY) -m ruff check analysis tests scripts

# Maintainers only: refresh the pinned, hashed lock files after changing dependencies.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile requirements-lab.in --constraint requirements.lock --generate-hashes --python-version 3.11 -o requirements-lab.lock

clean:
	rm -rf $(VENV) data/processed/*.csv
