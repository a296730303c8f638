"""Cluster mode on a real Dask LocalCluster of two worker processes: the same
documents as a local ingest, bad files still one error entry each, one writer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import distributed
import pytest
from reliability.hostile import endless_content
from report_factory import write_reports

from pipeline.corpus.index import indexed_ids
from pipeline.corpus.ingest import ingest
from pipeline.corpus.store import Corpus
from pipeline.corpus.workers import Limits, parse_size
from pipeline.process import document_id

pytestmark = pytest.mark.slow  # a cluster of processes


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as lc:
        yield lc


def test_cluster_ingest_stores_the_documents_a_local_run_does(tmp_path: Path, cluster) -> None:
    good = write_reports(tmp_path / "in", 4)
    (tmp_path / "in" / "notes.pdf").write_text("not a pdf", encoding="utf-8")
    corpus = Corpus(tmp_path / "c")
    report = ingest([tmp_path / "in"], corpus, scheduler=cluster.scheduler_address)
    expected = {document_id(p.read_bytes()) for p in good}
    assert set(report.added) == set(corpus.ids()) == expected
    assert [(e.filename, e.code) for e in report.failed] == [("notes.pdf", "not_pdf")]
    assert len(corpus.read_errors()) == 1
    conn = corpus.open_for_reading()
    try:
        assert set(indexed_ids(conn)) == expected
    finally:
        conn.close()

    local = Corpus(tmp_path / "local")
    ingest(good[:2], local, workers=1)
    for doc_id in local.ids():  # the same pure step: the same document, bar timings
        a, b = (json.loads(c.json_path(doc_id).read_text(encoding="utf-8")) for c in (corpus, local))
        a.pop("pipeline"), b.pop("pipeline")
        assert a == b

    again = ingest([tmp_path / "in"], corpus, scheduler=cluster.scheduler_address)
    assert len(again.skipped) == 4 and not again.added


def test_cluster_mode_applies_the_memory_cap_and_the_workers_live_on(tmp_path: Path,
                                                                     cluster) -> None:
    """PDFium keeps every path of this 50 MB content stream: past a 200 MB cap the
    document fails with memory_limit in the Dask worker's isolated child; the Dask
    workers themselves are not restarted and the good report is stored."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "endless.pdf").write_bytes(endless_content())
    good = write_reports(tmp_path / "in", 2)
    with distributed.Client(cluster.scheduler_address) as client:
        before = client.run(os.getpid)
        report = ingest([tmp_path / "in"], Corpus(tmp_path / "c"), scheduler=client,
                        limits=Limits(timeout=90, memory=parse_size("200MB")))
        assert client.run(os.getpid) == before  # no Dask worker died or was restarted
    assert [(e.filename, e.code) for e in report.failed] == [("endless.pdf", "memory_limit")]
    assert sorted(report.added) == sorted(document_id(p.read_bytes()) for p in good)


def test_cluster_mode_applies_the_time_limit(tmp_path: Path, cluster) -> None:
    """The document past the limit is killed in the Dask worker's isolated child
    (not abandoned to run on), so the worker is free at once for the next task."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "endless.pdf").write_bytes(endless_content())
    write_reports(tmp_path / "in", 1)
    with distributed.Client(cluster.scheduler_address) as client:
        report = ingest([tmp_path / "in"], Corpus(tmp_path / "c"), scheduler=client,
                        limits=Limits(timeout=5))
        assert not any(client.processing().values())  # no task left running
    assert [(e.filename, e.code) for e in report.failed] == [("endless.pdf", "timeout")]
    assert len(report.added) == 1
