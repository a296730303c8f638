# Two entry points on a fresh machine (python3, make, git): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint venv bench clean-demo

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -rf build/demo-corpus
	$(VENV)/bin/tripreport ingest corpora/samples --corpus build/demo-corpus
	$(VENV)/bin/tripreport summary --corpus build/demo-corpus

# Linter and type checker over the package (CI runs them before the tests).
lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/mypy

# Everything: lint, then the whole suite (training, wheel, server and multi-process tests included).
test: lint
	$(PY) -m pytest -q

# The quick lane while editing: no training, no wheel build, no servers, no multi-process batches.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) benchmarks/extract.py
