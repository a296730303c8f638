"""The stream preflight: bombs and giant images are refused from the object table
before any parser decodes them; real reports pass untouched."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from reliability.hostile import content_bomb, endless_content, huge_image, image_bomb
from report_factory import small_report_pdf

from pipeline.backends.preflight import StreamLimits, check_streams
from pipeline.errors import InputError

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "corpora" / "samples").glob("*.pdf"))


@pytest.mark.parametrize(("make", "code"), [(image_bomb, "decompression_bomb"),
                                            (content_bomb, "decompression_bomb"),
                                            (huge_image, "image_too_large"),
                                            (lambda: stored_zip(small_report_pdf(1)), "not_pdf")])
def test_hostile_streams_are_refused_fast(make, code: str) -> None:
    data = make()
    t0 = time.perf_counter()
    with pytest.raises(InputError) as err:
        check_streams(data, "x.pdf")
    assert time.perf_counter() - t0 < 5  # inflates at most up to the limit
    assert err.value.code == code and str(err.value).startswith("x.pdf: ")


def stored_zip(pdf: bytes) -> bytes:
    """A ZIP holding a PDF uncompressed: its %PDF- header shows within the first KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("r.pdf", pdf)
    return buf.getvalue()


def test_real_reports_and_merely_large_streams_pass() -> None:
    for path in SAMPLES:
        check_streams(path.read_bytes(), path.name)
    check_streams(endless_content(), "endless.pdf")  # 50 MB at 5:1, no bomb: the time limit's job
    with pytest.raises(InputError):  # ...unless the limits say otherwise
        check_streams(endless_content(), "endless.pdf", StreamLimits(stream_bytes=16 << 20))
    check_streams(b"not a pdf at all", "notes.pdf")  # the backend reports these
    deflated = io.BytesIO()  # a deflated ZIP (a .docx is one): not a PDF, the backends decide
    with zipfile.ZipFile(deflated, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("r.pdf", small_report_pdf(1))
    check_streams(deflated.getvalue(), "report.docx")
