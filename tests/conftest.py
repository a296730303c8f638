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

from pipeline.backends import BACKEND_NAMES, DEFAULT_BACKEND
from pipeline.document import Document


@pytest.fixture(scope="session")
def processed_pdf() -> Callable[..., Document]:
    """``processed_pdf(path, backend=DEFAULT_BACKEND)``: ``pipeline.process.process_file``,
    cached per session."""
    cache: dict[tuple[Path, str], Document] = {}

    def get(path: Path, backend: str = DEFAULT_BACKEND) -> Document:
        from pipeline.process import process_file

        key = (Path(path).resolve(), backend)
        if key not in cache:
            cache[key] = process_file(key[0], backend=backend)
        return copy.deepcopy(cache[key])  # tests may annotate or mutate their copy

    return get


@pytest.fixture(params=BACKEND_NAMES)
def backend_name(request: pytest.FixtureRequest) -> str:
    """Each PDF backend in turn (tests that must hold for both)."""
    return request.param
