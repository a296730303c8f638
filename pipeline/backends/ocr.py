"""OCR for pages without a usable text layer (scans, ``(cid:NN)`` glyphs, garbled text).

Pages are rendered with PDFium (``pypdfium2``) and read by Tesseract 5 (Debian
packages ``tesseract-ocr`` + ``-chi-tra``, ``-chi-sim``, ``-jpn``; the engine was
chosen by character error rate and speed on this project's pages, see
``benchmarks/ocr.py`` and the README).  The result is a :class:`RawDocument` like the
text backend's, so layout and every later stage run unchanged; the document
records ``pipeline.backends.ocr`` and its blocks carry ``source: "ocr"`` and a confidence.

A page is turned upright (Tesseract's orientation detection), deskewed, its table
rules erased and its ruled tables read cell by cell (:func:`read_image`,
:mod:`pipeline.backends.ocr_image`); the Tesseract calls are in
:mod:`pipeline.backends.tesseract`.  A fully scanned document is read whole
(:func:`rescue`); a document with a text layer on some pages only has just its
other pages read (:func:`rescue_pages`).
"""

from __future__ import annotations

import dataclasses
import subprocess
from typing import Any

from pipeline.backends.base import RawDocument, RawPage, RawTable
from pipeline.backends.ocr_image import INK, clean_page, lines_run_across
from pipeline.backends.pdf import is_pdf
from pipeline.backends.pdfium import find_tables
from pipeline.backends.tesseract import (
    OcrSettings,
    Word,
    installed_languages,
    mean_confidence,
    orientation,
    read_words,
    version,
    words_to_lines,
)
from pipeline.document import Document
from pipeline.extract.layout import STAGE as LAYOUT_STAGE
from pipeline.text.clean import join_lines

__all__ = ["OcrSettings", "available", "installed_languages", "mark_blocks", "orientation", "read_image",
           "read_pages", "rescue", "rescue_pages"]

DEFAULT = OcrSettings()  # the settings of the pipeline's OCR stage

# Failures of the text layer that OCR can repair.
RESCUABLE = ("no_text_layer", "cid_font", "garbled_text")


def available(settings: OcrSettings = DEFAULT) -> bool:
    """True when Tesseract and every language model of ``settings`` are installed."""
    wanted = set(settings.languages.split("+"))
    return bool(wanted) and wanted <= installed_languages()


def rescue(doc: Document, data: bytes, raw: RawDocument,
           settings: OcrSettings = DEFAULT) -> RawDocument | None:
    """If ``doc`` failed for want of a usable text layer, OCR its pages; return the
    OCR'd raw document (``doc`` reset to go on) or None (``doc`` left failed, its
    error saying why OCR did not help)."""
    if not doc.failed or not doc.errors or doc.errors[-1].code not in RESCUABLE:
        return None
    if not is_pdf(data):  # PDFium renders PDFs only (a Word file has no scans)
        return None
    failure = doc.errors[-1]
    if not available(settings):
        failure.message += " (OCR unavailable: install tesseract-ocr with chi-tra and jpn)"
        return None
    wanted = [p.number for p in raw.pages if p.n_images or p.n_chars]
    try:
        ocr_raw, confidence, skipped = _read_in_time(data, wanted, settings)
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
    _record_skipped(doc, skipped)
    _record(doc, settings, failure.code, wanted, confidence)
    return ocr_raw


def rescue_pages(doc: Document, data: bytes, raw: RawDocument,
                 settings: OcrSettings = DEFAULT) -> RawDocument | None:
    """A document read from its text layer whose other pages are scans (no text,
    images) or have an unusable layer (``cid_font``/``garbled_text`` page errors):
    OCR those pages only and return ``raw`` with them replaced by their OCR, the
    layout errors of ``doc`` cleared so that it is laid out again; None when there
    is no such page or OCR read none of them (the document stays as it is)."""
    if doc.failed or not is_pdf(data):
        return None
    reasons = {e.page: e.code for e in doc.errors
               if e.stage == LAYOUT_STAGE and e.code in ("cid_font", "garbled_text") and e.page}
    reasons.update({p.number: "no_text_layer" for p in doc.pages if p.kind == "image_only"})
    # Asking Tesseract what it has starts a process: only for a document that needs it.
    if not reasons or not available(settings):
        return None
    wanted = sorted(reasons)
    try:
        ocr_raw, confidence, skipped = _read_in_time(data, wanted, settings)
    except Exception:  # noqa: BLE001 - PDFium refusing the file: the text pages stand
        return None
    # a photo without text is an image-only page too: only pages read with confidence count
    read = {n for n, c in confidence.items() if c >= settings.min_confidence}
    if not read or len(ocr_raw.pages) != len(raw.pages):
        return None
    doc.errors = [e for e in doc.errors if e.stage != LAYOUT_STAGE]  # layout runs again
    doc.status = "partial" if doc.errors else "ok"
    _record_skipped(doc, skipped)
    codes = sorted({reasons[n] for n in read})
    _record(doc, settings, ",".join(codes), sorted(read), {n: confidence[n] for n in read})
    pages = [ocr if p.number in read else p for p, ocr in zip(raw.pages, ocr_raw.pages, strict=True)]
    return RawDocument(pages=pages, info=raw.info, headings=raw.headings)


