"""Input backends: turn file bytes into raw pages (lines, words, tables).

Backends know about file formats only; the NLP stages never see pdfplumber or PDFium.
Two PDF backends give the same raw pages: ``pdfium`` (pypdfium2, the default: about
6x faster) and ``pdfplumber`` (pdfminer, the reference).
"""

from pipeline.backends.base import (
    Backend,
    InputError,
    RawDocument,
    RawLine,
    RawPage,
    RawTable,
)

DEFAULT_BACKEND = "pdfium"
BACKEND_NAMES = ("pdfium", "pdfplumber")


def make_backend(name: str = DEFAULT_BACKEND) -> Backend:
    """A backend by name (``pdfium`` or ``pdfplumber``); ValueError for any other name."""
    if name == "pdfium":
        from pipeline.backends.pdfium import PdfiumBackend

        return PdfiumBackend()
    if name == "pdfplumber":
        from pipeline.backends.pdf import PdfBackend

        return PdfBackend()
    raise ValueError(f"unknown backend {name!r} (known: {', '.join(BACKEND_NAMES)})")


__all__ = ["BACKEND_NAMES", "DEFAULT_BACKEND", "Backend", "InputError", "RawDocument", "RawLine",
           "RawPage", "RawTable", "make_backend"]
