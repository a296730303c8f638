"""Input backends: file bytes in, raw pages (lines with positions, tables, counts) out.

Backends know about file formats only; the NLP stages never see pdfplumber.
:func:`backend_for` picks one by the file's content (a plain list, first match wins).
"""

from __future__ import annotations

from pipeline.backends.base import Backend
from pipeline.backends.docx import DocxBackend
from pipeline.backends.pdf import PdfBackend
from pipeline.errors import InputError


def available() -> list[Backend]:
    """Every input backend, in the order :func:`backend_for` tries them."""
    return [PdfBackend(), DocxBackend()]


def backend_for(data: bytes, filename: str, name: str | None = None) -> Backend:
    """The backend named ``name``, or the first that accepts the file's bytes.

    A file no backend accepts goes to the PDF backend, which reports what is wrong
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
