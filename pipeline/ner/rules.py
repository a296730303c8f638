"""Genre rule component for organisations: names ending in an organisation suffix.

Each rule component takes the text and the spans found by earlier components
(configs/ner.toml ``[pipeline] order``) and returns new candidate spans.  This
module also holds the name-extent helpers the other rule modules share
(:func:`org_rules`, :func:`extend_left`, :func:`ends_with_stop_word`,
:func:`person_positions`); place compounds are in :mod:`pipeline.ner.places`,
acronyms in :mod:`pipeline.ner.acronyms`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.ner.config import load_config
from pipeline.ner.spans import Span
from pipeline.ner.words import CONJUNCTION_CHARS, common_words_cover, trim_function_words, word_at
from pipeline.text.chars import is_han, is_katakana
from pipeline.text.fold import fold_chars, simplified_twin
from pipeline.text.patterns import alternation
from pipeline.text.units import UNIT_SUFFIX_CHARS

ORG_LIKE = {"ORG", "GPE", "LOC", "FAC"}
# Government bodies: a country name before them is not part of the name (日本|內閣府).
# Companies: a prefecture or city written before them is their location (長野縣|山本電機製作所).
COMPANY_SUFFIXES = frozenset({"製作所", "公司", "分公司", "株式会社", "有限会社", "銀行", "支店", "工場", "集團"})
ADMIN_ENDS = "縣県府都道省州市區区郡町村"
GOV_SUFFIXES = frozenset({"部", "省", "府", "廳", "庁", "局", "署", "委員會", "委員会", "管理局"})


@dataclass(frozen=True)
class OrgRules:
    """The organisation-suffix settings, compiled once (see :func:`org_rules`)."""

    suffix_re: re.Pattern[str]
    singles: frozenset[str]
    kinds: frozenset[str]
    not_followed: str
    not_preceded: str
    stop_chars: str
    noun_stop_chars: str
    stop_words: tuple[str, ...]
    stop_set: frozenset[str]
    stop_lengths: tuple[int, ...]
    generic: frozenset[str]
    max_len: int
    suffix_map: dict[str, str] = field(default_factory=dict)  # folded suffix -> configured form


@lru_cache(maxsize=1)
def org_rules() -> OrgRules:
    """The organisation-suffix rule settings of ``configs/ner.toml [orgs]``."""
    cfg: dict[str, Any] = load_config()
    o = cfg["orgs"]
    folded: dict[str, str] = {}
    for a in [*o["suffixes"], *o["single_suffixes"]]:  # configured order: Traditional forms first
        folded.setdefault(fold_chars(a), a)
    # Meeting parties (日方/台方) and 本局 end a name; other non-entities (台日, 海外) may sit inside one.
    parties = {w for w in cfg["coref"]["non_entities"] if w.endswith(("方", "側"))}
    # 該局/本部/各課 refer to a unit already named; they end a name.
    parties |= {p + c for p in "該本各貴此" for c in o["single_suffixes"]}
    # Stop words, stop characters and generic heads are configured in Traditional forms; their
    # unambiguous Simplified twins are added so Simplified text stops and filters the same way.
    words = set(o["stop_words"]) | parties | set(cfg["coref"]["self_refs"])
    stop_words = tuple(sorted(words | _twins(words), key=len, reverse=True))
    stop_chars = _with_char_twins(o["stop_chars"])
    generic = set(o.get("generic_heads", []))
    return OrgRules(
        # lookahead: every start position, so 千葉商工會議所 is not cut at 工會; matched on
        # fold_chars text so Simplified/Japanese spellings (委员会, 協会) find the same suffixes
        suffix_re=re.compile(f"(?=({alternation(folded)}))"),
        suffix_map=folded,
        singles=frozenset(o["single_suffixes"]),
        kinds=frozenset(o.get("kind_suffixes", [])),
        not_followed=_with_char_twins(o["not_followed_by"]),  # 廳長 and 厅长 alike
        not_preceded=_with_char_twins(o["not_preceded_by"]),
        stop_chars=stop_chars,
        noun_stop_chars=o.get("noun_stop_chars", ""),
        stop_words=stop_words,
        stop_set=frozenset(stop_words),
        stop_lengths=tuple(sorted({len(w) for w in stop_words})),
        generic=frozenset(generic | _twins(generic)),
        max_len=int(o["max_len"]),
    )


def _with_char_twins(chars: str) -> str:
    """``chars`` and the unambiguous Simplified twins of its Traditional characters."""
    return chars + "".join(sorted(_twins(chars) - set(chars)))


def _twins(words: Iterable[str]) -> set[str]:
    """The unambiguous Simplified spellings of Traditional words (see :func:`simplified_twin`)."""
    return {t for w in words if (t := simplified_twin(w))}


def _name_char(ch: str) -> bool:
    return is_han(ch) or is_katakana(ch)


def person_positions(prior: list[Span]) -> set[int]:
    """Character positions covered by PERSON spans (a name never runs through a person)."""
    return {i for s in prior if s.label == "PERSON" for i in range(s.start, s.end)}


def crossable_places(text: str, prior: list[Span]) -> dict[int, int]:
    """End -> start of the known places that hold a stop character (亞利桑那州, 无锡): a name
    ending after one runs through it (:func:`extend_left`)."""
    stops = org_rules().stop_chars
    return {p.end: p.start for p in prior if p.component != "model" and p.label in ("GPE", "LOC")
            and any(c in stops for c in text[p.start:p.end])}


def extend_left(text: str, pos: int, prior: list[Span], max_len: int, blocked: set[int] | None = None,
                known: dict[int, int] | None = None) -> int:
    """Leftmost start of a name ending at ``pos``: CJK characters, no stop char/word, no PERSON.
    A stop character inside a noun of the name does not stop it (氫|能|科技有限公司: 氫能), nor
    one inside a ``known`` place (:func:`crossable_places`: 亞利桑那州政府)."""
    r = org_rules()
    if blocked is None:
        blocked = person_positions(prior)
    known = known or {}
    j = pos
    while j > 0 and pos - j < max_len:
        ch = text[j - 1]
        if j in known and pos - known[j] <= max_len and not any(k in blocked for k in range(known[j], j)):
            j = known[j]
            continue
        if ch in r.stop_chars and (j - 1) not in blocked and (ws := noun_over_stop(text, j, pos, max_len)) is not None:
            j = ws
            continue
        if not _name_char(ch) or ch in r.stop_chars or (j - 1) in blocked:
            break
        if ends_with_stop_word(text, j):
            break
        j -= 1
    return j


def noun_over_stop(text: str, j: int, end: int, max_len: int) -> int | None:
    """Start of the noun of a name ending at ``end`` that holds the stop character before ``j``
    (氫|能|科技有限公司: 氫能, 新|能|源: 新能源), or None when the character stops the name."""
    if text[j - 1] not in org_rules().noun_stop_chars:
        return None
    ws, we, tag = word_at(text, j - 1)
    if we <= end and we - ws >= 2 and tag.startswith("n") and tag != "nr" and end - ws <= max_len:
        return ws
    return None


def ends_with_stop_word(text: str, j: int) -> bool:
    """True if ``text[:j]`` ends with a stop word (拜會, 透過, 日方, 本局...)."""
    r = org_rules()
    return any(text[j - n : j] in r.stop_set for n in r.stop_lengths if n <= j)


# Units of a university: the name runs back to the university (東北大學未來科學技術共同研究中心,
# 山形大學 OLED 研究中心) through words that would otherwise stop it.
ACADEMIC_UNITS = frozenset({"研究中心", "中心", "研究所", "研究院", "センター", "研究室", "學院", "学院", "研究科"})


def _university_start(text: str, s: int, universities: list[tuple[int, int]]) -> int:
    """Start of the nearest university name ending at most 16 characters before ``s``
    with only name characters (Han, kana, Latin words, spaces) in between; else ``s``."""
    k = bisect.bisect_right(universities, (s, s)) - 1
    if k < 0:
        return s
    end, start = universities[k]
    middle = text[end:s]
    if len(middle) > 16 or not all(_name_char(c) or c.isalnum() or c == " " for c in middle):
        return s
    return start


def _across_conjunction(
    text: str, j: int, s: int, prior_ends: set[int], covered: set[int], name_starts: set[int], r: OrgRules
) -> int:
    """電子與光電系統研究所, 工業和信息化部, 聯邦經濟及氣候保護部: a name stopped by a
    conjunction continues over it when the words before it (2-4 Han characters, no
    organisation suffix, no known name) start at a boundary; a list of two bodies
    (…資源部及韓國…振興院) does not."""
    k = j - 1
    if k <= 0 or text[k] not in CONJUNCTION_CHARS or s - j < 2:
        return j
    h = k
    while h > 0 and k - h < 4 and is_han(text[h - 1]) and text[h - 1] not in r.stop_chars and (h - 1) not in covered:
        if h != k and (h in prior_ends or ends_with_stop_word(text, h)):
            break
        h -= 1
    left = text[h:k]
    if not 2 <= len(left) <= 4 or left[-1] in UNIT_SUFFIX_CHARS or left in r.generic or j in name_starts:
        return j  # 訪團與|千葉縣廳, 政府及|…: a list, not one name
    if any(ends_with_stop_word(text, x) for x in range(h + 2, k + 1)):
        return j
    if h > 0 and is_han(text[h - 1]) and text[h - 1] not in r.stop_chars and h not in prior_ends \
            and not ends_with_stop_word(text, h):
        return j  # the words before the conjunction do not start at a boundary
    return h


def _described_kind(text: str, start: int, suffix: int, starts: set[int]) -> bool:
    """The words before a kind of body (機構, 中心, 銀行, 協會...) only describe it: at most four
    Han characters, mostly common words of the dictionary (金融, 技術研發), opening at a boundary
    (not after Latin letters: JXTG能源集團) and at no known name."""
    head = text[start:suffix]
    if not head or len(head) > 4 or start in starts or not all(is_han(c) for c in head):
        return False
    return not (start and text[start - 1].isascii() and text[start - 1].isalnum()) and common_words_cover(head)


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    """The folded suffixes of ``[orgs] suffixes`` and ``single_suffixes``."""
    return tuple(org_rules().suffix_map)


def ends_with_org_suffix(surface: str) -> bool:
    """Whether ``surface`` ends with an organisation suffix of ``configs/ner.toml [orgs]``."""
    return fold_chars(surface).endswith(org_suffixes())


def _model_start(text: str, start: int, suffix: int, end: int, models: list[tuple[int, int]],
                 in_places: set[int]) -> int:
    """The start the model gives the name ending at ``end`` (or a longer one it ends in:
    姊妹校|明治大學|文學部) where the run before the suffix reached further left over words that
    are neither places nor a parent body (三款|東方電氣集團, 赴|松下集團, 德國機器人巨頭|庫卡集團):
    the model reads the context, the run does not. On the dev passages, where both ended
    together, the model's start was the gold one 134 times, the run's 17 (mostly a country
    before the name, which is left to the country rules here). ``suffix``: where the suffix
    starts; ``models``: (start, end) of the model's organisations, sorted."""
    model = next((ms for ms, me in models if start < ms < suffix and end <= me), None)
    if model is None:
        return start
    if all(i in in_places for i in range(start, model)) or ends_with_org_suffix(text[start:model]):
        return start  # 日本|碍子株式会社, 日本台灣交流協會|高雄事務所
    return model


