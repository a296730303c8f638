"""Hostile inputs made at test time: each is a file a real archive may hold and no
report can be made of (broken, hostile or unsupported), paired with the error codes
that correctly describe it (or :data:`RESCUED`: a broken text layer that OCR reads).

The raw PDFs are written object by object (:func:`raw_pdf`), so each defect is
exactly the one named; the others come from reportlab and PIL (:mod:`pdf_factory`).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Callable

import pdf_factory
from report_factory import small_report_pdf

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


raw_pdf = pdf_factory.raw_pdf  # a PDF written object by object, with a correct xref table


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def one_page(content: bytes, resources: bytes = b"<< /Font << /F1 5 0 R >> >>",
             extra: list[bytes] | None = None, page_entries: bytes = b"") -> bytes:
    """Catalog, pages, one page with ``content`` (object 4), Helvetica (5), ``extra`` (6...)."""
    return raw_pdf([CATALOG, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    b"/Resources %s %s >>" % (resources, page_entries),
                    content, FONT, *(extra or [])])


def _deflate(chunks: int, chunk: bytes, layers: int = 1) -> bytes:
    """zlib data of ``chunk`` repeated ``chunks`` times, made in milliseconds: the chunk
    is compressed once, ending at a full flush (no reference to earlier data), so its
    compressed form can be repeated; then ``layers - 1`` more rounds of zlib."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    checksum = 1
    for _ in range(chunks):
        checksum = zlib.adler32(chunk, checksum)
    data = b"\x78\xda" + block * chunks + final + checksum.to_bytes(4, "big")
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return data


# --- the kinds ------------------------------------------------------------------------


def zip_named_pdf() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.pdf", small_report_pdf(9000))
    return buf.getvalue()


def junk_after_header() -> bytes:
    return b"%PDF-1.4\n" + random.Random(12).randbytes(60_000)


def header_only() -> bytes:
    return b"%PDF-1.7\n%%EOF\n"


def image_bomb() -> bytes:
    """A 200 KB file whose image stream inflates to 200 MB (declared 8,000 x 8,700 RGB)."""
    image = stream(_deflate(200, b"\0" * (1 << 20)),
                   b"/Type /XObject /Subtype /Image /Width 8000 /Height 8738 /ColorSpace /DeviceRGB "
                   b"/BitsPerComponent 8 /Filter /FlateDecode")
    content = stream(b"BT /F1 12 Tf 72 720 Td (Trip report) Tj ET q 200 0 0 200 100 100 cm /Im1 Do Q")
    return one_page(content, b"<< /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >>", [image])


def content_bomb() -> bytes:
    """A content stream behind two Flate filters: 128 MB of spaces in 1 KB."""
    data = _deflate(128, b" " * (1 << 20), layers=2)
    return one_page(stream(data, b"/Filter [/FlateDecode /FlateDecode]"))


