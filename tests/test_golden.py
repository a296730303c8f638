"""Golden-file tests: the whole extraction pipeline on real PDFs.

The bundled samples carry ``<name>.expected.json`` files written from their
sources; the shared reference PDF (the real 2019 report) is checked against
the figures the extraction issue states.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.backends import pdf_backend_names
from pipeline.document import Document
from pipeline.schema import validate_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
REFERENCE = ROOT.parent / "shared" / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
GOLDEN = sorted(SAMPLES.glob("*.expected.json"))
COVER_FIELDS = ("category", "title", "agency", "countries", "places",
                "period_start", "period_end", "report_date")


@pytest.fixture(scope="module", params=pdf_backend_names())
def processed(processed_pdf, request) -> dict[str, Document]:
    """Each sample and the reference PDF, processed once per test session and backend:
    every golden check must hold for both PDF backends."""
    backend = request.param
    docs = {g.name: processed_pdf(SAMPLES / json.loads(g.read_text("utf-8"))["file"], backend)
            for g in GOLDEN}
    if REFERENCE.exists():
        docs["reference"] = processed_pdf(REFERENCE, backend)
    return docs


def test_there_are_golden_samples() -> None:
    assert len(GOLDEN) >= 3


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_sample_matches_golden(golden: Path, processed: dict[str, Document]) -> None:
    exp = json.loads(golden.read_text("utf-8"))
    doc = processed[golden.name]
    assert doc.status == "ok", doc.errors
    meta = doc.metadata
    for name in COVER_FIELDS:
        assert getattr(meta, name) == exp["metadata"][name], name
    assert [(a.name, a.title, a.unit) for a in meta.authors] == [
        (a["name"], a["title"], a["unit"]) for a in exp["metadata"]["authors"]
    ]
    level1 = [(s.number, s.title) for s in doc.sections if s.level == 1 and s.number]
    assert level1 == [(s["number"], s["title"]) for s in exp["sections_level1"]]
    got_tables = [(t.caption, len(t.rows), t.kind) for t in doc.tables]
    assert got_tables == [(t["caption"], t["rows"], t["kind"]) for t in exp["tables"]]
    for table, t_exp in zip(doc.tables, exp["tables"]):
        assert table.header == t_exp["header"]
        assert table.pages == t_exp["pages"]
        if "names" in t_exp:
            names = [p.name for p in doc.people if p.source_table == doc.tables.index(table)]
            assert names == [_cjk_joined(n) for n in t_exp["names"]]
    langs = {b.lang for b in doc.blocks}
    assert set(exp["languages"]) <= langs
    for lang, passage in exp.get("lang_samples", {}).items():
        assert any(passage[:20] in b.text and b.lang == lang for b in doc.blocks), lang
    validate_document(doc.to_dict())


def _cjk_joined(name: str) -> str:
    """People records drop the space inside CJK names (渡部 修 → 渡部修), not Latin ones."""
    return re.sub(r"(?<=[\u3040-\u9fff]) (?=[\u3040-\u9fff])", "", name)


def _body(doc: Document) -> str:
    return "\n".join(s.text for s in doc.sections)


def test_reference_cover_metadata(processed: dict[str, Document]) -> None:
    if "reference" not in processed:
        pytest.skip("../shared is not beside the project")
    doc = processed["reference"]
    meta = doc.metadata
    assert meta.category == "其他"
    assert meta.title == "台日夥伴關係強化研討會訪問團"
    assert meta.agency == "經濟部"
    assert [(a.unit, a.name, a.title) for a in meta.authors] == [
        ("工業局電子資訊組", "鄒宗勳", "科長"), ("工業局電子資訊組", "張哲倫", "技正")]
    assert meta.countries == ["日本"] and meta.places == ["千葉", "福島", "宮城"]
    assert (meta.period_start, meta.period_end, meta.report_date) == (
        "2019-09-17", "2019-09-20", "2019-11-25")


def test_reference_tables_and_people(processed: dict[str, Document]) -> None:
    if "reference" not in processed:
        pytest.skip("../shared is not beside the project")
    doc = processed["reference"]
    assert [re.sub(r"\s", "", t.caption or "") for t in doc.tables] == [
        "表1：出國人員名單", "表2：行程表", "表3：千葉縣廳出席人員",
        "表4：福島縣TechnologyCentre出席人員", "表5：東北經產局出席人員"]
    assert [len(t.rows) for t in doc.tables][2] == 8
    assert [len(t.rows) for t in doc.tables][4] == 6
    by_table = {i: [p for p in doc.people if p.source_table == i] for i in range(5)}
    assert [len(by_table[i]) for i in (0, 2, 4)] == [4, 8, 6]
    first = by_table[2][0]
    assert (first.name, first.title) == ("石井克明", "副參事")
    assert doc.tables[0].header[:3] == ["單位", "姓名", "職稱"]


def test_reference_sections(processed: dict[str, Document]) -> None:
    if "reference" not in processed:
        pytest.skip("../shared is not beside the project")
    doc = processed["reference"]
    level1 = [(s.number, s.title) for s in doc.sections if s.level == 1 and s.number]
    assert level1 == [("壹", "目的"), ("貳", "過程"), ("參", "工作內容"), ("肆", "心得與建議")]
    by_id = {s.id: s for s in doc.sections}
    work = next(s for s in doc.sections if s.title == "工作內容")
    subs = [s.title for s in doc.sections if s.parent == work.id]
    assert len(subs) == 5 and subs[4] == "拜會東北經產局"
    # every sub-section of 參 has its own (一)… children
    for sub in (s for s in doc.sections if s.parent == work.id):
        assert any(c.parent == sub.id for c in doc.sections), sub.title
    assert all(s.parent is None or s.parent in by_id for s in doc.sections)


def test_reference_body_text_is_clean(processed: dict[str, Document]) -> None:
    if "reference" not in processed:
        pytest.skip("../shared is not beside the project")
    doc = processed["reference"]
    body = _body(doc)
    assert doc.text
    for text in (body, doc.text):
        assert not re.search(r"\.{4,}|…{2,}|．{3,}", text), "TOC dot leaders in body text"
        assert not re.search(r"(?m)^\s*(-\s*)?\d{1,3}(\s*-)?\s*$", text), "page-number line in body"
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text), "space between CJK chars"
        assert "目次" not in text.splitlines()
    # the sentence broken by a page break in the source is mended
    assert "實力堅強的資通訊產業聚落" in doc.text
