"""Repairs of the resolved spans of Japanese text (units whose language is ``ja``).

Japanese writes names and organisations in ways the shared rules (built on Chinese
reports) do not cover:

* persons with a space between family and given name, in forms and lists
  (``三重県知事 鈴木 英敬``, ``熊野市長 河上 敢二``), Chinese names with an inner
  space (``廖 慶榮``), and the kana reading in brackets after a name
  (``下町 一朗(しもまち いちろう)``, ``廖(リャオ)``);
* a unit written before a title is not a name (``産業機械|課長``, ``県環境生活|部長``):
  a Japanese person span needs a name morpheme (family or given name in the
  Sudachi dictionary that GiNZA ships) or a Chinese surname first;
* an organisation followed by its sub-units is one span (guidelines §6:
  ``環境省水・大気環境局土壌環境課``, ``三重県雇用経済部``, ``島根大学医学部``);
* a self-reference prefix is not part of the name (``本学|大学院理工学研究科``), and
  ``AのB`` names two organisations (``国立台湾科技大学の工学院``).

The family/given-name test uses Sudachi's system dictionary (SudachiDict-core,
Apache-2.0), which tags 人名/姓 and 人名/名: a complete public list, not one
built from evaluation documents.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han
from pipeline.text.fold import fold_chars, jp_to_traditional

# Sub-unit endings of a Japanese organisation chain, longest first (guidelines §6).
UNIT_ENDINGS = (
    "プロジェクト推進室", "事務局", "研究科", "研究所", "研究院", "研究室", "推進室", "センター", "本部",
    "支部", "支店", "支社", "事務所", "学部", "学院", "分室", "議会", "局", "部", "課", "室", "係", "班", "会",
)
# A one-character local government standing for the writer's own (県|台湾事務所, 県|環境生活部).
SELF_GOVERNMENTS = "県府都道市町村"
# A hiragana run that ends like a particle is not a name prefix (これらの, では).
_PARTICLE_END = "のはがをにでともへや"
# 会 after these ends an event, not an organisation (商談会, 説明会, 交流会, 大会, 総会, 報告会).
_EVENT_KAI = "談明流示親大総修告演表覧迎賀彰強討換"
SELF_PREFIXES = ("本学", "当学", "同学", "本校", "当社", "同社", "弊社", "本会", "当会", "同会")
_KANA_READING = re.compile(r"[ 　]?[(（]([ぁ-ゖァ-ヺー][ぁ-ゖァ-ヺー・･ 　]{0,15})[)）]")
_HAN = r"[\u4e00-\u9fff\u3400-\u4dbf々〆ヵヶ]"
_SPACED = re.compile(rf"(?=({_HAN}{{1,3}})[ 　]({_HAN}{{1,3}})(?=$|[ 　(（、,，・)）]|ほか))")
_CHAIN_CHAR = re.compile(r"[\u4e00-\u9fff々ァ-ヺー・A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")
_PRE_BOUNDARY = " \u3000\t(（「『、,，・:：)）"
MAX_SEGMENT = 16


@lru_cache(maxsize=1)
def _sudachi() -> Any:
    from sudachipy import dictionary, tokenizer  # lazy: the dictionary is mapped once

    return dictionary.Dictionary().create(tokenizer.Tokenizer.SplitMode.C)


@lru_cache(maxsize=65536)
def name_parts(word: str) -> tuple[str, ...]:
    """Sudachi's reading of ``word`` as name parts: one of ``姓``, ``名`` or ``-`` per morpheme."""
    return tuple(m.part_of_speech()[3] if m.part_of_speech()[2] == "人名" else "-"
                 for m in _sudachi().tokenize(word))


def is_surname(word: str) -> bool:
    """A family name in the Sudachi dictionary (河上, 中嶋, 陳)."""
    return name_parts(word) == ("姓",)


def is_given_name(word: str) -> bool:
    """A given name in the Sudachi dictionary (一朗, 竜一)."""
    return name_parts(word) == ("名",)


def chinese_surname(ch: str) -> bool:
    """A one-character Chinese surname, in any script (黄 = 黃, 陳, 范)."""
    surnames = person_rules().surnames
    return ch in surnames or jp_to_traditional(ch) in surnames or fold_chars(ch, "traditional") in surnames


def plausible_person(name: str) -> bool:
    """A Japanese-text person span: some morpheme is a name, or it starts with a Chinese
    surname (梁国新, 沈斯淳); 産業機械, 小児科, 市内 are neither. Kana and Latin pass."""
    core = name.replace(" ", "").replace("\u3000", "")
    if not core or not all(is_han(c) for c in core):
        return True
    return chinese_surname(core[0]) or any(p != "-" for p in name_parts(core))


