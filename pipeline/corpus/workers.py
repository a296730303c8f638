"""Isolated worker processes for the per-document step.

Each worker is a ``spawn``-ed process that runs one document at a time.  The
parent (the corpus writer) enforces, per document, a wall-time limit and a
memory cap: a worker past either is killed, its document fails with
``timeout`` or ``memory_limit``, and a fresh worker takes its place.  A worker
that dies on its own fails only the document it held (``worker_crash``).

Workers never outlive the process that started them: on Linux they ask the
kernel for SIGKILL when their parent dies (``prctl(PR_SET_PDEATHSIG)``), and on
every platform a watchdog thread ends them when the lifeline pipe from the
parent reaches end-of-file (the parent exited or was killed).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipeline.corpus.procs import children_allowed, die_with_parent, limit_address_space, memory_of
from pipeline.document import Document, Source
from pipeline.provenance import adopt_fingerprint, fingerprint

__all__ = ["DEFAULT_LIMITS", "Limits", "Outcome", "WorkerPool", "WorkerStartError", "allow_more_time", "parse_size",
           "run_job"]

Processor = Callable[[bytes, str, str | None], Document]

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
          "g": 1 << 30, "gb": 1 << 30, "t": 1 << 40, "tb": 1 << 40}


def parse_size(text: str | int) -> int:
    """Bytes from ``"2GB"``, ``"512MB"``, ``"1.5g"``, ``"300KiB"`` or a plain number
    (binary units: 1 GB = 2**30 bytes); ``ValueError`` otherwise."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", text.lower())
    if not m or (m.group(3) and m.group(3) not in ("b", "ib")):
        raise ValueError(f"not a size: {text!r} (e.g. 2GB, 512MB)")
    size = int(float(m.group(1)) * _UNITS[m.group(2) + ("b" if m.group(2) else "")])
    if size <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return size


@dataclass(frozen=True)
class Limits:
    """Per-document limits; the defaults are far above what a real report needs
    (the largest sample takes ~3 s and adds ~100 MB to a warmed-up worker)."""

    timeout: float = 120.0  # wall-clock seconds for one document
    memory: int = 2 << 30  # bytes one document may add to its worker
    start_timeout: float = 600.0  # a new worker loading its models


DEFAULT_LIMITS = Limits()


@dataclass
class Outcome:
    """What became of one job: a document, or a failure ``code`` with a message."""

    key: Any
    doc: Document | None
    code: str | None = None
    message: str = ""
    seconds: float = 0.0


class WorkerStartError(RuntimeError):
    """Workers die before they are ready (a broken installation, not a bad file)."""


# --- worker side -------------------------------------------------------------------------

# (connection to the parent, key of the running job), in a worker process only: lets
# slow but bounded work inside a job ask for more time (allow_more_time).
_running: tuple[Connection, Any] | None = None


def allow_more_time(seconds: float) -> None:
    """From inside a job: extend this document's time limit by ``seconds`` (for slow
    but bounded work, such as OCR of each page under its own time limit).  Does
    nothing outside a worker process."""
    if _running is not None:
        conn, key = _running
        conn.send(("extend", key, seconds))


def run_job(processor: Processor, path: str, data: bytes | None = None) -> Document:
    """Run the step on a file's ``data``, read from ``path`` if not given (locally,
    paths rather than bytes cross process boundaries)."""
    p = Path(path)
    try:
        if data is None:
            data = p.read_bytes()
    except OSError as exc:
        doc = Document(id="", source=Source(filename=p.name, sha256="", size=0, path=path))
        doc.fail("read", "unreadable", exc.strerror or str(exc))
        return doc
    return processor(data, p.name, path)


def _ran_out_of_memory(doc: Document) -> bool:
    # Stages record their exceptions as "<Type>: <message>" and the step never raises,
    # so an allocation refused under RLIMIT_AS shows up as a recorded MemoryError.
    return any(e.message.startswith("MemoryError") or "(MemoryError" in e.message
               for e in doc.errors)


