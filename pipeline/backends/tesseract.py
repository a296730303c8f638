"""Tesseract 5, as the OCR stage uses it: settings, installed models, words of a
page image (TSV), page orientation (OSD), and words grouped into text lines with
the punctuation a report prints.

One Tesseract process per call with ``OMP_THREAD_LIMIT=1``: workers share the CPUs.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.backends.base import RawLine
from pipeline.text.chars import is_cjk
from pipeline.text.clean import normalize

__all__ = ["OcrSettings", "Word", "cjk_punctuation", "heading_numeral", "installed_languages",
           "mean_confidence", "orientation", "read_words", "version", "words_to_lines"]


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rendered and read."""

    languages: str = "chi_tra+jpn"  # chi_sim is added only when installed and asked for
    dpi: int = 300
    page_seconds: float = 60.0  # a page that takes longer is skipped (and recorded)
    min_confidence: float = 50.0  # mean word confidence below this: nothing usable
    psm: int = 3  # fully automatic page segmentation
    auto_rotate: bool = True  # turn a page scanned sideways or upside down upright (Tesseract OSD)


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language models (empty if Tesseract is missing)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def _run(image: Any, args: list[str], timeout: float) -> str:
    """Tesseract's standard output for ``image`` (sent as PNG on stdin) with ``args``;
    ``subprocess.TimeoutExpired`` past ``timeout`` seconds."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per worker: workers share the CPUs
    out = subprocess.run(["tesseract", "stdin", "stdout", *args], input=png.getvalue(),
                         capture_output=True, timeout=timeout, env=env, check=False)
    return out.stdout.decode("utf-8", "replace")


MIN_OSD_CONFIDENCE = 2.0  # below this Tesseract's orientation guess is noise (a nearly blank page)


def orientation(image: Any, settings: OcrSettings = OcrSettings()) -> int:
    """Degrees (0, 90, 180, 270) to turn ``image`` clockwise to make it upright, by
    Tesseract's orientation and script detection (``--psm 0``, the ``osd`` model of
    the ``tesseract-ocr-osd`` package); 0 when it is unsure or cannot tell."""
    dpi = settings.dpi
    if dpi >= 300:  # half the pixels are plenty to see which way the lines run
        image, dpi = image.reduce(2), dpi // 2
    try:
        out = _run(image, ["--psm", "0", "--dpi", str(dpi)], settings.page_seconds)
    except subprocess.TimeoutExpired:
        return 0
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    try:
        turn, confidence = int(fields["Rotate"]), float(fields["Orientation confidence"])
    except (KeyError, ValueError):  # too few characters to tell: leave the page as it is
        return 0
    return turn if turn in (90, 180, 270) and confidence >= MIN_OSD_CONFIDENCE else 0


@dataclass
class Word:
    """One word of Tesseract's TSV output (pixels of the image read)."""

    block: int
    par: int
    line: int
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str


def read_words(image: Any, settings: OcrSettings) -> list[Word]:
    """The words Tesseract reads in a grey PIL image (``settings``: languages, dpi, psm, time)."""
    out = _run(image, ["-l", settings.languages, "--psm", str(settings.psm), "--dpi", str(settings.dpi), "tsv"],
               settings.page_seconds)
    words = []
    for row in out.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        block, par, line, left, top, width, height = (int(c) for c in (*cols[2:5], *cols[6:10]))
        words.append(Word(block, par, line, left, top, width, height, float(cols[10]), cols[11]))
    return words


# Tesseract writes ASCII punctuation (and jpn's ヽ for 、) in Chinese text; the text
# layer of a report has the full-width forms, which the later stages expect.
# (Parentheses are left alone: reports print both forms.)
_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "ヽ": "、"})


def cjk_punctuation(text: str) -> str:
    """Half-width punctuation next to a CJK character made full-width, as printed."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in ",:;!?ヽ":
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and is_cjk(before)) or (after and is_cjk(after)):
                chars[i] = ch.translate(_FULL_WIDTH)
    return "".join(chars)


# Misreadings of the formal numerals that open level-1 headings (壹、貳、參、), seen on
# this project's scanned pages: 貳 read as 武/貮/弐, 壹 as 壺, 參 as 参/叁.  Only a line that
# starts with one of them followed by 、 is corrected.
_HEADING_NUMERALS = {"武": "貳", "貮": "貳", "弐": "貳", "壺": "壹", "参": "參", "叁": "參"}


def heading_numeral(text: str) -> str:
    """``武、過程`` -> ``貳、過程``: a misread heading numeral at the start of a line."""
    if len(text) > 1 and text[1] in "、，" and text[0] in _HEADING_NUMERALS:
        return _HEADING_NUMERALS[text[0]] + text[1:]
    return text


def words_to_lines(words: list[Word], scale: float) -> list[RawLine]:
    """Words grouped into lines (PDF points); no space between two CJK words."""
    groups: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for w in words:
        groups[(w.block, w.par, w.line)].append(w)
    lines = []
    for ws in groups.values():
        ws.sort(key=lambda w: w.left)
        text = ws[0].text
        for prev, w in zip(ws, ws[1:]):
            cjk_join = is_cjk(prev.text[-1]) or is_cjk(w.text[0])
            text += ("" if cjk_join else " ") + w.text
        heights = sorted(w.height for w in ws)
        lines.append(RawLine(text=heading_numeral(cjk_punctuation(normalize(text))), x0=min(w.left for w in ws) * scale,
                             x1=max(w.left + w.width for w in ws) * scale,
                             top=min(w.top for w in ws) * scale,
                             bottom=max(w.top + w.height for w in ws) * scale,
                             size=heights[len(heights) // 2] * scale))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return [ln for ln in lines if ln.text.strip()]


def mean_confidence(words: list[Word]) -> float:
    """Mean word confidence (0-100) weighted by characters."""
    weight = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / weight if weight else 0.0


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Tesseract's version, "?" if it cannot be run."""
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).split()[1]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"