def _free(spans: list[Span], start: int, end: int, labels: tuple[str, ...] = ("PERSON",)) -> bool:
    return all(not (s.start < end and start < s.end) or s.label in labels for s in spans)


def _replace(spans: list[Span], new: Span) -> list[Span]:
    kept = [s for s in spans if not (s.start < new.end and new.start < s.end)]
    return sorted([*kept, new], key=lambda s: s.start)


def spaced_names(text: str, spans: list[Span]) -> list[Span]:
    """``姓 名`` pairs with one space (河上 敢二, 陳 菊): the family name or the given name is
    in the dictionary, and the pair stands alone (line edge, space, bracket, after a kana
    particle or a title); a model span covering part of the pair (中嶋) is replaced."""
    title_re = person_rules().title_re
    for m in _SPACED.finditer(text):
        s, family, given = m.start(), m.group(1), m.group(2)
        e = s + len(family) + 1 + len(given)
        before = text[s - 1] if s else " "
        titled = any(t.end() == s for t in title_re.finditer(text, max(0, s - 8), s))
        if is_han(before) and not titled:
            continue  # inside a longer run of kanji (…秘書長 陳 is 秘書長 then 陳 菊)
        if title_re.fullmatch(given) or title_re.fullmatch(family):
            continue
        if not (is_surname(family) or is_given_name(given) or (len(family) == 1 and chinese_surname(family))):
            continue
        if _free(spans, s, e):
            spans = _replace(spans, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "spaced"}))
    return spans


def extend_names(text: str, spans: list[Span]) -> list[Span]:
    """A person span cut inside its last word (廖 慶|榮, 范 巽|綠) runs to the word's end
    when a space, bracket or punctuation follows within two characters (a spaced name),
    or when the kana reading follows (范巽|綠(はん そんろく))."""
    out = []
    for s in spans:
        if s.label == "PERSON" and s.component != "evidence":
            spaced = " " in text[s.start:s.end]
            e = s.end
            while e < len(text) and e - s.end < 2 and is_han(text[e]):
                e += 1
            ends = e == len(text) or text[e] in _PRE_BOUNDARY or text[e] in "。"
            if e > s.end and ((spaced and ends) or _KANA_READING.match(text, e)):
                s = Span(s.start, e, s.label, s.component, s.source, attrs=dict(s.attrs))
        out.append(s)
    return out


# Titles that name the head of a place (三重県|知事): a place before them stays a place.
PLACE_HEAD_TITLES = ("知事", "副知事", "市長", "副市長", "町長", "村長", "区長", "議長", "首長", "県令")
_READING_TITLE = re.compile(rf"({_HAN}{{1,4}})[(（]([ァ-ヺー・･]{{2,16}}|[ぁ-ゖ 　]{{2,16}})[)）]")
_DOT_TITLE = re.compile(rf"({_HAN}{{1,4}})・")


def _titled_at(text: str, pos: int, reach: int = 0) -> bool:
    """A person title at ``pos``, or within ``reach`` characters of organisation text
    (郭台銘・|鴻海精密工業|董事長), with the modifiers 前/元/副 allowed before it."""
    title_re = person_rules().title_re
    for k in range(pos, min(len(text), pos + reach + 1)):
        if k > pos and not (is_han(text[k - 1]) or "ァ" <= text[k - 1] <= "ヺ"):
            return False
        m = title_re.match(text, k + (1 if text[k:k + 1] in "前元" else 0))
        if m:
            return True
    return False


def _person_ok(name: str) -> bool:
    """A name before a title: a Chinese surname alone (蕭), or a plausible name that
    starts with a family name (黄茂雄, 三島良直)."""
    if len(name) == 1:
        return chinese_surname(name)
    return plausible_person(name) and (is_surname(name[:2]) or is_surname(name[:1]) or chinese_surname(name[0]))


