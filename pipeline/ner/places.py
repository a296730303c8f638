"""Genre rule component for places: compounds built on known places.

Administrative components (千葉縣|千葉市|中央區), zones and regions after a place
(山形縣|米澤地區, 岩手縣|北上工業區), and industrial zones without a known head.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import is_country, load_gazetteer
from pipeline.ner.rules import ORG_LIKE, ends_with_stop_word, extend_left, org_rules, person_positions
from pipeline.ner.spans import Span
from pipeline.ner.words import after_clause
from pipeline.text.chars import has_cjk, is_han
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation


@dataclass(frozen=True)
class PlaceRules:
    """The place-compound settings, compiled once (see :func:`place_rules`)."""

    admin: str
    zone_re: re.Pattern[str]
    region_re: re.Pattern[str]
    zone_only_re: re.Pattern[str]
    not_admin: frozenset[str]
    max_head: int
    state_form_re: re.Pattern[str]
    region_end_re: re.Pattern[str]
    area_re: re.Pattern[str]


@lru_cache(maxsize=1)
def place_rules() -> PlaceRules:
    """The place-compound settings of ``configs/ner.toml [places]``."""
    p = load_config()["places"]
    # Suffixes are matched on folded text (fold_chars): 園區 = 園区 = 园区, 科學 = 科学, so a
    # Japanese text's 新竹科学工業園區 or 松山文創園区 finds the suffix written in another script.
    zones = alternation(p["zone_suffixes"], fold=fold_chars)
    regions = alternation(p["region_suffixes"], fold=fold_chars)
    h = int(p["max_head"])
    return PlaceRules(
        admin=p["admin_suffixes"],
        zone_re=re.compile(rf"(?:[\u4e00-\u9fff々]{{0,{h}}}?)(?:{zones})"),
        region_re=re.compile(rf"(?:[\u4e00-\u9fff々]{{0,{h}}}?)(?:{regions})"),
        zone_only_re=re.compile(zones),
        not_admin=frozenset(p.get("not_admin", [])),
        max_head=h,
        state_form_re=re.compile(alternation(p.get("state_forms", []), fold=fold_chars)),
        region_end_re=re.compile(f"(?:{regions})$"),
        # Words for "the area of" a place: after a city or country they add nothing (大阪|地區);
        # the other region suffixes name a region after its city (鄭州城市群, 長江經濟帶).
        area_re=re.compile(alternation(p.get("area_suffixes", []), fold=fold_chars)),
    )


def place_spans(text: str, prior: list[Span], lang: str, model: list[Span] | None = None) -> list[Span]:
    """Places built on known ones, emitted as their administrative components
    (guidelines: 千葉縣|千葉市|中央區, 山形縣|米澤地區, 岩手縣|北上工業區):
    * a zone or region suffix after a place: 東北 + 地區 -> 東北地區; 山形縣 + 米澤地區 -> 米澤地區;
    * an unknown lower-level unit after a place: 新竹縣 + 竹北市 -> 竹北市 (a 町 after a city or
      ward is a street, not a municipality);
    * industrial zones without a known head: 北上工業區 after a boundary.
    ``model``: the model's spans, whose persons no lower-level unit runs over (台南|黃偉哲市長: not
    黃偉哲市); they do not block zones (鶴岡酒田地區: the model reads 酒田 as a name).
    """
    r = place_rules()
    folded = fold_chars(text)  # same length as text: suffixes are matched on it, offsets kept
    heads = sorted((s for s in prior if s.label in ("GPE", "LOC")), key=lambda s: s.start)
    head_starts = [h.start for h in heads]
    blocked = person_positions(prior)
    named = blocked | person_positions(model or [])
    out: list[Span] = []
    for i, head in enumerate(heads):
        end = head.end
        if head.attrs.get("country") and (form := _state_form(folded, end, r)):
            out.append(Span(head.start, form, "GPE", "places", "rule", head.canonical, head.key))
            continue
        if i + 1 < len(heads) and heads[i + 1].start == end and heads[i + 1].label == "GPE":
            continue  # the next place continues the compound; it gets the suffix
        if head.label == "GPE" and text[end : end + 1] in ("市", "縣", "县"):
            # 合肥 + 市 + 新站高新区: the admin suffix is the head's, the zone has its own name
            z = r.zone_re.match(folded, end + 1)
            if z and _suffix_start(z, r) > end + 1 and _clean_middle(text, end + 1, z, head_starts, blocked, r):
                out.append(Span(head.start, end + 1, "GPE", "places", "rule"))
                out.append(Span(end + 1, z.end(), "LOC", "places", "rule"))
                continue
        m = r.zone_re.match(folded, end) or r.region_re.match(folded, end)
        if m and head.label != "LOC" and _suffix_start(m, r) == end and r.area_re.match(folded, end):
            m = None  # 日本地區, 大阪地區: a country or city itself; a region (華南地區) takes the suffix
        if m and _clean_middle(text, end, m, head_starts, blocked, r):
            suffix_start = _suffix_start(m, r)
            # 東北地區: suffix right after the head belongs to it; after an administrative unit
            # the middle is the name (岩手縣|北上工業區); a bare city name starts it (新竹科學工業園區)
            bare_city = head.label == "GPE" and not head.attrs.get("country") and text[end - 1] not in r.admin + "州省府都道"
            start = head.start if suffix_start == end or bare_city else end
            out.append(Span(start, m.end(), "LOC", "places", "rule"))
            continue
        start = head.start
        if (
            head.label == "GPE" and not head.attrs.get("country") and text[end - 1] not in r.admin + "州省"
            and end < len(text) and text[end] in "市縣县州省"
            and (end + 1 >= len(text) or text[end + 1] not in "場场民內内政長长況况值面占佔井區区")
        ):
            end += 1  # 深圳 + 市 -> 深圳市 (a short name written with its suffix)
            out.append(Span(start, end, "GPE", "places", "rule"))
            head = Span(start, end, "GPE", "places", "rule")
        ext = _admin_extension(text, end, head_starts, r, _level(text, head))
        if ext > end and text[end:ext] in _CITY_FORMS:
            out.append(Span(head.start, ext, "GPE", "places", "rule"))  # ソウル特別市: the city's own form
        elif ext > end and not any(i in named for i in range(end, ext)):
            out.append(Span(end, ext, "GPE", "places", "rule"))
    covered = {s.end for s in out if s.label == "LOC"}  # zones already named after a place
    out += _katakana_municipalities(text) if lang == "ja" else []
    return out + _headless_zones(text, folded, prior, covered, blocked, lang)


# A foreign municipality written in katakana with its suffix (ローゼンハイム市, バイエルン州); the
# name ends there (a particle, punctuation, or its assembly or office after it; not 長: X市長 is
# as often Mayor X as the mayor of X).
_KATAKANA_MUNICIPALITY = re.compile(r"(?<![\u30a1-\u30faー・])[\u30a1-\u30faー]{2,}(?:市|州|省|県|郡|区)(?=[^\u4e00-\u9fff]|議|役|庁|$)")


def _katakana_municipalities(text: str) -> list[Span]:
    """GPE spans of katakana place names written with an administrative suffix (Japanese); a
    country glued before the name is a place of its own (ベトナム|クアンナム省)."""
    out = []
    for m in _KATAKANA_MUNICIPALITY.finditer(text):
        start = m.start() + _country_opening(m.group(0)[:-1])
        out.append(Span(start, m.end(), "GPE", "places", "rule"))
    return out


def _country_opening(run: str) -> int:
    """Length of a country name opening a katakana run with two or more characters after it."""
    return load_gazetteer().longest_prefix(run, 2, len(run) - 2, lambda _k, entry: is_country(entry))


def _headless_zones(text: str, folded: str, prior: list[Span], covered: set[int], blocked: set[int],
                    lang: str) -> list[Span]:
    """Industrial zones without a known head: 北上工業區 after a boundary (or after a place), not
    after the clause that introduces them (Chinese text); not those ending at ``covered``
    (already named after a place)."""
    r = place_rules()
    ends = sorted(s.end for s in prior if s.label in ORG_LIKE)
    out: list[Span] = []
    for m in r.zone_only_re.finditer(folded):
        if m.end() in covered:
            continue
        head_start = extend_left(text, m.start(), prior, r.max_head, blocked)
        if (city := _BRACKETED_CITY.search(text, max(0, head_start - 6), head_start)) is not None:
            # 中德(常州)创新产业园: a park named with its city in brackets is one name
            head_start = extend_left(text, city.start(), prior, r.max_head, blocked)
        k = bisect.bisect_right(ends, m.start())
        if k and ends[k - 1] > head_start and not (city and ends[k - 1] <= city.end()):
            head_start = ends[k - 1]
        if lang != "ja" and city is None and has_cjk(text[head_start:m.start()]):
            cut = after_clause(text[head_start:m.start()])  # 走进|句容经济开发区
            if cut and m.start() - head_start - cut < 2:
                continue  # 传递出|开发区: a clause and no name
            head_start += cut
        if head_start < m.start():
            out.append(Span(head_start, m.end(), "LOC", "places", "rule"))
    return out


# \Z, not $: $ also matches before a final newline (a bracket on the line before is no part
# of the name). At most 6 characters, so searched in the 6 before the name only.
_BRACKETED_CITY = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]\Z")


def _state_form(folded: str, end: int, r: PlaceRules) -> int:
    """End of the state form written after a country (ブラジル|連邦共和国, 越南|社會主義共和國):
    the official name of the same country. Not when a name goes on after it (…共和国大使館:
    the embassy is an organisation of its own, found by the organisation rules)."""
    m = r.state_form_re.match(folded, end)
    if m is None:
        return 0
    goes_on = re.match(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z]", folded[m.end():m.end() + 1]) is not None
    if goes_on and (len(m.group(0)) == 1 or org_rules().suffix_re.match(folded, m.end())):
        return 0  # …共和国大使館: an organisation's name goes on; 日本国|内: a word, not the state
    return m.end()


# Administrative levels by suffix: a unit may be followed by a unit of a lower level only.
_LEVELS = {"國": 0, "国": 0, "州": 1, "省": 1, "縣": 1, "県": 1, "府": 1, "都": 1, "道": 1,
           "郡": 2, "市": 3, "區": 4, "区": 4, "鄉": 4, "鎮": 4, "町": 4, "村": 4}
_STREET_AFTER = {"町", "村"}  # after a city or ward these are street names (本町, 市場町)


def _level(text: str, head: Span) -> int:
    """Administrative level of a place span by its last character (a bare name: prefecture-like)."""
    return _LEVELS.get(text[head.end - 1], 0 if head.label == "GPE" and head.length <= 3 else 1)


def _suffix_start(m: re.Match[str], r: PlaceRules) -> int:
    suffix = r.zone_only_re.search(m.group(0)) or r.region_end_re.search(m.group(0))
    return m.start() + (suffix.start() if suffix else len(m.group(0)))


def _clean_middle(text: str, end: int, m: re.Match[str], head_starts: list[int], blocked: set[int], r: PlaceRules) -> bool:
    """The words between a place and its zone/region suffix form one name: Han characters,
    no conjunction (千葉縣及關東地區), no stop word, no other place, no person."""
    mid_end = _suffix_start(m, r)
    k = bisect.bisect_left(head_starts, end)
    if k < len(head_starts) and head_starts[k] < m.end():
        return False
    middle = text[end:mid_end]
    if any(c in "及與和、跟或之的" or not is_han(c) for c in middle) or any(i in blocked for i in range(end, mid_end)):
        return False
    return not any(ends_with_stop_word(text, j) for j in range(end + 2, mid_end + 1))


# Forms of a city's name, not units below it (ソウル特別市, 釜山廣域市).
_CITY_FORMS = frozenset({"特別市", "特别市", "広域市", "廣域市", "广域市", "特別自治市", "特别自治市"})


def _admin_extension(text: str, end: int, head_starts: list[int], r: PlaceRules, level: int = 0) -> int:
    """新竹縣 + 竹北市: up to 3 Han characters and an admin suffix of a lower level than the
    head's, not a common word; a 町/村 after a city or ward is a street (本町, 市場町)."""
    stops = org_rules().stop_chars
    k = end
    while k < len(text) and k - end < 4 and is_han(text[k]) and text[k] not in stops:
        h = bisect.bisect_left(head_starts, k)
        if k > end and h < len(head_starts) and head_starts[h] == k:
            break
        k += 1
        if text[k - 1] in r.admin and k - end >= 2:
            if text[k - 2 : k] in r.not_admin or text[k - 1 : k + 1] in ("市場", "市场", "市政"):
                break  # 機器人市場 is a market and 展開市政 municipal affairs, no 機器人市 or 展開市
            suffix = text[k - 1]
            if _LEVELS.get(suffix, 9) <= level or (level >= 3 and suffix in _STREET_AFTER):
                break
            return k
    return end