def org_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """ORG spans ending in an organisation suffix (部/局/課/協會/中心/株式会社...)."""
    r = org_rules()
    out: list[Span] = []
    blocked = person_positions(prior)
    starts = {p.start for p in prior}
    countries = {p.start: p.end for p in prior if p.attrs.get("country")}
    universities = sorted((p.end, p.start) for p in prior if p.label == "ORG" and p.component != "model"
                          and text[p.start : p.end].endswith(("大學", "大学", "大學院", "大学院")))
    prior_ends = {p.end for p in prior if p.component != "model"}
    name_starts = {p.start for p in prior if p.component != "model" and p.label in ORG_LIKE}
    covered = {i for p in prior if p.component != "model" for i in range(p.start, p.end)}
    admin_places = {p.start: p.end for p in prior if p.label == "GPE" and text[p.end - 1] in ADMIN_ENDS}
    crossable = crossable_places(text, prior)
    known_bodies = sorted((p.start, p.end) for p in prior if p.component != "model" and p.label in ("ORG", "GPE"))
    # position inside a known name -> its end: a name cut by the length limit starts after it
    interiors = {i: p.end for p in prior if p.component != "model" for i in range(p.start + 1, p.end)}
    in_places = {i for p in prior if p.component != "model" and p.label in ("GPE", "LOC") for i in range(p.start, p.end)}
    models = sorted((p.start, p.end) for p in prior if p.component == "model" and p.label == "ORG")
    for m in r.suffix_re.finditer(fold_chars(text)):
        s, e = m.span(1)
        suffix = r.suffix_map.get(m.group(1), m.group(1))
        # 經濟發展局|長: the unit's head (but 分處|處長, 東北亞課|課長: the title repeats the suffix)
        titled = suffix in r.singles and text[e:e + 1] in ("長", "长") and text[s - 1:s] != text[s:e]
        if suffix in r.singles and s in in_places:
            continue  # 竹|科: a character of a known place, no suffix (市委 after 南京市 is one)
        if suffix in r.singles:
            if e < len(text) and text[e] in r.not_followed and not titled:
                continue
            if s > 0 and text[s - 1] in r.not_preceded:
                continue
        if suffix in ("株式会社", "有限会社") and e < len(text) and _name_char(text[e]) \
                and (lang == "ja" or not (s and _name_char(text[s - 1]))):  # Chinese: 秀和株式会社|主要生产
            # 株式会社日立製作所: legal form first, name after it
            k = e
            while k < len(text) and _name_char(text[k]) and k - e < r.max_len:
                k += 1
            out.append(Span(s, k, "ORG", "orgs", "rule"))
            continue
        j = extend_left(text, s, prior, r.max_len, blocked, crossable)
        j = interiors.get(j, j) if s - j >= r.max_len else j  # 日|本經濟產業省…: not from inside 日本
        j = _across_conjunction(text, j, s, prior_ends, covered, name_starts, r)
        if suffix in ACADEMIC_UNITS:
            j = min(j, _university_start(text, s, universities))
        need = 2 if suffix in r.singles else 1
        if s - j > 1 and j not in starts and lang != "ja":
            j += trim_function_words(text[j:s])[0]  # 持續支持|工業局
        if suffix in GOV_SUFFIXES and j in countries and countries[j] < s:
            j = countries[j]  # 韓國|產業通商資源部, 美國|商務部國際貿易署 (guidelines §3)
        elif suffix in COMPANY_SUFFIXES and j in admin_places and admin_places[j] < s - 1:
            j = admin_places[j]  # 長野縣|山本電機製作所: where a company is, not its name
        if lang != "ja":  # Japanese: the Japanese repairs decide such prefixes (米|商務省, 本学|工学院)
            j = _model_start(text, j, s, e, models, in_places)
        if s - j < need or text[j:s] in r.generic or text[j] in ADMIN_ENDS:
            continue  # 縣半導體協議會 (東北各縣…): a fragment, not a name
        if fold_chars(text[j:e]) in r.suffix_map:
            continue  # 総|領事館: a longer kind word, no name before it
        if suffix in r.kinds and _described_kind(text, j, s, starts):
            continue  # 金融|機構, 運營|中心, 投資|銀行: a kind of body described, no name
        if titled and not _unit_of_known_body(text, known_bodies, j, s):
            continue  # 副局|長, 該處|長: a title, not a unit of a body named before it
        out.append(Span(j, e, "ORG", "orgs", "rule"))
    return out + company_word_spans(text, prior)


