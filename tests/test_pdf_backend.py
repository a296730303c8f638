"""The pdfplumber backend on the reference PDF and on bad inputs made at test time."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.backends.base import InputError
from pipeline.backends.chars import line_text
from pipeline.backends.pdf import PdfBackend

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
CJK_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.exists():
        pytest.skip("reference PDF not available (../shared missing)")
    return PdfBackend().load(REFERENCE.read_bytes(), REFERENCE.name)


def _pdf(draw, **canvas_kw) -> bytes:
    """A one-page PDF drawn by reportlab (``draw(canvas)``)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **canvas_kw)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(c, text="Hello world 2019") -> None:
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, text)


def _code(data: bytes, name: str = "x.pdf") -> str:
    with pytest.raises(InputError) as err:
        PdfBackend().load(data, name)
    msg = str(err.value)
    assert name in msg and "\n" not in msg, msg
    return err.value.code


# --- reference PDF -------------------------------------------------------------


def test_reference_pages_and_info(reference):
    assert len(reference.pages) == 16
    assert reference.info["Producer"].startswith("LibreOffice")
    assert all(p.n_cid_chars == 0 for p in reference.pages)
    assert all(p.n_images == 0 and p.image_area == 0 for p in reference.pages)
    assert sum(p.n_chars for p in reference.pages) > 10000
    for p in reference.pages:
        for ln in p.lines + p.table_lines:
            assert "(cid:" not in ln.text
            assert ln.x0 < ln.x1 and ln.top < ln.bottom and ln.size > 0


def test_reference_lines_reading_order_and_spacing(reference):
    for p in reference.pages:
        tops = [ln.top for ln in p.lines]
        assert tops == sorted(tops)
        for ln in p.lines:
            assert not CJK_GAP.search(ln.text), ln.text
    page5 = [ln.text for ln in reference.pages[4].lines]
    assert "壹、目的" in page5  # heading: the tab gap after 、 is not a space
    # Latin word spaces survive; CJK/Latin spaces from the PDF are kept.
    assert any("福島縣 Technology Centre，" in t for t in page5)
    assert any("(TJPO)，由資策會" in t for t in page5)
    # the body font size is the dominant one
    assert reference.pages[4].lines[2].size == 12.0


def test_reference_tables(reference):
    with_tables = {p.number: len(p.tables) for p in reference.pages if p.tables}
    assert with_tables == {5: 2, 6: 1, 8: 1, 10: 1, 13: 1, 14: 1}
    t1 = reference.pages[4].tables[0]
    assert t1.rows[0] == ["單位", "姓名", "職稱", "任務分工"]
    # a cell wrapped over two lines is joined without a space between CJK characters
    assert t1.rows[1][0] == "經濟部工業局電資組"
    t3 = reference.pages[7].tables[0]
    assert t3.rows[2][2] == "經濟政策課 國際經濟推進室 主幹兼室長"
    # lines inside a table go to table_lines, not to the body lines
    body = "\n".join(ln.text for ln in reference.pages[7].lines)
    assert "石井克明" not in body
    assert any("石井克明" in ln.text for ln in reference.pages[7].table_lines)
    x0, top, x1, bottom = t3.bbox
    for ln in reference.pages[7].lines:
        assert not top <= (ln.top + ln.bottom) / 2 <= bottom


# --- line building -------------------------------------------------------------


def _chars(spec):
    """Chars from (text, x0, x1) triples on one baseline, 12pt."""
    return [{"text": t, "x0": a, "x1": b, "top": 100.0, "bottom": 112.0, "size": 12.0}
            for t, a, b in spec]


def test_line_text_gap_rules():
    # two CJK characters with a visual gap: no space
    assert line_text(_chars([("實", 0, 12), ("力", 20, 32)])) == "實力"
    # a visual gap between Latin letters is a word space; touching letters are not
    assert line_text(_chars([("a", 0, 6), ("b", 6, 12), ("c", 16, 22)])) == "ab c"
    # a space glyph between CJK and Latin is kept, between two CJK dropped
    assert line_text(_chars([("縣", 0, 12), (" ", 12, 15), ("T", 15, 22)])) == "縣 T"
    assert line_text(_chars([("部", 0, 12), (" ", 12, 15), ("修", 15, 27)])) == "部修"
    assert line_text(_chars([("部", 0, 12), (" ", 12, 15), ("修", 15, 27)]), keep_spaces=True) == "部 修"
    # a column gap before a page number becomes a space
    assert line_text(_chars([("單", 0, 12), ("2", 100, 106)])) == "單 2"


# --- bad inputs ----------------------------------------------------------------


def test_empty_and_not_pdf():
    assert _code(b"") == "empty_file"
    assert _code(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8) == "not_pdf"


def test_corrupt_and_truncated():
    assert _code(b"%PDF-1.4\n" + bytes(range(256)) * 40) == "corrupt"
    good = _pdf(_text)
    assert _code(good[: len(good) // 3]) == "corrupt"


def test_encrypted():
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = _pdf(_text, encrypt=StandardEncryption("userpw", ownerPassword="ownerpw"))
    assert _code(locked) == "encrypted"
    # encrypted with an empty user password: opens without a password
    open_ = _pdf(_text, encrypt=StandardEncryption("", ownerPassword="ownerpw", canCopy=0))
    doc = PdfBackend().load(open_, "open.pdf")
    assert doc.pages[0].lines[0].text == "Hello world 2019"


def test_too_large():
    def three(c):
        for i in range(3):
            _text(c, f"page {i}")
            c.showPage()

    data = _pdf(three)
    assert len(PdfBackend(max_pages=4).load(data, "x.pdf").pages) == 4  # 3 + final empty page
    with pytest.raises(InputError) as err:
        PdfBackend(max_pages=2).load(data, "big.pdf")
    assert err.value.code == "too_large"


def test_too_large_is_refused_before_pages_are_parsed(monkeypatch):
    # Regression: a 30,000-page file took ~30 s (pdfplumber parsed every page, once to
    # list them and again in close()) before being refused as too_large.
    from pdfminer.pdfpage import PDFPage

    from pdf_factory import many_pages_pdf

    data = many_pages_pdf(3000)
    assert len(PdfBackend().load(many_pages_pdf(3), "ok.pdf").pages) == 3  # the file is valid
    created = []
    real = PDFPage.create_pages.__func__

    def spy(cls, doc):  # the real generator, counting pages it yields
        for page in real(cls, doc):
            created.append(1)
            yield page

    monkeypatch.setattr(PDFPage, "create_pages", classmethod(spy))
    with pytest.raises(InputError) as err:
        PdfBackend().load(data, "huge.pdf")
    assert err.value.code == "too_large" and "3000 pages (limit 2000)" in str(err.value)
    assert created == []


def test_image_only_pdf():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 280), (200, 200, 200))
    data = _pdf(lambda c: c.drawImage(ImageReader(img), 0, 0, width=595, height=842),
                pagesize=(595, 842))
    page = PdfBackend().load(data, "scan.pdf").pages[0]
    assert page.n_chars == 0 and not page.lines
    assert page.n_images == 1 and page.image_area > 0.95


def test_msung_light_decodes_to_wrong_characters():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))

    def draw(c):
        c.setFont("MSung-Light", 14)
        c.drawString(72, 720, "經濟部工業局")

    text = PdfBackend().load(_pdf(draw), "msung.pdf").pages[0].lines[0].text
    assert len(text) == 6 and text != "經濟部工業局"
