"""Checks of the statistical models' PERSON spans, before they compete with the rules.

The models take for persons what only looks like a name in context:

* a photo position (左四副祕書長…: 左/右 and a numeral);
* a span starting with a word that joins titles or parties (飯島委員長|暨日方代表團);
* a trade name run into its company words (樂華|科技股份有限公司): the person ends where
  an organisation's legal or trade ending follows without a break;
* a span ending in such a word (麥格納國際, 華新電子);
* a span that another mention of the same document names as the head of a company
  (徐工 where 徐工集團 is an organisation): the organisation's short name;
* in Chinese text, a Chinese given name cut from its surname before a title or an
  honorific (中心詹|琤琦|老師): the span takes the surname back.

Each check is a switch in ``configs/ner.toml [persons] model_checks``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.kanji_names import anchor_re
from pipeline.ner.name_dict import chinese_surname, ja_family, ja_given
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.rules import ends_with_org_suffix
from pipeline.ner.spans import Span
from pipeline.ner.transliterated import is_transliterated
from pipeline.text.chars import is_han
from pipeline.text.fold import fold_chars

_POSITION = re.compile(r"[左右][一二三四五六七八九十起]+")
# Words that join titles or parties and never start a name (委員長|暨日方代表團).
_JOINERS = "暨兼及與与和"
# Words that end organisation names, never personal names (麥格納國際), folded.
_ORG_WORDS = ("国际", "集团", "公司")


@lru_cache(maxsize=1)
def _company_endings() -> tuple[str, ...]:
    """Legal forms and trade words of ``[orgs]`` and ``[guards]`` (股份有限公司, 科技, 電子),
    folded (matched in any script)."""
    cfg = load_config()
    words = set(cfg["orgs"]["company_words"]) | set(cfg["guards"].get("legal_suffixes", []))
    return tuple(sorted({fold_chars(w) for w in words}, key=len, reverse=True))


def _enabled(name: str) -> bool:
    return name in load_config()["persons"].get("model_checks", [])


def _keep(text: str, s: Span) -> bool:
    surface = text[s.start:s.end]
    if _enabled("positions") and _POSITION.fullmatch(surface):
        return False
    if _enabled("joiners") and surface[0] in _JOINERS:
        return False
    if _enabled("company_followers") and fold_chars(text[s.end:s.end + 6]).startswith(_company_endings()):
        return False
    if _enabled("company_followers") and fold_chars(surface).endswith(_company_endings() + _ORG_WORDS):
        return False
    return True


def _surname_back(text: str, s: Span, lang: str) -> Span:
    """詹|琤琦|老師 -> 詹琤琦: a two-character span not starting with a surname, right after a
    Chinese surname (itself after a non-name boundary or a unit) and right before a title."""
    if not (_enabled("surname_back") and lang.startswith("zh") and s.end - s.start == 2 and s.start > 0):
        return s
    surname = text[s.start - 1]
    if chinese_surname(text[s.start]) or not chinese_surname(surname):
        return s
    if not anchor_re().match(text, s.end):
        return s
    if s.start > 1 and is_han(text[s.start - 2]) and chinese_surname(text[s.start - 2]):
        return s  # two surname characters in a row: ambiguous
    return Span(s.start - 1, s.end, s.label, s.component, s.source, s.canonical, s.key, dict(s.attrs))


def _japanese_name(text: str, s: Span) -> bool:
    """A model ORG that is a Japanese full name: a family name of two or three characters and a
    known given name (安倍晋三, 木川田一隆), ending in no organisation or trade word."""
    surface = text[s.start:s.end]
    if not 3 <= len(surface) <= 6 or not all(is_han(c) for c in surface):
        return False
    if fold_chars(surface).endswith(_company_endings() + _ORG_WORDS) or ends_with_org_suffix(surface):
        return False
    return any(ja_family(surface[:k]) and ja_given(surface[k:]) for k in (2, 3) if len(surface) - k >= 1)


def check_model_persons(text: str, spans: list[Span], lang: str) -> list[Span]:
    """The model's spans with the PERSON spans above dropped or repaired, and (Chinese text)
    its ORG spans that are Japanese full names read as persons (``japanese_names``)."""
    out = []
    for s in spans:
        if s.label == "ORG" and _enabled("japanese_names") and lang.startswith("zh") and _japanese_name(text, s):
            s = replace(s, label="PERSON")
        if s.label == "PERSON" and s.end > s.start:
            if not _keep(text, s):
                continue
            if (place := _transliterated_place(text, s)) is not None:
                out.append(place)
                continue
            s = _surname_back(text, s, lang)
            out += _two_names(text, s)
            continue
        out.append(s)
    return out


def _transliterated_place(text: str, s: Span) -> Span | None:
    """A transliterated name with an administrative suffix is a foreign place (奥贝维利耶市,
    哈兹市), not a person; a Japanese name ending in 市 (村山富市) holds other characters."""
    surface = text[s.start:s.end]
    if len(surface) >= 3 and surface[-1] in "市州省" and is_transliterated(surface[:-1]):
        return replace(s, label="GPE")
    return None


_TWO_NAMES = re.compile(r"([\u4e00-\u9fff]{2,3}) ([\u4e00-\u9fff]{2,3})")


def _two_names(text: str, s: Span) -> list[Span]:
    """Two Chinese names read as one across a space (聂金秀 李少辉) are two persons."""
    m = _TWO_NAMES.fullmatch(text, s.start, s.end)
    if m is None or not (chinese_surname(m.group(1)[0]) and chinese_surname(m.group(2)[0])):
        return [s]
    return [replace(s, end=m.end(1)), replace(s, start=m.start(2))]


def org_short_names(texts: list[str], spans: list[list[Span]]) -> list[list[Span]]:
    """Model PERSON spans whose surface heads an organisation of the same document that
    ends in a company word (徐工 | 徐工集團, 欣旺達 | 欣旺達電子股份有限公司) become ORG: a
    company is referred to by its trade name alone."""
    if not _enabled("org_short_names"):
        return spans
    heads: set[str] = set()
    for text, ss in zip(texts, spans, strict=True):
        for o in ss:
            if o.label == "ORG":
                f = fold_chars(text[o.start:o.end])
                for k in range(2, len(f) - 1):
                    if f[k:].startswith(_company_endings() + _ORG_WORDS):
                        heads.add(f[:k])
    out = []
    for text, ss in zip(texts, spans, strict=True):
        out.append([Span(s.start, s.end, "ORG", s.component, s.source, attrs={"short_name": True})
                    if s.label == "PERSON" and s.component == "model" and fold_chars(text[s.start:s.end]) in heads
                    else s for s in ss])
    return out


def bare_places_in_titled_persons(text: str, spans: list[Span]) -> list[Span]:
    """Candidates without the short place names (``bare`` spans: 山口, 舟山) that open a model's
    person written next to a title (會長|山口宜洋, 山口宜洋|會長): the family name, not the place.
    A bare place otherwise outranks the model; a title is the evidence it lacks."""
    bare = [b for b in spans if b.component == "bare"]
    if not bare:
        return spans  # most texts: no title tests for the model's persons
    title_re = person_rules().title_re
    titled = [s for s in spans if s.component == "model" and s.label == "PERSON" and (
        title_ends_at(text, s.start, reach=8) or title_re.match(text, s.end) is not None)]
    opened = {id(b) for b in bare if any(p.start == b.start and b.end < p.end for p in titled)}
    return [s for s in spans if id(s) not in opened]
