# Two entry points on a fresh machine (python3, make, git): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench clean-demo soffice

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

# Word .doc/.odt input is converted by LibreOffice (Debian package, installed when missing).
soffice:
	command -v soffice >/dev/null || (apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui)

test: $(STAMP) soffice
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/extract.py
