"""Section tree: numbering levels, title-vs-list-item rule, consistency, tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Page, Source, Table
from pipeline.extract import sections

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"
PDF = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"


def _doc(*pages: str | tuple[str, str]) -> Document:
    out = []
    for i, p in enumerate(pages):
        text, kind = (p, "body") if isinstance(p, str) else p
        out.append(Page(number=i + 1, text=text, kind=kind))
    return Document(id="t", source=Source(filename="t.pdf", sha256="", size=0), pages=out)


def seed_document(per_page: int = 9) -> Document:
    """The seed report as fake pages: cover, abstract, TOC, then body pages of
    ``per_page`` paragraphs (page breaks fall at arbitrary places)."""
    paras = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    i_abs, i_toc, i_body = paras.index("摘要"), paras.index("目次"), paras.index("壹、目的")
    pages: list[str | tuple[str, str]] = [
        ("\n".join(paras[:i_abs]), "cover"),
        "\n".join(paras[i_abs:i_toc]),
        ("\n".join(paras[i_toc:i_body]), "toc"),
    ]
    body = paras[i_body:]
    pages += ["\n".join(body[k:k + per_page]) for k in range(0, len(body), per_page)]
    return _doc(*pages)


def _outline(doc: Document) -> list[tuple[str, int, str, str]]:
    return [(s.id, s.level, s.number, s.title) for s in doc.sections]


EXPECTED_TOP = [("", "摘要"), ("壹", "目的"), ("貳", "過程"), ("參", "工作內容"), ("肆", "心得與建議")]


def _check_reference_tree(doc: Document) -> None:
    top = [(s.number, s.title) for s in doc.sections if s.level == 1]
    assert top == EXPECTED_TOP
    by_title = {s.title: s for s in doc.sections if s.level == 1}
    kids = lambda sid: [s for s in doc.sections if s.parent == sid]  # noqa: E731
    assert [(s.number, s.title) for s in kids(by_title["過程"].id)] == [
        ("一", "團員及任務分工"), ("二", "行程表")]
    work = kids(by_title["工作內容"].id)
    assert [s.number for s in work] == ["一", "二", "三", "四", "五"]
    assert work[0].title.startswith("舉辦台日夥伴關係強化研討會") and work[0].title.endswith("千葉縣場")
    assert work[1].title == "拜會千葉縣廳"
    assert work[2].title == "拜會福島縣 Technology Centre"
    assert work[4].title == "拜會東北經產局"
    assert [s.title for s in kids(work[0].id)] == ["目的", "會議摘要"]
    for visit in work[1], work[2], work[4]:
        assert [(s.number, s.title) for s in kids(visit.id)] == [
            ("一", "單位簡介"), ("二", "洽談議題"), ("三", "預期效益"),
            ("四", "日方出席人員"), ("五", "會議摘要與結論")]
    # List items ("1. 時間：…", "5. 活動摘要：", "(1)…") are body text, not sections.
    assert max(s.level for s in doc.sections) == 3
    summary = kids(work[0].id)[1]
    assert summary.text.startswith("1. 時間：2019 年 9 月 18 日")
    assert "5. 活動摘要：" in summary.text and "(3)三菱總合研究所" in summary.text
    # ids are ordinal paths, parents are consistent.
    ids = {s.id for s in doc.sections}
    for s in doc.sections:
        assert (s.parent is None) == (s.level == 1)
        assert s.parent is None or (s.parent in ids and s.id.rsplit(".", 1)[0] == s.parent)


@pytest.mark.skipif(not SEED.exists(), reason="../shared not available")
def test_seed_section_tree() -> None:
    doc = seed_document()
    sections.annotate(doc)
    _check_reference_tree(doc)
    assert _outline(doc)[:5] == [
        ("1", 1, "", "摘要"), ("2", 1, "壹", "目的"), ("3", 1, "貳", "過程"),
        ("3.1", 2, "一", "團員及任務分工"), ("3.2", 2, "二", "行程表")]
    purpose = doc.sections[1]
    assert purpose.page == 4 and purpose.text.startswith("經濟部為因應全球經濟整合趨勢")
    assert purpose.text.count("\n") == 2  # three paragraphs, joined by "\n"
    # A section's text stops at its first sub-section.
    assert next(s for s in doc.sections if s.title == "工作內容").text == ""


@pytest.mark.skipif(not SEED.exists(), reason="../shared not available")
@pytest.mark.parametrize("per_page", [3, 7, 40])
def test_seed_tree_does_not_depend_on_page_breaks(per_page: int) -> None:
    a, b = seed_document(9), seed_document(per_page)
    sections.annotate(a)
    sections.annotate(b)
    assert _outline(a) == _outline(b)
    assert [s.text for s in a.sections] == [s.text for s in b.sections]


def test_levels_and_skipped_level() -> None:
    doc = _doc("壹、前言\n說明。\n貳、過程\n1. 行前準備\n準備內容。\n2. 參訪\n(1) 上午\n內容。\n"
               "（2）下午\n內容。\n一、附帶說明\n㈠ 背景\n背景說明。\n㈡ 建議\n①短期\n②長期\n參、結論\n結語文字。")
    sections.annotate(doc)
    assert _outline(doc) == [
        ("1", 1, "壹", "前言"), ("2", 1, "貳", "過程"), ("2.1", 4, "1", "行前準備"),
        ("2.2", 4, "2", "參訪"), ("2.2.1", 5, "1", "上午"), ("2.2.2", 5, "2", "下午"),
        ("2.3", 2, "一", "附帶說明"), ("2.3.1", 3, "一", "背景"), ("2.3.2", 3, "二", "建議"),
        ("2.3.2.1", 5, "1", "短期"), ("2.3.2.2", 5, "2", "長期"), ("3", 1, "參", "結論")]
    assert doc.sections[2].parent == "2" and doc.sections[4].parent == "2.2"
    assert doc.sections[-1].text == "結語文字。"


def test_inconsistent_numbers_stay_body_text() -> None:
    doc = _doc("壹、目的\n(二) 不該是標題\n一、背景\n三、跳號不是標題\n二、現況\n二、重複不是標題")
    sections.annotate(doc)
    assert _outline(doc) == [("1", 1, "壹", "目的"), ("1.1", 2, "一", "背景"), ("1.2", 2, "二", "現況")]
    assert doc.sections[0].text == "(二) 不該是標題"
    assert doc.sections[1].text == "三、跳號不是標題"
    assert doc.sections[2].text == "二、重複不是標題"


def test_list_items_with_content_are_body_text() -> None:
    doc = _doc("壹、過程\n(一) 會議摘要\n1. 時間：108 年 9 月 18 日\n2. 地點：東京\n3. 活動摘要：\n"
               "(1)說明甲。\n(2) 結論\n(二) 洽談議題\n1. 瞭解當地產業現況並尋求合作契機與未來交流方式。\n"
               "2. 短句\n(三) 附記\n1. 團員及任務分工\n2. 行程表")
    sections.annotate(doc)
    assert _outline(doc) == [
        ("1", 1, "壹", "過程"), ("1.1", 3, "一", "會議摘要"), ("1.2", 3, "二", "洽談議題"),
        ("1.3", 3, "三", "附記"), ("1.3.1", 4, "1", "團員及任務分工"), ("1.3.2", 4, "2", "行程表")]
    assert doc.sections[1].text.splitlines() == [
        "1. 時間：108 年 9 月 18 日", "2. 地點：東京", "3. 活動摘要：", "(1)說明甲。", "(2) 結論"]
    assert doc.sections[2].text.endswith("2. 短句")


def test_level_one_numbering_runs_through_unnumbered_headings() -> None:
    doc = _doc("壹、目的\n參、跳號\n貳、過程\n結語\n結語內容。\n參、建議\n一、短期\n附錄\n肆、其他")
    sections.annotate(doc)
    assert [(s.number, s.title) for s in doc.sections] == [
        ("壹", "目的"), ("貳", "過程"), ("", "結語"), ("參", "建議"), ("一", "短期"), ("", "附錄"),
        ("肆", "其他")]
    assert doc.sections[0].text == "參、跳號"


def test_number_on_its_own_line_and_stray_toc_entries() -> None:
    doc = _doc("目次\n壹、目的\t1\n貳、過程.......2\n壹、\n目的\n內容。\n貳、", "過程\n(一)\n行程\n內容。")
    sections.annotate(doc)
    assert [(s.number, s.title, s.page) for s in doc.sections] == [
        ("壹", "目的", 1), ("貳", "過程", 1), ("一", "行程", 2)]
    assert sections.walk(doc)[1][0].text == "目次"


def test_front_matter_and_text_before_first_heading() -> None:
    doc = _doc(("封面", "cover"), "開頭沒有標題的文字。\n摘要\n摘要內容。", ("目次\n壹、目的....1", "toc"),
               "壹、目的\n內容。\n附錄\n附件一：會議議程\n議程。")
    secs, paras = sections.walk(doc)
    assert [(s.number, s.title, s.level) for s in secs] == [
        ("", "摘要", 1), ("壹", "目的", 1), ("", "附錄", 1), ("", "附件一：會議議程", 1)]
    assert paras[0].section is None and paras[0].text == "開頭沒有標題的文字。"
    assert all(p.page != 1 and p.page != 3 for p in paras)  # cover and TOC pages are skipped
    assert len(paras) == 8


def test_table_sections_by_caption_then_page() -> None:
    doc = _doc("壹、過程\n一、團員\n表 1：出國人員名單\n二、行程", "貳、心得\n內容。")
    doc.tables = [Table(caption="表1：出國人員名單", page=1, header=[], rows=[]),
                  Table(caption=None, page=2, header=[], rows=[]),
                  Table(caption="表 9：找不到", page=1, header=[], rows=[])]
    sections.annotate(doc)
    assert [t.section for t in doc.tables] == ["1.1", "2", "1"]


@pytest.mark.skipif(not PDF.exists(), reason="../shared not available")
def test_reference_pdf_end_to_end(processed_pdf) -> None:
    doc = processed_pdf(PDF)
    assert doc.status == "ok", doc.errors
    _check_reference_tree(doc)
    assert doc.sections[0].page == 2 and doc.sections[1].page == 5  # 摘要, 壹 after the TOC
    captions = {t.caption: t.section for t in doc.tables}
    by_id = {s.id: s for s in doc.sections}
    assert by_id[captions["表 1：出國人員名單"]].title == "團員及任務分工"
    assert by_id[captions["表 2：行程表"]].title == "行程表"
    assert all(by_id[sid].title == "日方出席人員" for cap, sid in captions.items()
               if "出席人員" in (cap or ""))


REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_sections_match_golden(name: str, processed_pdf) -> None:
    import json

    exp = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = processed_pdf(SAMPLES / f"{name}.pdf")
    top = [s for s in doc.sections if s.level == 1]
    assert [{"number": s.number, "title": s.title} for s in top if s.number] == exp["sections_level1"]
    attachments = [s.title for s in top if not s.number and s.title.startswith("附")]
    assert attachments == [a["title"] for a in exp["attachments"]]
    by_id = {s.id: s for s in doc.sections}
    for t in doc.tables:
        assert t.section in by_id, t.caption
        if t.caption:  # the section holding the caption starts on or before the table
            assert (by_id[t.section].page or 0) <= t.page


def _walk_texts(*paragraphs: str) -> list[tuple[str, int, str, str, str | None]]:
    from pipeline.document import Page

    doc = Document(id="t", source=Source(filename="t.pdf", sha256="", size=1),
                   pages=[Page(number=1, text="\n".join(paragraphs))])
    secs, _ = sections.walk(doc)
    return [(s.id, s.level, s.number, s.title, s.parent) for s in secs]


def test_chapter_numbering_with_sections_and_arabic_chapters() -> None:
    assert _walk_texts("第一章 前言", "本章說明緣起。", "第一節 研究動機", "說明。", "一、背景", "說明。",
                       "第二節 方法", "第二章 過程", "第1節 拜會") == [
        ("1", 1, "第一章", "前言", None), ("1.1", 2, "第一節", "研究動機", "1"),
        ("1.1.1", 2, "一", "背景", "1.1"), ("1.2", 2, "第二節", "方法", "1"),
        ("2", 1, "第二章", "過程", None), ("2.1", 2, "第1節", "拜會", "2")]
    assert [s[2] for s in _walk_texts("第1章 緒論", "第2章 過程")] == ["第1章", "第2章"]


def test_decimal_outline_numbering() -> None:
    got = _walk_texts("1. 緣起", "1.1 背景", "1.1.1 雷達", "1.2 目的", "2. 過程", "2.1 行程",
                      "預算增加 2.5 億元。", "3.1 不是第3章的節")
    assert [(s[0], s[2], s[4]) for s in got] == [
        ("1", "1", None), ("1.1", "1.1", "1"), ("1.1.1", "1.1.1", "1.1"), ("1.2", "1.2", "1"),
        ("2", "2", None), ("2.1", "2.1", "2")]


def test_yi_numbering_without_a_capital_level_is_top_level_after_the_abstract() -> None:
    got = _walk_texts("摘要", "本報告摘要。", "一、目的", "說明。", "(一)拜會", "二、建議", "附錄一 出席名單",
                      "一、日方")
    assert [(s[2], s[3], s[4]) for s in got] == [
        ("", "摘要", None), ("一", "目的", None), ("一", "拜會", "2"), ("二", "建議", None),
        ("", "附錄一 出席名單", None), ("一", "日方", "4")]


def test_a_level_one_heading_lost_to_ocr_does_not_lose_the_sections_after_it() -> None:
    # 貳 misread (屆、過程) and never written elsewhere: 參 and 肆 still open sections.
    doc = _doc("壹、目的\n內容。\n屆、過程\n行程。\n參、心得\n心得。\n肆、建議\n建議。")
    sections.annotate(doc)
    assert [(s.number, s.title) for s in doc.sections] == [("壹", "目的"), ("參", "心得"), ("肆", "建議")]
