"""Tables of contents inside a page's lines, with or without dot leaders.

A 目次 / 目錄 / 表目錄 / 圖目錄 may share its page with the cover, the 摘要 or the
first body heading, run over two pages, print its page numbers after dot
leaders, after a tab or spaces, or right-aligned, and wrap a long entry onto a
second line.  :func:`split_pages` cuts every page's lines into runs of ``body``
and ``toc`` lines, so the page kind is decided per block, not per page.

Entries without leaders (``壹、目的    1``) are only trusted inside a TOC: after
a TOC heading, or on a page that continues one; a page of leader entries with
no heading is a TOC as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.backends.base import RawLine
from pipeline.text.clean import squash

_DOTS = r"(?:[.．·・‧⋯…]{3,}|[⋯…]{2}|(?:[.．·・] ){3,}[.．·・]?)"  # ……: two ellipses are leaders
# 12, iv, or chapter-page numbering (3-2, 附-1 style "3－2")
_PAGE = r"(?:\d{1,3}\s*[-－–]\s*\d{1,3}|\d{1,4}|[ivxlcdmIVXLCDM]{1,7})"
LEADER_ENTRY_RE = re.compile(rf"^(?P<title>.+?)\s*{_DOTS}\s*(?P<page>{_PAGE})\s*$")
# Title, then a gap (tab/spaces, kept as whitespace by the backend), then the page number.
GAP_ENTRY_RE = re.compile(rf"^(?P<title>.*\S)[\s\u3000]+(?P<page>{_PAGE})\s*$")
# A short title and its number with no gap left (a tab to a near tab stop): 目的1.
GLUED_ENTRY_RE = re.compile(r"^(?P<title>.*[\u3400-\u9fff）)])(?P<page>\d{1,3})\s*$")
TOC_HEADING_RE = re.compile(
    r"^(?:目\s*[次錄录]|[表圖图]\s*目\s*[錄录次]|附\s*[表圖图件錄录]\s*目\s*[錄录次]|"
    r"(?:table\s+of\s+)?contents|list\s+of\s+(?:tables|figures)|もくじ)"
    r"(?:\s*[(（]\s*[續续]\s*[)）])?$",
    re.I,
)
_SENTENCE = re.compile(r"[。！？!?；;，,：:]\s*$|[。！？，；]")
MAX_WRAP = 2  # lines an entry may wrap onto before its page number
MAX_ENTRY_CHARS = 60  # a longer "entry" is a body line that happens to end in a number
MIN_LEADER_RUN = 3  # leader entries that make a TOC without a heading


@dataclass
class Segment:
    """A run of consecutive lines of one kind on one page."""

    kind: str  # body | toc
    lines: list[RawLine] = field(default_factory=list)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def is_toc_heading(text: str) -> bool:
    """目次, 目錄, 表目錄, 圖目錄, 附件目錄, Contents, 目次（續）…"""
    return bool(TOC_HEADING_RE.match(_squash(text)))


def leader_entry(text: str) -> re.Match[str] | None:
    """A TOC entry with dot leaders: ``壹、目的 ........ 1``."""
    return LEADER_ENTRY_RE.match(text.strip())


def entry(text: str) -> re.Match[str] | None:
    """A TOC entry with leaders, or with its page number after a gap (trusted inside a TOC)."""
    s = text.strip()
    if m := LEADER_ENTRY_RE.match(s):
        return m
    m = GAP_ENTRY_RE.match(s) or GLUED_ENTRY_RE.match(s)
    if not m or len(s) > MAX_ENTRY_CHARS or _SENTENCE.search(m["title"]):
        return None
    if re.fullmatch(r"[\d\s.,，、]+", m["title"]):  # "2019 10", a row of figures
        return None
    return m


def _wrapped_entry(lines: list[RawLine], i: int) -> int:
    """Number of lines (2..MAX_WRAP+1) of an entry wrapped from line ``i``, or 0."""
    for k in range(1, MAX_WRAP + 1):
        if i + k >= len(lines):
            return 0
        head = lines[i + k - 1].text.strip()
        if _SENTENCE.search(head) or is_toc_heading(head) or len(head) > MAX_ENTRY_CHARS:
            return 0
        if entry(lines[i + k].text):
            return k + 1
    return 0


def _starts_toc(lines: list[RawLine], i: int) -> bool:
    """A TOC heading at ``i`` followed (within a few lines) by an entry."""
    for j in range(i + 1, min(len(lines), i + 4)):
        if entry(lines[j].text) or _wrapped_entry(lines, j):
            return True
        if not is_toc_heading(lines[j].text):
            return False
    return False


def _leader_page(lines: list[RawLine]) -> bool:
    """A page of leader entries without a heading (a TOC page continued)."""
    n = sum(bool(leader_entry(ln.text)) for ln in lines)
    return n >= MIN_LEADER_RUN and n >= 0.5 * len(lines)


def split_page(lines: list[RawLine], in_toc: bool) -> tuple[list[Segment], bool]:
    """Cut one page's lines into body/toc segments; ``in_toc``: the previous page
    ended inside a TOC.  Returns the segments and whether this page ends in one."""
    leader_page = _leader_page(lines)  # a TOC page continued: its first leader entry opens it
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        take = 0
        if is_toc_heading(text) and (in_toc or _starts_toc(lines, i)):
            take, in_toc = 1, True
        elif in_toc:
            take = 1 if entry(text) else _wrapped_entry(lines, i)
            in_toc = take > 0
        elif leader_entry(text):
            take, in_toc = 1, leader_page  # a stray leader entry is never body text
        kind = "toc" if take else "body"
        take = take or 1
        if not segments or segments[-1].kind != kind:
            segments.append(Segment(kind))
        segments[-1].lines.extend(lines[i:i + take])
        i += take
    return segments, bool(segments) and segments[-1].kind == "toc"


def split_pages(pages: list[list[RawLine]]) -> list[list[Segment]]:
    """:func:`split_page` over a document, carrying an open TOC across page breaks."""
    out: list[list[Segment]] = []
    in_toc = False
    for lines in pages:
        segments, in_toc = split_page(lines, in_toc)
        out.append(segments)
    return out


def entry_lines(lines: list[RawLine]) -> list[str]:
    """A TOC segment as text: headings as printed, entries as ``title<TAB>page``
    (leaders dropped, wrapped titles joined)."""
    from pipeline.text.clean import join_pair, remove_cjk_gaps

    out: list[str] = []
    pending = ""
    for ln in lines:
        text = ln.text.strip()
        if is_toc_heading(text):
            out.append(re.sub(r"\s+", "", text) if not text.isascii() else text)
            pending = ""
            continue
        m = entry(text)
        if m is None:
            pending = join_pair(pending, text) if pending else text
            continue
        title = join_pair(pending, m["title"].strip()) if pending else m["title"].strip()
        out.append(f"{remove_cjk_gaps(title).strip()}\t{m['page']}")
        pending = ""
    if pending:
        out.append(remove_cjk_gaps(pending).strip())
    return out


def parse_entries(toc_text: str) -> list[tuple[str, str]]:
    """``(title, page)`` of every entry line (``title<TAB>page``) of a TOC text."""
    out = []
    for line in toc_text.splitlines():
        title, sep, page = line.rpartition("\t")
        if sep and title.strip():
            out.append((title.strip(), page.strip()))
    return out


_LIST_ENTRY = re.compile(r"^[表圖图]\s*[\d一二三四五六七八九十]|^(?:table|figure)\s*\d", re.I)


def headings_from_toc(toc_texts: list[str], paragraphs: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """Body paragraphs that are a TOC entry's title: headings even without a number
    (a PDF keeps no heading styles).  Levels follow font size, largest first.
    ``paragraphs`` are ``(text, font size)``; returns ``(text, level)``."""
    titles = {squash(t) for text in toc_texts for t, _ in parse_entries(text) if not _LIST_ENTRY.match(t)}
    hits = [(text, size) for text, size in paragraphs
            if squash(text) in titles and len(text) <= MAX_ENTRY_CHARS and not _SENTENCE.search(text)]
    sizes = sorted({round(size) for _, size in hits}, reverse=True)
    return [(text, sizes.index(round(size)) + 1) for text, size in hits]
