"""The Word backend: .docx bytes -> :class:`RawDocument`, through python-docx.

A Word file has paragraphs, not laid-out lines: every paragraph becomes one
``whole`` line (never re-joined by the layout stage) on synthetic A4 geometry,
its automatic list number put back in front of its text as Word prints it.
Pages break where the file says so (page breaks, ``pageBreakBefore``, section
breaks); heading styles (Heading N, 標題 N, an outline level) are reported in
``RawDocument.headings`` so the sections stage can use them; Word tables become
:class:`RawTable` rows (a merged cell once, then None).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from pipeline.backends.base import RawDocument, RawLine, RawPage, RawTable
from pipeline.backends.convert import to_docx
from pipeline.backends.detect import sniff
from pipeline.errors import InputError
from pipeline.text.clean import normalize

PAGE_W, MIN_PAGE_H, MARGIN = 595.0, 842.0, 72.0
TEXT_W = PAGE_W - 2 * MARGIN
HEADING_SIZES = {1: 16.0, 2: 14.0, 3: 13.0}
_HEADING_STYLE = re.compile(r"^(?:heading|標題|标题|見出し)\s*(\d)$", re.I)
INFO_KEYS = ("title", "author", "subject", "keywords")
CONVERTED = ("doc", "odt", "rtf")  # formats LibreOffice turns into .docx first


class DocxBackend:
    """Read .docx files with python-docx."""

    name = "python-docx"

    def accepts(self, data: bytes, filename: str) -> bool:
        """A Word file by its bytes: .docx, or .doc/.odt/.rtf (converted by LibreOffice)."""
        return sniff(data, filename) in ("docx", *CONVERTED)

    def load(self, data: bytes, filename: str) -> RawDocument:
        """Parse ``data`` (after conversion for .doc/.odt/.rtf); raise :class:`InputError`
        (code + one-line message) if unreadable."""
        import docx

        kind = sniff(data, filename)
        if kind in CONVERTED:
            data = to_docx(data, filename, kind)
        if not data:
            raise InputError("empty_file", f"{filename}: empty file (0 bytes)")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" not in zf.namelist():
                    raise InputError("not_docx", f"{filename}: a zip file but not a Word document")
            document = docx.Document(io.BytesIO(data))
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - zipfile/lxml raise many types
            raise InputError("corrupt", f"{filename}: corrupt Word file ({type(exc).__name__})") from None
        writer = _PageWriter(document)
        writer.run()
        if not any(p.n_chars for p in writer.pages):
            raise InputError("no_text", f"{filename}: the Word document has no text")
        props = document.core_properties
        info = {k.title(): str(v) for k in INFO_KEYS if (v := getattr(props, k, None))}
        info["Producer"] = "python-docx"
        return RawDocument(pages=writer.pages, info=info, headings=writer.headings)


def heading_level(paragraph: Any) -> int | None:
    """Outline level (1-based) of a heading paragraph: its style or its outline level."""
    style = paragraph.style
    while style is not None:
        if m := _HEADING_STYLE.match(style.name or ""):
            return int(m.group(1))
        style = style.base_style
    ppr = paragraph._p.pPr
    if ppr is not None:
        from docx.oxml.ns import qn

        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is not None and int(lvl.get(qn("w:val"))) < 9:
            return int(lvl.get(qn("w:val"))) + 1
    return None


def _font_size(paragraph: Any, level: int | None) -> float:
    for run in paragraph.runs:
        if run.font.size is not None and run.text.strip():
            return float(run.font.size.pt)
    style = paragraph.style
    while style is not None:
        if style.font is not None and style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return HEADING_SIZES.get(level or 0, 12.0)


def _breaks(paragraph: Any) -> tuple[bool, bool]:
    """(page break before, page break after) of a paragraph."""
    from docx.oxml.ns import qn

    p = paragraph._p
    before = p.pPr is not None and p.pPr.find(qn("w:pageBreakBefore")) is not None
    after = p.pPr is not None and p.pPr.find(qn("w:sectPr")) is not None
    for br in p.iter(qn("w:br")):
        if br.get(qn("w:type")) == "page":
            # a break ahead of all the text starts the paragraph on a new page
            text_before = "".join(t.text or "" for t in _preceding_texts(p, br))
            if text_before.strip():
                after = True
            else:
                before = True
    return before, after


def _preceding_texts(p: Any, node: Any) -> list[Any]:
    from docx.oxml.ns import qn

    out = []
    for el in p.iter(qn("w:t"), qn("w:br")):
        if el is node:
            break
        if el.tag == qn("w:t"):
            out.append(el)
    return out


class _PageWriter:
    """Lays paragraphs and tables top-down onto pages with synthetic geometry."""

    def __init__(self, document: Any) -> None:
        from pipeline.backends.docx_numbering import Numbering

        self.document = document
        self.numbering = Numbering.of(document)
        self.pages: list[RawPage] = []
        self.headings: list[tuple[str, int]] = []
        self.y = MARGIN
        self._new_page()

    def _new_page(self) -> None:
        if self.pages:
            self.pages[-1].height = max(MIN_PAGE_H, self.y + MARGIN)
        self.pages.append(RawPage(number=len(self.pages) + 1, width=PAGE_W, height=MIN_PAGE_H))
        self.y = MARGIN

    def run(self) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        body = self.document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                self.paragraph(Paragraph(child, self.document))
            elif tag == "tbl":
                self.table(Table(child, self.document))
        self.pages[-1].height = max(MIN_PAGE_H, self.y + MARGIN)

    def paragraph(self, paragraph: Any) -> None:
        from pipeline.backends.docx_numbering import num_pr

        before, after = _breaks(paragraph)
        page = self.pages[-1]
        if before and (page.lines or page.tables):
            self._new_page()
        level = heading_level(paragraph)
        text = normalize(paragraph.text).replace("\n", " ").strip()
        numbered = num_pr(paragraph)
        label = self.numbering.label(*numbered) if numbered else ""
        if label and text:
            text = f"{label}{text}" if label.endswith(("、", "．", ")", "）")) else f"{label} {text}"
        if text:
            size = _font_size(paragraph, level)
            self._line(text, size, whole=True)
            if level is not None:
                self.headings.append((text, level))
        if after:
            self._new_page()

    def _line(self, text: str, size: float, whole: bool, page: RawPage | None = None) -> RawLine:
        width = min(TEXT_W, size * sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text))
        line = RawLine(text, MARGIN, MARGIN + width, self.y, self.y + size, size, whole)
        target = page or self.pages[-1]
        (target.table_lines if page is not None else target.lines).append(line)
        target.n_chars += sum(1 for ch in text if not ch.isspace())
        self.y += size * 1.6
        return line

    def table(self, table: Any) -> None:
        page = self.pages[-1]
        top = self.y
        rows: list[list[str | None]] = []
        seen: set[Any] = set()  # a merged cell (across columns or rows) is read once; the set
        # holds the elements themselves, so lxml keeps their proxies (and identities) alive
        for row in table.rows:
            cells: list[str | None] = []
            for cell in row.cells:
                if cell._tc in seen:
                    cells.append(None)  # the same merged cell again
                    continue
                seen.add(cell._tc)
                text = "\n".join(normalize(p.text).strip() for p in cell.paragraphs if p.text.strip())
                cells.append(text)
                if text:
                    self._line(text.replace("\n", " "), 10.5, whole=True, page=page)
                    self.y -= 10.5 * 1.6  # cell lines share their row's height
            rows.append(cells)
            self.y += 18.0
        page.tables.append(RawTable(bbox=(MARGIN, top, PAGE_W - MARGIN, self.y), rows=rows))
        self.y += 12.0