def titled_names(text: str, spans: list[Span]) -> list[Span]:
    """Names a title follows across a reading or a middle dot, as Japanese writes foreign
    dignitaries: ``廖(リャオ)学長`` (name and reading), ``黄茂雄・栄誉会長``,
    ``郭台銘・鴻海精密工業董事長``, ``蕭・前副総統``; and a known family name that the
    gazetteer took for a place before a personal title (三島|学長, but 三重県|知事)."""
    out = list(spans)
    title_re = person_rules().title_re
    for m in _READING_TITLE.finditer(text):
        name = m.group(1)
        if _titled_at(text, m.end()) and _person_ok(name) and not (m.start() and is_han(text[m.start() - 1])):
            for k in (1, 2):
                if _free(out, m.start(k), m.end(k)):
                    out = _replace(out, Span(m.start(k), m.end(k), "PERSON", "persons", "rule", attrs={"ja": "titled"}))
    for m in _DOT_TITLE.finditer(text):
        s, e = m.span(1)
        if s and is_han(text[s - 1]) and not any(o.end == s and o.label != "PERSON" for o in out):
            continue
        if _titled_at(text, m.end(), reach=12) and _person_ok(m.group(1)) and _free(out, s, e):
            out = _replace(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "titled"}))
    for o in list(out):
        t = title_re.match(text, o.end)
        if (o.label == "GPE" and t and not t.group(0).startswith(PLACE_HEAD_TITLES)
                and is_surname(text[o.start:o.end]) and not o.attrs.get("country")):
            out = _replace(out, Span(o.start, o.end, "PERSON", "persons", "rule", attrs={"title": t.group(0)}))
    return sorted(out, key=lambda x: x.start)


_HONORIFIC = re.compile(r"(?:氏|さん|様|先生|君)(?![名族子])")


def honorific_names(text: str, spans: list[Span]) -> list[Span]:
    """A name before 氏/さん/様/先生 (山田太郎氏, 佐藤様, 川村 浩二さん): the longest run of
    2-5 kanji (one inner space allowed) before it that starts with a family name."""
    out = list(spans)
    for m in _HONORIFIC.finditer(text):
        e = m.start()
        run = e
        while run > 0 and e - run < 6 and (is_han(text[run - 1]) or (text[run - 1] == " " and run - 2 >= 0
                                                                   and is_han(text[run - 2]) and run < e)):
            run -= 1
        for s in range(run, e - 1):
            name = text[s:e]
            if text[s] == " " or not any(is_surname(name.split()[0][:k]) for k in (1, 2, 3)):
                continue
            if plausible_person(name) and _free(out, s, e):
                out = _replace(out, Span(s, e, "PERSON", "persons", "rule", attrs={"title": m.group(0)}))
            break
    return out


_CONTACT = re.compile(r"(?:担当者|担当|問い?合わ?せ先|連絡先|報告者|作成者|記者)\s*[:：]\s*")


def contact_names(text: str, spans: list[Span]) -> list[Span]:
    """Family names listed after a contact label (担当者:清水・石倉): persons, also when the
    gazetteer knows a place of that name."""
    out = list(spans)
    for m in _CONTACT.finditer(text):
        pos = m.end()
        for piece in re.split(r"([・、,，/／ 　])", text[pos:pos + 24]):
            if piece and len(piece) == 1 and piece in "・、,，/／ 　":
                pos += 1
                continue
            if not piece or not all(is_han(c) for c in piece):
                break  # the list of names ends (電 話, a sentence)
            s, e = pos, pos + len(piece)
            if 2 <= len(piece) <= 5 and (is_surname(piece) or _person_ok(piece)) and all(
                    not (o.start < e and s < o.end) or _yields(o) for o in out):
                out = _replace(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "contact"}))
            pos = e
    return out


def _yields(o: Span) -> bool:
    """A span a person rule may replace: another person span, or a place from a name list."""
    return o.label == "PERSON" and o.component != "evidence" or (
        o.label in ("GPE", "LOC") and o.component in ("bare", "gazetteer") and not o.attrs.get("country"))


def readings(text: str, spans: list[Span]) -> list[Span]:
    """The kana reading in brackets right after a person (下町 一朗(しもまち いちろう),
    廖(リャオ)): a mention of that person."""
    out = list(spans)
    for s in spans:
        if s.label != "PERSON":
            continue
        m = _KANA_READING.match(text, s.end)
        if m is None:
            continue
        inside = [o for o in out if o.label == "PERSON" and m.start(1) <= o.start and o.end <= m.end(1)]
        out = [o for o in out if o not in inside]  # the model's part of it (さの|りゅういち)
        if _free(out, m.start(1), m.end(1), ()):
            out.append(Span(m.start(1), m.end(1), "PERSON", "persons", "rule", attrs={"ja": "reading"}))
    return sorted(out, key=lambda s: s.start)


