"""The document model that flows through every pipeline stage.

One :class:`Document` is created per input file by the extraction backend and
then annotated, stage by stage (cover metadata, sections, tables, language
blocks, later entities and sectors).  Every stage only reads and writes fields
of this object; no stage reaches into another stage's internals.

What the NER and sector stages add (entities, sector scores) is typed in
:mod:`pipeline.annotations`.

The JSON form (``Document.to_dict``) is versioned with :data:`SCHEMA_VERSION`
and described by ``pipeline/schema/document.schema.json``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pipeline.annotations import Entity, SectorScore
from pipeline.plain import as_plain

SCHEMA_VERSION = "1.0"

# Document-level status values.
STATUS_OK = "ok"  # every stage ran without error
STATUS_PARTIAL = "partial"  # a document was produced but some stage reported errors
STATUS_FAILED = "failed"  # no usable document (corrupt, encrypted, no text layer...)


@dataclass
class ProcessingError:
    """One problem met while processing a document (kept, not raised)."""

    stage: str
    code: str  # short machine-readable reason, e.g. "encrypted", "no_text_layer"
    message: str
    page: int | None = None


@dataclass
class Person:
    """A person record: from the cover (authors) or an attendee table."""

    name: str
    title: str | None = None
    unit: str | None = None
    org: str | None = None
    source_table: int | None = None  # index into Document.tables, None for the cover


@dataclass
class Contact:
    """The contact person of the organising agency (提要: 主辦機關 / 聯絡人 / 電話)."""

    name: str | None = None
    phone: str | None = None
    agency: str | None = None


@dataclass
class Metadata:
    """The cover block of a 出國報告."""

    category: str | None = None  # 出國類別
    title: str | None = None
    agency: str | None = None  # 服務機關
    authors: list[Person] = field(default_factory=list)  # 姓名職稱
    countries: list[str] = field(default_factory=list)  # 派赴國家
    places: list[str] = field(default_factory=list)
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    report_date: str | None = None
    raw: dict[str, str] = field(default_factory=dict)  # cover fields as printed
    keywords: list[str] = field(default_factory=list)  # 提要: 關鍵詞
    abstract: str | None = None  # 提要: 內容摘要
    contact: Contact | None = None  # 提要: 主辦機關 / 聯絡人 / 電話

    def filled_from(self, other: Metadata) -> Metadata:
        """These fields first; ``other`` fills the empty ones (a cover completed by the 提要
        form, which also brings keywords, abstract and contact).  ``raw`` keeps both."""
        out = dataclasses.replace(self)
        for f in dataclasses.fields(self):
            if f.name != "raw" and not getattr(out, f.name):
                setattr(out, f.name, getattr(other, f.name))
        out.raw = {**other.raw, **self.raw}
        return out


@dataclass
class PagePart:
    """One block of a page that holds more than one kind (a cover above the 摘要...)."""

    kind: str  # body | cover | toc
    text: str


@dataclass
class Page:
    """One page of cleaned text.

    ``kind`` is ``body`` when the page has any body text; ``text`` is the text of
    that kind only.  A page shared by several kinds (cover + 摘要, 摘要 + 目次,
    目次 + the first chapter) lists every block in reading order in ``parts``;
    ``parts`` is empty for a page of one kind.
    """

    number: int  # 1-based physical page number
    text: str  # cleaned body text (headers/footers/page numbers removed)
    kind: str = "body"  # body | cover | toc | blank | image_only
    printed_number: str | None = None  # the page number printed in the footer, if any
    parts: list[PagePart] = field(default_factory=list)

    def set_parts(self, parts: list[PagePart]) -> None:
        """Set ``parts``, ``kind`` and ``text`` from a page's blocks in reading order."""
        parts = [p for p in parts if p.text.strip()]
        if not parts:
            return
        kinds = [p.kind for p in parts]
        self.kind = "body" if "body" in kinds else kinds[0]
        self.text = "\n".join(p.text for p in parts if p.kind == self.kind)
        self.parts = parts if len(set(kinds)) > 1 else []

    def blocks_of(self, kind: str) -> list[str]:
        """Texts of this page's blocks of ``kind`` (the whole text for a one-kind page)."""
        if self.parts:
            return [p.text for p in self.parts if p.kind == kind]
        return [self.text] if self.kind == kind and self.text else []


