"""A batch of hostile inputs mixed with good reports, through the real pipeline
and the real `tripreport ingest` machinery (isolated workers, limits)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import psutil
import pytest
from hostile import KINDS
from report_factory import write_reports

from pipeline.corpus import Corpus
from pipeline.index import indexed_ids
from pipeline.ingest import ingest
from pipeline.process import document_id
from pipeline.schema import validate_document
from pipeline.workers import Limits

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
# the two shorter real samples (the 17-page one adds nothing here but time)
SAMPLES = [REPO / "corpora" / "samples" / f"2023-{name}.pdf"
           for name in ("germany-mems-sensors", "kyushu-semiconductor-hydrogen")]
# Past these a document is hostile: these reports take < 2 s and < 200 MB on an idle
# machine (the limit leaves room for a loaded CI machine).
LIMITS = Limits(timeout=15, memory=1 << 30)
BOUND_SECONDS = 150  # the whole batch, on 2 busy cores


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
    before = _children()

    t0 = time.monotonic()
    corpus = Corpus(tmp_path / "corpus")
    report = ingest([inbox], corpus, workers=2, limits=LIMITS)
    assert time.monotonic() - t0 < BOUND_SECONDS

    # every good report is stored, and valid against the schema
    good_ids = {document_id(p.read_bytes()) for p in good}
    assert set(corpus.ids()) == good_ids == set(report.added), report.failed
    for doc_id in good_ids:
        data = json.loads(corpus.json_path(doc_id).read_text(encoding="utf-8"))
        validate_document(data)
        assert data["pipeline"]["fingerprint"] and data["status"] in ("ok", "partial")
    # exactly one error entry per bad file, with a code that describes it
    records = corpus.read_errors()
    by_file = {Path(r["path"]).stem: r for r in records}
    assert len(records) == len(KINDS) == len(by_file) == len(report.failed)
    wrong = {name: by_file[name]["code"] for name, (_make, codes) in KINDS.items()
             if by_file[name]["code"] not in codes}
    assert not wrong
    assert all(r["message"] and "\n" not in r["message"] for r in records)
    # the index matches the documents
    conn = corpus.open_for_reading()
    try:
        assert set(indexed_ids(conn)) == good_ids
    finally:
        conn.close()
    # no process of the batch is left
    assert _children() <= before
