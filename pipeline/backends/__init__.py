"""Input backends: turn file bytes into raw pages (lines, words, tables).

Backends know about file formats only; the NLP stages never see pdfplumber.
"""

from pipeline.backends.base import InputError, RawDocument, RawLine, RawPage, RawTable

__all__ = ["InputError", "RawDocument", "RawLine", "RawPage", "RawTable"]
