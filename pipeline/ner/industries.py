"""Industries by suffix and by extension of known sector terms (guidelines: INDUSTRY).

* X產業 / X産業 / X产业 / X製造業 / X行業: the term before the suffix is a sector name
  (扣件產業, 運輸用機械器具製造業) unless it is a generic word (相關產業, 地方產業), a place
  (日本|半導體產業), a verb or adjective alone (打造產業) or ends in a count (培育出眾多行業).
  The head starts at a word boundary by jieba's dictionary: a stop character inside a noun
  does not cut it (智能|傳感, 新能|源), a pronoun word is not part of it (該市|食品);
  X產業鏈 gives X (the chain is not the sector);
* the classification's single-sector names ending in 业 (GB/T 4754-2017: 制糖业, 纺织业),
  at word boundaries;
* a compound term before 領域 (智能傳感器|領域) and the items of a list closed by 等 and a
  sector word (環保、節能等重點領域);
* a known sector term followed by a sector word (半導體 + 設備, 半導體 + 產業)
  is one term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import resources
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.industry_lists import is_activity, list_spans, ye_spans
from pipeline.ner.rules import ends_with_stop_word, org_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import CONJUNCTION_CHARS, jieba_tokenizer, tokens, trim_function_words, word_at, word_start
from pipeline.text.chars import is_han, is_katakana, katakana_run_start
from pipeline.text.fold import fold, fold_chars
from pipeline.text.patterns import alternation


@dataclass(frozen=True)
class IndustryRules:
    suffix_re: re.Pattern[str]
    suffixes: tuple[str, ...]
    tail_re: re.Pattern[str]
    not_followed: str
    chain_followed: str
    generic: frozenset[str]
    generic_prefixes: tuple[str, ...]
    generic_prefixes_folded: tuple[str, ...]
    term_not_followed: str
    field_re: re.Pattern[str]
    min_field_head: int
    max_head: int
    head_closer_re: re.Pattern[str]
    word_tails: str
    pair_re: re.Pattern[str]


def _pair_re(chars: str) -> re.Pattern[str]:
    """Two one-character country abbreviations before more of a name (台美|製造業)."""
    return re.compile(rf"[{re.escape(chars)}]{{2}}(?=[\u4e00-\u9fffA-Za-z])" if chars else "(?!)")


@lru_cache(maxsize=1)
def industry_rules() -> IndustryRules:
    """The settings of ``configs/ner.toml [industries]``."""
    c = load_config()["industries"]
    alts = alternation(c["suffixes"])
    tails = alternation(c["term_tails"])
    return IndustryRules(
        suffix_re=re.compile(f"(?=({alts}))"),
        suffixes=tuple(sorted(c["suffixes"], key=len, reverse=True)),
        tail_re=re.compile(tails),
        not_followed=c["not_followed_by"],
        chain_followed=c.get("chain_followed_by", ""),
        generic=frozenset(c["generic_heads"]),
        generic_prefixes=tuple(c["generic_prefixes"]),
        generic_prefixes_folded=tuple({fold_chars(p) for p in c["generic_prefixes"]}),
        term_not_followed=c.get("term_not_followed_by", ""),
        field_re=re.compile("|".join(map(re.escape, c.get("field_suffixes", []))) or "(?!)"),
        min_field_head=int(c.get("min_field_head", 3)),
        max_head=int(c["max_head"]),
        head_closer_re=re.compile(alternation(c.get("head_closers", []))),
        word_tails=c.get("head_word_tails", ""),
        pair_re=_pair_re(c.get("pair_abbreviations", "")),
    )


def _head_char(ch: str) -> bool:
    return is_han(ch) or is_katakana(ch) or (ch.isascii() and ch.isupper())


def _leading_verb(head: str) -> int:
    """Length of the one-character verbs, prepositions, adverbs and numerals opening ``head``
    (增|運輸用…, 更|多|高科技), by jieba's tags; at least two characters stay."""
    pseg, _freq = jieba_tokenizer()
    cut = 0
    for token in pseg.lcut(fold(head), HMM=False):
        if len(head) - cut < 3 or len(token.word) != 1 or not token.flag.startswith(("v", "p", "c", "d", "m")):
            break
        cut += 1
    return cut


