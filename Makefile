# Two commands for users: `make figures` and `make test`. Both build .venv from the
# lock file the first time (and again whenever the lock or pyproject changes).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
FIGURES_OUT ?= figures

.PHONY: test test-fast figures brief data bench lab lock lint docs clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@$(PY) -m analysis.render  # once: the Vega JavaScript the HTML pages embed, the chart font
	@# Byte-compiled once, as pip does for installed packages: a run started where
	@# PYTHONDONTWRITEBYTECODE is set would otherwise compile the package every time.
	@$(PY) -m compileall -q analysis
	@touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest

# While working: every test but the slow ones (notebooks, whole figure sets, wheel,
# fuzzing), in under a minute: two processes, each taking a whole test file at a time
# (a file's tests share its fixtures). make test (and CI) runs them all, in one process.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow" -n 2 --dist loadfile

# Every label language in analysis/labels/, from one study; the command renders on
# every core itself.
figures: $(STAMP)
	@$(PY) -m analysis figures --lang all --out $(FIGURES_OUT) --tables data/processed

# The briefing pack in every label language: briefs/brief.LANG.html (printable, offline).
brief: $(STAMP)
	@$(PY) -m analysis brief --lang all --out briefs

# Re-derive the treaty record (data/reference/treaty_participation.csv) from the raw
# sources in data/raw/treaties/, and the world map (world_map.topojson and the small
# States' positions) from data/raw/map/; review the diff before committing it.
data: $(STAMP)
	$(PY) -m analysis data

bench: $(STAMP)
	$(PY) scripts/benchmark.py

# JupyterLab gets a venv of its own: its packages pull in a URI grammar that jsonschema
# compiles on import, which would add a second to every `import altair` in .venv.
# jupyter refuses to start as root without --allow-root (common in containers).
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed

$(LAB_STAMP): requirements.lock requirements-lab.lock pyproject.toml
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lab.lock
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@touch $(LAB_STAMP)

# Notebooks are saved without outputs (scripts/jupyter_lab_config.py), so running them
# here leaves the files as git keeps them and `make test` passes.
lab: $(LAB_STAMP)
	$(LAB_VENV)/bin/jupyter lab notebooks/ --config=scripts/jupyter_lab_config.py $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# The API reference (pdoc, from the docstrings) and the data dictionary of every table a
# public function returns, into docs/ (generated, not committed).
docs: $(STAMP)
	$(PY) -m pdoc analysis --docformat google --output-directory docs/api
	$(PY) -m analysis.dictionary docs/data-dictionary.md
	@echo "docs/api/index.html, docs/data-dictionary.md"

# ruff, and the layers of the package as contracts ([tool.importlinter] in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check analysis tests scripts notebooks
	$(VENV)/bin/lint-imports --no-cache

# Maintainers only: refresh the pinned, hashed lock files after changing dependencies.
# requirements.lock: every extra (what `make` installs); requirements-core.lock: the
# core alone (what `pip install firearms-wg-participation` needs; tests/test_core_install.py).
lock:
	uv pip compile pyproject.toml --all-extras --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements-core.lock
	uv pip compile requirements-lab.in --constraint requirements.lock --generate-hashes --python-version 3.11 -o requirements-lab.lock

clean:
	rm -rf $(VENV) $(LAB_VENV) data/processed/*.csv briefs
