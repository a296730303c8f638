"""Benchmark: extraction and ingest speed (pages/s) and peak memory.

Compares, in one run and on the same files:

* ``pdfplumber``  – plain ``page.extract_text()`` on every page (the baseline);
* ``extract``     – our extraction stage alone: backend + layout clean-up (no NLP
  stages), once per backend (``pdfium``, ``pdfplumber``);
* ``process``     – the whole per-document step (``process_bytes``, one worker), per backend;
* ``ingest``      – ``tripreport ingest`` into a fresh corpus (JSON + SQLite, default backend).

For ``process`` and ``ingest`` the one-off model load (first document) is timed
apart (``load s``); pages/s is the steady state after it. The per-stage split of
``process`` shows what each stage (e.g. sector classification) adds.

Each mode runs in its own subprocess so that peak RSS is its own; every round runs each
mode once, and each mode's best round (least wall time) counts, so that a slow spell of a
shared machine does not land on one mode only.  Besides wall-clock
pages/s it reports pages per CPU-second of the process: on a shared machine the wall
clock measures the neighbours too, CPU time much less so.  ``x base`` is the ratio to
the baseline's pages/s in the same run (wall / CPU).

    python benchmarks/extract.py [PDF or folder ...] [--repeat N] [--rounds N]

Defaults to ``corpora/samples`` plus the shared reference PDF when present.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (mode, backend); the baseline comes first.
MODES = (("pdfplumber", "-"), ("extract", "pdfium"), ("extract", "pdfplumber"),
         ("process", "pdfium"), ("process", "pdfplumber"), ("ingest", "pdfium"))


def _pdfs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def _run_mode(mode: str, backend: str, files: list[Path], repeat: int) -> dict:
    """Run one mode in this process; return pages, seconds, CPU seconds and peak RSS.

    Every mode first runs once, untimed, on the smallest file: imports, PDF library
    start-up and (for ``process``/``ingest``) the model load are timed apart as
    ``load s``; pages/s is the steady state after it."""
    run_once = _pass(mode, backend)
    smallest = min(files, key=lambda f: f.stat().st_size)
    t_load = time.perf_counter()
    run_once([smallest], {})
    load_seconds = time.perf_counter() - t_load
    pages = 0
    stage_seconds: dict[str, float] = {}
    t0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        pages += run_once(files, stage_seconds)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "backend": backend, "pages": pages, "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "pages_per_s": round(pages / seconds, 2) if seconds else None,
            "pages_per_cpu_s": round(pages / cpu, 2) if cpu else None,
            "peak_rss_mb": round(peak_mb, 1), "load_s": round(load_seconds, 2),
            "stages": {k: round(v, 3) for k, v in stage_seconds.items()}}


def _pass(mode: str, backend: str) -> Callable[[list[Path], dict[str, float]], int]:
    """One pass of ``mode`` over some files: returns the pages read, adds stage timings.

    Each mode imports only what it uses, so that its peak RSS is its own."""
    if mode == "pdfplumber":
        import pdfplumber

        def plain(files: list[Path], stages: dict[str, float]) -> int:
            pages = 0
            for f in files:
                with pdfplumber.open(f) as pdf:
                    for page in pdf.pages:
                        page.extract_text()
                        pages += 1
            return pages

        return plain
    if mode == "extract":
        from pipeline.backends import backend_for
        from pipeline.document import Document, Source
        from pipeline.extract import layout

        def extract(files: list[Path], stages: dict[str, float]) -> int:
            pages = 0
            for f in files:
                data = f.read_bytes()
                raw = backend_for(data, f.name, backend).load(data, f.name)
                layout.annotate(Document(id="bench", source=Source(f.name, "", 0)), raw)
                pages += len(raw.pages)
            return pages

        return extract
    from pipeline.corpus.ingest import ingest
    from pipeline.corpus.store import Corpus
    from pipeline.process import process_bytes

    def process(files: list[Path], stages: dict[str, float]) -> int:
        pages = 0
        for f in files:
            doc = process_bytes(f.read_bytes(), f.name, backend=backend)
            pages += doc.source.pages
            for stage, sec in doc.pipeline.get("timings", {}).items():
                stages[stage] = stages.get(stage, 0.0) + sec
        return pages

    def ingest_all(files: list[Path], stages: dict[str, float]) -> int:
        with tempfile.TemporaryDirectory() as tmp:
            ingest(files, Corpus(Path(tmp)), workers=1, processor=partial(process_bytes, backend=backend))
        return sum(_page_count(f) for f in files)

    return process if mode == "process" else ingest_all


def _page_count(f: Path) -> int:
    """Pages of a PDF from its page tree (no page is parsed)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(f)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the files per mode and round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of all modes; the best round counts")
    ap.add_argument("--mode", choices=sorted({m for m, _ in MODES}), help=argparse.SUPPRESS)
    ap.add_argument("--backend", default="-", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    args = ap.parse_args()
    paths = args.paths or [str(ROOT / "corpora" / "samples")]
    shared = ROOT.parent / "shared" / "pdfs"
    if not args.paths and shared.is_dir():
        paths.append(str(shared))
    files = _pdfs(paths)
    if args.mode:  # child process
        print(json.dumps(_run_mode(args.mode, args.backend, files, args.repeat)))
        return
    rounds: list[list[dict]] = []
    for _ in range(args.rounds):  # every mode once per round: slow spells of a shared machine hit all
        rounds.append([_child(mode, backend, args.repeat, files) for mode, backend in MODES])
    # each mode's best round (least wall time), as timeit does
    results = [min((r[i] for r in rounds), key=lambda x: x["seconds"]) for i in range(len(MODES))]
    if args.json:
        print(json.dumps(results, indent=1))
        return
    _print_table(files, args.repeat, args.rounds, results)


def _child(mode: str, backend: str, repeat: int, files: list[Path]) -> dict:
    """Run one mode in a fresh interpreter (its own peak RSS) and read its JSON line."""
    out = subprocess.run(
        [sys.executable, __file__, "--mode", mode, "--backend", backend,
         "--repeat", str(repeat), *map(str, files)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _print_table(files: list[Path], repeat: int, rounds: int, results: list[dict]) -> None:
    base = results[0]
    print(f"{len(files)} files, repeat {repeat}, best of {rounds} rounds")
    print(f"{'mode':<10}{'backend':<12}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'p/cpu-s':>9}"
          f"{'x base':>13}{'peak MB':>9}{'load s':>8}")
    for r in results:
        ratio = f"{r['pages_per_s'] / base['pages_per_s']:.2f}/{r['pages_per_cpu_s'] / base['pages_per_cpu_s']:.2f}"
        print(f"{r['mode']:<10}{r['backend']:<12}{r['pages']:>6}{r['seconds']:>9}{r['pages_per_s']:>9}"
              f"{r['pages_per_cpu_s']:>9}{ratio:>13}{r['peak_rss_mb']:>9}{r['load_s']:>8}")
    for r in results:
        if r["mode"] == "process":
            stages, pages = r["stages"], r["pages"]
            total = sum(stages.values()) or 1.0
            print(f"process stages ({r['backend']}, ms/page): " + ", ".join(
                f"{k} {1000 * v / pages:.1f} ({100 * v / total:.0f}%)" for k, v in stages.items()))


if __name__ == "__main__":
    main()
