"""Benchmark: batch ingest throughput with 1 and 2 isolated workers and on a
2-worker Dask LocalCluster, in one run; start-up apart; peak memory per worker;
the 1 -> 2 worker scaling; the writer's own ceiling; the 64-core projection.

Generates N report PDFs (cover + body pages, embedded CJK TrueType font, the
generator of the tests) into a temp folder, then ingests them into a fresh corpus
once per mode (``--rounds`` times, modes interleaved, best round kept), in this
process (the workers are child processes either way):

* ``workers-1`` – one isolated worker process (the baseline of the scaling ratio);
* ``workers-2`` – two isolated worker processes;
* ``dask-2``    – ``--scheduler`` on a ``LocalCluster(n_workers=2, threads_per_worker=1)``
  (each Dask worker runs the step in its own isolated child, under the same limits).

Per mode: documents/s and pages/s in the steady state (first to last finished
document), ``start s`` (from the call to the first document handed to a worker:
folder scan, index reconciliation, worker spawn and model loading; the cluster's
own start is apart), peak RSS of the processes that run the step, their CPU
seconds in the steady state and pages per CPU-second (on a shared machine the wall clock also measures
the neighbours; CPU time does not), and the load average during the mode.

    python benchmarks/ingest.py [--docs 120] [--body-pages 4] [--rounds 1]
                                [--modes workers-1,workers-2,dask-2]

``--docs 120`` (the default) runs in about 3 minutes on 2 busy cores (load 7), 5 at load 16.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pipeline.corpus.ingest import IngestEvent, ingest  # noqa: E402
from pipeline.corpus.store import Corpus  # noqa: E402

AVERAGE_REPORT_PAGES = 10  # the three sample reports: 29 pages
ARCHIVE_REPORTS, ARCHIVE_CORES = 100_000, 64


class _Clock:
    """Progress callback: when each document finished and its pages; at the first,
    the workers' CPU so far (start-up) is noted, to leave it out of pages/CPU-s."""

    def __init__(self, sampler: _Sampler) -> None:
        self.times: list[float] = []
        self.pages: list[int] = []
        self.first_seconds = 0.0
        self.sampler = sampler

    def __call__(self, ev: IngestEvent) -> None:
        if not self.times:
            self.first_seconds = ev.seconds or 0.0
            self.sampler.sample()
            self.sampler.cpu_at_start = dict(self.sampler.cpu)
        self.times.append(time.perf_counter())
        self.pages.append(ev.pages or 0)


