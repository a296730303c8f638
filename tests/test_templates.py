"""Reports in other archive templates (corpora/templates): golden files field by field,
and no cover or table-of-contents text in the body.

The PDFs are made by ``scripts/make_template_samples.py`` (reportlab, embedded
TrueType CJK font); their golden files come from the same source data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.backends.base import RawLine
from pipeline.document import Document
from pipeline.evaluation import layout as ev
from pipeline.extract import tiyao
from pipeline.extract.toc import entry_lines, split_page
from pipeline.schema import validate_document

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "corpora" / "templates"
GOLDEN = sorted(TEMPLATES.glob("*.expected.json"))
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.expected.json"))


def _golden(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _cases(goldens: list[Path]) -> list[tuple[Path, str]]:
    """(golden file, input file): a golden file may describe the same report as .docx,
    .odt, .doc and PDF."""
    return [(g, name) for g in goldens for name in _golden(g).get("files", [_golden(g)["file"]])]


CASES = _cases(GOLDEN)
ALL_CASES = _cases(GOLDEN + SAMPLES)


def _id(case: tuple[Path, str]) -> str:
    return case[1]


@pytest.fixture(scope="module")
def docs(processed_pdf) -> dict[str, Document]:
    """Processed documents by input file name (the first file of a golden also by its name)."""
    out = {name: processed_pdf(g.parent / name) for g, name in ALL_CASES}
    out.update({g.name: out[_golden(g)["file"]] for g in GOLDEN + SAMPLES})
    return out


def test_every_template_variant_has_a_sample() -> None:
    layouts = {_golden(g)["layout"] for g in GOLDEN}
    assert {"shared", "two-page-toc", "tiyao-table-first", "tiyao-lines-after-cover"} <= layouts


@pytest.mark.parametrize("case", ALL_CASES, ids=_id)
def test_no_toc_or_cover_text_in_body(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    doc = docs[case[1]]
    assert doc.status == "ok", doc.errors
    exp = _golden(case[0])
    entries = ev.toc_entries(doc) + ([tuple(e) for e in exp["toc"]] if isinstance(exp.get("toc"), list) else [])
    assert ev.toc_leaks(doc, entries) == []
    assert ev.cover_leaks(doc) == []
    for s in doc.sections:
        assert not ev.toc_leaks(Document(id="", source=doc.source, text=s.text), entries), s.title
    validate_document(doc.to_dict())


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_toc_entries_are_found_whatever_their_style(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    golden, name = case
    exp = _golden(golden)
    got = [(ev.squash(t), p) for t, p in ev.toc_entries(docs[name])]
    assert got == [(ev.squash(t), p) for t, p in exp["toc"]]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_text_shared_with_cover_or_toc_stays_in_body(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    golden, name = case
    doc = docs[name]
    for passage in _golden(golden)["body_contains"]:
        assert ev.squash(passage) in ev.squash(doc.text), passage


def test_cover_sharing_its_page_with_the_abstract_is_split_per_block(docs) -> None:
    doc = docs["shared-cover-abstract-toc.expected.json"]
    first = doc.pages[0]
    assert [p.kind for p in first.parts] == ["cover", "body", "toc"]
    assert first.kind == "body" and first.text.startswith("摘要")
    assert doc.sections[0].title == "摘要" and "胡志明市" in doc.sections[0].text
    assert doc.metadata.title == "赴越南考察電子零組件供應鏈及臺商投資環境"


def _lines(*texts: str) -> list[RawLine]:
    return [RawLine(t, 72, 500, 100 + 20 * i, 112 + 20 * i, 12) for i, t in enumerate(texts)]


def test_toc_without_leaders_ends_at_the_first_body_heading() -> None:
    segments, open_toc = split_page(_lines(
        "目 次", "壹、目的 1", "貳、考察過程與心得紀要及未來推動", "方向之建議 3", "圖目錄",
        "圖 1：會場 4", "壹、目的", "本次考察旨在瞭解 2023 年之產業現況。"), in_toc=False)
    assert [s.kind for s in segments] == ["toc", "body"] and not open_toc
    assert entry_lines(segments[0].lines) == [
        "目次", "壹、目的\t1", "貳、考察過程與心得紀要及未來推動方向之建議\t3", "圖目錄", "圖 1：會場\t4"]


def test_short_ellipsis_leaders_and_roman_numbers_are_entries() -> None:
    segments, _ = split_page(_lines("目錄", "摘要 i", "壹、目的……1", "貳、過程⋯⋯12"), in_toc=False)
    assert entry_lines(segments[0].lines) == ["目錄", "摘要\ti", "壹、目的\t1", "貳、過程\t12"]


def test_a_number_glued_to_a_short_title_is_an_entry_inside_a_toc() -> None:
    segments, _ = split_page(_lines("目錄", "目的1", "考察過程 1", "心得與建議2", "目的"), in_toc=False)
    assert [s.kind for s in segments] == ["toc", "body"]
    assert entry_lines(segments[0].lines) == ["目錄", "目的\t1", "考察過程\t1", "心得與建議\t2"]


def test_unnumbered_headings_of_a_pdf_come_from_the_toc_levels_from_font_size() -> None:
    from pipeline.extract.toc import headings_from_toc

    found = headings_from_toc(["目錄\n目的\t1\n考察過程\t1\n參訪業者\t2\n圖 1：溫室\t2"], [
        ("目的", 16.0), ("本次考察目的。", 12.0), ("考察過程", 16.0), ("參訪業者", 13.0), ("圖 1：溫室", 10.5)])
    assert found == [("目的", 1), ("考察過程", 1), ("參訪業者", 2)]


def test_chapter_page_numbers_are_entries() -> None:
    segments, _ = split_page(_lines("目　錄", "第一章 前言 1-1", "第二章 過程……2-3", "第一章 前言"), in_toc=False)
    assert [s.kind for s in segments] == ["toc", "body"]
    assert entry_lines(segments[0].lines) == ["目錄", "第一章前言\t1-1", "第二章過程\t2-3"]


def test_numbers_after_spaces_are_not_a_toc_outside_one() -> None:
    segments, _ = split_page(_lines("壹、目的", "參加人數 35", "出席 12"), in_toc=False)
    assert [s.kind for s in segments] == ["body"]


def test_toc_continues_on_the_next_page_only_with_entries() -> None:
    page2, still = split_page(_lines("(二) 參訪工廠 7", "三、心得 9", "壹、目的"), in_toc=True)
    assert [s.kind for s in page2] == ["toc", "body"] and not still
    body, _ = split_page(_lines("本次考察 2", "內容"), in_toc=False)
    assert [s.kind for s in body] == ["body"]


# --- the 提要 form (行政院及所屬各機關出國報告提要) -------------------------------


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_metadata_field_by_field(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    golden, name = case
    checks = ev.metadata_checks(docs[name], _golden(golden)["metadata"])
    assert [name for name, ok in checks.items() if not ok] == []


@pytest.mark.parametrize("case", [c for c in CASES if _golden(c[0])["metadata"].get("keywords")], ids=_id)
def test_tiyao_form_alone_gives_the_same_metadata(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    """The form's own fields (ruled table, Word table or plain lines), not the cover's."""
    golden, name = case
    doc = docs[name]
    exp = _golden(golden)["metadata"]
    raw = processed_again(golden.parent / name)
    form = tiyao.find_form(raw)
    assert form is not None
    form_doc = Document(id="", source=doc.source, metadata=tiyao.parse_form(form))
    checks = ev.metadata_checks(form_doc, exp)
    assert [name for name, ok in checks.items() if not ok] == []
    assert [(a.name, a.org) for a in form_doc.metadata.authors] == [
        (a["name"], doc.metadata.authors[i].org) for i, a in enumerate(exp["authors"])]
    # the form is front matter: not a table of the report, not in the body
    assert not any("出國報告名稱" in "".join(t.header) for t in doc.tables)
    assert "出國報告提要" not in doc.text and "關鍵詞" not in doc.text


def processed_again(path: Path) -> Document:
    """The document after extraction and tables, before the cover stage."""
    from pipeline.backends import backend_for
    from pipeline.document import Source
    from pipeline.extract import layout, tables

    data = path.read_bytes()
    raw = backend_for(data, path.name).load(data, path.name)
    doc = Document(id="", source=Source(filename=path.name, sha256="", size=len(data)))
    layout.annotate(doc, raw)
    tables.annotate(doc, raw)
    return doc


@pytest.mark.parametrize(("printed", "category"), [
    ("□1考察 □2進修 ■3研究 □4實習 □5其他", "研究"),
    ("□1考察□2進修□3研究□4實習☑5其他", "其他"),
    ("ˇ1考察 □2進修 □3研究 □4實習 □5其他", "考察"),
    ("□1考察 V2進修 □3研究 □4實習 □5其他", "進修"),
    ("□1.考察 □2.進修 □3.研究 X4.實習 □5.其他", "實習"),
    ("□1考察 □2進修 □3研究 □4實習 □5其他", None),
    ("1.□考察 2.□進修 3.■研究 4.□實習 5.□其他", "研究"),
    ("考察", "考察"),
])
def test_ticked_category_box(printed: str, category: str | None) -> None:
    assert tiyao.ticked_category(printed) == category


def test_tiyao_plain_lines_with_separate_contact_labels() -> None:
    lines = ["行政院及所屬各機關出國報告提要", "出國報告名稱：赴新加坡考察智慧港口",
             "出國計畫主辦機關：交通部航港局", "聯絡人：王大明　電話：(02)8978-2000",
             "出國人員姓名/服務機關/單位/職稱/電話：", "李小華／交通部航港局／港務組／科長／(02)8978-2101",
             "出國類別：□1考察 □2進修 □3研究 □4實習 ■5其他", "出國期間：民國110年3月1日至3月5日",
             "出國地區：新加坡", "報告日期：110年4月30日", "關鍵詞：智慧港口，自動化碼頭",
             "內容摘要：（二百至三百字）本次考察新加坡港務集團之自動化碼頭。"]
    meta = tiyao.parse_form(tiyao.Form(rows=[[ln] for ln in lines], page=1))
    assert (meta.title, meta.agency, meta.category) == ("赴新加坡考察智慧港口", "交通部航港局", "其他")
    assert (meta.contact.name, meta.contact.phone) == ("王大明", "(02)8978-2000")
    assert [(a.name, a.org, a.unit, a.title) for a in meta.authors] == [("李小華", "交通部航港局", "港務組", "科長")]
    assert (meta.period_start, meta.period_end, meta.report_date) == ("2021-03-01", "2021-03-05", "2021-04-30")
    assert meta.countries == ["新加坡"] and meta.keywords == ["智慧港口", "自動化碼頭"]
    assert meta.abstract == "本次考察新加坡港務集團之自動化碼頭。"


# --- numbering of other templates ------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_sections_follow_the_template_numbering(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    golden, name = case
    exp = _golden(golden)
    doc = docs[name]
    numbered = [(s.number, ev.squash(s.title)) for s in doc.sections if s.title != "摘要"]
    assert numbered == [(n, ev.squash(t)) for n, t in exp["sections"]]
    top = [(s.number, ev.squash(s.title)) for s in doc.sections if s.parent is None and s.title != "摘要"]
    assert top == [(n, ev.squash(t)) for n, t in exp["top_sections"]]
    found, total = ev.section_toc_agreement(doc, ev.toc_entries(doc))
    assert found == total


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_tables_and_attendees_wherever_they_are(case: tuple[Path, str], docs: dict[str, Document]) -> None:
    golden, name = case
    doc = docs[name]
    exp = _golden(golden)["tables"]
    assert [(t.caption, len(t.rows), t.kind) for t in doc.tables] == [
        (t["caption"], t["rows"], t["kind"]) for t in exp]
    for i, t in enumerate(exp):
        assert [p.name for p in doc.people if p.source_table == i] == t["names"]


def test_an_appendix_is_a_section_holding_its_tables(docs) -> None:
    doc = docs["tiyao-table-chapters.expected.json"]
    appendix = doc.sections[-1]
    assert appendix.parent is None and ev.squash(appendix.title) == "附錄一座談會出席人員"
    assert doc.tables[0].section == appendix.id and doc.tables[0].kind == "attendees"


def test_tiyao_traveller_in_the_label_row_and_inline_abstract_after_cover() -> None:
    rows = [["出國報告名稱", "赴泰國考察智慧農業"],
            ["出國人員姓名/服務機關/單位/職稱/電話", "陳大文/農業部/農糧署/技正/(02)2312-1234"],
            ["出國類別", "1.□考察 2.□進修 3.□研究 4.□實習 5.■其他"], ["出國地區", "泰國曼谷"]]
    meta = tiyao.parse_form(tiyao.Form(rows=rows, page=1))
    assert [(a.name, a.org, a.unit, a.title) for a in meta.authors] == [("陳大文", "農業部", "農糧署", "技正")]
    assert (meta.category, meta.countries, meta.places) == ("其他", ["泰國"], ["曼谷"])


def test_a_long_inline_abstract_under_the_cover_stays_body() -> None:
    from pipeline.extract.cover import is_field_line
    from pipeline.extract.front import split_cover_text

    abstract = "摘要：" + "本次考察泰國智慧農業之推動現況，拜會農業合作社部及研究機構，" * 3
    cover, rest = split_cover_text("出國報告（出國類別：其他）\n赴泰國考察\n服務機關：農業部\n"
                                   "出國期間：112年1月2日至1月6日\n" + abstract, is_field_line)
    assert rest == abstract and cover.endswith("1月6日")
