"""Paragraphs from a page's visual lines: clean each line, then decide where a
paragraph breaks (markers, font size, spacing, indents, sentence ends, short lines).

The layout stage (:mod:`pipeline.extract.layout`) gives each page's body lines to
:func:`layout_paragraphs`; ``Page.text`` holds one paragraph per line.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from pipeline.backends.base import RawLine
from pipeline.text.clean import join_pair, remove_cjk_gaps
from pipeline.text.marks import LEADER_RE, UNDECODABLE_RE

# A heading or list marker at the start of a line: always starts a paragraph.
MARKER_RE = re.compile(
    r"^(?:"
    r"[壹貳參叁肆伍陸柒捌玖拾]+\s*[、．.]"
    r"|[一二三四五六七八九十]+\s*[、．.]"
    r"|[(（]\s*[一二三四五六七八九十]+\s*[)）]"
    r"|[㈠-㈩]"
    r"|\d{1,3}\s*[、．]"
    r"|\d{1,3}\.(?!\d)"
    r"|[(（]\s*\d{1,3}\s*[)）]"
    r"|[①-⑳㉑-㉟㊱-㊿⓪-⓿❶-❿➀-➓]"
    r"|[表圖图]\s*\d+(?:[-–.]\d+)?\s*[：:]"
    r"|第\s*[\d一二三四五六七八九十百]+\s*[章節节條条篇部]"
    r"|[•●○◆◇■□▪▶►・※]"
    r"|[-－–*]\s"
    r")"
)
# A full-width line ending in these ends its paragraph (；and ： at the end of a full
# line are mid-paragraph in Chinese; a short line ends its paragraph anyway).
SENTENCE_END = tuple("。！？!?")
CLOSERS = tuple("」』）)】〕\"'”’")


@dataclass
class Paragraph:
    """One re-joined paragraph and the font size of its first and last lines."""

    text: str
    first_size: float
    last_size: float


@dataclass
class _Line:
    """A body line being laid out (RawLine plus paragraph flags)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    whole: bool = False


def clean_line(text: str) -> str:
    """Strip (cid:NN) glyphs, dot leaders and gap spaces between CJK characters."""
    text = UNDECODABLE_RE.sub("", text)
    text = LEADER_RE.sub(" ", text)
    # keep one trailing space: the backend marks a line wrapped at a word space
    return re.sub(r"\s+$", " ", remove_cjk_gaps(text).lstrip())


def is_marker_line(text: str) -> bool:
    """Whether the line begins with a heading/list marker (壹、 一、 (一) 1. ① 表 1： • ...)."""
    return bool(MARKER_RE.match(text.lstrip()))


def _margins(lines: list[RawLine]) -> tuple[float, float, float]:
    """(left margin, right margin, typical line pitch) of a page's text."""
    xs0 = sorted(ln.x0 for ln in lines)
    xs1 = sorted(ln.x1 for ln in lines)
    left = xs0[len(xs0) // 10]
    right = xs1[min(len(xs1) - 1, (len(xs1) * 9) // 10)]
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    return left, right, pitch


_FIRST_TOKEN_RE = re.compile(
    r"([\u3400-\u9fff\u3040-\u30ff\uf900-\ufaff]?)"  # one ideograph/kana
    r"([\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]*)"  # its punctuation
    r"([^\s\u2e80-\uffff]*)"  # an attached Latin/digit run: 能，2019 / KIOXIA）2018
    r"([\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]*)"
    r"([^\s\u2e80-\uffff]*)"
)


def _first_token_width(text: str, size: float) -> float:
    """Rough width of the unbreakable start of ``text`` (what did not fit on the line above)."""
    m = _FIRST_TOKEN_RE.match(text)
    if not m or not m.group(0):
        return size
    wide = len(m.group(1)) + len(m.group(2)) + len(m.group(4))
    narrow = len(m.group(3)) + len(m.group(5))
    return size * wide + 0.6 * size * narrow


def paragraphs_of(lines: list[RawLine]) -> list[str]:
    """Re-join a page's visual lines into paragraphs (texts only)."""
    return [p.text for p in layout_paragraphs(lines)]


def layout_paragraphs(lines: list[RawLine]) -> list[Paragraph]:
    """Re-join a page's visual lines into paragraphs.

    A line starts a new paragraph when it begins with a heading/list marker,
    changes font size, follows a paragraph gap or a first-line indent, or when
    the line above ends a paragraph (sentence-final punctuation, or ending well
    short of the right margin by more than the next line's first word).
    """
    cleaned = [
        _Line(clean_line(ln.text), ln.x0, ln.x1, ln.top, ln.bottom, ln.size or 12.0, ln.whole)
        for ln in lines
    ]
    cleaned = [ln for ln in cleaned if ln.text.strip()]
    if not cleaned:
        return []
    left, right, pitch = _margins([RawLine(ln.text, ln.x0, ln.x1, ln.top, ln.bottom) for ln in cleaned])
    paras: list[Paragraph] = []
    prev: _Line | None = None
    for ln in cleaned:
        if prev is None or _breaks(prev, ln, left, right, pitch):
            paras.append(Paragraph(ln.text, ln.size, ln.size))
        else:
            paras[-1].text = join_pair(paras[-1].text, ln.text)
            paras[-1].last_size = ln.size
        prev = ln
    for p in paras:
        p.text = remove_cjk_gaps(p.text).strip()
    return [p for p in paras if p.text]


def _breaks(prev: _Line, ln: _Line, left: float, right: float, pitch: float) -> bool:
    """Whether ``ln`` starts a new paragraph after ``prev``."""
    size = prev.size
    if ln.whole or prev.whole or is_marker_line(ln.text):
        return True
    if abs(ln.size - prev.size) > 0.9:
        return True  # a heading in a larger/smaller font
    if _centred_wrap(prev, ln, left, right):
        return False  # a long centred title wrapped onto a second line
    if pitch and ln.top - prev.top > 1.35 * pitch:
        return True  # paragraph spacing
    if ln.top < prev.top:
        return True  # reading order jumped up (a second column, a caption)
    end = prev.text.rstrip()
    if end.endswith(SENTENCE_END) or (end.endswith(CLOSERS) and end[:-1].endswith(SENTENCE_END)):
        # A sentence end with room left for another character ends the paragraph;
        # on a full line (。 often hangs into the margin) other signals decide.
        if prev.x1 < right - 0.8 * size:
            return True
    short = prev.x1 < right - 1.5 * size
    if short and right - prev.x1 > _first_token_width(ln.text, ln.size) + size:
        return True
    if ln.x0 > left + 1.5 * size and (ln.x0 > prev.x0 + size or end.endswith(("：", ":"))):
        return True  # first-line indent (or an indented block after a colon)
    return False


def _centred_wrap(prev: _Line, ln: _Line, left: float, right: float) -> bool:
    """``ln`` continues a long centred title: same size, same centre, indented, close below."""
    size = prev.size
    centre_a, centre_b = (prev.x0 + prev.x1) / 2, (ln.x0 + ln.x1) / 2
    return (
        abs(centre_a - centre_b) < size
        and ln.x0 > left + 2 * size
        and prev.x1 - prev.x0 > 0.6 * (right - left)
        and ln.top - prev.top < 2.0 * size
        and not prev.text.rstrip().endswith(SENTENCE_END)
    )
