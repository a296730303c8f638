"""What the NER and sector stages add to a document: entities with the mentions
that name them, sector scores with the evidence that drove them.

These records hang off :class:`pipeline.document.Document` (``entities``,
``sectors``) and :class:`pipeline.document.Section` (``sectors``); each writes
its own JSON form, leaving out the optional fields it does not have.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pipeline.plain import as_plain, without_none


@dataclass
class Mention:
    """Where an entity is named: a span of a block's text, a table row or cell, or the cover.

    Text mentions have ``block``, ``start`` and ``end`` (offsets index
    ``Document.blocks[block].text``; for plain text, the text itself and
    ``block`` None).  Cover and table mentions have no offsets: ``where`` says
    which (``"cover"`` or ``"table"``); a table mention names its ``table``
    (index into ``Document.tables``) and, for a cell of a non-attendee table,
    its ``row`` and ``col`` (row 0 is the header when the table has one).
    """

    section: str | None = None
    page: int | None = None
    block: int | None = None
    start: int | None = None
    end: int | None = None
    where: str | None = None  # None (text) | cover | table
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``where`` only off the text, ``table`` only for table
        mentions, ``row``/``col`` only for table cells."""
        out = as_plain(self)
        if self.where is None:
            del out["where"]
        if self.where != "table":
            del out["table"]
        return without_none(out, ("row", "col"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        """Rebuild a mention from its JSON form."""
        return cls(**data)


@dataclass
class Entity:
    """One named entity of a document, aggregated by the NER stage.

    One per ``(canonical_id, label)``: ``text`` is its most frequent surface
    form, ``canonical`` the display form its mentions resolve to,
    ``canonical_id`` the id shared across documents (``LABEL:hash``),
    ``count`` the number of ``mentions`` and ``sources`` the components that
    found it (gazetteer, model, rule, table, cover...).  People known from
    the cover or an attendee table (or named with a title) carry ``title``,
    ``org`` and ``unit`` when known.
    """

    text: str
    label: str
    canonical: str
    canonical_id: str
    lang: str
    count: int
    mentions: list[Mention] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    title: str | None = None
    org: str | None = None
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``title``/``org``/``unit`` only when known."""
        out = as_plain(dataclasses.replace(self, mentions=[]))
        out["mentions"] = [m.to_dict() for m in self.mentions]
        return without_none(out, ("title", "org", "unit"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Rebuild an entity from its JSON form."""
        return cls(**{**data, "mentions": [Mention.from_dict(m) for m in data.get("mentions", [])]})


@dataclass
class SectorEvidence:
    """A sentence that drove a sector score, with its score for that sector.

    Document-level evidence names the section it comes from (``section`` id,
    ``number``, ``title``), or the ``chunk`` number when the text had no
    sections; section-level evidence has only ``text`` and ``score``.
    """

    text: str
    score: float
    section: str | None = None
    number: str | None = None
    title: str | None = None
    chunk: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: where it comes from first, unknown places left out."""
        where = {"section": self.section, "number": self.number, "title": self.title, "chunk": self.chunk}
        return {**{k: v for k, v in where.items() if v is not None}, "text": self.text, "score": self.score}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectorEvidence:
        """Rebuild evidence from its JSON form."""
        return cls(**data)


@dataclass
class SectorScore:
    """How strongly a document or a section is about one sector (from the sector stage).

    ``score`` is compared with the label's tuned ``threshold``; ``assigned``
    is the result.  Document-level scores also carry ``threshold``, the ids
    of the supporting ``sections`` and the ``share`` of section text in them;
    section-level scores leave these None (absent in the JSON).
    """

    label: str
    name: str
    score: float
    assigned: bool
    evidence: list[SectorEvidence] = field(default_factory=list)
    threshold: float | None = None
    sections: list[str] | None = None
    share: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, keys in the stage's order; absent document-level fields left out."""
        out = {
            "label": self.label, "name": self.name, "score": self.score, "threshold": self.threshold,
            "assigned": self.assigned, "sections": None if self.sections is None else list(self.sections),
            "share": self.share, "evidence": [e.to_dict() for e in self.evidence],
        }
        return without_none(out, ("threshold", "sections", "share"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectorScore:
        """Rebuild a sector score from its JSON form."""
        return cls(**{**data, "evidence": [SectorEvidence.from_dict(e) for e in data.get("evidence", [])]})
