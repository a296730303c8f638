"""The PDFium backend: PDF bytes -> :class:`RawDocument`, read through pypdfium2.

Same raw pages as the pdfplumber backend (:mod:`pipeline.backends.pdf`), from
PDFium's parser instead of pdfminer's:

* characters from PDFium's text page (one ctypes call per property per glyph:
  PDFium keeps no Python objects per glyph, so this is the fast path), with the
  font-bounds ("loose") box, the font size and PDFium's own flag for a glyph
  that has no Unicode value (written as U+FFFD, see
  :func:`pipeline.text.marks.is_undecodable`); generated spaces and line breaks
  (PDFium's guesses) are skipped, real space glyphs are kept;
* ruled tables from the page's path objects, turned into the same edges
  pdfminer's lines, rectangles and curves give pdfplumber
  (:mod:`pipeline.backends.pdfium_objects`), and found by pdfplumber's own table
  geometry (:class:`pdfplumber.table.TableFinder`), so both backends cut the same
  cells;
* lines, cells, counts and fake-bold removal by :mod:`pipeline.backends.chars`.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from pipeline.backends.base import PAGE_ERRORS_KEY, RawDocument, RawPage
from pipeline.backends.chars import Char, assemble_page, dedupe_chars, image_coverage, on_page
from pipeline.backends.pdf import INFO_KEYS, PdfInput, check_pdf_bytes
from pipeline.backends.pdfium_objects import DECIMALS, BlankTexts, PageFrame, scan_objects, unchecked
from pipeline.errors import InputError
from pipeline.text.clean import normalize

if TYPE_CHECKING:
    from pdfplumber.page import Page

REPLACEMENT = "\ufffd"  # the text of a glyph with no Unicode value


class PdfiumBackend(PdfInput):
    """Read PDFs with PDFium (pypdfium2): the fast default."""

    name = "pdfium"

    def load(self, data: bytes, filename: str) -> RawDocument:
        """Parse ``data``; raise :class:`InputError` (code + one-line message) if unreadable."""
        import pypdfium2 as pdfium

        check_pdf_bytes(data, filename)
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _classify(exc, filename) from None
        try:
            n_pages = len(pdf)  # the page tree's count: no page is parsed yet
            if n_pages > self.max_pages:
                raise InputError("too_large", f"{filename}: {n_pages} pages (limit {self.max_pages})")
            if not n_pages:
                raise InputError("no_pages", f"{filename}: the PDF has no pages")
            pages: list[RawPage] = []
            failed: list[int] = []
            for i in range(n_pages):
                try:
                    pages.append(read_page(pdf, i))
                except Exception:  # noqa: BLE001 - one bad page must not lose the rest
                    failed.append(i + 1)
                    pages.append(RawPage(number=i + 1, width=0.0, height=0.0))
            if len(failed) == len(pages):
                raise InputError("corrupt", f"{filename}: corrupt PDF (no page could be parsed)")
            info = _info(pdf.get_metadata_dict(skip_empty=True))
        finally:
            pdf.close()
        if failed:
            info[PAGE_ERRORS_KEY] = ",".join(map(str, failed))
        return RawDocument(pages=pages, info=info)


def _classify(exc: Exception, filename: str) -> InputError:
    """Map a PDFium load error to an :class:`InputError`."""
    reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    if "password" in reason.lower() or "security" in reason.lower():
        return InputError("encrypted", f"{filename}: encrypted PDF (password required)")
    return InputError("corrupt", f"{filename}: corrupt PDF ({reason})")


def _info(meta: dict[str, Any]) -> dict[str, str]:
    return {key: normalize(str(meta[key])).strip() for key in INFO_KEYS
            if str(meta.get(key) or "").strip()}


# --- one page ----------------------------------------------------------------


def read_page(pdf: Any, index: int) -> RawPage:
    """Turn page ``index`` (0-based) of an open ``PdfDocument`` into a :class:`RawPage`."""
    page = pdf[index]
    textpage = None
    try:
        mx0, my0, mx1, my1 = page.get_mediabox()
        cx0, cy0, cx1, cy1 = page.get_cropbox()
        # pdfplumber's frame: x from the media box's left edge, ``top`` down from its top.
        frame = PageFrame(left=mx0, top=my1)
        bbox = (cx0 - mx0, my1 - cy1, cx1 - mx0, my1 - cy0)
        raw = RawPage(number=index + 1, width=round(mx1 - mx0, DECIMALS), height=round(my1 - my0, DECIMALS))
        textpage = page.get_textpage()
        objects = scan_objects(page, frame)
        blanks = BlankTexts(objects.small_texts, textpage)
        chars = on_page(dedupe_chars(read_chars(textpage, frame, blanks)), bbox)
        raw.n_images, raw.image_area = image_coverage(objects.images, bbox)
        has_ink = any(not c["text"].isspace() for c in chars)
        tables = find_tables(objects.edges, bbox) if has_ink else []
        return assemble_page(raw, chars, tables)
    finally:
        if textpage is not None:
            textpage.close()
        page.close()


def find_tables(edges: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> list[Any]:
    """pdfplumber's ruled tables (``Table`` objects: ``bbox``, ``rows[].cells``) found
    in the ruling ``edges`` of a page of box ``bbox``; the OCR stage passes the
    rules it sees in a scan."""
    from pdfplumber.table import TableFinder

    # a table needs crossing rules: without both directions there is nothing to find
    if not {e["orientation"] for e in edges} >= {"h", "v"}:
        return []
    # TableFinder reads only the page's edges and box with its default settings
    return list(TableFinder(cast("Page", _EdgePage(edges, bbox))).tables)


class _EdgePage:
    """The two attributes of a pdfplumber ``Page`` that ``TableFinder`` reads with
    the default ("lines") strategy: the ruling edges and the page box."""

    def __init__(self, edges: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> None:
        self.edges, self.bbox = edges, bbox


def read_chars(textpage: Any, frame: PageFrame, blanks: BlankTexts) -> list[Char]:
    """Every glyph of the text page as a char dict.

    PDFium generates spaces and line breaks of its own (left out), and replaces a
    real space glyph by a generated space (or line break) where the space is a
    text object of its own (LibreOffice writes them so): a generated space or line
    break that sits on such a blank text object is kept as a space glyph, since
    line building needs it (``福島縣 Technology``, a cell's ``經濟政策課 副參事``,
    a line wrapped at a word space)."""
    import pypdfium2.raw as pdfium_c

    is_generated = pdfium_c.FPDFText_IsGenerated
    map_error, get_box, get_size = _per_glyph_calls()
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    handle = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    left, top = frame.left, frame.top
    text = _page_text(textpage)
    chars: list[Char] = []
    spaces: list[int] = []  # positions in ``chars`` right after a generated space
    for i, ch in enumerate(text):
        if ch in " \r\n":
            if is_generated(textpage.raw, i) == 1:
                if ch != "\n" and chars and (not spaces or spaces[-1] != len(chars)):
                    spaces.append(len(chars))
                continue
            if ch != " ":
                continue
        elif ch in "\x00\ufffd" or map_error(handle, i) == 1:
            ch = REPLACEMENT
        get_box(handle, i, rect_ref)
        chars.append({"text": ch, "size": get_size(handle, i),
                      "x0": rect.left - left, "x1": rect.right - left,
                      "top": top - rect.top, "bottom": top - rect.bottom})
    for pos in reversed(spaces):
        prev = chars[pos - 1]
        if blanks.at(prev["x1"] + left, top - prev["bottom"], top - prev["top"]):
            chars.insert(pos, {**prev, "text": " ", "x0": prev["x1"]})
    return chars


@lru_cache(maxsize=1)
def _per_glyph_calls() -> tuple[Any, Any, Any]:
    """``FPDFText_HasUnicodeMapError``, ``FPDFText_GetLooseCharBox`` and
    ``FPDFText_GetFontSize`` without ctypes' argument checks, which cost as much
    as the calls themselves (arguments: a ``c_void_p`` text-page handle, an int
    index, a ``byref`` rectangle)."""
    import pypdfium2.raw as pdfium_c

    return (unchecked(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_int),
            unchecked(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int),
            unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double))


def _page_text(textpage: Any) -> str:
    """The text page's characters, one per char index, read in one call (PDFium's
    text range); per character if the range does not line up with the indexes."""
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw
    n = pdfium_c.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, n) if n > 0 else ""
    get_unicode = pdfium_c.FPDFText_GetUnicode
    if len(text) == n and all(ord(text[i]) == get_unicode(handle, i) for i in range(0, n, 61)):
        return text
    return "".join(chr(get_unicode(handle, i)) for i in range(n))
