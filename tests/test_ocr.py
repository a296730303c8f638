"""OCR of scanned reports: a scan of a generated report goes through the whole
pipeline with Tesseract (installed by the Makefile) and comes back as a report."""

from __future__ import annotations

from report_factory import report_lines, scan_of, small_report_pdf

from pipeline.backends import ocr
from pipeline.process import process_bytes
from pipeline.schema import validate_document


def test_tesseract_and_the_three_languages_are_installed() -> None:
    assert {"chi_tra", "chi_sim", "jpn"} <= ocr.installed_languages()
    assert ocr.available()


def test_a_scanned_report_is_read_by_ocr_with_its_cover_and_sections() -> None:
    doc = process_bytes(scan_of(small_report_pdf(31), dpi=200), "scan.pdf")
    assert doc.status == "ok", doc.errors
    validate_document(doc.to_dict())
    meta = doc.pipeline["ocr"]
    assert meta["reason"] == "no_text_layer" and meta["pages"] == 2 and meta["confidence"] > 80
    cover, body = report_lines(31)
    assert doc.metadata.title == cover[1]
    assert doc.metadata.agency == "經濟部產業發展署"
    assert doc.metadata.countries == [cover[4].split("：")[1]]
    text = doc.text.replace(" ", "")
    for sentence in body[1::2]:  # the body sentences (headings' big numerals are OCR's weak spot)
        assert sentence.replace("，", ",").replace("。", "") in text.replace("，", ",")
    assert doc.blocks and all(b.source == "ocr" and 80 < b.confidence <= 100 for b in doc.blocks)


def test_no_ocr_leaves_a_scan_failed() -> None:
    doc = process_bytes(scan_of(small_report_pdf(31), dpi=200), "scan.pdf", ocr=False)
    assert doc.failed and doc.errors[-1].code == "no_text_layer" and "ocr" not in doc.pipeline


def test_text_layer_documents_are_not_ocrd() -> None:
    doc = process_bytes(small_report_pdf(31), "report.pdf")
    assert "ocr" not in doc.pipeline and all(b.source == "text" and b.confidence is None
                                             for b in doc.blocks)
