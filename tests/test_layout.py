"""Page layout: furniture removal, TOC pages, paragraphs, text-layer diagnosis."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.backends import backend_for, pdf_backend_names
from pipeline.backends.base import RawDocument, RawLine, RawPage
from pipeline.document import Document, Source
from pipeline.extract import layout, paragraphs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
CJK_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def _doc(raw: RawDocument, name: str = "t.pdf") -> Document:
    doc = Document(id="t", source=Source(filename=name, sha256="", size=1, pages=len(raw.pages)))
    layout.annotate(doc, raw)
    return doc


def _load(data: bytes, name: str = "t.pdf", backend: str = "pdfplumber") -> Document:
    return _doc(backend_for(data, name, backend).load(data, name), name)


@pytest.fixture(scope="module", params=pdf_backend_names())
def reference(request: pytest.FixtureRequest) -> Document:
    if not REFERENCE.exists():
        pytest.skip("reference PDF not available (../shared missing)")
    return _load(REFERENCE.read_bytes(), REFERENCE.name, request.param)


# --- reference PDF ---------------------------------------------------------------


def test_reference_pages(reference):
    assert reference.status == "ok" and not reference.errors
    kinds = {p.number: p.kind for p in reference.pages}
    assert [n for n, k in kinds.items() if k == "toc"] == [3, 4]
    assert all(k == "body" for n, k in kinds.items() if n not in (3, 4))
    # printed page numbers read from the footer (the cover has none)
    assert reference.pages[0].printed_number is None
    assert [p.printed_number for p in reference.pages[1:]] == [str(n) for n in range(2, 17)]


def test_reference_no_furniture_in_text(reference):
    text = reference.text
    assert "訪問團出國報告" not in text  # the running header
    for p in reference.pages:
        for line in p.text.splitlines():
            assert layout.page_number(line) is None, (p.number, line)
    assert not re.search(r"\.{4,}|．{3,}|…", text)  # no dot leaders
    assert "目次" not in text.splitlines() and "圖目錄" not in text


def test_reference_toc_text_kept(reference):
    toc = reference.pages[2].text.splitlines()
    assert toc[0] == "目次"
    assert "壹、目的\t1" in toc and "表 5：東北經產局出席人員\t17" in toc
    assert "圖 9：訪團合影留念\t20" in reference.pages[3].text


def test_reference_paragraphs(reference):
    text = reference.text
    lines = text.splitlines()
    assert CJK_GAP.search(text) is None
    for heading in ("壹、目的", "貳、過程", "參、工作內容", "肆、心得與建議", "(一) 目的"):
        assert heading in lines, heading
    # the sentence broken by the page 6/7 break is mended onto page 6
    assert "實力堅強的資通訊產業聚落、政府也積極推動跨國產業合作" in reference.pages[5].text
    assert not reference.pages[6].text.startswith("的資通訊")
    # a paragraph wrapped over four lines is one line of text
    abstract = [ln for ln in reference.pages[1].text.splitlines() if ln.startswith("為深化並維繫")]
    assert abstract and abstract[0].endswith("產業推動機構。")
    # the cover's last line is not glued to the next page's heading
    assert "報告日期：108年11月25日" in reference.pages[0].text.splitlines()
    assert reference.pages[1].text.splitlines()[0] == "摘要"
    # Latin words keep their spaces; a wrap at a word space keeps it
    assert "東芝記憶體（已更名為 KIOXIA）2018 年" in text
    assert "MEMS Park Consortium" in text


# --- unit-level behaviour ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", "1"), ("- 12 -", "12"), ("第 3 頁", "3"), ("第1頁，共20頁", "1"), ("1/20", "1"),
     ("1 / 20", "1"), ("Page 4 of 9", "4"), ("iv", "iv"), ("- XII -", "XII"), ("第三頁", "三"),
     ("（5）", "5")],
)
def test_page_number(text, number):
    assert layout.page_number(text) == number


@pytest.mark.parametrize("text", ["壹、目的", "2019年", "1. 時間", "mix", "表 1：名單", "ii."])
def test_not_page_number(text):
    assert layout.page_number(text) is None


def test_toc_detection():
    assert layout.is_toc_line("壹、目的 .............. 1")
    assert layout.is_toc_line("圖 2：簡報 ．．．．．． 12")
    assert layout.is_toc_line("一、前言…………3")
    assert not layout.is_toc_line("本次出國期間自 2019 年 9 月 17 日至 9 月 20 日")
    assert layout.is_toc_page(["目錄", "壹、目的 ...... 1", "貳、過程 ...... 2"])
    assert layout.is_toc_page(["圖 5：a .... 13", "圖 6：b .... 13", "圖 7：c .... 16"])
    assert not layout.is_toc_page(["壹、目的", "經濟部為因應全球經濟整合趨勢。", "a .... 3"])
    assert layout.toc_line("一、前言…………3") == "一、前言\t3"
    assert paragraphs.clean_line("正文 ........ 更多") == "正文更多"
    assert paragraphs.clean_line("Text ........ more") == "Text more"


def _line(text, x0, x1, top, size=12.0):
    return RawLine(text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size)


def test_paragraph_rules():
    lines = [
        _line("壹、目的", 90, 154, 70, 16),
        _line("經濟部為因應全球經濟整合趨勢及加強台日產業連結，特成立「台日", 114, 498, 110),
        _line("產業合作推動辦公室」，由資策會負責營運", 90, 498, 130),
        _line("並促成兩國企業合作。", 90, 300, 150),
        _line("一、團員及任務分工", 90, 210, 170),
        _line("1. 時間：下午 1 時", 114, 300, 190),
        _line("2. 地點：千葉 Hall(千葉市中央區中央 2-", 114, 498, 210),
        _line("5-1)", 90, 130, 230),
        _line("(1)由本局電資組科長簡報，分別針對台灣的重點產業政策等進行介紹", 114, 498, 260),
        _line("與說明", 90, 150, 280),
        _line("短行結束", 90, 150, 300),
        _line("新的段落開始於左邊", 90, 400, 320),
    ]
    assert paragraphs.paragraphs_of(lines) == [
        "壹、目的",
        "經濟部為因應全球經濟整合趨勢及加強台日產業連結，特成立「台日產業合作推動辦公室」，"
        "由資策會負責營運並促成兩國企業合作。",
        "一、團員及任務分工",
        "1. 時間：下午 1 時",
        "2. 地點：千葉 Hall(千葉市中央區中央 2-5-1)",
        "(1)由本局電資組科長簡報，分別針對台灣的重點產業政策等進行介紹與說明",
        "短行結束",
        "新的段落開始於左邊",
    ]


# --- documents made at test time ----------------------------------------------------


def _pdf(pages: list[list[tuple[str, float, float]]], font: str = "STSong-Light") -> bytes:
    """A PDF with one list of (text, x, y-from-top) per page, drawn in a CID font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for page in pages:
        for text, x, y in page:
            f = text[1] if isinstance(text, tuple) else font
            c.setFont(f, 12)
            c.drawString(x, 842 - y, text[0] if isinstance(text, tuple) else text)
        c.showPage()
    c.save()
    return buf.getvalue()