@dataclass
class Section:
    """A numbered heading and the body text under it (not its sub-sections)."""

    id: str  # dotted path of ordinal positions, e.g. "3.2.1"; stable within a document
    number: str  # the number as printed: 壹, 一, (一), 1, (1)
    title: str
    level: int  # 1 = 壹, 2 = 一、, 3 = (一), 4 = 1., 5 = (1)
    page: int | None = None
    text: str = ""
    parent: str | None = None  # id of the parent section
    sectors: list[SectorScore] = field(default_factory=list)  # filled by the sector stage

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; sector scores written by :meth:`SectorScore.to_dict`."""
        out = as_plain(dataclasses.replace(self, sectors=[]))
        out["sectors"] = [s.to_dict() for s in self.sectors]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        """Rebuild a section from its JSON form (inverse of :meth:`to_dict`)."""
        return cls(**{**data, "sectors": [SectorScore.from_dict(s) for s in data.get("sectors", [])]})


@dataclass
class Table:
    """A ruled table found by pdfplumber's table finder (merged across pages)."""

    caption: str | None
    page: int
    header: list[str]
    rows: list[list[str]]
    pages: list[int] = field(default_factory=list)
    section: str | None = None
    kind: str = "table"  # table | attendees | schedule


@dataclass
class Block:
    """A paragraph-sized run of text with its detected language."""

    lang: str  # zh-Hant | zh-Hans | ja | en | und
    text: str
    section: str | None = None
    page: int | None = None
    source: str = "text"  # text (the PDF's text layer) | ocr
    confidence: float | None = None  # OCR: mean word confidence (0-100) of the block's page


@dataclass
class Source:
    """Where the document came from."""

    filename: str
    sha256: str
    size: int
    pages: int = 0
    path: str | None = None
    producer: str | None = None


@dataclass
class Document:
    """A trip report as it flows through the pipeline and into the corpus."""

    id: str
    source: Source
    status: str = STATUS_OK
    errors: list[ProcessingError] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    text: str = ""  # full cleaned body text (cover and TOC pages excluded)
    entities: list[Entity] = field(default_factory=list)  # NER stage
    sectors: list[SectorScore] = field(default_factory=list)  # sector stage
    pipeline: dict[str, Any] = field(default_factory=dict)  # versions, timings
    schema_version: str = SCHEMA_VERSION

    def add_error(self, stage: str, code: str, message: str, page: int | None = None) -> None:
        """Record a problem; a document with errors but content becomes ``partial``."""
        self.errors.append(ProcessingError(stage, code, message, page))
        if self.status == STATUS_OK:
            self.status = STATUS_PARTIAL

    def fail(self, stage: str, code: str, message: str) -> None:
        """Record a fatal problem: the document carries no usable content."""
        self.errors.append(ProcessingError(stage, code, message))
        self.status = STATUS_FAILED

    @property
    def failed(self) -> bool:
        """True when the document carries no usable content (status ``failed``)."""
        return self.status == STATUS_FAILED

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, keys in schema order."""
        # asdict() would write every optional entity/sector field as null: those
        # lists are written by their own to_dict (optional keys left out).
        out = as_plain(dataclasses.replace(self, sections=[], entities=[], sectors=[]))
        out["sections"] = [s.to_dict() for s in self.sections]
        out["entities"] = [e.to_dict() for e in self.entities]
        out["sectors"] = [s.to_dict() for s in self.sectors]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from its JSON form (inverse of :meth:`to_dict`)."""
        d = dict(data)
        meta = dict(d.get("metadata") or {})
        meta["authors"] = [Person(**p) for p in meta.get("authors", [])]
        if meta.get("contact"):
            meta["contact"] = Contact(**meta["contact"])
        return cls(
            id=d["id"],
            source=Source(**d["source"]),
            status=d.get("status", STATUS_OK),
            errors=[ProcessingError(**e) for e in d.get("errors", [])],
            metadata=Metadata(**meta),
            pages=[_page(p) for p in d.get("pages", [])],
            sections=[Section.from_dict(s) for s in d.get("sections", [])],
            tables=[Table(**t) for t in d.get("tables", [])],
            people=[Person(**p) for p in d.get("people", [])],
            blocks=[Block(**b) for b in d.get("blocks", [])],
            text=d.get("text", ""),
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
            sectors=[SectorScore.from_dict(s) for s in d.get("sectors", [])],
            pipeline=dict(d.get("pipeline", {})),
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )


def _page(data: dict[str, Any]) -> Page:
    """Rebuild a page, with its parts, from its JSON form."""
    d = dict(data)
    d["parts"] = [PagePart(**p) for p in d.get("parts", [])]
    return Page(**d)
