"""Shared test fixtures.

``processed_pdf`` runs the whole pipeline on a real PDF once per test session and
hands each test its own deep copy: the samples and the reference PDF are checked by
many modules (cover, sections, language, tables, golden files, schema), and
processing each one again per module cost about a minute of the suite.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.document import Document


@pytest.fixture(scope="session")
def processed_pdf() -> Callable[[Path], Document]:
    """``processed_pdf(path)``: ``pipeline.process.process_file(path)``, cached per session."""
    cache: dict[Path, Document] = {}

    def get(path: Path) -> Document:
        from pipeline.process import process_file

        key = Path(path).resolve()
        if key not in cache:
            cache[key] = process_file(key)
        return copy.deepcopy(cache[key])  # tests may annotate or mutate their copy

    return get
