"""From resolved spans to :class:`pipeline.annotations.Entity` records (the end of the NER stage).

* :func:`canon` / :func:`key_of` -- the canonical display form and folded key of a name
  (the gazetteer entry's when it has one), shared by evidence, acronyms and aggregation.
* :func:`aggregate` -- one entity per ``(label, key)``: its most frequent surface form,
  languages, sources, person attributes and every mention (text, table or cover).
* :func:`guess_lang` -- the language of a short text (a table cell, an entity name).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from pipeline.annotations import Entity, Mention
from pipeline.extract.language import detect_language
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.spans import Span
from pipeline.ner.units import Context, Unit
from pipeline.text.chars import has_cjk, join_cjk
from pipeline.text.fold import canonical_id, display_form, fold


def canon(gaz: Gazetteer, name: str, label: str) -> tuple[str, str]:
    """(canonical display, folded key) of a name: the gazetteer entry's if it has one."""
    prefs = load_config()["gazetteer"]["canonical_lang"]
    entry = gaz.lookup(name)
    if entry is not None and entry.label == label:
        return entry.display(prefs), entry.key
    shown = display_form(name) if label == "PERSON" else join_cjk(display_form(name))
    return shown, fold(shown)


def key_of(span: Span, text: str, gaz: Gazetteer) -> tuple[str, str]:
    """(canonical display, folded key) of a span: its own if a component set them, else its text's."""
    if span.key is not None and span.canonical is not None:
        return span.canonical, span.key
    return canon(gaz, text[span.start : span.end], span.label)


def aggregate(units: list[Unit], final: list[list[Span]], ctx: Context, gaz: Gazetteer) -> list[Entity]:
    """Entities of the resolved spans of ``units`` and of the cover/table evidence, most mentioned first."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}

    def group(label: str, canonical: str, key: str) -> dict[str, Any]:
        g = groups.get((label, key))
        if g is None:
            g = groups[(label, key)] = {
                "label": label, "canonical": canonical, "key": key, "surfaces": Counter(),
                "langs": Counter(), "mentions": [], "sources": set(), "attrs": {},
            }
        return g

    for u, spans in zip(units, final, strict=True):
        for s in spans:
            surface = u.text[s.start : s.end]
            canonical, key = key_of(s, u.text, gaz)
            g = group(s.label, canonical, key)
            # 鄒科長 resolved to 鄒宗勳: the bare surname is no surface form of the entity
            g["surfaces"][surface] += 0 if ("surname" in s.attrs or s.source == "coref") else 1
            g["langs"][u.lang] += 1
            g["sources"].add(s.source)
            g["sources"].update(s.attrs.get("also", ()))
            for k in ("title", "org", "unit"):
                if s.attrs.get(k):
                    g["attrs"].setdefault(k, s.attrs[k])
            g["mentions"].append(_mention(u, u.offset + s.start, u.offset + s.end))
    for ev in ctx.evidence:
        g = group(ev.label, ev.canonical, ev.key)
        g["surfaces"][ev.text] += len(ev.mentions)
        g["sources"].update(ev.sources)
        for k, v in ev.attrs.items():
            if v:
                g["attrs"][k] = v  # table/cover evidence is the most reliable
        g["mentions"].extend(replace(m) for m in ev.mentions)
    out = []
    for (label, key), g in groups.items():
        surfaces: Counter[str] = g["surfaces"]
        text = max(surfaces, key=lambda t: (surfaces[t], len(t))) if surfaces else g["canonical"]
        out.append(Entity(
            text=text,
            label=label,
            canonical=g["canonical"],
            canonical_id=canonical_id(label, key),
            lang=g["langs"].most_common(1)[0][0] if g["langs"] else guess_lang(text),
            count=len(g["mentions"]),
            mentions=g["mentions"],
            sources=sorted(g["sources"]),
            title=g["attrs"].get("title"),
            org=g["attrs"].get("org"),
            unit=g["attrs"].get("unit"),
        ))
    out.sort(key=lambda e: (-e.count, e.label, e.canonical))
    return out


def _mention(unit: Unit, start: int, end: int) -> Mention:
    """A text mention of ``unit`` (a block, a line of plain text or a table cell)."""
    if unit.cell is None:
        return Mention(unit.section, unit.page, unit.block, start, end)
    table, row, col = unit.cell
    return Mention(unit.section, unit.page, unit.block, start, end, "table", table, row, col)


def guess_lang(text: str) -> str:
    """Language of a short text (falls back to a kana/Han test if the language stage is absent)."""
    try:
        return detect_language(text)
    except Exception:  # noqa: BLE001 - the language module belongs to another stage
        if any("\u3040" <= c <= "\u30ff" for c in text):
            return "ja"
        return "zh-Hant" if has_cjk(text) else ("en" if text.isascii() else "und")
