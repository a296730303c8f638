"""What ``tripreport ingest`` shows while it runs: a live progress line on a terminal
(documents/s, pages/s, ETA, failures), one ``error:`` line per bad file on stderr,
and with ``--log-json`` one JSON line per document on stdout for machines."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import typer

from pipeline.corpus.ingest import IngestEvent


class Throughput:
    """Running counts and rates of a batch (skipped files are counted but not timed)."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.done = self.total = self.processed = self.pages = self.failed = 0

    def add(self, ev: IngestEvent) -> None:
        self.done, self.total = ev.done, ev.total
        if ev.outcome != "skipped":
            self.processed += 1
        self.pages += ev.pages or 0
        self.failed += ev.outcome == "failed"

    def rates(self) -> tuple[float, float]:
        """(documents/s, pages/s) since the start."""
        elapsed = max(time.monotonic() - self.t0, 1e-6)
        return self.processed / elapsed, self.pages / elapsed

    def eta(self) -> float | None:
        """Seconds left at the current document rate (None before the first document)."""
        docs_per_s, _ = self.rates()
        if not self.processed or docs_per_s <= 0:
            return None
        return (self.total - self.done) / docs_per_s

    def fields(self) -> dict[str, str]:
        docs_per_s, pages_per_s = self.rates()
        eta = self.eta()
        return {"rates": f"{docs_per_s:.2f} docs/s  {pages_per_s:.1f} pages/s",
                "eta": "ETA " + (_clock(eta) if eta is not None else "--:--"),
                "failed": f"{self.failed} failed"}


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds + 0.5), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def json_event(ev: IngestEvent) -> dict[str, Any]:
    """The ``--log-json`` record of one document."""
    return {"id": ev.doc_id, "file": str(ev.path), "status": ev.outcome,
            "seconds": None if ev.seconds is None else round(ev.seconds, 3), "pages": ev.pages,
            "error": None if ev.error is None else {"code": ev.error.code, "message": ev.error.message},
            "done": ev.done, "total": ev.total}


class IngestView:
    """Callback for :func:`pipeline.corpus.ingest.ingest` and the context that displays it."""

    def __init__(self, log_json: bool, reason: Any) -> None:
        self.log_json, self.reason = log_json, reason
        self.stats = Throughput()
        self.bar: Any = None
        if sys.stderr.isatty() and (log_json or sys.stdout.isatty()):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rates]}"), TextColumn("{task.fields[eta]}"),
                                TextColumn("[red]{task.fields[failed]}"),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("ingesting", total=None, **self.stats.fields())

    def __enter__(self) -> IngestView:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *_: Any) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, ev: IngestEvent) -> None:
        self.stats.add(ev)
        if ev.error is not None:
            self._stderr(f"error: {ev.error.path}: {self.reason(ev.error.code, ev.error.message)}")
        if self.log_json:
            sys.stdout.write(json.dumps(json_event(ev), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        if self.bar is not None:
            self.bar.update(self.task, completed=ev.done, total=ev.total, **self.stats.fields())

    def _stderr(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            typer.echo(line, err=True)
