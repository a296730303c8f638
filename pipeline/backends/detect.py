"""What kind of file the bytes are (magic numbers first, the name second).

:class:`~pipeline.backends.docx.DocxBackend` accepts ``docx`` and (converting them
with LibreOffice, :mod:`pipeline.backends.convert`) ``doc``, ``odt`` and ``rtf``;
PDFs go to :class:`~pipeline.backends.pdf.PdfBackend`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

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
