"""A Japanese overseas-training report as a real PDF: a cover form set as a ruled table
(氏名, 所属, 職名, 派遣国, 研修機関名, 研修期間, 専門分野, 報告日) and a body page, drawn
with the embedded TrueType font IPA Mincho (Debian fonts-ipafont-mincho, installed by
the Makefile). The people and organisations are invented."""

from __future__ import annotations

import io
from pathlib import Path

IPA_MINCHO = Path("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf")
FONT = "IPAMinchoForm"

FORM = [
    ("氏名", "川村 浩二（かわむら こうじ）"),
    ("所属", "静岡県工業技術研究所"),
    ("職名", "上席研究員"),
    ("派遣国", "ドイツ"),
    ("研修機関名", "フラウンホーファー生産技術研究所"),
    ("研修期間", "令和元年9月1日～令和元年11月30日"),
    ("専門分野", "精密加工"),
    ("報告日", "令和元年12月10日"),
]
SCHEDULE = [
    ("日付", "訪問先", "内容"),
    ("9月2日", "国土交通省鉄道局技術企画課", "意見交換"),
    ("9月3日", "静岡県経済産業部", "研修報告"),
]
BODY = [
    "1．研修の概要",
    "研修機関ではレーザー加工の研究グループに参加し、",
    "工作機械の精度評価について指導を受けた。",
    "2．所感",
    "帰国後は県内の中小企業への技術支援に活かしたい。",
]


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(IPA_MINCHO)))
    return FONT


def _table(c: object, rows: list[tuple[str, ...]], top: float, xs: tuple[float, ...], row_h: float = 28) -> None:
    """A ruled table: ``rows`` of cells between the column lines ``xs``."""
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * row_h, xs[-1], top - i * row_h)  # type: ignore[attr-defined]
    for x in xs:
        c.line(x, top, x, top - len(rows) * row_h)  # type: ignore[attr-defined]
    for i, row in enumerate(rows):
        for x, cell in zip(xs, row):
            c.drawString(x + 6, top - i * row_h - 19, cell)  # type: ignore[attr-defined]


def japanese_form_pdf() -> bytes:
    """Page 1: the title and the form as a two-column ruled table; page 2: the body and a
    ruled schedule table (訪問先: organisations written in kanji only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(font, 18)
    c.drawString(200, 760, "海外研修報告書")
    left, mid, right, top, row_h = 72, 200, 523, 720, 30
    c.setLineWidth(0.8)
    for i in range(len(FORM) + 1):
        c.line(left, top - i * row_h, right, top - i * row_h)
    bottom = top - len(FORM) * row_h
    for x in (left, mid, right):
        c.line(x, top, x, bottom)
    c.setFont(font, 12)
    for i, (label, value) in enumerate(FORM):
        y = top - i * row_h - 20
        c.drawString(left + 8, y, label)
        c.drawString(mid + 8, y, value)
    c.showPage()
    c.setFont(font, 12)
    y = 780
    for line in BODY:
        c.drawString(72, y, line)
        y -= 26
    _table(c, SCHEDULE, top=y - 20, xs=(72, 160, 400, 523))
    c.showPage()
    c.save()
    return buf.getvalue()
