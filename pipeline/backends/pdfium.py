"""The PDFium backend: PDF bytes -> :class:`RawDocument`, read through pypdfium2.

Same raw pages as the pdfplumber backend (:mod:`pipeline.backends.pdf`), from
PDFium's parser instead of pdfminer's:

* characters from PDFium's text page (one ctypes call per property per glyph:
  PDFium keeps no Python objects per glyph, so this is the fast path), with the
  font-bounds ("loose") box, the font size and PDFium's own flag for a glyph
  that has no Unicode value (written as U+FFFD, see
  :func:`pipeline.textclean.is_undecodable`); generated spaces and line breaks
  (PDFium's guesses) are skipped, real space glyphs are kept;
* ruled tables from the page's path objects, turned into the same edges
  pdfminer's lines, rectangles and curves give pdfplumber, and found by
  pdfplumber's own table geometry (:class:`pdfplumber.table.TableFinder`), so
  both backends cut the same cells;
* lines, cells, counts and fake-bold removal by :mod:`pipeline.backends.chars`.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

from pipeline.backends.base import InputError, RawDocument, RawPage
from pipeline.backends.chars import Char, assemble_page, dedupe_chars, image_coverage, on_page
from pipeline.backends.pdf import INFO_KEYS, PAGE_ERRORS_KEY, check_pdf_bytes
from pipeline.textclean import normalize

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
# Coordinates are rounded to this many decimals: PDFium computes in float32
# (84.3499984741211), pdfminer keeps the content stream's decimals (84.35).
DECIMALS = 4
REPLACEMENT = "\ufffd"
MAX_BLANK_RUN = 8  # longer text objects are not checked for being only spaces


class PdfiumBackend:
    """Read PDFs with PDFium (pypdfium2).  ``max_pages`` guards against huge files."""

    name = "pdfium"

    def __init__(self, max_pages: int = 2000) -> None:
        self.max_pages = max_pages

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
    from pdfplumber.table import TableFinder

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
        chars = on_page(dedupe_chars(read_chars(page, textpage, frame)), bbox)
        images, edges = read_graphics(page, frame)
        raw.n_images, raw.image_area = image_coverage(images, bbox)
        has_ink = any(not c["text"].isspace() for c in chars)
        tables = TableFinder(_EdgePage(edges, bbox)).tables if has_ink and edges else []
        return assemble_page(raw, chars, tables)
    finally:
        if textpage is not None:
            textpage.close()
        page.close()


class PageFrame:
    """PDF user space -> pdfplumber's page frame (``x`` from the left, ``top`` downwards)."""

    def __init__(self, left: float, top: float) -> None:
        self.left, self.top = left, top

    def point(self, x: float, y: float) -> Point:
        return round(x - self.left, DECIMALS), round(self.top - y, DECIMALS)


