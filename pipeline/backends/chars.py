"""Characters -> lines, cells and raw pages: the part of extraction every PDF backend shares.

A backend reads characters as dicts (``text``, ``x0``, ``x1``, ``top``, ``bottom``,
``size``; PDF points, ``top`` measured down from the top of the page) plus the
bounding boxes and cells of the ruled tables it found; :func:`assemble_page` turns
them into a :class:`RawPage`.

Lines are rebuilt from characters (not from a library's ``extract_text``) so
that spacing follows CJK rules: a visual gap between two CJK characters never
becomes a space, a gap between two Latin words does.  All text is passed
through :func:`pipeline.text.clean.normalize`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, Protocol

from pipeline.backends.base import RawLine, RawPage, RawTable
from pipeline.text.chars import is_cjk
from pipeline.text.clean import join_lines, normalize
from pipeline.text.marks import is_undecodable

Char = dict[str, Any]
_TOP_X0 = itemgetter("top", "x0")
_X0, _X1, _TOP, _BOTTOM = itemgetter("x0"), itemgetter("x1"), itemgetter("top"), itemgetter("bottom")

# A gap wider than this fraction of the font size between two Latin characters
# is a word space (pdfplumber's default x_tolerance of 3pt is 0.25em at 12pt;
# measured on the reference PDF: in-word gaps < 0.02em, word spaces >= 0.25em).
WORD_GAP = 0.2
# Gaps wider than this (in em) are column/tab gaps (TOC page numbers, cells of
# an unruled table); they become a space unless both sides are CJK.
TAB_GAP = 1.5


class FoundTable(Protocol):
    """What :func:`assemble_page` needs of a found table (pdfplumber's ``Table`` has it)."""

    @property
    def bbox(self) -> tuple[float, float, float, float]: ...

    @property
    def rows(self) -> Sequence[Any]: ...  # each with ``.cells``: bbox or None


def assemble_page(raw: RawPage, chars: list[Char], tables: Sequence[FoundTable]) -> RawPage:
    """Fill ``raw`` (number, size and image counts already set) from deduplicated
    characters and the tables found on the page: counts, body lines, table lines
    and cell text."""
    raw.n_chars = sum(1 for c in chars if not c["text"].isspace())
    raw.n_cid_chars = sum(1 for c in chars if is_undecodable(c["text"]))
    body, in_tables = chars, []
    if tables:
        inner = set().union(*(within(chars, t.bbox) for t in tables))
        body = [c for i, c in enumerate(chars) if i not in inner]
        in_tables = [c for i, c in enumerate(chars) if i in inner]
    raw.lines = build_lines(body)
    raw.table_lines = build_lines(in_tables, keep_spaces=True)
    for t in tables:
        mine = [in_tables[i] for i in within(in_tables, t.bbox)]  # cells lie inside their table
        rows: list[list[str | None]] = []
        for row in t.rows:
            rows.append([None if cell is None else cell_text(mine, cell) for cell in row.cells])
        x0, top, x1, bottom = (float(v) for v in t.bbox)
        raw.tables.append(RawTable(bbox=(x0, top, x1, bottom), rows=rows))
    return raw


def on_page(chars: list[Char], bbox: Sequence[float]) -> list[Char]:
    """The characters whose centre lies inside the page box."""
    return [chars[i] for i in within(chars, bbox)]


def within(chars: list[Char], box: Sequence[float]) -> list[int]:
    """Indexes of the characters whose centre lies in ``box`` (x0, top, x1, bottom);
    doubled centres are compared (exact in floats, one addition per coordinate)."""
    x0, top, x1, bottom = (2 * v for v in box)
    return [i for i, c in enumerate(chars)
            if x0 <= c["x0"] + c["x1"] <= x1 and top <= c["top"] + c["bottom"] <= bottom]


def dedupe_chars(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop fake-bold duplicates: a glyph printed again (same text and size) within
    ``tolerance`` points of an earlier one (in both ``x0`` and ``top``).  Glyphs with
    such a twin are clustered as pdfplumber's ``dedupe_chars`` does (chained
    clusters on ``top``, then on ``x0``; the top-left copy kept); the rest is left
    alone without sorting it into groups (pdfplumber restores the order with
    ``list.index``, quadratic on a full CJK page)."""
    suspects = _near_twins(chars, tolerance)
    if not suspects:  # the common case: no glyph printed twice
        return chars
    groups: dict[tuple[str, float], list[tuple[float, float, int]]] = defaultdict(list)
    for i, c in enumerate(chars):
        if (c["text"], c["size"]) in suspects:
            groups[(c["text"], c["size"])].append((c["top"], c["x0"], i))
    drop: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            for row in _chain(sorted(members), 0, tolerance):
                for cluster in _chain(sorted(row, key=lambda m: m[1]), 1, tolerance):
                    keep = min(cluster)  # top, then x0, then first printed
                    drop.update(m[2] for m in cluster if m is not keep)
    return [c for i, c in enumerate(chars) if i not in drop] if drop else chars


def _near_twins(chars: list[Char], tolerance: float) -> set[tuple[str, float]]:
    """The (text, size) keys of glyphs printed again within ``tolerance`` of both
    ``x0`` and ``top``: one sort, then each glyph against its neighbours in ``x0``."""
    keyed = sorted((c["text"], c["size"], c["x0"], c["top"]) for c in chars)
    out: set[tuple[str, float]] = set()
    for j in range(1, len(keyed)):
        text, size, x0, top = keyed[j]
        k = j - 1
        while k >= 0 and keyed[k][0] == text and keyed[k][1] == size and x0 - keyed[k][2] <= tolerance:
            if abs(top - keyed[k][3]) <= tolerance:
                out.add((text, size))
                break
            k -= 1
    return out


def _chain(members: list[tuple[float, float, int]], key: int, tolerance: float) -> Iterator[list]:
    """Chain clusters of ``members`` (sorted on ``m[key]``) with more than one member:
    neighbours within ``tolerance`` of each other."""
    start = 0
    for j in range(1, len(members) + 1):
        if j == len(members) or members[j][key] > members[j - 1][key] + tolerance:
            if j - start > 1:
                yield members[start:j]
            start = j


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


def cell_text(chars: list[Char], cell: Sequence[float]) -> str:
    """Text of one table cell: its lines joined CJK-aware (no space between CJK).

    Space glyphs inside a cell line are kept even between CJK characters: in
    attendee tables they separate unit from title (經濟政策課 副參事) and
    family from given name (渡部 修).
    """
    inner = [chars[i] for i in within(chars, cell)]
    return join_lines(line.text for line in build_lines(inner, keep_spaces=True))


# --- characters -> lines -----------------------------------------------------


def build_lines(chars: list[Char], keep_spaces: bool = False) -> list[RawLine]:
    """Cluster characters into visual lines (by vertical overlap) in reading order.

    ``keep_spaces`` keeps space glyphs between two CJK characters (table cells).
    """
    rows: list[list[Char]] = []
    tops: list[float] = []  # top and bottom of each row
    bottoms: list[float] = []
    for c in sorted(chars, key=_TOP_X0):
        if not rows and c["text"].isspace():
            continue
        ct, cb = c["top"], c["bottom"]
        n = len(rows)
        # Rows are created top-down, so only the last few can overlap this char.
        for k in range(n - 1, n - 4 if n > 3 else -1, -1):
            t, b = tops[k], bottoms[k]
            # the hot loop of extraction: conditional expressions, not min()/max() calls
            overlap = (b if b < cb else cb) - (t if t > ct else ct)
            if overlap > 0 and overlap >= 0.5 * (b - t if b - t < cb - ct else cb - ct):
                rows[k].append(c)
                if ct < t:
                    tops[k] = ct
                if cb > b:
                    bottoms[k] = cb
                break
        else:
            rows.append([c])
            tops.append(ct)
            bottoms.append(cb)
    lines = [
        line
        for row in rows
        if (line := _make_line(sorted(row, key=_X0), keep_spaces))
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
    first = ink[0]["size"]
    if all(c["size"] == first for c in ink):  # the common case: one size on the line
        size = round(float(first), 1)
    else:
        size = Counter(round(float(c["size"]), 1) for c in ink).most_common(1)[0][0]
    return RawLine(
        text=text.lstrip(),
        x0=float(min(map(_X0, ink))),
        x1=float(max(map(_X1, ink))),
        top=float(min(map(_TOP, ink))),
        bottom=float(max(map(_BOTTOM, ink))),
        size=size,
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
    prev_x1 = prev_size = 0.0
    cjk_a = started = False
    pending = False  # a space glyph was seen since the last ink character
    for c in chars:
        t = c["text"]
        if not t or t.isspace():
            pending = started
            continue
        cjk_b = is_cjk(t[0])
        cjk_last = cjk_b if len(t) == 1 else is_cjk(t[-1])
        size = float(c["size"])
        if started:
            gap = c["x0"] - prev_x1
            em = max(min(prev_size, size), 1.0)
            if keep_spaces and (pending or gap > 1.0 * em):
                out.append(" ")  # kept space glyph, or a gap between two table cells
            elif not (cjk_a and cjk_b):
                if pending or gap > TAB_GAP * em or gap > WORD_GAP * em and not (cjk_a or cjk_b):
                    out.append(" ")
        out.append(t)
        prev_x1, prev_size, cjk_a = c["x1"], size, cjk_last
        started, pending = True, False
    if pending:
        out.append(" ")
    return "".join(out)
