"""Cover metadata: fields, title, people, destinations, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Page, Person, Source
from pipeline.extract import cover, destinations

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"


def _doc(*texts: str) -> Document:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    return Document(id="t", source=Source(filename="t.pdf", sha256="", size=0), pages=pages)


def _seed_pages() -> list[str]:
    """The seed report split into fake pages: cover, abstract, the rest."""
    paras = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    i = paras.index("摘要")
    return ["\n".join(paras[:i]), "\n".join(paras[i:i + 3]), "\n".join(paras[i + 3:])]


@pytest.mark.skipif(not SEED.exists(), reason="../shared not available")
def test_seed_cover() -> None:
    doc = _doc(*_seed_pages())
    cover.annotate(doc)
    assert [p.kind for p in doc.pages] == ["cover", "body", "body"]
    assert doc.text.startswith("摘要\n") and "服務機關" not in doc.text  # cover left out
    m = doc.metadata
    assert m.category == "其他"
    assert m.title == "台日夥伴關係強化研討會訪問團"
    assert m.agency == "經濟部"
    assert [(a.unit, a.name, a.title) for a in m.authors] == [
        ("工業局電子資訊組", "鄒宗勳", "科長"),
        ("工業局電子資訊組", "張哲倫", "技正"),
    ]
    assert m.countries == ["日本"]
    assert m.places == ["千葉", "福島", "宮城"]
    assert (m.period_start, m.period_end) == ("2019-09-17", "2019-09-20")
    assert m.report_date == "2019-11-25"
    assert m.raw["派赴國家"] == "日本千葉、福島、宮城"
    assert m.raw["姓名職稱"].splitlines() == ["工業局電子資訊組鄒宗勳科長", "工業局電子資訊組張哲倫技正"]


def test_spaced_labels_half_width_colons_and_continued_fields() -> None:
    text = "\n".join([
        "出 國 報 告",
        "（出國類別：考察）",
        "智慧機械產業",
        "考察團",
        "服 務 機 關 : 經濟部",
        "工業局",
        "姓名/職稱:",
        "王小明 科長",
        "李大華 技正",
        "派赴國家/地區：德國、",
        "法國巴黎",
        "出國期間：中華民國一〇八年九月十七日至",
        "九月二十日",
        "報告日期：108 年 11 月 25 日",
    ])
    doc = _doc(text, "壹、目的\n本文。")
    cover.annotate(doc)
    m = doc.metadata
    assert doc.pages[0].kind == "cover" and doc.pages[1].kind == "body"
    assert m.category == "考察"
    assert m.title == "智慧機械產業考察團"
    assert m.agency == "經濟部工業局"
    assert [(a.name, a.title) for a in m.authors] == [("王小明", "科長"), ("李大華", "技正")]
    assert all(a.org == "經濟部工業局" for a in m.authors)
    assert (m.countries, m.places) == (["德國", "法國"], ["巴黎"])
    assert (m.period_start, m.period_end) == ("2019-09-17", "2019-09-20")
    assert m.report_date == "2019-11-25"


def test_report_heading_variants_and_date_footer_after_authors() -> None:
    doc = _doc("行政院所屬各機關因公出國人員出國報告書\n（出國類別：研究）\n智慧製造研究\n"
               "服務機關：經濟部\n出國期間：112年3月6日至10日\n姓名職稱：王小明 科長\n中華民國112年4月20日")
    cover.annotate(doc)
    m = doc.metadata
    assert (m.category, m.title) == ("研究", "智慧製造研究")
    assert [a.name for a in m.authors] == ["王小明"]
    assert m.report_date == "2023-04-20" and m.period_end == "2023-03-10"
    assert "出國類別" not in m.raw and list(m.raw) == ["服務機關", "出國期間", "姓名職稱"]


def test_no_cover_leaves_metadata_empty() -> None:
    doc = _doc("壹、目的\n服務機關的說明文字。", "貳、過程")
    cover.annotate(doc)
    assert all(p.kind == "body" for p in doc.pages)
    assert doc.metadata.title is None and doc.metadata.authors == []
    assert doc.status == "ok"


def test_cover_split_over_two_pages_and_unlabelled_report_date() -> None:
    doc = _doc(
        "出國報告（出國類別：開會）",
        "出席國際會議\n服務機關：行政院環境保護署\n姓名職稱：綜合計畫處 科長 陳大文\n"
        "派赴國家：美國\n出國期間：2019/9/17-20\n中華民國108年10月1日",
        "摘要\n本文。",
    )
    cover.annotate(doc)
    assert [p.kind for p in doc.pages] == ["cover", "cover", "body"]
    m = doc.metadata
    assert m.category == "開會" and m.title == "出席國際會議"
    assert m.authors == [Person("陳大文", "科長", "綜合計畫處", "行政院環境保護署")]
    assert (m.period_start, m.period_end) == ("2019-09-17", "2019-09-20")
    assert m.report_date == "2019-10-01"


# Cover blocks in the layouts seen on report.nat.gov.tw (names and titles invented):
# (cover text, category, title, agency, [(unit, name, title)], countries, places,
#  period_start, period_end, report_date).
REALISTIC_COVERS = [
    ("出國報告（出國類別：開會）\n參加2019年亞太經濟合作(APEC)\n中小企業部長會議\n"
     "服務機關：經濟部中小企業處\n姓名職稱：何晉滄 處長\n林淑芬 科長\n派赴國家：智利\n"
     "出國期間：民國108年09月02日~108年09月08日\n報告日期：108年11月29日",
     "開會", "參加2019年亞太經濟合作(APEC)中小企業部長會議", "經濟部中小企業處",
     [(None, "何晉滄", "處長"), (None, "林淑芬", "科長")], ["智利"], [],
     "2019-09-02", "2019-09-08", "2019-11-29"),
    ("行政院及所屬各機關出國報告\n（出國類別：考察）\n赴日本考察智慧機械產業發展\n"
     "服務機關：經濟部工業局\n姓名職稱：經濟部工業局 副局長 江文若、專員 王大明\n"
     "派赴國家/地區：日本東京、大阪\n出國期間：中華民國112年10月2日至同年10月6日\n"
     "報告日期：中華民國112年12月1日",
     "考察", "赴日本考察智慧機械產業發展", "經濟部工業局",
     [("經濟部工業局", "江文若", "副局長"), ("經濟部工業局", "王大明", "專員")],
     ["日本"], ["東京", "大阪"], "2023-10-02", "2023-10-06", "2023-12-01"),
    ("出國報告（出國類別：其他）\n2023年日本半導體展(SEMICON Japan)參展\n"
     "服務機關：經濟部產業發展署\n姓名職稱：電子資訊產業組 簡任技正 陳美華\n派赴國家：日本\n"
     "出國期間：2023年12月12日（二）～12月16日（六）\n報告日期：2024年2月5日",
     "其他", "2023年日本半導體展(SEMICON Japan)參展", "經濟部產業發展署",
     [("電子資訊產業組", "陳美華", "簡任技正")], ["日本"], [],
     "2023-12-12", "2023-12-16", "2024-02-05"),
    ("出國報告（出國類別：研究）\n赴日研習氫能供應鏈\n服務機關：經濟部能源署\n"
     "姓名職稱：李建國\u3000組長、黃淑貞\u3000技正\n派赴國家：日本（福島縣、東京都）\n"
     "出國期間：１１２年１１月６日至１１２年１１月１０日\n報告日期：１１３年１月１５日",
     "研究", "赴日研習氫能供應鏈", "經濟部能源署",
     [(None, "李建國", "組長"), (None, "黃淑貞", "技正")], ["日本"], ["福島縣", "東京都"],
     "2023-11-06", "2023-11-10", "2024-01-15"),
    ("出國報告(出國類別:訓練)\n機器人產業人才培訓\n服務機關:國家科學及技術委員會\n"
     "姓名職稱:前瞻及應用科技處 研究員 王志宏\n派赴國家:美國 波士頓\n"
     "出國期間:2022/8/1-2022/8/31\n報告日期:2022/10/3",
     "訓練", "機器人產業人才培訓", "國家科學及技術委員會",
     [("前瞻及應用科技處", "王志宏", "研究員")], ["美國"], ["波士頓"],
     "2022-08-01", "2022-08-31", "2022-10-03"),
]


@pytest.mark.parametrize("case", REALISTIC_COVERS, ids=lambda c: c[1] + "-" + c[3])
def test_realistic_cover_blocks(case: tuple) -> None:
    text, category, title, agency, authors, countries, places, start, end, report = case
    m = cover.extract_metadata(text)
    assert (m.category, m.title, m.agency) == (category, title, agency)
    assert [(a.unit, a.name, a.title) for a in m.authors] == authors
    assert all(a.org == agency for a in m.authors)
    assert (m.countries, m.places) == (countries, places)
    assert (m.period_start, m.period_end, m.report_date) == (start, end, report)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("工業局電子資訊組鄒宗勳科長", [("工業局電子資訊組", "鄒宗勳", "科長")]),
        ("鄒宗勳 科長", [(None, "鄒宗勳", "科長")]),
        ("經濟部工業局 科長 鄒宗勳", [("經濟部工業局", "鄒宗勳", "科長")]),
        ("經濟部工業局科長鄒宗勳", [("經濟部工業局", "鄒宗勳", "科長")]),
        ("王小明主任秘書、李大華副組長", [(None, "王小明", "主任秘書"), (None, "李大華", "副組長")]),
        ("電資組王明專員，林美玲技士", [("電資組", "王明", "專員"), ("電資組", "林美玲", "技士")]),
        ("國立臺灣大學機械工程學系 教授 林明", [("國立臺灣大學機械工程學系", "林明", "教授")]),
        ("科長鄒宗勳 技正張哲倫", [(None, "鄒宗勳", "科長"), (None, "張哲倫", "技正")]),
        ("王小明 科長 李大華 技正", [(None, "王小明", "科長"), (None, "李大華", "技正")]),
        ("陳一\n林二", [(None, "陳一", None), (None, "林二", None)]),
        ("經濟部工業局科長 鄒宗勳", [("經濟部工業局", "鄒宗勳", "科長")]),
        ("工業局技正 張哲倫", [("工業局", "張哲倫", "技正")]),
        ("王小明（科長）、李大華（技正）", [(None, "王小明", "科長"), (None, "李大華", "技正")]),
    ],
)
def test_parse_people(value: str, expected: list[tuple[str | None, str, str | None]]) -> None:
    assert [(p.unit, p.name, p.title) for p in cover.parse_people(value)] == expected


@pytest.mark.parametrize(
    ("value", "countries", "places"),
    [
        ("日本千葉、福島、宮城", ["日本"], ["千葉", "福島", "宮城"]),
        ("日本東京及大阪", ["日本"], ["東京", "大阪"]),
        ("美國、加拿大", ["美國", "加拿大"], []),
        ("美國舊金山、加拿大溫哥華", ["美國", "加拿大"], ["舊金山", "溫哥華"]),
        ("日本（東京）", ["日本"], ["東京"]),
        ("德國柏林等地", ["德國"], ["柏林"]),
        ("日本 東京 大阪", ["日本"], ["東京", "大阪"]),
        ("大韓民國首爾", ["韓國"], ["首爾"]),
        ("印度尼西亞雅加達", ["印尼"], ["雅加達"]),
        ("印度新德里", ["印度"], ["新德里"]),
        ("美国、德国", ["美國", "德國"], []),
        ("ドイツ、フランス", ["德國", "法國"], []),
        ("United States", ["美國"], []),
    ],
)
def test_parse_destinations(value: str, countries: list[str], places: list[str]) -> None:
    assert destinations.parse_destinations(value) == (countries, places)


# ---------------------------------------------------------------- end to end on real PDFs

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


def _squash(s: str) -> str:
    import re
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_cover_matches_golden(name: str, processed_pdf) -> None:
    import json

    exp = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))["metadata"]
    doc = processed_pdf(SAMPLES / f"{name}.pdf")
    assert doc.status == "ok", doc.errors
    assert doc.pages[0].kind == "cover" and all(p.kind != "cover" for p in doc.pages[1:])
    m = doc.metadata
    for key in ("category", "title", "agency", "countries", "places", "period_start",
                "period_end", "report_date"):
        assert getattr(m, key) == exp[key], key
    assert [{"name": a.name, "title": a.title, "unit": a.unit} for a in m.authors] == exp["authors"]
    # raw: same labels as printed; values as printed up to width and spacing (the
    # extraction backend NFKC-normalises text and closes gaps between CJK glyphs).
    assert list(m.raw) == list(exp["raw"])
    assert {k: _squash(v) for k, v in m.raw.items()} == {k: _squash(v) for k, v in exp["raw"].items()}


@pytest.mark.skipif(not (SHARED / "pdfs").exists(), reason="../shared not available")
def test_reference_pdf_cover(processed_pdf) -> None:
    doc = processed_pdf(SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf")
    assert [p.number for p in doc.pages if p.kind == "cover"] == [1]
    m = doc.metadata
    assert (m.category, m.title, m.agency) == ("其他", "台日夥伴關係強化研討會訪問團", "經濟部")
    assert [a.name for a in m.authors] == ["鄒宗勳", "張哲倫"]
    assert (m.countries, m.places) == (["日本"], ["千葉", "福島", "宮城"])
    assert (m.period_start, m.period_end, m.report_date) == ("2019-09-17", "2019-09-20", "2019-11-25")
    assert "服務機關：" not in doc.text and "報告日期：" not in doc.text  # cover is not body text
