"""The pdfplumber backend: PDF bytes -> :class:`RawDocument` (lines, tables, counts).

Lines are rebuilt from characters (not from pdfplumber's ``extract_text``) so
that spacing follows CJK rules: a visual gap between two CJK characters never
becomes a space, a gap between two Latin words does.  All text is passed
through :func:`pipeline.text.clean.normalize`.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.backends.base import PAGE_ERRORS_KEY, RawDocument, RawLine, RawPage, RawTable
from pipeline.errors import InputError
from pipeline.text.chars import is_cjk
from pipeline.text.clean import join_lines, normalize
from pipeline.text.marks import CID_RE

Char = dict[str, Any]

# A gap wider than this fraction of the font size between two Latin characters
# is a word space (pdfplumber's default x_tolerance of 3pt is 0.25em at 12pt;
# measured on the reference PDF: in-word gaps < 0.02em, word spaces >= 0.25em).
WORD_GAP = 0.2
# Gaps wider than this (in em) are column/tab gaps (TOC page numbers, cells of
# an unruled table); they become a space unless both sides are CJK.
TAB_GAP = 1.5
# Page-info keys copied into RawDocument.info.
INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")
# RawDocument.info key listing pages that could not be parsed ("3,7").



class PdfBackend:
    """Read PDFs with pdfplumber.  ``max_pages`` guards against huge files."""

    name = "pdfplumber"

    def __init__(self, max_pages: int = 2000) -> None:
        self.max_pages = max_pages

    def accepts(self, data: bytes, filename: str) -> bool:
        """A PDF: the ``%PDF-`` header in the first kilobyte."""
        return b"%PDF-" in data[:1024]

    def load(self, data: bytes, filename: str) -> RawDocument:
        """Parse ``data``; raise :class:`InputError` (code + one-line message) if unreadable."""
        import pdfplumber

        if not data:
            raise InputError("empty_file", f"{filename}: empty file (0 bytes)")
        if not self.accepts(data, filename):
            raise InputError("not_pdf", f"{filename}: not a PDF (no %PDF- header)")
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
            raise _classify(exc, filename) from None
        # Refuse a huge file from the page count it declares, before pdfplumber builds
        # one Page object per page (~30 s for 30,000 pages).  Not inside ``with pdf``:
        # pdfplumber's close() lists every page too.  The stream is our BytesIO, so
        # dropping ``pdf`` unclosed leaks nothing.
        declared = _declared_pages(pdf)
        if declared > self.max_pages:
            raise InputError("too_large", f"{filename}: {declared} pages (limit {self.max_pages})")
        with pdf:
            try:
                plumber_pages = list(pdf.pages)
            except Exception as exc:  # noqa: BLE001
                raise _classify(exc, filename) from None
            if not plumber_pages:
                raise InputError("no_pages", f"{filename}: the PDF has no pages")
            if len(plumber_pages) > self.max_pages:
                raise InputError(
                    "too_large",
                    f"{filename}: {len(plumber_pages)} pages (limit {self.max_pages})",
                )
            pages: list[RawPage] = []
            failed: list[int] = []
            for i, page in enumerate(plumber_pages, start=1):
                try:
                    pages.append(read_page(page, i))
                except Exception:  # noqa: BLE001 - one bad page must not lose the rest
                    failed.append(i)
                    pages.append(RawPage(number=i, width=float(page.width), height=float(page.height)))
                finally:
                    page.close()  # drop pdfplumber's per-page caches (memory on long files)
            if len(failed) == len(pages):
                raise InputError("corrupt", f"{filename}: corrupt PDF (no page could be parsed)")
            info = _info(pdf.metadata)
        if failed:
            info[PAGE_ERRORS_KEY] = ",".join(map(str, failed))
        return RawDocument(pages=pages, info=info)


def _declared_pages(pdf: Any) -> int:
    """The /Count of the document's page tree (0 if missing or unreadable: the real
    count is then checked after the pages are listed)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # noqa: BLE001 - a broken page tree is reported when listing pages
        return 0
    return count if isinstance(count, int) else 0


