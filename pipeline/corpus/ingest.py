"""Ingest: run the pure per-document step over files (serially or in a process pool)
and store each result in a :class:`~pipeline.corpus.store.Corpus` (main process only).

Every ingest takes the corpus lock, removes stale temp files and reconciles the JSON
files with the index before the batch, so a crash between two writes heals itself.
"""

from __future__ import annotations

import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline.corpus.store import Corpus, IngestError
from pipeline.document import Document, Source
from pipeline.process import document_id, process_bytes

__all__ = ["IngestEvent", "IngestReport", "expand_paths", "ingest"]

# A processor has the signature of process.process_bytes; it must be a picklable
# module-level function when workers > 1.
Processor = Callable[[bytes, str, str | None], Document]


@dataclass
class IngestEvent:
    """Progress report for one input file (passed to the ``progress`` callback)."""

    done: int
    total: int
    path: Path
    outcome: str  # added | partial | skipped | failed
    doc_id: str | None = None
    error: IngestError | None = None


@dataclass
class IngestReport:
    """What an ingest did; ``added`` includes partial documents."""

    added: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[IngestError] = field(default_factory=list)
    reconciled: tuple[int, int] = (0, 0)  # (indexed, removed) before the batch
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        """The one-line summary printed by the CLI."""
        part = f" ({len(self.partial)} partial)" if self.partial else ""
        return (f"added {len(self.added)}{part}, skipped {len(self.skipped)}, "
                f"failed {len(self.failed)} in {self.seconds:.1f}s")


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str, str]]]:
    """Files to ingest, and inputs rejected before reading as ``(path, code, message)``.

    Folders are walked recursively for ``*.pdf`` (any case); a file named explicitly
    is taken whatever its extension.  Duplicates are dropped, order is kept.  A path
    that does not exist (``missing``), a folder with no PDF in it (``no_pdfs``) and
    something that is neither a file nor a folder, e.g. a FIFO that would block the
    read (``not_a_file``), are rejected.
    """
    files: list[Path] = []
    rejected: list[tuple[Path, str, str]] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = [f for f in sorted(p.rglob("*")) if f.suffix.lower() == ".pdf" and f.is_file()]
            if not found:
                rejected.append((p, "no_pdfs", "folder holds no PDF files"))
            for f in found:
                add(f)
        elif p.is_file():
            add(p)
        elif p.exists():
            rejected.append((p, "not_a_file", "not a regular file or folder"))
        else:
            rejected.append((p, "missing", "no such file or directory"))
    return files, rejected


def _worker_init() -> None:
    # Ctrl-C is handled by the main process, which shuts the pool down; workers
    # dying on their own SIGINT would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(processor: Processor, path: str) -> Document:
    """Worker-side job: read the file (paths, not bytes, cross the process boundary)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        doc = Document(id="", source=Source(filename=p.name, sha256="", size=0, path=path))
        doc.fail("read", "unreadable", exc.strerror or str(exc))
        return doc
    return processor(data, p.name, path)


@dataclass
class _Job:
    path: Path
    doc_id: str


class _Batch:
    """State of one ingest run: turns each outcome into writes, report and events."""

    def __init__(self, corpus: Corpus, conn: Any, total: int,
                 progress: Callable[[IngestEvent], None] | None, force: bool = False) -> None:
        self.corpus, self.conn, self.total, self.progress = corpus, conn, total, progress
        self.force = force
        self.report = IngestReport()
        self.done = 0
        self.seen: set[str] = set()  # ids taken by this batch (duplicate files)

    def _event(self, path: Path, outcome: str, doc_id: str | None = None,
               error: IngestError | None = None) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(IngestEvent(self.done, self.total, path, outcome, doc_id, error))

    def fail(self, path: Path, code: str, message: str) -> None:
        for prefix in (f"{path}: ", f"{path.name}: "):  # the record names the file already
            message = message.removeprefix(prefix)
        err = IngestError(path=str(path), filename=path.name, code=code, message=message)
        self.corpus.record_error(err)
        self.report.failed.append(err)
        self._event(path, "failed", error=err)

    def skip(self, path: Path, doc_id: str) -> None:
        self.report.skipped.append(doc_id)
        self._event(path, "skipped", doc_id)

    def claim(self, path: Path, data: bytes) -> _Job | None:
        """Hash a file; None (and a 'skipped' event) if its document already exists."""
        doc_id = document_id(data)
        if doc_id in self.seen or (self.corpus.has(doc_id) and not self.force):
            self.skip(path, doc_id)
            return None
        self.seen.add(doc_id)
        return _Job(path, doc_id)

    def finish(self, job: _Job, doc: Document) -> None:
        if doc.failed:
            last = doc.errors[-1] if doc.errors else None
            self.fail(job.path, last.code if last else "failed",
                      last.message if last else "no document produced")
            return
        # The file changed after it was hashed, into a document already stored.
        if doc.id != job.doc_id and self.corpus.has(doc.id) and not self.force:
            self.skip(job.path, doc.id)
            return
        self.corpus.store(self.conn, doc)
        self.report.added.append(doc.id)
        if doc.status != "ok":
            self.report.partial.append(doc.id)
        self._event(job.path, "partial" if doc.status != "ok" else "added", doc.id)


def _claimed(batch: _Batch, files: list[Path]) -> Iterator[tuple[_Job, bytes]]:
    """Read and hash each file; yield those not in the corpus yet (others are reported)."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            batch.fail(path, "unreadable", exc.strerror or str(exc))
            continue
        job = batch.claim(path, data)
        if job is not None:
            yield job, data


