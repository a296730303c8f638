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

from pipeline.backends import backend_names, pdf_backend_names
from pipeline.document import Document


@pytest.fixture(scope="session")
def processed_pdf() -> Callable[..., Document]:
    """``processed_pdf(path, backend=None)``: ``pipeline.process.process_file`` (the
    backend chosen by content, or the one named), cached per session."""
    cache: dict[tuple[Path, str | None], Document] = {}

    def get(path: Path, backend: str | None = None) -> Document:
        from pipeline.process import process_file

        key = (Path(path).resolve(), backend or backend_names()[0])  # None: the default backend
        if key not in cache:
            cache[key] = process_file(key[0], backend=backend)
        return copy.deepcopy(cache[key])  # tests may annotate or mutate their copy

    return get


@pytest.fixture(params=pdf_backend_names())
def backend_name(request: pytest.FixtureRequest) -> str:
    """Each PDF backend in turn (tests that must hold for both)."""
    return request.param


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI (``TRIPREPORT_REQUIRE_SHARED=1``) a missing ``../shared`` fails the run.

    Tests that read ``../shared`` skip without it so the project runs anywhere, but
    CI always has it: there, an absent folder must not turn those tests into skips.
    """
    import os

    from pipeline import resources

    if os.environ.get("TRIPREPORT_REQUIRE_SHARED") == "1" and not resources.shared_dir().is_dir():
        raise pytest.UsageError(f"{resources.shared_dir()} is missing (TRIPREPORT_REQUIRE_SHARED=1)")