def _leading_modifiers(head: str) -> int:
    """Length of the words opening ``head`` that are not nouns (jieba tags: verbs, adjectives,
    localisers; a verbal noun only before a verb), keeping at least one word: 預計吸引|扣件,
    最大|微電子, 周邊|汽車, but 運輸用機械器具."""

    pseg, _freq = jieba_tokenizer()
    tokens = pseg.lcut(fold(head), HMM=False)
    cut = 0
    while len(tokens) > 1 and len(tokens[0].word) >= 2 and (
        (not tokens[0].flag.startswith(("n", "eng")) and tokens[0].flag != "vn")
        or (tokens[0].flag == "vn" and tokens[1].flag.startswith("v") and tokens[1].flag != "vn")
    ):
        cut += len(tokens.pop(0).word)
    return cut


def _after_inner_verb(head: str) -> int:
    """Offset just after the last verb inside ``head`` (neither its first nor its last word): a
    sector name is a noun phrase, so a verb inside the run before 產業 ends a clause
    (蚌埠勇攀|智能傳感器, 引領|全球) and what follows it is the candidate name. A last word
    tagged as a verb is kept: jieba tags some nouns so (電子迴路). Verbal nouns (設計, jieba:
    vn) and -化 verbs (自動化, 數位化) stay: they name fields."""
    words = tokens(head)
    pos, cut = 0, 0
    for k, (word, tag) in enumerate(words[:-1]):
        pos += len(word)
        if k and tag.startswith("v") and tag != "vn" and not word.endswith("化"):
            cut = pos
    return cut


def _whole_katakana_word(text: str, j: int, s: int, limit: int) -> int:
    """``j``, or the start of the katakana word that ``j`` falls inside (the length limit cut
    スマ|ートシティー関連産業): back to its start if the head stays within ``limit``
    characters, else ``s`` (no head: a fragment is no sector)."""
    if not (0 < j < s and is_katakana(text[j - 1]) and is_katakana(text[j])):
        return j
    k = katakana_run_start(text, j)
    return k if s - k <= limit else s


# A count of sectors (五大產業, 十大战略性新兴产业) opens a list's heading, not a sector name.
_COUNTED = re.compile(r"[一二三四五六七八九十兩两數数幾几多]+大")


def _after_clause_marks(head: str) -> int:
    """Offset just after what ends a clause inside ``head`` -- an aspect particle after a verb
    jieba may tag as a noun (项目代表了|锂电) -- or after a count of sectors that opens it
    (五大|產業, 十大|战略性新兴); 0 if none."""
    cut = max((i + 1 for p in "了着過过" if 0 < (i := head.rfind(p)) < len(head) - 1), default=0)
    counted = _COUNTED.match(head, cut)
    return counted.end() if counted else cut


def _head_start(text: str, s: int, inside: set[int], bounds: set[int], lang: str) -> int:
    """Start of the sector name before the suffix at ``s`` (see :func:`industry_spans`)."""
    r = industry_rules()
    stops = org_rules().stop_chars
    j = s
    while j > 0 and s - j < r.max_head:
        ch = text[j - 1]
        if not _head_char(ch) or (j - 1) in inside or j in bounds:
            break
        if ch in stops or ends_with_stop_word(text, j):
            ws, _we, tag = word_at(text, j - 1) if lang != "ja" else (j, j, "")
            if ws < j - 1 and tag.startswith("n") and tag != "nr" and s - ws <= r.max_head:
                j = ws  # the stop character ends a noun of the name (智能, 新能源)
                continue
            break
        j -= 1
    if lang == "ja":
        return _whole_katakana_word(text, j, s, 2 * r.max_head)
    if j >= s:
        return j
    ws = word_start(text, j)
    if ws < j and not any(i in inside for i in range(ws, j)):
        # the stop character ends a word of the name (新能|源產業 -> 新能源), or a pronoun
        # word starts it (該市|食品產業 -> 食品)
        first = tokens(text[ws:s])[0]
        j = ws if first[1].startswith("n") and first[1] != "nr" else min(s, ws + len(first[0]))
    if s - j > 1:
        j += trim_function_words(text[j:s])[0]  # 發展|扣件產業
        j += _leading_verb(text[j:s])  # 增|運輸用機械器具製造業, 更多|高科技產業
        j += _leading_modifiers(text[j:s])  # 預計吸引|扣件產業, 最大|微電子產業
        j += _after_inner_verb(text[j:s])  # 蚌埠勇攀|智能傳感器產業
        j += _after_clause_marks(text[j:s])  # 项目代表了|锂电产业, 五大|產業
    while j < s and text[j:s].startswith(r.generic_prefixes):
        j += next(len(p) for p in r.generic_prefixes if text[j:s].startswith(p))
    while s - j > 2 and (text[j] in r.word_tails or r.pair_re.match(text, j, s)):
        # 开发区|汽车产业, 做强|金融设备产业, 台美|製造業: the end of the word before, or two
        # countries' abbreviations (a partnership, not the sector)
        j += 1 if text[j] in r.word_tails else 2
    if lang != "ja" and j < s:
        j += _after_generic_word(text[j:s], r.generic_prefixes_folded)
    return j


