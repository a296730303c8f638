"""Boundary repairs of registered company names and of units written after their parent body.

A registered Chinese or Japanese company name ends in its legal form (有限公司, 股份有限公司,
集團公司, 株式會社) and starts with what the register holds: usually a place (上海…有限公司,
台灣…股份有限公司), a brand, and for a subsidiary the parent's name and a bracketed place
(中國機械工業集團公司(珠海)機器人有限公司). A model or a suffix rule keeps only the part after the
place or the bracket. Units of a body are one name with it (guidelines: the longest name), but a
layout space or a known ministry name inside a local unit name splits them.

* ``legal_forms`` — an organisation ending in a legal form extends left over an adjacent place
  (GPE/LOC), over a model's person directly before it (a brand read as a name: 樂華|科技股份有限公司),
  and over a bracketed place (or gloss) together with the name before the bracket. Words glued after the
  legal form that start a clause (株式會社|簽約金額達) or a title (…組|專員) are cut off first; a
  bare legal form left over takes the name characters before it.
* ``unit_gaps`` — an organisation, one layout space and a department whose name ends in a
  unit word (科, 部, 室, 課) and is no known body are one name (国立…病院 神経内科).
* ``parent_units`` — a known ministry name (勞動部) that a longer unit name ends with, after a
  place and a run of name characters (和歌山縣商工觀光|勞動部), is that unit's name: the
  ministry is not named there, the prefecture's department is.

Cost: jieba tokenisation of each legal-form span (cached); one pass over the spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache

from pipeline.ner.boundaries import (
    ABSORBED,
    TRUSTED,
    Owners,
    ends_with_org_suffix,
    is_place_tag,
    left_edge,
    merged_org,
    owner_at,
    positions,
)
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import tokens
from pipeline.text.chars import is_han, is_katakana
from pipeline.text.fold import fold_chars

_OPEN, _CLOSE = "(（", ")）"
_MAX_BRACKET = 8  # a place or gloss in brackets: 大连, 珠海, 台灣, アウトレット


@lru_cache(maxsize=1)
def registered_suffixes() -> tuple[str, ...]:
    """Folded legal forms that end a registered company name, longest first."""
    g = load_config()["guards"]
    words = list(g["legal_suffixes"]) + list(g.get("group_legal_suffixes", []))
    return tuple(sorted({fold_chars(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _short_ends() -> tuple[str, ...]:
    """Ends of a listed company's short name (上海隧道股份): it grows over its place as well."""
    return tuple(fold_chars(w) for w in load_config()["guards"].get("short_name_ends", []))


def _legal_end(surface: str) -> int:
    """End (in ``surface``) of the last legal form after which only a clause or a title follows;
    0 if the span has no legal form."""
    folded = fold_chars(surface)
    best = 0
    for suf in registered_suffixes():
        at = folded.rfind(suf)
        if at >= 0:
            best = max(best, at + len(suf))
    return best


def _tail_is_junk(tail: str) -> bool:
    """What follows a legal form is no part of the name: a clause opened by a verb (签约金额达) or a
    title (專員, 科長)."""
    if not tail:
        return False
    if person_rules().title_re.fullmatch(tail):
        return True
    first = tokens(tail)[0]
    return len(first[0]) >= 2 and first[1].startswith("v") and not first[1].startswith("vn")


def _bracket_start(text: str, close: int) -> int | None:
    """Start of a bracketed part of a registered name whose closing bracket is at ``close``
    (a place: X(大连)Y有限公司, a gloss: X(アウトレット)股份有限公司), or None: only a few name
    characters, no space or punctuation, fit in such a bracket."""
    if close < 0 or text[close] not in _CLOSE:
        return None
    open_at = max((text.rfind(o, max(0, close - _MAX_BRACKET - 1), close) for o in _OPEN), default=-1)
    inner = text[open_at + 1:close]
    if open_at < 0 or not inner or not all(is_han(ch) or is_katakana(ch) or ch == "ー" for ch in inner):
        return None
    return open_at


def _grow_left(text: str, span: Span, owners: Owners, gaz: Gazetteer) -> int:
    """Leftmost start of a registered name ending at ``span.end``: over adjacent places, a model's
    person (a brand), a bracketed place with the name before it, and a parent company's span."""
    start = span.start
    for _ in range(4):  # place, bracket, parent: a few steps at most
        prev = owner_at(owners, start - 1)
        if prev is not None and prev.end == start and (
                prev.label in ABSORBED or (prev.label == "PERSON" and prev.component not in TRUSTED)
                or (prev.label == "ORG" and prev.component not in ("evidence",))):
            start = prev.start
            continue
        open_at = _bracket_start(text, start - 1)
        if open_at is None:
            break
        before = owner_at(owners, open_at - 1)
        if before is not None and before.label == "ORG":
            start = before.start
            continue
        # a sector word is part of the registered name before the bracket (海力士半导体(中国))
        edge = left_edge(text, _Without(owners, span, ("INDUSTRY",)), open_at, span.end)
        if edge is None or edge >= open_at:
            break
        start = edge
    return start


