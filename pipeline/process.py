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

from pipeline.backends import backend_for
from pipeline.backends import ocr as ocr_stage
from pipeline.backends.base import RawDocument
from pipeline.backends.preflight import check_streams
from pipeline.document import Document, Source
from pipeline.errors import InputError
from pipeline.extract import cover, cover_ja, language, layout, sections, tables, tiyao
from pipeline.ner import stage as ner
from pipeline.provenance import made_by
from pipeline.sectors import stage as sectors

Stage = Callable[[Document], None]


def document_id(data: bytes) -> str:
    """Stable content id: the first 16 hex digits of the file's SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def stages() -> list[tuple[str, Stage]]:
    """The NLP stages run after extraction and tables, in order (a plain list, no registry)."""
    return [
        ("tiyao", tiyao.annotate),  # the older 提要 front page, before the cover claims pages
        ("cover", cover.annotate),
        ("cover_ja", cover_ja.annotate),  # a Japanese report's cover form, when no Chinese cover gave authors
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


def process_bytes(data: bytes, filename: str, path: str | None = None, backend: str | None = None,
                  ocr: bool = True) -> Document:
    """Run the whole pipeline on one file's bytes.

    ``backend`` names an input backend (default: chosen by the file's content).
    Returns a document whose ``status`` is ``ok``, ``partial`` (some stage
    failed, the rest is there) or ``failed`` (input unreadable; ``errors``
    says why).  A file without a usable text layer is OCR'd unless ``ocr`` is false.
    """
    sha = hashlib.sha256(data).hexdigest()
    doc = Document(id=sha[:16], source=Source(filename=filename, sha256=sha, size=len(data), path=path))
    timings: dict[str, float] = {}
    doc.pipeline = {**made_by(), "timings": timings}  # version + models/configs fingerprint
    t0 = time.perf_counter()
    try:
        check_streams(data, filename)  # bombs and giant images, before anything decodes them
        chosen = backend_for(data, filename, backend)
        raw = chosen.load(data, filename)
    except InputError as exc:
        doc.fail("extract", exc.code, str(exc))
        return doc
    doc.pipeline["backend"] = chosen.name
    _style_headings(doc, raw)
    doc.source.pages = len(raw.pages)
    doc.source.producer = raw.info.get("Producer")
    layout.annotate(doc, raw)  # pages, text; may fail the document (no text layer...)
    if ocr:  # scanned (every page, or some pages of a text document): read the images
        rescue = ocr_stage.rescue if doc.failed else ocr_stage.rescue_pages
        if (ocr_raw := rescue(doc, data, raw)) is not None:
            raw = ocr_raw
            _style_headings(doc, raw)  # laid out again: found again
            layout.annotate(doc, raw)
    timings["extract"] = round(time.perf_counter() - t0, 4)
    if doc.failed:
        return doc
    run_stages(doc, [("tables", lambda d: tables.annotate(d, raw)), *stages()])
    if "ocr" in doc.pipeline:
        ocr_stage.mark_blocks(doc)
    return doc


def _style_headings(doc: Document, raw: RawDocument) -> None:
    """The heading styles of a word-processor file (``raw.headings``) on ``doc``, for
    the sections stage; none recorded when ``raw`` has none."""
    doc.pipeline.pop("style_headings", None)
    if raw.headings:
        doc.pipeline["style_headings"] = [list(h) for h in raw.headings]


def warm_up() -> None:
    """Load the models and dictionaries every document needs (each loads once per
    process), so that a worker's first document is timed like the others."""
    language.profile("經濟部工業局與九州経済産業局")
    ner.extract_entities("經濟部工業局拜會東北經濟產業局", "zh-Hant")
    ner.extract_entities("九州経済産業局との意見交換を行った。", "ja")
    sectors.classify_text("半導體晶圓廠")


def warm_up_for(processor: Callable[..., Document]) -> Callable[[], None] | None:
    """:func:`warm_up` for a worker running ``processor`` when it is
    :func:`process_bytes` itself or a ``functools.partial`` of it (e.g. ``ocr=False``);
    None for any other step, whose models are not these."""
    return warm_up if getattr(processor, "func", processor) is process_bytes else None


def process_file(path: str | Path, backend: str | None = None, ocr: bool = True) -> Document:
    """Read a file and run :func:`process_bytes`; unreadable paths give a failed document."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        doc = Document(id="", source=Source(filename=p.name, sha256="", size=0, path=str(p)))
        doc.fail("read", "unreadable", f"{p}: {exc.strerror or exc}")
        return doc
    return process_bytes(data, p.name, str(p), backend, ocr)
