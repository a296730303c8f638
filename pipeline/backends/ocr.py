"""OCR for pages without a usable text layer (scans, ``(cid:NN)`` glyphs, garbled text).

Pages are rendered with PDFium (``pypdfium2``) and read by Tesseract 5 (Debian
packages ``tesseract-ocr`` + ``-chi-tra``, ``-chi-sim``, ``-jpn``; the engine was
chosen by character error rate and speed on this project's pages, see
``benchmarks/ocr.py`` and the README).  The result is a :class:`RawDocument` like the
text backend's, so layout and every later stage run unchanged; the document
records ``pipeline.backends.ocr`` and its blocks carry ``source: "ocr"`` and a confidence.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import os
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.backends.base import RawDocument, RawLine, RawPage, RawTable
from pipeline.backends.ocr_image import INK, clean_page
from pipeline.backends.pdfium import find_tables
from pipeline.document import Document
from pipeline.extract.layout import STAGE as LAYOUT_STAGE
from pipeline.text.chars import is_cjk
from pipeline.text.clean import join_lines, normalize

__all__ = ["OcrSettings", "available", "mark_blocks", "orientation", "read_image", "read_pages", "rescue",
           "rescue_pages"]

# Failures of the text layer that OCR can repair.
RESCUABLE = ("no_text_layer", "cid_font", "garbled_text")


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rendered and read."""

    languages: str = "chi_tra+jpn"  # chi_sim is added only when installed and asked for
    dpi: int = 300
    page_seconds: float = 60.0  # a page that takes longer is skipped (and recorded)
    min_confidence: float = 50.0  # mean word confidence below this: nothing usable
    psm: int = 3  # fully automatic page segmentation
    auto_rotate: bool = True  # turn a page scanned sideways or upside down upright (Tesseract OSD)


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language models (empty if Tesseract is missing)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def available(settings: OcrSettings = OcrSettings()) -> bool:
    """True when Tesseract and every language model of ``settings`` are installed."""
    wanted = set(settings.languages.split("+"))
    return bool(wanted) and wanted <= installed_languages()


def rescue(doc: Document, data: bytes, raw: RawDocument,
           settings: OcrSettings = OcrSettings()) -> RawDocument | None:
    """If ``doc`` failed for want of a usable text layer, OCR its pages; return the
    OCR'd raw document (``doc`` reset to go on) or None (``doc`` left failed, its
    error saying why OCR did not help)."""
    if not doc.failed or not doc.errors or doc.errors[-1].code not in RESCUABLE:
        return None
    if b"%PDF-" not in data[:1024]:  # PDFium renders PDFs only (a Word file has no scans)
        return None
    failure = doc.errors[-1]
    if not available(settings):
        failure.message += " (OCR unavailable: install tesseract-ocr with chi-tra and jpn)"
        return None
    wanted = [p.number for p in raw.pages if p.n_images or p.n_chars]
    from pipeline.corpus.workers import allow_more_time

    allow_more_time(len(wanted) * settings.page_seconds)  # OCR is slow: extend the time limit
    try:
        ocr_raw, confidence, skipped = read_pages(data, wanted, settings)
    except Exception as exc:  # noqa: BLE001 - PDFium refusing the file: the text-layer failure stands
        failure.message += f"; OCR impossible ({type(exc).__name__}: {exc})".splitlines()[0]
        return None
    n_chars = sum(len(ln.text) for p in ocr_raw.pages for ln in (*p.lines, *p.table_lines))
    mean = _mean(confidence)
    if n_chars < 20 or mean < settings.min_confidence:
        failure.message += f"; OCR found no readable text ({n_chars} characters, confidence {mean:.0f})"
        return None
    doc.errors.remove(failure)
    doc.status = "partial" if doc.errors else "ok"
    for n in skipped:
        doc.add_error("ocr", "ocr_page_timeout", f"page {n}: OCR took too long, page skipped", page=n)
    _record(doc, settings, failure.code, wanted, confidence)
    return ocr_raw


