"""Foreign persons whose names are transliterated with a middle dot (托马斯·库芬, ピア・シュミット).

Chinese writes a Western name as its given and family names in phonetic characters joined by
a middle dot (·, ‧, •, ・); Japanese writes them in katakana joined by ・ or ＝. The shape alone
is not enough (罗伯特·博世 is a company, 四日市·天津 two places, プログラム・マネージャー a job),
so a name needs a person's context:

* a job title right before it (市长托马斯·库芬, 主席米夏埃尔·舒曼) or, in Chinese, right after it;
* an honorific after it (サビーネ・ガンター=リヒター氏, 沃尔克·穆勒先生);
* its romanisation in brackets after it, shaped like a person's name (ピア・シュミット (Pia
  Schmitt)): both are the person.

Switch: ``configs/ner.toml [persons] transliterated``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.config import load_config, read_list
from pipeline.ner.latin_persons import honorific_re
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.spans import Span
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation

_DOTS = "·‧•・．."  # Taiwanese media also write an ASCII full stop (蓋瑞.迪克森)
# Characters of Chinese transliterations of Western names (Xinhua's usage; Simplified, matched on
# folded text). A name part is a run of them: 库芬|出席, 穆勒|等 end where they end.
_PHONETIC = set(
    "阿埃艾爱安昂奥敖巴拜班邦保鲍贝本比彼毕宾波伯博布查达大戴丹道德登邓迪蒂丁东杜多厄恩尔法凡菲费芬丰"
    "冯弗伏福富盖甘冈高戈哥格根贡古瓜哈海汉杭豪赫黑亨洪胡华怀霍基吉加嘉贾杰捷金卡凯坎康考柯科克肯"
    "孔库夸奎昆拉腊莱赖兰朗劳勒雷蕾里理丽利莉连林琳铃留柳隆娄卢鲁路伦罗洛吕马玛迈麦曼毛梅美门蒙孟米"
    "密明缪莫默姆木穆纳娜奈南瑙内尼妮涅宁纽农努诺欧帕潘庞佩彭皮珀坡普奇齐恰乔切钦琴丘屈萨塞赛桑瑟森"
    "沙莎山尚舍申圣施什史士舒斯松宋苏索塔泰坦汤唐陶忒特提汀廷通图托瓦万旺威韦维卫温文沃乌伍武西希锡"
    "夏肖谢辛休修雅亚扬杨耶叶伊依因英尤于约泽扎詹兹茨佐川翰瑟娃")
_HAN_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,6}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,8}}){{1,2}}")
_KANA_NAME = re.compile(r"[\u30a1-\u30faー]{2,}(?:[・＝=][\u30a1-\u30faー]{2,}){1,2}")
_LATIN_PERSON = re.compile(r"\s?[（(]([A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’-]+){1,3})[)）]")


def is_transliterated(word: str) -> bool:
    """Every character of ``word`` (two at least) is a transliteration character (奥贝维利耶)."""
    return len(word) >= 2 and all(fold_chars(c) in _PHONETIC for c in word)


def _phonetic_start(text: str, lo: int, dot: int) -> int:
    """Start of the run of transliteration characters that ends at ``dot`` (at least ``lo``)."""
    k = dot
    while k > lo and fold_chars(text[k - 1]) in _PHONETIC:
        k -= 1
    return k


def _phonetic_end(text: str, pos: int, end: int) -> int:
    """End of the run of transliteration characters that starts at ``pos`` (at most ``end``)."""
    k = pos
    while k < end and (text[k] in _DOTS or fold_chars(text[k]) in _PHONETIC):
        k += 1
    return k


def _title_before(text: str, pos: int) -> bool:
    """A job title ends at ``pos``."""
    return title_ends_at(text, pos, reach=12)


def _anchored(text: str, start: int, end: int) -> bool:
    """A title ends right before the name, or a title or honorific starts right after it."""
    return _title_before(text, start) or bool(person_rules().title_re.match(text, end) or honorific_re().match(text, end))


@lru_cache(maxsize=1)
def _ja_title_re() -> re.Pattern[str]:
    """A Japanese title, after up to four kanji of its unit (商工|大臣, 国家|主席): the titles of
    ``titles_ja_file`` and 主席 (the Chinese list also holds words that are no title in Japanese
    text, 視察)."""
    titles = read_list(load_config()["persons"]["titles_ja_file"]) + ["主席"]
    return re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{alternation(titles)})")


def _ja_anchored(text: str, end: int) -> bool:
    """An honorific or a Japanese title right after a katakana name."""
    return bool(honorific_re().match(text, end) or _ja_title_re().match(text, end))


def transliterated_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """PERSON spans of dotted transliterated names in a person's context."""
    if not load_config()["persons"].get("transliterated", False):
        return []
    taken = {i for p in prior if p.component not in ("model", "bare") for i in range(p.start, p.end)}
    out: list[Span] = []
    pattern = _KANA_NAME if lang == "ja" else _HAN_NAME
    for m in pattern.finditer(text):
        s, e = m.span()
        if lang != "ja":
            dot = next(i for i in range(s, e) if text[i] in _DOTS)
            e = _phonetic_end(text, dot + 1, e)
            # 史密斯|博士: a title after the name ends it (博, 士 are transliteration characters too)
            e = next((k for k in range(dot + 2, e) if person_rules().title_re.match(text, k)), e)
            if e <= dot + 1:
                continue
        # The run before the first dot may hold the title too (市长|托马斯·库芬, 總裁暨執行長|蓋瑞.
        # 迪克森): the name starts where the last title ends.
        first_dot = next(i for i in range(s, e) if text[i] in _DOTS) if lang != "ja" else s + 1
        titled = [k for k in range(s, first_dot) if _title_before(text, k)]
        start = titled[-1] if titled else None
        latin = _LATIN_PERSON.match(text, e)
        if latin is not None:
            start = s if start is None else start
            if not any(i in taken for i in range(start, e)):
                out += [Span(start, e, "PERSON", "persons", "rule"), Span(*latin.span(1), "PERSON", "persons", "rule")]
            continue
        if start is None and (_ja_anchored(text, e) if lang == "ja" else _anchored(text, e, e)):
            # Japanese: an honorific or a Japanese title (視察 after a name is an inspection there); Chinese:
            # the given name is the run of transliteration characters before the dot (会见了|托马斯)
            start = s if lang == "ja" else _phonetic_start(text, s, first_dot)
        if start is not None and not any(i in taken for i in range(start, e)):
            out.append(Span(start, e, "PERSON", "persons", "rule"))
    return out
