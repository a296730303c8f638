"""Ingest: run the pure per-document step over files in isolated worker processes
(:mod:`pipeline.corpus.workers`: per-document time and memory limits) or on a Dask cluster
(:mod:`pipeline.corpus.cluster`), and store each result in a :class:`~pipeline.corpus.store.Corpus`
from the main process only (the single writer).

Every ingest takes the corpus lock, removes stale temp files and reconciles the JSON
files with the index before the batch, so a crash between two writes heals itself.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.backends.detect import INPUT_SUFFIXES
from pipeline.corpus.store import Corpus, IngestError
from pipeline.corpus.workers import DEFAULT_LIMITS, Limits, Outcome, WorkerPool, run_job
from pipeline.corpus.writer import Writer
from pipeline.document import Document
from pipeline.process import document_id, process_bytes, warm_up_for

__all__ = ["IngestEvent", "IngestReport", "default_workers", "expand_paths", "ingest"]

# A processor has the signature of process.process_bytes; it must be a picklable
# module-level function (it runs in worker processes).
Processor = Callable[[bytes, str, str | None], Document]


def default_workers() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class IngestEvent:
    """Progress report for one input file (passed to the ``progress`` callback)."""

    done: int
    total: int
    path: Path
    outcome: str  # added | partial | skipped | failed
    doc_id: str | None = None
    error: IngestError | None = None
    seconds: float | None = None  # time in the per-document step (None: not processed)
    pages: int | None = None


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

    Folders are walked recursively for ``*.pdf`` and Word files (``INPUT_SUFFIXES``,
    any case); a file named explicitly
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
            found = [f for f in sorted(p.rglob("*")) if f.suffix.lower() in INPUT_SUFFIXES and f.is_file()]
            if not found:
                rejected.append((p, "no_pdfs", "folder holds no PDF or Word files"))
            for f in found:
                add(f)
        elif p.is_file():
            add(p)
        elif p.exists():
            rejected.append((p, "not_a_file", "not a regular file or folder"))
        else:
            rejected.append((p, "missing", "no such file or directory"))
    return files, rejected


@dataclass
class _Job:
    path: Path
    doc_id: str
    data: bytes | None = None  # the bytes hashed, for a runner in this process (not the pool's)


class _Batch:
    """State of one ingest run: turns each outcome into writes, report and events."""

    def __init__(self, corpus: Corpus, conn: Any, total: int,
                 progress: Callable[[IngestEvent], None] | None, force: bool = False,
                 redo: Callable[[str], bool] | None = None) -> None:
        self.corpus, self.conn, self.total, self.progress = corpus, conn, total, progress
        self.force, self.redo = force, redo
        self.report = IngestReport()
        self.done = 0
        self.seen: set[str] = set()  # ids taken by this batch (duplicate files)
        self.writer: Writer[tuple[_Job, Outcome]] | None = None  # see _writing
        # The main thread reports skipped and unreadable files while the writer
        # thread reports the rest: one at a time (report, events, errors.jsonl).
        self._lock = threading.RLock()

    def _event(self, path: Path, outcome: str, doc_id: str | None = None,
               error: IngestError | None = None, seconds: float | None = None,
               pages: int | None = None) -> None:
        with self._lock:
            self.done += 1
            if self.progress is not None:
                self.progress(IngestEvent(self.done, self.total, path, outcome, doc_id, error,
                                          seconds, pages))

    def fail(self, path: Path, code: str, message: str, seconds: float | None = None,
             doc_id: str | None = None) -> None:
        for prefix in (f"{path}: ", f"{path.name}: "):  # the record names the file already
            message = message.removeprefix(prefix)
        err = IngestError(path=str(path), filename=path.name, code=code, message=message)
        with self._lock:
            self.corpus.record_error(err)
            self.report.failed.append(err)
            self._event(path, "failed", doc_id, error=err, seconds=seconds)

    def skip(self, path: Path, doc_id: str) -> None:
        with self._lock:
            self.report.skipped.append(doc_id)
            self._event(path, "skipped", doc_id)

    def _stored_and_current(self, doc_id: str) -> bool:
        if not self.corpus.has(doc_id) or self.force:
            return False
        return self.redo is None or not self.redo(doc_id)

    def claim(self, path: Path, data: bytes) -> _Job | None:
        """Hash a file; None (and a 'skipped' event) if its document already exists
        (and, when upgrading, is not stale)."""
        doc_id = document_id(data)
        if doc_id in self.seen or self._stored_and_current(doc_id):
            self.skip(path, doc_id)
            return None
        self.seen.add(doc_id)
        return _Job(path, doc_id, data)

    def finish(self, job: _Job, doc: Document, seconds: float | None = None) -> None:
        """Store (or fail) the document made of ``job``, here and now."""
        self.write([(job, Outcome(None, doc, seconds=seconds or 0.0))], self.conn)

    def settle(self, job: _Job, outcome: Outcome) -> None:
        """Record what a worker made of ``job``: a document, or one error entry (by the
        writer thread when there is one)."""
        if self.writer is not None:
            self.writer.put((job, outcome))
        else:
            self.write([(job, outcome)], self.conn)

    def write(self, items: list[tuple[_Job, Outcome]], conn: Any) -> None:
        """Store the documents of ``items`` in one group (see Corpus.store_many); fail
        the jobs that gave none."""
        keep: list[tuple[_Job, Document, float]] = []
        for job, outcome in items:
            doc = outcome.doc
            if doc is None:
                self.fail(job.path, outcome.code or "internal_error", outcome.message,
                          outcome.seconds, job.doc_id)
            elif doc.failed:
                last = doc.errors[-1] if doc.errors else None
                self.fail(job.path, last.code if last else "failed",
                          last.message if last else "no document produced", outcome.seconds,
                          job.doc_id)
            # The file changed after it was hashed, into a document already stored.
            elif doc.id != job.doc_id and self._stored_and_current(doc.id):
                self.skip(job.path, doc.id)
            else:
                keep.append((job, doc, outcome.seconds))
        if not keep:
            return
        self.corpus.store_many(conn, [doc for _, doc, _ in keep])
        with self._lock:
            for job, doc, seconds in keep:
                self.report.added.append(doc.id)
                if doc.status != "ok":
                    self.report.partial.append(doc.id)
                self._event(job.path, "partial" if doc.status != "ok" else "added", doc.id,
                            seconds=seconds, pages=doc.source.pages or None)


@contextmanager
def _writing(batch: _Batch) -> Iterator[None]:
    """Run ``batch``'s writes in a writer thread (group commits) for the block; at the
    end (Ctrl-C included) what the workers returned is stored before going on."""
    writer: Writer[tuple[_Job, Outcome]] = Writer(batch.write, batch.corpus.connect)
    writer.start()
    batch.writer = writer
    try:
        yield
    finally:
        batch.writer = None
        try:
            writer.close()
        except KeyboardInterrupt:  # Ctrl-C while it finishes: let it, then stop
            writer.join()
            raise


def _claimed(batch: _Batch, files: list[Path]) -> Iterator[_Job]:
    """Read and hash each file; yield those still to process (others are reported)."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            batch.fail(path, "unreadable", exc.strerror or str(exc))
            continue
        job = batch.claim(path, data)
        if job is not None:
            yield job


