"""Pick the input backend from a file's bytes (magic numbers first, the name second).

PDF -> :class:`~pipeline.backends.pdf.PdfBackend`; Word .docx ->
:class:`~pipeline.backends.docx.DocxBackend`; .doc, .odt and .rtf are first
converted to .docx by LibreOffice (:mod:`pipeline.backends.convert`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from pipeline.backends.base import InputError, RawDocument

# File suffixes a folder is walked for by ``ingest``.
INPUT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (and other old Office files)
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def sniff(data: bytes, filename: str) -> str:
    """``pdf``, ``docx``, ``odt``, ``doc``, ``rtf`` or ``unknown`` (content first; the
    suffix only decides for bytes no magic number identifies)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and zf.read("mimetype").strip() == _ODT_MIME:
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            pass
        return "unknown"
    if data.startswith(_OLE2):
        return "doc"
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    return suffix if suffix == "pdf" else "unknown"


def load(data: bytes, filename: str) -> tuple[RawDocument, str]:
    """Read a file with the backend its content calls for: (raw pages, backend name).

    Raises :class:`InputError` for unreadable or unsupported input.
    """
    from pipeline.backends.docx import DocxBackend
    from pipeline.backends.pdf import PdfBackend

    kind = sniff(data, filename)
    if kind in ("doc", "odt", "rtf"):
        from pipeline.backends.convert import to_docx

        data, kind = to_docx(data, filename, kind), "docx"
    if kind == "docx":
        backend = DocxBackend()
        return backend.load(data, filename), backend.name
    pdf = PdfBackend()
    return pdf.load(data, filename), pdf.name  # PDFs, and the "not a PDF" error for the rest
