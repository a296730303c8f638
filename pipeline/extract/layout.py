"""Page layout: raw lines -> clean page text and paragraphs (``Document.pages``/``text``).

Steps, per document:

1. diagnose the text layer (no text / ``(cid:NN)`` glyphs / garbled decoding);
2. drop running headers and footers (lines in the top/bottom band repeated on
   several pages, digits allowed to vary) and page numbers, keeping the printed
   page number;
3. mark TOC pages (目次, 表目錄, 圖目錄, dot-leader lines) and image-only pages;
4. rebuild paragraphs from visual lines (one paragraph per line of ``Page.text``;
   :mod:`pipeline.extract.paragraphs`);
5. mend sentences broken by a page break.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from pipeline.backends.base import PAGE_ERRORS_KEY, RawDocument, RawLine, RawPage
from pipeline.document import Document, Page, PagePart
from pipeline.extract import toc
from pipeline.extract.paragraphs import CLOSERS, SENTENCE_END, Paragraph, clean_line, is_marker_line, layout_paragraphs
from pipeline.text.clean import garbled_score, han_count, join_pair, remove_cjk_gaps
from pipeline.text.marks import UNDECODABLE_RE

STAGE = "extract"
BAND = 0.15  # top/bottom fraction of the page where headers and footers live
CID_SHARE = 0.5  # more undecodable glyphs than this share: font without ToUnicode
GARBLED_BELOW = 0.6  # garbled_score under this (with enough Han): nonsense text layer
MIN_HAN = 20  # Han characters needed before garbled_score is trusted
MIN_TEXT_CHARS = 20  # fewer body characters than this in the whole file: no text layer

# Roman page numbers up to xlix (front matter); c/d/m left out so words like "mix" are not numbers.
_ROMAN = r"(?=[ivxl]+[-–—－)）]*$)(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_ZH_NUM = "[〇零一二三四五六七八九十百]+"
PAGE_NUMBER_RES = [
    re.compile(r"^[-–—－~～(（\[]*(\d{1,4})[-–—－~～)）\]]*$"),
    re.compile(rf"^第(\d{{1,4}}|{_ZH_NUM})[頁页](?:[,，、/]?共(?:\d{{1,4}}|{_ZH_NUM})[頁页])?$"),
    re.compile(r"^(\d{1,4})/\d{1,4}$"),
    re.compile(r"^(?:page|p\.?)(\d{1,4})(?:of\d{1,4})?$", re.I),
    re.compile(r"^(\d{1,4})of\d{1,4}$", re.I),
    re.compile(rf"^[-–—－(（]*({_ROMAN})[-–—－)）]*$", re.I),
]
# Dot leaders: runs of dots (ASCII, full-width, middle dots, ellipsis) or spaced dots.
TOC_ENTRY_RE = re.compile(
    r"^(?P<title>.+?)\s*(?:[.．·・‧⋯…]{3,}|(?:[.．·・] ){3,}[.．·・]?)\s*"
    r"(?P<page>\d{1,4}|[ivxlcdmIVXLCDM]{1,7})\s*$"
)
TOC_HEADING_RE = re.compile(
    r"^(?:目\s*[次錄录]|[表圖图]\s*目\s*[錄录次]|附\s*[表圖图件]\s*目\s*[錄录]|"
    r"(?:table\s+of\s+)?contents|list\s+of\s+(?:tables|figures)|もくじ)$",
    re.I,
)
# Page-break mending stops after these (a colon usually introduces a list/table).
MEND_STOP = SENTENCE_END + tuple("：:")


def annotate(doc: Document, raw: RawDocument) -> None:
    """Fill ``doc.pages`` and ``doc.text`` from the backend's raw pages (or fail the document)."""
    name = doc.source.filename
    for n in _page_errors(raw):
        doc.add_error(STAGE, "page_unreadable", f"{name}: page {n} could not be parsed", page=n)
    if not _diagnose(doc, raw):
        doc.pages = [Page(number=p.number, text="", kind=_empty_kind(p)) for p in raw.pages]
        return
    numbers, headers = strip_furniture(raw.pages)
    kept = [[ln for i, ln in enumerate(rp.lines) if i not in headers[rp.number]] for rp in raw.pages]
    pages: list[Page] = []
    blocks: list[list[tuple[str, list[Paragraph] | str]]] = []
    for rp, lines, segments in zip(raw.pages, kept, toc.split_pages(kept), strict=True):
        page = Page(number=rp.number, text="", printed_number=numbers.get(rp.number))
        page_blocks: list[tuple[str, list[Paragraph] | str]] = []
        if not lines:
            page.kind = _empty_kind(rp) if not rp.tables else "body"
        elif not _page_is_bad(doc, rp, lines):
            for seg in segments:
                if seg.kind == "toc":
                    page_blocks.append(("toc", "\n".join(toc.entry_lines(seg.lines))))
                else:
                    page_blocks.append(("body", layout_paragraphs(seg.lines)))
        pages.append(page)
        blocks.append(page_blocks)
    mend_page_breaks(raw.pages, pages, [_edge(b, -1) for b in blocks], [_edge(b, 0) for b in blocks])
    for page, page_blocks in zip(pages, blocks, strict=True):
        page.set_parts([
            PagePart(kind, value if isinstance(value, str) else "\n".join(p.text for p in value))
            for kind, value in page_blocks
        ])
    doc.pages = pages
    doc.text = "\n".join(p.text for p in pages if p.kind == "body" and p.text)
    if found := toc.headings_from_toc(
            [t for p in pages for t in p.blocks_of("toc")],
            [(p.text, p.first_size) for b in blocks for _, v in b if not isinstance(v, str) for p in v]):
        doc.pipeline.setdefault("style_headings", []).extend(list(h) for h in found)