BODY = [
    "經濟部工業局辦理訪日團，由電資組科長率隊，訪問日本千葉、福島縣。",
    "參加台日夥伴關係強化研討會活動，並參訪地方政府及產業推動機構。",
]


def _report_page(n: int, total: int, body=BODY) -> list:
    items = [("台日產業合作研討會 出國報告", 200, 40)]
    body = [f"{'一二三四五六'[n - 1]}、{t}" if i == 0 else t for i, t in enumerate(body)]
    items += [(t, 90, 100 + 20 * i) for i, t in enumerate(body)]
    items.append((f"第 {n} 頁，共 {total} 頁", 260, 800))
    return items


def test_headers_and_page_numbers_on_generated_pdf(backend_name):
    doc = _load(_pdf([_report_page(n, 3) for n in (1, 2, 3)]), backend=backend_name)
    assert doc.status == "ok", doc.errors
    assert [p.printed_number for p in doc.pages] == ["1", "2", "3"]
    assert "出國報告" not in doc.text and "頁" not in doc.text
    assert doc.text.count("經濟部工業局辦理訪日團") == 3


def test_garbled_document_fails():
    # pdfminer decodes reportlab's MSung-Light wrongly (PDFium reads it right: below).
    doc = _load(_pdf([_report_page(n, 2) for n in (1, 2)], font="MSung-Light"), "msung.pdf")
    assert doc.failed
    assert doc.errors[0].code == "garbled_text"
    assert "msung.pdf" in doc.errors[0].message and "nonsense" in doc.errors[0].message


