"""The cover form of a Japanese report (pipeline/extract/cover_ja.py): a real PDF through
the whole pipeline gives authors, their organisation and the host organisation, as the
Chinese cover does, and the form's labels never become entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.extract import cover_ja
from pipeline.extract.cover import country_names
from tests.ja_form_factory import japanese_form_pdf


@pytest.fixture(scope="module")
def form_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    from pipeline.process import process_file

    path = Path(tmp_path_factory.mktemp("ja_form")) / "kaigai-kenshu.pdf"
    path.write_bytes(japanese_form_pdf())
    doc = process_file(path)
    assert not doc.failed, doc.errors
    return doc


def test_form_fields_fill_the_metadata(form_doc: Document) -> None:
    meta = form_doc.metadata
    assert [(p.name, p.title, p.org) for p in meta.authors] == [("川村 浩二", "上席研究員", "静岡県工業技術研究所")]
    assert meta.agency == "静岡県工業技術研究所"
    assert meta.countries == [country_names()["ドイツ"]]
    assert (meta.period_start, meta.period_end, meta.report_date) == ("2019-09-01", "2019-11-30", "2019-12-10")
    assert cover_ja.host_organisations(meta) == ["フラウンホーファー生産技術研究所"]
    assert meta.title == "海外研修報告書"


def test_form_gives_evidence_entities_and_no_label_entities(form_doc: Document) -> None:
    by_text = {(e.text, e.label): e for e in form_doc.entities}
    author = by_text[("川村 浩二", "PERSON")]
    assert "cover" in author.sources and author.title == "上席研究員"
    for org in ("静岡県工業技術研究所", "フラウンホーファー生産技術研究所"):
        assert "cover" in by_text[(org, "ORG")].sources
    labels = {sp for sps in cover_ja.LABELS.values() for sp in sps}
    assert not {t for t, _ in by_text} & labels
    assert not any("研修機関" in t or "派遣国" in t for t, _ in by_text)
    assert not any(b.text and "派遣国" in b.text for b in form_doc.blocks)  # the form is cover, not body


def test_label_lines_and_readings() -> None:
    text = ("海外派遣研修報告書\n報告者氏名：山口 一郎（やまぐち いちろう）、森 花子\n"
            "所属機関：福岡県商工部\n派遣国：台湾\n受入機関：工業技術研究院")
    meta = cover_ja.extract_metadata(text)
    assert [p.name for p in meta.authors] == ["山口 一郎", "森 花子"]
    assert all(p.org == "福岡県商工部" for p in meta.authors)
    assert cover_ja.host_organisations(meta) == ["工業技術研究院"]
    assert cover_ja.count_labels(text) == 4
    assert not cover_ja.is_field_line("研修では、派遣国の制度を学んだ。")  # a label inside a sentence
