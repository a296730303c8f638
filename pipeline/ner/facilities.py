"""Facilities by suffix (guidelines: FAC = venues, airports, stations, ports, halls, plants).

X機場 / X空港 / X Airport, X展覽館 / X會議中心 / X Hall / X Messe, X車站 / X駅, X港,
X大樓 / Xビル, X工廠 / X工場, X校區 / Xキャンパス. The name before the suffix is the
run of name characters (as for organisations); a facility name may contain an
organisation (千葉商工會議所第一 Hall) and then replaces it (``extends``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.rules import crossable_places, ends_with_stop_word, extend_left, org_rules, person_positions
from pipeline.ner.spans import Span
from pipeline.ner.words import FUNCTION_TAGS, after_clause, common_words_cover, jieba_tokenizer, trim_function_words
from pipeline.text.chars import is_han, is_katakana
from pipeline.text.fold import fold
from pipeline.text.patterns import alternation

# Words that never begin a facility's name: function words and times (晚間, 上午).
_NOT_NAME_TAGS = (*FUNCTION_TAGS, "t")
# Plants: named by their city (熊本工場), not by a country (中國|工廠).
_PLANTS = frozenset({"工廠", "工厂", "工場"})
# Prepositions of motion that precede a facility name in itineraries.
_LEADING = "自從从經经往赴抵返搭乘於于至到"


@dataclass(frozen=True)
class FacilityRules:
    cjk_re: re.Pattern[str]
    latin_re: re.Pattern[str]
    singles: frozenset[str]
    not_followed: str
    generic: frozenset[str]
    max_len: int


@lru_cache(maxsize=1)
def facility_rules() -> FacilityRules:
    """The settings of ``configs/ner.toml [facilities]``."""
    f = load_config()["facilities"]
    return FacilityRules(
        cjk_re=re.compile(f"(?=({alternation([*f['suffixes'], *f['single_suffixes']])}))"),
        latin_re=re.compile(rf"(?<![A-Za-z])({alternation(f['latin_suffixes'])})(?![A-Za-z])"),
        singles=frozenset(f["single_suffixes"]),
        not_followed=f["not_followed_by"],
        generic=frozenset(f["generic_heads"]),
        max_len=int(f["max_len"]),
    )


def _latin_start(text: str, pos: int, max_len: int) -> int:
    """Start of a name written before a Latin suffix: Latin words (Makuhari Messe), or the
    CJK name right before it when no Latin word precedes the suffix (千葉商工會議所第一 Hall);
    a space between a CJK name and Latin words separates two names (幕張展覽館 Makuhari Messe)."""
    r = org_rules()
    j = pos
    while j > 0 and text[j - 1] == " ":
        j -= 1
    k = j
    latin = False
    while k > 0 and pos - k < max_len:
        ch = text[k - 1]
        if ch == " " and latin and k > 1 and not text[k - 2].isascii():
            break
        if not (ch.isalnum() or ch in " &-'" or is_katakana(ch)) or ch in r.stop_chars or ends_with_stop_word(text, k):
            break
        if ch.isascii() and ch.isalpha():
            latin = True
        elif not ch.isascii() and latin:
            break
        k -= 1
    while 0 < k < j and text[k - 1].isascii() and text[k - 1].isalnum():
        k += 1  # cut by the length limit inside a word: drop the partial word
    while k < j and text[k] == " ":
        k += 1
    return k


def _first_name_start(text: str, j: int, s: int, name_starts: list[int]) -> int:
    """Where a facility name starts when a known place or body begins inside its left
    context ``text[j:s]`` after words that are no name (日假|台北美福大飯店,
    間進出|靜岡機場); else ``j`` (三井|台中 Outlet keeps its brand: 三井 is a name word)."""
    k = bisect.bisect_left(name_starts, j)
    if k == len(name_starts) or name_starts[k] >= s or name_starts[k] == j:
        return j
    prefix = text[j:name_starts[k]]
    if not all(is_han(c) for c in prefix):
        return j
    pseg, _ = jieba_tokenizer()
    if any(t.flag.startswith(("nr", "ns", "nt", "nz")) for t in pseg.lcut(fold(prefix), HMM=False)):
        return j
    return name_starts[k]


def facility_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """FAC spans ending in a facility suffix."""
    r = facility_rules()
    blocked = person_positions(prior)
    known_ends = {(p.end, p.label) for p in prior if p.component in ("gazetteer", "evidence")}
    ends = sorted({p.end for p in prior if p.component != "model" and p.label not in ("INDUSTRY", "GPE")})
    gpe_starts = {p.start for p in prior if p.label == "GPE"}
    countries = {p.start: p.end for p in prior if p.attrs.get("country")}
    crossable = crossable_places(text, prior)
    name_starts = sorted({p.start for p in prior if p.label in ("GPE", "LOC", "ORG") and p.end <= len(text)})
    out: list[Span] = []
    for m in r.cjk_re.finditer(text):
        s, e = m.span(1)
        if e < len(text) and text[e] in r.not_followed and m.group(1) in r.singles:
            continue
        if is_katakana(text[e - 1]) and e < len(text) and is_katakana(text[e]):
            continue  # a katakana suffix inside a longer word (昭和|ホール|ディングス)
        if (e, "FAC") in known_ends:
            continue  # a known facility ends here (桃園國際機場): its own boundaries win
        # a plant named by a city holding a stop character (无锡|工厂) runs through it
        j = extend_left(text, s, prior, r.max_len, blocked, {s: crossable[s]} if s in crossable else None)
        k = bisect.bisect_right(ends, s) - 1
        if k >= 0 and j < ends[k] < s:
            j = ends[k]  # 北上工業區|新增…工廠: a facility name does not run through a zone or body
        while s - j > 2 and text[j] in _LEADING:
            j += 1  # 自|仁川國際機場, 經|舊金山國際機場
        if lang != "ja":
            j = _first_name_start(text, j, s, name_starts)
        need = 2 if m.group(1) in r.singles else 1
        head = text[j:s]
        if s - j < need or head in r.generic or not any(is_han(c) or is_katakana(c) for c in head):
            continue
        if lang != "ja" and s - j > 2:
            j += trim_function_words(head, tags=_NOT_NAME_TAGS)[0]  # 新增|快閃記憶體工廠, 晚間入住|京王廣場大飯店
            j += after_clause(text[j:s])  # 上海投资建立|新工厂, 合志市興建|新研發大樓
            head = text[j:s]
            if s - j < need or head in r.generic:
                continue
        if lang != "ja" and j not in gpe_starts and common_words_cover(head):
            continue  # 快閃記憶體|工廠: a description, not a name
        if m.group(1) in _PLANTS and j in countries and (countries[j] == s or common_words_cover(text[countries[j]:s])):
            continue  # 中國|工廠, 西班牙|超级工厂: where a company's plant is, no plant's name
        out.append(Span(j, e, "FAC", "facilities", "rule"))
    for m in r.latin_re.finditer(text):
        s, e = m.span(1)
        j = _latin_start(text, s, r.max_len + 10)
        if j < s and text[j:s].strip():
            out.append(Span(j, e, "FAC", "facilities", "rule"))
    return out
