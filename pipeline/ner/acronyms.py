"""Document-defined acronyms: ``full name(ACRONYM)`` definitions and later mentions."""

from __future__ import annotations

import re

from pipeline.ner.rules import ORG_LIKE
from pipeline.ner.spans import Span
from pipeline.text.patterns import alternation

_ACRONYM = re.compile(r"[（(]\s*([A-Za-z][A-Za-z0-9&.\-]{1,11})\s*[)）]")


_ACRONYM_FIRST = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9&.\-]{1,11})\s*[（(]")


def acronym_definitions(text: str, spans: list[Span], every: list[tuple[str, Span]] | None = None) -> dict[str, Span]:
    """``full name(ACRONYM)`` and ``ACRONYM（full name）`` pairs with a resolved full-name span
    (the first per acronym; ``every`` collects all pairs, e.g. two translations of one name)."""
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
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        if sum(c.isupper() for c in acr) < 2:
            continue
        k = m.start()
        while k > 0 and text[k - 1] in " \u3000":
            k -= 1
        full = ends.get(k)
        if full is not None:
            out.setdefault(acr, full)
            pairs.append((acr, full))
    return out


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
