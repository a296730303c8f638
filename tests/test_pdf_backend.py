"""Both PDF backends (PDFium and pdfplumber) on the reference PDF and on bad inputs made
at test time: every test here runs once per backend unless it says otherwise."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.backends.chars import dedupe_chars, line_text
from pipeline.backends.pdf import PdfBackend
from pipeline.backends.pdfium import PdfiumBackend
from pipeline.errors import InputError

BACKENDS = {"pdfium": PdfiumBackend, "pdfplumber": PdfBackend}

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
CJK_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


@pytest.fixture(params=list(BACKENDS))
def backend(request):  # a backend class
    return BACKENDS[request.param]


@pytest.fixture(scope="module", params=list(BACKENDS))
def reference(request):
    if not REFERENCE.exists():
        pytest.skip("reference PDF not available (../shared missing)")
    return BACKENDS[request.param]().load(REFERENCE.read_bytes(), REFERENCE.name)


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


def _code(backend, data: bytes, name: str = "x.pdf") -> str:
    with pytest.raises(InputError) as err:
        backend().load(data, name)
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


def test_empty_and_not_pdf(backend):
    assert _code(backend, b"") == "empty_file"
    assert _code(backend, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8) == "not_pdf"


def test_corrupt_and_truncated(backend):
    assert _code(backend, b"%PDF-1.4\n" + bytes(range(256)) * 40) == "corrupt"
    good = _pdf(_text)
    assert _code(backend, good[: len(good) // 3]) == "corrupt"


def test_encrypted(backend):
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = _pdf(_text, encrypt=StandardEncryption("userpw", ownerPassword="ownerpw"))
    assert _code(backend, locked) == "encrypted"
    # encrypted with an empty user password: opens without a password
    open_ = _pdf(_text, encrypt=StandardEncryption("", ownerPassword="ownerpw", canCopy=0))
    doc = backend().load(open_, "open.pdf")
    assert doc.pages[0].lines[0].text == "Hello world 2019"


def test_too_large(backend):
    def three(c):
        for i in range(3):
            _text(c, f"page {i}")
            c.showPage()

    data = _pdf(three)
    assert len(backend(max_pages=4).load(data, "x.pdf").pages) == 4  # 3 + final empty page
    with pytest.raises(InputError) as err:
        backend(max_pages=2).load(data, "big.pdf")
    assert err.value.code == "too_large"


def test_too_large_is_refused_before_pages_are_parsed(monkeypatch):
    # pdfplumber only (PDFium reads the declared count without building pages).
    # Regression: a 30,000-page file took ~30 s (pdfplumber parsed every page, once to
    # list them and again in close()) before being refused as too_large.
    from pdf_factory import many_pages_pdf
    from pdfminer.pdfpage import PDFPage

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


def test_image_only_pdf(backend):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 280), (200, 200, 200))
    data = _pdf(lambda c: c.drawImage(ImageReader(img), 0, 0, width=595, height=842),
                pagesize=(595, 842))
    page = backend().load(data, "scan.pdf").pages[0]
    assert page.n_chars == 0 and not page.lines
    assert page.n_images == 1 and page.image_area > 0.95


def test_msung_light_decoding_differs_by_backend():
    # reportlab's CID font MSung-Light: pdfminer decodes it to wrong characters (the
    # archive fault layout reports as garbled_text), PDFium decodes it right.
    from pdf_factory import garbled_msung_pdf

    data = garbled_msung_pdf("經濟部工業局")
    wrong = PdfBackend().load(data, "msung.pdf").pages[0].lines[0].text
    assert len(wrong) == 6 and wrong != "經濟部工業局"
    assert PdfiumBackend().load(data, "msung.pdf").pages[0].lines[0].text == "經濟部工業局"


def test_glyphs_without_unicode_are_counted(backend):
    # A CID font without a ToUnicode map: pdfminer writes (cid:NN), PDFium U+FFFD;
    # both count every glyph as undecodable.
    from pdf_factory import no_tounicode_cid_pdf

    page = backend().load(no_tounicode_cid_pdf(4), "cid.pdf").pages[0]
    assert page.n_chars == 96 and page.n_cid_chars == 96 and len(page.lines) == 4


def test_wrong_tounicode_text_is_read_as_written(backend):
    from pdf_factory import wrong_tounicode_pdf

    page = backend().load(wrong_tounicode_pdf(2), "bad-cmap.pdf").pages[0]
    assert [ln.text for ln in page.lines] == ["齉龘靐齾爩鱻麤龗灪籱驫鸞鬱麷齽爨"] * 2
    assert page.n_cid_chars == 0


def test_fake_bold_duplicates_are_dropped(backend):
    # Word's fake bold: every glyph printed twice, a fraction of a point apart.
    from pdf_factory import _cid

    def draw(c):
        for dx in (0, 0.3):
            c.setFont(_cid("STSong-Light"), 14)
            c.drawString(72 + dx, 720, "半导体产业 2023")

    page = backend().load(_pdf(draw), "bold.pdf").pages[0]
    assert [ln.text for ln in page.lines] == ["半导体产业 2023"]
    assert page.n_chars == 9


def test_dedupe_chars_keeps_distinct_glyphs():
    chars = [{"text": t, "x0": x, "x1": x + 10, "top": y, "bottom": y + 10, "size": 10.0}
             for t, x, y in [("a", 0, 0), ("a", 0.5, 0.2), ("a", 12, 0), ("a", 0, 30), ("b", 0.1, 0)]]
    assert dedupe_chars(chars) == [chars[0], chars[2], chars[3], chars[4]]
