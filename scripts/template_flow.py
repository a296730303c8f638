"""A small flowing-page writer on a reportlab canvas, for the template samples.

It sets lines, wrapped paragraphs, tables of contents (leaders, tab column,
right-aligned numbers, spaces) and ruled tables in an embedded TrueType CJK
font, numbers body pages in the footer and records on which printed page each
heading landed (so a second pass can print a true table of contents).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = ("/usr/share/fonts/truetype/arphic/uming.ttc", 2)  # AR PL UMing TW
FONT = "UMingTW"


def register_font() -> None:
    """Register the embedded TrueType CJK font (FileNotFoundError when not installed)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE[0], subfontIndex=FONT_FILE[1]))


@dataclass
class Flow:
    """Top-down writer: ``y`` falls as lines are set; pages break by themselves."""

    footer: str = "- {n} -"  # printed page number format on numbered pages
    left: float = 72.0
    right: float = A4[0] - 72.0
    top: float = A4[1] - 80.0
    bottom: float = 80.0
    buf: io.BytesIO = field(default_factory=io.BytesIO)
    printed: int | None = None  # printed number of the current page, None = unnumbered
    headings: dict[str, int] = field(default_factory=dict)  # title -> printed page

    def __post_init__(self) -> None:
        register_font()
        self.c = canvas.Canvas(self.buf, pagesize=A4, invariant=1)
        self.y = self.top

    # -- pages
    def new_page(self, numbered: bool | None = None) -> None:
        """End the page (footer if numbered); ``numbered=True`` starts numbering at 1."""
        if self.printed is not None:
            self.c.setFont(FONT, 10)
            self.c.drawCentredString(A4[0] / 2, 40, self.footer.format(n=self.printed))
        self.c.showPage()
        self.y = self.top
        if numbered is True and self.printed is None:
            self.printed = 1
        elif self.printed is not None:
            self.printed += 1

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def gap(self, h: float) -> None:
        self.y -= h

    def save(self) -> bytes:
        self.new_page()
        self.c.save()
        return self.buf.getvalue()

    # -- text
    def width(self, text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, FONT, size)

    def line(self, text: str, size: float = 12, align: str = "left", x: float | None = None,
             lead: float = 1.7) -> None:
        self.need(size * lead)
        self.y -= size * lead
        self.c.setFont(FONT, size)
        if align == "center":
            self.c.drawCentredString((self.left + self.right) / 2, self.y, text)
        elif align == "right":
            self.c.drawRightString(self.right, self.y, text)
        else:
            self.c.drawString(x if x is not None else self.left, self.y, text)

    def heading(self, text: str, size: float = 14) -> None:
        self.need(size * 4)
        self.gap(size * 0.4)
        self.line(text, size)
        if self.printed is not None:
            self.headings.setdefault(text, self.printed)

    def wrap(self, text: str, size: float, width: float, first_indent: float = 0.0) -> list[str]:
        out, cur, avail = [], "", width - first_indent
        for ch in text:
            if self.width(cur + ch, size) > avail and cur:
                if ch in "，。、；：）」":  # kinsoku: punctuation hangs on the line
                    cur += ch
                    out.append(cur)
                    cur, avail = "", width
                    continue
                out.append(cur)
                cur, avail = "", width
            cur += ch
        if cur:
            out.append(cur)
        return out

    def para(self, text: str, size: float = 12, indent_chars: int = 2, x_indent: float = 0.0) -> None:
        first = indent_chars * size
        lines = self.wrap(text, size, self.right - self.left - x_indent, first)
        for i, ln in enumerate(lines):
            self.line(ln, size, x=self.left + x_indent + (first if i == 0 else 0))
        self.gap(size * 0.3)

    # -- tables of contents
    def toc_entry(self, title: str, page: int | str, style: str, size: float = 12, indent: float = 0) -> None:
        """One entry: ``leaders`` (dots), ``right`` (number flush right), ``tab`` (number in
        a column), ``spaces`` (number after ideographic spaces).  Long titles wrap."""
        x = self.left + indent
        avail = self.right - x - 3 * size
        parts = self.wrap(title, size, avail)
        for ln in parts[:-1]:
            self.line(ln, size, x=x)
        last = parts[-1]
        self.need(size * 1.7)
        self.y -= size * 1.7
        self.c.setFont(FONT, size)
        num = str(page)
        if style == "spaces":
            self.c.drawString(x, self.y, f"{last}\u3000\u3000{num}")
            return
        self.c.drawString(x, self.y, last)
        if style == "leaders":
            start = x + self.width(last, size) + 4
            end = self.right - self.width(num, size) - 4
            dots = "." * max(3, int((end - start) / self.width(".", size)))
            self.c.drawString(start, self.y, dots)
        if style == "tab":
            self.c.drawString(self.right - 2.5 * size, self.y, num)
        else:
            self.c.drawRightString(self.right, self.y, num)

    # -- ruled tables
    def table(self, rows: list[list[str]], widths: list[float], size: float = 10.5,
              spans: dict[tuple[int, int], int] | None = None) -> None:
        """A ruled grid; ``spans[(row, col)] = n`` merges n columns from ``col``."""
        spans = spans or {}
        scale = (self.right - self.left) / sum(widths)
        cols = [w * scale for w in widths]
        for r, row in enumerate(rows):
            cells: list[tuple[float, float, str]] = []  # x, width, text
            x, c = self.left, 0
            for text in row:
                n = spans.get((r, c), 1)
                w = sum(cols[c:c + n])
                cells.append((x, w, text))
                x, c = x + w, c + n
            wrapped = [self.wrap(t, size, w - 6) or [""] for _, w, t in cells]
            height = max(len(w) for w in wrapped) * size * 1.45 + 6
            self.need(height)
            top = self.y
            self.c.setLineWidth(0.6)
            for (x0, w, _), lines in zip(cells, wrapped):
                self.c.rect(x0, top - height, w, height)
                self.c.setFont(FONT, size)
                for k, ln in enumerate(lines):
                    self.c.drawString(x0 + 3, top - 3 - size * (1.45 * k + 1.05), ln)
            self.y = top - height
        self.gap(size)
