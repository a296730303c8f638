"""Patterns of page furniture that several stages recognise: TOC dot leaders, undecodable glyphs.

One definition each, so the backends that count undecodable glyphs, the layout that
strips them and the stages that keep TOC entries out of captions and headings agree.
"""

from __future__ import annotations

import re

# A glyph with no Unicode value (a font without a ToUnicode map), whatever backend read
# it: pdfminer writes "(cid:NN)", the PDFium backend U+FFFD (PDFium's own flag).
UNDECODABLE_RE = re.compile("\\(cid:\\d+\\)|\ufffd")


def is_undecodable(glyph: str) -> bool:
    """Whether one extracted glyph's text stands for a character with no Unicode value."""
    if len(glyph) == 1:  # the common case, without the regex
        return glyph == "\ufffd"
    return bool(UNDECODABLE_RE.fullmatch(glyph))


# TOC dot leaders: three or more dots/middle dots, two or more ellipses, or spaced dots.
LEADER = r"(?:[…⋯]{2,}|[.．·・‧…⋯]{3,}|(?:[.．·・] ){3,}[.．·・]?)"
LEADER_RE = re.compile(r"\s*" + LEADER + r"\s*")
# A TOC entry's end: a leader then a page number (arabic or roman), or a tab then digits.
TOC_ENTRY_END_RE = re.compile(LEADER + r"\s*[0-9ivxlcdmIVXLCDM]{0,6}\s*$|\t\s*\d{1,4}\s*$")
