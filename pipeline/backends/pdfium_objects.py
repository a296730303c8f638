"""One pass over a PDFium page's objects: image boxes, table-ruling edges and the
small text objects the PDFium backend needs to restore real space glyphs.

Raw ``FPDF*`` calls (pypdfium2's ``get_objects`` wraps every object in a Python
helper first, which costs more than the reading).  Objects inside Form XObjects
are placed on the page through the forms' matrices.  Path objects become the
edges pdfminer's lines, rectangles and curves give pdfplumber, so that
pdfplumber's table finder cuts the same cells on both backends.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 15  # nesting of Form XObjects followed
# Coordinates of edges are rounded to this many decimals: PDFium computes in float32
# (84.3499984741211), pdfminer keeps the content stream's decimals (84.35).
DECIMALS = 4


@dataclass
class PageFrame:
    """PDF user space -> pdfplumber's page frame (``x`` from the media box's left
    edge, ``top`` down from its top edge)."""

    left: float
    top: float

    def point(self, x: float, y: float) -> Point:
        return round(x - self.left, DECIMALS), round(self.top - y, DECIMALS)


@dataclass
class PageObjects:
    """What the backend reads from a page's objects."""

    images: list[Box] = field(default_factory=list)  # x0, top, x1, bottom (page frame)
    edges: list[dict[str, Any]] = field(default_factory=list)  # pdfplumber edge dicts
    # top-level text objects narrow enough to hold only spaces: (handle, left, bottom, right, top), PDF space
    small_texts: list[tuple[Any, float, float, float, float]] = field(default_factory=list)
    bounds_buffer: list[Any] = field(default_factory=lambda: [ctypes.c_float() for _ in range(4)], repr=False)

    @property
    def bounds_refs(self) -> list[Any]:
        return [ctypes.byref(v) for v in self.bounds_buffer]


def scan_objects(page: Any, frame: PageFrame) -> PageObjects:
    """Read images, painted paths and small text objects of a ``PdfPage``."""
    import pypdfium2.raw as pdfium_c

    out = PageObjects()
    get_object, get_type, _ = unchecked_object_calls()
    page_handle = page.raw
    text_kind = pdfium_c.FPDF_PAGEOBJ_TEXT
    for k in range(pdfium_c.FPDFPage_CountObjects(page_handle)):
        handle = get_object(page_handle, k)
        kind = get_type(handle)
        if kind == text_kind:  # most objects: only their bounds are read, unchecked
            _add_small_text(handle, out)
        elif kind:
            _add_graphics(ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT), kind, IDENTITY, 0, frame, out)
    out.small_texts.sort(key=lambda t: t[1])
    return out


class _Handle(ctypes.c_void_p):
    """A page-object handle: as a ``c_void_p`` subclass, ctypes returns it unconverted."""


@lru_cache(maxsize=1)
def unchecked_object_calls() -> tuple[Any, Any, Any]:
    """``FPDFPage_GetObject``, ``FPDFPageObj_GetType`` and ``FPDFPageObj_GetBounds``
    without ctypes' argument checks, which cost as much as the calls (a page has
    hundreds of text objects)."""
    import pypdfium2.raw as pdfium_c

    return (unchecked(pdfium_c.FPDFPage_GetObject, _Handle),
            unchecked(pdfium_c.FPDFPageObj_GetType, ctypes.c_int),
            unchecked(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int))


def unchecked(fn: Any, restype: Any) -> Any:
    """The same C function as the pypdfium2 binding ``fn``, called without argument
    conversion: callers pass handles, ints and ``byref`` pointers as C expects."""
    f = ctypes.cast(fn, ctypes.CFUNCTYPE(restype))
    f.argtypes = None  # type: ignore[assignment]  # ctypes' own way to turn the checks off
    return f


def _walk(count: int, get: Any, outer: Matrix, depth: int, frame: PageFrame, out: PageObjects) -> None:
    """The objects of a Form XObject (``get(k)``), placed on the page by ``outer``."""
    import pypdfium2.raw as pdfium_c

    for k in range(count):
        obj = get(k)
        _add_graphics(obj, pdfium_c.FPDFPageObj_GetType(obj), outer, depth, frame, out)


def _add_graphics(obj: Any, kind: int, outer: Matrix, depth: int, frame: PageFrame, out: PageObjects) -> None:
    """Record an image, a painted path or a form's contents (text in forms is not needed)."""
    import pypdfium2.raw as pdfium_c

    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        if _is_painted(obj):
            to_page = _multiply(_matrix(obj), outer)
            for points, closed in _subpaths(obj):
                out.edges.extend(path_edges([frame.point(*_apply(to_page, x, y)) for x, y in points], closed))
    elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        to_page = _multiply(_matrix(obj), outer)
        corners = [frame.point(*_apply(to_page, x, y)) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, tops = [p[0] for p in corners], [p[1] for p in corners]
        out.images.append((min(xs), min(tops), max(xs), max(tops)))
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
        inner = _multiply(_matrix(obj), outer)
        _walk(pdfium_c.FPDFFormObj_CountObjects(obj),
              lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), inner, depth + 1, frame, out)


def _add_small_text(handle: Any, out: PageObjects) -> None:
    box = out.bounds_buffer
    if unchecked_object_calls()[2](handle, *out.bounds_refs):
        left, bottom, right, top = (v.value for v in box)
        if right - left <= 4 * max(top - bottom, 1.0):  # a run of a few spaces at most
            out.small_texts.append((handle, left, bottom, right, top))


class BlankTexts:
    """Finds a blank text object (only white space, or empty: PDFium leaves a text
    object whose one space glyph it replaced by a generated space without text)
    at a position; the text of an object is read only when it is asked about."""

    def __init__(self, small_texts: list[tuple[Any, float, float, float, float]], textpage: Any) -> None:
        self.objects, self.textpage = small_texts, textpage
        self.lefts = [o[1] for o in small_texts]
        self.widest = max((o[3] - o[1] for o in small_texts), default=0.0)
        self.blank: dict[int, bool] = {}

    def at(self, x: float, y0: float, y1: float) -> bool:
        """Whether a blank text object spans ``x`` (half a point of slack) and overlaps
        ``y0..y1`` vertically (PDF space)."""
        k = bisect_right(self.lefts, x + 0.5)
        while k > 0 and self.lefts[k - 1] >= x - self.widest - 0.5:
            k -= 1
            _obj, _left, bottom, right, top = self.objects[k]
            if x <= right + 0.5 and bottom < y1 and top > y0 and self._is_blank(k):
                return True
        return False

    def _is_blank(self, k: int) -> bool:
        import pypdfium2.raw as pdfium_c

        if k not in self.blank:
            obj = ctypes.cast(self.objects[k][0], pdfium_c.FPDF_PAGEOBJECT)
            size = pdfium_c.FPDFTextObj_GetText(obj, self.textpage.raw, None, 0)  # bytes, NUL included
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFTextObj_GetText(obj, self.textpage.raw,
                                         ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
            self.blank[k] = not buf.raw[: max(size - 2, 0)].decode("utf-16-le", "replace").strip()
        return self.blank[k]


# --- matrices -------------------------------------------------------------------


def _matrix(obj: Any) -> Matrix:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: p' = p · m · n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


# --- paths -> edges -----------------------------------------------------------------


def _is_painted(obj: Any) -> bool:
    """Filled or stroked (a clipping-only path draws nothing: pdfminer skips it too)."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
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
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
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
