"""The stream preflight: bombs and giant images are refused from the object table
before any parser decodes them; real reports pass untouched."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from reliability.hostile import content_bomb, endless_content, huge_image, image_bomb, zip_named_pdf

from pipeline.backends.preflight import StreamLimits, check_streams
from pipeline.errors import InputError

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "corpora" / "samples").glob("*.pdf"))


@pytest.mark.parametrize(("make", "code"), [(image_bomb, "decompression_bomb"),
                                            (content_bomb, "decompression_bomb"),
                                            (huge_image, "image_too_large"),
                                            (zip_named_pdf, "not_pdf")])
def test_hostile_streams_are_refused_fast(make, code: str) -> None:
    data = make()
    t0 = time.perf_counter()
    with pytest.raises(InputError) as err:
        check_streams(data, "x.pdf")
    assert time.perf_counter() - t0 < 5  # inflates at most up to the limit
    assert err.value.code == code and str(err.value).startswith("x.pdf: ")


def test_real_reports_and_merely_large_streams_pass() -> None:
    for path in SAMPLES:
        check_streams(path.read_bytes(), path.name)
    check_streams(endless_content(), "endless.pdf")  # 50 MB at 5:1, no bomb: the time limit's job
    with pytest.raises(InputError):  # ...unless the limits say otherwise
        check_streams(endless_content(), "endless.pdf", StreamLimits(stream_bytes=16 << 20))
    check_streams(b"not a pdf at all", "notes.pdf")  # the backend reports these