def _run_serial(batch: _Batch, files: list[Path], processor: Processor) -> None:
    for job, data in _claimed(batch, files):
        path = job.path
        try:
            doc = processor(data, path.name, str(path))
        except Exception as exc:  # noqa: BLE001 - the step should not raise; never lose the batch
            batch.fail(path, "internal_error", f"{type(exc).__name__}: {exc}")
            continue
        batch.finish(job, doc)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the main process may run threads (rich's progress refresher).
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_worker_init)


def _stop_pool(pool: ProcessPoolExecutor, interrupted: bool) -> None:
    if interrupted:  # don't wait for running files; nothing they do is written
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
    pool.shutdown(wait=not interrupted, cancel_futures=True)


def _run_parallel(batch: _Batch, files: list[Path], processor: Processor, workers: int) -> None:
    """Process jobs in a pool, keeping at most ``2 * workers`` in flight, so that when
    a worker dies (BrokenProcessPool) only those few files are suspects; suspects are
    then retried one at a time in a fresh one-worker pool to find the culprit."""
    queue = deque(job for job, _ in _claimed(batch, files))
    suspects: deque[_Job] = deque()
    while queue or suspects:
        isolating = bool(suspects)
        source = suspects if isolating else queue
        size = 1 if isolating else workers
        window = 1 if isolating else 2 * workers  # one queued job per worker: no idle gap
        pool = _new_pool(size)
        inflight: dict[Future[Document], _Job] = {}
        interrupted = True
        try:
            broken = False
            while (source or inflight) and not broken:
                while source and len(inflight) < window:
                    job = source.popleft()
                    try:
                        inflight[pool.submit(_work, processor, str(job.path))] = job
                    except BrokenProcessPool:  # broke before this job was sent: innocent
                        source.appendleft(job)
                        break
                if not inflight:  # the pool broke with nothing in flight: start a new one
                    break
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = inflight.pop(fut)
                    try:
                        doc = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if isolating:  # alone in its pool: this file killed the worker
                            batch.fail(job.path, "worker_crash",
                                       "the worker process died while processing this file")
                        else:
                            suspects.append(job)
                    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                        batch.fail(job.path, "internal_error", f"{type(exc).__name__}: {exc}")
                    else:
                        batch.finish(job, doc)
            if broken:
                suspects.extend(inflight.values())
                inflight.clear()
            interrupted = False
        finally:
            _stop_pool(pool, interrupted)


def ingest(paths: Iterable[str | Path], corpus: Corpus, workers: int = 1,
           progress: Callable[[IngestEvent], None] | None = None,
           processor: Processor = process_bytes, force: bool = False) -> IngestReport:
    """Process files/folders into ``corpus``; see the module docstring for the layout.

    Files whose content id already has a document are skipped.  Inputs that give no
    document are appended to errors.jsonl and listed in ``report.failed``; partial
    documents are stored with their errors.  ``workers > 1`` runs the step in a
    process pool (``processor`` must then be a module-level function).  ``force``
    reprocesses files whose document exists (e.g. after a pipeline upgrade).
    """
    t0 = time.perf_counter()
    files, rejected = expand_paths(paths)
    with corpus.lock():
        corpus.cleanup_temp()
        conn = corpus.connect()
        try:
            n_indexed, n_removed, problems = corpus.reconcile(conn)
            batch = _Batch(corpus, conn, len(files) + len(rejected), progress, force)
            batch.report.reconciled = (n_indexed, n_removed)
            batch.report.warnings.extend(problems)
            for p, code, message in rejected:
                batch.fail(p, code, message)
            if workers > 1 and len(files) > 1:
                _run_parallel(batch, files, processor, workers)
            else:
                _run_serial(batch, files, processor)
        finally:
            conn.close()
    batch.report.seconds = time.perf_counter() - t0
    return batch.report