def _unit_of_known_body(text: str, bodies: list[tuple[int, int]], start: int, suffix_start: int) -> bool:
    """A known body or place opens the name and a unit's words follow it before the suffix
    (台中市政府|經濟發展|局, 山口縣|農林水產|部): two or more characters, no joiner (首席代表暨|處長).
    (A unit named with its own suffix, 商務廳|廳長, gives the title back in ``title_tails``.)"""
    k = bisect.bisect_left(bodies, (start, 0))
    if k == len(bodies) or bodies[k][0] != start or bodies[k][1] > suffix_start - 2:
        return False
    unit = text[bodies[k][1]:suffix_start]
    # 四川省政府|副|省長, 首爾市西大門|區|廳長: a deputy's or a district head's title, no unit
    return not any(c in unit for c in "暨與与及和、") and unit[-1] not in "副代區区市縣县県町村州"


def ends_like_company(surface: str) -> bool:
    """Whether a name ends with an organisation suffix or a company word (武田製藥, 三星電子)."""
    return fold_chars(surface).endswith(_company_name_ends())


@lru_cache(maxsize=1)
def _company_name_ends() -> tuple[str, ...]:
    """The folded organisation suffixes and company words, built once (called per model span)."""
    return (*org_suffixes(), *_company_words()[0])


@lru_cache(maxsize=1)
def _company_words() -> tuple[tuple[str, ...], str]:
    """``[orgs] company_words`` folded once, and the characters that may not follow one."""
    cfg = load_config()["orgs"]
    return tuple(fold_chars(w) for w in cfg.get("company_words", [])), cfg.get("company_words_not_followed_by", "")


def company_word_spans(text: str, prior: list[Span]) -> list[Span]:
    """A company name is often a brand plus a trade word (恩智浦 + 半導體, 三星 + 電子): an ORG
    span that is not a government unit, followed by one of ``[orgs] company_words`` at a
    word boundary (not 半導體產業, 電子資訊組), extends over it."""
    words, not_followed = _company_words()
    if not words:
        return []
    out: list[Span] = []
    for p in prior:
        if p.label != "ORG" or text[p.end - 1] in UNIT_SUFFIX_CHARS:
            continue
        folded = fold_chars(text[p.end : p.end + 4])
        for fw in words:
            k = p.end + len(fw)  # fold_chars keeps lengths
            if folded.startswith(fw) and (k >= len(text) or text[k] not in not_followed):
                out.append(Span(p.start, k, "ORG", "orgs", "rule"))
                break
    return out