def test_msung_light_is_read_right_by_pdfium():
    doc = _load(_pdf([_report_page(n, 2) for n in (1, 2)], font="MSung-Light"), "msung.pdf", "pdfium")
    assert doc.status == "ok" and doc.text.count("經濟部工業局辦理訪日團") == 2


def test_wrong_font_encoding_fails_on_both_backends(backend_name):
    from pdf_factory import wrong_tounicode_pdf

    doc = _load(wrong_tounicode_pdf(4), "bad-cmap.pdf", backend_name)
    assert doc.failed and [e.code for e in doc.errors] == ["garbled_text"]
    assert "bad-cmap.pdf" in doc.errors[0].message


def test_font_without_unicode_map_fails_on_both_backends(backend_name):
    from pdf_factory import no_tounicode_cid_pdf

    doc = _load(no_tounicode_cid_pdf(4), "cid.pdf", backend_name)
    assert doc.failed and [e.code for e in doc.errors] == ["cid_font"]
    assert "cid.pdf" in doc.errors[0].message and "96 of 96 glyphs" in doc.errors[0].message


def test_one_garbled_page_is_partial():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    good = [_report_page(n, 4) for n in (1, 2, 3)]
    bad = [((t, "MSung-Light") if i and i < len(p) - 1 else t, x, y)
           for p in [_report_page(4, 4, BODY * 2)] for i, (t, x, y) in enumerate(p)]
    doc = _load(_pdf(good + [bad]))
    assert doc.status == "partial"
    assert [(e.code, e.page) for e in doc.errors] == [("garbled_text", 4)]
    assert doc.pages[3].text == "" and doc.text.count("經濟部") == 3


def test_image_only_pdf_fails_no_text_layer(backend_name):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for _ in range(2):
        c.drawImage(ImageReader(Image.new("L", (100, 140), 180)), 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    doc = _load(buf.getvalue(), "scan.pdf", backend_name)
    assert doc.failed and doc.errors[0].code == "no_text_layer"
    assert "scan.pdf" in doc.errors[0].message and "OCR" in doc.errors[0].message
    assert [p.kind for p in doc.pages] == ["image_only", "image_only"]


def test_cid_font_fails():
    lines = [_line("(cid:12)(cid:34)(cid:56)(cid:78)", 90, 400, 100 + 20 * i) for i in range(10)]
    raw = RawDocument(pages=[RawPage(number=1, width=595, height=842, lines=lines,
                                     n_chars=40, n_cid_chars=40)])
    doc = _doc(raw, "cid.pdf")
    assert doc.failed and doc.errors[0].code == "cid_font"


def test_image_page_between_text_pages():
    pages = [
        RawPage(number=1, width=595, height=842, n_chars=60,
                lines=[_line(t, 90, 480, 100 + 20 * i) for i, t in enumerate(BODY)]),
        RawPage(number=2, width=595, height=842, n_images=1, image_area=0.8),
        RawPage(number=3, width=595, height=842),
    ]
    doc = _doc(RawDocument(pages=pages))
    assert doc.status == "ok"
    assert [p.kind for p in doc.pages] == ["body", "image_only", "blank"]


def test_full_line_ending_in_full_stop_continues():
    lines = [
        _line("微機電系統感測器為智慧製造、車用電子及服務型機器人之關鍵元件。", 109, 529, 100),
        _line("德國薩克森邦德勒斯登地區聚集晶圓廠、研究機構及設備商，素有之", 85, 524, 120),
        _line("參考。", 85, 121, 140),
        _line("摘錄原文如下：", 109, 300, 160),
        _line("据业内人士分析，欧洲传感器产业在汽车电子和工业自动化领域", 109, 524, 180),
        _line("具有明显优势。", 85, 200, 200),
    ]
    assert paragraphs.paragraphs_of(lines) == [
        "微機電系統感測器為智慧製造、車用電子及服務型機器人之關鍵元件。"
        "德國薩克森邦德勒斯登地區聚集晶圓廠、研究機構及設備商，素有之參考。",
        "摘錄原文如下：",
        "据业内人士分析，欧洲传感器产业在汽车电子和工业自动化领域具有明显优势。",
    ]
