"""Section tree of a trip report from its numbered headings.

Numbering levels (Taiwanese government style):

====== ==================================  =========
level  printed as                          number
====== ==================================  =========
1      壹、 貳、 參、 …                      壹
2      一、 一. 一␣                          一
3      (一) （一） ㈠                        一
4      1. 1、                                1
5      (1) （1） ①                           1
====== ==================================  =========

Unnumbered front/back matter headings (摘要, 前言, 附錄, 附件 …) are level-1
sections with number ``""``.  A numbered paragraph is a heading only if it reads
like a title (short, no sentence punctuation, no ``label：content``), if its
number continues its siblings (一 → 二) or starts a new list (一), and if it is
not an item of a list that already started as body text (``1. 時間：…`` …
``5. 活動摘要：`` stays body text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.document import Document, Section
from pipeline.text.clean import squash
from pipeline.text.dates import cn_to_int
from pipeline.text.marks import TOC_ENTRY_END_RE

BODY_KINDS = {"body"}  # pages whose text is body text (not cover, toc, blank, image_only)
MAX_TITLE = {1: 40, 2: 40, 3: 40, 4: 30, 5: 30}  # longer "headings" are list items

_CAP = "壹貳參叁肆伍陸柒捌玖拾"
_CAP_VALUE = {c: i for i, c in enumerate("壹貳參肆伍陸柒捌玖拾", start=1)} | {"叁": 3}
_CN = "一二三四五六七八九十"
_SEP = r"(?:\s*[、.．]\s*|\s+)"
_ZH_ORD = r"[一二三四五六七八九十百零〇\d]{1,4}"
# (level, rank, pattern).  ``rank`` orders the numbering styles for nesting (a smaller
# rank is an outer section); ``level`` is what Section.level reports.
_PATTERNS: list[tuple[int, float, re.Pattern[str]]] = [
    (1, 1.0, re.compile(rf"^(?P<n>[{_CAP}]{{1,3}}){_SEP}(?P<t>\S.*)$")),
    (1, 1.0, re.compile(rf"^(?P<n>第\s*{_ZH_ORD}\s*章)\s*[、:：.．]?\s*(?P<t>\S.*)$")),  # 第一章, 第1章
    (2, 1.5, re.compile(rf"^(?P<n>第\s*{_ZH_ORD}\s*[節节])\s*[、:：.．]?\s*(?P<t>\S.*)$")),  # 第一節
    (2, 2.0, re.compile(rf"^(?P<n>[{_CN}]{{1,3}}){_SEP}(?P<t>\S.*)$")),
    (3, 3.0, re.compile(rf"^[(（]\s*(?P<n>[{_CN}]{{1,3}})\s*[)）]\s*(?P<t>\S.*)$")),
    (3, 3.0, re.compile(r"^(?P<n>[\u3220-\u3229])\s*(?P<t>\S.*)$")),  # ㈠..㈩
    (4, 4.0, re.compile(r"^(?P<n>\d{1,2})\s*[.、．](?!\d)\s*(?P<t>\S.*)$")),
    # 1.1 / 1.1.1 (decimal outline): the title must not start with a digit (2.5 億元)
    (5, 4.3, re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?(?!\d)\s*(?P<t>[^\d\s.．、%％].*)$")),
    (5, 4.6, re.compile(r"^(?P<n>\d{1,2}\.\d{1,2}\.\d{1,2})\.?(?!\d)\s*(?P<t>[^\d\s.．、%％].*)$")),
    (5, 5.0, re.compile(r"^[(（]\s*(?P<n>\d{1,2})\s*[)）]\s*(?P<t>\S.*)$")),
    (5, 5.0, re.compile(r"^(?P<n>[\u2460-\u2473])\s*(?P<t>\S.*)$")),  # ①..⑳
]
MAX_DECIMAL_TITLE = 50  # "1.3 …" is explicit outline numbering: titles may be long
_FRONT = re.compile(
    r"^(?P<t>(?:摘\s*要|提\s*要|前\s*言|序\s*言|緒\s*論|結\s*語|附\s*錄|附\s*件|參考資料|參考文獻|誌\s*謝|致\s*謝)"
    r"(?:\s*(?:[一二三四五六七八九十\d]{1,3}|[A-Z]))?(?:\s*[:：、.．]?\s*\S.{0,28})?)$"
)
# TOC entries that reached a body page: dot leaders, or a tab before the page number.
_BARE_NUMBER = re.compile(
    rf"^\s*(?:[{_CAP}]{{1,3}}[、.．]|[{_CN}]{{1,3}}[、.．]|[(（]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[)）]"
    r"|\d{1,2}[.、．]|第\s*[一二三四五六七八九十百\d]{1,4}\s*[章節节])\s*$"
)
_BULLET = re.compile(r"^[-–•●■◆▪◎○◇□]\s+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCE_END = re.compile(r"[。！？!?；;]$")


@dataclass
class Heading:
    """A paragraph recognised as a numbered (or front-matter) heading."""

    level: int
    number: str  # as printed, without punctuation
    ordinal: int  # numeric value of the number (0 for front matter)
    title: str
    rank: float = 1.0  # nesting order of the numbering style (smaller = outer)


@dataclass
class Paragraph:
    """One body paragraph with the section it belongs to."""

    text: str
    page: int
    section: str | None  # Section.id, None before the first heading
    heading: bool = False


def _ordinal(level: int, number: str) -> int | None:
    if number.startswith("第"):  # 第一章, 第 1 節
        digits = re.sub(r"[第章節节\s]", "", number)
        return int(digits) if digits.isdigit() else cn_to_int(digits)
    if "." in number:  # 1.2.3: its last part
        return int(number.rsplit(".", 1)[1])
    if level == 1:
        total = 0
        for ch in number:  # 拾壹 = 11
            v = _CAP_VALUE.get(ch)
            if v is None:
                return None
            total = total + v if total else v
            if v == 10 and total > 10:
                total = (total - 10) * 10
        return total
    if number.isascii() and number.isdigit():
        return int(number)
    if "\u3220" <= number <= "\u3229":
        return ord(number) - 0x3220 + 1
    if "\u2460" <= number <= "\u2473":
        return ord(number) - 0x2460 + 1
    return cn_to_int(number)


def parse_heading(text: str) -> tuple[Heading, bool] | None:
    """Parse a paragraph's numbering: ``(heading, looks_like_title)`` or None.

    ``looks_like_title`` is False for numbered list items that carry content
    (``1. 時間：2019 年…``), sentences, or long text; those stay body text.
    """
    # Full-width digits only: NFKC would also rewrite ㈠/① and the printed title.
    line = _BULLET.sub("", text.strip().translate(_FULLWIDTH_DIGITS)).strip()
    if not line or TOC_ENTRY_END_RE.search(line):  # a TOC entry that slipped through
        return None
    fm = _FRONT.match(line)
    if fm:
        title = re.sub(r"\s+", "", fm.group("t")) if len(line) <= 6 else fm.group("t")
        return Heading(1, "", 0, title.rstrip(":：")), not _SENTENCE_END.search(line)
    for level, rank, rx in _PATTERNS:
        m = rx.match(line)
        if not m:
            continue
        number = re.sub(r"\s+", "", m.group("n"))
        ordinal = _ordinal(level, number)
        if ordinal is None:
            return None
        title = m.group("t").strip()
        if "\u3220" <= number <= "\u3229" or "\u2460" <= number <= "\u2473":
            # ㈠ and ① carry their brackets: keep the bare number (一, 1) like (一), (1).
            number = _CN[ordinal - 1] if level == 3 else str(ordinal)
        # A space-only separator ("一 概況") is accepted for a level-1/2 number only if short.
        spaced = level <= 2 and not number.startswith("第") and not re.match(rf"{re.escape(number)}\s*[、.．]", line)
        titled = _looks_like_title(level, title, long_ok="." in number) and not (spaced and len(title) > 20)
        return Heading(level, number, ordinal, title.rstrip(":：").strip(), rank), titled
    return None


def _looks_like_title(level: int, title: str, long_ok: bool = False) -> bool:
    limit = MAX_DECIMAL_TITLE if long_ok else MAX_TITLE[level]
    if len(title) > limit or _SENTENCE_END.search(title) or "。" in title:
        return False
    if level >= 2 and ("，" in title or re.search(r"[:：]\s*\S", title)):
        return False  # "1. 時間：2019 年…", "一、本局…，…" are list items
    return True


def body_paragraphs(doc: Document) -> list[tuple[str, int]]:
    """``(paragraph, page number)`` of the body pages, in order.

    A bare number line (``壹、`` with its title on the next line) is joined with
    the following paragraph when that one is short enough to be a title.
    """
    out: list[tuple[str, int]] = []
    pending: tuple[str, int] | None = None
    for page in doc.pages:
        if page.kind not in BODY_KINDS:
            continue
        for text in page.text.split("\n"):
            if not text.strip():
                continue
            if pending is not None:
                num, num_page = pending
                pending = None
                if len(text.strip()) <= MAX_TITLE[1] and not _SENTENCE_END.search(text.strip()):
                    out.append((num + text.strip(), num_page))
                    continue
                out.append((num, num_page))
            if _BARE_NUMBER.match(text):
                pending = (text.strip(), page.number)
                continue
            out.append((text, page.number))
    if pending is not None:
        out.append(pending)
    return out


def _formal_ordinals(heads: Iterable[Heading]) -> frozenset[int]:
    """Ordinals of the formal level-1 numerals (壹 = 1) among parsed heading-like lines."""
    return frozenset(h.ordinal for h in heads if h.level == 1 and h.number[:1] in _CAP_VALUE)


def walk(doc: Document) -> tuple[list[Section], list[Paragraph]]:
    """Build the section tree and assign every body paragraph to a section.

    Pure function of ``doc.pages`` (body pages only); used by :func:`annotate`
    and by the language stage, so both agree on paragraph ownership.
    """
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    stack: list[tuple[Section, Heading]] = []
    children: dict[str | None, int] = {}
    body_list: dict[float, int] = {}  # rank -> last ordinal of a list running as body text
    last_top = 0  # ordinal of the last numbered level-1 heading (壹 = 1)
    seen_numbered = False

    styled = style_headings(doc)
    body = body_paragraphs(doc)
    parsed_lines = [parse_heading(text) for text, _ in body]  # once: the gap check needs them all
    formal = _formal_ordinals(p[0] for p in parsed_lines if p)
    for (text, page_no), parsed in zip(body, parsed_lines):
        if parsed is None and (key := squash(text)) in styled:
            level = styled[key]  # an unnumbered Word heading: its style's level
            parsed = Heading(min(level, 5), "", 0, text.strip(), float(level)), True
        accepted = False
        if parsed:
            head, titled = parsed
            in_body_list = body_list.get(head.rank) == head.ordinal - 1 or any(
                rk < head.rank for rk in body_list
            )
            if titled and not in_body_list and _fits(stack, head, last_top, formal):
                accepted = True
            elif head.number:
                # A numbered list item kept as body text: deeper levels now belong to it.
                body_list = {rk: n for rk, n in body_list.items() if rk < head.rank}
                body_list[head.rank] = head.ordinal
        if accepted:
            if head.number and not seen_numbered:
                stack = []  # 摘要/前言 before the first numbered heading: not its parent
            while stack and stack[-1][1].rank >= head.rank:
                stack.pop()
            parent = stack[-1][0].id if stack else None
            children[parent] = children.get(parent, 0) + 1
            sid = f"{parent}.{children[parent]}" if parent else str(children[parent])
            sec = Section(id=sid, number=head.number, title=head.title, level=head.level,
                          page=page_no, parent=parent)
            sections.append(sec)
            stack.append((sec, head))
            body_list = {}
            if head.level == 1 and head.number:
                last_top = head.ordinal
            seen_numbered = seen_numbered or bool(head.number)
            paragraphs.append(Paragraph(text, page_no, sid, heading=True))
            continue
        owner = stack[-1][0] if stack else None
        if owner is not None:
            owner.text = f"{owner.text}\n{text}" if owner.text else text
        paragraphs.append(Paragraph(text, page_no, owner.id if owner else None))
    return sections, paragraphs


def style_headings(doc: Document) -> dict[str, int]:
    """Squashed text -> outline level of the paragraphs known to be headings without a
    number: Word heading styles (reported by the backend), or PDF paragraphs that are a
    TOC entry's title (levels by font size, found by the layout stage)."""
    return {squash(t): int(lv) for t, lv in doc.pipeline.get("style_headings", [])}