def huge_image() -> bytes:
    """An image declaring 100,000 x 100,000 pixels (30 GB decoded)."""
    image = stream(zlib.compress(b"\0" * 4096),
                   b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                   b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode")
    content = stream(b"q 500 0 0 700 50 50 cm /Im1 Do Q")
    return one_page(content, b"<< /XObject << /Im1 6 0 R >> >>", [image])


def endless_content() -> bytes:
    """50 MB of path operators (moderately compressible, so no bomb): parsing never ends."""
    ops = b"".join(b"%d %d m %d %d l S\n" % (i % 500, i % 700, i % 300, i % 600) for i in range(4096))
    return one_page(stream(_deflate(50 * (1 << 20) // len(ops), ops), b"/Filter /FlateDecode"))


def looping_font() -> bytes:
    """A ToUnicode CMap mapping 2^32 codes one by one: the CMap parser loops for ever."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
            b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>")
    content = stream(b"BT /F1 12 Tf 72 720 Td (Trip report text) Tj ET")
    pdf = one_page(content, extra=[stream(cmap)])
    return pdf.replace(FONT, font, 1)


def broken_font_program() -> bytes:
    """A CID font whose embedded TrueType program is garbage and has no ToUnicode map."""
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Broken "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor 7 0 R /CIDToGIDMap /Identity >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /Broken /Flags 4 /FontBBox [0 0 1000 1000] "
                  b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>")
    program = stream(b"\x00\x01\x00\x00\x00\x0f" + random.Random(3).randbytes(4000))
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Broken /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    glyphs = b"".join(b"%04X" % (0x100 + i) for i in range(60))
    content = stream(b"BT /F1 12 Tf 72 720 Td <" + glyphs + b"> Tj ET")
    pdf = one_page(content, extra=[descendant, descriptor, program])
    return pdf.replace(FONT, font, 1)


def cid_without_tounicode() -> bytes:
    """Text in an Identity-H font with no ToUnicode map: it decodes as (cid:NN)."""
    descendant = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /NoMap "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor << /Type /FontDescriptor /FontName /NoMap /Flags 4 "
                  b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 "
                  b"/CapHeight 700 /StemV 80 >> >>")
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    lines = b"".join(b"BT /F1 12 Tf 72 %d Td <%s> Tj ET\n" % (
        760 - 20 * k, b"".join(b"%04X" % (0x2000 + 37 * k + i) for i in range(30))) for k in range(20))
    pdf = one_page(stream(lines), extra=[descendant])
    return pdf.replace(FONT, font, 1)


def deep_nesting() -> bytes:
    """An array nested 100,000 deep inside the page dictionary."""
    return one_page(stream(b"BT /F1 12 Tf 72 720 Td (Trip report) Tj ET"),
                    page_entries=b"/Deep " + b"[" * 100_000 + b"]" * 100_000)


def looping_page_tree() -> bytes:
    """A page tree whose node lists itself as its kid."""
    return raw_pdf([CATALOG, b"<< /Type /Pages /Count 1 /Kids [2 0 R] >>"])


def self_referencing_root() -> bytes:
    return raw_pdf([b"1 0 R"])


def missing_root() -> bytes:
    return raw_pdf([CATALOG, b"<< /Type /Pages /Count 0 /Kids [] >>"], root=b"99 0 R")


def whitespace_text() -> bytes:
    return one_page(stream(b"BT /F1 12 Tf 72 720 Td (      ) Tj ET"))


def rotated_scan() -> bytes:
    """An image-only page rotated by 90 degrees (a scan fed sideways)."""
    data = pdf_factory.image_only_pdf()
    return data.replace(b"/Type /Page\n", b"/Type /Page /Rotate 90\n", 1) if b"/Type /Page\n" in data \
        else data.replace(b"/Type /Page ", b"/Type /Page /Rotate 90 ", 1)


def null_bytes() -> bytes:
    return b"\0" * 200_000


def truncated_report() -> bytes:
    return small_report_pdf(9001)[:20_000]


def no_xref_no_objects() -> bytes:
    return b"%PDF-1.4\n" + b"% nothing but comments\n" * 2000 + b"%%EOF\n"


RESCUED = "rescued by OCR"  # stored, its text read by OCR instead of the broken text layer

# name -> (maker, error codes that describe it correctly, or RESCUED)
KINDS: dict[str, tuple[Callable[[], bytes], set[str]]] = {
    "empty": (lambda: b"", {"empty_file"}),
    "null_bytes": (null_bytes, {"not_pdf"}),
    "text_named_pdf": (lambda: "這不是 PDF，是一份純文字備忘錄。\n".encode() * 50, {"not_pdf"}),
    "html_named_pdf": (lambda: b"<!DOCTYPE html><html><body>404 Not Found</body></html>", {"not_pdf"}),
    "zip_named_pdf": (zip_named_pdf, {"not_pdf"}),
    "header_only": (header_only, {"corrupt", "no_pages"}),
    "junk_after_header": (junk_after_header, {"corrupt", "no_pages"}),
    "no_xref_no_objects": (no_xref_no_objects, {"corrupt", "no_pages"}),
    "truncated": (truncated_report, {"corrupt", "no_pages", "no_text_layer"}),
    "encrypted": (pdf_factory.encrypted_pdf, {"encrypted"}),
    "blank_page": (pdf_factory.empty_pdf, {"no_text_layer", "empty_text"}),
    "whitespace_text": (whitespace_text, {"no_text_layer", "empty_text"}),
    "image_only_scan": (pdf_factory.image_only_pdf, {"no_text_layer"}),
    "rotated_scan": (rotated_scan, {"no_text_layer"}),
    # PDFium decodes this font right; with pdfminer the text is garbled, but the glyphs
    # render correctly (PDFium substitutes a CJK font) and OCR reads them
    "garbled_text": (pdf_factory.garbled_msung_pdf, {"garbled_text", RESCUED}),
    "cid_glyphs": (cid_without_tounicode, {"cid_font"}),
    "broken_font_program": (broken_font_program, {"cid_font", "corrupt", "no_text_layer"}),
    "looping_font": (looping_font, {"timeout", "memory_limit", "corrupt", "no_text_layer"}),
    "pages_3000": (lambda: pdf_factory.many_pages_pdf(3000), {"too_large"}),
    "tiny_pages_10000": (lambda: pdf_factory.many_pages_pdf(10_000), {"too_large"}),
    "deep_nesting": (deep_nesting, {"corrupt", "no_text_layer"}),
    "looping_page_tree": (looping_page_tree, {"corrupt", "no_pages"}),
    # pdfminer follows "1 0 obj 1 0 R" for ever: the time limit ends it
    "self_referencing_root": (self_referencing_root, {"corrupt", "no_pages", "timeout"}),
    "missing_root": (missing_root, {"corrupt", "no_pages"}),
    "image_bomb": (image_bomb, {"decompression_bomb"}),
    "content_bomb": (content_bomb, {"decompression_bomb"}),
    "huge_image": (huge_image, {"image_too_large"}),
    # PDFium keeps every path: past the memory cap its allocation failure may read as corrupt
    "endless_content": (endless_content, {"timeout", "memory_limit", "corrupt"}),
}
