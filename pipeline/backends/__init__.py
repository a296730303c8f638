"""Input backends: file bytes in, raw pages (lines with positions, tables, counts) out.

Backends know about file formats only; the NLP stages never see PDFium or pdfplumber.
:func:`backend_for` picks one by the file's content (a plain list, first match wins):
PDFs go to ``pdfium`` (pypdfium2, the fast default); ``pdfplumber`` (pdfminer, the
reference) reads the same PDFs into the same raw pages when asked for by name.
"""

from __future__ import annotations

from pipeline.backends.base import Backend
from pipeline.backends.docx import DocxBackend
from pipeline.backends.pdf import PdfBackend
from pipeline.backends.pdfium import PdfiumBackend
from pipeline.errors import InputError


def available() -> list[Backend]:
    """Every input backend, in the order :func:`backend_for` tries them."""
    return [PdfiumBackend(), PdfBackend(), DocxBackend()]


def backend_names() -> list[str]:
    """The names ``backend_for`` (and the CLI's ``--backend``) accept."""
    return [b.name for b in available()]


def pdf_backend_names() -> list[str]:
    """The backends that read PDFs (tests hold each of them to the same results)."""
    return [b.name for b in available() if b.accepts(b"%PDF-1.7\n", "probe.pdf")]


def backend_for(data: bytes, filename: str, name: str | None = None) -> Backend:
    """The backend named ``name``, or the first that accepts the file's bytes.

    A file no backend accepts goes to the first backend, which reports what is wrong
    with it (empty, not a PDF) as an :class:`InputError`.
    """
    backends = available()
    if name is not None:
        for backend in backends:
            if backend.name == name:
                return backend
        raise InputError("unknown_backend", f"{filename}: no input backend named {name!r} "
                         f"({', '.join(b.name for b in backends)})")
    return next((b for b in backends if b.accepts(data, filename)), backends[0])
