"""Tables stage: captions, header rows, merging of split tables, table kinds.

Input is the backend's raw pages: each :class:`RawTable` is one ruled table
*fragment* as pdfplumber's ``find_tables()`` saw it on one page.  This stage

* links a caption ("表 3：千葉縣廳出席人員", "表一、行程", "Table 2. ...") to
  each fragment: the nearest caption line above it, else just below it, else a
  one-cell caption row inside the table, else an orphaned caption ending the
  previous page;
* merges fragments that are one table: vertically adjacent fragments on the
  same page, and a caption-less fragment at the top of page N+1 continuing the
  fragment at the bottom of page N (same column count or the same header);
* detects the header row(s), removes a header repeated on a continuation page,
  re-joins a row that the page break split in two and drops empty rows;
* classifies each table (``attendees`` / ``schedule`` / ``table``) and then
  hands attendee tables to :mod:`pipeline.extract.people`.

What the text of a cell or caption line says (captions, labels, header rows,
table kinds) is decided in :mod:`pipeline.extract.table_text`.

Everything is a pure function of the raw pages; nothing is cached.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.backends.base import RawDocument, RawLine, RawPage, RawTable
from pipeline.document import Document, Table
from pipeline.extract import people
from pipeline.extract.layout import BAND
from pipeline.extract.table_text import NAME_WORDS, caption_match, caption_number, clean_cell, is_header_row, join_cell_lines, table_kind

_CONTINUED_RE = re.compile(r"[（(]\s*續\s*[)）]|\(cont(?:inued|'d)?\.?\)|續表", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:[0-9]+|[ivxlcdm]+)(?:\s*[-–—])?\s*$"
    r"|^\s*第\s*[0-9]+\s*頁"
    r"|^\s*[0-9]+\s*/\s*[0-9]+\s*$"
    r"|^\s*(?:page|p\.)\s*[0-9]+",
    re.IGNORECASE,
)
_CAPTION_ABOVE_MAX = 80.0  # pt between a caption line and the table it names
_CAPTION_BELOW_MAX = 40.0
_SAME_PAGE_GAP = 24.0  # pt: two fragments closer than this may be one table


@dataclass
class _Fragment:
    """One RawTable with what the merge steps need to know about it."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    caption: str | None = None
    at_top: bool = False  # nothing but page furniture above it on its page
    at_bottom: bool = False  # nothing but page furniture below it
    text_above: bool = False  # body text between the previous table on the page and this one
    parts: list[int] = field(default_factory=list)  # row index where each later fragment begins
    pages: list[int] = field(default_factory=list)
    page_breaks: list[int] = field(default_factory=list)  # subset of parts: cross-page joins

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


# --- small helpers ---------------------------------------------------------------


def _norm_row(row: list[str]) -> tuple[str, ...]:
    """A row's cells without spaces, for comparing header rows."""
    return tuple(re.sub(r"\s+", "", c) for c in row)


# --- page furniture -------------------------------------------------------------