def _fits(stack: list[tuple[Section, Heading]], head: Heading, last_top: int = 0,
          formal: frozenset[int] = frozenset()) -> bool:
    """Is ``head`` consistent with the open sections (sibling order, parent level)?
    ``formal``: ordinals of the formal numerals (壹 貳 參) that head any line of the document."""
    if not head.number:
        return True  # front matter: always a new level-1 section
    if "." in head.number:  # 1.2 under 1., 1.2.3 under 1.2
        prefix = head.number.rsplit(".", 1)[0]
        chapter = prefix.isdigit() and any(h.number.startswith("第") and h.ordinal == int(prefix) for _, h in stack)
        if not chapter and not any(h.number == prefix for _, h in stack):
            return False
    sibling = next((h for _, h in stack if h.rank == head.rank), None)
    if sibling is not None and sibling.number:
        # A formal level-1 numeral may follow a gap of one (壹 … 參) when the missing one heads
        # no line anywhere: a heading misread by OCR (貳 read as 屆) or skipped by the author
        # must not lose every later section. If 貳 does come later, 參 here is body text.
        formal_gap = head.level == 1 and head.number[:1] in _CAP_VALUE and sibling.ordinal + 1 not in formal
        return sibling.ordinal < head.ordinal <= sibling.ordinal + (2 if formal_gap else 1)
    if head.level == 1 and last_top:
        # 參 … 結語 (unnumbered) … 肆: level-1 numbering runs through front matter.
        return head.ordinal == last_top + 1
    # First of its level under the current parent (levels may be skipped: 貳 → 1.).
    return head.ordinal == 1


def assign_tables(doc: Document, paragraphs: list[Paragraph]) -> None:
    """Set ``Table.section``: the section whose text holds the caption, else the
    section open at the top of the table's page."""
    squashed = [(s.id, squash(s.text)) for s in doc.sections]
    for table in doc.tables:
        cap = squash(table.caption or "")
        sid = next((i for i, t in squashed if cap and cap in t), None) if cap else None
        if sid is None:
            on_page = [p.section for p in paragraphs if p.page == table.page and p.section]
            before = [p.section for p in paragraphs if p.page <= table.page and p.section]
            sid = on_page[0] if on_page else (before[-1] if before else None)
        table.section = sid


def annotate(doc: Document) -> None:
    """Fill ``doc.sections`` from the body pages and link ``doc.tables`` to sections."""
    sections, paragraphs = walk(doc)
    doc.sections = sections
    assign_tables(doc, paragraphs)
