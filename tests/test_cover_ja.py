"""The cover form of a Japanese report (pipeline/extract/cover_ja.py): a real PDF (ruled
form table, embedded IPA Mincho) through the whole pipeline, on every PDF backend, gives
authors, their organisation and the host organisation as the Chinese cover does
(golden file ``tests/golden/ja-training-form.expected.json``), and the form's labels
never become entities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ja_form_factory import japanese_form_pdf

from pipeline.backends import pdf_backend_names
from pipeline.document import Document
from pipeline.extract import cover_ja

GOLDEN = Path(__file__).resolve().parent / "golden" / "ja-training-form.expected.json"


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("ja_form")) / "kaigai-kenshu.pdf"
    path.write_bytes(japanese_form_pdf())
    return path


@pytest.fixture(params=pdf_backend_names())
def form_doc(request: pytest.FixtureRequest, processed_pdf, form_pdf: Path) -> Document:
    doc = processed_pdf(form_pdf, request.param)
    assert doc.status == "ok", doc.errors
    return doc


def test_form_matches_golden(form_doc: Document) -> None:
    exp = json.loads(GOLDEN.read_text("utf-8"))
    meta = form_doc.metadata
    for name in ("title", "agency", "countries", "period_start", "period_end", "report_date", "raw"):
        assert getattr(meta, name) == exp["metadata"][name], name
    assert [{"name": p.name, "title": p.title, "org": p.org} for p in meta.authors] == exp["metadata"]["authors"]
    by_key = {(e.text, e.label): e for e in form_doc.entities}
    for want in exp["cover_entities"]:
        got = by_key[(want["text"], want["label"])]
        assert "cover" in got.sources
        assert got.title == want.get("title")
    assert sorted({b.lang for b in form_doc.blocks}) == exp["body_languages"]
    for want in exp["table_entities"]:  # one unit chain, not 国土交通省 + 技術企画課
        assert (want["text"], want["label"]) in by_key


def test_form_labels_are_never_entities(form_doc: Document) -> None:
    labels = {sp for sps in cover_ja.LABELS.values() for sp in sps}
    texts = {e.text for e in form_doc.entities}
    assert not texts & labels
    assert not any("研修機関" in t or "派遣国" in t or "氏名" in t for t in texts)
    assert not any(b.text and "派遣国" in b.text for b in form_doc.blocks)  # the form is cover, not body
    assert cover_ja.host_organisations(form_doc.metadata) == ["フラウンホーファー生産技術研究所"]


def test_label_lines_and_readings() -> None:
    text = ("海外派遣研修報告書\n報告者氏名：山口 一郎（やまぐち いちろう）、森 花子\n"
            "所属機関：福岡県商工部\n派遣国：台湾\n受入機関：工業技術研究院")
    meta = cover_ja.extract_metadata(text)
    assert [p.name for p in meta.authors] == ["山口 一郎", "森 花子"]
    assert all(p.org == "福岡県商工部" for p in meta.authors)
    assert cover_ja.host_organisations(meta) == ["工業技術研究院"]
    assert cover_ja.count_labels(text) == 4
    assert not cover_ja.is_field_line("研修では、派遣国の制度を学んだ。")  # a label inside a sentence


def test_a_chinese_cover_keeps_its_authors() -> None:
    """The Japanese form stage runs only when the Chinese cover found no authors."""
    from pipeline.document import Metadata, Page, Person, Source

    doc = Document(id="t", source=Source(filename="t.pdf", sha256="", size=0),
                   pages=[Page(number=1, text="氏名：山田 太郎\n所属：経済部\n派遣国：日本")])
    doc.metadata = Metadata(authors=[Person(name="王大明")])
    cover_ja.annotate(doc)
    assert [p.name for p in doc.metadata.authors] == ["王大明"]
