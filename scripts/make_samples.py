#!/usr/bin/env python3
"""Build the bundled sample 出國報告 PDFs in ``corpora/samples/`` with reportlab.

Each sample is rendered from a plain-text source in the shape of the real
report text (cover block, 摘要, 目次, numbered headings, tab-separated table
rows, ``圖 N：`` figure captions) into a Word-like A4 layout: cover page,
abstract page, table of contents with dot leaders and page numbers, running
header and page-number footer on body pages, justified Chinese paragraphs,
ruled tables whose header row repeats when a table crosses a page break.

Fonts are embedded TrueType (AR PL UMing TW for Chinese, IPAmincho for
Japanese) because reportlab's built-in CID font MSung-Light is decoded wrongly
by pdfminer.  Output is deterministic (``invariant=1``).

Usage: ``python scripts/make_samples.py [--out DIR] [--seed PATH] [--only NAME]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
SEED = REPO.parent / "shared" / "seeds" / "000_83d5a5fe7b9e6195.txt"

# Debian packages fonts-arphic-uming and fonts-ipafont-mincho / -gothic.
FONT_FILES = {
    "UMingTW": ("/usr/share/fonts/truetype/arphic/uming.ttc", 2),  # subfont 2 = UMing TW
    "IPAMincho": ("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf", 0),
    "IPAGothic": ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
}
ZH, JA, JA_HEAD = "UMingTW", "IPAMincho", "IPAGothic"

H1_RE = re.compile(r"^[壹貳參肆伍陸柒捌玖拾]+、\s*\S")
H2_RE = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*\S")
H3_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*\S")
ATTACH_RE = re.compile(r"^附件[一二三四五六七八九十\d]*[、：:　 ]")
TABLE_CAP_RE = re.compile(r"^表\s*\d+\s*[：:]")
FIG_CAP_RE = re.compile(r"^圖\s*\d+\s*[：:]")
LIST_RE = re.compile(r"^(\d+\s*[.．、]|[（(]\d+[)）]|[-•‧]\s)")
KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
# A long line ending in none of these was cut by a page break of the archived
# PDF (the seed's text shows this); the next plain line is re-joined to it.
TERMINAL = tuple("。！？：」』)）》")


# Full-width punctuation that must not start a line (Word's kinsoku set); reportlab's
# default list only has the half-width and Japanese ones.
NO_LINE_START = "，、。．；：！？）」』〉》】〕％…—～"


@contextlib.contextmanager
def kinsoku() -> Iterator[None]:
    """Temporarily extend reportlab's cannot-start-a-line set (restored on exit)."""
    saved = rl_paragraph.ALL_CANNOT_START, rl_textsplit.ALL_CANNOT_START
    rl_paragraph.ALL_CANNOT_START = rl_textsplit.ALL_CANNOT_START = saved[0] + NO_LINE_START
    try:
        yield
    finally:
        rl_paragraph.ALL_CANNOT_START, rl_textsplit.ALL_CANNOT_START = saved


def register_fonts() -> None:
    """Register the embedded TrueType fonts (raises FileNotFoundError if absent)."""
    for name, (path, index) in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))


def fonts_available() -> bool:
    """True when every font file the samples need is installed."""
    return all(Path(p).exists() for p, _ in FONT_FILES.values())


# ----------------------------------------------------------------------------- parsing
@dataclass
class Block:
    """One unit of the body: heading, paragraph, table or figure."""

    kind: str  # h1 h2 h3 attach para item table figure
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    caption: str | None = None
    lang: str = "zh"


@dataclass
class Report:
    """A parsed source: cover fields, abstract paragraphs, body blocks."""

    cover: list[tuple[str, str]]  # (label, value); value may hold "\n"
    category_line: str
    title: str
    abstract: list[str]
    has_toc: bool
    body: list[Block]


