"""Characters -> lines, cells and raw pages: the part of extraction every PDF backend shares.

A backend reads characters as dicts (``text``, ``x0``, ``x1``, ``top``, ``bottom``,
``size``; PDF points, ``top`` measured down from the top of the page) plus the
bounding boxes and cells of the ruled tables it found; :func:`assemble_page` turns
them into a :class:`RawPage`.

Lines are rebuilt from characters (not from a library's ``extract_text``) so
that spacing follows CJK rules: a visual gap between two CJK characters never
becomes a space, a gap between two Latin words does.  All text is passed
through :func:`pipeline.textclean.normalize`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from pipeline.backends.base import RawLine, RawPage, RawTable
from pipeline.textclean import is_cjk, is_undecodable, join_lines, normalize

Char = dict[str, Any]

# A gap wider than this fraction of the font size between two Latin characters
# is a word space (pdfplumber's default x_tolerance of 3pt is 0.25em at 12pt;
# measured on the reference PDF: in-word gaps < 0.02em, word spaces >= 0.25em).
WORD_GAP = 0.2
# Gaps wider than this (in em) are column/tab gaps (TOC page numbers, cells of
# an unruled table); they become a space unless both sides are CJK.
TAB_GAP = 1.5


class FoundTable(Protocol):
    """What :func:`assemble_page` needs of a found table (pdfplumber's ``Table`` has it)."""

    bbox: tuple[float, float, float, float]

    @property
    def rows(self) -> Sequence[Any]: ...  # each with ``.cells``: bbox or None


def assemble_page(raw: RawPage, chars: list[Char], tables: Sequence[FoundTable]) -> RawPage:
    """Fill ``raw`` (number, size and image counts already set) from deduplicated
    characters and the tables found on the page: counts, body lines, table lines
    and cell text."""
    raw.n_chars = sum(1 for c in chars if not c["text"].isspace())
    raw.n_cid_chars = sum(1 for c in chars if is_undecodable(c["text"]))
    boxes = [t.bbox for t in tables]
    body = [c for c in chars if not any(inside(c, b) for b in boxes)]
    in_tables = [c for c in chars if any(inside(c, b) for b in boxes)]
    raw.lines = build_lines(body)
    raw.table_lines = build_lines(in_tables, keep_spaces=True)
    for t in tables:
        rows: list[list[str | None]] = []
        for row in t.rows:
            rows.append([None if cell is None else cell_text(in_tables, cell) for cell in row.cells])
        raw.tables.append(RawTable(bbox=tuple(float(v) for v in t.bbox), rows=rows))  # type: ignore[arg-type]
    return raw


def on_page(chars: Iterable[Char], bbox: Sequence[float]) -> list[Char]:
    """The characters whose centre lies inside the page box."""
    return [c for c in chars if inside(c, bbox)]


def dedupe_chars(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop fake-bold duplicates: a glyph printed again (same text and size) within
    ``tolerance`` points of an earlier one.  Same clustering as pdfplumber's
    ``dedupe_chars`` (chained clusters on ``top`` then ``x0``, the top-left copy
    kept), but linear in the number of glyphs (pdfplumber restores the order with
    ``list.index``, quadratic on a full CJK page)."""
    groups: dict[tuple[str, float], list[int]] = defaultdict(list)
    for i, c in enumerate(chars):
        groups[(c["text"], c["size"])].append(i)
    keep: list[int] = []
    for idx in groups.values():
        if len(idx) == 1:
            keep.extend(idx)
            continue
        for y_cluster in _clusters(idx, chars, "top", tolerance):
            for x_cluster in _clusters(y_cluster, chars, "x0", tolerance):
                keep.append(min(x_cluster, key=lambda i: (chars[i]["top"], chars[i]["x0"])))
    return [chars[i] for i in sorted(keep)]


def _clusters(idx: list[int], chars: list[Char], key: str, tolerance: float) -> list[list[int]]:
    """Chain-cluster char indexes on ``chars[i][key]`` (neighbours within ``tolerance``)."""
    out: list[list[int]] = []
    last = None
    for i in sorted(idx, key=lambda i: chars[i][key]):
        v = chars[i][key]
        if last is None or v > last + tolerance:
            out.append([])
        out[-1].append(i)
        last = v
    return out


def image_coverage(boxes: Iterable[Sequence[float]], bbox: Sequence[float]) -> tuple[int, float]:
    """Count images (``(x0, top, x1, bottom)`` boxes) and the (capped) fraction of the page they cover."""
    px0, ptop, px1, pbottom = bbox
    area = max((px1 - px0) * (pbottom - ptop), 1.0)
    n, covered = 0, 0.0
    for x0, top, x1, bottom in boxes:
        n += 1
        w = min(x1, px1) - max(x0, px0)
        h = min(bottom, pbottom) - max(top, ptop)
        if w > 0 and h > 0:
            covered += w * h
    return n, round(min(covered / area, 1.0), 4)


def inside(c: Char, box: Sequence[float]) -> bool:
    """Whether the centre of character ``c`` lies in ``box`` (x0, top, x1, bottom)."""
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def cell_text(chars: list[Char], cell: Sequence[float]) -> str:
    """Text of one table cell: its lines joined CJK-aware (no space between CJK).

    Space glyphs inside a cell line are kept even between CJK characters: in
    attendee tables they separate unit from title (經濟政策課 副參事) and
    family from given name (渡部 修).
    """
    inner = [c for c in chars if inside(c, cell)]
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
    :func:`pipeline.textclean.join_pair` uses when re-joining lines.
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
