"""Checks of a processed document against a golden file: metadata field by field,
TOC and cover text leaking into the body, and sections against the TOC entries.

Used by ``tests/test_templates.py`` and ``scripts/score_templates.py`` (the
accuracy table of the README), so both count the same way.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.document import Document
from pipeline.extract.toc import is_toc_heading, parse_entries
from pipeline.text.clean import squash

# Labels that start a line of a cover or a 提要 form; such a line in the body is a leak.
FRONT_LABELS = (
    "出國類別", "服務機關", "姓名職稱", "派赴國家", "出國期間", "報告日期", "出國報告名稱",
    "出國計畫主辦機關", "出國人員姓名", "出國地區", "分類號", "關鍵詞", "含附件",
)
_LIST_ENTRY = re.compile(r"^[表圖图]\s*\d|^(?:table|figure)\s*\d", re.I)
PLAIN_FIELDS = ("category", "title", "agency", "countries", "places", "period_start",
                "period_end", "report_date")


def toc_entries(doc: Document) -> list[tuple[str, str]]:
    """``(title, page)`` of every TOC entry the pipeline kept out of the body."""
    return [e for page in doc.pages for text in page.blocks_of("toc") for e in parse_entries(text)]


def toc_leaks(doc: Document, entries: list[tuple[str, str]]) -> list[str]:
    """Body lines that are a TOC heading or a TOC entry (title followed by its page number)."""
    wanted = {squash(t) + p for t, p in entries}
    out = []
    for line in doc.text.splitlines():
        s = squash(line)
        if is_toc_heading(line) or s in wanted or re.sub(r"[.．·・‧⋯…]+", "", s) in wanted:
            out.append(line)
    return out


def cover_leaks(doc: Document) -> list[str]:
    """Body lines that begin with a cover or 提要 field label."""
    return [ln for ln in doc.text.splitlines() if squash(ln).startswith(FRONT_LABELS)]


def section_toc_agreement(doc: Document, entries: list[tuple[str, str]]) -> tuple[int, int]:
    """(TOC content entries found as a section heading, TOC content entries)."""
    heads = {squash(s.number + s.title) for s in doc.sections} | {squash(s.title) for s in doc.sections}
    heads |= {squash(re.sub(r"^第\s*\S+?\s*[章節]", "", s.title)) for s in doc.sections}
    content = [t for t, _ in entries if not _LIST_ENTRY.match(t)]
    found = sum(1 for t in content if _heading_key(t) & heads)
    return found, len(content)


def _heading_key(title: str) -> set[str]:
    """The squashed entry with and without its number (壹、目的 / 目的)."""
    s = squash(title)
    bare = re.sub(r"^(?:[壹貳參肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)"
                  r"|\d+(?:\.\d+)*\.?|第\S+?[章節])", "", s)
    return {s, bare}


def metadata_checks(doc: Document, expected: dict[str, Any]) -> dict[str, bool]:
    """Each expected metadata field -> whether the document got it right."""
    meta = doc.metadata
    out = {name: getattr(meta, name) == expected[name] for name in PLAIN_FIELDS if name in expected}
    if "authors" in expected:
        out["authors"] = [(a.name, a.title) for a in meta.authors] == [
            (a["name"], a["title"]) for a in expected["authors"]]
    if "keywords" in expected:
        out["keywords"] = getattr(meta, "keywords", None) == expected["keywords"]
    if "abstract_starts" in expected:
        abstract = getattr(meta, "abstract", None) or ""
        out["abstract"] = squash(abstract).startswith(squash(expected["abstract_starts"]))
    if "contact" in expected:
        contact = getattr(meta, "contact", None)
        got = (contact.name, contact.phone) if contact else None
        out["contact"] = got == (expected["contact"]["name"], expected["contact"]["phone"])
    return out