def parse_source(text: str, repairs: dict[str, str] | None = None) -> Report:
    """Parse report text in the seed's shape into a :class:`Report`."""
    for old, new in (repairs or {}).items():
        text = text.replace(old, new)
    lines = [ln.rstrip() for ln in text.splitlines()]
    i = 0
    nonblank = lambda s: s.strip() not in ("", "\u00a0")  # noqa: E731
    while not nonblank(lines[i]):
        i += 1
    category_line = lines[i].strip()
    i += 1
    cover: list[tuple[str, str]] = []
    title_parts: list[str] = []
    while lines[i].strip() != "摘要" and not H1_RE.match(lines[i].strip()):
        s = lines[i].strip()
        i += 1
        if not s:
            continue
        if "：" in s and s.split("：")[0] and len(s.split("：")[0]) <= 8:
            label, value = s.split("：", 1)
            cover.append((label.strip(), value.strip()))
        elif cover:  # continuation line of the previous field (a second author)
            cover[-1] = (cover[-1][0], cover[-1][1] + "\n" + s)
        else:
            title_parts.append(s)
    abstract: list[str] = []
    if lines[i].strip() == "摘要":
        i += 1
        while i < len(lines) and lines[i].strip() not in ("目次", "目錄") and not H1_RE.match(lines[i].strip()):
            if lines[i].strip():
                abstract.append(lines[i].strip())
            i += 1
    has_toc = i < len(lines) and lines[i].strip() in ("目次", "目錄")
    if has_toc:  # skip the printed TOC: it is regenerated from the headings
        while "\t" in lines[i] or "....." in lines[i] or not H1_RE.match(lines[i].strip()):
            i += 1
    return Report(cover, category_line, "".join(title_parts), abstract, has_toc, _parse_body(lines[i:]))