def _run_in_process(batch: _Batch, jobs: Iterator[_Job], processor: Processor) -> None:
    """``workers=0``: the step in this process, without limits (debugging, profiling)."""
    for job in jobs:
        t0 = time.perf_counter()
        try:
            doc = run_job(processor, str(job.path.absolute()), job.data)  # the bytes hashed, not read again
        except Exception as exc:  # noqa: BLE001 - the step should not raise; never lose the batch
            batch.fail(job.path, "internal_error", f"{type(exc).__name__}: {exc}")
            continue
        batch.finish(job, doc, time.perf_counter() - t0)


def _run_pool(batch: _Batch, jobs: Iterator[_Job], processor: Processor, workers: int,
              limits: Limits) -> None:
    """One job per isolated worker at a time.  Idle workers get their next job before
    results are handed to the writer (a thread, see _writing), so the writer's fsyncs
    run while the workers do, not between their documents; files are read and hashed
    (to skip stored ones) ahead, while the workers load their models."""
    warm = warm_up_for(processor)
    # workers read their files themselves: only paths cross, the bytes are not held here
    jobs = (dataclasses.replace(job, data=None) for job in jobs)
    first = next(jobs, None)
    if first is None:
        return
    ahead: deque[_Job] = deque([first])
    with WorkerPool(processor, workers, limits, warm) as pool:
        inflight: dict[int, _Job] = {}
        serial = 0

        def feed() -> None:
            nonlocal serial
            while True:
                while ahead and pool.idle():
                    serial += 1
                    inflight[serial] = job = ahead.popleft()
                    pool.submit(serial, str(job.path.absolute()))  # recorded for --upgrade
                # look a few files ahead while every worker is busy (or still starting)
                if len(ahead) >= 2 * workers or (claimed := next(jobs, None)) is None:
                    return
                ahead.append(claimed)

        while True:
            feed()
            if not inflight and not ahead:
                return
            outcomes = pool.collect()
            feed()  # before writing: keep the workers busy
            for outcome in outcomes:
                batch.settle(inflight.pop(outcome.key), outcome)


