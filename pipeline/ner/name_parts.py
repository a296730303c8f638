"""Repairs of organisation names by their written parts: campuses, joined units, readings, lists.

Each repair works on the resolved spans of one text and is switched in ``configs/ner.toml
[affixes] enabled`` with the edge repairs of :mod:`pipeline.ner.affixes`:

* ``campuses`` -- a university's campus or branch school written after it belongs to the name
  (キングモンクッツ工科大学|トンブリ校, 加州大学|洛杉矶分校); a campus as a site (東山校區) stays a
  place of its own;
* ``joined_units`` -- two units joined by ・, each ending in an organisation word, are two
  (国際交流センター|・|国際交流課, 農学部|・|自然科学研究科); a country joined by ・ before a body is
  a place of its own (タイ|・|モンクット王工科大学);
* ``bracketed_readings`` -- a place and its kana reading in brackets before a body are part of
  its name (浦項(ポハン)|商工会議所);
* ``list_separators`` -- a name holds no 、 unless a rule read coordinated fields (副总理张志贤、|
  贸工部);
* ``bracket_aliases`` -- a short name in brackets closing a name is an alias of its own
  (日本貿易振興機構|(ジェトロ)).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from pipeline.ner.boundaries import ends_with_org_suffix
from pipeline.ner.gazetteer import is_country, load_gazetteer
from pipeline.ner.spans import Span

_CAMPUS = re.compile(r"[\u4e00-\u9fff\u30a1-\u30faー]{1,8}?(?:分校|校)(?![長长友舍園园内內外庭訓训區区])")
_UNIVERSITY_END = ("大学", "大學")
_READING_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,4}[(（][\u30a1-\u30faー]{2,8}[)）]\Z")


def campuses(text: str, spans: list[Span]) -> list[Span]:
    """A university grows over the campus written right after it."""
    starts = {s.start for s in spans if s.label in ("ORG", "PERSON")}

    def bounds(s: Span) -> tuple[int, int]:
        m = _CAMPUS.match(text, s.end) if s.label == "ORG" and text[s.start:s.end].endswith(_UNIVERSITY_END) else None
        if m is None or any(s.end < k < m.end() for k in starts):
            return s.start, s.end
        return s.start, m.end()

    return reshape(spans, bounds)


def joined_units(text: str, spans: list[Span]) -> list[Span]:
    """Split an organisation at ・ between two names; a country before ・ is its own place."""
    gaz = load_gazetteer()
    out: list[Span] = []
    for s in spans:
        k = text.find("・", s.start, s.end) if s.label == "ORG" else -1
        if k <= s.start or k >= s.end - 2:
            out.append(s)
            continue
        left, right = text[s.start:k], text[k + 1:s.end]
        entry = gaz.lookup(left)
        if entry is not None and is_country(entry):
            out += [Span(s.start, k, "GPE", "gazetteer", "gazetteer", entry.display(["zh_hant"]), entry.key),
                    replace(s, start=k + 1, canonical=None, key=None)]
        elif ends_with_org_suffix(left) and ends_with_org_suffix(right):
            out += [replace(s, end=k, canonical=None, key=None), replace(s, start=k + 1, canonical=None, key=None)]
        else:
            out.append(s)
    return out


def bracketed_readings(text: str, spans: list[Span]) -> list[Span]:
    """An organisation grows back over a place and its reading in brackets (浦項(ポハン)|商工会議所)."""

    def bounds(s: Span) -> tuple[int, int]:
        m = _READING_BEFORE.search(text, max(0, s.start - 16), s.start) if s.label == "ORG" else None
        return (m.start() if m else s.start), s.end

    return reshape(spans, bounds)


def list_separators(text: str, spans: list[Span]) -> list[Span]:
    """An organisation starts after the last 、 inside it (not a coordinated name)."""

    def bounds(s: Span) -> tuple[int, int]:
        k = text.rfind("、", s.start, s.end) if s.label == "ORG" and s.component not in ("coordinated", "gazetteer") else -1
        return (k + 1 if k >= 0 and s.end - k > 2 else s.start), s.end

    return reshape(spans, bounds)


def reshape(spans: list[Span], bounds: Callable[[Span], tuple[int, int]]) -> list[Span]:
    """Each span with the bounds ``bounds`` gives it (its own to keep it), without the spans a
    grown one now holds (:func:`without_held`; a trimmed span holds none): the shared step of
    the repairs that grow or trim organisations."""
    out: list[Span] = []
    grown: list[Span] = []
    for s in spans:
        start, end = bounds(s)
        if (start, end) != (s.start, s.end):
            s = replace(s, start=start, end=end, canonical=None, key=None)
            grown.append(s)
        out.append(s)
    return without_held(out, grown)


def without_held(spans: list[Span], grown: list[Span]) -> list[Span]:
    """``spans`` without the spans a ``grown`` organisation now holds: a place it grew over, or a
    shorter organisation (ソニー inside ソニー・トヨタ協会: else both stay and overlap). Resolved
    spans did not overlap before the growth, so only grown spans can hold others. Each position
    knows the longest grown span over it: linear in the spans and the grown lengths."""
    if not grown:
        return spans
    longest: dict[int, Span] = {}
    for g in grown:
        for i in range(g.start, g.end):
            if i not in longest or g.length > longest[i].length:
                longest[i] = g
    out = []
    for s in spans:
        holder = longest.get(s.start)
        if holder is not None and holder is not s and s.end <= holder.end and s.length < holder.length:
            continue
        out.append(s)
    return out


_ALIAS_AFTER = re.compile(r"[(（]([\u30a1-\u30faーA-Za-z][\u30a1-\u30faーA-Za-z0-9&.\- ]{1,20})[)）]\Z")


def bracket_aliases(text: str, spans: list[Span]) -> list[Span]:
    """A short name in brackets closing an organisation is an alias of its own, not part of the
    name (日本貿易振興機構|(ジェトロ)); inside a longer name it stays (…(JETRO)千葉貿易情報中心)."""
    out: list[Span] = []
    for s in spans:
        m = _ALIAS_AFTER.search(text, s.start, s.end) if s.label == "ORG" and s.component != "evidence" else None
        if m is None or m.start() - s.start < 3:
            out.append(s)
            continue
        out += [replace(s, end=m.start(), canonical=None, key=None), Span(m.start(1), m.end(1), "ORG", s.component, s.source)]
    return out