def _after_generic_word(head: str, generic: tuple[str, ...]) -> int:
    """Offset just after the last dictionary word of ``head`` (of two or more characters, not
    its last word) that ends in a generic verb or modifier: 大力發展|機器人, 縣府發展|觀光 -- the
    sector is what follows it (jieba tags 發展 a verbal noun, so the inner-verb cut keeps it)."""
    pos = cut = 0
    for word, _tag in tokens(head)[:-1]:
        pos += len(word)
        if len(word) >= 2 and fold_chars(word).endswith(generic):
            cut = pos
    return cut


@lru_cache(maxsize=1)
def classified_terms() -> re.Pattern[str] | None:
    """Single-sector names ending in 业 of the industry classification (``[industries]
    classification``, GB/T 4754-2017: 制糖业, 纺织业, 餐饮业), as a regex on Simplified text.
    Coordinated names (住宿和餐饮业), residual classes (其他…) and two-character ones (农业) are
    left out: they are no one sector, or too common a word."""
    name = load_config()["industries"].get("classification")
    if not name:
        return None
    terms = set()
    for line in resources.gazetteer(name).read_text(encoding="utf-8").splitlines()[3:]:
        term = line.split("\t")[-1].strip()
        if term.endswith("业") and len(term) >= 3 and not re.search("[、和及与]|其他|未列明", term):
            terms.add(fold_chars(term))
    return re.compile(alternation(terms)) if terms else None


def classified_spans(text: str, inside: set[int]) -> list[Span]:
    """INDUSTRY spans of the classification's sector names, at word boundaries (制糖业, not 金融业务);
    ``inside`` holds the positions covered by other entities."""
    pattern = classified_terms()
    if pattern is None:
        return []
    r = industry_rules()
    out = []
    for m in pattern.finditer(fold_chars(text)):
        s, e = m.span()
        if (e < len(text) and text[e] in r.term_not_followed) or s in inside or word_start(text, s) < s:
            continue
        out.append(Span(s, e, "INDUSTRY", "industries", "rule"))
    return out


def field_spans(text: str, inside: set[int], bounds: set[int]) -> list[Span]:
    """Technology fields named before 領域 (智能傳感器|領域, 紡織機械|領域): the head, without
    領域, when it is a compound term of at least ``min_field_head`` characters; a two-character
    word before 領域 is a general domain (經濟領域, 學術領域), not a sector."""
    r = industry_rules()
    out = []
    for m in r.field_re.finditer(text):
        s = m.start()
        if s in bounds or (s - 1) in inside:
            continue
        j = _head_start(text, s, inside, bounds, "zh")
        head = text[j:s]
        # 新产业|领域: a generic word before a sector suffix names no field, as before 產業 alone
        before_suffix = next((head[: -len(x)] for x in r.suffixes if head.endswith(x)), head)
        if len(head) < r.min_field_head or head in r.generic or before_suffix in r.generic or _describes(head):
            continue
        out.append(Span(j, s, "INDUSTRY", "industries", "rule"))
    return out


@lru_cache(maxsize=1)
def _enumeration_re() -> re.Pattern[str]:
    """A list closed by 等 and a sector word (環保、節能等重點領域, 新能源、顯示科技等10多個行業)."""
    c = load_config()["industries"]
    words = [*c.get("field_suffixes", []), "產業", "产业", "行業", "行业"]
    mods = "|".join(map(re.escape, c.get("enumeration_modifiers", [])))
    return re.compile(rf"等(?:{mods}|[0-9一二三四五六七八九十百多余餘个個项項])*(?:{'|'.join(words)})")


