"""Document-defined acronyms: ``full name(ACRONYM)`` definitions and later mentions."""

from __future__ import annotations

import re

from pipeline.ner.rules import ORG_LIKE
from pipeline.ner.spans import Span
from pipeline.text.patterns import alternation

_ACRONYM = re.compile(r"[（(]\s*([A-Za-z][A-Za-z0-9&.\-]{1,11})\s*[)）]")


_ACRONYM_FIRST = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9&.\-]{1,11})\s*[（(]")
# An acronym after the full name inside one bracket: （Arizona Commerce Authority， ACA）.
_ACRONYM_AFTER_COMMA = re.compile(r"[,，]\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*[)）]")

# A short name the text defines for what precedes it, in any script: (以下、TROIS HK),
# （以下簡稱「工研院」）, （以下「本協定」という。）, (下称宁德时代).
_HEREAFTER = re.compile(
    r"[（(]\s*(?:以下簡稱|以下简称|以下稱|以下称|以下|下稱|下称|簡稱|简称)\s*[、，,:：]?\s*[「『“\"]?"
    r"([^()（）「」『』“”\"、，,。\n]{2,24}?)[」』”\"]?\s*(?:という|と称する|と呼ぶ)?[。．]?\s*[)）]")


def _in_order(chars: str, within: str) -> bool:
    """Whether every character of ``chars`` occurs in ``within``, in order (a subsequence)."""
    rest = iter(within)
    return all(c in rest for c in chars)


def _initials_of(acronym: str, capitals: str) -> bool:
    """Whether the acronym's capitals come in order from the name's (ACA of Arizona Commerce
    Authority; CEO after a company's name is a title, no acronym)."""
    letters = "".join(c for c in acronym if c.isupper())
    return len(letters) >= 2 and _in_order(letters, capitals)


def _before_spaces(text: str, pos: int) -> int:
    """``pos`` moved left over the spaces before it (…有限公司 (以下简称X): the name ends there)."""
    while pos > 0 and text[pos - 1] in " \u3000":
        pos -= 1
    return pos


def acronym_definitions(text: str, spans: list[Span], every: list[tuple[str, Span]] | None = None) -> dict[str, Span]:
    """``full name(ACRONYM)``, ``ACRONYM（full name）`` and ``（full name, ACRONYM）`` pairs with a
    resolved full-name span (the first per acronym; ``every`` collects all pairs, e.g. two
    translations of one name)."""
    out: dict[str, Span] = {}
    pairs: list[tuple[str, Span]] = [] if every is None else every
    ends = {}
    starts = {}
    for s in spans:
        if s.label in ORG_LIKE:
            ends[s.end] = s
            starts[s.start] = s
    for m in _ACRONYM_FIRST.finditer(text):
        acr, full = m.group(1), starts.get(m.end())
        if full is not None and sum(c.isupper() for c in acr) >= 2 and text[full.end : full.end + 1] in (")", "）"):
            out.setdefault(acr, full)
            pairs.append((acr, full))
    for m in _ACRONYM_AFTER_COMMA.finditer(text):
        acr, k = m.group(1), m.start()
        full = ends.get(k)
        capitals = "".join(c for c in text[full.start:full.end] if c.isupper()) if full is not None else ""
        if full is not None and text[full.start - 1:full.start] in ("(", "（") and _initials_of(acr, capitals):
            out.setdefault(acr, full)
            pairs.append((acr, full))
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        if sum(c.isupper() for c in acr) < 2:
            continue
        full = ends.get(_before_spaces(text, m.start()))
        if full is not None:
            out.setdefault(acr, full)
            pairs.append((acr, full))
    return out

_DEICTIC = "本同当當該该此"
_CJK_SHORT = re.compile(r"[（(]([\u4e00-\u9fff]{2,5})[)）]")


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` takes its characters, in order, from the longer ``name`` (電電公會 of
    台灣區電機電子工業同業公會, 北聯大 of 台北聯合大學系統)."""
    return len(short) < len(name) and _in_order(short, name)


def hereafter_definitions(text: str, spans: list[Span]) -> tuple[dict[str, Span], set[str]]:
    """Short names defined by ``X(以下、Y)`` or by an abbreviation in brackets (台北聯合大學系統
    （北聯大）): those that name the resolved span ending just before the bracket, and those
    that name something that is no entity (筋萎縮性側索硬化症(以下、ALS)), which are then no
    entity anywhere in the document."""
    ends = {s.end: s for s in spans if s.label != "INDUSTRY"}
    names: dict[str, Span] = {}
    not_names: set[str] = set()
    for m in _HEREAFTER.finditer(text):
        alias = m.group(1).strip()
        if alias[0] in _DEICTIC:
            continue  # a self-reference (以下簡稱本組, 以下「本協定」) is a description, no name
        at = _before_spaces(text, m.start())
        full = ends.get(at)
        if full is not None:
            names.setdefault(alias, full)
        elif not any(s.start < at <= s.end for s in spans):
            not_names.add(alias)
    for m in _CJK_SHORT.finditer(text):
        full = ends.get(_before_spaces(text, m.start()))
        if full is not None and full.label == "ORG" and _abbreviates(m.group(1), text[full.start:full.end]):
            names.setdefault(m.group(1), full)
    return names, not_names


def acronym_spans(text: str, definitions: dict[str, tuple[str, str, str]]) -> list[Span]:
    """Mentions of document-defined acronyms (label, canonical, key) at word boundaries."""
    if not definitions:
        return []
    alt = alternation(definitions)
    out = []
    for m in re.finditer(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])", text):
        label, canonical, key = definitions[m.group(0)]
        out.append(Span(m.start(), m.end(), label, "acronyms", "acronym", canonical, key))
    return out