# A name ending in one of these is a place (國際城市, 新區), not an organisation.
_PLACE_ENDINGS = "市縣県区區町村郡鄉鎮州省"


def named_after_place(text: str, prior: list[Span]) -> list[Span]:
    """The model's organisations that begin with a known city or province (蘇州市工商聯,
    湖北省友協), as ``orgs`` spans: an ``extends`` component, so the name keeps its place
    instead of losing it to the better-ranked gazetteer span. Guidelines §3: only a country
    prefix that is not part of the official name is split (日本|經團連), so country heads
    (``attrs["country"]``) are left alone, and so is a span whose rest is a place itself (a
    zone found by the place rules: 岩手縣|北上工業區) or ends like one (國際城市). Chinese
    text only: the Japanese model's organisations are repaired by :mod:`pipeline.ner.japanese`.
    O(n log n) in the number of spans."""
    places = {s.start: s for s in prior if s.label == "GPE" and s.component in ("gazetteer", "bare")
              and not s.attrs.get("country")}
    other_places = sorted(s.start for s in prior if s.label in ("GPE", "LOC", "FAC"))
    out = []
    for s in prior:
        head = places.get(s.start) if s.component == "model" and s.label == "ORG" else None
        if head is None or s.end - head.end < 2 or text[s.end - 1] in _PLACE_ENDINGS:
            continue
        k = bisect.bisect_left(other_places, head.end)
        if k == len(other_places) or other_places[k] >= s.end:
            out.append(Span(s.start, s.end, "ORG", "orgs", "model"))
    return out