def enumerated_spans(text: str, inside: set[int], bounds: set[int]) -> list[Span]:
    """The items of a 、-separated list closed by 等 and a sector word: each names a sector."""
    out: list[Span] = []
    for m in _enumeration_re().finditer(text):
        items: list[tuple[int, int]] = []
        end = m.start()
        while True:
            start = end
            while start > 0 and end - start < 8 and is_han(text[start - 1]) and (start - 1) not in inside:
                start -= 1
            if text[start - 1:start] != "、" or start == end:
                break
            items.append((start, end))
            end = start - 1
        if not items:
            continue  # a single item or one joined by 和 (生活和商業等各領域) is no list
        first = _head_start(text, end, inside, bounds, "zh")
        items.append((first, end))
        for s, e in [part for item in items for part in _conjoined(text, *item)]:
            # a list item may be a verbal noun (節能, jieba: v): only counts and pronouns are out
            last = tokens(text[s:e])[-1][1] if e > s else "m"
            if (2 <= e - s <= 6 and not last.startswith(("m", "q", "r")) and not any(i in inside for i in range(s, e))
                    and not is_activity(text[s:e])):  # 觀光交流等領域: an exchange is no sector
                out.append(Span(s, e, "INDUSTRY", "industries", "rule"))
    return out


def _conjoined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list item that joins two words with a conjunction is two items (…、AI、通訊與能源等領域):
    split at the conjunction when both sides have two characters or more, unless the whole is a
    known sector (航空及宇宙)."""
    known = load_gazetteer().lookup(text[start:end])
    if known is not None and known.label == "INDUSTRY":
        return [(start, end)]
    for k in range(start + 2, end - 2):
        if text[k] in CONJUNCTION_CHARS:
            return [(start, k), (k + 1, end)]
    return [(start, end)]


def _describes(head: str) -> bool:
    """A head that is one verb or adjective (打造|產業, 完善|產業) or ends in a quantity or a
    pronoun (培育出眾多|行業) describes; it names nothing."""
    toks = tokens(head)
    if not toks or toks[-1][1].startswith(("m", "q", "r")):
        return True
    # one verb, adjective, adverb, preposition, conjunction or particle (随着|制造业, 如果|制造业)
    return len(toks) == 1 and toks[0][1].startswith(("v", "a", "d", "p", "c", "u")) and not toks[0][1].startswith("vn")


def industry_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """INDUSTRY spans: X產業 / X製造業 / X行業, and known terms extended by a sector word."""
    r = industry_rules()
    bounds = {p.end for p in prior if p.label != "INDUSTRY"}
    inside = {i for p in prior if p.label != "INDUSTRY" for i in range(p.start, p.end)}
    out: list[Span] = []
    for m in r.suffix_re.finditer(text):
        s, e = m.span(1)
        if e < len(text) and text[e] in r.not_followed:
            continue  # 產業局, 產業園區, 產業化: not the sector
        if s in bounds or (s - 1) in inside:
            continue  # 日本產業, 九州半導體產業協議會 heads belong to a name
        j = _head_start(text, s, inside, bounds, lang)
        head = text[j:s]
        if not head or head in r.generic or head[0] in "第每各該该本" or _describes(head) or r.suffix_re.search(head):
            continue  # 產業提昇|產業: a sector word inside the head is another clause
        chain = e < len(text) and text[e] in r.chain_followed
        # 新能源汽車產業鏈: the sector is 新能源汽車, 產業鏈 is its supply chain
        end = s if chain else e
        if (closer := r.head_closer_re.search(head)) is not None and closer.start() >= 2:
            end = j + closer.start()  # 智能傳感|上下游產業: the sector ends before the closer
        out.append(Span(j, end, "INDUSTRY", "industries", "rule"))
    if lang != "ja":
        out += classified_spans(text, inside) + field_spans(text, inside, bounds) + enumerated_spans(text, inside, bounds)
    out += ye_spans(text, prior, lang, out)
    for p in prior:
        if p.label == "INDUSTRY":
            tail = r.tail_re.match(text, p.end)
            if tail:
                out.append(Span(p.start, tail.end(), "INDUSTRY", "industries", "rule"))
    return out + list_spans(text, prior, out, lang)