def _read_in_time(data: bytes, wanted: list[int], settings: OcrSettings
                  ) -> tuple[RawDocument, dict[int, float], list[int]]:
    """:func:`read_pages` of ``wanted``, the document's time limit extended first by
    each page's own limit (OCR is slow but bounded)."""
    from pipeline.corpus.workers import allow_more_time

    allow_more_time(len(wanted) * settings.page_seconds)
    return read_pages(data, wanted, settings)


def _record_skipped(doc: Document, skipped: list[int]) -> None:
    """An ``ocr_page_timeout`` error on ``doc`` for each page skipped for taking too long."""
    for n in skipped:
        doc.add_error("ocr", "ocr_page_timeout", f"page {n}: OCR took too long, page skipped", page=n)


def _record(doc: Document, settings: OcrSettings, reason: str, numbers: list[int],
            confidence: dict[int, float]) -> None:
    """``doc.pipeline["ocr"]``: engine, settings, why, which pages, confidences."""
    doc.pipeline["ocr"] = {"engine": f"tesseract {version()}", "languages": settings.languages,
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


def read_pages(data: bytes, numbers: list[int], settings: OcrSettings = DEFAULT
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
                    confidence[i + 1] = mean_confidence(words)
            pages.append(raw_page)
            page.close()
    finally:
        pdf.close()
    return RawDocument(pages=pages, info={"x-ocr": settings.languages}), confidence, skipped


def read_image(image: Any, settings: OcrSettings = DEFAULT) -> tuple[RawPage, list[Word]]:
    """OCR one grey page image scanned or rendered at ``settings.dpi``: the page
    (lines outside tables, ruled tables cell by cell, their lines; coordinates in
    points of the deskewed image) and every word read, for the confidence.

    Tesseract's orientation detection is asked (and the page turned upright) when
    the page's ink is not clearly in horizontal lines (a sheet fed sideways), or when
    it reads with a low confidence (upside down).  Rules are erased first
    (:mod:`pipeline.backends.ocr_image`); the text outside
    tables is read with the table areas blanked, and the cells of all tables are
    read in one more Tesseract call on a strip of the cells stacked one under the
    other, so each cell is read whole and in row order."""
    asked = False
    if settings.auto_rotate and not lines_run_across(image):  # maybe sideways: ask before reading
        image, asked = _upright(image, settings), True
    page, words, clean, tables = _read_body(image, settings)
    if settings.auto_rotate and not asked and mean_confidence(words) < settings.min_confidence:
        # upside down reads as nonsense (confidence ~20 against ~85): ask, read again if turned
        if (upright := _upright(image, settings)) is not image:
            page, words, clean, tables = _read_body(upright, settings)
    scale = 72 / settings.dpi
    cells = [(t, r, c, box) for t in tables for r, row in enumerate(t.rows)
             for c, box in enumerate(row.cells) if box is not None]
    cell_words = _read_cells(clean.image, [box for *_, box in cells], scale, settings)
    texts = {id(box): join_lines(ln.text for ln in words_to_lines(ws, scale))
             for (*_, box), ws in zip(cells, cell_words, strict=True)}
    for t in tables:
        rows: list[list[str | None]] = [[None if box is None else texts[id(box)] for box in row.cells]
                                        for row in t.rows]
        page.tables.append(RawTable(bbox=tuple(float(v) for v in t.bbox), rows=rows))  # type: ignore[arg-type]
    every_cell = [w for ws in cell_words for w in ws]
    page.table_lines = words_to_lines(every_cell, scale)
    return page, words + every_cell


def _upright(image: Any, settings: OcrSettings) -> Any:
    """``image`` turned upright as Tesseract's orientation detection says (itself if upright)."""
    turn = orientation(image, settings)
    return image.rotate(-turn, expand=True, fillcolor=255) if turn else image  # PIL turns counter-clockwise


def _read_body(image: Any, settings: OcrSettings) -> tuple[RawPage, list[Word], Any, list[Any]]:
    """The page with its lines outside tables, their words, the cleaned page and the
    ruled tables found (cells not read yet)."""
    from PIL import ImageDraw

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
    words = read_words(body, settings)
    page = RawPage(number=1, width=width * scale, height=height * scale, lines=words_to_lines(words, scale))
    return page, words, clean, tables


CELL_GAP = 40  # white pixels between two cells in the strip: more than a line's leading
CELL_INSET = 4  # pixels cut from each side of a cell: what is left of its rules


def _read_cells(image: Any, boxes: list[Any], scale: float, settings: OcrSettings) -> list[list[Word]]:
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
    out: list[list[Word]] = [[] for _ in boxes]
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
    for w in read_words(strip, dataclasses.replace(settings, psm=6)):  # 6: one uniform block
        middle = w.top + w.height / 2
        for (k, crop, left, top), y0 in zip(crops, offsets):
            if y0 - CELL_GAP / 2 <= middle < y0 + crop.height + CELL_GAP / 2:
                out[k].append(dataclasses.replace(w, left=w.left - CELL_GAP + left, top=w.top - y0 + top))
                break
    return out


def _mean(per_page: dict[int, float]) -> float:
    return sum(per_page.values()) / len(per_page) if per_page else 0.0

