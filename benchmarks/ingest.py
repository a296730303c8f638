"""Benchmark: batch ingest throughput with 1 and 2 isolated workers and on a
2-worker Dask LocalCluster, and peak memory per worker.

Generates N report PDFs (cover + body pages, embedded CJK TrueType font, the
generator of the tests) into a temp folder, then ingests them into a fresh corpus
once per mode, in this process (the workers are child processes either way):

* ``workers=1`` – one isolated worker process (the baseline of the scaling ratio);
* ``workers=2`` – two isolated worker processes;
* ``dask-2``    – ``--scheduler`` on a ``LocalCluster(n_workers=2, threads_per_worker=1)``.

Reported per mode: wall time, documents/s and pages/s in the steady state (from
the first finished document to the last, so worker start-up and model loading are
apart: ``start s``), peak RSS per worker, and the 1 -> 2 worker scaling. Then the
projection for 100,000 reports on 64 cores from the per-worker rate.

    python benchmarks/ingest.py [--docs 200] [--body-pages 4] [--modes workers-1,workers-2,dask-2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pipeline.corpus.ingest import IngestEvent, ingest  # noqa: E402
from pipeline.corpus.store import Corpus  # noqa: E402

AVERAGE_REPORT_PAGES = 10  # the three sample reports: 29 pages


class _Clock:
    """Progress callback: when each document finished, its pages, worker RSS peaks."""

    def __init__(self, watch_rss: bool) -> None:
        self.times: list[float] = []
        self.pages: list[int] = []
        self.peak: dict[int, int] = {}
        self.watch_rss = watch_rss

    def __call__(self, ev: IngestEvent) -> None:
        self.times.append(time.perf_counter())
        self.pages.append(ev.pages or 0)
        if self.watch_rss:
            self.sample_rss()

    def sample_rss(self) -> None:
        import psutil

        for child in psutil.Process().children():
            if "multiprocessing-fork" in " ".join(child.cmdline()):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)


def _run(mode: str, inbox: Path, workdir: Path) -> dict:
    corpus = Corpus(workdir / mode)
    clock = _Clock(watch_rss=not mode.startswith("dask"))
    t0 = time.perf_counter()
    if mode.startswith("dask"):
        from distributed import Client, LocalCluster

        n = int(mode.split("-")[1])
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t0 = time.perf_counter()
            report = ingest([inbox], corpus, scheduler=client, progress=clock)
            peaks = client.run(_peak_rss)
            clock.peak = dict(enumerate(peaks.values()))
    else:
        report = ingest([inbox], corpus, workers=int(mode.split("-")[1]), progress=clock)
    wall = time.perf_counter() - t0
    assert not report.failed, report.failed
    steady = clock.times[-1] - clock.times[0]
    return {"mode": mode, "docs": len(clock.times), "pages": sum(clock.pages), "wall": wall,
            "start": clock.times[0] - t0,
            "docs_per_s": (len(clock.times) - 1) / steady, "pages_per_s": sum(clock.pages[1:]) / steady,
            "peak_mb": max(clock.peak.values(), default=0) / 2**20}


def _peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--body-pages", type=int, default=4)
    ap.add_argument("--modes", default="workers-1,workers-2,dask-2")
    args = ap.parse_args(argv)
    from report_factory import write_reports

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        inbox = Path(tmp) / "in"
        t0 = time.perf_counter()
        write_reports(inbox, args.docs, body_pages=args.body_pages)
        print(f"{args.docs} reports x {args.body_pages + 1} pages generated in "
              f"{time.perf_counter() - t0:.1f}s; cpus {len(os.sched_getaffinity(0))}, "
              f"load average {os.getloadavg()[0]:.1f}")
        rows = [_run(mode, inbox, Path(tmp)) for mode in args.modes.split(",")]
    print("\n| mode | docs | pages | wall s | start s | docs/s | pages/s | peak RSS/worker |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['mode']} | {r['docs']} | {r['pages']} | {r['wall']:.1f} | {r['start']:.1f} | "
              f"{r['docs_per_s']:.2f} | {r['pages_per_s']:.1f} | {r['peak_mb']:.0f} MB |")
    by = {r["mode"]: r for r in rows}
    if "workers-1" in by and "workers-2" in by:
        one = by["workers-1"]["pages_per_s"]
        print(f"\nscaling 1 -> 2 workers: {by['workers-2']['pages_per_s'] / one:.2f}x")
        report_s = AVERAGE_REPORT_PAGES / one  # seconds per 10-page report on one core
        hours = 100_000 * report_s / 64 / 3600
        print(f"projection: 100,000 reports of {AVERAGE_REPORT_PAGES} pages on 64 cores "
              f"(linear scaling, one writer): {hours:.1f} h at {one:.1f} pages/s per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