def _worker_main(conn: Connection, lifeline: Connection, parent_pid: int,
                 processor: Processor, warm_up: Callable[[], None] | None, memory: int,
                 fingerprint: str | None) -> None:
    die_with_parent(parent_pid, lifeline)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    adopt_fingerprint(fingerprint)  # the parent hashed models/ and configs/ once for all
    if warm_up is not None:
        warm_up()  # load models once per worker, before any document's clock starts
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        key, path, data = job
        limit_address_space(memory)
        global _running
        _running = (conn, key)
        try:
            doc = run_job(processor, path, data)
            del data  # the bytes are not needed past the step: free them before sending
        except MemoryError:
            doc = None
        except Exception as exc:  # noqa: BLE001 - the step should not raise; report it
            conn.send(("error", key, f"{type(exc).__name__}: {exc}"))
            continue
        finally:
            _running = None
        if doc is None or _ran_out_of_memory(doc):
            del doc
            conn.send(("memory_limit", key, None))
            return  # a process that hit its limit may be in a bad state: replace it
        try:
            conn.send(("done", key, doc))
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
            conn.send(("error", key, f"{type(exc).__name__}: {exc}"))


# --- parent side -------------------------------------------------------------------------


class _Worker:
    """The parent's handle on one worker process and the job it holds."""

    def __init__(self, ctx: Any, processor: Processor, warm_up: Callable[[], None] | None,
                 limits: Limits, made_by: str | None) -> None:
        self.conn, child_conn = ctx.Pipe()
        lifeline_r, self.lifeline = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_worker_main, name="tripreport-worker", daemon=True,
                                args=(child_conn, lifeline_r, os.getpid(), processor, warm_up,
                                      limits.memory, made_by))
        with children_allowed():
            self.proc.start()
        child_conn.close()
        lifeline_r.close()  # only the child holds the read end: EOF when we die
        self.ready = False
        self.key: Any = None
        self.busy = False
        self.started = time.monotonic()
        self.deadline = self.started + limits.start_timeout
        self.mem0 = (0, 0)  # (address space, RSS) when the job started
        self.grown = 0  # the most the address space grew during the job (as sampled)

    def send(self, key: Any, path: str, limits: Limits, data: bytes | None = None) -> None:
        self.key, self.busy = key, True
        self.started = time.monotonic()
        self.deadline = self.started + limits.timeout
        self.mem0, self.grown = memory_of(self.proc.pid) or (0, 0), 0
        self.conn.send((key, path, data))

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        for c in (self.conn, self.lifeline):
            c.close()

    def stop(self) -> None:
        """Ask the worker to finish (it exits after its current job), then reap it."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        self.kill()


class WorkerPool:
    """``size`` isolated workers running ``processor`` under ``limits``.

    Use as a context manager; :meth:`submit` a job when :meth:`idle` is non-zero and
    collect :class:`Outcome` objects with :meth:`collect`.  Leaving the context
    stops every worker (killing them if an exception, e.g. Ctrl-C, is on its way).
    """

    def __init__(self, processor: Processor, size: int, limits: Limits = DEFAULT_LIMITS,
                 warm_up: Callable[[], None] | None = None) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.processor, self.limits, self.warm_up = processor, limits, warm_up
        self._ctx = get_context("spawn")  # not fork: the parent may run threads
        self._made_by = fingerprint()  # hashed here once, not in every worker
        self._workers = [self._start() for _ in range(size)]
        self._failed_starts = 0

    def _start(self) -> _Worker:
        return _Worker(self._ctx, self.processor, self.warm_up, self.limits, self._made_by)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        self.close(kill=exc_type is not None)

    def close(self, kill: bool = False) -> None:
        """End every worker: politely after the current jobs, or at once (``kill``)."""
        for w in self._workers:
            w.kill() if kill else w.stop()
        self._workers = []

    def idle(self) -> int:
        return sum(1 for w in self._workers if w.ready and not w.busy)

    def busy(self) -> int:
        return sum(1 for w in self._workers if w.busy)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._workers if w.proc.pid is not None]

    def submit(self, key: Any, path: str, data: bytes | None = None) -> None:
        """Give the job ``(key, path)`` to an idle worker (with the file's ``data``
        when the worker cannot read ``path``, e.g. on a cluster machine)."""
        worker = next(w for w in self._workers if w.ready and not w.busy)
        try:
            worker.send(key, path, self.limits, data)
        except OSError:  # died while idle: its replacement will take the next job
            worker.busy = True  # collect() reports it as a crash of this job

    def collect(self, poll: float = 0.1) -> list[Outcome]:
        """Wait (at most ``poll`` seconds) for workers; return finished jobs' outcomes,
        enforcing limits and replacing dead or killed workers on the way."""
        now = time.monotonic()
        timeout = max(0.0, min([w.deadline - now for w in self._workers] + [poll]))
        waitables: list[Any] = [w.conn for w in self._workers] + [w.proc.sentinel for w in self._workers]
        ready = set(wait(waitables, timeout))
        outcomes: list[Outcome] = []
        for i, w in enumerate(list(self._workers)):
            outcome, replace = self._check(w, w.conn in ready or w.proc.sentinel in ready)
            if outcome is not None:
                outcomes.append(outcome)
            if replace:
                w.kill()
                self._workers[i] = self._start()
        return outcomes

    def _check(self, w: _Worker, signalled: bool) -> tuple[Outcome | None, bool]:
        """(outcome of w's job if it ended, whether w must be replaced)."""
        if signalled:
            try:
                if w.conn.poll():
                    return self._message(w, w.conn.recv())
            except (EOFError, OSError):
                pass
            w.proc.join(1)  # nothing to read and signalled: the worker has ended
            if w.busy and (w.proc.exitcode or 0) < 0 and w.grown >= self.limits.memory // 2:
                # Native code (PDFium) aborts when RLIMIT_AS refuses it memory: a worker
                # killed by a signal after growing to near its cap ran out of memory.
                return self._lost(w, "memory_limit", _memory_message(self.limits.memory))
            return self._lost(w, "worker_crash",
                              f"the worker process died (exit code {w.proc.exitcode})")
        now = time.monotonic()
        if now > w.deadline:
            if not w.busy:
                return self._lost(w, "worker_crash", "a new worker did not start in time")
            return self._lost(w, "timeout", f"took longer than {self.limits.timeout:g} s (limit)")
        if w.busy:
            mem = memory_of(w.proc.pid)
            if mem is not None:
                w.grown = max(w.grown, mem[0] - w.mem0[0])
                if mem[1] - w.mem0[1] > self.limits.memory:
                    return self._lost(w, "memory_limit", _memory_message(self.limits.memory))
        return None, False

    def _message(self, w: _Worker, msg: tuple[str, Any, Any]) -> tuple[Outcome | None, bool]:
        kind, key, payload = msg
        if kind == "ready":
            w.ready, w.deadline = True, float("inf")
            self._failed_starts = 0
            return None, False
        if kind == "extend":  # the job asked for more time (e.g. OCR, page by page)
            w.deadline += float(payload)
            return None, False
        seconds = time.monotonic() - w.started
        w.busy, w.key, w.deadline = False, None, float("inf")
        if kind == "done":
            return Outcome(key, payload, seconds=seconds), False
        if kind == "memory_limit":
            return Outcome(key, None, "memory_limit", _memory_message(self.limits.memory),
                           seconds), True
        return Outcome(key, None, "internal_error", str(payload), seconds), False

    def _lost(self, w: _Worker, code: str, message: str) -> tuple[Outcome | None, bool]:
        """The worker is gone or must go: fail its job (if any) and replace it."""
        if not w.busy and w.ready:  # died between jobs: nothing lost
            return None, True
        if not w.busy:
            self._failed_starts += 1
            if self._failed_starts > 2 * max(1, len(self._workers)):
                raise WorkerStartError(f"worker processes keep dying before they are ready "
                                       f"(last exit code {w.proc.exitcode})")
            return None, True
        outcome = Outcome(w.key, None, code, message, time.monotonic() - w.started)
        w.busy = False
        return outcome, True


def _memory_message(limit: int) -> str:
    return f"needed more than {limit / (1 << 20):,.0f} MB of memory (limit)"