def rescue_pages(doc: Document, data: bytes, raw: RawDocument,
                 settings: OcrSettings = OcrSettings()) -> RawDocument | None:
    """A document read from its text layer whose other pages are scans (no text,
    images) or have an unusable layer (``cid_font``/``garbled_text`` page errors):
    OCR those pages only and return ``raw`` with them replaced by their OCR, the
    layout errors of ``doc`` cleared so that it is laid out again; None when there
    is no such page or OCR read none of them (the document stays as it is)."""
    if doc.failed or b"%PDF-" not in data[:1024] or not available(settings):
        return None
    reasons = {e.page: e.code for e in doc.errors
               if e.stage == LAYOUT_STAGE and e.code in ("cid_font", "garbled_text") and e.page}
    reasons.update({p.number: "no_text_layer" for p in doc.pages if p.kind == "image_only"})
    if not reasons:
        return None
    wanted = sorted(reasons)
    from pipeline.corpus.workers import allow_more_time

    allow_more_time(len(wanted) * settings.page_seconds)
    try:
        ocr_raw, confidence, skipped = read_pages(data, wanted, settings)
    except Exception:  # noqa: BLE001 - PDFium refusing the file: the text pages stand
        return None
    # a photo without text is an image-only page too: only pages read with confidence count
    read = {n for n, c in confidence.items() if c >= settings.min_confidence}
    if not read or len(ocr_raw.pages) != len(raw.pages):
        return None
    doc.errors = [e for e in doc.errors if e.stage != LAYOUT_STAGE]  # layout runs again
    doc.status = "partial" if doc.errors else "ok"
    for n in skipped:
        doc.add_error("ocr", "ocr_page_timeout", f"page {n}: OCR took too long, page skipped", page=n)
    codes = sorted({reasons[n] for n in read})
    _record(doc, settings, ",".join(codes), sorted(read), {n: confidence[n] for n in read})
    pages = [ocr if p.number in read else p for p, ocr in zip(raw.pages, ocr_raw.pages, strict=True)]
    return RawDocument(pages=pages, info=raw.info, headings=raw.headings)


def _record(doc: Document, settings: OcrSettings, reason: str, numbers: list[int],
            confidence: dict[int, float]) -> None:
    """``doc.pipeline["ocr"]``: engine, settings, why, which pages, confidences."""
    doc.pipeline["ocr"] = {"engine": f"tesseract {_version()}", "languages": settings.languages,
                           "dpi": settings.dpi, "reason": reason, "pages": len(numbers),
                           "page_numbers": numbers, "confidence": round(_mean(confidence), 1),
                           "page_confidence": {str(k): round(v, 1) for k, v in confidence.items()}}


def mark_blocks(doc: Document) -> None:
    """Tag the blocks of an OCR'd document with ``source`` and their page's confidence."""
    ocr = doc.pipeline.get("ocr")
    if not ocr:
        return
    per_page = ocr.get("page_confidence", {})
    numbers = set(ocr.get("page_numbers", [])) or {b.page for b in doc.blocks}  # older documents: all
    for block in doc.blocks:
        if block.page not in numbers:  # a text page of a partly scanned document
            continue
        block.source = "ocr"
        block.confidence = per_page.get(str(block.page), ocr.get("confidence"))


