# Two entry points on a fresh machine (python3, make, git): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint venv bench clean-demo soffice system-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP) system-deps
	rm -rf build/demo-corpus
	$(VENV)/bin/tripreport ingest corpora/samples --corpus build/demo-corpus
	$(VENV)/bin/tripreport summary --corpus build/demo-corpus

# Debian packages, installed when missing (CI starts from a clean machine): the CJK
# TrueType fonts the generated test reports embed (UMing; IPA Mincho for Japanese forms; IPA Gothic
# for the bundled samples' headings), and Tesseract with the Traditional
# Chinese, Simplified Chinese and Japanese models for OCR of scanned reports, and the
# orientation model (osd: pages scanned sideways; tesseract-ocr depends on it, named
# here so that the check below sees it).
APT_PACKAGES := fonts-arphic-uming fonts-ipafont-mincho fonts-ipafont-gothic tesseract-ocr tesseract-ocr-osd tesseract-ocr-chi-tra tesseract-ocr-chi-sim \
	tesseract-ocr-jpn
APT_CHECK := test -f /usr/share/fonts/truetype/arphic/uming.ttc && test -f /usr/share/fonts/opentype/ipafont-mincho/ipam.ttf \
	&& test -f /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf \
	&& command -v tesseract >/dev/null \
	&& tesseract --list-langs 2>/dev/null | grep -qx chi_tra && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
	&& tesseract --list-langs 2>/dev/null | grep -qx jpn && tesseract --list-langs 2>/dev/null | grep -qx osd

system-deps:
	@$(APT_CHECK) || { SUDO=$$(command -v sudo || true); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $(APT_PACKAGES); }

# Word .doc/.odt input is converted by LibreOffice (Debian package, installed when missing).
soffice:
	command -v soffice >/dev/null || (apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui)

# Linter and type checker over the package (CI runs them before the tests).
lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/mypy

# Everything: lint, then the whole suite (training, wheel, server and multi-process tests included).
test: lint soffice system-deps
	$(PY) -m pytest -q

# The quick lane while editing: no training, no wheel build, no servers, no multi-process batches.
test-fast: $(STAMP) soffice system-deps
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) benchmarks/extract.py