def _furniture_texts(pages: list[RawPage]) -> set[str]:
    """Line texts (digits folded) that recur on many pages: running headers/footers."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({re.sub(r"[0-9]+", "#", ln.text.strip()) for ln in page.lines})
    need = max(2, int(0.3 * len(pages)))
    return {t for t, n in counts.items() if n >= need and t}


def _is_furniture(line: RawLine, page: RawPage, repeated: set[str]) -> bool:
    if caption_match(line.text):
        return False
    if _PAGE_NUMBER_RE.match(line.text):
        return True
    if re.sub(r"[0-9]+", "#", line.text.strip()) in repeated:
        return True
    h = page.height or 842.0
    return line.bottom <= BAND * h or line.top >= (1 - BAND) * h


# --- building fragments ---------------------------------------------------------


def _caption_above(table: RawTable, lines: list[RawLine], floor: float) -> RawLine | None:
    top = table.bbox[1]
    above = [ln for ln in lines if ln.bottom <= top + 3 and ln.top >= floor - 1]
    above.sort(key=lambda ln: -ln.bottom)
    for ln in above[:2]:  # the nearest line, or one more (a unit note under the caption)
        if top - ln.bottom > _CAPTION_ABOVE_MAX:
            break
        if caption_match(ln.text):
            return ln
    return None


def _caption_below(table: RawTable, lines: list[RawLine], ceil: float) -> RawLine | None:
    bottom = table.bbox[3]
    below = sorted(
        (ln for ln in lines if ln.top >= bottom - 3 and ln.bottom <= ceil + 1), key=lambda ln: ln.top
    )
    if below and below[0].top - bottom <= _CAPTION_BELOW_MAX and caption_match(below[0].text):
        return below[0]
    return None


def _page_fragments(page: RawPage, repeated: set[str]) -> list[_Fragment]:
    """The page's tables as fragments with captions and top/bottom flags."""
    tables = sorted(page.tables, key=lambda t: t.bbox[1])
    body = [ln for ln in page.lines if not _is_furniture(ln, page, repeated)]
    used: set[int] = set()
    frags: list[_Fragment] = []
    captions: list[str | None] = []
    for i, t in enumerate(tables):
        floor = tables[i - 1].bbox[3] if i else 0.0
        ln = _caption_above(t, body, floor)
        if ln is not None and id(ln) not in used:
            used.add(id(ln))
            captions.append(ln.text.strip())
        else:
            captions.append(None)
    for i, t in enumerate(tables):
        if captions[i] is None:
            ceil = tables[i + 1].bbox[1] if i + 1 < len(tables) else page.height or 1e9
            ln = _caption_below(t, body, ceil)
            if ln is not None and id(ln) not in used:
                used.add(id(ln))
                captions[i] = ln.text.strip()
    for i, t in enumerate(tables):
        rows = [[clean_cell(c) for c in r] for r in t.rows]
        caption = captions[i]
        if caption is None and rows:
            # Some writers put the caption in a merged first row of the table.
            first = [c for c in rows[0] if c]
            if len(first) == 1 and caption_match(first[0]):
                caption, rows = first[0], rows[1:]
        top, bottom = t.bbox[1], t.bbox[3]
        floor = tables[i - 1].bbox[3] if i else -1.0
        frags.append(
            _Fragment(
                page=page.number,
                bbox=t.bbox,
                rows=rows,
                caption=caption,
                # A "表 1（續）" caption above a continuation does not stop it being at the top.
                at_top=i == 0
                and not any(ln.bottom <= top + 2 and not _CONTINUED_RE.search(ln.text) for ln in body),
                at_bottom=i == len(tables) - 1 and not any(ln.top >= bottom - 2 for ln in body),
                text_above=any(ln.top >= floor - 2 and ln.bottom <= top + 2 for ln in body),
                pages=[page.number],
            )
        )
    return frags


def _orphan_caption(page: RawPage, repeated: set[str]) -> str | None:
    """A caption line that ends a page (its table begins on the next page)."""
    body = [ln for ln in page.lines if not _is_furniture(ln, page, repeated)]
    if not body:
        return None
    last = max(body, key=lambda ln: ln.bottom)
    if page.tables and max(t.bbox[3] for t in page.tables) > last.bottom:
        return None
    return last.text.strip() if caption_match(last.text) else None


# --- merging ----------------------------------------------------------------------


def _x_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Horizontal overlap of two boxes as a share of the narrower one."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    narrow = min(a[2] - a[0], b[2] - b[0]) or 1.0
    return max(0.0, inter) / narrow


def _same_header(prev: _Fragment, nxt: _Fragment) -> bool:
    if not prev.rows or not nxt.rows:
        return False
    return is_header_row(nxt.rows[0]) and _norm_row(prev.rows[0]) == _norm_row(nxt.rows[0])


def _continues(prev: _Fragment, nxt: _Fragment, cross_page: bool) -> bool:
    """Whether fragment ``nxt`` is the continuation of ``prev``."""
    if nxt.caption is not None:
        # Only an explicit "表 3（續）" with the same number continues a table.
        same_number = caption_number(nxt.caption) == caption_number(prev.caption)
        if not (_CONTINUED_RE.search(nxt.caption) and same_number):
            return False
    if _x_overlap(prev.bbox, nxt.bbox) < 0.5:
        return False
    if cross_page:
        if not (prev.at_bottom and nxt.at_top):
            return False
    elif nxt.text_above or nxt.bbox[1] - prev.bbox[3] > _SAME_PAGE_GAP:
        return False
    return prev.ncols == nxt.ncols or _same_header(prev, nxt)


