"""Word list numbering as printed: ``numbering.xml`` levels rendered to text.

Word keeps automatic heading numbers (壹、 一、 (一) 1.1) out of the paragraph
text; a reader sees them, so the backend puts them back.  Only the formats a
Chinese report uses are rendered; bullets print nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_CN = "零一二三四五六七八九"
_CAP = "零壹貳參肆伍陸柒捌玖"


def _chinese(n: int, digits: str, ten: str) -> str:
    """1..99 in Chinese counting: 一, 十, 十一, 二十三 (壹, 拾, 拾壹 with capitals)."""
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word ``numFmt``."""
    if fmt in ("ideographLegalTraditional", "chineseLegalSimplified"):
        return _chinese(n, _CAP, "拾")
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand", "chineseCounting",
               "chineseCountingThousand", "japaneseCounting", "ideographDigital"):
        return _chinese(n, _CN, "十")
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


@dataclass
class Numbering:
    """Counters of one document's lists, advanced paragraph by paragraph."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)  # numId -> ilvl -> fmt, text, start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstract id -> ilvl -> count
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId

    @classmethod
    def of(cls, document: Any) -> Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return out
        abstracts: dict[str, dict[int, tuple[str, str, int]]] = {}
        for absn in root.findall(qn("w:abstractNum")):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in absn.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lv[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstracts[absn.get(qn("w:abstractNumId"))] = lv
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstracts:
                num_id = num.get(qn("w:numId"))
                out.abstract_of[num_id] = ref.get(qn("w:val"))
                out.levels[num_id] = abstracts[ref.get(qn("w:val"))]
        return out

    def label(self, num_id: str | None, ilvl: int) -> str:
        """Advance list ``num_id`` at level ``ilvl`` and return the printed label ('' for bullets)."""
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        key = self.abstract_of[num_id or ""]  # Word continues one list across its numIds
        counts = self.counters.setdefault(key, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            return format_number(counts.get(k, levels.get(k, ("", "", 1))[2]), levels.get(k, (fmt,))[0])

        return re.sub(r"%(\d)", fill, text)


def num_pr(paragraph: Any) -> tuple[str | None, int] | None:
    """(numId, ilvl) of a paragraph's own numbering or its style's, else None."""
    for holder in (paragraph._p.pPr, _style_ppr(paragraph)):
        if holder is None:
            continue
        pr = holder.find(qn("w:numPr"))
        if pr is None:
            continue
        num = pr.find(qn("w:numId"))
        lvl = pr.find(qn("w:ilvl"))
        if num is not None and num.get(qn("w:val")) != "0":
            return num.get(qn("w:val")), int(lvl.get(qn("w:val"))) if lvl is not None else 0
    return None


def _style_ppr(paragraph: Any) -> Any:
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            return ppr
        style = style.base_style
    return None
