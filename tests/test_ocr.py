"""OCR of scanned reports: a scan of a generated report goes through the whole
pipeline with Tesseract (installed by the Makefile) and comes back as a report."""

from __future__ import annotations

from report_factory import pages_from, report_lines, scan_of, small_report_pdf

from pipeline.backends import ocr
from pipeline.process import process_bytes
from pipeline.schema import validate_document


def test_tesseract_the_three_languages_and_the_orientation_model_are_installed() -> None:
    assert {"chi_tra", "chi_sim", "jpn", "osd"} <= ocr.installed_languages()
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


def _rendered_page(n: int, page: int) -> object:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(small_report_pdf(n))[page].render(scale=200 / 72, grayscale=True).to_pil()


def test_orientation_says_how_to_turn_a_sideways_or_upside_down_page() -> None:
    image = _rendered_page(31, 1)
    settings = ocr.OcrSettings(dpi=200)
    assert ocr.orientation(image, settings) == 0  # type: ignore[arg-type]
    for turn in (90, 180, 270):  # PIL turns counter-clockwise: Tesseract must turn it back clockwise
        assert ocr.orientation(image.rotate(turn, expand=True), settings) == turn  # type: ignore[attr-defined]


def test_a_scan_fed_sideways_is_read_upright() -> None:
    doc = process_bytes(scan_of(small_report_pdf(31), dpi=200, turn=270), "sideways.pdf")
    assert doc.status == "ok", doc.errors
    _, body = report_lines(31)
    text = doc.text.replace(" ", "").replace("，", ",")
    for sentence in body[1::2]:
        assert sentence.replace("，", ",").replace("。", "") in text


def test_a_partly_scanned_document_keeps_its_text_pages_and_ocrs_the_scanned_one() -> None:
    text_pdf = small_report_pdf(31, body_pages=2)  # cover, body, one more page
    mixed = pages_from((text_pdf, 0), (scan_of(text_pdf, dpi=200), 1), (text_pdf, 2))
    doc = process_bytes(mixed, "mixed.pdf")
    assert doc.status == "ok", doc.errors
    meta = doc.pipeline["ocr"]
    assert meta["page_numbers"] == [2] and meta["reason"] == "no_text_layer"
    whole = process_bytes(text_pdf, "text.pdf")
    sources = {b.page: b.source for b in doc.blocks}
    assert sources == {**{b.page: "text" for b in whole.blocks}, 2: "ocr"} and sources[3] == "text"
    cover, body = report_lines(31)
    assert doc.metadata.title == cover[1]  # from the text layer
    assert doc.pages[2].text == whole.pages[2].text  # the text page exactly as from its layer
    ocr_text = doc.pages[1].text.replace(" ", "").replace("，", ",")
    for sentence in body[1::2]:
        assert sentence.replace("，", ",").replace("。", "") in ocr_text


def test_a_text_document_with_a_photo_is_not_ocrd() -> None:
    doc = process_bytes(small_report_pdf(31), "report.pdf")  # no image page at all
    assert "ocr" not in doc.pipeline


def test_an_upside_down_page_is_read_upright() -> None:
    from difflib import SequenceMatcher

    page, _ = ocr.read_image(_rendered_page(31, 1).rotate(180), ocr.OcrSettings(dpi=200))  # type: ignore[attr-defined]
    _, body = report_lines(31)
    text = "".join(ln.text for ln in page.lines).replace(" ", "").replace(",", "，")
    assert SequenceMatcher(None, "".join(body), text).ratio() > 0.95  # read upside down: ~0