def _plan_upgrade(batch: _Batch, files: list[Path]) -> list[Path]:
    """Let ``batch`` redo stale documents and add their recorded source files to
    ``files``; a stale document whose source is gone is a warning."""
    from pipeline.provenance import stored_provenance

    stale = {m.doc_id: m for m in stored_provenance(batch.corpus, batch.conn) if m.stale}
    batch.redo = stale.__contains__
    known = {f.resolve() for f in files}
    for made in stale.values():
        source = Path(made.source_path) if made.source_path else None
        if source is None or not source.is_file():
            batch.report.warnings.append(
                f"{made.doc_id}: stale, but its source file {made.source_path or '(not recorded)'} "
                "is gone: kept as it is")
        elif source.resolve() not in known:
            known.add(source.resolve())
            files.append(source)
    return files


def ingest(paths: Iterable[str | Path], corpus: Corpus, workers: int | None = None,
           progress: Callable[[IngestEvent], None] | None = None,
           processor: Processor = process_bytes, force: bool = False,
           limits: Limits = DEFAULT_LIMITS, scheduler: str | None = None,
           upgrade: bool = False) -> IngestReport:
    """Process files/folders into ``corpus``; see the module docstring for the layout.

    Files whose content id already has a document are skipped.  Inputs that give no
    document are appended to errors.jsonl and listed in ``report.failed``; partial
    documents are stored with their errors.  Each document runs in one of
    ``workers`` isolated processes (default: every CPU this process may use) under
    ``limits``; ``workers=0`` runs the step in this process without limits.
    ``scheduler`` (``tcp://host:8786``) sends the step to a Dask cluster instead.
    ``force`` reprocesses files whose document exists; ``upgrade`` reprocesses
    documents made by another pipeline version or other models/configs (stale),
    from the files given and from the source files the stale documents record.
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
            if upgrade:
                files = _plan_upgrade(batch, files)
                batch.total = len(files) + len(rejected)
            jobs = _claimed(batch, files)
            if workers == 0 and scheduler is None:
                _run_in_process(batch, jobs, processor)
            elif scheduler is not None:
                from pipeline.corpus.cluster import run_on_cluster

                with _writing(batch):
                    run_on_cluster(batch, jobs, processor, scheduler, limits)
            else:
                n = workers if workers is not None else default_workers()
                with _writing(batch):
                    _run_pool(batch, jobs, processor, max(1, min(n, len(files))), limits)
        finally:
            conn.close()
    batch.report.seconds = time.perf_counter() - t0
    return batch.report
