"""Patterns of page furniture that several stages recognise: TOC dot leaders, undecodable glyphs.

One definition each, so the backend that counts ``(cid:NN)`` glyphs, the layout that
strips them and the stages that keep TOC entries out of captions and headings agree.
"""

from __future__ import annotations

import re

# A glyph pdfminer could not map to Unicode (a font without a ToUnicode map).
CID_RE = re.compile(r"\(cid:\d+\)")

# TOC dot leaders: three or more dots/middle dots, two or more ellipses, or spaced dots.
LEADER = r"(?:[…⋯]{2,}|[.．·・‧…⋯]{3,}|(?:[.．·・] ){3,}[.．·・]?)"
LEADER_RE = re.compile(r"\s*" + LEADER + r"\s*")
# A TOC entry's end: a leader then a page number (arabic or roman), or a tab then digits.
TOC_ENTRY_END_RE = re.compile(LEADER + r"\s*[0-9ivxlcdmIVXLCDM]{0,6}\s*$|\t\s*\d{1,4}\s*$")
