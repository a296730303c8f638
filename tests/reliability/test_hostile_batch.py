"""A batch of hostile inputs mixed with good reports, through the real pipeline
and the real `tripreport ingest` machinery (isolated workers, limits)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import psutil
import pytest
from hostile import KINDS, RESCUED
from report_factory import scan_of, small_report_pdf, write_reports

from pipeline.backends import ocr
from pipeline.corpus.index import indexed_ids
from pipeline.corpus.ingest import ingest
from pipeline.corpus.store import Corpus
from pipeline.corpus.workers import Limits
from pipeline.process import document_id
from pipeline.schema import validate_document

pytestmark = [pytest.mark.reliability, pytest.mark.slow]  # multi-process batches

REPO = Path(__file__).resolve().parents[2]
# the two shorter real samples (the 17-page one adds nothing here but time)
SAMPLES = [REPO / "corpora" / "samples" / f"2023-{name}.pdf"
           for name in ("germany-mems-sensors", "kyushu-semiconductor-hydrogen")]
# Past these a document is hostile: these reports take < 2 s and < 200 MB on an idle
# machine (the limit leaves room for a loaded CI machine).
LIMITS = Limits(timeout=15, memory=1 << 30)
# The whole batch: each document ends within its time limit (OCR'd pages add their own
# bounded allowance), so 40 files on 2 workers end well within this even on busy cores.
BOUND_SECONDS = 300


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)
            if "resource_tracker" not in " ".join(p.cmdline())}


def test_hostile_inputs_fail_one_by_one_and_good_reports_are_stored(tmp_path: Path) -> None:
    assert len(KINDS) >= 25
    inbox = tmp_path / "in"
    bad_dir = inbox / "bad"
    bad_dir.mkdir(parents=True)
    for name, (make, _codes) in KINDS.items():
        (bad_dir / f"{name}.pdf").write_bytes(make())
    good = write_reports(inbox / "good", 6)
    for sample in SAMPLES:
        shutil.copy(sample, inbox / "good" / sample.name)
        good.append(inbox / "good" / sample.name)
    scanned = inbox / "good" / "scanned-report.pdf"  # a good report, as a scan: OCR reads it
    scanned.write_bytes(scan_of(small_report_pdf(77), dpi=200))
    has_ocr = ocr.available()
    if has_ocr:
        good.append(scanned)
    before = _children()

    t0 = time.monotonic()
    corpus = Corpus(tmp_path / "corpus")
    report = ingest([inbox], corpus, workers=2, limits=LIMITS)
    assert time.monotonic() - t0 < BOUND_SECONDS

    # every good report is stored, and valid against the schema
    good_ids = {document_id(p.read_bytes()) for p in good}
    rescued = {document_id((bad_dir / f"{name}.pdf").read_bytes()): name
               for name, (_make, codes) in KINDS.items() if RESCUED in codes}
    rescued = {i: name for i, name in rescued.items() if i in report.added}
    assert set(corpus.ids()) == good_ids | set(rescued) == set(report.added), report.failed
    for doc_id in good_ids | set(rescued):
        data = json.loads(corpus.json_path(doc_id).read_text(encoding="utf-8"))
        validate_document(data)
        assert data["pipeline"]["fingerprint"] and data["status"] in ("ok", "partial")
    for doc_id in rescued:  # read right: by OCR, or by a backend that decodes its font (PDFium)
        doc = corpus.read_document(doc_id)
        assert "經濟部工業局" in "".join(p.text for p in doc.pages).replace(" ", "")
        assert "ocr" in doc.pipeline or doc.pipeline.get("backend") != "pdfplumber"
    for doc_id in [document_id(scanned.read_bytes()), *rescued] if has_ocr else []:
        doc = corpus.read_document(doc_id)
        if "ocr" in doc.pipeline:
            assert doc.pipeline["ocr"]["confidence"] > 50 and doc.pages[0].text
            assert all(b.source == "ocr" and b.confidence for b in doc.blocks)
    if has_ocr:  # the scan of a generated report: its body comes back, tagged as OCR'd
        doc = corpus.read_document(document_id(scanned.read_bytes()))
        assert doc.blocks and "第77號報告" in doc.text.replace(" ", "")
    # exactly one error entry per bad file (not rescued), with a code that describes it
    records = corpus.read_errors()
    by_file = {Path(r["path"]).stem: r for r in records}
    bad = {name for name in KINDS if name not in rescued.values()}
    if not has_ocr:
        bad.add("scanned-report")
    assert len(records) == len(bad) == len(by_file) == len(report.failed)
    assert set(by_file) == bad
    wrong = {name: by_file[name]["code"] for name, (_make, codes) in KINDS.items()
             if name in bad and by_file[name]["code"] not in codes}
    assert not wrong
    assert all(r["message"] and "\n" not in r["message"] for r in records)
    # the index matches the documents
    conn = corpus.open_for_reading()
    try:
        assert set(indexed_ids(conn)) == good_ids | set(rescued)
    finally:
        conn.close()
    # no process of the batch is left
    assert _children() <= before
