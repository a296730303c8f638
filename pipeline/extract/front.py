"""Front-matter blocks: where the cover block ends on a page it shares.

A cover (or a 提要 form) may be followed on its page by the 摘要, the 目次 or
the first chapter.  The page kind is decided per block: the cover block ends at
the first heading after its labelled fields, the rest keeps its own kind
(``Page.parts``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import Page, PagePart
from pipeline.extract.sections import parse_heading
from pipeline.extract.toc import is_toc_heading

# "摘要：本報告…" as one long paragraph (too long to read as a heading) also ends the cover.
_INLINE_ABSTRACT = re.compile(r"^(?:摘\s*要|提\s*要|前\s*言)\s*[:：]")


def split_cover_text(text: str, is_field: Callable[[str], bool]) -> tuple[str, str]:
    """Split a cover page's text into ``(cover, rest)``: the cover block ends at the
    first heading after its labelled fields (``is_field`` tells a field line: cover
    or 提要 labels), so a 摘要 printed under the cover fields stays body text."""
    lines = text.split("\n")
    seen_field = False
    for i, raw_line in enumerate(lines):
        line = raw_line.replace("\u3000", " ").strip()
        if not line:
            continue
        if is_field(line):
            seen_field = True
            continue
        if not seen_field:
            continue
        parsed = parse_heading(line)
        if is_toc_heading(line) or (parsed is not None and parsed[1]) or _INLINE_ABSTRACT.match(line):
            return "\n".join(lines[:i]).strip("\n"), "\n".join(lines[i:]).strip("\n")
    return text, ""


def mark_cover(page: Page, is_field: Callable[[str], bool]) -> None:
    """Mark a cover page's cover block ``cover``; text after it stays in its own kind."""
    parts = page.parts or [PagePart(page.kind, page.text)]
    out: list[PagePart] = []
    done = False
    for part in parts:
        if part.kind == "body" and not done:
            cover_text, rest = split_cover_text(part.text, is_field)
            out += [PagePart("cover", cover_text), PagePart("body", rest)]
            done = True
        else:
            out.append(part)
    page.set_parts(out)