def read_pages(data: bytes, numbers: list[int], settings: OcrSettings = OcrSettings()
               ) -> tuple[RawDocument, dict[int, float], list[int]]:
    """Render and OCR pages ``numbers`` (1-based) of the PDF ``data``: the raw
    document (every page, unread ones empty), mean confidence per page read, and
    the pages skipped for taking too long."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages: list[RawPage] = []
    confidence: dict[int, float] = {}
    skipped: list[int] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            raw_page = RawPage(number=i + 1, width=width, height=height)
            if i + 1 in numbers:
                image = page.render(scale=settings.dpi / 72, grayscale=True).to_pil()
                try:
                    read, words = read_image(image, settings)
                except subprocess.TimeoutExpired:
                    skipped.append(i + 1)
                    read, words = RawPage(number=i + 1, width=width, height=height), []
                raw_page.lines, raw_page.tables, raw_page.table_lines = read.lines, read.tables, read.table_lines
                raw_page.n_chars = sum(len(ln.text) for ln in (*read.lines, *read.table_lines))
                raw_page.n_images = 1
                if words:
                    confidence[i + 1] = _mean_words(words)
            pages.append(raw_page)
            page.close()
    finally:
        pdf.close()
    return RawDocument(pages=pages, info={"x-ocr": settings.languages}), confidence, skipped


def read_image(image: Any, settings: OcrSettings = OcrSettings()) -> tuple[RawPage, list[_Word]]:
    """OCR one grey page image scanned or rendered at ``settings.dpi``: the page
    (lines outside tables, ruled tables cell by cell, their lines; coordinates in
    points of the deskewed image) and every word read, for the confidence.

    Rules are erased first (:mod:`pipeline.backends.ocr_image`); the text outside
    tables is read with the table areas blanked, and the cells of all tables are
    read in one more Tesseract call on a strip of the cells stacked one under the
    other, so each cell is read whole and in row order."""
    from PIL import ImageDraw

    if settings.auto_rotate and (turn := orientation(image, settings)):
        image = image.rotate(-turn, expand=True, fillcolor=255)  # PIL turns counter-clockwise
    clean = clean_page(image, settings.dpi)
    scale = 72 / settings.dpi
    width, height = clean.image.size
    tables = find_tables(clean.edges, (0, 0, width * scale, height * scale))
    body = clean.image
    if tables:
        body = body.copy()
        draw = ImageDraw.Draw(body)
        for t in tables:
            draw.rectangle([round(v / scale) for v in t.bbox], fill=255)
    words = _tesseract(body, settings)
    page = RawPage(number=1, width=width * scale, height=height * scale, lines=_lines(words, scale))
    cells = [(t, r, c, box) for t in tables for r, row in enumerate(t.rows)
             for c, box in enumerate(row.cells) if box is not None]
    cell_words = _read_cells(clean.image, [box for *_, box in cells], scale, settings)
    texts = {id(box): join_lines(ln.text for ln in _lines(ws, scale)) for (*_, box), ws in zip(cells, cell_words)}
    for t in tables:
        rows: list[list[str | None]] = [[None if box is None else texts[id(box)] for box in row.cells]
                                        for row in t.rows]
        page.tables.append(RawTable(bbox=tuple(float(v) for v in t.bbox), rows=rows))  # type: ignore[arg-type]
    every_cell = [w for ws in cell_words for w in ws]
    page.table_lines = _lines(every_cell, scale)
    return page, words + every_cell


MIN_OSD_CONFIDENCE = 2.0  # below this Tesseract's orientation guess is noise (a nearly blank page)


def orientation(image: Any, settings: OcrSettings = OcrSettings()) -> int:
    """Degrees (0, 90, 180, 270) to turn ``image`` clockwise to make it upright, by
    Tesseract's orientation and script detection (``--psm 0``, the ``osd`` model of
    the ``tesseract-ocr-osd`` package); 0 when it is unsure or cannot tell."""
    dpi = settings.dpi
    if dpi >= 300:  # half the pixels are plenty to see which way the lines run
        image, dpi = image.reduce(2), dpi // 2
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        out = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "--dpi", str(dpi)],
                             input=png.getvalue(), capture_output=True, timeout=settings.page_seconds,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=False)
    except subprocess.TimeoutExpired:
        return 0
    fields = dict(line.split(":", 1) for line in out.stdout.decode("utf-8", "replace").splitlines() if ":" in line)
    try:
        turn, confidence = int(fields["Rotate"]), float(fields["Orientation confidence"])
    except (KeyError, ValueError):  # too few characters to tell: leave the page as it is
        return 0
    return turn if turn in (90, 180, 270) and confidence >= MIN_OSD_CONFIDENCE else 0


CELL_GAP = 40  # white pixels between two cells in the strip: more than a line's leading
CELL_INSET = 4  # pixels cut from each side of a cell: what is left of its rules


def _read_cells(image: Any, boxes: list[Any], scale: float, settings: OcrSettings) -> list[list[_Word]]:
    """The words of each cell box (points), read in one Tesseract call on a strip
    of the cells' images stacked with :data:`CELL_GAP` between them; the words
    come back in page pixels."""
    import numpy as np
    from PIL import Image

    crops = []  # (index, crop, left, top) of the cells with ink
    for k, box in enumerate(boxes):
        x0, top, x1, bottom = (round(v / scale) for v in box)
        crop = image.crop((x0 + CELL_INSET, top + CELL_INSET, x1 - CELL_INSET, bottom - CELL_INSET))
        if crop.width > 0 and crop.height > 0 and int((np.asarray(crop) < INK).sum()) > 20:
            crops.append((k, crop, x0 + CELL_INSET, top + CELL_INSET))
    out: list[list[_Word]] = [[] for _ in boxes]
    if not crops:
        return out
    strip = Image.new("L", (max(c.width for _, c, _, _ in crops) + 2 * CELL_GAP,
                            sum(c.height + CELL_GAP for _, c, _, _ in crops) + CELL_GAP), 255)
    offsets = []
    y = CELL_GAP
    for _, crop, _, _ in crops:
        strip.paste(crop, (CELL_GAP, y))
        offsets.append(y)
        y += crop.height + CELL_GAP
    for w in _tesseract(strip, dataclasses.replace(settings, psm=6)):  # 6: one uniform block
        middle = w.top + w.height / 2
        for (k, crop, left, top), y0 in zip(crops, offsets):
            if y0 - CELL_GAP / 2 <= middle < y0 + crop.height + CELL_GAP / 2:
                out[k].append(dataclasses.replace(w, left=w.left - CELL_GAP + left, top=w.top - y0 + top))
                break
    return out


@dataclass
class _Word:
    block: int
    par: int
    line: int
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str


def _tesseract(image: Any, settings: OcrSettings) -> list[_Word]:
    png = io.BytesIO()
    image.save(png, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per worker: workers share the CPUs
    out = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", settings.languages, "--psm", str(settings.psm),
         "--dpi", str(settings.dpi), "tsv"],
        input=png.getvalue(), capture_output=True, timeout=settings.page_seconds, env=env, check=False)
    words = []
    for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        block, par, line, left, top, width, height = (int(c) for c in (*cols[2:5], *cols[6:10]))
        words.append(_Word(block, par, line, left, top, width, height, float(cols[10]), cols[11]))
    return words


# Tesseract writes ASCII punctuation (and jpn's ヽ for 、) in Chinese text; the text
# layer of a report has the full-width forms, which the later stages expect.
# (Parentheses are left alone: reports print both forms.)
_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "ヽ": "、"})


def cjk_punctuation(text: str) -> str:
    """Half-width punctuation next to a CJK character made full-width, as printed."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in ",:;!?ヽ":
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and is_cjk(before)) or (after and is_cjk(after)):
                chars[i] = ch.translate(_FULL_WIDTH)
    return "".join(chars)


