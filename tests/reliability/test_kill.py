"""SIGKILL a real `tripreport ingest --workers 2` at random moments, re-run it each
time: the corpus ends complete and consistent, no document is written twice, and
no process of a killed batch survives it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from report_factory import write_reports

from pipeline.corpus.index import indexed_ids, open_index
from pipeline.corpus.store import Corpus
from pipeline.process import document_id

pytestmark = [pytest.mark.reliability, pytest.mark.slow]  # multi-process batches

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from pipeline.cli import app; app()"]


def _ingest(inbox: Path, corpus: Path, kill_after: int | None, rng: random.Random) -> list[dict]:
    """Run the CLI; with ``kill_after``, SIGKILL it once that many documents are
    added (plus a random fraction of a document), and check its workers die too."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([*CLI, "ingest", str(inbox), "--corpus", str(corpus), "--workers", "2",
                             "--log-json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=REPO, env=env)
    events: list[dict] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            events.append(json.loads(line))
            done = sum(e["status"] == "added" for e in events)  # skipped ones need no worker
            if kill_after is not None and done >= kill_after:
                family = psutil.Process(proc.pid).children(recursive=True)
                assert len([p for p in family
                            if "resource_tracker" not in " ".join(p.cmdline())]) == 2
                time.sleep(rng.uniform(0.0, 0.3))  # anywhere inside the next document
                proc.kill()
                proc.wait(10)
                _gone, alive = psutil.wait_procs(family, timeout=15)
                assert not alive, [p.cmdline() for p in alive]
                return events
        assert proc.wait(60) == 0
        return events
    finally:
        if proc.poll() is None:
            proc.kill()


def _snapshot(corpus: Corpus) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every document file: a rewrite changes both."""
    return {p.stem: (p.stat().st_ino, p.stat().st_mtime_ns) for p in corpus.json_files()}


def _kill_and_rerun(tmp_path: Path, n_docs: int, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    inputs = write_reports(tmp_path / "in", n_docs)
    expected = {document_id(p.read_bytes()) for p in inputs}
    corpus = Corpus(tmp_path / "corpus")
    added: list[str] = []
    written: dict[str, tuple[int, int]] = {}
    for _ in range(kills):
        events = _ingest(tmp_path / "in", corpus.root, rng.randint(1, max(2, n_docs // (kills + 1))), rng)
        added += [e["id"] for e in events if e["status"] == "added"]
        now = _snapshot(corpus)
        assert all(now[i] == stamp for i, stamp in written.items())  # never rewritten
        written = now
        for doc_id in now:  # whatever the moment of the kill, no torn file
            assert corpus.read_document(doc_id).id == doc_id
    events = _ingest(tmp_path / "in", corpus.root, None, rng)
    added += [e["id"] for e in events if e["status"] == "added"]
    assert all(_snapshot(corpus)[i] == stamp for i, stamp in written.items())
    assert len(added) == len(set(added))  # no document processed into the corpus twice
    assert set(corpus.ids()) == expected
    assert all(e["status"] in ("added", "skipped") for e in events)
    conn = open_index(corpus.index_path)  # the last run left the index in step: no healing
    try:
        assert set(indexed_ids(conn)) == expected
    finally:
        conn.close()
    assert not list(corpus.root.rglob("*.tmp")) and not corpus.read_errors()


def test_killed_batches_resume_to_a_complete_corpus(tmp_path: Path) -> None:
    _kill_and_rerun(tmp_path, n_docs=24, kills=2, seed=12)


@pytest.mark.slow
def test_killed_five_times_over_200_documents(tmp_path: Path) -> None:
    _kill_and_rerun(tmp_path, n_docs=200, kills=5, seed=200)
