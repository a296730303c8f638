"""What the models and suffix rules leave at the edges of organisation names.

Repairs on the resolved spans of one text (each a switch in ``configs/ner.toml [affixes]
enabled``); every one is anchored on a fixed written form, never on a name:

* ``legal_marks`` -- a Japanese legal-form mark after a name belongs to it (電源開発㈱,
  味の素（株）); the mark alone makes the run before it a company when nothing was found;
* ``katakana_joins`` -- katakana words joined by ・ are one name (ダラス・|フォートワース日米協会,
  トヨタモーター・ノース|アメリカ): the name grows over the neighbouring katakana words and a
  place inside the grown name is part of it;
* ``expatriate_prefixes`` -- 駐/驻 before a body named after the country it is in is part of
  the name, and so is the sending country before it (中国驻日本大使馆);
* ``resident_prefixes`` -- Japanese 在 before a country is part of the name (在|日韓国商工会議所);
  Japanese text only: in Chinese 在 is the preposition "at" (在|本局);
* ``party_and_government`` -- a party committee and the government written together are two
  bodies (海南省委|省政府, 市委|市政府);
* ``aspect_particles`` -- a Chinese name holds no aspect particle: what comes up to 了/過
  is a clause (实地考察了|中国重汽济南商用车公司);
* ``concurrent_titles`` -- a name starts after 兼 ("and concurrently"): what comes before it is
  a person's other post (FEC副会長兼|日アセアン文化経済委員会);
* ``former_prefixes`` -- 元/前 ("former") before a known body is the person's past, not the
  body's name (元|行政院);
* ``date_glue`` -- the unit of a date written before a name is not part of it (24日|斗山机床…).

Cost: one pass over the spans of the text; the patterns are fixed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.errors import ResourceError
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.name_parts import (
    bracket_aliases,
    bracketed_readings,
    campuses,
    joined_units,
    list_separators,
    reshape,
)
from pipeline.ner.spans import Span
from pipeline.text.chars import is_katakana, katakana_run_start

_MARKS = r"(?:㈱|㈲|（株）|\(株\)|（有）|\(有\))"
# A company name before a mark: kanji, katakana, Latin, digits and の (味の素), after a delimiter.
_NAME_CHARS = "\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9ー&"
_NAME_BEFORE_MARK = re.compile(rf"(?<![{_NAME_CHARS}])([{_NAME_CHARS}][{_NAME_CHARS}の]{{1,20}}){_MARKS}")
_MARK_AT = re.compile(_MARKS)
_KATAKANA_WORD = r"[\u30a1-\u30faー]+"
_KATAKANA_AFTER = re.compile(_KATAKANA_WORD)
_EXPATRIATE_CHARS = "駐驻"
# Japanese 在 + the country a body is in (在日本…, 在日…, 在米…, 在インドネシア日本大使館); in
# Chinese 在 is "at".
_JA_RESIDENT = re.compile(r"在(?=日本|日|米|韓|韓国|中国|台湾|英|独|仏|[ァ-ヺー]{2,})")
_PARTY_GOVERNMENT = re.compile(r"(省|市|县|縣|区|區|州|镇|鎮)委(?:\1)政府")
_ASPECT = re.compile(r"[了過过](?=[^了過过]*$)")


def legal_marks(text: str, spans: list[Span]) -> list[Span]:
    """ORG spans grown over a legal-form mark after them; new ORG spans before a free mark."""
    out: list[Span] = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for s in spans:
        m = _MARK_AT.match(text, s.end) if s.label == "ORG" else None
        out.append(replace(s, end=m.end(), canonical=None, key=None) if m else s)
    for m in _NAME_BEFORE_MARK.finditer(text):
        if not any(i in taken for i in range(m.start(1), m.end())):
            out.append(Span(m.start(1), m.end(), "ORG", "orgs", "rule"))
    return sorted(out, key=lambda s: s.start)


def katakana_joins(text: str, spans: list[Span]) -> list[Span]:
    """ORG spans grown over katakana words joined to them by ・; places inside are absorbed."""

    def bounds(s: Span) -> tuple[int, int]:
        if s.label != "ORG":
            return s.start, s.end
        end = s.end
        if end < len(text) and is_katakana(text[end - 1]) and is_katakana(text[end]):
            end = _KATAKANA_AFTER.match(text, end).end()  # type: ignore[union-attr]
        return _katakana_words_before(text, s.start), end

    return reshape(spans, bounds)


def _katakana_words_before(text: str, start: int) -> int:
    """Start of the katakana words joined by ・ that end right before ``start`` (a backward
    walk: linear in the words taken, whatever the length of the line)."""
    k = start
    while k > 1 and text[k - 1] == "・" and is_katakana(text[k - 2]):
        k = katakana_run_start(text, k - 1)
    return k


def expatriate_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """駐 before an organisation, and a country before 駐, join the name."""
    by_end = {s.end: s for s in spans if s.label == "GPE"}

    def bounds(s: Span) -> tuple[int, int]:
        start = s.start
        # A character test, not a regex ending in $ (that also matches before a final newline).
        if s.label == "ORG" and s.start and text[s.start - 1] in _EXPATRIATE_CHARS:
            start = s.start - 1
        elif s.label == "ORG" and (place := by_end.get(s.start)) and place.start and text[place.start - 1] in _EXPATRIATE_CHARS:
            start = place.start - 1  # 驻|日本|大使馆: the host country inside the name
        if start != s.start and (sender := by_end.get(start)) is not None:
            start = sender.start  # 中国|驻日本大使馆: the sending country names the embassy
        return start, s.end

    return reshape(spans, bounds)


def resident_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """Japanese 在 before the country a body is in joins its name (在|日韓国商工会議所)."""

    def bounds(s: Span) -> tuple[int, int]:
        if s.label == "ORG" and s.start and _JA_RESIDENT.match(text, s.start - 1):
            return s.start - 1, s.end
        return s.start, s.end

    return reshape(spans, bounds)


def party_and_government(text: str, spans: list[Span]) -> list[Span]:
    """X省委省政府 -> X省委 + 省政府."""
    out: list[Span] = []
    for s in spans:
        m = _PARTY_GOVERNMENT.search(text, s.start, s.end) if s.label == "ORG" else None
        if m is None:
            out.append(s)
            continue
        split = m.start() + 2
        out += [replace(s, end=split, canonical=None, key=None), replace(s, start=split, canonical=None, key=None)]
    return out


def aspect_particles(text: str, spans: list[Span]) -> list[Span]:
    """A Chinese organisation starts after the last aspect particle inside it."""

    def bounds(s: Span) -> tuple[int, int]:
        m = _ASPECT.search(text, s.start, s.end) if s.label == "ORG" and s.component not in ("gazetteer", "evidence") else None
        return (m.end() if m is not None and s.end - m.end() >= 2 else s.start), s.end

    return reshape(spans, bounds)


def concurrent_titles(text: str, spans: list[Span]) -> list[Span]:
    """An organisation starts after the last 兼 inside it (a second post of a person)."""

    def bounds(s: Span) -> tuple[int, int]:
        k = text.rfind("兼", s.start, s.end) if s.label == "ORG" and s.component != "evidence" else -1
        return (k + 1 if k >= 0 and s.end - k > 3 else s.start), s.end

    return reshape(spans, bounds)


def former_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """元/前 before a known organisation is cut off (元|行政院)."""
    gaz = load_gazetteer()

    def bounds(s: Span) -> tuple[int, int]:
        if s.label == "ORG" and text[s.start:s.start + 1] in "元前" and gaz.lookup(text[s.start + 1:s.end]) is not None \
                and gaz.lookup(text[s.start:s.end]) is None:
            return s.start + 1, s.end
        return s.start, s.end

    return reshape(spans, bounds)


def date_glue(text: str, spans: list[Span]) -> list[Span]:
    """A name does not start with the 日/月/年/號 of a date written right before it."""

    def bounds(s: Span) -> tuple[int, int]:
        if s.label in ("ORG", "PERSON") and s.length > 3 and s.start and text[s.start - 1].isdigit() \
                and text[s.start] in "日月年号號":
            return s.start + 1, s.end
        return s.start, s.end

    return reshape(spans, bounds)


REPAIRS = {"legal_marks": legal_marks, "katakana_joins": katakana_joins, "expatriate_prefixes": expatriate_prefixes,
           "resident_prefixes": resident_prefixes,
           "party_and_government": party_and_government, "aspect_particles": aspect_particles,
           "concurrent_titles": concurrent_titles, "former_prefixes": former_prefixes, "date_glue": date_glue,
           "campuses": campuses, "joined_units": joined_units, "bracketed_readings": bracketed_readings,
           "list_separators": list_separators, "bracket_aliases": bracket_aliases}


def repair_affixes(text: str, spans: list[Span], lang: str) -> list[Span]:
    """The enabled repairs in configured order, each on the languages it is written for
    (``[affixes] japanese_only`` / ``chinese_only``)."""
    cfg = load_config().get("affixes", {})
    skipped = set(cfg.get("chinese_only", []) if lang == "ja" else cfg.get("japanese_only", []))
    for name in cfg.get("enabled", []):
        if name not in REPAIRS:
            raise ResourceError(f"configs/ner.toml [affixes] enabled: unknown repair {name!r} ({', '.join(REPAIRS)})")
        if name not in skipped:
            spans = REPAIRS[name](text, spans)
    return spans