class _Sampler(threading.Thread):
    """Samples every descendant process (RSS, CPU time) every ``period`` seconds; the
    processes that run the step are the spawned ones without spawned children (a
    local worker; under Dask, the isolated child of a Dask worker)."""

    def __init__(self, period: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.period, self.halt = period, threading.Event()
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.cpu_at_start: dict[int, float] = {}  # when the first document finished
        self.parents: set[int] = set()
        self.loads: list[float] = []

    def run(self) -> None:
        while not self.halt.wait(self.period):
            self.sample()

    def sample(self) -> None:
        import psutil

        self.loads.append(os.getloadavg()[0])
        for proc in psutil.Process().children(recursive=True):
            try:
                if "multiprocessing-fork" not in " ".join(proc.cmdline()):
                    continue
                rss, times = proc.memory_info().rss, proc.cpu_times()
                if proc.ppid() != os.getpid():
                    self.parents.add(proc.ppid())
            except psutil.Error:
                continue
            self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            self.cpu[proc.pid] = times.user + times.system

    def step_pids(self) -> list[int]:
        return [pid for pid in self.peak if pid not in self.parents]


def _run(mode: str, inbox: Path, workdir: Path) -> dict:
    corpus = Corpus(workdir / mode)
    sampler = _Sampler()
    clock = _Clock(sampler)
    kind, n = mode.split("-")[0], int(mode.split("-")[1])
    sampler.start()
    cluster_start = 0.0
    if kind == "dask":
        from distributed import Client, LocalCluster

        t_cluster = time.perf_counter()
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            cluster_start = time.perf_counter() - t_cluster
            t0 = time.perf_counter()
            report = ingest([inbox], corpus, scheduler=client, progress=clock)
            wall = time.perf_counter() - t0
            sampler.sample()  # the isolated children are gone once the cluster is
    else:
        t0 = time.perf_counter()
        report = ingest([inbox], corpus, workers=n, progress=clock)
        wall = time.perf_counter() - t0
    sampler.halt.set()
    sampler.join()
    assert not report.failed, report.failed
    steady = clock.times[-1] - clock.times[0]
    steps = sampler.step_pids()
    # steady state: CPU and pages after the first document (start-up left out)
    cpu = sum(sampler.cpu[p] - sampler.cpu_at_start.get(p, 0.0) for p in steps)
    pages = sum(clock.pages)
    return {"mode": mode, "docs": len(clock.times), "pages": pages, "wall": wall,
            "start": clock.times[0] - t0 - clock.first_seconds, "cluster_start": cluster_start,
            "docs_per_s": (len(clock.times) - 1) / steady,
            "pages_per_s": sum(clock.pages[1:]) / steady,
            "peak_mb": max((sampler.peak[p] for p in steps), default=0) / 2**20,
            "cpu": cpu, "cores": cpu / steady, "pages_per_cpu": sum(clock.pages[1:]) / cpu if cpu else 0.0,
            "load": (min(sampler.loads, default=0.0), max(sampler.loads, default=0.0)),
            "corpus": corpus}


def _writer_alone(source: Corpus, workdir: Path) -> dict[int, float]:
    """Documents/s the single writer stores (JSON + fsync + index), nothing else
    running: one document per group (a writer that never falls behind) and groups
    of 16 (the group commit of a writer with a backlog)."""
    docs = [source.read_document(i) for i in source.ids()]
    rates = {}
    for size in (1, 16):
        target = Corpus(workdir / f"writer-alone-{size}")
        conn = target.connect()
        t0 = time.perf_counter()
        for k in range(0, len(docs), size):
            target.store_many(conn, docs[k:k + size])
        rates[size] = len(docs) / (time.perf_counter() - t0)
        conn.close()
    return rates


def _table(rows: list[dict]) -> None:
    print("\n| mode | docs | pages | wall s | start s | docs/s | pages/s | peak RSS/worker "
          "| worker CPU s | cores got | pages/CPU-s | load (1 min) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        start = f"{r['start']:.1f}" + (f" (+{r['cluster_start']:.1f} cluster)" if r["cluster_start"] else "")
        print(f"| {r['mode']} | {r['docs']} | {r['pages']} | {r['wall']:.1f} | {start} | "
              f"{r['docs_per_s']:.2f} | {r['pages_per_s']:.1f} | {r['peak_mb']:.0f} MB | "
              f"{r['cpu']:.1f} | {r['cores']:.2f} | {r['pages_per_cpu']:.1f} | {r['load'][0]:.1f}–{r['load'][1]:.1f} |")


def _projection(by: dict[str, dict], writer: dict[int, float]) -> None:
    one = by["workers-1"]
    for other in ("workers-2", "dask-2"):
        if other in by:
            print(f"scaling 1 -> {other}: {by[other]['pages_per_s'] / one['pages_per_s']:.2f}x "
                  f"by wall clock, {by[other]['pages_per_cpu'] / one['pages_per_cpu']:.2f}x "
                  "per worker CPU-second")
    best = max(r["pages_per_s"] / int(m.split("-")[1]) for m, r in by.items())
    per_core = one["pages_per_s"]
    need = ARCHIVE_CORES * per_core / AVERAGE_REPORT_PAGES
    hours = ARCHIVE_REPORTS * AVERAGE_REPORT_PAGES / (per_core * ARCHIVE_CORES) / 3600
    print(f"projection: {ARCHIVE_REPORTS:,} reports of {AVERAGE_REPORT_PAGES} pages on "
          f"{ARCHIVE_CORES} cores at the one-worker rate ({per_core:.1f} pages/s per core; "
          f"best per worker {best:.1f}), linear: {hours:.2f} h; the writer must then store "
          f"{need:.0f} docs/s (measured alone: {writer[1]:.0f} docs/s one by one, "
          f"{writer[16]:.0f} docs/s in groups of 16)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", type=int, default=120, help="reports to generate (default 120)")
    ap.add_argument("--body-pages", type=int, default=4, help="body pages per report (+1 cover)")
    ap.add_argument("--rounds", type=int, default=1, help="runs of every mode; best kept")
    ap.add_argument("--modes", default="workers-1,workers-2,dask-2")
    args = ap.parse_args(argv)
    from report_factory import write_reports

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        inbox = Path(tmp) / "in"
        t0 = time.perf_counter()
        write_reports(inbox, args.docs, body_pages=args.body_pages)
        print(f"{args.docs} reports x {args.body_pages + 1} pages generated in "
              f"{time.perf_counter() - t0:.1f}s; nproc {os.cpu_count()}, usable CPUs "
              f"{len(os.sched_getaffinity(0))}, load average {os.getloadavg()}")
        best: dict[str, dict] = {}
        for k in range(args.rounds):
            for mode in args.modes.split(","):
                r = _run(mode, inbox, Path(tmp) / f"round{k}")
                if mode not in best or r["pages_per_s"] > best[mode]["pages_per_s"]:
                    best[mode] = r
        rows = list(best.values())
        writer = _writer_alone(rows[0]["corpus"], Path(tmp))
        print(f"load average at the end {os.getloadavg()}")
    _table(rows)
    print(f"\nwriter alone: {writer[1]:.0f} docs/s one document per group, "
          f"{writer[16]:.0f} docs/s in groups of 16")
    if "workers-1" in best:
        _projection(best, writer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