def _merge(fragments: list[_Fragment], pages: list[RawPage], repeated: set[str]) -> list[_Fragment]:
    """Join continuation fragments into the fragment they continue (in page order)."""
    by_number = {p.number: p for p in pages}
    out: list[_Fragment] = []
    for frag in fragments:
        prev = out[-1] if out else None
        cross = prev is not None and frag.page == prev.pages[-1] + 1
        same = prev is not None and frag.page == prev.pages[-1]
        if prev is not None and (cross or same) and _continues(prev, frag, cross):
            prev.parts.append(len(prev.rows))
            if cross:
                prev.page_breaks.append(len(prev.rows))
                prev.pages.append(frag.page)
            prev.rows.extend(frag.rows)
            prev.bbox = frag.bbox  # the bottom fragment decides the next join
            prev.at_bottom = frag.at_bottom
            continue
        if frag.caption is None and frag.at_top and frag.page - 1 in by_number:
            frag.caption = _orphan_caption(by_number[frag.page - 1], repeated)
        out.append(frag)
    return out


# --- one merged table -> Table -----------------------------------------------------


def _key_columns(header: list[str], data: list[list[str]]) -> list[int]:
    """Columns that identify a row (row number, name); empty there = continued row."""
    keys = [i for i, h in enumerate(header) if any(w in h.lower() for w in NAME_WORDS)]
    for i in range(max((len(r) for r in data), default=0)):
        vals = [r[i] for r in data if i < len(r)]
        if vals and all(re.fullmatch(r"[0-9]+\.?", v) for v in vals):
            keys.append(i)  # a row-number column
    if not keys:
        for i in range(max((len(r) for r in data), default=0)):
            if data and all(i < len(r) and r[i] for r in data):
                keys.append(i)  # the first column that is always filled
                break
    return sorted(set(keys))


def _build_table(frag: _Fragment) -> Table:
    rows = frag.rows
    ncols = frag.ncols
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    # Header: leading label rows (at most two), else nothing.
    n_head = 0
    while n_head < min(2, len(rows) - 1) and is_header_row(rows[n_head]):
        n_head += 1
    if sum(is_header_row(r) for r in rows[:4]) >= 3:
        n_head = 0  # label after label down the rows: a form (服務機關 | …), not a header row
    if n_head == 0 and frag.parts and rows and _norm_row(rows[0]) == _norm_row(rows[frag.parts[0]]):
        n_head = 1  # the same first row on the continuation: a header without label words
    header = [" ".join(dict.fromkeys(c for c in col if c)) for col in zip(*rows[:n_head])] if n_head else []
    head_keys = {_norm_row(r) for r in rows[:n_head]}
    starts = set(frag.parts)
    breaks = set(frag.page_breaks)
    data: list[list[str]] = []
    keys: list[int] | None = None
    continuing = False  # inside the first rows of a continuation fragment
    for i, row in enumerate(rows[n_head:], start=n_head):
        if i in starts:
            continuing = i in breaks
        if head_keys and _norm_row(row) in head_keys:
            continue  # header repeated on the continuation page
        if not any(row):
            continue
        if continuing and data:
            continuing = False
            keys = _key_columns(header, data) if keys is None else keys
            if keys and all(not row[k] for k in keys if k < len(row)):
                # The page break cut this row: continue the previous row's cells.
                data[-1] = [join_cell_lines(a, b) if a and b else a or b for a, b in zip(data[-1], row)]
                continue
        continuing = False
        data.append(row)
    # Drop columns that are empty everywhere (pdfplumber's spurious edge columns).
    keep = [j for j in range(ncols) if (header and header[j]) or any(r[j] for r in data)]
    if len(keep) < ncols:
        header = [header[j] for j in keep] if header else []
        data = [[r[j] for j in keep] for r in data]
    table = Table(caption=frag.caption, page=frag.pages[0], header=header, rows=data, pages=list(frag.pages))
    table.kind = table_kind(table)
    return table


def extract_tables(raw: RawDocument) -> list[Table]:
    """All tables of a document: captioned, merged across pages, headers split off."""
    repeated = _furniture_texts(raw.pages)
    fragments: list[_Fragment] = []
    for page in raw.pages:
        fragments.extend(_page_fragments(page, repeated))
    tables = [_build_table(f) for f in _merge(fragments, raw.pages, repeated)]
    return [t for t in tables if t.rows or t.header]


def annotate(doc: Document, raw: RawDocument) -> None:
    """Fill ``doc.tables`` from the raw pages and ``doc.people`` from attendee tables."""
    doc.tables = extract_tables(raw)
    people.annotate(doc)
