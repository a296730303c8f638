"""Benchmark: OCR character error rate (CER) and speed on this project's pages.

Pages with a known text are rendered with PDFium and read by the OCR stage
(``pipeline.backends.ocr``: Tesseract, the languages it is configured with):

* ``zh-Hant`` – every page of the sample reports (``corpora/samples``; reference:
  the PDF's own text layer as PDFium extracts it);
* ``ja`` / ``zh-Hans`` – the written evaluation passages of that language
  (``corpora/eval/passages.jsonl``) typeset on A4 pages with IPAMincho / AR PL UMing CN.

Each page is read as rendered at 300 and 200 dpi, and at 300 dpi with noise and a
slight skew (Gaussian noise sigma 12, rotated 0.8 degrees): what a scanner of old
paper gives.  CER = edit distance / reference length, after NFKC and with all
whitespace and table-of-contents leader dots removed (NFKC, so that a full-width
comma read as a half-width one is no error), summed over pages; reading order
counts (a table read row by row in another order costs edits).  Each variant is read
twice in the same run: ``plain`` (the whole page image in one Tesseract call, the
stage before rules were erased: the baseline) and ``stage`` (the OCR stage,
:func:`pipeline.backends.ocr.read_image`: deskew, rules erased, ruled tables read
cell by cell; its text is the page's lines and tables, cells row by row, by top).

    python benchmarks/ocr.py [--languages chi_tra+jpn] [--max-pages N]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.backends.base import RawPage  # noqa: E402
from pipeline.backends.ocr import read_image  # noqa: E402
from pipeline.backends.tesseract import OcrSettings, read_words, words_to_lines  # noqa: E402
from pipeline.text.clean import normalize  # noqa: E402

FONTS = {"ja": ("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf", 0),
         "zh-Hans": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)}  # 0 = UMing CN
VARIANTS = (("300 dpi", 300, False), ("200 dpi", 200, False), ("300 dpi noisy+skew", 300, True))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (one row at a time)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


LEADERS = re.compile(r"[.…·‧・]{3,}")


def _flat(text: str) -> str:
    """Compared form: NFKC (full- and half-width forms are one character), without
    whitespace and without table-of-contents leader dots (typographic filler)."""
    return LEADERS.sub("", "".join(unicodedata.normalize("NFKC", normalize(text)).split()))


def _sample_pages(max_pages: int) -> list[tuple[bytes, int, str]]:
    """(pdf bytes, page index, reference text) of the sample reports."""
    import pypdfium2 as pdfium

    out = []
    for path in sorted((ROOT / "corpora" / "samples").glob("*.pdf")):
        data = path.read_bytes()
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            out.append((data, i, pdf[i].get_textpage().get_text_range()))
    return out[:: max(1, len(out) // max_pages)][:max_pages]  # spread over the reports


def _passage_pages(lang: str, max_pages: int) -> list[tuple[bytes, int, str]]:
    """The evaluation passages of ``lang`` typeset on A4 pages (12 pt, 40 characters a line)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    path, index = FONTS[lang]
    name = f"bench-{lang}"
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    rows = [json.loads(line) for line in (ROOT / "corpora" / "eval" / "passages.jsonl").open(encoding="utf-8")]
    lines = [r["text"][k:k + 40] for r in rows if r.get("lang") == lang for k in range(0, len(r["text"]), 40)]
    pages = [lines[k:k + 30] for k in range(0, len(lines), 30)][:max_pages]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for page in pages:
        c.setFont(name, 12)
        for k, line in enumerate(page):
            c.drawString(60, 780 - 24 * k, line)
        c.showPage()
    c.save()
    data = buf.getvalue()
    return [(data, i, "\n".join(page)) for i, page in enumerate(pages)]


def _image(data: bytes, index: int, dpi: int, noisy: bool) -> object:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    img = pdfium.PdfDocument(data)[index].render(scale=dpi / 72, grayscale=True).to_pil()
    if noisy:
        rng = np.random.default_rng(index)
        arr = np.asarray(img, dtype=np.float32) + rng.normal(0, 12, (img.height, img.width))
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        img = img.rotate(0.8, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return img


def page_text(page: RawPage) -> str:
    """The text of an OCR'd page in reading order: its lines and its tables (cells
    row by row) by their top."""
    items = [(ln.top, ln.text) for ln in page.lines]
    items += [(t.bbox[1], "".join(cell or "" for row in t.rows for cell in row)) for t in page.tables]
    return "".join(text for _, text in sorted(items, key=lambda item: item[0]))


def _plain(image: object, settings: OcrSettings) -> str:
    """The page image read whole by one Tesseract call (the stage before rules were
    erased and tables read cell by cell): the baseline."""
    return "".join(ln.text for ln in words_to_lines(read_words(image, settings), 72 / settings.dpi))


def measure(pages: list[tuple[bytes, int, str]], dpi: int, noisy: bool,
            settings: OcrSettings, method: str = "stage") -> tuple[float, float, int]:
    """(CER, pages/s, reference characters) over ``pages``; ``method`` "stage" is the
    OCR stage (:func:`read_image`), "plain" the baseline :func:`_plain`."""
    errors = chars = 0
    seconds = 0.0
    for data, index, reference in pages:
        image = _image(data, index, dpi, noisy)
        page_settings = OcrSettings(languages=settings.languages, dpi=dpi, psm=settings.psm, page_seconds=600)
        t0 = time.perf_counter()
        text = _plain(image, page_settings) if method == "plain" else page_text(read_image(image, page_settings)[0])
        seconds += time.perf_counter() - t0
        hyp = _flat(text)
        ref = _flat(reference)
        errors += edit_distance(ref, hyp)
        chars += len(ref)
    return errors / max(chars, 1), len(pages) / seconds, chars


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--languages", default=OcrSettings().languages)
    ap.add_argument("--max-pages", type=int, default=12, help="pages per language (default 12)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the whole-page baseline")
    args = ap.parse_args(argv)
    random.seed(0)
    settings = OcrSettings(languages=args.languages)
    sets = {"zh-Hant (sample reports)": _sample_pages(args.max_pages),
            "ja (passages)": _passage_pages("ja", args.max_pages),
            "zh-Hans (passages)": _passage_pages("zh-Hans", args.max_pages)}
    print(f"Tesseract, languages {settings.languages}, one thread\n")
    methods = ("stage",) if args.no_baseline else ("plain", "stage")
    print("| pages | variant | method | pages | characters | CER | OCR pages/s |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for label, pages in sets.items():
        for name, dpi, noisy in VARIANTS:
            for method in methods:
                cer, rate, chars = measure(pages, dpi, noisy, settings, method)
                print(f"| {label} | {name} | {method} | {len(pages)} | {chars} | {cer:.1%} | {rate:.2f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
