"""Sector lists: the items of a list that names sectors are sectors (guidelines: INDUSTRY).

A 、-list (or one joined by 及/和/與, Japanese ・/や/及び) whose items are short nouns lists
things of one kind. When that kind is sectors -- some item is a known sector (a gazetteer or
rule INDUSTRY span, a generic sector word of ``[industries] sector_words``, an X業 word) and
either another item is one too, or half the items are, or the list is closed by a sector
word (等產業, などの産業, 等領域) -- the other short noun items name sectors as well
(食品、光學、電子、汽車: 電子 and 汽車 are generic sector words, so 光學 is one too). A list
closed by a product word (等產品, などの製品) lists products, not sectors, and is left alone;
items that are names (people, places, organisations: jieba nr/ns/nt or another entity),
counts, pronouns or activities (交流, 合作) are never sectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.enumerations import linked_runs
from pipeline.ner.spans import Span
from pipeline.ner.words import tokens
from pipeline.text.chars import is_han, is_hiragana, is_katakana
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation

# jieba tags of words that may end a sector item (nouns, verbal nouns, Latin words)
_NOUN_TAGS = ("n", "vn", "eng", "nz", "j")
_NAME_TAGS = ("nr", "ns", "nt", "m", "q", "r", "t")


def _nounish(word: str, tag: str) -> bool:
    """A noun-like word: a noun, verbal noun or Latin word, or a -化 field word (自動化)."""
    if tag.startswith(_NAME_TAGS):
        return False
    return tag.startswith(_NOUN_TAGS) or (len(word) >= 3 and word.endswith("化"))


_CONJ = ("以及", "及び", "および", "及", "和", "與", "与", "や")


@dataclass(frozen=True)
class ListRules:
    enabled: bool
    sector_words: frozenset[str]
    not_sector_ye: tuple[str, ...]
    item_not_endings: tuple[str, ...]
    closer_re: re.Pattern[str]
    product_re: re.Pattern[str]
    max_item: int
    never: frozenset[str]
    ye_words: bool
    ja_ye_followers: tuple[str, ...]
    related: tuple[str, ...]


@lru_cache(maxsize=1)
def list_rules() -> ListRules:
    """The settings of ``configs/ner.toml [industries]`` for sector lists."""
    c = load_config()["industries"]
    fillers = alternation(c.get("list_fillers", []))

    def closer(words: list[str]) -> re.Pattern[str]:
        alts = alternation(words)
        return re.compile(rf"(?:等|など|などの|等の|之|的)(?:{fillers}|[0-9一二三四五六七八九十百多余餘个個种種项項类類「『“])*(?:{alts})")

    return ListRules(
        enabled=bool(c.get("list_consistency", False)),
        sector_words=frozenset(fold_chars(w) for w in c.get("sector_words", [])),
        not_sector_ye=tuple(fold_chars(w) for w in c.get("not_sector_ye", [])),
        item_not_endings=tuple(fold_chars(w) for w in c.get("list_item_not_endings", [])),
        closer_re=closer(c.get("list_closers", [])),
        product_re=closer(c.get("list_product_closers", [])),
        max_item=int(c.get("list_max_item", 6)),
        # the sector words themselves and describing heads (產業, 相關) are no sector's name
        related=tuple(c.get("list_related", [])),
        ye_words=bool(c.get("ye_words", False)),
        ja_ye_followers=tuple(c.get("ja_ye_followers", [])),
        never=frozenset(fold_chars(w) for w in [*c.get("list_closers", []), *c.get("suffixes", []), *c.get("generic_heads", [])]),
    )


def _item_char(ch: str) -> bool:
    return is_han(ch) or is_katakana(ch) or ch == "ー" or (ch.isascii() and ch.isalnum())


def _split_conj(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """An item run split at a conjunction inside it (汽車及生技醫藥 -> 汽車, 生技醫藥)."""
    out, start, k = [], s, s
    while k < e:
        conj = next((c for c in _CONJ if text.startswith(c, k) and k > start), None)
        if conj and k + len(conj) < e:
            out.append((start, k))
            start = k = k + len(conj)
            continue
        k += 1
    out.append((start, e))
    return out


def _noun_tail(text: str, s: int, e: int, lang: str) -> int:
    """Start of the trailing noun words of ``text[s:e]`` (针对|食品, 涉及|电信): the first list
    item starts after the verb or preposition that introduces the list."""
    if lang == "ja":
        return s
    toks = tokens(text[s:e])
    pos = e
    for word, tag in reversed(toks):
        if not _nounish(word, tag):
            break
        pos -= len(word)
    return pos


def _noun_head(text: str, s: int, e: int, lang: str) -> int:
    """End of the leading noun words of ``text[s:e]`` (酒店娱乐|等, 機械|相關)."""
    if lang == "ja":
        k = text.find("等", s, e)
        return k if k > s else e
    pos = s
    for word, tag in tokens(text[s:e]):
        if not _nounish(word, tag) or word in ("等", "等等"):
            break
        pos += len(word)
    return pos


def _run_back(text: str, end: int, limit: int) -> int:
    j = end
    while j > 0 and end - j < limit and _item_char(text[j - 1]):
        j -= 1
    return j


def _run_forward(text: str, start: int, limit: int) -> int:
    j = start
    while j < len(text) and j - start < limit and _item_char(text[j]):
        j += 1
    return j


def _separator_at(text: str, k: int, lang: str) -> bool:
    """、 separates list items; in Japanese also ・ between Han items (not in katakana names)."""
    if text[k] == "、":
        return True
    return lang == "ja" and text[k] == "・" and 0 < k < len(text) - 1 and is_han(text[k - 1]) and is_han(text[k + 1])


def find_lists(text: str, lang: str, limit: int = 12) -> list[tuple[list[tuple[int, int]], int]]:
    """Lists of short items in ``text``: (item spans, end of the last item). Items between two
    separators are whole runs of Han, katakana or Latin characters; the first item is the noun
    run before the first separator, the last the noun run after the last one."""
    seps = [k for k in range(len(text)) if _separator_at(text, k, lang)]
    # separators of one list: only a whole item run between neighbours (食品、光學、電子)
    groups = linked_runs(seps, lambda a, b: b if _run_forward(text, a + 1, limit + 1) == b else None,
                         lambda k: k, min_items=1)
    out: list[tuple[list[tuple[int, int]], int]] = []
    for group in groups:
        first_s = _run_back(text, group[0], limit)
        if first_s == group[0]:
            continue
        runs = [(_noun_tail(text, first_s, group[0], lang), group[0])]
        runs += [(a + 1, b) for a, b in zip(group, group[1:])]
        last_e = _run_forward(text, group[-1] + 1, limit)
        if last_e == group[-1] + 1:
            continue
        runs.append((group[-1] + 1, last_e))
        items: list[tuple[int, int]] = []
        for n, (s, e) in enumerate(runs):
            for a, b in _split_conj(text, s, e):
                if n == 0 and a == s and (a, b) != (s, e):
                    a = _noun_tail(text, a, b, lang)
                items.append((a, b))
        s, e = items[-1]
        items[-1] = (s, _noun_head(text, s, e, lang))
        out.append(([(a, b) for a, b in items if b > a], items[-1][1]))
    return out


def _parenthetical(text: str, end: int) -> tuple[int, int] | None:
    """The span inside a bracket that directly follows ``end`` (ドローン(無人機)), if short."""
    if text[end:end + 1] not in ("(", "（"):
        return None
    close = next((k for k in range(end + 1, min(len(text), end + 10)) if text[k] in ")）"), None)
    return (end + 1, close) if close and close > end + 1 else None


def _known(text: str, s: int, e: int, known: set[tuple[int, int]], lang: str) -> bool:
    """The item is a known sector: an INDUSTRY span, a generic sector word or an X業 word."""
    item = fold_chars(text[s:e])
    r = list_rules()
    if item in r.never:
        return False
    if (s, e) in known or item in r.sector_words:
        return True
    # X業 names a sector (漁業, 汽車業, サービス業) unless it is a firm or a task (企業, 作業)
    return len(item) >= 2 and item.endswith("业") and not item.endswith(r.not_sector_ye)


def is_activity(item: str) -> bool:
    """An item ending like an activity or a plan (観光交流, 技術合作, 基礎檢測): not a sector."""
    return fold_chars(item).endswith(list_rules().item_not_endings)


def _acceptable(text: str, s: int, e: int, inside: set[int], lang: str) -> bool:
    """A short noun item that is not (part of) a name, a count or an activity; jieba's verbs
    (門禁, 造紙) are left out: in a list they as often name a function as a trade."""
    r = list_rules()
    item = fold_chars(text[s:e])
    if not 2 <= e - s <= r.max_item + (2 if lang == "ja" else 0) or any(i in inside for i in range(s, e)):
        return False
    if item.endswith(r.item_not_endings) or item in r.never or any(is_hiragana(ch) for ch in item):
        return False
    if lang == "ja":
        return True
    toks = tokens(text[s:e])
    if any(tag.startswith(_NAME_TAGS) for _w, tag in toks):
        return False
    return _nounish(*toks[-1]) or item in r.sector_words


def list_spans(text: str, prior: list[Span], own: list[Span], lang: str) -> list[Span]:
    """INDUSTRY spans for the other items of lists of sectors (see the module docstring)."""
    r = list_rules()
    if not r.enabled:
        return []
    inside = {i for p in prior if p.label != "INDUSTRY" for i in range(p.start, p.end)}
    known = {(p.start, p.end) for p in [*prior, *own] if p.label == "INDUSTRY"}
    out: list[Span] = []
    for items, end in find_lists(text, lang):
        if len(items) < 2 or r.product_re.match(text, end):
            continue
        alias = _parenthetical(text, end)
        if alias:
            # ドローン(無人機)など: the bracketed alias of the last item is one more item
            items.append(alias)
            end = alias[1] + 1
        hits = sum(_known(text, s, e, known, lang) for s, e in items)
        closed = r.closer_re.match(text, end) is not None or any(
            text.startswith(w, end) and text[end + len(w):end + len(w) + 1] in "的之の" for w in r.related)
        # a two-item list with one known sector is a list of sectors only when closed so
        if hits == 0 or not (closed or hits >= 2 or (2 * hits >= len(items) > 2)):
            continue
        for s, e in items:
            # an item inside a longer sector name is part of it (航空|及|宇宙 in 航空及宇宙)
            inner = any(a <= s and e <= b for a, b in known)
            if not inner and _acceptable(text, s, e, inside, lang):
                out.append(Span(s, e, "INDUSTRY", "industries", "rule"))
    return out


def _ye_word(word: str, tag: str) -> bool:
    """A jieba noun X業 that names a sector (汽車業, 服務業), not a firm or a task (企業, 作業)."""
    r = list_rules()
    return (len(word) >= 3 and tag == "n" and word.endswith("业") and not word.endswith(r.not_sector_ye)
            and word not in r.never and word[0] not in "第每各该本此其")


def ye_spans(text: str, prior: list[Span], lang: str, own: list[Span] | None = None) -> list[Span]:
    """Chinese X業 words (汽車業, 餐飲業, 醫療護理業): a noun ending in 業 names the sector of X,
    with a noun before it that qualifies it (醫療|護理業); not before 務/者/界 (業務, 業者,
    業界: the business, the operators, the trade's people), nor across a sector span found
    otherwise (集成電路設計|業 is already named). Japanese: see :func:`ja_ye_spans`."""
    r = list_rules()
    if not r.ye_words:
        return []
    named = {i for p in [*prior, *(own or [])] if p.label == "INDUSTRY" for i in range(p.start, p.end)}
    if lang == "ja":
        return [p for p in ja_ye_spans(text, prior) if not named & set(range(p.start, p.end))]
    not_followed = load_config()["industries"].get("term_not_followed_by", "")
    inside = {i for p in prior if p.label != "INDUSTRY" for i in range(p.start, p.end)}
    toks = tokens(text)
    starts = [0]
    for w, _t in toks:
        starts.append(starts[-1] + len(w))
    out: list[Span] = []
    for k, (word, tag) in enumerate(toks):
        s, e = starts[k], starts[k + 1]
        if word == "业" and k and toks[k - 1][1] == "n" and len(toks[k - 1][0]) >= 2:
            s = starts[k - 1]  # 護理 + 業
        elif not _ye_word(word, tag):
            continue
        if text[e:e + 1] and text[e] in not_followed or any(i in inside or i in named for i in range(s, e)):
            continue
        k0 = k - 1 if s < starts[k] else k
        if k0 and toks[k0 - 1][1] == "n" and len(toks[k0 - 1][0]) >= 2 and starts[k0 - 1] not in inside:
            s = starts[k0 - 1]  # 醫療 + 護理業: a noun before qualifies the sector
        out.append(Span(s, e, "INDUSTRY", "industries", "rule"))
    return out


def ja_ye_spans(text: str, prior: list[Span]) -> list[Span]:
    """Japanese X業 / X工業 / X産業 words (商工業, サービス業, 水産業): a run of Han or katakana
    characters ending in 業 at a word edge (a kana, a punctuation mark, or 関係/分野/振興 after
    it), not a firm or a task (企業, 事業, 作業, 卒業) and not inside another name."""
    r = list_rules()
    inside = {i for p in prior if p.label != "INDUSTRY" for i in range(p.start, p.end)}
    out: list[Span] = []
    for m in re.finditer("業", text):
        e = m.end()
        if e < len(text) and _item_char(text[e]) and not text.startswith(r.ja_ye_followers, e):
            continue
        s = e - 1
        while s > 0 and e - s <= r.max_item and (is_han(text[s - 1]) or is_katakana(text[s - 1]) or text[s - 1] == "ー") \
                and (s - 1) not in inside:
            s -= 1
        word = fold_chars(text[s:e])
        if e - s < 2 or word.endswith(r.not_sector_ye) or word in r.never or (e - 1) in inside:
            continue
        out.append(Span(s, e, "INDUSTRY", "industries", "rule"))
    return out
