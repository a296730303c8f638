"""Person names in Japanese text: the name dictionary and the person repairs of
:mod:`pipeline.ner.japanese`.

* persons with a space between family and given name, in forms and lists
  (``三重県知事 鈴木 英敬``, ``熊野市長 河上 敢二``), Chinese names with an inner
  space (``廖 慶榮``), and the kana reading in brackets after a name
  (``下町 一朗(しもまち いちろう)``, ``廖(リャオ)``);
* names before a title across a reading or a middle dot (``黄茂雄・栄誉会長``),
  before an honorific (``山口一郎氏``) and in contact lists (``担当者:清水・石倉``);
* a unit written before a title is not a name (``産業機械|課長``, ``県環境生活|部長``):
  a Japanese person span needs a name morpheme or a Chinese surname first.

The family/given-name test uses Sudachi's system dictionary (SudachiDict-core,
Apache-2.0, installed with GiNZA), which tags 人名/姓 and 人名/名: a complete public
list, not one built from evaluation documents.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.ner.config import load_config
from pipeline.ner.enumerations import linked_runs
from pipeline.ner.name_dict import chinese_surname, family_first, sudachi_dictionary
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.spans import Span
from pipeline.text.chars import common_forms, is_han

_KANA_READING = re.compile(r"[ 　]?[(（]([ぁ-ゖァ-ヺー][ぁ-ゖァ-ヺー・･ 　]{0,15})[)）]")
_HAN = r"[\u4e00-\u9fff\u3400-\u4dbf々〆ヵヶ]"
_SPACED = re.compile(rf"(?=({_HAN}{{1,3}})[ 　]({_HAN}{{1,3}}?)(?=(?:氏|様|君|殿|さん)?(?:$|[ 　(（、,，・)）]|ほか)))")
PRE_BOUNDARY = " \u3000\t(（「『、,，・:：)）"



@lru_cache(maxsize=1)
def _sudachi() -> Any:
    """Sudachi in split mode C. The Japanese NER model's tokenizer is exactly that
    (spaCy's JapaneseTokenizer, split_mode C, same system dictionary), and Japanese units
    go through the model first: reuse it rather than load the dictionary a second time."""
    from pipeline.errors import ModelError
    from pipeline.ner.models import ja_model

    try:
        nlp_tokenizer = ja_model()[0].tokenizer
    except ModelError:
        nlp_tokenizer = None
    if getattr(nlp_tokenizer, "split_mode", None) == "C" and hasattr(nlp_tokenizer, "tokenizer"):
        return nlp_tokenizer.tokenizer
    from sudachipy import tokenizer

    return sudachi_dictionary().create(tokenizer.Tokenizer.SplitMode.C)


@lru_cache(maxsize=65536)
def name_parts(word: str) -> tuple[str, ...]:
    """Sudachi's reading of ``word`` as name parts: one of ``姓``, ``名`` or ``-`` per morpheme."""
    return tuple(m.part_of_speech()[3] if m.part_of_speech()[2] == "人名" else "-"
                 for m in _sudachi().tokenize(common_forms(word)))  # 髙橋 as 高橋


def is_surname(word: str) -> bool:
    """A family name in the Sudachi dictionary (河上, 中嶋, 陳)."""
    return name_parts(word) == ("姓",)


def is_given_name(word: str) -> bool:
    """A given name in the Sudachi dictionary (一朗, 竜一)."""
    return name_parts(word) == ("名",)


def plausible_person(name: str) -> bool:
    """A Japanese-text person span: some morpheme is a name, or it starts with a Chinese
    surname (梁国新, 沈斯淳); 産業機械, 小児科, 市内 are neither. Kana and Latin pass."""
    core = name.replace(" ", "").replace("\u3000", "")
    if not core or not all(is_han(c) for c in core):
        return True
    return chinese_surname(core[0]) or any(p != "-" for p in name_parts(core))


def free(spans: list[Span], start: int, end: int, labels: tuple[str, ...] = ("PERSON",)) -> bool:
    return all(not (s.start < end and start < s.end) or s.label in labels for s in spans)


def replace_overlapping(spans: list[Span], new: Span) -> list[Span]:
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
        titled = title_ends_at(text, s, reach=8)
        if is_han(before) and not titled:
            continue  # inside a longer run of kanji (…秘書長 陳 is 秘書長 then 陳 菊)
        if title_re.fullmatch(given) or title_re.fullmatch(family):
            continue
        if not (is_surname(family) or is_given_name(given) or (len(family) == 1 and chinese_surname(family))):
            continue
        if free(spans, s, e):
            spans = replace_overlapping(spans, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "spaced"}))
    return spans


