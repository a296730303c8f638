"""Checks on a PDF's streams before any parser decodes them.

A 200 KB file can hold a Flate stream that inflates to gigabytes (a decompression
bomb; two stacked Flate filters reach ratios of a million), or declare an image
of 10^10 pixels.  pdfminer inflates content streams whole before parsing them and
a renderer decodes images whole, so these files would cost minutes and gigabytes.
Here every stream's declared filters and sizes are read from the object table
(nothing is decoded), and only a stream that *could* inflate past the limit is
inflated, incrementally and never past the limit: milliseconds for real reports.

The per-document time and memory limits of :mod:`pipeline.corpus.workers` remain the
backstop for everything this does not recognise.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.backends.pdf import is_pdf
from pipeline.errors import InputError

__all__ = ["StreamLimits", "check_streams"]

# Deflate cannot do better than ~1032:1, so a stream of L bytes behind k Flate
# filters inflates to at most L * 1032**k bytes: most streams need no inflating.
_MAX_DEFLATE_RATIO = 1032
_FLATE = ("FlateDecode", "Fl")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class StreamLimits:
    """What a real report never exceeds (scans of A4 pages at 600 dpi included)."""

    bomb_bytes: int = 64 << 20  # inflated size from which a high ratio is a bomb...
    bomb_ratio: int = 200  # ...inflated/compressed ratio of a bomb (zeros reach ~1000)
    stream_bytes: int = 512 << 20  # no stream may inflate past this, whatever its ratio
    image_pixels: int = 300_000_000  # an A4 page at 600 dpi is 35 Mpx


def check_streams(data: bytes, filename: str, limits: StreamLimits = StreamLimits()) -> None:
    """Raise :class:`InputError` (``decompression_bomb``, ``image_too_large``) if a stream
    of the PDF ``data`` would inflate or decode past ``limits`` (``not_pdf`` for a ZIP
    archive).  Files the object parser cannot read are let through: the backend
    reports them."""
    if not is_pdf(data):
        return  # not a PDF (or a Word file): its backend says what it is
    if data[:4] == b"PK\x03\x04":  # a PDF stored uncompressed in a ZIP still shows %PDF-
        raise InputError("not_pdf", f"{filename}: a ZIP archive, not a PDF (unpack it first)")
    for objid, stream in _streams(data):
        attrs = stream.attrs
        if _name(attrs.get("Subtype")) == "Image":
            pixels = _int(attrs.get("Width")) * _int(attrs.get("Height"))
            if pixels > limits.image_pixels:
                raise InputError("image_too_large",
                                 f"{filename}: image object {objid} declares {pixels:,} pixels "
                                 f"(limit {limits.image_pixels:,})")
        filters = [_name(f) for f in _as_list(attrs.get("Filter"))]
        layers = 0
        while layers < len(filters) and filters[layers] in _FLATE:
            layers += 1
        raw = stream.rawdata
        if not layers or raw is None:
            continue
        if len(raw) * _MAX_DEFLATE_RATIO ** layers <= limits.bomb_bytes:
            continue
        # the smallest inflated size that is too much for this stream: inflate no further
        threshold = min(limits.stream_bytes, max(limits.bomb_bytes, limits.bomb_ratio * len(raw)))
        if _inflated_size(raw, layers, threshold) > threshold:
            raise InputError("decompression_bomb",
                             f"{filename}: stream object {objid} inflates from {len(raw):,} bytes "
                             f"to more than {threshold >> 20:,} MB (decompression bomb)")


def _streams(data: bytes) -> Iterator[tuple[int, Any]]:
    """Every stream object of the file, undecoded, as ``(object number, PDFStream)``."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        objids = [i for xref in doc.xrefs for i in xref.get_objids()]
    except Exception:  # noqa: BLE001 - unreadable structure: the backend will say why
        return
    for objid in dict.fromkeys(objids):
        try:
            obj = doc.getobj(objid)
        except Exception:  # noqa: BLE001 - one broken object: look at the others
            continue
        if isinstance(obj, PDFStream):
            yield objid, obj


def _inflated_size(raw: bytes, layers: int, limit: int) -> int:
    """Bytes ``raw`` inflates to through ``layers`` Flate filters; stops once past
    ``limit`` (returns a value above it).  Corrupt data counts up to the error."""
    decoders = [zlib.decompressobj() for _ in range(layers)]

    def feed(level: int, chunk: bytes, budget: int) -> int:
        produced = 0
        dec = decoders[level]
        while chunk and produced <= budget:
            try:
                out = dec.decompress(chunk, _CHUNK)
            except zlib.error:
                break
            chunk = dec.unconsumed_tail
            if level + 1 < layers:
                produced += feed(level + 1, out, budget - produced)
            else:
                produced += len(out)
            if not out:
                break
        return produced

    total = 0
    for start in range(0, len(raw), _CHUNK):
        total += feed(0, raw[start:start + _CHUNK], limit - total)
        if total > limit:
            break
    return total


def _name(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        name = value.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    return str(value or "")


def _as_list(value: Any) -> list[Any]:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _int(value: Any) -> int:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return int(value) if isinstance(value, int | float) else 0
