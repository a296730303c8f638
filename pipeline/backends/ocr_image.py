"""Page images prepared for OCR: skew corrected, table rules found and erased.

Tesseract reads a ruled table badly: rules come out as ``|`` or ``。``, glyphs
touching a rule are misread, and cells of one row are read in a column order the
report does not have.  So before OCR a scan is deskewed (projection profile),
the long horizontal and vertical ink runs (rules: far longer than any stroke of a
glyph) are found with run-length arithmetic in numpy and painted white, and
their segments are handed to pdfplumber's table finder as edges, exactly as the
text backend hands it a PDF's ruling paths, so both cut the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["CleanPage", "clean_page", "lines_run_across", "skew_angle"]

INK = 160  # grey level below which a pixel is ink (paper is ~255, noise sigma ~12)
RULE_INCHES = 0.4  # a run at least this long is a rule: a 16 pt glyph is ~0.22 in wide
MAX_SKEW = 3.0  # degrees searched either way by the deskew
# Row over column profile peakedness of an upright page: 1.08-6.2 on this project's pages
# (text, tables, photos, noise), 0.16-0.92 turned 90 degrees.  Below this, a page may be sideways.
ACROSS_RATIO = 1.2


@dataclass
class CleanPage:
    """A page image ready for OCR and what was taken out of it."""

    image: Any  # PIL grey image: deskewed, rules painted white
    angle: float  # degrees the scan was rotated back (counter-clockwise positive)
    edges: list[dict[str, Any]] = field(default_factory=list)  # rules, pdfplumber edges in points


def skew_angle(image: Any) -> float:
    """The small rotation (degrees, PIL's sense) that makes the text lines of a grey
    page image horizontal: the angle whose row profile of ink is the most peaked,
    searched coarse (0.5°) then fine (0.1°) on a quarter-size image."""
    from PIL import Image

    small = Image.fromarray(((np.asarray(image.reduce(4)) < INK) * 255).astype(np.uint8))

    def peakedness(angle: float) -> float:
        rows = np.asarray(small.rotate(angle, resample=Image.Resampling.BILINEAR)).sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=peakedness)
    fine = max(np.arange(coarse - 0.4, coarse + 0.41, 0.1), key=peakedness)
    return round(float(fine), 1)


def lines_run_across(image: Any) -> bool:
    """Whether the ink of a grey page image lies clearly in horizontal lines: its row
    profile is more peaked than its column profile by :data:`ACROSS_RATIO` (a page
    turned 90 degrees has it the other way; CJK set in a grid has peaked columns too,
    hence the margin)."""
    ink = (np.asarray(image.reduce(4)) < INK).astype(np.float64)
    rows, columns = float(np.var(ink.sum(axis=1))), float(np.var(ink.sum(axis=0)))
    return rows > ACROSS_RATIO * columns


def clean_page(image: Any, dpi: int, deskew: bool = True) -> CleanPage:
    """Deskew ``image`` (grey PIL image rendered or scanned at ``dpi``) and erase its rules."""
    from PIL import Image

    angle = skew_angle(image) if deskew else 0.0
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image)
    ink = pixels < INK
    length = int(dpi * RULE_INCHES)
    horizontal = _long_runs(ink, length)
    vertical = _long_runs(ink.T, length).T
    scale = 72 / dpi
    edges = _edges(horizontal, "h", scale) + _edges(vertical.T, "v", scale)
    rules = _grow(horizontal | vertical)  # anti-aliased fringe of the rules too
    out = pixels.copy()
    out[rules] = 255
    return CleanPage(image=Image.fromarray(out), angle=angle, edges=edges)


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels of ``mask`` lying in a horizontal run of at least ``length`` (cumulative
    sums: a window is full when its sum is ``length``; full windows are then spread
    back over the pixels they cover)."""
    height, width = mask.shape
    if width < length:
        return np.zeros_like(mask)
    total = np.zeros((height, width + 1), np.int32)
    np.cumsum(mask, axis=1, out=total[:, 1:])
    full = (total[:, length:] - total[:, :-length]) == length  # window starting at column j
    cover = np.zeros((height, width + 1), np.int32)
    cover[:, : width - length + 1] += full
    cover[:, length:] -= full
    return np.cumsum(cover, axis=1)[:, :width] > 0


def _grow(mask: np.ndarray) -> np.ndarray:
    """``mask`` widened by one pixel in each direction."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def _edges(runs: np.ndarray, orientation: str, scale: float) -> list[dict[str, Any]]:
    """pdfplumber edges (points) of the runs of ``runs`` along its rows; for vertical
    rules ``runs`` is transposed (rows are the image's columns).  A rule several
    pixels thick gives one edge per distinct position after rounding to a point."""
    padded = np.zeros((runs.shape[0], runs.shape[1] + 2), np.int8)
    padded[:, 1:-1] = runs
    step = np.diff(padded, axis=1)
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)  # both in row-major order
    seen = set()
    for (row, a), (_, b) in zip(starts, ends):
        seen.add((round(row * scale), round(a * scale, 1), round(b * scale, 1)))
    edges = []
    for at, a, b in sorted(seen):
        if orientation == "h":
            x0, x1, top, bottom = a, b, float(at), float(at)
        else:
            x0, x1, top, bottom = float(at), float(at), a, b
        edges.append({"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1,
                      "top": top, "bottom": bottom, "doctop": top, "y0": -bottom, "y1": -top,
                      "width": x1 - x0, "height": bottom - top})
    return edges