def _parse_body(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    lang = "zh"
    i = 0
    while i < len(lines):
        raw = lines[i]
        s = raw.strip().lstrip("-").strip() if raw.strip().startswith("- ") else raw.strip()
        i += 1
        if not s or s == "\u00a0":
            continue
        if "\t" in raw:  # a table without caption
            rows, i = _collect_rows(lines, i - 1)
            blocks.append(Block("table", rows=rows, lang=lang))
            continue
        if TABLE_CAP_RE.match(s):
            rows, i = _collect_rows(lines, i)
            blocks.append(Block("table", rows=rows, caption=s, lang=lang))
            continue
        if FIG_CAP_RE.match(s):
            blocks.append(Block("figure", caption=s, lang=lang))
            continue
        if ATTACH_RE.match(s):
            lang = "ja" if KANA_RE.search(s) else "zh"  # Japanese attachment: Japanese font
            blocks.append(Block("attach", s, lang=lang))
            continue
        kind = "para"
        if len(s) <= 40 and not s.endswith("。"):
            kind = ("h1" if H1_RE.match(s) else "h2" if H2_RE.match(s) and len(s) <= 30
                    else "h3" if H3_RE.match(s) and len(s) <= 20 else "para")
        if kind == "para" and LIST_RE.match(s):
            kind = "item"
        prev = blocks[-1] if blocks else None
        if (kind == "para" and prev is not None and prev.kind in ("para", "item")
                and len(prev.text) >= 30 and not prev.text.endswith(TERMINAL)):
            prev.text += s  # re-join a sentence cut by a page break
            continue
        blocks.append(Block(kind, s, lang="ja" if KANA_RE.search(s) else lang))
    return blocks


def _collect_rows(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Collect tab-separated rows from line ``i``; blank lines inside a table are skipped."""
    rows: list[list[str]] = []
    while i < len(lines):
        s = lines[i]
        if "\t" in s:
            cells = [c.strip() for c in s.split("\t")]
            if not all(set(c) <= {"-"} for c in cells):  # markdown-style rule line
                rows.append(cells)
            i += 1
        elif not s.strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and "\t" in lines[j]:
                i = j
            else:
                break
        else:
            break
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows], i


# ----------------------------------------------------------------------------- styles
def _style(name: str, font: str = ZH, size: float = 12, leading: float | None = None,
           align: int = TA_JUSTIFY, **kw: float) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.6,
                          alignment=align, wordWrap="CJK", **kw)


STYLES = {
    "para": _style("para", firstLineIndent=24, spaceAfter=4),
    "item": _style("item", leftIndent=24, firstLineIndent=-12, spaceAfter=2),
    "h1": _style("h1", size=16, align=TA_LEFT, spaceBefore=10, spaceAfter=8),
    "h2": _style("h2", size=14, align=TA_LEFT, spaceBefore=8, spaceAfter=4, leftIndent=12),
    "h3": _style("h3", size=12.5, align=TA_LEFT, spaceBefore=4, spaceAfter=2, leftIndent=24),
    "attach": _style("attach", font=JA_HEAD, size=15, align=TA_LEFT, spaceAfter=10),
    "cap": _style("cap", size=11, align=TA_CENTER, spaceBefore=4, spaceAfter=4),
    "cell": _style("cell", size=10.5, leading=15, align=TA_LEFT),
    "center": _style("center", align=TA_CENTER),
}


def markup(text: str, lang: str = "zh") -> str:
    """Escape ``text`` for Paragraph; characters the main font lacks use the other font."""
    return "".join(f'<font name="{font}">{escape(run)}</font>'
                   for font, run in font_runs(text, lang)).replace("\n", "<br/>")


def para(text: str, style: str, lang: str = "zh", **over: float) -> Paragraph:
    """A Paragraph in ``style`` (switching to the Japanese font for ``lang='ja'``)."""
    st = STYLES[style]
    if lang == "ja" or over:
        font = (JA_HEAD if style.startswith("h") or style == "attach" else JA) if lang == "ja" else st.fontName
        st = ParagraphStyle(st.name + lang, parent=st, fontName=font, **over)
    return Paragraph(markup(text, lang), st)


# ----------------------------------------------------------------------------- flowables
class Marked(Flowable):
    """Zero-size flowable recording where a TOC target lands (read in afterFlowable)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class LeaderLine(Flowable):
    """A TOC line: text, a run of '.' leaders, and the right-aligned page number."""

    def __init__(self, text: str, page: str, indent: float, size: float = 12) -> None:
        super().__init__()
        self.text, self.page, self.indent, self.size = text, page, indent, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.size * 1.75

    def draw(self) -> None:
        c, sw = self.canv, pdfmetrics.stringWidth
        draw_runs(c, self.indent, 4, self.text, "zh", self.size)
        c.setFont(ZH, self.size)
        num_w = sw(self.page, ZH, self.size)
        c.drawRightString(self.width, 4, self.page)
        start = self.indent + text_width(self.text, "zh", self.size) + 4
        dots = int((self.width - num_w - 4 - start) / sw(".", ZH, self.size))
        c.drawRightString(self.width - num_w - 4, 4, "." * max(dots, 3))


def font_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font, run): the language's font, the other one for missing glyphs."""
    main, other = (JA, ZH) if lang == "ja" else (ZH, JA)
    cmap = pdfmetrics.getFont(main).face.charToGlyph
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = main if ord(ch) in cmap or ch.isspace() else other
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def text_width(text: str, lang: str, size: float) -> float:
    """Width of ``text`` set in the fonts :func:`font_runs` picks."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in font_runs(text, lang))


def draw_runs(canv, x: float, y: float, text: str, lang: str, size: float,
              char_space: float = 0.0) -> None:
    """Draw ``text`` at (x, y) switching fonts per run, with optional character spacing."""
    tx = canv.beginText(x, y)
    tx.setCharSpace(char_space)
    for font, run in font_runs(text, lang):
        tx.setFont(font, size)
        tx.textOut(run)
    canv.drawText(tx)


TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/+\-]*|\s|.", re.S)


class JustifiedPara(Flowable):
    """A paragraph laid out like Word's justified CJK text.

    reportlab's Paragraph justifies only by widening spaces, which Chinese lines
    do not have; here every full line is stretched by character spacing (Tc).
    Latin words and numbers are not broken, and full-width punctuation never
    starts a line (it hangs at the end of the previous one, as Word does).
    """

    def __init__(self, text: str, lang: str = "zh", size: float = 12, leading: float = 20,
                 first_indent: float = 24, left_indent: float = 0, space_after: float = 4,
                 lines: list[str] | None = None, first: bool = True) -> None:
        super().__init__()
        self.text, self.lang, self.size, self.leading = text, lang, size, leading
        self.first_indent, self.left_indent, self.space_after = first_indent, left_indent, space_after
        self.lines, self.first, self.fixed = lines, first, lines is not None
        self.aw = 0.0

    def _width(self, s: str) -> float:
        return text_width(s, self.lang, self.size)

    def _indent(self, n: int) -> float:
        return self.left_indent + (self.first_indent if n == 0 and self.first else 0)

    def _break(self, aw: float) -> list[str]:
        lines: list[str] = []
        cur, used = "", 0.0
        for tok in TOKEN_RE.findall(self.text):
            w = self._width(tok)
            limit = aw - self._indent(len(lines))
            if used + w > limit + 0.01 and cur and not (len(tok) == 1 and tok in NO_LINE_START):
                lines.append(cur.rstrip())
                cur, used = ("" if tok.isspace() else tok), (0.0 if tok.isspace() else w)
            else:
                cur, used = cur + tok, used + w
        if cur.strip():
            lines.append(cur.rstrip())
        return lines

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if not self.fixed and (self.lines is None or self.aw != aw):
            self.lines = self._break(aw)
        self.aw = aw
        return aw, len(self.lines) * self.leading

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        n = int(ah // self.leading)
        if n < 2 or len(self.lines) - n < 1 or len(self.lines) < 4:
            return [] if n < len(self.lines) else [self]
        n = min(n, len(self.lines) - 2) if len(self.lines) - n < 2 else n  # no widow line
        kw = {"lang": self.lang, "size": self.size, "leading": self.leading, "first_indent": self.first_indent,
              "left_indent": self.left_indent}
        head = JustifiedPara(self.text, lines=self.lines[:n], first=self.first, space_after=0, **kw)
        tail = JustifiedPara(self.text, lines=self.lines[n:], first=False, space_after=self.space_after, **kw)
        head.aw = tail.aw = aw
        return [head, tail]

    def getSpaceAfter(self) -> float:
        return self.space_after

    def draw(self) -> None:
        y = len(self.lines) * self.leading - self.size
        for n, line in enumerate(self.lines):
            x = self._indent(n)
            extra = self.aw - x - self._width(line)
            last = n == len(self.lines) - 1
            cs = extra / (len(line) - 1) if not last and len(line) > 1 and 0 < extra < 2.5 * len(line) else 0
            draw_runs(self.canv, x, y, line, self.lang, self.size, min(cs, 2.5))
            y -= self.leading


class FigureBox(Flowable):
    """A grey placeholder where the report's photograph was."""

    def __init__(self, w: float = 10 * cm, h: float = 7.5 * cm) -> None:
        super().__init__()
        self.bw, self.bh = w, h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.aw = aw
        return aw, self.bh

    def draw(self) -> None:
        self.canv.setFillColor(colors.Color(0.82, 0.82, 0.82))
        self.canv.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
        self.canv.rect((self.aw - self.bw) / 2, 0, self.bw, self.bh, fill=1, stroke=1)


class ForceSplit(Flowable):
    """Blank space sized so the following caption + table must break after ``keep`` rows.

    Only grows when the whole table would otherwise fit on the current page, so
    the sample always shows a table continued across a page break.
    """

    def __init__(self, caption: Flowable, table: Table, keep: int = 3) -> None:
        super().__init__()
        self.caption, self.table, self.keep = caption, table, keep

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        ch = self.caption.wrap(aw, ah)[1] + self.caption.getSpaceBefore() + self.caption.getSpaceAfter()
        th = self.table.wrap(aw, ah)[1]
        if ch + th <= ah:
            need = ch + sum(self.table._rowHeights[: self.keep + 1]) + 2
            return aw, max(0.0, ah - need)
        return aw, 0

    def draw(self) -> None:
        pass


def column_widths(rows: list[list[str]], total: float) -> list[float]:
    """Widths proportional to each column's (capped) widest cell, with a minimum."""
    n = len(rows[0])
    need = [max(min(pdfmetrics.stringWidth(r[c], ZH, 10.5), 200.0) for r in rows) + 14 for c in range(n)]
    need = [max(w, 28.0) for w in need]
    scale = total / sum(need)
    return [w * scale for w in need]


def make_table(rows: list[list[str]], width: float, lang: str) -> Table:
    """A ruled (GRID) table with a shaded header row that repeats across pages."""
    data = [[para(c, "cell", lang) for c in r] for r in rows]
    t = Table(data, colWidths=column_widths(rows, width), repeatRows=1, hAlign="CENTER")
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


# ----------------------------------------------------------------------------- document
@dataclass
class Spec:
    """How one sample is laid out."""

    name: str
    source: Path
    header: str | None  # running header text on body pages (None: no header)
    footer: Callable[[int], str]  # printed page number -> footer text
    cover: str = "standard"  # standard | table
    repairs: dict[str, str] = field(default_factory=dict)
    force_split: str | None = None  # caption prefix of the table forced across a page break
    subject: str = ""
    figure_height: float = 7.5 * cm  # grey placeholder of a 4:3 photograph


class ReportDoc(BaseDocTemplate):
    """A4 document with cover / front-matter / body page templates."""

    def __init__(self, buf: io.BytesIO, spec: Spec, title: str, author: str) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=3.0 * cm, rightMargin=2.5 * cm,
                         topMargin=2.8 * cm, bottomMargin=2.5 * cm, invariant=1, title=title,
                         author=author, subject=spec.subject, creator="tripreport scripts/make_samples.py")
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="f",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.spec, self.marks, self.body_first = spec, {}, None
        self.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("front", [frame]),
                               PageTemplate("body", [frame], onPage=self._decorate)])

    def _decorate(self, canv, doc) -> None:
        if self.body_first is None:
            self.body_first = doc.page
        w, h = A4
        canv.saveState()
        if self.spec.header:
            canv.setFont(ZH, 9)
            canv.drawRightString(w - self.rightMargin, h - 1.8 * cm, self.spec.header)
            canv.setLineWidth(0.5)
            canv.line(self.leftMargin, h - 1.95 * cm, w - self.rightMargin, h - 1.95 * cm)
        canv.setFont(ZH, 10)
        canv.drawCentredString(w / 2, 1.4 * cm, self.spec.footer(doc.page - self.body_first + 1))
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Marked) and flowable.key not in self.marks:
            printed = self.page - self.body_first + 1 if self.body_first else 0
            self.marks[flowable.key] = printed