class _EdgePage:
    """The two attributes of a pdfplumber ``Page`` that ``TableFinder`` reads with
    the default ("lines") strategy: the ruling edges and the page box."""

    def __init__(self, edges: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> None:
        self.edges, self.bbox = edges, bbox


def read_chars(page: Any, textpage: Any, frame: PageFrame) -> list[Char]:
    """Every glyph of the text page as a char dict.

    PDFium generates spaces and line breaks of its own (left out), and replaces a
    real space glyph by a generated space (or line break) where the space is a
    text object of its own (LibreOffice writes them so): a generated space or line
    break that sits on such a blank text object is kept as a space glyph, since
    line building needs it (``福島縣 Technology``, a cell's ``經濟政策課 副參事``,
    a line wrapped at a word space)."""
    import pypdfium2.raw as pdfium_c

    is_generated, get_unicode = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetUnicode
    get_box, get_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    handle = textpage.raw
    left, top = frame.left, frame.top
    chars: list[Char] = []
    blanks: list[tuple[float, float, float, float]] | None = None
    for i in range(pdfium_c.FPDFText_CountChars(handle)):
        code = get_unicode(handle, i)
        if is_generated(handle, i) == 1:
            if code in (0x20, 0x0D) and chars and not chars[-1]["text"].isspace():
                if blanks is None:
                    blanks = blank_text_objects(page, textpage)
                prev = chars[-1]
                if _space_glyph_at(blanks, prev["x1"] + left, top - prev["bottom"], top - prev["top"]):
                    chars.append({**prev, "text": " ", "x0": prev["x1"]})
            continue
        text = REPLACEMENT if code in (0, 0xFFFD) or map_error(handle, i) == 1 else chr(code)
        if text in "\r\n":
            continue
        get_box(handle, i, rect_ref)
        chars.append({
            "text": text, "size": round(get_size(handle, i), DECIMALS),
            "x0": round(rect.left - left, DECIMALS), "x1": round(rect.right - left, DECIMALS),
            "top": round(top - rect.top, DECIMALS), "bottom": round(top - rect.bottom, DECIMALS),
        })
    return chars


def blank_text_objects(page: Any, textpage: Any) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top; PDF space) of the page's top-level text
    objects whose text is only white space (or empty: PDFium gives a text object
    whose one space glyph it replaced by a generated space no text)."""
    import pypdfium2.raw as pdfium_c

    out = []
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)  # bytes, with the NUL
        if size > 2 * MAX_BLANK_RUN + 2:
            continue
        buf = ctypes.create_string_buffer(size)
        pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
        if not buf.raw[: size - 2].decode("utf-16-le", "replace").strip():
            box = [ctypes.c_float() for _ in range(4)]
            if pdfium_c.FPDFPageObj_GetBounds(obj, *box):
                out.append(tuple(v.value for v in box))  # type: ignore[arg-type]
    return out


def _space_glyph_at(blanks: list[tuple[float, float, float, float]], x: float, y0: float, y1: float) -> bool:
    """Whether a blank text object starts at ``x`` (half a point of slack) and
    overlaps ``y0..y1`` vertically."""
    return any(b[0] - 0.5 <= x <= b[2] + 0.5 and b[1] < y1 and b[3] > y0 for b in blanks)


# --- graphics: images and ruling edges ----------------------------------------


def read_graphics(page: Any, frame: PageFrame) -> tuple[list[tuple[float, ...]], list[dict[str, Any]]]:
    """Image boxes ``(x0, top, x1, bottom)`` and table-ruling edges of a page, from
    its page objects (Form XObjects included)."""
    import pypdfium2.raw as pdfium_c

    images: list[tuple[float, ...]] = []
    edges: list[dict[str, Any]] = []
    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH]
    for obj in page.get_objects(filter=kinds):
        to_page = _object_matrix(obj)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            corners = [frame.point(*_apply(to_page, x, y)) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs, tops = [p[0] for p in corners], [p[1] for p in corners]
            images.append((min(xs), min(tops), max(xs), max(tops)))
        elif _is_painted(obj):
            for points, closed in _subpaths(obj):
                pts = [frame.point(*_apply(to_page, x, y)) for x, y in points]
                edges.extend(path_edges(pts, closed))
    return images, edges


def _object_matrix(obj: Any) -> Matrix:
    """Object space -> page space: the object's matrix, then those of the Form
    XObjects it sits in."""
    m = tuple(obj.get_matrix().get())
    container = obj.container
    while container is not None:
        m = _multiply(m, tuple(container.get_matrix().get()))
        container = container.container
    return m  # type: ignore[return-value]


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: p' = p · m · n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _is_painted(obj: Any) -> bool:
    """Filled or stroked (a clipping-only path draws nothing: pdfminer skips it too)."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke):
        return False
    return bool(fill.value or stroke.value)


def _subpaths(obj: Any) -> Iterator[tuple[list[Point], bool]]:
    """The path's subpaths as (end points, closed), in object space.  Bézier
    control points are left out, as pdfminer leaves them out of a curve's points."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[Point] = []
    closed = False
    bezier = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                yield points, closed
            points, closed, bezier = [(x.value, y.value)], False, 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3
            if bezier:  # a control point
                continue
        points.append((x.value, y.value))
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(seg))
    if len(points) > 1:
        yield points, closed


def path_edges(pts: list[Point], closed: bool) -> list[dict[str, Any]]:
    """pdfplumber edges of one painted subpath (page frame points), classified as
    pdfminer does: a single segment is a line, a closed axis-aligned
    four-sided path a rectangle, anything else a curve."""
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    if closed and pts[-1] != pts[0]:
        pts = [*pts, pts[0]]
    if len(pts) == 2 or (len(pts) == 3 and pts[2] == pts[0]):
        return [line_to_edge(_box("line", pts[:2]))]
    if len(pts) == 5 and pts[4] == pts[0] and _axis_aligned(pts):
        return rect_to_edges(_box("rect", pts))
    return [e for e in curve_to_edges({**_box("curve", pts), "pts": pts}) if e["orientation"]]


def _axis_aligned(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def _box(kind: str, pts: list[Point]) -> dict[str, Any]:
    xs, tops = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    # y0/y1 (PDF's upward y) only matter to pdfplumber as opaque copies: keep the keys.
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": -bottom, "y1": -top, "width": x1 - x0, "height": bottom - top}
