"""Cluster mode: the per-document step runs on the workers of a Dask distributed
cluster; the documents come back here, to the corpus's one writer.

File bytes are sent with each task, so the cluster's machines need the
``tripreport`` package and its models, not the files.  Limits on a cluster are
the local ones: each Dask worker thread runs the step in an isolated child process
of its own (a :class:`~pipeline.corpus.workers.WorkerPool` of one, started at the
first task, models loaded once), so a document past the time limit or the memory
cap is killed and fails with ``timeout`` or ``memory_limit`` while the Dask worker
lives on.  The writer keeps a second clock as a backstop (a Dask worker that
hangs or dies: ``timeout`` or ``worker_crash``).
"""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.corpus.workers import DEFAULT_LIMITS, Limits, Outcome, WorkerPool
from pipeline.document import Document

# The batch and its jobs are pipeline.corpus.ingest's (_Batch, _Job); typed loosely
# here because ingest imports this module.
_Batch = Any
_Job = Any

__all__ = ["run_on_cluster"]

Processor = Callable[[bytes, str, str | None], Document]


# One isolated step process per Dask worker thread (a pool is not shared between
# threads), with the processor and limits it was started for.
_local = threading.local()


def _isolated_pool(processor: Processor, limits: Limits) -> WorkerPool:
    """This thread's pool of one isolated worker, (re)started for ``processor`` and
    ``limits`` (compared pickled: every task unpickles a new partial object)."""
    from pipeline.process import warm_up_for

    key = pickle.dumps((processor, limits))
    held = getattr(_local, "held", None)
    if held is None or held[0] != key:
        if held is not None:
            held[1].close(kill=True)
        _local.held = held = (key, WorkerPool(processor, 1, limits, warm_up_for(processor)))
    pool: WorkerPool = held[1]
    return pool


def _run_step(processor: Processor, data: bytes, filename: str, path: str,
              limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """The task a cluster worker runs (module-level, so it pickles by reference): the
    step on ``data`` in this thread's isolated child process, under ``limits``."""
    pool = _isolated_pool(processor, limits)
    while not pool.idle():  # the first task waits for the child to load its models
        pool.collect()
    pool.submit(None, path, data)
    while True:
        for outcome in pool.collect():
            return outcome


def run_on_cluster(batch: _Batch, jobs: Iterator[_Job], processor: Processor, scheduler: Any,
                   limits: Limits = DEFAULT_LIMITS) -> None:
    """Send each job's bytes to the cluster at ``scheduler`` (an address such as
    ``tcp://host:8786``, or a ``distributed.Client``) and settle the documents in
    ``batch`` as they complete; at most one job per worker thread is in flight, so a
    document's clock starts about when it does."""
    from distributed import Client

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        _drive(client, batch, jobs, processor, limits)
    finally:
        if client is not scheduler:
            client.close()


def _drive(client: Any, batch: _Batch, jobs: Iterator[_Job], processor: Processor,
           limits: Limits) -> None:
    from distributed import wait

    # The worker's child keeps the time limit; this clock only catches a Dask worker
    # that hangs, so it allows for the child's start (models) on top.
    timeout = limits.timeout + limits.start_timeout
    window = max(1, sum(client.nthreads().values()))
    inflight: dict[Any, tuple[_Job, float]] = {}
    job = next(jobs, None)

    def fill() -> None:
        nonlocal job
        while job is not None and len(inflight) < window:
            _submit(client, inflight, job, processor, limits)
            job = next(jobs, None)

    while job is not None or inflight:
        fill()
        try:
            done = wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED").done
        except TimeoutError:  # nothing finished yet: look at the clocks
            done = set()
        now = time.monotonic()
        finished = [(fut, *inflight.pop(fut)) for fut in done]
        fill()  # before writing: keep the cluster busy while the writer works
        for fut, item, started in finished:
            batch.settle(item, _outcome(fut, now - started))
        for fut in [f for f, (_, started) in inflight.items() if now - started > timeout]:
            item, started = inflight.pop(fut)
            fut.cancel()
            batch.settle(item, Outcome(None, None, "timeout",
                                       f"took longer than {timeout:g} s (limit)", now - started))


def _submit(client: Any, inflight: dict[Any, tuple[_Job, float]], job: _Job,
            processor: Processor, limits: Limits) -> None:
    path = job.path.absolute()
    data, job.data = job.data, None  # the bytes hashed (not read again), held by the task only
    fut = client.submit(_run_step, processor, data, path.name, str(path), limits, pure=False)
    inflight[fut] = (job, time.monotonic())


def _outcome(fut: Any, seconds: float) -> Outcome:
    try:
        outcome: Outcome = fut.result()
        outcome.seconds = seconds
        return outcome
    except Exception as exc:  # noqa: BLE001 - a task error or a worker killed under it
        code = "worker_crash" if type(exc).__name__ == "KilledWorker" else "internal_error"
        return Outcome(None, None, code, f"{type(exc).__name__}: {exc}".splitlines()[0], seconds)
