"""Front-matter blocks: where the cover block ends on a page it shares.

A cover (or a 提要 form) may be followed on its page by the 摘要, the 目次 or
the first chapter.  The page kind is decided per block: the cover block ends at
the first heading after its labelled fields, the rest keeps its own kind
(``Page.parts``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import Document, Page, PagePart
from pipeline.extract.sections import parse_heading
from pipeline.extract.toc import is_toc_heading

# "摘要：本報告…" as one long paragraph (too long to read as a heading) also ends the cover.
_INLINE_ABSTRACT = re.compile(r"^(?:摘\s*要|提\s*要|前\s*言)\s*[:：]")


def split_cover_text(text: str, is_field: Callable[[str], bool]) -> tuple[str, str]:
    """Split a cover page's text into ``(cover, rest)``: the cover block ends at the
    first heading after its labelled fields (``is_field`` tells a field line: cover
    or 提要 labels), so a 摘要 printed under the cover fields stays body text."""
    lines = text.split("\n")
    seen_field = False
    for i, raw_line in enumerate(lines):
        line = raw_line.replace("\u3000", " ").strip()
        if not line:
            continue
        if is_field(line):
            seen_field = True
            continue
        if not seen_field:
            continue
        parsed = parse_heading(line)
        if is_toc_heading(line) or (parsed is not None and parsed[1]) or _INLINE_ABSTRACT.match(line):
            return "\n".join(lines[:i]).strip("\n"), "\n".join(lines[i:]).strip("\n")
    return text, ""


def mark_cover(page: Page, is_field: Callable[[str], bool]) -> None:
    """Mark a cover page's cover block ``cover``; text after it stays in its own kind."""
    parts = page.parts or [PagePart(page.kind, page.text)]
    out: list[PagePart] = []
    done = False
    for part in parts:
        if part.kind == "body" and not done:
            cover_text, rest = split_cover_text(part.text, is_field)
            out += [PagePart("cover", cover_text), PagePart("body", rest)]
            done = True
        else:
            out.append(part)
    page.set_parts(out)


MAX_FRONT_PAGE = 4  # front-matter tables (a cover or a 提要 set as a ruled table) are among these


def drop_table(doc: Document, index: int) -> None:
    """Remove ``doc.tables[index]`` and the people read from it (a front-matter form,
    not a table of the report); later tables' people keep pointing at their table."""
    doc.tables.pop(index)
    doc.people = [p for p in doc.people if p.source_table != index]
    for p in doc.people:
        if p.source_table is not None and p.source_table > index:
            p.source_table -= 1


def _row_line(cells: list[str], is_field: Callable[[str], bool]) -> str:
    """A cover-table row as a cover line: ``label：value`` when the label has no colon."""
    cells = [c.strip() for c in cells if c and c.strip()]
    if len(cells) >= 2 and is_field(cells[0]) and not cells[0].endswith((":", "：")):
        return f"{cells[0]}：{'　'.join(cells[1:])}"
    return "　".join(cells)


def inline_cover_tables(doc: Document, is_field: Callable[[str], bool], min_fields: int = 2) -> None:
    """A cover set as a ruled table (its fields in cells) becomes lines of its page's text,
    so the cover stage reads it like any cover; the table leaves ``doc.tables``.  Date
    lines printed under the table stay last (the report date at the foot of a cover)."""
    for i in range(len(doc.tables) - 1, -1, -1):
        table = doc.tables[i]
        rows = ([table.header] if table.header else []) + table.rows
        lines = [ln for row in rows if (ln := _row_line(row, is_field))]
        if table.page > MAX_FRONT_PAGE or sum(is_field(ln) for ln in lines) < min_fields:
            continue
        page = next((p for p in doc.pages if p.number == table.page), None)
        if page is None or page.kind not in ("body", "blank"):
            continue
        drop_table(doc, i)
        text = [ln for ln in page.text.split("\n") if ln.strip()]
        foot = [ln for ln in text if _DATE_LINE.match(ln.strip())]
        page.kind = "body"
        page.text = "\n".join([ln for ln in text if ln not in foot] + lines + foot)
    doc.text = "\n".join(p.text for p in doc.pages if p.kind == "body" and p.text)


_DATE_LINE = re.compile(r"^(?:中華民國)?\s*\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