def _edge(blocks: list[tuple[str, list[Paragraph] | str]], index: int) -> list[Paragraph]:
    """The paragraphs of the first (``index=0``) or last (``-1``) block of a page if it
    is body text, else none: a TOC at a page edge stops page-break mending."""
    if not blocks or blocks[index][0] != "body":
        return []
    return blocks[index][1]  # type: ignore[return-value]


# --- text-layer diagnosis ------------------------------------------------------


def _page_errors(raw: RawDocument) -> list[int]:
    value = raw.info.get(PAGE_ERRORS_KEY, "")
    return [int(v) for v in value.split(",") if v.strip().isdigit()]


def _empty_kind(p: RawPage) -> str:
    return "image_only" if p.n_images else "blank"


def _diagnose(doc: Document, raw: RawDocument) -> bool:
    """Fail the document if its text layer is unusable; return whether to go on."""
    name = doc.source.filename
    n_chars = sum(p.n_chars for p in raw.pages)
    n_cid = sum(p.n_cid_chars for p in raw.pages)
    text = "\n".join(ln.text for p in raw.pages for ln in p.lines + p.table_lines)
    ink = len(re.sub(r"\s", "", UNDECODABLE_RE.sub("", text)))
    if n_chars == 0 or (ink < MIN_TEXT_CHARS and n_cid < MIN_TEXT_CHARS):
        images = sum(p.n_images for p in raw.pages)
        what = "scanned/image-only PDF" if images else "no text found"
        doc.fail(STAGE, "no_text_layer",
                 f"{name}: no text layer ({what}; needs OCR)")
        return False
    if n_cid > CID_SHARE * n_chars:
        doc.fail(STAGE, "cid_font",
                 f"{name}: {n_cid} of {n_chars} glyphs have no Unicode value ((cid:NN)): "
                 "font without ToUnicode map, text cannot be decoded")
        return False
    plain = UNDECODABLE_RE.sub("", text)
    if han_count(plain) >= MIN_HAN and (score := garbled_score(plain)) < GARBLED_BELOW:
        doc.fail(STAGE, "garbled_text",
                 f"{name}: the text layer decodes to nonsense (only {score:.0%} of Han "
                 "characters are common ones; wrong font encoding)")
        return False
    return True


def _page_is_bad(doc: Document, rp: RawPage, lines: list[RawLine]) -> bool:
    """Record a per-page cid/garbled problem (partial document); True drops the page text."""
    name = doc.source.filename
    if rp.n_chars and rp.n_cid_chars > CID_SHARE * rp.n_chars:
        doc.add_error(STAGE, "cid_font",
                      f"{name}: page {rp.number}: font without ToUnicode map, text dropped",
                      page=rp.number)
        return True
    text = UNDECODABLE_RE.sub("", "".join(ln.text for ln in lines))
    if han_count(text) >= MIN_HAN and (score := garbled_score(text)) < GARBLED_BELOW:
        doc.add_error(STAGE, "garbled_text",
                      f"{name}: page {rp.number}: text layer decodes to nonsense "
                      f"({score:.0%} common Han), text dropped", page=rp.number)
        return True
    return False


# --- headers, footers, page numbers -------------------------------------------


def page_number(text: str) -> str | None:
    """The page number if ``text`` is only a page number (1, - 1 -, 第 1 頁, 1/20, iv...)."""
    compact = re.sub(r"\s+", "", text)
    for rx in PAGE_NUMBER_RES:
        if m := rx.match(compact):
            return m.group(1)
    return None