def extend_names(text: str, spans: list[Span]) -> list[Span]:
    """A person span cut inside its last word (廖 慶|榮, 范 巽|綠) runs to the word's end
    when a space, bracket or punctuation follows within two characters (a spaced name),
    or when the kana reading follows (范巽|綠(はん そんろく))."""
    out = []
    title_re = person_rules().title_re
    for s in spans:
        if s.end < len(text) and (text[s.end] in HONORIFIC_CHARS or title_re.match(text, s.end)):
            pass  # 田中 健太|氏, 鈴木 英敬|知事: the name is complete
        elif s.label == "PERSON" and s.component != "evidence":
            spaced = " " in text[s.start:s.end]
            e = s.end
            while e < len(text) and e - s.end < 2 and is_han(text[e]):
                e += 1
            ends = e == len(text) or text[e] in PRE_BOUNDARY or text[e] in "。"
            if e > s.end and ((spaced and ends) or _KANA_READING.match(text, e)):
                s = Span(s.start, e, s.label, s.component, s.source, attrs=dict(s.attrs))
        out.append(s)
    return out


HONORIFIC_CHARS = "氏様君殿"
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


def person_ok(name: str) -> bool:
    """A name before a title: a Chinese surname alone (蕭), or a plausible name that
    starts with a family name (黄茂雄, 三島良直)."""
    if len(name) == 1:
        return chinese_surname(name)
    return plausible_person(name) and (is_surname(name[:2]) or is_surname(name[:1]) or chinese_surname(name[0]))


def _rule_org_at(spans: list[Span], start: int, end: int) -> bool:
    """Exactly [start, end) is an organisation of the rules or the model (楊文科 for its 科),
    which a name with its reading and title (楊文科(ヨウブンカ)県長) overrides."""
    clash = [s for s in spans if s.start < end and start < s.end]
    return bool(clash) and all((s.start, s.end) == (start, end) and s.label == "ORG"
                               and s.component in ("orgs", "model") for s in clash)


def titled_names(text: str, spans: list[Span]) -> list[Span]:
    """Names a title follows across a reading or a middle dot, as Japanese writes foreign
    dignitaries: ``廖(リャオ)学長`` (name and reading), ``黄茂雄・栄誉会長``,
    ``郭台銘・鴻海精密工業董事長``, ``蕭・前副総統``; and a known family name that the
    gazetteer took for a place before a personal title (三島|学長, but 三重県|知事)."""
    out = list(spans)
    title_re = person_rules().title_re
    for m in _READING_TITLE.finditer(text):
        name = m.group(1)
        if _titled_at(text, m.end()) and person_ok(name) and not (m.start() and is_han(text[m.start() - 1])):
            for k in (1, 2):
                if free(out, m.start(k), m.end(k)) or _rule_org_at(out, m.start(k), m.end(k)):
                    out = replace_overlapping(out, Span(m.start(k), m.end(k), "PERSON", "persons", "rule", attrs={"ja": "titled"}))
    for m in _DOT_TITLE.finditer(text):
        s, e = m.span(1)
        if s and is_han(text[s - 1]) and not any(o.end == s and o.label != "PERSON" for o in out):
            continue
        if _titled_at(text, m.end(), reach=12) and person_ok(m.group(1)) and free(out, s, e):
            out = replace_overlapping(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "titled"}))
    for o in list(out):
        t = title_re.match(text, o.end)
        if (o.label == "GPE" and t and not t.group(0).startswith(PLACE_HEAD_TITLES)
                and is_surname(text[o.start:o.end]) and not o.attrs.get("country")):
            out = replace_overlapping(out, Span(o.start, o.end, "PERSON", "persons", "rule", attrs={"title": t.group(0)}))
    return sorted(out, key=lambda x: x.start)


# Words that modify a title (副首相, 前大統領, 元大使, 次期大統領).
_TITLE_MODIFIERS = ("次期", "副", "前", "元")
# A katakana word on its own (not one of several joined by ・, which the rules above read).
_KATAKANA_WORD = re.compile(r"(?<![ァ-ヺー・･])([ァ-ヺー]{2,12})(?![・･])")


def _foreign_name_word(word: str) -> bool:
    """A katakana word that can only be a name: unknown to the dictionary (ソムキット, リムシャ)
    or known only as a person's name (ズン); not a common noun, a place or a company
    (プロジェクト部長, ドイツ大使, トヨタ社長)."""
    entries = [m.part_of_speech() for m in sudachi_dictionary().lookup(word)]
    if entries:
        return all(p[2] == "人名" for p in entries)
    # unknown as a whole: a name when no part of it is a known word of three or more
    # characters (not プロジェクト|ニッポン)
    parts = list(_sudachi().tokenize(word))
    return len(word) >= 3 and (len(parts) == 1 or all(
        m.is_oov() or m.part_of_speech()[2] == "人名" or len(m.surface()) < 3 for m in parts))


