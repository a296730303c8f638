"""The small interface between input backends and the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from pipeline.errors import InputError

# RawDocument.info key of the 1-based pages a backend could not parse (comma-separated).
PAGE_ERRORS_KEY = "x-page-errors"

__all__ = ["PAGE_ERRORS_KEY", "Backend", "InputError", "RawDocument", "RawLine", "RawPage", "RawTable"]


@dataclass
class RawLine:
    """One visual line of text as laid out on the page (already NFKC-cleaned)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # dominant font size


@dataclass
class RawTable:
    """A table as found by the backend: cell text by row, None for empty/merged cells."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    rows: list[list[str | None]]


@dataclass
class RawPage:
    """One page: its lines outside tables, its tables, and counts for diagnostics."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[RawLine] = field(default_factory=list)  # reading order, tables excluded
    tables: list[RawTable] = field(default_factory=list)
    table_lines: list[RawLine] = field(default_factory=list)  # lines inside table areas
    n_chars: int = 0
    n_cid_chars: int = 0  # glyphs decoded as "(cid:NN)": font without a ToUnicode map
    n_images: int = 0
    image_area: float = 0.0  # fraction of the page covered by images


@dataclass
class RawDocument:
    """What a backend returns for one file."""

    pages: list[RawPage]
    info: dict[str, str] = field(default_factory=dict)  # PDF document info (Producer, Title...)


class Backend(Protocol):
    """An input backend: bytes in, raw pages out; raises :class:`InputError`."""

    name: str

    def accepts(self, data: bytes, filename: str) -> bool:
        """Whether the file's content is of this backend's format (a cheap check of magic bytes)."""
        ...

    def load(self, data: bytes, filename: str) -> RawDocument:
        """Parse the file; raise :class:`InputError` (code + one-line message) if it is unreadable."""
        ...
