"""Small but complete trip-report PDFs made at test time, for batch tests.

Each report has a cover block, numbered sections and a paragraph that names its
serial number, so every call with another ``n`` gives another document id.  Text
is drawn with the embedded TrueType font AR PL UMing (Debian fonts-arphic-uming,
installed by the Makefile), which pdfminer decodes correctly.
"""

from __future__ import annotations

import io
from pathlib import Path

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
FONT = "UMingReport"

_COUNTRIES = ["日本", "德國", "美國", "韓國", "法國"]
_TOPICS = ["半導體產業合作", "氫能技術發展", "機器人產業應用", "微機電感測器研發", "智慧製造推動"]


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(UMING), subfontIndex=2))  # 2 = UMing TW
    return FONT


def report_lines(n: int) -> tuple[list[str], list[str]]:
    """(cover lines, body lines) of report number ``n``."""
    country, topic = _COUNTRIES[n % len(_COUNTRIES)], _TOPICS[n % len(_TOPICS)]
    year = 108 + n % 5
    cover = ["出國報告（出國類別：考察）", f"赴{country}考察{topic}第{n}號",
             "服務機關：經濟部產業發展署", "姓名職稱：產業發展組王大明科長",
             f"派赴國家/地區：{country}", f"出國期間：{year}年9月{1 + n % 20}日至{year}年9月{5 + n % 20}日",
             f"報告日期：{year}年10月20日"]
    body = ["壹、目的",
            f"本次考察為第{n}號報告，瞭解{country}在{topic}之政策與產業現況。",
            "貳、過程",
            f"一、拜會{country}政府機關，就{topic}交換意見，並參訪相關企業與研究機構。",
            "二、出席研討會，說明我國產業政策與合作方向。",
            "參、心得及建議",
            f"建議持續推動臺灣與{country}在{topic}領域之合作交流，第{n}號報告完。"]
    return cover, body


def small_report_pdf(n: int, body_pages: int = 1) -> bytes:
    """A report numbered ``n``: a cover page and ``body_pages`` body pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    cover, body = report_lines(n)
    more = [[f"（{k}）第{page}頁：{line}" for k, line in enumerate(body[1::2] * 6, start=1)]
            for page in range(2, body_pages + 1)]
    pages = [(cover, 700), (body, 780)] + [(lines, 780) for lines in more]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for lines, top in pages:
        y = top
        for line in lines:
            c.setFont(font, 16 if lines is cover and y == top else 12)
            c.drawString(72, y, line)
            y -= 28
        c.showPage()
    c.save()
    return buf.getvalue()


def write_reports(folder: Path, count: int, start: int = 0, body_pages: int = 1) -> list[Path]:
    """Write reports ``start`` .. ``start + count - 1`` as ``folder/report-NNNN.pdf``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        p = folder / f"report-{n:04d}.pdf"
        p.write_bytes(small_report_pdf(n, body_pages))
        paths.append(p)
    return paths


def scan_of(pdf: bytes, dpi: int, turn: int = 0) -> bytes:
    """An image-only PDF of ``pdf``'s pages rendered at ``dpi`` (what a scanner makes);
    ``turn`` degrees counter-clockwise: a sheet fed sideways or upside down."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    source = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    for page in source:
        width, height = page.get_size()
        if turn in (90, 270):
            width, height = height, width
        png = io.BytesIO()
        page.render(scale=dpi / 72, grayscale=True).to_pil().rotate(turn, expand=True).save(png, format="PNG")
        png.seek(0)
        c.setPageSize((width, height))
        c.drawImage(ImageReader(png), 0, 0, width=width, height=height)
        c.showPage()
    c.save()
    return out.getvalue()


def pages_from(*parts: tuple[bytes, int]) -> bytes:
    """A PDF made of page ``index`` (0-based) of each ``(pdf, index)``, in order
    (PDFium copies the pages): e.g. text pages of a report around a scanned one."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for data, index in parts:
        out.import_pages(pdfium.PdfDocument(data), [index])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