def _segment_end(text: str, pos: int, depth: int = 0) -> int | None:
    """End of one sub-unit starting at ``pos`` (製造産業局, 水・大気環境局, 検定制度整備プロジェクト推進室):
    the longest run ending in a unit word, followed by nothing name-like or by a title."""
    run = pos
    while run < len(text) and run - pos < MAX_SEGMENT and _CHAIN_CHAR.match(text[run]):
        run += 1
    title_re = person_rules().title_re
    for e in range(run, pos + 1, -1):
        piece = text[pos:e]
        ending = next((u for u in UNIT_ENDINGS if piece.endswith(u)), None)
        if ending is None or len(piece) < 2:
            continue  # a one-character unit word needs a name before it (部品 is no 部)
        if ending == "会" and piece[-2] in _EVENT_KAI:
            continue
        if piece[0] in "・ー" or piece[-len(ending) - 1:-len(ending)] == "・":
            continue
        rest = text[e:run]
        titled = title_re.match(text, e) or ((t := title_re.match(text, e - 1)) and t.end() > e)
        if not rest or titled:  # 産業機械課|長: the title 課長 shares the unit's 課
            return e
        if depth < 3 and _segment_end(text, e, depth + 1) is not None:
            return e  # another sub-unit follows (職業能力開発局|検定制度整備プロジェクト推進室)
    return None


def unit_chains(text: str, spans: list[Span]) -> list[Span]:
    """An organisation (or a prefecture/city) followed directly by sub-units is one ORG
    (経済産業省製造産業局 + 産業機械課; 三重県 + 雇用経済部); spans inside are dropped."""
    for s in sorted(spans, key=lambda s: s.start):
        if s.label not in ("ORG", "GPE", "LOC") or s not in spans:
            continue
        end = s.end
        while True:
            nxt = _segment_end(text, end)
            if nxt is None:
                break
            end = nxt
        if end == s.end or (s.label != "ORG" and (end - s.end < 2 or s.attrs.get("country"))):
            continue  # a country before a ministry is not part of its name (台湾|経済部)
        if any(o.label == "PERSON" and o.component == "evidence" and o.start < end and s.end < o.end
               for o in spans):
            continue
        new = Span(s.start, end, "ORG", "orgs", "rule", attrs={"ja": "chain"})
        spans = _replace(spans, new)
    return spans


# Company endings after which a Japanese text's name runs back to the previous boundary
# (台湾三井不動産股份有限公司: the shared rules stop at 不, a Chinese stop character).
COMPANY_TAILS = ("股份有限公司", "有限公司", "公司", "集団", "グループ", "ホールディングス")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff々ァ-ヺーA-Za-z0-9&＆]")


def _name_start(text: str, end: int) -> int:
    """Start of the run of name characters (kanji, katakana, Latin, a bracketed gloss
    such as ``(アウトレット)``) that ends at ``end``."""
    j = end
    while j > 0:
        ch = text[j - 1]
        if ch in ")）":
            k = max(text.rfind("(", 0, j - 1), text.rfind("（", 0, j - 1))
            inner = text[k + 1:j - 1] if k >= 0 else ""
            if not inner or not all(_NAME_CHAR.match(c) for c in inner) or k == 0 or not _NAME_CHAR.match(text[k - 1]):
                break
            j = k
        elif _NAME_CHAR.match(ch):
            j -= 1
        else:
            break
    return j


def company_names(text: str, spans: list[Span]) -> list[Span]:
    """An organisation ending in a company word extends back to the start of its name
    (動産股份有限公司 -> 台湾三井不動産股份有限公司, 股份有限公司 -> 三新奧特萊斯(アウトレット)股份有限公司);
    a bare company word with no name before it is dropped."""
    for s in sorted(spans, key=lambda x: x.start):
        surface = text[s.start:s.end]
        if s.label != "ORG" or s.component in ("evidence", "gazetteer") or not surface.endswith(COMPANY_TAILS):
            continue
        start = _name_start(text, s.start)
        if start < s.start and not any(o.label == "PERSON" and o.start < s.start and start < o.end for o in spans):
            spans = _replace(spans, Span(start, s.end, "ORG", s.component, s.source, attrs={"ja": "company"}))
        elif surface in COMPANY_TAILS:
            spans = [o for o in spans if o is not s]
    return spans


