"""Genre coreference: 本局/本部 → the reporting agency, surname + title → a known person,
contextual gazetteer aliases (工業局 → 經濟部工業局 when 經濟部 is present)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.spans import Span
from pipeline.text.fold import fold
from pipeline.text.patterns import alternation

# Where a unit name ends, for cutting "經濟部工業局電子資訊組" into 經濟部 / 工業局 / 電子資訊組.
_SEGMENT_END = re.compile(r"(中心|公司|協會|協会|委員會|委員会|[部局署處司會会院所室科組廳庁府省課])")


def agency_prefixes(chain: str) -> list[str]:
    """Cumulative unit prefixes of an agency chain: 經濟部, 經濟部工業局, 經濟部工業局電子資訊組."""
    out: list[str] = []
    for m in _SEGMENT_END.finditer(chain):
        prefix = chain[: m.end()]
        if not out or out[-1] != prefix:
            out.append(prefix)
    return out


def self_ref_targets(chain: str | None) -> dict[str, str]:
    """本X → the most specific prefix of the reporting agency that ends with X."""
    if not chain:
        return {}
    prefixes = agency_prefixes(chain)
    out: dict[str, str] = {}
    for ref in load_config()["coref"]["self_refs"]:
        x = ref[1:]
        hits = [p for p in prefixes if p.endswith(x)]
        if hits:
            out[ref] = hits[-1]
    return out


def self_ref_spans(text: str, targets: dict[str, tuple[str, str]]) -> list[Span]:
    """ORG spans for 本局/本部/... with the target's (canonical, key)."""
    if not targets:
        return []
    alt = alternation(targets)
    out = []
    for m in re.finditer(alt, text):
        canonical, key = targets[m.group(0)]
        out.append(Span(m.start(), m.end(), "ORG", "coref", "coref", canonical, key))
    return out


def drop_non_entities(spans: Iterable[Span], text: str) -> list[Span]:
    """Remove spans whose text is a meeting party (日方/台方/我方) or a generic word."""
    stop = set(load_config()["coref"]["non_entities"])
    return [s for s in spans if text[s.start : s.end].strip() not in stop]


def resolve_contextual(spans: list[Span], gaz: Gazetteer, present: set[str]) -> None:
    """Contextual aliases keep their gazetteer entry only if its parent entity is present."""
    changed = True
    while changed:
        changed = False
        for s in spans:
            entry = s.attrs.get("contextual")
            if entry is None:
                continue
            parent = gaz.lookup(entry.parent) if entry.parent else None
            if parent is not None and parent.key in present:
                present.add(entry.key)
                s.attrs.pop("contextual")
                changed = True
    for s in spans:
        if s.attrs.pop("contextual", None) is not None:
            s.canonical = s.key = None  # an unknown body of that name


def resolve_surnames(spans: list[Span], people: dict[str, tuple[str, str | None]], keep: bool = False) -> list[Span]:
    """鄒科長 → the one known person named 鄒…; an unresolved surname is dropped, or kept as a
    person of its own when ``keep`` (Chinese text: 李|市長 names someone, guidelines §1; in
    Japanese text a lone kanji before a title is as often a cut given name).

    ``people`` maps folded full names to (display name, title).
    """
    out = []
    for s in spans:
        surname = s.attrs.get("surname")
        if surname is None:
            out.append(s)
            continue
        f = fold(surname)
        title = s.attrs.get("title")
        cands = [(k, v) for k, v in people.items() if k.startswith(f) and len(k) > len(f)]
        if len(cands) > 1 and title:
            cands = [c for c in cands if c[1][1] and fold(c[1][1]) == fold(title)] or cands
        if len(cands) == 1:
            s.canonical, s.key = cands[0][1][0], cands[0][0]
            s.source = "coref"
            out.append(s)
        elif keep:
            out.append(s)
    return out