def cover_flowables(rep: Report, spec: Spec, width: float) -> list[Flowable]:
    """The cover page: category line, title, then the labelled fields."""
    out: list[Flowable] = [Spacer(1, 1.5 * cm), para(rep.category_line, "center", fontSize=16, leading=24),
                           Spacer(1, 4.5 * cm), para(rep.title, "center", fontSize=20, leading=32),
                           Spacer(1, 5 * cm)]
    if spec.cover == "table":  # labels and values in an unruled two-column table
        data = [[para(k + "：", "cell", fontSize=13, leading=20, alignment=2),
                 para(v, "cell", fontSize=13, leading=20)] for k, v in rep.cover]
        out.append(Table(data, colWidths=[4.2 * cm, width - 5.2 * cm], hAlign="CENTER",
                         style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return out
    for k, v in rep.cover:
        first, *rest = v.split("\n")
        out.append(para(f"{k}：{first}", "para", fontSize=14, leading=24, firstLineIndent=0, leftIndent=1.5 * cm))
        indent = 1.5 * cm + pdfmetrics.stringWidth(k + "：", ZH, 14)
        out += [para(r, "para", fontSize=14, leading=24, firstLineIndent=0, leftIndent=indent) for r in rest]
    return out


def body_flowables(rep: Report, spec: Spec, width: float) -> tuple[list[Flowable], list[tuple[str, str, int]]]:
    """Body flowables, plus TOC entries (key, text, level) in document order."""
    out: list[Flowable] = []
    toc: list[tuple[str, str, int]] = []
    for n, b in enumerate(rep.body):
        key = f"k{n}"
        if b.kind in ("h1", "h2", "attach"):
            if b.kind == "attach":
                out.append(PageBreak())
            level = 2 if b.kind == "h2" else 1
            toc.append((key, re.sub(r"^([壹貳參肆伍陸柒捌玖拾一二三四五六七八九十]+)\s*[、.．]\s*", r"\1、", b.text), level))
            out += [CondPageBreak(3 * cm), Marked(key), para(b.text, b.kind, b.lang)]
        elif b.kind == "h3":
            out.append(para(b.text, b.kind, b.lang))
        elif b.kind == "para":
            out.append(JustifiedPara(b.text, b.lang))
        elif b.kind == "item":
            out.append(JustifiedPara(b.text, b.lang, first_indent=-12, left_indent=24, space_after=2))
        elif b.kind == "figure":
            toc.append((key, b.caption or "", 9))
            out.append(KeepTogether([Spacer(1, 6), FigureBox(h=spec.figure_height), Marked(key), para(b.caption or "", "cap", b.lang)]))
        elif b.kind == "table":
            table = make_table(b.rows, width, b.lang)
            cap = para(b.caption, "cap", b.lang) if b.caption else None
            if b.caption:
                toc.append((key, b.caption, 8))
                if spec.force_split and b.caption.startswith(spec.force_split):
                    out.append(ForceSplit(cap, table))
                else:
                    out.append(CondPageBreak(4.5 * cm))
                out += [Marked(key), cap]
            out += [table, Spacer(1, 8)]
    return out, toc


def render(rep: Report, spec: Spec, pages: dict[str, int] | None) -> tuple[bytes, dict[str, int]]:
    """One layout pass; TOC page numbers come from the previous pass's ``pages``."""
    buf = io.BytesIO()
    agency = dict(rep.cover).get("服務機關", "")
    doc = ReportDoc(buf, spec, rep.title, agency)
    story: list[Flowable] = [NextPageTemplate("front")] + cover_flowables(rep, spec, doc.width)
    body, toc = body_flowables(rep, spec, doc.width)
    if rep.abstract:
        story += [PageBreak(), para("摘要", "h1", alignment=TA_CENTER)]
        story += [JustifiedPara(p) for p in rep.abstract]
    if rep.has_toc:
        story += [PageBreak()]
        for head, levels in (("目次", (1, 2)), ("表目錄", (8,)), ("圖目錄", (9,))):
            entries = [e for e in toc if e[2] in levels]
            if entries:
                story += [Spacer(1, 6), para(head, "h1", alignment=TA_CENTER)]
                story += [LeaderLine(t, str((pages or {}).get(k, 0)), 24.0 if lv == 2 else 0.0)
                          for k, t, lv in entries]
    story += [NextPageTemplate("body"), PageBreak()] + body
    doc.build(story)
    return buf.getvalue(), doc.marks


def build(spec: Spec, seed: Path | None = None) -> bytes:
    """Render one sample to PDF bytes (repeats layout until TOC page numbers are stable)."""
    register_fonts()
    src = seed if seed is not None else spec.source
    rep = parse_source(src.read_text(encoding="utf-8"), spec.repairs)
    pages: dict[str, int] | None = None
    with kinsoku():
        for _ in range(4):
            data, marks = render(rep, spec, pages)
            if marks == pages:
                break
            pages = marks
    return data


SPECS = [
    Spec("2019-chiba-fukushima", SEED, header="台日夥伴關係強化研討會訪問團 出國報告",
         footer=str, force_split="表 3",
         # layout artefacts of the archived PDF's text: a table cell wrapped mid-word
         repairs={"宮城縣經濟商工觀 光部": "宮城縣經濟商工觀光部"},
         subject="出國報告（sample 1: text of a real report, re-typeset）"),
    Spec("2023-kyushu-semiconductor-hydrogen", SAMPLES / "sources" / "2023-kyushu-semiconductor-hydrogen.txt",
         header="經濟部產業發展署 出國報告", footer=lambda n: f"- {n} -", force_split="表 4",
         subject="出國報告（sample 2: fictional, with a Japanese attachment）"),
    Spec("2023-germany-mems-sensors", SAMPLES / "sources" / "2023-germany-mems-sensors.txt",
         header=None, footer=lambda n: f"第 {n} 頁", cover="table",
         subject="出國報告（sample 3: fictional, short）"),
]


def main(argv: list[str] | None = None) -> int:
    """Build every sample (or ``--only NAME``) into ``--out`` (default corpora/samples)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=SAMPLES)
    ap.add_argument("--seed", type=Path, default=SEED, help="text of the real 2019 report")
    ap.add_argument("--only", help="build only the sample with this name")
    args = ap.parse_args(argv)
    if not fonts_available():
        print("fonts missing: apt-get install fonts-arphic-uming fonts-ipafont-mincho fonts-ipafont-gothic",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for spec in SPECS:
        if args.only and spec.name != args.only:
            continue
        seed = args.seed if spec.source == SEED else None
        if seed is not None and not seed.exists():
            print(f"skip {spec.name}: {seed} not found", file=sys.stderr)
            continue
        data = build(spec, seed)
        (args.out / f"{spec.name}.pdf").write_bytes(data)
        print(f"{spec.name}.pdf  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
