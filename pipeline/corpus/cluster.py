"""Cluster mode: the per-document step runs on the workers of a Dask distributed
cluster; the documents come back here, to the corpus's one writer.

File bytes are sent with each task, so the cluster's machines need the
``tripreport`` package and its models, not the files.  Limits on a cluster: a
document still running past the time limit is failed (``timeout``) and its task
abandoned (Dask cannot stop a running task: the worker's thread finishes it and
the result is dropped); memory is Dask's to police (``dask worker
--memory-limit``: the nanny restarts a worker past it, and a document that kills
its workers fails with ``worker_crash``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.document import Document

# The batch and its jobs are pipeline.corpus.ingest's (_Batch, _Job); typed loosely
# here because ingest imports this module.
_Batch = Any
_Job = Any

__all__ = ["run_on_cluster"]

Processor = Callable[[bytes, str, str | None], Document]


def _run_step(processor: Processor, data: bytes, filename: str, path: str) -> Document:
    """The task a cluster worker runs (module-level, so it pickles by reference)."""
    return processor(data, filename, path)


def run_on_cluster(batch: _Batch, jobs: Iterator[_Job], processor: Processor, scheduler: Any,
                   timeout: float = 120.0) -> None:
    """Send each job's bytes to the cluster at ``scheduler`` (an address such as
    ``tcp://host:8786``, or a ``distributed.Client``) and settle the documents in
    ``batch`` as they complete; at most one job per worker thread is in flight, so a
    document's clock starts about when it does."""
    from distributed import Client

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        _drive(client, batch, jobs, processor, timeout)
    finally:
        if client is not scheduler:
            client.close()


def _drive(client: Any, batch: _Batch, jobs: Iterator[_Job], processor: Processor,
           timeout: float) -> None:
    from distributed import wait

    from pipeline.corpus.workers import Outcome

    window = max(1, sum(client.nthreads().values()))
    inflight: dict[Any, tuple[_Job, float]] = {}
    job = next(jobs, None)
    while job is not None or inflight:
        while job is not None and len(inflight) < window:
            _submit(client, batch, inflight, job, processor)
            job = next(jobs, None)
        try:
            done = wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED").done
        except TimeoutError:  # nothing finished yet: look at the clocks
            done = set()
        now = time.monotonic()
        for fut in list(inflight):
            item, started = inflight[fut]
            if fut in done:
                del inflight[fut]
                batch.settle(item, _outcome(fut, now - started))
            elif now - started > timeout:
                del inflight[fut]
                fut.cancel()
                batch.settle(item, Outcome(None, None, "timeout",
                                           f"took longer than {timeout:g} s (limit)", now - started))


def _submit(client: Any, batch: _Batch, inflight: dict[Any, tuple[_Job, float]], job: _Job,
            processor: Processor) -> None:
    path = job.path.absolute()
    try:
        data = path.read_bytes()
    except OSError as exc:  # gone since it was hashed
        batch.fail(job.path, "unreadable", exc.strerror or str(exc))
        return
    fut = client.submit(_run_step, processor, data, path.name, str(path), pure=False)
    inflight[fut] = (job, time.monotonic())


def _outcome(fut: Any, seconds: float) -> Any:
    from pipeline.corpus.workers import Outcome

    try:
        return Outcome(None, fut.result(), seconds=seconds)
    except Exception as exc:  # noqa: BLE001 - a task error or a worker killed under it
        code = "worker_crash" if type(exc).__name__ == "KilledWorker" else "internal_error"
        return Outcome(None, None, code, f"{type(exc).__name__}: {exc}".splitlines()[0], seconds)
