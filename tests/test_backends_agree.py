"""The PDFium backend gives the same raw pages as the pdfplumber reference backend on
every real PDF we have (the three samples and the shared reference report): same
lines, font sizes, table cells and counts; positions within a few points (PDFium's
font-bounds boxes are not pdfminer's ascent/descent boxes).  Line ends (``x1``) are
not compared: on the justified lines of the samples pdfminer leaves out the added
character spacing and ends them up to 21 pt short of the margin; PDFium puts them
at the margin, where they are drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.backends.pdf import PdfBackend
from pipeline.backends.pdfium import PdfiumBackend

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
PDFS = sorted((ROOT / "corpora" / "samples").glob("*.pdf")) + [REFERENCE]
COUNTS = ("number", "n_chars", "n_cid_chars", "n_images", "image_area")


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_pdfium_pages_equal_pdfplumber_pages(path: Path) -> None:
    if not path.exists():
        pytest.skip("reference PDF not available (../shared missing)")
    data = path.read_bytes()
    ref, fast = PdfBackend().load(data, path.name), PdfiumBackend().load(data, path.name)
    assert fast.info == ref.info
    assert len(fast.pages) == len(ref.pages)
    for a, b in zip(ref.pages, fast.pages, strict=True):
        assert [getattr(b, k) for k in COUNTS] == [getattr(a, k) for k in COUNTS]
        assert (b.width, b.height) == pytest.approx((a.width, a.height), abs=0.01)
        for attr in ("lines", "table_lines"):
            ra, rb = getattr(a, attr), getattr(b, attr)
            assert [(ln.text, ln.size) for ln in rb] == [(ln.text, ln.size) for ln in ra], (a.number, attr)
            for la, lb in zip(ra, rb):
                assert (lb.x0, lb.top, lb.bottom) == pytest.approx((la.x0, la.top, la.bottom), abs=4)
        assert [t.rows for t in b.tables] == [t.rows for t in a.tables], a.number
        for ta, tb in zip(a.tables, b.tables):
            assert tb.bbox == pytest.approx(ta.bbox, abs=0.01)