def self_government_units(text: str, spans: list[Span]) -> list[Span]:
    """``県台湾事務所``, ``県環境生活部長``: 県/市 at a boundary, then sub-units, is the writer's
    own government's unit (one ORG)."""
    for k, ch in enumerate(text):
        if ch not in SELF_GOVERNMENTS or (k and text[k - 1] not in _PRE_BOUNDARY + "。は、"):
            continue
        end = _segment_end(text, k + 1)
        if end is None or end - k < 4 or not _free(spans, k, end, ("PERSON", "GPE", "ORG")):
            continue
        if any(o.start < k < o.end for o in spans):
            continue
        spans = _replace(spans, Span(k, end, "ORG", "orgs", "rule", attrs={"ja": "self-unit"}))
    return spans


def prefixes(text: str, spans: list[Span]) -> list[Span]:
    """An organisation preceded by a short word and ``・`` (環境・|社会理工学院) or by a
    hiragana place name at a boundary (しまね|国際センター) starts there."""
    out = []
    for s in spans:
        if s.label == "ORG" and s.component != "evidence" and s.start > 1:
            k = s.start
            if text[k - 1] == "・":
                j = k - 1
                while j > 0 and k - 1 - j < 4 and is_han(text[j - 1]):
                    j -= 1
                person = any(o.label == "PERSON" and o.end == k - 1 for o in spans)  # 郭台銘・|鴻海
                if j < k - 1 and not person and (j == 0 or text[j - 1] in _PRE_BOUNDARY + "、。"):
                    s = Span(j, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
            elif "\u3041" <= text[k - 1] <= "\u3096" and text[k - 1] not in _PARTICLE_END:
                j = k
                while j > 0 and "\u3041" <= text[j - 1] <= "\u3096":
                    j -= 1
                if 3 <= k - j <= 6 and (j == 0 or text[j - 1] in _PRE_BOUNDARY + "、。"):
                    s = Span(j, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
        out.append(s)
    return out


# One-character country names before a ministry (米|商務省, 英|国防省): not part of its name.
_COUNTRY_CHARS = "米英独仏中韓露豪加印伊蘭"


def org_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """``本学``/``同社`` before an organisation is a self-reference, not the name
    (本学|工学院); ``AのB`` with an organisation ending before の names two (国立台湾科技大学|の|工学院)."""
    out: list[Span] = []
    for s in spans:
        surface = text[s.start:s.end]
        if s.label == "ORG" and s.component != "evidence":
            pre = next((p for p in SELF_PREFIXES if surface.startswith(p) and len(surface) - len(p) >= 3), None)
            if pre:
                s = Span(s.start + len(pre), s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
                surface = surface[len(pre):]
            if (surface[0] in _COUNTRY_CHARS and len(surface) >= 4 and surface.endswith(("省", "庁"))
                    and s.component not in ("gazetteer", "evidence")):
                s = Span(s.start + 1, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
                surface = surface[1:]
            k = surface.find("の")
            left, right = surface[:k], surface[k + 1:]
            if k >= 2 and len(right) >= 2 and left.endswith(("大学", "大學", "学院", "会社", "協会", "機構", "省", "庁")):
                out.append(Span(s.start, s.start + k, "ORG", s.component, s.source))
                s = Span(s.start + k + 1, s.end, "ORG", s.component, s.source)
        out.append(s)
    return out


def person_guard(text: str, spans: list[Span]) -> list[Span]:
    """Drop person spans of the rules and the model that no name morpheme supports."""
    return [s for s in spans if s.label != "PERSON" or s.component == "evidence"
            or plausible_person(text[s.start:s.end])]


def filter_candidates(text: str, cands: list[Span]) -> list[Span]:
    """Candidates of a Japanese unit before precedence: person candidates without a name
    morpheme go (産業機械|課長 must not beat the model's organisation), and a short place
    name that is also a family name yields to the model's person starting with it
    (山口|一郎氏: 山口 the prefecture's short name)."""
    cands = person_guard(text, cands)
    persons = [c for c in cands if c.label == "PERSON" and c.component == "model"]
    return [c for c in cands if not (
        c.label in ("GPE", "LOC") and c.component in ("bare", "gazetteer") and not c.attrs.get("country")
        and any(p.start == c.start and p.end > c.end for p in persons) and is_surname(text[c.start:c.end]))]


def repair_japanese(text: str, spans: list[Span]) -> list[Span]:
    """All repairs above on the resolved spans of one Japanese unit, in order."""
    for step in STEPS:
        spans = step(text, spans)
    return spans


STEPS = [person_guard, spaced_names, titled_names, honorific_names, contact_names, extend_names, company_names, unit_chains,
         self_government_units,
         prefixes, org_prefixes, readings]