def _classify(exc: Exception, filename: str) -> InputError:
    """Map a pdfminer/pdfplumber exception to an :class:`InputError`."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return InputError("encrypted", f"{filename}: encrypted PDF (password required)")
    reason = f"{type(inner).__name__}: {inner}".splitlines()[0][:120]
    return InputError("corrupt", f"{filename}: corrupt PDF ({reason})")


def _info(meta: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in INFO_KEYS:
        value = meta.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        if isinstance(value, str | int | float) and str(value).strip():
            out[key] = normalize(str(value)).strip()
    return out


# --- one page ----------------------------------------------------------------


def read_page(page: Any, number: int) -> RawPage:
    """Turn one pdfplumber page into a :class:`RawPage`."""
    page = page.dedupe_chars()  # Word's fake bold prints each glyph twice
    width, height = float(page.width), float(page.height)
    x0, top, x1, bottom = page.bbox
    chars = [
        c for c in page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    raw = RawPage(number=number, width=width, height=height)
    raw.n_chars = sum(1 for c in chars if not c["text"].isspace())
    raw.n_cid_chars = sum(1 for c in chars if CID_RE.fullmatch(c["text"]))
    raw.n_images, raw.image_area = _images(page.images, page.bbox)

    tables = page.find_tables() if raw.n_chars else []
    boxes = [t.bbox for t in tables]
    body = [c for c in chars if not any(_inside(c, b) for b in boxes)]
    in_tables = [c for c in chars if any(_inside(c, b) for b in boxes)]
    raw.lines = build_lines(body)
    raw.table_lines = build_lines(in_tables, keep_spaces=True)
    for t in tables:
        rows: list[list[str | None]] = []
        for row in t.rows:
            rows.append([None if cell is None else cell_text(in_tables, cell) for cell in row.cells])
        x0, top, x1, bottom = (float(v) for v in t.bbox)
        raw.tables.append(RawTable(bbox=(x0, top, x1, bottom), rows=rows))
    return raw


def _inside(c: Char, box: Sequence[float]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _images(images: Iterable[dict[str, Any]], bbox: Sequence[float]) -> tuple[int, float]:
    """Count images and the (capped) fraction of the page they cover."""
    px0, ptop, px1, pbottom = bbox
    area = max((px1 - px0) * (pbottom - ptop), 1.0)
    n, covered = 0, 0.0
    for im in images:
        n += 1
        w = min(im["x1"], px1) - max(im["x0"], px0)
        h = min(im["bottom"], pbottom) - max(im["top"], ptop)
        if w > 0 and h > 0:
            covered += w * h
    return n, round(min(covered / area, 1.0), 4)


def cell_text(chars: list[Char], cell: Sequence[float]) -> str:
    """Text of one table cell: its lines joined CJK-aware (no space between CJK).

    Space glyphs inside a cell line are kept even between CJK characters: in
    attendee tables they separate unit from title (經濟政策課 副參事) and
    family from given name (渡部 修).
    """
    inner = [c for c in chars if _inside(c, cell)]
    return join_lines(line.text for line in build_lines(inner, keep_spaces=True))


# --- characters -> lines -----------------------------------------------------


def build_lines(chars: list[Char], keep_spaces: bool = False) -> list[RawLine]:
    """Cluster characters into visual lines (by vertical overlap) in reading order.

    ``keep_spaces`` keeps space glyphs between two CJK characters (table cells).
    """
    rows: list[list[Char]] = []
    bounds: list[list[float]] = []  # [top, bottom] of each row
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if c["text"].isspace() and not rows:
            continue
        placed = False
        # Rows are created top-down, so only the last few can overlap this char.
        for k in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            t, b = bounds[k]
            overlap = min(b, c["bottom"]) - max(t, c["top"])
            if overlap >= 0.5 * min(b - t, c["bottom"] - c["top"]) and overlap > 0:
                rows[k].append(c)
                bounds[k] = [min(t, c["top"]), max(b, c["bottom"])]
                placed = True
                break
        if not placed:
            rows.append([c])
            bounds.append([c["top"], c["bottom"]])
    lines = [
        line
        for row in rows
        if (line := _make_line(sorted(row, key=lambda c: c["x0"]), keep_spaces))
    ]
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


def _make_line(chars: list[Char], keep_spaces: bool = False) -> RawLine | None:
    ink = [c for c in chars if not c["text"].isspace()]
    if not ink:
        return None
    text = normalize(line_text(chars, keep_spaces))
    if not text.strip():
        return None
    sizes = Counter(round(float(c["size"]), 1) for c in ink)
    return RawLine(
        text=text.lstrip(),
        x0=float(min(c["x0"] for c in ink)),
        x1=float(max(c["x1"] for c in ink)),
        top=float(min(c["top"] for c in ink)),
        bottom=float(max(c["bottom"] for c in ink)),
        size=sizes.most_common(1)[0][0],
    )


def line_text(chars: list[Char], keep_spaces: bool = False) -> str:
    """Text of one visual line from its characters (sorted left to right).

    Space glyphs and visual gaps become one space, except between two CJK
    characters; a plain gap next to a CJK character only counts when it is a
    column gap (> ``TAB_GAP`` em).  A space glyph at the very end is kept as a
    single trailing space: it marks a line wrapped at a word space, which
    :func:`pipeline.text.clean.join_pair` uses when re-joining lines.
    ``keep_spaces`` keeps space glyphs even between two CJK characters.
    """
    out: list[str] = []
    prev: Char | None = None
    pending = False  # a space glyph was seen since the last ink character
    for c in chars:
        t = c["text"]
        if not t or t.isspace():
            pending = prev is not None
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = max(min(float(prev["size"]), float(c["size"])), 1.0)
            a, b = out[-1][-1], t[0]
            cjk_a, cjk_b = is_cjk(a), is_cjk(b)
            if keep_spaces and (pending or gap > 1.0 * size):
                out.append(" ")  # kept space glyph, or a gap between two table cells
            elif not (cjk_a and cjk_b):
                if pending or gap > TAB_GAP * size:
                    out.append(" ")
                elif gap > WORD_GAP * size and not (cjk_a or cjk_b):
                    out.append(" ")
        out.append(t)
        prev = c
        pending = False
    if pending:
        out.append(" ")
    return "".join(out)