# Misreadings of the formal numerals that open level-1 headings (壹、貳、參、), seen on
# this project's scanned pages: 貳 read as 武/貮/弐, 壹 as 壺, 參 as 参/叁.  Only a line that
# starts with one of them followed by 、 is corrected.
_HEADING_NUMERALS = {"武": "貳", "貮": "貳", "弐": "貳", "壺": "壹", "参": "參", "叁": "參"}


def heading_numeral(text: str) -> str:
    """``武、過程`` -> ``貳、過程``: a misread heading numeral at the start of a line."""
    if len(text) > 1 and text[1] in "、，" and text[0] in _HEADING_NUMERALS:
        return _HEADING_NUMERALS[text[0]] + text[1:]
    return text


def _lines(words: list[_Word], scale: float) -> list[RawLine]:
    """Words grouped into lines (PDF points); no space between two CJK words."""
    groups: dict[tuple[int, int, int], list[_Word]] = defaultdict(list)
    for w in words:
        groups[(w.block, w.par, w.line)].append(w)
    lines = []
    for ws in groups.values():
        ws.sort(key=lambda w: w.left)
        text = ws[0].text
        for prev, w in zip(ws, ws[1:]):
            cjk_join = is_cjk(prev.text[-1]) or is_cjk(w.text[0])
            text += ("" if cjk_join else " ") + w.text
        heights = sorted(w.height for w in ws)
        lines.append(RawLine(text=heading_numeral(cjk_punctuation(normalize(text))), x0=min(w.left for w in ws) * scale,
                             x1=max(w.left + w.width for w in ws) * scale,
                             top=min(w.top for w in ws) * scale,
                             bottom=max(w.top + w.height for w in ws) * scale,
                             size=heights[len(heights) // 2] * scale))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return [ln for ln in lines if ln.text.strip()]


def _mean_words(words: list[_Word]) -> float:
    weight = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / weight if weight else 0.0


def _mean(per_page: dict[int, float]) -> float:
    return sum(per_page.values()) / len(per_page) if per_page else 0.0


@functools.lru_cache(maxsize=1)
def _version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).split()[1]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"
