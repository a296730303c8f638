"""The pdfplumber backend: PDF bytes -> :class:`RawDocument` (lines, tables, counts).

The reference backend: pdfminer's character layer and pdfplumber's table finder.
Lines, cells and counts are built from the characters by :mod:`pipeline.backends.chars`,
shared with the PDFium backend (:mod:`pipeline.backends.pdfium`).
"""

from __future__ import annotations

import io
from typing import Any

from pipeline.backends.base import PAGE_ERRORS_KEY, RawDocument, RawPage
from pipeline.backends.chars import assemble_page, image_coverage, on_page
from pipeline.errors import InputError
from pipeline.text.clean import normalize

# Page-info keys copied into RawDocument.info.
INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")


class PdfInput:
    """What every PDF backend shares: the page limit and the PDF test on the bytes."""

    name = "pdf"

    def __init__(self, max_pages: int = 2000) -> None:
        self.max_pages = max_pages  # guards against huge files

    def accepts(self, data: bytes, filename: str) -> bool:
        """A PDF: the ``%PDF-`` header in the first kilobyte."""
        return is_pdf(data)


class PdfBackend(PdfInput):
    """Read PDFs with pdfplumber (pdfminer): the reference reader."""

    name = "pdfplumber"

    def load(self, data: bytes, filename: str) -> RawDocument:
        """Parse ``data``; raise :class:`InputError` (code + one-line message) if unreadable."""
        import pdfplumber

        check_pdf_bytes(data, filename)
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
            raise _classify(exc, filename) from None
        # Refuse a huge file from the page count it declares, before pdfplumber builds
        # one Page object per page (~30 s for 30,000 pages).  Not inside ``with pdf``:
        # pdfplumber's close() lists every page too.  The stream is our BytesIO, so
        # dropping ``pdf`` unclosed leaks nothing.
        declared = _declared_pages(pdf)
        if declared > self.max_pages:
            raise InputError("too_large", f"{filename}: {declared} pages (limit {self.max_pages})")
        with pdf:
            try:
                plumber_pages = list(pdf.pages)
            except Exception as exc:  # noqa: BLE001
                raise _classify(exc, filename) from None
            if not plumber_pages:
                raise InputError("no_pages", f"{filename}: the PDF has no pages")
            if len(plumber_pages) > self.max_pages:
                raise InputError(
                    "too_large",
                    f"{filename}: {len(plumber_pages)} pages (limit {self.max_pages})",
                )
            pages: list[RawPage] = []
            failed: list[int] = []
            for i, page in enumerate(plumber_pages, start=1):
                try:
                    pages.append(read_page(page, i))
                except Exception:  # noqa: BLE001 - one bad page must not lose the rest
                    failed.append(i)
                    pages.append(RawPage(number=i, width=float(page.width), height=float(page.height)))
                finally:
                    page.close()  # drop pdfplumber's per-page caches (memory on long files)
            if len(failed) == len(pages):
                raise InputError("corrupt", f"{filename}: corrupt PDF (no page could be parsed)")
            info = _info(pdf.metadata)
        if failed:
            info[PAGE_ERRORS_KEY] = ",".join(map(str, failed))
        return RawDocument(pages=pages, info=info)


def is_pdf(data: bytes) -> bool:
    """The ``%PDF-`` header in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def check_pdf_bytes(data: bytes, filename: str) -> None:
    """Refuse an empty file or one without a ``%PDF-`` header (before any parser sees it)."""
    if not data:
        raise InputError("empty_file", f"{filename}: empty file (0 bytes)")
    if not is_pdf(data):
        raise InputError("not_pdf", f"{filename}: not a PDF (no %PDF- header)")


def _declared_pages(pdf: Any) -> int:
    """The /Count of the document's page tree (0 if missing or unreadable: the real
    count is then checked after the pages are listed)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # noqa: BLE001 - a broken page tree is reported when listing pages
        return 0
    return count if isinstance(count, int) else 0


def _classify(exc: Exception, filename: str) -> InputError:
    """Map a pdfminer/pdfplumber exception to an :class:`InputError`."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return InputError("encrypted", f"{filename}: encrypted PDF (password required)")
    reason = f"{type(inner).__name__}: {inner}".splitlines()[0][:120]
    return InputError("corrupt", f"{filename}: corrupt PDF ({reason})")


def _info(meta: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in INFO_KEYS:
        value = meta.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        if isinstance(value, str | int | float) and str(value).strip():
            out[key] = normalize(str(value)).strip()
    return out


# --- one page ----------------------------------------------------------------


def read_page(page: Any, number: int) -> RawPage:
    """Turn one pdfplumber page into a :class:`RawPage`."""
    page = page.dedupe_chars()  # Word's fake bold prints each glyph twice
    raw = RawPage(number=number, width=float(page.width), height=float(page.height))
    chars = on_page(page.chars, page.bbox)
    boxes = ((im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images)
    raw.n_images, raw.image_area = image_coverage(boxes, page.bbox)
    has_ink = any(not c["text"].isspace() for c in chars)
    return assemble_page(raw, chars, page.find_tables() if has_ink else [])
