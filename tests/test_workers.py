"""Isolated workers: per-document time and memory limits, crashes, replacement, no orphans.

The batches run :func:`limit_steps.misbehaving` (the small real text step of
test_corpus plus deliberate overruns) in real spawned worker processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from limit_steps import misbehaving
from test_corpus import REPO, count, write_inputs

from pipeline.corpus.ingest import default_workers, ingest
from pipeline.corpus.store import Corpus
from pipeline.corpus.workers import Limits, WorkerPool, parse_size

TESTS = Path(__file__).resolve().parent
pytestmark = pytest.mark.slow  # real worker processes


def _bad(folder: Path, name: str, first_word: str) -> Path:
    p = folder / name
    p.write_text(f"{first_word}\n" + "壹、目的\n測試。\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_past_the_time_limit_fails_alone_and_the_batch_goes_on(
        tmp_path: Path, workers: int) -> None:
    write_inputs(tmp_path / "in", 3)
    _bad(tmp_path / "in", "a-sleep.pdf", "SLEEP")
    _bad(tmp_path / "in", "b-spin.pdf", "SPIN")
    corpus = Corpus(tmp_path / "c")
    t0 = time.monotonic()
    report = ingest([tmp_path / "in"], corpus, workers=workers, processor=misbehaving,
                    limits=Limits(timeout=1.5))
    assert time.monotonic() - t0 < 30
    assert sorted((e.filename, e.code) for e in report.failed) == [
        ("a-sleep.pdf", "timeout"), ("b-spin.pdf", "timeout")]
    assert len(report.added) == 3 and count(corpus) == 3
    assert len(corpus.read_errors()) == 2  # exactly one entry per bad file


@pytest.mark.parametrize("first_word", ["HOG", "GROW"])
def test_a_document_past_the_memory_cap_fails_with_memory_limit(tmp_path: Path,
                                                                first_word: str) -> None:
    write_inputs(tmp_path / "in", 2)
    _bad(tmp_path / "in", "big.pdf", first_word)
    corpus = Corpus(tmp_path / "c")
    report = ingest([tmp_path / "in"], corpus, workers=1, processor=misbehaving,
                    limits=Limits(timeout=60, memory=parse_size("300MB")))
    assert [(e.filename, e.code) for e in report.failed] == [("big.pdf", "memory_limit")]
    assert "300 MB" in report.failed[0].message
    assert len(report.added) == 2


def test_a_crashing_worker_fails_its_document_only_and_is_replaced(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 4)
    for i in range(2):
        (tmp_path / "in" / f"crash{i}.pdf").write_text(f"CRASH {i}", encoding="utf-8")
    report = ingest([tmp_path / "in"], Corpus(tmp_path / "c"), workers=1, processor=misbehaving)
    assert sorted((e.filename, e.code) for e in report.failed) == [
        ("crash0.pdf", "worker_crash"), ("crash1.pdf", "worker_crash")]
    assert len(report.added) == 4


def test_closed_pool_leaves_no_process(tmp_path: Path) -> None:
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    with WorkerPool(misbehaving, 2, Limits()) as pool:
        pids = pool.pids()
        assert len(pids) == 2 and all(psutil.pid_exists(p) for p in pids)
    assert not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
                   for p in pids)
    assert {p.pid for p in me.children(recursive=True)} - before <= _resource_tracker(me)


def _resource_tracker(me: psutil.Process) -> set[int]:
    """multiprocessing's resource tracker: started once per process, ends with it."""
    return {p.pid for p in me.children() if "resource_tracker" in " ".join(p.cmdline())}


_PARENT = '''
import sys
sys.path.insert(0, {tests!r})
from limit_steps import misbehaving
from pipeline.corpus.store import Corpus
from pipeline.corpus.ingest import ingest

if __name__ == "__main__":
    ingest([{inputs!r}], Corpus({corpus!r}), workers=2, processor=misbehaving,
           progress=lambda ev: print("event", ev.done, flush=True))
'''


def test_workers_die_with_a_sigkilled_parent(tmp_path: Path) -> None:
    """SIGKILL gives the parent no chance to clean up: the workers (stuck in a
    document that never ends) and the resource tracker must still go."""
    write_inputs(tmp_path / "in", 1)
    for name in ("a.pdf", "b.pdf"):
        _bad(tmp_path / "in", name, "SLEEP")
    script = tmp_path / "parent.py"
    script.write_text(_PARENT.format(tests=str(TESTS), inputs=str(tmp_path / "in"),
                                     corpus=str(tmp_path / "c")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("event")  # r0 done: both workers are up
        parent = psutil.Process(proc.pid)
        family = parent.children(recursive=True)
        assert len([p for p in family if "resource_tracker" not in " ".join(p.cmdline())]) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        _gone, alive = psutil.wait_procs(family, timeout=10)
        assert not alive, [p.cmdline() for p in alive]
    finally:
        if proc.poll() is None:
            proc.kill()


def test_parse_size() -> None:
    assert parse_size("2GB") == 2 << 30 and parse_size("512mb") == 512 << 20
    assert parse_size("1.5G") == 3 << 29 and parse_size("300KiB") == 300 << 10
    assert parse_size("4096") == 4096
    for bad in ("", "2 parsecs", "-1GB", "0"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_workers_default_to_the_cpus_this_process_may_use() -> None:
    assert default_workers() == len(os.sched_getaffinity(0))
