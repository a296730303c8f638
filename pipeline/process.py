"""The pure per-document step: file bytes in, annotated :class:`Document` out.

``process_bytes`` has no shared state and never raises for bad input: problems
are recorded on the document (``status``/``errors``). Heavy resources (models)
are loaded lazily once per process, so the same function can run in worker
processes or on a cluster engine, and be killed at any time without harm.

The input backend is picked by the file's content (:func:`pipeline.backends.backend_for`);
the stages after extraction are a plain list (:func:`stages`), each isolated
(its exception becomes an error entry, the next stage still runs) and timed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from pipeline import __version__
from pipeline.backends import backend_for
from pipeline.document import Document, Source
from pipeline.errors import InputError
from pipeline.extract import cover, language, layout, sections, tables
from pipeline.ner import stage as ner
from pipeline.sectors import stage as sectors

Stage = Callable[[Document], None]


def document_id(data: bytes) -> str:
    """Stable content id: the first 16 hex digits of the file's SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def stages() -> list[tuple[str, Stage]]:
    """The NLP stages run after extraction and tables, in order (a plain list, no registry)."""
    return [
        ("cover", cover.annotate),
        ("sections", sections.annotate),
        ("language", language.annotate),
        ("ner", ner.annotate),
        ("sectors", sectors.annotate),
    ]


def run_stages(doc: Document, named_stages: list[tuple[str, Stage]]) -> None:
    """Run each stage on ``doc``; a stage's exception becomes an error entry on the
    document (``stage_error``, status ``partial``) and the next stage still runs.
    Each stage's wall time goes to ``doc.pipeline["timings"]``."""
    timings = doc.pipeline.setdefault("timings", {})
    for name, stage in named_stages:
        t0 = time.perf_counter()
        try:
            stage(doc)
        except Exception as exc:  # noqa: BLE001 - one stage's bug or missing model must not lose the document
            doc.add_error(name, "stage_error", f"{type(exc).__name__}: {exc}")
        timings[name] = round(time.perf_counter() - t0, 4)


def process_bytes(data: bytes, filename: str, path: str | None = None, backend: str | None = None) -> Document:
    """Run the whole pipeline on one file's bytes.

    ``backend`` names an input backend (default: chosen by the file's content).
    Returns a document whose ``status`` is ``ok``, ``partial`` (some stage
    failed, the rest is there) or ``failed`` (input unreadable; ``errors``
    says why).
    """
    sha = hashlib.sha256(data).hexdigest()
    doc = Document(id=sha[:16], source=Source(filename=filename, sha256=sha, size=len(data), path=path))
    timings: dict[str, float] = {}
    doc.pipeline = {"version": __version__, "timings": timings}
    t0 = time.perf_counter()
    try:
        raw = backend_for(data, filename, backend).load(data, filename)
    except InputError as exc:
        doc.fail("extract", exc.code, str(exc))
        return doc
    doc.source.pages = len(raw.pages)
    doc.source.producer = raw.info.get("Producer")
    layout.annotate(doc, raw)  # pages, text; may fail the document (no text layer...)
    timings["extract"] = round(time.perf_counter() - t0, 4)
    if doc.failed:
        return doc
    run_stages(doc, [("tables", lambda d: tables.annotate(d, raw)), *stages()])
    return doc


def process_file(path: str | Path, backend: str | None = None) -> Document:
    """Read a file and run :func:`process_bytes`; unreadable paths give a failed document."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        doc = Document(id="", source=Source(filename=p.name, sha256="", size=0, path=str(p)))
        doc.fail("read", "unreadable", f"{p}: {exc.strerror or exc}")
        return doc
    return process_bytes(data, p.name, str(p), backend)