def _furniture_key(text: str) -> str:
    """Header/footer identity: spaces dropped, digit runs made equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _band_lines(p: RawPage) -> list[int]:
    """Indexes of the first two and last two lines if they lie in the header/footer bands."""
    idx = [i for i in (0, 1) if i < len(p.lines) and p.lines[i].bottom <= BAND * p.height]
    idx += [
        i for i in (len(p.lines) - 2, len(p.lines) - 1)
        if i >= 2 and p.lines[i].top >= (1 - BAND) * p.height
    ]
    return idx


def strip_furniture(pages: list[RawPage]) -> tuple[dict[int, str], dict[int, set[int]]]:
    """Find running headers/footers and page numbers.

    Returns (printed page number by page, indexes of lines to drop by page).
    """
    counts: Counter[str] = Counter()
    for p in pages:
        counts.update({_furniture_key(p.lines[i].text) for i in _band_lines(p)})
    n_text = sum(1 for p in pages if p.lines)
    min_repeat = max(2, min(5, math.ceil(0.3 * n_text)))
    numbers: dict[int, str] = {}
    drop: dict[int, set[int]] = {p.number: set() for p in pages}
    for p in pages:
        for i in _band_lines(p):
            text = p.lines[i].text
            if (num := page_number(text)) is not None:
                numbers.setdefault(p.number, num)
                drop[p.number].add(i)
            elif counts[_furniture_key(text)] >= min_repeat and len(_furniture_key(text)) > 1:
                drop[p.number].add(i)
                # a header like "報告名稱 第 3 頁" carries the page number too
                if m := re.search(r"第\s*(\d{1,4})\s*[頁页]|(\d{1,4})\s*/\s*\d{1,4}\s*$", text):
                    numbers.setdefault(p.number, m.group(1) or m.group(2))
    return numbers, drop


# --- TOC pages -------------------------------------------------------------------


def is_toc_line(text: str) -> bool:
    """A TOC / list-of-tables entry: title, dot leaders, page number."""
    return bool(TOC_ENTRY_RE.match(text.strip()))


def is_toc_page(lines: list[str]) -> bool:
    """A 目次 / 表目錄 / 圖目錄 page: a TOC heading with entries, or mostly leader lines."""
    entries = sum(is_toc_line(t) for t in lines)
    heading = any(TOC_HEADING_RE.match(re.sub(r"\s+", " ", t.strip())) for t in lines[:3])
    if heading and entries >= 1:
        return True
    return entries >= 3 and entries >= 0.5 * len(lines)


def toc_line(text: str) -> str:
    """A TOC entry as ``title<TAB>page`` (dot leaders removed); other lines cleaned."""
    if m := TOC_ENTRY_RE.match(text.strip()):
        return f"{remove_cjk_gaps(m['title'].strip())}\t{m['page']}"
    return clean_line(text).strip()


# --- page breaks -----------------------------------------------------------------


def _is_heading(text: str) -> bool:
    """A short numbered heading such as 五、拜會東北經產局 or (一) 單位簡介."""
    return is_marker_line(text) and len(text) <= 30 and not text.endswith(SENTENCE_END)


def mend_page_breaks(
    raw: list[RawPage], pages: list[Page], paras: list[list[Paragraph]],
    heads: list[list[Paragraph]] | None = None,
) -> None:
    """Join a sentence broken by a page break onto the previous page's last paragraph.

    ``paras[i]`` ends page i, ``heads[i]`` (default ``paras[i]``) starts it.  Only
    when page N's last paragraph has no sentence-final punctuation and is not a
    heading, page N+1's first paragraph is not a heading (marker or other font
    size), and no table sits between the two.
    """
    heads = paras if heads is None else heads
    for i in range(len(pages) - 1):
        a, b = pages[i], pages[i + 1]
        if a.kind != "body" or b.kind != "body" or not paras[i] or not heads[i + 1]:
            continue
        last, first = paras[i][-1], heads[i + 1][0]
        if last.text.endswith(MEND_STOP + CLOSERS) or _is_heading(last.text):
            continue
        if is_marker_line(first.text) or TOC_HEADING_RE.match(first.text):
            continue
        if abs(first.first_size - last.last_size) > 0.9 or _table_between(raw[i], raw[i + 1]):
            continue
        last.text = remove_cjk_gaps(join_pair(last.text, first.text))
        last.last_size = first.last_size
        heads[i + 1].pop(0)


def _table_between(a: RawPage, b: RawPage) -> bool:
    """A table after the last line of page ``a`` or before the first line of page ``b``."""
    a_bottom = max((ln.bottom for ln in a.lines if ln.top < (1 - BAND) * a.height), default=0.0)
    b_top = min((ln.top for ln in b.lines if ln.bottom > BAND * b.height), default=b.height)
    return any(t.bbox[1] >= a_bottom - 1 for t in a.tables) or any(
        t.bbox[3] <= b_top + 1 for t in b.tables
    )
