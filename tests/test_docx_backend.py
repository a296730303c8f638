"""The Word input backend (python-docx), file-type detection and LibreOffice conversion."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from pipeline.backends import convert, detect
from pipeline.backends.docx import DocxBackend
from pipeline.backends.docx_numbering import format_number
from pipeline.errors import InputError
from pipeline.process import process_bytes

TEMPLATES = Path(__file__).resolve().parents[1] / "corpora" / "templates"
DOCX = TEMPLATES / "word-autonumber-tiyao.docx"


def _docx(build) -> bytes:
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "kind"), [
    ("word-autonumber-tiyao.docx", "docx"), ("word-autonumber-tiyao.odt", "odt"),
    ("word-autonumber-tiyao.doc", "doc"), ("word-autonumber-tiyao.pdf", "pdf"),
])
def test_file_type_comes_from_the_bytes_not_the_name(name: str, kind: str) -> None:
    data = (TEMPLATES / name).read_bytes()
    assert detect.sniff(data, name) == kind
    assert detect.sniff(data, "renamed.pdf" if kind != "pdf" else "renamed.docx") == kind


def test_a_word_file_named_pdf_is_read_as_word() -> None:
    doc = process_bytes(DOCX.read_bytes(), "report.pdf")
    assert doc.status == "ok", doc.errors
    assert doc.pipeline["backend"] == "python-docx"
    assert doc.metadata.title == "赴新加坡進修公共住宅智慧管理及社區營造實務"


def test_unknown_bytes_still_get_the_not_a_pdf_error() -> None:
    doc = process_bytes(b"hello, not a report", "notes.txt")
    assert doc.failed and doc.errors[0].code == "not_pdf" and "notes.txt" in doc.errors[0].message


def test_zip_that_is_not_word_and_broken_docx_fail_cleanly() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as exc:
        DocxBackend().load(buf.getvalue(), "a.docx")
    assert exc.value.code == "not_docx"
    broken = DOCX.read_bytes()[:4000]
    doc = process_bytes(broken, "broken.docx")
    assert doc.failed and len(doc.errors[0].message.splitlines()) == 1
    assert "broken.docx" in doc.errors[0].message


def test_paragraphs_are_kept_whole_and_pages_break_where_word_says() -> None:
    def build(d):
        d.add_paragraph("第一頁的一段文字，沒有句號也不會和下一段接在一起")
        d.add_paragraph("第二段")
        d.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
        h = d.add_heading("目的", level=1)
        h.runs[0].font.size = Pt(16)
        d.add_paragraph("本文。")

    raw = DocxBackend().load(_docx(build), "t.docx")
    assert [[ln.text for ln in p.lines] for p in raw.pages] == [
        ["第一頁的一段文字，沒有句號也不會和下一段接在一起", "第二段"], ["目的", "本文。"]]
    assert raw.headings == [("目的", 1)]
    doc = process_bytes(_docx(build), "t.docx")
    assert doc.pages[0].text.splitlines() == ["第一頁的一段文字，沒有句號也不會和下一段接在一起", "第二段"]
    assert [(s.number, s.title) for s in doc.sections] == [("", "目的")]


def test_merged_word_table_cells_are_read_once() -> None:
    def build(d):
        d.add_paragraph("表1：出席人員")
        t = d.add_table(rows=3, cols=3)
        for i, row in enumerate([["單位", "職稱", "姓名"], ["九州經濟產業局", "課長", "田中一郎"],
                                 ["", "係長", "佐藤花子"]]):
            for cell, text in zip(t.rows[i].cells, row):
                cell.text = text
        t.cell(1, 0).merge(t.cell(2, 0))

    raw = DocxBackend().load(_docx(build), "t.docx")
    assert raw.pages[0].tables[0].rows == [
        ["單位", "職稱", "姓名"], ["九州經濟產業局", "課長", "田中一郎"], [None, "係長", "佐藤花子"]]
    doc = process_bytes(_docx(build), "t.docx")
    assert doc.tables[0].kind == "attendees"
    assert [p.name for p in doc.people] == ["田中一郎", "佐藤花子"]


@pytest.mark.parametrize(("n", "fmt", "printed"), [
    (1, "ideographLegalTraditional", "壹"), (11, "ideographLegalTraditional", "拾壹"),
    (3, "taiwaneseCountingThousand", "三"), (12, "chineseCounting", "十二"), (20, "taiwaneseCounting", "二十"),
    (4, "decimal", "4"), (2, "decimalFullWidth", "２"), (4, "upperRoman", "IV"), (3, "lowerLetter", "c"),
])
def test_word_list_numbers_render_as_printed(n: int, fmt: str, printed: str) -> None:
    assert format_number(n, fmt) == printed


def test_old_formats_without_libreoffice_give_a_one_line_error(monkeypatch) -> None:
    monkeypatch.setattr(convert, "soffice", lambda: None)
    doc = process_bytes((TEMPLATES / "word-autonumber-tiyao.odt").read_bytes(), "old.odt")
    assert doc.failed and doc.errors[0].code == "converter_missing"
    assert doc.errors[0].message.startswith("old.odt: ") and "LibreOffice" in doc.errors[0].message
    assert len(doc.errors[0].message.splitlines()) == 1


def test_libreoffice_failure_is_a_clear_error() -> None:
    doc = process_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "empty.doc")
    assert doc.failed and doc.errors[0].code == "convert_failed"
    assert doc.errors[0].message.startswith("empty.doc: ")
