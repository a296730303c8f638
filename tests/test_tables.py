"""Tables stage: captions, headers, merges, split rows; end to end on the reference PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.backends.base import RawDocument, RawLine, RawPage, RawTable
from pipeline.document import Document, Source
from pipeline.extract import table_text, tables

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE_PDF = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"

H = 842.0  # A4 height in pt


def line(text: str, top: float, x0: float = 90.0) -> RawLine:
    return RawLine(text=text, x0=x0, x1=x0 + 12.0 * len(text), top=top, bottom=top + 12.0, size=12.0)


def table(
    top: float, bottom: float, rows: list[list[str | None]], x0: float = 85.0, x1: float = 500.0
) -> RawTable:
    return RawTable(bbox=(x0, top, x1, bottom), rows=rows)


def page(number: int, lines: list[RawLine] = (), tabs: list[RawTable] = (), footer: bool = True) -> RawPage:
    """A page with a running header and a page-number footer, like a Word report."""
    furniture = [line("某某考察團 出國報告", 38.0, 280.0)]
    if footer:
        furniture.append(line(str(number), 790.0, 294.0))
    return RawPage(number=number, width=595.0, height=H, lines=[*furniture, *lines], tables=list(tabs))


def run(*pages: RawPage) -> Document:
    doc = Document(id="t", source=Source(filename="t.pdf", sha256="", size=0))
    tables.annotate(doc, RawDocument(pages=list(pages)))
    return doc


ATTENDEE_HEADER = ["", "單位", "所屬與職稱", "姓名"]


# --- captions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["表 3：千葉縣廳出席人員", "表5：東北經產局出席人員", "表一、行程表", "表 2 參訪行程", "Table 1. Attendees",
     "表 3-1：經費", "表１：出國人員名單"],
)
def test_caption_forms(text: str) -> None:
    assert table_text.caption_match(text)


@pytest.mark.parametrize(
    "text",
    ["表 1：出國人員名單 ........ 2", "表1顯示本次出國人員。", "表示台灣積極加入國際組織", "二、行程表", ""],
)
def test_not_captions(text: str) -> None:
    assert table_text.caption_match(text) is None


def test_caption_number() -> None:
    assert table_text.caption_number("表 3：千葉縣廳出席人員") == "3"
    assert table_text.caption_number("表一、行程") == "一"
    assert table_text.caption_number("本文") is None


def test_caption_above_is_linked_and_nearest_wins() -> None:
    doc = run(
        page(
            1,
            [line("表 1：出國人員名單", 300.0), line("(一) 團員", 270.0), line("本文一段。", 420.0)],
            [table(320.0, 400.0, [["單位", "姓名", "職稱"], ["經濟部工業局", "王小明", "科長"]])],
        )
    )
    assert [t.caption for t in doc.tables] == ["表 1：出國人員名單"]
    t = doc.tables[0]
    assert t.header == ["單位", "姓名", "職稱"] and t.rows == [["經濟部工業局", "王小明", "科長"]]
    assert t.kind == "attendees" and t.page == 1 and t.pages == [1]


def test_caption_below_when_none_above() -> None:
    doc = run(
        page(
            1,
            [line("說明如下：", 250.0), line("表 2：經費概算", 408.0), line("表 3：行程", 500.0)],
            [
                table(300.0, 400.0, [["項目", "金額"], ["機票", "30000"]]),
                table(520.0, 600.0, [["日期", "地點"], ["9/17", "東京"]]),
            ],
        )
    )
    assert [t.caption for t in doc.tables] == ["表 2：經費概算", "表 3：行程"]
    assert [t.kind for t in doc.tables] == ["table", "schedule"]


def test_caption_far_above_is_not_linked() -> None:
    doc = run(page(1, [line("表 1：名單", 100.0)], [table(400.0, 500.0, [["姓名", "職稱"], ["王小明", "科長"]])]))
    assert doc.tables[0].caption is None


def test_caption_in_first_table_row() -> None:
    doc = run(page(1, [], [table(300.0, 400.0, [["表 4：拜會名單", None], ["姓名", "職稱"], ["王小明", "科長"]])]))
    t = doc.tables[0]
    assert t.caption == "表 4：拜會名單" and t.header == ["姓名", "職稱"] and t.rows == [["王小明", "科長"]]


def test_orphan_caption_at_page_end() -> None:
    doc = run(
        page(1, [line("本文。", 500.0), line("表 6：出席人員", 740.0)]),
        page(2, [line("下一段。", 300.0)], [table(72.0, 200.0, [["姓名", "職稱"], ["王小明", "科長"]])]),
    )
    assert doc.tables[0].caption == "表 6：出席人員" and doc.tables[0].page == 2


# --- headers, kinds, cells -------------------------------------------------------------


def test_header_detection_and_empty_rows() -> None:
    assert table_text.is_header_row(["", "上午", "下午"])
    assert table_text.is_header_row(ATTENDEE_HEADER)
    assert not table_text.is_header_row(["1", "千葉縣 商工勞動部", "經濟政策課 副參事", "石井克明"])
    assert not table_text.is_header_row(["9/18 (三)", "參訪企業", "拜會千葉縣廳"])
    doc = run(page(1, [line("表 1：x", 280.0)], [table(300.0, 400.0, [
        ["9/17", "東京", "拜會"], [None, None, None], ["9/18", "大阪", "參訪"]])]))
    t = doc.tables[0]
    assert t.header == [] and t.rows == [["9/17", "東京", "拜會"], ["9/18", "大阪", "參訪"]] and t.kind == "table"


def test_form_table_has_no_header() -> None:
    rows = [["計畫名稱", "某某考察"], ["服務機關", "經濟部工業局"], ["姓名職稱", "王小明 科長"], ["出國日期", "2019-09-17"]]
    doc = run(page(1, [], [table(300.0, 400.0, rows)]))
    assert doc.tables[0].header == [] and len(doc.tables[0].rows) == 4 and doc.tables[0].kind == "table"
    assert doc.people == []


def test_cell_lines_joined_cjk_aware() -> None:
    assert table_text.clean_cell("經濟政策課 國際經\n濟推進室") == "經濟政策課 國際經濟推進室"
    assert table_text.clean_cell("福島縣\nTechnology\nCentre") == "福島縣 Technology Centre"
    assert table_text.clean_cell(None) == ""


def test_spurious_empty_column_dropped() -> None:
    doc = run(page(1, [], [table(300.0, 400.0, [["姓名", "職稱", None], ["王小明", "科長", ""]])]))
    assert doc.tables[0].header == ["姓名", "職稱"] and doc.tables[0].rows == [["王小明", "科長"]]


# --- merging -----------------------------------------------------------------------------


def _attendee_rows(start: int, n: int) -> list[list[str | None]]:
    return [[str(i), "某縣 商工部", "產業課 課長", f"人名{i}"] for i in range(start, start + n)]


def test_cross_page_merge_with_repeated_header() -> None:
    doc = run(
        page(1, [line("表 3：出席人員", 600.0)], [table(620.0, 770.0, [ATTENDEE_HEADER, *_attendee_rows(1, 3)])]),
        page(2, [line("(五) 會議摘要", 260.0)], [table(72.0, 240.0, [ATTENDEE_HEADER, *_attendee_rows(4, 2)])]),
    )
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == [1, 2] and t.page == 1 and t.caption == "表 3：出席人員"
    assert t.header == ATTENDEE_HEADER
    assert [r[0] for r in t.rows] == ["1", "2", "3", "4", "5"]


def test_cross_page_merge_without_header_same_columns() -> None:
    doc = run(
        page(1, [line("表 2：行程表", 680.0)], [table(700.0, 770.0, [["", "上午", "下午"], ["9/17", "", "去程"]])]),
        page(2, [], [table(72.0, 140.0, [["9/18", "研討會", "拜會"], ["9/19", "移動", "回程"]])]),
    )
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.kind == "schedule" and t.pages == [1, 2]
    assert t.rows == [["9/17", "", "去程"], ["9/18", "研討會", "拜會"], ["9/19", "移動", "回程"]]


def test_split_row_rejoined_across_pages() -> None:
    doc = run(
        page(1, [line("表 3：出席人員", 600.0)], [table(620.0, 770.0, [
            ATTENDEE_HEADER,
            ["1", "千葉縣 商工勞動部", "經濟政策課 副參事", "石井克明"],
            ["2", "千葉縣 商工勞動部", "經濟政策課 國際經", "篠崎慎一"],
        ])]),
        page(2, [line("(五) 會議摘要", 220.0)], [table(72.0, 200.0, [
            [None, None, "濟推進室 主幹兼室長", None],
            ["3", "千葉縣 商工勞動部", "產業振興課 副課長", "阿久津和司"],
        ])]),
    )
    t = doc.tables[0]
    assert t.pages == [1, 2] and len(t.rows) == 3
    assert t.rows[1] == ["2", "千葉縣 商工勞動部", "經濟政策課 國際經濟推進室 主幹兼室長", "篠崎慎一"]
    assert [p.name for p in doc.people] == ["石井克明", "篠崎慎一", "阿久津和司"]
    assert doc.people[1].title == "主幹兼室長" and doc.people[1].unit == "經濟政策課國際經濟推進室"


def test_no_merge_when_continuation_has_own_caption_or_text_follows() -> None:
    rows = [["姓名", "職稱"], ["王小明", "科長"]]
    doc = run(
        page(1, [line("表 1：甲", 620.0)], [table(640.0, 770.0, rows)]),
        page(2, [line("表 2：乙", 80.0)], [table(100.0, 200.0, rows)]),
    )
    assert [t.caption for t in doc.tables] == ["表 1：甲", "表 2：乙"]
    doc = run(
        page(1, [line("表 1：甲", 500.0), line("以上為名單。", 700.0)], [table(520.0, 680.0, rows)]),
        page(2, [], [table(72.0, 200.0, [["李大華", "技正"]])]),
    )
    assert len(doc.tables) == 2 and doc.tables[1].pages == [2]


def test_continued_caption_merges() -> None:
    doc = run(
        page(1, [line("表 1：名單", 620.0)], [table(640.0, 770.0, [["姓名", "職稱"], ["王小明", "科長"]])]),
        page(2, [line("表 1：名單（續）", 80.0)], [table(100.0, 200.0, [["姓名", "職稱"], ["李大華", "技正"]])]),
    )
    assert len(doc.tables) == 1 and doc.tables[0].rows == [["王小明", "科長"], ["李大華", "技正"]]


def test_column_count_mismatch_not_merged() -> None:
    doc = run(
        page(1, [line("表 1：名單", 620.0)], [table(640.0, 770.0, [["姓名", "職稱"], ["王小明", "科長"]])]),
        page(2, [], [table(72.0, 200.0, [["a", "b", "c"], ["1", "2", "3"]])]),
    )
    assert len(doc.tables) == 2


def test_same_page_split_merged() -> None:
    doc = run(page(1, [line("表 1：名單", 280.0)], [
        table(300.0, 380.0, [["姓名", "職稱"], ["王小明", "科長"]]),
        table(384.0, 420.0, [["李大華", "技正"]]),
    ]))
    assert len(doc.tables) == 1 and doc.tables[0].rows == [["王小明", "科長"], ["李大華", "技正"]]
    # ...but not when a line of text stands between them.
    doc = run(page(1, [line("表 1：名單", 280.0), line("註：", 384.0)], [
        table(300.0, 380.0, [["姓名", "職稱"], ["王小明", "科長"]]),
        table(398.0, 440.0, [["李大華", "技正"]]),
    ]))
    assert len(doc.tables) == 2


# --- end to end on the reference PDF ----------------------------------------------------

EXPECTED = [
    ("表 1：出國人員名單", "attendees", 4, ["單位", "姓名", "職稱", "任務分工"]),
    ("表 2：行程表", "schedule", 4, ["", "上午", "下午"]),
    ("表 3：千葉縣廳出席人員", "attendees", 8, ATTENDEE_HEADER),
    ("表 4：福島縣 Technology Centre 出席人員", "attendees", 2, ATTENDEE_HEADER),
    ("表5：東北經產局出席人員", "attendees", 6, ATTENDEE_HEADER),
]


def _check_reference(doc: Document) -> None:
    got = [(t.caption, t.kind, len(t.rows), t.header) for t in doc.tables]
    assert got == EXPECTED
    t2, t5 = doc.tables[1], doc.tables[4]
    assert len(t2.pages) == 2 and len(t5.pages) == 2  # both continue on the next page
    assert t2.rows[0] == ["9/17 (二)", "", "去程 (松山→羽田機場)"]
    assert t5.rows[-1][1:] == ["宮城縣經濟商工觀光部", "新產業振興課 產業連攜推進班主事", "三浦純也"]
    assert doc.tables[2].rows[1] == ["2", "千葉縣 商工勞動部", "經濟政策課 國際經濟推進室 主幹兼室長", "篠崎慎一"]
    counts = {i: sum(p.source_table == i for p in doc.people) for i in range(5)}
    assert counts == {0: 4, 1: 0, 2: 8, 3: 2, 4: 6}


@pytest.fixture(scope="module")
def reference_raw() -> RawDocument:
    if not REFERENCE_PDF.exists():
        pytest.skip("../shared reference PDF not available")
    from pipeline.backends import pdf
    return pdf.PdfBackend().load(REFERENCE_PDF.read_bytes(), REFERENCE_PDF.name)


def test_reference_pdf_tables(reference_raw: RawDocument) -> None:
    doc = Document(id="ref", source=Source(filename=REFERENCE_PDF.name, sha256="", size=0))
    tables.annotate(doc, reference_raw)
    _check_reference(doc)


def test_reference_pdf_process_file(processed_pdf) -> None:
    if not REFERENCE_PDF.exists():
        pytest.skip("../shared reference PDF not available")
    doc = processed_pdf(REFERENCE_PDF)
    assert not [e for e in doc.errors if e.stage == "tables"]
    _check_reference(doc)


# --- a real PDF with a row cut by the page break (drawn with reportlab) -----------------

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


def _draw_grid(c: Any, top: float, rows: list[list[str]], widths: list[float], x0: float = 90.0) -> float:
    """Draw a ruled table whose top edge is ``top`` pt below the page top; returns its bottom."""
    height, size = 842.0, 10.0
    y = height - top
    c.line(x0, y, x0 + sum(widths), y)
    for row in rows:
        h = max(len(cell.split("\n")) for cell in row) * (size + 4) + 6
        x = x0
        for w, cell in zip(widths, row):
            for k, text in enumerate(cell.split("\n")):
                c.drawString(x + 3, y - 4 - size - k * (size + 4), text)
            x += w
        y -= h
        c.line(x0, y, x0 + sum(widths), y)
    x = x0
    for w in [0.0, *widths]:
        x += w
        c.line(x, height - top, x, y)
    return height - y


def test_real_pdf_row_split_by_page_break(tmp_path: Path) -> None:
    if not UMING.exists():
        pytest.skip("AR PL UMing font not installed")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from pipeline.backends import pdf

    pdfmetrics.registerFont(TTFont("UMingTest", str(UMING), subfontIndex=0))
    path = tmp_path / "split.pdf"
    c = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    widths = [30.0, 130.0, 160.0, 90.0]
    for n in (1, 2):
        c.setFont("UMingTest", 9)
        c.drawString(250, 802, "某某考察團 出國報告")  # running header
        c.drawString(295, 40, str(n))  # page number
        c.setFont("UMingTest", 12)
        if n == 1:
            for k in range(5):
                c.drawString(90, 742 - 20 * k, "本段為測試用正文，說明拜會目的與出席人員。")
            c.drawString(200, 222, "表 3：某縣出席人員")
            rows = [
                ATTENDEE_HEADER,
                ["1", "某某縣 商工部", "經濟課 副參事", "山田太郎"],
                ["2", "某某縣 商工部", "經濟課 國際推\n進室", "佐藤 花子"],  # cut by the page break
            ]
            _draw_grid(c, 640.0, rows, widths)
        else:
            rows = [["", "", "主幹兼室長", ""], ["3", "某某縣 商工部", "產業課 副課長", "鈴木一郎"]]
            bottom = _draw_grid(c, 72.0, rows, widths)
            c.drawString(90, 842 - bottom - 30, "(五) 會議摘要與結論")
        c.showPage()
    c.save()

    raw = pdf.PdfBackend().load(path.read_bytes(), path.name)
    doc = run(*raw.pages)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.caption, t.pages, t.header, t.kind) == ("表 3：某縣出席人員", [1, 2], ATTENDEE_HEADER, "attendees")
    assert [r[0] for r in t.rows] == ["1", "2", "3"]
    assert t.rows[1][2] == "經濟課 國際推進室主幹兼室長"
    assert [(p.name, p.title, p.unit) for p in doc.people] == [
        ("山田太郎", "副參事", "經濟課"),
        ("佐藤花子", "主幹兼室長", "經濟課國際推進室"),
        ("鈴木一郎", "副課長", "產業課"),
    ]
