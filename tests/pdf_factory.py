"""Special PDFs made at test time, for tests of the extraction edge cases.

Every function returns the bytes of a small, real PDF written by reportlab
(plus PIL for the image-only page).  None of them needs a font file: the CJK
ones use reportlab's built-in CID fonts, which is exactly what makes them
interesting (MSung-Light's text layer decodes to the wrong characters in
pdfminer, HeiseiMin-W3 and STSong-Light decode correctly).

Output is deterministic (``invariant=1``), so tests can hash it.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

DEFAULT_TC = "出國報告（出國類別：其他）\n服務機關：經濟部工業局\n出國期間：108年9月17日至108年9月20日"
DEFAULT_JA = "九州経済産業局 地域経済部との意見交換を行った。\n半導体関連産業の集積状況について説明を受けた。"
DEFAULT_SC = "据业内人士分析，欧洲传感器产业在汽车电子和工业自动化领域具有明显优势。\n微机电传感器的需求将持续增长。"


def _canvas(buf: io.BytesIO, encrypt: object | None = None) -> canvas.Canvas:
    return canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encrypt)


def _text_pdf(text: str, font: str, size: float = 14) -> bytes:
    """One A4 page with ``text`` (lines split on newlines) in ``font``."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont(font, size)
    y = A4[1] - 72
    for line in text.splitlines():
        c.drawString(72, y, line)
        y -= size * 1.6
    c.showPage()
    c.save()
    return buf.getvalue()


def _cid(name: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def encrypted_pdf(password: str = "secret", text: str = "Encrypted trip report") -> bytes:
    """A one-page PDF encrypted with a user password (cannot be opened without it)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    c = _canvas(buf, encrypt=StandardEncryption(password, ownerPassword=password + "-owner", strength=128))
    c.setFont("Helvetica", 14)
    c.drawString(72, A4[1] - 72, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def image_only_pdf(pages: int = 1) -> bytes:
    """A scanned-looking PDF: each page is a single drawn image and has no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 840), 255)
    draw = ImageDraw.Draw(img)
    for k in range(30):  # dark bars where lines of text would be
        y = 60 + k * 25
        draw.rectangle([60, y, 60 + (400 if k % 5 == 4 else 480), y + 10], fill=40)
    png = io.BytesIO()
    img.save(png, format="PNG")
    buf = io.BytesIO()
    c = _canvas(buf)
    for _ in range(pages):
        png.seek(0)
        c.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def garbled_msung_pdf(text: str = DEFAULT_TC) -> bytes:
    """Traditional Chinese set in the built-in CID font MSung-Light.

    The page looks right, but pdfminer/pdfplumber decode its text layer into
    unrelated characters (經濟部工業局 -> 祣烼屁姦猧氦): the archive fault the
    pipeline must detect instead of indexing nonsense.
    """
    return _text_pdf(text, _cid("MSung-Light"))


def japanese_cid_pdf(text: str = DEFAULT_JA) -> bytes:
    """Japanese in the built-in CID font HeiseiMin-W3 (its text layer decodes correctly)."""
    return _text_pdf(text, _cid("HeiseiMin-W3"))


def simplified_cid_pdf(text: str = DEFAULT_SC) -> bytes:
    """Simplified Chinese in the built-in CID font STSong-Light (decodes correctly)."""
    return _text_pdf(text, _cid("STSong-Light"))


def truncated_pdf(data: bytes | None = None, keep: float = 0.5) -> bytes:
    """The first ``keep`` fraction of a PDF (default: a small text PDF): a corrupt file."""
    data = data if data is not None else huge_pdf(3)
    return data[: max(1, int(len(data) * keep))]


def empty_pdf() -> bytes:
    """A valid PDF whose only page is blank (no text, no images)."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.showPage()
    c.save()
    return buf.getvalue()


def huge_pdf(pages: int = 200) -> bytes:
    """Many small pages of Latin text (numbered 'Page N'), for max_pages limits."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(300, 200), invariant=1)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 10)
        c.drawString(20, 170, f"Page {n} of {pages}")
        c.drawString(20, 150, "Trip report appendix: schedule, attendees and notes.")
        c.showPage()
    c.save()
    return buf.getvalue()


def many_pages_pdf(pages: int = 3000) -> bytes:
    """A valid PDF of ``pages`` empty 100x100 pages, written directly (reportlab needs
    ~0.3 ms a page; this takes ~10 ms for 3,000), for page-limit tests."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>".encode()]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"] * pages
    return raw_pdf(objs)


def raw_pdf(objects: list[bytes], root: bytes = b"1 0 R") -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]``, with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (num, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _hand_pdf(font: bytes, lines: list[bytes], extra: list[bytes]) -> bytes:
    """A one-page A4 PDF written directly: font dict ``font`` (object 4), ``lines`` of
    string operands (one per line), ``extra`` objects numbered from 6 on."""
    shows = b" 0 -22 Td ".join(b"<" + ln.hex().encode() + b"> Tj" for ln in lines)
    content = b"BT /F1 14 Tf 72 770 Td " + shows + b" ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
             b" /Resources << /Font << /F1 4 0 R >> >> >>"),
            font,
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content), *extra]
    return raw_pdf(objs)


def wrong_tounicode_pdf(lines: int = 4) -> bytes:
    """Latin glyphs (Helvetica) whose ToUnicode map claims they are rare Han characters:
    the text layer decodes to nonsense in every PDF library (the archive fault of a
    wrong CMap, made without relying on one library's decoding bug)."""
    rare = "齉龘靐齾爩鱻麤龗灪籱驫鸞鬱麷齽爨"
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Garbled def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(rare)} beginbfchar\n"
            + "".join(f"<{0x41 + i:02X}> <{ord(ch):04X}>\n" for i, ch in enumerate(rare))
            + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    text = bytes(range(0x41, 0x41 + len(rare)))
    return _hand_pdf(font, [text] * lines, [b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)])


def no_tounicode_cid_pdf(lines: int = 4) -> bytes:
    """A CID-keyed font (Identity-H, Adobe-Identity, not embedded) without a ToUnicode
    map: its glyph codes have no Unicode value (pdfminer gives ``(cid:NN)``)."""
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H"
            b" /DescendantFonts [6 0 R] >>")
    cidfont = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MSMincho"
               b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
               b" /FontDescriptor 7 0 R /DW 1000 >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /MSMincho /Flags 4 /FontBBox [0 -141 1000 859]"
                  b" /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>")
    # Each line its own glyphs: PDFium drops a text object repeating the previous one
    # at the same x when the glyphs have no outline (fake-bold detection).
    text = [b"".join((0x0300 + 24 * n + k).to_bytes(2, "big") for k in range(24)) for n in range(lines)]
    return _hand_pdf(font, text, [cidfont, descriptor])