class _Without(Mapping[int, Span]):
    """The position -> span map without the positions of ``hide`` and spans labelled ``words``
    (a view: no copy per candidate, long lines stay linear)."""

    def __init__(self, owners: Owners, hide: Span, words: tuple[str, ...]) -> None:
        self._owners, self._hide, self._words = owners, hide, words

    def __getitem__(self, pos: int) -> Span:
        held = self._owners[pos]
        if self._hide.start <= pos < self._hide.end or held.label in self._words:
            raise KeyError(pos)
        return held

    def __iter__(self) -> Iterator[int]:
        return (pos for pos in self._owners if pos in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _name_before(text: str, span: Span, owners: Owners, words: tuple[str, ...] = ()) -> int:
    """Start of the name characters directly before ``span`` (``span.start`` if none), reading
    spans labelled ``words`` (a sector word inside a department's name) as plain characters."""
    edge = left_edge(text, _Without(owners, span, words), span.start, span.end)
    return edge if edge is not None else span.start


def _held(owners: Owners, start: int, end: int) -> set[int]:
    """Ids of the spans holding a position in [start, end)."""
    return {id(owners[pos]) for pos in range(start, end) if pos in owners}


def legal_forms(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Registered company names take their place, brand, bracketed place and parent; clauses and
    titles glued after the legal form are cut off."""
    owners = positions(spans)
    out: list[Span] = []
    absorbed: set[int] = set()
    for span in spans:
        if span.component in TRUSTED or span.label != "ORG":
            out.append(span)
            continue
        cut = _legal_end(text[span.start:span.end])
        if cut and cut < span.length and _tail_is_junk(text[span.start + cut:span.end]):
            span = replace(span, end=span.start + cut, canonical=None, key=None)
        if not fold_chars(text[span.start:span.end]).endswith(registered_suffixes() + _short_ends()):
            out.append(span)
            continue
        start = _grow_left(text, span, owners, gaz)
        if start == span.start and fold_chars(text[span.start:span.end]) in registered_suffixes():
            start = _name_before(text, span, owners)  # 、海洋国际|株式会社
        if start < span.start:
            grown = merged_org(span, start)
            absorbed |= _held(owners, start, span.start)
            for pos in range(grown.start, grown.end):
                owners[pos] = grown
            span = grown
        out.append(span)
    return sorted((s for s in out if id(s) not in absorbed), key=lambda s: s.start)


_UNIT_END = re.compile(r"[科部室課课局係]$")
_GAP = (" ", "\u3000")


def unit_gaps(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Join an organisation and its department across one layout space (a table cell, a
    Japanese affiliation line): 国立台湾大学病院 神経内科 is one unit; a known body after the
    space (a gazetteer name) stays on its own."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        prev = out[-1] if out else None
        if prev is not None and prev.label == span.label == "ORG" and span.start - prev.end == 1 \
                and text[prev.end] in _GAP and span.component not in TRUSTED \
                and _UNIT_END.search(text[span.start:span.end]) \
                and "evidence" not in (prev.component, span.component):
            out[-1] = replace(span, start=prev.start, component=span.component, canonical=None, key=None)
            continue
        out.append(span)
    return out


_LOCAL = re.compile(r"[縣県县市府道都州]$")  # a local government's place name


def _local_unit(place: str, middle: str, ministry: str) -> bool:
    """A local government's place, words of its own department (nouns only: 商工觀光), and a
    ministry name ending in a unit word: the department of that local government."""
    return bool(_LOCAL.search(place)) and len(middle) >= 2 and bool(_UNIT_END.search(ministry)) and all(
        tag.startswith(("n", "vn")) and not is_place_tag(tag) and not tag.startswith("nr")
        for _w, tag in tokens(middle))


def parent_units(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A gazetteer ministry that a local unit's name ends with, after a place and name characters
    (和歌山縣|商工觀光|勞動部), is the unit: grown back to the place."""
    owners = positions(spans)
    out: list[Span] = []
    absorbed: set[int] = set()
    for span in spans:
        before = owner_at(owners, span.start - 1)
        if span.label != "ORG" or span.component != "gazetteer" or span.start == 0 \
                or not is_han(text[span.start - 1]) or (before is not None and before.label != "INDUSTRY"):
            out.append(span)
            continue
        edge = _name_before(text, span, owners, ("INDUSTRY",))
        place = owner_at(owners, edge) if edge < span.start else None
        # only when the run starts at a place and holds a word of the unit's own (商工觀光)
        middle = text[place.end:span.start] if place is not None else ""
        if place is None or not _local_unit(text[place.start:place.end], middle, text[span.start:span.end]):
            out.append(span)
            continue
        absorbed |= _held(owners, place.start, span.start)
        out.append(replace(merged_org(span, place.start), component="orgs"))
    return sorted((s for s in out if id(s) not in absorbed), key=lambda s: s.start)


# After a subsidiary's country: the name has ended (a particle, punctuation, a space, the end).
_NAME_GOES_ON = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9々]")


def country_subsidiaries(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A company name followed straight by a country, alone or in brackets, is the company's
    subsidiary in that country (NEC台湾, 近鉄エキスプレス(台湾)): one organisation, when the
    name ends after the country (NEC台湾と…; not NEC台湾工場, a site) and is a trade name, not
    a body named by its kind (国立台湾大学(台湾) notes where the university is)."""
    out: list[Span] = []
    ordered = sorted(spans, key=lambda s: s.start)
    skip: set[int] = set()
    for i, span in enumerate(ordered):
        if i in skip:
            continue
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if span.label == "ORG" and span.component not in ("evidence", "coref") and nxt is not None \
                and nxt.label == "GPE" and nxt.attrs.get("country") \
                and not ends_with_org_suffix(text[span.start:span.end]):  # 国立台湾大学(台湾): a location note
            gap, close = text[span.end:nxt.start], text[nxt.end:nxt.end + 1]
            end = nxt.end + 1 if gap in ("(", "（") and close in (")", "）") else nxt.end if gap == "" else None
            if end is not None and not _NAME_GOES_ON.match(text, end):
                out.append(replace(span, end=end, canonical=None, key=None))
                skip.add(i + 1)
                continue
        out.append(span)
    return out