def katakana_titled_names(text: str, spans: list[Span]) -> list[Span]:
    """A foreign person written as one katakana word and followed by a title, as Japanese
    writes foreign dignitaries (タイ王国ソムキット副首相, 在日ドイツ大使館のリムシャ公使); not
    before a title that heads a place (トリアー市長: the mayor of Trier)."""
    out = list(spans)
    title_re = person_rules().title_re
    for m in _KATAKANA_WORD.finditer(text):
        s, e = m.span(1)
        lead = next((w for w in _TITLE_MODIFIERS if text.startswith(w, e)), "")
        title = title_re.match(text, e + len(lead))
        if title is None or title.group(0).startswith(PLACE_HEAD_TITLES) or not _foreign_name_word(m.group(1)):
            continue
        new = Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "katakana_titled", "title": lead + title.group(0)})
        if all(not o.overlaps(new) or o.label == "PERSON" or o.component == "model" for o in out):
            out = replace_overlapping(out, new)  # over the model's other reading, not a known name
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
            chinese = len(name) == 3 and chinese_surname(name[0]) and _switch("chinese_honorific")
            if text[s] == " " or not (chinese or any(is_surname(name.split()[0][:k]) for k in (1, 2, 3))):
                continue
            if plausible_person(name) and free(out, s, e):
                out = replace_overlapping(out, Span(s, e, "PERSON", "persons", "rule", attrs={"title": m.group(0)}))
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
            if 2 <= len(piece) <= 5 and (is_surname(piece) or person_ok(piece)) and all(
                    not (o.start < e and s < o.end) or yields(o) for o in out):
                out = replace_overlapping(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "contact"}))
            pos = e
    return out


def yields(o: Span) -> bool:
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
        if free(out, m.start(1), m.end(1), ()):
            out.append(Span(m.start(1), m.end(1), "PERSON", "persons", "rule", attrs={"ja": "reading"}))
    return sorted(out, key=lambda s: s.start)


def person_guard(text: str, spans: list[Span]) -> list[Span]:
    """Drop person spans of the rules and the model that no name morpheme supports."""
    return [s for s in spans if s.label != "PERSON" or s.component == "evidence"
            or plausible_person(text[s.start:s.end])]


def _switch(name: str) -> bool:
    return name in load_config()["persons"].get("ja_text_rules", [])


_ITEM = re.compile(rf"(?<=[(（、,，:：\n 　])({_HAN}{{2,4}})(?=[)）、,，\n])")


def _enumerations(text: str) -> list[list[tuple[int, int]]]:
    """Runs of two or more short kanji items separated by 、 or a comma (蘇嘉全、曹啟鴻、潘孟安)."""
    items = [m.span(1) for m in _ITEM.finditer(text)]
    return linked_runs(items, lambda a, b: b if text[a[1]:b[0]] in ("、", "，", ",") else None, lambda it: it)


def listed_names(text: str, spans: list[Span]) -> list[Span]:
    """An enumeration whose items are mostly persons (蘇嘉|全、曹啟鴻、潘孟|安) lists persons:
    a person cut inside its item runs to the item's end, and the other items that start
    with a family name are persons too."""
    if not _switch("listed_names"):
        return spans
    out = list(spans)
    title_re = person_rules().title_re
    for run in _enumerations(text):
        started = [it for it in run if any(o.label == "PERSON" and o.start == it[0] and o.end <= it[1] for o in out)]
        if len(started) * 2 < len(run):
            continue
        for s, e in run:
            if not (family_first(text[s:e]) and plausible_person(text[s:e])) or title_re.search(text, s, e):
                continue  # 趙学長: a surname and a title, not a name
            if all(not (o.start < e and s < o.end) or yields(o) for o in out):
                out = replace_overlapping(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "listed"}))
    return out


def bracket_titles(text: str, spans: list[Span]) -> list[Span]:
    """A name followed by its unit and title in brackets, as attendee lines are written
    (林大同(国際組科長), 王小明（総務課 専員）): the name is a person."""
    if not _switch("bracket_titles"):
        return spans
    out = list(spans)
    title_re = person_rules().title_re
    for m in _BRACKET.finditer(text):
        s, e = m.span(1)
        inner = m.group(2).rstrip(" 　")
        if s and text[s - 1] not in PRE_BOUNDARY + "\n、。":
            continue
        if not any(t.end() == len(inner) for t in title_re.finditer(inner)):
            continue
        if person_ok(m.group(1)) and all(not (o.start < e and s < o.end) or yields(o) for o in out):
            out = replace_overlapping(out, Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "bracket"}))
    return out


_BRACKET = re.compile(rf"({_HAN}{{2,4}})[(（]([^()（）\n]{{1,20}})[)）]")
