"""The NER stage's working records: a unit of text to annotate, cover/table evidence, document context.

Kept apart from :mod:`pipeline.ner.stage` so that :mod:`pipeline.ner.aggregate` can use
them without importing the stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.annotations import Mention


@dataclass
class Unit:
    """One text to annotate (a block, or a paragraph of plain text)."""

    text: str
    lang: str
    section: str | None = None
    page: int | None = None
    block: int | None = None
    offset: int = 0  # added to mention offsets (plain text: offset of the paragraph)
    cell: tuple[int, int, int] | None = None  # a table cell: (table, row, col)


@dataclass
class Evidence:
    """A name known from the cover or an attendee table."""

    text: str
    label: str
    sources: set[str]  # table | cover
    canonical: str
    key: str
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # table/cover rows


@dataclass
class Context:
    """Document-level knowledge the block components use."""

    evidence: list[Evidence] = field(default_factory=list)
    evidence_re: re.Pattern[str] | None = None
    self_refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # keys of entities known present
